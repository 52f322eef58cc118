"""Rules on the procurement itself: value, term, regime, notices (R1, R3, R4, R29, R30)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from docgen.checks.rules.base import Rule, RuleContext
from docgen.derive import formatting as fmt
from docgen.derive.units import max_value
from docgen.models.routes import CallOff
from docgen.records.loading import Finding

ACT_IN_FORCE = dt.date(2025, 2, 24)
"""Procurement Act 2023 start date: PCR 2015 still governs procurements begun before it."""

PCR_FRAMEWORK_YEARS = Decimal(4)
AWARD_NOTICE_DAYS = 30

_OCID = re.compile(
    r"ocds-h6vhtk-[0-9a-f]{6}|ocds-b5fd17-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
)


def notice_value(ctx: RuleContext) -> Iterator[Finding]:
    """R1: the published notice value differs from annual value × maximum term."""
    for council, award, _ in ctx.awards():
        stated = award.contract.notice_value
        computed = max_value(award)
        if award.contract.notice_value_placeholder:
            continue  # R52 reports a placeholder: it states no value to compare
        if stated is None or not computed or _same_when_shown(stated, computed):
            continue
        share = (abs(stated - computed) / computed * 100).quantize(Decimal("0.01"), ROUND_HALF_UP)
        more = "more" if stated > computed else "less"
        yield (
            award,
            ("contract", "notice_value"),
            f"the published notice states {fmt.money_exact(stated)} but annual_value × max_years "
            f"= {fmt.money_exact(computed)} ({share}% {more}): the papers give "
            f"{fmt.money(computed, council.style.money)}, so be ready to explain the difference",
        )


def _same_when_shown(stated: Decimal, computed: Decimal) -> bool:
    """Equal at the precision the notice value is written to: a notice in whole pounds that
    rounds annual_value × max_years (£3,703,704 for £3,703,703.96) states the same value."""
    places = max(0, -int(stated.normalize().as_tuple().exponent))
    step = Decimal(1).scaleb(-min(places, 2))
    return stated.quantize(step, ROUND_HALF_UP) == computed.quantize(step, ROUND_HALF_UP)


def framework_term(ctx: RuleContext) -> Iterator[Finding]:
    """R3: a PCR 2015 framework outside the light touch regime lasts at most 4 years."""
    for _, award, _ in ctx.awards():
        terms = award.contract
        if (
            award.procurement.regime == "pcr2015"
            and not award.procurement.light_touch
            and terms.kind == "framework"
            and terms.max_in_months > PCR_FRAMEWORK_YEARS * 12
        ):
            yield (
                award,
                ("contract", "max_years" if terms.max_years is not None else "max_months"),
                f"a framework under PCR 2015 outside the light touch regime may last at most 4 "
                f"years save in exceptional, justified cases (reg 33(3)); this one may last "
                f"{fmt.months(terms.max_in_months)}: record the justification by switching R3 off "
                f"with it as the reason",
            )


def regime(ctx: RuleContext) -> Iterator[Finding]:
    """R4: the regime follows the date of the first contract notice (a call-off keeps its
    framework's regime instead: R42, docs/law.md §11.1)."""
    for _, award, _ in ctx.awards():
        if isinstance(award, CallOff):
            continue
        proc = award.procurement
        expected = "pcr2015" if proc.first_notice < ACT_IN_FORCE else "pa2023"
        if proc.regime != expected:
            when = "before" if expected == "pcr2015" else "on or after"
            yield (
                award,
                ("procurement", "regime"),
                f"must be {expected!r}: the first contract notice was submitted on "
                f"{fmt.date_long(proc.first_notice)}, {when} the Procurement Act 2023 came into "
                f"force on {fmt.date_long(ACT_IN_FORCE)} (got {proc.regime!r})",
            )


def ocid(ctx: RuleContext) -> Iterator[Finding]:
    """R29: the ocid has the Find a Tender or Contracts Finder shape."""
    for _, award, _ in ctx.awards():
        proc = award.procurement
        ids: list[tuple[tuple[str | int, ...], str | None]] = [(("procurement", "ocid"), proc.ocid)]
        ids += [(("procurement", "ocids", n), v) for n, v in enumerate(proc.ocids)]  # H7
        for loc, value in ids:
            if value is None or _OCID.fullmatch(value):
                continue
            yield (
                award,
                loc,
                f"{value!r} is not a Find a Tender ocid (ocds-h6vhtk- and 6 hex digits) or a "
                f"Contracts Finder one (ocds-b5fd17- and a UUID)",
            )


def award_notice(ctx: RuleContext) -> Iterator[Finding]:
    """R30: a PCR 2015 award notice within 30 days (light touch: of the quarter's end)."""
    for _, award, _ in ctx.awards():
        published = award.notification.can_published
        if award.procurement.regime != "pcr2015" or published is None:
            continue
        start = award.contract.start
        if award.procurement.light_touch:
            base, what = quarter_end(start), "the end of the quarter in which the contract starts"
        else:
            base, what = start, "the contract starts"
        latest = base + dt.timedelta(days=AWARD_NOTICE_DAYS)
        if published > latest:
            yield (
                award,
                ("notification", "can_published"),
                f"the contract award notice is published on {fmt.date_long(published)}, more "
                f"than {AWARD_NOTICE_DAYS} days after {what} ({fmt.date_long(base)}): publish "
                f"it by {fmt.date_long(latest)} (PCR 2015 reg 50"
                f"{', reg 75(2)' if award.procurement.light_touch else ''})",
            )


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the calendar quarter holding day (31 March, 30 June, ...)."""
    first_month_next = (day.month - 1) // 3 * 3 + 4
    if first_month_next > 12:
        return dt.date(day.year, 12, 31)
    return dt.date(day.year, first_month_next, 1) - dt.timedelta(days=1)


RULES = (
    Rule(
        "R1",
        "warning",
        "The value in the published notice equals annual value × maximum term (that the record's "
        "total equals it within its tolerance is a core check on every validate)",
        "https://opengovernment.network/decisions/161324 ; "
        "https://d3tenders.com/contract/?ocid=ocds-h6vhtk-04deed",
        notice_value,
    ),
    Rule(
        "R3",
        "error",
        "A PCR 2015 framework outside the light touch regime lasts at most 4 years; an "
        "exceptional case is justified by switching R3 off with the justification as the reason",
        "https://www.procurementpathway.civilservice.gov.uk/documents/pcr2015/framework-agreements/strategy-and-plan",
        framework_term,
    ),
    Rule(
        "R4",
        "error",
        "Regime is PCR 2015 if the first contract notice was submitted before 24 February 2025, "
        "else the Procurement Act 2023",
        "https://gowlingwlg.com/en-fr/insights-resources/articles/2024/procurement-act-2023-changing-landscape-issue-9",
        regime,
    ),
    Rule(
        "R29",
        "warning",
        "The ocid has the Find a Tender (ocds-h6vhtk-hhhhhh) or Contracts Finder "
        "(ocds-b5fd17-<uuid>) shape (amounts are always GBP in the records)",
        "https://www.find-tender.service.gov.uk/apidocumentation/1.0/GET-ocdsReleasePackages",
        ocid,
    ),
    Rule(
        "R30",
        "warning",
        "A PCR 2015 contract award notice (can_published) is published within 30 days of the "
        "contract start, or for light touch within 30 days of the end of that quarter",
        "https://www.procurementpathway.civilservice.gov.uk/documents/pcr2015/publication-of-notices/contract-award-and-implementation",
        award_notice,
    ),
)
