"""Rules behind the award letters and standstill, as far as the records show them.

R18 and R19 (PCR 2015 regs 86-87), R23 and R24 (Procurement Act 2023 s50-51 and the
Procurement Regulations 2024 reg 31). The letters' own wording (R21, R22) is checked on the
letters, not here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from docgen.checks.rules.base import Rule, RuleContext, region
from docgen.derive import formatting as fmt
from docgen.derive import nation, timing
from docgen.derive.units import bid_loc, units
from docgen.models import Award, CallOff
from docgen.records.loading import Finding


def _starts(award: Award) -> str:
    return f"the {award.contract.kind.replace('_', ' ')} starts on {fmt.date_long(award.contract.start)}"


def advantages(ctx: RuleContext) -> Iterator[Finding]:
    """R18: reg 86 letters need the characteristics and relative advantages of the winners."""
    for _, award, _ in ctx.awards():
        if award.procurement.regime != "pcr2015":
            continue
        for unit in units(award):
            others = [s for s in unit.scored if s.bid.outcome != "appointed"]
            if unit.is_cancelled or not unit.appointed or not others or unit.advantages.strip():
                continue
            yield (
                award,
                (*unit.loc, "advantages") if unit.loc else ("advantages",),
                f"{unit.name} has {len(others)} unsuccessful tender(s), whose regulation 86 "
                f"letters must give the characteristics and relative advantages of the "
                f"successful tenders: write them in advantages",
            )


def pcr_standstill(ctx: RuleContext) -> Iterator[Finding]:
    """R19: under PCR 2015 the contract starts after the reg 87 standstill ends."""
    for council, award, _ in ctx.awards():
        note = award.notification
        if award.procurement.regime != "pcr2015" or note.standstill == "none":
            continue
        period = timing.pcr_standstill(note.send_date, note.electronic, region(council))
        if award.contract.start < period.earliest_conclusion:
            days = timing.PCR_ELECTRONIC_DAYS if note.electronic else timing.PCR_OTHER_MEANS_DAYS
            yield (
                award,
                ("contract", "start"),
                f"{_starts(award)}, but the standstill period ends at {period.ends_text()} "
                f"({days} days after the letters of {fmt.date_long(note.send_date)}, "
                f"{period.rule}): start on or after {fmt.date_long(period.earliest_conclusion)}",
            )


def act_standstill(ctx: RuleContext) -> Iterator[Finding]:
    """R23: Procurement Act awards publish a CAN after the summaries and wait out standstill."""
    for _, award, _ in ctx.awards():
        if award.procurement.regime != "pa2023":
            continue
        note = award.notification
        if note.can_published is None and "can_published" in (note.not_recorded or {}):
            continue  # marked not recorded: R50 warns that this is not checked
        if note.can_published is None:
            yield (
                award,
                ("notification", "can_published"),
                "required, but missing: a Procurement Act 2023 award publishes a contract award "
                "notice before the contract is entered into (s50(1)), and standstill starts on it",
            )
            continue
        yield from _act_dates(award, note.can_published)


def _act_dates(award: Award, can: dt.date) -> Iterator[Finding]:
    note = award.notification
    if note.send_date > can:
        yield (
            award,
            ("notification", "send_date"),
            f"the assessment summaries are sent on {fmt.date_long(note.send_date)}, after the "
            f"contract award notice of {fmt.date_long(can)}; they must be sent before it (s50(3))",
        )
    optional = award.procurement.light_touch or isinstance(award, CallOff)  # s51(3); R44
    if not optional and note.standstill != "mandatory":
        yield (
            award,
            ("notification", "standstill"),
            f"must be 'mandatory': only a light touch contract may have a voluntary standstill "
            f"or none (s51) (got {note.standstill!r})",
        )
    if note.standstill == "none":
        return
    period = timing.act_standstill(can)
    if award.contract.start < period.earliest_conclusion:
        yield (
            award,
            ("contract", "start"),
            f"{_starts(award)}, but the {note.standstill} standstill period ends at "
            f"{period.ends_text()} (8 working days from the contract award notice of "
            f"{fmt.date_long(can)}, counting bank holidays anywhere in the UK): start on or "
            f"after {fmt.date_long(period.earliest_conclusion)}",
        )


def assessment_summaries(ctx: RuleContext) -> Iterator[Finding]:
    """R24: each assessed tender's summary explains its scores with reference to the tender."""
    for council, award, _ in ctx.awards():
        if award.procurement.regime != "pa2023":
            continue
        cited = _regulation(council.nation)
        for unit in units(award):
            for s in unit.scored:
                if s.rank is not None and not s.bid.feedback.strip() and not s.bid.explanations:
                    too = ", the successful one too" if s.bid.outcome == "appointed" else ""
                    yield (
                        award,
                        (*bid_loc(unit, s.index), "feedback"),
                        f"the assessment summary for {s.bidder.name} needs an explanation of "
                        f"its scores with reference to its tender (feedback): {cited} asks for "
                        f"one for every assessed tender{too}",
                    )


def _regulation(country: str) -> str:
    """England's "reg 31"; Wales's "reg 32 of the Procurement (Wales) Regulations 2024"."""
    number = nation.regulation_number(country, "assessment_summary")
    if country == "england":
        return f"reg {number}"
    return f"reg {number} of {nation.REGULATIONS[country]}"


RULES = (
    Rule(
        "R18",
        "error",
        "PCR 2015: every Lot with successful and unsuccessful tenders has advantages text (the "
        "characteristics and relative advantages of the successful tenders) for the reg 86 "
        "letters; criteria, scores, names and standstill end come from the records",
        "https://www.legislation.gov.uk/uksi/2015/102/part/3/chapter/5/made?view=plain",
        advantages,
    ),
    Rule(
        "R19",
        "error",
        "PCR 2015: the standstill ends 10 days (electronic) or 15 days after the letters are "
        "sent, rolled to a working day; the contract starts after it ends",
        "https://www.lexology.com/library/detail.aspx?g=42819746-ad16-4b6f-9186-c4f2530b2e10",
        pcr_standstill,
    ),
    Rule(
        "R23",
        "error",
        "Procurement Act 2023: the contract award notice date is recorded; assessment summaries "
        "are sent no later than it; standstill is mandatory unless light touch; the contract "
        "starts after 8 working days from the notice (any UK bank holiday excluded)",
        "https://gov.uk/government/publications/procurement-act-2023-guidance-documents-procure-phase/guidance-contract-award-notices-and-standstill-html ; "
        "https://www.eoecph.nhs.uk/buyers/procurement-policy-and-regulation/procurement-policy-and-regulation-frequently-asked-questions/",
        act_standstill,
    ),
    Rule(
        "R24",
        "warning",
        "Procurement Act 2023: every assessed tender has feedback explaining its scores with "
        "reference to the tender, for its assessment summary (per-criterion scores, weights and "
        "totals come from the records)",
        "https://www.legislation.gov.uk/ukdsi/2024/9780348259728/regulation/31 ; "
        "https://gov.wales/procurement-act-2023-guidance-assessment-summaries-html",
        assessment_summaries,
    ),
)
