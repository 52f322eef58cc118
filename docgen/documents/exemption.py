"""Which appendices of a decision are exempt, and the words every document marks them with.

The decision's record says which appendices are exempt (`appendices[].exempt`, with its Schedule
12A paragraphs and public interest test). The scores appendix is exempt even when its record
gives no exemption: scores and prices of named bidders are "financial or business affairs of
any particular person", paragraph 3 of Part 1 in England and paragraph 14 of Part 4 in Wales
(docs/law.md §4, §11.3). Every document asks this module, so the paper's classification, the
decision notice, the exempt editions, the public notices, the build's folders and the audit
agree on what is exempt. Each function takes the council's nation: there is no default; and the
wording's language, `t` (docgen.derive.language.Words), English by default (the notices catalogue).
"""

from __future__ import annotations

from docgen.derive.language import Words
from docgen.derive.numbering import appendix_letter
from docgen.documents.common import ENGLISH, exemption_text
from docgen.models import Decision
from docgen.models.decision import Appendix, Exemption

SCORES_SOURCE = "award_scores"
MARKING = "NOT FOR PUBLICATION"
BUSINESS_AFFAIRS = {"england": 3, "wales": 14}
"""The paragraph for "financial or business affairs of any particular person", by nation."""


def appendix_exemption(appendix: Appendix, nation: str, t: Words = ENGLISH) -> Exemption | None:
    """The appendix's own exemption; for a scores appendix that gives none, the nation's
    business-affairs paragraph (its public interest test worded in `t`'s language); None for
    an appendix that is open."""
    if appendix.exempt is not None:
        return appendix.exempt
    if appendix.source == SCORES_SOURCE:
        return Exemption(
            paragraphs=[BUSINESS_AFFAIRS[nation]], public_interest=scores_public_interest(t)
        )
    return None


def scores_public_interest(t: Words = ENGLISH) -> str:
    """Why a scores appendix stays exempt when its record says nothing: the public interest test
    for the scores and prices of named bidders."""
    return t(
        "The appendix contains the scores and prices of named bidders. The public interest in "
        "keeping it exempt outweighs the public interest in disclosure, because publication "
        "would prejudice the bidders' commercial interests and the Council's ability to obtain "
        "best value in future procurements."
    )


def exempt_appendices(
    decision: Decision, nation: str, t: Words = ENGLISH
) -> list[tuple[str, Appendix, Exemption]]:
    """Each exempt appendix of the decision with its letter (as the paper lists it) and why."""
    found = []
    for position, appendix in enumerate(decision.appendices, start=1):
        why = appendix_exemption(appendix, nation, t)
        if why is not None:
            found.append((appendix_letter(position), appendix, why))
    return found


def source_exemption(
    decision: Decision, source: str, nation: str, t: Words = ENGLISH
) -> Exemption | None:
    """Why the decision's appendix of that source (award_suppliers, award_scores) is exempt;
    None when it is open or the decision has none."""
    for appendix in decision.appendices:
        if appendix.source == source:
            return appendix_exemption(appendix, nation, t)
    return None


def marking(why: Exemption, nation: str, t: Words = ENGLISH) -> str:
    """Every page of an exempt edition: 'NOT FOR PUBLICATION by virtue of paragraph 3 of Part 1
    of Schedule 12A to the Local Government Act 1972' ('NID I'W GYHOEDDI yn rhinwedd …')."""
    cited = exemption_text(why.paragraphs, nation, t)
    return t("NOT FOR PUBLICATION by virtue of {cited}", cited=cited)


def marking_words(t: Words = ENGLISH) -> str:
    """MARKING in `t`'s language: 'NOT FOR PUBLICATION' / 'NID I'W GYHOEDDI'."""
    return t("NOT FOR PUBLICATION")


def notice_text(
    letter: str, appendix: Appendix, why: Exemption, nation: str, t: Words = ENGLISH
) -> str:
    """'Appendix B: Evaluation scores for each Lot is not for publication by virtue of …'."""
    cited = exemption_text(why.paragraphs, nation, t)
    return t(
        "Appendix {letter}: {title} is not for publication by virtue of {cited}",
        letter=letter,
        title=t.text(appendix.title),
        cited=cited,
    )
