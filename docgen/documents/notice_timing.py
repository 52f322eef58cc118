"""The decision notice's dates: publication, the end of call-in and implementation.

Computed from the record and the council's constitution (docs/law.md §2); they hold no words, so
every language reads the same dates (decision_notice.py words them).
"""

from __future__ import annotations

import datetime as dt

from docgen.derive import nation, timing
from docgen.documents.common import Context
from docgen.models import Decision
from docgen.models.council import Council


class Timing(Context):
    """The notice's dates, computed from the record and the council's constitution."""

    decision_date: dt.date
    """The date of the decision."""
    published: dt.date
    """The date the notice was published, or the latest the constitution allows when the record
    gives none."""
    published_is_planned: bool
    """True when `published` is computed, not recorded."""
    call_in_deadline: dt.date | None
    """The last day of the call-in period; None when not subject to call-in (or the constitution
    has no call-in period)."""
    implementable_from: dt.date
    """The first day the decision can be implemented."""


def notice_timing(decision: Decision, council: Council) -> Timing:
    """Publication, call-in deadline and implementation date under the council's constitution.

    A decision not subject to call-in can be implemented on the date of decision. Otherwise the
    call-in period ends on the Nth working day after publication and the decision can be
    implemented from the next calendar day (timing.call_in_end / implementation_date).
    """
    rules = council.constitution
    published = decision.decision_published or planned_publication(decision, council)
    deadline, start = None, decision.decision_date
    if decision.call_in.callable and rules.call_in_working_days:
        deadline = timing.call_in_end(published, rules.call_in_working_days, rules.holidays)
        start = timing.implementation_date(published, rules.call_in_working_days, rules.holidays)
    elif decision.call_in.callable:
        start = published  # a constitution with no call-in period: effective on publication
    return Timing(
        decision_date=decision.decision_date,
        published=published,
        published_is_planned=decision.decision_published is None,
        call_in_deadline=deadline,
        implementable_from=start,
    )


def planned_publication(decision: Decision, council: Council) -> dt.date:
    """The latest publication date the constitution allows, when the record gives none (the
    nation's default when it sets no number: derive/nation.py)."""
    return nation.planned_decision_notice(decision.decision_date, council)
