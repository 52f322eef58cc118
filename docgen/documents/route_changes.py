"""The statements of the routes that choose no supplier by tender (see route_text.py): a change
to a contract, an authority to procure and a decision not to award.

Sources: docs/law.md §11.1 (s74, Schedule 8 and the contract change notice of s75; s55), §11.2
(PCR 2015 reg 72 and its modification notice; reg 55, the reasons for not awarding).
A decision not to award names none of the tenderers: the public paper gives their number only,
and each is told the reasons in a letter of its own (not_awarded_letter.py). Worded in the
document's language `t`, whole sentences (route_text.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive.grounds_text import change_ground
from docgen.derive.language import Words
from docgen.derive.route_facts import percent_of_original
from docgen.documents.common import ENGLISH
from docgen.documents.route_text import RouteText, in_brackets, regime_name, to_come
from docgen.models import AuthorityToProcure, Council, Modification, NotAwarded, RouteAward


def route_text(
    record: RouteAward, council: Council, as_of: dt.date | None = None, t: Words = ENGLISH
) -> RouteText:
    if isinstance(record, Modification):
        return _modification(record, council, as_of, t)
    if isinstance(record, AuthorityToProcure):
        return _authority(record, council, t)
    if isinstance(record, NotAwarded):
        return _not_awarded(record, as_of, t)
    raise TypeError(f"no statement for {type(record).__name__}")


# ---- modification ----


def change_notice_name(record: Modification, t: Words = ENGLISH) -> str:
    if record.regime == "pa2023":
        return t("contract change notice")
    return t("modification notice")


def change_notice_law(record: Modification, t: Words = ENGLISH) -> str:
    if record.regime == "pa2023":
        return t("section 75 of the Procurement Act 2023")
    return t("regulation 72(3) of the Public Contracts Regulations 2015")


def _modification(
    record: Modification, council: Council, as_of: dt.date | None, t: Words
) -> RouteText:
    contract = record.contract_changed
    money = _money(council, t)
    extend = record.change == "extension"
    ground = change_ground(record, t)
    facts = {
        "title": t.text(contract.title),
        "reference": contract.reference,
        "supplier": record.supplier.name,
        "awarded": t.date(contract.awarded),
        "ground": ground,
    }
    statement = [
        t(
            "The Council will extend its contract for {title} (reference {reference}) with "
            "{supplier}, awarded on {awarded}, without a new procurement, under {ground}.",
            **facts,
        )
        if extend
        else t(
            "The Council will vary its contract for {title} (reference {reference}) with "
            "{supplier}, awarded on {awarded}, without a new procurement, under {ground}.",
            **facts,
        ),
        _value_sentence(record, council, t),
    ]
    was = t.date(contract.current_end)
    if record.new_end is not None:
        statement.append(
            t(
                "The contract will end on {end} instead of {was}.",
                end=t.date(record.new_end),
                was=was,
            )
        )
    needed = record.change_notice or record.needs_notice
    extra = [_notice_sentence(record, as_of, t)] if needed else []
    rows = [
        (t("Route"), t("Extension of an existing contract") if extend else t("Variation")),
        (
            t("Contract"),
            t(
                "{title} (reference {reference})",
                title=facts["title"],
                reference=contract.reference,
            ),
        ),
        (t("Supplier"), record.supplier.name),
        (t("Legal ground"), _cap(ground)),
        (t("Value at award"), money(contract.original_value)),
        (t("Value before this change"), money(record.value_before)),
        (t("Value after this change"), money(record.value_after)),
    ]
    if record.new_end is not None:
        rows.append((t("Ends"), t("{end} (was {was})", end=t.date(record.new_end), was=was)))
    short = _short(ground)
    return RouteText(
        route="modification",
        label=t("Extension under {ground}", ground=short)
        if extend
        else t("Variation under {ground}", ground=short),
        rows=rows,
        statement=statement,
        own_words_intro=t("The change, and the reasons for it, are as follows."),
        own_words=t.text(record.description),
        extra=extra,
    )


def _value_sentence(record: Modification, council: Council, t: Words) -> str:
    money = _money(council, t)
    before, after = money(record.value_before), money(record.value_after)
    if record.increase == 0:
        return t("The contract's value stays at {before}.", before=before)
    if record.increase < 0:
        return t("The contract's value falls from {before} to {after}.", before=before, after=after)
    return t(
        "The contract's value rises from {before} to {after}, an increase of {increase} "
        "({share} of its value of {original} when it was awarded).",
        before=before,
        after=after,
        increase=money(record.increase),
        share=percent_of_original(record, t),
        original=money(record.contract_changed.original_value),
    )


def _notice_sentence(record: Modification, as_of: dt.date | None, t: Words) -> str:
    law = change_notice_law(record, t)
    notice = record.change_notice
    change_notice = record.regime == "pa2023"
    if notice is None:
        return (
            t("A contract change notice will be published under {law}.", law=law)
            if change_notice
            else t("A modification notice will be published under {law}.", law=law)
        )
    ref, day = in_brackets(notice.reference, t), t.date(notice.published)
    if to_come(notice.published, as_of):
        return (
            t(
                "A contract change notice{reference} will be published on {date} under {law}.",
                reference=ref,
                date=day,
                law=law,
            )
            if change_notice
            else t(
                "A modification notice{reference} will be published on {date} under {law}.",
                reference=ref,
                date=day,
                law=law,
            )
        )
    return (
        t(
            "A contract change notice{reference} was published on {date} under {law}.",
            reference=ref,
            date=day,
            law=law,
        )
        if change_notice
        else t(
            "A modification notice{reference} was published on {date} under {law}.",
            reference=ref,
            date=day,
            law=law,
        )
    )


# ---- authority to procure ----


def _authority(record: AuthorityToProcure, council: Council, t: Words) -> RouteText:
    plan, contract = record.procurement, record.contract
    officer = council.officer(record.delegation.officer)
    who = t.text(officer.title) if officer else record.delegation.officer
    term = fmt.term(contract.initial_years, contract.extensions_years, t)
    value = _money(council, t)(contract.estimated_value)
    law = _authority_law(record, t)
    procedure = t.text(plan.procedure)
    begins = t.date(plan.begins)
    statement = [
        t(
            "The Council will procure {what} by {procedure} under {law}, beginning on {begins}.",
            what=_what_for(contract.kind, t.text(record.title), t),
            procedure=_lower(procedure, t),
            law=law,
            begins=begins,
        ),
        t(
            "The contract will run for {term}, with an estimated value of {value} over its "
            "longest term.",
            term=term,
            value=value,
        )
        if contract.kind == "contract"
        else t(
            "The agreement will run for {term}, with an estimated value of {value} over its "
            "longest term.",
            term=term,
            value=value,
        ),
        t(
            "The decision to award is delegated to the {who} ({authority}); the award will be "
            "made as an officer decision under this delegation, and it will name this decision.",
            who=who,
            authority=t.text(record.delegation.authority),
        ),
    ]
    rows = [
        (t("Route"), t("Authority to procure")),
        (t("Procurement"), t("{procedure} under {law}", procedure=_cap(procedure), law=law)),
        (t("Begins"), begins),
        (t("Term"), term),
        (t("Estimated value"), t("{value} over the longest term", value=value)),
        (t("Award decision"), t("Delegated to the {who}", who=who)),
    ]
    if record.criteria:
        weights = "; ".join(
            t("{name}, {weight} per cent", name=t.text(c.name), weight=fmt.score(c.weight))
            for c in record.criteria
        )
        rows.append((t("Award criteria"), weights))
    steps = [
        f"{t.text(m.step)}: {t.date(m.date)}"
        for m in sorted(record.timetable, key=lambda m: m.date)
    ]
    return RouteText(
        route="authority_to_procure",
        label=t("Authority to procure, with the award delegated"),
        rows=rows,
        statement=statement,
        extra=[t("The planned timetable is as follows.")] if steps else [],
        bullets=steps,
    )


def _authority_law(record: AuthorityToProcure, t: Words) -> str:
    """The law the procurement runs under: 'the Procurement Act 2023', or its light touch
    regime."""
    regime = record.procurement.regime
    if not record.procurement.light_touch:
        return regime_name(regime, t)
    if regime == "pa2023":
        return t("the light touch regime of the Procurement Act 2023")
    return t("the light touch regime of the Public Contracts Regulations 2015")


def _what_for(kind: str, title: str, t: Words) -> str:
    """'the Supported Living Framework' (a title that says what it is), or 'a contract for the
    Day Opportunities Service'."""
    word = {"framework": "framework", "contract": "contract"}.get(kind, "list")
    if word in title.casefold():
        return t("the {title}", title=title)
    if kind == "framework":
        return t("a framework agreement for the {title}", title=title)
    if kind == "contract":
        return t("a contract for the {title}", title=title)
    return t("an approved list for the {title}", title=title)


# ---- not awarded ----


def _not_awarded(record: NotAwarded, as_of: dt.date | None, t: Words) -> RouteText:
    proc = record.procurement
    count = len(record.bidders)
    words = fmt.count_words(count, t)
    tenders = (
        t.plural("{words} tender", "{words} tenders", count, words=words)
        if count
        else t("no tenders")
    )
    abandon = record.next_step == "abandon"
    law = regime_name(proc.regime, t)
    procedure = t.text(proc.procedure)
    statement = [
        t(
            "The Council will not award the contract for {title} (reference {reference}), "
            "procured by {procedure} under {law}. It received {tenders}.",
            title=t.text(record.title),
            reference=proc.reference,
            procedure=_lower(procedure, t),
            law=law,
            tenders=tenders,
        ),
        t("The procurement is abandoned.") if abandon else t("The procurement will be run again."),
    ]
    extra = []
    told = record.notification
    if told is not None and count:
        sent = t.date(told.send_date)
        extra.append(
            t(
                "Each tenderer is told of the decision and the reasons for it in a letter sent "
                "on {date} (regulation 55 of the Public Contracts Regulations 2015).",
                date=sent,
            )
            if proc.regime == "pcr2015"
            else t(
                "Each tenderer is told of the decision and the reasons for it in a letter sent "
                "on {date}.",
                date=sent,
            )
        )
    notice = record.termination_notice
    if notice is not None:
        ref, day = in_brackets(notice.reference, t), t.date(notice.published)
        extra.append(
            t(
                "A procurement termination notice{reference} will be published on {date}, as "
                "section 55 of the Procurement Act 2023 requires.",
                reference=ref,
                date=day,
            )
            if to_come(notice.published, as_of)
            else t(
                "A procurement termination notice{reference} was published on {date}, as "
                "section 55 of the Procurement Act 2023 requires.",
                reference=ref,
                date=day,
            )
        )
    rows = [
        (t("Route"), t("Decision not to award")),
        (t("Procurement"), t("{procedure} under {law}", procedure=_cap(procedure), law=law)),
        (t("Reference"), proc.reference),
        (t("Tenders received"), str(count)),
        (t("Next step"), t("Abandon") if abandon else t("Run the procurement again")),
    ]
    return RouteText(
        route="not_awarded",
        label=t("No contract is awarded; the procurement is abandoned")
        if abandon
        else t("No contract is awarded; it is re-run"),
        rows=rows,
        statement=statement,
        own_words_intro=t("The reasons for not awarding the contract are as follows."),
        own_words=t.text(record.reason),
        extra=extra,
    )


# ---- shared ----


def _money(council: Council, t: Words) -> Callable[[Decimal], str]:
    return lambda amount: t.money_words(fmt.money(amount, council.style.money))


def _short(ground: str) -> str:
    """'regulation 72(1)(b) of the Public Contracts Regulations 2015' (no explanation)."""
    return ground.split(" (", 1)[0]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str, t: Words) -> str:
    """'an open procedure' from 'Open procedure'; a procedure named by its initials stays
    (Welsh has no indefinite article: 'gweithdrefn agored')."""
    word = text.split(" ", 1)[0]
    lowered = text if word.isupper() else text[:1].lower() + text[1:]
    if lowered.startswith(("a ", "an ", "the ")):
        return lowered
    return fmt.with_article(lowered, t)
