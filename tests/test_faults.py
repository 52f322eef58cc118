"""Faults: a build killed at any moment, a renderer failing on one document, a full disk and two
builds at once leave only whole files in the output folder (every .pdf opens with pypdf, every
.docx with python-docx, no `*.part` left), the previous good outputs in place, and the next
build completes with the same bytes."""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from conftest import RECORDS

from docgen import pipeline
from docgen.build import engine as build
from docgen.build import writer
from docgen.build.papers import paper_jobs
from docgen.build.writer import MANIFEST
from docgen.errors import RenderError

DOCGEN = Path(sys.executable).with_name("docgen")
BOOKKEEPING = {MANIFEST, writer.LOCK_NAME}


def snapshot(out: Path) -> dict[str, str]:
    """Every document below out with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in BOOKKEEPING and not p.name.endswith(".part")
    }


def assert_whole(out: Path, parts_allowed: bool = False) -> None:
    """Every file opens in its reader; no temporary file unless a killed build may have left one."""
    if not parts_allowed:
        assert not list(out.rglob("*.part")), "a temporary file was left behind"
    for path in out.rglob("*.pdf"):
        assert len(pypdf.PdfReader(path).pages) >= 1, path
    for path in out.rglob("*.docx"):
        assert docx.Document(str(path)).paragraphs, path


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A complete, good build of the example papers."""
    out = tmp_path_factory.mktemp("good")
    pipeline.build_papers([RECORDS], out)
    return out


@pytest.fixture
def out(good: Path, tmp_path: Path) -> Path:
    """A copy of the good build, with its manifest removed so that the next build renders and
    writes every document again (the fault then strikes while files are being replaced)."""
    folder = tmp_path / "output"
    shutil.copytree(good, folder)
    (folder / MANIFEST).unlink()
    return folder


def docgen(*args: str) -> subprocess.Popen[bytes]:
    command = [str(DOCGEN), *args]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish(process: subprocess.Popen[bytes], timeout: float = 300) -> tuple[int, str]:
    """Wait for the process; its exit code and what it printed on stderr."""
    _, err = process.communicate(timeout=timeout)
    return process.returncode, err.decode(errors="replace")


def build_command(out: Path) -> tuple[str, ...]:
    return ("build", str(RECORDS), "--out", str(out))


# ---- a build killed at a random moment --------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["interrupt", "kill"])
def test_a_build_killed_at_any_moment_leaves_only_whole_files(
    out: Path, good: Path, sig: signal.Signals
) -> None:
    before = snapshot(good)
    rng = random.Random(f"docgen-faults-{sig.name}")
    (out / MANIFEST).unlink(missing_ok=True)
    started = time.perf_counter()
    assert finish(docgen(*build_command(out)))[0] == 0
    duration = time.perf_counter() - started  # a whole build, start-up included, on this machine
    interrupted = 0
    for _ in range(3):
        (out / MANIFEST).unlink(missing_ok=True)
        process = docgen(*build_command(out))
        time.sleep(rng.uniform(0.3, 0.9) * duration)
        process.send_signal(sig)
        interrupted += finish(process, timeout=120)[0] != 0
        # SIGKILL gives no chance to clean up: its temporary file goes at the next build.
        assert_whole(out, parts_allowed=sig == signal.SIGKILL)
        assert snapshot(out) == before, "a previous good output was lost or changed"
    assert interrupted, "every build finished before the signal: nothing was tested"
    code, err = finish(docgen(*build_command(out)))
    assert code == 0, err
    assert_whole(out)
    assert snapshot(out) == before


# ---- a renderer failing on one document -------------------------------------------------------------


def test_a_broken_template_stops_the_build_and_keeps_the_good_outputs(
    out: Path, good: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(build.DEFAULT_TEMPLATES, templates)
    notice = templates / "appendix_notice.typ"
    notice.write_text(notice.read_text(encoding="utf-8") + "\n#let broken = (\n", encoding="utf-8")
    with pytest.raises(RenderError, match=r"appendix_notice\.typ"):
        pipeline.build_papers([RECORDS], out, templates=templates)
    assert_whole(out)
    assert snapshot(out) == snapshot(good)
    pipeline.build_papers([RECORDS], out)
    assert snapshot(out) == snapshot(good)


def test_a_renderer_error_in_one_document_keeps_the_good_outputs(
    out: Path, good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = build.render_job

    def failing(job: build.Job, templates: Path) -> dict[str, bytes]:
        if job.kind == "appendix_scores":
            raise RenderError(f"{job.kind}: the renderer failed (injected fault)")
        return real(job, templates)

    monkeypatch.setattr(build, "render_job", failing)
    # in this process, where the fault is injected (the example pack has grown past the number
    # of documents from which workers render)
    monkeypatch.setattr(build, "PARALLEL_FROM", 10_000)
    with pytest.raises(RenderError, match="injected fault"):
        pipeline.build_papers([RECORDS], out)
    assert_whole(out)
    assert snapshot(out) == snapshot(good)
    monkeypatch.undo()
    pipeline.build_papers([RECORDS], out)
    assert snapshot(out) == snapshot(good)


# ---- a full disk ----------------------------------------------------------------------------------


class FullDisk:
    """os, as docgen.writer sees it, on a disk that fills up after `room` files."""

    def __init__(self, room: int) -> None:
        self.room = room

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def fdopen(self, fd: int, mode: str) -> Any:
        handle = os.fdopen(fd, mode)
        self.room -= 1
        return handle if self.room >= 0 else HalfWritten(handle)


class HalfWritten:
    """A file handle whose write stops half way with ENOSPC, as on a full disk."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> HalfWritten:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("room", [0, 3])
def test_a_full_disk_leaves_no_truncated_or_temporary_file(
    out: Path, good: Path, monkeypatch: pytest.MonkeyPatch, room: int
) -> None:
    monkeypatch.setattr(writer, "os", FullDisk(room))
    with pytest.raises(OSError) as error:
        pipeline.build_papers([RECORDS], out)
    assert error.value.errno == errno.ENOSPC
    assert_whole(out)
    assert snapshot(out) == snapshot(good)
    monkeypatch.undo()
    pipeline.build_papers([RECORDS], out)
    assert snapshot(out) == snapshot(good)


# ---- two builds at once ---------------------------------------------------------------------------


def test_two_builds_into_one_folder_do_not_corrupt_each_other(out: Path, good: Path) -> None:
    first, second = docgen(*build_command(out)), docgen(*build_command(out))
    for process in (first, second):
        code, err = finish(process)
        assert code == 0, err
    assert_whole(out)
    assert snapshot(out) == snapshot(good)


def test_the_lock_makes_the_second_build_wait(out: Path) -> None:
    with writer.open_output(out):
        waiting = docgen(*build_command(out))
        time.sleep(1.5)
        assert waiting.poll() is None, "the second build did not wait for the lock"
        (out / ".stale-from-a-killed-build.part").write_bytes(b"half")
    code, err = finish(waiting)
    assert code == 0, err
    assert not list(out.rglob("*.part"))


# ---- a check refusing one document ----------------------------------------------------------------


class RefuseNotices:
    """A build check (picklable) that refuses every decision notice."""

    def __call__(self, job: build.Job, files: dict[str, bytes]) -> list[str]:
        assert set(files) == set(job.formats) and all(files.values())
        return ["not this one"] if job.kind == "decision_notice" else []


@pytest.mark.parametrize("parallel", [False, True], ids=["in-process", "worker-processes"])
def test_a_refused_document_is_not_written_and_its_old_copy_is_gone(
    out: Path, parallel: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if parallel:
        monkeypatch.setattr(build, "PARALLEL_FROM", 1)
    records, _ = pipeline.validate_with_rules([RECORDS])
    jobs = paper_jobs(records)
    notices = [j for j in jobs if j.kind == "decision_notice"]
    assert notices and all((out / rel).exists() for j in notices for rel in j.outputs())
    settled: list[tuple[str, bool]] = []
    hooks = build.Hooks(
        check=RefuseNotices(),
        settled=lambda job, files: settled.append((str(job.stem), files is not None)),
    )
    report = build.run(jobs, out, workers=2 if parallel else 1, hooks=hooks)
    assert set(report.refused) == {j.stem for j in notices}
    assert all(m == ["not this one"] for m in report.refused.values())
    assert not any((out / rel).exists() for j in notices for rel in j.outputs())
    others = [j for j in jobs if j.kind != "decision_notice"]
    assert settled == [(str(j.stem), True) for j in others]  # in order, every file remade
    assert_whole(out)
