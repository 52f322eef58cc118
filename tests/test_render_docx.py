"""The Word renderer, on a small template built here with python-docx and read back with it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import needs, soffice_to_pdf
from docx.enum.style import WD_STYLE_TYPE
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from docgen.errors import RenderError, TemplateError
from docgen.render.docx import DocxRenderer
from docgen.render.docx_props import APP_XML, DocProperties
from docgen.render.docx_prose import prepare_context, prose_to_docx
from docgen.render.docx_zip import deflate, zip_members
from docgen.render.sandbox import clean_text, make_environment

SUPPLIER = "O'Brien & Daughters <Care> Ltd t/a Cwmni Gofal Ŵyn"
JINJA = "{{ 7*7 }} {% if true %}x{% endif %} {_{ y }_}"
QUOTES = "\"quotes\" and 'single' ‘curly’ “double”"
RTL = "شركة الرعاية المحدودة – חברת טיפול"
WELSH = "Gwasanaeth ŵ ŷ Ŵ Ŷ â ê î ô û"
EMOJI = "Care 👍🏽 🏴󠁧󠁢󠁷󠁬󠁳󠁿 ✅"
LONG = ("Long-Term Care – adults with physical disabilities & <sensory> impairments; " * 7)[:500]
PROSE_STYLES = ("Numbered Para", "List Alpha", "Subheading", "Recommendation", "Recommendation 2")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PROPS = DocProperties(
    title=SUPPLIER,
    author="Cyngor Sir Gâr & Co",
    keywords="sha256:" + "0" * 64,
    created=dt.datetime(2025, 7, 22, 9, 0, tzinfo=dt.UTC),
)


def build_template(
    path: Path, body: Sequence[str] = (), styles: Sequence[str] = PROSE_STYLES
) -> Path:
    """Header `{{ title }}`, two paragraphs, a `{%tr %}` row loop, `{{p body }}`, a sign-off."""
    document = docx.Document()
    for name in styles:
        document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    document.sections[0].header.paragraphs[0].text = "{{ title }}"
    document.add_paragraph("Dear {{ name }},")
    document.add_paragraph("Reference: {{ ref }}")
    table = document.add_table(rows=4, cols=2)
    texts = ["Supplier", "Score", "{%tr for row in rows %}", ""]
    texts += ["{{ row.name }}", "{{ row.score }}", "{%tr endfor %}", ""]
    cells = [cell for row in table.rows for cell in row.cells]
    for cell, text in zip(cells, texts, strict=True):
        cell.text = text
    document.add_paragraph("{{p body }}")
    for text in body:
        document.add_paragraph(text)
    document.add_paragraph("Yours faithfully, {{ signer }}")
    document.save(str(path))
    return path


def run(text: str, bold: bool = False, italic: bool = False) -> dict[str, Any]:
    return {"text": text, "bold": bold, "italic": italic}


BLOCKS: list[dict[str, Any]] = [
    {"kind": "para", "number": "1.2", "runs": [run("Award to "), run(SUPPLIER, bold=True)]},
    {"kind": "para", "number": None, "runs": [run(QUOTES, italic=True), run(" " + RTL)]},
    {"kind": "bullets", "number": None, "items": [[run(WELSH)], [run(EMOJI), run(" & more")]]},
    {"kind": "numbers", "number": None, "items": [[run(JINJA)], [run("<b>not bold</b>")]]},
    {"kind": "heading", "runs": [run("Sub & heading")]},
    {"kind": "item", "number": "(i)", "level": 1, "runs": [run("approve")]},
    {"kind": "item", "number": "(a)", "level": 2, "runs": [run("the award")]},
]


def context(**changes: Any) -> dict[str, Any]:
    """The context as `model_dump(mode="json", by_alias=True)` gives it, hostile throughout."""
    base: dict[str, Any] = {
        "title": SUPPLIER,
        "name": SUPPLIER,
        "ref": JINJA,
        "signer": QUOTES,
        "rows": [
            {"name": SUPPLIER, "score": "87.5"},
            {"name": RTL, "score": EMOJI},
            {"name": LONG, "score": WELSH},
        ],
        "body": {"_prose": True, "blocks": BLOCKS},
    }
    return base | changes


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("tpl") / "letter.docx")


@pytest.fixture(scope="module")
def renderer(template: Path) -> DocxRenderer:
    return DocxRenderer(template)


@pytest.fixture(scope="module")
def rendered(renderer: DocxRenderer) -> bytes:
    return renderer.render(context(), PROPS)


@pytest.fixture
def make_renderer(tmp_path: Path) -> Callable[..., DocxRenderer]:
    def make(*body: str, styles: Sequence[str] = PROSE_STYLES) -> DocxRenderer:
        return DocxRenderer(build_template(tmp_path / "t.docx", body, styles))

    return make


def read(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def test_values_come_out_literally_in_paragraphs_cells_and_header(rendered: bytes) -> None:
    document = read(rendered)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == f"Dear {SUPPLIER},"
    assert texts[1] == f"Reference: {JINJA}"
    assert texts[-1] == f"Yours faithfully, {QUOTES}"
    cells = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert cells == [
        ["Supplier", "Score"],
        [SUPPLIER, "87.5"],
        [RTL, EMOJI],
        [LONG, WELSH],
    ]
    assert [p.text for p in document.sections[0].header.paragraphs] == [SUPPLIER]


def test_prose_becomes_styled_paragraphs_escaped_once(rendered: bytes) -> None:
    paragraphs = read(rendered).paragraphs[2:-1]
    assert [(p.style.name, p.text) for p in paragraphs] == [
        ("Numbered Para", f"1.2\tAward to {SUPPLIER}"),
        ("Body Text", f"{QUOTES} {RTL}"),
        ("List Bullet", WELSH),
        ("List Bullet", f"{EMOJI} & more"),
        ("List Alpha", f"(a)\t{JINJA}"),
        ("List Alpha", "(b)\t<b>not bold</b>"),
        ("Subheading", "Sub & heading"),
        ("Recommendation", "(i)\tapprove"),
        ("Recommendation 2", "(a)\tthe award"),
    ]
    first = paragraphs[0].runs
    assert [(r.text, bool(r.bold)) for r in first if r.text.strip()] == [
        ("1.2", False),
        ("Award to ", False),
        (SUPPLIER, True),
    ]
    assert paragraphs[1].runs[0].italic


def test_a_paragraph_introducing_a_list_is_kept_with_it(rendered: bytes) -> None:
    paragraphs = read(rendered).paragraphs[2:-1]
    kept = [p.paragraph_format.keep_with_next for p in paragraphs[:3]]
    assert kept == [None, True, None]


def test_core_properties_hold_the_raw_values_escaped_once(rendered: bytes) -> None:
    core = read(rendered).core_properties
    assert core.title == SUPPLIER
    assert core.author == core.last_modified_by == "Cyngor Sir Gâr & Co"
    assert core.keywords == "sha256:" + "0" * 64
    assert core.language == "en-GB"
    assert core.created == core.modified == dt.datetime(2025, 7, 22, 9, 0, tzinfo=dt.UTC)
    assert b"&amp;amp;" not in member(rendered, "docProps/core.xml")


def test_app_properties_name_no_person_or_company(rendered: bytes) -> None:
    assert member(rendered, "docProps/app.xml") == APP_XML


def test_default_language_is_set_in_doc_defaults(renderer: DocxRenderer, rendered: bytes) -> None:
    def language(data: bytes) -> str:
        root = etree.fromstring(member(data, "word/styles.xml"))
        return str(root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val"))

    assert language(rendered) == "en-GB"  # python-docx's default template says en-US
    welsh = DocProperties(title="t", language="cy-GB", created=PROPS.created)
    assert language(renderer.render(context(), welsh)) == "cy-GB"


def test_two_renders_give_identical_bytes_and_a_tidy_zip(
    renderer: DocxRenderer, template: Path, rendered: bytes
) -> None:
    assert renderer.render(context(), PROPS) == rendered
    assert DocxRenderer(template).render(context(), PROPS) == rendered
    archive = zipfile.ZipFile(io.BytesIO(rendered))
    assert archive.testzip() is None
    assert archive.namelist() == zipfile.ZipFile(template).namelist()
    for info in archive.infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.external_attr >> 16 == 0o100644


def test_the_zip_writer_writes_what_zipfile_would() -> None:
    items = [("[Content_Types].xml", b"<x/>" * 50), ("word/ŵ.xml", bytes(range(256)) * 9)]
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w") as archive:
        for name, blob in items:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type, info.create_system = zipfile.ZIP_DEFLATED, 3
            info.external_attr = 0o100644 << 16
            archive.writestr(info, blob)
    assert zip_members([deflate(name, blob) for name, blob in items]) == expected.getvalue()


def test_document_xml_is_what_docxtpl_itself_renders(template: Path) -> None:
    # Without docxtpl's {_{ escapes in values: docxtpl rewrites those, this renderer does not.
    ctx = context(ref="plain", body={"_prose": True, "blocks": BLOCKS[:3]})
    reference = DocxTemplate(template)
    reference.render(prepare_context(ctx), make_environment(), autoescape=True)
    out = io.BytesIO()
    reference.save(out)
    ours = DocxRenderer(template).render(ctx, PROPS)
    for name in ("word/document.xml", "word/header1.xml"):
        expected = etree.fromstring(member(out.getvalue(), name))
        actual = etree.fromstring(member(ours, name))
        assert etree.tostring(actual, method="c14n") == etree.tostring(expected, method="c14n")


def test_variables_lists_the_names_the_template_uses(renderer: DocxRenderer) -> None:
    assert renderer.variables() == {"title", "name", "ref", "rows", "body", "signer"}


def test_a_missing_variable_is_a_template_error_naming_it(renderer: DocxRenderer) -> None:
    ctx = context()
    del ctx["signer"]
    with pytest.raises(TemplateError) as caught:
        renderer.render(ctx, PROPS)
    message = str(caught.value)
    assert "letter.docx" in message and "'signer' is undefined" in message
    assert "Yours faithfully" in message


def test_a_missing_attribute_is_a_template_error(renderer: DocxRenderer) -> None:
    with pytest.raises(TemplateError, match="no attribute 'score'"):
        renderer.render(context(rows=[{"name": "x"}]), PROPS)


@pytest.mark.parametrize(
    "tag",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ name.__class__ }}",
        "{{ rows.__len__() }}",
        "{% set _ = rows.append(1) %}",
    ],
)
def test_the_sandbox_refuses_unsafe_access(
    make_renderer: Callable[..., DocxRenderer], tag: str
) -> None:
    with pytest.raises(TemplateError, match=r"t\.docx.*unsafe"):
        make_renderer(tag).render(context(), PROPS)


def test_a_syntax_error_is_a_template_error(make_renderer: Callable[..., DocxRenderer]) -> None:
    with pytest.raises(TemplateError, match=r"t\.docx \(word/document\.xml.*unexpected"):
        make_renderer("{{ name }").render(context(), PROPS)


def test_docxtpl_escaped_tags_are_literal_and_values_are_never_rewritten(
    make_renderer: Callable[..., DocxRenderer],
) -> None:
    data = make_renderer("Literal {_{ x }_} and {_% y %_}").render(context(), PROPS)
    texts = [p.text for p in read(data).paragraphs]
    assert "Literal {{ x }} and {% y %}" in texts
    assert f"Reference: {JINJA}" in texts  # the value's own {_{ y }_} is untouched


def test_plain_text_given_to_a_paragraph_tag_is_refused(renderer: DocxRenderer) -> None:
    with pytest.raises(RenderError, match="outside any paragraph"):
        renderer.render(context(body="just a string"), PROPS)


def test_a_style_the_template_lacks_is_a_template_error(
    make_renderer: Callable[..., DocxRenderer],
) -> None:
    with pytest.raises(TemplateError, match="'ListAlpha'"):
        make_renderer(styles=["Numbered Para"]).render(context(), PROPS)


def test_prepare_context_is_idempotent_and_cleans_strings() -> None:
    once = prepare_context(
        {"a": ["x\x00y", {"b": "\x1bz"}], "body": {"_prose": True, "blocks": []}}
    )
    assert prepare_context(once) == once
    assert once["a"] == ["xy", {"b": "z"}]
    assert once["body"].xml == prose_to_docx([]).xml == ""


def test_a_naive_created_date_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        DocProperties(title="t", created=dt.datetime(2025, 7, 22))


def test_clean_text_keeps_tabs_newlines_and_text_but_drops_controls() -> None:
    assert clean_text("a\tb\nc\r\x00\x07\x0c\x7f\x85\ud800\ufffeŵ🏴") == "a\tb\ncŵ🏴"


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=[]), max_size=300))
def test_any_text_gives_a_document_with_the_cleaned_text(renderer: DocxRenderer, text: str) -> None:
    prose = {"_prose": True, "blocks": [{"kind": "para", "number": None, "runs": [run(text)]}]}
    data = renderer.render(context(name=text, title=text, body=prose), PROPS)
    document = read(data)
    cleaned = clean_text(text)
    assert document.paragraphs[0].text == f"Dear {cleaned},"
    assert document.sections[0].header.paragraphs[0].text == cleaned
    assert document.paragraphs[2].text == cleaned


@needs("soffice", "libreoffice-writer-nogui")
def test_libreoffice_converts_the_hostile_document(tmp_path: Path, rendered: bytes) -> None:
    source = tmp_path / "hostile.docx"
    source.write_bytes(rendered)
    soffice_to_pdf(source, tmp_path, timeout=120)
    assert (tmp_path / "hostile.pdf").read_bytes().startswith(b"%PDF")
