"""Renumbering: paragraphs (or a table's rows) that kept their text but not their numbers.

``renumbered(a, b, same)`` looks at the segments aligned as the same text (``docgen.compare
.align``) that start with a number: a run of them, one after another, whose numbers all moved
by the same step at the same level is one change ("paragraphs 2.1–11.3 → 3.1–12.3 (+1)"), not
one change each. A number that moved any other way ("2.8" → "2.3") is a run of its own, with
no step. A section heading's number ("3." → "4.") is part of the run but not shown as its ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.compare.changes import Change, Side
from docgen.readback.segments import Segment

_PARTS = re.compile(r"(\d+(?:\.\d+)*)\.?((?:\([^)]*\))*)$")


@dataclass(frozen=True)
class _Pair:
    at: int  # the segment's index in the original
    kind: str  # "paragraph" | "row"
    a: str
    b: str
    page_a: int
    page_b: int
    place: str | None  # a row's table


def _number(segment: Segment) -> tuple[str, str] | None:
    words = segment.word_list()
    if not words or not words[0].label:
        return None
    if segment.kind == "row":
        return "row", words[0].text.rstrip(".")
    return ("paragraph", segment.paragraph) if segment.paragraph else None


def _step(a: str, b: str) -> tuple[int, int] | None:
    """(level, step) when b is a with one level's number moved by step, else None."""
    ma, mb = _PARTS.match(a), _PARTS.match(b)
    if not ma or not mb or ma[2] != mb[2]:
        return None
    na, nb = [int(x) for x in ma[1].split(".")], [int(x) for x in mb[1].split(".")]
    moved = [k for k, (x, y) in enumerate(zip(na, nb, strict=False)) if x != y]
    if len(na) != len(nb) or len(moved) != 1:
        return None
    return moved[0], nb[moved[0]] - na[moved[0]]


def _table(place: str | None) -> str | None:
    return place.rsplit(" / ", 1)[0] or None if place else None


def renumbered(
    a: list[Segment], b: list[Segment], same: list[tuple[int, int]]
) -> list[tuple[float, Change]]:
    """One ``renumbered`` change per run, with the index in ``a`` where the run starts."""
    pairs: list[_Pair] = []
    for i, j in sorted(same):
        na, nb = _number(a[i]), _number(b[j])
        if na and nb and na[0] == nb[0]:
            place = _table(a[i].words[0].place if a[i].words else None)
            pairs.append(_Pair(i, na[0], na[1], nb[1], a[i].page, b[j].page, place))
    runs: list[list[_Pair]] = []
    last: tuple[str, tuple[int, int] | None, str | None] | None = None
    for pair in pairs:
        if pair.a == pair.b:
            last = None
            continue
        step = _step(pair.a, pair.b)
        this = (pair.kind, step, pair.place if pair.kind == "row" else None)
        if runs and last == this and step is not None:
            runs[-1].append(pair)
        else:
            runs.append([pair])
        last = this
    return [(run[0].at, _change(run)) for run in runs]


def _change(run: list[_Pair]) -> Change:
    shown = [p for p in run if "." in p.a or "(" in p.a] or run
    first, end = shown[0], shown[-1]
    step = _step(first.a, first.b)
    shift = f"{step[1]:+d}" if step else None

    def span(x: str, y: str) -> str:
        return x if x == y else f"{x}–{y}"

    place = run[0].place if run[0].kind == "row" else None
    original = Side(first.page_a, span(first.a, end.a), pages=(first.page_a,), place=place)
    revised = Side(first.page_b, span(first.b, end.b), pages=(first.page_b,), place=place)
    return Change("renumbered", original, revised, shift=shift)


def implied(
    a: list[Segment], b: list[Segment], pair: tuple[int, int], moves: list[tuple[int, int]]
) -> bool:
    """Whether a segment's new number follows from a move alone: a paragraph (or a table's row)
    between a moved one's old and new place, its number moved by one step the other way (two
    paragraphs swapped: 4.2 moved to 4.3, so 4.3 is now 4.2). The move is reported, not this."""
    this_a, this_b = _number(a[pair[0]]), _number(b[pair[1]])
    if not this_a or not this_b or this_a[0] != this_b[0]:
        return False
    mine = _step(this_a[1], this_b[1])
    if mine is None or abs(mine[1]) != 1:
        return False
    table = _table(a[pair[0]].words[0].place) if this_a[0] == "row" else None
    level, step = mine
    at = _PARTS.match(this_a[1])
    for i, j in moves:
        moved_a, moved_b = _number(a[i]), _number(b[j])
        if not moved_a or not moved_b or moved_a[0] != this_a[0]:
            continue
        if this_a[0] == "row" and _table(a[i].words[0].place) != table:
            continue
        theirs = _step(moved_a[1], moved_b[1])
        ma, mb = _PARTS.match(moved_a[1]), _PARTS.match(moved_b[1])
        if theirs is None or theirs[0] != level or theirs[1] * step >= 0 or not (ma and mb and at):
            continue
        xs = [int(x) for x in at[1].split(".")]
        ys = [int(x) for x in ma[1].split(".")]
        ends = (ys[level], int(mb[1].split(".")[level]))
        if xs[:level] == ys[:level] and min(ends) <= xs[level] <= max(ends):
            return True
    return False
