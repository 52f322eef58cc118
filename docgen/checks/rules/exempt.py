"""R46: what a decision withholds in an exempt appendix of suppliers, its public text does not say.

A council may name its preferred suppliers only after standstill: the decision's record then
marks the appendix of suppliers exempt (docs/law.md §4), and docgen builds it only as an exempt
edition. The paper and the decision notice are public, so any text of the decision record that
names an appointed supplier, or prints them all through `{award.appointed}`, would publish what
the appendix withholds. (The paragraphs an exemption cites are checked for the council's nation
by R9.) A text given in English and Welsh is read in both, and a supplier's Welsh name counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docgen.checks.rules.base import Rule, RuleContext
from docgen.derive.units import units
from docgen.models import Award, Decision
from docgen.models.language import Localised
from docgen.records.loading import Finding, Loc

ALL_APPOINTED = "{award.appointed"


def withheld_names(ctx: RuleContext) -> Iterator[Finding]:
    """R46: no public text of a decision names a supplier its exempt appendix withholds."""
    for _, decision, award in ctx.decisions():
        exempt = [a for a in decision.appendices if a.source == "award_suppliers" and a.exempt]
        if award is None or not exempt:
            continue
        names = _appointed(award)
        for loc, text in _texts(decision):
            found = [n for n in names if n in text]
            if ALL_APPOINTED in text:
                found.insert(0, ALL_APPOINTED + "}")
            if found:
                yield (
                    decision,
                    loc,
                    f"names {found[0]}, whom the exempt appendix of suppliers "
                    f"({{appendix:{exempt[0].id}}}) withholds: the paper and the decision notice "
                    "are published, so cite the appendix and say it is not for publication",
                )


def _appointed(award: Award) -> list[str]:
    """The names withheld, in each language the record gives them (a Welsh text names a supplier
    by its Welsh name: docs/law.md §11.4)."""
    found = (s.bidder.name for u in units(award) if not u.is_cancelled for s in u.appointed)
    names = dict.fromkeys(found)
    welsh = (n.cy for n in names if isinstance(n, Localised) and n.cy)
    return list(dict.fromkeys([*names, *welsh]))


def _texts(decision: Decision) -> Iterator[tuple[Loc, str]]:
    """Every text the record gives (defaults left out), with where it is; not the appendices'
    own records (their titles and public interest statements name no supplier)."""
    data = decision.model_dump(mode="json", exclude_unset=True)
    data.pop("appendices", None)
    yield from _walk(data, ())


def _walk(node: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*loc, i))


RULES = (
    Rule(
        "R46",
        "error",
        "When the appendix of suppliers is exempt, no public text of the decision names a "
        "supplier it appoints (nor prints them through {award.appointed})",
        "https://legislation.gov.uk/ukpga/1972/70/section/100D/2000-10-01?view=plain+extent",
        withheld_names,
    ),
)
