"""Time whole docgen commands as a person runs them (start-up included); print one table.

    python tools/bench_cli.py                 # make bench-cli: every case, five runs each
    python tools/bench_cli.py --runs 3 --only validate --only noop-1000
    python tools/bench_cli.py --no-peer       # skip the peer pipeline (it needs LibreOffice)

Each case runs its command in a fresh process (`docgen …`, as typed at a prompt) --runs times
and reports the fastest, the median and the slowest, beside the target issue 18 sets. The
commands run as on an officer's machine after docgen's first run there: with docgen's modules
compiled (.pyc), even where the calling environment sets PYTHONDONTWRITEBYTECODE. A build
"from the command to the prompt" writes into a folder of its own each run, so nothing is
skipped as unchanged; the rebuild with nothing changed runs after one such build.

Where the issue asks for a comparison, the peer pipeline (tools/bench.py: docxtpl loading its
template for every letter, then one LibreOffice batch converting them all) runs in the same
invocation, also as a command in a fresh process (`python tools/bench.py --peer …`, which
imports docxtpl and nothing of docgen), on the same letters: its contexts are written
to JSON files first (not timed: a peer script would have its data in hand), and LibreOffice's
profile is made before the first timed run. At 1,000 letters the peer is not run 5 times
(about 3 minutes a run on 2 cores): its time is scaled from the 100-letter runs, per letter for
docxtpl and per further letter for LibreOffice, and the table says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL_CASE = ("records/councils", "records/ilss-2025")
MODEL_DECISION = "ilss-cabinet-2025-07-22"


def docgen_command() -> list[str]:
    """`python -m docgen`, run from the project's folder: the docgen of this checkout, started
    as the installed `docgen` script starts (it imports the same docgen.cli)."""
    return [sys.executable, "-m", "docgen"]


@dataclass(frozen=True)
class Timing:
    """One command's runs: wall-clock seconds and processor seconds (its own and its children's,
    which the load of a shared machine hardly moves), run by run."""

    wall: list[float]
    cpu: list[float]


@dataclass(frozen=True)
class Result:
    case: str
    timing: Timing
    target: float | None  # seconds the issue asks for, or None
    peer: list[float] | None = None  # the peer pipeline's seconds on the same work
    peer_note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.timing.wall)

    def ratio(self) -> float | None:
        return statistics.median(self.peer) / self.median if self.peer else None

    def met(self) -> str:
        checks = []
        if self.target is not None:
            checks.append(self.median < self.target)
        if self.peer:
            checks.append((self.ratio() or 0) >= 10)
        return "yes" if checks and all(checks) else ("no" if checks else "-")


def as_a_person_runs() -> dict[str, str]:
    """The environment of the timed commands: this one without PYTHONDONTWRITEBYTECODE, which
    some sandboxes and CI images set, so that Python keeps its compiled modules (.pyc) as it
    does on an officer's machine after docgen's first run; otherwise every command would
    compile docgen's modules again (about 0.1 s a command)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_modules() -> None:
    """Compile docgen's modules once, untimed, as its first run on a machine would."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "docgen")],
        check=True,
        env=as_a_person_runs(),
    )


def timed(command: Sequence[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall-clock and processor seconds from starting command to its exit (it must succeed)."""
    before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        list(command),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=3600,
        env=as_a_person_runs(),
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds, _children_cpu() - before


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def runs(count: int, make: Callable[[int], Sequence[str]]) -> Timing:
    """count timings of make(i)'s command, one after another."""
    pairs = [timed(make(i)) for i in range(count)]
    return Timing([w for w, _ in pairs], [c for _, c in pairs])


def same(folder: Path) -> Callable[[int], Path]:
    """The same folder for every run."""
    return lambda i: folder


def letters_into(
    docgen: list[str], records: Path, out: Callable[[int], Path]
) -> Callable[[int], list[str]]:
    """`docgen letters records --out out(i) -q` for run i."""
    return lambda i: [*docgen, "letters", str(records), "--out", str(out(i)), "-q"]


# ---- the peer pipeline as a command --------------------------------------------------------


def write_contexts(records: Path, folder: Path, limit: int | None = None) -> int:
    """Each letter's context as JSON, as the peer script reads them; how many."""
    from docgen import pipeline
    from docgen.letters.plan import plan_letters

    jobs = [x.job for p in plan_letters(pipeline.validate([records])) for x in p.letters]
    folder.mkdir(parents=True, exist_ok=True)
    for n, job in enumerate(jobs[:limit]):
        (folder / f"{n:05d}.json").write_text(job.context_json, encoding="utf-8")
    return len(jobs[:limit])


def peer_command(contexts: Path, out: Path, profile: Path, soffice: str | None) -> list[str]:
    """The peer pipeline of tools/bench.py (bench.peer) as a command of its own."""
    from docgen.resources import templates

    template = templates() / "award_letter.docx"
    tail = [soffice] if soffice else []
    paths = [str(template), str(contexts), str(out), str(profile), *tail]
    return [sys.executable, str(ROOT / "tools" / "bench.py"), "--peer", *paths]


def scaled_peer(
    hundred: list[float], contexts: Path, work: Path, soffice: str | None, n: int
) -> tuple[list[float], str]:
    """The peer's seconds for n letters, from its runs on 100: LibreOffice's start counted once
    (timed on one letter), every other second per letter."""
    one = work / "peer-one"
    one.mkdir()
    shutil.copy(sorted(contexts.glob("*.json"))[0], one / "00000.json")
    profile = work / "lo-profile"
    single = statistics.median(
        runs(3, lambda i: peer_command(one, work / f"peer-one-{i}", profile, soffice)).wall
    )
    scaled = [single + (t - single) / 99 * (n - 1) for t in hundred]
    return scaled, f"scaled from its {len(hundred)} runs on 100 letters"


# ---- the cases -------------------------------------------------------------------------------


def run_cases(args: argparse.Namespace, work: Path) -> list[Result]:
    from tools import bench

    docgen = docgen_command()
    soffice = None if args.no_peer else shutil.which("soffice")
    wanted = set(args.only) or set(CASES)
    results: list[Result] = []
    n = args.runs

    def fresh(name: str) -> Callable[[int], Path]:
        return lambda i: work / f"{name}-{i}"

    if "validate" in wanted:
        timing = runs(n, lambda i: [*docgen, "validate", "records"])
        results.append(Result("docgen validate records/", timing, 0.4))
    if "example-letters" in wanted:
        count = _letter_count(ROOT / "records")
        timing = runs(n, letters_into(docgen, ROOT / "records", fresh("example")))
        results.append(Result(f"docgen letters records/ ({count} letters, fresh)", timing, 1.0))
    if "paper" in wanted:
        out = fresh("paper")
        timing = runs(n, lambda i: [*docgen, "build", *MODEL_CASE, "--out", str(out(i))])
        results.append(Result("model case: paper, appendices, notice (19 pages)", timing, 0.3))
    if "pack" in wanted:
        built = work / "pack-built"
        timed([*docgen, "build", *MODEL_CASE, "--out", str(built)])
        command = [*docgen, "pack", *MODEL_CASE, "--out", str(built), "--decision", MODEL_DECISION]
        results.append(Result("docgen pack, the model case", runs(n, lambda i: command), 1.0))
    hundred: list[float] | None = None
    for size in (100, 1000):
        records = work / f"records-{size}"
        if f"letters-{size}" in wanted or (size == 1000 and "noop-1000" in wanted):
            bench.write_record(records / "award.yaml", size)
        if f"letters-{size}" in wanted:
            count = args.runs_1000 if size == 1000 else n
            timing = runs(count, letters_into(docgen, records, fresh(f"letters-{size}")))
            peer, note = None, ""
            if soffice is not None:
                if hundred is None:
                    hundred = _peer_hundred(work, soffice, args.peer_runs)
                peer, note = (
                    (hundred, "")
                    if size == 100
                    else scaled_peer(hundred, work / "contexts-100", work, soffice, size)
                )
            target = 12.0 if size == 1000 else None
            results.append(
                Result(f"docgen letters, {size} letters (fresh)", timing, target, peer, note)
            )
        if size == 1000 and "noop-1000" in wanted:
            out_dir = work / "noop-1000"
            timed([*docgen, "letters", str(records), "--out", str(out_dir), "-q"])
            timing = runs(n, letters_into(docgen, records, same(out_dir)))
            results.append(Result("rebuild with nothing changed, 1,000 letters", timing, 0.4))
    return results


def _peer_hundred(work: Path, soffice: str, count: int) -> list[float]:
    """The peer on the same 100 letters, count runs (LibreOffice's profile made first, untimed)."""
    contexts = work / "contexts-100"
    write_contexts(work / "records-100", contexts, 100)
    warm = work / "peer-warm"
    warm.mkdir()
    shutil.copy(sorted(contexts.glob("*.json"))[0], warm / "00000.json")
    profile = work / "lo-profile"
    timed(peer_command(warm, work / "peer-warm-out", profile, soffice))
    return runs(count, lambda i: peer_command(contexts, work / f"peer-{i}", profile, soffice)).wall


def _letter_count(records: Path) -> int:
    from docgen import pipeline
    from docgen.letters import not_awarded
    from docgen.letters.plan import plan_letters

    loaded = pipeline.validate([records])
    award_letters = sum(len(p.letters) for p in plan_letters(loaded))
    return award_letters + len(not_awarded.plan(loaded, ("pdf",)))


CASES = ("validate", "example-letters", "paper", "pack", "letters-100", "letters-1000", "noop-1000")


def table(results: Sequence[Result]) -> str:
    head = (
        f"{'case':<52} {'min':>7} {'median':>7} {'max':>7} {'cpu':>6}  {'target':>7}  "
        f"{'peer':>7}  {'x':>6}  met"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        wall = r.timing.wall
        target = f"<{r.target:g} s" if r.target is not None else "-"
        peer = f"{statistics.median(r.peer):.1f}" if r.peer else "-"
        ratio = f"{r.ratio():.1f}x" if r.peer else "-"
        lines.append(
            f"{r.case:<52} {min(wall):>7.3f} {r.median:>7.3f} {max(wall):>7.3f} "
            f"{statistics.median(r.timing.cpu):>6.2f}  {target:>7}  {peer:>7}  {ratio:>6}  {r.met()}"
        )
    notes = [f"the peer for '{r.case}': {r.peer_note}" for r in results if r.peer_note]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return "\n".join(
        [
            *lines,
            *notes,
            f"seconds (min, median, max of {len(results[0].timing.wall) if results else 0} runs; "
            "cpu: median processor seconds of the command and the processes it waits for, "
            "which leaves out the letters' render workers, children of the fork server); "
            f"{os.cpu_count()} cores; load average {load}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    compile_modules()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-cli-") as tmp:
        results = run_cases(args, Path(tmp))
    print(table(results))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python tools/bench_cli.py", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=5, help="Runs of each command (default 5).")
    parser.add_argument("--runs-1000", type=int, default=5, help="Runs of the 1,000-letter build.")
    parser.add_argument("--peer-runs", type=int, default=5, help="Runs of the peer on 100 letters.")
    parser.add_argument("--no-peer", action="store_true", help="Skip the peer pipeline.")
    parser.add_argument(
        "--only", action="append", choices=CASES, default=[], help="Only this case (repeatable)."
    )
    return parser


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
