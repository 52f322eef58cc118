"""The award record: the procurement, the contract or framework, Lots, bidders and scores."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import Field, model_validator

from docgen.models.common import (
    Buyer,
    LotId,
    Money,
    OptionalText,
    Prose,
    Score,
    Slug,
    Strict,
    Text,
    Title,
    Weight,
    lot_slug,
)
from docgen.models.common import ContractTerms as ContractTerms  # H7: there, for every route
from docgen.models.common import Years as Years  # H7: kept importable from here
from docgen.models.evaluation import Evaluation, LotCap, Ranked
from docgen.models.language import Lang
from docgen.models.unique import Path, keyed, require_unique

Regime = Literal["pcr2015", "pa2023"]
CpvCode = Annotated[str, Field(pattern=r"^[0-9]{8}(-[0-9])?$")]
"""A Common Procurement Vocabulary code: 8 digits, optionally '-' and the check digit."""
CharityNumber = Annotated[str, Field(pattern=r"^([0-9]{6,7}|SC[0-9]{6}|NIC[0-9]{6})$")]
Ppon = Annotated[str, Field(pattern=r"^[A-Z]{4}-[0-9]{4}-[A-Z]{4}$")]


NOT_RECORDED_HELP = (
    "Facts deliberately not recorded, each with the reason: a document that would state one "
    "leaves it out (or refuses to be built), and a rule that needs one reports it as not checked."
)


def _given_and_not_recorded(model: Strict, marks: Iterable[str]) -> None:
    """A fact is either given or marked not recorded, never both."""
    for fact in marks:
        if getattr(model, fact) is not None:
            raise ValueError(
                f"{fact} is given and also marked not_recorded: keep the value or the mark"
            )


class Approval(Strict):
    body: Text
    date: dt.date


class Procurement(Strict):
    reference: Text
    ocid: Text | None = None
    ocids: list[Text] = Field(  # H7: one procurement, several notices
        default_factory=list,
        description="Further notice ids (ocids) of this procurement besides ocid, e.g. one per "
        "group of Lots or a notice republished under a new id.",
    )
    buyer: Buyer | None = Field(  # H7: a council acting for another body
        default=None,
        description="The buyer, when the council procures as lead authority, agent or for a "
        "joint committee; absent, the council is the buyer.",
    )
    regime: Regime
    light_touch: bool = False
    procedure: Text
    cpv: list[CpvCode] = Field(
        default_factory=list,
        description="CPV codes, the main one first: 8 digits, with or without the check digit "
        "(85000000 or 85000000-9).",
    )
    first_notice: dt.date = Field(description="When the first contract notice was submitted.")
    tender_deadline: dt.date
    permission_to_procure: Approval | None = None


class Notification(Strict):
    """How and when bidders are told; standstill is computed from these."""

    send_date: dt.date
    electronic: bool = True
    can_published: dt.date | None = None
    standstill: Literal["mandatory", "voluntary", "none"] = "mandatory"
    signatory: Slug
    not_recorded: dict[Literal["can_published"], Text] | None = Field(
        default=None, description=NOT_RECORDED_HELP
    )

    @model_validator(mode="after")
    def _marks(self) -> Notification:
        _given_and_not_recorded(self, self.not_recorded or {})
        return self


class InterimExtension(Strict):
    description: Text
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _in_order(self) -> InterimExtension:
        if self.end <= self.start:
            raise ValueError(f"end ({self.end}) must be after start ({self.start})")
        return self


class Criterion(Strict):
    id: Slug
    name: Title
    kind: Literal["quality", "price", "social_value"]
    weight: Weight = Field(description="The maximum weighted score; weights add up to 100.")


class Gate(Strict):
    id: Slug
    name: Title


class Contact(Strict):
    name: Text
    email: Text | None = None


class Bidder(Strict):
    id: Slug
    name: Text
    address: list[Text] = Field(min_length=1)
    company_number: Text | None = None
    charity_number: CharityNumber | None = Field(
        default=None,
        description="Registered charity number: 6 or 7 digits (England and Wales), SC and 6 "
        "digits (Scotland) or NIC and 6 digits (Northern Ireland).",
    )
    ppon: Ppon | None = Field(
        default=None,
        description="Public Procurement Organisation Number from the Central Digital Platform "
        "(Procurement Act 2023), e.g. ABCD-1234-EFGH.",
    )
    sme: bool | None = Field(
        default=None, description="A small or medium-sized enterprise; leave out if not known."
    )
    vcse: bool | None = Field(
        default=None,
        description="A voluntary, community or social enterprise; leave out if not known.",
    )
    contact: Contact
    language: Lang | None = Field(
        default=None,
        description="The language the bidder has asked to be written to in (en or cy); left out "
        "when it has not said, and then a council that publishes in Welsh writes in both.",
    )
    not_recorded: dict[Literal["company_number"], Text] | None = Field(
        default=None, description=NOT_RECORDED_HELP
    )

    @model_validator(mode="after")
    def _marks(self) -> Bidder:
        _given_and_not_recorded(self, self.not_recorded or {})
        return self


class Threshold(Strict):
    method: Literal["threshold"]
    min_score: Score
    max_suppliers: int | None = Field(default=None, ge=1)


class TopN(Strict):
    method: Literal["top_n"]
    n: int = Field(ge=1)


Appointment = Annotated[Threshold | TopN | Ranked, Field(discriminator="method")]
TieBreak = Annotated[Text, Field(description="A criterion id, or 'none' to appoint all tied.")]


class SubCategory(Strict):
    code: Text
    title: Title


class Bid(Strict):
    """One bidder's tender for one Lot (or for the whole contract)."""

    bidder: Slug
    sub_categories: list[Text] = Field(default_factory=list)
    gates: dict[Slug, Literal["pass", "fail"]] = Field(default_factory=dict)
    scores: dict[Slug, Score] = Field(default_factory=dict)
    price_bid: Money | None = None
    outcome: Literal["appointed", "unsuccessful", "excluded"]
    exclusion_reason: Prose | None = None
    feedback: OptionalText = ""
    explanations: dict[Slug, Prose] = Field(  # H6: evaluation (models/evaluation.py)
        default_factory=dict,
        description="The explanation of this tender's score on each award criterion, by "
        "criterion id, with reference to the tender (Procurement Regulations 2024 reg 31).",
    )


class Lot(Strict):
    number: LotId  # H7: a number, or a label such as 1a or North
    title: Title
    description: OptionalText = ""
    area: Text | None = Field(default=None, description="The geographic area of a geographic Lot.")
    status: Literal["active", "cancelled"] = "active"
    cancelled_reason: Prose | None = None
    sub_categories: list[SubCategory] = Field(default_factory=list)
    appointment: Appointment | None = None
    tie_break: TieBreak = "none"
    evaluation: Evaluation | None = None  # H6: the award's unless given here
    criteria: list[Criterion] | None = None
    advantages: OptionalText = Field(
        default="", description="Characteristics and relative advantages of the successful tenders."
    )
    bidders: list[Bid] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Lot:
        require_unique(
            "Lot",
            [
                ("criterion id", keyed("criteria", self.criteria or [], "id")),
                ("sub-category code", keyed("sub_categories", self.sub_categories, "code")),
            ],
        )
        return self


class Award(Strict):
    """An award record (records/**/award*.yaml)."""

    kind: Literal["award"]
    route: Literal["competitive"] = Field(
        default="competitive",
        description="How the contract was reached (docgen.models.routes); left out: competitive.",
    )
    id: Slug
    council: Slug
    title: Title
    service_description: OptionalText = ""
    procurement: Procurement
    notification: Notification
    contract: ContractTerms
    interim_extension: InterimExtension | None = None
    criteria: list[Criterion] = Field(min_length=1)
    gates: list[Gate] = Field(default_factory=list)
    bidders: list[Bidder] = Field(min_length=1)
    lots: list[Lot] = Field(default_factory=list)
    appointment: Appointment | None = None
    tie_break: TieBreak = "none"
    evaluation: Evaluation | None = None  # H6: absent means the weighted sum
    lot_cap: LotCap | None = None  # H6: at most so many Lots per supplier
    advantages: OptionalText = ""
    bids: list[Bid] = Field(default_factory=list)

    @model_validator(mode="after")
    def _lots_or_bids(self) -> Award:
        if self.lots and self.bids:
            raise ValueError(
                "give either lots (a Lotted award) or bids (a single contract), not both"
            )
        if not self.lots and not self.bids:
            raise ValueError("give lots (a Lotted award) or bids (a single contract)")
        return self

    @model_validator(mode="after")
    def _unique_ids(self) -> Award:
        """Bidders, criteria, gates and Lots are looked up by id (and Lots by number)."""
        require_unique(
            "Award",
            [
                ("bidder id", keyed("bidders", self.bidders, "id")),
                ("criterion id", keyed("criteria", self.criteria, "id")),
                ("gate id", keyed("gates", self.gates, "id")),
                ("Lot number", _lot_keys(self.lots)),
            ],
        )
        return self


def _lot_keys(lots: list[Lot]) -> Iterator[tuple[Path, object]]:
    """H7: Lots by number, labels as their file names read them ("North East", "north-east")."""
    for index, lot in enumerate(lots):
        key = lot.number if isinstance(lot.number, int) else lot_slug(lot.number)
        yield ("lots", index, "number"), key
