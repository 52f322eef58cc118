"""The parts of a .docx that docgen writes itself instead of rendering them from the template.

`docProps/core.xml` is written from DocProperties (its title escaped once, unlike docxtpl's
render_properties); `docProps/app.xml` names no person, company or machine; and the
`docDefaults` language in `word/styles.xml` is set to the document's language (LibreOffice takes
the PDF /Lang from it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from docgen.render.sandbox import clean_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_CORE_NSMAP = {"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI}
APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><Application>docgen</Application></Properties>"
)
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True, kw_only=True)
class DocProperties:
    """What Word shows under File > Info, and what a PDF made from the file inherits."""

    title: str
    subject: str = ""
    author: str = ""  # the council name, never a person's user name
    keywords: str = ""  # e.g. "sha256:<hash of the source record>"
    language: str = "en-GB"
    created: datetime  # from the record (reproducible); timezone-aware, written as UTC
    description: str = ""

    def __post_init__(self) -> None:
        if self.created.tzinfo is None or self.created.utcoffset() is None:
            raise ValueError(f"DocProperties.created must be timezone-aware: {self.created!r}")


def with_language(styles_xml: bytes, language: str) -> bytes:
    """styles.xml with `w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val` set to the language."""
    root = etree.fromstring(styles_xml, XML_PARSER)
    defaults = _child(root, "docDefaults", 0)
    rpr = _child(_child(defaults, "rPrDefault", 0), "rPr", 0)
    lang = rpr.find(f"{W}lang")
    if lang is not None and lang.get(f"{W}val") == language:
        return styles_xml
    if lang is None:
        later = [c for c in rpr if c.tag in {f"{W}eastAsianLayout", f"{W}specVanish", f"{W}oMath"}]
        lang = etree.Element(f"{W}lang")
        rpr.insert(rpr.index(later[0]) if later else len(rpr), lang)
    lang.set(f"{W}val", language)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _child(parent: Any, tag: str, index: int) -> Any:
    found = parent.find(f"{W}{tag}")
    if found is None:
        found = etree.Element(f"{W}{tag}")
        parent.insert(index, found)
    return found


def core_xml(props: DocProperties) -> bytes:
    """docProps/core.xml: every value escaped once; created = modified, in UTC."""
    root = etree.Element(f"{{{_CP}}}coreProperties", nsmap=_CORE_NSMAP)
    when = props.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for ns, tag, text in (
        (_DC, "title", props.title),
        (_DC, "subject", props.subject),
        (_DC, "creator", props.author),
        (_CP, "keywords", props.keywords),
        (_DC, "description", props.description),
        (_CP, "lastModifiedBy", props.author),
        (_CP, "revision", "1"),
        (_DCTERMS, "created", when),
        (_DCTERMS, "modified", when),
        (_DC, "language", props.language),
    ):
        element = etree.SubElement(root, f"{{{ns}}}{tag}")
        element.text = clean_text(text)
        if ns == _DCTERMS:
            element.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
