"""Rules for executive decisions of Welsh councils: R60, R61 and R62 (docs/law.md §11.5).

A Welsh county or county borough council's executive decisions follow the Local Authorities
(Executive Arrangements) (Decisions, Documents and Meetings) (Wales) Regulations 2001 (SI 2001/2290
(W. 178), "the 2001 Wales Regulations"), not the English 2012 Regulations that R5, R7 and R11
implement; those rules never look at a Welsh council's decision. The Welsh Regulations have no key
decisions, no 28-clear-day notice and no general exception or special urgency procedure, so there
is no Welsh rule in place of R5: a forward work programme is the constitution's, not the law's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from docgen.checks.rules.base import Rule, RuleContext
from docgen.checks.rules.content import unfinished
from docgen.checks.rules.governance import agenda_findings
from docgen.derive import formatting as fmt
from docgen.derive import nation
from docgen.models import Award
from docgen.records.loading import Finding, Loc

SOURCE = "https://www.legislation.gov.uk/wsi/2001/2290/contents/made"


def agenda(ctx: RuleContext) -> Iterator[Finding]:
    """R60: the agenda and reports are open at least 3 clear days before the meeting (reg 5(4)),
    or the constitution's clear days where it asks for more; never fewer than the statute's 3."""
    for council, decision, _ in ctx.decisions():
        if council.nation == "wales":
            needed = max(nation.agenda_clear_days(council), nation.AGENDA_CLEAR_DAYS["wales"])
            yield from agenda_findings(council, decision, needed)


def statement_first(ctx: RuleContext) -> Iterator[Finding]:
    """R61: an individual member's decision is not implemented before its written statement
    (reg 7(2)), unless the scrutiny chair agreed it was urgent (reg 7(3), special_urgency)."""
    for council, decision, award in ctx.decisions():
        if council.nation != "wales" or award is None:
            continue
        published = decision.decision_published
        if decision.decision_maker.kind != "cabinet_member" or published is None:
            continue
        if decision.key_decision.special_urgency:
            continue
        for loc, what, day in _actions(award):
            if decision.decision_date <= day < published:  # before the decision is R17's
                yield (
                    award,
                    loc,
                    f"{what} on {fmt.date_long(day)}, before the written statement of the "
                    f"decision was published on {fmt.date_long(published)}: a Cabinet Member's "
                    "decision is not implemented until its statement is produced (2001 Wales "
                    "Regulations reg 7(2)); start later, or record the scrutiny chair's agreement "
                    "that it was urgent (key_decision.special_urgency, reg 7(3))",
                )


def _actions(award: Award) -> Iterator[tuple[Loc, str, dt.date]]:
    kind = award.contract.kind.replace("_", " ")
    yield ("contract", "start"), f"the {kind} starts", award.contract.start
    if award.interim_extension:
        extension = award.interim_extension
        yield ("interim_extension", "start"), "the interim extension starts", extension.start


_STATEMENT_PARTS: tuple[tuple[Loc, str], ...] = (
    (("sections", "reasons"), "the reasons for the decision"),
    (("conflicts_of_interest",), "any interest declared"),
    (("dispensations",), "any dispensation granted by the standards committee"),
)
"""What regs 6(2) and 7(4) ask a written statement to record beside the decision and its date."""


def statement(ctx: RuleContext) -> Iterator[Finding]:
    """R62: a cleared or final executive decision's written statement records the decision, its
    reasons, any interest declared and any dispensation (regs 6 and 7)."""
    for council, decision, _ in ctx.decisions():
        if council.nation != "wales" or decision.status == "draft":
            continue
        if decision.decision_maker.kind == "officer":
            continue  # the 2001 Wales Regulations record executive members' decisions
        yield from unfinished(decision, _STATEMENT_PARTS)


RULES = (
    Rule(
        "R60",
        "error",
        "Wales: a report to a meeting of the executive is published at least 3 clear days before "
        "it (or the constitution's clear days, if more), excluding the publication and meeting "
        "days (and non-working days if the constitution says so); checked when report_published "
        "is recorded (R7 in England)",
        "https://www.legislation.gov.uk/wsi/2002/1385/made ; " + SOURCE,
        agenda,
    ),
    Rule(
        "R61",
        "error",
        "Wales: a Cabinet Member's decision is not implemented (its contract or interim extension "
        "does not start) before its written statement is published, unless the chair of the "
        "scrutiny committee agreed it was urgent (special_urgency); checked when "
        "decision_published is recorded",
        "https://legislation.gov.uk/wsi/2001/2290/regulation/7/made",
        statement_first,
    ),
    Rule(
        "R62",
        "error",
        "Wales: a cleared or final decision of the executive or a Cabinet Member states the "
        "decision, its reasons, any interest declared and any dispensation, with no drafting "
        "placeholder left in them (R11 in England)",
        "https://legislation.gov.uk/wsi/2001/2290/regulation/7/made ; " + SOURCE,
        statement,
    ),
)
