"""The transparency notice of a direct award, as a readable document (Procurement Act 2023 s44;
its content is set by reg 26 of the Procurement Regulations 2024: the contracting authority, the
contract and its value, the supplier, and the direct award justification with the reasons for
relying on it). docgen does not publish it: the council publishes the notice on the central
digital platform; this is the text a person reads, checks and files with the decision.
docs/law.md §11.1.
"""

from __future__ import annotations

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.facts import build_facts
from docgen.derive.grounds_text import direct_ground
from docgen.derive.numbering import references
from docgen.documents.common import Bundle, Prose, Row, decision_meta, require_decision
from docgen.documents.route_notice import (
    NoticePart,
    RouteNoticeContext,
    enquiries,
    reference_note,
)
from docgen.documents.route_text import authority_part, supplier_rows, term_rows
from docgen.models import DirectAward

HEADING = "Transparency notice"
BASIS = {
    "england": "Procurement Act 2023, section 44; Procurement Regulations 2024, regulation 26",
    "wales": "Procurement Act 2023, section 44; Procurement (Wales) Regulations 2024",
}
"""The law the notice is published under. In Wales its content is set by the Procurement
(Wales) Regulations 2024, numbered differently (docs/law.md §11.1): the regulation's number is
not confirmed here, so it is not printed."""


class TransparencyNoticeContext(RouteNoticeContext):
    """Everything the transparency notice templates (Word and Typst) may use."""


def made_for(bundle: Bundle) -> bool:
    """A decision on a direct award whose record gives its transparency notice."""
    route = bundle.route
    return isinstance(route, DirectAward) and route.transparency_notice is not None


def build(bundle: Bundle) -> TransparencyNoticeContext:
    decision, council = require_decision(bundle, "a transparency notice")
    award = bundle.route
    if not isinstance(award, DirectAward) or award.transparency_notice is None:
        raise ValueError(f"decision {decision.id} names no direct award with a transparency notice")
    notice = award.transparency_notice
    lookup = prose.lookup_from(build_facts(council, decision, award), references(decision))
    ground = direct_ground(award)
    contract_rows = [
        Row(label="Title", value=award.title),
        Row(label="Procurement reference", value=award.procurement.reference),
    ]
    if award.service_description:
        contract_rows.append(Row(label="Description", value=award.service_description))
    if award.procurement.cpv:
        contract_rows.append(Row(label="CPV codes", value=", ".join(award.procurement.cpv)))
    contract_rows += term_rows(award.contract, council)
    justification = prose.resolve(prose.parse(award.justification), lookup)
    parts = [
        authority_part(council),
        NoticePart(title="The contract", rows=contract_rows, body=Prose(blocks=[])),
        NoticePart(title="The supplier", rows=supplier_rows(award.supplier), body=Prose(blocks=[])),
        NoticePart(
            title="Direct award justification",
            rows=[Row(label="Justification relied on", value=ground[:1].upper() + ground[1:])],
            body=Prose(blocks=justification),
        ),
    ]
    ref = reference_note(notice.reference)
    return TransparencyNoticeContext(
        meta=decision_meta(bundle, f"{decision.title} – {HEADING}", HEADING),
        heading=HEADING,
        basis=BASIS[council.nation],
        title=award.title,
        intro=(
            f"{council.name} intends to award the contract below directly to "
            f"{award.supplier.name}, without a competitive tendering procedure, under {ground}."
        ),
        parts=parts,
        closing=(
            f"Published on {fmt.date_long(notice.published)}{ref}, before the contract is "
            f"awarded. {enquiries(council)}"
        ),
    )
