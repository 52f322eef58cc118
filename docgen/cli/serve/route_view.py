"""What the page of an award by a route that scores no tenders shows (docs/law.md §11): a direct
award, a modification, an authority to procure, a decision not to award. Its route, ground,
supplier (or tenderers), value and dates, worded as the documents word them
(docgen.derive.grounds_text, docgen.derive.contract_facts); no Lots and no evaluation workbook,
since no tenders were scored. Only a decision not to award makes letters (one to each tenderer,
docgen.letters.not_awarded); the other routes have no tenderers to write to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive.contract_facts import regime_name, term_facts
from docgen.derive.grounds_text import change_ground, direct_ground, framework_text
from docgen.derive.route_facts import percent_of_original
from docgen.derive.timing import format_date
from docgen.models.award import Regime
from docgen.models.changes import AuthorityToProcure, Modification, NotAwarded
from docgen.models.common import ContractTerms
from docgen.models.routes import ROUTE_NAMES, DirectAward, RouteAward
from docgen.records.loading import Records

NEXT_STEPS = {"abandon": "The procurement is abandoned.", "re_run": "The procurement is run again."}
NO_LETTERS = {
    "direct_award": "A direct award makes no letters: there were no tenderers to write to.",
    "modification": "A modification makes no letters: there were no tenderers to write to.",
    "authority_to_procure": "An authority to procure makes no letters: nothing has been "
    "tendered yet.",
}


@dataclass
class RouteView:
    """A route award's facts and dates, as its page lists them."""

    record: RouteAward
    route: str  # "Direct award"
    facts: list[tuple[str, str]] = field(default_factory=list)
    dates: list[tuple[str, str]] = field(default_factory=list)
    letters: bool = False  # the route makes letters (a decision not to award, telling tenderers)
    no_letters: str = ""  # why not, when it makes none


def route_name(route: str) -> str:
    """'Direct award', 'Decision not to award' … (docgen.models.routes.ROUTE_NAMES)."""
    words = ROUTE_NAMES.get(route, route).split(" ", 1)[-1]
    return words[:1].upper() + words[1:]


def route_view(record: RouteAward, records: Records | None) -> RouteView:
    view = RouteView(record, route_name(record.route))
    view.facts.append(("Route", view.route))
    view.no_letters = NO_LETTERS.get(record.route, "")
    if isinstance(record, DirectAward):
        _direct(record, view)
    elif isinstance(record, Modification):
        _modification(record, view)
    elif isinstance(record, AuthorityToProcure):
        _authority(record, view, records)
    else:
        _not_awarded(record, view)
    return view


def _up(text: str) -> str:
    return text[:1].upper() + text[1:]


def _law(regime: Regime) -> str:
    return _up(regime_name(regime))


def _money(amount: Decimal) -> str:
    return fmt.money_exact(amount)


def _value(terms: ContractTerms) -> str:
    annual = f" ({_money(terms.annual_value)} a year)" if terms.annual_value is not None else ""
    return f"{_money(terms.total_value)}{annual}"


def _term(terms: ContractTerms) -> str:
    return dict(term_facts(terms)).get("award.term", "")


def _day(day: dt.date) -> str:
    return format_date(day, weekday=True)


def _direct(award: DirectAward, view: RouteView) -> None:
    proc, terms = award.procurement, award.contract
    view.facts += [
        ("Law", _law(proc.regime)),
        ("Ground", direct_ground(award)),
        ("Supplier", award.supplier.name),
        ("Value", _value(terms)),
        ("Term", _term(terms)),
        ("Procurement reference", proc.reference),
    ]
    if award.framework is not None:
        view.facts.append(("Framework", framework_text(award.framework)))
    view.dates.append(("Procurement began", _day(proc.began)))
    if award.transparency_notice is not None:
        view.dates.append(
            ("Transparency notice published", _day(award.transparency_notice.published))
        )
    notice = award.notification
    if notice is not None and notice.can_published is not None:
        view.dates.append(("Contract award notice published", _day(notice.can_published)))
    if notice is not None:
        view.facts.append(("Standstill", _up(notice.standstill)))
    if terms.signed is not None:
        view.dates.append(("Contract signed", _day(terms.signed)))
    view.dates.append(("Contract starts", _day(terms.start)))


def _modification(change: Modification, view: RouteView) -> None:
    contract = change.contract_changed
    share = percent_of_original(change)
    moved = change.increase
    how = (
        f"an increase of {_money(moved)}, {share} of the value at award"
        if moved >= 0
        else f"a reduction of {_money(-moved)}"
    )
    view.route = f"{view.route} ({change.change})"
    view.facts[0] = ("Route", view.route)
    view.facts += [
        ("Law", _law(change.regime)),
        ("Ground", change_ground(change)),
        ("Supplier", change.supplier.name),
        ("Contract changed", f"{contract.title} ({contract.reference})"),
        ("Value", f"{_money(change.value_before)} → {_money(change.value_after)} ({how})"),
        ("Value at award", _money(contract.original_value)),
    ]
    view.dates.append(("Contract awarded", _day(contract.awarded)))
    view.dates.append(("Contract ends now", _day(contract.current_end)))
    if change.new_end is not None:
        view.dates.append(("Contract ends after the change", _day(change.new_end)))
    if change.change_notice is not None:
        view.dates.append(("Change notice published", _day(change.change_notice.published)))


def _authority(record: AuthorityToProcure, view: RouteView, records: Records | None) -> None:
    plan, contract = record.procurement, record.contract
    council = records.councils.get(record.council) if records else None
    officer = council.officer(record.delegation.officer) if council else None
    delegate = f"the {officer.title}" if officer else record.delegation.officer
    annual = (
        f" ({_money(contract.annual_value)} a year)" if contract.annual_value is not None else ""
    )
    view.facts += [
        ("Law", _law(plan.regime)),
        ("Procedure", _up(plan.procedure)),
        ("Estimated value", f"{_money(contract.estimated_value)}{annual}"),
        ("Term", fmt.term(contract.initial_years, contract.extensions_years)),
        ("Award delegated to", f"{delegate}, {record.delegation.authority}"),
    ]
    if record.criteria:
        weights = ", ".join(f"{c.name} {fmt.score(c.weight)}" for c in record.criteria)
        view.facts.append(("Award criteria (weights)", weights))
    view.dates.append(("Procurement begins", _day(plan.begins)))
    view.dates += [(m.step, _day(m.date)) for m in record.timetable]
    if contract.start is not None:
        view.dates.append(("Contract starts", _day(contract.start)))


def _not_awarded(record: NotAwarded, view: RouteView) -> None:
    proc = record.procurement
    view.facts += [
        ("Law", _law(proc.regime)),
        ("Procedure", _up(proc.procedure)),
        ("Next step", NEXT_STEPS[record.next_step]),
        ("Tenderers", ", ".join(b.name for b in record.bidders) or "none"),
    ]
    if record.contract is not None:
        view.facts.append(("Value as advertised", _value(record.contract)))
    view.facts.append(("Reason", record.reason.strip()))
    view.dates.append(("First notice", _day(proc.first_notice)))
    view.dates.append(("Tenders due", _day(proc.tender_deadline)))
    if record.notification is not None:
        view.dates.append(("Tenderers told", _day(record.notification.send_date)))
        view.letters = bool(record.bidders)
    else:
        view.no_letters = (
            "No letters can be made yet: the record does not say when the tenderers are told "
            "(notification)."
        )
    if record.termination_notice is not None:
        view.dates.append(
            ("Termination notice published", _day(record.termination_notice.published))
        )
