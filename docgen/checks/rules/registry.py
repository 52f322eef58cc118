"""Every rule of docs/law.md §10 in id order: those checked here, and why the others are not."""

from __future__ import annotations

from docgen.checks.rules import (
    agreement,
    content,
    evaluation,
    exports,
    governance,
    language,
    letters,
    paper_text,
    routes,
    terms,
    truth,
    unfinished,
    values,
    wales,
)
from docgen.checks.rules import exempt as exempt_rules
from docgen.checks.rules.base import Rule

_CORE = "the core checks of every validate, in docgen.consistency"

_ELSEWHERE = (
    Rule(
        "R2",
        "error",
        "Initial term + extensions = maximum term (4 + 2 + 2 = 8)",
        "https://opengovernment.network/decisions/161324",
        elsewhere=_CORE,
    ),
    Rule(
        "R20",
        "error",
        "All award letters for one procurement share one send date; standstill runs from it",
        "https://www.procurementportal.com/toolkit/award-letter",
        elsewhere="the record shape: one notification.send_date per award, from which every "
        "letter and the standstill are computed",
    ),
)

_NOT_CHECKED = (
    Rule(
        "R8",
        "error",
        "England only (2012 Regs reg 5; no Welsh counterpart): a private/exempt item has 28- "
        "and 5-clear-day private-meeting notices, or an urgency agreement",
        "https://www.legislation.gov.uk/uksi/2012/2089/regulation/5/data.xht?view=snippet&wrap=true",
        needs="the dates of the reg 5 private-meeting notices, which decision records do not hold",
    ),
    Rule(
        "R10",
        "error",
        "Exempt appendices are absent from the public pack and the background papers list",
        "https://legislation.gov.uk/ukpga/1972/70/section/100D/2000-10-01?view=plain+extent",
        needs="the built public pack: a check of the outputs, not the records",
    ),
    Rule(
        "R21",
        "error",
        "Multi-supplier framework: each unsuccessful letter gives the details of every "
        "successful supplier in the Lot",
        "https://www.procurementportal.com/toolkit/award-letter",
        needs="the generated letters (the records hold every supplier's name and scores)",
    ),
    Rule(
        "R22",
        "error",
        "A successful letter avoids acceptance language ('subject to contract and standstill')",
        "https://www.procurementportal.com/toolkit/award-letter",
        needs="the generated letters' wording",
    ),
    Rule(
        "R25",
        "error",
        "PSR standstill: representations until the end of the 8th working day after the day "
        "after the notice; stated dates that differ are flagged",
        "https://legislation.gov.uk/uksi/2023/1348/regulation/12/made",
        needs="a PSR award and its notice of intention date; award records know only pcr2015 "
        "and pa2023",
    ),
    Rule(
        "R28",
        "error",
        "The appendix Lot table equals the OCDS awards × suppliers × relatedLots projection",
        "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json",
        needs="the OCDS release to compare with; the records are the only source today",
    ),
    Rule(
        "R34",
        "error",
        "PDF output is tagged, titled, en-GB, with nested headings, table headers and alt text",
        "https://w3.org/WAI/WCAG22/Techniques/pdf/PDF16.html",
        needs="the built PDFs: a check of the outputs, not the records",
    ),
    Rule(
        "R35",
        "error",
        "An HTML (or other accessible) version accompanies every PDF",
        "https://guidance.publishing.service.gov.uk/writing-to-gov-uk-standards/create-accessible-content/make-content-accessible",
        needs="the built outputs: a check of the build, not the records",
    ),
)

RULES: list[Rule] = sorted(
    [
        *terms.RULES,
        *evaluation.RULES,
        *governance.RULES,
        *content.RULES,
        *paper_text.RULES,
        *letters.RULES,
        *truth.RULES,
        *exports.RULES,
        *unfinished.RULES,
        *agreement.RULES,
        *exempt_rules.RULES,
        *routes.RULES,
        *values.RULES,
        *wales.RULES,
        *language.RULES,
        *_ELSEWHERE,
        *_NOT_CHECKED,
    ],
    key=lambda rule: rule.number,
)
"""Every rule, in id order (sorting is stable, so R9's error entry comes before its warning)."""

RULE_IDS = frozenset(rule.id for rule in RULES)
