"""What a rule is, and the context every rule's check receives.

A rule is a legal or house-style requirement from docs/law.md §10 with its id, severity and the
source it implements. Its check reads the records through a RuleContext and yields findings
(record, location, message); docgen.rules.runner turns them into located problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from docgen.derive.timing import HolidayRegion
from docgen.models import Award, Council, Decision
from docgen.records.loading import Finding, Records

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Case:
    """One decision with its council and award, or an award no decision refers to."""

    council: Council
    decision: Decision | None
    award: Award | None


@dataclass(frozen=True)
class RuleContext:
    """The records and the cases built from them: what every check reads."""

    records: Records
    cases: tuple[Case, ...]

    def decisions(self) -> Iterator[tuple[Council, Decision, Award | None]]:
        """Every decision whose council exists, with its award if it names one."""
        for case in self.cases:
            if case.decision is not None:
                yield case.council, case.decision, case.award

    def awards(self) -> Iterator[tuple[Council, Award, Decision | None]]:
        """Every award whose council exists, once, with the first decision that names it."""
        seen: set[str] = set()
        for case in self.cases:
            if case.award is not None and case.award.id not in seen:
                seen.add(case.award.id)
                yield case.council, case.award, case.decision


def build_context(records: Records) -> RuleContext:
    """The cases: one per decision, then one per award that no decision names."""
    cases: list[Case] = []
    for decision in records.decisions.values():
        council = records.councils.get(decision.council)
        if council is not None:
            award = records.awards.get(decision.award or "")
            cases.append(Case(council, decision, award))
    named = {case.award.id for case in cases if case.award is not None}
    for award in records.awards.values():
        council = records.councils.get(award.council)
        if council is not None and award.id not in named:
            cases.append(Case(council, None, award))
    return RuleContext(records, tuple(cases))


Check = Callable[[RuleContext], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    """One rule of docs/law.md §10.

    ``check`` is None for a rule this layer does not run: ``elsewhere`` then says what checks it
    instead (the core checks of every validate, or the record shape), or ``needs`` says what data
    checking it would need. One rule id may have two entries when its parts differ in certainty
    (R9: a wrong paragraph is an error, a missing public-interest test a warning).
    """

    id: str
    severity: Severity
    description: str
    source: str
    check: Check | None = None
    elsewhere: str = ""
    needs: str = ""

    @property
    def number(self) -> int:
        return int(self.id[1:])

    @property
    def can_switch_off(self) -> bool:
        return self.check is not None


def region(council: Council) -> HolidayRegion:
    """The bank holidays the council's constitution counts with."""
    return council.constitution.holidays


_PLACEHOLDER = re.compile(r"\b(TBC|TBA|TBD|XXX+)\b|\[(?:insert|add|tbc|tba)\b[^\]]*\]", re.I)
_ONLY_PLACEHOLDER = {"to follow", "to be confirmed", "to be added"}


def placeholder(text: str) -> str | None:
    """The drafting placeholder left in text ('TBC', '[insert date]', 'to follow'), if any."""
    if text.strip().rstrip(".").strip().lower() in _ONLY_PLACEHOLDER:
        return text.strip()
    match = _PLACEHOLDER.search(text)
    if match and (match.group(1) is None or match.group(1).isupper()):
        return match.group()
    return None
