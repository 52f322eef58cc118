"""How tenders are evaluated and how a Lot's suppliers are chosen, besides the weighted sum.

The methods and their sources are in docs/law.md §6. Ranks and winners are computed in
docgen.derive.evaluation; the rules R47–R49 check the recorded outcomes against them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from docgen.models.common import Money, Score, Strict, Text

Method = Literal[
    "weighted_sum",
    "price_per_quality_point",
    "lowest_price_passing_quality",
    "quality_only_fixed_price",
]


class Evaluation(Strict):
    """How tenders are ranked (docs/law.md §6.1). Absent means the weighted sum."""

    method: Method = Field(
        default="weighted_sum",
        description="weighted_sum: the highest total score wins (price scored as a criterion); "
        "price_per_quality_point: the lowest price ÷ quality score wins; "
        "lowest_price_passing_quality: the lowest price among tenders whose quality score "
        "reaches quality_threshold; quality_only_fixed_price: the price is fixed, the highest "
        "quality score wins.",
    )
    quality_threshold: Score | None = Field(
        default=None,
        description="lowest_price_passing_quality: the quality score (all criteria added up) a "
        "tender needs before its price is considered.",
    )
    fixed_price: Money | None = Field(
        default=None,
        description="quality_only_fixed_price: the price every tenderer is paid, fixed in the "
        "tender documents.",
    )
    fixed_price_per: Text | None = Field(
        default=None,
        description="What the fixed price is for, after 'per': 'hour of care'; absent, the "
        "price of the contract.",
    )

    @model_validator(mode="after")
    def _fields_of_the_method(self) -> Evaluation:
        wants = {
            "quality_threshold": self.method == "lowest_price_passing_quality",
            "fixed_price": self.method == "quality_only_fixed_price",
        }
        for name, needed in wants.items():
            given = getattr(self, name) is not None
            if needed and not given:
                raise ValueError(f"{name}: {self.method} needs it; required, but missing")
            if given and not needed:
                raise ValueError(f"{name}: only for the method that uses it (not {self.method})")
        if self.fixed_price_per is not None and self.fixed_price is None:
            raise ValueError("fixed_price_per: only with a fixed_price")
        return self


class Ranked(Strict):
    """A ranked Lot: the top-ranked tender is the prime supplier, the next ``reserves`` are its
    reserves, called on in order when the prime cannot take the work (docs/law.md §6.2)."""

    method: Literal["ranked"]
    reserves: int = Field(ge=0, le=20, description="How many reserve suppliers follow the prime.")

    @property
    def places(self) -> int:
        return 1 + self.reserves


class LotCap(Strict):
    """At most so many Lots per supplier (docs/law.md §6.3): where a supplier would win more,
    it keeps some and the next-ranked tender takes each of the others."""

    max_lots_per_supplier: int = Field(ge=1, le=999)
    keeps: Literal["council_order", "bidder_rank"] = Field(
        default="council_order",
        description="council_order: Lots are filled in the council's order of preference "
        "(council_order_of_lots, or the record's order), so a supplier keeps the first Lots it "
        "wins in that order; bidder_rank: a supplier keeps the Lots where it ranks highest "
        "(equal ranks by the council's order).",
    )
    council_order_of_lots: list[int | str] = Field(
        default_factory=list,
        description="Lot numbers in the council's order of preference, as the tender documents "
        "state it; empty: the order of the Lots in the record.",
    )
