"""The package's folders are stages, and imports point down them, never up.

Each top-level entry of docgen/ has a floor. A module may import from its own entry or from an
entry on a lower floor; an import of an entry on the same or a higher floor fails this test, so a
new dependency that points up (say, validation importing a document builder) is caught here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "docgen"

FLOORS: dict[str, int] = {
    "errors": 0,
    "resources": 0,
    "models": 1,
    "records": 2,  # load: YAML with positions, messages, the Records collection
    "derive": 2,  # pure computation: units, facts, timing, formatting, prose, numbering
    "readback": 2,  # one way to read a finished PDF or Word file
    "checks": 3,  # validation across fields and records, and the legal rules
    "render": 3,  # one renderer per format
    "documents": 3,  # one typed context per document kind, and the table of kinds
    "build": 4,  # planning, rendering in workers, the one writer
    "audit": 5,
    "letters": 6,
    "compare": 6,
    "exchange": 6,
    "pipeline": 7,
    "cli": 8,
    "__main__": 9,  # `python -m docgen`, for machines without make
}
"""Floor of each top-level entry; `__init__` (the version) is below them all."""

MAX_LINES = 400


def _entry(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "docgen" or len(parts) == 1:
        return None
    return parts[1]


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return found


def _entry_of_import(name: str) -> str | None:
    """The top-level entry an import names, or None for the package root and other packages."""
    entry = _entry(name)
    if entry is None:
        return None
    return entry if entry in FLOORS else None


def upward_imports(package: Path, floors: dict[str, int]) -> list[str]:
    """Every import in the package that points to the same or a higher floor of another entry."""
    problems = []
    for path in sorted(package.rglob("*.py")):
        own = path.relative_to(package).parts[0].removesuffix(".py")
        if own == "__init__":
            continue
        for line, name in _imports(path):
            target = _entry_of_import(name)
            if target is None or target == own:
                continue
            if floors[target] >= floors[own]:
                where = path.relative_to(package.parent)
                problems.append(
                    f"{where}:{line}: {own} (floor {floors[own]}) imports {name} "
                    f"(floor {floors[target]})"
                )
    return problems


def test_every_top_level_entry_has_a_floor() -> None:
    entries = {p.name.removesuffix(".py") for p in PACKAGE.iterdir() if p.name != "__pycache__"}
    entries.discard("__init__")
    assert entries <= set(FLOORS), "give each top-level entry of docgen/ a floor in FLOORS"
    assert len(entries - {"__main__"}) <= 16


def test_imports_point_down_the_stages() -> None:
    assert upward_imports(PACKAGE, FLOORS) == []


def test_the_layering_check_fails_when_an_import_points_up(tmp_path: Path) -> None:
    package = tmp_path / "docgen"
    (package / "checks").mkdir(parents=True)
    (package / "documents").mkdir()
    (package / "checks" / "prose.py").write_text(
        "from docgen.documents.cabinet_paper import references\n", encoding="utf-8"
    )
    (package / "documents" / "cabinet_paper.py").write_text(
        "from docgen.checks import prose\n", encoding="utf-8"
    )
    problems = upward_imports(package, FLOORS)
    assert len(problems) == 2
    assert problems[0].startswith("docgen/checks/prose.py:1: checks (floor 3) imports")


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_module_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE.parent)} has {lines} lines"
