"""Commands that meet other tools: skeletons, spreadsheets, OCDS, the Transparency Code."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from docgen.cli.base import OutPath, main, reports_errors, shown

# As docgen.models.routes.ROUTES (tests/test_startup.py holds them equal): importing the models
# here would load pydantic and every record model for `docgen --help`.
ROUTE_CHOICES = (
    "competitive",
    "call_off",
    "direct_award",
    "modification",
    "authority_to_procure",
    "not_awarded",
)

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
    type=OutPath(path_type=Path, file_okay=False),
    help="Folder to write into (default records/NAME/, or records/councils/ for a council).",
)
@click.option(
    "--council",
    metavar="ID",
    help="The council the record names (default: the only one in records/).",
)
@click.option("--award", metavar="ID", help="For a decision: the award record it approves.")
@click.option(
    "--records",
    "records_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("records"),
    show_default=True,
    help="Folder of the records: the council's, and the award --award names (else beside --out).",
)
@click.option(
    "--route",
    type=click.Choice(ROUTE_CHOICES),
    help="For an award: the route to the contract (default competitive; docs/law.md §11).",
)
@reports_errors
def new(
    kind: str,
    name: str,
    out_dir: Path | None,
    council: str | None,
    award: str | None,
    records_dir: Path,
    route: str | None,
) -> None:
    """Write a new KIND record with id NAME from a commented skeleton that validates as it is."""
    from docgen.exchange.skeletons import new_record

    made = new_record(
        kind, name, out_dir, council=council, award=award, route=route, records=records_dir
    )
    for note in made.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"wrote {shown(made.path)}: fill in the values marked TODO, then `docgen validate`.")


@main.command("import-scores")
@click.argument("award_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--out",
    "out_file",
    type=OutPath(path_type=Path, dir_okay=False),
    help="Write the updated record here (default: update AWARD_FILE in place).",
)
@click.option(
    "--map",
    "map_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The map of the panel's headers (default: AWARD.workbook-map.yaml beside the record).",
)
@click.option(
    "--propose-map",
    is_flag=True,
    help="Write a map of the workbook's headers for you to check, and import nothing.",
)
@click.option("--dry-run", is_flag=True, help="Show the changes and check them; write nothing.")
@click.option(
    "--records",
    "records_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Records folder to validate against (default: the one holding the award's folder).",
)
@reports_errors
def import_scores_command(
    award_file: Path,
    workbook: Path,
    out_file: Path | None,
    map_file: Path | None,
    propose_map: bool,
    dry_run: bool,
    records_dir: Path | None,
) -> None:
    """Read the panel's WORKBOOK (.xlsx, or a portal's .csv of bidders) into AWARD_FILE.

    Bidders, bids per Lot, gate results, prices, scores, feedback and exclusion reasons;
    outcomes are computed by the award's rules. Headers are read through the map beside the
    record (--propose-map writes one). Every row that cannot be read is listed with its sheet
    and row, and a result that would not validate is listed too; then nothing is written and
    the exit code is 1.
    """
    from docgen.exchange import score_import

    if propose_map:
        path = score_import.propose_map(award_file, workbook, map_file)
        click.echo(f"wrote {shown(path)}: check each line marked 'guessed', then import again.")
        return
    report = score_import.import_scores(
        award_file, workbook, out_file, map_file=map_file, records_dir=records_dir, dry_run=dry_run
    )
    for note in report.notes:
        click.echo(f"note: {note}")
    for problem in report.problems:
        click.echo(str(problem), err=True)
    if report.problems:
        click.echo(f"{len(report.problems)} problem(s): nothing written.", err=True)
        sys.exit(1)
    for line in report.preview:
        click.echo(f"  {line}")
    for invalid in report.invalid:
        click.echo(str(invalid), err=True)
    if report.invalid:
        click.echo(
            f"the record would not validate ({len(report.invalid)} problem(s)): nothing written.",
            err=True,
        )
        sys.exit(1)
    for check in report.checks:
        click.echo(f"check: {check}")
    if dry_run:
        click.echo(
            f"read {report.rows} row(s), {report.changed} change(s): dry run, nothing written."
        )
        return
    written = f"wrote {shown(report.written)}" if report.written else "the record is unchanged"
    way = " (the whole record was rewritten by ruamel)" if report.reformatted else ""
    click.echo(f"read {report.rows} row(s), {report.changed} value(s) changed: {written}{way}.")


@main.command("export-workbook")
@click.argument("award_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("out_file", type=click.Path(path_type=Path, dir_okay=False))
@reports_errors
def export_workbook_command(award_file: Path, out_file: Path) -> None:
    """Write the award's evaluation workbook (one sheet per Lot) to OUT_FILE (.xlsx)."""
    from docgen.exchange.score_import import load_award
    from docgen.exchange.workbook import export_workbook

    report = export_workbook(load_award(award_file), out_file)
    click.echo(f"wrote {shown(report.path)}: {', '.join(report.sheets)} ({report.rows} bids).")


@main.command("ocds")
@click.argument("award_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--out",
    "out_file",
    type=OutPath(path_type=Path, dir_okay=False),
    help="Write the JSON here (default: print it).",
)
@click.option(
    "--ocid-prefix",
    metavar="PREFIX",
    help="Your OCDS prefix, if the record has no procurement.ocid.",
)
@click.option("--uri", help="The package's URI, where it will be published.")
@click.option(
    "--as-at",
    "as_at",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The release date, YYYY-MM-DD (default: the letters' send date); awards are "
    "'pending' until the standstill has ended on it, then 'active'.",
)
@RECORDS_OPT
@reports_errors
def ocds_command(
    award_file: Path,
    out_file: Path | None,
    ocid_prefix: str | None,
    uri: str | None,
    as_at: dt.datetime | None,
    records_dir: Path,
) -> None:
    """Export the award as an OCDS 1.1 release package (with the Lots extension)."""
    from docgen.build.writer import atomic_write
    from docgen.exchange.ocds import release_package, to_json
    from docgen.exchange.ocds_routes import route_and_council, route_package
    from docgen.exchange.transparency import award_and_council

    day = as_at.date() if as_at else None
    route = route_and_council(award_file, records_dir)  # a direct award or a modification
    if route is not None:
        text = to_json(route_package(*route, ocid_prefix, uri, day))
    else:
        award, council = award_and_council(award_file, records_dir)
        text = to_json(release_package(award, council, ocid_prefix, uri, day))
    if out_file is None:
        click.echo(text, nl=False)
        return
    atomic_write(out_file, text.encode())
    click.echo(f"wrote {shown(out_file)}")


@main.command("import-ocds")
@click.argument("package", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--out",
    "out_dir",
    type=OutPath(path_type=Path, file_okay=False),
    help="Folder for award.yaml (default records/ID/).",
)
@click.option(
    "--id", "record_id", metavar="ID", help="The new award's id (default: from the tender title)."
)
@reports_errors
def import_ocds_command(package: Path, out_dir: Path | None, record_id: str | None) -> None:
    """Write an award record skeleton from an OCDS release package, with TODOs to complete."""
    from docgen.exchange.ocds_import import import_ocds

    path, rid = import_ocds(package, out_dir, record_id)
    click.echo(f"wrote {shown(path)} (award {rid!r}): complete the lines marked TODO.")


@main.command("transparency")
@click.argument(
    "award_file", type=click.Path(path_type=Path, dir_okay=False, exists=True), required=False
)
@click.option(
    "--out",
    "out_file",
    type=OutPath(path_type=Path, dir_okay=False),
    help="Write the CSV here (default: print it).",
)
@click.option("--columns", is_flag=True, help="List the columns and what each holds, and stop.")
@RECORDS_OPT
@reports_errors
def transparency_command(
    award_file: Path | None, out_file: Path | None, columns: bool, records_dir: Path
) -> None:
    """Contract register (Transparency Code 2015): each agreement's value once, then its suppliers."""
    from docgen.build.writer import atomic_write
    from docgen.exchange.transparency import (
        COLUMNS,
        award_and_council,
        register_rows,
        to_csv,
        unrecorded_status,
    )

    if columns or award_file is None:
        for name, meaning in COLUMNS:
            click.echo(f"{name}\t{meaning}")
        return
    from docgen.exchange.ocds_routes import route_and_council
    from docgen.exchange.transparency_routes import route_rows

    route = route_and_council(award_file, records_dir)  # a direct award or a change (H5)
    if route is not None:
        rows = route_rows(*route)
    else:
        award, council = award_and_council(award_file, records_dir)
        rows = register_rows(award, council)
        for line in unrecorded_status(award):
            click.echo(f"warning: {line}", err=True)
    if out_file is None:
        click.echo(to_csv(rows).lstrip("\ufeff"), nl=False)
        return
    atomic_write(out_file, to_csv(rows).encode())
    click.echo(f"wrote {shown(out_file)} ({len(rows)} row(s)).")


@main.command("changes")
@click.argument("base")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
@click.option(
    "--html",
    "html_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the report as one HTML page (the facts, and each document side by side).",
)
@reports_errors
def changes_command(
    base: str, paths: tuple[Path, ...], as_json: bool, html_file: Path | None
) -> None:
    """What the change from BASE (a branch, tag or commit, e.g. origin/main) to the working
    tree does to the records under PATHS (default records/): the facts that change, and for
    each paper and letter that changes its paragraphs and table rows, as `docgen compare`
    reports them. Prints Markdown (for $GITHUB_STEP_SUMMARY or a review comment), or JSON.
    Exit 0 whether or not anything changes; 2 when BASE cannot be read (a shallow clone)."""
    import json

    from docgen.build.writer import atomic_write
    from docgen.compare.changes_report import html, markdown
    from docgen.compare.git_changes import changes
    from docgen.pipeline import document_jobs

    report = changes(base, document_jobs, paths)
    if html_file is not None:
        atomic_write(html_file, html(report).encode())
        click.echo(f"wrote {shown(html_file)}", err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(markdown(report), nl=False)
