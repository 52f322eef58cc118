"""Turn pydantic's error dicts into short messages a report writer can act on."""

from __future__ import annotations

import difflib
import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from docgen.models.grounds import ROUTE_MISSING
from docgen.models.routes import ROUTE_NAMES


def describe_error(error: Any) -> str:
    """One sentence for one pydantic error, ending with what was found."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    text = _MESSAGES.get(kind)
    message = text(ctx) if text else _clean(error["msg"])
    if kind == "extra_forbidden":
        return message
    return f"{message}{_got(error.get('input'), kind)}"


def _got(value: Any, kind: str) -> str:
    if kind in ("missing", ROUTE_MISSING) or isinstance(value, dict | list):
        return ""
    return f" (got {value!r})" if not isinstance(value, str) else f" (got {_short(value)!r})"


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def _clean(msg: str) -> str:
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return msg[:1].lower() + msg[1:]


def _bounds(ctx: dict[str, Any]) -> str:
    parts = []
    for key, word in (
        ("ge", "at least"),
        ("gt", "more than"),
        ("le", "at most"),
        ("lt", "less than"),
    ):
        if key in ctx:
            parts.append(f"{word} {ctx[key]}")
    return "must be " + " and ".join(parts)


_MESSAGES: dict[str, Any] = {
    "missing": lambda ctx: "required, but missing",
    "extra_forbidden": lambda ctx: "unknown key",
    "greater_than_equal": _bounds,
    "greater_than": _bounds,
    "less_than_equal": _bounds,
    "less_than": _bounds,
    "literal_error": lambda ctx: f"must be one of {ctx.get('expected')}",
    "string_pattern_mismatch": lambda ctx: "must be lower-case letters, digits and hyphens",
    "date_from_datetime_parsing": lambda ctx: "must be a real date written YYYY-MM-DD",
    "date_parsing": lambda ctx: "must be a real date written YYYY-MM-DD",
    "date_type": lambda ctx: "must be a date written YYYY-MM-DD",
    "decimal_parsing": lambda ctx: "must be a number",
    "decimal_type": lambda ctx: "must be a number",
    "decimal_max_places": lambda ctx: (
        f"must have at most {ctx.get('decimal_places')} decimal places"
    ),
    "int_parsing": lambda ctx: "must be a whole number",
    "int_type": lambda ctx: "must be a whole number",
    "bool_parsing": lambda ctx: "must be true or false",
    "bool_type": lambda ctx: "must be true or false",
    "string_type": lambda ctx: "must be text (put it in quotes)",
    "list_type": lambda ctx: "must be a list",
    "dict_type": lambda ctx: "must be a mapping of keys to values",
    "model_type": lambda ctx: "must be a mapping of keys to values",
    "too_short": lambda ctx: f"must have at least {ctx.get('min_length')} item(s)",
    "union_tag_invalid": lambda ctx: f"must be one of {ctx.get('expected_tags')}",
    "union_tag_not_found": lambda ctx: f"needs the key {ctx.get('discriminator')}",
}


def suggest(word: str, choices: list[str]) -> str:
    """A ' (did you mean X?)' hint, or ''."""
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def suggest_key(word: str, allowed: list[str]) -> str:
    """For an unknown key: the close match, else the keys allowed there."""
    hint = suggest(word, allowed)
    if hint or not allowed:
        return hint
    return f" (allowed here: {', '.join(allowed)})"


def field_names(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at loc inside model (for 'did you mean' hints); [] if unknown."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    return list(current.model_fields) if _is_model(current) else []


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap(annotation)
    if _is_model(annotation) and isinstance(part, str):
        field = annotation.model_fields.get(part)
        return _unwrap(field.annotation) if field else None
    args = get_args(annotation)
    if get_origin(annotation) in (list, tuple) and args:
        return _unwrap(args[0])
    if get_origin(annotation) is dict and len(args) == 2:
        return _unwrap(args[1])
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional; a union of several models gives no single answer (None)."""
    while get_origin(annotation) is not None and hasattr(annotation, "__metadata__"):
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        models = [a for a in map(_unwrap, options) if _is_model(a)]
        if len(models) == 1:
            return models[0]
        return _unwrap(options[0]) if len(options) == 1 else None
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


_SCORED = ("bids", "bidders", "lots", "criteria", "gates", "appointment", "tie_break", "advantages")
_ROUTE_HINTS: dict[str, tuple[tuple[str, ...], str]] = {
    "direct_award": (_SCORED, "a direct award names its supplier (see docs/law.md §11.1)"),
    "modification": (
        (*_SCORED, "procurement", "notification", "contract"),
        "a modification names the contract changed (contract_changed) and its supplier "
        "(see docs/law.md §11.2)",
    ),
    "authority_to_procure": (
        (*tuple(k for k in _SCORED if k != "criteria"), "notification", "supplier"),
        "an authority to procure plans the procurement and delegates the award "
        "(see docs/law.md §11)",
    ),
    "not_awarded": (
        tuple(k for k in _SCORED if k != "bidders"),
        "a decision not to award names those who tendered (bidders) and its reason "
        "(see docs/law.md §11.2)",
    ),
}
_OTHER_ROUTES: dict[str, str] = {
    "basis": "direct_award",
    "ground": "direct_award or modification",
    "justification": "direct_award",
    "transparency_notice": "direct_award",
    "supplier": "direct_award or modification",
    "framework": "call_off",
    "contract_changed": "modification",
    "change_notice": "modification",
    "delegation": "authority_to_procure",
    "reason": "not_awarded",
    "next_step": "not_awarded",
}


def route_hint(model: type[BaseModel], loc: tuple[str | int, ...]) -> str | None:
    """For a top-level key an award's route does not have: a message that names the route, and
    what that route has instead or which route has the key; None for any other unknown key."""
    route_field = model.model_fields.get("route")
    if route_field is None or len(loc) != 1:
        return None
    route = str(get_args(route_field.annotation)[0])  # each route's class has a Literal
    key = str(loc[0])
    name = ROUTE_NAMES.get(route, f"a {route} record")
    keys, instead = _ROUTE_HINTS.get(route, ((), ""))
    if key in keys:
        return f"{name} has no {key}; {instead}"
    other = _OTHER_ROUTES.get(key)
    if other and route in ("competitive", "call_off"):
        return (
            f"{name} has no {key}: it belongs to the route {other} (set `route:`; "
            "see docs/law.md §11)"
        )
    return None
