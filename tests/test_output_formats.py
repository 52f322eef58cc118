"""--output-format text|json|github|gitlab|junit: problems in the forms CI systems read.

The done-when of issue 19: `docgen validate --output-format github` on a broken record prints
one `::error` line per problem with the record's file, line and column; the JUnit XML passes
a JUnit XML schema check (tests/fixtures/junit/junit.xsd, see its README).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from docgen.cli import main
from docgen.cli.output_formats import Item, from_problem, github_line, gitlab_issue, render
from docgen.errors import Problem

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records"
XSD = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "fixtures" / "junit" / "junit.xsd")))


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example records with two mistakes in one award: a value that is not a number and a
    date that is not a date. The current folder is tmp_path, so paths read records/…"""
    shutil.copytree(RECORDS, tmp_path / "records")
    award = tmp_path / "records" / "carers-support-2026" / "award.yaml"
    lines = award.read_text(encoding="utf-8").splitlines(keepends=True)
    value = next(i for i, line in enumerate(lines) if line.lstrip().startswith("annual_value:"))
    lines[value] = lines[value].split(":")[0] + ": lots\n"
    award.write_text("".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return award


def _valid_junit(text: str) -> etree._Element:
    root = etree.fromstring(text.encode())
    assert XSD.validate(root), XSD.error_log
    return root


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _value_line(award: Path) -> tuple[int, int]:
    lines = award.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if "annual_value: lots" in line)
    return number, lines[number - 1].index("annual_value") + 1


def test_github_one_error_line_per_problem_at_the_records_line(broken: Path) -> None:
    code, out, _err = _run("validate", "records", "--output-format", "github")
    assert code == 1
    line, col = _value_line(broken)
    errors = [x for x in out.splitlines() if x.startswith("::error ")]
    assert errors == [
        f"::error file=records/carers-support-2026/award.yaml,line={line},col={col},"
        "title=docgen validate::contract.annual_value: must be a number (got 'lots')"
    ]
    # text is unchanged: the same problem, as before, on stderr
    code, out, err = _run("validate", "records")
    assert code == 1 and out == ""
    assert f"records/carers-support-2026/award.yaml:{line}:{col}: contract.annual_value" in err


def test_github_warnings_and_escaping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(RECORDS, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("validate", "records", "--output-format", "github")
    assert code == 0
    warnings = [x for x in out.splitlines() if x.startswith("::warning ")]
    assert warnings and all(",title=docgen R" in w for w in warnings)
    r1 = next(w for w in warnings if "title=docgen R1::" in w)
    assert r1.startswith("::warning file=records/ilss-2025/award.yaml,line=")
    assert "(0.24%25 more)" in r1  # % is escaped as GitHub's toolkit does
    item = Item("a,b:c.yaml", 3, 4, "R1", "50% done\r\nnext line", "error")
    assert github_line(item) == (
        "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=docgen R1::50%25 done%0D%0Anext line"
    )


def test_gitlab_code_quality(broken: Path) -> None:
    code, out, _err = _run("validate", "records", "--output-format", "gitlab")
    assert code == 1
    line, _ = _value_line(broken)
    issues = json.loads(out)  # stdout is the report alone; the rest went to stderr
    assert issues == [
        {
            "description": "contract.annual_value: must be a number (got 'lots')",
            "check_name": "validate",
            "fingerprint": issues[0]["fingerprint"],
            "severity": "major",
            "location": {
                "path": "records/carers-support-2026/award.yaml",
                "lines": {"begin": line},
            },
        }
    ]
    assert len(issues[0]["fingerprint"]) == 64
    # the same problem on another line keeps its fingerprint; another problem has another
    moved = Problem("records/x.yaml", 9, 1, "f", "m")
    same = Problem("records/x.yaml", 12, 5, "f", "m")
    other = Problem("records/x.yaml", 9, 1, "f", "n")
    prints = [gitlab_issue(from_problem(p))["fingerprint"] for p in (moved, same, other)]
    assert prints[0] == prints[1] != prints[2]


def test_junit_one_case_per_record_and_schema_valid(broken: Path) -> None:
    code, out, _ = _run("validate", "records", "--output-format", "junit")
    assert code == 1
    root = _valid_junit(out)
    cases = root.findall("testsuite/testcase")
    names = [c.get("name") for c in cases]
    expected = sorted(
        str(p.relative_to(broken.parents[2])) for p in (broken.parents[1]).rglob("*.yaml")
    )
    assert sorted(names) == expected and len(names) == len(set(names))
    failing = [c for c in cases if c.find("failure") is not None]
    assert [c.get("name") for c in failing] == ["records/carers-support-2026/award.yaml"]
    failure = failing[0].find("failure")
    assert failure is not None
    assert failure.get("message") == "contract.annual_value: must be a number (got 'lots')"
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == (str(len(names)), "1")
    # the valid examples: every case passes, warnings are the cases' system-out
    shutil.copy(RECORDS / "carers-support-2026" / "award.yaml", broken)
    code, out, _ = _run("validate", "records", "--output-format", "junit")
    assert code == 0
    root = _valid_junit(out)
    assert root.find("testsuite/testcase/failure") is None
    outs = [
        c.get("name")
        for c in root.findall("testsuite/testcase")
        if c.find("system-out") is not None
    ]
    assert "records/ilss-2025/award.yaml" in outs


def test_json_lists_problems(broken: Path) -> None:
    code, out, _err = _run("validate", "records", "--output-format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["command"] == "validate" and data["ok"] is False
    assert [(p["path"], p["check"], p["severity"]) for p in data["problems"]] == [
        ("records/carers-support-2026/award.yaml", "validate", "error")
    ]
    assert "records/councils/newham.yaml" in data["cases"]


def test_usage_errors_stay_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run("validate", "nothing-here", "--output-format", "github")
    assert (code, out, err) == (2, "", "nothing-here: no such file or folder\n")
    code, out, err = _run("validate", "--output-format", "xml")
    assert code == 2 and "xml" in err


def test_audit_junit_one_case_per_check(example_build: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "output"
    shutil.copytree(example_build, out_dir)
    (out_dir / "junk.pdf").write_bytes(b"not a pdf")
    code, out, _ = _run(
        "audit", str(out_dir), "--records", str(RECORDS), "--output-format", "junit"
    )
    assert code == 1
    root = _valid_junit(out)
    names = [c.get("name") for c in root.findall("testsuite/testcase")]
    assert "readable" in names and "metadata" in names and len(names) == len(set(names))
    failing = {
        c.get("name"): [f.get("message") for f in c.findall("failure")]
        for c in root.findall("testsuite/testcase")
        if c.find("failure") is not None
    }
    assert list(failing) == ["readable"]
    code, out, _ = _run(
        "audit", str(out_dir), "--records", str(RECORDS), "--output-format", "github"
    )
    assert code == 1
    assert out.startswith(f"::error file={out_dir / 'junk.pdf'},title=docgen readable::")


def test_render_text_prints_nothing() -> None:
    item = Item("p.yaml", 1, 1, "validate", "m")
    assert render("text", "validate", [item]) == ""
    assert json.loads(render("gitlab", "validate", []) or "null") == []


def test_build_and_letters_report_the_records_problems_in_the_format(broken: Path) -> None:
    line, col = _value_line(broken)
    expected = (
        f"::error file=records/carers-support-2026/award.yaml,line={line},col={col},"
        "title=docgen validate::contract.annual_value: must be a number (got 'lots')"
    )
    for command in ("build", "letters"):
        code, out, _ = _run(command, "records", "--out", "out", "--output-format", "github")
        assert (code, out.splitlines()) == (1, [expected])
    code, out, _ = _run("letters", "records", "--out", "out", "--output-format", "junit")
    assert code == 1
    root = _valid_junit(out)
    assert root.find("testsuite").get("name") == "docgen letters"  # type: ignore[union-attr]
    assert not Path("out").exists()  # nothing was built


def test_check_revision_one_case_per_revised_paper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("check-revision", str(RECORDS), "--output-format", "junit")
    assert code == 0
    root = _valid_junit(out)
    assert [c.get("name") for c in root.findall("testsuite/testcase")] == [
        "ilss-cabinet-2025-07-22-rev1"
    ]
    assert root.find("testsuite/testcase/failure") is None
    # a failed check: each problem a failure of its paper's case
    from docgen.cli.output_formats import from_finding

    found = [from_finding("x-rev1", "check-revision", p, "x-rev1") for p in ("one", "two")]
    root = _valid_junit(render("junit", "check-revision", found, ["x-rev1", "y-rev1"]))
    cases = {c.get("name"): len(c.findall("failure")) for c in root.findall("testsuite/testcase")}
    assert cases == {"x-rev1": 2, "y-rev1": 0}
    assert root.find("testsuite").get("failures") == "1"  # type: ignore[union-attr]
