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
from docgen.plan import PAPER_KINDS

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
@click.option("--strict", is_flag=True, help="Treat rule warnings as errors (exit 1).")
@reports_errors
def validate(paths: tuple[Path, ...], strict: bool) -> None:
    """Check every record under PATHS (default: records/) and report every problem."""
    records, report = pipeline.validate_with_rules(paths, strict)
    counts = f"{len(records.councils)} council(s), {len(records.decisions)} decision(s), {len(records.awards)} award(s)"
    click.echo(f"OK: {counts} valid.")
    for rule_id, where, reason in report.disabled:
        click.echo(f"{where}: {rule_id} is switched off: {reason}")
    for problem in report.warnings:
        click.echo(f"warning: {problem}")


@main.command("rules")
def rules_command() -> None:
    """List every rule validate checks: id, severity, what it checks, and its source."""
    from docgen.rules import rules_table

    for rule_id, severity, description, source in rules_table():
        click.echo(f"{rule_id}\t{severity}\t{description}\n\t{source}")


@main.command()
@PATHS
@OUT
@click.option(
    "--only",
    multiple=True,
    type=click.Choice(list(PAPER_KINDS)),
    help="Build only these documents (repeatable); the appendix includes the exempt edition.",
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
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("records/schemas"),
    show_default=True,
    help="Folder to write the schemas into.",
)
@reports_errors
def schema(out_dir: Path) -> None:
    """Write JSON Schemas of the council, decision and award records (for editor completion)."""
    from docgen.schema import schemas
    from docgen.writer import atomic_write

    for name, text in schemas().items():
        atomic_write(out_dir / name, text.encode())
        click.echo(f"wrote {_shown(out_dir / name)}")


# ---- records from skeletons, spreadsheets, OCDS, the transparency register, agenda packs ----

RECORDS_OPT = click.option(
    "--records",
    "records_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("records"),
    show_default=True,
    help="Folder holding the council record the award names.",
)


@main.command("new")
@click.argument("kind", type=click.Choice(["decision", "award", "council"]))
@click.argument("name")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write into (default records/NAME/, or records/councils/ for a council).",
)
@click.option(
    "--council",
    metavar="ID",
    help="The council the record names (default: the only one in records/).",
)
@click.option("--award", metavar="ID", help="For a decision: the award record it approves.")
@reports_errors
def new(kind: str, name: str, out_dir: Path | None, council: str | None, award: str | None) -> None:
    """Write a new KIND record with id NAME from a commented skeleton that validates as it is."""
    from docgen.skeletons import new_record

    made = new_record(kind, name, out_dir, council=council, award=award)
    for note in made.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(
        f"wrote {_shown(made.path)}: fill in the values marked TODO, then `docgen validate`."
    )


@main.command("import-scores")
@click.argument("award_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the updated record here (default: update AWARD_FILE in place).",
)
@reports_errors
def import_scores_command(award_file: Path, workbook: Path, out_file: Path | None) -> None:
    """Read bidders' scores (and outcomes) from the panel's WORKBOOK into AWARD_FILE.

    One sheet per Lot named "Lot N" (or one sheet with a Lot column); a header row with a
    bidder column (id or name) and a column per criterion (id or name). Every row that cannot
    be read is listed with its sheet and row; then nothing is written and the exit code is 1.
    """
    from docgen.score_import import import_scores

    report = import_scores(award_file, workbook, out_file)
    for note in report.notes:
        click.echo(f"note: {note}")
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if report.problems:
        click.echo(f"{len(report.problems)} problem(s): nothing written.", err=True)
        sys.exit(1)
    for check in report.checks:
        click.echo(f"check: {check}")
    written = f"wrote {_shown(report.written)}" if report.written else "the record is unchanged"
    way = " (the whole record was rewritten by ruamel)" if report.reformatted else ""
    click.echo(f"read {report.rows} row(s), {report.changed} value(s) changed: {written}{way}.")


@main.command("export-workbook")
@click.argument("award_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("out_file", type=click.Path(path_type=Path, dir_okay=False))
@reports_errors
def export_workbook_command(award_file: Path, out_file: Path) -> None:
    """Write the award's evaluation workbook (one sheet per Lot) to OUT_FILE (.xlsx)."""
    from docgen.score_import import load_award
    from docgen.workbook import export_workbook

    report = export_workbook(load_award(award_file), out_file)
    click.echo(f"wrote {_shown(report.path)}: {', '.join(report.sheets)} ({report.rows} bids).")


@main.command("ocds")
@click.argument("award_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the JSON here (default: print it).",
)
@click.option(
    "--ocid-prefix",
    metavar="PREFIX",
    help="Your OCDS prefix, if the record has no procurement.ocid.",
)
@click.option("--uri", help="The package's URI, where it will be published.")
@RECORDS_OPT
@reports_errors
def ocds_command(
    award_file: Path,
    out_file: Path | None,
    ocid_prefix: str | None,
    uri: str | None,
    records_dir: Path,
) -> None:
    """Export the award as an OCDS 1.1 release package (with the Lots extension)."""
    from docgen.ocds import release_package, to_json
    from docgen.transparency import award_and_council
    from docgen.writer import atomic_write

    award, council = award_and_council(award_file, records_dir)
    text = to_json(release_package(award, council, ocid_prefix, uri))
    if out_file is None:
        click.echo(text, nl=False)
        return
    atomic_write(out_file, text.encode())
    click.echo(f"wrote {_shown(out_file)}")


@main.command("import-ocds")
@click.argument("package", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for award.yaml (default records/ID/).",
)
@click.option(
    "--id", "record_id", metavar="ID", help="The new award's id (default: from the tender title)."
)
@reports_errors
def import_ocds_command(package: Path, out_dir: Path | None, record_id: str | None) -> None:
    """Write an award record skeleton from an OCDS release package, with TODOs to complete."""
    from docgen.ocds_import import import_ocds

    path, rid = import_ocds(package, out_dir, record_id)
    click.echo(f"wrote {_shown(path)} (award {rid!r}): complete the lines marked TODO.")


@main.command("transparency")
@click.argument(
    "award_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), required=False
)
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the CSV here (default: print it).",
)
@click.option("--columns", is_flag=True, help="List the columns and what each holds, and stop.")
@RECORDS_OPT
@reports_errors
def transparency_command(
    award_file: Path | None, out_file: Path | None, columns: bool, records_dir: Path
) -> None:
    """Contract register rows (Local Government Transparency Code 2015), one per supplier per Lot."""
    from docgen.transparency import COLUMNS, award_and_council, register_rows, to_csv
    from docgen.writer import atomic_write

    if columns or award_file is None:
        for name, meaning in COLUMNS:
            click.echo(f"{name}\t{meaning}")
        return
    award, council = award_and_council(award_file, records_dir)
    rows = register_rows(award, council)
    if out_file is None:
        click.echo(to_csv(rows).lstrip("\ufeff"), nl=False)
        return
    atomic_write(out_file, to_csv(rows).encode())
    click.echo(f"wrote {_shown(out_file)} ({len(rows)} row(s)).")


@main.command("pack")
@PATHS
@OUT
@click.option(
    "--decision",
    "decisions",
    multiple=True,
    metavar="ID",
    help="Only this decision's packs (repeatable).",
)
@click.option(
    "--build", "build_first", is_flag=True, help="Build the papers first (as `docgen build`)."
)
@reports_errors
def pack(
    paths: tuple[Path, ...], out_dir: Path, decisions: tuple[str, ...], build_first: bool
) -> None:
    """Merge each decision's paper, appendices and notice into OUT/<decision>/agenda-pack.pdf.

    Exempt documents go into OUT/<decision>/exempt/agenda-pack-exempt.pdf. The packs read the
    PDFs that `docgen build` wrote into OUT (or pass --build).
    """
    from docgen.pack import build_packs

    if build_first:
        pipeline.build_papers(paths, out_dir)
    report = build_packs(pipeline.validate(paths), out_dir, decisions)
    for made in report.packs:
        names = "; ".join(f"{p.title} ({p.pages})" for p in made.parts)
        click.echo(f"wrote {_shown(made.path)}: {made.pages} pages: {names}")


@main.command("check-revision")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--decision",
    metavar="ID",
    help="Check only this revised decision (default: every decision that has revisions).",
)
@click.option(
    "--original",
    "original_id",
    metavar="ID",
    help="The decision record the revision revises, built in memory "
    "(default: X for X-rev1, X-rev1 for X-rev2).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Also write each comparison (HTML and JSON) and the PDFs compared to OUT/<decision>/.",
)
@TEMPLATES
@reports_errors
def check_revision(
    paths: tuple[Path, ...],
    decision: str | None,
    original_id: str | None,
    as_json: bool,
    out_dir: Path | None,
    templates: Path,
) -> None:
    """Check that each revised paper differs from its original in exactly the declared places.

    PATHS are the records (default: records/) and, optionally, ORIGINAL.pdf: the original paper
    as published. Without it the original is built in memory from the record it revises. Exit 1
    on an undeclared change, a declared change that did not happen, a renumbered paragraph, or
    a missing "FINAL revised" label or revision note.
    """
    import json

    from docgen import revision

    original_pdf, record_paths = revision.split_paths(paths)
    records = pipeline.validate(record_paths)
    checks = revision.check_revisions(records, original_pdf, original_id, decision, templates)
    if out_dir is not None:
        for path in revision.write_check_files(checks, out_dir):
            click.echo(f"wrote {_shown(path)}", err=as_json)
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in checks], indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(revision.lines(checks)) or "No revised decisions in the records.")
    sys.exit(0 if all(c.ok for c in checks) else 1)


@main.command("pdf")
@click.argument("docx_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the PDF (default: beside the .docx, with the same name).",
)
@reports_errors
def pdf_command(docx_file: Path, out_file: Path | None) -> None:
    """Make the publishable PDF of a paper finished by hand in Word, through LibreOffice.

    The PDF is tagged and claims PDF/UA-1 and PDF/A-3b; its dates come from the .docx and its
    /ID from its content, so the same .docx always gives the same bytes.
    """
    from docgen.convert import docx_to_pdf

    made = docx_to_pdf(docx_file, out_file)
    stamp = made.date.strftime("%d %B %Y %H:%M UTC")
    click.echo(f"wrote {_shown(made.path)} ({made.size:,} bytes, dated {stamp})")


@main.command("verify")
@click.argument("paper", type=click.Path(path_type=Path, dir_okay=False))
@PATHS
@click.option(
    "--decision",
    metavar="ID",
    help="The decision to check against, when the file carries no record hash.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@reports_errors
def verify_command(
    paper: Path, paths: tuple[Path, ...], decision: str | None, as_json: bool
) -> None:
    """Check that a finished PAPER (.docx or .pdf) still states what its record says.

    Every resolution, Lot title, appointed supplier (if the paper includes its appendix), sum
    of money and date; each one missing or different is listed, and the exit code is 1.
    """
    import json

    from docgen.verify import lines, verify_paper

    report = verify_paper(paper, pipeline.validate(paths), decision)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(lines(report)))
    sys.exit(0 if report.ok else 1)


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


class _LetterBar:
    """A progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, total: int) -> None:
        if total and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="Letters", file=sys.stderr)
            self.bar.__enter__()

    def __call__(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(done)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command()
@PATHS
@OUT
@click.option("--lot", type=click.IntRange(min=1), help="Build only the letters about Lot N.")
@click.option(
    "--bidder",
    metavar="ID-OR-NAME",
    help="Build only this bidder's letters (its id, its name, or a unique part of its name).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="Build only these formats (repeatable; default both).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-award lines.")
@TEMPLATES
@reports_errors
def letters(
    paths: tuple[Path, ...],
    out_dir: Path,
    lot: int | None,
    bidder: str | None,
    formats: tuple[str, ...],
    quiet: bool,
    templates: Path,
) -> None:
    """Build one award letter per bidder per Lot, check them for leaks, and list them.

    Letters go to OUT/<award>/letters/lot-<N>/<bidder>.docx and .pdf, with manifest.csv,
    manifest.json and all-letters.pdf (every letter, by bidder name then Lot) beside them.
    """
    bar = _LetterBar()
    try:
        report = pipeline.build_letters(
            paths, out_dir, lot, bidder, formats or FORMATS, templates, None if quiet else bar
        )
    finally:
        bar.finish()
    if not quiet:
        for path in report.manifests:
            click.echo(f"manifest {_shown(path)}")
        for path, pages, written in report.print_files:
            state = "written" if written else "unchanged"
            click.echo(f"print file {_shown(path)} ({pages} pages, {state})")
        for path in report.removed:
            click.echo(f"removed {_shown(path)} (no longer a letter of the record)")
    click.echo(report.summary())
