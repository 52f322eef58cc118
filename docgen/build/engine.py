"""Plan every output, render what changed (in parallel when there is much), write atomically.

Two phases: every record is loaded and validated and every output planned before a byte is
written. A job is one document in one or more formats, each made by that format's renderer
(docgen/render/registry.py); its input hash (build/current.py: context, templates, fonts, docgen
version) lets a rebuild skip documents whose inputs did not change.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

from docgen import resources
from docgen.build import guarded, processes
from docgen.build.current import input_hash, is_current, stamp, templates_hash
from docgen.build.writer import (
    OutputWriter,
    State,
    open_output,
    read_state,
    sha256,
    write_state,
)
from docgen.documents.common import Context
from docgen.render.base import Renderer
from docgen.render.confine import check_folder
from docgen.render.registry import renderer

FORMATS = ("docx", "pdf")
DEFAULT_TEMPLATES = resources.templates()
PARALLEL_FROM = 40
"""Below this many jobs, rendering in-process beats starting worker processes (about 1 s)."""


@dataclass(frozen=True)
class Job:
    """One document to render: its kind (which names its templates), data and where it goes."""

    kind: str
    stem: PurePosixPath
    context_json: str
    title: str
    author: str
    keywords: str
    created: dt.datetime
    formats: tuple[str, ...] = FORMATS

    def output(self, fmt: str) -> PurePosixPath:
        """The file of one format: the stem and the suffix (a stem may hold a dot: "x.cy")."""
        return self.stem.parent / f"{self.stem.name}.{fmt}"

    def outputs(self) -> list[PurePosixPath]:
        return [self.output(fmt) for fmt in self.formats]


def make_job(
    kind: str,
    stem: PurePosixPath,
    context: Context | Sequence[Context],
    author: str,
    day: dt.date,
    formats: Sequence[str],
) -> Job:
    """One document of one context, or of several in order (a bilingual document's parts: one
    file, each part in its language; the first part's meta names the file's properties)."""
    if isinstance(context, Context):
        data = context.model_dump(mode="json", by_alias=True)
        meta = data.get("meta", {})
    else:
        parts = [c.model_dump(mode="json", by_alias=True) for c in context]
        data, meta = {"parts": parts}, parts[0].get("meta", {})
    return Job(
        kind=kind,
        stem=stem,
        context_json=json.dumps(data, ensure_ascii=False, sort_keys=True),
        title=str(meta.get("document_title", kind)),
        author=author,
        keywords=f"sha256:{meta.get('record_sha256', '')}",
        created=dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.UTC),
        formats=tuple(formats),
    )


@dataclass
class BuildReport:
    """What a build did: files written, files skipped as unchanged, and how long it took."""

    written: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    results: dict[PurePosixPath, dict[str, str]] = field(default_factory=dict)  # sha256 by format
    refused: dict[PurePosixPath, list[str]] = field(default_factory=dict)  # problems, by job stem


@dataclass(frozen=True)
class Rendered:
    """A job's files by format, their sha256 (hashed in the worker), and its check's problems."""

    files: dict[str, bytes]
    hashes: dict[str, str]
    problems: list[str]


Settled = Callable[["Job", dict[str, bytes] | None], None]
"""Told of every job, in order, once its files are in place: their bytes, or None if unchanged."""


# ---- rendering (runs in worker processes; one parsed template per kind per process) ----


@cache
def _renderer(fmt: str, templates: Path, kind: str) -> Renderer:
    return renderer(fmt)(templates, kind)


def render_job(job: Job, templates: Path) -> dict[str, bytes]:
    """Every format of one job, as bytes."""
    files = {}
    for fmt in job.formats:
        guarded.starting(renderer(fmt).template(templates, job.kind))  # named if it fails
        files[fmt] = _renderer(fmt, templates, job.kind).render(job)
    return files


def render_document(job: Job, templates: Path) -> dict[str, bytes]:
    """Every format of one job, as bytes: as render_job, but a council's own templates are
    checked and rendered in a worker within the limits (for a document rendered on its own)."""
    if is_shipped(templates):
        return render_job(job, templates)
    check_folder(templates)
    return next(_guarded([job], templates, 1, None)).files


Check = Callable[[Job, dict[str, bytes]], list[str]]
"""Inspects one job's rendered files before they are written, in the process that rendered them
(a letter's leak check); returns the problems found. A job with any problem is not written.
Must be picklable (a module-level function or an instance of a module-level class)."""

_CHECK: Check | None = None  # this worker's check, installed once when the pool starts


def _install_check(check: Check | None) -> None:
    global _CHECK
    _CHECK = check


def render_and_check(job: Job, templates: Path, check: Check | None) -> Rendered:
    files = render_job(job, templates)
    hashes = {fmt: sha256(data) for fmt, data in files.items()}
    return Rendered(files, hashes, check(job, files) if check is not None else [])


def _render_many(args: tuple[Job, Path]) -> Rendered:
    return render_and_check(*args, _CHECK)


# ---- the build ----

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Hooks:
    """Optional parts of a build: a check on each rendered job, a listener told of each job as
    it is settled, a progress counter, and one told which jobs will be written (or refused)
    before any file is touched (the letters withdraw their manifest entries first)."""

    check: Check | None = None
    settled: Settled | None = None
    progress: Progress | None = None
    before_writing: Callable[[Sequence[Job]], None] | None = None


def run(
    jobs: Sequence[Job],
    out_dir: Path,
    templates: Path = DEFAULT_TEMPLATES,
    workers: int | None = None,
    hooks: Hooks | None = None,
) -> BuildReport:
    """Render every job whose inputs changed and write its files; skip the rest.

    Jobs are settled in the order given, so a listener can stream them (the letters' print file).
    A job its check refuses is not written, and any file it had is deleted: it can neither be
    sent nor skipped as unchanged next time.
    """
    if not is_shipped(templates):
        check_folder(templates)  # before anything is written
    with open_output(out_dir) as writer:  # the open output's writer, if one is open
        return _run(jobs, writer, templates, workers, hooks or Hooks())


def _run(
    jobs: Sequence[Job], writer: OutputWriter, templates: Path, workers: int | None, hooks: Hooks
) -> BuildReport:
    started = time.perf_counter()
    report = BuildReport()
    for job in jobs:
        for rel in job.outputs():
            writer.path(rel)  # refuse unsafe names before rendering anything
    state = read_state(writer.root)
    kinds = {(job.kind, job.formats) for job in jobs}  # each kind's templates, hashed once
    made_from = {kind: templates_hash(templates, *kind) for kind in kinds}
    digests = {job.stem: input_hash(job, made_from[job.kind, job.formats]) for job in jobs}
    todo = [j for j in jobs if not is_current(j.outputs(), digests[j.stem], state, writer)]
    changed = {job.stem for job in todo}
    if hooks.before_writing is not None:
        hooks.before_writing(todo)
    rendered = _render_all(todo, templates, workers, hooks.check)
    try:
        with writer.in_background():
            _settle(jobs, changed, rendered, digests, state, writer, report, hooks)
        _stamp_written(report, state, writer)  # only once every write has landed
    finally:
        rendered.close()
        write_state(writer.root, state)
    report.seconds = time.perf_counter() - started
    return report


def _settle(
    jobs: Sequence[Job],
    changed: set[PurePosixPath],
    rendered: Iterator[Rendered],
    digests: dict[PurePosixPath, str],
    state: State,
    writer: OutputWriter,
    report: BuildReport,
    hooks: Hooks,
) -> None:
    """Each job in order: written, refused or kept; then the listener and progress are told."""
    for job in jobs:
        made = next(rendered) if job.stem in changed else None
        if made is None:
            _keep(job, state, writer, report)
        elif made.problems:
            _refuse(job, made.problems, state, writer, report)
        else:
            _write(job, made, digests[job.stem], state, writer, report)
        if hooks.settled is not None and job.stem not in report.refused:
            hooks.settled(job, made.files if made is not None else None)
        if hooks.progress is not None:
            hooks.progress(1)


def _stamp_written(report: BuildReport, state: State, writer: OutputWriter) -> None:
    """Record the size and time of each file written (once every write has landed)."""
    for path in report.written:
        entry = state.get(path.relative_to(writer.root).as_posix())
        if entry is not None:
            entry["stamp"] = stamp(path)


def _keep(job: Job, state: State, writer: OutputWriter, report: BuildReport) -> None:
    report.skipped += [writer.path(rel) for rel in job.outputs()]
    report.results[job.stem] = {fmt: state[str(job.output(fmt))]["sha256"] for fmt in job.formats}


def _write(
    job: Job, made: Rendered, digest: str, state: State, writer: OutputWriter, report: BuildReport
) -> None:
    report.results[job.stem] = made.hashes
    for fmt, data in made.files.items():
        rel = job.output(fmt)
        report.written.append(writer.write(rel, data))
        state[str(rel)] = {"inputs": digest, "sha256": made.hashes[fmt]}


def _refuse(
    job: Job, problems: list[str], state: State, writer: OutputWriter, report: BuildReport
) -> None:
    report.refused[job.stem] = problems
    for rel in job.outputs():
        writer.remove(writer.path(rel))
        state.pop(str(rel), None)


def _preload(check_module: str | None) -> list[str]:
    """What the fork server imports once for every worker."""
    return ["docgen.build.engine"] + ([check_module] if check_module else [])


def start_workers_early(check_module: str | None = None) -> None:
    """Start the fork server now: it imports the renderers (half a second) while this process
    goes on planning, instead of after. For a build that will render in parallel."""
    processes.context(_preload(check_module))


def _render_all(
    jobs: Sequence[Job], templates: Path, workers: int | None, check: Check | None
) -> Generator[Rendered, None, None]:
    if not is_shipped(templates):
        yield from _guarded(jobs, templates, workers or os.cpu_count() or 1, check)
        return
    if len(jobs) < PARALLEL_FROM or workers == 1:
        yield from (render_and_check(job, templates, check) for job in jobs)
        return
    count = workers or os.cpu_count() or 1
    chunk = max(1, min(4, len(jobs) // (count * 4)))  # small: both workers finish together
    context = processes.context(_preload(type(check).__module__ if check else None))
    with ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_install_check, initargs=(check,)
    ) as pool:
        try:
            yield from pool.map(_render_many, ((job, templates) for job in jobs), chunksize=chunk)
        finally:  # stopped early (an error): do not render the rest
            pool.shutdown(wait=True, cancel_futures=True)


def is_shipped(templates: Path) -> bool:
    """Whether these are docgen's own templates (trusted), not a council's (--templates)."""
    return templates == DEFAULT_TEMPLATES or templates.resolve() == DEFAULT_TEMPLATES.resolve()


def _guarded(
    jobs: Sequence[Job], templates: Path, workers: int, check: Check | None
) -> Iterator[Rendered]:
    """A council's own templates: rendered in workers, each document within the limits."""
    guard = guarded.Guard(
        render_and_check, (templates, check), _describe, guarded.Limits.from_environment()
    )
    context = processes.context(_preload(type(check).__module__ if check else None))
    return guard.run(jobs, workers, context)


def _describe(job: Job) -> str:
    return str(job.stem)
