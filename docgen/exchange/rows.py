"""One row of the panel's workbook: which bidder, its details, and its bid for one Lot.

A row names its bidder by id or by name; names are compared after `fold` (so "O’Connor" is
O'Connor). A bidder the record does not have yet is added, with the details the workbook gives.
A bid is excluded when a gate failed, when an exclusion reason is given, or when its outcome
says so; an excluded bid has no scores, so its blank (or never calculated) formula cells are
right, not missing. Other outcomes are computed by the award's rules, never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from docgen.derive.units import Unit, find_unit, units
from docgen.exchange.names import fold, is_formula, number, plain, present, slug
from docgen.models import Award
from docgen.models.award import Criterion

Cells = dict[str, list[tuple[Any, Any]]]
"""Target -> the (value, formula) of each column mapped to it, in column order."""
OUTCOMES = ("appointed", "unsuccessful", "excluded")
_PASS = {"pass", "passed", "yes", "y", "met", "true", "compliant", "✓", "✔", "ok"}
_FAIL = {
    "fail",
    "failed",
    "no",
    "n",
    "not met",
    "false",
    "non-compliant",
    "non compliant",
    "✗",
    "x",
}
_FORMULA = "the cell holds a formula with no saved result: open and save the workbook in Excel or LibreOffice"
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


@dataclass(frozen=True)
class Problem:
    """A row (or a whole sheet, when row is None) that could not be read, and why."""

    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        where = f"sheet {self.sheet!r}" + (f", row {self.row}" if self.row else "")
        return f"{where}: {self.message}"


@dataclass
class BidderIn:
    """A bidder named in the workbook: new to the record, or one whose details it gives."""

    id: str
    name: str
    new: bool
    sheet: str
    row: int
    details: dict[str, Any] = field(default_factory=dict)  # address, company_number, contact.*


@dataclass
class BidIn:
    """One bidder's bid for one Lot, as read from one row."""

    sheet: str
    row: int
    unit: Unit
    bidder: str
    excluded: bool | None  # None: the row does not say (no gate, reason or outcome columns)
    scores: dict[str, Decimal] = field(default_factory=dict)
    gates: dict[str, str] = field(default_factory=dict)
    price_bid: Decimal | None = None
    feedback: str | None = None
    exclusion_reason: str | None = None
    typed_outcome: str | None = None


class RowReader:
    """Reads rows one by one into bidders and bids, returning each row's problems."""

    def __init__(self, award: Award, bidders: dict[str, BidderIn], bids: list[BidIn]) -> None:
        self.award, self.bidders, self.bids = award, bidders, bids
        self.ids = {b.id for b in award.bidders}
        self.names = {fold(b.name): b.id for b in award.bidders}
        self.seen: dict[tuple[Any, str], tuple[str, int]] = {}
        self.rows = 0

    def read(
        self, sheet: str, row: int, cells: Cells, unit: Unit | None, has_bids: bool
    ) -> list[Problem]:
        problems: list[str] = []
        bidder = self._bidder(sheet, row, cells, problems)
        if bidder is not None:
            self._details(bidder, cells, problems)
            if has_bids:
                unit = unit or self._row_unit(cells, problems)
                if unit is not None:
                    self._bid(sheet, row, unit, bidder.id, cells, problems)
        self.rows += not problems
        return [Problem(sheet, row, p) for p in problems]

    def finish(self) -> list[Problem]:
        """Problems of new bidders the workbook gives too few details for."""
        out = []
        for bidder in self.bidders.values():
            lacking = [
                k for k in ("address", "contact.name") if bidder.new and not bidder.details.get(k)
            ]
            if lacking:
                out.append(
                    Problem(
                        bidder.sheet,
                        bidder.row,
                        (
                            f"{bidder.name!r} is not a bidder in the award, and the workbook gives no "
                            f"{' or '.join(lacking)} for it: add columns for them (a sheet of bidders, "
                            f"or the portal's CSV list), or add the bidder to the record"
                        ),
                    )
                )
        return out

    # ---- the bidder ----

    def _bidder(self, sheet: str, row: int, cells: Cells, problems: list[str]) -> BidderIn | None:
        texts = {
            t: str(v).strip()
            for t in ("bidder", "bidder.id", "bidder.name")
            for v, _ in cells.get(t, [])
            if present(v)
        }
        found = {self._known(text) for text in texts.values()} - {None}
        if len(found) > 1:
            shown = " and ".join(map(repr, texts.values()))
            problems.append(f"the bidder cells {shown} name different bidders")
            return None
        if found:
            key = found.pop()
            assert key is not None
            if key not in self.bidders:
                name = next(b.name for b in self.award.bidders if b.id == key)
                self.bidders[key] = BidderIn(key, name, False, sheet, row)
            return self.bidders[key]
        name = texts.get("bidder.name") or texts.get("bidder", "")
        if not name or (not texts.get("bidder.name") and _SLUG.match(name)):
            shown = next(iter(texts.values()), "")
            problems.append(
                f"no bidder in the award has the id or name {shown!r}"
                if shown
                else "no bidder id or name in the row"
            )
            return None
        return self._new(sheet, row, name, texts.get("bidder.id"))

    def _known(self, text: str) -> str | None:
        if text in self.ids:
            return text
        return self.names.get(fold(text))

    def _new(self, sheet: str, row: int, name: str, given: str | None) -> BidderIn:
        made = given if given and _SLUG.match(given) else slug(name)
        unique, n = made, 2
        while unique in self.ids:
            unique, n = f"{made[:60]}-{n}", n + 1
        bidder = BidderIn(unique, " ".join(name.split()), True, sheet, row)
        self.ids.add(unique)
        self.names[fold(name)] = unique
        self.bidders[unique] = bidder
        return bidder

    def _details(self, bidder: BidderIn, cells: Cells, problems: list[str]) -> None:
        lines = [
            line.strip()
            for v, _ in cells.get("bidder.address", [])
            if present(v)
            for line in _lines(str(v))
        ]
        found: dict[str, Any] = {"address": [x for x in lines if x]}
        for key in ("company_number", "contact.name", "contact.email"):
            values = [v for v, _ in cells.get(f"bidder.{key}", []) if present(v)]
            found[key] = (
                _company_number(values[0])
                if values and key == "company_number"
                else (" ".join(str(values[0]).split()) if values else None)
            )
        for key, value in found.items():
            if not value:
                continue
            old = bidder.details.setdefault(key, value)
            if old != value:
                problems.append(
                    f"{bidder.name}: {key.replace('_', ' ')} {value!r} differs from {old!r} given before"
                )

    # ---- the bid ----

    def _row_unit(self, cells: Cells, problems: list[str]) -> Unit | None:
        value = next((v for v, _ in cells.get("lot", []) if present(v)), None)
        found = find_unit(units(self.award), value)  # 2, "Lot 2", "1a", "Lot North"
        if found is None:
            shown = repr(value) if value is not None else "an empty Lot cell"
            problems.append(f"the award has no Lot {shown}")
        return found

    def _bid(
        self, sheet: str, row: int, unit: Unit, bidder: str, cells: Cells, problems: list[str]
    ) -> None:
        first = self.seen.setdefault((unit.loc, bidder), (sheet, row))
        if first != (sheet, row):
            problems.append(
                f"{bidder} appears again for this Lot (first in sheet {first[0]!r}, row {first[1]})"
            )
            return
        bid = BidIn(sheet, row, unit, bidder, None)
        bid.typed_outcome = self._outcome(cells, problems)
        bid.gates = dict(self._gates(cells, problems))
        bid.exclusion_reason = _text(cells.get("exclusion_reason", []))
        says = (
            "exclusion_reason" in cells
            or "outcome" in cells
            or any(t.startswith("gate.") for t in cells)
        )
        if says:
            bid.excluded = (
                "fail" in bid.gates.values()
                or bool(bid.exclusion_reason)
                or bid.typed_outcome == "excluded"
            )
        recorded = next((b for b in unit.bids if b.bidder == bidder), None)
        excluded = (
            bid.excluded
            if bid.excluded is not None
            else bool(recorded and recorded.outcome == "excluded")
        )
        if not excluded:
            bid.scores = dict(self._scores(unit, cells, problems))
            bid.price_bid = self._price(cells, problems)
        bid.feedback = _feedback(unit, cells)
        if not problems:
            self.bids.append(bid)

    def _outcome(self, cells: Cells, problems: list[str]) -> str | None:
        value = next((v for v, _ in cells.get("outcome", []) if present(v)), None)
        if value is None:
            return None
        text = fold(value)
        if text not in OUTCOMES:
            problems.append(f"outcome {value!r} is not one of {', '.join(OUTCOMES)}")
            return None
        return text

    def _gates(self, cells: Cells, problems: list[str]) -> Iterator[tuple[str, str]]:
        for target, found in cells.items():
            if not target.startswith("gate."):
                continue
            value = next((v for v, _ in found if present(v)), None)
            if value is None:
                continue
            text = fold(value)
            if text in _PASS or text in _FAIL:
                yield target[5:], "pass" if text in _PASS else "fail"
            else:
                problems.append(f"gate {target[5:]}: {value!r} is neither pass nor fail")

    def _scores(
        self, unit: Unit, cells: Cells, problems: list[str]
    ) -> Iterator[tuple[str, Decimal]]:
        maxima = {c.id: c for c in unit.criteria}
        for target, found in cells.items():
            if not target.startswith("score."):
                continue
            cid = target[6:]
            value, formula = found[0]
            criterion = maxima.get(cid)
            if criterion is None:
                if present(value):
                    problems.append(f"{unit.name} has no criterion {cid!r}, but the row scores it")
                continue
            if not present(value):
                problems.append(
                    f"{criterion.name}: {_FORMULA}"
                    if is_formula(formula)
                    else f"no score for {criterion.name}"
                )
                continue
            score = _score(value, criterion, problems)
            if score is not None:
                yield cid, score

    def _price(self, cells: Cells, problems: list[str]) -> Decimal | None:
        found = cells.get("price_bid")
        if not found:
            return None
        value, formula = found[0]
        if not present(value):
            if is_formula(formula):
                problems.append(f"price bid: {_FORMULA}")
            return None
        price = number(value)
        if price is None or price < 0:
            problems.append(f"price bid {value!r} is not an amount of money")
            return None
        return price.quantize(Decimal("0.01")).normalize() if _places(price) > 2 else price


def _lines(text: str) -> list[str]:
    return text.splitlines() if "\n" in text else text.split(",")


def _company_number(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)).zfill(8)
    return str(value).strip()


def _text(found: list[tuple[Any, Any]]) -> str | None:
    texts = [" ".join(str(v).split()) for v, _ in found if present(v)]
    return " ".join(texts) or None


def _feedback(unit: Unit, cells: Cells) -> str | None:
    """The row's feedback: the general text, then each criterion's, named, in criterion order."""
    parts = [_sentence(t) for t in [_text(cells.get("feedback", []))] if t]
    for criterion in unit.criteria:
        text = _text(cells.get(f"feedback.{criterion.id}", []))
        if text:
            parts.append(f"{criterion.name}: {_sentence(text)}")
    return " ".join(parts) or None


def _sentence(text: str) -> str:
    return text if text[-1] in ".!?" else text + "."


def _score(value: Any, criterion: Criterion, problems: list[str]) -> Decimal | None:
    found = number(value)
    if found is None:
        problems.append(f"{value!r} under {criterion.name} is not a number")
    elif found < 0 or found > criterion.weight:
        problems.append(
            f"{criterion.name}: {plain(found)} is not between 0 and {plain(criterion.weight)}"
        )
    else:
        return found.quantize(Decimal("0.001")).normalize() if _places(found) > 3 else found
    return None


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
