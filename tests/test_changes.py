"""`docgen changes BASE`: what a change to the records does to the papers and letters.

Each test makes a throw-away git repository holding the example records, commits, changes a
record, commits again and asks `docgen changes HEAD~1` (issue 19's done-when).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from docgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
AWARD = Path("records/homecare-framework-2026/award.yaml")
ILSS = Path("records/ilss-2025/award.yaml")
SCORES = "homecare-framework-2026-award/exempt/appendix-b-scores.pdf"
SUPPLIERS = "homecare-framework-2026-award/appendix-a-suppliers.pdf"
LETTERS = "homecare-framework-2026/letters"
AT = "homecare-framework-2026 › "


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the example records in one commit; the current folder."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(ROOT / "records", repo / "records")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "records")
    _git(repo, "commit", "-q", "-m", "the example records")
    monkeypatch.chdir(repo)
    return repo


def _edit(repo: Path, change: Any, award: Path = AWARD) -> None:
    """Change the award (a function of its data), write it back, and commit."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    path = repo / award
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as f:
        yaml.dump(data, f)
    _git(repo, "commit", "-q", "-am", "a change")


def _bid(data: Any, lot: int, bidder: str) -> Any:
    return next(b for b in data["lots"][lot - 1]["bidders"] if b["bidder"] == bidder)


def _changes(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["changes", "HEAD~1", "--json", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _facts(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f["fact"].removeprefix(AT), f["original"], f["revised"]) for f in data["facts"]]


def _figures(document: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    return [
        (c["kind"], f["original"], f["revised"])
        for c in document["comparison"]["changes"]
        for f in c["figures"]
    ]


def test_one_score_names_the_total_the_paragraphs_and_letters_and_nothing_else(
    repo: Path,
) -> None:
    def lower(data: Any) -> None:  # Coed Care's quality in Lot 2: 39 -> 37, still third
        _bid(data, 2, "coed-care")["scores"]["quality"] = 37

    _edit(repo, lower)
    data = _changes()
    assert _facts(data) == [
        ("Lot 2 › Coed Care Ltd › quality", "39", "37"),
        ("Lot 2 › Coed Care Ltd › total", "85", "83"),
    ]  # no rank or outcome moves, no other bidder, no other award, no decision's fact
    assert data["rank_shifts"] == []
    documents = {d["path"]: d for d in data["documents"]}
    assert list(documents) == [SCORES, f"{LETTERS}/lot-2/coed-care.pdf"]
    scores = documents[SCORES]
    assert scores["status"] == "changed"
    assert _figures(scores) == [("changed", "39", "37"), ("changed", "85.00", "83.00")]
    row = "Appendix B: Evaluation scores for each Lot › Lot 2: South (the southern wards of the county borough) / Coed Care Ltd"
    for change in scores["comparison"]["changes"]:  # the row of Coed Care, in Lot 2's table
        assert change["original"]["place"] == change["revised"]["place"] == row
    letter = documents[f"{LETTERS}/lot-2/coed-care.pdf"]
    assert sorted(set(_figures(letter))) == [
        ("changed", "39", "37"),
        ("changed", "85", "83"),
        ("changed", "85.00", "83.00"),
    ]
    assert data["pdfs_built"] < 10  # only documents whose data changed are built


def test_a_change_of_outcome_names_who_is_appointed_in_every_paper_and_letter(
    repo: Path,
) -> None:
    def drop(data: Any) -> None:  # Coed Care falls to fourth in Lot 2: Cartref takes its place,
        _bid(data, 2, "coed-care")["scores"]["quality"] = 29  # so Cartref, capped at 2 Lots,
        _bid(data, 2, "coed-care")["outcome"] = "unsuccessful"  # leaves Lot 3 to Bryn Support
        _bid(data, 2, "cartref-care")["outcome"] = "appointed"
        _bid(data, 3, "cartref-care")["outcome"] = "unsuccessful"
        _bid(data, 3, "bryn-support")["outcome"] = "appointed"

    _edit(repo, drop)
    data = _changes()
    assert _facts(data) == [
        ("Lot 2 › Cartref Care Cyf › rank", "4", "3"),
        ("Lot 2 › Cartref Care Cyf › outcome", "not appointed", "reserve 2"),
        ("Lot 2 › Coed Care Ltd › quality", "39", "29"),
        ("Lot 2 › Coed Care Ltd › total", "85", "75"),
        ("Lot 2 › Coed Care Ltd › rank", "3", "4"),
        ("Lot 2 › Coed Care Ltd › outcome", "reserve 2", "not appointed"),
        (
            "Lot 3 › Cartref Care Cyf › outcome",
            "reserve 1",
            "not appointed (holds the most Lots allowed)",
        ),
        ("Lot 3 › Coed Care Ltd › outcome", "reserve 2", "reserve 1"),
        ("Lot 3 › Bryn Support Services Ltd › outcome", "not appointed", "reserve 2"),
    ]
    documents = {d["path"]: d for d in data["documents"]}
    assert list(documents) == [
        SUPPLIERS,
        SCORES,
        f"{LETTERS}/lot-2/cartref-care.pdf",
        f"{LETTERS}/lot-2/coed-care.pdf",
        f"{LETTERS}/lot-2/penybryn-agency.pdf",  # names the suppliers appointed to its Lot
        f"{LETTERS}/lot-3/afon-home-care.pdf",
        f"{LETTERS}/lot-3/bryn-support.pdf",
        f"{LETTERS}/lot-3/cartref-care.pdf",
        f"{LETTERS}/lot-3/coed-care.pdf",
    ]
    appendix_a = [
        (c["kind"], c["original"]["text"][:30], c["revised"]["text"][:30])
        for c in documents[SUPPLIERS]["comparison"]["changes"]
        if c["kind"] != "renumbered"
    ]
    assert appendix_a == [
        ("removed", "3 Coed Care Ltd 11567890 Coed ", ""),
        ("moved", "2 Cartref Care Cyf 09234567 14", "3 Cartref Care Cyf 09234567 14"),
        ("added", "", "3 Bryn Support Services Ltd 10"),
    ]
    coed = " ".join(
        c["revised"]["text"]
        for c in documents[f"{LETTERS}/lot-2/coed-care.pdf"]["comparison"]["changes"]
    )
    assert "your tender was not successful" in coed


def test_markdown_summary_and_html_report(repo: Path) -> None:
    def lower(data: Any) -> None:
        _bid(data, 2, "coed-care")["scores"]["quality"] = 37

    _edit(repo, lower)
    result = CliRunner().invoke(main, ["changes", "HEAD~1", "--html", "report.html"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "## What this change does to the papers"
    assert (
        lines[2].startswith("Against `HEAD~1` (")
        and "2 facts, 1 paper and 1 letter change" in lines[2]
    )
    assert f"| {AT}Lot 2 › Coed Care Ltd › total | 85 | 83 |" in lines
    assert f"- **{SCORES}**: 2 changes" in lines
    assert f"- **{LETTERS}/lot-2/coed-care.pdf**: 4 changes" in lines
    page = (repo / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert page.count("<h1>") == 1 and f"<h2>{SCORES}</h2>" in page
    assert "<td>85</td><td>83</td>" in page


def test_the_same_comparison_as_docgen_compare(repo: Path, tmp_path: Path) -> None:
    """The changes of a document are what `docgen compare` says of its two PDFs."""
    from docgen import pipeline
    from docgen.build.engine import render_job
    from docgen.pipeline import document_jobs

    before = document_jobs(pipeline.validate([repo / "records"]))[SCORES]

    def lower(data: Any) -> None:
        _bid(data, 2, "coed-care")["scores"]["quality"] = 37

    _edit(repo, lower)
    after = document_jobs(pipeline.validate([repo / "records"]))[SCORES]
    templates = ROOT / "templates"
    (tmp_path / "a.pdf").write_bytes(render_job(before, templates)["pdf"])
    (tmp_path / "b.pdf").write_bytes(render_job(after, templates)["pdf"])
    compared = CliRunner().invoke(
        main, ["compare", str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf"), "--json"]
    )
    assert compared.exit_code == 1
    ours = next(d for d in _changes()["documents"] if d["path"] == SCORES)
    assert ours["comparison"] == json.loads(compared.stdout)


def test_nothing_changed(repo: Path) -> None:
    (repo / "README").write_text("not a record\n", encoding="utf-8")
    _git(repo, "add", "README")
    _git(repo, "commit", "-q", "-m", "not a record")
    result = CliRunner().invoke(main, ["changes", "HEAD~1"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[2].startswith(
        "No fact, paper or letter changes against `HEAD~1`"
    )
    assert (
        json.loads(CliRunner().invoke(main, ["changes", "HEAD~1", "--json"]).stdout)["documents"]
        == []
    )


def test_shallow_clone_without_base_says_how_to_fetch_it(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "README").write_text("a second commit\n", encoding="utf-8")
    _git(repo, "add", "README")
    _git(repo, "commit", "-q", "-m", "second")
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", "shallow")
    monkeypatch.chdir(tmp_path / "shallow")
    result = CliRunner().invoke(main, ["changes", "HEAD~1"])
    assert result.exit_code == 2
    assert result.stderr.startswith("HEAD~1: not in this shallow clone. Fetch the history first")
    assert "fetch-depth: 0" in result.stderr and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["changes", "no-such-branch"])
    assert result.exit_code == 2
    assert "no-such-branch" in result.stderr


def test_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = CliRunner().invoke(main, ["changes", "main"])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{tmp_path}: not inside a git repository (docgen changes compares commits)\n"
    )


ILSS_AT = "ilss-2025 › Lot 1 › "
ILSS_PAPERS = ["ilss-cabinet-2025-07-22", "ilss-cabinet-2025-07-22-rev1"]


def test_a_score_that_moves_a_rank_names_the_total_and_sums_up_the_ranks(repo: Path) -> None:
    """Albany's service delivery in ILSS Lot 1: 24 -> 28, fifth to third, appointed still. The
    ranks of the three bidders that move are one line; who is appointed is the same set of names
    (only its order, by rank, moves), so no decision's fact changes."""
    from docgen import pipeline
    from docgen.pipeline import document_jobs

    def raise_albany(data: Any) -> None:
        bid = next(
            b for b in data["lots"][0]["bidders"] if b["bidder"] == "b03-albany-homecare-ltd"
        )
        bid["scores"]["service-delivery"] = 28.0

    _edit(repo, raise_albany, ILSS)
    data = _changes()
    facts = [(f["fact"], f["original"], f["revised"]) for f in data["facts"]]
    assert facts == [
        (f"{ILSS_AT}Albany Homecare Ltd › service-delivery", "24", "28"),
        (f"{ILSS_AT}Albany Homecare Ltd › total", "80.27", "84.27"),
    ]
    assert data["rank_shifts"] == [
        {
            "where": "ilss-2025 › Lot 1",
            "bidders": ["Albany Homecare Ltd", "Ashdown Healthcare Ltd", "Docklands Homecare Ltd"],
        }
    ]
    lot_1_letters = sorted(
        path
        for path in document_jobs(pipeline.validate([repo / "records"]))
        if path.startswith("ilss-2025/letters/lot-1/")
    )  # each Lot 1 letter prints the scores of the tenders appointed to Lot 1
    documents = {d["path"]: d for d in data["documents"]}
    appendices = [
        f"{paper}/{name}"
        for paper in ILSS_PAPERS
        for name in ("appendix-a-suppliers.pdf", "exempt/appendix-b-scores.pdf")
    ]
    assert list(documents) == sorted(appendices) + lot_1_letters
    for paper in ILSS_PAPERS:
        scores = documents[f"{paper}/exempt/appendix-b-scores.pdf"]["comparison"]["changes"]
        assert {(f["original"], f["revised"]) for c in scores for f in c["figures"]} == {
            ("24", "28"),
            ("80.27", "84.27"),
        }
        for change in scores:  # Albany's row, or the rows of Lot 1 it passes
            side = change["revised"] if change["kind"] != "removed" else change["original"]
            assert "Lot 1: Reablement" in (side["place"] or "")
    markdown = CliRunner().invoke(main, ["changes", "HEAD~1", "--html", "report.html"]).stdout
    assert "- Ranks of 3 bidders in ilss-2025 › Lot 1 shift (no outcome changes)" in markdown
    assert "award.appointed" not in markdown and "› rank |" not in markdown
    page = (repo / "report.html").read_text(encoding="utf-8")
    assert "<p>Ranks of 3 bidders in ilss-2025 › Lot 1 shift (no outcome changes).</p>" in page


def test_a_change_of_who_is_appointed_shows_the_names_added_and_removed(repo: Path) -> None:
    from docgen.compare.changes_facts import fact_changes

    before = {"d › award.appointed": frozenset({"A Ltd", "B Ltd", "C Ltd"})}
    reordered = {"d › award.appointed": frozenset({"C Ltd", "A Ltd", "B Ltd"})}
    assert fact_changes(before, reordered) == []
    after = {"d › award.appointed": frozenset({"A Ltd", "C Ltd", "D Ltd", "E Ltd"})}
    [change] = fact_changes(before, after)
    assert change.to_dict() == {
        "fact": "d › award.appointed",
        "original": "3 names",
        "revised": "+D Ltd / +E Ltd / −B Ltd",
        "added": ["D Ltd", "E Ltd"],
        "removed": ["B Ltd"],
    }


def test_markdown_shows_names_as_written(repo: Path) -> None:
    """A name with & < > reaches a GitHub job summary as written (GitHub strips <Care> as a
    tag), and * _ ` [ ] | as characters, not emphasis, code, links or table cells."""
    from docgen.compare.changes_report import md

    def raise_obrien(data: Any) -> None:
        bid = next(
            b for b in data["lots"][0]["bidders"] if b["bidder"] == "b08-o-brien-daughters-care-ltd"
        )
        bid["scores"]["service-delivery"] = 13.0

    _edit(repo, raise_obrien, ILSS)
    result = CliRunner().invoke(main, ["changes", "HEAD~1"])
    assert result.exit_code == 0, result.output
    name = "O'Brien &amp; Daughters &lt;Care&gt; Ltd t/a Cwmni Gofal Ŵyn"
    assert f"| {ILSS_AT}{name} › total | 68 | 69 |" in result.stdout.splitlines()
    quoted = "(Lot 1: Reablement / O'Brien &amp; Daughters &lt;Care&gt; Ltd"
    rows = [line for line in result.stdout.splitlines() if line.startswith("  - ")]
    assert sum(quoted in row for row in rows) == 4  # the scores appendices' rows name it too
    assert "<Care>" not in result.stdout and "& D" not in result.stdout
    assert md("*a* _b_ `c` [d](e) f|g ~h~ \\ <i> & j\nk") == (
        "\\*a\\* \\_b\\_ \\`c\\` \\[d\\](e) f\\|g \\~h\\~ \\\\ &lt;i&gt; &amp; j k"
    )
