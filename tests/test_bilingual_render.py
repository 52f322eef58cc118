"""Bilingual documents (issue 16): built once per language, laid out as the council says, and
every format marks each part's language.

The Welsh example (records/dyffryn-tywi-homecare-2026, Welsh first, sequential) is built with
`docgen build` and `docgen letters` into a temporary folder; a copy of the carers-support award
with Glan-yr-Afon made bilingual, a few of its fields given in Welsh, is planned and rendered with
the real renderers (its other fields have no Welsh yet, which the rules would refuse).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from click.testing import CliRunner
from conftest import RECORDS
from ruamel.yaml import YAML

from docgen.build.engine import DEFAULT_TEMPLATES, render_job
from docgen.build.papers import paper_jobs
from docgen.cli import main
from docgen.letters.plan import plan_letters
from docgen.records.loading import load_records

WELSH = "dyffryn-tywi-homecare-2026"
W_LANG = re.compile(rb'<w:lang w:val="([^"]+)"')


def _copy_welsh_example(folder: Path, layout: str = "sequential", first: str = "cy") -> Path:
    records = folder / "records"
    (records / "councils").mkdir(parents=True)
    shutil.copy(RECORDS / "councils" / "dyffryn-tywi.yaml", records / "councils")
    shutil.copytree(RECORDS / WELSH, records / WELSH)
    council = records / "councils" / "dyffryn-tywi.yaml"
    text = council.read_text(encoding="utf-8")
    changed = text.replace(
        "  first: cy\n  layout: sequential\n", f"  first: {first}\n  layout: {layout}\n"
    )
    assert changed != text or (layout, first) == ("sequential", "cy")
    council.write_text(changed, encoding="utf-8")
    return records


def _build(records: Path, out: Path) -> None:
    runner = CliRunner()
    for command in ("build", "letters"):
        result = runner.invoke(main, [command, str(records), "--out", str(out)])
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def welsh_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("welsh")
    out = folder / "out"
    _build(_copy_welsh_example(folder), out)
    return out


def _struct_langs(reader: pypdf.PdfReader) -> list[str]:
    """Every /Lang of the structure tree, in document order."""
    found: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/Lang" in node:
                found.append(str(node["/Lang"]))
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def _pdf(path: Path) -> tuple[pypdf.PdfReader, list[str]]:
    reader = pypdf.PdfReader(path)
    return reader, [page.extract_text() for page in reader.pages]


def _docx_langs(path: Path) -> list[str]:
    """The w:lang of every run and paragraph mark of the main document, in order."""
    xml = zipfile.ZipFile(path).read("word/document.xml")
    return [v.decode() for v in W_LANG.findall(xml)]


def _changes(values: list[str]) -> list[str]:
    """The values with repeats run together: [cy, cy, en, en] is [cy, en]."""
    return [v for i, v in enumerate(values) if i == 0 or values[i - 1] != v]


# ---- the Welsh example, built by the command line ----


def test_a_bilingual_pdf_is_welsh_then_english_and_tags_the_english_part(welsh_out: Path) -> None:
    reader, pages = _pdf(welsh_out / f"{WELSH}-award" / "decision-notice.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "cy-GB"
    assert "en-GB" in _struct_langs(reader)  # the English part's elements say so
    text = "\n".join(pages)
    assert text.index("Hysbysiad o benderfyniad") < text.index("Decision notice")
    assert text.index("Cyngor Sir Dyffryn Tywi") < text.index("Dyffryn Tywi County Council")
    # each part numbers its own pages, in its own words
    assert "Tudalen 1 o" in pages[0]
    english = next(i for i, p in enumerate(pages) if "Dyffryn Tywi County Council" in p)
    assert english > 0 and "Page 1 of" in pages[english]
    assert all("Page" not in p for p in pages[:english])


def test_every_paper_of_the_welsh_example_has_both_parts(welsh_out: Path) -> None:
    folder = welsh_out / f"{WELSH}-award"
    pdfs = sorted(folder.rglob("*.pdf"))
    assert len(pdfs) >= 5
    for path in pdfs:
        reader, pages = _pdf(path)
        assert reader.trailer["/Root"]["/Lang"] == "cy-GB", path
        text = "\n".join(pages)
        assert "Tudalen 1 o" in text and "Page 1 of" in text, path
        assert text.index("Tudalen 1 o") < text.index("Page 1 of"), path
    assert not list(folder.rglob("*.cy.*")) and not list(folder.rglob("*.en.*"))


def test_a_bilingual_docx_marks_every_run_welsh_then_english(welsh_out: Path) -> None:
    path = welsh_out / f"{WELSH}-award" / "decision-notice.docx"
    langs = _docx_langs(path)
    assert _changes(langs) == ["cy-GB", "en-GB"]
    xml = zipfile.ZipFile(path).read("word/document.xml")
    runs = xml.count(b"<w:r>") + xml.count(b"<w:r ")
    paragraphs = xml.count(b"<w:p>") + xml.count(b"<w:p ")
    assert len(langs) >= runs + paragraphs - 1  # all but the section break's paragraph mark
    styles = zipfile.ZipFile(path).read("word/styles.xml")
    assert re.search(rb"<w:docDefaults>.*?<w:lang w:val=\"cy-GB\"", styles, re.S)

    document = docx.Document(str(path))
    assert len(document.sections) == 2
    footers = ["".join(s.footer._element.itertext()) for s in document.sections]
    assert "Cyngor Sir Dyffryn Tywi" in footers[0] and "Dyffryn Tywi County Council" in footers[1]
    body = "\n".join(p.text for p in document.paragraphs)
    assert body.index("Hysbysiad o benderfyniad") < body.index("Decision notice")


def test_a_bilingual_html_page_marks_each_part(welsh_out: Path) -> None:
    page = (welsh_out / f"{WELSH}-award" / "decision-notice.html").read_text(encoding="utf-8")
    assert '<html lang="cy-GB">' in page
    parts = re.findall(r'<div lang="([a-z]{2}-GB)">', page)
    assert parts == ["cy-GB", "en-GB"]
    welsh, english = page.index('<div lang="cy-GB">'), page.index('<div lang="en-GB">')
    assert "Hysbysiad o benderfyniad" in page[welsh:english]
    assert "Decision notice" not in page[welsh:english]
    assert "Decision notice" in page[english:]
    assert page.count("<h1") == 2 and page.count("<main") == 1


def _letter(out: Path, lot: int, bidder: str, suffix: str = "pdf") -> Path:
    return out / WELSH / "letters" / f"lot-{lot}" / f"{bidder}.{suffix}"


def test_a_letter_is_in_the_language_its_bidder_asked_for(welsh_out: Path) -> None:
    welsh, _ = _pdf(_letter(welsh_out, 1, "gofal-tywi"))  # language: cy
    english, _ = _pdf(_letter(welsh_out, 1, "towy-valley-care"))  # language: en
    both, both_pages = _pdf(_letter(welsh_out, 1, "caring-hands"))  # no preference
    welsh_text = "\n".join(p.extract_text() for p in welsh.pages)
    english_text = "\n".join(p.extract_text() for p in english.pages)
    both_text = "\n".join(both_pages)
    assert welsh.trailer["/Root"]["/Lang"] == "cy-GB" and "en-GB" not in _struct_langs(welsh)
    assert "Annwyl" in welsh_text and "Yn gywir" in welsh_text
    assert "Dear" not in welsh_text and "Yours sincerely" not in welsh_text
    assert english.trailer["/Root"]["/Lang"] == "en-GB" and "cy-GB" not in _struct_langs(english)
    assert "Dear" in english_text and "Yours sincerely" in english_text
    assert "Annwyl" not in english_text and "Yn gywir" not in english_text
    assert both.trailer["/Root"]["/Lang"] == "cy-GB" and "en-GB" in _struct_langs(both)
    assert (
        both_text.index("Yn gywir") < both_text.index("Dear") < both_text.index("Yours sincerely")
    )
    assert _changes(_docx_langs(_letter(welsh_out, 1, "gofal-tywi", "docx"))) == ["cy-GB"]
    assert (
        _docx_langs(_letter(welsh_out, 1, "towy-valley-care", "docx")) == []
    )  # as English ever was
    assert _changes(_docx_langs(_letter(welsh_out, 1, "caring-hands", "docx"))) == [
        "cy-GB",
        "en-GB",
    ]


def test_the_manifest_lists_one_letter_per_bidder_and_lot(welsh_out: Path) -> None:
    rows = (welsh_out / WELSH / "letters" / "manifest.csv").read_text(encoding="utf-8").splitlines()
    letters = sorted((welsh_out / WELSH / "letters").rglob("*.pdf"))
    letters = [p for p in letters if p.parent.name.startswith("lot-")]
    assert len(rows) - 1 == len(letters) == 13


def test_separate_layout_gives_the_other_language_its_own_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(_copy_welsh_example(tmp_path, layout="separate", first="en"), out)
    folder = out / f"{WELSH}-award"
    for stem in ("decision-notice", "cabinet-paper"):
        first, first_pages = _pdf(folder / f"{stem}.pdf")
        other, other_pages = _pdf(folder / f"{stem}.cy.pdf")
        assert first.trailer["/Root"]["/Lang"] == "en-GB"
        assert other.trailer["/Root"]["/Lang"] == "cy-GB"
        assert "Cyngor Sir Dyffryn Tywi" not in "\n".join(first_pages)
        assert "Dyffryn Tywi County Council" not in "\n".join(other_pages)
        assert _changes(_docx_langs(folder / f"{stem}.cy.docx")) == ["cy-GB"]
        assert (folder / f"{stem}.cy.html").is_file()
    letters = out / WELSH / "letters" / "lot-1"
    assert {p.name for p in letters.glob("caring-hands*.pdf")} == {
        "caring-hands.pdf",
        "caring-hands.cy.pdf",
    }
    assert not (letters / "gofal-tywi.cy.pdf").exists()  # asked for Welsh: one letter, in Welsh
    welsh_only, _ = _pdf(letters / "gofal-tywi.pdf")
    assert welsh_only.trailer["/Root"]["/Lang"] == "cy-GB"
    # the audit reads caring-hands.cy.pdf as caring-hands' letter, not as a print file
    records = tmp_path / "records"
    audit = CliRunner().invoke(main, ["audit", str(out), "--records", str(records)])
    assert audit.exit_code == 0, audit.output
    assert "print file" not in audit.output


# ---- an English council made bilingual: planned and rendered without the rules ----


@pytest.fixture
def glan_yr_afon(tmp_path: Path) -> Path:
    """carers-support with Glan-yr-Afon publishing Welsh first, a few fields in Welsh, one
    bidder asking for Welsh and one for English."""
    records = tmp_path / "records"
    (records / "councils").mkdir(parents=True)
    shutil.copy(RECORDS / "councils" / "glan-yr-afon.yaml", records / "councils")
    shutil.copytree(RECORDS / "carers-support-2026", records / "carers-support-2026")
    yaml = YAML()
    council_file = records / "councils" / "glan-yr-afon.yaml"
    council = yaml.load(council_file)
    council["languages"] = {"publishes": ["cy", "en"], "first": "cy", "layout": "sequential"}
    council["name"] = {"en": str(council["name"]), "cy": "Cyngor Bwrdeistref Sirol Glan-yr-Afon"}
    yaml.dump(council, council_file)
    decision_file = records / "carers-support-2026" / "decision.yaml"
    decision = yaml.load(decision_file)
    decision["title"] = {"en": str(decision["title"]), "cy": "Gwasanaeth Cymorth i Ofalwyr"}
    yaml.dump(decision, decision_file)
    award_file = records / "carers-support-2026" / "award.yaml"
    award = yaml.load(award_file)
    award["bidders"][0]["language"] = "cy"
    award["bidders"][1]["language"] = "en"
    yaml.dump(award, award_file)
    return records


def _rendered(jobs: list[Any]) -> Iterator[tuple[Any, dict[str, bytes]]]:
    for job in jobs:
        yield job, render_job(job, DEFAULT_TEMPLATES)


def test_a_council_made_bilingual_gets_both_parts_welsh_first(glan_yr_afon: Path) -> None:
    records = load_records([glan_yr_afon])
    jobs = paper_jobs(records, formats=("docx", "pdf"))
    assert jobs and all(set(json.loads(job.context_json)) == {"parts"} for job in jobs)
    for job, files in _rendered(jobs):
        reader = pypdf.PdfReader(io.BytesIO(files["pdf"]))
        text = "\n".join(page.extract_text() for page in reader.pages)
        assert reader.trailer["/Root"]["/Lang"] == "cy-GB", job.stem
        assert "en-GB" in _struct_langs(reader), job.stem
        welsh = text.index("Cyngor Bwrdeistref Sirol Glan-yr-Afon")
        assert welsh < text.index("Glan-yr-Afon County Borough Council"), job.stem
        xml = zipfile.ZipFile(io.BytesIO(files["docx"])).read("word/document.xml")
        langs = [v.decode() for v in W_LANG.findall(xml)]
        assert _changes(langs) == ["cy-GB", "en-GB"], job.stem
    paper = next(job for job in jobs if job.stem.name == "decision-report")
    pdf = render_job(paper, DEFAULT_TEMPLATES)["pdf"]
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert text.index("Gwasanaeth Cymorth i Ofalwyr") < text.index("Carers Support Service")


def test_a_council_made_bilingual_writes_to_each_bidder_in_its_language(glan_yr_afon: Path) -> None:
    records = load_records([glan_yr_afon])
    (plan,) = plan_letters(records, formats=("pdf",))
    by_bidder = {letter.bidder_id: letter.job for letter in plan.letters}
    award = records.awards["carers-support-2026"]
    welsh, english = award.bidders[0].id, award.bidders[1].id
    langs = {}
    for bidder, job in by_bidder.items():
        reader = pypdf.PdfReader(io.BytesIO(render_job(job, DEFAULT_TEMPLATES)["pdf"]))
        langs[bidder] = (str(reader.trailer["/Root"]["/Lang"]), sorted(set(_struct_langs(reader))))
    assert langs[welsh] == ("cy-GB", [])
    assert langs[english] == ("en-GB", [])
    others = [b for b in by_bidder if b not in {welsh, english}]
    assert others and all(langs[b] == ("cy-GB", ["en-GB"]) for b in others)


def test_an_english_council_plans_the_jobs_it_always_did() -> None:
    records = load_records(
        [RECORDS / "councils" / "glan-yr-afon.yaml", RECORDS / "carers-support-2026"]
    )
    jobs = paper_jobs(records, formats=("docx", "pdf"))
    (plan,) = plan_letters(records)
    jobs += [letter.job for letter in plan.letters]
    assert len(jobs) > 5
    for job in jobs:
        context = json.loads(job.context_json)
        assert "meta" in context and context["meta"]["lang"] == "en-GB", job.stem
        assert "." not in job.stem.name, job.stem


def test_a_council_publishing_only_in_welsh_gets_welsh_documents(glan_yr_afon: Path) -> None:
    council_file = glan_yr_afon / "councils" / "glan-yr-afon.yaml"
    yaml = YAML()
    council = yaml.load(council_file)
    council["languages"] = {"publishes": ["cy"]}
    yaml.dump(council, council_file)
    records = load_records([glan_yr_afon])
    jobs = [j for j in paper_jobs(records, formats=("docx", "pdf")) if j.kind == "decision_notice"]
    (job,) = jobs
    assert json.loads(job.context_json)["meta"]["lang"] == "cy-GB"  # one part, no wrapper
    files = render_job(job, DEFAULT_TEMPLATES)
    reader = pypdf.PdfReader(io.BytesIO(files["pdf"]))
    assert reader.trailer["/Root"]["/Lang"] == "cy-GB"
    assert "en-GB" not in _struct_langs(reader)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Cyngor Bwrdeistref Sirol Glan-yr-Afon" in text and "Page 1 of" not in text
    xml = zipfile.ZipFile(io.BytesIO(files["docx"])).read("word/document.xml")
    assert _changes([v.decode() for v in W_LANG.findall(xml)]) == ["cy-GB"]
