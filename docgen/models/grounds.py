"""The legal grounds a route record may cite: closed tables, each entry with its source
(docs/law.md §11). A ground not in its table is refused where it is typed, naming the ones allowed.

Paragraph numbers marked unconfirmed in docs/law.md §11 are kept as the repository's notes give
them; the tables change with those notes.
"""

from __future__ import annotations

from pydantic_core import PydanticCustomError

ROUTE_MISSING = "route_missing"
"""The error type of a field a route needs that is missing; its ctx ``beside`` names the key
whose line the message is placed on (the one that asks for the field)."""


def route_missing(message: str, beside: str) -> PydanticCustomError:
    """The error for a field the route needs, placed beside the key that asks for it."""
    return PydanticCustomError(ROUTE_MISSING, message, {"beside": beside})


SCHEDULE5_GROUNDS: dict[str, str] = {
    "para-2": "prototypes and development (Schedule 5 paragraphs 2 and 3)",
    "para-4": "a unique work of art or artistic performance (Schedule 5 paragraph 4)",
    "para-5": "intellectual property or other exclusive rights, with no reasonable alternative "
    "(Schedule 5 paragraph 5)",
    "para-6": "an absence of competition for technical reasons, with no reasonable alternative "
    "(Schedule 5 paragraph 6)",
    "para-7": "additional or repeat goods, services or works (Schedule 5 paragraph 7)",
    "para-8": "a new contract for similar works or services, allowed by the first contract's "
    "tender notice (Schedule 5 paragraph 8)",
    "para-9": "goods bought on a commodity market (Schedule 5 paragraph 9)",
    "para-10": "particularly advantageous terms on an insolvency (Schedule 5 paragraph 10)",
    "para-13": "extreme and unavoidable urgency (Schedule 5 paragraph 13)",
    "para-15": "a user choice contract (Schedule 5 paragraph 15)",
}
"""Procurement Act 2023 Schedule 5, the direct award justifications a council can use (the
defence and security ones are left out). https://www.legislation.gov.uk/ukpga/2023/54/schedule/5"""

URGENCY_GROUNDS = frozenset({"para-13", "32(2)(c)"})
"""The grounds of extreme urgency, under the Act and under the 2015 Regulations."""

REG32_GROUNDS: dict[str, str] = {
    "32(2)(a)": "no tenders, or no suitable tenders, in an open or restricted procedure "
    "(reg 32(2)(a))",
    "32(2)(b)": "only one operator can supply: a unique work of art, an absence of competition "
    "for technical reasons, or exclusive rights (reg 32(2)(b))",
    "32(2)(c)": "extreme urgency brought about by events the authority could not foresee "
    "(reg 32(2)(c))",
    "32(3)(a)": "supplies made purely for research, experiment, study or development "
    "(reg 32(3)(a))",
    "32(3)(b)": "additional deliveries by the original supplier (reg 32(3)(b))",
    "32(3)(c)": "supplies quoted and bought on a commodity market (reg 32(3)(c))",
    "32(3)(d)": "supplies on particularly advantageous terms from a business closing down "
    "(reg 32(3)(d))",
    "32(4)": "a service contract that follows a design contest (reg 32(4))",
    "32(5)": "new works or services repeating similar ones, foreseen in the first notice, "
    "within three years (reg 32(5))",
}
"""Public Contracts Regulations 2015 reg 32, the negotiated procedure without prior publication.
https://www.legislation.gov.uk/uksi/2015/102/regulation/32"""

REG72_GROUNDS: dict[str, str] = {
    "72(1)(a)": "a change provided for by clear review clauses (reg 72(1)(a))",
    "72(1)(b)": "additional works, services or supplies from the original contractor "
    "(reg 72(1)(b))",
    "72(1)(c)": "a change made necessary by circumstances the authority could not foresee "
    "(reg 72(1)(c))",
    "72(1)(d)": "a new contractor in place of the original one (reg 72(1)(d))",
    "72(1)(e)": "a change that is not substantial (reg 72(1)(e))",
    "72(5)": "a de minimis change: below the threshold and under 10% (services, supplies) or "
    "15% (works) of the first value (reg 72(5))",
}
"""Public Contracts Regulations 2015 reg 72. https://www.legislation.gov.uk/uksi/2015/102/regulation/72"""

REG72_CAPPED = frozenset({"72(1)(b)", "72(1)(c)"})
"""Where each increase is at most 50% of the first value, and a modification notice is published
(reg 72(2), (3))."""

SCHEDULE8_GROUNDS: dict[str, str] = {
    "sch8-para-1": "a change provided for in the contract and its notice (Schedule 8 paragraph 1)",
    "sch8-para-2": "urgency or the protection of life (Schedule 8 paragraph 2)",
    "sch8-para-4": "unforeseeable circumstances (Schedule 8 paragraph 4)",
    "sch8-para-5": "the materialisation of a known risk (Schedule 8 paragraph 5)",
    "sch8-para-7": "additional goods, services or works (Schedule 8 paragraph 7)",
    "sch8-para-8": "a transfer on corporate restructuring (Schedule 8 paragraph 8)",
    "s74-not-substantial": "a modification that is not substantial (s74(1)(b))",
    "s74-below-threshold": "a below-threshold modification (s74(1)(c))",
}
"""Procurement Act 2023 s74 and Schedule 8, permitted modifications.
https://legislation.gov.uk/ukpga/2023/54/schedule/8"""

SCHEDULE8_CAPPED = frozenset({"sch8-para-4", "sch8-para-5", "sch8-para-7"})
"""Schedule 8 grounds whose modification may not raise the estimated value by more than 50%."""

TRANSPARENCY_NOTICE_BASES = frozenset({"pa2023_schedule5", "pa2023_switch_s43"})
"""The direct awards that s44 of the Act puts behind a transparency notice."""

_NAMES = {
    "pa2023_schedule5": "a Schedule 5 paragraph",
    "pcr2015_reg32": "a reg 32 ground",
    "pcr2015": "a reg 72 ground",
    "pa2023": "a Schedule 8 paragraph or s74 ground",
}


def ground_error(value: str | None, table: dict[str, str], basis: str) -> str | None:
    """Why value is not a ground of table (for the basis or regime named), or None."""
    allowed = ", ".join(table)
    what = _NAMES.get(basis, "a ground")
    if value is None:
        return f"required, but missing: give {what} ({allowed}) (see docs/law.md §11)"
    if value not in table:
        return f"must be {what}: one of {allowed} (see docs/law.md §11)"
    return None
