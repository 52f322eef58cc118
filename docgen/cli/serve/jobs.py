"""Builds started from the page: one at a time per output folder, each on a thread of its own,
with its progress kept for the page (and its small JSON twin) to show.

The library builds as the command line does (docgen.pipeline.build_papers / build_letters). Two
guards keep one build per folder: this server's own lock (open_output is re-entrant within a
process, so two threads of one server must not both enter it), and a look at the output folder's
lock (docgen.build.writer.LOCK_NAME) without waiting, which tells whether a `docgen build` or
`docgen letters` from the command line holds it. A build that fails keeps its message; the
thread ends, the server goes on.
"""

from __future__ import annotations

import secrets
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from docgen.build.writer import LOCK_NAME
from docgen.errors import DocgenError, Problem, RecordError

KEEP = 20  # finished jobs remembered for their pages


@dataclass
class Job:
    """One build: what it makes, how far it has gone, and how it ended."""

    id: str
    what: str
    back: str  # the page to go back to
    note: str = ""  # what the build covers, in a sentence
    total: int = 0
    done: int = 0
    state: str = "running"  # running, done, failed
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0

    # the library's Progress protocol (docgen.letters.batch.Progress)
    def start(self, total: int) -> None:
        self.total = total

    def __call__(self, done: int) -> None:
        self.done += done

    def warn(self, problems: Sequence[Problem]) -> None:
        self.warnings.extend(str(p) for p in problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "what": self.what,
            "error": self.error,
        }

    @property
    def percent(self) -> int:
        if self.state == "done":
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class Busy(Exception):
    """A build is already running in the output folder."""

    def __init__(self, job: Job | None) -> None:
        self.job = job
        super().__init__("a build is running")


class Jobs:
    """The builds of one server, over its one output folder."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._running: Job | None = None

    def get(self, ident: str) -> Job | None:
        return self._jobs.get(ident)

    @property
    def running(self) -> Job | None:
        return self._running

    def start(self, what: str, back: str, work: Callable[[Job], list[str]], note: str = "") -> Job:
        """Start work on a thread, or Busy if a build runs here or in another docgen."""
        with self._lock:
            if self._running is not None:
                raise Busy(self._running)
            if self._folder_held():
                raise Busy(None)
            job = Job(secrets.token_urlsafe(12), what, back, note)
            self._running = job
            self._jobs[job.id] = job
            for old in list(self._jobs)[:-KEEP]:
                del self._jobs[old]
        threading.Thread(target=self._run, args=(job, work), name=f"build-{job.id}").start()
        return job

    def _folder_held(self) -> bool:
        """Whether another process holds the output folder's lock (looked at, not waited on)."""
        lock_file = self.out_dir / LOCK_NAME
        if not lock_file.exists():
            return False
        lock = FileLock(lock_file, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            return True
        lock.release()
        return False

    def _run(self, job: Job, work: Callable[[Job], list[str]]) -> None:
        try:
            job.lines = work(job)
            job.state = "done"
        except RecordError as exc:
            job.error = "The records do not validate, so nothing was built:\n" + "\n".join(
                str(p) for p in exc.problems
            )
            job.state = "failed"
        except (DocgenError, OSError) as exc:
            job.error = str(exc)
            job.state = "failed"
        except Exception as exc:  # a bug: said on the page and in the log, the server goes on
            traceback.print_exc()
            job.error = f"docgen failed unexpectedly ({type(exc).__name__}: {exc})."
            job.state = "failed"
        finally:
            job.seconds = time.monotonic() - job.started
            with self._lock:
                self._running = None

    def wait(self, timeout: float = 600.0) -> None:
        """Until no build runs (for the tests and for a server shutting down)."""
        end = time.monotonic() + timeout
        while self._running is not None and time.monotonic() < end:
            time.sleep(0.05)
