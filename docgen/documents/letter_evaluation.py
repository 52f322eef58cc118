"""The words of the award letters that depend on how tenders were evaluated (docs/law.md §6):
the evaluation method, a ranked Lot's prime and reserves, the cap on Lots per supplier, and the
explanation of each criterion's score (Procurement Regulations 2024 reg 31, §6.4).

Like docgen.documents.letter_wording, every sentence is built from this bidder's bid, the Lot's
appointed bids and the award; the only other tender a letter describes is the successful one,
whose scores and explanations the law gives to each bidder (§5.1 reg 86, §5.2 reg 31).

Every sentence is a whole message in the letter's language (``t``, docgen.derive.language):
English messages are the English the letters print; the Welsh is in the letters catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from docgen.derive import evaluation as ev
from docgen.derive import formatting as fmt
from docgen.derive.language import Words
from docgen.derive.units import ScoredBid, Unit, lots_kept

if TYPE_CHECKING:
    from docgen.documents.award_letter import LotFacts


def count(t: Words, n: int) -> str:
    """A number as the letters count things: 'five' (up to ten, as council style asks), digits
    above; in Welsh the form before a noun ('pum')."""
    # TRANSLATORS: the numbers 0 to 10 as written before a (masculine) noun, separated by |.
    words = t("no|one|two|three|four|five|six|seven|eight|nine|ten").split("|")
    return words[n] if 0 <= n < len(words) else str(n)


def join(t: Words, names: list[str]) -> str:
    """'a, b and c' in the letter's language (Welsh 'ac' before a vowel)."""
    if len(names) <= 1:
        return "".join(names)
    first, last = ", ".join(names[:-1]), names[-1]
    if last[:1].lower() in "aeiouyâêîôûŷ":  # Welsh 'ac' before a vowel (not w: Wyn, Willow)
        # TRANSLATORS: the same as "{names} and {last}", where {vowel} starts with a vowel.
        return t("{names} and {vowel}", names=first, vowel=last)
    return t("{names} and {last}", names=first, last=last)


def unit_name(t: Words, unit: Unit) -> str:
    """'Lot 2: Reablement' or the contract's title, in the letter's language."""
    if unit.lot is None:
        return t.text(unit.award.title)
    return t("Lot {number}: {title}", number=unit.lot.number, title=t.text(unit.lot.title))


def criterion_names(t: Words, unit: Unit) -> dict[str, str]:
    return {c.id: t.text(c.name) for c in unit.criteria}


@dataclass(frozen=True)
class EvaluationWords:
    """What one letter says about the evaluation beyond the weighted sum."""

    lot: LotFacts
    scored: ScoredBid
    is_pcr: bool
    t: Words

    @property
    def unit(self) -> Unit:
        return self.lot.unit

    @property
    def method(self) -> str:
        return self.unit.method

    def _threshold(self) -> str:
        evaluation = self.unit.evaluation
        return fmt.score(evaluation.quality_threshold or Decimal(0)) if evaluation else "0"

    # ---- the rule (what decided the award) ----

    def best(self, many: bool) -> str:
        """'the lowest price per quality point …' for the method (never the weighted sum)."""
        t, total = self.t, self.lot.total_weight
        if self.method == "lowest_price_passing_quality" and self.unit.evaluation is not None:
            if many:
                return t(
                    "the lowest prices among tenders whose quality score was at least "
                    "{threshold} out of {total}",
                    threshold=self._threshold(),
                    total=total,
                )
            return t(
                "the lowest price among tenders whose quality score was at least {threshold} "
                "out of {total}",
                threshold=self._threshold(),
                total=total,
            )
        if self.method == "price_per_quality_point":
            if many:
                return t("the lowest prices per quality point (price divided by quality score)")
            return t("the lowest price per quality point (its price divided by its quality score)")
        if self.method == "quality_only_fixed_price":
            return t("the highest quality scores") if many else t("the highest quality score")
        raise KeyError(self.method)

    def fixed_price(self) -> str:
        """' The price is fixed at £…, so tenders were compared on quality alone.' or ''."""
        evaluation, t = self.unit.evaluation, self.t
        if evaluation is None or evaluation.fixed_price is None:
            return ""
        price = fmt.money_exact(evaluation.fixed_price)
        if evaluation.fixed_price_per:
            return " " + t(
                "The price is fixed at {price} per {per} for every tenderer, so tenders were "
                "compared on quality alone.",
                price=price,
                per=t.text(evaluation.fixed_price_per),
            )
        return " " + t(
            "The price is fixed at {price} for every tenderer, so tenders were compared on "
            "quality alone.",
            price=price,
        )

    def rule(self) -> str:
        """Whom the Council appoints, for a method other than the sum or a ranked Lot (after
        "the Council appoints to this Lot"); '' for the weighted sum's own wording."""
        method, t = self.unit.appointment, self.t
        if method is None or (self.method == "weighted_sum" and method.method != "ranked"):
            return ""
        best = t("the highest total score") if self.method == "weighted_sum" else self.best(False)
        if method.method == "ranked":
            return self.ranked_rule(best)
        if method.method == "threshold":
            return t(
                "every tenderer whose total score was at least {minimum} out of {total}, in "
                "order of {best}",
                minimum=fmt.score(method.min_score),
                total=self.lot.total_weight,
                best=self.best(True),
            )
        if method.n == 1:
            return t("the tenderer with {best}", best=best)
        words, best = count(t, method.n), self.best(True)
        return t.plural(
            "the {words} tenderer with {best}",
            "the {words} tenderers with {best}",
            method.n,
            words=words,
            best=best,
        )

    def ranked_rule(self, best: str) -> str:
        """A ranked Lot's rule: the best tender is prime, the next ones reserves in order."""
        method, t = self.unit.appointment, self.t
        reserves = method.reserves if method is not None and method.method == "ranked" else 0
        if reserves == 1:
            return t(
                "the tenderer with {best} as prime supplier and the next-ranked as reserve "
                "supplier",
                best=best,
            )
        words = count(t, reserves)
        return t.plural(
            "the tenderer with {best} as prime supplier and the next {words} in rank order as "
            "reserve supplier",
            "the tenderer with {best} as prime supplier and the next {words} in rank order as "
            "reserve suppliers",
            reserves,
            words=words,
            best=best,
        )

    def scores_intro(self) -> str:
        """The sentence added to the scores' introduction for the method ('' for the sum)."""
        t = self.t
        if self.method == "price_per_quality_point":
            return " " + t(
                "The total is the quality score; each tender's price is then divided by it, and "
                "the lowest price per quality point ranks first."
            )
        if self.method == "lowest_price_passing_quality":
            return " " + t(
                "The total is the quality score; among the tenders whose quality score reached "
                "the threshold of {threshold}, the lowest price ranks first.",
                threshold=self._threshold() if self.unit.evaluation else "0",
            )
        if self.method == "quality_only_fixed_price":
            return " " + t("The total is the quality score.")
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
        criterion = criterion_names(self.t, self.unit).get(self.unit.tie_break)
        return self.t(
            "This is equal to the result of a successful tender. As the tender documents "
            "stated, equal results are decided by the score for {criterion}, on which your "
            "tender scored lower.",
            criterion=(criterion or self.unit.tie_break).lower(),
        )

    def _standing(self, text: str, appointed: bool) -> str:
        bid, criteria, t = self.scored.bid, self.unit.criteria, self.t
        many = len(self.lot.appointed_names) > 1
        if self.method == "price_per_quality_point":
            ratio = ev.price_per_point(bid, criteria)
            if ratio is None or bid.price_bid is None:
                return f"{text} " + t(
                    "Without a price and a quality score it has no price per quality point."
                )
            text += " " + t(
                "With its price of {price}, that is {ratio} per quality point.",
                price=fmt.money_exact(bid.price_bid),
                ratio=fmt.money_exact(ratio.quantize(ev.PLACES), pence=True),
            )
            if appointed:
                return text
            if many:
                return f"{text} " + t("This is higher than that of every successful tender.")
            return f"{text} " + t("This is higher than that of the successful tender.")
        if self.method == "lowest_price_passing_quality":
            threshold = self._threshold()
            if not ev.passes_quality(self.unit.evaluation, bid, criteria):
                return f"{text} " + t(
                    "This is below the quality threshold of {threshold}, so its price was not "
                    "considered.",
                    threshold=threshold,
                )
            if bid.price_bid is not None:
                text += " " + t(
                    "This reaches the quality threshold of {threshold}; its price was {price}.",
                    threshold=threshold,
                    price=fmt.money_exact(bid.price_bid),
                )
            else:
                text += " " + t(
                    "This reaches the quality threshold of {threshold}; its price was not given.",
                    threshold=threshold,
                )
            if appointed:
                return text
            if many:
                return f"{text} " + t("The price of every successful tender was lower.")
            return f"{text} " + t("The price of the successful tender was lower.")
        if self.method == "quality_only_fixed_price":
            if appointed:
                return text
            if many:
                return f"{text} " + t(
                    "This is lower than the quality score of every successful tender."
                )
            return f"{text} " + t("This is lower than the quality score of the successful tender.")
        return text

    def ranked_names(self) -> str:
        """'X as prime supplier, and Y and Z as reserve suppliers 1 and 2' in a ranked Lot with
        reserves; '' otherwise (a phrase after "The Council has decided to appoint")."""
        method, t = self.unit.appointment, self.t
        names = list(self.lot.appointed_names)
        if method is None or method.method != "ranked" or len(names) < 2:
            return ""
        reserves = names[1:]
        if len(reserves) == 1:
            return t(
                "{prime} as prime supplier, and {reserve} as reserve supplier 1,",
                prime=names[0],
                reserve=reserves[0],
            )
        return t(
            "{prime} as prime supplier, and {reserves} as reserve suppliers {numbers},",
            prime=names[0],
            reserves=join(t, reserves),
            numbers=join(t, [str(k) for k in range(1, len(reserves) + 1)]),
        )

    def ranked_place(self) -> str:
        """In a ranked Lot, an appointed supplier's place and what it means; '' otherwise."""
        method, t = self.unit.appointment, self.t
        place = self.unit.position(self.scored.bidder.id)
        if method is None or method.method != "ranked" or place is None:
            return ""
        how = t(
            "In this Lot the Council offers each call-off first to the prime supplier; when the "
            "prime supplier cannot take it, it is offered to the reserve suppliers in turn, "
            "reserve 1 first."
        )
        if place == 1:
            return t("You are appointed as the prime supplier for this Lot. {how}", how=how)
        k = place - 1
        if k == 1:
            before = t("the prime supplier")
        elif k == 2:
            before = t("the prime supplier and reserve 1")
        else:
            before = t("the prime supplier and reserves 1 to {last}", last=k - 1)
        return t(
            "You are appointed as reserve supplier {number} for this Lot. {how} As reserve "
            "{number}, you will be offered a call-off when {before} cannot take it.",
            number=k,
            how=how,
            before=before,
        )

    def capped(self) -> str:
        """To a supplier that lost this Lot to the cap on Lots per supplier; '' otherwise."""
        cap, t = self.unit.award.lot_cap, self.t
        who = self.scored.bidder.id
        if cap is None or self.unit.capped is None or who not in self.unit.capped:
            return ""
        numbers = [str(n) for n in lots_kept(self.unit.award, who)]
        if len(numbers) == 1:
            kept = t("Lot {number}", number=numbers[0])
        else:
            kept = t("Lots {numbers}", numbers=join(t, numbers))
        assessed = sum(1 for s in self.unit.scored if s.rank is not None)
        rank = self.scored.rank or 0
        # TRANSLATORS: ordinals 1 to 10 after "Your tender ranked", separated by |.
        ordinals = t("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth")
        places = ordinals.split("|")
        if 1 <= rank <= len(places):
            place = places[rank - 1]
        else:
            place = t("number {rank}", rank=rank) if rank else ""
        if cap.keeps == "council_order":
            rule = t("Lots are awarded in the Council's stated order of preference")
        else:
            rule = t("a supplier keeps the Lots in which its tender ranks highest")
        most = cap.max_lots_per_supplier
        words, how_many = count(t, most), count(t, assessed)
        return t.plural(
            "Your tender ranked {place} of the {assessed} tenders assessed for this Lot, high "
            "enough to be appointed to it. However, as the tender documents stated, no supplier "
            "may be appointed to more than {words} Lot, and where a supplier would win more, "
            "{rule}. You are to be appointed to {kept}, so this Lot goes to the next-ranked "
            "tender.",
            "Your tender ranked {place} of the {assessed} tenders assessed for this Lot, high "
            "enough to be appointed to it. However, as the tender documents stated, no supplier "
            "may be appointed to more than {words} Lots, and where a supplier would win more, "
            "{rule}. You are to be appointed to {kept}, so this Lot goes to the next-ranked "
            "tender.",
            most,
            place=place,
            assessed=how_many,
            words=words,
            rule=rule,
            kept=kept,
        )
