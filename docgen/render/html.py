"""The HTML renderer: the accessible edition that accompanies every PDF (docs/law.md §7, R35).

A document's context (the same JSON the Word and PDF renderers get) is rendered with the shared
sandboxed, autoescaping, strict Jinja environment from ``templates/html/<kind>.html``. Templates
see the context as ``ctx`` and nothing else; each value is escaped exactly once, by autoescape,
and is never parsed as template code. Pages are self-contained: inline CSS, no external assets.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from jinja2 import FileSystemLoader, TemplateNotFound, TemplateSyntaxError

from docgen.errors import TemplateError
from docgen.render.base import Document, Renderer, language_of, parts_of
from docgen.render.sandbox import clean_text, make_environment, template_failure, template_line

HTML_DIR = "html"


def template_files(templates: Path) -> list[Path]:
    """Every HTML template and partial, for a build's input hash."""
    return sorted((templates / HTML_DIR).glob("*.html"))


def as_namespace(value: object) -> object:
    """JSON data with attribute access (``block.items`` is the field, never ``dict.items``)."""
    if isinstance(value, dict):
        return SimpleNamespace(**{str(k): as_namespace(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(as_namespace(v) for v in value)
    if isinstance(value, str):
        return clean_text(value)
    return value


class HtmlRenderer:
    """Renders one kind's HTML template again and again with different data."""

    def __init__(self, templates: Path, kind: str) -> None:
        env = make_environment()
        env.loader = FileSystemLoader(templates / HTML_DIR)
        name = f"{kind}.html"
        self.name = name
        try:
            self.template = env.get_template(name)
        except TemplateNotFound as exc:
            if exc.name == name:
                raise TemplateError(f"{templates / HTML_DIR / name}: template not found") from None
            raise template_failure(name, exc) from exc
        except TemplateSyntaxError as exc:  # in the page or a partial it includes
            where = f"{Path(exc.filename or name).name}:{exc.lineno}"
            raise template_failure(where, exc) from exc
        except Exception as exc:  # nesting too deep for the parser, and the like
            raise template_failure(name, exc) from exc

    def render(self, data_json: str) -> bytes:
        """The page for one document; data_json is the document's context as JSON. A bilingual
        document's page is its first part's, with each part's main content in a `<div lang>`."""
        parts = parts_of(json.loads(data_json))
        pages = [self._page(part) for part in parts]
        if len(pages) == 1:
            return pages[0]
        first = pages[0].decode("utf-8")
        start, end = first.index(MAIN_START) + len(MAIN_START), first.rindex(MAIN_END)
        mains = [
            f'<div lang="{escape(language_of(part))}">\n{_main(page.decode("utf-8"))}\n</div>'
            for part, page in zip(parts, pages, strict=True)
        ]
        return (first[:start] + "\n".join(mains) + first[end:]).encode("utf-8")

    def _page(self, data: dict[str, Any]) -> bytes:
        ctx = as_namespace(data)
        try:
            page = self.template.render(ctx=ctx)
        except Exception as exc:  # whatever the template's code raised: 1/0, recursion, …
            found = template_line(exc, lambda filename: filename.endswith(".html"))
            where = f"{Path(found[0]).name}:{found[1]}" if found else self.name
            raise template_failure(where, exc) from exc
        return (page.rstrip() + "\n").encode("utf-8")


MAIN_START, MAIN_END = '<main id="main" class="wrap">\n', "\n</main>"
"""Where templates/html/_base.html's main content starts and ends."""


def _main(page: str) -> str:
    return page[page.index(MAIN_START) + len(MAIN_START) : page.rindex(MAIN_END)]


class HtmlFormat(Renderer):
    """HTML: templates/html/<kind>.html and the shared partials beside it."""

    format = "html"
    template_suffix = "html"

    def __init__(self, templates: Path, kind: str) -> None:
        self.renderer = HtmlRenderer(templates, kind)

    def render(self, job: Document) -> bytes:
        return self.renderer.render(job.context_json)

    @classmethod
    def template(cls, templates: Path, kind: str) -> Path:
        return templates / HTML_DIR / f"{kind}.{cls.template_suffix}"

    @classmethod
    def sources(cls, templates: Path, kind: str) -> list[Path]:
        return template_files(templates)  # the page and its shared partials
