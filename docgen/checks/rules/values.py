"""Values and dates as councils state them (R52-R54): placeholder notice values, the date the
contract was signed, and estimated or zero-value agreements (docs/law.md §8 and §10).

R52 warns that a published notice's value is a placeholder (a £1 notice value is common for a
framework with no committed spend): the notice does not state the value, so the papers must.
R53 checks the signing date, and the start of any mobilisation period (work under the
contract), against the award: not before the decision, nor before the letters,
nor before the standstill period ends (PCR 2015 reg 87; Procurement Act 2023 s51); for a direct
award, which sends no letters, not before its decision, its contract award notice (s50(1)) and
the standstill that notice starts. A modification records no signing date, so R53 has none to
check. R54 reports
prose that states an estimated or zero-value agreement's value as a plain sum ({award.total_value},
{award.annual_value}): {award.value} says it is an estimate and that no spend is committed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from docgen.checks.prose import prose_fields
from docgen.checks.rules.base import Rule, RuleContext, region
from docgen.checks.rules.route_core import route_awards
from docgen.derive import formatting as fmt
from docgen.derive import terms as term_dates
from docgen.derive import timing
from docgen.derive.route_timing import route_standstill
from docgen.derive.units import max_value
from docgen.models import Award, Council, Decision, DirectAward
from docgen.records.loading import Finding


def placeholder_notice_value(ctx: RuleContext) -> Iterator[Finding]:
    """R52: the published notice's value is marked as a placeholder."""
    for council, award, _ in ctx.awards():
        terms = award.contract
        if not terms.notice_value_placeholder or terms.notice_value is None:
            continue
        yield (
            award,
            ("contract", "notice_value_placeholder"),
            f"the published notice gives {fmt.money_exact(terms.notice_value)} as a placeholder, "
            f"not the value of the award (the record's is "
            f"{fmt.money(max_value(award), council.style.money)}): say in the paper why the "
            f"notice gives no value; {{award.notice_value}} prints it marked as a placeholder, "
            f"and the OCDS export says so",
        )


def signed(ctx: RuleContext) -> Iterator[Finding]:
    """R53: the contract is signed, and any mobilisation under it begins, after the decision,
    the letters and the standstill period."""
    for council, award, decision in ctx.awards():
        terms = award.contract
        begins = term_dates.mobilisation_start(terms)
        dated = [
            (("contract", "signed"), terms.signed, "the contract is signed"),
            (("contract", "mobilisation_months"), begins, "the mobilisation period begins"),
        ]
        for loc, day, what in dated:
            if day is not None:
                found = _too_early(award, council, decision, day, f"{what} on {fmt.date_long(day)}")
                if found:
                    yield award, loc, found
    for _, direct, decision in route_awards(ctx):
        if isinstance(direct, DirectAward):
            yield from _direct_signed(direct, decision)


def _direct_signed(award: DirectAward, decision: Decision | None) -> Iterator[Finding]:
    """R53 for a direct award: its contract is signed, and any mobilisation begins, on or after
    the decision, once the contract award notice is published (s50(1); docs/law.md §5.2) and
    after the standstill it keeps (docgen.derive.route_timing)."""
    terms, note = award.contract, award.notification
    dated = [
        (("contract", "signed"), terms.signed, "the contract is signed"),
        (
            ("contract", "mobilisation_months"),
            term_dates.mobilisation_start(terms),
            "the mobilisation period begins",
        ),
    ]
    for loc, day, what in dated:
        if day is None:
            continue
        when = f"{what} on {fmt.date_long(day)}"
        if decision is not None and day < decision.decision_date:
            yield (
                award,
                loc,
                f"{when}, before the decision on {fmt.date_long(decision.decision_date)}",
            )
            continue
        if note is None or note.can_published is None:
            continue
        published = fmt.date_long(note.can_published)
        notice_first = award.procurement.regime == "pa2023" and award.ground != "para-15"
        if notice_first and day < note.can_published:
            yield (
                award,
                loc,
                f"{when}, before the contract award notice is published on {published}: "
                "section 50(1) of the Procurement Act 2023 asks for the notice first",
            )
            continue
        period = route_standstill(award.procurement.regime, note.standstill, note.can_published)
        if period is not None and day < period.earliest_conclusion:
            yield (
                award,
                loc,
                f"{when}, but the standstill period from the contract award notice of "
                f"{published} ends at {period.ends_text()} ({period.rule}): the contract may be "
                f"entered into from {fmt.date_long(period.earliest_conclusion)}",
            )


def _too_early(
    award: Award, council: Council, decision: Decision | None, day: dt.date, when: str
) -> str | None:
    if decision is not None and day < decision.decision_date:
        return f"{when}, before the decision to award on {fmt.date_long(decision.decision_date)}"
    send = award.notification.send_date
    if day < send:
        return f"{when}, before the award letters are sent on {fmt.date_long(send)}"
    period = _standstill(award, council)
    if period is not None and day < period.earliest_conclusion:
        return (
            f"{when}, but the standstill period ends at {period.ends_text()} ({period.rule}): "
            f"the contract may be entered into from {fmt.date_long(period.earliest_conclusion)}"
        )
    return None


def _standstill(award: Award, council: Council) -> timing.Standstill | None:
    """The standstill the record has, as R19 and R23 compute it; None where none applies or
    the date it runs from is not recorded."""
    note = award.notification
    if note.standstill == "none":
        return None
    if award.procurement.regime == "pcr2015":
        return timing.pcr_standstill(note.send_date, note.electronic, region(council))
    if note.can_published is None:
        return None
    return timing.act_standstill(note.can_published)


_NEAR = 40
"""Characters before a cited value in which "estimated" makes it read as an estimate."""
_PLAIN_VALUE = re.compile(r"\{\s*award\.(total_value|annual_value)\s*\}")


def estimated_value(ctx: RuleContext) -> Iterator[Finding]:
    """R54: an estimated or zero-value agreement's value is not stated as a plain sum."""
    for _, decision, award in ctx.decisions():
        if award is None or award.contract.value_basis == "committed":
            continue
        yield from _plain_values(decision, award)


def _plain_values(decision: Decision, award: Award) -> Iterator[Finding]:
    basis = award.contract.value_basis
    what = "an estimate" if basis == "estimated" else "nil: the agreement has no value of its own"
    for loc, text in prose_fields(decision):
        for match in _PLAIN_VALUE.finditer(text):
            before = text[max(0, match.start() - _NEAR) : match.start()].casefold()
            if basis == "estimated" and "estimat" in before:
                continue  # "an estimated value of {award.total_value}" says so itself
            yield (
                decision,
                loc,
                f"{match.group()} states the value of {award.id} as a plain sum, but its value "
                f"is {what} (value_basis: {basis}) and no spend is committed: cite "
                f"{{award.value}}, which says so",
            )


RULES = (
    Rule(
        "R52",
        "warning",
        "A placeholder value in a published notice (notice_value_placeholder) is reported: the "
        "notice does not state the value, so the papers and the OCDS export say it is a "
        "placeholder, and R1 does not compare it",
        "https://www.find-tender.service.gov.uk/apidocumentation/1.0/GET-ocdsReleasePackages ; "
        "https://standard.open-contracting.org/1.1/en/schema/reference/#value",
        placeholder_notice_value,
    ),
    Rule(
        "R53",
        "error",
        "The contract is signed (contract.signed), and a mobilisation period under it begins, on "
        "or after the decision date and the award letters, and after the standstill period ends "
        "(PCR 2015 reg 87; Procurement Act 2023 s51); a direct award's, on or after its decision, "
        "its contract award notice (s50(1)) and the standstill it keeps",
        "https://www.legislation.gov.uk/uksi/2015/102/regulation/87 ; "
        "https://www.legislation.gov.uk/ukpga/2023/54/section/51 ; "
        "https://www.legislation.gov.uk/ukpga/2023/54/section/50",
        signed,
    ),
    Rule(
        "R54",
        "warning",
        "An estimated or zero-value agreement (value_basis: estimated or zero) is not given a "
        "plain value in prose ({award.total_value}, {award.annual_value}): {award.value} says "
        "it is an estimate and that no spend is committed",
        "Local Government Transparency Code 2015 (the sum to be paid, or the estimated annual "
        "spend: §9.1) ; https://www.gov.uk/government/publications/local-government-transparency-code-2015",
        estimated_value,
    ),
)
