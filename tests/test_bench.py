"""The benchmark: its synthetic record is valid, and it prints one line in the documented form."""

from __future__ import annotations

import json
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


def test_bilingual_bench_times_both_cases_in_the_same_run(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert bench.main(["--bidders", "12", "--no-baseline", "--bilingual"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    english, welsh = line.split("; the same award for a council publishing in Welsh and English, ")
    assert LINE.fullmatch(english), english
    ratio = r"[\d.]+ s, [\d.]+x the English command \([\d.]+x its render and check\)"
    assert re.fullmatch(f"no language recorded: {ratio}; languages recorded: {ratio}", welsh)


def test_bilingual_records_give_every_text_its_welsh_and_letters_their_languages(
    tmp_path: Path,
) -> None:
    from docgen.letters.plan import plan_letters

    bench.write_record(tmp_path / "a" / "award.yaml", 12, welsh=True)
    bench.write_record(tmp_path / "b" / "award.yaml", 12, welsh=True, languages=True)
    both = pipeline.validate([tmp_path / "a"])  # R57 would stop a text without its Welsh
    recorded = pipeline.validate([tmp_path / "b"])
    assert both.councils["bench-borough"].languages.order == ["cy", "en"]
    parts = [json.loads(x.job.context_json) for p in plan_letters(both) for x in p.letters]
    assert all(len(c["parts"]) == 2 for c in parts)
    single = [json.loads(x.job.context_json) for p in plan_letters(recorded) for x in p.letters]
    langs = Counter(c["meta"]["lang"] for c in single)
    assert langs["cy-GB"] == langs["en-GB"] == 6


@needs("soffice", "libreoffice-writer-nogui")
def test_baseline_is_timed_and_scaled(tmp_path: Path) -> None:
    bench.write_record(tmp_path / "records" / "award.yaml", 6)
    seconds, how = bench.baseline(tmp_path / "records", tmp_path, 60, sample=3)
    assert seconds > 0
    assert how == "timed on 3 letters, scaled"
    assert len(list((tmp_path / "lo-all").glob("*.pdf"))) == 3


def test_bench_cli_times_a_command_and_prints_its_row(capsys: pytest.CaptureFixture[str]) -> None:
    from tools import bench_cli

    assert bench_cli.main(["--runs", "2", "--only", "validate", "--no-peer"]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(line for line in lines if line.startswith("docgen validate records/"))
    cells = row.removeprefix("docgen validate records/").split()
    low, median, high, cpu = (float(x) for x in cells[:4])
    assert 0 < low <= median <= high and cpu > 0
    assert cells[4:6] == ["<0.4", "s"] and cells[-1] in ("yes", "no")
    assert lines[-1].startswith("seconds (min, median, max of 2 runs;")


def test_bench_cli_judges_each_target_and_the_peer_ratio() -> None:
    from tools.bench_cli import Result, Timing, table

    quick = Result("quick", Timing([0.2, 0.3, 0.25], [0.2, 0.2, 0.2]), 0.4)
    slow = Result("slow", Timing([2.0, 2.0, 2.0], [1.0, 1.0, 1.0]), 1.0)
    beaten = Result("vs peer", Timing([1.0, 1.0, 1.0], [1, 1, 1]), None, [12.0, 11.0, 13.0])
    close = Result("close", Timing([2.0, 2.0, 2.0], [1, 1, 1]), 12.0, [15.0], "scaled")
    assert [r.met() for r in (quick, slow, beaten, close)] == ["yes", "no", "yes", "no"]
    assert beaten.ratio() == 12.0 and close.ratio() == 7.5
    text = table([quick, slow, beaten, close])
    assert "12.0x" in text and "7.5x" in text and "the peer for 'close': scaled" in text


def test_the_peer_pipeline_runs_as_a_command_of_its_own(tmp_path: Path) -> None:
    """bench_cli times the peer as `python tools/bench.py --peer …`: a Word letter per context."""
    from docx import Document

    from docgen.resources import templates
    from tools import bench_cli

    bench.write_record(tmp_path / "records" / "award.yaml", 4)
    assert bench_cli.write_contexts(tmp_path / "records", tmp_path / "contexts", 3) == 3
    command = bench_cli.peer_command(tmp_path / "contexts", tmp_path / "out", tmp_path / "lo", None)
    assert command[1:3] == [str(bench_cli.ROOT / "tools" / "bench.py"), "--peer"]
    assert command[3] == str(templates() / "award_letter.docx")
    bench_cli.timed(command)
    letters = sorted((tmp_path / "out").glob("*.docx"))
    assert [p.name for p in letters] == ["00000.docx", "00001.docx", "00002.docx"]
    text = "\n".join(p.text for p in Document(str(letters[0])).paragraphs)
    assert "Benchmark Support Service" in text and "Dear " in text
