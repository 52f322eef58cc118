"""The leak check: no letter may carry another bidder's name, or an unsuccessful bidder's scores.

A letter may name its addressee and the successful tenderers of its own Lot (PCR 2015 reg 86 and
the Act's assessment summary require that). Every other bidder of the award is a *secret* for
it: their names, and the distinctive scores (with a decimal point) of the other unsuccessful and
excluded bidders of the same Lot, unless the letter may print that number anyway (its own
scores, the successful tenderers' scores, the weights and the threshold, all taken from the
record, not from the letter). The check reads the finished files, so it catches a leak whatever put it there.

Matching is done on normalised text (NFC, case-folded, typographic apostrophes and all
whitespace runs made plain), so a name wrapped over two lines is still found. The scan is
linear in the text: names are indexed by their first word.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.build.engine import Job
from docgen.derive import formatting as fmt
from docgen.readback.pdf import read_pdf
from docgen.readback.word import read_docx

_DECIMAL = re.compile(r"(?<![\d.])\d+\.\d+(?![\d])")
_QUOTES = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'))
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w")


def normalise(text: str) -> str:
    """NFC, case-folded, straight quotes, every run of white space one space."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    for curly, plain in _QUOTES:
        if curly in text:
            text = text.replace(curly, plain)
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Secrets:
    """What one letter may name, and which score strings it must not contain."""

    allowed: frozenset[str]  # bidder ids it may name: the addressee and the Lot's successful ones
    scores: frozenset[str]  # other unsuccessful bidders' distinctive scores, as printed


def distinctive(scores: Iterable[str], legitimate: set[str]) -> frozenset[str]:
    """The scores with a decimal point that are not also numbers the letter may print."""
    return frozenset(s for s in scores if "." in s and s not in legitimate)


class NameIndex:
    """Every bidder name of an award, found in a text by one regular-expression scan.

    Names are grouped by their first word; the scan finds only those first words (as whole
    words), and each hit is compared with the names that start with it.
    """

    def __init__(self, names: dict[str, str]) -> None:
        self.display = dict(names)
        self.names = {bidder: normalise(name) for bidder, name in names.items()}
        self.by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for bidder, name in self.names.items():
            first = _TOKEN.search(name)
            if first:
                self.by_first[first.group()].append((bidder, name))
        # For each first word: the lengths its names come in, and the names by their text, so a
        # hit costs a slice and a dictionary look-up per length, not a comparison per name.
        self.lengths = {w: sorted({len(n) for _, n in group}) for w, group in self.by_first.items()}
        self.bidders: dict[str, list[str]] = defaultdict(list)
        for bidder, name in self.names.items():
            self.bidders[name].append(bidder)
        firsts = sorted(self.by_first, key=lambda w: (-len(w), w))
        alternatives = [re.escape(w) + (r"(?!\w)" if _WORD.match(w) else "") for w in firsts]
        self.scan = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")") if firsts else None

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """(bidder id, start, end) of every whole-word occurrence of a name in normalised text."""
        if self.scan is None:
            return []
        hits = []
        for match in self.scan.finditer(text):
            start = match.start()
            for length in self.lengths[match.group()]:
                name = text[start : start + length]
                if name in self.bidders and not _joined(text, start + length, name):
                    hits += [(bidder, start, start + length) for bidder in self.bidders[name]]
        return hits


def _joined(text: str, end: int, name: str) -> bool:
    """True when the match runs on into a longer word ("Bow Care" in "Bow Carers")."""
    return _WORD.fullmatch(name[-1:]) is not None and _WORD.match(text, end) is not None


def leaks(text: str, secrets: Secrets, index: NameIndex) -> list[str]:
    """What the text gives away: names of bidders it may not name, and their scores."""
    flat = normalise(text)
    hits = index.find(flat)
    allowed = [(s, e) for bidder, s, e in hits if bidder in secrets.allowed]
    found = []
    for bidder, start, end in hits:
        if bidder in secrets.allowed:
            continue
        if any(s <= start and end <= e for s, e in allowed):
            continue  # part of a longer name the letter may give ("Bow Care" in "Bow Care North")
        found.append(f"the name of {index.display[bidder]!r} ({bidder})")
    numbers = {fmt.trimmed(n) for n in _DECIMAL.findall(flat)}
    found += [f"the score {s}" for s in sorted(secrets.scores & numbers)]
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
