"""The worker processes: started from a fork server, with a faster allocator when there is one.

Workers start from a fork server, not by fork: a child forked from a process that has run Typst
could inherit a lock held by one of Typst's threads and hang. The fork server imports the
modules the workers need once; every worker is a fork of it. Where there is no fork server
(Windows), workers are spawned: each is a fresh interpreter that imports what it needs itself.

Typst spends about a sixth of its time in glibc's malloc and free. When the machine has jemalloc
(Debian and Ubuntu: `apt install libjemalloc2`), the fork server, and so every worker, is
started with it preloaded: a letter's PDF takes 14% less time (16.5 ms against 14.2 ms, measured
here). Only the workers use it; this process and anything it starts are unchanged.
`DOCGEN_ALLOCATOR=system` keeps glibc's.

Workers die with their parent. A worker killed with docgen (kill -9, the OOM killer) would
otherwise wait on its task queue for ever, holding 130 MB. Every process started here (each
worker, and the fork server) asks Linux for SIGKILL when its parent dies
(prctl PR_SET_PDEATHSIG), and also runs a watchdog thread that ends it within a second of its
parent's death wherever prctl is missing (macOS, Windows).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import multiprocessing.connection
import multiprocessing.context
import multiprocessing.util
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from functools import cache

ALLOCATOR_SETTING = "DOCGEN_ALLOCATOR"
SERVER_PARENT = "DOCGEN_FORKSERVER_PARENT"  # set while the fork server starts: its parent's pid
PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 1.0


def start_method() -> str:
    """ "forkserver" where this platform has it (Linux, macOS), else "spawn" (Windows)."""
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


def context(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    """The context workers start from: the fork server, started (if it is not yet) with preload
    imported; or, where there is none, spawn."""
    method = start_method()
    found = multiprocessing.get_context(method)
    if method == "forkserver":
        found.set_forkserver_preload([__name__, *preload])  # so every worker dies with its parent
        _start_server()
    return found


@cache
def allocator() -> str | None:
    """The library the workers preload as their allocator, or None for glibc's own."""
    if os.environ.get(ALLOCATOR_SETTING, "").strip().lower() == "system":
        return None
    return ctypes.util.find_library("jemalloc")


def _start_server() -> None:
    """Start the fork server (once per process) with the allocator in its environment."""
    from multiprocessing import forkserver  # POSIX only: imported where it is used

    library = allocator()
    before = os.environ.get("LD_PRELOAD")
    if library is not None:
        os.environ["LD_PRELOAD"] = f"{before} {library}" if before else library
    # The server dies with this process (pdeathsig goes off when the *thread* that started it
    # ends, so only the main thread asks for it; the server also ends when its pipe closes).
    if threading.current_thread() is threading.main_thread():
        os.environ[SERVER_PARENT] = str(os.getpid())
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(SERVER_PARENT, None)
        if before is None:
            os.environ.pop("LD_PRELOAD", None)
        else:
            os.environ["LD_PRELOAD"] = before


# ---- dying with the parent ----


def die_with_parent() -> None:
    """End this process (SIGKILL, or os._exit) as soon as its parent dies."""
    parent = os.getppid()
    _ask_kernel()
    if os.getppid() != parent or parent == 1:
        os._exit(1)  # the parent died before the request was made
    threading.Thread(target=_watch, args=(parent,), name="docgen-parent", daemon=True).start()


def _ask_kernel() -> None:
    """Linux: SIGKILL this process when its parent dies (reset on fork; kept over exec)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # the watchdog below still stands


def _watch(parent: int) -> None:
    """Poll: on POSIX an orphan's parent pid changes (to 1 or a subreaper); on Windows the
    parent's handle (multiprocessing's sentinel) becomes ready when it exits."""
    sentinel = _parent_sentinel()
    while True:
        if sentinel is not None:
            gone = bool(multiprocessing.connection.wait([sentinel], timeout=WATCH_SECONDS))
        else:
            time.sleep(WATCH_SECONDS)
            gone = os.getppid() != parent
        if gone:
            os._exit(1)


def _parent_sentinel() -> int | None:
    """The parent's handle, where it is reliable: Windows' spawn (the fork server's pipe
    closes as soon as a worker has read its task, so POSIX polls the parent pid instead)."""
    found = multiprocessing.parent_process()
    if sys.platform != "win32" or found is None:
        return None
    return found.sentinel


def _started(_: object) -> None:
    """Run as every process multiprocessing starts begins (a worker forked by the fork server,
    or spawned), before its initializer."""
    die_with_parent()


def _server_parent() -> int | None:
    """In the fork server (started by _start_server), its parent's pid; else None. Its workers
    are forked after this module is imported, so only the server itself runs this."""
    parent = os.environ.get(SERVER_PARENT, "")
    return int(parent) if parent.isdigit() else None


# Registered on import: a fork server's workers inherit it, a spawned child imports this module
# while it unpickles its task (before it starts). The process that imports it first is unaffected.
multiprocessing.util.register_after_fork(_started, _started)
if (_parent := _server_parent()) is not None:  # the server: no polling thread (workers would
    _ask_kernel()  # inherit it), pdeathsig only; and if docgen died before that was asked (killed
    if os.getppid() != _parent:  # while the server started), the server ends now, not never
        os._exit(1)
