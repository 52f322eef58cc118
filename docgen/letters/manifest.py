"""The letters manifest (CSV and JSON, one row per letter) and the completeness check.

Rows are in print order (by bidder name, then Lot number). Paths are relative to the folder the
manifest is in. The completeness check compares the rows with the record itself, read afresh:
every (bidder, Lot) pair that has a bid must have exactly one letter, and every file must exist
(docgen.build.engine.run has just verified or written each file's hash).

The manifest never names a file with a hash it no longer has, even after kill -9. It is
written ahead: before a build changes, adds or removes any file of a folder, the manifest is
rewritten (atomically) without the entries those changes touch (`withdraw`); once every file has
landed it is written whole. A build killed in between leaves a manifest that lists fewer
letters (its head says how many were withdrawn) but whose every entry matches its file. This
costs two extra manifest writes per award when something changes, and none when nothing does;
a journal appended as each letter lands would cost a synced write per letter and a reader for
the journal, and rebuilding at the next start would leave a wrong manifest until then.

A rebuild with nothing changed is decided here too, before the records are even parsed
(`unchanged_run`): a whole letters build that succeeds leaves `.docgen-letters.json` in the
output folder with the hash of everything its letters are made from (the record files' bytes,
every file of the templates folder, its catalogues included, docgen's own code and the versions
of the libraries that render) and the size and time of every file it left in each letters
folder. When the next build's inputs hash the same and every file there is as it was, nothing
is opened, validated, planned or rendered: the last build's report and warnings are given again.
Anything else (a byte of a record or template, a letter touched, added or removed) goes the
whole way, as before.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

from docgen.build.writer import OutputWriter, read_regular
from docgen.errors import CheckError, Problem

if TYPE_CHECKING:  # the models load pydantic: a rebuild with nothing changed does without
    from docgen.models import Award

CSV_NAME, JSON_NAME = "manifest.csv", "manifest.json"


@dataclass(frozen=True)
class Row:
    bidder_id: str
    bidder_name: str
    lot: str  # the Lot number, or "contract"
    lot_title: str
    outcome: str
    docx: str
    docx_sha256: str
    pdf: str
    pdf_sha256: str
    standstill_end: str  # ISO date, or "" when no standstill applies


FIELDS = list(Row.__dataclass_fields__)


def expected_pairs(award: Award) -> Counter[tuple[str, str]]:
    """(bidder id, Lot) for every bid in the record: each needs exactly one letter."""
    if award.lots:
        return Counter((bid.bidder, str(lot.number)) for lot in award.lots for bid in lot.bidders)
    return Counter((bid.bidder, "contract") for bid in award.bids)


def check_complete(award: Award, rows: Sequence[Row], folder: Path) -> None:
    """Raise CheckError unless each bid has exactly one letter and every file is as recorded."""
    want = expected_pairs(award)
    have = Counter((r.bidder_id, r.lot) for r in rows if not _other_language(r))
    problems = [
        f"no letter for bidder {b!r}, {_lot(lot)}"
        for (b, lot) in sorted(want)
        if have[(b, lot)] == 0
    ]
    problems += [
        f"{n} letters for bidder {b!r}, {_lot(lot)}"
        for (b, lot), n in sorted(have.items())
        if n > 1
    ]
    problems += [
        f"a letter for bidder {b!r}, {_lot(lot)}, which has no bid"
        for (b, lot) in sorted(have)
        if not want[(b, lot)]
    ]
    problems += _file_problems(rows, folder)
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise CheckError(f"{award.id}: the letters are incomplete:\n{lines}")


def _other_language(row: Row) -> bool:
    """A letter's copy in the council's other language (layout "separate"): its file is
    <bidder>.<lang>.pdf beside <bidder>.pdf, one letter in two files (bidder ids hold no dot)."""
    return "." in PurePosixPath(row.pdf or row.docx).stem


def _file_problems(rows: Sequence[Row], folder: Path) -> list[str]:
    """Files that are missing (their hashes were verified as they were written or skipped)."""
    out = []
    for row in rows:
        for rel, digest in ((row.docx, row.docx_sha256), (row.pdf, row.pdf_sha256)):
            if rel and (not digest or not (folder / rel).is_file()):
                out.append(f"{rel} is missing")
    return out


def _lot(lot: str) -> str:
    return "the contract" if lot == "contract" else f"Lot {lot}"


def relative(path: PurePosixPath, folder: PurePosixPath) -> str:
    return str(path.relative_to(folder))


def csv_bytes(rows: Sequence[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(asdict(r) for r in rows)
    return out.getvalue().encode("utf-8")


def json_bytes(head: dict[str, Any], rows: Sequence[Row]) -> bytes:
    data = {**head, "letters": [asdict(r) for r in rows]}
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def read_json(path: Path) -> dict[str, Any]:
    """The previous manifest, or {} if there is none (or it cannot be read, or is no file)."""
    try:
        data = json.loads(read_regular(path) or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def withdraw(
    writer: OutputWriter,
    folder: PurePosixPath,
    valid: Mapping[str, str],
    keep_print: bool,
    others_stay: bool = False,
) -> None:
    """Rewrite the folder's manifests without each row a file of which has another hash than
    valid gives it (valid: path relative to folder -> the sha256 it keeps through this build;
    a path valid does not know stays only if others_stay: a build of selected letters), and
    without the print file's entry unless keep_print and no row went. Nothing is written if
    nothing goes."""
    data = read_json(writer.path(folder / JSON_NAME))
    rows = [r for r in data.get("letters", []) if isinstance(r, dict)]
    if not data:  # a manifest.csv alone cannot be checked: it goes
        writer.remove(writer.path(folder / CSV_NAME))
        return
    kept = [_as_row(r) for r in rows if _holds(r, valid, others_stay)]
    drop_print = "all_letters" in data and (not keep_print or len(kept) < len(rows))
    if len(kept) == len(rows) and not drop_print:
        return
    head = {k: v for k, v in data.items() if k != "letters"}
    if drop_print:
        del head["all_letters"]
    withdrawn = len(rows) - len(kept) + int(head.get("withdrawn", 0) or 0)
    head.update(count=len(kept), withdrawn=withdrawn)
    writer.rewrite(folder / CSV_NAME, csv_bytes(kept))
    writer.rewrite(folder / JSON_NAME, json_bytes(head, kept))


def _holds(row: Mapping[str, Any], valid: Mapping[str, str], others_stay: bool) -> bool:
    files = [(str(row.get(fmt)), row.get(f"{fmt}_sha256")) for fmt in ("docx", "pdf")]
    return all(
        valid[rel] == digest if rel in valid else others_stay for rel, digest in files if rel
    )


def _as_row(row: Mapping[str, Any]) -> Row:
    return Row(**{name: str(row.get(name, "")) for name in FIELDS})


# ---- a rebuild with nothing changed ------------------------------------------------------------

RUN_NAME = ".docgen-letters.json"
RENDERING = ("typst", "docxtpl", "python-docx", "jinja2", "pypdf", "babel", "holidays", "pydantic")
"""The libraries whose version can change what a letter says or looks like."""


class BuildOutcome(Protocol):
    """What the CLI reads of a build's report (docgen.build.engine.BuildReport)."""

    @property
    def written(self) -> list[Path]: ...

    @property
    def skipped(self) -> list[Path]: ...

    @property
    def seconds(self) -> float: ...


class LettersOutcome(Protocol):
    """What the CLI reads of a letters build's report (docgen.letters.batch.LettersReport, or a
    Replayed one)."""

    @property
    def build(self) -> BuildOutcome: ...

    @property
    def outcomes(self) -> Counter[str]: ...

    checked: int
    finish_seconds: float
    seconds: float
    complete: bool

    @property
    def removed(self) -> list[Path]: ...

    @property
    def manifests(self) -> list[Path]: ...

    @property
    def print_files(self) -> list[tuple[Path, int, bool]]: ...

    @property
    def letters(self) -> int: ...

    def summary(self) -> str: ...


@dataclass
class Unchanged:
    """The files a rebuild with nothing changed leaves as they are."""

    skipped: list[Path] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Replayed:
    """The report of a rebuild with nothing changed: the last build's, with nothing written.
    Its summary() is word for word LettersReport's (a test holds them equal)."""

    build: Unchanged
    outcomes: Counter[str]
    manifests: list[Path]
    print_files: list[tuple[Path, int, bool]]
    warnings: list[Problem]
    checked: int = 0
    removed: list[Path] = field(default_factory=list)
    finish_seconds: float = 0.0
    seconds: float = 0.0
    complete: bool = True

    @property
    def letters(self) -> int:
        return sum(self.outcomes.values())

    def summary(self) -> str:
        return summary_line(self)


def summary_line(report: LettersOutcome) -> str:
    """One line: how many letters of each outcome, files written and unchanged, time (the
    letters build's report and a replayed one say it alike)."""
    order = ("appointed", "unsuccessful", "excluded", "cancelled", "not awarded")
    counts = ", ".join(f"{report.outcomes[o]} {o}" for o in order if report.outcomes[o])
    scope = "" if report.complete else " (selected letters only; manifests not updated)"
    return (
        f"{report.letters} letters ({counts}){scope}: {len(report.build.written)} files written, "
        f"{len(report.build.skipped)} unchanged, {report.checked} letters checked for leaks, "
        f"in {report.seconds:.1f} s."
    )


def run_key(record_files: Sequence[Path], templates: Path, options: Mapping[str, Any]) -> str:
    """The hash of everything a whole letters build is made from (see the module's docstring):
    the options, each record file's path and bytes, each file below templates (fonts, Typst
    library, catalogues) and below docgen's own package, and the rendering libraries' versions."""
    import docgen

    digest = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    for path in record_files:
        digest.update(f"\x1frecord {path}\x1f".encode())
        digest.update(_bytes(path))
    for top in (templates, Path(docgen.__file__).parent):
        for path in _files_below(top):
            if path.suffix in (".pyc", ".part") or "__pycache__" in path.parts:
                continue
            digest.update(f"\x1f{path.relative_to(top)}\x1f".encode())
            digest.update(_bytes(path))
    digest.update(f"\x1f{docgen.__version__}\x1f{_versions()}".encode())
    return digest.hexdigest()


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"\x00unreadable"


def _files_below(top: Path) -> list[Path]:
    found: list[Path] = []
    for folder, names, files in os.walk(top):
        names.sort()
        found += [Path(folder) / name for name in sorted(files)]
    return found


def _versions() -> str:
    from importlib import metadata

    found = []
    for name in RENDERING:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=none")
    return " ".join(found)


def unchanged_run(writer: OutputWriter, key: str) -> Replayed | None:
    """The last whole build's report, if it was made from inputs with this key and every file
    it left in its letters folders is still there as it left it (size and time, as make and
    git judge): then there is nothing to do. None otherwise (and the run record goes, so a
    build that then fails cannot leave one that still matches)."""
    root = writer.root
    path = root / RUN_NAME
    data = read_json(path)
    if not data:
        return None
    try:
        found = _stamps(root, data["folders"], data["alone"])
        same = data.get("key") == key and found == data["files"]
        replayed = _replayed(root, data) if same else None
    except (KeyError, TypeError, ValueError):
        replayed = None
    if replayed is None:
        writer.remove(path)
    return replayed


def record_run(
    writer: OutputWriter, key: str, report: LettersOutcome, warnings: Sequence[Problem]
) -> None:
    """Leave the run record of a whole letters build that succeeded (see unchanged_run)."""
    if not report.complete:
        return
    root = writer.root
    folders = sorted({str(p.parent.relative_to(root)) for p in report.manifests})
    made = [p for p, _, _ in report.print_files] + report.build.written + report.build.skipped
    alone = sorted({str(p.relative_to(root)) for p in made} - set(_stamps(root, folders)))
    data = {
        "key": key,
        "folders": folders,
        "alone": alone,
        "files": _stamps(root, folders, alone),
        "outcomes": dict(report.outcomes),
        "manifests": [str(p.relative_to(root)) for p in report.manifests],
        "print_files": [[str(p.relative_to(root)), pages] for p, pages, _ in report.print_files],
        "unchanged": [
            str(p.relative_to(root)) for p in [*report.build.written, *report.build.skipped]
        ],
        "warnings": [asdict(w) for w in warnings],
    }
    writer.rewrite(PurePosixPath(RUN_NAME), json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _stamps(root: Path, folders: Sequence[str], alone: Sequence[str] = ()) -> dict[str, list[int]]:
    """Every file below the letters folders, and each file named alone (a letter or print file
    outside them): its kind, size and modification time; [] for one that is gone."""
    paths = [p for folder in folders for p in _files_below(root / folder)]
    found: dict[str, list[int]] = {}
    for path in [*paths, *(root / name for name in alone)]:
        try:
            info = path.lstat()
        except OSError:
            found[str(path.relative_to(root))] = []
            continue
        found[str(path.relative_to(root))] = [info.st_mode, info.st_size, info.st_mtime_ns]
    return found


def _replayed(root: Path, data: dict[str, Any]) -> Replayed:
    return Replayed(
        Unchanged([root / p for p in data["unchanged"]]),
        Counter({str(k): int(v) for k, v in data["outcomes"].items()}),
        [root / p for p in data["manifests"]],
        [(root / p, int(pages), False) for p, pages in data["print_files"]],
        [Problem(**w) for w in data["warnings"]],
    )
