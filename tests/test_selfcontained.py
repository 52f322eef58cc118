"""The repository stands alone: a clean clone has everything its code and tests read.

Nothing under docgen/, tests/ or tools/, nor the Makefile, .ci/run or pyproject.toml, names a path
outside the repository (the reference folder that sits beside a working copy is not in a clone).
Every fixture is listed in tests/fixtures/README.md with where it came from; every section of
docs/law.md that the code cites exists; pyproject.toml lists exactly the packages there are.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from docgen.checks.rules.registry import RULES

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
LAW = ROOT / "docs" / "law.md"
SCANNED_FOLDERS = ("docgen", "tests", "tools")
SCANNED_FILES = ("Makefile", ".ci/run", "pyproject.toml")
SKIPPED_FOLDERS = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis"}
THIS_FILE = Path(__file__).resolve()  # not scanned: it spells out what it looks for

REFERENCE = "sha" + "red"  # the reference folder's name, spelt so no scan finds it here
OUTSIDE = (
    re.compile(rf"\.\./+{REFERENCE}\b"),  # the folder beside the clone
    re.compile(rf"/work/{REFERENCE}\b"),  # its absolute path
    re.compile(rf"""/\s*["']{REFERENCE}["']"""),  # a pathlib join onto it, from __file__ or ROOT
)
PARENTS = re.compile(r"__file__\)?(?:\.resolve\(\))?\.parents\[(\d+)\]")

# docs/law.md §3, §5 / §5.2 and §8 / §3 and §10 R13: the sections after one mention
CITATION = re.compile(
    r"docs/law\.md[\s#\"]*((?:§\d+(?:\.\d+)?(?:\s+R\d+)?(?:\s*(?:,|and|/)\s*(?=§))?)+)"
)
HEADING = re.compile(r"^#{2,}\s+§(\d+(?:\.\d+)?)\s", re.MULTILINE)
RULE_ROW = re.compile(r"^\|\s*(R\d+)\s*\|", re.MULTILINE)
LISTED = re.compile(r"^- `([^`]+)`", re.MULTILINE)


# ---- the scanners -------------------------------------------------------------------------


def text_files(root: Path) -> list[Path]:
    """The text files the repository's code, tests, tools and build read from."""
    found = [root / name for name in SCANNED_FILES if (root / name).is_file()]
    for folder in SCANNED_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            parts = set(path.relative_to(root).parts)
            if path.is_file() and not parts & SKIPPED_FOLDERS and _is_text(path):
                found.append(path)
    return found


def _is_text(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False  # a PDF, a .docx, a font
    return True


def outside_paths(root: Path) -> list[str]:
    """Every line that names a path outside the repository, as "file:line: text"."""
    found = []
    for path in text_files(root):
        if path.resolve() == THIS_FILE:
            continue
        relative = path.relative_to(root)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _leaves_repository(line, depth=len(relative.parts)):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def _leaves_repository(line: str, depth: int) -> bool:
    """True if the line names a path outside the repository; ``depth`` is how many folders
    deep its file sits, so ``Path(__file__).parents[depth]`` is the folder above the clone."""
    if any(pattern.search(line) for pattern in OUTSIDE):
        return True
    return any(int(n) >= depth for n in PARENTS.findall(line))


def listed_fixtures(readme: Path) -> list[str]:
    """The files and folders tests/fixtures/README.md gives a provenance line for."""
    return LISTED.findall(readme.read_text(encoding="utf-8"))


def law_sections(law: Path) -> set[str]:
    return set(HEADING.findall(law.read_text(encoding="utf-8")))


def law_citations(root: Path) -> list[tuple[str, str]]:
    """(file, section) for every ``docs/law.md §N[.M]`` in docgen/ and tests/."""
    cited = []
    for folder in ("docgen", "tests"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix in {".py", ".md", ".yaml", ".typ", ".html"} and path != THIS_FILE:
                text = path.read_text(encoding="utf-8")
                for chain in CITATION.findall(text):
                    for section in re.findall(r"§(\d+(?:\.\d+)?)", chain):
                        cited.append((str(path.relative_to(root)), section))
    return cited


def missing_sections(root: Path, law: Path) -> list[tuple[str, str]]:
    headings = law_sections(law)
    return [(file, section) for file, section in law_citations(root) if section not in headings]


# ---- the repository as it is --------------------------------------------------------------


def test_nothing_names_a_path_outside_the_repository() -> None:
    assert len(text_files(ROOT)) > 100  # the scan reaches the code, the tests and the tools
    assert outside_paths(ROOT) == []


def test_every_fixture_in_the_readme_exists() -> None:
    listed = listed_fixtures(FIXTURES / "README.md")
    assert len(listed) >= 7
    missing = [name for name in listed if not (FIXTURES / name).exists()]
    assert missing == []


def test_every_fixture_file_has_a_provenance_line() -> None:
    listed = [name.rstrip("/") for name in listed_fixtures(FIXTURES / "README.md")]
    files = [str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*") if p.is_file()]
    unlisted = [
        name
        for name in files
        if name != "README.md" and not any(name == n or name.startswith(n + "/") for n in listed)
    ]
    assert unlisted == []


def test_every_cited_section_of_the_law_exists() -> None:
    cited = law_citations(ROOT)
    assert len(cited) > 40
    assert {"5.1", "5.2", "5.3", "1.1", "8", "10"} <= {section for _, section in cited}
    assert missing_sections(ROOT, LAW) == []


def test_the_law_keeps_every_section_and_rule() -> None:
    text = LAW.read_text(encoding="utf-8")
    top = {s for s in law_sections(LAW) if "." not in s}
    assert top == {str(n) for n in range(12)}
    assert {"1.1", "1.5", "5.1", "5.4", "11.3"} <= law_sections(LAW)
    registered = sorted({rule.id for rule in RULES}, key=lambda r: int(r[1:]))
    assert RULE_ROW.findall(text) == registered, "§10 lists every registered rule, in order"


def test_cited_rule_ids_exist_in_section_10() -> None:
    rules = set(RULE_ROW.findall(LAW.read_text(encoding="utf-8")))
    cited = set()
    for path in (ROOT / "docgen").rglob("*.py"):
        cited |= set(re.findall(r"§10 (R\d+)", path.read_text(encoding="utf-8")))
    assert cited and cited <= rules


def test_pyproject_lists_exactly_the_packages() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = config["tool"]["setuptools"]["packages"]
    folders = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "docgen").rglob("__init__.py")
    }
    assert len(listed) == len(set(listed))
    assert set(listed) == folders | {"docgen.templates"}


# ---- the checks catch what they guard ------------------------------------------------------


def _repository(tmp_path: Path) -> Path:
    for folder in SCANNED_FOLDERS:
        (tmp_path / folder).mkdir()
    (tmp_path / "docgen" / "clean.py").write_text('RECORDS = Path("records")\n', encoding="utf-8")
    return tmp_path


def test_the_scanner_finds_a_path_outside(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    assert outside_paths(root) == []
    (root / "tests" / "test_a.py").write_text(
        f'SCHEMAS = Path(__file__).resolve().parents[2] / "{REFERENCE}" / "ocds"\n',
        encoding="utf-8",
    )
    (root / "tools" / "b.sh").write_text(f"cp /work/{REFERENCE}/x .\n", encoding="utf-8")
    (root / "Makefile").write_text(
        f"fixtures:\n\tcp -r ../{REFERENCE}/fixtures tests/\n", encoding="utf-8"
    )
    (root / "docgen" / "c.py").write_text(
        "HERE = Path(__file__).parents[1]  # docgen/, inside\n"
        "ABOVE = Path(__file__).parents[2]  # above the clone\n",
        encoding="utf-8",
    )
    assert outside_paths(root) == [
        f"Makefile:2: cp -r ../{REFERENCE}/fixtures tests/",
        "docgen/c.py:2: ABOVE = Path(__file__).parents[2]  # above the clone",
        f'tests/test_a.py:1: SCHEMAS = Path(__file__).resolve().parents[2] / "{REFERENCE}" / "ocds"',
        f"tools/b.sh:1: cp /work/{REFERENCE}/x .",
    ]


def test_the_scanner_reads_ci_but_not_binary_files(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    (root / "tests" / "a.pdf").write_bytes(b"%PDF-1.7\n\xff\xfe ../" + REFERENCE.encode())
    assert outside_paths(root) == []
    (root / ".ci").mkdir()
    (root / ".ci" / "run").write_text(f'cd "$(dirname "$0")/../../{REFERENCE}"\n', encoding="utf-8")
    assert [line.split(":")[0] for line in outside_paths(root)] == [".ci/run"]


def test_a_made_up_section_of_the_law_is_caught(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    law = root / "law.md"
    law.write_text("# Law\n\n## §3 Timing\n\n### §5.1 PCR\n", encoding="utf-8")
    (root / "docgen" / "a.py").write_text(
        '"""Counted as in docs/law.md §3 and §5.1."""\n', encoding="utf-8"
    )
    assert missing_sections(root, law) == []
    (root / "tests" / "test_b.py").write_text(
        "# docs/law.md §5.1 / §5.9, and docs/law.md\n# §42\n", encoding="utf-8"
    )
    assert missing_sections(root, law) == [("tests/test_b.py", "5.9"), ("tests/test_b.py", "42")]


def test_a_missing_fixture_is_caught(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("- `here.json` — made here\n- `gone/` — lost\n", encoding="utf-8")
    (tmp_path / "here.json").write_text("{}", encoding="utf-8")
    assert [n for n in listed_fixtures(readme) if not (tmp_path / n).exists()] == ["gone/"]
