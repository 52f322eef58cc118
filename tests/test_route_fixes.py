"""Fixes for the routes (issue 15): a decision not to award's letters refuse drafting
placeholders as award letters do; R49 asks a PA2023 scored award for per-criterion
explanations; OCDS errors name a route in words; `docgen new decision --award` finds its award
where it was written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RECORDS

from docgen import pipeline
from docgen.checks.rules.runner import run_rules
from docgen.cli import main
from docgen.errors import RecordError

NOT_AWARDED = "community-transport-2026"


def not_awarded_with(tmp_path: Path, old: str, new: str) -> list[Path]:
    """The decision not to award (and its council) with one piece of text changed."""
    shutil.copytree(RECORDS / "councils", tmp_path / "records" / "councils")
    folder = tmp_path / "records" / NOT_AWARDED
    shutil.copytree(RECORDS / NOT_AWARDED, folder)
    award = folder / "award.yaml"
    text = award.read_text(encoding="utf-8")
    assert old in text
    award.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [tmp_path / "records" / "councils", folder]


def test_a_placeholder_in_the_reason_stops_the_not_awarded_letters(tmp_path: Path) -> None:
    sources = not_awarded_with(tmp_path, "after the deadline.", "after the deadline. TBC")
    out = tmp_path / "out"
    with pytest.raises(RecordError) as raised:
        pipeline.build_letters(sources, out)
    problems = [str(p) for p in raised.value.problems]
    assert len(problems) == 1, problems
    assert f"records/{NOT_AWARDED}/award.yaml:" in problems[0]
    assert "reason: still holds the drafting placeholder 'TBC'" in problems[0]
    assert "a letter would print it, so no letter is written" in problems[0]
    assert not list(out.rglob("*.pdf")) and not list(out.rglob("*.docx"))


def test_a_placeholder_in_a_tenderers_address_stops_them_all(tmp_path: Path) -> None:
    sources = not_awarded_with(tmp_path, "41 Station Road", '"[Add the street address]"')
    with pytest.raises(RecordError) as raised:
        pipeline.build_letters(sources, tmp_path / "out")
    (problem,) = raised.value.problems
    assert problem.field.startswith("bidders[1].address"), problem
    assert problem.line > 0 and problem.column > 0


def test_a_clean_record_still_writes_its_letters(tmp_path: Path) -> None:
    sources = not_awarded_with(tmp_path, "after the deadline.", "after the closing date.")
    report = pipeline.build_letters(sources, tmp_path / "out")
    assert report.outcomes["not awarded"] == 2
    assert (
        tmp_path / "out" / NOT_AWARDED / "letters" / "contract" / "valley-minibus.pdf"
    ).is_file()


# ---- R49: an Act award's assessment summaries explain each criterion (reg 31) ----------------

CALL_OFF = "accessible-transport-calloff-2026"


def rule_warnings(*folders: str) -> list[str]:
    records = pipeline.validate([RECORDS / "councils", *(RECORDS / f for f in folders)])
    report = run_rules(records)
    assert report.errors == []
    english_only = "[R58]"  # records/councils/glan-yr-afon.yaml publishes in English only
    return [str(p) for p in report.warnings if not p.message.endswith(english_only)]


def test_the_call_off_explains_every_criterion_and_validates_with_no_warning() -> None:
    records = pipeline.validate([RECORDS / "councils", RECORDS / CALL_OFF])
    award = records.awards[CALL_OFF]
    for lot in award.lots:
        for bid in lot.bidders:
            assert set(bid.explanations) == {"quality", "social-value", "price"}, bid.bidder
            assert not bid.feedback
    assert rule_warnings(CALL_OFF) == []


def test_an_act_award_giving_only_feedback_warns_at_each_assessed_bid() -> None:
    found = [w for w in rule_warnings("carers-support-2026") if w.endswith("[R49]")]
    assert [w.split(": ")[1] for w in found] == ["bids[0]", "bids[1]", "bids[2]"]
    assert all(w.startswith("records/carers-support-2026/award.yaml:") for w in found)
    assert "the assessment summary for Valleys Carers Trust needs an explanation" in found[1]
    assert "Procurement (Wales) Regulations 2024 reg 32, docs/law.md §6.4" in found[1]
    assert "give explanations for 'quality', 'welsh-language', 'social-value', 'price'" in found[1]


def test_a_call_off_back_to_feedback_warns_and_a_pcr_award_does_not(tmp_path: Path) -> None:
    folder = tmp_path / CALL_OFF
    shutil.copytree(RECORDS / CALL_OFF, folder)
    award = folder / "award.yaml"
    text = award.read_text(encoding="utf-8")
    kept = []
    for line in text.splitlines(keepends=True):
        if line.startswith("        explanations:"):
            kept.append("        feedback: Your tender was assessed against each criterion.\n")
        elif not line.startswith("          "):
            kept.append(line)
    award.write_text("".join(kept), encoding="utf-8")
    records = pipeline.validate([RECORDS / "councils", folder])
    warned = [p for p in run_rules(records).warnings if p.message.endswith("[R49]")]
    assert [p.field for p in warned] == [
        f"lots[{i}].bidders[{j}]" for i in (0, 1) for j in (0, 1, 2)
    ]
    award.write_text("".join(kept).replace("regime: pa2023", "regime: pcr2015"), encoding="utf-8")
    records = pipeline.validate([RECORDS / "councils", folder])
    assert [p for p in run_rules(records).warnings if p.message.endswith("[R49]")] == []


# ---- OCDS and the register name a route in words --------------------------------------------


@pytest.mark.parametrize(
    ("command", "folder", "words"),
    [
        ("ocds", NOT_AWARDED, "is a decision not to award: only a direct award or a modification"),
        ("ocds", "supported-living-2026", "is an authority to procure: only a direct award"),
        ("transparency", NOT_AWARDED, "is a decision not to award: it has no contract"),
    ],
)
def test_a_route_with_nothing_to_export_is_named_in_words(
    command: str, folder: str, words: str
) -> None:
    result = CliRunner().invoke(
        main, [command, str(RECORDS / folder / "award.yaml"), "--records", str(RECORDS)]
    )
    assert result.exit_code == 2, result.output
    assert f"award '{folder}' {words}" in result.output
    assert "NotAwarded" not in result.output and "AuthorityToProcure" not in result.output


# ---- docgen new decision --award finds the award where it was written -------------------------


def test_new_decision_finds_its_award_beside_out_or_under_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["new", "council", "c"]).exit_code == 0
    made = runner.invoke(
        main, ["new", "award", "ta", "--route", "not_awarded", "--out", "elsewhere/ta"]
    )
    assert made.exit_code == 0, made.output
    beside = runner.invoke(
        main, ["new", "decision", "d1", "--award", "ta", "--out", "elsewhere/d1"]
    )
    assert beside.exit_code == 0, beside.output
    assert "note:" not in beside.output
    text = Path("elsewhere/d1/decision.yaml").read_text(encoding="utf-8")
    assert "[Award no contract for the {award.title}" in text
    given = runner.invoke(
        main,
        ["new", "decision", "d2", "--award", "ta", "--records", "elsewhere", "--council", "c"],
    )
    assert given.exit_code == 0, given.output
    assert "[Award no contract" in Path("elsewhere/d2/decision.yaml").read_text()


def test_new_decision_on_an_award_found_nowhere_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["new", "council", "c"]).exit_code == 0
    result = runner.invoke(main, ["new", "decision", "d", "--award", "nowhere", "--out", "x/d"])
    assert result.exit_code == 2
    assert (
        "no award record 'nowhere' was found under records or x: write the award first "
        "(`docgen new award nowhere`), or give --records with the folder that holds it"
    ) in result.output
    assert "Traceback" not in result.output
    assert not Path("x/d").exists()
