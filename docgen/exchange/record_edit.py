"""Edit an award record's YAML in place, keeping its comments and layout.

The record is loaded with ruamel's round-trip loader, which knows where every value sits in the
file. A changed number (or one-word value such as an outcome) is replaced in the text at that
place, so the rest of the file stays byte for byte as it was. Only when a value must be added or
removed, or is longer text, is the whole record dumped again by ruamel, which keeps comments but
may re-flow long lines.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.util import load_yaml_guess_indent

Loc = tuple[str | int, ...]
_TOKEN = re.compile(r"[^\s,\]}#]+")
_WORD = re.compile(r"^[a-z][a-z-]*$")
REMOVE = object()
"""A Change's value that removes the key."""


@dataclass(frozen=True)
class Change:
    """Set key of the mapping at loc to value; at a list, key == its length appends value."""

    loc: Loc
    key: str | int
    value: Any


def round_trip() -> YAML:
    """ruamel's round-trip YAML, keeping quotes and not folding long lines (folds end in a space)."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def node_at(tree: Any, loc: Loc) -> Any:
    """The node at loc, or None where the record has nothing there."""
    node = tree
    for part in loc:
        in_map = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if not (in_map or in_list):
            return None
        node = node[part]
    return node


def same(old: Any, new: Any) -> bool:
    """Whether the record's value old already is new."""
    if isinstance(new, Decimal):
        if isinstance(old, bool) or not isinstance(old, int | float):
            return False
        return Decimal(repr(old)) == new if isinstance(old, float) else Decimal(old) == new
    if isinstance(new, str):
        return isinstance(old, str) and str(old) == new
    if isinstance(new, list):
        return isinstance(old, list) and [str(x) for x in old] == [str(x) for x in new]
    return False


def apply_changes(text: str, changes: list[Change]) -> tuple[str, bool]:
    """(new text, whether ruamel had to dump the whole record)."""
    tree = round_trip().load(text)
    edits: list[tuple[int, int, str]] = []
    for change in changes:
        node = node_at(tree, change.loc)
        old = node.get(change.key) if isinstance(node, CommentedMap) else None
        if not _in_place(node, change, old):
            return _dump(tree, text, changes), True
        line, col = node.lc.value(change.key)
        edits.append((line, col, _text(change.value, old)))
    return _edit_text(text, edits), False


def _in_place(node: Any, change: Change, old: Any) -> bool:
    if not isinstance(node, CommentedMap) or change.key not in node:
        return False
    if isinstance(change.value, Decimal):
        return isinstance(old, int | float) and not isinstance(old, bool)
    return (
        isinstance(change.value, str) and bool(_WORD.match(change.value)) and isinstance(old, str)
    )


def _text(value: Any, old: Any) -> str:
    """The new value as YAML text, in the style of the old one (42 stays int-like, 24.0 float)."""
    if isinstance(value, str):
        return value
    if isinstance(old, int) and not isinstance(old, bool) and value == value.to_integral_value():
        return str(int(value))
    shown = format(value.normalize(), "f")
    return shown if "." in shown else shown + ".0"


def _edit_text(text: str, edits: list[tuple[int, int, str]]) -> str:
    lines = text.splitlines(keepends=True)
    for line, col, new in sorted(edits, reverse=True):
        current = lines[line]
        match = _TOKEN.match(current, col)
        end = match.end() if match else col
        lines[line] = current[:col] + new + current[end:]
    return "".join(lines)


def _dump(tree: Any, text: str, changes: list[Change]) -> str:
    for change in changes:
        parent = node_at(tree, change.loc)
        if parent is None:
            holder = node_at(tree, change.loc[:-1])
            holder[change.loc[-1]] = _map_like(tree)
            parent = holder[change.loc[-1]]
        if change.value is REMOVE:
            parent.pop(change.key, None)
        elif isinstance(parent, list) and change.key == len(parent):
            parent.append(yaml_value(change.value, tree))
        else:
            parent[change.key] = yaml_value(change.value, tree)
    _, indent, block_seq = load_yaml_guess_indent(text)
    yaml = round_trip()
    offset = block_seq or 0
    yaml.indent(mapping=2, sequence=max(indent or 2, offset + 2), offset=offset)
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def yaml_value(value: Any, tree: Any) -> Any:
    """A value as ruamel dumps it: numbers as int or float, small maps in the record's style."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        out = CommentedMap((k, yaml_value(v, tree)) for k, v in value.items())
        flat = all(not isinstance(v, dict | list) for v in value.values())
        if value and flat and _flow_style(tree):
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        return CommentedSeq(yaml_value(v, tree) for v in value)
    return value


def _map_like(tree: Any) -> CommentedMap:
    mapping = CommentedMap()
    if _flow_style(tree):
        mapping.fa.set_flow_style()
    return mapping


def _flow_style(tree: Any) -> bool:
    """Whether the record writes a bid's gates and scores as {flow: maps}."""
    for loc in (("bids", 0), ("lots", 0, "bidders", 0)):
        bid = node_at(tree, loc)
        for key in ("scores", "gates"):
            found = bid.get(key) if isinstance(bid, CommentedMap) else None
            if isinstance(found, CommentedMap):
                return bool(found.fa.flow_style())
    return False
