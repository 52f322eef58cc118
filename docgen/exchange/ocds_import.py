"""An award record skeleton from an OCDS release package (`docgen import-ocds`).

The releases of the package are compiled in date order (later values win): the tender, its
Lots and items, the parties and the awards. What OCDS publishes (title, reference, ocid, CPV
codes, dates, values, Lots, suppliers per Lot) fills the record; what it does not (scores,
appointment rules, the signatory, contacts) is left empty with a `# TODO` comment, so the
record does not validate until a person has completed it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen.build.writer import atomic_write
from docgen.errors import UsageError
from docgen.exchange.ocds_input import read_package
from docgen.exchange.skeletons import check_slug
from docgen.models.common import LOT_LABEL

Json = dict[str, Any]
ACT_IN_FORCE = dt.date(2025, 2, 24)
HEADER = (
    "Imported from an OCDS release package by `docgen import-ocds`.\n"
    "It does not validate yet: complete every line marked TODO (scores, appointment rules,\n"
    "the signatory and the bidders' contacts are not published in OCDS), then run\n"
    "`docgen validate` with the council's record."
)


def compile_releases(package: Json) -> Json:
    """One view of the releases: later tender fields, parties and awards replace earlier ones."""
    releases = sorted(package["releases"], key=lambda r: str(r.get("date", "")))
    out: Json = {"ocid": releases[-1].get("ocid"), "tender": {}, "parties": {}, "awards": {}}
    for release in releases:
        out["tender"] |= release.get("tender") or {}
        for party in release.get("parties") or []:
            out["parties"][party.get("id")] = party
        for award in release.get("awards") or []:
            out["awards"][award.get("id")] = award
        out.setdefault("first_date", release.get("date"))
    return out


def award_record(package: Json, record_id: str | None = None) -> tuple[str, str]:
    """(the record's id, its YAML text with TODO comments)."""
    data = compile_releases(package)
    tender = data["tender"]
    rid = check_slug(record_id) if record_id else slug(tender.get("title") or data["ocid"] or "")
    suppliers = _suppliers(data)
    root = CommentedMap()
    root.yaml_set_start_comment(HEADER)
    root["kind"] = "award"
    root["id"] = rid
    _set(root, "council", None, f"TODO: the council record's id (buyer: {_buyer(data)})")
    root["title"] = tender.get("title") or "TODO"
    root["service_description"] = tender.get("description") or ""
    root["procurement"] = _procurement(data)
    root["notification"] = _notification(data)
    root["contract"] = _contract(data)
    root["criteria"] = _criteria(tender)
    root["bidders"] = CommentedSeq(_bidder(p) for p in suppliers.values())
    _lots_or_bids(root, data, suppliers)
    return rid, _dump(root)


def slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return words[:63].rstrip("-") or "imported-award"


# ---- sections ----


def _procurement(data: Json) -> CommentedMap:
    tender = data["tender"]
    first = _date((tender.get("tenderPeriod") or {}).get("startDate") or data.get("first_date"))
    out = CommentedMap()
    out["reference"] = str(tender.get("id") or data["ocid"])
    out["ocid"] = data["ocid"]
    regime = "pcr2015" if first and first < ACT_IN_FORCE else "pa2023"
    _set(out, "regime", regime, "TODO: check (pcr2015 if the first notice was before 24 Feb 2025)")
    _set(out, "light_touch", False, "TODO: true for social and other specific services")
    out["procedure"] = tender.get("procurementMethodDetails") or _procedure(tender)
    out["cpv"] = CommentedSeq(_cpv(tender))
    _set(out, "first_notice", first, "TODO: check: when the first contract notice was submitted")
    out["tender_deadline"] = _date((tender.get("tenderPeriod") or {}).get("endDate"))
    return out


def _notification(data: Json) -> CommentedMap:
    dates = sorted(str(a.get("date")) for a in data["awards"].values() if a.get("date"))
    out = CommentedMap()
    _set(out, "send_date", _date(dates[0]) if dates else None, "TODO: when letters are sent")
    out["electronic"] = True
    _set(out, "standstill", "mandatory", "TODO: mandatory, voluntary or none")
    _set(out, "signatory", None, "TODO: the officer id who signs the letters")
    return out


def _contract(data: Json) -> CommentedMap:
    tender = data["tender"]
    period: Json = tender.get("contractPeriod") or next(
        (a.get("contractPeriod") for a in data["awards"].values() if a.get("contractPeriod")), {}
    )
    start, end = _date(period.get("startDate")), _date(period.get("endDate"))
    longest = _date(period.get("maxExtentDate")) or end
    initial, most = _years(start, end), _years(start, longest)
    total = _decimal((tender.get("value") or {}).get("amount"))
    out = CommentedMap()
    framework = len(data["awards"]) > 1 or any(
        len(a.get("suppliers") or []) > 1 for a in data["awards"].values()
    )
    _set(out, "kind", "framework" if framework else "contract", "TODO: check")
    _set(out, "initial_years", _number(initial), "TODO: check")
    extra = [_number(most - initial)] if initial and most and most > initial else []
    _set(out, "extensions_years", CommentedSeq(extra), "TODO: each optional extension, in years")
    _set(out, "max_years", _number(most), "TODO: initial_years plus extensions_years")
    out["start"] = start
    annual = (total / most).quantize(Decimal("0.01")) if total and most else None
    _set(out, "annual_value", _number(annual), "TODO: check: total_value / max_years")
    out["total_value"] = _number(total)
    return out


def _criteria(tender: Json) -> CommentedSeq:
    """Lot award criteria (FTS style), else awardCriteriaDetails, else one TODO criterion."""
    found = [
        (str(c.get("name") or c.get("type") or "criterion"), c)
        for lot in tender.get("lots") or []
        for c in (lot.get("awardCriteria") or {}).get("criteria") or []
    ]
    pairs = [
        (name, _decimal(c.get("description")), _kind(name, c.get("type"))) for name, c in found
    ]
    pairs += [
        (name, weight, _kind(name)) for name, weight in _details(tender.get("awardCriteriaDetails"))
    ]
    out, seen = CommentedSeq(), set()
    for name, weight, kind in pairs:
        if slug(name) not in seen:
            seen.add(slug(name))
            entry = CommentedMap(id=slug(name), name=name, kind=kind)
            _set(entry, "weight", _number(weight), "TODO: check")
            out.append(entry)
    if not out:
        todo = CommentedMap(id="quality", name="Quality", kind="quality", weight=None)
        todo.yaml_add_eol_comment(
            "TODO: the award criteria and weights (not in the package)", "weight"
        )
        out.append(todo)
    return out


def _details(text: Any) -> list[tuple[str, Decimal | None]]:
    """'Quality: 60%; Price: 40%' (as `docgen ocds` writes awardCriteriaDetails) as pairs."""
    found = []
    for part in str(text or "").split(";"):
        name, _, weight = part.rpartition(":")
        if name.strip() and _decimal(weight) is not None:
            found.append((name.strip(), _decimal(weight)))
    return found


def _kind(name: str, ocds_type: Any = None) -> str:
    text = name.casefold()
    if ocds_type in {"price", "cost"} or "price" in text or "cost" in text:
        return "price"
    return "social_value" if "social value" in text else "quality"


def _lots_or_bids(root: CommentedMap, data: Json, suppliers: dict[str, Json]) -> None:
    lots = data["tender"].get("lots") or []
    if not lots:
        _set(root, "appointment", None, "TODO: {method: top_n, n: 1} or a threshold")
        root["bids"] = _bids(data, None, suppliers)
        return
    out = CommentedSeq()
    for index, lot in enumerate(lots, start=1):
        entry = CommentedMap()
        number = _lot_number(lot.get("id"), index)
        _set(entry, "number", number, f"OCDS lot id {lot.get('id')!r}")
        entry["title"] = lot.get("title") or f"Lot {number}"
        entry["description"] = lot.get("description") or ""
        if lot.get("status") in {"cancelled", "unsuccessful"}:
            entry["status"] = "cancelled"
            _set(entry, "cancelled_reason", None, "TODO: why the Lot was cancelled")
        else:
            _set(entry, "appointment", None, "TODO: {method: top_n, n: N} or a threshold")
        entry["bidders"] = _bids(data, str(lot.get("id")), suppliers)
        out.append(entry)
    root["lots"] = out


def _bids(data: Json, lot: str | None, suppliers: dict[str, Json]) -> CommentedSeq:
    out = CommentedSeq()
    for award in data["awards"].values():
        related = [str(x) for x in award.get("relatedLots") or []]
        if lot is not None and lot not in related:
            continue
        for ref in award.get("suppliers") or []:
            party = suppliers.get(str(ref.get("id"))) or ref
            bid = CommentedMap(bidder=_bidder_id(party))
            _set(bid, "scores", CommentedMap(), "TODO: a score for every criterion")
            bid["outcome"] = (
                "appointed" if award.get("status") != "unsuccessful" else "unsuccessful"
            )
            out.append(bid)
    return out


def _bidder(party: Json) -> CommentedMap:
    out = CommentedMap()
    out["id"] = _bidder_id(party)
    out["name"] = party.get("name") or "TODO"
    lines = _address_lines(party.get("address") or {})
    _set(out, "address", CommentedSeq(lines) if lines else None, None if lines else "TODO")
    number = _company_number(party)
    if number:
        out["company_number"] = number
    contact = CommentedMap(name=(party.get("contactPoint") or {}).get("name"))
    contact.yaml_add_eol_comment("TODO: the person letters go to", "name")
    out["contact"] = contact
    return out


# ---- small readers ----


def _suppliers(data: Json) -> dict[str, Json]:
    parties = data["parties"]
    found = {pid: p for pid, p in parties.items() if "supplier" in (p.get("roles") or [])}
    for award in data["awards"].values():
        for ref in award.get("suppliers") or []:
            found.setdefault(str(ref.get("id")), parties.get(ref.get("id")) or ref)
    return found


def _buyer(data: Json) -> str:
    buyer: Json = next(
        (p for p in data["parties"].values() if "buyer" in (p.get("roles") or [])), {}
    )
    return str(buyer.get("name") or "not named")


def _bidder_id(party: Json) -> str:
    return slug(str(party.get("name") or party.get("id") or "bidder"))


def _company_number(party: Json) -> str | None:
    for ident in [party.get("identifier") or {}, *(party.get("additionalIdentifiers") or [])]:
        if ident.get("scheme") == "GB-COH" and ident.get("id"):
            return str(ident["id"])
    match = re.match(r"^GB-COH-(\w+)$", str(party.get("id") or ""))
    return match.group(1) if match else None


def _address_lines(address: Json) -> list[str]:
    keys = ("streetAddress", "locality", "region", "postalCode")
    return [str(address[k]) for k in keys if address.get(k)]


def _cpv(tender: Json) -> list[str]:
    codes = []
    for item in tender.get("items") or []:
        for c in [item.get("classification") or {}, *(item.get("additionalClassifications") or [])]:
            if c.get("scheme") == "CPV" and c.get("id") and str(c["id"]) not in codes:
                codes.append(str(c["id"]))
    return codes


def _procedure(tender: Json) -> str:
    method = tender.get("procurementMethod")
    names = {"open": "open procedure", "selective": "restricted procedure"}
    return names.get(str(method), "TODO")


def _lot_number(lot_id: Any, index: int) -> int | str:
    """The Lot's number from its OCDS id ("LOT-0002", "2"), else the id as a label when it
    reads as one ("1a", "North"), else its position."""
    match = re.search(r"(?<![0-9])0*([0-9]{1,3})$", str(lot_id))
    if match and int(match.group(1)) > 0:
        return int(match.group(1))
    return str(lot_id) if LOT_LABEL.fullmatch(str(lot_id)) else index


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _years(start: dt.date | None, end: dt.date | None) -> Decimal | None:
    if not start or not end:
        return None
    return (Decimal((end - start).days + 1) / Decimal("365.25")).quantize(Decimal("0.01"))


def _decimal(value: Any) -> Decimal | None:
    """A finite amount or weight below a million million, else None (left as a TODO); the
    size is read from the exponent, as arithmetic on 1e999999999 overflows."""
    try:
        found = Decimal(str(value).strip().rstrip("%")) if value is not None else None
    except InvalidOperation:
        return None
    return found if found is not None and found.is_finite() and found.adjusted() < 12 else None


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _set(node: CommentedMap, key: str, value: Any, comment: str | None) -> None:
    node[key] = value
    if comment:
        node.yaml_add_eol_comment(comment, key)


def _dump(root: CommentedMap) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # no folded lines (ruamel leaves a space at the end of each fold)
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(root, out)
    return out.getvalue()


def import_ocds(
    package: Path, out_dir: Path | None = None, record_id: str | None = None
) -> tuple[Path, str]:
    """Write the skeleton to <out>/award.yaml (default records/<id>/); never overwrites."""
    rid, text = award_record(read_package(package), record_id)
    target = (out_dir or Path("records") / rid) / "award.yaml"
    if target.exists():
        raise UsageError(f"{target} already exists: import-ocds never overwrites a file")
    atomic_write(target, text.encode())
    return target, rid
