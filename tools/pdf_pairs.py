"""Make the LibreOffice PDF pairs in tests/fixtures/pdf-pairs from docgen's own Word files.

    .venv/bin/python tools/pdf_pairs.py [--out tests/fixtures/pdf-pairs] [--only NAME ...]

A clerk revises a paper by editing the Word file and exporting it again with LibreOffice. This
tool does the same, reproducibly: it builds the example records (``docgen build records``), opens
the cabinet paper, Appendix A and the exempt Appendix B with python-docx, makes each pair's edit
and converts both versions with ``soffice --headless --convert-to pdf`` (a private LibreOffice
profile in a temporary folder, so that it never hands the work to a LibreOffice someone else has
open). It writes only ``original.pdf`` and ``revised.pdf`` of each pair: ``expected.json`` is
written by hand from the edit described here, and is never produced by running a comparison.

It is a tool, not a test: the tests read the committed PDFs. LibreOffice stamps each PDF with the
time it was made, so a rerun gives the same text and layout but not the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DECISION = "ilss-cabinet-2025-07-22"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

Version = DocumentObject | Path  # a Word file to export, or a PDF docgen made, taken as it is
Pair = tuple[Version, Version]


# ---- reading and writing -----------------------------------------------------------------------


def build_examples(where: Path) -> Path:
    """Build the example records into ``where``; return the decision's folder."""
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "build", str(ROOT / "records"), "--out", str(where)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"docgen build failed:\n{done.stderr}")
    return where / DECISION


class Converter:
    """LibreOffice with its own profile, converting one .docx at a time."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.profile = (scratch / "lo-profile").as_uri()

    def pdf(self, doc: Version, dest: Path) -> None:
        dest.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(doc, Path):
            shutil.copyfile(doc, dest)
            return
        work = self.scratch / "convert"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        docx = work / (dest.stem + ".docx")
        doc.save(str(docx))
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={self.profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(work),
                str(docx),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=300,
        )
        shutil.move(str(docx.with_suffix(".pdf")), dest)


# ---- editing helpers ---------------------------------------------------------------------------


def body(doc: DocumentObject) -> list[etree._Element]:
    """The body's block elements (paragraphs and tables), without the final sectPr."""
    return [el for el in doc.element.body if el.tag != qn("w:sectPr")]


def text_of(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def find_block(doc: DocumentObject, start: str) -> etree._Element:
    """The one body paragraph whose text starts with ``start`` (label and tab included)."""
    found = [el for el in body(doc) if _visible(el).startswith(start)]
    if len(found) != 1:
        raise SystemExit(f"{len(found)} paragraphs start with {start!r}")
    return found[0]


def _visible(el: etree._Element) -> str:
    out = []
    for node in el.iter(f"{W}t", f"{W}tab"):
        out.append("\t" if node.tag == f"{W}tab" else (node.text or ""))
    return "".join(out)


def replace_text(el: etree._Element, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` inside one w:t of ``el``, exactly ``count`` times."""
    done = 0
    for t in el.iter(f"{W}t"):
        while t.text and old in t.text and done < count:
            t.text = t.text.replace(old, new, 1)
            done += 1
    if done != count:
        raise SystemExit(f"{old!r} found {done} times in {text_of(el)[:60]!r}, wanted {count}")


def renumber(el: etree._Element, shift: Callable[[int], int]) -> None:
    """Renumber a paragraph as Word's author would: its own label ("6.1", "6. Financial …") and
    its cross-references ("paragraph 5.4", "recommendation 2.1(ii)"), section by section."""
    texts = list(el.iter(f"{W}t"))
    for i, t in enumerate(texts):
        s = t.text or ""
        if i == 0:
            s = re.sub(r"^(\d+)(?=\.)", lambda m: str(shift(int(m.group(1)))), s)
        s = re.sub(
            r"\b(paragraphs?|recommendations?) (\d+)\.(\d+)",
            lambda m: f"{m.group(1)} {shift(int(m.group(2)))}.{m.group(3)}",
            s,
        )
        t.text = s


def shifter(by: int, below: int = 10**6, start: int = 0) -> Callable[[int], int]:
    """Section number s becomes s + by when start <= s < below."""
    return lambda s: s + by if start <= s < below else s


def first_text(el: etree._Element) -> etree._Element:
    """The first w:t of ``el`` (the label of a numbered paragraph, the text of a heading)."""
    t = next(el.iter(f"{W}t"), None)
    if t is None:
        raise SystemExit(f"no text in {text_of(el)[:60]!r}")
    return t


def sections(doc: DocumentObject) -> dict[int, list[etree._Element]]:
    """Body blocks by the numbered section ("6. Financial Implications") they sit in."""
    out: dict[int, list[etree._Element]] = {}
    current = 0
    for el in body(doc):
        if el.tag == qn("w:p") and _style(el) == "Heading1":
            m = re.match(r"(\d+)\. ", text_of(el))
            current = int(m.group(1)) if m else current
        if current:
            out.setdefault(current, []).append(el)
    return out


def _style(el: etree._Element) -> str:
    style = el.find(f"{W}pPr/{W}pStyle")
    return "" if style is None else str(style.get(f"{W}val"))


def footer_cell_paragraph(doc: DocumentObject) -> etree._Element:
    """The footer's left cell (docgen writes the footer as a two-cell table: text | Page N of M)."""
    footer = doc.sections[0].footer._element
    cell = footer.find(f"{W}tbl/{W}tr/{W}tc/{W}p")
    if cell is None:
        raise SystemExit("no footer table")
    return cell


def open_paper(src: Path) -> DocumentObject:
    return Document(str(src / "cabinet-paper.docx"))


# ---- the pairs ---------------------------------------------------------------------------------


def long_paper(src: Path, total: int = 150) -> DocumentObject:
    """The cabinet paper made long: sections 1–9 written over and over, each copy's sections
    numbered on (10–18, 19–27, …) with its cross-references following and its headings marked
    "(part N)", up to section ``total``; then the appendices and background papers, numbered
    last."""
    doc = open_paper(src)
    secs = sections(doc)
    main = [n for n in secs if n <= 9]
    tail = [el for n in secs if n > 9 for el in secs[n]]
    anchor = tail[0]
    for number in range(10, total + 1):
        k, n = divmod(number - 1, 9)
        for el in secs[main[n]]:
            new = copy.deepcopy(el)
            renumber(new, shifter(9 * k, below=10))
            if _style(new) == "Heading1":
                last = list(new.iter(f"{W}t"))[-1]
                last.text = f"{last.text} (part {k + 1})"
            anchor.addprevious(new)
    for el in tail:
        renumber(el, shifter(total - 9, start=10))
    return doc


def libreoffice_43_pages(src: Path) -> Pair:
    """43 pages; in the revised, the contract notice date of paragraph 59.2 (part 7) only."""
    original, revised = long_paper(src), long_paper(src)
    replace_text(find_block(revised, "59.2\t"), "17 December 2024", "19 December 2024")
    return original, revised


def set_header_final(doc: DocumentObject, word: str) -> None:
    """The header's right-hand word ("FINAL", bold, after a tab)."""
    runs = [t for t in doc.sections[0].header._element.iter(f"{W}t") if t.text == "FINAL"]
    if len(runs) != 1:
        raise SystemExit("the header has no single FINAL")
    runs[0].text = word


def header_final_revised(src: Path) -> Pair:
    """The header's "FINAL" made "FINAL revised" on every page; nothing else (the footer, which
    also ends "FINAL", is left as it was)."""
    original, revised = open_paper(src), open_paper(src)
    set_header_final(revised, "FINAL revised")
    return original, revised


def final_revised_with_edit(src: Path) -> Pair:
    """The model case in small: the revised says "FINAL revised" in its header and at the end of
    its footer, and paragraph 5.4 says the arrangements "ended on" 12 July 2025 instead of "are
    due to end on" it."""
    original, revised = open_paper(src), open_paper(src)
    set_header_final(revised, "FINAL revised")
    replace_text(
        footer_cell_paragraph(revised), "Contract Award · FINAL", "Contract Award · FINAL revised"
    )
    replace_text(find_block(revised, "5.4\t"), "are due to end on", "ended on")
    return original, revised


def footer_date(src: Path) -> Pair:
    """Both footers end with a date; the revised one has a new date, nothing else changed."""
    original, revised = open_paper(src), open_paper(src)
    for doc, date in ((original, "14 July 2025"), (revised, "18 July 2025")):
        footer = footer_cell_paragraph(doc)
        replace_text(footer, "Contract Award · FINAL", f"Contract Award · FINAL · {date}")
    return original, revised


def exempt_footer_removed(src: Path) -> Pair:
    """The exempt Appendix B; in the revised, "NOT FOR PUBLICATION" is taken out of the header
    (its second line, the whole notice) and out of the footer (its first words), on every page.
    The notice in the body of page 1 stays."""
    path = src / "exempt" / "appendix-b-scores.docx"
    original, revised = Document(str(path)), Document(str(path))
    header = revised.sections[0].header._element
    notice = [p for p in header.iter(f"{W}p") if text_of(p).startswith("NOT FOR PUBLICATION")]
    if len(notice) != 1:
        raise SystemExit("no single notice line in the header")
    notice[0].getparent().remove(notice[0])
    replace_text(footer_cell_paragraph(revised), "NOT FOR PUBLICATION · ", "")
    return original, revised


LONG_FOOTER = (
    "London Borough of Newham · Independent Living Support Service – Contract Award · FINAL · "
    "Published under the Local Authorities (Executive Arrangements) (Meetings and Access to "
    "Information) (England) Regulations 2012. Appendix B is not for publication by virtue of "
    "paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972. Democratic "
    "Services, 1000 Dockside Road, London E16 2QU."
)


def footer_wraps_reflow(src: Path) -> Pair:
    """A footer long enough to wrap to four lines on every page. The revised has the same words
    with narrower margins, body text at 12 pt instead of 11 pt and the footer at 9 pt instead of
    8.5 pt: its lines and pages break in other places; no text changed."""
    original, revised = open_paper(src), open_paper(src)
    for doc in (original, revised):
        footer = footer_cell_paragraph(doc)
        ts = list(footer.iter(f"{W}t"))
        ts[0].text = LONG_FOOTER
        for t in ts[1:]:
            t.text = ""
    section = revised.sections[0]
    section.left_margin = section.right_margin = Mm(18)
    revised.styles["Normal"].font.size = Pt(12)
    revised.styles["Footer"].font.size = Pt(9)
    return original, revised


def new_section(
    anchor: etree._Element,
    like_heading: etree._Element,
    like_para: etree._Element,
    number: int,
    title: str,
    paragraphs: list[str],
) -> None:
    """Insert a numbered section before ``anchor``, made from copies of an existing heading
    and numbered paragraph (so it has their styles)."""
    heading = copy.deepcopy(like_heading)
    ts = list(heading.iter(f"{W}t"))
    ts[0].text = f"{number}. {title}"
    for t in ts[1:]:
        t.text = ""
    anchor.addprevious(heading)
    for i, text in enumerate(paragraphs, 1):
        para = copy.deepcopy(like_para)
        ts = list(para.iter(f"{W}t"))
        ts[0].text = f"{number}.{i}"
        ts[-1].text = text
        for t in ts[1:-1]:
            t.text = ""
        anchor.addprevious(para)


def paper_with_reference(src: Path) -> DocumentObject:
    """The paper with a cross-reference forward, as papers often have: 1.1 ends "(see
    paragraph 6.1)"."""
    doc = open_paper(src)
    replace_text(
        find_block(doc, "1.1\t"), "before inflation.", "before inflation (see paragraph 6.1)."
    )
    return doc


def section_inserted(src: Path) -> Pair:
    """A new section 6, "Consultation" (heading and two paragraphs), inserted before Financial
    Implications; sections 6–11 renumbered 7–12 as Word's author renumbers literal numbers,
    cross-references included: 1.1's "paragraph 6.1" becomes "paragraph 7.1"."""
    original, revised = paper_with_reference(src), paper_with_reference(src)
    secs = sections(revised)
    for blocks in secs.values():
        for el in blocks:
            renumber(el, shifter(1, start=6))
    new_section(
        secs[6][0],
        secs[5][0],
        secs[5][1],
        6,
        "Consultation",
        [
            "Providers, people who use the services and their carers were consulted on the "
            "Lot structure and the service specifications between March and May 2024.",
            "Their responses shaped the sub-categories of the Approved Supplier List and the "
            "weight given to workforce, recruitment and training in the evaluation.",
        ],
    )
    return original, revised


def paragraph_moved(src: Path) -> Pair:
    """Paragraph 3.2 ("An all-age framework with separate Lots …") moved up to the end of the
    Executive Summary, where it is numbered 1.4. It was the last paragraph of section 3 and is
    the last of section 1, so no other paragraph's number changes."""
    original, revised = open_paper(src), open_paper(src)
    moving = find_block(revised, "3.2\t")
    find_block(revised, "1.3\t").addnext(moving)
    first_text(moving).text = "1.4"
    return original, revised


def paragraph_moved_near_twin(src: Path) -> Pair:
    """In the list of Lots under paragraph 5.3, the bullet "Lot 2: Long-Term Care – adults with
    physical disabilities …" moved down past its near twin "Lot 3: Long-Term Care – autistic
    adults …" and past Lot 4, to just before Lot 5 (from page 2 to page 3)."""
    original, revised = open_paper(src), open_paper(src)
    lot2 = find_block(revised, "Lot 2: Long-Term Care")
    find_block(revised, "Lot 4: Domestic Support").addnext(lot2)
    return original, revised


def paragraph_renumbered_only(src: Path) -> Pair:
    """The original skips section number 9 (Other Implications is 10, Appendices 11, Background
    Papers 12, as after a section deleted in draft); the revised puts the numbers right (9, 10,
    11). No word changes; nothing refers to those sections."""
    original, revised = open_paper(src), open_paper(src)
    for blocks in sections(original).values():
        for el in blocks:
            renumber(el, shifter(1, start=9))
    return original, revised


def open_appendix_a(src: Path) -> DocumentObject:
    return Document(str(src / "appendix-a-suppliers.docx"))


def table_after(doc: DocumentObject, heading: str) -> etree._Element:
    found = [el for el in body(doc) if _style(el) == "Heading1" and text_of(el) == heading]
    el = found[0].getnext() if len(found) == 1 else None
    if el is None or el.tag != qn("w:tbl"):
        raise SystemExit(f"no table after {heading!r}")
    return el


def table_row_added(src: Path) -> Pair:
    """Appendix A: a row added at the end of the Lot 4 table (11, Greenway Care Services Ltd,
    01575967, 190 Broadway, London, E13 8AQ). The summary's count is left as it was."""
    original, revised = open_appendix_a(src), open_appendix_a(src)
    add_greenway_to_lot_4(revised)
    return original, revised


def add_greenway_to_lot_4(revised: DocumentObject) -> None:
    table = table_after(revised, "Lot 4: Domestic Support")
    last = table.findall(f"{W}tr")[-1]
    row = copy.deepcopy(last)
    cells = ["11", "Greenway Care Services Ltd", "01575967", "190 Broadway, London, E13 8AQ"]
    for tc, value in zip(row.findall(f"{W}tc"), cells, strict=True):
        first_text(tc).text = value
    last.addnext(row)


def table_row_moved(src: Path) -> Pair:
    """Appendix A's summary table: the row "Lot 4 | Domestic Support | 10" moved up, between
    Lot 1 and Lot 2."""
    original, revised = open_appendix_a(src), open_appendix_a(src)
    rows = table_after(revised, "Summary").findall(f"{W}tr")
    lot4 = [r for r in rows if text_of(r).startswith("Lot 4")]
    lot1 = [r for r in rows if text_of(r).startswith("Lot 1")]
    lot1[0].addnext(lot4[0])
    return original, revised


def table_repeated_header(src: Path) -> Pair:
    """Appendix A as docgen writes it, whose tables repeat their header row when they run on to
    a new page (Lot 2 onto page 2, Lot 5 C onto page 5), against the same file with "repeat as
    header row" turned off in every table: the same words, one header row fewer on a page."""
    original, revised = open_appendix_a(src), open_appendix_a(src)
    marks = list(revised.element.body.iter(f"{W}tblHeader"))
    if not marks:
        raise SystemExit("no repeated header rows")
    for mark in marks:
        mark.getparent().remove(mark)
    return original, revised


def appendix_docgen_vs_libreoffice(src: Path) -> Pair:
    """Appendix A as docgen publishes it (its own PDF, made by Typst: 6 pages, the header row
    repeated where a table runs on) against docgen's Word file of it exported by LibreOffice
    (5 pages, other page breaks, other repeated header rows). Nothing edited: the same text."""
    return src / "appendix-a-suppliers.pdf", open_appendix_a(src)


def appendix_page_added(src: Path) -> Pair:
    """Appendix A with a new last page: a heading "Framework terms" starting a new page and
    one paragraph under it."""
    original, revised = open_appendix_a(src), open_appendix_a(src)
    add_framework_terms_page(revised)
    return original, revised


def add_framework_terms_page(revised: DocumentObject) -> None:
    heading = copy.deepcopy(find_block(revised, "Summary"))
    first_text(heading).text = "Framework terms"
    Paragraph(heading, revised.element.body).paragraph_format.page_break_before = True
    para = copy.deepcopy(find_block(revised, "The suppliers below"))
    ts = list(para.iter(f"{W}t"))
    ts[0].text = (
        "Each appointed supplier signs the framework agreement before 6 October 2025. "
        "Call-off contracts use the Council's standard terms for care and support at home, "
        "and the hourly rates are reviewed each April in line with the London Living Wage."
    )
    for t in ts[1:]:
        t.text = ""
    last = body(revised)[-1]
    last.addnext(heading)
    heading.addnext(para)


def paper_and_appendix(src: Path) -> DocumentObject:
    """The cabinet paper with Appendix A pasted after it, as one Word file: the appendix starts
    on a new page, and the paper's header and footer run on through it."""
    doc = open_paper(src)
    appendix = open_appendix_a(src)
    blocks = [el for el in body(appendix) if text_of(el) or el.tag == qn("w:tbl")]
    end = doc.element.body.find(qn("w:sectPr"))
    if end is None:
        raise SystemExit("the paper has no section properties")
    for i, el in enumerate(blocks):
        new = copy.deepcopy(el)
        if i == 0:
            Paragraph(new, doc.element.body).paragraph_format.page_break_before = True
        end.addprevious(new)
    return doc


def paper_appendix_row_added(src: Path) -> Pair:
    """The paper and Appendix A in one file; in the revised, the same row as table-row-added at
    the end of the appendix's Lot 4 table."""
    original, revised = paper_and_appendix(src), paper_and_appendix(src)
    add_greenway_to_lot_4(revised)
    return original, revised


def paper_appendix_page_added(src: Path) -> Pair:
    """The paper and Appendix A in one file; in the revised, the same new last page as
    appendix-page-added ("Framework terms" and a paragraph), after the appendix."""
    original, revised = paper_and_appendix(src), paper_and_appendix(src)
    add_framework_terms_page(revised)
    return original, revised


def one_figure(src: Path) -> Pair:
    """£254.4m made £245.4m in paragraph 6.1 only; 1.1 still says £254.4m."""
    original, revised = open_paper(src), open_paper(src)
    replace_text(find_block(revised, "6.1\t"), "£254.4m", "£245.4m")
    return original, revised


PAIRS: dict[str, Callable[[Path], Pair]] = {
    "libreoffice-43-pages": libreoffice_43_pages,
    "header-final-revised": header_final_revised,
    "final-revised-with-edit": final_revised_with_edit,
    "footer-date": footer_date,
    "exempt-footer-removed": exempt_footer_removed,
    "footer-wraps-reflow": footer_wraps_reflow,
    "section-inserted": section_inserted,
    "paragraph-moved": paragraph_moved,
    "paragraph-moved-near-twin": paragraph_moved_near_twin,
    "paragraph-renumbered-only": paragraph_renumbered_only,
    "table-row-added": table_row_added,
    "table-row-moved": table_row_moved,
    "table-repeated-header": table_repeated_header,
    "appendix-docgen-vs-libreoffice": appendix_docgen_vs_libreoffice,
    "appendix-page-added": appendix_page_added,
    "one-figure": one_figure,
    "paper-appendix-row-added": paper_appendix_row_added,
    "paper-appendix-page-added": paper_appendix_page_added,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "pdf-pairs")
    parser.add_argument("--only", nargs="*", default=None, help="names of the pairs to make")
    parser.add_argument(
        "--built",
        type=Path,
        default=None,
        help="a `docgen build records --out DIR` folder to take the Word files from "
        "(default: build the examples afresh)",
    )
    args = parser.parse_args(argv)
    names = args.only or list(PAIRS)
    unknown = [n for n in names if n not in PAIRS]
    if unknown:
        parser.error(f"unknown pair(s): {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="pdf-pairs-") as tmp:
        scratch = Path(tmp)
        src = args.built / DECISION if args.built else build_examples(scratch / "out")
        lo = Converter(scratch)
        for name in names:
            original, revised = PAIRS[name](src)
            lo.pdf(original, args.out / name / "original.pdf")
            lo.pdf(revised, args.out / name / "revised.pdf")
            print(f"wrote {args.out / name}/original.pdf, revised.pdf")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
