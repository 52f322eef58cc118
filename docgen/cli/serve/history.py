"""The versions of a record that the page replaced, kept so that an import can be undone.

Before an import rewrites an award record, its text is kept in
OUT/.docgen-serve/previous/<award>/<UTC time>.before, with the record's path and the hash of the
text the import wrote beside it (<time>.meta, JSON). Undo puts the newest kept text back, only
while the record still holds exactly what the import wrote: an edit made since (in an editor, or
by another import) is never overwritten, and the officer is told why.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from docgen.build.writer import atomic_write, sha256
from docgen.errors import DocgenError

BEFORE, META = ".before", ".meta"


@dataclass(frozen=True)
class Kept:
    """One kept version: when it was replaced, the record, and the hash the import wrote."""

    stamp: str
    record: Path
    written: str

    @property
    def label(self) -> str:
        when = dt.datetime.strptime(self.stamp[:15], "%Y%m%dT%H%M%S")
        return when.strftime("%d %B %Y at %H:%M:%S UTC")


def _folder(state: Path, award: str) -> Path:
    return state / "previous" / award


def keep(state: Path, award: str, record: Path, before: str, written: str) -> Kept:
    """Keep the text before an import; written is the text the import wrote."""
    now = dt.datetime.now(dt.UTC)
    stamp = now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond:06d}"
    folder = _folder(state, award)
    atomic_write(folder / f"{stamp}{BEFORE}", before.encode("utf-8"))
    kept = Kept(stamp, record.resolve(), sha256(written.encode("utf-8")))
    meta = {"record": str(kept.record), "written": kept.written}
    atomic_write(folder / f"{stamp}{META}", json.dumps(meta).encode())
    return kept


def latest(state: Path, award: str) -> Kept | None:
    folder = _folder(state, award)
    if not folder.is_dir():
        return None
    stamps = sorted(p.stem for p in folder.glob(f"*{META}"))
    for stamp in reversed(stamps):
        try:
            meta = json.loads((folder / f"{stamp}{META}").read_text(encoding="utf-8"))
            if (folder / f"{stamp}{BEFORE}").is_file():
                return Kept(stamp, Path(meta["record"]), str(meta["written"]))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None


def latest_label(state: Path, award: str) -> str:
    kept = latest(state, award)
    return kept.label if kept else ""


def undo(state: Path, award: str) -> Kept:
    """Put back the newest kept version; DocgenError (with what to do) if it cannot be."""
    kept = latest(state, award)
    if kept is None:
        raise DocgenError("There is no earlier version of this record to go back to.")
    try:
        now = kept.record.read_bytes()
    except OSError as exc:
        raise DocgenError(f"{kept.record} cannot be read ({exc.strerror}).") from None
    if sha256(now) != kept.written:
        raise DocgenError(
            f"{kept.record} has changed since the import (edited by hand or imported again), "
            "so going back would lose that change. Nothing was written."
        )
    folder = _folder(state, award)
    before = (folder / f"{kept.stamp}{BEFORE}").read_bytes()
    atomic_write(kept.record, before)
    (folder / f"{kept.stamp}{BEFORE}").unlink()
    (folder / f"{kept.stamp}{META}").unlink()
    return kept
