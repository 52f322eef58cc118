"""git itself, for `docgen changes` and drafts built in CI: which commit, and the records at it.

Every call runs ``git`` with a fixed argument list (no shell) in the given folder; a failure
becomes a message for a person (UsageError, exit 2): not a git repository, a revision git does
not know, or one a shallow clone does not hold (CI checkouts fetch one commit by default).
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from docgen.errors import UsageError

CI_SYSTEMS = ("GITHUB_ACTIONS", "GITLAB_CI")
"""CI systems whose builds name their revision unasked (besides the variable CI itself)."""


def git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed: docgen reads old records with git") from None


def _text(result: subprocess.CompletedProcess[bytes]) -> str:
    return result.stdout.decode("utf-8", "replace").strip()


def repo_root(cwd: Path) -> Path:
    """The top of the git work tree holding cwd."""
    result = git(["rev-parse", "--show-toplevel"], cwd)
    if result.returncode != 0:
        raise UsageError(f"{cwd}: not inside a git repository (docgen changes compares commits)")
    return Path(_text(result))


def short_head(cwd: Path) -> str | None:
    """The abbreviated commit checked out in cwd, or None outside a repository."""
    result = git(["rev-parse", "--short", "HEAD"], cwd)
    return _text(result) if result.returncode == 0 and _text(result) else None


def auto_revision(cwd: Path) -> str | None:
    """The revision a draft names unasked: HEAD's, in a CI job (CI set, on GitHub Actions or
    GitLab CI), else None. Elsewhere ask with --revision auto."""
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    if in_ci and any(os.environ.get(name) for name in CI_SYSTEMS):
        return short_head(cwd)
    return None


def resolve(base: str, cwd: Path) -> str:
    """BASE as a full commit id; a clear message where git cannot find it."""
    if base.startswith("-"):
        raise UsageError(f"{base!r} is not a revision")
    result = git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd)
    if result.returncode == 0:
        return _text(result)
    shallow = _text(git(["rev-parse", "--is-shallow-repository"], cwd)) == "true"
    if shallow:
        raise UsageError(
            f"{base}: not in this shallow clone. Fetch the history first: "
            f"`git fetch --unshallow` (or `git fetch origin <branch>` for a branch), "
            "or check out with fetch-depth: 0 (GitHub Actions) / GIT_DEPTH: 0 (GitLab CI)"
        )
    raise UsageError(f"{base}: git knows no such revision (try a branch, tag or commit)")


def export(commit: str, paths: Sequence[PurePosixPath], root: Path, dest: Path) -> list[Path]:
    """Write the files below paths (relative to the repository root) as they were at commit
    into dest; returns dest/path for each path (a path absent at commit is left absent)."""
    result = git(["archive", "--format=tar", commit, "--", *map(str, paths)], root)
    if result.returncode == 0:
        _extract(result.stdout, dest)
    else:  # one of the paths did not exist then: take them one by one
        for path in paths:
            one = git(["archive", "--format=tar", commit, "--", str(path)], root)
            if one.returncode == 0:
                _extract(one.stdout, dest)
    return [dest / path for path in paths]


def _extract(data: bytes, dest: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dest, filter="data")
