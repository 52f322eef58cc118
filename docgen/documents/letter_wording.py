"""The words of the award letters: what PCR 2015 reg 86 and the Procurement Act 2023 ask for.

Sources (docs/law.md §5): PCR 2015 regs 86-87 (award criteria, own and successful tenderers'
scores, characteristics and relative advantages, names, the precise end of standstill and the
date before which the contract is not concluded); Procurement Regulations 2024 reg 31 (Wales:
Procurement (Wales) Regulations 2024 reg 32) for the assessment summary; s51 for standstill.
Successful letters are provisional and must not read as acceptance (§5.4, R22).

Every sentence here is built from one bidder's bid, the Lot's appointed bids and the award: no
other bidder's name or score can reach a letter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from docgen.derive import formatting as fmt
from docgen.derive.timing import Standstill
from docgen.derive.units import ScoredBid
from docgen.documents import letter_standstill
from docgen.documents.letter_evaluation import EvaluationWords
from docgen.models import Award, Council
from docgen.models.council import Officer

if TYPE_CHECKING:
    from docgen.documents.award_letter import LotFacts, Outcome

THINGS = {
    "framework": "framework agreement",
    "contract": "contract",
    "approved_list": "approved list",
}


@dataclass(frozen=True)
class Wording:
    award: Award
    council: Council
    officer: Officer
    standstill: Standstill | None
    lot: LotFacts
    scored: ScoredBid

    # ---- names of things ----

    @property
    def evaluation(self) -> EvaluationWords:
        """The words that depend on the evaluation method, ranks and caps (§6)."""
        return EvaluationWords(self.lot, self.scored, self.is_pcr)

    @property
    def is_pcr(self) -> bool:
        return self.award.procurement.regime == "pcr2015"

    @property
    def thing(self) -> str:
        return THINGS[self.award.contract.kind]

    @property
    def where(self) -> str:
        """'Lot 1: Reablement of the ILSS framework agreement' or 'the Carers Support contract'."""
        unit = self.lot.unit
        whole = f"the {fmt.titled(self.award.title, self.thing)}"
        return f"{unit.name} of {whole}" if unit.lot else whole

    def _appoint(self, names: list[str]) -> str:
        """'appoint X to Lot 1: Reablement' / 'award the contract to X'."""
        who = fmt.join_names(names)
        unit = self.lot.unit
        if unit.lot:
            return f"appoint {who} to {unit.name}"
        if self.award.contract.kind == "contract":
            return f"award the contract to {who}"
        return f"appoint {who} to the {self.thing}"

    def kind_title(self) -> str:
        if self.lot.unit.is_cancelled:
            return "Notice of cancellation"
        if self.is_pcr:
            return "Notice of award decision"
        return "Assessment summary" if self.scored.bid.outcome != "excluded" else "Tender outcome"

    def subject(self, outcome: Outcome) -> str:
        head = f"{self.award.title} ({self.award.procurement.reference})"
        unit = self.lot.unit
        if outcome == "cancelled":
            return f"{head}: cancellation of {unit.name}"
        part = f", {unit.name}" if unit.lot else ""
        return f"{head}{part}: {self.kind_title().lower()}"

    # ---- opening ----

    def opening(self, outcome: Outcome) -> list[str]:
        ref = self.award.procurement.reference
        thanks = f"Thank you for your tender for {self.where} (reference {ref})."
        if outcome == "cancelled":
            return [thanks, *self._cancelled()]
        return [thanks, self._what_this_is(outcome), *self._outcome(outcome)]

    def _cancelled(self) -> list[str]:
        unit = self.lot.unit
        reason = unit.lot.cancelled_reason if unit.lot else None
        return [
            f"I am writing to tell you that the Council has decided not to award {unit.name} and "
            "has cancelled the procurement for this Lot, for the following reason.",
            reason or "No reason was recorded.",
            "No supplier will be appointed to this Lot, and no standstill period applies to it.",
        ]

    def _what_this_is(self, outcome: Outcome) -> str:
        if self.is_pcr:
            gives = (
                "the reason your tender was excluded, the names of the successful tenderers"
                if outcome == "excluded"
                else "the award criteria, the scores, the reasons for the decision"
            )
            return (
                "This letter is the Council's notice of its award decision under regulation 86 "
                f"of the Public Contracts Regulations 2015. It gives {gives} and the end of the "
                "standstill period."
            )
        if outcome == "excluded":
            return (
                "This letter tells you the outcome of your tender. Because your tender was "
                "excluded before it was assessed against the award criteria, it gives the reason "
                "for the exclusion instead of scores."
            )
        return (
            "This letter is the Council's assessment summary under section 50(3) of the "
            f"Procurement Act 2023 and {self._act_regulation()}. It explains how your tender "
            "was assessed against the award criteria."
        )

    def _act_regulation(self) -> str:
        if self.council.nation == "wales":
            return "regulation 32 of the Procurement (Wales) Regulations 2024"
        return "regulation 31 of the Procurement Regulations 2024"

    def _outcome(self, outcome: Outcome) -> list[str]:
        names = list(self.lot.appointed_names)
        verb = "has decided to" if self.is_pcr else "intends to"
        if outcome == "appointed":
            place = self.evaluation.ranked_place()
            return [self._pleased(verb, len(names)), *([place] if place else [])]
        if outcome == "excluded":
            reason = self.scored.bid.exclusion_reason or "No reason was recorded."
            return [
                "I am sorry to tell you that your tender was excluded because it did not meet a "
                "pass/fail requirement of the tender documents, so it was not scored against the "
                "award criteria. The reason for the exclusion is as follows.",
                reason,
                self._winners_sentence(verb, names),
            ]
        return [
            f"I am sorry to tell you that your tender was not successful. {self._winners_sentence(verb, names)}"
        ]

    def _pleased(self, verb: str, count: int) -> str:
        subs = self._sub_categories()
        text = (
            f"I am pleased to tell you that the Council {verb} "
            f"{self._appoint([self.scored.bidder.name])}{subs}. {self._subject_to()}"
        )
        if count > 1:
            others = count - 1
            word = "supplier" if others == 1 else "suppliers"
            text += f" The Council is also appointing {fmt.count_words(others)} other {word} to this Lot."
        return text

    def _subject_to(self) -> str:
        """What the decision waits for: the standstill only when one applies (§5.4, R22)."""
        if self.standstill is None:
            return "This decision is subject to contract."
        return "This decision is subject to the standstill period and to contract."

    def _many(self) -> bool:
        return len(self.lot.appointed_names) > 1

    def _named_below(self) -> str:
        """'the supplier named below' or 'the five suppliers named below'."""
        count = len(self.lot.appointed_names)
        if count == 1:
            return "the supplier named below"
        return f"the {fmt.count_words(count)} suppliers named below"

    def _sub_categories(self) -> str:
        unit, codes = self.lot.unit, self.scored.bid.sub_categories
        if not unit.lot or not codes:
            return ""
        titles = {s.code: s.title for s in unit.lot.sub_categories}
        parts = [f"{c} ({titles[c]})" if c in titles else c for c in codes]
        word = "sub-category" if len(parts) == 1 else "sub-categories"
        return f", {word} {fmt.join_names(parts)}"

    def _winners_sentence(self, verb: str, names: list[str]) -> str:
        if not names:
            return "The Council has not appointed any supplier to this Lot."
        ranked = self.evaluation.ranked_names()
        if ranked:
            return f"The Council {verb} appoint {ranked} to {self._target()}."
        if len(names) == 1 or not self.is_pcr:
            return f"The Council {verb} {self._appoint(names)}."
        return f"The Council {verb} appoint {self._named_below()} to {self._target()}."

    def _target(self) -> str:
        return self.lot.unit.name if self.lot.unit.lot else f"the {self.thing}"

    # ---- the score tables ----

    def scores_heading(self) -> str:
        return "Award criteria and your scores" if self.is_pcr else "Assessment of your tender"

    def scores_intro(self) -> str:
        text = (
            "Tenders were evaluated against the award criteria below. The weight of each "
            "criterion is the maximum score available for it, and the total is out of "
            f"{self.lot.total_weight}."
        )
        text += self.evaluation.scores_intro()
        if not self.is_pcr:
            text += (
                " This is a summary: the award criteria and the assessment methodology are set "
                "out in full in the tender documents for this procurement (reference "
                f"{self.award.procurement.reference})."
            )
        return text

    def appointed_heading(self, outcome: Outcome) -> str:
        many = len(self.lot.appointed_names) > 1
        if self.is_pcr and outcome != "excluded":
            return (
                "Scores of the successful tenderers" if many else "Score of the successful tenderer"
            )
        if self.is_pcr:
            return "The successful tenderers" if many else "The successful tenderer"
        return "The successful suppliers" if many else "The successful supplier"

    def appointed_intro(self, outcome: Outcome) -> str:
        if not self.is_pcr:
            if not self._many() and not self.lot.unit.lot and self.thing == "contract":
                return "The contract is to be awarded to the supplier named below."
            return f"The Council intends to appoint {self._named_below()} to {self._target()}."
        if outcome == "excluded":
            return "In order of their evaluation ranking, they are:"
        where = " for this Lot" if self.lot.unit.lot else ""
        mine = ", including yours" if outcome == "appointed" else ""
        return (
            f"The score for each criterion (numbered as above) and the total score of each "
            f"successful tenderer{where}{mine}, in order of total score:"
        )

    # ---- sections after the tables ----

    def sections(self, outcome: Outcome) -> list[tuple[str, list[str]]]:
        out: list[tuple[str, list[str]]] = []
        if outcome in ("appointed", "unsuccessful"):
            out.append(("Reasons for the decision", list(self._reasons(outcome))))
            out += self.evaluation.explanations(outcome)
        if outcome != "cancelled":
            out.append(("Standstill period", self._standstill()))
        if outcome == "appointed":
            out.append(("Next steps", self._next_steps()))
        return out

    def _reasons(self, outcome: Outcome) -> Iterator[str]:
        yield f"{self._rule()} {self._result(outcome)}"
        if self.is_pcr and self.lot.unit.advantages:
            tenders = "tenders were" if self._many() else "tender was"
            yield f"The characteristics and relative advantages of the successful {tenders} as follows."
            yield self.lot.unit.advantages
        feedback = self.scored.bid.feedback
        if feedback:
            label = "Feedback on your tender" if self.is_pcr else "Explanation of your scores"
            if ": " in feedback:  # per-criterion feedback ("Quality: …") would read "…: …: …"
                yield f"{label} follows."
                yield feedback
            else:
                yield f"{label}: {feedback}"

    def _rule(self) -> str:
        method = self.lot.unit.appointment
        if method is None:
            return ""
        special = self.evaluation.rule()
        if special:
            return self._rule_sentence(special) + self.evaluation.fixed_price()
        if method.method == "threshold":
            cap = method.max_suppliers
            limit = (
                f", up to a maximum of {fmt.count_words(cap)} {fmt.noun(cap, 'supplier')}"
                if cap
                else ""
            )
            rule = (
                f"every tenderer whose total score was at least {fmt.score(method.min_score)} "
                f"out of {self.lot.total_weight}{limit}"
            )
        elif method.method == "ranked" or method.n == 1:
            rule = "the tenderer with the highest total score"
            rule += "" if self.is_pcr else " (the most advantageous tender)"
        else:
            rule = f"the {fmt.count_words(method.n)} tenderers with the highest total scores"
        return self._rule_sentence(rule)

    def _rule_sentence(self, rule: str) -> str:
        if self.lot.unit.lot:
            return f"As the tender documents stated, the Council appoints to this Lot {rule}."
        if self.award.contract.kind == "contract":
            return f"As the tender documents stated, the Council awards the contract to {rule}."
        return f"As the tender documents stated, the Council appoints to the {self.thing} {rule}."

    def _result(self, outcome: Outcome) -> str:
        total = fmt.score(self.scored.total)
        text = f"Your tender's total score was {total} out of {self.lot.total_weight}."
        capped = self.evaluation.capped()
        if capped:
            return f"{text} {capped}"
        if self.evaluation.method != "weighted_sum":
            return self.evaluation.result(text, outcome == "appointed")
        if outcome == "appointed":
            return text
        method, lowest = self.lot.unit.appointment, self.lot.lowest_appointed
        if (
            method is not None
            and method.method == "threshold"
            and self.scored.total < method.min_score
        ):
            return f"{text} This is below the minimum score of {fmt.score(method.min_score)}."
        if lowest is None:
            return text
        if lowest.total == self.scored.total:
            return f"{text} {self._tie()}"
        if not self.is_pcr and self._many():
            return f"{text} This is lower than the total score of every successful tender."
        if not self.is_pcr:
            return f"{text} This is lower than the total score of the successful tender."
        return (
            f"{text} The lowest total score of a successful tenderer was {fmt.score(lowest.total)}."
        )

    def _tie(self) -> str:
        names = {c.id: c.name for c in self.lot.unit.criteria}
        criterion = names.get(self.lot.unit.tie_break, self.lot.unit.tie_break)
        return (
            "This is equal to the lowest total score of a successful tenderer. As the tender "
            f"documents stated, equal scores are decided by the score for {criterion.lower()}, "
            "on which your tender scored lower."
        )

    def _standstill(self) -> list[str]:
        what = f"the {self.thing}" + (" for this Lot" if self.lot.unit.lot else "")
        return letter_standstill.paragraphs(self.award, self.standstill, what)

    def _next_steps(self) -> list[str]:
        after = ", after the standstill period has ended" if self.standstill else ""
        return [
            "This letter is not an acceptance of your tender and does not create a contract. The "
            f"{self.thing} will be concluded only when both parties have signed it{after}.",
            "Please do not incur costs or make commitments in preparation for delivering the "
            "services until then: the Council will not be liable for them.",
        ]

    # ---- closing ----

    def closing(self, outcome: Outcome, other_lots: int) -> list[str]:
        email = self.officer.email or self.council.letterhead.email
        at = f", at {email}" if email else ""
        out = [
            f"If you have any questions about this letter, please contact {self.officer.name}, "
            f"{self.officer.title}{at}."
        ]
        if other_lots == 1:
            out.append(
                "You also tendered for one other Lot; you will receive a separate letter about it."
            )
        elif other_lots:
            out.append(
                f"You also tendered for {fmt.count_words(other_lots)} other Lots; you will "
                "receive a separate letter about each."
            )
        if outcome == "appointed":
            out.append("Thank you for your tender. We look forward to working with you.")
        else:
            out.append(
                "Thank you for the time and effort you put into your tender, and for your "
                "interest in working with the Council."
            )
        return out
