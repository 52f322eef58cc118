"""The dates of a term: when it ends, when each extension runs, when mobilisation begins.

A term is read in months (``ContractTerms.initial_in_months`` and the like), however the record
gives it, so a 32-month term and a 4-year one are counted alike; a fraction of a month (a term
recorded as 2.67 years) counts to the nearest month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from docgen.models.common import ContractTerms


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month, months later or (negative) earlier; the month's last day if
    it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def whole_months(months: Decimal) -> int:
    return int(months.quantize(Decimal(1), ROUND_HALF_UP))


def end_after(start: dt.date, months: Decimal) -> dt.date:
    """The last day of a term of months from start: 48 months from 6 October 2025 ends on
    5 October 2029."""
    return add_months(start, whole_months(months)) - dt.timedelta(days=1)


def initial_end(terms: ContractTerms) -> dt.date:
    return end_after(terms.start, terms.initial_in_months)


def max_end(terms: ContractTerms) -> dt.date:
    """The last day of the term with every extension taken."""
    return end_after(terms.start, terms.max_in_months)


def extension_periods(terms: ContractTerms) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of each optional extension, in order."""
    periods, months = [], terms.initial_in_months
    for extra in terms.extensions_in_months:
        first = end_after(terms.start, months) + dt.timedelta(days=1)
        months += extra
        periods.append((first, end_after(terms.start, months)))
    return periods


def mobilisation_start(terms: ContractTerms) -> dt.date | None:
    """The first day of the mobilisation period before the term starts, if there is one."""
    if terms.mobilisation_months is None:
        return None
    return add_months(terms.start, -whole_months(terms.mobilisation_months))
