"""Compare the text of two PDFs: what changed, was added, removed or moved, and where.

``compare_pdfs(original, revised)`` reads both files with pypdf, normalises the text so that
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
     "pages": {"original": int, "revised": int}}

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
counts differ. Changes come in the order of the original document.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import warnings
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise, zip_longest
from pathlib import Path
from typing import Any, Literal

import pypdf

from docgen.errors import InputError

Kind = Literal["changed", "added", "removed", "moved"]
META_FIELDS = ("title", "author", "subject", "producer", "creator")
EDGE = 3  # lines at the top and at the bottom of a page that may be running headers or footers
CONTEXT = 4  # words of context either side of a changed passage
BIG_BLOCK = 1_000_000  # word pairs in a differing block above which popular words are skipped

_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_CHARS = str.maketrans(
    dict.fromkeys(_SPACES + "\u202f\u205f\u3000", " ")
    | dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff")
    | dict.fromkeys("\u2010\u2011\xad", "-")  # some producers map the hyphen glyph to U+00AD
)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_INNER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")
_PAGE_NUMBER = re.compile(
    r"page\s+\d+(\s*(of|/)\s*\d+)?|\d+\s*(of|/)\s*\d+|[-–—]\s*\d+\s*[-–—]", re.I
)
_LABEL = re.compile(
    r"(\d{1,2}(?:\.\d{1,3})+|\d{1,2}(?=\.))\.?((?:\([a-z0-9]{1,4}\))*) +(?=[^\d\s])"
)
_SUB_LABEL = re.compile(r"\(([a-z]{1,4}|\d{1,2})\) +(?=\S)")
_SENTENCE_END = re.compile(r"[.!?:;][\"'’”)\]]*$")
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


@dataclass(frozen=True)
class Word:
    """One word of a document, where it is, and the key it is compared by."""

    text: str
    key: str
    page: int
    paragraph: str | None
    label: bool = False  # the word is the paragraph number itself


@dataclass(frozen=True)
class Segment:
    """A sentence, heading or run of table cells, in reading order across the whole document."""

    text: str
    page: int
    paragraph: str | None
    words: tuple[Word, ...] = field(default=(), repr=False, compare=False)

    def word_list(self) -> list[Word]:
        if self.words:
            return list(self.words)
        return [_word(t, self.page, self.paragraph) for t in self.text.split()]


@dataclass(frozen=True)
class Side:
    """Where a change sits in one document, its text there and a little context."""

    page: int | None = None
    paragraph: str | None = None
    text: str = ""
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class Figure:
    """A number, sum of money or date that differs; None where the other side has none."""

    original: str | None
    revised: str | None


@dataclass(frozen=True)
class Change:
    kind: Kind
    original: Side
    revised: Side
    figures: tuple[Figure, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"figures": [asdict(f) for f in self.figures]}


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...]
    original_metadata: dict[str, str | None]
    revised_metadata: dict[str, str | None]
    original_pages: int
    revised_pages: int

    @property
    def identical_text(self) -> bool:
        return not self.changes

    @property
    def metadata_changed(self) -> dict[str, dict[str, Any]]:
        a, b = self.original_metadata, self.revised_metadata
        out: dict[str, dict[str, Any]] = {}
        for key in (k for k in META_FIELDS if a.get(k) != b.get(k)):
            out[key] = {"original": a.get(key), "revised": b.get(key)}
        if self.original_pages != self.revised_pages:
            out["page_count"] = {"original": self.original_pages, "revised": self.revised_pages}
        return out

    def to_dict(self) -> dict[str, Any]:
        original, revised = dict(self.original_metadata), dict(self.revised_metadata)
        return {
            "identical_text": self.identical_text,
            "changes": [c.to_dict() for c in self.changes],
            "metadata": {
                "changed": self.metadata_changed,
                "original": original,
                "revised": revised,
            },
            "pages": {"original": self.original_pages, "revised": self.revised_pages},
        }


# ---- reading -------------------------------------------------------------------------------


def _open(path: Path, password: str | None) -> pypdf.PdfReader:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with path.open("rb") as handle:
        if b"%PDF-" not in handle.read(1024):
            raise InputError(f"{path}: not a PDF file")
    reader = pypdf.PdfReader(path)
    if reader.is_encrypted and not reader.decrypt(password or ""):
        raise InputError(f"{path}: the PDF is encrypted; give its password or an unencrypted copy")
    return reader


def _meta(reader: pypdf.PdfReader) -> dict[str, str | None]:
    info = reader.metadata
    values = {f: getattr(info, f, None) if info is not None else None for f in META_FIELDS}
    return {f: " ".join(str(v).split()) or None if v else None for f, v in values.items()}


@contextmanager
def _quiet() -> Iterator[None]:
    """Keep pypdf's warnings about damaged files off the terminal: errors are raised instead."""
    logger, level = logging.getLogger("pypdf"), logging.getLogger("pypdf").level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _load(path: Path, password: str | None = None) -> tuple[list[str], dict[str, str | None]]:
    try:
        with _quiet():
            reader = _open(path, password)
            pages, meta = [p.extract_text() for p in reader.pages], _meta(reader)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file
        raise InputError(f"{path}: cannot read the PDF ({type(exc).__name__}: {exc})") from exc
    if not any(text.strip() for text in pages):
        raise InputError(
            f"{path}: the PDF has no text layer (it may be a scanned image); "
            "run OCR on it and compare the OCRed copy"
        )
    return pages, meta


def extract_pages(path: Path, password: str | None = None) -> list[str]:
    """The raw text of each page, as pypdf extracts it; InputError if unreadable or textless."""
    return _load(Path(path), password)[0]


# ---- normalising ---------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = _LIGATURE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return text.translate(_CHARS)


def page_lines(pages: list[str]) -> list[list[str]]:
    """Each page's non-blank lines, cleaned and with spacing collapsed."""
    return [[" ".join(x.split()) for x in _clean(p).splitlines() if x.strip()] for p in pages]


def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", line).casefold()


def _is_edge(index: int, count: int) -> bool:
    return index < EDGE or index >= count - EDGE


def _steady(seen: dict[int, str]) -> bool:
    """The same text on every page, or (on three pages or more) a number counting the pages."""
    if len(set(seen.values())) == 1:
        return True
    if len(seen) < 3:
        return False
    numbers = {page: [int(n) for n in re.findall(r"\d+", raw)] for page, raw in seen.items()}
    width = min(len(n) for n in numbers.values())
    return any(len({n[i] - page for page, n in numbers.items()}) == 1 for i in range(width))


def find_furniture(pages: list[list[str]]) -> frozenset[str]:
    """Masked lines (digits as #) that are running headers or footers.

    A line counts when it is among the first or last EDGE lines of more than half the pages,
    hardly ever elsewhere, and is the same on each page or has the page number in it.
    """
    edge: dict[str, dict[int, str]] = {}
    middle: Counter[str] = Counter()
    for page, lines in enumerate(pages):
        for i, x in enumerate(lines):
            if _is_edge(i, len(lines)):
                edge.setdefault(_mask(x), {}).setdefault(page, x)
            else:
                middle[_mask(x)] += 1
    need = max(2, len(pages) // 2 + 1)
    found = (k for k, seen in edge.items() if len(seen) >= need and middle[k] * 3 <= len(seen))
    return frozenset(k for k in found if _steady(edge[k]))


def _strip_furniture(lines: list[str], furniture: frozenset[str], page: int) -> list[str]:
    def furnishing(i: int, x: str) -> bool:
        known = _mask(x) in furniture or _PAGE_NUMBER.fullmatch(x) is not None
        bare = x == str(page) and (i < 2 or i >= len(lines) - 2)  # a page number on its own
        return bare or (known and _is_edge(i, len(lines)))

    return [x for i, x in enumerate(lines) if not furnishing(i, x)]


def _word(text: str, page: int, paragraph: str | None, label: bool = False) -> Word:
    return Word(text, _INNER_HYPHEN.sub("", text.translate(_QUOTES)), page, paragraph, label)


def _follows(new: str, current: str | None) -> bool:
    """Whether paragraph number ``new`` can come next after ``current`` (gaps of one allowed)."""
    a = tuple(int(x) for x in new.split("."))
    b = tuple(int(x) for x in current.split("(")[0].split(".")) if current else (0,)
    steps = range(min(len(a), len(b)))
    return a == (*b, 1) or any(
        a[:k] == b[:k] and 0 < a[k] - b[k] <= 2 and set(a[k + 1 :]) <= {1} for k in steps
    )


def _label(line: str, current: str | None, previous: str) -> str | None:
    """The paragraph number ``line`` starts with, if it starts a numbered paragraph.

    A number at the start of a line counts only if the line before ends a sentence or the
    number follows on from the current one: "item\\n5.0 with" in running text is no number.
    """
    m = _LABEL.match(line)
    if m and (not previous or _SENTENCE_END.search(previous) or _follows(m[1], current)):
        return m[1] + m[2]
    if (m := _SUB_LABEL.match(line)) and current:
        return f"{current.split('(')[0]}({m[1]})"
    return None


def _join(prev: str, token: str) -> str | None:
    """The word made by joining a line ending in ``prev`` to one starting ``token``, if any."""
    if re.search(r"[^\W\d_]-$", prev) and token[:1].islower():
        return prev[:-1] + token  # "impor-" + "tant"; "well-known" still compares equal
    return prev + token if re.search(r"\w[-–—/]$", prev) else None


def _words(lines: list[tuple[int, str]]) -> list[Word]:
    words: list[Word] = []
    label: str | None = None
    previous = ""
    for page, line in lines:
        found = _label(line, label, previous)
        label, previous, tokens = found or label, line, line.split(" ")
        joined, first_page = _join(words[-1].text, tokens[0]) if words and not found else None, page
        if joined is not None:
            tokens[0], first_page = joined, words.pop().page
        for k, token in enumerate(tokens):
            words.append(_word(token, page if k else first_page, label, not k and bool(found)))
    return words


def _starts_sentence(token: str) -> bool:
    first = token.lstrip("\"'‘“([")[:1]
    return first.isupper() or first.isdigit() or first in "£$€"


def _segments(words: list[Word]) -> list[Segment]:
    groups: list[list[Word]] = []
    for i, w in enumerate(words):
        ends = i > 0 and _SENTENCE_END.search(words[i - 1].text) and _starts_sentence(w.text)
        if not groups or w.label or ends:
            groups.append([])
        groups[-1].append(w)
    return [
        Segment(" ".join(w.text for w in g), g[0].page, g[0].paragraph, tuple(g)) for g in groups
    ]


def normalise(pages: list[str], furniture: frozenset[str] | None = None) -> list[Segment]:
    """The text of a document as segments in reading order, with its layout taken out.

    ``furniture`` (from ``find_furniture``) says which running headers and footers to drop;
    by default they are found in ``pages`` themselves.
    """
    lines = page_lines(pages)
    furniture = find_furniture(lines) if furniture is None else furniture
    flat = [(n, x) for n, page in enumerate(lines, 1) for x in _strip_furniture(page, furniture, n)]
    return _segments(_words(flat))


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
    text = _LABEL.sub("", text, count=1) if _LABEL.match(text) else _SUB_LABEL.sub("", text, 1)
    return " ".join(_word(t, 0, None).key for t in text.split())


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
    (pages_a, meta_a), (pages_b, meta_b) = _load(Path(original)), _load(Path(revised))
    furniture = find_furniture(page_lines(pages_a)) | find_furniture(page_lines(pages_b))
    a, b = normalise(pages_a, furniture), normalise(pages_b, furniture)
    for path, segments in ((original, a), (revised, b)):
        if not segments:
            raise InputError(
                f"{path}: the PDF has no text layer apart from headers, footers and page "
                "numbers (it may be a scanned image); run OCR on it and compare the OCRed copy"
            )
    return Comparison(tuple(diff_segments(a, b)), meta_a, meta_b, len(pages_a), len(pages_b))


# ---- reporting -----------------------------------------------------------------------------


def where(side: Side) -> str:
    """Where one side of a change is: "p.2 ¶1.2", "p.2" or "" for no page."""
    page = f"p.{side.page}" if side.page is not None else ""
    return f"{page} ¶{side.paragraph}".strip() if side.paragraph else page


def _quote(side: Side, limit: int = 160) -> str:
    text = side.text if len(side.text) <= limit else side.text[: limit - 1].rstrip() + "…"
    return f'"{"…" if side.before else ""}{text}{"…" if side.after else ""}"'


def format_change(c: Change) -> str:
    """One line for a change: ``changed p.2 ¶1.2: "…7 January 2026,…" → "…14 January 2026,…"``."""
    if c.kind == "added":
        return f"added {where(c.revised)}: {_quote(c.revised)}"
    if c.kind == "removed":
        return f"removed {where(c.original)}: {_quote(c.original)}"
    if c.kind == "moved":
        return f"moved {where(c.original)} → {where(c.revised)}: {_quote(c.original)}"
    loc, rloc = where(c.original), where(c.revised)
    loc = loc if loc == rloc else f"{loc} → {rloc}"
    return f"changed {loc}: {_quote(c.original)} → {_quote(c.revised)}"


def format_text(c: Comparison) -> str:
    """A plain-text report for a terminal: one line per change, then metadata differences."""
    count = len(c.changes)
    lines = [f"Pages: {c.original_pages} in the original, {c.revised_pages} in the revised."]
    if count:
        lines.append(f"{count} difference{'s' if count != 1 else ''} in the text:")
    else:
        lines.append("The text is identical.")
    lines.extend(format_change(x) for x in c.changes)
    for name, values in c.metadata_changed.items():
        lines.append(f"metadata {name}: {values['original']!r} → {values['revised']!r}")
    return "\n".join(lines)
