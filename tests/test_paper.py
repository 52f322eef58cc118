"""The model case's paper and Appendix A, read back from the real .docx and PDF files."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import RECORDS, needs, soffice_to_pdf

from docgen import pipeline

PAPER = Path("ilss-cabinet-2025-07-22") / "cabinet-paper"
APPENDIX = Path("ilss-cabinet-2025-07-22") / "appendix-a-suppliers"
LOT_TITLES = [
    "Reablement",
    "Long-Term Care – adults with physical disabilities, sensory impairments and/or other long-term conditions",
    "Long-Term Care – autistic adults, children and young people and those with learning disabilities "
    "and/or mental health needs",
    "Domestic Support",
    "Approved Supplier List",
]


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module", params=["pdf", "docx"])
def paper_text(request: pytest.FixtureRequest, example_build: Path) -> str:
    path = example_build / PAPER.with_suffix(f".{request.param}")
    return flat(pdf_text(path) if request.param == "pdf" else docx_text(path))


def test_paper_states_every_resolution_lot_and_value(paper_text: str) -> None:
    assert (
        "extend the current purchasing arrangements from 12 July 2025 to 6 October 2025, as set out at paragraph 5.4 of this report"
        in paper_text
    )
    for numeral in ("(i)", "(ii)", "(iii)", "(iv)", "(v)"):
        assert numeral in paper_text
    assert "£31.8m" in paper_text and "£254.4m" in paper_text
    assert "paragraph of this report" not in paper_text
    for title in LOT_TITLES:
        assert flat(title) in paper_text


def test_paragraph_reference_points_at_the_interim_extension(paper_text: str) -> None:
    match = re.search(r"5\.4 The current purchasing arrangements", paper_text)
    assert match, "paragraph 5.4 is the labelled interim-extension paragraph"


def test_pdf_is_tagged_titled_in_english_and_carries_the_record_hash(example_build: Path) -> None:
    reader = pypdf.PdfReader(example_build / PAPER.with_suffix(".pdf"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata is not None
    assert (
        reader.metadata.title
        == "Independent Living Support Service – Contract Award – Cabinet report"
    )
    assert re.search(r"sha256:[0-9a-f]{64}", str(reader.metadata.get("/Keywords", "")))
    assert "docgen-data.json" in reader.attachments
    assert "Page 1 of" in reader.pages[0].extract_text()


def test_word_paper_uses_heading_styles(example_build: Path) -> None:
    document = docx.Document(str(example_build / PAPER.with_suffix(".docx")))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings[:3] == [
        "1. Executive Summary",
        "2. Recommendations",
        "3. Reasons for the Recommendations",
    ]
    assert (
        document.core_properties.title
        == "Independent Living Support Service – Contract Award – Cabinet report"
    )


def test_appendix_lists_appointed_suppliers_per_lot(example_build: Path) -> None:
    text = flat(pdf_text(example_build / APPENDIX.with_suffix(".pdf")))
    assert "Appendix A: Suppliers appointed to each Lot" in text
    assert "Lot 5: Approved Supplier List – Sub-category C: Children and young people" in text
    document = docx.Document(str(example_build / APPENDIX.with_suffix(".docx")))
    headers = [t.rows[0].cells[1].text for t in document.tables]
    assert "Supplier" in headers


def test_second_example_is_an_officer_decision_without_lots(example_build: Path) -> None:
    text = flat(pdf_text(example_build / "carers-support-2026-award" / "decision-report.pdf"))
    assert "The Director of Social Services is recommended to:" in text
    assert "£872,000" in text
    appendix = flat(
        pdf_text(example_build / "carers-support-2026-award" / "appendix-a-suppliers.pdf")
    )
    assert "Appendix A: The recommended supplier" in appendix
    assert "Cwmni Gofalwyr Glan-yr-Afon Cyf" in appendix
    assert "Valleys Carers Trust" not in appendix  # only the appointed supplier is public


def test_building_twice_gives_identical_bytes(tmp_path: Path, example_build: Path) -> None:
    pipeline.build_papers([RECORDS], tmp_path)
    for name in (
        PAPER.with_suffix(".pdf"),
        PAPER.with_suffix(".docx"),
        APPENDIX.with_suffix(".docx"),
    ):
        assert (tmp_path / name).read_bytes() == (example_build / name).read_bytes()


def test_second_build_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    first = pipeline.build_papers([RECORDS], tmp_path)
    second = pipeline.build_papers([RECORDS], tmp_path)
    assert first.written and not second.written
    assert len(second.skipped) == len(first.written)


@needs("soffice", "libreoffice-writer-nogui")
def test_libreoffice_opens_the_word_paper(tmp_path: Path, example_build: Path) -> None:
    source = example_build / PAPER.with_suffix(".docx")
    soffice_to_pdf(source, tmp_path, timeout=180)
    text = flat(pdf_text(tmp_path / "cabinet-paper.pdf"))
    assert "as set out at paragraph 5.4 of this report" in text


def test_pdf_page_count_is_plausible(example_build: Path) -> None:
    data = (example_build / PAPER.with_suffix(".pdf")).read_bytes()
    assert 3 <= len(pypdf.PdfReader(io.BytesIO(data)).pages) <= 12


def test_editing_a_typst_template_rebuilds_its_pdfs(tmp_path: Path) -> None:
    import shutil

    from docgen.build.engine import DEFAULT_TEMPLATES

    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    out = tmp_path / "out"
    pipeline.build_papers(
        [RECORDS], out, only=["cabinet_paper"], formats=["pdf"], templates=templates
    )
    typ = templates / "cabinet_paper.typ"
    typ.write_text(typ.read_text(encoding="utf-8") + "\n// edited\n", encoding="utf-8")
    again = pipeline.build_papers(
        [RECORDS], out, only=["cabinet_paper"], formats=["pdf"], templates=templates
    )
    assert {p.name for p in again.written} >= {"cabinet-paper.pdf"}


def test_every_resolution_is_in_both_formats(paper_text: str) -> None:
    from docgen.build.papers import bundle_for
    from docgen.documents import cabinet_paper
    from docgen.records.loading import load_records

    records = load_records([RECORDS])
    context = cabinet_paper.build(bundle_for(records.decisions["ilss-cabinet-2025-07-22"], records))
    items = [b for s in context.sections for b in s.body.blocks if b.kind == "item"]
    assert len(items) == 5
    for item in items:
        assert flat("".join(run.text for run in item.runs)) in paper_text
