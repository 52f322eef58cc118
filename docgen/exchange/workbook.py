"""The evaluation workbook of an award (`docgen export-workbook`): one sheet per Lot.

Each sheet: a title row, a note, then a header row (Bidder id, Bidder name, one column per
criterion with its weight as "(max 30)", Total, Rank, Outcome) and one row per bid in the
record's order. Total and Rank are formulas, so they follow the panel's edits: the rank counts
the non-excluded bids with a higher total, or an equal total and a higher score on the Lot's
tie-break criterion, as docgen.derive ranks them. Scores and outcomes carry data validation.
The file is byte-for-byte reproducible: fixed zip timestamps and document dates.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.build.writer import atomic_write
from docgen.derive.units import Unit, bidders_by_id, units
from docgen.exchange.spreadsheet import OUTCOMES
from docgen.models import Award

HEADER_ROW = 4
FIRST_COLUMNS = ("Bidder id", "Bidder name")
NOTE = (
    "Scores are weighted marks out of each criterion's maximum. Total and Rank are formulas. "
    "`docgen import-scores` reads the scores and the outcome of each row back into the record."
)


@dataclass(frozen=True)
class ExportReport:
    path: Path
    sheets: list[str]
    rows: int


def export_workbook(award: Award, out: Path) -> ExportReport:
    """Write the award's evaluation workbook to out."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    book.remove(book.active)
    rows = 0
    for unit in units(award):
        sheet = book.create_sheet(sheet_name(unit))
        rows += _fill(sheet, award, unit)
    stamp = dt.datetime.combine(award.notification.send_date, dt.time(9, 0))
    book.properties.creator = "docgen"
    book.properties.title = f"{award.title}: evaluation scores"
    book.properties.created = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write(out, reproducible(buffer.getvalue(), stamp))
    return ExportReport(out, list(book.sheetnames), rows)


def sheet_name(unit: Unit) -> str:
    """'Lot 1' for a Lot (import-scores finds the Lot by this name), 'Scores' otherwise."""
    return f"Lot {unit.number}" if unit.number is not None else "Scores"


def _fill(sheet: Any, award: Award, unit: Unit) -> int:
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]

    sheet["A1"] = unit.name + (" (cancelled)" if unit.is_cancelled else "")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = NOTE
    headers = [*FIRST_COLUMNS, *(_criterion_header(c.name, c.weight) for c in unit.criteria)]
    headers += [f"Total (max {_plain(sum((c.weight for c in unit.criteria), Decimal(0)))})"]
    headers += ["Rank", "Outcome"]
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    _bid_rows(sheet, award, unit)
    _layout(sheet, unit)
    return len(unit.bids)


def _criterion_header(name: str, weight: Decimal) -> str:
    return f"{name} (max {_plain(weight)})"


def _bid_rows(sheet: Any, award: Award, unit: Unit) -> None:
    bidders = bidders_by_id(award)
    count = len(unit.criteria)
    for offset, bid in enumerate(unit.bids):
        row = HEADER_ROW + 1 + offset
        bidder = bidders.get(bid.bidder)
        sheet.cell(row=row, column=1, value=bid.bidder)
        sheet.cell(row=row, column=2, value=bidder.name if bidder else "")
        for i, criterion in enumerate(unit.criteria):
            score = bid.scores.get(criterion.id)
            cell = sheet.cell(row=row, column=3 + i, value=_number(score))
            cell.number_format = "0.00"
        sheet.cell(row=row, column=3 + count, value=_total(row, count)).number_format = "0.00"
        sheet.cell(row=row, column=4 + count, value=_rank(unit, row, count))
        sheet.cell(row=row, column=5 + count, value=bid.outcome)


def _total(row: int, count: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    # Rounded to the scores' 3 decimal places, so that equal totals compare equal in the rank.
    return f"=ROUND(SUM(C{row}:{get_column_letter(2 + count)}{row}),3)"


def _rank(unit: Unit, row: int, count: int) -> str:
    """1 + bids ahead on total + bids level on total but ahead on the tie-break criterion."""
    from openpyxl.utils import get_column_letter

    last = HEADER_ROW + max(len(unit.bids), 1)
    total = get_column_letter(3 + count)
    outcome = get_column_letter(5 + count)

    def col(letter: str) -> str:
        return f"${letter}${HEADER_ROW + 1}:${letter}${last}"

    alive = f'{col(outcome)},"<>excluded"'
    formula = f'1+COUNTIFS({alive},{col(total)},">"&{total}{row})'
    ids = [c.id for c in unit.criteria]
    if unit.tie_break in ids:
        tie = get_column_letter(3 + ids.index(unit.tie_break))
        formula += f'+COUNTIFS({alive},{col(total)},{total}{row},{col(tie)},">"&{tie}{row})'
    return f'=IF({outcome}{row}="excluded","",{formula})'


def _layout(sheet: Any, unit: Unit) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    count = len(unit.criteria)
    last = HEADER_ROW + max(len(unit.bids), 1)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=3)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 36
    for i, criterion in enumerate(unit.criteria):
        letter = get_column_letter(3 + i)
        sheet.column_dimensions[letter].width = 16
        check = DataValidation(
            type="decimal", operator="between", formula1="0", formula2=_plain(criterion.weight)
        )
        check.error = f"A score for {criterion.name} is between 0 and {_plain(criterion.weight)}."
        check.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
        sheet.add_data_validation(check)
    outcome = get_column_letter(5 + count)
    choices = DataValidation(type="list", formula1='"' + ",".join(OUTCOMES) + '"')
    choices.add(f"{outcome}{HEADER_ROW + 1}:{outcome}{last}")
    sheet.add_data_validation(choices)
    sheet.column_dimensions[outcome].width = 14


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def reproducible(data: bytes, stamp: dt.datetime) -> bytes:
    """The .xlsx with fixed zip timestamps and a fixed modified date (openpyxl writes 'now')."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                blob = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + iso.encode() + rb"\2", blob
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, blob)
    return out.getvalue()
