"""The PDF renderer: Typst, one compiler per template per process, data passed as JSON.

Values reach the document only through `sys.inputs` and are placed as text, so nothing in a
record can inject markup. Output is tagged (PDF/UA-1, PDF/A-3a), titled, `/Lang en-GB` (set in
the template), carries the source record's hash in its keywords and the document's data as an
embedded file, and is byte-identical for the same inputs (fixed timestamp).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import typst

from docgen.errors import RenderError, TemplateError
from docgen.render.base import Document, Renderer

LIB, FONTS = "lib", "fonts"
"""The folders of the templates folder that every Typst template uses."""


@cache
def fonts(font_dir: Path) -> typst.Fonts:
    """The project's own fonts only: output must not depend on the machine's fonts."""
    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=True, font_paths=[str(font_dir)]
    )


class TypstRenderer:
    """Compiles one .typ template again and again with different data."""

    def __init__(self, template: Path, font_dir: Path) -> None:
        if not template.is_file():
            raise TemplateError(f"{template}: template not found")
        self.template = template
        self.compiler = typst.Compiler(
            str(template),
            root=str(template.parent),
            font_paths=fonts(font_dir),
            ignore_system_fonts=True,
        )

    def render(self, data_json: str, timestamp: dt.datetime) -> bytes:
        """The PDF for one document; data_json is the document's context as JSON."""
        try:
            pdf = self.compiler.compile(
                format="pdf",
                sys_inputs={"ctx": data_json},
                pdf_standards=["a-3a", "ua-1"],
                timestamp=timestamp,
            )
        except typst.TypstError as exc:
            raise RenderError(
                f"{self.template.name}: Typst could not compile: {exc.message}"
            ) from exc
        if not isinstance(pdf, bytes):
            raise RenderError(f"{self.template.name}: Typst returned no PDF")
        return pdf


class PdfFormat(Renderer):
    """PDF: templates/<kind>.typ, the entry point, with lib/docgen.typ, the kind's function in
    lib/<kind>.typ and the fonts."""

    format = "pdf"
    template_suffix = "typ"

    def __init__(self, templates: Path, kind: str) -> None:
        self.renderer = TypstRenderer(self.template(templates, kind), templates / FONTS)

    def render(self, job: Document) -> bytes:
        return self.renderer.render(job.context_json, job.created)

    @classmethod
    def sources(cls, templates: Path, kind: str) -> list[Path]:
        # The entry point, the shared library and the kind's own function (lib/<kind>.typ): not
        # another kind's, so editing one kind's layout rebuilds only that kind's documents.
        lib = [templates / LIB / "docgen.typ", templates / LIB / f"{kind}.typ"]
        fonts = sorted((templates / FONTS).glob("*.ttf"))
        return [cls.template(templates, kind), *lib, *fonts]
