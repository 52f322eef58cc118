"""The award letter: one per bidder per Lot, under PCR 2015 reg 86 or the Procurement Act 2023.

The context is built so that it cannot leak: it holds this bidder's bid and the appointed bids of
the Lot, and nothing about any other bidder. Work shared by every letter of an award
(:class:`AwardFacts`) or of a Lot (:class:`LotFacts`) is done once. The wording lives in
:mod:`docgen.documents.letter_wording`; templates only lay the context out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from docgen.derive import formatting as fmt
from docgen.derive.language import Words
from docgen.derive.timing import Standstill, act_standstill, pcr_standstill
from docgen.derive.units import ScoredBid, Unit
from docgen.documents import letter_wording as words
from docgen.documents.common import (
    ENGLISH,
    Bundle,
    Meta,
    Row,
    language_meta,
    score_columns,
    with_buyer,
)
from docgen.documents.letter_context import (
    AppointedRow,
    AwardLetterContext,
    CriterionRow,
    Letterhead,
    LetterLabels,
    Outcome,
    Section,
    Signatory,
    Supplier,
    letter_labels,
)
from docgen.documents.letter_evaluation import unit_name
from docgen.models import Award, Council
from docgen.models.council import Officer

__all__ = [
    "AppointedRow",
    "AwardFacts",
    "AwardLetterContext",
    "CriterionRow",
    "LetterLabels",
    "Letterhead",
    "LotFacts",
    "Outcome",
    "Section",
    "Signatory",
    "Supplier",
    "award_facts",
    "build",
    "letter_labels",
    "lot_facts",
    "outcome_of",
    "standstill_for",
]


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
    t: Words
    """The letters' language: every fixed word and record text goes through it."""
    labels: LetterLabels
    status: str
    """"Private and confidential", in the letters' language."""
    date_text: str
    """The date the letters are sent: "23 July 2025"."""
    language: dict[str, str]
    """Meta's language fields (documents.common.language_meta)."""

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
    t = bundle.words
    head = council.letterhead
    contacts = [x for x in (head.phone, head.email, head.website) if x]
    council_name, department = t.text(council.name), t.text(head.department)
    return AwardFacts(
        award=award,
        council=council,
        officer=officer,
        standstill=standstill_for(award, council),
        record_sha256=bundle.sha256(),
        letterhead=Letterhead(
            council_name=council_name,
            department=department,
            lines=[*t.texts(head.address), *t.texts(contacts)],
        ),
        signatory=Signatory(
            name=officer.name,
            title=t.text(officer.title),
            department=department,
            council_name=council_name,
        ),
        t=t,
        labels=letter_labels(t),
        status=t("Private and confidential"),
        date_text=t.date(award.notification.send_date),
        language=language_meta(t),
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
    name: str
    """'Lot 2: Reablement' or the contract's title, in the letters' language."""
    label: str
    """The footer's 'Lot 2', or 'Contract'."""


def lot_facts(unit: Unit, t: Words = ENGLISH) -> LotFacts:
    """What every letter of the Lot shares, in `t`'s language (once per Lot and language)."""
    criteria = tuple(
        (c.id, f"C{n}", t.text(c.name), fmt.score(c.weight))
        for n, c in enumerate(unit.criteria, start=1)
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
        winners=tuple(_supplier(s, t) for s in appointed),
        lowest_appointed=appointed[-1] if appointed else None,
        name=unit_name(t, unit),
        label=t("Lot {number}", number=unit.number) if unit.number is not None else t("Contract"),
    )


def _appointed_row(
    s: ScoredBid, criteria: tuple[tuple[str, str, str, str], ...], columns: fmt.ScoreColumns
) -> AppointedRow:
    return AppointedRow(
        name=s.bidder.name,
        scores=[columns.score(cid, s.bid.scores.get(cid)) for cid, *_ in criteria],
        total=columns.total(s.total),
    )


def _supplier(s: ScoredBid, t: Words) -> Supplier:
    who = s.bidder
    return Supplier(
        name=who.name,
        address=", ".join(t.texts(who.address)),
        email=who.contact.email or t("not given"),
        identifier=t("Company number {number}", number=who.company_number)
        if who.company_number
        else "",
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
    t = facts.t
    wording = words.Wording(
        facts.award, facts.council, facts.officer, facts.standstill, lot, scored, t
    )
    bidder = scored.bidder
    scored_letter = outcome in ("appointed", "unsuccessful")
    show_appointed = scored_letter and facts.is_pcr
    return AwardLetterContext(
        meta=_meta(facts, lot, scored, wording),
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
        addressee=[bidder.contact.name, bidder.name, *t.texts(bidder.address)],
        delivery=t("By email to {email}", email=bidder.contact.email)
        if bidder.contact.email
        else "",
        salutation=t("Dear {name}", name=bidder.contact.name),
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
        labels=facts.labels,
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
    t, reference = facts.t, facts.award.procurement.reference
    if unit.number is not None:
        reference = t("{reference}/Lot {number}", reference=reference, number=unit.number)
    rows = [
        Row(label=t("Our reference"), value=reference),
        Row(label=t("Date"), value=t.date(facts.award.notification.send_date)),
        Row(label=t("Please ask for"), value=facts.officer.name),
    ]
    email = facts.officer.email or facts.council.letterhead.email
    if email:
        rows.append(Row(label=t("Email"), value=email))
    return with_buyer(rows, facts.award, facts.council, t)  # H7: a council acting for another


def _meta(facts: AwardFacts, lot: LotFacts, scored: ScoredBid, wording: words.Wording) -> Meta:
    status, council = facts.status, facts.letterhead.council_name
    return Meta(
        council_name=council,
        document_title=f"{wording.kind_title()} – {lot.name} – {scored.bidder.name}",
        status_label=status,
        is_draft=False,
        date_text=facts.date_text,
        record_sha256=facts.record_sha256,
        footer=f"{council} · {facts.award.procurement.reference} · {lot.label} · {status}",
        **facts.language,
    )
