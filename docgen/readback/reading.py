"""Text as a person reads it: the one normalisation every leak check matches names and values in.

A reader does not see case, invisible characters, the way a line was broken, or which of the
Unicode forms of a letter was typed. ``normalise`` takes all of that away, and the build-time
leak check (docgen.letters.leaks) and the audit (docgen.audit) both match in its output, on
both sides (the text read back from a PDF, Word or HTML file, and the record's value), so the
two checks find the same things:

- invisible format characters removed: soft hyphens (U+00AD), zero-width characters (U+200B to
  U+200D, U+2060, U+FEFF), bidi controls (U+200E, U+200F, U+061C, U+202A to U+202E, U+2066 to
  U+2069) and every other character of Unicode category Cf, with the other default-ignorable
  characters (variation selectors, the combining grapheme joiner, Hangul fillers);
- Unicode NFKC (full-width letters, ligatures and no-break spaces read as the plain ones) and
  typographic apostrophes and quotation marks made plain;
- a hyphen between two letters taken out, together with a line break after it, so a word
  broken at a line end ("Car-\\ners") reads whole, and a hyphenated name ("Glan-yr-Afon") reads
  the same however its line was broken;
- case-folded; every run of white space and line breaks one space.

Names are found by ``NameIndex`` (whole words only), and a name that is part of a longer name
the text may give is not reported (``outside``): "Care Ltd" inside "Abbey Care Ltd" is Abbey
Care Ltd. Scores that are everyday numbers ("83", "8") are told from paragraph numbers, dates,
money, counts and house numbers by what stands around them: a word that makes a number a score
("scored 83", ``scored_numbers``), or a run of numbers right after the bidder's name, as a table
row gives them (``numbers_after``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable

from docgen.models.language import Localised

_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
"""Every character of Unicode category Cf (format), and the other default-ignorable ones."""
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_QUOTES = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("“", '"'), ("”", '"'))
_HYPHEN = re.compile(r"[-\u2010](?<=[^\W\d_].)(?:[ \t]*\n\s*)?(?=[^\W\d_])")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w")

Hit = tuple[str, int, int]  # (the name's key, start, end) in normalised text


def normalise(text: str) -> str:
    """The text as read: see the module's docstring. Linear, and quick on plain ASCII."""
    if not text.isascii():
        # The characters beyond ASCII say which passes are needed: every invisible character and
        # curly quotation mark is one of them.
        odd = _characters(text)
        if any(_INVISIBLE.match(char) for char in odd):
            text = _INVISIBLE.sub("", text)
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
            odd = _characters(text)
        for curly, plain in _QUOTES:
            if curly in odd:
                text = text.replace(curly, plain)
    if "-" in text or "\u2010" in text:
        text = _HYPHEN.sub("", text)
    return " ".join(text.casefold().split())


def _characters(text: str) -> set[str]:
    """A set holding every character of the text beyond ASCII (and perhaps others): found by one
    scan in a text of ordinary length; a long text's every character, so that a text mostly
    beyond ASCII never makes a list as long as itself."""
    return set(_NON_ASCII.findall(text)) if len(text) <= _FEW else set(text)


_FEW = 100_000


# ---- names --------------------------------------------------------------------------------------


class NameIndex:
    """Names found in a normalised text by one regular-expression scan, as whole words.

    Names are grouped by their first word; the scan finds only those first words, and each hit
    is compared with the names that start with it (a slice and a dictionary look-up per length).
    """

    def __init__(self, names: dict[str, str]) -> None:
        self.display = dict(names)  # key -> the name as written
        self.names = {key: normalise(name) for key, name in names.items()}
        self.keys: dict[str, list[str]] = defaultdict(list)  # a name (read) -> its keys
        lengths: dict[str, set[int]] = defaultdict(set)
        welsh = [
            (k, normalise(n.cy)) for k, n in names.items() if isinstance(n, Localised) and n.cy
        ]
        welsh = [(key, name) for key, name in welsh if name != self.names[key]]
        for key, name in [*self.names.items(), *welsh]:  # a name given {en, cy}: both are found
            first = _TOKEN.search(name)
            if first:
                self.keys[name].append(key)
                lengths[first.group()].add(len(name))
        self.lengths = {word: sorted(sizes) for word, sizes in lengths.items()}
        self.scan = _scan(self.lengths)

    def find(self, text: str) -> list[Hit]:
        """(key, start, end) of every whole-word occurrence of a name in normalised text."""
        if self.scan is None:
            return []
        hits = []
        for match in self.scan.finditer(text):
            start = match.start()
            for length in self.lengths[match.group()]:
                name = text[start : start + length]
                if name in self.keys and not _joined(text, start + length, name):
                    hits += [(key, start, start + length) for key in self.keys[name]]
        return hits


def _scan(firsts: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the first words, longer ones tried first, as a whole word. Grouped by
    their first character ("(?<!\\w)(?:a(?:bbey(?!\\w)|corn(?!\\w))|b(?:…))"), so at each place
    only the words that start with its character are tried: the same matches as one flat list
    of alternatives in the same order (no two groups can match at one place)."""
    groups: dict[str, list[str]] = {}
    for word in sorted(firsts, key=lambda w: (-len(w), w)):
        groups.setdefault(word[0], []).append(word)
    if not groups:
        return None
    alternatives = [
        re.escape(first)
        + "(?:"
        + "|".join(re.escape(w[1:]) + (r"(?!\w)" if _WORD.match(w) else "") for w in words)
        + ")"
        for first, words in groups.items()
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


def _joined(text: str, end: int, name: str) -> bool:
    """True when the match runs on into a longer word ("Bow Care" in "Bow Carers")."""
    return _WORD.fullmatch(name[-1:]) is not None and _WORD.match(text, end) is not None


def outside(hits: Iterable[Hit], permitted: Collection[str]) -> list[Hit]:
    """The hits of names not permitted, less those that are part of a permitted name's hit
    ("Care Ltd" inside "Abbey Care Ltd", when Abbey Care Ltd may be named)."""
    hits = list(hits)
    allowed = [(s, e) for key, s, e in hits if key in permitted]
    return [
        (key, start, end)
        for key, start, end in hits
        if key not in permitted and not any(s <= start and end <= e for s, e in allowed)
    ]


def alone(hits: Iterable[Hit], key: str) -> list[tuple[int, int]]:
    """Where the key's name stands on its own: its hits, less those inside another name's."""
    hits = list(hits)
    others = [(s, e) for k, s, e in hits if k != key]
    return [
        (start, end)
        for k, start, end in hits
        if k == key
        and not any(s <= start and end <= e and (s, e) != (start, end) for s, e in others)
    ]


# ---- numbers that read as scores ------------------------------------------------------------------

_NUMBER = r"(?<![\w.,£$€/])(?<!/ )(\d+(?:\.\d+)?)(?![\w£$€]|[.,:]\d|/(?!\s*100\b)\s*\d)"
_SCORED_AFTER = re.compile(
    r"(?:sco|sg)(?<!\wsco)(?<!\wsg)(?:r(?:ed|ing)|res?(?: (?:of|was|were|is))?|ôr(?: o)?|oriodd)"
    rf" ?[:=]? ?{_NUMBER}"
)
_SCALE = re.compile(r"(?:out of\b|/ ?100\b|points?\b|pts\b|marks?\b|%|allan o\b|pwynt)")
_SCORED_BEFORE = re.compile(rf"(?<!out of )(?<!allan o ){_NUMBER} ?$")
"""A number that reads as a score: after "scored", "score of", "score:" (and the Welsh), or
before "out of", "/100", "points", "marks", "%"; not the scale itself ("out of 100 points")."""
_IN_ROW = re.compile(r"\s*([:(|,;–-]?)\s*(\d+(?:\.\d+)?)(?=$|[\s),;:|%]|\.(?!\d))")


def _trimmed(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number


def scored_numbers(text: str) -> frozenset[str]:
    """The numbers of a normalised text that read as scores: "scored 83", "a score of 83",
    "83 out of 100", "83 points", "83%" (not "paragraph 83", "£83", "83 bids", "1 june")."""
    found = {_trimmed(m.group(1)) for m in _SCORED_AFTER.finditer(text)}
    for scale in _SCALE.finditer(text):
        number = _SCORED_BEFORE.search(text, max(0, scale.start() - 16), scale.start())
        if number:
            found.add(_trimmed(number.group(1)))
    return frozenset(found)


def numbers_after(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[str]:
    """The numbers that stand right after a name as its scores: a run of two or more ("Valleys
    Carers Trust 38 8 7 30 83", a table row), or one after a colon or bracket ("Valleys Carers
    Trust: 83", "(83)"). Not a house or row number ("… Ltd 12 High Street", one number, then a
    word), a company number (five digits or more, or a leading zero, ends the run), nor a date
    ("… 1 June 2026")."""
    found: set[str] = set()
    for _, end in spans:
        run: list[tuple[str, str]] = []
        while (step := _IN_ROW.match(text, end)) and _could_be_score(step.group(2)):
            run.append((step.group(1), _trimmed(step.group(2))))
            end = step.end()
        if len(run) >= 2 or (run and run[0][0] in (":", "(")):
            found.update(number for _, number in run)
    return frozenset(found)


def _could_be_score(number: str) -> bool:
    whole = number.partition(".")[0]
    return len(whole) < 5 and not (len(whole) > 1 and whole.startswith("0"))
