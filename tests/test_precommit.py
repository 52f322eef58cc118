"""docgen's pre-commit hooks (.pre-commit-hooks.yaml) and the CI examples (examples/ci/).

The hook is run as a user's repository would run it: `pre-commit try-repo <docgen> docgen-validate
--all-files` in a throw-away git repository holding the example records (passes), then with a
broken record (fails, naming the record's line). pre-commit installs docgen from this
repository into a virtualenv of its own, from PyPI: the test is marked `network` and `make test`
runs it (about a minute the first time; pre-commit keeps the virtualenv in its cache for the
same commit of docgen).

The CI examples call make targets only; each target they call exists, and the one whose output
a CI system reads as a report (ci-validate) is run here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "ci"
STAMP = ".venv/.installed-stamp"
XSD = etree.XMLSchema(etree.parse(str(ROOT / "tests" / "fixtures" / "junit" / "junit.xsd")))


def _pre_commit() -> list[str]:
    found = Path(sys.executable).parent / "pre-commit"
    return [str(found)] if found.exists() else [sys.executable, "-m", "pre_commit"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def test_hooks_file_offers_validate_and_audit() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert list(by_id) == ["docgen-validate", "docgen-audit"]
    assert by_id["docgen-validate"]["entry"] == "docgen validate"
    assert by_id["docgen-audit"]["entry"] == "docgen audit"
    for hook in hooks:  # the whole set: references between records, every file of a folder
        assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert re.search(by_id["docgen-validate"]["files"], "records/x/award.yaml")
    assert re.search(by_id["docgen-audit"]["files"], "output/x/decision-report.pdf")


@pytest.mark.network
def test_pre_commit_try_repo_passes_on_the_examples_and_fails_on_a_broken_record(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "records-repo"
    repo.mkdir()
    shutil.copytree(ROOT / "records", repo / "records")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "records")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRE_COMMIT")}
    env.pop("VIRTUAL_ENV", None)
    command = [*_pre_commit(), "try-repo", str(ROOT), "docgen-validate", "--all-files"]

    ok = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"docgen validate\.+Passed", ok.stdout), ok.stdout

    award = repo / "records" / "carers-support-2026" / "award.yaml"
    lines = award.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip().startswith("annual_value:"))
    lines[at] = lines[at].split(":")[0] + ": lots\n"
    award.write_text("".join(lines), encoding="utf-8")
    _git(repo, "add", ".")
    failed = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=900)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"docgen validate\.+Failed", failed.stdout), failed.stdout
    assert (
        f"records/carers-support-2026/award.yaml:{at + 1}:3: contract.annual_value: "
        "must be a number (got 'lots')" in failed.stdout
    )


def _make_commands() -> list[tuple[str, list[str]]]:
    """Every `make …` line of the CI examples, as (file, words)."""
    found = []
    for path in sorted(EXAMPLES.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.search(r"(?:run:|- )\s*(make\s.*)$", line)
            if match:
                found.append((path.name, match.group(1).split()))
    return found


def test_ci_examples_call_make_targets_that_exist() -> None:
    commands = _make_commands()
    assert {name for name, _ in commands} == {"github-actions.yml", "gitlab-ci.yml"}
    targets = set()
    for _, words in commands:
        for word in words[1:]:
            if word in (">", ">>"):  # the rest is where its output goes
                break
            if not word.startswith("-") and "=" not in word:
                targets.add(word)
    assert targets == {"install", "ci-validate", "ci-drafts", "ci-audit", "changes"}
    for target in sorted(targets - {"install"}):
        dry = subprocess.run(
            ["make", "-n", "-o", STAMP, target], cwd=ROOT, capture_output=True, text=True
        )
        assert dry.returncode == 0, dry.stderr
        assert ".venv/bin/docgen " in dry.stdout
    for document in EXAMPLES.glob("*.yml"):  # both are valid YAML
        assert YAML(typ="safe").load(document.read_text(encoding="utf-8"))


def test_ci_validate_as_the_examples_run_it_gives_a_valid_junit_report() -> None:
    done = subprocess.run(
        ["make", "-s", "-o", STAMP, "ci-validate", "CI_FORMAT=junit"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    root = etree.fromstring(done.stdout.encode())
    assert XSD.validate(root), XSD.error_log
    names = [c.get("name") for c in root.findall("testsuite/testcase")]
    assert "records/carers-support-2026/award.yaml" in names
