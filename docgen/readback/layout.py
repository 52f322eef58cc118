"""A PDF's text lines with where they sit on the page: what ``docgen compare`` reads.

``read_layout(data)`` reads a PDF with PDFium (the ``pypdfium2`` package) and gives a
``Layout``: for each page its height and its lines of text in the order the file draws them,
each with its distance from the top and bottom of the page, its font size and its table
cells; the text set at an angle across each page (a watermark); the document information and
every embedded file. This reading of a 43-page paper from LibreOffice takes 0.15 s of CPU,
pypdf's text extraction 1.5 s (README, "Comparing two PDFs").

Lines are gathered from PDFium's text rectangles (a run of characters of one text object, on
one line) as ``docgen.readback.typst`` gathers Typst's runs and pypdf its text: a run whose
vertical extent meets the line's joins it. A gap wider than ``CELL_GAP`` font sizes between two
runs of a line separates table cells, except after a paragraph number ("1.1", "(ii)").
"""

from __future__ import annotations

import ctypes
import math
import re
import threading
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

LOOK_BACK = 4  # a run may join one of this many lines before it (a table row's later cells)
TALL = 3.0  # a rectangle taller than UNKNOWN points and this many font sizes is a watermark's
UNKNOWN = 30.0
SCAN = 2000  # characters looked through for a rectangle's first one, under a watermark
CELL_GAP = 0.6  # a horizontal gap of this many font sizes between two runs separates cells
_LABEL_RUN = re.compile(
    r"\s*(?:\d{1,2}(?:\.\d{1,3})+\.?|\d{1,2}\.|\([a-z0-9]{1,4}\)|[a-z]\)|[ivx]{1,5}\)|[•◦▪‣∙·–-])\s*"
)
"""A run holding only a paragraph number or a bullet ("1.1", "5.", "(ii)", "•"): an indent,
not a cell."""


_PDFIUM = threading.Lock()
_TIDY = str.maketrans({"\x02": "-", "\ufffe": "-", "\r": "", "\n": " "})
"""PDFium marks a hyphen that breaks a word at a line's end as U+0002 or U+FFFE."""


class LayoutError(ValueError):
    """PDFium cannot open the file; ``encrypted`` tells a password problem from damage."""

    def __init__(self, message: str, encrypted: bool = False) -> None:
        super().__init__(message)
        self.encrypted = encrypted


@dataclass(frozen=True)
class Line:
    """One line of text on a page. ``top`` and ``bottom`` are points from the top of the page."""

    text: str
    top: float
    bottom: float
    size: float = 0.0  # the font size of the line's largest run
    cells: tuple[str, ...] = ()  # the text of each table cell (one for running text)
    left: float = 0.0  # points from the left edge of the page
    lefts: tuple[float, ...] = ()  # where each cell starts
    bold: bool = False  # every run of the line is in a bold font (weight 600 or more)


@dataclass(frozen=True)
class Page:
    height: float
    lines: tuple[Line, ...]
    positioned: bool = True  # False: lines made from plain text, positions are line numbers
    marks: tuple[str, ...] = ()  # text set at an angle across the page: a watermark ("DRAFT")


@dataclass(frozen=True)
class Layout:
    pages: tuple[Page, ...]
    info: dict[str, str]  # the document information: "Title", "Author", "Keywords", …
    attachments: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)


def plain_page(text: str) -> Page:
    """A page of plain text (no positions known): each line one unit high, in order."""
    rows = [x for x in text.splitlines() if x.strip()]
    lines = tuple(Line(x, i, i + 1.0, 0.0, (x,), 0.0, (0.0,)) for i, x in enumerate(rows))
    return Page(float(len(rows)), lines, False)


def read_layout(data: bytes, password: str | None = None) -> Layout:
    """The pages, document information and embedded files of a PDF; LayoutError if PDFium
    cannot open it (``encrypted`` set when a password is needed or wrong)."""
    with _PDFIUM:  # PDFium is not thread-safe: `docgen serve` may compare in two threads
        return _read(data, password)


def _read(data: bytes, password: str | None) -> Layout:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    import pypdfium2.raw as raw  # type: ignore[import-untyped]

    try:
        doc = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        encrypted = "password" in str(exc).lower() or "security" in str(exc).lower()
        raise LayoutError(str(exc), encrypted) from exc
    try:
        pages = tuple(_page(doc, n, raw) for n in range(len(doc)))
        info = {k: v for k, v in doc.get_metadata_dict(skip_empty=True).items() if v}
        files = []
        for n in range(doc.count_attachments()):
            found = doc.get_attachment(n)
            files.append((found.get_name(), bytes(found.get_data())))
        return Layout(pages, info, tuple(files))
    except pdfium.PdfiumError as exc:
        raise LayoutError(str(exc)) from exc
    finally:
        doc.close()


Run = tuple[str, float, float, float, float, float, bool]  # text, top, bottom, left, right,
# size, bold
BOLD = 600  # a font weight at least this is bold


def _page(doc: Any, number: int, raw: Any) -> Page:
    """One page's lines. Each text rectangle's text is cut out of the page's whole text from
    the index of its first character (PDFium numbers characters and text alike) up to the next
    rectangle's, and never past a line break; where that cannot be trusted (characters out of
    order, or outside the Basic Multilingual Plane) each rectangle's text is asked for on its
    own, three times slower. A rectangle set at an angle, or much taller than its font (a
    watermark across the page, "DRAFT"), is no line of text and is left out."""
    page = doc[number]
    try:
        height = float(page.get_height())
        text = page.get_textpage()
        try:
            whole = text.get_text_range()
            edges = [ctypes.c_double() for _ in range(4)]
            left, top, right, bottom = edges
            found: list[tuple[int, float, float, float, float, float, bool]] = []
            slanted = False
            for k in range(raw.FPDFText_CountRects(text, 0, -1)):
                raw.FPDFText_GetRect(text, k, *(ctypes.byref(x) for x in edges))
                l_, t_, r_, b_ = left.value, top.value, right.value, bottom.value
                index = raw.FPDFText_GetCharIndexAtPos(text, l_ + 0.5, (b_ + t_) / 2, 2.0, 2.0)
                if index >= 0 and _slant(raw.FPDFText_GetCharAngle(text, index)):
                    slanted = True  # a watermark's letter there, not this line's
                    after = found[-1][0] + 1 if found else 0
                    index = _first_char(text, raw, whole, (l_, t_, r_, b_), after)
                size = raw.FPDFText_GetFontSize(text, index) if index >= 0 else 0.0
                if t_ - b_ > UNKNOWN and (index < 0 or t_ - b_ > TALL * size):
                    slanted = True  # a watermark's box, across the lines
                    continue
                if index < 0:  # a small glyph (a bullet) missed: find its text after the last
                    piece = text.get_text_bounded(l_, b_, r_, t_).strip()
                    after = found[-1][0] + 1 if found else 0
                    index = whole.find(piece, after) if piece else -1
                    size = raw.FPDFText_GetFontSize(text, index) if index >= 0 else t_ - b_
                weight = raw.FPDFText_GetFontWeight(text, index) if index >= 0 else -1
                found.append((index, height - t_, height - b_, l_, r_, float(size), weight >= BOLD))
            starts = [f[0] for f in found] + [len(whole)]
            trusted = len(whole) == text.count_chars() and all(
                0 <= x < y for x, y in pairwise(starts)
            )
            runs: list[Run] = []
            for k, (index, top_, bottom_, left_, right_, size_, bold) in enumerate(found):
                if trusted:
                    piece = whole[index : starts[k + 1]].split("\r\n", 1)[0]
                else:  # the longest line in the box: a line above or below may reach into it
                    boxed = text.get_text_bounded(left_, height - bottom_, right_, height - top_)
                    piece = max(boxed.split("\r\n"), key=len)
                if piece.strip():
                    runs.append((piece, top_, bottom_, left_, right_, size_, bold))
            marks = _slanted(text, whole, raw) if slanted else ()
        finally:
            text.close()
    finally:
        page.close()
    return Page(height, tuple(_lines(runs)), marks=marks)


def _first_char(text: Any, raw: Any, whole: str, box: tuple[float, ...], after: int) -> int:
    """The first character of a rectangle whose left edge lies under a watermark's letter: the
    first upright character after ``after`` (the rectangle before's first) inside it."""
    left, top, right, bottom = box
    edges = [ctypes.c_double() for _ in range(4)]
    for index in range(after, min(len(whole), after + SCAN)):
        if whole[index].isspace() or _slant(raw.FPDFText_GetCharAngle(text, index)):
            continue
        raw.FPDFText_GetCharBox(text, index, *(ctypes.byref(e) for e in edges))
        x0, x1, y0, y1 = (e.value for e in edges)
        if left - 1 <= (x0 + x1) / 2 <= right + 1 and bottom - 1 <= (y0 + y1) / 2 <= top + 1:
            return index
    return -1


def _slant(angle: float) -> bool:
    return 0.01 < angle % math.tau < math.tau - 0.01


def _slanted(text: Any, whole: str, raw: Any) -> tuple[str, ...]:
    """The runs of characters set at an angle on a page (asked for only when there are some)."""
    found: list[str] = []
    last = False
    for i, char in enumerate(whole[: text.count_chars()]):
        slant = _slant(raw.FPDFText_GetCharAngle(text, i)) and char not in "\r\n"
        if slant and not last:
            found.append("")
        if slant:
            found[-1] += char
        last = slant
    return tuple(" ".join(f.split()) for f in found if f.strip())


def _lines(runs: list[Run]) -> list[Line]:
    """Runs gathered into lines: a run joins a line when their vertical extents overlap by half
    the smaller one's height. It may join one of the few lines before the last: a table drawn
    cell by cell gives a cell's second line before the next cell, which sits on the first."""
    groups: list[list[Run]] = []
    extents: list[list[float]] = []  # each line's top and bottom so far
    for run in runs:
        for k in range(len(groups) - 1, max(-1, len(groups) - 1 - LOOK_BACK), -1):
            top, bottom = extents[k]
            overlap = min(bottom, run[2]) - max(top, run[1])
            if overlap >= 0.5 * min(bottom - top, run[2] - run[1]):
                groups[k].append(run)
                extents[k] = [min(top, run[1]), max(bottom, run[2])]
                break
        else:
            groups.append([run])
            extents.append([run[1], run[2]])
    return [_line(sorted(g, key=lambda r: r[3]) if len(g) > 1 else g) for g in groups]


def _line(runs: list[Run]) -> Line:
    size = max(r[5] for r in runs)
    cells: list[str] = [runs[0][0]]
    lefts = [runs[0][3]]
    gaps: list[float] = []
    text = runs[0][0]
    for previous, run in pairwise(runs):
        gap = run[3] - previous[4]
        wide = gap > CELL_GAP * size and not (len(cells) == 1 and _LABEL_RUN.fullmatch(cells[0]))
        joiner = "" if text.endswith((" ", "\x02", "\ufffe")) or gap < 0.15 * size else " "
        text += joiner + run[0]
        if wide:
            cells.append(run[0])
            lefts.append(run[3])
            gaps.append(gap)
        else:
            cells[-1] += joiner + run[0]
    shown = tuple(_tidy(c) for c in cells)
    if _justified(shown, gaps, size):
        shown, lefts = (_tidy(text),), lefts[:1]
    return Line(
        _tidy(text),
        min(r[1] for r in runs),
        max(r[2] for r in runs),
        size,
        shown,
        runs[0][3],
        tuple(lefts),
        all(r[6:] == (True,) for r in runs),  # a run given without its weight is not bold
    )


def _justified(cells: tuple[str, ...], gaps: list[float], size: float) -> bool:
    """A line of justified text whose words are placed one by one (as some producers do): three
    "cells" or more, each one word, the gaps between them all alike. A table row's gaps differ
    with the width of what its cells hold."""
    if len(cells) < 3 or any(len(c.split()) != 1 for c in cells):
        return False
    return max(gaps) - min(gaps) < 0.1 * size and sum(c[:1].isalpha() for c in cells) * 2 > len(
        cells
    )


def _tidy(text: str) -> str:
    return text.translate(_TIDY).strip()
