"""Build the docxtpl Word templates appendix_scores.docx and appendix_notice.docx (in templates/).

Run from the project root:  .venv/bin/python tools/templates/make_scores_template.py

appendix_scores.docx is the EXEMPT edition of the evaluation scores appendix: A4 landscape, with
the marking "NOT FOR PUBLICATION by virtue of paragraph(s) … of Part 1 of Schedule 12A …" in the
header of every page (and in the footer text), and a boxed notice with the public-interest
statement on the first page. appendix_notice.docx is what the public pack gets instead: the
notice that the appendix is not for publication, and nothing else.

Page, styles, header and footer come from make_word_templates.py, imported rather than copied.
The contexts are docgen.documents.appendix_scores.AppendixScoresContext and
AppendixNoticeContext; the templates only place their values. Output is byte-for-byte
reproducible (fixed zip timestamps), like the other templates.

The score tables have a column per criterion, so their value columns are a docxtpl `{%tc %}`
loop. The loop cell is the last one and its template width is the table's average column width:
after docxtpl's fix_tables adds the extra grid columns (at the end, each of the average width)
and scales the others, every value column has the same width and Rank, Bidder and Outcome keep
their proportions.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_word_templates as base
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

MARKING_SIZE = 9.5  # the NOT FOR PUBLICATION line in the header, black and bold
LANDSCAPE_TEXT_W = base.PAGE_H - 2 * base.MARGIN  # A4 landscape: 24.7 cm between the margins


@contextmanager
def landscape() -> Iterator[None]:
    """make_word_templates' page measures, for A4 landscape, while the block runs."""
    saved = base.PAGE_W, base.PAGE_H, base.TEXT_W
    base.PAGE_W, base.PAGE_H = saved[1], saved[0]
    base.TEXT_W = base.PAGE_W - 2 * base.MARGIN
    try:
        yield
    finally:
        base.PAGE_W, base.PAGE_H, base.TEXT_W = saved


def marked_document() -> DocumentObject:
    """A landscape document whose header carries the exempt marking under the council's name."""
    with landscape():
        doc = base.new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section._sectPr.find(qn("w:pgSz")).set(qn("w:orient"), "landscape")
    header = section.header
    marking = header.add_paragraph(style=doc.styles["Header"])
    run = marking.add_run("{{ marking }}")
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(base.BLACK)
    run.font.size = Pt(MARKING_SIZE)
    base.paragraph_style(
        doc,
        "Exempt Notice",
        base.ppr(
            before=120,
            after=240,
            left=100,
            right=100,
            keep_lines=True,
            fill=base.SHADE,
            borders=tuple(
                base.border(s, size=8, color=base.BLACK, space=4)
                for s in ("top", "left", "bottom", "right")
            ),
        ),
    )
    return doc


def key_table(doc: DocumentObject, rows: str, caption: str) -> None:
    widths = [1134, LANDSCAPE_TEXT_W - 1134]  # Code 2 cm
    tbl = base.table(widths, caption=caption, description="{{ labels.key_description }}")
    base.row(tbl, widths, ["{{ labels.code }}", "{{ labels.criterion }}"], header=True)
    base.loop_row(tbl, widths, f"{{%tr for row in {rows} %}}")
    base.row(tbl, widths, ["{{ row.label }}", "{{ row.value }}"])
    base.loop_row(tbl, widths, "{%tr endfor %}")
    base.add_body_element(doc, tbl)


def scores_table(doc: DocumentObject) -> None:
    """Rank | Bidder | Outcome | one column per value ({%tc %} loop; see the module docstring)."""
    sixth = LANDSCAPE_TEXT_W // 6  # the three loop cells: {%tc for %}, the value, {%tc endfor %}
    fixed = LANDSCAPE_TEXT_W - 3 * sixth  # Rank : Bidder : Outcome as 2.5 : 6.25 : 3.6
    # Every column is scaled by 6 / (3 + values) when the table is filled, so these keep "Rank",
    # "Outcome" and "appointed" whole (no word broken across lines) up to eight value columns:
    # at eight, Rank is 1.36 cm and Outcome 1.96 cm (a bold "Outcome" needs 1.9 cm with margins).
    rank, bidder = round(2.5 * fixed / 12.35), round(6.25 * fixed / 12.35)
    widths = [rank, bidder, fixed - rank - bidder, sixth, sixth, sixth]
    tbl = base.table(
        widths,
        caption="{{ table.caption }}",
        description="{{ labels.table_description }}",
    )
    loop = ["{%tc for head in table.headers %}", "{{ head }}", "{%tc endfor %}"]
    heads = ["{{ labels.rank }}", "{{ labels.bidder }}", "{{ labels.outcome }}"]
    base.row(tbl, widths, [*heads, *loop], header=True)
    base.loop_row(tbl, widths, "{%tr for row in table.rows %}")
    loop = ["{%tc for value in row.cells %}", "{{ value }}", "{%tc endfor %}"]
    base.row(tbl, widths, ["{{ row.rank }}", "{{ row.bidder }}", "{{ row.outcome }}", *loop])
    base.loop_row(tbl, widths, "{%tr endfor %}")
    for width in list(tbl.iter(qn("w:tcW"))):  # the grid decides; cell widths would contradict it
        width.getparent().remove(width)
    base.add_body_element(doc, tbl)


def end_paragraph(doc: DocumentObject) -> None:
    """The body must not end with a table (Word wants a final paragraph); this one takes no room."""
    end = base.para(doc)
    end._p.get_or_add_pPr().append(base.el("spacing", before=0, after=0, line=20, lineRule="exact"))


def appendix_scores() -> DocumentObject:
    doc = marked_document()
    base.para(doc, "{{ meta.council_name }}", "Council Name")
    base.para(doc, "{{ heading }}", "Title")
    base.para(doc, "{{ subtitle }}", "Subtitle")
    notice = base.para(doc, "", "Exempt Notice")
    notice.add_run("{{ marking }}").bold = True
    notice.add_run().add_break()
    notice.add_run("{{ labels.public_interest_test }}").bold = True
    notice.add_run(" {{ public_interest }}")
    base.para(doc, "{{ intro }}")
    base.para(doc, "{{ labels.criteria }}", "Heading 1")
    key_table(doc, "key", "{{ labels.criteria }}")

    base.para(doc, "{%p for table in tables %}")
    base.para(doc, "{{ table.caption }}", "Heading 1")
    base.para(doc, "{%p if table.note %}")
    base.para(doc, "{{ table.note }}", "Table Note")
    base.para(doc, "{%p endif %}")
    base.para(doc, "{%p if table.key %}")
    key_table(doc, "table.key", "{{ labels.criteria_for_lot }}")
    base.para(doc, "{%p endif %}")
    base.para(doc, "{%p if table.rows %}")
    scores_table(doc)
    base.para(doc, "{%p endif %}")
    base.para(doc, "{%p endfor %}")
    end_paragraph(doc)
    return doc


def appendix_notice() -> DocumentObject:
    doc = base.new_document()
    base.paragraph_style(
        doc,
        "Exempt Notice",
        base.ppr(
            before=240,
            after=240,
            left=100,
            right=100,
            keep_lines=True,
            borders=tuple(
                base.border(s, size=8, color=base.BLACK, space=6)
                for s in ("top", "left", "bottom", "right")
            ),
        ),
        base.rpr(bold=True),
    )
    base.para(doc, "{{ meta.council_name }}", "Council Name")
    base.para(doc, "{{ heading }}", "Title")
    base.para(doc, "{{ subtitle }}", "Subtitle")
    base.para(doc, "{{ notice }}", "Exempt Notice")
    return doc


def main() -> int:
    base.save(appendix_scores(), base.TEMPLATES / "appendix_scores.docx")
    base.save(appendix_notice(), base.TEMPLATES / "appendix_notice.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
