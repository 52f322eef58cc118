"""A document's body text as segments in reading order, with its layout taken out.

``segments(body, pages)`` turns the body lines (``docgen.readback.furniture.furnish``: headers
and footers already out) into ``Segment``s: sentences, headings and table rows, so that layout
alone never counts as a difference. Ligatures, soft hyphens, words hyphenated at line ends,
spacing, line and page breaks are taken out, and each word remembers its page, the document's
own paragraph number ("1.2", "4.2(a)") and its place (the headings above it, and for a table
row the row's label).

- A heading (a line in a font larger than the body's, a line starting "Appendix B", or a bold
  line of a few words standing alone, ending no sentence, as a letter's headings) starts
  a new place: no paragraph number is carried past it, so the rows of Appendix A are not in
  the last numbered paragraph of the paper. A numbered heading ("5. Consultation") is
  paragraph 5.
- A table row (a line with two cells or more, and the lines of its cells that wrap) is one
  segment; text under a table, left of its first column, starts a segment of its own, and a
  line that puts a number under a number is a new row (a number does not wrap). A row's own
  number ("3" in the first cell) is its label, as "2.1" is a paragraph's,
  so a renumbering can be told from a change. A row at the top of a page that repeats a row
  already seen since the last heading (a table's header row, repeated as the table goes on to
  a new page) is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from docgen.readback.layout import Line, Page

HEADING = 1.05  # a line whose font is this much larger than the body's is a heading
HEADING_WORDS = 12  # a bold line of at most this many words, standing alone, is a heading
LABEL = re.compile(r"(\d{1,2}(?:\.\d{1,3})+|\d{1,2}(?=\.))\.?((?:\([a-z0-9]{1,4}\))*) +(?=[^\d\s])")
"""A paragraph number at the start of a line: "1.2 ", "4.2(a) ", "5. " (a section heading)."""
SUB_LABEL = re.compile(r"\(([a-z]{1,4}|\d{1,2})\) +(?=\S)")
"""A lettered or roman sub-item at the start of a line: "(ii) ", "(a) "."""
SENTENCE_END = re.compile(r"[.!?:;][\"'’”)\]]*$")
_APPENDIX = re.compile(r"(?:Appendix|Annex|Schedule) [A-Z0-9]{1,3}\b(?:[:.–—-]|$)")
_ROW_NUMBER = re.compile(r"\d{1,4}\.?")
_SECTION = re.compile(r"\d{1,2}\. [^.!?]{1,80}")  # a numbered section's heading: "5. Consultation"
_FIGURE = re.compile(r"[(£$€+-]?\d[\d,]*(?:\.\d+)?(?:%|m|k|bn)?\)?")  # a cell's number
_BULLETS = "•◦▪‣∙"  # a line starting with one starts a list item: a segment of its own

_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_CHARS = str.maketrans(
    dict.fromkeys(_SPACES + "\u202f\u205f\u3000", " ")
    | dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff")
    | dict.fromkeys("\u2010\u2011\xad\x02", "-")  # some producers map the hyphen glyph to U+00AD
)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


class Word(NamedTuple):
    """One word of a document, where it is, and the key it is compared by (a tuple: a long
    paper has tens of thousands)."""

    text: str
    key: str
    page: int
    paragraph: str | None
    label: bool = False  # the word is the paragraph's (or the row's) number itself
    place: str | None = None  # the headings above it ("A › B"); a table row's label after " / "
    head: bool = False  # the first word of a paragraph, list item, heading or table row


@dataclass(frozen=True)
class Segment:
    """A sentence, heading or table row, in reading order across the whole document."""

    text: str
    page: int
    paragraph: str | None
    words: tuple[Word, ...] = field(default=(), repr=False, compare=False)
    kind: str = "text"  # "text" | "heading" | "row"

    def word_list(self) -> list[Word]:
        if self.words:
            return list(self.words)
        return [make_word(t, self.page, self.paragraph) for t in self.text.split()]


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return " ".join(text.translate(_CHARS).split())


@lru_cache(maxsize=1 << 16)
def word_key(text: str) -> str:
    """What a word is compared by: straight quotes, no hyphen inside a word."""
    return _INNER_HYPHEN.sub("", text.translate(_QUOTES))


def make_word(
    text: str, page: int, paragraph: str | None, label: bool = False, place: str | None = None
) -> Word:
    return Word(text, word_key(text), page, paragraph, label, place)


# ---- lines: headings, rows, the rest -----------------------------------------------------


@dataclass(frozen=True)
class BodyLine:
    page: int
    text: str
    kind: str  # "text" | "heading" | "row" | "cont" (a row's wrapped cell)
    size: float = 0.0
    cells: tuple[str, ...] = ()
    first: bool = False  # the first body line of its page
    apart: bool = False  # text under a table, left of its first column: not in its last row


def body_lines(body: list[tuple[int, Line]], positioned: bool = True) -> list[BodyLine]:
    """The body's lines, cleaned, each told apart as heading, table row or running text. A
    table row gathers the lines of its cells that wrap, cell by cell (so a row reads the same
    whether its producer draws it cell by cell or line by line)."""
    sizes: Counter[float] = Counter()
    for _, line in body:
        sizes[round(line.size, 1)] += len(line.text)
    normal = sizes.most_common(1)[0][0] if sizes else 0.0
    out: list[BodyLine] = []
    row: _Row | None = None
    page_seen: set[int] = set()
    previous = ""
    for page, line in body:
        text = clean(line.text)
        if not text:
            continue
        first = page not in page_seen
        page_seen.add(page)
        large = positioned and normal > 0 and line.size >= normal * HEADING
        appendix = _APPENDIX.match(text) is not None and (
            not previous or SENTENCE_END.search(previous) is not None or first
        )
        if row is not None and not large and row.takes(line):
            row.add(line)
            continue
        apart = after_table = False
        if row is not None:
            after_table = True
            out.append(row.line())
            apart = positioned and line.left < row.lefts[0] - 2
            row = None
        if large or appendix or (positioned and _bold_heading(line, text, previous, after_table)):
            out.append(BodyLine(page, text, "heading", line.size, (text,), first))
        elif len(line.cells) > 1:
            row = _Row(page, line, first)
        else:
            out.append(BodyLine(page, text, "text", line.size, (text,), first, apart))
        previous = text
    if row is not None:
        out.append(row.line())
    return out


def _bold_heading(line: Line, text: str, previous: str, after_table: bool) -> bool:
    """A bold line standing alone, short and ending no sentence: a heading in a document whose
    headings are bold body text (a letter's "Scores of the successful tenderers")."""
    alone = after_table or not previous or SENTENCE_END.search(previous) is not None
    short = len(text.split()) <= HEADING_WORDS and SENTENCE_END.search(text) is None
    return line.bold and len(line.cells) == 1 and short and alone


class _Row:
    """A table row being gathered: its columns' left edges and each column's lines."""

    def __init__(self, page: int, line: Line, first: bool) -> None:
        self.page, self.first, self.size = page, first, line.size
        self.lefts = list(line.lefts)
        self.columns = [[clean(c)] for c in line.cells]

    def takes(self, line: Line) -> bool:
        """A line of a cell that wraps: it starts right of the row's first column, and puts no
        number under a number (a number does not wrap: "Total 100 81.87" under "C5 Price 40
        33.87" is a row of its own, its first cell empty)."""
        if not line.lefts or line.left <= self.lefts[0] + 2 or LABEL.match(line.text):
            return False
        for left, cell in zip(line.lefts, line.cells, strict=False):
            column = self.columns[self._column(left)]
            if _FIGURE.fullmatch(clean(cell)) and _FIGURE.fullmatch(column[-1]):
                return False
        return True

    def _column(self, left: float) -> int:
        return max(k for k, x in enumerate(self.lefts) if x <= left + 2 or k == 0)

    def add(self, line: Line) -> None:
        for left, cell in zip(line.lefts, line.cells, strict=False):
            self.columns[self._column(left)].append(clean(cell))

    def line(self) -> BodyLine:
        cells = tuple(" ".join(c for c in column if c) for column in self.columns)
        text = " ".join(c for c in cells if c)
        return BodyLine(self.page, text, "row", self.size, cells, self.first)


# ---- words ---------------------------------------------------------------------------------


def _follows(new: str, current: str | None) -> bool:
    """Whether paragraph number ``new`` can come next after ``current`` (gaps of one allowed)."""
    a = tuple(int(x) for x in new.split("."))
    b = tuple(int(x) for x in current.split("(")[0].split(".")) if current else (0,)
    steps = range(min(len(a), len(b)))
    return a == (*b, 1) or any(
        a[:k] == b[:k] and 0 < a[k] - b[k] <= 2 and set(a[k + 1 :]) <= {1} for k in steps
    )


def label_of(
    line: str, current: str | None, previous: str, after_heading: bool = False
) -> str | None:
    """The paragraph number ``line`` starts with, if it starts a numbered paragraph.

    A number at the start of a line counts only if the line before ends a sentence or is a
    heading, or the number follows on from the current one: "item\\n5.0 with" in running text
    is no number. (A moved paragraph can follow a heading whose number it does not follow.)
    """
    m = LABEL.match(line)
    ends = not previous or SENTENCE_END.search(previous) or after_heading
    if m and (ends or _follows(m[1], current)):
        return m[1] + m[2]
    if (m := SUB_LABEL.match(line)) and current:
        return f"{current.split('(')[0]}({m[1]})"
    return None


def _join(prev: str, token: str) -> str | None:
    """The word made by joining a line ending in ``prev`` to one starting ``token``, if any."""
    if re.search(r"[^\W\d_]-$", prev) and token[:1].islower():
        return prev[:-1] + token  # "impor-" + "tant"; "well-known" still compares equal
    return prev + token if re.search(r"\w[-–—/]$", prev) else None


def _starts_sentence(token: str) -> bool:
    first = token.lstrip("\"'‘“([")[:1]
    return first.isupper() or first.isdigit() or first in "£$€"


class _Places:
    """The headings above the current line, as a stack by font size."""

    def __init__(self) -> None:
        self.stack: list[tuple[float, str]] = []

    def heading(self, size: float, text: str, joined: bool) -> None:
        if joined and self.stack:  # a heading that wraps to a second line
            self.stack[-1] = (self.stack[-1][0], f"{self.stack[-1][1]} {text}")
            return
        while self.stack and self.stack[-1][0] <= size:
            self.stack.pop()
        self.stack.append((size, text))

    def __str__(self) -> str:
        return " › ".join(text for _, text in self.stack)


def segments(lines: list[BodyLine]) -> list[Segment]:
    """The segments of a document's body lines: see the module's docstring."""
    groups: list[tuple[str, list[Word]]] = []
    label: str | None = None
    places = _Places()
    previous = ""
    prev_kind = ""
    prev_size = 0.0
    seen_rows: set[str] = set()
    skipping = False
    for line in lines:
        after_heading = prev_kind == "heading" or bool(_SECTION.fullmatch(previous))
        found = None
        if line.kind not in ("row", "cont"):
            found = label_of(line.text, label, previous, after_heading)
        tokens = line.text.split(" ")
        joined_heading = (
            line.kind == "heading" == prev_kind and abs(line.size - prev_size) < 0.5 and not found
        )
        if line.kind == "heading":  # a heading is in its own place: the headings down to it
            places.heading(line.size, line.text, joined_heading)
            seen_rows.clear()
            label = found if found and LABEL.match(line.text) else None
            found = label
            if joined_heading and groups:  # its first line's words are in the whole heading
                groups[-1][1][:] = [w._replace(place=str(places)) for w in groups[-1][1]]
        elif found:
            label = found
        place = str(places) or None
        if line.kind == "cont" and skipping:
            continue
        skipping = False
        row_number = line.kind == "row" and _ROW_NUMBER.fullmatch(line.cells[0]) is not None
        if line.kind == "row":
            named = next((c for c in line.cells if not _ROW_NUMBER.fullmatch(c)), line.cells[0])
            place = f"{place} / {named}" if place else f"/ {named}"
            key = " ".join(word_key(c) for c in line.cells[1 if row_number else 0 :])
            if line.first and key in seen_rows:  # a header row repeated on a new page
                skipping = True
                continue
            seen_rows.add(key)
        new = (
            not groups
            or bool(found)
            or line.text[:1] in _BULLETS
            or (line.kind in ("row", "heading") and not joined_heading)
            or prev_kind == "heading" != line.kind
            or line.apart
        )
        if new:
            groups.append((line.kind if line.kind != "cont" else "row", []))
        words = groups[-1][1]
        joined, first_page = None, line.page
        if words and not new:
            joined = _join(words[-1].text, tokens[0])
        if joined is not None:
            tokens[0], first_page = joined, words.pop().page
        if line.kind == "cont":
            place = words[0].place if words else place
        for k, token in enumerate(tokens):
            is_label = not k and (bool(found) or row_number)
            page = line.page if k else first_page
            head = not k and new
            words.append(Word(token, word_key(token), page, label, is_label, place, head))
        previous, prev_kind, prev_size = line.text, line.kind, line.size
    return [s for kind, g in groups if g for s in _split(kind, g)]


def _split(kind: str, words: list[Word]) -> list[Segment]:
    """Running text split into sentences; a heading or a row is one segment."""
    parts: list[list[Word]] = []
    for i, w in enumerate(words):
        ends = (
            kind == "text"
            and i > 0
            and SENTENCE_END.search(words[i - 1].text) is not None
            and not words[i - 1].label  # "1." of "1. Executive Summary" ends no sentence
            and _starts_sentence(w.text)
        )
        if not parts or ends or (kind == "text" and w.label and i > 0):
            parts.append([])
        parts[-1].append(w)
    return [
        Segment(" ".join(w.text for w in g), g[0].page, g[0].paragraph, tuple(g), kind)
        for g in parts
    ]


def plain_pages(pages: list[str]) -> list[Page]:
    """Page texts as pages of lines without positions (see ``docgen.readback.layout``)."""
    from docgen.readback.layout import plain_page

    return [plain_page(clean_lines(p)) for p in pages]


def clean_lines(text: str) -> str:
    return "\n".join(clean(x) for x in text.splitlines() if x.strip())
