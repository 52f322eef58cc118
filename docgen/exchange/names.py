"""Text from a spreadsheet compared loosely: names, headers and numbers as panels type them.

A panel types "O’Connor" (a typographic apostrophe), "Care – North" (an en dash) or two spaces
where the record has "O'Connor", "Care - North" and one space. `fold` makes them equal: Unicode
NFKC, typographic quotes and dashes made plain, runs of spaces collapsed, case ignored.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

_QUOTES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4\u0060", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)
_WEIGHT = re.compile(r"\s*[(\[]\s*(?:max(?:imum)?\.?\s*)?[0-9.]+\s*%?\s*[)\]]\s*$", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^\w£$€%]+")
_MONEY = re.compile(r"^[£$€]|\s*(?:gbp|/\s*h(?:ou)?r|per\s+hour|p/?h)\s*$", re.IGNORECASE)


def fold(text: object) -> str:
    """The text as compared: NFKC, plain quotes and dashes, single spaces, no case."""
    plain = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return " ".join(plain.split()).casefold()


def header_key(text: object) -> str:
    """A header folded, without a trailing weight such as "(max 30)" or "(30%)"."""
    return _WEIGHT.sub("", fold(text)).strip()


def words(text: object) -> str:
    """A header folded to words: punctuation (":", "–", "/") becomes one space."""
    return " ".join(_NOT_WORD.sub(" ", header_key(text)).split())


def slug(text: str) -> str:
    """An id made from a name: "O’Brien & Sons Ltd" -> "o-brien-sons-ltd"."""
    ascii_text = unicodedata.normalize("NFKD", fold(text)).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:63].strip("-")
    return made or "bidder"


def present(value: Any) -> bool:
    """Whether a cell holds something (None and blank text are empty)."""
    return value is not None and str(value).strip() != ""


def is_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith("=")


def number(value: Any) -> Decimal | None:
    """A cell as a number: 24, 24.5, "24.5", "£26.37", "1,250.00"; None if it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        found = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    else:
        text = _MONEY.sub("", str(value).strip()).replace(",", "").strip()
        try:
            found = Decimal(text) if len(text) <= 100 else Decimal("NaN")
        except InvalidOperation:
            return None
    # NaN, infinity (a float cell of 1e400) and amounts past a million million are not numbers
    # a panel types; the size is read from the exponent, as arithmetic on 1e999999 overflows
    return found if found.is_finite() and found.adjusted() < 12 else None


def plain(value: Decimal) -> str:
    return format(value.normalize(), "f")
