"""The letters of a decision not to award: one to each tenderer, with the council's reasons
(documents/not_awarded_letter.py), at <award-id>/letters/contract/<bidder-id>.{docx,pdf}, like a
single contract's award letters. A direct award, a modification and an authority to procure
have no tenderers to write to, so they make no letters (docs/law.md §11).

Each letter names its own tenderer and no other: that is checked twice, on the context before
anything is rendered (the reason is the council's prose, which could name one), and on what each
rendered file reads as (OthersNamed, the build's check), so a letter that names another tenderer
is never written and stops the build.

Like the award letters (letters/plan.py), none is planned while any would print a drafting
placeholder (R36, docgen/checks/placeholders.py): letters are sent, so RecordError names each
placeholder at its file, line and column and no letter is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import PurePosixPath

from docgen.build.engine import Job, make_job
from docgen.checks import placeholders
from docgen.derive.language import letter_languages, words_for
from docgen.documents import not_awarded_letter
from docgen.documents.kinds import kind
from docgen.errors import CheckError, RecordError
from docgen.letters.leaks import bytes_text
from docgen.models import NotAwarded
from docgen.readback.reading import normalise
from docgen.records.loading import Finding, Loc, Records

KIND = kind("not_awarded_letter")


def plan(records: Records, formats: Sequence[str] = ("docx", "pdf")) -> list[Job]:
    """One job per tenderer of every decision not to award that says when they are told."""
    jobs = []
    wanted = [f for f in formats if f in KIND.formats]
    told = [
        (r, r.notification.send_date)
        for r in sorted(records.route_awards.values(), key=lambda r: r.id)
        if isinstance(r, NotAwarded) and r.notification is not None
    ]
    found = [f for record, _ in told for f in _placeholders(record, records)]
    if found:
        raise RecordError(list(dict.fromkeys(records.problem(*f) for f in found)))
    for record, day in told:
        council = records.councils[record.council]
        layout = council.languages.layout
        for bidder in record.bidders:
            langs = letter_languages(council.languages, bidder.language)  # as award letters
            contexts = [
                not_awarded_letter.build(record, council, bidder, words_for(lang)) for lang in langs
            ]
            for context in contexts:
                _refuse_others(record, bidder.id, context.model_dump_json())
            stem = PurePosixPath(record.id) / "letters" / "contract" / bidder.id
            if len(contexts) == 1 or layout == "sequential":
                one = contexts[0] if len(contexts) == 1 else contexts
                jobs.append(make_job(KIND.name, stem, one, council.name, day, wanted))
                continue
            stems = [stem, *(stem.with_name(f"{stem.name}.{lang}") for lang in langs[1:])]
            for each, context in zip(stems, contexts, strict=True):
                jobs.append(make_job(KIND.name, each, context, council.name, day, wanted))
    return jobs


MANIFEST = "manifest.csv"
COLUMNS = ("bidder_id", "bidder_name", "outcome", "email", "sent_by", "send_date", "pdf", "docx")


def manifests(records: Records, formats: Sequence[str]) -> dict[PurePosixPath, bytes]:
    """Each not-awarded record's <award-id>/letters/manifest.csv: one row per tenderer, with
    how and when its letter is sent and its files (paths relative to the manifest). It names no
    file hash, so a build stopped before it is rewritten leaves no row that a file contradicts."""
    found = {}
    for record in sorted(records.route_awards.values(), key=lambda r: r.id):
        if not isinstance(record, NotAwarded) or record.notification is None:
            continue
        told = record.notification
        out = io.StringIO()
        table = csv.writer(out, lineterminator="\n")
        table.writerow(COLUMNS)
        for bidder in sorted(record.bidders, key=lambda b: b.name.casefold()):
            email = bidder.contact.email or ""
            files = [f"contract/{bidder.id}.{f}" if f in formats else "" for f in ("pdf", "docx")]
            by = "email" if told.electronic and email else "post"
            row = [
                bidder.id,
                bidder.name,
                "not_awarded",
                email,
                by,
                told.send_date.isoformat(),
                *files,
            ]
            table.writerow(row)
        found[PurePosixPath(record.id) / "letters" / MANIFEST] = out.getvalue().encode()
    return found


class OthersNamed:
    """The build's check on each rendered letter: the other tenderers' names, read as a person
    reads the file (docgen.letters.leaks.bytes_text, docgen.readback.reading.normalise)."""

    def __init__(self, others: dict[PurePosixPath, tuple[str, ...]]) -> None:
        self.others = others

    def __call__(self, job: Job, files: dict[str, bytes]) -> list[str]:
        found = []
        for fmt, data in files.items():
            seen = normalise(bytes_text(fmt, data)).casefold()
            found += [
                f"{job.stem}.{fmt}: names another tenderer, {name}"
                for name in self.others.get(job.stem, ())
                if normalise(name).casefold() in seen
            ]
        return found


def others_named(records: Records) -> OthersNamed:
    """The check for every planned letter: each tenderer's letter, the others' names."""
    others: dict[PurePosixPath, tuple[str, ...]] = {}
    for record in records.route_awards.values():
        if isinstance(record, NotAwarded):
            for bidder in record.bidders:
                stem = PurePosixPath(record.id) / "letters" / "contract" / bidder.id
                others[stem] = tuple(b.name for b in record.bidders if b.id != bidder.id)
    return OthersNamed(others)


def _placeholders(record: NotAwarded, records: Records) -> list[Finding]:
    """Each placeholder in what the letters print (documents/not_awarded_letter.py): the
    record's title, procurement, reason and termination notice, each tenderer's details (each
    gets a letter), and the council's name, letterhead and signatory."""
    parts: list[Loc] = [
        (key,) for key in ("title", "procurement", "reason", "termination_notice", "bidders")
    ]
    why = ": a letter would print it, so no letter is written"
    found = list(placeholders.in_record(record, parts, why))
    council = records.councils[record.council]
    signatory = record.notification.signatory if record.notification else ""
    head: list[Loc] = [("name",), ("letterhead",)]
    head += [("officers", i) for i, o in enumerate(council.officers) if o.id == signatory]
    return found + list(placeholders.in_record(council, head, why))


def _refuse_others(record: NotAwarded, bidder_id: str, text: str) -> None:
    """A letter names no tenderer but its own (the reason is the council's prose, which could)."""
    seen = normalise(text).casefold()
    for other in record.bidders:
        if other.id != bidder_id and normalise(other.name).casefold() in seen:
            raise CheckError(
                f"{record.id}: the letter to {bidder_id} would name another tenderer, "
                f"{other.name}: take the name out of the reason"
            )
