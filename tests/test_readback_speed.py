"""The faster ways the leak check reads and matches a letter give what the plain ways gave.

Each test sets a rewritten reader or matcher beside the plain form it replaced (written out here,
as it was) and checks they agree on awkward input: the names index's grouped pattern, the
one-scan normalisation, the decimal scan, PDF text strings without pypdf, an embedded JSON
file's strings, a Word story read between its tags, and a Word header rendered once and kept.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf.generic import create_string_object
from test_render_docx import PROPS, build_template, context

from docgen.letters import leaks
from docgen.readback import reading, word
from docgen.readback.pdf import json_strings
from docgen.readback.rawpdf import RawPdf, Unsupported
from docgen.readback.reading import NameIndex, normalise
from docgen.readback.typst import text_string, typst_lines
from docgen.readback.word import read_docx
from docgen.render.docx import DocxRenderer

# ---- the plain forms, as they were ----------------------------------------------------------


def plain_scan(firsts: list[str]) -> re.Pattern[str]:
    ordered = sorted(firsts, key=lambda w: (-len(w), w))
    alternatives = [re.escape(w) + (r"(?!\w)" if re.match(r"\w", w) else "") for w in ordered]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


def plain_normalise(text: str) -> str:
    if not text.isascii():
        text = reading._INVISIBLE.sub("", text)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
        for curly, plain in reading._QUOTES:
            if curly in text:
                text = text.replace(curly, plain)
    if "-" in text or "\u2010" in text:
        text = reading._HYPHEN.sub("", text)
    return " ".join(text.casefold().split())


PLAIN_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d])")


def plain_json_strings(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from plain_json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from plain_json_strings(item)
    elif value is not None:
        yield str(value)


# ---- names -------------------------------------------------------------------------------------

NAMES = {
    "b1": "Mill Care Ltd",
    "b2": "Millbrook Homes",
    "b3": "Mill",
    "b4": "O'Brien & Daughters",
    "b5": "(Un)limited Care",
    "b6": "Ŵyn Gofal Cyf",
    "b7": "3M Health",
    "b8": "Abbey Care",
    "b9": "Abbey Care North",
    "b10": "A",
    "b11": "Acorn-Trust",
    "b12": "– Dash Care",
}
WORDS = [
    "mill",
    "millbrook",
    "care",
    "ltd",
    "o'brien",
    "(un)limited",
    "ŵyn",
    "3m",
    "abbey",
    "a",
    "acorn-trust",
    "acorntrust",
    "–",
    "dash",
    "north",
    "x",
    " ",
    "  ",
    "(",
    ")",
    "'",
    "-",
    "1",
    "millcare",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30).map("".join))
def test_the_grouped_names_pattern_finds_what_the_flat_one_found(text: str) -> None:
    index = NameIndex(NAMES)
    assert index.scan is not None
    flat = plain_scan(list(index.lengths))
    assert [(m.start(), m.group()) for m in index.scan.finditer(text)] == [
        (m.start(), m.group()) for m in flat.finditer(text)
    ]


def test_names_are_found_by_the_grouped_pattern() -> None:
    index = NameIndex(NAMES)
    text = normalise("Dear Abbey Care North, (Un)limited Care and MILL CARE LTD; not Millcare.")
    keys = {key for key, _, _ in index.find(text)}
    assert keys == {"b1", "b3", "b5", "b8", "b9"}
    assert NameIndex({}).scan is None


# ---- normalisation -------------------------------------------------------------------------

AWKWARD = [
    "a",
    "B",
    " ",
    "\n",
    "-",
    "\u2010",
    "\u00ad",  # soft hyphen
    "\u200b",
    "\u200e",
    "\ufeff",
    "\U000e0041",  # tag character
    "’",
    "‘",
    "“",
    "”",
    "ʼ",
    "\uff21",  # full-width A: NFKC
    "\ufb01",  # fi ligature: NFKC
    "\u00a0",
    "e\u0301",  # combining accent: NFKC composes
    "ŵ",
    "Ŵ",
    "£",
    "·",
    "–",
    "1",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(AWKWARD), max_size=25).map("".join))
def test_normalise_reads_as_the_plain_passes_did(text: str) -> None:
    assert normalise(text) == plain_normalise(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_normalise_reads_any_text_as_the_plain_passes_did(text: str) -> None:
    assert normalise(text) == plain_normalise(text)


def test_a_long_text_is_normalised_as_the_plain_passes_did() -> None:
    for text in (
        "Bow\u00adCare \u201cNorth\u201d\u200b \uff21 " * 20_000,
        "شركة الرعاية ’ " * 20_000,
        "ŵ " * 60_000 + "\u200b",
    ):
        assert len(text) > reading._FEW
        assert normalise(text) == plain_normalise(text)


def test_normalise_still_takes_out_what_a_reader_does_not_see() -> None:
    assert normalise("Bow\u00adCare \u201cNorth\u201d\u200b \uff21") == 'bowcare "north" a'


# ---- decimals --------------------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["1", "0", "9", ".", ",", " ", "a", "١", "٢", "-"]), max_size=20))
def test_the_decimal_scan_finds_what_the_plain_one_found(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert leaks._DECIMAL.findall(text) == PLAIN_DECIMAL.findall(text)


def test_the_decimal_scan_on_awkward_numbers() -> None:
    text = "1.5.3 12.50 .5 3. 1,234.56 v1.2 a1.2b ١٢.٣ 7.25"
    assert leaks._DECIMAL.findall(text) == PLAIN_DECIMAL.findall(text)
    assert leaks._DECIMAL.findall(text) == ["1.5", "12.50", "234.56", "1.2", "1.2", "١٢.٣", "7.25"]


def test_a_distinctive_score_is_still_found() -> None:
    index = NameIndex({"b1": "Abbey Care"})
    secrets = leaks.Secrets(frozenset(), frozenset({"38.5"}))
    assert leaks.leaks("They scored 38.50 in all.", secrets, index) == ["the score 38.5"]
    assert leaks.leaks("They scored 138.5 or 38.55.", secrets, index) == []
    assert leaks.leaks("38.5", leaks.Secrets(frozenset(), frozenset()), index) == []


# ---- PDF text strings without pypdf ----------------------------------------------------------

STRINGS = [
    b"",
    b"Award letter",
    b"~ printable ASCII !",
    codecs.BOM_UTF16_BE + "Llythyr – ŵ 😀".encode("utf-16-be"),
    codecs.BOM_UTF16_BE + b"\x00A\x00",  # odd length: pypdf's answer
    codecs.BOM_UTF16_BE + b"\xd8\x00",  # a lone surrogate: pypdf's answer
    codecs.BOM_UTF16_LE + b"A\x00",
    codecs.BOM_UTF8 + "ŵ".encode(),
    b"\x00A",
    b"A\x00",
    b"caf\xe9",
    b"\x18\x19\x7f",
    b"tab\there",
]


@pytest.mark.parametrize("value", STRINGS + [bytes([i]) for i in range(256)])
def test_a_pdf_text_string_reads_as_pypdf_reads_it(value: bytes) -> None:
    assert text_string(value) == str(create_string_object(value))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=12), st.booleans())
def test_any_pdf_text_string_reads_as_pypdf_reads_it(value: bytes, marked: bool) -> None:
    value = codecs.BOM_UTF16_BE + value if marked else value
    assert text_string(value) == str(create_string_object(value))


def test_a_run_at_the_very_start_of_a_page_is_read() -> None:
    run = b"q 1 0 0 -1 70 700 cm/c0 cs 0 scn\nBT 0 Tr/f0 11 Tf 1 0 0 -1 0 0 Tm[(\\000A\\000B)]TJ\nET\nQ"
    assert typst_lines(run, lambda font: {}) == ["AB"]
    assert typst_lines(b"/Span<</MCID 0>>BDC\n" + run, lambda font: {}) == ["AB"]


def minimal_pdf(entry: bytes) -> bytes:
    """One object (a catalog at byte 9) and a cross-reference table whose entry for it is given."""
    head = b"%PDF-1.7\n1 0 obj\n<</Type/Catalog>>\nendobj\n"
    xref = b"xref\n0 2\n0000000000 65535 f\r\n" + entry + b"trailer\n<</Size 2/Root 1 0 R>>\n"
    return head + xref + b"startxref\n" + str(len(head)).encode() + b"\n%%EOF\n"


@pytest.mark.parametrize("entry", [b"0000000009 00000 n\r\n", b" 000000009 00000 n\r\n"])
def test_an_object_is_found_where_the_table_says(entry: bytes) -> None:
    pdf = RawPdf(minimal_pdf(entry))
    assert pdf.offset(1) == 9 and pdf.object(1)[0] == {"Type": "Catalog"}
    with pytest.raises(Unsupported):
        pdf.object(2)


def test_a_table_entry_that_is_no_number_is_refused_as_before() -> None:
    with pytest.raises(ValueError):
        RawPdf(minimal_pdf(b"00000000x9 00000 n\r\n"))


# ---- an embedded JSON file's strings -------------------------------------------------------

JSON = [
    '{"name": "O\\"Brien \\\\ Sons", "tab": "a\\tb", "u": "\\u0174yn", "pair": "\\ud83d\\ude00"}',
    '{"n": 1, "f": 1.50, "e": 1e400, "big": 123456789012345678901, "neg": -0.0, "x": 2E-3}',
    '{"t": true, "f": false, "z": null, "empty": {}, "list": [], "s": ""}',
    '[1, "a", [2, ["b", null, {"k": [true, {"deep": "v"}]}]], null, 3.0]',
    '"just a string"',
    "7",
    "null",
    '{"same": 1, "same": 2, "other": "x"}',
    '{"lone": "\\ud800", "slash": "\\/", "ctrl": "\\u0000\\b\\f\\n\\r"}',
    "[NaN, Infinity, -Infinity]",
]


@pytest.mark.parametrize("text", JSON)
def test_json_strings_are_what_the_walk_gave(text: str) -> None:
    value = json.loads(text)
    assert list(json_strings(value)) == list(plain_json_strings(value))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_gives_the_strings_the_walk_gave(value: object) -> None:
    value = json.loads(json.dumps(value))
    assert list(json_strings(value)) == list(plain_json_strings(value))


# ---- a Word story read between its tags ------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["<", ">", "a", "b", " ", "/", "=", '"', "\n", "&amp;"]), max_size=16)
)
def test_the_text_between_tags_is_what_taking_the_tags_out_leaves(pieces: list[str]) -> None:
    text = "<" + "".join(pieces)
    if text.rfind("<") < text.rfind(">"):
        assert "".join(word._BETWEEN_TAGS.findall(text)) == word._TAGS.sub("", text)


def test_a_story_reads_alike_either_way() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="'
        'http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        "<w:t>Tom &amp; Jerry &gt; 2</w:t><w:tab/><w:t>b&lt;c</w:t></w:r></w:p><w:p><w:r>"
        '<w:t xml:space="preserve"> two </w:t><w:br/><w:t>lines</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as package:
        package.writestr("word/document.xml", xml)
    assert read_docx(data.getvalue()).body == ("Tom & Jerry > 2 b<c", " two  lines")
    root = word.etree.fromstring(xml.encode(), word._PARSER)
    assert [*filter(str.strip, word._parsed(root, True))] == [
        *filter(str.strip, word._stripped(xml, True))
    ]


# ---- a Word header rendered once and kept ------------------------------------------------------


def test_each_letter_has_its_own_header_when_headers_are_kept(tmp_path: Path) -> None:
    renderer = DocxRenderer(build_template(tmp_path / "t.docx"))
    first = renderer.render(context(title="First Letter"), PROPS)
    second = renderer.render(context(title="Second Letter"), PROPS)
    again = renderer.render(context(title="First Letter"), PROPS)
    headers = [read_docx(data).headers() for data in (first, second, again)]
    assert headers[0] == headers[2] != headers[1]
    assert "First Letter" in headers[0][0] and "Second Letter" in headers[1][0]
    assert first == again
