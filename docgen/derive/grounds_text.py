"""The legal grounds of the routes to a contract as a council cites them: 'section 41 of and
paragraph 13 of Schedule 5 to the Procurement Act 2023 (extreme and unavoidable urgency)'.

Read by the route documents (docgen/documents/route_text.py, route_changes.py), the exports and
the facts prose may cite ({award.ground}, docgen/derive/route_facts.py), so that each says the
same. The grounds and their sources: docgen/models/grounds.py, docs/law.md §11.
"""

from __future__ import annotations

import re

from docgen.derive.formatting import ENGLISH
from docgen.derive.language import Words
from docgen.models.changes import Modification
from docgen.models.grounds import REG32_GROUNDS, REG72_GROUNDS, SCHEDULE5_GROUNDS, SCHEDULE8_GROUNDS
from docgen.models.routes import DirectAward, Framework

PA2023 = "the Procurement Act 2023"
PCR2015 = "the Public Contracts Regulations 2015"
REGIMES = {"pa2023": PA2023, "pcr2015": PCR2015}
_PARENTHESIS = re.compile(r"\s\(((?:Schedule|reg|s\d).*)\)\s*$")
_SCHEDULE = re.compile(r"^Schedule (\d+) (paragraphs? .+)$")
_REGULATION = re.compile(r"^reg (\d+\S*)$")
_SECTION = re.compile(r"^s(\d+\S*)$")


def framework_text(framework: Framework, t: Words = ENGLISH) -> str:
    """'the Home Care framework (reference RM6181, Lot 2) run by ESPO'."""
    if framework.lot:
        lot = framework.lot
        lot = lot if lot.casefold().startswith("lot") else t("Lot {number}", number=lot)
        details = t("reference {reference}, {lot}", reference=framework.reference, lot=lot)
    else:
        details = t("reference {reference}", reference=framework.reference)
    name, owner = t.text(framework.name), t.text(framework.owner)
    if "framework" in name.casefold() or "fframwaith" in name.casefold():
        return t("the {name} ({details}) run by {owner}", name=name, details=details, owner=owner)
    return t(
        "the {name} framework ({details}) run by {owner}", name=name, details=details, owner=owner
    )


def direct_ground(award: DirectAward, t: Words = ENGLISH) -> str:
    """The legal ground, as the paper cites it: 'section 41 of and paragraph 13 of Schedule 5
    to the Procurement Act 2023 (extreme and unavoidable urgency)'."""
    if award.basis == "pa2023_switch_s43":
        return t("section 43 of the Procurement Act 2023 (switching to direct award)")
    if award.basis == "framework" and award.framework is not None:
        return t("the terms of {framework}", framework=framework_text(award.framework, t))
    if award.basis == "pcr2015_reg32":
        return cited(award.ground, REG32_GROUNDS, PCR2015, t=t)
    return cited(award.ground, SCHEDULE5_GROUNDS, PA2023, section="41", t=t)


def ground_name(award: DirectAward, t: Words = ENGLISH) -> str:
    """The ground in a few words: 'extreme and unavoidable urgency'."""
    if award.basis == "pa2023_switch_s43":
        return t("switching to direct award (section 43)")
    if award.basis == "framework":
        return t("call-off on the framework's terms")
    table = REG32_GROUNDS if award.basis == "pcr2015_reg32" else SCHEDULE5_GROUNDS
    return ground_words(ground_parts(table[award.ground or ""])[0], t)


def change_ground(record: Modification, t: Words = ENGLISH) -> str:
    """'regulation 72(1)(b) of the Public Contracts Regulations 2015 (additional …)'."""
    if record.regime == "pcr2015":
        return cited(record.ground, REG72_GROUNDS, PCR2015, t=t)
    return cited(record.ground, SCHEDULE8_GROUNDS, PA2023, section="74", t=t)


def change_ground_name(record: Modification, t: Words = ENGLISH) -> str:
    """The ground of a change in a few words: 'additional services by the original supplier'."""
    table = REG72_GROUNDS if record.regime == "pcr2015" else SCHEDULE8_GROUNDS
    return ground_words(ground_parts(table[record.ground])[0], t)


def cited(
    ground: str | None, table: dict[str, str], law: str, section: str = "", t: Words = ENGLISH
) -> str:
    """A ground of one of the tables in docgen/models/grounds.py as a council cites it:
    'paragraph 13 of Schedule 5 to the Procurement Act 2023 (extreme and unavoidable urgency)',
    'regulation 72(1)(b) of the Public Contracts Regulations 2015 (additional …)'; with a
    section, 'section 41 of and paragraph 13 of Schedule 5 to …'. In Welsh the law's name
    mutates after "i" and "o" ("i Ddeddf Caffael 2023"), so each form is one whole message."""
    if ground is None or ground not in table:
        raise ValueError(f"no legal ground {ground!r} (validation lets none through)")
    english, where = ground_parts(table[ground])
    name = ground_words(english, t)
    schedule = _SCHEDULE.match(where)
    if schedule and law == PA2023:
        number, paras = schedule.group(1), _paragraph_words(schedule.group(2), t)
        if section:
            return t(
                "section {section} of and {paragraphs} of Schedule {schedule} to the Procurement "
                "Act 2023 ({name})",
                section=section,
                paragraphs=paras,
                schedule=number,
                name=name,
            )
        return t(
            "{paragraphs} of Schedule {schedule} to the Procurement Act 2023 ({name})",
            paragraphs=paras,
            schedule=number,
            name=name,
        )
    regulation = _REGULATION.match(where)
    if regulation and law == PCR2015:
        return t(
            "regulation {regulation} of the Public Contracts Regulations 2015 ({name})",
            regulation=regulation.group(1),
            name=name,
        )
    section_cite = _SECTION.match(where)
    if section_cite and law == PA2023:
        return t(
            "section {section} of the Procurement Act 2023 ({name})",
            section=section_cite.group(1),
            name=name,
        )
    return f"{law} ({name})"


def _paragraph_words(paras: str, t: Words) -> str:
    """'paragraph 13', 'paragraphs 2 and 3' (as the tables write them) in `t`'s language."""
    if paras.startswith("paragraphs ") and " and " in paras:
        numbers, last = paras.removeprefix("paragraphs ").rsplit(" and ", 1)
        return t("paragraphs {numbers} and {last}", numbers=numbers, last=last)
    return t("paragraph {number}", number=paras.removeprefix("paragraph "))


def ground_parts(description: str) -> tuple[str, str]:
    """('extreme and unavoidable urgency', 'Schedule 5 paragraph 13') from a table's entry."""
    match = _PARENTHESIS.search(description)
    if not match:
        return description, ""
    return description[: match.start()].strip(), match.group(1)


def ground_words(name: str, t: Words = ENGLISH) -> str:
    """A ground's few words (docgen/models/grounds.py, in English) in `t`'s language."""
    if t.lang == "en":
        return name
    return _ground_names(t).get(name, name)


def _ground_names(t: Words) -> dict[str, str]:
    return {
        # Procurement Act 2023 Schedule 5
        "prototypes and development": t("prototypes and development"),
        "a unique work of art or artistic performance": t(
            "a unique work of art or artistic performance"
        ),
        "intellectual property or other exclusive rights, with no reasonable alternative": t(
            "intellectual property or other exclusive rights, with no reasonable alternative"
        ),
        "an absence of competition for technical reasons, with no reasonable alternative": t(
            "an absence of competition for technical reasons, with no reasonable alternative"
        ),
        "additional or repeat goods, services or works": t(
            "additional or repeat goods, services or works"
        ),
        "a new contract for similar works or services, allowed by the first contract's tender "
        "notice": t(
            "a new contract for similar works or services, allowed by the first contract's "
            "tender notice"
        ),
        "goods bought on a commodity market": t("goods bought on a commodity market"),
        "particularly advantageous terms on an insolvency": t(
            "particularly advantageous terms on an insolvency"
        ),
        "extreme and unavoidable urgency": t("extreme and unavoidable urgency"),
        "a user choice contract": t("a user choice contract"),
        # Public Contracts Regulations 2015 reg 32
        "no tenders, or no suitable tenders, in an open or restricted procedure": t(
            "no tenders, or no suitable tenders, in an open or restricted procedure"
        ),
        "only one operator can supply: a unique work of art, an absence of competition for "
        "technical reasons, or exclusive rights": t(
            "only one operator can supply: a unique work of art, an absence of competition for "
            "technical reasons, or exclusive rights"
        ),
        "extreme urgency brought about by events the authority could not foresee": t(
            "extreme urgency brought about by events the authority could not foresee"
        ),
        "supplies made purely for research, experiment, study or development": t(
            "supplies made purely for research, experiment, study or development"
        ),
        "additional deliveries by the original supplier": t(
            "additional deliveries by the original supplier"
        ),
        "supplies quoted and bought on a commodity market": t(
            "supplies quoted and bought on a commodity market"
        ),
        "supplies on particularly advantageous terms from a business closing down": t(
            "supplies on particularly advantageous terms from a business closing down"
        ),
        "a service contract that follows a design contest": t(
            "a service contract that follows a design contest"
        ),
        "new works or services repeating similar ones, foreseen in the first notice, within "
        "three years": t(
            "new works or services repeating similar ones, foreseen in the first notice, within "
            "three years"
        ),
        # Public Contracts Regulations 2015 reg 72
        "a change provided for by clear review clauses": t(
            "a change provided for by clear review clauses"
        ),
        "additional works, services or supplies from the original contractor": t(
            "additional works, services or supplies from the original contractor"
        ),
        "a change made necessary by circumstances the authority could not foresee": t(
            "a change made necessary by circumstances the authority could not foresee"
        ),
        "a new contractor in place of the original one": t(
            "a new contractor in place of the original one"
        ),
        "a change that is not substantial": t("a change that is not substantial"),
        "a de minimis change: below the threshold and under 10% (services, supplies) or 15% "
        "(works) of the first value": t(
            "a de minimis change: below the threshold and under 10% (services, supplies) or 15% "
            "(works) of the first value"
        ),
        # Procurement Act 2023 s74 and Schedule 8
        "a change provided for in the contract and its notice": t(
            "a change provided for in the contract and its notice"
        ),
        "urgency or the protection of life": t("urgency or the protection of life"),
        "unforeseeable circumstances": t("unforeseeable circumstances"),
        "the materialisation of a known risk": t("the materialisation of a known risk"),
        "additional goods, services or works": t("additional goods, services or works"),
        "a transfer on corporate restructuring": t("a transfer on corporate restructuring"),
        "a modification that is not substantial": t("a modification that is not substantial"),
        "a below-threshold modification": t("a below-threshold modification"),
    }
