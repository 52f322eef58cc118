"""`docgen verify`: a finished document still states what its record says, place by place."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner
from conftest import RECORDS, needs, soffice_to_pdf

from docgen import pipeline
from docgen.cli import main
from docgen.compare.verify import verify_paper
from docgen.errors import UsageError
from docgen.readback.word import read_docx
from docgen.records.loading import Records

ORIGINAL = "ilss-cabinet-2025-07-22"
PAPER = Path(ORIGINAL) / "cabinet-paper"
APPENDIX_A = Path(ORIGINAL) / "appendix-a-suppliers"
RESOLUTION_IV = "Note the evaluation scores in Appendix B, which is not for publication"
SOFFICE = needs("soffice", "libreoffice-writer-nogui")
UNTOUCHED = [
    PAPER,
    APPENDIX_A,
    Path(ORIGINAL) / "appendix-b-notice",
    Path(ORIGINAL) / "exempt" / "appendix-b-scores",
    Path(ORIGINAL) / "decision-notice",
    Path("ilss-cabinet-2025-07-22-rev1") / "cabinet-paper",
    Path("carers-support-2026-award") / "decision-report",
    Path("carers-support-2026-award") / "appendix-a-suppliers",
    Path("carers-support-2026-award") / "decision-notice",
]


@pytest.fixture(scope="module")
def records() -> Records:
    return pipeline.validate([RECORDS])


def edit_docx(
    source: Path,
    target: Path,
    *,
    drop: str = "",
    old: str = "",
    new: str = "",
    starting: str = "",
) -> Path:
    """A copy of a .docx with the paragraph containing `drop` deleted and `old` retyped as `new`
    (in the paragraphs that start with `starting`, if given), run by run as Word keeps them."""
    document = docx.Document(str(source))
    changed = 0
    for paragraph in list(document.paragraphs):
        if drop and drop in paragraph.text:
            paragraph._element.getparent().remove(paragraph._element)
            changed += 1
        if starting and not paragraph.text.startswith(starting):
            continue
        for run in paragraph.runs:
            if old and old in run.text:
                run.text = run.text.replace(old, new)
                changed += 1
    assert changed, f"nothing to edit: {drop or old!r}"
    document.save(str(target))
    return target


def edit_cell(source: Path, target: Path, row_name: str, old: str, new: str, table: int) -> Path:
    """A copy of a .docx with one cell of one table's row (found by a cell's text) retyped."""
    document = docx.Document(str(source))
    row = next(r for r in document.tables[table].rows if row_name in [c.text for c in r.cells])
    [cell] = [c for c in row.cells if c.text == old]
    cell.paragraphs[0].runs[0].text = new
    document.save(str(target))
    return target


def findings(report: object) -> list[str]:
    return [str(f) for f in report.findings]  # type: ignore[attr-defined]


# ---- untouched documents pass --------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
@pytest.mark.parametrize("stem", UNTOUCHED, ids=str)
def test_every_untouched_document_passes_with_nothing_to_check(
    example_build: Path, records: Records, stem: Path, suffix: str
) -> None:
    path = example_build / stem.with_suffix(suffix)
    report = verify_paper(path, records)
    assert findings(report) == [] and report.checks == []
    assert report.chosen_by.startswith("its record hash sha256:")
    assert len(report.documents) == 1  # told apart by the title the file carries
    assert sum(report.checked.values()) > 0


def test_a_built_paper_is_checked_fact_by_fact(example_build: Path, records: Records) -> None:
    report = verify_paper(example_build / PAPER.with_suffix(".docx"), records)
    assert report.decision == ORIGINAL
    assert report.documents == [
        "Independent Living Support Service – Contract Award – Cabinet report"
    ]
    assert report.checked["resolution"] == 5
    assert report.checked["money"] >= 4 and report.checked["date"] >= 15
    assert report.checked["name"] >= 5  # the Lots' titles


def test_the_command_passes_on_a_built_paper(example_build: Path) -> None:
    result = CliRunner().invoke(main, ["verify", str(example_build / PAPER.with_suffix(".docx"))])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("OK (")


# ---- a fact changed in one place -----------------------------------------------------------


def test_a_sum_changed_in_one_paragraph_is_found_there(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    """¶1.1 still says £254.4m: the old verify, which looked for the sum anywhere, passed."""
    source = example_build / PAPER.with_suffix(".docx")
    built = docx.Document(str(source))
    assert sum("£254.4m" in p.text for p in built.paragraphs) >= 2
    edited = edit_docx(source, tmp_path / "e.docx", old="£254.4m", new="£245.4m", starting="6.1")
    report = verify_paper(edited, records)
    assert findings(report) == ["¶6.1: £245.4m, but the record says £254.4m (award.total_value)"]
    assert report.checks == []
    result = CliRunner().invoke(main, ["verify", str(edited), str(RECORDS)])
    assert result.exit_code == 1
    assert "¶6.1: £245.4m, but the record says £254.4m" in result.output
    assert "FAILED: 1 thing(s) missing or different" in result.output


def test_a_date_changed_in_one_paragraph_is_found_there(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    source = example_build / PAPER.with_suffix(".docx")
    edited = edit_docx(
        source, tmp_path / "e.docx", old="6 October 2025", new="7 October 2025", starting="1.3"
    )
    report = verify_paper(edited, records)
    assert findings(report) == [
        "¶1.3: 7 October 2025, but the record says 6 October 2025 (award.start_date)"
    ]


def test_a_paper_whose_numbers_word_makes_is_placed_by_the_built_paper(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    """Word's own numbering is not in the text: the place is the built paper's paragraph."""
    document = docx.Document(str(example_build / PAPER.with_suffix(".docx")))
    for paragraph in document.paragraphs:
        if paragraph.style.style_id == "NumberedPara":
            numbered = paragraph.text.startswith("6.1")
            paragraph.runs[0].text = ""  # "6.1": numbering Word would make
            for run in paragraph.runs:
                if numbered:
                    run.text = run.text.replace("£254.4m", "£245.4m")
    document.save(str(tmp_path / "numbered.docx"))
    report = verify_paper(tmp_path / "numbered.docx", records)
    assert findings(report) == ["¶6.1: £245.4m, but the record says £254.4m (award.total_value)"]


def test_a_sum_written_another_way_is_the_same_sum(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    edited = edit_docx(
        example_build / PAPER.with_suffix(".docx"),
        tmp_path / "e.docx",
        old="£254.4m",
        new="£254.4 million",
        starting="6.1",
    )
    report = verify_paper(edited, records)
    assert findings(report) == [] and report.checks == []


def test_a_sum_the_record_does_not_know_is_listed_to_check(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    edited = edit_docx(
        example_build / PAPER.with_suffix(".docx"),
        tmp_path / "e.docx",
        old="will be met from the same budgets",
        new="will be met from the same budgets (about £1.2m)",
        starting="6.2",
    )
    report = verify_paper(edited, records)
    assert findings(report) == []
    assert [str(c) for c in report.checks] == [
        "¶6.2: £1.2m: the record does not state this sum of money anywhere; check it"
    ]
    result = CliRunner().invoke(main, ["verify", str(edited), str(RECORDS)])
    assert result.exit_code == 0
    assert "to check: ¶6.2: £1.2m" in result.output
    assert "OK, 1 thing(s) for a person to check" in result.output
    strict = CliRunner().invoke(main, ["verify", str(edited), str(RECORDS), "--strict"])
    assert strict.exit_code == 1 and "FAILED (--strict)" in strict.output
    data = json.loads(
        CliRunner().invoke(main, ["verify", str(edited), str(RECORDS), "--json"]).output
    )
    assert data["ok"] is True and data["to_check"][0]["text"] == "£1.2m"


def test_a_deleted_resolution_and_a_retyped_sum_are_both_found(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    edited = edit_docx(
        example_build / PAPER.with_suffix(".docx"),
        tmp_path / "edited.docx",
        drop=RESOLUTION_IV,
        old="£31.8m",
        new="£32.8m",
        starting="6.1",
    )
    report = verify_paper(edited, records)
    assert findings(report) == [
        f'missing resolution (iv): "{RESOLUTION_IV}"',
        "¶6.1: £32.8m, but the record says £31.8m (award.annual_value)",
    ]


def test_a_reworded_resolution_is_reported_as_different(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    edited = edit_docx(
        example_build / PAPER.with_suffix(".docx"),
        tmp_path / "edited.docx",
        old="in consultation with the Cabinet Member",
        new="after consulting the Cabinet Member",
    )
    [finding] = verify_paper(edited, records).findings
    assert (finding.what, finding.status) == ("resolution (iii)", "different")
    assert finding.found is not None and "after consulting the Cabinet Member" in finding.found


def test_a_date_changed_in_a_resolution_is_one_finding(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    """The date is what differs in the resolution: said once, where it is."""
    edited = edit_docx(
        example_build / PAPER.with_suffix(".docx"),
        tmp_path / "e.docx",
        old="6 October 2025",
        new="13 October 2025",
        starting="(ii)",
    )
    assert findings(verify_paper(edited, records)) == [
        "¶2.1(ii): 13 October 2025, but the record says 6 October 2025 (award.start_date)"
    ]


# ---- appendices, alone or pasted into the paper --------------------------------------------


def test_an_appendix_is_checked_against_the_appendix(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    source = example_build / APPENDIX_A.with_suffix(".docx")
    report = verify_paper(source, records)
    assert report.documents == [
        "Independent Living Support Service – Contract Award – Appendix A: Suppliers appointed "
        "to each Lot"
    ]
    assert "resolution" not in report.checked and report.checked["name"] >= 60
    renamed = edit_cell(source, tmp_path / "a.docx", "Castle Care Ltd", "13409827", "13409872", 1)
    assert findings(verify_paper(renamed, records)) == [
        'table "Lot 1: Reablement", row "Castle Care Ltd": 13409872, but the record says '
        "13409827 (column Company number)"
    ]


def test_a_score_changed_in_the_scores_appendix_names_its_row_and_column(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    source = example_build / Path(ORIGINAL) / "exempt" / "appendix-b-scores.docx"
    edited = edit_cell(source, tmp_path / "b.docx", "Castle Care Ltd", "85.20", "86.20", 1)
    assert findings(verify_paper(edited, records)) == [
        'table "Lot 1: Reablement", row "Castle Care Ltd": 86.20, but the record says 85.20 '
        "(column Total (100))"
    ]


def test_suppliers_reordered_in_their_table_are_listed_to_check(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    """The order is the evaluation ranking: two suppliers swapped in Lot 1 keep their own
    company numbers and addresses, so nothing is wrong in a row, but a person should look."""
    document = docx.Document(str(example_build / APPENDIX_A.with_suffix(".docx")))
    first, second = document.tables[1].rows[1], document.tables[1].rows[2]
    assert [first.cells[1].text, second.cells[1].text] == [
        "Victoria Home Care Ltd",
        "Castle Care Ltd",
    ]
    for one, other in zip(first.cells[1:], second.cells[1:], strict=True):
        one_run, other_run = one.paragraphs[0].runs[0], other.paragraphs[0].runs[0]
        one_run.text, other_run.text = other_run.text, one_run.text
    document.save(str(tmp_path / "swapped.docx"))
    report = verify_paper(tmp_path / "swapped.docx", records)
    assert findings(report) == []
    assert [str(c) for c in report.checks] == [
        'table "Lot 1: Reablement", row "Castle Care Ltd": Castle Care Ltd: its row is in the '
        "table, but not where the record puts it (check the order)"
    ]


def test_the_decision_notice_is_checked_against_the_notice(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    """Its call-in deadline retyped, and a resolution as agreed deleted."""
    source = example_build / ORIGINAL / "decision-notice.docx"
    edited = edit_cell(
        source,
        tmp_path / "n.docx",
        "Call-in deadline",
        "Thursday 31 July 2025",
        "Thursday 7 August 2025",
        0,
    )
    edited = edit_docx(edited, tmp_path / "n2.docx", drop=RESOLUTION_IV)
    report = verify_paper(edited, records)
    assert report.documents[0].endswith("decision notice")
    assert findings(report) == [
        f'missing resolution (iv): "{RESOLUTION_IV}"',
        'table "Decision details", row "Call-in deadline": 7 August 2025, but the record says '
        "31 July 2025",
    ]


def paper_with_appendix(example_build: Path, target: Path, drop_row: str = "") -> Path:
    """The paper with Appendix A's body pasted in after it, as a clerk makes one file of them
    (optionally without the row naming `drop_row` in the Lot 2 table)."""
    paper = docx.Document(str(example_build / PAPER.with_suffix(".docx")))
    appendix = docx.Document(str(example_build / APPENDIX_A.with_suffix(".docx")))
    if drop_row:
        table = appendix.tables[2]  # the summary, Lot 1, Lot 2
        assert table.rows[1].cells[1].text == "Riverside Healthcare Ltd"  # Lot 2's first
        row = next(r for r in table.rows if drop_row in [c.text for c in r.cells])
        row._tr.getparent().remove(row._tr)
    body = paper.element.body
    end = body[-1]  # the paper's section properties stay last
    for element in list(appendix.element.body):
        if not element.tag.endswith("}sectPr"):
            end.addprevious(copy.deepcopy(element))
    paper.save(str(target))
    return target


def test_a_paper_with_its_appendix_pasted_in_passes(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    """Read in document order, the appendix's tables are where they are: no false findings
    (the old verify gave 69 "missing supplier" findings for such a file)."""
    report = verify_paper(paper_with_appendix(example_build, tmp_path / "p.docx"), records)
    assert findings(report) == [] and report.checks == []
    assert [d.rsplit(" – ", 1)[-1] for d in report.documents] == [
        "Cabinet report",
        "Appendix A: Suppliers appointed to each Lot",
    ]


def test_a_supplier_gone_from_one_lot_is_found_though_another_lot_names_it(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    """Docklands Homecare Ltd is appointed to Lots 1 and 2: taken out of Lot 2's table, it is
    still in the file, but not where the record puts it."""
    edited = paper_with_appendix(example_build, tmp_path / "p.docx", "Docklands Homecare Ltd")
    assert findings(verify_paper(edited, records)) == [
        'table "Lot 2: Long-Term Care – adults with physical …": '
        "the row of Docklands Homecare Ltd is missing"
    ]


def test_a_pack_of_pdfs_merged_by_hand_is_checked_document_by_document(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    """No title or record hash of its own: the decision is named, and each document is found
    by its opening lines (the exempt appendix and the notice standing in for it open alike)."""
    writer = pypdf.PdfWriter()
    for stem in (PAPER, APPENDIX_A, Path(ORIGINAL) / "appendix-b-notice"):
        writer.append(str(example_build / stem.with_suffix(".pdf")))
    writer.append(str(example_build / ORIGINAL / "decision-notice.pdf"))
    writer.write(str(tmp_path / "pack.pdf"))
    report = verify_paper(tmp_path / "pack.pdf", records, ORIGINAL)
    assert findings(report) == [] and report.checks == []
    assert [d.rsplit(" – ", 1)[-1] for d in report.documents] == [
        "Cabinet report",
        "Appendix A: Suppliers appointed to each Lot",
        "Appendix B: Evaluation scores for each Lot (notice)",
        "decision notice",
    ]


def test_kind_names_the_document_when_the_title_does_not(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    document = docx.Document(str(example_build / APPENDIX_A.with_suffix(".docx")))
    document.core_properties.title = ""
    document.save(str(tmp_path / "untitled.docx"))
    report = verify_paper(tmp_path / "untitled.docx", records)  # by its opening lines
    assert report.ok and report.documents[0].endswith("Appendix A: Suppliers appointed to each Lot")
    report = verify_paper(tmp_path / "untitled.docx", records, kind="appendix_suppliers")
    assert report.ok
    with pytest.raises(UsageError, match="--kind letters: the decision makes no such document"):
        verify_paper(tmp_path / "untitled.docx", records, kind="letters")


# ---- with LibreOffice: the PDF a clerk makes from the edited .docx -------------------------


@SOFFICE
def test_a_clerks_pdf_is_checked_place_by_place(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    source = example_build / PAPER.with_suffix(".docx")
    untouched = soffice_to_pdf(source, tmp_path / "untouched")
    report = verify_paper(untouched, records)
    assert findings(report) == [] and report.checks == []
    edited = edit_docx(source, tmp_path / "e.docx", old="£254.4m", new="£245.4m", starting="6.1")
    [finding] = verify_paper(soffice_to_pdf(edited, tmp_path / "edited"), records).findings
    assert str(finding).endswith("¶6.1: £245.4m, but the record says £254.4m (award.total_value)")
    assert str(finding).startswith("p.")
    dated = edit_docx(source, tmp_path / "d.docx", old="6 October 2025", new="7 October 2025")
    report = verify_paper(soffice_to_pdf(dated, tmp_path / "dated"), records)
    assert len(report.findings) >= 3
    assert all(
        "7 October 2025, but the record says 6 October 2025" in str(f) for f in report.findings
    )


@SOFFICE
@pytest.mark.parametrize(
    "stem",
    [
        APPENDIX_A,
        Path(ORIGINAL) / "decision-notice",
        Path("carers-support-2026-award") / "decision-report",
    ],
    ids=str,
)
def test_a_clerks_pdf_of_an_untouched_document_passes(
    example_build: Path, records: Records, tmp_path: Path, stem: Path
) -> None:
    """An appendix, a notice, and a draft report whose every page LibreOffice marks DRAFT."""
    pdf = soffice_to_pdf(example_build / stem.with_suffix(".docx"), tmp_path)
    report = verify_paper(pdf, records)
    assert findings(report) == [] and report.checks == []
    assert report.chosen_by.startswith("its record hash")  # LibreOffice keeps the keywords


# ---- which record --------------------------------------------------------------------------


def test_without_a_record_hash_the_decision_must_be_named(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    document = docx.Document(str(example_build / PAPER.with_suffix(".docx")))
    document.core_properties.keywords = ""
    document.save(str(tmp_path / "anonymous.docx"))
    with pytest.raises(UsageError, match="give --decision ID"):
        verify_paper(tmp_path / "anonymous.docx", records)
    report = verify_paper(tmp_path / "anonymous.docx", records, ORIGINAL)
    assert report.ok and report.chosen_by == "--decision"
    result = CliRunner().invoke(main, ["verify", str(tmp_path / "anonymous.docx")])
    assert result.exit_code == 2 and "--decision" in result.output


def test_a_paper_from_an_older_record_is_checked_against_the_current_one(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    document = docx.Document(str(example_build / PAPER.with_suffix(".docx")))
    document.core_properties.keywords = "sha256:" + "0" * 64
    document.save(str(tmp_path / "older.docx"))
    report = verify_paper(tmp_path / "older.docx", records, ORIGINAL)
    assert report.ok
    assert report.notes and "another version of the record" in report.notes[0]


def test_other_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "paper.txt").write_text("hello")
    shutil.copy(tmp_path / "paper.txt", tmp_path / "paper.docx")
    for name in ("paper.txt", "paper.docx"):
        result = CliRunner().invoke(main, ["verify", str(tmp_path / name), str(RECORDS)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output


def delete_with_changes_tracked(source: Path, target: Path, text: str) -> Path:
    """A copy of a .docx in which the paragraph holding `text` is deleted as Word's tracked
    changes delete it: its runs wrapped in <w:del>, their text turned into <w:delText>."""
    document = docx.Document(str(source))
    [paragraph] = [p for p in document.paragraphs if text in p.text]
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for run in paragraph.runs:
        deletion = run._element.makeelement(f"{w}del", {f"{w}id": "1", f"{w}author": "Clerk"})
        run._element.addprevious(deletion)
        deletion.append(run._element)
        for t in run._element.iter(f"{w}t"):
            t.tag = f"{w}delText"
    document.save(str(target))
    return target


def test_a_resolution_deleted_with_changes_tracked_is_missing(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    """The deleted words are still in the file (the leak check reads them), but a reader of the
    paper no longer sees the resolution, so verify reports it missing."""
    edited = delete_with_changes_tracked(
        example_build / PAPER.with_suffix(".docx"), tmp_path / "tracked.docx", RESOLUTION_IV
    )
    assert RESOLUTION_IV in "\n".join(read_docx(edited.read_bytes()).body)
    assert RESOLUTION_IV not in "\n".join(read_docx(edited.read_bytes(), visible=True).body)
    report = verify_paper(edited, records)
    assert findings(report) == [f'missing resolution (iv): "{RESOLUTION_IV}"']


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_paper_whose_prose_names_only_some_lots_passes_as_built(
    tmp_path: Path, suffix: str
) -> None:
    """What a paper must say is for validate; verify checks what the built paper carries."""
    records_copy = tmp_path / "records"
    shutil.copytree(RECORDS, records_copy)
    decision = records_copy / "ilss-2025" / "decision.yaml"
    text = decision.read_text(encoding="utf-8")
    assert "    - Lot 4: {lot.4.title}\n" in text
    decision.write_text(text.replace("    - Lot 4: {lot.4.title}\n", ""), encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build_papers([records_copy], out, only=["cabinet_paper"])
    records = pipeline.validate([records_copy])
    report = verify_paper(out / PAPER.with_suffix(suffix), records)
    assert findings(report) == [] and report.checks == []
