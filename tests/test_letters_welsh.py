"""Award letters in Welsh (issue 16): built from the real example records for a council that
publishes in Welsh, every fixed word from the letters catalogue, record text in Welsh where the
record gives it, dates in Welsh, and the welcome to correspondence in Welsh (Welsh Language
Standards (No. 1) Regulations 2015, standard 7); English letters keep their English."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import docx
import pypdf
import pytest
from conftest import RECORDS
from ruamel.yaml import YAML

from docgen import pipeline, resources
from docgen.build.engine import make_job
from docgen.derive.language import WELSH_MONTHS, words_for
from docgen.derive.units import units
from docgen.documents import award_letter
from docgen.documents.award_letter import AwardLetterContext
from docgen.documents.common import Bundle
from docgen.documents.letter_evaluation import join
from docgen.letters.printing import PrintEntry, PrintFile, blank_page
from docgen.models import Award, Council
from docgen.models.language import LanguageSettings, Localised
from docgen.records.loading import Records, load_records
from docgen.render.registry import renderer

WELCOME_CY = (
    "Rydym yn croesawu gohebiaeth yn Gymraeg. Byddwn yn ymateb i ohebiaeth yn Gymraeg, ac ni "
    "fydd hynny'n arwain at oedi."
)
WELCOME_EN = (
    "We welcome correspondence in Welsh. We will respond to correspondence in Welsh, and this "
    "will not lead to a delay."
)
BILINGUAL = LanguageSettings(publishes=["cy", "en"])


@pytest.fixture(scope="module")
def records() -> Records:
    names = ("councils", "ilss-2025", "carers-support-2026", "accessible-transport-calloff-2026")
    return pipeline.validate([RECORDS / n for n in names])


@pytest.fixture(scope="module")
def welsh_example() -> Records:
    return pipeline.validate([RECORDS / "councils", RECORDS / "dyffryn-tywi-homecare-2026"])


def welsh_council(council: Council) -> Council:
    return council.model_copy(update={"languages": BILINGUAL})


def letters(award: Award, council: Council, language: str = "cy") -> Iterator[AwardLetterContext]:
    """Every letter of the award, in `language`: facts once per award, Lot facts once per Lot."""
    bundle = Bundle(council=council, award=award, language=language)
    facts = award_letter.award_facts(bundle)
    for unit in units(award):
        lot = award_letter.lot_facts(unit, facts.t)
        for scored in unit.scored:
            yield award_letter.build(facts, lot, scored, 0)


def text_of(context: AwardLetterContext) -> str:
    """Every sentence of the letter's context, one a line."""
    parts = [context.salutation, context.subject, *context.opening, context.scores_intro]
    parts += [context.appointed_heading, context.appointed_intro]
    for section in context.sections:
        parts += [section.heading, *section.paragraphs]
    parts += [*context.closing, context.labels.yours_sincerely]
    parts += [f"{row.label} {row.value}" for row in context.reference_rows]
    return "\n".join(parts)


def cancelled(award: Award, reason: Localised) -> Award:
    """The award with its first Lot cancelled for `reason`."""
    first = award.lots[0].model_copy(update={"status": "cancelled", "cancelled_reason": reason})
    return award.model_copy(update={"lots": [first, *award.lots[1:]]})


def test_a_welsh_letter_reads_in_welsh(records: Records) -> None:
    award = records.awards["carers-support-2026"]
    council = welsh_council(records.councils[award.council])
    letter = next(c for c in letters(award, council) if c.outcome == "appointed")
    assert letter.salutation == "Annwyl Siân Llewelyn"
    assert letter.labels.yours_sincerely == "Yn gywir"
    assert letter.labels.criterion == "Maen prawf" and letter.labels.total == "Cyfanswm"
    rows = {row.label: row.value for row in letter.reference_rows}
    assert rows["Ein cyfeirnod"] == "GYA-SS-2025-118"
    assert rows["Dyddiad"] == "12 Mawrth 2026"
    assert "Gofynnwch am" in rows and "E-bost" in rows
    assert letter.meta.lang == "cy-GB" and letter.meta.status_label == "Preifat a chyfrinachol"
    assert letter.meta.page_label == "Tudalen" and letter.meta.page_of_label == "o"
    assert letter.meta.date_text == "12 Mawrth 2026"
    assert letter.closing[-2] == WELCOME_CY  # before the thanks, which the signature keeps
    assert letter.opening[0].startswith("Diolch am eich tendr ar gyfer y contract ")
    text = text_of(letter)
    assert "hanner nos ar ddiwedd dydd Mawrth 24 Mawrth 2026" in text
    assert "o Ddeddf Caffael 2023" in text and "o Reoliadau Caffael (Cymru) 2024" in text
    assert "Mae'r penderfyniad hwn yn amodol ar y cyfnod segur ac ar gontract." in text
    for english in ("Dear", "Yours sincerely", "standstill", "the Council", "midnight"):
        assert english not in text


def test_a_welsh_letter_prints_the_welsh_of_the_record(welsh_example: Records) -> None:
    award = welsh_example.awards["dyffryn-tywi-homecare-2026"]
    council = welsh_example.councils[award.council]
    assert council.languages.welsh, "the Welsh example's council publishes in Welsh"
    by_lot = {(c.reference_rows[0].value, c.outcome): c for c in letters(award, council)}
    letter = next(c for c in by_lot.values() if "/Lot 1" in c.reference_rows[0].value)
    lot = award.lots[0]
    assert isinstance(lot.title, Localised) and lot.title.cy
    assert f"Lot {lot.number}: {lot.title.cy}" in letter.subject
    assert str(lot.title) not in letter.subject  # the English title is not in the Welsh letter
    assert "Fframwaith Gofal Cartref" in letter.opening[0]
    criteria = {row.name for row in letter.criteria}
    assert "Ansawdd gofal a chymorth" in criteria
    assert "Quality of care and support" not in criteria
    assert any(month in letter.meta.date_text for month in WELSH_MONTHS)
    assert WELCOME_CY in letter.closing


def test_english_letters_of_a_welsh_council_welcome_welsh(records: Records) -> None:
    award = records.awards["carers-support-2026"]
    plain = records.councils[award.council]
    english = [text_of(c) for c in letters(award, welsh_council(plain), "en")]
    assert english and all(WELCOME_EN in text for text in english)
    assert all("Dear " in text and "Yours sincerely" in text for text in english)
    # a council that publishes in English only says nothing of Welsh
    assert not plain.languages.welsh
    assert not any(WELCOME_EN in text_of(c) for c in letters(award, plain, "en"))


def test_every_outcome_has_all_its_welsh(records: Records) -> None:
    """Every letter message used by an appointed, unsuccessful, excluded or cancelled letter,
    under PCR 2015 and the Procurement Act 2023, has its Welsh in the catalogue."""
    t = words_for("cy")
    before = set(t.missing)
    reason = Localised("The Lot attracted no compliant tender.", "Ni chafwyd tendr cydymffurfiol.")
    seen: set[tuple[str, str]] = set()
    for award_id in ("ilss-2025", "carers-support-2026", "accessible-transport-calloff-2026"):
        award = records.awards[award_id]
        council = welsh_council(records.councils[award.council])
        variants = [award, cancelled(award, reason)] if award.lots else [award]
        for variant in variants:
            for letter in letters(variant, council):
                seen.add((variant.procurement.regime, letter.outcome))
                if letter.outcome == "cancelled":
                    assert "Ni chafwyd tendr cydymffurfiol." in letter.opening
                    assert letter.subject.endswith(
                        ": canslo " + letter.subject.split(": canslo ")[1]
                    )
    outcomes = ("appointed", "unsuccessful", "excluded")
    assert {("pcr2015", o) for o in (*outcomes, "cancelled")} <= seen
    assert {("pa2023", o) for o in (*outcomes, "cancelled")} <= seen
    assert t.missing - before == set(), "letter messages without Welsh"


def test_numbers_and_mutations_in_welsh(records: Records) -> None:
    """Counts are written so that no numeral needs a mutation: 'pump o gyflenwyr eraill',
    '(chwech ohonynt)'; prepositions take the Welsh article forms ('i'r Lot hwn')."""
    award = records.awards["ilss-2025"]
    council = welsh_council(records.councils[award.council])
    texts = [text_of(c) for c in letters(award, council)]
    joined = "\n".join(texts)
    assert "Mae'r Cyngor hefyd yn penodi pump o gyflenwyr eraill i'r Lot hwn." in joined
    assert "(chwech ohonynt)" in joined
    assert "hanner nos ar ddiwedd dydd Llun 4 Awst 2025" in joined
    assert "o dan reoliad 87 o Reoliadau Contractau Cyhoeddus 2015" in joined
    assert not re.search(r"\bi y\b|\bo y\b|penodi y\b", joined)  # i'r, o'r, penodi'r


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_welsh_letter_renders_in_welsh(welsh_example: Records, fmt: str) -> None:
    award = welsh_example.awards["dyffryn-tywi-homecare-2026"]
    council = welsh_example.councils[award.council]
    letter = next(c for c in letters(award, council) if c.is_unsuccessful)
    job = make_job(
        "award_letter", PurePosixPath("x"), letter, "x", award.notification.send_date, [fmt]
    )
    data = renderer(fmt)(resources.templates(), "award_letter").render(job)
    if fmt == "pdf":
        reader = pypdf.PdfReader(io.BytesIO(data))
        text = flat(" ".join(page.extract_text() for page in reader.pages))
        assert reader.trailer["/Root"]["/Lang"] == "cy-GB"
    else:
        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for table in document.tables for row in table.rows for c in row.cells]
        text = flat(" ".join(parts))
    for words in ("Annwyl", "Yn gywir", "Maen prawf", "Pwysoliad", "Eich sgôr", "Cyfanswm"):
        assert words in text
    assert "Yours sincerely" not in text and "Criterion" not in text
    assert "Rydym yn croesawu gohebiaeth yn Gymraeg." in text


def carers_under(tmp_path: Path, change: Callable[[Any], None]) -> tuple[Award, Council]:
    """The carers award edited by `change` (its YAML), read without checks."""
    root = tmp_path / "records"
    shutil.copytree(RECORDS / "carers-support-2026", root / "carers")
    shutil.copytree(RECORDS / "councils", root / "councils")
    yaml, path = YAML(), root / "carers" / "award.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
    records = load_records([root])
    award = records.awards["carers-support-2026"]
    return award, welsh_council(records.councils[award.council])


def quality_only(data: Any, **evaluation: Any) -> None:
    """Quality criteria only (60/20/20), under another evaluation method."""
    data["evaluation"] = evaluation
    data["criteria"] = [
        {"id": "quality", "name": "Quality of the service model", "kind": "quality", "weight": 60},
        {"id": "welsh", "name": "Welsh language provision", "kind": "quality", "weight": 20},
        {"id": "social-value", "name": "Social value", "kind": "social_value", "weight": 20},
    ]
    scores = {"cwmni-gofalwyr": (50, 16, 14), "valleys-carers": (46, 14, 12)}
    for bid in data["bids"]:
        q, w, v = scores.get(bid["bidder"], (36, 8, 10))
        bid["scores"] = {"quality": q, "welsh": w, "social-value": v}
        bid.pop("explanations", None)
        bid["feedback"] = "Feedback."


METHODS: dict[str, tuple[Callable[[Any], None], str]] = {
    "price per quality point": (
        lambda data: quality_only(data, method="price_per_quality_point"),
        "fesul pwynt ansawdd",
    ),
    "lowest price above a threshold": (
        lambda data: quality_only(
            data, method="lowest_price_passing_quality", quality_threshold=60
        ),
        "y trothwy ansawdd o 60",
    ),
    "quality at a fixed price": (
        lambda data: quality_only(data, method="quality_only_fixed_price", fixed_price=218000),
        "Mae'r pris yn sefydlog ar £218,000 i bob tendrwr",
    ),
}


@pytest.mark.parametrize("method", METHODS)
def test_each_evaluation_method_has_its_welsh(tmp_path: Path, method: str) -> None:
    change, welsh = METHODS[method]
    award, council = carers_under(tmp_path, change)
    t = words_for("cy")
    before = set(t.missing)
    texts = [text_of(c) for c in letters(award, council)]
    assert any(welsh in text for text in texts)
    assert t.missing - before == set(), "letter messages without Welsh"


def test_prime_reserves_and_the_cap_in_welsh() -> None:
    records = pipeline.validate([RECORDS / "councils", RECORDS / "homecare-framework-2026"])
    award = records.awards["homecare-framework-2026"]
    council = welsh_council(records.councils[award.council])
    t = words_for("cy")
    before = set(t.missing)
    joined = "\n".join(text_of(c) for c in letters(award, council))
    assert "Rydych wedi eich penodi'n brif gyflenwr ar gyfer y Lot hwn." in joined
    assert "Rydych wedi eich penodi'n gyflenwr wrth gefn 1 ar gyfer y Lot hwn." in joined
    assert "yw'r nifer mwyaf" in joined  # the cap on Lots per supplier
    assert t.missing - before == set(), "letter messages without Welsh"


def test_names_are_joined_the_welsh_way() -> None:
    cy, en = words_for("cy"), words_for("en")
    assert join(cy, ["Afon Care", "Bryn Ltd", "Coed Cyf"]) == "Afon Care, Bryn Ltd a Coed Cyf"
    assert join(cy, ["Bryn Ltd", "Ystrad Care"]) == "Bryn Ltd ac Ystrad Care"
    assert join(cy, ["Bryn Ltd", "Willow CIC"]) == "Bryn Ltd a Willow CIC"
    assert join(en, ["Bryn Ltd", "Ystrad Care"]) == "Bryn Ltd and Ystrad Care"
    assert join(cy, ["Bryn Ltd"]) == "Bryn Ltd"


def test_a_blank_page_behind_a_welsh_letter_says_so_in_welsh_and_english() -> None:
    """In a double-sided print file the blank page behind a letter that starts in Welsh
    (/Lang cy-GB) is worded in Welsh, then English; behind an English letter, in English."""
    a4 = (595.28, 841.89)
    welsh_letter, english_letter = blank_page(*a4, True), blank_page(*a4)
    for first, wanted in (
        (welsh_letter, "Gadawyd y dudalen hon yn wag yn fwriadol"),
        (english_letter, None),
    ):
        entries = [PrintEntry(n, 1, "Lot 1", Path(n), n) for n in ("a", "b")]
        combined = PrintFile("Letters", "Council", double_sided=True)
        combined.add(entries[0], first)
        combined.add(entries[1], english_letter)
        data, pages = combined.finish(entries)
        assert pages == 3
        blank = pypdf.PdfReader(io.BytesIO(data)).pages[1].extract_text()
        assert "This page is intentionally left blank" in blank
        if wanted:
            assert blank.index(wanted) < blank.index("This page")  # Welsh first
        else:
            assert "Gadawyd" not in blank
