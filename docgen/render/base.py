"""The one interface every output format's renderer has, and what it is given to render.

A renderer is made once per worker process for one kind's template (parsing it is the slow
part) and then renders any number of documents of that kind. Each format is one module of
docgen/render/ with one Renderer subclass, listed in docgen/render/registry.py.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar, Protocol


class Document(Protocol):
    """One document to render (docgen.build.engine.Job is one): its kind and its data."""

    @property
    def kind(self) -> str: ...
    @property
    def context_json(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def keywords(self) -> str: ...
    @property
    def created(self) -> dt.datetime: ...


def parts_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The contexts of a document's data: itself, or each part of a bilingual document's
    {"parts": [first, second]} (a context always has "meta"; the wrapper has only "parts")."""
    parts = data.get("parts") if "meta" not in data else None
    return list(parts) if isinstance(parts, list) else [data]


def language_of(data: dict[str, Any]) -> str:
    """A context's language tag, "en-GB" or "cy-GB" (its meta.lang; English if it has none)."""
    meta = data.get("meta")
    lang = meta.get("lang") if isinstance(meta, dict) else None
    return lang if isinstance(lang, str) else "en-GB"


class Renderer(ABC):
    """One format of one kind: its template parsed once, rendered for many documents."""

    format: ClassVar[str]
    """The output's suffix: docx, pdf, html."""
    template_suffix: ClassVar[str]
    """The template's suffix: templates/<kind>.<template_suffix>."""

    @abstractmethod
    def __init__(self, templates: Path, kind: str) -> None:
        """Read and parse the kind's template from the templates folder (once per process)."""

    @abstractmethod
    def render(self, job: Document) -> bytes:
        """The file for one document."""

    @classmethod
    def template(cls, templates: Path, kind: str) -> Path:
        """The kind's template in this format."""
        return templates / f"{kind}.{cls.template_suffix}"

    @classmethod
    def sources(cls, templates: Path, kind: str) -> list[Path]:
        """Every file a document in this format is made from, besides its data and the fonts
        (for a build's input hash)."""
        return [cls.template(templates, kind)]
