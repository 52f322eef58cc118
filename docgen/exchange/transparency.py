"""Contract register rows for the Local Government Transparency Code 2015 (`docgen transparency`).

The Code (Part 2, procurement information) asks English councils to publish, for every
contract, framework agreement or other agreement over £5,000: the reference number, title,
department responsible, description, supplier name and details, the sum to be paid over the
contract or the estimated annual spend, VAT that cannot be recovered, start, end and review
dates, whether it followed an invitation to quote or a published invitation to tender, and
whether the supplier is an SME and/or a VCSE (with its registration number).
https://www.gov.uk/government/publications/local-government-transparency-code-2015

One row per appointed supplier per Lot (Lot order, then rank). COLUMNS documents each column;
what the records do not hold (charity number, irrecoverable VAT, SME, VCSE) is left blank rather
than guessed. Values are for the whole agreement: a framework's value is not split by supplier.
The CSV is UTF-8 with a byte order mark (so Excel reads Welsh letters) and CRLF line ends.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docgen.checks.core import check_or_raise
from docgen.derive.units import ScoredBid, Unit, units
from docgen.errors import UsageError
from docgen.models import Award, Council
from docgen.records.loading import find_record_files, load_records

COLUMNS: tuple[tuple[str, str], ...] = (
    ("Reference", "The council's procurement reference (procurement.reference)."),
    ("OCID", "The Open Contracting ID (procurement.ocid), where the record has one."),
    ("Title", "The title of the agreement."),
    ("Lot", "'Lot N: title'; blank for a contract without Lots."),
    ("Description", "The Lot's description, else the award's service description."),
    ("Department", "The council department responsible (the council's letterhead department)."),
    ("Supplier name", "The appointed supplier's name."),
    ("Supplier company number", "Its Companies House number, where the record has one."),
    ("Supplier charity number", "Blank: the records hold no charity numbers."),
    ("Agreement type", "contract, framework or approved list."),
    ("Start date", "The first day of the agreement (YYYY-MM-DD, as every date here)."),
    ("End date", "The last day of the initial term."),
    (
        "Review date",
        "When the first extension falls to be decided: the end of the initial "
        "term; blank when there is no extension option.",
    ),
    ("Extension periods", "Each optional extension, 'start to end', separated by '; '."),
    ("Latest end date", "The last day if every extension is taken (the maximum term)."),
    (
        "Total value (GBP)",
        "The estimated sum over the maximum term for the whole agreement "
        "(all suppliers and Lots together), excluding VAT.",
    ),
    ("Annual value (GBP)", "The estimated annual spend on the whole agreement."),
    ("Irrecoverable VAT (GBP)", "Blank: not in the records."),
    ("Procedure", "The procurement procedure and the regulations it was run under."),
    (
        "Invitation",
        "'Published invitation to tender', 'Invitation to quote' or 'No invitation "
        "(direct award)', read from the procedure.",
    ),
    ("SME", "Blank: whether the supplier is a small or medium-sized enterprise is not known."),
    (
        "VCSE",
        "Blank: whether the supplier is a voluntary or community sector organisation is not known.",
    ),
)
HEADER = tuple(name for name, _ in COLUMNS)
Row = dict[str, str]


def award_and_council(award_path: Path, records: Path) -> tuple[Award, Council]:
    """The award in award_path and its council from under records, checked together.

    Shared by `docgen transparency` and `docgen ocds`, which need the council's name,
    address and department as well as the award.
    """
    files = sorted({p.resolve() for p in find_record_files([award_path])})
    if records.exists():
        files = sorted({*files, *(p.resolve() for p in find_record_files([records]))})
    loaded = load_records(files)
    check_or_raise(loaded)
    mine = {p.resolve() for p in find_record_files([award_path])}
    awards = [a for a in loaded.awards.values() if Path(loaded.source(a).path).resolve() in mine]
    if len(awards) != 1:
        raise UsageError(f"{award_path}: expected one award record (found {len(awards)})")
    council = loaded.councils.get(awards[0].council)
    if council is None:
        raise UsageError(
            f"no council record {awards[0].council!r} under {records}: give --records with the "
            f"folder that holds it"
        )
    return awards[0], council


def register_rows(award: Award, council: Council) -> list[Row]:
    """One row per appointed supplier per Lot, in Lot order and then rank order."""
    shared = _agreement(award, council)
    rows = []
    for unit in units(award):
        for scored in unit.appointed:
            rows.append(shared | _unit(award, unit) | _supplier(scored))
    return [{name: row.get(name, "") for name in HEADER} for row in rows]


def to_csv(rows: list[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def _agreement(award: Award, council: Council) -> Row:
    terms, proc = award.contract, award.procurement
    initial_end = term_end(terms.start, terms.initial_years)
    return {
        "Reference": proc.reference,
        "OCID": proc.ocid or "",
        "Title": award.title,
        "Department": council.letterhead.department,
        "Agreement type": terms.kind.replace("_", " "),
        "Start date": terms.start.isoformat(),
        "End date": initial_end.isoformat(),
        "Review date": initial_end.isoformat() if terms.extensions_years else "",
        "Extension periods": "; ".join(f"{a} to {b}" for a, b in extension_periods(award)),
        "Latest end date": term_end(terms.start, terms.max_years).isoformat(),
        "Total value (GBP)": _money(terms.total_value),
        "Annual value (GBP)": _money(terms.annual_value),
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
    return {
        "Supplier name": scored.bidder.name,
        "Supplier company number": scored.bidder.company_number or "",
    }


def extension_periods(award: Award) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of each optional extension, in order."""
    terms = award.contract
    periods, years = [], terms.initial_years
    for extra in terms.extensions_years:
        first = term_end(terms.start, years) + dt.timedelta(days=1)
        years += extra
        periods.append((first, term_end(terms.start, years)))
    return periods


def term_end(start: dt.date, years: Decimal) -> dt.date:
    """The last day of a term of years from start (to the nearest month): 4 years from
    6 October 2025 ends on 5 October 2029."""
    months = int((years * 12).to_integral_value(rounding=ROUND_HALF_UP))
    return add_months(start, months) - dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month, months later (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


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
