"""Layout and tags, read back from the example pack: the paper's body paragraphs are tagged P (not
grid cells); the key facts' labels are the row headers of their Word tables; a letter's closing
never stands alone on a page; a long contact name keeps clear of the letter's references; the
Word exempt appendix's columns are wide enough that no word breaks.

The PDF key-facts labels are not tested as /TH: the installed Typst (0.15) marks a cell as a row
header only through `pdf.header-cell`, behind the `a11y-extras` feature that the typst package
cannot turn on; only cells in `table.header` (column headers) become /TH.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner
from conftest import RECORDS, needs
from docx.oxml.ns import qn
from pypdf.generic import ArrayObject, DictionaryObject

from docgen import pipeline
from docgen.cli import main

PAPER = Path("ilss-cabinet-2025-07-22")
CM = 567  # twips in a centimetre
LONG_NAME = "Alexandra Catherine Montgomery-Fitzwilliam-Worthington Smyth"  # 60 characters


def tags(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    """Every structure element's type and depth, in reading order."""
    found: list[tuple[str, int]] = []

    def walk(node: object, depth: int) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child, depth)
        elif isinstance(node, DictionaryObject) and "/S" in node:
            found.append((str(node["/S"]), depth))
            if "/K" in node:
                walk(node["/K"], depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], 0)
    return found


# ---- the paper's tags ----


@pytest.mark.parametrize("name", ["cabinet-paper.pdf", "decision-notice.pdf"])
def test_body_paragraphs_are_tagged_p(example_build: Path, name: str) -> None:
    found = tags(pypdf.PdfReader(example_build / PAPER / name))
    kinds = [kind for kind, _ in found]
    assert "/Div" not in kinds  # a grid's cells were Div > Span: no paragraph for a reader
    body = [kind for kind, depth in found if depth == 1]
    assert body.count("/P") >= 15, body


def test_numbered_paragraph_reads_as_one_paragraph(example_build: Path) -> None:
    """The number and its text are one P, in that order, on the same line."""
    text = pypdf.PdfReader(example_build / PAPER / "cabinet-paper.pdf").pages[1].extract_text()
    assert re.search(r"^3\.1 +\S", text, re.MULTILINE), text[:400]


# ---- key facts: labels as row headers (Word) ----


@pytest.mark.parametrize("name", ["cabinet-paper.docx", "decision-notice.docx"])
def test_key_facts_labels_are_the_first_column_headers_in_word(
    example_build: Path, name: str
) -> None:
    document = docx.Document(str(example_build / PAPER / name))
    facts = document.tables[0]
    look = facts._tbl.tblPr.find(qn("w:tblLook"))
    assert look.get(qn("w:firstColumn")) == "1" and look.get(qn("w:firstRow")) == "0"
    labels = [row.cells[0].paragraphs[0] for row in facts.rows]
    assert len(labels) >= 5 and {p.style.name for p in labels} == {"Table Label"}
    assert all(p.runs and p.style.font.bold for p in labels)


# ---- letters ----


@pytest.fixture(scope="module")
def letters_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("letters")
    pipeline.build_letters([RECORDS], out)
    return out


def test_the_closing_is_never_alone_on_a_page(letters_out: Path) -> None:
    """On the page with "Yours sincerely" stands the letter's last paragraph too."""
    checked = 0
    for path in sorted(letters_out.glob("*/letters/*/*.pdf")):
        reader = pypdf.PdfReader(path)
        data = json.loads(reader.attachments["docgen-data.json"][0])
        pages = [" ".join(page.extract_text().split()) for page in reader.pages]
        for part in data.get("parts", [data]):  # a bilingual letter: each language's close
            close = part["labels"]["yours_sincerely"]
            last = " ".join(part["closing"][-1].split())[:50]
            signed = [text for text in pages if close in text and last in text]
            assert signed, f"{path.name} ({part['meta']['lang']}): the signature stands alone"
        checked += len(reader.pages) == 3 and "parts" not in data
    assert checked >= 20  # letters that run to a third page: the case that went wrong


def test_word_letter_keeps_the_closing_with_the_signature(letters_out: Path) -> None:
    path = next(letters_out.glob("ilss-2025/letters/lot-1/*.docx"))
    paragraphs = docx.Document(str(path)).paragraphs
    signed = next(i for i, p in enumerate(paragraphs) if p.text == "Yours sincerely")
    closing = [p for p in paragraphs[:signed] if p.style.name == "Closing"]
    assert closing and paragraphs[signed - 1].style.name == "Closing"
    for p in [*closing, paragraphs[signed]]:
        assert p.style.paragraph_format.keep_with_next, p.text


def words(pdf: Path) -> list[tuple[str, float, float, float]]:
    """Each word on page 1: its left and right edge and its top (poppler's pdftotext -bbox)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    return [(w, float(x0), float(x1), float(y)) for x0, y, x1, w in re.findall(pattern, html)]


@needs("pdftotext", "poppler-utils")
def test_a_long_contact_name_keeps_clear_of_the_references(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    award = records / "ilss-2025" / "award.yaml"
    text = award.read_text(encoding="utf-8")
    assert text.count("name: James Ahmed") == 1
    award.write_text(text.replace("name: James Ahmed", f"name: {LONG_NAME}"), encoding="utf-8")
    out = tmp_path / "out"
    args = ["letters", str(records), "--out", str(out), "--format", "pdf", "--quiet"]
    result = CliRunner().invoke(main, [*args, "--bidder", "Albany Homecare", "--lot", "1"])
    assert result.exit_code == 0, result.output
    found = words(next(out.glob("ilss-2025/letters/lot-1/*.pdf")))
    references = min(x0 for w, x0, _, _ in found if w == "Our")
    top = min(y for w, _, _, y in found if w == "CONFIDENTIAL")  # the address block starts here
    salutation = min(y for w, _, _, y in found if w == "Dear")  # and ends above this
    name = [(w, x1) for w, _, x1, y in found if top < y < salutation and w in LONG_NAME]
    assert len(name) >= len(LONG_NAME.split()), found[:40]
    assert all(x1 < references for _, x1 in name), (references, name)


# ---- the Word exempt appendix ----


def test_word_scores_columns_are_wide_enough_for_their_words(example_build: Path) -> None:
    """Rank, Bidder and Outcome keep their words whole: their grid widths after docxtpl has
    added a column per value (seven in the example: five criteria, the total and the price)."""
    path = example_build / PAPER / "exempt" / "appendix-b-scores.docx"
    tables = docx.Document(str(path)).tables
    scores = [t for t in tables if t.rows[0].cells[0].text == "Rank"]
    assert scores
    for table in scores:
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        rank, bidder, outcome = grid[:3]
        assert rank >= 1.3 * CM and outcome >= 1.9 * CM and bidder >= 3 * CM, grid
