"""`docgen new`: skeleton records that validate as written, and refuse to overwrite."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RECORDS

from docgen import pipeline
from docgen.checks.rules.runner import run_rules
from docgen.cli import main
from docgen.errors import UsageError
from docgen.exchange.skeletons import KINDS, SKELETONS, new_record
from docgen.models import award_route
from docgen.models.routes import ROUTES

TODAY = dt.date(2026, 1, 5)


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    shutil.copytree(RECORDS / "schemas", folder / "schemas")
    return folder


def test_every_kind_has_a_commented_skeleton() -> None:
    for kind in KINDS:
        text = (SKELETONS / f"{kind}.yaml").read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=__SCHEMA__\n")
        assert "TODO" in text and f"kind: {kind}" in text


def test_new_council_award_and_decision_validate_together(records: Path) -> None:
    made = [
        new_record("council", "test-council", records=records, today=TODAY),
        new_record("award", "home-care-2026", records=records, today=TODAY),
        new_record(
            "decision",
            "home-care-award",
            records / "home-care-2026",
            award="home-care-2026",
            records=records,
            today=TODAY,
        ),
    ]
    assert [m.path for m in made] == [
        records / "councils" / "test-council.yaml",
        records / "home-care-2026" / "award.yaml",
        records / "home-care-2026" / "decision.yaml",
    ]
    assert all(m.notes == [] for m in made)
    loaded = pipeline.validate([records])
    assert set(loaded.decisions) == {"home-care-award"}
    assert loaded.decisions["home-care-award"].award == "home-care-2026"
    assert loaded.awards["home-care-2026"].council == "test-council"
    report = run_rules(loaded)
    assert report.errors == []
    assert report.warnings and all(p.message.endswith("[R36]") for p in report.warnings)


def test_the_schema_line_points_at_the_schema(records: Path) -> None:
    made = new_record("decision", "a-decision", records=records, council="x", today=TODAY)
    first = made.path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/decision.schema.json"
    assert (made.path.parent / "../schemas/decision.schema.json").resolve().is_file()


def test_officers_come_from_the_named_council(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS / "councils", records / "councils")
    made = new_record(
        "decision", "carers-2027", records=records, council="glan-yr-afon", today=TODAY
    )
    text = made.path.read_text(encoding="utf-8")
    assert "report_of: dir-social-services" in text
    assert "author: commissioning-manager" in text
    report = run_rules(pipeline.validate([records]))
    assert report.errors == []


def test_an_unknown_council_is_noted(records: Path) -> None:
    made = new_record("award", "an-award", records=records, council="nowhere", today=TODAY)
    assert "no council 'nowhere' was found" in made.notes[0]


def test_the_council_must_be_named_when_there_is_not_exactly_one(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS / "councils", records / "councils")
    with pytest.raises(
        UsageError,
        match=r"--council ID \(known: dyffryn-tywi, glan-yr-afon, lb-newham, northmoor\)",
    ):
        new_record("decision", "a-decision", records=records, today=TODAY)


def test_refuses_to_overwrite_and_checks_the_id(records: Path) -> None:
    new_record("council", "one", records=records, today=TODAY)
    with pytest.raises(UsageError, match="already exists"):
        new_record("council", "one", records=records, today=TODAY)
    for bad in ("Bad_Name", "-leading", "x" * 64, "../escape"):
        with pytest.raises(UsageError, match="cannot be an id"):
            new_record("council", bad, records=records, today=TODAY)


def test_cli_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["new", "council", "my-council"]).exit_code == 0
    result = runner.invoke(main, ["new", "award", "my-award"])
    assert result.exit_code == 0, result.output
    assert "wrote records/my-award/award.yaml" in result.output
    again = runner.invoke(main, ["new", "award", "my-award"])
    assert again.exit_code == 2 and "never overwrites" in again.output
    assert runner.invoke(main, ["validate", "records"]).exit_code == 0


# ---- one skeleton per route (docs/law.md §11) ----


@pytest.mark.parametrize("route", ROUTES)
def test_every_route_has_a_skeleton_that_validates(records: Path, route: str) -> None:
    new_record("council", "test-council", records=records, today=TODAY)
    name = f"an-{route.replace('_', '-')}"
    made = new_record("award", name, records=records, today=TODAY, route=route)
    text = made.path.read_text(encoding="utf-8")
    assert "TODO" in text and "__" not in text
    assert (f"route: {route}\n" in text) is (route != "competitive")
    loaded = pipeline.validate([records])
    record = loaded.award_record(name)
    assert record is not None and award_route(record) == route
    report = run_rules(loaded)
    assert report.errors == []
    assert report.warnings and all(p.message.endswith("[R36]") for p in report.warnings)


def test_new_award_route_on_the_command_line(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(records.parent)
    runner = CliRunner()
    made = runner.invoke(
        main, ["new", "award", "interim", "--route", "direct_award", "--council", "x"]
    )
    assert made.exit_code == 0, made.output
    assert "route: direct_award\n" in (records / "interim" / "award.yaml").read_text()
    wrong = runner.invoke(
        main, ["new", "decision", "d", "--route", "modification", "--council", "x"]
    )
    assert wrong.exit_code == 2
    assert "--route is for an award record (got 'decision')" in wrong.output
    unknown = runner.invoke(main, ["new", "award", "y", "--route", "direct"])
    assert unknown.exit_code == 2 and "'direct' is not one of" in unknown.output
