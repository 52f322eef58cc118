"""Reading a finished document back for the audit: every place a value could hide.

The PDF and Word files are read by ``docgen.readback``, the same reading the leak check, compare
and verify use; the audit adds what only it looks at.

PDF: each section the reader names (the text of every page, each entry of the document
information, the XMP metadata, every embedded file, JSON read as its strings), the body with
running headers and footers taken out (so that a sentence broken across a page is found), the
outline, text in the structure tree (/Alt, /ActualText, /T, /E) and files attached to pages.

Word (.docx): every XML part of the zip (document, headers, footers, footnotes, comments, core,
app and custom properties, relationships, styles…): its text and every attribute value; and any
embedded file, a nested zip (an embedded .docx or .xlsx) read the same way.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree as ET

from lxml import etree
from pypdf.errors import PyPdfError

from docgen.audit.values import Secret, normal, number_tokens
from docgen.errors import InputError
from docgen.readback.bounded import read_file
from docgen.readback.pdf import Attachment, EncryptedPdf, PdfFile, read_pdf, xml_text
from docgen.readback.reading import (
    NameIndex,
    alone,
    normalise,
    numbers_after,
    outside,
    scored_numbers,
)
from docgen.readback.word import WordFile, read_docx

MAX_NESTING = 3
_PAGE_NUMBER = re.compile(r"(?:Page|Tudalen) \d+ (?:of|o) \d+")  # English or Welsh
_PEOPLE_DOCX = {
    "creator": "author",
    "lastModifiedBy": "last modified by",
    "Company": "company",
    "Manager": "manager",
}
_DC = "http://purl.org/dc/elements/1.1/"
_ERRORS = (
    OSError,
    ValueError,
    KeyError,
    PyPdfError,
    zipfile.BadZipFile,
    ET.ParseError,
    etree.XMLSyntaxError,
    RecursionError,  # pypdf on a PDF whose objects refer to each other without end
    TypeError,  # and on objects of the wrong type where it expects a dictionary
    AttributeError,
    IndexError,
)


@dataclass(frozen=True)
class Source:
    """One searchable piece of a file: its text normalised (docgen.audit.values.normal), and as
    a person reads it (docgen.readback.reading.normalise), where values are looked for."""

    where: str
    text: str
    read: str = ""


@dataclass(frozen=True)
class Reading:
    """A text as read, with what the checks look up in it."""

    text: str
    names: NameIndex | None

    @cached_property
    def numbers(self) -> frozenset[str]:
        return number_tokens(self.text)

    @cached_property
    def scored(self) -> frozenset[str]:
        return scored_numbers(self.text)

    @cached_property
    def hits(self) -> list[tuple[str, int, int]]:
        return self.names.find(self.text) if self.names is not None else []

    def holds(self, secret: Secret, forbidden: frozenset[str]) -> bool:
        """Whether the secret is in the text: a name where it is not part of a longer name that
        is not forbidden; an everyday score where it reads as a score or follows its bidder's
        name."""
        if secret.near:
            if secret.value in self.scored:
                return True
            return secret.value in numbers_after(self.text, alone(self.hits, secret.near))
        if not secret.found_in(self.text, self.numbers):
            return False
        if secret.kind != "name" or self.names is None or secret.value not in self.names.names:
            return True
        permitted = self.names.names.keys() - forbidden
        return any(key == secret.value for key, _, _ in outside(self.hits, permitted))


@dataclass
class Opened:
    """A document as the audit sees it; error is set when it could not be read."""

    fmt: Literal["pdf", "docx", "html"]
    sources: list[Source] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # PDF pages, or the headers of a .docx
    title: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    people: dict[str, str] = field(default_factory=dict)  # author-like fields
    flags: dict[str, bool] = field(default_factory=dict)  # accessibility (PDF and HTML)
    error: str | None = None
    names: NameIndex | None = None  # every bidder's name, keyed by its reading

    @cached_property
    def haystack(self) -> str:
        """Every source in one text, as written (normal())."""
        return "\n\n".join(s.text for s in self.sources)

    @cached_property
    def reading(self) -> Reading:
        """Every source in one text as read (kept apart by a character no name or sentence
        spans), where secrets are looked for."""
        return Reading(" \x00 ".join(s.read for s in self.sources), self.names)

    def holds(self, secret: Secret, forbidden: frozenset[str] = frozenset()) -> bool:
        """Whether the file holds the secret; forbidden: the names that are secret here (a
        name inside a longer name that is not is not reported)."""
        return self.reading.holds(secret, forbidden | {secret.value})

    def where(self, secret: Secret, forbidden: frozenset[str] = frozenset()) -> str:
        """The first source that holds the value."""
        for source in self.sources:
            if Reading(source.read, self.names).holds(secret, forbidden | {secret.value}):
                return source.where
        return "the file"

    def add(self, where: str, text: str) -> None:
        flat = normal(text)
        if flat:
            self.sources.append(Source(where, flat, normalise(text)))


def open_document(path: Path, text: bool = True, names: NameIndex | None = None) -> Opened:
    """The document read back; with text=False, a PDF's metadata only (for big print files).
    names: the bidders' names, so a name is found as the leak check finds it."""
    if path.suffix == ".pdf":
        opened = Opened("pdf", names=names)
        return _guard(opened, path, _read_pdf if text else _read_pdf_metadata)
    if path.suffix == ".html":
        return _guard(Opened("html", names=names), path, _read_html)
    return _guard(Opened("docx", names=names), path, _read_docx)


def _guard(opened: Opened, path: Path, reader: Any) -> Opened:
    try:
        reader(opened, read_file(path))
    except (EncryptedPdf, InputError) as exc:  # named as they are: encrypted, not a regular file
        opened.error = str(exc).removeprefix(f"{path}: ")
    except _ERRORS as exc:
        opened.error = f"cannot be read: {type(exc).__name__}: {exc}"
    return opened


# ---- PDF --------------------------------------------------------------------------------------


def _read_pdf(opened: Opened, data: bytes) -> None:
    pdf = read_pdf(data, full=True)
    for where, text in pdf.sections():
        opened.add(where, text)
    opened.pages = [normal(p) for p in pdf.pages]
    opened.add("the body text (pages joined)", _body(list(pdf.pages)))
    opened.add("the outline", "\n".join(pdf.outline))
    opened.add("the structure tree (alternate text)", "\n".join(pdf.structure))
    for n, attached in enumerate(pdf.annotation_files, start=1):
        _embedded(opened, f"the attached file {attached.name or n}", attached, 0)
    _pdf_metadata(opened, pdf)


def _read_pdf_metadata(opened: Opened, data: bytes) -> None:
    _pdf_metadata(opened, read_pdf(data))


def _body(pages: list[str]) -> str:
    """The pages joined, without lines every page repeats (running header and footer)."""
    split = [[_PAGE_NUMBER.sub("", line).strip() for line in p.splitlines()] for p in pages]
    common = set.intersection(*(set(lines) for lines in split)) if len(split) > 1 else set()
    return "\n".join(line for lines in split for line in lines if line not in common)


def _pdf_metadata(opened: Opened, pdf: PdfFile) -> None:
    for key, value in pdf.info.items():
        opened.metadata[f"document information /{key}"] = value
    opened.people["/Author"] = pdf.info.get("Author", "")
    opened.title = normal(pdf.info.get("Title", ""))
    if pdf.xmp is not None:
        opened.metadata["XMP metadata"] = xml_text(pdf.xmp)
        creators = _xmp_creators(pdf.xmp)
        if creators is not None:
            opened.people["XMP dc:creator"] = normal(creators)
    opened.flags = {
        "tagged": pdf.catalog.tagged,
        "marked": pdf.catalog.marked,
        "lang": bool(pdf.catalog.lang.strip()),
        "title": bool(opened.title),
        "display_title": pdf.catalog.display_title,
    }


def _xmp_creators(blob: bytes) -> str | None:
    try:
        root = ET.fromstring(blob)
    except ET.ParseError:
        return None
    return " ".join(" ".join(e.itertext()) for e in root.iter(f"{{{_DC}}}creator"))


# ---- Word -------------------------------------------------------------------------------------


def _read_docx(opened: Opened, data: bytes) -> None:
    _read_zip(opened, data, "", 0)
    core = opened.metadata
    opened.title = normal(core.get("core title", ""))
    for key, label in _PEOPLE_DOCX.items():
        for prefix in ("core", "app"):
            value = core.get(f"{prefix} {key}")
            if value is not None:
                opened.people[label] = value


def _read_zip(opened: Opened, data: bytes, prefix: str, depth: int) -> None:
    word = read_docx(data, full=True)
    for name, part in word.parts.items():
        where = f"{prefix}{name}"
        opened.add(where, "\n".join([*part.lines, *(v for _, _, v in part.attributes)]))
        for element, attribute, value in part.attributes:
            if attribute == "author":  # who wrote a comment or tracked change
                label = f"the author of a {element} in {where}"
                opened.people[label] = value
                opened.metadata[label] = value
    if depth == 0:
        _word_metadata(opened, word)
    for name, blob in word.files.items():
        _embedded(opened, f"the embedded file {prefix}{name}", Attachment(name, blob), depth)


def _word_metadata(opened: Opened, word: WordFile) -> None:
    opened.pages += [normal(text) for text in word.headers()]
    for key, value in word.properties.items():
        opened.metadata[key] = value


# ---- HTML -------------------------------------------------------------------------------------


class _Html(HTMLParser):
    """Text (a line per block element), comments, and every attribute value of an HTML page."""

    BLOCKS = frozenset(
        [
            "p",
            "div",
            "li",
            "td",
            "th",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "br",
            "title",
            "caption",
            "dt",
            "dd",
        ]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.comments: list[str] = []
        self.title = ""
        self.lang = ""
        self.author = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.attributes += [v for v in values.values() if v]
        if tag in self.BLOCKS:
            self.text.append("\n")
        if tag == "html":
            self.lang = values.get("lang") or ""
        if tag == "meta" and values.get("name") == "author":
            self.author = values.get("content") or ""
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        if tag in self.BLOCKS:
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.title += data

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _read_html(opened: Opened, data: bytes) -> None:
    page = _Html()
    page.feed(data.decode("utf-8"))
    page.close()
    opened.add("the page text", "".join(page.text))
    opened.add("the page's attributes", "\n".join(page.attributes))
    opened.add("the page's comments", "\n".join(page.comments))
    opened.title = normal(page.title)
    opened.people["meta author"] = page.author
    opened.metadata["meta author"] = page.author
    opened.flags = {"lang": bool(page.lang.strip()), "title": bool(opened.title)}


# ---- embedded files ---------------------------------------------------------------------------


def _embedded(opened: Opened, where: str, attached: Attachment, depth: int) -> None:
    """An embedded file: a zip is opened (to a limit), anything else read as the leak check
    reads it (JSON as its strings)."""
    if attached.data[:2] == b"PK" and depth < MAX_NESTING:
        try:
            _read_zip(opened, attached.data, f"{where} → ", depth + 1)
            return
        except zipfile.BadZipFile:
            pass
    opened.add(where, f"{attached.name}\n{attached.text}")
