"""`docgen compare`: the command a clerk runs on two PDFs, kept light to start.

It imports only click, the command line's base and, when run, ``docgen.compare.diff`` (PDFium
and the comparison): not the build, the records or pypdf, which the other commands load when
they are asked for (``docgen.cli.base``). A 43-page pair compares in under a second, start-up
included (README, "Comparing two PDFs").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from docgen.cli.base import main, reports_errors


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
    """Compare two PDFs by their text, headers and footers; exit 1 if anything differs."""

    from docgen.compare.diff import compare_pdfs, format_text

    result = compare_pdfs(original, revised)
    click.echo(
        json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
        if as_json
        else format_text(result)
    )
    if html_file:
        from docgen.build.writer import atomic_write
        from docgen.compare.html import write_html

        atomic_write(html_file, write_html(result, original.name, revised.name).encode())
    sys.exit(0 if result.identical_text else 1)
