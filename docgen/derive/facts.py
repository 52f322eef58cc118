"""The named facts prose can cite as {award.total_value}: computed and formatted once, here.

An award record of any route gives facts: a competitive award or call-off here, the others
(a direct award, a modification, an authority to procure, a decision not to award) in
docgen/derive/route_facts.py, each with the values its record has.
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.derive import formatting as fmt
from docgen.derive.contract_facts import (  # re-exported: older readers import them from here
    buyer_of,
    kind_facts,
    procurement_facts,
    term_facts,
    value_facts,
)
from docgen.derive.formatting import ENGLISH
from docgen.derive.language import Words
from docgen.derive.route_facts import route_facts
from docgen.derive.units import units
from docgen.models.award import Award
from docgen.models.council import Council
from docgen.models.decision import Decision
from docgen.models.routes import AnyAward

__all__ = [
    "UNSTATED",
    "build_facts",
    "buyer_statement",
    "decision_maker_name",
    "decision_maker_title",
]


def decision_maker_title(decision: Decision, council: Council, t: Words = ENGLISH) -> str:
    """The decision maker without an article: 'Cabinet', 'Cabinet Member for …', or the
    officer's title, in `t`'s language."""
    maker = decision.decision_maker
    if maker.kind == "cabinet":
        return t.text(maker.body)
    if maker.kind == "cabinet_member":
        member = council.member(maker.member)
        return t.text(member.portfolio) if member else maker.member
    officer = council.officer(maker.officer)
    return t.text(officer.title) if officer else maker.officer


def decision_maker_name(decision: Decision, council: Council, t: Words = ENGLISH) -> str:
    """'Cabinet', 'the Cabinet Member for …', or the officer's title; in Welsh each with its
    article ('y Cabinet', 'yr Aelod Cabinet dros …', 'y Cyfarwyddwr …')."""
    maker = decision.decision_maker
    title = decision_maker_title(decision, council, t)
    if maker.kind == "cabinet":  # English names the body bare ("Cabinet is recommended")
        bare = t.lang == "en" or title.lower().startswith(("y ", "yr "))
        return title if bare else fmt.the(title, t)
    known = (
        council.member(maker.member)
        if maker.kind == "cabinet_member"
        else council.officer(maker.officer)
    )
    return fmt.the(title, t) if known else title


def build_facts(
    council: Council, decision: Decision | None, award: AnyAward | None, t: Words = ENGLISH
) -> dict[str, str]:
    """Every fact that prose may cite, formatted in the council's house style and in `t`'s
    language; award is the record the decision names, of any route."""
    facts = dict(_council_facts(council, t))
    if decision is not None:
        facts.update(_decision_facts(decision, council, t))
    if isinstance(award, Award):
        facts.update(_award_facts(award, council, t))
    elif award is not None:
        facts.update(route_facts(award, council, t))
    return facts


def _council_facts(council: Council, t: Words) -> Iterator[tuple[str, str]]:
    yield "council.name", t.text(council.name)
    yield "council.short_name", t.text(council.short_name)


def _decision_facts(decision: Decision, council: Council, t: Words) -> Iterator[tuple[str, str]]:
    yield "decision.date", t.date(decision.decision_date)
    yield "decision.maker", decision_maker_name(decision, council, t)
    yield "decision.title", t.text(decision.title)
    if decision.meeting:
        yield "meeting.name", t.text(decision.meeting.name)
        yield "meeting.date", t.date(decision.meeting.date)


def _award_facts(award: Award, council: Council, t: Words) -> Iterator[tuple[str, str]]:
    terms = award.contract
    yield "award.title", t.text(award.title)
    yield from kind_facts(award.title, terms.kind, t)
    yield from value_facts(terms, council.style.money, t)
    yield from term_facts(terms, t)
    yield "award.bidder_count", str(len(award.bidders))
    yield from _lot_facts(award, t)
    if terms.notice_value is not None:
        stated = t.money_words(fmt.money(terms.notice_value, council.style.money))
        if terms.notice_value_placeholder:
            stated = t(
                "{value} (a placeholder in the published notice, not the value of the award)",
                value=stated,
            )
        yield "award.notice_value", stated
    yield from procurement_facts(award.procurement, council, t)
    if award.interim_extension:
        yield "award.interim.start", t.date(award.interim_extension.start)
        yield "award.interim.end", t.date(award.interim_extension.end)
        yield "award.interim.description", t.text(award.interim_extension.description)


UNSTATED = {
    "award.annual_value": "the award states one value for the whole term and no annual value "
    "(contract.annual_value), so no document prints one: cite {award.total_value} or "
    "{award.value}",
    "award.notice_value": "the award records no published notice value (contract.notice_value)",
    "award.mobilisation": "the award records no mobilisation period (contract.mobilisation_months)",
    "award.mobilisation_start": "the award records no mobilisation period "
    "(contract.mobilisation_months)",
    "award.signed": "the award records no signing date (contract.signed)",
}
"""Why an award fact is missing: each exists only when the record states what it prints."""


def buyer_statement(award: Award, council: Council, t: Words = ENGLISH) -> str:
    """Who buys, when the council acts for another body: 'Northshire County Council as lead
    authority for the Tees Valley Care Partnership (Eastby Borough Council and Westby Borough
    Council)'; the council's name when it buys for itself."""
    return buyer_of(award.procurement, council, t)


def _lot_facts(award: Award, t: Words) -> Iterator[tuple[str, str]]:
    all_units = units(award)
    appointed = {s.bidder.id for u in all_units for s in u.appointed}
    yield "award.appointed_count", str(len(appointed))
    names = list(dict.fromkeys(s.bidder.name for u in all_units for s in u.appointed))
    yield "award.appointed", fmt.join_names(t.texts(names), t)
    if not award.lots:
        return
    yield "award.lot_count", fmt.count_words(len(award.lots), t)
    yield "award.lot_count_number", str(len(award.lots))
    for unit in all_units:
        prefix = f"lot.{unit.folder.removeprefix('lot-')}"
        yield f"{prefix}.title", t.text(unit.title)
        yield f"{prefix}.bid_count", str(len(unit.bids))
        yield f"{prefix}.appointed_count", str(len(unit.appointed))
