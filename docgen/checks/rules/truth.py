"""Rules that keep documents to true statements: facts not recorded, and whom a decision appoints.

R50: a fact a record marks ``not_recorded`` (with the reason) is reported as a warning saying
what is left unchecked and what the documents leave out; docgen never states it (a company
number not recorded is not "not registered"). R51: the decision names whom it appoints (reg 12 of
the 2012 Regulations asks for a record of the decision, docs/law.md §2), or cites the appendix of
suppliers, saying so when that appendix is exempt (docs/law.md §4).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docgen.checks.rules.base import Rule, RuleContext
from docgen.derive.units import units
from docgen.models import Award, Decision
from docgen.records.loading import Finding

_LEFT_OUT = {
    "company_number": "the letters and the appendix of suppliers leave it out, and the exports "
    "give no Companies House identifier",
}
_NOT_CHECKED = {
    "can_published": {
        "pa2023": "R23 (the contract award notice and the standstill that starts on it) is not "
        "checked, and the letters cannot be written until it is recorded",
        "pcr2015": "R30 (the award notice within 30 days) is not checked",
    },
}
_SAYS_EXEMPT = re.compile(r"not for publication|exempt|confidential", re.I)


def not_recorded(ctx: RuleContext) -> Iterator[Finding]:
    """R50: each fact marked not recorded, with what goes unchecked and what is left out."""
    for _, award, _ in ctx.awards():
        note = award.notification
        for fact, reason in (note.not_recorded or {}).items():
            effect = _NOT_CHECKED[fact][award.procurement.regime]
            yield (
                award,
                ("notification", "not_recorded", fact),
                f"{fact} is not recorded ({reason}): {effect}",
            )
        for i, bidder in enumerate(award.bidders):
            for bidder_fact, why in (bidder.not_recorded or {}).items():
                yield (
                    award,
                    ("bidders", i, "not_recorded", bidder_fact),
                    f"the {bidder_fact.replace('_', ' ')} of {bidder.name} is not recorded "
                    f"({why}): {_LEFT_OUT[bidder_fact]}",
                )


def names_appointed(ctx: RuleContext) -> Iterator[Finding]:
    """R51: the resolutions name whom the decision appoints, or cite the appendix that does."""
    for _, decision, award in ctx.decisions():
        if award is None or not decision.resolutions:
            continue
        names = _appointed(award)
        if not names:
            continue
        texts = [_text(r.text, [i.text for i in r.items]) for r in decision.resolutions]
        if any("{award.appointed}" in t for t in texts):
            continue
        if all(any(name in t for t in texts) for name in names):
            continue
        yield from _through_appendix(decision, texts, names)


def _through_appendix(decision: Decision, texts: list[str], names: list[str]) -> Iterator[Finding]:
    """Passes when a resolution cites the appendix of suppliers, saying so if it is exempt."""
    for appendix in decision.appendices:
        if appendix.source != "award_suppliers":
            continue
        for i, text in enumerate(texts):
            if f"{{appendix:{appendix.id}}}" not in text:
                continue
            if appendix.exempt is None or _SAYS_EXEMPT.search(text):
                return
            yield (
                decision,
                ("resolutions", i, "text"),
                f"cites the appendix of suppliers ({{appendix:{appendix.id}}}), which is exempt: "
                "say that it is not for publication, so that the decision says why it does not "
                "name whom it appoints",
            )
            return
    who = names[0] if len(names) == 1 else f"{len(names)} suppliers"
    yield (
        decision,
        ("resolutions",),
        f"the decision appoints {who}, but no resolution names whom it appoints: cite "
        "{award.appointed}, or the appendix of suppliers as {appendix:id}",
    )


def _appointed(award: Award) -> list[str]:
    found = (s.bidder.name for u in units(award) if not u.is_cancelled for s in u.appointed)
    return list(dict.fromkeys(found))


def _text(text: str, items: list[str]) -> str:
    return "\n".join([text, *items])


RULES = (
    Rule(
        "R50",
        "warning",
        "A fact marked not recorded (not_recorded: {fact: reason}) is reported with the rules it "
        "leaves unchecked and what the documents leave out; no document states it",
        "docs/law.md §5 (what a letter must state); Local Government Transparency Code 2015 "
        "(supplier company number)",
        not_recorded,
    ),
    Rule(
        "R51",
        "error",
        "The decision names whom it appoints ({award.appointed} or the names), or cites the "
        "appendix of suppliers, saying it is not for publication when that appendix is exempt",
        "https://www.legislation.gov.uk/uksi/2012/2089/regulation/12?view=plain",
        names_appointed,
    ),
)
