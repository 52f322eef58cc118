"""The cabinet paper: title block, numbered sections, recommendations, appendices."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.facts import build_facts, decision_maker_name
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

SECTION_TITLES = {
    "executive_summary": "Executive Summary",
    "recommendations": "Recommendations",
    "reasons": "Reasons for the Recommendations",
    "alternatives": "Alternative Options Considered",
    "background": "Background",
    "financial": "Financial Implications",
    "legal": "Legal Implications",
    "equalities": "Equalities Implications",
    "other": "Other Implications",
    "appendices": "Appendices",
    "background_papers": "Background Papers",
}


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


class CabinetPaperContext(Context):
    """Everything the cabinet paper templates (Word, Typst and HTML) may use."""

    meta: Meta
    """Title, status, date, record hash and footer."""
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
    """The cabinet paper's context; every number and reference computed here."""
    decision, council = _require(bundle)
    lookup = prose.lookup_from(
        build_facts(council, decision, bundle.award_record), references(decision)
    )
    route = route_text(bundle.award_record, council, decision.decision_date)
    return CabinetPaperContext(
        meta=_meta(bundle, decision, council),
        meeting_name=decision.meeting.name
        if decision.meeting
        else f"Decision of {decision_maker_name(decision, council)}",
        meeting_date=fmt.date_long(
            (decision.meeting.date if decision.meeting else decision.decision_date), True
        ),
        title=decision.title,
        title_rows=with_buyer(title_rows(decision, council, route), bundle.award, council),
        revision_note=_revision_note(decision),
        sections=list(_sections(decision, council, lookup, route)),
        appendices=appendix_entries(decision, council.nation),
    )


def _require(bundle: Bundle) -> tuple[Decision, Council]:
    return require_decision(bundle, "a cabinet paper")


def _meta(bundle: Bundle, decision: Decision, council: Council) -> Meta:
    return decision_meta(
        bundle,
        f"{decision.title} – {decision_maker_name(decision, council)} report",
        decision.title,
    )


def _revision_note(decision: Decision) -> str | None:
    if not decision.revisions:
        return None
    last = decision.revisions[-1]
    return f"Revision {last.number}, {fmt.date_long(last.date)}: {last.reason}"


def title_rows(decision: Decision, council: Council, route: RouteText | None = None) -> list[Row]:
    """The labelled rows of the title block (with the route to the contract, when the award
    record took one other than a competitive award)."""
    report_of = council.officer(decision.report_of)
    author = council.officer(decision.author)
    lead = council.member(decision.lead_member) if decision.lead_member else None
    rows = [Row(label="Report of", value=report_of.title if report_of else decision.report_of)]
    if lead:
        rows.append(Row(label="Lead Member", value=f"{lead.name}, {lead.portfolio}"))
    rows += [
        Row(
            label="Decision maker",
            value=sentence_start(decision_maker_name(decision, council).removeprefix("the ")),
        ),
        Row(
            label="Wards affected",
            value="All wards" if decision.wards == "all" else fmt.join_names(decision.wards),
        ),
        Row(label="Key decision", value=_key_text(decision)),
        Row(label="Subject to call-in", value=_call_in_text(decision)),
        Row(label="Classification", value=classification(decision, council.nation)),
    ]
    if route is not None:
        rows.append(Row(label="Route to contract", value=route.label))
    if author:
        contact = ", ".join(x for x in (author.name, author.title, author.email, author.phone) if x)
        rows.append(Row(label="Contact officer", value=contact))
    return rows


def _key_text(decision: Decision) -> str:
    key = decision.key_decision
    return f"Yes (Forward Plan reference {key.forward_plan_ref})" if key.key else "No"


def _call_in_text(decision: Decision) -> str:
    return "Yes" if decision.call_in.callable else f"No: {decision.call_in.reason}"


def classification(decision: Decision, nation: str) -> str:
    """'Open', or which appendices are not for publication and why (exemption.py decides)."""
    exempt = exempt_appendices(decision, nation)
    if not exempt:
        return "Open"
    parts = [
        f"Appendix {letter} is not for publication by virtue of "
        f"{exemption_text(why.paragraphs, nation)}"
        for letter, _, why in exempt
    ]
    return "Open report with exempt appendix. " + "; ".join(parts) + "."


def appendix_entries(decision: Decision, nation: str) -> list[AppendixEntry]:
    entries = []
    for i, a in enumerate(decision.appendices, start=1):
        why = appendix_exemption(a, nation)
        note = f"Not for publication: {exemption_text(why.paragraphs, nation)}" if why else None
        entries.append(AppendixEntry(letter=appendix_letter(i), title=a.title, exempt_note=note))
    return entries


def _sections(
    decision: Decision, council: Council, lookup: prose.Lookup, route: RouteText | None = None
) -> Iterator[Section]:
    order = section_order(decision)
    parsed = parsed_sections(decision)
    for number, key in enumerate(order, start=1):
        numbers = (f"{number}.{n}" for n in itertools.count(1))
        blocks = list(_section_blocks(key, decision, council, parsed, lookup, numbers))
        if key == ROUTE_SECTION and route is not None:  # after the record's own paragraphs
            blocks += route_blocks(route, lookup, numbers)
        yield Section(number=number, key=key, title=SECTION_TITLES[key], body=Prose(blocks=blocks))


def _section_blocks(
    key: str,
    decision: Decision,
    council: Council,
    parsed: list[tuple[str, str | None, list[prose.ParsedBlock]]],
    lookup: prose.Lookup,
    numbers: Iterator[str],
) -> Iterator[prose.Block]:
    if key == "recommendations":
        yield from _recommendations(decision, council, lookup, numbers)
    elif key == "appendices":
        yield from _appendix_blocks(decision, council.nation, numbers)
    elif key == "background_papers":
        yield from _background_blocks(decision, numbers)
    for part_key, heading, blocks in parsed:
        if part_key == key:
            if heading:
                yield prose.Block(kind="heading", runs=[prose.Run(text=heading)])
            yield from prose.resolve(blocks, lookup, numbers)


def _recommendations(
    decision: Decision, council: Council, lookup: prose.Lookup, numbers: Iterator[str]
) -> Iterator[prose.Block]:
    maker = decision_maker_name(decision, council)
    intro = decision.sections.recommendations_intro or f"{sentence_start(maker)} is recommended to:"
    yield prose.Block(kind="para", number=next(numbers), runs=prose.resolve_inline(intro, lookup))
    for i, res in enumerate(decision.resolutions, start=1):
        yield prose.Block(
            kind="item",
            number=f"({fmt.roman(i)})",
            label=res.label,
            level=1,
            runs=prose.resolve_inline(res.text, lookup),
        )
        for j, item in enumerate(res.items, start=1):
            yield prose.Block(
                kind="item",
                number=f"({fmt.letter(j)})",
                label=item.label,
                level=2,
                runs=prose.resolve_inline(item.text, lookup),
            )


def _appendix_blocks(
    decision: Decision, nation: str, numbers: Iterator[str]
) -> Iterator[prose.Block]:
    if not decision.appendices:
        yield _para(next(numbers), "There are no appendices to this report.")
        return
    yield _para(next(numbers), "The following appendices accompany this report:")
    items = []
    for entry in appendix_entries(decision, nation):
        text = f"Appendix {entry.letter}: {entry.title}"
        items.append(
            [
                prose.Run(
                    text=text
                    + (f" ({_lower_first(entry.exempt_note)})" if entry.exempt_note else "")
                )
            ]
        )
    yield prose.Block(kind="bullets", items=items)


def _background_blocks(decision: Decision, numbers: Iterator[str]) -> Iterator[prose.Block]:
    papers = decision.background_papers
    if not papers:
        yield _para(next(numbers), "None.")
        return
    yield _para(
        next(numbers), "The following background papers were relied on in writing this report:"
    )
    items = [[prose.Run(text=_paper_text(p.title, p.date, p.location))] for p in papers]
    yield prose.Block(kind="bullets", items=items)


def _paper_text(title: str, date: object, location: str | None) -> str:
    text = title + (f", {fmt.date_long(date)}" if hasattr(date, "year") else "")  # type: ignore[arg-type]
    return text + (f" ({location})" if location else "")


def sentence_start(text: str) -> str:
    """Capitalise the first letter only: 'the Director of Social Services' keeps its capitals."""
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _para(number: str, text: str) -> prose.Block:
    return prose.Block(kind="para", number=number, runs=[prose.Run(text=text)])
