"""Which jobs a rebuild may skip: a job's input hash, and whether its files are still current.

A job's inputs are docgen's version, its data and metadata, and every file its formats are made
from (each renderer lists its own: templates, the Typst library, fonts, HTML partials). When
they hash as they did and its files are as the last build left them, it is not rendered again.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path, PurePosixPath

from docgen import __version__
from docgen.build.writer import OutputWriter, State, file_sha256, sha256
from docgen.render.base import Document
from docgen.render.registry import renderer


def file_hash(path: Path) -> str:
    """The sha256 of a template or font, read once per version of the file (size and mtime)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return "missing"
    return _hash_of(path, stat.st_size, stat.st_mtime_ns)


@cache
def _hash_of(path: Path, size: int, mtime_ns: int) -> str:
    return sha256(path.read_bytes())


def templates_hash(templates: Path, kind: str, formats: tuple[str, ...]) -> str:
    """The hash of every file the kind's documents in these formats are made from."""
    sources = dict.fromkeys(p for fmt in formats for p in renderer(fmt).sources(templates, kind))
    return "\x1f".join(file_hash(path) for path in sources)


def input_hash(job: Document, templates_hash: str) -> str:
    """What the job's files are made from: docgen, its data, its templates and the fonts."""
    parts = [
        __version__,
        job.kind,
        job.context_json,
        job.title,
        job.author,
        job.keywords,
        job.created.isoformat(),
        templates_hash,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def is_current(
    outputs: list[PurePosixPath], digest: str, state: State, writer: OutputWriter
) -> bool:
    """Whether a job's files are those the last build made from these same inputs."""
    for rel in outputs:
        entry = state.get(str(rel))
        if not entry or entry.get("inputs") != digest:
            return False
        path = writer.path(rel)
        found = stamp(path)
        if found is None:
            return False  # gone
        if found != entry.get("stamp") and file_sha256(path) != entry.get("sha256"):
            return False
    return True


def stamp(path: Path) -> list[int] | None:
    """A file's size and modification time: while both are as the build left them, the file
    is taken as unchanged without reading it (as git and make do); else its hash decides."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return [stat.st_size, stat.st_mtime_ns]
