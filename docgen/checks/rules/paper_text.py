"""Rules on text typed by hand into records: references, numbering, money, dates.

R14, R15, R31 and R32. Placeholders ({award.total_value}, {para:label}) are checked by the core
prose check on every validate; these rules look at what people type around them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from docgen.checks.prose import prose_fields
from docgen.checks.rules.base import Rule, RuleContext
from docgen.derive import formatting as fmt
from docgen.derive import prose
from docgen.derive.numbering import parsed_sections, section_order
from docgen.models import Award, Council, Decision
from docgen.records.loading import Finding, Loc

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NO_NUMBER = re.compile(r"\b(?:paragraph|para\.?)\s+(?:of|in)\s+this\s+(?:report|paper)\b", re.I)
_DOTTED = re.compile(r"\b(?:paragraphs?|paras?\.?)\s+(\d+\.\d+)\b(?!\s+of\s+(?!this\b))", re.I)
_APPENDIX = re.compile(r"\bAppendix\s+([A-Z])\b")
_TYPED_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?\s")
_MONEY = re.compile(
    r"£\s?(?P<num>\d+(?:,\d+)*(?:\.\d+)?)(?P<unit>\s?(?:m|bn|k)\b|\s+(?:million|billion)\b)?"
)
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000, "million": 1_000_000}
_DATES = (
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)\s+(?:of\s+)?(?:{_MONTHS})(?:,?\s+\d{{4}})?"),
    re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"),
    re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS}),\s+\d{{4}}\b"),
    re.compile(rf"\b(?:{_DAYS}),\s+\d{{1,2}}\s+(?:{_MONTHS})\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
)


def paragraph_numbers(decision: Decision) -> set[str]:
    """Every paragraph number the paper will print (1.1, 1.2 … 12.1)."""
    counts = {key: 0 for key in section_order(decision)}
    for key in ("recommendations", "appendices", "background_papers"):
        counts[key] = 1  # each opens with one numbered paragraph
    for key, _, blocks in parsed_sections(decision, tolerant=True):
        counts[key] += sum(block.kind == "para" for block in blocks)
    numbers = {key: n for n, key in enumerate(section_order(decision), start=1)}
    return {f"{numbers[key]}.{i}" for key, count in counts.items() for i in range(1, count + 1)}


def typed_references(ctx: RuleContext) -> Iterator[Finding]:
    """R14: references typed by hand resolve to a paragraph or appendix of the paper."""
    for _, decision, _ in ctx.decisions():
        numbers = paragraph_numbers(decision)
        letters = {fmt.letter(i).upper() for i in range(1, len(decision.appendices) + 1)}
        for loc, text in prose_fields(decision):
            for match in _NO_NUMBER.finditer(text):
                yield (
                    decision,
                    loc,
                    f"{match.group()!r} names no paragraph: cite it as {{para:label}}",
                )
            for match in _DOTTED.finditer(text):
                if match.group(1) not in numbers:
                    yield (
                        decision,
                        loc,
                        f"{match.group()!r} refers to no paragraph of the paper: cite "
                        f"paragraphs as {{para:label}}",
                    )
            for match in _APPENDIX.finditer(text):
                if match.group(1) not in letters:
                    yield (
                        decision,
                        loc,
                        f"{match.group()!r} refers to no appendix of the paper: cite "
                        f"appendices as {{appendix:id}}",
                    )


def typed_numbers(ctx: RuleContext) -> Iterator[Finding]:
    """R15: no paragraph starts with a number typed by hand; docgen numbers them."""
    for _, decision, _ in ctx.decisions():
        for loc, text in prose_fields(decision):
            for number in _leading_numbers(text):
                yield (
                    decision,
                    loc,
                    f"a paragraph starts with the typed number {number!r}; docgen numbers "
                    f"paragraphs itself, so the numbers would no longer run in order: remove it",
                )


def _leading_numbers(text: str) -> Iterator[str]:
    try:
        blocks = prose.parse(text)
    except prose.ProseError:
        return  # the core prose check reports it
    for block in blocks:
        first = block.lines[0][0].text if block.kind == "para" and block.lines[0] else None
        match = _TYPED_NUMBER.match(first) if isinstance(first, str) else None
        if match:
            yield match.group(1)


def text_fields(
    decision: Decision, award: Award | None
) -> Iterator[tuple[Decision | Award, Loc, str]]:
    """Text typed by hand that reaches a paper or letter, with its record and location."""
    for loc, text in prose_fields(decision):
        yield decision, loc, text
    if decision.key_decision.reason:
        yield decision, ("key_decision", "reason"), decision.key_decision.reason
    if award is None:
        return
    yield award, ("advantages",), award.advantages
    for i, lot in enumerate(award.lots):
        yield award, ("lots", i, "advantages"), lot.advantages
        for j, bid in enumerate(lot.bidders):
            yield award, ("lots", i, "bidders", j, "feedback"), bid.feedback
    for j, bid in enumerate(award.bids):
        yield award, ("bids", j, "feedback"), bid.feedback


def money_style(ctx: RuleContext) -> Iterator[Finding]:
    """R31: money typed by hand is in the council's house style."""
    for council, decision, award in ctx.decisions():
        for record, loc, text in text_fields(decision, award):
            for match in _MONEY.finditer(text):
                wanted = _money_forms(match, council)
                typed = " ".join(match.group().split())
                if wanted and typed not in wanted:
                    yield (
                        record,
                        loc,
                        f"{typed!r} is not in the house style: write {' or '.join(wanted)}, or "
                        f"cite the fact that holds the amount",
                    )


def _money_forms(match: re.Match[str], council: Council) -> list[str]:
    unit = (match.group("unit") or "").strip()
    if unit not in _UNITS:
        return []  # billions: no house style yet
    try:
        amount = Decimal(match.group("num").replace(",", "")) * _UNITS[unit]
    except InvalidOperation:
        return []
    forms = [fmt.money(amount, council.style.money), fmt.money_exact(amount)]
    return list(dict.fromkeys(forms))


def date_style(ctx: RuleContext) -> Iterator[Finding]:
    """R32: dates typed by hand read 22 July 2025: no ordinals, no commas, day first."""
    for _, decision, award in ctx.decisions():
        for record, loc, text in text_fields(decision, award):
            for typed in _typed_dates(text):
                yield (
                    record,
                    loc,
                    f"{typed!r} is not in the house style: write dates as 22 July 2025 (no "
                    f"ordinal, no comma), or cite the fact that holds the date",
                )


def _typed_dates(text: str) -> list[str]:
    """Dates out of style, in order of appearance, each once however many patterns match."""
    spans: list[tuple[int, int]] = []
    for pattern in _DATES:
        for match in pattern.finditer(text):
            if all(match.end() <= a or match.start() >= b for a, b in spans):
                spans.append(match.span())
    return [text[a:b] for a, b in sorted(spans)]


_STYLE_SOURCE = "https://www.sutton.gov.uk/-/all-about-numbers"

RULES = (
    Rule(
        "R14",
        "error",
        "References typed by hand ('paragraph 3.2', 'Appendix C', 'paragraph of this report') "
        "resolve to the paper; {para:…}, {appendix:…} and {res:…} references are a core check "
        "on every validate",
        "https://opengovernment.network/decisions/161324",
        typed_references,
    ),
    Rule(
        "R15",
        "error",
        "Paragraph numbers run in order within sections: docgen numbers them, so no paragraph "
        "may start with a number typed by hand",
        "Maidstone report template (docs/law.md §1.1)",
        typed_numbers,
    ),
    Rule(
        "R31",
        "warning",
        "Money typed by hand is in the council's style ('£31.8m' or '£31.8 million', or every "
        "pound with comma thousands); no '£x.00', no '£0.x million'",
        f"{_STYLE_SOURCE} ; https://www.bristol.gov.uk/bristol-style/a-to-z-of-style/a-to-z-of-style-item?id=78",
        money_style,
    ),
    Rule(
        "R32",
        "warning",
        "Dates typed by hand read '22 July 2025': no ordinals, no commas, day before month, "
        "no 22/07/2025",
        _STYLE_SOURCE,
        date_style,
    ),
)
