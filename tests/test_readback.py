"""One reading of a finished file: the leak check, the audit, compare and verify all see the same
text in the same PDF or Word file (pages, metadata, XMP, attachments, headers, footers, comments),
whether the file is Typst's (read by the fast reader) or another producer's (read by pypdf)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import FIXTURES, RECORDS
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from docgen import pipeline
from docgen.audit.read import Opened, open_document
from docgen.audit.values import normal
from docgen.compare.verify import read_paper
from docgen.letters import leaks
from docgen.readback import pdftext
from docgen.readback.pdf import PdfFile, json_strings, read_pdf, xml_text
from docgen.readback.word import read_docx

SECRET = "Bow Care North"  # a bidder name planted where a reader might not look
XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><rdf:Description rdf:about="">'
    f"<dc:description><rdf:Alt><rdf:li xml:lang='x-default'>Scored by {SECRET}</rdf:li>"
    "</rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example pack: papers, appendices (public and exempt) and every letter."""
    out = tmp_path_factory.mktemp("readback")
    pipeline.build_papers([RECORDS], out)
    pipeline.build_letters([RECORDS], out)
    return out


def sample(pack: Path, suffix: str) -> list[Path]:
    """Every paper, appendix and notice, and every fifth letter."""
    papers = sorted(p for p in pack.rglob(f"*{suffix}") if "letters" not in p.parts)
    letters = sorted(p for p in pack.rglob(f"*{suffix}") if "letters" in p.parts)
    return papers + letters[::5]


def flat(text: str) -> str:
    return " ".join(text.split())


def lines(pages: tuple[str, ...] | list[str]) -> list[list[str]]:
    return [[flat(x) for x in page.splitlines() if x.strip()] for page in pages]


def audit_text(opened: Opened, names: list[str]) -> str:
    """The audit's text of the named sources, in that order (each source is normalised)."""
    found = {s.where: s.text for s in opened.sources}
    return " ".join(found[n] for n in names if n in found)


def assert_pdf_read_alike(path: Path) -> PdfFile:
    """The leak check, the audit and compare read the same text out of one PDF."""
    data = path.read_bytes()
    pdf = read_pdf(data)
    leak_text = leaks.bytes_text("pdf", data)
    sections = pdf.sections()
    assert leak_text == "\n".join(text for _, text in sections)
    opened = open_document(path)
    assert opened.error is None, opened.error
    # the audit normalises each source; the same normalisation of the leak check's text agrees
    assert audit_text(opened, [where for where, _ in sections]) == normal(leak_text)
    assert opened.pages == [normal(p) for p in pdf.pages]
    compared = pdftext.read_pdf(path)
    assert compared.pages == list(pdf.pages)
    assert leaks.normalise(leak_text).startswith(leaks.normalise("\n".join(compared.pages)))
    assert compared.keywords == (pdf.info.get("Keywords") or None)
    if compared.data is not None:  # docgen's embedded data: compare reads what the check reads
        strings = leaks.normalise("\n".join(json_strings(compared.data)))
        assert strings and strings in leaks.normalise(leak_text)
    return pdf


def test_every_reader_sees_the_same_text_in_the_example_pdfs(pack: Path) -> None:
    paths = sample(pack, ".pdf")
    assert len(paths) > 20
    for path in paths:
        pdf = assert_pdf_read_alike(path)
        assert pdf.typst, path
        names = [where for where, _ in pdf.sections()]
        assert "the XMP metadata" in names and "the document information /Title" in names, path
        assert "the embedded file docgen-data.json" in names, path
        assert normal(pdf.info["Title"]) in normal(xml_text(pdf.xmp or b"")), path


def test_compare_reads_the_words_every_other_reader_reads(pack: Path) -> None:
    """Compare reads with PDFium (each line with its place on the page), the others with the
    Typst reader or pypdf: the same words, the same number of times, in every example PDF and
    in the LibreOffice fixtures, less a watermark set at an angle, which compare keeps apart."""
    from collections import Counter

    paths = sample(pack, ".pdf") + sorted((FIXTURES / "pdf-pairs").glob("*/original.pdf"))
    for path in paths:
        shared, compared = pdftext.read_pdf(path), pdftext.read_compared(path)
        marks = " ".join(m for page in compared.layout or () for m in page.marks)
        words = Counter(pdftext.flat_keys(" ".join(shared.pages)).split())
        words.subtract(pdftext.flat_keys(marks).split())
        assert +words == Counter(pdftext.flat_keys(" ".join(compared.pages)).split()), path
        assert compared.metadata == shared.metadata and compared.data == shared.data, path


def test_the_typst_reader_and_pypdf_read_the_example_pdfs_alike(pack: Path) -> None:
    """The fast reader of Typst's files gives the lines, metadata, XMP, attachments and
    catalog that pypdf gives (pypdf is what reads every other producer's files)."""
    for path in sample(pack, ".pdf"):
        data = path.read_bytes()
        fast, slow = read_pdf(data), read_pdf(data, fast=False)
        assert fast.typst and not slow.typst
        assert lines(fast.pages) == lines(slow.pages), path
        assert (fast.info, fast.xmp, fast.catalog) == (slow.info, slow.xmp, slow.catalog), path
        assert fast.attachments == slow.attachments, path


def test_verify_reads_the_example_papers_as_the_others_do(pack: Path) -> None:
    paper = next(pack.rglob("cabinet-paper.pdf"))
    pdf = read_pdf(paper.read_bytes())
    found = read_paper(paper)
    assert found.keywords == pdf.info["Keywords"]
    segments = pdftext.normalise(list(pdf.pages))  # verify reads the pages compare reads
    assert " ".join(found.paragraphs) == " ".join(s.text for s in segments)
    word = paper.with_suffix(".docx")
    assert read_paper(word).paragraphs == list(read_docx(word.read_bytes()).body)


def pypdf_made_pdf() -> bytes:
    """A PDF not made by Typst: a page of Helvetica text, document information, XMP naming a
    bidder, and an embedded JSON file whose string holds an escaped quotation mark."""
    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 72 720 Td (Dear Albany Homecare Ltd,) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(content)
    writer.add_metadata({"/Title": "Notice of award", "/Author": "London Borough of Newham"})
    xmp = DecodedStreamObject()
    xmp.set_data(XMP.encode())
    xmp.update(
        {NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")}
    )
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    data = {"winners": [{"name": 'The "Best" Care Ltd'}]}
    writer.add_attachment("docgen-data.json", json.dumps(data).encode())
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_not_made_by_typst_is_read_alike_by_every_reader(tmp_path: Path) -> None:
    path = tmp_path / "other.pdf"
    path.write_bytes(pypdf_made_pdf())
    pdf = assert_pdf_read_alike(path)
    assert not pdf.typst
    assert "Dear Albany Homecare Ltd," in pdf.pages[0]
    text = leaks.bytes_text("pdf", path.read_bytes())
    for expected in ("Notice of award", f"Scored by {SECRET}", 'The "Best" Care Ltd'):
        assert expected in text
    index = leaks.NameIndex({"bcn": SECRET})
    secrets = leaks.Secrets(allowed=frozenset(), scores=frozenset())
    assert leaks.leaks(text, secrets, index) == [f"the name of {SECRET!r} (bcn)"]
    opened = open_document(path)
    assert SECRET in audit_text(opened, ["the XMP metadata"])
    assert 'The "Best" Care Ltd' in audit_text(opened, ["the embedded file docgen-data.json"])


@pytest.mark.parametrize("pair", ["reportlab-title-only", "libreoffice-reflow-only"])
def test_other_producers_pdfs_are_read_alike_by_every_reader(pair: str) -> None:
    path = FIXTURES / "pdf-pairs" / pair / "original.pdf"
    pdf = assert_pdf_read_alike(path)
    assert not pdf.typst
    assert pdf.pages == tuple(p.extract_text() for p in pypdf.PdfReader(path).pages)


# ---- Word -----------------------------------------------------------------------------------


def word_with_a_comment_and_a_header(path: Path) -> Path:
    document = docx.Document()
    paragraph = document.add_paragraph("The Council appoints ")
    run = paragraph.add_run("Albany Homecare Ltd")
    document.add_comment(run, text=f"Ask {SECRET} first", author="London Borough of Newham")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Lot 1", "80.27"
    document.sections[0].header.paragraphs[0].text = "NOT FOR PUBLICATION"
    document.sections[0].footer.paragraphs[0].text = f"Footer: {SECRET}"
    document.core_properties.title = "Notice of award"
    document.core_properties.keywords = "sha256:" + "0" * 64
    document.save(str(path))
    return path


def assert_word_read_alike(path: Path) -> None:
    """The leak check, the audit and verify read the same text out of one .docx."""
    data = path.read_bytes()
    word = read_docx(data)
    leak_text = leaks.bytes_text("docx", data)
    assert leak_text == "\n".join(text for _, text in word.sections())
    opened = open_document(path)
    assert opened.error is None, opened.error
    for name, text in word.sections():  # the audit adds each part's attribute values after
        assert audit_text(opened, [name]).startswith(normal(text)), (path, name)
    assert opened.pages == [normal(text) for text in word.headers()]
    paper = read_paper(path)
    assert paper.paragraphs == list(word.body)
    assert paper.keywords == word.keywords


def test_every_reader_sees_the_same_text_in_the_example_word_files(pack: Path) -> None:
    paths = sample(pack, ".docx")
    assert len(paths) > 20
    for path in paths:
        assert_word_read_alike(path)
        names = [name for name, _ in read_docx(path.read_bytes()).sections()]
        assert "word/header1.xml" in names and "word/footer1.xml" in names, path
        assert "docProps/core.xml" in names, path


def test_a_comment_a_header_and_a_footer_are_read_by_every_reader(tmp_path: Path) -> None:
    path = word_with_a_comment_and_a_header(tmp_path / "made.docx")
    assert_word_read_alike(path)
    word = read_docx(path.read_bytes())
    assert word.parts["word/comments.xml"].lines == (f"Ask {SECRET} first",)
    assert word.headers() == ["NOT FOR PUBLICATION"]
    assert "The Council appoints Albany Homecare Ltd" in word.body and "80.27" in word.body
    assert word.properties["core title"] == "Notice of award"
    found = leaks.leaks(
        leaks.bytes_text("docx", path.read_bytes()),
        leaks.Secrets(allowed=frozenset(), scores=frozenset({"80.27"})),
        leaks.NameIndex({"bcn": SECRET}),
    )
    assert found == [f"the name of {SECRET!r} (bcn)", "the score 80.27"]
    audit = open_document(path)
    assert SECRET in audit_text(audit, ["word/comments.xml"])
    assert SECRET in audit_text(audit, ["word/footer1.xml"])


def test_parsed_and_stripped_word_parts_read_alike(pack: Path) -> None:
    """A part not in Word's usual form (here, with an XML comment) is parsed, not stripped of
    its tags: the lines are the same."""
    made = word_with_a_comment_and_a_header(pack / "made.docx")
    for path in [*sample(pack, ".docx")[:6], made]:
        with zipfile.ZipFile(path) as source:
            blobs = {name: source.read(name) for name in source.namelist()}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for name, blob in blobs.items():
                target.writestr(name, re.sub(rb"(\?>)", rb"\1<!-- parsed -->", blob, count=1))
        stripped, parsed = read_docx(path.read_bytes()), read_docx(buffer.getvalue())
        assert stripped.sections() == parsed.sections(), path
        assert stripped.properties == parsed.properties, path
