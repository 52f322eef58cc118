"""The accessible HTML editions: structure, self-containment and escaping, read back with
html.parser from the real build and from the renderer directly."""

from __future__ import annotations

import itertools
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from docgen.documents.notice_parts import DecisionNoticeLabels
from docgen.errors import TemplateError
from docgen.render.html import HtmlRenderer, as_namespace

TEMPLATES = ROOT / "templates"
PAGES = [
    "ilss-cabinet-2025-07-22/decision-notice.html",
    "ilss-cabinet-2025-07-22/cabinet-paper.html",
    "carers-support-2026-award/decision-notice.html",
    "carers-support-2026-award/decision-report.html",
]


class Page(HTMLParser):
    """What the accessibility checks need: language, title, headings, table cells, assets."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.title = ""
        self.headings: list[tuple[int, str]] = []
        self.th_scopes: list[str | None] = []
        self.tables = self.captions = 0
        self.assets: list[str] = []
        self.text: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        if tag == "th":
            self.th_scopes.append(found.get("scope"))
        self.tables += tag == "table"
        self.captions += tag == "caption"
        if tag in ("link", "script", "img", "iframe", "object") or "src" in found:
            self.assets.append(tag)
        href = found.get("href")
        if href is not None and not href.startswith("#"):
            self.assets.append(href)
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        current = self._open[-1] if self._open else ""
        if current == "title":
            self.title += data
        elif current in ("h1", "h2", "h3", "h4"):
            self.headings.append((int(current[1]), data))


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module", params=PAGES)
def page(request: pytest.FixtureRequest, example_build: Path) -> Page:
    return parse((example_build / request.param).read_text(encoding="utf-8"))


def test_page_is_british_english_with_a_title(page: Page) -> None:
    assert page.lang == "en-GB"
    assert page.title.startswith(page.headings[0][1] + " – ")  # "<h1 text> – … – <council>"


def test_page_has_one_h1_and_headings_in_order(page: Page) -> None:
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"


def test_tables_have_captions_and_scoped_headers(page: Page) -> None:
    assert page.tables and page.captions == page.tables
    assert page.th_scopes and all(scope in ("col", "row") for scope in page.th_scopes)


def test_page_is_self_contained(page: Page) -> None:
    assert page.assets == []


def test_notice_documents_table_has_column_headers(example_build: Path) -> None:
    page = parse((example_build / PAGES[0]).read_text(encoding="utf-8"))
    assert page.th_scopes.count("col") == 2
    assert [text for _, text in page.headings][:3] == [
        "Independent Living Support Service – Contract Award",
        "Purpose",
        "Decision",
    ]


def test_paper_keeps_its_paragraph_numbers(example_build: Path) -> None:
    html = (example_build / PAGES[1]).read_text(encoding="utf-8")
    assert (
        '<p class="numbered" id="para-5.4"><span class="num">5.4</span>'
        "<span>The current purchasing arrangements" in html
    )
    assert "as set out at paragraph 5.4 of this report" in html
    headings = [text for _, text in parse(html).headings]
    assert "2. Recommendations" in headings and "9. Other Implications" in headings
    assert "Social value" in headings  # a prose sub-heading, as an h3


# ---- the renderer on its own ---------------------------------------------------------------------


def _notice_context(text: str) -> str:
    """A minimal notice context whose every string is text."""
    prose = {
        "_prose": True,
        "blocks": [
            {
                "kind": "para",
                "number": None,
                "runs": [{"text": text, "bold": False, "italic": False}],
                "items": [],
                "level": 0,
                "label": None,
            }
        ],
    }
    meta = {
        k: text
        for k in (
            "council_name",
            "document_title",
            "status_label",
            "date_text",
            "record_sha256",
            "footer",
        )
    }
    row = {"label": text, "value": text}
    summary = {"published_date": text}
    return json.dumps(
        {
            "meta": {**meta, "is_draft": False, "lang": "en-GB", "skip_link_label": text},
            "labels": dict.fromkeys(DecisionNoticeLabels.model_fields, text),
            "title": text,
            "summary": summary,
            "details": [row],
            "purpose": prose,
            "resolved_intro": text,
            "resolutions": prose,
            "reasons": prose,
            "alternatives": prose,
            "conflicts_of_interest": text,
            "dispensations": text,
            "implementation_note": text,
            "documents": [{"title": text, "access": text, "is_exempt": True}],
            "related_meeting": text,
            "route": {"rows": [row], "statement": prose},
        }
    )


@given(
    st.text(
        st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"),
        min_size=1,
    )
)
def test_any_text_comes_through_literally(text: str) -> None:
    html = HtmlRenderer(TEMPLATES, "decision_notice").render(_notice_context(text))
    assert text in "".join(parse(html.decode()).text)


def test_template_syntax_in_values_is_not_evaluated() -> None:
    html = HtmlRenderer(TEMPLATES, "decision_notice").render(_notice_context("{{ 7*7 }} & <b>"))
    assert b"{{ 7*7 }} &amp; &lt;b&gt;" in html and b"49" not in html and b"<b>" not in html


def test_a_name_the_context_lacks_is_an_error() -> None:
    data = json.loads(_notice_context("x"))
    del data["dispensations"]
    with pytest.raises(TemplateError, match="dispensations"):
        HtmlRenderer(TEMPLATES, "decision_notice").render(json.dumps(data))


def test_items_is_a_field_not_the_dict_method() -> None:
    block = as_namespace({"kind": "bullets", "items": [[{"text": "a"}]]})
    assert block.items[0][0].text == "a"  # type: ignore[attr-defined]
