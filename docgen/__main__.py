"""`python -m docgen`: the command line, and the two make commands for machines without make.

- `python -m docgen demo [--out DIR]` does what `make demo` does: validate records/, build the
  papers and the letters (with a print file) into output/, and audit them. It stops at the first
  step that fails, with that step's exit code.
- `python -m docgen test [PYTEST ARGS]` runs the test suite with pytest when the development tools
  are installed, and otherwise says how to install them (exit 2).
- Anything else goes to the docgen command line: `python -m docgen validate records`.

It runs the same on Windows, where there is no make, as on Linux and macOS.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Sequence

from docgen.cli import main as docgen_command

RECORDS = "records"
OUTPUT = "output"
INSTALL_DEV = 'python -m pip install -e ".[dev]"'


def demo_steps(out: str = OUTPUT) -> list[list[str]]:
    """The docgen commands `demo` runs, in order (as `make demo`)."""
    return [
        ["validate", RECORDS],
        ["build", RECORDS, "--out", out],
        ["letters", RECORDS, "--out", out, "--print-file"],
        ["audit", out, "--records", RECORDS],
    ]


def demo(out: str = OUTPUT) -> int:
    """Validate, build, write the letters and audit; the first failing step's exit code."""
    for step in demo_steps(out):
        print(f"docgen {' '.join(step)}", flush=True)
        code = run_docgen(step)
        if code:
            return code
    print(f"The example pack is in {out}/")
    return 0


def run_docgen(args: Sequence[str]) -> int:
    """One docgen command in this process; its exit code."""
    try:
        docgen_command.main(list(args), prog_name="docgen")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def test(pytest_args: Sequence[str]) -> int:
    """The test suite, when pytest is installed; else how to install it (exit 2)."""
    if importlib.util.find_spec("pytest") is None:
        print(
            "The development tools (pytest and the rest) are not installed. Install them with\n"
            f"  {INSTALL_DEV}\n"
            "from the project's folder, then run `python -m docgen test` again.",
            file=sys.stderr,
        )
        return 2
    return subprocess.call([sys.executable, "-m", "pytest", "-q", *pytest_args])


def run(argv: Sequence[str]) -> int:
    """Dispatch: demo, test, or the docgen command line."""
    command, rest = (argv[0], list(argv[1:])) if argv else ("", [])
    if command == "demo":
        if rest[:1] == ["--out"] and len(rest) == 2:
            return demo(rest[1])
        if rest:
            print("usage: python -m docgen demo [--out DIR]", file=sys.stderr)
            return 2
        return demo()
    if command == "test":
        return test(rest)
    return run_docgen(argv)


if __name__ == "__main__":  # spawned workers import this module as __mp_main__: run nothing then
    sys.exit(run(sys.argv[1:]))
