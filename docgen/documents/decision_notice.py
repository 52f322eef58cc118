"""The published decision notice: the record a committee system shows once a decision is made.

Fields follow ModernGov-style decision records and reg 12 of the 2012 Regulations (docs/law.md §2):
decision maker, outcome, key decision, call-in, dates, purpose, the decision as agreed, reasons,
alternatives, conflicts and dispensations, supporting documents, the related meeting, and when
the decision can be implemented after call-in. One context serves Word, PDF and HTML.

Placeholders in the resolutions resolve exactly as in the paper (the paper's own references and
facts), so "paragraph 5.4" in the notice is paragraph 5.4 of the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from docgen.derive import formatting as fmt
from docgen.derive import nation, prose, timing
from docgen.derive.facts import build_facts, decision_maker_name
from docgen.derive.numbering import appendix_letter, references
from docgen.documents.common import (
    Bundle,
    Context,
    Meta,
    Prose,
    Row,
    decision_meta,
    exemption_text,
    require_decision,
    with_buyer,
)
from docgen.documents.exemption import appendix_exemption
from docgen.documents.route_text import route_blocks, route_text
from docgen.models import Decision, DirectAward, Modification
from docgen.models.council import Council

OUTCOMES = {
    "draft": "For determination",
    "cleared": "For determination",
    "final": "Recommendations approved",
}
"""The outcome shown for each record status. The models hold no outcome of their own: a final
record is a decision made as recommended; a final, callable one adds "(subject to call-in)"."""


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


class Timing(Context):
    """The notice's dates, computed from the record and the council's constitution."""

    decision_date: dt.date
    """The date of the decision."""
    published: dt.date
    """The date the notice was published, or the latest the constitution allows when the record
    gives none."""
    published_is_planned: bool
    """True when `published` is computed, not recorded."""
    call_in_deadline: dt.date | None
    """The last day of the call-in period; None when not subject to call-in (or the constitution
    has no call-in period)."""
    implementable_from: dt.date
    """The first day the decision can be implemented."""


class Summary(Context):
    """The headline facts of the decision, as written on the notice."""

    decision_maker: str
    """Who made the decision, capitalised: "Cabinet", "Director of Social Services"."""
    outcome: str
    """The outcome: "For determination" (a draft or cleared record), "Recommendations approved",
    or "Recommendations approved (subject to call-in)"."""
    key_decision: str
    """Whether it is a key decision: "Yes – Forward Plan reference KD-2025-014" or "No"."""
    call_in: str
    """Whether it is subject to call-in: "Yes", or "No – <reason>"."""
    is_callable: bool
    """True when the decision is subject to call-in."""
    decision_date: str
    """The date of the decision, with its weekday: "Tuesday 22 July 2025"."""
    published_date: str
    """The date the notice is published, with its weekday: "Thursday 24 July 2025"; ends
    " (planned)" when computed from the constitution, not recorded."""
    call_in_deadline: str | None
    """The last day of the call-in period, "Thursday 31 July 2025"; None when not subject to
    call-in."""
    implementable_from: str
    """The first day the decision can be implemented, "Friday 1 August 2025"."""


class RouteSummary(Context):
    """The route to the contract, for a decision whose award record took one other than a
    competitive award (route_text.py)."""

    rows: list[Row]
    """Its labelled rows: Route, Legal ground, Supplier, Term, Value, Transparency notice … (a
    modification: Contract, Value before and after this change, Ends …)."""
    statement: Prose
    """The statement in full, unnumbered: the route and its legal ground, the council's own
    justification or reason as recorded, and the notices and standstill."""


class DecisionNoticeContext(Context):
    """Everything the decision notice templates (Word, Typst and HTML) may use."""

    meta: Meta
    """Title, status, date, record hash and footer."""
    title: str
    """The decision's title: "Carers Support Service – Contract Award"."""
    summary: Summary
    """The headline facts one by one, for a template that places them itself."""
    details: list[Row]
    """The labelled rows of the details table, in order: the summary's (a row without a value,
    such as "Call-in deadline" when not subject to call-in, is left out), then Wards affected,
    Lead member and Contact officer (the last two when named)."""
    purpose: Prose
    """What the decision is for, unnumbered paragraphs."""
    resolved_intro: str
    """The sentence before the resolutions: "For the reasons set out in the report and its
    appendices, Cabinet RESOLVED to:" ("DECIDED" for a decision not taken by Cabinet)."""
    resolutions: Prose
    """The decision as agreed: items numbered "i)", "ii)" (level 1), sub-items "a)", "b)"
    (level 2)."""
    route: RouteSummary | None
    """The route to the contract, its legal ground and the council's justification; None for
    a competitive award (its prose says how it was procured)."""
    reasons: Prose
    """The reasons for the decision, unnumbered paragraphs."""
    alternatives: Prose
    """The alternative options considered and rejected, unnumbered paragraphs."""
    conflicts_of_interest: str
    """Conflicts of interest declared, as recorded ("None")."""
    dispensations: str
    """Dispensations granted, as recorded ("None")."""
    implementation_note: str
    """When the decision takes effect, a sentence or two: the call-in deadline and the date it
    can be implemented from."""
    documents: list[SupportingDocument]
    """The report, then each appendix in order, then the notice the route publishes (a direct
    award's transparency notice, a modification's change notice) when there is one."""
    related_meeting: str | None
    """The meeting that took the decision: "Cabinet, Tuesday 22 July 2025, Council Chamber, agenda
    item 7" (venue and item when recorded); None for a decision taken out of a meeting."""


def build(bundle: Bundle) -> DecisionNoticeContext:
    """The decision notice's context; every date, number and reference computed here."""
    decision, council = _require(bundle)
    lookup = prose.lookup_from(
        build_facts(council, decision, bundle.award_record), references(decision)
    )
    when = notice_timing(decision, council)
    maker = decision_maker_name(decision, council)
    summary = _summary(decision, maker, when)
    return DecisionNoticeContext(
        meta=_meta(bundle, decision, council),
        title=decision.title,
        summary=summary,
        details=with_buyer(list(_details(decision, council, summary)), bundle.award, council),
        purpose=_prose(decision.purpose, lookup),
        resolved_intro=resolved_intro(decision, maker),
        resolutions=Prose(blocks=list(resolution_blocks(decision, lookup))),
        route=_route(bundle, lookup, decision.decision_date),
        reasons=_prose(decision.sections.reasons, lookup),
        alternatives=_alternatives(decision, lookup),
        conflicts_of_interest=decision.conflicts_of_interest,
        dispensations=decision.dispensations,
        implementation_note=implementation_note(decision, council, when),
        documents=supporting_documents(decision, council) + _route_notices(bundle),
        related_meeting=related_meeting(decision),
    )


def _route(bundle: Bundle, lookup: prose.Lookup, as_of: dt.date) -> RouteSummary | None:
    route = route_text(bundle.award_record, bundle.council, as_of)
    if route is None:
        return None
    blocks = route_blocks(route, lookup)[1:]  # the notice's own heading stands for the first
    return RouteSummary(
        rows=[Row(label=label, value=value) for label, value in route.rows],
        statement=Prose(blocks=blocks),
    )


def _route_notices(bundle: Bundle) -> list[SupportingDocument]:
    """The notice a route publishes (transparency_notice.py, change_notice.py), when the
    decision makes one: it is published beside the report."""
    route = bundle.route
    if isinstance(route, DirectAward) and route.transparency_notice is not None:
        title = "Transparency notice"
    elif isinstance(route, Modification) and (route.change_notice or route.needs_notice):
        title = "Contract change notice" if route.regime == "pa2023" else "Modification notice"
    else:
        return []
    return [SupportingDocument(title=f"{title}: {route.title}", access="Open", is_exempt=False)]


def _require(bundle: Bundle) -> tuple[Decision, Council]:
    return require_decision(bundle, "a decision notice")


def _meta(bundle: Bundle, decision: Decision, council: Council) -> Meta:
    return decision_meta(bundle, f"{decision.title} – decision notice", "Decision notice")


# ---- dates -------------------------------------------------------------------------------------


def notice_timing(decision: Decision, council: Council) -> Timing:
    """Publication, call-in deadline and implementation date under the council's constitution.

    A decision not subject to call-in can be implemented on the date of decision. Otherwise the
    call-in period ends on the Nth working day after publication and the decision can be
    implemented from the next calendar day (timing.call_in_end / implementation_date).
    """
    rules = council.constitution
    published = decision.decision_published or planned_publication(decision, council)
    deadline, start = None, decision.decision_date
    if decision.call_in.callable and rules.call_in_working_days:
        deadline = timing.call_in_end(published, rules.call_in_working_days, rules.holidays)
        start = timing.implementation_date(published, rules.call_in_working_days, rules.holidays)
    elif decision.call_in.callable:
        start = published  # a constitution with no call-in period: effective on publication
    return Timing(
        decision_date=decision.decision_date,
        published=published,
        published_is_planned=decision.decision_published is None,
        call_in_deadline=deadline,
        implementable_from=start,
    )


def planned_publication(decision: Decision, council: Council) -> dt.date:
    """The latest publication date the constitution allows, when the record gives none (in Wales,
    with no number set, the first working day after: derive.nation, docs/law.md §11.5)."""
    return nation.planned_decision_notice(decision.decision_date, council)


def _day(day: dt.date) -> str:
    return fmt.date_long(day, weekday=True)


# ---- the details table -------------------------------------------------------------------------


def _summary(decision: Decision, maker: str, when: Timing) -> Summary:
    published = _day(when.published) + (" (planned)" if when.published_is_planned else "")
    key = decision.key_decision
    name = maker.removeprefix("the ")
    return Summary(
        decision_maker=name[:1].upper() + name[1:],
        outcome=outcome(decision),
        key_decision=f"Yes – Forward Plan reference {key.forward_plan_ref}" if key.key else "No",
        call_in="Yes" if decision.call_in.callable else f"No – {decision.call_in.reason}",
        is_callable=decision.call_in.callable,
        decision_date=_day(when.decision_date),
        published_date=published,
        call_in_deadline=_day(when.call_in_deadline) if when.call_in_deadline else None,
        implementable_from=_day(when.implementable_from),
    )


def outcome(decision: Decision) -> str:
    text = OUTCOMES[decision.status]
    if decision.status == "final" and decision.call_in.callable:
        return f"{text} (subject to call-in)"
    return text


def _details(decision: Decision, council: Council, summary: Summary) -> Iterator[Row]:
    labels = [
        ("Decision maker", "decision_maker"),
        ("Outcome", "outcome"),
        ("Is key decision?", "key_decision"),
        ("Is subject to call-in?", "call_in"),
        ("Date of decision", "decision_date"),
        ("Date published", "published_date"),
        ("Call-in deadline", "call_in_deadline"),
        ("Can be implemented from", "implementable_from"),
    ]
    for label, key in labels:
        value = getattr(summary, key)
        if value is not None:
            yield Row(label=label, value=value)
    yield from _people(decision, council)


def _people(decision: Decision, council: Council) -> Iterator[Row]:
    wards = "All wards" if decision.wards == "all" else fmt.join_names(decision.wards)
    yield Row(label="Wards affected", value=wards)
    lead = council.member(decision.lead_member) if decision.lead_member else None
    if lead:
        yield Row(label="Lead member", value=f"{lead.name}, {lead.portfolio}")
    author = council.officer(decision.author)
    if author:
        parts = (author.name, author.title, author.email, author.phone)
        yield Row(label="Contact officer", value=", ".join(x for x in parts if x))


# ---- the decision and its reasons --------------------------------------------------------------


def resolved_intro(decision: Decision, maker: str) -> str:
    """'For the reasons set out in the report and its appendices, Cabinet RESOLVED to:'."""
    source = "the report and its appendices" if decision.appendices else "the report"
    verb = "RESOLVED" if decision.decision_maker.kind == "cabinet" else "DECIDED"
    return f"For the reasons set out in {source}, {maker} {verb} to:"


def resolution_blocks(decision: Decision, lookup: prose.Lookup) -> Iterator[prose.Block]:
    """The resolutions as agreed: i), ii) … with lettered sub-items a), b)."""
    for i, res in enumerate(decision.resolutions, start=1):
        yield _item(f"{fmt.roman(i)})", 1, res.label, prose.resolve_inline(res.text, lookup))
        for j, sub in enumerate(res.items, start=1):
            yield _item(f"{fmt.letter(j)})", 2, sub.label, prose.resolve_inline(sub.text, lookup))


def _item(number: str, level: int, label: str | None, runs: list[prose.Run]) -> prose.Block:
    return prose.Block(kind="item", number=number, level=level, label=label, runs=runs)


def _prose(text: str, lookup: prose.Lookup) -> Prose:
    """Prose resolved like the paper's, with unnumbered paragraphs."""
    return Prose(blocks=prose.resolve(prose.parse(text), lookup))


def _alternatives(decision: Decision, lookup: prose.Lookup) -> Prose:
    text = decision.sections.alternatives
    if decision.alternatives_rejected.strip():
        text += "\n\n" + decision.alternatives_rejected
    return _prose(text, lookup)


def implementation_note(decision: Decision, council: Council, when: Timing) -> str:
    """When the decision takes effect, in a sentence or two."""
    if when.call_in_deadline is None and decision.call_in.callable:
        return f"The decision can be implemented from {_day(when.implementable_from)}."
    if when.call_in_deadline is None:
        reason = (decision.call_in.reason or "").strip().rstrip(".")
        return (
            f"This decision is not subject to call-in. {reason}. It takes effect on the date of "
            f"the decision and can be implemented from {_day(when.implementable_from)}."
        )
    days = fmt.count_words(council.constitution.call_in_working_days)
    return (
        f"The call-in period ends on {_day(when.call_in_deadline)}, {days} working days after "
        "the decision was published. Unless the decision is called in, it can be implemented "
        f"from {_day(when.implementable_from)}."
    )


# ---- documents and meeting ---------------------------------------------------------------------


def supporting_documents(decision: Decision, council: Council) -> list[SupportingDocument]:
    """The report, then each appendix; exempt ones marked with their Schedule 12A paragraph."""
    kind = "Cabinet report" if decision.decision_maker.kind == "cabinet" else "Decision report"
    docs = [SupportingDocument(title=f"{kind}: {decision.title}", access="Open", is_exempt=False)]
    for i, appendix in enumerate(decision.appendices, start=1):
        exempt = appendix_exemption(appendix, council.nation)
        why = exemption_text(exempt.paragraphs, council.nation) if exempt else ""
        docs.append(
            SupportingDocument(
                title=f"Appendix {appendix_letter(i)}: {appendix.title}",
                access=f"Not for publication by virtue of {why}" if why else "Open",
                is_exempt=bool(why),
            )
        )
    return docs


def related_meeting(decision: Decision) -> str | None:
    """'Cabinet, Tuesday 22 July 2025, agenda item 7', or None for a decision out of meeting."""
    meeting = decision.meeting
    if meeting is None:
        return None
    parts = [meeting.name, _day(meeting.date)]
    parts += [meeting.venue] if meeting.venue else []
    parts += [f"agenda item {meeting.agenda_item}"] if meeting.agenda_item else []
    return ", ".join(parts)
