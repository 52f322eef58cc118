"""`make exports` on an award of each route: each gets what it has (OCDS for a direct award and a
modification, a register row for a direct award, a scores workbook only where tenders were
scored) and a plain note for what it has not, instead of stopping at the first route award."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT

STAMP = ".venv/.installed-stamp"
AWARDS = {
    "competitive": "carers-support-2026",
    "call_off": "accessible-transport-calloff-2026",
    "direct_award": "interim-care-2026",
    "modification": "day-opportunities-extension",
    "authority_to_procure": "supported-living-2026",
    "not_awarded": "community-transport-2026",
}
PREFIX = "ocds-abc123"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("exports")
    files = " ".join(f"records/{name}/award.yaml" for name in AWARDS.values())
    done = subprocess.run(
        [
            "make",
            "-s",
            "-o",
            STAMP,
            "exports",
            f"OUT={out}",
            f"AWARDS={files}",
            f"OCID_PREFIX={PREFIX}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "exports", done.stdout


def test_each_route_gets_the_exports_it_has(exported: tuple[Path, str]) -> None:
    folder, _ = exported
    public = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert public == sorted(
        [
            f"{AWARDS[r]}-ocds.json"
            for r in ("competitive", "call_off", "direct_award", "modification")
        ]
        + [f"{AWARDS[r]}-contracts.csv" for r in ("competitive", "call_off", "direct_award")]
    )
    exempt = sorted(p.name for p in (folder / "exempt").iterdir())
    assert exempt == sorted(f"{AWARDS[r]}-scores.xlsx" for r in ("competitive", "call_off"))


def test_the_direct_award_and_the_modification_are_real_exports(exported: tuple[Path, str]) -> None:
    folder, _ = exported
    direct = json.loads((folder / "interim-care-2026-ocds.json").read_text(encoding="utf-8"))
    (release,) = direct["releases"]
    assert release["ocid"] == f"{PREFIX}-interim-care-2026"
    names = {s["name"] for award in release["awards"] for s in award["suppliers"]}
    assert names == {"Harbourside Care Services Ltd"}
    change = json.loads((folder / "day-opportunities-extension-ocds.json").read_text("utf-8"))
    assert change["releases"][0]["tag"] == ["contractAmendment"]
    with (folder / "interim-care-2026-contracts.csv").open(encoding="utf-8-sig") as f:
        (row,) = list(csv.DictReader(f))
    assert row["Supplier name"] == "Harbourside Care Services Ltd"
    assert row["Value of contract (GBP)"] == "2620000.00"
    book = openpyxl.load_workbook(folder / "exempt" / "carers-support-2026-scores.xlsx")
    assert book.sheetnames == ["Scores"]


def test_what_a_route_has_not_is_a_plain_note(exported: tuple[Path, str]) -> None:
    _, said = exported
    notes = sorted(line.strip() for line in said.splitlines() if line.startswith("  ("))
    assert notes == sorted(
        [
            "(nothing to export for records/community-transport-2026/award.yaml: a decision not to "
            "award awards no contract, so it has no OCDS release, register row or scores workbook)",
            "(no transparency row for records/day-opportunities-extension/award.yaml: the contract a "
            "modification changes keeps its own row; docgen transparency "
            "records/day-opportunities-extension/award.yaml says what to update in it)",
            "(no scores workbook for records/day-opportunities-extension/award.yaml: a modification "
            "scores no tenders)",
            "(no scores workbook for records/interim-care-2026/award.yaml: a direct award scores no "
            "tenders)",
            "(nothing to export for records/supported-living-2026/award.yaml: an authority to procure "
            "awards no contract, so it has no OCDS release, register row or scores workbook)",
        ]
    )
