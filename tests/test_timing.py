"""Worked examples for docgen.derive.timing.

Every expected date below was worked out by hand against a printed calendar
(``python -c 'import calendar; print(calendar.month(2025, 7))'``) and the published bank holiday
lists, not copied from the code's output. Each case cites the rule and the source it applies;
"docs/law.md" is the law as this repository writes it down, with its sources.

Weekday reminders used in the comments: 2025-07-23 Wed, 2025-08-02 Sat, 2025-04-11 Fri,
2025-12-17 Wed, 2026-06-16 Tue, 2027-07-12 Mon, 2021-07-21 Wed, 2022-06-07 Tue, 2010-03-23 Tue.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import get_args

import pytest

from docgen.derive.timing import (
    HolidayRegion,
    Standstill,
    act_standstill,
    add_working_days,
    bank_holidays,
    call_in_end,
    clear_days_between,
    format_date,
    implementation_date,
    is_working_day,
    latest_notice_date,
    next_working_day,
    pcr_standstill,
    previous_working_day,
    psr_standstill,
    working_days_from,
)

D = date
EW: HolidayRegion = "england-and-wales"
REGIONS: tuple[HolidayRegion, ...] = get_args(HolidayRegion)

# Source URLs, cited by the cases below.
PCR_REG_87 = "https://www.legislation.gov.uk/uksi/2015/102/part/3/chapter/5/made?view=plain"
LEXOLOGY_2010 = (
    "https://www.lexology.com/library/detail.aspx?g=42819746-ad16-4b6f-9186-c4f2530b2e10"
)
ACT_GUIDANCE = (
    "https://gov.uk/government/publications/procurement-act-2023-guidance-documents-procure-phase/"
    "guidance-contract-award-notices-and-standstill-html"
)
ACT_WORKING_DAY = (
    "https://www.eoecph.nhs.uk/buyers/procurement-policy-and-regulation/"
    "procurement-policy-and-regulation-frequently-asked-questions/"
)
TROWERS_FESTIVE = (
    "http://trowers.com/insights/2025/november/"
    "contracting-authorities-do-not-give-challengers-an-accidental-gift-this-festive-season"
)
PSR_REG_12 = "https://legislation.gov.uk/uksi/2023/1348/regulation/12/made"
NEWHAM_PSR = "https://d3tenders.com/contract/?ocid=ocds-h6vhtk-06b5e5"
REGS_2012_REG_6 = "https://legislation.gov.uk/uksi/2012/2089/regulation/6/data.html"
REGS_2012_PART_3 = "https://www.legislation.gov.uk/uksi/2012/2089/part/3/made?view=plain"
LAMBETH = "https://moderngov.lambeth.gov.uk/mgDelegatedDecisions.aspx (DR=09/07/2021-23/07/2021)"
SOUTH_HOLLAND = "https://democracy.sholland.gov.uk/ieDecisionDetails.aspx?Id=902"
GLOUCESTERSHIRE = (
    "https://www.gloucestershire.gov.uk/constitution/part-4-call-in-procedure-rules/"
    "4-call-in-procedure/"
)


# --- bank holiday data -------------------------------------------------------------------------


def test_england_and_wales_2025_matches_published_list() -> None:
    # docs/law.md §8: 2025 England & Wales bank holidays (an independent list, not the package),
    # https://severuss.online/2025/03/05/full-list-of-2025-bank-holidays-including-new-dates
    assert bank_holidays(2025, EW) == {
        D(2025, 1, 1),
        D(2025, 4, 18),
        D(2025, 4, 21),
        D(2025, 5, 5),
        D(2025, 5, 26),
        D(2025, 8, 25),
        D(2025, 12, 25),
        D(2025, 12, 26),
    }


@pytest.mark.parametrize(
    ("day", "region"),
    [
        # Scotland: 2 January, first Monday in August, St Andrew's Day (30 Nov 2025 is a Sunday,
        # so Monday 1 December is the substitute). docs/law.md §5.2 / §8.
        pytest.param(D(2025, 1, 2), "scotland", id="sct-2-january"),
        pytest.param(D(2025, 8, 4), "scotland", id="sct-summer-bank-holiday"),
        pytest.param(D(2025, 12, 1), "scotland", id="sct-st-andrews-observed"),
        # Northern Ireland: St Patrick's Day; 12 July 2025 is a Saturday, so Monday 14 July.
        pytest.param(D(2025, 3, 17), "northern-ireland", id="nir-st-patrick"),
        pytest.param(D(2025, 7, 14), "northern-ireland", id="nir-boyne-observed"),
        # England: Boxing Day 2026 is a Saturday, so Monday 28 December is the substitute.
        pytest.param(D(2026, 12, 28), "england-and-wales", id="eng-boxing-day-observed"),
    ],
)
def test_regional_holidays_are_in_their_region_and_in_any_uk(
    day: date, region: HolidayRegion
) -> None:
    assert day in bank_holidays(day.year, region)
    assert day in bank_holidays(day.year, "any-uk")
    assert not is_working_day(day, region)
    assert not is_working_day(day, "any-uk")


def test_scottish_and_ni_only_days_are_english_working_days() -> None:
    # docs/law.md §5.2: only the Act uses the any-UK set; an English council's own counts do not.
    for day in (D(2025, 1, 2), D(2025, 3, 17), D(2025, 7, 14), D(2025, 8, 4), D(2025, 12, 1)):
        assert is_working_day(day, EW), day


# --- PCR 2015 reg 87 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "electronic", "region", "ends"),
    [
        # docs/law.md §5.1 worked example; PCR reg 87(2)(a), PCR_REG_87. Sent Wed 23 Jul 2025,
        # 10th day after = Sat 2 Aug, rolls over Sun 3 Aug to Mon 4 Aug 2025.
        pytest.param(D(2025, 7, 23), True, EW, D(2025, 8, 4), id="pcr-23jul2025-weekend-roll"),
        # docs/law.md §5.1 worked example. Sent Fri 11 Apr 2025, 10th day = Easter Monday 21 Apr
        # (bank holiday), so ends Tue 22 Apr 2025.
        pytest.param(D(2025, 4, 11), True, EW, D(2025, 4, 22), id="pcr-11apr2025-easter-monday"),
        # PCR reg 87(2)(a). Sent Tue 8 Apr 2025, 10th day = Good Friday 18 Apr; Sat, Sun and
        # Easter Monday follow, so ends Tue 22 Apr 2025.
        pytest.param(D(2025, 4, 8), True, EW, D(2025, 4, 22), id="pcr-8apr2025-good-friday"),
        # PCR reg 87(2)(a), Christmas. Sent Tue 16 Dec 2025, 10th day = Boxing Day Fri 26 Dec;
        # Sat 27, Sun 28; ends Mon 29 Dec 2025.
        pytest.param(D(2025, 12, 16), True, EW, D(2025, 12, 29), id="pcr-16dec2025-boxing-day"),
        # PCR reg 87(2)(a), Christmas. Sent Wed 17 Dec 2025, 10th day = Sat 27 Dec; Sun 28;
        # ends Mon 29 Dec 2025.
        pytest.param(D(2025, 12, 17), True, EW, D(2025, 12, 29), id="pcr-17dec2025-christmas"),
        # PCR reg 87(2)(a), substitute day. Sent Wed 16 Dec 2026, 10th day = Sat 26 Dec; Sun 27;
        # Mon 28 Dec is Boxing Day (observed); ends Tue 29 Dec 2026.
        pytest.param(D(2026, 12, 16), True, EW, D(2026, 12, 29), id="pcr-16dec2026-observed"),
        # PCR reg 87(2)(a), no roll needed. Sent Mon 1 Sep 2025, 10th day = Thu 11 Sep 2025.
        pytest.param(D(2025, 9, 1), True, EW, D(2025, 9, 11), id="pcr-1sep2025-no-roll"),
        # PCR reg 87(2)(b), other means, 15th day. Sent Wed 23 Jul 2025, 15th day after =
        # Thu 7 Aug 2025, a working day.
        pytest.param(D(2025, 7, 23), False, EW, D(2025, 8, 7), id="pcr-post-23jul2025-15-days"),
        # PCR reg 87(2)(b). Sent Fri 8 Aug 2025, 15th day = Sat 23 Aug; Sun 24; Mon 25 Aug is
        # the late summer bank holiday; ends Tue 26 Aug 2025.
        pytest.param(D(2025, 8, 8), False, EW, D(2025, 8, 26), id="pcr-post-8aug2025-bank-hol"),
        # Same rule under PCR 2006 reg 32A, LEXOLOGY_2010: emailed Tue 23 Mar 2010, 10th day =
        # Good Friday 2 Apr; Easter Monday 5 Apr; ends Tue 6 Apr, sign from Wed 7 Apr 2010.
        pytest.param(D(2010, 3, 23), True, EW, D(2010, 4, 6), id="pcr-lexology-2010-easter"),
        # PCR reg 87 in Northern Ireland. Sent Wed 2 Jul 2025, 10th day = Sat 12 Jul; Mon 14 Jul
        # is the Battle of the Boyne (observed) in NI, so ends Tue 15 Jul 2025 ...
        pytest.param(
            D(2025, 7, 2), True, "northern-ireland", D(2025, 7, 15), id="pcr-ni-boyne-observed"
        ),
        # ... while in England and Wales the same notice ends Mon 14 Jul 2025.
        pytest.param(D(2025, 7, 2), True, EW, D(2025, 7, 14), id="pcr-ew-same-dates-as-ni-case"),
    ],
)
def test_pcr_standstill(sent: date, electronic: bool, region: HolidayRegion, ends: date) -> None:
    result = pcr_standstill(sent, electronic, region)
    assert result.ends == ends
    assert result.starts == sent + timedelta(days=1)
    assert result.earliest_conclusion == ends + timedelta(days=1)


def test_pcr_standstill_fields_and_text_for_domain_example() -> None:
    # docs/law.md §5.1: ends midnight Mon 4 Aug 2025; contract can be concluded from Tue 5 Aug.
    result = pcr_standstill(D(2025, 7, 23), electronic=True)
    assert result == Standstill(
        rule="PCR 2015 reg 87(2)(a)",
        starts=D(2025, 7, 24),
        ends=D(2025, 8, 4),
        earliest_conclusion=D(2025, 8, 5),
    )
    assert result.ends_text() == "midnight at the end of Monday 4 August 2025"
    assert pcr_standstill(D(2025, 7, 23), electronic=False).rule == "PCR 2015 reg 87(2)(b)"


# --- Procurement Act 2023 s51 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "ends", "england_only_end"),
    [
        # docs/law.md §5.2 worked example; s51, ACT_GUIDANCE. CAN Wed 23 Jul 2025: days 1-8 are
        # 23, 24, 25, 28, 29, 30, 31 Jul, 1 Aug, so ends Fri 1 Aug 2025. No holiday anywhere.
        pytest.param(D(2025, 7, 23), D(2025, 8, 1), D(2025, 8, 1), id="act-23jul2025"),
        # s51 + any-UK working day (ACT_WORKING_DAY). CAN Wed 30 Jul 2025: 30, 31 Jul, 1 Aug,
        # [Mon 4 Aug Scottish summer bank holiday skipped], 5, 6, 7, 8, 11 Aug -> Mon 11 Aug.
        # England-only counting would give Fri 8 Aug.
        pytest.param(D(2025, 7, 30), D(2025, 8, 11), D(2025, 8, 8), id="act-scot-summer-2025"),
        # CAN Wed 26 Nov 2025: 26, 27, 28 Nov, [Mon 1 Dec St Andrew's Day (observed), Scotland],
        # 2, 3, 4, 5, 8 Dec -> Mon 8 Dec. England-only: Fri 5 Dec.
        pytest.param(D(2025, 11, 26), D(2025, 12, 8), D(2025, 12, 5), id="act-st-andrews-2025"),
        # CAN Fri 11 Jul 2025: 11, [Mon 14 Jul Boyne (observed), NI], 15, 16, 17, 18, 21, 22,
        # 23 Jul -> Wed 23 Jul. England-only: Tue 22 Jul.
        pytest.param(D(2025, 7, 11), D(2025, 7, 23), D(2025, 7, 22), id="act-ni-boyne-2025"),
        # CAN Wed 7 Jul 2027: 7, 8, 9, [Mon 12 Jul Battle of the Boyne, NI], 13, 14, 15, 16,
        # 19 Jul -> Mon 19 Jul 2027. England-only: Fri 16 Jul.
        pytest.param(D(2027, 7, 7), D(2027, 7, 19), D(2027, 7, 16), id="act-ni-12-july-2027"),
        # Festive risk, TROWERS_FESTIVE. CAN Mon 22 Dec 2025: 22, 23, 24, [25, 26 Dec, 27-28],
        # 29, 30, 31, [1 Jan all UK, 2 Jan Scotland, 3-4], 5, 6 Jan -> Tue 6 Jan 2026.
        # England-only: Mon 5 Jan 2026 (2 Jan is an English working day).
        pytest.param(D(2025, 12, 22), D(2026, 1, 6), D(2026, 1, 5), id="act-festive-22dec2025"),
        # TROWERS_FESTIVE's worst date, CAN Thu 18 Dec 2025: 18, 19, 22, 23, 24, [25, 26, 27,
        # 28], 29, 30, 31 -> Wed 31 Dec 2025 (same in England).
        pytest.param(D(2025, 12, 18), D(2025, 12, 31), D(2025, 12, 31), id="act-festive-18dec"),
        # docs/law.md §8: the Scottish one-off bank holiday on Mon 15 Jun 2026 is in the holidays
        # package. CAN Mon 8 Jun 2026: 8-12, [15], 16, 17, 18 -> Thu 18 Jun. England-only: 17 Jun.
        pytest.param(D(2026, 6, 8), D(2026, 6, 18), D(2026, 6, 17), id="act-scot-one-off-2026"),
        # s51 "beginning with the day" when the CAN goes out on Sat 26 Jul 2025: day 1 is
        # Mon 28 Jul; 28, 29, 30, 31 Jul, 1 Aug, [4 Aug Scotland], 5, 6, 7 Aug -> Thu 7 Aug.
        # England-only: 28 Jul - 1 Aug, 4, 5, 6 Aug -> Wed 6 Aug.
        pytest.param(D(2025, 7, 26), D(2025, 8, 7), D(2025, 8, 6), id="act-saturday-can"),
    ],
)
def test_act_standstill(published: date, ends: date, england_only_end: date) -> None:
    result = act_standstill(published)
    assert result.ends == ends
    assert result.starts == published
    assert result.earliest_conclusion == ends + timedelta(days=1)
    assert result.rule == "Procurement Act 2023 s51(2)"
    # The England-only count shows what the any-UK rule adds (docs/law.md §5.2).
    assert working_days_from(published, 8, EW) == england_only_end


def test_act_standstill_text_and_longer_voluntary_period() -> None:
    # docs/law.md §5.2 example, ends Fri 1 Aug 2025; a 10-working-day voluntary period from the
    # same CAN: 23, 24, 25, 28, 29, 30, 31 Jul, 1 Aug, [4 Aug Scotland], 5, 6 Aug -> Wed 6 Aug.
    assert (
        act_standstill(D(2025, 7, 23)).ends_text() == "midnight at the end of Friday 1 August 2025"
    )
    longer = act_standstill(D(2025, 7, 23), days=10)
    assert longer.ends == D(2025, 8, 6)
    assert longer.rule == "Procurement Act 2023 s51(2) (10 working days)"


# --- PSR 2023 reg 12 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("notice", "starts", "ends"),
    [
        # docs/law.md §5.3, PSR_REG_12, NEWHAM_PSR. Notice Tue 16 Jun 2026; reg 12(2) standstill
        # begins Wed 17 Jun; reg 12(3) 8th working day after 17 Jun: 18, 19, 22, 23, 24, 25, 26,
        # 29 -> Mon 29 Jun 2026. (Newham stated 26 Jun: see the next test.)
        pytest.param(D(2026, 6, 16), D(2026, 6, 17), D(2026, 6, 29), id="psr-newham-16jun2026"),
        # PSR reg 12 over an English bank holiday. Notice Thu 21 Aug 2025, begins Fri 22 Aug;
        # after it: [23-24, Mon 25 Aug bank holiday], 26, 27, 28, 29 Aug, 1, 2, 3, 4 Sep ->
        # Thu 4 Sep 2025.
        pytest.param(D(2025, 8, 21), D(2025, 8, 22), D(2025, 9, 4), id="psr-late-summer-2025"),
        # PSR applies in England only, so Scotland's Mon 4 Aug 2025 is a working day. Notice
        # Fri 1 Aug 2025, begins Sat 2 Aug; after it: 4, 5, 6, 7, 8, 11, 12, 13 -> Wed 13 Aug.
        pytest.param(D(2025, 8, 1), D(2025, 8, 2), D(2025, 8, 13), id="psr-friday-notice"),
    ],
)
def test_psr_standstill(notice: date, starts: date, ends: date) -> None:
    result = psr_standstill(notice)
    assert (result.starts, result.ends) == (starts, ends)
    assert result.earliest_conclusion == ends + timedelta(days=1)
    assert result.rule == "PSR 2023 reg 12"


def test_psr_newham_stated_date_is_one_working_day_short() -> None:
    # docs/law.md §5.3: Newham stated 26 Jun 2026, which is the 8th working day after the notice
    # day itself (17, 18, 19, 22, 23, 24, 25, 26), one working day before the literal reg 12 end.
    stated = D(2026, 6, 26)
    assert add_working_days(D(2026, 6, 16), 8, EW) == stated
    assert psr_standstill(D(2026, 6, 16)).ends > stated


# --- clear days (2012 Regs, LGA 1972 s100B) ----------------------------------------------------


@pytest.mark.parametrize(
    ("event", "clear_days", "working_only", "latest"),
    [
        # docs/law.md §3 worked date; agenda 5 clear working days, REGS_2012_REG_6. Meeting
        # Tue 22 Jul 2025: clear days 15, 16, 17, 18, 21 Jul -> publish by Mon 14 Jul 2025.
        pytest.param(D(2025, 7, 22), 5, True, D(2025, 7, 14), id="agenda-22jul2025"),
        # docs/law.md §3 worked date; forward plan 28 clear calendar days, reg 9, REGS_2012_PART_3.
        # Clear days 24 Jun - 21 Jul (7 + 21 = 28) -> publish by Mon 23 Jun 2025.
        pytest.param(D(2025, 7, 22), 28, False, D(2025, 6, 23), id="forward-plan-22jul2025"),
        # Agenda over Easter (the Nuneaton miscount, docs/law.md §3). Meeting Thu 24 Apr 2025:
        # counting back 23, 22, [21 Easter Mon, 20, 19, 18 Good Fri], 17, 16, 15 ->
        # publish by Mon 14 Apr 2025.
        pytest.param(D(2025, 4, 24), 5, True, D(2025, 4, 14), id="agenda-easter-2025"),
        # Same meeting with calendar clear days: 19-23 Apr are the 5 clear days, so the latest
        # day is Fri 18 Apr (Good Friday), which shows why the choice must be configurable.
        pytest.param(D(2025, 4, 24), 5, False, D(2025, 4, 18), id="calendar-5-easter-2025"),
        # General exception notice, reg 10, 5 clear (calendar) days, REGS_2012_PART_3. Meeting
        # Tue 22 Jul 2025: clear days 17-21 Jul -> publish by Wed 16 Jul 2025.
        pytest.param(D(2025, 7, 22), 5, False, D(2025, 7, 16), id="general-exception-22jul2025"),
        # Meeting Mon 28 Jul 2025, 5 clear working days = 21-25 Jul; the latest date is
        # therefore Sun 20 Jul (see previous_working_day test for the Friday).
        pytest.param(D(2025, 7, 28), 5, True, D(2025, 7, 20), id="agenda-monday-meeting"),
    ],
)
def test_latest_notice_date(event: date, clear_days: int, working_only: bool, latest: date) -> None:
    assert latest_notice_date(event, clear_days, working_only, EW) == latest
    # Round trip: enough clear days on the latest date, one too few a day later.
    assert clear_days_between(latest, event, working_only, EW) == clear_days
    assert clear_days_between(latest + timedelta(days=1), event, working_only, EW) < clear_days


def test_latest_notice_date_on_a_working_day() -> None:
    # Monday 28 Jul 2025 meeting: the latest publication on a working day is Fri 18 Jul 2025.
    latest = latest_notice_date(D(2025, 7, 28), 5, True, EW)
    assert previous_working_day(latest, EW) == D(2025, 7, 18)


@pytest.mark.parametrize(
    ("earlier", "later", "working_only", "count"),
    [
        # docs/law.md §3: publication Mon 14 Jul, meeting Tue 22 Jul 2025 -> 15-18, 21 Jul = 5.
        pytest.param(D(2025, 7, 14), D(2025, 7, 22), True, 5, id="agenda-on-time"),
        # One day later leaves only 4 clear working days (16, 17, 18, 21 Jul).
        pytest.param(D(2025, 7, 15), D(2025, 7, 22), True, 4, id="agenda-one-day-late"),
        # Forward plan: 23 Jun -> 22 Jul 2025 = 28 clear calendar days (24 Jun - 21 Jul).
        pytest.param(D(2025, 6, 23), D(2025, 7, 22), False, 28, id="forward-plan-28"),
        # Neither end counts (R v Herefordshire Justices, docs/law.md §3).
        pytest.param(D(2025, 7, 22), D(2025, 7, 22), False, 0, id="same-day"),
        pytest.param(D(2025, 7, 21), D(2025, 7, 22), True, 0, id="adjacent-days"),
        # Christmas 2025 (England): 24 Dec 2025 -> 2 Jan 2026 leaves 29, 30, 31 Dec = 3.
        pytest.param(D(2025, 12, 24), D(2026, 1, 2), True, 3, id="christmas-working"),
        pytest.param(D(2025, 12, 24), D(2026, 1, 2), False, 8, id="christmas-calendar"),
    ],
)
def test_clear_days_between(earlier: date, later: date, working_only: bool, count: int) -> None:
    assert clear_days_between(earlier, later, working_only, EW) == count


# --- call-in and "Effective from" --------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "call_in_last", "effective"),
    [
        # docs/law.md §2, LAMBETH: published Wed 21 Jul 2021, effective Thu 29 Jul 2021.
        # 5 working days after publication: 22, 23, 26, 27, 28 Jul -> call-in ends Wed 28 Jul.
        pytest.param(D(2021, 7, 21), D(2021, 7, 28), D(2021, 7, 29), id="lambeth-2021"),
        # docs/law.md §2, SOUTH_HOLLAND: published Tue 7 Jun 2022, effective Wed 15 Jun 2022.
        # 8, 9, 10, 13, 14 Jun -> call-in ends Tue 14 Jun (Jubilee holidays 2-3 Jun are before).
        pytest.param(D(2022, 6, 7), D(2022, 6, 14), D(2022, 6, 15), id="south-holland-2022"),
        # GLOUCESTERSHIRE (end of 5th working day) over a bank holiday: published Thu 21 Aug
        # 2025: 22, [25 Aug], 26, 27, 28, 29 -> ends Fri 29 Aug; the calendar day after is
        # Sat 30 Aug 2025 (implementation_date is a calendar day, so it can be a weekend).
        pytest.param(D(2025, 8, 21), D(2025, 8, 29), D(2025, 8, 30), id="call-in-bank-holiday"),
    ],
)
def test_call_in_and_implementation(published: date, call_in_last: date, effective: date) -> None:
    assert call_in_end(published, 5, EW) == call_in_last
    assert implementation_date(published, 5, EW) == effective


# --- working-day primitives --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("function", "day", "count", "region", "expected"),
    [
        # Day itself counts when it is a working day (Act s51 "beginning with"), Wed 23 Jul 2025.
        pytest.param(working_days_from, D(2025, 7, 23), 1, EW, D(2025, 7, 23), id="from-workday"),
        # Sat 26 Jul 2025: first working day beginning with it is Mon 28 Jul.
        pytest.param(working_days_from, D(2025, 7, 26), 1, EW, D(2025, 7, 28), id="from-saturday"),
        # "after" never counts the start day: Wed 23 Jul 2025 + 1 working day = Thu 24 Jul.
        pytest.param(add_working_days, D(2025, 7, 23), 1, EW, D(2025, 7, 24), id="after-workday"),
        # Good Friday 18 Apr 2025 + 1 working day skips Sat, Sun, Easter Monday -> Tue 22 Apr.
        pytest.param(add_working_days, D(2025, 4, 18), 1, EW, D(2025, 4, 22), id="after-easter"),
    ],
)
def test_counting_primitives(
    function: Callable[[date, int, HolidayRegion], date],
    day: date,
    count: int,
    region: HolidayRegion,
    expected: date,
) -> None:
    assert function(day, count, region) == expected


@pytest.mark.parametrize(
    ("day", "region", "expected"),
    [
        # Sat 2 Aug 2025 -> Mon 4 Aug in England, but Tue 5 Aug UK-wide (Scottish 4 Aug).
        pytest.param(D(2025, 8, 2), EW, D(2025, 8, 4), id="eng-weekend"),
        pytest.param(D(2025, 8, 2), "any-uk", D(2025, 8, 5), id="any-uk-weekend"),
        # Christmas Day 2025 (Thu) -> Boxing Day, Sat, Sun -> Mon 29 Dec.
        pytest.param(D(2025, 12, 25), EW, D(2025, 12, 29), id="christmas"),
        # A working day is its own next working day.
        pytest.param(D(2025, 7, 22), EW, D(2025, 7, 22), id="already-working"),
    ],
)
def test_next_working_day(day: date, region: HolidayRegion, expected: date) -> None:
    assert next_working_day(day, region) == expected


@pytest.mark.parametrize(
    ("day", "weekday", "text"),
    [
        # docs/law.md §8 and R32: "22 July 2025", "Tuesday 22 July 2025"; no ordinal, no comma.
        pytest.param(D(2025, 7, 22), False, "22 July 2025", id="plain"),
        pytest.param(D(2025, 7, 22), True, "Tuesday 22 July 2025", id="weekday"),
        # No leading zero.
        pytest.param(D(2025, 8, 1), True, "Friday 1 August 2025", id="single-digit"),
    ],
)
def test_format_date(day: date, weekday: bool, text: str) -> None:
    assert format_date(day, weekday=weekday) == text


# --- nonsense inputs ---------------------------------------------------------------------------


def test_nonsense_inputs_raise_value_error() -> None:
    with pytest.raises(ValueError, match="count must be at least 1"):
        add_working_days(D(2025, 7, 22), 0, EW)
    with pytest.raises(ValueError, match="count must be at least 1"):
        working_days_from(D(2025, 7, 22), -1, EW)
    with pytest.raises(ValueError, match="count must be at least 1"):
        call_in_end(D(2025, 7, 22), 0, EW)
    with pytest.raises(ValueError, match="is before earlier"):
        clear_days_between(D(2025, 7, 22), D(2025, 7, 21), False, EW)
    with pytest.raises(ValueError, match="clear_days must be at least 1"):
        latest_notice_date(D(2025, 7, 22), 0, True, EW)
    with pytest.raises(ValueError, match="at least 8 working days"):
        act_standstill(D(2025, 7, 22), days=7)
    with pytest.raises(ValueError, match="unknown holiday region"):
        is_working_day(D(2025, 7, 19), "england")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="earliest_conclusion"):
        Standstill("x", D(2025, 7, 1), D(2025, 7, 10), D(2025, 7, 10))


def test_datetimes_are_rejected() -> None:
    # A datetime is never equal to a date in a holiday set, so it would silently count
    # Christmas Day as a working day.
    with pytest.raises(TypeError, match="not a datetime"):
        is_working_day(datetime(2025, 12, 25, 9, 0), EW)


# --- properties --------------------------------------------------------------------------------


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


YEAR_2025 = _days(D(2025, 1, 1), D(2025, 12, 31))
TWO_YEARS = _days(D(2025, 1, 1), D(2026, 12, 31))


@pytest.mark.parametrize("region", REGIONS)
def test_next_working_day_is_the_first_working_day_on_or_after(region: HolidayRegion) -> None:
    for day in YEAR_2025:
        nxt = next_working_day(day, region)
        assert is_working_day(nxt, region)
        assert nxt >= day
        assert not any(is_working_day(d, region) for d in _days(day, nxt - timedelta(days=1)))
        assert previous_working_day(nxt, region) == nxt


def test_any_uk_is_the_union_of_the_regions() -> None:
    for year in (2025, 2026, 2027):
        union = frozenset().union(*(bank_holidays(year, r) for r in REGIONS if r != "any-uk"))
        assert bank_holidays(year, "any-uk") == union


def test_standstill_ends_are_working_days_and_never_weekends() -> None:
    for day in TWO_YEARS:
        for result in (
            pcr_standstill(day, True),
            pcr_standstill(day, False),
            act_standstill(day),
            psr_standstill(day),
        ):
            assert result.ends.weekday() < 5, (day, result)
            assert result.earliest_conclusion == result.ends + timedelta(days=1)
        assert is_working_day(pcr_standstill(day, True).ends, EW)
        assert pcr_standstill(day, True).ends >= day + timedelta(days=10)
        assert is_working_day(act_standstill(day).ends, "any-uk")
        assert is_working_day(psr_standstill(day).ends, EW)


def test_act_standstill_has_exactly_eight_uk_working_days_and_never_ends_before_england() -> None:
    for day in TWO_YEARS:
        result = act_standstill(day)
        counted = [d for d in _days(day, result.ends) if is_working_day(d, "any-uk")]
        assert len(counted) == 8
        assert result.ends >= working_days_from(day, 8, EW)


def test_add_working_days_steps_one_working_day_at_a_time() -> None:
    for day in YEAR_2025:
        path = [day] + [add_working_days(day, n, EW) for n in range(1, 6)]
        for before, after in pairwise(path):
            assert after > before
            assert clear_days_between(before, after, True, EW) == 0
        assert add_working_days(day, 5, EW) == working_days_from(day + timedelta(days=1), 5, EW)


@pytest.mark.parametrize("working_only", [True, False])
def test_latest_notice_date_is_tight(working_only: bool) -> None:
    for event in YEAR_2025:
        for clear in (1, 5, 28):
            latest = latest_notice_date(event, clear, working_only, EW)
            assert clear_days_between(latest, event, working_only, EW) >= clear
            assert clear_days_between(latest + timedelta(days=1), event, working_only, EW) < clear
