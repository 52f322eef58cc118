"""Templates confined: a council's own templates folder (`--templates`) cannot read a file outside
it, and a hostile template ends in a clear TemplateError naming it, within a time and memory
limit, never a traceback, a hang or an abort of docgen.

Each attack is planted in a copy of docgen's templates, in the cabinet paper (the first document
of the first decision, so that nothing is written before the failure). The time limit is set to
2 s here (DOCGEN_TEMPLATE_SECONDS), so the suite stays fast; the memory limit is the default.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import RECORDS

from docgen.build import engine, guarded
from docgen.cli import main
from docgen.errors import TemplateError, UsageError
from docgen.render.confine import check_folder

SECONDS = 2
SECRET = "OUTSIDE-THE-TEMPLATES-FOLDER-7f3a"
BOUND = 30  # seconds: a test taking longer has hung, whatever it printed


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A council's templates folder: a copy of docgen's own."""
    copy = tmp_path / "templates"
    shutil.copytree(engine.DEFAULT_TEMPLATES, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture(autouse=True)
def low_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(guarded.SECONDS_SETTING, str(SECONDS))


def build(folder: Path, out: Path, *formats: str) -> tuple[Result, float]:
    """`docgen build --only cabinet_paper` with these templates: its result and seconds taken."""
    args = ["build", str(RECORDS), "--out", str(out), "--templates", str(folder)]
    args += ["--only", "cabinet_paper", *(a for f in formats for a in ("--format", f))]
    started = time.monotonic()
    result = CliRunner().invoke(main, args)
    return result, time.monotonic() - started


def documents(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.suffix in {".docx", ".pdf", ".html"}]


def assert_refused(result: Result, seconds: float, out: Path, *names: str) -> str:
    """A clear message naming the template, exit 1 or 2, in bounded time, nothing written."""
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for name in names:  # each a regular expression
        assert re.search(name, result.output), result.output
    assert seconds < BOUND
    assert documents(out) == []
    return result.output


def plant(path: Path, anchor: str, attack: str) -> None:
    """Put the attack into a text template just after the anchor."""
    text = path.read_text(encoding="utf-8")
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + attack, 1), encoding="utf-8")


def plant_docx(path: Path, attack: str) -> None:
    """Put the attack into a Word template's first paragraph of text."""
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    at = xml.index("<w:t>") + len("<w:t>")
    members["word/document.xml"] = (xml[:at] + attack + xml[at:]).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)


# ---- 1. nothing in the folder resolves outside it ----------------------------------------------


def test_a_symlink_to_a_file_outside_is_refused_before_anything_is_written(
    folder: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (folder / "leak.txt").symlink_to(secret)
    plant(folder / "cabinet_paper.typ", "#let input = load-context()", '\n#read("leak.txt")\n')
    out = tmp_path / "out"
    result, seconds = build(folder, out, "pdf")
    assert seconds < BOUND
    assert result.exit_code == 2, result.output
    assert "leak.txt" in result.output and "symbolic link" in result.output
    assert SECRET not in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda f, s: (f / "lib" / "extra.typ").symlink_to(s), id="link-in-subfolder"),
        pytest.param(lambda f, s: (f / "elsewhere").symlink_to(s.parent), id="link-to-a-folder"),
        pytest.param(lambda f, s: (f / "fonts" / "x.ttf").hardlink_to(s), id="hard-link"),
        pytest.param(
            lambda f, s: os.mkfifo(f / "html" / "pipe.html"),
            id="fifo",
            marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here"),
        ),
        pytest.param(
            lambda f, s: (f / "dangling.typ").symlink_to(s.parent / "gone"), id="dangling"
        ),
    ],
)
def test_links_and_special_files_anywhere_in_the_folder_are_refused(
    folder: Path, tmp_path: Path, make: object
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    make(folder, secret)  # type: ignore[operator]
    with pytest.raises(TemplateError, match=r"symbolic link|hard link|not a plain file") as caught:
        check_folder(folder)
    assert str(folder) in str(caught.value)


def test_a_folder_of_plain_files_passes_and_docgens_own_are_trusted(folder: Path) -> None:
    check_folder(folder)
    assert engine.is_shipped(engine.DEFAULT_TEMPLATES)
    assert not engine.is_shipped(folder)


# ---- 2. Jinja: every error a template can cause is a TemplateError naming it -------------------

JINJA_ATTACKS = {
    "nested-loop": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "longer than 2 s",
    ),
    "huge-range": ("{{ range(10**9)|list }}", "Range too big"),
    "recursive-macro": ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}", "too deeply"),
    "division-by-zero": ("{{ 1/0 }}", "division by zero"),
    "overflow": ("{{ (10 ** 400) / 3 }}", "OverflowError"),
    "huge-power": ("{{ 7 ** 10000000 }}", "too large"),
    "huge-repeat": ("{{ 'x' * 10**9 }}", "too many"),
    "missing-include": ('{% include "nowhere.html" %}', "nowhere.html"),
    "undefined": ("{{ no_such_name.field }}", "undefined"),
    "sandbox-escape": ("{{ ''.__class__.__mro__ }}", "unsafe"),
    "doubling-string": (
        '{% set ns = namespace(s="x") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
        "{% endfor %}{{ ns.s|length }}",
        "memory|longer than 2 s",
    ),
}


@pytest.mark.parametrize("attack,says", JINJA_ATTACKS.values(), ids=JINJA_ATTACKS.keys())
def test_a_hostile_html_template_ends_in_a_template_error(
    folder: Path, tmp_path: Path, attack: str, says: str
) -> None:
    plant(folder / "html" / "cabinet_paper.html", "{% block status %}", attack)
    out = tmp_path / "out"
    result, seconds = build(folder, out, "pdf")  # the paper's HTML comes with its PDF
    message = assert_refused(result, seconds, out, "cabinet_paper.html", says)
    if "memory" not in says and "longer" not in says:
        assert "cabinet_paper.html:5: " in message  # and the line, where Jinja knows it


def test_a_syntax_error_names_the_template_and_line(folder: Path, tmp_path: Path) -> None:
    plant(folder / "html" / "cabinet_paper.html", "{% block status %}", "{% if %}")
    out = tmp_path / "out"
    result, seconds = build(folder, out, "pdf")
    assert_refused(result, seconds, out, "cabinet_paper.html:5: ")


WORD_ATTACKS = {
    "nested-loop": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "longer than 2 s",
    ),
    "division-by-zero": ("{{ 1/0 }}", "division by zero"),
    "recursive-macro": ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}", "too deeply"),
    "include": ('{% include "other.docx" %}', "includes"),
    "huge-range": ("{{ range(10**9)|list }}", "Range too big"),
}


@pytest.mark.parametrize("attack,says", WORD_ATTACKS.values(), ids=WORD_ATTACKS.keys())
def test_a_hostile_word_template_ends_in_a_template_error(
    folder: Path, tmp_path: Path, attack: str, says: str
) -> None:
    plant_docx(folder / "cabinet_paper.docx", attack.replace("'", "&apos;").replace('"', "&quot;"))
    out = tmp_path / "out"
    result, seconds = build(folder, out, "docx")
    assert_refused(result, seconds, out, "cabinet_paper.docx", says)


# ---- 3. Typst: a runaway loop or memory blow-up stops the worker, not docgen --------------------

TYPST_ATTACKS = {
    "nested-loop": (
        "#for a in range(100000) { for b in range(100000) { } }\n",
        "longer than 2 s",
    ),
    "doubling-recursion": (
        '#let f(n) = if n > 0 { f(n - 1) + f(n - 1) } else { "x" }\n#f(40).len()\n',
        "memory limit|longer than 2 s",  # whichever it reaches first on a busy machine
    ),
    "huge-array": ("#range(1000000000).len()\n", "memory limit"),
}


@pytest.mark.parametrize("attack,says", TYPST_ATTACKS.values(), ids=TYPST_ATTACKS.keys())
def test_a_hostile_typst_template_ends_in_a_template_error(
    folder: Path, tmp_path: Path, attack: str, says: str
) -> None:
    plant(folder / "cabinet_paper.typ", "#let input = load-context()", "\n" + attack)
    out = tmp_path / "out"
    result, seconds = build(folder, out, "pdf")
    assert_refused(result, seconds, out, "cabinet_paper.typ", says)


# ---- 4. the limits ----------------------------------------------------------------------------


def test_the_limits_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(guarded.MEMORY_SETTING, "512")
    assert guarded.Limits.from_environment() == guarded.Limits(seconds=SECONDS, memory_mb=512)
    monkeypatch.setenv(guarded.SECONDS_SETTING, "soon")
    with pytest.raises(UsageError, match=guarded.SECONDS_SETTING):
        guarded.Limits.from_environment()


def test_a_councils_own_good_templates_build_as_docgens_do(folder: Path, tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    result, _ = build(engine.DEFAULT_TEMPLATES, ours, "pdf")
    assert result.exit_code == 0, result.output
    result, _ = build(folder, theirs, "pdf")
    assert result.exit_code == 0, result.output
    made = sorted(p.relative_to(ours) for p in documents(ours))
    assert made and made == sorted(p.relative_to(theirs) for p in documents(theirs))
    for rel in made:
        assert (ours / rel).read_bytes() == (theirs / rel).read_bytes()
