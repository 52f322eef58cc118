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
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.build.writer import OutputWriter, read_regular
from docgen.errors import CheckError
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
    have = Counter((r.bidder_id, r.lot) for r in rows)
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
