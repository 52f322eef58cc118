"""The facts prose can cite for an award record of a route that scores no tenders: a direct
award, a modification, an authority to procure, a decision not to award (docs/law.md §11).

Each route gives the values its record has, under the names a competitive award uses where they
mean the same ({award.title}, {award.total_value}, {award.term}, {award.start_date},
{award.reference}, {award.regime}), and names of its own for the rest: {award.supplier} and
{award.ground} of a direct award or a modification; {award.value_before}, {award.increase} and
{award.new_end} of a modification; {award.delegate} of an authority to procure;
{award.next_step} of a decision not to award. A decision not to award names none of the
tenderers (its paper gives their number only, docgen/documents/route_changes.py), so neither do
its facts.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from docgen.derive import formatting as fmt
from docgen.derive.contract_facts import (
    kind_facts,
    notice_ids,
    procurement_facts,
    regime_name,
    term_facts,
    value_facts,
)
from docgen.derive.formatting import ENGLISH
from docgen.derive.grounds_text import (
    change_ground,
    change_ground_name,
    direct_ground,
    framework_text,
    ground_name,
)
from docgen.derive.language import Words
from docgen.models.changes import AuthorityToProcure, Modification, NotAwarded
from docgen.models.council import Council
from docgen.models.routes import DirectAward, RouteAward

NEXT_STEPS = {
    "abandon": "abandoned",
    "re_run": "run again",
}
"""{award.next_step}: what becomes of the procurement ("The procurement is {award.next_step}.")."""

CHANGES = {"extension": "extension", "variation": "variation"}


def next_step(step: str, t: Words = ENGLISH) -> str:
    """NEXT_STEPS in `t`'s language ("Mae'r caffael {award.next_step}.")."""
    return t("abandoned") if step == "abandon" else t("run again")


def change_word(change: str, t: Words = ENGLISH) -> str:
    """CHANGES in `t`'s language."""
    return t("extension") if change == "extension" else t("variation")


def route_facts(record: RouteAward, council: Council, t: Words = ENGLISH) -> dict[str, str]:
    """Every fact of a route award record, by name, in `t`'s language."""
    found = {"award.title": t.text(record.title)}
    if isinstance(record, DirectAward):
        found.update(_direct(record, council, t))
    elif isinstance(record, Modification):
        found.update(_modification(record, council, t))
    elif isinstance(record, AuthorityToProcure):
        found.update(_authority(record, council, t))
    elif isinstance(record, NotAwarded):
        found.update(_not_awarded(record, council, t))
    return found


def _direct(award: DirectAward, council: Council, t: Words) -> Iterator[tuple[str, str]]:
    proc, terms = award.procurement, award.contract
    yield from kind_facts(award.title, terms.kind, t)
    yield "award.reference", proc.reference
    yield "award.regime", regime_name(proc.regime, t)
    yield "award.began", t.date(proc.began)
    yield "award.ground", direct_ground(award, t)
    yield "award.ground_name", ground_name(award, t)
    if award.framework is not None:
        yield "award.framework", framework_text(award.framework, t)
    supplier = t.text(award.supplier.name)
    yield "award.supplier", supplier
    yield "award.appointed", supplier  # as a competitive award's, for resolutions
    yield "award.appointed_count", "1"
    yield from value_facts(terms, council.style.money, t)
    yield from term_facts(terms, t)
    if award.transparency_notice is not None:
        yield "award.transparency_notice", t.date(award.transparency_notice.published)
    if award.notification is not None and award.notification.can_published is not None:
        yield "award.award_notice", t.date(award.notification.can_published)
    yield from notice_ids([proc.ocid], t)
    yield "award.buyer", t.text(council.name)


def _modification(change: Modification, council: Council, t: Words) -> Iterator[tuple[str, str]]:
    contract = change.contract_changed

    def money(amount: Decimal) -> str:
        return t.money_words(fmt.money(amount, council.style.money))

    yield "award.contract_title", t.text(contract.title)
    yield "award.reference", contract.reference
    yield "award.regime", regime_name(change.regime, t)
    yield "award.supplier", t.text(change.supplier.name)
    yield "award.change", change_word(change.change, t)
    yield "award.ground", change_ground(change, t)
    yield "award.ground_name", change_ground_name(change, t)
    yield "award.awarded", t.date(contract.awarded)
    yield "award.original_value", money(contract.original_value)
    yield "award.value_before", money(change.value_before)
    yield "award.value_after", money(change.value_after)
    yield "award.total_value", money(change.value_after)
    if change.increase >= 0:
        yield "award.increase", money(change.increase)
        yield "award.increase_share", percent_of_original(change, t)
    else:
        yield "award.reduction", money(-change.increase)
    yield "award.current_end", t.date(contract.current_end)
    if change.new_end is not None:
        yield "award.new_end", t.date(change.new_end)
    if change.change_notice is not None:
        yield "award.change_notice", t.date(change.change_notice.published)
    yield from notice_ids([contract.ocid], t)


def percent_of_original(record: Modification, t: Words = ENGLISH) -> str:
    """The increase as a share of the value at award, to one decimal place where it is not
    whole: '20 per cent', '12.5 per cent'. Written in words, as council prose writes a share:
    the audit reads "20%" as a score (docgen.readback.reading), and a score of 20 is some other
    award's secret."""
    original = record.contract_changed.original_value
    if original == 0:
        return "–"
    share = (record.increase * 100 / original).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return t("{share} per cent", share=fmt.trimmed(str(share)))


def _authority(record: AuthorityToProcure, council: Council, t: Words) -> Iterator[tuple[str, str]]:
    plan, contract = record.procurement, record.contract
    style = council.style.money
    yield from kind_facts(record.title, contract.kind, t)
    if plan.reference:
        yield "award.reference", plan.reference
    yield "award.procedure", t.text(plan.procedure)
    yield "award.regime", regime_name(plan.regime, t)
    yield "award.begins", t.date(plan.begins)
    total = t.money_words(fmt.money(contract.estimated_value, style))
    yield "award.estimated_value", total
    yield "award.total_value", total
    yield "award.value", t("an estimated total value of {total}", total=total)
    if contract.annual_value is not None:
        yield "award.annual_value", t.money_words(fmt.money(contract.annual_value, style))
    yield "award.initial_term", fmt.years(contract.initial_years, t)
    yield "award.max_term", fmt.years(contract.max_years, t)
    yield "award.term", fmt.term(contract.initial_years, contract.extensions_years, t)
    yield "award.term_short", fmt.term_short(contract.initial_years, contract.extensions_years, t)
    if contract.start is not None:
        yield "award.start_date", t.date(contract.start)
    officer = council.officer(record.delegation.officer)
    delegate = fmt.the(t.text(officer.title), t) if officer else record.delegation.officer
    yield "award.delegate", delegate
    yield "award.delegation", t.text(record.delegation.authority)
    yield "award.buyer", t.text(council.name)


def _not_awarded(record: NotAwarded, council: Council, t: Words) -> Iterator[tuple[str, str]]:
    yield from procurement_facts(record.procurement, council, t)
    yield "award.bidder_count", str(len(record.bidders))
    yield "award.next_step", next_step(record.next_step, t)
    if record.notification is not None:
        yield "award.told", t.date(record.notification.send_date)
    if record.termination_notice is not None:
        yield "award.termination_notice", t.date(record.termination_notice.published)
    if record.contract is not None:  # the contract as it was advertised
        yield from kind_facts(record.title, record.contract.kind, t)
        yield from value_facts(record.contract, council.style.money, t)
        yield from term_facts(record.contract, t)
