"""`docgen changes BASE [PATHS]`: what a change to the records does to the papers and letters.

The records under PATHS (default records/) are read as they are in the working tree and, with
git itself (``git archive``), as they were at BASE (a branch such as origin/main, a tag, a
commit) into a temporary folder. Both sides are loaded and checked as `docgen validate` checks
them, and then:

- the facts that differ (docgen.compare.changes_facts): the values, dates and terms prose
  cites; each bidder's scores, total and outcome in each Lot (a rank where the outcome moves
  with it; the other rank moves of a Lot summed up as one ``RankShift``);
- the documents that differ (docgen.compare.changes_docs): only documents whose data changed
  are built, both sides, in temporary folders, and each pair is compared by the comparison of
  `docgen compare` (the same JSON: changed, added, removed, moved, renumbered, furniture).

``changes(...)`` returns a :class:`ChangesReport`; ``docgen.compare.changes_report`` writes
it as Markdown (for a CI job summary or a review comment), JSON and HTML. Nothing here prints.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.build.engine import DEFAULT_TEMPLATES, Job
from docgen.checks.core import check_or_raise
from docgen.compare import changes_git
from docgen.compare.changes_docs import DocumentChange, changed_documents
from docgen.compare.changes_facts import FactChange, RankShift, fact_changes, facts, rank_shifts
from docgen.errors import RecordError, UsageError
from docgen.records.loading import Records, load_records

DEFAULT_PATHS = (Path("records"),)


@dataclass
class ChangesReport:
    """What changes between the records at BASE and in the working tree."""

    base: str
    commit: str
    paths: list[str]
    facts: list[FactChange] = field(default_factory=list)
    rank_shifts: list[RankShift] = field(default_factory=list)
    documents: list[DocumentChange] = field(default_factory=list)
    built: int = 0  # PDFs built to find the documents' changes (both sides)
    planned: int = 0  # documents the working tree's records make
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.facts or self.rank_shifts or self.documents)

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "base_commit": self.commit,
            "paths": self.paths,
            "changed": self.changed,
            "facts": [f.to_dict() for f in self.facts],
            "rank_shifts": [r.to_dict() for r in self.rank_shifts],
            "documents": [d.to_dict() for d in self.documents],
            "documents_planned": self.planned,
            "pdfs_built": self.built,
        }


def _relative(paths: Sequence[Path], root: Path) -> list[PurePosixPath]:
    out = []
    for path in paths:
        try:
            out.append(PurePosixPath(path.resolve().relative_to(root.resolve()).as_posix()))
        except ValueError:
            raise UsageError(f"{path}: not inside the git repository at {root}") from None
    return out


def _load(paths: Sequence[Path], side: str) -> Records:
    existing = [p for p in paths if p.exists()]
    if not existing:
        return Records()
    records = load_records(existing)
    try:
        check_or_raise(records)
    except RecordError as exc:
        if side == "working tree":
            raise
        raise UsageError(
            f"the records at {side} are not valid, so cannot be compared:\n{exc}"
        ) from None
    return records


Plan = Callable[[Records], dict[str, Job]]
"""Every document records make, by path, unrendered: docgen.pipeline.document_jobs."""


def changes(
    base: str,
    plan: Plan,
    paths: Sequence[Path] = (),
    cwd: Path | None = None,
    templates: Path = DEFAULT_TEMPLATES,
) -> ChangesReport:
    """Compare the records under paths at base with the working tree (see the module)."""
    started = time.perf_counter()
    here = cwd or Path.cwd()
    wanted = [p if p.is_absolute() else here / p for p in (paths or DEFAULT_PATHS)]
    root = changes_git.repo_root(here)
    commit = changes_git.resolve(base, here)
    relative = _relative(wanted, root)
    report = ChangesReport(base, commit, [str(p) for p in relative])
    new_records = _load(wanted, "working tree")
    with tempfile.TemporaryDirectory(prefix="docgen-changes-") as tmp:
        work = Path(tmp)
        old_paths = changes_git.export(commit, relative, root, work / "base")
        old_records = _load(old_paths, base)
        old_facts, new_facts = facts(old_records), facts(new_records)
        report.facts = fact_changes(old_facts, new_facts)
        report.rank_shifts = rank_shifts(old_facts, new_facts)
        new_jobs = plan(new_records)
        report.planned = len(new_jobs)
        report.documents, report.built = changed_documents(
            plan(old_records), new_jobs, work / "pdfs", templates
        )
    report.seconds = time.perf_counter() - started
    return report
