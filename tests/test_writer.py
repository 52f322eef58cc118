"""The output writer keeps every name inside the output folder and writes atomically."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from docgen.errors import UsageError
from docgen.writer import OutputWriter


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
