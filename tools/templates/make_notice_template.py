"""Build the docxtpl Word template decision_notice.docx (in templates/).

Run from the project root:  .venv/bin/python tools/templates/make_notice_template.py

Page, styles, header ("council name … status") and footer ("Page X of Y") come from
make_word_templates.py, imported rather than copied, so the notice looks like the paper. Only the
prose indents differ: a notice reads like a web page, so "Body Text" and the recommendation
styles start at the margin here instead of under a paragraph number. The context is
docgen.documents.decision_notice.DecisionNoticeContext; the template only places its values,
and its fixed words come from `labels` (in the notice's language).
Output is byte-for-byte reproducible (fixed zip timestamps), like the other templates.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_word_templates as base
from docx.document import Document as DocumentObject

NUMBER_W = 567  # 1 cm: the width of a resolution number "iii)" before its text
LABEL_W = 2977  # 5.25 cm: wide enough for "Can be implemented from" on one line


def notice_styles(doc: DocumentObject) -> None:
    """Prose at the margin: resolutions i) at 0 cm, a) at 1 cm; a boxed call-in note."""
    base.paragraph_style(doc, "Body Text", base.ppr(after=140, left=0))
    base.paragraph_style(
        doc,
        "Recommendation",
        base.ppr(after=100, left=NUMBER_W, hanging=NUMBER_W, tabs=(("left", NUMBER_W),)),
    )
    base.paragraph_style(
        doc,
        "Recommendation 2",
        base.ppr(after=100, left=2 * NUMBER_W, hanging=NUMBER_W, tabs=(("left", 2 * NUMBER_W),)),
        based_on="Recommendation",
    )
    base.paragraph_style(
        doc,
        "Subheading",
        base.ppr(before=160, after=80, left=0, keep_next=True, keep_lines=True, outline=1),
        base.rpr(bold=True),
    )
    base.paragraph_style(
        doc,
        "Call-in Note",
        base.ppr(
            before=60,
            after=240,
            left=170,
            right=100,
            fill=base.SHADE_NOTE,
            borders=(base.border("left", size=24, color=base.GREY_TEXT, space=8),),
        ),
        base.rpr(bold=True),
    )


def labelled_table(doc: DocumentObject, caption: str, description: str, rows: str) -> None:
    """A table of label | value rows, one per item of the list the expression rows names (the
    labels shaded, as row headers): the notice's details and route, a route notice's parts."""
    widths = [LABEL_W, base.TEXT_W - LABEL_W]
    tbl = base.table(
        widths,
        caption=caption,
        description=description,
        header_first_row=False,
        header_first_column=True,
    )
    base.loop_row(tbl, widths, f"{{%tr for row in {rows} %}}")
    base.row(
        tbl,
        widths,
        ["{{ row.label }}", "{{ row.value }}"],
        shade=[True, False],
        styles=["Table Label", "Table Text"],
    )
    base.loop_row(tbl, widths, "{%tr endfor %}")
    base.add_body_element(doc, tbl)


def details_table(doc: DocumentObject) -> None:
    labelled_table(
        doc,
        "{{ labels.details_caption }}",
        "{{ labels.details_description }}",
        "details",
    )


def route_table(doc: DocumentObject) -> None:
    labelled_table(
        doc,
        "{{ labels.route }}",
        "{{ labels.route_description }}",
        "route.rows",
    )


def documents_table(doc: DocumentObject) -> None:
    widths = [base.TEXT_W - 3515, 3515]  # Publication column 6.2 cm, as in the PDF
    tbl = base.table(
        widths,
        caption="{{ labels.documents }}",
        description="{{ labels.documents_description }}",
    )
    base.row(tbl, widths, ["{{ labels.document }}", "{{ labels.publication }}"], header=True)
    base.loop_row(tbl, widths, "{%tr for doc in documents %}")
    base.row(tbl, widths, ["{{ doc.title }}", "{{ doc.access }}"])
    base.loop_row(tbl, widths, "{%tr endfor %}")
    base.add_body_element(doc, tbl)


def section(doc: DocumentObject, heading: str, *lines: tuple[str, str | None]) -> None:
    base.para(doc, heading, "Heading 1")
    for text, style in lines:
        base.para(doc, text, style)


def decision_notice() -> DocumentObject:
    doc = base.new_document()
    notice_styles(doc)
    base.para(doc, "{{ meta.council_name }}", "Council Name")
    base.para(doc, "{{ labels.notice }}", "Subtitle")
    base.para(doc, "{{ title }}", "Title")
    details_table(doc)
    section(doc, "{{ labels.purpose }}", ("{{p purpose }}", None))
    section(
        doc,
        "{{ labels.decision }}",
        ("{{ resolved_intro }}", "Body Text Intro"),
        ("{{p resolutions }}", None),
    )
    base.para(doc, "{%p if route %}")
    section(doc, "{{ labels.route }}")
    route_table(doc)
    base.para(doc, "{{p route.statement }}")
    base.para(doc, "{%p endif %}")
    section(doc, "{{ labels.reasons }}", ("{{p reasons }}", None))
    section(doc, "{{ labels.alternatives }}", ("{{p alternatives }}", None))
    section(doc, "{{ labels.conflicts }}", ("{{ conflicts_of_interest }}", "Body Text"))
    section(doc, "{{ labels.dispensations }}", ("{{ dispensations }}", "Body Text"))
    section(doc, "{{ labels.call_in }}", ("{{ implementation_note }}", "Call-in Note"))
    section(doc, "{{ labels.documents }}")
    documents_table(doc)
    base.para(doc, "{%p if related_meeting %}")
    section(doc, "{{ labels.related_meeting }}", ("{{ related_meeting }}", "Body Text"))
    base.para(doc, "{%p endif %}")
    return doc


def main() -> int:
    base.save(decision_notice(), base.TEMPLATES / "decision_notice.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
