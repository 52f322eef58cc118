"""The leak check: no letter may carry another bidder's name, or an unsuccessful bidder's scores.

A letter may name its addressee and the successful tenderers of its own Lot (PCR 2015 reg 86 and
the Act's assessment summary require that). Every other bidder of the award is a *secret* for
it: their names, and the scores of the other unsuccessful and excluded bidders of the same
Lot, unless the letter may print that number anyway (its own
scores, the successful tenderers' scores, the weights and the threshold, all taken from the
record, not from the letter). The check reads the finished files, so it catches a leak whatever put it there.

Matching is done on the text as a person reads it (docgen.readback.reading, the audit's
reading too): case-folded, NFKC, invisible characters (soft hyphens, zero-width and bidi
controls) removed, line breaks and hyphenated line ends joined, so "VALLEYS CARERS TRUST" or a
name wrapped over two lines is still found. Scores with no decimal point ("83") count where they
read as a score ("scored 83", "83 out of 100") or follow their bidder's name, never as a
paragraph number, a date or a count. The scan is linear in the text: names are indexed by their
first word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.build.engine import Job
from docgen.derive import formatting as fmt
from docgen.readback.pdf import read_pdf
from docgen.readback.reading import (
    NameIndex,
    alone,
    normalise,
    numbers_after,
    outside,
    scored_numbers,
)
from docgen.readback.word import read_docx

_DECIMAL = re.compile(r"\d(?<![\d.]\d)\d*\.\d+(?!\d)")
"""A number with a decimal point, not part of a longer one: a digit not after a digit or point
(the look-behind comes after the first digit, so the scan jumps from digit to digit)."""


@dataclass(frozen=True)
class Secrets:
    """What one letter may name, and which score strings it must not contain."""

    allowed: frozenset[str]  # bidder ids it may name: the addressee and the Lot's successful ones
    scores: frozenset[str]  # other unsuccessful bidders' distinctive scores, as printed
    # other unsuccessful bidders' everyday scores ("83"), as (bidder id, score): leaked only
    # where they read as a score, or follow that bidder's name
    everyday: frozenset[tuple[str, str]] = frozenset()


def distinctive(scores: Iterable[str], legitimate: set[str]) -> frozenset[str]:
    """The scores with a decimal point that are not also numbers the letter may print."""
    return frozenset(s for s in scores if "." in s and s not in legitimate)


def everyday(
    scores: Iterable[tuple[str, Iterable[str]]], legitimate: set[str]
) -> frozenset[tuple[str, str]]:
    """(bidder id, score) for each bidder's scores without a decimal point ("83") that are not
    also numbers the letter may print; scores: (bidder id, its scores as printed)."""
    return frozenset(
        (bidder, s)
        for bidder, texts in scores
        for s in texts
        if "." not in s and s not in legitimate
    )


def leaks(text: str, secrets: Secrets, index: NameIndex) -> list[str]:
    """What the text gives away: names of bidders it may not name, and their scores. Matched as
    a person reads (docgen.readback.reading): case, invisible characters and line breaks aside;
    a name inside a longer name the letter may give ("Bow Care" in "Bow Care North") is not
    reported."""
    flat = normalise(text)
    hits = index.find(flat)
    found = [
        f"the name of {index.display[key]!r} ({key})"
        for key, _, _ in outside(hits, secrets.allowed)
    ]
    if secrets.scores:
        numbers = {fmt.trimmed(n) for n in set(_DECIMAL.findall(flat))}
        found += [f"the score {s}" for s in sorted(secrets.scores & numbers)]
    if secrets.everyday:
        scored = scored_numbers(flat)
        for bidder, score in secrets.everyday:
            after = numbers_after(flat, alone(hits, bidder))
            if score in scored or score in after:
                found.append(f"the score {score}")
    return sorted(set(found))


# ---- checking each letter as it is rendered (build.Check, in the render workers) ----


class LeakCheck:
    """The leak check that `build.run` runs on each letter's files, as rendered, before they are
    written: the text is read from the very bytes that go to disk (PDF and Word)."""

    def __init__(
        self,
        names: dict[str, dict[str, str]],
        letters: dict[PurePosixPath, tuple[str, str, Secrets]],
    ) -> None:
        self.names = names  # award id -> bidder id -> name
        self.letters = letters  # job stem -> (award id, what the letter is, its secrets)
        self._indexes: dict[str, NameIndex] = {}

    def __getstate__(self) -> object:
        return self.names, self.letters

    def __setstate__(self, state: tuple[Any, Any]) -> None:
        self.names, self.letters = state
        self._indexes = {}

    def __call__(self, job: Job, files: dict[str, bytes]) -> list[str]:
        award, label, secrets = self.letters[job.stem]
        index = self._indexes.get(award)
        if index is None:
            index = self._indexes[award] = NameIndex(self.names[award])
        return [
            f"{label} ({fmt}) contains {leak}"
            for fmt, data in sorted(files.items())
            for leak in leaks(bytes_text(fmt, data), secrets, index)
        ]


def bytes_text(fmt: str, data: bytes) -> str:
    """The text a reader of the file could see (docgen.readback): pages or paragraphs, metadata
    and embedded files."""
    return read_pdf(data).text() if fmt == "pdf" else read_docx(data).text()


# ---- checking finished files (in worker processes) ----

Item = tuple[str, tuple[Path, ...], Secrets]  # (what the letter is, its files, its secrets)
Chunk = tuple[dict[str, str], list[Item]]  # (an award's bidder names by id, some of its letters)
CHUNK = 25


def chunks(names: dict[str, str], items: Sequence[Item]) -> list[Chunk]:
    return [(names, list(items[i : i + CHUNK])) for i in range(0, len(items), CHUNK)]


def file_text(path: Path) -> str:
    return bytes_text(path.suffix[1:], path.read_bytes())


def check_chunk(chunk: Chunk) -> list[tuple[Path, str]]:
    """Every leak in a chunk of letters, as (file, message)."""
    names, items = chunk
    index = NameIndex(names)
    return [
        (path, f"{label} ({path.suffix[1:]}) contains {leak}")
        for label, paths, secrets in items
        for path in paths
        for leak in leaks(file_text(path), secrets, index)
    ]
