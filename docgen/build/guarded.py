"""Rendering a council's own templates in worker processes, each document within a time and a
memory limit.

A template is code: a Jinja loop over `range(10**5)` twice runs for hours, a Typst function that
calls itself twice per level fills memory until Rust aborts the process. docgen's own templates
are trusted and render as they always have (docgen/build/engine.py). A folder given with
`--templates` renders here instead, even for one document, so that no template can hang or
abort docgen itself:

- each worker limits its own address space (`RLIMIT_AS`, 1024 MB by default; where the
  platform has no `resource` module, Windows, only the time limit applies): Python then raises
  MemoryError, and Typst aborts the worker;
- this process gives each document a time limit (20 s by default, wall clock) and kills the
  worker that passes it;
- a worker that dies, or is killed, ends the build with a TemplateError that names the template
  it was rendering and the document, never a traceback.

`DOCGEN_TEMPLATE_SECONDS` and `DOCGEN_TEMPLATE_MEMORY_MB` change the limits.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Generic, TypeVar

from docgen.errors import DocgenError, TemplateError, UsageError

SECONDS_SETTING = "DOCGEN_TEMPLATE_SECONDS"
MEMORY_SETTING = "DOCGEN_TEMPLATE_MEMORY_MB"

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Limits:
    """How long one document may take to render, and how much memory a worker may use."""

    seconds: float = 20.0
    memory_mb: int = 1024

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, or DOCGEN_TEMPLATE_SECONDS and DOCGEN_TEMPLATE_MEMORY_MB where set."""
        return cls(
            _setting(SECONDS_SETTING, cls.seconds),
            int(_setting(MEMORY_SETTING, cls.memory_mb)),
        )


def _setting(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        raise UsageError(f"{name}={text!r}: give a positive number")
    return value


# ---- in the worker ----

_PARENT: Connection | None = None  # set in a guarded worker only


def starting(template: Path) -> None:
    """Tell the parent which template this worker now renders from (a no-op elsewhere)."""
    if _PARENT is not None:
        _PARENT.send(("template", template.name))


def _serve(
    parent: Connection, memory_mb: int, task: Callable[..., Any], args: tuple[Any, ...]
) -> None:
    """A worker: render each item the parent sends until it closes the connection."""
    global _PARENT
    _PARENT = parent
    _silence_stderr()
    _limit_memory(memory_mb)
    while True:
        try:
            item = parent.recv()
        except EOFError:
            return
        try:
            reply: tuple[str, Any] = ("done", task(item, *args))
        except DocgenError as exc:
            reply = ("failed", exc)
        except MemoryError:
            reply = ("failed", TemplateError(f"it ran out of memory (the limit is {memory_mb} MB)"))
        except Exception as exc:  # a template drove a renderer's internals into an error
            reply = ("failed", TemplateError(f"rendering failed: {exc} ({type(exc).__name__})"))
        try:
            parent.send(reply)
        except Exception as exc:  # an error that cannot be pickled: send its text
            parent.send(("failed", TemplateError(f"{reply[1]} ({type(exc).__name__})")))


def _silence_stderr() -> None:
    """Typst prints a Rust backtrace as it aborts; the parent says what happened instead."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    os.close(devnull)


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space, where the platform can."""
    try:
        import resource  # POSIX only
    except ImportError:
        return
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    # Some platforms refuse some values (macOS): the time limit still holds there.
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


# ---- in this process ----


@dataclass
class _Worker(Generic[Item]):
    process: BaseProcess
    connection: Connection
    index: int | None = None  # the item it is rendering
    since: float = 0.0
    template: str = ""  # the template it said it renders from, if it has said

    def give(self, index: int, item: Item) -> None:
        self.connection.send(item)
        self.index, self.since, self.template = index, time.monotonic(), ""

    def stop(self) -> None:
        """Let it go if idle (it sees the connection close); kill it if still rendering."""
        self.connection.close()
        if self.index is not None:
            self.process.kill()
        self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


@dataclass
class Guard(Generic[Item, Result]):
    """Items handed to worker processes one at a time, their results yielded in order."""

    task: Callable[..., Result]
    """Module-level, run in the workers as task(item, *args)."""
    args: tuple[Any, ...]
    describe: Callable[[Item], str]
    """Names an item (a document) in a message."""
    limits: Limits

    def run(self, items: Sequence[Item], workers: int, context: BaseContext) -> Iterator[Result]:
        pool = [self._start(context) for _ in range(max(1, min(workers, len(items))))]
        try:
            yield from self._results(pool, items)
        finally:
            for worker in pool:
                worker.stop()

    def _start(self, context: BaseContext) -> _Worker[Item]:
        ours, theirs = context.Pipe()
        args = (theirs, self.limits.memory_mb, self.task, self.args)
        process = context.Process(target=_serve, args=args, daemon=True)  # type: ignore[attr-defined]
        process.start()
        theirs.close()  # so that its death reads as the end of the connection
        return _Worker(process, ours)

    def _results(self, pool: list[_Worker[Item]], items: Sequence[Item]) -> Iterator[Result]:
        waiting = deque(range(len(items)))
        done: dict[int, Result] = {}
        for index in range(len(items)):
            while index not in done:
                for worker in pool:
                    if worker.index is None and waiting:
                        nxt = waiting.popleft()
                        worker.give(nxt, items[nxt])
                self._collect(pool, items, done)
            yield done.pop(index)

    def _collect(
        self, pool: list[_Worker[Item]], items: Sequence[Item], done: dict[int, Result]
    ) -> None:
        """Wait for the next message from a busy worker; enforce the time limit."""
        busy = [w for w in pool if w.index is not None]
        first_deadline = min(w.since for w in busy) + self.limits.seconds
        ready = wait(
            [w.connection for w in busy], timeout=max(0.0, first_deadline - time.monotonic())
        )
        for worker in busy:
            if worker.connection in ready:
                self._receive(worker, items, done)
            elif time.monotonic() - worker.since > self.limits.seconds:
                raise self._failure(worker, items, self._too_slow())

    def _receive(
        self, worker: _Worker[Item], items: Sequence[Item], done: dict[int, Result]
    ) -> None:
        try:
            kind, value = worker.connection.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=2)
            raise self._failure(worker, items, self._died(worker.process.exitcode)) from None
        if kind == "template":
            worker.template = value
        elif kind == "failed":
            raise _named(value, worker.template or "a template")
        else:
            assert worker.index is not None
            done[worker.index] = value
            worker.index = None

    def _failure(self, worker: _Worker[Item], items: Sequence[Item], why: str) -> TemplateError:
        assert worker.index is not None
        where = [worker.template] if worker.template else []
        where.append(self.describe(items[worker.index]))
        return TemplateError(f"{': '.join(where)}: {why}")

    def _too_slow(self) -> str:
        return (
            f"rendering took longer than {self.limits.seconds:g} s, the limit for a council's "
            f"own templates ({SECONDS_SETTING}); stopped"
        )

    def _died(self, exitcode: int | None) -> str:
        stopped = f"the renderer stopped abruptly (exit code {exitcode})"
        if exitcode not in _OUT_OF_MEMORY:
            return stopped
        return (
            f"{stopped}, most likely over the memory limit of {self.limits.memory_mb} MB for a "
            f"council's own templates ({MEMORY_SETTING})"
        )


_OUT_OF_MEMORY = (-signal.SIGABRT, -signal.SIGKILL)
"""How a worker ends when memory runs out: Rust aborts on a failed allocation; the kernel's OOM
killer sends SIGKILL."""


def _named(exc: DocgenError, template: str) -> DocgenError:
    """The worker's error, naming the template if its message does not already."""
    if template in str(exc):
        return exc
    return type(exc)(f"{template}: {exc}") if isinstance(exc, TemplateError) else exc
