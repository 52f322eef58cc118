"""The public notice that stands in for an exempt appendix, and the title block every appendix shares.

Whatever its source, an appendix the decision calls exempt (docgen/documents/exemption.py) is
built only as an exempt edition, into <decision>/exempt/; the public folder and the public agenda
pack get this notice in its place (docs/law.md §4: exempt documents stay out of the public pack,
R10). Its context is built from the decision alone and has no field that could hold a score, a
price or a supplier's name.
"""

from __future__ import annotations

from typing import Literal

from docgen.derive.facts import decision_maker_title
from docgen.documents.common import Bundle, Context, Meta, language_meta, status_label
from docgen.documents.exemption import exempt_appendices, marking_words, notice_text
from docgen.models import Decision

Edition = Literal["public", "exempt", "notice"]


class AppendixNoticeContext(Context):
    """The public stand-in for an exempt appendix: a notice and nothing else."""

    meta: Meta
    """Title, status, date, record hash and footer."""
    letter: str
    """The exempt appendix's letter: "B"."""
    heading: str
    """The appendix's heading: "Appendix B: Evaluation summary" (its letter and title)."""
    subtitle: str
    """The decision, its maker and date: "Carers Support Service – Contract Award: Director of
    Social Services, 10 March 2026"."""
    notice: str
    """The notice, one sentence: "Appendix B: Evaluation summary is not for publication by virtue
    of paragraphs 14 and 21 of Parts 4 and 5 of Schedule 12A to the Local Government Act
    1972."."""


def build(bundle: Bundle, appendix_id: str) -> AppendixNoticeContext:
    """The public notice in place of the decision's exempt appendix `appendix_id`."""
    decision = bundle.decision
    if decision is None:
        raise ValueError("an appendix notice needs a decision")
    t = bundle.words
    nation = bundle.council.nation
    found = [e for e in exempt_appendices(decision, nation, t) if e[1].id == appendix_id]
    if not found:
        raise ValueError(f"decision {decision.id} has no exempt appendix {appendix_id!r}")
    letter, appendix, why = found[0]
    heading = t("Appendix {letter}: {title}", letter=letter, title=t.text(appendix.title))
    return AppendixNoticeContext(
        meta=appendix_meta(bundle, letter, heading, "notice"),
        letter=letter,
        heading=heading,
        subtitle=appendix_subtitle(bundle),
        notice=notice_text(letter, appendix, why, nation, t) + ".",
    )


def appendix_meta(bundle: Bundle, letter: str, heading: str, edition: Edition) -> Meta:
    """An appendix's Meta: its title names the edition ("(exempt)", "(notice)"), and an exempt
    edition's footer starts "NOT FOR PUBLICATION · "."""
    decision = _decision(bundle)
    t = bundle.words
    council = t.text(bundle.council.name)
    title = t.text(decision.title)
    label = status_label(decision.status, bool(decision.revisions), t)
    appendix = t("Appendix {letter}", letter=letter)
    footer = f"{council} · {title} · {appendix} · {label}"
    if edition == "exempt":
        document_title = t("{title} – {heading} (exempt)", title=title, heading=heading)
        footer = f"{marking_words(t)} · {footer}"
    elif edition == "notice":
        document_title = t("{title} – {heading} (notice)", title=title, heading=heading)
    else:
        document_title = t("{title} – {heading}", title=title, heading=heading)
    return Meta(
        council_name=council,
        document_title=document_title,
        status_label=label,
        is_draft=decision.status == "draft",
        date_text=t.date(decision.decision_date),
        record_sha256=bundle.sha256(),
        footer=footer,
        **language_meta(t),
    )


def appendix_subtitle(bundle: Bundle) -> str:
    """'Carers Support Service – Contract Award: Director of Social Services, 10 March 2026'."""
    decision = _decision(bundle)
    t = bundle.words
    maker = decision_maker_title(decision, bundle.council, t)
    return f"{t.text(decision.title)}: {maker}, {t.date(decision.decision_date)}"


def _decision(bundle: Bundle) -> Decision:
    if bundle.decision is None:
        raise ValueError("an appendix needs a decision")
    return bundle.decision
