"""Rules on what the decision record and paper contain: R9, R11, R16, R33."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.checks.rules.base import Rule, RuleContext, placeholder
from docgen.derive.numbering import references
from docgen.models import Council, Decision
from docgen.records.loading import Finding, Loc

SCHEDULE_12A = {
    # nation: (paragraphs, the Part that lists them, paragraphs subject to the public interest test)
    "england": (range(1, 8), "Part 1", frozenset(range(1, 8))),
    "wales": (range(12, 19), "Part 4", frozenset({12, 13, 14, 15, 17, 18})),
}
"""Schedule 12A LGA 1972: Part 1 applies in England (paragraphs 1-7, all subject to the public
interest test, Part 2); Part 4 in Wales (paragraphs 12-18, substituted by SI 2007/969; Part 5
applies the public interest test to all but paragraph 16, legal professional privilege)."""
WALES_PUBLIC_INTEREST = 21
"""Wales: paragraph 21 of Part 5, the public interest test, which Welsh decisions cite beside the
Part 4 paragraph it qualifies ("paragraphs 14 and 21 of Parts 4 and 5"; docs/law.md §11.3)."""


def exempt_paragraphs(ctx: RuleContext) -> Iterator[Finding]:
    """R9: every exempt appendix cites paragraphs of Schedule 12A valid for the nation."""
    for council, decision, _ in ctx.decisions():
        valid, part, tested = SCHEDULE_12A[council.nation]
        for i, appendix in enumerate(decision.appendices):
            cited = appendix.exempt.paragraphs if appendix.exempt else []
            for j, number in enumerate(cited):
                loc = ("appendices", i, "exempt", "paragraphs", j)
                if council.nation == "wales" and number == WALES_PUBLIC_INTEREST:
                    if not tested.intersection(cited):
                        yield decision, loc, _qualifies_nothing(cited)
                elif number not in valid:
                    yield (
                        decision,
                        loc,
                        f"{council.short_name} is in {council.nation.title()}, where "
                        f"{part} of Schedule 12A lists paragraphs {valid[0]} to {valid[-1]} "
                        f"(got {number})",
                    )


def _qualifies_nothing(cited: list[int]) -> str:
    others = [n for n in cited if n != WALES_PUBLIC_INTEREST]
    named = " and ".join(str(n) for n in others)
    beside = f"beside paragraph{'s' if len(others) > 1 else ''} {named} only" if others else "alone"
    return (
        f"paragraph 21 of Part 5 (the public interest test) is cited {beside}: it qualifies "
        "paragraphs 12 to 15, 17 and 18 of Part 4, so cite the Part 4 paragraph that exempts "
        "the information (16, legal professional privilege, needs no public interest test)"
    )


def public_interest(ctx: RuleContext) -> Iterator[Finding]:
    """R9: the public-interest statement weighs exemption against disclosure."""
    for council, decision, _ in ctx.decisions():
        _, _, tested = SCHEDULE_12A[council.nation]
        for i, appendix in enumerate(decision.appendices):
            exempt = appendix.exempt
            if exempt is None or not tested.intersection(exempt.paragraphs):
                continue
            if "public interest" not in exempt.public_interest.lower():
                yield (
                    decision,
                    ("appendices", i, "exempt", "public_interest"),
                    "does not state the public interest test: say why the public interest in "
                    "keeping the information exempt outweighs the public interest in disclosing it",
                )


_RECORD_PARTS: tuple[tuple[Loc, str], ...] = (
    (("sections", "reasons"), "the reasons for the decision"),
    (("sections", "alternatives"), "the alternative options considered and rejected"),
    (("alternatives_rejected",), "the alternative options considered and rejected"),
    (("conflicts_of_interest",), "any conflict of interest declared"),
    (("dispensations",), "any dispensation granted"),
)


def _value(decision: Decision, loc: Loc) -> str:
    node: object = decision
    for part in loc:
        node = getattr(node, str(part))
    return node if isinstance(node, str) else ""


def _unfinished(decision: Decision, parts: tuple[tuple[Loc, str], ...]) -> Iterator[Finding]:
    for loc, what in parts:
        found = placeholder(_value(decision, loc))
        if found:
            yield decision, loc, f"still holds the placeholder {found!r}: it must state {what}"


def unfinished(decision: Decision, parts: tuple[tuple[Loc, str], ...]) -> Iterator[Finding]:
    """Each part of a decision's record, and each resolution, that still holds a placeholder
    (R11 for England's record of a decision, R62 for a Welsh written statement)."""
    yield from _unfinished(decision, parts)
    for i, res in enumerate(decision.resolutions):
        found = placeholder(res.text)
        if found:
            yield (
                decision,
                ("resolutions", i, "text"),
                f"still holds the placeholder {found!r}: it must state the decision",
            )


def decision_record(ctx: RuleContext) -> Iterator[Finding]:
    """R11: a cleared or final decision record states every part reg 12 asks for (England; R62
    checks a Welsh executive decision's written statement, docs/law.md §11.5)."""
    for council, decision, _ in ctx.decisions():
        if decision.status == "draft" or council.nation != "england":
            continue
        yield from unfinished(decision, _RECORD_PARTS)


_PAPER_PARTS: tuple[tuple[Loc, str], ...] = (
    (("sections", "executive_summary"), "the summary"),
    (("sections", "financial"), "the comments of the chief finance officer"),
    (("sections", "legal"), "the legal implications"),
    (("sections", "equalities"), "the equalities implications"),
)


def mandatory_sections(ctx: RuleContext) -> Iterator[Finding]:
    """R16: the mandatory sections say something, and the paper names a contact."""
    for council, decision, _ in ctx.decisions():
        yield from _contact(council, decision)
        if decision.status != "draft":
            yield from _unfinished(decision, _PAPER_PARTS)


def _contact(council: Council, decision: Decision) -> Iterator[Finding]:
    author = council.officer(decision.author)
    if author is not None and not (author.email or author.phone):
        yield (
            decision,
            ("author",),
            f"the contact officer {author.name} has no email or phone in the {council.short_name} "
            f"profile, so the paper cannot say how to reach them",
        )


def revision_changes(ctx: RuleContext) -> Iterator[Finding]:
    """R33: every change a revision lists names a paragraph, recommendation or appendix."""
    for _, decision, _ in ctx.decisions():
        labels = {name for _, name in references(decision, tolerant=True)}
        for i, revision in enumerate(decision.revisions):
            for j, label in enumerate(revision.changes):
                if label not in labels:
                    yield (
                        decision,
                        ("revisions", i, "changes", j),
                        f"{label!r} is not the label of a paragraph, recommendation or appendix "
                        f"of the paper, so the revision cannot point readers to the change",
                    )


_SCHEDULE_12A_SOURCES = (
    "https://reigate-banstead.moderngov.co.uk/mgReasonsRestricted.aspx?OID=4229&OT=I ; "
    "https://legislation.gov.uk/ukpga/1972/70/schedule/12A/2022-04-21/data.html ; "
    "http://legislation.gov.uk/wsi/2007/969/schedules/made"
)

RULES = (
    Rule(
        "R9",
        "error",
        "Every exempt appendix cites paragraphs of Schedule 12A that exist for the council's "
        "nation: 1 to 7 (Part 1) in England, 12 to 18 (Part 4) in Wales, where paragraph 21 "
        "(Part 5, the public interest test) may stand beside a paragraph it qualifies",
        _SCHEDULE_12A_SOURCES,
        exempt_paragraphs,
    ),
    Rule(
        "R9",
        "warning",
        "The public-interest statement of an exempt appendix weighs the public interest in "
        "keeping it exempt against disclosure (not needed for Welsh paragraph 16 alone)",
        _SCHEDULE_12A_SOURCES,
        public_interest,
    ),
    Rule(
        "R11",
        "error",
        "England (2012 Regs reg 12; R62 in Wales): a cleared or final decision record states "
        "the decision, reasons, alternatives rejected, "
        "conflicts and dispensations, with no drafting placeholder (TBC, [insert …]) left in "
        "them (the model requires each part to be present)",
        "https://www.legislation.gov.uk/uksi/2012/2089/regulation/12?view=plain",
        decision_record,
    ),
    Rule(
        "R16",
        "error",
        "The paper names a contact officer with an email or phone, and in a cleared or final "
        "paper the summary, financial, legal and equalities sections hold no drafting "
        "placeholder (the section list itself is fixed by the paper's structure)",
        "https://www.scribd.com/document/164013149/02-03-Single-report-template-final-draft-130808-docx",
        mandatory_sections,
    ),
    Rule(
        "R33",
        "error",
        "Every change a revision lists is the label of a paragraph, recommendation or appendix "
        "(comparing the text of two papers is `docgen compare`)",
        "https://ssl.cmadvantage.co.uk/782856146-CMP94CON122-Z-1-TRK1412ENT94-0-Z-Z-0-0-Z-Z-Z-Z-Z-Z ; "
        "https://democracy.lbhf.gov.uk/ieListDocuments.aspx?CId=116&MID=4503",
        revision_changes,
    ),
)
