"""Lots identified as the council identifies them (issue 15): numbers (1, 2) as before, and
labels such as 1a, 1b or North East. Read through the record, the facts, the letters' folders,
selection and print order, the workbook round trip, the OCDS export and import, and the audit."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import RECORDS
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pydantic import ValidationError
from pypdf import PdfReader
from ruamel.yaml import YAML
from test_ocds import errors, merge_patch, package_validator, read

from docgen.cli import main
from docgen.derive.facts import build_facts
from docgen.derive.units import find_unit, units
from docgen.exchange.ocds import release_package
from docgen.exchange.ocds_import import _lot_number
from docgen.letters.plan import Selection, plan_letters
from docgen.letters.record import print_order
from docgen.models import Award, CallOff
from docgen.models.common import LOT_LABEL, lot_order, lot_slug
from docgen.records.loading import Records, load_records

CALL_OFF = RECORDS / "accessible-transport-calloff-2026"
SOURCES = [RECORDS / "councils", CALL_OFF]


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def records() -> Records:
    return load_records(SOURCES)


@pytest.fixture(scope="module")
def call_off(records: Records) -> Award:
    return records.awards["accessible-transport-calloff-2026"]


def raw_award() -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((CALL_OFF / "award.yaml").read_text("utf-8"))
    return data


def with_lot_numbers(*numbers: object) -> CallOff:
    data = raw_award()
    for lot, number in zip(data["lots"], numbers, strict=True):
        lot["number"] = number
    return CallOff.model_validate(data)


# ---- the record ----


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [(2, 2), ("2", 2), ("12", 12), ("1a", "1a"), ("North East", "North East"), ("A.1", "A.1")],
)
def test_a_lot_is_a_number_or_a_short_label(typed: object, read_as: object) -> None:
    award = with_lot_numbers(typed, "1b")
    assert award.lots[0].number == read_as
    assert type(award.lots[0].number) is type(read_as)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (0, "a Lot number runs from 1 to 999"),
        (1000, "a Lot number runs from 1 to 999"),
        (True, "must be a Lot number or a short label"),
        ("1/2", "not a Lot number or label: a label is up to 24 letters"),
        ("Lot 1a", "without the word Lot (1a, not Lot 1a)"),
        ("Lots North", None),  # only the word Lot itself is taken away
        ("-north", "not a Lot number or label"),
        ("a" * 25, "not a Lot number or label"),
        ("", "not a Lot number or label"),
    ],
)
def test_a_lot_label_that_cannot_name_a_file_is_refused(typed: object, message: str | None) -> None:
    if message is None:
        assert with_lot_numbers(typed, "1b").lots[0].number == typed
        return
    with pytest.raises(ValidationError) as caught:
        with_lot_numbers(typed, "1b")
    (error,) = caught.value.errors()
    assert error["loc"] == ("lots", 0, "number")
    assert message in error["msg"]


def test_two_labels_that_would_share_a_folder_are_one_lot_given_twice() -> None:
    with pytest.raises(ValidationError) as caught:
        with_lot_numbers("North East", "north-east")
    (error,) = caught.value.errors()
    assert error["loc"] == ("lots", 1, "number")
    assert "Lot number 'north-east' is given twice: the first is lots[0].number" in error["msg"]
    assert lot_slug("North East") == "north-east" and lot_slug(12) == "12"


def test_units_name_and_file_labelled_lots(call_off: Award) -> None:
    lot_a, lot_b = units(call_off)
    assert (lot_a.number, lot_a.name, lot_a.folder) == (
        "1a",
        "Lot 1a: Northern valleys routes",
        "lot-1a",
    )
    assert (lot_b.label, lot_b.folder) == ("Lot 1b", "lot-1b")
    model = load_records([RECORDS / "councils", RECORDS / "ilss-2025"]).awards["ilss-2025"]
    assert [u.folder for u in units(model)] == [f"lot-{n}" for n in range(1, 6)]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("1a", "1a"),
        ("1A", "1a"),
        ("Lot 1b", "1b"),
        ("lot 1b: Southern routes", "1b"),
        ("Lot 1", None),
        (1, None),
        ("1c", None),
        (None, None),
    ],
)
def test_a_lot_is_found_by_what_a_person_types(
    call_off: Award, typed: object, found: str | None
) -> None:
    unit = find_unit(units(call_off), typed)
    assert (unit.number if unit else None) == found


def test_numbered_lots_are_found_as_before() -> None:
    model = load_records([RECORDS / "councils", RECORDS / "ilss-2025"]).awards["ilss-2025"]
    all_units = units(model)
    for typed in (2, 2.0, "2", "Lot 02", "Lot 2: Long-term care", " lot 2 "):
        found = find_unit(all_units, typed)
        assert found is not None and found.number == 2, typed
    assert find_unit(all_units, 2.5) is None and find_unit(all_units, "Lot 9") is None


def test_numbers_sort_by_number_and_labels_in_record_order() -> None:
    keyed = sorted(
        [("North", 0), (10, 1), ("1a", 2), (2, 3), ("South", 4)],
        key=lambda entry: lot_order(*entry),
    )
    assert [number for number, _ in keyed] == [2, 10, "North", "1a", "South"]


def test_facts_of_a_labelled_lot(records: Records, call_off: Award) -> None:
    facts = build_facts(records.councils[call_off.council], None, call_off)
    assert facts["lot.1a.title"] == "Northern valleys routes"
    assert facts["lot.1b.bid_count"] == "3"
    assert facts["award.lot_count"] == "two"


# ---- the letters ----


def test_letters_of_labelled_lots_go_in_their_own_folders(records: Records) -> None:
    (award_plan,) = plan_letters(records, formats=("pdf",))
    stems = sorted(str(letter.job.stem) for letter in award_plan.letters)
    assert stems[:3] == [
        "accessible-transport-calloff-2026/letters/lot-1a/bryn-community-travel",
        "accessible-transport-calloff-2026/letters/lot-1a/carlow-coaches",
        "accessible-transport-calloff-2026/letters/lot-1a/tawe-dial-a-ride",
    ]
    assert {letter.lot_label for letter in award_plan.letters} == {"1a", "1b"}
    ordered = [(x.bidder_name, x.lot) for x in print_order(award_plan.letters)][:2]
    assert ordered == [("Bryn Community Travel Cyf", "1a"), ("Bryn Community Travel Cyf", "1b")]


@pytest.mark.parametrize("typed", ["1b", "1B", "Lot 1b"])
def test_letters_of_one_labelled_lot_are_selected_by_its_label(
    records: Records, typed: str
) -> None:
    (award_plan,) = plan_letters(records, Selection(lot=typed), formats=("pdf",))
    assert {letter.lot for letter in award_plan.letters} == {"1b"}
    assert len(award_plan.letters) == 3


def test_the_letters_command_builds_one_lot_by_label(tmp_path: Path) -> None:
    result = run("letters", *SOURCES, "--out", tmp_path, "--lot", "1a", "--format", "pdf", "-q")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "accessible-transport-calloff-2026" / "letters"
    assert sorted(p.name for p in (folder / "lot-1a").iterdir()) == [
        "bryn-community-travel.pdf",
        "carlow-coaches.pdf",
        "tawe-dial-a-ride.pdf",
    ]
    assert not (folder / "lot-1b").exists()
    text = " ".join(
        (PdfReader(folder / "lot-1a" / "carlow-coaches.pdf").pages[0].extract_text()).split()
    )
    assert "Lot 1a: Northern valleys routes" in text
    assert "GYA-TR-2026-031/Lot 1a" in text
    missing = run("letters", *SOURCES, "--out", tmp_path, "--lot", "1c", "--format", "pdf")
    assert missing.exit_code == 2
    assert "no letters match --lot 1c" in missing.output


def test_the_audit_reads_the_labelled_letters_folders(tmp_path: Path) -> None:
    built = run("letters", *SOURCES, "--out", tmp_path, "--format", "pdf", "-q")
    assert built.exit_code == 0, built.output
    manifest = json.loads(
        (tmp_path / "accessible-transport-calloff-2026" / "letters" / "manifest.json").read_text()
    )
    assert sorted({row["lot"] for row in manifest["letters"]}) == ["1a", "1b"]
    audit = run("audit", tmp_path, "--records", SOURCES[0], "--records", SOURCES[1])
    assert audit.exit_code == 0, audit.output
    assert audit.output.startswith("audit OK")


# ---- the workbook ----


def test_the_workbook_round_trip_finds_each_labelled_lot(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    shutil.copytree(RECORDS / "councils", folder / "councils")
    shutil.copytree(CALL_OFF, folder / CALL_OFF.name)
    award_file = folder / CALL_OFF.name / "award.yaml"
    workbook = tmp_path / "scores.xlsx"
    exported = run("export-workbook", award_file, workbook)
    assert exported.exit_code == 0, exported.output
    book = load_workbook(workbook)
    assert book.sheetnames == ["Lot 1a", "Lot 1b"]
    sheet = book["Lot 1b"]
    header = next(r for r in sheet.iter_rows() if r[0].value == "Bidder id")
    column = next(c.column for c in header if str(c.value).startswith("Social value"))
    row = next(r for r in sheet.iter_rows() if r[0].value == "evergreen-access")
    sheet.cell(row=row[0].row, column=column, value=5)
    book.save(workbook)
    imported = run("import-scores", award_file, workbook)
    assert imported.exit_code == 0, imported.output
    assert "Lot 1b" in imported.output
    tree = YAML(typ="safe").load(award_file.read_text("utf-8"))
    changed = next(b for b in tree["lots"][1]["bidders"] if b["bidder"] == "evergreen-access")
    assert changed["scores"]["social-value"] == 5
    assert (
        tree["lots"][0]
        == YAML(typ="safe").load((CALL_OFF / "award.yaml").read_text("utf-8"))["lots"][0]
    )


def test_a_sheet_naming_a_lot_the_award_does_not_have_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    shutil.copytree(RECORDS / "councils", folder / "councils")
    shutil.copytree(CALL_OFF, folder / CALL_OFF.name)
    award_file = folder / CALL_OFF.name / "award.yaml"
    workbook = tmp_path / "scores.xlsx"
    assert run("export-workbook", award_file, workbook).exit_code == 0
    book = load_workbook(workbook)
    book["Lot 1b"].title = "Lot 1c"
    book.save(workbook)
    result = run("import-scores", award_file, workbook)
    assert result.exit_code == 1
    assert "sheet 'Lot 1c': the award has no Lot 1c (it has 1a, 1b)" in result.output


# ---- OCDS ----


def test_ocds_lot_ids_are_the_labels_and_the_package_validates(
    records: Records, call_off: Award
) -> None:
    package = release_package(call_off, records.councils[call_off.council])
    release = package["releases"][0]
    assert [lot["id"] for lot in release["tender"]["lots"]] == ["1a", "1b"]
    assert [a["id"] for a in release["awards"]] == [
        "ocds-h6vhtk-0c1a2b-lot-1a",
        "ocds-h6vhtk-0c1a2b-lot-1b",
    ]
    assert [a["relatedLots"] for a in release["awards"]] == [["1a"], ["1b"]]
    extended = merge_patch(read("release-schema.json"), read("lots-release-schema-patch.json"))
    assert errors(package_validator(extended), package) == []


def test_ocds_import_keeps_a_lot_label() -> None:
    assert _lot_number("LOT-0002", 1) == 2
    assert _lot_number("1a", 1) == "1a"
    assert _lot_number("North", 3) == "North"
    assert _lot_number("lot#7?", 4) == 4


@given(st.from_regex(LOT_LABEL, fullmatch=True))
def test_any_label_makes_a_safe_file_name_and_is_found_again(label: str) -> None:
    if (label.isdigit() and not label.startswith("0")) or label.casefold().startswith("lot"):
        return  # read as a number, or refused for the word Lot: tested above
    award = with_lot_numbers(label, "zz-other" if lot_slug(label) != "zz-other" else "yy")
    all_units = units(award)
    unit = all_units[0]
    assert unit.number == label
    assert re.fullmatch(r"lot-[a-z0-9]+(-[a-z0-9]+)*", unit.folder), unit.folder
    assert find_unit(all_units, label) is unit
    assert find_unit(all_units, f"Lot {label.upper()}") is unit


def test_the_longest_label_a_heading_starts_with_is_the_lot() -> None:
    award = with_lot_numbers("North", "North East")
    all_units = units(award)
    found = find_unit(all_units, "Lot North East: routes")
    assert found is not None and found.number == "North East"
    found = find_unit(all_units, "north - routes")
    assert found is not None and found.number == "North"
    beside_one = with_lot_numbers(1, "1.5")
    found = find_unit(units(beside_one), "1.5")
    assert found is not None and found.number == "1.5"
    found = find_unit(units(beside_one), "Lot 1: Northern valleys routes")
    assert found is not None and found.number == 1
