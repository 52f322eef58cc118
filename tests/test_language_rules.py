"""The language rules (R57-R59, docs/law.md §11.4), Schedule 12A as Welsh decisions cite it
(R9, §11.3), and the audit reading both languages of a record."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner
from conftest import RECORDS
from pydantic import BaseModel

from docgen.audit.report import audit
from docgen.audit.values import in_each_language, secrets
from docgen.checks.rules import run_rules
from docgen.checks.rules.language import untranslated
from docgen.cli import main
from docgen.documents.common import exemption_text
from docgen.letters.leaks import Secrets, leaks
from docgen.models import Award, Council, Decision
from docgen.models.common import OptionalText, Prose, Text, Title
from docgen.models.language import Localised
from docgen.readback.reading import NameIndex
from docgen.records.loading import Records, load_records

CASES = Path(__file__).parent / "data" / "rules"
BILINGUAL = CASES / "R59-english-first"
"""The Welsh example as a test keeps it: every text in English and Welsh (English put first)."""
CARERS = CASES / "R58-wales-english-only"
"""Glan-yr-Afon's carers award: a council in Wales that publishes in English only."""
EXAMPLE = "dyffryn-tywi-homecare-2026"


def load(folder: Path) -> Records:
    return load_records([folder])


def found(records: Records, rule: str) -> list[str]:
    """Each problem of one rule as `file:line:col: field: message` (the file named inside its
    folder), errors then warnings."""
    report = run_rules(records)
    problems = report.errors + report.warnings
    return [local(str(p)) for p in problems if p.message.endswith(f"[{rule}]")]


def local(problem: str) -> str:
    """The problem with its file named inside the case folder: 'council.yaml:7:1: …'."""
    path, rest = problem.split(":", 1)
    return f"{Path(path).name}:{rest}"


def swap(records: Records, *new: Council | Decision | Award) -> Records:
    """The records with some replaced by changed copies (same kind and id)."""
    out = Records(
        dict(records.councils),
        dict(records.decisions),
        dict(records.awards),
        dict(records.route_awards),
        records.sources,
    )
    for record in new:
        tables: dict[str, dict[str, Any]] = {
            "council": out.councils,
            "decision": out.decisions,
            "award": out.awards,
        }
        tables[record.kind][record.id] = record
    return out


def only(records: Records, kind: type[Any]) -> Any:
    """The one record of a kind in a case folder."""
    tables: dict[type[Any], dict[str, Any]] = {
        Council: records.councils,
        Decision: records.decisions,
        Award: records.awards,
    }
    (record,) = tables[kind].values()
    return record


# ---- R57: every text to translate has its Welsh ----------------------------------------------


def copy_example(tmp_path: Path) -> Path:
    """The Welsh example as records/ holds it, copied to tmp."""
    folder = tmp_path / "records"
    shutil.copytree(RECORDS / EXAMPLE, folder / EXAMPLE)
    (folder / "councils").mkdir()
    shutil.copy(RECORDS / "councils" / "dyffryn-tywi.yaml", folder / "councils")
    return folder


def test_the_welsh_example_gives_every_text_in_welsh(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(copy_example(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "[R57]" not in result.output


def test_removing_one_welsh_title_fails_validate_at_its_line(tmp_path: Path) -> None:
    folder = copy_example(tmp_path)
    path = folder / EXAMPLE / "award.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    line = next(i for i, x in enumerate(lines, 1) if "title: {en: Upper Valley, cy:" in x)
    column = lines[line - 1].index("title") + 1
    path.write_text(
        text.replace("{en: Upper Valley, cy: Dyffryn Uchaf}", "{en: Upper Valley}"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1
    where = f"{EXAMPLE}/award.yaml:{line}:{column}: lots[0].title: no Welsh text (cy): "
    assert where in result.output and "[R57]" in result.output
    assert "Aborted with 1 error." in result.output


def test_a_prose_section_written_in_english_only_is_located() -> None:
    """The rule case: the Welsh of the reasons left out ({en: …} alone)."""
    records = load(CASES / "R57-no-welsh-text")
    (problem,) = found(records, "R57")
    source = (CASES / "R57-no-welsh-text" / "decision.yaml").read_text(encoding="utf-8")
    line = source.splitlines().index(
        "  reasons:  # the case: the Welsh (cy) of the reasons left out"
    )
    assert problem.startswith(f"decision.yaml:{line + 1}:3: sections.reasons: no Welsh text (cy)")


def test_a_plain_string_is_english_only_too() -> None:
    records = load(BILINGUAL)
    decision = only(records, Decision)
    plain = decision.model_copy(update={"title": "Home Care Framework"})
    assert [p.split(": ", 1)[1] for p in found(swap(records, plain), "R57")] == [
        "title: no Welsh text (cy): Dyffryn Tywi publishes in Welsh (languages.publishes), so "
        "its documents print this in both languages; write it as {en: …, cy: …} [R57]"
    ]


def test_the_council_profile_is_checked_too() -> None:
    records = load(BILINGUAL)
    council = only(records, Council)
    officers = list(council.officers)
    officers[1] = officers[1].model_copy(update={"title": Localised("Head of Commissioning")})
    changed = council.model_copy(update={"officers": officers})
    assert [p.split(": ")[1] for p in found(swap(records, changed), "R57")] == ["officers[1].title"]


def test_an_english_only_council_needs_no_welsh() -> None:
    assert found(load(CARERS), "R57") == []


class Inner(BaseModel):
    heading: Title
    name: Text  # a name: never asked for in Welsh
    note: OptionalText = "a default is docgen's own wording"


class Outer(BaseModel):
    title: Title
    summary: Prose | None = None
    items: list[Title] = []
    by_id: dict[str, Prose] = {}
    parts: list[Inner] = []
    maybe: Inner | None = None
    blank: OptionalText = ""


def test_the_walk_finds_marked_text_in_lists_mappings_and_optional_types() -> None:
    welsh = {"en": "A", "cy": "B"}
    value = Outer.model_validate(
        {
            "title": "English only",
            "summary": "Prose, English only",
            "items": [welsh, "second item, English only"],
            "by_id": {"quality": welsh, "price": {"en": "No Welsh"}},
            "parts": [{"heading": welsh, "name": "Abbey Care Ltd"}, {"heading": "X", "name": "Y"}],
            "maybe": {"heading": "Optional model, English only", "name": "Z"},
            "blank": "",
        }
    )
    assert list(untranslated(value)) == [
        ("title",),
        ("summary",),
        ("items", 1),
        ("by_id", "price"),
        ("parts", 1, "heading"),
        ("maybe", "heading"),
    ]


def test_a_welsh_text_left_blank_counts_as_missing() -> None:
    value = Outer.model_validate({"title": {"en": "Title", "cy": "Teitl"}})
    assert list(untranslated(value)) == []
    assert list(untranslated(Outer(title=Localised("Title", "  ")))) == [("title",)]


# ---- R58, R59: the council's languages -------------------------------------------------------


def test_a_council_in_wales_that_publishes_english_only_is_warned_at_its_nation() -> None:
    (problem,) = found(load(CARERS), "R58")
    assert problem.startswith("council.yaml:7:1: nation: Glan-yr-Afon is in Wales")
    assert "languages: {publishes: [cy, en]}" in problem


def test_r58_is_quiet_for_a_welsh_publishing_council_and_for_england() -> None:
    assert found(load(BILINGUAL), "R58") == []
    model_case = load_records([RECORDS / "councils" / "newham.yaml", RECORDS / "ilss-2025"])
    assert found(model_case, "R58") == []


def test_english_first_is_warned_at_languages_first() -> None:
    (problem,) = found(load(BILINGUAL), "R59")
    source = (BILINGUAL / "council.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, x in enumerate(source, 1) if x.startswith("  first: en"))
    assert problem.startswith(f"council.yaml:{line}:3: languages.first: Dyffryn Tywi publishes")
    assert "languages: {first: cy}" in problem and "switch R59 off" in problem


def test_english_first_by_the_order_of_publishes_is_warned_too() -> None:
    records = load(BILINGUAL)
    council = only(records, Council)
    settings = council.languages.model_validate({"publishes": ["en", "cy"]})
    changed = council.model_copy(update={"languages": settings})
    assert [p.split(": ")[1] for p in found(swap(records, changed), "R59")] == [
        "languages.publishes"
    ]
    welsh_first = council.languages.model_validate({"publishes": ["cy", "en"]})
    quiet = council.model_copy(update={"languages": welsh_first})
    assert found(swap(records, quiet), "R59") == []


def test_a_council_whose_practice_puts_english_first_switches_r59_off(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(BILINGUAL, folder)
    path = folder / "council.yaml"
    reason = "Our Welsh language policy, agreed with the Commissioner, sets English first"
    path.write_text(
        path.read_text(encoding="utf-8")
        + f"rules:\n  - id: R59\n    off: true\n    reason: {reason}\n",
        encoding="utf-8",
    )
    report = run_rules(load(folder))
    assert not [p for p in report.warnings if p.message.endswith("[R59]")]
    assert [(rule, why) for rule, _, why in report.disabled] == [("R59", reason)]


# ---- R9: Schedule 12A as each nation cites it ------------------------------------------------


def with_paragraphs(records: Records, paragraphs: list[int]) -> Records:
    decision = only(records, Decision)
    appendices = list(decision.appendices)
    i = next(i for i, a in enumerate(appendices) if a.exempt is not None)
    exempt = appendices[i].exempt.model_copy(update={"paragraphs": paragraphs})
    appendices[i] = appendices[i].model_copy(update={"exempt": exempt})
    return swap(records, decision.model_copy(update={"appendices": appendices}))


def r9_errors(records: Records) -> list[str]:
    report = run_rules(records)
    return [p.message for p in report.errors if p.message.endswith("[R9]")]


@pytest.mark.parametrize("paragraphs", [[14], [14, 21], [12, 13, 21], [16], [21, 14]])
def test_wales_accepts_part_4_with_the_part_5_public_interest_test(paragraphs: list[int]) -> None:
    assert r9_errors(with_paragraphs(load(CARERS), paragraphs)) == []


@pytest.mark.parametrize(
    ("paragraphs", "says"),
    [
        ([21], "paragraph 21 of Part 5 (the public interest test) is cited alone"),
        ([16, 21], "is cited beside paragraph 16 only: it qualifies paragraphs 12 to 15, 17"),
        ([3], "Part 4 of Schedule 12A lists paragraphs 12 to 18 (got 3)"),
        ([3, 21], "Part 4 of Schedule 12A lists paragraphs 12 to 18 (got 3)"),
    ],
)
def test_wales_refuses_english_paragraphs_and_a_test_that_qualifies_nothing(
    paragraphs: list[int], says: str
) -> None:
    errors = r9_errors(with_paragraphs(load(CARERS), paragraphs))
    assert any(says in e for e in errors), errors


@pytest.mark.parametrize("paragraphs", [[14], [21], [3, 21]])
def test_england_refuses_welsh_paragraphs(paragraphs: list[int]) -> None:
    model_case = load_records([RECORDS / "councils" / "newham.yaml", RECORDS / "ilss-2025"])
    errors = r9_errors(with_paragraphs(model_case, paragraphs))
    got = next(n for n in paragraphs if n > 7)
    assert errors == [
        f"Newham is in England, where Part 1 of Schedule 12A lists paragraphs 1 to 7 (got {got}) "
        "[R9]"
    ]


def test_england_accepts_part_1() -> None:
    model_case = load_records([RECORDS / "councils" / "newham.yaml", RECORDS / "ilss-2025"])
    assert r9_errors(with_paragraphs(model_case, [3, 5])) == []


def test_a_welsh_citation_prints_paragraph_21_once() -> None:
    cited = "paragraphs 14 and 21 of Parts 4 and 5 of Schedule 12A to the Local Government Act 1972"
    assert exemption_text([14, 21], "wales") == cited
    assert exemption_text([14], "wales") == cited
    assert exemption_text([16], "wales").startswith("paragraph 16 of Part 4 of")


# ---- the audit reads both languages ------------------------------------------------------------

WELSH_SENTENCE = (
    "Roedd yr ateb yn dangos cynllunio gofal cadarn wedi'i wreiddio yn y gymuned, gyda llai o "
    "fanylion am sut y byddai nyrsys ardal yn rhan o'r adolygiadau."
)
"""An unsuccessful tender's explanation of its quality score, in Welsh (Lot 1)."""
ENGLISH_SENTENCE = (
    "The answer showed sound care planning rooted in the community, with less detail on how "
    "reviews would involve district nurses."
)


def test_a_text_is_read_in_each_language_it_is_given_in() -> None:
    assert in_each_language(Localised("Yes", "Ie")) == ["Yes", "Ie"]
    assert in_each_language(Localised("Same", "Same")) == ["Same"]
    assert in_each_language(Localised("English only")) == ["English only"]
    assert in_each_language("plain") == ["plain"] and in_each_language(None) == []


def test_the_values_looked_for_include_the_welsh_of_each_explanation() -> None:
    values = {(s.kind, s.value) for s in secrets(load(BILINGUAL))}
    welsh = WELSH_SENTENCE.lower()  # read as normalise() reads it: case-folded
    english = ENGLISH_SENTENCE.lower()
    assert ("explanation", welsh) in values and ("explanation", english) in values


def test_a_bidders_welsh_name_is_a_secret_when_its_english_one_is() -> None:
    records = load(CARERS)
    award = only(records, Award)
    bidders = list(award.bidders)
    loser = next(b for b in bidders if b.name == "Valleys Carers Trust")
    i = bidders.index(loser)
    bidders[i] = loser.model_copy(
        update={"name": Localised("Valleys Carers Trust", "Ymddiriedolaeth Gofalwyr y Cymoedd")}
    )
    changed = swap(records, award.model_copy(update={"bidders": bidders}))
    names = {s.value for s in secrets(changed) if s.kind == "name"}
    assert {"valleys carers trust", "ymddiriedolaeth gofalwyr y cymoedd"} <= names


def public_page(text: str) -> bytes:
    return (
        '<!DOCTYPE html><html lang="cy-GB"><head><title>Hysbysiad</title></head>'
        f"<body><p>{text}</p></body></html>"
    ).encode()


def public_docx(path: Path, text: str) -> None:
    document = docx.Document()
    document.core_properties.author = "Dyffryn Tywi County Council"
    document.core_properties.title = "Hysbysiad"
    document.add_paragraph("Hysbysiad o benderfyniad.")
    document.add_paragraph(text)
    document.save(str(path))


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_an_exempt_explanation_in_the_welsh_half_of_a_public_file_is_found(
    tmp_path: Path, fmt: str
) -> None:
    records = load(BILINGUAL)
    decision = only(records, Decision)
    path = tmp_path / decision.id / f"hysbysiad.{fmt}"
    path.parent.mkdir(parents=True)
    welsh_half = f"Dyma'r rhesymau. {WELSH_SENTENCE} Diolch."
    if fmt == "html":
        path.write_bytes(public_page(welsh_half))
    else:
        public_docx(path, welsh_half)
    report = audit(tmp_path, records, workers=1)
    leaks = [f for f in report.findings if f.check == "exempt-values"]
    said = 'explanation "Roedd yr ateb yn dangos cynllunio gofal cadarn'
    assert leaks and all(said in f.message for f in leaks), leaks


def test_the_same_file_without_the_welsh_sentence_is_clean(tmp_path: Path) -> None:
    records = load(BILINGUAL)
    decision = only(records, Decision)
    path = tmp_path / decision.id / "hysbysiad.html"
    path.parent.mkdir(parents=True)
    path.write_bytes(public_page("Dyma'r rhesymau dros y penderfyniad. Diolch."))
    report = audit(tmp_path, records, workers=1)
    assert [f for f in report.findings if f.check == "exempt-values"] == []


def with_welsh_names(records: Records, names: dict[str, str]) -> Records:
    """The carers records with some bidders' names given in Welsh too."""
    award = only(records, Award)
    bidders = [
        b.model_copy(update={"name": Localised(b.name, names[b.name])}) if b.name in names else b
        for b in award.bidders
    ]
    return swap(records, award.model_copy(update={"bidders": bidders}))


def test_a_withheld_name_in_welsh_is_found_and_a_published_one_is_not(tmp_path: Path) -> None:
    records = with_welsh_names(
        load(CARERS),
        {
            "Valleys Carers Trust": "Ymddiriedolaeth Gofalwyr y Cymoedd",  # appointed nowhere
            "Cwmni Gofalwyr Glan-yr-Afon Cyf": "Cwmni Gofalwyr Glan-yr-Afon",  # appointed
        },
    )
    decision = only(records, Decision)
    path = tmp_path / decision.id / "hysbysiad.html"
    path.parent.mkdir(parents=True)
    path.write_bytes(public_page("Penodwyd Cwmni Gofalwyr Glan-yr-Afon i'r contract."))
    assert audit(tmp_path, records, workers=1).findings == []
    path.write_bytes(public_page("Ni phenodwyd Ymddiriedolaeth Gofalwyr y Cymoedd."))
    (leak,) = audit(tmp_path, records, workers=1).findings
    assert "the name of Ymddiriedolaeth Gofalwyr y Cymoedd, appointed to no Lot" in leak.message


def test_a_letter_naming_another_bidder_in_welsh_is_a_leak() -> None:
    """The letters' leak check indexes each bidder's name in each language it is given in."""
    index = NameIndex(
        {
            "valleys": Localised("Valleys Carers Trust", "Ymddiriedolaeth Gofalwyr y Cymoedd"),
            "cwmni": Localised("Cwmni Gofalwyr Glan-yr-Afon Cyf"),
        }
    )
    to_cwmni = Secrets(allowed=frozenset({"cwmni"}), scores=frozenset())
    welsh = (
        "Annwyl Cwmni Gofalwyr Glan-yr-Afon Cyf. Ni lwyddodd Ymddiriedolaeth Gofalwyr y Cymoedd."
    )
    assert leaks(welsh, to_cwmni, index) == ["the name of 'Valleys Carers Trust' (valleys)"]
    assert leaks("Annwyl Cwmni Gofalwyr Glan-yr-Afon Cyf.", to_cwmni, index) == []
    to_valleys = Secrets(allowed=frozenset({"valleys"}), scores=frozenset())
    assert leaks("Annwyl Ymddiriedolaeth Gofalwyr y Cymoedd.", to_valleys, index) == []


def test_a_bid_of_a_bidder_written_to_in_english_needs_no_welsh(tmp_path: Path) -> None:
    """Feedback and explanations are printed only in the bidder's own letters: for a bidder that
    asked for English they need no Welsh; for one that asked for nothing (both languages) they
    do, located at the field."""
    folder = copy_example(tmp_path)
    award = folder / EXAMPLE / "award.yaml"
    text = award.read_text(encoding="utf-8")
    english_only = "          price:\n            en: The hourly rate was the third lowest tendered for this Lot.\n            cy: Y gyfradd fesul awr oedd y drydedd isaf a dendrwyd ar gyfer y Lot hwn.\n"
    assert text.count(english_only) >= 1
    award.write_text(
        text.replace(
            english_only,
            "          price: The hourly rate was the third lowest tendered for this Lot.\n",
            1,
        ),
        encoding="utf-8",
    )
    records = load(folder)
    (towy,) = [b for b in only(records, Award).bidders if b.id == "towy-valley-care"]
    assert towy.language == "en"
    assert found(records, "R57") == []
    both = only(records, Award)
    lot = both.lots[0]
    bid = next(b for b in lot.bidders if b.bidder != "towy-valley-care")
    untouched = bid.model_copy(update={"feedback": "Written in English only."})
    changed = both.model_copy(
        update={"lots": [lot.model_copy(update={"bidders": [untouched]}), *both.lots[1:]]}
    )
    assert bid.bidder != towy.id and [p for p in found(swap(records, changed), "R57")]
