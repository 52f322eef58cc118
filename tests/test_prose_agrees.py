"""Prose agrees with the record (R37-R40, R1's rounding, check-revision's stale copies).

Each check is shown to fire on the contradiction it guards against and to stay quiet on the
example pack and on the near misses (a Lot spoken of, not counted; a sum that is some other
amount; a revision's paragraphs that still hold).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from conftest import RECORDS
from pydantic import BaseModel

from docgen.checks.rules import run_rules
from docgen.compare.stale import stale_copies
from docgen.models import Award, Council, Decision
from docgen.records.loading import Records, load_records

M = TypeVar("M", bound=BaseModel)
OURS = ("[R37]", "[R38]", "[R39]", "[R40]")


@pytest.fixture(scope="module")
def examples() -> Records:
    return load_records([RECORDS])


def changed(model: M, **changes: Any) -> M:
    """A copy of a model with fields changed; "a__b" changes field b of field a."""
    direct: dict[str, Any] = {}
    for key, value in changes.items():
        head, _, rest = key.partition("__")
        direct[head] = changed(getattr(model, head), **{rest: value}) if rest else value
    return model.model_copy(update=direct)


def swap(records: Records, *new: Council | Decision | Award) -> Records:
    tables = {"council": dict(records.councils), "decision": dict(records.decisions)}
    tables["award"] = dict(records.awards)
    for record in new:
        tables[record.kind][record.id] = record
    return replace(
        records, councils=tables["council"], decisions=tables["decision"], awards=tables["award"]
    )


def messages(records: Records, rule: str) -> list[str]:
    report = run_rules(records)
    return [p.message for p in report.errors + report.warnings if p.message.endswith(rule)]


def carers(records: Records) -> tuple[Decision, Award]:
    return records.decisions["carers-support-2026-award"], records.awards["carers-support-2026"]


def test_the_example_pack_agrees_with_its_records(examples: Records) -> None:
    report = run_rules(examples)
    assert not [str(p) for p in report.errors + report.warnings if p.message.endswith(OURS)]


def test_a_cancelled_lot_makes_five_lots_wrong(examples: Records) -> None:
    decision, award = examples.decisions["ilss-cabinet-2025-07-22"], examples.awards["ilss-2025"]
    lots = [*award.lots[:4], changed(award.lots[4], status="cancelled")]
    typed = changed(decision, purpose="To establish a five Lot framework of more than two Lots.")
    (found,) = messages(swap(examples, typed, changed(award, lots=lots)), "[R37]")
    assert (
        "'five Lot' disagrees with the record: the award has 4 active Lots (1 cancelled)" in found
    )
    assert "cite {award.lot_count}" in found
    (same,) = messages(swap(examples, typed), "[R37]")
    assert same.startswith("'five Lot' is typed by hand")
    quiet = changed(decision, purpose="One Lot would not do; each Lot has its own criteria.")
    assert messages(swap(examples, quiet), "[R37]") == []


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "It costs £215,000 a year.",
            "'£215,000' disagrees with the record's {award.annual_value} (£218,000)",
        ),
        ("It costs £218,000 a year.", "'£218,000' is typed by hand: cite {award.annual_value}"),
        ("It costs £872,000 in all.", "'£872,000' is typed by hand: cite {award.total_value}"),
        ("The extension costs £7.5 million.", None),
    ],
)
def test_a_typed_value_is_checked_against_the_record(
    examples: Records, text: str, wanted: str | None
) -> None:
    decision, _ = carers(examples)
    found = messages(swap(examples, changed(decision, sections__financial=text)), "[R38]")
    assert found == [] if wanted is None else wanted in found[0]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "The contract starts on 1 June 2026.",
            "'1 June 2026' is typed by hand: cite {award.start_date}",
        ),
        (
            "The Carers Support Service starts soon.",
            "'Carers Support Service' is typed by hand: cite {award.title}",
        ),
        ("A review is due on 3 June 2026.", None),
    ],
)
def test_typed_dates_and_names_name_their_fact(
    examples: Records, text: str, wanted: str | None
) -> None:
    decision, _ = carers(examples)
    found = messages(swap(examples, changed(decision, sections__reasons=text)), "[R39]")
    assert found == [] if wanted is None else (len(found) == 1 and wanted in found[0])


def test_a_contract_value_that_is_not_the_winning_bid(examples: Records) -> None:
    _, award = carers(examples)
    lower = changed(award, contract__annual_value=Decimal(215000))
    (found,) = messages(swap(examples, lower), "[R40]")
    assert found.startswith("the contract's annual value £215,000 differs from the winning bid")
    assert "£218,000 (Cwmni Gofalwyr Glan-yr-Afon Cyf)" in found
    whole_term = changed(award, contract__annual_value=Decimal(54500))  # the bid over 4 years
    assert messages(swap(examples, whole_term), "[R40]") == []


def test_r1_tolerates_rounding_to_the_pound_but_not_more(examples: Records) -> None:
    _, award = carers(examples)
    pence = changed(award, contract__annual_value=Decimal("218000.01"))  # × 4 = £872,000.04
    rounded = changed(pence, contract__notice_value=Decimal(872000))
    assert not [m for m in messages(swap(examples, rounded), "[R1]") if "£872" in m]
    off = changed(pence, contract__notice_value=Decimal(872001))
    (found,) = [m for m in messages(swap(examples, off), "[R1]") if "£872" in m]
    assert "states £872,001 but annual_value × max_years = £872,000.04" in found


def test_a_revision_that_leaves_stale_copies_fails(examples: Records) -> None:
    original = examples.decisions["ilss-cabinet-2025-07-22"]
    revised = examples.decisions["ilss-cabinet-2025-07-22-rev1"]
    labels = [label for r in revised.revisions for label in r.changes]
    assert stale_copies(original, revised, labels) == []
    old = original.sections  # the revision as first published: only 5.4 and 6.2 changed
    first = changed(
        revised,
        sections=changed(
            revised.sections,
            executive_summary=old.executive_summary,
            alternatives=old.alternatives,
            legal=old.legal,
        ),
    )
    found = stale_copies(original, first, ["interim-extension", "extension-cost"])
    assert [p.split(" still says")[0] for p in found] == [
        "stale: paragraph 1.1",
        "stale: paragraph 4.1",
        "stale: paragraph 7.2",
    ]  # and not 1.3 or 2.1(i), which repeat the dates of the extension that still hold
    assert '"The current arrangements end on {award.interim.start}."' in found[0]
    assert "paragraph 5.4 of the original" in found[0]
