"""R43: a change to a contract keeps within the limits of its ground (docs/law.md §11)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from docgen.checks.rules.base import RuleContext
from docgen.checks.rules.route_core import route_awards
from docgen.derive import formatting as fmt
from docgen.models.changes import Modification
from docgen.models.grounds import REG72_CAPPED, SCHEDULE8_CAPPED
from docgen.records.loading import Finding

CAP_SHARE = Decimal("0.5")
"""PCR 2015 reg 72(2) and Schedule 8 paragraphs 4, 5 and 7: an increase of at most 50%."""

DE_MINIMIS_SHARE = {
    "services": Decimal("0.10"),
    "supplies": Decimal("0.10"),
    "works": Decimal("0.15"),
}
"""PCR 2015 reg 72(5)(b): under 10% of the first value (services, supplies) or 15% (works)."""

THRESHOLDS = {
    "services": Decimal("214904"),
    "supplies": Decimal("214904"),
    "works": Decimal("5372609"),
    "light_touch": Decimal("663540"),
}
"""The 2015 Regulations' thresholds for a sub-central authority from 1 January 2024, VAT
included (docs/law.md §11.2): reg 72(5)(a) keeps a de minimis change below them."""


def modification_limits(ctx: RuleContext) -> Iterator[Finding]:
    """R43: a modification keeps within its ground's limits (reg 72(2), (5); Schedule 8), and a
    change under reg 72(1)(b) or (c) has its modification notice (reg 72(3))."""
    for _, record, _ in route_awards(ctx):
        if isinstance(record, Modification):
            yield from _limits(record)
            if record.regime == "pcr2015" and record.needs_notice and not record.change_notice:
                yield (
                    record,
                    ("ground",),
                    (
                        f"needs a modification notice (reg 72(3), for a change under {record.ground}): "
                        "give change_notice with its published date"
                    ),
                )


def _limits(record: Modification) -> Iterator[Finding]:
    original = record.contract_changed.original_value
    increase = record.increase
    capped = record.ground in (REG72_CAPPED | SCHEDULE8_CAPPED)
    if capped and original and increase > original * CAP_SHARE:
        yield (
            record,
            ("value_after",),
            f"the change adds {fmt.money_exact(increase)}, {_share(increase, original)} of the "
            f"first value {fmt.money_exact(original)}: under {record.ground} no change may add "
            f"more than 50% ({'reg 72(2)' if record.regime == 'pcr2015' else 'Schedule 8'})",
        )
    if record.ground == "72(5)":
        yield from _de_minimis(record, original)


def _de_minimis(record: Modification, original: Decimal) -> Iterator[Finding]:
    changed = record.contract_changed
    added = record.value_after - original  # successive changes count together (reg 72(5))
    share = DE_MINIMIS_SHARE[changed.category]
    if original and added >= original * share:
        yield (
            record,
            ("value_after",),
            f"the changes add {fmt.money_exact(added)} to the first value "
            f"{fmt.money_exact(original)} ({_share(added, original)}): a de minimis change under "
            f"reg 72(5) stays under {share * 100:.0f}% for {changed.category}",
        )
    threshold = THRESHOLDS["light_touch" if changed.light_touch else changed.category]
    if added >= threshold:
        yield (
            record,
            ("value_after",),
            f"the changes add {fmt.money_exact(added)}, not below the threshold of "
            f"{fmt.money_exact(threshold)}: reg 72(5)(a) does not reach them",
        )


def _share(part: Decimal, whole: Decimal) -> str:
    return f"{(part / whole * 100).quantize(Decimal('0.1'))}%"


def change_notice(ctx: RuleContext) -> Iterator[Finding]:
    """R43: a change under the Procurement Act has its contract change notice (s75; its
    exceptions are not modelled, so this is a warning)."""
    for _, record, _ in route_awards(ctx):
        if (
            isinstance(record, Modification)
            and record.regime == "pa2023"
            and not (record.change_notice)
        ):
            yield (
                record,
                ("ground",),
                (
                    "needs a contract change notice (Procurement Act 2023 s75) unless one of its "
                    "exceptions applies: give change_notice with its published date"
                ),
            )
