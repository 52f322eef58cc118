"""Rules on what the published exports will say about suppliers and the contract (R55, R56).

The Transparency Code contract register (docs/law.md §9.1) publishes, for each supplier, whether it
is an SME and/or a VCSE and, where it is, its registration number; OCDS and the register classify
the contract by CPV. These rules catch a record that would publish a contradiction or a gap.
Whether each supplier is an SME or a VCSE is not a rule: only the register needs it, so
`docgen transparency` names the appointed suppliers it will publish blank (`unrecorded_status`).
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.checks.rules.base import Rule, RuleContext
from docgen.records.loading import Finding

CODE = "https://www.gov.uk/government/publications/local-government-transparency-code-2015"


def charity_is_vcse(ctx: RuleContext) -> Iterator[Finding]:
    """R55: a bidder with a registered charity number is not recorded as 'not a VCSE'."""
    for _, award, _ in ctx.awards():
        for index, bidder in enumerate(award.bidders):
            if bidder.charity_number and bidder.vcse is False:
                yield (
                    award,
                    ("bidders", index, "vcse"),
                    f"{bidder.name} has the charity number {bidder.charity_number}, so it is a "
                    f"voluntary or community sector organisation: set vcse: true (or correct "
                    f"the charity number)",
                )


def cpv_given(ctx: RuleContext) -> Iterator[Finding]:
    """R56: the award has at least one CPV code."""
    for _, award, _ in ctx.awards():
        if not award.procurement.cpv:
            yield (
                award,
                ("procurement",),
                "no CPV code (procurement.cpv): the contract register and the OCDS export "
                "will not classify the contract; copy the codes from the contract notice",
            )


RULES = (
    Rule(
        "R55",
        "error",
        "A bidder with a registered charity number is a voluntary or community sector "
        "organisation: it is not recorded as vcse: false",
        CODE,
        charity_is_vcse,
    ),
    Rule(
        "R56",
        "warning",
        "The award gives its CPV codes (procurement.cpv), which the contract register and the "
        "OCDS export publish",
        "https://www.find-tender.service.gov.uk/apidocumentation/1.0/GET-ocdsReleasePackages ; "
        + CODE,
        cpv_given,
    ),
)
