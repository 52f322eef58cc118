"""Time `docgen letters` on a synthetic award against a naive baseline; print one line.

    python tools/bench.py --bidders 1000            # make bench N=1000
    python tools/bench.py --bidders 30 --no-baseline
    python tools/bench.py --bidders 500 --write-record /tmp/bench/award.yaml

The award has N bidders spread over Lots of about 50, each bidding for one Lot, so there are N
letters. The timed build is what `docgen letters` runs (pipeline.build_letters), phase by
phase: load and validate the records, with the rules; render every letter as .docx and PDF
(docgen.build.engine.run), each read back and checked for leaks in the worker that made it; write the
manifests. The synthetic letters all go by email, so, as for a real award, no print file is made;
a rebuild with nothing changed is timed next, and then the same command with --print-file,
which combines every letter into one PDF for the post (pypdf, about 3.5 ms a letter). The baseline is what a naive script does: docxtpl's
`DocxTemplate(path)` loaded, rendered and saved for each letter, then LibreOffice converting them
all in one batch (`soffice --headless --convert-to pdf` with a private profile). For more than
--sample letters the baseline is timed on a sample and scaled linearly (LibreOffice's start-up
counted once), and the line says so.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# docgen and ruamel load in the functions that use them: `--peer` runs the peer pipeline as a
# command of its own (tools/bench_cli.py times it so), importing docxtpl and nothing of docgen.

LOT_SIZE = 50
FIRST = ["Abbey", "Acorn", "Albany", "Beacon", "Birch", "Bow", "Canal", "Castle", "Cedar", "Dock"]
FIRST += ["Elm", "Forest", "Green", "Harbour", "Hawthorn", "Ivy", "Kestrel", "Lea", "Maple", "Mill"]
SECOND = ["Home Care", "Support", "Living", "Healthcare", "Care Services", "Homecare", "Community"]
KIND = ["Ltd", "CIC", "Trust", "LLP"]
CRITERIA = [
    ("service-delivery", "Service delivery and outcomes", "quality", 30),
    ("workforce", "Workforce, recruitment and training", "quality", 10),
    ("safeguarding", "Safeguarding and quality assurance", "quality", 10),
    ("social-value", "Social value", "social_value", 10),
    ("price", "Price", "price", 40),
]
WELSH = {
    "Bench Borough Council": "Cyngor Bwrdeistref Bench",
    "Commissioning and Procurement": "Comisiynu a Chaffael",
    "Head of Procurement": "Pennaeth Caffael",
    "Benchmark Support Service": "Gwasanaeth Cymorth Meincnod",
    "Service delivery and outcomes": "Darparu'r gwasanaeth a'i ganlyniadau",
    "Workforce, recruitment and training": "Gweithlu, recriwtio a hyfforddi",
    "Safeguarding and quality assurance": "Diogelu a sicrhau ansawdd",
    "Social value": "Gwerth cymdeithasol",
    "Price": "Pris",
    "Registration with the regulator": "Cofrestru gyda'r rheoleiddiwr",
    "The successful tenders set out clear, person-centred service models.": (
        "Roedd y tendrau llwyddiannus yn nodi modelau gwasanaeth clir sy'n canolbwyntio ar yr "
        "unigolyn."
    ),
    "The tender did not include evidence of registration.": (
        "Nid oedd y tendr yn cynnwys tystiolaeth o gofrestru."
    ),
}
"""The Welsh of every text of the synthetic records a council publishing in Welsh must give
(R57), for the bilingual run (--bilingual)."""


# ---- the synthetic records -------------------------------------------------------------------


def council() -> dict[str, Any]:
    return {
        "kind": "council",
        "id": "bench-borough",
        "name": "Bench Borough Council",
        "short_name": "Bench",
        "address": ["Town Hall", "1 High Street", "Benchton BT1 1AA"],
        "letterhead": {
            "department": "Commissioning and Procurement",
            "address": ["Town Hall", "1 High Street", "Benchton BT1 1AA"],
            "email": "procurement@bench.example.gov.uk",
        },
        "officers": [
            {"id": "head-procurement", "name": "Sam Taylor", "title": "Head of Procurement"}
        ],
    }


def bidder_name(i: int) -> str:
    """Distinct names; every 97th has the characters that break naive templates."""
    a, b, c = FIRST[i % len(FIRST)], SECOND[(i // len(FIRST)) % len(SECOND)], KIND[i % len(KIND)]
    cycle = i // (len(FIRST) * len(SECOND))
    name = f"{a} {b} {c}" if cycle == 0 else f"{a} {b} {cycle + 1} {c}"
    return f"O'Brien & {a} <Care> {c} t/a Gofal Ŵyn {i}" if i % 97 == 96 else name


def award(n: int, seed: int = 2025) -> dict[str, Any]:
    """An award record with n bidders, each bidding for one of about n/50 Lots."""
    rng = random.Random(seed)
    lots = max(1, round(n / LOT_SIZE))
    bidders = [_bidder(i) for i in range(n)]
    bids: list[list[dict[str, Any]]] = [[] for _ in range(lots)]
    for i, who in enumerate(bidders):
        bids[i % lots].append(_bid(who["id"], rng, excluded=i % 23 == 22))
    record = {
        "kind": "award",
        "id": "bench-award",
        "council": "bench-borough",
        "title": "Benchmark Support Service",
        "procurement": {
            "reference": "BENCH-001",
            "regime": "pcr2015",
            "procedure": "open procedure",
            "cpv": ["85000000"],  # as a real award records it (R56 warns without)
            "first_notice": "2024-12-17",
            "tender_deadline": "2025-03-20",
        },
        "notification": {"send_date": "2025-07-23", "signatory": "head-procurement"},
        "contract": {
            "kind": "framework",
            "initial_years": 4,
            "max_years": 4,
            "start": "2025-10-06",
            "annual_value": 1000000,
            "total_value": 4000000,
        },
        "criteria": [{"id": c, "name": t, "kind": k, "weight": w} for c, t, k, w in CRITERIA],
        "gates": [{"id": "registration", "name": "Registration with the regulator"}],
        "bidders": bidders,
        "advantages": "The successful tenders set out clear, person-centred service models.",
        "lots": [_lot(k + 1, lot_bids) for k, lot_bids in enumerate(bids)],
    }
    return _with_outcomes(record)


def _bidder(i: int) -> dict[str, Any]:
    return {
        "id": f"b{i + 1:05d}",
        "name": bidder_name(i),
        "address": [f"{i + 1} Station Road", "Benchton", "BT2 2BB"],
        "contact": {"name": f"Contact {i + 1}", "email": f"tenders{i + 1}@example.com"},
    }


def _bid(bidder: str, rng: random.Random, excluded: bool) -> dict[str, Any]:
    if excluded:
        return {
            "bidder": bidder,
            "gates": {"registration": "fail"},
            "outcome": "excluded",
            "exclusion_reason": "The tender did not include evidence of registration.",
        }
    scores = {c: round(rng.uniform(0.3, 1.0) * w, 2) for c, _, _, w in CRITERIA}
    return {
        "bidder": bidder,
        "gates": {"registration": "pass"},
        "scores": scores,
        "outcome": "unsuccessful",
    }


def _lot(number: int, bids: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "number": number,
        "title": f"Area {number}",
        "appointment": {"method": "top_n", "n": max(1, len(bids) // 3)},
        "tie_break": "service-delivery",
        "bidders": bids,
    }


def _with_outcomes(record: dict[str, Any]) -> dict[str, Any]:
    """Set each scored bid's outcome to what the Lot's appointment rule gives."""
    from docgen.derive.units import units
    from docgen.models import Award

    for unit in units(Award.model_validate(record)):
        chosen = unit.should_be_appointed
        lot = next(x for x in record["lots"] if x["number"] == unit.number)
        for bid in lot["bidders"]:
            if bid["outcome"] != "excluded":
                bid["outcome"] = "appointed" if bid["bidder"] in chosen else "unsuccessful"
    return record


def bilingual(data: Any) -> Any:
    """The records of a council that publishes in Welsh and English (Welsh first, one file):
    every text in WELSH given as {en, cy}, Lots named in both, the council's languages set.
    Bidders state no language, so every letter is in both languages (the standards' rule when a
    person's language is not known): the costliest case. with_languages() records them."""
    if isinstance(data, dict):
        done = {k: bilingual(v) for k, v in data.items()}
        if done.get("kind") == "council":
            done["languages"] = {"publishes": ["cy", "en"], "first": "cy"}
            done["nation"] = "wales"
        if "appointment" in done and isinstance(done.get("title"), str):
            number = done["title"].removeprefix("Area ")
            done["title"] = {"en": done["title"], "cy": f"Ardal {number}"}
        return done
    if isinstance(data, list):
        return [bilingual(v) for v in data]
    if isinstance(data, str) and data in WELSH:
        return {"en": data, "cy": WELSH[data]}
    return data


def with_languages(record: dict[str, Any]) -> dict[str, Any]:
    """The award with each bidder's language recorded, as the Welsh Language Standards have a
    council ask it: alternately Welsh and English, so each letter is in one language."""
    for i, bidder in enumerate(record["bidders"]):
        bidder["language"] = "cy" if i % 2 == 0 else "en"
    return record


def write_record(
    path: Path, n: int, welsh: bool = False, languages: bool = False
) -> tuple[Path, Path]:
    """The award at path and its council profile beside it, as YAML records; with welsh, for a
    council that publishes in Welsh and English (bilingual()); with languages, each bidder's
    language recorded (with_languages())."""
    from ruamel.yaml import YAML

    from docgen.models import Council

    path.parent.mkdir(parents=True, exist_ok=True)
    records = (award(n), council())
    if welsh:
        records = (bilingual(records[0]), bilingual(records[1]))
    if languages:
        records = (with_languages(records[0]), records[1])
    Council.model_validate(records[1])
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    council_path = path.parent / "council-bench-borough.yaml"
    for target, data in ((path, records[0]), (council_path, records[1])):
        with target.open("w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
    return path, council_path


# ---- timing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    letters: int
    load: float  # load and validate the records
    render: float  # docgen.build.engine.run: rendering, checking and writing the letters
    finish: float  # after rendering: the print file (if made) and the manifests
    total: float  # the whole command


def timed_build(records_dir: Path, out: Path, print_file: bool | None = None) -> Timing:
    """`docgen letters records_dir --out out`, timed phase by phase."""
    from docgen import pipeline

    started = time.perf_counter()
    report = pipeline.build_letters([records_dir], out, print_file=print_file)
    total = time.perf_counter() - started
    load = total - report.seconds  # everything before the letters build: loading, validating
    return Timing(report.letters, load, report.build.seconds, report.finish_seconds, total)


def baseline(records_dir: Path, work: Path, n: int, sample: int) -> tuple[float, str]:
    """Seconds the naive pipeline would take for n letters, and how that was measured."""
    from docgen import pipeline
    from docgen.build import engine as build
    from docgen.letters.plan import plan_letters
    from docgen.render.sandbox import make_environment

    records = pipeline.validate([records_dir])
    jobs = [x.job for p in plan_letters(records) for x in p.letters][: min(n, sample)]
    template = build.DEFAULT_TEMPLATES / "award_letter.docx"
    docx_dir = work / "baseline"
    docx_dir.mkdir()
    started = time.perf_counter()
    for job in jobs:
        context = json.loads(job.context_json)
        peer_letter(template, context, docx_dir / f"{job.stem.name}.docx", make_environment())
    per_docx = (time.perf_counter() - started) / len(jobs)
    soffice = shutil.which("soffice")
    if soffice is None:
        return per_docx * n, "docxtpl per letter only: LibreOffice is not installed"
    one, batch = _soffice_times(soffice, work, docx_dir)
    # The cost of each further letter in a batch; on a small sample, noise can make the batch
    # look quicker than one letter alone, which says only that the cost is below the noise.
    per_pdf = max(0.0, batch - one) / max(1, len(jobs) - 1)
    total = per_docx * n + one + per_pdf * (n - 1)
    how = "timed on all letters" if len(jobs) == n else f"timed on {len(jobs)} letters, scaled"
    return total, how


def _soffice_times(soffice: str, work: Path, docx_dir: Path) -> tuple[float, float]:
    """(one letter, the whole sample) converted by one soffice process, profile already made."""
    files = sorted(docx_dir.glob("*.docx"))

    def convert(paths: Sequence[Path], outdir: Path) -> float:
        outdir.mkdir(exist_ok=True)
        started = time.perf_counter()
        pdfs(soffice, work / "lo-profile", outdir, paths)
        return time.perf_counter() - started

    convert(files[:1], work / "lo-warm")  # the first start creates the profile: not counted
    return convert(files[:1], work / "lo-one"), convert(files, work / "lo-all")


def peer_letter(template: Path, context: dict[str, Any], target: Path, env: Any = None) -> None:
    """One letter as the peer makes it: docxtpl loads the template, renders and saves."""
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(template)
    tpl.render(context, env, autoescape=True)
    tpl.save(target)


def pdfs(soffice: str, profile: Path, outdir: Path, files: Sequence[Path]) -> None:
    """The peer's PDFs: one LibreOffice batch converting every file, with a private profile."""
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to"]
    command += ["pdf", "--outdir", str(outdir), *map(str, files)]
    subprocess.run(command, check=True, capture_output=True, timeout=3600)


def peer(template: Path, contexts: Path, out: Path, profile: Path, soffice: str | None) -> None:
    """The peer pipeline as one command: a letter per context (JSON files), then one
    LibreOffice batch for all of them (none without soffice)."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for path in sorted(contexts.glob("*.json")):
        made.append(out / f"{path.stem}.docx")
        peer_letter(template, json.loads(path.read_text(encoding="utf-8")), made[-1])
    if soffice:
        pdfs(soffice, profile, out / "pdf", made)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.peer:
        template, contexts, out, profile, *rest = args.peer
        peer(Path(template), Path(contexts), Path(out), Path(profile), rest[0] if rest else None)
        return 0
    if args.write_record:
        award_path, council_path = write_record(Path(args.write_record), args.bidders)
        print(f"wrote {award_path} and {council_path}: docgen letters {award_path.parent}")
        return 0
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as tmp:
        work = Path(tmp)
        write_record(work / "records" / "award.yaml", args.bidders)
        first = timed_build(work / "records", work / "out")
        again = timed_build(work / "records", work / "out")
        printing = timed_build(work / "records", work / "out", print_file=True)
        line = _line(first, again, printing)
        if args.bilingual:
            line += "; " + _bilingual(work, args.bidders, first)
        if not args.no_baseline:
            base, how = baseline(work / "records", work, first.letters, args.sample)
            line += (
                f"; naive baseline {base:.1f} s ({how}): {base / first.total:.1f}x slower than "
                f"the whole command, {base / first.render:.1f}x slower than the rendering"
            )
    print(line)
    return 0


def _bilingual(work: Path, bidders: int, english: Timing) -> str:
    """The same award for a council publishing in Welsh and English, timed in the same run:
    with no bidder's language recorded (every letter in both languages), then with each
    bidder's language recorded (each letter in one)."""
    parts = []
    for name, languages in (("no language recorded", False), ("languages recorded", True)):
        folder = work / f"cy-{languages}"
        write_record(folder / "award.yaml", bidders, welsh=True, languages=languages)
        timing = timed_build(folder, work / f"out-cy-{languages}")
        parts.append(
            f"{name}: {timing.total:.1f} s, {timing.total / english.total:.2f}x the English "
            f"command ({timing.render / english.render:.2f}x its render and check)"
        )
    return "the same award for a council publishing in Welsh and English, " + "; ".join(parts)


def _line(first: Timing, again: Timing, printing: Timing) -> str:
    from docgen.build import processes

    n = first.letters
    return (
        f"{n} letters (Word+PDF) in {first.total:.1f} s, {n / first.total:.0f} letters/s on "
        f"{os.cpu_count()} cores with {'jemalloc' if processes.allocator() else 'glibc malloc'} "
        f"(load {first.load:.1f} s, render and check {first.render:.1f} s, "
        f"manifests {first.finish:.1f} s); rebuild with nothing changed {again.total:.2f} s "
        f"({again.total - again.load:.2f} s after loading the records); the print file of every "
        f"letter (--print-file) {printing.finish:.1f} s more"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python tools/bench.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--bidders", type=int, default=1000, help="How many bidders (letters).")
    parser.add_argument("--no-baseline", action="store_true", help="Skip the naive baseline.")
    parser.add_argument(
        "--bilingual",
        action="store_true",
        help="Also time the award of a council publishing in Welsh and English, in the same run.",
    )
    parser.add_argument("--sample", type=int, default=100, help="Baseline sample size.")
    parser.add_argument("--write-record", metavar="FILE", help="Only write the synthetic record.")
    parser.add_argument(
        "--peer",
        nargs="+",
        metavar="PATH",
        help="Only run the peer pipeline: TEMPLATE CONTEXTS OUT PROFILE [SOFFICE] "
        "(tools/bench_cli.py times it as a command).",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
