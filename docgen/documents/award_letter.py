"""The award letter: one per bidder per Lot, under PCR 2015 reg 86 or the Procurement Act 2023.

The context is built so that it cannot leak: it holds this bidder's bid and the appointed bids of
the Lot, and nothing about any other bidder. Work shared by every letter of an award
(:class:`AwardFacts`) or of a Lot (:class:`LotFacts`) is done once. The wording lives in
:mod:`docgen.documents.letter_wording`; templates only lay the context out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from docgen.derive import formatting as fmt
from docgen.derive.timing import Standstill, act_standstill, pcr_standstill
from docgen.derive.units import ScoredBid, Unit
from docgen.documents import letter_wording as words
from docgen.documents.common import Bundle, Context, Meta, Row, score_columns, with_buyer
from docgen.models import Award, Council
from docgen.models.council import Officer

Outcome = Literal["appointed", "unsuccessful", "excluded", "cancelled"]
STATUS = "Private and confidential"


class Section(Context):
    """A headed part of the letter after the tables."""

    heading: str
    """The part's heading: "Reasons for the decision", "Standstill period" or "Next steps"."""
    paragraphs: list[str]
    """The part's paragraphs, each plain text."""


class CriterionRow(Context):
    """One award criterion with this bidder's score."""

    code: str
    """The criterion's code: "C1", "C2" …"""
    name: str
    """The criterion's name: "Quality of the service model"."""
    weight: str
    """Its weight, the most it can score, as printed: "50", "12.5"."""
    score: str
    """This bidder's score for it, printed to the same decimals as every score of the Lot."""


class AppointedRow(Context):
    """A successful tenderer's scores (PCR 2015 letters)."""

    name: str
    """The tenderer's name."""
    scores: list[str]
    """Its score for each criterion, in the order of `criterion_codes`."""
    total: str
    """Its total score: "87.5"."""


class Supplier(Context):
    """A successful supplier as the Procurement Act assessment summary names it (reg 31(2))."""

    name: str
    """The supplier's name."""
    address: str
    """Its address on one line, parts joined by ", "."""
    email: str
    """Its contact email; "not given" when the record has none."""
    identifier: str
    """How it is identified: "Company number 09876543"; empty when the record has no number (a
    number not recorded is left out, never stated as "not registered"), and the row is left out."""


class Letterhead(Context):
    """The council's letterhead."""

    council_name: str
    """The council's full name."""
    department: str
    """The sending department: "Social Services – Commissioning and Contracts"."""
    lines: list[str]
    """The address lines, then phone, email and website (those given), one a line."""


class Signatory(Context):
    """Who signs the letter."""

    name: str
    """The officer's name: "Dafydd Ellis"."""
    title: str
    """The officer's job title: "Commissioning Manager (Carers and Prevention)"."""
    department: str
    """The letterhead's department."""
    council_name: str
    """The council's full name."""


class AwardLetterContext(Context):
    """Everything the award letter templates (Word and Typst) may use."""

    meta: Meta
    """Title, status ("Private and confidential"), the date it is sent, record hash, footer."""
    outcome: Outcome
    """This bidder's outcome: "appointed", "unsuccessful", "excluded" or "cancelled" (the Lot)."""
    is_pcr: bool
    """True under the Public Contracts Regulations 2015 (a reg 86 notice)."""
    is_act: bool
    """True under the Procurement Act 2023 (an assessment summary): the opposite of `is_pcr`."""
    is_appointed: bool
    """True when `outcome` is "appointed"."""
    is_unsuccessful: bool
    """True when `outcome` is "unsuccessful"."""
    is_excluded: bool
    """True when `outcome` is "excluded"."""
    is_cancelled: bool
    """True when `outcome` is "cancelled"."""
    has_standstill: bool
    """True when the letter states a standstill: the award has one and the Lot is not cancelled."""
    is_voluntary_standstill: bool
    """True when the award's standstill is voluntary rather than required by law."""
    has_scores: bool
    """True when it shows this bidder's `criteria` and `total_score`: appointed or unsuccessful."""
    has_appointed_scores: bool
    """True when the letter shows the successful tenderers' scores (`appointed`): PCR 2015
    letters to scored bidders, when someone was appointed."""
    has_appointed_list: bool
    """True when the letter names the successful tenderers only (`appointed_names`): PCR 2015
    letters to excluded bidders."""
    has_winner_details: bool
    """True when the letter gives each successful supplier's details (`winners`): Procurement Act
    letters to unsuccessful and excluded bidders."""
    letterhead: Letterhead
    """The council's name, department and contact lines, top right."""
    reference_rows: list[Row]
    """The references beside the address: "Our reference" ("GYA-SS-2025-118/Lot 2"), "Date"
    ("12 March 2026"), "Please ask for", and "Email" when known."""
    addressee: list[str]
    """The address block, one line each: the contact's name, the bidder's name, its address."""
    delivery: str
    """Sent "By email to <address>"; empty when the bidder gave no email (it goes by post)."""
    salutation: str
    """The greeting, "Dear Siân Llewelyn", without a comma."""
    subject: str
    """The subject line: "Carers Support Service (GYA-SS-2025-118), Lot 1: Reablement: notice of
    award decision" (the Lot named only when there are Lots)."""
    opening: list[str]
    """The opening paragraphs: thanks for the tender, what this letter is, and the outcome."""
    scores_heading: str
    """The heading over this bidder's scores: "Award criteria and your scores" (PCR 2015) or
    "Assessment of your tender" (Procurement Act)."""
    scores_intro: str
    """The paragraph before this bidder's scores: how tenders were evaluated, out of what."""
    criteria: list[CriterionRow]
    """Each criterion with this bidder's score; empty unless `has_scores`."""
    total_weight: str
    """The criteria's weights added up, the most a tender can score: "100"."""
    total_score: str
    """This bidder's total score, "87.5"; empty unless `has_scores`."""
    appointed_heading: str
    """The heading over the successful tenderers: "Scores of the successful tenderers", "The
    successful tenderer", "The successful suppliers" … (singular when only one)."""
    appointed_intro: str
    """The sentence before the successful tenderers' scores, names or details."""
    criterion_codes: list[str]
    """The criteria's codes, "C1", "C2" …: the score columns of the `appointed` table."""
    appointed: list[AppointedRow]
    """The successful tenderers' scores, by total; empty unless PCR 2015 to a scored bidder."""
    appointed_names: list[str]
    """The successful tenderers' names in ranking order; empty for a cancelled Lot."""
    winners: list[Supplier]
    """The successful suppliers' details (Procurement Act); empty under PCR 2015, or cancelled."""
    sections: list[Section]
    """The headed parts after the tables, in order: "Reasons for the decision" (appointed and
    unsuccessful bidders), "Standstill period" (unless the Lot was cancelled), "Next steps"
    (appointed bidders)."""
    closing: list[str]
    """The paragraphs before "Yours sincerely": whom to ask, other Lots tendered for, thanks."""
    signatory: Signatory
    """The officer who signs."""


# ---- work done once per award -------------------------------------------------------------------


@dataclass(frozen=True)
class AwardFacts:
    """What every letter of one award shares."""

    award: Award
    council: Council
    officer: Officer
    standstill: Standstill | None
    record_sha256: str
    letterhead: Letterhead
    signatory: Signatory

    @property
    def is_pcr(self) -> bool:
        return self.award.procurement.regime == "pcr2015"


def standstill_for(award: Award, council: Council) -> Standstill | None:
    """The standstill the letters state, or None when none applies (or cannot yet be computed)."""
    note = award.notification
    if note.standstill == "none":
        return None
    if award.procurement.regime == "pcr2015":
        return pcr_standstill(note.send_date, note.electronic, council.constitution.holidays)
    if note.can_published is None:
        reason = (note.not_recorded or {}).get("can_published")
        why = f" (marked not recorded: {reason})" if reason else ""
        raise ValueError(
            f"award {award.id}: notification.can_published{why} is needed: the letters state "
            "the Procurement Act 2023 standstill, which begins on it (or set standstill: none)"
        )
    return act_standstill(note.can_published)


def award_facts(bundle: Bundle) -> AwardFacts:
    award, council = bundle.award, bundle.council
    if award is None:
        raise ValueError("award letters need an award record")
    officer = council.officer(award.notification.signatory)
    if officer is None:
        raise ValueError(f"award {award.id}: no officer {award.notification.signatory!r}")
    head = council.letterhead
    contacts = [x for x in (head.phone, head.email, head.website) if x]
    return AwardFacts(
        award=award,
        council=council,
        officer=officer,
        standstill=standstill_for(award, council),
        record_sha256=bundle.sha256(),
        letterhead=Letterhead(
            council_name=council.name,
            department=head.department,
            lines=[*head.address, *contacts],
        ),
        signatory=Signatory(
            name=officer.name,
            title=officer.title,
            department=head.department,
            council_name=council.name,
        ),
    )


# ---- work done once per Lot -----------------------------------------------------------------------


@dataclass(frozen=True)
class LotFacts:
    """What every letter of one Lot (or of the single contract) shares."""

    unit: Unit
    criteria: tuple[tuple[str, str, str, str], ...]  # (id, code, name, weight)
    columns: fmt.ScoreColumns
    total_weight: str
    appointed: tuple[AppointedRow, ...]
    appointed_names: tuple[str, ...]
    winners: tuple[Supplier, ...]
    lowest_appointed: ScoredBid | None


def lot_facts(unit: Unit) -> LotFacts:
    criteria = tuple(
        (c.id, f"C{n}", c.name, fmt.score(c.weight)) for n, c in enumerate(unit.criteria, start=1)
    )
    appointed = [] if unit.is_cancelled else unit.appointed
    columns = score_columns(unit)
    return LotFacts(
        unit=unit,
        criteria=criteria,
        columns=columns,
        total_weight=fmt.score(sum((c.weight for c in unit.criteria), start=Decimal(0))),
        appointed=tuple(_appointed_row(s, criteria, columns) for s in appointed),
        appointed_names=tuple(s.bidder.name for s in appointed),
        winners=tuple(_supplier(s) for s in appointed),
        lowest_appointed=appointed[-1] if appointed else None,
    )


def _appointed_row(
    s: ScoredBid, criteria: tuple[tuple[str, str, str, str], ...], columns: fmt.ScoreColumns
) -> AppointedRow:
    return AppointedRow(
        name=s.bidder.name,
        scores=[columns.score(cid, s.bid.scores.get(cid)) for cid, *_ in criteria],
        total=columns.total(s.total),
    )


def _supplier(s: ScoredBid) -> Supplier:
    who = s.bidder
    return Supplier(
        name=who.name,
        address=", ".join(who.address),
        email=who.contact.email or "not given",
        identifier=f"Company number {who.company_number}" if who.company_number else "",
    )


# ---- one letter ---------------------------------------------------------------------------------


def outcome_of(unit: Unit, scored: ScoredBid) -> Outcome:
    if unit.is_cancelled:
        return "cancelled"
    return scored.bid.outcome


def build(
    facts: AwardFacts, lot: LotFacts, scored: ScoredBid, other_lots: int
) -> AwardLetterContext:
    """The letter to one bidder about one Lot. ``other_lots``: how many other Lots it bid for."""
    outcome = outcome_of(lot.unit, scored)
    wording = words.Wording(
        facts.award, facts.council, facts.officer, facts.standstill, lot, scored
    )
    scored_letter = outcome in ("appointed", "unsuccessful")
    show_appointed = scored_letter and facts.is_pcr
    return AwardLetterContext(
        meta=_meta(facts, lot.unit, scored, wording),
        outcome=outcome,
        is_pcr=facts.is_pcr,
        is_act=not facts.is_pcr,
        is_appointed=outcome == "appointed",
        is_unsuccessful=outcome == "unsuccessful",
        is_excluded=outcome == "excluded",
        is_cancelled=outcome == "cancelled",
        has_standstill=facts.standstill is not None and outcome != "cancelled",
        is_voluntary_standstill=facts.award.notification.standstill == "voluntary",
        has_scores=scored_letter,
        has_appointed_scores=show_appointed and bool(lot.appointed),
        has_appointed_list=outcome == "excluded" and facts.is_pcr and bool(lot.appointed_names),
        has_winner_details=not facts.is_pcr and outcome in ("unsuccessful", "excluded"),
        letterhead=facts.letterhead,
        reference_rows=_reference_rows(facts, lot.unit),
        addressee=[scored.bidder.contact.name, scored.bidder.name, *scored.bidder.address],
        delivery=f"By email to {scored.bidder.contact.email}"
        if scored.bidder.contact.email
        else "",
        salutation=f"Dear {scored.bidder.contact.name}",
        subject=wording.subject(outcome),
        opening=wording.opening(outcome),
        scores_heading=wording.scores_heading(),
        scores_intro=wording.scores_intro(),
        criteria=_criteria(lot, scored) if scored_letter else [],
        total_weight=lot.total_weight,
        total_score=lot.columns.total(scored.total) if scored_letter else "",
        appointed_heading=wording.appointed_heading(outcome),
        appointed_intro=wording.appointed_intro(outcome),
        criterion_codes=[code for _, code, _, _ in lot.criteria],
        appointed=list(lot.appointed) if show_appointed else [],
        appointed_names=list(lot.appointed_names) if outcome != "cancelled" else [],
        winners=list(lot.winners) if not facts.is_pcr and outcome != "cancelled" else [],
        sections=[Section(heading=h, paragraphs=p) for h, p in wording.sections(outcome)],
        closing=wording.closing(outcome, other_lots),
        signatory=facts.signatory,
    )


def _criteria(lot: LotFacts, scored: ScoredBid) -> list[CriterionRow]:
    return [
        CriterionRow(
            code=code,
            name=name,
            weight=weight,
            score=lot.columns.score(cid, scored.bid.scores.get(cid)),
        )
        for cid, code, name, weight in lot.criteria
    ]


def _reference_rows(facts: AwardFacts, unit: Unit) -> list[Row]:
    reference = facts.award.procurement.reference
    if unit.number is not None:
        reference += f"/Lot {unit.number}"
    rows = [
        Row(label="Our reference", value=reference),
        Row(label="Date", value=fmt.date_long(facts.award.notification.send_date)),
        Row(label="Please ask for", value=facts.officer.name),
    ]
    email = facts.officer.email or facts.council.letterhead.email
    if email:
        rows.append(Row(label="Email", value=email))
    return with_buyer(rows, facts.award, facts.council)  # H7: a council acting for another


def _meta(facts: AwardFacts, unit: Unit, scored: ScoredBid, wording: words.Wording) -> Meta:
    lot = f"Lot {unit.number}" if unit.number is not None else "Contract"
    return Meta(
        council_name=facts.council.name,
        document_title=f"{wording.kind_title()} – {unit.name} – {scored.bidder.name}",
        status_label=STATUS,
        is_draft=False,
        date_text=fmt.date_long(facts.award.notification.send_date),
        record_sha256=facts.record_sha256,
        footer=f"{facts.council.name} · {facts.award.procurement.reference} · {lot} · {STATUS}",
    )
