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
import stat
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.errors import UsageError

MANIFEST = ".docgen-build.json"
LOCK_NAME = ".docgen.lock"
FLOCK = os.name == "posix"
"""Whether the output folder's lock is taken with flock directly (POSIX) or by filelock."""
PART = re.compile(r"\..+\.[0-9a-f]{12}\.part")
"""The name of atomic_write's temporary file: `.<name>.<12 hex digits>.part`."""


class OutputWriter:
    """Writes files below one folder; every write is a temp file renamed into place.

    Nothing found inside the folder is trusted: every folder from the root down must be a real
    folder (not a symbolic link), and every file docgen writes, reads back or replaces must be
    a regular file (or not there yet). A symbolic link, device, FIFO or socket where docgen would
    write is refused with a message naming it; it is never followed or replaced.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: set[PurePosixPath] = set()
        self._folders: dict[PurePosixPath, Path] = {}  # checked once per writer (per build)
        self._made: set[PurePosixPath] = set()
        self._paths: dict[PurePosixPath, Path] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []

    def path(self, rel: PurePosixPath) -> Path:
        """The absolute path of rel, refusing anything that would leave the output folder (an
        absolute name, "..") or pass through or land on a link or a special file inside it."""
        target = self._paths.get(rel)
        if target is not None:
            return target
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            raise UsageError(f"output name {str(rel)!r} would leave the output folder")
        target = self._folder(rel.parent) / rel.name
        refuse_special(target, self.root)
        self._paths[rel] = target
        return target

    def _folder(self, rel: PurePosixPath) -> Path:
        """A folder below the root whose every part, from the root down, is a real folder or
        not there yet; checked once per build (a letter batch asks thousands of times)."""
        folder = self._folders.get(rel)
        if folder is None:
            folder = self.root
            for part in rel.parts:
                folder = folder / part
                info = _lstat(folder)
                if info is None or stat.S_ISREG(info.st_mode):
                    break  # made by _make when a file is written (a file there fails it then)
                if _special(info):
                    raise UsageError(_refusal(folder, info, self.root))
            folder = self._folders[rel] = self.root / rel
        return folder

    def _make(self, rel: PurePosixPath) -> None:
        """Create rel's folders one at a time; mkdir never follows a link, and each part that
        was already there is checked again to be a real folder."""
        if rel in self._made:
            return
        folder = self.root
        for part in rel.parts:
            folder = folder / part
            try:
                os.mkdir(folder)
            except FileExistsError:
                info = _lstat(folder)
                if info is not None and _special(info):  # a file there fails the write itself
                    raise UsageError(_refusal(folder, info, self.root)) from None
        self._made.add(rel)

    def write(self, rel: PurePosixPath, data: bytes) -> Path:
        """Write data to rel, atomically; a second write to the same rel is refused."""
        if rel in self.written:
            raise UsageError(f"two documents would be written to {rel}")
        self.written.add(rel)
        target = self.path(rel)
        self._make(rel.parent)
        if self._pool is not None:
            self._pending.append(self._pool.submit(atomic_write, target, data, self.root))
        else:
            atomic_write(target, data, self.root)
        return target

    def rewrite(self, rel: PurePosixPath, data: bytes) -> Path:
        """Write data to rel now, atomically, even if this run writes it again later: for a
        record of the folder that a run replaces on purpose (a letters manifest withdrawn
        before the letters change and written again after)."""
        target = self.path(rel)
        self._make(rel.parent)
        atomic_write(target, data, self.root)
        return target

    def remove(self, target: Path) -> None:
        """Delete a file of the output folder (a stale letter, a refused one), if it is there.
        A link itself may go (unlinking never follows it); its folders must be real ones."""
        try:
            rel = PurePosixPath(target.relative_to(self.root).as_posix())
        except ValueError:
            raise UsageError(f"{target} is not in the output folder {self.root}") from None
        if ".." in rel.parts or not rel.parts:
            raise UsageError(f"{target} is not in the output folder {self.root}")
        self._folder(rel.parent)
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
    this one is done (a lock on `.docgen.lock`: an advisory flock on POSIX, as filelock takes
    it, and filelock's msvcrt byte lock on Windows). Within a process it is re-entrant:
    a nested open of the same folder gives the same writer, so a letters run and the build it
    starts write through one writer, and a path is never written twice in one run. On taking
    the lock, temporary files that a killed writer left behind are removed: below the folder,
    or (whole_tree=False, for a folder docgen does not own, say beside a .docx) in it alone.
    The folder itself is checked first (`check_out`).
    """
    root = check_out(out_dir)
    held = _OPEN.get(root)
    if held is not None:
        yield held
        return
    root.mkdir(parents=True, exist_ok=True)
    refuse_special(root / LOCK_NAME, root)
    with folder_lock(root / LOCK_NAME):
        _OPEN[root] = OutputWriter(root)
        try:
            _sweep(root, whole_tree)
            yield _OPEN[root]
        finally:
            del _OPEN[root]


@contextmanager
def folder_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on path (made if missing), waiting for another holder.

    On POSIX an flock of the file, as filelock takes it (so the two wait for each other), taken
    here directly: importing filelock costs a command 20-30 ms (it imports asyncio). Elsewhere
    (Windows: msvcrt's byte lock) filelock's.
    """
    if not FLOCK:
        from filelock import FileLock

        with FileLock(path):
            yield
        return
    import fcntl

    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing the file releases the lock


def check_out(out_dir: Path, records: Sequence[Path] = ()) -> Path:
    """The output folder's real path, if docgen may write into it; else UsageError.

    Refused: a link that leads nowhere (or in a loop), which would create folders elsewhere; a
    device, FIFO, socket or file; the root of a file system; a records folder itself.
    """
    shown = str(out_dir)
    try:
        root = out_dir.resolve()
    except (OSError, RuntimeError) as exc:  # a symbolic link loop
        raise UsageError(f"--out {shown}: cannot be resolved ({_why(exc)})") from None
    nearest = Path(os.path.abspath(out_dir))
    while _lstat(nearest) is None and nearest != nearest.parent:
        nearest = nearest.parent  # the folders below it are made fresh: they are no links
    if nearest.is_symlink() and not nearest.exists():
        raise UsageError(f"--out {shown}: {nearest} is a symbolic link to nothing")
    info = _stat(root)
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise UsageError(f"--out {shown}: {root} is {_kind(info)}, not a folder")
    if root == Path(root.anchor):
        raise UsageError(f"--out {shown}: refusing to write into the root of a file system")
    for source in records:
        if _resolved(source) == root:
            raise UsageError(f"--out {shown}: that is the records folder itself")
    return root


def _sweep(root: Path, whole_tree: bool) -> None:
    """Remove temporary files left by a writer that was killed: every `.*.part` below an
    output folder, or only atomic_write's own names in a folder docgen does not own. rglob
    does not descend into linked folders, and unlinking a link removes only the link."""
    if whole_tree:
        found = list(root.rglob(".*.part"))
    else:
        found = [p for p in root.glob(".*.part") if PART.fullmatch(p.name)]
    for part in found:
        part.unlink(missing_ok=True)


def write_file(target: Path, data: bytes) -> Path:
    """Write one file (a converted PDF) through the writer of the folder it lands in."""
    refuse_special(target)  # before taking a lock beside it (--out /dev/full)
    with open_output(target.parent, whole_tree=False) as writer:
        return writer.write(PurePosixPath(target.name), data)


NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # not on Windows
NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO to read must not wait for a writer


def atomic_write(target: Path, data: bytes, inside: Path | None = None) -> None:
    """Write data to target so that readers see the old file or the whole new one, never half.

    Only a regular file (or nothing) is replaced: a device, FIFO or socket there is refused, and
    so is a link when inside (an output folder) is given; elsewhere (a record written back, a
    single-file --out) rename replaces the link itself, never what it points at.
    """
    refuse_special(target, inside)
    if inside is None:
        target.parent.mkdir(parents=True, exist_ok=True)
    # The name is chosen before the file exists, so an interrupt at any point (even inside the
    # call that creates it) leaves nothing that the cleanup below does not know about.
    tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.part"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        refuse_special(target, inside)  # once more, just before replacing it
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def refuse_special(target: Path, inside: Path | None = None) -> None:
    """UsageError if target is a device, FIFO or socket; within an output folder (inside),
    a symbolic link too."""
    info = _lstat(target)
    if info is None or not _special(info):
        return  # nothing, a regular file, or a folder (which no write replaces: it fails)
    if stat.S_ISLNK(info.st_mode) and inside is None:
        return
    raise UsageError(_refusal(target, info, inside))


def read_regular(path: Path) -> bytes | None:
    """The bytes of a regular file, not through a link; None if it is missing or not one."""
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return handle.read()


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _stat(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _special(info: os.stat_result) -> bool:
    """Neither a folder nor a regular file: a link, device, FIFO or socket."""
    return not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode))


def _kind(info: os.stat_result) -> str:
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a file" if stat.S_ISREG(mode) else "a special file"


def _refusal(path: Path, info: os.stat_result, root: Path | None) -> str:
    """Why docgen will not write at path: a link it would follow, or a special file."""
    where = f" inside the output folder {root}" if root is not None else ""
    if stat.S_ISLNK(info.st_mode):
        why = (
            "docgen follows no links there (writing through one would leave the output folder "
            "or land on another document)"
        )
    else:
        why = "docgen writes only regular files"
    return f"{path} is {_kind(info)}{where}: {why}; remove it and build again"


def _why(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str | None:
    """The sha256 of a regular file; None if it is missing, a link or a special file."""
    data = read_regular(path)
    return None if data is None else sha256(data)


State = dict[str, Any]
"""The last build's record of each output path: {"inputs": input hash, "sha256": file hash}."""


def read_state(root: Path) -> State:
    """What the last build wrote: output path -> {inputs, sha256}."""
    try:
        data = json.loads(read_regular(root / MANIFEST) or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def write_state(root: Path, state: State) -> None:
    text = json.dumps(state, indent=1, sort_keys=True)
    atomic_write(root / MANIFEST, text.encode(), root)
