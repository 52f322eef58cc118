"""The output writer keeps every name inside the output folder and writes atomically."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from docgen.build.writer import OutputWriter
from docgen.errors import UsageError


@pytest.mark.parametrize("name", ["../escape.pdf", "/etc/passwd", "a/../../b.pdf", ""])
def test_names_cannot_escape(tmp_path: Path, name: str) -> None:
    with pytest.raises(UsageError):
        OutputWriter(tmp_path / "out").write(PurePosixPath(name), b"x")


def test_same_path_twice_is_refused(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    writer.write(PurePosixPath("a/b.pdf"), b"1")
    with pytest.raises(UsageError, match=r"two documents would be written to a/b\.pdf"):
        writer.write(PurePosixPath("a/b.pdf"), b"2")
    assert (tmp_path / "a" / "b.pdf").read_bytes() == b"1"
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["b.pdf"]  # no temp files left


def test_a_symbolic_link_out_of_the_output_folder_is_refused(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    (out / "letters").mkdir(parents=True)
    elsewhere.mkdir()
    (out / "linked").symlink_to(elsewhere)
    (out / "letters" / "a.pdf").symlink_to(elsewhere / "a.pdf")
    writer = OutputWriter(out)
    for name in ("linked/x.pdf", "letters/a.pdf"):
        with pytest.raises(UsageError, match="would leave the output folder"):
            writer.write(PurePosixPath(name), b"x")
    assert list(elsewhere.iterdir()) == []


def test_writes_in_the_background_have_all_landed_on_leaving(tmp_path: Path) -> None:
    writer = OutputWriter(tmp_path)
    with writer.in_background():
        for i in range(50):
            writer.write(PurePosixPath(f"d/{i}.bin"), bytes([i]) * 1000)
    assert sorted(int(p.stem) for p in (tmp_path / "d").iterdir()) == list(range(50))
    assert (tmp_path / "d" / "7.bin").read_bytes() == bytes([7]) * 1000


def test_a_failed_background_write_is_raised_on_leaving(tmp_path: Path) -> None:
    (tmp_path / "d").write_text("a file where a folder should be")
    writer = OutputWriter(tmp_path)
    with pytest.raises(OSError), writer.in_background():
        writer.write(PurePosixPath("d/x.bin"), b"x")
