"""Checks of each Lot's bids: known bidders, gates, scores within their maxima, outcomes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from docgen.derive import formatting as fmt
from docgen.derive.units import ScoredBid, Unit, bid_loc
from docgen.models import Award
from docgen.models.award import Bid
from docgen.records.loading import Finding


def unit_findings(award: Award, unit: Unit) -> Iterator[Finding]:
    """Everything wrong with one Lot (or the single contract) and its bids."""
    yield from _unit_setup(award, unit)
    seen = Counter(bid.bidder for bid in unit.bids)
    known = {b.id for b in award.bidders}
    for i, bid in enumerate(unit.bids):
        loc = bid_loc(unit, i)
        if bid.bidder not in known:
            yield award, (*loc, "bidder"), f"no bidder has id {bid.bidder!r}"
        elif seen[bid.bidder] > 1:
            yield award, (*loc, "bidder"), f"{bid.bidder!r} bids for {unit.name} more than once"
        yield from _bid(award, unit, bid, loc)
    yield from _outcomes(award, unit)


def _unit_setup(award: Award, unit: Unit) -> Iterator[Finding]:
    loc = unit.loc or ()
    if unit.is_cancelled:
        if unit.lot and not unit.lot.cancelled_reason:
            yield award, (*loc, "cancelled_reason"), "a cancelled Lot needs a cancelled_reason"
        return
    if unit.appointment is None:
        yield (
            award,
            (*loc, "appointment") if loc else ("appointment",),
            "says how suppliers are appointed; required, but missing",
        )
    criteria = {c.id for c in unit.criteria}
    if unit.tie_break != "none" and unit.tie_break not in criteria:
        field = (*loc, "tie_break") if loc else ("tie_break",)
        yield award, field, f"must be a criterion id or 'none' (got {unit.tie_break!r})"


def _bid(award: Award, unit: Unit, bid: Bid, loc: tuple[str | int, ...]) -> Iterator[Finding]:
    gates = {g.id for g in award.gates}
    for gate in bid.gates:
        if gate not in gates:
            yield award, (*loc, "gates", gate), f"no pass/fail gate has id {gate!r}"
    codes = {s.code for s in unit.lot.sub_categories} if unit.lot else set()
    for j, code in enumerate(bid.sub_categories):
        if code not in codes:
            yield award, (*loc, "sub_categories", j), f"{unit.name} has no sub-category {code!r}"
    failed = [g for g, result in bid.gates.items() if result == "fail"]
    if failed and bid.outcome != "excluded":
        yield (
            award,
            (*loc, "outcome"),
            f"must be 'excluded' because the bid failed the gate {failed[0]!r} (got {bid.outcome!r})",
        )
    if bid.outcome == "excluded":
        if not bid.exclusion_reason:
            yield (
                award,
                (*loc, "exclusion_reason"),
                "an excluded bid needs the reason, for its letter",
            )
        return
    yield from _scores(award, unit, bid, loc)


def _scores(award: Award, unit: Unit, bid: Bid, loc: tuple[str | int, ...]) -> Iterator[Finding]:
    maxima = unit.criterion_max()
    for cid, value in bid.scores.items():
        if cid not in maxima:
            yield award, (*loc, "scores", cid), f"no award criterion has id {cid!r}"
        elif value > maxima[cid]:
            yield (
                award,
                (*loc, "scores", cid),
                f"must be between 0 and {fmt.score(maxima[cid])} (got {fmt.score(value)})",
            )
    for cid in maxima:
        if cid not in bid.scores:
            yield award, (*loc, "scores"), f"needs a score for {cid!r}"


def _outcomes(award: Award, unit: Unit) -> Iterator[Finding]:
    if unit.is_cancelled:
        for s in unit.appointed:
            yield (
                award,
                (*bid_loc(unit, s.index), "outcome"),
                "no supplier can be appointed to a cancelled Lot (got 'appointed')",
            )
        return
    if unit.appointment is None or unit.method != "weighted_sum" or unit.capped is not None:
        return  # H6: another method's winner is R47's, a cap on Lots per supplier R48's
    for s in unit.scored:
        if s.rank is None:
            continue
        should = s.bidder.id in unit.should_be_appointed
        if should != (s.bid.outcome == "appointed"):
            yield award, (*bid_loc(unit, s.index), "outcome"), _outcome_message(unit, s, should)


def _outcome_message(unit: Unit, s: ScoredBid, should: bool) -> str:
    expected = "appointed" if should else "unsuccessful"
    return (
        f"must be {expected!r}: {unit.name} {_rule(unit)}, and this bid ranks {s.rank} with "
        f"{fmt.score(s.total)} (got {s.bid.outcome!r})"
    )


def _rule(unit: Unit) -> str:
    method = unit.appointment
    if method is None:
        return "states no appointment method"
    if method.method == "top_n":
        return f"appoints the top {method.n} by total score"
    if method.method == "ranked":  # H6: a prime supplier and its reserves
        return f"appoints the top {method.places} by total score (a prime and {method.reserves} reserves)"
    cap = f", at most {method.max_suppliers}" if method.max_suppliers else ""
    return f"appoints every bid scoring at least {fmt.score(method.min_score)}{cap}"
