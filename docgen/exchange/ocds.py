"""An award as an OCDS 1.1 release package (`docgen ocds`), with the Lots extension.

One release (tag "award") whose ocid is the record's procurement.ocid, or "<prefix>-<award id>"
for a stated prefix. The tender lists each Lot (id = the Lot number as text, title,
description, status), the value and the award criteria; the parties are the buyer (the council)
and the appointed suppliers; there is one award per Lot with appointed suppliers, naming them
and the Lot in relatedLots. Unsuccessful bidders are not published.

**Award status** follows the closed awardStatus codelist: `pending` while the award "is subject
to standstill" and `active` once it is in force. The release is a statement "as at" its date, so
the status is judged on that date: `pending` up to and including the standstill's last day
(it ends at midnight at its end, docs/law.md §5), `active` from the next day, and `active` at
once when no standstill applies. The release date is the day the letters are sent unless an
"as at" date is given (`docgen ocds --as-at`), so the output is the same every time.

**Organisation identifiers** (org-id.guide schemes): GB-COH (Companies House) for a company
number, GB-CHC, GB-SC or GB-NIC for a charity number registered in England and Wales, Scotland
or Northern Ireland, and GB-PPON for a Public Procurement Organisation Number. The first of these
the record holds, in that order, is parties[].identifier and makes the party's id
("GB-COH-05587238"); the others go in additionalIdentifiers. A supplier with none gets a local id.

Schema: https://standard.open-contracting.org/1.1/en/schema/release/ ; Lots:
https://github.com/open-contracting-extensions/ocds_lots_extension (tests/fixtures/ocds holds the
1.1.5 schemas and the Lots extension's release-schema patch the tests merge into them).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

from docgen.derive.terms import initial_end, max_end
from docgen.derive.units import Unit, units
from docgen.documents.award_letter import standstill_for
from docgen.errors import UsageError
from docgen.exchange import ocds_stated as stated
from docgen.models import Award, Council
from docgen.models.award import Bidder

LOTS_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/"
    "master/extension.json"
)
_PREFIX = re.compile(r"^ocds-[a-z0-9]{6}$")
_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$")
Json = dict[str, Any]


def ocid(award: Award, prefix: str | None = None) -> str:
    """The record's ocid, or one made from a registered prefix and the award's id."""
    return make_ocid(award.procurement.ocid, award.id, prefix, "procurement.ocid")


def make_ocid(recorded: str | None, record_id: str, prefix: str | None, field: str) -> str:
    """The ocid a record holds (in field), or "<prefix>-<record id>" for a registered prefix."""
    if recorded:
        return recorded
    if prefix is None:
        raise UsageError(
            f"award {record_id!r} has no {field}: give --ocid-prefix, your registered "
            f"OCDS prefix (e.g. ocds-a1b2c3), to make one"
        )
    if not _PREFIX.match(prefix):
        raise UsageError(f"--ocid-prefix must look like ocds-a1b2c3 (got {prefix!r})")
    return f"{prefix}-{record_id}"


def release_package(
    award: Award,
    council: Council,
    prefix: str | None = None,
    uri: str | None = None,
    as_at: dt.date | None = None,
) -> Json:
    """The OCDS release package of an award as at a date (default: the letters' send date)."""
    release = _release(award, council, ocid(award, prefix), as_at or award.notification.send_date)
    return package(release, council, uri)


def package(release: Json, council: Council, uri: str | None) -> Json:
    """One release in a package published by the council (at uri, if given)."""
    found: Json = {"uri": uri} if uri else {}
    return found | {
        "version": "1.1",
        "extensions": [LOTS_EXTENSION],
        "publishedDate": release["date"],
        "publisher": {"name": council.name},
        "releases": [release],
    }


def to_json(package: Json) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def award_status(award: Award, council: Council, as_at: dt.date) -> str:
    """'pending' until the standstill has ended (its last day included), then 'active'."""
    try:
        standstill = standstill_for(award, council)
    except ValueError as exc:
        raise UsageError(f"{exc}; the award's OCDS status depends on it") from exc
    return "pending" if standstill is not None and as_at <= standstill.ends else "active"


def _release(award: Award, council: Council, the_ocid: str, as_at: dt.date) -> Json:
    day = _datetime(award.notification.send_date)
    status = award_status(award, council, as_at)
    awards = [_award(award, unit, the_ocid, day, status) for unit in units(award) if unit.appointed]
    return {
        "ocid": the_ocid,
        "id": f"{the_ocid}-award-{as_at.isoformat()}",
        "date": _datetime(as_at),
        "tag": ["award"],
        "initiationType": "tender",
        "language": "en",
        "parties": [
            *stated.buyers(award, council, _buyer(council)),
            *(_supplier(award, b) for b in appointed_bidders(award)),
        ],
        "buyer": stated.buyer_reference(award, council),
        **stated.related(award, the_ocid),
        "tender": _tender(award, bool(awards)),
        "awards": awards,
    }


def appointed_bidders(award: Award) -> list[Bidder]:
    """Every bidder appointed to at least one Lot, in the record's order."""
    chosen = {s.bidder.id for unit in units(award) for s in unit.appointed}
    return [b for b in award.bidders if b.id in chosen]


def party_id(award: Award, bidder: Bidder) -> str:
    """The party's id: its first organisation identifier, else one local to this award."""
    found = identifiers(bidder)
    if found:
        return f"{found[0]['scheme']}-{found[0]['id']}"
    return f"{award.id}-{bidder.id}"


def identifiers(bidder: Bidder) -> list[Json]:
    """The bidder's organisation identifiers (scheme and id), the preferred one first."""
    found: list[Json] = []
    if bidder.company_number:
        found.append({"scheme": "GB-COH", "id": bidder.company_number})
    if bidder.charity_number:
        found.append(_charity(bidder.charity_number))
    if bidder.ppon:
        found.append({"scheme": "GB-PPON", "id": bidder.ppon})
    return found


def _charity(number: str) -> Json:
    """A charity number under its regulator's org-id scheme."""
    if number.startswith("SC"):
        return {"scheme": "GB-SC", "id": number}
    if number.startswith("NIC"):
        return {"scheme": "GB-NIC", "id": number.removeprefix("NIC")}
    return {"scheme": "GB-CHC", "id": number}


def lot_id(unit: Unit) -> str:
    """The Lot's number or label as text: "2", "1a", "North"."""
    return str(unit.number)


# ---- parties ----


def _buyer(council: Council) -> Json:
    party: Json = {
        "id": council.id,
        "name": council.name,
        "address": address(council.address),
        "roles": ["buyer", "procuringEntity"],
    }
    contact = {"name": council.letterhead.department}
    if council.letterhead.email:
        contact["email"] = council.letterhead.email
    party["contactPoint"] = contact
    return party


def _supplier(award: Award, bidder: Bidder) -> Json:
    party: Json = {"id": party_id(award, bidder), "name": bidder.name}
    found = identifiers(bidder)
    if found:
        party["identifier"] = found[0] | {"legalName": bidder.name}
    if found[1:]:
        party["additionalIdentifiers"] = found[1:]
    party["address"] = address(bidder.address)
    party["roles"] = ["supplier"]
    return party


def address(lines: list[str]) -> Json:
    """UK address lines as an OCDS Address: street, locality, postal code."""
    rest = list(lines)
    postcode = ""
    match = _POSTCODE.search(rest[-1]) if rest else None
    if match:
        postcode = match.group(1)
        rest[-1] = rest[-1][: match.start()].strip(" ,")
        if not rest[-1]:
            rest.pop()
    out: Json = {}
    if len(rest) > 1:
        out["streetAddress"] = ", ".join(rest[:-1])
        out["locality"] = rest[-1]
    elif rest:
        out["streetAddress"] = rest[0]
    if postcode:
        out["postalCode"] = postcode
    out["countryName"] = "United Kingdom"
    return out


# ---- tender and awards ----


def _tender(award: Award, awarded: bool) -> Json:
    proc = award.procurement
    tender: Json = {"id": proc.reference, "title": award.title}
    if award.service_description:
        tender["description"] = award.service_description
    tender["status"] = "complete" if awarded else "unsuccessful"
    tender["value"] = _value(award.contract.total_value)
    details = stated.value_details(award)
    if details:
        tender["valueDetails"] = details  # an additional field (OCDS allows them): §9.2
    method = _method(proc.procedure)
    if method:
        tender["procurementMethod"] = method
    tender["procurementMethodDetails"] = proc.procedure
    tender["awardCriteria"] = _criteria_code(award)
    tender["awardCriteriaDetails"] = "; ".join(
        f"{c.name}: {_plain(c.weight)}%" for c in award.criteria
    )
    tender["tenderPeriod"] = {
        "startDate": _datetime(proc.first_notice),
        "endDate": _datetime(proc.tender_deadline),
    }
    tender["contractPeriod"] = contract_period(award)
    tender["numberOfTenderers"] = len({b.bidder for unit in units(award) for b in unit.bids})
    if proc.cpv:
        tender["items"] = [_item(award, unit, i) for i, unit in enumerate(units(award), 1)]
    if award.lots:
        tender["lots"] = [_lot(unit) for unit in units(award)]
    if award.lot_cap is not None:  # H6: the Lots extension's field (docs/law.md §6.3)
        most = award.lot_cap.max_lots_per_supplier
        tender["lotDetails"] = {"maximumLotsAwardedPerSupplier": most}
    return tender


def _item(award: Award, unit: Unit, number: int) -> Json:
    cpv = award.procurement.cpv
    item: Json = {"id": str(number), "description": unit.title}
    item["classification"] = {"scheme": "CPV", "id": cpv[0]}
    if len(cpv) > 1:
        item["additionalClassifications"] = [{"scheme": "CPV", "id": code} for code in cpv[1:]]
    if unit.lot:
        item["relatedLot"] = lot_id(unit)
    return item


def _lot(unit: Unit) -> Json:
    lot: Json = {"id": lot_id(unit), "title": unit.title}
    if unit.lot and unit.lot.description:
        lot["description"] = unit.lot.description
    if unit.is_cancelled:
        lot["status"] = "cancelled"
    else:
        lot["status"] = "complete" if unit.appointed else "unsuccessful"
    return lot


def _award(award: Award, unit: Unit, the_ocid: str, day: str, status: str) -> Json:
    out: Json = {
        "id": f"{the_ocid}-{unit.folder}" if unit.lot else f"{the_ocid}-award",
        "title": unit.name,
        "status": status,
        "date": day,
        "suppliers": [
            {"id": party_id(award, s.bidder), "name": s.bidder.name} for s in unit.appointed
        ],
        "contractPeriod": contract_period(award),
    }
    if unit.lot:
        out["relatedLots"] = [lot_id(unit)]
    else:
        out["value"] = _value(award.contract.total_value)
    return out


def contract_period(award: Award) -> Json:
    terms = award.contract
    return {
        "startDate": _datetime(terms.start),
        "endDate": _datetime(initial_end(terms)),
        "maxExtentDate": _datetime(max_end(terms)),
    }


def _criteria_code(award: Award) -> str:
    method = award.evaluation.method if award.evaluation else "weighted_sum"  # H6: §6.1
    if method in ("price_per_quality_point", "lowest_price_passing_quality"):
        return "ratedCriteria" if method == "price_per_quality_point" else "priceOnly"
    kinds = {c.kind for c in award.criteria}
    if kinds == {"price"}:
        return "priceOnly"
    return "qualityOnly" if "price" not in kinds else "ratedCriteria"


def _method(procedure: str) -> str | None:
    text = procedure.casefold()
    for word, method in (("open", "open"), ("restricted", "selective"), ("direct", "direct")):
        if word in text:
            return method
    if "negotiat" in text or "competitive" in text:
        return "selective"
    return None


def _value(amount: Decimal) -> Json:
    number = int(amount) if amount == amount.to_integral_value() else float(amount)
    return {"amount": number, "currency": "GBP"}


def _datetime(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
