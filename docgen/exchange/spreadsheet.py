"""The panel's workbook (or a portal's CSV list of bidders), read into bidders and bids.

Reading (`docgen import-scores`): one sheet per Lot named like "Lot 1" (or one sheet with a Lot
column; any sheet for an award without Lots), each with a header row holding a bidder column and
whatever else the panel kept: a score per criterion, gate results, the price bid, feedback (for
the whole tender or per criterion) and the reason for an exclusion. A sheet (or a CSV file) of
bidders' details (address, company number, contact) adds bidders the record does not have yet.
Which header holds what comes from the map file beside the record (docgen.exchange.columns).

Every row that cannot be read is reported with its sheet and row number; nothing is written
unless every row was read. The workbook that `docgen export-workbook` writes reads back here.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.derive.units import Unit, find_unit, units
from docgen.errors import InputError
from docgen.exchange.columns import exact, is_bidder, propose
from docgen.exchange.names import fold, present, words
from docgen.exchange.rows import BidderIn, BidIn, Cells, Problem, RowReader
from docgen.models import Award
from docgen.readback.bounded import check_zip, read_file

OUTCOMES = ("appointed", "unsuccessful", "excluded")
HEADER_SEARCH_ROWS = 15
MAX_ROWS = 10_000
"""Rows read from one sheet: a panel scores tens of bidders, a portal lists hundreds."""
MAX_COLUMNS = 256
MAX_BYTES = 32 * 1024 * 1024
"""Bytes of a workbook or CSV file (a panel's workbook is well under a megabyte)."""
MAX_SHEET = 24 * 1024 * 1024
"""Bytes of one inflated part of a workbook: 10,000 rows of 50 cells; reading the most a sheet
may hold, twice (values, then formulas), takes seconds, not minutes."""
_LOT = re.compile(r"^\s*lot\b[\s.:-]*(?=\S)", re.IGNORECASE)
RowProblem = Problem
Rows = list[tuple[Any, ...]]


@dataclass
class SheetData:
    """What was read: bidders and bids, problems, notes, and every header seen."""

    bidders: dict[str, BidderIn] = field(default_factory=dict)
    bids: list[BidIn] = field(default_factory=list)
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    sheets_read: int = 0


@dataclass(frozen=True)
class Table:
    """One sheet, or a CSV file: its values, and its formulas where a workbook has them."""

    name: str
    values: Rows
    raw: Rows


@dataclass(frozen=True)
class Header:
    """Where the header row is and the target of each of its columns (0-based)."""

    row: int
    columns: dict[int, str]


# ---- opening ----


def read_tables(path: Path) -> list[Table]:
    """The sheets of an .xlsx workbook, or the one table of a .csv file, each at most MAX_ROWS
    rows of MAX_COLUMNS cells; InputError for a file too large or with values beyond them."""
    if path.suffix.casefold() == ".csv":
        return [_csv_table(path)]
    values, formulas = _open(path)
    try:
        return [
            Table(name, _rows(path, name, values[name]), _rows(path, name, formulas[name]))
            for name in values.sheetnames
        ]
    finally:
        values.close()
        formulas.close()


def _rows(path: Path, sheet: str, worksheet: Any) -> Rows:
    """A sheet's rows as its real cells give them: the size it declares (which may be the whole
    grid) is ignored, and reading stops at MAX_ROWS rows and MAX_COLUMNS columns."""
    worksheet.reset_dimensions()
    rows: Rows = []
    number = 0
    try:
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
            _within(path, sheet, number, row)
            if number <= MAX_ROWS:
                rows.append(tuple(row[:MAX_COLUMNS]))
    except InputError:
        raise
    except Exception as exc:  # openpyxl's errors on a cell it cannot read ("NaN" typed a number)
        raise InputError(
            f"{path}: sheet {sheet!r}, row {number + 1}: a cell docgen cannot read "
            f"({type(exc).__name__}: {str(exc)[:200]})"
        ) from exc
    return rows


def _within(path: Path, sheet: str, number: int, row: tuple[Any, ...]) -> None:
    """InputError if a row beyond MAX_ROWS, or a cell beyond MAX_COLUMNS, holds a value."""
    beyond = row[MAX_COLUMNS:] if number <= MAX_ROWS else row
    if any(present(v) for v in beyond):
        where = f"row {number}" if number > MAX_ROWS else f"row {number}, column {MAX_COLUMNS + 1}+"
        raise InputError(
            f"{path}: sheet {sheet!r} has a value at {where}: docgen reads at most "
            f"{MAX_ROWS:,} rows of {MAX_COLUMNS} columns (is this the panel's workbook?)"
        )


def _csv_table(path: Path) -> Table:
    data = read_file(path, MAX_BYTES, "CSV file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", "replace")  # Excel's "CSV" on Windows
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: Rows = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            _within(path, path.stem, number, tuple(row))
            if number <= MAX_ROWS:
                rows.append(tuple(row[:MAX_COLUMNS]))
    except csv.Error as exc:  # a field over csv's size limit, a NUL byte
        raise InputError(f"{path}: not a CSV file docgen can read: {exc}") from exc
    return Table(path.stem, rows, rows)


def _open(path: Path) -> tuple[Any, Any]:
    """The workbook twice, read only (streamed, not held whole): with formulas' saved results,
    and with the formulas themselves. Its size and its parts' sizes are bounded first."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    data = read_file(path, MAX_BYTES, "workbook")
    try:
        check_zip(data, MAX_SHEET)
        return (
            load_workbook(io.BytesIO(data), read_only=True, data_only=True),
            load_workbook(io.BytesIO(data), read_only=True, data_only=False),
        )
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise InputError(
            f"{path}: not an Excel workbook (.xlsx) or .csv file that docgen can read: {exc}"
        ) from exc


# ---- reading ----


def read_scores(award: Award, path: Path, mapping: dict[str, str] | None = None) -> SheetData:
    """Every row of every table at path, checked against the award.

    mapping: folded header -> target, from the map file; None reads exact headers only."""
    tables = read_tables(path)
    data = SheetData()
    reader = RowReader(award, data.bidders, data.bids)
    for table in tables:
        _read_table(award, table, mapping, reader, data)
    data.problems += reader.finish()
    data.rows = reader.rows
    if not data.sheets_read and not data.problems:
        data.problems.append(Problem(tables[0].name if tables else path.name, None, NO_HEADER))
    return data


def headers_of(award: Award, path: Path) -> list[str]:
    """Every header text of every table, in order, once (for proposing a map)."""
    table_words = exact(award)
    found: dict[str, str] = {}
    for table in read_tables(path):
        for row in table.values[:HEADER_SEARCH_ROWS]:
            cells = [str(v).strip() for v in row if present(v)]
            if any(is_bidder(table_words.get(words(c))) for c in cells):
                found.update({fold(c): c for c in cells if fold(c) not in found})
                break
    return list(found.values())


def _read_table(
    award: Award,
    table: Table,
    mapping: dict[str, str] | None,
    reader: RowReader,
    data: SheetData,
) -> None:
    sheet_lot = table.name if _LOT.match(table.name) else None  # "Lot 2", "Lot 1a", "Lot North"
    header = _find_header(award, table, mapping, data)
    if header is None:
        if sheet_lot is not None:
            data.problems.append(Problem(table.name, None, NO_HEADER))
        else:
            data.notes.append(f"sheet {table.name!r} skipped: no header row with a bidder column")
        return
    data.sheets_read += 1
    has_bids = any(
        t not in ("ignore", "lot") and not t.startswith("bidder") for t in header.columns.values()
    )
    unit: Unit | None = None
    if has_bids and "lot" not in header.columns.values():
        unit = _sheet_unit(award, table.name, sheet_lot, data)
        if unit is None:
            return
    for number, (row, raw) in enumerate(zip(table.values, table.raw, strict=False), start=1):
        if number > header.row and any(present(v) for v in row):
            cells: Cells = {t: [] for t in set(header.columns.values())}
            for column, target in sorted(header.columns.items()):
                value = row[column] if column < len(row) else None
                formula = raw[column] if column < len(raw) else None
                cells[target].append((value, formula))
            data.problems += reader.read(table.name, number, cells, unit, has_bids)


NO_HEADER = (
    "no header row: the first rows need a bidder column ('Bidder', 'Supplier', 'Bidder id' or "
    "'Bidder name') and a column for each value, named as the map file beside the record says"
)


def _find_header(
    award: Award, table: Table, mapping: dict[str, str] | None, data: SheetData
) -> Header | None:
    table_words = exact(award)
    for number, row in enumerate(table.values[:HEADER_SEARCH_ROWS], start=1):
        cells = {i: str(v).strip() for i, v in enumerate(row) if present(v)}
        found = {
            i: (mapping.get(fold(text)) if mapping is not None else table_words.get(words(text)))
            for i, text in cells.items()
        }
        if any(is_bidder(t) for t in found.values()) and len(cells) > 1:
            data.headers += [c for c in cells.values() if c not in data.headers]
            return _header(award, table.name, number, cells, found, mapping, data)
    return None


def _header(
    award: Award,
    sheet: str,
    number: int,
    cells: dict[int, str],
    found: dict[int, str | None],
    mapping: dict[str, str] | None,
    data: SheetData,
) -> Header:
    columns = {i: t for i, t in found.items() if t is not None and t != "ignore"}
    unknown = [cells[i] for i, t in found.items() if t is None]
    if mapping is not None:
        for text in unknown:
            message = f"column {text!r} is not in the map file: add it (its target, or ignore)"
            data.problems.append(Problem(sheet, number, message))
    else:
        guesses = propose(award, unknown)
        unsure = [g for g in guesses if g.target != "ignore"]
        for guess in unsure:
            message = (
                f"column {guess.header!r} looks like {guess.target}: run `docgen import-scores "
                f"--propose-map` to write a map of the panel's headers, check it, and import again"
            )
            data.problems.append(Problem(sheet, number, message))
        ignored = [g.header for g in guesses if g.target == "ignore"]
        if ignored:
            data.notes.append(f"sheet {sheet!r}: columns not read: {', '.join(ignored)}")
    _check_repeats(sheet, number, cells, columns, data)
    return Header(number, columns)


def _check_repeats(
    sheet: str, number: int, cells: dict[int, str], columns: dict[int, str], data: SheetData
) -> None:
    seen: dict[str, int] = {}
    for column, target in sorted(columns.items()):
        if target in seen and target not in ("bidder.address", "bidder"):
            first = cells[seen[target]]
            message = f"columns {first!r} and {cells[column]!r} both hold {target}"
            data.problems.append(Problem(sheet, number, message))
        seen.setdefault(target, column)


def _sheet_unit(award: Award, name: str, sheet_lot: str | None, data: SheetData) -> Unit | None:
    """The one Lot (or the whole contract) a sheet without a Lot column speaks of."""
    all_units = units(award)
    if not award.lots:
        return all_units[0]
    if sheet_lot is None:
        message = "cannot tell which Lot: name the sheet 'Lot N' or add a Lot column"
        data.problems.append(Problem(name, None, message))
        return None
    found = find_unit(all_units, sheet_lot)
    if found is None:
        numbers = ", ".join(str(u.number) for u in all_units)
        message = f"the award has no Lot {_LOT.sub('', sheet_lot).strip()} (it has {numbers})"
        data.problems.append(Problem(name, None, message))
    return found
