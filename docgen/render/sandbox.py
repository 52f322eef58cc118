"""The one Jinja environment every text-template renderer uses, and the text that may enter it.

Templates are sandboxed (no `__class__`, `mro` or attribute writes), autoescaped (a value's `&`,
`<` or quote never becomes markup) and strict (a name the context lacks is an error, not a blank).
Sizes a template could blow up in one step are capped: `range()` (Jinja's own cap, 100,000
items), `*` on a string or list, and `**`. Whatever else a template does wrong at run time
(`1/0`, a macro calling itself for ever, a missing include) becomes a TemplateError naming the
template and line (`template_failure`). Time and memory are bounded around the renderer, in
the worker that runs a council's own templates (docgen/build/guarded.py).
"""

from __future__ import annotations

import math
import re
import traceback
from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from docgen.errors import TemplateError

# Characters XML 1.0 cannot carry, or that only make trouble in a document: C0 controls except
# tab and newline (docxtpl also reads \a and \f as paragraph and page breaks), DEL and the C1
# controls, unpaired surrogates (they cannot be encoded) and the non-characters U+FFFE/U+FFFF.
_UNWANTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

MAX_REPEAT = 1_000_000
"""The longest string or list `*` may make in a template."""
MAX_POWER_BITS = 100_000
"""The largest whole number `**` may make in a template, in bits (about 30,000 digits)."""


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, with `*` and `**` checked before they run."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**" and _power_bits(left, right) > MAX_POWER_BITS:
            raise OverflowError(f"{left} ** {right} is too large for a template")
        return super().call_binop(context, operator, left, right)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _power_bits(base: Any, exponent: Any) -> float:
    """About how many bits base ** exponent has, for whole numbers (0 for anything else)."""
    if not (_is_int(base) and _is_int(exponent)) or abs(base) < 2 or exponent < 1:
        return 0
    return float(exponent * math.log2(abs(base)))


def _check_repeat(sequence: Any, times: Any) -> None:
    if not isinstance(sequence, str | list | tuple) or not _is_int(times):
        return
    if len(sequence) * times > MAX_REPEAT:
        raise OverflowError(
            f"{len(sequence)} characters or items repeated {times} times are too many for a template"
        )


def make_environment() -> ImmutableSandboxedEnvironment:
    """A fresh sandboxed, autoescaping, strict environment (no extensions, no custom filters)."""
    return _Environment(
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


# ---- what went wrong, for a person ----


def template_line(exc: BaseException, is_template: Callable[[str], bool]) -> tuple[str, int] | None:
    """The template file and line a run-time error happened on: the innermost frame of template
    code (Jinja rewrites the traceback to the template's own lines)."""
    found = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if is_template(frame.f_code.co_filename):
            found = (frame.f_code.co_filename, lineno)
    return found


def template_failure(where: str, exc: Exception) -> TemplateError:
    """A TemplateError saying, at `where`, what a template did wrong as it was compiled or run."""
    return TemplateError(f"{where}: {_what(exc)}")


def _what(exc: Exception) -> str:
    if isinstance(exc, SecurityError):
        return f"unsafe access refused by the sandbox: {exc}"
    if isinstance(exc, TemplateNotFound):
        return f"the template {exc.name!r} it includes, imports or extends is not in the folder"
    if isinstance(exc, TemplateSyntaxError | UndefinedError):
        return str(exc.message or exc)
    if isinstance(exc, RecursionError):
        return "a macro or loop calls itself too deeply (RecursionError)"
    if isinstance(exc, MemoryError):
        return "it ran out of memory"
    if isinstance(exc, TypeError) and "no loader" in str(exc):
        return "it includes, imports or extends another template, which this format cannot do"
    return f"{exc} ({type(exc).__name__})"
