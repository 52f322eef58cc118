"""One print-ready PDF of every letter of an award, with a bookmark per bidder and per Lot.

Order: by bidder name (case-insensitive), then Lot number (the single contract counts as Lot 0).
The file is reproducible: no dates, a fixed document information dictionary, and a file
identifier made from the letters' own hashes.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject

ORDER = "by bidder name, then Lot number"
# Catalog-level parts of each letter that do not belong in a print file (pypdf's default is to
# drop annotations and articles; the letters' embedded data and tags stay with each letter).
EXCLUDED = ("/Annots", "/B", "/StructParents")


@dataclass(frozen=True)
class PrintEntry:
    bidder_name: str
    lot: int | None
    lot_name: str  # "Lot 1: Reablement" or the contract title
    path: Path
    sha256: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_key(entries: Sequence[PrintEntry], title: str) -> str:
    """What the combined PDF is made from: if this is unchanged, so is the file."""
    parts = [title] + [f"{e.bidder_name}\x1f{e.lot_name}\x1f{e.sha256}" for e in entries]
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


def combine(entries: Sequence[PrintEntry], title: str, author: str) -> tuple[bytes, int]:
    """The combined PDF (entries already in print order) and its page count."""
    writer = PdfWriter()
    for name, group in groupby(entries, key=lambda e: e.bidder_name):
        parent = None
        for entry in group:
            start = len(writer.pages)
            writer.append(PdfReader(entry.path), import_outline=False, excluded_fields=EXCLUDED)
            if parent is None:
                parent = writer.add_outline_item(title=name, page_number=start)
            writer.add_outline_item(title=entry.lot_name, page_number=start, parent=parent)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata(
        {"/Title": title, "/Author": author, "/Producer": "docgen", "/Creator": "docgen"}
    )
    ident = ByteStringObject(bytes.fromhex(inputs_key(entries, title))[:16])
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), len(writer.pages)


def combine_task(args: tuple[Sequence[PrintEntry], str, str]) -> tuple[bytes, int]:
    """combine() with one argument, for a process pool."""
    return combine(*args)
