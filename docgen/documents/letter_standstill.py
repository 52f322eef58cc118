"""The letters' standstill paragraphs: PCR 2015 reg 87 or Procurement Act 2023 s51 (docs/law.md §5).

Only what is true is said: a letter with no standstill says so and nothing else about one; a
standstill is stated with its exact end and the day before which the contract is not concluded.
Every sentence is a whole message in the letter's language (`t`), its dates from the same
computed standstill ("midnight at the end of …" / "hanner nos ar ddiwedd …").
"""

from __future__ import annotations

from docgen.derive.language import Words
from docgen.derive.timing import Standstill
from docgen.models import Award, CallOff


def ends_text(standstill: Standstill, t: Words) -> str:
    """ "midnight at the end of Monday 4 August 2025" (PCR reg 87(2)), in the letter's language."""
    return t("midnight at the end of {day}", day=t.date(standstill.ends, weekday=True))


def paragraphs(
    award: Award, standstill: Standstill | None, thing: str, for_lot: bool, t: Words
) -> list[str]:
    """The "Standstill period" section; ``thing`` is what is awarded ("contract", in the
    letter's language), ``for_lot`` whether the letter is about one Lot of it."""
    note, is_pcr = award.notification, award.procurement.regime == "pcr2015"
    if standstill is None:
        if is_pcr:
            return [t("No standstill period applies to this award.")]
        if note.can_published:
            return [
                t(
                    "No standstill period applies to this award. The Council may enter into the "
                    "contract once it has published the contract award notice on {day}.",
                    day=t.date(note.can_published),
                )
            ]
        return [
            t(
                "No standstill period applies to this award. The Council may enter into the "
                "contract once it has published the contract award notice."
            )
        ]
    ends = ends_text(standstill, t)
    earliest = t.date(standstill.earliest_conclusion, weekday=True)
    voluntary = note.standstill == "voluntary"
    period = _pcr(ends, voluntary, t) if is_pcr else _act(award, ends, voluntary, t)
    return [period, *_not_concluded(thing, for_lot, earliest, t)]


def _not_concluded(thing: str, for_lot: bool, earliest: str, t: Words) -> list[str]:
    """When the Council will not conclude the contract: not before the standstill ends, nor
    while proceedings prevent it (docs/law.md §5)."""
    if for_lot:
        return [
            t(
                "The Council will not conclude the {thing} for this Lot before {earliest}.",
                thing=thing,
                earliest=earliest,
            ),
            t(
                "If proceedings challenging this decision are issued during the standstill "
                "period, the Council will not conclude the {thing} for this Lot while those "
                "proceedings prevent it.",
                thing=thing,
            ),
        ]
    return [
        t(
            "The Council will not conclude the {thing} before {earliest}.",
            thing=thing,
            earliest=earliest,
        ),
        t(
            "If proceedings challenging this decision are issued during the standstill period, "
            "the Council will not conclude the {thing} while those proceedings prevent it.",
            thing=thing,
        ),
    ]


def _pcr(ends: str, voluntary: bool, t: Words) -> str:
    if voluntary:
        return t(
            "The Council is observing a voluntary standstill period. It begins on the day after "
            "the date of this letter and ends at {ends}.",
            ends=ends,
        )
    return t(
        "The Council is observing a standstill period under regulation 87 of the Public "
        "Contracts Regulations 2015. It begins on the day after the date of this letter and "
        "ends at {ends}.",
        ends=ends,
    )


def _act(award: Award, ends: str, voluntary: bool, t: Words) -> str:
    published = award.notification.can_published
    day = t.date(published, weekday=True) if published else t("the day of publication")
    if voluntary and isinstance(award, CallOff):  # s51(3): a call-off under a framework
        return t(
            "As a contract awarded under a framework agreement, this contract is exempt from "
            "the mandatory standstill period in section 51 of the Procurement Act 2023. The "
            "Council is nevertheless observing a voluntary standstill period of eight working "
            "days, beginning with the day it publishes the contract award notice ({day}) and "
            "ending at {ends}.",
            day=day,
            ends=ends,
        )
    if voluntary:  # s51(3): a light touch contract
        return t(
            "As a light touch contract, this contract is exempt from the mandatory standstill "
            "period in section 51 of the Procurement Act 2023. The Council is nevertheless "
            "observing a voluntary standstill period of eight working days, beginning with the "
            "day it publishes the contract award notice ({day}) and ending at {ends}.",
            day=day,
            ends=ends,
        )
    return t(
        "The Council will publish the contract award notice on {day}. The standstill period of "
        "eight working days under section 51 of the Procurement Act 2023 begins on that day and "
        "ends at {ends}.",
        day=day,
        ends=ends,
    )
