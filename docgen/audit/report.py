"""Checks of finished outputs: exempt and private values stay out of public files, each letter
speaks of its own bidder only, metadata names no person or machine, and every PDF is accessible.

``audit(output_dir, records)`` reads every finished document back (PDF text, outline, structure
tree, metadata, XMP and embedded files such as docgen-data.json; every part of a .docx zip, from
the body to headers, footers, comments, core/app/custom properties and embedded files) and returns
an :class:`AuditReport`. It prints nothing. The values it looks for, and how each is made precise
so that an everyday "8" never raises an alarm, are in :mod:`docgen.audit.values`.

Secrets are scoped. A letter is checked against its own award. A public file in a decision's
folder is checked against its decision's award: every award's secrets, less what that award
publishes (the suppliers it appoints, its contract values): a supplier appointed here and
unsuccessful elsewhere is named without alarm; another award's scores planted here are caught.
A public file of no one award: less what any award publishes. Each finding says which value,
whose, why it must not be there, and the record it comes from.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from docgen.audit import accessibility, classification
from docgen.audit.read import Opened, open_document
from docgen.audit.values import Secret, bidder_names, normal, published_by_award, secrets
from docgen.build import processes
from docgen.derive.language import words_for
from docgen.derive.units import units
from docgen.readback.reading import NameIndex
from docgen.records.loading import Records, iter_records

Area = Literal["public", "exempt", "letter", "print"]
DOCUMENTS = (".pdf", ".docx", ".html")
MARKING = "NOT FOR PUBLICATION"
PARALLEL_FROM = 24
PRINT_NOTE = (
    "a print file of many letters (for the council's post room, neither sent nor published): "
    "checked for metadata only; each letter in it is checked as its own file"
)
CHECKS = {
    "readable": "every .pdf opens with pypdf, every .docx is a zip of XML parts, every .html parses",
    "exempt-values": "no Appendix B score, price bid, feedback or exclusion reason in a public file",
    "private-contacts": "no bidder contact name or email in a public file",
    "bidder-names": "no bidder that was appointed nowhere is named in a public file",
    "exempt-placement": "no exempt edition (marked NOT FOR PUBLICATION) among the public files",
    classification.CHECK: classification.DESCRIPTION,
    "exempt-marking": "every page of an exempt edition is marked NOT FOR PUBLICATION",
    "letter-leaks": "a letter names no other unsuccessful or excluded bidder, nor their scores",
    "metadata": "author is the council; no user name or machine path anywhere in a file",
    "pdf-accessibility": "every PDF is tagged, marked, titled (and shows it) and has /Lang",
    accessibility.CHECK: accessibility.DESCRIPTION,
    "html-accessibility": "every HTML page has a <title> and a lang attribute",
}
_MACHINE_PATHS = re.compile(r"/home/[^\s/]|/root/|/Users/[^\s/]|\b[A-Za-z]:\\+Users\\")


@dataclass(frozen=True)
class Finding:
    """One problem in one file."""

    path: str
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.check}: {self.message}"


@dataclass
class AuditReport:
    """What was checked (each file, its area and the checks run on it) and what was found."""

    root: Path
    files: dict[str, Area] = field(default_factory=dict)
    checks: dict[str, list[str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def notes(self) -> list[str]:
        """What the audit deliberately did not check, and why."""
        return [f"{path}: {PRINT_NOTE}" for path, area in self.files.items() if area == "print"]

    def to_dict(self) -> dict[str, object]:
        """The report as JSON-ready data (for `docgen audit --json`)."""
        return {
            "ok": self.ok,
            "root": str(self.root),
            "checks": CHECKS,
            "files": [
                {"path": p, "area": a, "checks": self.checks.get(p, [])}
                for p, a in self.files.items()
            ],
            "findings": [vars(f) for f in self.findings],
            "notes": self.notes,
        }

    def summary(self) -> str:
        verdict = "OK" if self.ok else f"FAILED with {len(self.findings)} finding(s)"
        checks = len({c for names in self.checks.values() for c in names})
        return f"audit {verdict}: {len(self.files)} file(s), {checks} kind(s) of check."


@dataclass(frozen=True)
class FileResult:
    path: str
    area: Area
    checks: list[str]
    findings: list[Finding]


def audit(output_dir: Path, records: Records, workers: int | None = None) -> AuditReport:
    """Read back every document below output_dir and check it; never raises on a bad file.

    Files are read in parallel (``workers`` processes, default one per CPU) when there are many.
    """
    report = AuditReport(root=output_dir)
    context = _Context.of(records, output_dir)
    paths = sorted(p for p in output_dir.rglob("*") if p.is_file() and p.suffix in DOCUMENTS)
    jobs = [(p, PurePosixPath(p.relative_to(output_dir).as_posix())) for p in paths]
    for result in _run(jobs, context, workers):
        report.files[result.path] = result.area
        report.checks[result.path] = result.checks
        report.findings += result.findings
    return report


def area_of(rel: PurePosixPath) -> Area:
    """exempt/ holds exempt editions, letters/ letters to one bidder each; the rest is published."""
    folders = rel.parts[:-1]
    if "exempt" in folders:
        return "exempt"
    return "letter" if "letters" in folders else "public"


def check_file(path: Path, rel: PurePosixPath, ctx: _Context) -> FileResult:
    """Every check that applies to one file."""
    area = area_of(rel)
    subject = _letter_subject(rel, ctx) if area == "letter" else None
    if area == "letter" and subject is None:
        area = "print"
    scope = ctx.scopes.get(rel.parts[0], "") if len(rel.parts) > 1 else ""
    result = FileResult(str(rel), area, ["readable"], [])
    opened = open_document(path, text=area != "print", names=ctx.names)
    if opened.error:
        result.findings.append(Finding(str(rel), "readable", opened.error))
        return result
    for check, found in _checks_for(area, opened, subject, ctx, scope):
        result.checks.append(check)
        result.findings.extend(Finding(str(rel), check, message) for message in found)
    if opened.fmt == "pdf" and area != "print":  # PDF/UA-1, machine-checkable part
        result.checks.append(accessibility.CHECK)
        found = accessibility.pdfua_findings(path)
        result.findings.extend(Finding(str(rel), accessibility.CHECK, m) for m in found)
    if area == "public":  # the decision's own classification (audit/classification.py)
        result.checks.append(classification.CHECK)
        found = ctx.classified.check(rel, opened)
        result.findings.extend(Finding(str(rel), classification.CHECK, m) for m in found)
    return result


# ---- running the checks, in parallel when there are many files -------------------------------

_WORKER_CONTEXT: list[_Context] = []


def _run(
    jobs: Sequence[tuple[Path, PurePosixPath]], ctx: _Context, workers: int | None
) -> Iterator[FileResult]:
    if len(jobs) < PARALLEL_FROM or workers == 1:
        yield from (check_file(path, rel, ctx) for path, rel in jobs)
        return
    count = workers or os.cpu_count() or 1
    chunk = max(1, min(16, len(jobs) // (count * 4)))
    # forkserver (spawn where there is none), not fork: a forked child could inherit a lock
    # held by another thread (Typst's).
    mp = processes.context(["docgen.audit.report"])
    with ProcessPoolExecutor(count, mp, initializer=_start_worker, initargs=(ctx,)) as pool:
        yield from pool.map(_check_in_worker, jobs, chunksize=chunk)


def _start_worker(ctx: _Context) -> None:
    _WORKER_CONTEXT[:] = [ctx]


def _check_in_worker(job: tuple[Path, PurePosixPath]) -> FileResult:
    return check_file(*job, _WORKER_CONTEXT[0])


@dataclass(frozen=True)
class _Context:
    """What every file is checked against, worked out once."""

    public: dict[str, dict[str, list[Secret]]]  # scope -> check name -> the values it looks for
    scopes: dict[str, str]  # a decision's or award's folder -> the award its files are about
    award_files: dict[str, str]  # award id -> its record file, as findings show it
    by_award: dict[str, list[Secret]]
    appointed: dict[tuple[str, str], frozenset[str]]  # (award, Lot name) -> appointed bidder ids
    letters: dict[tuple[str, str, str], tuple[str, str]]  # (award, folder, bidder) -> (Lot, id)
    authors: frozenset[str]
    machine_paths: frozenset[str]  # this machine's home, working, output and project folders
    classified: classification.Classification  # what each decision calls exempt
    names: NameIndex  # every bidder's name, keyed by its reading (as name secrets hold it)

    @classmethod
    def of(cls, records: Records, output_dir: Path) -> _Context:
        values = secrets(records)
        by_award: dict[str, list[Secret]] = {}
        for secret in values:
            by_award.setdefault(secret.award, []).append(secret)
        public = {  # under "": a file of no one award (less what any award publishes)
            scope: _by_check([s for s in values if s.value not in allowed])
            for scope, allowed in published_by_award(records).items()
        }
        scopes = {a: a for a in [*records.awards, *records.route_awards]}
        scopes |= {d.id: d.award for d in records.decisions.values() if d.award in scopes}
        files = {a.id: records.source(a).path for a in iter_records(records) if a.kind == "award"}
        appointed, letters = {}, {}
        for award in records.awards.values():
            for unit in units(award):
                appointed[(award.id, unit.name)] = frozenset(s.bidder.id for s in unit.appointed)
                folder = unit.folder  # lot-2, lot-1a or contract, as the letters' folders
                for scored in unit.scored:
                    letters[(award.id, folder, scored.bidder.id)] = (unit.name, scored.bidder.id)
        letters |= classification.tenderer_letters(records)  # a decision not to award's letters
        by_award |= classification.tenderer_secrets(records)
        names = [n for c in records.councils.values() for n in (c.name, getattr(c.name, "cy", ""))]
        authors = frozenset(normal(name) for name in names if name)  # Welsh parts: its Welsh
        return cls(
            public,
            scopes,
            files,
            by_award,
            appointed,
            letters,
            authors,
            _machine_paths(output_dir),
            classification.Classification.of(records),
            NameIndex(bidder_names(records) | classification.tenderer_names(records)),
        )


def _by_check(values: list[Secret]) -> dict[str, list[Secret]]:
    return {check: [s for s in values if s.kind in kinds] for check, kinds in _PUBLIC.items()}


def _machine_paths(output_dir: Path) -> frozenset[str]:
    folders = {Path.home(), Path.cwd(), output_dir.resolve(), Path(__file__).resolve().parents[2]}
    return frozenset(str(f) for f in folders if len(str(f)) >= 5)


_PUBLIC = {
    "exempt-values": ("score", "price", "feedback", "explanation", "exclusion"),
    "private-contacts": ("contact",),
    "bidder-names": ("name",),
}


def _checks_for(
    area: Area, opened: Opened, subject: Subject | None, ctx: _Context, scope: str
) -> Iterator[tuple[str, list[str]]]:
    if area == "public":
        for check, values in ctx.public.get(scope, ctx.public[""]).items():
            yield check, _leaks(opened, values, ctx)
        yield "exempt-placement", _placement(opened)
    elif area == "exempt":
        yield "exempt-marking", _marking(opened)
    elif subject is not None:
        yield "letter-leaks", _letter(opened, subject, ctx)
    yield "metadata", _metadata(opened, ctx)
    if opened.fmt != "docx" and area != "print":
        yield f"{opened.fmt}-accessibility", accessibility.flag_findings(opened)


# ---- leaks ------------------------------------------------------------------------------------


def _leaks(opened: Opened, values: Iterable[Secret], ctx: _Context, why: str = "") -> list[str]:
    """One message per distinct value found: whose value, where in the file, why it must not be
    there, and the record it comes from."""
    values = list(values)
    forbidden = frozenset(s.value for s in values if s.kind == "name")
    found: dict[str, str] = {}
    for secret in values:
        if secret.value not in found and opened.holds(secret, forbidden):
            record = ctx.award_files.get(secret.award, secret.award)
            where = opened.where(secret, forbidden)
            found[secret.value] = (
                f"{secret.label} appears in {where}: {why or secret.why} "
                f"(award {secret.award}, {record})"
            )
    return list(found.values())


def _markings() -> tuple[str, ...]:
    """The marking as each language prints it (the notices catalogue): "NID I'W GYHOEDDI"."""
    return tuple(dict.fromkeys(words_for(lang)(MARKING) for lang in ("en", "cy")))


def _placement(opened: Opened) -> list[str]:
    marked = _markings()
    where = next((s.where for s in opened.sources if any(m in s.text for m in marked)), None)
    return [] if where is None else [f"an exempt edition ({MARKING}) in the public pack: {where}"]


def _marking(opened: Opened) -> list[str]:
    if not opened.pages:
        return [f"no page or header carries {MARKING}"]
    what = "header" if opened.fmt == "docx" else "page"
    return [
        f"{what} {n} is not marked {MARKING}"
        for n, page in enumerate(opened.pages, start=1)
        if not any(m in page for m in _markings())
    ]


# ---- letters -----------------------------------------------------------------------------------

Subject = tuple[str, str, str]  # award id, Lot name, bidder id


def _letter_subject(rel: PurePosixPath, ctx: _Context) -> Subject | None:
    """<award>/letters/<lot-N or contract>/<bidder>.<ext>: whose letter, about which Lot (also
    <bidder>.<lang>.<ext>, a letter's other language in a council's separate layout; bidder ids
    hold no dot)."""
    parts = rel.parts
    if len(parts) != 4 or parts[1] != "letters":
        return None
    found = ctx.letters.get((parts[0], parts[2], parts[3].split(".")[0]))
    return None if found is None else (parts[0], *found)


def _letter(opened: Opened, subject: Subject, ctx: _Context) -> list[str]:
    """A letter about one Lot to one bidder: nothing of any other unsuccessful or excluded bid."""
    award, lot, bidder = subject
    appointed = ctx.appointed.get((award, lot), frozenset())
    mine = ctx.by_award.get(award, [])
    allowed = [s for s in mine if _allowed(s, lot, bidder, appointed)]
    allowed_values = {s.value for s in allowed}
    forbidden = [s for s in mine if s.value not in allowed_values]
    why = f"a letter to {bidder} about {lot} gives no other bidder's unsuccessful bid"
    return _leaks(opened, forbidden, ctx, why)


def _allowed(secret: Secret, lot: str, bidder: str, appointed: frozenset[str]) -> bool:
    """The bidder's own details, and what the law lets a letter say of the Lot's appointed bids
    (their names, scores and, under the Procurement Act, contact details)."""
    if secret.bidder == bidder:
        return True
    if secret.kind in ("score", "explanation"):  # explanations: reg 31, docs/law.md §6.4
        return secret.bidder in appointed and secret.unit == lot
    return secret.kind in ("contact", "name") and secret.bidder in appointed


# ---- metadata and accessibility ---------------------------------------------------------------


def _metadata(opened: Opened, ctx: _Context) -> list[str]:
    problems = [
        f"{name} is {value!r}, not the council's name"
        for name, value in opened.people.items()
        if value and normal(value) not in ctx.authors
    ]
    problems += _user_name(opened, ctx.authors)
    for source in opened.sources:
        match = _MACHINE_PATHS.search(source.text)
        path = match.group() if match else _first_in(source.text, ctx.machine_paths)
        if path:
            problems.append(f"a machine path ({path}…) appears in {source.where}")
    return problems


def _user_name(opened: Opened, authors: frozenset[str]) -> list[str]:
    user = getpass.getuser()
    if len(user) < 3 or any(user.casefold() in a.casefold() for a in authors):
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(user)}(?!\w)", re.IGNORECASE)
    return [
        f"the user name {user!r} appears in {name}"
        for name, value in opened.metadata.items()
        if pattern.search(value)
    ]


def _first_in(text: str, needles: Iterable[str]) -> str | None:
    return next((n for n in needles if n in text), None)
