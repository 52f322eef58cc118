"""What every command shares: the group, common options, and turning errors into exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen import __version__
from docgen.build.engine import DEFAULT_TEMPLATES, FORMATS
from docgen.errors import DocgenError, Problem

F = TypeVar("F", bound=Callable[..., Any])

PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder to write documents into.",
)
TEMPLATES = click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=DEFAULT_TEMPLATES,
    show_default=False,
    help="Folder of templates (default: docgen's own templates/).",
)

STRICT = click.option(
    "--strict",
    is_flag=True,
    help="Treat the rules' warnings as errors: exit 1, and build nothing.",
)

FORMAT = click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="Build only these formats (repeatable; default both).",
)


def reports_errors(command: F) -> F:
    """Turn docgen's errors into a message on stderr and the matching exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DocgenError as exc:
            click.echo(str(exc), err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:  # a full disk, a folder without permission: say so, no traceback
            click.echo(f"{exc.filename or 'docgen'}: {exc.strerror or exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """Council decision and contract-award records to papers, appendices and letters."""


def echo_warnings(problems: Sequence[Problem], err: bool = True) -> None:
    """The rules' warnings, one `warning: file:line:column: …` a line (on stderr unless told)."""
    for problem in problems:
        click.echo(f"warning: {problem}", err=err)


def shown(path: Path) -> str:
    """A path as the person typed it: relative to the current folder where possible."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
