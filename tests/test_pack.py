"""Agenda packs: one tagged Typst document per pack, read back with pypdf and pikepdf and
compared with the documents themselves; and DRAFT marking in the PDF and Word outputs."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pypdf
import pytest
from click.testing import CliRunner
from conftest import RECORDS

from docgen import pipeline
from docgen.audit.report import audit
from docgen.build import engine as build
from docgen.build.papers import paper_jobs
from docgen.cli import main
from docgen.compare.diff import compare_pdfs, format_text
from docgen.exchange.pack import EXEMPT_PACK, PACK, build_packs

ILSS = "ilss-cabinet-2025-07-22"
CARERS = "carers-support-2026-award"
WELSH = "dyffryn-tywi-homecare-2026-award"
TITLE = "Independent Living Support Service – Contract Award"
PUBLIC = ["cabinet-paper", "appendix-a-suppliers", "appendix-b-notice", "decision-notice"]
PAGE = re.compile(r"(?<!Pack )Page (\d+) of (\d+)")
PACK_PAGE = re.compile(r"Pack page (\d+) of (\d+)")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example papers (Word and PDF) and their packs, built once for this module."""
    out = tmp_path_factory.mktemp("packs")
    records = pipeline.validate([RECORDS])
    # One process: a process pool forked after Typst has run in this process can hang.
    build.run(paper_jobs(records), out, workers=1)
    build_packs(records, out)
    return out


def pages_of(path: Path) -> int:
    return len(pypdf.PdfReader(path).pages)


def texts(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def structure(path: Path) -> list[tuple[str, str]]:
    """The structure tree's elements in reading order: (type, its /T or '')."""
    found: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        if not isinstance(node, pikepdf.Dictionary):
            return
        if "/S" in node:
            found.append((str(node.S), str(node.get("/T", ""))))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid)

    with pikepdf.open(path) as pdf:
        walk(pdf.Root.StructTreeRoot)
    return found


def test_the_pack_is_one_tagged_titled_document_in_its_language(built: Path) -> None:
    with pikepdf.open(built / ILSS / PACK) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == "en-GB"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert str(pdf.docinfo["/Title"]) == f"{TITLE} – agenda pack"
        assert "sha256:" in str(pdf.docinfo["/Keywords"])
    with pikepdf.open(built / WELSH / PACK) as pdf:  # the Welsh-first council's pack
        assert str(pdf.Root.Lang) == "cy-GB"


def test_one_structure_tree_each_document_a_level_1_heading_over_its_own(built: Path) -> None:
    tags = structure(built / ILSS / PACK)
    kinds = [kind for kind, _ in tags]
    assert kinds.count("/Title") == 1 and kinds.index("/Title") < kinds.index("/H1")
    headings = [(kind, text) for kind, text in tags if re.fullmatch(r"/H\d", kind)]
    tops = [text for kind, text in headings if kind == "/H1"]
    assert tops == [
        TITLE,
        "Appendix A: Suppliers appointed to each Lot",
        "Appendix B: Evaluation scores for each Lot",
        TITLE,
    ]
    assert {kind for kind, _ in headings} == {"/H1", "/H2", "/H3"}
    paper = headings[1 : headings.index(("/H1", tops[1]))]
    assert paper[0] == ("/H2", "1. Executive Summary")
    assert ("/H2", "11. Background Papers") in paper
    notice = headings[headings.index(("/H1", tops[1])) + 1 :]
    assert ("/H2", "Call-in and implementation") in notice
    # on its own, the paper is a Title over level-1 sections: in the pack, one level down
    alone = structure(built / ILSS / "cabinet-paper.pdf")
    assert ("/H1", "1. Executive Summary") in alone and ("/Title", "") in alone


def test_a_bookmark_per_document_at_its_first_page_its_headings_below(built: Path) -> None:
    folder = built / ILSS
    reader = pypdf.PdfReader(folder / PACK)
    tops = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in tops] == [
        f"Cabinet report – {TITLE}",
        "Appendix A: Suppliers appointed to each Lot",
        "Appendix B: Evaluation scores for each Lot",
        f"Decision notice – {TITLE}",
    ]
    starts, page = [], 1  # after the front sheet
    for part in PUBLIC:
        starts.append(page)
        page += pages_of(folder / f"{part}.pdf")
    assert [reader.get_destination_page_number(item) for item in tops] == starts
    assert len(reader.pages) == page  # the front sheet and every page of every document
    sections = reader.outline[1]
    assert isinstance(sections, list)
    assert [item.title for item in sections if not isinstance(item, list)][:2] == [
        "1. Executive Summary",
        "2. Recommendations",
    ]


def test_every_page_shows_its_documents_page_and_the_packs(built: Path) -> None:
    folder = built / ILSS
    pages = texts(folder / PACK)
    total = len(pages)
    expected = [(1, 1)]  # the front sheet is a part of one page
    for part in PUBLIC:
        count = pages_of(folder / f"{part}.pdf")
        expected += [(n, count) for n in range(1, count + 1)]
    for number, (text, (page, of)) in enumerate(zip(pages, expected, strict=True), start=1):
        assert PAGE.findall(text) == [(str(page), str(of))], number
        assert PACK_PAGE.findall(text) == [(str(number), str(total))], number


def test_the_front_sheet_names_the_meeting_the_item_and_where_each_document_starts(
    built: Path,
) -> None:
    front = texts(built / ILSS / PACK)[0]
    lines = [line.strip() for line in front.splitlines()]
    assert "London Borough of Newham" in lines
    assert "Cabinet – Tuesday 22 July 2025" in lines
    assert "Agenda item 7" in lines
    assert "Agenda pack" in lines
    contents = lines[lines.index("Document Pack page") + 1 :]
    assert contents[:4] == [
        "Cabinet report 2",
        "Appendix A: Suppliers appointed to each Lot 6",
        "Appendix B: Evaluation scores for each Lot (notice) 12",
        "Decision notice 13",
    ]


def test_the_packs_text_is_the_documents_text_apart_from_front_sheet_and_page_lines(
    built: Path, tmp_path: Path
) -> None:
    """The documents concatenated (pypdf) against the pack less its front sheet, with docgen
    compare: it leaves page numbers out of headers and footers, so what is left of the pack's
    "Pack page N of M" line is the word "Pack", the only difference, in the footer of every page.
    """
    folder = built / ILSS
    joined = pypdf.PdfWriter()
    for part in PUBLIC:
        joined.append(str(folder / f"{part}.pdf"))
    joined.write(tmp_path / "documents.pdf")
    body = pypdf.PdfWriter()
    for page in pypdf.PdfReader(folder / PACK).pages[1:]:
        body.add_page(page)
    body.write(tmp_path / "pack-body.pdf")
    result = compare_pdfs(tmp_path / "documents.pdf", tmp_path / "pack-body.pdf")
    report = format_text(result)
    assert result.original_pages == result.revised_pages == 14, report
    assert len(result.changes) == 1, report
    (footer,) = result.changes
    assert footer.position == "footer" and footer.kind == "furniture", report
    assert (footer.original.text, footer.revised.text) == ("FINAL", "FINAL Pack"), report
    assert list(footer.original.pages) == list(range(1, 15)), report


def test_exempt_documents_go_into_their_own_pack(built: Path) -> None:
    public = built / ILSS / PACK
    exempt = built / ILSS / "exempt" / EXEMPT_PACK
    reader = pypdf.PdfReader(exempt)
    assert [i.title for i in reader.outline if not isinstance(i, list)] == [
        "Appendix B: Evaluation scores for each Lot"
    ]
    scores = built / ILSS / "exempt" / "appendix-b-scores.pdf"
    assert len(reader.pages) == 1 + pages_of(scores)
    exempt_text = "\n".join(texts(exempt))
    public_text = "\n".join(texts(public))
    for secret in ("NOT FOR PUBLICATION", "Price bid", "Public interest test."):
        assert secret in exempt_text and secret not in public_text
    assert "Appendix B: Evaluation scores for each Lot is not for publication" in public_text
    assert all("NOT FOR PUBLICATION" in page for page in texts(exempt))  # the front sheet too
    front = " ".join(texts(exempt)[0].split())
    assert "Exempt agenda pack" in front
    marking = "NOT FOR PUBLICATION by virtue of paragraph 3 of Part 1 of Schedule 12A"
    assert marking in front  # the exempt documents' own marking, on the front sheet's body
    assert marking not in " ".join(texts(public)[0].split())


def test_packs_are_reproducible_and_made_from_records_not_from_built_pdfs(
    built: Path, tmp_path: Path
) -> None:
    """A pack is composed from the records' contexts: it needs no built document, and the same
    records give the same bytes, whatever else is in the folder."""
    records = pipeline.validate([RECORDS])
    build_packs(records, tmp_path, [ILSS])
    assert sorted(p.name for p in (tmp_path / ILSS).rglob("*.pdf")) == [EXEMPT_PACK, PACK]
    assert (tmp_path / ILSS / PACK).read_bytes() == (built / ILSS / PACK).read_bytes()
    planted = tmp_path / ILSS / "cabinet-paper.pdf"  # a stale or foreign PDF is not read
    planted.write_bytes((built / CARERS / "decision-report.pdf").read_bytes())
    (tmp_path / ILSS / PACK).unlink()
    build_packs(records, tmp_path, [ILSS])
    assert (tmp_path / ILSS / PACK).read_bytes() == (built / ILSS / PACK).read_bytes()
    with pikepdf.open(tmp_path / ILSS / PACK) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20250722")  # the decision's


def test_audit_passes_an_output_folder_with_packs(built: Path, tmp_path: Path) -> None:
    """Every check of `docgen audit`, pdfua's PDF/UA-1 checks among them, on the documents and
    packs of two decisions (one with an exempt pack)."""
    for decision in (ILSS, CARERS):
        shutil.copytree(built / decision, tmp_path / decision)
    report = audit(tmp_path, pipeline.validate([RECORDS]), workers=1)
    packs = [path for path in report.files if "agenda-pack" in path]
    assert len(packs) == 4
    assert all("pdf-ua" in report.checks[path] for path in packs)
    assert report.ok, "\n".join(map(str, report.findings))


def test_cli_pack_with_build(tmp_path: Path) -> None:
    records = tmp_path / "records"  # one decision: few enough documents to build in-process
    for folder in ("councils", "carers-support-2026"):
        shutil.copytree(RECORDS / folder, records / folder)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["pack", str(records), "--out", str(out), "--build"])
    assert result.exit_code == 0, result.output
    pages = pages_of(out / CARERS / PACK)
    assert f"{CARERS}/agenda-pack.pdf: {pages} pages: " in result.output
    assert "Decision notice (2)" in result.output
    assert (out / CARERS / "exempt" / EXEMPT_PACK).is_file()
    again = CliRunner().invoke(main, ["pack", str(records), "--out", str(out), "--decision", "x"])
    assert again.exit_code == 2 and "no decision has the id 'x'" in again.output


# ---- DRAFT marking, driven by the decision's status ----


def watermarks(path: Path) -> list[str]:
    """Text drawn at 48 pt or more: the diagonal watermark, not the header's status label."""
    found: list[str] = []

    def visit(text: str, cm: object, tm: object, font: object, size: float) -> None:
        if text.strip() and size >= 48:
            found.append(text.strip())

    for page in pypdf.PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return found


def header_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as docx:
        return "".join(
            docx.read(name).decode("utf-8")
            for name in docx.namelist()
            if re.fullmatch(r"word/header\d*\.xml", name)
        )


def test_draft_pdfs_carry_a_watermark_and_final_ones_do_not(built: Path) -> None:
    draft = sorted((built / CARERS).rglob("*.pdf"))
    assert any("agenda-pack" in p.name for p in draft)
    for path in draft:  # the packs too: each page as its document's
        reader = pypdf.PdfReader(path)
        assert watermarks(path) == ["DRAFT"] * len(reader.pages), path
    for path in (built / ILSS).rglob("*.pdf"):
        assert watermarks(path) == [], path


def test_draft_word_files_carry_a_watermark_in_the_header(built: Path) -> None:
    drafts = sorted((built / CARERS).rglob("*.docx"))
    assert drafts
    for path in drafts:
        xml = header_xml(path)
        assert 'string="DRAFT"' in xml, path
        assert "{%" not in xml and "is_draft" not in xml
    for path in (built / ILSS).rglob("*.docx"):
        xml = header_xml(path)
        assert "DRAFT" not in xml and "v:shape " not in xml, path


def test_a_welsh_councils_pack_speaks_welsh_and_holds_both_languages(built: Path) -> None:
    """Dyffryn Tywi publishes Welsh first, both languages in one file: the front sheet is Welsh,
    then English (each in its language), each page's pack line is in its part's language, and
    each document's two parts each have a bookmark."""
    pages = texts(built / WELSH / PACK)
    front = [line.strip() for line in pages[0].splitlines()]
    assert front.index("Eitem 7 ar yr agenda") < front.index("Agenda item 7")
    assert front.index("Pecyn agenda") < front.index("Agenda pack")
    at = front.index("Adroddiad y Cabinet")
    assert front[at : at + 3] == ["Adroddiad y Cabinet", "Cabinet report", "2"]
    for n, page in enumerate(pages, 1):
        welsh = "Tudalen 1 o" in page or "Tudalen 2 o" in page or "Tudalen 3 o" in page
        line = f"Tudalen y pecyn {n} o {len(pages)}" if welsh else f"Pack page {n} of {len(pages)}"
        assert line in page, n
    assert "Pack page 5 of" in pages[4] and "Page 1 of" in pages[4]  # the paper in English
    reader = pypdf.PdfReader(built / WELSH / PACK)
    tops = [item.title for item in reader.outline if not isinstance(item, list)]
    assert tops[0].startswith("Adroddiad y Cabinet – ") and tops[1].startswith("Cabinet report – ")
    assert len(tops) == 8  # paper, two appendices and the notice, each in Welsh and English
    with pikepdf.open(built / WELSH / PACK) as pdf:
        assert str(pdf.Root.Lang) == "cy-GB"
