"""Every reader defended: hostile files into import-ocds, import-scores, verify, pdf, audit, pack
and compare end in a clear message and exit 2, within bounded time and memory.

The hostile corpus is made here, in the test. Cases that could run away (a huge number, a whole
grid, a zip bomb) run in a subprocess with a 1 GB address-space limit and a timeout, so a
regression fails the test instead of taking the suite down. Random JSON into import-ocds is a
property test (more examples under `make fuzz`).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner
from conftest import RECORDS
from hypothesis import given
from hypothesis import strategies as st

from docgen.cli import main
from docgen.errors import InputError, UsageError
from docgen.exchange import ocds_input
from docgen.exchange.ocds_import import award_record, import_ocds

MEMORY = 1024**3
SECONDS = 60


def run_bounded(
    args: list[str], cwd: Path, seconds: int = SECONDS
) -> subprocess.CompletedProcess[str]:
    """`docgen ARGS` in a child limited to 1 GB of address space; fails the test on a timeout."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    return subprocess.run(
        [sys.executable, "-m", "docgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=limit,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )


def refused(result: Any, *words: str) -> str:
    """The output of a run (CliRunner's or a subprocess's) that ended in exit 2 with a message
    holding every one of words, and no traceback."""
    if isinstance(result, subprocess.CompletedProcess):
        code, output = result.returncode, result.stdout + result.stderr
    else:
        code, output = result.exit_code, result.output
    assert "Traceback" not in output, output
    assert code == 2, output
    for word in words:
        assert word in output, output
    return output


# ---- import-ocds ----------------------------------------------------------------------------


def valid_package() -> dict[str, Any]:
    party = {
        "id": "GB-COH-01234567",
        "name": "Valley Care Ltd",
        "roles": ["supplier"],
        "address": {"streetAddress": "1 High Street", "locality": "Cardiff"},
        "contactPoint": {"name": "A Person"},
    }
    return {
        "releases": [
            {
                "ocid": "ocds-abc-1",
                "date": "2025-06-01T00:00:00Z",
                "tender": {
                    "id": "T1",
                    "title": "Home care",
                    "value": {"amount": 120000},
                    "tenderPeriod": {"startDate": "2025-03-01", "endDate": "2025-04-01"},
                    "contractPeriod": {"startDate": "2025-07-01", "endDate": "2028-06-30"},
                    "lots": [{"id": "1", "title": "North"}],
                    "items": [{"classification": {"scheme": "CPV", "id": "85000000"}}],
                    "awardCriteriaDetails": "Quality: 60%; Price: 40%",
                },
                "parties": [party, {"id": "buyer", "name": "Council", "roles": ["buyer"]}],
                "awards": [
                    {
                        "id": "A1",
                        "status": "active",
                        "relatedLots": ["1"],
                        "suppliers": [{"id": party["id"], "name": party["name"]}],
                    }
                ],
            }
        ]
    }


def _with(path: list[str | int], value: Any) -> bytes:
    package: Any = valid_package()
    node = package
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return json.dumps(package).encode()


TENDER = ["releases", 0, "tender"]
AWARD = ["releases", 0, "awards", 0]
HOSTILE_PACKAGES: dict[str, tuple[bytes, str]] = {
    "empty file": (b"", "not JSON"),
    "not JSON": (b"<xml/>", "not JSON"),
    "not UTF-8": (b"\xff\xfe{\x00}", "not UTF-8"),
    "a list": (b"[1, 2]", "no releases list"),
    "a number": (b"42", "no releases list"),
    "null": (b"null", "no releases list"),
    "releases an object": (b'{"releases": {}}', "no releases list"),
    "no releases": (b'{"releases": []}', "no releases"),
    "a release a number": (b'{"releases": [7]}', "releases[0]: expected an object"),
    "tender a list": (_with(TENDER, []), "releases[0].tender: expected an object"),
    "title a number": (_with([*TENDER, "title"], 5), "tender.title: expected text"),
    "lots an object": (_with([*TENDER, "lots"], {}), "tender.lots: expected a list"),
    "lot a string": (_with([*TENDER, "lots", 0], "Lot 1"), "lots[0]: expected an object"),
    "lot id a list": (_with([*TENDER, "lots", 0, "id"], [1]), "lots[0].id"),
    "lot id 5000 digits": (_with([*TENDER, "lots", 0, "id"], "9" * 5000), "characters"),
    "criteria wrong": (_with([*TENDER, "lots", 0, "awardCriteria"], []), "awardCriteria"),
    "amount an object": (_with([*TENDER, "value", "amount"], {}), "amount"),
    "period a string": (_with([*TENDER, "tenderPeriod"], "2025"), "tenderPeriod"),
    "items a string": (_with([*TENDER, "items"], "x"), "items"),
    "classification a list": (_with([*TENDER, "items", 0, "classification"], []), "classif"),
    "parties a string": (_with(["releases", 0, "parties"], "x"), "parties"),
    "roles a string": (_with(["releases", 0, "parties", 0, "roles"], 5), "roles"),
    "party id a list": (_with(["releases", 0, "parties", 0, "id"], ["x"]), "parties[0].id"),
    "address a list": (_with(["releases", 0, "parties", 0, "address"], ["x"]), "address"),
    "identifier text": (_with(["releases", 0, "parties", 0, "identifier"], "x"), "identifier"),
    "suppliers an object": (_with([*AWARD, "suppliers"], {}), "suppliers"),
    "supplier a number": (_with([*AWARD, "suppliers", 0], 3), "suppliers[0]"),
    "status a list": (_with([*AWARD, "status"], []), "status"),
    "relatedLots a string": (_with([*AWARD, "relatedLots"], "1"), "relatedLots"),
    "NaN": (b'{"releases": [{"tender": {"value": {"amount": NaN}}}]}', "NaN"),
    "Infinity": (b'{"releases": [{"tender": {"value": {"amount": -Infinity}}}]}', "Infinity"),
    "huge integer": (
        b'{"releases": [{"tender": {"value": {"amount": ' + b"9" * 5000 + b"}}}]}",
        "not an amount",
    ),
    "huge exponent": (b'{"releases": [{"date": 1e99999999}]}', "expected text"),
    "deep nesting": (
        b'{"releases": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "nested too deeply",
    ),
    "duplicate keys": (b'{"releases": [], "releases": [{}]}', "given twice"),
    "NUL in a title": (_with([*TENDER, "title"], "a\x00b"), "U+0000"),
    "lone surrogate": (b'{"releases": [{"tender": {"title": "\\ud800"}}]}', "U+D800"),
    "a huge title": (_with([*TENDER, "title"], "x" * 200_000), "characters"),
}


@pytest.mark.parametrize("name", list(HOSTILE_PACKAGES))
def test_hostile_package_is_refused_with_a_message(name: str, tmp_path: Path) -> None:
    data, words = HOSTILE_PACKAGES[name]
    package = tmp_path / "package.json"
    package.write_bytes(data)
    result = CliRunner().invoke(main, ["import-ocds", str(package), "--out", str(tmp_path / "o")])
    output = refused(result, str(package), words)
    assert not (tmp_path / "o").exists(), output


HARMLESS_PACKAGES: dict[str, bytes] = {
    "releases without awards": _with(["releases", 0, "awards"], []),
    "awards without suppliers": _with([*AWARD, "suppliers"], None),
    "an amount far too large": _with([*TENDER, "value", "amount"], "1e999999999"),
    "a weight that is no number": _with([*TENDER, "awardCriteriaDetails"], "Quality: 1e99999%"),
    "an empty release": b'{"releases": [{}]}',
}


@pytest.mark.parametrize("name", list(HARMLESS_PACKAGES))
def test_odd_but_readable_package_gives_a_skeleton(name: str, tmp_path: Path) -> None:
    """Nothing wrong in kind, only odd in content: a skeleton, the odd value left as a TODO."""
    package = tmp_path / "package.json"
    package.write_bytes(HARMLESS_PACKAGES[name])
    target, _ = import_ocds(package, tmp_path / "o", "imported")
    assert "kind: award" in target.read_text(encoding="utf-8")
    assert "total_value: 1e" not in target.read_text(encoding="utf-8")


def test_the_largest_amount_is_left_as_a_todo() -> None:
    _, text = award_record(json.loads(_with([*TENDER, "value", "amount"], "1e999999999")))
    assert "total_value:\n" in text or "total_value: null" in text or "total_value: \n" in text


def test_a_package_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocds_input, "MAX_BYTES", 1000)
    package = tmp_path / "package.json"
    package.write_bytes(_with([*TENDER, "title"], "x" * 5000))
    with pytest.raises(InputError, match="larger than"):
        import_ocds(package, tmp_path / "o")


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_package_that_is_no_regular_file_is_refused(special: str, tmp_path: Path) -> None:
    source = Path(special)
    if special == "fifo":
        source = tmp_path / "package.json"
        os.mkfifo(source)
    result = run_bounded(["import-ocds", str(source), "--out", str(tmp_path / "o")], tmp_path, 30)
    refused(result, "not a regular file")


def test_a_one_gigabyte_string_is_refused_within_the_memory_limit(tmp_path: Path) -> None:
    package = tmp_path / "package.json"
    with package.open("wb") as handle:  # sparse: 1 GB of NULs inside a string, on no real disk
        handle.write(b'{"releases": [{"tender": {"title": "')
        handle.seek(2**30, io.SEEK_CUR)
        handle.write(b'"}}]}')
    result = run_bounded(["import-ocds", str(package), "--out", str(tmp_path / "o")], tmp_path)
    refused(result, "larger than")


def test_a_huge_exponent_in_an_amount_does_not_hang(tmp_path: Path) -> None:
    package = tmp_path / "package.json"
    package.write_bytes(_with([*TENDER, "value", "amount"], "1e999999999"))
    result = run_bounded(["import-ocds", str(package), "--out", str(tmp_path / "o")], tmp_path, 30)
    assert result.returncode == 0, result.stderr


_KEYS = st.sampled_from(
    ["releases", "tender", "lots", "id", "title", "awards", "suppliers", "parties", "roles",
     "value", "amount", "address", "relatedLots", "status", "awardCriteria", "criteria",
     "contractPeriod", "startDate", "endDate", "items", "classification", "date", "ocid",
     "identifier", "awardCriteriaDetails", "description", "name", "scheme"]
)  # fmt: skip
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["supplier", "buyer", "CPV", "GB-COH", "2025-02-30", "1e400", "12%"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=6),
    max_leaves=40,
)


@given(_JSON)
def test_random_json_gives_a_skeleton_or_a_documented_error(value: Any) -> None:
    """Whatever JSON arrives, import-ocds makes a skeleton or raises InputError/UsageError."""
    data = json.dumps({"releases": value if isinstance(value, list) else [value]}).encode()
    _import_bytes(data)


@given(st.binary(max_size=200))
def test_random_bytes_give_a_skeleton_or_a_documented_error(data: bytes) -> None:
    _import_bytes(data)


def _import_bytes(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        package = Path(folder) / "package.json"
        package.write_bytes(data)
        with contextlib.suppress(InputError, UsageError):
            import_ocds(package, Path(folder) / "o", "imported")


# ---- import-scores --------------------------------------------------------------------------

AWARD_FILE = RECORDS / "ilss-2025" / "award.yaml"
FIRST_SCORE = b'<c r="C5" s="3" t="n"><v>24</v></c>'


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The example award's evaluation workbook, as `docgen export-workbook` writes it."""
    path = tmp_path_factory.mktemp("workbook") / "scores.xlsx"
    result = CliRunner().invoke(main, ["export-workbook", str(AWARD_FILE), str(path)])
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert FIRST_SCORE in _member(data, "xl/worksheets/sheet1.xml")
    return data


def _member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


def _patched(data: bytes, name: str, old: bytes, new: bytes) -> bytes:
    """The workbook with one part's bytes replaced (old must be there)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            part = source.read(member.filename)
            if member.filename == name:
                assert old in part
                part = part.replace(old, new, 1)
            target.writestr(member, part, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _score(data: bytes, cell: bytes) -> bytes:
    return _patched(data, "xl/worksheets/sheet1.xml", FIRST_SCORE, cell)


def _import(tmp_path: Path, data: bytes, name: str = "scores.xlsx", **kw: Any) -> Any:
    path = tmp_path / name
    path.write_bytes(data)
    args = ["import-scores", str(AWARD_FILE), str(path), "--dry-run"]
    if kw.get("bounded"):
        return run_bounded(args, Path(__file__).resolve().parents[1])
    return CliRunner().invoke(main, args)


def test_the_workbook_as_exported_imports(tmp_path: Path, workbook: bytes) -> None:
    """The corpus is made from a workbook that imports, so each refusal below is the attack's."""
    result = _import(tmp_path, workbook)
    assert result.exit_code == 0, result.output
    assert "read 79 row(s)" in result.output


@pytest.mark.parametrize(
    "cell",
    [b"<v>1e400</v>", b"<v>-1e400</v>", b"<v>1e15</v>"],
    ids=["1e400", "-1e400", "1e15"],
)
def test_a_score_that_is_no_number_is_a_located_row_problem(
    tmp_path: Path, workbook: bytes, cell: bytes
) -> None:
    """A cell's value is the panel's mistake: a problem with its sheet and row (exit 1, as every
    row problem), never a traceback."""
    result = _import(tmp_path, _score(workbook, b'<c r="C5" s="3" t="n">' + cell + b"</c>"))
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == 1, result.output
    assert "sheet 'Lot 1', row 5:" in result.output
    assert "is not a number" in result.output


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="C5" t="str"><v>1e999999999</v></c>',
        b'<c r="C5" t="str"><v>' + b"9" * 5000 + b"</v></c>",
        b'<c r="C5" t="str"><v>NaN</v></c>',
        b'<c r="C5" t="str"><v>-Infinity</v></c>',
    ],
    ids=["text exponent", "5000 digit text", "NaN", "-Infinity"],
)
def test_a_huge_number_typed_as_text_is_a_row_problem(
    tmp_path: Path, workbook: bytes, cell: bytes
) -> None:
    result = _import(tmp_path, _score(workbook, cell))
    assert result.exit_code == 1, result.output
    assert "is not a number" in result.output


@pytest.mark.parametrize(
    "value", [b"NaN", b"nan", b"9" * 5000, b"1,5"], ids=["NaN", "nan", "5000 digits", "comma"]
)
def test_a_number_cell_openpyxl_cannot_read_is_refused_with_its_place(
    tmp_path: Path, workbook: bytes, value: bytes
) -> None:
    cell = b'<c r="C5" s="3" t="n"><v>' + value + b"</v></c>"
    refused(_import(tmp_path, _score(workbook, cell)), "sheet 'Lot 1', row 5", "cannot read")


def test_a_sheet_that_claims_the_whole_grid_reads_by_its_real_cells(
    tmp_path: Path, workbook: bytes
) -> None:
    """The used range A1:XFD1048576 with a styled empty cell in its last corner: read as the
    cells it holds, quickly, in bounded memory."""
    data = _patched(
        workbook,
        "xl/worksheets/sheet1.xml",
        b'<dimension ref="A1:J22"/>',
        b'<dimension ref="A1:XFD1048576"/>',
    )
    data = _patched(
        data,
        "xl/worksheets/sheet1.xml",
        b"</sheetData>",
        b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>',
    )
    result = _import(tmp_path, data, bounded=True)
    assert result.returncode == 0, result.stderr
    assert "read 79 row(s)" in result.stdout


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (
            b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>',
            "row 1048576",
        ),
        (b'<row r="23"><c r="XFD23" t="inlineStr"><is><t>x</t></is></c></row>', "column 257"),
    ],
    ids=["last row", "last column"],
)
def test_a_value_beyond_the_rows_and_columns_read_is_refused(
    tmp_path: Path, workbook: bytes, row: bytes, words: str
) -> None:
    """Nothing is silently left unread: a value past the bounds refuses the workbook."""
    data = _patched(workbook, "xl/worksheets/sheet1.xml", b"</sheetData>", row + b"</sheetData>")
    refused(_import(tmp_path, data, bounded=True), "docgen reads at most", words)


def test_a_zip_bomb_workbook_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    bomb = zip_bomb("xl/worksheets/sheet1.xml", 80)  # 80 MB of zeros, 80 KB deflated
    refused(_import(tmp_path, bomb, bounded=True), "inflates to")


def test_a_zip_of_too_many_parts_is_refused(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as many:
        for n in range(10_001):
            many.writestr(f"x/{n}", b"")
    refused(_import(tmp_path, out.getvalue()), "10,001 files")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"not a zip", "not an Excel workbook"),
        (b"PK\x03\x04broken", "not an Excel workbook"),
    ],
    ids=["not a zip", "a broken zip"],
)
def test_a_file_that_is_no_workbook_is_refused(tmp_path: Path, data: bytes, words: str) -> None:
    refused(_import(tmp_path, data), words)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Bidder,Address\n" + "x" * 200_000 + ",y\n", "not a CSV file docgen can read"),
        ("Bidder,Address\n" + "a,b\n" * 10_001, "row 10001"),
        ("Bidder," + ",".join(["h"] * 300) + "\n", "column 257"),
    ],
    ids=["a field over csv's limit", "too many rows", "too many columns"],
)
def test_a_hostile_csv_is_refused(tmp_path: Path, text: str, words: str) -> None:
    refused(_import(tmp_path, text.encode(), name="bidders.csv"), words)


# ---- Word files: verify and pdf -------------------------------------------------------------

W_NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
BODY = b"<w:body><w:p><w:r><w:t>Text</w:t></w:r></w:p></w:body>"
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(b'<!ENTITY %c "%s">' % (98 + n, (b"&%c;" % (97 + n)) * 10) for n in range(9))
    + b"]><w:document "
    + W_NS
    + b"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<w:document " + W_NS + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
)


def docx(document: bytes | None, parts: dict[str, bytes] | None = None) -> bytes:
    """A zip holding word/document.xml (unless None) and any other parts, by name."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        if document is not None:
            package.writestr("word/document.xml", document)
        for name, data in (parts or {}).items():
            package.writestr(name, data)
    return out.getvalue()


def zip_bomb(name: str = "word/document.xml", megabytes: int = 65) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb, bomb.open(name, "w") as part:
        for _ in range(megabytes):
            part.write(bytes(2**20))
    return out.getvalue()


HOSTILE_DOCX: dict[str, tuple[bytes, str]] = {
    "not a zip": (b"not a zip at all", "not a Word document"),
    "no document part": (docx(None, {"word/other.xml": b"<x/>"}), "not a Word document"),
    "broken XML": (b'<?xml version="1.0"?><w:document><w:body><w:p>', "docgen can read"),
    "not UTF-8": (b'<?xml version="1.0"?><w:document ' + W_NS + b">\xff\xfe</w:document>", "can read"),
    "an entity bomb": (LAUGHS, "declares a DTD"),
    "an external entity": (XXE, "declares a DTD"),
    "a bomb in the custom properties": (
        docx(b'<?xml version="1.0"?><w:document ' + W_NS + b">" + BODY + b"</w:document>",
             {"docProps/custom.xml": LAUGHS.replace(b"w:document", b"Properties")}),
        "declares a DTD",
    ),
}  # fmt: skip


def _docx_bytes(name: str) -> bytes:
    data, _ = HOSTILE_DOCX[name]
    return data if data.startswith(b"PK") or name == "not a zip" else docx(data)


@pytest.mark.parametrize("name", list(HOSTILE_DOCX))
def test_verify_refuses_a_hostile_docx(name: str, tmp_path: Path) -> None:
    paper = tmp_path / "paper.docx"
    paper.write_bytes(_docx_bytes(name))
    result = CliRunner().invoke(main, ["verify", str(paper), str(RECORDS)])
    refused(result, str(paper), HOSTILE_DOCX[name][1])


@pytest.mark.parametrize("name", list(HOSTILE_DOCX))
def test_pdf_refuses_a_hostile_docx_before_libreoffice_sees_it(name: str, tmp_path: Path) -> None:
    paper = tmp_path / "paper.docx"
    paper.write_bytes(_docx_bytes(name))
    result = CliRunner().invoke(main, ["pdf", str(paper), "--out", str(tmp_path / "p.pdf")])
    refused(result, str(paper), HOSTILE_DOCX[name][1])
    assert not (tmp_path / "p.pdf").exists()


@pytest.mark.parametrize("command", ["verify", "pdf"])
def test_a_zip_bomb_docx_is_refused_within_the_memory_limit(command: str, tmp_path: Path) -> None:
    paper = tmp_path / "paper.docx"
    paper.write_bytes(zip_bomb())
    args = [command, str(paper), str(RECORDS)] if command == "verify" else [command, str(paper)]
    refused(run_bounded(args, tmp_path), "inflates to")


@pytest.mark.parametrize("command", ["verify", "pdf", "compare"])
def test_a_paper_that_is_a_fifo_is_refused_without_waiting(command: str, tmp_path: Path) -> None:
    paper = tmp_path / ("paper.pdf" if command != "pdf" else "paper.docx")
    os.mkfifo(paper)
    args = {
        "verify": ["verify", str(paper), str(RECORDS)],
        "pdf": ["pdf", str(paper)],
        "compare": ["compare", str(paper), str(paper)],
    }[command]
    refused(run_bounded(args, tmp_path, 30), "not a regular file")


# ---- PDFs: encrypted, damaged — audit, pack, compare, verify ---------------------------------


def pdf_bytes(objects: list[bytes], trailer: bytes) -> bytes:
    """A PDF of the given objects (numbered from 1) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<<%s/Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        trailer,
        len(objects) + 1,
        start,
    )
    return bytes(out)


PAGE = [
    b"<</Type/Catalog/Pages 2 0 R>>",
    b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>",
]
AES = pdf_bytes(
    [
        *PAGE,
        b"<</Filter/Standard/V 5/R 6/Length 256/P -4"
        b"/CF<</StdCF<</CFM/AESV3/AuthEvent/DocOpen/Length 32>>>>/StmF/StdCF/StrF/StdCF"
        b"/O<" + b"11" * 48 + b">/U<" + b"22" * 48 + b">/OE<" + b"33" * 32 + b">/UE<"
        + b"44" * 32 + b">/Perms<" + b"55" * 16 + b">>>",
    ],
    b"/Encrypt 4 0 R/ID[<" + b"00" * 16 + b"><" + b"00" * 16 + b">]",
)  # fmt: skip


def rc4_with_a_password() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", "owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


HOSTILE_PDFS: dict[str, tuple[bytes, str]] = {
    "AES-256 encrypted": (AES, "is encrypted: docgen cannot read it; give the unencrypted file"),
    "RC4 with a password": (rc4_with_a_password(), "is encrypted"),
    "not a PDF": (b"hello", "not a PDF"),
    "truncated": (AES[:200], "cannot read the PDF"),
    "a loop of pages": (
        pdf_bytes([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[2 0 R]/Count 1>>"], b""),
        "PDF",
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE_PDFS))
def test_compare_refuses_a_hostile_pdf(name: str, tmp_path: Path) -> None:
    data, words = HOSTILE_PDFS[name]
    (tmp_path / "a.pdf").write_bytes(data)
    (tmp_path / "b.pdf").write_bytes(data)
    result = CliRunner().invoke(main, ["compare", str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf")])
    refused(result, "a.pdf", words)


@pytest.mark.parametrize("name", list(HOSTILE_PDFS))
def test_verify_refuses_a_hostile_pdf(name: str, tmp_path: Path) -> None:
    data, words = HOSTILE_PDFS[name]
    (tmp_path / "paper.pdf").write_bytes(data)
    result = CliRunner().invoke(main, ["verify", str(tmp_path / "paper.pdf"), str(RECORDS)])
    refused(result, "paper.pdf", words)


@pytest.mark.parametrize("name", list(HOSTILE_PDFS))
def test_the_audit_names_a_hostile_pdf_as_unreadable(name: str, tmp_path: Path) -> None:
    """The audit reads every file of the folder: one it cannot read is a finding that names why
    (the audit cannot vouch for it, so it fails, exit 1), and the rest is still audited."""
    from docgen.audit.read import open_document

    data, _ = HOSTILE_PDFS[name]
    path = tmp_path / "paper.pdf"
    path.write_bytes(data)
    opened = open_document(path)
    assert opened.error, opened
    if "encrypted" in name:
        assert "is encrypted: docgen cannot read it" in opened.error, opened.error


def test_pack_never_reads_a_planted_encrypted_part(tmp_path: Path) -> None:
    """The pack is composed from the records, not from the PDFs in the output folder: an
    encrypted file planted where a paper would be is neither read nor trusted, and the pack
    holds the paper docgen makes."""
    out = tmp_path / "out"
    planted = out / "carers-support-2026-award" / "decision-report.pdf"
    planted.parent.mkdir(parents=True)
    planted.write_bytes(AES)
    result = CliRunner().invoke(main, ["pack", str(RECORDS), "--out", str(out)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert planted.read_bytes() == AES
    pack = pypdf.PdfReader(out / "carers-support-2026-award" / "agenda-pack.pdf")
    assert "Carers Support Service" in pack.pages[1].extract_text()


def test_the_audit_command_names_an_encrypted_file_and_fails(tmp_path: Path) -> None:
    """`docgen audit` over a folder holding an encrypted paper: a finding naming it, exit 1, no
    traceback; the audit cannot vouch for a file it cannot read."""
    planted = tmp_path / "ilss-2025" / "cabinet-paper.pdf"
    planted.parent.mkdir()
    planted.write_bytes(AES)
    result = CliRunner().invoke(main, ["audit", str(tmp_path), "--records", str(RECORDS)])
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    assert "ilss-2025/cabinet-paper.pdf: readable: the PDF is encrypted" in result.output


def test_xmp_with_entities_is_read_as_written_never_expanded() -> None:
    """The audit reads a PDF's XMP as XML: a DTD there is read as its bytes, unexpanded."""
    from docgen.readback.pdf import xml_text

    text = xml_text(LAUGHS.replace(b"w:document", b"x:xmpmeta"))
    assert "&j;" in text
    assert "aaaaaaaaaa" * 3 not in text
