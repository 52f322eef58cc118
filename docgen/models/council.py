"""The council profile: who the council is, its officers, members, style and constitution."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from docgen.models.common import Money, OptionalText, Slug, Strict, Text, Title
from docgen.models.language import LanguageSettings
from docgen.models.unique import keyed, require_unique

Nation = Literal["england", "wales"]
HolidayRegion = Literal["england-and-wales", "wales", "scotland", "northern-ireland", "any-uk"]
Printing = Literal["double_sided", "single_sided"]


def _rule_id(value: str) -> str:
    if not re.fullmatch(r"R[1-9][0-9]*", value):
        raise ValueError("must be a rule id such as R17 (`docgen rules` lists them)")
    return value


class RuleSwitch(Strict):
    """Switches one rule of docgen.rules off for a council or a decision, saying why."""

    id: Annotated[str, AfterValidator(_rule_id)]
    off: bool
    reason: Text | None = Field(default=None, description="Why the rule does not apply here.")

    @model_validator(mode="after")
    def _needs_reason(self) -> RuleSwitch:
        if self.off and not self.reason:
            raise ValueError(f"switching {self.id} off needs a reason")
        return self


class Officer(Strict):
    """A council officer who writes, authorises or signs documents."""

    id: Slug
    name: Text
    title: Title
    email: Text | None = None
    phone: Text | None = None


class Member(Strict):
    """An elected member, usually the Cabinet Member who leads on a decision."""

    id: Slug
    name: Text
    portfolio: Title


class HouseStyle(Strict):
    """How the council writes money: "£31.8m" (short) or "£31.8 million" (long)."""

    money: Literal["short", "long"] = "short"


class Constitution(Strict):
    """The numbers each council sets for itself in its constitution."""

    call_in_working_days: int = Field(default=5, ge=0, le=20)
    decision_notice_working_days: int | None = Field(
        default=None,
        ge=0,
        le=20,
        description="Working days to publish the decision notice in; unset, the nation's: 2 in "
        "England, none in Wales ('as soon as reasonably practicable', docs/law.md §11.5).",
    )
    key_decision_threshold: Money = Decimal("500000")
    forward_plan_clear_days: int = Field(
        default=28, ge=0, description="England only (2012 Regs reg 9); Wales has no such notice."
    )
    agenda_clear_days: int | None = Field(
        default=None,
        ge=0,
        description="Clear days an agenda is open before a meeting; unset, the statute's: 5 in "
        "England, 3 in Wales (docs/law.md §3, §11.5).",
    )
    clear_days_exclude_non_working: bool = True
    forward_plan_clear_days_exclude_non_working: bool = False
    holidays: HolidayRegion = "england-and-wales"


class Letterhead(Strict):
    """What goes at the top of a letter: the sending department and how to reply."""

    department: Title
    address: list[Text] = Field(min_length=1)
    phone: Text | None = None
    email: Text | None = None
    website: Text | None = None


class Council(Strict):
    """A council profile (records/councils/*.yaml)."""

    kind: Literal["council"]
    id: Slug
    name: Title
    short_name: Text
    nation: Nation = "england"
    address: list[Text] = Field(min_length=1)
    website: Text | None = None
    letterhead: Letterhead
    officers: list[Officer] = Field(min_length=1)
    members: list[Member] = Field(default_factory=list)
    style: HouseStyle = HouseStyle()
    languages: LanguageSettings = Field(
        default_factory=LanguageSettings,
        description="The languages the council publishes in, which comes first, and how a "
        "bilingual document is laid out (Welsh Language Standards (No. 1) Regulations 2015).",
    )
    constitution: Constitution = Constitution()
    footer_note: OptionalText = ""
    printing: Printing = Field(
        default="double_sided",
        description="How the council prints letters for the post: double_sided starts each letter"
        " of the print file on a right-hand page, with a blank page where needed.",
    )
    rules: list[RuleSwitch] = Field(
        default_factory=list, description="Rules switched off for every decision of the council."
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> Council:
        """Officers and members are looked up by id; a rule is switched once."""
        require_unique(
            "Council",
            [
                ("officer id", keyed("officers", self.officers, "id")),
                ("member id", keyed("members", self.members, "id")),
                ("rule", keyed("rules", self.rules, "id")),
            ],
        )
        return self

    def officer(self, officer_id: str) -> Officer | None:
        return next((o for o in self.officers if o.id == officer_id), None)

    def member(self, member_id: str) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)


__all__ = ["Council", "HolidayRegion", "Member", "Officer", "Printing", "RuleSwitch"]
