"""Ids that must be unique within a record: a second bidder, gate, criterion, Lot, label or
officer with an id already used would silently replace the first wherever records are looked
up by id (the paper would show "Lot 1" twice and no Lot 2). Each repeat is an error at the
repeat, naming where the first is."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

Path = tuple[str | int, ...]

DUPLICATE = "duplicate_id"
"""The pydantic error type of a repeated id; its ctx holds `what`, `value`, `first` (the path
of the first use, from the model that checks) and `depth` (how many parts of the error's own
path lie below that model), so that a loader can say on which line the first is."""


def keyed(field: str, items: Sequence[BaseModel], key: str) -> Iterator[tuple[Path, object]]:
    """(path, id) of each item of a list field: ("bidders", 3, "id"), "acorn"."""
    for index, item in enumerate(items):
        yield (field, index, key), getattr(item, key)


def require_unique(model: str, groups: Iterable[tuple[str, Iterable[tuple[Path, object]]]]) -> None:
    """Raise one error for every entry whose id an earlier entry of its group already has;
    each group is (what its ids are called, its entries)."""
    errors = [error for what, entries in groups for error in _repeats(what, entries)]
    if errors:
        raise ValidationError.from_exception_data(model, errors)


def _repeats(what: str, entries: Iterable[tuple[Path, object]]) -> Iterator[InitErrorDetails]:
    first: dict[object, Path] = {}
    for path, value in entries:
        if value is None:
            continue
        if value not in first:
            first[value] = path
            continue
        ctx = {
            "what": what,
            "value": repr(value),
            "first": _shown(first[value]),
            "first_path": list(first[value]),
            "depth": len(path),
        }
        message = "{what} {value} is given twice: the first is {first}; ids must be unique"
        yield InitErrorDetails(
            type=PydanticCustomError(DUPLICATE, message, ctx), loc=path, input=value
        )


def _shown(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
