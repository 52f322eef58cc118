"""What a person gives docgen, read with bounds: a regular file of bounded size, a zip that
cannot inflate without limit.

``read_file`` reads only a regular file (a FIFO, a device such as /dev/zero or a folder is
refused, and opening never blocks) and at most a given number of bytes; each refusal is an
InputError naming the file. A .docx or .xlsx is a zip of XML parts. Before any part is read, ``check_zip`` looks at the
zip's directory: too many members, a member that would inflate past MAX_MEMBER, or members
that together would inflate past MAX_TOTAL make it refuse the file (ZipRefused, a ValueError).
Python's zipfile never gives more bytes than a member's directory entry declares (a member
that inflates further fails its check), so the declared sizes bound what is read.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from docgen.errors import InputError

MAX_FILE = 256 * 1024 * 1024
"""Bytes of one input file (a PDF, a .docx, a workbook) unless a reader gives its own bound."""
MAX_MEMBERS = 10_000
MAX_MEMBER = 64 * 1024 * 1024
"""Bytes of one inflated part: a thousand-page paper's document.xml is a few megabytes."""
MAX_TOTAL = 256 * 1024 * 1024


def read_file(path: Path, limit: int = MAX_FILE, what: str = "file") -> bytes:
    """The bytes of a regular file of at most limit bytes; InputError otherwise."""
    try:  # without blocking, so a FIFO with no writer cannot hold docgen
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(f"{path}: not a regular file")
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise InputError(f"{path}: larger than {_mb(limit)}: not a {what} docgen reads")
    return data


class ZipRefused(ValueError):
    """The zip would inflate past docgen's bounds, or holds too many members."""


def check_zip(source: bytes | Path, largest: int = MAX_MEMBER) -> None:
    """ZipRefused if the zip is too large inflated (a part past largest bytes, or all past
    MAX_TOTAL) or has too many parts; zipfile.BadZipFile if it is no zip."""
    opened = io.BytesIO(source) if isinstance(source, bytes) else source
    with zipfile.ZipFile(opened) as package:
        check_members(package.infolist(), largest)


def check_members(members: list[zipfile.ZipInfo], largest: int = MAX_MEMBER) -> None:
    """check_zip's checks, on the directory of a zip already open (read once, not twice)."""
    if len(members) > MAX_MEMBERS:
        raise ZipRefused(f"it holds {len(members):,} files (at most {MAX_MEMBERS:,})")
    for member in members:
        if member.file_size > largest:
            raise ZipRefused(
                f"its part {member.filename[:100]!r} inflates to {_mb(member.file_size)} "
                f"(at most {_mb(largest)} a part)"
            )
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL:
        raise ZipRefused(f"it inflates to {_mb(total)} (at most {_mb(MAX_TOTAL)})")


def _mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"
