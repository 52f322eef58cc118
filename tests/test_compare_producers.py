"""`docgen compare` on pairs made as a clerk makes them: Word edited, exported by LibreOffice.

Each folder in tests/fixtures/pdf-pairs named in PAIRS holds original.pdf, revised.pdf and an
expected.json written by hand from the edit (what the edit was is in its "note";
tools/pdf_pairs.py remakes the PDFs). The comparison is run as a person runs it,
`docgen compare ORIGINAL REVISED --json`, once per pair, and must give exactly the expected result:

- "count": the exact number of changes;
- "changed" / "added" / "removed" / "moved": each phrase in exactly one change of that kind, and
  each change of that kind holding exactly one of the phrases (nothing invented, nothing twice);
- "renumbered": one change per run of renumbered paragraphs, with its ranges and shift;
- "furniture": one change per header or footer difference, with its position and pages;
- "places": the page, paragraph and place (the headings above it: "place" names what must be
  in it, "not_place" what must not, such as the section before a new heading) of a change;
- "figures": the pairs of figures a change calls out;
- "identical_text", and the exit status (0 when identical, else 1: furniture counts).

The JSON contract is the one issue 14 asks for (docgen/compare/diff.py documents it).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pypdf
import pytest
from click.testing import CliRunner

from docgen.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf-pairs"
PAIRS = (
    "libreoffice-43-pages",
    "header-final-revised",
    "final-revised-with-edit",
    "footer-date",
    "exempt-footer-removed",
    "footer-wraps-reflow",
    "section-inserted",
    "paragraph-moved",
    "paragraph-moved-near-twin",
    "paragraph-renumbered-only",
    "table-row-added",
    "table-row-moved",
    "table-repeated-header",
    "appendix-docgen-vs-libreoffice",
    "appendix-page-added",
    "one-figure",
    "paper-appendix-row-added",
    "paper-appendix-page-added",
)
PHRASE_KINDS = ("changed", "added", "removed", "moved")
ALL_KINDS = {*PHRASE_KINDS, "renumbered", "furniture"}
DASHES = str.maketrans({"-": "–", "—": "–", "−": "–"})

Change = dict[str, Any]


@cache
def expected(pair: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / pair / "expected.json").read_text("utf-8"))
    return data


@cache
def compared(pair: str) -> tuple[int, dict[str, Any]]:
    """Exit status and JSON of `docgen compare original.pdf revised.pdf --json`."""
    folder = FIXTURES / pair
    result = CliRunner().invoke(
        main, ["compare", str(folder / "original.pdf"), str(folder / "revised.pdf"), "--json"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return result.exit_code, data


def changes(pair: str, kind: str | None = None) -> list[Change]:
    found: list[Change] = compared(pair)[1]["changes"]
    return [c for c in found if kind is None or c["kind"] == kind]


def holds(phrase: str, text: str | None) -> bool:
    """``phrase`` is in ``text`` as whole words ("7.1" is not in "17.1" nor in "7.12")."""
    return text is not None and re.search(rf"(?<![\w.]){re.escape(phrase)}(?!\w)", text) is not None


def side_texts(change: Change, kind: str) -> list[str]:
    """The text an expected phrase of ``kind`` is looked for in."""
    if kind == "removed":
        return [change["original"]["text"]]
    if kind == "moved":
        return [change["original"]["text"], change["revised"]["text"]]
    return [change["revised"]["text"]]


def find(pair: str, kind: str, phrase: str) -> Change:
    hits = [c for c in changes(pair, kind) if any(holds(phrase, t) for t in side_texts(c, kind))]
    assert len(hits) == 1, (phrase, kind, changes(pair))
    return hits[0]


def shown(pair: str) -> str:
    """The changes, for an assertion message."""
    return json.dumps(changes(pair), ensure_ascii=False, indent=1)


# ---- the fixtures themselves -----------------------------------------------------------------


def test_every_pair_is_there_with_a_hand_written_expectation() -> None:
    for pair in PAIRS:
        folder = FIXTURES / pair
        assert {p.name for p in folder.iterdir()} == {
            "original.pdf",
            "revised.pdf",
            "expected.json",
        }
        want = expected(pair)
        assert set(want) >= {*ALL_KINDS, "identical_text", "count", "note"}, pair
        listed = sum(len(want[k]) for k in ALL_KINDS)
        assert want["count"] == listed, f"{pair}: count {want['count']} but {listed} listed"
        assert want["identical_text"] is (want["count"] == 0), pair
        assert len(want["note"]) > 60, pair


DOCGEN_ORIGINALS = {"appendix-docgen-vs-libreoffice"}  # docgen's own PDF against LibreOffice's


def test_the_pairs_come_from_libreoffice_and_stay_small() -> None:
    total = 0
    for pair in PAIRS:
        for name in ("original.pdf", "revised.pdf"):
            path = FIXTURES / pair / name
            total += path.stat().st_size
            info = pypdf.PdfReader(path).metadata
            assert info is not None, path
            if pair in DOCGEN_ORIGINALS and name == "original.pdf":
                assert str(info.get("/Creator", "")).startswith("Typst"), path
            else:
                assert str(info.get("/Producer", "")).startswith("LibreOffice"), path
    assert total < 3_000_000, total


def test_the_long_pair_is_43_pages() -> None:
    for name in ("original.pdf", "revised.pdf"):
        assert len(pypdf.PdfReader(FIXTURES / "libreoffice-43-pages" / name).pages) == 43


# ---- what the comparison finds -------------------------------------------------------------


@pytest.mark.parametrize("pair", PAIRS)
def test_exit_status_and_identical_text(pair: str) -> None:
    status, data = compared(pair)
    want = expected(pair)
    assert data["identical_text"] is want["identical_text"], shown(pair)
    assert status == (0 if want["identical_text"] else 1), shown(pair)


@pytest.mark.parametrize("pair", PAIRS)
def test_exactly_the_expected_number_of_changes(pair: str) -> None:
    assert len(changes(pair)) == expected(pair)["count"], shown(pair)
    for kind in ALL_KINDS:
        assert len(changes(pair, kind)) == len(expected(pair)[kind]), (kind, shown(pair))


@pytest.mark.parametrize("pair", PAIRS)
def test_each_phrase_is_in_one_change_of_its_kind(pair: str) -> None:
    for kind in PHRASE_KINDS:
        phrases: list[str] = expected(pair)[kind]
        found = changes(pair, kind)
        for phrase in phrases:
            find(pair, kind, phrase)
        for change in found:
            held = [p for p in phrases if any(holds(p, t) for t in side_texts(change, kind))]
            assert len(held) == 1, (kind, change, phrases)


def _range(text: str | None) -> tuple[str, str]:
    """ "2.1–11.3" (or with a hyphen) as its two ends."""
    assert text, text
    first, _, last = text.translate(DASHES).partition("–")
    return first.strip(), (last or first).strip()


@pytest.mark.parametrize("pair", PAIRS)
def test_renumbering_is_one_line_per_run(pair: str) -> None:
    found = changes(pair, "renumbered")
    for want in expected(pair)["renumbered"]:
        hits = [
            c
            for c in found
            if _range(c["original"]["paragraph"]) == _range(want["original"])
            and _range(c["revised"]["paragraph"]) == _range(want["revised"])
        ]
        assert len(hits) == 1, (want, shown(pair))
        assert hits[0]["shift"].replace("−", "-") == want["shift"], hits[0]


@pytest.mark.parametrize("pair", PAIRS)
def test_header_and_footer_changes_name_their_position_and_pages(pair: str) -> None:
    found = changes(pair, "furniture")
    for want in expected(pair)["furniture"]:
        hits = [c for c in found if c["position"] == want["position"] and _shows(c, want)]
        assert len(hits) == 1, (want, shown(pair))
        change = hits[0]
        for side in ("original", "revised"):
            if want[side] is not None:
                assert change[side].get("pages") == want["pages"], (side, change)
    for change in changes(pair):
        assert change.get("position") is None or change["kind"] == "furniture", change


def _shows(change: Change, want: dict[str, Any]) -> bool:
    """The furniture change has the expected text on each side: the original's phrase in its
    original, the revised's in its revised, and neither where it is not (a null side's phrase
    is gone from that side)."""
    original, revised = change["original"]["text"], change["revised"]["text"]
    before, after = want["original"], want["revised"]
    if before is not None and not holds(before, original):
        return False
    if after is not None and not holds(after, revised):
        return False
    if before is not None and not holds(before, after or "") and holds(before, revised):
        return False
    return not (after is not None and not holds(after, before or "") and holds(after, original))


@pytest.mark.parametrize("pair", [p for p in PAIRS if expected(p).get("places")])
def test_changes_are_placed_by_page_and_paragraph(pair: str) -> None:
    for place in expected(pair)["places"]:
        change = find(pair, place["kind"], place["phrase"])
        for side in ("original", "revised"):
            for key, value in place.get(side, {}).items():
                where = change[side].get("place") or ""
                if key == "place":  # the headings (and table row) the change sits under
                    assert all(part in where for part in value), (side, value, change)
                elif key == "not_place":  # a place carried past a heading
                    assert not any(part in where for part in value), (side, value, change)
                else:
                    assert change[side][key] == value, (side, key, change)
                if key == "page":
                    assert change[side].get("pages") == [value], (side, change)


@pytest.mark.parametrize("pair", [p for p in PAIRS if expected(p).get("figures")])
def test_changed_figures_are_called_out(pair: str) -> None:
    (change,) = changes(pair, "changed")
    assert change["figures"] == expected(pair)["figures"], change


APPENDIX_EDITS = (
    "table-row-added",
    "table-row-moved",
    "appendix-page-added",
    "paper-appendix-row-added",
    "paper-appendix-page-added",
)


@pytest.mark.parametrize("pair", APPENDIX_EDITS)
def test_appendix_rows_and_pages_are_not_placed_in_a_numbered_paragraph(pair: str) -> None:
    # Appendix A has no numbered paragraphs: a paragraph number on its change is one carried
    # over from the paper before it (11.1) or from nowhere.
    for change in changes(pair):
        for side in ("original", "revised"):
            paragraph = change[side]["paragraph"]
            assert paragraph is None or not re.fullmatch(r"\d+\.\d+", paragraph), change


# ---- the report a person reads -------------------------------------------------------------


def report(pair: str) -> tuple[int, str]:
    folder = FIXTURES / pair
    result = CliRunner().invoke(
        main, ["compare", str(folder / "original.pdf"), str(folder / "revised.pdf")]
    )
    return result.exit_code, result.stdout


def test_the_report_gives_the_header_change_once_with_its_pages() -> None:
    status, text = report("header-final-revised")
    lines = [line for line in text.splitlines() if "FINAL revised" in line]
    assert status == 1 and len(lines) == 1, text
    assert lines[0].lstrip().startswith("header") and "pages 1–4" in lines[0], text


def test_the_report_gives_one_renumbering_line() -> None:
    status, text = report("section-inserted")
    lines = [line for line in text.splitlines() if "renumbered" in line]
    assert status == 1 and len(lines) == 1, text
    assert "6.1–11.1" in lines[0] and "7.1–12.1" in lines[0] and "+1" in lines[0], text
