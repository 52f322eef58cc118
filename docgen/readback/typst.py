"""The fast way to read a PDF as Typst writes it: pages, document information, XMP, attachments.

pypdf, which reads any PDF, spends a millisecond a letter on objects the leak check never needs,
and its ``extract_text`` is ten times slower than decoding Typst's text operators directly. This
reader takes the objects it needs through ``RawPdf`` and finds the text by one scan of each
page. Whatever is not laid out as Typst writes it raises ``Unsupported``, and ``docgen.readback.pdf``
reads the file with pypdf instead. A test checks that both readings give the same lines.

Typst writes each run of text as two lines: ``q a b c d x y cm …`` (where the run sits) and
``BT 0 Tr/f0 11 Tf <matrix> Tm[(..)-12.5(..)]TJ`` (or ``(..)Tj``), with 2-byte glyph codes below
0x2000 whose high byte, a control character, is always escaped. So no string can contain a raw
newline, "TJ", "Tj", ")<digits>(", ")<" or ">(", and the runs are found by splitting, not
scanning. Runs are then gathered into lines the way pypdf gathers them: a run joins the line
when its baseline is within 0.8 of the smaller font size of the line's baselines.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Callable
from typing import NamedTuple

from docgen.readback.rawpdf import Name, RawPdf, Ref, Unsupported, unescape

CMap = dict[int, str]
LINE_GAP = 0.8  # a baseline further than this many font sizes from the line's starts a new one


class Catalog(NamedTuple):
    """What the document catalog says about tagging and language."""

    lang: str
    tagged: bool  # has a structure tree
    marked: bool  # /MarkInfo /Marked is true
    display_title: bool  # /ViewerPreferences /DisplayDocTitle is true


class Raw(NamedTuple):
    """What the Typst reader finds in a PDF (see docgen.readback.pdf.PdfFile)."""

    pages: list[str]
    info: dict[str, str]
    catalog: Catalog
    xmp: bytes | None
    attachments: list[tuple[str, bytes]]


_RUN = re.compile(
    rb"\nq [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ ([-\d.]+) cm[^\n]*\n"  # 1: baseline
    rb"BT 0 Tr/([^\s/\[\]()<>{}%]+) ([\d.]+) Tf [-\d. ]+ Tm"  # 2: font, 3: size
    rb"(?:\[([^\n]*)\]TJ|(\([^\n]*\))Tj)$",  # 4: array of strings, 5: one string
    re.MULTILINE,
)
"""A run, in the content with a newline put in front: a "q" at a line's start. The newline
(rather than "^") gives the pattern a literal start, which the scan jumps to."""
_KERN = re.compile(rb"\)[-+]?[\d.]+\(")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")


def read_typst(data: bytes) -> Raw:
    """A Typst PDF read back; Unsupported if it is not laid out as Typst writes."""
    pdf = RawPdf(data)
    if "Encrypt" in pdf.trailer:
        raise Unsupported("an encrypted file")
    catalog = pdf.mapping(pdf.trailer.get("Root"))
    pages = _pages(pdf, catalog.get("Pages"))
    if pdf.mapping(catalog.get("Pages")).get("Count") != len(pages):
        raise Unsupported("the page count does not match the pages")
    unicode_maps: dict[Ref, CMap] = {}  # by ToUnicode stream: pages share their fonts
    texts = [_page_text(pdf, page, unicode_maps) for page in pages]
    info: dict[str, str] = {}
    if "Info" in pdf.trailer:
        for key, value in pdf.mapping(pdf.trailer["Info"]).items():
            found = pdf.get(value)
            if isinstance(found, bytes):
                info[key] = text_string(found)
            elif isinstance(found, (Name, int, float)):  # as pypdf prints them: /True, 2
                info[key] = f"/{found}" if isinstance(found, Name) else str(found)
    xmp = pdf.stream(catalog["Metadata"]) if "Metadata" in catalog else None
    attachments = []
    for name, filespec in _attachments(pdf, catalog):
        files = pdf.mapping(pdf.mapping(filespec).get("EF"))
        if "F" in files:
            attachments.append((name, pdf.stream(files["F"])))
    return Raw(texts, info, _catalog(pdf, catalog), xmp, attachments)


def _catalog(pdf: RawPdf, catalog: dict[str, object]) -> Catalog:
    lang = pdf.get(catalog.get("Lang", b""))
    marked = pdf.mapping(catalog.get("MarkInfo", {})).get("Marked", False)
    shows = pdf.mapping(catalog.get("ViewerPreferences", {})).get("DisplayDocTitle", False)
    return Catalog(text_string(lang), "StructTreeRoot" in catalog, marked is True, shows is True)


def _pages(pdf: RawPdf, node: object) -> list[dict[str, object]]:
    found = pdf.mapping(node)
    if found.get("Type") == "Page":
        return [found]
    kids = pdf.get(found.get("Kids"))
    if found.get("Type") != "Pages" or not isinstance(kids, list):
        raise Unsupported("a page tree Typst would not write")
    return [page for kid in kids for page in _pages(pdf, kid)]


def _page_text(pdf: RawPdf, page: dict[str, object], unicode_maps: dict[Ref, CMap]) -> str:
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
            stream = font.get("ToUnicode")
            if not isinstance(stream, Ref):
                raise Unsupported("a stream must be an indirect object")
            if stream not in unicode_maps:
                unicode_maps[stream] = parse_to_unicode(pdf.stream(stream))
            cmaps[name] = unicode_maps[stream]
        return cmaps[name]

    return "\n".join(typst_lines(pdf.stream(page["Contents"]), cmap))


def typst_lines(content: bytes, cmap: Callable[[bytes], CMap]) -> list[str]:
    """The page's text lines. All the runs' strings are joined (kerning dropped), unescaped and
    decoded in one go, with a 0xFFFF code (which no glyph below 0x2000 can be) between runs,
    then mapped font by font and gathered into lines."""
    runs = _RUN.findall(b"\n" + content)
    starts = content.count(b"\nBT ") + content.startswith(b"BT ")
    if starts != len(runs) or content.count(b"TJ") + content.count(b"Tj") != len(runs):
        raise Unsupported("text Typst would not write")
    if not runs:
        return []
    body = _KERN.sub(b"", b"\n".join(array or single for _, _, _, array, single in runs))
    if body[:1] != b"(" or body[-1:] != b")" or b")<" in body or b">(" in body:
        raise Unsupported("strings Typst would not write")
    if body.count(b")\n(") != len(runs) - 1:
        raise Unsupported("strings Typst would not write")
    raw = unescape(body[1:-1].replace(b")\n(", b"\\377\\377"))
    high = raw[::2].replace(b"\xff", b"")
    if len(raw) % 2 or len(high) != len(raw) // 2 - (len(runs) - 1) or max(high) >= 0x20:
        raise Unsupported("not the 2-byte codes with a control-character high byte assumed")
    texts = raw.decode("utf-16-be", "surrogatepass").split("\uffff")
    if len(texts) != len(runs):
        raise Unsupported("strings Typst would not write")
    maps = {font: cmap(font) for font in {run[1] for run in runs}}
    decoded = [text.translate(maps[run[1]]) for run, text in zip(runs, texts, strict=True)]
    return _lines(decoded, [float(run[0]) for run in runs], [float(run[2]) for run in runs])


def _lines(texts: list[str], baselines: list[float], sizes: list[float]) -> list[str]:
    """Runs gathered into lines as pypdf gathers them: a run whose baseline is within LINE_GAP
    font sizes (the smaller of its own and the run before) of the line's baselines joins it,
    after a space."""
    lines = [texts[0]]
    low = high = baselines[0]
    size = sizes[0]
    for text, y, this in zip(texts[1:], baselines[1:], sizes[1:], strict=True):
        gap = low - y if y < low else y - high if y > high else 0.0
        if gap <= LINE_GAP * (size if size < this else this):
            lines[-1] += " " + text
            low, high = (y, high) if y < low else (low, y) if y > high else (low, high)
        else:
            lines.append(text)
            low = high = y
        size = this
    return lines


def _attachments(pdf: RawPdf, catalog: dict[str, object]) -> list[tuple[str, object]]:
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
    return [(text_string(pdf.get(k)), v) for k, v in zip(names[::2], names[1::2], strict=True)]


def text_string(value: object) -> str:
    """A PDF text string (UTF-16 with its byte order mark, else PDFDocEncoding), as pypdf reads
    one. The strings Typst writes (UTF-16 big-endian with its mark, or printable ASCII, which
    PDFDocEncoding reads as ASCII) are decoded here, so a letter is read without importing
    pypdf; any other string is left to pypdf's create_string_object (a test checks they agree)."""
    if not isinstance(value, bytes):
        raise Unsupported("not a string")
    if value.startswith(codecs.BOM_UTF16_BE):
        with contextlib.suppress(UnicodeDecodeError):
            return value.decode("utf-16")
    elif not value.translate(None, _PRINTABLE_ASCII):
        return value.decode("ascii")
    from pypdf.generic import create_string_object  # pypdf imported only when needed

    return str(create_string_object(value))


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def parse_to_unicode(data: bytes) -> CMap:
    """The code -> text map of a ToUnicode CMap (bfchar and bfrange entries)."""
    cmap: CMap = {}
    for block in _BFCHAR.findall(data):
        pairs = _HEX.findall(block)
        sources, targets = pairs[::2], pairs[1 : len(pairs) & ~1 : 2]
        if all(len(t) % 4 == 0 for t in targets):  # whole UTF-16 units: decode them in one go
            texts = _utf16(b"FFFF".join(targets)).split("\uffff")
        else:
            texts = [_utf16(t) for t in targets]
        cmap.update(zip([int(s, 16) for s in sources], texts, strict=False))
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
