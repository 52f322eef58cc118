"""Values and terms as councils state them (issue 15): a value for the whole term with no annual
figure, terms in months with a mobilisation period, estimated and zero-value agreements, a
placeholder notice value, the signing date (R52-R54), several notice ids and a buyer acting for
others. Read from the call-off example (records/accessible-transport-calloff-2026) and from
variants of it and of the model case, and checked in the facts, the paper, the letters, the OCDS
export and the contract register."""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import RECORDS
from docx import Document
from pydantic import ValidationError
from pypdf import PdfReader
from ruamel.yaml import YAML
from test_transparency import frictionless_errors

from docgen import pipeline
from docgen.checks.core import award_findings
from docgen.checks.rules import run_rules
from docgen.cli import main
from docgen.derive import formatting as fmt
from docgen.derive import terms as term_dates
from docgen.derive.facts import build_facts
from docgen.derive.units import max_value
from docgen.exchange.ocds import release_package
from docgen.exchange.transparency import register_rows, to_csv
from docgen.models import Award, CallOff
from docgen.models.common import ContractTerms
from docgen.records.loading import Records, load_records

CALL_OFF = RECORDS / "accessible-transport-calloff-2026"
SOURCES = [RECORDS / "councils", CALL_OFF]


def raw(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records() -> Records:
    return load_records(SOURCES)


@pytest.fixture(scope="module")
def call_off(records: Records) -> Award:
    return records.awards["accessible-transport-calloff-2026"]


def terms(**given: Any) -> ContractTerms:
    base = {"kind": "contract", "start": "2026-09-01", "total_value": 1000}
    return ContractTerms.model_validate(base | given)


def facts_of(records: Records, award: Award) -> dict[str, str]:
    council = records.councils[award.council]
    return build_facts(council, None, award)


def with_terms(award: Award, **changes: Any) -> Award:
    """The award with contract fields changed, validated again as a record would be."""
    data = award.model_dump(mode="json", exclude_defaults=True)
    data["contract"] |= changes
    model = CallOff if isinstance(award, CallOff) else Award
    return model.model_validate(data)


def rule_messages(records: Records, award: Award, rule: str) -> list[str]:
    report = run_rules(replace(records, awards=dict(records.awards) | {award.id: award}))
    found = report.errors + report.warnings
    return [p.message for p in found if p.message.endswith(f"[{rule}]")]


# ---- the model: a term in years or in months, never both ----


def test_a_term_is_given_in_years_or_in_months() -> None:
    months = terms(initial_months=32, extensions_months=[12], max_months=44)
    assert months.initial_in_months == 32 and months.max_in_months == 44
    assert months.extensions_in_months == [12]
    years = terms(initial_years=4, extensions_years=[2, 2], max_years=8)
    assert years.initial_in_months == 48 and years.extensions_in_months == [24, 24]
    assert years.max_in_years == 8 and months.max_in_years == Decimal(44) / 12


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            {"initial_years": 2, "initial_months": 24, "max_years": 2},
            "initial_years or initial_months, not both",
        ),
        ({"max_years": 2}, "give initial_years (or initial_months"),
        ({"initial_months": 24}, "give max_years (or max_months"),
        (
            {
                "initial_years": 2,
                "max_years": 4,
                "extensions_years": [1],
                "extensions_months": [12],
            },
            "extensions_years or extensions_months, not both",
        ),
        (
            {"initial_years": 2, "max_years": 2, "notice_value_placeholder": True},
            "notice_value_placeholder needs the notice_value",
        ),
        (
            {"initial_years": 2, "max_years": 2, "value_basis": "zero"},
            "a zero-value agreement (value_basis: zero) has total_value 0",
        ),
    ],
)
def test_a_term_or_value_given_two_ways_or_not_at_all_is_refused(
    given: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        terms(**given)


def test_a_zero_value_framework_has_no_value_of_its_own() -> None:
    zero = terms(initial_years=4, max_years=4, total_value=0, value_basis="zero", kind="framework")
    assert zero.annual_value is None and zero.total_value == 0


# ---- the call-off example: months, mobilisation, a value for the whole term ----


def test_the_example_states_its_term_in_months_and_no_annual_value(
    records: Records, call_off: Award
) -> None:
    facts = facts_of(records, call_off)
    assert facts["award.term"] == "32 months with an option to extend by 12 months"
    assert facts["award.term_short"] == "32 + 12 months"
    assert facts["award.initial_term"] == "32 months"
    assert facts["award.max_term"] == "44 months"
    assert facts["award.mobilisation"] == "3 months"
    assert facts["award.mobilisation_start"] == "1 June 2026"
    assert facts["award.total_value"] == "£2.9 million"
    assert facts["award.value"] == "a total value of £2.9 million"
    assert "award.annual_value" not in facts
    assert max_value(call_off) == Decimal(2890000)


def test_a_term_in_years_reads_as_before(records: Records) -> None:
    model = load_records([RECORDS / "councils", RECORDS / "ilss-2025"]).awards["ilss-2025"]
    facts = facts_of(records, model)
    assert facts["award.term"] == "4 years with options to extend by 2 years and 2 years"
    assert facts["award.term_short"] == "4 + 2 + 2 years"
    assert facts["award.annual_value"] == "£31.8m"
    assert facts["award.total_value"] == "£254.4m"
    assert "award.mobilisation" not in facts


def test_months_are_written_as_a_person_writes_them() -> None:
    assert fmt.months(Decimal(48)) == "4 years"
    assert fmt.months(Decimal(12)) == "1 year"
    assert fmt.months(Decimal(12), as_months=True) == "12 months"
    assert fmt.months(Decimal(32)) == "32 months"
    assert fmt.months(Decimal("32.04")) == "32 months"  # 2.67 years, read to the month
    assert fmt.months(Decimal(1), as_months=True) == "1 month"
    assert fmt.term_short_months(Decimal(30), [Decimal(12)]) == "30 + 12 months"
    assert fmt.term_short_months(Decimal(48), [Decimal(24)]) == "4 + 2 years"


def test_the_dates_of_a_term_in_months(call_off: Award) -> None:
    contract = call_off.contract
    assert term_dates.initial_end(contract) == dt.date(2029, 4, 30)
    assert term_dates.max_end(contract) == dt.date(2030, 4, 30)
    assert term_dates.extension_periods(contract) == [(dt.date(2029, 5, 1), dt.date(2030, 4, 30))]
    assert term_dates.mobilisation_start(contract) == dt.date(2026, 6, 1)
    assert term_dates.add_months(dt.date(2026, 5, 31), -3) == dt.date(2026, 2, 28)


def test_a_longest_term_in_months_must_add_up(records: Records, call_off: Award) -> None:
    wrong = with_terms(call_off, max_months=48)
    found = [m for _, loc, m in award_findings(wrong, records) if loc[-1] == "max_months"]
    assert found == [
        "must equal the initial term plus its extensions (32 + 12 months = 44 months) "
        "(got 48 months)"
    ]
    assert [m for _, loc, m in award_findings(call_off, records) if loc[:1] == ("contract",)] == []


def test_the_ocds_release_and_register_carry_the_term_and_the_value(
    records: Records, call_off: Award
) -> None:
    council = records.councils[call_off.council]
    release = release_package(call_off, council)["releases"][0]
    period = release["tender"]["contractPeriod"]
    assert period["endDate"].startswith("2029-04-30") and period["maxExtentDate"].startswith(
        "2030-04-30"
    )
    assert release["tender"]["value"] == {"amount": 2890000, "currency": "GBP"}
    assert "valueDetails" not in release["tender"]  # committed: the value says what it is
    (row, *_) = register_rows(call_off, council)
    assert row["Value of contract (GBP)"] == "2890000.00"
    assert row["Annual value (GBP)"] == ""  # no annual figure is ever printed
    assert row["End date"] == "2029-04-30" and row["Last extension date"] == "2030-04-30"


# ---- estimated and zero-value agreements (R54) ----


def test_an_estimated_or_zero_value_agreement_is_stated_as_such(
    records: Records, call_off: Award
) -> None:
    council = records.councils[call_off.council]
    estimated = with_terms(call_off, value_basis="estimated")
    assert facts_of(records, estimated)["award.value"] == (
        "an estimated total value of £2.9 million; no spend is committed"
    )
    tender = release_package(estimated, council)["releases"][0]["tender"]
    assert tender["valueDetails"] == "An estimated value: no spend is committed."
    zero = with_terms(call_off, value_basis="zero", total_value=0)
    assert facts_of(records, zero)["award.value"] == "no value of its own: no spend is committed"
    tender = release_package(zero, council)["releases"][0]["tender"]
    assert tender["value"]["amount"] == 0
    assert "no value of its own" in tender["valueDetails"]


def test_r54_reports_an_estimate_cited_as_a_plain_sum(records: Records, call_off: Award) -> None:
    assert rule_messages(records, call_off, "R54") == []  # committed: nothing to report
    decision = records.decisions["accessible-transport-calloff-2026-award"]
    financial = decision.sections.financial.replace(
        "{award.value}", "a value of {award.total_value}"
    )
    typed = decision.model_copy(
        update={"sections": decision.sections.model_copy(update={"financial": financial})}
    )
    estimated = with_terms(call_off, value_basis="estimated")
    changed = replace(
        records,
        awards=dict(records.awards) | {estimated.id: estimated},
        decisions=dict(records.decisions) | {typed.id: typed},
    )
    report = run_rules(changed)
    (message,) = [p.message for p in report.warnings if p.message.endswith("[R54]")]
    assert message.startswith("{award.total_value} states the value of")
    assert "cite {award.value}" in message


# ---- a placeholder in the published notice (R52, not R1) ----


def test_a_placeholder_notice_value_is_flagged_not_compared(
    records: Records, call_off: Award
) -> None:
    council = records.councils[call_off.council]
    stated = with_terms(call_off, notice_value=1)
    assert len(rule_messages(records, stated, "R1")) == 1  # £1 against £2.89m: a difference
    assert rule_messages(records, stated, "R52") == []
    placeholder = with_terms(call_off, notice_value=1, notice_value_placeholder=True)
    assert rule_messages(records, placeholder, "R1") == []
    (warning,) = rule_messages(records, placeholder, "R52")
    assert warning.startswith("the published notice gives £1 as a placeholder")
    assert facts_of(records, placeholder)["award.notice_value"] == (
        "£1 (a placeholder in the published notice, not the value of the award)"
    )
    tender = release_package(placeholder, council)["releases"][0]["tender"]
    assert tender["value"]["amount"] == 2890000
    assert "gave 1 GBP as a placeholder" in tender["valueDetails"]


# ---- the date the contract was signed (R53) ----


@pytest.mark.parametrize(
    ("signed", "expected"),
    [
        ("2026-04-10", "before the decision to award on 14 April 2026"),
        ("2026-04-16", "before the award letters are sent on 20 April 2026"),
        ("2026-04-30", "but the standstill period ends at midnight at the end of Thursday"),
        ("2026-05-01", None),  # the first day after the voluntary standstill
        ("2026-08-01", None),
    ],
)
def test_r53_the_contract_is_signed_after_the_decision_letters_and_standstill(
    records: Records, call_off: Award, signed: str, expected: str | None
) -> None:
    found = rule_messages(records, with_terms(call_off, signed=signed), "R53")
    if expected is None:
        assert found == []
    else:
        (message,) = found
        assert expected in message


# ---- several notices, and a buyer the council acts for ----


def test_every_notice_id_is_published(records: Records, call_off: Award) -> None:
    council = records.councils[call_off.council]
    release = release_package(call_off, council)["releases"][0]
    assert release["ocid"] == "ocds-h6vhtk-0c1a2b"
    framework, related = release["relatedProcesses"]
    assert framework == {
        "id": "1",
        "relationship": ["framework"],
        "title": "Passenger Transport Services (ESPO, 123_45)",
        "scheme": "ocid",
        "identifier": "ocds-h6vhtk-0f4e21",
    }
    assert related["scheme"] == "ocid" and related["identifier"] == "ocds-h6vhtk-0c1a2c"
    assert "relationship" not in related
    assert facts_of(records, call_off)["award.ocid"] == "ocds-h6vhtk-0c1a2b and ocds-h6vhtk-0c1a2c"
    (row, *_) = register_rows(call_off, council)
    assert row["Open Contracting ID"] == "ocds-h6vhtk-0c1a2b; ocds-h6vhtk-0c1a2c"


def test_r29_checks_each_further_ocid_where_it_is(records: Records, call_off: Award) -> None:
    data = call_off.model_dump(mode="json", exclude_defaults=True)
    data["procurement"]["ocids"] = ["ocds-h6vhtk-0c1a2c", "not-an-ocid"]
    bad = CallOff.model_validate(data)
    report = run_rules(replace(records, awards=dict(records.awards) | {bad.id: bad}))
    (problem,) = [p for p in report.warnings if p.message.endswith("[R29]")]
    assert "procurement.ocids[1]: 'not-an-ocid' is not a Find a Tender ocid" in str(problem)


def test_the_buyer_is_named_in_the_release(records: Records, call_off: Award) -> None:
    council = records.councils[call_off.council]
    release = release_package(call_off, council)["releases"][0]
    roles = {p["name"]: p["roles"] for p in release["parties"]}
    assert roles["Glan-yr-Afon County Borough Council"] == ["procuringEntity"]
    assert roles["Afon Valleys Transport Partnership"] == ["buyer"]
    assert release["buyer"]["name"] == "Afon Valleys Transport Partnership"
    statement = facts_of(records, call_off)["award.buyer_statement"]
    assert statement == (
        "Glan-yr-Afon County Borough Council as lead authority for the Afon Valleys Transport "
        "Partnership (Glan-yr-Afon County Borough Council and Bro Derwen County Council)"
    )


def test_a_council_buying_for_itself_names_no_other_buyer(records: Records) -> None:
    model = load_records([RECORDS / "councils", RECORDS / "ilss-2025"]).awards["ilss-2025"]
    facts = facts_of(records, model)
    assert facts["award.buyer"] == "London Borough of Newham"
    assert "award.buyer_statement" not in facts
    council = load_records([RECORDS / "councils"]).councils[model.council]
    release = release_package(model, council)["releases"][0]
    assert release["parties"][0]["roles"] == ["buyer", "procuringEntity"]
    assert "relatedProcesses" not in release


def test_one_name_or_a_list_for_whom_the_buyer_acts() -> None:
    data = raw(CALL_OFF / "award.yaml")
    data = copy.deepcopy(data)
    data["procurement"]["buyer"] = {
        "name": "National Highways",
        "role": "agent",
        "on_behalf_of": "National Highways",
    }
    award = CallOff.model_validate(data)
    assert award.procurement.buyer is not None
    assert award.procurement.buyer.on_behalf_of == ["National Highways"]


# ---- the documents ----


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("calloff")
    pipeline.build_papers(SOURCES, out)
    pipeline.build_letters(SOURCES, out, formats=("docx", "pdf"))
    return out


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def test_the_paper_states_the_term_value_and_buyer_as_the_council_does(built: Path) -> None:
    folder = built / "accessible-transport-calloff-2026-award"
    for text in (
        pdf_text(folder / "decision-report.pdf"),
        docx_text(folder / "decision-report.docx"),
    ):
        assert "32 months with an option to extend by 12 months" in text
        assert "after 3 months of mobilisation from 1 June 2026" in text
        assert "a total value of £2.9 million over 44 months" in text
        assert "as lead authority for the Afon Valleys Transport Partnership" in text
        assert " a year" not in text  # no annual figure anywhere
    notice = docx_text(folder / "decision-notice.docx")
    assert "Buyer Glan-yr-Afon County Borough Council as lead authority" in notice


def test_each_letter_names_the_buyer(built: Path) -> None:
    letter = built / "accessible-transport-calloff-2026" / "letters" / "lot-1b"
    text = pdf_text(letter / "evergreen-access.pdf")
    assert "Buyer Glan-yr-Afon County Borough Council as lead authority for the Afon" in text
    assert "As a contract awarded under a framework agreement, this contract is exempt" in text


def test_prose_citing_an_annual_value_the_award_does_not_state_is_refused_where_typed(
    tmp_path: Path,
) -> None:
    shutil.copytree(RECORDS / "councils", tmp_path / "councils")
    shutil.copytree(CALL_OFF, tmp_path / CALL_OFF.name)
    decision = tmp_path / CALL_OFF.name / "decision.yaml"
    text = decision.read_text(encoding="utf-8")
    typed = text.replace("over {award.max_term}, shared", "({award.annual_value} a year), shared")
    assert typed != text
    decision.write_text(typed, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        "decision.yaml:52:3: sections.financial: {award.annual_value}: the award states one "
        "value for the whole term and no annual value (contract.annual_value), so no document "
        "prints one: cite {award.total_value} or {award.value}"
    ) in result.output


def test_r53_mobilisation_begins_only_once_the_contract_can_be_made(
    records: Records, call_off: Award
) -> None:
    assert rule_messages(records, call_off, "R53") == []  # 1 June 2026, after 30 April
    early = with_terms(call_off, start="2026-07-01", mobilisation_months=3)
    (message,) = rule_messages(records, early, "R53")
    assert message.startswith(
        "the mobilisation period begins on 1 April 2026, before the decision to award on "
        "14 April 2026"
    )
    inside = with_terms(call_off, start="2026-07-28", mobilisation_months=3)
    (message,) = rule_messages(records, inside, "R53")
    assert message.startswith("the mobilisation period begins on 28 April 2026, but the standstill")


def test_the_register_of_a_value_for_the_whole_term_passes_its_table_schema(
    records: Records, call_off: Award, tmp_path: Path
) -> None:
    rows = register_rows(call_off, records.councils[call_off.council])
    out = tmp_path / "calloff.csv"
    out.write_bytes(to_csv(rows).encode())
    assert frictionless_errors(out) == []
    suppliers = [r for r in rows if r["Supplier name"]]
    assert [r["Lot"] for r in suppliers] == [
        "Lot 1a: Northern valleys routes",
        "Lot 1b: Southern routes",
    ]
