"""A bilingual Word document: each part's body in one file, and every run marked with its language.

The kind's template is rendered once per part (docgen/render/docx.py); here the parts' bodies
are joined into the first part's document.xml. Each part is a section of its own (a copy of
the template's section properties, so a letter's first page keeps its own header), starting on
a new page, with headers and footers rendered from the part's context (word/footer1_p2.xml for
the second part), so the English pages' footer is in English. Pages are numbered through the
whole file ("Page 4 of 6"), which Word and LibreOffice both show alike. Every run and paragraph
mark of a part gets `w:lang` of the part's language, so Word checks Welsh spelling in the Welsh
part and English in the English one.

Also here: the template's package as docx.DocxRenderer reads it once (its members, the parts it
renders: the main document, then its headers, footers and footnotes; the style IDs it defines).
"""

from __future__ import annotations

import copy
import posixpath
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lxml import etree

from docgen.errors import TemplateError
from docgen.render.docx_props import XML_PARSER, W

_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"

# Where w:lang goes among a run's properties (CT_RPr): before these, else last.
_AFTER_LANG = {f"{W}{t}" for t in ("eastAsianLayout", "specVanish", "oMath", "rPrChange")}
# Where a paragraph mark's run properties go among the paragraph's (CT_PPr): before these.
_AFTER_RPR = {f"{W}sectPr", f"{W}pPrChange"}


_NS = {"w": W[1:-1]}
_RUNS_BARE = etree.XPath("//w:r[not(w:rPr)]", namespaces=_NS)
_RUNS_UNMARKED = etree.XPath("//w:r/w:rPr[not(w:lang)]", namespaces=_NS)
_PARAGRAPHS_BARE = etree.XPath("//w:p[not(w:pPr)]", namespaces=_NS)
_MARKS_MISSING = etree.XPath("//w:p/w:pPr[not(w:rPr)]", namespaces=_NS)
_MARKS_UNMARKED = etree.XPath("//w:p/w:pPr/w:rPr[not(w:lang)]", namespaces=_NS)
_LANGS = etree.XPath("//w:r/w:rPr/w:lang | //w:p/w:pPr/w:rPr/w:lang", namespaces=_NS)


def _made_in(parent: Any, tag: str, later: set[str] | None) -> Any:
    """A new child `tag` of parent: first (later None), or before the first of `later` (the
    schema's order), else last. Made in place (SubElement): an element made on its own and then
    moved in costs lxml a namespace clean-up, ten times the time."""
    child = etree.SubElement(parent, tag)
    if later is None:
        parent.insert(0, child)
        return child
    for i, sibling in enumerate(parent):
        if sibling.tag in later:
            parent.insert(i, child)
            break
    return child


def mark_language(tree: Any, tag: str) -> None:
    """Every run and paragraph mark under `tree` in the language `tag` ("cy-GB"). XPath finds
    what lacks a part, so a letter's 80 runs take well under a millisecond."""
    lang, rpr, ppr, val = f"{W}lang", f"{W}rPr", f"{W}pPr", f"{W}val"
    for found in _LANGS(tree):
        found.set(val, tag)
    for run in _RUNS_BARE(tree):
        _made_in(_made_in(run, rpr, None), lang, _AFTER_LANG).set(val, tag)
    for paragraph in _PARAGRAPHS_BARE(tree):
        _made_in(paragraph, ppr, None)
    for props in _MARKS_MISSING(tree):
        _made_in(_made_in(props, rpr, _AFTER_RPR), lang, _AFTER_LANG).set(val, tag)
    for props in (*_RUNS_UNMARKED(tree), *_MARKS_UNMARKED(tree)):
        _made_in(props, lang, _AFTER_LANG).set(val, tag)


def copy_name(name: str, part: int) -> str:
    """The member name of a header or footer rendered for a later part: word/footer1_p2.xml."""
    base, ext = posixpath.splitext(name)
    return f"{base}_p{part + 1}{ext}"


def add_copies(
    rels_xml: bytes, types_xml: bytes, folder: str, names: Sequence[str], part: int
) -> tuple[bytes, bytes, dict[str, str]]:
    """The main part's relationships and the content types with a copy of each of `names` (the
    headers and footers) for part `part`; and the copies' relationship ids by the originals'."""
    rels = etree.fromstring(rels_xml, XML_PARSER)
    types = etree.fromstring(types_xml, XML_PARSER)
    ids = {}
    for rel in list(rels):
        target = posixpath.normpath(posixpath.join(folder, str(rel.get("Target"))))
        if target not in names or rel.get("TargetMode") == "External":
            continue
        clone = copy.deepcopy(rel)
        ids[str(rel.get("Id"))] = f"{rel.get('Id')}_p{part + 1}"
        clone.set("Id", ids[str(rel.get("Id"))])
        clone.set("Target", posixpath.relpath(copy_name(target, part), folder or "."))
        rels.append(clone)
    for override in list(types):
        name = str(override.get("PartName", "")).lstrip("/")
        if override.tag == f"{_CT}Override" and name in names:
            clone = copy.deepcopy(override)
            clone.set("PartName", "/" + copy_name(name, part))
            types.append(clone)
    return _xml(rels), _xml(types), ids


def join_bodies(trees: Sequence[Any], ids: Sequence[Mapping[str, str]]) -> Any:
    """The first tree with every other tree's body after its own, each part in its own section
    (a copy of the template's last section properties, to a new page) whose headers and footers
    are the part's: ids[k] maps the template's relationship ids to part k's copies."""
    first = trees[0]
    body = first.find(f"{W}body")
    final = body[-1] if len(body) and body[-1].tag == f"{W}sectPr" else None
    if final is None:  # no section properties: Word's defaults, one section
        final = etree.SubElement(body, f"{W}sectPr")
    template = copy.deepcopy(final)
    _point(final, ids[-1])
    for k, tree in enumerate(trees[1:]):
        brk = etree.Element(f"{W}p")
        etree.SubElement(brk, f"{W}pPr").append(_point(copy.deepcopy(template), ids[k]))
        final.addprevious(brk)
        for child in list(tree.find(f"{W}body")):
            if child.tag != f"{W}sectPr":
                final.addprevious(child)
    return first


def _point(section: Any, ids: Mapping[str, str]) -> Any:
    """The section's header and footer references pointed at the part's copies."""
    for ref in (*section.iter(f"{W}headerReference"), *section.iter(f"{W}footerReference")):
        ref.set(_RID, ids.get(str(ref.get(_RID)), str(ref.get(_RID))))
    return section


def _xml(tree: Any) -> bytes:
    return bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True))


# ---- the template package (read once, by docx.DocxRenderer) ----

_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_TEMPLATED = frozenset({_REL + "header", _REL + "footer", _REL + "footnotes"})


def read_template(path: Path) -> dict[str, bytes]:
    """Every member of the template's zip by name; TemplateError if it cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if len(names) != len(set(names)):
                raise TemplateError(f"{path}: the zip has duplicate member names")
            return {name: archive.read(name) for name in names}
    except (OSError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"{path}: cannot read the Word template: {exc}") from exc


def rels_of(name: str) -> str:
    """A part's relationships: word/document.xml's are word/_rels/document.xml.rels."""
    folder, base = posixpath.split(name)
    return posixpath.join(folder, "_rels", base + ".rels")


def templated(blobs: Mapping[str, bytes]) -> list[str]:
    """The main document part, then its headers, footers and footnotes, in relationship order."""
    main = _targets(blobs, "_rels/.rels", "", {_REL + "officeDocument"})
    if not main or main[0] not in blobs:
        raise TemplateError("the template has no main document part; is it a .docx?")
    folder = posixpath.dirname(main[0])
    rels = rels_of(main[0])
    return [main[0], *(t for t in _targets(blobs, rels, folder, _TEMPLATED) if t in blobs)]


def _targets(
    blobs: Mapping[str, bytes], rels: str, folder: str, types: set[str] | frozenset[str]
) -> list[str]:
    if rels not in blobs:
        return []
    out = []
    for rel in etree.fromstring(blobs[rels], XML_PARSER).iter(f"{_RELS_NS}Relationship"):
        if rel.get("Type") in types and rel.get("TargetMode") != "External":
            target = str(rel.get("Target"))
            path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            out.append(posixpath.normpath(path))
    return out


def style_ids(styles_xml: bytes | None) -> frozenset[str] | None:
    """The paragraph and other style IDs word/styles.xml defines; None without one."""
    if styles_xml is None:
        return None
    root = etree.fromstring(styles_xml, XML_PARSER)
    return frozenset(str(s.get(f"{W}styleId")) for s in root.iter(f"{W}style"))
