"""Reading a PDF back: the one reading that the leak check, the audit, compare and verify share.

``read_pdf(data)`` gives a ``PdfFile``: the text of each page (a line per line of text, as
pypdf's ``extract_text`` gathers them), the document information, the XMP metadata, the catalog's
language and tagging, and every embedded file. A file as Typst writes it is read by the fast
reader in ``docgen.readback.typst``; anything else (another producer, a damaged or encrypted
file) by pypdf. ``full=True`` (the audit) also reads the outline, the text in the structure tree
(/Alt, /ActualText, /T, /E) and files attached to pages as annotations.

``PdfFile.sections()`` names every piece of text a reader could see (each page, each entry of
the document information, the XMP metadata, each embedded file); ``PdfFile.text()`` is them all,
the text the leak check reads. An embedded JSON file (docgen's own data) reads as its strings,
so a name with a quotation mark, escaped in the JSON, is still found; an embedded Word file
reads as its text.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import logging
import re
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from docgen.readback.rawpdf import Unsupported
from docgen.readback.typst import Catalog, read_typst
from docgen.readback.word import read_docx

if TYPE_CHECKING:  # pypdf is imported only when a file is read with it: a letter never is
    import pypdf
    from pypdf.generic import DictionaryObject

MAX_TREE_NODES = 200_000
_TEXT_KEYS = ("/Alt", "/ActualText", "/T", "/E")
_INSTRUCTIONS = re.compile(r"<\?.*?\?>", re.DOTALL)
_XML_TEXTS = re.compile(r">([^<]*[^\s<][^<]*)<")
_XML_VALUES = re.compile(r"""="([^"]*)"|='([^']*)'""")


class EncryptedPdf(ValueError):
    """The PDF is encrypted and the password given (if any) does not open it."""


@dataclass(frozen=True)
class Attachment:
    """A file embedded in a PDF: its name and bytes."""

    name: str
    data: bytes

    @property
    def text(self) -> str:
        """What a reader of the file could see: JSON as its keys and values, a Word file as its
        text, anything else decoded as UTF-8."""
        if self.data[:2] == b"PK":
            try:
                return read_docx(self.data).text()
            except (zipfile.BadZipFile, KeyError, ValueError):
                pass
        text = self.data.decode("utf-8", "replace")
        try:
            return "\n".join(json_strings(json.loads(text)))
        except ValueError:
            return text

    def json(self) -> Any:
        """The file read as JSON; ValueError if it is not JSON."""
        return json.loads(self.data)


@dataclass(frozen=True)
class PdfFile:
    """A PDF read back (see the module's docstring)."""

    pages: tuple[str, ...]
    info: dict[str, str]  # the document information, keys without their slash: "Title"
    xmp: bytes | None
    attachments: tuple[Attachment, ...]
    catalog: Catalog
    typst: bool  # read by the fast reader of Typst's files
    outline: tuple[str, ...] = ()  # read with full=True only, as are the next two
    structure: tuple[str, ...] = ()  # /Alt, /ActualText, /T and /E of the structure elements
    annotation_files: tuple[Attachment, ...] = ()

    def attachment(self, name: str) -> Attachment | None:
        return next((a for a in self.attachments if a.name == name), None)

    def sections(self) -> list[tuple[str, str]]:
        """(where, text) of each page, document information entry, the XMP and each embedded file."""
        found = [(f"page {n}", text) for n, text in enumerate(self.pages, start=1)]
        found += [(f"the document information /{key}", value) for key, value in self.info.items()]
        if self.xmp is not None:
            found.append(("the XMP metadata", xml_text(self.xmp)))
        found += [(f"the embedded file {a.name}", f"{a.name}\n{a.text}") for a in self.attachments]
        return found

    def text(self) -> str:
        """Every section's text, one after another: what the leak check reads."""
        return "\n".join(text for _, text in self.sections())


def read_pdf(
    data: bytes, full: bool = False, password: str | None = None, fast: bool = True
) -> PdfFile:
    """A PDF read back; pypdf's errors (and EncryptedPdf) if it cannot be read. With
    fast=False even a Typst file is read with pypdf (to check that both readings agree)."""
    if not fast:
        return _with_pypdf(data, full, password)
    try:
        raw = read_typst(data)
    except Unsupported:  # not laid out as Typst writes: pypdf reads it
        return _with_pypdf(data, full, password)
    found = PdfFile(
        tuple(raw.pages),
        raw.info,
        raw.xmp,
        tuple(Attachment(name, blob) for name, blob in raw.attachments),
        raw.catalog,
        typst=True,
    )
    return _with_extras(found, open_reader(data, password)) if full else found


@contextmanager
def quiet() -> Iterator[None]:
    """Keep pypdf's warnings about damaged files off the terminal: errors are raised instead."""
    logger, level = logging.getLogger("pypdf"), logging.getLogger("pypdf").level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def open_reader(data: bytes, password: str | None = None) -> pypdf.PdfReader:
    """The file opened by pypdf; EncryptedPdf if it is encrypted and the password (or none)
    does not open it. AES needs the `cryptography` package, which docgen does not install
    (README, "Security"): such a file is reported as encrypted, as one with an unknown password
    is (pypdf tries the empty password as it opens the file, so AES fails there)."""
    import pypdf
    from pypdf.errors import DependencyError, PdfReadError

    try:
        try:  # strict: a well-formed file is read without re-checking every object's offset
            reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
        except PdfReadError:  # not quite well-formed: read it the lenient way
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        opened = not reader.is_encrypted or bool(reader.decrypt(password or ""))
    except (DependencyError, NotImplementedError):  # AES, without `cryptography`
        opened = False
    if not opened:
        raise EncryptedPdf("the PDF is encrypted: docgen cannot read it; give the unencrypted file")
    return reader


def _with_pypdf(data: bytes, full: bool, password: str | None) -> PdfFile:
    with quiet():
        reader = open_reader(data, password)
        root = _root(reader)
        xmp = root.get("/Metadata")
        prefs, mark = root.get("/ViewerPreferences") or {}, root.get("/MarkInfo") or {}
        catalog = Catalog(
            str(root.get("/Lang", "") or ""),
            "/StructTreeRoot" in root,
            bool(mark.get("/Marked", False)),
            bool(prefs.get("/DisplayDocTitle", False)),
        )
        found = PdfFile(
            tuple(page.extract_text() for page in reader.pages),
            _info(reader),
            xmp.get_object().get_data() if xmp is not None else None,
            tuple(Attachment(n, b) for n, blobs in reader.attachments.items() for b in blobs),
            catalog,
            typst=False,
        )
        return _with_extras(found, reader) if full else found


def _with_extras(found: PdfFile, reader: pypdf.PdfReader) -> PdfFile:
    """The file with its outline, structure-tree text and annotation files read (with pypdf)."""
    with quiet():
        return PdfFile(
            found.pages,
            found.info,
            found.xmp,
            found.attachments,
            found.catalog,
            found.typst,
            tuple(_outline(reader.outline)),
            tuple(_structure(reader)),
            tuple(_annotation_files(reader)),
        )


def _info(reader: pypdf.PdfReader) -> dict[str, str]:
    info = reader.metadata
    return {} if info is None else {key[1:]: str(info[key]) for key in info}


def _root(reader: pypdf.PdfReader) -> DictionaryObject:
    from pypdf.errors import PdfReadError
    from pypdf.generic import DictionaryObject

    root = reader.trailer["/Root"].get_object()
    if not isinstance(root, DictionaryObject):
        raise PdfReadError("the PDF has no document catalog")
    return root


def _outline(items: Any) -> Iterator[str]:
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield str(getattr(item, "title", "") or "")


def _structure(reader: pypdf.PdfReader) -> Iterator[str]:
    """Alternate and actual text of every structure element (bounded, in case of a huge tree)."""
    from pypdf.generic import DictionaryObject

    tree = _root(reader).get("/StructTreeRoot")
    if tree is None:
        return
    stack: list[Any] = [tree.get_object()]
    for _ in range(MAX_TREE_NODES):
        if not stack:
            break
        node = stack.pop()
        if isinstance(node, DictionaryObject):
            yield from (str(node[k]) for k in _TEXT_KEYS if isinstance(node.get(k), str))
            stack += _kids(node.get("/K"))


def _kids(kids: Any) -> list[Any]:
    from pypdf.generic import ArrayObject

    if kids is None:
        return []
    items = kids if isinstance(kids, ArrayObject) else [kids]
    return [k.get_object() for k in items if hasattr(k, "get_object")]


def _annotation_files(reader: pypdf.PdfReader) -> Iterator[Attachment]:
    from pypdf.generic import DictionaryObject

    for page in reader.pages:
        for annot in _kids(page.get("/Annots")):
            if isinstance(annot, DictionaryObject) and annot.get("/Subtype") == "/FileAttachment":
                spec: Any = annot["/FS"].get_object()
                stream: Any = spec["/EF"]["/F"].get_object()
                yield Attachment(str(spec.get("/F", "")), stream.get_data())


def xml_text(blob: bytes) -> str:
    """Every text node, then every attribute value, of an XML document (the XMP), one per line;
    the bytes decoded as they are if it is not well-formed XML. Plain XML (no comment, CDATA or
    declaration) is read with regular expressions, three times faster than parsing (they also
    give the namespace declarations, which the parser keeps to itself)."""
    if b"<!" not in blob:
        with contextlib.suppress(UnicodeDecodeError):
            plain = _INSTRUCTIONS.sub("", blob.decode("utf-8"))
            values = [double or single for double, single in _XML_VALUES.findall(plain)]
            return html.unescape("\n".join(_XML_TEXTS.findall(plain) + values))
    if re.search(rb"<!(?:DOCTYPE|ENTITY)", blob, re.IGNORECASE):  # entities are never expanded
        return blob.decode("utf-8", "replace")
    try:
        root = ET.fromstring(blob)
    except ET.ParseError:
        return blob.decode("utf-8", "replace")
    texts = [t for e in root.iter() for t in (e.text, e.tail) if t and t.strip()]
    return "\n".join(texts + [value for e in root.iter() for value in e.attrib.values()])


def json_strings(value: object) -> Iterator[str]:
    """Every key and value of parsed JSON, as text: what a reader of the data could see."""
    found: list[str] = []
    _json_strings(value, found)
    return iter(found)


def _json_strings(value: object, found: list[str]) -> None:
    """json_strings into a list: a call per container, not a generator per value (a letter's
    data file has a thousand values)."""
    if isinstance(value, dict):
        for key, item in value.items():
            found.append(str(key))
            if type(item) is str:
                found.append(item)
            elif item is not None:
                _json_strings(item, found)
    elif isinstance(value, list):
        for item in value:
            if type(item) is str:
                found.append(item)
            elif item is not None:
                _json_strings(item, found)
    elif value is not None:
        found.append(str(value))
