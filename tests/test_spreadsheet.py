"""The evaluation workbook: export, read back with openpyxl, import-scores round trips and errors."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import RECORDS
from openpyxl import Workbook, load_workbook

from docgen.cli import main
from docgen.derive.units import units
from docgen.exchange.score_import import import_scores, load_award
from docgen.exchange.workbook import export_workbook

ILSS = RECORDS / "ilss-2025" / "award.yaml"
CARERS = RECORDS / "carers-support-2026" / "award.yaml"


@pytest.fixture
def ilss(tmp_path: Path) -> Path:
    copy = tmp_path / "award.yaml"
    shutil.copy(ILSS, copy)
    return copy


@pytest.fixture
def carers(tmp_path: Path) -> Path:
    copy = tmp_path / "award.yaml"
    shutil.copy(CARERS, copy)
    return copy


def exported(award: Path, tmp_path: Path) -> Path:
    out = tmp_path / "scores.xlsx"
    export_workbook(load_award(award), out)
    return out


def scores_of(award: Path) -> dict[tuple[int | None, str], dict[str, Decimal]]:
    return {
        (unit.number, bid.bidder): dict(bid.scores)
        for unit in units(load_award(award))
        for bid in unit.bids
    }


# ---- export ----


def test_export_has_one_sheet_per_lot_with_weights_names_and_formulas(
    ilss: Path, tmp_path: Path
) -> None:
    book = load_workbook(exported(ilss, tmp_path))
    assert book.sheetnames == ["Lot 1", "Lot 2", "Lot 3", "Lot 4", "Lot 5"]
    sheet = book["Lot 1"]
    header = [c.value for c in sheet[4]]
    assert header[:3] == ["Bidder id", "Bidder name", "Service delivery and outcomes (max 30)"]
    assert header[-4:] == ["Price (max 40)", "Total (max 100)", "Rank", "Outcome"]
    first = [c.value for c in sheet[5]]
    assert first[:2] == ["b03-albany-homecare-ltd", "Albany Homecare Ltd"]
    assert first[7] == "=ROUND(SUM(C5:G5),3)"
    assert first[9] == "appointed"


def test_rank_formulas_give_docgen_ranks(ilss: Path, tmp_path: Path) -> None:
    """Evaluate each sheet's Total and Rank formulas and compare with docgen.derive."""
    book = load_workbook(exported(ilss, tmp_path))
    for unit in units(load_award(ilss)):
        sheet = book[f"Lot {unit.number}"]
        evaluated = _evaluate(sheet)
        expected = {s.bidder.id: (s.total, s.rank) for s in unit.scored}
        assert evaluated == {k: (float(t), r) for k, (t, r) in expected.items()}


def test_export_is_reproducible(ilss: Path, tmp_path: Path) -> None:
    first = exported(ilss, tmp_path).read_bytes()
    second = tmp_path / "again.xlsx"
    export_workbook(load_award(ilss), second)
    assert first == second.read_bytes()


# ---- round trip ----


def test_export_then_import_gives_the_same_scores_and_file(ilss: Path, tmp_path: Path) -> None:
    before = ilss.read_bytes()
    report = import_scores(ilss, exported(ilss, tmp_path))
    assert report.problems == []
    assert report.rows == sum(len(u.bids) for u in units(load_award(ilss)))
    assert report.changed == 0
    assert ilss.read_bytes() == before


def test_edited_workbook_changes_only_those_values_and_keeps_comments(
    ilss: Path, tmp_path: Path
) -> None:
    workbook = exported(ilss, tmp_path)
    book = load_workbook(workbook)
    sheet = book["Lot 2"]
    bidder = sheet["A5"].value
    sheet["G5"] = 31.5  # Price
    sheet["C6"] = 12  # Service delivery of the next bid
    book.save(workbook)
    before = scores_of(ilss)
    original = ilss.read_text(encoding="utf-8").splitlines()

    report = import_scores(ilss, workbook)

    assert report.problems == [] and report.changed == 2 and not report.reformatted
    after = scores_of(ilss)
    assert after[(2, bidder)]["price"] == Decimal("31.5")
    changed = {k for k in after if after[k] != before[k]}
    assert len(changed) == 2
    lines = ilss.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == original[:3]  # the schema line and comments survive
    assert sum(a != b for a, b in zip(original, lines, strict=True)) == 2


def test_flow_style_scores_are_edited_in_place(carers: Path, tmp_path: Path) -> None:
    workbook = exported(carers, tmp_path)
    book = load_workbook(workbook)
    assert book.sheetnames == ["Scores"]
    book["Scores"]["C5"] = 43  # cwmni-gofalwyr's quality score, 42 before
    book.save(workbook)
    report = import_scores(carers, workbook)
    assert report.changed == 1
    text = carers.read_text(encoding="utf-8")
    assert "scores: {quality: 43, welsh-language: 10, social-value: 8, price: 27.5}" in text
    assert report.checks == []


def test_one_sheet_with_a_lot_column_and_bidder_names(ilss: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Moderated"
    sheet.append(["Panel scores after moderation"])
    sheet.append(
        [
            "LOT",
            "Bidder",
            "service-delivery",
            "Workforce",
            "Safeguarding (max 10)",
            "social value",
            "price",
            "Notes",
        ]
    )
    sheet.append(["Lot 1", "albany homecare ltd", 24, 8, 8, 6, 34.27, "unchanged"])
    sheet.append([4, "Meadow Care Services Ltd", 18, 8, 10, 10, 38.8, "unchanged"])
    path = tmp_path / "panel.xlsx"
    book.save(path)
    report = import_scores(ilss, path)
    assert report.problems == [] and report.rows == 2 and report.changed == 0
    assert any("Notes" in note for note in report.notes)


def test_adding_a_missing_score_rewrites_with_ruamel(tmp_path: Path) -> None:
    award = tmp_path / "award.yaml"
    text = CARERS.read_text(encoding="utf-8")
    award.write_text(text.replace(", price: 24.2}", "}"), encoding="utf-8")
    book = Workbook()
    book.active.append(
        ["Bidder id", "Quality", "Welsh language provision", "Social value", "Price"]
    )
    book.active.append(["carers-together", 31, 4, 6, 24.2])
    path = tmp_path / "one.xlsx"
    book.save(path)
    report = import_scores(award, path)
    assert report.reformatted and report.changed == 1
    assert scores_of(award)[(None, "carers-together")]["price"] == Decimal("24.2")
    assert award.read_text(encoding="utf-8").startswith("# yaml-language-server:")


# ---- rows that cannot be read ----


def bad_workbook(tmp_path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Lot 1"
    sheet.append(
        [
            "Bidder",
            "Service delivery and outcomes",
            "Workforce",
            "Safeguarding",
            "Social value",
            "Price",
            "Outcome",
        ]
    )
    sheet.append(["Albany Homecare Ltd", 24, 8, 8, 6, 34.27, "appointed"])  # row 2: fine
    sheet.append(["Nobody Ltd", 24, 8, 8, 6, 34.27])  # row 3: unknown bidder
    sheet.append(["Ashdown Healthcare Ltd", "n/a", 6, 4, 8, 36.04])  # row 4: not a number
    sheet.append([])  # row 5: blank, not data
    sheet.append(["Castle Care Ltd", 31, 6, 6, 6, 37.2, "maybe"])  # row 6: two problems
    sheet.append(["Docklands Homecare Ltd", 24, 8, 6, 10])  # row 7: no price
    sheet.append(["albany homecare ltd", 24, 8, 8, 6, 34.27])  # row 8: twice
    nine = book.create_sheet("Lot 9")
    nine.append(["Bidder", "Price"])
    book.create_sheet("Notes").append(["Moderation meeting on 1 July"])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    return path


def test_bad_rows_are_reported_with_sheet_and_row_and_nothing_is_written(
    ilss: Path, tmp_path: Path
) -> None:
    before = ilss.read_bytes()
    report = import_scores(ilss, bad_workbook(tmp_path))
    found = {(p.sheet, p.row) for p in report.problems}
    assert found == {
        ("Lot 1", 3),
        ("Lot 1", 4),
        ("Lot 1", 6),
        ("Lot 1", 7),
        ("Lot 1", 8),
        ("Lot 9", None),
    }
    messages = [str(p) for p in report.problems]
    assert any(
        m.startswith(
            "sheet 'Lot 1', row 3: 'Nobody Ltd' is not a bidder in the award, and the workbook "
            "gives no address or contact.name for it"
        )
        for m in messages
    )
    assert (
        "sheet 'Lot 1', row 4: 'n/a' under Service delivery and outcomes is not a number"
        in messages
    )
    assert (
        "sheet 'Lot 1', row 6: Service delivery and outcomes: 31 is not between 0 and 30"
        in messages
    )
    assert (
        "sheet 'Lot 1', row 6: outcome 'maybe' is not one of appointed, unsuccessful, excluded"
        in messages
    )
    assert "sheet 'Lot 1', row 7: no score for Price" in messages
    assert any(
        m.startswith("sheet 'Lot 1', row 8: b03-albany-homecare-ltd appears again")
        for m in messages
    )
    assert "sheet 'Lot 9': the award has no Lot 9 (it has 1, 2, 3, 4, 5)" in messages
    assert any("'Notes' skipped" in note for note in report.notes)
    assert ilss.read_bytes() == before


def test_cli_reports_bad_rows_and_exits_1(ilss: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import-scores", str(ilss), str(bad_workbook(tmp_path))])
    assert result.exit_code == 1
    assert "sheet 'Lot 1', row 3:" in result.output
    assert "nothing written" in result.output


def test_formula_without_a_saved_result_is_reported(ilss: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Lot 1"
    sheet.append(
        ["Bidder id", "service-delivery", "workforce", "safeguarding", "social-value", "price"]
    )
    sheet.append(["b03-albany-homecare-ltd", 24, 8, 8, 6, "=40*22.59/26.37"])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    report = import_scores(ilss, path)
    assert [p.row for p in report.problems] == [2]
    assert "formula with no saved result" in report.problems[0].message


def test_cli_export_then_import(ilss: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.xlsx"
    runner = CliRunner()
    exported_run = runner.invoke(main, ["export-workbook", str(ilss), str(out)])
    assert exported_run.exit_code == 0, exported_run.output
    imported_run = runner.invoke(main, ["import-scores", str(ilss), str(out)])
    assert imported_run.exit_code == 0, imported_run.output
    assert "read 79 row(s), 0 value(s) changed" in imported_run.output


# ---- a small evaluator for the two formula shapes the workbook writes ----

_SUM = re.compile(r"^=ROUND\(SUM\(([A-Z]+)(\d+):([A-Z]+)\d+\),3\)$")
_COUNTIFS = re.compile(r"COUNTIFS\(([^)]*)\)")


def _evaluate(sheet: Any) -> dict[str, tuple[float, int | None]]:
    rows = [r for r in sheet.iter_rows(min_row=5) if r[0].value]
    columns = {cell.column_letter: i for i, cell in enumerate(rows[0])}
    values = {r[0].row: {c.column_letter: c.value for c in r} for r in rows}
    totals = {}
    for number, row in values.items():
        start, _, end = _SUM.match(row[_letter(columns, -3)]).groups()
        span = [k for k in columns if columns[start] <= columns[k] <= columns[end]]
        totals[number] = round(sum(float(row[k] or 0) for k in span), 3)
    for number in values:
        values[number][_letter(columns, -3)] = totals[number]
    out = {}
    for number, row in values.items():
        rank = _rank(row[_letter(columns, -2)], number, values)
        out[row["A"]] = (totals[number], rank)
    return out


def _letter(columns: dict[str, int], index: int) -> str:
    return list(columns)[index]


def _rank(formula: str, number: int, values: dict[int, dict[str, Any]]) -> int | None:
    outcome = re.match(r'^=IF\(([A-Z]+)\d+="excluded"', formula).group(1)
    if values[number][outcome] == "excluded":
        return None
    count = 1
    for args in _COUNTIFS.findall(formula):
        parts = args.split(",")
        pairs = [(parts[i], parts[i + 1]) for i in range(0, len(parts), 2)]
        count += sum(
            all(_meets(v, rng, crit, number, values) for rng, crit in pairs) for v in values
        )
    return count


def _meets(row: int, rng: str, crit: str, me: int, values: dict[int, dict[str, Any]]) -> bool:
    column = re.match(r"\$([A-Z]+)\$", rng).group(1)
    value = values[row][column]
    if crit == '"<>excluded"':
        return value != "excluded"
    greater = crit.startswith('">"&')
    ref = re.search(r"([A-Z]+)\d+$", crit).group(1)
    mine = values[me][ref]
    value, mine = float(value or 0), float(mine or 0)
    return value > mine if greater else value == mine


def test_id_and_name_columns_must_agree(ilss: Path, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Lot 1"
    sheet.append(["Bidder id", "Bidder name", "Price"])
    sheet.append(["b03-albany-homecare-ltd", "Castle Care Ltd", 30])
    path = tmp_path / "mixed.xlsx"
    book.save(path)
    (problem,) = import_scores(ilss, path).problems
    assert str(problem) == (
        "sheet 'Lot 1', row 2: the bidder cells 'b03-albany-homecare-ltd' and 'Castle Care Ltd' "
        "name different bidders"
    )
