"""The numbering of a cabinet paper: its sections in order, and what every label refers to.

Validation, the legal rules and the document contexts all need these numbers, so they are
computed here, once, from the decision record alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.formatting import ENGLISH
from docgen.derive.language import Words
from docgen.models import Decision


def parsed_sections(
    decision: Decision, tolerant: bool = False, t: Words = ENGLISH
) -> list[tuple[str, str | None, list[prose.ParsedBlock]]]:
    """(key, sub-heading, blocks) in the standard order, for the sections written as prose, in
    `t`'s language (a Welsh text is parsed for its own placeholders and labels).

    With tolerant, a section whose markup is broken counts as empty (validation reports it).
    """
    s = decision.sections
    texts: list[tuple[str, str | None, str]] = [
        ("executive_summary", None, s.executive_summary),
        ("reasons", None, s.reasons),
        ("alternatives", None, s.alternatives),
    ]
    if s.background:
        texts.append(("background", None, s.background))
    texts += [(k, None, getattr(s, k)) for k in ("financial", "legal", "equalities")]
    texts += [("other", imp.heading, imp.text) for imp in s.other]
    return [
        (key, None if heading is None else t.text(heading), _parse(t.text(text), tolerant))
        for key, heading, text in texts
    ]


def _parse(text: str, tolerant: bool) -> list[prose.ParsedBlock]:
    try:
        return prose.parse(text)
    except prose.ProseError:
        if tolerant:
            return []
        raise


def section_order(decision: Decision) -> list[str]:
    keys = ["executive_summary", "recommendations", "reasons", "alternatives"]
    keys += ["background"] if decision.sections.background else []
    keys += ["financial", "legal", "equalities"]
    keys += ["other"] if decision.sections.other else []
    return [*keys, "appendices", "background_papers"]


def references(
    decision: Decision, tolerant: bool = False, t: Words = ENGLISH
) -> dict[tuple[str, str], str]:
    """Every label a paper defines, mapped to the text a reference to it becomes, in `t`'s
    language: "paragraph 6.1" / "paragraff 6.1"."""
    numbers = {key: n for n, key in enumerate(section_order(decision), start=1)}
    refs: dict[tuple[str, str], str] = {}
    counters: dict[str, Iterator[int]] = {}
    for key, _, blocks in parsed_sections(decision, tolerant, t):
        counter = counters.setdefault(key, itertools.count(1))
        for block in blocks:
            if block.kind == "para":
                number = f"{numbers[key]}.{next(counter)}"
                if block.label:
                    refs[("para", block.label)] = t("paragraph {number}", number=number)
    rec = numbers["recommendations"]
    for i, res in enumerate(decision.resolutions, start=1):
        number = f"{rec}.1({fmt.roman(i)})"
        if res.label:
            refs[("res", res.label)] = t("recommendation {number}", number=number)
        for j, item in enumerate(res.items, start=1):
            if item.label:
                sub = f"{number}({fmt.letter(j)})"
                refs[("res", item.label)] = t("recommendation {number}", number=sub)
    for i, appendix in enumerate(decision.appendices, start=1):
        refs[("appendix", appendix.id)] = t("Appendix {letter}", letter=appendix_letter(i))
    return refs


def appendix_letter(position: int) -> str:
    return fmt.letter(position).upper()
