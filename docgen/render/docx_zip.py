"""A minimal, reproducible zip writer for .docx files: members are deflated once and copied.

Every member has the date 1980-01-01 00:00 and mode 0644 and is deflated; the archive is the
same as Python's zipfile.writestr would write, so that a template's unchanged parts are
compressed once per process and each document only deflates the parts rendered for it.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from docgen.errors import RenderError

_DOS_DATE, _DOS_TIME = (0 << 9) | (1 << 5) | 1, 0  # 1980-01-01 00:00:00
_MODE = 0o100644 << 16  # a regular file, rw-r--r--
_MADE_BY = (3 << 8) | 20  # Unix, zip 2.0 (as Python's zipfile on Linux)


@dataclass(frozen=True)
class Member:
    """One file of the archive, deflated."""

    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream


def deflate(name: str, blob: bytes) -> Member:
    """The member, compressed as zipfile would (raw deflate, the default level)."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    data = compressor.compress(blob) + compressor.flush()
    return Member(name, zlib.crc32(blob), len(blob), data)


def zip_members(members: Sequence[Member]) -> bytes:
    """A zip archive of the members, in order; the same as zipfile.writestr would write."""
    body, directory = bytearray(), bytearray()
    for member, offset, header in _headers(members):
        name = member.name.encode("utf-8")
        directory += b"PK\x01\x02" + struct.pack("<H", _MADE_BY) + header
        directory += struct.pack("<HHHII", 0, 0, 0, _MODE, offset) + name
        body += b"PK\x03\x04" + header + name + member.data
    if len(body) + len(directory) > 0xFFFFFFFF:
        raise RenderError("the .docx would be larger than 4 GB")
    end = struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(directory), len(body), 0)
    return bytes(body + directory + b"PK\x05\x06" + end)


def _headers(members: Sequence[Member]) -> Iterator[tuple[Member, int, bytes]]:
    """(member, offset of its local header, the fields the local and central headers share)."""
    offset = 0
    for m in members:
        name = m.name.encode("utf-8")
        flags = 0 if m.name.isascii() else 0x800  # bit 11: the name is UTF-8
        fields = (20, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, m.crc, len(m.data), m.size)
        header = struct.pack("<HHHHHIIIHH", *fields, len(name), 0)
        yield m, offset, header
        offset += 30 + len(name) + len(m.data)
