"""Revised papers: `docgen check-revision` and the structured record diff of `docgen compare`.

The example revision is records/ilss-2025-revised (paragraph 5.4 corrected, and 1.1, 4.1 and 7.2,
which said the same, with it; 6.2 gives a cost). Variants of it, written into tmp_path, show each
way a revision can fail.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, RECORDS

from docgen import pipeline
from docgen.cli import main
from docgen.compare.diff import compare_pdfs, compare_texts, format_text
from docgen.compare.record_diff import record_changes
from docgen.compare.revision import check_revisions, paper_pdf
from docgen.readback.pdftext import read_pdf
from docgen.records.loading import Records

REVISED = "ilss-cabinet-2025-07-22-rev1"
ORIGINAL = "ilss-cabinet-2025-07-22"
REVISED_YAML = Path("ilss-2025-revised") / "decision.yaml"


@pytest.fixture(scope="module")
def records() -> Records:
    return pipeline.validate([RECORDS])


def variant(tmp_path: Path, old: str, new: str) -> Records:
    """The example records with one piece of the revised decision's text replaced."""
    folder = tmp_path / "records"
    shutil.copytree(RECORDS, folder)
    path = folder / REVISED_YAML
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return pipeline.validate([folder])


def test_the_example_revision_changes_exactly_what_it_declares(records: Records) -> None:
    [check] = check_revisions(records)
    assert check.ok, check.problems
    assert (check.decision, check.original) == (REVISED, f"{ORIGINAL} (built from its record)")
    assert [(d.label, d.shown, d.found) for d in check.declared] == [
        ("summary-arrangements", "paragraph 1.1", True),
        ("do-nothing", "paragraph 4.1", True),
        ("interim-extension", "paragraph 5.4", True),
        ("extension-cost", "paragraph 6.2", True),
        ("extension-authority", "paragraph 7.2", True),
    ]
    assert check.note_changes >= 1  # the revision note is an expected change
    figures = [f for c in check.comparison.changes for f in c.figures]
    assert any(f.revised == "£7.5m" and f.original is None for f in figures)


def test_the_revised_paper_is_labelled_and_carries_its_note(records: Records) -> None:
    text = " ".join(read_pdf(paper_pdf(records.decisions[REVISED], records)).pages)
    flat = " ".join(text.split())
    assert "FINAL revised" in flat
    assert "Revision 1, 18 July 2025: Paragraphs 1.1, 4.1, 5.4 and 7.2 corrected" in flat
    assert "FINAL revised" not in " ".join(
        read_pdf(paper_pdf(records.decisions[ORIGINAL], records)).pages
    )


def test_the_word_edition_carries_the_label_and_note_too(example_build: Path) -> None:
    document = docx.Document(str(example_build / REVISED / "cabinet-paper.docx"))
    body = " ".join(p.text for p in document.paragraphs)
    header = " ".join(p.text for s in document.sections for p in s.header.paragraphs)
    assert "Revision 1, 18 July 2025:" in body
    assert "FINAL revised" in header + body


def test_check_revision_command_passes_on_the_records() -> None:
    result = CliRunner().invoke(main, ["check-revision", str(RECORDS)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"OK {REVISED} against {ORIGINAL}")


def test_an_original_pdf_can_be_given_instead(records: Records, tmp_path: Path) -> None:
    original = tmp_path / "published.pdf"
    original.write_bytes(paper_pdf(records.decisions[ORIGINAL], records))
    result = CliRunner().invoke(
        main, ["check-revision", str(original), str(RECORDS), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    assert f"against {original}" in result.output
    written = tmp_path / "out" / REVISED
    assert (written / "revision-check.html").is_file()
    assert json.loads((written / "revision-check.json").read_text())["ok"] is True


def test_an_undeclared_change_fails_with_its_paragraph_and_text(tmp_path: Path) -> None:
    records = variant(
        tmp_path, "Social value carried 10% of the marks", "Social value carried 15% of the marks"
    )
    [check] = check_revisions(records)
    assert not check.ok
    [problem] = check.problems
    assert problem.startswith("not declared: changed p.3 ¶9.1:")
    assert problem.endswith(
        '"9.1 Social value carried 10% of the marks. Appointed" → '
        '"9.1 Social value carried 15% of the marks. Appointed"'
    )
    result = CliRunner().invoke(main, ["check-revision", str(tmp_path / "records")])
    assert result.exit_code == 1
    assert "FAILED" in result.output and "¶9.1" in result.output


def test_a_change_in_the_title_block_is_undeclared_too(tmp_path: Path) -> None:
    records = variant(tmp_path, "forward_plan_ref: KD-2025-041", "forward_plan_ref: KD-2025-047")
    [check] = check_revisions(records)
    assert [p for p in check.problems if "(title block)" in p and "KD-2025-047" in p]


def test_a_declared_change_that_did_not_happen_fails(tmp_path: Path) -> None:
    records = variant(
        tmp_path,
        "changes: [summary-arrangements, do-nothing, interim-extension, extension-cost, extension-authority]",
        "changes: [summary-arrangements, do-nothing, interim-extension, extension-cost, extension-authority, extend]",
    )
    [check] = check_revisions(records)
    assert check.problems == [
        "declared change 'extend' (recommendation 2.1(i)) did not happen: its text is the same "
        "in the original and the revised paper"
    ]


def test_a_stale_copy_of_a_changed_fact_fails(tmp_path: Path) -> None:
    """The revision as first published: 5.4 corrected, 1.1 still saying the opposite."""
    variant(
        tmp_path,
        "changes: [summary-arrangements, do-nothing, interim-extension, extension-cost, extension-authority]",
        "changes: [do-nothing, interim-extension, extension-cost, extension-authority]",
    )
    path = tmp_path / "records" / REVISED_YAML
    text = path.read_text().replace(
        "ended on {award.interim.start}. On", "end on\n    {award.interim.start}. On"
    )
    path.write_text(text)
    [check] = check_revisions(pipeline.validate([tmp_path / "records"]))
    assert [p.split(" still says")[0] for p in check.problems] == ["stale: paragraph 1.1"]
    assert "paragraph 5.4 of the original" in check.problems[0]
    result = CliRunner().invoke(
        main, ["check-revision", str(tmp_path / "records"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 1 and "stale: paragraph 1.1 still says" in result.output


def test_renumbered_paragraphs_fail(tmp_path: Path) -> None:
    records = variant(
        tmp_path,
        "    {#interim-extension} The current",
        "    A new paragraph inserted before the extension.\n\n    {#interim-extension} The current",
    )
    [check] = check_revisions(records)
    assert any(
        p.startswith("paragraph {#interim-extension} was 5.4 in the original and is 5.5")
        for p in check.problems
    )
    assert any("not declared" in p and "A new paragraph inserted" in p for p in check.problems)


def test_paragraphs_renumbered_without_a_label_are_one_undeclared_renumbering(
    tmp_path: Path,
) -> None:
    """Compare reports paragraphs that kept their words under new numbers as one renumbering;
    a revision keeps the original's numbering, so check-revision reports it as undeclared."""
    records = variant(
        tmp_path,
        "  reasons: |\n    The recommended",
        "  reasons: |\n    A new first reason, put in by the revision.\n\n    The recommended",
    )
    [check] = check_revisions(records)
    assert [p for p in check.problems if "renumbered" in p] == [
        "not declared: renumbered: paragraphs 3.1–3.2 → 3.2–3.3 (+1): a revision keeps the "
        "original's numbering (change paragraphs in place rather than adding or removing them)"
    ]
    assert any("not declared" in p and "A new first reason" in p for p in check.problems)


def test_a_decision_without_revisions_cannot_be_checked(records: Records) -> None:
    result = CliRunner().invoke(main, ["check-revision", str(RECORDS), "--decision", ORIGINAL])
    assert result.exit_code == 2
    assert "has no revisions" in result.output


# ---- the structured record diff of `docgen compare` ----


def test_compare_lists_record_changes_of_two_docgen_pdfs(records: Records) -> None:
    a = read_pdf(paper_pdf(records.decisions[ORIGINAL], records), name="a")
    b = read_pdf(paper_pdf(records.decisions[REVISED], records), name="b")
    result = compare_texts(a, b)
    places = [r.path for r in result.record_changes or ()]
    assert places == [
        "meta footer",
        "meta status_label",
        "revision_note",
        "sections[0] 1.1",
        "sections[3] 4.1",
        "sections[4] 5.4",
        "sections[5] 6.2",
        "sections[6] 7.2",
    ]
    data = result.to_dict()["record_changes"]
    assert data[1] == {"path": "meta status_label", "original": "FINAL", "revised": "FINAL revised"}
    report = format_text(result)
    assert (
        "data sections[5] 6.2: …arrangements in paragraph 5.4 will be met… → …arrangements in paragraph 5.4, estimated at £7.5m, will be met…"
        in report
    )


def test_pdfs_from_other_producers_have_no_record_changes() -> None:
    pair = FIXTURES / "pdf-pairs" / "libreoffice-date-deleted-cell"
    files = sorted(pair.glob("*.pdf"))
    result = compare_pdfs(files[0], files[1])
    assert result.record_changes is None
    assert "record_changes" not in result.to_dict()


def test_record_changes_name_rows_by_label_lot_and_bidder(example_build: Path) -> None:
    path = example_build / ORIGINAL / "exempt" / "appendix-b-scores.pdf"
    found = pypdf.PdfReader(io.BytesIO(path.read_bytes())).attachments["docgen-data.json"][0]
    original = json.loads(found)
    revised = json.loads(found)
    lot2 = revised["tables"][1]
    bidder = lot2["rows"][0]["bidder"]
    total = lot2["headers"].index("Total (100)")
    before = lot2["rows"][0]["cells"][total]
    lot2["rows"][0]["cells"][total] = "99.99"
    revised["key"][0]["value"] = "Service delivery (maximum 30)"
    changes = [str(c) for c in record_changes(original, revised)]
    assert changes == [
        "key C1: Service delivery and outcomes (maximum 30) → Service delivery (maximum 30)",
        f"tables Lot 2 bidder {bidder} Total: {before} → 99.99",
    ]
