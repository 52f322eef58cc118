"""The shape shared by the notices a route to a contract publishes: the transparency notice of a
direct award (Procurement Act 2023 s44, Procurement Regulations 2024 reg 26) and the contract
change notice of a modification (s75; a modification notice under PCR 2015 reg 72). Each is one
kind of its own (transparency_notice.py, change_notice.py) with its own templates; both lay out
a title block, then parts of labelled rows and prose, then a closing note. Their words are in
the bundle's language (`t`, the routes catalogue); English by default.
"""

from __future__ import annotations

from docgen.derive.language import Words
from docgen.documents.common import ENGLISH, Context, Meta, Prose, Row
from docgen.models import Council


class NoticePart(Context):
    """One headed part of a notice: labelled rows, then prose (either may be empty)."""

    title: str
    """The part's heading: "Contracting authority", "The supplier", "Justification"."""
    rows: list[Row]
    """Its labelled rows, in order ("Name", "Address" …); empty for a part of prose only."""
    body: Prose
    """Its prose (unnumbered paragraphs), after the rows; no blocks when it has none."""


class RouteNoticeLabels(Context):
    """The notice's fixed words, in its language."""

    rows_description: str
    """After a part's title in its table's description (alt text in Word): "one labelled row
    each" / "un rhes â label i bob eitem"."""


def notice_labels(t: Words = ENGLISH) -> RouteNoticeLabels:
    return RouteNoticeLabels(rows_description=t("one labelled row each"))


class RouteNoticeContext(Context):
    """What a route's notice carries: title block, parts, closing note."""

    meta: Meta
    """Title, status, date, record hash and footer."""
    heading: str
    """The notice's name: "Transparency notice" or "Contract change notice"."""
    basis: str
    """The law it is published under: "Procurement Act 2023, section 44; Procurement
    Regulations 2024, regulation 26"."""
    title: str
    """The contract's title: "Interim Home Care Service"."""
    intro: str
    """One sentence saying what the notice announces, in the council's voice."""
    parts: list[NoticePart]
    """The notice's parts, in order."""
    closing: str
    """The closing note: when the notice was (or is to be) published and where to ask."""
    labels: RouteNoticeLabels
    """The fixed words of the templates, in the notice's language."""


def reference_note(reference: str | None, t: Words = ENGLISH) -> str:
    """' (notice reference NBC-ASC-2026-003-TN)' after a publication date; '' with none."""
    return t(" (notice reference {reference})", reference=reference) if reference else ""


def enquiries(council: Council, t: Words = ENGLISH) -> str:
    """The sentence every route notice closes with: where to ask about it."""
    department = t.text(council.letterhead.department)
    contact = council.letterhead.email or department
    return t(
        "Enquiries about this notice: {department}, {contact}.",
        department=department,
        contact=contact,
    )
