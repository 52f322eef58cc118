"""OCDS: the release package validates against the 1.1.5 schema and names the right suppliers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import RECORDS
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4
from ruamel.yaml import YAML

from docgen.cli import main
from docgen.derive.units import units
from docgen.errors import UsageError
from docgen.exchange.ocds import release_package
from docgen.exchange.ocds_import import award_record, import_ocds
from docgen.exchange.transparency import award_and_council

SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "ocds"
ILSS = RECORDS / "ilss-2025" / "award.yaml"
CARERS = RECORDS / "carers-support-2026" / "award.yaml"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    folder = SCHEMAS
    release = json.loads((folder / "release-schema.json").read_text(encoding="utf-8"))
    package = json.loads((folder / "release-package-schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    return jsonschema.Draft4Validator(
        package, registry=registry, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def errors(validator: jsonschema.Draft4Validator, data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_ilss_package_validates_against_the_schema(validator: jsonschema.Draft4Validator) -> None:
    award, council = award_and_council(ILSS, RECORDS)
    package = release_package(award, council, uri="https://www.newham.gov.uk/ocds/ilss.json")
    assert errors(validator, package) == []
    release = package["releases"][0]
    assert release["ocid"] == "ocds-h6vhtk-04deed"
    assert release["tag"] == ["award"]
    assert package["extensions"][0].endswith("ocds_lots_extension/master/extension.json")


def test_lots_and_awards_match_the_appointed_bidders() -> None:
    award, council = award_and_council(ILSS, RECORDS)
    release = release_package(award, council)["releases"][0]
    lots = release["tender"]["lots"]
    assert [lot["id"] for lot in lots] == ["1", "2", "3", "4", "5"]
    assert [lot["title"] for lot in lots] == [lot.title for lot in award.lots]
    assert {lot["status"] for lot in lots} == {"complete"}
    parties = {p["id"]: p for p in release["parties"]}
    for unit in units(award):
        found = [a for a in release["awards"] if a["relatedLots"] == [str(unit.number)]]
        assert len(found) == 1
        suppliers = [s["id"] for s in found[0]["suppliers"]]
        assert suppliers == [f"GB-COH-{s.bidder.company_number}" for s in unit.appointed]
        for s in unit.appointed:
            party = parties[f"GB-COH-{s.bidder.company_number}"]
            assert party["name"] == s.bidder.name
            assert party["identifier"] == {
                "scheme": "GB-COH",
                "id": s.bidder.company_number,
                "legalName": s.bidder.name,
            }
            assert party["roles"] == ["supplier"]
    unsuccessful = {s.bidder.name for u in units(award) for s in u.scored} - {
        p["name"] for p in release["parties"]
    }
    assert unsuccessful  # bidders appointed nowhere are not published
    assert parties["lb-newham"]["roles"] == ["buyer", "procuringEntity"]
    assert release["buyer"] == {"id": "lb-newham", "name": "London Borough of Newham"}


def test_tender_value_criteria_and_periods() -> None:
    award, council = award_and_council(ILSS, RECORDS)
    tender = release_package(award, council)["releases"][0]["tender"]
    assert tender["value"] == {"amount": 254400000, "currency": "GBP"}
    assert tender["awardCriteria"] == "ratedCriteria"
    assert tender["awardCriteriaDetails"].startswith("Service delivery and outcomes: 30%; ")
    assert tender["contractPeriod"] == {
        "startDate": "2025-10-06T00:00:00Z",
        "endDate": "2029-10-05T00:00:00Z",
        "maxExtentDate": "2033-10-05T00:00:00Z",
    }
    assert tender["items"][0]["classification"] == {"scheme": "CPV", "id": "85000000"}


def test_an_award_without_ocid_needs_a_prefix(validator: jsonschema.Draft4Validator) -> None:
    award, council = award_and_council(CARERS, RECORDS)
    with pytest.raises(UsageError, match="--ocid-prefix"):
        release_package(award, council)
    with pytest.raises(UsageError, match="must look like"):
        release_package(award, council, "not-a-prefix")
    package = release_package(award, council, "ocds-a1b2c3")
    assert errors(validator, package) == []
    release = package["releases"][0]
    assert release["ocid"] == "ocds-a1b2c3-carers-support-2026"
    assert "lots" not in release["tender"]
    (single,) = release["awards"]
    assert "relatedLots" not in single
    assert [s["id"] for s in single["suppliers"]] == ["GB-COH-09876543"]
    assert single["value"] == {"amount": 860000, "currency": "GBP"}


def test_cli_writes_the_package(tmp_path: Path, validator: jsonschema.Draft4Validator) -> None:
    out = tmp_path / "ilss.json"
    result = CliRunner().invoke(
        main, ["ocds", str(ILSS), "--out", str(out), "--records", str(RECORDS)]
    )
    assert result.exit_code == 0, result.output
    assert errors(validator, json.loads(out.read_text(encoding="utf-8"))) == []


# ---- import ----


def test_import_makes_a_skeleton_with_lots_suppliers_and_todos(tmp_path: Path) -> None:
    award, council = award_and_council(ILSS, RECORDS)
    rid, text = award_record(release_package(award, council))
    assert rid == "independent-living-support-service"
    data = YAML(typ="rt").load(text)
    assert data["procurement"]["ocid"] == "ocds-h6vhtk-04deed"
    assert data["procurement"]["regime"] == "pcr2015"
    assert data["contract"]["total_value"] == 254400000
    assert [lot["number"] for lot in data["lots"]] == [1, 2, 3, 4, 5]
    names = {b["id"]: b["name"] for b in data["bidders"]}
    for unit, lot in zip(units(award), data["lots"], strict=True):
        assert [names[b["bidder"]] for b in lot["bidders"]] == [
            s.bidder.name for s in unit.appointed
        ]
        assert {b["outcome"] for b in lot["bidders"]} == {"appointed"}
    numbers = {b["name"]: b["company_number"] for b in data["bidders"]}
    assert numbers["Abbeyfield Home Care Ltd"] == "05587238"
    assert [c["weight"] for c in data["criteria"]] == [30, 10, 10, 10, 40]
    assert "# TODO: the council record's id (buyer: London Borough of Newham)" in text
    assert "TODO: a score for every criterion" in text


def test_import_cli_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    award, council = award_and_council(CARERS, RECORDS)
    package = tmp_path / "package.json"
    package.write_text(json.dumps(release_package(award, council, "ocds-a1b2c3")), encoding="utf-8")
    path, rid = import_ocds(package, tmp_path / "imported", "carers-import")
    assert path == tmp_path / "imported" / "award.yaml" and rid == "carers-import"
    data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    assert [b["bidder"] for b in data["bids"]] == ["cwmni-gofalwyr-glan-yr-afon-cyf"]
    result = CliRunner().invoke(
        main, ["import-ocds", str(package), "--out", str(tmp_path / "imported")]
    )
    assert result.exit_code == 2
    assert "never overwrites" in result.output


def test_import_rejects_a_file_that_is_not_a_package(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"records": []}', encoding="utf-8")
    result = CliRunner().invoke(main, ["import-ocds", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "not an OCDS release package" in result.output


def test_import_reads_find_a_tender_lot_criteria() -> None:
    """Find a Tender puts criteria in lots[].awardCriteria, with the weight as description."""
    release = {
        "ocid": "ocds-h6vhtk-000001",
        "id": "1",
        "date": "2024-11-01T00:00:00Z",
        "tag": ["tender"],
        "tender": {
            "id": "T-1",
            "title": "Day Opportunities",
            "tenderPeriod": {
                "startDate": "2024-11-01T00:00:00Z",
                "endDate": "2024-12-01T00:00:00Z",
            },
            "lots": [
                {
                    "id": "LOT-0001",
                    "title": "North",
                    "awardCriteria": {
                        "criteria": [
                            {"type": "quality", "name": "Quality", "description": "70"},
                            {"type": "price", "name": "Cost", "description": "30"},
                        ]
                    },
                }
            ],
        },
    }
    _, text = award_record({"version": "1.1", "releases": [release]})
    data = YAML(typ="rt").load(text)
    assert [(c["id"], c["kind"], c["weight"]) for c in data["criteria"]] == [
        ("quality", "quality", 70),
        ("cost", "price", 30),
    ]
    assert data["procurement"]["regime"] == "pcr2015"
    assert data["lots"][0]["number"] == 1
    assert data["lots"][0]["bidders"] == []
