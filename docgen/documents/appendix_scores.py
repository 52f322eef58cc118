"""Appendix B: the evaluation scores for each Lot (exempt edition only).

The scores, prices and ranks of named bidders are exempt information (Schedule 12A: paragraph 3
of Part 1 in England, paragraph 14 of Part 4 in Wales: "financial or business affairs of any
particular person"). The appendix is exempt even when the record gives no exemption
(docgen/documents/exemption.py), so it is only ever built as the EXEMPT edition, marked "NOT FOR
PUBLICATION" with its Schedule 12A paragraph(s) on every page. The public pack gets the notice of
docgen/documents/appendix_notice.py instead.
"""

from __future__ import annotations

from decimal import Decimal

from docgen.derive import evaluation as ev
from docgen.derive import formatting as fmt
from docgen.derive.formatting import ENGLISH
from docgen.derive.language import Words
from docgen.derive.numbering import appendix_letter
from docgen.derive.units import ScoredBid, Unit, units
from docgen.documents.appendix_notice import appendix_meta, appendix_subtitle
from docgen.documents.appendix_suppliers import cancelled_note, unit_caption
from docgen.documents.common import Bundle, Context, Meta, Row, score_columns
from docgen.documents.exemption import SCORES_SOURCE, marking, source_exemption
from docgen.models import Award, Decision
from docgen.models.award import Criterion
from docgen.models.decision import Appendix

SOURCE = SCORES_SOURCE


def outcome_word(value: str, t: Words = ENGLISH) -> str:
    """A bid's outcome as the scores table prints it: 'Appointed', 'Not appointed', 'Excluded'."""
    words = {
        "appointed": t("Appointed"),
        "unsuccessful": t("Not appointed"),
        "excluded": t("Excluded"),
    }
    return words[value]


class ScoreRow(Context):
    """One tender in a Lot's score table."""

    rank: str
    """Its evaluation rank, "1", "2" …; "–" for an excluded tender."""
    bidder: str
    """The bidder's name."""
    cells: list[str]
    """The cells under `headers`, in the same order, as printed: each criterion's score, the
    total, then the price bid ("£218,000") and sub-categories when the table has those columns.
    Each column prints its scores to the same decimals across the Lot; "–" where there is no
    score (an excluded tender) or no price."""
    outcome: str
    """The tender's outcome: "Appointed", "Not appointed" or "Excluded"."""


class ScoreTable(Context):
    """The scores of every tender for one Lot (or the contract)."""

    caption: str
    """The table's heading: "Lot 2: Reablement (North)", or the contract's title."""
    note: str | None
    """Why the table has no rows: "This Lot was cancelled. <reason>" or "No tenders were received
    for this Lot."; None otherwise."""
    key: list[Row]
    """The Lot's own criteria (label "C1", value "Quality (maximum 60)") when they differ from
    the award's; empty when the Lot uses the award's criteria (the context's `key`)."""
    headers: list[str]
    """The column headings after Rank, Bidder and Outcome: "C1 (60)", …, "Total (100)", then
    "Price bid" and "Sub-categories" when shown; empty for a cancelled Lot."""
    rows: list[ScoreRow]
    """Every tender in rank order, excluded ones last; empty for a cancelled Lot or one with no
    tenders."""


class ScoresLabels(Context):
    """The fixed words the Appendix B templates print, in the appendix's language."""

    public_interest_test: str
    """The run before the public interest test in the exempt box: "Public interest test." /
    "Prawf budd y cyhoedd."."""
    criteria: str
    """The criteria's heading and its table's caption: "Criteria" / "Meini prawf"."""
    criteria_for_lot: str
    """The caption (alt text) of a Lot's own criteria table: "Criteria for this Lot"."""
    key_description: str
    """A criteria table's description (alt text): "What each criterion code stands for"."""
    code: str
    """A criteria table's first column heading: "Code" / "Cod"."""
    criterion: str
    """A criteria table's second column heading: "Criterion" / "Maen prawf"."""
    table_description: str
    """A score table's description (alt text): "Each tender's score by criterion, total, rank
    and outcome"."""
    rank: str
    """A score table's first column heading: "Rank" / "Safle"."""
    bidder: str
    """A score table's second column heading: "Bidder" / "Cynigydd"."""
    outcome: str
    """A score table's third column heading: "Outcome" / "Canlyniad"."""


def score_labels(t: Words) -> ScoresLabels:
    return ScoresLabels(
        public_interest_test=t("Public interest test."),
        criteria=t("Criteria"),
        criteria_for_lot=t("Criteria for this Lot"),
        key_description=t("What each criterion code stands for"),
        code=t("Code"),
        criterion=t("Criterion"),
        table_description=t("Each tender's score by criterion, total, rank and outcome"),
        rank=t("Rank"),
        bidder=t("Bidder"),
        outcome=t("Outcome"),
    )


class AppendixScoresContext(Context):
    """Everything the Appendix B (exempt edition) templates (Word and Typst) may use."""

    meta: Meta
    """Title, status, date, record hash and footer (which starts "NOT FOR PUBLICATION · ")."""
    labels: ScoresLabels
    """The fixed words the templates print (headings, column headings), in the appendix's
    language."""
    letter: str
    """The appendix's letter, as the paper lists it: "B"."""
    heading: str
    """The appendix's heading: "Appendix B: Evaluation summary" (its letter and title)."""
    subtitle: str
    """The decision, its maker and date: "Carers Support Service – Contract Award: Director of
    Social Services, 10 March 2026"."""
    marking: str
    """The exempt marking for every page's header: "NOT FOR PUBLICATION by virtue of paragraph 3
    of Part 1 of Schedule 12A to the Local Government Act 1972"."""
    public_interest: str
    """The public interest test: why keeping the appendix exempt outweighs disclosing it."""
    intro: str
    """The opening paragraph: what the tables show and how to read the scores."""
    key: list[Row]
    """The award's criteria: label "C1", value "Quality of the service model (maximum 50)"."""
    tables: list[ScoreTable]
    """One table per Lot, in order; one for a contract without Lots."""


# ---- which appendix, and why it is exempt --------------------------------------------------------


def scores_appendix(decision: Decision) -> tuple[str, Appendix] | None:
    """The scores appendix of a decision with its letter (as the paper lists it), if it has one."""
    for position, appendix in enumerate(decision.appendices, start=1):
        if appendix.source == SOURCE:
            return appendix_letter(position), appendix
    return None


# ---- the context --------------------------------------------------------------------------------


def build(bundle: Bundle) -> AppendixScoresContext:
    """The exempt edition of the scores appendix: every bid of every Lot, scored and ranked."""
    decision, award = _require(bundle)
    t = bundle.words
    letter, appendix = _appendix(decision)
    nation = bundle.council.nation
    why = source_exemption(decision, SOURCE, nation, t)
    if why is None:
        raise ValueError(f"decision {decision.id}: the scores appendix is always exempt")
    all_units = units(award)
    shared = award.criteria
    heading = t("Appendix {letter}: {title}", letter=letter, title=t.text(appendix.title))
    return AppendixScoresContext(
        meta=appendix_meta(bundle, letter, heading, "exempt"),
        labels=score_labels(t),
        letter=letter,
        heading=heading,
        subtitle=appendix_subtitle(bundle),
        marking=marking(why, nation, t),
        public_interest=t.text(why.public_interest),
        intro=_intro(award, t) + _methods(all_units, t),
        key=_key(shared, t),
        tables=[_table(u, u.criteria != list(shared), t) for u in all_units],
    )


def _require(bundle: Bundle) -> tuple[Decision, Award]:
    if bundle.decision is None or bundle.award is None:
        raise ValueError("the scores appendix needs a decision and its award")
    return bundle.decision, bundle.award


def _appendix(decision: Decision) -> tuple[str, Appendix]:
    found = scores_appendix(decision)
    if found is None:
        raise ValueError(f"decision {decision.id} has no {SOURCE} appendix")
    return found


def _intro(award: Award, t: Words = ENGLISH) -> str:
    if award.lots:
        return t(
            "The tables give every tender's evaluation score for each Lot, by criterion, with "
            "its total and rank. Excluded tenders failed a pass/fail requirement and were not "
            "scored. Scores are weighted marks: each criterion's maximum is its weight."
        )
    return t(
        "The table gives every tender's evaluation score for the contract, by criterion, with "
        "its total and rank. Excluded tenders failed a pass/fail requirement and were not "
        "scored. Scores are weighted marks: each criterion's maximum is its weight."
    )


def _methods(all_units: list[Unit], t: Words = ENGLISH) -> str:
    """How each Lot not scored by the weighted sum was ranked, and what its outcomes mean
    (docs/law.md §6.1-§6.3); '' when every Lot is a plain weighted sum."""
    out = ""
    for unit in all_units:
        if unit.method != "weighted_sum":
            what = unit_caption(unit, t) if unit.lot else t("The contract")
            how = ev.ranked_by(unit.evaluation, t)
            out += " " + t("{what} was ranked {how}.", what=what, how=how)
    if any(u.appointment and u.appointment.method == "ranked" for u in all_units):
        out += " " + t(
            "In a ranked Lot the outcome names the prime supplier and each reserve in order."
        )
    if all_units and all_units[0].award.lot_cap is not None:
        out += " " + t(
            "A tender passed over because its supplier already holds the most Lots one supplier "
            "may have is marked as such."
        )
    return out


# ---- the tables ----------------------------------------------------------------------------------


def _key(criteria: list[Criterion], t: Words = ENGLISH) -> list[Row]:
    return [
        Row(
            label=f"C{n}",
            value=t(
                "{criterion} (maximum {weight})",
                criterion=t.text(c.name),
                weight=fmt.score(c.weight),
            ),
        )
        for n, c in enumerate(criteria, start=1)
    ]


def _table(unit: Unit, own_key: bool, t: Words = ENGLISH) -> ScoreTable:
    area = unit.lot.area if unit.lot else None
    caption = unit_caption(unit, t) + (f" ({t.text(area)})" if area else "")
    if unit.is_cancelled:
        note = cancelled_note(unit, t)
        return ScoreTable(caption=caption, note=note, key=[], headers=[], rows=[])
    priced = any(b.price_bid is not None for b in unit.bids)
    subs = bool(unit.lot and unit.lot.sub_categories)
    columns = score_columns(unit)
    pence = any(b.price_bid is not None and b.price_bid % 1 for b in unit.bids)
    headers = _headers(unit.criteria, priced, subs, t)
    rows = [
        _row(s, unit.criteria, columns, (priced, pence), subs, t).model_copy(
            update={"outcome": outcome(unit, s, t)}
        )
        for s in unit.scored
    ]
    if unit.method == "price_per_quality_point":  # the figure that ranks them (§6.1)
        at = len(unit.criteria) + 1
        headers.insert(at, t("£ per quality point"))
        for row, s in zip(rows, unit.scored, strict=True):
            ratio = ev.price_per_point(s.bid, unit.criteria)
            row.cells.insert(at, "–" if ratio is None else fmt.money_exact(ratio, True))
    return ScoreTable(
        caption=caption,
        note=None if unit.bids else t("No tenders were received for this Lot."),
        key=_key(unit.criteria, t) if own_key else [],
        headers=headers,
        rows=rows,
    )


def outcome(unit: Unit, s: ScoredBid, t: Words = ENGLISH) -> str:
    """'Appointed', or in a ranked Lot 'Prime supplier' / 'Reserve 2'; 'Not appointed (holds
    the most Lots allowed)' for a tender passed over by the cap."""
    if unit.capped is not None and s.bidder.id in unit.capped:
        return t("Not appointed (holds the most Lots allowed)")
    place = unit.position(s.bidder.id)
    if place is not None and unit.appointment and unit.appointment.method == "ranked":
        return t("Prime supplier") if place == 1 else t("Reserve {number}", number=place - 1)
    return outcome_word(s.bid.outcome, t)


def _headers(criteria: list[Criterion], priced: bool, subs: bool, t: Words) -> list[str]:
    total = sum((c.weight for c in criteria), Decimal(0))
    heads = [f"C{n} ({fmt.score(c.weight)})" for n, c in enumerate(criteria, start=1)]
    heads.append(t("Total ({total})", total=fmt.score(total)))
    if priced:
        heads.append(t("Price bid"))
    if subs:
        heads.append(t("Sub-categories"))
    return heads


def _row(
    s: ScoredBid,
    criteria: list[Criterion],
    columns: fmt.ScoreColumns,
    prices: tuple[bool, bool],  # a price column; pence in it (some bid has them)
    subs: bool,
    t: Words = ENGLISH,
) -> ScoreRow:
    excluded = s.is_excluded
    values = [_score(s, c.id, columns) for c in criteria]
    values.append("–" if excluded else columns.total(s.total))
    priced, pence = prices
    if priced:
        values.append(price_text(s.bid.price_bid, pence))
    if subs:
        values.append(", ".join(s.bid.sub_categories) or "–")
    return ScoreRow(
        rank="–" if s.rank is None else str(s.rank),
        bidder=t.text(s.bidder.name),
        cells=values,
        outcome=outcome_word(s.bid.outcome, t),
    )


def _score(s: ScoredBid, criterion_id: str, columns: fmt.ScoreColumns) -> str:
    value = s.bid.scores.get(criterion_id)
    return "–" if s.is_excluded else columns.score(criterion_id, value)


def price_text(price: Decimal | None, pence: bool = False) -> str:
    """A price bid as the appendix shows it: £26.37, £218,000 (£26.00 in a column with pence);
    '–' when none was given."""
    return "–" if price is None else fmt.money_exact(price, pence)
