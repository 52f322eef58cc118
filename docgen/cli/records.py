"""Commands about records: validate, rules, build, facts, schema."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.base import (
    FORMAT,
    FORMATS,
    OUT,
    OUTPUT_FORMAT,
    PATHS,
    REVISION,
    STRICT,
    TEMPLATES,
    OutPath,
    check_out,
    echo_warnings,
    main,
    reports_errors,
    shown,
)
from docgen.cli.output_formats import Reporting


@main.command()
@PATHS
@click.option("--strict", is_flag=True, help="Treat rule warnings as errors (exit 1).")
@OUTPUT_FORMAT
@reports_errors
def validate(paths: tuple[Path, ...], strict: bool, output_format: str) -> None:
    """Check every record under PATHS (default: records/) and report every problem."""
    from docgen import pipeline

    with Reporting(output_format, "validate", paths) as out:
        records, report = pipeline.validate_with_rules(paths, strict)
        awards = len(records.awards) + len(records.route_awards)
        counts = f"{len(records.councils)} council(s), {len(records.decisions)} decision(s), {awards} award(s)"
        click.echo(f"OK: {counts} valid.", err=out.err)
        for rule_id, where, reason in report.disabled:
            click.echo(f"{where}: {rule_id} is switched off: {reason}", err=out.err)
        if output_format == "text":
            echo_warnings(report.warnings, err=False)
        out.warn(report.warnings)


@main.command("rules")
def rules_command() -> None:
    """List every rule validate checks: id, severity, what it checks, and its source."""
    from docgen.checks.rules import rules_table

    for rule_id, severity, description, source in rules_table():
        click.echo(f"{rule_id}\t{severity}\t{description}\n\t{source}")


def _names(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--only a,b --only c` as (a, b, c)."""
    return tuple(name.strip() for value in values for name in value.split(",") if name.strip())


class _KindsOption(click.Option):
    """An option whose help names the kinds of document, found only when the help is shown:
    the kinds load the documents and the renderers, which `docgen validate` does not need."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from docgen.documents.kinds import paper_kinds

        kinds = ", ".join(k.name for k in paper_kinds())
        record = super().get_help_record(ctx)
        return None if record is None else (record[0], record[1].replace("{kinds}", kinds))


@main.command()
@PATHS
@OUT
@click.option(
    "--only",
    cls=_KindsOption,
    multiple=True,
    callback=lambda _ctx, _param, values: _names(values),
    help="Build only these kinds of document (repeatable, or separated by commas): {kinds}.",
)
@FORMAT
@TEMPLATES
@STRICT
@REVISION
@OUTPUT_FORMAT
@reports_errors
def build(
    paths: tuple[Path, ...],
    out_dir: Path,
    only: tuple[str, ...],
    formats: tuple[str, ...],
    templates: Path,
    strict: bool,
    revision: str | None,
    output_format: str,
) -> None:
    """Validate the records under PATHS and build each decision's paper and appendices.

    The rules' warnings are printed on stderr; with --strict they stop the build. A draft
    built with --revision (or in CI) names the revision in its footer and keywords."""
    from docgen import pipeline

    check_out(out_dir, paths)
    with Reporting(output_format, "build", paths) as out:
        warn = echo_warnings if output_format == "text" else out.warn
        report = pipeline.build_papers(
            paths, out_dir, only, formats or FORMATS, templates, strict, warn, revision
        )
        for path in report.written:
            click.echo(f"wrote {shown(path)}", err=out.err)
        click.echo(
            f"{len(report.written)} file(s) written, {len(report.skipped)} unchanged, "
            f"in {report.seconds:.2f} s.",
            err=out.err,
        )


@main.command()
@PATHS
@reports_errors
def facts(paths: tuple[Path, ...]) -> None:
    """List the facts that prose can cite as {name}, with their values, for each decision."""
    from docgen import pipeline
    from docgen.derive.facts import build_facts

    records = pipeline.validate(paths)
    for decision in records.decisions.values():
        award = records.award_record(decision.award)
        click.echo(f"# {decision.id}")
        for name, value in build_facts(records.councils[decision.council], decision, award).items():
            click.echo(f"{{{name}}}\t{value}")


@main.command()
@click.option(
    "--out",
    "out_dir",
    type=OutPath(path_type=Path, file_okay=False),
    default=Path("records/schemas"),
    show_default=True,
    help="Folder to write the schemas into.",
)
@reports_errors
def schema(out_dir: Path) -> None:
    """Write JSON Schemas of the council, decision and award records (for editor completion)."""
    from docgen.build.writer import atomic_write
    from docgen.records.schema import schemas

    for name, text in schemas().items():
        atomic_write(out_dir / name, text.encode())
        click.echo(f"wrote {shown(out_dir / name)}")


# ---- records from skeletons, spreadsheets, OCDS, the transparency register, agenda packs ----
