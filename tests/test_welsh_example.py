"""The Welsh example (issue 16): Cyngor Sir Dyffryn Tywi's home care framework.

The records are read as docgen reads them. The council publishes Welsh first; one bidder asks for
Welsh and one for English; every field a council publishing in Welsh must translate (the
TRANSLATE marker of docgen/models/common.py, found by walking the models, not from a list) and
every other text a reader reads as words (titles, names of Lots, criteria and gates, reasons) has
its Welsh; and each Welsh text cites the same facts and references as its English, so both
resolve. End-to-end build assertions are in tests/test_bilingual_render.py.
"""

from __future__ import annotations

import re
import shutil
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from conftest import RECORDS
from pydantic import BaseModel
from ruamel.yaml import YAML

from docgen import pipeline
from docgen.audit.report import audit
from docgen.derive import prose
from docgen.derive.facts import build_facts
from docgen.derive.language import words_for
from docgen.derive.numbering import references
from docgen.models import Council, Decision
from docgen.models.award import Award
from docgen.models.language import TRANSLATE, Localised
from docgen.records.loading import Records, load_records

EXAMPLE = RECORDS / "dyffryn-tywi-homecare-2026"
COUNCIL = RECORDS / "councils" / "dyffryn-tywi.yaml"
DECISION_ID = "dyffryn-tywi-homecare-2026-award"
AWARD_ID = "dyffryn-tywi-homecare-2026"


def _paths(root: Path = RECORDS) -> list[Path]:
    return [root / "councils", root / EXAMPLE.name]


@pytest.fixture(scope="module")
def records() -> Records:
    return pipeline.validate(_paths())


@pytest.fixture(scope="module")
def council(records: Records) -> Council:
    return records.councils["dyffryn-tywi"]


@pytest.fixture(scope="module")
def decision(records: Records) -> Decision:
    return records.decisions[DECISION_ID]


@pytest.fixture(scope="module")
def award(records: Records) -> Award:
    return records.awards[AWARD_ID]


# Walking the models


def _marked(annotation: Any) -> bool:
    """Whether an annotation, or one arm of its Optional/Union, carries the TRANSLATE marker."""
    if typing.get_origin(annotation) is typing.Annotated:
        return TRANSLATE in annotation.__metadata__
    return any(_marked(arm) for arm in _arms(annotation))


def _arms(annotation: Any) -> tuple[Any, ...]:
    """The arms of a Union (X | None), else nothing."""
    origin = typing.get_origin(annotation)
    return typing.get_args(annotation) if origin in (typing.Union, types.UnionType) else ()


def _items(annotation: Any) -> Any:
    """The annotation of a list's items or a dict's values, through Annotated and Union."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _items(typing.get_args(annotation)[0])
    origin = typing.get_origin(annotation)
    if origin in (list, tuple):
        return typing.get_args(annotation)[0]
    if origin is dict:
        return typing.get_args(annotation)[1]
    for arm in _arms(annotation):
        found = _items(arm)
        if found is not Any:
            return found
    return Any


def _walk(value: Any, annotation: Any, marked: bool, path: str) -> Iterator[tuple[str, Any, bool]]:
    """(path, text, marked for translation) for every string under value, led by annotation."""
    marked = marked or _marked(annotation)
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            field_marked = TRANSLATE in info.metadata
            yield from _walk(getattr(value, name), info.annotation, field_marked, f"{path}.{name}")
    elif isinstance(value, str):
        yield path, value, marked
    elif isinstance(value, (list, tuple, dict)):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            yield from _walk(item, _items(annotation), False, f"{path}[{key}]")


def texts(record: BaseModel) -> dict[str, tuple[Any, bool]]:
    """Every string of a record by its path, with whether the models mark it for translation."""
    walked = _walk(record, type(record), False, type(record).__name__)
    return {path: (text, marked) for path, text, marked in walked}


def untranslated(record: BaseModel) -> list[str]:
    """The paths of marked text that has words but no Welsh."""
    return [
        path
        for path, (text, marked) in texts(record).items()
        if marked and text.strip() and not (isinstance(text, Localised) and text.cy)
    ]


# The example validates, as a Welsh council's records


def test_the_example_validates_with_only_true_warnings() -> None:
    records, report = pipeline.validate_with_rules(_paths())
    assert DECISION_ID in records.decisions and AWARD_ID in records.awards
    ours = [p for p in report.warnings if "dyffryn-tywi" in p.path]
    # The one warning is true: the charity has no company number, and the letters say none.
    assert [(Path(p.path).name, p.field, p.message[-5:]) for p in ours] == [
        ("award.yaml", "bidders[2].not_recorded.company_number", "[R50]")
    ]


def test_the_council_publishes_welsh_first(council: Council) -> None:
    assert council.nation == "wales"
    assert council.constitution.holidays == "wales"
    languages = council.languages
    assert languages.publishes == ["cy", "en"] and languages.first == "cy"
    assert languages.order == ["cy", "en"]
    assert languages.welsh and languages.bilingual and languages.layout == "sequential"
    assert isinstance(council.name, Localised) and council.name.cy == "Cyngor Sir Dyffryn Tywi"
    assert str(council.name) == "Dyffryn Tywi County Council"
    member = council.member("cllr-social-care")
    assert member is not None and isinstance(member.portfolio, Localised)
    assert member.portfolio.cy == "Aelod Cabinet dros Ofal Cymdeithasol"
    director = council.officer("dir-social-services")
    assert director is not None and isinstance(director.title, Localised)
    assert director.title.cy == "Cyfarwyddwr Gwasanaethau Cymdeithasol"
    assert council.letterhead.email and council.letterhead.email.endswith("example.cymru")


def test_one_bidder_asks_for_welsh_and_one_for_english(award: Award) -> None:
    languages = {bidder.id: bidder.language for bidder in award.bidders}
    assert languages["gofal-tywi"] == "cy"
    assert languages["towy-valley-care"] == "en"
    assert sorted(lang for lang in languages.values() if lang) == ["cy", "en"]
    assert 5 <= len(languages) <= 7
    # Each of them has a letter to receive: both tendered in more than one Lot.
    for bidder in ("gofal-tywi", "towy-valley-care"):
        assert sum(any(b.bidder == bidder for b in lot.bidders) for lot in award.lots) >= 2


def test_the_award_is_a_framework_under_the_2023_act_with_three_lots(award: Award) -> None:
    assert award.contract.kind == "framework" and len(award.lots) == 3
    # The first notice went out after 24 February 2025: the Procurement Act 2023 applies.
    assert award.procurement.regime == "pa2023"
    assert award.procurement.first_notice.isoformat() > "2025-02-24"


def test_every_field_marked_for_translation_has_its_welsh(
    council: Council, decision: Decision, award: Award
) -> None:
    for record in (council, decision, award):
        marked = [path for path, (_, is_marked) in texts(record).items() if is_marked]
        assert marked, f"the walk found no marked field in {type(record).__name__}"
        assert untranslated(record) == []
    # The walk reaches prose inside models, lists and dicts: sections, resolutions, explanations.
    decision_paths = {path for path, (_, m) in texts(decision).items() if m}
    assert "Decision.sections.legal" in decision_paths
    assert "Decision.resolutions[1].text" in decision_paths
    award_paths = {path for path, (_, m) in texts(award).items() if m}
    assert "Award.lots[1].bidders[2].explanations[welsh-language]" in award_paths
    assert "Award.lots[1].bidders[4].exclusion_reason" in award_paths


WORDS = {
    # The texts a reader reads as words, whether or not the models mark them yet (Title): the
    # decision's and award's titles, names of Lots, criteria and gates, reasons and headings.
    "Decision": (
        r"title",
        r"meeting\.(name|venue)",
        r"key_decision\.reason",
        r"sections\.other\[\d+\]\.heading",
        r"appendices\[\d+\]\.title",
        r"appendices\[\d+\]\.exempt\.public_interest",
        r"background_papers\[\d+\]\.(title|location)",
        r"conflicts_of_interest",
        r"dispensations",
    ),
    "Award": (
        r"title",
        r"service_description",
        r"procurement\.procedure",
        r"criteria\[\d+\]\.name",
        r"gates\[\d+\]\.name",
        r"lots\[\d+\]\.(title|area|advantages)",
    ),
    "Council": (
        r"name",
        r"letterhead\.department",
        r"officers\[\d+\]\.title",
        r"members\[\d+\]\.portfolio",
    ),
}


def test_every_title_name_and_reason_has_its_welsh(
    council: Council, decision: Decision, award: Award
) -> None:
    for record in (council, decision, award):
        kind = type(record).__name__
        pattern = re.compile(rf"{kind}\.({'|'.join(WORDS[kind])})")
        found = {path: text for path, (text, _) in texts(record).items() if pattern.fullmatch(path)}
        assert len(found) >= len(WORDS[kind])
        missing = [p for p, t in found.items() if not (isinstance(t, Localised) and t.cy)]
        assert missing == [], kind
    # Lots and criteria by their Welsh names.
    assert [lot.title.cy for lot in award.lots if isinstance(lot.title, Localised)] == [
        "Dyffryn Uchaf",
        "Castell Tywi a'r Arfordir",
        "Dyffryn Isaf",
    ]
    assert {c.id: getattr(c.name, "cy", None) for c in award.criteria}["welsh-language"] == (
        "Y Gymraeg a'r Cynnig Rhagweithiol"
    )


def test_no_text_is_given_in_english_only_where_welsh_is_given_beside_it(
    council: Council, decision: Decision, award: Award
) -> None:
    """A text written as {en, cy} has both halves, and its Welsh differs from its English
    (a copied English half is not a translation), except names that are the same in both."""
    same_in_both = {"Cabinet"}
    for record in (council, decision, award):
        for path, (text, _) in texts(record).items():
            if isinstance(text, Localised):
                assert text.cy, path
                if str(text) not in same_in_both:
                    assert text.cy != str(text), path


# The Welsh cites what the English cites


def _placeholders(text: str) -> set[tuple[str, str]]:
    return {(p.kind, p.name) for p in prose.placeholders(prose.parse(text))}


def _labels(text: str) -> list[str | None]:
    return [block.label for block in prose.parse(text) if block.label]


def prose_texts(decision: Decision) -> Iterator[tuple[str, Localised]]:
    for path, (text, marked) in texts(decision).items():
        if marked and isinstance(text, Localised) and text.cy is not None:
            yield path, text


def test_the_welsh_prose_cites_the_same_facts_and_references(decision: Decision) -> None:
    citing = set()
    for path, text in prose_texts(decision):
        english, welsh = _placeholders(str(text)), _placeholders(text.cy or "")
        assert welsh == english, f"{path}: Welsh {sorted(welsh)} != English {sorted(english)}"
        assert _labels(text.cy or "") == _labels(str(text)), path
        if english:
            citing.add(path.removeprefix("Decision."))
    assert citing == {
        "purpose",
        "sections.executive_summary",
        "sections.financial",
        "sections.legal",
        "resolutions[0].text",
    }
    legal = decision.sections.legal
    assert isinstance(legal, Localised) and legal.cy
    assert ("para", "standstill") in _placeholders(legal.cy)
    assert _labels(legal.cy) == ["standstill"]


def test_the_placeholder_comparison_fails_on_a_missing_welsh_fact(decision: Decision) -> None:
    """The check above can fail: a Welsh text that drops a fact is caught."""
    summary = decision.sections.executive_summary
    assert isinstance(summary, Localised) and summary.cy
    dropped = summary.cy.replace("{award.bidder_count} o gyflenwyr", "chwe chyflenwr")
    assert dropped != summary.cy
    assert _placeholders(dropped) != _placeholders(str(summary))


def test_a_welsh_half_removed_is_found_by_the_walk(tmp_path: Path) -> None:
    """Drop one explanation's Welsh in a copy of the records: the walk names that field."""
    root = tmp_path / "records"
    (root / EXAMPLE.name).mkdir(parents=True)
    shutil.copytree(RECORDS / "councils", root / "councils")
    shutil.copy(EXAMPLE / "decision.yaml", root / EXAMPLE.name / "decision.yaml")
    yaml = YAML()
    yaml.preserve_quotes = True
    data = yaml.load((EXAMPLE / "award.yaml").read_text(encoding="utf-8"))
    explanation = data["lots"][0]["bidders"][3]["explanations"]
    explanation["quality"] = explanation["quality"]["en"]
    with (root / EXAMPLE.name / "award.yaml").open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
    award = load_records(_paths(root)).awards[AWARD_ID]
    assert untranslated(award) == ["Award.lots[0].bidders[3].explanations[quality]"]


def welsh_values(records: Records, decision: Decision) -> dict[tuple[str, str], str]:
    """What each placeholder of the decision's prose becomes in Welsh: facts and references."""
    council = records.councils[decision.council]
    award = records.award_record(decision.award)
    cy = words_for("cy")
    values = {("fact", k): v for k, v in build_facts(council, decision, award, cy).items()}
    values.update(references(decision, tolerant=True, t=cy))
    return values


def test_every_welsh_placeholder_resolves_in_welsh(records: Records, decision: Decision) -> None:
    values = welsh_values(records, decision)
    for path, text in prose_texts(decision):
        for placeholder in _placeholders(text.cy or ""):
            assert placeholder in values, f"{path}: {placeholder} has no Welsh value"
    assert values[("fact", "award.regime")] == "Deddf Caffael 2023"
    assert values[("para", "standstill")] == "paragraff 6.2"


MUTATES = {
    # Words after which Welsh mutates the next word, and the first letters each mutation
    # changes: soft after these prepositions and "ei" (his), aspirate after "a", "â", "gyda",
    # "tua", "na"; nasal after "yn" (in) and "fy". Conservative: predicative "yn" softens too.
    **dict.fromkeys(
        ("i", "o", "am", "ar", "at", "gan", "dan", "dros", "drwy", "heb", "hyd", "wrth", "dy"),
        ("p", "t", "c", "b", "d", "g", "m", "ll", "rh"),
    ),
    **dict.fromkeys(("a", "â", "gyda", "tua", "na"), ("p", "t", "c")),
    **dict.fromkeys(("yn", "fy"), ("p", "t", "c", "b", "d", "g")),
}


def mutation_slips(welsh: str, values: dict[tuple[str, str], str]) -> list[str]:
    """Each placeholder whose Welsh value a preceding word would mutate: the record would print
    the radical ('o dan Deddf…') where Welsh needs the mutation ('o dan Ddeddf…')."""
    slips = []
    for match in re.finditer(r"(\S+)\s+\{([^{}#]+)\}", welsh):
        before, inside = match.group(1).lower().strip("('\""), match.group(2)
        kind, _, name = inside.partition(":") if ":" in inside else ("fact", "", inside)
        value = values.get((kind, name), "")
        letters = MUTATES.get(before, ())
        if value and any(value.lower().startswith(letter) for letter in letters):
            slips.append(f"{before} {{{inside}}} -> '{before} {value}'")
    return slips


def test_no_welsh_placeholder_stands_where_welsh_would_mutate_it(
    records: Records, decision: Decision
) -> None:
    values = welsh_values(records, decision)
    slips = {
        path: mutation_slips(text.cy or "", values)
        for path, text in prose_texts(decision)
        if mutation_slips(text.cy or "", values)
    }
    assert slips == {}


def test_the_mutation_check_finds_a_slip(records: Records, decision: Decision) -> None:
    """'o dan {award.regime}' would print 'o dan Deddf Caffael 2023': the check says so, and
    'yn {para:standstill}' would print 'yn paragraff 6.2' where Welsh writes 'ym mharagraff'."""
    values = welsh_values(records, decision)
    assert mutation_slips("yn dilyn gweithdrefn agored o dan {award.regime}.", values) == [
        "dan {award.regime} -> 'dan Deddf Caffael 2023'"
    ]
    assert mutation_slips("fel yr eglurir yn {para:standstill}", values) == [
        "yn {para:standstill} -> 'yn paragraff 6.2'"
    ]
    assert mutation_slips("yn unol â {award.regime}; gweler {para:standstill}", values) == []


# The built example reads back clean (the audit reads both languages)


def test_the_built_papers_pass_the_audits_marking_and_author_checks(
    records: Records, tmp_path: Path
) -> None:
    """The Welsh part of the exempt scores is marked as Welsh marks it ("NID I'W GYHOEDDI"),
    the documents' author is the council's Welsh name; a Welsh-first exempt edition copied
    among the public files is still found."""
    out = tmp_path / "out"
    pipeline.build_papers(_paths(), out, formats=("pdf",))
    folder = out / DECISION_ID
    scores = folder / "exempt" / "appendix-b-scores.pdf"
    first_page = pypdf.PdfReader(scores).pages[0].extract_text()
    assert "NID I'W GYHOEDDI" in first_page and "NOT FOR PUBLICATION" not in first_page
    checks = {"exempt-marking", "exempt-placement", "metadata"}
    found = [f for f in audit(out, records, workers=1).findings if f.check in checks]
    assert found == []
    shutil.copy(scores, folder / "leaked-scores.pdf")
    found = [f for f in audit(out, records, workers=1).findings if f.check in checks]
    assert [(Path(f.path).name, f.check) for f in found] == [
        ("leaked-scores.pdf", "exempt-placement")
    ]
