"""The one writer of the output folder: safe names, atomic writes, no path written twice.

Everything docgen writes into an output folder (a build's papers, the letters with their
manifests and print files, agenda packs, revision checks, a converted PDF) is written by the
folder's one `OutputWriter`, got from `open_output`, which holds the folder's lock while it is
open. Records written back into records/ (`docgen new`, `import-scores`) are not output: they
use `atomic_write` alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from filelock import FileLock

from docgen.errors import UsageError

MANIFEST = ".docgen-build.json"
LOCK_NAME = ".docgen.lock"
PART = re.compile(r"\..+\.[0-9a-f]{12}\.part")
"""The name of atomic_write's temporary file: `.<name>.<12 hex digits>.part`."""


class OutputWriter:
    """Writes files below one folder; every write is a temp file renamed into place."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.written: set[PurePosixPath] = set()
        self._folders: dict[PurePosixPath, Path] = {}  # resolved once per writer (per build)
        self._paths: dict[PurePosixPath, Path] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []

    def path(self, rel: PurePosixPath) -> Path:
        """The absolute path of rel, refusing anything that would leave the output folder
        (an absolute name, "..", or a symbolic link that points outside)."""
        target = self._paths.get(rel)
        if target is not None:
            return target
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise UsageError(f"output name {str(rel)!r} would leave the output folder")
        target = self._folder(rel.parent) / rel.name
        if target.is_symlink():
            target = target.resolve()
        if not target.is_relative_to(self.root):
            raise UsageError(f"output name {str(rel)!r} would leave the output folder")
        self._paths[rel] = target
        return target

    def _folder(self, rel: PurePosixPath) -> Path:
        """A folder below the root, resolved once per build (a letter batch asks thousands of
        times; resolving each file's whole path cost 30 system calls a file)."""
        folder = self._folders.get(rel)
        if folder is None:
            folder = self._folders[rel] = (self.root / rel).resolve()
        return folder

    def write(self, rel: PurePosixPath, data: bytes) -> Path:
        """Write data to rel, atomically; a second write to the same rel is refused."""
        if rel in self.written:
            raise UsageError(f"two documents would be written to {rel}")
        self.written.add(rel)
        target = self.path(rel)
        if self._pool is not None:
            self._pending.append(self._pool.submit(atomic_write, target, data))
        else:
            atomic_write(target, data)
        return target

    def remove(self, target: Path) -> None:
        """Delete a file of the output folder (a stale letter, a refused one), if it is there."""
        if not target.parent.resolve().is_relative_to(self.root):  # a link itself may go
            raise UsageError(f"{target} is not in the output folder {self.root}")
        target.unlink(missing_ok=True)

    @contextmanager
    def in_background(self, threads: int = 4) -> Iterator[None]:
        """Within this block, writes return at once and run on threads (a file's fsync waits on
        the disk, not the CPU: 2 ms a file here). On leaving it every write has finished, and
        the first that failed is raised."""
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="docgen-write")
        try:
            yield
        finally:
            pool, pending = self._pool, self._pending
            self._pool, self._pending = None, []
            pool.shutdown(wait=True)
        for future in pending:
            future.result()


_OPEN: dict[Path, OutputWriter] = {}  # output folders this process holds, with their writer


@contextmanager
def open_output(out_dir: Path, whole_tree: bool = True) -> Iterator[OutputWriter]:
    """Hold the output folder's lock and give its one writer.

    Another docgen writing into the same folder (a second build, a pack, `make -j`) waits until
    this one is done (a lock on `.docgen.lock`: filelock's, an advisory flock on POSIX and
    msvcrt's byte lock on Windows). Within a process it is re-entrant:
    a nested open of the same folder gives the same writer, so a letters run and the build it
    starts write through one writer, and a path is never written twice in one run. On taking
    the lock, temporary files that a killed writer left behind are removed: below the folder,
    or (whole_tree=False, for a folder docgen does not own, say beside a .docx) in it alone.
    """
    root = out_dir.resolve()
    held = _OPEN.get(root)
    if held is not None:
        yield held
        return
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(root / LOCK_NAME):
        _OPEN[root] = OutputWriter(root)
        try:
            _sweep(root, whole_tree)
            yield _OPEN[root]
        finally:
            del _OPEN[root]


def _sweep(root: Path, whole_tree: bool) -> None:
    """Remove temporary files left by a writer that was killed: every `.*.part` below an
    output folder, or only atomic_write's own names in a folder docgen does not own."""
    if whole_tree:
        found = list(root.rglob(".*.part"))
    else:
        found = [p for p in root.glob(".*.part") if PART.fullmatch(p.name)]
    for part in found:
        part.unlink(missing_ok=True)


def write_file(target: Path, data: bytes) -> Path:
    """Write one file (a converted PDF) through the writer of the folder it lands in."""
    with open_output(target.parent, whole_tree=False) as writer:
        return writer.write(PurePosixPath(target.name), data)


def atomic_write(target: Path, data: bytes) -> None:
    """Write data to target so that readers see the old file or the whole new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # The name is chosen before the file exists, so an interrupt at any point (even inside the
    # call that creates it) leaves nothing that the cleanup below does not know about.
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.part"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except FileNotFoundError:
        return None


State = dict[str, Any]
"""The last build's record of each output path: {"inputs": input hash, "sha256": file hash}."""


def read_state(root: Path) -> State:
    """What the last build wrote: output path -> {inputs, sha256}."""
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def write_state(root: Path, state: State) -> None:
    text = json.dumps(state, indent=1, sort_keys=True)
    atomic_write(root / MANIFEST, text.encode())
