"""Award records by route: how the council came to the contract (docs/law.md §11).

Every award record has ``kind: award``; its ``route`` says which way the contract was reached and
so which fields the record has. A record without ``route`` is a competitive award (``Award``,
unchanged), so every record written before routes existed still validates.

- ``competitive``: ``Award``, a tender scored on weighted criteria (docgen.models.award).
- ``call_off``: ``CallOff``, a mini-competition among a framework's suppliers: an ``Award`` that
  names its framework (a call-off made directly on the framework's terms is a ``direct_award``
  with basis ``framework``).
- ``direct_award``: ``DirectAward``, one supplier chosen without competition, on a legal ground.
- ``modification``, ``authority_to_procure``, ``not_awarded``: docgen.models.changes.

``award_route`` picks the route of a raw record; ``AwardRecord`` is the discriminated union that
pydantic validates with it, and ``ROUTE_MODELS`` maps each route to its class.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from pydantic import Discriminator, Field, Tag, ValidationInfo, field_validator

from docgen.models.award import (
    Award,
    Bidder,
    ContractTerms,
    CpvCode,
    Regime,
)
from docgen.models.changes import AuthorityToProcure, Modification, NotAwarded
from docgen.models.common import OptionalText, Prose, Slug, Strict, Text, Title
from docgen.models.grounds import (
    REG32_GROUNDS,
    SCHEDULE5_GROUNDS,
    TRANSPARENCY_NOTICE_BASES,
    ground_error,
    route_missing,
)

Route = Literal[
    "competitive", "call_off", "direct_award", "modification", "authority_to_procure", "not_awarded"
]
ROUTES: tuple[str, ...] = get_args(Route)
"""The routes, in the order messages list them: the Literal's own."""


class Framework(Strict):
    """The framework a call-off is made under: the council's own or another body's."""

    name: Text
    owner: Text = Field(description="Who runs the framework: 'ESPO', 'Crown Commercial Service'…")
    reference: Text = Field(description="The framework's reference, e.g. 'RM6181'.")
    lot: Text | None = Field(default=None, description="The framework Lot called off from.")
    ocid: Text | None = Field(default=None, description="The framework's notice id, if known.")
    began: dt.date | None = Field(
        default=None,
        description="When the framework's procurement began: its regime governs the call-off.",
    )


class CallOff(Award):
    """A call-off by mini-competition among a framework's suppliers: scored like any award
    (criteria, bids or Lots, letters), and naming the framework it is made under."""

    route: Literal["call_off"] = "call_off"  # type: ignore[assignment]
    framework: Framework


DirectBasis = Literal["pa2023_schedule5", "pa2023_switch_s43", "pcr2015_reg32", "framework"]


class TransparencyNotice(Strict):
    """The notice of a direct award (Procurement Act 2023 s44; Procurement Regulations 2024
    reg 26), published before the contract is awarded (rule R41)."""

    published: dt.date
    reference: Text | None = None


class DirectProcurement(Strict):
    """The procurement of a direct award: which law, and when it began (rule R42)."""

    reference: Text
    ocid: Text | None = None
    regime: Regime
    light_touch: bool = False
    cpv: list[CpvCode] = Field(default_factory=list)
    began: dt.date = Field(
        description="When the procurement began: its first notice, or the first step taken "
        "toward the award; it decides the regime (before 24 February 2025: the 2015 Regulations)."
    )


class ContractAwardNotice(Strict):
    """The contract award notice of a direct award (s50) and the standstill it announces (s51)."""

    can_published: dt.date | None = None
    standstill: Literal["mandatory", "voluntary", "none"]
    signatory: Slug | None = Field(
        default=None, description="The officer who signs what is sent to the supplier."
    )


class DirectAward(Strict):
    """A contract awarded to one supplier without a competition, on a ground the law gives
    (docs/law.md §11.1, §11.2)."""

    kind: Literal["award"]
    route: Literal["direct_award"]
    id: Slug
    council: Slug
    title: Title
    service_description: OptionalText = ""
    procurement: DirectProcurement
    basis: DirectBasis = Field(
        description="pa2023_schedule5 (s41), pa2023_switch_s43, pcr2015_reg32 (negotiated "
        "procedure without prior publication) or framework (a call-off on the framework's terms)."
    )
    ground: Text | None = Field(
        default=None,
        validate_default=True,
        description="The Schedule 5 paragraph (e.g. 'para-13') or the reg 32 sub-paragraph "
        "(e.g. '32(2)(c)'); none for s43 and framework call-offs.",
    )
    framework: Framework | None = Field(default=None, validate_default=True)
    justification: Prose = Field(description="Why the ground applies, in the council's words.")
    transparency_notice: TransparencyNotice | None = Field(default=None, validate_default=True)
    supplier: Bidder
    contract: ContractTerms
    notification: ContractAwardNotice | None = None

    @field_validator("ground")
    @classmethod
    def _ground(cls, value: str | None, info: ValidationInfo) -> str | None:
        basis = info.data.get("basis")
        if basis is None:  # basis itself is wrong or missing: its own error says so
            return value
        table = {"pa2023_schedule5": SCHEDULE5_GROUNDS, "pcr2015_reg32": REG32_GROUNDS}.get(
            str(basis)
        )
        if table is None:
            if value is not None:
                raise ValueError(
                    f"a direct award on the basis {basis} has no ground: leave ground out "
                    "(see docs/law.md §11.1)"
                )
            return value
        problem = ground_error(value, table, str(basis))
        if problem and value is None:
            raise route_missing(problem, "basis")
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("framework")
    @classmethod
    def _framework(cls, value: Framework | None, info: ValidationInfo) -> Framework | None:
        basis = info.data.get("basis")
        if basis == "framework" and value is None:
            raise route_missing(
                "required, but missing: a direct award under a framework names the framework "
                "(name, owner, reference) (see docs/law.md §11.1)",
                "basis",
            )
        if basis != "framework" and value is not None and basis is not None:
            raise ValueError(f"only a call-off names a framework (basis is {basis})")
        return value

    @field_validator("transparency_notice")
    @classmethod
    def _notice(
        cls, value: TransparencyNotice | None, info: ValidationInfo
    ) -> TransparencyNotice | None:
        basis = info.data.get("basis")
        if basis in TRANSPARENCY_NOTICE_BASES and value is None:
            raise route_missing(
                "required, but missing: a direct award under the Procurement Act 2023 is "
                "preceded by a transparency notice (s44); give its published date "
                "(rule R41, docs/law.md §11.1)",
                "basis",
            )
        return value


ROUTE_MODELS: dict[str, type[Strict]] = {
    "competitive": Award,
    "call_off": CallOff,
    "direct_award": DirectAward,
    "modification": Modification,
    "authority_to_procure": AuthorityToProcure,
    "not_awarded": NotAwarded,
}
"""The class of each route's award record."""

RouteAward = DirectAward | Modification | AuthorityToProcure | NotAwarded
"""An award record of a route that scores no tenders (kept apart from ``Records.awards``)."""

AnyAward = Award | RouteAward
"""Any award record (``CallOff`` is an ``Award``)."""


def award_route(value: Any) -> str:
    """The route of a raw award record (a mapping) or of a validated one; 'competitive' when the
    record does not say."""
    route = value.get("route") if isinstance(value, dict) else getattr(value, "route", None)
    return "competitive" if route is None else str(route)


AwardRecord = Annotated[
    Annotated[Award, Tag("competitive")]
    | Annotated[CallOff, Tag("call_off")]
    | Annotated[DirectAward, Tag("direct_award")]
    | Annotated[Modification, Tag("modification")]
    | Annotated[AuthorityToProcure, Tag("authority_to_procure")]
    | Annotated[NotAwarded, Tag("not_awarded")],
    Discriminator(award_route),
]
"""Any award record, its class chosen by ``route`` (absent: competitive)."""

ROUTE_NAMES: dict[str, str] = {
    "competitive": "a competitive award",
    "call_off": "a call-off",
    "direct_award": "a direct award",
    "modification": "a modification",
    "authority_to_procure": "an authority to procure",
    "not_awarded": "a decision not to award",
}
"""How messages name each route."""
