"""The rules layer: legal and house-style rules that need more than one model (issue 5).

Each rule cites the regulation, guidance or constitution it implements (docs/law.md §10). Run
them after the core checks::

    report = run_rules(records, strict=False)
    report.errors     # problems that fail validation, "... [R5]"
    report.warnings   # problems to show; with strict=True they are in errors instead
    report.disabled   # (rule id, file:line:column, reason) for every rule switched off

A council profile or a decision record can switch a rule off with a reason:
``rules: [{id: R17, off: true, reason: "..."}]``.
"""

from docgen.checks.rules.base import Case, Rule, RuleContext, Severity
from docgen.checks.rules.registry import RULES
from docgen.checks.rules.runner import RuleReport, rules_table, run_rules

__all__ = [
    "RULES",
    "Case",
    "Rule",
    "RuleContext",
    "RuleReport",
    "Severity",
    "rules_table",
    "run_rules",
]
