"""Hostile input: templates cannot escape their sandbox, values are never code, YAML is only data,
output paths stay inside the output folder, and any text a person might type either stops
validation with a clear error or comes out in Word and PDF exactly as typed.

The property-based tests start from records/carers-support-2026 and the Glan-yr-Afon council,
replace text fields with hostile strings, write the records as YAML and load them the way
`docgen validate` does. Rendering is costly, so only the render tests use fewer examples; the
HYPOTHESIS_PROFILE=fuzz profile (`make fuzz`) raises both.
"""

from __future__ import annotations

import copy
import io
import json
import re
import subprocess
import tempfile
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
from conftest import RECORDS, needs
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from docgen import pipeline
from docgen.build import engine as build
from docgen.build.engine import DEFAULT_TEMPLATES, render_job
from docgen.build.papers import paper_jobs
from docgen.checks.core import FONT_DIR
from docgen.checks.glyphs import missing
from docgen.errors import RecordError, RenderError, TemplateError
from docgen.letters import batch as letters
from docgen.models.common import JOINING_SCRIPTS
from docgen.render.docx import DocProperties, DocxRenderer

Data = dict[str, Any]
BASE_FILES = {
    "council": RECORDS / "councils" / "glan-yr-afon.yaml",
    "decision": RECORDS / "carers-support-2026" / "decision.yaml",
    "award": RECORDS / "carers-support-2026" / "award.yaml",
}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")  # as models.common
VALIDATE_EXAMPLES = max(500, settings().max_examples)
RENDER_EXAMPLES = max(60, settings().max_examples // 8)


# ---- the base records ---------------------------------------------------------------------------


def base_records() -> dict[str, Data]:
    """The example records as plain data, with an Appendix A so that bidder names are rendered."""
    yaml = YAML(typ="safe")
    data = {kind: yaml.load(path.read_text(encoding="utf-8")) for kind, path in BASE_FILES.items()}
    appendices = data["decision"]["appendices"]
    if not any(a["source"] == "award_suppliers" for a in appendices):
        appendices.insert(0, {"id": "suppliers", "title": "Suppliers", "source": "award_suppliers"})
    next(a for a in appendices if a["source"] == "award_scores")["exempt"]["paragraphs"] = [3]
    return data


BASE = base_records()


# Characters a YAML stream may not carry raw (and the line breaks YAML would fold): escaped.
_UNPRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def yaml_text(record: Data) -> str:
    """The record as YAML (JSON is YAML), every character written as itself except those a YAML
    stream cannot hold, which are escaped so that they reach the models' own checks."""
    text = json.dumps(record, default=str, ensure_ascii=False, indent=1)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write(folder: Path, data: dict[str, Data]) -> Path:
    for kind, record in data.items():
        (folder / f"{kind}.yaml").write_text(yaml_text(record), encoding="utf-8")
    return folder


def load(data: dict[str, Data]) -> Any:
    """Write the records as YAML files and validate them as `docgen validate` does."""
    with tempfile.TemporaryDirectory() as folder:
        return pipeline.validate([write(Path(folder), data)])


# ---- hostile strings ----------------------------------------------------------------------------

MARKUP = ["&", "<", ">", '"', "'", "&amp;", "<w:t>", "</w:p>", "]]>", "<script>", "\\", "%PDF"]
TEMPLATE = ["{{", "}}", "{%", "%}", "{#", "#}", "{{ 7*7 }}", "{% for x in y %}", "#", "$", "$x^2$"]
TYPST = ["#set text(red)", '#read("/etc/passwd")', "*bold*", "_em_", "`raw`", "@label", "<lbl>"]
PATHS = ["../", "..\\", "/etc/passwd", "C:\\Users\\", "~/", "./"]
SCRIPTS = ["Ŵ", "ŵ", "Ŷ", "ŷ", "Cwmni Gofal Ŵyn", "שלום", "עולם", "e\u0301", "ß", "Ø", "Ωμέγα"]
UNSHOWABLE = ["مرحبا", "中文", "😀", "👍🏽"]  # no shipped PDF font has these: a record error
SPACES = [" ", "  ", "\t", "\n", "\r\n", "\u00a0"]
CONTROLS = ["\x00", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\ufffe"]
RENDERABLE = MARKUP + TEMPLATE + TYPST + PATHS + SCRIPTS + [" ", "  ", "\t"]
PLAIN = st.characters(min_codepoint=0x20, max_codepoint=0x24F, exclude_categories=("Cc",))


def hostile(
    fragments: list[str], alphabet: st.SearchStrategy[str] = PLAIN
) -> st.SearchStrategy[str]:
    """Short mixes of hostile fragments and plain text, and now and then 500–2000 characters."""
    piece = st.one_of(st.sampled_from(fragments), st.text(alphabet, min_size=1, max_size=10))
    short = st.lists(piece, min_size=1, max_size=8).map("".join)
    long = st.tuples(piece, st.integers(500, 2000)).map(
        lambda t: (t[0] * (t[1] // len(t[0]) + 1))[: t[1]]
    )
    return st.one_of(short, short, short, long)


ANY_TEXT = hostile(RENDERABLE + SPACES + CONTROLS + UNSHOWABLE, st.characters(codec="utf-8"))
RENDER_TEXT = hostile(RENDERABLE).filter(lambda s: bool(s.strip()))


def field_values(names: list[str]) -> st.SearchStrategy[dict[str, str]]:
    """Every field hostile but showable; in about half the examples one field is anything at all
    (control characters, blanks, emoji, any Unicode), so that both outcomes are well explored."""
    showable = st.fixed_dictionaries({name: RENDER_TEXT for name in names})
    wild = st.one_of(st.none(), st.tuples(st.sampled_from(names), ANY_TEXT))
    return st.tuples(showable, wild).map(lambda t: t[0] | (dict([t[1]]) if t[1] else {}))


def prose_escape(text: str) -> str:
    """A value as prose that shows it literally (docgen/prose.py): braces doubled, * escaped,
    on one line, after a word so that it cannot start a list or carry a label."""
    flat = " ".join(text.split())
    return "Note: " + flat.replace("{", "{{").replace("}", "}}").replace("*", "\\*")


# ---- the fields each property test replaces -------------------------------------------------------

Setter = Callable[[dict[str, Data], str], str]


def setter(kind: str, *path: str | int, prose: bool = False) -> Setter:
    """Puts a value at path in a record and returns what it stored (prose is escaped)."""

    def put(data: dict[str, Data], value: str) -> str:
        node: Any = data[kind]
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = prose_escape(value) if prose else value
        return str(node[path[-1]])

    return put


COUNCIL_FIELDS = {
    "name": setter("council", "name"),
    "short_name": setter("council", "short_name"),
    "address": setter("council", "address", 0),
    "officer name": setter("council", "officers", 1, "name"),
    "officer title": setter("council", "officers", 1, "title"),
    "officer email": setter("council", "officers", 1, "email"),
    "member": setter("council", "members", 0, "name"),
    "department": setter("council", "letterhead", "department"),
}
DECISION_FIELDS = {
    "title": setter("decision", "title"),
    "purpose": setter("decision", "purpose", prose=True),
    "reasons": setter("decision", "sections", "reasons", prose=True),
    "legal": setter("decision", "sections", "equalities", prose=True),
    "resolution": setter("decision", "resolutions", 0, "text", prose=True),
    "appendix title": setter("decision", "appendices", 1, "title"),
    "public interest": setter("decision", "appendices", 1, "exempt", "public_interest"),
    "authority": setter("decision", "decision_maker", "authority"),
}
AWARD_FIELDS = {
    "title": setter("award", "title"),
    "winner name": setter("award", "bidders", 0, "name"),
    "winner address": setter("award", "bidders", 0, "address", 1),
    "loser name": setter("award", "bidders", 1, "name"),
    "contact": setter("award", "bidders", 2, "contact", "name"),
    "advantages": setter("award", "advantages"),
    "feedback": setter("award", "bids", 1, "feedback"),
    "reference": setter("award", "procurement", "reference"),
}
ALL_FIELDS = {
    f"{kind} {name}": put
    for kind, fields in (
        ("council", COUNCIL_FIELDS),
        ("decision", DECISION_FIELDS),
        ("award", AWARD_FIELDS),
    )
    for name, put in fields.items()
}
PROSE = {"purpose", "reasons", "legal", "resolution"}


OPTIONAL = {"award advantages", "award feedback", "advantages", "feedback"}  # may be blank


def mutated(fields: dict[str, Setter], values: dict[str, str]) -> dict[str, Data]:
    return mutate(fields, values)[0]


def mutate(
    fields: dict[str, Setter], values: dict[str, str]
) -> tuple[dict[str, Data], dict[str, str]]:
    """The base records with the values put in; and what was stored for each field."""
    data = copy.deepcopy(BASE)
    return data, {name: fields[name](data, value) for name, value in values.items()}


PROSE_FIELDS = {"purpose", "reasons", "legal", "resolution", "advantages", "feedback"}
PROSE_FIELDS |= {f"{kind} {name}" for name in PROSE_FIELDS for kind in ("decision", "award")}
BIDI_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")  # as models.common


def hidden(name: str, value: str) -> bool:
    """An invisible character that hides or reorders text (models.common): in prose, a bidi
    override, embedding or isolate; in a name or line, any format character (Cf) but a joiner
    inside a word of a script that needs it."""
    if name in PROSE_FIELDS:
        return BIDI_REORDERING.search(value) is not None
    return any(
        unicodedata.category(c) == "Cf" and not (c in "\u200c\u200d" and joined(value, i))
        for i, c in enumerate(value)
    )


def joined(value: str, at: int) -> bool:
    if not 0 < at < len(value) - 1:
        return False
    sides = (value[at - 1], value[at + 1])
    if any(unicodedata.category(c)[0] not in "LM" for c in sides):
        return False
    scripts = {unicodedata.name(c, "?").split()[0] for c in sides}
    return len(scripts) == 1 and scripts <= JOINING_SCRIPTS


def invalid(stored: dict[str, str]) -> bool:
    """Whether validation must refuse: a control character, an invisible one that hides or
    reorders text, a required text left blank, or a character no shipped PDF font can show."""
    return any(
        CONTROL.search(v)
        or hidden(name, v)
        or (not v.strip() and name not in OPTIONAL)
        or missing(v, FONT_DIR)
        for name, v in stored.items()
    )


def assert_clear(error: RecordError) -> None:
    """A clear validation error: every problem names its file, line and field and says what is wrong."""
    assert error.problems
    for problem in error.problems:
        assert problem.path.endswith(".yaml") and problem.line >= 1
        assert problem.message and "Traceback" not in problem.message


# ---- 1. validation only: 500 examples per model ----------------------------------------------------


def check_validation(fields: dict[str, Setter], values: dict[str, str]) -> str:
    data, stored = mutate(fields, values)
    try:
        records = load(data)
    except RecordError as error:
        assert invalid(stored), str(error)
        assert_clear(error)
        return "refused"
    assert not invalid(stored), "a control character or blank text was accepted"
    assert records.decisions and records.awards and records.councils
    return "valid"


@settings(max_examples=VALIDATE_EXAMPLES)
@given(field_values(list(COUNCIL_FIELDS)))
def test_hostile_council_text_is_valid_or_a_clear_error(values: dict[str, str]) -> None:
    event(check_validation(COUNCIL_FIELDS, values))


@settings(max_examples=VALIDATE_EXAMPLES)
@given(field_values(list(DECISION_FIELDS)))
def test_hostile_decision_text_is_valid_or_a_clear_error(values: dict[str, str]) -> None:
    event(check_validation(DECISION_FIELDS, values))


@settings(max_examples=VALIDATE_EXAMPLES)
@given(field_values(list(AWARD_FIELDS)))
def test_hostile_award_text_is_valid_or_a_clear_error(values: dict[str, str]) -> None:
    event(check_validation(AWARD_FIELDS, values))


# ---- 2. rendering: the documents open and say exactly what was typed -------------------------------


def visible(text: str) -> str:
    """For comparison: NFC, no invisible format characters, white space collapsed."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.split())


def contains(document: str, value: str, fmt: str) -> bool:
    """Whether the document shows the value.

    Word keeps text as typed. PDF text extraction cannot tell a wrapped line (even one broken
    inside a long word) from a space, reads a table row line by line across its cells (so a cell
    that wraps is interleaved with its neighbours), and gives right-to-left runs in visual order.
    So in a PDF the value is compared without white space, as consecutive pieces of consecutive
    lines, and a value with Hebrew by its strongly directional stretches (see strong_runs).
    Once pypdf has met right-to-left text on a page it may give a later line's brackets mirrored
    ("&}} 7*7 {{" for a correctly drawn "&{{ 7*7 }}", seen as an image), so the two halves of
    each mirrored pair count as one character.
    """
    needle = visible(value)
    if fmt == "docx":
        return needle in visible(document)
    needle = needle.translate(_MIRROR_FOLD)
    lines = [
        visible(line).replace(" ", "").translate(_MIRROR_FOLD) for line in document.splitlines()
    ]
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in needle):
        return all(in_pieces(run, lines) for run in strong_runs(needle))
    return in_pieces(needle.replace(" ", ""), lines)


_MIRROR_FOLD = str.maketrans("}])>»", "{[(<«")


def strong_runs(text: str) -> list[str]:
    """The stretches of strongly left-to-right or right-to-left letters; the neutral characters
    between them (spaces, punctuation) may be reordered in visual order, so they are left out."""
    classes = [
        "R" if unicodedata.bidirectional(c) in ("R", "AL") else unicodedata.bidirectional(c)
        for c in text
    ]
    runs: list[str] = []
    for char, kind, previous in zip(text, classes, [None, *classes], strict=False):
        if kind not in ("L", "R"):
            continue
        if runs and kind == previous:
            runs[-1] += char
        else:
            runs.append(char)
    return runs


def in_pieces(needle: str, lines: list[str]) -> bool:
    """Whether needle is the concatenation of substrings of successive lines, in order."""
    if any(needle in line for line in lines):
        return True
    start = 0
    for line in lines:
        size = len(needle) - start
        while size and needle[start : start + size] not in line:
            size -= 1
        start += size
        if start == len(needle):
            return True
    return False


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        parts += [c.text for t in section.footer.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


_PAGE_NUMBER = re.compile(r"Page \d+ of \d+")


def pdf_text(data: bytes) -> str:
    """The text of a tagged PDF's pages; then the same again without the running header and
    footer (lines every page repeats), so that a value broken across a page reads as one."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    raw = [page.extract_text() for page in reader.pages]
    pages = [[_PAGE_NUMBER.sub("", line).strip() for line in text.splitlines()] for text in raw]
    running = set.intersection(*map(set, pages)) if len(pages) > 1 else set()
    body = [line for lines in pages for line in lines if line not in running]
    return "\n".join(raw) + "\n\x00\n" + "\n".join(body)


# Where each value must appear: the document kind that shows it.
SHOWN_IN = {
    "council name": "cabinet_paper",
    "council officer name": "cabinet_paper",
    "decision title": "cabinet_paper",
    "decision reasons": "cabinet_paper",
    "decision resolution": "cabinet_paper",
    "award winner name": "appendix_suppliers",
    "award winner address": "appendix_suppliers",
    "award title": "appendix_suppliers",
    "award loser name": "appendix_scores",
    "decision public interest": "appendix_scores",
}


def rendered(records: Any) -> Iterator[tuple[str, str, str]]:
    """(kind, format, text) of the paper and both appendices, each opened by its reader."""
    for job in paper_jobs(records, formats=("docx", "pdf")):
        if job.kind in ("cabinet_paper", "appendix_suppliers", "appendix_scores"):
            files = render_job(job, DEFAULT_TEMPLATES)
            yield job.kind, "docx", docx_text(files["docx"])
            yield job.kind, "pdf", pdf_text(files["pdf"])


def check_rendering(values: dict[str, str]) -> str:
    try:
        records = load(mutated(ALL_FIELDS, values))
    except RecordError as error:
        assert_clear(error)
        return "refused"
    for kind, fmt, text in rendered(records):
        for field, shown_in in SHOWN_IN.items():
            if shown_in == kind:
                value = values[field]
                if field.split()[-1] in PROSE:
                    value = "Note: " + value
                assert contains(text, value, fmt), f"{field} {value!r} not in the {kind} {fmt}"
    return "rendered"


@settings(max_examples=RENDER_EXAMPLES, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({name: RENDER_TEXT for name in SHOWN_IN}))
def test_hostile_text_comes_out_exactly_in_word_and_pdf(values: dict[str, str]) -> None:
    event(check_rendering(values))


@pytest.mark.parametrize(
    "value",
    [
        "{{ 7*7 }}",
        "{% if true %}yes{% endif %}",
        "{{ ''.__class__.__mro__ }}",
        "#set page(fill: red) $x^2$ <x> @x",
        "O'Brien & Daughters <Care> Ltd t/a Cwmni Gofal Ŵyn",
        "../../etc/passwd",
    ],
)
def test_values_are_never_evaluated(value: str) -> None:
    values = dict.fromkeys(SHOWN_IN, "Plain")
    values["award winner name"] = value
    check_rendering(values)
    texts = [
        t
        for kind, _, t in rendered(load(mutated(ALL_FIELDS, values)))
        if kind == "appendix_suppliers"
    ]
    assert all(value in " ".join(t.split()) for t in texts)
    assert all("49" not in t.split() for t in texts)


def test_a_character_the_pdf_fonts_lack_is_refused_by_validation_naming_it() -> None:
    values = dict.fromkeys(SHOWN_IN, "Plain")
    values["award winner name"] = "Smiles 😀 Ltd"
    with pytest.raises(RecordError, match=r"award\.yaml:\d+:\d+: bidders\[0\]\.name: .*U\+1F600"):
        load(mutated(ALL_FIELDS, values))


# ---- 3. templates are sandboxed ---------------------------------------------------------------------


def tampered(tmp_path: Path, kind: str, old: bytes, new: bytes) -> Path:
    """A copy of the templates folder in which one template's placeholder is replaced."""
    folder = tmp_path / "templates"
    import shutil

    shutil.copytree(DEFAULT_TEMPLATES, folder)
    path = folder / kind
    if path.suffix == ".docx":
        with zipfile.ZipFile(DEFAULT_TEMPLATES / kind) as src, zipfile.ZipFile(path, "w") as dst:
            for name in src.namelist():
                blob = src.read(name)
                dst.writestr(name, blob.replace(old, new) if name == "word/document.xml" else blob)
    else:
        path.write_bytes(path.read_bytes().replace(old, new))
    return folder


@pytest.mark.parametrize(
    "attack",
    [
        b"{{ ''.__class__.__mro__ }}",
        b"{{ notice.__class__.__mro__[1].__subclasses__() }}",
        b"{{ meta.__init__.__globals__ }}",
        b"{{ cycler.__init__.__globals__.os }}",
    ],
)
def test_a_template_reaching_for_python_internals_is_refused(tmp_path: Path, attack: bytes) -> None:
    folder = tampered(tmp_path, "appendix_notice.docx", b"{{ notice }}", attack)
    renderer = DocxRenderer(folder / "appendix_notice.docx")
    job = next(j for j in paper_jobs(load(BASE)) if j.kind == "appendix_notice")
    props = DocProperties(title="t", created=job.created)
    with pytest.raises(TemplateError):
        renderer.render(json.loads(job.context_json), props)


def test_a_tampered_template_stops_the_build_with_a_template_error(tmp_path: Path) -> None:
    folder = tampered(tmp_path, "appendix_notice.docx", b"{{ notice }}", b"{{ ''.__class__ }}")
    out = tmp_path / "out"
    with pytest.raises(TemplateError, match=r"unsafe|sandbox"):
        pipeline.build_papers([RECORDS], out, templates=folder)
    assert not list(out.rglob("*.part"))


def test_a_typst_template_cannot_read_outside_its_folder(tmp_path: Path) -> None:
    attack = b'#read("../../../../../../etc/passwd")\n'
    anchor = b"#let input = load-context()"
    folder = tampered(tmp_path, "appendix_notice.typ", anchor, attack + anchor)
    jobs = [j for j in paper_jobs(load(BASE), formats=("pdf",)) if j.kind == "appendix_notice"]
    with pytest.raises(RenderError, match=r"escape the project root|outside|denied"):
        render_job(jobs[0], folder)


# ---- 4. YAML is data, never code -----------------------------------------------------------------


@pytest.mark.parametrize(
    "tag",
    [
        '!!python/object/apply:os.system ["touch {marker}"]',
        "!!python/name:os.system",
        '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
        "!!python/module:os",
    ],
)
def test_yaml_tags_are_never_constructed(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / f"executed-{uuid.uuid4().hex}"
    folder = tmp_path / "records"
    folder.mkdir()
    for kind, path in BASE_FILES.items():
        (folder / f"{kind}.yaml").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    award = folder / "award.yaml"
    text = award.read_text(encoding="utf-8").replace(
        "title: Carers Support Service", "title: " + tag.format(marker=marker), 1
    )
    award.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError) as error:
        pipeline.validate([folder])
    assert not marker.exists()
    assert any(p.field == "title" and p.path.endswith("award.yaml") for p in error.value.problems)


def test_a_raw_control_character_in_a_record_file_is_a_record_error(tmp_path: Path) -> None:
    folder = write(tmp_path, copy.deepcopy(BASE))
    award = folder / "award.yaml"
    award.write_text(award.read_text(encoding="utf-8").replace("Carers Support", "Carers \x07"))
    with pytest.raises(RecordError, match=r"award\.yaml"):
        pipeline.validate([folder])


# ---- 5. output paths stay inside the output folder -------------------------------------------------


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "..", "/etc", "C:\\x", "UPPER", "a" * 70])
def test_ids_that_name_files_must_be_slugs(bad_id: str) -> None:
    data = copy.deepcopy(BASE)
    data["decision"]["id"] = bad_id
    with pytest.raises(RecordError, match=r"decision\.yaml:\d+:\d+: id"):
        load(data)


def test_names_never_make_paths(tmp_path: Path) -> None:
    values = {field: f"../../../../tmp/{field.replace(' ', '-')}" for field in SHOWN_IN}
    values["award winner name"] = "/etc/passwd"
    folder = tmp_path / "records"
    folder.mkdir()
    write(folder, mutated(ALL_FIELDS, values))
    out = tmp_path / "out"
    records = pipeline.validate([folder])
    build.run(paper_jobs(records), out)
    letters.build_letters(records, out, workers=1)
    written = [p for p in tmp_path.rglob("*") if p.is_file() and folder not in p.parents]
    assert written and all(out in p.parents for p in written)
    assert all(".." not in p.relative_to(out).parts for p in written)


# ---- 6. LibreOffice opens hostile Word files --------------------------------------------------------


@needs("soffice", "libreoffice-writer-nogui")
def test_libreoffice_opens_three_hostile_documents(tmp_path: Path) -> None:
    samples = [
        dict.fromkeys(SHOWN_IN, 'O\'Brien & <Care> "Ltd" {{ 7*7 }} {% x %} # $ ../'),
        dict.fromkeys(SHOWN_IN, "Cwmni Gofal Ŵyn ŷ שלום עולם e\u0301"),
        dict.fromkeys(SHOWN_IN, "Long " + "x" * 1995),
    ]
    paths = []
    for n, values in enumerate(samples):
        job = next(
            j for j in paper_jobs(load(mutated(ALL_FIELDS, values))) if j.kind == "cabinet_paper"
        )
        paths.append(tmp_path / f"hostile-{n}.docx")
        paths[-1].write_bytes(render_job(job, DEFAULT_TEMPLATES)["docx"])
    profile = (tmp_path / "lo-profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run(
        [*command, "--outdir", str(tmp_path), *map(str, paths)],
        check=True,
        timeout=240,
        capture_output=True,
    )
    for n, path in enumerate(paths):
        text = " ".join(pdf_text_any(path.with_suffix(".pdf")).split())
        assert visible(samples[n]["decision title"]).split()[0] in text


def pdf_text_any(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
