"""One page numbering across an agenda pack: take out each document's own "Page n of m" and
stamp the pack's in its place.

docgen's PDFs (templates/lib/docgen.typ) draw the footer inside a marked-content pagination
artifact (`/Artifact <</Subtype /Footer>> BDC … EMC`): the footer text on the left and the page
number in a right-hand column. The page number is the footer's text object that starts right of
the page's middle; it is removed from the content stream, and a Typst overlay page with the
pack's "Page N of M" at the same baseline, right-aligned to the same margin, is merged on top.
A page without such a footer keeps its content and gets a white patch under the stamp instead.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

import typst
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ContentStream, DictionaryObject

from docgen.build.engine import DEFAULT_TEMPLATES
from docgen.errors import RenderError
from docgen.render.pdf import fonts

FALLBACK_MARGIN = 70.866  # 2.5 cm in points, docgen.typ's side margin
FALLBACK_BASELINE = 30.0
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

OVERLAY = b"""
#let pages = json(bytes(sys.inputs.at("pages")))
#set text(font: "Liberation Sans", size: 8.5pt, fill: luma(90), lang: "en", region: "GB")
#for p in pages {
  let stamp = text(top-edge: "baseline", bottom-edge: "baseline", p.label)
  let y = (p.height - p.baseline) * 1pt
  page(width: p.width * 1pt, height: p.height * 1pt, margin: 0pt, foreground: {
    if p.cover {
      place(top + left, dx: (p.right - 90) * 1pt, dy: y - 9pt,
        rect(width: 90pt, height: 13pt, fill: white, stroke: none))
    }
    place(top + left, dx: (p.right - 200) * 1pt, dy: y, box(width: 200pt, align(right, stamp)))
  })[]
}
"""


@dataclass(frozen=True)
class FooterSpot:
    """Where a page's number goes: page size, baseline and right edge, in PDF points."""

    width: float
    height: float
    baseline: float
    right: float
    cover: bool  # no docgen footer was found: paint a white patch under the stamp


@dataclass
class _Group:
    start: int
    end: int = -1
    x: float | None = None
    y: float = 0.0


def remove_page_numbers(page: PageObject) -> FooterSpot:
    """Take the page-number text out of a docgen footer; say where the new number goes."""
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    fallback = FooterSpot(width, height, FALLBACK_BASELINE, width - FALLBACK_MARGIN, True)
    content = page.get_contents()
    if content is None:
        return fallback
    stream = ContentStream(content, page.pdf)
    groups = _footer_groups(stream.operations)
    numbers = [g for g in groups if g.x is not None and g.x > width / 2]
    texts = [g.x for g in groups if g.x is not None]
    if not numbers:
        return fallback
    drop = {i for g in numbers for i in range(g.start, g.end + 1)}
    stream.operations = [op for i, op in enumerate(stream.operations) if i not in drop]
    page.replace_contents(stream)
    return FooterSpot(width, height, numbers[0].y, width - min(texts), False)


def _footer_groups(operations: list[tuple[Any, Any]]) -> list[_Group]:
    """The top-level q…Q groups inside footer artifacts, with where their text starts."""
    groups: list[_Group] = []
    stack: list[Matrix] = []
    ctm, depth, level = IDENTITY, 0, 0
    for index, (operands, operator) in enumerate(operations):
        if operator in (b"BDC", b"BMC"):
            depth = depth + 1 if depth else int(_is_footer(operator, operands))
        elif operator == b"EMC" and depth:
            depth -= 1
        elif operator == b"q":
            stack.append(ctm)
            if depth:
                level += 1
                if level == 1:
                    groups.append(_Group(index))
        elif operator == b"Q":
            ctm = stack.pop() if stack else IDENTITY
            if depth and level:
                level -= 1
                if level == 0:
                    groups[-1].end = index
        elif operator == b"cm":
            ctm = _multiply(tuple(float(v) for v in operands), ctm)  # type: ignore[arg-type]
        elif operator == b"BT" and depth and level and groups[-1].x is None:
            groups[-1].x, groups[-1].y = ctm[4], ctm[5]
    return [g for g in groups if g.end >= 0]


def _is_footer(operator: bytes, operands: list[Any]) -> bool:
    if operator != b"BDC" or len(operands) < 2 or operands[0] != "/Artifact":
        return False
    props = operands[1]
    return isinstance(props, DictionaryObject) and props.get("/Subtype") == "/Footer"


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n for PDF's row-vector matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def stamp_pages(writer: PdfWriter, spots: list[FooterSpot]) -> None:
    """Merge "Page N of M" onto every page of the writer, at each page's spot."""
    if not spots:
        return
    overlay = PdfReader(_overlay(spots))
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        page.merge_page(stamp)


def _overlay(spots: list[FooterSpot]) -> Any:
    import io

    total = len(spots)
    pages = [asdict(s) | {"label": f"Page {n} of {total}"} for n, s in enumerate(spots, start=1)]
    try:
        compiler = typst.Compiler(
            OVERLAY, font_paths=fonts(DEFAULT_TEMPLATES / "fonts"), ignore_system_fonts=True
        )
        pdf = compiler.compile(format="pdf", sys_inputs={"pages": json.dumps(pages)}, timestamp=0)
    except typst.TypstError as exc:
        raise RenderError(f"the page-number overlay did not compile: {exc.message}") from exc
    if not isinstance(pdf, bytes):
        raise RenderError("the page-number overlay: Typst returned no PDF")
    return io.BytesIO(pdf)
