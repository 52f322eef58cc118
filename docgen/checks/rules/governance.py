"""Rules on the decision's timetable: notice, publication, call-in, retrospection.

R5, R6, R7, R12, R13 and R17. Every day count comes from docgen.timing, with the council's
constitution settings (clear days, working days, bank holidays). R5 and R7 rest on the English
2012 Regulations and never look at a Welsh council's decision: the Welsh rules that replace
them are in wales.py (R60-R62, docs/law.md §11.5). R12's number of days depends on the nation
(docgen.derive.nation): a Welsh constitution that sets none leaves nothing to count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from docgen.checks.rules.base import Rule, RuleContext, region
from docgen.derive import formatting as fmt
from docgen.derive import nation, timing
from docgen.derive.units import max_value
from docgen.models import Award, Council, Decision
from docgen.records.loading import Finding

GENERAL_EXCEPTION_CLEAR_DAYS = 5


def _clear(n: int, working: bool) -> str:
    return f"{n} clear {'working ' if working else ''}day{'s' if n != 1 else ''}"


def forward_plan(ctx: RuleContext) -> Iterator[Finding]:
    """R5: a key decision was on the forward plan in time, or an exception was used (England:
    the 2012 Regulations regs 9-11 have no Welsh counterpart, docs/law.md §11.5)."""
    for council, decision, _ in ctx.decisions():
        key = decision.key_decision
        if council.nation != "england" or not key.key or key.special_urgency:
            continue
        found = list(_notice_findings(council, decision))
        if len(found) < _notices_given(decision):
            continue  # one of the notices was in time
        if not found:
            found = [
                (
                    decision,
                    ("key_decision",),
                    "a key decision needs the date its forward plan notice was first published "
                    "(first_published), a general exception notice (general_exception_published) "
                    "or a special urgency agreement (special_urgency)",
                )
            ]
        yield from found


def _notices_given(decision: Decision) -> int:
    key = decision.key_decision
    return (key.first_published is not None) + (key.general_exception_published is not None)


def _notice_findings(council: Council, decision: Decision) -> Iterator[Finding]:
    rules, key, day = council.constitution, decision.key_decision, decision.decision_date
    notices = (
        (
            "first_published",
            key.first_published,
            "the forward plan notice was first published",
            rules.forward_plan_clear_days,
            rules.forward_plan_clear_days_exclude_non_working,
        ),
        (
            "general_exception_published",
            key.general_exception_published,
            "the general exception notice was published",
            GENERAL_EXCEPTION_CLEAR_DAYS,
            rules.clear_days_exclude_non_working,
        ),
    )
    for field, published, what, needed, working in notices:
        if published is None or needed < 1 or published >= day:
            continue  # a notice on or after the decision is a core dates error
        have = timing.clear_days_between(published, day, working, region(council))
        if have < needed:
            latest = timing.latest_notice_date(day, needed, working, region(council))
            yield (
                decision,
                ("key_decision", field),
                f"{what} on {fmt.date_long(published)}, {_clear(have, working)} before the "
                f"decision on {fmt.date_long(day)}; a key decision needs {needed} (publish by "
                f"{fmt.date_long(latest)}), another notice in time or a special urgency "
                f"agreement (special_urgency)",
            )


def key_flag(ctx: RuleContext) -> Iterator[Finding]:
    """R6: a decision worth at least the council's threshold is a key decision."""
    for council, decision, award in ctx.decisions():
        if award is None or decision.key_decision.key:
            continue
        value, threshold = max_value(award), council.constitution.key_decision_threshold
        if value >= threshold:
            yield (
                decision,
                ("key_decision", "key"),
                f"must be true: the decision commits up to {fmt.money(value, council.style.money)} "
                f"(annual_value × max_years), at or above the key decision threshold of "
                f"{fmt.money_exact(threshold)} in the constitution (got false)",
            )


def agenda(ctx: RuleContext) -> Iterator[Finding]:
    """R7: the report was open for inspection for enough clear days before the meeting (England;
    R60 is the Welsh rule)."""
    for council, decision, _ in ctx.decisions():
        if council.nation == "england":
            yield from agenda_findings(council, decision, nation.agenda_clear_days(council))


def agenda_findings(council: Council, decision: Decision, needed: int) -> Iterator[Finding]:
    """The report was published fewer than ``needed`` clear days before its meeting (R7, R60)."""
    published, meeting = decision.report_published, decision.meeting
    if published is None or meeting is None or needed < 1 or published > meeting.date:
        return
    working = council.constitution.clear_days_exclude_non_working
    have = timing.clear_days_between(published, meeting.date, working, region(council))
    if have < needed:
        latest = timing.latest_notice_date(meeting.date, needed, working, region(council))
        if working:
            latest = timing.previous_working_day(latest, region(council))
        yield (
            decision,
            ("report_published",),
            f"the report was published on {fmt.date_long(published)}, "
            f"{_clear(have, working)} before the meeting on {fmt.date_long(meeting.date)}; "
            f"{needed} are needed: publish by {fmt.date_long(latest)}",
        )


def decision_notice(ctx: RuleContext) -> Iterator[Finding]:
    """R12: the decision notice is published within the constitution's working days (by default
    2 in England; in Wales only a number the constitution sets, docs/law.md §11.5)."""
    for council, decision, _ in ctx.decisions():
        published, days = decision.decision_published, nation.decision_notice_days(council)
        if published is None or days is None or days < 1:
            continue
        latest = timing.add_working_days(decision.decision_date, days, region(council))
        if published > latest:
            yield (
                decision,
                ("decision_published",),
                f"the decision notice was published on {fmt.date_long(published)}; the "
                f"constitution asks for it within {days} working day{'s' if days != 1 else ''} "
                f"of the decision on {fmt.date_long(decision.decision_date)}, by "
                f"{fmt.date_long(latest)}",
            )


def call_in(ctx: RuleContext) -> Iterator[Finding]:
    """R13: no contract action before the decision is made, or before call-in ends."""
    for council, decision, award in ctx.decisions():
        if award is None:
            continue
        sent = award.notification.send_date
        if sent < decision.decision_date:
            yield (
                award,
                ("notification", "send_date"),
                f"the award letters are sent on {fmt.date_long(sent)}, before the decision on "
                f"{fmt.date_long(decision.decision_date)}",
            )
        yield from _before_implementation(council, decision, award)


def _before_implementation(council: Council, decision: Decision, award: Award) -> Iterator[Finding]:
    published, days = decision.decision_published, council.constitution.call_in_working_days
    if not decision.call_in.callable or published is None or days < 1:
        return
    ends = timing.call_in_end(published, days, region(council))
    starts = timing.implementation_date(published, days, region(council))
    actions: list[tuple[tuple[str, ...], str, dt.date]] = [
        (
            ("contract", "start"),
            f"the {award.contract.kind.replace('_', ' ')} starts",
            award.contract.start,
        )
    ]
    if award.interim_extension:
        actions.append(
            (
                ("interim_extension", "start"),
                "the interim extension starts",
                award.interim_extension.start,
            )
        )
    for loc, what, day in actions:
        if decision.decision_date <= day < starts:  # before the decision is R17's business
            yield (
                award,
                loc,
                f"{what} on {fmt.date_long(day)}, before the decision can be implemented on "
                f"{fmt.date_long(starts)} (call-in ends at the end of {fmt.date_long(ends)}, "
                f"{days} working days after the decision notice of {fmt.date_long(published)}): "
                f"start later, or record why the decision cannot be called in (call_in)",
            )


def retrospective(ctx: RuleContext) -> Iterator[Finding]:
    """R17: what the decision approves does not start before the decision."""
    for _, decision, award in ctx.decisions():
        if award is None:
            continue
        day = decision.decision_date
        starts = [(f"the {award.contract.kind.replace('_', ' ')}", award.contract.start)]
        if award.interim_extension:
            what = f"the interim extension ({award.interim_extension.description})"
            starts.append((what, award.interim_extension.start))
        for what, start in starts:
            if start < day:
                yield (
                    decision,
                    ("decision_date",),
                    f"{what} starts on {fmt.date_long(start)}, before the decision on "
                    f"{fmt.date_long(day)}: a retrospective approval",
                )


RULES = (
    Rule(
        "R5",
        "error",
        "England only (2012 Regs regs 9-11; never a Welsh council, whose 2001 Regulations have "
        "no such notice): a key decision's forward plan notice is published the constitution's "
        "clear days before the decision (28), or a general exception notice 5 clear days before, "
        "or a special urgency agreement is recorded",
        "https://www.legislation.gov.uk/uksi/2012/2089/part/3/made?view=plain",
        forward_plan,
    ),
    Rule(
        "R6",
        "error",
        "A decision whose value (annual value × maximum term) is at or above the council's key "
        "decision threshold is marked key (the 2-or-more-wards limb needs a judgement the "
        "records do not hold)",
        "https://lancaster.gov.uk/the-council-and-democracy/about-the-council/key-decisions",
        key_flag,
    ),
    Rule(
        "R7",
        "error",
        "England only (2012 Regs reg 7; R60 in Wales): a report to a meeting is published the "
        "constitution's clear days (5) before it, excluding the publication and meeting days "
        "(and non-working days if the constitution says so); checked when report_published is "
        "recorded",
        "https://legislation.gov.uk/uksi/2012/2089/regulation/6/data.html ; "
        "https://moderngov.cheshireeast.gov.uk/ieIssueDetails.aspx?IId=9840&Opt=3&PlanId=0",
        agenda,
    ),
    Rule(
        "R12",
        "error",
        "The decision notice is published within the constitution's working days of the "
        "decision (England: 2 unless it says otherwise; Wales: only a number the constitution "
        "sets, the 2001 Regulations saying 'as soon as reasonably practicable'); checked when "
        "decision_published is recorded",
        "https://www.bracknell-forest.gov.uk/council-and-democracy/scrutiny/call-procedure",
        decision_notice,
    ),
    Rule(
        "R13",
        "error",
        "No award letters before the decision, and no contract or extension start before the "
        "implementation date (the day after call-in ends, the constitution's working days after "
        "the decision notice) unless the decision cannot be called in; call-in is the "
        "constitution's in both nations (LGA 2000 s9F in England, s21 in Wales)",
        "https://www.gloucestershire.gov.uk/constitution/part-4-call-in-procedure-rules/2-publication-of-cabinet-decisions-and-implementation/ ; "
        "https://democracy.sholland.gov.uk/ieDecisionDetails.aspx?Id=902",
        call_in,
    ),
    Rule(
        "R17",
        "warning",
        "A contract or interim extension the decision approves that starts before the decision "
        "date is flagged as a retrospective approval",
        "https://opengovernment.network/decisions/161324",
        retrospective,
    ),
)
