"""Reading a Word file (.docx) back: the text of every story and property part, one reading.

The stories are the body (with its tables and text boxes), headers, footers, footnotes,
endnotes and comments; the properties read with them are the core and custom ones (the app
properties, Word's own, are read in full). A story part gives
a line per paragraph (runs joined as on the page, a tab or line break read as a space) and
any other text between its tags; a property part gives a line per value. ``full=True`` (the
audit) also reads every other XML part, each element's attribute values, and every member that
is not XML (an embedded file).

Parts in Word's usual form (the `w:` prefix, no comments or CDATA) are read by stripping the
tags, five times faster than parsing, which matters at a thousand letters; any other part is
parsed with lxml and gives the same lines (a test checks both ways agree).
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from docgen.readback.bounded import check_members, check_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
STORY = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
PROPERTIES = {
    "docProps/core.xml": "core",
    "docProps/app.xml": "app",
    "docProps/custom.xml": "custom",
}
SECTIONS = re.compile(STORY.pattern + r"|docProps/(core|custom)\.xml")
"""The parts whose text a reader sees: the stories, and the core and custom properties."""
_W_DECLARED = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_BREAKS = re.compile(r"<w:(?:tab|br|cr)\b[^>]*>")
_TAGS = re.compile(r"<[^>]*>")
_BETWEEN_TAGS = re.compile(r">([^<]+)")
_HIDDEN = re.compile(r"<w:(delText|instrText)\b[^>]*>[^<]*</w:\1>")
"""Text a reader of the page does not see: deleted with changes tracked, and field codes."""
_VALUE = re.compile(r"<(?:[\w.-]+:)?([\w.-]+)\b[^>]*(?<!/)>([^<]+)</")
_BREAK_TAGS = frozenset({f"{W}tab", f"{W}br", f"{W}cr"})
_HIDDEN_TAGS = frozenset({f"{W}delText", f"{W}instrText"})
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


class UnsafeXml(ValueError):
    """A part declares a document type or entities, which Word never writes: not read."""


@dataclass(frozen=True)
class WordPart:
    """One XML part: its lines of text and (read in full) its attributes."""

    name: str
    lines: tuple[str, ...]
    attributes: tuple[tuple[str, str, str], ...] = ()  # (element, attribute, value), local names
    xml: bytes = field(default=b"", repr=False)  # a property part's XML, read when asked

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class WordFile:
    """A .docx read back: its parts by name, its properties, and (in full) its other members."""

    parts: dict[str, WordPart]
    files: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def properties(self) -> dict[str, str]:
        """Each property read: "core title", "app Company", "custom <property name>"."""
        found: dict[str, str] = {}
        for name, kind in PROPERTIES.items():
            if name in self.parts:
                found |= _properties(kind, self.parts[name].xml)
        return found

    def sections(self) -> list[tuple[str, str]]:
        """(part name, text) of the stories and the core and custom properties: what a reader
        of the file can see."""
        return [(n, p.text) for n, p in self.parts.items() if SECTIONS.fullmatch(n)]

    def text(self) -> str:
        """The text of every section, a line per paragraph or value."""
        return "\n".join(text for _, text in self.sections())

    def headers(self) -> list[str]:
        """The text of each header part, in the order of their names."""
        return [p.text for n, p in self.parts.items() if re.fullmatch(r"word/header\d*\.xml", n)]

    @property
    def body(self) -> tuple[str, ...]:
        """The body's paragraphs (tables' cells included, in document order)."""
        found = self.parts.get("word/document.xml")
        return found.lines if found is not None else ()

    @property
    def keywords(self) -> str | None:
        return self.properties.get("core keywords") or None


def read_docx(data: bytes, full: bool = False, visible: bool = False) -> WordFile:
    """A .docx (or any zip of XML parts) read back; zipfile.BadZipFile if it is no zip, a
    ValueError (ZipRefused, UnsafeXml, a part that is not UTF-8) or etree.XMLSyntaxError if it
    is a zip docgen will not read: too large inflated, a DTD in a part, broken XML.

    Everything the file holds is read, deleted text kept by tracked changes and field codes
    included (a leak hides there as well as anywhere); with visible, only what a reader of the
    page sees, as a check of what a paper says needs.
    """
    parts: dict[str, WordPart] = {}
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        check_members(package.infolist())
        for name in sorted(package.namelist()):
            if SECTIONS.fullmatch(name) or (full and name.endswith((".xml", ".rels"))):
                parts[name] = _part(name, package.read(name), full, visible)
            elif full and not name.endswith("/"):
                files[name] = package.read(name)
    return WordFile(parts, files)


def check_docx(data: bytes) -> None:
    """Every XML part of a .docx parsed once, as a program that opens it (LibreOffice, python-
    docx) will: the errors read_docx names, for a file docgen hands on rather than reads."""
    check_zip(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.endswith((".xml", ".rels")):
                xml = package.read(name)
                if _DTD.search(xml):
                    raise UnsafeXml(f"its part {name} declares a DTD or entities")
                etree.fromstring(xml, _PARSER)


def _part(name: str, xml: bytes, full: bool, visible: bool = False) -> WordPart:
    # an entity bomb or an external entity: refused, never parsed
    if b"<!" in xml and _DTD.search(xml):
        raise UnsafeXml(f"its part {name} declares a DTD or entities, which Word never writes")
    paragraphs = STORY.fullmatch(name) is not None
    root = None
    if xml.startswith(b"<?xml") and b"<!" not in xml and (_W_DECLARED in xml or b"<w:" not in xml):
        text = xml.decode("utf-8")
        lines = _stripped(_HIDDEN.sub("", text) if visible else text, paragraphs)
    else:
        root = etree.fromstring(xml, _PARSER)
        lines = _parsed(root, paragraphs, visible)
    found = tuple(filter(str.strip, lines))
    kept = xml if name in PROPERTIES else b""
    if not full:
        return WordPart(name, found, (), kept)
    root = etree.fromstring(xml, _PARSER) if root is None else root
    return WordPart(name, found, tuple(_attributes(root)), kept)


def _stripped(xml: str, paragraphs: bool) -> list[str]:
    """Lines by stripping the tags: a paragraph's end (or, in other parts, any tag) ends one."""
    if not paragraphs:
        return html.unescape(_TAGS.sub("\n", xml)).split("\n")
    text = _BREAKS.sub(" ", xml).replace("</w:p>", "\n")
    if text.startswith("<") and text.rfind("<") < text.rfind(">"):
        # the text between the tags, joined: what taking the tags out leaves (no text stands
        # before the first tag, and every "<" has its ">"), in a third of the time
        return html.unescape("".join(_BETWEEN_TAGS.findall(text))).split("\n")
    return html.unescape(_TAGS.sub("", text)).split("\n")


def _parsed(root: etree._Element, paragraphs: bool, visible: bool = False) -> list[str]:
    """The lines _stripped gives, from a parsed part."""
    pieces: list[str] = []
    _walk(root, pieces, "" if paragraphs else "\n", _HIDDEN_TAGS if visible else frozenset())
    return "".join(pieces).split("\n")


def _walk(element: etree._Element, pieces: list[str], between: str, hidden: frozenset[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else None
    if tag in hidden:
        pieces.append(element.tail or "")
        return
    if tag is not None:
        pieces.append(between)
        if between == "" and tag in _BREAK_TAGS:
            pieces.append(" ")
        pieces.append(element.text or "")
        for child in element:
            _walk(child, pieces, between, hidden)
        pieces.append("\n" if between == "" and tag == f"{W}p" else between)
    pieces.append(element.tail or "")


def _attributes(root: etree._Element) -> Iterator[tuple[str, str, str]]:
    for element in root.iter():
        if isinstance(element.tag, str):
            for key, value in element.attrib.items():
                yield _local(element.tag), _local(key), value


def _properties(kind: str, xml: bytes) -> dict[str, str]:
    """Each property's value by "<kind> <name>"; custom properties by their own names."""
    if kind != "custom":
        return {
            f"{kind} {tag}": html.unescape(text).strip()
            for tag, text in _VALUE.findall(xml.decode("utf-8"))
            if text.strip()
        }
    root = etree.fromstring(xml, _PARSER)
    return {
        f"custom {prop.get('name', '')}": "".join(prop.itertext()).strip()
        for prop in root
        if isinstance(prop.tag, str) and "".join(prop.itertext()).strip()
    }


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# ---- the body in document order, for a check of what each place says ---------------------

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_RUN_TEXT = {f"{W}tab": " ", f"{W}br": " ", f"{W}cr": " ", f"{W}noBreakHyphen": "-"}
"""What a run's tab, line break and non-breaking hyphen read as; its w:t elements give text."""


@dataclass(frozen=True)
class Block:
    """A paragraph of the body, or a row of one of its tables, as they come in the document."""

    cells: tuple[str, ...]
    """A paragraph's text as its one cell; a row's text cell by cell."""
    style: str = ""
    """A paragraph's style id ("Heading1", "Title"); "" for none, and for a row."""
    table: int | None = None
    """Which table of the body a row is in (0, 1, …, in document order); None for a paragraph."""
    caption: str = ""
    """A row's table caption (its alt-text title, else the paragraph before the table)."""
    header: bool = False
    """A row marked to repeat at the top of each page: a header row."""

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


def read_blocks(data: bytes) -> list[Block]:
    """The body of a .docx as its reader meets it: paragraphs and table rows interleaved in
    document order (a table in a content control or nested in a cell included), with only what
    is visible on the page: no deleted text of tracked changes, no field codes, no hidden runs,
    and a text box's fallback copy read once. Raises as read_docx does on a hostile file, and
    KeyError if the zip has no word/document.xml."""
    check_zip(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml")
    if b"<!" in xml and _DTD.search(xml):
        raise UnsafeXml("its part word/document.xml declares a DTD or entities")
    root = etree.fromstring(xml, _PARSER)
    for fallback in list(root.iter(f"{_MC}Fallback")):
        fallback.getparent().remove(fallback)
    body = root.find(f"{W}body")
    blocks: list[Block] = []
    if body is not None:
        _body_blocks(body, blocks, [0], "")
    return blocks


def _body_blocks(parent: etree._Element, blocks: list[Block], tables: list[int], last: str) -> str:
    """Append the blocks of parent's children; return the text of the last paragraph seen."""
    for child in parent:
        if child.tag == f"{W}p":
            text = _paragraph_text(child)
            style = child.find(f"{W}pPr/{W}pStyle")
            blocks.append(Block((text,), style.get(f"{W}val", "") if style is not None else ""))
            last = text or last
        elif child.tag == f"{W}tbl":
            caption = child.find(f"{W}tblPr/{W}tblCaption")
            name = caption.get(f"{W}val", "") if caption is not None else last
            number, tables[0] = tables[0], tables[0] + 1
            for row in child.iter(f"{W}tr"):
                if row.getparent() is not child:
                    continue  # a nested table's rows are read as its cell's text
                cells = tuple(
                    " ".join(filter(None, (_paragraph_text(p) for p in cell.iter(f"{W}p"))))
                    for cell in row
                    if cell.tag == f"{W}tc"
                )
                header = row.find(f"{W}trPr/{W}tblHeader") is not None
                blocks.append(Block(cells, "", number, name, header))
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"):
            last = _body_blocks(child, blocks, tables, last)
    return last


def _paragraph_text(paragraph: etree._Element) -> str:
    """The visible text of a paragraph: its runs (in a text box too), a tab or break a space."""
    pieces: list[str] = []
    for run in paragraph.iter(f"{W}r"):
        vanish = run.find(f"{W}rPr/{W}vanish")
        if vanish is not None and vanish.get(f"{W}val", "true") not in ("0", "false"):
            continue
        for child in run:
            if child.tag == f"{W}t":
                pieces.append(child.text or "")
            elif child.tag in _RUN_TEXT:
                pieces.append(_RUN_TEXT[child.tag])
    return " ".join("".join(pieces).split())
