"""What every command shares: the group, common options, and turning errors into exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen import __version__
from docgen.cli.output_formats import OUTPUT_FORMATS
from docgen.errors import DocgenError, Problem
from docgen.resources import templates

# As docgen.build.engine has them (a test holds them equal): importing the engine here would
# load the build for every command, `docgen compare` too.
FORMATS = ("docx", "pdf")
DEFAULT_TEMPLATES = templates()

F = TypeVar("F", bound=Callable[..., Any])


class OutPath(click.Path):
    """A path given to --out: an empty one is refused (it would mean the current folder)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("must not be empty (use . for the current folder)", param, ctx)
        return super().convert(value, param, ctx)


def check_out(out_dir: Path, paths: Sequence[Path]) -> None:
    """Refuse (UsageError, exit 2) an output folder docgen must not write into: see
    docgen.build.writer.check_out; here also the records folder itself."""
    from docgen.build.writer import check_out as check
    from docgen.pipeline import DEFAULT_RECORDS

    check(out_dir, list(paths) or [DEFAULT_RECORDS])


PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
OUT = click.option(
    "--out",
    "out_dir",
    type=OutPath(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Folder to write documents into.",
)


def _confined(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """A council's own templates folder, refused (exit 2) if anything in it could resolve
    outside it: see docgen.render.confine."""
    # as docgen.build.engine.is_shipped, which would load the build for every command
    if value != DEFAULT_TEMPLATES and value.resolve() != DEFAULT_TEMPLATES.resolve():
        from docgen.render.confine import check_folder

        try:
            check_folder(value)
        except DocgenError as exc:
            raise click.BadParameter(str(exc), ctx, param) from None
    return value


TEMPLATES = click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=DEFAULT_TEMPLATES,
    show_default=False,
    callback=_confined,
    help="Folder of templates (default: docgen's own templates/). A council's own are checked "
    "(no links, nothing but plain files) and rendered with a time and memory limit "
    "(DOCGEN_TEMPLATE_SECONDS, default 20; DOCGEN_TEMPLATE_MEMORY_MB, default 1024).",
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

OUTPUT_FORMAT = click.option(
    "--output-format",
    "output_format",
    type=click.Choice(OUTPUT_FORMATS),
    default="text",
    show_default=True,
    help="How to print problems: text; json; github (workflow commands, annotations on the "
    "record's lines); gitlab (Code Quality JSON); junit (JUnit XML). The exit code is the same.",
)


def _revision(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--revision REV as given; auto: the commit checked out; none: no revision; unset: the
    commit checked out in a CI job (docgen.compare.changes_git.auto_revision), else none."""
    from docgen.build.drafts import check_revision
    from docgen.compare.changes_git import auto_revision, short_head

    if value is None:
        return auto_revision(Path.cwd())
    if value == "none":
        return None
    if value == "auto":
        found = short_head(Path.cwd())
        if found is None:
            raise click.BadParameter("auto: this folder is not in a git repository", ctx, param)
        return found
    try:
        return check_revision(value)
    except DocgenError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


REVISION = click.option(
    "--revision",
    metavar="REV|auto|none",
    callback=_revision,
    help="Name this revision in each draft's footer and keywords (auto: the commit checked out; "
    "default in a GitHub Actions or GitLab CI job). Cleared and final papers never carry it.",
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


class _Commands(click.Group):
    """The command group, whose command modules load when a command not yet loaded is asked
    for: `docgen compare` (loaded with the group) starts without the build and the records."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            load_commands()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        load_commands()
        return super().list_commands(ctx)


def load_commands() -> None:
    """Import every command module (each registers its commands on ``main``)."""
    import importlib

    for name in ("documents", "exchange", "records", "serve_command"):
        importlib.import_module(f"docgen.cli.{name}")


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
