"""How values are written in council documents: money, dates, terms, ordinals.

Pure functions; the house style (money as "£31.8m" or "£31.8 million") comes from the council
profile. Dates are "22 July 2025": no ordinals, no commas (docs/law.md §8).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from docgen.derive.language import Words, words_for
from docgen.derive.timing import format_date

MoneyStyle = Literal["short", "long"]
ENGLISH = words_for("en")
"""The English wording: the default of every function here that writes words."""

NUMBER_WORDS = [
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
"""Counts in words, from 0: prose writes them up to ten (house style, docs/law.md §8); a reader
may type up to twelve."""
_WORDS_UP_TO = 10


_LARGE = (
    (Decimal(1_000_000_000), "bn", " billion"),
    (Decimal(1_000_000), "m", " million"),
)


def money(amount: Decimal, style: MoneyStyle) -> str:
    """£254.4m / £254.4 million from £1m up, £2bn / £2 billion from £1bn up (never £2000m);
    £2,500 (pence only when there are any) below (docs/law.md §8)."""
    for unit, short, long in _LARGE:
        scaled = (amount / unit).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if scaled >= 1:
            text = f"{scaled:f}".removesuffix(".0")
            return f"£{text}{short if style == 'short' else long}"
    return money_exact(amount)


def money_exact(amount: Decimal, pence: bool = False) -> str:
    """£6,313,311 or £1,972,315.70: every pound, pence only when there are any (or always, with
    pence=True, for a column in which some amounts have them: £26.00 beside £22.50)."""
    if amount == amount.to_integral_value() and not pence:
        return f"£{int(amount):,}"
    return f"£{amount.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"


def date_long(day: dt.date, weekday: bool = False) -> str:
    """22 July 2025, or Tuesday 22 July 2025 (locale-independent)."""
    return format_date(day, weekday)


def count_years(count: int, t: Words = ENGLISH) -> str:
    """'1 year', '4 years' / '1 flwyddyn', '4 blynedd' (Welsh has its own plural forms)."""
    return t.plural("{count} year", "{count} years", count)


def count_months(count: int, t: Words = ENGLISH) -> str:
    """'1 month', '32 months' / '1 mis', '2 fis', '32 mis'."""
    return t.plural("{count} month", "{count} months", count)


def years(value: Decimal, t: Words = ENGLISH) -> str:
    """A term as a person writes it, in whole years or whole months: 4 years, 1 year, 30 months
    (for 2.5 years), 32 months (for 2.67 years: a term recorded to two decimals of a year is
    read to the nearest month)."""
    if value == value.to_integral_value():
        return count_years(int(value), t)
    return count_months(int((value * 12).quantize(Decimal(1), ROUND_HALF_UP)), t)


def term(initial: Decimal, extensions: list[Decimal], t: Words = ENGLISH) -> str:
    """'4 years with options to extend by 2 years and 2 years' and the like."""
    if not extensions:
        return years(initial, t)
    return _with_options(years(initial, t), [years(e, t) for e in extensions], t)


def _with_options(first: str, parts: list[str], t: Words) -> str:
    """'4 years with an option to extend by 2 years', '… with options to extend by 2 years and
    2 years'."""
    if len(parts) == 1:
        return t(
            "{initial} with an option to extend by {extension}", initial=first, extension=parts[0]
        )
    return t(
        "{initial} with options to extend by {extensions}",
        initial=first,
        extensions=join_names(parts, t),
    )


def term_short(initial: Decimal, extensions: list[Decimal], t: Words = ENGLISH) -> str:
    """4 + 2 + 2 years; in months when any part is not a whole number of years: 30 + 12
    months."""
    values = [initial, *extensions]
    if len(values) == 1 and t.lang == "cy":  # one term: its noun mutates with its number
        return years(initial, t)
    if all(v == v.to_integral_value() for v in values):
        return t("{terms} years", terms=" + ".join(str(int(v)) for v in values))
    months = [str(int((v * 12).quantize(Decimal(1), ROUND_HALF_UP))) for v in values]
    return t("{terms} months", terms=" + ".join(months))


def months(value: Decimal, as_months: bool = False, t: Words = ENGLISH) -> str:
    """A term counted in months, as a person writes it: 48 -> 4 years, 12 -> 1 year, 32 -> 32
    months, 32.04 -> 32 months (years() for a term in months); with as_months (the council gave
    the term in months) always in months: 12 -> 12 months."""
    if value % 12 == 0 and not as_months:
        return count_years(int(value / 12), t)
    return count_months(int(value.quantize(Decimal(1), ROUND_HALF_UP)), t)


def term_months(
    initial: Decimal,
    extensions: list[Decimal],
    as_months: tuple[bool, bool] = (False, False),
    t: Words = ENGLISH,
) -> str:
    """term() for a term in months: '32 months with an option to extend by 12 months';
    as_months says whether the initial term and the extensions were given in months."""
    first = months(initial, as_months[0], t)
    if not extensions:
        return first
    return _with_options(first, [months(e, as_months[1], t) for e in extensions], t)


def term_short_months(initial: Decimal, extensions: list[Decimal], t: Words = ENGLISH) -> str:
    """term_short() for a term in months: 4 + 2 years, or 32 + 12 months."""
    values = [initial, *extensions]
    if len(values) == 1 and t.lang == "cy":  # one term: its noun mutates with its number
        return months(initial, False, t)
    if all(v % 12 == 0 for v in values):
        return t("{terms} years", terms=" + ".join(str(int(v / 12)) for v in values))
    return t(
        "{terms} months",
        terms=" + ".join(str(int(v.quantize(Decimal(1), ROUND_HALF_UP))) for v in values),
    )


def plural(count: int, singular: str, many: str | None = None) -> str:
    """'1 year', '32 months': a count in digits with its noun in the right number."""
    return f"{count} {noun(count, singular, many)}"


def noun(count: int, singular: str, many: str | None = None) -> str:
    """The noun for a count: 'supplier' for 1, 'suppliers' otherwise."""
    return singular if count == 1 else (many or singular + "s")


_AN_EXCEPTIONS = ("one", "once", "uni", "use", "usu", "uti", "eu", "ewe")
_SILENT_H = ("hour", "honest", "honour", "heir")
_AN_LETTERS = set("AEFHILMNORSX")


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase it comes before, by its sound: an Independent Living Support
    Service framework, a Carers Support Service, a unified contract, an hourly rate, an ILSS
    framework (an initialism is read letter by letter), a 12-month contract."""
    word = phrase.split()[0] if phrase.split() else ""
    letters = word.strip("\"'“‘(")
    if len(letters) > 1 and letters.isupper() and letters.isalpha():
        return "an" if letters[0] in _AN_LETTERS else "a"
    lower = letters.lower()
    if lower.startswith(_SILENT_H):
        return "an"
    if lower[:1].isdigit():
        return "an" if re.match(r"8|1[18](?![0-9])|1[18],[0-9]{3}(?![0-9,])", lower) else "a"
    if lower.startswith(_AN_EXCEPTIONS):
        return "a"
    return "an" if lower[:1] in set("aeiou") else "a"


def with_article(phrase: str, t: Words = ENGLISH) -> str:
    """'an Independent Living Support Service framework'; Welsh has no indefinite article."""
    return phrase if t.lang == "cy" else f"{article(phrase)} {phrase}"


_VOWELS = tuple("aeiouwyâêîôûŵŷAEIOUWYÂÊÎÔÛŴŶ")


def the(name: str, t: Words = ENGLISH) -> str:
    """A title with the definite article: 'the Director of Social Services' / 'y Cyfarwyddwr
    …', 'yr Aelod Cabinet …' (Welsh "yr" before a vowel or h)."""
    if t.lang == "cy":
        return f"yr {name}" if name.startswith(_VOWELS) or name[:1] in "hH" else f"y {name}"
    return f"the {name}"


_TITLE_ENDINGS = (
    "contract",
    "contracts",
    "framework",
    "framework agreement",
    "agreement",
    "approved list",
    "list",
    "dps",
    "dynamic purchasing system",
)


_WELSH_TITLE_STARTS = ("contract", "fframwaith", "cytundeb", "rhestr", "system brynu")


def titled(title: str, noun_phrase: str, t: Words = ENGLISH) -> str:
    """The title with the kind of thing after it, unless the title already ends in a word for an
    agreement: 'Carers Support Service contract', but 'Street Cleansing Contract' (never
    'Street Cleansing Contract contract') and 'Home Care Framework'. Welsh puts the noun first
    ('contract Gwasanaeth Cymorth Gofalwyr'), and a Welsh title may already start with one."""
    lower = title.lower().rstrip(". ")
    if any(lower == end or lower.endswith(" " + end) for end in _TITLE_ENDINGS):
        return title
    if t.lang == "cy" and lower.startswith(_WELSH_TITLE_STARTS):
        return title
    return t("{title} {kind}", title=title, kind=noun_phrase)


def count_words(n: int, t: Words = ENGLISH) -> str:
    """'five' for 5 (up to ten), digits above, as council style asks. Welsh writes the digits:
    its number words change with the gender of the noun and mutate it ("tair Lot", "pum
    mlynedd"), which one word for a count cannot know."""
    return NUMBER_WORDS[n] if 0 <= n <= _WORDS_UP_TO and t.lang == "en" else str(n)


def roman(n: int) -> str:
    """Lower-case roman numerals for recommendations: 1 -> i, 4 -> iv."""
    table = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, glyph in table:
        while n >= value:
            out, n = out + glyph, n - value
    return out


def letter(n: int) -> str:
    """1 -> a, 27 -> aa."""
    text = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        text = chr(ord("a") + rem) + text
    return text


def score(value: Decimal) -> str:
    """Scores with up to two decimals, no trailing zeros beyond one place: 48, 48.5, 48.25."""
    text = f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):f}"
    return trimmed(text)


def trimmed(number: str) -> str:
    """A decimal written without trailing zeros, as score() writes it: 37.20 -> 37.2, 70.00 ->
    70. A column of scores may print 37.2 as 37.20; the checks read both as the same score."""
    return number.rstrip("0").rstrip(".") if "." in number else number


class ScoreColumns:
    """How a table writes the scores of one Lot: each criterion's column, and the totals, with
    as many decimals as the most precise score in it needs (two at most), so that a column
    lines up: 37.20 beside 33.25, not 37.2 (the decimals come from every bid of the Lot)."""

    def __init__(self, scores: Iterable[Mapping[str, Decimal]], totals: Iterable[Decimal]) -> None:
        self.places: dict[str, int] = {}
        for bid in scores:
            for criterion, value in bid.items():
                self.places[criterion] = max(self.places.get(criterion, 0), decimals(value))
        self.total_places = max(map(decimals, totals), default=0)

    def score(self, criterion: str, value: Decimal | None) -> str:
        return "–" if value is None else score_to(value, self.places.get(criterion, 0))

    def total(self, value: Decimal) -> str:
        return score_to(value, self.total_places)


def decimals(value: Decimal) -> int:
    """The decimal places score() writes for the value: 0, 1 or 2."""
    return len(score(value).partition(".")[2])


def score_to(value: Decimal, places: int) -> str:
    """A score rounded (half up) to exactly `places` decimals: 37.20."""
    return f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):f}"


def join_names(names: list[str], t: Words = ENGLISH) -> str:
    """a, b and c / a, b a c ("ac" before a vowel, as Welsh grammar asks)."""
    if len(names) <= 1:
        return "".join(names)
    last = names[-1]
    if t.lang == "cy" and last.startswith(_VOWELS):
        # TRANSLATORS: used in Welsh only, where "a" (and) becomes "ac" before a vowel.
        return t("{names} and {last} (before a vowel)", names=", ".join(names[:-1]), last=last)
    return t("{names} and {last}", names=", ".join(names[:-1]), last=last)
