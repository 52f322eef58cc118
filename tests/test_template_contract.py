"""Every field a template reads exists in its kind's context type, nested fields included.

The Word (docxtpl), Typst and HTML templates of every kind in the table of kinds are read by
tests/template_fields.py, which follows each value's type from the context type: inside
`{% for section in sections %}` or `#for s in ctx.sections`, `section.titel` is an error, and so
are a field of a field (`meta.nonexistent`) and a field read in a macro or Typst function
(templates/html/_prose.html, templates/lib/docgen.typ) with the type it is called with.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from template_fields import Reads, html_reads, typst_reads, word_reads, word_sources

from docgen.build.engine import DEFAULT_TEMPLATES
from docgen.documents.kinds import KINDS, kind
from docgen.render.docx import DocxRenderer

TEMPLATES = DEFAULT_TEMPLATES
TEMPLATE_FORMATS = [(k.name, fmt) for k in KINDS for fmt in k.formats]


def reads(name: str, fmt: str, templates: Path = TEMPLATES) -> Reads:
    """What the kind's template for that format reads from its context."""
    context = kind(name).context_type
    if fmt == "docx":
        return word_reads(templates / f"{name}.docx", context)
    if fmt == "pdf":
        lib = templates / "lib"
        return typst_reads(lib / f"{name}.typ", context, lib / "docgen.typ", name.replace("_", "-"))
    return html_reads(templates / "html", name, context)


@pytest.mark.parametrize(("name", "fmt"), TEMPLATE_FORMATS)
def test_template_reads_only_fields_of_its_context(name: str, fmt: str) -> None:
    found = reads(name, fmt)
    assert found.used, "the template reads nothing from its context: is it the right file?"
    assert not found.errors, f"{name} ({fmt}) reads what its context does not have: " + "; ".join(
        sorted(found.errors)
    )


@pytest.mark.parametrize("name", [k.name for k in KINDS if "docx" in k.formats])
def test_word_template_is_read_as_the_renderer_compiles_it(name: str) -> None:
    """The checker reads the same Jinja the renderer compiles: the same top-level names."""
    from template_fields import JinjaReader

    source = word_sources(TEMPLATES / f"{name}.docx")
    assert JinjaReader.undeclared(source) == DocxRenderer(TEMPLATES / f"{name}.docx").variables()


# ---- each check fails on a template that reads a field its context does not have ----


def _copy_templates(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy, ignore=shutil.ignore_patterns("fonts", "*.py"))
    return copy


def _mutate_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer has {old!r}: choose another mutation"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _mutate_docx(path: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(path) as docx:
        members = [(info, docx.read(info)) for info in docx.infolist()]
    body = next(data for info, data in members if info.filename == "word/document.xml")
    assert old.encode() in body, f"{path.name} no longer has {old!r}: choose another mutation"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as docx:
        for info, data in members:
            if info.filename == "word/document.xml":
                data = data.replace(old.encode(), new.encode(), 1)
            docx.writestr(info, data)


MUTATIONS = [
    # (kind, format, file in templates/, text, replaced by, the error expected)
    ("cabinet_paper", "docx", "cabinet_paper.docx", "section.title", "section.titel",
     "sections[].titel: Section has no field 'titel'"),
    ("cabinet_paper", "docx", "cabinet_paper.docx", "meta.council_name", "meta.nonexistent",
     "meta.nonexistent: Meta has no field 'nonexistent'"),
    ("award_letter", "docx", "award_letter.docx", "r.total", "r.totl",
     "appointed[].totl: AppointedRow has no field 'totl'"),
    ("cabinet_paper", "pdf", "lib/cabinet_paper.typ", "s.title", "s.titel",
     "sections[].titel: Section has no field 'titel'"),
    ("cabinet_paper", "pdf", "lib/cabinet_paper.typ", "ctx.meta.council_name", "ctx.meta.nonexistent",
     "meta.nonexistent: Meta has no field 'nonexistent'"),
    ("award_letter", "pdf", "lib/award_letter.typ", "meta.status_label", "meta.title",
     "meta.title: Meta has no field 'title'"),
    ("appendix_suppliers", "pdf", "lib/appendix_suppliers.typ", "r.company_number", "r.company",
     "tables[].rows[].company: SupplierRow has no field 'company'"),
    ("decision_notice", "pdf", "lib/docgen.typ", "r.italic", "r.italics",
     "purpose.blocks[].runs[].italics: Run has no field 'italics'"),
    ("cabinet_paper", "html", "html/cabinet_paper.html", "s.title", "s.titel",
     "sections[].titel: Section has no field 'titel'"),
    ("decision_notice", "html", "html/_base.html", "ctx.meta.footer", "ctx.meta.nonexistent",
     "meta.nonexistent: Meta has no field 'nonexistent'"),
    ("cabinet_paper", "html", "html/_prose.html", "b.level", "b.depth",
     "sections[].body.blocks[].depth: Block has no field 'depth'"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fmt", "file", "old", "new", "error"), MUTATIONS)
def test_a_template_reading_a_missing_field_fails(
    tmp_path: Path, name: str, fmt: str, file: str, old: str, new: str, error: str
) -> None:
    templates = _copy_templates(tmp_path)
    assert not reads(name, fmt, templates).errors
    mutate = _mutate_docx if file.endswith(".docx") else _mutate_text
    mutate(templates / file, old, new)
    assert error in reads(name, fmt, templates).errors
