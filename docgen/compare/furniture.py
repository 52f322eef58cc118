"""Comparing the headers and footers of two documents, apart from their body.

Each page's header (and footer) is its furniture lines (``docgen.readback.furniture``) joined,
less the page number, so a page count that changed with the layout is no difference. Pages
with the same header one after another make a run (a merged agenda pack has a run for each of
its papers); the runs of the two documents are aligned by their text, and each pair that
differs is a difference. Differences that make the same edit ("FINAL" → "FINAL revised") are
one change listing all their pages, however many papers' footers they are in.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from itertools import zip_longest

from docgen.compare.align import FIGURE
from docgen.compare.changes import Change, Position, Side
from docgen.readback.furniture import Furnished, strip_page_number
from docgen.readback.segments import clean, word_key

_Run = tuple[str, list[int]]  # the text, the pages
_SEPARATORS = " ·|•–—-,;:/"


def _runs(pages: list[list[str]]) -> list[_Run]:
    runs: list[_Run] = []
    for number, lines in enumerate(pages, 1):
        text = " ".join(t for t in (strip_page_number(clean(x), number) for x in lines) if t)
        if runs and runs[-1][0] == text:
            runs[-1][1].append(number)
        else:
            runs.append((text, [number]))
    return runs


def _keys(text: str) -> list[str]:
    return [word_key(w) for w in text.split()]


def _trim(ka: list[str], kb: list[str]) -> tuple[int, int]:
    """How many words the two sides share at the start, and then at the end."""
    start = 0
    while start < min(len(ka), len(kb)) and ka[start] == kb[start]:
        start += 1
    end = 0
    while end < min(len(ka), len(kb)) - start and ka[-1 - end] == kb[-1 - end]:
        end += 1
    return start, end


def _figure_words(words: list[str], start: int, stop: int) -> tuple[int, int]:
    """The word range widened so that no sum, number or date in it is cut in two."""
    offsets, at = [], 0
    for w in words:
        offsets.append(at)
        at += len(w) + 1
    joined = " ".join(words)
    for m in FIGURE.finditer(joined):
        first = max(k for k, o in enumerate(offsets) if o <= m.start())
        last = max(k for k, o in enumerate(offsets) if o < m.end())
        if first < stop and last >= start:
            start, stop = min(start, first), max(stop, last + 1)
    return start, stop


def _edit(a: str, b: str) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """(before, differing words, after) of each side. Words only put in are shown with a
    word either side ("FINAL" → "FINAL revised"); a sum or date is shown whole."""
    wa, wb = a.split(), b.split()
    start, end = _trim(_keys(a), _keys(b))
    if start == len(wa) - end and wa:  # only put in: show a neighbour
        start, end = (start - 1, end) if start else (start, max(0, end - 1))
    sa, ea = _figure_words(wa, start, len(wa) - end)
    sb, eb = _figure_words(wb, start, len(wb) - end)
    start, end = min(sa, sb), min(len(wa) - ea, len(wb) - eb)
    cut = [(w[:start], w[start : len(w) - end], w[len(w) - end :]) for w in (wa, wb)]
    sides = [(" ".join(x), " ".join(y), " ".join(z)) for x, y, z in cut]
    return sides[0], sides[1]


def furniture_changes(a: Furnished, b: Furnished) -> list[Change]:
    """One change per difference in the headers, then the footers, then the watermarks."""
    out: list[Change] = []
    channels = (
        ("header", a.header, b.header),
        ("footer", a.footer, b.footer),
        ("watermark", a.watermark, b.watermark),
    )
    for position, pa, pb in channels:
        ra, rb = _runs(pa), _runs(pb)
        ops = SequenceMatcher(None, [t for t, _ in ra], [t for t, _ in rb], autojunk=False)
        grouped: dict[tuple[str, str, str, str], Change] = {}
        for tag, i1, i2, j1, j2 in ops.get_opcodes():
            if tag == "equal":
                continue
            for x, y in zip_longest(ra[i1:i2], rb[j1:j2]):
                change = _change(position, x, y)  # type: ignore[arg-type]
                if change is None:
                    continue
                key = (
                    change.original.text,
                    change.revised.text,
                    "a" if change.original.pages else "",
                    "b" if change.revised.pages else "",
                )
                if key in grouped:
                    old = grouped[key]
                    change = Change(
                        "furniture",
                        _more(old.original, change.original),
                        _more(old.revised, change.revised),
                        position=old.position,
                    )
                grouped[key] = change
        out += grouped.values()
    return out


def _more(old: Side, new: Side) -> Side:
    pages = tuple(sorted(set(old.pages) | set(new.pages)))
    return Side(pages[0] if pages else None, None, old.text, old.before, old.after, pages)


def _change(position: Position, x: _Run | None, y: _Run | None) -> Change | None:
    text_a, pages_a = x if x else ("", [])
    text_b, pages_b = y if y else ("", [])
    if _keys(text_a) == _keys(text_b):
        return None
    if not text_a or not text_b:  # a header put in or taken out: the whole of it
        a = Side(pages_a[0], None, text_a, pages=tuple(pages_a)) if text_a else Side()
        b = Side(pages_b[0], None, text_b, pages=tuple(pages_b)) if text_b else Side()
        return Change("furniture", a, b, position=position)
    (before_a, mid_a, after_a), (before_b, mid_b, after_b) = _edit(text_a, text_b)
    if not mid_b:  # words only taken out: a removal, without the separators around them
        a = Side(pages_a[0], None, mid_a.strip(_SEPARATORS), before_a, after_a, tuple(pages_a))
        return Change("furniture", a, Side(), position=position)
    a = Side(pages_a[0], None, mid_a, before_a, after_a, tuple(pages_a))
    b = Side(pages_b[0], None, mid_b, before_b, after_b, tuple(pages_b))
    return Change("furniture", a, b, position=position)
