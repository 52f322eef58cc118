"""Stale copies of a fact a revision changes (issue 12): `docgen check-revision` fails on them.

A revision declares the paragraphs it changes. The facts it changes are the sentences of those
paragraphs that differ between the original record and the revised one. A sentence elsewhere in
the revised paper that is the same as in the original, and that restates one of those facts, is
a stale copy: the revision corrected the fact in one place and left it standing in another
(the revised model case corrects 5.4 but left 1.1, 4.1 and 7.2 saying the opposite).

"Restates" is measured on the record's prose, with each {fact} and {para:label} kept as a token:
a sentence restates a changed sentence when that changed sentence is the closest of the declared
paragraph's original sentences, sharing a fact or citing the paragraph, with enough words in
common (facts count three words; a citation of the changed paragraph counts as a shared fact).
A sentence closer to an unchanged sentence of the paragraph repeats what still holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.numbering import parsed_sections, section_order
from docgen.models import Decision

FACT_WEIGHT = 3
ENOUGH = 5
"""The least score of a restatement: a shared fact and two words, or a citation and two words."""

_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "so",
        "that",
        "the",
        "their",
        "them",
        "these",
        "they",
        "this",
        "to",
        "was",
        "were",
        "which",
        "will",
        "with",
        "would",
    ]
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*{])")
_TOKEN = re.compile(r"\{[^{}]+\}|[A-Za-z][A-Za-z'-]*")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paper's prose, where it is, and what it says as tokens."""

    place: str  # "paragraph 1.1", "recommendation 2.1(ii)"
    label: str | None  # the label of its paragraph, if any
    text: str

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset(t for t in _TOKEN.findall(self.text.lower()) if t not in _STOP)

    @property
    def key(self) -> str:
        return " ".join(self.text.split())


def _text(block: prose.ParsedBlock) -> str:
    parts = []
    for line in block.lines:
        for span in line:
            ph = span.text
            if isinstance(ph, prose.Placeholder):
                parts.append(f"{{{ph.name}}}" if ph.kind == "fact" else f"{{{ph.kind}:{ph.name}}}")
            else:
                parts.append(ph)
        parts.append(" ")
    return "".join(parts)


def sentences(decision: Decision) -> Iterator[Sentence]:
    """Every sentence of the paper's prose and recommendations, with its paragraph number."""
    numbers = {key: n for n, key in enumerate(section_order(decision), start=1)}
    counters: dict[str, int] = {}
    for key, _, blocks in parsed_sections(decision, tolerant=True):
        label: str | None = None
        for block in blocks:
            if block.kind == "para":
                counters[key] = counters.get(key, 0) + 1
                label = block.label
            place = f"paragraph {numbers[key]}.{max(counters.get(key, 0), 1)}"
            for text in _SENTENCE.split(_text(block)):
                if text.strip():
                    yield Sentence(place, label, text.strip())
    rec = numbers["recommendations"]
    for i, res in enumerate(decision.resolutions, start=1):
        try:
            blocks = prose.parse(res.text)
        except prose.ProseError:
            continue
        place = f"recommendation {rec}.1({fmt.roman(i)})"
        for block in blocks:
            yield Sentence(place, res.label, _text(block).strip())


def _score(candidate: Sentence, other: Sentence, cited: bool) -> int:
    shared = candidate.tokens & other.tokens
    facts = sum(t.startswith("{") for t in shared) + cited
    return 0 if not facts else facts * FACT_WEIGHT + len(shared) - (facts - cited)


def stale_copies(original: Decision, revised: Decision, labels: list[str]) -> list[str]:
    """One problem per sentence of the revised paper that restates, unchanged, a fact that a
    declared change (labels) changed."""
    before = list(sentences(original))
    after = list(sentences(revised))
    now = {s.key for s in after}
    unchanged = {s.key for s in before}
    problems = []
    for label in labels:
        old = [s for s in before if s.label == label]
        changed = [s for s in old if s.key not in now]
        if not changed:
            continue
        for candidate in after:
            if candidate.label in labels or candidate.key not in unchanged:
                continue
            cited = (
                f"{{para:{label}}}" in candidate.tokens or f"{{res:{label}}}" in candidate.tokens
            )
            best = max(old, key=lambda s: _score(candidate, s, cited))
            if best in changed and _score(candidate, best, cited) >= ENOUGH:
                problems.append(_problem(candidate, best, label))
    return problems


def _problem(candidate: Sentence, fact: Sentence, label: str) -> str:
    return (
        f'stale: {candidate.place} still says "{_short(candidate.text)}", unchanged, but the '
        f'revision changed what {fact.place} of the original said about it ("{_short(fact.text)}"'
        f", {{#{label}}}): revise {candidate.place} too, label it and list the label in the "
        f"revision's changes"
    )


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
