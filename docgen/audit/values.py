"""The values the audit looks for, each with a pattern precise enough to give no false alarms.

- Scores: only distinctive ones. A score like "8" or "24" appears everywhere, so only values
  with two decimals ("34.27") or with one decimal and at least 20 ("38.5", "91.25") count; those
  cannot be mistaken for paragraph numbers ("5.4", "11.2") or money ("£31.8m").
- Price bids as the appendix shows them ("£26.37", "£218,000"): only those with pence or of
  £1,000 or more, never "£26".
- Feedback and exclusion reasons: each whole sentence of six words or more (or the whole text).
- Bidder contact names (two words or more) and emails: private. A name the council itself
  publishes (an officer's or member's) is left out.
- The names of bidders appointed to no Lot of their award.

A value the law publishes is no secret: a price bid equal to the contract's annual, total or
notice value (a single contract's winning price is its value, which the contract award notice
publishes: docs/law.md §5.1 reg 50, §5.2 s50, §9 an award's value) is left out. Each secret says
why it must not be published (`Secret.why`).

Text is compared after NFKC normalisation with runs of white space collapsed to one space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from docgen.derive import formatting as fmt
from docgen.derive.units import ScoredBid, Unit, units
from docgen.documents.appendix_scores import price_text
from docgen.models import Award, Council
from docgen.records.loading import Records

Kind = Literal["score", "price", "feedback", "exclusion", "contact", "name"]
NUMERIC: frozenset[Kind] = frozenset({"score", "price"})
MIN_SENTENCE_WORDS = 6
_NUMBER_TOKEN = re.compile(r"(?<![\d.,])£?\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Secret:
    """One value that must not appear where it does not belong, and whose it is."""

    kind: Kind
    value: str
    pattern: re.Pattern[str]
    award: str
    bidder: str
    unit: str  # the Lot (unit name) the value belongs to; "" for a bidder's own details
    label: str
    why: str = ""  # why it must not be published, filled in from WHY by kind

    def __post_init__(self) -> None:
        if not self.why:
            object.__setattr__(self, "why", WHY[self.kind])

    def found_in(self, text: str, numbers: frozenset[str]) -> bool:
        """Whether the value is in the (normalised) text; numbers: its number_tokens()."""
        if self.kind in NUMERIC:
            return self.value in numbers
        quick = (
            self.value.casefold() in text.casefold()
            if self.pattern.flags & re.I
            else (self.value in text)
        )
        return quick and self.pattern.search(text) is not None


def normal(text: str) -> str:
    """NFKC, with every run of white space (line breaks included) made one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


WHY: dict[Kind, str] = {
    "score": "evaluation scores are exempt information (Schedule 12A paragraph 3, docs/law.md §4)",
    "price": "price bids are exempt information (Schedule 12A paragraph 3, docs/law.md §4)",
    "feedback": "feedback on a tender is written to its bidder alone",
    "exclusion": "why a bidder was excluded is told to that bidder alone",
    "contact": "a bidder's contact details are private, never published",
    "name": "a bidder appointed to no Lot of this award is not named in public",
}


def secrets(records: Records) -> list[Secret]:
    """Every exempt or private value of every award, less the values the law publishes."""
    out: list[Secret] = []
    for award in records.awards.values():
        council = records.councils.get(award.council)
        published = published_prices(award)
        for unit in units(award):
            for scored in unit.scored:
                out += [s for s in bid_secrets(award, unit, scored) if s.value not in published]
        out += list(_bidder_secrets(award, _published_names(council)))
    return out


def published_prices(award: Award) -> frozenset[str]:
    """The contract's values as the appendix would print a price: published by law (the
    contract award notice gives the value: docs/law.md §5.1 reg 50, §5.2 s50, §9)."""
    terms = award.contract
    values = (terms.annual_value, terms.total_value, terms.notice_value)
    return frozenset(price_text(v) for v in values if v is not None)


def published_values(award: Award) -> frozenset[str]:
    """What the award's own public documents state by law: its contract values and the names of
    the suppliers it appoints (docs/law.md §5.1 reg 86, §5.4)."""
    names = {normal(s.bidder.name) for unit in units(award) for s in unit.appointed}
    return published_prices(award) | names


def _published_names(council: Council | None) -> set[str]:
    if council is None:
        return set()
    names = {council.name, council.short_name}
    names |= {o.name for o in council.officers} | {m.name for m in council.members}
    return {normal(n) for n in names}


# ---- one bid ----------------------------------------------------------------------------------


def bid_secrets(award: Award, unit: Unit, scored: ScoredBid) -> list[Secret]:
    who = f"{scored.bidder.name}, {unit.name}"

    def make(kind: Kind, value: str, pattern: re.Pattern[str], what: str) -> Secret:
        return Secret(
            kind, value, pattern, award.id, scored.bidder.id, unit.name, f"{what} ({who})"
        )

    out = [
        make("score", text, number_pattern(text), f"score {text}")
        for text in _score_texts(scored)
        if distinctive_number(text)
    ]
    price = price_text(scored.bid.price_bid)
    if distinctive_price(scored.bid.price_bid):
        out.append(make("price", price, number_pattern(price), f"price bid {price}"))
    for kind, text in (
        ("feedback", scored.bid.feedback),
        ("exclusion", scored.bid.exclusion_reason),
    ):
        for sentence in sentences(text or ""):
            out.append(make(kind, sentence, text_pattern(sentence), f"{kind} {_short(sentence)}"))  # type: ignore[arg-type]
    return out


def _score_texts(scored: ScoredBid) -> Iterator[str]:
    yield from (fmt.score(v) for v in scored.bid.scores.values())
    if not scored.is_excluded:
        yield fmt.score(scored.total)


def number_tokens(text: str) -> frozenset[str]:
    """Every whole number in the text as written: '1,080.27' and '£31.8' are single tokens, so a
    score '80.27' or '31.8' does not match them, while '80.27.' at the end of a sentence does.
    A decimal also stands as it would without trailing zeros: a table may print 37.20 for 37.2."""
    tokens = set(_NUMBER_TOKEN.findall(text))
    return frozenset(tokens | {fmt.trimmed(t) for t in tokens})


def distinctive_number(text: str) -> bool:
    """'34.27' and '38.5' are distinctive; '8', '24' and '5.4' are not."""
    whole, _, fraction = text.partition(".")
    if not fraction or not whole.isdigit():
        return False
    return len(fraction) >= 2 or int(whole) >= 20


def distinctive_price(price: Decimal | None) -> bool:
    return price is not None and (price != price.to_integral_value() or price >= 1000)


def sentences(text: str) -> list[str]:
    """The sentences of six words or more; the whole text if none is that long."""
    flat = normal(text)
    if not flat:
        return []
    long = [s for s in re.split(r"(?<=[.!?])\s+", flat) if len(s.split()) >= MIN_SENTENCE_WORDS]
    return long or [flat]


# ---- bidders ----------------------------------------------------------------------------------


def _bidder_secrets(award: Award, published: set[str]) -> Iterator[Secret]:
    appointed = {s.bidder.id for u in units(award) for s in u.appointed}
    for bidder in award.bidders:
        contact = bidder.contact
        name = normal(contact.name)
        if len(name.split()) >= 2 and name not in published:
            label = f"contact name {name} ({bidder.name})"
            yield Secret("contact", name, word_pattern(name), award.id, bidder.id, "", label)
        if contact.email:
            email = normal(contact.email)
            pattern = word_pattern(email, re.IGNORECASE)
            label = f"contact email {email} ({bidder.name})"
            yield Secret("contact", email, pattern, award.id, bidder.id, "", label)
        if bidder.id not in appointed:
            name = normal(bidder.name)
            label = f"the name of {name}, appointed to no Lot"
            yield Secret("name", name, word_pattern(name), award.id, bidder.id, "", label)


# ---- patterns ---------------------------------------------------------------------------------


def number_pattern(text: str) -> re.Pattern[str]:
    """The number on its own: not inside a longer number, nor after a £ (for scores)."""
    before = r"(?<![\d.,])" if text.startswith("£") else r"(?<![\d.,£])"
    return re.compile(before + re.escape(text) + r"(?!\d|[.,]\d)")


def text_pattern(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(normal(text)))


def word_pattern(text: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(normal(text)) + r"(?!\w)", flags)


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "…")
