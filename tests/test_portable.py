"""docgen runs where officers work, Windows included: no POSIX-only module imported at module
level, the output lock is filelock's or, on POSIX, the same flock taken directly (one lock
across processes on every platform), the
workers are spawned where there is no fork server, and `python -m docgen` replaces make."""

from __future__ import annotations

import ast
import multiprocessing
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pypdf
import pytest
from conftest import RECORDS, ROOT
from filelock import FileLock, Timeout

from docgen import __main__ as entry
from docgen import pipeline
from docgen.build import processes, writer

PACKAGE = ROOT / "docgen"
POSIX_ONLY = frozenset({"fcntl", "termios", "pwd", "grp", "resource", "multiprocessing.forkserver"})


# ---- no POSIX-only import at module level -------------------------------------------------------


def module_level_imports(source: str) -> set[str]:
    """The modules a module imports when it is imported: its top-level statements, including
    those inside a top-level if/try/with, but not inside a function or class."""
    found: set[str] = set()
    pending = list(ast.parse(source).body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.If | ast.Try | ast.With):
            pending += [
                child for child in ast.iter_child_nodes(node) if isinstance(child, ast.stmt)
            ]
            if isinstance(node, ast.Try):
                pending += [s for handler in node.handlers for s in handler.body]
    return found


def posix_only_imports(package: Path) -> list[str]:
    return [
        f"{path.relative_to(package.parent)}: {name}"
        for path in sorted(package.rglob("*.py"))
        for name in sorted(module_level_imports(path.read_text(encoding="utf-8")) & POSIX_ONLY)
    ]


def test_no_module_imports_a_posix_only_module_at_module_level() -> None:
    assert posix_only_imports(PACKAGE) == []


def test_the_import_check_sees_a_posix_only_import(tmp_path: Path) -> None:
    package = tmp_path / "docgen"
    package.mkdir()
    (package / "lock.py").write_text("import os\nimport fcntl\n")
    (package / "guarded.py").write_text("try:\n    import pwd\nexcept ImportError:\n    pass\n")
    (package / "late.py").write_text("def f():\n    import termios\n")  # imported when called
    (package / "server.py").write_text("from multiprocessing import forkserver\n")
    assert posix_only_imports(package) == [
        "docgen/guarded.py: pwd",
        "docgen/lock.py: fcntl",
        "docgen/server.py: multiprocessing.forkserver",
    ]


# ---- the output lock ------------------------------------------------------------------------------

HOLD = textwrap.dedent(
    """
    import sys
    from filelock import FileLock
    with FileLock(sys.argv[1]):
        print("held", flush=True)
        sys.stdin.read()
    """
)


def test_a_writer_waits_while_another_process_holds_the_filelock(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out / writer.LOCK_NAME)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        opened = threading.Event()

        def write() -> None:
            with writer.open_output(out):
                opened.set()

        thread = threading.Thread(target=write)
        thread.start()
        time.sleep(1.0)
        assert not opened.is_set(), "the writer did not wait for the other process's lock"
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=10)
        thread.join(timeout=30)
        assert opened.is_set()


def test_another_process_cannot_take_the_lock_while_a_writer_holds_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    try_lock = (
        "import sys\nfrom filelock import FileLock, Timeout\n"
        "try:\n    FileLock(sys.argv[1]).acquire(timeout=0.5)\nexcept Timeout:\n    sys.exit(3)\n"
    )
    command = [sys.executable, "-c", try_lock, str(out / writer.LOCK_NAME)]
    with writer.open_output(out):
        assert subprocess.run(command, timeout=30).returncode == 3
    assert subprocess.run(command, timeout=30).returncode == 0
    with pytest.raises(Timeout), writer.open_output(out):
        FileLock(out / writer.LOCK_NAME).acquire(timeout=0.2)  # another lock, even in-process


def test_where_there_is_no_flock_the_lock_is_filelocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows takes filelock's lock (msvcrt's there): still one writer at a time."""
    monkeypatch.setattr(writer, "FLOCK", False)
    out = tmp_path / "out"
    with pytest.raises(Timeout), writer.open_output(out):
        FileLock(out / writer.LOCK_NAME).acquire(timeout=0.2)
    with writer.open_output(out) as opened:
        assert opened.root == out.resolve()


# ---- spawn where there is no fork server ------------------------------------------------------------


def test_without_a_fork_server_the_workers_are_spawned_and_the_letters_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert processes.start_method() == "spawn"
    used: list[str] = []
    real_context = processes.context

    def recording_context(preload: list[str]) -> multiprocessing.context.BaseContext:
        found = real_context(preload)
        used.append(found.get_start_method())
        return found

    monkeypatch.setattr(processes, "context", recording_context)
    report = pipeline.build_letters([RECORDS], tmp_path, formats=("pdf",), print_file=False)
    assert used and set(used) == {"spawn"}, used
    letters = sorted((tmp_path / "ilss-2025" / "letters").rglob("*.pdf"))
    assert len(letters) >= 40  # enough to render in the pool
    assert "Award" in pypdf.PdfReader(letters[0]).pages[0].extract_text()
    assert report.summary()


def test_the_fork_server_is_used_where_there_is_one() -> None:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        pytest.skip("this platform has no fork server")
    assert processes.context([]).get_start_method() == "forkserver"


# ---- python -m docgen ---------------------------------------------------------------------------------


def test_python_m_docgen_demo_validates_builds_letters_and_audits(tmp_path: Path) -> None:
    out = tmp_path / "output"
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "demo", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    steps = [line for line in result.stdout.splitlines() if line.startswith("docgen ")]
    assert [s.split()[1] for s in steps] == ["validate", "build", "letters", "audit"]
    assert "audit OK" in result.stdout
    paper = pypdf.PdfReader(out / "ilss-cabinet-2025-07-22" / "cabinet-paper.pdf")
    assert "Independent Living Support Service – Contract Award" in paper.pages[0].extract_text()
    letters = pypdf.PdfReader(out / "ilss-2025" / "letters" / "all-letters.pdf")
    assert len(letters.outline) > 1  # one bookmark per bidder


def test_demo_stops_at_the_first_failing_step(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []

    def fake(args: list[str]) -> int:
        ran.append(args[0])
        return 1 if args[0] == "build" else 0

    monkeypatch.setattr(entry, "run_docgen", fake)
    assert entry.run(["demo"]) == 1
    assert ran == ["validate", "build"]


def test_python_m_docgen_passes_other_commands_to_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "docgen", "validate", str(RECORDS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_test_without_the_dev_tools_says_how_to_install_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(entry.importlib.util, "find_spec", lambda name: None)
    assert entry.run(["test"]) == 2
    assert 'pip install -e ".[dev]"' in capsys.readouterr().err


def test_test_runs_pytest_when_it_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[list[str]] = []
    monkeypatch.setattr(entry.subprocess, "call", lambda args: called.append(args) or 0)
    assert entry.run(["test", "-k", "portable"]) == 0
    assert called == [[sys.executable, "-m", "pytest", "-q", "-k", "portable"]]
