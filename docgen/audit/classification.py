"""The audit reads each decision's own classification: what it calls exempt stays in exempt/.

A decision's record says which of its appendices are exempt (docgen/documents/exemption.py: an
appendix marked `exempt`, and the scores appendix always; docs/law.md §4). Planning puts each
into <decision>/exempt/ (docgen/build/papers.py); this check reads the output folder against the
same classification and finds an exempt part among the public files two ways:

- by its file: the exempt part's file name outside exempt/ (`<decision>/appendix-a-suppliers.pdf`
  when the decision calls Appendix A exempt), whatever it says;
- by what it withholds: when the decision calls its suppliers appendix exempt (a council that
  names its preferred suppliers only after standstill), the names of the suppliers appointed in
  it, in a public file of that decision (or one outside every decision's folder).

A copy that carries the NOT FOR PUBLICATION marking is also caught by `exempt-placement`.

The letters of a decision not to award are classified here too (``tenderer_letters``): each is a
single letter to one tenderer, not a print file, so the audit checks it as a letter (no other
tenderer's name or contact, ``tenderer_secrets``; metadata; accessibility).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from docgen.audit.read import Opened
from docgen.audit.values import Secret, in_each_language, word_pattern
from docgen.build.papers import is_exempt, paper_jobs
from docgen.derive.units import units
from docgen.documents.common import exemption_text
from docgen.documents.exemption import exempt_appendices
from docgen.documents.kinds import EXEMPT_FOLDER, kind
from docgen.models import Award, NotAwarded
from docgen.readback.reading import normalise
from docgen.records.loading import Records

CHECK = "exempt-classification"
DESCRIPTION = (
    "no part a decision's own record calls exempt is a public file: not its file outside "
    "exempt/, nor (for an exempt suppliers appendix) the names of the suppliers it withholds"
)
NAMES_WITHHELD = ("award_suppliers",)
"""The appendices whose appointed suppliers' names are what the exemption withholds."""


@dataclass(frozen=True)
class ExemptPart:
    """One part a decision calls exempt, where it must not be, and what it withholds."""

    decision: str
    public_stem: PurePosixPath  # where its public edition would be: <decision>/appendix-a-suppliers
    what: str  # "Appendix A: Suppliers appointed to each Lot"
    why: str  # "paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
    names: tuple[Secret, ...]  # the appointed suppliers it withholds (suppliers appendix only)

    def called(self) -> str:
        return f"{self.decision} calls {self.what} exempt (by virtue of {self.why})"


@dataclass(frozen=True)
class Classification:
    """Every part every decision calls exempt; the decisions' folders."""

    parts: tuple[ExemptPart, ...]
    decisions: frozenset[str]

    @classmethod
    def of(cls, records: Records) -> Classification:
        parts = []
        for job in paper_jobs(records, formats=("pdf",)):
            source = kind(job.kind).source
            if not is_exempt(job) or source is None:
                continue
            decision = records.decisions[job.stem.parts[0]]
            nation = records.councils[decision.council].nation
            found = [e for e in exempt_appendices(decision, nation) if e[1].source == source]
            for letter, appendix, why in found:
                award = records.awards.get(decision.award or "")
                names = _appointed(award) if source in NAMES_WITHHELD and award else ()
                public = PurePosixPath(*(p for p in job.stem.parts if p != EXEMPT_FOLDER))
                what = f"Appendix {letter}: {appendix.title}"
                cited = exemption_text(why.paragraphs, nation)
                parts.append(ExemptPart(decision.id, public, what, cited, names))
        return cls(tuple(parts), frozenset(records.decisions))

    def check(self, rel: PurePosixPath, opened: Opened) -> list[str]:
        """Why a public file holds a part its decision calls exempt; empty when it does not."""
        problems = []
        for part in self.parts:
            if rel.with_suffix("") == part.public_stem:
                problems.append(
                    f"{part.called()}: its edition belongs only in "
                    f"{part.decision}/{EXEMPT_FOLDER}/, yet this public file is it"
                )
            elif self._in_scope(rel, part):
                problems += _named(opened, part)
        return problems

    def _in_scope(self, rel: PurePosixPath, part: ExemptPart) -> bool:
        """A public file of the decision, or one outside every decision's folder."""
        top = rel.parts[0] if len(rel.parts) > 1 else ""
        return top == part.decision or top not in self.decisions


def _appointed(award: Award) -> tuple[Secret, ...]:
    """Each appointed supplier's name, in each language the record gives it (§11.4)."""
    names = {s.bidder.id: s.bidder.name for u in units(award) for s in u.appointed}
    return tuple(
        Secret("name", normalise(written), word_pattern(written), award.id, bidder, "", written)
        for bidder, name in sorted(names.items())
        for written in in_each_language(name)
    )


def _named(opened: Opened, part: ExemptPart) -> list[str]:
    withheld = frozenset(secret.value for secret in part.names)
    return [
        f"names {secret.label} in {opened.where(secret, withheld)}: a supplier appointed in "
        f"{part.what}, which {part.decision} calls exempt (by virtue of {part.why}), so no "
        "public document may name it"
        for secret in part.names
        if opened.holds(secret, withheld)
    ]


# ---- the letters of a decision not to award ----------------------------------------------------

TOLD = "the contract"
"""The Lot name of a decision not to award's letters: there is one contract, as advertised."""


def tenderer_letters(records: Records) -> dict[tuple[str, str, str], tuple[str, str]]:
    """Each letter of a decision not to award, as the audit keys letters: (award, folder,
    bidder) -> (Lot name, bidder). Each is a single letter to one tenderer, at
    <award>/letters/contract/<bidder> (docgen/letters/not_awarded.py), checked as a letter."""
    return {
        (record.id, "contract", bidder.id): (TOLD, bidder.id)
        for record in _not_awarded(records)
        for bidder in record.bidders
    }


def tenderer_secrets(records: Records) -> dict[str, list[Secret]]:
    """By award: each tenderer's name and contact details. A letter to one tenderer names no
    other (reg 55; s55: each is told its reasons alone), and no tenderer is appointed."""
    found: dict[str, list[Secret]] = {}
    for record in _not_awarded(records):
        council = records.councils.get(record.council)
        known = {normalise(n) for n in (council.name, council.short_name)} if council else set()
        secrets = found.setdefault(record.id, [])
        for bidder in record.bidders:
            for written in in_each_language(bidder.name):  # the Welsh too (§11.4)
                name = normalise(written)
                label = f"the name of {written}, another tenderer"
                secrets.append(
                    Secret("name", name, word_pattern(name), record.id, bidder.id, "", label)
                )
            contact = normalise(bidder.contact.name)
            if len(contact.split()) >= 2 and contact not in known:
                label = f"contact name {bidder.contact.name} ({bidder.name})"
                pattern = word_pattern(contact)
                secrets.append(Secret("contact", contact, pattern, record.id, bidder.id, "", label))
            if bidder.contact.email:
                email = normalise(bidder.contact.email)
                label = f"contact email {bidder.contact.email} ({bidder.name})"
                pattern = word_pattern(email)
                secrets.append(Secret("contact", email, pattern, record.id, bidder.id, "", label))
    return found


def tenderer_names(records: Records) -> dict[str, str]:
    """Every tenderer of a decision not to award, by its name as read (for the name index)."""
    return {
        normalise(written): written
        for r in _not_awarded(records)
        for b in r.bidders
        for written in in_each_language(b.name)
    }


def _not_awarded(records: Records) -> list[NotAwarded]:
    found = (r for r in records.route_awards.values() if isinstance(r, NotAwarded))
    return sorted(found, key=lambda r: r.id)
