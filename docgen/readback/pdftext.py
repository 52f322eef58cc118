"""The text of a PDF with its layout taken out: what ``docgen.compare`` and ``docgen.verify`` read.

``read_pdf(source)`` reads a PDF (a path or its bytes) with ``docgen.readback.pdf``, the reading
the leak check and the audit share, and returns a ``PdfText``: the text of each page, the document information (title, author, …), the record hash docgen puts
in /Keywords ("sha256:<hex>") and the data docgen embeds in its own PDFs (the attachment
"docgen-data.json"), so a reader can tell whether two PDFs came from docgen records.

``normalise(pages)`` turns page texts into ``Segment``s (sentences, headings, runs of table
cells) in reading order, so that layout alone never counts as a difference: ligatures, soft
hyphens, words hyphenated at line ends, spacing, line and page breaks, running headers and
footers and page numbers are taken out, and each word remembers its page and the document's own
paragraph number ("1.2", "4.2(a)").
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.errors import InputError
from docgen.readback.bounded import read_file
from docgen.readback.pdf import EncryptedPdf, PdfFile, quiet
from docgen.readback.pdf import read_pdf as read

META_FIELDS = ("title", "author", "subject", "producer", "creator")
DATA_ATTACHMENT = "docgen-data.json"
EDGE = 3  # lines at the top and at the bottom of a page that may be running headers or footers

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
LABEL = re.compile(r"(\d{1,2}(?:\.\d{1,3})+|\d{1,2}(?=\.))\.?((?:\([a-z0-9]{1,4}\))*) +(?=[^\d\s])")
"""A paragraph number at the start of a line: "1.2 ", "4.2(a) ", "5. " (a section heading)."""
SUB_LABEL = re.compile(r"\(([a-z]{1,4}|\d{1,2})\) +(?=\S)")
"""A lettered or roman sub-item at the start of a line: "(ii) ", "(a) "."""
_SENTENCE_END = re.compile(r"[.!?:;][\"'’”)\]]*$")
_RECORD_HASH = re.compile(r"sha256\s*[:,]\s*([0-9a-f]{64})")


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
        return [make_word(t, self.page, self.paragraph) for t in self.text.split()]


@dataclass(frozen=True)
class PdfText:
    """What a PDF says: page texts, document information, record hash and embedded data."""

    name: str
    pages: list[str]
    metadata: dict[str, str | None]
    keywords: str | None = None
    data: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def record_sha256(self) -> str | None:
        """The hash of the records the document was built from ("sha256:<hex>" in /Keywords)."""
        found = _RECORD_HASH.search(self.keywords or "")
        return found[1] if found else None


# ---- reading -------------------------------------------------------------------------------


def _meta(info: dict[str, str]) -> dict[str, str | None]:
    values = {f: info.get(f.capitalize()) for f in META_FIELDS}
    return {f: " ".join(v.split()) or None if v else None for f, v in values.items()}


def _data(pdf: PdfFile) -> dict[str, Any] | None:
    """The docgen data embedded in the PDF, or None (not a docgen PDF, or unreadable data)."""
    found = pdf.attachment(DATA_ATTACHMENT)
    try:
        data = found.json() if found is not None else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def read_pdf(source: Path | bytes, name: str | None = None, password: str | None = None) -> PdfText:
    """Read a PDF file or the bytes of one (with ``docgen.readback.pdf``, as every reader of a
    finished file does); InputError if it is unreadable or has no text."""
    shown = name or (str(source) if isinstance(source, Path) else "PDF")
    if isinstance(source, Path) and not source.exists():
        raise InputError(f"{shown}: no such file")
    data = source if isinstance(source, bytes) else read_file(source, what="PDF")
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{shown}: not a PDF file")
    try:
        with quiet():
            pdf = read(data, password=password)
    except EncryptedPdf as exc:
        raise InputError(f"{shown}: {exc}") from exc
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file
        raise InputError(f"{shown}: cannot read the PDF ({type(exc).__name__}: {exc})") from exc
    pages = list(pdf.pages)
    if not any(text.strip() for text in pages):
        raise InputError(
            f"{shown}: the PDF has no text layer (it may be a scanned image); "
            "run OCR on it and compare the OCRed copy"
        )
    return PdfText(shown, pages, _meta(pdf.info), pdf.info.get("Keywords") or None, _data(pdf))


def extract_pages(path: Path, password: str | None = None) -> list[str]:
    """The text of each page; InputError if unreadable or textless."""
    return read_pdf(Path(path), password=password).pages


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


def word_key(text: str) -> str:
    """What a word is compared by: straight quotes, no hyphen inside a word."""
    return _INNER_HYPHEN.sub("", text.translate(_QUOTES))


def make_word(text: str, page: int, paragraph: str | None, label: bool = False) -> Word:
    return Word(text, word_key(text), page, paragraph, label)


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
    m = LABEL.match(line)
    if m and (not previous or _SENTENCE_END.search(previous) or _follows(m[1], current)):
        return m[1] + m[2]
    if (m := SUB_LABEL.match(line)) and current:
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
            words.append(make_word(token, page if k else first_page, label, not k and bool(found)))
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


def flat_keys(text: str) -> str:
    """Text reduced to its word keys, one space apart: for finding one text inside another."""
    return " ".join(word_key(t) for t in _clean(text).split())
