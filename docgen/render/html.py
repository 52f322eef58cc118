"""The HTML renderer: the accessible edition that accompanies every PDF (docs/law.md §7, R35).

A document's context (the same JSON the Word and PDF renderers get) is rendered with the shared
sandboxed, autoescaping, strict Jinja environment from ``templates/html/<kind>.html``. Templates
see the context as ``ctx`` and nothing else; each value is escaped exactly once, by autoescape,
and is never parsed as template code. Pages are self-contained: inline CSS, no external assets.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

from jinja2 import FileSystemLoader, TemplateNotFound
from jinja2 import TemplateError as JinjaTemplateError

from docgen.errors import RenderError, TemplateError
from docgen.render.base import Document, Renderer
from docgen.render.sandbox import clean_text, make_environment

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
        try:
            self.template = env.get_template(name)
        except TemplateNotFound:
            raise TemplateError(f"{templates / HTML_DIR / name}: template not found") from None
        except JinjaTemplateError as exc:
            raise TemplateError(f"{name}: {exc}") from exc
        self.name = name

    def render(self, data_json: str) -> bytes:
        """The page for one document; data_json is the document's context as JSON."""
        ctx = as_namespace(json.loads(data_json))
        try:
            page = self.template.render(ctx=ctx)
        except JinjaTemplateError as exc:
            raise RenderError(f"{self.name}: {exc}") from exc
        return (page.rstrip() + "\n").encode("utf-8")


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
