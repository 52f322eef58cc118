"""Worker processes start from the fork server, allocating with jemalloc when the machine has it."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest
from conftest import needs_library

from docgen.build import processes


def uses(library: str) -> bool:
    """Whether this process has the library loaded (run in a worker)."""
    with open("/proc/self/maps", encoding="utf-8") as maps:
        return any(library in line for line in maps)


@needs_library("jemalloc", "libjemalloc2")
def test_workers_allocate_with_jemalloc_and_this_process_does_not() -> None:
    assert processes.allocator() is not None
    with ProcessPoolExecutor(2, mp_context=processes.context(["docgen.build.engine"])) as pool:
        assert list(pool.map(uses, ["jemalloc"] * 2)) == [True, True]
    assert not uses("jemalloc")
    assert "jemalloc" not in os.environ.get("LD_PRELOAD", "")


def test_docgen_allocator_system_keeps_glibc_malloc() -> None:
    """Checked in a fresh interpreter: the choice is made once per process."""
    code = (
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from docgen.build import processes\n"
        "from test_processes import uses\n"
        "assert processes.allocator() is None\n"
        "with ProcessPoolExecutor(1, mp_context=processes.context([])) as pool:\n"
        "    assert not pool.submit(uses, 'jemalloc').result()\n"
    )
    env = {**os.environ, "DOCGEN_ALLOCATOR": "system", "PYTHONPATH": os.path.dirname(__file__)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("setting", ["system", " System "])
def test_the_setting_is_read_loosely(setting: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(processes.ALLOCATOR_SETTING, setting)
    processes.allocator.cache_clear()
    try:
        assert processes.allocator() is None
    finally:
        processes.allocator.cache_clear()


@pytest.mark.parametrize("parent_alive", [True, False], ids=["parent-alive", "parent-gone"])
def test_a_fork_server_whose_docgen_is_gone_ends_at_once(parent_alive: bool) -> None:
    """The fork server is a process started with DOCGEN_FORKSERVER_PARENT set to docgen's pid;
    on importing docgen.build.processes it asks for pdeathsig, and if docgen is already gone
    (killed while the server started) it ends rather than serve workers no one will use."""
    parent = str(os.getpid()) if parent_alive else "1"  # pid 1 is never this child's parent here
    result = subprocess.run(
        [sys.executable, "-c", "import docgen.build.processes; print('serving')"],
        env={**os.environ, processes.SERVER_PARENT: parent},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (result.returncode, result.stdout.strip()) == (
        (0, "serving") if parent_alive else (1, "")
    )
