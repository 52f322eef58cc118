"""`docgen verify`: a finished paper still states what its record says."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import RECORDS

from docgen import pipeline
from docgen.build.papers import bundle_for
from docgen.cli import main
from docgen.compare.verify import verify_paper
from docgen.documents import appendix_suppliers
from docgen.errors import UsageError
from docgen.readback.word import read_docx
from docgen.records.loading import Records

ORIGINAL = "ilss-cabinet-2025-07-22"
PAPER = Path(ORIGINAL) / "cabinet-paper"
RESOLUTION_IV = "Note the evaluation scores in Appendix B, which is not for publication"


@pytest.fixture(scope="module")
def records() -> Records:
    return pipeline.validate([RECORDS])


def edit_docx(source: Path, target: Path, *, drop: str = "", old: str = "", new: str = "") -> Path:
    """A copy of a .docx with the paragraph containing `drop` deleted and `old` retyped as `new`."""
    document = docx.Document(str(source))
    for paragraph in list(document.paragraphs):
        if drop and drop in paragraph.text:
            paragraph._element.getparent().remove(paragraph._element)
        for run in paragraph.runs:
            if old and old in run.text:
                run.text = run.text.replace(old, new)
    document.save(str(target))
    return target


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_built_paper_states_everything_its_record_says(
    example_build: Path, records: Records, suffix: str
) -> None:
    report = verify_paper(example_build / PAPER.with_suffix(suffix), records)
    assert report.ok, report.findings
    assert report.decision == ORIGINAL
    assert report.chosen_by.startswith("its record hash sha256:")
    checked = {e.what: e.text for e in report.checked}
    assert [k for k in checked if k.startswith("resolution")] == [
        f"resolution ({n})" for n in ("i", "ii", "iii", "iv", "v")
    ]
    assert checked["Lot 3 title"].startswith("Long-Term Care – autistic adults")
    assert checked["value {award.annual_value}"] == "£31.8m"
    assert checked["value {award.total_value}"] == "£254.4m"
    assert checked["date {award.start_date}"] == "6 October 2025"


def test_the_command_passes_on_a_built_paper(example_build: Path) -> None:
    result = CliRunner().invoke(main, ["verify", str(example_build / PAPER.with_suffix(".docx"))])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("OK (")


def test_an_edited_docx_lists_the_missing_resolution_and_value(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    edited = edit_docx(
        example_build / PAPER.with_suffix(".docx"),
        tmp_path / "edited.docx",
        drop=RESOLUTION_IV,
        old="£31.8m",
        new="£32.8m",
    )
    report = verify_paper(edited, records)
    assert [str(f) for f in report.findings] == [
        f'missing resolution (iv): "{RESOLUTION_IV}"',
        'missing value {award.annual_value}: "£31.8m" (the paper has £32.8m)',
    ]
    result = CliRunner().invoke(main, ["verify", str(edited), str(RECORDS)])
    assert result.exit_code == 1
    assert "missing resolution (iv)" in result.output
    assert "FAILED: 2 thing(s) missing or different" in result.output


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


def test_suppliers_are_checked_when_the_paper_includes_its_appendix(
    example_build: Path, records: Records, tmp_path: Path
) -> None:
    appendix = appendix_suppliers.build(bundle_for(records.decisions[ORIGINAL], records))
    document = docx.Document(str(example_build / PAPER.with_suffix(".docx")))
    document.add_paragraph(appendix.intro)
    for table in appendix.tables:
        document.add_paragraph(table.caption)
        lost = table.rows[0].name if table.caption.startswith("Lot 2:") else None
        for row in table.rows:
            if row.name != lost:  # the first supplier of Lot 2 was deleted in editing
                document.add_paragraph(row.name)
    document.save(str(tmp_path / "with-appendix.docx"))
    report = verify_paper(tmp_path / "with-appendix.docx", records)
    count = sum(len(t.rows) for t in appendix.tables)
    assert len([e for e in report.checked if e.what.startswith("appointed supplier")]) == count
    lost = next(t.rows[0].name for t in appendix.tables if t.caption.startswith("Lot 2:"))
    assert [str(f) for f in report.findings] == [f'missing appointed supplier (Lot 2): "{lost}"']


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
    assert [str(f) for f in report.findings] == [f'missing resolution (iv): "{RESOLUTION_IV}"']


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_a_paper_whose_prose_names_only_some_lots_passes_as_built(
    tmp_path: Path, suffix: str
) -> None:
    """What a paper must say is for validate; verify checks what the built paper carries."""
    copy = tmp_path / "records"
    shutil.copytree(RECORDS, copy)
    decision = copy / "ilss-2025" / "decision.yaml"
    text = decision.read_text(encoding="utf-8")
    assert "    - Lot 4: {lot.4.title}\n" in text
    decision.write_text(text.replace("    - Lot 4: {lot.4.title}\n", ""), encoding="utf-8")
    out = tmp_path / "out"
    pipeline.build_papers([copy], out, only=["cabinet_paper"])
    records = pipeline.validate([copy])
    report = verify_paper(out / PAPER.with_suffix(suffix), records)
    assert report.ok, [str(f) for f in report.findings]
    titles = [e.what for e in report.checked if e.what.endswith("title")]
    assert titles == ["Lot 1 title", "Lot 2 title", "Lot 3 title", "Lot 5 title"]
