"""Rules on what the published exports will say about suppliers and the contract (R55-R57).

The Transparency Code contract register (docs/law.md §9.1) publishes, for each supplier, whether it
is an SME and/or a VCSE and, where it is, its registration number; OCDS and the register classify
the contract by CPV. These rules catch a record that would publish a contradiction or a gap.
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.checks.rules.base import Rule, RuleContext
from docgen.derive.units import units
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


def supplier_status_known(ctx: RuleContext) -> Iterator[Finding]:
    """R56: an English council's appointed supplier has sme and vcse recorded."""
    for council, award, _ in ctx.awards():
        if council.nation != "england":
            continue  # the Transparency Code 2015 binds English councils
        appointed = {s.bidder.id for unit in units(award) for s in unit.appointed}
        for index, bidder in enumerate(award.bidders):
            missing = [name for name in ("sme", "vcse") if getattr(bidder, name) is None]
            if bidder.id in appointed and missing:
                yield (
                    award,
                    ("bidders", index),
                    f"{bidder.name} is appointed but {' and '.join(missing)} "
                    f"{'is' if len(missing) == 1 else 'are'} not recorded: the Transparency "
                    f"Code contract register will leave {'it' if len(missing) == 1 else 'them'} "
                    f"blank",
                )


def cpv_given(ctx: RuleContext) -> Iterator[Finding]:
    """R57: the award has at least one CPV code."""
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
        "An English council's appointed supplier has sme and vcse recorded, which the "
        "Transparency Code contract register publishes",
        CODE,
        supplier_status_known,
    ),
    Rule(
        "R57",
        "warning",
        "The award gives its CPV codes (procurement.cpv), which the contract register and the "
        "OCDS export publish",
        "https://www.find-tender.service.gov.uk/apidocumentation/1.0/GET-ocdsReleasePackages ; "
        + CODE,
        cpv_given,
    ),
)
