"""The table of document kinds: one row per kind, read by everything that plans or lists documents.

A kind's one name is used everywhere: its context module (`docgen/documents/<name>.py`), its
templates (`templates/<name>.docx`, `templates/<name>.typ`, `templates/html/<name>.html`), the
job's kind, and `docgen build --only <name>`. Planning (build/papers.py), agenda packs, revised
papers and award letters read the row; adding a kind means adding a row here, its context module
and its templates.

Whether a document is exempt is not a property of its kind but of the decision: a kind that
builds one of the decision's appendices names it (`source`), and that appendix's record decides
(docgen/documents/exemption.py). An exempt one is built only as an exempt edition, into
<decision>/exempt/, and the notice kind stands in for it in the public folder, once for each
exempt appendix whatever its source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from docgen.derive import numbering
from docgen.documents import (
    appendix_notice,
    appendix_scores,
    appendix_suppliers,
    award_letter,
    cabinet_paper,
    change_notice,
    decision_notice,
    not_awarded_letter,
    transparency_notice,
)
from docgen.documents.common import Bundle, Context
from docgen.documents.exemption import exempt_appendices, source_exemption
from docgen.models import Decision

Builder = Callable[[Bundle], Context]
Stem = Callable[[Decision], str]
NoticeBuilder = Callable[[Bundle, str], Context]
EXEMPT_FOLDER = "exempt"
"""Where exempt kinds are built: <decision>/exempt/, never beside the public documents."""


@dataclass(frozen=True)
class Kind:
    """One kind of document and everything the build needs to know about it."""

    name: str
    context_type: type[Context]
    formats: tuple[str, ...]
    """The formats it has templates for; "html" where it has an accessible HTML edition, which
    is built wherever its PDF is (docs/law.md §7, R35)."""
    build: Builder | None
    """Its context from a decision's bundle; None for letters (letters/plan.py builds one per
    bidder from the award's facts)."""
    stem: Stem | None
    """Its file name in the decision's folder, without suffix; None for letters."""
    made_for: Callable[[Bundle], bool]
    """Whether a decision (with its council and award) makes a document of this kind."""
    source: str | None = None
    """The decision's appendix this kind builds, by its `source` ("award_suppliers"); its record
    says whether this decision's document is exempt (see `exempt_in`). None for the paper, the
    decision notice and the notices."""
    stands_in: NoticeBuilder | None = None
    """For the notice kind: its context from the bundle and an exempt appendix's id. It is made
    once for each exempt appendix of a decision (`notices`), not by `build` and `stem`."""
    pack_place: int | None = None
    """Its place in the agenda pack (lower first; appendices of one place by file name); None
    for kinds that are not in a pack."""
    letter: bool = False
    """An award letter: planned per bidder by letters/plan.py, not per decision."""

    def __post_init__(self) -> None:
        once = not self.letter and self.stands_in is None
        if once and (self.build is None or self.stem is None):
            raise ValueError(f"kind {self.name}: a document per decision needs build and stem")

    @property
    def html(self) -> bool:
        return "html" in self.formats

    def exempt_in(self, bundle: Bundle) -> bool:
        """Whether this decision's document of this kind is exempt: its appendix's record (or,
        for scores, the law) makes it so (docs/law.md §4)."""
        decision = bundle.decision
        if self.source is None or decision is None:
            return False
        return source_exemption(decision, self.source, bundle.council.nation) is not None


def notices(bundle: Bundle) -> list[tuple[str, str]]:
    """(appendix id, file stem) of the notice standing in for each exempt appendix of the
    decision, whatever its source: 'appendix-b-notice'."""
    if bundle.decision is None:
        return []
    found = exempt_appendices(bundle.decision, bundle.council.nation)
    return [(appendix.id, f"appendix-{letter.lower()}-notice") for letter, appendix, _ in found]


# ---- when a decision makes each kind, and what its file is called ----


def _always(bundle: Bundle) -> bool:
    return True


def _never(bundle: Bundle) -> bool:
    return False


def _paper_stem(decision: Decision) -> str:
    return "cabinet-paper" if decision.decision_maker.kind == "cabinet" else "decision-report"


def _has_suppliers_appendix(bundle: Bundle) -> bool:
    appendices = bundle.decision.appendices if bundle.decision else []
    return bundle.award is not None and any(a.source == "award_suppliers" for a in appendices)


def _suppliers_stem(decision: Decision) -> str:
    letter = next(
        numbering.appendix_letter(i)
        for i, a in enumerate(decision.appendices, 1)
        if a.source == "award_suppliers"
    )
    return f"appendix-{letter.lower()}-suppliers"


def _has_scores_and_award(bundle: Bundle) -> bool:
    decision = bundle.decision
    found = decision is not None and appendix_scores.scores_appendix(decision) is not None
    return bundle.award is not None and found


def _has_exempt_appendix(bundle: Bundle) -> bool:
    return bool(notices(bundle))


def _scores_letter(decision: Decision) -> str:
    found = appendix_scores.scores_appendix(decision)
    if found is None:
        raise ValueError(f"decision {decision.id} has no scores appendix")
    return found[0].lower()


# ---- the table, in the order a decision's documents are planned ----

KINDS: tuple[Kind, ...] = (
    Kind(
        name="cabinet_paper",
        context_type=cabinet_paper.CabinetPaperContext,
        formats=("docx", "pdf", "html"),
        build=cabinet_paper.build,
        stem=_paper_stem,
        made_for=_always,
        pack_place=0,
    ),
    Kind(
        name="appendix_suppliers",
        context_type=appendix_suppliers.AppendixSuppliersContext,
        formats=("docx", "pdf"),
        build=appendix_suppliers.build,
        stem=_suppliers_stem,
        made_for=_has_suppliers_appendix,
        source=appendix_suppliers.SOURCE,
        pack_place=1,
    ),
    Kind(
        name="appendix_scores",
        context_type=appendix_scores.AppendixScoresContext,
        formats=("docx", "pdf"),
        build=appendix_scores.build,
        stem=lambda decision: f"appendix-{_scores_letter(decision)}-scores",
        made_for=_has_scores_and_award,
        source=appendix_scores.SOURCE,
        pack_place=1,
    ),
    Kind(
        name="appendix_notice",  # what the public pack gets in place of each exempt appendix
        context_type=appendix_notice.AppendixNoticeContext,
        formats=("docx", "pdf"),
        build=None,
        stem=None,
        made_for=_has_exempt_appendix,
        stands_in=appendix_notice.build,
        pack_place=1,
    ),
    Kind(
        name="decision_notice",
        context_type=decision_notice.DecisionNoticeContext,
        formats=("docx", "pdf", "html"),
        build=decision_notice.build,
        stem=lambda decision: "decision-notice",
        made_for=_always,
        pack_place=2,
    ),
    Kind(
        name="transparency_notice",  # a direct award's s44 notice, as a readable document
        context_type=transparency_notice.TransparencyNoticeContext,
        formats=("docx", "pdf"),
        build=transparency_notice.build,
        stem=lambda decision: "transparency-notice",
        made_for=transparency_notice.made_for,
        pack_place=3,
    ),
    Kind(
        name="change_notice",  # a modification's s75 (or reg 72(3)) notice, readable
        context_type=change_notice.ChangeNoticeContext,
        formats=("docx", "pdf"),
        build=change_notice.build,
        stem=lambda decision: "change-notice",
        made_for=change_notice.made_for,
        pack_place=3,
    ),
    Kind(
        name="award_letter",
        context_type=award_letter.AwardLetterContext,
        formats=("docx", "pdf"),
        build=None,
        stem=None,
        made_for=_never,
        letter=True,
    ),
    Kind(
        name="not_awarded_letter",  # to each tenderer of a procurement not awarded
        context_type=not_awarded_letter.NotAwardedLetterContext,
        formats=("docx", "pdf"),
        build=None,
        stem=None,
        made_for=_never,
        letter=True,
    ),
)

_BY_NAME = {k.name: k for k in KINDS}


def kind(name: str) -> Kind:
    """The kind of that name; KeyError names the known kinds."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no document kind {name!r} (known: {', '.join(_BY_NAME)})") from None


def paper_kinds() -> tuple[Kind, ...]:
    """The kinds planned per decision (every kind but the letters), in planning order."""
    return tuple(k for k in KINDS if not k.letter)
