"""Drafting placeholders left in text a document prints (R36): what they look like, and where.

A placeholder is a word a drafter leaves to come back to (TODO, TBC, TBA, TBD, XXX), a sentence
in square brackets ("[Say why this option was rejected.]"), an all-zero telephone number
("+44 00000000"), or an example value of a `docgen new` skeleton. Every example value of the
skeletons carries the word EXAMPLE: the skeleton writer (docgen.exchange.skeletons) fills its
``__EXAMPLE__`` token from here, so the writer and this check cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from docgen.models import Award, Council, Decision, Record
from docgen.records.loading import Finding, Loc

EXAMPLE = "Example"
"""The word every example value of a skeleton carries ("Example Borough Council", "Pat
Example"); the skeleton writer puts it in for ``__EXAMPLE__``."""

_WORD = re.compile(r"\b(TODO|FIXME|TBC|TBA|TBD|XXX+)\b")
_EXAMPLE = re.compile(rf"\b{EXAMPLE}\b")
_BRACKETS = re.compile(r"\[[^\[\]\n]*\]")
_PHONE = re.compile(r"(?<![\d£$€.,])(?<!\d\s)(?:\+\s?44\s?(?:\(0\)\s?)?|0)[0\s()-]{6,}(?![\d.,])")
_ONLY = frozenset({"to follow", "to be confirmed", "to be added", "tbc", "todo"})
_NOT_PRINTED = frozenset({"rules", "id", "kind", "schema"})
"""Keys whose values no document prints (rule switches and their reasons, ids)."""


_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in (_BRACKETS, _WORD, _EXAMPLE, _PHONE)))
"""Whether any of the patterns could match: one search, where most of a record's strings (names,
ids, dates, sentences) match none of them."""


def find(text: str) -> list[str]:
    """Every drafting placeholder in text, in order of appearance."""
    if text.strip().rstrip(".").strip().lower() in _ONLY:
        return [text.strip()]
    if _ANY.search(text) is None:
        return []
    brackets = [m for m in _BRACKETS.finditer(text) if _is_sentence(m.group())]
    found = [(m.start(), m.group()) for m in brackets]
    for pattern in (_WORD, _EXAMPLE, _PHONE):
        for match in pattern.finditer(text):
            if not any(b.start() < match.start() < b.end() for b in brackets):
                found.append((match.start(), match.group().strip()))
    return [shown for _, shown in sorted(found)]


def _is_sentence(bracketed: str) -> bool:
    """Text in brackets that stands for text still to write: two words or more ("[sic]" and
    "[1]" are not), or a word a drafter leaves ("[insert]", "[name]")."""
    inner = bracketed[1:-1].strip()
    return len(inner.split()) >= 2 or inner.lower() in {"insert", "name", "date", "tbc", "todo"}


def _strings(node: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in _NOT_PRINTED:
                yield from _strings(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*loc, i))


def in_record(record: Record, within: Iterable[Loc] = ((),), why: str = "") -> Iterator[Finding]:
    """Each placeholder in the printed text of a record (or of the parts of it at within);
    why, if given, ends each message."""
    data = record.model_dump(mode="json")
    for start in within:
        node: object = data
        for part in start:
            node = node[part] if isinstance(node, dict | list) else None  # type: ignore[index]
        for loc, text in _strings(node, start):
            for shown in find(text):
                yield record, loc, message(shown) + why


def message(shown: str) -> str:
    return f"still holds the drafting placeholder {shown!r}: replace it with the real text"


def is_draft(record: Record, decisions: Iterable[Decision]) -> bool:
    """Whether the record only reaches draft documents: a draft decision; an award or council
    that no cleared or final decision uses (letters refuse placeholders on their own)."""
    if isinstance(record, Decision):
        return record.status == "draft"
    for decision in decisions:
        uses = decision.award == record.id if isinstance(record, Award) else False
        if isinstance(record, Council):
            uses = decision.council == record.id
        if uses and decision.status != "draft":
            return False
    return True


def in_letters(
    award: Award, council: Council, recipients: set[str], named: set[str]
) -> Iterator[Finding]:
    """Each placeholder in the text that letters to recipients (bidder ids) would print: the
    award's own text, the recipients' details and feedback, the names of the suppliers named to
    them, and the council's letterhead and signatory."""
    parts: list[Loc] = [
        (key,) for key in ("title", "service_description", "procurement", "advantages")
    ]
    for i, lot in enumerate(award.lots):
        parts += [("lots", i, "title"), ("lots", i, "advantages"), ("lots", i, "description")]
        parts += [
            ("lots", i, "bidders", j) for j, b in enumerate(lot.bidders) if b.bidder in recipients
        ]
    parts += [("bids", j) for j, bid in enumerate(award.bids) if bid.bidder in recipients]
    parts += [("bidders", j) for j, b in enumerate(award.bidders) if b.id in recipients]
    parts += [
        ("bidders", j, "name") for j, b in enumerate(award.bidders) if b.id in named - recipients
    ]
    why = ": a letter would print it, so no letter is written"
    yield from in_record(award, parts, why)
    signatory = [i for i, o in enumerate(council.officers) if o.id == award.notification.signatory]
    head: list[Loc] = [("name",), ("letterhead",), *(("officers", i) for i in signatory)]
    yield from in_record(council, head, why)
