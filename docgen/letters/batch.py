"""Award letters: plan one per bidder per Lot, render them, prove them, record them.

1. Plan (`letters.plan`): every letter's context and output path, before a byte is written,
   in print order (by bidder name, then Lot).
2. Render with `docgen.build.engine.run`: templates parsed once per worker, parallel across cores,
   letters whose inputs are unchanged skipped, every file written atomically by the output
   folder's one writer (`build.writer.open_output`), which the letters open and step 4 uses too.
3. Check (`letters.leaks`), in the worker that rendered the letter: read the text back out of
   the finished PDF and Word bytes and refuse the letter if it names a bidder it may not name or
   shows another unsuccessful bidder's scores. A refused letter is not written (and an older copy
   is deleted), so it can neither be sent nor skipped as "unchanged" by the next build. An
   unchanged letter that no earlier manifest records as checked is read from disk and checked.
4. Record (`letters.manifest`): manifest.csv and manifest.json, one row per letter, and the
   completeness check against the record; `all-letters.pdf` for the post (`letters.printing`),
   combined as the letters arrive, when any letter is to be posted or one is asked for. Letter
   files the build no longer makes are removed.

With --lot or --bidder only the selected letters are built and checked; the manifest and the
print file describe a whole award, so they are left as they were.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Protocol

from docgen.build import engine as build
from docgen.build.writer import OutputWriter, open_output, read_state
from docgen.errors import CheckError
from docgen.letters import leaks, manifest, not_awarded, printing, record, work
from docgen.letters.plan import AwardPlan, Letter, Selection, plan_letters
from docgen.records.loading import Records
from docgen.records.memory import collector_paused

__all__ = ["LettersReport", "Progress", "Selection", "build_letters"]
HEAVY = 60  # letters to check from disk before a process pool pays off


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
    finish_seconds: float = 0.0  # after rendering: unproven letters checked, print files, manifests
    seconds: float = 0.0
    complete: bool = True

    @property
    def letters(self) -> int:
        return sum(self.outcomes.values())

    def summary(self) -> str:
        """One line: how many letters of each outcome, files written and unchanged, time."""
        return manifest.summary_line(self)


def build_letters(
    records: Records,
    out_dir: Path,
    selection: Selection | None = None,
    formats: Sequence[str] = build.FORMATS,
    templates: Path = build.DEFAULT_TEMPLATES,
    workers: int | None = None,
    progress: Progress | None = None,
    print_file: bool | None = None,
) -> LettersReport:
    """Build, check and record the award letters of every award in records.

    print_file: make each award's all-letters.pdf (True), or not (False), or only for an award
    some of whose letters go by post (None; see wants_print).
    """
    whole = selection is None or selection.is_everything
    told = not_awarded.plan(records, formats) if whole else []  # refused before anything is written
    with collector_paused(), open_output(out_dir) as writer:  # the build writes through it too
        if whole and not records.awards and told:
            report = LettersReport(build.BuildReport())  # only decisions not to award
            _not_awarded_letters(records, writer, told, formats, templates, report, progress)
        else:  # H5: the letters of decisions not to award are rendered with the award letters
            report = _build_letters(
                records, writer, selection, formats, templates, workers, progress, print_file, told
            )
        if told:
            for rel, data in not_awarded.manifests(records, formats).items():
                report.manifests.append(writer.write(rel, data))
        return report


def _not_awarded_letters(
    records: Records,
    writer: OutputWriter,
    jobs: list[build.Job],
    formats: Sequence[str],
    templates: Path,
    report: LettersReport,
    progress: Progress | None,
) -> None:
    """The letters telling each tenderer of a procurement not awarded why (letters/not_awarded.py),
    where there are no award letters to render them with."""
    if progress is not None:
        progress.start(len(jobs))
    hooks = build.Hooks(check=not_awarded.others_named(records), progress=progress)
    done = build.run(jobs, writer.root, templates, 1, hooks)
    _raise_leaks(done.refused)
    report.build.written += done.written
    report.build.skipped += done.skipped
    report.outcomes["not awarded"] += len(jobs)
    report.checked += len(done.written) // max(1, len(formats))


class LetterChecks:
    """A letters build's check (`build.Check`): the award letters' leak check on theirs and, when
    the build renders letters not to award too, their check (the other tenderers' names) on
    theirs. The few letters not to award so go to the award letters' workers instead of being
    rendered one by one after them in this process (which would load every renderer itself).
    The workers' fork server preloads this module (docgen.pipeline.WORKER_PRELOAD)."""

    def __init__(
        self, award_letters: leaks.LeakCheck, told: not_awarded.OthersNamed | None = None
    ) -> None:
        self.award_letters, self.told = award_letters, told

    def __call__(self, job: build.Job, files: dict[str, bytes]) -> list[str]:
        if job.stem in self.award_letters.letters or self.told is None:
            return self.award_letters(job, files)
        return self.told(job, files)


def wants_print(award_plan: AwardPlan, print_file: bool | None) -> bool:
    """Whether the award gets a print file: as asked, or else when any of its letters is to be
    posted: the record says they are not sent electronically, or a bidder has no email."""
    if print_file is not None:
        return print_file
    award = award_plan.award
    emails = {b.id: b.contact.email for b in award.bidders}
    return not award.notification.electronic or any(
        not emails.get(x.bidder_id) for x in award_plan.letters
    )


def _build_letters(
    records: Records,
    writer: OutputWriter,
    selection: Selection | None,
    formats: Sequence[str],
    templates: Path,
    workers: int | None,
    progress: Progress | None,
    print_file: bool | None,
    told: list[build.Job],
) -> LettersReport:
    started = time.perf_counter()
    selection = selection or Selection()
    if workers != 1 and sum(len(a.bidders) for a in records.awards.values()) >= build.PARALLEL_FROM:
        build.start_workers_early(__name__)
    plans = [
        replace(p, letters=record.print_order(p.letters))
        for p in plan_letters(records, selection, formats)
    ]
    letters = [letter for p in plans for letter in p.letters]
    jobs = [x.job for x in letters] + told
    if progress is not None:
        progress.start(len(jobs))
    printed = {p.award.id for p in plans if wants_print(p, print_file)}
    streams = (
        _print_streams([p for p in plans if p.award.id in printed], writer)
        if selection.is_everything and "pdf" in formats
        else None
    )
    told_check = not_awarded.others_named(records) if told else None
    hooks = build.Hooks(
        check=LetterChecks(_leak_check(plans), told_check),
        settled=streams,
        progress=progress,
        before_writing=lambda todo: _withdraw(plans, writer, todo, selection.is_everything),
    )
    report = LettersReport(build.run(jobs, writer.root, templates, workers, hooks))
    report.outcomes = Counter(x.outcome for x in letters)
    if told:
        report.outcomes["not awarded"] += len(told)
    report.complete = selection.is_everything
    report.checked = len(report.build.written) // max(1, len(formats))
    _raise_leaks(report.build.refused)
    finish_started = time.perf_counter()
    _check_unproven(plans, writer, report, workers)
    prepared = (
        [record.prepare(p, writer, report.build, p.award.id in printed) for p in plans]
        if report.complete
        else []
    )
    for prep in prepared:
        _write_records(prep, _print_file(prep, streams), writer, report)
    report.finish_seconds = time.perf_counter() - finish_started
    report.seconds = time.perf_counter() - started
    return report


def _withdraw(
    plans: Sequence[AwardPlan], writer: OutputWriter, todo: Sequence[build.Job], whole: bool
) -> None:
    """Before any letter is written: take out of each manifest the rows of letters this build
    will write or refuse, of letters a whole build no longer makes, and of any whose recorded
    hash is not the one the build's state holds; and the print file's entry if any row goes.
    See letters.manifest: the manifest is written ahead."""
    changing = {job.stem for job in todo}
    state = read_state(writer.root)
    for award_plan in plans:
        folder = award_plan.folder
        valid = {
            manifest.relative(rel, folder): str(state[str(rel)].get("sha256", ""))
            for x in award_plan.letters
            if x.job.stem not in changing
            for rel in x.job.outputs()
            if isinstance(state.get(str(rel)), dict)
        }
        ours = any(x.job.stem in changing for x in award_plan.letters)
        manifest.withdraw(writer, folder, valid, keep_print=not ours, others_stay=not whole)


def _leak_check(plans: Sequence[AwardPlan]) -> leaks.LeakCheck:
    return leaks.LeakCheck(
        {p.award.id: p.names for p in plans},
        {x.job.stem: (p.award.id, _label(x), x.secrets) for p in plans for x in p.letters},
    )


def _print_streams(plans: Sequence[AwardPlan], writer: OutputWriter) -> printing.PrintStreams:
    return printing.PrintStreams(
        {x.job.stem: (p.award.id, record.print_entry(x, writer)) for p in plans for x in p.letters},
        {p.award.id: record.print_title(p) for p in plans},
        {p.award.id: p.letters[0].job.author for p in plans if p.letters},
        {p.award.id: p.double_sided for p in plans},
    )


def _print_file(
    prep: record.Prepared, streams: printing.PrintStreams | None
) -> tuple[bytes, int] | None:
    """The award's print file, if it must be written: finished from the stream if the build fed
    one, else combined from the letters on disk (say, after the print file was deleted)."""
    if not prep.needs_print:
        return None
    streamed = streams.files.get(prep.plan.award.id) if streams is not None else None
    if streamed is not None:
        return streamed.finish(prep.entries)
    author = prep.plan.letters[0].job.author
    return printing.combine(prep.entries, prep.title, author, prep.plan.double_sided)


def _raise_leaks(refused: dict[PurePosixPath, list[str]]) -> None:
    """Stop the build, naming every leak, if any letter was refused (it was not written)."""
    found = [message for problems in refused.values() for message in problems]
    if found:
        raise _leak_error(found, "They were not written")


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


def _check_unproven(
    plans: Sequence[AwardPlan], writer: OutputWriter, report: LettersReport, workers: int | None
) -> None:
    """Check, from disk, the unchanged letters that no earlier build's manifest records as
    checked (a manifest deleted, or letters built with --lot). Raises CheckError, after deleting
    the letters concerned, if any of them leaks."""
    chunks = _check_chunks(plans, writer, report)
    tasks: list[work.Task] = [(leaks.check_chunk, chunk) for chunk in chunks]
    results = work.run(tasks, workers, heavy=sum(len(c[1]) for c in chunks) >= HEAVY)
    found = [leak for result in results for leak in result]
    if found:
        _delete_leaking({path for path, _ in found}, plans, writer)
        raise _leak_error([message for _, message in found], "They were deleted")


def _leak_error(messages: list[str], what_became: str) -> CheckError:
    lines = "\n".join(f"  {message}" for message in sorted(messages))
    return CheckError(
        f"{len(messages)} leak(s) found: these letters name a bidder they may not name, or show "
        f"another bidder's scores. {what_became} and will be rebuilt.\n{lines}"
    )


def _check_chunks(
    plans: Sequence[AwardPlan], writer: OutputWriter, report: LettersReport
) -> list[leaks.Chunk]:
    """The unchanged letters not yet proven by an earlier check, in chunks for the pool."""
    skipped = set(report.build.skipped)
    chunks = []
    for award_plan in plans:
        proven = _proven(writer.path(award_plan.folder / manifest.JSON_NAME))
        items: list[leaks.Item] = [
            (_label(x), tuple(writer.path(p) for p in x.job.outputs()), x.secrets)
            for x in award_plan.letters
            if writer.path(x.job.outputs()[0]) in skipped
            and not _hashes(x, award_plan.folder, report.build) <= proven
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
                    writer.remove(path)
