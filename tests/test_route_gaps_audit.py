"""`docgen audit` reads a decision not to award's letters as the single letters they are (one
tenderer each, at <award>/letters/contract/<bidder>): a letter naming the other tenderer or its
contact is caught, and each gets the metadata and accessibility checks of any letter."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import RECORDS

from docgen import pipeline
from docgen.audit.report import PRINT_NOTE, audit
from docgen.records.loading import Records

AWARD = "community-transport-2026"
LETTERS = f"{AWARD}/letters/contract"
SOURCES = [RECORDS / "councils", RECORDS / AWARD]


@pytest.fixture(scope="module")
def records() -> Records:
    return pipeline.validate(SOURCES)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("not-awarded")
    pipeline.build_papers(SOURCES, out)
    pipeline.build_letters(SOURCES, out, print_file=True)
    return out


def test_each_letter_is_checked_as_a_letter(built: Path, records: Records) -> None:
    report = audit(built, records, workers=1)
    assert report.ok, "\n".join(map(str, report.findings))
    letters = {p: a for p, a in report.files.items() if "/letters/" in p}
    assert sorted(letters) == [
        f"{LETTERS}/{bidder}.{fmt}"
        for bidder in ("teithio-cymunedol", "valley-minibus")
        for fmt in ("docx", "pdf")
    ]
    assert set(letters.values()) == {"letter"}
    for path in letters:
        ran = report.checks[path]
        assert {"letter-leaks", "metadata"} <= set(ran)
        assert ("pdf-accessibility" in ran) is path.endswith(".pdf")
    assert not any(PRINT_NOTE in note for note in report.notes)


def test_a_letter_naming_the_other_tenderer_is_caught(
    built: Path, records: Records, tmp_path: Path
) -> None:
    # Valley Minibus's letter filed as Teithio Cymunedol's: it names Valley Minibus and its contact.
    shutil.copytree(built, tmp_path / "out")
    folder = tmp_path / "out" / LETTERS
    for fmt in ("pdf", "docx"):
        shutil.copy(folder / f"valley-minibus.{fmt}", folder / f"teithio-cymunedol.{fmt}")
    report = audit(tmp_path / "out", records, workers=1)
    assert {f.check for f in report.findings} == {"letter-leaks"}
    wrong = f"{LETTERS}/teithio-cymunedol"
    assert all(f.path.startswith(wrong) for f in report.findings)
    for fmt in ("pdf", "docx"):
        mine = [f.message for f in report.findings if f.path == f"{wrong}.{fmt}"]
        assert any(
            m.startswith("the name of Valley Minibus Services Ltd, another tenderer") for m in mine
        ), mine
        assert any("Julie Hughes" in m for m in mine), mine
        assert all("a letter to teithio-cymunedol" in m for m in mine)


# ---- route awards' private values in letters and public files (issue 15) ----------------------

PLANTED = "Valley Minibus Services Ltd scored 41 and julie.hughes@valleyminibus.example.com"
DIRECT = "interim-care-2026"


def plant_docx(path: Path, text: str) -> None:
    """A paragraph reading `text` put at the start of the .docx's body."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(buffer, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "word/document.xml":
                data = data.replace(
                    b"<w:body>", f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode(), 1
                )
            new.writestr(name, data)
    path.write_bytes(buffer.getvalue())


def plant_html(path: Path, text: str) -> None:
    page = path.read_text(encoding="utf-8")
    start = page.index(">", page.index("<body")) + 1
    path.write_text(f"{page[:start]}<p>{text}</p>{page[start:]}", encoding="utf-8")


def test_the_other_tenderer_planted_in_a_letter_and_its_contact_in_the_notice_are_caught(
    built: Path, records: Records, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    plant_docx(out / LETTERS / "teithio-cymunedol.docx", PLANTED)
    notice = f"{AWARD}-not-awarded/decision-notice.html"
    plant_html(out / notice, "Contact julie.hughes@valleyminibus.example.com")
    report = audit(out, records, workers=1)
    found = {(f.path, f.check, f.message.split(" appears")[0]) for f in report.findings}
    letter = f"{LETTERS}/teithio-cymunedol.docx"
    email = "contact email julie.hughes@valleyminibus.example.com (Valley Minibus Services Ltd)"
    assert found == {
        (letter, "letter-leaks", "the name of Valley Minibus Services Ltd, another tenderer"),
        (letter, "letter-leaks", email),
        (notice, "private-contacts", email),
    }
    assert all(f"{AWARD}/award.yaml" in f.message for f in report.findings)


def test_a_tenderers_name_or_contact_name_in_a_public_file_is_caught(
    built: Path, records: Records, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(built, out)
    report_file = f"{AWARD}-not-awarded/decision-report.docx"
    plant_docx(out / report_file, "Teithio Cymunedol Glan-yr-Afon Cyf (Gareth Rowlands) bid.")
    report = audit(out, records, workers=1)
    assert {(f.path, f.check) for f in report.findings} == {
        (report_file, "bidder-names"),
        (report_file, "private-contacts"),
    }
    assert any("no contract was awarded" in f.message for f in report.findings)


@pytest.fixture(scope="module")
def direct(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Records]:
    sources = [RECORDS / "councils", RECORDS / DIRECT]
    out = tmp_path_factory.mktemp("direct")
    pipeline.build_papers(sources, out)
    return out, pipeline.validate(sources)


def test_a_direct_award_names_its_supplier_but_never_its_contact(
    direct: tuple[Path, Records], tmp_path: Path
) -> None:
    built, records = direct
    assert audit(built, records, workers=1).ok  # the supplier is named throughout
    out = tmp_path / "out"
    shutil.copytree(built, out)
    notice = f"{DIRECT}-award/transparency-notice.docx"
    plant_docx(
        out / notice,
        "Harbourside Care Services Ltd: Joanne Pilling, contracts@harbourside-care.example.com",
    )
    report = audit(out, records, workers=1)
    assert {(f.path, f.check) for f in report.findings} == {(notice, "private-contacts")}
    messages = " ".join(f.message for f in report.findings)
    assert "contact name Joanne Pilling" in messages
    assert "contracts@harbourside-care.example.com" in messages
