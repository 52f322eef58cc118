"""The notice of a change to a contract, as a readable document: the contract change notice of
the Procurement Act 2023 (s75), or the modification notice of the Public Contracts Regulations
2015 (reg 72(3), for a change under reg 72(1)(b) or (c)). It says which contract changes, with
whom, on what ground, its value before and after and its new end date. docs/law.md §11.
Worded in the bundle's language (the routes catalogue).
"""

from __future__ import annotations

from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.facts import build_facts
from docgen.derive.grounds_text import change_ground
from docgen.derive.language import Words
from docgen.derive.numbering import references
from docgen.derive.route_facts import percent_of_original
from docgen.documents.common import Bundle, Prose, Row, decision_meta, require_decision
from docgen.documents.route_changes import change_notice_law, change_notice_name
from docgen.documents.route_notice import (
    NoticePart,
    RouteNoticeContext,
    enquiries,
    notice_labels,
    reference_note,
)
from docgen.documents.route_text import authority_part, supplier_rows
from docgen.models import Modification


def basis(regime: str, t: Words) -> str:
    """The law the notice is published under."""
    if regime == "pa2023":
        return t("Procurement Act 2023, section 75")
    return t("Public Contracts Regulations 2015, regulation 72")


class ChangeNoticeContext(RouteNoticeContext):
    """Everything the contract change notice templates (Word and Typst) may use."""


def made_for(bundle: Bundle) -> bool:
    """A decision on a modification whose record gives its notice, or that the law asks one of."""
    route = bundle.route
    return isinstance(route, Modification) and (
        route.change_notice is not None or route.needs_notice
    )


def build(bundle: Bundle) -> ChangeNoticeContext:
    decision, council = require_decision(bundle, "a contract change notice")
    change = bundle.route
    if not isinstance(change, Modification):
        raise ValueError(f"decision {decision.id} names no modification")
    t = bundle.words
    contract = change.contract_changed

    def money(amount: Decimal) -> str:
        return t.money_words(fmt.money(amount, council.style.money))

    lookup = prose.lookup_from(build_facts(council, decision, change, t), references(decision, t=t))
    name = change_notice_name(change, t)
    heading = name[:1].upper() + name[1:]
    ground = change_ground(change, t)
    title = t.text(contract.title)
    contract_rows = [
        Row(label=t("Title"), value=title),
        Row(label=t("Contract reference"), value=contract.reference),
    ]
    if contract.ocid:
        contract_rows.append(Row(label=t("Notice id (ocid)"), value=contract.ocid))
    contract_rows += [
        Row(label=t("Awarded"), value=t.date(contract.awarded)),
        Row(label=t("Value when awarded"), value=money(contract.original_value)),
        Row(label=t("Ends before this change"), value=t.date(contract.current_end)),
    ]
    change_rows = [
        Row(label=t("Kind of change"), value=_kind(change, t)),
        Row(label=t("Legal ground"), value=ground[:1].upper() + ground[1:]),
        Row(label=t("Value before this change"), value=money(change.value_before)),
        Row(label=t("Value after this change"), value=money(change.value_after)),
    ]
    if change.increase > 0:
        increase = t(
            "{increase} ({share} of the value when awarded)",
            increase=money(change.increase),
            share=percent_of_original(change, t),
        )
        change_rows.append(Row(label=t("Increase"), value=increase))
    if change.new_end is not None:
        change_rows.append(Row(label=t("New end date"), value=t.date(change.new_end)))
    no_prose = Prose(blocks=[])
    description = prose.resolve(prose.parse(t.text(change.description)), lookup)
    parts = [
        authority_part(council, t),
        NoticePart(title=t("The contract"), rows=contract_rows, body=no_prose),
        NoticePart(title=t("The supplier"), rows=supplier_rows(change.supplier, t), body=no_prose),
        NoticePart(title=t("The change"), rows=change_rows, body=Prose(blocks=description)),
    ]
    return ChangeNoticeContext(
        meta=decision_meta(bundle, f"{t.text(decision.title)} – {heading}", heading),
        heading=heading,
        basis=basis(change.regime, t),
        title=title,
        intro=_intro(change, t.text(council.name), title, ground, t),
        parts=parts,
        labels=notice_labels(t),
        closing=f"{_published(change, t)} {enquiries(council, t)}",
    )


def _kind(change: Modification, t: Words) -> str:
    """The kind of change, as the record names it: "Extension", "Variation"."""
    return t("Extension") if change.change == "extension" else t("Variation")


def _intro(change: Modification, council: str, title: str, ground: str, t: Words) -> str:
    values = {
        "council": council,
        "supplier": change.supplier.name,
        "title": title,
        "ground": ground,
    }
    if change.change == "extension":
        return t(
            "{council} extends its contract with {supplier} for {title}, without a new "
            "procurement, under {ground}.",
            **values,
        )
    return t(
        "{council} varies its contract with {supplier} for {title}, without a new procurement, "
        "under {ground}.",
        **values,
    )


def _published(change: Modification, t: Words) -> str:
    law = change_notice_law(change, t)
    notice = change.change_notice
    if notice is None:
        return t("To be published under {law}; not yet published.", law=law)
    return t(
        "Published on {date}{reference} under {law}.",
        date=t.date(notice.published),
        reference=reference_note(notice.reference, t),
        law=law,
    )
