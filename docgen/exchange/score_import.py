"""Put the scores read from a workbook into the award record, keeping its comments and layout.

The record is loaded with ruamel's round-trip loader, which knows where every value sits in the
file. A changed score or outcome is replaced in the text at that place, so the rest of the file
stays byte for byte as it was. Only when a value must be added (a bid with no scores mapping,
a criterion never scored) is the whole record dumped again by ruamel, which keeps comments but
may re-flow long lines. The result is validated before anything is written.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.util import load_yaml_guess_indent

from docgen.build.writer import atomic_write
from docgen.checks.bids import unit_findings
from docgen.derive.units import units
from docgen.errors import Problem, RecordError, UsageError
from docgen.exchange.spreadsheet import Loc, RowProblem, ScoreRow, read_scores
from docgen.models import Award
from docgen.records.loading import format_loc, load_records, locate, plain
from docgen.records.messages import describe_error

_TOKEN = re.compile(r"[^\s,\]}#]+")


@dataclass(frozen=True)
class Change:
    """Set key of the mapping at loc to value (a score or an outcome)."""

    loc: Loc
    key: str
    value: Decimal | str


@dataclass
class ImportReport:
    """What import-scores read, what it changed, and what could not be read."""

    rows: int = 0
    changed: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    written: Path | None = None
    reformatted: bool = False


def import_scores(award_path: Path, workbook: Path, out: Path | None = None) -> ImportReport:
    """Read the workbook, and if every row was read, write the updated record to out."""
    award = load_award(award_path)
    data = read_scores(award, workbook)
    report = ImportReport(rows=len(data.rows), problems=data.problems, notes=data.notes)
    if data.problems:
        return report
    text = award_path.read_text(encoding="utf-8")
    changes = list(_changes(data.rows))
    new_text, report.changed, report.reformatted = apply_changes(text, changes)
    target = out or award_path
    updated = _validated(new_text, str(target))
    report.checks = _checks(updated, new_text)
    if new_text != text or target != award_path:
        atomic_write(target, new_text.encode())
        report.written = target
    return report


def load_award(path: Path) -> Award:
    """The one award record in the file at path (model checks only: no council needed)."""
    records = load_records([path])
    if len(records.awards) != 1:
        raise UsageError(f"{path}: expected one award record (found {len(records.awards)})")
    return next(iter(records.awards.values()))


def _changes(rows: list[ScoreRow]) -> list[Change]:
    out = []
    for row in rows:
        out += [Change((*row.loc, "scores"), cid, value) for cid, value in row.scores.items()]
        if row.outcome:
            out.append(Change(row.loc, "outcome", row.outcome))
    return out


# ---- editing the YAML ----


def apply_changes(text: str, changes: list[Change]) -> tuple[str, int, bool]:
    """(new text, how many values changed, whether ruamel had to dump the whole record)."""
    tree = _round_trip().load(text)
    edits: list[tuple[int, int, str]] = []
    added: list[Change] = []
    for change in changes:
        node = _node(tree, change.loc)
        if isinstance(node, CommentedMap) and change.key in node:
            old = node[change.key]
            if not _same(old, change.value):
                line, col = node.lc.value(change.key)
                edits.append((line, col, _text(change.value, old)))
        else:
            added.append(change)
    if added:
        return _dump(tree, text, changes), len(edits) + len(added), True
    return _edit_text(text, edits), len(edits), False


def _node(tree: Any, loc: Loc) -> Any:
    node = tree
    for part in loc:
        in_map = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if not (in_map or in_list):
            return None
        node = node[part]
    return node


def _same(old: Any, new: Decimal | str) -> bool:
    if isinstance(new, str):
        return str(old) == new
    if isinstance(old, bool) or not isinstance(old, int | float):
        return False
    return Decimal(repr(old)) == new if isinstance(old, float) else Decimal(old) == new


def _text(value: Decimal | str, old: Any) -> str:
    """The new value as YAML text, in the style of the old one (42 stays int-like, 24.0 float)."""
    if isinstance(value, str):
        return value
    if isinstance(old, int) and not isinstance(old, bool) and value == value.to_integral_value():
        return str(int(value))
    shown = format(value.normalize(), "f")
    return shown if "." in shown else shown + ".0"


def _edit_text(text: str, edits: list[tuple[int, int, str]]) -> str:
    lines = text.splitlines(keepends=True)
    for line, col, new in sorted(edits, reverse=True):
        current = lines[line]
        match = _TOKEN.match(current, col)
        end = match.end() if match else col
        lines[line] = current[:col] + new + current[end:]
    return "".join(lines)


def _dump(tree: Any, text: str, changes: list[Change]) -> str:
    for change in changes:
        parent = _node(tree, change.loc[:-1])
        key = change.loc[-1]
        if isinstance(parent, dict) and key not in parent:
            parent[key] = _flow_map(parent)
        target = _node(tree, change.loc)
        target[change.key] = _value(change.value)
    _, indent, block_seq = load_yaml_guess_indent(text)
    yaml = _round_trip()
    offset = block_seq or 0
    yaml.indent(mapping=2, sequence=max(indent or 2, offset + 2), offset=offset)
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _round_trip() -> YAML:
    """ruamel's round-trip YAML, keeping quotes and not folding long lines (folds end in a space)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def _flow_map(parent: Any) -> CommentedMap:
    mapping = CommentedMap()
    gates = parent.get("gates") if isinstance(parent, dict) else None
    if isinstance(gates, CommentedMap) and gates.fa.flow_style():
        mapping.fa.set_flow_style()
    return mapping


def _value(value: Decimal | str) -> str | int | float:
    if isinstance(value, str):
        return value
    return int(value) if value == value.to_integral_value() else float(value)


# ---- checking the result ----


def _validated(text: str, shown: str) -> Award:
    """The updated record as a model; RecordError, located in the new text, if it is invalid."""
    tree = YAML(typ="rt").load(text)
    try:
        return Award.model_validate(plain(tree))
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(part for part in error["loc"] if part not in {"threshold", "top_n"})
            line, col = locate(tree, loc)
            problems.append(Problem(shown, line, col, format_loc(loc), describe_error(error)))
        raise RecordError(problems) from None


def _checks(award: Award, text: str) -> list[str]:
    """The Lot checks (scores within maxima, outcomes as the appointment rule says) afterwards."""
    tree = YAML(typ="rt").load(text)
    found = []
    for unit in units(award):
        for _, loc, message in unit_findings(award, unit):
            line, _ = locate(tree, loc)
            found.append(f"line {line}: {format_loc(loc)}: {message}")
    return found
