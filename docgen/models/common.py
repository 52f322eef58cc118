"""Types shared by every record model: strict base, safe text, identifiers, money.

Text shows what it is. A name, a title, an address or an identifier (``Text``) may hold no
invisible format character (Unicode category Cf: soft hyphens, zero-width spaces and joiners,
bidi marks, overrides, embeddings and isolates, the byte-order mark, tag characters), which could
hide a name from the leak checks or, as a right-to-left override did, make a letter show another
bidder as the winner; the one exception is a zero-width non-joiner or joiner (U+200C, U+200D)
between two letters of a script that needs them to be written correctly (``JOINING_SCRIPTS``:
Arabic, Syriac, N'Ko, Mongolian and the Brahmic scripts of South Asia). Prose (``Prose``,
``OptionalText``) may carry soft hyphens and directional marks, but no bidi override, embedding
or isolate (U+202A to U+202E, U+2066 to U+2069), which reorder the text around them.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _no_control_characters(value: str) -> str:
    match = _CONTROL.search(value)
    if match:
        raise ValueError(f"contains the control character U+{ord(match.group()):04X}")
    return value


_BIDI_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")
JOINERS = frozenset("\u200c\u200d")
JOINING_SCRIPTS = frozenset(
    [
        "ARABIC",
        "SYRIAC",
        "NKO",
        "MONGOLIAN",
        "DEVANAGARI",
        "BENGALI",
        "GURMUKHI",
        "GUJARATI",
        "ORIYA",
        "TAMIL",
        "TELUGU",
        "KANNADA",
        "MALAYALAM",
        "SINHALA",
    ]
)
"""Scripts whose spelling uses ZWNJ/ZWJ between letters (Persian, Urdu, Hindi, Sinhala…)."""


def _invisible(character: str) -> ValueError:
    name = unicodedata.name(character, "")
    return ValueError(
        f"contains the invisible character U+{ord(character):04X} {name}".rstrip()
        + ", which can hide or reorder what a reader sees: type the text without it"
    )


def _no_invisible_characters(value: str) -> str:
    """No format character (category Cf) in a name or identifier; ZWNJ/ZWJ only inside a word
    of a script that needs them."""
    if value.isascii():
        return value
    for at, character in enumerate(value):
        if unicodedata.category(character) != "Cf":
            continue
        if character in JOINERS and _joins(value, at):
            continue
        raise _invisible(character)
    return value


def _joins(value: str, at: int) -> bool:
    """Whether the joiner at `at` stands between two letters (or marks) of one joining script."""
    if at == 0 or at + 1 >= len(value):
        return False
    before, after = _script(value[at - 1]), _script(value[at + 1])
    return before is not None and before == after


def _script(character: str) -> str | None:
    if unicodedata.category(character)[0] not in "LM":
        return None
    script = unicodedata.name(character, "").split(" ")[0]
    return script if script in JOINING_SCRIPTS else None


def _no_bidi_reordering(value: str) -> str:
    """No bidi override, embedding or isolate in prose: each reorders the text around it."""
    match = _BIDI_REORDERING.search(value)
    if match:
        raise _invisible(match.group())
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


class Strict(BaseModel):
    """Base of every record model: unknown keys are errors and records never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


Text = Annotated[
    str,
    AfterValidator(_no_control_characters),
    AfterValidator(_no_invisible_characters),
    AfterValidator(_not_blank),
]
"""A non-empty name, title, line or identifier typed by a person; no control characters and no
invisible ones (see the module's docstring)."""

Prose = Annotated[
    str,
    AfterValidator(_no_control_characters),
    AfterValidator(_no_bidi_reordering),
    AfterValidator(_not_blank),
]
"""A non-empty paragraph of prose; no control characters, no bidi override, embedding or isolate."""

OptionalText = Annotated[
    str, AfterValidator(_no_control_characters), AfterValidator(_no_bidi_reordering)
]
"""Prose that may be left empty."""

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
"""An identifier used in references and file names: lower case, digits and hyphens."""

Money = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]
"""An amount in pounds sterling, never negative, at most two decimal places."""

Score = Annotated[Decimal, Field(ge=0, max_digits=7, decimal_places=3)]
Weight = Annotated[Decimal, Field(gt=0, le=100, max_digits=6, decimal_places=3)]
Years = Annotated[Decimal, Field(gt=0, le=50, max_digits=5, decimal_places=2)]
