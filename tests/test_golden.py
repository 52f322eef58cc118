"""The example pack's text matches tests/golden/, which a person has read; tools/golden.py says
which documents are there and what is normalised. The comparison is shown to fail, with a diff and
the `make golden` hint, when a golden file is edited, missing or left over, and not to fail when
only a PDF's line breaks differ."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RECORDS

from docgen import pipeline
from tools import golden

PAPER = "ilss-cabinet-2025-07-22/cabinet-paper.docx.txt"
PAPER_PDF = "ilss-cabinet-2025-07-22/cabinet-paper.pdf.txt"


@pytest.fixture(scope="module")
def built_text(example_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The normalised text of each golden document, from the session's example build and letters
    built here (into a folder of their own, so the shared build stays as other tests expect)."""
    letters = tmp_path_factory.mktemp("golden-letters")
    pipeline.build_letters([RECORDS], letters)
    return golden.texts(example_build, letters)


def test_example_matches_golden_text(built_text: dict[str, str]) -> None:
    problems = golden.compare(built_text, golden.GOLDEN)
    assert not problems, "\n\n".join(problems)


def test_the_set_has_each_kind_of_document(built_text: dict[str, str]) -> None:
    names = set(built_text)
    assert len(names) < 120  # a set a person can read: every example's documents (the Welsh one
    # bilingual), few letters
    for decision in ("ilss-cabinet-2025-07-22", "carers-support-2026-award"):
        for document in ("appendix-a-suppliers", "appendix-b-notice", "exempt/appendix-b-scores"):
            assert {f"{decision}/{document}.pdf.txt", f"{decision}/{document}.docx.txt"} <= names
        assert f"{decision}/decision-notice.html.txt" in names
    assert "ilss-cabinet-2025-07-22-rev1/cabinet-paper.pdf.txt" in names
    letters = [name for name in names if "/letters/" in name]
    # The first letter of each outcome in each award's manifest, Word and PDF: three outcomes in
    # ILSS, the carers' contract and the framework (appointed, unsuccessful, excluded or reserve),
    # two in the call-off, one (not awarded) in the procurement stopped, three in the Welsh
    # framework (each bilingual).
    assert len(letters) == 2 * (3 + 3 + 3 + 2 + 1 + 3)


@pytest.fixture
def stored(built_text: dict[str, str], tmp_path: Path) -> Path:
    """A copy of the golden files, written from the built text, that the tests may edit."""
    golden.write(built_text, tmp_path)
    assert golden.compare(built_text, tmp_path) == []
    return tmp_path


def test_an_edited_word_fails_with_a_diff_and_the_hint(
    built_text: dict[str, str], stored: Path
) -> None:
    target = stored / PAPER
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("Cabinet – Tuesday 22 July", "Cabinet – Tuesday 23 July"))
    problems = golden.compare(built_text, stored)
    assert len(problems) == 2
    assert f"--- golden/{PAPER}" in problems[0]
    assert "-Cabinet – Tuesday 23 July 2025" in problems[0]
    assert "+Cabinet – Tuesday 22 July 2025" in problems[0]
    assert "make golden" in problems[1]


def test_a_pdf_word_moved_to_another_page_fails(built_text: dict[str, str], stored: Path) -> None:
    target = stored / PAPER_PDF
    text = target.read_text(encoding="utf-8")
    header = "London Borough of Newham FINAL\n"
    assert f"--- page 2 ---\n{header}" in text
    target.write_text(text.replace(f"--- page 2 ---\n{header}", f"{header}--- page 2 ---\n"))
    problems = golden.compare(built_text, stored)
    assert problems and f"golden/{PAPER_PDF}" in problems[0]


def test_a_pdf_rewrapped_differently_still_matches(
    built_text: dict[str, str], stored: Path
) -> None:
    target = stored / PAPER_PDF
    rewrapped = "\n".join(
        line if line.startswith("--- page") else "\n".join(line.split())
        for line in target.read_text(encoding="utf-8").splitlines()
    )
    target.write_text(rewrapped)
    assert golden.compare(built_text, stored) == []


def test_a_missing_and_a_left_over_golden_file_fail(
    built_text: dict[str, str], stored: Path
) -> None:
    (stored / PAPER).unlink()
    (stored / "old-decision").mkdir()
    (stored / "old-decision" / "paper.pdf.txt").write_text("gone\n")
    problems = golden.compare(built_text, stored)
    assert f"no golden file {PAPER}" in problems
    assert "golden file old-decision/paper.pdf.txt has no document in the build" in problems


def test_write_removes_golden_files_no_longer_in_the_set(
    built_text: dict[str, str], stored: Path
) -> None:
    (stored / "README.md").write_text("kept\n")
    (stored / "old.pdf.txt").write_text("gone\n")
    golden.write(built_text, stored)
    assert not (stored / "old.pdf.txt").exists()
    assert (stored / "README.md").exists()


def test_wrapped_pdf_lines_join_into_paragraphs() -> None:
    page = (
        "Heading\n"
        "Thank you for your tender (reference GYA-\n"
        "SS-2025-118). It was \n"
        "excluded.\n"
        "The Council is observing a \n"
        "Council · Lot 1 · Private and confidential Page 1 of 2\n"
    )
    assert golden._paragraphs(page) == [
        "Heading",
        "Thank you for your tender (reference GYA-SS-2025-118). It was excluded.",
        "The Council is observing a",
        "Council · Lot 1 · Private and confidential Page 1 of 2",
    ]
