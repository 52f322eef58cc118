"""Contract register rows for the Local Government Transparency Code 2015 (`docgen transparency`).

The Code (paragraphs 34-36, procurement information) asks English councils to publish, for every
contract, framework agreement or other agreement over £5,000: the reference number, title,
department responsible, description, supplier name and details, the sum to be paid over the
contract or the estimated annual spend, VAT that cannot be recovered, start, end and review
dates, whether it followed an invitation to quote or a published invitation to tender, and
whether the supplier is an SME and/or a VCSE (with its registration number).
https://www.gov.uk/government/publications/local-government-transparency-code-2015

Column titles follow the LGA's contracts register schema (schemas.opendata.esd.org.uk,
"Contracts"), as councils that publish with it number and name its columns (e.g. Norfolk County
Council's register notes: contract reference number, Open Contracting ID, contract type, CPV,
start, end and review dates, supplier registered company and charity numbers, SME supplier,
VCSE supplier). The schema page itself could not be read offline; where it was not seen, the
title is the Code's own words. docs/law.md §9.1 records this. The columns docgen cannot fill
(service category and Proclass URIs, document URLs) are left out rather than published blank.

**A value is never repeated per supplier.** The Code asks for "the sum to be paid over the length
of the contract": one sum per agreement. So an agreement with several suppliers (a framework, or
Lots) gets one agreement row holding the value and no supplier, then one row per appointed
supplier per Lot with the value columns blank: summing the value column gives each agreement's
value once. The records hold no per-supplier value (a price bid is what was scored, not what will
be spent under the framework), so no supplier row carries one. An agreement with a single
supplier is one row with both. SME, VCSE and charity number come from the bidder's record
(`sme`, `vcse`, `charity_number`) and are blank where it does not say; CPV codes from
procurement.cpv. transparency-schema.json, beside this module, is the Frictionless Table Schema of
this CSV (`table_schema()`); the tests validate the example pack's CSVs against it. The CSV is
UTF-8 with a byte order mark (so Excel reads Welsh letters) and CRLF line ends.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from docgen.checks.core import check_or_raise
from docgen.derive import terms as terms_dates
from docgen.derive.terms import add_months as add_months
from docgen.derive.units import ScoredBid, Unit, units
from docgen.errors import UsageError
from docgen.models import Award, Council
from docgen.models.award import Bidder
from docgen.records.loading import Records, find_record_files, load_records

VALUE = "Value of contract (GBP)"
ANNUAL = "Annual value (GBP)"
SUPPLIER = "Supplier name"
COLUMNS: tuple[tuple[str, str], ...] = (
    ("Organisation label", "The council publishing the register."),
    ("Contract reference number", "The council's procurement reference (procurement.reference)."),
    ("Open Contracting ID", "The OCID (procurement.ocid), where the record has one."),
    ("Title", "The title of the agreement."),
    (
        "Lot",
        "'Lot N: title' (or 'Lot 1a: title' for a labelled Lot) on a supplier row of a Lotted "
        "agreement; blank otherwise.",
    ),
    ("Description", "The Lot's description, else the award's service description."),
    ("Contract type", "contract, framework or approved list."),
    ("Department", "The council department responsible (the council's letterhead department)."),
    ("CPV codes", "The CPV codes of procurement.cpv, the main one first, separated by '; '."),
    ("Start date", "The first day of the agreement (YYYY-MM-DD, as every date here)."),
    ("End date", "The last day of the initial term."),
    (
        "Review date",
        "When the first extension falls to be decided: the end of the initial "
        "term; blank when there is no extension option.",
    ),
    ("Extension periods", "Each optional extension, 'start to end', separated by '; '."),
    ("Last extension date", "The last day if every extension is taken (the maximum term)."),
    (
        VALUE,
        "The estimated sum over the maximum term for the whole agreement, excluding VAT, "
        "on the agreement's row only; blank on a supplier row (never repeated per supplier).",
    ),
    (ANNUAL, "The estimated annual spend on the whole agreement, on the agreement's row only."),
    ("Irrecoverable VAT (GBP)", "Blank: not in the records."),
    (SUPPLIER, "The appointed supplier; blank on the row for a whole multi-supplier agreement."),
    ("Supplier registered company number", "Its Companies House number, where recorded."),
    ("Supplier registered charity number", "Its registered charity number, where recorded."),
    ("SME supplier", "Yes or No from the bidder's `sme`; blank where not recorded."),
    ("VCSE supplier", "Yes or No from the bidder's `vcse`; blank where not recorded."),
    ("Procedure", "The procurement procedure and the regulations it was run under."),
    (
        "Invitation",
        "'Published invitation to tender', 'Invitation to quote' or 'No invitation "
        "(direct award)', read from the procedure.",
    ),
)
HEADER = tuple(name for name, _ in COLUMNS)
Row = dict[str, str]


def award_and_council(award_path: Path, records: Path) -> tuple[Award, Council]:
    """The award in award_path and its council from under records, checked together.

    Shared by `docgen transparency` and `docgen ocds`, which need the council's name,
    address and department as well as the award.
    """
    loaded, mine = own_records(award_path, records)
    awards = [a for a in loaded.awards.values() if Path(loaded.source(a).path).resolve() in mine]
    if len(awards) != 1:
        raise UsageError(f"{award_path}: expected one award record (found {len(awards)})")
    return awards[0], council_of(loaded, awards[0].council, records)


def own_records(award_path: Path, records: Path) -> tuple[Records, set[Path]]:
    """The records of award_path and those under records (if it exists), loaded and checked
    together, with award_path's own files: where to look for the one award it names."""
    mine = {p.resolve() for p in find_record_files([award_path])}
    files = set(mine)
    if records.exists():
        files |= {p.resolve() for p in find_record_files([records])}
    loaded = load_records(sorted(files))
    check_or_raise(loaded)
    return loaded, mine


def council_of(loaded: Records, council: str, records: Path) -> Council:
    """An award's council record; a usage error naming the folder when it is not there."""
    found = loaded.councils.get(council)
    if found is None:
        raise UsageError(
            f"no council record {council!r} under {records}: give --records with the "
            f"folder that holds it"
        )
    return found


def register_rows(award: Award, council: Council) -> list[Row]:
    """The agreement's row (with its value), then one row per appointed supplier per Lot.

    An agreement with a single supplier is one row holding both.
    """
    agreement = _agreement(award, council)
    suppliers = [
        agreement | _unit(award, unit) | _supplier(scored)
        for unit in units(award)
        for scored in unit.appointed
    ]
    terms = award.contract
    annual = _money(terms.annual_value) if terms.annual_value is not None else ""
    value = {VALUE: _money(terms.total_value), ANNUAL: annual}
    if len(suppliers) == 1 and not award.lots:
        rows = [suppliers[0] | value]
    else:
        rows = [agreement | {"Description": award.service_description} | value, *suppliers]
    return [{name: row.get(name, "") for name in HEADER} for row in rows]


def unrecorded_status(award: Award) -> list[str]:
    """A line for each appointed supplier whose SME or VCSE status the record does not give."""
    appointed = {s.bidder.id for unit in units(award) for s in unit.appointed}
    lines = []
    for bidder in award.bidders:
        missing = [name for name in ("sme", "vcse") if getattr(bidder, name) is None]
        if bidder.id in appointed and missing:
            lines.append(
                f"{bidder.name}: {' and '.join(missing)} not recorded, published blank "
                f"(set bidders[].{missing[0]} to true or false)"
            )
    return lines


def table_schema() -> dict[str, Any]:
    """The Frictionless Table Schema of the CSV (package data beside this module)."""
    text = (
        resources.files("docgen.exchange").joinpath("transparency-schema.json").read_text("utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


def to_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def _agreement(award: Award, council: Council) -> Row:
    terms, proc = award.contract, award.procurement
    initial_end = terms_dates.initial_end(terms)
    return {
        "Organisation label": council.name,
        "Contract reference number": proc.reference,
        "Open Contracting ID": "; ".join(i for i in [proc.ocid, *proc.ocids] if i),
        "Title": award.title,
        "Contract type": terms.kind.replace("_", " "),
        "Department": council.letterhead.department,
        "CPV codes": "; ".join(proc.cpv),
        "Start date": terms.start.isoformat(),
        "End date": initial_end.isoformat(),
        "Review date": initial_end.isoformat() if terms.extensions_in_months else "",
        "Extension periods": "; ".join(f"{a} to {b}" for a, b in extension_periods(award)),
        "Last extension date": terms_dates.max_end(terms).isoformat(),
        "Procedure": _procedure(award),
        "Invitation": _invitation(proc.procedure),
    }


def _unit(award: Award, unit: Unit) -> Row:
    description = unit.lot.description if unit.lot and unit.lot.description else ""
    return {
        "Lot": unit.name if unit.lot else "",
        "Description": description or award.service_description,
    }


def _supplier(scored: ScoredBid) -> Row:
    bidder: Bidder = scored.bidder
    return {
        SUPPLIER: bidder.name,
        "Supplier registered company number": bidder.company_number or "",
        "Supplier registered charity number": bidder.charity_number or "",
        "SME supplier": _yes_no(bidder.sme),
        "VCSE supplier": _yes_no(bidder.vcse),
    }


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("Yes" if flag else "No")


def extension_periods(award: Award) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of each optional extension, in order."""
    return terms_dates.extension_periods(award.contract)


def term_end(start: dt.date, years: Decimal) -> dt.date:
    """The last day of a term of years from start (to the nearest month): 4 years from
    6 October 2025 ends on 5 October 2029."""
    return terms_dates.end_after(start, years * 12)


def _money(amount: Decimal) -> str:
    return f"{amount:.2f}"


def _procedure(award: Award) -> str:
    proc = award.procurement
    regime = _REGIMES[proc.regime]
    light = ", light touch regime" if proc.light_touch else ""
    return f"{proc.procedure} ({regime}{light})"


_REGIMES = {"pcr2015": "Public Contracts Regulations 2015", "pa2023": "Procurement Act 2023"}


def _invitation(procedure: str) -> str:
    text = procedure.casefold()
    if "quot" in text:
        return "Invitation to quote"
    if "direct" in text:
        return "No invitation (direct award)"
    return "Published invitation to tender"
