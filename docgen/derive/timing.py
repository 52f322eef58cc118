"""Date arithmetic for the law: working days, clear days, standstill periods and call-in.

This module is the one place that counts days for a legal rule. It depends only on the standard
library and the ``holidays`` package (tabled in bank_holiday_table.py), and every function is pure.

Day-counting vocabulary (docs/law.md §3, §5):

* A *working day* is a day that is not a Saturday, a Sunday or a bank holiday of the chosen
  region, including the "(observed)" substitute days the ``holidays`` package adds when a
  holiday falls at a weekend. Christmas Day and Good Friday are in every region's set.
* *Clear days* exclude both the day of publication and the day of the event (R v Herefordshire
  Justices (1820), approved in R v Swansea CC ex p Elitestone (1993)). Whether weekends and bank
  holidays are also left out is the caller's choice, because statute does not settle it.
* A period that *ends* on a day ends at midnight at the end of that day; the first day on which
  the next step may be taken is the calendar day after.

Holiday regions map to ``holidays.country_holidays("GB", subdiv=...)`` (docs/law.md §8):
"england-and-wales" -> ENG, "wales" -> WLS, "scotland" -> SCT, "northern-ireland" -> NIR, and
"any-uk" is the union of all four, as the Procurement Act 2023 needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Final, Literal

from docgen.derive import bank_holiday_table

HolidayRegion = Literal["england-and-wales", "wales", "scotland", "northern-ireland", "any-uk"]

_SUBDIVISIONS: Final[dict[str, tuple[str, ...]]] = {
    "england-and-wales": ("ENG",),
    "wales": ("WLS",),
    "scotland": ("SCT",),
    "northern-ireland": ("NIR",),
    "any-uk": ("ENG", "WLS", "SCT", "NIR"),
}

_ONE_DAY: Final = timedelta(days=1)

# Spelled out rather than taken from strftime/calendar so the output never depends on the locale.
_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

PCR_ELECTRONIC_DAYS: Final = 10
PCR_OTHER_MEANS_DAYS: Final = 15
ACT_STANDSTILL_WORKING_DAYS: Final = 8
PSR_STANDSTILL_WORKING_DAYS: Final = 8


# --- input checks ------------------------------------------------------------------------------


def _require_date(value: object, name: str = "day") -> None:
    """Reject datetimes: a datetime never equals the date in a holiday set, so it would count a
    bank holiday as a working day without any error."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a datetime.date (not a datetime); got {value!r}")


def _require_region(region: str) -> tuple[str, ...]:
    try:
        return _SUBDIVISIONS[region]
    except KeyError:
        allowed = ", ".join(sorted(_SUBDIVISIONS))
        raise ValueError(f"unknown holiday region {region!r}; expected one of: {allowed}") from None


def _require_positive(count: int, name: str) -> None:
    if count < 1:
        raise ValueError(f"{name} must be at least 1; got {count}")


# --- holidays and working days -----------------------------------------------------------------


@lru_cache(maxsize=1)
def _installed_holidays_version() -> str | None:
    """The installed ``holidays`` version (None if not installed), as the package itself reads it.

    ~2 ms once: pydantic has already imported importlib.metadata (alone that import is ~8 ms).
    """
    from importlib import metadata

    try:
        return metadata.version("holidays")
    except metadata.PackageNotFoundError:
        return None


def _package_days(year: int, subdiv: str) -> frozenset[date]:
    import holidays  # here, not at the top: importing it and loading GB costs ~0.09 s

    calendar = holidays.country_holidays("GB", subdiv=subdiv, years=(year - 1, year, year + 1))
    return frozenset(day for day in calendar if day.year == year)


def _subdivision_days(year: int, subdiv: str) -> frozenset[date]:
    # The table only if the installed package wrote it (else a new one-off holiday would be lost).
    current = _installed_holidays_version() == bank_holiday_table.HOLIDAYS_VERSION
    packed = bank_holiday_table.SUBDIVISIONS[subdiv].get(year) if current else None
    if packed is None:
        return _package_days(year, subdiv)
    return frozenset(date(year, int(day[:2]), int(day[2:])) for day in packed.split())


@lru_cache(maxsize=512)
def bank_holidays(year: int, region: HolidayRegion) -> frozenset[date]:
    """Bank holidays falling in ``year`` for ``region``, including "(observed)" substitute days.

    Source: the ``holidays`` package, ``country_holidays("GB", subdiv=...)`` (docs/law.md §8),
    read from its table in bank_holiday_table.py when that matches the installed version.
    "any-uk" is the union over ENG, WLS, SCT and NIR: the Procurement Act 2023 treats a bank
    holiday in any part of the UK as a non-working day (docs/law.md §5.2). Neighbouring years are
    loaded too, so a substitute day that spills across New Year is not lost. Cached per
    (year, region).
    """
    subdivisions = _require_region(region)
    found: set[date] = set()
    for subdiv in subdivisions:
        found.update(_subdivision_days(year, subdiv))
    return frozenset(found)


def _is_working(day: date, region: HolidayRegion) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year, region)


def _next_after(day: date, region: HolidayRegion) -> date:
    """The first working day strictly after ``day``."""
    day += _ONE_DAY
    while not _is_working(day, region):
        day += _ONE_DAY
    return day


def is_working_day(day: date, region: HolidayRegion) -> bool:
    """True unless ``day`` is a Saturday, a Sunday or a bank holiday (incl. "(observed)" days).

    This is the working day of PCR 2015 (Saturdays, Sundays, Christmas Day, Good Friday and bank
    holidays excluded, docs/law.md §5.1), of PSR 2023 (England) and, with region "any-uk", of the
    Procurement Act 2023 (docs/law.md §5.2).
    """
    _require_date(day)
    _require_region(region)
    return _is_working(day, region)


def next_working_day(day: date, region: HolidayRegion) -> date:
    """The first working day on or after ``day`` (``day`` itself if it is a working day).

    Applies the roll-forward of PCR 2015 reg 87: a standstill that would end on a non-working
    day ends on the next working day instead (docs/law.md §5.1).
    """
    _require_date(day)
    _require_region(region)
    return day if _is_working(day, region) else _next_after(day, region)


def previous_working_day(day: date, region: HolidayRegion) -> date:
    """The last working day on or before ``day`` (``day`` itself if it is a working day).

    Useful with :func:`latest_notice_date`, whose answer can fall on a weekend.
    """
    _require_date(day)
    _require_region(region)
    while not _is_working(day, region):
        day -= _ONE_DAY
    return day


def add_working_days(day: date, count: int, region: HolidayRegion) -> date:
    """The ``count``-th working day after ``day``; ``day`` itself is never counted.

    This is the reading of "the Nth working day after X", used for call-in periods (docs/law.md §3,
    R13) and PSR reg 12 (docs/law.md §5.3). ``count`` must be at least 1.
    """
    _require_date(day)
    _require_region(region)
    _require_positive(count, "count")
    for _ in range(count):
        day = _next_after(day, region)
    return day


def working_days_from(day: date, count: int, region: HolidayRegion) -> date:
    """The ``count``-th working day of a period beginning with ``day``.

    ``day`` counts as day 1 if it is a working day; otherwise the count starts with the next
    working day. This is the Procurement Act 2023 s51 reading: "8 working days beginning with
    the day on which the contract award notice is published" (docs/law.md §5.2).
    """
    _require_date(day)
    return add_working_days(day - _ONE_DAY, count, region)


# --- standstill periods ------------------------------------------------------------------------


@dataclass(frozen=True)
class Standstill:
    """A standstill period computed under one rule.

    ``starts`` is the first day of the period as the rule defines it; ``ends`` is its last day
    (the period ends at midnight at the end of that day); ``earliest_conclusion`` is the first
    day on which the contract or framework may be concluded (the calendar day after ``ends``).
    """

    rule: str
    starts: date
    ends: date
    earliest_conclusion: date

    def __post_init__(self) -> None:
        if self.ends < self.starts:
            raise ValueError(f"standstill ends ({self.ends}) before it starts ({self.starts})")
        if self.earliest_conclusion != self.ends + _ONE_DAY:
            raise ValueError("earliest_conclusion must be the day after the standstill ends")

    def ends_text(self) -> str:
        """E.g. "midnight at the end of Monday 4 August 2025" (wording of PCR reg 87(2))."""
        return f"midnight at the end of {format_date(self.ends, weekday=True)}"


def _standstill(rule: str, starts: date, ends: date) -> Standstill:
    return Standstill(rule=rule, starts=starts, ends=ends, earliest_conclusion=ends + _ONE_DAY)


def pcr_standstill(
    sent: date, electronic: bool, region: HolidayRegion = "england-and-wales"
) -> Standstill:
    """Standstill under PCR 2015 reg 87 for award notices last sent on ``sent``.

    Sent by fax or electronic means (reg 87(2)(a)): the period begins the day after sending and
    ends at midnight at the end of the 10th calendar day after the sending date. Sent by other
    means (reg 87(2)(b)): the 15th day after sending. If that day is not a working day the
    period ends at the end of the next working day (docs/law.md §5.1, worked examples there).

    Not modelled: for other means reg 87(2)(b) ends the period at the 10th day after *receipt*
    when that comes before the 15th day after sending. Receipt dates are not known here, so the
    15-day end is used. It is the latest the period can end, so concluding the contract after
    it is always safe, but the true end may be earlier.

    ``region`` selects the bank holidays: England and Wales by default; use "northern-ireland"
    for authorities there (PCR 2015 does not extend to Scotland).
    """
    _require_date(sent, "sent")
    days = PCR_ELECTRONIC_DAYS if electronic else PCR_OTHER_MEANS_DAYS
    ends = next_working_day(sent + timedelta(days=days), region)
    rule = "PCR 2015 reg 87(2)(a)" if electronic else "PCR 2015 reg 87(2)(b)"
    return _standstill(rule, sent + _ONE_DAY, ends)


def act_standstill(can_published: date, days: int = ACT_STANDSTILL_WORKING_DAYS) -> Standstill:
    """Standstill under the Procurement Act 2023 s51 for a contract award notice (CAN).

    The mandatory standstill period is 8 working days beginning with the day the CAN is
    published; the publication day is day 1 when it is a working day. A working day excludes
    bank holidays in any part of the UK, so Scottish and Northern Ireland holidays lengthen it
    (region "any-uk"; docs/law.md §5.2). ``days`` may be raised for a longer voluntary period but
    cannot go below the statutory 8.
    """
    _require_date(can_published, "can_published")
    if days < ACT_STANDSTILL_WORKING_DAYS:
        raise ValueError(
            f"Procurement Act 2023 s51: standstill is at least {ACT_STANDSTILL_WORKING_DAYS} "
            f"working days; got {days}"
        )
    ends = working_days_from(can_published, days, "any-uk")
    rule = "Procurement Act 2023 s51(2)"
    if days != ACT_STANDSTILL_WORKING_DAYS:
        rule += f" ({days} working days)"
    return _standstill(rule, can_published, ends)


def psr_standstill(notice_published: date) -> Standstill:
    """Standstill under the Health Care Services (Provider Selection Regime) Regulations 2023.

    Reg 12(2): the standstill period begins on the day after the day the notice of intention is
    published. Reg 12(3): representations may be made before midnight at the end of the 8th
    working day after the day the standstill period begins. If none are made the period ends
    then, so ``ends`` is that 8th working day (England bank holidays; docs/law.md §5.3,
    https://legislation.gov.uk/uksi/2023/1348/regulation/12/made). If representations are made
    the period stays open; that extension is not modelled.

    This is the literal reading. Some guidance and practice count one working day fewer (the
    8th working day after publication, e.g. Newham's notice of 16 June 2026 stating 26 June
    where this gives 29 June), so validators should flag a stated date earlier than ``ends``.
    """
    _require_date(notice_published, "notice_published")
    starts = notice_published + _ONE_DAY
    ends = add_working_days(starts, PSR_STANDSTILL_WORKING_DAYS, "england-and-wales")
    return _standstill("PSR 2023 reg 12", starts, ends)


# --- clear days and notice deadlines -----------------------------------------------------------


def clear_days_between(
    earlier: date, later: date, exclude_non_working: bool, region: HolidayRegion
) -> int:
    """The number of clear days between two dates: whole days strictly between them.

    Both end days are excluded (R v Herefordshire Justices; docs/law.md §3). With
    ``exclude_non_working`` only working days are counted, the reading many councils use for
    the 5-clear-day agenda rule (LGA 1972 s100B; 2012 Regs regs 6-7).
    """
    _require_date(earlier, "earlier")
    _require_date(later, "later")
    _require_region(region)
    if later < earlier:
        raise ValueError(f"later ({later}) is before earlier ({earlier})")
    if not exclude_non_working:
        return max((later - earlier).days - 1, 0)
    count = 0
    day = earlier + _ONE_DAY
    while day < later:
        count += _is_working(day, region)
        day += _ONE_DAY
    return count


def latest_notice_date(
    event: date, clear_days: int, exclude_non_working: bool, region: HolidayRegion
) -> date:
    """The latest publication date that leaves at least ``clear_days`` clear days before
    ``event``.

    Used for the forward plan (28 clear days, 2012 Regs reg 9), general exception and private
    meeting notices (regs 5 and 10) and the agenda (5 clear days, reg 6-7 / s100B) (docs/law.md
    §3). The answer is the day before the earliest counted clear day, so with
    ``exclude_non_working`` it can be a weekend or bank holiday; apply
    :func:`previous_working_day` if publication must happen on a working day.
    """
    _require_date(event, "event")
    _require_region(region)
    _require_positive(clear_days, "clear_days")
    if not exclude_non_working:
        return event - timedelta(days=clear_days + 1)
    day = event
    found = 0
    while found < clear_days:
        day -= _ONE_DAY
        found += _is_working(day, region)
    return day - _ONE_DAY


# --- call-in -----------------------------------------------------------------------------------


def call_in_end(published: date, working_days: int, region: HolidayRegion) -> date:
    """The last day for call-in: the ``working_days``-th working day after publication.

    Call-in is set by each council's constitution, typically 5 working days after the decision
    notice is published, excluding the publication day (docs/law.md §3 and §10 R13, e.g.
    Gloucestershire: "by the end of the 5th working day").
    """
    return add_working_days(published, working_days, region)


def implementation_date(published: date, working_days: int, region: HolidayRegion) -> date:
    """The first day a call-in-able decision may be implemented: the calendar day after
    :func:`call_in_end`.

    Matches the "Effective from" dates published by Lambeth (published 21/07/2021, effective
    29/07/2021) and South Holland (published 07/06/2022, effective 15/06/2022) (docs/law.md §2).
    Because it is a calendar day, it can fall on a weekend or bank holiday.
    """
    return call_in_end(published, working_days, region) + _ONE_DAY


# --- formatting --------------------------------------------------------------------------------


def format_date(day: date, weekday: bool = False) -> str:
    """The date as councils write it: 22 July 2025, or Tuesday 22 July 2025 with ``weekday``.

    No ordinal, no leading zero, no comma (docs/law.md §8;
    https://www.sutton.gov.uk/-/all-about-numbers).
    """
    _require_date(day)
    text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {text}" if weekday else text
