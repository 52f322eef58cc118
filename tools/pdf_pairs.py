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
from collections.abc import Callable, Iterator
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

Edit = Callable[[Path], tuple[DocumentObject, DocumentObject]]


# ---- reading and writing -----------------------------------------------------------------------


def build_examples(where: Path) -> Path:
    """Build the example records into ``where``; return the decision's folder."""
    subprocess.run(
        [sys.executable, "-m", "docgen", "build", str(ROOT / "records"), "--out", str(where)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return where / DECISION


class Converter:
    """LibreOffice with its own profile, converting one .docx at a time."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.profile = (scratch / "lo-profile").as_uri()

    def pdf(self, doc: DocumentObject, dest: Path) -> None:
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
        dest.parent.mkdir(parents=True, exist_ok=True)
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


def header_paragraph(doc: DocumentObject) -> Paragraph:
    return doc.sections[0].header.paragraphs[0]


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
            renumber(new, lambda s, k=k: s + 9 * k if s <= 9 else s)
            if _style(new) == "Heading1":
                last = list(new.iter(f"{W}t"))[-1]
                last.text = f"{last.text} (part {k + 1})"
            anchor.addprevious(new)
    for el in tail:
        renumber(el, lambda s: s - 9 + total if s > 9 else s)
    return doc


def libreoffice_43_pages(src: Path) -> tuple[DocumentObject, DocumentObject]:
    """43 pages; in the revised, the contract notice date of paragraph 59.2 (part 7) only."""
    original, revised = long_paper(src), long_paper(src)
    replace_text(find_block(revised, "59.2\t"), "17 December 2024", "19 December 2024")
    return original, revised


PAIRS: dict[str, Callable[[Path], tuple[DocumentObject, DocumentObject]]] = {
    "libreoffice-43-pages": libreoffice_43_pages,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "pdf-pairs")
    parser.add_argument("--only", nargs="*", default=None, help="names of the pairs to make")
    args = parser.parse_args(argv)
    names = args.only or list(PAIRS)
    unknown = [n for n in names if n not in PAIRS]
    if unknown:
        parser.error(f"unknown pair(s): {', '.join(unknown)}")
    with tempfile.TemporaryDirectory(prefix="pdf-pairs-") as tmp:
        scratch = Path(tmp)
        src = build_examples(scratch / "out")
        lo = Converter(scratch)
        for name in names:
            original, revised = PAIRS[name](src)
            lo.pdf(original, args.out / name / "original.pdf")
            lo.pdf(revised, args.out / name / "revised.pdf")
            print(f"wrote {args.out / name}/original.pdf, revised.pdf")
    return 0


def _unused() -> Iterator[object]:  # keep imports for later pairs honest
    yield Mm, Pt


if __name__ == "__main__":
    raise SystemExit(main())
