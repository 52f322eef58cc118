"""Which documents a change to the records changes, and how: for `docgen changes`.

``docgen.pipeline.document_jobs(records)`` plans every document the records make (each
decision's paper, appendices and notices; every award letter and not-awarded letter) as PDF
jobs, without rendering. ``changed_documents(old, new, work)`` renders only the documents whose data differ
(the record hash left aside: it changes with any byte of the record), on both sides, with the
same templates, and compares each pair with ``docgen.compare.diff.compare_pdfs``, the comparison
``docgen compare`` makes, so the two never disagree. A document whose text comes out the same
is not listed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from docgen.build import processes
from docgen.build.engine import DEFAULT_TEMPLATES, Job, render_job
from docgen.compare.changes import Comparison
from docgen.compare.diff import compare_pdfs

Status = Literal["changed", "added", "removed"]
PARALLEL_FROM = 6
"""From this many PDFs to render, render them in worker processes."""


@dataclass(frozen=True)
class DocumentChange:
    """One document the change touches: its path in the output folder and what happens."""

    path: str
    status: Status
    comparison: Comparison | None = None  # for a changed document

    @property
    def is_letter(self) -> bool:
        return "/letters/" in f"/{self.path}"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "status": self.status}
        if self.comparison is not None:
            data["comparison"] = self.comparison.to_dict()
        return data


def _without_hash(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_hash(v) for k, v in value.items() if k != "record_sha256"}
    if isinstance(value, list):
        return [_without_hash(v) for v in value]
    return value


def same_data(a: Job, b: Job) -> bool:
    """Whether two jobs print the same: the same kind and data, the record hash aside."""
    if a.kind != b.kind or a.title != b.title:
        return False
    return bool(
        a.context_json == b.context_json
        or _without_hash(json.loads(a.context_json)) == _without_hash(json.loads(b.context_json))
    )


def _render(args: tuple[Job, Path, Path]) -> None:
    job, templates, target = args
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render_job(job, templates)["pdf"])


def _render_all(todo: Sequence[tuple[Job, Path, Path]]) -> None:
    if len(todo) < PARALLEL_FROM:
        for args in todo:
            _render(args)
        return
    # from docgen's fork server, never by fork: a fork of a process that ran Typst can hang
    context = processes.context(["docgen.build.engine", __name__])
    workers = min(len(todo), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        list(pool.map(_render, todo))


def changed_documents(
    old: dict[str, Job], new: dict[str, Job], work: Path, templates: Path = DEFAULT_TEMPLATES
) -> tuple[list[DocumentChange], int]:
    """The documents that change, in order (papers, then letters, each by path), and how many
    were built to find them. Old and new PDFs are written below work/original and work/revised.
    """
    out: list[DocumentChange] = []
    todo: list[tuple[Job, Path, Path]] = []
    pairs: list[str] = []
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path), new.get(path)
        if a is None:
            out.append(DocumentChange(path, "added"))
        elif b is None:
            out.append(DocumentChange(path, "removed"))
        elif not same_data(a, b):
            pairs.append(path)
            todo += [
                (a, templates, work / "original" / path),
                (b, templates, work / "revised" / path),
            ]
    _render_all(todo)
    for path in pairs:
        comparison = compare_pdfs(work / "original" / path, work / "revised" / path)
        if not comparison.identical_text:
            out.append(DocumentChange(path, "changed", comparison))
    out.sort(key=lambda d: (d.is_letter, d.path))
    return out, len(todo)
