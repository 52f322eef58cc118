"""OCDS: the release package validates against the 1.1.5 schema extended with the Lots extension,
names the right suppliers with their organisation identifiers, and marks awards pending until the
standstill has ended."""

from __future__ import annotations

import copy
import datetime as dt
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
from docgen.documents.award_letter import standstill_for
from docgen.errors import UsageError
from docgen.exchange.ocds import party_id, release_package
from docgen.exchange.ocds_import import award_record, import_ocds
from docgen.exchange.transparency import award_and_council

SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "ocds"
ILSS = RECORDS / "ilss-2025" / "award.yaml"
CARERS = RECORDS / "carers-support-2026" / "award.yaml"


def read(name: str) -> Any:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON Merge Patch, as OCDS extensions are applied: objects merge key by key, null
    removes a key, anything else (arrays too) replaces. Written here because the registry's
    ProfileBuilder (ocdsextensionregistry) fetches the registry and extensions over HTTP."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    merged = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = merge_patch(merged.get(key), value)
    return merged


def package_validator(release: Any) -> jsonschema.Draft4Validator:
    registry = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    return jsonschema.Draft4Validator(
        read("release-package-schema.json"),
        registry=registry,
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )


@pytest.fixture(scope="module")
def core() -> jsonschema.Draft4Validator:
    return package_validator(read("release-schema.json"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    """The core release schema with the Lots extension's patch merged in."""
    extended = merge_patch(read("release-schema.json"), read("lots-release-schema-patch.json"))
    return package_validator(extended)


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
            if s.bidder.charity_number:
                assert party["additionalIdentifiers"] == [
                    {"scheme": "GB-CHC", "id": s.bidder.charity_number}
                ]
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
    (supplier,) = [p for p in release["parties"] if p["roles"] == ["supplier"]]
    assert supplier["additionalIdentifiers"] == [{"scheme": "GB-PPON", "id": "GYAF-4821-CWMN"}]
    assert single["value"] == {"amount": 872000, "currency": "GBP"}


def test_cli_writes_the_package(tmp_path: Path, validator: jsonschema.Draft4Validator) -> None:
    out = tmp_path / "ilss.json"
    result = CliRunner().invoke(
        main, ["ocds", str(ILSS), "--out", str(out), "--records", str(RECORDS)]
    )
    assert result.exit_code == 0, result.output
    assert errors(validator, json.loads(out.read_text(encoding="utf-8"))) == []


# ---- the Lots extension ----


def test_merge_patch_follows_rfc_7396() -> None:
    target = {"a": "b", "c": {"d": "e", "f": "g"}, "list": [1, 2]}
    patch = {"a": "z", "c": {"f": None}, "list": [3], "new": {"x": 1}}
    assert merge_patch(target, patch) == {
        "a": "z",
        "c": {"d": "e"},
        "list": [3],
        "new": {"x": 1},
    }
    assert target["c"] == {"d": "e", "f": "g"}  # the target is not changed


def test_the_extended_schema_checks_what_the_core_lets_through(
    core: jsonschema.Draft4Validator, validator: jsonschema.Draft4Validator
) -> None:
    award, council = award_and_council(ILSS, RECORDS)
    package = release_package(award, council)
    tender = package["releases"][0]["tender"]
    tender["lots"][0]["status"] = "awarded"  # not in the tenderStatus codelist
    del tender["lots"][1]["id"]
    package["releases"][0]["awards"][0]["relatedLots"] = "1"
    assert errors(core, package) == []
    found = errors(validator, package)
    assert any("'awarded' is not one of" in e for e in found)
    assert any("'id' is a required property" in e for e in found)
    assert any("'1' is not of type 'array', 'null'" in e for e in found)


# ---- award status and identifiers ----


def statuses(path: Path, as_at: dt.date | None = None) -> set[str]:
    award, council = award_and_council(path, RECORDS)
    package = release_package(award, council, "ocds-a1b2c3", as_at=as_at)
    return {a["status"] for a in package["releases"][0]["awards"]}


def test_awards_are_pending_until_the_standstill_has_ended(
    validator: jsonschema.Draft4Validator,
) -> None:
    # PCR 2015: sent electronically on Wed 23 July 2025, the 10th day is Sat 2 August, so the
    # standstill ends at midnight at the end of Mon 4 August
    award, council = award_and_council(ILSS, RECORDS)
    assert standstill_for(award, council).ends == dt.date(2025, 8, 4)  # type: ignore[union-attr]
    assert statuses(ILSS) == {"pending"}  # as at the send date
    assert statuses(ILSS, dt.date(2025, 8, 4)) == {"pending"}
    assert statuses(ILSS, dt.date(2025, 8, 5)) == {"active"}
    later = release_package(award, council, as_at=dt.date(2025, 8, 5))
    assert errors(validator, later) == []
    release = later["releases"][0]
    assert (release["date"], release["id"]) == (
        "2025-08-05T00:00:00Z",
        "ocds-h6vhtk-04deed-award-2025-08-05",
    )
    assert release["awards"][0]["date"] == "2025-07-23T00:00:00Z"  # the award decision's day
    # Procurement Act 2023: 8 working days from the notice on Thu 12 March 2026, any UK bank
    # holiday excluded (St Patrick's Day, Tue 17 March), so the last day is Tue 24 March
    carers, glan = award_and_council(CARERS, RECORDS)
    assert standstill_for(carers, glan).ends == dt.date(2026, 3, 24)  # type: ignore[union-attr]
    assert statuses(CARERS, dt.date(2026, 3, 24)) == {"pending"}
    assert statuses(CARERS, dt.date(2026, 3, 25)) == {"active"}


def test_an_award_without_standstill_is_active_at_once() -> None:
    award, council = award_and_council(CARERS, RECORDS)
    none = award.model_copy(
        update={"notification": award.notification.model_copy(update={"standstill": "none"})}
    )
    package = release_package(none, council, "ocds-a1b2c3")
    assert {a["status"] for a in package["releases"][0]["awards"]} == {"active"}


def test_party_ids_use_the_first_identifier_the_record_holds() -> None:
    award, _ = award_and_council(ILSS, RECORDS)
    bidder = award.bidders[0]

    def as_party(**facts: str | None) -> str:
        blank = {"company_number": None, "charity_number": None, "ppon": None}
        return party_id(award, bidder.model_copy(update=blank | facts))

    assert as_party(company_number="05587238", ppon="ABCD-1234-EFGH") == "GB-COH-05587238"
    assert as_party(charity_number="1098765", ppon="ABCD-1234-EFGH") == "GB-CHC-1098765"
    assert as_party(charity_number="SC012345") == "GB-SC-SC012345"
    assert as_party(charity_number="NIC100002") == "GB-NIC-100002"
    assert as_party(ppon="ABCD-1234-EFGH") == "GB-PPON-ABCD-1234-EFGH"
    assert as_party() == f"ilss-2025-{bidder.id}"


def test_cli_takes_an_as_at_date(tmp_path: Path, validator: jsonschema.Draft4Validator) -> None:
    out = tmp_path / "ilss.json"
    args = ["ocds", str(ILSS), "--out", str(out), "--records", str(RECORDS)]
    result = CliRunner().invoke(main, [*args, "--as-at", "2025-08-05"])
    assert result.exit_code == 0, result.output
    package = json.loads(out.read_text(encoding="utf-8"))
    assert errors(validator, package) == []
    assert {a["status"] for a in package["releases"][0]["awards"]} == {"active"}


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
