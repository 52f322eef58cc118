"""Run every rule over the records, honour switches, and report problems by severity."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from docgen.checks.rules.base import Rule, RuleContext, build_context
from docgen.checks.rules.registry import RULES
from docgen.errors import Problem
from docgen.models import Council, Decision, Record
from docgen.models.council import RuleSwitch
from docgen.records.loading import Records


@dataclass
class RuleReport:
    """What the rules found. With strict, warnings have been moved into errors."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    disabled: list[tuple[str, str, str]] = field(default_factory=list)
    """(rule id, where it was switched off as file:line:column, the reason given)."""


def run_rules(records: Records, strict: bool = False) -> RuleReport:
    """Check every rule against the records; a problem's message ends with its rule id."""
    ctx = build_context(records)
    report = RuleReport()
    off = _switched_off(records, report)
    for rule in RULES:
        for problem in _problems(rule, ctx, off):
            target = report.errors if rule.severity == "error" else report.warnings
            if problem not in target:
                target.append(problem)
    report.errors.sort(key=_order)
    report.warnings.sort(key=_order)
    if strict:
        report.errors = sorted(report.errors + report.warnings, key=_order)
        report.warnings = []
    return report


def _order(problem: Problem) -> tuple[str, int, int, str, str]:
    return (problem.path, problem.line, problem.column, problem.field, problem.message)


def _problems(
    rule: Rule, ctx: RuleContext, off: dict[tuple[str, str], set[str]]
) -> Iterator[Problem]:
    if rule.check is None:
        return
    for record, loc, message in rule.check(ctx):
        if rule.id not in _off_for(record, ctx.records, off):
            yield ctx.records.problem(record, loc, f"{message} [{rule.id}]")


def _key(record: Record) -> tuple[str, str]:
    return record.kind, record.id


def _off_for(record: Record, records: Records, off: dict[tuple[str, str], set[str]]) -> set[str]:
    """Rules switched off for a record: its own, its council's, and for an award its decisions'."""
    found = set(off.get(_key(record), set()))
    if not isinstance(record, Council):  # a decision or an award of any route
        found |= off.get(("council", record.council), set())
    if record.kind == "award":
        for decision in records.decisions.values():
            if decision.award == record.id:
                found |= off.get(_key(decision), set())
    return found


def _switched_off(records: Records, report: RuleReport) -> dict[tuple[str, str], set[str]]:
    """Valid switches by record; disabled rules and bad switches go into the report."""
    by_id: dict[str, Rule] = {}
    for rule in RULES:
        by_id.setdefault(rule.id, rule)
    off: dict[tuple[str, str], set[str]] = {}
    owners: list[Council | Decision] = [*records.councils.values(), *records.decisions.values()]
    for record in owners:
        for i, switch in enumerate(record.rules):
            problem = _bad_switch(switch, by_id.get(switch.id))
            if problem:
                report.errors.append(records.problem(record, ("rules", i, "id"), problem))
            elif switch.off:
                off.setdefault(_key(record), set()).add(switch.id)
                where = records.problem(record, ("rules", i), "")
                report.disabled.append(
                    (switch.id, f"{where.path}:{where.line}:{where.column}", switch.reason or "")
                )
    return off


def _bad_switch(switch: RuleSwitch, rule: Rule | None) -> str | None:
    if rule is None:
        return f"no rule has the id {switch.id!r} (`docgen rules` lists them)"
    if rule.elsewhere:
        return f"{rule.id} is checked by {rule.elsewhere}, so it cannot be switched off"
    if rule.needs:
        return (
            f"{rule.id} is not checked (it needs {rule.needs}), so there is nothing to switch off"
        )
    return None


def rules_table() -> list[tuple[str, str, str, str]]:
    """(id, severity, description, source) for every rule, for `docgen rules`.

    A rule checked elsewhere says where; a rule not checked has severity "-" and says what it
    needs.
    """
    rows = []
    for rule in RULES:
        if rule.needs:
            rows.append(
                (rule.id, "-", f"{rule.description} (not checked: needs {rule.needs})", rule.source)
            )
        elif rule.elsewhere:
            rows.append(
                (
                    rule.id,
                    rule.severity,
                    f"{rule.description} (checked by {rule.elsewhere})",
                    rule.source,
                )
            )
        else:
            rows.append((rule.id, rule.severity, rule.description, rule.source))
    return rows
