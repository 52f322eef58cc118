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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.errors import InputError
from docgen.readback.bounded import read_file
from docgen.readback.furniture import furnish, furniture_keys
from docgen.readback.layout import LayoutError, Page, plain_page, read_layout
from docgen.readback.segments import (
    LABEL,
    SUB_LABEL,
    Segment,
    Word,
    body_lines,
    clean,
    make_word,
    plain_pages,
    segments,
    word_key,
)

__all__ = [
    "DATA_ATTACHMENT",
    "LABEL",
    "META_FIELDS",
    "SUB_LABEL",
    "PdfText",
    "Segment",
    "Word",
    "extract_pages",
    "find_furniture",
    "flat_keys",
    "make_word",
    "normalise",
    "page_lines",
    "read_compared",
    "read_pdf",
    "word_key",
]

if TYPE_CHECKING:  # pypdf loads only for read_pdf: compare reads with PDFium
    from docgen.readback.pdf import PdfFile

META_FIELDS = ("title", "author", "subject", "producer", "creator")
DATA_ATTACHMENT = "docgen-data.json"
_RECORD_HASH = re.compile(r"sha256\s*[:,]\s*([0-9a-f]{64})")


@dataclass(frozen=True)
class PdfText:
    """What a PDF says: page texts, document information, record hash and embedded data."""

    name: str
    pages: list[str]
    metadata: dict[str, str | None]
    keywords: str | None = None
    data: dict[str, Any] | None = field(default=None, repr=False)
    layout: tuple[Page, ...] | None = field(default=None, repr=False)  # read_compared only

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
    from docgen.readback.pdf import EncryptedPdf, quiet
    from docgen.readback.pdf import read_pdf as read

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


def read_compared(
    source: Path | bytes, name: str | None = None, password: str | None = None
) -> PdfText:
    """A PDF read for comparing (``docgen.readback.layout``, with PDFium): each line with its
    place on the page, so that headers and footers are told by where they sit. InputError as
    for ``read_pdf``."""
    import json

    shown = name or (str(source) if isinstance(source, Path) else "PDF")
    data = source if isinstance(source, bytes) else read_file(source, what="PDF")
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{shown}: not a PDF file")
    try:
        found = read_layout(data, password)
    except LayoutError as exc:
        if exc.encrypted:
            raise InputError(
                f"{shown}: the PDF is encrypted: docgen cannot read it; give the unencrypted file"
            ) from exc
        raise InputError(f"{shown}: cannot read the PDF ({exc})") from exc
    pages = ["\n".join(line.text for line in page.lines) for page in found.pages]
    if not any(text.strip() for text in pages):
        raise InputError(
            f"{shown}: the PDF has no text layer (it may be a scanned image); "
            "run OCR on it and compare the OCRed copy"
        )
    blob = next((b for n, b in found.attachments if n == DATA_ATTACHMENT), None)
    try:
        embedded = json.loads(blob) if blob is not None else None
    except ValueError:
        embedded = None
    return PdfText(
        shown,
        pages,
        _meta(found.info),
        found.info.get("Keywords") or None,
        embedded if isinstance(embedded, dict) else None,
        found.pages,
    )


# ---- normalising ---------------------------------------------------------------------------


def page_lines(pages: list[str]) -> list[list[str]]:
    """Each page's non-blank lines, cleaned and with spacing collapsed."""
    return [[clean(x) for x in p.splitlines() if x.strip()] for p in pages]


def find_furniture(pages: list[list[str]]) -> frozenset[str]:
    """The keys of the lines of plain-text pages that are running headers or footers
    (``docgen.readback.furniture``): among the first or last EDGE lines, repeated."""
    return furniture_keys([plain_page("\n".join(lines)) for lines in pages])


def normalise(pages: list[str], furniture: frozenset[str] | None = None) -> list[Segment]:
    """The text of a document as segments in reading order, with its layout taken out.

    ``furniture`` (from ``find_furniture``) says which running headers and footers to drop;
    by default they are found in ``pages`` themselves.
    """
    plain = plain_pages(pages)
    return segments(body_lines(furnish(plain, furniture).body, positioned=False))


def flat_keys(text: str) -> str:
    """Text reduced to its word keys, one space apart: for finding one text inside another."""
    return " ".join(word_key(t) for t in clean(text).split())
