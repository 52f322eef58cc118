"""The words of the award letters: what PCR 2015 reg 86 and the Procurement Act 2023 ask for.

Sources (docs/law.md §5): PCR 2015 regs 86-87 (award criteria, own and successful tenderers'
scores, characteristics and relative advantages, names, the precise end of standstill and the
date before which the contract is not concluded); Procurement Regulations 2024 reg 31 (Wales:
Procurement (Wales) Regulations 2024 reg 32) for the assessment summary; s51 for standstill.
Successful letters are provisional and must not read as acceptance (§5.4, R22).

Every sentence here is built from one bidder's bid, the Lot's appointed bids and the award: no
other bidder's name or score can reach a letter.

Every sentence is one message in the letter's language (``t``, docgen.derive.language): the
English message is the English the letter prints, the Welsh is in the letters catalogue
(templates/locale/cy/LC_MESSAGES/letters.po). Sentences are whole messages, never joined from
translated halves, because Welsh orders and mutates words differently; only whole sentences
and record text (names, titles, reasons) are put together here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from docgen.derive import formatting as fmt
from docgen.derive.language import Words
from docgen.derive.timing import Standstill
from docgen.derive.units import ScoredBid
from docgen.documents import letter_reasons
from docgen.documents.letter_evaluation import EvaluationWords, count, join
from docgen.models import Award, Council
from docgen.models.council import Officer

if TYPE_CHECKING:
    from docgen.documents.award_letter import LotFacts
    from docgen.documents.letter_context import Outcome


@dataclass(frozen=True)
class Wording:
    award: Award
    council: Council
    officer: Officer
    standstill: Standstill | None
    lot: LotFacts
    scored: ScoredBid
    t: Words

    # ---- names of things ----

    @cached_property
    def evaluation(self) -> EvaluationWords:
        """The words that depend on the evaluation method, ranks and caps (§6)."""
        return EvaluationWords(self.lot, self.scored, self.is_pcr, self.t)

    @property
    def is_pcr(self) -> bool:
        return self.award.procurement.regime == "pcr2015"

    @cached_property
    def thing(self) -> str:
        """What is awarded: 'framework agreement', 'contract' or 'approved list'."""
        kind, t = self.award.contract.kind, self.t
        if kind == "framework":
            return t("framework agreement")
        if kind == "approved_list":
            return t("approved list")
        return t("contract")

    @property
    def name(self) -> str:
        """The Lot's name, 'Lot 1: Reablement', or the contract's title."""
        return self.lot.name

    @property
    def where(self) -> str:
        """'Lot 1: Reablement of the ILSS framework agreement' or 'the Carers Support contract'."""
        t, title = self.t, self.award.title
        kind_named = fmt.titled(str(title), "x") == str(title)  # the title names its kind
        if self.lot.unit.lot:
            if kind_named:
                return t("{lot} of the {title}", lot=self.name, title=t.text(title))
            return t(
                "{lot} of the {title} {thing}", lot=self.name, title=t.text(title), thing=self.thing
            )
        if kind_named:
            return t("the {title}", title=t.text(title))
        return t("the {title} {thing}", title=t.text(title), thing=self.thing)

    def _verb(self) -> str:
        # TRANSLATORS: "The Council {verb} appoint …": a decision (PCR 2015) or an intention (Act).
        return self.t("has decided to") if self.is_pcr else self.t("intends to")

    def _appoint(self, names: list[str]) -> str:
        """'appoint X to Lot 1: Reablement' / 'award the contract to X'."""
        t, who = self.t, join(self.t, names)
        if self.lot.unit.lot:
            return t("appoint {names} to {lot}", names=who, lot=self.name)
        if self.award.contract.kind == "contract":
            return t("award the contract to {names}", names=who)
        return t("appoint {names} to the {thing}", names=who, thing=self.thing)

    def kind_title(self) -> str:
        t = self.t
        if self.lot.unit.is_cancelled:
            return t("Notice of cancellation")
        if self.is_pcr:
            return t("Notice of award decision")
        if self.scored.bid.outcome != "excluded":
            return t("Assessment summary")
        return t("Tender outcome")

    def subject(self, outcome: Outcome) -> str:
        t = self.t
        head = f"{t.text(self.award.title)} ({self.award.procurement.reference})"
        if outcome == "cancelled":
            return t("{head}: cancellation of {lot}", head=head, lot=self.name)
        part = f", {self.name}" if self.lot.unit.lot else ""
        return f"{head}{part}: {self.kind_title().lower()}"

    # ---- opening ----

    def opening(self, outcome: Outcome) -> list[str]:
        t, ref = self.t, self.award.procurement.reference
        thanks = t(
            "Thank you for your tender for {where} (reference {reference}).",
            where=self.where,
            reference=ref,
        )
        if outcome == "cancelled":
            return [thanks, *self._cancelled()]
        return [thanks, self._what_this_is(outcome), *self._outcome(outcome)]

    def _cancelled(self) -> list[str]:
        t, unit = self.t, self.lot.unit
        reason = unit.lot.cancelled_reason if unit.lot else None
        return [
            t(
                "I am writing to tell you that the Council has decided not to award {lot} and "
                "has cancelled the procurement for this Lot, for the following reason.",
                lot=self.name,
            ),
            t.text(reason) or t("No reason was recorded."),
            t("No supplier will be appointed to this Lot, and no standstill period applies to it."),
        ]

    def _what_this_is(self, outcome: Outcome) -> str:
        t = self.t
        if self.is_pcr and outcome == "excluded":
            return t(
                "This letter is the Council's notice of its award decision under regulation 86 "
                "of the Public Contracts Regulations 2015. It gives the reason your tender was "
                "excluded, the names of the successful tenderers and the end of the standstill "
                "period."
            )
        if self.is_pcr:
            return t(
                "This letter is the Council's notice of its award decision under regulation 86 "
                "of the Public Contracts Regulations 2015. It gives the award criteria, the "
                "scores, the reasons for the decision and the end of the standstill period."
            )
        if outcome == "excluded":
            return t(
                "This letter tells you the outcome of your tender. Because your tender was "
                "excluded before it was assessed against the award criteria, it gives the reason "
                "for the exclusion instead of scores."
            )
        return t(
            "This letter is the Council's assessment summary under section 50(3) of the "
            "Procurement Act 2023 and {regulation}. It explains how your tender was assessed "
            "against the award criteria.",
            regulation=self._act_regulation(),
        )

    def _act_regulation(self) -> str:
        if self.council.nation == "wales":
            return self.t("regulation 32 of the Procurement (Wales) Regulations 2024")
        return self.t("regulation 31 of the Procurement Regulations 2024")

    def _outcome(self, outcome: Outcome) -> list[str]:
        t, names = self.t, list(self.lot.appointed_names)
        if outcome == "appointed":
            place = self.evaluation.ranked_place()
            return [self._pleased(len(names)), *([place] if place else [])]
        if outcome == "excluded":
            reason = t.text(self.scored.bid.exclusion_reason) or t("No reason was recorded.")
            return [
                t(
                    "I am sorry to tell you that your tender was excluded because it did not "
                    "meet a pass/fail requirement of the tender documents, so it was not scored "
                    "against the award criteria. The reason for the exclusion is as follows."
                ),
                reason,
                self._winners_sentence(names),
            ]
        return [
            t(
                "I am sorry to tell you that your tender was not successful. {winners}",
                winners=self._winners_sentence(names),
            )
        ]

    def _pleased(self, count_appointed: int) -> str:
        t = self.t
        text = t(
            "I am pleased to tell you that the Council {verb} {appoint}{sub_categories}. "
            "{subject_to}",
            verb=self._verb(),
            appoint=self._appoint([self.scored.bidder.name]),
            sub_categories=self._sub_categories(),
            subject_to=self._subject_to(),
        )
        if count_appointed > 1:
            others = count_appointed - 1
            words = count(t, others)
            text += " " + t.plural(
                "The Council is also appointing {words} other supplier to this Lot.",
                "The Council is also appointing {words} other suppliers to this Lot.",
                others,
                words=words,
            )
        return text

    def _subject_to(self) -> str:
        """What the decision waits for: the standstill only when one applies (§5.4, R22)."""
        if self.standstill is None:
            return self.t("This decision is subject to contract.")
        return self.t("This decision is subject to the standstill period and to contract.")

    def _many(self) -> bool:
        return len(self.lot.appointed_names) > 1

    def _sub_categories(self) -> str:
        unit, codes, t = self.lot.unit, self.scored.bid.sub_categories, self.t
        if not unit.lot or not codes:
            return ""
        titles = {s.code: s.title for s in unit.lot.sub_categories}
        parts = [
            t("{code} ({title})", code=c, title=t.text(titles[c])) if c in titles else c
            for c in codes
        ]
        codes_text = join(t, parts)
        return t.plural(
            ", sub-category {codes}", ", sub-categories {codes}", len(parts), codes=codes_text
        )

    def _winners_sentence(self, names: list[str]) -> str:
        t = self.t
        if not names:
            return t("The Council has not appointed any supplier to this Lot.")
        ranked = self.evaluation.ranked_names()
        if ranked:
            return self._appoint_sentence(ranked)
        if len(names) == 1 or not self.is_pcr:
            return t(
                "The Council {verb} {appoint}.", verb=self._verb(), appoint=self._appoint(names)
            )
        return self._named_below_sentence(self._verb())

    def _appoint_sentence(self, who: str) -> str:
        """'The Council has decided to appoint X as prime supplier, … to Lot 1: Reablement.'"""
        t = self.t
        if self.lot.unit.lot:
            return t(
                "The Council {verb} appoint {names} to {lot}.",
                verb=self._verb(),
                names=who,
                lot=self.name,
            )
        return t(
            "The Council {verb} appoint {names} to the {thing}.",
            verb=self._verb(),
            names=who,
            thing=self.thing,
        )

    def _named_below_sentence(self, verb: str) -> str:
        """'The Council intends to appoint the supplier named below to Lot 1: …' (or the five
        suppliers named below, or the framework agreement)."""
        t, n = self.t, len(self.lot.appointed_names)
        words = count(t, n)
        if self.lot.unit.lot and n == 1:
            return t(
                "The Council {verb} appoint the supplier named below to {lot}.",
                verb=verb,
                lot=self.name,
            )
        if self.lot.unit.lot:
            return t.plural(
                "The Council {verb} appoint the {words} supplier named below to {lot}.",
                "The Council {verb} appoint the {words} suppliers named below to {lot}.",
                n,
                verb=verb,
                words=words,
                lot=self.name,
            )
        if n == 1:
            return t(
                "The Council {verb} appoint the supplier named below to the {thing}.",
                verb=verb,
                thing=self.thing,
            )
        return t.plural(
            "The Council {verb} appoint the {words} supplier named below to the {thing}.",
            "The Council {verb} appoint the {words} suppliers named below to the {thing}.",
            n,
            verb=verb,
            words=words,
            thing=self.thing,
        )

    # ---- the score tables ----

    def scores_heading(self) -> str:
        if self.is_pcr:
            return self.t("Award criteria and your scores")
        return self.t("Assessment of your tender")

    def scores_intro(self) -> str:
        t = self.t
        text = t(
            "Tenders were evaluated against the award criteria below. The weight of each "
            "criterion is the maximum score available for it, and the total is out of {total}.",
            total=self.lot.total_weight,
        )
        text += self.evaluation.scores_intro()
        if not self.is_pcr:
            text += " " + t(
                "This is a summary: the award criteria and the assessment methodology are set "
                "out in full in the tender documents for this procurement (reference "
                "{reference}).",
                reference=self.award.procurement.reference,
            )
        return text

    def appointed_heading(self, outcome: Outcome) -> str:
        t, many = self.t, self._many()
        if self.is_pcr and outcome != "excluded":
            if many:
                return t("Scores of the successful tenderers")
            return t("Score of the successful tenderer")
        if self.is_pcr:
            return t("The successful tenderers") if many else t("The successful tenderer")
        return t("The successful suppliers") if many else t("The successful supplier")

    def appointed_intro(self, outcome: Outcome) -> str:
        t = self.t
        if not self.is_pcr:
            if (
                not self._many()
                and not self.lot.unit.lot
                and self.award.contract.kind == "contract"
            ):
                return t("The contract is to be awarded to the supplier named below.")
            return self._named_below_sentence(t("intends to"))
        if outcome == "excluded":
            return t("In order of their evaluation ranking, they are:")
        lot, mine = bool(self.lot.unit.lot), outcome == "appointed"
        if lot and mine:
            return t(
                "The score for each criterion (numbered as above) and the total score of each "
                "successful tenderer for this Lot, including yours, in order of total score:"
            )
        if lot:
            return t(
                "The score for each criterion (numbered as above) and the total score of each "
                "successful tenderer for this Lot, in order of total score:"
            )
        if mine:
            return t(
                "The score for each criterion (numbered as above) and the total score of each "
                "successful tenderer, including yours, in order of total score:"
            )
        return t(
            "The score for each criterion (numbered as above) and the total score of each "
            "successful tenderer, in order of total score:"
        )

    # ---- sections after the tables, and the closing (docgen.documents.letter_reasons) ----

    def sections(self, outcome: Outcome) -> list[tuple[str, list[str]]]:
        return letter_reasons.sections(self, outcome)

    def closing(self, outcome: Outcome, other_lots: int) -> list[str]:
        return letter_reasons.closing(self, outcome, other_lots)
