"""`docgen serve` and the award records of the routes that score no tenders (a direct award, a
modification, an authority to procure, a decision not to award: docs/law.md §11): each is a record
of its own with its own page, its problems shown there; the page of a ranked Lot words each
outcome as the scores appendix does; each refusal is titled for what it is; a letters build's
progress counts every letter it makes."""

from __future__ import annotations

import html
import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from docgen.cli.serve import ServeConfig, create_app
from docgen.derive.units import units
from docgen.documents.appendix_scores import outcome
from docgen.records.loading import load_records
from tests.conftest import RECORDS
from tests.test_serve import PORT, client_for, copy_records, csrf_of

ROUTES = {  # each example route award: what its page must say of its route and its ground
    "interim-care-2026": ("Direct award", "paragraph 13 of Schedule 5"),
    "day-opportunities-extension": ("Modification (extension)", "regulation 72(1)(b)"),
    "supported-living-2026": ("Authority to procure", "the Director of Social Services"),
    "community-transport-2026": ("Decision not to award", "Valley Minibus Services Ltd"),
}


@pytest.fixture
def records(tmp_path: Path) -> Path:
    return copy_records(tmp_path)


@pytest.fixture
def config(records: Path, tmp_path: Path) -> ServeConfig:
    return ServeConfig(paths=[records], out_dir=tmp_path / "out", port=PORT)


@pytest.fixture
def client(config: ServeConfig) -> Any:
    with client_for(create_app(config)) as test_client:
        yield test_client


def route_phrase(route: str) -> str:
    """How the list of records names a route: 'Direct award' as 'a direct award'."""
    first = route.split(" (")[0].lower()
    return ("an " if first[0] in "aeiou" else "a ") + first


def text_of(page: str) -> str:
    """The page's words, tags taken out and spaces made single."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def heading(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    assert found, "the page has a heading"
    return html.unescape(found.group(1).strip())


def test_every_route_award_is_listed_with_a_page_of_its_own(client: Any) -> None:
    home = client.get("/").text
    assert "/records/unreadable/" not in home  # no route award is taken for an unreadable file
    for ident, (route, fact) in ROUTES.items():
        assert f'href="/records/award/{ident}"' in home
        assert f"{ident}: {route_phrase(route)}" in text_of(home)
        page = client.get(f"/records/award/{ident}")
        assert page.status_code == 200, ident
        words = text_of(page.text)
        assert f"Route {route}" in words and fact in words, ident
        assert "Evaluation scores" not in words and "Lots, bidders and outcomes" not in words
        assert f"/awards/{ident}/workbook.xlsx" not in page.text


def test_a_route_award_page_shows_its_supplier_value_and_dates(client: Any) -> None:
    words = text_of(client.get("/records/award/interim-care-2026").text)
    for shown in (
        "Supplier Harbourside Care Services Ltd",
        "Value £2,620,000 (£1,310,000 a year)",
        "Transparency notice published Thursday 15 January 2026",
        "Contract award notice published Friday 16 January 2026",
        "Contract starts Saturday 7 February 2026",
        "A direct award makes no letters",
    ):
        assert shown in words
    change = text_of(client.get("/records/award/day-opportunities-extension").text)
    assert "Value £4,000,000 → £4,800,000 (an increase of £800,000, 20 per cent" in change
    assert "Contract ends after the change Tuesday 31 August 2027" in change


def test_a_decision_not_to_award_builds_its_letters_from_its_page(
    client: Any, config: ServeConfig
) -> None:
    ident = "community-transport-2026"
    page = client.get(f"/records/award/{ident}")
    assert "Build the letters" in page.text
    started = client.post(f"/awards/{ident}/letters", data={"csrf": csrf_of(page.text)})
    assert started.status_code == 200
    client.app.state.jobs.wait()
    again = client.get(f"/records/award/{ident}").text
    assert "4 letter files built" in text_of(again)
    package = zipfile.ZipFile(io.BytesIO(client.get(f"/awards/{ident}/letters.zip").content))
    assert sorted(package.namelist()) == [
        "contract/teithio-cymunedol.docx",
        "contract/teithio-cymunedol.pdf",
        "contract/valley-minibus.docx",
        "contract/valley-minibus.pdf",
    ]


def test_an_error_in_a_route_award_shows_on_its_own_page(client: Any, records: Path) -> None:
    award = records / "interim-care-2026" / "award.yaml"
    text = award.read_text(encoding="utf-8")
    award.write_text(text.replace("ground: para-13", "ground: para-99"), encoding="utf-8")
    page = client.get("/records/award/interim-care-2026")
    assert page.status_code == 200
    assert "ground: para-99" in page.text and 'class="docgen-mark"' in page.text
    assert "What to fix" in page.text
    other = client.get("/records/award/day-opportunities-extension").text
    assert "para-99" not in other and "What to fix" not in other
    home = client.get("/").text
    assert 'href="/records/award/interim-care-2026">award.yaml (interim-care-2026): 1 error' in home


def test_a_rule_broken_by_a_route_award_shows_on_its_page(client: Any, records: Path) -> None:
    """A record that loads but breaks a rule (R41: the transparency notice comes before the
    contract award notice) shows the rule's error beside its line, on its own page."""
    award = records / "interim-care-2026" / "award.yaml"
    text = award.read_text(encoding="utf-8")
    award.write_text(text.replace("published: 2026-01-15", "published: 2026-01-20"), "utf-8")
    page = client.get("/records/award/interim-care-2026")
    words = text_of(page.text)
    assert "R41" in words and "What to fix" in words
    assert "published: 2026-01-20" in page.text
    assert "R41" not in text_of(client.get("/records/award/ilss-2025").text)


def test_a_route_award_has_no_workbook(client: Any) -> None:
    refused = client.get("/awards/interim-care-2026/workbook.xlsx")
    assert refused.status_code == 404
    assert heading(refused.text) == "This award has no scores"
    assert "interim-care-2026 is a direct award: docgen keeps no evaluation scores" in refused.text
    assert client.get("/awards/interim-care-2026/undo").status_code == 405


def test_ranked_lots_show_outcomes_as_the_scores_appendix_words_them(client: Any) -> None:
    ident = "homecare-framework-2026"
    award = load_records([RECORDS]).awards[ident]
    page = client.get(f"/records/award/{ident}").text
    seen = set()
    for unit in units(award):
        for scored in unit.scored:
            said = outcome(unit, scored)
            seen.add(said)
            row = (
                rf"{re.escape(html.escape(scored.bidder.name))}</th>(?:(?!</tr>).)*?"
                rf"<td class=\"govuk-table__cell\">{re.escape(html.escape(said))}</td>"
            )
            assert re.search(row, page, re.DOTALL), (unit.name, scored.bidder.name, said)
    assert {"Prime supplier", "Reserve 1", "Not appointed (holds the most Lots allowed)"} <= seen


# ---- the progress of a letters build counts every letter ----


def _some_records(tmp_path: Path, folders: tuple[str, ...]) -> Path:
    target = tmp_path / "some"
    (target / "councils").mkdir(parents=True)
    shutil.copy(RECORDS / "councils" / "glan-yr-afon.yaml", target / "councils")
    for folder in folders:
        shutil.copytree(RECORDS / folder, target / folder)
    return target


@pytest.mark.parametrize(
    ("folders", "letters"),
    [
        (("carers-support-2026", "community-transport-2026"), 6),  # 4 award letters, 2 not
        (("community-transport-2026",), 2),  # only a decision not to award
    ],
)
def test_a_letters_build_counts_every_letter_it_makes(
    tmp_path: Path, folders: tuple[str, ...], letters: int
) -> None:
    some = _some_records(tmp_path, folders)
    config = ServeConfig(paths=[some], out_dir=tmp_path / "out", port=PORT)
    with client_for(create_app(config)) as client:
        page = client.get("/records/award/community-transport-2026")
        started = client.post(
            "/awards/community-transport-2026/letters", data={"csrf": csrf_of(page.text)}
        )
        client.app.state.jobs.wait()
        job = client.get(f"{started.url.path}.json").json()
    assert job["state"] == "done", job
    assert (job["done"], job["total"]) == (letters, letters)
