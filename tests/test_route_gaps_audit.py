"""`docgen audit` reads a decision not to award's letters as the single letters they are (one
tenderer each, at <award>/letters/contract/<bidder>): a letter naming the other tenderer or its
contact is caught, and each gets the metadata and accessibility checks of any letter."""

from __future__ import annotations

import shutil
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
