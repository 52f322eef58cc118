"""Checks of the prose in a decision: markup parses, every fact and reference resolves."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.derive import prose
from docgen.derive.facts import UNSTATED, build_facts
from docgen.derive.numbering import references
from docgen.models import AnyAward, Council, Decision
from docgen.records.loading import Finding, Loc
from docgen.records.messages import suggest


def prose_fields(decision: Decision) -> Iterator[tuple[Loc, str]]:
    """Every prose field of a decision with its location."""
    yield ("purpose",), decision.purpose
    s = decision.sections
    for key in (
        "executive_summary",
        "recommendations_intro",
        "reasons",
        "alternatives",
        "background",
        "financial",
        "legal",
        "equalities",
    ):
        value = getattr(s, key)
        if value:
            yield ("sections", key), value
    for i, imp in enumerate(s.other):
        yield ("sections", "other", i, "text"), imp.text
    for i, res in enumerate(decision.resolutions):
        yield ("resolutions", i, "text"), res.text
        for j, item in enumerate(res.items):
            yield ("resolutions", i, "items", j, "text"), item.text


def prose_findings(
    decision: Decision, council: Council, award: AnyAward | None
) -> Iterator[Finding]:
    facts = build_facts(council, decision, award)
    refs = references(decision, tolerant=True)
    yield from _duplicate_labels(decision)
    for loc, text in prose_fields(decision):
        try:
            blocks = prose.parse(text)
        except prose.ProseError as exc:
            yield decision, loc, str(exc)
            continue
        for ph in prose.placeholders(blocks):
            message = _unresolved(ph, facts, refs)
            if message:
                yield decision, loc, message


def _unresolved(
    ph: prose.Placeholder, facts: dict[str, str], refs: dict[tuple[str, str], str]
) -> str | None:
    if ph.kind == "fact":
        if ph.name in facts:
            return None
        if ph.name in UNSTATED and "award.title" in facts:
            return f"{{{ph.name}}}: {UNSTATED[ph.name]}"
        return f"{{{ph.name}}} is not a known fact{suggest(ph.name, list(facts))} (run `docgen facts` to list them)"
    if (ph.kind, ph.name) in refs:
        return None
    names = [name for kind, name in refs if kind == ph.kind]
    what = {"para": "labelled paragraph", "appendix": "appendix", "res": "labelled resolution"}[
        ph.kind
    ]
    return f"{{{ph.kind}:{ph.name}}} refers to no {what}{suggest(ph.name, names)}"


def _duplicate_labels(decision: Decision) -> Iterator[Finding]:
    seen: set[str] = set()
    for loc, text in prose_fields(decision):
        try:
            blocks = prose.parse(text)
        except prose.ProseError:
            continue
        for block in blocks:
            if block.label and block.label in seen:
                yield decision, loc, f"the paragraph label {{#{block.label}}} is used twice"
            if block.label:
                seen.add(block.label)
