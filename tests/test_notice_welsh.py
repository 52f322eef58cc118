"""The decision notice in Welsh: its fixed words from the notices catalogue, Welsh dates in the
sentences that need them mutated, record text in the record's Welsh, and Schedule 12A cited as
Welsh councils cite it (issue 16). Built from real records: the Welsh example (Dyffryn Tywi,
which gives every title and section in both languages) and Glan-yr-Afon's carers award (English
text only, its council given Welsh as a language)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import docx
import pytest
from babel.messages.pofile import read_po
from conftest import RECORDS

from docgen.derive.language import words_for
from docgen.documents import (
    change_notice,
    decision_notice,
    not_awarded_letter,
    transparency_notice,
)
from docgen.documents.common import Bundle
from docgen.documents.exemption import appendix_exemption, marking, notice_text
from docgen.letters import not_awarded
from docgen.models import Decision, NotAwarded
from docgen.models.decision import Appendix
from docgen.models.language import Lang, LanguageSettings
from docgen.records.loading import Records, load_records
from docgen.render.docx import DocxRenderer
from docgen.render.docx_props import DocProperties
from docgen.render.html import HtmlRenderer

TEMPLATES = RECORDS.parent / "templates"
WELSH = "dyffryn-tywi-homecare-2026"
WELSH_DECISION = "dyffryn-tywi-homecare-2026-award"
CARERS = "carers-support-2026"
CARERS_DECISION = "carers-support-2026-award"
CATALOGUES = TEMPLATES / "locale" / "cy" / "LC_MESSAGES"
ENGLISH_HEADINGS = (
    "Decision notice",
    "Purpose",
    "Reasons for the decision",
    "Alternative options considered and rejected",
    "Conflicts of interest",
    "Dispensations granted",
    "Call-in and implementation",
    "Supporting documents",
    "Related meeting",
)


def _records(folder: str) -> Records:
    return load_records([RECORDS / "councils", RECORDS / folder])


def _bundle(records: Records, decision: Decision, language: Lang, welsh: bool = False) -> Bundle:
    council = records.councils[decision.council]
    if welsh:
        settings = LanguageSettings(publishes=["cy", "en"], first="cy")
        council = council.model_copy(update={"languages": settings})
    award = records.awards.get(decision.award) if decision.award else None
    route = records.route_awards.get(decision.award) if decision.award else None
    return Bundle(council=council, decision=decision, award=award, route=route, language=language)


def _messages(domain: str) -> set[str]:
    with (CATALOGUES / f"{domain}.po").open("rb") as handle:
        catalogue = read_po(handle, locale="cy")
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}


@pytest.fixture(scope="module")
def welsh_example() -> decision_notice.DecisionNoticeContext:
    records = _records(WELSH)
    return decision_notice.build(_bundle(records, records.decisions[WELSH_DECISION], "cy"))


@pytest.fixture(scope="module")
def carers_in_welsh() -> decision_notice.DecisionNoticeContext:
    records = _records(CARERS)
    decision = records.decisions[CARERS_DECISION]
    return decision_notice.build(_bundle(records, decision, "cy", welsh=True))


def test_the_welsh_example_reads_welsh_throughout(
    welsh_example: decision_notice.DecisionNoticeContext,
) -> None:
    ctx = welsh_example
    assert ctx.meta.lang == "cy-GB"
    assert ctx.meta.council_name == "Cyngor Sir Dyffryn Tywi"
    assert ctx.meta.document_title == (
        "Fframwaith Gofal Cartref – Penodi Cyflenwyr – hysbysiad o benderfyniad"
    )
    assert ctx.meta.footer == "Cyngor Sir Dyffryn Tywi · Hysbysiad o benderfyniad · TERFYNOL"
    assert ctx.meta.date_text == "15 Mehefin 2026"
    assert ctx.title == "Fframwaith Gofal Cartref – Penodi Cyflenwyr"
    assert ctx.labels.notice == "Hysbysiad o benderfyniad"
    assert ctx.labels.reasons == "Rhesymau dros y penderfyniad"
    assert ctx.labels.route == "Llwybr at y contract"
    assert ctx.labels.published_status == (
        "Hysbysiad o benderfyniad · dyddiad cyhoeddi: dydd Mercher 17 Mehefin 2026"
    )
    assert ctx.resolved_intro == (
        "Am y rhesymau a nodir yn yr adroddiad a'i atodiadau, PENDERFYNODD y Cabinet:"
    )


def test_the_welsh_details_table(welsh_example: decision_notice.DecisionNoticeContext) -> None:
    rows = {row.label: row.value for row in welsh_example.details}
    assert rows["Gwneuthurwr y penderfyniad"] == "Cabinet"
    assert rows["Canlyniad"] == "Cymeradwywyd yr argymhellion (yn amodol ar alw i mewn)"
    assert rows["Penderfyniad allweddol?"] == ("Ie – cyfeirnod y Flaenraglen Waith DT-FWP-2026-014")
    assert rows["Yn destun galw i mewn?"] == "Ie"
    assert rows["Dyddiad y penderfyniad"] == "dydd Llun 15 Mehefin 2026"
    assert rows["Dyddiad cyhoeddi"] == "dydd Mercher 17 Mehefin 2026"
    assert rows["Wardiau yr effeithir arnynt"] == "Pob ward"
    assert rows["Aelod arweiniol"] == (
        "Y Cynghorydd Aled Rhys Evans, Aelod Cabinet dros Ofal Cymdeithasol"
    )
    assert rows["Swyddog cyswllt"].startswith(
        "Catrin Mai Williams, Rheolwr Comisiynu (Gofal Cartref)"
    )
    assert not any(re.search(r"\b(Yes|No|Decision|Date|Outcome)\b", label) for label in rows)


def test_the_welsh_dates_mutate_inside_sentences(
    welsh_example: decision_notice.DecisionNoticeContext,
) -> None:
    """Published Wed 17 June 2026; five working days (Welsh holidays, none between) end Wed 24
    June; implementable from Thu 25 June. "i ben ddydd …", "o ddydd … ymlaen"."""
    ctx = welsh_example
    assert ctx.summary.call_in_deadline == "dydd Mercher 24 Mehefin 2026"
    assert ctx.summary.implementable_from == "dydd Iau 25 Mehefin 2026"
    assert ctx.implementation_note == (
        "Daw'r cyfnod galw i mewn i ben ddydd Mercher 24 Mehefin 2026, 5 diwrnod gwaith ar ôl "
        "cyhoeddi'r penderfyniad. Oni chaiff y penderfyniad ei alw i mewn, gellir ei weithredu o "
        "ddydd Iau 25 Mehefin 2026 ymlaen."
    )
    assert ctx.related_meeting == (
        "Cabinet, dydd Llun 15 Mehefin 2026, Siambr y Cyngor, Neuadd y Sir, Castell Tywi, "
        "eitem 7 ar yr agenda"
    )


def test_the_welsh_supporting_documents_cite_schedule_12a_as_wales_does(
    welsh_example: decision_notice.DecisionNoticeContext,
) -> None:
    docs = welsh_example.documents
    assert docs[0].title == "Adroddiad i'r Cabinet: Fframwaith Gofal Cartref – Penodi Cyflenwyr"
    assert docs[0].access == "Agored" and not docs[0].is_exempt
    assert all(d.title.startswith("Atodiad ") for d in docs[1:])
    exempt = [d for d in docs if d.is_exempt]
    assert exempt and all(
        d.access == "Nid i'w gyhoeddi yn rhinwedd paragraffau 14 a 21 o Rannau 4 a 5 o Atodlen 12A "
        "i Ddeddf Llywodraeth Leol 1972"
        for d in exempt
    )


def test_record_text_comes_in_welsh(welsh_example: decision_notice.DecisionNoticeContext) -> None:
    purpose = " ".join(r.text for b in welsh_example.purpose.blocks for r in b.runs)
    assert purpose.startswith("Penodi prif gyflenwr a dau gyflenwr wrth gefn")
    reasons = " ".join(r.text for b in welsh_example.reasons.blocks for r in b.runs)
    assert reasons.startswith("Cyflwynodd y cyflenwyr a argymhellir")


def test_a_welsh_officer_decision_not_subject_to_call_in(
    carers_in_welsh: decision_notice.DecisionNoticeContext,
) -> None:
    """Glan-yr-Afon's carers award gives no Welsh text: the notice's own words are Welsh, the
    record's text stays as written. An officer DECIDED; not subject to call-in; planned
    publication the first working day after (Wales sets no number of days)."""
    ctx = carers_in_welsh
    rows = {row.label: row.value for row in ctx.details}
    assert rows["Canlyniad"] == "I'w benderfynu"  # a draft record
    assert rows["Penderfyniad allweddol?"] == "Na"
    assert rows["Yn destun galw i mewn?"].startswith("Na – ")
    assert rows["Dyddiad cyhoeddi"] == "dydd Mercher 11 Mawrth 2026 (arfaethedig)"
    assert rows["Dyddiad gweithredu"] == "dydd Mawrth 10 Mawrth 2026"
    assert ctx.meta.status_label == "DRAFFT" and ctx.meta.draft_label == "DRAFFT"
    assert ctx.resolved_intro.startswith(
        "Am y rhesymau a nodir yn yr adroddiad a'i atodiadau, PENDERFYNODD y "
    )
    assert ctx.implementation_note.startswith("Nid yw'r penderfyniad hwn yn destun galw i mewn. ")
    assert ctx.implementation_note.endswith(
        "Daw i rym ar ddyddiad y penderfyniad a gellir ei weithredu o ddydd Mawrth 10 Mawrth 2026 "
        "ymlaen."
    )
    assert ctx.documents[0].title.startswith("Adroddiad penderfyniad: ")


def test_no_notice_message_lacks_its_welsh(
    welsh_example: decision_notice.DecisionNoticeContext,
    carers_in_welsh: decision_notice.DecisionNoticeContext,
) -> None:
    """Both notices were built in Welsh; no message of the notices catalogue they asked for went
    untranslated (a message the catalogue lacks would be missing too: it is not in the .po)."""
    asked = _messages("notices")
    missing = words_for("cy").missing
    assert asked and not (missing & asked)
    for ctx in (welsh_example, carers_in_welsh):
        for heading in ENGLISH_HEADINGS:
            assert heading not in ctx.labels.model_dump().values()


def test_the_english_notice_keeps_its_words() -> None:
    records = _records(WELSH)
    ctx = decision_notice.build(_bundle(records, records.decisions[WELSH_DECISION], "en"))
    assert ctx.meta.lang == "en-GB" and ctx.labels.notice == "Decision notice"
    assert ctx.title == "Home Care Framework – Appointment of Suppliers"
    assert ctx.summary.decision_date == "Monday 15 June 2026"
    assert ctx.implementation_note.startswith(
        "The call-in period ends on Wednesday 24 June 2026, five working days after"
    )
    assert any(
        d.access.startswith("Not for publication by virtue of paragraphs 14 and 21 of Parts 4")
        for d in ctx.documents
    )


def test_the_exempt_edition_marking_in_welsh() -> None:
    cy = words_for("cy")
    scores = Appendix(id="scores", title={"en": "Scores", "cy": "Sgoriau"}, source="award_scores")
    why = appendix_exemption(scores, "wales", cy)
    assert why is not None and why.public_interest.startswith("Mae'r atodiad yn cynnwys")
    assert marking(why, "wales", cy) == (
        "NID I'W GYHOEDDI yn rhinwedd paragraffau 14 a 21 o Rannau 4 a 5 o Atodlen 12A i Ddeddf "
        "Llywodraeth Leol 1972"
    )
    assert notice_text("B", scores, why, "wales", cy).startswith(
        "Atodiad B: Sgoriau – nid i'w gyhoeddi yn rhinwedd paragraffau 14 a 21"
    )
    english = appendix_exemption(scores, "england")
    assert english is not None and english.public_interest.startswith("The appendix contains")
    assert marking(english, "england").startswith("NOT FOR PUBLICATION by virtue of paragraph 3")


def test_the_web_page_and_word_file_print_the_welsh(
    welsh_example: decision_notice.DecisionNoticeContext, tmp_path: Path
) -> None:
    data = welsh_example.model_dump(mode="json", by_alias=True)
    html = HtmlRenderer(TEMPLATES, "decision_notice").render(json.dumps(data)).decode()
    for word in (
        "Hysbysiad o benderfyniad",
        "Diben",
        "Rhesymau dros y penderfyniad",
        "Dogfennau ategol",
        "Cyfarfod cysylltiedig",
        "Manylion y penderfyniad",
    ):
        assert f">{word}<" in html
    for heading in ENGLISH_HEADINGS:
        assert f">{heading}<" not in html
    props = DocProperties(
        title=welsh_example.meta.document_title,
        author=welsh_example.meta.council_name,
        language="cy-GB",
        created=dt.datetime(2026, 6, 15, tzinfo=dt.UTC),
    )
    body = DocxRenderer(TEMPLATES / "decision_notice.docx").render(data, props)
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    assert (
        "Galw i mewn a gweithredu" in text and "Opsiynau eraill a ystyriwyd ac a wrthodwyd" in text
    )
    assert "Reasons for the decision" not in text and "Supporting documents" not in text


def test_the_letter_not_to_award_in_welsh() -> None:
    """Community transport (Glan-yr-Afon, given Welsh as a language): the letter's own words are
    Welsh, its dates Welsh, and it says Welsh correspondence is welcome (standard 7)."""
    records = _records("community-transport-2026")
    record = records.route_awards["community-transport-2026"]
    assert isinstance(record, NotAwarded)
    council = records.councils[record.council]
    welsh = council.model_copy(
        update={"languages": LanguageSettings(publishes=["cy", "en"], first="cy")}
    )
    bidder = record.bidders[0]
    letter = not_awarded_letter.build(record, welsh, bidder, words_for("cy"))
    assert letter.meta.lang == "cy-GB" and letter.meta.status_label == "Preifat a chyfrinachol"
    assert letter.date_text == "4 Chwefror 2026"
    assert letter.salutation == f"Annwyl {bidder.contact.name}"
    assert letter.subject.endswith("): penderfyniad i beidio â dyfarnu")
    assert letter.opening.startswith("Diolch am eich tendr ar gyfer ")
    assert letter.next_step.startswith("Mae'r Cyngor yn bwriadu cynnal y broses gaffael eto.")
    assert letter.law == (
        "Cyhoeddodd y Cyngor hysbysiad terfynu caffael ar 4 Chwefror 2026, fel y mae adran 55 o "
        "Ddeddf Caffael 2023 yn ei gwneud yn ofynnol."
    )
    assert letter.closing.endswith(
        "Rydym yn croesawu gohebiaeth yn Gymraeg. Byddwn yn ymateb i "
        "ohebiaeth yn Gymraeg, ac ni fydd hynny'n arwain at oedi."
    )
    assert letter.labels.model_dump() == {
        "date": "Dyddiad",
        "our_reference": "Ein cyfeirnod",
        "yours_sincerely": "Yn gywir",
    }
    assert not (words_for("cy").missing & _messages("routes"))
    english = not_awarded_letter.build(record, council, bidder)
    assert english.labels.yours_sincerely == "Yours sincerely"
    assert "Welsh" not in english.closing  # an English-only council does not add it
    assert english.law.startswith("The Council published a procurement termination notice on 4 ")


def _welsh_route_bundle(folder: str, decision_id: str) -> Bundle:
    records = _records(folder)
    return _bundle(records, records.decisions[decision_id], "cy", welsh=True)


def test_the_transparency_notice_in_welsh() -> None:
    """Northmoor's interim care direct award, in Welsh: every label and sentence of the notice is
    the routes catalogue's, the legal ground cited as Welsh law cites it (derive/grounds_text)."""
    ctx = transparency_notice.build(
        _welsh_route_bundle("interim-care-2026", "interim-care-2026-award")
    )
    assert ctx.meta.lang == "cy-GB" and ctx.heading == "Hysbysiad tryloywder"
    assert ctx.basis == "Deddf Caffael 2023, adran 44; Rheoliadau Caffael 2024, rheoliad 26"
    assert ctx.intro.startswith(
        "Mae Northmoor Borough Council yn bwriadu dyfarnu'r contract isod yn uniongyrchol i "
        "Harbourside Care Services Ltd, heb weithdrefn dendro gystadleuol (sail gyfreithiol: "
    )
    assert "(sail gyfreithiol: paragraff 13 o Atodlen 5 i Ddeddf Caffael 2023" in ctx.intro
    assert [p.title for p in ctx.parts] == [
        "Awdurdod contractio",
        "Y contract",
        "Y cyflenwr",
        "Cyfiawnhad dros y dyfarniad uniongyrchol",
    ]
    contract = {row.label: row.value for row in ctx.parts[1].rows}
    assert contract["Dechrau"] == "7 Chwefror 2026" and contract["Diwedd"] == "6 Chwefror 2028"
    assert contract["Tymor"] == "2 flynedd"
    assert contract["Gwerth"] == "£2.6 miliwn dros y tymor cyfan"
    supplier = {row.label: row.value for row in ctx.parts[2].rows}
    assert supplier["BBaCh"] == "Ie"
    assert ctx.closing == (
        "Cyhoeddwyd ar 15 Ionawr 2026 (cyfeirnod yr hysbysiad NBC-ASC-2026-003-TN), cyn dyfarnu'r "
        "contract. Ymholiadau am yr hysbysiad hwn: Adult Social Care – Commissioning, "
        "commissioning@northmoor.example.gov.uk."
    )
    assert not (words_for("cy").missing & _messages("routes"))


def test_the_contract_change_notice_in_welsh() -> None:
    ctx = change_notice.build(
        _welsh_route_bundle("day-opportunities-extension", "day-opportunities-extension")
    )
    assert ctx.heading == "Hysbysiad addasu contract"
    assert ctx.basis == "Rheoliadau Contractau Cyhoeddus 2015, rheoliad 72"
    change = {row.label: row.value for row in ctx.parts[3].rows}
    assert change["Math o newid"] == "Estyniad"
    assert change["Gwerth ar ôl y newid hwn"] == "£4.8 miliwn"
    assert change["Dyddiad gorffen newydd"] == "31 Awst 2027"
    assert ctx.closing.startswith(
        "Cyhoeddwyd ar 3 Gorffennaf 2026 (y sail gyfreithiol: rheoliad 72(3) o Reoliadau "
        "Contractau Cyhoeddus 2015). Ymholiadau am yr hysbysiad hwn: "
    )


def test_the_decision_notice_states_a_route_in_welsh() -> None:
    """A decision not to award (Glan-yr-Afon's community transport): the route's rows and
    sentences, the termination notice still to come ('Bydd … yn cael ei gyhoeddi')."""
    notice = decision_notice.build(
        _welsh_route_bundle("community-transport-2026", "community-transport-2026-not-awarded")
    )
    assert notice.route is not None
    rows = {row.label: row.value for row in notice.route.rows}
    assert rows["Llwybr"] == "Penderfyniad i beidio â dyfarnu"
    assert rows["Y cam nesaf"] == "Cynnal y broses gaffael eto"
    texts = ["".join(r.text for r in b.runs) for b in notice.route.statement.blocks]
    assert texts[0].endswith("(y sail gyfreithiol: Deddf Caffael 2023). Daeth 2 dendr i law.")
    assert "Cynhelir y broses gaffael eto." in texts
    assert "Dyma'r rhesymau dros beidio â dyfarnu'r contract." in texts
    assert texts[-1] == (
        "Bydd hysbysiad terfynu caffael yn cael ei gyhoeddi ar 4 Chwefror 2026, fel y mae adran "
        "55 o Ddeddf Caffael 2023 yn ei gwneud yn ofynnol."
    )


def test_welsh_counts_of_tenders_mutate() -> None:
    """'2 dendr', '3 thendr', '1 tendr' (Welsh plural forms of the catalogue)."""
    cy = words_for("cy")
    said = {
        n: cy.plural("{words} tender", "{words} tenders", n, words=str(n)) for n in (1, 2, 3, 4)
    }
    assert said == {1: "1 tendr", 2: "2 dendr", 3: "3 thendr", 4: "4 tendr"}


def test_letters_not_to_award_follow_each_bidders_language(tmp_path: Path) -> None:
    """Glan-yr-Afon made to publish Welsh first: a tenderer with no recorded language gets one
    file of two parts, Welsh then English (sequential); one who asked for English gets English
    only (Welsh Language Standards (No. 1) Regulations 2015, standards 1-7)."""
    shutil.copytree(RECORDS / "community-transport-2026", tmp_path / "community-transport-2026")
    (tmp_path / "councils").mkdir()
    council = (RECORDS / "councils" / "glan-yr-afon.yaml").read_text(encoding="utf-8")
    welsh = "languages:\n  publishes: [cy, en]\n  first: cy\n  layout: sequential\n"
    (tmp_path / "councils" / "glan-yr-afon.yaml").write_text(council + welsh, encoding="utf-8")
    award = tmp_path / "community-transport-2026" / "award.yaml"
    text = award.read_text(encoding="utf-8")
    asked = text.replace("  - id: valley-minibus\n", "  - id: valley-minibus\n    language: en\n")
    assert asked != text
    award.write_text(asked, encoding="utf-8")
    records = load_records([tmp_path / "councils", tmp_path / "community-transport-2026"])
    jobs = {job.stem.name: json.loads(job.context_json) for job in not_awarded.plan(records)}
    both = jobs["teithio-cymunedol"]["parts"]
    assert [part["meta"]["lang"] for part in both] == ["cy-GB", "en-GB"]
    assert both[0]["salutation"].startswith("Annwyl ") and both[1]["salutation"].startswith("Dear ")
    english = jobs["valley-minibus"]
    assert english["meta"]["lang"] == "en-GB" and english["labels"]["date"] == "Date"
    assert english["closing"].endswith("and this will not lead to a delay.")
