"""PDF/UA-1, the part a machine can decide, checked by pdfua (https://pypi.org/project/pdfua/).

pdfua, built on pikepdf (QPDF) with no Java, implements 12 checks covering 16 of the 106
machine-checkable rules of the veraPDF PDF/UA-1 profile: a structure tree, /MarkInfo /Marked,
content tagged or marked as an artifact, a well-formed catalog /Lang, a title that is shown,
/Alt on every figure, no empty heading, table header cells (/TH) associated with their data
cells, descriptions on annotations and links, and the PDF/UA identification in the XMP. A clean
result means those rules found nothing, not that the file conforms: reading order, meaningful
alternative text, the logic of headings, and colour contrast need a person (README.md,
"Accessibility"). Every finding, error or warning, is reported: docgen's PDFs have none.
"""

from __future__ import annotations

from pathlib import Path

from docgen.audit.read import Opened

CHECK = "pdf-ua"
DESCRIPTION = (
    "every PDF passes pdfua's machine checks of PDF/UA-1 (16 of its 106 machine-checkable rules)"
)


def pdfua_findings(path: Path) -> list[str]:
    """One message per pdfua finding of any severity in the PDF at `path`."""
    from pdfua import validate  # pikepdf is loaded only when a PDF is checked

    report = validate(str(path))
    return [
        f"PDF/UA {f.rule_id} ({f.severity.name.lower()}) at {f.location.describe()}: {f.message}"
        for f in report.findings
    ]


def flag_findings(opened: Opened) -> list[str]:
    """What docgen reads itself: tagged, marked, /Lang, a shown title (HTML: lang, title)."""
    wanted = {
        "tagged": "not tagged (no /StructTreeRoot)",
        "marked": "not marked as tagged (/MarkInfo /Marked is not true)",
        "lang": "has no /Lang",
        "title": "has no title",
        "display_title": "does not show its title (/DisplayDocTitle is not true)",
    }
    if opened.fmt == "html":
        wanted = {"lang": "has no lang attribute on <html>", "title": "has no <title>"}
    return [message for key, message in wanted.items() if not opened.flags.get(key)]


__all__ = ["CHECK", "DESCRIPTION", "flag_findings", "pdfua_findings"]
