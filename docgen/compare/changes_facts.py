"""The facts a change to the records changes: for `docgen changes`.

``facts(records)`` names every fact a reviewer of a record change wants to see move, each by
where it sits, with its value as text:

- per decision, every fact its prose may cite (``docgen facts``: values, dates, terms, who
  decides): ``"ilss-2025 › award.total_value"``;
- per scored award, Lot and bidder: each criterion's score, the total, the rank and the
  outcome (appointed, not appointed, excluded): ``"ilss-2025 › Lot 2 › Riverside Care Ltd ›
  total"``.

``fact_changes(old, new)`` lists those whose value differs (None where a fact is absent).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from docgen.derive.facts import build_facts
from docgen.derive.units import ScoredBid, Unit, units
from docgen.records.loading import Records

SEP = " › "


@dataclass(frozen=True)
class FactChange:
    fact: str
    original: str | None
    revised: str | None

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _outcome(unit: Unit, scored: ScoredBid) -> str:
    """As the scores appendix words it: appointed, or prime supplier / reserve N in a ranked
    Lot, not appointed (also when a cap on Lots passed the tender over), excluded."""
    if scored.is_excluded:
        return "excluded"
    if unit.capped is not None and scored.bidder.id in unit.capped:
        return "not appointed (holds the most Lots allowed)"
    place = unit.position(scored.bidder.id)
    if place is not None and unit.appointment and unit.appointment.method == "ranked":
        return "prime supplier" if place == 1 else f"reserve {place - 1}"
    appointed = {s.bidder.id for s in unit.appointed}
    return "appointed" if scored.bidder.id in appointed else "not appointed"


def facts(records: Records) -> dict[str, str]:
    """Every fact of the records, by name (see the module's docstring)."""
    found: dict[str, str] = {}
    for decision in sorted(records.decisions.values(), key=lambda d: d.id):
        record = records.award_record(decision.award)
        council = records.councils.get(decision.council)
        if council is None:
            continue
        for name, value in build_facts(council, decision, record).items():
            found[f"{decision.id}{SEP}{name}"] = value
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


def fact_changes(original: dict[str, str], revised: dict[str, str]) -> list[FactChange]:
    """Each fact whose value differs, in the revised records' order, then those gone."""
    out = [
        FactChange(name, original.get(name), value)
        for name, value in revised.items()
        if original.get(name) != value
    ]
    out += [
        FactChange(name, value, None) for name, value in original.items() if name not in revised
    ]
    return out
