"""docgen.compare and docgen.compare_html: comparing the text of two PDFs.

Fixture pairs made by other producers live in tests/fixtures/pdf-pairs (see its README); the
rest are built here with Typst: multi-page papers with a running header and "Page X of Y".
"""

from __future__ import annotations

import io
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
import typst
from hypothesis import given
from hypothesis import strategies as st

from docgen.compare.diff import (
    Change,
    Comparison,
    Side,
    compare_pdfs,
    diff_segments,
    extract_pages,
    find_furniture,
    format_text,
    normalise,
    page_lines,
)
from docgen.compare.html import write_html
from docgen.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf-pairs"
PAIRS = [  # the first pairs; tests/test_compare_producers.py reads the rest, with their kinds
    FIXTURES / name
    for name in ("libreoffice-date-deleted-cell", "libreoffice-reflow-only", "reportlab-title-only")
]
KINDS = ("changed", "added", "removed", "moved", "renumbered", "furniture")

# ---- building test PDFs with Typst ---------------------------------------------------------

TOPICS = (
    "library opening hours",
    "the swimming pool roof",
    "parking charges",
    "street lighting",
    "park maintenance",
    "waste collection",
    "youth services",
    "housing repairs",
    "bus subsidies",
    "flood defences",
    "town centre events",
    "sports pitches",
    "community grants",
    "planning enforcement",
)
TABLE = [
    ["Bidder", "Quality", "Price", "Total"],
    ["Bidder A", "58.2", "27.0", "85.2"],
    ["Bidder B", "51.0", "7.0", "58.0"],
]


def paragraph(n: int) -> str:
    topic = TOPICS[n % len(TOPICS)]
    return (
        f"2.{n} The Council proposes to review {topic} during 2026 as part of the medium-term "
        f"financial strategy, and officers will consult residents, partners and the relevant "
        f"scrutiny committee before any recommendation on {topic} is made to Cabinet. The "
        f"estimated cost of the work on {topic} is £{n}.5m, to be met from existing budgets."
    )


def paragraphs(count: int = 14) -> list[str]:
    return [
        "Leisure and Community Services: Review",
        "1. Summary",
        "1.1 This report seeks approval for a programme of service reviews.",
        "1.2 The standstill period will end at midnight on 7 January 2026, after which the "
        "contract may be signed.",
        "2. The reviews",
        *(paragraph(n) for n in range(1, count + 1)),
    ]


def _escape(text: str) -> str:
    text = re.sub(r"([\\$#*_@<>\[\]`~=+/-])", r"\\\1", text)
    return re.sub(r"^(\d+)\. ", r"\1\\. ", text)  # "1. Summary" is a heading, not a Typst list


def paper(
    paras: list[str],
    *,
    table: list[list[str]] | None = None,
    title: str = "Service reviews",
    size: str = "11pt",
    margin: str = "2cm",
    width: str = "16cm",
) -> bytes:
    head = (
        f'#set document(title: "{title}", author: "Borough Council")\n'
        f"#set page(width: {width}, height: 18cm, margin: {margin}, "
        "header: [Borough Council — Cabinet, 12 March 2026], "
        "footer: context [Page #counter(page).display() of #counter(page).final().first()])\n"
        f"#set text(size: {size})\n#set par(justify: true)\n"
    )
    body = [_escape(p) for p in paras]
    if table:
        cells = ", ".join(f"[{_escape(c)}]" for row in table for c in row)
        body.append(f"#table(columns: {len(table[0])}, {cells})")
    pdf: bytes = typst.compile((head + "\n\n".join(body)).encode(), format="pdf")
    return pdf


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def compare(tmp_path: Path, original: bytes, revised: bytes) -> Comparison:
    return compare_pdfs(write(tmp_path, "a.pdf", original), write(tmp_path, "b.pdf", revised))


def kinds(c: Comparison) -> list[str]:
    return [ch.kind for ch in c.changes]


# ---- the fixture pairs from other producers ------------------------------------------------


def test_the_fixture_pairs_are_there() -> None:
    assert len(PAIRS) >= 3, f"no fixture pairs under {FIXTURES}"


def _matches(phrase: str, text: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(phrase)}(?!\w)", text) is not None


def assert_one_to_one(phrases: list[str], texts: list[str]) -> None:
    """Each expected phrase is in exactly one change, and each change holds exactly one phrase."""
    for phrase in phrases:
        assert sum(_matches(phrase, t) for t in texts) == 1, (phrase, texts)
    for text in texts:
        assert sum(_matches(p, text) for p in phrases) == 1, (text, phrases)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_fixture_pair_gives_exactly_the_expected_differences(pair: Path) -> None:
    expected = json.loads((pair / "expected.json").read_text(encoding="utf-8"))
    c = compare_pdfs(pair / "original.pdf", pair / "revised.pdf")
    found = {k: [ch for ch in c.changes if ch.kind == k] for k in KINDS}
    assert c.identical_text is expected["identical_text"]
    assert_one_to_one(expected["changed"], [ch.revised.text for ch in found["changed"]])
    assert_one_to_one(expected["added"], [ch.revised.text for ch in found["added"]])
    assert_one_to_one(expected["removed"], [ch.original.text for ch in found["removed"]])
    assert found["moved"] == []
    assert sorted(c.metadata_changed) == sorted(expected.get("metadata_changed", []))
    json.dumps(c.to_dict())  # serialisable as it stands


def test_date_and_table_cells_in_the_fixture_are_reported_with_place_and_figures() -> None:
    pair = FIXTURES / "libreoffice-date-deleted-cell"
    c = compare_pdfs(pair / "original.pdf", pair / "revised.pdf")
    date, removed, cell, total = c.changes
    assert (date.kind, date.original.page, date.original.paragraph) == ("changed", 1, "1.2")
    assert [(f.original, f.revised) for f in date.figures] == [
        ("7 January 2026", "14 January 2026")
    ]
    assert (removed.kind, removed.original.paragraph, removed.revised) == ("removed", "3.2", Side())
    assert (cell.original.text, cell.revised.text, cell.original.page) == ("6.0", "7.0", 2)
    assert (total.original.text, total.revised.text) == ("75.0", "76.0")


def test_same_text_from_two_producers_is_identical() -> None:
    # LibreOffice puts a table row on one line, reportlab each cell on its own; lines wrap
    # differently and the title is split in two: all layout, no text difference.
    libreoffice = FIXTURES / "libreoffice-reflow-only" / "original.pdf"
    reportlab = FIXTURES / "reportlab-title-only" / "original.pdf"
    c = compare_pdfs(libreoffice, reportlab)
    assert c.identical_text
    assert {"producer", "page_count"} <= set(c.metadata_changed)


def test_json_has_the_documented_structure() -> None:
    pair = FIXTURES / "libreoffice-date-deleted-cell"
    data = compare_pdfs(pair / "original.pdf", pair / "revised.pdf").to_dict()
    assert set(data) == {"identical_text", "changes", "metadata", "pages"}
    assert data["pages"] == {"original": 2, "revised": 2}
    assert set(data["metadata"]) == {"changed", "original", "revised"}
    assert data["metadata"]["original"]["title"] == "Leisure Management Contract - Award"
    first = data["changes"][0]
    assert set(first) == {"kind", "original", "revised", "figures", "position", "shift"}
    assert (first["position"], first["shift"]) == (None, None)
    assert set(first["original"]) == {
        "page", "pages", "paragraph", "place", "text", "before", "after"
    }  # fmt: skip
    assert (first["original"]["page"], first["original"]["pages"]) == (1, [1])
    assert first["figures"] == [{"original": "7 January 2026", "revised": "14 January 2026"}]
    removed = data["changes"][1]["revised"]
    assert (removed["page"], removed["paragraph"], removed["text"]) == (None, None, "")
    assert removed["pages"] == []


def test_terminal_report_has_one_line_per_change() -> None:
    pair = FIXTURES / "libreoffice-date-deleted-cell"
    report = format_text(compare_pdfs(pair / "original.pdf", pair / "revised.pdf"))
    assert 'changed p.1 ¶1.2: "…7 January 2026,…" → "…14 January 2026,…"' in report.splitlines()
    assert sum(line.startswith(("changed", "removed")) for line in report.splitlines()) == 4


# ---- generated pairs -----------------------------------------------------------------------


def test_moved_paragraph_is_one_moved_change(tmp_path: Path) -> None:
    base = paragraphs()
    moved = base[:7] + base[8:14] + [base[7]] + base[14:]
    c = compare(tmp_path, paper(base), paper(moved))
    assert kinds(c) == ["moved"]
    change = c.changes[0]
    assert change.original.paragraph == change.revised.paragraph == "2.3"
    assert change.original.text == change.revised.text == base[7]
    assert change.revised.page is not None and change.original.page is not None


def test_changed_table_cell_gives_the_cell_value(tmp_path: Path) -> None:
    revised = [row[:] for row in TABLE]
    revised[2][2] = "8.0"
    c = compare(tmp_path, paper(paragraphs(), table=TABLE), paper(paragraphs(), table=revised))
    assert kinds(c) == ["changed"]
    change = c.changes[0]
    assert (change.original.text, change.revised.text) == ("7.0", "8.0")
    assert [(f.original, f.revised) for f in change.figures] == [("7.0", "8.0")]


def test_deleted_paragraph_is_one_removed_change(tmp_path: Path) -> None:
    base = paragraphs()
    c = compare(tmp_path, paper(base), paper(base[:10] + base[11:]))
    assert kinds(c) == ["removed"]
    change = c.changes[0]
    assert change.original.text == base[10]
    assert change.original.paragraph == "2.6"
    assert (change.revised.page, change.revised.text) == (None, "")
    assert ("£6.5m", None) in [(f.original, f.revised) for f in change.figures]


def test_added_paragraph_is_one_added_change(tmp_path: Path) -> None:
    base = paragraphs()
    new = "2.15 A new review of allotment rents will report in May 2026."
    c = compare(tmp_path, paper(base), paper([*base, new]))
    assert kinds(c) == ["added"]
    assert (c.changes[0].revised.text, c.changes[0].revised.paragraph) == (new, "2.15")
    assert c.changes[0].original == Side()


def test_reflow_only_is_identical_text(tmp_path: Path) -> None:
    original = paper(paragraphs(), table=TABLE)
    revised = paper(paragraphs(), table=TABLE, size="13pt", margin="3cm", width="14cm")
    c = compare(tmp_path, original, revised)
    assert c.original_pages != c.revised_pages  # the layout really did change
    assert c.identical_text and c.changes == ()
    assert set(c.metadata_changed) == {"page_count"}


def test_metadata_only(tmp_path: Path) -> None:
    c = compare(tmp_path, paper(paragraphs()), paper(paragraphs(), title="Service reviews v2"))
    assert c.identical_text
    assert c.metadata_changed == {
        "title": {"original": "Service reviews", "revised": "Service reviews v2"}
    }
    assert "metadata title: 'Service reviews' → 'Service reviews v2'" in format_text(c)


def test_one_character_change_in_a_long_paragraph_shows_only_the_word(tmp_path: Path) -> None:
    base = paragraphs()
    revised = list(base)
    revised[9] = revised[9].replace("officers will consult", "officers will consul", 1)
    c = compare(tmp_path, paper(base), paper(revised))
    assert kinds(c) == ["changed"]
    change = c.changes[0]
    assert (change.original.text, change.revised.text) == ("consult", "consul")
    assert change.original.before.endswith("officers will")
    assert change.original.after.startswith("residents")
    assert change.original.paragraph == "2.5"


def test_changed_sum_of_money_is_called_out(tmp_path: Path) -> None:
    base = paragraphs()
    revised = [p.replace("£4.5m", "£4.75m") for p in base]
    c = compare(tmp_path, paper(base), paper(revised))
    assert [(f.original, f.revised) for f in c.changes[0].figures] == [("£4.5m", "£4.75m")]
    assert kinds(c) == ["changed"]


def test_identical_files(tmp_path: Path) -> None:
    data = paper(paragraphs(), table=TABLE)
    c = compare(tmp_path, data, data)
    assert c.identical_text and c.metadata_changed == {}
    assert format_text(c).splitlines()[1] == "The text is identical."


def test_running_headers_and_page_numbers_are_not_text(tmp_path: Path) -> None:
    pages = extract_pages(write(tmp_path, "a.pdf", paper(paragraphs())))
    assert len(pages) >= 3 and all("Page " in p for p in pages)
    text = " ".join(s.text for s in normalise(pages))
    assert "Borough Council" not in text and "Page " not in text
    assert "financial strategy" in text


# ---- normalising text ----------------------------------------------------------------------


def test_normalise_joins_hyphenated_words_ligatures_and_numbers_paragraphs() -> None:
    pages = [
        "4.2(a) An eﬃcient and impor-\ntant change to the\nwell-known 2025-\n26 budget.\n"
        "(b) The item\n5.0 is not a paragraph number.",
    ]
    segments = normalise(pages)
    assert [s.text for s in segments] == [
        "4.2(a) An efficient and important change to the well-known 2025-26 budget.",
        "(b) The item 5.0 is not a paragraph number.",
    ]
    assert [s.paragraph for s in segments] == ["4.2(a)", "4.2(b)"]


def test_line_breaks_and_spacing_alone_are_no_difference() -> None:
    a = normalise(["1.1 The cost—which is fixed—is\nlow and well-\nknown. Next sentence here."])
    b = normalise(["1.1 The cost —which is fixed— is low and\nwell-known. Next\nsentence here."])
    assert diff_segments(a, b) == []
    squashed = normalise(["1.1 Thecost—whichisfixed—islowandwell-known. Next sentence here."])
    assert diff_segments(a, squashed) == []  # pypdf sometimes loses the spaces of a line


VOCABULARY = [
    "the",
    "council",
    "well-known",
    "2025-26",
    "cost—which",
    "£3.5m",
    "1",
    "April",
    "2026",
    "(see",
    "paragraph",
    "4.2)",
    "efficient",
    "Cabinet.",
    "Officers",
    "will",
    "report.",
    "non-Domestic",
    "–",
    "12.5%",
    "5.0",
    "item",
    "3.1",
    "agreed;",
    "Page",
    "2",
    "self-assessment",
    "“final”",
    "decision,",
    "baseline.",
]


def layout(words: list[str], width: int, per_page: int) -> list[str]:
    """Set words in lines of about ``width`` characters, hyphenating at hyphens and dashes,
    then in pages of ``per_page`` lines with a running header and a page-number footer."""
    lines, line = [], ""
    for word in words:
        if line and len(line) + len(word) >= width:
            cut = max(word.find("-", 1), word.find("—", 1))
            if 0 < cut < len(word) - 1:
                line, word = f"{line} {word[: cut + 1]}", word[cut + 1 :]
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    return [
        "\n".join(
            [
                "OFFICIAL",
                "Borough Council — Cabinet",
                *body,
                f"Page {n} of {len(pages)}",
                "OFFICIAL",
            ]
        )
        for n, body in enumerate(pages, start=1)
    ]


@given(
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=250),
    st.tuples(st.integers(15, 90), st.integers(3, 30)),
    st.tuples(st.integers(15, 90), st.integers(3, 30)),
)
def test_any_relayout_of_the_same_words_is_no_difference(
    words: list[str], first: tuple[int, int], second: tuple[int, int]
) -> None:
    # Body lines that repeat word for word at the top of most pages would pass for a running
    # header, so number the words: no line of the body repeats.
    words = [x for i, word in enumerate(words) for x in (word, f"n{i}")]
    a, b = layout(words, *first), layout(words, *second)
    furniture = find_furniture(page_lines(a)) | find_furniture(page_lines(b))
    assert diff_segments(normalise(a, furniture), normalise(b, furniture)) == []


@given(
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=250),
    st.data(),
    st.tuples(st.integers(15, 90), st.integers(3, 30)),
    st.tuples(st.integers(15, 90), st.integers(3, 30)),
)
def test_one_changed_word_anywhere_is_one_change(
    words: list[str], data: st.DataObject, first: tuple[int, int], second: tuple[int, int]
) -> None:
    words = [x for i, word in enumerate(words) for x in (word, f"n{i}")]
    edited = list(words)
    edited[data.draw(st.integers(0, len(words) - 1))] = "£9.99m"
    a, b = layout(words, *first), layout(edited, *second)
    furniture = find_furniture(page_lines(a)) | find_furniture(page_lines(b))
    changes = diff_segments(normalise(a, furniture), normalise(b, furniture))
    assert [c.kind for c in changes] == ["changed"]
    assert "£9.99m" in changes[0].revised.text and len(changes[0].revised.text) < 40


# ---- bad input -----------------------------------------------------------------------------


def test_pdf_without_a_text_layer(tmp_path: Path) -> None:
    image_only = typst.compile(b"#rect(width: 5cm, height: 5cm, fill: black)", format="pdf")
    good = write(tmp_path, "good.pdf", paper(paragraphs()))
    with pytest.raises(InputError, match="no text layer"):
        compare_pdfs(good, write(tmp_path, "scan.pdf", image_only))


def test_pdf_with_only_a_page_number_has_no_text_layer(tmp_path: Path) -> None:
    scan = b"#set page(footer: context [Page #counter(page).display() of 2])\n#rect()#pagebreak()#rect()"
    good = write(tmp_path, "good.pdf", paper(paragraphs()))
    with pytest.raises(InputError, match="no text layer apart from headers"):
        compare_pdfs(write(tmp_path, "scan.pdf", typst.compile(scan, format="pdf")), good)


def test_random_bytes_are_not_a_pdf(tmp_path: Path) -> None:
    good = write(tmp_path, "good.pdf", paper(paragraphs()))
    with pytest.raises(InputError, match="not a PDF"):
        compare_pdfs(write(tmp_path, "noise.pdf", os.urandom(4096)), good)


def test_truncated_pdf_cannot_be_read(tmp_path: Path) -> None:
    data = paper(paragraphs())
    good = write(tmp_path, "good.pdf", data)
    with pytest.raises(InputError, match="cannot read the PDF"):
        compare_pdfs(good, write(tmp_path, "cut.pdf", data[: len(data) // 3]))


def test_missing_file(tmp_path: Path) -> None:
    good = write(tmp_path, "good.pdf", paper(paragraphs()))
    with pytest.raises(InputError, match="no such file"):
        compare_pdfs(good, tmp_path / "absent.pdf")


def test_encrypted_pdf_needs_its_password(tmp_path: Path) -> None:
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(paper(paragraphs()))))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    locked = write(tmp_path, "locked.pdf", buffer.getvalue())
    with pytest.raises(InputError, match="encrypted"):
        extract_pages(locked)
    assert "financial strategy" in " ".join(extract_pages(locked, password="secret"))


# ---- HTML ----------------------------------------------------------------------------------


class _Checker(HTMLParser):
    """Checks that elements nest properly and collects the text inside <del> and <ins>."""

    VOID = frozenset({"meta", "br", "col", "link", "img", "hr", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.marked: dict[str, list[str]] = {"del": [], "ins": [], "mark": []}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag in self.marked:
            self.marked[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for tag in self.marked:
            if tag in self.stack:
                self.marked[tag][-1] += data


def test_html_report_for_the_fixture_pair() -> None:
    pair = FIXTURES / "libreoffice-date-deleted-cell"
    c = compare_pdfs(pair / "original.pdf", pair / "revised.pdf")
    page = write_html(c, "original.pdf", "revised.pdf")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert checker.marked["ins"] == ["14 January 2026,", "7.0", "76.0"]
    assert checker.marked["del"][0] == "7 January 2026,"
    assert "excluded at the selection stage" in checker.marked["del"][1]
    assert checker.marked["del"][2:] == ["6.0", "75.0"]
    assert "4 differences in the text: 3 changed, 1 removed." in page
    assert "<style>" in page and "http" not in page.split("<body>")[1]  # no external assets


def test_html_escapes_text_from_the_pdfs() -> None:
    side = Side(1, "1.1", "<script>alert('x')</script>", "a & b", "<i>")
    c = Comparison((Change("changed", side, side),), {"title": "<b>"}, {"title": "t"}, 1, 1)
    page = write_html(c, "<a>.pdf", "b.pdf")
    assert "<script>" not in page and "<i>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&lt;a&gt;.pdf" in page and "a &amp; b" in page


def test_html_for_identical_text() -> None:
    c = Comparison((), {"title": "A"}, {"title": "B"}, 2, 2)
    page = write_html(c, "a.pdf", "b.pdf")
    assert "The text is identical" in page and "<del>" not in page
    assert '<tr class="diff"><th>title</th>' in page
