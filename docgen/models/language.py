"""Languages: which a council publishes in, and text a record gives in English and Welsh.

A council in Wales publishes in Welsh and English (the Welsh Language Standards (No. 1)
Regulations 2015, through its compliance notice); its profile says which languages it uses, which
comes first and how a bilingual document is laid out (``LanguageSettings``). Any text of a record
may be written once (English) or in both languages::

    title: {en: Home care framework, cy: Fframwaith gofal cartref}

and is read as a ``Localised`` string: the English text, with the Welsh beside it in ``.cy``. Code
that knows nothing of languages keeps working on the English text; a Welsh document picks the
Welsh with ``docgen.derive.language.Words.text``. Fields a person must translate for a council
that publishes in Welsh carry the ``TRANSLATE`` marker in their metadata; checks report each
one that lacks its Welsh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Lang = Literal["en", "cy"]
LANGUAGE_TAGS: dict[str, str] = {"en": "en-GB", "cy": "cy-GB"}
"""BCP 47 tags, as PDF /Lang, Word w:lang and HTML lang write them."""
Layout = Literal["sequential", "separate"]
"""How a bilingual document is laid out: both languages one after the other in one file (the
first language first, each part starting on a new page), or one file per language."""


def _english_only() -> list[Lang]:
    return ["en"]


class LanguageSettings(BaseModel):
    """The languages a council publishes in, which comes first, and the bilingual layout."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    publishes: list[Lang] = Field(
        default_factory=_english_only,
        min_length=1,
        description='The languages of the council\'s documents: ["en"], or ["cy", "en"] for a '
        "council bound by the Welsh Language Standards.",
    )
    first: Lang | None = Field(
        default=None,
        description="The language that comes first in a bilingual document; by default the "
        "first of `publishes`. The standards (No. 1) ask that Welsh is not treated less "
        "favourably: a council whose practice puts English first says so here.",
    )
    layout: Layout = Field(
        default="sequential",
        description="sequential: one file, the first language then the other, each from a new "
        "page; separate: one file per language (name.cy.pdf beside name.pdf).",
    )

    @model_validator(mode="after")
    def _first_is_published(self) -> LanguageSettings:
        if len(set(self.publishes)) != len(self.publishes):
            raise ValueError("publishes: each language once")
        if self.first is not None and self.first not in self.publishes:
            raise ValueError(f"first: {self.first!r} is not one of publishes {self.publishes}")
        return self

    @property
    def bilingual(self) -> bool:
        return len(self.publishes) > 1

    @property
    def welsh(self) -> bool:
        return "cy" in self.publishes

    @property
    def order(self) -> list[Lang]:
        """The published languages, the first one first."""
        first = self.first or self.publishes[0]
        return [first, *(lang for lang in self.publishes if lang != first)]


class Localised(str):
    """A record's text: the English as the string itself, the Welsh (if given) in ``cy``."""

    cy: str | None

    def __new__(cls, english: str, cy: str | None = None) -> Localised:
        made = super().__new__(cls, english)
        made.cy = cy
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Localised, (str(self), self.cy))

    def in_language(self, lang: str) -> str:
        """The text in `lang`; the English when no Welsh is given."""
        return self.cy if lang == "cy" and self.cy is not None else str(self)


TRANSLATE = "translate"
"""Metadata marker of a field that a council publishing in Welsh must give in Welsh too."""


def bilingual(check: Callable[[str], str]) -> Callable[[Any], Any]:
    """A before-validator: a mapping {en, cy} becomes a Localised string, each half checked by
    `check` (the field's own text rules); anything else is left to the field's own validation."""

    def parse(value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        unknown = set(value) - {"en", "cy"}
        if unknown:
            raise ValueError(f"a text in two languages has keys en and cy, not {sorted(unknown)}")
        english, welsh = value.get("en"), value.get("cy")
        if not isinstance(english, str):
            raise ValueError("en: the English text is needed (a string)")
        if welsh is not None and not isinstance(welsh, str):
            raise ValueError("cy: the Welsh text must be a string")
        try:
            english = check(english)
        except ValueError as exc:
            raise ValueError(f"en: {exc}") from None
        if welsh is not None:
            try:
                welsh = check(welsh)
            except ValueError as exc:
                raise ValueError(f"cy: {exc}") from None
        return Localised(english, welsh)

    return parse


def keep_localised(value: Any, handler: Callable[[Any], Any]) -> Any:
    """A wrap-validator: the field's string validation, keeping a Localised value's Welsh."""
    result = handler(value)
    if isinstance(value, Localised) and not isinstance(result, Localised):
        return Localised(result, value.cy)
    return result


def dump_localised(value: Any) -> Any:
    """A Localised value with Welsh serialises as {en, cy} (so the record's hash covers the
    Welsh); any other string as itself."""
    if isinstance(value, Localised) and value.cy is not None:
        return {"en": str(value), "cy": value.cy}
    return value


LOCALISED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"en": {"type": "string"}, "cy": {"type": "string"}},
    "required": ["en"],
    "additionalProperties": False,
}


__all__ = [
    "LANGUAGE_TAGS",
    "LOCALISED_SCHEMA",
    "TRANSLATE",
    "Lang",
    "LanguageSettings",
    "Layout",
    "Localised",
    "bilingual",
    "dump_localised",
    "keep_localised",
]
