"""Appendix A: the suppliers appointed to each Lot (and sub-category), one table per Lot.

A council may name its preferred suppliers only after standstill: the decision's record then
marks the appendix exempt, and it is built only as an exempt edition (into <decision>/exempt/,
marked NOT FOR PUBLICATION on every page), with the notice of appendix_notice.py in its place in
the public folder (docgen/documents/exemption.py decides; docs/law.md §4).
"""

from __future__ import annotations

from docgen.derive import formatting as fmt
from docgen.derive.numbering import appendix_letter
from docgen.derive.units import ScoredBid, Unit, units
from docgen.documents.appendix_notice import appendix_meta, appendix_subtitle
from docgen.documents.common import Bundle, Context, Meta
from docgen.documents.exemption import marking, source_exemption
from docgen.models.evaluation import LotCap

SOURCE = "award_suppliers"


class SupplierRow(Context):
    """One appointed supplier in a Lot's table."""

    number: int
    """Its place in the table, 1, 2, 3 … (the order of evaluation ranking)."""
    name: str
    """The supplier's name: "Cwmni Gofalwyr Glan-yr-Afon Cyf"."""
    company_number: str
    """Its Companies House number, "09876543"; "–" when the record has none (a number not
    recorded is never printed as "not registered")."""
    address: str
    """Its registered address on one line, parts joined by ", "."""


class SupplierTable(Context):
    """The suppliers appointed to one Lot, or to one sub-category of a Lot."""

    caption: str
    """The table's heading (and alt-text title): "Lot 2: Reablement (North)", "Lot 1: Day
    services – Sub-category 1a: Older people"; the contract's title when there are no Lots."""
    note: str | None
    """Why the table has no rows: "This Lot was cancelled. <reason>" or "No supplier is appointed
    to this Lot."; None when it has rows."""
    rows: list[SupplierRow]
    """The appointed suppliers in ranking order; empty for a cancelled Lot or one with no
    supplier appointed (the table is then left out and only the note shown)."""


class SummaryRow(Context):
    """One Lot in the summary table."""

    lot: str
    """The Lot's number as printed: "Lot 1"."""
    title: str
    """The Lot's title: "Reablement"."""
    appointed: str
    """How many suppliers were appointed, as digits ("3"), or "Cancelled"."""


class AppendixSuppliersContext(Context):
    """Everything the Appendix A templates (Word and Typst) may use."""

    meta: Meta
    """Title, status, date, record hash and footer (an exempt edition's starts "NOT FOR
    PUBLICATION · ")."""
    letter: str
    """The appendix's letter, as the paper lists it: "A"."""
    marking: str | None
    """The exempt edition's marking, for every page's header and the box under the title: "NOT
    FOR PUBLICATION by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local Government
    Act 1972"; None for the public edition (the record does not mark the appendix exempt)."""
    public_interest: str | None
    """The exempt edition's public interest test: why keeping the appendix exempt outweighs
    disclosing it; None for the public edition."""
    heading: str
    """The appendix's heading: "Appendix A: Suppliers appointed to each Lot", or "Appendix A: The
    recommended supplier" for a contract without Lots."""
    subtitle: str
    """The decision, its maker and date: "Carers Support Service – Contract Award: Director of
    Social Services, 10 March 2026"."""
    intro: str
    """The opening paragraph: what is awarded, from when, and (with Lots) how many Lots."""
    summary: list[SummaryRow]
    """One row per Lot; empty for a contract without Lots (no summary table is shown)."""
    tables: list[SupplierTable]
    """One table per Lot, or per sub-category of a Lot that has them; one table for a contract
    without Lots."""


def build(bundle: Bundle) -> AppendixSuppliersContext:
    """Appendix A: the exempt edition when the decision's record marks it exempt, else public."""
    decision, award = bundle.decision, bundle.award
    if decision is None or award is None:
        raise ValueError("Appendix A needs a decision and its award")
    position = next(i for i, a in enumerate(decision.appendices, 1) if a.source == SOURCE)
    letter = appendix_letter(position)
    heading = f"Appendix {letter}: " + (
        "Suppliers appointed to each Lot" if award.lots else "The recommended supplier"
    )
    nation = bundle.council.nation
    why = source_exemption(decision, SOURCE, nation)
    all_units = units(award)
    return AppendixSuppliersContext(
        meta=appendix_meta(bundle, letter, heading, "public" if why is None else "exempt"),
        letter=letter,
        marking=None if why is None else marking(why, nation),
        public_interest=None if why is None else why.public_interest,
        heading=heading,
        subtitle=appendix_subtitle(bundle),
        intro=_intro(
            award.title, award.contract.kind, len(award.lots), fmt.date_long(award.contract.start)
        )
        + _ranked(all_units, award.lot_cap),
        summary=[_summary(u) for u in all_units] if award.lots else [],
        tables=[t for u in all_units for t in _tables(u)],
    )


def _intro(title: str, kind: str, lot_count: int, start: str) -> str:
    what = {"framework": "framework", "contract": "contract", "approved_list": "approved list"}[
        kind
    ]
    named = fmt.titled(title, what)  # never "… Cleansing Contract contract"
    if lot_count == 0:
        return f"The supplier below is recommended for the award of the {named} from {start}."
    return (
        f"The suppliers below are recommended for appointment to the {named} from {start}, "
        f"in the order of their evaluation ranking within each Lot. There are {fmt.count_words(lot_count)} Lots."
    )


def _ranked(all_units: list[Unit], cap: LotCap | None) -> str:
    """What a ranked Lot's order means, and the cap on Lots per supplier (docs/law.md §6.2,
    §6.3); '' for an award with neither."""
    ranked = [u for u in all_units if u.appointment and u.appointment.method == "ranked"]
    text = ""
    if ranked:
        where = "each Lot" if len(ranked) == len(all_units) else "each ranked Lot"
        text += (
            f" In {where}, the first supplier listed is the prime supplier, offered each call-off "
            "first; the others are its reserve suppliers, numbered 1, 2 … in the order listed, "
            "who are offered a call-off in turn when the suppliers before them cannot take it."
        )
    if cap is not None:
        most = cap.max_lots_per_supplier
        how = (
            "the Lots were filled in the Council's stated order of preference"
            if cap.keeps == "council_order"
            else "a supplier keeps the Lots in which it ranks highest"
        )
        text += (
            f" As the tender documents stated, no supplier is appointed to more than "
            f"{fmt.count_words(most)} {fmt.noun(most, 'Lot')}: where a supplier would have won "
            f"more, {how}, and the next-ranked tender takes its place."
        )
    return text


def _summary(unit: Unit) -> SummaryRow:
    count = "Cancelled" if unit.is_cancelled else str(len(unit.appointed))
    return SummaryRow(
        lot=f"Lot {unit.number}" if unit.number else "–", title=unit.title, appointed=count
    )


def _tables(unit: Unit) -> list[SupplierTable]:
    if unit.is_cancelled:
        reason = unit.lot.cancelled_reason if unit.lot else None
        return [
            SupplierTable(
                caption=unit.name, note=f"This Lot was cancelled. {reason or ''}".strip(), rows=[]
            )
        ]
    if unit.lot and unit.lot.sub_categories:
        return [
            _table(
                f"{unit.name} – Sub-category {sub.code}: {sub.title}", unit.appointed_in(sub.code)
            )
            for sub in unit.lot.sub_categories
        ]
    area = unit.lot.area if unit.lot else None
    return [_table(unit.name + (f" ({area})" if area else ""), unit.appointed)]


def _table(caption: str, bids: list[ScoredBid]) -> SupplierTable:
    rows = [
        SupplierRow(
            number=n,
            name=s.bidder.name,
            company_number=s.bidder.company_number or "–",
            address=", ".join(s.bidder.address),
        )
        for n, s in enumerate(bids, start=1)
    ]
    note = None if rows else "No supplier is appointed to this Lot."
    return SupplierTable(caption=caption, note=note, rows=rows)
