"""The benchmark: its synthetic record is valid, and it prints one line in the documented form."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import needs

from docgen import pipeline
from docgen.derive.units import units
from tools import bench

LINE = re.compile(
    r"(?P<n>\d+) letters \(Word\+PDF\) in [\d.]+ s, \d+ letters/s on \d+ cores "
    r"with (?:jemalloc|glibc malloc) "
    r"\(load [\d.]+ s, render and check [\d.]+ s, manifests [\d.]+ s\); "
    r"rebuild with nothing changed [\d.]+ s \([\d.]+ s after loading the records\); "
    r"the print file of every letter \(--print-file\) [\d.]+ s more"
)


def test_bench_prints_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--bidders", "30", "--no-baseline"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    match = LINE.fullmatch(lines[0])
    assert match, lines[0]
    assert match["n"] == "30"


def test_written_record_validates_with_one_bid_per_bidder(tmp_path: Path) -> None:
    bench.main(["--bidders", "120", "--write-record", str(tmp_path / "award.yaml")])
    records = pipeline.validate([tmp_path])
    award = records.awards["bench-award"]
    assert len(award.bidders) == 120 and len(award.lots) == 2
    bids = Counter(bid.bidder for unit in units(award) for bid in unit.bids)
    assert set(bids.values()) == {1} and len(bids) == 120
    outcomes = Counter(bid.outcome for unit in units(award) for bid in unit.bids)
    assert outcomes["appointed"] and outcomes["unsuccessful"] and outcomes["excluded"]
    assert any("<Care>" in b.name and "Ŵ" in b.name for b in award.bidders)
    assert len({b.name for b in award.bidders}) == 120


@needs("soffice", "libreoffice-writer-nogui")
def test_baseline_is_timed_and_scaled(tmp_path: Path) -> None:
    bench.write_record(tmp_path / "records" / "award.yaml", 6)
    seconds, how = bench.baseline(tmp_path / "records", tmp_path, 60, sample=3)
    assert seconds > 0
    assert how == "timed on 3 letters, scaled"
    assert len(list((tmp_path / "lo-all").glob("*.pdf"))) == 3
