"""Standstill by route: whether the law asks for one, and when it ends (docs/law.md §5, §11).

Split from docgen.derive.timing, whose day counting it uses; like it, it is pure and reads no
model: callers pass the route's facts (the rule R44 and the documents of each route).

- Procurement Act 2023 s51: a standstill of 8 working days from the contract award notice, except
  where s51(3) says none is needed: an urgent direct award (Schedule 5 paragraph 13), a call-off
  under a framework and a light touch contract among them; a voluntary standstill may be kept in
  their place. A user choice contract (Schedule 5 paragraph 15) has no contract award notice at
  all (s50), so no standstill either.
- PCR 2015 regs 86(5) and 87: no standstill is required where no prior contract notice was needed
  (a reg 32 negotiated procedure without prior publication) or for a call-off under a framework;
  any other above-threshold award, light touch ones included, has the standstill of reg 87.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from docgen.derive.timing import Standstill, act_standstill, pcr_standstill

StandstillClaim = Literal["mandatory", "voluntary", "none"]


@dataclass(frozen=True)
class StandstillDuty:
    """Whether a route's award needs a standstill, and the provision that says so."""

    required: bool
    source: str


def standstill_duty(
    route: str, regime: str, *, light_touch: bool = False, ground: str | None = None
) -> StandstillDuty:
    """The standstill the law asks for after an award by route, under regime (pcr2015, pa2023).

    route is one of competitive, call_off, direct_award; a direct award gives its ground (para-13,
    32(2)(c), …, or None for s43 and framework call-offs, which pass route call_off)."""
    if regime == "pa2023":
        if route == "direct_award" and ground == "para-13":
            return StandstillDuty(
                False,
                "Procurement Act 2023 s51(3): none after an urgent "
                "direct award (Schedule 5 paragraph 13)",
            )
        if route == "direct_award" and ground == "para-15":
            return StandstillDuty(
                False,
                "Procurement Act 2023 s50: a user choice contract has "
                "no contract award notice, so no standstill",
            )
        if route == "call_off":
            return StandstillDuty(
                False, "Procurement Act 2023 s51(3): none for a call-off under a framework"
            )
        if light_touch:
            return StandstillDuty(
                False, "Procurement Act 2023 s51(3): none for a light touch contract"
            )
        return StandstillDuty(
            True, "Procurement Act 2023 s51: 8 working days from the contract award notice"
        )
    if route == "direct_award":
        return StandstillDuty(
            False,
            "PCR 2015 reg 86(5): no standstill where no prior contract notice was needed (reg 32)",
        )
    if route == "call_off":
        return StandstillDuty(
            False, "PCR 2015 reg 86(5): no standstill for a call-off under a framework"
        )
    return StandstillDuty(True, "PCR 2015 reg 87: 10 days from the award notices")


def route_standstill(
    regime: str, claim: StandstillClaim, published: date | None, electronic: bool = True
) -> Standstill | None:
    """The standstill period an award keeps (mandatory or voluntary), counted as its regime
    counts it from the day its notice is published or sent; None when it keeps none or the day
    is not known yet."""
    if claim == "none" or published is None:
        return None
    if regime == "pa2023":
        return act_standstill(published)
    return pcr_standstill(published, electronic)
