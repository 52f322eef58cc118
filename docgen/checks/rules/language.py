"""Rules on the languages of a Welsh council's documents: R57, R58, R59 (docs/law.md §11.4).

A county or county borough council in Wales is bound, through the compliance notice the Welsh
Language Commissioner gives it, by the Welsh Language Standards (No. 1) Regulations 2015 (made
under the Welsh Language (Wales) Measure 2011): correspondence to several persons goes in Welsh
at the same time as in English, a person whose language is not known is sent a Welsh version,
documents for the public and the papers of meetings are produced in Welsh, and a Welsh version is
never treated less favourably than the English one. docgen writes its fixed wording from the
catalogues; what the council writes itself (titles, reasons, prose) must come from the records:

- R57: every text a person must translate (a field marked ``TRANSLATE``: ``Title``, ``Prose``,
  ``OptionalText``) in the records of a council that publishes in Welsh gives its Welsh; but not
  a bid's feedback, explanations and reasons when its bidder asked for English: only that
  bidder's letters print them, and they go in English alone.
- R58: a council in Wales says it publishes in Welsh.
- R59: a council that publishes in Welsh and puts English first says so knowingly.

R57 walks the models generically (their fields and the annotations of their types, lists and
mappings included), so a field marked later is checked without a change here.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from docgen.checks.rules.base import Rule, RuleContext
from docgen.derive.language import letter_languages
from docgen.models import AnyAward, Council, Decision, Record
from docgen.models.award import Bid, Bidder
from docgen.models.language import TRANSLATE, Localised
from docgen.records.loading import Finding, Loc

STANDARDS = (
    "Welsh Language Standards (No. 1) Regulations 2015, Schedule 1 (service delivery: "
    "correspondence standards 1-7, documents, meetings) "
    "https://www.legislation.gov.uk/wsi/2015/996/schedule/1/made ; "
    "https://www.legislation.gov.uk/wsi/2015/996/body/made ; "
    "Welsh Language (Wales) Measure 2011 https://www.legislation.gov.uk/mwa/2011/1/contents"
)


# ---- R57: every text to translate gives its Welsh -----------------------------------------------


Skip = Callable[[BaseModel], bool]


def _nothing(model: BaseModel) -> bool:
    return False


def untranslated(
    value: Any, annotation: Any = None, loc: Loc = (), skip: Skip = _nothing
) -> Iterator[Loc]:
    """Where a text that must be translated has no Welsh, below a record (or any value): each
    field marked TRANSLATE (in its own metadata or its type's, inside lists, mappings and
    optional types too) that the record sets to text, but not as {en, cy} with its cy. A model
    `skip` says yes to is not looked into (a bid whose bidder is written to in English only)."""
    yield from _walk(value, annotation, loc, False, skip)


def _walk(value: Any, annotation: Any, loc: Loc, marked: bool, skip: Skip) -> Iterator[Loc]:
    annotation, marked = _unwrap(annotation, marked)
    if value is None:
        return
    if isinstance(value, BaseModel):
        if not skip(value):
            yield from _fields(value, loc, skip)
    elif isinstance(value, str):
        if marked and value.strip() and not _has_welsh(value):
            yield loc
    elif isinstance(value, list | tuple):
        item = _arm(annotation, list)
        for i, element in enumerate(value):
            yield from _walk(element, _item_type(item, 0), (*loc, i), False, skip)
    elif isinstance(value, dict):
        item = _arm(annotation, dict)
        for key, element in value.items():
            yield from _walk(element, _item_type(item, 1), (*loc, key), False, skip)


def _fields(model: BaseModel, loc: Loc, skip: Skip) -> Iterator[Loc]:
    """Each field the record sets (a default is docgen's own wording, from the catalogues)."""
    for name, info in type(model).model_fields.items():
        if name not in model.model_fields_set:
            continue
        marked = TRANSLATE in info.metadata
        yield from _walk(getattr(model, name), info.annotation, (*loc, name), marked, skip)


def _has_welsh(value: str) -> bool:
    return isinstance(value, Localised) and value.cy is not None and bool(value.cy.strip())


def _unwrap(annotation: Any, marked: bool) -> tuple[Any, bool]:
    """The type inside Annotated[...] (nested ones too), and whether any layer is marked; a union
    of text types (Prose | None) is marked when a text arm of it is."""
    while get_origin(annotation) is Annotated:
        annotation, *metadata = get_args(annotation)
        marked = marked or TRANSLATE in metadata
    if _is_union(annotation):
        for arm in get_args(annotation):
            inner, arm_marked = _unwrap(arm, False)
            if inner is str and arm_marked:
                marked = True
    return annotation, marked


def _is_union(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType)


def _arm(annotation: Any, container: type) -> Any:
    """The arm of a union that is a list (or dict) type, or the type itself."""
    if not _is_union(annotation):
        return annotation
    for arm in get_args(annotation):
        inner, _ = _unwrap(arm, False)
        if get_origin(inner) is container or inner is container:
            return inner
    return None


def _item_type(annotation: Any, index: int) -> Any:
    """list[X] -> X (index 0); dict[K, V] -> V (index 1); None when the type does not say."""
    args = get_args(annotation)
    if not args:
        return None
    return args[0] if index == 0 or len(args) == 1 else args[index]


def _welsh_records(ctx: RuleContext) -> Iterator[tuple[Council, Record]]:
    """Each record of a council that publishes in Welsh: the profile itself, its decisions and
    the award records of every route."""
    records = ctx.records
    for council in records.councils.values():
        if council.languages.welsh:
            yield council, council
    owned: list[Decision | AnyAward] = [
        *records.decisions.values(),
        *records.awards.values(),
        *records.route_awards.values(),
    ]
    for record in owned:
        owner = records.councils.get(record.council)
        if owner is not None and owner.languages.welsh:
            yield owner, record


def welsh_text(ctx: RuleContext) -> Iterator[Finding]:
    """R57: a council that publishes in Welsh gives each text a person must translate in Welsh."""
    for council, record in _welsh_records(ctx):
        for loc in untranslated(record, skip=_written_in_english(council, record)):
            yield (
                record,
                loc,
                f"no Welsh text (cy): {council.short_name} publishes in Welsh "
                "(languages.publishes), so its documents print this in both languages; write it "
                "as {en: …, cy: …}",
            )


def _written_in_english(council: Council, record: Record) -> Skip:
    """The bids of bidders whose letters go in English only (they asked for English): their
    feedback, explanations and reasons are printed in those letters alone, so need no Welsh."""
    bidders = getattr(record, "bidders", [])
    english = {
        b.id
        for b in bidders
        if isinstance(b, Bidder) and "cy" not in letter_languages(council.languages, b.language)
    }
    return lambda model: isinstance(model, Bid) and model.bidder in english


# ---- R58, R59: the council's language settings -------------------------------------------------


def wales_publishes_welsh(ctx: RuleContext) -> Iterator[Finding]:
    """R58: a council in Wales publishes in Welsh."""
    for council in ctx.records.councils.values():
        if council.nation == "wales" and not council.languages.welsh:
            yield (
                council,
                _settings_loc(council),
                f"{council.short_name} is in Wales, where a county or county borough council's "
                "compliance notice under the Welsh Language Standards (No. 1) Regulations 2015 "
                "requires its documents for the public, its meeting papers and correspondence "
                "to several persons in Welsh; say languages: {publishes: [cy, en]} (switch R58 "
                "off with a reason for a body the standards do not bind)",
            )


def welsh_first(ctx: RuleContext) -> Iterator[Finding]:
    """R59: a council that publishes in Welsh and puts English first has said so knowingly."""
    for council in ctx.records.councils.values():
        settings = council.languages
        if settings.welsh and settings.bilingual and settings.order[0] == "en":
            yield (
                council,
                _settings_loc(council),
                f"{council.short_name} publishes in Welsh but its documents would give the "
                "English first and the Welsh second: the standards require that a Welsh version "
                "is treated no less favourably than the English, so say languages: {first: cy}; "
                "where the council's own practice (its compliance notice or Welsh language "
                "policy) puts English first, switch R59 off saying so: rules: [{id: R59, off: "
                "true, reason: …}]",
            )


def _settings_loc(council: Council) -> Loc:
    """The council's `languages.first` if it gives one, else its `languages`, else its nation."""
    if "languages" not in council.model_fields_set:
        return ("nation",)
    if "first" in council.languages.model_fields_set:
        return ("languages", "first")
    return ("languages", "publishes")


RULES = (
    Rule(
        "R57",
        "error",
        "A council that publishes in Welsh gives every title, reason and text of prose of its "
        "profile, decisions and awards in Welsh too ({en, cy}: each field marked to translate)",
        STANDARDS,
        welsh_text,
    ),
    Rule(
        "R58",
        "warning",
        "A council in Wales publishes in Welsh (languages.publishes includes cy)",
        STANDARDS,
        wales_publishes_welsh,
    ),
    Rule(
        "R59",
        "warning",
        "A council that publishes in Welsh puts the Welsh first (languages.first: cy), or "
        "switches R59 off saying that its practice puts English first",
        STANDARDS,
        welsh_first,
    ),
)
