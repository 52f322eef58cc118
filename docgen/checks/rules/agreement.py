"""Prose agrees with the record (R37-R40): what people type by hand where the records know it.

A number of Lots, a sum of money, a date or a name typed into prose goes stale the moment the
record changes (a Lot cancelled, a value corrected) and nothing would notice. These rules find
such text and name the fact that prints it from the record ({award.lot_count}). R40 checks the
record itself: a single contract's value against the winning bid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from docgen.checks.prose import prose_fields
from docgen.checks.rules.base import Rule, RuleContext
from docgen.derive import formatting as fmt
from docgen.derive.facts import build_facts
from docgen.derive.units import max_value, units
from docgen.models import Award, Council, Decision
from docgen.records.loading import Finding

_WORDS = {word: n for n, word in enumerate(fmt.NUMBER_WORDS) if n}
_LOTS = re.compile(
    rf"(?<!than )(?<!up to )(?<!at most )(?<!at least )\b({'|'.join(_WORDS)}|\d+)[\s-]+Lots?\b",
    re.I,
)
"""A count of Lots: "five Lots", "a 5-Lot framework" (not "more than two Lots", "one Lot")."""
_MONEY = re.compile(r"£\s?(\d+(?:,\d{3})*(?:\.\d+)?)(\s?(?:m|bn|k)\b|\s+(?:million|billion)\b)?")
_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "million": 1_000_000, "bn": 10**9, "billion": 10**9}
_DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(January|February|March|April|May|June|July|"
    r"August|September|October|November|December),?\s+(\d{4})\b"
)
_NEAR = Decimal("0.1")
"""A typed sum within 10% of a record's value, but not equal to it, is taken to mean it."""


def _typed(decision: Decision) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Prose typed by hand, with the {…} placeholders blanked out (they print the record)."""
    for loc, text in prose_fields(decision):
        yield loc, re.sub(r"\{[^{}]*\}", " ", text)


def lot_counts(ctx: RuleContext) -> Iterator[Finding]:
    """R37: a number of Lots typed by hand ("five Lots") is the award's number of active Lots."""
    for _, decision, award in ctx.decisions():
        if award is None:
            continue
        active = sum(lot.status == "active" for lot in award.lots)
        for loc, text in _typed(decision):
            for match in _LOTS.finditer(text):
                typed = match.group(1).lower()
                count = int(typed) if typed.isdigit() else _WORDS[typed]
                if count < 2:
                    continue  # "one Lot" speaks of a Lot, not of how many there are
                yield decision, loc, _lot_message(match.group(), count, active, len(award.lots))


def _lot_message(typed: str, count: int, active: int, total: int) -> str:
    cancelled = f" ({total - active} cancelled)" if total != active else ""
    said = f"{typed!r} is typed by hand"
    if count != active:
        said = f"{typed!r} disagrees with the record: the award has {active} active Lots{cancelled}"
    return f"{said}: cite {{award.lot_count}} so the paper follows the record"


def money_values(ctx: RuleContext) -> Iterator[Finding]:
    """R38: a sum typed by hand that is, or nearly is, a value the records hold."""
    for council, decision, award in ctx.decisions():
        if award is None:
            continue
        known = _money_facts(award)
        for loc, text in _typed(decision):
            for match in _MONEY.finditer(text):
                found = _money_message(match, known, council)
                if found:
                    yield decision, loc, found


def _money_facts(award: Award) -> dict[str, Decimal]:
    terms = award.contract
    known = {"award.annual_value": terms.annual_value, "award.total_value": max_value(award)}
    if terms.notice_value is not None:
        known["award.notice_value"] = terms.notice_value
    return {name: value for name, value in known.items() if value}


def _money_message(match: re.Match[str], known: dict[str, Decimal], council: Council) -> str:
    unit = (match.group(2) or "").strip().lower()
    typed = Decimal(match.group(1).replace(",", "")) * _SCALE[unit]
    style = council.style.money
    for name, value in known.items():
        shown = fmt.money(value, style)
        if typed == value or fmt.money(typed, style) == shown:
            return f"{match.group().strip()!r} is typed by hand: cite {{{name}}} ({shown})"
    for name, value in known.items():
        if abs(typed - value) <= value * _NEAR:
            return (
                f"{match.group().strip()!r} disagrees with the record's {{{name}}} "
                f"({fmt.money_exact(value)}): cite the fact, or correct the record"
            )
    return ""


def dates_and_names(ctx: RuleContext) -> Iterator[Finding]:
    """R39: a date, the award's title or the council's name typed by hand."""
    yield from _dates(ctx)
    yield from _names(ctx)


def _dates(ctx: RuleContext) -> Iterator[Finding]:
    for council, decision, award in ctx.decisions():
        known = _date_facts(build_facts(council, decision, award))
        for loc, text in _typed(decision):
            for match in _DATE.finditer(text):
                day = _parse(match)
                if day in known:
                    yield (
                        decision,
                        loc,
                        f"{match.group()!r} is typed by hand: cite {{{known[day]}}}, which the "
                        f"records compute",
                    )


def _date_facts(facts: dict[str, str]) -> dict[dt.date, str]:
    out: dict[dt.date, str] = {}
    for name, value in facts.items():
        match = _DATE.fullmatch(value)
        day = _parse(match) if match else None
        if day is not None:
            out.setdefault(day, name)
    return out


def _parse(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.datetime.strptime(" ".join(match.group(1, 2, 3)), "%d %B %Y").date()
    except ValueError:
        return None


def _names(ctx: RuleContext) -> Iterator[Finding]:
    for council, decision, award in ctx.decisions():
        wanted = {"council.name": council.name}
        if award is not None:
            wanted["award.title"] = award.title
        for loc, text in _typed(decision):
            for fact, name in wanted.items():
                if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                    yield decision, loc, f"{name!r} is typed by hand: cite {{{fact}}}"


def winning_bid(ctx: RuleContext) -> Iterator[Finding]:
    """R40: a single contract's value is the winning bid (yearly, or over the whole term)."""
    for _, award, _ in ctx.awards():
        if award.lots or award.contract.kind != "contract":
            continue
        winners = [s for unit in units(award) for s in unit.appointed if s.bid.price_bid]
        if len(winners) != 1:
            continue
        bid, terms = winners[0].bid.price_bid, award.contract
        assert bid is not None
        if not any(_same(bid, value) for value in (terms.annual_value, max_value(award)) if value):
            field, stated = (  # H7: a value for the whole term has no annual figure
                ("annual_value", terms.annual_value)
                if terms.annual_value is not None
                else ("total_value", terms.total_value)
            )
            yield (
                award,
                ("contract", field),
                f"the contract's {field.replace('_', ' ')} {fmt.money_exact(stated)} differs from "
                f"the winning bid of {fmt.money_exact(bid)} ({winners[0].bidder.name}): record "
                f"the value the contract is awarded at",
            )


def _same(a: Decimal, b: Decimal) -> bool:
    """Equal to the pound: a bid and a value typed to whole pounds differ only in pence."""
    return abs(a - b) < 1


_SOURCE = "docs/law.md §10 (house rule: issue 12, prose agrees with the record)"

RULES = (
    Rule(
        "R37",
        "warning",
        "A number of Lots typed into prose ('five Lots') is reported, and named as wrong when "
        "it differs from the award's active Lots: cite {award.lot_count}",
        _SOURCE,
        lot_counts,
    ),
    Rule(
        "R38",
        "warning",
        "A sum of money typed into prose that is, or is within 10% of, the award's annual, "
        "total or notice value is reported with the fact to cite",
        _SOURCE,
        money_values,
    ),
    Rule(
        "R39",
        "warning",
        "A date, the award's title or the council's name typed into prose where a fact of the "
        "records prints it is reported with the fact to cite",
        _SOURCE,
        dates_and_names,
    ),
    Rule(
        "R40",
        "warning",
        "A single contract's annual value (or its total) equals the winning bid",
        _SOURCE,
        winning_bid,
    ),
)
