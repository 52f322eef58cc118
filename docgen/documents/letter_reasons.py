"""The award letter's parts after the score tables: the reasons for the decision (PCR 2015
reg 86(2), Procurement Regulations 2024 reg 31), the standstill period (reg 87, s51), the next
steps of an appointed supplier (§5.4, R22) and the closing paragraphs (docs/law.md §5).

Split from docgen.documents.letter_wording (which calls these for its ``Wording``); each
sentence is one message in the letter's language, as there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from docgen.derive import formatting as fmt
from docgen.derive.units import ScoredBid
from docgen.documents import letter_standstill
from docgen.documents.letter_evaluation import EvaluationWords, count, criterion_names

if TYPE_CHECKING:
    from docgen.documents.letter_context import Outcome
    from docgen.documents.letter_wording import Wording


def sections(w: Wording, outcome: Outcome) -> list[tuple[str, list[str]]]:
    t = w.t
    out: list[tuple[str, list[str]]] = []
    if outcome in ("appointed", "unsuccessful"):
        out.append((t("Reasons for the decision"), list(_reasons(w, outcome))))
        out += explanations(w.evaluation, outcome)
    if outcome != "cancelled":
        out.append((t("Standstill period"), _standstill(w)))
    if outcome == "appointed":
        out.append((t("Next steps"), _next_steps(w)))
    return out


def _reasons(w: Wording, outcome: Outcome) -> Iterator[str]:
    t = w.t
    yield f"{_rule(w)} {_result(w, outcome)}"
    advantages = t.text(w.lot.unit.advantages)
    if w.is_pcr and advantages:
        if w._many():
            yield t(
                "The characteristics and relative advantages of the successful tenders were as "
                "follows."
            )
        else:
            yield t(
                "The characteristics and relative advantages of the successful tender was as "
                "follows."
            )
        yield advantages
    feedback = t.text(w.scored.bid.feedback)
    if feedback:
        label = t("Feedback on your tender") if w.is_pcr else t("Explanation of your scores")
        if ": " in feedback:  # per-criterion feedback ("Quality: …") would read "…: …: …"
            yield (
                t("Feedback on your tender follows.")
                if w.is_pcr
                else t("Explanation of your scores follows.")
            )
            yield feedback
        else:
            yield f"{label}: {feedback}"


def explanations(ev: EvaluationWords, outcome: str) -> list[tuple[str, list[str]]]:
    """'Explanation of your scores' (or 'Feedback on your tender'), one paragraph a
    criterion (docs/law.md §6.4); and in an unsuccessful bidder's assessment summary, the successful tender's."""
    t = ev.t
    out: list[tuple[str, list[str]]] = []
    own = _criteria(ev, ev.scored, mine=True)
    if own:
        heading = t("Feedback on your tender") if ev.is_pcr else t("Explanation of your scores")
        out.append((heading, own))
    winners = [s for s in ev.unit.appointed] if not ev.unit.is_cancelled else []
    if outcome == "unsuccessful" and not ev.is_pcr and winners:
        first = winners[0]
        theirs = _criteria(ev, first, mine=False)
        if theirs:
            if len(winners) > 1:
                intro = t(
                    "This is how the highest-ranked successful tender, from {name}, was "
                    "assessed against each criterion, with reference to that tender.",
                    name=first.bidder.name,
                )
            else:
                intro = t(
                    "This is how the successful tender, from {name}, was assessed against "
                    "each criterion, with reference to that tender.",
                    name=first.bidder.name,
                )
            out.append((t("The successful tender"), [intro, *theirs]))
    return out


def _criteria(ev: EvaluationWords, s: ScoredBid, mine: bool) -> list[str]:
    texts, t = s.bid.explanations, ev.t
    if not texts:
        return []
    out = []
    for cid, code, name, weight in ev.lot.criteria:
        if cid not in texts:
            continue
        score = ev.lot.columns.score(cid, s.bid.scores.get(cid))
        if mine:
            line = t(
                "{code} {name} (your score {score} out of {weight}). {explanation}",
                code=code,
                name=name,
                score=score,
                weight=weight,
                explanation=t.text(texts[cid]),
            )
        else:
            line = t(
                "{code} {name} (its score {score} out of {weight}). {explanation}",
                code=code,
                name=name,
                score=score,
                weight=weight,
                explanation=t.text(texts[cid]),
            )
        out.append(line)
    return out


def _rule(w: Wording) -> str:
    t, method = w.t, w.lot.unit.appointment
    if method is None:
        return ""
    special = w.evaluation.rule()
    if special:
        return _rule_sentence(w, special) + w.evaluation.fixed_price()
    if method.method == "threshold":
        minimum, total, cap = fmt.score(method.min_score), w.lot.total_weight, method.max_suppliers
        if cap:
            words = count(t, cap)
            rule = t.plural(
                "every tenderer whose total score was at least {minimum} out of {total}, up to "
                "a maximum of {words} supplier",
                "every tenderer whose total score was at least {minimum} out of {total}, up to "
                "a maximum of {words} suppliers",
                cap,
                minimum=minimum,
                total=total,
                words=words,
            )
        else:
            rule = t(
                "every tenderer whose total score was at least {minimum} out of {total}",
                minimum=minimum,
                total=total,
            )
    elif (method.method == "ranked" or method.n == 1) and w.is_pcr:
        rule = t("the tenderer with the highest total score")
    elif method.method == "ranked" or method.n == 1:
        rule = t("the tenderer with the highest total score (the most advantageous tender)")
    else:
        words = count(t, method.n)
        rule = t.plural(
            "the {words} tenderer with the highest total score",
            "the {words} tenderers with the highest total scores",
            method.n,
            words=words,
        )
    return _rule_sentence(w, rule)


def _rule_sentence(w: Wording, rule: str) -> str:
    t = w.t
    if w.lot.unit.lot:
        return t(
            "As the tender documents stated, the Council appoints to this Lot {rule}.", rule=rule
        )
    if w.award.contract.kind == "contract":
        return t(
            "As the tender documents stated, the Council awards the contract to {rule}.", rule=rule
        )
    return t(
        "As the tender documents stated, the Council appoints to the {thing} {rule}.",
        thing=w.thing,
        rule=rule,
    )


def _result(w: Wording, outcome: Outcome) -> str:
    t, scored, lot = w.t, w.scored, w.lot
    text = t(
        "Your tender's total score was {total} out of {weight}.",
        total=fmt.score(scored.total),
        weight=lot.total_weight,
    )
    capped = w.evaluation.capped()
    if capped:
        return f"{text} {capped}"
    if w.evaluation.method != "weighted_sum":
        return w.evaluation.result(text, outcome == "appointed")
    if outcome == "appointed":
        return text
    method, lowest = lot.unit.appointment, lot.lowest_appointed
    if method is not None and method.method == "threshold" and scored.total < method.min_score:
        return f"{text} " + t(
            "This is below the minimum score of {minimum}.", minimum=fmt.score(method.min_score)
        )
    if lowest is None:
        return text
    if lowest.total == scored.total:
        return f"{text} {_tie(w)}"
    if not w.is_pcr and w._many():
        return f"{text} " + t("This is lower than the total score of every successful tender.")
    if not w.is_pcr:
        return f"{text} " + t("This is lower than the total score of the successful tender.")
    return f"{text} " + t(
        "The lowest total score of a successful tenderer was {score}.",
        score=fmt.score(lowest.total),
    )


def _tie(w: Wording) -> str:
    unit = w.lot.unit
    criterion = criterion_names(w.t, unit).get(unit.tie_break) or unit.tie_break
    return w.t(
        "This is equal to the lowest total score of a successful tenderer. As the tender "
        "documents stated, equal scores are decided by the score for {criterion}, on which your "
        "tender scored lower.",
        criterion=criterion.lower(),
    )


def _standstill(w: Wording) -> list[str]:
    return letter_standstill.paragraphs(w.award, w.standstill, w.thing, bool(w.lot.unit.lot), w.t)


def _next_steps(w: Wording) -> list[str]:
    t = w.t
    if w.standstill:
        concluded = t(
            "This letter is not an acceptance of your tender and does not create a contract. "
            "The {thing} will be concluded only when both parties have signed it, after the "
            "standstill period has ended.",
            thing=w.thing,
        )
    else:
        concluded = t(
            "This letter is not an acceptance of your tender and does not create a contract. "
            "The {thing} will be concluded only when both parties have signed it.",
            thing=w.thing,
        )
    return [
        concluded,
        t(
            "Please do not incur costs or make commitments in preparation for delivering the "
            "services until then: the Council will not be liable for them."
        ),
    ]


def closing(w: Wording, outcome: Outcome, other_lots: int) -> list[str]:
    t, officer = w.t, w.officer
    email = officer.email or w.council.letterhead.email
    if email:
        ask = t(
            "If you have any questions about this letter, please contact {name}, {title}, at "
            "{email}.",
            name=officer.name,
            title=t.text(officer.title),
            email=email,
        )
    else:
        ask = t(
            "If you have any questions about this letter, please contact {name}, {title}.",
            name=officer.name,
            title=t.text(officer.title),
        )
    out = [ask]
    if other_lots:
        words = count(t, other_lots)
        out.append(
            t.plural(
                "You also tendered for one other Lot; you will receive a separate letter about it.",
                "You also tendered for {words} other Lots; you will receive a separate letter "
                "about each.",
                other_lots,
                words=words,
            )
        )
    if w.council.languages.welsh:  # Welsh Language Standards (No. 1) Regulations 2015, std 7
        out.append(
            t(
                "We welcome correspondence in Welsh. We will respond to correspondence in Welsh, "
                "and this will not lead to a delay."
            )
        )
    if outcome == "appointed":
        out.append(t("Thank you for your tender. We look forward to working with you."))
    else:
        out.append(
            t(
                "Thank you for the time and effort you put into your tender, and for your "
                "interest in working with the Council."
            )
        )
    return out
