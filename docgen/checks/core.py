"""Checks that need more than one field or more than one record (issue: core consistency).

Each check yields (record, location, message); docgen.loading turns them into file:line:column
problems. The legal rules of the rules layer build on the same shape.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from docgen import resources
from docgen.checks.bids import unit_findings
from docgen.checks.glyphs import missing
from docgen.checks.prose import prose_findings
from docgen.checks.rules.route_core import route_core_findings
from docgen.derive import formatting as fmt
from docgen.derive.units import max_value, units
from docgen.errors import Problem, RecordError
from docgen.models import Award, Council, Decision, Record
from docgen.models.award import Criterion
from docgen.records.loading import Finding, Loc, Records, iter_records


def check(records: Records) -> list[Problem]:
    """Every consistency problem across the records, located in their files."""
    findings: list[Finding] = []
    for decision in records.decisions.values():
        findings += decision_findings(decision, records)
    for award in records.awards.values():
        findings += award_findings(award, records)
    for other in records.route_awards.values():  # the other routes (docgen.checks.rules.routes)
        findings += route_core_findings(other, records)
    for record in iter_records(records):
        findings += glyph_findings(record)
    return [records.problem(record, loc, message) for record, loc, message in findings]


def check_or_raise(records: Records) -> None:
    problems = check(records)
    if problems:
        raise RecordError(problems)


# ---- decisions ----


def decision_findings(decision: Decision, records: Records) -> Iterator[Finding]:
    council = records.councils.get(decision.council)
    if council is None:
        yield (
            decision,
            ("council",),
            f"no council record has id {decision.council!r}{_known(records.councils)}",
        )
    else:
        yield from _people(decision, council)
    if decision.award and records.award_record(decision.award) is None:
        known = {**records.awards, **records.route_awards}
        yield (decision, ("award",), f"no award record has id {decision.award!r}{_known(known)}")
    yield from _decision_dates(decision)
    yield from _appendices(decision)
    if council is not None:
        yield from prose_findings(decision, council, records.award_record(decision.award))


def _people(decision: Decision, council: Council) -> Iterator[Finding]:
    officers = [o.id for o in council.officers]
    members = [m.id for m in council.members]
    for field, wanted, known in (
        ("report_of", decision.report_of, officers),
        ("author", decision.author, officers),
        ("lead_member", decision.lead_member, members),
    ):
        if wanted is not None and wanted not in known:
            yield (
                decision,
                (field,),
                f"{council.short_name} has no {'member' if field == 'lead_member' else 'officer'} with id {wanted!r}{_choices(known)}",
            )
    maker = decision.decision_maker
    if maker.kind == "cabinet_member" and maker.member not in members:
        yield (
            decision,
            ("decision_maker", "member"),
            f"no member with id {maker.member!r}{_choices(members)}",
        )
    if maker.kind == "officer" and maker.officer not in officers:
        yield (
            decision,
            ("decision_maker", "officer"),
            f"no officer with id {maker.officer!r}{_choices(officers)}",
        )


def _decision_dates(decision: Decision) -> Iterator[Finding]:
    day = decision.decision_date
    if decision.meeting and decision.meeting.date != day:
        yield (
            decision,
            ("decision_date",),
            f"must be the meeting date {decision.meeting.date} (got {day})",
        )
    if decision.report_published and decision.report_published > day:
        yield (
            decision,
            ("report_published",),
            f"must not be after the decision date {day} (got {decision.report_published})",
        )
    if decision.decision_published and decision.decision_published < day:
        yield (
            decision,
            ("decision_published",),
            f"must not be before the decision date {day} (got {decision.decision_published})",
        )
    first = decision.key_decision.first_published
    if first and first >= day:
        yield (
            decision,
            ("key_decision", "first_published"),
            f"must be before the decision date {day} (got {first})",
        )


def _appendices(decision: Decision) -> Iterator[Finding]:
    for i, appendix in enumerate(decision.appendices):  # ids are unique (docgen.models.unique)
        if appendix.source.startswith("award_") and not decision.award:
            yield (
                decision,
                ("appendices", i, "source"),
                f"{appendix.source!r} needs the decision to name its award",
            )


# ---- awards ----


def award_findings(award: Award, records: Records) -> Iterator[Finding]:
    council = records.councils.get(award.council)
    if council is None:
        yield (
            award,
            ("council",),
            f"no council record has id {award.council!r}{_known(records.councils)}",
        )
    elif council.officer(award.notification.signatory) is None:
        officers = [o.id for o in council.officers]
        yield (
            award,
            ("notification", "signatory"),
            f"no officer with id {award.notification.signatory!r}{_choices(officers)}",
        )
    yield from _terms(award)
    yield from _award_dates(award)
    yield from _weights(award, award.criteria, ("criteria",))
    for unit in units(award):
        if unit.lot and unit.lot.criteria:
            yield from _weights(award, unit.lot.criteria, (*unit.loc, "criteria"))
        yield from unit_findings(award, unit)


def _terms(award: Award) -> Iterator[Finding]:
    terms = award.contract
    if terms.initial_years is None or terms.max_years is None or terms.extensions_months:
        yield from _terms_in_months(award)  # H7: a term stated in months
    elif (expected := terms.initial_years + sum(terms.extensions_years, Decimal(0))) != (
        terms.max_years
    ):
        yield (
            award,
            ("contract", "max_years"),
            (
                f"must equal initial_years plus extensions_years ({fmt.term_short(terms.initial_years, terms.extensions_years)}"
                f" = {expected.normalize():f}) (got {terms.max_years.normalize():f})"
            ),
        )
    computed = max_value(award)
    if computed and abs(computed - terms.total_value) > computed * terms.value_tolerance:
        yield (
            award,
            ("contract", "total_value"),
            (
                f"must equal annual_value × max_years = {fmt.money_exact(computed)} within "
                f"{terms.value_tolerance * 100:.1f}% (got {fmt.money_exact(terms.total_value)})"
            ),
        )


def _terms_in_months(award: Award) -> Iterator[Finding]:
    """R2 for a term given wholly or partly in months: initial + extensions = the longest."""
    terms = award.contract
    expected = terms.initial_in_months + sum(terms.extensions_in_months, Decimal(0))
    if expected != terms.max_in_months:
        field = "max_months" if terms.max_months is not None else "max_years"
        parts = fmt.term_short_months(terms.initial_in_months, terms.extensions_in_months)
        yield (
            award,
            ("contract", field),
            f"must equal the initial term plus its extensions ({parts} = "
            f"{fmt.months(expected, True)}) (got {fmt.months(terms.max_in_months, True)})",
        )


def _award_dates(award: Award) -> Iterator[Finding]:
    proc, note = award.procurement, award.notification
    if proc.tender_deadline < proc.first_notice:
        yield (
            award,
            ("procurement", "tender_deadline"),
            f"must not be before first_notice {proc.first_notice} (got {proc.tender_deadline})",
        )
    if note.send_date < proc.tender_deadline:
        yield (
            award,
            ("notification", "send_date"),
            f"must not be before the tender deadline {proc.tender_deadline} (got {note.send_date})",
        )
    if award.contract.start < note.send_date:
        yield (
            award,
            ("contract", "start"),
            f"must not be before the award letters are sent on {note.send_date} (got {award.contract.start})",
        )


def _weights(award: Award, criteria: list[Criterion], loc: Loc) -> Iterator[Finding]:
    total = sum((c.weight for c in criteria), Decimal(0))
    if total != 100:
        yield award, loc, f"weights must add up to 100 (got {total.normalize():f})"


def _known(table: Mapping[str, object]) -> str:
    return _choices(list(table))


def _choices(known: list[str]) -> str:
    return f" (known: {', '.join(sorted(known))})" if known and len(known) <= 8 else ""


# ---- text the PDF fonts cannot show ----

FONT_DIR = resources.fonts()


def glyph_findings(record: Record) -> Iterator[Finding]:
    """Characters no shipped font can show would stop the PDF build: report them here instead."""
    for loc, text in _strings(record.model_dump(mode="json"), ()):
        chars = missing(text, FONT_DIR)
        if chars:
            shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars[:5])
            yield (
                record,
                loc,
                f"contains {shown}, which the PDF fonts in templates/fonts cannot show",
            )


def _strings(node: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*loc, i))
