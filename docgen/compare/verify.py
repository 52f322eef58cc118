"""Check that a paper finished by hand (.docx or .pdf) still states what its record says.

Officers finish papers in Word; a resolution can be deleted, a figure retyped, a Lot renamed.
``verify_paper(path, records)`` reads the finished paper and looks for everything the paper
built from the record carries from it, so an untouched paper that docgen has just built always
passes. What a paper must say at all (a section, a Lot named in its prose) is for `docgen
validate`, not for verify. It looks for:

- every resolution, word for word (as the paper built from the record words it);
- the title of every Lot that the built paper names;
- every appointed supplier, if the paper has its suppliers appendix in it;
- every sum of money and every date the built paper states ("£31.8m", "6 October 2025"),
  written in the council's style.

Text is compared by words, ignoring line breaks, hyphenation at line ends and curly quotes. A
resolution that is not there but resembles a paragraph of the paper is reported "different",
with what the paper says instead.

The record: the one whose hash the file carries in its metadata ("sha256:<hash>" in the
keywords docgen writes into both formats, which LibreOffice keeps), else the decision named with
``decision``, else the only decision in the records.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from docgen.build.papers import bundle_for
from docgen.compare.record_diff import block_text
from docgen.derive.facts import build_facts
from docgen.documents import appendix_suppliers, cabinet_paper
from docgen.documents.common import Bundle
from docgen.errors import InputError, UsageError
from docgen.models import Decision
from docgen.readback.bounded import read_file
from docgen.readback.pdftext import flat_keys, normalise, read_pdf
from docgen.readback.word import read_docx
from docgen.records.loading import Records

_HASH = re.compile(r"sha256\s*[:,]\s*([0-9a-f]{64})")
_MONEY = re.compile(r"£\d[\d,]*(?:\.\d+)?(?:m| million| billion|bn|k)?")
_DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")
SIMILAR = 0.6  # how alike a paragraph must be to a missing resolution to count as "different"


@dataclass(frozen=True)
class Expected:
    """One thing the paper must state: what it is, and its words."""

    what: str
    text: str
    within: str = ""  # the caption of the table it belongs in ("Lot 2: …"), if any


@dataclass(frozen=True)
class Finding:
    """Something the paper does not state as the record says."""

    what: str
    text: str
    status: Literal["missing", "different"]
    found: str | None = None

    def __str__(self) -> str:
        if self.status == "different":
            return f'different {self.what}: the record says "{self.text}"; the paper says "{self.found}"'
        return f'missing {self.what}: "{self.text}"' + (f" ({self.found})" if self.found else "")


@dataclass
class VerifyReport:
    """What was checked in one finished paper, against which record, and what is wrong."""

    path: str
    decision: str
    chosen_by: str
    checked: list[Expected] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "decision": self.decision,
            "chosen_by": self.chosen_by,
            "ok": self.ok,
            "checked": len(self.checked),
            "findings": [asdict(f) for f in self.findings],
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Paper:
    """A finished paper's text, paragraph by paragraph, and the record hash it carries."""

    paragraphs: list[str]
    keywords: str | None

    @property
    def record_sha256(self) -> str | None:
        found = _HASH.search(self.keywords or "")
        return found[1] if found else None

    @property
    def keys(self) -> str:
        return flat_keys(" ".join(self.paragraphs))


# ---- reading the paper ---------------------------------------------------------------------


def read_paper(path: Path) -> Paper:
    """The text of a .pdf or .docx paper; InputError for any other file."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf_paper(path)
    if suffix == ".docx":
        return _docx_paper(path)
    raise InputError(f"{path}: give a .pdf or a .docx file")


def _pdf_paper(path: Path) -> Paper:
    pdf = read_pdf(path)
    paragraphs: list[tuple[str | None, list[str]]] = []
    for segment in normalise(pdf.pages):
        if not paragraphs or segment.paragraph != paragraphs[-1][0]:
            paragraphs.append((segment.paragraph, []))
        paragraphs[-1][1].append(segment.text)
    return Paper([" ".join(texts) for _, texts in paragraphs], pdf.keywords)


def _docx_paper(path: Path) -> Paper:
    data = read_file(path, what="Word document")
    try:
        word = read_docx(data, visible=True)
        keywords = word.keywords
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{path}: not a Word document (.docx) docgen can read: {exc}") from exc
    if "word/document.xml" not in word.parts:
        raise InputError(f"{path}: not a Word document (.docx)")
    return Paper(list(word.body), keywords)


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


# ---- what the record says ------------------------------------------------------------------


def _resolutions(bundle: Bundle) -> Iterator[Expected]:
    context = cabinet_paper.build(bundle)
    for section in context.sections:
        if section.key == "recommendations":
            for block in section.body.blocks:
                if block.kind == "item":
                    data = block.model_dump(mode="json")
                    yield Expected(f"resolution {block.number}", block_text(data))


def _built_text(bundle: Bundle) -> str:
    """Everything the paper built from the record says, as one text."""
    context = cabinet_paper.build(bundle)
    parts = [context.meeting_date, *(row.value for row in context.title_rows)]
    for section in context.sections:
        parts += [block_text(b.model_dump(mode="json")) for b in section.body.blocks]
    return " ".join(parts)


def _values(bundle: Bundle, built: str) -> Iterator[Expected]:
    facts = build_facts(bundle.council, bundle.decision, bundle.award)
    seen: set[str] = set()
    for name, value in facts.items():
        kind = "value" if _MONEY.fullmatch(value) else "date" if _DATE.fullmatch(value) else None
        if kind and value not in seen and flat_keys(value) in built:
            seen.add(value)
            yield Expected(f"{kind} {{{name}}}", value)


def _lots(bundle: Bundle, built: str) -> Iterator[Expected]:
    """The titles of the Lots that the built paper names (its prose may name only some)."""
    for lot in bundle.award.lots if bundle.award else []:
        if flat_keys(lot.title) in built:
            yield Expected(f"Lot {lot.number} title", lot.title)


def _suppliers(bundle: Bundle, paper: Paper) -> Iterator[Expected]:
    decision = bundle.decision
    if decision is None or bundle.award is None:
        return
    if not any(a.source == "award_suppliers" for a in decision.appendices):
        return
    appendix = appendix_suppliers.build(bundle)
    if flat_keys(appendix.intro) not in paper.keys:
        return  # the paper does not include its suppliers appendix
    for table in appendix.tables:
        lot = table.caption.split(":")[0]
        for row in table.rows:
            yield Expected(f"appointed supplier ({lot})", row.name, table.caption)


def expectations(bundle: Bundle, paper: Paper) -> list[Expected]:
    """Everything the paper built from the record states that the paper must still state, in
    the order a reader meets it."""
    built = flat_keys(_built_text(bundle))
    return [
        *_resolutions(bundle),
        *_lots(bundle, built),
        *_suppliers(bundle, paper),
        *_values(bundle, built),
    ]


# ---- checking ------------------------------------------------------------------------------


def _closest(text: str, paper: Paper) -> str | None:
    want = flat_keys(text).split()
    best, score = None, SIMILAR
    for paragraph in paper.paragraphs:
        ratio = SequenceMatcher(None, want, flat_keys(paragraph).split(), autojunk=False).ratio()
        if ratio >= score:
            best, score = paragraph, ratio
    return best


def _stray_money(bundle: Bundle, paper: Paper) -> list[str]:
    """Sums of money in the paper that the paper built from the record does not state."""
    built = set(_MONEY.findall(_built_text(bundle)))
    return list(
        dict.fromkeys(m for p in paper.paragraphs for m in _MONEY.findall(p) if m not in built)
    )


def regions(paper: Paper, captions: list[str]) -> dict[str, str]:
    """The text of each table, from its caption to the next (the last time each caption occurs:
    the paper's own text may name a Lot before its appendix does). Empty if they are not all
    there, in order."""
    keys = paper.keys
    starts = [keys.rfind(flat_keys(c)) for c in captions]
    if not starts or -1 in starts or starts != sorted(starts):
        return {}
    ends = [*starts[1:], len(keys)]
    return {c: keys[a:b] for c, a, b in zip(captions, starts, ends, strict=True)}


def _finding(
    item: Expected, paper: Paper, stray: list[str], where: dict[str, str]
) -> Finding | None:
    if flat_keys(item.text) in where.get(item.within, paper.keys):
        return None
    if item.what.startswith("resolution"):
        near = _closest(item.text, paper)
        if near is not None:
            return Finding(item.what, item.text, "different", " ".join(near.split()))
    hint = f"the paper has {', '.join(stray)}" if stray and item.what.startswith("value") else None
    return Finding(item.what, item.text, "missing", hint)


def verify_paper(path: Path, records: Records, decision: str | None = None) -> VerifyReport:
    """Check a finished paper against its record; the report lists what is missing or different."""
    paper = read_paper(path)
    chosen, how = choose_decision(records, paper, decision)
    bundle = bundle_for(chosen, records)
    report = VerifyReport(str(path), chosen.id, how, expectations(bundle, paper))
    if paper.record_sha256 and paper.record_sha256 != bundle.sha256():
        report.notes.append(
            "the file was made from another version of the record "
            f"(sha256:{paper.record_sha256[:12]}…); checked against the current one"
        )
    stray = _stray_money(bundle, paper)
    tables = regions(paper, list(dict.fromkeys(e.within for e in report.checked if e.within)))
    report.findings = [f for e in report.checked if (f := _finding(e, paper, stray, tables))]
    return report


def lines(report: VerifyReport) -> list[str]:
    """The report for a terminal."""
    head = f"{report.path}: checked against {report.decision} (chosen by {report.chosen_by})"
    out = [head, *(f"note: {n}" for n in report.notes)]
    out += [f"  {f}" for f in report.findings]
    count = len(report.findings)
    verdict = "OK" if report.ok else f"FAILED: {count} thing(s) missing or different"
    out.append(f"{verdict} ({_checked(report.checked)} checked)")
    return out


def _checked(items: list[Expected]) -> str:
    kinds = {"resolution": "resolutions", "Lot": "Lot titles", "appointed": "suppliers"}
    counts: dict[str, int] = {}
    for item in items:
        name = kinds.get(item.what.split(" ")[0], "values and dates")
        counts[name] = counts.get(name, 0) + 1
    return ", ".join(f"{n} {name}" for name, n in counts.items())
