"""Rules for the routes to a contract other than a competitive award (R41–R45, docs/law.md §11).
What they read, and the core checks of those records, are in docgen.checks.rules.route_core; R43
is in docgen.checks.rules.route_changes.

R41 a Procurement Act direct award's transparency notice comes before the award; R42 the regime
follows the day the procurement began, never the decision's; R43 the limits of a modification;
R44 standstill by route; R45 a direct award's justification meets its ground.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from docgen.checks.rules.base import Rule, RuleContext
from docgen.checks.rules.route_changes import change_notice, modification_limits
from docgen.checks.rules.route_core import route_awards
from docgen.checks.rules.terms import ACT_IN_FORCE
from docgen.derive import formatting as fmt
from docgen.derive.route_timing import standstill_duty
from docgen.models import Award, RouteAward
from docgen.models.changes import Modification, NotAwarded
from docgen.models.grounds import (
    TRANSPARENCY_NOTICE_BASES,
    URGENCY_GROUNDS,
)
from docgen.models.routes import CallOff, DirectAward
from docgen.records.loading import Finding

_NO_TIME = re.compile(
    r"\b(?:(?:lack|shortage) of time|(?:not|insufficient) (?:enough )?time|no time|"
    r"time (?:constraints?|pressures?)|ran out of time|too late to (?:procure|tender)|"
    r"(?:insufficient|short|tight) timescales?|timescales? (?:do|does|did) not allow)\b",
    re.IGNORECASE,
)
_SHORT_WORDS = 15


# ---- R41 ----


def transparency_first(ctx: RuleContext) -> Iterator[Finding]:
    """R41: a Procurement Act direct award's transparency notice is published before the
    contract award notice and before the contract starts (s44)."""
    for _, record, _ in route_awards(ctx):
        if not isinstance(record, DirectAward) or record.basis not in TRANSPARENCY_NOTICE_BASES:
            continue
        notice = record.transparency_notice
        if notice is None:  # the record shape refuses it; nothing more to say
            continue
        can = record.notification.can_published if record.notification else None
        if can is not None and notice.published > can:
            yield (
                record,
                ("transparency_notice", "published"),
                f"the transparency notice ({fmt.date_long(notice.published)}) must be published "
                f"before the contract award notice ({fmt.date_long(can)}): s44 puts it before "
                "the award",
            )
        if notice.published >= record.contract.start:
            yield (
                record,
                ("transparency_notice", "published"),
                f"the transparency notice ({fmt.date_long(notice.published)}) must be published "
                f"before the contract starts on {fmt.date_long(record.contract.start)} (s44)",
            )
        if notice.published < record.procurement.began:
            yield (
                record,
                ("transparency_notice", "published"),
                f"is before the procurement began ({fmt.date_long(record.procurement.began)}): "
                "the notice is a step of the procurement, so it began on that day at the latest",
            )


# ---- R42 ----


def _expected(began: dt.date) -> str:
    return "pcr2015" if began < ACT_IN_FORCE else "pa2023"


def _regime_message(expected: str, what: str, began: dt.date, got: str) -> str:
    when = "before" if expected == "pcr2015" else "on or after"
    return (
        f"must be {expected!r}: {what} on {fmt.date_long(began)}, {when} the Procurement Act "
        f"2023 came into force on {fmt.date_long(ACT_IN_FORCE)}; the date of the decision does "
        f"not change the regime (got {got!r})"
    )


def regime_by_start(ctx: RuleContext) -> Iterator[Finding]:
    """R42: each route's regime follows the day its procurement began (the contract's, for a
    change; the framework's, for a call-off), not the day of the decision; a direct award's
    basis belongs to its regime."""
    for _, record, _ in route_awards(ctx):
        yield from _route_regime(record)
    for _, award, _ in ctx.awards():
        if isinstance(award, CallOff) and award.framework.began is not None:
            began, got = award.framework.began, award.procurement.regime
            if got != _expected(began):
                message = _regime_message(
                    _expected(began), "the framework's procurement began", began, got
                )
                yield award, ("procurement", "regime"), message


def _route_regime(record: RouteAward) -> Iterator[Finding]:
    if isinstance(record, DirectAward):
        began, got = record.procurement.began, record.procurement.regime
        if got != _expected(began):
            message = _regime_message(_expected(began), "the procurement began", began, got)
            yield record, ("procurement", "regime"), message
        law = "pcr2015" if record.basis == "pcr2015_reg32" else "pa2023"
        if record.basis != "framework" and law != got:
            yield (
                record,
                ("basis",),
                f"{record.basis} is a ground of the {'2015 Regulations' if law == 'pcr2015' else 'Procurement Act 2023'}"
                f", but the regime is {got!r}",
            )
    elif isinstance(record, NotAwarded):
        began, got = record.procurement.first_notice, record.procurement.regime
        if got != _expected(began):
            message = _regime_message(_expected(began), "the first notice went in", began, got)
            yield record, ("procurement", "regime"), message
    elif isinstance(record, Modification):
        awarded = record.contract_changed.awarded
        if record.regime == "pa2023" and awarded < ACT_IN_FORCE:
            yield (
                record,
                ("regime",),
                f"must be 'pcr2015': the contract was awarded on {fmt.date_long(awarded)}, before "
                f"the Procurement Act 2023 came into force, so the 2015 Regulations govern its "
                "changes (got 'pa2023')",
            )
    else:
        begins, got = record.procurement.begins, record.procurement.regime
        if begins >= ACT_IN_FORCE and got != "pa2023":
            message = _regime_message("pa2023", "the procurement is to begin", begins, got)
            yield record, ("procurement", "regime"), message


# ---- R44 ----


def standstill_by_route(ctx: RuleContext, *, claimed_none: bool) -> Iterator[Finding]:
    """R44: the standstill a record claims is the one its route has (s51(3); reg 86(5))."""
    for record, route, regime, light, ground, claim in _claims(ctx):
        duty = standstill_duty(route, regime, light_touch=light, ground=ground)
        if claimed_none and claim == "none" and duty.required:
            yield (
                record,
                ("notification", "standstill"),
                (f"the law requires a standstill here ({duty.source}): 'none' is not allowed"),
            )
        if not claimed_none and claim == "mandatory" and not duty.required:
            yield (
                record,
                ("notification", "standstill"),
                (
                    f"no standstill is required ({duty.source}): say 'voluntary' if the council "
                    "keeps one, or 'none'"
                ),
            )


def _claims(
    ctx: RuleContext,
) -> Iterator[tuple[Award | DirectAward, str, str, bool, str | None, str]]:
    for _, award, _ in ctx.awards():
        if isinstance(award, CallOff):
            proc = award.procurement
            yield (
                award,
                "call_off",
                proc.regime,
                proc.light_touch,
                None,
                award.notification.standstill,
            )
    for _, record, _ in route_awards(ctx):
        if isinstance(record, DirectAward) and record.notification is not None:
            route = "call_off" if record.basis == "framework" else "direct_award"
            direct = record.procurement
            claim = record.notification.standstill
            yield record, route, direct.regime, direct.light_touch, record.ground, claim


def standstill_none(ctx: RuleContext) -> Iterator[Finding]:
    return standstill_by_route(ctx, claimed_none=True)


def standstill_claimed(ctx: RuleContext) -> Iterator[Finding]:
    return standstill_by_route(ctx, claimed_none=False)


# ---- R45 ----


def justification(ctx: RuleContext) -> Iterator[Finding]:
    """R45: a direct award's justification states the facts that meet its ground; urgency does
    not rest on a lack of time."""
    for _, record, _ in route_awards(ctx):
        if not isinstance(record, DirectAward) or record.ground is None:
            continue
        text = record.justification
        words = len(text.split())
        if words < _SHORT_WORDS:
            yield (
                record,
                ("justification",),
                (
                    f"{words} word(s) cannot show that {record.ground} applies: state the facts that "
                    "meet the ground, in the words the transparency notice will publish"
                ),
            )
        match = _NO_TIME.search(text) if record.ground in URGENCY_GROUNDS else None
        if match:
            yield (
                record,
                ("justification",),
                (
                    f"says {match.group()!r}: urgency must come from events the council could not "
                    "foresee and did not cause; having too little time to procure is not urgency"
                ),
            )


_SOURCE_S44 = "https://www.legislation.gov.uk/ukpga/2023/54/section/44 ; https://gov.uk/government/publications/procurement-act-2023-guidance-documents-define-phase/direct-award-html"
_SOURCE_REGIME = "https://www.legislation.gov.uk/cy/uksi/2024/716/regulation/5?view=plain ; https://gowlingwlg.com/en-fr/insights-resources/articles/2024/procurement-act-2023-changing-landscape-issue-9"
_SOURCE_72 = "https://www.legislation.gov.uk/uksi/2015/102/regulation/72 ; https://legislation.gov.uk/ukpga/2023/54/schedule/8/data.html"
_SOURCE_S51 = "https://legislation.gov.uk/ukpga/2023/54/part/3/chapter/5/enacted?view=plain ; https://www.legislation.gov.uk/uksi/2015/102/part/3/chapter/5/made?view=plain"
_SOURCE_SCH5 = "https://www.legislation.gov.uk/ukpga/2023/54/schedule/5?view=plain ; https://wardhadaway.com/insights/updates/procurement-in-a-nutshell-procurement-act-2023-guidance-direct-award"

RULES = (
    Rule(
        "R41",
        "error",
        "A Procurement Act direct award's transparency notice (s44) is "
        "published before the contract award notice and before the contract starts",
        _SOURCE_S44,
        transparency_first,
    ),
    Rule(
        "R42",
        "error",
        "The regime of a direct award, a decision not to award, a change or a "
        "call-off follows the day its procurement (the contract's, the framework's) began, not "
        "the decision's; a direct award's basis belongs to that regime",
        _SOURCE_REGIME,
        regime_by_start,
    ),
    Rule(
        "R43",
        "error",
        "A modification keeps within its ground: each increase under reg 72(1)(b)"
        "/(c) or Schedule 8 paragraphs 4, 5, 7 at most 50% of the first value; a de minimis "
        "change under 10% (15% works) and below the threshold; a modification notice for "
        "72(1)(b)/(c)",
        _SOURCE_72,
        modification_limits,
    ),
    Rule(
        "R43",
        "warning",
        "A change under the Procurement Act has its contract change notice (s75)",
        _SOURCE_72,
        change_notice,
    ),
    Rule(
        "R44",
        "error",
        "No standstill ('none') where the route's law requires one (s51; reg 87)",
        _SOURCE_S51,
        standstill_none,
    ),
    Rule(
        "R44",
        "warning",
        "A mandatory standstill claimed where the route has none (s51(3): an "
        "urgent direct award, a call-off, a light touch contract; reg 86(5))",
        _SOURCE_S51,
        standstill_claimed,
    ),
    Rule(
        "R45",
        "warning",
        "A direct award's justification states the facts that meet its ground; "
        "urgency does not rest on a lack of time",
        _SOURCE_SCH5,
        justification,
    ),
)
