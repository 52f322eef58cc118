"""Rules on the evaluation: price scores, gates, caps and tie-breaks (R26, R27).

Weights adding up to 100, scores within their maxima and outcomes that follow the appointment
method are core checks (docgen.consistency, docgen.bid_checks); these rules add what the core
checks leave open.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from docgen.checks.rules.base import Rule, RuleContext
from docgen.derive import formatting as fmt
from docgen.derive.units import ScoredBid, Unit, bid_loc, units
from docgen.models import Award
from docgen.models.award import Criterion
from docgen.records.loading import Finding

PRICE_TOLERANCE = Decimal("0.01")


def price_scores(ctx: RuleContext) -> Iterator[Finding]:
    """R26: price score = maximum × lowest price ÷ this bid's price."""
    for _, award, _ in ctx.awards():
        for unit in units(award):
            for criterion in unit.criteria:
                if criterion.kind == "price":
                    yield from _price_criterion(award, unit, criterion)


def _price_criterion(award: Award, unit: Unit, criterion: Criterion) -> Iterator[Finding]:
    assessed = [s for s in unit.scored if s.rank is not None]
    prices = [s.bid.price_bid for s in assessed]
    if not assessed or any(p is None or p <= 0 for p in prices):
        return  # the formula needs every assessed bid's price
    lowest = min(p for p in prices if p is not None)
    for s in assessed:
        price, score = s.bid.price_bid, s.bid.scores.get(criterion.id)
        if price is None or score is None:
            continue
        expected = criterion.weight * lowest / price
        if abs(score - expected) > PRICE_TOLERANCE:
            yield (
                award,
                (*bid_loc(unit, s.index), "scores", criterion.id),
                f"must be {fmt.score(expected)} = {fmt.score(criterion.weight)} × "
                f"{fmt.money_exact(lowest)} (the lowest price) ÷ {fmt.money_exact(price)} (this "
                f"bid's price), within {PRICE_TOLERANCE} (got {fmt.score(score)})",
            )


def appointments(ctx: RuleContext) -> Iterator[Finding]:
    """R27: appointed bids passed every gate; no more appointed than the cap allows."""
    for _, award, _ in ctx.awards():
        for unit in units(award):
            if unit.is_cancelled:
                continue
            yield from _gates(award, unit)
            yield from _cap(award, unit)


def _gates(award: Award, unit: Unit) -> Iterator[Finding]:
    for s in unit.appointed:
        for gate in award.gates:
            if gate.id not in s.bid.gates:
                yield (
                    award,
                    (*bid_loc(unit, s.index), "gates"),
                    f"the bid is appointed, but no result is recorded for the pass/fail gate "
                    f"{gate.id!r}",
                )


def _cap(award: Award, unit: Unit) -> Iterator[Finding]:
    method = unit.appointment
    if method is None:
        return
    cap = method.n if method.method == "top_n" else method.max_suppliers
    appointed = unit.appointed
    if cap is None or len(appointed) <= cap:
        return
    loc = (*unit.loc, "appointment") if unit.loc else ("appointment",)
    yield (
        award,
        loc,
        f"{unit.name} appoints {len(appointed)} suppliers, more than its cap of {cap}{_tie(unit, appointed, cap)}",
    )


def _tie(unit: Unit, appointed: list[ScoredBid], cap: int) -> str:
    last = appointed[cap - 1]
    tied = [s for s in appointed if s.rank == last.rank]
    if len(tied) < 2:
        return ""
    how = (
        "and no tie_break is recorded"
        if unit.tie_break == "none"
        else f"and the tie-break {unit.tie_break!r} does not separate them"
    )
    return (
        f": {len(tied)} bids tie at rank {last.rank} with {fmt.score(last.total)} {how}; "
        f"record a tie-break criterion or say why all of them are appointed"
    )


RULES = (
    Rule(
        "R26",
        "error",
        "Price score = maximum × lowest price ÷ bid price, within 0.01, where every assessed bid "
        "gives price_bid (weights adding up to 100 and scores within 0 to the maximum are core "
        "checks on every validate)",
        "https://d3tenders.com/contract/download.php?ocid=ocds-h6vhtk-037fd7 ; "
        "https://impactbids.com/the-quality-imperative/",
        price_scores,
    ),
    Rule(
        "R27",
        "error",
        "Appointed suppliers have a result for every pass/fail gate; no more are appointed than "
        "the Lot's cap, so a tie at the cap needs a tie-break (the minimum score and outcomes "
        "are core checks on every validate)",
        "https://d3tenders.com/contract/download.php?ocid=ocds-h6vhtk-03f9fd",
        appointments,
    ),
)
