"""docgen starts with what a command needs: importing the command line, `docgen --help` and
`docgen validate` load no renderer (issue 18). Each case runs in a fresh interpreter, because
this test process has long since imported everything; it asserts which modules were loaded,
never how long anything took (the times are in the README, measured by tools/bench_cli.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from docgen.records.loading import _DIRECTIVE, _fast_yaml, _yaml
from docgen.records.tree import Loc, locate, locate_node

ROOT = Path(__file__).resolve().parents[1]

RENDERERS = (
    "typst",
    "docxtpl",
    "docx",
    "jinja2",
    "pypdf",
    "pypdfium2",
    "lxml",
    "openpyxl",
    "starlette",
    "uvicorn",
    "babel",
    "docgen.build.engine",
    "docgen.render",
    "docgen.documents",
    "docgen.letters",
    "docgen.readback",
    "docgen.exchange",
)
"""Packages a command that only reads records must not load (with any of their submodules)."""

PROBE = """
import json, sys
{body}
heavy = {heavy!r}
loaded = sorted({{m for m in sys.modules for h in heavy if m == h or m.startswith(h + ".")}})
print(json.dumps({{"loaded": loaded, "code": code}}))
"""

RUN_CLI = """
import contextlib, io
from docgen.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
    try:
        main({args!r}, prog_name="docgen")
        code = 0
    except SystemExit as exc:
        code = exc.code
print(out.getvalue(), file=sys.stderr)
"""


def probe(body: str, heavy: tuple[str, ...] = RENDERERS) -> tuple[list[str], Any, str]:
    """Run body in a fresh interpreter from the project folder; the heavy modules it loaded,
    its `code`, and what it wrote on stderr."""
    script = PROBE.format(body=body, heavy=heavy)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["loaded"], result["code"], done.stderr


def test_importing_the_command_line_loads_no_renderer_and_no_model() -> None:
    loaded, code, _ = probe(
        "import docgen.cli\ncode = 0", (*RENDERERS, "pydantic", "docgen.models")
    )
    assert loaded == [] and code == 0


def test_help_lists_every_command_without_loading_the_records_or_the_renderers() -> None:
    body = RUN_CLI.format(args=["--help"])
    loaded, code, said = probe(body, (*RENDERERS, "pydantic", "docgen.models", "docgen.pipeline"))
    assert code == 0
    for command in ("validate", "build", "letters", "pack", "audit", "compare", "serve", "new"):
        assert f"  {command} " in said, command
    assert loaded == []


def test_validate_through_the_entry_point_loads_no_renderer() -> None:
    loaded, code, said = probe(RUN_CLI.format(args=["validate", "records"]))
    assert code == 0, said
    assert "OK: " in said and " valid." in said
    assert loaded == []


def test_validate_reports_an_invalid_record_without_loading_a_renderer(tmp_path: Path) -> None:
    bad = tmp_path / "award.yaml"
    bad.write_text("kind: council\nid: x\nname: 3\n", encoding="utf-8")
    loaded, code, said = probe(RUN_CLI.format(args=["validate", str(bad)]))
    assert code == 1
    assert f"{bad}:1:1" in said or "award.yaml:" in said
    assert loaded == []


def test_letters_does_load_the_renderers_it_needs(tmp_path: Path) -> None:
    """The probe can fail: a command that builds does load them (here the help of `build`,
    which names the kinds of document)."""
    loaded, code, said = probe(RUN_CLI.format(args=["build", "--help"]))
    assert code == 0
    assert "docgen.documents" in loaded
    assert "cabinet_paper, appendix_suppliers" in " ".join(said.split())


def test_the_command_lines_copies_of_library_constants_agree() -> None:
    from docgen import pipeline
    from docgen.build import engine
    from docgen.cli import base, exchange
    from docgen.letters import batch
    from docgen.models.routes import ROUTES

    assert exchange.ROUTE_CHOICES == ROUTES
    assert pipeline.PARALLEL_FROM == engine.PARALLEL_FROM
    assert list(pipeline.WORKER_PRELOAD) == engine._preload(batch.LetterChecks.__module__)
    assert (pipeline.FORMATS, pipeline.DEFAULT_TEMPLATES) == (
        engine.FORMATS,
        engine.DEFAULT_TEMPLATES,
    )
    assert base.FORMATS == engine.FORMATS


def _locs(node: Any, prefix: Loc = ()) -> list[Loc]:
    """Every key and item of a round-trip tree, and one place under each that does not exist."""
    found: list[Loc] = [(*prefix, "not-a-key")]
    if isinstance(node, CommentedMap):
        for key in node:
            found.append((*prefix, key))
            found += _locs(node[key], (*prefix, key))
    elif isinstance(node, CommentedSeq):
        found.append((*prefix, len(node)))
        for index, item in enumerate(node):
            found.append((*prefix, index))
            found += _locs(item, (*prefix, index))
    return found


def _located(path: Path) -> bool:
    """Whether the quick parser locates this file: valid YAML (only a record that loaded is
    located so), without merge keys (`<<:`) or a %YAML directive (both go to the round-trip
    tree)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if "<<" in text or _DIRECTIVE.search(text):
        return False
    try:
        return isinstance(_fast_yaml().load(text), dict)
    except Exception:  # not YAML: loading reports it from the round-trip parse
        return False


YAML_FILES = sorted(
    path
    for folder in ("records", "tests")
    for path in (ROOT / folder).rglob("*.yaml")
    if _located(path)
)


def test_the_position_cases_cover_the_records() -> None:
    assert len(YAML_FILES) > 100
    assert {p.relative_to(ROOT).parts[0] for p in YAML_FILES} == {"records", "tests"}


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_positions_from_the_quick_parser_are_the_round_trip_positions(path: Path) -> None:
    """A rule's warning on a valid record is placed from the C parser's nodes (docgen.records.
    loading.Source.position): at the same line and column as the round-trip tree gives."""
    text = path.read_text(encoding="utf-8")
    tree, nodes = _yaml().load(text), _fast_yaml().compose(text)
    places = _locs(tree)
    assert places
    for loc in places:
        assert locate_node(nodes, loc) == locate(tree, loc), loc


def test_positions_agree_on_aliases_and_integer_keys() -> None:
    text = "a: &x\n  b: [1, 2]\nc: *x\nd:\n  1: one\n  '2': two\n"
    tree, nodes = _yaml().load(text), _fast_yaml().compose(text)
    for loc in [("c", "b", 1), ("d", 1), ("d", "1"), ("d", "2"), ("d", 2), ("a", "b", 5)]:
        assert locate_node(nodes, loc) == locate(tree, loc), loc
    assert locate_node(nodes, ("c", "b", 1)) == (2, 10)  # the anchor's line, as YAML shares it


def test_a_record_read_by_the_quick_parser_keeps_its_nodes_for_the_warnings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The C parser's nodes a short record was built from are kept: placing a warning parses
    nothing again (a second parse of six files cost validate ~15 ms), and places it as the
    round-trip tree does. A long file keeps none (its nodes take ~35 times its text)."""
    from docgen.records import loading

    records = loading.load_records([ROOT / "records"])
    sources = list(records.sources.values())
    assert sources and all(s.nodes is not None and s.parsed is None for s in sources)

    def no_second_parse() -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(loading, "_fast_yaml", no_second_parse)
    award = records.awards["ilss-2025"]
    source = records.source(award)
    loc = ("lots", 1, "bidders", 0)
    assert source.position(loc) == locate(_yaml().load(source.text), loc)
    monkeypatch.undo()
    council = (ROOT / "records" / "councils" / "glan-yr-afon.yaml").read_text(encoding="utf-8")
    record, nodes = loading._load_fast(council)
    assert record is not None and nodes is not None
    record, nodes = loading._load_fast(council + "#" * loading.KEEP_NODES + "\n")
    assert record is not None and nodes is None


# ---- a rebuild with nothing changed (docgen.letters.manifest.unchanged_run) ---------------------


@pytest.fixture(scope="module")
def small_award(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A synthetic award of six letters (tools/bench.py), built once: (records, out)."""
    from docgen import pipeline
    from tools import bench

    top = tmp_path_factory.mktemp("noop")
    bench.write_record(top / "records" / "award.yaml", 6)
    pipeline.build_letters([top / "records"], top / "out")
    return top / "records", top / "out"


def _copy(small: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    import shutil

    records, out = (tmp_path / "records", tmp_path / "out")
    shutil.copytree(small[0], records)
    shutil.copytree(small[1], out)
    return records, out


def _letters(records: Path, out: Path) -> tuple[str, list[str]]:
    """`docgen letters records --out out` in a fresh interpreter: what it said, and the heavy
    modules it loaded."""
    body = RUN_CLI.format(args=["letters", str(records), "--out", str(out)])
    planning = ("docgen.letters.batch", "docgen.letters.plan", "docgen.letters.leaks")
    heavy = tuple(m for m in RENDERERS if m != "docgen.letters")
    loaded, code, said = probe(body, (*heavy, *planning, "pydantic", "docgen.models"))
    assert code == 0, said
    return said, loaded


def test_nothing_changed_is_decided_without_parsing_a_record_or_opening_a_letter(
    small_award: tuple[Path, Path], tmp_path: Path
) -> None:
    records, out = _copy(small_award, tmp_path)
    from docgen.letters.manifest import RUN_NAME

    said, loaded = _letters(records, out)  # the copy moved the files: the whole way, once
    assert "0 files written, 12 unchanged" in said
    assert "docgen.models" in loaded and "typst" in loaded  # it did go the whole way
    assert (out / RUN_NAME).is_file()
    quick, loaded = _letters(records, out)
    assert loaded == []  # no model, no renderer, no reader of PDFs
    (out / RUN_NAME).unlink()  # the same build the whole way says the same
    whole, _ = _letters(records, out)
    assert _timeless(quick) == _timeless(whole)
    assert "6 letters (" in quick and "0 files written, 12 unchanged, 0 letters checked" in quick


def _timeless(said: str) -> list[str]:
    import re

    return [re.sub(r"in [\d.]+ s\.$", "in - s.", line) for line in said.splitlines() if line]


def test_a_changed_record_builds_again(small_award: tuple[Path, Path], tmp_path: Path) -> None:
    from docgen import pipeline
    from docgen.letters.manifest import Replayed

    records, out = _copy(small_award, tmp_path)
    pipeline.build_letters([records], out)
    assert isinstance(pipeline.build_letters([records], out), Replayed)
    award = records / "award.yaml"
    award.write_text(award.read_text(encoding="utf-8").replace("Area 1", "Area One"), "utf-8")
    report = pipeline.build_letters([records], out)
    assert not isinstance(report, Replayed)
    assert len(report.build.written) == 12  # every letter names its Lot's area


def test_a_letter_touched_removed_or_added_goes_the_whole_way(
    small_award: tuple[Path, Path], tmp_path: Path
) -> None:
    import os

    from docgen import pipeline
    from docgen.letters.manifest import Replayed

    records, out = _copy(small_award, tmp_path)
    pipeline.build_letters([records], out)
    letters = sorted(out.rglob("lot-*/*.pdf"))
    assert len(letters) == 6
    os.utime(letters[0], ns=(1, 1))  # same bytes, another time: its hash decides, unchanged
    report = pipeline.build_letters([records], out)
    assert not isinstance(report, Replayed) and report.build.written == []
    letters[1].write_bytes(b"%PDF-1.7 not the letter")
    report = pipeline.build_letters([records], out)
    assert sorted(report.build.written) == [letters[1].with_suffix(".docx"), letters[1]]
    stray = letters[2].with_name("zz-no-bid.pdf")
    stray.write_bytes(letters[2].read_bytes())
    report = pipeline.build_letters([records], out)
    assert not isinstance(report, Replayed) and report.removed == [stray]
    assert isinstance(pipeline.build_letters([records], out), Replayed)


def test_the_run_key_covers_records_templates_catalogues_and_options(tmp_path: Path) -> None:
    import shutil

    from docgen.letters.manifest import run_key
    from docgen.resources import templates

    shutil.copytree(templates(), tmp_path / "t")
    record = tmp_path / "award.yaml"
    record.write_text("kind: award\n", encoding="utf-8")
    options = {"formats": ["docx", "pdf"], "strict": False}
    key = run_key([record], tmp_path / "t", options)
    assert run_key([record], tmp_path / "t", dict(options)) == key
    assert run_key([record], tmp_path / "t", {**options, "strict": True}) != key
    record.write_text("kind: award \n", encoding="utf-8")
    assert run_key([record], tmp_path / "t", options) != key
    record.write_text("kind: award\n", encoding="utf-8")
    catalogue = next((tmp_path / "t" / "locale").rglob("*.mo"))
    catalogue.write_bytes(catalogue.read_bytes() + b"\0")
    assert run_key([record], tmp_path / "t", options) != key
