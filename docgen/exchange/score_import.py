"""Put what the panel's workbook holds into the award record: bidders, bids, gates, prices,
scores, feedback and exclusion reasons; outcomes computed by the award's rules.

The changes are planned against the record, the outcomes of every Lot the workbook speaks of
are computed (docgen.derive.units: excluded when a gate failed or a reason is given, else
appointed as the Lot's appointment rule says), and the changed record is validated in memory
with the same checks and rules as `docgen validate`. Only a record that validates is written,
atomically, with its comments and layout kept (docgen.exchange.record_edit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML

from docgen.build.writer import atomic_write
from docgen.checks.core import check_or_raise
from docgen.checks.rules.runner import run_rules
from docgen.derive.units import Unit, units
from docgen.errors import Problem, RecordError, UsageError
from docgen.exchange.columns import map_path, propose, read_map, write_map
from docgen.exchange.plan import plan_changes
from docgen.exchange.record_edit import Change, apply_changes, round_trip
from docgen.exchange.spreadsheet import RowProblem, headers_of, read_scores
from docgen.models import Award, CallOff
from docgen.records.loading import (
    Records,
    Source,
    find_record_files,
    format_loc,
    load_records,
    locate,
    plain,
)
from docgen.records.messages import describe_error


@dataclass
class ImportReport:
    """What import-scores read, what it would change, and why nothing was written."""

    rows: int = 0
    changed: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    preview: list[str] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    written: Path | None = None
    reformatted: bool = False


def import_scores(
    award_path: Path,
    workbook: Path,
    out: Path | None = None,
    *,
    map_file: Path | None = None,
    records_dir: Path | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Read the workbook; write the updated record to out only if every row was read and the
    result validates (and not on a dry run)."""
    award = load_award(award_path)
    mapping_path = map_file or map_path(award_path)
    mapping = read_map(mapping_path, award) if mapping_path.exists() else None
    data = read_scores(award, workbook, mapping)
    report = ImportReport(rows=data.rows, problems=data.problems, notes=data.notes)
    if mapping is not None:
        report.notes.insert(0, f"headers read by the map {mapping_path}")
    if data.problems:
        return report
    text = award_path.read_text(encoding="utf-8")
    planned = plan_changes(award, round_trip().load(text), data, _computed(text))
    report.preview, report.notes = planned.preview, report.notes + planned.notes
    new_text, report.reformatted = apply_changes(text, planned.changes)
    report.changed = len(planned.changes)
    target = out or award_path
    report.invalid, report.checks = validate_text(new_text, target, award_path, records_dir)
    if report.invalid or dry_run:
        return report
    if new_text != text or target != award_path:
        atomic_write(target, new_text.encode())
        report.written = target
    return report


def propose_map(award_path: Path, workbook: Path, map_file: Path | None = None) -> Path:
    """Write a map of the workbook's headers beside the record, for a person to check."""
    award = load_award(award_path)
    headers = headers_of(award, workbook)
    if not headers:
        raise UsageError(f"{workbook}: no header row with a bidder column in the first rows")
    target = map_file or map_path(award_path)
    write_map(target, propose(award, headers))
    return target


def load_award(path: Path) -> Award:
    """The one award record in the file at path (model checks only: no council needed)."""
    records = load_records([path])
    if len(records.awards) != 1:
        raise UsageError(f"{path}: expected one award record (found {len(records.awards)})")
    return next(iter(records.awards.values()))


def scored_award(data: Any) -> Award:
    """A scored award record (competitive, or a call-off by mini-competition) from plain data."""
    if isinstance(data, dict) and data.get("route") == "call_off":
        return CallOff.model_validate(data)
    return Award.model_validate(data)


def _computed(text: str) -> Any:
    """The outcomes function plan_changes calls on the planned record (as text)."""

    def outcomes(changes: list[Change]) -> list[Unit]:
        changed, _ = apply_changes(text, changes)
        return units(scored_award(plain(YAML(typ="rt").load(changed))))

    return outcomes


# ---- validating in memory ----


def validate_text(
    text: str, target: Path, award_path: Path, records_dir: Path | None
) -> tuple[list[Problem], list[str]]:
    """(errors, warnings) of the changed record, checked as `docgen validate` checks it."""
    shown = str(target)
    tree = YAML(typ="rt").load(text)
    try:
        award = scored_award(plain(tree))
    except ValidationError as exc:
        return [_model_problem(tree, shown, e) for e in exc.errors()], []
    root = records_dir or _records_root(award_path)
    if root is None:
        return _unit_problems(award, tree, shown), []
    try:
        others = [p for p in find_record_files([root]) if p.resolve() != award_path.resolve()]
        records: Records = load_records(others)
        records.awards[award.id] = award
        records.sources[("award", award.id)] = Source(shown, text)
        check_or_raise(records)
        report = run_rules(records)
    except RecordError as exc:
        return list(exc.problems), []
    mine = [str(p) for p in report.warnings if p.path == shown]
    return list(report.errors), mine


def _records_root(award_path: Path) -> Path | None:
    """The records folder holding the award's council: its parent's parent with councils/."""
    for folder in (award_path.resolve().parent.parent, award_path.resolve().parent):
        if (folder / "councils").is_dir():
            return folder
    return None


def _model_problem(tree: Any, shown: str, error: Any) -> Problem:
    loc = tuple(part for part in error["loc"] if part not in {"threshold", "top_n"})
    line, col = locate(tree, loc)
    return Problem(shown, line, col, format_loc(loc), describe_error(error))


def _unit_problems(award: Award, tree: Any, shown: str) -> list[Problem]:
    """Without the council's records: the Lot checks (scores within maxima, outcomes)."""
    from docgen.checks.bids import unit_findings

    found = []
    for unit in units(award):
        for _, loc, message in unit_findings(award, unit):
            line, col = locate(tree, loc)
            found.append(Problem(shown, line, col, format_loc(loc), message))
    return found
