"""The decision record: who decides what, when, and the paper's prose."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, model_validator

from docgen.models.common import OptionalText, Prose, Slug, Strict, Text, Title
from docgen.models.council import RuleSwitch
from docgen.models.unique import Path, keyed, require_unique

ProseText = Prose
"""Prose with paragraphs, lists, **bold**, *italic* and {placeholders} (see docgen.prose)."""


class CabinetMaker(Strict):
    kind: Literal["cabinet"]
    body: Text = "Cabinet"


class MemberMaker(Strict):
    kind: Literal["cabinet_member"]
    member: Slug


class OfficerMaker(Strict):
    kind: Literal["officer"]
    officer: Slug
    authority: Title = Field(description="The delegation under which the officer decides.")


DecisionMaker = Annotated[CabinetMaker | MemberMaker | OfficerMaker, Field(discriminator="kind")]


class Meeting(Strict):
    name: Text
    date: dt.date
    venue: Text | None = None
    agenda_item: Text | None = None


class KeyDecision(Strict):
    key: bool
    forward_plan_ref: Text | None = None
    first_published: dt.date | None = None
    reason: Title | None = Field(
        default=None, description="Why it is key, e.g. 'Expenditure over £500,000'."
    )
    general_exception_published: dt.date | None = Field(
        default=None,
        description="When the general exception notice (2012 Regs reg 10, England) was published.",
    )
    special_urgency: Title | None = Field(
        default=None,
        description="Who agreed the decision was urgent and why: in England under the 2012 "
        "Regs reg 11; in Wales the scrutiny chair's agreement that a Cabinet Member's decision "
        "may be implemented before its written statement (2001 Wales Regs reg 7(3)).",
    )

    @model_validator(mode="after")
    def _needs_reference(self) -> KeyDecision:
        if self.key and not self.forward_plan_ref:
            raise ValueError("a key decision needs forward_plan_ref")
        return self


class CallIn(Strict):
    callable: bool
    reason: Title | None = Field(default=None, description="Why the decision cannot be called in.")

    @model_validator(mode="after")
    def _needs_reason(self) -> CallIn:
        if not self.callable and not self.reason:
            raise ValueError("a decision that cannot be called in needs a reason")
        return self


class SubResolution(Strict):
    label: Slug | None = None
    text: ProseText


class Resolution(Strict):
    """One numbered thing the decision maker resolves; sub-items are lettered."""

    label: Slug | None = None
    text: ProseText
    items: list[SubResolution] = Field(default_factory=list)


class Implication(Strict):
    heading: Title
    text: ProseText


class Sections(Strict):
    """The paper's sections, in the standard order; the numbering is computed."""

    executive_summary: ProseText
    recommendations_intro: OptionalText = ""
    reasons: ProseText
    alternatives: ProseText
    background: ProseText | None = None
    financial: ProseText
    legal: ProseText
    equalities: ProseText
    other: list[Implication] = Field(default_factory=list)


class Exemption(Strict):
    """Why a part is not for publication: Schedule 12A paragraph(s) and the public interest."""

    paragraphs: list[int] = Field(min_length=1)
    public_interest: Title


class Appendix(Strict):
    id: Slug
    title: Title
    source: Literal["award_suppliers", "award_scores", "external"]
    exempt: Exemption | None = None


class BackgroundPaper(Strict):
    title: Title
    date: dt.date | None = None
    location: Text | None = None


class Revision(Strict):
    number: int = Field(ge=1)
    date: dt.date
    reason: Title
    changes: list[Text] = Field(default_factory=list, description="Labels of changed paragraphs.")


class Decision(Strict):
    """A decision record (records/**/decision*.yaml)."""

    kind: Literal["decision"]
    id: Slug
    council: Slug
    award: Slug | None = None
    title: Title
    status: Literal["draft", "cleared", "final"] = "draft"
    decision_maker: DecisionMaker
    meeting: Meeting | None = None
    decision_date: dt.date
    report_published: dt.date | None = None
    decision_published: dt.date | None = None
    key_decision: KeyDecision
    call_in: CallIn
    report_of: Slug
    lead_member: Slug | None = None
    author: Slug
    wards: Literal["all"] | list[Text] = "all"
    purpose: ProseText
    sections: Sections
    resolutions: list[Resolution] = Field(min_length=1)
    alternatives_rejected: OptionalText = ""
    conflicts_of_interest: Title = "None"
    dispensations: Title = "None"
    appendices: list[Appendix] = Field(default_factory=list)
    background_papers: list[BackgroundPaper] = Field(default_factory=list)
    revisions: list[Revision] = Field(default_factory=list)
    rules: list[RuleSwitch] = Field(
        default_factory=list, description="Rules switched off for this decision, with reasons."
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> Decision:
        """Labels are what prose refers to; appendices and revisions are looked up by id and
        number; a rule is switched once."""
        require_unique(
            "Decision",
            [
                ("label", _labels(self.resolutions)),
                ("appendix id", keyed("appendices", self.appendices, "id")),
                ("revision number", keyed("revisions", self.revisions, "number")),
                ("rule", keyed("rules", self.rules, "id")),
            ],
        )
        return self


def _labels(resolutions: list[Resolution]) -> Iterator[tuple[Path, object]]:
    """Every resolution's and sub-resolution's label: one namespace for references."""
    for i, resolution in enumerate(resolutions):
        yield ("resolutions", i, "label"), resolution.label
        for j, item in enumerate(resolution.items):
            yield ("resolutions", i, "items", j, "label"), item.label
