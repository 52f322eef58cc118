"""Which context fields a template reads, and which of those its kind's context type lacks.

A value's type is followed from the context type through every place a template names it:
`{% for s in sections %}` makes `s` a Section, so `s.titel` is an error; a macro (Jinja) or
function (Typst) is checked once for each type it is called with. What cannot be followed (a
filter's result, a value a template computes) is not checked; the context's own fields are.

- Word (docxtpl) and HTML templates are Jinja: their syntax trees are walked.
- Typst templates are read by a small scanner: `let x = load-context()`, `let m = x.meta`,
  `for a in <chain> {…}`, `<chain>.map(a => …)` and `<chain>.map(f)`, and calls of the
  functions the template and templates/lib/docgen.typ define.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import meta, nodes

from docgen.documents.fields import field_type, item_type, model_of, type_text
from docgen.render.sandbox import make_environment


@dataclass(frozen=True)
class Ref:
    """A value a template holds: where it is in the context ("sections[].body") and its type."""

    path: str
    tp: Any


@dataclass
class Reads:
    """What a template read from its context, and what it read that is not there."""

    used: set[str] = field(default_factory=set)
    errors: set[str] = field(default_factory=set)

    def attribute(self, ref: Ref, name: str) -> Ref | None:
        path = f"{ref.path}.{name}" if ref.path else name
        model = model_of(ref.tp)
        if model is None:
            self.errors.add(f"{path}: {ref.path} is {type_text(ref.tp)}, which has no fields")
            return None
        tp = field_type(ref.tp, name)
        if tp is None:
            self.errors.add(f"{path}: {model.__name__} has no field {name!r}")
            return None
        self.used.add(path)
        return Ref(path, tp)


def items(ref: Ref | None) -> Ref | None:
    """The items of a list value; None when it is not a list (or not known)."""
    tp = item_type(ref.tp) if ref else None
    return Ref(f"{ref.path}[]", tp) if ref and tp is not None else None


# ---- Jinja: Word and HTML ----


WORD_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml")


def word_sources(path: Path) -> str:
    """A .docx template's Jinja (body, headers, footers, footnotes), as docxtpl compiles it."""
    patch = DocxTemplate(path).patch_xml
    with zipfile.ZipFile(path) as docx:
        parts = [n for n in docx.namelist() if WORD_PARTS.fullmatch(n)]
        return "".join(patch(docx.read(n).decode("utf-8")) for n in parts)


def word_reads(path: Path, context: type) -> Reads:
    """What a Word template reads: the context's fields are its top-level names."""
    names = {name: Ref(name, info.annotation) for name, info in context.model_fields.items()}
    source = word_sources(path)
    reads = JinjaReader(lambda name: source).read("", names)
    top = JinjaReader.undeclared(source)
    reads.used |= top & set(names)
    reads.errors |= {
        f"{name}: {context.__name__} has no field {name!r}" for name in top - set(names)
    }
    return reads


def html_reads(folder: Path, kind: str, context: type) -> Reads:
    """What an HTML page (with what it extends and imports) reads: the context is `ctx`."""
    reader = JinjaReader(lambda name: (folder / name).read_text(encoding="utf-8"))
    page = f"{kind}.html"
    reads = reader.read(page, {"ctx": Ref("", context)})
    tree = make_environment().parse(reader.load(page))
    imported = {node.target for node in tree.find_all(nodes.Import)}
    extra = JinjaReader.undeclared(reader.load(page)) - imported - {"ctx"}
    reads.errors |= {f"{name}: a page sees only ctx" for name in extra}
    return reads


@dataclass(frozen=True)
class _Macros:
    """The macros of one template (what `{% import %}` gives)."""

    by_name: dict[str, nodes.Macro]


class JinjaReader:
    """Walks Jinja templates with the type of each name in scope."""

    def __init__(self, load: Callable[[str], str]) -> None:
        self.load = load
        self.reads = Reads()
        self._env = make_environment()
        self._done: set[tuple[int, tuple[Any, ...]]] = set()

    @staticmethod
    def undeclared(source: str) -> set[str]:
        return meta.find_undeclared_variables(make_environment().parse(source))

    def read(self, name: str, names: dict[str, Any]) -> Reads:
        self._template(name, names)
        return self.reads

    def _template(self, name: str, names: dict[str, Any]) -> None:
        tree = self._env.parse(self.load(name))
        scope = {**names, **self._macros(tree).by_name}
        for node in tree.body:
            self._walk(node, scope)

    def _macros(self, tree: nodes.Template) -> _Macros:
        return _Macros({m.name: m for m in tree.find_all(nodes.Macro)})

    def _walk(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            self._walk(node.iter, scope)
            inner = dict(scope)
            self._bind(node.target, items(self._value(node.iter, scope)), inner)
            for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
                self._walk(child, inner)
        elif isinstance(node, nodes.Macro):
            return  # read when called, with the types of its arguments
        elif isinstance(node, nodes.Import):
            template = self._env.parse(self.load(node.template.value))
            scope[node.target] = self._macros(template)
        elif isinstance(node, nodes.Extends | nodes.Include):
            self._template(node.template.value, scope)
        elif isinstance(node, nodes.Assign):
            self._bind(node.target, self._value(node.node, scope), scope)
        elif isinstance(node, nodes.Expr):
            self._value(node, scope)
        else:
            for child in node.iter_child_nodes():
                self._walk(child, scope)

    def _bind(self, target: nodes.Node, ref: Ref | None, scope: dict[str, Any]) -> None:
        """`for a in …` binds a to the value; `for a, b in …` binds both to what is not known."""
        if isinstance(target, nodes.Name):
            scope[target.name] = ref
        else:
            scope.update({name.name: None for name in target.find_all(nodes.Name)})

    def _value(self, node: nodes.Node, scope: dict[str, Any]) -> Ref | None:
        """The value an expression names (reading fields on the way), or None if unknown."""
        if isinstance(node, nodes.Name):
            found = scope.get(node.name)
            return found if isinstance(found, Ref) else None
        if isinstance(node, nodes.Getattr):
            base = self._value(node.node, scope)
            return self.reads.attribute(base, node.attr) if base else None
        if isinstance(node, nodes.Getitem):
            base = self._value(node.node, scope)
            self._walk(node.arg, scope)
            if base and isinstance(node.arg, nodes.Const):
                key = node.arg.value
                return items(base) if isinstance(key, int) else self.reads.attribute(base, key)
            return None
        if isinstance(node, nodes.Call):
            self._call(node, scope)
            return None
        for child in node.iter_child_nodes():
            self._walk(child, scope)
        return None

    def _call(self, node: nodes.Call, scope: dict[str, Any]) -> None:
        args = [self._value(a, scope) for a in node.args]
        for kwarg in node.kwargs:
            self._walk(kwarg, scope)
        callee, macros = node.node, None
        if isinstance(callee, nodes.Name) and isinstance(scope.get(callee.name), nodes.Macro):
            macro = scope[callee.name]
            macros = {k: v for k, v in scope.items() if isinstance(v, nodes.Macro)}
        elif (
            isinstance(callee, nodes.Getattr)
            and isinstance(callee.node, nodes.Name)
            and isinstance(scope.get(callee.node.name), _Macros)
        ):
            macros = scope[callee.node.name].by_name
            macro = macros.get(callee.attr)
        else:  # a method of a value (`x.upper()`) or a global: read what it is called on
            if isinstance(callee, nodes.Getattr):
                base = self._value(callee.node, scope)
                if base and model_of(base.tp) is not None:
                    self.reads.attribute(base, callee.attr)
            return
        if macro is not None:
            self._macro(macro, args, macros)

    def _macro(self, macro: nodes.Macro, args: list[Ref | None], macros: dict[str, Any]) -> None:
        key = (id(macro), tuple(a.tp if a else None for a in args))
        if key in self._done:
            return
        self._done.add(key)
        scope = dict(macros)
        for param, arg in zip(macro.args, args, strict=False):
            scope[param.name] = arg
        for child in macro.body:
            self._walk(child, scope)


# ---- Typst ----

IDENT = r"[A-Za-z_][\w-]*"
_HEAD = r"(?<![\w-])(?:(?<=\.\.)|(?<!\.))"  # not inside a name or after one dot; `..x` spreads
CHAIN = re.compile(rf"{_HEAD}({IDENT})((?:\.{IDENT})+)(\()?")
CALL = re.compile(rf"{_HEAD}({IDENT})(?:\.with)?\(")
FOR = re.compile(rf"\bfor\s+({IDENT})\s+in\s+({IDENT})((?:\.{IDENT})*)")
LET = re.compile(rf"\blet\s+({IDENT})\s*=\s*({IDENT})((?:\.{IDENT})*)(\(\))?[ \t]*(?=[\n;]|$)")
FUNCTION = re.compile(rf"\blet\s+({IDENT})\(([^)]*)\)\s*=")
LAMBDA = re.compile(rf"\s*\(?\s*({IDENT})\s*\)?\s*=>")
BY_NAME = re.compile(rf"\s*({IDENT})\s*\)")
ARGUMENT = re.compile(rf"({IDENT})((?:\.{IDENT})*)")
NAMED = re.compile(rf"{IDENT}\s*:")
ITERATING = {"map", "filter", "find", "any", "all"}
DICT_METHODS = {"at", "keys", "values", "pairs", "len", "contains"}


def typst_reads(path: Path, context: type, lib: Path, function: str = "") -> Reads:
    """What a Typst template reads; the functions of `lib` are read as they are called.

    function: the kind's function of one context that `path` (templates/lib/<kind>.typ) defines,
    read as if called with the context (the entry point passes it each part)."""
    reader = TypstReader(mask(lib.read_text(encoding="utf-8")))
    text = path.read_text(encoding="utf-8")
    if function:
        text += f"\n#let ctx = load-context()\n#{function}(ctx)\n"
    return reader.read(mask(text), Ref("", context))


def mask(source: str) -> str:
    """The source with comments and the insides of strings blanked (offsets kept)."""
    out, i, n = list(source), 0, len(source)
    while i < n:
        if source.startswith("//", i):
            end = source.find("\n", i)
            end = n if end < 0 else end
        elif source.startswith("/*", i):
            end = source.find("*/", i)
            end = n if end < 0 else end + 2
        elif source[i] == '"':
            i, end = i + 1, i + 1  # keep the quotes, blank what is between them
            while end < n and source[end] != '"':
                end += 2 if source[end] == "\\" else 1
        else:
            i += 1
            continue
        out[i:end] = [c if c == "\n" else " " for c in source[i:end]]
        i = end + (source[end : end + 1] == '"')  # past a string's closing quote
    return "".join(out)


def _close(text: str, start: int, *, at_newline: bool) -> int:
    """Where the bracket around `start` closes, or (at_newline) where a statement from it ends."""
    depth = 0
    for i in range(start, len(text)):
        char = text[i]
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return i
        elif char == "\n" and depth == 0 and at_newline:
            return i
    return len(text)


def _arguments(text: str, start: int, end: int) -> Iterator[tuple[str, int]]:
    """A call's positional arguments between its brackets, each with where it starts."""
    depth, begin = 0, start
    for i in range(start, end + 1):
        char = text[i] if i < end else ","
        depth += (char in "([{") - (char in ")]}")
        if char == "," and depth == 0:
            arg = text[begin:i].strip()
            if arg and not NAMED.match(arg) and not arg.startswith(".."):
                yield arg, text.index(arg, begin)
            begin = i + 1


@dataclass(frozen=True)
class _Function:
    """A function a Typst file defines: `let name(params) = body`."""

    name: str
    params: tuple[str, ...]
    text: str
    start: int
    end: int


def _functions(text: str) -> Iterator[_Function]:
    for found in FUNCTION.finditer(text):
        params = tuple(p.split(":")[0].strip() for p in found.group(2).split(","))
        end = _close(text, found.end(), at_newline=True)
        yield _Function(found.group(1), tuple(p for p in params if p), text, found.end(), end)


@dataclass(frozen=True)
class _Binding:
    """A name bound to a value from `start` to `end`."""

    name: str
    start: int
    end: int
    ref: Ref | None


class TypstReader:
    """Scans Typst source with the type of each bound name, scope by scope."""

    def __init__(self, lib: str = "") -> None:
        self.reads = Reads()
        self._lib = {f.name: f for f in _functions(lib)}
        self.functions = dict(self._lib)
        self._done: set[tuple[str, int, tuple[Any, ...]]] = set()
        self.root = Ref("", None)

    def read(self, text: str, root: Ref) -> Reads:
        self.root = root
        self.functions = {**self._lib, **{f.name: f for f in _functions(text)}}
        _Scan(self, text, 0, len(text), {}).run()
        return self.reads

    def function(self, function: _Function, args: list[Ref | None]) -> None:
        """Read a function's body with its parameters bound to the arguments' types."""
        key = (function.name, function.start, tuple(a.tp if a else None for a in args))
        if key not in self._done and any(args):
            self._done.add(key)
            names = dict(zip(function.params, args, strict=False))
            _Scan(self, function.text, function.start, function.end, names).run()


class _Scan:
    """One pass over a file, or over a function's body: binds names in order and reads chains."""

    def __init__(
        self, reader: TypstReader, text: str, start: int, end: int, names: dict[str, Ref | None]
    ) -> None:
        self.reader, self.text, self.start, self.end = reader, text, start, end
        self.names = names
        self.bindings: list[_Binding] = []
        self.params = [  # parameters of functions defined inside: read when called
            f
            for f in reader.functions.values()
            if f.text is text and start <= f.start and f.end <= end and f.start != start
        ]

    def run(self) -> None:
        found = [
            (m.start(), handle, m)
            for pattern, handle in (
                (CALL, self._call),
                (CHAIN, self._chain),
                (FOR, self._for),
                (LET, self._let),
            )
            for m in pattern.finditer(self.text, self.start, self.end)
        ]
        for _, handle, match in sorted(found, key=lambda f: f[0]):
            handle(match)

    def lookup(self, name: str, at: int) -> Ref | None:
        inner = [b for b in self.bindings if b.name == name and b.start <= at < b.end]
        if inner:
            return max(inner, key=lambda b: b.start).ref
        if any(name in f.params and f.start <= at < f.end for f in self.params):
            return None
        return self.names.get(name)

    def resolve(self, head: str, tail: str, at: int) -> Ref | None:
        """The value `head.a.b` names, each field read on the way."""
        ref = self.lookup(head, at)
        for name in [n for n in tail.split(".") if n]:
            ref = self.reader.reads.attribute(ref, name) if ref else None
        return ref

    def _let(self, found: re.Match[str]) -> None:
        """`let ctx = load-context()` binds the context; `let m = ctx.meta`, a field of it."""
        name, head, tail, called = found.groups()
        if called and (head, tail) != ("load-context", ""):
            return
        ref = self.reader.root if called else self.resolve(head, tail, found.start(2))
        end = _close(self.text, found.end(), at_newline=False)
        self.bindings.append(_Binding(name, found.end(), end, ref))

    def _for(self, found: re.Match[str]) -> None:
        ref = items(self.resolve(found.group(2), found.group(3), found.start(2)))
        end = _close(self.text, found.start(), at_newline=True)
        self.bindings.append(_Binding(found.group(1), found.end(), end, ref))

    def _chain(self, found: re.Match[str]) -> None:
        """`a.b.c` reads fields; `a.b.map(x => …)` also binds x to each item of a.b."""
        head, tail, called = found.groups()
        if not called:
            self.resolve(head, tail, found.start())
            return
        fields, _, method = tail.rpartition(".")
        receiver = self.resolve(head, fields, found.start())
        if receiver and model_of(receiver.tp) and method not in DICT_METHODS:
            self.reader.reads.attribute(receiver, method)  # `ctx.titel(…)`: not a field either
        if method in ITERATING:
            self._iterate(found.end(), items(receiver))

    def _iterate(self, after: int, item: Ref | None) -> None:
        if lam := LAMBDA.match(self.text, after):
            end = _close(self.text, after, at_newline=False)
            self.bindings.append(_Binding(lam.group(1), lam.end(), end, item))
        elif (by_name := BY_NAME.match(self.text, after)) and by_name.group(1) in self._defined:
            self.reader.function(self._defined[by_name.group(1)], [item])

    @property
    def _defined(self) -> dict[str, _Function]:
        return self.reader.functions

    def _call(self, found: re.Match[str]) -> None:
        """`f(a.b, …)` of a function defined here or in the lib: read f with those types."""
        function = self._defined.get(found.group(1))
        if function is None:
            return
        end = _close(self.text, found.end(), at_newline=False)
        args = []
        for arg, at in _arguments(self.text, found.end(), end):
            plain = ARGUMENT.fullmatch(arg)
            args.append(self.resolve(plain.group(1), plain.group(2), at) if plain else None)
        self.reader.function(function, args)
