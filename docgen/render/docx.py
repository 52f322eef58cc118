"""The Word renderer: a docxtpl template compiled once, rendered many times to identical bytes.

docxtpl loads the whole .docx and re-parses the template's Jinja for every document (20-50 ms a
letter). This renderer does that once: it cleans the XML of the main document, headers, footers
and footnotes with docxtpl's own `patch_xml` and compiles it in the shared sandbox. Per document
it renders those parts, post-processes them as `DocxTemplate.render_xml_part` and `render` do
(docxtpl's own `resolve_listing`, `fix_tables`, `fix_docpr_ids`), checks the XML is well-formed
and writes a new zip in which every other member is copied pre-deflated (about 1.3 ms a letter).

Supported: everything docxtpl does in text (`{%p %}`, `{%tr %}`, `{%tc %}`, `{{r }}`, `{{p }}`
with RichText and RichTextParagraph, colspan, cellbg, vm, hm). Not supported: InlineImage,
Subdoc, hyperlinks in RichText, replace_pic/replace_media (they need python-docx's package).

The output is reproducible: the same template, context and properties give the same bytes.
Every zip member has the date 1980-01-01 00:00, mode 0644 and is deflated (docx_zip.py); the
document properties, app properties and the styles' language are written by docgen itself
(docx_props.py).
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import meta
from lxml import etree

from docgen.errors import RenderError, TemplateError
from docgen.render import docx_parts
from docgen.render.base import Document, Renderer, language_of, parts_of
from docgen.render.docx_props import (
    APP_XML,
    XML_PARSER,
    DocProperties,
    W,
    core_xml,
    with_language,
)
from docgen.render.docx_prose import prepare_context
from docgen.render.docx_zip import Member, deflate, zip_members
from docgen.render.sandbox import make_environment, template_failure, template_line

if TYPE_CHECKING:  # docxtpl (and python-docx under it) is imported when a renderer is made
    from docxtpl import DocxTemplate

CORE, APP, STYLES = "docProps/core.xml", "docProps/app.xml", "word/styles.xml"
TYPES = "[Content_Types].xml"

# How python-docx (and so docxtpl) parses a part: whitespace-only text between tags dropped.
_TEMPLATE_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
_BEFORE_P = re.compile(r"<w:p([ >])")
_TAG = re.compile(r"<[^>]+>")
# Text that docxtpl's resolve_listing would change: a tab, newline, \a or \f inside a <w:t>.
_LISTING = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\a\f]")
# docxtpl's escapes for a literal tag in a template, as Jinja string literals.
_ESCAPED_TAGS = {
    "{_{": '{{ "{{" }}',
    "}_}": '{{ "}}" }}',
    "{_%": '{{ "{%" }}',
    "%_}": '{{ "%}" }}',
}
_PARAGRAPH_STYLE = re.compile(r'<w:pStyle w:val="([^"&<]*)"/>')
_KEPT_MEMBERS = 64  # headers' and footers' members kept, at most (a few per template in practice)
_ESCAPED_TAG = re.compile("|".join(re.escape(t) for t in _ESCAPED_TAGS))


@dataclass(frozen=True)
class _Part:
    """A templated part (main document, header, footer, footnotes), compiled."""

    name: str
    template: jinja2.Template
    variables: set[str]
    lines: list[str]  # the patched source, for error messages


class DocxRenderer:
    """One .docx template, parsed and compiled once, rendered for any number of documents.

    Thread-safe after construction; build one per template per process.
    """

    def __init__(self, template_path: Path) -> None:
        from docxtpl import DocxTemplate

        self.template_path = template_path
        self._docxtpl: DocxTemplate = DocxTemplate(template_path)  # only its XML methods are used
        self._env = make_environment()
        blobs = docx_parts.read_template(template_path)
        if CORE not in blobs:
            raise TemplateError(f"{template_path}: has no {CORE}; save it again from Word")
        self._order = list(blobs)
        templated = docx_parts.templated(blobs)
        self._main = templated[0]  # the main document part, normally word/document.xml
        self._parts = {name: self._compile(name, blobs[name]) for name in templated}
        self._styles_xml = blobs.get(STYLES)
        self._style_ids = docx_parts.style_ids(self._styles_xml)
        self._styles_by_language: dict[str, Member] = {}
        self._members: dict[tuple[str, str], Member] = {}  # (part, its XML) -> member: _member
        self._rels = docx_parts.rels_of(self._main)
        self._raw = {n: blobs[n] for n in (self._rels, TYPES) if n in blobs}  # for parts
        skip = {CORE, STYLES, *self._parts}
        self._fixed = {
            n: deflate(n, APP_XML if n == APP else b) for n, b in blobs.items() if n not in skip
        }

    def variables(self) -> set[str]:
        """Top-level names the template uses that it does not set itself (all parts)."""
        return set().union(*(part.variables for part in self._parts.values()))

    def render(self, context: Mapping[str, Any], props: DocProperties) -> bytes:
        """The .docx for one document. Prose values and strings are prepared (idempotent)."""
        parts, order = parts_of(dict(context)), self._order
        if len(parts) == 1 and language_of(parts[0]) == "en-GB":
            ctx = prepare_context(context)
            members = {name: self._member(p, ctx) for name, p in self._parts.items()}
        else:  # Welsh, or bilingual: every run marked with its part's language (docx_parts.py)
            members, order = self._render_parts(parts)
        members[CORE] = deflate(CORE, core_xml(props))
        styles = self._styles(props.language)
        if styles is not None:
            members[STYLES] = styles
        return zip_members([members.get(name) or self._fixed[name] for name in order])

    # ---- once per template ----

    def _compile(self, name: str, blob: bytes) -> _Part:
        source = self._source(name, blob)
        lines = source.splitlines()
        try:
            ast = self._env.parse(source)
            code = self._env.compile(ast, filename=name)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(f"{self._where(name, lines, exc.lineno)}: {exc.message}") from exc
        except Exception as exc:  # nesting too deep for the parser (RecursionError), and the like
            raise template_failure(self._where(name, lines, None), exc) from exc
        globals_ = self._env.make_globals(None)
        template = self._env.template_class.from_code(self._env, code, globals_, None)
        return _Part(name, template, meta.find_undeclared_variables(ast), lines)

    def _source(self, name: str, blob: bytes) -> str:
        """The part's XML as docxtpl's render_xml_part would compile it.

        One difference: docxtpl turns `{_{`, `}_}`, `{_%`, `%_}` into `{{`, `}}`, `{%`, `%}`
        *after* rendering, so a value containing them would be altered too; here the template's
        own occurrences become Jinja string literals, and values are never rewritten.
        """
        try:
            xml = self._docxtpl.xml_to_string(etree.fromstring(blob, _TEMPLATE_PARSER))
        except etree.XMLSyntaxError as exc:
            raise TemplateError(f"{self.template_path.name} ({name}): not XML: {exc}") from exc
        xml = self._docxtpl.patch_xml(xml)
        xml = _ESCAPED_TAG.sub(lambda m: _ESCAPED_TAGS[m.group(0)], xml)
        return _BEFORE_P.sub(r"\n<w:p\1", xml)

    def _where(self, part: str, lines: Sequence[str], lineno: int | None) -> str:
        """'letter.docx (word/document.xml, near "Dear {{ name }},")' for an error message."""
        near = ""
        if lineno is not None and 0 < lineno <= len(lines):
            text = _TAG.sub("", lines[lineno - 1]).strip()
            near = f', near "{text[:80]}"' if text else ""
        return f"{self.template_path.name} ({part}{near})"

    # ---- once per document ----

    def _render_parts(
        self, contexts: Sequence[dict[str, Any]]
    ) -> tuple[dict[str, Member], list[str]]:
        """The main document once per context, joined (docx_parts.py), and the headers and
        footers once per context; every run in its context's language. Also the zip's order."""
        prepared = [prepare_context(c) for c in contexts]
        languages = [language_of(c) for c in contexts]
        members, order = {}, list(self._order)
        others = [name for name in self._parts if name != self._main]
        rels, types = self._raw.get(self._rels), self._raw.get(TYPES)
        ids: list[dict[str, str]] = [{}]
        for k in range(1, len(contexts)):
            if rels is None or types is None:
                ids.append({})
                continue
            rels, types, found = docx_parts.add_copies(
                rels, types, posixpath.dirname(self._main), others, k
            )
            ids.append(found)
        if rels is not None and types is not None and len(contexts) > 1:
            members[self._rels], members[TYPES] = deflate(self._rels, rels), deflate(TYPES, types)
        for name in others:
            for k, (ctx, lang) in enumerate(zip(prepared, languages, strict=True)):
                tree = self._render_tree(self._parts[name], ctx)
                docx_parts.mark_language(tree, lang)
                copy = name if k == 0 else docx_parts.copy_name(name, k)
                members[copy] = deflate(copy, _xml(tree))
                if copy != name:
                    order.insert(order.index(name) + k, copy)
                    if (own := self._fixed.get(docx_parts.rels_of(name))) is not None:  # its images
                        members[docx_parts.rels_of(copy)] = replace(
                            own, name=docx_parts.rels_of(copy)
                        )
                        order.append(docx_parts.rels_of(copy))
        trees = [self._render_tree(self._parts[self._main], c) for c in prepared]
        for tree, lang in zip(trees, languages, strict=True):
            docx_parts.mark_language(tree, lang)
        joined = docx_parts.join_bodies(trees, ids)
        type(self._docxtpl).fix_docpr_ids(SimpleNamespace(docx_ids_index=1000), joined)
        members[self._main] = deflate(self._main, _xml(joined))
        return members, order

    def _member(self, part: _Part, ctx: Mapping[str, Any]) -> Member:
        """The part rendered, as a zip member. A header or footer mostly renders to the same XML
        letter after letter: what that XML becomes (parsed, checked, written out, deflated: a
        function of the XML alone) is kept, and only the template is rendered again."""
        xml = self._render_xml(part, ctx)
        if part.name == self._main:
            return deflate(part.name, _xml(self._tree(part, xml)))
        member = self._members.get((part.name, xml))
        if member is None:
            member = deflate(part.name, _xml(self._tree(part, xml)))
            if len(self._members) >= _KEPT_MEMBERS:
                self._members.clear()
            self._members[part.name, xml] = member
        return member

    def _render_tree(self, part: _Part, ctx: Mapping[str, Any]) -> Any:
        return self._tree(part, self._render_xml(part, ctx))

    def _render_xml(self, part: _Part, ctx: Mapping[str, Any]) -> str:
        try:
            return part.template.render(ctx)
        except Exception as exc:  # whatever the template's code raised: 1/0, recursion, …
            found = template_line(exc, lambda filename: filename == part.name)
            where = self._where(part.name, part.lines, found[1] if found else None)
            raise template_failure(where, exc) from exc

    def _tree(self, part: _Part, xml: str) -> Any:
        """The rendered XML post-processed as docxtpl does, parsed and checked."""
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # undo _source
        if _LISTING.search(xml):  # else resolve_listing would return it unchanged (2 ms saved)
            xml = self._docxtpl.resolve_listing(xml)
        parsed = tree = self._parse(part.name, xml)
        if part.name == self._main:
            tree = self._fix_document(xml, tree)
        if tree is not parsed or not self._styles_known(xml):
            self._check_styles(part.name, tree)
        return tree

    def _parse(self, name: str, xml: str) -> Any:
        try:
            tree = etree.fromstring(xml.encode("utf-8"), XML_PARSER)
        except (etree.XMLSyntaxError, UnicodeEncodeError) as exc:
            raise RenderError(f"{self.template_path.name} ({name}): invalid XML: {exc}") from exc
        if (stray := _stray_text(tree)) is not None:
            raise RenderError(
                f"{self.template_path.name} ({name}): text outside any paragraph, "
                f'"{stray[:80]}": a {{{{p }}}} tag was given plain text, not prose'
            )
        return tree

    def _fix_document(self, xml: str, tree: Any) -> Any:
        """docxtpl's fix_tables (column counts after {%tc%} loops) and fix_docpr_ids."""
        if _tables_need_fixing(tree):
            tree = self._docxtpl.fix_tables(xml)  # re-parses; the XML is known to be valid
        if "docPr" not in xml:  # no drawing's wp:docPr to number (its name would be in the XML)
            return tree
        # fix_docpr_ids only counts on `self`: give it a fresh counter, as render_init would.
        type(self._docxtpl).fix_docpr_ids(SimpleNamespace(docx_ids_index=1000), tree)
        return tree

    def _styles_known(self, xml: str) -> bool:
        """True if every paragraph style the XML names is one the template defines, read from
        the XML as Word writes it: each "pStyle" in it is a `<w:pStyle w:val="…"/>` (the w:
        prefix is then Word's namespace). False if unsure: _check_styles then reads the tree."""
        if self._style_ids is None:
            return True
        named = _PARAGRAPH_STYLE.findall(xml)
        return len(named) == xml.count("pStyle") and self._style_ids.issuperset(named)

    def _check_styles(self, name: str, tree: Any) -> None:
        if self._style_ids is None:
            return
        for element in tree.iter(f"{W}pStyle"):
            style = element.get(f"{W}val")
            if style not in self._style_ids:
                raise TemplateError(
                    f"{self.template_path.name} ({name}): paragraph style ID {style!r} is used "
                    "but the template does not define it (prose needs the styles in "
                    "docgen.render.docx_prose.STYLES)"
                )

    def _styles(self, language: str) -> Member | None:
        if self._styles_xml is None:
            return None
        member = self._styles_by_language.get(language)
        if member is None:
            member = deflate(STYLES, with_language(self._styles_xml, language))
            self._styles_by_language[language] = member
        return member


def _xml(tree: Any) -> bytes:
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True))


def _stray_text(tree: Any) -> str | None:
    """Text sitting directly in a body, cell, header or footer instead of in a paragraph."""
    for parent in tree.iter(f"{W}body", f"{W}tc", f"{W}hdr", f"{W}ftr", f"{W}footnote"):
        for text in (parent.text, *(child.tail for child in parent)):
            if text and text.strip():
                return str(text.strip())
    return None


# ---- tables ----


def _tables_need_fixing(tree: Any) -> bool:
    """Whether docxtpl's fix_tables would change anything: some table's rows (as it counts them,
    nested tables' rows included) have more cells, or fewer grid columns' worth, than its grid
    has columns. Checked on the tree we have, so that fix_tables re-parses only when it must."""
    for table in tree.iter(f"{W}tbl"):
        grid = table.find(f"{W}tblGrid")
        if grid is None:
            return True  # leave fix_tables to say what it makes of it
        columns = len(grid.findall(f"{W}gridCol"))
        rows = [row.findall(f"{W}tc") for row in table.iter(f"{W}tr")]
        cells = max(map(len, rows), default=0)
        spans = table.find(f".//{W}gridSpan") is not None
        widest = max((sum(map(_grid_span, r)) for r in rows), default=0) if spans else cells
        if cells > columns or widest < columns:
            return True
    return False


def _grid_span(cell: Any) -> int:
    span = cell.find(f"{W}tcPr/{W}gridSpan")
    return int(span.get(f"{W}val")) if span is not None else 1


# ---- the format behind the one renderer interface ----


class DocxFormat(Renderer):
    """Word: templates/<kind>.docx, compiled once per process."""

    format = "docx"
    template_suffix = "docx"

    def __init__(self, templates: Path, kind: str) -> None:
        self.renderer = DocxRenderer(self.template(templates, kind))

    def render(self, job: Document) -> bytes:
        data = json.loads(job.context_json)
        props = DocProperties(
            title=job.title,
            author=job.author,
            keywords=job.keywords,
            created=job.created,
            language=language_of(parts_of(data)[0]),
        )
        return self.renderer.render(data, props)
