"""The wording of documents in each language: message catalogues, Welsh dates and money.

Every fixed word a document prints goes through a :class:`Words`: ``t("Dear {name}",
name=...)``. The message is English; a Welsh ``Words`` looks it up in the gettext catalogues
(``templates/locale/cy/LC_MESSAGES/<domain>.mo``, compiled by Babel from the ``.po`` files a
council's translation unit can review: ``make catalogues``), then fills in the values. English
needs no catalogue, so English documents read exactly as their messages are written.

Babel extracts the messages from every call of ``t(...)`` and ``t.plural(...)``
(tools/catalogues.py); so the message must be a string literal, never a variable.

Welsh style (Canllaw Arddull, Welsh Government; Comisiynydd y Gymraeg): dates are "22
Gorffennaf 2025" (no ordinal), "dydd Mawrth 22 Gorffennaf 2025" with the day; money "£31.8m"
or "£31.8 miliwn"; digits and the decimal point as in English.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from docgen import resources
from docgen.derive.timing import format_date
from docgen.models.language import LANGUAGE_TAGS, Lang, LanguageSettings, Localised

DOMAINS = ("common", "letters", "papers", "notices", "routes")
"""The catalogues, one per family of documents (tools/catalogues.py says which files each
reads); a message may be looked up in any of them."""

WELSH_MONTHS = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)
WELSH_WEEKDAYS = (
    "dydd Llun",
    "dydd Mawrth",
    "dydd Mercher",
    "dydd Iau",
    "dydd Gwener",
    "dydd Sadwrn",
    "dydd Sul",
)


def welsh_date(day: dt.date, weekday: bool = False) -> str:
    """22 Gorffennaf 2025, or dydd Mawrth 22 Gorffennaf 2025."""
    text = f"{day.day} {WELSH_MONTHS[day.month - 1]} {day.year}"
    return f"{WELSH_WEEKDAYS[day.weekday()]} {text}" if weekday else text


_WELSH_MONEY_WORDS = ((" billion", " biliwn"), (" million", " miliwn"))


class Words:
    """One language's wording: messages, record text, dates and money."""

    def __init__(self, lang: Lang, catalogue: gettext.NullTranslations) -> None:
        self.lang: Lang = lang
        self.tag = LANGUAGE_TAGS[lang]
        self._catalogue = catalogue
        self.missing: set[str] = set()
        """Messages a Welsh document asked for that no catalogue translates (tests read it)."""

    def __call__(self, message: str, /, **values: Any) -> str:
        """The message in this language, with `{name}` fields filled from `values`."""
        text = self._translate(message)
        return text.format(**values) if values else text

    def plural(self, singular: str, many: str, count: int, /, **values: Any) -> str:
        """The singular or plural message for `count` (Welsh has its own plural forms; the
        catalogue's Plural-Forms header picks one); `{count}` is filled in."""
        if self.lang == "en":
            text = singular if count == 1 else many
        else:
            text = self._catalogue.ngettext(singular, many, count)
            if text in (singular, many) and not self._known((singular, 0)):
                self.missing.add(singular)
        return text.format(count=count, **values)

    def text(self, value: str | None) -> str:
        """A record's text in this language: its Welsh for Welsh, when the record gives it."""
        if value is None:
            return ""
        if isinstance(value, Localised):
            return value.in_language(self.lang)
        return str(value)

    def texts(self, values: Iterable[str]) -> list[str]:
        return [self.text(v) for v in values]

    def date(self, day: dt.date, weekday: bool = False) -> str:
        """22 July 2025 / 22 Gorffennaf 2025, with the day of the week when asked."""
        return welsh_date(day, weekday) if self.lang == "cy" else format_date(day, weekday)

    def money_words(self, english: str) -> str:
        """An amount formatted by docgen.derive.formatting.money, in this language:
        "£31.8 million" becomes "£31.8 miliwn"."""
        if self.lang != "cy":
            return english
        for word, welsh in _WELSH_MONEY_WORDS:
            english = english.replace(word, welsh)
        return english

    def number(self, value: Decimal | int) -> str:
        """Digits as both languages write them: 1,234.5."""
        return f"{value:,}"

    def _translate(self, message: str) -> str:
        if self.lang == "en":
            return message
        text = self._catalogue.gettext(message)
        if text == message and not self._known(message):
            self.missing.add(message)
        return text

    def _known(self, key: str | tuple[str, int]) -> bool:
        """Whether a catalogue has the message: a Welsh word may be the English one ("Lot",
        "contract"), and is not missing for that."""
        catalogue: gettext.NullTranslations | None = self._catalogue
        while catalogue is not None:
            if key in getattr(catalogue, "_catalog", {}):
                return True
            catalogue = getattr(catalogue, "_fallback", None)
        return False


def catalogue_folder(templates: Path | None = None) -> Path:
    """Where the catalogues are: templates/locale/<lang>/LC_MESSAGES/<domain>.po and .mo."""
    return (templates or resources.templates()) / "locale"


@cache
def words_for(lang: Lang, templates: Path | None = None) -> Words:
    """The wording of `lang`, its catalogues read once per process."""
    if lang == "en":
        return Words("en", gettext.NullTranslations())
    folder = catalogue_folder(templates)
    catalogue: gettext.NullTranslations | None = None
    for domain in DOMAINS:
        path = folder / lang / "LC_MESSAGES" / f"{domain}.mo"
        if not path.is_file():
            continue
        with path.open("rb") as handle:
            found = gettext.GNUTranslations(handle)
        if catalogue is None:
            catalogue = found
        else:
            catalogue.add_fallback(found)
    return Words(lang, catalogue or gettext.NullTranslations())


def document_languages(settings: LanguageSettings) -> list[Lang]:
    """The languages of a document for the public or for several persons, first one first."""
    return settings.order


def letter_languages(settings: LanguageSettings, preference: Lang | None) -> list[Lang]:
    """The languages of a letter to one person: the one it asked for, when the council publishes
    in it; else every language the council publishes in (Welsh Language Standards (No. 1)
    Regulations 2015, Sch. 2 standards 1 to 7: a person whose choice is not known gets Welsh,
    here with the English beside it)."""
    if preference is not None and preference in settings.publishes:
        return [preference]
    return settings.order


__all__ = [
    "DOMAINS",
    "WELSH_MONTHS",
    "WELSH_WEEKDAYS",
    "Words",
    "document_languages",
    "letter_languages",
    "welsh_date",
    "words_for",
]
