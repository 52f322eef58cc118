"""`docgen serve` against hostile requests: each gets a clear message and changes nothing."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from filelock import FileLock

from docgen.build.writer import LOCK_NAME
from docgen.cli import main
from docgen.cli.serve import ServeConfig, create_app
from docgen.errors import UsageError
from tests.test_serve import (
    AWARD,
    DECISION,
    changed_workbook,
    client_for,
    copy_records,
    csrf_of,
    upload,
)

TOKEN = "a-long-enough-access-token-1234"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return copy_records(tmp_path)


@pytest.fixture
def config(records: Path, tmp_path: Path) -> ServeConfig:
    return ServeConfig(paths=[records], out_dir=tmp_path / "out", port=8000)


@pytest.fixture
def client(config: ServeConfig) -> Any:
    with client_for(create_app(config)) as test_client:
        yield test_client


@pytest.fixture
def award_file(records: Path) -> Path:
    return records / AWARD / "award.yaml"


def _refused(response: Any, status: int, *phrases: str) -> None:
    assert response.status_code == status, response.text[:2000]
    assert "What to do next" in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    for phrase in phrases:
        assert phrase in response.text


# ---- uploads ----


def test_an_upload_over_the_limit_is_refused(
    records: Path, tmp_path: Path, award_file: Path
) -> None:
    small = ServeConfig(paths=[records], out_dir=tmp_path / "out", port=8000, upload_limit=50_000)
    before = award_file.read_bytes()
    with client_for(create_app(small)) as client:
        page = upload(client, b"PK\x03\x04" + bytes(60_000))
        _refused(page, 413, "The file is too large", "up to 49 KB")
        # a body that does not say its length is counted as it arrives
        token = csrf_of(client.get(f"/records/award/{AWARD}").text)
        chunks = (bytes(10_000) for _ in range(10))
        streamed = client.post(
            f"/awards/{AWARD}/scores?csrf={token}",
            content=chunks,
            headers={"content-type": "multipart/form-data; boundary=x"},
        )
        _refused(streamed, 413, "The file is too large")
    assert award_file.read_bytes() == before


def test_a_file_that_is_not_a_workbook_is_refused(client: Any, award_file: Path) -> None:
    before = award_file.read_bytes()
    _refused(upload(client, b"%PDF-1.7 not a workbook"), 422, "not an Excel workbook")
    _refused(upload(client, b"PK\x03\x04broken zip"), 422, "not a workbook docgen can read")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as package:
        package.writestr("hello.txt", "hi")
    _refused(upload(client, zipped.getvalue()), 422, "a zip file but not an Excel workbook")
    _refused(upload(client, b"\xd0\xcf\x11\xe0" + bytes(600), "old.xls"), 422, "old or binary")
    assert award_file.read_bytes() == before


def test_a_macro_enabled_workbook_is_refused(client: Any, award_file: Path) -> None:
    before = award_file.read_bytes()
    data = client.get(f"/awards/{AWARD}/workbook.xlsx").content
    _refused(upload(client, data, "scores.xlsm"), 422, "macro-enabled")
    source = zipfile.ZipFile(io.BytesIO(data))
    planted = io.BytesIO()
    with zipfile.ZipFile(planted, "w") as package:
        for item in source.infolist():
            package.writestr(item, source.read(item))
        package.writestr("xl/vbaProject.bin", b"\x00" * 64)
    _refused(upload(client, planted.getvalue()), 422, "holds macros")
    assert award_file.read_bytes() == before


def test_a_zip_bomb_is_refused_before_it_is_opened(client: Any, award_file: Path) -> None:
    before = award_file.read_bytes()
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
        package.writestr("xl/worksheets/sheet1.xml", b"\x00" * (200 * 2**20))  # 200 MB inflated
    assert len(bomb.getvalue()) < 1_000_000
    _refused(upload(client, bomb.getvalue()), 422, "cannot be a panel", "inflates to")
    assert award_file.read_bytes() == before


def test_a_formula_in_a_score_cell_is_refused(client: Any, award_file: Path) -> None:
    before = award_file.read_bytes()
    data = client.get(f"/awards/{AWARD}/workbook.xlsx").content
    page = upload(client, changed_workbook(data, value="=20+7"))
    _refused(page, 422, "row 5", "formula")
    assert award_file.read_bytes() == before


def test_a_bidder_that_does_not_exist_is_refused(client: Any, award_file: Path) -> None:
    before = award_file.read_bytes()
    data = client.get(f"/awards/{AWARD}/workbook.xlsx").content
    book = changed_workbook(data, col=1, value="no-such-bidder")
    page = upload(client, changed_workbook(book, col=2, value="Nobody Ltd"))
    _refused(page, 422, "row 5", "cannot be read: nothing was changed")
    assert "Nobody Ltd" in page.text or "no-such-bidder" in page.text
    assert award_file.read_bytes() == before


# ---- forms without their CSRF token ----


def test_a_changing_request_without_its_csrf_token_is_refused(
    client: Any,
    award_file: Path,
    config: ServeConfig,
) -> None:
    before = award_file.read_bytes()
    data = client.get(f"/awards/{AWARD}/workbook.xlsx").content
    for token in ("", "0" * 64):
        page = upload(client, changed_workbook(data), csrf=token)
        _refused(page, 403, "CSRF token")
        _refused(client.post(f"/awards/{AWARD}/letters", data={"csrf": token}), 403)
        _refused(client.post(f"/decisions/{DECISION}/papers", data={"csrf": token}), 403)
        _refused(client.post(f"/awards/{AWARD}/undo", data={"csrf": token}), 403)
    # a token from another browser (its own cookie) does not fit this one's
    other = client_for(create_app(config))
    foreign = csrf_of(other.get(f"/records/award/{AWARD}").text)
    client.get("/")
    _refused(upload(client, changed_workbook(data), csrf=foreign), 403)
    assert award_file.read_bytes() == before
    assert not (config.out_dir / AWARD).exists()


# ---- who may ask ----


def test_a_request_from_another_machine_is_refused_without_the_token(config: ServeConfig) -> None:
    with client_for(create_app(config), host="192.0.2.10") as client:
        _refused(client.get("/"), 403, "answers only this computer")
        _refused(client.get(f"/awards/{AWARD}/workbook.xlsx"), 403)


def test_a_request_naming_another_host_is_refused(config: ServeConfig) -> None:
    """DNS rebinding: a page elsewhere whose name resolves to 127.0.0.1 reads nothing."""
    with client_for(create_app(config), base="http://attacker.example:8000") as client:
        _refused(client.get("/"), 400, "does not name this server")


def test_listening_elsewhere_needs_a_token(config: ServeConfig) -> None:
    config.host = "0.0.0.0"
    with pytest.raises(UsageError, match="only with --token"):
        create_app(config)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", str(config.paths[0])])
    assert result.exit_code == 2 and "only with --token" in result.output
    assert "Traceback" not in result.output


def test_with_a_token_every_request_carries_it(config: ServeConfig) -> None:
    config.host, config.token = "0.0.0.0", TOKEN
    app = create_app(config)
    with client_for(app, host="192.0.2.10", base="http://docgen.council.example:8000") as client:
        _refused(client.get("/"), 401, "needs its access token")
        _refused(client.get("/?token=wrong-token-of-some-length"), 401)
        _refused(client.get(f"/awards/{AWARD}/workbook.xlsx"), 401)
        opened = client.get(f"/records/award/{AWARD}?token={TOKEN}", follow_redirects=False)
        assert opened.status_code == 303
        assert opened.headers["location"] == f"/records/award/{AWARD}"
        assert "HttpOnly" in opened.headers["set-cookie"]
        assert "SameSite=Strict" in opened.headers["set-cookie"]
        assert client.get(f"/records/award/{AWARD}").status_code == 200  # the cookie
    with client_for(app, host="192.0.2.11") as other:
        assert other.get("/", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert other.get("/", headers={"x-docgen-token": TOKEN}).status_code == 200


# ---- builds ----


def test_a_second_build_is_told_that_one_is_running(
    client: Any,
    config: ServeConfig,
) -> None:
    release = threading.Event()
    jobs = client.app.state.jobs
    jobs.start("a slow build", "/", lambda job: [str(release.wait(60))])
    page = client.get(f"/records/award/{AWARD}")
    try:
        second = client.post(f"/awards/{AWARD}/letters", data={"csrf": csrf_of(page.text)})
        _refused(second, 409, "A build is already running", "a slow build", ">A build is running<")
        papers = client.post(f"/decisions/{DECISION}/papers", data={"csrf": csrf_of(page.text)})
        _refused(papers, 409, "A build is already running")
    finally:
        release.set()
        jobs.wait()
    assert not (config.out_dir / AWARD).exists()
    # a build from the command line holds the folder's lock: the page says so too
    config.out_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(config.out_dir / LOCK_NAME):
        held = client.post(f"/awards/{AWARD}/letters", data={"csrf": csrf_of(page.text)})
        _refused(held, 409, "A build is already running")
    assert not (config.out_dir / AWARD).exists()


def test_a_crash_in_one_request_leaves_the_server_answering(
    config: ServeConfig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from docgen.cli.serve import pages

    app = create_app(config)
    client = client_for(app, raise_server_exceptions=False)
    assert client.get("/documents").status_code == 200

    def broken(*_: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(pages, "_documents", broken)
    (config.out_dir / DECISION).mkdir(parents=True)
    _refused(client.get("/documents"), 500, "Other pages still work")
    assert client.get("/").status_code == 200
    assert client.get(f"/records/award/{AWARD}").status_code == 200


def test_no_path_outside_the_output_folder_is_served(client: Any, config: ServeConfig) -> None:
    config.out_dir.mkdir(parents=True)
    (config.out_dir / ".docgen-serve").mkdir()
    (config.out_dir / ".docgen-serve" / "x.pdf").write_bytes(b"%PDF-secret")
    (config.out_dir / "link.pdf").symlink_to(config.paths[0] / AWARD / "award.yaml")
    for path in (
        "/files/../records/ilss-2025/award.yaml",
        "/files/%2e%2e/%2e%2e/etc/passwd",
        "/files/.docgen-serve/x.pdf",
        "/files/link.pdf",
        "/files/nothing.pdf",
    ):
        response = client.get(path)
        assert response.status_code in (404, 400), path
        assert "secret" not in response.text and "kind: award" not in response.text
    _refused(client.get(f"/awards/{AWARD}/letters.zip?folder=../../x"), 400)
    _refused(client.get(f"/awards/{AWARD}/letters.zip"), 404, "build the letters")


def test_a_link_made_elsewhere_cannot_put_words_on_a_page(client: Any) -> None:
    page = client.get(f"/records/award/{AWARD}?done=Scores+imported%2C+send+the+letters")
    assert page.status_code == 200
    assert "govuk-notification-banner" not in page.text and "send the letters" not in page.text


def test_an_upload_never_chooses_its_path(client: Any, records: Path, tmp_path: Path) -> None:
    data = client.get(f"/awards/{AWARD}/workbook.xlsx").content
    planted = "../../records/ilss-2025/award.yaml"
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    page = upload(client, changed_workbook(data), name=planted)
    assert page.status_code == 200 and "Check the changes before they are made" in page.text
    after = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # nothing written below the records or the output folder
    staged = list(client.app.state.staging._folder.iterdir())
    assert len(staged) == 1 and staged[0].suffix == ".xlsx"
    assert "award" not in staged[0].name and ".." not in staged[0].name
