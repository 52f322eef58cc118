"""What each kind's context holds, field by field, read from the context types themselves.

Every field is described by the docstring under it (see `Context`). `templates/README.md` lists
the fields between two marker comments, written by `readme_with_fields` (`make
templates-readme`), so the list cannot drift from the types; the template contract test
resolves the fields that templates read with `field_type` and `item_type`.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
import types
from collections.abc import Collection, Iterator, Sequence
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from docgen.documents.kinds import KINDS, Kind

BEGIN = (
    "<!-- fields: begin. Written by `make templates-readme` from docgen/documents/; do not edit -->"
)
END = "<!-- fields: end -->"
TEMPLATE_FILES = {"docx": "{}.docx", "pdf": "{}.typ", "html": "html/{}.html"}
"""The template each format of a kind is rendered from, in templates/."""


# ---- reading a type ----


def without_none(tp: Any) -> Any:
    """`X | None` as X; any other type unchanged."""
    if get_origin(tp) in (Union, types.UnionType):
        rest = [a for a in get_args(tp) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return tp


def model_of(tp: Any) -> type[BaseModel] | None:
    """The model a field holds (None allowed), or None when it holds something else."""
    tp = without_none(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def item_type(tp: Any) -> Any | None:
    """The type of a list's items, or None when the type is not a list."""
    tp = without_none(tp)
    return get_args(tp)[0] if get_origin(tp) is list else None


def field_type(tp: Any, name: str) -> Any | None:
    """The type of field `name` of the model `tp` holds; None when it has no such field."""
    model = model_of(tp)
    if model is None or name not in model.model_fields:
        return None
    return model.model_fields[name].annotation


def models_in(tp: Any) -> Iterator[type[BaseModel]]:
    """Every model a type mentions: itself, list items, the arms of a union."""
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        yield tp
    elif get_origin(tp) is not Literal:
        for arg in get_args(tp):
            yield from models_in(arg)


def reachable_models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """The root and every model its fields hold, nested ones and list items included."""
    found: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        model = todo.pop(0)
        if model not in found:
            found.append(model)
            for info in model.model_fields.values():
                todo += models_in(info.annotation)
    return found


def undocumented(root: type[BaseModel]) -> list[str]:
    """'Model.field' for every field reachable from root that has no description."""
    return [
        f"{model.__module__}.{model.__qualname__}.{name}"
        for model in reachable_models(root)
        for name in model.model_fields
        if not description(model, name).strip()
    ]


def description(model: type[BaseModel], name: str) -> str:
    """A field's description: the one given (Field(description=...)), else the string under
    the field in the class that defines it, or a class it inherits from ("" if none)."""
    given = model.model_fields[name].description
    if given:
        return given
    for klass in model.__mro__:
        found = attribute_docstrings(klass).get(name)
        if found is not None:
            return found
    return ""


@cache
def attribute_docstrings(klass: type) -> dict[str, str]:
    """The string under each annotated attribute of a class's own body, cleaned as pydantic
    cleans it (inspect.cleandoc); {} for a class that is not a model of ours (BaseModel itself,
    object) or has no Python source."""
    if klass is BaseModel or not issubclass(klass, BaseModel):
        return {}
    try:
        source = textwrap.dedent(inspect.getsource(klass))
    except (OSError, TypeError):
        return {}
    body = next(n for n in ast.parse(source).body if isinstance(n, ast.ClassDef)).body
    found: dict[str, str] = {}
    for node, after in itertools.pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            found[node.target.id] = inspect.cleandoc(after.value.value)
    return found


def type_text(tp: Any, shared: Collection[type[BaseModel]] = ()) -> str:
    """A type as the README writes it: 'str or None', 'list of Row', 'one of "a", "b"'."""
    bare = without_none(tp)
    if bare is not tp:
        return f"{type_text(bare, shared)} or None"
    if get_origin(tp) is list:
        return f"list of {type_text(get_args(tp)[0], shared)}"
    if get_origin(tp) is Literal:
        return "one of " + ", ".join(f'"{a}"' for a in get_args(tp))
    if tp in shared:
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return getattr(tp, "__name__", str(tp))


# ---- the README's list ----


def readme_fields(kinds: Sequence[Kind] = KINDS) -> str:
    """The Markdown between the README's markers: each kind's fields, then the shared types."""
    shared = _shared(kinds)
    parts = [
        "## Context fields\n\n"
        "What each kind's templates may read. Word templates see the fields as top-level\n"
        "names (`meta.footer`), Typst and HTML templates as `ctx` (`ctx.meta.footer`); `[]`\n"
        "marks the items of a list (`{% for s in sections %}`, `#for s in ctx.sections`).\n"
        "Types in links are listed once, under Shared types.",
        *(_kind_section(kind, shared) for kind in kinds),
        "### Shared types",
    ]
    for model in sorted(shared, key=lambda m: m.__name__):
        rows = _rows(model, "", shared, descend=False)
        parts.append(f"#### {model.__name__}\n\n{_first_line(model)}\n\n{_table(rows)}")
    return "\n\n".join(parts) + "\n"


def readme_with_fields(readme: str, kinds: Sequence[Kind] = KINDS) -> str:
    """The README with its fields section (between the markers) written afresh."""
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the README needs the markers {BEGIN!r} and {END!r}, in that order")
    return readme[: start + len(BEGIN)] + "\n" + readme_fields(kinds) + readme[end:]


def _shared(kinds: Sequence[Kind]) -> set[type[BaseModel]]:
    """The models held by more than one kind's context (listed once, not under every kind)."""
    seen: dict[type[BaseModel], int] = {}
    for kind in kinds:
        for model in reachable_models(kind.context_type)[1:]:
            seen[model] = seen.get(model, 0) + 1
    shared = {m for m, count in seen.items() if count > 1}
    return shared | {m for s in shared for m in reachable_models(s)}


def _kind_section(kind: Kind, shared: set[type[BaseModel]]) -> str:
    context = kind.context_type
    module = context.__module__.replace(".", "/") + ".py"
    files = ", ".join(f"`{TEMPLATE_FILES[f].format(kind.name)}`" for f in kind.formats)
    head = f"### {kind.name}\n\n`{context.__name__}` ({module}): {_first_line(context)}"
    return f"{head}\nTemplates: {files}.\n\n{_table(_rows(context, '', shared, descend=True))}"


def _rows(
    model: type[BaseModel], prefix: str, shared: set[type[BaseModel]], *, descend: bool
) -> Iterator[tuple[str, str, str]]:
    """(path, type, description) for each field; nested models' fields follow theirs."""
    for name, info in model.model_fields.items():
        if info.serialization_alias:  # a marker for the renderer (Prose's `_prose`), not data
            continue
        path = prefix + name
        yield path, type_text(info.annotation, shared), description(model, name)
        inner, suffix = info.annotation, ""
        while item_type(inner) is not None:
            inner, suffix = item_type(inner), suffix + "[]"
        nested = model_of(inner)
        if descend and nested is not None and nested not in shared:
            yield from _rows(nested, f"{path}{suffix}.", shared, descend=True)


def _table(rows: Iterator[tuple[str, str, str]]) -> str:
    lines = ["| Field | Type | What it holds |", "| --- | --- | --- |"]
    for path, type_, description in rows:
        lines.append(f"| `{path}` | {_cell(type_)} | {_cell(description)} |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    """Text for one Markdown table cell: one line, `|` escaped, and `<` outside code too."""
    pieces = " ".join(text.split()).replace("|", "\\|").split("`")
    return "`".join(p if i % 2 else p.replace("<", "&lt;") for i, p in enumerate(pieces))


def _first_line(model: type[BaseModel]) -> str:
    return (model.__doc__ or "").strip().splitlines()[0]
