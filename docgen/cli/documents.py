"""Commands about finished documents: letters, packs, revisions, comparison, verification."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from docgen.cli.base import (
    FORMAT,
    FORMATS,
    OUT,
    OUTPUT_FORMAT,
    PATHS,
    STRICT,
    TEMPLATES,
    OutPath,
    check_out,
    echo_warnings,
    main,
    reports_errors,
    shown,
)
from docgen.cli.output_formats import Reporting, emit, from_finding, machine
from docgen.errors import UsageError


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
    """Compose each decision's front sheet, paper, appendices and notice as one tagged PDF,
    OUT/<decision>/agenda-pack.pdf.

    Exempt documents go into OUT/<decision>/exempt/agenda-pack-exempt.pdf. A pack is made from
    the records, as its documents are, not from built PDFs; --build also builds the documents.
    """
    from docgen import pipeline
    from docgen.exchange.pack import build_packs

    check_out(out_dir, paths)
    if build_first:  # the records are loaded and validated once, for both
        records = pipeline.checked(paths, False, echo_warnings)
        pipeline.build_papers(paths, out_dir, records=records)
    else:
        records = pipeline.validate(paths)
    report = build_packs(records, out_dir, decisions)
    for made in report.packs:
        names = "; ".join(f"{p.title} ({p.pages})" for p in made.parts)
        click.echo(f"wrote {shown(made.path)}: {made.pages} pages: {names}")


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
    type=OutPath(path_type=Path, file_okay=False),
    help="Also write each comparison (HTML and JSON) and the PDFs compared to OUT/<decision>/.",
)
@TEMPLATES
@OUTPUT_FORMAT
@reports_errors
def check_revision(
    paths: tuple[Path, ...],
    decision: str | None,
    original_id: str | None,
    as_json: bool,
    out_dir: Path | None,
    templates: Path,
    output_format: str,
) -> None:
    """Check that each revised paper differs from its original in exactly the declared places.

    PATHS are the records (default: records/) and, optionally, ORIGINAL.pdf: the original paper
    as published. Without it the original is built in memory from the record it revises. Exit 1
    on an undeclared change, a declared change that did not happen, a renumbered paragraph, or
    a missing "FINAL revised" label or revision note.
    """
    from docgen import pipeline
    from docgen.compare import revision

    original_pdf, record_paths = revision.split_paths(paths)
    records = pipeline.validate(record_paths)
    checks = revision.check_revisions(records, original_pdf, original_id, decision, templates)
    if out_dir is not None:
        for path in revision.write_check_files(checks, out_dir):
            click.echo(f"wrote {shown(path)}", err=as_json or machine(output_format))
    if output_format not in ("text", "json"):  # one test case per revised paper
        found = [
            from_finding(c.decision, "check-revision", p, c.decision)
            for c in checks
            for p in c.problems
        ]
        emit(output_format, "check-revision", found, [c.decision for c in checks], True)
    if as_json or output_format == "json":
        click.echo(json.dumps([c.to_dict() for c in checks], indent=2, ensure_ascii=False))
    elif not machine(output_format):  # text, and github's log beside its annotations
        click.echo("\n".join(revision.lines(checks)) or "No revised decisions in the records.")
    sys.exit(0 if all(c.ok for c in checks) else 1)


@main.command("pdf")
@click.argument("docx_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "out_file",
    type=OutPath(path_type=Path, dir_okay=False),
    help="Where to write the PDF (default: beside the .docx, with the same name).",
)
@reports_errors
def pdf_command(docx_file: Path, out_file: Path | None) -> None:
    """Make the publishable PDF of a paper finished by hand in Word, through LibreOffice.

    The PDF is tagged and claims PDF/UA-1 and PDF/A-3b; its dates come from the .docx and its
    /ID from its content, so the same .docx always gives the same bytes.
    """
    from docgen.exchange.convert import docx_to_pdf

    made = docx_to_pdf(docx_file, out_file)
    stamp = made.date.strftime("%d %B %Y %H:%M UTC")
    click.echo(f"wrote {shown(made.path)} ({made.size:,} bytes, dated {stamp})")


@main.command("verify")
@click.argument("paper", type=click.Path(path_type=Path, dir_okay=False))
@PATHS
@click.option(
    "--decision",
    metavar="ID",
    help="The decision to check against, when the file carries no record hash.",
)
@click.option(
    "--kind",
    metavar="KIND",
    help="Which of the decision's documents the file is (cabinet_paper, appendix_suppliers, "
    "appendix_scores, appendix_notice, decision_notice, or a file name such as "
    "appendix-a-suppliers), when its title does not say.",
)
@click.option(
    "--strict", is_flag=True, help="Exit 1 also when something is listed for a person to check."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@reports_errors
def verify_command(
    paper: Path,
    paths: tuple[Path, ...],
    decision: str | None,
    kind: str | None,
    strict: bool,
    as_json: bool,
) -> None:
    """Check that a finished PAPER (.docx or .pdf) still states what its record says, place by
    place: the paper, an appendix, a decision notice, or a paper with its appendices in it.

    Every resolution word for word, and every sum of money, date, number and name (a supplier
    in its Lot's table, a score) where the document states it: £245.4m in one paragraph where
    the record says £254.4m is a finding even if another paragraph says £254.4m. Findings exit
    1. A sum or date the record does not know, or a fact gone from its place but stated
    elsewhere, is listed for a person to check (exit 0, or 1 with --strict).
    """
    from docgen import pipeline
    from docgen.compare.verify import lines, verify_paper

    report = verify_paper(paper, pipeline.validate(paths), decision, kind)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(lines(report, strict)))
    sys.exit(report.exit_code(strict))


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
@click.option(
    "--lot", metavar="N", help="Build only the letters about one Lot: its number or label (2, 1a)."
)
@click.option(
    "--bidder",
    metavar="ID-OR-NAME",
    help="Build only this bidder's letters (its id, its name, or a unique part of its name).",
)
@FORMAT
@click.option(
    "--print-file/--no-print-file",
    default=None,
    help="Make all-letters.pdf, one PDF of every letter for the post, or not. Without either, "
    "it is made for an award whose letters are not all sent by email.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-award lines.")
@TEMPLATES
@STRICT
@OUTPUT_FORMAT
@reports_errors
def letters(
    paths: tuple[Path, ...],
    out_dir: Path,
    lot: str | None,
    bidder: str | None,
    formats: tuple[str, ...],
    print_file: bool | None,
    quiet: bool,
    templates: Path,
    strict: bool,
    output_format: str,
) -> None:
    """Build one award letter per bidder per Lot, check them for leaks, and list them.

    Letters go to OUT/<award>/letters/lot-<N>/<bidder>.docx and .pdf, with manifest.csv and
    manifest.json beside them, and all-letters.pdf (every letter, by bidder name then Lot, with
    bookmarks) when letters go by post or --print-file asks for it. The rules' warnings are
    printed on stderr; with --strict they stop the build.
    """
    from docgen import pipeline

    check_out(out_dir, paths)
    bar = _LetterBar()
    with Reporting(output_format, "letters", paths) as out:
        try:
            report = pipeline.build_letters(
                paths,
                out_dir,
                lot,
                bidder,
                formats or FORMATS,
                templates,
                None if quiet else bar,
                print_file,
                strict,
                echo_warnings if output_format == "text" else out.warn,
            )
        finally:
            bar.finish()
        if machine(output_format):
            click.echo(report.summary(), err=True)
            return
    if not quiet:
        for path in report.manifests:
            click.echo(f"manifest {shown(path)}")
        for path, pages, written in report.print_files:
            state = "written" if written else "unchanged"
            click.echo(f"print file {shown(path)} ({pages} pages, {state})")
        for path in report.removed:
            from docgen.letters.record import ALL_LETTERS

            why = "out of date" if path.name == ALL_LETTERS else "no longer a letter of the record"
            click.echo(f"removed {shown(path)} ({why})")
        if report.complete and not report.print_files and "pdf" in (formats or FORMATS):
            click.echo("no print file: every letter goes by email (--print-file makes one)")
    click.echo(report.summary())


@main.command("audit")
@click.argument(
    "output_dir",
    required=False,
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
)
@click.option(
    "--records",
    "record_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Records the outputs were built from (repeatable; default records/).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@OUTPUT_FORMAT
@reports_errors
def audit_command(
    output_dir: Path, record_paths: tuple[Path, ...], as_json: bool, output_format: str
) -> None:
    """Read every finished file back: no exempt value, private contact or other bidder's data
    where it must not be, clean metadata, and tagged, titled PDFs. Exit 1 on any finding."""
    from docgen import pipeline
    from docgen.audit.report import audit

    if not output_dir.is_dir():
        raise UsageError(f"{output_dir}: no such folder (build first)")
    report = audit(output_dir, pipeline.validate(record_paths))
    if output_format not in ("text", "json"):  # one test case per check
        found = [
            from_finding(shown(output_dir / f.path), f.check, f.message) for f in report.findings
        ]
        emit(
            output_format,
            "audit",
            found,
            sorted({c for n in report.checks.values() for c in n}),
            True,
        )
    if as_json or output_format == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    elif not machine(output_format):  # text, and github's log beside its annotations
        for finding in report.findings:
            click.echo(str(finding))
        for note in report.notes:
            click.echo(f"note: {note}")
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)
