"""The one writer of the output folder: safe names, atomic writes, no path written twice."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.errors import UsageError

MANIFEST = ".docgen-build.json"


class OutputWriter:
    """Writes files below one folder; every write is a temp file renamed into place."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.written: set[PurePosixPath] = set()

    def path(self, rel: PurePosixPath) -> Path:
        """The absolute path of rel, refusing anything that would leave the output folder."""
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise UsageError(f"output name {str(rel)!r} would leave the output folder")
        target = (self.root / rel).resolve()
        if not target.is_relative_to(self.root):
            raise UsageError(f"output name {str(rel)!r} would leave the output folder")
        return target

    def write(self, rel: PurePosixPath, data: bytes) -> Path:
        if rel in self.written:
            raise UsageError(f"two documents would be written to {rel}")
        self.written.add(rel)
        target = self.path(rel)
        atomic_write(target, data)
        return target


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


def read_state(root: Path) -> dict[str, Any]:
    """What the last build wrote: output path -> {inputs, sha256}."""
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def write_state(root: Path, state: dict[str, Any]) -> None:
    text = json.dumps(state, indent=1, sort_keys=True)
    atomic_write(root / MANIFEST, text.encode())
