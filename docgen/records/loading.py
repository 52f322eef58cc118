"""Find record files, parse YAML keeping line numbers, validate, and collect every problem.

Nothing here knows the law: shape and type errors come from the pydantic models, and the
cross-record checks from docgen.consistency. Every problem is located at file:line:column.

Two parsers, one meaning. A file is first read by ruamel's C parser with the safe constructor
(about six times faster: 0.3 s against 1.7 s for a 1,000-bidder award), which gives plain
values but no positions. Only when that parse or the validation fails, or when a later check
asks where something is, is the file read again by the round-trip parser, which keeps line and
column. Both use ruamel's YAML 1.2 resolver and keep dates as text, so they agree on every value
(a test holds them to it); every error message comes from the round-trip path.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, ReusedAnchorWarning, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from docgen.errors import Problem, RecordError
from docgen.models import (
    MODELS,
    AnyAward,
    Award,
    Council,
    Decision,
    Record,
    RouteAward,
    award_route,
    model_for,
)
from docgen.models.grounds import ROUTE_MISSING
from docgen.models.routes import ROUTES
from docgen.models.unique import DUPLICATE
from docgen.records.files import Unreadable, display_path, find_record_files, read_text, walk
from docgen.records.guard import check_integer, check_text
from docgen.records.limits import LimitReached
from docgen.records.memory import collector_paused
from docgen.records.messages import (
    describe_error,
    field_names,
    route_hint,
    suggest_key,
)
from docgen.records.tree import (
    RECURSIVE,
    RecursiveAlias,
    child_position,
    format_loc,
    locate,
    locate_node,
    plain,
)

__all__ = ["Finding", "Loc", "Records", "Source", "find_record_files", "format_loc", "iter_records"]
__all__ += ["RecursiveAlias", "load_records", "locate", "plain"]

Loc = tuple[str | int, ...]
Finding = tuple[Record, Loc, str]
"""A problem found by a check: the record, where in it, and what is wrong."""


@dataclass
class Source:
    """A record file: its path as shown to people, its text, and (parsed when first asked for)
    its YAML tree with positions."""

    path: str
    text: str
    parsed: Any = field(default=None, repr=False)
    nodes: Any = field(default=None, repr=False)

    @property
    def tree(self) -> Any:
        if self.parsed is None:
            self.parsed = _yaml().load(self.text)
        return self.parsed

    def position(self, loc: Loc) -> tuple[int, int]:
        """The 1-based line and column of the deepest node of loc that exists in the file.

        A record the fast parser read is located on the C parser's node graph (a fifth of the
        round-trip parse, which `docgen validate` paid for every file a rule warned about),
        unless its text merges keys (`<<:`), whose lines only the round-trip tree follows."""
        if self.parsed is None and "<<" not in self.text and not _DIRECTIVE.search(self.text):
            if self.nodes is None:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ReusedAnchorWarning)
                    self.nodes = _fast_yaml().compose(self.text)
            return locate_node(self.nodes, loc)
        return locate(self.tree, loc)


@dataclass
class Records:
    """Every valid record found, by kind and id, with the file each came from."""

    councils: dict[str, Council] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    awards: dict[str, Award] = field(default_factory=dict)
    """The scored awards: competitive ones and call-offs (``CallOff`` is an ``Award``)."""
    route_awards: dict[str, RouteAward] = field(default_factory=dict)
    """The award records of the other routes (direct award, modification, authority to
    procure, not awarded), by id; an id is used once across both tables."""
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)

    def award_record(self, award_id: str | None) -> AnyAward | None:
        """The award record of any route with this id (what a decision's `award:` names)."""
        if not award_id:
            return None
        return self.awards.get(award_id) or self.route_awards.get(award_id)

    def source(self, record: Record) -> Source:
        return self.sources[(record.kind, record.id)]

    def problem(self, record: Record, loc: Loc, message: str) -> Problem:
        source = self.source(record)
        line, column = source.position(loc)
        return Problem(source.path, line, column, format_loc(loc), message)


def load_records(paths: Sequence[Path]) -> Records:
    """Load and validate every record below paths; raise RecordError listing every problem."""
    records = Records()
    files, problems = walk(paths)
    with collector_paused():
        for path in files:
            problems.extend(_load_file(path, records))
    if problems:
        raise RecordError(problems)
    return records


def _load_file(path: Path, records: Records) -> list[Problem]:
    shown = display_path(path)
    try:
        text = read_text(path)
        fast_allowed = check_text(text)
    except Unreadable as exc:
        return [Problem(shown, 1, 1, "", str(exc))]
    except LimitReached as exc:
        return [Problem(shown, exc.line, exc.column, "", exc.message)]
    record, nodes = _load_fast(text) if fast_allowed else (None, None)
    if record is not None:
        return _register(record, Source(shown, text, nodes=nodes), records)
    tree = _parse(text, shown)
    if isinstance(tree, Problem):
        return [tree]
    source = Source(shown, text, tree)
    if not isinstance(tree, CommentedMap):
        return [Problem(shown, 1, 1, "", "a record must be a mapping of keys to values")]
    model = model_for(str(tree.get("kind")), award_route(tree))
    if model is None and str(tree.get("kind")) in MODELS:
        line, col = source.position(("route",))
        routes = ", ".join(ROUTES)
        message = f"must be one of {routes} (got {tree.get('route')!r}) (see docs/law.md §11)"
        return [Problem(shown, line, col, "route", message)]
    if model is None:
        line, col = source.position(("kind",))
        kinds = ", ".join(MODELS)
        return [
            Problem(shown, line, col, "kind", f"must be one of {kinds} (got {tree.get('kind')!r})")
        ]
    try:
        record = model.model_validate(plain(tree))
    except ValidationError as exc:
        return [_problem(source, model, err) for err in exc.errors()]
    except RecursiveAlias as exc:
        line, col = source.position(exc.loc)
        return [Problem(shown, line, col, format_loc(exc.loc), RECURSIVE)]
    return _register(record, source, records)


def _parse(text: str, shown: str) -> Any:
    """The round-trip tree of text (already within docgen.records.limits), or the Problem."""
    try:
        with warnings.catch_warnings():  # YAML allows an anchor to be used again
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            return _yaml().load(text)
    except LimitReached as exc:
        return Problem(shown, exc.line, exc.column, "", exc.message)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Problem(shown, line, col, "", f"not valid YAML: {exc.problem or exc}")
    except ReaderError as exc:
        line, col = _line_col(text, exc.position)
        message = f"contains the character U+{exc.character:04X}, which YAML does not allow"
        return Problem(shown, line, col, "", message)
    except YAMLError as exc:
        return Problem(shown, 1, 1, "", f"not valid YAML: {exc}")
    except (ValueError, OverflowError) as exc:  # a value ruamel could not convert
        return Problem(shown, 1, 1, "", f"not valid YAML: {exc}")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset in a text."""
    before = text[:offset]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


KEEP_NODES = 200_000
"""A record file shorter than this (characters) keeps the C parser's node graph it was read
from, so a rule's warning is placed without parsing the file again; a longer one (a node graph
is about 35 times its text) is parsed again if a warning needs a position."""


def _load_fast(text: str) -> tuple[Record | None, Any]:
    """The record, when the fast parser reads the text and the model accepts it, with the node
    graph it was built from (if the file is short: KEEP_NODES); else (None, None)."""
    if _DIRECTIVE.search(text):
        return (
            None,
            None,
        )  # a %YAML directive could ask for YAML 1.1: the round-trip path honours it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            yaml = _fast_yaml()
            nodes = yaml.compose(text)  # then built from them: as load(text) does, in two steps
            tree = yaml.constructor.construct_document(nodes) if nodes is not None else None
    except Exception:  # whatever the fast parser rejects, the round-trip path explains
        return None, None
    model = model_for(str(tree.get("kind")), award_route(tree)) if isinstance(tree, dict) else None
    if model is None:
        return None, None
    try:
        record = model.model_validate(plain(tree))
    except (ValidationError, RecursiveAlias):
        return None, None
    return record, nodes if len(text) < KEEP_NODES else None


def _yaml() -> YAML:
    """A round-trip (safe) loader that keeps line numbers and leaves dates as text for pydantic."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _DateAsText
    return yaml


def _fast_yaml() -> YAML:
    """The safe loader on ruamel's C parser (ruamel.yaml.clib): plain values, no positions."""
    yaml = YAML(typ="safe")
    yaml.Constructor = _SafeDateAsText
    yaml.Resolver = _Yaml12Resolver
    return yaml


_DIRECTIVE = re.compile(r"^%YAML", re.MULTILINE)


class _Yaml12Resolver(VersionedResolver):
    """ruamel's resolver, fixed at YAML 1.2 (its default) instead of asking for every node
    which version is in force: a fifth of the fast loader's time."""

    @property
    def processing_version(self) -> tuple[int, int]:
        return (1, 2)


class _DateAsText(RoundTripConstructor):
    """Dates stay strings so that pydantic reports a bad one (2026-06-31) like any other error."""


class _SafeDateAsText(SafeConstructor):
    """The same for the fast loader."""


def _checked_int(construct: Any) -> Any:
    """An integer constructor that first refuses too many digits (docgen.records.limits)."""

    def checked(constructor: Any, node: Any) -> Any:
        check_integer(node)
        return construct(constructor, node)

    return checked


for _constructor in (_DateAsText, _SafeDateAsText):
    _constructor.add_constructor("tag:yaml.org,2002:timestamp", _constructor.construct_yaml_str)
    _constructor.add_constructor(
        "tag:yaml.org,2002:int", _checked_int(_constructor.construct_yaml_int)
    )


def _register(record: Record, source: Source, records: Records) -> list[Problem]:
    tables: dict[str, dict[str, Any]] = {
        "council": records.councils,
        "decision": records.decisions,
        "award": records.awards if isinstance(record, Award) else records.route_awards,
    }
    table = tables[record.kind]
    if (record.kind, record.id) in records.sources:
        other = records.sources[(record.kind, record.id)].path
        line, col = source.position(("id",))
        return [
            Problem(
                source.path,
                line,
                col,
                "id",
                f"{record.kind} {record.id!r} is also defined in {other}",
            )
        ]
    table[record.id] = record
    records.sources[(record.kind, record.id)] = source
    return []


def _problem(source: Source, model: type[BaseModel], error: Any) -> Problem:
    loc = _record_loc(source.tree, tuple(error["loc"]))
    line, col = source.position(loc)
    if error["type"] == ROUTE_MISSING:  # placed beside the key that asks for it
        line, col = source.position((*loc[:-1], error["ctx"]["beside"]))
    if error["type"] == DUPLICATE:
        message = _duplicate(source, error)
        return Problem(source.path, line, col, format_loc(loc), message)
    message = describe_error(error)
    if error["type"] == "extra_forbidden":
        hint = route_hint(model, loc)
        message = hint or message + suggest_key(str(loc[-1]), field_names(model, loc[:-1]))
    return Problem(source.path, line, col, format_loc(loc), message)


def _duplicate(source: Source, error: Any) -> str:
    """A repeated id (docgen.models.unique), with the line of its first use."""
    ctx = error["ctx"]
    raw = tuple(error["loc"])
    first = _record_loc(source.tree, (*raw[: len(raw) - ctx["depth"]], *ctx["first_path"]))
    line, _ = source.position(first)
    return (
        f"{ctx['what']} {ctx['value']} is given twice: the first is {format_loc(first)}, "
        f"line {line}; ids must be unique"
    )


DISCRIMINATORS = ("kind", "method")
"""The keys whose value picks the model of a union (decision_maker.kind, appointment.method)."""


def _record_loc(tree: Any, loc: Loc) -> Loc:
    """pydantic's error location without the parts that are not keys of the record: the tag of a
    discriminated union (a mapping's own `kind: officer`) and validator wrappers."""
    kept: list[str | int] = []
    node = tree
    for part in loc:
        is_tag = isinstance(node, dict) and part in (node.get(key) for key in DISCRIMINATORS)
        if is_tag or (isinstance(part, str) and part.startswith("function-")):
            continue
        kept.append(part)
        child = child_position(node, part)
        node = child[2] if child else None
    return tuple(kept)


def iter_records(records: Records) -> Iterator[Record]:
    yield from records.councils.values()
    yield from records.decisions.values()
    yield from records.awards.values()
    yield from records.route_awards.values()
