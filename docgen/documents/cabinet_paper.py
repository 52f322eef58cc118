"""The cabinet paper: title block, numbered sections, recommendations, appendices."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.facts import build_facts, decision_maker_name, decision_maker_title
from docgen.derive.formatting import ENGLISH
from docgen.derive.language import Words
from docgen.derive.numbering import appendix_letter, parsed_sections, references, section_order
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
from docgen.documents.exemption import appendix_exemption, exempt_appendices
from docgen.documents.route_text import RouteText, route_blocks, route_text
from docgen.models import Decision
from docgen.models.council import Council


def section_titles(t: Words = ENGLISH) -> dict[str, str]:
    """Each section's heading in `t`'s language: "Reasons for the Recommendations"."""
    return {
        "executive_summary": t("Executive Summary"),
        "recommendations": t("Recommendations"),
        "reasons": t("Reasons for the Recommendations"),
        "alternatives": t("Alternative Options Considered"),
        "background": t("Background"),
        "financial": t("Financial Implications"),
        "legal": t("Legal Implications"),
        "equalities": t("Equalities Implications"),
        "other": t("Other Implications"),
        "appendices": t("Appendices"),
        "background_papers": t("Background Papers"),
    }


SECTION_TITLES = section_titles()
"""The sections' headings in English."""


ROUTE_SECTION = "legal"
"""The section whose end states the route to the contract (route_text.py), when the decision's
award record took a route other than a competitive award."""


class Section(Context):
    """One numbered section of the paper."""

    number: int
    """The section's number, 1, 2, 3 … (its paragraphs are numbered 3.1, 3.2 … in `body`)."""
    key: str
    """Which section this is: "executive_summary", "recommendations", "reasons", "alternatives",
    "background", "financial", "legal", "equalities", "other", "appendices" or
    "background_papers"."""
    title: str
    """The section's heading, without its number: "Reasons for the Recommendations"."""
    body: Prose
    """The section's text, its paragraphs already numbered ("3.1")."""


class AppendixEntry(Context):
    """An appendix of the paper, as the paper lists it."""

    letter: str
    """The appendix's letter: "A", "B" …"""
    title: str
    """The appendix's title, without "Appendix A: "."""
    exempt_note: str | None
    """For an exempt appendix, "Not for publication: paragraph 3 of Part 1 of Schedule 12A to the
    Local Government Act 1972"; None for an open one."""


class CabinetPaperLabels(Context):
    """The fixed words the cabinet paper's templates print, in the paper's language."""

    report_details: str
    """The title block table's caption (alt text) and the web page's table caption: "Report
    details" / "Manylion yr adroddiad"."""
    report_details_description: str
    """The title block table's description (alt text): "Who the report is from, the decision
    maker and the report's status"."""
    contents: str
    """The web page's contents heading: "Contents" / "Cynnwys"."""


def paper_labels(t: Words) -> CabinetPaperLabels:
    return CabinetPaperLabels(
        report_details=t("Report details"),
        report_details_description=t(
            "Who the report is from, the decision maker and the report's status"
        ),
        contents=t("Contents"),
    )


class CabinetPaperContext(Context):
    """Everything the cabinet paper templates (Word, Typst and HTML) may use."""

    meta: Meta
    """Title, status, date, record hash and footer."""
    labels: CabinetPaperLabels
    """The fixed words the templates print (table captions, headings), in the paper's
    language."""
    meeting_name: str
    """The meeting, "Cabinet"; for a decision taken out of a meeting, "Decision of the Director
    of Social Services"."""
    meeting_date: str
    """The meeting's date (or the decision's, out of a meeting), with its weekday: "Tuesday 22
    July 2025"."""
    title: str
    """The decision's title: "Carers Support Service – Contract Award"."""
    title_rows: list[Row]
    """The title block's rows, in order: Report of, Lead Member (when there is one), Decision
    maker, Wards affected, Key decision, Subject to call-in, Classification, Route to contract
    (for a route other than a competitive award: "Direct award: extreme and unavoidable
    urgency"), Contact officer (when named)."""
    revision_note: str | None
    """For a revised paper, its latest revision: "Revision 2, 22 July 2025: <reason>"; None for
    a paper never revised."""
    sections: list[Section]
    """The numbered sections, in order."""
    appendices: list[AppendixEntry]
    """The paper's appendices, in order; empty when it has none."""


def build(bundle: Bundle) -> CabinetPaperContext:
    """The cabinet paper's context; every number and reference computed here, in the bundle's
    language (record text in it too: a Welsh paper prints each text's Welsh)."""
    decision, council = _require(bundle)
    t = bundle.words
    lookup = prose.lookup_from(
        build_facts(council, decision, bundle.award_record, t), references(decision, t=t)
    )
    route = route_text(bundle.award_record, council, decision.decision_date, t)
    return CabinetPaperContext(
        meta=_meta(bundle, decision, council),
        labels=paper_labels(t),
        meeting_name=t.text(decision.meeting.name)
        if decision.meeting
        else t("Decision of {maker}", maker=decision_maker_name(decision, council, t)),
        meeting_date=t.date(
            (decision.meeting.date if decision.meeting else decision.decision_date), True
        ),
        title=t.text(decision.title),
        title_rows=with_buyer(title_rows(decision, council, route, t), bundle.award, council, t),
        revision_note=_revision_note(decision, t),
        sections=list(_sections(decision, council, lookup, route, t)),
        appendices=appendix_entries(decision, council.nation, t),
    )


def _require(bundle: Bundle) -> tuple[Decision, Council]:
    return require_decision(bundle, "a cabinet paper")


def _meta(bundle: Bundle, decision: Decision, council: Council) -> Meta:
    t = bundle.words
    title = t.text(decision.title)
    maker = decision_maker_name(decision, council, t)
    return decision_meta(bundle, t("{title} – {maker} report", title=title, maker=maker), title)


def _revision_note(decision: Decision, t: Words = ENGLISH) -> str | None:
    if not decision.revisions:
        return None
    last = decision.revisions[-1]
    return t(
        "Revision {number}, {date}: {reason}",
        number=last.number,
        date=t.date(last.date),
        reason=t.text(last.reason),
    )


def title_rows(
    decision: Decision, council: Council, route: RouteText | None = None, t: Words = ENGLISH
) -> list[Row]:
    """The labelled rows of the title block (with the route to the contract, when the award
    record took one other than a competitive award)."""
    report_of = council.officer(decision.report_of)
    author = council.officer(decision.author)
    lead = council.member(decision.lead_member) if decision.lead_member else None
    rows = [
        Row(
            label=t("Report of"),
            value=t.text(report_of.title) if report_of else decision.report_of,
        )
    ]
    if lead:
        rows.append(
            Row(label=t("Lead Member"), value=f"{t.text(lead.name)}, {t.text(lead.portfolio)}")
        )
    rows += [
        Row(
            label=t("Decision maker"),
            value=sentence_start(decision_maker_title(decision, council, t)),
        ),
        Row(
            label=t("Wards affected"),
            value=t("All wards")
            if decision.wards == "all"
            else fmt.join_names(t.texts(decision.wards), t),
        ),
        Row(label=t("Key decision"), value=_key_text(decision, t)),
        Row(label=t("Subject to call-in"), value=_call_in_text(decision, t)),
        Row(label=t("Classification"), value=classification(decision, council.nation, t)),
    ]
    if route is not None:
        rows.append(Row(label=t("Route to contract"), value=route.label))
    if author:
        parts = (t.text(author.name), t.text(author.title), author.email, author.phone)
        rows.append(Row(label=t("Contact officer"), value=", ".join(x for x in parts if x)))
    return rows


def _key_text(decision: Decision, t: Words) -> str:
    key = decision.key_decision
    if key.key:
        return t("Yes (Forward Plan reference {reference})", reference=key.forward_plan_ref)
    return t("No")


def _call_in_text(decision: Decision, t: Words) -> str:
    if decision.call_in.callable:
        return t("Yes")
    return t("No: {reason}", reason=t.text(decision.call_in.reason))


def classification(decision: Decision, nation: str, t: Words = ENGLISH) -> str:
    """'Open', or which appendices are not for publication and why (exemption.py decides)."""
    exempt = exempt_appendices(decision, nation)
    if not exempt:
        return t("Open")
    parts = [
        t(
            "Appendix {letter} is not for publication by virtue of {exemption}",
            letter=letter,
            exemption=exemption_text(why.paragraphs, nation, t),
        )
        for letter, _, why in exempt
    ]
    return t("Open report with exempt appendix. {parts}.", parts="; ".join(parts))


def appendix_entries(decision: Decision, nation: str, t: Words = ENGLISH) -> list[AppendixEntry]:
    entries = []
    for i, a in enumerate(decision.appendices, start=1):
        why = appendix_exemption(a, nation)
        note = (
            t(
                "Not for publication: {exemption}",
                exemption=exemption_text(why.paragraphs, nation, t),
            )
            if why
            else None
        )
        entries.append(
            AppendixEntry(letter=appendix_letter(i), title=t.text(a.title), exempt_note=note)
        )
    return entries


def _sections(
    decision: Decision,
    council: Council,
    lookup: prose.Lookup,
    route: RouteText | None = None,
    t: Words = ENGLISH,
) -> Iterator[Section]:
    order, titles = section_order(decision), section_titles(t)
    parsed = parsed_sections(decision, t=t)
    for number, key in enumerate(order, start=1):
        numbers = (f"{number}.{n}" for n in itertools.count(1))
        blocks = list(_section_blocks(key, decision, council, parsed, lookup, numbers, t))
        if key == ROUTE_SECTION and route is not None:  # after the record's own paragraphs
            blocks += route_blocks(route, lookup, numbers, t)
        yield Section(number=number, key=key, title=titles[key], body=Prose(blocks=blocks))


def _section_blocks(
    key: str,
    decision: Decision,
    council: Council,
    parsed: list[tuple[str, str | None, list[prose.ParsedBlock]]],
    lookup: prose.Lookup,
    numbers: Iterator[str],
    t: Words,
) -> Iterator[prose.Block]:
    if key == "recommendations":
        yield from _recommendations(decision, council, lookup, numbers, t)
    elif key == "appendices":
        yield from _appendix_blocks(decision, council.nation, numbers, t)
    elif key == "background_papers":
        yield from _background_blocks(decision, numbers, t)
    for part_key, heading, blocks in parsed:
        if part_key == key:
            if heading:
                yield prose.Block(kind="heading", runs=[prose.Run(text=heading)])
            yield from prose.resolve(blocks, lookup, numbers)


def _recommendations(
    decision: Decision,
    council: Council,
    lookup: prose.Lookup,
    numbers: Iterator[str],
    t: Words,
) -> Iterator[prose.Block]:
    maker = decision_maker_name(decision, council, t)
    if decision.sections.recommendations_intro:
        intro = t.text(decision.sections.recommendations_intro)
    else:
        wording = t("{maker} is recommended to:")  # capitalised only where it starts the text
        intro = wording.format(maker=sentence_start(maker) if wording[:1] == "{" else maker)
    yield prose.Block(kind="para", number=next(numbers), runs=prose.resolve_inline(intro, lookup))
    for i, res in enumerate(decision.resolutions, start=1):
        yield prose.Block(
            kind="item",
            number=f"({fmt.roman(i)})",
            label=res.label,
            level=1,
            runs=prose.resolve_inline(t.text(res.text), lookup),
        )
        for j, item in enumerate(res.items, start=1):
            yield prose.Block(
                kind="item",
                number=f"({fmt.letter(j)})",
                label=item.label,
                level=2,
                runs=prose.resolve_inline(t.text(item.text), lookup),
            )


def _appendix_blocks(
    decision: Decision, nation: str, numbers: Iterator[str], t: Words
) -> Iterator[prose.Block]:
    if not decision.appendices:
        yield _para(next(numbers), t("There are no appendices to this report."))
        return
    yield _para(next(numbers), t("The following appendices accompany this report:"))
    items = []
    for entry in appendix_entries(decision, nation, t):
        text = t("Appendix {letter}: {title}", letter=entry.letter, title=entry.title)
        if entry.exempt_note:
            text = t("{appendix} ({note})", appendix=text, note=_lower_first(entry.exempt_note))
        items.append([prose.Run(text=text)])
    yield prose.Block(kind="bullets", items=items)


def _background_blocks(
    decision: Decision, numbers: Iterator[str], t: Words
) -> Iterator[prose.Block]:
    papers = decision.background_papers
    if not papers:
        yield _para(next(numbers), t("None."))
        return
    yield _para(
        next(numbers), t("The following background papers were relied on in writing this report:")
    )
    items = [[prose.Run(text=_paper_text(p.title, p.date, p.location, t))] for p in papers]
    yield prose.Block(kind="bullets", items=items)


def _paper_text(title: str, date: object, location: str | None, t: Words) -> str:
    text = t.text(title)
    if isinstance(date, dt.date):
        text += f", {t.date(date)}"
    return text + (f" ({t.text(location)})" if location else "")


def sentence_start(text: str) -> str:
    """Capitalise the first letter only: 'the Director of Social Services' keeps its capitals."""
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _para(number: str, text: str) -> prose.Block:
    return prose.Block(kind="para", number=number, runs=[prose.Run(text=text)])
