"""The cabinet paper and its appendices in Welsh, built from a real decision (issue 16).

The homecare framework's council is given Welsh as a publishing language and a few of the
decision's texts are given their Welsh; the contexts built with `Bundle(..., language="cy")`
then print Welsh headings, dates, money and references, and every fixed word they ask for has
its Welsh in the catalogues.
"""

from __future__ import annotations

from conftest import RECORDS

from docgen.build.papers import bundle_for
from docgen.derive import formatting as fmt
from docgen.derive.facts import build_facts
from docgen.derive.language import words_for
from docgen.derive.numbering import references
from docgen.documents import appendix_notice, appendix_scores, appendix_suppliers, cabinet_paper
from docgen.documents.common import Bundle
from docgen.models.language import LanguageSettings, Localised
from docgen.records.loading import load_records

DECISION = "homecare-framework-2026-award"

FINANCIAL_CY = (
    "{#cost} Mae gwerth amcangyfrifedig o {award.annual_value} y flwyddyn i'r fframwaith, neu "
    "{award.total_value} dros {award.max_term}, a ariennir o gyllideb sylfaenol y Gwasanaethau "
    "Cymdeithasol."
)
LEGAL_CY = (
    "Gwasanaethau ysgafn eu cyffyrddiad yw'r gwasanaethau at ddibenion {award.regime}. Gweler "
    "{para:cost} am y gost. Mae'r fframwaith yn dechrau ar {award.start_date}. Mae'r gost ym "
    "{para:cost|nasal}, o dan {award.regime|soft}."
)


def welsh_bundle(language: str = "cy") -> Bundle:
    records = load_records([RECORDS / "councils", RECORDS / "homecare-framework-2026"])
    decision = records.decisions[DECISION]
    bundle = bundle_for(decision, records)
    council = bundle.council.model_copy(
        update={"languages": LanguageSettings(publishes=["cy", "en"])}
    )
    sections = decision.sections.model_copy(
        update={
            "financial": Localised("{#cost} " + decision.sections.financial, FINANCIAL_CY),
            "legal": Localised(decision.sections.legal, LEGAL_CY),
        }
    )
    decision = decision.model_copy(
        update={
            "title": Localised(decision.title, "Fframwaith Gofal Cartref – Penodi Cyflenwyr"),
            "sections": sections,
        }
    )
    return bundle.model_copy(
        update={"council": council, "decision": decision, "language": language}
    )


def bundle_start() -> str:
    award = welsh_bundle().award
    assert award is not None
    return words_for("cy").date(award.contract.start)


def section_text(context: cabinet_paper.CabinetPaperContext, key: str) -> str:
    section = next(s for s in context.sections if s.key == key)
    return "\n".join(
        "".join(run.text for run in line)
        for block in section.body.blocks
        for line in ([block.runs] if block.runs else block.items)
    )


def test_the_paper_in_welsh_has_welsh_headings_rows_dates_money_and_references() -> None:
    words = words_for("cy")
    words.missing.clear()
    context = cabinet_paper.build(welsh_bundle())
    titles = [s.title for s in context.sections]
    assert titles[:4] == [
        "Crynodeb Gweithredol",
        "Argymhellion",
        "Rhesymau dros yr Argymhellion",
        "Opsiynau Amgen a Ystyriwyd",
    ]
    assert "Goblygiadau Ariannol" in titles and "Papurau Cefndir" in titles
    assert context.title == "Fframwaith Gofal Cartref – Penodi Cyflenwyr"
    assert context.meta.lang == "cy-GB"
    assert context.meta.page_label == "Tudalen"
    assert context.meta.date_text == "14 Gorffennaf 2026"
    assert context.meeting_date.startswith("dydd ") and "Gorffennaf 2026" in context.meeting_date
    labels = [row.label for row in context.title_rows]
    assert labels[:2] == ["Adroddiad gan", "Gwneuthurwr y penderfyniad"]
    assert "Penderfyniad allweddol" in labels and "Dosbarthiad" in labels
    rows = {row.label: row.value for row in context.title_rows}
    assert rows["Wardiau yr effeithir arnynt"] == "Pob ward"
    assert rows["Penderfyniad allweddol"] == "Ie (cyfeirnod y Flaenraglen GYA-FP-2026-019)"
    assert rows["Dosbarthiad"].startswith(
        "Adroddiad agored ag atodiad eithriedig. Nid yw Atodiad B"
    )
    assert "paragraffau 14 a 21 o Rannau 4 a 5 o Atodlen 12A" in rows["Dosbarthiad"]
    assert context.labels.contents == "Cynnwys"

    financial = section_text(context, "financial")
    assert "miliwn" in financial and "million" not in financial
    assert "y flwyddyn i'r fframwaith" in financial  # the Welsh text, its facts resolved
    legal = section_text(context, "legal")
    assert "Deddf Caffael 2023" in legal
    number = next(s.number for s in context.sections if s.key == "financial")
    assert f"Gweler paragraff {number}.1 am y gost" in legal  # the Welsh text's own {para:cost}
    assert f"Mae'r gost ym mharagraff {number}.1, o dan Ddeddf Caffael 2023." in legal
    start = bundle_start()
    assert f"yn dechrau ar {start}." in legal
    appendices = section_text(context, "appendices")
    assert "Mae'r atodiadau canlynol yn cyd-fynd â'r adroddiad hwn:" in appendices
    assert "Atodiad A: " in appendices and "nid i'w gyhoeddi: " in appendices
    assert section_text(context, "background_papers") == "Dim."
    recommendations = section_text(context, "recommendations")
    assert recommendations.startswith("Argymhellir bod y")
    assert not words.missing, sorted(words.missing)


def test_the_english_paper_is_unchanged_by_the_welsh_texts() -> None:
    context = cabinet_paper.build(welsh_bundle("en"))
    assert context.sections[0].title == "Executive Summary"
    assert context.title == "Home Care Framework – Appointment of Suppliers"
    assert context.meta.lang == "en-GB"
    assert "million" in section_text(context, "financial")
    number = next(s.number for s in context.sections if s.key == "financial")
    legal = section_text(context, "legal")
    assert "Gwasanaethau" not in legal and f"paragraph {number}" not in legal


def test_the_appendices_in_welsh() -> None:
    words = words_for("cy")
    words.missing.clear()
    bundle = welsh_bundle()
    suppliers = appendix_suppliers.build(bundle)
    assert suppliers.heading == "Atodiad A: Cyflenwyr a benodwyd i bob Lot"
    assert suppliers.labels.registered_address == "Cyfeiriad cofrestredig"
    assert suppliers.labels.summary == "Crynodeb"
    assert suppliers.intro.startswith("Argymhellir penodi'r cyflenwyr isod i'r ")
    assert f" o {bundle_start()} ymlaen" in suppliers.intro
    assert "Ceir 3 Lot." in suppliers.intro
    assert "ni phenodir unrhyw gyflenwr i fwy na 2 Lot" in suppliers.intro
    assert suppliers.tables[0].caption.startswith("Lot 1: ")
    assert " · Atodiad A · TERFYNOL" in suppliers.meta.footer

    scores = appendix_scores.build(bundle)
    assert scores.heading == "Atodiad B: Evaluation scores for each Lot"  # no Welsh title given
    assert scores.marking.startswith("NID I'W GYHOEDDI yn rhinwedd paragraffau 14 a 21")
    assert [scores.labels.rank, scores.labels.bidder, scores.labels.outcome] == [
        "Safle",
        "Cynigydd",
        "Canlyniad",
    ]
    assert scores.intro.startswith("Mae'r tablau'n rhoi sgôr gwerthuso pob tendr")
    assert scores.key[0].value.endswith(")") and "(uchafswm " in scores.key[0].value
    headers = [h for table in scores.tables for h in table.headers]
    assert any(h.startswith("Cyfanswm (") for h in headers)
    outcomes = {row.outcome for table in scores.tables for row in table.rows}
    assert "Prif gyflenwr" in outcomes
    assert any(o.startswith("Cyflenwr wrth gefn ") for o in outcomes)
    assert scores.meta.document_title.endswith("(eithriedig)")

    notice = appendix_notice.build(bundle, "scores")
    assert notice.heading == "Atodiad B: Evaluation scores for each Lot"
    assert notice.notice.startswith("Atodiad B: Evaluation scores for each Lot")
    assert "Gorffennaf 2026" in notice.subtitle
    assert not words.missing, sorted(words.missing)


def test_facts_and_references_resolve_in_welsh() -> None:
    bundle = welsh_bundle()
    assert bundle.decision is not None and bundle.award is not None
    welsh = build_facts(bundle.council, bundle.decision, bundle.award, words_for("cy"))
    english = build_facts(bundle.council, bundle.decision, bundle.award)
    assert english["award.total_value"].endswith(" million")
    assert welsh["award.total_value"] == english["award.total_value"].replace("million", "miliwn")
    assert welsh["award.regime"] == "Deddf Caffael 2023"
    assert welsh["decision.date"] == "14 Gorffennaf 2026"
    assert welsh["decision.title"] == "Fframwaith Gofal Cartref – Penodi Cyflenwyr"
    assert welsh["award.kind"] == "cytundeb fframwaith"
    refs = references(bundle.decision, t=words_for("cy"))
    assert refs[("appendix", "scores")] == "Atodiad B"
    assert refs[("para", "cost")].startswith("paragraff ")


def test_welsh_terms_counts_and_lists() -> None:
    from decimal import Decimal

    cy = words_for("cy")
    assert fmt.years(Decimal(1), cy) == "1 flwyddyn"
    assert fmt.years(Decimal(2), cy) == "2 flynedd"
    assert fmt.years(Decimal(4), cy) == "4 blynedd"
    assert fmt.months(Decimal(2), True, cy) == "2 fis"
    assert fmt.term(Decimal(4), [Decimal(2), Decimal(2)], cy) == (
        "4 blynedd gydag opsiynau i ymestyn am 2 flynedd a 2 flynedd"
    )
    assert fmt.join_names(["Caerdydd", "Abertawe"], cy) == "Caerdydd ac Abertawe"
    assert fmt.join_names(["Abertawe", "Caerdydd"], cy) == "Abertawe a Caerdydd"
    assert fmt.titled("Gofal Cartref", "contract", cy) == "contract Gofal Cartref"
    assert fmt.titled("Fframwaith Gofal Cartref", "fframwaith", cy) == "Fframwaith Gofal Cartref"
    assert fmt.the("Aelod Cabinet dros Ofal", cy) == "yr Aelod Cabinet dros Ofal"
    assert fmt.the("Cyfarwyddwr", cy) == "y Cyfarwyddwr"
    assert fmt.count_words(3, cy) == "3" and fmt.count_words(3) == "three"


def test_the_welsh_example_paper_and_appendices_have_every_word_in_welsh() -> None:
    """The fictional Welsh county council's award (records/dyffryn-tywi-homecare-2026), as a
    Welsh paper: the Cabinet takes its article, every message has its Welsh, and no English
    fixed word is left in the headings, rows or appendix tables."""
    words = words_for("cy")
    words.missing.clear()
    records = load_records([RECORDS / "councils", RECORDS / "dyffryn-tywi-homecare-2026"])
    decision = next(iter(records.decisions.values()))
    bundle = bundle_for(decision, records).model_copy(update={"language": "cy"})
    paper = cabinet_paper.build(bundle)
    recommendations = section_text(paper, "recommendations")
    assert recommendations.startswith("Argymhellir bod y Cabinet yn:")
    assert "gydag opsiwn i ymestyn am 1 flwyddyn" in recommendations
    assert "miliwn" in section_text(paper, "financial")
    english = {"Report of", "Decision maker", "Key decision", "Classification", "Yes", "No"}
    assert not english & {row.label for row in paper.title_rows}
    assert not english & {row.value for row in paper.title_rows}
    suppliers = appendix_suppliers.build(bundle)
    assert suppliers.intro.startswith("Argymhellir penodi'r cyflenwyr isod i'r Fframwaith")
    scores = appendix_scores.build(bundle)
    outcomes = {row.outcome for table in scores.tables for row in table.rows}
    assert outcomes <= {
        "Prif gyflenwr",
        "Cyflenwr wrth gefn 1",
        "Cyflenwr wrth gefn 2",
        "Heb ei benodi",
        "Eithriwyd",
    }
    assert scores.meta.footer.startswith("NID I'W GYHOEDDI · Cyngor Sir Dyffryn Tywi · ")
    assert not words.missing, sorted(words.missing)


def test_route_facts_resolve_in_welsh() -> None:
    """A direct award's and a modification's facts: the ground cited as Welsh law cites it
    (the Act's name mutated after "i" and "o"), Welsh dates, money and shares."""
    words = words_for("cy")
    words.missing.clear()
    found = {}
    for name in ("interim-care-2026", "day-opportunities-extension"):
        records = load_records([RECORDS / "councils", RECORDS / name])
        decision = next(iter(records.decisions.values()))
        council = records.councils[decision.council]
        award = records.route_awards[decision.award or ""]
        found[name] = build_facts(council, decision, award, words)
        english = build_facts(council, decision, award)
        assert english["award.regime"].startswith(("the Procurement Act", "the Public Contracts"))
    direct, change = found["interim-care-2026"], found["day-opportunities-extension"]
    assert direct["award.ground"] == (
        "paragraff 13 o Atodlen 5 i Ddeddf Caffael 2023, ac adran 41 ohoni "
        "(brys eithafol ac anochel)"
    )
    assert direct["award.term_short"] == "2 flynedd"
    assert direct["award.total_value"].endswith(" miliwn")
    assert change["award.ground"].startswith("rheoliad 72(1)(b) o Reoliadau Contractau Cyhoeddus")
    assert change["award.increase_share"] == "20 y cant"
    assert change["award.new_end"] == "31 Awst 2027"
    assert not words.missing, sorted(words.missing)


def test_the_welsh_word_files_print_the_labels_and_welsh_page_words() -> None:
    """The Word templates print the context's labels and Meta's page words: a Welsh paper and
    scores appendix, read back with python-docx, have Welsh headings, table headings and
    'Tudalen … o …' in the footer, and no English fixed word of their templates."""
    import datetime as dt
    import io
    from pathlib import PurePosixPath

    import docx

    from docgen import resources
    from docgen.build.engine import make_job, render_job

    bundle = welsh_bundle()
    built = {}
    for kind, context in (
        ("cabinet_paper", cabinet_paper.build(bundle)),
        ("appendix_scores", appendix_scores.build(bundle)),
    ):
        job = make_job(kind, PurePosixPath(kind), context, "test", dt.date(2026, 7, 14), ("docx",))
        built[kind] = docx.Document(io.BytesIO(render_job(job, resources.templates())["docx"]))
    for kind, document in built.items():
        footer = "".join(
            p.text
            for t in document.sections[0].footer.tables
            for c in t.rows[0].cells
            for p in c.paragraphs
        )
        assert "Tudalen " in footer and " o " in footer and "Page" not in footer, kind
    paper = built["cabinet_paper"]
    headings = [p.text for p in paper.paragraphs if p.style.name == "Heading 1"]
    assert "1. Crynodeb Gweithredol" in headings
    scores = built["appendix_scores"]
    cells = [c.text for t in scores.tables for c in t.rows[0].cells]
    assert {"Cod", "Maen prawf", "Safle", "Cynigydd", "Canlyniad"} <= set(cells)
    assert not {"Code", "Criterion", "Rank", "Bidder", "Outcome"} & set(cells)
    text = "\n".join(p.text for p in scores.paragraphs)
    assert "Prawf budd y cyhoedd." in text and "Public interest test." not in text
    assert "Meini prawf" in text


def test_welsh_mutations_of_placed_values() -> None:
    from docgen.derive.mutation import mutate
    from docgen.derive.prose import ProseError, parse, placeholders

    assert mutate("Deddf Caffael 2023", "soft") == "Ddeddf Caffael 2023"
    assert mutate("Rheoliadau Contractau Cyhoeddus 2015", "soft") == (
        "Reoliadau Contractau Cyhoeddus 2015"
    )
    assert mutate("Gorffennaf", "soft") == "Orffennaf"
    assert mutate("paragraff 6.1", "nasal") == "mharagraff 6.1"
    assert mutate("Caerdydd", "nasal") == "Nghaerdydd"
    assert mutate("Cyngor Sir Dyffryn Tywi", "aspirate") == "Chyngor Sir Dyffryn Tywi"
    assert mutate("Theatr", "soft") == "Theatr"  # th is a letter of its own
    assert mutate("Atodiad B", "nasal") == "Atodiad B"
    assert mutate("£31.8 miliwn", "soft") == "£31.8 miliwn"
    # a mutation is where the value goes, not what it cites: the same placeholders as English
    welsh = list(placeholders(parse("o dan {award.regime|soft}, ym {para:cost|nasal}")))
    english = list(placeholders(parse("under {award.regime}, in {para:cost}")))
    assert welsh == english and welsh[0].mutation == "soft"
    try:
        parse("o dan {award.regime|meddal}")
    except ProseError as exc:
        assert "unknown mutation 'meddal' (use soft, nasal or aspirate)" in str(exc)
    else:
        raise AssertionError("an unknown mutation was accepted")
