"""Rules on the evaluation: price scores, gates, caps and tie-breaks (R26, R27); the evaluation
methods (R47), ranked Lots and the cap on Lots per supplier (R48) and the per-criterion
explanations of the Act's assessment summaries (R49: all or none is an error, none a warning),
docs/law.md §6.

Weights adding up to 100, scores within their maxima and outcomes that follow the appointment
method are core checks (docgen.consistency, docgen.bid_checks); these rules add what the core
checks leave open.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from docgen.checks.rules.base import Rule, RuleContext
from docgen.derive import evaluation as ev
from docgen.derive import formatting as fmt
from docgen.derive import nation
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
    if method.method == "ranked":
        cap: int | None = method.places
    else:
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


# ---- R47: the evaluation method ---------------------------------------------------------------


def methods(ctx: RuleContext) -> Iterator[Finding]:
    """R47: what the method needs is recorded, and the outcomes follow its winner."""
    for _, award, _ in ctx.awards():
        for unit in units(award):
            if unit.method == "weighted_sum" or unit.is_cancelled:
                continue
            yield from _method_needs(award, unit)
            if unit.capped is None:  # under a cap, R48 checks the outcomes
                yield from _outcomes(award, unit, "R47")


def _where(unit: Unit, *rest: str | int) -> tuple[str | int, ...]:
    return (*unit.loc, *rest)


def _method_needs(award: Award, unit: Unit) -> Iterator[Finding]:
    method, evaluation = unit.method, unit.evaluation
    own = unit.lot is not None and unit.lot.criteria
    for i, criterion in enumerate(unit.criteria):
        if criterion.kind == "price":
            yield (
                award,
                _where(unit, "criteria", i, "kind") if own else ("criteria", i, "kind"),
                f"{unit.name} is evaluated {ev.ranked_by(evaluation)}: price is not scored as a "
                f"criterion, so {criterion.id!r} cannot be a price criterion",
            )
    total = sum((c.weight for c in unit.criteria), Decimal(0))
    threshold = evaluation.quality_threshold if evaluation else None
    if threshold is not None and threshold > total:
        yield (
            award,
            _where(unit, "evaluation", "quality_threshold")
            if unit.lot and unit.lot.evaluation
            else ("evaluation", "quality_threshold"),
            f"{fmt.score(threshold)} is more than the {fmt.score(total)} a tender can score",
        )
    for s in unit.scored:
        if s.rank is None:
            continue
        price = s.bid.price_bid
        if method in ("price_per_quality_point", "lowest_price_passing_quality") and price is None:
            yield (
                award,
                (*bid_loc(unit, s.index), "price_bid"),
                f"{unit.name} is evaluated {ev.ranked_by(evaluation)}, so every assessed tender "
                "needs its price_bid; required, but missing",
            )
        fixed = evaluation.fixed_price if evaluation else None
        if fixed is not None and price is not None and price != fixed:
            yield (
                award,
                (*bid_loc(unit, s.index), "price_bid"),
                f"must be the fixed price {fmt.money_exact(fixed)} (got {fmt.money_exact(price)})",
            )


def _outcomes(award: Award, unit: Unit, rule: str) -> Iterator[Finding]:
    should = unit.should_be_appointed
    for s in unit.scored:
        if s.rank is None:
            continue
        expected = s.bidder.id in should
        if expected == (s.bid.outcome == "appointed"):
            continue
        yield (
            award,
            (*bid_loc(unit, s.index), "outcome"),
            f"must be {'appointed' if expected else 'unsuccessful'!r}: {unit.name} is evaluated "
            f"{ev.ranked_by(unit.evaluation)}, and {_appoints(unit)}; this tender ranks {s.rank} "
            f"({ev.standing(unit.evaluation, s.bid, unit.criteria) if rule == 'R47' else _why(unit, s)}) "
            f"(got {s.bid.outcome!r})",
        )


def _appoints(unit: Unit) -> str:
    method = unit.appointment
    if method is None:
        return "states no appointment method"
    if method.method == "ranked":
        word = fmt.noun(method.reserves, "reserve")
        return f"appoints the first-ranked tender as prime supplier and {method.reserves} {word}"
    if method.method == "top_n":
        return f"appoints the top {method.n}"
    cap = f", at most {method.max_suppliers}" if method.max_suppliers else ""
    return (
        f"appoints every tender with a total score of at least {fmt.score(method.min_score)}{cap}"
    )


# ---- R48: ranked Lots and the cap on Lots per supplier --------------------------------------------


def lot_caps(ctx: RuleContext) -> Iterator[Finding]:
    """R48: the cap has Lots to share; its order names real Lots; outcomes follow the cap."""
    for _, award, _ in ctx.awards():
        cap = award.lot_cap
        if cap is None:
            continue
        if not award.lots:
            yield (
                award,
                ("lot_cap",),
                "a cap on Lots per supplier needs Lots; a single contract has none",
            )
            continue
        numbers = {str(lot.number) for lot in award.lots}
        for i, number in enumerate(cap.council_order_of_lots):
            if str(number) not in numbers:
                yield award, ("lot_cap", "council_order_of_lots", i), f"no Lot {number}"
        for unit in units(award):
            if not unit.is_cancelled:
                yield from _outcomes(award, unit, "R48")


def _why(unit: Unit, s: ScoredBid) -> str:
    """Why a capped Lot's outcome is what it is, for one bid."""
    cap = unit.award.lot_cap
    if cap is None or unit.capped is None:
        return f"with {fmt.score(s.total)}"
    if s.bidder.id in unit.capped:
        numbers = [str(n) for n in kept(unit, s.bidder.id)]
        lots = f"Lot {numbers[0]}" if len(numbers) == 1 else f"Lots {fmt.join_names(numbers)}"
        how = (
            "in the council's order of preference"
            if cap.keeps == "council_order"
            else "where it ranks highest"
        )
        return (
            f"but its supplier is appointed to {lots}, the most one supplier may have "
            f"({cap.max_lots_per_supplier}), kept {how}; the next-ranked tender takes this Lot"
        )
    if unit.capped and s.bidder.id in unit.chosen:
        return f"with {fmt.score(s.total)}, and a tender above it is passed over by the cap"
    return f"with {fmt.score(s.total)}"


def kept(unit: Unit, bidder: str) -> list[int | str]:
    """The Lots the cap leaves a supplier, in record order."""
    return [u.lot.number for u in units(unit.award) if u.lot and bidder in u.chosen]


# ---- R49: an explanation per criterion (Procurement Regulations 2024 reg 31) ----------------------


def explanations(ctx: RuleContext) -> Iterator[Finding]:
    """R49: each explanation names a criterion; under the Act, once an award explains its
    scores criterion by criterion, every assessed tender has one for each criterion."""
    for _, award, _ in ctx.awards():
        every = [(u, s) for u in units(award) for s in u.scored]
        uses = any(s.bid.explanations for _, s in every)
        for unit, s in every:
            loc = (*bid_loc(unit, s.index), "explanations")
            ids = {c.id for c in unit.criteria}
            for cid in s.bid.explanations:
                if cid not in ids:
                    yield award, (*loc, cid), f"no award criterion of {unit.name} has id {cid!r}"
            if award.procurement.regime != "pa2023" or not uses or s.rank is None:
                continue
            missing = [c.id for c in unit.criteria if c.id not in s.bid.explanations]
            if missing:
                yield (
                    award,
                    loc,
                    f"the assessment summary for {s.bidder.name} needs an explanation of its "
                    f"score on each award criterion with reference to its tender; none for "
                    f"{', '.join(repr(m) for m in missing)}",
                )


def feedback_only(ctx: RuleContext) -> Iterator[Finding]:
    """R49 (warning): an Act award that explains no score criterion by criterion, its assessed
    tenders giving only one `feedback` text each, lacks what reg 31 asks of an assessment summary:
    an explanation of the score on each award criterion (docs/law.md §6.4)."""
    for council, award, _ in ctx.awards():
        every = [(u, s) for u in units(award) for s in u.scored]
        if award.procurement.regime != "pa2023" or any(s.bid.explanations for _, s in every):
            continue
        cited = nation.regulation_short(council.nation, "assessment_summary")  # Wales: reg 32
        for unit, s in every:
            if s.rank is None or not unit.criteria or not s.bid.feedback.strip():
                continue  # a bid with neither: R24's error says so
            ids = ", ".join(repr(c.id) for c in unit.criteria)
            yield (
                award,
                bid_loc(unit, s.index),
                f"the assessment summary for {s.bidder.name} needs an explanation of its score "
                f"on each award criterion with reference to its tender ({cited}, docs/law.md "
                "§6.4), and for an unsuccessful tender the winner's too; "
                f"this bid gives only feedback: give explanations for {ids}",
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
    Rule(
        "R47",
        "error",
        "An evaluation other than the weighted sum (price per quality point, lowest price among "
        "tenders reaching a quality threshold, quality only at a fixed price) scores no price "
        "criterion, records what it needs (every assessed price; the fixed price paid), and its "
        "winner is the one appointed",
        "https://www.legislation.gov.uk/ukpga/2023/54/section/19 ; "
        "https://www.legislation.gov.uk/uksi/2015/102/regulation/67/made ; "
        "https://gov.uk/government/publications/procurement-act-2023-guidance-documents-procure-phase/assessing-competitive-tenders-html",
        methods,
    ),
    Rule(
        "R48",
        "error",
        "A ranked Lot appoints its prime supplier and reserves in rank order; a cap on Lots per "
        "supplier appoints no supplier to more Lots than the cap, keeping the Lots the tender "
        "documents' rule gives it, and the next-ranked tender takes the others",
        "https://d3tenders.com/contract/download.php?ocid=ocds-h6vhtk-03f9fd ; "
        "https://www.procurementpathway.civilservice.gov.uk/documents/pcr2015/division-of-contracts-into-lots/contract-award-and-implementation ; "
        "https://gov.uk/government/publications/procurement-act-2023-guidance-documents-define-phase/guidance-lots-html",
        lot_caps,
    ),
    Rule(
        "R49",
        "error",
        "Procurement Act 2023: once scores are explained criterion by criterion, every assessed "
        "tender has an explanation for each award criterion, with reference to the tender, for "
        "its own assessment summary and the winner's part of the others'; each names a real "
        "criterion",
        "https://www.legislation.gov.uk/ukdsi/2024/9780348259728/regulation/31 ; "
        "https://gov.wales/procurement-act-2023-guidance-assessment-summaries-html",
        explanations,
    ),
    Rule(
        "R49",
        "warning",
        "Procurement Act 2023: an award whose assessed tenders give only feedback, with no "
        "explanation criterion by criterion, lacks the assessment summaries' explanation of the "
        "score on each award criterion",
        "https://www.legislation.gov.uk/ukdsi/2024/9780348259728/regulation/31 ; "
        "https://gov.wales/procurement-act-2023-guidance-assessment-summaries-html",
        feedback_only,
    ),
)
