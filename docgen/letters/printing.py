"""One print-ready PDF of every letter of an award, with a bookmark per bidder and per Lot.

Order: by bidder name (case-insensitive), then Lot number (the single contract counts as Lot 0).
Printed double-sided (the council's `printing`, the default), every letter starts on a right-hand
(odd) page: after a letter with an odd number of pages comes a page that says it is intentionally
left blank, so no bidder's letter is printed on the back of another's. The file is reproducible: no dates, a fixed document information dictionary, and a file
identifier made from the letters' own hashes. A blank page behind a letter that starts in Welsh
(a Welsh council's: its /Lang is cy-GB) says so in Welsh, then in English.
"""

from __future__ import annotations

import hashlib
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from docgen import resources
from docgen.build.engine import Job
from docgen.derive.language import words_for
from docgen.errors import RenderError
from docgen.render.pdf import fonts

if TYPE_CHECKING:  # pypdf is imported when a print file is made: most letter runs make none
    from pypdf import PdfReader

ORDER = "by bidder name, then Lot number"
# Catalog-level parts of each letter that do not belong in a print file (pypdf's default is to
# drop annotations and articles; the letters' embedded data and tags stay with each letter).
EXCLUDED = ("/Annots", "/B", "/StructParents")
BLANK = "This page is intentionally left blank"
_BLANK_SOURCE = f"""#set document(title: "{BLANK}")
#set text(font: "Liberation Sans", size: 9pt, lang: "en", region: "GB")
#set page(width: float(sys.inputs.width) * 1pt, height: float(sys.inputs.height) * 1pt)
#align(center + horizon, text(fill: luma(90))[{BLANK}])
""".encode()
_WELSH_BLANK_SOURCE = """#set document(title: "{welsh} / {english}")
#set text(font: "Liberation Sans", size: 9pt, lang: "cy", region: "GB")
#set page(width: float(sys.inputs.width) * 1pt, height: float(sys.inputs.height) * 1pt)
#align(center + horizon, text(fill: luma(90))[{welsh} \\ #text(lang: "en")[{english}]])
"""


@dataclass(frozen=True)
class PrintEntry:
    bidder_name: str
    lot: int | str | None
    lot_name: str  # "Lot 1: Reablement" or the contract title
    path: Path
    sha256: str


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_key(entries: Sequence[PrintEntry], title: str, double_sided: bool = True) -> str:
    """What the combined PDF is made from: if this is unchanged, so is the file."""
    parts = [title, "double-sided" if double_sided else "single-sided"]
    parts += [f"{e.bidder_name}\x1f{e.lot_name}\x1f{e.sha256}" for e in entries]
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


class PrintFile:
    """The print file, built one letter at a time in print order (as a build settles them)."""

    def __init__(self, title: str, author: str, double_sided: bool = True) -> None:
        from pypdf import PdfWriter

        self.title, self.author, self.double_sided = title, author, double_sided
        self.writer = PdfWriter()
        self.bidder: str | None = None
        self.parent: Any = None
        self.blanks: dict[tuple[float, float, bool], PdfReader] = {}  # per size and language
        self.welsh = False  # whether the last letter added starts in Welsh

    def add(self, entry: PrintEntry, data: bytes) -> None:
        from pypdf import PdfReader

        if self.double_sided and len(self.writer.pages) % 2 == 1:
            self._add_blank()
        start = len(self.writer.pages)
        # strict: the letters are Typst's own well-formed files, so pypdf need not re-check
        # every object offset (a third of its reading time).
        reader = PdfReader(io.BytesIO(data), strict=True)
        self.welsh = reader.root_object.get("/Lang") == "cy-GB"
        self.writer.append(reader, import_outline=False, excluded_fields=EXCLUDED)
        if entry.bidder_name != self.bidder:
            self.bidder = entry.bidder_name
            self.parent = self.writer.add_outline_item(title=entry.bidder_name, page_number=start)
        self.writer.add_outline_item(title=entry.lot_name, page_number=start, parent=self.parent)

    def _add_blank(self) -> None:
        """A page the size of the last one, saying it is intentionally left blank."""
        box = self.writer.pages[-1].mediabox
        size = (float(box.width), float(box.height), self.welsh)
        if size not in self.blanks:
            from pypdf import PdfReader

            self.blanks[size] = PdfReader(io.BytesIO(blank_page(*size)))
        self.writer.add_page(self.blanks[size].pages[0], excluded_keys=EXCLUDED)

    def finish(self, entries: Sequence[PrintEntry]) -> tuple[bytes, int]:
        """The file's bytes and page count; entries (with their hashes) name its identifier."""
        from pypdf.generic import ArrayObject, ByteStringObject

        writer = self.writer
        writer.page_mode = "/UseOutlines"
        writer.add_metadata(
            {
                "/Title": self.title,
                "/Author": self.author,
                "/Producer": "docgen",
                "/Creator": "docgen",
            }
        )
        key = inputs_key(entries, self.title, self.double_sided)
        ident = ByteStringObject(bytes.fromhex(key)[:16])
        writer._ID = ArrayObject([ident, ident])
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue(), len(writer.pages)


class PrintStreams:
    """Feeds each award's print file as a letters build settles its letters (a build.Settled).

    The build settles letters in print order. Nothing is combined for an award until one of its
    letters is rendered, so a rebuild in which nothing changed reads no letter; the unchanged
    letters before that first one are then read from disk.
    """

    def __init__(
        self,
        entries: dict[PurePosixPath, tuple[str, PrintEntry]],
        titles: dict[str, str],
        author: dict[str, str],
        double_sided: dict[str, bool] | None = None,
    ) -> None:
        self.entries = entries  # job stem -> (award id, its print entry)
        self.titles, self.authors = titles, author
        self.double_sided = double_sided or {}  # award id -> printed double-sided (default)
        self.files: dict[str, PrintFile] = {}
        self.waiting: dict[str, list[PrintEntry]] = defaultdict(list)

    def __call__(self, job: Job, files: dict[str, bytes] | None) -> None:
        if job.stem not in self.entries:
            return  # a letter of an award that gets no print file
        award, entry = self.entries[job.stem]
        if award not in self.files:
            if files is None:
                self.waiting[award].append(entry)
                return
            self.files[award] = PrintFile(
                self.titles[award], self.authors[award], self.double_sided.get(award, True)
            )
            for earlier in self.waiting.pop(award, []):
                self.files[award].add(earlier, earlier.path.read_bytes())
        data = files["pdf"] if files is not None else entry.path.read_bytes()
        self.files[award].add(entry, data)


def combine(
    entries: Sequence[PrintEntry], title: str, author: str, double_sided: bool = True
) -> tuple[bytes, int]:
    """The combined PDF of letters already on disk (entries in print order), and its pages."""
    combined = PrintFile(title, author, double_sided)
    for entry in entries:
        combined.add(entry, entry.path.read_bytes())
    return combined.finish(entries)


@cache
def blank_page(width: float, height: float, welsh: bool = False) -> bytes:
    """A one-page PDF (in points) that says it is intentionally left blank: small, centred, grey,
    set in the letters' own font, tagged and titled like every docgen PDF; in Welsh and English
    when `welsh` (behind a letter that starts in Welsh)."""
    import typst

    source = _BLANK_SOURCE
    if welsh:
        t = words_for("cy")
        source = _WELSH_BLANK_SOURCE.format(
            welsh=t("This page is intentionally left blank"), english=BLANK
        ).encode()
    pdf = typst.compile(
        source,
        format="pdf",
        font_paths=fonts(resources.fonts()),
        sys_inputs={"width": f"{width:.4f}", "height": f"{height:.4f}"},
        pdf_standards=["a-3a", "ua-1"],
        timestamp=0,
    )
    if not isinstance(pdf, bytes):
        raise RenderError("Typst made no blank page")
    return pdf
