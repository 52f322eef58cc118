"""Agenda packs (`docgen pack`): each decision's published documents in one PDF.

<decision>/agenda-pack.pdf holds the public paper, its public appendices in letter order (with
the notice that stands in for each exempt appendix) and the decision notice;
<decision>/exempt/agenda-pack-exempt.pdf holds the exempt documents, so that nothing exempt
sits beside the public pack. Which is which is what planning decided from the decision's own
record (a document in an exempt/ folder), never a property of a kind. Each pack has a bookmark per document, page labels 1 to M, and one
continuous "Page N of M" in the footer: the documents' own page numbers are taken out of their
footers (Typst marks the footer as a pagination artifact) and the pack's number is stamped in
the same place from a one-page-per-page Typst overlay, so the text stays extractable and
searchable. The bytes are reproducible: no dates, and a /ID derived from the parts.

The packs read the built PDFs in the output folder and refuse ones built from other records
(the record hash in each PDF's keywords must match). pypdf does not merge structure trees, so
the pack is not tagged: the separate documents remain the accessible editions.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, BooleanObject, ByteStringObject, NameObject, TextStringObject

from docgen.build.engine import FORMATS, Job
from docgen.build.papers import is_exempt, paper_jobs
from docgen.build.writer import OutputWriter, open_output
from docgen.documents.kinds import EXEMPT_FOLDER, kind
from docgen.errors import InputError, UsageError
from docgen.exchange.pack_stamp import FooterSpot, remove_page_numbers, stamp_pages
from docgen.readback.bounded import read_file
from docgen.readback.pdf import EncryptedPdf, open_reader, quiet
from docgen.records.loading import Records

PACK = "agenda-pack.pdf"
EXEMPT_PACK = "agenda-pack-exempt.pdf"


@dataclass(frozen=True)
class Part:
    """One document of a pack: its bookmark title, file and number of pages."""

    title: str
    path: Path
    pages: int


@dataclass(frozen=True)
class Pack:
    decision: str
    path: Path
    parts: list[Part]

    @property
    def pages(self) -> int:
        return sum(part.pages for part in self.parts)


@dataclass
class PackReport:
    packs: list[Pack] = field(default_factory=list)


def build_packs(records: Records, out_dir: Path, decisions: Sequence[str] = ()) -> PackReport:
    """Every decision's public pack and, if it has exempt documents, its exempt pack, written by
    the output folder's one writer, its lock held (no build replaces a PDF while it is read)."""
    jobs = paper_jobs(records, formats=FORMATS)
    wanted = sorted(records.decisions) if not decisions else list(decisions)
    report = PackReport()
    with open_output(out_dir) as out:
        plans = {d: _parts(d, jobs, out_dir, records) for d in wanted}
        for decision_id, (public, exempt) in plans.items():
            folder = PurePosixPath(decision_id)
            report.packs.append(_write(decision_id, out, folder / PACK, public, records))
            if exempt:
                rel = folder / EXEMPT_FOLDER / EXEMPT_PACK
                report.packs.append(_write(decision_id, out, rel, exempt, records))
    return report


def _parts(
    decision_id: str, jobs: list[Job], out_dir: Path, records: Records
) -> tuple[list[tuple[Job, Path]], list[tuple[Job, Path]]]:
    """(public, exempt) documents of one decision in pack order, each checked as current."""
    if not any(j.stem.parts[0] == decision_id for j in jobs):
        raise UsageError(f"no decision has the id {decision_id!r}")
    mine = sorted((j for j in jobs if j.stem.parts[0] == decision_id and _in_pack(j)), key=_order)
    found = [(job, out_dir / job.stem.with_suffix(".pdf")) for job in mine]
    problems = [p for job, path in found if (p := _stale(job, path))]
    if problems:
        hint = "run `docgen build` first, or `docgen pack --build`"
        raise UsageError("\n".join([*problems, f"Agenda packs need current PDFs: {hint}."]))
    public = [(j, p) for j, p in found if not is_exempt(j)]
    exempt = [(j, p) for j, p in found if is_exempt(j)]
    return public, exempt


def _in_pack(job: Job) -> bool:
    return kind(job.kind).pack_place is not None


def _order(job: Job) -> tuple[int, str]:
    """By the kind's place in the pack (paper, appendices, decision notice), then file name."""
    return kind(job.kind).pack_place or 0, job.stem.name


def _stale(job: Job, path: Path) -> str | None:
    if not path.is_file():
        return f"{path}: not built"
    meta = _open_pdf(path).metadata
    keywords = str(meta.get("/Keywords", "")) if meta else ""
    if job.keywords not in keywords:
        return f"{path}: built from other records than the ones given"
    return None


def _write(
    decision_id: str,
    out: OutputWriter,
    rel: PurePosixPath,
    parts: list[tuple[Job, Path]],
    records: Records,
) -> Pack:
    decision = records.decisions[decision_id]
    readers = [(_bookmark(job.title, decision.title), _open_pdf(path)) for job, path in parts]
    writer = PdfWriter()
    spots: list[FooterSpot] = []
    outline: list[tuple[str, int]] = []
    for title, reader in readers:
        outline.append((title, len(writer.pages)))
        for page in reader.pages:
            added = writer.add_page(page)
            spots.append(remove_page_numbers(added))
    stamp_pages(writer, spots)
    for title, start in outline:
        writer.add_outline_item(title=title, page_number=start)
    _finish(writer, f"{decision.title} – agenda pack", records.councils[decision.council].name)
    target = out.write(rel, _bytes(writer, [path for _, path in parts], rel.name))
    pack_parts = [Part(t, p, len(r.pages)) for (t, r), (_, p) in zip(readers, parts, strict=True)]
    return Pack(decision_id, target, pack_parts)


def _open_pdf(path: Path) -> PdfReader:
    """A built PDF opened for the pack; InputError if it is damaged, encrypted or no regular
    file (a file planted in the output folder is not trusted to be what the build wrote)."""
    data = read_file(path, what="PDF")
    try:
        with quiet():
            reader = open_reader(data)
    except EncryptedPdf:
        raise InputError(
            f"{path} is encrypted: docgen cannot read it; give the unencrypted file"
        ) from None
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file
        raise InputError(f"{path}: cannot read the PDF ({type(exc).__name__}: {exc})") from exc
    if reader.is_encrypted:  # opened with the empty password: the pack would be unencrypted
        raise InputError(
            f"{path} is encrypted: docgen will not merge it; give the unencrypted file"
        )
    return reader


def _bookmark(title: str, decision_title: str) -> str:
    """'Appendix A: Suppliers…' from '<decision title> – Appendix A: Suppliers…'."""
    short = title.removeprefix(f"{decision_title} – ").strip() or title
    return short[:1].upper() + short[1:]


def _finish(writer: PdfWriter, title: str, author: str) -> None:
    count = len(writer.pages)
    if count:
        writer.set_page_label(0, count - 1, style=PageLabelStyle.DECIMAL, start=1)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": title, "/Author": author, "/Producer": "docgen (pypdf)"})
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject("en-GB")
    prefs = writer.create_viewer_preferences()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)


def _bytes(writer: PdfWriter, sources: list[Path], name: str) -> bytes:
    """The pack's bytes with a /ID made from its parts' bytes (reproducible, yet unique)."""
    digest = hashlib.sha256(name.encode())
    for path in sources:
        digest.update(path.read_bytes())
    ident = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([ident, ident])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
