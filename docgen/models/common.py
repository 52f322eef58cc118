"""Types shared by every record model: strict base, safe text, identifiers, money."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _no_control_characters(value: str) -> str:
    match = _CONTROL.search(value)
    if match:
        raise ValueError(f"contains the control character U+{ord(match.group()):04X}")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


class Strict(BaseModel):
    """Base of every record model: unknown keys are errors and records never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


Text = Annotated[str, AfterValidator(_no_control_characters), AfterValidator(_not_blank)]
"""A non-empty line or paragraph of text typed by a person; no control characters."""

OptionalText = Annotated[str, AfterValidator(_no_control_characters)]

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
"""An identifier used in references and file names: lower case, digits and hyphens."""

Money = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=2)]
"""An amount in pounds sterling, never negative, at most two decimal places."""

Score = Annotated[Decimal, Field(ge=0, max_digits=7, decimal_places=3)]
Weight = Annotated[Decimal, Field(gt=0, le=100, max_digits=6, decimal_places=3)]
Years = Annotated[Decimal, Field(gt=0, le=50, max_digits=5, decimal_places=2)]
