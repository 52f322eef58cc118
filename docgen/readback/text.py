"""Text of finished letters, for the checks: every word a reader (or a copy-paste) would see.

PDF: pages are read with pypdf. For the Type0/Identity-H fonts with a ToUnicode map that Typst
writes, the text-showing operators are decoded directly (about ten times faster than
``PageObject.extract_text``, which matters at a thousand letters); any other page falls back to
``extract_text``. The document's metadata and embedded files are included, because a name in
an attachment leaks as surely as one on the page. A test checks that both readings agree.

Word: the text of every paragraph (body, tables, headers, footers, text boxes) and the core
properties, read from the package XML; a test checks it against python-docx.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator

from lxml import etree
from pypdf import PageObject, PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import DictionaryObject, IndirectObject, StreamObject, create_string_object

from docgen.readback.rawpdf import RawPdf, Ref, Unsupported, nested_literal, unescape

CMap = dict[int, str]


_LITERAL = nested_literal(3)
_OPS = re.compile(
    rb"/([^\s/\[\]()<>{}%]+)\s+[-+.\d]+\s+Tf\b"  # font selection
    rb"|\[((?:" + _LITERAL + rb"|<[0-9A-Fa-f\s]*>|[^\]()<])*)\]\s*TJ"  # array of strings
    rb"|(" + _LITERAL + rb"|<[0-9A-Fa-f\s]*>)\s*(?:Tj|'|[-+.\d\s]+\x22)"  # one string
    rb"|\b(ET)\b",
    re.DOTALL,
)
_STRINGS = re.compile(rb"(" + _LITERAL + rb")|<([0-9A-Fa-f\s]*)>", re.DOTALL)
# What the operators look like wherever they are: the fast reading must account for all of them.
_EXPECTED_FONTS = re.compile(rb"\bTf\b")
_EXPECTED_SHOWS = re.compile(rb"[\])>]\s*(?:TJ|Tj|'|[-+.\d\s]+\x22)")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")


def pdf_text(data: bytes) -> str:
    """Page text, metadata and embedded files of a PDF, one line per text line."""
    try:
        return _typst_pdf_text(RawPdf(data))
    except Unsupported:  # not laid out as Typst writes: pypdf reads it
        pass
    try:  # strict: a well-formed file is read without re-checking every object's offset
        return _pdf_text(PdfReader(io.BytesIO(data), strict=True))
    except PdfReadError:  # not quite well-formed: read it the lenient way
        return _pdf_text(PdfReader(io.BytesIO(data)))


def _typst_pdf_text(pdf: RawPdf) -> str:
    """pdf_text for a file as Typst writes it, read with RawPdf (twice as fast as pypdf)."""
    catalog = pdf.mapping(pdf.trailer.get("Root"))
    pages = _raw_pages(pdf, catalog.get("Pages"))
    if pdf.mapping(catalog.get("Pages")).get("Count") != len(pages):
        raise Unsupported("the page count does not match the pages")
    parts = [_raw_page_text(pdf, page) for page in pages]
    if "Info" in pdf.trailer:
        info = pdf.mapping(pdf.trailer["Info"])
        for key in ("Title", "Subject", "Keywords", "Author"):
            if key in info:
                parts.append(_text_string(pdf.get(info[key])))
    for name, filespec in _raw_attachments(pdf, catalog):
        parts.append(name)
        files = pdf.mapping(pdf.mapping(filespec).get("EF"))
        if "F" in files:
            parts.append(_attachment_text(pdf.stream(files["F"])))
    return "\n".join(parts)


def _raw_pages(pdf: RawPdf, node: object) -> list[dict[str, object]]:
    found = pdf.mapping(node)
    if found.get("Type") == "Page":
        return [found]
    kids = pdf.get(found.get("Kids"))
    if found.get("Type") != "Pages" or not isinstance(kids, list):
        raise Unsupported("a page tree Typst would not write")
    return [page for kid in kids for page in _raw_pages(pdf, kid)]


def _raw_page_text(pdf: RawPdf, page: dict[str, object]) -> str:
    resources = pdf.mapping(page.get("Resources"))
    if "XObject" in resources or not isinstance(page.get("Contents"), Ref):
        raise Unsupported("a page Typst would not write")
    fonts = pdf.mapping(resources.get("Font", {}))
    cmaps: dict[bytes, CMap] = {}

    def cmap(name: bytes) -> CMap:
        if name not in cmaps:
            font = pdf.mapping(fonts.get(name.decode("latin-1")))
            if font.get("Subtype") != "Type0" or font.get("Encoding") != "Identity-H":
                raise Unsupported("a font Typst would not write")
            cmaps[name] = parse_to_unicode(pdf.stream(font.get("ToUnicode")))
        return cmaps[name]

    return "".join(_typst_lines(pdf.stream(page["Contents"]), cmap))


def _raw_attachments(pdf: RawPdf, catalog: dict[str, object]) -> list[tuple[str, object]]:
    """(name, file specification) of each embedded file, from a name tree without kids."""
    if "Names" not in catalog:
        return []
    tree = pdf.mapping(catalog["Names"]).get("EmbeddedFiles")
    if tree is None:
        return []
    found = pdf.mapping(tree)
    names = pdf.get(found.get("Names", []))
    if "Kids" in found or not isinstance(names, list) or len(names) % 2:
        raise Unsupported("an embedded-file tree Typst would not write")
    return [(_text_string(pdf.get(k)), v) for k, v in zip(names[::2], names[1::2], strict=True)]


def _text_string(value: object) -> str:
    """A PDF text string (UTF-16 with its byte order mark, else PDFDocEncoding), as pypdf reads
    one."""
    if not isinstance(value, bytes):
        raise Unsupported("not a string")
    return str(create_string_object(value))


def _pdf_text(reader: PdfReader) -> str:
    cmaps: dict[int, CMap] = {}
    parts = [_page_text(page, cmaps) for page in reader.pages]
    info = reader.metadata
    if info is not None:
        keys = ("/Title", "/Subject", "/Keywords", "/Author")
        parts += [str(info[key]) for key in keys if key in info]
    for name, blobs in reader.attachments.items():
        parts.append(name)
        parts += [_attachment_text(blob) for blob in blobs]
    return "\n".join(parts)


def _attachment_text(blob: bytes) -> str:
    """An embedded file's text; for JSON (the letter's own data), its strings as they read, so
    that a name with a quotation mark, escaped in the JSON, is still found."""
    text = blob.decode("utf-8", "replace")
    try:
        data = json.loads(text)
    except ValueError:
        return text
    return "\n".join(json_strings(data))


def json_strings(value: object) -> Iterator[str]:
    """Every key and value of parsed JSON, as text: what a reader of the data could see."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)
    elif value is not None:
        yield str(value)


def _page_text(page: PageObject, cmaps: dict[int, CMap]) -> str:
    try:
        return _fast_page_text(page, cmaps)
    except Unsupported:
        return page.extract_text()


def _fast_page_text(page: PageObject, cmaps: dict[int, CMap]) -> str:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject) or "/XObject" in resources:
        raise Unsupported
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    if not isinstance(fonts, DictionaryObject):
        raise Unsupported
    contents = page.get_contents()
    if contents is None:
        return ""
    data = contents.get_data()
    try:
        return "".join(_typst_lines(data, lambda n: _font_cmap(fonts, "/" + n.decode(), cmaps)))
    except Unsupported:
        return "".join(_decode_ops(data, fonts, cmaps))


# Typst writes each run of text as one line, "BT 0 Tr/f0 11 Tf <matrix> Tm[(..)-12.5(..)]TJ" (or
# "(..)Tj"), with 2-byte glyph codes below 0x2000 whose high byte, a control character, is always
# escaped. So no string can contain a raw newline, "TJ", "Tj", ")<digits>(", ")<" or ">(", and
# the lines can be found by splitting, not scanning: twice as fast as _decode_ops. Anything else
# (another producer, a font with more glyphs) raises Unsupported, and _decode_ops reads it.
_TYPST_LINE = re.compile(
    rb"^BT 0 Tr/([^\s/\[\]()<>{}%]+) [\d.]+ Tf [-\d. ]+ Tm(?:\[([^\n]*)\]TJ|(\([^\n]*\))Tj)$",
    re.MULTILINE,
)
_KERN = re.compile(rb"\)[-+]?[\d.]+\(")


def _typst_lines(content: bytes, cmap: Callable[[bytes], CMap]) -> list[str]:
    """The page's text lines, found by one scan. All their strings are joined (kerning dropped),
    unescaped and decoded in one go, with a 0xFFFF code (which no glyph below 0x2000 can be)
    between lines, then mapped font by font."""
    lines = _TYPST_LINE.findall(content)
    starts = content.count(b"\nBT ") + content.startswith(b"BT ")
    if starts != len(lines) or content.count(b"TJ") + content.count(b"Tj") != len(lines):
        raise Unsupported
    if not lines:
        return []
    body = _KERN.sub(b"", b"\n".join(array or single for _, array, single in lines))
    if body[:1] != b"(" or body[-1:] != b")" or b")<" in body or b">(" in body:
        raise Unsupported
    if body.count(b")\n(") != len(lines) - 1:
        raise Unsupported
    raw = unescape(body[1:-1].replace(b")\n(", b"\\377\\377"))
    high = raw[::2].replace(b"\xff", b"")
    if len(raw) % 2 or len(high) != len(raw) // 2 - (len(lines) - 1) or max(high) >= 0x20:
        raise Unsupported  # not the 2-byte codes with a control-character high byte assumed
    texts = raw.decode("utf-16-be", "surrogatepass").split("\uffff")
    if len(texts) != len(lines):
        raise Unsupported
    maps = {name: cmap(name) for name in {font for font, _, _ in lines}}
    return [
        text.translate(maps[font]) + "\n" for (font, _, _), text in zip(lines, texts, strict=True)
    ]


def _decode_ops(content: bytes, fonts: DictionaryObject, cmaps: dict[int, CMap]) -> list[str]:
    """The text of every text-showing operator, a newline at the end of each text object."""
    out: list[str] = []
    cmap: CMap | None = None
    fonts_seen = shows_seen = 0
    for match in _OPS.finditer(content):
        font, array, single, end = match.groups()
        if font is not None:
            cmap, fonts_seen = (
                _font_cmap(fonts, "/" + font.decode("latin-1"), cmaps),
                fonts_seen + 1,
            )
        elif end is not None:
            out.append("\n")
        elif cmap is None:
            raise Unsupported
        else:
            out.append(_show(array if array is not None else single, cmap))
            shows_seen += 1
    if fonts_seen != len(_EXPECTED_FONTS.findall(content)):
        raise Unsupported
    if shows_seen != len(_EXPECTED_SHOWS.findall(content)):
        raise Unsupported
    return out


def _show(operands: bytes, cmap: CMap) -> str:
    out = []
    for literal, hexa in _STRINGS.findall(operands):
        raw = (
            unescape(literal[1:-1])
            if literal
            else bytes.fromhex(re.sub(rb"\s", b"", hexa).decode())
        )
        # Two-byte codes read as UTF-16 give one character per code; translate maps code -> text.
        out.append(raw[: len(raw) & ~1].decode("utf-16-be", "surrogatepass").translate(cmap))
    return "".join(out)


def _font_cmap(fonts: DictionaryObject, name: str, cmaps: dict[int, CMap]) -> CMap:
    ref = fonts.raw_get(name) if name in fonts else None
    if not isinstance(ref, IndirectObject):
        raise Unsupported
    if ref.idnum not in cmaps:
        font = ref.get_object()
        if not isinstance(font, DictionaryObject) or "/ToUnicode" not in font:
            raise Unsupported
        if font.get("/Subtype") != "/Type0" or font.get("/Encoding") != "/Identity-H":
            raise Unsupported
        to_unicode = font["/ToUnicode"].get_object()
        if not isinstance(to_unicode, StreamObject):
            raise Unsupported
        cmaps[ref.idnum] = parse_to_unicode(to_unicode.get_data())
    return cmaps[ref.idnum]


def parse_to_unicode(data: bytes) -> CMap:
    """The code -> text map of a ToUnicode CMap (bfchar and bfrange entries)."""
    cmap: CMap = {}
    for block in _BFCHAR.findall(data):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2], strict=False):
            cmap[int(src, 16)] = _utf16(dst)
    for block in _BFRANGE.findall(data):
        for lo, hi, dst in _RANGE.findall(block):
            start, stop = int(lo, 16), int(hi, 16)
            if dst.startswith(b"["):
                for code, each in zip(range(start, stop + 1), _HEX.findall(dst), strict=False):
                    cmap[code] = _utf16(each)
            else:
                first = _utf16(dst[1:-1])
                for offset in range(stop - start + 1):
                    cmap[start + offset] = first[:-1] + chr(ord(first[-1]) + offset)
    return cmap


def _utf16(hexa: bytes) -> str:
    return bytes.fromhex(hexa.decode()).decode("utf-16-be", "replace") if hexa else ""


# ---- Word --------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = re.compile(
    r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml|docProps/core\.xml"
)


def docx_text(data: bytes) -> str:
    """Every paragraph of every story of a .docx, and its core properties, one per line."""
    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in sorted(package.namelist()):
            if _PARTS.fullmatch(name):
                lines += _part_lines(package.read(name), name.startswith("docProps"))
    return "\n".join(lines)


_W_DECLARED = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_BREAKS = re.compile(r"<w:(?:tab|br|cr)\b[^>]*>")
_TAGS = re.compile(r"<[^>]*>")


def _part_lines(xml: bytes, properties: bool) -> list[str]:
    """A part's text: with Word's usual `w:` prefix, by stripping the tags (five times faster
    than parsing; a text box nested in a paragraph splits its line, which the leak check, for
    which all white space is one space, does not mind); otherwise with lxml. Runs join up as
    they do on the page; each document property is a line of its own."""
    if xml.startswith(b"<?xml") and b"<!" not in xml and (_W_DECLARED in xml or b"<w:" not in xml):
        text = _BREAKS.sub(" ", xml.decode("utf-8")).replace("</w:p>", "\n")
        return html.unescape(_TAGS.sub("\n" if properties else "", text)).split("\n")
    root = etree.fromstring(xml)
    return list(_core(root) if properties else _paragraphs(root))


def _paragraphs(root: etree._Element) -> Iterator[str]:
    for para in root.iter(f"{W}p"):
        parts = []
        for node in para.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
            parts.append(node.text or "" if node.tag == f"{W}t" else " ")
        yield "".join(parts)


def _core(root: etree._Element) -> Iterator[str]:
    for node in root.iter():
        if isinstance(node.tag, str) and node.text and node.text.strip():
            yield node.text
