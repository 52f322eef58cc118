"""Totals, ranks and appointment computed from the example award."""

from __future__ import annotations

from decimal import Decimal

from conftest import RECORDS

from docgen.derive.units import max_value, units
from docgen.records.loading import load_records


def test_model_case_values_and_ranks() -> None:
    award = load_records([RECORDS]).awards["ilss-2025"]
    assert max_value(award) == Decimal("254400000")
    lots = units(award)
    assert [u.number for u in lots] == [1, 2, 3, 4, 5]
    lot1 = lots[0]
    ranks = [s.rank for s in lot1.scored if s.rank is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1
    totals = [s.total for s in lot1.scored if s.rank is not None]
    assert totals == sorted(totals, reverse=True)
    assert len(lot1.appointed) == 6  # Lot 1 appoints the top 6
    assert {s.bidder.id for s in lot1.appointed} == lot1.should_be_appointed


def test_single_contract_is_one_unit_with_the_excluded_bid_unranked() -> None:
    award = load_records([RECORDS]).awards["carers-support-2026"]
    (unit,) = units(award)
    assert unit.lot is None and unit.name == "Carers Support Service"
    assert [s.bidder.id for s in unit.appointed] == ["cwmni-gofalwyr"]
    assert [s.rank for s in unit.scored] == [1, 2, 3, None]
    assert unit.scored[0].total == Decimal("87.5")


def test_equal_totals_share_a_rank_and_the_next_rank_skips() -> None:
    from docgen.derive.units import _competition_ranks

    keys = [(Decimal(-90), Decimal(0)), (Decimal(-80), Decimal(-5)), (Decimal(-80), Decimal(0))]
    keys += [(Decimal(-80), Decimal(0)), (Decimal(-70), Decimal(0))]  # sorted, as ranked
    assert _competition_ranks(keys) == [1, 2, 3, 3, 5]  # the tie-break parts the first 80s
