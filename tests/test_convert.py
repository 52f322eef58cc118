"""`docgen pdf`: the publishable PDF of a paper finished in Word, made by LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from conftest import RECORDS, needs
from test_verify import RESOLUTION_IV, edit_docx

from docgen import pipeline
from docgen.cli import main
from docgen.compare.verify import verify_paper
from docgen.exchange.convert import FILTER_OPTIONS, reproducible, soffice_command

PAPER = Path("ilss-cabinet-2025-07-22") / "cabinet-paper"
SOFFICE = needs("soffice", "libreoffice-writer-nogui")


def convert(docx_file: Path, out: Path) -> Path:
    result = CliRunner().invoke(main, ["pdf", str(docx_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out}")
    return out


@SOFFICE
def test_a_built_docx_becomes_a_tagged_reproducible_pdf(
    example_build: Path, tmp_path: Path
) -> None:
    source = tmp_path / "paper.docx"
    shutil.copy(example_build / PAPER.with_suffix(".docx"), source)
    first = convert(source, tmp_path / "first.pdf")
    second = convert(source, tmp_path / "second.pdf")
    assert first.read_bytes() == second.read_bytes()
    reader = pypdf.PdfReader(first)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20250722090000Z"
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp and b"<pdfaid:part>3</pdfaid:part>" in xmp
    assert b"<xmp:CreateDate>2025-07-22T09:00:00Z</xmp:CreateDate>" in xmp
    assert reader.trailer["/ID"][0] == reader.trailer["/ID"][1]


@SOFFICE
def test_the_pdf_of_an_edited_docx_fails_verification(example_build: Path, tmp_path: Path) -> None:
    edited = edit_docx(
        example_build / PAPER.with_suffix(".docx"), tmp_path / "edited.docx", drop=RESOLUTION_IV
    )
    records = pipeline.validate([RECORDS])
    assert verify_paper(
        convert(example_build / PAPER.with_suffix(".docx"), tmp_path / "ok.pdf"), records
    ).ok
    report = verify_paper(convert(edited, tmp_path / "edited.pdf"), records)
    assert report.chosen_by.startswith("its record hash")  # LibreOffice keeps the keywords
    assert [f.what for f in report.findings] == ["resolution (iv)"]


def test_without_libreoffice_the_message_names_the_package(
    example_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = CliRunner().invoke(main, ["pdf", str(example_build / PAPER.with_suffix(".docx"))])
    assert result.exit_code == 2
    assert "apt-get install libreoffice-writer-nogui" in result.output
    assert "Traceback" not in result.output


def test_a_file_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    (tmp_path / "paper.docx").write_text("not a zip")
    result = CliRunner().invoke(main, ["pdf", str(tmp_path / "paper.docx")])
    assert result.exit_code == 2
    assert "not a Word document" in result.output


def test_each_conversion_has_its_own_profile_and_the_accessible_filter(tmp_path: Path) -> None:
    command = soffice_command(
        "soffice", tmp_path / "a.docx", tmp_path / "out", tmp_path / "profile"
    )
    assert command[1] == f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    assert "--headless" in command
    target = command[command.index("--convert-to") + 1]
    assert target.startswith("pdf:writer_pdf_Export:{")
    assert set(FILTER_OPTIONS) == {"UseTaggedPDF", "PDFUACompliance", "SelectPdfVersion"}


def test_reproducible_fixes_dates_and_derives_the_id_from_the_content(example_build: Path) -> None:
    pdf = (example_build / PAPER.with_suffix(".pdf")).read_bytes()
    when = dt.datetime(2025, 7, 18, 12, 30, tzinfo=dt.UTC)
    once, twice = reproducible(pdf, when), reproducible(pdf, when)
    assert once == twice
    reader = pypdf.PdfReader(io.BytesIO(once))
    assert reader.metadata is not None and reader.metadata["/ModDate"] == "D:20250718123000Z"
    other = reproducible(pdf, when + dt.timedelta(days=1))
    assert pypdf.PdfReader(io.BytesIO(other)).trailer["/ID"] != reader.trailer["/ID"]
