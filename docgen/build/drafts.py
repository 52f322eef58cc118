"""Drafts built in CI say what they were built from: the revision in the footer and keywords.

A draft (a decision whose status is draft: the PDF carries the DRAFT watermark) built with a
revision ("3f2a9c1", from ``docgen build --revision`` or CI) gets " · built from 3f2a9c1" at the
end of its footer, in the PDF, the Word file and the HTML edition alike, and "revision:3f2a9c1"
after the record hash in its keywords (PDF /Keywords and XMP, Word core properties). Nothing
else changes, and a cleared or final paper is never stamped, so a final build stays the same
bytes whoever builds it, wherever.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace

from docgen.build.engine import Job
from docgen.errors import UsageError
from docgen.render.base import parts_of

_REVISION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/+-]{0,63}$")
FOOTER_TEXT = " · built from {revision}"
KEYWORD = "revision:{revision}"


def check_revision(revision: str) -> str:
    """A revision as a footer may print it: a commit, a tag or a branch name (no spaces)."""
    if not _REVISION.match(revision):
        raise UsageError(
            f"--revision {revision!r}: give a commit, tag or branch name (letters, digits, "
            "'.', '_', '/', '+', '-'; at most 64 characters)"
        )
    return revision


def stamp(job: Job, revision: str) -> Job:
    """The job with the revision in its footer and keywords, if it is a draft; else itself."""
    data = json.loads(job.context_json)
    metas = [part.get("meta") for part in parts_of(data)]  # each part of a bilingual document
    drafts = [meta for meta in metas if isinstance(meta, dict) and meta.get("is_draft")]
    if not drafts or len(drafts) != len(metas):
        return job
    for meta in drafts:
        meta["footer"] = str(meta.get("footer", "")) + FOOTER_TEXT.format(revision=revision)
        meta["revision_keywords"] = [KEYWORD.format(revision=revision)]  # lib/docgen.typ's
    return replace(
        job,
        context_json=json.dumps(data, ensure_ascii=False, sort_keys=True),
        keywords=f"{job.keywords} {KEYWORD.format(revision=revision)}".strip(),
    )


def stamped(jobs: Sequence[Job], revision: str | None) -> list[Job]:
    """Every draft among jobs stamped with the revision (all jobs as they are without one)."""
    if revision is None:
        return list(jobs)
    check_revision(revision)
    return [stamp(job, revision) for job in jobs]
