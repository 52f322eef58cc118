"""Every YAML feature the safe loader accepts loads: anchors, aliases and merge keys.

The example records are copied and rewritten to use them (each Lot's and bid's equal mappings
shared through an anchor and aliases, each award's contract terms merged in with
`<<: &contract-terms`). The whole rule set (`docgen validate --strict`) then finds exactly what it
finds in the originals, and a problem planted inside merged content is reported at the line that
holds it. Before, a rule's finding that pointed into merged content crashed with KeyError.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import RECORDS
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from docgen import pipeline
from docgen.cli import main
from docgen.errors import Problem, RecordError
from docgen.records.loading import load_records

MERGED = ("kind", "initial_years", "extensions_years", "max_years", "value_tolerance")
"""The contract terms moved into the merged mapping (notice_value too, where there is one: the
model case's R1 warning points at it)."""


# ---- rewriting the records -------------------------------------------------------------------------


def shared_mappings(tree: Any) -> int:
    """Make equal `gates` and `appointment` mappings one object, so that the dumper writes the
    first with an anchor and the others as aliases; how many aliases that makes."""
    seen: dict[str, CommentedMap] = {}
    aliases = 0

    def visit(node: Any) -> None:
        nonlocal aliases
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for key, value in list(node.items()):
                if key in ("gates", "appointment") and isinstance(value, CommentedMap):
                    first = seen.setdefault(f"{key}={sorted(value.items())}", value)
                    if first is not value:
                        node[key] = first
                        aliases += 1
                else:
                    visit(value)

    visit(tree)
    return aliases


def merged_contract(text: str) -> str:
    """The contract's terms in a mapping merged in with `<<: &contract-terms`, on their own
    lines inside the contract block."""
    lines = text.splitlines(keepends=True)
    start = lines.index("contract:\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    chunks: list[list[str]] = []
    for line in lines[start + 1 : end]:
        if re.match(r"  [a-z_]+:", line):
            chunks.append([line])
        else:
            chunks[-1].append(line)
    moved = [c for c in chunks if c[0].split(":")[0].strip() in (*MERGED, "notice_value")]
    kept = [c for c in chunks if c not in moved]
    block = ["contract:\n", "  <<: &contract-terms\n"]
    block += ["  " + line for chunk in moved for line in chunk]
    block += [line for chunk in kept for line in chunk]
    return "".join(lines[:start] + block + lines[end:])


def with_yaml_features(text: str) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    tree = yaml.load(text)
    aliases = shared_mappings(tree)
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    rewritten = buffer.getvalue()
    if tree.get("kind") == "award" and tree.get("route") is None:
        assert aliases > 0  # the competitive examples share gates (other routes have none)
    if tree.get("kind") == "award" and "contract" in tree:
        rewritten = merged_contract(rewritten)
    return rewritten


@pytest.fixture
def featured(tmp_path: Path) -> Path:
    """A copy of the example records, rewritten to use anchors, aliases and merge keys."""
    copy = tmp_path / "records"
    shutil.copytree(RECORDS, copy)
    for path in copy.rglob("*.yaml"):
        path.write_text(with_yaml_features(path.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


def findings(paths: list[Path], strict: bool) -> list[tuple[str, str, str]]:
    """Every problem of the whole rule set: (file name, field, message), without the line."""
    try:
        _, report = pipeline.validate_with_rules(paths, strict)
        problems: list[Problem] = report.warnings
    except RecordError as exc:
        problems = exc.problems
    return sorted(
        (Path(p.path).parent.name + "/" + Path(p.path).name, p.field, p.message) for p in problems
    )


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    matches = [n for n, line in enumerate(lines, start=1) if line == text]
    assert len(matches) == 1, (text, matches)
    return matches[0]


# ---- the tests ---------------------------------------------------------------------------------------


def test_the_rewritten_records_use_anchors_aliases_and_merge_keys(featured: Path) -> None:
    award = (featured / "ilss-2025" / "award.yaml").read_text(encoding="utf-8")
    assert "<<: &contract-terms" in award
    assert re.search(r"gates: &\S+", award) and re.search(r"gates: \*\S+", award)
    assert re.search(r"appointment: &\S+", award) and re.search(r"appointment: \*\S+", award)
    original = load_records([RECORDS])
    rewritten = load_records([featured])
    assert rewritten.awards == original.awards
    assert rewritten.decisions == original.decisions


def test_the_whole_rule_set_finds_the_same_over_anchors_aliases_and_merges(featured: Path) -> None:
    for strict in (False, True):
        expected = findings([RECORDS], strict)
        assert findings([featured], strict) == expected
    # the model case's R1 warning points at contract.notice_value, which is now merged content
    assert any(field == "contract.notice_value" for _, field, _ in findings([featured], False))


def test_docgen_validate_strict_reports_merged_content_without_a_traceback(featured: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--strict", str(featured)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    notice = line_of(featured / "ilss-2025" / "award.yaml", "    notice_value: 255000000")
    assert f"ilss-2025/award.yaml:{notice}:5: contract.notice_value:" in result.output


def test_a_rule_error_inside_merged_content_is_reported_at_its_line(featured: Path) -> None:
    award = featured / "ilss-2025" / "award.yaml"
    award.write_text(
        award.read_text(encoding="utf-8").replace("    max_years: 8\n", "    max_years: 9\n"),
        encoding="utf-8",
    )
    line = line_of(award, "    max_years: 9")
    with pytest.raises(RecordError) as caught:
        pipeline.validate_with_rules([featured])
    merged = [p for p in caught.value.problems if p.field == "contract.max_years"]
    assert merged, caught.value.problems
    assert all((p.line, p.column) == (line, 5) for p in merged)
    assert all(p.path.endswith("ilss-2025/award.yaml") for p in merged)


def test_a_schema_error_inside_merged_content_is_reported_at_its_line(featured: Path) -> None:
    award = featured / "carers-support-2026" / "award.yaml"
    text = award.read_text(encoding="utf-8")
    award.write_text(text.replace("    kind: contract\n", "    kind: contrcat\n"), encoding="utf-8")
    line = line_of(award, "    kind: contrcat")
    with pytest.raises(RecordError) as caught:
        load_records([featured])
    (problem,) = caught.value.problems
    assert (problem.field, problem.line, problem.column) == ("contract.kind", line, 5)


def test_an_alias_is_reported_at_its_anchor() -> None:
    """An alias is the anchored node itself: what is wrong inside it is at the anchor's lines."""
    text = "gates: &all-pass\n  cqc: pass\nother: *all-pass\n"
    tree = YAML(typ="rt").load(text)
    from docgen.records.loading import locate

    assert locate(tree, ("other", "cqc")) == (2, 3)
    assert locate(tree, ("gates", "cqc")) == (2, 3)


@pytest.mark.parametrize(
    "extra",
    [
        "x: !!set {a, b}",
        "x: !!omap [a: 1]",
        "x: !!binary aGVsbG8=",
        "? [a, b]\n: c",
        "x: !!str 5",
        "<<: {zz: 1}",
        "footer_note: &a [1, *a]",
        "printing: &b {x: *b}",
        "---\nkind: council",
    ],
)
def test_any_other_yaml_feature_is_a_problem_in_the_record_not_a_traceback(
    tmp_path: Path, extra: str
) -> None:
    council = (RECORDS / "councils" / "newham.yaml").read_text(encoding="utf-8")
    kept = [
        line for line in council.splitlines() if not line.startswith(("footer_note", "printing"))
    ]
    path = tmp_path / "council.yaml"
    path.write_text("\n".join([*kept, extra, ""]), encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_records([path])
    assert all(p.path.endswith("council.yaml") and p.line >= 1 for p in caught.value.problems)


def test_an_alias_inside_its_own_anchor_is_named_where_it_is() -> None:
    """The safe loader builds a list that contains itself; plain() says where, never recursing
    until Python gives up."""
    from docgen.records.loading import RecursiveAlias, plain

    looped: list[Any] = [1]
    looped.append({"again": looped})
    with pytest.raises(RecursiveAlias) as caught:
        plain({"footer_note": looped})
    assert caught.value.loc == ("footer_note", 1, "again")
    shared = {"cqc": "pass"}
    assert plain({"a": shared, "b": shared}) == {"a": {"cqc": "pass"}, "b": {"cqc": "pass"}}
