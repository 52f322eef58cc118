"""Every exception docgen raises on purpose. The CLI maps them to exit codes."""

from __future__ import annotations

from dataclasses import dataclass


class DocgenError(Exception):
    """Raised when docgen cannot do what was asked; the message is for a person."""

    exit_code = 1


class UsageError(DocgenError):
    """Raised when a command was called wrongly (a missing file, a bad option)."""

    exit_code = 2


class InputError(DocgenError):
    """Raised when an input file (a PDF, a spreadsheet) cannot be read as asked."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem in one record, located at a line and column of its file."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class RecordError(DocgenError):
    """Raised when one or more records are invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column, p.field))
        count = len(self.problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{lines}\nAborted with {count} error{'s' if count != 1 else ''}.")


class TemplateError(DocgenError):
    """Raised when a template is broken or uses a name its context does not have."""


class RenderError(DocgenError):
    """Raised when a renderer (docxtpl, Typst, LibreOffice) fails on one document."""


class CheckError(DocgenError):
    """Raised when finished outputs fail a check (completeness, leaks, metadata)."""
