"""The words of the award letters that depend on how tenders were evaluated (docs/law.md §6):
the evaluation method, a ranked Lot's prime and reserves, the cap on Lots per supplier, and the
explanation of each criterion's score (Procurement Regulations 2024 reg 31, §6.4).

Like docgen.documents.letter_wording, every sentence is built from this bidder's bid, the Lot's
appointed bids and the award; the only other tender a letter describes is the successful one,
whose scores and explanations the law gives to each bidder (§5.1 reg 86, §5.2 reg 31).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from docgen.derive import evaluation as ev
from docgen.derive import formatting as fmt
from docgen.derive.units import ScoredBid, Unit, lots_kept

if TYPE_CHECKING:
    from docgen.documents.award_letter import LotFacts

# (one tender, several tenders): what each method looks for, after "the tenderer with".
BEST = {
    "price_per_quality_point": (
        "the lowest price per quality point (its price divided by its quality score)",
        "the lowest prices per quality point (price divided by quality score)",
    ),
    "quality_only_fixed_price": ("the highest quality score", "the highest quality scores"),
}


ORDINALS = (
    "",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)


@dataclass(frozen=True)
class EvaluationWords:
    """What one letter says about the evaluation beyond the weighted sum."""

    lot: LotFacts
    scored: ScoredBid
    is_pcr: bool

    @property
    def unit(self) -> Unit:
        return self.lot.unit

    @property
    def method(self) -> str:
        return self.unit.method

    # ---- the rule (what decided the award) ----

    def best(self, many: bool) -> str:
        """'the lowest price per quality point …' for the method (never the weighted sum)."""
        evaluation = self.unit.evaluation
        if self.method == "lowest_price_passing_quality" and evaluation is not None:
            threshold = fmt.score(evaluation.quality_threshold or Decimal(0))
            prices = "prices" if many else "price"
            return (
                f"the lowest {prices} among tenders whose quality score was at least {threshold} "
                f"out of {self.lot.total_weight}"
            )
        return BEST[self.method][1 if many else 0]

    def fixed_price(self) -> str:
        """' The price is fixed at £…, so tenders were compared on quality alone.' or ''."""
        evaluation = self.unit.evaluation
        if evaluation is None or evaluation.fixed_price is None:
            return ""
        per = f" per {evaluation.fixed_price_per}" if evaluation.fixed_price_per else ""
        return (
            f" The price is fixed at {fmt.money_exact(evaluation.fixed_price)}{per} for every "
            "tenderer, so tenders were compared on quality alone."
        )

    def rule(self) -> str:
        """Whom the Council appoints, for a method other than the sum or a ranked Lot (after
        "the Council appoints to this Lot"); '' for the weighted sum's own wording."""
        method = self.unit.appointment
        if method is None or (self.method == "weighted_sum" and method.method != "ranked"):
            return ""
        best = "the highest total score" if self.method == "weighted_sum" else self.best(False)
        if method.method == "ranked":
            return self.ranked_rule(best)
        if method.method == "threshold":
            return (
                f"every tenderer whose total score was at least {fmt.score(method.min_score)} "
                f"out of {self.lot.total_weight}, in order of {self.best(True)}"
            )
        if method.n == 1:
            return f"the tenderer with {best}"
        return f"the {fmt.count_words(method.n)} tenderers with {self.best(True)}"

    def ranked_rule(self, best: str) -> str:
        """A ranked Lot's rule: the best tender is prime, the next ones reserves in order."""
        method = self.unit.appointment
        reserves = method.reserves if method is not None and method.method == "ranked" else 0
        next_ones = (
            "the next-ranked as reserve supplier"
            if reserves == 1
            else f"the next {fmt.count_words(reserves)} in rank order as reserve suppliers"
        )
        return f"the tenderer with {best} as prime supplier and {next_ones}"

    def scores_intro(self) -> str:
        """The sentence added to the scores' introduction for the method ('' for the sum)."""
        if self.method == "price_per_quality_point":
            return (
                " The total is the quality score; each tender's price is then divided by it, and "
                "the lowest price per quality point ranks first."
            )
        if self.method == "lowest_price_passing_quality":
            evaluation = self.unit.evaluation
            threshold = fmt.score(evaluation.quality_threshold or Decimal(0)) if evaluation else "0"
            return (
                " The total is the quality score; among the tenders whose quality score reached "
                f"the threshold of {threshold}, the lowest price ranks first."
            )
        if self.method == "quality_only_fixed_price":
            return " The total is the quality score."
        return ""

    # ---- this tender's standing ----

    def result(self, text: str, appointed: bool) -> str:
        """Where this tender stood on the method's figure, after its total score (text)."""
        tied = not appointed and self._tied()
        standing = self._standing(text, appointed or tied)  # no "higher than" when equal
        return f"{standing} {self._tie()}" if tied else standing

    def _tied(self) -> bool:
        """Whether this tender's figure equals the lowest-ranked successful tender's (so the
        tie-break decided between them)."""
        last = self.lot.lowest_appointed
        if last is None or self.scored.rank is None:
            return False
        unit = self.unit
        mine = ev.order_key(unit.evaluation, self.scored.bid, unit.criteria, self.scored.total)
        theirs = ev.order_key(unit.evaluation, last.bid, unit.criteria, last.total)
        return mine == theirs

    def _tie(self) -> str:
        names = {c.id: c.name for c in self.unit.criteria}
        criterion = names.get(self.unit.tie_break, self.unit.tie_break)
        return (
            "This is equal to the result of a successful tender. As the tender documents "
            f"stated, equal results are decided by the score for {criterion.lower()}, on which "
            "your tender scored lower."
        )

    def _standing(self, text: str, appointed: bool) -> str:
        bid, criteria = self.scored.bid, self.unit.criteria
        more = "every successful tender" if len(self.lot.appointed_names) > 1 else None
        them = more or "the successful tender"
        if self.method == "price_per_quality_point":
            ratio = ev.price_per_point(bid, criteria)
            if ratio is None or bid.price_bid is None:
                return (
                    f"{text} Without a price and a quality score it has no price per quality point."
                )
            text += (
                f" With its price of {fmt.money_exact(bid.price_bid)}, that is "
                f"{fmt.money_exact(ratio.quantize(ev.PLACES), pence=True)} per quality point."
            )
            return text if appointed else f"{text} This is higher than that of {them}."
        if self.method == "lowest_price_passing_quality":
            evaluation = self.unit.evaluation
            threshold = fmt.score(evaluation.quality_threshold or Decimal(0)) if evaluation else "0"
            if not ev.passes_quality(evaluation, bid, criteria):
                return (
                    f"{text} This is below the quality threshold of {threshold}, so its price was "
                    "not considered."
                )
            price = fmt.money_exact(bid.price_bid) if bid.price_bid is not None else "not given"
            text += f" This reaches the quality threshold of {threshold}; its price was {price}."
            return text if appointed else f"{text} The price of {them} was lower."
        if self.method == "quality_only_fixed_price":
            return text if appointed else f"{text} This is lower than the quality score of {them}."
        return text

    def ranked_names(self) -> str:
        """'X as prime supplier, and Y and Z as reserve suppliers 1 and 2' in a ranked Lot with
        reserves; '' otherwise."""
        method = self.unit.appointment
        names = list(self.lot.appointed_names)
        if method is None or method.method != "ranked" or len(names) < 2:
            return ""
        reserves = names[1:]
        numbers = fmt.join_names([str(k) for k in range(1, len(reserves) + 1)])
        which = "as reserve supplier 1" if len(reserves) == 1 else f"as reserve suppliers {numbers}"
        return f"{names[0]} as prime supplier, and {fmt.join_names(reserves)} {which},"

    def ranked_place(self) -> str:
        """In a ranked Lot, an appointed supplier's place and what it means; '' otherwise."""
        method = self.unit.appointment
        place = self.unit.position(self.scored.bidder.id)
        if method is None or method.method != "ranked" or place is None:
            return ""
        how = (
            "In this Lot the Council offers each call-off first to the prime supplier; when the "
            "prime supplier cannot take it, it is offered to the reserve suppliers in turn, "
            "reserve 1 first."
        )
        if place == 1:
            return f"You are appointed as the prime supplier for this Lot. {how}"
        k = place - 1
        before = "the prime supplier" if k == 1 else f"the prime supplier and reserves 1 to {k - 1}"
        if k == 2:
            before = "the prime supplier and reserve 1"
        return (
            f"You are appointed as reserve supplier {k} for this Lot. {how} As reserve {k}, "
            f"you will be offered a call-off when {before} cannot take it."
        )

    def capped(self) -> str:
        """To a supplier that lost this Lot to the cap on Lots per supplier; '' otherwise."""
        cap = self.unit.award.lot_cap
        who = self.scored.bidder.id
        if cap is None or self.unit.capped is None or who not in self.unit.capped:
            return ""
        numbers = [str(n) for n in lots_kept(self.unit.award, who)]
        kept = f"Lot {numbers[0]}" if len(numbers) == 1 else f"Lots {fmt.join_names(numbers)}"
        assessed = sum(1 for s in self.unit.scored if s.rank is not None)
        rank = self.scored.rank or 0
        place = ORDINALS[rank] if rank < len(ORDINALS) else f"number {rank}"
        rule = (
            "Lots are awarded in the Council's stated order of preference"
            if cap.keeps == "council_order"
            else "a supplier keeps the Lots in which its tender ranks highest"
        )
        most = cap.max_lots_per_supplier
        return (
            f"Your tender ranked {place} of the {fmt.count_words(assessed)} tenders assessed for "
            "this Lot, high enough to be appointed to it. However, as the tender "
            f"documents stated, no supplier may be appointed to more than "
            f"{fmt.count_words(most)} {fmt.noun(most, 'Lot')}, and where a supplier would win "
            f"more, {rule}. You are to be appointed to {kept}, so this Lot goes "
            "to the next-ranked tender."
        )

    # ---- the explanation of each criterion (§6.4) ----

    def explanations(self, outcome: str) -> list[tuple[str, list[str]]]:
        """'Explanation of your scores' (or 'Feedback on your tender'), one paragraph a
        criterion; and in an unsuccessful bidder's assessment summary, the successful tender's."""
        out: list[tuple[str, list[str]]] = []
        own = self._criteria(self.scored, "your score")
        if own:
            heading = "Feedback on your tender" if self.is_pcr else "Explanation of your scores"
            out.append((heading, own))
        winners = [s for s in self.unit.appointed] if not self.unit.is_cancelled else []
        if outcome == "unsuccessful" and not self.is_pcr and winners:
            first = winners[0]
            theirs = self._criteria(first, "its score")
            if theirs:
                which = (
                    "the highest-ranked successful tender, from "
                    if len(winners) > 1
                    else "the successful tender, from "
                )
                intro = (
                    f"This is how {which}{first.bidder.name}, was assessed against each "
                    "criterion, with reference to that tender."
                )
                out.append(("The successful tender", [intro, *theirs]))
        return out

    def _criteria(self, s: ScoredBid, whose: str) -> list[str]:
        texts = s.bid.explanations
        if not texts:
            return []
        return [
            f"{code} {name} ({whose} {self.lot.columns.score(cid, s.bid.scores.get(cid))} out "
            f"of {weight}). {texts[cid]}"
            for cid, code, name, weight in self.lot.criteria
            if cid in texts
        ]
