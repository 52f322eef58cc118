"""Page furniture: the running headers and footers of a PDF, told from its body text.

A line is a header or footer when it is in the page's top or bottom block and it repeats.

- The blocks: starting from the top edge (the bottom edge), the lines within ``BAND`` of the
  page's height, up to the first gap wider than a line (``GAP`` font sizes) — a header, or a
  footer that wraps to four lines, is set apart from the body by its margin. Lines read from
  plain text (no positions) have blocks of the first and last ``EDGE`` lines.
- Repeats: the line, digits masked, is in the same block on two pages running, hardly ever
  anywhere else, and is the same on each page or counts the pages ("Page 3 of 14"). Runs,
  not a share of the document: each paper in a merged agenda pack has a footer of its own.
  A line holding a page number ("Page 11 of 14", "- 11 -", "11") needs no repeat, and in a
  document of one page, where nothing can repeat, the blocks are its header and footer. A
  header on a later page only (a letter's page 2 under page 1's letterhead) is told the same
  way, when it is also smaller than the body's text.

``furnish`` takes the furniture out of the body and keeps it, page by page, to be compared on
its own (``docgen.compare.furniture``). The keys a document's furniture has can be given from
both documents compared, so a line that is furniture in one is furniture in the other.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from docgen.readback.layout import Line, Page

BAND = 0.15  # the top and bottom blocks lie within this share of the page's height
GAP = 1.0  # a gap between lines wider than this many font sizes ends a block
ONE_PAGE = 0.08  # a page alone: its header and footer lie within this share of its height,
ONE_PAGE_POINTS = 60.0  # or within this many points of its edge
EDGE = 3  # lines at the top and at the bottom of a plain-text page that may be furniture
PAGE_NUMBER = re.compile(
    r"(?:page|tudalen(?: y pecyn)?)\s+(\d+)(?:\s*(?:of|o|/)\s*\d+)?|(\d+)\s+of\s+\d+"
    r"|(\d+)\s*/\s*\d+|[-–—]\s*(\d+)\s*[-–—]",
    re.I,
)
"""A page number: "Page 3", "Page 3 of 14", "3 of 14" (any number), "3/14" and "- 3 -"; in
Welsh "Tudalen 3 o 14" and a pack's "Tudalen y pecyn 3 o 14"."""

Key = str  # "top|<masked text>" or "bottom|<masked text>"


@dataclass(frozen=True)
class Furnished:
    """A document's body lines (page from 1, line) and, per page, its header and footer lines."""

    body: list[tuple[int, Line]]
    header: list[list[str]]
    footer: list[list[str]]
    watermark: list[list[str]] = field(default_factory=list)  # text set at an angle


def mask(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def blocks(page: Page) -> tuple[list[int], list[int]]:
    """The indices of the lines in the page's top block and in its bottom block."""
    count = len(page.lines)
    if not page.positioned:
        top = list(range(min(EDGE, count)))
        return top, [i for i in range(max(0, count - EDGE), count) if i not in top]
    order = sorted(range(count), key=lambda i: page.lines[i].top)
    return _block(page, order, True), _block(page, order[::-1], False)


def _block(page: Page, order: list[int], top: bool) -> list[int]:
    found: list[int] = []
    limit = page.height * BAND
    for i in order:
        line = page.lines[i]
        inside = line.top <= limit if top else page.height - line.bottom <= limit
        if not inside:
            break
        if found:
            last = page.lines[found[-1]]
            gap = line.top - last.bottom if top else last.top - line.bottom
            if gap > GAP * max(line.size, last.size, 1.0):
                break
        found.append(i)
    return found


def _numbers(text: str, page: int) -> list[re.Match[str]]:
    """The page numbers in a line: "Page N…" and "N of M" whatever N is (a pack may number
    each of its papers from 1), "N/M", "- N -" and a bare N only when N is the page's number."""
    return [m for m in PAGE_NUMBER.finditer(text) if m[1] or m[2] or int(m[3] or m[4]) == page]


def _page_numbered(text: str, page: int) -> bool:
    """A line that starts or ends with a page number, or is one."""
    text = text.strip()
    found = _numbers(text, page)
    return text == str(page) or any(m.start() == 0 or m.end() == len(text) for m in found)


def _steady(seen: dict[int, str]) -> bool:
    """The same text on every page, or a number in it counting the pages."""
    if len(set(seen.values())) == 1:
        return True
    numbers = {page: [int(n) for n in re.findall(r"\d+", raw)] for page, raw in seen.items()}
    width = min(len(n) for n in numbers.values())
    return any(len({n[i] - page for page, n in numbers.items()}) == 1 for i in range(width))


def furniture_keys(pages: list[Page]) -> frozenset[Key]:
    """The keys (edge and masked text) of the lines that repeat as headers or footers."""
    edge: dict[Key, dict[int, str]] = {}
    middle: Counter[str] = Counter()
    for number, page in enumerate(pages, 1):
        top, bottom = blocks(page)
        sides = {i: "top" for i in top} | {i: "bottom" for i in bottom}
        for i, line in enumerate(page.lines):
            if i in sides:
                edge.setdefault(f"{sides[i]}|{mask(line.text)}", {}).setdefault(number, line.text)
            else:
                middle[mask(line.text)] += 1
    if len(pages) == 1 and pages[0].positioned:  # one page: nothing can repeat
        return _one_page(pages[0])
    found = set()
    for key, seen in edge.items():
        runs = any(p + 1 in seen for p in seen)
        if runs and middle[key.split("|", 1)[1]] * 3 <= len(seen) and _steady(seen):
            found.add(key)
    if len(pages) > 1 and all(page.positioned for page in pages):
        found |= _continuation(pages, middle)
    return frozenset(found)


def _continuation(pages: list[Page], middle: Counter[str]) -> set[Key]:
    """A header that cannot repeat: a letter of two pages has its letterhead on the first and a
    short header on the second ("London Borough of Newham   Private and confidential"). On a
    page after the first, the top lines within ONE_PAGE of its edge, set apart from the rest by
    1.5 font sizes (as a one-page document's header) and in a font smaller than the body's."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    found: set[Key] = set()
    for page in pages[1:]:
        order = sorted(range(len(page.lines)), key=lambda i: page.lines[i].top)
        block, rest = _split(page, order, True)
        small = all(0 < page.lines[i].size < body - 0.5 for i in block)
        keys = [mask(page.lines[i].text) for i in block]
        if block and rest and small and _apart(page, block[-1], rest[0], True):
            found.update(f"top|{k}" for k in keys if not middle[k])
    return found


def _one_page(page: Page) -> frozenset[Key]:
    """The furniture of a document of one page, told by where it sits alone: the lines within
    ONE_PAGE of the page's height (or ONE_PAGE_POINTS) of its top or bottom edge, set apart
    from the rest by 1.5 font sizes."""
    order = sorted(range(len(page.lines)), key=lambda i: page.lines[i].top)
    found: set[Key] = set()
    for side, block, rest in (
        ("top", *_split(page, order, True)),
        ("bottom", *_split(page, order[::-1], False)),
    ):
        if block and rest and _apart(page, block[-1], rest[0], side == "top"):
            found.update(f"{side}|{mask(page.lines[i].text)}" for i in block)
    return frozenset(found)


def _split(page: Page, order: list[int], top: bool) -> tuple[list[int], list[int]]:
    limit = max(page.height * ONE_PAGE, ONE_PAGE_POINTS)
    inside = [
        i
        for i in order
        if (page.lines[i].bottom if top else page.height - page.lines[i].top) <= limit
    ]
    block = [i for i in _block(page, order, top) if i in inside]
    return block, [i for i in order if i not in block]


def _apart(page: Page, last: int, first: int, top: bool) -> bool:
    a, b = page.lines[last], page.lines[first]
    gap = b.top - a.bottom if top else a.top - b.bottom
    return gap >= 1.5 * max(a.size, b.size, 1.0)


def furnish(pages: list[Page], keys: frozenset[Key] | None = None) -> Furnished:
    """The body and the furniture of each page; ``keys`` by default from ``pages`` alone."""
    keys = furniture_keys(pages) if keys is None else keys
    body: list[tuple[int, Line]] = []
    headers: list[list[str]] = []
    footers: list[list[str]] = []
    for number, page in enumerate(pages, 1):
        top, bottom = blocks(page)
        sides = {i: "top" for i in top} | {i: "bottom" for i in bottom}
        out: set[int] = set()
        for i, side in sides.items():
            text = page.lines[i].text
            if f"{side}|{mask(text)}" in keys or _page_numbered(text, number):
                out.add(i)
        body += [(number, line) for i, line in enumerate(page.lines) if i not in out]
        headers.append([page.lines[i].text for i in sorted(out & set(top), key=_at(page))])
        footers.append([page.lines[i].text for i in sorted(out & set(bottom), key=_at(page))])
    return Furnished(body, headers, footers, [list(page.marks) for page in pages])


def _at(page: Page) -> Callable[[int], tuple[float, int]]:
    return lambda i: (page.lines[i].top, i)


def strip_page_number(text: str, page: int) -> str:
    """A header or footer line less its page number: what is compared page by page."""
    for m in reversed(_numbers(text, page)):
        text = text[: m.start()] + text[m.end() :]
    return "" if text.strip() == str(page) else " ".join(text.split())
