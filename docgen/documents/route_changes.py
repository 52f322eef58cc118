"""The statements of the routes that choose no supplier by tender (see route_text.py): a change
to a contract, an authority to procure and a decision not to award.

Sources: docs/law.md §11.1 (s74, Schedule 8 and the contract change notice of s75; s55), §11.2
(PCR 2015 reg 72 and its modification notice; reg 55, the reasons for not awarding).
A decision not to award names none of the tenderers: the public paper gives their number only,
and each is told the reasons in a letter of its own (not_awarded_letter.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive.grounds_text import REGIMES, change_ground
from docgen.derive.route_facts import percent_of_original
from docgen.documents.route_text import RouteText, published
from docgen.models import AuthorityToProcure, Council, Modification, NotAwarded, RouteAward


def route_text(record: RouteAward, council: Council, as_of: dt.date | None = None) -> RouteText:
    if isinstance(record, Modification):
        return _modification(record, council, as_of)
    if isinstance(record, AuthorityToProcure):
        return _authority(record, council)
    if isinstance(record, NotAwarded):
        return _not_awarded(record, council, as_of)
    raise TypeError(f"no statement for {type(record).__name__}")


# ---- modification ----


def change_notice_name(record: Modification) -> str:
    return "contract change notice" if record.regime == "pa2023" else "modification notice"


def change_notice_law(record: Modification) -> str:
    if record.regime == "pa2023":
        return "section 75 of the Procurement Act 2023"
    return "regulation 72(3) of the Public Contracts Regulations 2015"


def _modification(record: Modification, council: Council, as_of: dt.date | None) -> RouteText:
    contract = record.contract_changed
    money = _money(council)
    verb = "extend" if record.change == "extension" else "vary"
    ground = change_ground(record)
    statement = [
        f"The Council will {verb} its contract for {contract.title} (reference "
        f"{contract.reference}) with {record.supplier.name}, awarded on "
        f"{fmt.date_long(contract.awarded)}, without a new procurement, under {ground}.",
        _value_sentence(record, council),
    ]
    if record.new_end is not None:
        statement.append(
            f"The contract will end on {fmt.date_long(record.new_end)} instead of "
            f"{fmt.date_long(contract.current_end)}."
        )
    needed = record.change_notice or record.needs_notice
    extra = [_notice_sentence(record, as_of)] if needed else []
    rows = [
        ("Route", "Extension of an existing contract" if verb == "extend" else "Variation"),
        ("Contract", f"{contract.title} (reference {contract.reference})"),
        ("Supplier", record.supplier.name),
        ("Legal ground", _cap(ground)),
        ("Value at award", money(contract.original_value)),
        ("Value before this change", money(record.value_before)),
        ("Value after this change", money(record.value_after)),
    ]
    if record.new_end is not None:
        rows.append(("Ends", f"{fmt.date_long(record.new_end)} (was {_day(contract.current_end)})"))
    return RouteText(
        route="modification",
        label=f"{'Extension' if verb == 'extend' else 'Variation'} under {_short(ground)}",
        rows=rows,
        statement=statement,
        own_words_intro="The change, and the reasons for it, are as follows.",
        own_words=record.description,
        extra=extra,
    )


def _value_sentence(record: Modification, council: Council) -> str:
    money = _money(council)
    before, after = money(record.value_before), money(record.value_after)
    if record.increase == 0:
        return f"The contract's value stays at {before}."
    if record.increase < 0:
        return f"The contract's value falls from {before} to {after}."
    return (
        f"The contract's value rises from {before} to {after}, an increase of "
        f"{money(record.increase)} ({percent_of_original(record)} of its value of "
        f"{money(record.contract_changed.original_value)} when it was awarded)."
    )


def _notice_sentence(record: Modification, as_of: dt.date | None) -> str:
    name, law = change_notice_name(record), change_notice_law(record)
    notice = record.change_notice
    if notice is None:
        return f"A {name} will be published under {law}."
    ref = f" (reference {notice.reference})" if notice.reference else ""
    return f"A {name}{ref} {published(notice.published, as_of)} under {law}."


# ---- authority to procure ----


def _authority(record: AuthorityToProcure, council: Council) -> RouteText:
    plan, contract = record.procurement, record.contract
    officer = council.officer(record.delegation.officer)
    who = officer.title if officer else record.delegation.officer
    what = {"framework": "a framework agreement", "contract": "a contract"}.get(
        contract.kind, "an approved list"
    )
    term = fmt.term(contract.initial_years, contract.extensions_years)
    value = _money(council)(contract.estimated_value)
    law = REGIMES[plan.regime]
    law = f"the light touch regime of {law}" if plan.light_touch else law
    statement = [
        f"The Council will procure {_what_for(what, record.title)} by "
        f"{_lower(plan.procedure)} under {law}, beginning on {fmt.date_long(plan.begins)}.",
        f"The {'agreement' if contract.kind != 'contract' else 'contract'} will run for {term}, "
        f"with an estimated value of {value} over its longest term.",
        f"The decision to award is delegated to the {who} ({record.delegation.authority}); "
        "the award will be made as an officer decision under this delegation, and it will name "
        "this decision.",
    ]
    rows = [
        ("Route", "Authority to procure"),
        ("Procurement", f"{_cap(plan.procedure)} under {law}"),
        ("Begins", fmt.date_long(plan.begins)),
        ("Term", term),
        ("Estimated value", f"{value} over the longest term"),
        ("Award decision", f"Delegated to the {who}"),
    ]
    if record.criteria:
        weights = "; ".join(f"{c.name}, {fmt.score(c.weight)} per cent" for c in record.criteria)
        rows.append(("Award criteria", weights))
    steps = [
        f"{m.step}: {fmt.date_long(m.date)}" for m in sorted(record.timetable, key=lambda m: m.date)
    ]
    return RouteText(
        route="authority_to_procure",
        label="Authority to procure, with the award delegated",
        rows=rows,
        statement=statement,
        extra=["The planned timetable is as follows."] if steps else [],
        bullets=steps,
    )


def _what_for(what: str, title: str) -> str:
    """'the Supported Living Framework' (a title that says what it is), or 'a contract for the
    Day Opportunities Service'."""
    kind = {"a framework agreement": "framework", "an approved list": "list"}.get(what, "contract")
    if kind in title.casefold():
        return f"the {title}"
    return f"{what} for the {title}"


# ---- not awarded ----


def _not_awarded(record: NotAwarded, council: Council, as_of: dt.date | None) -> RouteText:
    proc = record.procurement
    count = len(record.bidders)
    tenders = f"{fmt.count_words(count)} {fmt.noun(count, 'tender')}" if count else "no tenders"
    next_step = (
        "The procurement is abandoned."
        if record.next_step == "abandon"
        else "The procurement will be run again."
    )
    statement = [
        f"The Council will not award the contract for {record.title} (reference "
        f"{proc.reference}), procured by {_lower(proc.procedure)} under "
        f"{REGIMES[proc.regime]}. It received {tenders}.",
        next_step,
    ]
    extra = []
    told = record.notification
    if told is not None and count:
        law = " (regulation 55 of the Public Contracts Regulations 2015)"
        extra.append(
            f"Each tenderer is told of the decision and the reasons for it in a letter sent on "
            f"{fmt.date_long(told.send_date)}{law if proc.regime == 'pcr2015' else ''}."
        )
    if record.termination_notice is not None:
        notice = record.termination_notice
        ref = f" (reference {notice.reference})" if notice.reference else ""
        extra.append(
            f"A procurement termination notice{ref} {published(notice.published, as_of)}, "
            "as section 55 of the Procurement Act 2023 "
            "requires."
        )
    rows = [
        ("Route", "Decision not to award"),
        ("Procurement", f"{_cap(proc.procedure)} under {REGIMES[proc.regime]}"),
        ("Reference", proc.reference),
        ("Tenders received", str(count)),
        ("Next step", "Abandon" if record.next_step == "abandon" else "Run the procurement again"),
    ]
    return RouteText(
        route="not_awarded",
        label="No contract is awarded; "
        + ("the procurement is abandoned" if record.next_step == "abandon" else "it is re-run"),
        rows=rows,
        statement=statement,
        own_words_intro="The reasons for not awarding the contract are as follows.",
        own_words=record.reason,
        extra=extra,
    )


# ---- shared ----


def _money(council: Council) -> Callable[[Decimal], str]:
    return lambda amount: fmt.money(amount, council.style.money)


def _short(ground: str) -> str:
    """'regulation 72(1)(b) of the Public Contracts Regulations 2015' (no explanation)."""
    return ground.split(" (", 1)[0]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    """'an open procedure' from 'Open procedure'; a procedure named by its initials stays."""
    word = text.split(" ", 1)[0]
    lowered = text if word.isupper() else text[:1].lower() + text[1:]
    return fmt.with_article(lowered) if not lowered.startswith(("a ", "an ", "the ")) else lowered


def _day(value: dt.date) -> str:
    return fmt.date_long(value)
