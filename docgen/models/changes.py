"""Award records of the routes that score no tenders besides a direct award: a change to a
contract (``Modification``), the first of two decisions (``AuthorityToProcure``) and a decision
not to award (``NotAwarded``). See docgen.models.routes and docs/law.md §11."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from docgen.models.award import (
    Bidder,
    ContractTerms,
    CpvCode,
    Criterion,
    Procurement,
    Regime,
    Years,
)
from docgen.models.common import Money, OptionalText, Prose, Slug, Strict, Text, Title
from docgen.models.grounds import REG72_CAPPED, REG72_GROUNDS, SCHEDULE8_GROUNDS, ground_error
from docgen.models.unique import keyed, require_unique

ContractCategory = Literal["services", "supplies", "works"]


class ContractChanged(Strict):
    """The contract being changed, as it was awarded and as it stands."""

    reference: Text
    title: Title
    ocid: Text | None = None
    category: ContractCategory = Field(
        description="services, supplies or works: the de minimis limit of reg 72(5) is 10% for "
        "services and supplies, 15% for works."
    )
    light_touch: bool = False
    awarded: dt.date = Field(description="When the contract was awarded.")
    original_value: Money = Field(description="The contract's value when it was awarded.")
    current_end: dt.date = Field(description="When the contract ends before this change.")


class ChangeNotice(Strict):
    """The notice of a change: a contract change notice (Procurement Act 2023 s75) or a
    modification notice (PCR 2015 reg 72(3), for changes under reg 72(1)(b) and (c))."""

    published: dt.date
    reference: Text | None = None


class Modification(Strict):
    """A change to an existing contract without a new procurement (docs/law.md §11)."""

    kind: Literal["award"]
    route: Literal["modification"]
    id: Slug
    council: Slug
    title: Title
    service_description: OptionalText = ""
    regime: Regime = Field(
        description="The law the contract was awarded under, which governs its changes."
    )
    contract_changed: ContractChanged
    supplier: Bidder
    change: Literal["extension", "variation"]
    ground: Text = Field(
        description="pcr2015: a reg 72 ground (72(1)(a) … 72(1)(e), 72(5)); pa2023: a Schedule 8 "
        "paragraph (sch8-para-N) or s74-not-substantial / s74-below-threshold."
    )
    description: Prose = Field(description="What changes, and why, in the council's words.")
    value_before: Money = Field(description="The contract's value before this change.")
    value_after: Money = Field(description="The contract's value after this change.")
    new_end: dt.date | None = Field(default=None, description="The new end date, if it moves.")
    change_notice: ChangeNotice | None = None
    signatory: Slug | None = Field(
        default=None, description="The officer who signs the variation letter to the supplier."
    )

    @field_validator("ground")
    @classmethod
    def _ground(cls, value: str, info: ValidationInfo) -> str:
        regime = info.data.get("regime")
        table = REG72_GROUNDS if regime == "pcr2015" else SCHEDULE8_GROUNDS
        problem = ground_error(value, table, str(regime))
        if regime is not None and problem:
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _dates(self) -> Modification:
        if self.change == "extension" and self.new_end is None:
            raise ValueError("an extension gives its new_end")
        if self.new_end is not None and self.new_end <= self.contract_changed.current_end:
            raise ValueError(
                f"new_end ({self.new_end}) must be after the contract's current_end "
                f"({self.contract_changed.current_end}); a change that ends the contract sooner "
                "is a variation with no new_end"
            )
        return self

    @property
    def increase(self) -> Decimal:
        """How much this change adds to the contract's value (negative for a reduction)."""
        return self.value_after - self.value_before

    @property
    def needs_notice(self) -> bool:
        """Whether the law asks for a notice of this change (s75; reg 72(3))."""
        return self.regime == "pa2023" or self.ground in REG72_CAPPED


class Delegation(Strict):
    """Who will make the award, and under what authority (the second decision)."""

    officer: Slug
    authority: Text = Field(
        description="The delegation, e.g. 'the Director of Adult Social Care, "
        "in consultation with the Cabinet Member'."
    )


class PlannedProcurement(Strict):
    """How the council means to procure."""

    reference: Text | None = None
    regime: Regime
    light_touch: bool = False
    procedure: Text
    cpv: list[CpvCode] = Field(default_factory=list)
    begins: dt.date = Field(description="When the procurement is planned to begin (its notice).")


class PlannedContract(Strict):
    """The contract or framework the council means to award, with its estimated value."""

    kind: Literal["framework", "contract", "approved_list"]
    initial_years: Years
    extensions_years: list[Years] = Field(default_factory=list)
    max_years: Years
    start: dt.date | None = None
    estimated_value: Money = Field(description="The estimated value over the longest term.")
    annual_value: Money | None = None


class Milestone(Strict):
    step: Text
    date: dt.date


class AuthorityToProcure(Strict):
    """The first of two decisions: permission to run a procurement, delegating the award."""

    kind: Literal["award"]
    route: Literal["authority_to_procure"]
    id: Slug
    council: Slug
    title: Title
    service_description: OptionalText = ""
    procurement: PlannedProcurement
    contract: PlannedContract
    delegation: Delegation
    criteria: list[Criterion] = Field(
        default_factory=list, description="The award criteria planned, with their weights."
    )
    timetable: list[Milestone] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> AuthorityToProcure:
        require_unique("Award", [("criterion id", keyed("criteria", self.criteria, "id"))])
        return self


class Termination(Strict):
    """The procurement termination notice (Procurement Act 2023 s55)."""

    published: dt.date
    reference: Text | None = None


class TenderersTold(Strict):
    """When and by whom the tenderers are told that no contract will be awarded."""

    send_date: dt.date
    electronic: bool = True
    signatory: Slug


class NotAwarded(Strict):
    """A decision not to award a contract: the procurement is abandoned or will be run again."""

    kind: Literal["award"]
    route: Literal["not_awarded"]
    id: Slug
    council: Slug
    title: Title
    service_description: OptionalText = ""
    procurement: Procurement
    contract: ContractTerms | None = Field(
        default=None, description="The contract as it was advertised, if the paper states it."
    )
    bidders: list[Bidder] = Field(
        default_factory=list, description="Those who tendered, each to be told (reg 55; s55)."
    )
    reason: Prose = Field(description="Why no contract is awarded, in the council's words.")
    next_step: Literal["abandon", "re_run"]
    notification: TenderersTold | None = None
    termination_notice: Termination | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> NotAwarded:
        require_unique("Award", [("bidder id", keyed("bidders", self.bidders, "id"))])
        return self
