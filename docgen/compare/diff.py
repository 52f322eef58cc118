"""Compare the text of two PDFs: what changed, was added, removed, moved or renumbered, and where.

``compare_pdfs(original, revised)`` reads both files (``docgen.readback.pdftext.read_compared``:
PDFium, each line with its place on the page), takes the running headers and footers out by
where they sit and how they repeat (``docgen.readback.furniture``) and compares them on their
own (``docgen.compare.furniture``), normalises the body so that layout alone never counts as a
difference (ligatures, soft hyphens, words hyphenated at line ends, spacing, line and page
breaks, page numbers, a table's header row repeated on a new page), aligns the two bodies by
their text without paragraph and row numbers (``docgen.compare.align``) and returns a
``Comparison``. Nothing here prints: ``format_text`` makes a terminal report and
``docgen.compare.html.write_html`` an HTML one.

``Comparison.to_dict()`` gives this JSON structure (stable: the producer tests and other tools
read it):

    {"identical_text": bool,
     "changes": [{"kind": "changed" | "added" | "removed" | "moved" | "renumbered" | "furniture",
                  "original": SIDE, "revised": SIDE,
                  "figures": [{"original": str | null, "revised": str | null}, ...],
                  "position": "header" | "footer" | "watermark" | null,
                  "shift": str | null}],
     "metadata": {"changed": {FIELD: {"original": ..., "revised": ...}},
                  "original": {FIELD: str | null}, "revised": {FIELD: str | null}},
     "pages": {"original": int, "revised": int},
     "record_changes": [{"path": str, "original": str | null, "revised": str | null}, ...]}

    SIDE = {"page": int | null, "pages": [int, ...], "paragraph": str | null,
            "place": str | null, "text": str, "before": str, "after": str}

Kinds:

- "changed": ``text`` is the changed words, widened to whole numbers, sums and dates (a
  changed table cell gives just the cell value); ``before`` and ``after`` hold up to CONTEXT
  words of unchanged text either side.
- "added", "removed", "moved": ``text`` is the whole sentence, paragraph or table row;
  ``before`` and ``after`` are "". The side with no text (the original of an added change,
  the revised of a removed one) has page and paragraph null, ``pages`` [] and empty strings.
  A moved passage is one change with both places, never also added or removed. A table row
  that moved and changed (matched by its table and its label, the supplier's name) is one
  "moved" change too: each side's ``text`` is the row there, ``figures`` its changed cells.
- "renumbered": a run of paragraphs (or of one table's rows) with the same text whose numbers
  all moved by one step: ``paragraph`` holds the range on each side ("2.1–11.3" and
  "3.1–12.3"), ``shift`` the step ("+1"; null when the numbers jumped about), ``text`` is "".
  A number changed by a move alone (two paragraphs swapped, the rows a moved row passed) is
  not reported: the move is.
  For rows, ``place`` names the table. A cross-reference whose number changed ("paragraph 6.1"
  → "paragraph 7.1") is "changed".
- "furniture": a header, footer or watermark (text set at an angle across the page, "DRAFT")
  that differs (``position``); ``text`` is the differing
  words (with a word either side when words were only put in or taken out), ``before`` and
  ``after`` the rest of the line, ``pages`` every page the line is on. One change for each
  difference, however many pages or papers of a pack it is on. A header put in or taken out
  entirely has the other side empty (``pages`` []).

``page`` counts from 1; ``pages`` is [page] except for furniture; ``paragraph`` is the
document's own paragraph number ("1.2", "4.2(a)") or null: a heading or appendix title ends
a paragraph, so text after it has none. ``place`` is the headings above the text ("Appendix
A: Suppliers appointed to each Lot › Lot 1: Reablement"), for a table row followed by the
row's label (its first cell that is not a number), or null. ``figures`` pairs the numbers,
sums of money and dates that differ ("£31.8m" -> "£32.0m"); one only in the original has
revised null, and vice versa. FIELDs are title, author, subject, producer and creator;
``changed`` gets "page_count" too when the page counts differ. ``identical_text`` is false
when there is any change, furniture included (``docgen compare`` exits 1). Furniture changes
come first, then the rest in the order of the original document. "record_changes" is there
only when both PDFs are docgen PDFs (they embed the data they were made from): the differences
between the two sets of data, by place ("sections[4] 5.4", "title_rows Classification",
"tables Lot 2 bidder X Total"); see ``docgen.compare.record_diff``.

Text report lines (``format_text``):

    header: "FINAL" → "FINAL revised", pages 1–14
    footer removed: "NOT FOR PUBLICATION", pages 1–3
    renumbered: paragraphs 2.1–11.3 → 3.1–12.3 (+1)
    changed p.2 ¶1.2: "…7 January 2026,…" → "…14 January 2026,…"
    added p.3 ¶4.2: "…"
    removed p.3 ¶4.2: "…"
    moved p.3 ¶4.2 → p.5 ¶6.1: "…"
    moved p.2 (Lot 1 / Albany Ltd) → p.1 (Lot 1 / Albany Ltd): "…" (changed: 24 → 28)
"""

from __future__ import annotations

from pathlib import Path

from docgen.compare.align import CONTEXT, diff_segments
from docgen.compare.changes import (
    Change,
    Comparison,
    Figure,
    Kind,
    Side,
    format_change,
    format_text,
    where,
)
from docgen.compare.furniture import furniture_changes
from docgen.compare.record_diff import RecordChange, record_changes
from docgen.errors import InputError
from docgen.readback.furniture import furnish, furniture_keys
from docgen.readback.layout import Page
from docgen.readback.pdftext import (
    META_FIELDS,
    PdfText,
    Segment,
    Word,
    extract_pages,
    find_furniture,
    normalise,
    page_lines,
    read_compared,
)
from docgen.readback.segments import body_lines, plain_pages, segments

__all__ = [
    "CONTEXT",
    "META_FIELDS",
    "Change",
    "Comparison",
    "Figure",
    "Kind",
    "RecordChange",
    "Segment",
    "Side",
    "Word",
    "compare_pdfs",
    "compare_texts",
    "diff_segments",
    "extract_pages",
    "find_furniture",
    "format_change",
    "format_text",
    "normalise",
    "page_lines",
    "where",
]


def compare_pdfs(original: Path, revised: Path) -> Comparison:
    """Compare the text and metadata of two PDFs; InputError if either cannot be read."""
    return compare_texts(read_compared(Path(original)), read_compared(Path(revised)))


def _pages(text: PdfText) -> list[Page]:
    return list(text.layout) if text.layout is not None else plain_pages(text.pages)


def compare_texts(original: PdfText, revised: PdfText) -> Comparison:
    """Compare two PDFs already read (``docgen.readback.pdftext.read_compared``, or
    ``read_pdf``: without positions, headers and footers are told by line order alone).

    When both are docgen PDFs (they embed their data), the result also lists the differences
    between the two sets of data as ``record_changes``.
    """
    pages_a, pages_b = _pages(original), _pages(revised)
    keys = furniture_keys(pages_a) | furniture_keys(pages_b)
    fa, fb = furnish(pages_a, keys), furnish(pages_b, keys)
    bodies = []
    for name, pages, found in ((original.name, pages_a, fa), (revised.name, pages_b, fb)):
        body = segments(body_lines(found.body, positioned=all(p.positioned for p in pages)))
        if not body:
            raise InputError(
                f"{name}: the PDF has no text layer apart from headers, footers and page "
                "numbers (it may be a scanned image); run OCR on it and compare the OCRed copy"
            )
        bodies.append(body)
    records = None
    if original.data is not None and revised.data is not None:
        records = tuple(record_changes(original.data, revised.data))
    changes = furniture_changes(fa, fb) + diff_segments(bodies[0], bodies[1])
    return Comparison(
        tuple(changes),
        original.metadata,
        revised.metadata,
        len(pages_a),
        len(pages_b),
        records,
    )
