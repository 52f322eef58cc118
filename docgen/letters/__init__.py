"""Award letters: plan one per bidder per Lot, render them, prove them, record them.

1. Plan (`letters.plan`): every letter's context and output path, before a byte is written.
2. Render with `docgen.build.run`: templates parsed once per worker, parallel across cores,
   letters whose inputs are unchanged skipped, every file written atomically.
3. Check (`letters.leaks`): read each new letter back (PDF and Word) and fail if it names a
   bidder it may not name or shows another unsuccessful bidder's scores. A letter that fails is
   deleted, so it can neither be sent nor skipped as "unchanged" by the next build.
4. Record (`letters.manifest`): manifest.csv and manifest.json, one row per letter, and the
   completeness check against the record; then `all-letters.pdf` for printing
   (`letters.printing`). Letter files the build no longer makes are removed.

With --lot or --bidder only the selected letters are built and checked; the manifest and the
print file describe a whole award, so they are left as they were.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Protocol

from docgen import build
from docgen.errors import CheckError
from docgen.letters import leaks, manifest, printing, record, work
from docgen.letters.plan import AwardPlan, Letter, Selection, plan_letters
from docgen.loading import Records
from docgen.writer import OutputWriter

__all__ = ["LettersReport", "Progress", "Selection", "build_letters"]
HEAVY = 60  # letters to check (or twice as many to combine) before a process pool pays off


class Progress(Protocol):
    """Told how many letters there are, then called as each is written or found unchanged."""

    def start(self, total: int) -> None: ...

    def __call__(self, done: int) -> None: ...


@dataclass
class LettersReport:
    """What a letters build did."""

    build: build.BuildReport
    outcomes: Counter[str] = field(default_factory=Counter)
    checked: int = 0
    removed: list[Path] = field(default_factory=list)
    manifests: list[Path] = field(default_factory=list)
    print_files: list[tuple[Path, int, bool]] = field(default_factory=list)  # path, pages, written
    check_seconds: float = 0.0  # checking for leaks and combining the print files
    seconds: float = 0.0
    complete: bool = True

    @property
    def letters(self) -> int:
        return sum(self.outcomes.values())

    def summary(self) -> str:
        """One line: how many letters of each outcome, files written and unchanged, time."""
        order = ("appointed", "unsuccessful", "excluded", "cancelled")
        counts = ", ".join(f"{self.outcomes[o]} {o}" for o in order if self.outcomes[o])
        scope = "" if self.complete else " (selected letters only; manifests not updated)"
        return (
            f"{self.letters} letters ({counts}){scope}: {len(self.build.written)} files written, "
            f"{len(self.build.skipped)} unchanged, {self.checked} letters checked for leaks, "
            f"in {self.seconds:.1f} s."
        )


def build_letters(
    records: Records,
    out_dir: Path,
    selection: Selection | None = None,
    formats: Sequence[str] = build.FORMATS,
    templates: Path = build.DEFAULT_TEMPLATES,
    workers: int | None = None,
    progress: Progress | None = None,
) -> LettersReport:
    """Build, check and record the award letters of every award in records."""
    started = time.perf_counter()
    selection = selection or Selection()
    plans = plan_letters(records, selection, formats)
    letters = [letter for p in plans for letter in p.letters]
    if progress is not None:
        progress.start(len(letters))
    report = LettersReport(
        build.run([x.job for x in letters], out_dir, templates, workers, progress)
    )
    report.outcomes = Counter(x.outcome for x in letters)
    report.complete = selection.is_everything
    writer = OutputWriter(out_dir)
    prepared = [record.prepare(p, writer, report.build) for p in plans] if report.complete else []
    combined = _check_and_combine(plans, prepared, writer, report, workers)
    for prep, made in zip(prepared, combined, strict=True):
        _write_records(prep, made, writer, report)
    report.seconds = time.perf_counter() - started
    return report


def _write_records(
    prep: record.Prepared,
    made: tuple[bytes, int] | None,
    writer: OutputWriter,
    report: LettersReport,
) -> None:
    target = record.write(prep, made, writer)
    report.manifests.append(writer.path(prep.plan.folder / manifest.JSON_NAME))
    report.removed += prep.stale
    if target is not None:
        pages = made[1] if made else int(str((prep.current or {}).get("pages", 0)))
        report.print_files.append((target, pages, made is not None))


def _check_and_combine(
    plans: Sequence[AwardPlan],
    prepared: Sequence[record.Prepared],
    writer: OutputWriter,
    report: LettersReport,
    workers: int | None,
) -> list[tuple[bytes, int] | None]:
    """Check new letters for leaks while the print files are combined, in one process pool.

    Raises CheckError, after deleting the letters concerned, if any letter leaks.
    """
    started = time.perf_counter()
    prints = [p for p in prepared if p.needs_print]
    chunks = _check_chunks(plans, writer, report)
    tasks: list[work.Task] = [
        (printing.combine_task, (p.entries, p.title, p.plan.letters[0].job.author)) for p in prints
    ]
    tasks += [(leaks.check_chunk, chunk) for chunk in chunks]
    load = report.checked + sum(len(p.entries) for p in prints) // 2  # a print page is cheap
    results = work.run(tasks, workers, heavy=load >= HEAVY)
    report.check_seconds = time.perf_counter() - started
    found = [leak for result in results[len(prints) :] for leak in result]
    if found:
        _delete_leaking({path for path, _ in found}, plans, writer)
        lines = "\n".join(f"  {message}" for _, message in sorted(found))
        raise CheckError(
            f"{len(found)} leak(s) found: these letters name a bidder they may not name, or show "
            f"another bidder's scores. They were deleted and will be rebuilt.\n{lines}"
        )
    made = iter(results[: len(prints)])
    return [next(made) if p.needs_print else None for p in prepared]


def _check_chunks(
    plans: Sequence[AwardPlan], writer: OutputWriter, report: LettersReport
) -> list[leaks.Chunk]:
    """The letters not yet proven by an earlier check, in chunks for the pool."""
    chunks = []
    for award_plan in plans:
        proven = _proven(writer.path(award_plan.folder / manifest.JSON_NAME))
        items: list[leaks.Item] = [
            (_label(x), tuple(writer.path(p) for p in x.job.outputs()), x.secrets)
            for x in award_plan.letters
            if not _hashes(x, award_plan.folder, report.build) <= proven
        ]
        report.checked += len(items)
        chunks += leaks.chunks(award_plan.names, items)
    return chunks


def _hashes(
    letter: Letter, folder: PurePosixPath, built: build.BuildReport
) -> set[tuple[str, str]]:
    """(path relative to the letters folder, sha256) of each of the letter's files."""
    results = built.results.get(letter.job.stem, {})
    return {
        (manifest.relative(p, folder), results.get(p.suffix[1:], "")) for p in letter.job.outputs()
    }


def _proven(manifest_json: Path) -> set[tuple[str, str]]:
    """Files the last complete build checked and recorded: (relative path, sha256)."""
    data = manifest.read_json(manifest_json)
    return {
        (str(row[fmt]), str(row.get(f"{fmt}_sha256", "")))
        for row in data.get("letters", [])
        if isinstance(row, dict)
        for fmt in build.FORMATS
        if row.get(fmt)
    }


def _label(letter: Letter) -> str:
    lot = f"Lot {letter.lot}" if letter.lot is not None else "the contract"
    return f"the letter to {letter.bidder_name} ({letter.bidder_id}) about {lot}"


def _delete_leaking(bad: set[Path], plans: Sequence[AwardPlan], writer: OutputWriter) -> None:
    """Delete every file of each letter with a leak in any of its files."""
    for award_plan in plans:
        for letter in award_plan.letters:
            paths = [writer.path(p) for p in letter.job.outputs()]
            if bad.intersection(paths):
                for path in paths:
                    path.unlink(missing_ok=True)
