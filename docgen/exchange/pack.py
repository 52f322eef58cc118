"""Agenda packs (`docgen pack`): each decision's published documents as one tagged PDF.

<decision>/agenda-pack.pdf holds a front sheet (council, meeting, the item, its contents with
the pack page each document starts on), the public paper, its public appendices in letter order
(with the notice that stands in for each exempt appendix) and the decision notice;
<decision>/exempt/agenda-pack-exempt.pdf holds the exempt documents, so that nothing exempt
sits beside the public pack. Which is which is what planning decided from the decision's own
record (a document in an exempt/ folder), never a property of a kind.

A pack is composed, not merged: templates/agenda_pack.typ lays each document out with its
kind's function from the same context the document is built from (the build's jobs), so a pack
is always as current as its records and never reads a finished PDF. One structure tree: the
front sheet's title, then each document's title as a level-1 heading (its bookmark) with its
headings nested below; every page shows the document's own "Page X of Y" and the pack's "Pack
page N of M". Tagged PDF/UA-1 and PDF/A-3a, /Lang from the first document, reproducible bytes
(the documents' fixed timestamp).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.build.engine import DEFAULT_TEMPLATES, Job
from docgen.build.papers import is_exempt, paper_jobs
from docgen.build.writer import OutputWriter, open_output
from docgen.derive.language import Words, words_for
from docgen.documents.agenda_pack import PackDocument, pack_context
from docgen.documents.common import Meta
from docgen.documents.kinds import EXEMPT_FOLDER, kind
from docgen.errors import UsageError
from docgen.models.language import Localised
from docgen.records.loading import Records
from docgen.render.pdf import FONTS, TypstRenderer

PACK = "agenda-pack.pdf"
EXEMPT_PACK = "agenda-pack-exempt.pdf"
TEMPLATE = "agenda_pack.typ"


@dataclass(frozen=True)
class Part:
    """One document of a pack: what the contents call it, its kind, the document's own file
    (where `docgen build` writes it) and its number of pages in the pack."""

    title: str
    kind: str
    source: PurePosixPath
    pages: int


@dataclass(frozen=True)
class Pack:
    decision: str
    path: Path
    parts: list[Part]
    pages: int


@dataclass
class PackReport:
    packs: list[Pack] = field(default_factory=list)


def build_packs(records: Records, out_dir: Path, decisions: Sequence[str] = ()) -> PackReport:
    """Every decision's public pack and, if it has exempt documents, its exempt pack, written by
    the output folder's one writer."""
    jobs = paper_jobs(records, formats=("pdf",))
    wanted = sorted(records.decisions) if not decisions else list(decisions)
    for decision_id in wanted:
        if not any(j.stem.parts[0] == decision_id for j in jobs):
            raise UsageError(f"no decision has the id {decision_id!r}")
    report = PackReport()
    with open_output(out_dir) as out:
        for decision_id in wanted:
            public, exempt = _parts(decision_id, jobs)
            folder = PurePosixPath(decision_id)
            report.packs.append(_write(records, decision_id, out, folder / PACK, public, False))
            if exempt:
                rel = folder / EXEMPT_FOLDER / EXEMPT_PACK
                report.packs.append(_write(records, decision_id, out, rel, exempt, True))
    return report


def _parts(decision_id: str, jobs: list[Job]) -> tuple[list[Job], list[Job]]:
    """(public, exempt) documents of one decision, in pack order."""
    mine = sorted((j for j in jobs if j.stem.parts[0] == decision_id and _in_pack(j)), key=_order)
    return [j for j in mine if not is_exempt(j)], [j for j in mine if is_exempt(j)]


def _in_pack(job: Job) -> bool:
    return kind(job.kind).pack_place is not None


def _order(job: Job) -> tuple[int, str]:
    """By the kind's place in the pack (paper, appendices, decision notice), then file name."""
    return kind(job.kind).pack_place or 0, job.stem.name


def _write(
    records: Records,
    decision_id: str,
    out: OutputWriter,
    rel: PurePosixPath,
    jobs: list[Job],
    exempt: bool,
) -> Pack:
    decision = records.decisions[decision_id]
    council = records.councils[decision.council]
    contexts = [json.loads(job.context_json) for job in jobs]
    first = _first_meta(contexts[0])
    # the pack's languages: its first document's parts' (a bilingual council's two)
    words = [_words_of(part) for part in _parts_of(contexts[0])]
    documents = [
        PackDocument(
            kind=job.kind,
            title=_name(_parts_of(context), words[0], decision.title),
            other_title=_name(_parts_of(context), words[1], decision.title)
            if len(words) > 1
            else None,
            bookmarks=[_bookmark(part, decision.title) for part in _parts_of(context)],
            context=context,
        )
        for job, context in zip(jobs, contexts, strict=True)
    ]
    pack = pack_context(decision, council, documents, first, words, exempt)
    data = json.dumps(pack.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)
    pdf = _renderer(DEFAULT_TEMPLATES).render(data, jobs[0].created)
    target = out.write(rel, pdf)
    total, starts = _pages(_renderer(DEFAULT_TEMPLATES))
    ends = [*starts[1:], total + 1]
    parts = [
        Part(d.title, d.kind, job.output("pdf"), end - start)
        for d, job, start, end in zip(documents, jobs, starts, ends, strict=True)
    ]
    return Pack(decision_id, target, parts, total)


@cache
def _renderer(templates: Path) -> TypstRenderer:
    """One compiler for the pack's template per process."""
    return TypstRenderer(templates / TEMPLATE, templates / FONTS)


def _parts_of(context: dict[str, Any]) -> list[dict[str, Any]]:
    """A document's contexts: its one, or a bilingual document's {"parts": [...]} (as
    lib/docgen.typ's parts-of: a context has "meta"; a route notice has "parts" of its own)."""
    parts: list[dict[str, Any]] = [context] if "meta" in context else context["parts"]
    return parts


def _words_of(part: dict[str, Any]) -> Words:
    """The wording of a context's language (its meta.lang)."""
    return words_for("cy" if str(part["meta"].get("lang", "en-GB")).startswith("cy") else "en")


def _name(parts: list[dict[str, Any]], t: Words, decision_title: Localised | str) -> str:
    """What a document is called in t's language ("Cabinet report"): from its part in that
    language (its first part if it has none)."""
    part = next((p for p in parts if p["meta"].get("lang", "en-GB") == t.tag), parts[0])
    return _short(part["meta"]["document_title"], _words_of(part).text(decision_title))


def _bookmark(part: dict[str, Any], decision_title: Localised | str) -> str | None:
    """What the part's bookmark says before its printed title: the document's name ("Cabinet
    report", in the part's language), unless the printed title is that name."""
    name = _short(part["meta"]["document_title"], _words_of(part).text(decision_title))
    printed = part.get("title") or part.get("heading")
    return None if printed and name.startswith(printed) else name


def _first_meta(context: dict[str, Any]) -> dict[str, Any]:
    """The meta of a context, or of a bilingual document's first part, as Meta has it."""
    meta = _parts_of(context)[0]["meta"]
    return {k: v for k, v in meta.items() if k in Meta.model_fields}


def _short(document_title: str, decision_title: str) -> str:
    """'Appendix A: Suppliers…' from '<decision title> – Appendix A: Suppliers…'."""
    short = document_title.removeprefix(f"{decision_title} – ").strip() or document_title
    return short[:1].upper() + short[1:]


def _pages(renderer: TypstRenderer) -> tuple[int, list[int]]:
    """The number of pages of the pack just compiled, and the page (from 1) each document
    starts on: what the template's <docgen-pack-pages> metadata says (a query of the compiled
    document, no PDF read back)."""
    found = json.loads(renderer.compiler.query("<docgen-pack-pages>", field="value", one=True))
    return int(found["pages"]), [int(page) for page in found["starts"]]
