"""Every field of every document context is described, and templates/README.md lists them.

The descriptions are the docstrings under the fields (read from the source, see `Context`); the
README's fields section is written from them by `make templates-readme`.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from pathlib import Path

import pytest

import docgen.documents
from docgen.documents.common import Context
from docgen.documents.fields import BEGIN, END, readme_fields, readme_with_fields, undocumented
from docgen.documents.kinds import KINDS, kind

README = Path(__file__).resolve().parents[1] / "templates" / "README.md"


@pytest.mark.parametrize("name", [k.name for k in KINDS])
def test_every_field_a_kind_can_read_is_described(name: str) -> None:
    missing = undocumented(kind(name).context_type)
    assert not missing, "fields without a description (a docstring under the field): " + ", ".join(
        missing
    )


def _contexts() -> list[type[Context]]:
    """Every Context subclass defined in docgen/documents/, used by a kind or not."""
    for module in pkgutil.iter_modules(docgen.documents.__path__):
        importlib.import_module(f"docgen.documents.{module.name}")
    found, todo = [], list(Context.__subclasses__())
    while todo:
        model = todo.pop()
        found.append(model)
        todo += model.__subclasses__()
    return [m for m in found if m.__module__.startswith("docgen.documents.")]


def test_every_document_context_model_is_described() -> None:
    contexts = _contexts()
    assert len(contexts) > 20, "expected every context model of docgen/documents/"
    missing = [field for model in contexts for field in undocumented(model)]
    assert not missing, "fields without a description: " + ", ".join(missing)


class _Item(Context):
    """A nested model, reached only through a list."""

    described: int
    """A described field."""
    bare: str


class _Outer(Context):
    """A context with an undescribed field two levels down."""

    items: list[_Item] | None
    """The items."""


def test_an_undescribed_field_is_found_inside_list_items() -> None:
    assert undocumented(_Outer) == [f"{__name__}._Item.bare"]


def test_the_readme_lists_the_fields_the_context_types_have() -> None:
    text = README.read_text(encoding="utf-8")
    assert text == readme_with_fields(text), (
        "templates/README.md does not list the context fields as the context types describe "
        "them: run `make templates-readme` and commit the README"
    )


def test_the_readme_list_changes_when_a_context_type_does() -> None:
    text = README.read_text(encoding="utf-8")
    notice = dataclasses.replace(kind("appendix_notice"), context_type=_Outer)
    changed = readme_with_fields(text, [*KINDS[:3], notice, *KINDS[4:]])
    assert changed != text
    assert "| `items[].bare` | str |  |" in changed
    assert "| `items[].described` | int | A described field. |" in changed


def test_the_readme_keeps_its_prose_outside_the_markers() -> None:
    text = README.read_text(encoding="utf-8")
    before, after = text.split(BEGIN)[0], text.split(END)[1]
    assert "Paragraph styles" in before, "the hand-written prose is above the markers"
    rewritten = readme_with_fields(before + BEGIN + "\nstale\n" + END + after)
    assert rewritten == text
    with pytest.raises(ValueError, match="markers"):
        readme_with_fields(before + after)


def test_every_kind_and_its_fields_are_in_the_list() -> None:
    sections = readme_fields().split("\n### ")
    for k in KINDS:
        section = next(s for s in sections if s.startswith(f"{k.name}\n"))
        for name in k.context_type.model_fields:
            assert f"| `{name}` | " in section, f"{k.name}: no row for {name}"


class _Child(_Item):
    """Inherits `described` and `bare`; adds one of its own."""

    extra: bool = False
    """A field of the child's own."""


def test_a_field_is_described_where_it_is_defined_or_inherited_from() -> None:
    from pydantic import Field, create_model

    from docgen.documents.fields import description

    assert description(_Child, "described") == "A described field."  # from _Item
    assert description(_Child, "extra") == "A field of the child's own."
    assert description(_Child, "bare") == ""
    given = create_model("_Given", __base__=Context, n=(int, Field(description="Given.")))
    assert description(given, "n") == "Given."


def test_defining_a_context_reads_no_source() -> None:
    """The descriptions are read when the README is written, not as every command defines the
    contexts (pydantic's use_attribute_docstrings cost 30 ms of every build's start)."""
    from docgen.derive.prose import Block, Run

    for model in (Context, Block, Run):
        assert not model.model_config.get("use_attribute_docstrings"), model
