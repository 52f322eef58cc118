"""Every output format's renderer, by format. Adding a format: its module and one line here."""

from __future__ import annotations

from docgen.errors import UsageError
from docgen.render.base import Renderer
from docgen.render.docx import DocxFormat
from docgen.render.html import HtmlFormat
from docgen.render.pdf import PdfFormat

RENDERERS: dict[str, type[Renderer]] = {
    DocxFormat.format: DocxFormat,
    PdfFormat.format: PdfFormat,
    HtmlFormat.format: HtmlFormat,
}


def renderer(fmt: str) -> type[Renderer]:
    """The renderer of a format."""
    try:
        return RENDERERS[fmt]
    except KeyError:
        raise UsageError(f"no renderer for {fmt!r} (known: {', '.join(RENDERERS)})") from None
