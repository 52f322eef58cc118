"""Documents say only what is true: facts not recorded are left out, counts agree with the facts,
the decision names whom it appoints, and terms and money read as a person writes them."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from conftest import RECORDS
from ruamel.yaml import YAML

from docgen import pipeline
from docgen.checks.rules import RuleReport, run_rules
from docgen.derive import formatting as fmt
from docgen.derive.facts import build_facts
from docgen.derive.units import units
from docgen.documents import award_letter
from docgen.documents.common import Bundle
from docgen.errors import CheckError, RecordError
from docgen.records.loading import Records

CARERS = "carers-support-2026"
yaml = YAML()


def copy_carers(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    for name in ("councils", CARERS):
        shutil.copytree(RECORDS / name, folder / name)
    return folder


def edit(path: Path, change: object) -> None:
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def rules_over(folder: Path) -> RuleReport:
    return run_rules(pipeline.validate([folder]))


def one_letter(folder: Path, out: Path, bidder: str) -> str:
    pipeline.build_letters([folder], out, bidder=bidder, formats=("pdf",), print_file=False)
    (path,) = out.rglob(f"{bidder}.pdf")
    return pdf_text(path)


def context(records: Records, award_id: str, bidder: str) -> award_letter.AwardLetterContext:
    award = records.awards[award_id]
    facts = award_letter.award_facts(Bundle(council=records.councils[award.council], award=award))
    for unit in units(award):
        lot = award_letter.lot_facts(unit)
        for scored in unit.scored:
            if scored.bidder.id == bidder:
                return award_letter.build(facts, lot, scored, 0)
    raise AssertionError(f"no bid by {bidder}")


def words(ctx: award_letter.AwardLetterContext) -> str:
    parts = [*ctx.opening, ctx.appointed_intro, *ctx.closing]
    parts += [p for s in ctx.sections for p in s.paragraphs]
    return " ".join(parts)


# ---- facts that are not recorded ----


def _winner_number_not_recorded(data: dict) -> None:  # type: ignore[type-arg]
    winner = data["bidders"][0]
    del winner["company_number"]
    winner["not_recorded"] = {"company_number": "the portal's export did not include it"}


def test_a_company_number_not_recorded_is_left_out_of_the_letter(tmp_path: Path) -> None:
    folder = copy_carers(tmp_path)
    edit(folder / CARERS / "award.yaml", _winner_number_not_recorded)
    report = rules_over(folder)
    warning = [w for w in report.warnings if "[R50]" in w.message]
    assert len(warning) == 1 and "company number of Cwmni Gofalwyr" in warning[0].message
    text = one_letter(folder, tmp_path / "out", "valleys-carers")
    assert "Cwmni Gofalwyr Glan-yr-Afon Cyf" in text  # the winner's details are there
    assert "Not registered" not in text and "Companies House" not in text
    assert "Company number" not in text and "Identifier" not in text


def test_a_given_company_number_is_printed(tmp_path: Path) -> None:
    text = one_letter(copy_carers(tmp_path), tmp_path / "out", "valleys-carers")
    assert "Company number 09876543" in text


def test_a_fact_both_given_and_marked_not_recorded_is_refused(tmp_path: Path) -> None:
    folder = copy_carers(tmp_path)

    def both(data: dict) -> None:  # type: ignore[type-arg]
        data["bidders"][0]["not_recorded"] = {"company_number": "unknown"}

    edit(folder / CARERS / "award.yaml", both)
    with pytest.raises(RecordError, match="given and also marked not_recorded"):
        pipeline.validate([folder])


def _notice_not_recorded(data: dict) -> None:  # type: ignore[type-arg]
    del data["notification"]["can_published"]
    data["notification"]["not_recorded"] = {"can_published": "the notice is not yet scheduled"}


def test_a_notice_date_not_recorded_is_not_checked_and_no_letter_invents_it(
    tmp_path: Path,
) -> None:
    folder = copy_carers(tmp_path)
    edit(folder / CARERS / "award.yaml", _notice_not_recorded)
    report = rules_over(folder)
    assert not [e for e in report.errors if "[R23]" in e.message]
    (warning,) = [w for w in report.warnings if "[R50]" in w.message]
    assert "R23" in warning.message and "not yet scheduled" in warning.message
    with pytest.raises(CheckError, match=r"can_published .*not yet scheduled"):
        pipeline.build_letters([folder], tmp_path / "out", formats=("pdf",), print_file=False)


def test_a_missing_notice_date_not_marked_is_still_an_error(tmp_path: Path) -> None:
    folder = copy_carers(tmp_path)

    def drop(data: dict) -> None:  # type: ignore[type-arg]
        del data["notification"]["can_published"]

    edit(folder / CARERS / "award.yaml", drop)
    report = rules_over(folder)
    assert [e for e in report.errors if "[R23]" in e.message]


# ---- singular and plural ----


def _three_appointed(data: dict) -> None:  # type: ignore[type-arg]
    data["appointment"] = {"method": "threshold", "min_score": 60}
    for bid in data["bids"][:3]:
        bid["outcome"] = "appointed"


def test_a_letter_with_three_successful_suppliers_speaks_of_them_in_the_plural(
    tmp_path: Path,
) -> None:
    folder = copy_carers(tmp_path)
    edit(folder / CARERS / "award.yaml", _three_appointed)
    text = one_letter(folder, tmp_path / "out", "brightside")
    assert "The Council intends to appoint the three suppliers named below to the contract" in text
    assert "the supplier named below" not in text
    assert "The successful suppliers" in text


def test_a_pcr_letter_in_a_lot_of_six_says_tenders_and_suppliers() -> None:
    records = pipeline.validate([RECORDS])
    ctx = context(records, "ilss-2025", "b41-willow-support-cic")
    text = words(ctx)
    assert "successful tenders were as follows" in text
    assert "the six suppliers named below" in text
    assert "successful tender was" not in text


def test_a_single_winner_is_singular(tmp_path: Path) -> None:
    records = pipeline.validate([RECORDS])
    text = words(context(records, CARERS, "brightside"))
    assert "The contract is to be awarded to the supplier named below." in text


# ---- standstill said only when there is one ----


def test_a_letter_with_no_standstill_does_not_say_it_is_subject_to_one(tmp_path: Path) -> None:
    folder = copy_carers(tmp_path)

    def no_standstill(data: dict) -> None:  # type: ignore[type-arg]
        data["notification"]["standstill"] = "none"

    edit(folder / CARERS / "award.yaml", no_standstill)
    records = pipeline.validate([folder])
    text = words(context(records, CARERS, "cwmni-gofalwyr"))
    assert "No standstill period applies" in text
    assert "standstill period and to contract" not in text
    assert "after the standstill period has ended" not in text
    assert "This decision is subject to contract." in text


# ---- titles, terms and money ----


def test_a_title_ending_in_contract_does_not_get_the_noun_again(tmp_path: Path) -> None:
    folder = copy_carers(tmp_path)

    def retitle(data: dict) -> None:  # type: ignore[type-arg]
        data["title"] = "Street Cleansing Contract"

    edit(folder / CARERS / "award.yaml", retitle)
    records = pipeline.validate([folder])
    text = words(context(records, CARERS, "valleys-carers"))
    assert "your tender for the Street Cleansing Contract (reference" in text
    assert "Contract contract" not in text
    assert fmt.titled("Carers Support Service", "contract") == "Carers Support Service contract"


def test_a_term_of_32_months_is_written_in_months(tmp_path: Path) -> None:
    folder = copy_carers(tmp_path)

    def months(data: dict) -> None:  # type: ignore[type-arg]
        terms = data["contract"]
        terms.update(initial_years=2.67, max_years=3.67, total_value=800060)

    edit(folder / CARERS / "award.yaml", months)
    records = pipeline.validate([folder])
    award = records.awards[CARERS]
    facts = build_facts(records.councils[award.council], None, award)
    assert facts["award.term"] == "32 months with an option to extend by 1 year"
    assert facts["award.initial_term"] == "32 months"
    assert "years" not in facts["award.term_short"]


@pytest.mark.parametrize(
    ("amount", "short", "long"),
    [
        ("2000000000", "£2bn", "£2 billion"),
        ("2150000000", "£2.2bn", "£2.2 billion"),
        ("999990000", "£1bn", "£1 billion"),
        ("254400000", "£254.4m", "£254.4 million"),
        ("2500", "£2,500", "£2,500"),
    ],
)
def test_money_in_billions(amount: str, short: str, long: str) -> None:
    assert fmt.money(Decimal(amount), "short") == short
    assert fmt.money(Decimal(amount), "long") == long


@pytest.mark.parametrize(
    ("value", "text"),
    [("4", "4 years"), ("1", "1 year"), ("2.5", "30 months"), ("2.67", "32 months")],
)
def test_years_as_a_person_writes_them(value: str, text: str) -> None:
    assert fmt.years(Decimal(value)) == text


@pytest.mark.parametrize(
    ("phrase", "article"),
    [
        ("Independent Living Support Service", "an"),
        ("Carers Support Service", "a"),
        ("ILSS framework", "an"),
        ("unified contract", "a"),
        ("hourly rate", "an"),
        ("8-week contract", "an"),
        ("12-month contract", "a"),
    ],
)
def test_a_or_an_by_sound(phrase: str, article: str) -> None:
    assert fmt.article(phrase) == article


def test_the_facts_name_the_award_with_its_article() -> None:
    records = pipeline.validate([RECORDS])
    award = records.awards[CARERS]
    facts = build_facts(records.councils[award.council], None, award)
    assert facts["award.a_named"] == "a Carers Support Service contract"
    assert facts["award.appointed"] == "Cwmni Gofalwyr Glan-yr-Afon Cyf"


# ---- the decision names whom it appoints ----


def _resolution(text: str) -> object:
    def change(data: dict) -> None:  # type: ignore[type-arg]
        data["resolutions"][0]["text"] = text

    return change


def test_a_decision_that_does_not_name_the_contractor_is_an_error(tmp_path: Path) -> None:
    folder = copy_carers(tmp_path)
    edit(
        folder / CARERS / "decision.yaml",
        _resolution("Award the contract to the highest-scoring tenderer"),
    )
    report = rules_over(folder)
    (error,) = [e for e in report.errors if "[R51]" in e.message]
    assert "Cwmni Gofalwyr Glan-yr-Afon Cyf" in error.message


def test_the_welsh_example_names_the_contractor_it_appoints() -> None:
    records, report = pipeline.validate_with_rules([RECORDS])
    decision = records.decisions["carers-support-2026-award"]
    assert "{award.appointed}" in decision.resolutions[0].text
    assert not [e for e in report.errors if "[R51]" in e.message]


def test_an_exempt_list_of_suppliers_must_be_said_to_be_exempt(tmp_path: Path) -> None:
    folder = copy_carers(tmp_path)

    def exempt(data: dict) -> None:  # type: ignore[type-arg]
        data["appendices"][0]["exempt"] = {
            "paragraphs": [14],
            "public_interest": "Naming the supplier before standstill ends would prejudice it.",
        }
        data["resolutions"][0]["text"] = "Award the contract to the supplier in {appendix:supplier}"

    edit(folder / CARERS / "decision.yaml", exempt)
    report = rules_over(folder)
    assert [e for e in report.errors if "[R51]" in e.message and "not for publication" in e.message]
