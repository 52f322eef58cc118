"""The letters' standstill paragraphs: PCR 2015 reg 87 or Procurement Act 2023 s51 (docs/law.md §5).

Only what is true is said: a letter with no standstill says so and nothing else about one; a
standstill is stated with its exact end and the day before which the contract is not concluded.
"""

from __future__ import annotations

from docgen.derive import formatting as fmt
from docgen.derive.timing import Standstill
from docgen.models import Award, CallOff


def paragraphs(award: Award, standstill: Standstill | None, what: str) -> list[str]:
    """The "Standstill period" section; ``what`` is "the contract for this Lot" or the like."""
    note, is_pcr = award.notification, award.procurement.regime == "pcr2015"
    if standstill is None:
        if is_pcr:
            return ["No standstill period applies to this award."]
        when = f" on {fmt.date_long(note.can_published)}" if note.can_published else ""
        return [
            "No standstill period applies to this award. The Council may enter into the "
            f"contract once it has published the contract award notice{when}."
        ]
    ends = standstill.ends_text()
    earliest = fmt.date_long(standstill.earliest_conclusion, weekday=True)
    voluntary = note.standstill == "voluntary"
    period = _pcr(ends, voluntary) if is_pcr else _act(award, ends, voluntary)
    return [
        period,
        f"The Council will not conclude {what} before {earliest}.",
        f"If proceedings challenging this decision are issued during the standstill period, "
        f"the Council will not conclude {what} while those proceedings prevent it.",
    ]


def _pcr(ends: str, voluntary: bool) -> str:
    kind = (
        "a voluntary standstill period"
        if voluntary
        else "a standstill period under regulation 87 of the Public Contracts Regulations 2015"
    )
    return (
        f"The Council is observing {kind}. It begins on the day after the date of this "
        f"letter and ends at {ends}."
    )


def _act(award: Award, ends: str, voluntary: bool) -> str:
    published = award.notification.can_published
    day = fmt.date_long(published, weekday=True) if published else "the day of publication"
    if voluntary:
        exempt = (  # s51(3): a call-off under a framework, or a light touch contract
            "As a contract awarded under a framework agreement"
            if isinstance(award, CallOff)
            else "As a light touch contract"
        )
        return (
            f"{exempt}, this contract is exempt from the mandatory standstill "
            "period in section 51 of the Procurement Act 2023. The Council is nevertheless "
            "observing a voluntary standstill period of eight working days, beginning with the "
            f"day it publishes the contract award notice ({day}) and ending at {ends}."
        )
    return (
        f"The Council will publish the contract award notice on {day}. The standstill period "
        "of eight working days under section 51 of the Procurement Act 2023 begins on that day "
        f"and ends at {ends}."
    )
