"""Structured differences between the data two docgen documents were made from.

Every docgen PDF embeds its template context as "docgen-data.json". Two of them can therefore be
compared by meaning, not only by text: ``record_changes(original, revised)`` walks both data
trees and lists each value that differs, named by where it sits in the document rather than by
JSON path:

    sections[4] 5.4: The current purchasing arrangements … → The current purchasing …
    title_rows Classification: Open → Open report with exempt appendix. …
    tables Lot 2 bidder Riverside Healthcare Ltd Total: 84.76 → 85.00

List items are matched by what names them (a paragraph's number, a row's label, a table's Lot,
a bidder's name) when every item has a distinct name, so an inserted row is one change and not
a shift of every row after it; otherwise by position ("sections[4]"). A paragraph of prose is
compared as its plain text. The record hash in ``meta`` is left out: it differs whenever
anything does.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

_NAMES = ("label", "lot", "bidder", "name", "letter", "code", "caption", "heading")
"""Keys that name a list item, in order of preference (a prose block's "number" comes first)."""
_INNER = frozenset({"body", "blocks", "rows", "cells", "value", "_prose"})
"""Keys whose name adds nothing to a place: the item names below them say enough."""
_COLUMNS = "__columns__"
_IGNORED = frozenset({"record_sha256", _COLUMNS})
_LOT = re.compile(r"^(Lot (?:\d+[A-Z]?\b|[0-9A-Za-z][0-9A-Za-z .-]*?(?=:)))")  # Lot 2, Lot 1a:


@dataclass(frozen=True)
class RecordChange:
    """One value that differs: where, and its value in each document (None where absent)."""

    path: str
    original: str | None
    revised: str | None

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)

    def __str__(self) -> str:
        a, b = _differing(self.original, self.revised)
        return f"{self.path}: {a} → {b}"


def _short(value: str | None, limit: int = 90) -> str:
    if value is None:
        return "(none)"
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _differing(a: str | None, b: str | None, context: int = 3) -> tuple[str, str]:
    """Two long texts cut down to the words that differ, with a few words either side."""
    if a is None or b is None or len(a) + len(b) <= 120:
        return _short(a), _short(b)
    wa, wb = a.split(), b.split()
    same = (i for i, (x, y) in enumerate(zip(wa, wb, strict=False)) if x != y)
    head = next(same, min(len(wa), len(wb)))
    tail = 0
    while tail < min(len(wa), len(wb)) - head and wa[-1 - tail] == wb[-1 - tail]:
        tail += 1
    start, cut = max(0, head - context), max(0, tail - context)

    def part(words: list[str]) -> str:
        text = " ".join(words[start : len(words) - cut])
        return _short(("…" if start else "") + text + ("…" if cut else ""), 160)

    return part(wa), part(wb)


def record_changes(original: dict[str, Any], revised: dict[str, Any]) -> list[RecordChange]:
    """Every value that differs between two documents' data, in document order."""
    out: list[RecordChange] = []
    _diff(original, revised, [], out, None)
    return out


def _is_block(value: Any) -> bool:
    return isinstance(value, dict) and "runs" in value and "kind" in value


def _runs_text(runs: Any) -> str:
    return "".join(str(r.get("text", "")) for r in runs if isinstance(r, dict))


def block_text(block: dict[str, Any]) -> str:
    """A prose block as plain text: its runs, then its list items separated by " • "."""
    parts = [_runs_text(block.get("runs") or [])]
    parts += [_runs_text(item) for item in block.get("items") or []]
    return " • ".join(p for p in parts if p)


def summary(value: Any) -> str | None:
    """A value as one line of text: a paragraph's words, a row's cells joined by " · "."""
    if value is None:
        return None
    if _is_block(value):
        return block_text(value)
    if isinstance(value, dict):
        parts = (summary(v) for k, v in value.items() if k not in _IGNORED)
        return " · ".join(p for p in parts if p)
    if isinstance(value, list):
        return ", ".join(p for p in (summary(v) for v in value) if p)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _place(path: list[str]) -> str:
    """Path parts joined by spaces, positions ("[4]") joined to the part before them."""
    text = ""
    for part in path:
        text += part if part.startswith("[") or not text else f" {part}"
    return text or "(document)"


def _diff(a: Any, b: Any, path: list[str], out: list[RecordChange], columns: Any) -> None:
    if a == b:
        return
    if _is_block(a) and _is_block(b) and block_text(a) == block_text(b):
        return  # the same words: only formatting or a number moved
    if isinstance(a, dict) and isinstance(b, dict) and not (_is_block(a) or _is_block(b)):
        _diff_dicts(a, b, path, out)
    elif isinstance(a, list) and isinstance(b, list):
        _diff_lists(a, b, path, out, columns)
    else:
        out.append(RecordChange(_place(path), summary(a), summary(b)))


def _diff_dicts(
    a: dict[str, Any], b: dict[str, Any], path: list[str], out: list[RecordChange]
) -> None:
    headers = a.get("headers") or b.get("headers")
    columns = a.get(_COLUMNS) or b.get(_COLUMNS)
    for key in [*a, *(k for k in b if k not in a)]:
        if key in _IGNORED:
            continue
        inner = path if key in _INNER and path else [*path, key]
        sub = headers if key == "rows" else columns if key == "cells" else None
        _diff(a.get(key), b.get(key), inner, out, sub)


def _name(item: Any, columns: Any, index: int) -> str:
    """What names a list item: a column header, a paragraph number, a label, a Lot, "[i]"."""
    if isinstance(columns, list) and index < len(columns) and not isinstance(item, dict):
        return re.sub(r"\s*\(.*\)$", "", str(columns[index]))
    if _is_block(item) and isinstance(item.get("number"), str):
        return str(item["number"])
    for key in _NAMES if isinstance(item, dict) else ():
        value = item.get(key)
        if isinstance(value, str) and value:
            lot = _LOT.match(value)
            return f"bidder {value}" if key == "bidder" else lot[1] if lot else value
    return f"[{index}]"


def _keyed(items: list[Any], columns: Any) -> dict[str, Any] | None:
    names = [_name(item, columns, i) for i, item in enumerate(items)]
    if len(set(names)) != len(names):
        return None
    return dict(zip(names, items, strict=True))


def _diff_lists(
    a: list[Any], b: list[Any], path: list[str], out: list[RecordChange], columns: Any
) -> None:
    ka, kb = _keyed(a, columns), _keyed(b, columns)
    if ka is None or kb is None:
        ka = {f"[{i}]": x for i, x in enumerate(a)}
        kb = {f"[{i}]": y for i, y in enumerate(b)}
    for name in [*ka, *(n for n in kb if n not in ka)]:
        x, y = _with_columns(ka.get(name), columns), _with_columns(kb.get(name), columns)
        _diff(x, y, [*path, name], out, None)


def _with_columns(item: Any, columns: Any) -> Any:
    """A table row that knows its table's column headers, so its cells can be named."""
    if isinstance(item, dict) and isinstance(columns, list) and "cells" in item:
        return {**item, _COLUMNS: columns}
    return item
