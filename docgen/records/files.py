"""Find the record files below the paths given, and read them, trusting nothing found there.

Only regular files are read: a `.yaml` link to /dev/zero would never end, a FIFO would wait for
a writer. A folder is walked once even when links lead back into it (a loop would never end),
and a file larger than MAX_FILE_BYTES is refused before it is read. Each of these is a problem
located at the file, never a hang or a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from docgen.errors import Problem, UsageError
from docgen.records.limits import MAX_FILE_BYTES

SUFFIXES = (".yaml", ".yml")
WORKBOOK_MAP = ".workbook-map.yaml"
"""A workbook map (docgen.exchange.columns) sits beside its record; it is not a record."""


class Unreadable(Exception):
    """A record file that cannot be read; the message says why, for a person."""


def find_record_files(paths: Sequence[Path]) -> list[Path]:
    """Every .yaml/.yml file named or found below the given paths, sorted."""
    return walk(paths)[0]


def walk(paths: Sequence[Path]) -> tuple[list[Path], list[Problem]]:
    """The record files below paths, sorted, and a problem for each thing found that cannot be
    walked: a link loop, a link to nothing, a folder that cannot be listed."""
    found: set[Path] = set()
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    for path in paths:
        try:
            status = os.stat(path)
        except OSError as exc:
            if exc.errno == errno.ENOENT:
                raise UsageError(f"{path}: no such file or folder") from None
            raise UsageError(f"{path}: {_why(exc)}") from None
        if stat.S_ISDIR(status.st_mode):
            _walk_folder(path, seen, found, problems)
        else:
            found.add(path)  # named on purpose: reading it says if it is not a regular file
    return sorted(found), problems


def _walk_folder(
    top: Path, seen: set[tuple[int, int]], found: set[Path], problems: list[Problem]
) -> None:
    folders = [top]
    while folders:
        folder = folders.pop()
        status = os.stat(folder)
        if (status.st_dev, status.st_ino) in seen:
            problems.append(_problem(folder, "is a link back to a folder already read (a loop)"))
            continue
        seen.add((status.st_dev, status.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(_problem(folder, f"cannot be listed: {_why(exc)}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                is_folder = stat.S_ISDIR(os.stat(path).st_mode)
            except OSError as exc:
                if path.name.endswith(SUFFIXES) or exc.errno == errno.ELOOP:
                    problems.append(_problem(path, f"cannot be read: {_why(exc)}"))
                continue
            if is_folder:
                folders.append(path)
            elif path.name.endswith(SUFFIXES) and not path.name.endswith(WORKBOOK_MAP):
                found.add(path)


def read_text(path: Path) -> str:
    """The text of a regular file of at most MAX_FILE_BYTES; Unreadable otherwise.

    Opened without blocking and checked on the open file, so that nothing swapped in between
    the check and the read is read. Line ends are read as Python's text mode reads them.
    """
    try:
        _require_regular(os.stat(path))
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise Unreadable(f"cannot be read: {_why(exc)}") from None
    with os.fdopen(fd, "rb") as file:
        _require_regular(os.fstat(fd))
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(_too_large())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Unreadable("not UTF-8 text") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _require_regular(status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise Unreadable(f"is {_kind(status.st_mode)}, not a file: only regular files are read")
    if status.st_size > MAX_FILE_BYTES:
        raise Unreadable(_too_large())


def _too_large() -> str:
    return f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, the most a record file may be"


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _why(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if exc.errno == errno.ENOENT:
        return "a symbolic link to nothing"
    return (exc.strerror or str(exc)).lower()


def display_path(path: Path) -> str:
    """The path as shown in messages: relative to the current folder when below it. The folder
    is resolved, the name is not: a link is shown as itself, even one to nothing or a loop."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # elsewhere, or a link loop (RuntimeError)
        return str(path)


def _problem(path: Path, message: str) -> Problem:
    return Problem(display_path(path), 1, 1, "", message)
