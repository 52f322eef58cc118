"""The published decision notice, read back from the real .docx, PDF and HTML files."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import RECORDS

from docgen import pipeline
from docgen.build.papers import bundle_for
from docgen.derive import numbering, timing
from docgen.documents import decision_notice
from docgen.records.loading import load_records
from docgen.render.docx import DocxRenderer

MODEL = "ilss-cabinet-2025-07-22"
OFFICER = "carers-support-2026-award"
NOTICE = "decision-notice"
FORMATS = ("docx", "pdf", "html")
HOSTILE = 'O\'Brien & Daughters <Care> "Ltd" {{ 7*7 }} {% if x %}'
RESOLUTIONS = [
    "Agree to extend the current purchasing arrangements from 12 July 2025 to 6 October 2025, "
    "as set out at paragraph 5.4 of this report",
    "Agree to establish a five Lot Independent Living Support Service framework from 6 October "
    "2025 for an initial term of 4 years, with options to extend by up to two further periods "
    "of two years, and to appoint the suppliers to each Lot as detailed in Appendix A",
    "Delegate authority to the Corporate Director of Adults and Health, in consultation with the "
    "Cabinet Member for Adult Social Care and Health, to extend the framework for each Lot in "
    "line with its terms",
    "Note the evaluation scores in Appendix B, which is not for publication",
    "Delegate authority to the Director of Legal and Governance to enter into the framework "
    "agreement and any call-off contracts needed to give effect to the decisions in "
    "recommendation 2.1(ii)",
]


class _Text(HTMLParser):
    """The page's text, one piece per element (so table cells stay apart), without CSS."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.parts.append(data)


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def text_of(path: Path) -> str:
    """The document's text with runs of whitespace (line breaks, tabs) folded to one space."""
    read = {".pdf": pdf_text, ".docx": docx_text, ".html": html_text}[path.suffix]
    return re.sub(r"\s+", " ", read(path))


@pytest.fixture(scope="module", params=FORMATS)
def model_notice(request: pytest.FixtureRequest, example_build: Path) -> str:
    return text_of(example_build / MODEL / f"{NOTICE}.{request.param}")


@pytest.fixture(scope="module", params=FORMATS)
def officer_notice(request: pytest.FixtureRequest, example_build: Path) -> str:
    return text_of(example_build / OFFICER / f"{NOTICE}.{request.param}")


# ---- dates ---------------------------------------------------------------------------------------


def test_call_in_dates_of_the_model_case_follow_the_constitution() -> None:
    """Published Thu 24 July 2025; five working days (no bank holiday between) end Thu 31 July."""
    records = load_records([RECORDS])
    decision = records.decisions[MODEL]
    when = decision_notice.notice_timing(decision, records.councils[decision.council])
    by_hand = [dt.date(2025, 7, d) for d in (25, 28, 29, 30, 31)]  # Fri, Mon–Thu: 5 working days
    assert all(timing.is_working_day(d, "england-and-wales") for d in by_hand)
    assert when.published == dt.date(2025, 7, 24) and when.published.weekday() == 3
    assert (
        when.call_in_deadline
        == by_hand[-1]
        == timing.call_in_end(when.published, 5, "england-and-wales")
    )
    assert when.implementable_from == dt.date(2025, 8, 1)
    assert when.implementable_from.weekday() == 4


def test_unpublished_decision_gets_the_planned_publication_date() -> None:
    """A Welsh council's constitution sets no number of days ('as soon as reasonably practicable',
    derive/nation.py): Tue 10 March 2026 + 1 working day = Wed 11 March; effective at once."""
    records = load_records([RECORDS])
    decision = records.decisions[OFFICER]
    when = decision_notice.notice_timing(decision, records.councils[decision.council])
    assert when.published == dt.date(2026, 3, 11) and when.published_is_planned
    assert when.call_in_deadline is None
    assert when.implementable_from == decision.decision_date


def test_notice_resolves_references_as_the_paper_does() -> None:
    records = load_records([RECORDS])
    decision = records.decisions[MODEL]
    refs = numbering.references(decision)
    assert refs[("para", "interim-extension")] == "paragraph 5.4"
    context = decision_notice.build(bundle_for(decision, records))
    texts = ["".join(r.text for r in b.runs) for b in context.resolutions.blocks]
    assert texts == RESOLUTIONS
    assert [b.number for b in context.resolutions.blocks] == ["i)", "ii)", "iii)", "iv)", "v)"]


# ---- the built documents -------------------------------------------------------------------------


def test_model_notice_states_maker_outcome_and_every_resolution(model_notice: str) -> None:
    assert "Decision maker Cabinet" in model_notice
    assert "Recommendations approved (subject to call-in)" in model_notice
    assert "Yes – Forward Plan reference KD-2025-041" in model_notice
    assert (
        "For the reasons set out in the report and its appendices, Cabinet RESOLVED to:"
        in model_notice
    )
    for text in RESOLUTIONS:
        assert text in model_notice
    assert "paragraph 5.4" in model_notice
    assert "paragraph of this report" not in model_notice


def test_model_notice_states_call_in_deadline_and_implementation_date(model_notice: str) -> None:
    assert "Date published Thursday 24 July 2025" in model_notice
    assert "Call-in deadline Thursday 31 July 2025" in model_notice
    assert "Can be implemented from Friday 1 August 2025" in model_notice
    assert (
        "The call-in period ends on Thursday 31 July 2025, five working days after the decision "
        "was published. Unless the decision is called in, it can be implemented from Friday "
        "1 August 2025." in model_notice
    )


def test_model_notice_lists_documents_and_meeting(model_notice: str) -> None:
    assert "Cabinet report: Independent Living Support Service – Contract Award" in model_notice
    assert "Appendix A: Suppliers appointed to each Lot" in model_notice
    assert (
        "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local "
        "Government Act 1972" in model_notice
    )
    assert "Cabinet, Tuesday 22 July 2025, agenda item 7" in model_notice
    for heading in ("Reasons for the decision", "Conflicts of interest", "Dispensations granted"):
        assert heading in model_notice


def test_officer_notice_is_not_subject_to_call_in(officer_notice: str) -> None:
    assert "Decision maker Director of Social Services" in officer_notice
    assert "the Director of Social Services DECIDED to:" in officer_notice
    assert "This decision is not subject to call-in." in officer_notice
    assert "can be implemented from Tuesday 10 March 2026" in officer_notice
    assert "Call-in deadline" not in officer_notice
    assert "Related meeting" not in officer_notice


def test_notice_pdf_is_tagged_titled_and_in_british_english(example_build: Path) -> None:
    reader = pypdf.PdfReader(example_build / MODEL / f"{NOTICE}.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata is not None
    assert (
        reader.metadata.title
        == "Independent Living Support Service – Contract Award – decision notice"
    )
    assert "Page 1 of" in reader.pages[0].extract_text()


def test_notice_docx_has_headings_title_and_tables(example_build: Path) -> None:
    document = docx.Document(str(example_build / MODEL / f"{NOTICE}.docx"))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
    assert headings[:2] == ["Purpose", "Decision"]
    assert "Supporting documents" in headings
    assert (
        document.core_properties.title
        == "Independent Living Support Service – Contract Award – decision notice"
    )
    assert [c.text for c in document.tables[1].rows[0].cells] == ["Document", "Publication"]


# ---- hostile values and reproducibility ----------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model case with markup and template syntax in its title and conflicts of interest."""
    records = tmp_path_factory.mktemp("records")
    shutil.copytree(RECORDS, records, dirs_exist_ok=True)
    path = records / "ilss-2025" / "decision.yaml"
    quoted = '"' + HOSTILE.replace("\\", "\\\\").replace('"', '\\"') + '"'
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", f"title: {quoted}", text, count=1, flags=re.M)
    path.write_text(text + f"conflicts_of_interest: {quoted}\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile")
    pipeline.build_papers([records], out, only=("decision_notice",))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_values_appear_literally(hostile_build: Path, fmt: str) -> None:
    text = text_of(hostile_build / MODEL / f"{NOTICE}.{fmt}")
    assert text.count(HOSTILE) >= 2  # the title and the conflicts of interest


def test_hostile_html_is_escaped_exactly_once(hostile_build: Path) -> None:
    raw = (hostile_build / MODEL / f"{NOTICE}.html").read_text(encoding="utf-8")
    assert "O&#39;Brien &amp; Daughters &lt;Care&gt; &#34;Ltd&#34; {{ 7*7 }}" in raw
    assert "&amp;amp;" not in raw and "&amp;lt;" not in raw


def test_rebuilding_gives_identical_bytes(tmp_path: Path, example_build: Path) -> None:
    pipeline.build_papers([RECORDS], tmp_path)
    names = [f"{MODEL}/{NOTICE}.{fmt}" for fmt in FORMATS]
    names += [f"{OFFICER}/{NOTICE}.{fmt}" for fmt in FORMATS]
    names += [f"{MODEL}/cabinet-paper.html", f"{OFFICER}/decision-report.html"]
    for name in names:
        assert (tmp_path / name).read_bytes() == (example_build / name).read_bytes(), name


def test_word_template_uses_only_context_fields() -> None:
    """Contract: every name the .docx template places exists on DecisionNoticeContext."""
    names = DocxRenderer(RECORDS.parent / "templates" / "decision_notice.docx").variables()
    assert names and names <= set(decision_notice.DecisionNoticeContext.model_fields)
