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

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    WrapValidator,
    field_validator,
    model_validator,
)

from docgen.models.language import (
    LOCALISED_SCHEMA,
    TRANSLATE,
    bilingual,
    dump_localised,
    keep_localised,
)

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


def _text_checks(value: str) -> str:
    return _not_blank(_no_invisible_characters(_no_control_characters(value)))


def _prose_checks(value: str) -> str:
    return _not_blank(_no_bidi_reordering(_no_control_characters(value)))


def _optional_checks(value: str) -> str:
    return _no_bidi_reordering(_no_control_characters(value))


def _in_two_languages(check: Callable[[str], str]) -> tuple[object, ...]:
    """What makes a text type accept {en, cy} as well as a string (docgen/models/language.py)."""
    return (
        BeforeValidator(bilingual(check)),
        PlainSerializer(dump_localised, return_type=Any),
        WithJsonSchema({"anyOf": [{"type": "string"}, LOCALISED_SCHEMA]}),
    )


Text = Annotated[
    str,
    WrapValidator(keep_localised),
    AfterValidator(_no_control_characters),
    AfterValidator(_no_invisible_characters),
    AfterValidator(_not_blank),
    *_in_two_languages(_text_checks),
]
"""A non-empty name, title, line or identifier typed by a person; no control characters and no
invisible ones (see the module's docstring). It may be given in English and Welsh ({en, cy});
a name need not be."""

Title = Annotated[Text, TRANSLATE]
"""A Text a council publishing in Welsh must give in Welsh too: a title, a Lot's or criterion's
name, a job title, a reason."""

Prose = Annotated[
    str,
    WrapValidator(keep_localised),
    AfterValidator(_no_control_characters),
    AfterValidator(_no_bidi_reordering),
    AfterValidator(_not_blank),
    *_in_two_languages(_prose_checks),
    TRANSLATE,
]
"""A non-empty paragraph of prose; no control characters, no bidi override, embedding or isolate.
Given in English and Welsh ({en, cy}) for a council that publishes in Welsh."""

OptionalText = Annotated[
    str,
    WrapValidator(keep_localised),
    AfterValidator(_no_control_characters),
    AfterValidator(_no_bidi_reordering),
    *_in_two_languages(_optional_checks),
    TRANSLATE,
]
"""Prose that may be left empty; in English and Welsh like Prose."""

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
"""An identifier used in references and file names: lower case, digits and hyphens."""

Money = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]
"""An amount in pounds sterling, never negative, at most two decimal places."""

Score = Annotated[Decimal, Field(ge=0, max_digits=7, decimal_places=3)]
Weight = Annotated[Decimal, Field(gt=0, le=100, max_digits=6, decimal_places=3)]
Years = Annotated[Decimal, Field(gt=0, le=50, max_digits=5, decimal_places=2)]
Months = Annotated[Decimal, Field(gt=0, le=600, max_digits=5, decimal_places=2)]
"""A term in months as the council states it (a 32-month term, a 3-month mobilisation)."""

MONTHS_PER_YEAR = Decimal(12)

ValueBasis = Literal["committed", "estimated", "zero"]


class ContractTerms(Strict):
    """The agreement's kind, term and value, in years or in months as the council states them.

    A term is given in years (``initial_years``, ``extensions_years``, ``max_years``) or in
    months (``initial_months``, ``extensions_months``, ``max_months``); the ``*_in_months``
    properties read either. The value is for the whole term (``total_value``), with an annual
    figure only where the council states one; ``value_basis`` says whether spend is committed,
    estimated, or none at all (a zero-value framework).
    """

    kind: Literal["framework", "contract", "approved_list"]
    initial_years: Years | None = None
    initial_months: Months | None = None
    extensions_years: list[Years] = Field(default_factory=list)
    extensions_months: list[Months] = Field(default_factory=list)
    max_years: Years | None = None
    max_months: Months | None = None
    mobilisation_months: Months | None = Field(
        default=None, description="A mobilisation period before the term starts, in months."
    )
    start: dt.date
    annual_value: Money | None = Field(
        default=None,
        description="The value of one year; leave out when the council states only the value "
        "for the whole term (the documents then never print an annual figure).",
    )
    total_value: Money
    value_basis: ValueBasis = Field(
        default="committed",
        description="committed (the spend the council commits to), estimated (an estimate: no "
        "spend is committed, as under most frameworks) or zero (a framework with no value of "
        "its own: no spend is committed and total_value is 0).",
    )
    value_tolerance: Decimal = Field(default=Decimal("0.01"), ge=0, le=Decimal("0.2"))
    notice_value: Money | None = None
    notice_value_placeholder: bool = Field(
        default=False,
        description="The published notice's value is a placeholder (such as £1), not an "
        "estimate: the documents and the OCDS export say so (rule R52).",
    )
    signed: dt.date | None = Field(
        default=None, description="The date the contract was signed (after standstill: R53)."
    )

    @model_validator(mode="after")
    def _one_unit_each(self) -> ContractTerms:
        """Each of the initial and the longest term in years or in months, not both or
        neither; extensions in one unit."""
        for part in ("initial", "max"):
            years, months = getattr(self, f"{part}_years"), getattr(self, f"{part}_months")
            if years is not None and months is not None:
                raise ValueError(f"give {part}_years or {part}_months, not both")
            if years is None and months is None:
                raise ValueError(f"give {part}_years (or {part}_months for a term in months)")
        if self.extensions_years and self.extensions_months:
            raise ValueError("give extensions_years or extensions_months, not both")
        if self.notice_value_placeholder and self.notice_value is None:
            raise ValueError("notice_value_placeholder needs the notice_value it marks")
        if self.value_basis == "zero" and (self.total_value or self.annual_value):
            raise ValueError(
                "a zero-value agreement (value_basis: zero) has total_value 0 and no "
                "annual_value: give value_basis: estimated to state an estimate"
            )
        return self

    @property
    def initial_in_months(self) -> Decimal:
        return _in_months(self.initial_years, self.initial_months)

    @property
    def extensions_in_months(self) -> list[Decimal]:
        if self.extensions_months:
            return list(self.extensions_months)
        return [years * MONTHS_PER_YEAR for years in self.extensions_years]

    @property
    def max_in_months(self) -> Decimal:
        return _in_months(self.max_years, self.max_months)

    @property
    def max_in_years(self) -> Decimal:
        """The longest term in years (32 months: 2.666…), for values and limits in years."""
        return self.max_years if self.max_years is not None else self.max_in_months / 12


def _in_months(years: Decimal | None, months: Decimal | None) -> Decimal:
    if months is not None:
        return months
    return (years or Decimal(0)) * MONTHS_PER_YEAR


LOT_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 .-]{0,22}[A-Za-z0-9])?")
"""A Lot label as a council writes it after "Lot": 1a, 2B, North, North East, A.1."""


def _lot_id(value: object) -> int | str:
    """A Lot's number (1 to 999) or short label ("1a", "North"); "12" typed as text is 12."""
    if isinstance(value, bool):
        raise ValueError("must be a Lot number or a short label such as 1a or North")
    if isinstance(value, int):
        if not 1 <= value <= 999:
            raise ValueError("a Lot number runs from 1 to 999")
        return value
    if not isinstance(value, str):
        raise ValueError("must be a Lot number or a short label such as 1a or North")
    text = value.strip()
    if text.isascii() and text.isdigit() and not text.startswith("0"):
        return _lot_id(int(text))
    if re.match(r"lot\b", text, re.IGNORECASE):
        raise ValueError(
            "give the Lot's number or label without the word Lot (1a, not Lot 1a): the "
            "documents write 'Lot 1a'"
        )
    if not LOT_LABEL.fullmatch(text):
        raise ValueError(
            "not a Lot number or label: a label is up to 24 letters, digits, spaces, dots and "
            "hyphens, starting and ending with a letter or digit (1a, North)"
        )
    return text


LotId = Annotated[
    int | str,
    PlainValidator(_lot_id),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 999},
                {"type": "string", "pattern": f"^{LOT_LABEL.pattern}$"},
            ],
            "description": "The Lot's number (1, 2 …) or label as the council writes it "
            "(1a, 1b, North).",
        }
    ),
]
"""A Lot's number or label: an integer 1–999 or a short label ("1a", "North")."""


def lot_slug(lot: int | str) -> str:
    """The Lot's id as it appears in file, folder and fact names: 2, 1a, north-east."""
    return re.sub(r"[^a-z0-9]+", "-", str(lot).casefold()).strip("-")


def lot_order(lot: int | str, position: int) -> tuple[int, int, int]:
    """Sort key of a Lot: numbered Lots by number, then labelled ones in record order."""
    return (0, lot, 0) if isinstance(lot, int) else (1, 0, position)


class Buyer(Strict):
    """The body for which the council procures, when it acts for another (a lead authority for
    several councils, an agent such as a trunk road agent, a joint committee)."""

    name: Text = Field(description="The buyer named in the papers and letters.")
    role: Literal["lead_authority", "agent", "joint_committee"] = Field(
        description="lead_authority (the council leads for others), agent (it acts as another "
        "body's agent) or joint_committee (the buyer is a joint committee of councils)."
    )
    on_behalf_of: list[Text] = Field(
        default_factory=list,
        description="The bodies the procurement is for (the councils of a joint committee, the "
        "body an agent acts for); one name or a list.",
    )

    @field_validator("on_behalf_of", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value
