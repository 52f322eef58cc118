"""The command line: parse options, call one library function, print its result.

Exit codes: 0 ok; 1 invalid records, failed checks or differences found; 2 usage errors.
The only module that imports click, and the only one that prints.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen import __version__, pipeline
from docgen.build import DEFAULT_TEMPLATES, FORMATS
from docgen.errors import DocgenError

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


def reports_errors(command: F) -> F:
    """Turn docgen's errors into a message on stderr and the matching exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DocgenError as exc:
            click.echo(str(exc), err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="docgen")
def main() -> None:
    """Council decision and contract-award records to papers, appendices and letters."""


@main.command()
@PATHS
@reports_errors
def validate(paths: tuple[Path, ...]) -> None:
    """Check every record under PATHS (default: records/) and report every problem."""
    records = pipeline.validate(paths)
    counts = f"{len(records.councils)} council(s), {len(records.decisions)} decision(s), {len(records.awards)} award(s)"
    click.echo(f"OK: {counts} valid.")


@main.command()
@PATHS
@OUT
@click.option(
    "--only",
    multiple=True,
    type=click.Choice(["paper", "appendix"]),
    help="Build only these documents (repeatable).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="Build only these formats (repeatable; default both).",
)
@TEMPLATES
@reports_errors
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    only: tuple[str, ...],
    formats: tuple[str, ...],
    templates: Path,
) -> None:
    """Validate the records under PATHS and build each decision's paper and appendices."""
    report = pipeline.build_papers(paths, out_dir, only, formats or FORMATS, templates)
    for path in report.written:
        click.echo(f"wrote {_shown(path)}")
    click.echo(
        f"{len(report.written)} file(s) written, {len(report.skipped)} unchanged, "
        f"in {report.seconds:.2f} s."
    )


@main.command()
@PATHS
@reports_errors
def facts(paths: tuple[Path, ...]) -> None:
    """List the facts that prose can cite as {name}, with their values, for each decision."""
    from docgen.facts import build_facts  # the one command that needs it

    records = pipeline.validate(paths)
    for decision in records.decisions.values():
        award = records.awards.get(decision.award or "")
        click.echo(f"# {decision.id}")
        for name, value in build_facts(records.councils[decision.council], decision, award).items():
            click.echo(f"{{{name}}}\t{value}")


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("records/schemas"), show_default=True, help="Folder to write the schemas into.")
@reports_errors
def schema(out_dir: Path) -> None:
    """Write JSON Schemas of the council, decision and award records (for editor completion)."""
    from docgen.schema import schemas
    from docgen.writer import atomic_write

    for name, text in schemas().items():
        atomic_write(out_dir / name, text.encode())
        click.echo(f"wrote {_shown(out_dir / name)}")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@main.command()
@click.argument("original", type=click.Path(path_type=Path))
@click.argument("revised", type=click.Path(path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="Print the differences as JSON (see docgen.compare)."
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write a side-by-side HTML report to this file.",
)
@reports_errors
def compare(original: Path, revised: Path, as_json: bool, html_file: Path | None) -> None:
    """Compare two PDFs by their text; exit 1 if the text differs."""
    import json

    from docgen.compare import compare_pdfs, format_text
    from docgen.compare_html import write_html
    from docgen.writer import atomic_write

    result = compare_pdfs(original, revised)
    click.echo(
        json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
        if as_json
        else format_text(result)
    )
    if html_file:
        atomic_write(html_file, write_html(result, original.name, revised.name).encode())
    sys.exit(0 if result.identical_text else 1)
