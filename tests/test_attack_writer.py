"""Attacks on the writer: links and special files planted in the output folder, suspicious --out
values, a letters build killed mid-way (its manifests must still match the files), and worker
processes left behind by a killed build. Each ends in a clear message or a correct folder."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner
from conftest import RECORDS, ROOT

from docgen.build.writer import OutputWriter, atomic_write, open_output, write_file
from docgen.cli import main
from docgen.errors import UsageError

DOCGEN = Path(sys.executable).with_name("docgen")
LETTERS = 60  # enough for the build to render in worker processes (build.PARALLEL_FROM)
posix_only = pytest.mark.skipif(os.name != "posix", reason="links, FIFOs and /proc are POSIX")


# ---- links and special files inside the output folder ----------------------------------------


@posix_only
def test_a_planted_file_link_cannot_make_the_public_notice_overwrite_the_exempt_edition(
    tmp_path: Path,
) -> None:
    exempt = tmp_path / "d" / "exempt" / "appendix-b-scores.pdf"
    exempt.parent.mkdir(parents=True)
    exempt.write_bytes(b"exempt scores")
    (tmp_path / "d" / "appendix-b-notice.pdf").symlink_to(exempt)  # public name -> exempt file
    with pytest.raises(UsageError, match=r"appendix-b-notice\.pdf is a symbolic link inside"):
        OutputWriter(tmp_path).write(PurePosixPath("d/appendix-b-notice.pdf"), b"public")
    assert exempt.read_bytes() == b"exempt scores"


@posix_only
def test_a_planted_folder_link_cannot_put_the_exempt_edition_in_the_public_folder(
    tmp_path: Path,
) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "exempt").symlink_to(tmp_path / "d")  # exempt/ -> the public folder
    with pytest.raises(UsageError, match=r"exempt is a symbolic link inside the output folder"):
        OutputWriter(tmp_path).write(PurePosixPath("d/exempt/scores.pdf"), b"exempt")
    assert not (tmp_path / "d" / "scores.pdf").exists()


@posix_only
def test_a_whole_build_refuses_a_planted_link_and_names_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = out / "ilss-cabinet-2025-07-22"
    folder.mkdir(parents=True)
    (folder / "exempt").symlink_to(folder)
    result = CliRunner().invoke(main, ["build", str(RECORDS), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"{folder / 'exempt'} is a symbolic link" in result.output
    assert "Traceback" not in result.output
    assert not list(folder.glob("*.pdf"))  # refused before rendering: nothing written


@posix_only
@pytest.mark.parametrize("single", [True, False], ids=["write_file", "folder"])
def test_a_fifo_where_a_file_goes_is_refused_not_replaced(tmp_path: Path, single: bool) -> None:
    fifo = tmp_path / "paper.pdf"
    os.mkfifo(fifo)
    with pytest.raises(UsageError, match=r"paper\.pdf is a FIFO"):
        if single:
            write_file(fifo, b"x")
        else:
            with open_output(tmp_path) as writer:
                writer.write(PurePosixPath("paper.pdf"), b"x")
    assert fifo.is_fifo()


@posix_only
def test_a_device_is_never_replaced(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="/dev/null is a device"):
        write_file(Path("/dev/null"), b"x")
    with pytest.raises(UsageError, match="/dev/null is a device"):
        atomic_write(Path("/dev/null"), b"x")
    assert Path("/dev/null").is_char_device()
    assert not Path("/dev/.docgen.lock").exists()  # refused before any lock was taken there


@posix_only
def test_a_linked_lock_or_state_file_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".docgen.lock").symlink_to(victim)
    with pytest.raises(UsageError, match=r"\.docgen\.lock is a symbolic link"), open_output(out):
        pass
    assert victim.read_text() == "keep me"


# ---- --out refusals ---------------------------------------------------------------------------


def _refusals(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """An --out value -> (why it is refused, in the message; what must not be made)."""
    tmp_path.mkdir(parents=True)
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    os.mkfifo(tmp_path / "fifo")
    return {
        "": ("must not be empty", ""),
        str(tmp_path / "dangling"): ("a symbolic link to nothing", "nowhere"),
        str(tmp_path / "loop1"): ("cannot be resolved", ""),
        str(tmp_path / "fifo"): ("is a FIFO (named pipe), not a folder", ""),
        "/dev/null": ("is a device, not a folder", ""),
        "/": ("the root of a file system", ""),
        str(RECORDS): ("the records folder itself", ""),
    }


@posix_only
@pytest.mark.parametrize("command", ["build", "letters", "pack"])
def test_a_suspicious_out_is_refused_with_a_usage_error(tmp_path: Path, command: str) -> None:
    for out, (why, not_made) in _refusals(tmp_path / command).items():
        result = CliRunner().invoke(main, [command, str(RECORDS), "--out", out])
        assert result.exit_code == 2, (out, result.output)
        assert why in result.output and "Traceback" not in result.output, result.output
        if not_made:
            assert not (tmp_path / command / not_made).exists(), "a folder was made elsewhere"


# ---- a letters build killed mid-way -----------------------------------------------------------


def _synthetic(tmp_path: Path, bidders: int) -> Path:
    records = tmp_path / "records"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "bench.py"),
            "--bidders",
            str(bidders),
            "--write-record",
            str(records / "award.yaml"),
        ],
        check=True,
        capture_output=True,
    )
    return records


def _command(records: Path, out: Path) -> list[str]:
    return [str(DOCGEN), "letters", str(records), "--out", str(out), "-q", "--print-file"]


def _letters(records: Path, out: Path) -> subprocess.Popen[bytes]:
    """A letters build, to be killed."""
    command = _command(records, out)
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _whole_build(records: Path, out: Path) -> None:
    done = subprocess.run(_command(records, out), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def _disagreements(out: Path) -> tuple[int, list[str]]:
    """(entries checked, entries of manifest.json/.csv and the print file whose file differs)."""
    checked, wrong = 0, []
    for found in out.rglob("manifest.json"):
        data = json.loads(found.read_text(encoding="utf-8"))
        entries = [
            (row[fmt], row[f"{fmt}_sha256"])
            for row in data["letters"]
            for fmt in ("docx", "pdf")
            if row[fmt]
        ]
        csv_lines = (found.parent / "manifest.csv").read_text(encoding="utf-8").splitlines()
        assert len(csv_lines) - 1 == len(data["letters"]) == data["count"]
        if "all_letters" in data:
            entries.append((data["all_letters"]["file"], data["all_letters"]["sha256"]))
        for rel, digest in entries:
            checked += 1
            path = found.parent / rel
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                wrong.append(rel)
    return checked, wrong


def _rename_lots(records: Path, mark: str) -> None:
    """Change every letter: the Lots' titles appear in each."""
    award = records / "award.yaml"
    text = award.read_text(encoding="utf-8")
    award.write_text(text.replace("title: Area ", f"title: {mark}Area "), encoding="utf-8")


@posix_only
def test_the_manifest_matches_the_files_after_kill_at_any_moment(tmp_path: Path) -> None:
    records, out = _synthetic(tmp_path, LETTERS), tmp_path / "out"
    started = time.perf_counter()
    _whole_build(records, out)
    duration = time.perf_counter() - started
    assert _disagreements(out)[0] >= 2 * LETTERS
    interrupted = 0
    for i, moment in enumerate((0.4, 0.7, 0.9)):
        _rename_lots(records, f"R{i} ")
        process = _letters(records, out)
        time.sleep(moment * duration)
        process.send_signal(signal.SIGKILL)
        interrupted += process.wait(timeout=60) != 0
        checked, wrong = _disagreements(out)
        assert wrong == [], f"killed at {moment:.0%}: {len(wrong)} of {checked} entries disagree"
    assert interrupted, "every build finished before the kill: nothing was tested"
    _whole_build(records, out)
    checked, wrong = _disagreements(out)
    assert wrong == [] and checked == 2 * LETTERS + 1  # every letter and the print file


# ---- worker processes outlive a killed parent -------------------------------------------------


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


ORPHANS = """
import os, signal, sys, time
from concurrent.futures import ProcessPoolExecutor
from docgen.build import processes

def busy(folder):
    open(os.path.join(folder, str(os.getpid())), "w").close()
    time.sleep(60)  # a long render: a worker that only exits at its next task would live on

if __name__ == "__main__":
    pool = ProcessPoolExecutor(2, mp_context=processes.context([]))
    for _ in range(2):
        pool.submit(busy, sys.argv[1])
    while len(os.listdir(sys.argv[1])) < 2:
        time.sleep(0.05)
    os.kill(os.getpid(), signal.SIGKILL)  # as kill -9 of a build would
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_no_busy_worker_outlives_a_killed_parent_by_more_than_5_s(tmp_path: Path) -> None:
    """Two workers each busy on a 60 s task when their parent is killed with SIGKILL: they end
    within 5 s (without dying with the parent they would sleep on for a minute)."""
    script, pids = tmp_path / "orphans.py", tmp_path / "pids"
    script.write_text(ORPHANS, encoding="utf-8")
    pids.mkdir()
    process = subprocess.run([sys.executable, str(script), str(pids)], timeout=60, check=False)
    assert process.returncode == -signal.SIGKILL
    workers = {int(p.name) for p in pids.iterdir()}
    assert len(workers) == 2, "the workers did not start: nothing was tested"
    killed = time.monotonic()
    while any(_alive(pid) for pid in workers) and time.monotonic() - killed < 10:
        time.sleep(0.1)
    left = sorted(pid for pid in workers if _alive(pid))
    for pid in left:  # never leave them behind, whatever the outcome
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"{left} still alive {time.monotonic() - killed:.1f} s after the kill"
    assert time.monotonic() - killed <= 5
