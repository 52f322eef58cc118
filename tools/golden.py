"""The golden text of the example pack: each example document's words, committed, read by a person
and compared by tests/test_golden.py. `make golden` (python tools/golden.py) builds the example
into a temporary folder and rewrites tests/golden/ from it.

The set: for each decision, its paper, each appendix (public and exempt edition) and its decision
notice, as PDF and as Word, and the notice's HTML edition; for each award, one letter of each
outcome in its manifest (the first in manifest order), as PDF and as Word. The revised decision
keeps only its paper: its other documents differ from the original decision's only by "FINAL
revised" in the running header and footer. A golden file's path is the document's path in the
output folder with ".txt" added.

What is normalised, and why: the golden text must change when the documents' words change, and not
when pypdf, python-docx or the fonts' text mapping change.
- PDF (pypdf): text per page, each page headed `--- page N ---`; Unicode NFKC (ligatures and
  no-break spaces become plain letters and spaces, however the extractor reports them); whitespace
  runs collapsed. Lines are joined into one paragraph per line where pypdf shows a wrapped line
  (it ends in a space, or in a hyphen after a letter or digit, joined without a space; the
  running footer, ending "Page N of M", stays on its own line), which makes the file readable.
  But line breaks inside a page are not significant: the comparison is of each page's sequence
  of words, so a different line-breaking by a newer pypdf does not fail the test.
- Word (python-docx opens the file; the text is read from its XML, not from python-docx's text
  properties, which have changed between versions): one line per non-empty paragraph and one line
  per table row (cells joined by " | ", paragraphs inside a cell by " / "), in document order, then
  each section's headers and footers under `--- section N <kind> ---`. Tabs and line breaks inside
  a paragraph become spaces, whitespace runs collapse; field codes and deleted text are left out.
  Lines are significant: Word's paragraphs are the file's own structure.
- HTML: the page title, then one line per block (paragraph, heading, list item, caption, table
  row with cells joined by " | "); styles and scripts are left out; whitespace runs collapse.
Bytes are never compared: the files carry dates, hashes and compressed streams.
"""

from __future__ import annotations

import csv
import difflib
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pypdf

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records"
GOLDEN = ROOT / "tests" / "golden"
HINT = (
    "If the change is intended, run `make golden` and commit tests/golden/ only after a person "
    "has read the new text (see tests/golden/README.md)."
)
PAPER_ONLY = frozenset({"ilss-cabinet-2025-07-22-rev1"})
FOOTER = re.compile(r"Page \d+ of \d+$")  # the running footer stands alone, not joined to text
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DIFF_LINES = 40


def collapse(text: str) -> str:
    """The text with every whitespace run (no-break spaces included) as one space, trimmed."""
    return " ".join(text.split())


# PDF


def pdf_text(path: Path) -> str:
    """The PDF's text, page by page, one paragraph per line where the line breaks show it."""
    pages = pypdf.PdfReader(path).pages
    return "\n".join(
        f"--- page {number} ---\n" + "\n".join(_paragraphs(page.extract_text()))
        for number, page in enumerate(pages, 1)
    )


def _paragraphs(page: str) -> list[str]:
    """Join pypdf's lines where a line was wrapped: it ends in a space or in a word's hyphen."""
    paragraphs: list[str] = []
    joining = False
    for raw in unicodedata.normalize("NFKC", page).splitlines():
        line = collapse(raw)
        if not line:
            continue
        if joining and paragraphs and not FOOTER.search(line):
            glue = "" if paragraphs[-1].endswith("-") else " "
            paragraphs[-1] += glue + line
        else:
            paragraphs.append(line)
        joining = raw.endswith((" ", "\t")) or re.search(r"[^\W_]-$", line) is not None
    return paragraphs


# Word


def docx_text(path: Path) -> str:
    """The Word file's paragraphs and table rows in document order, then headers and footers."""
    document = docx.Document(str(path))
    lines = list(_blocks(document.element.body))
    for number, section in enumerate(document.sections, 1):
        for kind in ("first_page_header", "header", "even_page_header"):
            lines += _part(getattr(section, kind), number, kind)
        for kind in ("first_page_footer", "footer", "even_page_footer"):
            lines += _part(getattr(section, kind), number, kind)
    return "\n".join(lines)


def _part(part: Any, number: int, kind: str) -> list[str]:
    """A header's or footer's lines under its marker, or none when it is the previous one's."""
    if part.is_linked_to_previous:
        return []
    return [f"--- section {number} {kind.replace('_', ' ')} ---", *_blocks(part._element)]


def _blocks(container: Any) -> Iterator[str]:
    """One line per non-empty paragraph and per table row directly inside container."""
    for child in container:
        if child.tag == W + "p":
            text = _run_text(child)
            if text:
                yield text
        elif child.tag == W + "tbl":
            yield from _rows(child)
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _blocks(child)


def _rows(table: Any) -> Iterator[str]:
    """One line per table row: its cells' text joined by " | "."""
    for row in table.iter(W + "tr"):
        if row.getparent() is not table:
            continue
        cells = [
            " / ".join(_blocks(cell)) for cell in row.iter(W + "tc") if cell.getparent() is row
        ]
        if any(cells):
            yield "| " + " | ".join(cells) + " |"


def _run_text(paragraph: Any) -> str:
    """A paragraph's visible text: w:t in order, tabs and breaks as spaces; no field codes."""
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
        elif node.tag == W + "noBreakHyphen":
            parts.append("-")
    return collapse("".join(parts))


# HTML

BLOCKS = frozenset(
    {"title", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption", "tr", "div", "header"}
    | {"footer", "main", "nav", "section", "article", "aside", "ul", "ol", "table", "thead"}
    | {"tbody", "dl", "dt", "dd", "blockquote", "figure", "figcaption"}
)
CELLS = frozenset({"td", "th"})
HIDDEN = frozenset({"style", "script", "template"})


class _HtmlLines(HTMLParser):
    """Collects one line per block of an HTML page, table cells joined by " | "."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def flush(self) -> None:
        line = collapse("".join(self.current))
        if line.strip("| "):
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCKS:
            self.flush()
        elif tag in CELLS:
            self.current.append(" | ")
        elif tag == "br":
            self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden -= 1
        elif tag in BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.current.append(data)


def html_text(path: Path) -> str:
    """The HTML page's title and blocks, one per line."""
    parser = _HtmlLines()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    parser.flush()
    return "\n".join(line.removeprefix("| ") for line in parser.lines)


READERS = {".pdf": pdf_text, ".docx": docx_text, ".html": html_text}


# The set, the golden files and the comparison


def documents(papers: Path, letters: Path) -> dict[str, Path]:
    """Each golden file's name (its document's path in the output folder, plus .txt) and the
    document built, from a papers build and a letters build of the example records."""
    chosen = {
        f"{path.relative_to(papers)}.txt": path
        for folder in _decisions(papers)
        for path in _paper_documents(folder)
    }
    return chosen | {f"{path.relative_to(letters)}.txt": path for path in _letters(letters)}


def _decisions(papers: Path) -> list[Path]:
    return sorted(notice.parent for notice in papers.glob("*/decision-notice.pdf"))


def _paper_documents(folder: Path) -> list[Path]:
    """A decision's paper, appendices and notice (PDF, Word; the notice's HTML too)."""
    found = [*folder.glob("*.pdf"), *folder.glob("*.docx"), *folder.glob("exempt/*")]
    found += folder.glob("decision-notice.html")
    if folder.name in PAPER_ONLY:
        found = [p for p in found if not p.stem.startswith(("appendix-", "decision-notice"))]
    return sorted(p for p in found if p.suffix in READERS)


def _letters(letters: Path) -> list[Path]:
    """The first letter of each outcome in each award's manifest, as Word and PDF."""
    chosen: list[Path] = []
    for manifest in sorted(letters.glob("*/letters/manifest.csv")):
        seen: set[str] = set()
        with manifest.open(newline="", encoding="utf-8") as rows:
            for row in csv.DictReader(rows):
                if row["outcome"] not in seen:
                    seen.add(row["outcome"])
                    chosen += [manifest.parent / row["docx"], manifest.parent / row["pdf"]]
    return chosen


def texts(papers: Path, letters: Path) -> dict[str, str]:
    """Each golden file's name and the normalised text of its document as built."""
    return {
        name: READERS[path.suffix](path) + "\n" for name, path in documents(papers, letters).items()
    }


def canonical(name: str, text: str) -> list[str]:
    """What is compared: a PDF's words page by page; otherwise the lines."""
    if name.endswith(".pdf.txt"):
        return [
            " ".join(page.split()) for page in re.split(r"^--- page \d+ ---$", text, flags=re.M)
        ]
    return [line.rstrip() for line in text.strip().splitlines()]


def compare(fresh: dict[str, str], golden: Path) -> list[str]:
    """One message per golden file missing, left over or different (with the first
    differences as a unified diff); none when the built documents match tests/golden/."""
    stored = {str(p.relative_to(golden)): p for p in sorted(golden.rglob("*.txt"))}
    problems = [f"no golden file {name}" for name in fresh if name not in stored]
    problems += [
        f"golden file {name} has no document in the build" for name in stored.keys() - fresh.keys()
    ]
    for name, text in fresh.items():
        if name in stored:
            old = stored[name].read_text(encoding="utf-8")
            if canonical(name, old) != canonical(name, text):
                problems.append(_diff(name, old, text))
    return [*problems, HINT] if problems else []


def _diff(name: str, old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), f"golden/{name}", f"built/{name}", lineterm="", n=1
    )
    shown = list(lines)
    more = f"\n… {len(shown) - DIFF_LINES} more diff lines" if len(shown) > DIFF_LINES else ""
    return "\n".join(shown[:DIFF_LINES]) + more


def write(fresh: dict[str, str], golden: Path) -> None:
    """Write each golden file and remove those no longer in the set (README.md stays)."""
    for old in golden.rglob("*.txt"):
        if str(old.relative_to(golden)) not in fresh:
            old.unlink()
    for name, text in fresh.items():
        target = golden / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def build_example(out: Path) -> tuple[Path, Path]:
    """Build the example papers and letters into out/papers and out/letters."""
    from docgen import pipeline

    papers, letters = out / "papers", out / "letters"
    pipeline.build_papers([RECORDS], papers)
    pipeline.build_letters([RECORDS], letters)
    return papers, letters


def main() -> int:
    """Rebuild the example in a temporary folder and rewrite tests/golden/ from it."""
    with tempfile.TemporaryDirectory(prefix="docgen-golden-") as tmp:
        fresh = texts(*build_example(Path(tmp)))
    write(fresh, GOLDEN)
    print(
        f"{len(fresh)} golden files written to {GOLDEN.relative_to(ROOT)}/; read them, then commit."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
