"""Plan every output, render what changed (in parallel when there is much), write atomically.

Two phases: every record is loaded and validated and every output planned before a byte is
written. A job is one document in one or more formats; its input hash (context, template, fonts,
docgen version) lets a rebuild skip documents whose inputs did not change.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath

from docgen import __version__
from docgen.documents.common import Context
from docgen.render.docx import DocProperties, DocxRenderer
from docgen.render.docx_prose import prepare_context
from docgen.render.html import HtmlRenderer, template_files
from docgen.render.pdf import TypstRenderer
from docgen.writer import OutputWriter, file_sha256, read_state, sha256, write_state

FORMATS = ("docx", "pdf")
DEFAULT_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
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

    def outputs(self) -> list[PurePosixPath]:
        return [self.stem.with_suffix(f".{fmt}") for fmt in self.formats]


def make_job(
    kind: str,
    stem: PurePosixPath,
    context: Context,
    author: str,
    day: dt.date,
    formats: Sequence[str],
) -> Job:
    data = context.model_dump(mode="json", by_alias=True)
    meta = data.get("meta", {})
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
    results: dict[PurePosixPath, dict[str, str]] = field(default_factory=dict)


# ---- rendering (runs in worker processes; one parsed template per kind per process) ----


@cache
def _docx(templates: Path, kind: str) -> DocxRenderer:
    return DocxRenderer(templates / f"{kind}.docx")


@cache
def _typst(templates: Path, kind: str) -> TypstRenderer:
    return TypstRenderer(templates / f"{kind}.typ", templates / "fonts")


@cache
def _html(templates: Path, kind: str) -> HtmlRenderer:
    return HtmlRenderer(templates, kind)


def render_job(job: Job, templates: Path) -> dict[str, bytes]:
    """Every format of one job, as bytes."""
    out: dict[str, bytes] = {}
    if "docx" in job.formats:
        props = DocProperties(
            title=job.title, author=job.author, keywords=job.keywords, created=job.created
        )
        out["docx"] = _docx(templates, job.kind).render(
            prepare_context(json.loads(job.context_json)), props
        )
    if "pdf" in job.formats:
        out["pdf"] = _typst(templates, job.kind).render(job.context_json, job.created)
    if "html" in job.formats:
        out["html"] = _html(templates, job.kind).render(job.context_json)
    return out


def _render_many(args: tuple[Job, Path]) -> dict[str, bytes]:
    return render_job(*args)


# ---- planning what to skip ----


def _file_hash(path: Path) -> str:
    """The sha256 of a template or font, read once per version of the file (size and mtime)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "missing"
    return _hash_of(path, stat.st_size, stat.st_mtime_ns)


@cache
def _hash_of(path: Path, size: int, mtime_ns: int) -> str:
    return sha256(path.read_bytes())


def _fonts_hash(templates: Path) -> str:
    fonts = sorted((templates / "fonts").glob("*.ttf"))
    return sha256("".join(_file_hash(f) for f in fonts).encode())


TEMPLATE_SUFFIX = {"docx": "docx", "pdf": "typ", "html": "html"}
"""The template a format is rendered from: templates/<kind>.<suffix> (HTML pages also live in html/)."""


def input_hash(job: Job, templates: Path) -> str:
    parts = [
        __version__,
        job.kind,
        job.context_json,
        job.title,
        job.author,
        job.keywords,
        job.created.isoformat(),
        _fonts_hash(templates),
        _file_hash(templates / "lib" / "docgen.typ"),
    ]
    parts += [_file_hash(templates / f"{job.kind}.{TEMPLATE_SUFFIX[fmt]}") for fmt in job.formats]
    if "html" in job.formats:  # the page and its shared partials live in templates/html/
        parts += [_file_hash(path) for path in template_files(templates)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _is_current(
    job: Job, digest: str, state: dict[str, dict[str, str]], writer: OutputWriter
) -> bool:
    for rel in job.outputs():
        entry = state.get(str(rel))
        if not entry or entry.get("inputs") != digest:
            return False
        if file_sha256(writer.path(rel)) != entry.get("sha256"):
            return False
    return True


# ---- the build ----

Progress = Callable[[int], None]


def run(
    jobs: Sequence[Job],
    out_dir: Path,
    templates: Path = DEFAULT_TEMPLATES,
    workers: int | None = None,
    progress: Progress | None = None,
) -> BuildReport:
    """Render every job whose inputs changed and write its files; skip the rest."""
    with output_lock(out_dir):
        return _run(jobs, out_dir, templates, workers, progress)


# ---- one writer at a time (faults: two builds into one folder, a killed build) ----

LOCK_NAME = ".docgen.lock"
_HELD: set[Path] = set()  # output folders whose lock this process holds


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's lock: another docgen writing into the same folder (a second
    build, `make -j`) waits until this one is done. On taking it, temporary files a killed build
    left behind (`.*.part`) are removed. Re-entrant within a process; advisory (flock)."""
    root = out_dir.resolve()
    if root in _HELD:
        yield
        return
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK_NAME, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        _HELD.add(root)
        try:
            for part in root.rglob(".*.part"):
                part.unlink(missing_ok=True)
            yield
        finally:
            _HELD.discard(root)
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _run(
    jobs: Sequence[Job],
    out_dir: Path,
    templates: Path,
    workers: int | None,
    progress: Progress | None,
) -> BuildReport:
    started = time.perf_counter()
    writer, report = OutputWriter(out_dir), BuildReport()
    for job in jobs:
        for rel in job.outputs():
            writer.path(rel)  # refuse unsafe names before rendering anything
    state = read_state(writer.root)
    digests = {job.stem: input_hash(job, templates) for job in jobs}
    todo = [j for j in jobs if not _is_current(j, digests[j.stem], state, writer)]
    for job in jobs:
        if job not in todo:
            report.skipped += [writer.path(rel) for rel in job.outputs()]
            report.results[job.stem] = {
                fmt: state[str(job.stem.with_suffix("." + fmt))]["sha256"] for fmt in job.formats
            }
            if progress:
                progress(1)
    try:
        for job, files in zip(todo, _render_all(todo, templates, workers), strict=True):
            report.results[job.stem] = {}
            for fmt, data in files.items():
                rel = job.stem.with_suffix(f".{fmt}")
                report.written.append(writer.write(rel, data))
                state[str(rel)] = {"inputs": digests[job.stem], "sha256": sha256(data)}
                report.results[job.stem][fmt] = sha256(data)
            if progress:
                progress(1)
    finally:
        write_state(writer.root, state)
    report.seconds = time.perf_counter() - started
    return report


def _render_all(
    jobs: Sequence[Job], templates: Path, workers: int | None
) -> Iterator[dict[str, bytes]]:
    if len(jobs) < PARALLEL_FROM or workers == 1:
        yield from (render_job(job, templates) for job in jobs)
        return
    count = workers or os.cpu_count() or 1
    chunk = max(1, min(32, len(jobs) // (count * 4)))
    # forkserver, not fork: a forked child would inherit Typst's threads' locks and could hang.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["docgen.build"])
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        yield from pool.map(_render_many, ((job, templates) for job in jobs), chunksize=chunk)
