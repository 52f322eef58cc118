"""The decision notice's fixed words and its list of supporting documents, in the bundle's
language (the notices catalogue): decision_notice.py places them in its context."""

from __future__ import annotations

from docgen.derive.language import Words
from docgen.derive.numbering import appendix_letter
from docgen.documents.common import Bundle, Context, exemption_text
from docgen.documents.exemption import appendix_exemption
from docgen.models import Decision, DirectAward, Modification
from docgen.models.council import Council


class DecisionNoticeLabels(Context):
    """The notice's fixed words, in the document's language (the notices catalogue)."""

    notice: str
    """The kind of document, under the council's name and in the footer: "Decision notice"."""
    published_status: str
    """The web page's status line: "Decision notice · published Thursday 24 July 2025"."""
    details_caption: str
    """The caption of the details table: "Decision details"."""
    details_description: str
    """The details table's description (alt text in Word): "Decision maker, outcome, key
    decision, call-in and the decision's dates"."""
    purpose: str
    """Heading: "Purpose"."""
    decision: str
    """Heading: "Decision"."""
    route: str
    """Heading of a route award's part: "Route to contract"."""
    route_caption: str
    """The caption of the route's table: "The route to the contract"."""
    route_description: str
    """The route table's description (alt text in Word): "The route to the contract, its legal
    ground and its facts"."""
    reasons: str
    """Heading: "Reasons for the decision"."""
    alternatives: str
    """Heading: "Alternative options considered and rejected"."""
    conflicts: str
    """Heading: "Conflicts of interest"."""
    dispensations: str
    """Heading: "Dispensations granted"."""
    call_in: str
    """Heading: "Call-in and implementation"."""
    documents: str
    """Heading: "Supporting documents"."""
    documents_caption: str
    """The caption of the documents table: "Reports and appendices considered"."""
    documents_description: str
    """The documents table's description (alt text in Word): "The report and its appendices,
    and whether each is published"."""
    document: str
    """The documents table's first column: "Document"."""
    publication: str
    """The documents table's second column: "Publication"."""
    related_meeting: str
    """Heading: "Related meeting"."""


class SupportingDocument(Context):
    """The paper or one of its appendices, as listed under "Supporting documents"."""

    title: str
    """The document's name: "Cabinet report: <title>" ("Decision report: <title>" when Cabinet
    did not make the decision) or "Appendix B: <title>"."""
    access: str
    """Whether the public may see it: "Open", or "Not for publication by virtue of paragraph 3 of
    Part 1 of Schedule 12A to the Local Government Act 1972"."""
    is_exempt: bool
    """True for an exempt appendix (templates show its `access` in bold)."""


def labels(t: Words, published: str) -> DecisionNoticeLabels:
    return DecisionNoticeLabels(
        notice=t("Decision notice"),
        published_status=t("Decision notice · published {date}", date=published),
        details_caption=t("Decision details"),
        details_description=t(
            "Decision maker, outcome, key decision, call-in and the decision's dates"
        ),
        purpose=t("Purpose"),
        decision=t("Decision"),
        route=t("Route to contract"),
        route_caption=t("The route to the contract"),
        route_description=t("The route to the contract, its legal ground and its facts"),
        reasons=t("Reasons for the decision"),
        alternatives=t("Alternative options considered and rejected"),
        conflicts=t("Conflicts of interest"),
        dispensations=t("Dispensations granted"),
        call_in=t("Call-in and implementation"),
        documents=t("Supporting documents"),
        documents_caption=t("Reports and appendices considered"),
        documents_description=t("The report and its appendices, and whether each is published"),
        document=t("Document"),
        publication=t("Publication"),
        related_meeting=t("Related meeting"),
    )


def route_notices(bundle: Bundle, t: Words) -> list[SupportingDocument]:
    """The notice a route publishes (transparency_notice.py, change_notice.py), when the
    decision makes one: it is published beside the report."""
    route = bundle.route
    if route is None:
        return []
    name = t.text(route.title)
    if isinstance(route, DirectAward) and route.transparency_notice is not None:
        title = t("Transparency notice: {title}", title=name)
    elif isinstance(route, Modification) and (route.change_notice or route.needs_notice):
        title = (
            t("Contract change notice: {title}", title=name)
            if route.regime == "pa2023"
            else t("Modification notice: {title}", title=name)
        )
    else:
        return []
    return [SupportingDocument(title=title, access=t("Open"), is_exempt=False)]


def supporting_documents(
    decision: Decision, council: Council, t: Words
) -> list[SupportingDocument]:
    """The report, then each appendix; exempt ones marked with their Schedule 12A paragraph."""
    title = t.text(decision.title)
    if decision.decision_maker.kind == "cabinet":
        report = t("Cabinet report: {title}", title=title)
    else:
        report = t("Decision report: {title}", title=title)
    docs = [SupportingDocument(title=report, access=t("Open"), is_exempt=False)]
    for i, appendix in enumerate(decision.appendices, start=1):
        exempt = appendix_exemption(appendix, council.nation, t)
        why = exemption_text(exempt.paragraphs, council.nation, t) if exempt else ""
        docs.append(
            SupportingDocument(
                title=t(
                    "Appendix {letter}: {title}",
                    letter=appendix_letter(i),
                    title=t.text(appendix.title),
                ),
                access=t("Not for publication by virtue of {why}", why=why) if why else t("Open"),
                is_exempt=bool(why),
            )
        )
    return docs
