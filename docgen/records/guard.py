"""Check a record's text against docgen.records.limits before any parser builds it.

The parsers cannot be trusted with hostile text: ruamel's C parser segfaults on 100,000 levels
of nesting, its Python parser raises RecursionError at a few hundred, and a 1 KB file of nested
aliases ("billion laughs") expands to more values than memory holds. So the text is first
measured by the event stream alone, which holds no tree and recurses nowhere: values counted
with each alias standing for the whole node it repeats, and nesting with aliases expanded. The
count stops at the first limit passed, which is where the message points.

Most files are cleared without parsing at all: a file with no alias (`*`) whose characters
cannot make enough nodes or levels to reach a limit is under them by construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    NodeEvent,
)

from docgen.records.limits import (
    MAX_DEPTH,
    MAX_INTEGER_DIGITS,
    MAX_NODES,
    YAML_VERSIONS,
    LimitReached,
)


def check_text(text: str) -> bool:
    """Raise LimitReached when the text breaks a limit; return whether ruamel's C parser (the
    fast path) may read it. It may not when it failed to scan the text: that text goes to the
    Python parser alone, which was measured instead."""
    _directives(text)
    if _plainly_within_limits(text):
        return True
    try:
        _measure(_c_events(text))
        return True
    except YAMLError:
        pass
    with suppress(YAMLError):  # the round-trip parser reports it, at text already measured
        _measure(YAML(typ="rt").parse(text))
    return False


def check_integer(node: Any) -> None:
    """Refuse an integer too long to be an amount before Python converts it (Python refuses
    decimal strings over 4,300 digits with a ValueError; other bases convert without end)."""
    digits = len(str(node.value))
    if digits > MAX_INTEGER_DIGITS:
        mark = node.start_mark
        raise LimitReached(
            mark.line + 1,
            mark.column + 1,
            f"a number of {digits:,} characters: numbers in a record have at most "
            f"{MAX_INTEGER_DIGITS}",
        )


_DIRECTIVE = re.compile(r"%(\S*)[ \t]*(\S*)")


def _directives(text: str) -> None:
    """%YAML asks for a version: only 1.1 and 1.2 are read; %TAG is the only other directive."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _DIRECTIVE.match(line)
        if match is None:
            return  # directives come first: the document has begun
        name, value = match.groups()
        if name == "YAML" and value not in YAML_VERSIONS:
            raise LimitReached(
                number, 1, f"%YAML {value}: docgen reads YAML 1.2 (and 1.1); write %YAML 1.2"
            )
        if name not in ("YAML", "TAG"):
            raise LimitReached(
                number, 1, f"%{name} is not a YAML directive: only %YAML and %TAG are allowed"
            )


_NODE_MARKS = ",:-?[{"


def _plainly_within_limits(text: str) -> bool:
    """True when the text cannot reach a limit, by bounds that cost one pass in C.

    Every node but the first follows a line break or one of `,:-?[{`, so their count bounds the
    nodes. Flow nesting is bounded by the brackets; block nesting by twice the widest run of
    spaces and indicators (`- ? :`) that starts a line, since each level indents or opens on a
    line with an indicator. Without `*` there is no alias to expand.
    """
    if "*" in text:
        return False
    lines = text.splitlines()  # splits at every YAML line break, and at some others
    nodes = 2 * (len(lines) + sum(text.count(mark) for mark in _NODE_MARKS)) + 2
    if nodes > MAX_NODES:
        return False
    lead = max((len(line) - len(line.lstrip(" \t-?:")) for line in lines), default=0)
    return 2 * (lead + 1) + text.count("[") + text.count("{") <= MAX_DEPTH


def _c_events(text: str) -> Iterable[Any]:
    """The event stream of ruamel's C parser (libyaml, which parses without recursion)."""
    events: Iterable[Any] = YAML(typ="safe").parse(text)
    return events


@dataclass
class _Open:
    """A mapping or list being read: its anchor, the count when it began, its tallest child."""

    anchor: str | None
    start: int
    height: int = 0


def _measure(events: Iterable[Any]) -> None:
    """Count values and levels, aliases expanded; raise LimitReached at the first too many."""
    count = 0
    anchors: dict[str, tuple[int, int]] = {}  # anchor -> (values, levels) it stands for
    open_: list[_Open] = []
    for event in events:
        if isinstance(event, CollectionEndEvent):
            done = open_.pop()
            height = done.height + 1
            if done.anchor:
                anchors[done.anchor] = (count - done.start, height)
            if open_:
                open_[-1].height = max(open_[-1].height, height)
            continue
        if not isinstance(event, NodeEvent):
            continue
        size, height = 1, 0
        if isinstance(event, AliasEvent):
            size, height = anchors.get(event.anchor, (1, 0))  # unknown: the loader says so
        count += size
        if len(open_) + height > MAX_DEPTH or (
            isinstance(event, CollectionStartEvent) and len(open_) >= MAX_DEPTH
        ):
            raise _too_deep(event)
        if count > MAX_NODES:
            raise _too_many(event)
        if isinstance(event, CollectionStartEvent):
            open_.append(_Open(event.anchor, count - 1))
        else:
            if event.anchor and not isinstance(event, AliasEvent):
                anchors[event.anchor] = (1, 0)
            if open_:
                open_[-1].height = max(open_[-1].height, height)


def _too_deep(event: Any) -> LimitReached:
    line, column = event.start_mark.line + 1, event.start_mark.column + 1
    if isinstance(event, AliasEvent):
        message = f"the alias *{event.anchor} nests the record more than {MAX_DEPTH} levels deep"
    else:
        message = f"nested more than {MAX_DEPTH} levels deep"
    return LimitReached(line, column, f"{message}; records nest at most {MAX_DEPTH} levels")


def _too_many(event: Any) -> LimitReached:
    line, column = event.start_mark.line + 1, event.start_mark.column + 1
    if isinstance(event, AliasEvent):
        message = f"the alias *{event.anchor} expands the record to more than {MAX_NODES:,} values"
    else:
        message = f"the record has more than {MAX_NODES:,} values"
    return LimitReached(line, column, f"{message}; a record holds at most {MAX_NODES:,}")
