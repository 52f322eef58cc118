"""What differs by nation: the numbers and citations the law sets in England and in Wales.

docs/law.md §3 (England) and §11.5 (Wales). The rules (docgen.checks.rules) and the documents ask
here, never compare ``council.nation`` with a literal of their own, so a Welsh council's record
never meets an English default:

- Executive decisions in England follow the Local Authorities (Executive Arrangements) (Meetings
  and Access to Information) (England) Regulations 2012; in Wales the Local Authorities
  (Executive Arrangements) (Decisions, Documents and Meetings) (Wales) Regulations 2001, which
  have no key decisions, no 28-clear-day notice and no general exception or special urgency
  procedure, give 3 clear days for an agenda (reg 5(4)), and ask for the written statement of
  a decision "as soon as is reasonably practicable" (regs 6-8), with no number of days.
- The Procurement Act 2023 runs with the Procurement Regulations 2024 (SI 2024/692) in England and
  the Procurement (Wales) Regulations 2024 (SI 2024/782) in Wales, numbered differently.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Literal

from docgen.derive import timing
from docgen.models import Council

AGENDA_CLEAR_DAYS: Final[dict[str, int]] = {"england": 5, "wales": 3}
"""The clear days an agenda and its reports are open before a meeting, by statute: England 5
(2012 Regs reg 7; LGA 1972 s100B as varied for England), Wales 3 (2001 Wales Regs reg 5(4), as
substituted in 2002; s100B as it stands in Wales). docs/law.md §3, §11.5."""

DECISION_NOTICE_WORKING_DAYS: Final[dict[str, int | None]] = {"england": 2, "wales": None}
"""The working days a constitution gives, when it says nothing, to publish the decision notice.
England: 2, the common constitution figure (docs/law.md §3). Wales: none; the 2001 Wales Regs ask
for the written statement and its availability "as soon as is reasonably practicable" (regs 6, 7
and 8), so only a constitution's own number can be checked (docs/law.md §11.5)."""


def agenda_clear_days(council: Council) -> int:
    """The clear days the council's agendas need: its constitution's number, or the statute's."""
    days = council.constitution.agenda_clear_days
    return AGENDA_CLEAR_DAYS[council.nation] if days is None else days


def decision_notice_days(council: Council) -> int | None:
    """The working days within which the decision notice is published, or None where only "as
    soon as reasonably practicable" applies (a Welsh council whose constitution sets no number)."""
    days = council.constitution.decision_notice_working_days
    return DECISION_NOTICE_WORKING_DAYS[council.nation] if days is None else days


def planned_decision_notice(decision_date: dt.date, council: Council) -> dt.date:
    """The day a decision notice is planned for when the record gives none: the last day the
    constitution allows, or, with no number (Wales), the first working day after the decision,
    docgen's reading of "as soon as is reasonably practicable" for a date not yet known."""
    days = decision_notice_days(council)
    if days == 0:
        return decision_date
    region = council.constitution.holidays
    return timing.add_working_days(decision_date, 1 if days is None else days, region)


# ---- the Procurement Act 2023's regulations ---------------------------------------------------

REGULATIONS: Final[dict[str, str]] = {
    "england": "the Procurement Regulations 2024",
    "wales": "the Procurement (Wales) Regulations 2024",
}
"""The regulations made under the Procurement Act 2023 for each nation's contracting authorities."""

Provision = Literal["assessment_summary", "contract_award_notice", "transparency_notice"]

_NUMBERS: Final[dict[tuple[str, str], str | None]] = {
    ("england", "assessment_summary"): "31",
    ("wales", "assessment_summary"): "32",
    ("england", "contract_award_notice"): "27",
    ("wales", "contract_award_notice"): "28",
    ("england", "transparency_notice"): "26",
    ("wales", "transparency_notice"): None,
}
"""The regulation that sets each provision's content. Wales's are one higher where confirmed
(gov.wales guidance: assessment summaries reg 32, contract award notices regs 28-31); the Welsh
transparency notice's number is not confirmed here (docs/law.md §11.5), so it is None."""


def regulation_number(nation: str, provision: Provision) -> str | None:
    """The number of the regulation that sets a provision's content, or None if not confirmed."""
    return _NUMBERS[(nation, provision)]


def regulation_short(nation: str, provision: Provision) -> str:
    """E.g. "Procurement Regulations 2024 reg 31" or "Procurement (Wales) Regulations 2024 reg
    32", for a rule's message; without a number where none is confirmed."""
    name = REGULATIONS[nation].removeprefix("the ")
    number = regulation_number(nation, provision)
    return f"{name} reg {number}" if number else name


def regulation_long(nation: str, provision: Provision) -> str:
    """E.g. "regulation 32 of the Procurement (Wales) Regulations 2024", for a document's
    sentence; just the regulations' name where the number is not confirmed."""
    number = regulation_number(nation, provision)
    name = REGULATIONS[nation]
    return f"regulation {number} of {name}" if number else name
