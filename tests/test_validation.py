"""Each class of record error gives its exact message, at its file, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main

CASES = sorted(p for p in (Path(__file__).parent / "data" / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_record_reports_exact_message(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    result = CliRunner().invoke(main, ["validate", "."])
    assert result.exit_code == 1
    assert result.output == (case / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.output


def test_every_problem_in_every_file_is_reported_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("bad-date", "unknown-key", "not-yaml"):
        text = (Path(__file__).parent / "data" / "invalid" / name / "award.yaml").read_text(
            encoding="utf-8"
        )
        (tmp_path / f"{name}.yaml").write_text(
            text.replace("id: carers-support-2026", f"id: {name}"), encoding="utf-8"
        )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "."])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "bad-date.yaml:27:3: contract.start: must be a real date written YYYY-MM-DD (got '2026-06-31')",
        "not-yaml.yaml:10:9: not valid YAML: expected ',' or ']', but got ':'",
        "unknown-key.yaml:16:3: procurement.tender_deadlne: unknown key (did you mean 'tender_deadline'?)",
        "Aborted with 3 errors.",
    ]


def test_a_duplicate_id_names_both_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = Path(__file__).parents[1] / "records" / "councils" / "newham.yaml"
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "."])
    assert result.exit_code == 1
    assert "b.yaml:4:1: id: council 'lb-newham' is also defined in a.yaml" in result.output


def test_examples_are_valid() -> None:
    result = CliRunner().invoke(main, ["validate", str(Path(__file__).parents[1] / "records")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("OK: 2 council(s), ") and lines[0].endswith("valid.")
    assert all(line.startswith("warning: ") and line.endswith("]") for line in lines[1:])


def test_missing_path_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["validate", "no/such/folder"])
    assert result.exit_code == 2
    assert "no/such/folder: no such file or folder" in result.output


def test_unknown_option_is_a_usage_error() -> None:
    assert CliRunner().invoke(main, ["validate", "--nope"]).exit_code == 2


def test_errors_inside_a_union_point_at_the_record_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pydantic adds the union's tag ('officer', 'top_n') to the location; the record has no such key."""
    records = Path(__file__).parents[1] / "records"
    (tmp_path / "council.yaml").write_text(
        (records / "councils" / "glan-yr-afon.yaml").read_text(encoding="utf-8")
    )
    award = (records / "carers-support-2026" / "award.yaml").read_text(encoding="utf-8")
    (tmp_path / "award.yaml").write_text(
        award.replace("{method: top_n, n: 1}", "{method: top_n, n: 0}")
    )
    decision = (records / "carers-support-2026" / "decision.yaml").read_text(encoding="utf-8")
    (tmp_path / "decision.yaml").write_text(
        decision.replace(
            "  officer: dir-social-services\n", "  officer: dir-social-services\n  bogus: 1\n", 1
        )
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "."])
    assert result.exit_code == 1
    assert "award.yaml:58:30: appointment.n: must be at least 1 (got 0)" in result.output
    assert "decision.yaml:13:3: decision_maker.bogus: unknown key\n" in result.output
