"""The Transparency Code contract register: columns, one value per agreement, supplier facts from
the records, the Frictionless Table Schema, and the rules on what it will publish (R55-R57)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import RECORDS
from frictionless import Resource, Schema
from pydantic import ValidationError

from docgen.checks.rules import run_rules
from docgen.cli import main
from docgen.derive.units import units
from docgen.exchange.transparency import (
    ANNUAL,
    HEADER,
    SUPPLIER,
    VALUE,
    add_months,
    award_and_council,
    register_rows,
    table_schema,
    term_end,
    to_csv,
    unrecorded_status,
)
from docgen.models import Award
from docgen.models.award import Procurement
from docgen.records.loading import load_records

ILSS = RECORDS / "ilss-2025" / "award.yaml"
CARERS = RECORDS / "carers-support-2026" / "award.yaml"


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def total(rows: list[dict[str, str]], column: str = VALUE) -> Decimal:
    return sum((Decimal(r[column]) for r in rows if r[column]), Decimal(0))


def frictionless_errors(path: Path) -> list[str]:
    """What `frictionless validate` says of a CSV against the committed Table Schema."""
    schema = Schema.from_descriptor(table_schema())
    resource = Resource(path=path.name, basepath=str(path.parent), schema=schema)
    report = resource.validate()
    return [error.message for task in report.tasks for error in task.errors]


def with_award(award: Award, **changes: Any) -> Award:
    return award.model_copy(update=changes)


# ---- columns and rows ----


def test_columns_cover_what_the_code_asks_for() -> None:
    for wanted in (
        "Contract reference number",
        "Title",
        "Department",
        "Description",
        SUPPLIER,
        "Supplier registered company number",
        "Supplier registered charity number",
        "Start date",
        "End date",
        "Review date",
        VALUE,
        "Irrecoverable VAT (GBP)",
        "Invitation",
        "SME supplier",
        "VCSE supplier",
        "CPV codes",
    ):
        assert wanted in HEADER
    assert [field["name"] for field in table_schema()["fields"]] == list(HEADER)


def test_a_framework_has_its_value_once_then_a_row_per_supplier_per_lot() -> None:
    award, council = award_and_council(ILSS, RECORDS)
    agreement, *suppliers = read_csv(to_csv(register_rows(award, council)))
    assert list(agreement) == list(HEADER)
    assert agreement[SUPPLIER] == agreement["Lot"] == ""
    assert (agreement[VALUE], agreement[ANNUAL]) == ("254400000.00", "31800000.00")
    assert agreement["Organisation label"] == "London Borough of Newham"
    assert agreement["Contract reference number"] == "ITTN442"
    assert agreement["Open Contracting ID"] == "ocds-h6vhtk-04deed"
    assert agreement["Department"] == "Adults and Health – Commissioning"
    assert agreement["Contract type"] == "framework"
    assert agreement["CPV codes"] == "85000000"
    assert (agreement["Start date"], agreement["End date"]) == ("2025-10-06", "2029-10-05")
    assert agreement["Review date"] == "2029-10-05"
    assert agreement["Extension periods"] == "2029-10-06 to 2031-10-05; 2031-10-06 to 2033-10-05"
    assert agreement["Last extension date"] == "2033-10-05"
    assert agreement["Invitation"] == "Published invitation to tender"
    assert (
        agreement["Procedure"]
        == "open procedure (Public Contracts Regulations 2015, light touch regime)"
    )
    expected = [
        (u.name, s.bidder.name, s.bidder.company_number) for u in units(award) for s in u.appointed
    ]
    assert [
        (r["Lot"], r[SUPPLIER], r["Supplier registered company number"]) for r in suppliers
    ] == expected
    assert {(r[VALUE], r[ANNUAL]) for r in suppliers} == {("", "")}
    assert {r["Irrecoverable VAT (GBP)"] for r in [agreement, *suppliers]} == {""}


def test_the_value_column_sums_to_each_contracts_value_once() -> None:
    for path in (ILSS, CARERS):
        award, council = award_and_council(path, RECORDS)
        rows = read_csv(to_csv(register_rows(award, council)))
        assert total(rows) == award.contract.total_value
        assert total(rows, ANNUAL) == award.contract.annual_value
    # before: the framework's value on each of 60 supplier rows, £15.3bn for £254.4m
    award, _ = award_and_council(ILSS, RECORDS)
    assert sum(len(u.appointed) for u in units(award)) * award.contract.total_value > Decimal(
        "15e9"
    )


def test_sme_vcse_and_charity_number_come_from_the_bidders() -> None:
    award, council = award_and_council(ILSS, RECORDS)
    rows = {r[SUPPLIER]: r for r in read_csv(to_csv(register_rows(award, council)))[1:]}
    charity = rows["Community First Community Care Ltd"]
    assert charity["Supplier registered charity number"] == "1098765"
    assert (charity["SME supplier"], charity["VCSE supplier"]) == ("Yes", "Yes")
    assert (
        rows["Acorn Support CIC"]["SME supplier"],
        rows["Acorn Support CIC"]["VCSE supplier"],
    ) == (
        "Yes",
        "Yes",
    )
    assert rows["Riverside Healthcare Ltd"]["SME supplier"] == "No"
    assert rows["Victoria Home Care Ltd"]["VCSE supplier"] == "No"
    unknown = with_award(
        award, bidders=[b.model_copy(update={"sme": None, "vcse": None}) for b in award.bidders]
    )
    blank = read_csv(to_csv(register_rows(unknown, council)))[1:]
    assert {(r["SME supplier"], r["VCSE supplier"]) for r in blank} == {("", "")}


def test_a_contract_with_one_supplier_is_one_row() -> None:
    award, council = award_and_council(CARERS, RECORDS)
    (row,) = read_csv(to_csv(register_rows(award, council)))
    assert row["Lot"] == ""
    assert row[SUPPLIER] == "Cwmni Gofalwyr Glan-yr-Afon Cyf"
    assert (row[VALUE], row[ANNUAL]) == ("872000.00", "218000.00")
    assert row["Description"] == award.service_description
    assert row["Open Contracting ID"] == ""
    assert row["CPV codes"] == "85312000"
    assert (row["SME supplier"], row["VCSE supplier"]) == ("Yes", "No")
    assert (row["End date"], row["Last extension date"]) == ("2029-05-31", "2030-05-31")


def test_a_contract_with_two_suppliers_has_an_agreement_row() -> None:
    award, council = award_and_council(CARERS, RECORDS)
    two = with_award(award, appointment=award.appointment.model_copy(update={"n": 2}))  # type: ignore[union-attr]
    bids = [
        b.model_copy(update={"outcome": "appointed"}) if i < 2 else b
        for i, b in enumerate(two.bids)
    ]
    rows = read_csv(to_csv(register_rows(with_award(two, bids=bids), council)))
    assert [r[SUPPLIER] for r in rows] == [
        "",
        "Cwmni Gofalwyr Glan-yr-Afon Cyf",
        "Valleys Carers Trust",
    ]
    assert total(rows) == award.contract.total_value
    assert rows[2]["Supplier registered charity number"] == "1187654"


def test_term_arithmetic() -> None:
    assert term_end(dt.date(2025, 10, 6), Decimal(4)) == dt.date(2029, 10, 5)
    assert term_end(dt.date(2026, 1, 1), Decimal("1.5")) == dt.date(2027, 6, 30)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)


# ---- the Frictionless Table Schema ----


def test_the_example_csvs_pass_frictionless_validate(tmp_path: Path) -> None:
    for path in (ILSS, CARERS):
        award, council = award_and_council(path, RECORDS)
        out = tmp_path / f"{award.id}.csv"
        out.write_bytes(to_csv(register_rows(award, council)).encode())
        assert frictionless_errors(out) == []


def test_frictionless_validate_catches_a_broken_register(tmp_path: Path) -> None:
    award, council = award_and_council(ILSS, RECORDS)
    rows = register_rows(award, council)
    rows[0] = rows[0] | {VALUE: "£254.4m", "CPV codes": "8500000", "Start date": "06/10/2025"}
    rows[1] = rows[1] | {"SME supplier": "maybe", "Organisation label": ""}
    out = tmp_path / "broken.csv"
    out.write_bytes(to_csv(rows).encode())
    messages = "\n".join(frictionless_errors(out))
    for column in (VALUE, "CPV codes", "Start date", "SME supplier", "Organisation label"):
        assert f'field "{column}"' in messages, column


# ---- record fields ----


def test_cpv_codes_and_charity_numbers_are_checked_for_shape() -> None:
    award, _ = award_and_council(ILSS, RECORDS)
    data = award.procurement.model_dump()
    assert Procurement.model_validate(data | {"cpv": ["85000000-9", "85312000"]}).cpv
    with pytest.raises(ValidationError, match="cpv"):
        Procurement.model_validate(data | {"cpv": ["8500000"]})
    bidder = award.bidders[0].model_dump()
    for good in ("1098765", "SC012345", "NIC100002"):
        assert type(award.bidders[0]).model_validate(bidder | {"charity_number": good})
    for bad in ("12345", "charity 1098765"):
        with pytest.raises(ValidationError, match="charity_number"):
            type(award.bidders[0]).model_validate(bidder | {"charity_number": bad})
    with pytest.raises(ValidationError, match="ppon"):
        type(award.bidders[0]).model_validate(bidder | {"ppon": "PPON-12"})


# ---- rules R55-R57 ----


def messages(award: Award, rule: str) -> list[str]:
    records = load_records(
        [RECORDS / "councils", RECORDS / "ilss-2025", RECORDS / "carers-support-2026"]
    )
    report = run_rules(replace(records, awards=dict(records.awards) | {award.id: award}))
    return [p.message for p in report.errors + report.warnings if p.message.endswith(f"[{rule}]")]


def test_rules_r55_and_r56_pass_the_examples_and_catch_each_gap() -> None:
    award, _ = award_and_council(ILSS, RECORDS)
    for rule in ("R55", "R56"):
        assert messages(award, rule) == []
    bidders = list(award.bidders)
    charity = next(i for i, b in enumerate(bidders) if b.charity_number)
    bidders[charity] = bidders[charity].model_copy(update={"vcse": False})
    (r55,) = messages(with_award(award, bidders=bidders), "R55")
    assert "Community First Community Care Ltd has the charity number 1098765" in r55
    no_cpv = with_award(award, procurement=award.procurement.model_copy(update={"cpv": []}))
    (r56,) = messages(no_cpv, "R56")
    assert r56.startswith("no CPV code (procurement.cpv)")


def test_suppliers_published_with_sme_or_vcse_blank_are_named() -> None:
    award, _ = award_and_council(ILSS, RECORDS)
    assert unrecorded_status(award) == []
    appointed = next(u.appointed[0].bidder for u in units(award))
    everywhere = {s.bidder.id for u in units(award) for s in u.appointed}
    unsuccessful = next(b for b in award.bidders if b.id not in everywhere)
    blank = {appointed.id: {"sme": None}, unsuccessful.id: {"sme": None, "vcse": None}}
    bidders = [b.model_copy(update=blank.get(b.id, {})) for b in award.bidders]
    assert unrecorded_status(with_award(award, bidders=bidders)) == [
        f"{appointed.name}: sme not recorded, published blank (set bidders[].sme to true or false)"
    ]


# ---- command line ----


def test_cli_writes_the_csv_and_lists_the_columns(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "register.csv"
    result = runner.invoke(main, ["transparency", str(ILSS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(read_csv(out.read_text(encoding="utf-8"))) == 61
    assert frictionless_errors(out) == []
    listed = runner.invoke(main, ["transparency", "--columns"])
    assert [line.split("\t")[0] for line in listed.output.splitlines()] == list(HEADER)


def test_cli_warns_of_suppliers_published_with_sme_blank(tmp_path: Path) -> None:
    text = ILSS.read_text(encoding="utf-8")
    first = text.index("  sme: true\n")  # the first bidder's
    (tmp_path / "award.yaml").write_text(text[:first] + text[first + 12 :], encoding="utf-8")
    (tmp_path / "councils").mkdir()
    council = (RECORDS / "councils" / "newham.yaml").read_text(encoding="utf-8")
    (tmp_path / "councils" / "newham.yaml").write_text(council, encoding="utf-8")
    args = ["transparency", str(tmp_path / "award.yaml"), "--records", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "register.csv")])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: Abbeyfield Home Care Ltd: sme not recorded, published blank "
        "(set bidders[].sme to true or false)\n"
    )
