"""Which letters the records make (one per bidder per Lot it bid for) and where each goes.

`output/<award-id>/letters/lot-<N>/<bidder-id>.{docx,pdf}` (`lot-1a`, `lot-north-east` for a
labelled Lot), or `.../letters/contract/...` for a single contract. Award and bidder ids are
validated slugs and a Lot's folder is its number or label made one (labels that would share a
folder are refused when the record is read), so a path can neither leave the folder nor collide;
the writer refuses both anyway.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath

from docgen.build.engine import Job, make_job
from docgen.checks import placeholders
from docgen.derive import formatting as fmt
from docgen.derive.language import document_languages, letter_languages
from docgen.derive.units import ScoredBid, Unit, find_unit, units
from docgen.documents import award_letter
from docgen.documents.common import Bundle
from docgen.documents.kinds import kind
from docgen.errors import CheckError, RecordError, UsageError
from docgen.letters.leaks import Secrets, distinctive, everyday
from docgen.models import Award
from docgen.models.language import Lang
from docgen.records.loading import Records

LETTER = kind("award_letter")
LETTERS = "letters"


@dataclass(frozen=True)
class Selection:
    """Which letters to build: all of them, or those of one Lot and/or one bidder."""

    lot: int | str | None = None  # a Lot number or label, as a person types it
    bidder: str | None = None  # a bidder id or name

    @property
    def is_everything(self) -> bool:
        return self.lot is None and self.bidder is None


@dataclass(frozen=True)
class Letter:
    """One planned letter: who, which Lot, the outcome, and the job that renders it."""

    award_id: str
    bidder_id: str
    bidder_name: str
    lot: int | str | None
    lot_title: str
    outcome: award_letter.Outcome
    standstill_end: dt.date | None
    job: Job
    secrets: Secrets
    lot_position: int = 0  # the Lot's place in the record, for labelled Lots

    @property
    def lot_label(self) -> str:
        return str(self.lot) if self.lot is not None else "contract"


@dataclass(frozen=True)
class AwardPlan:
    """The letters of one award, and every bidder name the leak check looks for."""

    award: Award
    letters: list[Letter]
    names: dict[str, str]
    complete: bool  # every letter of the award (no --lot/--bidder selection)
    double_sided: bool = True  # the council prints double-sided: the print file pads letters

    @property
    def folder(self) -> PurePosixPath:
        return PurePosixPath(self.award.id) / LETTERS


def unit_folder(unit: Unit) -> str:
    return unit.folder


def plan_letters(
    records: Records, selection: Selection | None = None, formats: Sequence[str] = ("docx", "pdf")
) -> list[AwardPlan]:
    """Every award's letters, in record order (awards by id, Lots in order, bids ranked)."""
    selection = selection or Selection()
    plans = []
    for award in sorted(records.awards.values(), key=lambda a: a.id):
        bidder = _bidder_id(award, selection.bidder)
        if selection.bidder is not None and bidder is None:
            continue
        bundle = Bundle(council=records.councils[award.council], award=award)
        letters = list(_award_letters(bundle, selection.lot, bidder, formats))
        names = {b.id: b.name for b in award.bidders}
        double_sided = bundle.council.printing == "double_sided"
        plans.append(AwardPlan(award, letters, names, selection.is_everything, double_sided))
    if not any(p.letters for p in plans):
        raise UsageError(f"no letters match {_describe(selection)}")
    _refuse_placeholders(records, plans)
    return plans


def _refuse_placeholders(records: Records, plans: Sequence[AwardPlan]) -> None:
    """R36: letters are sent, so none is written while any planned letter would print a
    drafting placeholder; RecordError names each one at its file, line and column."""
    problems = []
    for award_plan in plans:
        award = award_plan.award
        recipients = {x.bidder_id for x in award_plan.letters}
        named = {s.bidder.id for unit in units(award) for s in unit.appointed}
        found = placeholders.in_letters(award, records.councils[award.council], recipients, named)
        problems += [records.problem(*finding) for finding in found]
    if problems:
        raise RecordError(list(dict.fromkeys(problems)))


def _award_letters(
    bundle: Bundle, lot: int | str | None, bidder: str | None, formats: Sequence[str]
) -> Iterator[Letter]:
    settings = bundle.council.languages
    facts_in: dict[Lang, award_letter.AwardFacts] = {}

    def facts_for(lang: Lang) -> award_letter.AwardFacts:
        """The award's facts in one language: worked out once per award and language."""
        if lang not in facts_in:
            try:
                facts_in[lang] = award_letter.award_facts(
                    bundle.model_copy(update={"language": lang})
                )
            except (
                ValueError
            ) as exc:  # e.g. a Procurement Act award with no contract award notice date
                raise CheckError(str(exc)) from exc
        return facts_in[lang]

    facts = facts_for(document_languages(settings)[0])
    all_units = units(facts.award)
    other_lots = Counter(bid.bidder for unit in all_units for bid in unit.bids)
    end = facts.standstill.ends if facts.standstill else None
    wanted = find_unit(all_units, lot) if lot is not None else None
    for position, unit in enumerate(all_units):
        if lot is not None and unit is not wanted:
            continue
        shared: dict[Lang, award_letter.LotFacts] = {}  # the Lot's facts, once per language
        legitimate = _printed(unit.appointed) | _rule_numbers(unit)
        lot_secrets = distinctive(_printed(_losers(unit)), legitimate)
        lot_everyday = everyday(((s.bidder.id, _printed([s])) for s in _losers(unit)), legitimate)
        allowed = {s.bidder.id for s in unit.appointed} if not unit.is_cancelled else set()
        for scored in unit.scored:
            if bidder is not None and scored.bidder.id != bidder:
                continue
            contexts = []
            for lang in letter_languages(settings, scored.bidder.language):
                if lang not in shared:
                    shared[lang] = award_letter.lot_facts(unit, facts_for(lang).t)
                others = other_lots[scored.bidder.id] - 1
                contexts.append(award_letter.build(facts_for(lang), shared[lang], scored, others))
            stem = PurePosixPath(facts.award.id) / LETTERS / unit_folder(unit) / scored.bidder.id
            secrets = Secrets(
                allowed=frozenset(allowed | {scored.bidder.id}),
                scores=lot_secrets - _printed([scored]),
                everyday=frozenset(
                    (who, score)
                    for who, score in lot_everyday
                    if who != scored.bidder.id and score not in _printed([scored])
                ),
            )
            for job in _letter_jobs(stem, contexts, settings.layout, facts, formats):
                yield Letter(
                    award_id=facts.award.id,
                    bidder_id=scored.bidder.id,
                    bidder_name=scored.bidder.name,
                    lot=unit.number,
                    lot_position=position,
                    lot_title=unit.title,
                    outcome=contexts[0].outcome,
                    standstill_end=end if contexts[0].has_standstill else None,
                    job=job,
                    secrets=secrets,
                )


def _letter_jobs(
    stem: PurePosixPath,
    contexts: Sequence[award_letter.AwardLetterContext],
    layout: str,
    facts: award_letter.AwardFacts,
    formats: Sequence[str],
) -> list[Job]:
    """A letter in one language, or in two: one file of two parts ("sequential"), or a file per
    language, the first with the usual name and the other `<bidder>.<lang>` ("separate")."""
    wanted = [f for f in formats if f in LETTER.formats]
    sent, author = facts.award.notification.send_date, facts.council.name
    if len(contexts) == 1:
        return [make_job(LETTER.name, stem, contexts[0], author, sent, wanted)]
    if layout == "separate":
        stems = [stem] + [stem.with_name(f"{stem.name}.{c.meta.lang[:2]}") for c in contexts[1:]]
        return [
            make_job(LETTER.name, s, c, author, sent, wanted)
            for s, c in zip(stems, contexts, strict=True)
        ]
    return [make_job(LETTER.name, stem, contexts, author, sent, wanted)]


def _losers(unit: Unit) -> list[ScoredBid]:
    """The bids whose scores no other bidder's letter may show."""
    return list(unit.scored) if unit.is_cancelled else [*unit.unsuccessful, *unit.excluded]


def _printed(bids: Sequence[ScoredBid]) -> set[str]:
    """Every score and total of the bids, as letters print them."""
    out = {fmt.score(s.total) for s in bids if s.bid.scores}
    return out | {fmt.score(v) for s in bids for v in s.bid.scores.values()}


def _rule_numbers(unit: Unit) -> set[str]:
    """The weights and the appointment threshold, which every letter of the Lot may print."""
    out = {fmt.score(c.weight) for c in unit.criteria}
    out.add(fmt.score(sum((c.weight for c in unit.criteria), Decimal(0))))
    if unit.appointment is not None and unit.appointment.method == "threshold":
        out.add(fmt.score(unit.appointment.min_score))
    if unit.evaluation is not None and unit.evaluation.quality_threshold is not None:
        out.add(fmt.score(unit.evaluation.quality_threshold))  # H6: the letters print it
    return out


def _bidder_id(award: Award, wanted: str | None) -> str | None:
    """The id of the bidder named by id, by exact name, or by a unique part of its name."""
    if wanted is None:
        return None
    key = wanted.casefold().strip()
    for finder in (
        lambda b: b.id == wanted,
        lambda b: b.name.casefold() == key,
        lambda b: key in b.name.casefold(),
    ):
        found = [b.id for b in award.bidders if finder(b)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise UsageError(
                f"--bidder {wanted!r} matches {len(found)} bidders of {award.id}: "
                f"{', '.join(found[:5])}{' …' if len(found) > 5 else ''}; give the id"
            )
    return None


def _describe(selection: Selection) -> str:
    parts = []
    if selection.lot is not None:
        parts.append(f"--lot {selection.lot}")
    if selection.bidder is not None:
        parts.append(f"--bidder {selection.bidder!r}")
    return " and ".join(parts) or "the records (no award has bids)"
