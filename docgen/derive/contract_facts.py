"""The facts every route's record may share, as prose cites them: the contract's value and term
(a competitive award's {award.total_value}, a direct award's, a decision not to award's contract
as advertised), the procurement's notices and buyer. A term the record gives in months prints in
months ("24 months", not "2 years").
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive.formatting import ENGLISH, MoneyStyle
from docgen.derive.language import Words
from docgen.derive.terms import mobilisation_start
from docgen.models.award import Procurement
from docgen.models.common import ContractTerms
from docgen.models.council import Council


def kind_name(kind: str, t: Words = ENGLISH) -> str:
    """What a kind of agreement is called: 'framework agreement' / 'cytundeb fframwaith'."""
    names = {
        "framework": t("framework agreement"),
        "contract": t("contract"),
        "approved_list": t("approved list"),
    }
    return names[kind]


def regime_name(regime: str, t: Words = ENGLISH) -> str:
    """The regime's name: 'the Public Contracts Regulations 2015', 'the Procurement Act 2023'."""
    if regime == "pcr2015":
        return t("the Public Contracts Regulations 2015")
    return t("the Procurement Act 2023")


def value_text(basis: str, total: str, t: Words = ENGLISH) -> str:
    """How award.value states the value for each value_basis, the total filled in (docs/law.md
    §8): 'a total value of £4m', 'an estimated total value of …; no spend is committed'."""
    if basis == "committed":
        return t("a total value of {total}", total=total)
    if basis == "estimated":
        return t("an estimated total value of {total}; no spend is committed", total=total)
    return t("no value of its own: no spend is committed")


def kind_facts(title: str, kind: str, t: Words = ENGLISH) -> Iterator[tuple[str, str]]:
    """award.kind, award.named ('the Interim Care contract'), award.a_named."""
    thing = kind_name(kind, t)
    title = t.text(title)
    yield "award.kind", thing
    yield "award.named", fmt.titled(title, thing, t)
    yield "award.a_named", fmt.with_article(fmt.titled(title, thing, t), t)


def terms_value(terms: ContractTerms) -> Decimal:
    """Annual value times the longest term; the total value where the record states no annual
    value (docgen.derive.units.max_value, for any record's terms)."""
    if terms.annual_value is None:
        return terms.total_value
    return terms.annual_value * terms.max_in_years


def stated_term(terms: ContractTerms, t: Words = ENGLISH) -> str:
    """'24 months', '4 years with options to extend by 2 years and 2 years': in months for each
    part the record gives in months."""
    given = (terms.initial_months is not None, bool(terms.extensions_months))
    return fmt.term_months(terms.initial_in_months, terms.extensions_in_months, given, t)


def value_facts(
    terms: ContractTerms, style: MoneyStyle, t: Words = ENGLISH
) -> Iterator[tuple[str, str]]:
    """The values; no annual figure where the record states only the value for the term."""
    total = t.money_words(fmt.money(terms_value(terms), style))
    if terms.annual_value is not None:
        yield "award.annual_value", t.money_words(fmt.money(terms.annual_value, style))
    yield "award.total_value", total
    yield "award.value", value_text(terms.value_basis, total, t)


def term_facts(terms: ContractTerms, t: Words = ENGLISH) -> Iterator[tuple[str, str]]:
    """Terms in years or in months as the record gives them, and the dates around the term."""
    initial, extensions = terms.initial_in_months, terms.extensions_in_months
    yield "award.initial_term", fmt.months(initial, terms.initial_months is not None, t)
    yield "award.max_term", fmt.months(terms.max_in_months, terms.max_months is not None, t)
    yield "award.term", stated_term(terms, t)
    yield "award.term_short", fmt.term_short_months(initial, extensions, t)
    yield "award.start_date", t.date(terms.start)
    if terms.mobilisation_months is not None:
        yield "award.mobilisation", fmt.months(terms.mobilisation_months, True, t)
        begins = mobilisation_start(terms)
        if begins is not None:
            yield "award.mobilisation_start", t.date(begins)
    if terms.signed is not None:
        yield "award.signed", t.date(terms.signed)


def procurement_facts(
    proc: Procurement, council: Council, t: Words = ENGLISH
) -> Iterator[tuple[str, str]]:
    """The procurement's reference, law, dates, notice ids, buyer and permission to procure."""
    yield "award.reference", proc.reference
    yield "award.procedure", t.text(proc.procedure)
    yield "award.regime", regime_name(proc.regime, t)
    yield "award.first_notice", t.date(proc.first_notice)
    yield "award.tender_deadline", t.date(proc.tender_deadline)
    yield from notice_ids([proc.ocid, *proc.ocids], t)
    yield "award.buyer", t.text(proc.buyer.name if proc.buyer else council.name)
    if proc.buyer:
        yield "award.buyer_statement", buyer_of(proc, council, t)
    if proc.permission_to_procure:
        yield "award.permission_date", t.date(proc.permission_to_procure.date)
        yield "award.permission_body", t.text(proc.permission_to_procure.body)


def notice_ids(ids: list[str | None], t: Words = ENGLISH) -> Iterator[tuple[str, str]]:
    given = [i for i in ids if i]
    if given:
        yield "award.ocid", fmt.join_names(given, t)


BUYER_ROLES = {
    "lead_authority": "{council} as lead authority for {buyer}",
    "agent": "{council} as agent for {buyer}",
    "joint_committee": "{council} for {buyer}",
}


def buyer_of(proc: Procurement, council: Council, t: Words = ENGLISH) -> str:
    """Who buys, when the council acts for another body: 'Northshire County Council as lead
    authority for the Tees Valley Care Partnership (Eastby Borough Council and Westby Borough
    Council)'; the council's name when it buys for itself."""
    buyer = proc.buyer
    name = t.text(council.name)
    if buyer is None:
        return name
    named = t.text(buyer.name)
    named = _definite(named) if t.lang == "en" else named
    others = [t.text(b) for b in buyer.on_behalf_of if b != buyer.name]
    if others:
        named += f" ({fmt.join_names(others, t)})"
    if buyer.role == "lead_authority":
        return t("{council} as lead authority for {buyer}", council=name, buyer=named)
    if buyer.role == "agent":
        return t("{council} as agent for {buyer}", council=name, buyer=named)
    return t("{council} for {buyer}", council=name, buyer=named)


_TAKES_THE = ("partnership", "committee", "board", "consortium", "alliance", "collaborative")


def _definite(name: str) -> str:
    """'the Afon Valleys Transport Partnership', but 'National Highways' as it is."""
    words = name.split()
    if words and words[0] != "the" and words[-1].casefold() in _TAKES_THE:
        return f"the {name}"
    return name
