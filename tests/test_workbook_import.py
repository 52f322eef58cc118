"""The panel's workbook in, whole: a workbook typed as a panel types it fills an award with no
bids, and letters build from it; a portal's CSV of bidders; a result that would not validate."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import RECORDS
from openpyxl import Workbook
from pypdf import PdfReader
from ruamel.yaml import YAML

from docgen.cli import main
from docgen.derive.units import units
from docgen.exchange.names import fold
from docgen.exchange.score_import import load_award

GATES = ("Gate: CQC registration", "Gate: insurance")
QUESTIONS = (
    ("Q1 Service delivery (30%)", "service-delivery"),
    ("Q2 Workforce (10%)", "workforce"),
    ("Q3 Safeguarding (10%)", "safeguarding"),
    ("Q4 Social value (10%)", "social-value"),
    ("Q5 Price (40%)", "price"),
)
HEADERS = ("Supplier", *GATES, *(h for h, _ in QUESTIONS), "Price £/hr")
HEADERS += ("Feedback – Q1", "Feedback – Q5", "Reason for exclusion", "Total")
KEPT = ("b01-abbeyfield-home-care-ltd", "b08-o-brien-daughters-care-ltd")


def typographic(name: str) -> str:
    return name.replace("'", "\u2019").replace(" - ", " \u2013 ")


def run(*args: str | Path) -> Any:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A copy of the example records whose model-case award has no bids and two bidders."""
    copy = tmp_path / "records"
    shutil.copytree(RECORDS, copy)
    path = copy / "ilss-2025" / "award.yaml"
    yaml = YAML(typ="rt")
    tree = yaml.load(path.read_text(encoding="utf-8"))
    for lot in tree["lots"]:
        lot.pop("bidders", None)
    tree["bidders"] = [b for b in tree["bidders"] if b["id"] in KEPT]
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(tree, out)
    return copy


def panel_workbook(path: Path) -> None:
    """The model case's bids as a panel types them: own headers, typographic apostrophes and
    dashes, formulas left blank for an excluded bidder, gates, prices and feedback."""
    award = load_award(RECORDS / "ilss-2025" / "award.yaml")
    book = Workbook()
    sheet = book.active
    sheet.title = "Bidders"
    sheet.append(["Supplier", "Registered address", "Company no.", "Contact", "Email"])
    for bidder in award.bidders:
        email = bidder.contact.email or ""
        sheet.append(
            [
                typographic(bidder.name),
                "\n".join(bidder.address),
                bidder.company_number,
                bidder.contact.name,
                email,
            ]
        )
    names = {b.id: b.name for b in award.bidders}
    for unit in units(award):
        sheet = book.create_sheet(f"Lot {unit.number}")
        sheet.append([f"Moderated scores \u2013 {unit.name}"])
        sheet.append(list(HEADERS))
        for bid in unit.bids:
            row = sheet.max_row + 1
            excluded = bid.outcome == "excluded"
            gates = ["Pass" if bid.gates.get(g) == "pass" else "Fail" for g in ("cqc", "insurance")]
            scores: list[Any] = [
                f'=IF(B{row}="Fail","",0)' if excluded else float(bid.scores[cid])
                for _, cid in QUESTIONS
            ]
            price = None if excluded else float(bid.price_bid or 0)
            feedback = [None, None] if excluded else [f"Clear plan for {unit.title}", "Good value"]
            sheet.append(
                [
                    typographic(names[bid.bidder]),
                    *gates,
                    *scores,
                    price,
                    *feedback,
                    bid.exclusion_reason,
                    f"=SUM(D{row}:H{row})",
                ]
            )
    book.save(path)


def test_a_panels_workbook_fills_an_award_with_no_bids_and_letters_build(
    records: Path, tmp_path: Path
) -> None:
    award_file = records / "ilss-2025" / "award.yaml"
    workbook = tmp_path / "panel.xlsx"
    panel_workbook(workbook)
    before = award_file.read_bytes()

    unmapped = run("import-scores", award_file, workbook)
    assert unmapped.exit_code == 1
    assert "'Q1 Service delivery (30%)' looks like score.service-delivery" in unmapped.output
    assert award_file.read_bytes() == before

    proposed = run("import-scores", award_file, workbook, "--propose-map")
    assert proposed.exit_code == 0, proposed.output
    mapping = YAML(typ="safe").load(
        (records / "ilss-2025" / "award.workbook-map.yaml").read_text(encoding="utf-8")
    )["columns"]
    assert mapping["Supplier"] == "bidder.name"
    assert mapping["Registered address"] == "bidder.address"
    assert mapping["Gate: CQC registration"] == "gate.cqc"
    assert mapping["Gate: insurance"] == "gate.insurance"
    assert mapping["Q1 Service delivery (30%)"] == "score.service-delivery"
    assert mapping["Q5 Price (40%)"] == "score.price"
    assert mapping["Price £/hr"] == "price_bid"
    assert mapping["Feedback – Q1"] == "feedback.service-delivery"
    assert mapping["Feedback – Q5"] == "feedback.price"
    assert mapping["Reason for exclusion"] == "exclusion_reason"
    assert mapping["Total"] == "ignore"

    imported = run("import-scores", award_file, workbook)
    assert imported.exit_code == 0, imported.output
    assert "bidder added: Acorn Support CIC" in imported.output
    assert "Lot 2: bid added for" in imported.output

    original = load_award(RECORDS / "ilss-2025" / "award.yaml")
    now = load_award(award_file)
    assert len(now.bidders) == len(original.bidders)  # the two kept were matched, not added
    by_name = {fold(b.name): b for b in now.bidders}
    for old_unit, new_unit in zip(units(original), units(now), strict=True):
        old_names = {b.id: fold(b.name) for b in original.bidders}
        expected = {
            old_names[b.bidder]: (b.outcome, b.scores, b.price_bid, b.gates, b.exclusion_reason)
            for b in old_unit.bids
        }
        new_names = {b.id: fold(b.name) for b in now.bidders}
        got = {
            new_names[b.bidder]: (b.outcome, b.scores, b.price_bid, b.gates, b.exclusion_reason)
            for b in new_unit.bids
        }
        assert got == expected
    obrien = by_name[fold("O'Brien & Daughters <Care> Ltd t/a Cwmni Gofal Ŵyn")]
    assert obrien.id == "b08-o-brien-daughters-care-ltd"
    lot2 = units(now)[1]
    excluded = next(s for s in lot2.scored if s.is_excluded)
    assert excluded.bid.scores == {} and excluded.bid.exclusion_reason
    appointed = lot2.appointed[0].bid
    assert appointed.feedback == (
        f"Service delivery and outcomes: Clear plan for {lot2.title}. Price: Good value."
    )

    out = tmp_path / "out"
    built = run("letters", records, "--out", out, "--lot", "2", "--format", "pdf", "-q")
    assert built.exit_code == 0, built.output
    letter = out / "ilss-2025" / "letters" / "lot-2" / f"{lot2.appointed[0].bidder.id}.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(letter).pages)
    assert "Clear plan for" in " ".join(text.split())


def test_a_record_that_would_not_validate_is_not_written(tmp_path: Path) -> None:
    """A bidder failing a gate with no reason given: its letter could not say why. Exit 1."""
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    award_file = records / "carers-support-2026" / "award.yaml"
    before = award_file.read_bytes()
    book = Workbook()
    book.active.append(["Bidder", "Address", "Contact", "Gate: safeguarding", "Quality", "Price"])
    book.active.append(["Newco Care Ltd", "1 High St, Cardiff, CF10 1AA", "Ann Jones", "Fail"])
    workbook = tmp_path / "one.xlsx"
    book.save(workbook)
    result = run("import-scores", award_file, workbook)
    assert result.exit_code == 1
    assert "the contract: bid added for Newco Care Ltd (excluded)" in result.output
    assert "bids[4].exclusion_reason: an excluded bid needs the reason" in result.output
    assert "would not validate (1 problem(s)): nothing written" in result.output
    assert award_file.read_bytes() == before
    book.active["G1"], book.active["G2"] = "Reason for exclusion", "No safeguarding policy."
    book.save(workbook)
    assert run("import-scores", award_file, workbook).exit_code == 0
    assert load_award(award_file).bids[-1].exclusion_reason == "No safeguarding policy."


def test_a_portal_csv_of_bidders_adds_and_matches_bidders(records: Path, tmp_path: Path) -> None:
    award_file = records / "ilss-2025" / "award.yaml"
    portal = tmp_path / "portal-export.csv"
    with portal.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Supplier Name", "Address", "Companies House Number", "Contact Name"])
        writer.writerow(["O\u2019Brien  &  Daughters <Care> Ltd t/a Cwmni Gofal Ŵyn", "", "", ""])
        writer.writerow(["Zenith Care Ltd", "9 Long Lane, London, E1 1AA", "1234567", "Jo Bloggs"])
    result = run("import-scores", award_file, portal)
    assert result.exit_code == 0, result.output
    now = load_award(award_file)
    assert [b.name for b in now.bidders][-1] == "Zenith Care Ltd"
    zenith = now.bidders[-1]
    assert zenith.address == ["9 Long Lane", "London", "E1 1AA"]
    assert zenith.company_number == "1234567"
    assert len(now.bidders) == len(KEPT) + 1  # O’Brien matched the record's O'Brien


def test_names_fold_quotes_dashes_spaces_and_case() -> None:
    assert fold("O\u2019Connor  \u2013  Care\u00a0Ltd") == fold("o'connor - care ltd")
    assert fold("\uff2f\u2018Neill") == "o'neill"  # NFKC: a fullwidth O
    assert fold("O'Connor") != fold("OConnor")
