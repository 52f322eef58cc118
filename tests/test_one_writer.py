"""One writer owns an output folder, and the rules' warnings are never silent.

Everything docgen writes into an output folder goes through the folder's one OutputWriter, got
from `open_output`, which holds the folder's lock: a pack, a revision check or a conversion waits
while another process holds it; a path is written once per run; no name leaves the folder. A scan
of the package's source finds any other write. `build` and `letters` print the rules' warnings
as `validate` does, and with --strict they stop before writing anything.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import RECORDS

from docgen import pipeline
from docgen.build import writer
from docgen.cli import main
from docgen.compare import revision
from docgen.errors import UsageError
from docgen.exchange import convert
from docgen.exchange.pack import EXEMPT_PACK, PACK, build_packs

PACKAGE = Path(__file__).resolve().parents[1] / "docgen"
ILSS = "ilss-cabinet-2025-07-22"
WARNED = Path(__file__).parent / "data" / "rules" / "R31-money-typed-with-pence"
WARNING = "decision.yaml:41:3: sections.financial: '£215,000.00' is not in the house style"
SHOWN = f"{WARNED.name}/{WARNING}"  # the path as validate shows it: relative, if it can

# ---- the lock: a second writer waits ---------------------------------------------------------


@pytest.fixture
def built(example_build: Path, tmp_path: Path) -> Path:
    """A copy of the example papers' build, to write packs and checks into."""
    out = tmp_path / "out"
    shutil.copytree(example_build, out)
    return out


@pytest.fixture
def other_process_holds(built: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the output folder's lock until its stdin is closed."""
    code = (
        "import fcntl, sys; f = open(sys.argv[1], 'a+b'); fcntl.flock(f, fcntl.LOCK_EX); "
        "print('held', flush=True); sys.stdin.read()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code, str(built / writer.LOCK_NAME)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
        holder.kill()


def waits_for_the_lock(
    holder: subprocess.Popen[str], write: Callable[[], Any], target: Path
) -> None:
    """write() does not write target while holder holds the lock, and does once it lets go."""
    failed: list[BaseException] = []

    def run() -> None:
        try:
            write()
        except BaseException as exc:  # raised in the test's thread below
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(1.5)
    assert thread.is_alive() and not target.exists(), "it wrote without the lock"
    assert holder.stdin is not None
    holder.stdin.close()
    holder.wait(timeout=10)
    thread.join(timeout=120)
    assert not thread.is_alive() and not failed, failed
    assert target.is_file()


def test_a_pack_waits_while_another_process_holds_the_lock(
    built: Path, other_process_holds: subprocess.Popen[str]
) -> None:
    records = pipeline.validate([RECORDS])
    pack = built / ILSS / PACK
    waits_for_the_lock(other_process_holds, lambda: build_packs(records, built, [ILSS]), pack)
    assert pack.read_bytes().startswith(b"%PDF")


def test_a_revision_check_waits_while_another_process_holds_the_lock(
    built: Path, other_process_holds: subprocess.Popen[str]
) -> None:
    checks = revision.check_revisions(pipeline.validate([RECORDS]))
    target = built / checks[0].decision / "revision-check.json"
    waits_for_the_lock(
        other_process_holds, lambda: revision.write_check_files(checks, built), target
    )
    assert checks[0].decision in target.read_text(encoding="utf-8")


def test_a_conversion_waits_while_another_process_holds_the_lock(
    built: Path, other_process_holds: subprocess.Popen[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice stood in for by the PDF the build made: the lock is what is under test."""
    pdf = (built / ILSS / "cabinet-paper.pdf").read_bytes()
    monkeypatch.setattr(convert, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(convert, "_run_soffice", lambda soffice, data, name: pdf)
    source, target = built / ILSS / "cabinet-paper.docx", built / "finished.pdf"
    waits_for_the_lock(other_process_holds, lambda: convert.docx_to_pdf(source, target), target)


# ---- one writer per run: no path twice, no name out of the folder ---------------------------


def test_a_pack_written_twice_in_one_run_is_refused(built: Path) -> None:
    records = pipeline.validate([RECORDS])
    with writer.open_output(built):
        build_packs(records, built, [ILSS])
        first = (built / ILSS / PACK).read_bytes()
        with pytest.raises(UsageError, match=f"two documents would be written to {ILSS}/"):
            build_packs(records, built, [ILSS])
    assert (built / ILSS / PACK).read_bytes() == first


def test_a_pack_whose_folder_leads_out_of_the_output_folder_is_refused(
    built: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.move(built / ILSS / "exempt", elsewhere)
    (built / ILSS / "exempt").symlink_to(elsewhere)
    before = sorted(p.name for p in elsewhere.iterdir())
    with pytest.raises(UsageError, match="would leave the output folder"):
        build_packs(pipeline.validate([RECORDS]), built, [ILSS])
    assert sorted(p.name for p in elsewhere.iterdir()) == before
    assert EXEMPT_PACK not in before


def test_letters_and_their_build_write_through_one_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[writer.OutputWriter] = []

    class Counted(writer.OutputWriter):
        def __init__(self, root: Path) -> None:
            super().__init__(root)
            made.append(self)

    monkeypatch.setattr(writer, "OutputWriter", Counted)
    pipeline.build_letters([WARNED], tmp_path, formats=("pdf",), print_file=True)
    assert len(made) == 1, "the letters and the build they ran each opened a writer"
    written = {str(rel) for rel in made[0].written}
    folder = "carers-support-2026/letters"
    assert {f"{folder}/manifest.json", f"{folder}/all-letters.pdf"} <= written
    assert any(name.startswith(f"{folder}/contract/") for name in written)


# ---- no module writes around the writer ------------------------------------------------------

ALLOWED: dict[tuple[str, str, str], str] = {
    ("exchange/convert.py", "_run_soffice", "write_bytes"): "LibreOffice's input, in a temp folder",
    ("exchange/skeletons.py", "new_record", "atomic_write"): "a new record, into records/",
    ("exchange/ocds_import.py", "import_ocds", "atomic_write"): "a new award record",
    ("exchange/score_import.py", "import_scores", "atomic_write"): "the award record, updated",
    (
        "exchange/columns.py",
        "write_map",
        "atomic_write",
    ): "the panel's header map, beside the award",
    ("cli/records.py", "schema", "atomic_write"): "the records' JSON Schemas, records/schemas/",
    ("build/guarded.py", "_silence_stderr", "open"): "a template worker's stderr to /dev/null",
    ("exchange/workbook.py", "export_workbook", "atomic_write"): "one .xlsx the user names",
    ("cli/exchange.py", "ocds_command", "atomic_write"): "one .json the user names (--out)",
    ("cli/exchange.py", "transparency_command", "atomic_write"): "one .csv the user names (--out)",
    ("cli/compare_command.py", "compare", "atomic_write"): "one .html report the user names",
    ("cli/exchange.py", "changes_command", "atomic_write"): "one .html report the user names",
    ("compare/changes_docs.py", "_render", "write_bytes"): "both sides' PDFs, in a temp folder",
    ("cli/serve/history.py", "keep", "atomic_write"): "a record's text before an import (undo)",
    ("cli/serve/history.py", "undo", "atomic_write"): "the record put back as it was (undo)",
    ("cli/serve/history.py", "undo", "unlink"): "the kept version, once it is put back",
    ("cli/serve/scores.py", "put", "write_bytes"): "an upload, staged in the server's temp folder",
    ("cli/serve/scores.py", "close", "rmtree"): "the server's temp folder of staged uploads",
    ("cli/serve/scores.py", "confirm", "unlink"): "a staged upload, once imported",
    ("cli/serve/scores.py", "upload", "unlink"): "a staged upload that was refused",
    ("cli/serve/tools.py", "_compare", "write_bytes"): "two uploaded PDFs, in a temp folder",
}
"""Writes allowed outside docgen/build/writer.py: records (the user's input, written back
atomically, without the output lock) and single files the user names by path, which are no
output folder; (module, function, call) -> why."""

WRITES = {"write_bytes", "write_text", "atomic_write", "unlink", "rename", "rmtree", "move"}
WRITES |= {"copy", "copy2", "copyfile", "copytree", "touch", "symlink_to"}
_WRITE_FLAGS = ("O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND")


def _opens_for_writing(call: ast.Call, name: str) -> bool:
    """open(p, "w"), p.open("ab"), os.fdopen(fd, "w"): a mode with w, a, x or +; os.open(…)
    with a flag that writes or creates (O_RDONLY alone only reads)."""
    if name not in ("open", "fdopen"):
        return False
    func = call.func
    if name == "open" and isinstance(func, ast.Attribute) and ast.unparse(func.value) == "os":
        return any(flag in ast.unparse(call) for flag in _WRITE_FLAGS)
    modes = [*call.args, *(k.value for k in call.keywords if k.arg == "mode")]
    return any(
        isinstance(m, ast.Constant) and isinstance(m.value, str) and set(m.value) & set("wax+")
        for m in modes
    )


def stray_writes(source: str, module: str) -> list[str]:
    """Every call in source that writes a file and is not on the allowed list."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for call in ast.walk(function):
            if not isinstance(call, ast.Call):
                continue
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name not in WRITES and not _opens_for_writing(call, name):
                continue
            if (module, function.name, name) not in ALLOWED:
                found.append(f"{module}:{call.lineno}: {function.name}() calls {name}")
    return sorted(set(found))


def test_nothing_outside_the_writer_writes_files() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module != "build/writer.py":
            found += stray_writes(path.read_text(encoding="utf-8"), module)
    assert found == [], "write through build.writer (open_output or write_file):\n" + "\n".join(
        found
    )


def test_the_scan_finds_a_stray_write() -> None:
    source = (PACKAGE / "exchange" / "pack.py").read_text(encoding="utf-8")
    assert stray_writes(source, "exchange/pack.py") == []
    stray = (
        "\n\ndef _save(path, data):\n"
        "    path.write_bytes(data)\n"
        "    with open(path, 'a') as f:\n"
        "        f.write('x')\n"
        "    with open(path) as f:\n"  # reading is fine
        "        f.read()\n"
        "    fd = os.open(path, os.O_WRONLY | os.O_CREAT)\n"
        "    os.fdopen(fd, 'wb').write(data)\n"
        "    os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), 'rb').read()\n"  # reading
    )
    assert [
        line.split(": ", 1)[1] for line in stray_writes(source + stray, "exchange/pack.py")
    ] == [
        "_save() calls write_bytes",
        "_save() calls open",
        "_save() calls open",
        "_save() calls fdopen",
    ]


def test_every_allowed_write_is_still_there() -> None:
    """An entry whose write has gone (moved to the writer) is taken off the list."""
    for module, function, call in ALLOWED:
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        defs = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.name == function
        ]
        calls = {
            ast.unparse(c.func).rsplit(".", 1)[-1]
            for d in defs
            for c in ast.walk(d)
            if isinstance(c, ast.Call)
        }
        assert call in calls, f"{module}: {function}() no longer calls {call}"


# ---- warnings are never silent ---------------------------------------------------------------


def warned(text: str) -> bool:
    """Whether text has the rule's warning as validate prints it: `warning: <file>:41:3: …`."""
    return any(x.startswith("warning: ") and SHOWN in x for x in text.splitlines())


@pytest.mark.parametrize("command", ["build", "letters"])
def test_a_rule_warning_is_printed_and_the_build_goes_on(command: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [command, str(WARNED), "--out", str(out), "--format", "pdf"])
    assert result.exit_code == 0, result.output
    assert warned(result.stderr)
    assert WARNING not in result.stdout
    assert list(out.rglob("*.pdf"))


@pytest.mark.parametrize("command", ["build", "letters"])
def test_strict_makes_a_rule_warning_an_error_and_writes_nothing(
    command: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [command, str(WARNED), "--out", str(out), "--strict"])
    assert result.exit_code == 1, result.output
    # R31, R38, R49 for each of the three bids that give only feedback (a 2023 Act award), and
    # R58 (the council is in Wales and publishes in English only)
    assert SHOWN in result.stderr and "Aborted with 6 errors." in result.stderr
    assert not out.exists()


def test_validate_prints_the_same_warning_line() -> None:
    result = CliRunner().invoke(main, ["validate", str(WARNED)])
    assert result.exit_code == 0 and warned(result.stdout)


def test_clean_records_print_no_warning(tmp_path: Path) -> None:
    clean = WARNED.parent / "clean-base"
    result = CliRunner().invoke(
        main, ["build", str(clean), "--out", str(tmp_path), "--format", "pdf", "--strict"]
    )
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
