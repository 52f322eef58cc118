"""The legal grounds of the routes to a contract as a council cites them: 'section 41 of and
paragraph 13 of Schedule 5 to the Procurement Act 2023 (extreme and unavoidable urgency)'.

Read by the route documents (docgen/documents/route_text.py, route_changes.py), the exports and
the facts prose may cite ({award.ground}, docgen/derive/route_facts.py), so that each says the
same. The grounds and their sources: docgen/models/grounds.py, docs/law.md §11.
"""

from __future__ import annotations

import re

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


def framework_text(framework: Framework) -> str:
    """'the Home Care framework (reference RM6181, Lot 2) run by ESPO'."""
    inner = f"reference {framework.reference}"
    if framework.lot:
        lot = framework.lot
        inner += f", {lot if lot.casefold().startswith('lot') else 'Lot ' + lot}"
    name = framework.name
    if "framework" not in name.casefold():
        name += " framework"
    return f"the {name} ({inner}) run by {framework.owner}"


def direct_ground(award: DirectAward) -> str:
    """The legal ground, as the paper cites it: 'section 41 of and paragraph 13 of Schedule 5
    to the Procurement Act 2023 (extreme and unavoidable urgency)'."""
    if award.basis == "pa2023_switch_s43":
        return "section 43 of the Procurement Act 2023 (switching to direct award)"
    if award.basis == "framework" and award.framework is not None:
        return f"the terms of {framework_text(award.framework)}"
    if award.basis == "pcr2015_reg32":
        return cited(award.ground, REG32_GROUNDS, PCR2015)
    return cited(award.ground, SCHEDULE5_GROUNDS, PA2023, section="41")


def ground_name(award: DirectAward) -> str:
    """The ground in a few words: 'extreme and unavoidable urgency'."""
    if award.basis == "pa2023_switch_s43":
        return "switching to direct award (section 43)"
    if award.basis == "framework":
        return "call-off on the framework's terms"
    table = REG32_GROUNDS if award.basis == "pcr2015_reg32" else SCHEDULE5_GROUNDS
    return ground_parts(table[award.ground or ""])[0]


def change_ground(record: Modification) -> str:
    """'regulation 72(1)(b) of the Public Contracts Regulations 2015 (additional …)'."""
    if record.regime == "pcr2015":
        return cited(record.ground, REG72_GROUNDS, PCR2015)
    return cited(record.ground, SCHEDULE8_GROUNDS, PA2023, section="74")


def change_ground_name(record: Modification) -> str:
    """The ground of a change in a few words: 'additional services by the original supplier'."""
    table = REG72_GROUNDS if record.regime == "pcr2015" else SCHEDULE8_GROUNDS
    return ground_parts(table[record.ground])[0]


def cited(ground: str | None, table: dict[str, str], law: str, section: str = "") -> str:
    """A ground of one of the tables in docgen/models/grounds.py as a council cites it:
    'paragraph 13 of Schedule 5 to the Procurement Act 2023 (extreme and unavoidable urgency)',
    'regulation 72(1)(b) of the Public Contracts Regulations 2015 (additional …)'; with a
    section, 'section 41 of and paragraph 13 of Schedule 5 to …'."""
    if ground is None or ground not in table:
        raise ValueError(f"no legal ground {ground!r} (validation lets none through)")
    name, where = ground_parts(table[ground])
    schedule = _SCHEDULE.match(where)
    if schedule:
        number, paras = schedule.group(1), schedule.group(2)
        of = f"section {section} of and " if section else ""
        return f"{of}{paras} of Schedule {number} to {law} ({name})"
    regulation = _REGULATION.match(where)
    if regulation:
        return f"regulation {regulation.group(1)} of {law} ({name})"
    section_cite = _SECTION.match(where)
    if section_cite:
        return f"section {section_cite.group(1)} of {law} ({name})"
    return f"{law} ({name})"


def ground_parts(description: str) -> tuple[str, str]:
    """('extreme and unavoidable urgency', 'Schedule 5 paragraph 13') from a table's entry."""
    match = _PARENTHESIS.search(description)
    if not match:
        return description, ""
    return description[: match.start()].strip(), match.group(1)
