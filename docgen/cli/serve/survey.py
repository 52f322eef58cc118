"""What the overview and record pages show: every record, its state and its problems, each problem
beside the lines of the file that cause it. Read fresh for every page, with the same functions as
`docgen validate` (docgen.pipeline); nothing is cached between requests."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen import pipeline
from docgen.build.writer import sha256
from docgen.derive.timing import format_date
from docgen.derive.units import ScoredBid, Unit, units
from docgen.errors import DocgenError, Problem, RecordError
from docgen.models import Award, Council, Decision
from docgen.models.routes import ROUTE_NAMES, RouteAward
from docgen.records.loading import Records, find_record_files, load_records

CONTEXT_LINES = 2
KINDS = ("award", "decision", "council")
MAX_PEEK = 64 * 1024
_KIND = re.compile(r"^kind:[ \t]*([a-z]+)[ \t]*$", re.MULTILINE)
_ID = re.compile(r"^id:[ \t]*['\"]?([A-Za-z0-9][A-Za-z0-9._-]{0,99})['\"]?[ \t]*$", re.MULTILINE)


@dataclass
class Entry:
    """One record file: what it holds (when it could be read) and what is wrong with it."""

    path: Path
    kind: str = "unreadable"
    id: str = ""
    title: str = ""
    record: Award | RouteAward | Decision | Council | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    status: str = ""  # a decision's draft/cleared/final; for an award, its decisions'

    @property
    def state(self) -> str:
        if self.errors:
            return "errors"
        return "warnings" if self.warnings else "valid"

    @property
    def route(self) -> str:
        """How an award of a route other than a competitive one is named: 'a direct award'."""
        route = getattr(self.record, "route", None) if self.kind == "award" else None
        return ROUTE_NAMES[route] if route and route != "competitive" else ""

    @property
    def slug(self) -> str:
        """The id, or for a file that says none a name made from its folder and file name (two
        unreadable award.yaml files do not share one address)."""
        return self.id or f"{self.path.parent.name}-{self.path.stem}"


@dataclass
class Survey:
    """Every record file below the paths, read and validated as `docgen validate` does."""

    entries: list[Entry]
    records: Records | None  # the whole set, when it validates
    general: list[Problem] = field(default_factory=list)  # problems no single file owns

    def find(self, kind: str, ident: str) -> Entry | None:
        return next((e for e in self.entries if e.kind == kind and e.slug == ident), None)

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    @property
    def state(self) -> str:
        if self.general or any(e.errors for e in self.entries):
            return "errors"
        return "warnings" if any(e.warnings for e in self.entries) else "valid"


_seen: dict[tuple[str, ...], tuple[tuple[tuple[str, str], ...], Survey]] = {}
_seen_lock = threading.Lock()


def survey(paths: Sequence[Path]) -> Survey:
    """The survey of the records below paths: made again whenever any record file's bytes (or
    the set of files) differ from the last survey's, else that survey (validating the example
    records takes a second; reading and hashing them, milliseconds)."""
    roots = list(paths) or [pipeline.DEFAULT_RECORDS]
    key = tuple(str(p) for p in roots)
    state = _fingerprint(roots)
    with _seen_lock:
        seen = _seen.get(key)
        if seen is not None and seen[0] == state:
            return seen[1]
    made = _survey(roots)
    with _seen_lock:
        _seen[key] = (state, made)
    return made


def _fingerprint(roots: list[Path]) -> tuple[tuple[str, str], ...]:
    found = []
    for path in find_record_files(roots):
        try:
            found.append((str(path), sha256(path.read_bytes())))
        except OSError:
            found.append((str(path), ""))
    return tuple(found)


def _survey(roots: list[Path]) -> Survey:
    """Each file loaded alone (what it is), then the whole set validated with the rules."""
    entries = [_entry(path) for path in find_record_files(roots)]
    records: Records | None = None
    general: list[Problem] = []
    by_path = {e.path.resolve(): e for e in entries}
    try:
        records, report = pipeline.validate_with_rules(roots)
        found = [("warning", p) for p in report.warnings]
    except RecordError as exc:
        found = [("error", p) for p in exc.problems]
    except DocgenError as exc:
        found = [("error", Problem("", 0, 0, "", str(exc)))]
    for severity, problem in found:
        entry = by_path.get(Path(problem.path).resolve()) if problem.path else None
        if entry is None:
            general.append(problem)
            continue
        listed = entry.errors if severity == "error" else entry.warnings
        if problem not in listed:
            listed.append(problem)
    _statuses(entries)
    return Survey(entries, records, general)


def _entry(path: Path) -> Entry:
    entry = Entry(path)
    try:
        loaded = load_records([path])
    except RecordError as exc:
        entry.errors = list(exc.problems)
        entry.kind, entry.id = _named(path)
        return entry
    found: dict[str, Award] | dict[str, RouteAward] | dict[str, Decision] | dict[str, Council]
    for kind, found in (
        ("award", loaded.awards),
        ("award", loaded.route_awards),  # a direct award, a modification … (docs/law.md §11)
        ("decision", loaded.decisions),
        ("council", loaded.councils),
    ):
        for record in found.values():
            entry.kind, entry.id, entry.record = kind, record.id, record
            entry.title = record.name if isinstance(record, Council) else record.title
    return entry


def _named(path: Path) -> tuple[str, str]:
    """The kind and id a record that cannot be loaded says it has, read from its top-level lines
    alone (not parsed: it may be anything), or ("unreadable", a name made from its path)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")[:MAX_PEEK]
    except OSError:
        text = ""
    kind = _KIND.search(text)
    ident = _ID.search(text)
    if kind and ident and kind[1] in KINDS:
        return kind[1], ident[1]
    return "unreadable", f"{path.parent.name}-{path.stem}"


def _statuses(entries: list[Entry]) -> None:
    decisions = [e.record for e in entries if isinstance(e.record, Decision)]
    for entry in entries:
        if isinstance(entry.record, Decision):
            entry.status = entry.record.status
        elif entry.kind == "award" and entry.record is not None:
            own = sorted({d.status for d in decisions if d.award == entry.id})
            entry.status = ", ".join(own) or "no decision yet"


# ---- a problem beside its lines ----


@dataclass
class Excerpt:
    """Lines of a record file around a problem, the problem's own line marked."""

    problem: Problem
    lines: list[tuple[int, str, bool]]  # number, text, whether it is the problem's line


def excerpts(entry: Entry) -> list[tuple[str, Excerpt]]:
    """Each problem of the entry ("error" or "warning") with the lines that cause it."""
    try:
        text = entry.path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        text = []
    found = [("error", p) for p in entry.errors] + [("warning", p) for p in entry.warnings]
    return [(severity, _excerpt(p, text)) for severity, p in found]


def _excerpt(problem: Problem, text: list[str]) -> Excerpt:
    first = max(1, problem.line - CONTEXT_LINES)
    last = min(len(text), problem.line + CONTEXT_LINES)
    lines = [(n, text[n - 1], n == problem.line) for n in range(first, last + 1)]
    return Excerpt(problem, lines)


# ---- what an award page shows ----


@dataclass
class AwardView:
    """An award's Lots, bidders and outcomes, with its computed dates."""

    award: Award
    units: list[Unit]
    dates: list[tuple[str, str]]

    @staticmethod
    def outcome(unit: Unit, scored: ScoredBid) -> str:
        """The tender's outcome as the scores appendix words it: Appointed, Prime supplier,
        Reserve 2, Not appointed (holds the most Lots allowed), Excluded."""
        from docgen.documents.appendix_scores import outcome

        return outcome(unit, scored)


def award_view(award: Award, records: Records | None) -> AwardView:
    from docgen.documents.award_letter import standstill_for

    dates = [("Letters sent", _day(award.notification.send_date))]
    council = records.councils.get(award.council) if records else None
    if council is not None and records is not None:
        try:
            standstill = standstill_for(award, council)
        except ValueError as exc:
            dates.append(("Standstill ends", f"cannot be computed yet: {exc}"))
        else:
            if standstill is not None:
                dates.append(("Standstill ends", _day(standstill.ends)))
                dates.append(("Contract can be entered into", _day(standstill.earliest_conclusion)))
    return AwardView(award, units(award), dates + naming_decisions(award.id, records))


def naming_decisions(award_id: str, records: Records | None) -> list[tuple[str, str]]:
    """When call-in ends and when each decision naming the award can be implemented."""
    from docgen.documents.decision_notice import notice_timing

    dates: list[tuple[str, str]] = []
    for decision in records.decisions.values() if records else ():
        council = records.councils.get(decision.council) if records else None
        if decision.award != award_id or council is None:
            continue
        timing = notice_timing(decision, council)
        if timing.call_in_deadline is not None:
            dates.append((f"Call-in ends ({decision.id})", _day(timing.call_in_deadline)))
        dates.append((f"Can be implemented from ({decision.id})", _day(timing.implementable_from)))
    return dates


def decision_dates(decision: Decision, records: Records | None) -> list[tuple[str, str]]:
    """A decision's date, its publication, the end of call-in and when it can be implemented."""
    from docgen.documents.decision_notice import notice_timing

    council = records.councils.get(decision.council) if records else None
    if council is None:
        return []
    timing = notice_timing(decision, council)
    dates = [("Decision date", _day(timing.decision_date)), ("Published", _day(timing.published))]
    if timing.call_in_deadline is not None:
        dates.append(("Call-in ends", _day(timing.call_in_deadline)))
    dates.append(("Can be implemented from", _day(timing.implementable_from)))
    return dates


def _day(day: dt.date) -> str:
    return format_date(day, weekday=True)
