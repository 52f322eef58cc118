"""The values the audit looks for, each with a pattern precise enough to give no false alarms.

- Scores: every score of every bid. A distinctive one (two decimals, "34.27", or one decimal and
  at least 20, "38.5") counts wherever it stands: it cannot be mistaken for a paragraph number
  ("5.4", "11.2") or money ("£31.8m"). An everyday one ("83", "8", "7.5") counts where it reads as
  a score ("scored 83", "a score of 83", "83 out of 100", "83 points") or follows its bidder's
  name in a sentence or a table row, never as "paragraph 83", a date, money or a count
  (docgen.readback.reading). A score equal to a weight or the threshold, which the paper
  publishes, is no secret.
- Price bids as the appendix shows them ("£26.37", "£218,000"): only those with pence or of
  £1,000 or more, never "£26".
- Feedback and exclusion reasons: each whole sentence of six words or more (or the whole text).
- Bidder contact names (two words or more) and emails: private. A name the council itself
  publishes (an officer's or member's) is left out.
- The names of bidders appointed to no Lot of their award.
- The award records of the other routes (``route_secrets``): a direct award's or a
  modification's supplier contact (name and email), and each tenderer of a decision not to
  award, its contact and its name (no one was appointed, so no tenderer is named in public).

A value the law publishes is no secret: a price bid equal to the contract's annual, total or
notice value (a single contract's winning price is its value, which the contract award notice
publishes: docs/law.md §5.1 reg 50, §5.2 s50, §9 an award's value) is left out. Each secret says
why it must not be published (`Secret.why`).

Each value is looked for in every language the record gives it in: a text written {en, cy}
(docgen/models/language.py) gives its English and its Welsh, so exempt feedback or a withheld
name printed in the Welsh half of a public document is found as in the English half (docs/law.md
§11.4); a name the council publishes is published in both of its languages.

Values and text are compared as a person reads them (docgen.readback.reading.normalise, the
leak check's reading too): case-folded, NFKC, invisible characters removed, white space, line
breaks and hyphenated line ends folded. A secret name that is part of a longer name the file
may give ("Care Ltd" inside "Abbey Care Ltd") is not reported.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Literal

from docgen.derive import formatting as fmt
from docgen.derive.units import ScoredBid, Unit, units
from docgen.documents.appendix_scores import price_text
from docgen.models import Award, Council, DirectAward, Modification, NotAwarded
from docgen.models.award import Bidder
from docgen.models.language import Localised
from docgen.readback.reading import normalise
from docgen.records.loading import Records

Kind = Literal["score", "price", "feedback", "explanation", "exclusion", "contact", "name"]
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
    near: str = ""  # an everyday score: its bidder's name (read), after which it counts

    def __post_init__(self) -> None:
        if not self.why:
            object.__setattr__(self, "why", WHY[self.kind])

    def found_in(self, text: str, numbers: frozenset[str]) -> bool:
        """Whether the value is in the text (read: normalise()); numbers: its number_tokens().
        An everyday score's context, and a name's place in a longer name, are docgen.audit.read's."""
        if self.kind in NUMERIC:
            return self.value in numbers
        return self.value in text and self.pattern.search(text) is not None


def normal(text: str) -> str:
    """NFKC, with every run of white space (line breaks included) made one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


WHY: dict[Kind, str] = {
    "score": "evaluation scores are exempt information (Schedule 12A paragraph 3, docs/law.md §4)",
    "price": "price bids are exempt information (Schedule 12A paragraph 3, docs/law.md §4)",
    "feedback": "feedback on a tender is written to its bidder alone",
    "explanation": "a tender's explanations go to its bidder, and the successful tender's to "
    "the other bidders of its Lot under the Act (docs/law.md §6.4)",
    "exclusion": "why a bidder was excluded is told to that bidder alone",
    "contact": "a bidder's contact details are private, never published",
    "name": "a bidder appointed to no Lot of this award is not named in public",
}


def in_each_language(text: str | None) -> list[str]:
    """The text as the record gives it in each language: its English, and its Welsh when a
    {en, cy} text gives one that differs."""
    if not text:
        return []
    found = [str(text)]
    if isinstance(text, Localised) and text.cy and text.cy != str(text):
        found.append(text.cy)
    return found


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
    return out + route_secrets(records)


def route_secrets(records: Records) -> list[Secret]:
    """The private values of every award record of another route: its supplier's contact, or
    each tenderer's contact and name (a decision not to award appoints no one)."""
    out: list[Secret] = []
    for record in records.route_awards.values():
        published = _published_names(records.councils.get(record.council))
        if isinstance(record, NotAwarded):
            out += list(_bidder_secrets(record, published))
        elif isinstance(record, DirectAward | Modification):
            out += list(_contact_secrets(record.id, record.supplier, published))
    return out


def bidder_names(records: Records) -> dict[str, str]:
    """Every bidder's name of every scored award, by its reading, in each language it is given
    in (the audit's name index: a secret name inside a longer one is not reported)."""
    return {
        normalise(written): written
        for award in records.awards.values()
        for bidder in award.bidders
        for written in in_each_language(bidder.name)
    }


def published_by_award(records: Records) -> dict[str, frozenset[str]]:
    """What each award's own public documents may state, by award id; under "" what any does
    (for a file of no one award). A direct award or a modification names its supplier."""
    found = {a.id: published_values(a) for a in records.awards.values()}
    for record in records.route_awards.values():
        named = record.supplier.name if isinstance(record, DirectAward | Modification) else ""
        found[record.id] = frozenset(normalise(n) for n in in_each_language(named))
    found[""] = frozenset().union(*found.values())
    return found


def published_prices(award: Award) -> frozenset[str]:
    """The contract's values as the appendix would print a price: published by law (the
    contract award notice gives the value: docs/law.md §5.1 reg 50, §5.2 s50, §9)."""
    terms = award.contract
    values = (terms.annual_value, terms.total_value, terms.notice_value)
    return frozenset(price_text(v) for v in values if v is not None)


def published_values(award: Award) -> frozenset[str]:
    """What the award's own public documents state by law: its contract values and the names of
    the suppliers it appoints (docs/law.md §5.1 reg 86, §5.4)."""
    names = {
        normalise(name)
        for unit in units(award)
        for s in unit.appointed
        for name in in_each_language(s.bidder.name)
    }
    return published_prices(award) | names


def _published_names(council: Council | None) -> set[str]:
    if council is None:
        return set()
    names = [council.name, council.short_name]
    names += [o.name for o in council.officers] + [m.name for m in council.members]
    return {normalise(version) for n in names for version in in_each_language(n)}


# ---- one bid ----------------------------------------------------------------------------------


def bid_secrets(award: Award, unit: Unit, scored: ScoredBid) -> list[Secret]:
    who = f"{scored.bidder.name}, {unit.name}"

    def make(kind: Kind, value: str, pattern: re.Pattern[str], what: str) -> Secret:
        return Secret(
            kind, value, pattern, award.id, scored.bidder.id, unit.name, f"{what} ({who})"
        )

    public = rule_numbers(unit)
    out = [
        make("score", text, number_pattern(text), f"score {text}")
        for text in _score_texts(scored)
        if distinctive_number(text) and text not in public
    ]
    near = normalise(scored.bidder.name)
    out += [
        replace(make("score", text, number_pattern(text), f"score {text}"), near=near)
        for text in sorted(set(_score_texts(scored)))
        if not distinctive_number(text) and text not in public
    ]
    price = price_text(scored.bid.price_bid)
    if distinctive_price(scored.bid.price_bid):
        out.append(make("price", price, number_pattern(price), f"price bid {price}"))
    for kind, text in (
        ("feedback", scored.bid.feedback),
        *(("explanation", t) for t in scored.bid.explanations.values()),  # H6: §6.4
        ("exclusion", scored.bid.exclusion_reason),
    ):
        english: set[str] = set()  # a sentence the Welsh leaves in English is one secret
        for welsh, version in enumerate(in_each_language(text)):  # the Welsh too (§11.4)
            for sentence in sentences(version):
                read = normalise(sentence)
                if welsh and read in english:
                    continue
                english.add(read)
                label = f"{kind} {_short(sentence)}"
                out.append(make(kind, read, text_pattern(read), label))  # type: ignore[arg-type]
    return out


def rule_numbers(unit: Unit) -> frozenset[str]:
    """The weights, their sum and the threshold: published in the paper, so no one's secret."""
    out = {fmt.score(c.weight) for c in unit.criteria}
    out.add(fmt.score(sum((c.weight for c in unit.criteria), Decimal(0))))
    if unit.appointment is not None and unit.appointment.method == "threshold":
        out.add(fmt.score(unit.appointment.min_score))
    if unit.evaluation is not None and unit.evaluation.quality_threshold is not None:
        out.add(fmt.score(unit.evaluation.quality_threshold))  # H6: published, §6.1
    return frozenset(out)


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


def _bidder_secrets(award: Award | NotAwarded, published: set[str]) -> Iterator[Secret]:
    """Each bidder's contact, and the name of each appointed nowhere: a decision not to award's
    tenderers are all appointed nowhere."""
    tenderers = isinstance(award, NotAwarded)
    appointed = set()
    if isinstance(award, Award):
        appointed = {s.bidder.id for u in units(award) for s in u.appointed}
    for bidder in award.bidders:
        yield from _contact_secrets(award.id, bidder, published)
        if bidder.id not in appointed:
            what, why = ("a tenderer", WHY_TENDERER) if tenderers else ("appointed to no Lot", "")
            for written in in_each_language(bidder.name):
                name = normalise(written)
                label = f"the name of {normal(written)}, {what}"
                yield Secret("name", name, word_pattern(name), award.id, bidder.id, "", label, why)


def _contact_secrets(award: str, bidder: Bidder, published: set[str]) -> Iterator[Secret]:
    """A bidder's (or supplier's) contact name of two words or more, and email: private."""
    contact = bidder.contact
    for written in in_each_language(contact.name):
        name = normalise(written)
        if len(name.split()) >= 2 and name not in published:
            label = f"contact name {normal(written)} ({bidder.name})"
            yield Secret("contact", name, word_pattern(name), award, bidder.id, "", label)
    if contact.email:
        email = normalise(contact.email)
        label = f"contact email {normal(contact.email)} ({bidder.name})"
        yield Secret("contact", email, word_pattern(email), award, bidder.id, "", label)


WHY_TENDERER = (
    "no contract was awarded, so no tenderer is named in public: each is told the reasons "
    "alone (reg 55; s55)"
)


# ---- patterns ---------------------------------------------------------------------------------


def number_pattern(text: str) -> re.Pattern[str]:
    """The number on its own: not inside a longer number, nor after a £ (for scores)."""
    before = r"(?<![\d.,])" if text.startswith("£") else r"(?<![\d.,£])"
    return re.compile(before + re.escape(text) + r"(?!\d|[.,]\d)")


def text_pattern(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(normalise(text)))


def word_pattern(text: str) -> re.Pattern[str]:
    """The text as read, as whole words (in text that is read: normalise())."""
    return re.compile(r"(?<!\w)" + re.escape(normalise(text)) + r"(?!\w)")


def _short(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "…")
