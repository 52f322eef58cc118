"""Prose in records: a small markup, parsed here and resolved against computed facts.

The markup, kept deliberately small so it renders the same in Word, PDF and HTML:

- paragraphs are separated by a blank line; ``{#label}`` at the start of a paragraph names it;
- lines starting ``- `` make a bulleted list, lines starting ``1. `` a lettered list (a), (b);
- ``**bold**`` and ``*italic*``;
- ``{award.total_value}`` inserts a fact computed from the records (``docgen facts`` lists them);
  ``{para:label}`` inserts "paragraph 5.3", ``{appendix:id}`` inserts "Appendix A",
  ``{res:label}`` inserts "recommendation (ii)";
- in Welsh prose, ``|soft``, ``|nasal`` or ``|aspirate`` after a placeholder's name mutates the
  value's first letter as the word before it asks: ``o dan {award.regime|soft}`` prints "o dan
  Ddeddf Caffael 2023", ``ym {para:cost|nasal}`` "ym mharagraff 6.1" (docgen/derive/mutation.py);
- ``{{`` and ``}}`` stand for literal braces, ``\\*`` for a literal asterisk.

Nothing in prose is ever evaluated as template code: placeholders are looked up in a dict.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

from docgen.derive.mutation import MUTATIONS, Mutation, mutate


class ProseError(ValueError):
    """Raised when prose markup is malformed (an unclosed brace, an unknown reference kind)."""


@dataclass(frozen=True)
class Placeholder:
    kind: Literal["fact", "para", "appendix", "res"]
    name: str
    mutation: Mutation | None = field(default=None, compare=False)
    """The Welsh mutation the value takes where it is placed ({award.regime|soft}); not part of
    what the placeholder cites, so a Welsh text cites the same placeholders as its English."""


@dataclass(frozen=True)
class Span:
    """A piece of inline text: literal text or a placeholder, with its emphasis."""

    text: str | Placeholder
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class ParsedBlock:
    kind: Literal["para", "bullets", "numbers"]
    label: str | None
    lines: tuple[tuple[Span, ...], ...]


class Run(BaseModel):
    """A run of text with emphasis, as every renderer receives it."""

    model_config = ConfigDict(frozen=True)  # fields' docstrings: docgen.documents.fields
    text: str
    """The text, plain: never markup, never template code."""
    bold: bool = False
    """True to print the text in bold."""
    italic: bool = False
    """True to print the text in italics."""


class Block(BaseModel):
    """A paragraph or list, resolved: what templates render."""

    model_config = ConfigDict(frozen=True)  # fields' docstrings: docgen.documents.fields
    kind: Literal["para", "bullets", "numbers", "heading", "item"]
    """What the block is: "para" (a paragraph), "heading" (a sub-heading), "bullets" (a bulleted
    list), "numbers" (a list lettered (a), (b)), or "item" (a numbered recommendation or
    resolution)."""
    number: str | None = None
    """The printed number of a numbered paragraph ("3.2") or item ("(ii)", "a)"); None when
    unnumbered."""
    label: str | None = None
    """The name the record gave it ({#label}), for cross-references; None when unnamed."""
    level: int = 0
    """An item's depth: 1 for a recommendation, 2 for a lettered sub-item; 0 for other kinds."""
    runs: list[Run] = []
    """The text of a paragraph, heading or item; empty for a list."""
    items: list[list[Run]] = []
    """A list's entries, each a list of runs; empty for other kinds."""


_LABEL = re.compile(r"^\{#([a-z0-9][a-z0-9-]*)\}\s*")
_BULLET = re.compile(r"^\s*[-*]\s+")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+")
_TOKEN = re.compile(r"\\\*|\{\{|\}\}|\*\*|\*|\{[^{}]*\}|[{}]|[^{}*\\]+|\\")
_KINDS = ("para", "appendix", "res")


def parse(text: str) -> list[ParsedBlock]:
    """Split prose into blocks and inline spans; raise ProseError on malformed markup."""
    return [_parse_block(chunk) for chunk in re.split(r"\n\s*\n", text.strip()) if chunk.strip()]


def _parse_block(chunk: str) -> ParsedBlock:
    label = None
    match = _LABEL.match(chunk)
    if match:
        label, chunk = match.group(1), chunk[match.end() :]
    lines = [line for line in chunk.splitlines() if line.strip()]
    for kind, pattern in (("bullets", _BULLET), ("numbers", _NUMBER)):
        if lines and all(pattern.match(line) for line in lines):
            items = tuple(parse_inline(pattern.sub("", line, count=1)) for line in lines)
            return ParsedBlock(kind, label, items)  # type: ignore[arg-type]
    return ParsedBlock("para", label, (parse_inline(" ".join(s.strip() for s in lines)),))


def parse_inline(text: str) -> tuple[Span, ...]:
    """Inline markup to spans: emphasis toggles, placeholders, escaped braces."""
    spans: list[Span] = []
    bold = italic = False
    for token in _TOKEN.findall(text):
        if token == "**":
            bold = not bold
        elif token == "*":
            italic = not italic
        else:
            spans.append(Span(_token_text(token), bold, italic))
    if bold or italic:
        raise ProseError("an opening ** or * has no closing one")
    return tuple(spans)


def _token_text(token: str) -> str | Placeholder:
    if token in ("{{", "}}"):
        return token[0]
    if token == "\\*":
        return "*"
    if token in ("{", "}"):
        raise ProseError("a lone brace: write {{ or }} for a literal brace")
    if not token.startswith("{"):
        return token
    return _placeholder(token[1:-1].strip())


def _placeholder(body: str) -> Placeholder:
    if "|" in body:
        body, _, how = (part.strip() for part in body.rpartition("|"))
        if how not in MUTATIONS:
            raise ProseError(
                f"{{{body}|{how}}}: unknown mutation {how!r} (use soft, nasal or aspirate)"
            )
        found = _placeholder(body)
        return Placeholder(found.kind, found.name, how)
    if ":" in body:
        kind, name = (part.strip() for part in body.split(":", 1))
        if kind not in _KINDS:
            raise ProseError(
                f"{{{body}}}: unknown reference kind {kind!r} (use para, appendix or res)"
            )
        return Placeholder(kind, name)  # type: ignore[arg-type]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*(\.[a-z0-9_-]+)*", body):
        raise ProseError(f"{{{body}}}: not a fact name (facts look like award.total_value)")
    return Placeholder("fact", body)


def placeholders(blocks: list[ParsedBlock]) -> Iterator[Placeholder]:
    for block in blocks:
        for line in block.lines:
            for span in line:
                if isinstance(span.text, Placeholder):
                    yield span.text


Lookup = Callable[[Placeholder], str]


def resolve(
    blocks: list[ParsedBlock], lookup: Lookup, numbers: Iterator[str] | None = None
) -> list[Block]:
    """Blocks with every placeholder replaced; paragraphs numbered from the numbers iterator."""
    resolved = []
    for block in blocks:
        lines = [_runs(line, lookup) for line in block.lines]
        if block.kind == "para":
            number = next(numbers) if numbers is not None else None
            resolved.append(Block(kind="para", number=number, label=block.label, runs=lines[0]))
        else:
            resolved.append(Block(kind=block.kind, label=block.label, items=lines))
    return resolved


def _runs(spans: tuple[Span, ...], lookup: Lookup) -> list[Run]:
    runs: list[Run] = []
    for span in spans:
        if isinstance(span.text, Placeholder):
            text = lookup(span.text)
            if span.text.mutation is not None:
                text = mutate(text, span.text.mutation)
        else:
            text = span.text
        if runs and (runs[-1].bold, runs[-1].italic) == (span.bold, span.italic):
            runs[-1] = Run(text=runs[-1].text + text, bold=span.bold, italic=span.italic)
        else:
            runs.append(Run(text=text, bold=span.bold, italic=span.italic))
    return runs


def plain_text(blocks: list[Block]) -> str:
    """The text of resolved blocks without markup, for notices and checks."""
    parts: list[str] = []
    for block in blocks:
        lines = [block.runs] if block.kind == "para" else block.items
        parts.extend("".join(run.text for run in line) for line in lines)
    return "\n".join(parts)


def resolve_inline(text: str, lookup: Lookup) -> list[Run]:
    """One line of inline markup resolved to runs (for resolution texts and titles)."""
    return _runs(parse_inline(text), lookup)


def lookup_from(facts: Mapping[str, str], refs: Mapping[tuple[str, str], str]) -> Lookup:
    """A lookup over computed facts and labelled references; KeyError if a name is unknown."""

    def lookup(placeholder: Placeholder) -> str:
        if placeholder.kind == "fact":
            return facts[placeholder.name]
        return refs[(placeholder.kind, placeholder.name)]

    return lookup
