"""Fixes for the routes (issue 15): a decision not to award's letters refuse drafting
placeholders as award letters do; R49 asks a PA2023 scored award for per-criterion
explanations; OCDS errors name a route in words; `docgen new decision --award` finds its award
where it was written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import RECORDS

from docgen import pipeline
from docgen.errors import RecordError

NOT_AWARDED = "community-transport-2026"


def not_awarded_with(tmp_path: Path, old: str, new: str) -> list[Path]:
    """The decision not to award (and its council) with one piece of text changed."""
    shutil.copytree(RECORDS / "councils", tmp_path / "records" / "councils")
    folder = tmp_path / "records" / NOT_AWARDED
    shutil.copytree(RECORDS / NOT_AWARDED, folder)
    award = folder / "award.yaml"
    text = award.read_text(encoding="utf-8")
    assert old in text
    award.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [tmp_path / "records" / "councils", folder]


def test_a_placeholder_in_the_reason_stops_the_not_awarded_letters(tmp_path: Path) -> None:
    sources = not_awarded_with(tmp_path, "after the deadline.", "after the deadline. TBC")
    out = tmp_path / "out"
    with pytest.raises(RecordError) as raised:
        pipeline.build_letters(sources, out)
    problems = [str(p) for p in raised.value.problems]
    assert len(problems) == 1, problems
    assert f"records/{NOT_AWARDED}/award.yaml:" in problems[0]
    assert "reason: still holds the drafting placeholder 'TBC'" in problems[0]
    assert "a letter would print it, so no letter is written" in problems[0]
    assert not list(out.rglob("*.pdf")) and not list(out.rglob("*.docx"))


def test_a_placeholder_in_a_tenderers_address_stops_them_all(tmp_path: Path) -> None:
    sources = not_awarded_with(tmp_path, "41 Station Road", '"[Add the street address]"')
    with pytest.raises(RecordError) as raised:
        pipeline.build_letters(sources, tmp_path / "out")
    (problem,) = raised.value.problems
    assert problem.field.startswith("bidders[1].address"), problem
    assert problem.line > 0 and problem.column > 0


def test_a_clean_record_still_writes_its_letters(tmp_path: Path) -> None:
    sources = not_awarded_with(tmp_path, "after the deadline.", "after the closing date.")
    report = pipeline.build_letters(sources, tmp_path / "out")
    assert report.outcomes["not awarded"] == 2
    assert (
        tmp_path / "out" / NOT_AWARDED / "letters" / "contract" / "valley-minibus.pdf"
    ).is_file()
