"""Compare the text of two PDFs: what changed, was added, removed or moved, and where.

``compare_pdfs(original, revised)`` reads both files (``docgen.readback``), normalises the text so that
layout alone never counts as a difference (ligatures, soft hyphens, words hyphenated at line
ends, spacing, line and page breaks, running headers and footers, page numbers), aligns the two
documents as a whole (sentences and numbered paragraphs, then the words inside the blocks that
differ) and returns a ``Comparison``. Nothing here prints: ``format_text`` makes a terminal
report and ``docgen.compare_html.write_html`` an HTML one.

``Comparison.to_dict()`` gives this JSON structure (stable):

    {"identical_text": bool,
     "changes": [{"kind": "changed" | "added" | "removed" | "moved",
                  "original": SIDE, "revised": SIDE,
                  "figures": [{"original": str | null, "revised": str | null}, ...]}],
     "metadata": {"changed": {FIELD: {"original": ..., "revised": ...}},
                  "original": {FIELD: str | null}, "revised": {FIELD: str | null}},
     "pages": {"original": int, "revised": int},
     "record_changes": [{"path": str, "original": str | null, "revised": str | null}, ...]}

    SIDE = {"page": int | null, "paragraph": str | null, "text": str, "before": str, "after": str}

``text`` is the differing text only: for "changed" the changed words, widened to whole numbers,
sums and dates (a changed table cell gives just the cell value); for "added", "removed" and
"moved" the whole sentence or paragraph. ``before`` and ``after`` hold up to CONTEXT words of
unchanged text either side ("" for added, removed and moved text). The side with no text (the
original of an added change, the revised of a removed one) has page and paragraph null and
empty strings. ``page`` counts from 1; ``paragraph`` is the document's own paragraph number
("1.2", "4.2(a)") or null. ``figures`` pairs the numbers, sums of money and dates that differ
("£31.8m" -> "£32.0m"); one only in the original has revised null, and vice versa. FIELDs are
title, author, subject, producer and creator; ``changed`` gets "page_count" too when the page
counts differ. Changes come in the order of the original document. "record_changes" is there
only when both PDFs are docgen PDFs (they embed the data they were made from): the differences
between the two sets of data, by place ("sections[4] 5.4", "title_rows Classification",
"tables Lot 2 bidder X Total"); see ``docgen.compare.record_diff``. Reading PDFs and taking
their layout out is ``docgen.readback.pdftext``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise, zip_longest
from pathlib import Path

from docgen.compare.changes import (
    Change,
    Comparison,
    Figure,
    Kind,
    Side,
    format_change,
    format_text,
    where,
)
from docgen.compare.record_diff import RecordChange, record_changes
from docgen.errors import InputError
from docgen.readback.pdftext import (
    LABEL,
    META_FIELDS,
    SUB_LABEL,
    PdfText,
    Segment,
    Word,
    extract_pages,
    find_furniture,
    make_word,
    normalise,
    page_lines,
    read_pdf,
)

__all__ = [
    "META_FIELDS",
    "Change",
    "Comparison",
    "Figure",
    "RecordChange",
    "Segment",
    "Side",
    "Word",
    "compare_pdfs",
    "compare_texts",
    "diff_segments",
    "extract_pages",
    "find_furniture",
    "format_change",
    "format_text",
    "normalise",
    "page_lines",
    "where",
]

CONTEXT = 4  # words of context either side of a changed passage
BIG_BLOCK = 1_000_000  # word pairs in a differing block above which popular words are skipped

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_FIGURE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\b(?: \d{{4}}\b)?|\b{_MONTH},? \d{{1,2}}(?:st|nd|rd|th)?"
    rf",? \d{{4}}\b|\b{_MONTH} \d{{4}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b|\b\d{{4}}-\d\d-\d\d\b"
    rf"|[£$€] ?{_NUMBER}(?: ?(?:bn|m|k|million|billion)\b)?|\b{_NUMBER}(?: ?%|\b)"
)
_CELL = re.compile(rf"[(£$€+-]?{_NUMBER}(?:%|m|bn|k)?\)?[,;]?")


# ---- diffing -------------------------------------------------------------------------------

_Op = tuple[str, int, int, int, int]  # tag, then word ranges a1:a2 and b1:b2


@dataclass(frozen=True)
class _Docs:
    a: list[Word]
    b: list[Word]
    bounds_a: frozenset[int]  # word offsets where a segment starts or ends
    bounds_b: frozenset[int]


def _flatten(segments: list[Segment]) -> tuple[list[Word], list[int]]:
    words: list[Word] = []
    offsets = [0]
    for s in segments:
        words.extend(s.word_list())
        offsets.append(len(words))
    return words, offsets


def _word_ops(docs: _Docs, a1: int, a2: int, b1: int, b2: int) -> list[_Op]:
    ka, kb = [w.key for w in docs.a[a1:a2]], [w.key for w in docs.b[b1:b2]]
    if "".join(ka) == "".join(kb):  # a difference in spacing alone is layout, not text
        return []
    matcher = SequenceMatcher(None, ka, kb, autojunk=len(ka) * len(kb) > BIG_BLOCK)
    if max(len(ka), len(kb)) > 8 and matcher.ratio() < 0.4:  # rewritten: show as out and in
        return [("delete", a1, a2, b1, b1), ("insert", a2, a2, b1, b2)]
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
    return Side(at.page, at.paragraph, text, *(_context(words, i1, i2) if context else ("", "")))


def _figures(text: str) -> list[str]:
    return [m.group() for m in _FIGURE.finditer(text)]


def _figure_pairs(original: str, revised: str) -> tuple[Figure, ...]:
    fa, fb = _figures(original), _figures(revised)
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
    for m in _FIGURE.finditer(" ".join(w.text for w in words[lo:hi])):
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
    """Whole sentences added or removed: one change for each paragraph they come from."""
    starts = [i for i, w in enumerate(words) if i == 0 or w.label] + [len(words)]
    out = []
    for i1, i2 in pairwise(starts):
        side = _side(words, i1, i2, context=False)
        figs = _figures(" ".join(w.text for w in words[i1:i2] if not w.label))
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


def _find_moves(changes: list[Change]) -> list[Change]:
    """Pair each removed passage with an identical added one elsewhere: one "moved" change."""
    added: dict[str, list[int]] = {}
    for i, c in enumerate(changes):
        if c.kind == "added":
            added.setdefault(_move_key(c.revised.text), []).append(i)
    used: set[int] = set()
    out: list[Change] = []
    for i, c in enumerate(changes):
        spare = [j for j in added.get(_move_key(c.original.text), []) if j not in used]
        if c.kind == "removed" and spare:
            used.add(spare[0])
            out.append(Change("moved", c.original, changes[spare[0]].revised))
        elif i not in used:
            out.append(c)
    return out


def diff_segments(a: list[Segment], b: list[Segment]) -> list[Change]:
    """The changes that turn segments ``a`` into segments ``b``, in the order of ``a``."""
    (wa, offs_a), (wb, offs_b) = _flatten(a), _flatten(b)
    docs = _Docs(wa, wb, frozenset(offs_a), frozenset(offs_b))
    keys_a = [" ".join(w.key for w in wa[i:j]) for i, j in pairwise(offs_a)]
    keys_b = [" ".join(w.key for w in wb[i:j]) for i, j in pairwise(offs_b)]
    ops: list[_Op] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if tag != "equal":
            ops.extend(_word_ops(docs, offs_a[i1], offs_a[i2], offs_b[j1], offs_b[j2]))
    return _find_moves([c for op in _merge(ops, docs) for c in _changes(op, docs)])


def compare_pdfs(original: Path, revised: Path) -> Comparison:
    """Compare the text and metadata of two PDFs; InputError if either cannot be read."""
    return compare_texts(read_pdf(Path(original)), read_pdf(Path(revised)))


def compare_texts(original: PdfText, revised: PdfText) -> Comparison:
    """Compare two PDFs already read (``docgen.readback.pdftext.read_pdf`` takes a path or bytes).

    When both are docgen PDFs (they embed their data), the result also lists the differences
    between the two sets of data as ``record_changes``.
    """
    pages_a, pages_b = original.pages, revised.pages
    furniture = find_furniture(page_lines(pages_a)) | find_furniture(page_lines(pages_b))
    a, b = normalise(pages_a, furniture), normalise(pages_b, furniture)
    for name, segments in ((original.name, a), (revised.name, b)):
        if not segments:
            raise InputError(
                f"{name}: the PDF has no text layer apart from headers, footers and page "
                "numbers (it may be a scanned image); run OCR on it and compare the OCRed copy"
            )
    records = None
    if original.data is not None and revised.data is not None:
        records = tuple(record_changes(original.data, revised.data))
    return Comparison(
        tuple(diff_segments(a, b)),
        original.metadata,
        revised.metadata,
        len(pages_a),
        len(pages_b),
        records,
    )
