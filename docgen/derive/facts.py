"""The named facts prose can cite as {award.total_value}: computed and formatted once, here."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.derive import formatting as fmt
from docgen.derive.terms import mobilisation_start
from docgen.derive.units import max_value, units
from docgen.models.award import Award
from docgen.models.council import Council
from docgen.models.decision import Decision

KINDS = {
    "framework": "framework agreement",
    "contract": "contract",
    "approved_list": "approved list",
}

REGIME_NAMES = {
    "pcr2015": "the Public Contracts Regulations 2015",
    "pa2023": "the Procurement Act 2023",
}


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


def build_facts(council: Council, decision: Decision | None, award: Award | None) -> dict[str, str]:
    """Every fact that prose may cite, formatted in the council's house style."""
    facts = dict(_council_facts(council))
    if decision is not None:
        facts.update(_decision_facts(decision, council))
    if award is not None:
        facts.update(_award_facts(award, council))
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
    terms, proc = award.contract, award.procurement
    yield "award.title", award.title
    thing = KINDS[terms.kind]
    yield "award.kind", thing
    yield "award.named", fmt.titled(award.title, thing)
    yield "award.a_named", fmt.with_article(fmt.titled(award.title, thing))
    yield "award.reference", proc.reference
    yield "award.procedure", proc.procedure
    yield "award.regime", REGIME_NAMES[proc.regime]
    yield "award.first_notice", fmt.date_long(proc.first_notice)
    yield "award.tender_deadline", fmt.date_long(proc.tender_deadline)
    yield from _value_facts(award, council)
    yield from _term_facts(award)
    yield "award.bidder_count", str(len(award.bidders))
    yield from _lot_facts(award)
    yield from _notice_facts(award, council)
    if proc.permission_to_procure:
        yield "award.permission_date", fmt.date_long(proc.permission_to_procure.date)
        yield "award.permission_body", proc.permission_to_procure.body
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

VALUE_BASES = {
    "committed": "a total value of {total}",
    "estimated": "an estimated total value of {total}; no spend is committed",
    "zero": "no value of its own: no spend is committed",
}
"""How award.value states the value for each value_basis (docs/law.md §8)."""


def _value_facts(award: Award, council: Council) -> Iterator[tuple[str, str]]:
    """The values; no annual figure where the record states only the value for the term."""
    style, terms = council.style.money, award.contract
    total = fmt.money(max_value(award), style)
    if terms.annual_value is not None:
        yield "award.annual_value", fmt.money(terms.annual_value, style)
    yield "award.total_value", total
    yield "award.value", VALUE_BASES[terms.value_basis].format(total=total)


def _term_facts(award: Award) -> Iterator[tuple[str, str]]:
    """Terms in years or in months as the record gives them, and the dates around the term."""
    terms = award.contract
    initial, extensions = terms.initial_in_months, terms.extensions_in_months
    given = (terms.initial_months is not None, bool(terms.extensions_months))
    yield "award.initial_term", fmt.months(initial, given[0])
    yield "award.max_term", fmt.months(terms.max_in_months, terms.max_months is not None)
    yield "award.term", fmt.term_months(initial, extensions, given)
    yield "award.term_short", fmt.term_short_months(initial, extensions)
    yield "award.start_date", fmt.date_long(terms.start)
    if terms.mobilisation_months is not None:
        yield "award.mobilisation", fmt.months(terms.mobilisation_months, as_months=True)
        begins = mobilisation_start(terms)
        if begins is not None:
            yield "award.mobilisation_start", fmt.date_long(begins)
    if terms.signed is not None:
        yield "award.signed", fmt.date_long(terms.signed)


def _notice_facts(award: Award, council: Council) -> Iterator[tuple[str, str]]:
    """The published notice's value (marked when it is a placeholder), ids and buyer."""
    terms, proc = award.contract, award.procurement
    if terms.notice_value is not None:
        stated = fmt.money(terms.notice_value, council.style.money)
        if terms.notice_value_placeholder:
            stated += " (a placeholder in the published notice, not the value of the award)"
        yield "award.notice_value", stated
    ids = [i for i in [proc.ocid, *proc.ocids] if i]
    if ids:
        yield "award.ocid", fmt.join_names(ids)
    yield "award.buyer", proc.buyer.name if proc.buyer else council.name
    if proc.buyer:
        yield "award.buyer_statement", buyer_statement(award, council)


BUYER_ROLES = {
    "lead_authority": "{council} as lead authority for {buyer}",
    "agent": "{council} as agent for {buyer}",
    "joint_committee": "{council} for {buyer}",
}


def buyer_statement(award: Award, council: Council) -> str:
    """Who buys, when the council acts for another body: 'Northshire County Council as lead
    authority for the Tees Valley Care Partnership (Eastby Borough Council and Westby Borough
    Council)'; the council's name when it buys for itself."""
    buyer = award.procurement.buyer
    if buyer is None:
        return council.name
    named = _definite(buyer.name)
    others = [b for b in buyer.on_behalf_of if b != buyer.name]
    if others:
        named += f" ({fmt.join_names(others)})"
    return BUYER_ROLES[buyer.role].format(council=council.name, buyer=named)


_TAKES_THE = ("partnership", "committee", "board", "consortium", "alliance", "collaborative")


def _definite(name: str) -> str:
    """'the Afon Valleys Transport Partnership', but 'National Highways' as it is."""
    words = name.split()
    if words and words[0] != "the" and words[-1].casefold() in _TAKES_THE:
        return f"the {name}"
    return name


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
