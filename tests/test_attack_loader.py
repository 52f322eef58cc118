"""Attacks on the record loader: each hostile record ends in a located message (exit 1), within
seconds and 1 GB, never a traceback, a hang or a crash; duplicate ids are errors, never lost.

The hostile files run `docgen validate` in a child process with an address-space limit and a
timeout, so that a regression fails its test instead of taking the suite down with it.
"""

from __future__ import annotations

import contextlib
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from docgen.cli import main
from docgen.errors import RecordError
from docgen.records.limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from docgen.records.loading import load_records

RECORDS = Path(__file__).parents[1] / "records"
LIMIT_BYTES = 1024**3


def _laughs(levels: int) -> str:
    lines = ["kind: council", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


HOSTILE: dict[str, tuple[str, str]] = {
    "laughs": (_laughs(9), "laughs.yaml:7:10: the alias *a4 expands the record to more than"),
    "deep-flow": (
        "kind: council\nx: " + "[" * 100_000 + "]" * 100_000 + "\n",
        f"deep-flow.yaml:2:{3 + MAX_DEPTH}: nested more than {MAX_DEPTH} levels deep",
    ),
    "deep-500": (
        "kind: council\nx: " + "[" * 500 + "]" * 500 + "\n",
        f"deep-500.yaml:2:{3 + MAX_DEPTH}: nested more than {MAX_DEPTH} levels deep",
    ),
    "deep-block": (
        "kind: council\nx:\n" + "".join(" " * i + "- \n" for i in range(0, 400, 2)),
        f"deep-block.yaml:{2 + MAX_DEPTH}:",
    ),
    "deep-alias": (
        "kind: council\n"
        + "".join(
            f"a{i}: &a{i} [[[[[[[[[[{f'*a{i - 1}' if i else 'x'}]]]]]]]]]]\n" for i in range(8)
        ),
        "deep-alias.yaml:8:",
    ),
    "big-integer": ("kind: council\nx: " + "1" * 5000 + "\n", "big-integer.yaml:2:4: a number of"),
    "big-binary": ("kind: council\nx: 0b" + "1" * 50_000 + "\n", "big-binary.yaml:2:4: a number"),
    "yaml-1.3": ("%YAML 1.3\n---\nkind: council\n", "yaml-1.3.yaml:1:1: %YAML 1.3: docgen reads"),
    "unknown-directive": ("%FOO bar\n---\nkind: council\n", "unknown-directive.yaml:1:1: %FOO"),
    "many-values": (
        "kind: council\nx: [" + "1," * (MAX_NODES + 10) + "1]\n",
        "many-values.yaml:2:",
    ),
}


def _validate(folder: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """`docgen validate .` in folder, in a child limited to 1 GB of address space."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))

    return subprocess.run(
        [sys.executable, "-m", "docgen", "validate", "."],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        check=False,
    )


def _assert_message(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    assert expected in result.stderr, result.stderr


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_ends_in_a_located_message(name: str, tmp_path: Path) -> None:
    text, expected = HOSTILE[name]
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    _assert_message(_validate(tmp_path), expected)


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    (tmp_path / "huge.yaml").write_text("# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    _assert_message(_validate(tmp_path), "huge.yaml:1:1: is larger than 5 MB")


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        (
            "zero",
            lambda p: (p / "zero.yaml").symlink_to("/dev/zero"),
            "zero.yaml:1:1: is a character device",
        ),
        ("fifo", lambda p: os.mkfifo(p / "fifo.yaml"), "fifo.yaml:1:1: is a FIFO"),
        ("loop", lambda p: (p / "loop").symlink_to("."), "loop:1:1: is a link back to a folder"),
        (
            "link-loop",
            lambda p: ((p / "a.yaml").symlink_to("b.yaml"), (p / "b.yaml").symlink_to("a.yaml")),
            "a.yaml:1:1: cannot be read: a loop of symbolic links",
        ),
        (
            "dangling",
            lambda p: (p / "gone.yaml").symlink_to("nowhere"),
            "gone.yaml:1:1: cannot be read: a symbolic link to nothing",
        ),
        ("folder", lambda p: (p / "odd.yaml").mkdir(), None),
    ],
)
def test_only_regular_files_are_read(
    name: str, make: object, expected: str | None, tmp_path: Path
) -> None:
    (tmp_path / "newham.yaml").write_text(
        (RECORDS / "councils" / "newham.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    make(tmp_path)  # type: ignore[operator]
    result = _validate(tmp_path, timeout=20)
    if expected is None:  # a folder named .yaml is walked like any folder
        assert result.returncode == 0, result.stdout + result.stderr
    else:
        _assert_message(result, expected)


def _award_with(old: str, new: str) -> str:
    text = (RECORDS / "carers-support-2026" / "award.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  - id: valleys-carers",
            "  - id: cwmni-gofalwyr",
            "award.yaml:46:5: bidders[1].id: bidder id 'cwmni-gofalwyr' is given twice: the first "
            "is bidders[0].id, line 38; ids must be unique",
        ),
        (
            "  - {id: safeguarding, name: Safeguarding policy meeting the Wales Safeguarding "
            "Procedures}",
            "  - {id: safeguarding, name: Safeguarding policy meeting the Wales Safeguarding "
            "Procedures}\n  - {id: safeguarding, name: Insurance}",
            "award.yaml:37:6: gates[1].id: gate id 'safeguarding' is given twice: the first is "
            "gates[0].id, line 36; ids must be unique",
        ),
        (
            "  - {id: social-value, name: Social value,",
            "  - {id: quality, name: Social value,",
            "award.yaml:33:6: criteria[2].id: criterion id 'quality' is given twice: the first is "
            "criteria[0].id, line 31; ids must be unique",
        ),
    ],
    ids=["bidder", "gate", "criterion"],
)
def test_a_duplicate_id_is_an_error_at_the_repeat(
    old: str, new: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "award.yaml").write_text(_award_with(old, new), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "award.yaml"])
    assert result.exit_code == 1
    assert expected in result.output, result.output


NESTED = st.recursive(
    st.sampled_from(["x", "1", "*a", "*b", "&a x", "&b [x, x]"]),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.tuples(st.sampled_from(["&a ", "&b ", ""]), st.lists(inner, max_size=4)).map(
            lambda pair: (
                pair[0] + "{" + ", ".join(f"k{i}: {v}" for i, v in enumerate(pair[1])) + "}"
            )
        ),
    ),
    max_leaves=60,
)


@given(st.lists(NESTED, min_size=1, max_size=6), st.integers(0, 120))
def test_random_nesting_and_aliases_raise_only_record_errors(values: list[str], depth: int) -> None:
    folder = Path(os.environ.get("TMPDIR", "/tmp")) / f"docgen-attack-{os.getpid()}"
    folder.mkdir(exist_ok=True)
    lines = ["kind: council"] + [f"v{i}: {v}" for i, v in enumerate(values)]
    lines.append("deep: " + "[" * depth + "]" * depth)
    (folder / "r.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with contextlib.suppress(RecordError):  # anything else fails the test
        load_records([folder])


def test_two_lots_numbered_alike_are_an_error_at_the_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Silent data loss before: the paper showed "Lot 1" twice and no Lot 2."""
    text = (RECORDS / "ilss-2025" / "award.yaml").read_text(encoding="utf-8")
    assert "\n- number: 2\n" in text
    (tmp_path / "award.yaml").write_text(text.replace("\n- number: 2\n", "\n- number: 1\n", 1))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "award.yaml"])
    assert result.exit_code == 1
    assert (
        "award.yaml:829:3: lots[1].number: Lot number 1 is given twice: the first is "
        "lots[0].number, line 601; ids must be unique"
    ) in result.output
