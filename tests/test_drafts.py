"""Drafts built in CI say which revision they were built from; final papers stay reproducible.

A draft (carers-support-2026-award) built with --revision carries "built from REV" in its footer
(PDF, Word, HTML) and "revision:REV" in its keywords (PDF and Word); a final paper
(homecare-framework-2026-award) is the same bytes with or without a revision.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from docgen import pipeline
from docgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records"
DRAFT = "carers-support-2026-award/decision-report"
FINAL = "homecare-framework-2026-award/decision-report"
ONLY = ("cabinet_paper",)


def _footer_pdf(path: Path) -> str:
    text = PdfReader(path).pages[0].extract_text()
    return " ".join(text.split())


def _footer_docx(path: Path) -> str:
    """The text of the Word file's footers (the footer is a table: page number beside it)."""
    with zipfile.ZipFile(path) as z:
        parts = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    return " ".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in parts)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The papers built without a revision and with revision 3f2a9c1."""
    plain = tmp_path_factory.mktemp("plain")
    stamped = tmp_path_factory.mktemp("stamped")
    pipeline.build_papers([RECORDS], plain, only=ONLY)
    pipeline.build_papers([RECORDS], stamped, only=ONLY, revision="3f2a9c1")
    return plain, stamped


def test_a_draft_names_its_revision_in_footer_and_keywords(builds: tuple[Path, Path]) -> None:
    plain, stamped = builds
    pdf = stamped / f"{DRAFT}.pdf"
    assert "Contract Award · DRAFT · built from 3f2a9c1 Page 1 of" in _footer_pdf(pdf)
    keywords = str(PdfReader(pdf).metadata["/Keywords"])
    assert keywords.startswith("docgen, sha256:") and keywords.endswith(", revision:3f2a9c1")
    word = stamped / f"{DRAFT}.docx"
    assert "Contract Award · DRAFT · built from 3f2a9c1" in _footer_docx(word)
    props = docx.Document(str(word)).core_properties.keywords
    assert props.startswith("sha256:") and props.endswith(" revision:3f2a9c1")
    html = (stamped / f"{DRAFT}.html").read_text(encoding="utf-8")
    assert "DRAFT · built from 3f2a9c1" in html
    # without a revision, as before: DRAFT and nothing about a revision
    assert "built from" not in _footer_pdf(plain / f"{DRAFT}.pdf")
    assert "revision" not in str(PdfReader(plain / f"{DRAFT}.pdf").metadata["/Keywords"])
    assert "built from" not in _footer_docx(plain / f"{DRAFT}.docx")


def test_a_final_paper_is_the_same_bytes_with_or_without_a_revision(
    builds: tuple[Path, Path],
) -> None:
    plain, stamped = builds
    for suffix in (".pdf", ".docx", ".html"):
        assert (plain / f"{FINAL}{suffix}").read_bytes() == (
            stamped / f"{FINAL}{suffix}"
        ).read_bytes()
    assert "built from" not in _footer_pdf(stamped / f"{FINAL}.pdf")


def _repo(tmp_path: Path) -> tuple[Path, str]:
    repo = tmp_path / "repo"
    (repo / "records").mkdir(parents=True)
    for name in ("councils", "carers-support-2026"):
        subprocess.run(["cp", "-r", str(RECORDS / name), str(repo / "records")], check=True)
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "records"], cwd=repo, check=True)
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return repo, head


def test_revision_auto_and_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, head = _repo(tmp_path)
    monkeypatch.chdir(repo)
    for name in ("CI", "GITHUB_ACTIONS", "GITLAB_CI"):
        monkeypatch.delenv(name, raising=False)
    args = ["build", "records", "--only", "cabinet_paper", "--format", "docx"]
    result = CliRunner().invoke(main, [*args, "--out", "auto", "--revision", "auto"])
    assert result.exit_code == 0, result.output
    assert f"built from {head}" in _footer_docx(repo / "auto" / f"{DRAFT}.docx")
    result = CliRunner().invoke(main, [*args, "--out", "local"])  # not in CI: no revision
    assert result.exit_code == 0, result.output
    assert "built from" not in _footer_docx(repo / "local" / f"{DRAFT}.docx")
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = CliRunner().invoke(main, [*args, "--out", "ci"])  # a GitHub Actions job: HEAD
    assert result.exit_code == 0, result.output
    assert f"built from {head}" in _footer_docx(repo / "ci" / f"{DRAFT}.docx")
    result = CliRunner().invoke(main, [*args, "--out", "none", "--revision", "none"])
    assert result.exit_code == 0, result.output
    assert "built from" not in _footer_docx(repo / "none" / f"{DRAFT}.docx")


def test_a_revision_that_is_not_one_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(RECORDS), "--out", str(tmp_path / "o"), "--revision", "a b; rm"]
    )
    assert result.exit_code == 2
    assert "--revision 'a b; rm': give a commit, tag or branch name" in result.stderr
    assert not (tmp_path / "o").exists()
