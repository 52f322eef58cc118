"""House style: money, dates, terms, numerals (docs/law.md §8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from docgen.derive import formatting as fmt


@pytest.mark.parametrize(
    ("amount", "style", "text"),
    [
        ("31800000", "short", "£31.8m"),
        ("254400000", "short", "£254.4m"),
        ("254400000", "long", "£254.4 million"),
        ("255000000", "short", "£255m"),
        ("6313311", "long", "£6.3 million"),
        ("860000", "long", "£860,000"),
        ("2500", "short", "£2,500"),
        ("1972315.70", "short", "£2m"),
        ("1234.5", "short", "£1,234.50"),
    ],
)
def test_money(amount: str, style: fmt.MoneyStyle, text: str) -> None:
    assert fmt.money(Decimal(amount), style) == text


def test_dates_have_no_ordinals_or_commas() -> None:
    assert fmt.date_long(dt.date(2025, 7, 22)) == "22 July 2025"
    assert fmt.date_long(dt.date(2025, 7, 2), weekday=True) == "Wednesday 2 July 2025"


def test_terms() -> None:
    d = Decimal
    assert fmt.term(d(4), [d(2), d(2)]) == "4 years with options to extend by 2 years and 2 years"
    assert fmt.term(d(3), [d(1)]) == "3 years with an option to extend by 1 year"
    assert fmt.term_short(d(4), [d(2), d(2)]) == "4 + 2 + 2 years"
    assert fmt.years(d("2.5")) == "30 months"


def test_numerals_and_scores() -> None:
    assert [fmt.roman(n) for n in (1, 4, 5, 9, 14)] == ["i", "iv", "v", "ix", "xiv"]
    assert [fmt.letter(n) for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert fmt.score(Decimal("48.50")) == "48.5"
    assert fmt.score(Decimal("48")) == "48"
    assert fmt.count_words(5) == "five"
    assert fmt.count_words(44) == "44"


def test_score_columns_line_up_each_column_to_its_most_precise_score() -> None:
    columns = fmt.ScoreColumns(
        [
            {"quality": Decimal("24"), "price": Decimal("37.2")},
            {"quality": Decimal("18"), "price": Decimal("33.25")},
            {"quality": Decimal("30"), "price": Decimal("40")},
        ],
        [Decimal("85.2"), Decimal("70"), Decimal("91.25")],
    )
    assert [columns.score("quality", Decimal(v)) for v in ("24", "18")] == ["24", "18"]
    assert [columns.score("price", Decimal(v)) for v in ("37.2", "40", "33.25")] == [
        "37.20",
        "40.00",
        "33.25",
    ]
    assert [columns.total(Decimal(v)) for v in ("85.2", "70")] == ["85.20", "70.00"]
    assert columns.score("price", None) == "–"
    assert columns.score("unknown", Decimal("12.345")) == "12"  # no bid has it: whole numbers
    assert fmt.score_to(Decimal("2.675"), 2) == "2.68"  # half up, as score() rounds
