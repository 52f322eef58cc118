"""The library functions behind each command: load, validate, plan, build. No printing here."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.errors import DocgenError, Problem, RecordError
from docgen.resources import templates as shipped_templates

if TYPE_CHECKING:
    from docgen.build.engine import BuildReport, Job
    from docgen.checks.rules import RuleReport
    from docgen.letters.batch import Progress
    from docgen.letters.manifest import LettersOutcome
    from docgen.records.loading import Records

# Each function loads what it uses: `docgen validate` (and anything else that only reads
# records) starts without Typst, docxtpl, pypdf or lxml, and a letters build with nothing to do
# without even the records' models. tests/test_startup.py holds both to it.
FORMATS = ("docx", "pdf")
"""As docgen.build.engine.FORMATS (a test holds them equal)."""
DEFAULT_TEMPLATES = shipped_templates()
"""As docgen.build.engine.DEFAULT_TEMPLATES."""

DEFAULT_RECORDS = Path("records")
Warn = Callable[[Sequence[Problem]], None]
"""Told of the rules' warnings before anything is built (the command line prints them)."""


def validate(paths: Sequence[Path]) -> Records:
    """Load every record below paths and run every check; RecordError lists all problems."""
    from docgen.checks.core import check_or_raise
    from docgen.records.loading import load_records

    records = load_records(list(paths) or [DEFAULT_RECORDS])
    check_or_raise(records)
    return records


def validate_with_rules(paths: Sequence[Path], strict: bool = False) -> tuple[Records, RuleReport]:
    """Load, run the core checks, then the legal rules; RecordError if any error (or warning, if strict)."""
    from docgen.checks.rules import run_rules

    records = validate(paths)  # the rules assume consistent records
    report = run_rules(records, strict)
    if report.errors:
        raise RecordError(report.errors)
    return records, report


def checked(paths: Sequence[Path], strict: bool, warn: Warn | None) -> Records:
    """Validated records; the rules' warnings told to warn (with strict, they are errors)."""
    records, report = validate_with_rules(paths, strict)
    if warn is not None and report.warnings:
        warn(report.warnings)
    return records


def build_papers(
    paths: Sequence[Path],
    out_dir: Path,
    only: Sequence[str] = (),
    formats: Sequence[str] = FORMATS,
    templates: Path = DEFAULT_TEMPLATES,
    strict: bool = False,
    warn: Warn | None = None,
    revision: str | None = None,
    records: Records | None = None,
) -> BuildReport:
    """Validate, then build each decision's paper and appendices into out_dir.

    strict: a rule's warning stops the build (RecordError) before anything is written.
    revision: drafts name it in their footer and keywords (docgen.build.drafts).
    records: the records of paths, already validated with the rules (by a command that goes on
    using them: `docgen pack --build`), so that they are not loaded twice."""
    from docgen.build import engine as build
    from docgen.build.drafts import stamped
    from docgen.build.papers import paper_jobs

    if records is None:
        records = checked(paths, strict, warn)
    jobs = stamped(paper_jobs(records, only, formats), revision)
    return build.run(jobs, out_dir, templates)


def build_letters(
    paths: Sequence[Path],
    out_dir: Path,
    lot: int | str | None = None,
    bidder: str | None = None,
    formats: Sequence[str] = FORMATS,
    templates: Path = DEFAULT_TEMPLATES,
    progress: Progress | None = None,
    print_file: bool | None = None,
    strict: bool = False,
    warn: Warn | None = None,
) -> LettersOutcome:
    """Validate, then build, check and record one award letter per bidder per Lot (and the print
    file: see letters.build_letters). strict: as for build_papers.

    A whole build whose inputs and letters are as the last whole build left them is decided
    from hashes and the run record alone (letters.manifest.unchanged_run): the records are not
    parsed, the letters not opened, and the last build's report and warnings are given again."""
    from docgen.build.writer import check_out, open_output
    from docgen.letters import manifest

    started = time.perf_counter()
    root = check_out(out_dir)
    key = (
        _run_key(paths, formats, templates, print_file, strict)
        if lot is None and bidder is None
        else None
    )
    if key is not None and (root / manifest.RUN_NAME).is_file():
        with open_output(out_dir) as writer:  # not while another build is writing there
            replayed = manifest.unchanged_run(writer, key)
        if replayed is not None:
            if warn is not None and replayed.warnings:
                warn(replayed.warnings)
            if progress is not None:  # every letter is done: as the whole way says at its end
                progress.start(replayed.letters)
                progress(replayed.letters)
            replayed.seconds = time.perf_counter() - started
            return replayed

    if key is not None and _many_bids(paths):
        _start_workers()
    from docgen.letters import batch as letters

    records, rules = validate_with_rules(paths, strict)
    if warn is not None and rules.warnings:
        warn(rules.warnings)
    selection = letters.Selection(lot=lot, bidder=bidder)
    with open_output(out_dir) as writer:  # held until the run record is written
        report = letters.build_letters(
            records, out_dir, selection, formats, templates, None, progress, print_file
        )
        if key is not None:
            manifest.record_run(writer, key, report, rules.warnings)
    return report


PARALLEL_FROM = 40
"""As docgen.build.engine.PARALLEL_FROM: from this many letters they render in worker processes."""
WORKER_PRELOAD = ("docgen.build.engine", "docgen.letters.batch")
"""What the letters' workers import (engine._preload of the module of the letters' check,
letters.batch.LetterChecks; a test holds them equal)."""


def _many_bids(paths: Sequence[Path]) -> bool:
    """Whether the records hold enough bids (`bidder:` keys, counted in their bytes, before any
    is parsed) for the letters to be rendered by worker processes."""
    from docgen.records.files import walk

    files, _ = walk(list(paths) or [DEFAULT_RECORDS])
    count = 0
    for path in files:
        with contextlib.suppress(OSError):
            count += path.read_bytes().count(b"bidder:")
    return count >= PARALLEL_FROM


def _start_workers() -> None:
    """Start the worker processes' fork server now, so that it imports the renderers and the
    leak check (half a second of CPU) while this process imports the build and validates the
    records, instead of after (docgen.build.engine.start_workers_early, which the letters
    build calls later, then finds it running: the preload list is the one it asks for)."""
    from docgen.build import processes

    if (os.cpu_count() or 1) > 1:
        processes.context(list(WORKER_PRELOAD))


def _run_key(
    paths: Sequence[Path],
    formats: Sequence[str],
    templates: Path,
    print_file: bool | None,
    strict: bool,
) -> str | None:
    """What a whole letters build is made from, hashed (letters.manifest.run_key); None if the
    records cannot all be walked (the build then says why)."""
    from docgen.letters.manifest import run_key
    from docgen.records.files import walk

    files, problems = walk(list(paths) or [DEFAULT_RECORDS])
    if problems:
        return None
    options = {
        "command": "letters",
        "folder": str(Path.cwd()),  # problems name records relative to it
        "formats": list(formats),
        "templates": str(templates.resolve()),
        "print_file": print_file,
        "strict": strict,
    }
    return run_key(files, templates, options)


def document_jobs(records: Records) -> dict[str, Job]:
    """Every document the records make (papers, appendices, notices, award and not-awarded
    letters) as a PDF job, by its path in the output folder, rendering nothing: what
    `docgen changes` compares (docgen.compare.git_changes)."""
    from docgen.build.papers import paper_jobs
    from docgen.letters import not_awarded
    from docgen.letters.plan import plan_letters

    jobs = list(paper_jobs(records, (), ("pdf",)))
    if records.awards:
        # no letters when none can be written yet (a placeholder, no notice date)
        with contextlib.suppress(DocgenError):
            jobs += [x.job for plan in plan_letters(records, None, ("pdf",)) for x in plan.letters]
    with contextlib.suppress(DocgenError):  # likewise: a placeholder in a decision not to award
        jobs += not_awarded.plan(records, ("pdf",))
    return {str(job.output("pdf")): replace(job, formats=("pdf",)) for job in jobs}
