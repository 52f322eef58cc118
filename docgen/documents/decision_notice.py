"""The published decision notice: the record a committee system shows once a decision is made.

Fields follow ModernGov-style decision records and reg 12 of the 2012 Regulations (docs/law.md §2):
decision maker, outcome, key decision, call-in, dates, purpose, the decision as agreed, reasons,
alternatives, conflicts and dispensations, supporting documents, the related meeting, and when
the decision can be implemented after call-in. One context serves Word, PDF and HTML.

Placeholders in the resolutions resolve exactly as in the paper (the paper's own references and
facts), so "paragraph 5.4" in the notice is paragraph 5.4 of the report.

Every word is the bundle's language (`bundle.words`, the notices catalogue): a Welsh notice
reads "Hysbysiad o benderfyniad", its dates "dydd Mawrth 22 Gorffennaf 2025", its record text
the Welsh the record gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.facts import build_facts, decision_maker_name, decision_maker_title
from docgen.derive.language import Words
from docgen.derive.numbering import references
from docgen.documents.common import (
    Bundle,
    Context,
    Meta,
    Prose,
    Row,
    decision_meta,
    require_decision,
    with_buyer,
)
from docgen.documents.notice_parts import (
    DecisionNoticeLabels,
    SupportingDocument,
    labels,
    route_notices,
    supporting_documents,
)
from docgen.documents.notice_timing import Timing, notice_timing, planned_publication
from docgen.documents.route_text import route_blocks, route_text
from docgen.models import Decision
from docgen.models.council import Council

__all__ = [
    "DecisionNoticeContext",
    "DecisionNoticeLabels",
    "SupportingDocument",
    "Timing",
    "build",
    "notice_timing",
    "planned_publication",
]


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
    labels: DecisionNoticeLabels
    """The headings, captions and column names, in the notice's language."""
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
    t = bundle.words
    lookup = prose.lookup_from(
        build_facts(council, decision, bundle.award_record, t), references(decision, t=t)
    )
    when = notice_timing(decision, council)
    maker = decision_maker_name(decision, council, t)
    name = decision_maker_title(decision, council, t)
    summary = _summary(decision, name[:1].upper() + name[1:], when, t)
    return DecisionNoticeContext(
        meta=decision_meta(
            bundle,
            t("{title} – decision notice", title=t.text(decision.title)),
            t("Decision notice"),
        ),
        labels=labels(t, summary.published_date),
        title=t.text(decision.title),
        summary=summary,
        details=with_buyer(list(_details(decision, council, summary, t)), bundle.award, council, t),
        purpose=_prose(decision.purpose, lookup, t),
        resolved_intro=resolved_intro(decision, maker, t),
        resolutions=Prose(blocks=list(resolution_blocks(decision, lookup, t))),
        route=_route(bundle, lookup, decision.decision_date),
        reasons=_prose(decision.sections.reasons, lookup, t),
        alternatives=_alternatives(decision, lookup, t),
        conflicts_of_interest=t.text(decision.conflicts_of_interest),
        dispensations=t.text(decision.dispensations),
        implementation_note=implementation_note(decision, council, when, t),
        documents=supporting_documents(decision, council, t) + route_notices(bundle, t),
        related_meeting=related_meeting(decision, t),
    )


def _route(bundle: Bundle, lookup: prose.Lookup, as_of: dt.date) -> RouteSummary | None:
    t = bundle.words
    route = route_text(bundle.award_record, bundle.council, as_of, t)
    if route is None:
        return None
    blocks = route_blocks(route, lookup, t=t)[1:]  # the notice's own heading stands for the first
    return RouteSummary(
        rows=[Row(label=label, value=value) for label, value in route.rows],
        statement=Prose(blocks=blocks),
    )


def _require(bundle: Bundle) -> tuple[Decision, Council]:
    return require_decision(bundle, "a decision notice")


def _day(day: dt.date, t: Words) -> str:
    """A date with its weekday, standing alone: "Tuesday 22 July 2025"."""
    return t.date(day, weekday=True)


def _on_day(day: dt.date, t: Words) -> str:
    """A date with its weekday inside a sentence. Welsh mutates "dydd" softly after "o" and as
    an adverb of time ("o ddydd Gwener 1 Awst 2025 ymlaen", "i ben ddydd Iau …")."""
    text = _day(day, t)
    return "d" + text if t.lang == "cy" else text


# ---- the details table -------------------------------------------------------------------------


def _summary(decision: Decision, name: str, when: Timing, t: Words) -> Summary:
    published = _day(when.published, t)
    if when.published_is_planned:
        published = t("{date} (planned)", date=published)
    key = decision.key_decision
    return Summary(
        decision_maker=name,
        outcome=outcome(decision, t),
        key_decision=(
            t("Yes – Forward Plan reference {reference}", reference=t.text(key.forward_plan_ref))
            if key.key
            else t("No")
        ),
        call_in=(
            t("Yes")
            if decision.call_in.callable
            else t("No – {reason}", reason=t.text(decision.call_in.reason))
        ),
        is_callable=decision.call_in.callable,
        decision_date=_day(when.decision_date, t),
        published_date=published,
        call_in_deadline=_day(when.call_in_deadline, t) if when.call_in_deadline else None,
        implementable_from=_day(when.implementable_from, t),
    )


def outcome(decision: Decision, t: Words) -> str:
    """What became of the recommendations: a draft or cleared record is still "For
    determination"; a final record is a decision made as recommended (the models hold no
    outcome of their own), "(subject to call-in)" when it can be called in."""
    if decision.status != "final":
        return t("For determination")
    if decision.call_in.callable:
        return t("Recommendations approved (subject to call-in)")
    return t("Recommendations approved")


def _details(decision: Decision, council: Council, summary: Summary, t: Words) -> Iterator[Row]:
    labels = [
        (t("Decision maker"), summary.decision_maker),
        (t("Outcome"), summary.outcome),
        (t("Is key decision?"), summary.key_decision),
        (t("Is subject to call-in?"), summary.call_in),
        (t("Date of decision"), summary.decision_date),
        (t("Date published"), summary.published_date),
        (t("Call-in deadline"), summary.call_in_deadline),
        (t("Can be implemented from"), summary.implementable_from),
    ]
    for label, value in labels:
        if value is not None:
            yield Row(label=label, value=value)
    yield from _people(decision, council, t)


def _people(decision: Decision, council: Council, t: Words) -> Iterator[Row]:
    if decision.wards == "all":
        wards = t("All wards")
    else:
        wards = fmt.join_names(t.texts(decision.wards), t)
    yield Row(label=t("Wards affected"), value=wards)
    lead = council.member(decision.lead_member) if decision.lead_member else None
    if lead:
        value = f"{t.text(lead.name)}, {t.text(lead.portfolio)}"
        yield Row(label=t("Lead member"), value=value)
    author = council.officer(decision.author)
    if author:
        parts = (t.text(author.name), t.text(author.title), author.email, author.phone)
        yield Row(label=t("Contact officer"), value=", ".join(x for x in parts if x))


# ---- the decision and its reasons --------------------------------------------------------------


def resolved_intro(decision: Decision, maker: str, t: Words) -> str:
    """'For the reasons set out in the report and its appendices, Cabinet RESOLVED to:'
    ("DECIDED" for a decision not taken by Cabinet)."""
    cabinet = decision.decision_maker.kind == "cabinet"
    if decision.appendices and cabinet:
        # TRANSLATORS: {maker} comes with its article in Welsh ('y Cabinet', 'y Cyfarwyddwr …').
        return t(
            "For the reasons set out in the report and its appendices, {maker} RESOLVED to:",
            maker=maker,
        )
    if decision.appendices:
        return t(
            "For the reasons set out in the report and its appendices, {maker} DECIDED to:",
            maker=maker,
        )
    if cabinet:
        return t("For the reasons set out in the report, {maker} RESOLVED to:", maker=maker)
    return t("For the reasons set out in the report, {maker} DECIDED to:", maker=maker)


def resolution_blocks(decision: Decision, lookup: prose.Lookup, t: Words) -> Iterator[prose.Block]:
    """The resolutions as agreed: i), ii) … with lettered sub-items a), b)."""
    for i, res in enumerate(decision.resolutions, start=1):
        runs = prose.resolve_inline(t.text(res.text), lookup)
        yield _item(f"{fmt.roman(i)})", 1, res.label, runs)
        for j, sub in enumerate(res.items, start=1):
            runs = prose.resolve_inline(t.text(sub.text), lookup)
            yield _item(f"{fmt.letter(j)})", 2, sub.label, runs)


def _item(number: str, level: int, label: str | None, runs: list[prose.Run]) -> prose.Block:
    return prose.Block(kind="item", number=number, level=level, label=label, runs=runs)


def _prose(text: str, lookup: prose.Lookup, t: Words) -> Prose:
    """Prose resolved like the paper's, with unnumbered paragraphs."""
    return Prose(blocks=prose.resolve(prose.parse(t.text(text)), lookup))


def _alternatives(decision: Decision, lookup: prose.Lookup, t: Words) -> Prose:
    text = t.text(decision.sections.alternatives)
    rejected = t.text(decision.alternatives_rejected)
    if rejected.strip():
        text += "\n\n" + rejected
    return Prose(blocks=prose.resolve(prose.parse(text), lookup))


def implementation_note(decision: Decision, council: Council, when: Timing, t: Words) -> str:
    """When the decision takes effect, in a sentence or two."""
    start = _on_day(when.implementable_from, t)
    if when.call_in_deadline is None and decision.call_in.callable:
        # TRANSLATORS: {date} (and {deadline}) come mutated for a Welsh sentence: 'ddydd Gwener …'.
        return t("The decision can be implemented from {date}.", date=start)
    if when.call_in_deadline is None:
        reason = t.text(decision.call_in.reason).strip().rstrip(".")
        return t(
            "This decision is not subject to call-in. {reason}. It takes effect on the date of "
            "the decision and can be implemented from {date}.",
            reason=reason,
            date=start,
        )
    days = council.constitution.call_in_working_days
    # The values are worded before the call: Babel would read a bare `t` among its arguments
    # as a message call of its own and extract only the singular.
    deadline, count = _on_day(when.call_in_deadline, t), fmt.count_words(days, t)
    return t.plural(
        "The call-in period ends on {deadline}, {days} working day after the decision was "
        "published. Unless the decision is called in, it can be implemented from {date}.",
        "The call-in period ends on {deadline}, {days} working days after the decision was "
        "published. Unless the decision is called in, it can be implemented from {date}.",
        days,
        deadline=deadline,
        days=count,
        date=start,
    )


# ---- the meeting -------------------------------------------------------------------------------


def related_meeting(decision: Decision, t: Words) -> str | None:
    """'Cabinet, Tuesday 22 July 2025, agenda item 7', or None for a decision out of meeting."""
    meeting = decision.meeting
    if meeting is None:
        return None
    parts = [t.text(meeting.name), _day(meeting.date, t)]
    parts += [t.text(meeting.venue)] if meeting.venue else []
    if meeting.agenda_item:
        parts.append(t("agenda item {number}", number=t.text(meeting.agenda_item)))
    return ", ".join(parts)
