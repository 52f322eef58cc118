"""Check a revised paper against its original: exactly the declared paragraphs changed (R33).

A decision record with ``revisions`` builds a "FINAL revised" paper with a revision note. Each
revision lists the labels of the paragraphs, recommendations or appendices it changed.
``check_revisions`` builds the revised paper from its record, compares it with the original
(``docgen.compare``) and checks that

- every difference in the text is in a paragraph a revision declares, or is the revision note;
- every declared paragraph really differs;
- labelled paragraphs keep the number they had in the original;
- the revised paper carries its status label ("FINAL revised") and the revision note;
- no sentence elsewhere still restates, unchanged, a fact a declared change changed
  (``docgen.compare.stale``; when the original is a record, not a PDF).

The original is either a PDF (the paper as published) or the original decision record, built
in memory with the current templates. Building it is the default: a committed original PDF
would go stale whenever a template changes, and its template changes would then show as
undeclared changes. By convention ``X-rev1`` revises ``X`` and ``X-rev2`` revises ``X-rev1``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.build.engine import DEFAULT_TEMPLATES, make_job, render_document
from docgen.build.papers import bundle_for
from docgen.build.writer import open_output
from docgen.compare.diff import Change, Comparison, compare_texts
from docgen.compare.revision_changes import is_note, is_status, paragraphs, undeclared
from docgen.compare.stale import stale_copies
from docgen.derive import numbering
from docgen.documents import cabinet_paper
from docgen.documents.kinds import kind
from docgen.errors import UsageError
from docgen.models import Decision
from docgen.readback.pdftext import PdfText, flat_keys
from docgen.readback.pdftext import read_compared as read_pdf
from docgen.records.loading import Records

_REV_ID = re.compile(r"^(?P<base>.+)-rev(?P<n>\d+)$")
_NOTE = re.compile(r"\bRevision (\d+), \d{1,2} [A-Z][a-z]+ \d{4}:")


@dataclass(frozen=True)
class Declared:
    """A label a revision declares changed, and the paragraph numbers it may show up at."""

    label: str
    shown: str  # "paragraph 5.4", "recommendation 2.1(ii)", "Appendix A"
    places: frozenset[str]
    found: bool = False


@dataclass
class RevisionCheck:
    """The result for one revised paper: its comparison, what was expected, what is wrong."""

    decision: str
    original: str
    comparison: Comparison
    declared: list[Declared] = field(default_factory=list)
    note_changes: int = 0
    problems: list[str] = field(default_factory=list)
    original_pdf: bytes = field(default=b"", repr=False)
    revised_pdf: bytes = field(default=b"", repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision,
            "original": self.original,
            "ok": self.ok,
            "declared": [
                {"label": d.label, "at": d.shown, "found": d.found} for d in self.declared
            ],
            "problems": self.problems,
            "comparison": self.comparison.to_dict(),
        }


# ---- which papers --------------------------------------------------------------------------


def revised_decisions(records: Records, only: str | None) -> list[Decision]:
    """The decisions to check: the one asked for, or every decision that has revisions."""
    if only is not None:
        if only not in records.decisions:
            known = ", ".join(sorted(records.decisions))
            raise UsageError(f"no decision record has id {only!r} (known: {known})")
        found = [records.decisions[only]]
    else:
        found = sorted((d for d in records.decisions.values() if d.revisions), key=lambda d: d.id)
    for decision in found:
        if not decision.revisions:
            raise UsageError(f"decision {decision.id} has no revisions: nothing to check")
    return found


def original_id(decision: Decision, records: Records) -> str:
    """The record a revised decision revises: X for X-rev1, X-rev1 for X-rev2, and so on."""
    match = _REV_ID.match(decision.id)
    if match is None:
        raise UsageError(
            f"decision {decision.id}: cannot tell which record it revises (name it "
            "<original id>-rev<N>, or give the original as a PDF or with --original ID)"
        )
    base, number = match["base"], int(match["n"])
    candidates = [f"{base}-rev{number - 1}"] if number > 1 else []
    for candidate in [*candidates, base]:
        if candidate in records.decisions:
            return candidate
    raise UsageError(f"decision {decision.id} revises {base}, which is not among the records")


def paper_pdf(decision: Decision, records: Records, templates: Path = DEFAULT_TEMPLATES) -> bytes:
    """The decision's paper as PDF bytes, built in memory."""
    bundle = bundle_for(decision, records)
    paper = kind("cabinet_paper")
    stem = PurePosixPath(decision.id) / "paper"
    context = cabinet_paper.build(bundle)
    job = make_job(paper.name, stem, context, bundle.council.name, decision.decision_date, ["pdf"])
    return render_document(job, templates)["pdf"]


# ---- what is expected ----------------------------------------------------------------------


def _places(kind: str, reference: str, decision: Decision) -> frozenset[str]:
    """The paragraph numbers compare may report for a reference such as "paragraph 5.4"."""
    number = reference.split(" ", 1)[1]
    if kind == "appendix":  # the paper lists its appendices in its Appendices section
        section = numbering.section_order(decision).index("appendices") + 1
        return frozenset({str(section), f"{section}.1"})
    if kind == "res" and number.count("(") == 2:  # "2.1(ii)(a)" is read as "2.1(a)" too
        return frozenset({number, re.sub(r"\([^)]*\)(?=\()", "", number)})
    return frozenset({number})


def label_numbers(decision: Decision) -> dict[str, tuple[str, frozenset[str]]]:
    """Each label of a paper: how it is referred to and the paragraph numbers it is at."""
    return {
        name: (ref, _places(kind, ref, decision))
        for (kind, name), ref in numbering.references(decision).items()
    }


def _original_numbers(data: dict[str, Any] | None) -> dict[str, str]:
    """Labelled paragraphs of a docgen paper, from the data it embeds: label -> number."""
    out: dict[str, str] = {}
    for section in (data or {}).get("sections", []):
        for block in section.get("body", {}).get("blocks", []):
            if block.get("label") and block.get("kind") == "para" and block.get("number"):
                out[str(block["label"])] = str(block["number"])
    return out


def _revision_number(original: PdfText) -> int:
    """Which revision the original already is (0 for a paper never revised)."""
    note = (original.data or {}).get("revision_note") or original.pages[0]
    found = _NOTE.search(" ".join(str(note).split()))
    return int(found[1]) if found else 0


def declared_labels(decision: Decision, since: int) -> list[str]:
    """The labels the revisions after revision ``since`` declare, each once, in order."""
    labels = (c for r in decision.revisions if r.number > since for c in r.changes)
    return list(dict.fromkeys(labels))


# ---- checking ------------------------------------------------------------------------------


def _match(change: Change, declared: list[Declared]) -> int | None:
    touched = paragraphs(change)
    return next((i for i, d in enumerate(declared) if touched & d.places), None)


def _classify(
    check: RevisionCheck, note: str | None, old_note: str, status: tuple[str, str]
) -> None:
    for change in check.comparison.changes:
        if is_note(change, note, old_note) or is_status(change, *status):
            check.note_changes += change.kind != "furniture"
            continue
        if change.kind == "renumbered":  # never declared: a revision keeps the numbering
            check.problems.append(
                f"{undeclared(change)}: a revision keeps the original's numbering "
                "(change paragraphs in place rather than adding or removing them)"
            )
            continue
        index = _match(change, check.declared)
        if index is None:
            check.problems.append(undeclared(change))
        else:
            d = check.declared[index]
            check.declared[index] = Declared(d.label, d.shown, d.places, True)


def _missing(check: RevisionCheck) -> None:
    for d in check.declared:
        if not d.found:
            check.problems.append(
                f"declared change {d.label!r} ({d.shown}) did not happen: "
                "its text is the same in the original and the revised paper"
            )


def _numbering(check: RevisionCheck, before: dict[str, str], now: dict[str, str]) -> None:
    for label, number in before.items():
        if label in now and now[label] != number:
            check.problems.append(
                f"paragraph {{#{label}}} was {number} in the original and is {now[label]} in "
                "the revised paper: a revision keeps the original's numbering (change "
                "paragraphs in place rather than adding or removing them)"
            )


def _labelled(check: RevisionCheck, revised: PdfText, label: str, note: str | None) -> None:
    text = flat_keys(" ".join(revised.pages))
    if "revised" not in label:
        check.problems.append(
            f"the revised paper is labelled {label!r}, not 'FINAL revised' "
            "(only a final decision is published as FINAL revised)"
        )
    elif flat_keys(label) not in text:
        check.problems.append(f"the revised paper does not show its status label {label!r}")
    if note and flat_keys(note) not in text:
        check.problems.append(f"the revised paper does not show its revision note {note!r}")


def check_one(
    decision: Decision, records: Records, original: PdfText, templates: Path = DEFAULT_TEMPLATES
) -> RevisionCheck:
    """Check one revised decision's paper against an original already read."""
    revised_pdf = paper_pdf(decision, records, templates)
    revised = read_pdf(revised_pdf, name=f"{decision.id} (built from its record)")
    context = cabinet_paper.build(bundle_for(decision, records))
    labels = label_numbers(decision)
    check = RevisionCheck(decision.id, original.name, compare_texts(original, revised))
    check.revised_pdf = revised_pdf
    for label in declared_labels(decision, _revision_number(original)):
        shown, places = labels.get(label, (f"label {label}", frozenset()))
        check.declared.append(Declared(label, shown, places))
    old_note = str((original.data or {}).get("revision_note") or "")
    new_status = context.meta.status_label
    old_status = str(((original.data or {}).get("meta") or {}).get("status_label") or "")
    old_status = old_status or new_status.removesuffix(" revised")
    _classify(check, context.revision_note, old_note, (old_status, new_status))
    _missing(check)
    now = {name: ref.split(" ", 1)[1] for name, (ref, _) in labels.items()}
    _numbering(check, _original_numbers(original.data), now)
    _labelled(check, revised, context.meta.status_label, context.revision_note)
    return check


def check_revisions(
    records: Records,
    original_pdf: Path | None = None,
    original: str | None = None,
    decision: str | None = None,
    templates: Path = DEFAULT_TEMPLATES,
) -> list[RevisionCheck]:
    """Check every revised paper (or the one asked for) against its original."""
    decisions = revised_decisions(records, decision)
    if original_pdf is not None and len(decisions) != 1:
        ids = ", ".join(d.id for d in decisions)
        raise UsageError(
            f"one original PDF but {len(decisions)} revised decisions ({ids}): give --decision"
        )
    return [_check(d, records, original_pdf, original, templates) for d in decisions]


def _check(
    decision: Decision,
    records: Records,
    original_pdf: Path | None,
    original: str | None,
    templates: Path,
) -> RevisionCheck:
    if original_pdf is not None:
        return check_one(decision, records, read_pdf(original_pdf), templates)
    base = records.decisions.get(original or original_id(decision, records))
    if base is None:
        raise UsageError(f"no decision record has id {original!r} (the original to compare with)")
    data = paper_pdf(base, records, templates)
    built = read_pdf(data, name=f"{base.id} (built from its record)")
    check = check_one(decision, records, built, templates)
    check.original_pdf = data
    check.problems += stale_copies(base, decision, [d.label for d in check.declared])
    return check


def split_paths(paths: Iterable[Path]) -> tuple[Path | None, list[Path]]:
    """The original PDF among the command's paths (at most one), and the record paths."""
    pdfs = [p for p in paths if p.suffix.lower() == ".pdf"]
    if len(pdfs) > 1:
        raise UsageError(f"give at most one original PDF (got {', '.join(map(str, pdfs))})")
    return (pdfs[0] if pdfs else None), [p for p in paths if p.suffix.lower() != ".pdf"]


def summary(check: RevisionCheck) -> str:
    """One line for a check that passed, or a heading line for one that failed."""
    found = "; ".join(f"{d.label} at {d.shown}" for d in check.declared)
    if check.ok:
        return (
            f"OK {check.decision} against {check.original}: {len(check.declared)} declared "
            f"change(s) found ({found}); revision note and status label present."
        )
    return f"FAILED {check.decision} against {check.original}: {len(check.problems)} problem(s)"


def lines(checks: Sequence[RevisionCheck]) -> list[str]:
    """The report for a terminal: per paper, a summary and then each problem."""
    out: list[str] = []
    for check in checks:
        out.append(summary(check))
        out.extend(f"  {p}" for p in check.problems)
    return out


def write_check_files(checks: Sequence[RevisionCheck], out_dir: Path) -> list[Path]:
    """Per revised paper: the comparison as HTML and JSON and the PDFs compared, written to
    OUT/<decision>/ by the output folder's one writer, its lock held."""
    written: list[Path] = []
    with open_output(out_dir) as out:
        for check in checks:
            for name, data in _check_files(check).items():
                if data:
                    out.write(PurePosixPath(check.decision, name), data)
                    written.append(out_dir / check.decision / name)
    return written


def _check_files(check: RevisionCheck) -> dict[str, bytes]:
    import json

    from docgen.compare.html import write_html

    html = write_html(check.comparison, check.original, f"{check.decision} (revised)")
    report = json.dumps(check.to_dict(), indent=2, ensure_ascii=False)
    return {
        "revision-check.html": html.encode(),
        "revision-check.json": report.encode(),
        "revised.pdf": check.revised_pdf,
        "original.pdf": check.original_pdf,
    }
