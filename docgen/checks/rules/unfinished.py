"""R36: nothing unfinished reaches a reader (docs/law.md §10).

A drafting placeholder (docgen.checks.placeholders) in text a document prints is an error for
anything sent or published, and a warning while the record only reaches drafts: a draft decision
(its paper carries the DRAFT watermark), or an award or council no cleared or final decision
uses. Award letters are always sent: `docgen letters` refuses placeholders whatever the status.
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.checks import placeholders
from docgen.checks.rules.base import Rule, RuleContext
from docgen.models import Record
from docgen.records.loading import Finding, iter_records


def _placeholders(ctx: RuleContext, draft: bool) -> Iterator[Finding]:
    decisions = list(ctx.records.decisions.values())
    for record in iter_records(ctx.records):
        if placeholders.is_draft(record, decisions) == draft:
            yield from _found(record, draft)


def _found(record: Record, draft: bool) -> Iterator[Finding]:
    for found in placeholders.in_record(record):
        suffix = " before it is cleared or sent" if draft else " before it is published"
        yield (*found[:2], found[2] + suffix)


def published(ctx: RuleContext) -> Iterator[Finding]:
    """R36: placeholders in records that reach a cleared or final document."""
    return _placeholders(ctx, draft=False)


def drafted(ctx: RuleContext) -> Iterator[Finding]:
    """R36: placeholders in records that reach only drafts."""
    return _placeholders(ctx, draft=True)


_SOURCE = "docs/law.md §10 (house rule: issue 12, nothing unfinished reaches a reader)"

RULES = (
    Rule(
        "R36",
        "error",
        "No drafting placeholder (TODO, TBC, XXX, a sentence in [square brackets], a skeleton's "
        "Example value, an all-zero telephone number) in text a cleared or final document "
        "prints; `docgen letters` refuses any letter that would print one",
        _SOURCE,
        published,
    ),
    Rule(
        "R36",
        "warning",
        "Drafting placeholders in records that reach only drafts (a draft decision, or an award "
        "or council no cleared or final decision uses)",
        _SOURCE,
        drafted,
    ),
)
