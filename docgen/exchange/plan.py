"""Plan the changes an import makes to an award record, with a preview a person can read.

Bidders new to the record are added; known bidders' details are updated where the workbook
gives them. Each bid read becomes changes to its bid (or a new bid). Then the outcomes of every
Lot the workbook speaks of are computed on the planned record, by the award's rules
(docgen.derive.units), and set where they differ.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from docgen.derive.units import Unit, bid_loc
from docgen.exchange.names import plain
from docgen.exchange.record_edit import REMOVE, Change, Loc, node_at, same
from docgen.exchange.rows import BidderIn, BidIn
from docgen.exchange.spreadsheet import SheetData
from docgen.models import Award

Outcomes = Callable[[list[Change]], list[Unit]]
"""The units of the record as it would be after the given changes."""


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    preview: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan_changes(award: Award, tree: Any, data: SheetData, outcomes: Outcomes) -> Plan:
    """Every change the workbook asks for, outcomes computed last."""
    plan = Plan()
    names = {b.id: b.name for b in award.bidders}
    _bidders(award, tree, data.bidders, plan)
    names.update({b.id: b.name for b in data.bidders.values()})
    new_bids: dict[tuple[Loc, str], dict[str, Any]] = {}
    for bid in data.bids:
        _bid(tree, bid, names, plan, new_bids)
    _outcomes(tree, data.bids, names, plan, new_bids, outcomes)
    return plan


# ---- bidders ----


def _bidders(award: Award, tree: Any, bidders: dict[str, BidderIn], plan: Plan) -> None:
    count = len(award.bidders)
    for bidder in bidders.values():
        if bidder.new:
            made = {"id": bidder.id, "name": bidder.name, **_details(bidder)}
            plan.changes.append(Change(("bidders",), count, made))
            plan.preview.append(f"bidder added: {bidder.name} (id {bidder.id})")
            count += 1
        else:
            index = next(i for i, b in enumerate(award.bidders) if b.id == bidder.id)
            _update_details(tree, index, bidder, plan)


def _details(bidder: BidderIn) -> dict[str, Any]:
    found = bidder.details
    out: dict[str, Any] = {"address": found.get("address", [])}
    if found.get("company_number"):
        out["company_number"] = found["company_number"]
    contact = {"name": found.get("contact.name")}
    if found.get("contact.email"):
        contact["email"] = found["contact.email"]
    out["contact"] = contact
    return out


def _update_details(tree: Any, index: int, bidder: BidderIn, plan: Plan) -> None:
    places = {
        "address": ((), "address"),
        "company_number": ((), "company_number"),
        "contact.name": (("contact",), "name"),
        "contact.email": (("contact",), "email"),
    }
    for key, value in bidder.details.items():
        sub, name = places[key]
        loc: Loc = ("bidders", index, *sub)
        old = (node_at(tree, loc) or {}).get(name)
        if not same(old, value):
            plan.changes.append(Change(loc, name, value))
            plan.preview.append(
                f"{bidder.name}: {key.replace('_', ' ')} {_shown(old)} → {_shown(value)}"
            )


# ---- bids ----


def _bid(
    tree: Any,
    bid: BidIn,
    names: dict[str, str],
    plan: Plan,
    new_bids: dict[tuple[Loc, str], dict[str, Any]],
) -> None:
    unit = bid.unit
    index = next((i for i, b in enumerate(unit.bids) if b.bidder == bid.bidder), None)
    who = f"{_unit_name(unit)}, {names[bid.bidder]}"
    if index is None:
        made = _new_bid(bid)
        new_bids[(unit.loc, bid.bidder)] = made
        return
    loc = bid_loc(unit, index)
    node = node_at(tree, loc)
    for key, value in _fields(bid, node):
        old = node.get(key)
        plan.changes.append(Change(loc, key, value))
        plan.preview.append(f"{who}: {key.replace('_', ' ')} {_shown(old)} → {_shown(value)}")
    for group, values in (("gates", bid.gates), ("scores", bid.scores)):
        held = node.get(group) or {}
        for key, value in values.items():
            if not same(held.get(key), value):
                plan.changes.append(Change((*loc, group), key, value))
                plan.preview.append(f"{who}: {key} {_shown(held.get(key))} → {_shown(value)}")


def _fields(bid: BidIn, node: Any) -> Iterator[tuple[str, Any]]:
    for key in ("price_bid", "feedback", "exclusion_reason"):
        value = getattr(bid, key)
        if value is not None and not same(node.get(key), value):
            yield key, value
    if bid.excluded and node.get("scores"):
        yield "scores", REMOVE


def _new_bid(bid: BidIn) -> dict[str, Any]:
    made: dict[str, Any] = {"bidder": bid.bidder}
    if bid.gates:
        made["gates"] = dict(bid.gates)
    if bid.scores:
        made["scores"] = dict(bid.scores)
    if bid.price_bid is not None:
        made["price_bid"] = bid.price_bid
    made["outcome"] = "excluded" if bid.excluded else "unsuccessful"
    if bid.exclusion_reason:
        made["exclusion_reason"] = bid.exclusion_reason
    if bid.feedback:
        made["feedback"] = bid.feedback
    return made


def _appends(tree: Any, new_bids: dict[tuple[Loc, str], dict[str, Any]]) -> list[Change]:
    """The changes that add the new bids, Lot by Lot (making a Lot's bidders list if needed)."""
    out: list[Change] = []
    counts: dict[Loc, int] = {}
    for (unit_loc, _), made in new_bids.items():
        holder: Loc = (*unit_loc, "bidders") if unit_loc else ("bids",)
        if holder not in counts:
            existing = node_at(tree, holder)
            if existing is None:
                out.append(Change(holder[:-1], str(holder[-1]), []))
            counts[holder] = len(existing or [])
        out.append(Change(holder, counts[holder], made))
        counts[holder] += 1
    return out


# ---- outcomes ----


def _outcomes(
    tree: Any,
    bids: list[BidIn],
    names: dict[str, str],
    plan: Plan,
    new_bids: dict[tuple[Loc, str], dict[str, Any]],
    outcomes: Outcomes,
) -> None:
    excluded = {(b.unit.loc, b.bidder): b.excluded for b in bids if b.excluded is not None}
    provisional = list(plan.changes)
    provisional += [change for _, change in _excluded_changes(tree, bids, excluded)]
    touched = {b.unit.loc for b in bids}
    planned = outcomes(provisional + _appends(tree, new_bids))
    computed: dict[tuple[Loc, str], str] = {}
    for unit in planned:
        if unit.loc not in touched:
            continue
        if unit.is_cancelled or unit.appointment is None:
            plan.notes.append(
                f"{_unit_name(unit)}: no appointment rule (or cancelled): outcomes not computed"
            )
            continue
        chosen = unit.should_be_appointed
        for index, bid in enumerate(unit.bids):
            if bid.outcome == "excluded":
                outcome = "excluded"
            else:
                outcome = "appointed" if bid.bidder in chosen else "unsuccessful"
            key = (unit.loc, bid.bidder)
            if key in new_bids:
                new_bids[key]["outcome"] = outcome
                plan.preview.append(
                    f"{_unit_name(unit)}: bid added for {names[bid.bidder]} ({outcome})"
                )
            else:
                old = node_at(tree, (*bid_loc(unit, index), "outcome"))
                if old != outcome:
                    plan.changes.append(Change(bid_loc(unit, index), "outcome", outcome))
                    plan.preview.append(
                        f"{_unit_name(unit)}, {names[bid.bidder]}: outcome {old} → {outcome}"
                    )
            computed[key] = outcome
    for read in bids:
        given = computed.get((read.unit.loc, read.bidder))
        if read.typed_outcome and given and read.typed_outcome != given:
            plan.notes.append(
                f"sheet {read.sheet!r}, row {read.row}: the workbook says {read.typed_outcome}, "
                f"the award's rules give {given}: the computed outcome is kept"
            )
    plan.changes += _appends(tree, new_bids)


def _excluded_changes(
    tree: Any, bids: list[BidIn], excluded: dict[tuple[Loc, str], bool]
) -> Iterator[tuple[int, Change]]:
    """Provisional outcomes of known bids whose exclusion the workbook changes."""
    for bid in bids:
        index = next((i for i, b in enumerate(bid.unit.bids) if b.bidder == bid.bidder), None)
        state = excluded.get((bid.unit.loc, bid.bidder))
        if index is None or state is None:
            continue
        old = node_at(tree, (*bid_loc(bid.unit, index), "outcome"))
        if state and old != "excluded":
            yield index, Change(bid_loc(bid.unit, index), "outcome", "excluded")
        elif not state and old == "excluded":
            yield index, Change(bid_loc(bid.unit, index), "outcome", "unsuccessful")


def _unit_name(unit: Unit) -> str:
    return f"Lot {unit.number}" if unit.number is not None else "the contract"


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    text = str(value)
    return repr(text[:60] + "…") if len(text) > 60 else repr(text) if " " in text else text
