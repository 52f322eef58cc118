"""Reading a finished document back for the audit: every place a value could hide.

PDF (pypdf): the text of every page, and of the body with running headers and footers taken out
(so that a sentence broken across a page is found); the outline; text in the structure tree
(/Alt, /ActualText, /T, /E); the document information and XMP metadata; and every embedded file
(the document's docgen-data.json and any file-attachment annotation), JSON read as its strings.

Word (.docx): every XML part of the zip (document, headers, footers, footnotes, comments, core, app
and custom properties, relationships): the text of each paragraph, every other text node and every
attribute value; and any embedded file, a nested zip (an embedded .docx or .xlsx) read the same way.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal
from xml.etree import ElementTree as ET

import pypdf
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject

from docgen.audit.values import Secret, normal, number_tokens
from docgen.readback.text import json_strings

MAX_NESTING = 3
MAX_TREE_NODES = 200_000
_PAGE_NUMBER = re.compile(r"Page \d+ of \d+")
_PEOPLE_DOCX = {
    "creator": "author",
    "lastModifiedBy": "last modified by",
    "Company": "company",
    "Manager": "manager",
}
_TEXT_KEYS = ("/Alt", "/ActualText", "/T", "/E")
_DC = "http://purl.org/dc/elements/1.1/"
_BREAKS = frozenset({"br", "cr", "tab", "ptab"})
_TEXTS = frozenset({"t", "delText", "instrText"})


@dataclass(frozen=True)
class Source:
    """One searchable piece of a file, its text normalised (docgen.audit_values.normal)."""

    where: str
    text: str


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

    @cached_property
    def haystack(self) -> str:
        """Every source in one text, for a first quick search."""
        return "\n\n".join(s.text for s in self.sources)

    @cached_property
    def numbers(self) -> frozenset[str]:
        return number_tokens(self.haystack)

    def where(self, secret: Secret) -> str:
        """The first source that holds the value."""
        for source in self.sources:
            if secret.found_in(source.text, number_tokens(source.text)):
                return source.where
        return "the file"

    def add(self, where: str, text: str) -> None:
        flat = normal(text)
        if flat:
            self.sources.append(Source(where, flat))


def open_document(path: Path, text: bool = True) -> Opened:
    """The document read back; with text=False, a PDF's metadata only (for big print files)."""
    if path.suffix == ".pdf":
        return _guard(Opened("pdf"), path, _read_pdf if text else _read_pdf_metadata)
    if path.suffix == ".html":
        return _guard(Opened("html"), path, _read_html)
    return _guard(Opened("docx"), path, _read_docx)


def _guard(opened: Opened, path: Path, reader: Any) -> Opened:
    try:
        reader(opened, path.read_bytes())
    except (OSError, ValueError, KeyError, PyPdfError, zipfile.BadZipFile, ET.ParseError) as exc:
        opened.error = f"cannot be read: {type(exc).__name__}: {exc}"
    return opened


# ---- PDF --------------------------------------------------------------------------------------


def _read_pdf(opened: Opened, data: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    pages = [page.extract_text() or "" for page in reader.pages]
    for n, text in enumerate(pages, start=1):
        opened.add(f"page {n}", text)
    opened.pages = [normal(p) for p in pages]
    opened.add("the body text (pages joined)", _body(pages))
    opened.add("the outline", "\n".join(_outline(reader.outline)))
    _pdf_metadata(opened, reader)
    _pdf_structure(opened, reader)
    for name, blobs in reader.attachments.items():
        for blob in blobs:
            _embedded(opened, f"the embedded file {name}", blob, 0)
    for n, (name, blob) in enumerate(_annotation_files(reader), start=1):
        _embedded(opened, f"the attached file {name or n}", blob, 0)


def _read_pdf_metadata(opened: Opened, data: bytes) -> None:
    _pdf_metadata(opened, pypdf.PdfReader(io.BytesIO(data), strict=False))


def _body(pages: list[str]) -> str:
    """The pages joined, without lines every page repeats (running header and footer)."""
    split = [[_PAGE_NUMBER.sub("", line).strip() for line in p.splitlines()] for p in pages]
    common = set.intersection(*(set(lines) for lines in split)) if len(split) > 1 else set()
    return "\n".join(line for lines in split for line in lines if line not in common)


def _outline(items: Any) -> Iterator[str]:
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield str(getattr(item, "title", "") or "")


def _pdf_metadata(opened: Opened, reader: pypdf.PdfReader) -> None:
    info: dict[str, Any] = dict(reader.metadata or {})
    for key, value in info.items():
        opened.metadata[f"document information {key}"] = str(value)
        opened.add(f"the document information {key}", str(value))
    opened.people["/Author"] = str(info.get("/Author", "") or "")
    opened.title = normal(str(info.get("/Title", "") or ""))
    root = _catalog(reader)
    xmp = root.get("/Metadata")
    if xmp is not None:
        _xmp(opened, xmp.get_object().get_data())
    prefs = root.get("/ViewerPreferences") or {}
    mark = root.get("/MarkInfo") or {}
    opened.flags = {
        "tagged": "/StructTreeRoot" in root,
        "marked": bool(mark.get("/Marked", False)),
        "lang": bool(str(root.get("/Lang", "") or "").strip()),
        "title": bool(opened.title),
        "display_title": bool(prefs.get("/DisplayDocTitle", False)),
    }


def _catalog(reader: pypdf.PdfReader) -> DictionaryObject:
    root = reader.trailer["/Root"].get_object()
    if not isinstance(root, DictionaryObject):
        raise ValueError("the PDF has no document catalog")
    return root


def _xmp(opened: Opened, blob: bytes) -> None:
    try:
        root = ET.fromstring(blob)
    except ET.ParseError:
        opened.add("the XMP metadata", blob.decode("utf-8", "replace"))
        return
    text = _xml_text(blob, root)
    opened.metadata["XMP metadata"] = text
    opened.add("the XMP metadata", text)
    creators = [" ".join(e.itertext()) for e in root.iter(f"{{{_DC}}}creator")]
    opened.people["XMP dc:creator"] = normal(" ".join(creators))


def _pdf_structure(opened: Opened, reader: pypdf.PdfReader) -> None:
    """Alternate and actual text of every structure element (bounded, in case of a huge tree)."""
    tree = _catalog(reader).get("/StructTreeRoot")
    if tree is None:
        return
    texts: list[str] = []
    stack: list[Any] = [tree.get_object()]
    for _ in range(MAX_TREE_NODES):
        if not stack:
            break
        node = stack.pop()
        if isinstance(node, DictionaryObject):
            texts += [str(node[k]) for k in _TEXT_KEYS if isinstance(node.get(k), str)]
            stack += _kids(node.get("/K"))
    opened.add("the structure tree (alternate text)", "\n".join(texts))


def _kids(kids: Any) -> list[Any]:
    if kids is None:
        return []
    items = kids if isinstance(kids, ArrayObject) else [kids]
    return [k.get_object() for k in items if hasattr(k, "get_object")]


def _annotation_files(reader: pypdf.PdfReader) -> Iterator[tuple[str, bytes]]:
    for page in reader.pages:
        for annot in _kids(page.get("/Annots")):
            if (
                not isinstance(annot, DictionaryObject)
                or annot.get("/Subtype") != "/FileAttachment"
            ):
                continue
            spec: Any = annot["/FS"].get_object()
            stream: Any = spec["/EF"]["/F"].get_object()
            yield str(spec.get("/F", "")), stream.get_data()


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
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            blob = archive.read(name)
            where = f"{prefix}{name}"
            if name.endswith((".xml", ".rels")):
                _xml_part(opened, where, blob, top=depth == 0)
            else:
                _embedded(opened, f"the embedded file {where}", blob, depth)


def _xml_part(opened: Opened, where: str, blob: bytes, top: bool) -> None:
    root = ET.fromstring(blob)
    opened.add(where, _xml_text(blob, root))
    _authors(opened, where, root)
    if not top:
        return
    if re.fullmatch(r"word/header\d*\.xml", where):
        opened.pages.append(normal(_xml_text(blob, root)))
    kind = {"docProps/core.xml": "core", "docProps/app.xml": "app", "docProps/custom.xml": "custom"}
    if where in kind:
        for element in root.iter():
            if element.text and element.text.strip():
                opened.metadata[f"{kind[where]} {_local(element.tag)}"] = element.text.strip()


def _authors(opened: Opened, where: str, root: ET.Element) -> None:
    """Who wrote each comment or tracked change (w:author), as author-like metadata."""
    for element in root.iter():
        for key, value in element.attrib.items():
            if _local(key) == "author":
                label = f"the author of a {_local(element.tag)} in {where}"
                opened.people[label] = value
                opened.metadata[label] = value


def _xml_text(blob: bytes, root: ET.Element | None = None) -> str:
    """Each paragraph's text joined (Word splits a sentence into runs), every text node, every
    attribute value: one per line."""
    root = ET.fromstring(blob) if root is None else root
    lines: list[str] = []
    for element in root.iter():
        if _local(element.tag) == "p":
            lines.append(_paragraph_text(element))
        lines += [t for t in (element.text, element.tail) if t and t.strip()]
        lines += list(element.attrib.values())
    return "\n".join(lines)


def _paragraph_text(paragraph: ET.Element) -> str:
    """A paragraph's runs joined, a line break or tab inside it read as a space."""
    parts = []
    for element in paragraph.iter():
        if _local(element.tag) in _BREAKS:
            parts.append(" ")
        elif element.text and element is not paragraph and _local(element.tag) in _TEXTS:
            parts.append(element.text)
    return "".join(parts)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


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


def _embedded(opened: Opened, where: str, blob: bytes, depth: int) -> None:
    """An embedded file: a zip is opened (to a limit), JSON read as strings, anything else as text."""
    if blob[:2] == b"PK" and depth < MAX_NESTING:
        try:
            _read_zip(opened, blob, f"{where} → ", depth + 1)
            return
        except zipfile.BadZipFile:
            pass
    text = blob.decode("utf-8", "replace")
    with contextlib.suppress(ValueError):
        opened.add(where, "\n".join(json_strings(json.loads(text))))
    opened.add(where, text)
