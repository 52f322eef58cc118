"""Build the docxtpl Word templates transparency_notice.docx, change_notice.docx and
not_awarded_letter.docx (in templates/).

Run from the project root:  .venv/bin/python tools/templates/make_route_templates.py

The two notices a route to a contract publishes (docgen/documents/route_notice.py): the
transparency notice of a direct award and the contract change notice of a modification. Both
have the same layout, the decision notice's look (make_notice_template.py: prose at the margin,
a boxed note): council, notice name, contract title, the law, a boxed sentence saying what is
announced, then each part's heading, its labelled rows and its prose, then the closing note.
Output is byte-for-byte reproducible (fixed zip timestamps), like the other templates.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_notice_template as notice
import make_word_templates as base
from docx.document import Document as DocumentObject


def rows_table(doc: DocumentObject) -> None:
    notice.labelled_table(
        doc, "{{ part.title }}", "{{ part.title }}: {{ labels.rows_description }}", "part.rows"
    )


def route_notice() -> DocumentObject:
    doc = base.new_document()
    notice.notice_styles(doc)
    base.para(doc, "{{ meta.council_name }}", "Council Name")
    base.para(doc, "{{ heading }}", "Subtitle")
    base.para(doc, "{{ title }}", "Title")
    base.para(doc, "{{ basis }}", "Subtitle")
    base.para(doc, "{{ intro }}", "Call-in Note")
    base.para(doc, "{%p for part in parts %}")
    base.para(doc, "{{ part.title }}", "Heading 1")
    base.para(doc, "{%p if part.rows %}")
    rows_table(doc)
    gap = base.para(doc)  # a line's space between the table and the prose under it
    gap._p.get_or_add_pPr().append(
        base.el("spacing", before=0, after=0, line=160, lineRule="exact")
    )
    base.para(doc, "{%p endif %}")
    base.para(doc, "{{p part.body }}")
    base.para(doc, "{%p endfor %}")
    base.para(doc, "{{ closing }}", "Table Note")
    return doc


def not_awarded_letter() -> DocumentObject:
    """The letter to each tenderer when no contract is awarded: letterhead, addressee, date and
    reference, the decision, the council's reasons, what happens next, the law, signature."""
    doc = base.new_document()
    notice.notice_styles(doc)
    base.para(doc, "{{ council_name }}", "Council Name")
    base.para(doc, "{%p for line in sender_lines %}")
    base.para(doc, "{{ line }}", "Table Text")
    base.para(doc, "{%p endfor %}")
    base.para(doc, "", "Body Text")
    base.para(doc, "{{ meta.status_label }}", "Table Label")
    base.para(doc, "{%p for line in recipient_lines %}")
    base.para(doc, "{{ line }}", "Table Text")
    base.para(doc, "{%p endfor %}")
    base.para(doc, "", "Body Text")
    base.para(doc, "{{ labels.date }}: {{ date_text }}", "Table Text")
    base.para(doc, "{{ labels.our_reference }}: {{ reference }}", "Body Text")
    base.para(doc, "{{ salutation }},", "Body Text")
    base.para(doc, "{{ subject }}", "Subheading")
    for field in ("opening", "reasons_intro"):
        base.para(doc, "{{ " + field + " }}", "Body Text")
    base.para(doc, "{{p reasons }}")
    for field in ("next_step", "law", "closing"):
        base.para(doc, "{{ " + field + " }}", "Body Text")
    base.para(doc, "{{ labels.yours_sincerely }},", "Body Text")
    base.para(doc, "{{ signatory_name }}", "Table Label")
    base.para(doc, "{{ signatory_title }}", "Table Text")
    return doc


def main() -> int:
    base.save(route_notice(), base.TEMPLATES / "transparency_notice.docx")
    base.save(route_notice(), base.TEMPLATES / "change_notice.docx")
    base.save(not_awarded_letter(), base.TEMPLATES / "not_awarded_letter.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
