"""The words of a document as verify compares them: each word with its key, whether it states a
fact (a sum of money, a date, a percentage, a number or count, a name from the record), and the
place it is in.

A document is read as places (a numbered paragraph, a heading, a table row) and each place's
text is cut into tokens. A date ("6 October 2025", "6 Oct 2025", "06/10/2025"), a sum of money
("£254.4m", "£254.4 million", "£254,400,000") and a name the record gives (a bidder, a Lot's
title, a criterion: several words) are one token each, keyed by what they mean, so "£254.4m"
and "£254.4 million" are the same fact and "£245.4m" another. A paragraph's own number ("6.1",
"2.1(iii)") is its place, not a word of it, and a number that refers to a paragraph ("paragraph
5.4") is a word, not a fact: renumbering is for `docgen compare`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Literal

from docgen.derive.formatting import NUMBER_WORDS

Kind = Literal["word", "money", "date", "percent", "number", "name"]
FACTS: tuple[Kind, ...] = ("money", "date", "percent", "number", "name")

MONTHS = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
_MONTH += r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_PATTERNS = {
    "date": rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+\d{{4}}(?!\d)|\d{{1,2}}/\d{{1,2}}/\d{{4}}",
    "money": r"£\s?\d[\d,]*(?:\.\d+)?(?:(?:m|bn|k)(?![\w])|\s+(?:million|billion|thousand)\b)?",
    "percent": r"\d+(?:\.\d+)?\s?%",
    "number": r"(?<![\w.,])\d[\d,]*(?:\.\d+)?(?![\w%])",
    "punct": r"[(\[{\"']",
    "word": r"[^\s(\[{]+",
}
_SCALE = {"m": 10**6, "million": 10**6, "bn": 10**9, "billion": 10**9, "k": 1000}
_SCALE["thousand"] = 1000
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(NUMBER_WORDS) if n}
_REFERS = frozenset({"paragraph", "paragraphs", "para", "paras", "section", "sections", "¶"})
_EDGE_PUNCTUATION = "\"'()[]{}.,;:!?*•·–—-|/"
_CHARS = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "\u00ad": None, "\u200b": None, "\u2060": None}
    | dict.fromkeys("\u200c\u200d\ufeff")
    | dict.fromkeys("\u2010\u2011", "-")
)
LABEL = re.compile(
    r"(\d{1,2}(?:\.\d{1,3})+|\d{1,2}(?=\.))\.?((?:\([a-z0-9]{1,5}\))*)\s+(?=\S)|\(([a-z]{1,5})\)\s+"
)
"""A paragraph number at the start of a paragraph: "6.1 ", "6. " (a heading), "2.1(iii) ",
or a sub-item's own "(iii) "."""


@dataclass(frozen=True)
class Token:
    """One word or fact of a document, and the place it is in."""

    text: str
    key: str
    kind: Kind
    place: int
    column: str = ""  # a table cell's column heading, if the place is a row
    page: int | None = None  # in a PDF, the page it is on

    def on_page(self, page: int) -> Token:
        return replace(self, page=page)

    @property
    def fact(self) -> bool:
        return self.kind in FACTS


@dataclass
class Place:
    """A place of a document: a numbered paragraph (with the unnumbered ones under it), a
    heading, or a table row; and, in a PDF, the page it starts on."""

    paragraph: str | None = None  # its number, "6.1"
    table: str | None = None  # a row's table: its caption ("Lot 2: Long-Term Care – …")
    row: str | None = None  # a row's name: its first cell that is not a number
    text: str = ""  # its first words, for a place with no number
    page: int | None = None
    document: str = ""  # which document of the file (its title), when a file holds several
    facts: set[str] = field(default_factory=set, repr=False)

    def __str__(self) -> str:
        where = f"p.{self.page} " if self.page else ""
        if self.table is not None:
            row = f', row "{self.row}"' if self.row else ""
            return f'{where}table "{_short(self.table)}"{row}'
        if self.paragraph:
            return f"{where}¶{self.paragraph}"
        return f'{where}"{_short(self.text)}"' if self.text else where.strip() or "the document"


def _short(text: str, words: int = 8) -> str:
    split = text.split()
    return " ".join(split[:words]) + (" …" if len(split) > words else "")


def clean(text: str) -> str:
    """Text as compared: NFKC (ligatures, no-break spaces), straight quotes, no soft hyphens or
    zero-width characters."""
    return unicodedata.normalize("NFKC", text.translate(_CHARS))


class Tokenizer:
    """Cuts text into tokens, with the names the record gives (longest first) as one token."""

    def __init__(self, names: Iterable[str]) -> None:
        found = sorted({" ".join(clean(n).split()) for n in names if len(n.split()) > 0}, key=len)
        alternatives = [r"\s+".join(map(re.escape, n.split())) for n in reversed(found) if n]
        names = "|".join(alternatives)
        parts = [rf"(?P<name>(?<!\w)(?-i:{names})(?!\w))"] if alternatives else []
        parts += [f"(?P<{kind}>{pattern})" for kind, pattern in _PATTERNS.items()]
        self._pattern = re.compile("|".join(parts), re.IGNORECASE)

    def tokens(self, text: str, place: int, column: str = "") -> list[Token]:
        out: list[Token] = []
        for match in self._pattern.finditer(clean(text)):
            kind = match.lastgroup
            raw = match.group()
            token = _token(raw, kind, place, column, out[-1].key if out else "")
            if token is not None:
                out.append(token)
        return out


def _token(raw: str, kind: str | None, place: int, column: str, before: str) -> Token | None:
    if kind in ("date", "money") and (date_key(raw) if kind == "date" else money_key(raw)) is None:
        kind = "word"  # "31/13/2025": no date, but still words of the document
    if kind == "name":
        return Token(raw, " ".join(raw.casefold().split()), "name", place, column)
    if kind == "date" and (key := date_key(raw)):
        return Token(raw, key, "date", place, column)
    if kind == "money" and (key := money_key(raw)):
        return Token(raw, key, "money", place, column)
    if kind == "percent":
        return Token(raw, _decimal(raw.rstrip("% ")) + "%", "percent", place, column)
    if kind == "number":
        refers = before in _REFERS or (before in {"and", "to"} and "." in raw)
        return Token(raw, raw.replace(",", ""), "word" if refers else "number", place, column)
    word = raw.strip(_EDGE_PUNCTUATION).casefold() if kind == "word" else ""
    if not word:
        return None
    if word in _NUMBER_WORDS:
        return Token(raw, _NUMBER_WORDS[word], "number", place, column)
    return Token(raw, word, "word", place, column)


def date_key(text: str) -> str | None:
    """The date's key, "2025-10-06", for "6 October 2025", "6 Oct. 2025" or "06/10/2025";
    None if it is no date."""
    if "/" in text:
        day, month, year = (int(x) for x in text.split("/"))
    else:
        parts = re.findall(r"\d+|[A-Za-z]+", text)
        digits = [p for p in parts if p.isdigit()]
        words = [p for p in parts if p.isalpha() and p.lower() not in ("st", "nd", "rd", "th")]
        names = [m for m in MONTHS if words and m.startswith(words[0].lower()[:3])]
        if len(digits) != 2 or not names:
            return None
        day, month, year = int(digits[0]), MONTHS.index(names[0]) + 1, int(digits[1])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def money_key(text: str) -> str | None:
    """The sum's key, "£254400000", for "£254.4m", "£254.4 million" or "£254,400,000"."""
    found = re.fullmatch(r"£\s?([\d,]+(?:\.\d+)?)\s*([a-z]*)", text.strip(), re.IGNORECASE)
    if not found:
        return None
    amount = _decimal(found[1])
    scale = _SCALE.get(found[2].lower(), 1)
    return "£" + _decimal(str(Decimal(amount) * scale))


def _decimal(text: str) -> str:
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return text
    return f"{value.normalize():f}"


def split_label(text: str) -> tuple[str | None, str]:
    """A paragraph's own number and the rest of its text: ("6.1", "The estimated …")."""
    found = LABEL.match(text)
    if not found:
        return None, text
    if found[3]:
        return f"({found[3]})", text[found.end() :]
    return found[1] + (found[2] or ""), text[found.end() :]
