"""docgen compare, issue 14: headers and footers as their own channel, renumbering, moves,
headings and tables. The PDFs are made here with Typst; every expectation is written by hand
from the edit made (tests/test_compare_producers.py has the same cases made by LibreOffice)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typst
from click.testing import CliRunner

from docgen.cli import main
from docgen.compare.diff import Comparison, compare_pdfs, format_text
from docgen.compare.html import write_html

LONG_FOOTER = (
    "Borough Council · Cabinet, 12 March 2026 · Published under the Local Authorities "
    "(Executive Arrangements) (Meetings and Access to Information) (England) Regulations 2012. "
    "Appendix B is not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to "
    "the Local Government Act 1972. Democratic Services, Town Hall, High Street, Borough."
)


def body(section: int, count: int, first: int = 1) -> list[str]:
    """A numbered section: its heading and ``count`` paragraphs, each with its own words."""
    out = [f"{section}. Section on topic {section}"]
    for n in range(first, first + count):
        out.append(
            f"{section}.{n} Paragraph {n} of topic {section} explains how the work on topic "
            f"{section} item {n} is planned, who is consulted about item {n}, and what the "
            f"Council pays for it in 2026; the cost of item {n} is £{section}.{n}m."
        )
    return out


def esc(text: str) -> str:
    text = re.sub(r"([\\$#*_@<>\[\]`~=+/-])", r"\\\1", text)
    return re.sub(r"^(\d+)\. ", r"\1\\. ", text)


def pdf(
    paras: list[str],
    *,
    header: str = "Borough Council FINAL",
    footer: str = "Borough Council · Cabinet, 12 March 2026",
    size: str = "11pt",
    width: str = "16cm",
    extra: str = "",
) -> bytes:
    """A paper: a running header, a footer with "Page N of M" and the paragraphs; a paragraph
    starting "= " is a heading set large, one starting "#table" is Typst as it stands."""
    head = (
        f"#set page(width: {width}, height: 20cm, margin: (x: 2cm, top: 2.5cm, bottom: 3.5cm), "
        f"header: text(size: 8pt)[{esc(header)}], "
        f"footer: context text(size: 8pt)[{esc(footer)} #h(1fr) Page #counter(page).display() "
        "of #counter(page).final().first()])\n"
        f"#set text(size: {size})\n#show heading: set text(size: 16pt)\n{extra}\n"
    )
    parts = [
        p if p.startswith("#table") else f"= {esc(p[2:])}" if p.startswith("= ") else esc(p)
        for p in paras
    ]
    data: bytes = typst.compile((head + "\n\n".join(parts)).encode(), format="pdf")
    return data


def compare(tmp_path: Path, a: bytes, b: bytes) -> Comparison:
    (tmp_path / "a.pdf").write_bytes(a)
    (tmp_path / "b.pdf").write_bytes(b)
    return compare_pdfs(tmp_path / "a.pdf", tmp_path / "b.pdf")


def lines(c: Comparison) -> list[str]:
    return format_text(c).splitlines()[2:]


PAPER = body(1, 6) + body(2, 6) + body(3, 6) + body(4, 6)


# ---- headers and footers --------------------------------------------------------------------


def test_a_header_change_alone_is_one_furniture_change_with_its_pages(tmp_path: Path) -> None:
    c = compare(tmp_path, pdf(PAPER), pdf(PAPER, header="Borough Council FINAL revised"))
    pages = list(range(1, c.original_pages + 1))
    assert c.original_pages >= 3 and not c.identical_text
    [change] = c.changes
    assert (change.kind, change.position) == ("furniture", "header")
    assert (change.original.text, change.revised.text) == ("FINAL", "FINAL revised")
    assert list(change.original.pages) == pages == list(change.revised.pages)
    assert lines(c) == [f'header: "FINAL" → "FINAL revised", pages 1–{pages[-1]}']
    data = change.to_dict()
    assert (data["position"], data["original"]["pages"]) == ("header", pages)


def test_a_new_date_in_the_footer_is_one_change_with_the_whole_date(tmp_path: Path) -> None:
    c = compare(tmp_path, pdf(PAPER), pdf(PAPER, footer="Borough Council · Cabinet, 19 March 2026"))
    [change] = c.changes
    assert (change.position, change.original.text, change.revised.text) == (
        "footer",
        "12 March 2026",
        "19 March 2026",
    )


def test_a_footer_taken_off_every_page_is_one_removal(tmp_path: Path) -> None:
    original = pdf(PAPER, footer="NOT FOR PUBLICATION · Borough Council")
    c = compare(tmp_path, original, pdf(PAPER, footer="Borough Council"))
    assert lines(c) == [f'footer removed: "NOT FOR PUBLICATION", pages 1–{c.original_pages}']
    assert c.changes[0].revised.pages == ()


def test_reflow_with_a_footer_that_wraps_to_four_lines_is_identical(tmp_path: Path) -> None:
    original = pdf(PAPER, footer=LONG_FOOTER)
    revised = pdf(PAPER, footer=LONG_FOOTER, size="12pt", width="14cm")
    c = compare(tmp_path, original, revised)
    assert c.original_pages != c.revised_pages  # the layout really changed
    assert c.identical_text and c.changes == ()
    assert "Democratic Services" not in " ".join(json.dumps(ch.to_dict()) for ch in c.changes)


def test_each_paper_of_a_merged_pack_has_its_own_footer(tmp_path: Path) -> None:
    """Two papers merged into one file, each with its own footer (a run of pages): the header
    change in both is one change; each footer is furniture, not body text."""

    def pack(status: str) -> bytes:
        import io

        import pypdf

        writer = pypdf.PdfWriter()
        for name, paras in (("Cabinet report", PAPER), ("Appendix A", body(1, 9))):
            part = pdf(paras, header=f"Borough Council {status}", footer=f"{name} · {status}")
            writer.append(pypdf.PdfReader(io.BytesIO(part)))
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    c = compare(tmp_path, pack("FINAL"), pack("FINAL revised"))
    pages = f"1–{c.original_pages}"
    assert lines(c) == [
        f'header: "FINAL" → "FINAL revised", pages {pages}',
        f'footer: "FINAL" → "FINAL revised", pages {pages}',
    ]


# ---- renumbering, insertion, moves ----------------------------------------------------------


def test_inserting_a_section_gives_the_new_paragraphs_the_cross_reference_and_one_renumbering(
    tmp_path: Path,
) -> None:
    original = [*PAPER, "5. Conclusion", "5.1 See paragraph 3.2 for the cost of topic 3."]
    new = ["3. A new section", "3.1 A new paragraph put in by the revision, with new words."]
    shifted = [re.sub(r"^(\d+)\.", lambda m: f"{int(m[1]) + 1}.", p) for p in PAPER[14:]]
    revised = [*PAPER[:14], *new, *shifted, "6. Conclusion"]
    revised.append("6.1 See paragraph 4.2 for the cost of topic 3.")
    c = compare(tmp_path, pdf(original), pdf(revised))
    kinds = [ch.kind for ch in c.changes]
    assert sorted(kinds) == ["added", "added", "changed", "renumbered"], lines(c)
    renumbered = next(ch for ch in c.changes if ch.kind == "renumbered")
    assert (renumbered.original.paragraph, renumbered.revised.paragraph) == ("3.1–5.1", "4.1–6.1")
    assert renumbered.shift == "+1"
    assert "renumbered: paragraphs 3.1–5.1 → 4.1–6.1 (+1)" in lines(c)
    changed = next(ch for ch in c.changes if ch.kind == "changed")
    assert (changed.original.text, changed.revised.text) == ("3.2", "4.2")
    added = [ch.revised.text for ch in c.changes if ch.kind == "added"]
    assert added == [
        "3. A new section",
        "3.1 A new paragraph put in by the revision, with new words.",
    ]


def test_numbers_alone_changed_is_one_renumbered_line(tmp_path: Path) -> None:
    revised = [re.sub(r"^2\.", "5.", p) for p in PAPER]  # section 2 renumbered as 5, words kept
    c = compare(tmp_path, pdf(PAPER), pdf(revised))
    assert lines(c) == ["renumbered: paragraphs 2.1–2.6 → 5.1–5.6 (+3)"]


def test_a_paragraph_moved_earlier_is_one_move_not_added_and_moved(tmp_path: Path) -> None:
    moved = PAPER[12]  # "2.6 …" becomes the first paragraph of section 2, keeping its words
    revised = [*PAPER[:8], moved, *PAPER[8:12], *PAPER[13:]]
    c = compare(tmp_path, pdf(PAPER), pdf(revised))
    assert [ch.kind for ch in c.changes] == ["moved"]
    change = c.changes[0]
    assert change.original.text == change.revised.text == moved
    assert change.original.page is not None and change.revised.page is not None


def test_a_move_among_near_twins_is_one_move(tmp_path: Path) -> None:
    twins = [
        f"1.{n} The Council will review the service for topic {n} in 2026 and report to Cabinet."
        for n in range(1, 9)
    ]
    revised = twins[:2] + twins[3:6] + [twins[2]] + twins[6:]
    c = compare(tmp_path, pdf(["1. Reviews", *twins]), pdf(["1. Reviews", *revised]))
    assert [ch.kind for ch in c.changes] == ["moved"], lines(c)
    assert "topic 3" in c.changes[0].original.text


# ---- headings and tables --------------------------------------------------------------------

TABLE = [["No.", "Supplier", "Company number"]] + [
    [str(n), f"Supplier {name} Ltd", f"0{n}12345{n}"]
    for n, name in enumerate(["Alder", "Birch", "Cedar", "Damson", "Elm", "Fir"], 1)
]


def table(rows: list[list[str]], repeat: bool = True) -> str:
    cells = ", ".join(f"[{esc(c)}]" for row in rows[1:] for c in row)
    header = ", ".join(f"[{esc(c)}]" for c in rows[0])
    return (
        f"#table(columns: 3, table.header(repeat: {'true' if repeat else 'false'}, {header}), "
        f"{cells})"
    )


def appendix(rows: list[list[str]], repeat: bool = True) -> list[str]:
    return [
        *PAPER[:7],
        "= Appendix A: Suppliers appointed",
        "The suppliers below are appointed.",
        table(rows, repeat),
    ]


def test_rows_of_an_appendix_are_placed_in_its_table_not_in_a_paragraph(tmp_path: Path) -> None:
    rows = [r[:] for r in TABLE]
    rows[3][2] = "099999"
    c = compare(tmp_path, pdf(appendix(TABLE)), pdf(appendix(rows)))
    [change] = c.changes
    assert change.kind == "changed" and change.revised.text == "099999"
    assert change.original.paragraph is None  # not "¶1.6", the last paragraph before it
    assert change.original.place is not None
    assert "Appendix A: Suppliers appointed" in change.original.place
    assert change.original.place.endswith("/ Supplier Cedar Ltd")


def test_an_added_row_is_added_and_a_moved_row_is_moved(tmp_path: Path) -> None:
    later = [[str(int(n) + 1), name, number] for n, name, number in TABLE[3:]]
    added = [*TABLE[:3], ["3", "Supplier New Ltd", "077777"], *later]  # numbered on, as Word does
    c = compare(tmp_path, pdf(appendix(TABLE)), pdf(appendix(added)))
    kinds = [ch.kind for ch in c.changes]
    assert "added" in kinds and "changed" not in kinds, lines(c)
    new = next(ch for ch in c.changes if ch.kind == "added")
    assert new.revised.text == "3 Supplier New Ltd 077777"
    assert kinds.count("renumbered") == 1  # rows 3–6 became 4–7
    renumbered = next(ch for ch in c.changes if ch.kind == "renumbered")
    assert (renumbered.original.paragraph, renumbered.revised.paragraph, renumbered.shift) == (
        "3–6",
        "4–7",
        "+1",
    )
    assert lines(c)[-1].startswith("renumbered: rows 3–6 → 4–7 (+1) in ")

    moved = [TABLE[0], TABLE[1], TABLE[5], *TABLE[2:5], TABLE[6]]
    c = compare(tmp_path, pdf(appendix(TABLE)), pdf(appendix(moved)))
    assert [ch.kind for ch in c.changes if ch.kind != "renumbered"] == ["moved"], lines(c)
    assert "Supplier Elm Ltd" in c.changes[0].original.text


def test_a_header_row_repeated_on_a_new_page_is_dropped(tmp_path: Path) -> None:
    many = TABLE + [[str(n), f"Supplier {n} Ltd", f"0{n}55555"] for n in range(7, 40)]
    original = pdf(appendix(many, repeat=True))
    revised = pdf(appendix(many, repeat=False))
    c = compare(tmp_path, original, revised)
    assert c.original_pages >= 3
    assert c.identical_text, lines(c)


# ---- reports ---------------------------------------------------------------------------------


def test_html_and_json_carry_the_new_kinds(tmp_path: Path) -> None:
    revised = [re.sub(r"^2\.", "5.", p) for p in PAPER]
    c = compare(tmp_path, pdf(PAPER), pdf(revised, header="Borough Council FINAL revised"))
    page = write_html(c, "a.pdf", "b.pdf")
    assert '<span class="kind furniture">furniture</span>' in page
    assert '<span class="kind renumbered">renumbered</span>' in page
    assert "1 furniture, 1 renumbered" in page
    data = json.loads(json.dumps(c.to_dict()))
    assert [ch["kind"] for ch in data["changes"]] == ["furniture", "renumbered"]
    assert data["changes"][1]["shift"] == "+3" and data["identical_text"] is False


def test_the_command_exits_1_on_a_furniture_change_alone(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(pdf(PAPER))
    (tmp_path / "b.pdf").write_bytes(pdf(PAPER, header="Borough Council FINAL revised"))
    same = CliRunner().invoke(main, ["compare", str(tmp_path / "a.pdf"), str(tmp_path / "a.pdf")])
    assert same.exit_code == 0 and "The text is identical." in same.output
    result = CliRunner().invoke(
        main, ["compare", "--json", str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf")]
    )
    assert result.exit_code == 1
    assert json.loads(result.output)["changes"][0]["position"] == "header"


def test_compare_starts_without_the_build_the_records_or_pypdf() -> None:
    """`docgen compare` imports only what it uses (README: "Comparing two PDFs")."""
    code = (
        "import sys\n"
        "from docgen.cli import main\n"
        "main.get_command(None, 'compare')\n"
        "import docgen.compare.diff\n"
        "heavy = [m for m in ('docgen.build.engine', 'docgen.pipeline', 'docgen.records.loading',"
        " 'pypdf', 'docx', 'typst') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_cli_knows_the_formats_and_templates_the_engine_has() -> None:
    from docgen.build import engine
    from docgen.cli import base

    assert (base.FORMATS, base.DEFAULT_TEMPLATES) == (engine.FORMATS, engine.DEFAULT_TEMPLATES)


@pytest.mark.parametrize("command", ["verify", "pack", "letters"])
def test_the_other_commands_still_load_when_asked_for(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_a_watermark_taken_off_is_one_change_and_never_body_text(tmp_path: Path) -> None:
    draft = "#set page(background: rotate(-45deg, text(90pt, fill: luma(210))[DRAFT]))"
    c = compare(tmp_path, pdf(PAPER, extra=draft), pdf(PAPER))
    assert lines(c) == [f'watermark removed: "DRAFT", pages 1–{c.original_pages}']
    same = compare(tmp_path, pdf(PAPER, extra=draft), pdf(PAPER, extra=draft, size="12pt"))
    assert same.identical_text, lines(same)


def test_a_justified_line_placed_word_by_word_is_text_and_a_row_of_scores_is_a_row() -> None:
    """Some producers place each word of a justified line on its own, with wide, even gaps:
    that is running text, not a table row; a row of scores has gaps as uneven as its cells."""
    from docgen.readback.layout import _lines

    words = ["The", "Council", "will", "review", "these", "services"]
    spread = [(w, 100.0, 110.0, 72.0 + 60 * i, 112.0 + 60 * i, 11.0) for i, w in enumerate(words)]
    [line] = _lines(spread)
    assert line.cells == ("The Council will review these services",)
    cells = [("C1", 72.0, 90.0), ("50", 200.0, 212.0), ("45.5", 300.0, 322.0), ("40", 420.0, 432.0)]
    [row] = _lines([(t, 100.0, 110.0, x0, x1, 11.0) for t, x0, x1 in cells])
    assert row.cells == ("C1", "50", "45.5", "40")


def test_a_paper_of_one_page_has_its_header_and_footer_told_by_where_they_sit(
    tmp_path: Path,
) -> None:
    """Nothing repeats on one page: a block set apart at its very top or bottom is furniture."""
    short = PAPER[:3]
    c = compare(tmp_path, pdf(short), pdf(short, header="Borough Council FINAL revised"))
    assert (c.original_pages, c.revised_pages) == (1, 1)
    assert lines(c) == ['header: "FINAL" → "FINAL revised", pages 1']
