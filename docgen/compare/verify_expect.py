"""What a finished document should say: the Word file docgen builds from the record now, read
back place by place, for each of the decision's documents the file holds.

Which documents a file holds: the one whose title the file carries (docgen writes the document's
title into the .docx and PDF properties, and LibreOffice keeps it), or the one named with
``--kind``, and any other of the decision's documents whose opening lines (its title and
subtitle) the file contains, in the order they come: a paper with its Appendix A pasted in
holds both. Failing all of those, the document whose opening the file starts with.

Rendering a decision's Word files takes a few hundredths of a second each (docxtpl, in memory);
what a paper must state is then exactly what `docgen build` would write, and the same reader
reads it and the finished file.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import PurePosixPath

from docgen import resources
from docgen.build.engine import Job
from docgen.build.papers import paper_jobs
from docgen.compare.verify_read import Paper, Stream, block_stream
from docgen.compare.verify_text import Tokenizer
from docgen.derive.facts import build_facts
from docgen.documents.common import Bundle
from docgen.errors import UsageError
from docgen.models import Decision
from docgen.readback.pdftext import flat_keys
from docgen.readback.word import Block, read_blocks
from docgen.records.loading import Records
from docgen.render.docx import DocxFormat

OPENING = slice(1, 3)
"""Which of a document's first paragraphs make its opening: its title and subtitle (not the
council's name above them, which a merged pack may repeat at the top of each document, and a
reader may take for a running header)."""
MORE = 1.2
"""A file this much longer than the document its title names may hold others as well: only
then are the decision's other documents built to look for their openings in it."""


@dataclass(frozen=True)
class Expected:
    """One of the decision's documents as docgen builds it now."""

    job: Job

    @property
    def kind(self) -> str:
        return self.job.kind

    @property
    def title(self) -> str:
        return self.job.title

    @cached_property
    def blocks(self) -> list[Block]:
        renderer = DocxFormat(resources.templates(), self.job.kind)
        return read_blocks(renderer.render(self.job))

    @cached_property
    def keys(self) -> str:
        return flat_keys(" ".join(b.text for b in self.blocks))

    @cached_property
    def opening(self) -> str:
        texts = [b.text for b in self.blocks if b.table is None and b.text.strip()]
        return flat_keys(" ".join(texts[OPENING]))


def names(bundle: Bundle) -> list[str]:
    """The names the record gives that a document states as they are: the bidders, the Lots'
    and sub-categories' titles, the criteria."""
    award = bundle.award
    if award is None:
        return []
    found = [b.name for b in award.bidders] + [c.name for c in award.criteria]
    for lot in award.lots:
        found += [lot.title, *(s.title for s in lot.sub_categories)]
        found += [c.name for c in lot.criteria or []]
    return found


def documents(decision: Decision, records: Records) -> list[Expected]:
    """Every document the decision makes (its paper, appendices, notices, decision notice)."""
    alone = replace(records, decisions={decision.id: decision})  # not the others' contexts
    jobs = paper_jobs(alone, formats=("docx",))
    return [Expected(j) for j in jobs if j.stem.parts[0] == decision.id]


def held(paper: Paper, candidates: list[Expected], kind: str | None = None) -> list[Expected]:
    """The documents the file holds, in the order they come in it (see the module's doc)."""
    keys = paper.keys
    first: Expected | None = None
    if kind is not None:
        of_kind = [e for e in candidates if kind in (e.kind, e.job.stem.name)]
        if not of_kind:
            known = ", ".join(sorted({e.kind for e in candidates}))
            raise UsageError(f"--kind {kind}: the decision makes no such document ({known})")
        first = of_kind[0] if len(of_kind) == 1 else None
        candidates = of_kind if first is None else candidates
    elif paper.title:
        first = next((e for e in candidates if e.title == " ".join(paper.title.split())), None)
    if first is not None and len(keys) <= len(first.keys) * MORE:
        return [first]  # no longer than the document itself: it holds no other
    placed = {e.job.stem: keys.find(e.opening) if e.opening else -1 for e in candidates}
    start = placed[first.job.stem] if first is not None else -1
    others = [e for e in candidates if e is not first and placed[e.job.stem] > start]
    others = _best_at_each_place(others, placed, keys)
    if first is None and not others:
        raise UsageError(
            "cannot tell which of the decision's documents this file is (its title is "
            f"{paper.title!r}); give --kind with one of "
            + ", ".join(sorted({e.kind for e in candidates}))
        )
    return ([first] if first is not None else []) + others


def _best_at_each_place(
    found: list[Expected], placed: dict[PurePosixPath, int], keys: str
) -> list[Expected]:
    """One document at each place, in the order they come: where two open alike (an exempt
    appendix and the notice standing in for it), the one whose words go on alike for longest."""
    best: dict[int, tuple[int, Expected]] = {}
    for e in found:
        at = placed[e.job.stem]
        length = _common_words(e.keys[e.keys.find(e.opening) :], keys[at:])
        if at not in best or length > best[at][0]:
            best[at] = (length, e)
    return [best[at][1] for at in sorted(best)]


def _common_words(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a.split(" "), b.split(" "), strict=False):
        if x != y:
            break
        count += 1
    return count


def expected_stream(held_documents: list[Expected], tokenizer: Tokenizer) -> Stream:
    """The tokens of the documents the file holds, one after another."""
    stream = Stream()
    for document in held_documents:
        block_stream(document.blocks, tokenizer, document.title, stream)
    return stream


def fact_names(bundle: Bundle, tokenizer: Tokenizer) -> dict[str, str]:
    """The record's name for each fact's key: "£254400000" → "award.total_value"."""
    found: dict[str, str] = {}
    for name, value in build_facts(bundle.council, bundle.decision, bundle.award_record).items():
        tokens = tokenizer.tokens(value, 0)
        if len(tokens) == 1 and tokens[0].fact and tokens[0].kind != "number":
            found.setdefault(tokens[0].key, name)
    return found
