"""What the paper and the decision notice say of the route to a contract, in the council's words.

A competitive award says nothing more than it always has (its paper's own prose explains it). Every
other route gets a statement built here from its record: the route, the legal ground (with the
section, paragraph or regulation it rests on) and the facts the law asks to be stated, followed by
the council's own justification or reason, as recorded. The paper prints it as a sub-section
"Procurement route" at the end of its Legal Implications (after the record's paragraphs, so no
paragraph the prose refers to moves); the decision notice prints it as "Route to contract".
Sources: docs/law.md §11 (the grounds, notices and standstill of each route).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.contract_facts import stated_term
from docgen.derive.grounds_text import REGIMES, direct_ground, framework_text, ground_name
from docgen.derive.terms import end_after
from docgen.documents.common import Prose, Row
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
    record: Award | RouteAward | None, council: Council, as_of: dt.date | None = None
) -> RouteText | None:
    """The statement for a record's route; None for a competitive award (or no award). as_of is
    the day the paper speaks from (the decision date): a notice published after it "will be"."""
    if isinstance(record, CallOff):
        return _call_off(record, council)
    if isinstance(record, DirectAward):
        return _direct(record, council, as_of)
    if record is None or isinstance(record, Award):
        return None
    from docgen.documents import route_changes  # the routes with no supplier chosen by tender

    return route_changes.route_text(record, council, as_of)


def published(day: dt.date, as_of: dt.date | None) -> str:
    """ "was published on 15 January 2026", or "will be published on …" when day is after as_of."""
    verb = "will be" if as_of is not None and day > as_of else "was"
    return f"{verb} published on {fmt.date_long(day)}"


ROUTE_HEADING = "Procurement route"


def route_blocks(
    route: RouteText, lookup: prose.Lookup, numbers: Iterator[str] | None = None
) -> list[prose.Block]:
    """The statement as prose: a sub-heading, then the statement, the council's own words and
    the closing sentences, numbered on from the section's own paragraphs when numbers is given
    (the paper), unnumbered when it is not (the decision notice)."""
    blocks = [prose.Block(kind="heading", runs=[prose.Run(text=ROUTE_HEADING)])]
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


def _call_off(award: CallOff, council: Council) -> RouteText:
    fw = framework_text(award.framework)
    regime = REGIMES[award.procurement.regime]
    statement = [
        f"{'The contracts are' if award.lots else 'The contract is'} called off from {fw}, by a "
        "further competition among the framework's suppliers under its terms "
        f"({_call_off_law(award.procurement.regime)}). The tenders were evaluated against the "
        "award criteria published for the call-off, and each supplier that took part is told "
        "the outcome.",
    ]
    rows = [
        ("Route", "Call-off from a framework by further competition"),
        ("Framework", _cap(fw)),
        ("Legal basis", _cap(regime)),
    ]
    return RouteText(
        route="call_off",
        label=f"Call-off by further competition from {fw}",
        rows=rows,
        statement=statement,
    )


def _call_off_law(regime: str) -> str:
    if regime == "pa2023":
        return "section 46 of the Procurement Act 2023"
    return "regulation 33 of the Public Contracts Regulations 2015"


# ---- direct award ----


def _direct(award: DirectAward, council: Council, as_of: dt.date | None) -> RouteText:
    ground = direct_ground(award)
    supplier = award.supplier.name
    terms = award.contract
    value = fmt.money(terms.total_value, council.style.money)
    first = (
        f"The contract is awarded directly to {supplier}, without a competitive tendering "
        f"procedure, under {ground}."
    )
    if award.basis == "framework":
        first = (
            f"The contract is called off directly from {supplier} under {ground}, without a "
            "further competition."
        )
    statement = [
        first,
        f"The contract runs for {_term(terms)} from {fmt.date_long(terms.start)}, with a value "
        f"of {value} over its whole term.",
    ]
    extra = []
    notice = award.transparency_notice
    if notice is not None:
        ref = f" (reference {notice.reference})" if notice.reference else ""
        extra.append(
            f"A transparency notice{ref} {published(notice.published, as_of)}, "
            "before the award, as section 44 of the Procurement Act 2023 requires."
        )
    extra += _standstill(award)
    rows = [
        ("Route", _direct_route(award)),
        ("Legal ground", _cap(ground)),
        ("Supplier", supplier),
        ("Term", f"{_term(terms)} from {fmt.date_long(terms.start)}"),
        ("Value", f"{value} over the whole term"),
    ]
    if notice is not None:
        to_come = as_of is not None and notice.published > as_of
        day = fmt.date_long(notice.published)
        rows.append(
            ("Transparency notice", f"To be published on {day}" if to_come else f"Published {day}")
        )
    return RouteText(
        route="direct_award",
        label=f"Direct award: {ground_name(award)}",
        rows=rows,
        statement=statement,
        own_words_intro="The Council's justification for the direct award is as follows.",
        own_words=award.justification,
        extra=extra,
    )


def _direct_route(award: DirectAward) -> str:
    if award.basis == "framework":
        return "Call-off from a framework, without a further competition"
    if award.basis == "pcr2015_reg32":
        return "Negotiated procedure without prior publication"
    return "Direct award, without a competitive tendering procedure"


def _standstill(award: DirectAward) -> list[str]:
    notice = award.notification
    if notice is None:
        return []
    if notice.standstill == "none":
        return [
            "No standstill period applies before the contract is entered into (section 51(3) of "
            "the Procurement Act 2023)."
            if award.procurement.regime == "pa2023"
            else "No standstill period applies before the contract is entered into."
        ]
    kind = "A voluntary" if notice.standstill == "voluntary" else "A"
    when = f", published on {fmt.date_long(notice.can_published)}" if notice.can_published else ""
    return [
        f"{kind} standstill period of eight working days follows the contract award "
        f"notice{when}, before the contract is entered into."
    ]


# ---- the parts of a notice that every route's notice shares ----


def authority_part(council: Council) -> NoticePart:
    """The contracting authority: its name, address and who to ask (reg 13 of the Procurement
    Regulations 2024, "contracting authority information")."""
    head = council.letterhead
    rows = [
        Row(label="Name", value=council.name),
        Row(label="Address", value=", ".join(council.address)),
        Row(label="Contact", value=head.department),
    ]
    if head.email:
        rows.append(Row(label="Email", value=head.email))
    return NoticePart(title="Contracting authority", rows=rows, body=Prose(blocks=[]))


def supplier_rows(supplier: Bidder) -> list[Row]:
    """The supplier's name, address and identifiers, and whether it is an SME or a VCSE where
    the record says."""
    rows = [
        Row(label="Name", value=supplier.name),
        Row(label="Address", value=", ".join(supplier.address)),
    ]
    if supplier.company_number:
        rows.append(Row(label="Company number", value=supplier.company_number))
    if supplier.charity_number:
        rows.append(Row(label="Charity number", value=supplier.charity_number))
    if supplier.ppon:
        rows.append(Row(label="PPON", value=supplier.ppon))
    for label, flag in (("SME", supplier.sme), ("VCSE", supplier.vcse)):
        if flag is not None:
            rows.append(Row(label=label, value="Yes" if flag else "No"))
    return rows


def term_rows(terms: ContractTerms, council: Council) -> list[Row]:
    """Start, end, term and value of a contract as a notice states them."""
    end = term_end(terms.start, terms.initial_in_months)
    rows = [
        Row(label="Start", value=fmt.date_long(terms.start)),
        Row(label="End", value=fmt.date_long(end)),
        Row(label="Term", value=_term(terms)),
        Row(label="Value", value=f"{money(terms.total_value, council)} over the whole term"),
    ]
    if terms.max_in_months != terms.initial_in_months:
        last = fmt.date_long(term_end(terms.start, terms.max_in_months))
        rows.insert(2, Row(label="Latest end, if extended", value=last))
    return rows


def term_end(start: dt.date, term_months: Decimal) -> dt.date:
    """The last day of a term of months from start, to the nearest month: 24 months from
    1 February 2026 ends on 31 January 2028 (docgen.derive.terms.end_after)."""
    return end_after(start, term_months)


# ---- shared ----


def _term(terms: ContractTerms) -> str:
    """In months where the record gives the term in months: '24 months', not '2 years'."""
    return stated_term(terms)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def money(amount: Decimal, council: Council) -> str:
    return fmt.money(amount, council.style.money)
