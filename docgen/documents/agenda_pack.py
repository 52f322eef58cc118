"""The agenda pack's context: a front sheet and the contexts of the documents it holds.

templates/agenda_pack.typ lays each document out with its kind's function (lib/<kind>.typ)
from the very context the document itself is built from, so the pack reads as the documents
do; docgen/exchange/pack.py gathers them. The pack's own words (front sheet, "Pack page N of
M") are in the pack's language: its first document's.
"""

from __future__ import annotations

from typing import Any

from docgen.derive.language import Words
from docgen.documents.common import Context, Meta
from docgen.models import Council, Decision


class PackLabels(Context):
    """The fixed words the pack prints, in its language."""

    document: str
    """The contents table's first column heading: "Document"."""
    pack_page: str
    """The contents table's second column heading: "Pack page"."""
    pack_page_label: str
    """The word before the pack's page number in every footer: "Pack page"."""
    of: str
    """The word between the pack's page number and its number of pages: "of"."""


class PackDocument(Context):
    """One document of the pack, in pack order."""

    kind: str
    """The document's kind, which names its layout function: "cabinet_paper"."""
    title: str
    """What the contents list calls it: "Cabinet report", "Appendix A: Suppliers appointed to
    each Lot"."""
    other_title: str | None
    """Its name in the pack's second language, for a council that publishes both in one file
    ("Cabinet report" under "Adroddiad y Cabinet"); None otherwise."""
    bookmarks: list[str | None]
    """For each part (one, or a bilingual document's two), what its bookmark says before its
    title ("Cabinet report"), in the part's language; None where the title says it ("Appendix
    A: …")."""
    context: dict[str, Any]
    """The document's own context, as the document is built from it (one context, or a
    bilingual document's {"parts": [...]})."""


class PackWords(Context):
    """The front sheet's words in the pack's second language (a council that publishes both
    languages in one file): printed under the first language's, in that language."""

    lang: str
    """The language, as BCP 47: "en-GB"."""
    labels: PackLabels
    """The fixed words, in this language."""
    heading: str
    """ "Agenda pack" or "Exempt agenda pack"."""
    title: str
    """The item's title in this language."""
    meeting: str
    """The meeting and its date in this language."""
    item: str | None
    """The agenda item in this language; None if the record gives none."""


class AgendaPack(Context):
    """One decision's agenda pack, public or exempt."""

    meta: Meta
    """The pack's metadata: its first document's, titled as the pack ("… – agenda pack")."""
    labels: PackLabels
    """The pack's fixed words."""
    heading: str
    """What the front sheet calls the pack: "Agenda pack" or "Exempt agenda pack"."""
    title: str
    """The item's title: the decision's title."""
    meeting: str
    """The meeting and its date: "Cabinet – Tuesday 22 July 2025"."""
    item: str | None
    """The agenda item: "Agenda item 7"; None if the meeting's record gives none."""
    markings: list[str]
    """What marks an exempt pack's documents, each wording once: "NOT FOR PUBLICATION by virtue
    of paragraph 3 of Part 1 of Schedule 12A …", printed on the front sheet; empty for a public
    pack."""
    other: PackWords | None
    """The front sheet's words in the second language of a bilingual pack; None when the pack's
    documents are in one language."""
    documents: list[PackDocument]
    """The documents, in pack order: the paper, its appendices in letter order (the notice for
    each exempt one), the decision notice; an exempt pack holds the exempt documents only."""


def pack_context(
    decision: Decision,
    council: Council,
    documents: list[PackDocument],
    first_meta: dict[str, Any],
    words: list[Words],
    exempt: bool,
) -> AgendaPack:
    """The pack of `documents` (each with its own context) in the pack's languages (words: the
    first language's, then a bilingual pack's second); first_meta is the first document's meta
    (its first part's, for a bilingual document), whose status and hash the pack keeps."""
    t = words[0]
    first = _words(decision, council, t, exempt)
    title = t.text(decision.title)
    if exempt:
        document_title = t("{title} – exempt agenda pack", title=title)
    else:
        document_title = t("{title} – agenda pack", title=title)
    meta = Meta.model_validate(first_meta)
    parts = [meta.council_name, title, first.heading, meta.status_label]
    footer = " · ".join(([t("NOT FOR PUBLICATION")] if exempt else []) + parts)
    return AgendaPack(
        meta=meta.model_copy(update={"document_title": document_title, "footer": footer}),
        labels=first.labels,
        heading=first.heading,
        title=first.title,
        meeting=first.meeting,
        item=first.item,
        markings=_markings(documents) if exempt else [],
        other=_words(decision, council, words[1], exempt) if len(words) > 1 else None,
        documents=documents,
    )


def _words(decision: Decision, council: Council, t: Words, exempt: bool) -> PackWords:
    """The front sheet's words in one language."""
    meeting = decision.meeting
    when = t.date(meeting.date if meeting else decision.decision_date, True)
    name = t.text(meeting.name) if meeting else council.name
    return PackWords(
        lang=t.tag,
        labels=PackLabels(
            document=t("Document"),
            pack_page=t("Pack page"),
            pack_page_label=t("Pack page"),
            of=t("of"),
        ),
        heading=t("Exempt agenda pack") if exempt else t("Agenda pack"),
        title=t.text(decision.title),
        meeting=t("{meeting} – {date}", meeting=name, date=when),
        item=_item(meeting.agenda_item if meeting else None, t),
    )


def _item(item: str | None, t: Words) -> str | None:
    """ "Agenda item 7" from the meeting's agenda_item "7" (or "7a")."""
    return t("Agenda item {item}", item=t.text(item)) if item else None


def _markings(documents: list[PackDocument]) -> list[str]:
    """Each exempt document's marking (each part's, in a bilingual document), each once."""
    found: list[str] = []
    for document in documents:
        context = document.context
        for part in [context] if "meta" in context else context["parts"]:
            marking = part.get("marking")
            if isinstance(marking, str) and marking not in found:
                found.append(marking)
    return found
