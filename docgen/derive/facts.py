"""The named facts prose can cite as {award.total_value}: computed and formatted once, here.

An award record of any route gives facts: a competitive award or call-off here, the others
(a direct award, a modification, an authority to procure, a decision not to award) in
docgen/derive/route_facts.py, each with the values its record has.
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.derive import formatting as fmt
from docgen.derive.contract_facts import (  # re-exported: older readers import them from here
    KINDS,
    REGIME_NAMES,
    buyer_of,
    kind_facts,
    procurement_facts,
    term_facts,
    value_facts,
)
from docgen.derive.route_facts import route_facts
from docgen.derive.units import units
from docgen.models.award import Award
from docgen.models.council import Council
from docgen.models.decision import Decision
from docgen.models.routes import AnyAward

__all__ = [
    "KINDS",
    "REGIME_NAMES",
    "UNSTATED",
    "build_facts",
    "buyer_statement",
    "decision_maker_name",
]


def decision_maker_name(decision: Decision, council: Council) -> str:
    """'Cabinet', 'the Cabinet Member for …', or the officer's title."""
    maker = decision.decision_maker
    if maker.kind == "cabinet":
        return maker.body
    if maker.kind == "cabinet_member":
        member = council.member(maker.member)
        return f"the {member.portfolio}" if member else maker.member
    officer = council.officer(maker.officer)
    return f"the {officer.title}" if officer else maker.officer


def build_facts(
    council: Council, decision: Decision | None, award: AnyAward | None
) -> dict[str, str]:
    """Every fact that prose may cite, formatted in the council's house style; award is the
    record the decision names, of any route."""
    facts = dict(_council_facts(council))
    if decision is not None:
        facts.update(_decision_facts(decision, council))
    if isinstance(award, Award):
        facts.update(_award_facts(award, council))
    elif award is not None:
        facts.update(route_facts(award, council))
    return facts


def _council_facts(council: Council) -> Iterator[tuple[str, str]]:
    yield "council.name", council.name
    yield "council.short_name", council.short_name


def _decision_facts(decision: Decision, council: Council) -> Iterator[tuple[str, str]]:
    yield "decision.date", fmt.date_long(decision.decision_date)
    yield "decision.maker", decision_maker_name(decision, council)
    yield "decision.title", decision.title
    if decision.meeting:
        yield "meeting.name", decision.meeting.name
        yield "meeting.date", fmt.date_long(decision.meeting.date)


def _award_facts(award: Award, council: Council) -> Iterator[tuple[str, str]]:
    terms = award.contract
    yield "award.title", award.title
    yield from kind_facts(award.title, terms.kind)
    yield from value_facts(terms, council.style.money)
    yield from term_facts(terms)
    yield "award.bidder_count", str(len(award.bidders))
    yield from _lot_facts(award)
    if terms.notice_value is not None:
        stated = fmt.money(terms.notice_value, council.style.money)
        if terms.notice_value_placeholder:
            stated += " (a placeholder in the published notice, not the value of the award)"
        yield "award.notice_value", stated
    yield from procurement_facts(award.procurement, council)
    if award.interim_extension:
        yield "award.interim.start", fmt.date_long(award.interim_extension.start)
        yield "award.interim.end", fmt.date_long(award.interim_extension.end)
        yield "award.interim.description", award.interim_extension.description


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


def buyer_statement(award: Award, council: Council) -> str:
    """Who buys, when the council acts for another body: 'Northshire County Council as lead
    authority for the Tees Valley Care Partnership (Eastby Borough Council and Westby Borough
    Council)'; the council's name when it buys for itself."""
    return buyer_of(award.procurement, council)


def _lot_facts(award: Award) -> Iterator[tuple[str, str]]:
    all_units = units(award)
    appointed = {s.bidder.id for u in all_units for s in u.appointed}
    yield "award.appointed_count", str(len(appointed))
    names = list(dict.fromkeys(s.bidder.name for u in all_units for s in u.appointed))
    yield "award.appointed", fmt.join_names(names)
    if not award.lots:
        return
    yield "award.lot_count", fmt.count_words(len(award.lots))
    yield "award.lot_count_number", str(len(award.lots))
    for unit in all_units:
        prefix = f"lot.{unit.folder.removeprefix('lot-')}"
        yield f"{prefix}.title", unit.title
        yield f"{prefix}.bid_count", str(len(unit.bids))
        yield f"{prefix}.appointed_count", str(len(unit.appointed))
