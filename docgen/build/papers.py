"""Which documents a set of records makes, and where each goes in the output folder.

What each kind is, when a decision makes it and what its file is called are in the table of
kinds (docgen/documents/kinds.py); this module walks the decisions through it. A document the
decision calls exempt goes into <decision>/exempt/ and nowhere else; the notice standing in for
it goes in the decision's public folder (docs/law.md §4).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import PurePosixPath

from docgen.build.engine import Job, make_job
from docgen.derive.language import document_languages
from docgen.documents.common import Bundle, Context
from docgen.documents.kinds import EXEMPT_FOLDER, Kind, NoticeBuilder, notices, paper_kinds
from docgen.errors import RecordError, UsageError
from docgen.models import Decision
from docgen.models.routes import ROUTE_NAMES
from docgen.records.loading import Records

RENAMED = {
    "paper": "cabinet_paper",
    "appendix": "appendix_suppliers,appendix_scores,appendix_notice",
    "decision-notice": "decision_notice",
}
"""The names `--only` took before every kind had one name, and what to write now."""


def bundle_for(decision: Decision, records: Records) -> Bundle:
    """The decision with the council and award it names (references are checked on validation)."""
    award = records.awards.get(decision.award) if decision.award else None
    route = records.route_awards.get(decision.award) if decision.award else None
    council = records.councils[decision.council]
    return Bundle(council=council, decision=decision, award=award, route=route)


def paper_jobs(
    records: Records, only: Sequence[str] = (), formats: Sequence[str] = ("docx", "pdf")
) -> list[Job]:
    """The paper and its generated appendices for every decision, in a stable order."""
    kinds = _wanted_kinds(only)
    _refuse_scored_appendices(records)
    jobs = []
    for decision in sorted(records.decisions.values(), key=lambda d: d.id):
        bundle = bundle_for(decision, records)
        for k in kinds:
            if k.made_for(bundle):
                jobs += _jobs(k, decision, bundle, formats)
    return jobs


SCORED_SOURCES = ("award_suppliers", "award_scores")
"""Appendices made from a scored award's bids: a route with no tender to score has neither."""


def _refuse_scored_appendices(records: Records) -> None:
    """A decision on a route that scores no tenders (a direct award, a modification …) cannot
    have an appendix of suppliers appointed by tender or of scores: its paper would list an
    appendix that nothing builds. RecordError names each at its file, line and column."""
    problems = []
    for decision in records.decisions.values():
        route = records.route_awards.get(decision.award) if decision.award else None
        if route is None:
            continue
        for i, appendix in enumerate(decision.appendices):
            if appendix.source in SCORED_SOURCES:
                problems.append(
                    records.problem(
                        decision,
                        ("appendices", i, "source"),
                        f"{ROUTE_NAMES[route.route]} ({route.id}) has no tenders scored or "
                        f"suppliers appointed by tender, so there is no {appendix.source} "
                        "appendix to build: give source: external for an appendix written by "
                        "hand, or leave it out",
                    )
                )
    if problems:
        raise RecordError(problems)


def _wanted_kinds(only: Sequence[str]) -> list[Kind]:
    """The kinds `--only` names (all of them when it names none), in planning order."""
    known = paper_kinds()
    names = [k.name for k in known]
    for name in only:
        if name in RENAMED:
            raise UsageError(f"--only {name} is now --only {RENAMED[name]}")
        if name not in names:
            raise UsageError(f"--only takes {', '.join(names)} (got {name})")
    return [k for k in known if not only or k.name in only]


def _jobs(kind: Kind, decision: Decision, bundle: Bundle, formats: Sequence[str]) -> list[Job]:
    """The kind's document of the decision; for the notice kind, one per exempt appendix."""
    home = PurePosixPath(decision.id)
    if kind.stands_in is not None:
        return [
            job
            for appendix, stem in notices(bundle)
            for job in language_jobs(
                kind, home / stem, partial(_stand_in, kind.stands_in, appendix), bundle, formats
            )
        ]
    if kind.build is None or kind.stem is None:
        raise ValueError(f"{kind.name} is planned per bidder, not per decision")
    folder = home / EXEMPT_FOLDER if kind.exempt_in(bundle) else home
    return language_jobs(kind, folder / kind.stem(decision), kind.build, bundle, formats)


def _stand_in(build: NoticeBuilder, appendix: str, bundle: Bundle) -> Context:
    return build(bundle, appendix)


def language_jobs(
    kind: Kind,
    stem: PurePosixPath,
    build: Callable[[Bundle], Context],
    bundle: Bundle,
    formats: Sequence[str],
) -> list[Job]:
    """The document in each language the council publishes in (docgen.derive.language), built
    once per language from the bundle in that language: one file of two parts, the first
    language first ("sequential"), or one file per language, the first with the usual name and
    the other `<stem>.<lang>` ("separate"). An English-only council's is the one job it always
    was."""
    settings = bundle.council.languages
    languages = document_languages(settings)
    if languages == ["en"]:
        return [_job(kind, stem, build(bundle), bundle, formats)]
    contexts = [build(bundle.model_copy(update={"language": lang})) for lang in languages]
    if len(contexts) == 1:
        return [_job(kind, stem, contexts[0], bundle, formats)]
    if settings.layout == "separate":
        stems = [stem] + [stem.with_name(f"{stem.name}.{lang}") for lang in languages[1:]]
        return [_job(kind, s, c, bundle, formats) for s, c in zip(stems, contexts, strict=True)]
    return [_job(kind, stem, contexts, bundle, formats)]


def _job(
    kind: Kind,
    stem: PurePosixPath,
    context: Context | Sequence[Context],
    bundle: Bundle,
    formats: Sequence[str],
) -> Job:
    decision = bundle.decision
    if decision is None:
        raise ValueError(f"{kind.name} needs a decision")
    author, day = bundle.council.name, decision.decision_date
    return make_job(kind.name, stem, context, author, day, _formats(kind, formats))


def _formats(kind: Kind, formats: Sequence[str]) -> list[str]:
    """The formats asked for that the kind has, with its HTML edition wherever a PDF is built."""
    wanted = [f for f in formats if f in kind.formats]
    if kind.html and "pdf" in wanted and "html" not in wanted:
        wanted.append("html")
    return wanted


def is_exempt(job: Job) -> bool:
    """Whether planning put the job's document in an exempt/ folder: the decision calls it exempt."""
    return EXEMPT_FOLDER in job.stem.parts
