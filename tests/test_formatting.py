"""House style: money, dates, terms, numerals (domain.md §8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from docgen import formatting as fmt


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
    assert fmt.years(d("2.5")) == "2.5 years"


def test_numerals_and_scores() -> None:
    assert [fmt.roman(n) for n in (1, 4, 5, 9, 14)] == ["i", "iv", "v", "ix", "xiv"]
    assert [fmt.letter(n) for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert fmt.score(Decimal("48.50")) == "48.5"
    assert fmt.score(Decimal("48")) == "48"
    assert fmt.count_words(5) == "five"
    assert fmt.count_words(44) == "44"
