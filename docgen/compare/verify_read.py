"""A finished document read for verify: its paragraphs (for the resolutions, word for word), its
metadata (the record hash, the title that says which document it is), and its text place by
place as tokens (docgen.compare.verify_text).

A .docx is read in document order, paragraphs and table rows interleaved
(docgen.readback.word.read_blocks); a PDF as the segments docgen.readback.pdftext gives, each
word with its page and the paragraph number it is under, read as `docgen compare` reads it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from docgen.compare.verify_text import Place, Token, Tokenizer, split_label
from docgen.errors import InputError
from docgen.readback.bounded import read_file
from docgen.readback.furniture import furnish, furniture_keys
from docgen.readback.pdftext import PdfText, Segment, flat_keys, read_compared
from docgen.readback.segments import body_lines, plain_pages, segments
from docgen.readback.word import Block, read_blocks, read_docx

_HASH = re.compile(r"sha256\s*[:,]\s*([0-9a-f]{64})")
_HEADING_STYLES = ("heading", "title", "subtitle")


@dataclass
class Stream:
    """A document's tokens in reading order, and the places they are in."""

    tokens: list[Token] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)

    def add(self, place: Place) -> int:
        self.places.append(place)
        return len(self.places) - 1


@dataclass(frozen=True)
class Paper:
    """A finished document: its paragraphs, metadata, and (read once, when asked) its blocks."""

    paragraphs: list[str]
    keywords: str | None
    title: str | None = None
    blocks: list[Block] | None = field(default=None, repr=False)
    segments: list[Segment] | None = field(default=None, repr=False)

    @property
    def record_sha256(self) -> str | None:
        found = _HASH.search(self.keywords or "")
        return found[1] if found else None

    @property
    def keys(self) -> str:
        return flat_keys(" ".join(self.paragraphs))

    def stream(self, tokenizer: Tokenizer) -> Stream:
        """Its tokens, place by place."""
        if self.blocks is not None:
            return block_stream(self.blocks, tokenizer)
        return segment_stream(self.segments or [], tokenizer)


def read_paper(path: Path) -> Paper:
    """The text of a .pdf or .docx paper; InputError for any other file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf_paper(path)
    if suffix == ".docx":
        return _docx_paper(path)
    raise InputError(f"{path}: give a .pdf or a .docx file")


def _pdf_paper(path: Path) -> Paper:
    pdf = read_compared(path)
    segments = pdf_segments(pdf)
    paragraphs: list[tuple[str | None, list[str]]] = []
    for segment in segments:
        if not paragraphs or segment.paragraph != paragraphs[-1][0]:
            paragraphs.append((segment.paragraph, []))
        paragraphs[-1][1].append(segment.text)
    texts = [" ".join(texts) for _, texts in paragraphs]
    return Paper(texts, pdf.keywords, pdf.metadata.get("title"), segments=segments)


def pdf_segments(pdf: PdfText) -> list[Segment]:
    """A PDF's body as segments, as `docgen compare` reads it: lines with their place on the
    page (PDFium), running headers and footers taken out by where they sit and how they repeat,
    a table row's wrapped cells gathered cell by cell, a repeated header row dropped."""
    pages = list(pdf.layout) if pdf.layout is not None else plain_pages(pdf.pages)
    found = furnish(pages, furniture_keys(pages))
    body = segments(body_lines(found.body, positioned=all(p.positioned for p in pages)))
    if not body:
        raise InputError(
            f"{pdf.name}: the PDF has no text layer apart from headers, footers and page numbers "
            "(it may be a scanned image); run OCR on it and verify the OCRed copy"
        )
    return body


def _docx_paper(path: Path) -> Paper:
    data = read_file(path, what="Word document")
    try:
        word = read_docx(data, visible=True)
        if "word/document.xml" not in word.parts:
            raise InputError(f"{path}: not a Word document (.docx)")
        blocks = read_blocks(data)
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{path}: not a Word document (.docx) docgen can read: {exc}") from exc
    title = word.properties.get("core title")
    return Paper(list(word.body), word.keywords, title, blocks=blocks)


# ---- places and tokens ---------------------------------------------------------------------


def block_stream(
    blocks: list[Block], tokenizer: Tokenizer, document: str = "", into: Stream | None = None
) -> Stream:
    """The tokens of a Word body: a numbered paragraph is a place (the unnumbered paragraphs
    under it, such as its bullets, belong to it), a heading or paragraph before any number is a
    place, and so is each table row (its cells' tokens know their column's heading). Added to
    ``into`` if given (a file holding several documents)."""
    stream = Stream() if into is None else into
    label: str | None = None
    current: int | None = None
    columns: dict[int, tuple[str, ...]] = {}
    for block in blocks:
        if block.table is not None:
            if block.header:  # its column headings (a table of labels and values has none)
                columns.setdefault(block.table, block.cells)
            head = () if block.header else columns.get(block.table, ())
            place = stream.add(Place(table=block.caption, row=_row_name(block), document=document))
            for i, cell in enumerate(block.cells):
                column = head[i] if i < len(head) else ""
                stream.tokens += tokenizer.tokens(cell, place, column)
            current = None
            continue
        number, text = split_label(block.text)
        if number is not None and number.startswith("("):
            number = (label or "").split("(")[0] + number
        if number is not None:
            label = number
            current = stream.add(Place(paragraph=label, document=document))
        elif block.style.lower().startswith(_HEADING_STYLES) or current is None:
            if block.style.lower().startswith(_HEADING_STYLES):
                label = None  # a heading starts a new place: no number carried past it
            current = stream.add(Place(text=block.text, document=document))
            stream.tokens += tokenizer.tokens(text, current)
            current = None
            continue
        stream.tokens += tokenizer.tokens(text, current)
    return stream


def _row_name(block: Block) -> str:
    """A row's name: its first cell that is not only a number ("Castle Care Ltd")."""
    for cell in block.cells:
        if cell and not re.fullmatch(r"[\d.,\s–-]*", cell):
            return " ".join(cell.split()[:8])
    return block.cells[0] if block.cells else ""


def segment_stream(segments: list[Segment], tokenizer: Tokenizer) -> Stream:
    """The tokens of a PDF: a place for each run of segments under one paragraph number, its
    page the page it starts on; each token has its own page. A paragraph's number is its place,
    not a word of it; a table row's number (which the reader may mark the same way) is a cell."""
    stream = Stream()
    current: str | None = None
    for segment in segments:
        words = segment.word_list()
        if not stream.places or segment.paragraph != current:
            current = segment.paragraph
            start = " ".join(w.text for w in words[:8])
            stream.add(Place(paragraph=current, text=start, page=segment.page))
        place = len(stream.places) - 1
        by_page: dict[int, list[str]] = {}
        row = getattr(segment, "kind", "text") == "row"
        for word in words:
            if row or not word.label:
                by_page.setdefault(word.page, []).append(word.text)
        for page, texts in by_page.items():
            for token in tokenizer.tokens(" ".join(texts), place):
                stream.tokens.append(token.on_page(page))
    return stream
