"""The one Jinja environment every text-template renderer uses, and the text that may enter it.

Templates are sandboxed (no `__class__`, `mro` or attribute writes), autoescaped (a value's `&`,
`<` or quote never becomes markup) and strict (a name the context lacks is an error, not a blank).
"""

from __future__ import annotations

import re

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

# Characters XML 1.0 cannot carry, or that only make trouble in a document: C0 controls except
# tab and newline (docxtpl also reads \a and \f as paragraph and page breaks), DEL and the C1
# controls, unpaired surrogates (they cannot be encoded) and the non-characters U+FFFE/U+FFFF.
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def make_environment() -> ImmutableSandboxedEnvironment:
    """A fresh sandboxed, autoescaping, strict environment (no extensions, no custom filters)."""
    return ImmutableSandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


def clean_text(text: str) -> str:
    """The text without characters a document cannot carry (see _UNWANTED); a no-op normally.

    Records reject control characters when they are loaded; this is the renderer's last line of
    defence, so that no value can ever make a part's XML invalid.
    """
    return _UNWANTED.sub("", text)
