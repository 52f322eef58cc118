"""Facts computed from an award: totals, ranks, who is appointed to each Lot.

Computed once here and used by every document and check; never typed into records.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from docgen.models.award import Appointment, Award, Bid, Bidder, Criterion, Lot


@dataclass(frozen=True)
class ScoredBid:
    """A bid with its computed total and rank (rank is None for an excluded bid)."""

    bid: Bid
    bidder: Bidder
    total: Decimal
    rank: int | None
    index: int  # position in the record, for error locations

    @property
    def is_excluded(self) -> bool:
        return self.bid.outcome == "excluded"


@dataclass(frozen=True)
class Unit:
    """A Lot, or the whole contract when the award has no Lots: what letters and tables speak of."""

    award: Award
    lot: Lot | None
    bids: tuple[Bid, ...]
    appointment: Appointment | None
    tie_break: str
    loc: tuple[str | int, ...]  # where its bids live in the record: ("lots", 2) or ()

    @property
    def number(self) -> int | None:
        return self.lot.number if self.lot else None

    @property
    def title(self) -> str:
        return self.lot.title if self.lot else self.award.title

    @property
    def name(self) -> str:
        """'Lot 2: Long-Term Care …' or the contract title."""
        return f"Lot {self.lot.number}: {self.lot.title}" if self.lot else self.award.title

    @property
    def is_cancelled(self) -> bool:
        return self.lot is not None and self.lot.status == "cancelled"

    @property
    def criteria(self) -> list[Criterion]:
        return (
            list(self.lot.criteria) if self.lot and self.lot.criteria else list(self.award.criteria)
        )

    @property
    def advantages(self) -> str:
        return self.lot.advantages if self.lot and self.lot.advantages else self.award.advantages

    @cached_property
    def scored(self) -> tuple[ScoredBid, ...]:
        """Every bid, in rank order (excluded bids last, in record order)."""
        bidders = {b.id: b for b in self.award.bidders}
        entries = [
            (bid, bidders[bid.bidder], sum(bid.scores.values(), Decimal(0)), i)
            for i, bid in enumerate(self.bids)
            if bid.bidder in bidders
        ]
        ranked = sorted((e for e in entries if e[0].outcome != "excluded"), key=self._order)
        ranks = _competition_ranks([self._order(e)[:2] for e in ranked])
        out = [
            ScoredBid(b, who, total, rank, i)
            for rank, (b, who, total, i) in zip(ranks, ranked, strict=True)
        ]
        out += [
            ScoredBid(b, who, t, None, i) for b, who, t, i in entries if b.outcome == "excluded"
        ]
        return tuple(out)

    def _order(self, entry: tuple[Bid, Bidder, Decimal, int]) -> tuple[Decimal, Decimal, str]:
        bid, bidder, total, _ = entry
        tie = bid.scores.get(self.tie_break, Decimal(0)) if self.tie_break != "none" else Decimal(0)
        return (-total, -tie, bidder.name.casefold())

    @cached_property
    def should_be_appointed(self) -> frozenset[str]:
        """Bidder ids the appointment method selects (nothing for a cancelled Lot)."""
        if self.is_cancelled or self.appointment is None:
            return frozenset()
        eligible = [s for s in self.scored if s.rank is not None]
        method = self.appointment
        if method.method == "threshold":
            eligible = [s for s in eligible if s.total >= method.min_score]
            cap = method.max_suppliers
        else:
            cap = method.n
        if cap is not None:
            eligible = [s for s in eligible if s.rank is not None and s.rank <= cap]
        return frozenset(s.bidder.id for s in eligible)

    @property
    def appointed(self) -> list[ScoredBid]:
        """The bids the record says are appointed, in rank order."""
        return [s for s in self.scored if s.bid.outcome == "appointed"]

    @property
    def unsuccessful(self) -> list[ScoredBid]:
        return [s for s in self.scored if s.bid.outcome == "unsuccessful"]

    @property
    def excluded(self) -> list[ScoredBid]:
        return [s for s in self.scored if s.bid.outcome == "excluded"]

    def criterion_max(self) -> dict[str, Decimal]:
        return {c.id: c.weight for c in self.criteria}

    def appointed_in(self, code: str) -> list[ScoredBid]:
        """Appointed bids that offered sub-category code."""
        return [s for s in self.appointed if code in s.bid.sub_categories]


def units(award: Award) -> list[Unit]:
    """The Lots of an award, or one unit for the whole contract."""
    if not award.lots:
        return [Unit(award, None, tuple(award.bids), award.appointment, award.tie_break, ())]
    return [
        Unit(
            award,
            lot,
            tuple(lot.bidders),
            lot.appointment or award.appointment,
            lot.tie_break if lot.tie_break != "none" else award.tie_break,
            ("lots", i),
        )
        for i, lot in enumerate(award.lots)
    ]


def bid_loc(unit: Unit, index: int) -> tuple[str | int, ...]:
    """Where a unit's bid sits in the award record."""
    return (*unit.loc, "bidders", index) if unit.lot else ("bids", index)


def max_value(award: Award) -> Decimal:
    """Annual value times the maximum term."""
    return award.contract.annual_value * award.contract.max_years


def bidders_by_id(award: Award) -> dict[str, Bidder]:
    return {b.id: b for b in award.bidders}


def _competition_ranks(keys: list[tuple[Decimal, Decimal]]) -> list[int]:
    """Competition ranking (1, 2, 2, 4) of keys in sorted order: equal keys share the rank of
    the first of them; ties are broken only by the stated tie-break, which is in the key."""
    ranks: list[int] = []
    for n, key in enumerate(keys):
        ranks.append(ranks[-1] if n and key == keys[n - 1] else n + 1)
    return ranks
