"""Problems and findings in the forms CI systems read (`--output-format`, as ruff spells it).

- ``text``: what each command has always printed (this module then prints nothing).
- ``json``: ``{"command", "ok", "problems": [ITEM, ...], "cases": [...]}``, ITEM as ``Item.to_dict``.
- ``github``: one workflow command a problem, ``::error file=F,line=L,col=C,title=T::MESSAGE``
  (``::warning`` for a rule's warning), which GitHub Actions turns into an annotation on the
  record's line. Properties escape ``% \\r \\n : ,`` and the message ``% \\r \\n``, as GitHub's
  toolkit does (actions/toolkit, packages/core/src/command.ts).
- ``gitlab``: a Code Quality report (a JSON array of ``description``, ``check_name``,
  ``fingerprint``, ``severity``, ``location.path``, ``location.lines.begin``), for
  ``artifacts:reports:codequality``.
- ``junit``: JUnit XML, one ``testcase`` per case (a record for validate, build and letters;
  a check for audit; a revised paper for check-revision), a ``failure`` per problem.

Exit codes do not depend on the format: the command decides them.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree as ET

import click

from docgen.errors import DocgenError, Problem, RecordError

OUTPUT_FORMATS = ("text", "json", "github", "gitlab", "junit")
Severity = Literal["error", "warning", "note"]
_RULE = re.compile(r"\s*\[(R\d+)\]\s*$")
_GITLAB_SEVERITY = {"error": "major", "warning": "minor", "note": "info"}


@dataclass(frozen=True)
class Item:
    """One problem or finding: where (line and column where known), which check, what."""

    path: str
    line: int | None
    column: int | None
    check: str
    message: str
    severity: Severity = "error"
    case: str = ""  # the JUnit test case it fails (default: its path)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "check": self.check,
            "message": self.message,
            "severity": self.severity,
        }

    @property
    def where(self) -> str:
        parts = [self.path, *(str(n) for n in (self.line, self.column) if n is not None)]
        return ":".join(p for p in parts if p)


def from_problem(problem: Problem, severity: Severity = "error", check: str = "") -> Item:
    """A record's problem; its check is the rule that found it ("R17") where it names one."""
    message = f"{problem.field}: {problem.message}" if problem.field else problem.message
    rule = _RULE.search(problem.message)
    return Item(
        path=problem.path,
        line=problem.line,
        column=problem.column,
        check=rule.group(1) if rule else check or "validate",
        message=message,
        severity=severity,
        case=problem.path,
    )


def from_finding(path: str, check: str, message: str, case: str = "") -> Item:
    """A finding about a whole file (an audit's, a revision check's): no line, no column."""
    return Item(path, None, None, check, message, "error", case or check)


# ---- the formats -------------------------------------------------------------------------


def render(
    fmt: str, command: str, items: Sequence[Item], cases: Iterable[str] = (), ok: bool = True
) -> str:
    """The items in the format asked for ("" for text: the command prints its own lines)."""
    if fmt == "github":
        return "\n".join(github_line(i) for i in items)
    if fmt == "gitlab":
        return json.dumps([gitlab_issue(i) for i in items], indent=2, ensure_ascii=False)
    if fmt == "junit":
        return junit_xml(command, items, cases)
    if fmt == "json":
        data = {
            "command": command,
            "ok": ok and not any(i.severity == "error" for i in items),
            "problems": [i.to_dict() for i in items],
            "cases": sorted(set(cases) | {i.case or i.path for i in items}),
        }
        return json.dumps(data, indent=2, ensure_ascii=False)
    return ""


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(item: Item) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` (``::notice`` for a note)."""
    command = {"error": "error", "warning": "warning", "note": "notice"}[item.severity]
    props = [("file", item.path)] if item.path else []
    props += [(k, str(v)) for k, v in (("line", item.line), ("col", item.column)) if v is not None]
    props.append(("title", f"docgen {item.check}"))
    joined = ",".join(f"{k}={_escape_property(v)}" for k, v in props)
    return f"::{command} {joined}::{_escape_data(item.message)}"


def fingerprint(item: Item) -> str:
    """Stable across runs and line moves: the file, the check and the message."""
    return hashlib.sha256(f"{item.path}\x1f{item.check}\x1f{item.message}".encode()).hexdigest()


def gitlab_issue(item: Item) -> dict[str, object]:
    return {
        "description": item.message,
        "check_name": item.check,
        "fingerprint": fingerprint(item),
        "severity": _GITLAB_SEVERITY[item.severity],
        "location": {"path": item.path, "lines": {"begin": item.line or 1}},
    }


def junit_xml(command: str, items: Sequence[Item], cases: Iterable[str]) -> str:
    """One testsuite named after the command; a testcase per case, in order, each failing
    with one ``failure`` per error found in it (warnings go to its ``system-out``)."""
    names = list(dict.fromkeys([*cases, *(i.case or i.path for i in items)]))
    by_case: dict[str, list[Item]] = {name: [] for name in names}
    for item in items:
        by_case[item.case or item.path].append(item)
    failing = sum(any(i.severity == "error" for i in found) for found in by_case.values())
    suites = ET.Element("testsuites", name="docgen", tests=str(len(names)))
    suites.set("failures", str(failing))
    suites.set("errors", "0")
    suite = ET.SubElement(suites, "testsuite", name=f"docgen {command}", tests=str(len(names)))
    suite.set("failures", str(failing))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    for name in names:
        case = ET.SubElement(suite, "testcase", name=name, classname=f"docgen.{command}")
        notes = []
        for item in by_case[name]:
            if item.severity == "error":
                failure = ET.SubElement(case, "failure", type=item.check)
                failure.set("message", item.message)
                failure.text = f"{item.where}: {item.check}: {item.message}"
            else:
                notes.append(f"{item.severity}: {item.where}: {item.message}")
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


# ---- for the commands ----------------------------------------------------------------------


def machine(fmt: str) -> bool:
    """Whether stdout is one document (json, gitlab, junit): a command's own lines go to stderr."""
    return fmt in ("json", "gitlab", "junit")


def record_cases(paths: Sequence[Path]) -> list[str]:
    """The record files below paths, as problems name them: validate's JUnit test cases."""
    from docgen.pipeline import DEFAULT_RECORDS
    from docgen.records.files import display_path, find_record_files

    return [display_path(p) for p in find_record_files(list(paths) or [DEFAULT_RECORDS])]


def emit(fmt: str, command: str, items: Sequence[Item], cases: Iterable[str], ok: bool) -> None:
    """Print the items in the format asked for on stdout (nothing for text)."""
    if fmt != "text":
        text = render(fmt, command, items, cases, ok)
        if text:
            click.echo(text)


class Reporting:
    """Collects a command's problems in a CI format: a rule's warnings as they are told, and,
    when the command fails on invalid records (RecordError) or a failed check (any error of
    exit code 1), its problems, printed before the command exits 1. In text format it does
    nothing and lets errors through to `reports_errors`, as before."""

    def __init__(self, fmt: str, command: str, paths: Sequence[Path]) -> None:
        self.fmt = fmt
        self.command = command
        self.paths = paths
        self.items: list[Item] = []

    @property
    def err(self) -> bool:
        return machine(self.fmt)

    def warn(self, problems: Sequence[Problem]) -> None:
        self.items += [from_problem(p, "warning") for p in problems]

    def __enter__(self) -> Reporting:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, _tb: object
    ) -> None:
        if self.fmt == "text":
            return
        if isinstance(exc, RecordError):
            self.items += [from_problem(p) for p in exc.problems]
        elif isinstance(exc, DocgenError) and exc.exit_code == 1:
            self.items.append(Item("", None, None, self.command, str(exc), "error", self.command))
        elif exc is not None:
            return  # a usage error (exit 2) or anything else: as in text
        emit(self.fmt, self.command, self.items, record_cases(self.paths), exc is None)
        if exc is not None:
            sys.exit(1)
