"""Which column of a panel's workbook holds what: the known columns, a proposal, the map file.

A panel names its columns its own way ("Supplier", "Q1 Service delivery (30%)", "Price £/hr",
"Feedback – Q1", "Gate: insurance"). The map file kept beside the record
(`award.workbook-map.yaml`) says, once, which header holds which value; `docgen import-scores
--propose-map` writes it from the headers found, for a person to check, and every later import
uses it. Without a map, only headers that name a value exactly are read (a criterion's id or
name, "Bidder", "Outcome"...); a header that only looks like one is reported.

Targets: bidder (an id or a name), bidder.id, bidder.name, bidder.address, bidder.company_number,
bidder.contact.name, bidder.contact.email, lot, outcome, price_bid, exclusion_reason, feedback,
score.<criterion id>, feedback.<criterion id>, gate.<gate id>, and ignore.
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from docgen.build.writer import atomic_write
from docgen.errors import UsageError
from docgen.exchange.names import fold, words
from docgen.models import Award
from docgen.models.award import Criterion

MAP_SUFFIX = ".workbook-map.yaml"
FIXED: dict[str, tuple[str, ...]] = {
    "bidder": ("bidder",),
    "bidder.id": ("bidder id", "supplier id", "tenderer id", "id"),
    "bidder.name": (
        "bidder name",
        "supplier",
        "supplier name",
        "tenderer",
        "tenderer name",
        "name",
        "organisation",
        "organisation name",
        "company",
        "company name",
        "provider",
    ),
    "bidder.address": ("address", "postal address", "registered address", "supplier address"),
    "bidder.company_number": (
        "company number",
        "company no",
        "companies house number",
        "company registration number",
        "registration number",
        "crn",
    ),
    "bidder.contact.name": ("contact", "contact name", "contact person", "main contact"),
    "bidder.contact.email": ("email", "e mail", "email address", "contact email"),
    "lot": ("lot", "lot number", "lot no"),
    "outcome": ("outcome", "result"),
    "price_bid": ("price bid", "bid price", "tendered price", "tender price", "price tendered"),
    "exclusion_reason": (
        "exclusion reason",
        "reason for exclusion",
        "reason excluded",
        "excluded because",
    ),
    "feedback": ("feedback", "feedback to bidder", "comments", "feedback to supplier"),
    "ignore": ("total", "rank", "total score", "weighted total", "score", "ranking"),
}
_QUESTION = re.compile(r"^(?:q|question|c|criterion)\s*(\d+(?:\.\d+)*[a-z]?)\b\s*(.*)$")
_CURRENCY = re.compile(r"[£$€]|\bgbp\b|\bhr\b|\bhour\b|\brate\b|\bbid\b|\btendered\b|\bcost\b")
_BIDDER_TARGETS = ("bidder", "bidder.id", "bidder.name")


def targets(award: Award) -> set[str]:
    """Every target a column may be mapped to in this award."""
    found = set(FIXED)
    for criterion in all_criteria(award):
        found |= {f"score.{criterion.id}", f"feedback.{criterion.id}"}
    return found | {f"gate.{gate.id}" for gate in award.gates}


def all_criteria(award: Award) -> list[Criterion]:
    found = {c.id: c for c in award.criteria}
    for lot in award.lots:
        found.update({c.id: c for c in lot.criteria or []})
    return list(found.values())


def is_bidder(target: str | None) -> bool:
    return target in _BIDDER_TARGETS


# ---- exact names ----


def exact(award: Award) -> dict[str, str]:
    """Header words -> target, for headers that name a value exactly."""
    table = {label: target for target, labels in FIXED.items() for label in labels}
    for criterion in all_criteria(award):
        table[words(criterion.id)] = table[words(criterion.name)] = f"score.{criterion.id}"
        for name in (criterion.id, criterion.name):
            table[f"feedback {words(name)}"] = f"feedback.{criterion.id}"
    for gate in award.gates:
        for name in (gate.id, gate.name):
            table[f"gate {words(name)}"] = f"gate.{gate.id}"
    return table


# ---- the proposal ----


@dataclass(frozen=True)
class Guess:
    """What a header probably holds; sure when it names the value exactly."""

    header: str
    target: str
    sure: bool


def propose(award: Award, headers: list[str]) -> list[Guess]:
    """A target for every header, exact where possible, else the closest known column."""
    table = exact(award)
    labels = _question_labels(award, headers)
    out = []
    for header in headers:
        key = words(header)
        if key in table:
            out.append(Guess(header, table[key], True))
        else:
            out.append(Guess(header, _closest(award, key, labels), False))
    return out


def _question_labels(award: Award, headers: list[str]) -> dict[str, str]:
    """ "q1" -> criterion id, from headers like "Q1 Service delivery (30%)"."""
    found = {}
    for header in headers:
        match = _QUESTION.match(words(header))
        if match and "feedback" not in header.casefold():
            target = _criterion(award, match.group(2))
            if target:
                found[match.group(1)] = target
    return found


def _closest(award: Award, key: str, labels: dict[str, str]) -> str:
    if "feedback" in key or "comment" in key:
        rest = re.sub(r"\b(feedback|comments?|on|for|to)\b", " ", key).split()
        if not rest:
            return "feedback"
        cid = labels.get(_label(rest)) or _criterion(award, " ".join(rest))
        return f"feedback.{cid}" if cid else "ignore"
    if key.startswith("gate") or "pass fail" in key:
        gate_words = " ".join(re.sub(r"\b(gate|pass|fail)\b", " ", key).split())
        gate = _best(gate_words, {g.id: f"{g.id} {words(g.name)}" for g in award.gates}, 0.3)
        return f"gate.{gate}" if gate else "ignore"
    if "exclu" in key:
        return "exclusion_reason"
    if ("price" in key or "cost" in key or "rate" in key) and _CURRENCY.search(key):
        return "price_bid"
    match = _QUESTION.match(key)
    cid = _criterion(award, match.group(2) if match else key)
    if cid:
        return f"score.{cid}"
    bidder = _best(key, {t: " ".join(FIXED[t]) for t in FIXED if t != "ignore"}, 0.5)
    return bidder or "ignore"


def _label(rest: list[str]) -> str:
    joined = "".join(rest)
    match = _QUESTION.match(joined)
    return match.group(1) if match else joined


def _criterion(award: Award, text: str) -> str | None:
    options = {c.id: f"{words(c.id)} {words(c.name)}" for c in all_criteria(award)}
    return _best(text, options, 0.5)


def _best(text: str, options: dict[str, str], least: float) -> str | None:
    """The option whose words best cover text's words (ties: the closer spelling)."""
    mine = set(text.split())
    if not mine:
        return None
    scored = []
    for key, described in options.items():
        theirs = set(described.split())
        cover = len(mine & theirs) / len(mine)
        spelling = difflib.SequenceMatcher(None, text, described).ratio()
        scored.append((cover, spelling, key))
    cover, spelling, key = max(scored)
    return key if cover >= least or spelling >= 0.75 else None


# ---- the map file ----


def map_path(record: Path) -> Path:
    """award.yaml -> award.workbook-map.yaml, beside it."""
    return record.with_name(record.stem + MAP_SUFFIX)


def write_map(path: Path, guesses: list[Guess]) -> None:
    """Write the proposal for a person to check; an existing map is never overwritten."""
    if path.exists():
        raise UsageError(f"{path}: a map exists already; edit it, or delete it to propose again")
    columns = CommentedMap()
    for guess in guesses:
        columns[guess.header] = guess.target
        if not guess.sure:
            columns.yaml_add_eol_comment("guessed: check", guess.header)
    out = io.StringIO()
    out.write(
        "# Which column of the panel's workbook holds what, for `docgen import-scores`.\n"
        "# Proposed by docgen from the headers found: check every line marked 'guessed'.\n"
        "# Targets: bidder, bidder.id, bidder.name, bidder.address, bidder.company_number,\n"
        "# bidder.contact.name, bidder.contact.email, lot, outcome, price_bid, exclusion_reason,\n"
        "# feedback, score.<criterion id>, feedback.<criterion id>, gate.<gate id>, ignore.\n"
    )
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.dump({"columns": columns}, out)
    atomic_write(path, out.getvalue().encode())


def read_map(path: Path, award: Award) -> dict[str, str]:
    """Folded header -> target, from a map file; UsageError for a target the award lacks."""
    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except Exception as exc:  # any YAML error: say which file
        raise UsageError(f"{path}: not a readable map: {exc}") from exc
    columns = data.get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise UsageError(f"{path}: expected a 'columns:' mapping of header to target")
    known = targets(award)
    bad = [f"{h!r}: {t!r}" for h, t in columns.items() if str(t) not in known]
    if bad:
        raise UsageError(
            f"{path}: unknown target(s) {', '.join(bad)}; known: {', '.join(sorted(known))}"
        )
    return {fold(header): str(target) for header, target in columns.items()}
