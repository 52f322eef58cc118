"""What every rule on a route reads (the route awards with their council and decision), and the
core checks every validate runs on those records: their council and officers exist, their dates
run in order. Core findings cannot be switched off (docgen.checks.core calls them)."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.checks.rules.base import RuleContext
from docgen.models import Council, Decision, RouteAward
from docgen.models.changes import Modification, NotAwarded
from docgen.models.routes import DirectAward
from docgen.records.loading import Finding, Records


def route_awards(ctx: RuleContext) -> Iterator[tuple[Council, RouteAward, Decision | None]]:
    """Every award record of a route that scores no tenders whose council exists, with the first
    decision that names it."""
    named: dict[str, Decision] = {}
    for decision in ctx.records.decisions.values():
        if decision.award:
            named.setdefault(decision.award, decision)
    for record in ctx.records.route_awards.values():
        council = ctx.records.councils.get(record.council)
        if council is not None:
            yield council, record, named.get(record.id)


def route_core_findings(record: RouteAward, records: Records) -> Iterator[Finding]:
    """The council and every officer the record names exist; the dates run in order."""
    council = records.councils.get(record.council)
    if council is None:
        known = ", ".join(sorted(records.councils))
        yield record, ("council",), f"no council record has id {record.council!r} (known: {known})"
        return
    for loc, officer in _officers(record):
        if council.officer(officer) is None:
            officers = ", ".join(o.id for o in council.officers)
            yield record, loc, f"no officer with id {officer!r} (known: {officers})"
    if isinstance(record, NotAwarded):
        proc, told = record.procurement, record.notification
        if proc.tender_deadline < proc.first_notice:
            yield (
                record,
                ("procurement", "tender_deadline"),
                f"must not be before first_notice {proc.first_notice} (got {proc.tender_deadline})",
            )
        if told is not None and told.send_date < proc.first_notice:
            yield (
                record,
                ("notification", "send_date"),
                f"must not be before first_notice {proc.first_notice} (got {told.send_date})",
            )
    if isinstance(record, DirectAward) and record.contract.start < record.procurement.began:
        yield (
            record,
            ("contract", "start"),
            f"must not be before the procurement began on {record.procurement.began} "
            f"(got {record.contract.start})",
        )
    if isinstance(record, Modification) and record.contract_changed.current_end < (
        record.contract_changed.awarded
    ):
        yield (
            record,
            ("contract_changed", "current_end"),
            f"must not be before the contract was awarded on {record.contract_changed.awarded}",
        )


def _officers(record: RouteAward) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(record, DirectAward) and record.notification and record.notification.signatory:
        yield ("notification", "signatory"), record.notification.signatory
    if isinstance(record, Modification) and record.signatory:
        yield ("signatory",), record.signatory
    if isinstance(record, NotAwarded) and record.notification:
        yield ("notification", "signatory"), record.notification.signatory
    if not isinstance(record, DirectAward | Modification | NotAwarded):
        yield ("delegation", "officer"), record.delegation.officer
