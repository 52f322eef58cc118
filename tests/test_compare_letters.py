"""docgen compare on award letters and score tables: rows across a page break, letters' bold
headings, rows that moved and changed, and a renumbering that a move implies (issue 14).

The pairs are docgen's own PDFs built from two variants of the example records: the revised
one gives Albany Homecare Ltd 28, not 24, for Lot 1's service delivery, which lifts its total
from 80.27 to 84.27 and so moves it from fifth of the six appointed tenderers to third. The
expected results are written by hand from the letters and appendices as printed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import RECORDS
from test_compare import compare, paper, paragraphs

from docgen.cli import main
from docgen.compare.changes import Change, format_change
from docgen.compare.diff import Comparison, Figure, compare_pdfs

LOT_1 = Path("ilss-2025/letters/lot-1")
PAPERS = Path("ilss-cabinet-2025-07-22")
ALBANY = "Albany Homecare Ltd"
SCORES = "Scores of the successful tenderers"
NEW_SCORE = (Figure("24", "28"), Figure("80.27", "84.27"))


def _records(root: Path, score: str) -> list[str]:
    for name in ("ilss-2025", "councils"):
        shutil.copytree(RECORDS / name, root / name)
    award = root / "ilss-2025" / "award.yaml"
    lines = award.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, x in enumerate(lines) if x.strip() == "- bidder: b03-albany-homecare-ltd")
    k = next(i for i in range(at, at + 10) if "service-delivery: 24.0" in lines[i])
    lines[k] = lines[k].replace("24.0", score)
    award.write_text("".join(lines), encoding="utf-8")
    return [str(root / "ilss-2025"), str(root / "councils")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Lot 1's letters and the appendices, from the records as they are and as revised."""
    out = {}
    runner = CliRunner()
    for side, score in (("a", "24.0"), ("b", "28.0")):
        root = tmp_path_factory.mktemp(f"records-{side}")
        paths = _records(root, score)
        target = tmp_path_factory.mktemp(f"out-{side}")
        for args in (
            ["letters", *paths, "--lot", "1", "--format", "pdf", "-q"],
            ["build", *paths, "--only", "appendix_scores,appendix_suppliers", "--format", "pdf"],
        ):
            result = runner.invoke(main, [*args, "--out", str(target)])
            assert result.exit_code == 0, result.output
        out[side] = target
    return out


def _compare(built: dict[str, Path], name: Path) -> Comparison:
    return compare_pdfs(built["a"] / name, built["b"] / name)


def _one_moved_row(c: Comparison) -> Change:
    assert [ch.kind for ch in c.changes] == ["moved"], [format_change(ch) for ch in c.changes]
    return c.changes[0]


def test_a_row_pushed_over_the_page_break_is_no_change(built: dict[str, Path]) -> None:
    """Docklands' letter: its scores table breaks after Docklands (fourth) in the original;
    in the revised Albany is third, so Docklands goes over to page 2. Only Albany changed: one
    moved row, p.2 → p.1, under the letter's bold heading, with its two changed cells."""
    c = _compare(built, LOT_1 / "b13-docklands-homecare-ltd.pdf")
    moved = _one_moved_row(c)
    assert (moved.original.page, moved.revised.page) == (2, 1)
    assert moved.original.text == f"{ALBANY} 24 8 8 6 34.27 80.27"
    assert moved.revised.text == f"{ALBANY} 28 8 8 6 34.27 84.27"
    assert moved.original.place is not None and moved.revised.place is not None
    assert moved.original.place.endswith(f"{SCORES} / {ALBANY}")
    assert moved.revised.place.endswith(f"{SCORES} / {ALBANY}")
    assert moved.figures == NEW_SCORE
    assert format_change(moved) == (
        f"moved p.2 ({SCORES} / {ALBANY}) → p.1 ({SCORES} / {ALBANY}): "
        f'"{ALBANY} 24 8 8 6 34.27 80.27" (changed: 24 → 28, 80.27 → 84.27)'
    )


def test_a_row_that_moved_up_a_table_on_one_page(built: dict[str, Path]) -> None:
    """Maple Living's letter (unsuccessful): the table fits on page 1 in both."""
    moved = _one_moved_row(_compare(built, LOT_1 / "b25-maple-living-ltd.pdf"))
    assert (moved.original.page, moved.revised.page) == (1, 1)
    assert moved.figures == NEW_SCORE
    assert moved.revised.place is not None and moved.revised.place.endswith(f"{SCORES} / {ALBANY}")


def test_albany_letter_names_its_own_scores_by_their_headings(built: dict[str, Path]) -> None:
    """Albany's own letter: its score for C1 and its total (the Total row of its own scores
    table, a row of its own under C5's), the row in the table of the successful tenderers, and
    the total quoted in the reasons."""
    c = _compare(built, LOT_1 / "b03-albany-homecare-ltd.pdf")
    shown = [format_change(ch) for ch in c.changes]
    assert shown[0] == 'changed p.1 (Award criteria and your scores / C1): "…24…" → "…28…"'
    assert shown[1] == 'changed p.1 (Award criteria and your scores / Total): "…80.27…" → "…84.27…"'
    assert shown[2].startswith(f"moved p.2 ({SCORES} / {ALBANY}) → p.1 ({SCORES} / {ALBANY})")
    assert shown[3] == 'changed p.2 (Reasons for the decision): "…80.27…" → "…84.27…"'
    assert len(shown) == 4


def test_appendix_b_row_moved_and_changed_is_one_change(built: dict[str, Path]) -> None:
    """Appendix B ranks the tenderers: Albany goes from 5 (80.27) to 3 (84.27). One moved row
    with its changed cells; Ashdown's and Docklands' new ranks follow from the move."""
    moved = _one_moved_row(_compare(built, PAPERS / "exempt" / "appendix-b-scores.pdf"))
    assert moved.original.text.startswith(f"5 {ALBANY} ")
    assert moved.revised.text.startswith(f"3 {ALBANY} ")
    assert moved.original.text.endswith(" 80.27 £26.37")
    assert moved.revised.text.endswith(" 84.27 £26.37")
    assert moved.figures == NEW_SCORE
    lot_1 = f"Appendix B: Evaluation scores for each Lot › Lot 1: Reablement / {ALBANY}"
    assert moved.original.place == moved.revised.place == lot_1


def test_appendix_a_row_that_moved_unchanged(built: dict[str, Path]) -> None:
    moved = _one_moved_row(_compare(built, PAPERS / "appendix-a-suppliers.pdf"))
    assert moved.original.text.startswith(f"5 {ALBANY} ")
    assert moved.revised.text == "3" + moved.original.text[1:]  # its rank, and nothing else
    assert moved.figures == ()


def test_two_paragraphs_swapped_is_a_move_and_no_renumbering(tmp_path: Path) -> None:
    """2.2 and 2.3 swap places and so their numbers: the move says it all."""
    base = paragraphs(5)
    body = [p.split(" ", 1)[1] for p in base[5:]]
    body[1], body[2] = body[2], body[1]
    swapped = base[:5] + [f"2.{n} {text}" for n, text in enumerate(body, 1)]
    c = compare(tmp_path, paper(base), paper(swapped))
    assert [ch.kind for ch in c.changes] == ["moved"], [format_change(ch) for ch in c.changes]
    moved = c.changes[0]
    assert {moved.original.paragraph, moved.revised.paragraph} == {"2.2", "2.3"}
    assert moved.original.paragraph != moved.revised.paragraph
