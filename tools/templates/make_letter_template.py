"""Build the docxtpl Word template award_letter.docx (in templates/).

Run from the project root:  .venv/bin/python tools/templates/make_letter_template.py

Styles, page size, margins and the footer ("… · Private and confidential", "Page X of Y") come
from make_word_templates.py, imported rather than copied, so the letter matches the papers. A
letter differs in three ways: the first page has the letterhead instead of the running header
(Word's "different first page"); paragraphs start at the margin; and the table of successful
tenderers has one column per award criterion.

That table's grid is written with a Jinja loop inside `w:tblGrid` (one 1.6 cm `w:gridCol` per
criterion code) and its cells with docxtpl `{%tc %}` loops, so the name column keeps its width
whatever the number of criteria; docxtpl's fix_tables then finds nothing to change.

The context is docgen.documents.award_letter.AwardLetterContext; the template only places its
values and branches on its booleans. Output is byte-for-byte reproducible (fixed zip timestamps).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_word_templates as base
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from lxml import etree

TEXT_W = base.TEXT_W
REF_W = 3969  # 7 cm: the "Our reference / Date / Please ask for / Email" block
LABEL_TAB = 1361  # 2.4 cm: where the reference values start
SCORE_W = 907  # 1.6 cm: one criterion's score column
TOTAL_W = 1304  # 2.3 cm: room for "Cyfanswm" (Total) in a Welsh letter
NAME_W = 3062  # 5.4 cm: the successful tenderer's name
CODE_W, WEIGHT_W, YOURS_W = 680, 1531, 1531  # criteria table: No., Weight, Your score


def letter_styles(doc: DocumentObject) -> None:
    """Letter paragraphs start at the margin; the letterhead and signature have their own."""
    p, r = base.ppr, base.rpr
    base.paragraph_style(doc, "Body Text", p(after=160, left=0))
    base.paragraph_style(
        doc,
        "Heading 1",
        p(before=120, after=200, line=240, keep_next=True, outline=0),
        r(size=11.5, bold=True),
        next_style="Body Text",
    )
    base.character_style_plain(doc, "Heading1Char", r(size=11.5, bold=True))
    base.paragraph_style(
        doc,
        "Heading 2",
        p(before=240, after=100, line=240, keep_next=True, outline=1),
        r(size=11, bold=True),
        next_style="Body Text",
    )
    base.paragraph_style(doc, "Letterhead Name", p(after=0, line=240), r(size=15, bold=True))
    base.paragraph_style(doc, "Letterhead Line", p(after=0, line=240, jc="right"), r(size=9))
    base.paragraph_style(
        doc,
        "Letterhead Rule",
        p(
            before=0,
            after=240,
            line=120,
            line_rule="exact",
            borders=(base.border("bottom", size=6, color=base.RULE, space=1),),
        ),
    )
    base.paragraph_style(doc, "Address", p(after=0, line=252), r(size=11))
    base.paragraph_style(doc, "Delivery", p(before=120, after=0), r(size=9.5, color=base.GREY_TEXT))
    base.paragraph_style(
        doc, "Reference", p(after=60, line=240, tabs=(("left", LABEL_TAB),)), r(size=9.5)
    )
    base.paragraph_style(doc, "Salutation", p(before=360, after=160))
    # The closing paragraphs keep with the signature, so it never stands alone on a page.
    base.paragraph_style(doc, "Closing", p(after=160, left=0, keep_next=True), based_on="Body Text")
    base.paragraph_style(doc, "Signature", p(after=0, keep_next=True, keep_lines=True))


# ---- tables ----------------------------------------------------------------------------------


def layout_table(widths: list[int], description: str) -> etree._Element:
    """A borderless table used for layout (letterhead, address block)."""
    return base.table(
        widths, borders=False, margins=(0, 0, 0, 0), header_first_row=False, description=description
    )


def cell(
    tr: etree._Element, width: int, paragraphs: list[tuple[str, str, dict[str, bool]]]
) -> None:
    """A cell holding several paragraphs: (text, style, {"bold": …}) each."""
    tc = base.sub(tr, "tc")
    tcPr = base.sub(tc, "tcPr")
    base.sub(tcPr, "tcW", w=width, type="dxa")
    for text, style, flags in paragraphs:
        base.cell_paragraph(tc, text, style)
        if flags.get("bold"):
            bold(tc[-1])


def bold(p: etree._Element) -> None:
    """Make every run of a paragraph bold."""
    for r in p.findall(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = base.el("rPr")
            r.insert(0, rpr)
        base.sub(rpr, "b")


def letterhead(doc: DocumentObject) -> None:
    widths = [TEXT_W - 4536, 4536]
    tbl = layout_table(widths, "{{ labels.letterhead_description }}")
    tr = base.sub(tbl, "tr")
    cell(tr, widths[0], [("{{ letterhead.council_name }}", "Letterhead Name", {})])
    cell(
        tr,
        widths[1],
        [
            ("{{ letterhead.department }}", "Letterhead Line", {"bold": True}),
            ("{%p for line in letterhead.lines %}", "Letterhead Line", {}),
            ("{{ line }}", "Letterhead Line", {}),
            ("{%p endfor %}", "Letterhead Line", {}),
        ],
    )
    base.add_body_element(doc, tbl)
    base.para(doc, "", "Letterhead Rule")


def address_block(doc: DocumentObject) -> None:
    widths = [TEXT_W - REF_W, REF_W]
    tbl = layout_table(widths, "{{ labels.address_description }}")
    tr = base.sub(tbl, "tr")
    cell(
        tr,
        widths[0],
        [
            ("{{ meta.status_label|upper }}", "Address", {"bold": True}),
            ("{%p for line in addressee %}", "Address", {}),
            ("{{ line }}", "Address", {}),
            ("{%p endfor %}", "Address", {}),
            ("{%p if delivery %}", "Delivery", {}),
            ("{{ delivery }}", "Delivery", {}),
            ("{%p endif %}", "Delivery", {}),
        ],
    )
    cell(
        tr,
        widths[1],
        [
            ("{%p for r in reference_rows %}", "Reference", {}),
            ("{{ r.label }}\t{{ r.value }}", "Reference", {}),
            ("{%p endfor %}", "Reference", {}),
        ],
    )
    grey_labels(tr)
    base.add_body_element(doc, tbl)


def grey_labels(tr: etree._Element) -> None:
    """Split "label<TAB>value" into a grey label run and a black value run."""
    for t in tr.iter(qn("w:t")):
        if t.text and t.text.startswith("{{ r.label }}"):
            run = t.getparent()
            t.text = "{{ r.label }}"
            rpr = base.el("rPr")
            base.sub(rpr, "color", val=base.GREY_TEXT)
            run.insert(0, rpr)
            tab_run = base.el("r")
            base.sub(tab_run, "tab")
            value_run = base.el("r")
            value_t = base.sub(value_run, "t")
            value_t.text = "{{ r.value }}"
            run.addnext(tab_run)
            tab_run.addnext(value_run)


def criteria_table(doc: DocumentObject) -> None:
    widths = [CODE_W, TEXT_W - CODE_W - WEIGHT_W - YOURS_W, WEIGHT_W, YOURS_W]
    tbl = base.table(
        widths,
        caption="{{ labels.criteria_caption }}",
        description="{{ labels.criteria_description }}",
    )
    base.row(
        tbl,
        widths,
        [
            "{{ labels.number }}",
            "{{ labels.criterion }}",
            "{{ labels.weight }}",
            "{{ labels.your_score }}",
        ],
        header=True,
    )
    base.loop_row(tbl, widths, "{%tr for c in criteria %}")
    base.row(tbl, widths, ["{{ c.code }}", "{{ c.name }}", "{{ c.weight }}", "{{ c.score }}"])
    base.loop_row(tbl, widths, "{%tr endfor %}")
    base.row(
        tbl,
        widths,
        ["", "{{ labels.total }}", "{{ total_weight }}", "{{ total_score }}"],
        styles=["Table Text", "Table Label", "Table Label", "Table Label"],
    )
    base.add_body_element(doc, tbl)


def appointed_table(doc: DocumentObject) -> None:
    """Name | one column per criterion | Total.

    docxtpl's `{%tc %}` tags must sit in cells of their own (each such cell is replaced by the
    tag), so the template rows have five cells: name, `{%tc for %}`, the repeated cell,
    `{%tc endfor %}`, total. The grid repeats its criterion column in a Jinja loop to match.
    """
    widths = [NAME_W, SCORE_W, TOTAL_W]
    tbl = base.table(
        widths,
        caption="{{ labels.appointed_caption }}",
        description="{{ labels.appointed_description }}",
    )
    tbl_w = tbl.find(qn("w:tblPr")).find(qn("w:tblW"))
    tbl_w.set(qn("w:w"), "0")
    tbl_w.set(qn("w:type"), "auto")  # the width is the sum of the grid, however many columns
    cols = tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    cols[0].tail = "{% for code in criterion_codes %}"
    cols[1].tail = "{% endfor %}"
    cells = [NAME_W, SCORE_W, SCORE_W, SCORE_W, TOTAL_W]
    base.row(
        tbl,
        cells,
        [
            "{{ labels.successful_tenderer }}",
            "{%tc for code in criterion_codes %}",
            "{{ code }}",
            "{%tc endfor %}",
            "{{ labels.total }}",
        ],
        header=True,
    )
    base.loop_row(tbl, cells, "{%tr for r in appointed %}")
    base.row(
        tbl,
        cells,
        ["{{ r.name }}", "{%tc for s in r.scores %}", "{{ s }}", "{%tc endfor %}", "{{ r.total }}"],
        styles=["Table Text", "Table Text", "Table Text", "Table Text", "Table Label"],
    )
    base.loop_row(tbl, cells, "{%tr endfor %}")
    base.add_body_element(doc, tbl)


def winners_table(doc: DocumentObject) -> None:
    widths = [2381, TEXT_W - 2381]
    tbl = base.table(
        widths,
        caption="{{ labels.winner_caption }}",
        description="{{ labels.winner_description }}",
        header_first_row=False,
    )
    for label, value in (
        ("{{ labels.supplier }}", "{{ w.name }}"),
        ("{{ labels.address }}", "{{ w.address }}"),
        ("{{ labels.email }}", "{{ w.email }}"),
    ):
        base.row(
            tbl, widths, [label, value], shade=[True, False], styles=["Table Label", "Table Text"]
        )
    # The identifier row only when the record has one: a number not recorded is left out.
    base.loop_row(tbl, widths, "{%tr if w.identifier %}")
    base.row(
        tbl,
        widths,
        ["{{ labels.identifier }}", "{{ w.identifier }}"],
        shade=[True, False],
        styles=["Table Label", "Table Text"],
    )
    base.loop_row(tbl, widths, "{%tr endif %}")
    base.para(doc, "{%p for w in winners %}")
    base.add_body_element(doc, tbl)
    base.para(doc, "{%p endfor %}")


# ---- the letter -------------------------------------------------------------------------------


def paragraphs(doc: DocumentObject, items: str, style: str = "Body Text") -> None:
    base.para(doc, f"{{%p for text in {items} %}}")
    base.para(doc, "{{ text }}", style)
    base.para(doc, "{%p endfor %}")


def scores(doc: DocumentObject) -> None:
    base.para(doc, "{%p if has_scores %}")
    base.para(doc, "{{ scores_heading }}", "Heading 2")
    base.para(doc, "{{ scores_intro }}", "Body Text")
    criteria_table(doc)
    base.para(doc, "{%p endif %}")
    base.para(doc, "{%p if has_appointed_scores %}")
    base.para(doc, "{{ appointed_heading }}", "Heading 2")
    base.para(doc, "{{ appointed_intro }}", "Body Text")
    appointed_table(doc)
    base.para(doc, "{%p endif %}")
    base.para(doc, "{%p if has_appointed_list %}")
    base.para(doc, "{{ appointed_heading }}", "Heading 2")
    base.para(doc, "{{ appointed_intro }}", "Body Text")
    paragraphs(doc, "appointed_names", "List Bullet")
    base.para(doc, "{%p endif %}")
    base.para(doc, "{%p if has_winner_details %}")
    base.para(doc, "{{ appointed_heading }}", "Heading 2")
    base.para(doc, "{{ appointed_intro }}", "Body Text")
    winners_table(doc)
    base.para(doc, "{%p endif %}")


def signature(doc: DocumentObject) -> None:
    base.para(doc, "{{ labels.yours_sincerely }}", "Signature")
    gap = base.para(doc, "", "Signature")
    gap._p.get_or_add_pPr().append(base.el("spacing", before=0, after=480))
    bold(base.para(doc, "{{ signatory.name }}", "Signature")._p)
    for field in ("title", "department", "council_name"):
        base.para(doc, f"{{{{ signatory.{field} }}}}", "Signature")


def first_page_without_header(doc: DocumentObject) -> None:
    """Page 1 carries the letterhead: an empty first-page header, the same footer as the rest."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    first_header = section.first_page_header
    first_header.is_linked_to_previous = False
    first_header.paragraphs[0].style = doc.styles["Footer"]  # no rule under an empty header
    first_footer = section.first_page_footer
    first_footer.is_linked_to_previous = False
    target = first_footer._element
    for child in list(target):
        target.remove(child)
    for child in section.footer._element:
        target.append(copy.deepcopy(child))


def style_ids(doc: DocumentObject) -> None:
    """Cell paragraphs name their style; Word looks `w:pStyle` up by ID: use the IDs."""
    ids = {style.name: style.style_id for style in doc.styles}
    section = doc.sections[0]
    parts = [
        doc.element,
        section.header._element,
        section.footer._element,
        section.first_page_header._element,
        section.first_page_footer._element,
    ]
    for part in parts:
        for element in part.iter(qn("w:pStyle")):
            value = element.get(qn("w:val"))
            element.set(qn("w:val"), ids.get(value, value))


def award_letter() -> DocumentObject:
    doc = base.new_document()
    letter_styles(doc)
    first_page_without_header(doc)
    letterhead(doc)
    address_block(doc)
    base.para(doc, "{{ salutation }}", "Salutation")
    base.para(doc, "{{ subject }}", "Heading 1")
    paragraphs(doc, "opening")
    scores(doc)
    base.para(doc, "{%p for s in sections %}")
    base.para(doc, "{{ s.heading }}", "Heading 2")
    paragraphs(doc, "s.paragraphs")
    base.para(doc, "{%p endfor %}")
    paragraphs(doc, "closing", "Closing")
    signature(doc)
    style_ids(doc)
    return doc


def main() -> int:
    base.save(award_letter(), base.TEMPLATES / "award_letter.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
