"""Welsh law where it differs from England's (docs/law.md §11.5, issue 16).

A Welsh council's executive decisions follow the 2001 Wales Regulations, not the English 2012
Regulations: the English rules (R5 forward plan, R7 five clear days, R11 reg 12 record) stay
silent on a Welsh record and the Welsh ones (R60-R62) check it; the same record with its council
moved to England meets the English rules again. Dates: 14 July 2026 is a Tuesday.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from test_rules import changed as _copy  # a frozen model with fields changed, a__b nested

from docgen.checks.rules import RuleReport, run_rules
from docgen.derive import nation
from docgen.models import Council, Decision
from docgen.models.decision import Meeting, OfficerMaker
from docgen.records.loading import Records, load_records

ROOT = Path(__file__).resolve().parents[1]
D = dt.date


@pytest.fixture(scope="module")
def records() -> Records:
    """The Welsh council and its Cabinet Member's framework decision, and the English model case."""
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        return load_records(
            [
                Path("records/councils/glan-yr-afon.yaml"),
                Path("records/councils/newham.yaml"),
                Path("records/homecare-framework-2026"),
            ]
        )
    finally:
        os.chdir(cwd)


def run(records: Records, *, nation_: str = "wales", **changes: Any) -> RuleReport:
    """The rules on the home care decision, changed, with its council in the given nation."""
    council: Council = records.councils["glan-yr-afon"]
    decision: Decision = records.decisions["homecare-framework-2026-award"]
    constitution = {k: v for k, v in changes.items() if k.startswith("constitution__")}
    council = _copy(council, nation=nation_, **constitution)
    decision = _copy(decision, **{k: v for k, v in changes.items() if k not in constitution})
    councils = {**records.councils, council.id: council}
    decisions = {decision.id: decision}
    awards = {"homecare-framework-2026": records.awards["homecare-framework-2026"]}
    return run_rules(replace(records, councils=councils, decisions=decisions, awards=awards))


def found(report: RuleReport, rule: str) -> list[str]:
    return [p.message for p in report.errors + report.warnings if p.message.endswith(f"[{rule}]")]


OFFICER = OfficerMaker(
    kind="officer", officer="dir-social-services", authority="Officer Scheme of Delegation 4.2"
)


# ---- R5: the English forward plan ----


def test_a_welsh_officer_decision_does_not_trip_the_28_clear_day_rule(records: Records) -> None:
    late = {"decision_maker": OFFICER, "key_decision__first_published": D(2026, 7, 1)}
    assert found(run(records, **late), "R5") == []
    bare = {"decision_maker": OFFICER, "key_decision__first_published": None}
    assert found(run(records, **bare), "R5") == []


def test_the_same_decision_in_england_needs_its_28_clear_days(records: Records) -> None:
    late = {"decision_maker": OFFICER, "key_decision__first_published": D(2026, 7, 1)}
    assert found(run(records, nation_="england", **late), "R5") == [
        "the forward plan notice was first published on 1 July 2026, 12 clear days before the "
        "decision on 14 July 2026; a key decision needs 28 (publish by 15 June 2026), another "
        "notice in time or a special urgency agreement (special_urgency) [R5]"
    ]


# ---- R7 (England, 5 clear days) and R60 (Wales, 3) ----

MEETING = Meeting(name="Cabinet", date=D(2026, 7, 14))


def test_three_clear_days_are_enough_in_wales_and_not_in_england(records: Records) -> None:
    in_time = {"meeting": MEETING, "report_published": D(2026, 7, 8)}  # 9, 10 and 13 July
    welsh = run(records, **in_time)
    assert found(welsh, "R60") == [] and found(welsh, "R7") == []
    english = run(records, nation_="england", **in_time)
    assert found(english, "R60") == []
    assert found(english, "R7") == [
        "the report was published on 8 July 2026, 3 clear working days before the meeting on "
        "14 July 2026; 5 are needed: publish by 6 July 2026 [R7]"
    ]


def test_r60_reports_fewer_than_three_clear_days(records: Records) -> None:
    late = {"meeting": MEETING, "report_published": D(2026, 7, 10)}
    assert found(run(records, **late), "R60") == [
        "the report was published on 10 July 2026, 1 clear working day before the meeting on "
        "14 July 2026; 3 are needed: publish by 8 July 2026 [R60]"
    ]


def test_r60_keeps_a_welsh_constitutions_larger_number_and_never_goes_below_three(
    records: Records,
) -> None:
    in_time = {"meeting": MEETING, "report_published": D(2026, 7, 8)}
    assert found(run(records, constitution__agenda_clear_days=5, **in_time), "R60") == [
        "the report was published on 8 July 2026, 3 clear working days before the meeting on "
        "14 July 2026; 5 are needed: publish by 6 July 2026 [R60]"
    ]
    late = {"meeting": MEETING, "report_published": D(2026, 7, 10)}
    assert len(found(run(records, constitution__agenda_clear_days=1, **late), "R60")) == 1


# ---- R12: the decision notice's working days ----


def test_a_welsh_decision_notice_has_no_english_two_day_default(records: Records) -> None:
    late = {"decision_published": D(2026, 7, 28)}
    assert found(run(records, **late), "R12") == []
    assert found(run(records, nation_="england", **late), "R12") == [
        "the decision notice was published on 28 July 2026; the constitution asks for it within "
        "2 working days of the decision on 14 July 2026, by 16 July 2026 [R12]"
    ]
    own = run(records, constitution__decision_notice_working_days=3, **late)
    assert [m.split(";")[1] for m in found(own, "R12")] == [
        " the constitution asks for it within 3 working days of the decision on 14 July 2026, by "
        "17 July 2026 [R12]"
    ]


def test_the_defaults_by_nation(records: Records) -> None:
    welsh = records.councils["glan-yr-afon"]
    english = _copy(welsh, nation="england")
    assert nation.decision_notice_days(welsh) is None
    assert nation.decision_notice_days(english) == 2
    assert nation.agenda_clear_days(welsh) == 3
    assert nation.agenda_clear_days(english) == 5
    assert nation.decision_notice_days(records.councils["lb-newham"]) == 2  # set in its profile
    friday = D(2026, 7, 17)
    assert nation.planned_decision_notice(friday, welsh) == D(2026, 7, 20)
    assert nation.planned_decision_notice(friday, english) == D(2026, 7, 21)


# ---- R61: no implementation before the written statement ----


def test_r61_a_cabinet_member_decision_is_not_implemented_before_its_statement(
    records: Records,
) -> None:
    late = {"decision_published": D(2026, 10, 5)}  # the framework starts on 1 October 2026
    messages = found(run(records, **late), "R61")
    assert len(messages) == 1
    assert messages[0].startswith(
        "the framework starts on 1 October 2026, before the written statement of the decision "
        "was published on 5 October 2026"
    )
    agreed = {"key_decision__special_urgency": "Agreed by the chair of Scrutiny, 14 July 2026"}
    assert found(run(records, **late, **agreed), "R61") == []
    assert found(run(records, nation_="england", **late), "R61") == []
    assert found(run(records), "R61") == []  # published 15 July 2026


# ---- R11 (England, reg 12) and R62 (Wales, regs 6-7) ----


def test_r62_checks_a_welsh_statement_and_r11_an_english_record(records: Records) -> None:
    unfinished = {"status": "cleared", "conflicts_of_interest": "TBC"}
    welsh = run(records, **unfinished)
    assert found(welsh, "R11") == []
    assert found(welsh, "R62") == [
        "still holds the placeholder 'TBC': it must state any interest declared [R62]"
    ]
    english = run(records, nation_="england", **unfinished)
    assert found(english, "R62") == []
    assert found(english, "R11") == [
        "still holds the placeholder 'TBC': it must state any conflict of interest declared [R11]"
    ]
    officer = run(records, decision_maker=OFFICER, **unfinished)
    assert found(officer, "R62") == [] and found(officer, "R11") == []
    assert found(run(records), "R62") == []


# ---- the Procurement (Wales) Regulations 2024 ----


def test_each_nation_cites_its_own_procurement_regulations() -> None:
    assert nation.regulation_short("england", "assessment_summary") == (
        "Procurement Regulations 2024 reg 31"
    )
    assert nation.regulation_short("wales", "assessment_summary") == (
        "Procurement (Wales) Regulations 2024 reg 32"
    )
    assert nation.regulation_long("wales", "contract_award_notice") == (
        "regulation 28 of the Procurement (Wales) Regulations 2024"
    )
    assert nation.regulation_long("england", "contract_award_notice") == (
        "regulation 27 of the Procurement Regulations 2024"
    )
    assert nation.regulation_long("wales", "transparency_notice") == (
        "the Procurement (Wales) Regulations 2024"  # its number is unconfirmed (§11.5)
    )
