"""Check that a document finished by hand (.docx or .pdf) still states what its record says,
place by place.

Officers finish papers in Word: a resolution can be deleted, a figure retyped in one paragraph,
a supplier dropped from a Lot's table. ``verify_paper(path, records)`` reads the finished file,
works out which of the decision's documents it is (or holds: a paper with its Appendix A pasted
in), builds those documents from the record as `docgen build` would, and compares them place by
place (docgen/compare/verify_check.py):

- every resolution, word for word (as the paper built from the record words it);
- every fact where the document states it: sums of money, dates, percentages, numbers and
  counts, the names of bidders, Lots and criteria, and the cells of every table (a supplier and
  its Lot, a score). £245.4m in ¶6.1 where the record says £254.4m is a finding even though
  ¶1.1 still says £254.4m; a Lot's table without one of its suppliers is a finding even though
  the supplier is in another Lot's table;
- a sum of money or a date the record does not know at all, and a fact that has gone from its
  place but is stated elsewhere, are listed for a person to check: not findings (exit 0, or 1
  with --strict).

Words other than facts are not checked: a finished paper is reworded, and `docgen compare`
shows every change of wording between two files.

The record: the one whose hash the file carries in its metadata ("sha256:<hash>" in the
keywords docgen writes into both formats, which LibreOffice keeps), else the decision named with
``decision``, else the only decision in the records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from docgen.build.papers import bundle_for
from docgen.compare.record_diff import block_text
from docgen.compare.verify_check import Check, Finding, compare_streams
from docgen.compare.verify_expect import Expected, documents, expected_stream, fact_names, held
from docgen.compare.verify_expect import names as record_names
from docgen.compare.verify_read import Paper, read_paper
from docgen.compare.verify_text import Tokenizer
from docgen.documents import cabinet_paper
from docgen.documents.common import Bundle
from docgen.errors import InputError, UsageError
from docgen.models import Decision
from docgen.readback.pdftext import flat_keys
from docgen.records.loading import Records

__all__ = ["Check", "Finding", "Paper", "VerifyReport", "lines", "read_paper", "verify_paper"]
MAX_WORDS = 400_000
"""The most words verify aligns with the record's: about a thousand pages (the alignment's time
grows faster than the length, and a file this long is no paper)."""
SIMILAR = 0.6  # how alike a paragraph must be to a missing resolution to count as "different"


@dataclass
class VerifyReport:
    """What was checked in one finished document, against which record, and what is wrong."""

    path: str
    decision: str
    chosen_by: str
    documents: list[str] = field(default_factory=list)  # the titles of the documents it holds
    checked: dict[str, int] = field(default_factory=dict)  # how many facts of each sort
    findings: list[Finding] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)  # for a person to check
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def exit_code(self, strict: bool = False) -> int:
        """1 for a finding (or, strict, anything to check); 0 otherwise."""
        return 1 if self.findings or (strict and self.checks) else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "decision": self.decision,
            "chosen_by": self.chosen_by,
            "documents": self.documents,
            "ok": self.ok,
            "checked": self.checked,
            "findings": [asdict(f) | {"message": str(f)} for f in self.findings],
            "to_check": [asdict(c) | {"message": str(c)} for c in self.checks],
            "notes": self.notes,
        }


# ---- which record --------------------------------------------------------------------------


def choose_decision(records: Records, paper: Paper, wanted: str | None) -> tuple[Decision, str]:
    """The decision to check the paper against, and how it was chosen."""
    digest = paper.record_sha256
    for decision in records.decisions.values():
        if digest and bundle_for(decision, records).sha256() == digest:
            return decision, f"its record hash sha256:{digest[:12]}…"
    if wanted is not None:
        if wanted not in records.decisions:
            raise UsageError(f"no decision record has id {wanted!r}")
        return records.decisions[wanted], "--decision"
    if len(records.decisions) != 1:
        ids = ", ".join(sorted(records.decisions))
        raise UsageError(
            f"the file names no record among these ({ids}): give --decision ID "
            "or the paths of one decision's records"
        )
    return next(iter(records.decisions.values())), "the only decision in the records"


# ---- the resolutions, word for word --------------------------------------------------------


def _resolutions(bundle: Bundle, holds: list[Expected]) -> list[tuple[str, str, str]]:
    """(number, label, words) of each resolution that a document the file holds states as
    the paper words it (the paper, the decision notice)."""
    if bundle.decision is None:
        return []
    context = cabinet_paper.build(bundle)
    found = []
    for section in context.sections:
        if section.key == "recommendations":
            for block in section.body.blocks:
                if block.kind == "item":
                    text = block_text(block.model_dump(mode="json"))
                    if any(flat_keys(text) in e.keys for e in holds):
                        found.append((str(block.number), f"resolution {block.number}", text))
    return found


def _closest(text: str, paper: Paper) -> str | None:
    want = flat_keys(text).split()
    best, score = None, SIMILAR
    for paragraph in paper.paragraphs:
        ratio = SequenceMatcher(None, want, flat_keys(paragraph).split(), autojunk=False).ratio()
        if ratio >= score:
            best, score = paragraph, ratio
    return best


def _resolution_findings(
    wanted: list[tuple[str, str, str]], paper: Paper, facts: list[Finding]
) -> list[Finding]:
    out = []
    keys = paper.keys
    for _, what, text in wanted:
        if flat_keys(text) in keys:
            continue
        near = _closest(text, paper)
        if near is None:
            out.append(Finding(what, text, "missing"))
            continue
        shown = " ".join(near.split())
        fixed = shown
        for fact in facts:  # a fact already found different there says all that differs
            if fact.status == "different" and fact.found:
                fixed = fixed.replace(fact.found, fact.text)
        if flat_keys(text) not in flat_keys(fixed):
            out.append(Finding(what, text, "different", shown))
    return out


# ---- the check -----------------------------------------------------------------------------


class _Known:
    """The facts the record knows: those of the documents the file holds and the record's own,
    and (built only if a fact is not among them) those of the decision's other documents."""

    def __init__(self, found: set[str], others: list[Expected], tokenizer: Tokenizer) -> None:
        self.found, self.others, self.tokenizer = found, others, tokenizer

    def __contains__(self, key: object) -> bool:
        if key not in self.found and self.others:
            stream = expected_stream(self.others, self.tokenizer)
            self.found |= {t.key for t in stream.tokens if t.fact}
            self.others = []
        return key in self.found


def verify_paper(
    path: Path, records: Records, decision: str | None = None, kind: str | None = None
) -> VerifyReport:
    """Check a finished document against its record; the report lists what is wrong (findings)
    and what a person should check."""
    paper = read_paper(path)
    chosen, how = choose_decision(records, paper, decision)
    bundle = bundle_for(chosen, records)
    candidates = documents(chosen, records)
    holds = held(paper, candidates, kind)
    report = VerifyReport(str(path), chosen.id, how, [e.title for e in holds])
    if paper.record_sha256 and paper.record_sha256 != bundle.sha256():
        report.notes.append(
            "the file was made from another version of the record "
            f"(sha256:{paper.record_sha256[:12]}…); checked against the current one"
        )
    tokenizer = Tokenizer(record_names(bundle))
    expected = expected_stream(holds, tokenizer)
    sources = fact_names(bundle, tokenizer)
    known = _Known(set(sources) | {t.key for t in expected.tokens if t.fact}, candidates, tokenizer)
    written = paper.stream(tokenizer)
    if len(written.tokens) > MAX_WORDS:
        raise InputError(
            f"{path}: {len(written.tokens):,} words, more than verify reads ({MAX_WORDS:,}, "
            "a thousand pages): verify each document on its own"
        )
    outcome = compare_streams(expected, written, known, sources, detailed=paper.blocks is not None)
    wanted = _resolutions(bundle, holds)
    report.findings = _resolution_findings(wanted, paper, outcome.findings) + outcome.findings
    report.checks = outcome.checks
    if wanted:
        report.checked["resolution"] = len(wanted)
    for token in expected.tokens:
        if token.fact:
            report.checked[token.kind] = report.checked.get(token.kind, 0) + 1
    return report


_SORT_NAMES = {
    "resolution": ("resolution", "resolutions"),
    "money": ("sum of money", "sums of money"),
    "date": ("date", "dates"),
    "percent": ("percentage", "percentages"),
    "number": ("number", "numbers"),
    "name": ("name", "names"),
}


def lines(report: VerifyReport, strict: bool = False) -> list[str]:
    """The report for a terminal."""
    head = f"{report.path}: checked against {report.decision} (chosen by {report.chosen_by})"
    out = [head, *(f"note: {n}" for n in report.notes)]
    if len(report.documents) > 1:
        out.append("it holds: " + "; ".join(report.documents))
    out += [f"  {f}" for f in report.findings]
    out += [f"  to check: {c}" for c in report.checks]
    checked = ", ".join(
        f"{n} {_SORT_NAMES.get(k, (k, k))[n != 1]}" for k, n in report.checked.items()
    )
    count, extra = len(report.findings), len(report.checks)
    if count:
        verdict = f"FAILED: {count} thing(s) missing or different"
    elif extra and strict:
        verdict = f"FAILED (--strict): {extra} thing(s) to check"
    else:
        verdict = "OK" + (f", {extra} thing(s) for a person to check" if extra else "")
    out.append(f"{verdict} ({checked} checked)")
    return out
