"""The notice of a change to a contract, as a readable document: the contract change notice of
the Procurement Act 2023 (s75), or the modification notice of the Public Contracts Regulations
2015 (reg 72(3), for a change under reg 72(1)(b) or (c)). It says which contract changes, with
whom, on what ground, its value before and after and its new end date. docs/law.md §11.
"""

from __future__ import annotations

from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.facts import build_facts
from docgen.derive.grounds_text import change_ground
from docgen.derive.numbering import references
from docgen.derive.route_facts import percent_of_original
from docgen.documents.common import Bundle, Prose, Row, decision_meta, require_decision
from docgen.documents.route_changes import change_notice_law, change_notice_name
from docgen.documents.route_notice import (
    NoticePart,
    RouteNoticeContext,
    enquiries,
    reference_note,
)
from docgen.documents.route_text import authority_part, supplier_rows
from docgen.models import Modification

BASES = {
    "pa2023": "Procurement Act 2023, section 75",
    "pcr2015": "Public Contracts Regulations 2015, regulation 72",
}


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
    contract = change.contract_changed

    def money(amount: Decimal) -> str:
        return fmt.money(amount, council.style.money)

    lookup = prose.lookup_from(build_facts(council, decision, change), references(decision))
    name = change_notice_name(change)
    heading = name[:1].upper() + name[1:]
    ground = change_ground(change)
    contract_rows = [
        Row(label="Title", value=contract.title),
        Row(label="Contract reference", value=contract.reference),
    ]
    if contract.ocid:
        contract_rows.append(Row(label="Notice id (ocid)", value=contract.ocid))
    contract_rows += [
        Row(label="Awarded", value=fmt.date_long(contract.awarded)),
        Row(label="Value when awarded", value=money(contract.original_value)),
        Row(label="Ends before this change", value=fmt.date_long(contract.current_end)),
    ]
    change_rows = [
        Row(label="Kind of change", value=change.change.capitalize()),
        Row(label="Legal ground", value=ground[:1].upper() + ground[1:]),
        Row(label="Value before this change", value=money(change.value_before)),
        Row(label="Value after this change", value=money(change.value_after)),
    ]
    if change.increase > 0:
        share = percent_of_original(change)
        change_rows.append(
            Row(
                label="Increase",
                value=f"{money(change.increase)} ({share} of the value when awarded)",
            )
        )
    if change.new_end is not None:
        change_rows.append(Row(label="New end date", value=fmt.date_long(change.new_end)))
    parts = [
        authority_part(council),
        NoticePart(title="The contract", rows=contract_rows, body=Prose(blocks=[])),
        NoticePart(
            title="The supplier", rows=supplier_rows(change.supplier), body=Prose(blocks=[])
        ),
        NoticePart(
            title="The change",
            rows=change_rows,
            body=Prose(blocks=prose.resolve(prose.parse(change.description), lookup)),
        ),
    ]
    verb = "extends" if change.change == "extension" else "varies"
    notice = change.change_notice
    if notice is not None:
        ref = reference_note(notice.reference)
        closing = f"Published on {fmt.date_long(notice.published)}{ref} under {change_notice_law(change)}."
    else:
        closing = f"To be published under {change_notice_law(change)}; not yet published."
    return ChangeNoticeContext(
        meta=decision_meta(bundle, f"{decision.title} – {heading}", heading),
        heading=heading,
        basis=BASES[change.regime],
        title=contract.title,
        intro=(
            f"{council.name} {verb} its contract with {change.supplier.name} for "
            f"{contract.title}, without a new procurement, under {ground}."
        ),
        parts=parts,
        closing=f"{closing} {enquiries(council)}",
    )
