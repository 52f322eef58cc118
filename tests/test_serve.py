"""`docgen serve` without a browser: the pages read the records as `docgen validate` does, and the
workbook journey (download, change, upload, preview, confirm, undo) rewrites the record exactly as
`docgen import-scores` does. The hostile cases are in test_serve_hostile.py, the browser in
test_serve_browser.py; the helpers here are shared with them."""

from __future__ import annotations

import io
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from docgen.cli.serve import ServeConfig, create_app
from tests.conftest import RECORDS

AWARD = "ilss-2025"
DECISION = "ilss-cabinet-2025-07-22"
HOST = "127.0.0.1"
PORT = 8000
CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


def client_for(
    app: Any, base: str = f"http://{HOST}:{PORT}", host: str = "127.0.0.1", **options: Any
) -> Any:
    """Starlette's test client (importing it warns that httpx2 is preferred: httpx is the dev
    dependency that every Starlette version takes)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from starlette.testclient import TestClient

    return TestClient(app, base_url=base, client=(host, 50000), **options)


def copy_records(tmp_path: Path) -> Path:
    """A copy of the example records, for the server to change."""
    target = tmp_path / "records"
    shutil.copytree(RECORDS, target, ignore=shutil.ignore_patterns("schemas"))
    return target


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return copy_records(tmp_path)


@pytest.fixture
def config(records: Path, tmp_path: Path) -> ServeConfig:
    return ServeConfig(paths=[records], out_dir=tmp_path / "out", port=PORT)


@pytest.fixture
def client(config: ServeConfig) -> Iterator[Any]:
    with client_for(create_app(config)) as test_client:
        yield test_client


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


def changed_workbook(
    data: bytes, sheet: str = "Lot 1", row: int = 5, col: int = 3, value: Any = 27
) -> bytes:
    """The downloaded workbook with one cell changed, as a panel member would in Excel."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    book[sheet].cell(row, col).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client: Any, data: bytes, name: str = "scores.xlsx", csrf: str | None = None) -> Any:
    token = csrf if csrf is not None else csrf_of(client.get(f"/records/award/{AWARD}").text)
    return client.post(
        f"/awards/{AWARD}/scores",
        data={"csrf": token},
        files={"workbook": (name, data, "application/octet-stream")},
    )


def bidder_in_row(data: bytes, sheet: str = "Lot 1", row: int = 5) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return str(book[sheet].cell(row, 2).value)


# ---- reading ----


def test_the_overview_lists_every_record_with_its_state(client: Any) -> None:
    page = client.get("/")
    assert page.status_code == 200
    text = page.text
    for title in ("Independent Living Support Service", "Carers Support Service"):
        assert title in text
    assert "Warnings" in text and "Final" in text and "Draft" in text
    assert "govuk-frontend-6.6.0/govuk-frontend.min.css" in text


def test_an_award_page_shows_lots_bidders_outcomes_and_dates(client: Any) -> None:
    text = client.get(f"/records/award/{AWARD}").text
    assert "Lot 1: Reablement" in text
    assert "Albany Homecare Ltd" in text and "Appointed" in text and "Not appointed" in text
    assert "Standstill ends" in text and "Monday 4 August 2025" in text
    assert "Call-in ends" in text
    assert "notice_value: 255000000" in text  # the warning's own line, shown beside it
    assert 'class="docgen-mark"' in text


def test_a_problem_is_shown_beside_the_line_that_causes_it(client: Any, records: Path) -> None:
    award = records / AWARD / "award.yaml"
    text = award.read_text(encoding="utf-8")
    award.write_text(text.replace("send_date: 2025-07-23", "send_date: 2025-13-40"), "utf-8")
    overview = client.get("/")
    assert "Some records have errors" in overview.text
    page = client.get(f"/records/award/{AWARD}")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "send_date: 2025-07-23" in t)
    assert f"line {line}" in page.text and "send_date: 2025-13-40" in page.text
    assert "What to fix" in page.text
    assert "Build the letters" not in page.text  # a record that cannot be read offers nothing
    other = client.get("/records/award/carers-support-2026").text  # valid, but the set is not
    assert "Nothing can be built while any record has errors" in other
    assert 'disabled aria-disabled="true">Build the letters' in other


def test_a_decision_page_shows_its_call_in_and_builds_its_papers(client: Any) -> None:
    page = client.get(f"/records/decision/{DECISION}")
    assert "Call-in ends" in page.text and "Nothing has been built" in page.text
    started = client.post(
        f"/decisions/{DECISION}/papers", data={"csrf": csrf_of(page.text)}, follow_redirects=False
    )
    assert started.status_code == 303
    client.app.state.jobs.wait()
    job = client.get(started.headers["location"] + ".json").json()
    assert job["state"] == "done", job
    page = client.get(f"/records/decision/{DECISION}")
    assert "cabinet-paper.pdf" in page.text
    pdf = client.get(f"/files/{DECISION}/cabinet-paper.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-type"] == "application/pdf"


def test_an_unknown_record_says_what_to_do(client: Any) -> None:
    page = client.get("/records/award/no-such-award")
    assert page.status_code == 404
    assert "What to do next" in page.text and "no-such-award" in page.text


# ---- the workbook journey ----


def test_upload_previews_then_confirm_writes_then_undo_restores(client: Any, records: Path) -> None:
    award = records / AWARD / "award.yaml"
    original = award.read_bytes()
    download = client.get(f"/awards/{AWARD}/workbook.xlsx")
    assert download.status_code == 200 and download.content.startswith(b"PK")
    name = bidder_in_row(download.content)
    preview = upload(client, changed_workbook(download.content))
    assert preview.status_code == 200, preview.text
    assert "Check the changes before they are made" in preview.text
    assert f"Lot 1, {name}" in preview.text
    row = re.search(r'<tr class="govuk-table__row docgen-change">(.*?)</tr>', preview.text, re.S)
    assert row and re.findall(r"<td[^>]*>(?:<strong>)?([^<]*)", row.group(1)) == [
        f"Lot 1, {name}",
        "service-delivery",
        "24.0",
        "27",
    ]
    assert "passes every check" in preview.text
    assert award.read_bytes() == original  # nothing written before the confirmation
    staged = re.search(r'name="staged" value="([^"]+)"', preview.text)
    assert staged
    done = client.post(
        f"/awards/{AWARD}/scores/confirm",
        data={"csrf": csrf_of(preview.text), "staged": staged.group(1)},
    )
    assert done.status_code == 200 and "1 value changed" in done.text
    after = award.read_text(encoding="utf-8")
    assert after != original.decode() and "service-delivery: 27" in after
    comments = [line for line in original.decode().splitlines() if line.lstrip().startswith("#")]
    assert comments and all(c in after for c in comments)  # its comments are kept
    again = client.post(
        f"/awards/{AWARD}/scores/confirm",
        data={"csrf": csrf_of(done.text), "staged": staged.group(1)},
    )
    assert again.status_code == 400  # an upload is confirmed once
    undone = client.post(f"/awards/{AWARD}/undo", data={"csrf": csrf_of(done.text)})
    assert undone.status_code == 200 and "is back to the version before" in undone.text
    assert award.read_bytes() == original


def test_undo_never_overwrites_a_later_edit(client: Any, records: Path) -> None:
    award = records / AWARD / "award.yaml"
    data = client.get(f"/awards/{AWARD}/workbook.xlsx").content
    preview = upload(client, changed_workbook(data))
    staged = re.search(r'name="staged" value="([^"]+)"', preview.text)
    assert staged
    client.post(
        f"/awards/{AWARD}/scores/confirm",
        data={"csrf": csrf_of(preview.text), "staged": staged.group(1)},
    )
    edited = award.read_text(encoding="utf-8") + "# edited by hand\n"
    award.write_text(edited, encoding="utf-8")
    page = client.get(f"/records/award/{AWARD}")
    refused = client.post(f"/awards/{AWARD}/undo", data={"csrf": csrf_of(page.text)})
    assert refused.status_code == 409 and "has changed since the import" in refused.text
    assert '<h1 class="govuk-heading-l">The import cannot be undone</h1>' in refused.text
    assert award.read_text(encoding="utf-8") == edited


def test_confirm_is_refused_when_the_record_changed_after_the_preview(
    client: Any, records: Path
) -> None:
    award = records / AWARD / "award.yaml"
    data = client.get(f"/awards/{AWARD}/workbook.xlsx").content
    preview = upload(client, changed_workbook(data))
    staged = re.search(r'name="staged" value="([^"]+)"', preview.text)
    assert staged
    edited = award.read_text(encoding="utf-8") + "# edited meanwhile\n"
    award.write_text(edited, encoding="utf-8")
    refused = client.post(
        f"/awards/{AWARD}/scores/confirm",
        data={"csrf": csrf_of(preview.text), "staged": staged.group(1)},
    )
    assert refused.status_code == 409 and "Upload the workbook again" in refused.text
    assert '<h1 class="govuk-heading-l">The record changed</h1>' in refused.text
    assert "A build is running" not in refused.text
    assert award.read_text(encoding="utf-8") == edited


def test_a_score_over_its_maximum_is_refused_and_cannot_be_confirmed(
    client: Any, records: Path
) -> None:
    award = records / AWARD / "award.yaml"
    original = award.read_bytes()
    data = client.get(f"/awards/{AWARD}/workbook.xlsx").content
    page = upload(client, changed_workbook(data, value=35))  # service delivery is out of 30
    assert page.status_code == 422
    assert "1 row of the workbook cannot be read: nothing was changed" in page.text
    assert "row 5: Service delivery and outcomes: 35 is not between 0 and 30" in page.text
    assert "What to do next" in page.text
    assert 'name="staged"' not in page.text
    assert award.read_bytes() == original


def test_the_server_package_is_imported_by_the_command_line_alone() -> None:
    root = Path(__file__).resolve().parents[1] / "docgen"
    importers = {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if re.search(r"^\s*(from|import) docgen\.cli\.serve\b", path.read_text("utf-8"), re.M)
    }
    assert importers, "docgen/cli/serve_command.py imports it"
    assert all(p.startswith("cli/") for p in importers), importers


def test_a_build_page_shows_how_far_it_has_gone_without_javascript(client: Any) -> None:
    import threading

    release = threading.Event()

    def work(job: Any) -> list[str]:
        job.start(4)
        job(1)
        release.wait(60)
        job(3)
        return ["4 letters"]

    job = client.app.state.jobs.start("the letters", f"/records/award/{AWARD}", work)
    try:
        assert client.get(f"/jobs/{job.id}.json").json() == {
            "id": job.id,
            "state": "running",
            "done": 1,
            "total": 4,
            "percent": 25,
            "what": "the letters",
            "error": "",
        }
        page = client.get(f"/jobs/{job.id}").text
        assert 'value="25"' in page and "1 of 4 letters made." in page
        assert "Refresh to see progress" in page
    finally:
        release.set()
        client.app.state.jobs.wait()
    page = client.get(f"/jobs/{job.id}").text
    assert 'value="100"' in page and "4 letters" in page and "Refresh" not in page


def test_every_answer_forbids_framing_sniffing_and_other_sites_scripts(client: Any) -> None:
    for path in ("/", f"/records/award/{AWARD}", "/no-such-page", "/static/docgen.css"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
    fresh = client_for(client.app).get("/").headers["set-cookie"]
    assert fresh.startswith("docgen_csrf=") and "HttpOnly" in fresh and "SameSite=Strict" in fresh


def test_a_build_that_fails_says_why_and_what_to_do(client: Any) -> None:
    from docgen.errors import RenderError

    def work(job: Any) -> list[str]:
        raise RenderError("cabinet-paper.docx: the template names {{ missing }}")

    job = client.app.state.jobs.start("the papers", f"/records/decision/{DECISION}", work)
    client.app.state.jobs.wait()
    page = client.get(f"/jobs/{job.id}").text
    assert "The build did not finish" in page and "the template names {{ missing }}" in page
    assert "What to do next" in page
    assert client.get(f"/jobs/{job.id}.json").json()["state"] == "failed"
    assert client.get("/").status_code == 200  # the server goes on
