"""Reading a Word body for verify: paragraphs and table rows in document order, only what the
page shows (docgen.readback.word.read_blocks)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from docgen.readback.word import Block, UnsafeXml, read_blocks

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_file(body: str) -> bytes:
    """A minimal .docx whose document.xml has this body."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", xml)
    return out.getvalue()


def p(text: str, style: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>"


def row(*cells: str, header: bool = False) -> str:
    props = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    return f"<w:tr>{props}" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in cells) + "</w:tr>"


def test_paragraphs_and_rows_come_in_document_order() -> None:
    body = (
        p("Lot 1: Reablement", "Heading1")
        + f"<w:tbl>{row('No.', 'Supplier', header=True)}{row('1', 'Castle Care Ltd')}</w:tbl>"
        + p("Lot 2: Domestic Support", "Heading1")
        + "<w:tbl><w:tblPr><w:tblCaption w:val='Lot 2'/></w:tblPr>"
        + f"{row('1', 'Ashdown Healthcare Ltd')}</w:tbl>"
        + p("The end.")
    )
    assert read_blocks(word_file(body)) == [
        Block(("Lot 1: Reablement",), "Heading1"),
        Block(("No.", "Supplier"), "", 0, "Lot 1: Reablement", True),
        Block(("1", "Castle Care Ltd"), "", 0, "Lot 1: Reablement"),
        Block(("Lot 2: Domestic Support",), "Heading1"),
        Block(("1", "Ashdown Healthcare Ltd"), "", 1, "Lot 2"),
        Block(("The end.",)),
    ]


def test_a_file_made_with_python_docx_reads_as_a_reader_meets_it(tmp_path: Path) -> None:
    """python-docx's own lists give all paragraphs, then all tables; read_blocks interleaves."""
    document = docx.Document()
    for lot, supplier in (("Lot 1: Reablement", "Castle Care Ltd"), ("Lot 2: Care", "Ashdown")):
        document.add_heading(lot, 1)
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "1", supplier
    document.add_paragraph("The end.")
    document.save(str(tmp_path / "f.docx"))
    blocks = read_blocks((tmp_path / "f.docx").read_bytes())
    assert [b.text for b in blocks] == [
        "Lot 1: Reablement",
        "1 Castle Care Ltd",
        "Lot 2: Care",
        "1 Ashdown",
        "The end.",
    ]
    assert [b.caption for b in blocks if b.table is not None] == [
        "Lot 1: Reablement",
        "Lot 2: Care",
    ]


def test_only_what_the_page_shows_is_read() -> None:
    body = (
        "<w:p><w:r><w:t>Kept </w:t></w:r>"
        "<w:del><w:r><w:delText>deleted </w:delText></w:r></w:del>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden </w:t></w:r>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        "<w:ins><w:r><w:t>inserted</w:t><w:tab/><w:t>after a tab</w:t></w:r></w:ins></w:p>"
        "<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>"
        "<w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    texts = [b.text for b in read_blocks(word_file(body))]
    assert texts == ["Kept inserted after a tab", "box"]


def test_a_table_in_a_content_control_and_a_nested_table_are_read() -> None:
    inner = f"<w:tbl>{row('inner a', 'inner b')}</w:tbl>"
    body = (
        f"<w:sdt><w:sdtContent>{p('Before')}<w:tbl>{row('a', 'b')}</w:tbl></w:sdtContent></w:sdt>"
        f"<w:tbl><w:tr><w:tc>{p('outer')}{inner}</w:tc></w:tr></w:tbl>"
    )
    blocks = read_blocks(word_file(body))
    assert [b.cells for b in blocks] == [("Before",), ("a", "b"), ("outer inner a inner b",)]
    assert [b.table for b in blocks] == [None, 0, 1]


def test_a_dtd_is_refused_unread() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "b">]><w:document xmlns:w="{W}"/>',
        )
    with pytest.raises(UnsafeXml):
        read_blocks(out.getvalue())
