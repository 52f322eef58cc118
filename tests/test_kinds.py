"""The table of document kinds: one name per kind, templates for each of its formats, and
planning that makes exactly the kinds the table lists."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RECORDS

from docgen import pipeline
from docgen.build.engine import DEFAULT_TEMPLATES
from docgen.build.papers import bundle_for, paper_jobs
from docgen.cli import main
from docgen.documents.common import Context
from docgen.documents.kinds import EXEMPT_FOLDER, KINDS, Kind, kind, paper_kinds
from docgen.errors import UsageError
from docgen.exchange.pack import TEMPLATE as PACK_TEMPLATE
from docgen.letters import not_awarded
from docgen.letters.plan import plan_letters
from docgen.render.registry import RENDERERS


def missing_templates(templates: Path) -> list[str]:
    """Each kind's template for each of its formats that the folder lacks."""
    return [
        f"{k.name}.{fmt}"
        for k in KINDS
        for fmt in k.formats
        if not RENDERERS[fmt].template(templates, k.name).is_file()
    ]


def orphan_templates(templates: Path) -> list[str]:
    """Templates named after no kind (HTML partials start with an underscore; the agenda pack's
    entry point places other kinds' layouts)."""
    names = {k.name for k in KINDS} | {Path(PACK_TEMPLATE).stem}
    found = [*templates.glob("*.docx"), *templates.glob("*.typ"), *templates.glob("html/*.html")]
    return sorted(p.name for p in found if p.stem not in names and not p.stem.startswith("_"))


def test_each_kind_has_one_unique_name_and_a_context_type() -> None:
    names = [k.name for k in KINDS]
    assert len(names) == len(set(names))
    assert all(n.isidentifier() and n.islower() for n in names)
    assert all(issubclass(k.context_type, Context) for k in KINDS)
    assert kind("cabinet_paper").context_type.__name__ == "CabinetPaperContext"
    with pytest.raises(KeyError, match="known: cabinet_paper"):
        kind("paper")


def test_every_format_of_every_kind_has_a_renderer_and_a_template() -> None:
    assert {fmt for k in KINDS for fmt in k.formats} <= set(RENDERERS)
    assert all(cls.format == fmt for fmt, cls in RENDERERS.items())
    assert missing_templates(DEFAULT_TEMPLATES) == []
    assert orphan_templates(DEFAULT_TEMPLATES) == []


def test_a_missing_or_stray_template_is_found(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(DEFAULT_TEMPLATES, templates)
    (templates / "html" / "decision_notice.html").rename(templates / "html" / "notice.html")
    (templates / "appendix_notice.typ").unlink()
    assert missing_templates(templates) == ["appendix_notice.pdf", "decision_notice.html"]
    assert orphan_templates(templates) == ["notice.html"]


def test_a_document_per_decision_needs_a_builder_and_a_file_name() -> None:
    row = kind("decision_notice")
    with pytest.raises(ValueError, match="needs build and stem"):
        Kind(row.name, row.context_type, row.formats, None, row.stem, row.made_for)


def test_planning_makes_exactly_the_kinds_of_the_table() -> None:
    records = pipeline.validate([RECORDS])
    jobs = paper_jobs(records)
    assert {job.kind for job in jobs} == {k.name for k in paper_kinds()}
    for job in jobs:
        row = kind(job.kind)
        assert set(job.formats) <= set(row.formats)
        assert row.html == ("html" in job.formats)
        bundle = bundle_for(records.decisions[job.stem.parts[0]], records)
        assert (EXEMPT_FOLDER in job.stem.parts) == row.exempt_in(bundle)
    stems = {str(job.stem) for job in jobs}
    assert "ilss-cabinet-2025-07-22/cabinet-paper" in stems
    assert "carers-support-2026-award/decision-report" in stems
    assert "ilss-cabinet-2025-07-22/exempt/appendix-b-scores" in stems
    letters = [letter.job for plan in plan_letters(records) for letter in plan.letters]
    letters += not_awarded.plan(records)  # the letters of a decision not to award
    assert {job.kind for job in letters} == {k.name for k in KINDS if k.letter}


def test_only_takes_the_kinds_names_and_refuses_the_old_ones() -> None:
    records = pipeline.validate([RECORDS])
    jobs = paper_jobs(records, only=["appendix_notice", "decision_notice"])
    assert {job.kind for job in jobs} == {"appendix_notice", "decision_notice"}
    with pytest.raises(UsageError, match="--only paper is now --only cabinet_paper"):
        paper_jobs(records, only=["paper"])
    with pytest.raises(UsageError, match="appendix_suppliers,appendix_scores,appendix_notice"):
        paper_jobs(records, only=["appendix"])
    with pytest.raises(UsageError, match=r"--only takes cabinet_paper, .* \(got award_letter\)"):
        paper_jobs(records, only=["award_letter"])


def test_the_command_line_takes_kinds_separated_by_commas(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    args = ["build", str(RECORDS), "--out", str(out), "--format", "docx"]
    result = runner.invoke(main, [*args, "--only", "appendix_notice,decision_notice"])
    assert result.exit_code == 0, result.output
    written = {p.name for p in out.rglob("*.docx")}
    assert written == {"appendix-b-notice.docx", "decision-notice.docx"}
    refused = runner.invoke(main, [*args, "--only", "paper"])
    assert refused.exit_code != 0
    assert "--only paper is now --only cabinet_paper" in refused.output
