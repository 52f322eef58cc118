"""The facts a change to the records changes: for `docgen changes`.

``facts(records)`` names every fact a reviewer of a record change wants to see move, each by
where it sits, with its value as text (or, for a list of names, as a set):

- per decision, every fact its prose may cite (``docgen facts``: values, dates, terms, who
  decides): ``"ilss-2025 › award.total_value"``; who is appointed (``award.appointed``) is the
  set of their names, since its order follows the ranks and says nothing of its own;
- per scored award, Lot and bidder: each criterion's score, the total, the rank and the
  outcome (appointed, prime supplier or reserve N, not appointed, excluded): ``"ilss-2025 ›
  Lot 2 › Riverside Care Ltd › total"``.

``fact_changes(old, new)`` lists those whose value differs (None where a fact is absent), and
only those a reviewer acts on (issue 19: one score changed names the bidder's total, any change
of outcome, and nothing else):

- a list of names that differs shows only the names added and removed: ``"+Bryn Support
  Services Ltd / −Coed Care Ltd"``, never the whole list again; a reorder is no change;
- a rank is derived: it is listed only for a bidder whose outcome changes too. The other rank
  moves of a Lot are one ``RankShift`` each (``rank_shifts(old, new)``): "the ranks of 3
  bidders in Lot 1 shift, no outcome with them".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from docgen.derive.facts import build_facts
from docgen.derive.units import ScoredBid, Unit, units
from docgen.documents.appendix_scores import outcome as appendix_outcome
from docgen.models.award import Award
from docgen.records.loading import Records

SEP = " › "
MINUS = "\N{MINUS SIGN}"

Value = str | frozenset[str]
"""A fact's value: text, or the set of names a list fact holds."""


@dataclass(frozen=True)
class FactChange:
    fact: str
    original: str | None
    revised: str | None
    added: tuple[str, ...] | None = None  # a list of names: those added and removed
    removed: tuple[str, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "fact": self.fact,
            "original": self.original,
            "revised": self.revised,
        }
        if self.added is not None and self.removed is not None:
            data |= {"added": list(self.added), "removed": list(self.removed)}
        return data


@dataclass(frozen=True)
class RankShift:
    """The bidders of one Lot whose rank moves while their outcome stays: "ilss-2025 › Lot 1"."""

    where: str
    bidders: tuple[str, ...]

    def __str__(self) -> str:
        n = len(self.bidders)
        return (
            f"Ranks of {n} bidder{'' if n == 1 else 's'} in {self.where} shift (no outcome changes)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where, "bidders": list(self.bidders)}


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _outcome(unit: Unit, scored: ScoredBid) -> str:
    """The scores appendix's own wording, lower-cased to sit in a sentence: appointed, prime
    supplier / reserve N in a ranked Lot, not appointed (also when a cap on Lots passed the
    tender over), excluded."""
    text = appendix_outcome(unit, scored)
    return text[0].lower() + text[1:]


def facts(records: Records) -> dict[str, Value]:
    """Every fact of the records, by name (see the module's docstring)."""
    found: dict[str, Value] = {}
    for decision in sorted(records.decisions.values(), key=lambda d: d.id):
        record = records.award_record(decision.award)
        council = records.councils.get(decision.council)
        if council is None:
            continue
        for name, value in build_facts(council, decision, record).items():
            found[f"{decision.id}{SEP}{name}"] = value
        if isinstance(record, Award):  # in its place: the names, not their order (by rank)
            names = frozenset(s.bidder.name for u in units(record) for s in u.appointed)
            found[f"{decision.id}{SEP}award.appointed"] = names
    for award in sorted(records.awards.values(), key=lambda a: a.id):
        for unit in units(award):
            for scored in unit.scored:
                at = f"{award.id}{SEP}{unit.label}{SEP}{scored.bidder.name}"
                for code, score in scored.bid.scores.items():
                    found[f"{at}{SEP}{code}"] = _number(score)
                found[f"{at}{SEP}total"] = _number(scored.total)
                found[f"{at}{SEP}rank"] = "—" if scored.rank is None else str(scored.rank)
                found[f"{at}{SEP}outcome"] = _outcome(unit, scored)
    return found


def _text(value: Value | None) -> str | None:
    if isinstance(value, frozenset):
        return ", ".join(sorted(value))
    return value


def _change(name: str, old: Value | None, new: Value | None) -> FactChange:
    if isinstance(old, frozenset) and isinstance(new, frozenset):
        added, removed = tuple(sorted(new - old)), tuple(sorted(old - new))
        shown = [f"+{n}" for n in added] + [f"{MINUS}{n}" for n in removed]
        count = f"{len(old)} name{'' if len(old) == 1 else 's'}"
        return FactChange(name, count, " / ".join(shown), added, removed)
    return FactChange(name, _text(old), _text(new))


def _all_changes(original: dict[str, Value], revised: dict[str, Value]) -> list[FactChange]:
    """Each fact whose value differs, in the revised records' order, then those gone."""
    out = [
        _change(name, original.get(name), value)
        for name, value in revised.items()
        if original.get(name) != value
    ]
    out += [_change(name, value, None) for name, value in original.items() if name not in revised]
    return out


def _bidder(fact: str) -> str:
    return fact.rsplit(SEP, 1)[0]


def _split(
    original: dict[str, Value], revised: dict[str, Value]
) -> tuple[list[FactChange], list[RankShift]]:
    changes = _all_changes(original, revised)
    moved = {_bidder(c.fact) for c in changes if c.fact.endswith(f"{SEP}outcome")}

    def rank_only(c: FactChange) -> bool:
        return c.fact.endswith(f"{SEP}rank") and _bidder(c.fact) not in moved

    shifted: dict[str, list[str]] = {}
    for change in filter(rank_only, changes):
        where, bidder = _bidder(_bidder(change.fact)), _bidder(change.fact).rsplit(SEP, 1)[1]
        shifted.setdefault(where, []).append(bidder)
    kept = [c for c in changes if not rank_only(c)]
    return kept, [RankShift(where, tuple(names)) for where, names in shifted.items()]


def fact_changes(original: dict[str, Value], revised: dict[str, Value]) -> list[FactChange]:
    """The facts that differ and matter (see the module), in the revised records' order."""
    return _split(original, revised)[0]


def rank_shifts(original: dict[str, Value], revised: dict[str, Value]) -> list[RankShift]:
    """Per Lot, the bidders whose rank moves and outcome does not: one summary each."""
    return _split(original, revised)[1]
