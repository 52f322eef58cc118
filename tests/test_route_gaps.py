"""Issue 15's gaps for the routes that score no tenders: a decision on any route can cite the
facts of its award record, and the decision `docgen new` writes for it validates as written and
builds; a term given in months prints in months in the route documents."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import RECORDS
from pypdf import PdfReader

from docgen import pipeline
from docgen.checks.rules.runner import run_rules
from docgen.cli import main
from docgen.derive import formatting as fmt
from docgen.derive.facts import build_facts
from docgen.errors import UsageError
from docgen.exchange.skeletons import new_record
from docgen.models.routes import ROUTES

TODAY = dt.date(2026, 1, 5)
URGENCY = (
    "section 41 of and paragraph 13 of Schedule 5 to the Procurement Act 2023 "
    "(extreme and unavoidable urgency)"
)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def records() -> Any:
    return pipeline.validate([RECORDS])


def facts_of(records: Any, decision_id: str) -> dict[str, str]:
    decision = records.decisions[decision_id]
    award = records.award_record(decision.award)
    return build_facts(records.councils[decision.council], decision, award)


# ---- the facts of each route, from the example records ----


def test_a_direct_awards_facts(records: Any) -> None:
    facts = facts_of(records, "interim-care-2026-award")
    award = records.route_awards["interim-care-2026"]
    assert facts["award.title"] == award.title
    assert facts["award.supplier"] == facts["award.appointed"] == award.supplier.name
    assert facts["award.ground"] == URGENCY
    assert facts["award.ground_name"] == "extreme and unavoidable urgency"
    style = records.councils[award.council].style.money
    total = fmt.money(award.contract.total_value, style)
    assert facts["award.total_value"] == total == "£2.6 million"
    assert facts["award.annual_value"] == fmt.money(award.contract.annual_value, style)
    assert facts["award.value"] == f"a total value of {total}"
    assert facts["award.term"] == "2 years"
    assert facts["award.start_date"] == "7 February 2026"
    assert facts["award.award_notice"] == "16 January 2026"
    assert "award.transparency_notice" in facts and "award.began" in facts


def test_a_modifications_facts(records: Any) -> None:
    facts = facts_of(records, "day-opportunities-extension")
    change = records.route_awards["day-opportunities-extension"]
    style = records.councils[change.council].style.money

    def money(amount: Any) -> str:
        return fmt.money(amount, style)

    assert facts["award.supplier"] == change.supplier.name
    assert facts["award.change"] == "extension"
    assert facts["award.ground"].startswith("regulation 72(1)(b) of the Public Contracts")
    assert facts["award.value_before"] == money(change.value_before)
    assert facts["award.value_after"] == facts["award.total_value"] == money(change.value_after)
    assert facts["award.increase"] == money(change.increase)
    assert facts["award.increase_share"].endswith("per cent")
    assert facts["award.new_end"] and facts["award.current_end"]
    assert "award.appointed" not in facts  # a change appoints no one


def test_an_authority_to_procures_facts(records: Any) -> None:
    decision = next(d for d in records.decisions.values() if d.award == "supported-living-2026")
    facts = facts_of(records, decision.id)
    record = records.route_awards["supported-living-2026"]
    council = records.councils[record.council]
    officer = council.officer(record.delegation.officer)
    assert facts["award.delegate"] == f"the {officer.title}"
    assert facts["award.delegation"] == record.delegation.authority
    assert facts["award.value"].startswith("an estimated total value of £")
    assert facts["award.begins"] and facts["award.procedure"] == record.procurement.procedure


def test_a_decision_not_to_awards_facts_name_no_tenderer(records: Any) -> None:
    decision = next(d for d in records.decisions.values() if d.award == "community-transport-2026")
    facts = facts_of(records, decision.id)
    record = records.route_awards["community-transport-2026"]
    assert facts["award.bidder_count"] == str(len(record.bidders))
    assert facts["award.next_step"] in ("abandoned", "run again")
    assert facts["award.reference"] == record.procurement.reference
    values = " ".join(facts.values())
    assert record.bidders and not any(b.name in values for b in record.bidders)


def test_docgen_facts_lists_a_route_awards_facts(records: Any) -> None:
    paths = [str(RECORDS / "councils"), str(RECORDS / "interim-care-2026")]
    result = CliRunner().invoke(main, ["facts", *paths])
    assert result.exit_code == 0, result.output
    supplier = records.route_awards["interim-care-2026"].supplier.name
    assert f"{{award.supplier}}\t{supplier}" in result.output
    assert f"{{award.ground}}\t{URGENCY}" in result.output


# ---- a new award of each route and a new decision on it ----


@pytest.mark.parametrize("route", ROUTES)
def test_new_award_and_decision_of_each_route_validate_and_build(
    tmp_path: Path, route: str
) -> None:
    folder = tmp_path / "records"
    shutil.copytree(RECORDS / "schemas", folder / "schemas")
    new_record("council", "test-council", records=folder, today=TODAY)
    name = f"new-{route.replace('_', '-')}"
    new_record("award", name, records=folder, today=TODAY, route=route)
    made = new_record(
        "decision", f"{name}-decision", folder / name, award=name, records=folder, today=TODAY
    )
    assert made.notes == []
    loaded = pipeline.validate([folder])
    report = run_rules(loaded)
    assert report.errors == []
    assert all(p.message.endswith("[R36]") for p in report.warnings)
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(folder),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "pdf",
            "--only",
            "decision_notice",
        ],
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "out" / f"{name}-decision" / "decision-notice.pdf")
    record = loaded.award_record(name)
    assert record is not None
    resolved = text.split("RESOLVED to:")[1]
    assert "{award." not in resolved
    expected = {
        "competitive": ["Award the Example", "Example"],
        "call_off": ["Award the Example"],
        "direct_award": ["directly to Example Care Ltd", "paragraph 13 of Schedule 5", "2 years"],
        "modification": ["Approve the extension of the Example Service contract", "£480,000"],
        "authority_to_procure": ["delegate the award to the", "an estimated total value of £"],
        "not_awarded": ["Award no contract for the Example", "the procurement is"],
    }[route]
    for words in expected:
        assert words in resolved, (words, resolved[:400])
    assert record.title.split("–")[0].strip() in resolved


def test_a_decision_on_an_unknown_award_is_refused(tmp_path: Path) -> None:
    # a resolution written for a guessed route would not validate (tests/test_route_fixes.py)
    with pytest.raises(UsageError, match="no award record 'nowhere' was found under"):
        new_record("decision", "d", tmp_path / "x", award="nowhere", council="c", records=tmp_path)
    assert not (tmp_path / "x").exists()


# ---- a term given in months prints in months ----


def test_a_direct_awards_term_in_months_prints_in_months(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    shutil.copytree(RECORDS / "councils", folder / "councils")
    shutil.copytree(RECORDS / "interim-care-2026", folder / "interim-care-2026")
    award = folder / "interim-care-2026" / "award.yaml"
    text = award.read_text(encoding="utf-8")
    assert "  initial_years: 2\n  max_years: 2\n" in text
    award.write_text(
        text.replace(
            "  initial_years: 2\n  max_years: 2\n", "  initial_months: 24\n  max_months: 24\n"
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "build",
            str(folder),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "pdf",
            "--only",
            "cabinet_paper,decision_notice,transparency_notice",
        ],
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "out" / "interim-care-2026-award"
    made = sorted(out.glob("*.pdf"))  # an officer decision's report, its notice, the notice
    assert [p.stem for p in made] == ["decision-notice", "decision-report", "transparency-notice"]
    for pdf in made:
        words = pdf_text(pdf)
        assert "24 months" in words, pdf.stem
        assert "2 years" not in words, pdf.stem
    facts = facts_of(pipeline.validate([folder]), "interim-care-2026-award")
    assert facts["award.term"] == facts["award.max_term"] == "24 months"
