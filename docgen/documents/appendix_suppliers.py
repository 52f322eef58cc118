"""Appendix A: the suppliers appointed to each Lot (and sub-category), one table per Lot.

A council may name its preferred suppliers only after standstill: the decision's record then
marks the appendix exempt, and it is built only as an exempt edition (into <decision>/exempt/,
marked NOT FOR PUBLICATION on every page), with the notice of appendix_notice.py in its place in
the public folder (docgen/documents/exemption.py decides; docs/law.md §4).
"""

from __future__ import annotations

from docgen.derive import formatting as fmt
from docgen.derive.formatting import ENGLISH
from docgen.derive.language import Words
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


class SuppliersLabels(Context):
    """The fixed words the Appendix A templates print, in the appendix's language."""

    public_interest_test: str
    """The run before the public interest test in the exempt box: "Public interest test." /
    "Prawf budd y cyhoedd."."""
    summary: str
    """The summary's heading and its table's caption: "Summary" / "Crynodeb"."""
    summary_description: str
    """The summary table's description (alt text): "The number of suppliers appointed to each
    Lot"."""
    lot: str
    """The summary's first column heading: "Lot"."""
    title: str
    """The summary's second column heading: "Title" / "Teitl"."""
    suppliers_appointed: str
    """The summary's third column heading: "Suppliers appointed" / "Cyflenwyr a benodwyd"."""
    number: str
    """A Lot table's first column heading: "No." / "Rhif"."""
    supplier: str
    """A Lot table's second column heading: "Supplier" / "Cyflenwr"."""
    company_number: str
    """A Lot table's third column heading: "Company number" / "Rhif cwmni"."""
    registered_address: str
    """A Lot table's fourth column heading: "Registered address" / "Cyfeiriad cofrestredig"."""
    table_description: str
    """A Lot table's description (alt text): "Suppliers appointed, in order of evaluation
    ranking"."""


def supplier_labels(t: Words) -> SuppliersLabels:
    return SuppliersLabels(
        public_interest_test=t("Public interest test."),
        summary=t("Summary"),
        summary_description=t("The number of suppliers appointed to each Lot"),
        lot=t("Lot"),
        title=t("Title"),
        suppliers_appointed=t("Suppliers appointed"),
        number=t("No."),
        supplier=t("Supplier"),
        company_number=t("Company number"),
        registered_address=t("Registered address"),
        table_description=t("Suppliers appointed, in order of evaluation ranking"),
    )


class AppendixSuppliersContext(Context):
    """Everything the Appendix A templates (Word and Typst) may use."""

    meta: Meta
    """Title, status, date, record hash and footer (an exempt edition's starts "NOT FOR
    PUBLICATION · ")."""
    labels: SuppliersLabels
    """The fixed words the templates print (headings, column headings), in the appendix's
    language."""
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
    t = bundle.words
    position = next(i for i, a in enumerate(decision.appendices, 1) if a.source == SOURCE)
    letter = appendix_letter(position)
    if award.lots:
        heading = t("Appendix {letter}: Suppliers appointed to each Lot", letter=letter)
    else:
        heading = t("Appendix {letter}: The recommended supplier", letter=letter)
    nation = bundle.council.nation
    why = source_exemption(decision, SOURCE, nation, t)
    all_units = units(award)
    return AppendixSuppliersContext(
        meta=appendix_meta(bundle, letter, heading, "public" if why is None else "exempt"),
        labels=supplier_labels(t),
        letter=letter,
        marking=None if why is None else marking(why, nation, t),
        public_interest=None if why is None else t.text(why.public_interest),
        heading=heading,
        subtitle=appendix_subtitle(bundle),
        intro=_intro(
            t.text(award.title),
            award.contract.kind,
            len(award.lots),
            t.date(award.contract.start),
            t,
        )
        + _ranked(all_units, award.lot_cap, t),
        summary=[_summary(u, t) for u in all_units] if award.lots else [],
        tables=[table for u in all_units for table in _tables(u, t)],
    )


def _intro(title: str, kind: str, lot_count: int, start: str, t: Words = ENGLISH) -> str:
    what = {
        "framework": t("framework"),
        "contract": t("contract"),
        "approved_list": t("approved list"),
    }[kind]
    named = fmt.titled(title, what, t)  # never "… Cleansing Contract contract"
    if lot_count == 0:
        return t(
            "The supplier below is recommended for the award of the {named} from {start}.",
            named=named,
            start=start,
        )
    return t(
        "The suppliers below are recommended for appointment to the {named} from {start}, in "
        "the order of their evaluation ranking within each Lot. There are {count} Lots.",
        named=named,
        start=start,
        count=fmt.count_words(lot_count, t),
    )


def _ranked(all_units: list[Unit], cap: LotCap | None, t: Words = ENGLISH) -> str:
    """What a ranked Lot's order means, and the cap on Lots per supplier (docs/law.md §6.2,
    §6.3); '' for an award with neither."""
    ranked = [u for u in all_units if u.appointment and u.appointment.method == "ranked"]
    text = ""
    if ranked and len(ranked) == len(all_units):
        text += " " + t(
            "In each Lot, the first supplier listed is the prime supplier, offered each call-off "
            "first; the others are its reserve suppliers, numbered 1, 2 … in the order listed, "
            "who are offered a call-off in turn when the suppliers before them cannot take it."
        )
    elif ranked:
        text += " " + t(
            "In each ranked Lot, the first supplier listed is the prime supplier, offered each "
            "call-off first; the others are its reserve suppliers, numbered 1, 2 … in the order "
            "listed, who are offered a call-off in turn when the suppliers before them cannot "
            "take it."
        )
    if cap is not None:
        most = cap.max_lots_per_supplier
        if cap.keeps == "council_order":
            how = t("the Lots were filled in the Council's stated order of preference")
        else:
            how = t("a supplier keeps the Lots in which it ranks highest")
        words = fmt.count_words(most, t)  # computed first: Babel reads t.plural's own arguments
        text += " " + t.plural(
            "As the tender documents stated, no supplier is appointed to more than {words} Lot: "
            "where a supplier would have won more, {how}, and the next-ranked tender takes its "
            "place.",
            "As the tender documents stated, no supplier is appointed to more than {words} Lots: "
            "where a supplier would have won more, {how}, and the next-ranked tender takes its "
            "place.",
            most,
            words=words,
            how=how,
        )
    return text


def unit_caption(unit: Unit, t: Words = ENGLISH) -> str:
    """'Lot 2: Reablement' (Unit.name) in `t`'s language; the contract's title without Lots."""
    if unit.lot is None:
        return t.text(unit.award.title)
    return t("Lot {number}: {title}", number=unit.lot.number, title=t.text(unit.lot.title))


def _summary(unit: Unit, t: Words) -> SummaryRow:
    count = t("Cancelled") if unit.is_cancelled else str(len(unit.appointed))
    return SummaryRow(
        lot=t("Lot {number}", number=unit.number) if unit.number else "–",
        title=t.text(unit.title),
        appointed=count,
    )


def cancelled_note(unit: Unit, t: Words = ENGLISH) -> str:
    """'This Lot was cancelled. <reason>'."""
    reason = t.text(unit.lot.cancelled_reason if unit.lot else None)
    return t("This Lot was cancelled. {reason}", reason=reason).strip()


def _tables(unit: Unit, t: Words) -> list[SupplierTable]:
    name = unit_caption(unit, t)
    if unit.is_cancelled:
        return [SupplierTable(caption=name, note=cancelled_note(unit, t), rows=[])]
    if unit.lot and unit.lot.sub_categories:
        return [
            _table(
                t(
                    "{lot} – Sub-category {code}: {title}",
                    lot=name,
                    code=sub.code,
                    title=t.text(sub.title),
                ),
                unit.appointed_in(sub.code),
                t,
            )
            for sub in unit.lot.sub_categories
        ]
    area = unit.lot.area if unit.lot else None
    return [_table(name + (f" ({t.text(area)})" if area else ""), unit.appointed, t)]


def _table(caption: str, bids: list[ScoredBid], t: Words) -> SupplierTable:
    rows = [
        SupplierRow(
            number=n,
            name=t.text(s.bidder.name),
            company_number=s.bidder.company_number or "–",
            address=", ".join(t.texts(s.bidder.address)),
        )
        for n, s in enumerate(bids, start=1)
    ]
    note = None if rows else t("No supplier is appointed to this Lot.")
    return SupplierTable(caption=caption, note=note, rows=rows)
