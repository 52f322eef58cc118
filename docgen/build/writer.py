"""The one writer of the output folder: safe names, atomic writes, no path written twice."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.errors import UsageError

MANIFEST = ".docgen-build.json"


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
        if rel in self.written:
            raise UsageError(f"two documents would be written to {rel}")
        self.written.add(rel)
        target = self.path(rel)
        if self._pool is not None:
            self._pending.append(self._pool.submit(atomic_write, target, data))
        else:
            atomic_write(target, data)
        return target

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
