"""Aligning two documents' bodies: what changed, was added, removed, moved or renumbered.

``diff_segments(a, b)`` works in three passes over the segments (sentences, headings, table
rows) of ``docgen.readback.segments``:

1. Segments are aligned by their text WITHOUT their numbers (a paragraph's "2.3", a row's
   "3"), so that a renumbered paragraph is still the same paragraph.
2. A segment left over on both sides with the same text is ``moved`` (one change, both
   places; consecutive moved segments are one move), never also added or removed; so is a
   table row left over on both sides with the same table and label that is not in the same
   place (moved and changed: its changed cells are the change's figures).
3. What is left is aligned again and diffed word by word inside the blocks that differ: a
   changed word, number or cell is ``changed`` (widened to whole numbers, sums and dates),
   whole sentences or rows put in or taken out are ``added`` or ``removed``.

Numbers of the segments aligned as the same give the renumbering: a run of paragraphs (or of a
table's rows) whose numbers all moved by the same step is one ``renumbered`` change
("paragraphs 2.1–11.3 → 3.1–12.3 (+1)"). A cross-reference whose number changed ("paragraph
6.1" → "paragraph 7.1") is text, so it is ``changed``. A number that changed only because
a neighbour moved past it (a swap of 4.2 and 4.3) is left out: the move says it
(``docgen.compare.renumber.implied``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise, zip_longest

from docgen.compare.changes import Change, Figure, Kind, Side
from docgen.readback.segments import LABEL, SUB_LABEL, Segment, Word, make_word, word_key

CONTEXT = 4  # words of context either side of a changed passage
BIG_BLOCK = 1_000_000  # word pairs in a differing block above which popular words are skipped
MOVE_WORDS = 3  # a segment of fewer words is too common to be called moved

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
FIGURE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\b(?: \d{{4}}\b)?|\b{_MONTH},? \d{{1,2}}(?:st|nd|rd|th)?"
    rf",? \d{{4}}\b|\b{_MONTH} \d{{4}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b\d{{4}}-\d\d-\d\d\b"
    rf"|[£$€] ?{_NUMBER}(?: ?(?:bn|m|k|million|billion)\b)?|\b{_NUMBER}(?: ?%|\b)"
)
_CELL = re.compile(rf"[(£$€+-]?{_NUMBER}(?:%|m|bn|k)?\)?[,;]?")
_LABEL_KEY = "\x00"  # every paragraph or row number compares equal to every other one

_Op = tuple[str, int, int, int, int]  # tag, then word ranges a1:a2 and b1:b2


@dataclass(frozen=True)
class _Docs:
    a: list[Word]
    b: list[Word]
    bounds_a: frozenset[int]  # word offsets where a segment starts or ends
    bounds_b: frozenset[int]


def _key(segment: Segment) -> str:
    return " ".join(w.key for w in segment.word_list() if not w.label)


def _flatten(segments: list[Segment]) -> tuple[list[Word], list[int]]:
    words: list[Word] = []
    offsets = [0]
    for s in segments:
        words.extend(s.word_list())
        offsets.append(len(words))
    return words, offsets


def _word_key(w: Word) -> str:
    return _LABEL_KEY if w.label else w.key


def _word_ops(docs: _Docs, a1: int, a2: int, b1: int, b2: int) -> list[_Op]:
    ka = [_word_key(w) for w in docs.a[a1:a2]]
    kb = [_word_key(w) for w in docs.b[b1:b2]]
    if "".join(ka) == "".join(kb):  # a difference in spacing alone is layout, not text
        return []
    matcher = SequenceMatcher(None, ka, kb, autojunk=len(ka) * len(kb) > BIG_BLOCK)
    if max(len(ka), len(kb)) > 8 and matcher.ratio() < 0.4:  # rewritten
        paragraphs = {w.paragraph for w in docs.a[a1:a2]} | {w.paragraph for w in docs.b[b1:b2]}
        if a1 < a2 and b1 < b2 and len(paragraphs) == 1 and None not in paragraphs:
            return [("replace", a1, a2, b1, b2)]  # one paragraph reworded: one change
        return [("delete", a1, a2, b1, b1), ("insert", a2, a2, b1, b2)]  # show as out and in
    ops = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    return [  # "decision —which" and "decision—which" are the same text
        (t, a1 + i1, a1 + i2, b1 + j1, b1 + j2)
        for t, i1, i2, j1, j2 in ops
        if "".join(ka[i1:i2]) != "".join(kb[j1:j2])
    ]


def _whole(op: _Op, docs: _Docs) -> bool:
    tag, a1, a2, b1, b2 = op
    if tag == "delete":
        return a1 in docs.bounds_a and a2 in docs.bounds_a
    return tag == "insert" and b1 in docs.bounds_b and b2 in docs.bounds_b


def _merge(ops: list[_Op], docs: _Docs) -> list[_Op]:
    """Join changes a word or two apart into one, unless either is whole sentences."""
    out: list[_Op] = []
    for op in ops:
        last = out[-1] if out else None
        if last and op[1] - last[2] <= 2 and not _whole(last, docs) and not _whole(op, docs):
            out[-1] = ("replace", last[1], op[2], last[3], op[4])
        else:
            out.append(op)
    return out


def _context(words: list[Word], i1: int, i2: int) -> tuple[str, str]:
    """Up to CONTEXT words either side of ``words[i1:i2]``, not reaching into other paragraphs."""
    before = words[max(0, i1 - CONTEXT) : i1]
    starts = [k for k, w in enumerate(before) if w.label]
    before = before[starts[-1] :] if starts else before
    after = words[i2 : i2 + CONTEXT]
    after = after[: next((k for k, w in enumerate(after) if w.label), len(after))]
    return " ".join(w.text for w in before), " ".join(w.text for w in after)


def _side(words: list[Word], i1: int, i2: int, context: bool = True) -> Side:
    at = words[min(i1, len(words) - 1)]
    text = " ".join(w.text for w in words[i1:i2])
    before, after = _context(words, i1, i2) if context else ("", "")
    return Side(at.page, at.paragraph, text, before, after, (at.page,), at.place)


def figures(text: str) -> list[str]:
    return [m.group() for m in FIGURE.finditer(text)]


def _figure_pairs(original: str, revised: str) -> tuple[Figure, ...]:
    fa, fb = figures(original), figures(revised)
    ops = SequenceMatcher(None, fa, fb, autojunk=False).get_opcodes()
    return tuple(
        Figure(x, y)
        for tag, i1, i2, j1, j2 in ops
        if tag != "equal"
        for x, y in zip_longest(fa[i1:i2], fb[j1:j2])
    )


def _figure_extent(words: list[Word], i1: int, i2: int) -> tuple[int, int]:
    """How many words to add on the left and right so that no number or date is cut in two."""
    if i1 == i2:
        return 0, 0
    lo, hi = max(0, i1 - 4), min(len(words), i2 + 4)
    starts = [0]
    for w in words[lo : hi - 1]:
        starts.append(starts[-1] + len(w.text) + 1)
    s0, s1 = starts[i1 - lo], starts[i2 - 1 - lo] + len(words[i2 - 1].text)
    left = right = 0
    for m in FIGURE.finditer(" ".join(w.text for w in words[lo:hi])):
        if m.start() < s1 and m.end() > s0:
            left = max(left, i1 - lo - bisect_right(starts, m.start()) + 1)
            right = max(right, lo + bisect_right(starts, m.end() - 1) - i2)
    return left, right


def _changed(docs: _Docs, op: _Op) -> Change:
    _, a1, a2, b1, b2 = op
    (la, ra), (lb, rb) = _figure_extent(docs.a, a1, a2), _figure_extent(docs.b, b1, b2)
    left = min(max(la, lb), a1, b1)
    right = min(max(ra, rb), len(docs.a) - a2, len(docs.b) - b2)
    orig, rev = _side(docs.a, a1 - left, a2 + right), _side(docs.b, b1 - left, b2 + right)
    return Change("changed", orig, rev, _figure_pairs(orig.text, rev.text))


def _widen(op: _Op, docs: _Docs) -> _Op:
    """Words put into or taken out of a sentence: show them with a word either side."""
    tag, a1, a2, b1, b2 = op
    left = 1 if a1 > 0 and b1 > 0 else 0
    right = 1 if a2 < len(docs.a) and b2 < len(docs.b) else 0
    return (tag, a1 - left, a2 + right, b1 - left, b2 + right)


def _chunks(kind: Kind, words: list[Word]) -> list[Change]:
    """Whole sentences added or removed: one change for each paragraph or row they come from."""
    starts = [
        i
        for i, w in enumerate(words)
        if i == 0 or w.label or w.head or w.place != words[i - 1].place
    ]
    out = []
    for i1, i2 in pairwise([*starts, len(words)]):
        side = _side(words, i1, i2, context=False)
        figs = figures(" ".join(w.text for w in words[i1:i2] if not w.label))
        if kind == "removed":
            out.append(Change(kind, side, Side(), tuple(Figure(f, None) for f in figs)))
        else:
            out.append(Change(kind, Side(), side, tuple(Figure(None, f) for f in figs)))
    return out


def _changes(op: _Op, docs: _Docs) -> list[Change]:
    tag, a1, a2, b1, b2 = op
    if _whole(op, docs):
        return _chunks("removed", docs.a[a1:a2]) if a2 > a1 else _chunks("added", docs.b[b1:b2])
    cells_a, cells_b = docs.a[a1:a2], docs.b[b1:b2]
    if len(cells_a) == len(cells_b) and all(_CELL.fullmatch(w.text) for w in cells_a + cells_b):
        cells = [k for k in range(len(cells_a)) if cells_a[k].key != cells_b[k].key]
        return [_changed(docs, (tag, a1 + k, a1 + k + 1, b1 + k, b1 + k + 1)) for k in cells]
    return [_changed(docs, _widen(op, docs) if a1 == a2 or b1 == b2 else op)]


def _move_key(text: str) -> str:
    text = LABEL.sub("", text, count=1) if LABEL.match(text) else SUB_LABEL.sub("", text, 1)
    return " ".join(make_word(t, 0, None).key for t in text.split())


def _find_moves(changes: list[tuple[float, Change]]) -> list[tuple[float, Change]]:
    """Pair each removed passage with an identical added one elsewhere: one "moved" change."""
    added: dict[str, list[int]] = {}
    for i, (_, c) in enumerate(changes):
        if c.kind == "added":
            added.setdefault(_move_key(c.revised.text), []).append(i)
    used: set[int] = set()
    out: list[tuple[float, Change]] = []
    for i, (at, c) in enumerate(changes):
        spare = [j for j in added.get(_move_key(c.original.text), []) if j not in used]
        if c.kind == "removed" and spare:
            used.add(spare[0])
            out.append((at, Change("moved", c.original, changes[spare[0]][1].revised)))
        elif i not in used:
            out.append((at, c))
    return out


# ---- the three passes ----------------------------------------------------------------------


def _moves(
    a: list[Segment], b: list[Segment], ka: list[str], kb: list[str]
) -> list[tuple[list[int], list[int]]]:
    """Runs of segments left over on both sides with the same text: (indices in a, in b)."""
    ops = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    gone = [i for t, i1, i2, _, _ in ops if t != "equal" for i in range(i1, i2)]
    new: dict[str, list[int]] = {}
    for t, _, _, j1, j2 in ops:
        for j in range(j1, j2) if t != "equal" else ():
            new.setdefault(kb[j], []).append(j)
    pairs = []
    for i in gone:
        spare = new.get(ka[i])
        if spare and len(ka[i].split()) >= MOVE_WORDS:
            pairs.append((i, spare.pop(0)))
    runs: list[tuple[list[int], list[int]]] = []
    for i, j in pairs:
        if runs and runs[-1][0][-1] == i - 1 and runs[-1][1][-1] == j - 1:
            runs[-1][0].append(i)
            runs[-1][1].append(j)
        else:
            runs.append(([i], [j]))
    return runs


def _row_key(segment: Segment) -> str | None:
    """A table row's key: the headings above its table and its label (the supplier's name)."""
    if segment.kind != "row" or not segment.words or not segment.words[0].place:
        return None
    return " ".join(word_key(t) for t in segment.words[0].place.split())


def _row_moves(
    a: list[Segment], b: list[Segment], ka: list[str], kb: list[str], taken: set[int]
) -> list[tuple[int, int]]:
    """Table rows that changed AND moved: a row left over on each side with the same key (one
    row of that key in each document), not in the same place of a block of rows that changed
    in place. Each pair is one "moved" change with its changed cells, not added plus removed."""
    keys_a, keys_b = [_row_key(s) for s in a], [_row_key(s) for s in b]
    once_a = {k for k, n in Counter(keys_a).items() if k and n == 1}
    once_b = {k for k, n in Counter(keys_b).items() if k and n == 1}
    slot_a: dict[int, tuple[int, int, bool]] = {}  # block, offset in it, changed in place
    slot_b: dict[int, tuple[int, int]] = {}
    ops = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag != "equal":
            even = tag == "replace" and i2 - i1 == j2 - j1
            slot_a.update((i, (n, i - i1, even)) for i in range(i1, i2))
            slot_b.update((j, (n, j - j1)) for j in range(j1, j2))
    spare = {keys_b[j]: j for j in slot_b if keys_b[j] in once_b and j not in taken}
    pairs = []
    for i, (n, k, even) in sorted(slot_a.items()):
        j = spare.get(keys_a[i] or "") if keys_a[i] in once_a else None
        if j is not None and ka[i] != kb[j] and not (even and slot_b[j] == (n, k)):
            pairs.append((i, j))
    return pairs


def _row_move(a: Segment, b: Segment) -> Change:
    """One row that moved and changed: both places, its changed cells as figures."""
    cells_a = " ".join(w.text for w in a.word_list() if not w.label)
    cells_b = " ".join(w.text for w in b.word_list() if not w.label)
    return Change("moved", _joined([a], [0]), _joined([b], [0]), _figure_pairs(cells_a, cells_b))


def _joined(segments: list[Segment], indices: list[int]) -> Side:
    words = [w for i in indices for w in segments[i].word_list()]
    return _side(words, 0, len(words), context=False)


def diff_segments(a: list[Segment], b: list[Segment]) -> list[Change]:
    """The changes that turn segments ``a`` into segments ``b``, in the order of ``a``."""
    from docgen.compare.renumber import implied, renumbered

    ka, kb = [_key(s) for s in a], [_key(s) for s in b]
    found: list[tuple[float, Change]] = []
    moved_a: set[int] = set()
    moved_b: set[int] = set()
    pairs: list[tuple[int, int]] = []  # segments moved: (index in a, in b)
    for ia, ib in _moves(a, b, ka, kb):
        found.append((ia[0], Change("moved", _joined(a, ia), _joined(b, ib))))
        moved_a.update(ia)
        moved_b.update(ib)
        pairs += zip(ia, ib, strict=True)
    for i, j in _row_moves(a, b, ka, kb, moved_b):
        if i not in moved_a:
            found.append((i, _row_move(a[i], b[j])))
            moved_a.add(i)
            moved_b.add(j)
            pairs.append((i, j))
    keep_a = [i for i in range(len(a)) if i not in moved_a]
    keep_b = [j for j in range(len(b)) if j not in moved_b]
    fa, fb = [a[i] for i in keep_a], [b[j] for j in keep_b]
    (wa, offs_a), (wb, offs_b) = _flatten(fa), _flatten(fb)
    docs = _Docs(wa, wb, frozenset(offs_a), frozenset(offs_b))
    ops: list[_Op] = []
    same: list[tuple[int, int]] = []  # segments aligned as the same: (index in a, in b)
    matcher = SequenceMatcher(None, [ka[i] for i in keep_a], [kb[j] for j in keep_b], False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            same += [
                (keep_a[i], keep_b[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
        if tag != "equal":
            ops.extend(_word_ops(docs, offs_a[i1], offs_a[i2], offs_b[j1], offs_b[j2]))
    for op in _merge(ops, docs):
        segment = bisect_right(offs_a, op[1]) - 1
        at = keep_a[segment] if segment < len(keep_a) else len(a)
        found += [(at - 0.5 * (op[1] == op[2]), c) for c in _changes(op, docs)]
    found += renumbered(a, b, [p for p in same if not implied(a, b, p, pairs)])
    found = _find_moves(sorted(found, key=lambda x: x[0]))
    return [c for _, c in found]
