"""The library functions behind each command: load, validate, plan, build. No printing here."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docgen import build
from docgen.consistency import check_or_raise
from docgen.loading import Records, load_records
from docgen.plan import paper_jobs

DEFAULT_RECORDS = Path("records")


def validate(paths: Sequence[Path]) -> Records:
    """Load every record below paths and run every check; RecordError lists all problems."""
    records = load_records(list(paths) or [DEFAULT_RECORDS])
    check_or_raise(records)
    return records


def build_papers(
    paths: Sequence[Path],
    out_dir: Path,
    only: Sequence[str] = (),
    formats: Sequence[str] = build.FORMATS,
    templates: Path = build.DEFAULT_TEMPLATES,
) -> build.BuildReport:
    """Validate, then build each decision's paper and appendices into out_dir."""
    records = validate(paths)
    jobs = paper_jobs(records, only, formats)
    return build.run(jobs, out_dir, templates)
