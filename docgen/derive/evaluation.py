"""How each evaluation method orders tenders, and how a cap on Lots per supplier shares them out.

The methods (docs/law.md §6.1):
- weighted_sum: the highest total score (price scored as a criterion) ranks first;
- price_per_quality_point: the lowest price ÷ quality score ranks first;
- lowest_price_passing_quality: among tenders whose quality score reaches the threshold, the
  lowest price ranks first; tenders below it rank after them by quality and are never appointed;
- quality_only_fixed_price: the price is fixed, so the highest quality score ranks first.
The quality score is the sum of the scores on every criterion that is not a price criterion (these
methods have none: R47). The ranked Lots and the cap on Lots per supplier are §6.2 and §6.3.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive.formatting import ENGLISH
from docgen.derive.language import Words
from docgen.models.award import Bid, Criterion
from docgen.models.evaluation import Evaluation, LotCap, Method

INFINITY = Decimal("Infinity")
PLACES = Decimal("0.01")


def method_of(evaluation: Evaluation | None) -> Method:
    return evaluation.method if evaluation is not None else "weighted_sum"


def quality_score(bid: Bid, criteria: Sequence[Criterion]) -> Decimal:
    """The sum of the bid's scores on every criterion that is not price."""
    quality = {c.id for c in criteria if c.kind != "price"}
    return sum((v for k, v in bid.scores.items() if k in quality), Decimal(0))


def price_per_point(bid: Bid, criteria: Sequence[Criterion]) -> Decimal | None:
    """Price ÷ quality score, or None when either is missing or the quality score is 0."""
    quality = quality_score(bid, criteria)
    if bid.price_bid is None or quality <= 0:
        return None
    return bid.price_bid / quality


def passes_quality(evaluation: Evaluation | None, bid: Bid, criteria: Sequence[Criterion]) -> bool:
    """Whether the bid reaches the quality threshold (true where the method has none)."""
    if evaluation is None or evaluation.quality_threshold is None:
        return True
    return quality_score(bid, criteria) >= evaluation.quality_threshold


def order_key(
    evaluation: Evaluation | None, bid: Bid, criteria: Sequence[Criterion], total: Decimal
) -> tuple[Decimal, ...]:
    """The bid's place in its method's order: a smaller key ranks higher; equal keys tie."""
    method = method_of(evaluation)
    if method == "weighted_sum":
        return (-total,)
    if method == "quality_only_fixed_price":
        return (-quality_score(bid, criteria),)
    if method == "price_per_quality_point":
        ratio = price_per_point(bid, criteria)
        return (Decimal(0), ratio) if ratio is not None else (Decimal(1), INFINITY)
    # lowest_price_passing_quality
    if passes_quality(evaluation, bid, criteria):
        return (Decimal(0), bid.price_bid if bid.price_bid is not None else INFINITY)
    return (Decimal(1), -quality_score(bid, criteria))


def may_win(evaluation: Evaluation | None, bid: Bid, criteria: Sequence[Criterion]) -> bool:
    """Whether the method lets the bid be appointed at all: a price per quality point needs a
    price and a quality score; the lowest price counts only above the quality threshold."""
    method = method_of(evaluation)
    if method == "price_per_quality_point":
        return price_per_point(bid, criteria) is not None
    if method == "lowest_price_passing_quality":
        return bid.price_bid is not None and passes_quality(evaluation, bid, criteria)
    return True


# ---- the cap on Lots per supplier (§6.3) --------------------------------------------------------


@dataclass(frozen=True)
class Allocation:
    """Who each Lot appoints under the cap, and who lost each Lot to it."""

    chosen: tuple[frozenset[str], ...]  # per Lot, in record order: the bidder ids appointed
    capped: tuple[frozenset[str], ...]  # per Lot: bidder ids passed over because of the cap
    kept: dict[str, tuple[int | str, ...]] = field(default_factory=dict)  # bidder -> Lots it has


def lot_order(cap: LotCap, numbers: Sequence[int | str]) -> list[int]:
    """Positions of the Lots in the council's order of preference (those it does not list last,
    in record order)."""
    where = {str(n): i for i, n in enumerate(numbers)}
    first = [where[str(n)] for n in dict.fromkeys(cap.council_order_of_lots) if str(n) in where]
    return first + [i for i in range(len(numbers)) if i not in set(first)]


def allocate(
    cap: LotCap,
    numbers: Sequence[int | str],
    candidates: Sequence[Sequence[str]],
    places: Sequence[int | None],
) -> Allocation:
    """Share the Lots out. candidates: per Lot, the bidder ids the Lot's method would appoint
    from, in rank order; places: how many it appoints (None: every candidate).

    council_order: each Lot in the council's order takes its candidates in rank order, passing
    over a supplier that already has its maximum. bidder_rank: the Lots take their first
    candidates, then their second, and so on (each round in the council's order), so a supplier
    keeps the Lots where it ranks highest and the next-ranked tender takes the others."""
    order = lot_order(cap, numbers)
    held: Counter[str] = Counter()
    chosen: list[list[str]] = [[] for _ in numbers]
    capped: list[set[str]] = [set() for _ in numbers]

    def offer(lot: int, who: str) -> None:
        room = places[lot] is None or len(chosen[lot]) < (places[lot] or 0)
        if not room:
            return
        if held[who] >= cap.max_lots_per_supplier:
            capped[lot].add(who)
        else:
            chosen[lot].append(who)
            held[who] += 1

    if cap.keeps == "council_order":
        for lot in order:
            for who in candidates[lot]:
                offer(lot, who)
    else:
        longest = max((len(c) for c in candidates), default=0)
        for position in range(longest):
            for lot in order:
                if position < len(candidates[lot]):
                    offer(lot, candidates[lot][position])
    kept: dict[str, list[int | str]] = {}
    for lot in range(len(numbers)):
        for who in chosen[lot]:
            kept.setdefault(who, []).append(numbers[lot])
    return Allocation(
        tuple(frozenset(c) for c in chosen),
        tuple(frozenset(c) for c in capped),
        {who: tuple(lots) for who, lots in kept.items()},
    )


# ---- the method in words (messages and letters) -------------------------------------------------


def ranked_by(evaluation: Evaluation | None, t: Words = ENGLISH) -> str:
    """How the method orders tenders: 'by total score', 'by the lowest price per quality point'."""
    method = method_of(evaluation)
    if method == "price_per_quality_point":
        return t("by the lowest price per quality point (price ÷ quality score)")
    if method == "lowest_price_passing_quality":
        threshold = evaluation.quality_threshold if evaluation else None
        if threshold is None:
            return t("by the lowest price among tenders with a quality score")
        return t(
            "by the lowest price among tenders with a quality score of at least {threshold}",
            threshold=fmt.score(threshold),
        )
    if method == "quality_only_fixed_price":
        price = evaluation.fixed_price if evaluation else None
        per = evaluation.fixed_price_per if evaluation else None
        if price is None:
            return t("by quality score alone, at the fixed price of")
        if per:
            return t(
                "by quality score alone, at the fixed price of {price} per {unit}",
                price=fmt.money_exact(price),
                unit=t.text(per),
            )
        return t(
            "by quality score alone, at the fixed price of {price}", price=fmt.money_exact(price)
        )
    return t("by total score")


def per_point_text(bid: Bid, criteria: Sequence[Criterion]) -> str:
    """'£218,000 ÷ 72 = £3,027.78 per quality point', or what is missing."""
    ratio = price_per_point(bid, criteria)
    if ratio is None or bid.price_bid is None:
        return "no price per quality point (it needs a price and a quality score above 0)"
    return (
        f"{fmt.money_exact(bid.price_bid)} ÷ {fmt.score(quality_score(bid, criteria))} = "
        f"{fmt.money_exact(ratio.quantize(PLACES), pence=True)} per quality point"
    )


def standing(evaluation: Evaluation | None, bid: Bid, criteria: Sequence[Criterion]) -> str:
    """The figure the method ranks this bid on, for messages."""
    method = method_of(evaluation)
    quality = fmt.score(quality_score(bid, criteria))
    if method == "price_per_quality_point":
        return per_point_text(bid, criteria)
    if method == "lowest_price_passing_quality":
        price = fmt.money_exact(bid.price_bid) if bid.price_bid is not None else "no price"
        passed = "reaching" if passes_quality(evaluation, bid, criteria) else "below"
        return f"quality score {quality}, {passed} the threshold, and price {price}"
    return f"quality score {quality}"
