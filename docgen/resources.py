"""Where the templates and fonts that ship with docgen are.

They are package data (the repository's `templates/` folder, installed as `docgen.templates`), so
an installed docgen finds them with importlib.resources wherever it lives.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def templates() -> Path:
    """The folder of the shipped templates: Word, Typst, HTML, fonts and the Typst library."""
    return Path(str(files("docgen.templates")))


def fonts() -> Path:
    """The fonts every PDF is set in (and the only ones the glyph check accepts)."""
    return templates() / "fonts"
