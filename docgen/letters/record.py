"""Step 4 of a letters build: the manifest rows, the completeness check, the print file's
inputs, and letter files an earlier build made that this one does not.

Everything here is decided before anything is written; `write` then writes the print file (if it
changed), manifest.csv and manifest.json, and removes the stale letter files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from docgen.build import engine as build
from docgen.build.writer import OutputWriter, file_sha256
from docgen.letters import manifest, printing
from docgen.letters.plan import AwardPlan, Letter
from docgen.models.common import lot_order

ALL_LETTERS = "all-letters.pdf"
STALE = ("lot-*/*.docx", "lot-*/*.pdf", "contract/*.docx", "contract/*.pdf")


@dataclass(frozen=True)
class Prepared:
    """An award's manifest rows and print file, checked and ready to write."""

    plan: AwardPlan
    rows: list[manifest.Row]
    entries: list[printing.PrintEntry]  # empty when no PDF is built
    title: str
    key: str  # the print file's inputs
    current: dict[str, object] | None  # the print file's manifest entry, if it is unchanged
    stale: list[Path]  # letter files, and a print file no longer wanted that is out of date
    wanted: bool  # a print file is to be made (see letters.wants_print)

    @property
    def needs_print(self) -> bool:
        return self.wanted and bool(self.entries) and self.current is None

    @property
    def keeps_print(self) -> bool:
        """A print file stays: wanted, or not wanted but still matching these very letters."""
        return bool(self.entries) and (self.wanted or self.current is not None)


def prepare(
    award_plan: AwardPlan, writer: OutputWriter, built: build.BuildReport, wanted: bool
) -> Prepared:
    """Rows in print order, the completeness check, and what the print file would be made of."""
    folder = award_plan.folder
    letters = print_order(award_plan.letters)
    rows = [_row(x, folder, built) for x in letters]
    manifest.check_complete(award_plan.award, rows, writer.path(folder))
    title = print_title(award_plan)
    has_pdf = "pdf" in award_plan.letters[0].job.formats
    entries = [print_entry(x, writer, built) for x in letters] if has_pdf else []
    key = printing.inputs_key(entries, title, award_plan.double_sided)
    current = _current(award_plan, writer, key)
    stale = _stale(award_plan, writer)
    old_print = writer.path(folder / ALL_LETTERS)
    if not wanted and current is None and old_print.exists():
        stale.append(old_print)  # it would no longer match the letters: never print from it
    return Prepared(award_plan, rows, entries, title, key, current, stale, wanted)


def print_title(award_plan: AwardPlan) -> str:
    award = award_plan.award
    return f"{award.title} ({award.procurement.reference}): award letters"


def print_order(letters: Sequence[Letter]) -> list[Letter]:
    """By bidder name (case-insensitive), then Lot: the order of the print file (numbered Lots
    by number, labelled ones in record order)."""
    return sorted(
        letters,
        key=lambda x: (
            x.bidder_name.casefold(),
            x.bidder_name,
            lot_order(x.lot, x.lot_position) if x.lot is not None else (0, 0, 0),
        ),
    )


def write(prep: Prepared, combined: tuple[bytes, int] | None, writer: OutputWriter) -> Path | None:
    """Write the print file (if made), the manifests; remove stale letters. Returns the print file."""
    folder = prep.plan.folder
    head = _head(prep)
    target = None
    if combined is not None or prep.stale:  # withdraw what changes now, before it does
        old_print = writer.path(folder / ALL_LETTERS)
        keep_print = combined is None and old_print not in prep.stale
        manifest.withdraw(writer, folder, _landed(prep.rows), keep_print)
    if prep.keeps_print:
        target = writer.path(folder / ALL_LETTERS)
        if combined is not None:
            writer.write(folder / ALL_LETTERS, combined[0])
            head["all_letters"] = _print_entry(prep.key, combined[1], printing.sha256(combined[0]))
        else:
            head["all_letters"] = prep.current
    for path in prep.stale:
        writer.remove(path)
    writer.write(folder / manifest.CSV_NAME, manifest.csv_bytes(prep.rows))
    writer.write(folder / manifest.JSON_NAME, manifest.json_bytes(head, prep.rows))
    return target


def _landed(rows: Sequence[manifest.Row]) -> dict[str, str]:
    """Each letter file of the rows with its hash: all are on disk as the rows say."""
    pairs = [(r.docx, r.docx_sha256) for r in rows] + [(r.pdf, r.pdf_sha256) for r in rows]
    return {path: digest for path, digest in pairs if path}


def _print_entry(key: str, pages: int, digest: str) -> dict[str, object]:
    return {"file": ALL_LETTERS, "pages": pages, "sha256": digest, "inputs": key}


def _current(award_plan: AwardPlan, writer: OutputWriter, key: str) -> dict[str, object] | None:
    """The last build's print-file entry, if its inputs and the file are unchanged."""
    before = manifest.read_json(writer.path(award_plan.folder / manifest.JSON_NAME))
    last = before.get("all_letters")
    if not isinstance(last, dict) or last.get("inputs") != key:
        return None
    if file_sha256(writer.path(award_plan.folder / ALL_LETTERS)) != last.get("sha256"):
        return None
    return {str(k): v for k, v in last.items()}


def _row(letter: Letter, folder: PurePosixPath, built: build.BuildReport) -> manifest.Row:
    hashes = built.results.get(letter.job.stem, {})
    paths = {p.suffix[1:]: manifest.relative(p, folder) for p in letter.job.outputs()}
    return manifest.Row(
        bidder_id=letter.bidder_id,
        bidder_name=letter.bidder_name,
        lot=letter.lot_label,
        lot_title=letter.lot_title,
        outcome=letter.outcome,
        docx=paths.get("docx", ""),
        docx_sha256=hashes.get("docx", ""),
        pdf=paths.get("pdf", ""),
        pdf_sha256=hashes.get("pdf", ""),
        standstill_end=letter.standstill_end.isoformat() if letter.standstill_end else "",
    )


def _head(prep: Prepared) -> dict[str, object]:
    award = prep.plan.award
    return {
        "award": award.id,
        "title": award.title,
        "reference": award.procurement.reference,
        "regime": award.procurement.regime,
        "send_date": award.notification.send_date.isoformat(),
        "order": printing.ORDER,
        "count": len(prep.rows),
        "outcomes": dict(sorted(Counter(r.outcome for r in prep.rows).items())),
    }


def print_entry(
    letter: Letter, writer: OutputWriter, built: build.BuildReport | None = None
) -> printing.PrintEntry:
    """The letter's place in the print file (with its PDF's hash, once built)."""
    pdf = letter.job.output("pdf")
    name = f"Lot {letter.lot}: {letter.lot_title}" if letter.lot is not None else letter.lot_title
    digest = built.results.get(letter.job.stem, {}).get("pdf", "") if built else ""
    return printing.PrintEntry(letter.bidder_name, letter.lot, name, writer.path(pdf), digest)


def _stale(award_plan: AwardPlan, writer: OutputWriter) -> list[Path]:
    """Letter files from earlier builds that this build does not make (a bid since removed)."""
    root = writer.path(award_plan.folder)
    wanted = {writer.path(p) for x in award_plan.letters for p in x.job.outputs()}
    return [p for pattern in STALE for p in sorted(root.glob(pattern)) if p not in wanted]
