"""Which characters the shipped PDF fonts can show, read from their cmap tables.

The PDF renderer uses only the fonts in templates/fonts (no system or built-in fonts), and
PDF/A and PDF/UA refuse a character no font can show. Validation checks every text of every
record against this set, so such a character is a record error with its line, not a failed
build. Add a .ttf to templates/fonts to cover more scripts.
"""

from __future__ import annotations

import struct
from functools import cache
from pathlib import Path

ALWAYS_ALLOWED = frozenset(map(ord, "\n\t\r"))


@cache
def coverage(font_dir: Path) -> frozenset[int]:
    """Every code point some font in font_dir maps to a glyph."""
    points: set[int] = set(ALWAYS_ALLOWED)
    for font in sorted(font_dir.glob("*.ttf")):
        points.update(_cmap(font.read_bytes()))
    return frozenset(points)


def missing(text: str, font_dir: Path) -> list[str]:
    """The distinct characters of text that no shipped font can show, in order of appearance."""
    covered = coverage(font_dir)
    seen: dict[str, None] = {}
    for char in text:
        if ord(char) not in covered and not _is_format_char(char):
            seen.setdefault(char)
    return list(seen)


def _is_format_char(char: str) -> bool:
    """Invisible direction and joiner marks (U+200B–U+200F, U+202A–U+202E, U+2060–U+2069)."""
    code = ord(char)
    return 0x200B <= code <= 0x200F or 0x202A <= code <= 0x202E or 0x2060 <= code <= 0x2069


def _cmap(data: bytes) -> set[int]:
    count = struct.unpack_from(">H", data, 4)[0]
    for i in range(count):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            return _cmap_table(data, offset)
    return set()


def _cmap_table(data: bytes, base: int) -> set[int]:
    points: set[int] = set()
    count = struct.unpack_from(">H", data, base + 2)[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        if (platform == 3 and encoding in (1, 10)) or platform == 0:
            points |= _subtable(data, base + offset)
    return points


def _subtable(data: bytes, at: int) -> set[int]:
    fmt = struct.unpack_from(">H", data, at)[0]
    if fmt == 4:
        return _format4(data, at)
    if fmt == 12:
        groups = struct.unpack_from(">I", data, at + 12)[0]
        out: set[int] = set()
        for g in range(groups):
            start, end, _ = struct.unpack_from(">III", data, at + 16 + 12 * g)
            out.update(range(start, end + 1))
        return out
    return set()


def _format4(data: bytes, at: int) -> set[int]:
    segs = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segs}H", data, at + 14)
    starts = struct.unpack_from(f">{segs}H", data, at + 16 + 2 * segs)
    out: set[int] = set()
    for start, end in zip(starts, ends, strict=True):
        if start != 0xFFFF:
            out.update(range(start, end + 1))
    return out
