"""The transparency notice of a direct award, as a readable document (Procurement Act 2023 s44;
its content is set by reg 26 of the Procurement Regulations 2024: the contracting authority, the
contract and its value, the supplier, and the direct award justification with the reasons for
relying on it). docgen does not publish it: the council publishes the notice on the central
digital platform; this is the text a person reads, checks and files with the decision.
docs/law.md §11.1. Worded in the bundle's language (the routes catalogue).
"""

from __future__ import annotations

from docgen.derive import prose
from docgen.derive.facts import build_facts
from docgen.derive.grounds_text import direct_ground
from docgen.derive.language import Words
from docgen.derive.numbering import references
from docgen.documents.common import Bundle, Prose, Row, decision_meta, require_decision
from docgen.documents.route_notice import (
    NoticePart,
    RouteNoticeContext,
    enquiries,
    notice_labels,
    reference_note,
)
from docgen.documents.route_text import authority_part, supplier_rows, term_rows
from docgen.models import DirectAward

HEADING = "Transparency notice"
"""The notice's name in English; a notice's own is worded in its language."""


def basis(nation: str, t: Words) -> str:
    """The law the notice is published under. In Wales its content is set by the Procurement
    (Wales) Regulations 2024, numbered differently (docs/law.md §11.1): the regulation's number
    is not confirmed here, so it is not printed."""
    if nation == "wales":
        return t("Procurement Act 2023, section 44; Procurement (Wales) Regulations 2024")
    return t("Procurement Act 2023, section 44; Procurement Regulations 2024, regulation 26")


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
    t = bundle.words
    notice = award.transparency_notice
    lookup = prose.lookup_from(build_facts(council, decision, award, t), references(decision, t=t))
    ground = direct_ground(award, t)
    title = t.text(award.title)
    contract_rows = [
        Row(label=t("Title"), value=title),
        Row(label=t("Procurement reference"), value=award.procurement.reference),
    ]
    if award.service_description:
        contract_rows.append(Row(label=t("Description"), value=t.text(award.service_description)))
    if award.procurement.cpv:
        contract_rows.append(Row(label=t("CPV codes"), value=", ".join(award.procurement.cpv)))
    contract_rows += term_rows(award.contract, council, t)
    justification = prose.resolve(prose.parse(t.text(award.justification)), lookup)
    no_prose = Prose(blocks=[])
    parts = [
        authority_part(council, t),
        NoticePart(title=t("The contract"), rows=contract_rows, body=no_prose),
        NoticePart(title=t("The supplier"), rows=supplier_rows(award.supplier, t), body=no_prose),
        NoticePart(
            title=t("Direct award justification"),
            rows=[Row(label=t("Justification relied on"), value=ground[:1].upper() + ground[1:])],
            body=Prose(blocks=justification),
        ),
    ]
    heading = t("Transparency notice")
    return TransparencyNoticeContext(
        meta=decision_meta(bundle, f"{t.text(decision.title)} – {heading}", heading),
        heading=heading,
        basis=basis(council.nation, t),
        title=title,
        intro=t(
            "{council} intends to award the contract below directly to {supplier}, without a "
            "competitive tendering procedure, under {ground}.",
            council=t.text(council.name),
            supplier=award.supplier.name,
            ground=ground,
        ),
        parts=parts,
        labels=notice_labels(t),
        closing=t(
            "Published on {date}{reference}, before the contract is awarded. {enquiries}",
            date=t.date(notice.published),
            reference=reference_note(notice.reference, t),
            enquiries=enquiries(council, t),
        ),
    )
