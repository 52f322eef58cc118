"""The facts every route's record may share, as prose cites them: the contract's value and term
(a competitive award's {award.total_value}, a direct award's, a decision not to award's contract
as advertised), the procurement's notices and buyer. A term the record gives in months prints in
months ("24 months", not "2 years").
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive.formatting import MoneyStyle
from docgen.derive.terms import mobilisation_start
from docgen.models.award import Procurement
from docgen.models.common import ContractTerms
from docgen.models.council import Council

KINDS = {
    "framework": "framework agreement",
    "contract": "contract",
    "approved_list": "approved list",
}

REGIME_NAMES = {
    "pcr2015": "the Public Contracts Regulations 2015",
    "pa2023": "the Procurement Act 2023",
}

VALUE_BASES = {
    "committed": "a total value of {total}",
    "estimated": "an estimated total value of {total}; no spend is committed",
    "zero": "no value of its own: no spend is committed",
}
"""How award.value states the value for each value_basis (docs/law.md §8)."""


def kind_facts(title: str, kind: str) -> Iterator[tuple[str, str]]:
    """award.kind, award.named ('the Interim Care contract'), award.a_named."""
    thing = KINDS[kind]
    yield "award.kind", thing
    yield "award.named", fmt.titled(title, thing)
    yield "award.a_named", fmt.with_article(fmt.titled(title, thing))


def terms_value(terms: ContractTerms) -> Decimal:
    """Annual value times the longest term; the total value where the record states no annual
    value (docgen.derive.units.max_value, for any record's terms)."""
    if terms.annual_value is None:
        return terms.total_value
    return terms.annual_value * terms.max_in_years


def stated_term(terms: ContractTerms) -> str:
    """'24 months', '4 years with options to extend by 2 years and 2 years': in months for each
    part the record gives in months."""
    given = (terms.initial_months is not None, bool(terms.extensions_months))
    return fmt.term_months(terms.initial_in_months, terms.extensions_in_months, given)


def value_facts(terms: ContractTerms, style: MoneyStyle) -> Iterator[tuple[str, str]]:
    """The values; no annual figure where the record states only the value for the term."""
    total = fmt.money(terms_value(terms), style)
    if terms.annual_value is not None:
        yield "award.annual_value", fmt.money(terms.annual_value, style)
    yield "award.total_value", total
    yield "award.value", VALUE_BASES[terms.value_basis].format(total=total)


def term_facts(terms: ContractTerms) -> Iterator[tuple[str, str]]:
    """Terms in years or in months as the record gives them, and the dates around the term."""
    initial, extensions = terms.initial_in_months, terms.extensions_in_months
    yield "award.initial_term", fmt.months(initial, terms.initial_months is not None)
    yield "award.max_term", fmt.months(terms.max_in_months, terms.max_months is not None)
    yield "award.term", stated_term(terms)
    yield "award.term_short", fmt.term_short_months(initial, extensions)
    yield "award.start_date", fmt.date_long(terms.start)
    if terms.mobilisation_months is not None:
        yield "award.mobilisation", fmt.months(terms.mobilisation_months, as_months=True)
        begins = mobilisation_start(terms)
        if begins is not None:
            yield "award.mobilisation_start", fmt.date_long(begins)
    if terms.signed is not None:
        yield "award.signed", fmt.date_long(terms.signed)


def procurement_facts(proc: Procurement, council: Council) -> Iterator[tuple[str, str]]:
    """The procurement's reference, law, dates, notice ids, buyer and permission to procure."""
    yield "award.reference", proc.reference
    yield "award.procedure", proc.procedure
    yield "award.regime", REGIME_NAMES[proc.regime]
    yield "award.first_notice", fmt.date_long(proc.first_notice)
    yield "award.tender_deadline", fmt.date_long(proc.tender_deadline)
    yield from notice_ids([proc.ocid, *proc.ocids])
    yield "award.buyer", proc.buyer.name if proc.buyer else council.name
    if proc.buyer:
        yield "award.buyer_statement", buyer_of(proc, council)
    if proc.permission_to_procure:
        yield "award.permission_date", fmt.date_long(proc.permission_to_procure.date)
        yield "award.permission_body", proc.permission_to_procure.body


def notice_ids(ids: list[str | None]) -> Iterator[tuple[str, str]]:
    given = [i for i in ids if i]
    if given:
        yield "award.ocid", fmt.join_names(given)


BUYER_ROLES = {
    "lead_authority": "{council} as lead authority for {buyer}",
    "agent": "{council} as agent for {buyer}",
    "joint_committee": "{council} for {buyer}",
}


def buyer_of(proc: Procurement, council: Council) -> str:
    """Who buys, when the council acts for another body: 'Northshire County Council as lead
    authority for the Tees Valley Care Partnership (Eastby Borough Council and Westby Borough
    Council)'; the council's name when it buys for itself."""
    buyer = proc.buyer
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
