"""What the paper and the decision notice say of the route to a contract, in the council's words.

A competitive award says nothing more than it always has (its paper's own prose explains it). Every
other route gets a statement built here from its record: the route, the legal ground (with the
section, paragraph or regulation it rests on) and the facts the law asks to be stated, followed by
the council's own justification or reason, as recorded. The paper prints it as a sub-section
"Procurement route" at the end of its Legal Implications (after the record's paragraphs, so no
paragraph the prose refers to moves); the decision notice prints it as "Route to contract".
Sources: docs/law.md §11 (the grounds, notices and standstill of each route).

Every sentence is worded in the document's language `t` (the routes catalogue; English by
default), whole: Welsh orders a sentence its own way. The legal grounds come from
docgen.derive.grounds_text as it words them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.contract_facts import stated_term
from docgen.derive.grounds_text import direct_ground, framework_text, ground_name
from docgen.derive.language import Words
from docgen.derive.terms import end_after
from docgen.documents.common import ENGLISH, Prose, Row
from docgen.documents.route_notice import NoticePart
from docgen.models import Council
from docgen.models.award import Award, Bidder, ContractTerms
from docgen.models.routes import CallOff, DirectAward, RouteAward


@dataclass(frozen=True)
class RouteText:
    """The statement of one route: a label, rows for a details table, plain paragraphs, and the
    council's own prose (markup, resolved by the document that prints it)."""

    route: str
    label: str
    """Short, for a title row: "Direct award: extreme and unavoidable urgency"."""
    rows: list[tuple[str, str]]
    """(label, value) for the notice's table: Route, Legal ground, Supplier …"""
    statement: list[str]
    """Whole sentences, one paragraph each, stating the route, the ground and the facts."""
    own_words_intro: str | None = None
    """The sentence introducing the council's own words: "The Council's justification is as
    follows."; None when there are none."""
    own_words: str | None = None
    """The council's justification or reason, as recorded (prose markup)."""
    extra: list[str] = field(default_factory=list)
    """Sentences after the council's words: notices and standstill."""
    bullets: list[str] = field(default_factory=list)
    """A list after the closing sentences: an authority to procure's planned timetable."""


def route_text(
    record: Award | RouteAward | None,
    council: Council,
    as_of: dt.date | None = None,
    t: Words = ENGLISH,
) -> RouteText | None:
    """The statement for a record's route; None for a competitive award (or no award). as_of is
    the day the paper speaks from (the decision date): a notice published after it "will be"."""
    if isinstance(record, CallOff):
        return _call_off(record, t)
    if isinstance(record, DirectAward):
        return _direct(record, council, as_of, t)
    if record is None or isinstance(record, Award):
        return None
    from docgen.documents import route_changes  # the routes with no supplier chosen by tender

    return route_changes.route_text(record, council, as_of, t)


def published(day: dt.date, as_of: dt.date | None) -> str:
    """ "was published on 15 January 2026", or "will be published on …" when day is after as_of."""
    verb = "will be" if as_of is not None and day > as_of else "was"
    return f"{verb} published on {fmt.date_long(day)}"


def to_come(day: dt.date, as_of: dt.date | None) -> bool:
    """Whether a notice of that day is still to be published on as_of (it "will be")."""
    return as_of is not None and day > as_of


def in_brackets(reference: str | None, t: Words) -> str:
    """' (reference TN-7)' after a notice's name; '' with no reference."""
    return t(" (reference {reference})", reference=reference) if reference else ""


def regime_name(regime: str, t: Words) -> str:
    """'the Procurement Act 2023' / 'Deddf Caffael 2023'."""
    if regime == "pa2023":
        return t("the Procurement Act 2023")
    return t("the Public Contracts Regulations 2015")


ROUTE_HEADING = "Procurement route"


def route_blocks(
    route: RouteText,
    lookup: prose.Lookup,
    numbers: Iterator[str] | None = None,
    t: Words = ENGLISH,
) -> list[prose.Block]:
    """The statement as prose: a sub-heading, then the statement, the council's own words and
    the closing sentences, numbered on from the section's own paragraphs when numbers is given
    (the paper), unnumbered when it is not (the decision notice)."""
    blocks = [prose.Block(kind="heading", runs=[prose.Run(text=t("Procurement route"))])]
    texts = list(route.statement)
    if route.own_words_intro and route.own_words:
        texts.append(route.own_words_intro)
    blocks += [_para(text, numbers) for text in texts]
    if route.own_words:
        blocks += prose.resolve(prose.parse(route.own_words), lookup, numbers)
    blocks += [_para(text, numbers) for text in route.extra]
    if route.bullets:
        items = [[prose.Run(text=text)] for text in route.bullets]
        blocks.append(prose.Block(kind="bullets", items=items))
    return blocks


def _para(text: str, numbers: Iterator[str] | None) -> prose.Block:
    number = next(numbers) if numbers is not None else None
    return prose.Block(kind="para", number=number, runs=[prose.Run(text=text)])


# ---- call-off by mini-competition ----


def _call_off(award: CallOff, t: Words) -> RouteText:
    fw = framework_text(award.framework, t)
    law = _call_off_law(award.procurement.regime, t)
    if award.lots:
        first = t(
            "The contracts are called off from {framework}, by a further competition among the "
            "framework's suppliers under its terms ({law}). The tenders were evaluated against "
            "the award criteria published for the call-off, and each supplier that took part is "
            "told the outcome.",
            framework=fw,
            law=law,
        )
    else:
        first = t(
            "The contract is called off from {framework}, by a further competition among the "
            "framework's suppliers under its terms ({law}). The tenders were evaluated against "
            "the award criteria published for the call-off, and each supplier that took part is "
            "told the outcome.",
            framework=fw,
            law=law,
        )
    rows = [
        (t("Route"), t("Call-off from a framework by further competition")),
        (t("Framework"), _cap(fw)),
        (t("Legal basis"), _cap(regime_name(award.procurement.regime, t))),
    ]
    return RouteText(
        route="call_off",
        label=t("Call-off by further competition from {framework}", framework=fw),
        rows=rows,
        statement=[first],
    )


def _call_off_law(regime: str, t: Words) -> str:
    if regime == "pa2023":
        return t("section 46 of the Procurement Act 2023")
    return t("regulation 33 of the Public Contracts Regulations 2015")


# ---- direct award ----


def _direct(award: DirectAward, council: Council, as_of: dt.date | None, t: Words) -> RouteText:
    ground = direct_ground(award, t)
    supplier = award.supplier.name
    terms = award.contract
    value = money(terms.total_value, council, t)
    term, start = _term(terms, t), t.date(terms.start)
    if award.basis == "framework":
        first = t(
            "The contract is called off directly from {supplier} under {ground}, without a "
            "further competition.",
            supplier=supplier,
            ground=ground,
        )
    else:
        first = t(
            "The contract is awarded directly to {supplier}, without a competitive tendering "
            "procedure, under {ground}.",
            supplier=supplier,
            ground=ground,
        )
    statement = [
        first,
        t(
            "The contract runs for {term} from {start}, with a value of {value} over its whole "
            "term.",
            term=term,
            start=start,
            value=value,
        ),
    ]
    extra = []
    notice = award.transparency_notice
    if notice is not None:
        ref, day = in_brackets(notice.reference, t), t.date(notice.published)
        extra.append(
            t(
                "A transparency notice{reference} will be published on {date}, before the "
                "award, as section 44 of the Procurement Act 2023 requires.",
                reference=ref,
                date=day,
            )
            if to_come(notice.published, as_of)
            else t(
                "A transparency notice{reference} was published on {date}, before the award, "
                "as section 44 of the Procurement Act 2023 requires.",
                reference=ref,
                date=day,
            )
        )
    extra += _standstill(award, t)
    rows = [
        (t("Route"), _direct_route(award, t)),
        (t("Legal ground"), _cap(ground)),
        (t("Supplier"), supplier),
        (t("Term"), t("{term} from {start}", term=term, start=start)),
        (t("Value"), t("{value} over the whole term", value=value)),
    ]
    if notice is not None:
        day = t.date(notice.published)
        rows.append(
            (
                t("Transparency notice"),
                t("To be published on {date}", date=day)
                if to_come(notice.published, as_of)
                else t("Published {date}", date=day),
            )
        )
    return RouteText(
        route="direct_award",
        label=t("Direct award: {ground}", ground=ground_name(award, t)),
        rows=rows,
        statement=statement,
        own_words_intro=t("The Council's justification for the direct award is as follows."),
        own_words=t.text(award.justification),
        extra=extra,
    )


def _direct_route(award: DirectAward, t: Words) -> str:
    if award.basis == "framework":
        return t("Call-off from a framework, without a further competition")
    if award.basis == "pcr2015_reg32":
        return t("Negotiated procedure without prior publication")
    return t("Direct award, without a competitive tendering procedure")


def _standstill(award: DirectAward, t: Words) -> list[str]:
    notice = award.notification
    if notice is None:
        return []
    if notice.standstill == "none" and award.procurement.regime == "pa2023":
        return [
            t(
                "No standstill period applies before the contract is entered into (section "
                "51(3) of the Procurement Act 2023)."
            )
        ]
    if notice.standstill == "none":
        return [t("No standstill period applies before the contract is entered into.")]
    voluntary = notice.standstill == "voluntary"
    if notice.can_published is None:
        return [
            t(
                "A voluntary standstill period of eight working days follows the contract award "
                "notice, before the contract is entered into."
            )
            if voluntary
            else t(
                "A standstill period of eight working days follows the contract award notice, "
                "before the contract is entered into."
            )
        ]
    day = t.date(notice.can_published)
    return [
        t(
            "A voluntary standstill period of eight working days follows the contract award "
            "notice, published on {date}, before the contract is entered into.",
            date=day,
        )
        if voluntary
        else t(
            "A standstill period of eight working days follows the contract award notice, "
            "published on {date}, before the contract is entered into.",
            date=day,
        )
    ]


# ---- the parts of a notice that every route's notice shares ----


def authority_part(council: Council, t: Words = ENGLISH) -> NoticePart:
    """The contracting authority: its name, address and who to ask (reg 13 of the Procurement
    Regulations 2024, "contracting authority information")."""
    head = council.letterhead
    rows = [
        Row(label=t("Name"), value=t.text(council.name)),
        Row(label=t("Address"), value=", ".join(t.texts(council.address))),
        Row(label=t("Contact"), value=t.text(head.department)),
    ]
    if head.email:
        rows.append(Row(label=t("Email"), value=head.email))
    return NoticePart(title=t("Contracting authority"), rows=rows, body=Prose(blocks=[]))


def supplier_rows(supplier: Bidder, t: Words = ENGLISH) -> list[Row]:
    """The supplier's name, address and identifiers, and whether it is an SME or a VCSE where
    the record says."""
    rows = [
        Row(label=t("Name"), value=supplier.name),
        Row(label=t("Address"), value=", ".join(t.texts(supplier.address))),
    ]
    if supplier.company_number:
        rows.append(Row(label=t("Company number"), value=supplier.company_number))
    if supplier.charity_number:
        rows.append(Row(label=t("Charity number"), value=supplier.charity_number))
    if supplier.ppon:
        rows.append(Row(label=t("PPON"), value=supplier.ppon))
    for label, flag in ((t("SME"), supplier.sme), (t("VCSE"), supplier.vcse)):
        if flag is not None:
            rows.append(Row(label=label, value=t("Yes") if flag else t("No")))
    return rows


def term_rows(terms: ContractTerms, council: Council, t: Words = ENGLISH) -> list[Row]:
    """Start, end, term and value of a contract as a notice states them."""
    end = term_end(terms.start, terms.initial_in_months)
    value = money(terms.total_value, council, t)
    rows = [
        Row(label=t("Start"), value=t.date(terms.start)),
        Row(label=t("End"), value=t.date(end)),
        Row(label=t("Term"), value=_term(terms, t)),
        Row(label=t("Value"), value=t("{value} over the whole term", value=value)),
    ]
    if terms.max_in_months != terms.initial_in_months:
        last = t.date(term_end(terms.start, terms.max_in_months))
        rows.insert(2, Row(label=t("Latest end, if extended"), value=last))
    return rows


def term_end(start: dt.date, term_months: Decimal) -> dt.date:
    """The last day of a term of months from start, to the nearest month: 24 months from
    1 February 2026 ends on 31 January 2028 (docgen.derive.terms.end_after)."""
    return end_after(start, term_months)


# ---- shared ----


def _term(terms: ContractTerms, t: Words) -> str:
    """In months where the record gives the term in months: '24 months', not '2 years'."""
    return stated_term(terms, t)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def money(amount: Decimal, council: Council, t: Words = ENGLISH) -> str:
    return t.money_words(fmt.money(amount, council.style.money))
