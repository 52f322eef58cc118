"""Which documents a set of records makes, and where each goes in the output folder."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePosixPath

from docgen.derive import numbering
from docgen.build.engine import Job, make_job
from docgen.documents import appendix_scores, appendix_suppliers, cabinet_paper, decision_notice
from docgen.documents.common import Bundle, Context
from docgen.errors import UsageError
from docgen.records.loading import Records
from docgen.models import Decision

Builder = Callable[[Bundle], Context]

PAPER_KINDS: dict[str, tuple[Builder, str]] = {
    "paper": (cabinet_paper.build, "cabinet_paper"),
    "appendix": (appendix_suppliers.build, "appendix_suppliers"),
    "decision-notice": (decision_notice.build, "decision_notice"),
}

HTML_KINDS = frozenset({"paper", "decision-notice"})
"""Documents with an HTML edition (templates/html/<kind>.html), built alongside every PDF (R35)."""

# The scores appendix is exempt: built only as the exempt edition, into <decision>/exempt/, and
# replaced in the public pack by a notice. Both come with `--only appendix`.
EXEMPT_KINDS: dict[str, tuple[Builder, str]] = {
    "scores": (appendix_scores.build, "appendix_scores"),
    "notice": (appendix_scores.build_notice, "appendix_notice"),
}
EXEMPT_FOLDER = "exempt"


def bundle_for(decision: Decision, records: Records) -> Bundle:
    """The decision with the council and award it names (references are checked on validation)."""
    award = records.awards.get(decision.award) if decision.award else None
    return Bundle(council=records.councils[decision.council], decision=decision, award=award)


def paper_jobs(
    records: Records, only: Sequence[str] = (), formats: Sequence[str] = ("docx", "pdf")
) -> list[Job]:
    """The paper and its generated appendices for every decision, in a stable order."""
    unknown = set(only) - set(PAPER_KINDS)
    if unknown:
        raise UsageError(
            f"--only takes {', '.join(PAPER_KINDS)} (got {', '.join(sorted(unknown))})"
        )
    jobs = []
    for decision in sorted(records.decisions.values(), key=lambda d: d.id):
        bundle = bundle_for(decision, records)
        for name in _wanted(decision, bundle, only):
            builder, kind = {**PAPER_KINDS, **EXEMPT_KINDS}[name]
            stem = PurePosixPath(decision.id) / _file_stem(name, decision)
            jobs.append(
                make_job(
                    kind,
                    stem,
                    builder(bundle),
                    bundle.council.name,
                    decision.decision_date,
                    _formats(name, formats),
                )
            )
    return jobs


def _wanted(decision: Decision, bundle: Bundle, only: Sequence[str]) -> list[str]:
    names = ["paper"]
    if bundle.award and any(a.source == "award_suppliers" for a in decision.appendices):
        names.append("appendix")
    names += _exempt_names(decision, bundle)
    names.append("decision-notice")
    return [n for n in names if not only or n in only or (n in EXEMPT_KINDS and "appendix" in only)]


def _formats(name: str, formats: Sequence[str]) -> list[str]:
    """The formats asked for, with the accessible HTML edition added wherever a PDF is built."""
    wanted = [f for f in formats if f != "html" or name in HTML_KINDS]
    if name in HTML_KINDS and "pdf" in wanted and "html" not in wanted:
        wanted.append("html")
    return wanted


def _exempt_names(decision: Decision, bundle: Bundle) -> list[str]:
    if appendix_scores.scores_appendix(decision) is None:
        return []
    return ["scores", "notice"] if bundle.award else ["notice"]


def _file_stem(name: str, decision: Decision) -> str:
    if name == "paper":
        return "cabinet-paper" if decision.decision_maker.kind == "cabinet" else "decision-report"
    if name == "decision-notice":
        return name
    if name in EXEMPT_KINDS:
        return _exempt_stem(name, decision)
    letter = next(
        numbering.appendix_letter(i)
        for i, a in enumerate(decision.appendices, 1)
        if a.source == "award_suppliers"
    )
    return f"appendix-{letter.lower()}-suppliers"


def _exempt_stem(name: str, decision: Decision) -> str:
    """exempt/appendix-b-scores (the exempt edition) or appendix-b-notice (the public notice)."""
    found = appendix_scores.scores_appendix(decision)
    if found is None:
        raise ValueError(f"decision {decision.id} has no scores appendix")
    letter = found[0].lower()
    if name == "scores":
        return f"{EXEMPT_FOLDER}/appendix-{letter}-scores"
    return f"appendix-{letter}-notice"
