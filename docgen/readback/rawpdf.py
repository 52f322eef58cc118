"""Just enough of a PDF to read back the files Typst writes, fast: objects by number.

The leak check reads every letter it renders. pypdf, which reads any PDF, spends a millisecond a
letter reading objects the check never needs (a tagged letter has some 250 structure elements).
This reader follows the classic cross-reference table straight to the objects wanted and parses
only those. It accepts a file only as Typst writes it: one classic xref section, no incremental
update, streams either deflated or plain. Anything else raises Unsupported, and the caller reads
the file with pypdf instead.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import zlib
from dataclasses import dataclass

PdfValue = object  # dict[str, PdfValue] | list[PdfValue] | Ref | Name | bytes | int | float | ...


class Unsupported(Exception):
    """The file is not laid out as this reader expects; read it with pypdf."""


@dataclass(frozen=True)
class Ref:
    number: int


class Name(str):
    """A PDF name, without its slash."""


def nested_literal(depth: int) -> bytes:
    """A literal string with balanced, unescaped parentheses nested up to depth levels."""
    inner = rb"\((?:[^\\()]+|\\.)*\)"
    for _ in range(depth):
        inner = rb"\((?:[^\\()]+|\\.|" + inner + rb")*\)"
    return inner


_TOKEN = re.compile(
    rb"\s*(?:(<<|>>|\[|\])"  # 1: delimiter
    rb"|/([^\s/\[\]()<>{}%]*)"  # 2: name
    rb"|(\d+)\s+\d+\s+R(?![A-Za-z])"  # 3: reference
    rb"|([-+]?(?:\d+\.?\d*|\.\d+))"  # 4: number
    rb"|<([0-9A-Fa-f\s]*)>"  # 5: hex string
    rb"|(" + nested_literal(4) + rb")"  # 6: literal string
    rb"|(true|false|null))",  # 7: keyword
    re.DOTALL,
)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_UNUSUAL = re.compile(rb"\\[^0-7nrtbf()\n]|\\[4-7][0-7]{2}")
_SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\n": b"", b"\r": b""}
_ENTRIES = re.compile(rb"(?:\d{10}.{10})*", re.DOTALL)
"""A cross-reference table whose every entry starts with its ten-digit offset."""
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SECTION = re.compile(rb"xref\s+0 (\d+)[ \t]*\r?\n")
_OBJ = re.compile(rb"(\d+) 0 obj\s*")
_STREAM = re.compile(rb"\s*stream\r?\n")
_ENDSTREAM = re.compile(rb"\r?\n?endstream")
_DICT_END = re.compile(rb"\s*>>")
_ARRAY_END = re.compile(rb"\s*\]")
_KEYWORDS: dict[bytes, PdfValue] = {b"true": True, b"false": False, b"null": None}


class RawPdf:
    """A PDF's objects, read on demand through its cross-reference table."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        found = _STARTXREF.search(data, max(0, len(data) - 64))
        section = _SECTION.match(data, int(found.group(1))) if found else None
        if section is None:
            raise Unsupported("no classic cross-reference table")
        count, start = int(section.group(1)), section.end()
        table = data[start : start + 20 * count]
        self.count = count
        self._table = table  # offsets read as objects are asked for when every entry has digits
        self._offsets: list[int] | None = None
        if _ENTRIES.fullmatch(table) is None or len(table) != 20 * count:
            self._offsets = [int(table[i * 20 : i * 20 + 10]) for i in range(count)]
        tail = data[start + 20 * count :].lstrip()
        if not tail.startswith(b"trailer"):
            raise Unsupported("more than one cross-reference section")
        trailer, _ = self._value(tail, len(b"trailer"))
        if not isinstance(trailer, dict) or "Prev" in trailer:
            raise Unsupported("an incremental update")
        self.trailer: dict[str, PdfValue] = trailer
        self._cache: dict[int, tuple[PdfValue, bytes | None]] = {}

    def get(self, value: PdfValue) -> PdfValue:
        """The value, with a reference followed to its object."""
        return self.object(value.number)[0] if isinstance(value, Ref) else value

    def mapping(self, value: PdfValue) -> dict[str, PdfValue]:
        found = self.get(value)
        if not isinstance(found, dict):
            raise Unsupported(f"expected a dictionary, found {type(found).__name__}")
        return found

    def stream(self, value: PdfValue) -> bytes:
        """The decoded data of a stream object, given a reference to it."""
        if not isinstance(value, Ref):
            raise Unsupported("a stream must be an indirect object")
        head, raw = self.object(value.number)
        if raw is None or not isinstance(head, dict):
            raise Unsupported("not a stream")
        if "DecodeParms" in head or "DP" in head:
            raise Unsupported("stream parameters")
        filters = head.get("Filter")
        if filters is None or filters == []:
            return raw
        if filters in ("FlateDecode", ["FlateDecode"]):
            try:
                return zlib.decompress(raw)
            except zlib.error as exc:
                raise Unsupported("a damaged stream") from exc
        raise Unsupported(f"the filter {filters!r}")

    def object(self, number: int) -> tuple[PdfValue, bytes | None]:
        """Object number's value and, for a stream, its raw (still encoded) data."""
        if number not in self._cache:
            self._cache[number] = self._read(number)
        return self._cache[number]

    def offset(self, number: int) -> int:
        """Where the table says object number starts (0 < number < count)."""
        if self._offsets is not None:
            return self._offsets[number]
        return int(self._table[number * 20 : number * 20 + 10])

    def _read(self, number: int) -> tuple[PdfValue, bytes | None]:
        if not 0 < number < self.count:
            raise Unsupported(f"object {number} is not in the table")
        header = _OBJ.match(self.data, self.offset(number))
        if header is None or int(header.group(1)) != number:
            raise Unsupported(f"object {number} is not where the table says")
        value, pos = self._value(self.data, header.end())
        stream = _STREAM.match(self.data, pos)
        if stream is None:
            return value, None
        length = self.get(value.get("Length")) if isinstance(value, dict) else None
        if not isinstance(length, int):
            raise Unsupported("a stream without a length")
        end = stream.end() + length
        if _ENDSTREAM.match(self.data, end) is None:
            raise Unsupported("a stream whose length is wrong")
        return value, self.data[stream.end() : end]

    def _value(self, data: bytes, pos: int) -> tuple[PdfValue, int]:
        match = _TOKEN.match(data, pos)
        if match is None:
            raise Unsupported(f"cannot read the value at byte {pos}")
        delimiter, name, ref, number, hexa, literal, keyword = match.groups()
        pos = match.end()
        if delimiter == b"<<":
            return self._dictionary(data, pos)
        if delimiter == b"[":
            return self._array(data, pos)
        if delimiter is not None:
            raise Unsupported(f"an unexpected {delimiter!r}")
        if name is not None:
            return Name(name.decode("latin-1")), pos
        if ref is not None:
            return Ref(int(ref)), pos
        if number is not None:
            return (float(number) if b"." in number else int(number)), pos
        if hexa is not None:
            digits = re.sub(rb"\s", b"", hexa).decode()
            return bytes.fromhex(digits + "0" * (len(digits) % 2)), pos
        if literal is not None:
            return unescape(literal[1:-1]), pos
        return _KEYWORDS[keyword], pos

    def _dictionary(self, data: bytes, pos: int) -> tuple[dict[str, PdfValue], int]:
        out: dict[str, PdfValue] = {}
        while True:
            end = _DICT_END.match(data, pos)
            if end is not None:
                return out, end.end()
            key, pos = self._value(data, pos)
            if not isinstance(key, Name):
                raise Unsupported("a dictionary key that is not a name")
            out[str(key)], pos = self._value(data, pos)

    def _array(self, data: bytes, pos: int) -> tuple[list[PdfValue], int]:
        out: list[PdfValue] = []
        while True:
            end = _ARRAY_END.match(data, pos)
            if end is not None:
                return out, end.end()
            item, pos = self._value(data, pos)
            out.append(item)


def unescape(body: bytes) -> bytes:
    """The bytes of a literal string's body (PDF 32000-1 §7.3.4.2 escapes)."""
    if b"\\" not in body:
        return body
    if b"\\\\" not in body and not _UNUSUAL.search(body):
        # Only \ddd, \n \r \t \b \f, \( \) and line continuations: the C decoder does these.
        plain = body.replace(b"\\(", b"\\050").replace(b"\\)", b"\\051")
        with contextlib.suppress(ValueError):
            return codecs.escape_decode(plain)[0]

    def one(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _SIMPLE.get(code, code)

    return _ESCAPE.sub(one, body)
