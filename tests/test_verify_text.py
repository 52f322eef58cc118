"""How verify cuts a document into words and facts (docgen.compare.verify_text)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RECORDS

from docgen.cli import main
from docgen.compare import verify
from docgen.compare.verify_text import Tokenizer, split_label

TOKENS = Tokenizer(["Castle Care Ltd", "Reablement"])


def facts(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.key) for t in TOKENS.tokens(text, 0) if t.fact]


@pytest.mark.parametrize(
    "written", ["6 October 2025", "6 Oct 2025", "6th October 2025", "06/10/2025", "6 Oct. 2025"]
)
def test_a_date_is_one_fact_however_it_is_written(written: str) -> None:
    assert facts(f"from {written}, for") == [("date", "2025-10-06")]


@pytest.mark.parametrize("written", ["£254.4m", "£254.4 million", "£254,400,000", "£ 254.4m"])
def test_a_sum_is_one_fact_however_it_is_written(written: str) -> None:
    assert facts(f"worth {written} over") == [("money", "£254400000")]


def test_a_sum_and_a_date_that_differ_are_other_facts() -> None:
    assert facts("£245.4m from 7 October 2025") == [
        ("money", "£245400000"),
        ("date", "2025-10-07"),
    ]


def test_names_counts_percentages_and_numbers_are_facts() -> None:
    assert facts("Castle Care Ltd won five Lots (10%) with 85.20 and company 07265644") == [
        ("name", "castle care ltd"),
        ("number", "5"),
        ("percent", "10%"),
        ("number", "85.20"),
        ("number", "07265644"),
    ]


def test_what_only_looks_like_a_fact_is_a_word() -> None:
    """A paragraph reference is renumbering's business; "31/13/2025" is no date; "12A" and
    "E15" are no numbers."""
    assert facts("see paragraph 5.4 and 5.5, on 31/13/2025, Schedule 12A, London E15") == []
    words = [t.text for t in TOKENS.tokens("on 31/13/2025", 0)]
    assert words == ["on", "31/13/2025"]  # still a word of the document, compared as one


@pytest.mark.parametrize(
    ("text", "label", "rest"),
    [
        ("6.1 The value", "6.1", "The value"),
        ("6. Financial Implications", "6", "Financial Implications"),
        ("2.1(iii) Delegate", "2.1(iii)", "Delegate"),
        ("(iv) Note the scores", "(iv)", "Note the scores"),
        ("44 organisations tendered", None, "44 organisations tendered"),
    ],
)
def test_a_paragraph_number_is_its_place_not_a_word(
    text: str, label: str | None, rest: str
) -> None:
    assert split_label(text) == (label, rest)


def test_a_file_too_long_to_align_is_refused_by_name(
    example_build: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify, "MAX_WORDS", 100)
    paper = example_build / "ilss-cabinet-2025-07-22" / "cabinet-paper.docx"
    result = CliRunner().invoke(main, ["verify", str(paper), str(RECORDS)])
    assert result.exit_code == 2
    assert "more than verify reads (100, a thousand pages)" in result.output
    assert "Traceback" not in result.output
