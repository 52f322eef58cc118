"""The Transparency Code contract register: columns, one row per supplier per Lot, dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from conftest import RECORDS

from docgen.cli import main
from docgen.derive.units import units
from docgen.exchange.transparency import (
    HEADER,
    add_months,
    award_and_council,
    register_rows,
    term_end,
    to_csv,
)

ILSS = RECORDS / "ilss-2025" / "award.yaml"
CARERS = RECORDS / "carers-support-2026" / "award.yaml"


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_columns_cover_what_the_code_asks_for() -> None:
    for wanted in (
        "Reference",
        "Title",
        "Department",
        "Description",
        "Supplier name",
        "Supplier company number",
        "Start date",
        "End date",
        "Review date",
        "Total value (GBP)",
        "Irrecoverable VAT (GBP)",
        "Invitation",
        "SME",
        "VCSE",
    ):
        assert wanted in HEADER


def test_one_row_per_appointed_supplier_per_lot() -> None:
    award, council = award_and_council(ILSS, RECORDS)
    rows = read_csv(to_csv(register_rows(award, council)))
    expected = [
        (u.name, s.bidder.name, s.bidder.company_number) for u in units(award) for s in u.appointed
    ]
    assert [(r["Lot"], r["Supplier name"], r["Supplier company number"]) for r in rows] == expected
    assert list(rows[0]) == list(HEADER)
    first = rows[0]
    assert first["Reference"] == "ITTN442"
    assert first["OCID"] == "ocds-h6vhtk-04deed"
    assert first["Department"] == "Adults and Health – Commissioning"
    assert first["Agreement type"] == "framework"
    assert first["Start date"] == "2025-10-06"
    assert first["End date"] == "2029-10-05"
    assert first["Review date"] == "2029-10-05"
    assert first["Extension periods"] == "2029-10-06 to 2031-10-05; 2031-10-06 to 2033-10-05"
    assert first["Latest end date"] == "2033-10-05"
    assert first["Total value (GBP)"] == "254400000.00"
    assert first["Annual value (GBP)"] == "31800000.00"
    assert first["Invitation"] == "Published invitation to tender"
    assert (
        first["Procedure"]
        == "open procedure (Public Contracts Regulations 2015, light touch regime)"
    )
    for blank in ("SME", "VCSE", "Irrecoverable VAT (GBP)", "Supplier charity number"):
        assert {r[blank] for r in rows} == {""}


def test_a_contract_without_lots() -> None:
    award, council = award_and_council(CARERS, RECORDS)
    (row,) = read_csv(to_csv(register_rows(award, council)))
    assert row["Lot"] == ""
    assert row["Supplier name"] == "Cwmni Gofalwyr Glan-yr-Afon Cyf"
    assert row["Description"] == award.service_description
    assert row["OCID"] == ""
    assert (row["End date"], row["Latest end date"]) == ("2029-05-31", "2030-05-31")


def test_term_arithmetic() -> None:
    assert term_end(dt.date(2025, 10, 6), Decimal(4)) == dt.date(2029, 10, 5)
    assert term_end(dt.date(2026, 1, 1), Decimal("1.5")) == dt.date(2027, 6, 30)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)


def test_cli_writes_the_csv_and_lists_the_columns(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "register.csv"
    result = runner.invoke(main, ["transparency", str(ILSS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(read_csv(out.read_text(encoding="utf-8"))) == 60
    listed = runner.invoke(main, ["transparency", "--columns"])
    assert [line.split("\t")[0] for line in listed.output.splitlines()] == list(HEADER)
