"""docgen's own agenda packs, original and revised, compared: exactly the real changes.

The expectation is written by hand from records/ilss-2025-revised/decision.yaml, which is
records/ilss-2025/decision.yaml with five paragraphs changed (its `revisions` declare them:
1.1, 4.1, 5.4, 6.2 and 7.2), a revision note, and the status label "FINAL revised". The
decision notice restates paragraph 4.1 (the option of doing nothing), so it changes with it.
Each pack is 15 pages: the front sheet (1), the paper (2–5), Appendix A (6–11), Appendix B's
notice (12) and the decision notice (13–15), each with its own footer and the pack's page
number; the front sheet is the same in both but for its header and footer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RECORDS

from docgen import pipeline
from docgen.compare.diff import Comparison, compare_pdfs, format_text
from docgen.exchange.pack import PACK, build_packs

ORIGINAL = "ilss-cabinet-2025-07-22"
REVISED = "ilss-cabinet-2025-07-22-rev1"

EXPECTED = [  # kind, page, paragraph, text in the original, text in the revised
    ("furniture", 1, None, "FINAL", "FINAL revised"),  # the header, every page
    ("furniture", 1, None, "FINAL", "FINAL revised"),  # each paper's footer, every page
    ("added", None, None, "", "Revision 1, 18 July 2025: Paragraphs 1.1, 4.1, 5.4 and 7.2"),
    ("changed", 2, "1.1", "end", "ended"),
    ("changed", 3, "4.1", "would expire", "expired"),
    ("changed", 3, "4.1", "with", ", leaving"),
    ("changed", 4, "5.4", "are due to end", "ended"),
    ("changed", 4, "5.4", "12 July 2025.", "before the date of this decision, so the extension"),
    ("changed", 4, "6.2", "5.4", "5.4, estimated at £7.5m,"),
    ("changed", 4, "7.2", "is permitted under the terms", "takes effect from 12 July 2025"),
    ("changed", 14, None, "would expire", "expired"),  # the decision notice
    ("changed", 14, None, "with", ", leaving"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("packs")
    records = pipeline.validate([RECORDS])
    build_packs(records, out)  # composed from the records: no document needs building first
    return out


@pytest.fixture(scope="module")
def packs(built: Path) -> Comparison:
    return compare_pdfs(built / ORIGINAL / PACK, built / REVISED / PACK)


def test_the_packs_differ_in_exactly_the_real_changes(packs: Comparison) -> None:
    assert (packs.original_pages, packs.revised_pages) == (15, 15)
    report = format_text(packs)
    assert len(packs.changes) == len(EXPECTED), report
    for change, (kind, page, paragraph, before, after) in zip(packs.changes, EXPECTED, strict=True):
        side = change.revised if kind == "added" else change.original
        assert change.kind == kind, report
        if kind != "added":
            assert (side.page, side.paragraph) == (page, paragraph), report
            assert before in change.original.text, (before, change.original.text)
        assert after in change.revised.text, (after, change.revised.text)


def test_headers_and_footers_are_one_change_each_listing_every_page(packs: Comparison) -> None:
    header, footer = packs.changes[:2]
    assert (header.position, footer.position) == ("header", "footer")
    assert list(header.original.pages) == list(range(1, 16)) == list(footer.original.pages)
    lines = format_text(packs).splitlines()
    assert 'header: "FINAL" → "FINAL revised", pages 1–15' in lines
    assert 'footer: "FINAL" → "FINAL revised", pages 1–15' in lines


def test_no_appendix_row_is_placed_in_a_paper_paragraph(packs: Comparison) -> None:
    """Appendix A and the decision notice come after the paper's last numbered paragraph (11.1):
    nothing there is in ¶11.1, and the decision notice's changes are placed by its heading."""
    notice = [c for c in packs.changes if c.original.page and c.original.page >= 13]
    assert notice and all(c.original.paragraph is None for c in notice)
    assert all("Alternative options" in (c.original.place or "") for c in notice)
    assert "¶11.1" not in format_text(packs)


def test_a_pack_against_itself_is_identical(built: Path) -> None:
    same = compare_pdfs(built / ORIGINAL / PACK, built / ORIGINAL / PACK)
    assert same.identical_text and same.changes == ()
