"""R53 for a direct award: its contract is signed, and any mobilisation begins, on or after the
decision naming it, once its contract award notice is published (Procurement Act 2023 s50(1))
and after the standstill it keeps; a record that says otherwise fails at contract.signed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from conftest import RECORDS

from docgen import pipeline
from docgen.checks.rules.runner import run_rules
from docgen.models.routes import DirectAward
from docgen.records.loading import Records

DIRECT = "interim-care-2026"  # decided on 14 January 2026; award notice 16 January; starts 7 Feb


@pytest.fixture(scope="module")
def records() -> Records:
    return pipeline.validate([RECORDS])


def changed(records: Records, notification: dict[str, Any] | None = None, **terms: Any) -> Records:
    award = records.route_awards[DIRECT]
    data = award.model_dump(mode="json", exclude_defaults=True)
    data["contract"] |= terms
    if notification:
        data["notification"] |= notification
    return replace(
        records,
        route_awards=dict(records.route_awards) | {DIRECT: DirectAward.model_validate(data)},
    )


def r53(records: Records) -> list[str]:
    found = run_rules(records)
    return [str(p) for p in found.errors + found.warnings if p.message.endswith("[R53]")]


def test_the_example_direct_award_passes(records: Records) -> None:
    assert records.route_awards[DIRECT].contract.signed is None
    assert r53(changed(records, signed="2026-01-16")) == []  # the notice's day: no standstill


@pytest.mark.parametrize(
    ("signed", "expected"),
    [
        (
            "2026-01-12",
            "the contract is signed on 12 January 2026, before the decision on 14 January 2026",
        ),
        (
            "2026-01-15",
            "before the contract award notice is published on 16 January 2026: section 50(1)",
        ),
        ("2026-02-01", None),
    ],
)
def test_a_direct_award_signed_before_its_decision_or_its_notice_fails(
    records: Records, signed: str, expected: str | None
) -> None:
    found = r53(changed(records, signed=signed))
    if expected is None:
        assert found == []
        return
    (message,) = found
    assert expected in message
    assert "interim-care-2026/award.yaml:" in message and "contract.signed" in message


def test_a_direct_award_keeping_a_standstill_is_signed_after_it(records: Records) -> None:
    keeps = {"standstill": "voluntary"}
    (message,) = r53(changed(records, keeps, signed="2026-01-20"))
    assert "but the standstill period from the contract award notice of 16 January 2026" in message
    assert r53(changed(records, keeps, signed="2026-02-06")) == []


def test_a_direct_awards_mobilisation_begins_after_its_decision(records: Records) -> None:
    (message,) = r53(changed(records, mobilisation_months=1))  # from 7 January 2026
    assert "the mobilisation period begins on 7 January 2026, before the decision" in message
    assert "contract.mobilisation_months" in message
