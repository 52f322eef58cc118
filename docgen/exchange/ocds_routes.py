"""OCDS 1.1 for the routes that score no tenders (`docgen ocds` on their award records).

- **A direct award** is one release (tag "award"): a tender with `procurementMethod` "direct"
  (Procurement Act 2023 Schedule 5 or s43, or a call-off on a framework's terms) or "limited"
  (PCR 2015 reg 32, the negotiated procedure without prior publication), whose
  `procurementMethodRationale` is the legal ground and the council's justification, as the
  transparency notice states them (s44, reg 26); and one award to the supplier. The award is
  `pending` until the contract starts, then `active` (the record holds no standstill end of its
  own to judge by).
- **A modification** is a contract amendment (tag "contractAmendment"): the contract changed,
  with its value after the change, its new end date, and one `amendments[]` entry whose
  rationale is the legal ground and whose description is the council's account of the change,
  with the value before and after; the award it hangs on names the supplier.

An authority to procure and a decision not to award publish nothing here: the first has no
supplier yet, and the second's termination notice is not an OCDS award. Both are refused with a
message. docs/law.md §9, §11.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.derive import prose
from docgen.derive.grounds_text import change_ground, direct_ground
from docgen.documents.route_text import term_end
from docgen.errors import UsageError
from docgen.exchange.ocds import address, identifiers, make_ocid, package
from docgen.exchange.transparency import council_of, own_records
from docgen.models import Council, DirectAward, Modification, RouteAward
from docgen.models.award import Bidder
from docgen.models.routes import ROUTE_NAMES, award_route

Json = dict[str, Any]


def route_package(
    record: RouteAward,
    council: Council,
    prefix: str | None = None,
    uri: str | None = None,
    as_at: dt.date | None = None,
) -> Json:
    """The OCDS release package of a direct award or a modification."""
    if isinstance(record, DirectAward):
        the_ocid = make_ocid(record.procurement.ocid, record.id, prefix, "procurement.ocid")
        day = as_at or _direct_day(record)
        release = _direct(record, council, the_ocid, day)
    elif isinstance(record, Modification):
        the_ocid = make_ocid(
            record.contract_changed.ocid, record.id, prefix, "contract_changed.ocid"
        )
        published = record.change_notice.published if record.change_notice else None
        when = as_at or published
        if when is None:
            raise UsageError(
                f"modification {record.id!r} has no change_notice.published date: give --as-at"
            )
        release = _modification(record, council, the_ocid, when)
    else:
        raise UsageError(
            f"award {record.id!r} is {ROUTE_NAMES[award_route(record)]}: only a direct award or a "
            "modification is published as OCDS (an authority to procure has no supplier yet, "
            "and a decision not to award is told by its termination notice)"
        )
    return package(release, council, uri)


def _direct_day(record: DirectAward) -> dt.date:
    notice = record.notification
    if notice is not None and notice.can_published is not None:
        return notice.can_published
    if record.transparency_notice is not None:
        return record.transparency_notice.published
    return record.contract.start


# ---- direct award ----


def method(record: DirectAward) -> str:
    """'limited' for the 2015 Regulations' negotiated procedure without prior publication,
    'direct' for every other direct award."""
    return "limited" if record.basis == "pcr2015_reg32" else "direct"


def rationale(record: DirectAward) -> str:
    """The legal ground, then the council's justification as plain text."""
    words = prose.plain_text(prose.resolve(prose.parse(record.justification), _no_facts))
    ground = direct_ground(record)
    return f"Awarded directly under {ground}. {words}"


def _no_facts(placeholder: prose.Placeholder) -> str:
    raise UsageError(
        f"the record's prose cites {{{placeholder.name}}}, which OCDS cannot resolve: write "
        "the value out"
    )


def _direct(record: DirectAward, council: Council, the_ocid: str, day: dt.date) -> Json:
    terms = record.contract
    period = {
        "startDate": _datetime(terms.start),
        "endDate": _datetime(term_end(terms.start, terms.initial_in_months)),
        "maxExtentDate": _datetime(term_end(terms.start, terms.max_in_months)),
    }
    tender: Json = {"id": record.procurement.reference, "title": record.title}
    if record.service_description:
        tender["description"] = record.service_description
    tender |= {
        "status": "complete",
        "value": _value(terms.total_value),
        "procurementMethod": method(record),
        "procurementMethodDetails": _details(record),
        "procurementMethodRationale": rationale(record),
        "contractPeriod": period,
        "numberOfTenderers": 1,
    }
    if record.procurement.cpv:
        cpv = record.procurement.cpv
        item: Json = {"id": "1", "description": record.title}
        item["classification"] = {"scheme": "CPV", "id": cpv[0]}
        if len(cpv) > 1:
            item["additionalClassifications"] = [{"scheme": "CPV", "id": c} for c in cpv[1:]]
        tender["items"] = [item]
    supplier = _party(record.id, record.supplier)
    award: Json = {
        "id": f"{the_ocid}-award",
        "title": record.title,
        "status": "pending" if day < terms.start else "active",
        "date": _datetime(_direct_day(record)),
        "value": _value(terms.total_value),
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
        "contractPeriod": period,
    }
    return {
        "ocid": the_ocid,
        "id": f"{the_ocid}-award-{day.isoformat()}",
        "date": _datetime(day),
        "tag": ["award"],
        "initiationType": "tender",
        "language": "en",
        "parties": [_buyer(council), supplier],
        "buyer": {"id": council.id, "name": council.name},
        "tender": tender,
        "awards": [award],
    }


def _details(record: DirectAward) -> str:
    if record.basis == "pcr2015_reg32":
        return "Negotiated procedure without prior publication"
    if record.basis == "framework":
        return "Direct call-off under a framework agreement's terms"
    return "Direct award without a competitive tendering procedure"


# ---- modification ----


def _modification(record: Modification, council: Council, the_ocid: str, day: dt.date) -> Json:
    changed = record.contract_changed
    supplier = _party(record.id, record.supplier)
    award_id = f"{the_ocid}-award"
    description = prose.plain_text(prose.resolve(prose.parse(record.description), _no_facts))
    amendment: Json = {
        "id": f"{the_ocid}-amendment-{record.id}",
        "date": _datetime(day),
        "rationale": f"Modified under {change_ground(record)}.",
        "description": (
            f"{description} Value before the change: {_money(record.value_before)}; after: "
            f"{_money(record.value_after)}."
            + (
                f" End date moves from {changed.current_end.isoformat()} to "
                f"{record.new_end.isoformat()}."
                if record.new_end
                else ""
            )
        ),
    }
    contract: Json = {
        "id": changed.reference,
        "awardID": award_id,
        "title": changed.title,
        "status": "active",
        "value": _value(record.value_after),
        "period": {"endDate": _datetime(record.new_end or changed.current_end)},
        "amendments": [amendment],
    }
    return {
        "ocid": the_ocid,
        "id": f"{the_ocid}-amendment-{day.isoformat()}",
        "date": _datetime(day),
        "tag": ["contractAmendment"],
        "initiationType": "tender",
        "language": "en",
        "parties": [_buyer(council), supplier],
        "buyer": {"id": council.id, "name": council.name},
        "awards": [
            {
                "id": award_id,
                "title": changed.title,
                "status": "active",
                "date": _datetime(changed.awarded),
                "value": _value(changed.original_value),
                "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
            }
        ],
        "contracts": [contract],
    }


# ---- shared ----


def _buyer(council: Council) -> Json:
    contact: Json = {"name": council.letterhead.department}
    if council.letterhead.email:
        contact["email"] = council.letterhead.email
    return {
        "id": council.id,
        "name": council.name,
        "address": address(council.address),
        "roles": ["buyer", "procuringEntity"],
        "contactPoint": contact,
    }


def _party(record_id: str, bidder: Bidder) -> Json:
    found = identifiers(bidder)
    party_id = f"{found[0]['scheme']}-{found[0]['id']}" if found else f"{record_id}-{bidder.id}"
    party: Json = {"id": party_id, "name": bidder.name}
    if found:
        party["identifier"] = found[0] | {"legalName": bidder.name}
    if found[1:]:
        party["additionalIdentifiers"] = found[1:]
    party["address"] = address(bidder.address)
    party["roles"] = ["supplier"]
    return party


def _value(amount: Decimal) -> Json:
    number = int(amount) if amount == amount.to_integral_value() else float(amount)
    return {"amount": number, "currency": "GBP"}


def _money(amount: Decimal) -> str:
    return f"£{amount:,.2f}".removesuffix(".00")


def _datetime(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def route_and_council(award_path: Path, records: Path) -> tuple[RouteAward, Council] | None:
    """The route award in award_path and its council, checked together; None when the file
    holds a scored award (competitive or call-off), which docgen.exchange.ocds exports."""
    loaded, mine = own_records(award_path, records)
    found = [
        a for a in loaded.route_awards.values() if Path(loaded.source(a).path).resolve() in mine
    ]
    if len(found) != 1:
        return None
    return found[0], council_of(loaded, found[0].council, records)
