"""docgen's own agenda packs, original and revised, compared: exactly the real changes.

The expectation is written by hand from records/ilss-2025-revised/decision.yaml, which is
records/ilss-2025/decision.yaml with five paragraphs changed (its `revisions` declare them:
1.1, 4.1, 5.4, 6.2 and 7.2), a revision note, and the status label "FINAL revised". The
decision notice restates paragraph 4.1 (the option of doing nothing), so it changes with it.
Each pack is 14 pages: the paper (1–4), Appendix A (5–10), Appendix B's notice (11) and the
decision notice (12–14), each with its own footer.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RECORDS

from docgen import pipeline
from docgen.build import engine as build
from docgen.build.papers import paper_jobs
from docgen.compare.diff import Comparison, compare_pdfs, format_text
from docgen.exchange.pack import PACK, build_packs

ORIGINAL = "ilss-cabinet-2025-07-22"
REVISED = "ilss-cabinet-2025-07-22-rev1"

EXPECTED = [  # kind, page, paragraph, text in the original, text in the revised
    ("furniture", 1, None, "FINAL", "FINAL revised"),  # the header, every page
    ("furniture", 1, None, "FINAL", "FINAL revised"),  # each paper's footer, every page
    ("added", None, None, "", "Revision 1, 18 July 2025: Paragraphs 1.1, 4.1, 5.4 and 7.2"),
    ("changed", 1, "1.1", "end", "ended"),
    ("changed", 2, "4.1", "would expire", "expired"),
    ("changed", 2, "4.1", "with", ", leaving"),
    ("changed", 3, "5.4", "are due to end", "ended"),
    ("changed", 3, "5.4", "12 July 2025.", "before the date of this decision, so the extension"),
    ("changed", 3, "6.2", "5.4", "5.4, estimated at £7.5m,"),
    ("changed", 3, "7.2", "is permitted under the terms", "takes effect from 12 July 2025"),
    ("changed", 13, None, "would expire", "expired"),  # the decision notice
    ("changed", 13, None, "with", ", leaving"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("packs")
    records = pipeline.validate([RECORDS])
    build.run(paper_jobs(records), out, workers=1)  # one process, as tests/test_pack.py
    build_packs(records, out)
    return out


@pytest.fixture(scope="module")
def packs(built: Path) -> Comparison:
    return compare_pdfs(built / ORIGINAL / PACK, built / REVISED / PACK)


def test_the_packs_differ_in_exactly_the_real_changes(packs: Comparison) -> None:
    assert (packs.original_pages, packs.revised_pages) == (14, 14)
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
    assert list(header.original.pages) == list(range(1, 15)) == list(footer.original.pages)
    lines = format_text(packs).splitlines()
    assert 'header: "FINAL" → "FINAL revised", pages 1–14' in lines
    assert 'footer: "FINAL" → "FINAL revised", pages 1–14' in lines


def test_no_appendix_row_is_placed_in_a_paper_paragraph(packs: Comparison) -> None:
    """Appendix A and the decision notice come after the paper's last numbered paragraph (11.1):
    nothing there is in ¶11.1, and the decision notice's changes are placed by its heading."""
    notice = [c for c in packs.changes if c.original.page and c.original.page >= 12]
    assert notice and all(c.original.paragraph is None for c in notice)
    assert all("Alternative options" in (c.original.place or "") for c in notice)
    assert "¶11.1" not in format_text(packs)


def test_a_pack_against_itself_is_identical(built: Path) -> None:
    same = compare_pdfs(built / ORIGINAL / PACK, built / ORIGINAL / PACK)
    assert same.identical_text and same.changes == ()
