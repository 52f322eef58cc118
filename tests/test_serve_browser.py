"""`docgen serve` in a real browser: Playwright driving Debian's headless Chromium.

The main journey is made with the keyboard alone (Tab, Enter, Space): an officer opens the award,
downloads the workbook, a panel member changes a score, the officer uploads it, reads the
change, confirms, builds the letters and downloads them as one zip, which must hold exactly the
letters `docgen letters` makes from the same changed record, byte for byte. axe-core (vendored
in tests/vendor/) checks every page for accessibility violations, and no page may have anything
refused under its Content-Security-Policy (the browser's console says so). With JavaScript off,
the same journey works by forms and links alone (the build page by its Refresh link). Each page is
photographed at 1280×800 and 375×800 (into DOCGEN_SHOTS when set, for a person to look at; else
into tmp_path).
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_serve import AWARD, DECISION, changed_workbook, copy_records

CHROMIUM = Path("/usr/bin/chromium")
ROUTE_PAGES = {
    "interim-care-2026": "Direct award",
    "day-opportunities-extension": "Modification (extension)",
    "supported-living-2026": "Authority to procure",
    "community-transport-2026": "Decision not to award",
}
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (1280, 375)
BUILD_SECONDS = 600_000  # ms: a wait, not a measurement (a loaded CI machine is slow)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="chromium is not installed (apt-get install chromium); the browser tests could not run",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`python -m docgen serve` over a copy of the records, on a free loopback port."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.records = copy_records(root)
        self.out = root / "out"
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "docgen", "serve", "records", "--out", "out"]
        self.log = (root / "serve.log").open("wb")
        self.process = subprocess.Popen(
            [*command, "--port", str(self.port)],
            cwd=root,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait()

    def _wait(self) -> None:
        for _ in range(600):
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.base + "/", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise AssertionError((self.root / "serve.log").read_text(errors="replace"))

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Any, tmp_path: Path) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    # axe-core comes into every page as the browser opens it (an init script, which the pages'
    # Content-Security-Policy does not govern), so the policy stays in force for the test
    context.add_init_script(path=str(AXE))
    context.set_default_timeout(60_000)
    opened = context.new_page()
    opened.refusals = []  # what the browser refused under a page's Content-Security-Policy
    opened.on(
        "console",
        lambda m: opened.refusals.append(m.text) if "Content Security Policy" in m.text else None,
    )
    opened.shots = Path(os.environ.get("DOCGEN_SHOTS") or tmp_path / "shots")
    opened.shots.mkdir(parents=True, exist_ok=True)
    yield opened
    context.close()
    assert opened.refusals == []


def check(page: Any, name: str) -> None:
    """No axe-core violation on the page; then its photographs at each width."""
    found = page.evaluate("async () => (await axe.run(document)).violations")
    details = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in found]
    assert details == [], f"{name}: {details}"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(page.shots / f"{name}-{width}.png"))
    page.set_viewport_size({"width": 1280, "height": 800})


def tab_to(page: Any, test: str, presses: int = 120) -> None:
    """Press Tab until the focused element passes test (JavaScript, given `el`)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({test}); }}"):
            return
    raise AssertionError(f"Tab never reached {test} on {page.url}")


def _letters(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.glob("*/*"))
        if p.suffix in (".docx", ".pdf")
    }


def test_the_main_journey_by_keyboard_matches_the_command_line(
    server: Server, page: Any, tmp_path: Path
) -> None:
    page.goto(server.base + "/")
    check(page, "1-records")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    tab_to(page, f"el.getAttribute('href') === '/records/award/{AWARD}'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/records/award/{AWARD}")
    check(page, "2-award")

    tab_to(page, "el.textContent.includes('Download the evaluation workbook')")
    with page.expect_download() as downloading:
        page.keyboard.press("Enter")
    workbook = tmp_path / "downloaded.xlsx"
    downloading.value.save_as(workbook)
    changed = tmp_path / "panel.xlsx"
    changed.write_bytes(changed_workbook(workbook.read_bytes()))  # a score 24 → 27

    tab_to(page, "el.id === 'workbook'")
    with page.expect_file_chooser() as choosing:
        page.keyboard.press("Space")
    choosing.value.set_files(str(changed))
    tab_to(page, "el.textContent.trim() === 'Check the changes'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/scores")
    change = page.locator("tr.docgen-change").first
    assert change.locator("td").all_inner_texts()[1:] == ["service-delivery", "24.0", "27"]
    check(page, "3-preview")

    tab_to(page, "el.textContent.trim() === 'Confirm and update the record'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/records/award/{AWARD}?done=*")
    assert "1 value changed" in page.inner_text(".govuk-notification-banner")
    check(page, "4-award-updated")
    assert "service-delivery: 27" in (server.records / AWARD / "award.yaml").read_text("utf-8")

    tab_to(page, "el.textContent.trim() === 'Build the letters'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/jobs/*")
    check(page, "5-building")
    page.locator(".govuk-panel__title").wait_for(
        timeout=BUILD_SECONDS
    )  # the page reloads when done
    assert page.locator("#progress").get_attribute("value") == "100"
    job = page.evaluate("async () => (await fetch(location.pathname + '.json')).json()")
    assert job["state"] == "done" and job["done"] == job["total"] > 79, job  # every award's
    check(page, "6-built")

    tab_to(page, "el.id === 'back'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/records/award/{AWARD}")
    tab_to(page, "el.textContent.includes('Download all the letters')")
    with page.expect_download() as downloading:
        page.keyboard.press("Enter")
    package = tmp_path / "letters.zip"
    downloading.value.save_as(package)

    same = tmp_path / "cli"
    shutil.copytree(server.records, same / "records")
    subprocess.run(
        [sys.executable, "-m", "docgen", "letters", "records", "--out", "out", "-q"],
        cwd=same,
        check=True,
        capture_output=True,
    )
    expected = _letters(same / "out" / AWARD / "letters")
    with zipfile.ZipFile(io.BytesIO(package.read_bytes())) as zipped:
        got = {name: zipped.read(name) for name in zipped.namelist()}
    assert len(expected) == 2 * 79
    assert sorted(got) == sorted(expected)
    assert all(got[name] == expected[name] for name in expected)
    lot = page.request.get(f"{server.base}/awards/{AWARD}/letters.zip?folder=lot-1")
    with zipfile.ZipFile(io.BytesIO(lot.body())) as zipped:
        names = zipped.namelist()
        assert names and all(n.startswith("lot-1/") for n in names)
        assert all(zipped.read(n) == expected[n] for n in names)
    assert sorted(names) == sorted(n for n in expected if n.startswith("lot-1/"))


def test_every_other_page_is_accessible(server: Server, page: Any, tmp_path: Path) -> None:
    page.goto(f"{server.base}/records/decision/{DECISION}")
    check(page, "7-decision")
    page.get_by_role("button", name="Build the paper and appendices").click()
    page.locator(".govuk-panel__title").wait_for(timeout=BUILD_SECONDS)
    page.goto(f"{server.base}/documents")
    page.locator("summary").first.click()
    check(page, "8-documents")

    page.goto(f"{server.base}/compare")
    check(page, "9-compare")
    built = server.out
    page.set_input_files("#original", str(built / DECISION / "cabinet-paper.pdf"))
    page.set_input_files("#revised", str(built / f"{DECISION}-rev1" / "cabinet-paper.pdf"))
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare")
    assert "Different" in page.inner_text("main")
    check(page, "10-compared")

    page.goto(
        f"{server.base}/compare/"
        + page.get_by_role("link", name="Open the side-by-side report")
        .get_attribute("href")
        .split("/")[-1]
    )
    assert "cabinet-paper.pdf" in page.inner_text("body")
    page.goto(f"{server.base}/files/{DECISION}/cabinet-paper.html")
    assert page.title()  # its inline styles applied: no refusal is logged (see the fixture)

    page.goto(f"{server.base}/records/award/{AWARD}")
    page.set_input_files("#workbook", str(built / DECISION / "cabinet-paper.pdf"))
    page.get_by_role("button", name="Check the changes").click()
    assert "not an Excel workbook" in page.inner_text("main")
    check(page, "13-refused-upload")
    page.goto(f"{server.base}/records/award/{AWARD}")
    workbook = page.request.get(f"{server.base}/awards/{AWARD}/workbook.xlsx").body()
    unknown = tmp_path / "unknown.xlsx"
    unknown.write_bytes(
        changed_workbook(
            changed_workbook(workbook, col=1, value="nobody"), col=2, value="Nobody Ltd"
        )
    )
    page.set_input_files("#workbook", str(unknown))
    page.get_by_role("button", name="Check the changes").click()
    assert "cannot be read: nothing was changed" in page.inner_text("main")
    check(page, "14-cannot-import")

    page.goto(f"{server.base}/audit")
    page.get_by_role("button", name="Run the audit").click()
    page.wait_for_url("**/audit?run=1")
    assert "audit" in page.inner_text("main")
    check(page, "11-audit")

    page.goto(f"{server.base}/records/award/no-such-award")
    assert "What to do next" in page.inner_text("main")
    check(page, "12-error")

    # the route awards' own pages (a direct award, a modification, an authority to procure, a
    # decision not to award): each shows its route, and passes axe-core
    for n, (ident, route) in enumerate(ROUTE_PAGES.items(), start=15):
        page.goto(f"{server.base}/records/award/{ident}")
        assert route in page.inner_text("main")
        check(page, f"{n}-{ident}")


def test_the_pages_work_without_javascript(server: Server, browser: Any, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server.base}/records/award/{AWARD}")
        assert page.get_by_role("link", name="Documents").is_visible()  # the menu, unfolded
        workbook = page.request.get(f"{server.base}/awards/{AWARD}/workbook.xlsx").body()
        changed = tmp_path / "panel.xlsx"
        changed.write_bytes(changed_workbook(workbook))
        page.set_input_files("#workbook", str(changed))
        page.get_by_role("button", name="Check the changes").click()
        page.get_by_role("button", name="Confirm and update the record").click()
        assert "1 value changed" in page.inner_text("main")
        page.get_by_role("button", name="Build the letters").click()
        for _ in range(600):  # as an officer would: press Refresh until it is done
            if page.locator(".govuk-panel__title").count():
                break
            assert "This page does not update by itself" in page.inner_text("main")
            page.get_by_role("link", name="Refresh to see progress").click()
            page.wait_for_timeout(1000)
        assert page.inner_text(".govuk-panel__title") == "Built"
    finally:
        context.close()
