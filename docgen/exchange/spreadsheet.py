"""The evaluation panel's workbook: read bidders' scores from it, and make one from an award.

Reading (`docgen import-scores`): one sheet per Lot named like "Lot 1" (or one sheet with a Lot
column; any one sheet for an award without Lots), a header row with a bidder column (id or name)
and one column per criterion (its id or its name, optionally followed by "(max 30)"), and an
optional Outcome column. Every row that cannot be read is reported with its sheet and row
number; nothing is written unless every row was read. The record is then edited in place,
value by value, so that its comments and layout survive (docgen.score_import).

A score with more than three decimal places (a formula's result) is rounded to three. The
workbook that `docgen export-workbook` writes (docgen.workbook) reads back through this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from docgen.derive.units import Unit, bid_loc, units
from docgen.errors import InputError
from docgen.models import Award
from docgen.models.award import Criterion

OUTCOMES = ("appointed", "unsuccessful", "excluded")
BIDDER_HEADERS = ("bidder id", "bidder", "bidder name", "supplier", "tenderer", "name", "id")
COMPUTED_HEADERS = ("total", "rank", "total score", "weighted total")
_LOT = re.compile(r"^\s*lot\s*0*([0-9]+)\b", re.IGNORECASE)
_MAX = re.compile(r"\s*[(\[]\s*(?:max(?:imum)?\.?\s*)?[0-9.]+\s*%?\s*[)\]]\s*$", re.IGNORECASE)
HEADER_SEARCH_ROWS = 15
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class RowProblem:
    """A row (or a whole sheet, when row is None) that could not be read, and why."""

    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        where = f"sheet {self.sheet!r}" + (f", row {self.row}" if self.row else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ScoreRow:
    """One bidder's scores for one Lot, read from one row."""

    sheet: str
    row: int
    loc: Loc
    scores: dict[str, Decimal]
    outcome: str | None


@dataclass
class SheetData:
    """What was read from a workbook: good rows, problems, and notes for the reader."""

    rows: list[ScoreRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheets_read: int = 0


@dataclass(frozen=True)
class Header:
    """Where the header row is and what each of its columns holds (0-based columns)."""

    row: int
    bidder: list[int]
    lot: int | None
    outcome: int | None
    criteria: dict[int, str]
    ignored: list[str]


# ---- reading a workbook ----


def read_scores(award: Award, path: Path) -> SheetData:
    """Every row of every sheet of the workbook at path, checked against the award."""
    values, formulas = _open(path)
    data = SheetData()
    seen: dict[Loc, tuple[str, int]] = {}
    for name in values.sheetnames:
        rows = list(values[name].iter_rows(values_only=True))
        raw = list(formulas[name].iter_rows(values_only=True))
        _read_sheet(award, name, rows, raw, data, seen)
    if not data.sheets_read and not data.problems:
        data.problems.append(RowProblem(values.sheetnames[0], None, _NO_HEADER))
    return data


def _open(path: Path) -> tuple[Any, Any]:
    """The workbook twice: with formulas' saved results, and with the formulas themselves."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        return load_workbook(path, data_only=True), load_workbook(path, data_only=False)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise InputError(
            f"{path}: not an Excel workbook (.xlsx) that openpyxl can read: {exc}"
        ) from exc


def _read_sheet(
    award: Award,
    name: str,
    rows: list[tuple[Any, ...]],
    raw: list[tuple[Any, ...]],
    data: SheetData,
    seen: dict[Loc, tuple[str, int]],
) -> None:
    lot_number = _lot_number(name) if _LOT.match(name) else None
    header = find_header(rows, _all_criteria(award))
    if header is None:
        if lot_number is not None:
            data.problems.append(RowProblem(name, None, _NO_HEADER))
        else:
            data.notes.append(f"sheet {name!r} skipped: no header row with bidder and criteria")
        return
    data.sheets_read += 1
    if header.ignored:
        data.notes.append(f"sheet {name!r}: columns not read: {', '.join(header.ignored)}")
    readable, fixed = _sheet_unit(award, name, lot_number, header, data)
    if not readable:
        return
    reader = _RowReader(award, name, header, fixed, data, seen)
    for number, (row, formula_row) in enumerate(zip(rows, raw, strict=False), start=1):
        if number > header.row and any(_present(v) for v in row):
            reader.read(number, row, formula_row)


_NO_HEADER = (
    "no header row: the first rows need a bidder column ('Bidder', 'Bidder id' or 'Bidder "
    "name') and a column for each criterion, named by its id or its name"
)


def _sheet_unit(
    award: Award, name: str, lot_number: int | None, header: Header, data: SheetData
) -> tuple[bool, Unit | None]:
    """(can the sheet be read, its one unit: None when a Lot column says which, row by row)."""
    if header.lot is not None:
        return True, None
    all_units = units(award)
    if not award.lots:
        return True, all_units[0]
    if lot_number is None:
        message = "cannot tell which Lot: name the sheet 'Lot N' or add a Lot column"
        data.problems.append(RowProblem(name, None, message))
        return False, None
    found = next((u for u in all_units if u.number == lot_number), None)
    if found is None:
        numbers = ", ".join(str(u.number) for u in all_units)
        message = f"the award has no Lot {lot_number} (it has {numbers})"
        data.problems.append(RowProblem(name, None, message))
        return False, None
    return True, found


def _lot_number(text: object) -> int | None:
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    if isinstance(text, float) and text.is_integer():
        return int(text)
    match = _LOT.match(str(text)) or re.fullmatch(r"\s*0*([0-9]+)\s*", str(text))
    return int(match.group(1)) if match else None


# ---- the header row ----


def normalise(text: object) -> str:
    """Header or name text compared loosely: case, spaces and a trailing "(max 30)" ignored."""
    plain = " ".join(str(text).split()).casefold()
    return _MAX.sub("", plain).strip()


def _all_criteria(award: Award) -> list[Criterion]:
    found = {c.id: c for c in award.criteria}
    for lot in award.lots:
        found.update({c.id: c for c in lot.criteria or []})
    return list(found.values())


def find_header(rows: list[tuple[Any, ...]], criteria: list[Criterion]) -> Header | None:
    """The first row with a bidder column and at least one criterion column."""
    names = {normalise(c.id): c.id for c in criteria} | {normalise(c.name): c.id for c in criteria}
    for number, row in enumerate(rows[:HEADER_SEARCH_ROWS], start=1):
        cells = [normalise(v) if _present(v) else "" for v in row]
        bidder = [i for h in BIDDER_HEADERS for i, c in enumerate(cells) if c == h]
        found = {i: names[c] for i, c in enumerate(cells) if c in names}
        if bidder and found:
            return _header(number, row, cells, bidder, found)
    return None


def _header(
    number: int, row: tuple[Any, ...], cells: list[str], bidder: list[int], found: dict[int, str]
) -> Header:
    lot = next((i for i, c in enumerate(cells) if c == "lot"), None)
    outcome = next((i for i, c in enumerate(cells) if c == "outcome"), None)
    known = {*bidder, *found, lot, outcome}
    ignored = [
        str(row[i]).strip()
        for i, c in enumerate(cells)
        if c and i not in known and c not in COMPUTED_HEADERS
    ]
    return Header(number, bidder, lot, outcome, found, ignored)


# ---- one row ----


class _RowReader:
    """Reads data rows under one header, collecting scores or problems."""

    def __init__(
        self,
        award: Award,
        sheet: str,
        header: Header,
        unit: Unit | None,
        data: SheetData,
        seen: dict[Loc, tuple[str, int]],
    ) -> None:
        self.award, self.sheet, self.header, self.unit = award, sheet, header, unit
        self.data, self.seen = data, seen
        self.by_id = {b.id: b.id for b in award.bidders}
        self.by_name = {normalise(b.name): b.id for b in award.bidders}

    def read(self, number: int, row: tuple[Any, ...], raw: tuple[Any, ...]) -> None:
        problems: list[str] = []
        found = self._locate(row, problems)
        if found is None:
            self._fail(number, problems)
            return
        unit, index = found
        loc = bid_loc(unit, index)
        outcome = self._outcome(_cell(row, self.header.outcome), problems)
        excluded = (outcome or unit.bids[index].outcome) == "excluded"
        scores = dict(self._scores(unit, row, raw, excluded, problems))
        sheet, at = self.seen.setdefault(loc, (self.sheet, number))
        if (sheet, at) != (self.sheet, number):
            name = unit.bids[index].bidder
            problems.append(
                f"{name} appears again for this Lot (first in sheet {sheet!r}, row {at})"
            )
        if problems:
            self._fail(number, problems)
            return
        self.data.rows.append(ScoreRow(self.sheet, number, loc, scores, outcome))

    def _fail(self, number: int, problems: list[str]) -> None:
        self.data.problems += [RowProblem(self.sheet, number, p) for p in problems]

    def _locate(self, row: tuple[Any, ...], problems: list[str]) -> tuple[Unit, int] | None:
        unit = self.unit or self._row_unit(row, problems)
        bidder = self._bidder(row, problems)
        if unit is None or bidder is None:
            return None
        index = next((i for i, b in enumerate(unit.bids) if b.bidder == bidder), None)
        if index is None:
            problems.append(f"{bidder} has no bid for {unit.name} in the award record")
            return None
        return unit, index

    def _row_unit(self, row: tuple[Any, ...], problems: list[str]) -> Unit | None:
        value = _cell(row, self.header.lot)
        number = _lot_number(value) if _present(value) else None
        found = next((u for u in units(self.award) if u.number == number), None)
        if found is None:
            shown = repr(value) if _present(value) else "an empty Lot cell"
            problems.append(f"the award has no Lot {shown}")
        return found

    def _bidder(self, row: tuple[Any, ...], problems: list[str]) -> str | None:
        texts = [str(v).strip() for i in self.header.bidder if _present(v := _cell(row, i))]
        found = {self.by_id.get(t) or self.by_name.get(normalise(t)) for t in texts} - {None}
        if len(found) == 1:
            return found.pop()
        if found:
            problems.append(
                f"the bidder cells {' and '.join(map(repr, texts))} name different bidders"
            )
        else:
            problems.append(
                f"no bidder in the award has the id or name {texts[0]!r}"
                if texts
                else "no bidder id or name in the row"
            )
        return None

    def _outcome(self, value: Any, problems: list[str]) -> str | None:
        if not _present(value):
            return None
        text = str(value).strip().casefold()
        if text not in OUTCOMES:
            problems.append(f"outcome {value!r} is not one of {', '.join(OUTCOMES)}")
            return None
        return text

    def _scores(
        self,
        unit: Unit,
        row: tuple[Any, ...],
        raw: tuple[Any, ...],
        excluded: bool,
        problems: list[str],
    ) -> Iterator[tuple[str, Decimal]]:
        maxima = {c.id: c for c in unit.criteria}
        for column, cid in sorted(self.header.criteria.items()):
            value = _cell(row, column)
            criterion = maxima.get(cid)
            if criterion is None:
                if _present(value):
                    problems.append(f"{unit.name} has no criterion {cid!r}, but the row scores it")
                continue
            if not _present(value):
                if _is_formula(_cell(raw, column)):
                    problems.append(f"{criterion.name}: {_FORMULA}")
                elif not excluded:
                    problems.append(f"no score for {criterion.name}")
                continue
            score = _score(value, criterion, problems)
            if score is not None:
                yield cid, score


_FORMULA = "the cell holds a formula with no saved result: open and save the workbook in Excel or LibreOffice"


def _score(value: Any, criterion: Criterion, problems: list[str]) -> Decimal | None:
    number = _number(value)
    if number is None:
        problems.append(f"{value!r} under {criterion.name} is not a number")
    elif number < 0 or number > criterion.weight:
        limit = format(criterion.weight.normalize(), "f")
        problems.append(f"{criterion.name}: {_plain(number)} is not between 0 and {limit}")
    else:
        return number.quantize(Decimal("0.001")).normalize() if _places(number) > 3 else number
    return None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def _places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _plain(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _cell(row: tuple[Any, ...], index: int | None) -> Any:
    return row[index] if index is not None and index < len(row) else None


def _present(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")
