"""Agenda packs read back with pypdf, and DRAFT marking in the PDF and Word outputs."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from conftest import RECORDS

from docgen import pipeline
from docgen.build import engine as build
from docgen.build.papers import paper_jobs
from docgen.cli import main
from docgen.errors import UsageError
from docgen.exchange.pack import EXEMPT_PACK, PACK, build_packs

ILSS = "ilss-cabinet-2025-07-22"
CARERS = "carers-support-2026-award"
PAGE = re.compile(r"Page (\d+) of (\d+)")


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


def test_pack_holds_the_public_documents_in_order(built: Path) -> None:
    folder = built / ILSS
    parts = ["cabinet-paper", "appendix-a-suppliers", "appendix-b-notice", "decision-notice"]
    reader = pypdf.PdfReader(folder / PACK)
    assert len(reader.pages) == sum(pages_of(folder / f"{p}.pdf") for p in parts)
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    assert [title for title, _ in outline] == [
        "Cabinet report",
        "Appendix A: Suppliers appointed to each Lot",
        "Appendix B: Evaluation scores for each Lot (notice)",
        "Decision notice",
    ]
    starts, page = [], 0
    for part in parts:
        starts.append(page)
        page += pages_of(folder / f"{part}.pdf")
    assert [start for _, start in outline] == starts
    assert reader.page_labels == [str(n) for n in range(1, len(reader.pages) + 1)]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_every_page_shows_one_continuous_page_number(built: Path) -> None:
    for pack in (built / ILSS / PACK, built / CARERS / PACK):
        reader = pypdf.PdfReader(pack)
        total = len(reader.pages)
        for n, page in enumerate(reader.pages, start=1):
            assert PAGE.findall(page.extract_text()) == [(str(n), str(total))]


def test_exempt_documents_go_into_their_own_pack(built: Path) -> None:
    public = pypdf.PdfReader(built / ILSS / PACK)
    exempt_path = built / ILSS / "exempt" / EXEMPT_PACK
    exempt = pypdf.PdfReader(exempt_path)
    assert [i.title for i in exempt.outline] == [
        "Appendix B: Evaluation scores for each Lot (exempt)"
    ]
    assert len(exempt.pages) == pages_of(built / ILSS / "exempt" / "appendix-b-scores.pdf")
    assert not any("(exempt)" in item.title for item in public.outline)
    exempt_text = "\n".join(p.extract_text() for p in exempt.pages)
    public_text = "\n".join(p.extract_text() for p in public.pages)
    for secret in ("NOT FOR PUBLICATION", "Price bid", "Public interest test."):
        assert secret in exempt_text and secret not in public_text
    assert "Appendix B: Evaluation scores for each Lot is not for publication" in public_text
    assert exempt.page_labels[-1] == str(len(exempt.pages))


def test_packs_are_reproducible(built: Path, tmp_path: Path) -> None:
    first = (built / ILSS / PACK).read_bytes()
    build_packs(pipeline.validate([RECORDS]), built, [ILSS])
    assert (built / ILSS / PACK).read_bytes() == first
    reader = pypdf.PdfReader(built / ILSS / PACK)
    assert "/ID" in reader.trailer
    assert "/CreationDate" not in reader.metadata and "/ModDate" not in reader.metadata


def test_pack_refuses_missing_pdfs(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not built"):
        build_packs(pipeline.validate([RECORDS]), tmp_path)


def test_pack_refuses_pdfs_of_other_records(built: Path, tmp_path: Path) -> None:
    for path in (built / CARERS).rglob("*.pdf"):
        target = tmp_path / CARERS / path.relative_to(built / CARERS)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    stale = tmp_path / CARERS / "decision-report.pdf"
    stale.write_bytes((built / ILSS / "cabinet-paper.pdf").read_bytes())
    with pytest.raises(UsageError, match="built from other records"):
        build_packs(pipeline.validate([RECORDS]), tmp_path, [CARERS])


def test_cli_pack_with_build(tmp_path: Path) -> None:
    records = tmp_path / "records"  # one decision: few enough documents to build in-process
    for folder in ("councils", "carers-support-2026"):
        shutil.copytree(RECORDS / folder, records / folder)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["pack", str(records), "--out", str(out), "--build"])
    assert result.exit_code == 0, result.output
    # one page more than the paper, notices and exempt-appendix notice: Appendix A
    assert f"{CARERS}/agenda-pack.pdf: 6 pages" in result.output
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
    documents = [p for p in draft if "agenda-pack" not in p.name]
    assert documents
    for path in documents:
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
