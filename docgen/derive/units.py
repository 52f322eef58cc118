"""Facts computed from an award: totals, ranks, who is appointed to each Lot.

Computed once here and used by every document and check; never typed into records.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

from docgen.derive import evaluation as ev
from docgen.models.award import Appointment, Award, Bid, Bidder, Criterion, Lot
from docgen.models.common import lot_slug
from docgen.models.evaluation import Evaluation, Method


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
    evaluation: Evaluation | None = None  # the Lot's, else the award's; None: the weighted sum
    capped: frozenset[str] | None = None  # under a cap on Lots per supplier (§6.3): the bidder
    # ids this Lot passed over because they had won their maximum elsewhere; None: no cap
    chosen: frozenset[str] = frozenset()  # under a cap: whom the Lot appoints

    @property
    def number(self) -> int | str | None:
        """The Lot's number (2) or label ("1a", "North"); None for a single contract."""
        return self.lot.number if self.lot else None

    @property
    def folder(self) -> str:
        """The Lot's folder and file-name part: lot-2, lot-1a, lot-north-east, or contract."""
        return f"lot-{lot_slug(self.lot.number)}" if self.lot else "contract"

    @property
    def label(self) -> str:
        """'Lot 2', 'Lot 1a', or 'the contract'."""
        return f"Lot {self.lot.number}" if self.lot else "the contract"

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
        ranks = _competition_ranks([self._order(e)[:-1] for e in ranked])
        out = [
            ScoredBid(b, who, total, rank, i)
            for rank, (b, who, total, i) in zip(ranks, ranked, strict=True)
        ]
        out += [
            ScoredBid(b, who, t, None, i) for b, who, t, i in entries if b.outcome == "excluded"
        ]
        return tuple(out)

    def _order(self, entry: tuple[Bid, Bidder, Decimal, int]) -> tuple[Decimal | str, ...]:
        """The method's key (docgen.derive.evaluation), then the tie-break, then the name (which
        orders equal ranks in tables but does not separate them)."""
        bid, bidder, total, _ = entry
        tie = bid.scores.get(self.tie_break, Decimal(0)) if self.tie_break != "none" else Decimal(0)
        if self.evaluation is None or self.evaluation.method == "weighted_sum":
            return (-total, -tie, bidder.name.casefold())  # the common case, kept cheap
        key = ev.order_key(self.evaluation, bid, self.criteria, total)
        return (*key, -tie, bidder.name.casefold())

    @property
    def method(self) -> Method:
        return ev.method_of(self.evaluation)

    def candidates(self) -> tuple[list[ScoredBid], int | None]:
        """The bids the appointment method chooses from, in rank order, and how many it takes
        (None: all of them); ranks decide ties at the cap, which R27 reports."""
        criteria = self.criteria
        eligible = [
            s
            for s in self.scored
            if s.rank is not None and ev.may_win(self.evaluation, s.bid, criteria)
        ]
        method = self.appointment
        if method is None:
            return [], 0
        if method.method == "threshold":
            return [s for s in eligible if s.total >= method.min_score], method.max_suppliers
        return eligible, method.n if method.method == "top_n" else method.places

    @cached_property
    def should_be_appointed(self) -> frozenset[str]:
        """Bidder ids the appointment method selects (nothing for a cancelled Lot)."""
        if self.is_cancelled or self.appointment is None:
            return frozenset()
        if self.capped is not None:
            return self.chosen
        eligible, cap = self.candidates()
        if cap is not None:
            eligible = [s for s in eligible if s.rank is not None and s.rank <= cap]
        return frozenset(s.bidder.id for s in eligible)

    def position(self, bidder: str) -> int | None:
        """Where an appointed bidder stands among the Lot's appointed, 1 first (in a ranked Lot
        1 is the prime supplier and k + 1 the k-th reserve)."""
        ids = [s.bidder.id for s in self.appointed]
        return ids.index(bidder) + 1 if bidder in ids else None

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
        return [
            Unit(
                award,
                None,
                tuple(award.bids),
                award.appointment,
                award.tie_break,
                (),
                award.evaluation,
            )
        ]
    out = [
        Unit(
            award,
            lot,
            tuple(lot.bidders),
            lot.appointment or award.appointment,
            lot.tie_break if lot.tie_break != "none" else award.tie_break,
            ("lots", i),
            lot.evaluation or award.evaluation,
        )
        for i, lot in enumerate(award.lots)
    ]
    return _capped(award, out) if award.lot_cap is not None else out


def _capped(award: Award, lots: list[Unit]) -> list[Unit]:
    """The Lots with the cap on Lots per supplier applied (docs/law.md §6.3)."""
    assert award.lot_cap is not None
    candidates: list[list[str]] = []
    places: list[int | None] = []
    for unit in lots:
        found, cap = ([], 0) if unit.is_cancelled else unit.candidates()
        candidates.append([s.bidder.id for s in found])
        places.append(cap)
    shared = ev.allocate(award.lot_cap, [u.lot.number for u in lots if u.lot], candidates, places)
    return [
        replace(unit, capped=shared.capped[i], chosen=shared.chosen[i])
        for i, unit in enumerate(lots)
    ]


def lots_kept(award: Award, bidder: str) -> list[int | str]:
    """The Lot numbers a bidder is appointed to, in record order."""
    return [u.lot.number for u in units(award) if u.lot and bidder in u.should_be_appointed]


def bid_loc(unit: Unit, index: int) -> tuple[str | int, ...]:
    """Where a unit's bid sits in the award record."""
    return (*unit.loc, "bidders", index) if unit.lot else ("bids", index)


def max_value(award: Award) -> Decimal:
    """Annual value times the maximum term; the total value where the record states no annual
    value (a value for the whole term)."""
    terms = award.contract
    if terms.annual_value is None:
        return terms.total_value
    return terms.annual_value * terms.max_in_years


_LOT_WORD = re.compile(r"^\s*lot\b[\s.:-]*", re.IGNORECASE)
_LOT_NUMBER = re.compile(r"0*([0-9]{1,3})(?![0-9A-Za-z])")


def find_unit(all_units: Sequence[Unit], wanted: object) -> Unit | None:
    """The Lot a person names: 2, 2.0, "2", "Lot 02", "Lot 2: Home care", "1a", "Lot North"
    (case ignored); numbers compare as numbers, labels as text."""
    if isinstance(wanted, bool) or wanted is None:
        return None
    if isinstance(wanted, float):
        if not wanted.is_integer():
            return None
        wanted = int(wanted)
    if isinstance(wanted, int):
        return next((u for u in all_units if u.number == wanted), None)
    text = _LOT_WORD.sub("", str(wanted)).strip()
    folded = text.casefold()
    exact = [u for u in all_units if isinstance(u.number, str) and u.number.casefold() == folded]
    if exact:
        return exact[0]  # "1.5" is the Lot labelled 1.5, even beside a Lot 1
    number = _LOT_NUMBER.match(text)
    if number:
        found = next((u for u in all_units if u.number == int(number.group(1))), None)
        if found is not None:
            return found
    labelled = [u for u in all_units if isinstance(u.number, str)]
    for unit in sorted(labelled, key=lambda u: -len(str(u.number))):  # North East before North
        if re.match(re.escape(str(unit.number).casefold()) + r"(?![0-9a-z])", folded):
            return unit
    return None


def bidders_by_id(award: Award) -> dict[str, Bidder]:
    return {b.id: b for b in award.bidders}


def _competition_ranks(keys: list[tuple[Decimal | str, ...]]) -> list[int]:
    """Competition ranking (1, 2, 2, 4) of keys in sorted order: equal keys share the rank of
    the first of them; ties are broken only by the stated tie-break, which is in the key."""
    ranks: list[int] = []
    for n, key in enumerate(keys):
        ranks.append(ranks[-1] if n and key == keys[n - 1] else n + 1)
    return ranks
