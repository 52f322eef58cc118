"""The print file (all-letters.pdf) is safe to print double-sided: every letter starts on a
right-hand (odd) page, with a page marked as intentionally blank where one is needed, unless the
council prints single-sided. Read back with pypdf: the outline, the page count, the page text."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pypdf
import pytest
from conftest import RECORDS

from docgen import pipeline
from docgen.letters import printing

ILSS = Path("ilss-2025") / "letters"
BLANK = "This page is intentionally left blank"


@pytest.fixture(scope="module")
def double_sided(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("double")
    pipeline.build_letters([RECORDS], out, print_file=True)
    return out


@pytest.fixture(scope="module")
def single_sided(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records = tmp_path_factory.mktemp("records") / "records"
    shutil.copytree(RECORDS, records)
    for council in (records / "councils").glob("*.yaml"):
        text = council.read_text(encoding="utf-8")
        council.write_text(text + "printing: single_sided\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("single")
    pipeline.build_letters([records], out, print_file=True)
    return out


def bookmarked_pages(reader: pypdf.PdfReader) -> list[int]:
    """The 0-based page each Lot bookmark (a letter's first page) points to, in outline order."""
    lots = [item for entry in reader.outline if isinstance(entry, list) for item in entry]
    return [reader.get_destination_page_number(item) for item in lots]


def letter_pages(out: Path) -> list[int]:
    """Each letter's page count, in print order (the order of the manifest)."""
    rows = json.loads((out / ILSS / "manifest.json").read_text(encoding="utf-8"))["letters"]
    return [len(pypdf.PdfReader(out / ILSS / row["pdf"]).pages) for row in rows]


def is_blank(page: pypdf.PageObject) -> bool:
    return " ".join(page.extract_text().split()) == BLANK


def test_every_letter_starts_on_an_odd_page(double_sided: Path) -> None:
    reader = pypdf.PdfReader(double_sided / ILSS / "all-letters.pdf")
    starts = bookmarked_pages(reader)
    counts = letter_pages(double_sided)
    assert len(starts) == len(counts) == 79  # the ILSS letters
    assert all(start % 2 == 0 for start in starts)  # page index 0, 2, 4…: pages 1, 3, 5…
    odd = sum(1 for n in counts[:-1] if n % 2 == 1)
    assert odd > 0, "the example must have letters of an odd page count to test anything"
    assert len(reader.pages) == sum(counts) + odd


def test_a_blank_page_says_so_and_comes_only_after_an_odd_letter(double_sided: Path) -> None:
    reader = pypdf.PdfReader(double_sided / ILSS / "all-letters.pdf")
    starts = bookmarked_pages(reader)
    counts = letter_pages(double_sided)
    blanks = [i for i, page in enumerate(reader.pages) if is_blank(page)]
    expected = [start + n for start, n in zip(starts, counts, strict=True) if n % 2 == 1]
    assert blanks == [i for i in expected if i < len(reader.pages)]
    first = reader.pages[blanks[0]]
    assert first.mediabox == reader.pages[0].mediabox  # the letters' own page size
    assert "/StructParents" not in first


def test_single_sided_has_no_blank_pages(single_sided: Path) -> None:
    reader = pypdf.PdfReader(single_sided / ILSS / "all-letters.pdf")
    counts = letter_pages(single_sided)
    assert len(reader.pages) == sum(counts)
    assert not any(is_blank(page) for page in reader.pages)
    starts = bookmarked_pages(reader)
    assert starts == [sum(counts[:i]) for i in range(len(counts))]


def test_the_blank_page_is_the_size_asked_and_titled() -> None:
    data = printing.blank_page(612.0, 792.0)  # US Letter: the size follows the letters
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == (
        612.0,
        792.0,
    )
    assert is_blank(reader.pages[0])
    assert reader.metadata is not None and reader.metadata.title == BLANK
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_printing_double_or_single_sided_changes_the_inputs() -> None:
    assert printing.inputs_key([], "t", True) != printing.inputs_key([], "t", False)
