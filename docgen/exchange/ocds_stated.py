"""What an OCDS release says about the buyer, the procurement's notices and its value when the
record states them as councils do (docs/law.md §8.1, §9.2).

- **A council acting for another body** (``procurement.buyer``): the release's ``buyer`` and a
  party with the role ``buyer`` are that body; the council is a party with the role
  ``procuringEntity`` (party roles codelist:
  https://standard.open-contracting.org/1.1/en/schema/codelists/#party-role).
- **The framework of a call-off** (``framework.ocid``) is a ``relatedProcesses`` entry with the
  relationship ``framework`` (docs/law.md §9).
- **Further notices of one procurement** (``procurement.ocids``): each is a ``relatedProcesses``
  entry with scheme ``ocid``; no relationship code is given, as none of the codelist's
  (framework, parent, prior, …) says "the same procurement, another notice".
- **What tender.value is**: an estimate or nil (``value_basis``), or a placeholder in the
  published notice (``notice_value_placeholder``), in words in ``tender.valueDetails``, an
  additional field (OCDS allows fields beyond the schema; the value object itself has only an
  amount and a currency).
"""

from __future__ import annotations

from typing import Any

from docgen.exchange.names import slug
from docgen.models import Award, CallOff, Council

Json = dict[str, Any]


def buyers(award: Award, council: Council, own: Json) -> list[Json]:
    """The council; and the body it buys for, when it acts for another (then the council is the
    procuring entity and that body the buyer)."""
    buyer = award.procurement.buyer
    if buyer is None:
        return [own]
    body = buyer_reference(award, council) | {"roles": ["buyer"]}
    return [own | {"roles": ["procuringEntity"]}, body]


def buyer_reference(award: Award, council: Council) -> Json:
    buyer = award.procurement.buyer
    if buyer is None:
        return {"id": council.id, "name": council.name}
    return {"id": f"{council.id}-buyer-{slug(buyer.name)}", "name": buyer.name}


def related(award: Award, the_ocid: str) -> Json:
    """The framework a call-off is made under (relationship "framework", §9) and further notices
    of the same procurement (procurement.ocids), as related processes."""
    found: list[Json] = []
    framework = award.framework if isinstance(award, CallOff) else None
    if framework is not None and framework.ocid:
        title = f"{framework.name} ({framework.owner}, {framework.reference})"
        found.append(_process("framework", title, framework.ocid))
    title = f"Another notice of {award.title} ({award.procurement.reference})"
    found += [_process(None, title, i) for i in award.procurement.ocids if i != the_ocid]
    for n, process in enumerate(found, 1):
        process["id"] = str(n)
    return {"relatedProcesses": found} if found else {}


def _process(relationship: str | None, title: str, identifier: str) -> Json:
    out: Json = {"id": ""}
    if relationship:
        out["relationship"] = [relationship]
    return out | {"title": title, "scheme": "ocid", "identifier": identifier}


def value_details(award: Award) -> str | None:
    """What tender.value is, in words, when it is not simply the committed value: an estimate,
    nil, or a value the published notice gave only as a placeholder."""
    terms = award.contract
    parts = []
    if terms.value_basis == "estimated":
        parts.append("An estimated value: no spend is committed.")
    elif terms.value_basis == "zero":
        parts.append("The agreement has no value of its own: no spend is committed.")
    if terms.notice_value_placeholder and terms.notice_value is not None:
        parts.append(
            f"The published notice gave {format(terms.notice_value.normalize(), 'f')} GBP as a placeholder, not "
            f"the value of the award."
        )
    return " ".join(parts) or None
