"""Pieces of context shared by several document kinds."""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from docgen.derive import formatting as fmt
from docgen.derive.facts import buyer_statement
from docgen.derive.language import Words, words_for
from docgen.derive.prose import Block
from docgen.derive.units import Unit
from docgen.models import Award, Council, Decision, RouteAward
from docgen.models.language import Lang

SCHEDULE_12A = {
    "england": ("Part 1", frozenset(range(1, 8))),
    "wales": ("Part 4", frozenset({12, 13, 14, 15, 17, 18})),
}
"""Where each nation's Schedule 12A lists exempt information, and which of its paragraphs are
subject to the public interest test: Part 1 (paragraphs 1-7, all tested, Part 2) in England;
Part 4 (paragraphs 12-18) in Wales, where paragraph 21 of Part 5 applies the test to all but
paragraph 16 (docs/law.md §4, §11.3)."""
WALES_PUBLIC_INTEREST = 21
"""Wales: the paragraph of Part 5 that applies the public interest test (docs/law.md §11.3)."""
ACT = "Schedule 12A to the Local Government Act 1972"


class Context(BaseModel):
    """Base of every document context: frozen, no extra keys.

    Each field is described by the string under it (an attribute docstring):
    templates/README.md lists them (docgen.documents.fields reads them from the source), and a
    test fails on a field without one. pydantic is not asked to keep them as descriptions
    (`use_attribute_docstrings`): that reads every context class's source as it is defined,
    30 ms of every command that builds.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")


class Prose(Context):
    """Resolved prose; serialised with the marker key `_prose` the Word renderer looks for."""

    marker: Literal[True] = Field(default=True, serialization_alias="_prose")
    """Always true, written as `_prose` in the JSON: it tells the Word renderer to lay the value
    out as paragraphs (`{{p value }}`). Templates do not read it."""
    blocks: list[Block]
    """The paragraphs, sub-headings and lists, in reading order; empty when there is no text."""


class Meta(Context):
    """What every document carries: names for the title block, metadata and the footer."""

    council_name: str
    """The council's full name: "Glan-yr-Afon County Borough Council"."""
    document_title: str
    """The title in the file's properties (PDF and Word title, HTML `<title>`): "Carers Support
    Service – Contract Award – decision notice"."""
    status_label: str
    """What the header says of the document's status: "DRAFT", "CLEARED FOR PUBLICATION",
    "FINAL" or "FINAL revised"; "Private and confidential" on award letters."""
    is_draft: bool
    """True while the record is a draft (the PDF then carries a DRAFT watermark); always false
    on award letters."""
    date_text: str
    """The date of the decision, or the date an award letter is sent: "10 March 2026"."""
    record_sha256: str
    """The sha256 of the source records as canonical JSON, 64 lowercase hex digits; the files
    carry it in their keywords as "sha256:<hash>"."""
    footer: str
    """The footer's text: council, document and status joined by " · "; an exempt appendix's
    starts "NOT FOR PUBLICATION · "."""
    lang: str = "en-GB"
    """The document's language as a BCP 47 tag: "en-GB" or "cy-GB" (PDF /Lang, Word w:lang,
    HTML lang)."""
    page_label: str = "Page"
    """The word before the page number in the footer: "Page" / "Tudalen"."""
    page_of_label: str = "of"
    """The word between the page number and the number of pages: "of" / "o"."""
    draft_label: str = "DRAFT"
    """The watermark of a draft: "DRAFT" / "DRAFFT"."""
    footer_description: str = "Page footer"
    """The Word footer table's description (alt text): "Page footer" / "Troedyn y dudalen"."""
    skip_link_label: str = "Skip to main content"
    """The web page's first link, for keyboard and screen reader users: "Skip to main content"
    / "Neidio i'r prif gynnwys"."""


class Row(Context):
    """A labelled row of a two-column table."""

    label: str
    """The left-hand cell: "Report of", "Our reference", or a criterion's code "C1"."""
    value: str
    """The right-hand cell, as printed: "Director of Social Services"."""


ENGLISH = words_for("en")
"""The English wording: the default of helpers that take a language."""


def with_buyer(
    rows: list[Row], award: Award | None, council: Council, t: Words = ENGLISH
) -> list[Row]:
    """The rows with a "Buyer" row before the contact (or last) when the council procures for
    another body (procurement.buyer): "Northshire County Council as lead authority for …"."""
    if award is None or award.procurement.buyer is None:
        return rows
    row = Row(label=t("Buyer"), value=buyer_statement(award, council, t))
    contact = ("Contact", t("Contact officer"))
    at = next((i for i, r in enumerate(rows) if r.label.startswith(contact)), len(rows))
    return [*rows[:at], row, *rows[at:]]


def status_label(status: str, revised: bool, t: Words = ENGLISH) -> str:
    labels = {"draft": t("DRAFT"), "cleared": t("CLEARED FOR PUBLICATION"), "final": t("FINAL")}
    label = labels[status]
    return t("{label} revised", label=label) if revised and status == "final" else label


def exemption_text(paragraphs: list[int], nation: str, t: Words = ENGLISH) -> str:
    """What exempts a part, as every document cites it for the council's nation:
    'paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972' (England);
    'paragraphs 14 and 21 of Parts 4 and 5 of Schedule 12A …' (Wales, where paragraph 21 of
    Part 5 applies the public interest test to paragraphs 12-15, 17 and 18: docs/law.md §11.3).
    There is no default nation: a Welsh part cited as England's is untrue."""
    _part, tested = SCHEDULE_12A[nation]
    given = set(paragraphs) - ({WALES_PUBLIC_INTEREST} if nation == "wales" else set())
    numbers = sorted(given)  # a Welsh record may cite 21 itself: it is added once, below
    if nation == "wales" and tested.intersection(numbers):
        numbers.append(WALES_PUBLIC_INTEREST)
        return t(
            "{paragraphs} of Parts 4 and 5 of Schedule 12A to the Local Government Act 1972",
            paragraphs=_paragraphs(numbers, t),
        )
    if nation == "wales":
        return t(
            "{paragraphs} of Part 4 of Schedule 12A to the Local Government Act 1972",
            paragraphs=_paragraphs(numbers, t),
        )
    return t(
        "{paragraphs} of Part 1 of Schedule 12A to the Local Government Act 1972",
        paragraphs=_paragraphs(numbers, t),
    )


def _paragraphs(numbers: list[int], t: Words) -> str:
    """'paragraph 3', 'paragraphs 3 and 5', 'paragraphs 3, 4 and 5'."""
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return t("paragraph {number}", number=words[0])
    return t("paragraphs {numbers} and {last}", numbers=", ".join(words[:-1]), last=words[-1])


class Bundle(BaseModel):
    """A decision with the council and award it refers to: the input of a paper."""

    model_config = ConfigDict(frozen=True)
    council: Council
    decision: Decision | None = None
    award: Award | None = None
    route: RouteAward | None = None
    """The award record of a route that scores no tenders (a direct award, a modification, an
    authority to procure, a decision not to award); `award` holds scored ones."""
    language: Lang = "en"
    """The language of the document built from it; not part of the records' hash."""

    @property
    def words(self) -> Words:
        """The wording of the bundle's language (docgen.derive.language)."""
        return words_for(self.language)

    @property
    def award_record(self) -> Award | RouteAward | None:
        """The award record the decision names, whatever its route."""
        return self.award if self.award is not None else self.route

    def canonical_json(self) -> bytes:
        """The records as canonical JSON: sorted keys, no spaces; embedded in every PDF."""
        data = self.model_dump(mode="json", exclude_none=True, exclude={"language"})
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def sha256(self) -> str:
        return hashlib.sha256(self.canonical_json()).hexdigest()


def require_decision(bundle: Bundle, what: str) -> tuple[Decision, Council]:
    """The bundle's decision and council; a document about a decision needs one."""
    if bundle.decision is None:
        raise ValueError(f"{what} needs a decision record")
    return bundle.decision, bundle.council


def language_meta(t: Words) -> dict[str, str]:
    """Meta's language fields for `t`'s language."""
    return {
        "lang": t.tag,
        "page_label": t("Page"),
        "page_of_label": t("of"),
        "draft_label": t("DRAFT"),
        "footer_description": t("Page footer"),
        "skip_link_label": t("Skip to main content"),
    }


def decision_meta(bundle: Bundle, document_title: str, footer_name: str) -> Meta:
    """The Meta of a document about a decision: status label, draft flag, date, record hash."""
    decision, council = require_decision(bundle, document_title)
    t = bundle.words
    label = status_label(decision.status, bool(decision.revisions), t)
    council_name = t.text(council.name)
    return Meta(
        council_name=council_name,
        document_title=document_title,
        status_label=label,
        is_draft=decision.status == "draft",
        date_text=t.date(decision.decision_date),
        record_sha256=bundle.sha256(),
        footer=f"{council_name} · {footer_name} · {label}",
        **language_meta(t),
    )


def score_columns(unit: Unit) -> fmt.ScoreColumns:
    """How the Lot's score tables write each criterion and the totals, from every scored (not
    excluded) bid: a letter and the scores appendix print a score alike."""
    scored = [s for s in unit.scored if not s.is_excluded and s.bid.scores]
    return fmt.ScoreColumns((s.bid.scores for s in scored), (s.total for s in scored))
