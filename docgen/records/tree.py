"""Where a value is in a parsed record, and the record as plain values for pydantic.

An alias shares its anchor's node, so positions are found at the anchor's lines, and a key merged
in (`<<: *defaults`) at the mapping it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq, merge_attrib
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[str | int, ...]


def format_loc(loc: Iterable[str | int]) -> str:
    """("lots", 2, "bidders", 0) -> "lots[2].bidders[0]"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def locate(tree: Any, loc: Loc) -> tuple[int, int]:
    """The 1-based line and column of the deepest node along loc that exists in the tree."""
    return _walk(tree, loc, child_position)


def _walk(
    root: Any, loc: Loc, child: Callable[[Any, str | int], tuple[int, int, Any] | None]
) -> tuple[int, int]:
    """The 1-based line and column of the deepest place along loc that child() finds, from root:
    locate()'s and locate_node()'s one walk, each with its own way to a child."""
    line, col, node = 0, 0, root
    for part in loc:
        found = child(node, part)
        if found is None:
            break
        line, col, node = found
    return line + 1, col + 1


def child_position(node: Any, part: str | int) -> tuple[int, int, Any] | None:
    if isinstance(node, CommentedMap) and part in node:
        holder = _holder(node, part)
        if holder is None:
            return None
        line, col = holder.lc.key(part)
        return line, col, node[part]
    if isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
        line, col = node.lc.item(part)
        return line, col, node[part]
    return None


def _holder(node: CommentedMap, key: str | int) -> CommentedMap | None:
    """The mapping whose text holds key: node itself, or, for a key merged in (`<<: *defaults`),
    the anchored mapping it came from, where its line is. An alias (`*defaults`) is the anchored
    node itself, so its keys are already found at the anchor's lines."""
    if key in node.lc.data:
        return node
    for merged in getattr(node, merge_attrib, []):  # the first with the key gave its value
        source = merged[1] if isinstance(merged, tuple) else merged  # ruamel 0.18: (index, map)
        found = _holder(source, key) if isinstance(source, CommentedMap) and key in source else None
        if found is not None:
            return found
    return None


def locate_node(node: Node, loc: Loc) -> tuple[int, int]:
    """locate() on the node graph of ruamel's composer (the C parser's, six times quicker than
    the round-trip tree), for a text without merge keys: the same line and column, as a test
    holds for every place in every record. An alias is its anchor's node here too."""
    return _walk(node, loc, _node_child)


_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"


def _node_child(node: Node | None, part: str | int) -> tuple[int, int, Node] | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and _key_is(key, part):
                return key.start_mark.line, key.start_mark.column, value
        return None
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        item = node.value[part]
        return item.start_mark.line, item.start_mark.column, item
    return None


def _key_is(key: ScalarNode, part: str | int) -> bool:
    """Whether a mapping's key is part, as the round-trip tree's `part in mapping` decides."""
    if isinstance(part, str):
        return key.tag == _STR and key.value == part
    return key.tag == _INT and key.value.lstrip("+").isdigit() and int(key.value) == part


class RecursiveAlias(ValueError):
    """An alias inside the very node it refers to (`x: &a [1, *a]`): YAML allows it, a record
    cannot hold itself. loc is where the alias is."""

    def __init__(self, loc: Loc) -> None:
        super().__init__(format_loc(loc))
        self.loc = loc


RECURSIVE = (
    "an alias here refers to a mapping or list that contains it: a record cannot contain itself"
)


def plain(node: Any) -> Any:
    """Turn ruamel's nodes into plain dicts, lists and scalars for pydantic. An alias shares its
    anchor's node, so it is copied like any other; one inside its own anchor: RecursiveAlias."""
    return _plain(node, set())


def _plain(node: Any, inside: set[int]) -> Any:
    if isinstance(node, dict | list):
        if id(node) in inside:
            raise RecursiveAlias(())
        inside.add(id(node))
        try:
            if isinstance(node, dict):
                return {str(k): _plain_child(v, str(k), inside) for k, v in node.items()}
            return [_plain_child(v, n, inside) for n, v in enumerate(node)]
        finally:
            inside.discard(id(node))
    if isinstance(node, dt.datetime):
        return dt.datetime(*node.timetuple()[:6])
    if isinstance(node, dt.date) or node is None:
        return node
    for kind in (bool, int, float, str):
        if isinstance(node, kind):
            return kind(node)
    return str(node)


def _plain_child(node: Any, part: str | int, inside: set[int]) -> Any:
    try:
        return _plain(node, inside)
    except RecursiveAlias as exc:
        raise RecursiveAlias((part, *exc.loc)) from None
