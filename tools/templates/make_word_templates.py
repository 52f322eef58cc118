"""Build the docxtpl Word templates cabinet_paper.docx and appendix_suppliers.docx (in templates/).

Run from the project root:  .venv/bin/python tools/templates/make_word_templates.py

The templates hold layout only: page, styles, header and footer, and the docxtpl/Jinja tags that
place the context's values. Every number, date and rule arrives already computed in the context.

The renderer turns each prose value into a docxtpl RichTextParagraph whose paragraphs name the
styles in PROSE_STYLES. RichTextParagraph writes its ``parastyle`` argument verbatim into
``<w:pStyle w:val="..."/>``, and Word and LibreOffice look that value up as a style *ID*, not a
display name; so the renderer must pass the IDs below (python-docx:
``docx.styles[name].style_id``), which are the names with the spaces taken out.

Output is byte-for-byte reproducible: the zip entries get a fixed timestamp.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# --- page and measures (twentieths of a point, "twips"; 567 twips = 1 cm) -----------------------
PAGE_W, PAGE_H = 11906, 16838  # A4 portrait
MARGIN = 1417  # 2.5 cm
TEXT_W = PAGE_W - 2 * MARGIN  # 9072 twips = 16 cm
INDENT_1 = 720  # 1.27 cm: where numbered paragraph text starts
INDENT_2 = 1077  # 1.9 cm: bullet and (a) text
INDENT_REC = 1287  # 2.27 cm: recommendation (i) text, its number sits at INDENT_1
INDENT_REC2 = 1854  # 3.27 cm: recommendation (a) text, its number sits at INDENT_REC

FONT = "Arial"
BLACK = "000000"
GREY_TEXT = "595959"  # header, footer, subtitle
RULE = "A0A0A0"  # table borders and header/footer rules (0.5 pt)
SHADE = "D9D9D9"  # table header rows and title-block labels
SHADE_NOTE = "EDEDED"  # revision note box
HF_SIZE = 8.5  # header and footer text, as in the Typst PDF

# The paragraph styles the renderer's RichTextParagraph uses: display name -> style ID.
PROSE_STYLES = {
    "Numbered Para": "NumberedPara",
    "Body Text": "BodyText",
    "List Bullet": "ListBullet",
    "List Alpha": "ListAlpha",
    "Recommendation": "Recommendation",
    "Recommendation 2": "Recommendation2",
    "Subheading": "Subheading",
    # Optional: as "Numbered Para" / "Body Text", but kept with the next paragraph.
    "Numbered Para Intro": "NumberedParaIntro",
    "Body Text Intro": "BodyTextIntro",
}

# Schema order of pPr and rPr children (Word rejects out-of-order properties).
P_ORDER = (  # noqa: SIM905
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
R_ORDER = (  # noqa: SIM905
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()


# --- small XML helpers ---------------------------------------------------------------------------
def el(tag: str, **attrs: str | int) -> etree._Element:
    """A w: element; keyword arguments become w: attributes."""
    e = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        e.set(qn(f"w:{key}"), str(value))
    return e


def sub(parent: etree._Element, tag: str, **attrs: str | int) -> etree._Element:
    child = el(tag, **attrs)
    parent.append(child)
    return child


def ordered(tag: str, order: list[str], children: list[etree._Element]) -> etree._Element:
    """A property element (pPr/rPr) holding children in schema order."""
    parent = el(tag)
    for child in sorted(children, key=lambda c: order.index(etree.QName(c).localname)):
        parent.append(child)
    return parent


def border(side: str, size: int = 4, color: str = RULE, space: int = 0) -> etree._Element:
    return el(side, val="single", sz=size, space=space, color=color)


def rpr(
    *,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: str | None = BLACK,
    font: str | None = FONT,
    lang: bool = False,
) -> etree._Element:
    kids = []
    if font:
        kids.append(el("rFonts", ascii=font, hAnsi=font, cs=font, eastAsia=font))
    if bold is not None:
        kids += [el("b", val=int(bold)), el("bCs", val=int(bold))]
    if italic is not None:
        kids += [el("i", val=int(italic)), el("iCs", val=int(italic))]
    if color:
        kids.append(el("color", val=color))
    if size is not None:
        kids += [el("sz", val=round(size * 2)), el("szCs", val=round(size * 2))]
    if lang:
        kids.append(el("lang", val="en-GB", eastAsia="en-GB", bidi="ar-SA"))
    return ordered("rPr", R_ORDER, kids)


def ppr(
    *,
    before: int | None = None,
    after: int | None = None,
    line: int | None = None,
    line_rule: str = "auto",
    left: int | None = None,
    hanging: int | None = None,
    right: int | None = None,
    tabs: tuple[tuple[str, int], ...] = (),
    keep_next: bool = False,
    keep_lines: bool = False,
    widow: bool | None = None,
    contextual: bool = False,
    jc: str | None = None,
    outline: int | None = None,
    num_id: int | None = None,
    borders: tuple[etree._Element, ...] = (),
    fill: str | None = None,
) -> etree._Element:
    kids = []
    if keep_next:
        kids.append(el("keepNext"))
    if keep_lines:
        kids.append(el("keepLines"))
    if widow is not None:
        kids.append(el("widowControl", val=int(widow)))
    if num_id is not None:
        numpr = el("numPr")
        sub(numpr, "ilvl", val=0)
        sub(numpr, "numId", val=num_id)
        kids.append(numpr)
    if borders:
        pbdr = el("pBdr")
        for b in borders:
            pbdr.append(b)
        kids.append(pbdr)
    if fill:
        kids.append(el("shd", val="clear", color="auto", fill=fill))
    if tabs:
        tabs_el = el("tabs")
        for kind, pos in tabs:
            sub(tabs_el, "tab", val=kind, pos=pos)
        kids.append(tabs_el)
    spacing: dict[str, str | int] = {}
    if before is not None:
        spacing["before"] = before
    if after is not None:
        spacing["after"] = after
    if line is not None:
        spacing["line"] = line
        spacing["lineRule"] = line_rule
    if spacing:
        kids.append(el("spacing", **spacing))
    ind: dict[str, str | int] = {}
    if left is not None:
        ind["left"] = left
    if right is not None:
        ind["right"] = right
    if hanging is not None:
        ind["hanging"] = hanging
    if ind:
        kids.append(el("ind", **ind))
    if contextual:
        kids.append(el("contextualSpacing"))
    if jc:
        kids.append(el("jc", val=jc))
    if outline is not None:
        kids.append(el("outlineLvl", val=outline))
    return ordered("pPr", P_ORDER, kids)


# --- styles --------------------------------------------------------------------------------------
def paragraph_style(
    doc: DocumentObject,
    name: str,
    pPr: etree._Element,
    rPr: etree._Element | None = None,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
) -> None:
    """Create the paragraph style `name`, or rebuild a built-in one, with exactly these properties."""
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if style.type != WD_STYLE_TYPE.PARAGRAPH:
        raise SystemExit(f"{name} exists and is not a paragraph style")
    if based_on and name != "Normal":
        style.base_style = doc.styles[based_on]
    if next_style:
        style.next_paragraph_style = doc.styles[next_style]
    style.quick_style = True
    style.hidden = False
    style.unhide_when_used = False
    elem = style.element
    for tag in ("w:pPr", "w:rPr"):
        for old in elem.findall(qn(tag)):
            elem.remove(old)
    for tag in ("w:semiHidden", "w:unhideWhenUsed"):
        for old in elem.findall(qn(tag)):
            elem.remove(old)
    # pPr and rPr come after name/basedOn/next/link/uiPriority/qFormat/rsid, before tblPr.
    elem.append(pPr)
    if rPr is not None:
        elem.append(rPr)


def character_style_plain(doc: DocumentObject, style_id: str, rPr: etree._Element) -> None:
    """Make a built-in linked character style (e.g. Heading1Char) match its paragraph style."""
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            for old in style.findall(qn("w:rPr")):
                style.remove(old)
            style.append(rPr)


def set_doc_defaults(doc: DocumentObject) -> None:
    """Arial 11 pt, British English, 6 pt after, 1.15 line spacing: styles.xml's docDefaults."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = el("docDefaults")
        styles.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    rdef = sub(defaults, "rPrDefault")
    rdef.append(rpr(size=11, color=None, lang=True))
    pdef = sub(defaults, "pPrDefault")
    pdef.append(ppr(after=120, line=264))


def bullet_numbering(doc: DocumentObject) -> int:
    """Add a one-level bullet list (• at 1.27 cm, text at 1.9 cm) and return its numId."""
    numbering = doc.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    num_id = max(num_ids, default=0) + 1

    abstract = el("abstractNum", abstractNumId=abstract_id)
    sub(abstract, "nsid", val="5D0C3A11")
    sub(abstract, "multiLevelType", val="singleLevel")
    sub(abstract, "tmpl", val="5D0C3A12")
    lvl = sub(abstract, "lvl", ilvl=0)
    sub(lvl, "start", val=1)
    sub(lvl, "numFmt", val="bullet")
    sub(lvl, "lvlText", val="\u2022")
    sub(lvl, "lvlJc", val="left")
    lvl.append(ppr(tabs=(("num", INDENT_2),), left=INDENT_2, hanging=INDENT_2 - INDENT_1))
    lvl.append(rpr(color=None, font=FONT))
    # Every abstractNum must precede every num.
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    num = el("num", numId=num_id)
    sub(num, "abstractNumId", val=abstract_id)
    numbering.append(num)
    return num_id


def define_styles(doc: DocumentObject) -> None:
    set_doc_defaults(doc)

    paragraph_style(
        doc, "Normal", ppr(after=120, line=264, widow=True), rpr(size=11), based_on=None
    )

    # Document furniture.
    paragraph_style(
        doc,
        "Title",
        ppr(before=0, after=240, line=240, keep_next=True, keep_lines=True),
        rpr(size=18, bold=True),
        next_style="Normal",
    )
    character_style_plain(doc, "TitleChar", rpr(size=18, bold=True))
    paragraph_style(
        doc,
        "Subtitle",
        ppr(after=240, keep_next=True),
        rpr(size=11, color=GREY_TEXT),
        next_style="Normal",
    )
    character_style_plain(doc, "SubtitleChar", rpr(size=11, color=GREY_TEXT))
    paragraph_style(
        doc,
        "Heading 1",
        ppr(before=240, after=120, line=240, keep_next=True, keep_lines=True, outline=0),
        rpr(size=13, bold=True),
        next_style="Normal",
    )
    character_style_plain(doc, "Heading1Char", rpr(size=13, bold=True))
    paragraph_style(
        doc,
        "Heading 2",
        ppr(before=200, after=80, line=240, keep_next=True, keep_lines=True, outline=1),
        rpr(size=11, bold=True),
        next_style="Normal",
    )
    character_style_plain(doc, "Heading2Char", rpr(size=11, bold=True))
    paragraph_style(doc, "Council Name", ppr(after=40, keep_next=True), rpr(size=12, bold=True))
    paragraph_style(doc, "Meeting", ppr(after=200, keep_next=True), rpr(size=11))
    paragraph_style(
        doc,
        "Revision Note",
        ppr(
            before=0,
            after=240,
            left=100,
            right=100,
            keep_next=True,
            fill=SHADE_NOTE,
            borders=tuple(
                border(s, color=RULE, space=4) for s in ("top", "left", "bottom", "right")
            ),
        ),
        rpr(bold=True),
    )
    paragraph_style(doc, "Table Note", ppr(after=120, keep_next=True), rpr(italic=True))
    paragraph_style(doc, "Table Text", ppr(before=0, after=0, line=240), rpr(size=11))
    paragraph_style(
        doc,
        "Table Label",
        ppr(before=0, after=0, line=240, keep_next=True),
        rpr(size=11, bold=True),
        based_on="Table Text",
    )

    # The prose styles the renderer's RichTextParagraph names.
    paragraph_style(
        doc,
        "Numbered Para",
        ppr(after=140, left=INDENT_1, hanging=INDENT_1, tabs=(("left", INDENT_1),)),
    )
    paragraph_style(doc, "Body Text", ppr(after=140, left=INDENT_1))
    character_style_plain(doc, "BodyTextChar", rpr())
    # Optional variants for a paragraph that introduces a list ("Cabinet is recommended to:"):
    # the same look, kept on the page with the list's first item.
    paragraph_style(doc, "Numbered Para Intro", ppr(keep_next=True), based_on="Numbered Para")
    paragraph_style(doc, "Body Text Intro", ppr(keep_next=True), based_on="Body Text")
    bullets = bullet_numbering(doc)
    paragraph_style(
        doc,
        "List Bullet",
        ppr(
            after=80,
            left=INDENT_2,
            hanging=INDENT_2 - INDENT_1,
            num_id=bullets,
            tabs=(("left", INDENT_2),),
        ),
    )
    paragraph_style(
        doc,
        "List Alpha",
        ppr(after=80, left=INDENT_2, hanging=INDENT_2 - INDENT_1, tabs=(("left", INDENT_2),)),
    )
    paragraph_style(
        doc,
        "Recommendation",
        ppr(
            after=100, left=INDENT_REC, hanging=INDENT_REC - INDENT_1, tabs=(("left", INDENT_REC),)
        ),
    )
    paragraph_style(
        doc,
        "Recommendation 2",
        ppr(
            after=100,
            left=INDENT_REC2,
            hanging=INDENT_REC2 - INDENT_REC,
            tabs=(("left", INDENT_REC2),),
        ),
        based_on="Recommendation",
    )
    paragraph_style(
        doc,
        "Subheading",
        ppr(before=160, after=80, left=INDENT_1, keep_next=True, keep_lines=True, outline=1),
        rpr(bold=True),
    )

    # Header and footer: small grey text with a hairline rule.
    paragraph_style(
        doc,
        "Header",
        ppr(
            after=0,
            line=240,
            tabs=(("right", TEXT_W),),
            borders=(border("bottom", color=RULE, space=4),),
        ),
        rpr(size=HF_SIZE, color=GREY_TEXT),
    )
    character_style_plain(doc, "HeaderChar", rpr(size=HF_SIZE, color=GREY_TEXT))
    paragraph_style(
        doc,
        "Footer",
        ppr(after=0, line=240, tabs=(("right", TEXT_W),)),
        rpr(size=HF_SIZE, color=GREY_TEXT),
    )
    character_style_plain(doc, "FooterChar", rpr(size=HF_SIZE, color=GREY_TEXT))

    for name, style_id in PROSE_STYLES.items():
        actual = doc.styles[name].style_id
        if actual != style_id:
            raise SystemExit(f"style {name!r} has ID {actual!r}, expected {style_id!r}")


# --- paragraphs, fields, tables ------------------------------------------------------------------
def para(doc: DocumentObject, text: str = "", style: str | None = None) -> Paragraph:
    p = doc.add_paragraph(style=style)
    if text:
        p.add_run(text)  # each tag in one run, so docxtpl sees it whole
    return p


def field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """Append a complex field (PAGE, NUMPAGES) to a python-docx paragraph."""
    p = paragraph._p
    for kind in ("begin", "instr", "separate", "text", "end"):
        r = sub(p, "r")
        if kind == "instr":
            sub(r, "instrText").text = f" {instruction} "
            r[-1].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif kind == "text":
            sub(r, "t").text = placeholder
        else:
            sub(r, "fldChar", fldCharType=kind)


def cell_paragraph(tc: etree._Element, text: str, style: str) -> None:
    p = sub(tc, "p")
    pPr = sub(p, "pPr")
    sub(pPr, "pStyle", val=style.replace(" ", ""))  # a style ID, not its display name
    if text:
        r = sub(p, "r")
        t = sub(r, "t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def table(
    widths: list[int],
    *,
    caption: str = "",
    description: str = "",
    borders: bool = True,
    margins: tuple[int, int, int, int] = (62, 100, 62, 100),
    header_first_row: bool = True,
    header_first_column: bool = False,
) -> etree._Element:
    """An empty fixed-width table (tblPr + tblGrid), ready for rows. header_first_column: the
    first column labels its row (a key-facts table), so Word's table look marks it as headers."""
    tbl = el("tbl")
    tblPr = sub(tbl, "tblPr")
    sub(tblPr, "tblW", w=sum(widths), type="dxa")
    sub(tblPr, "tblInd", w=0, type="dxa")
    if borders:
        b = sub(tblPr, "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b.append(border(side))
    else:
        b = sub(tblPr, "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            sub(b, side, val="nil")
    sub(tblPr, "tblLayout", type="fixed")
    mar = sub(tblPr, "tblCellMar")
    for side, width in zip(("top", "left", "bottom", "right"), margins, strict=True):
        sub(mar, side, w=width, type="dxa")
    sub(
        tblPr,
        "tblLook",
        val="04A0" if header_first_row else "0480" if header_first_column else "0400",
        firstRow=int(header_first_row),
        lastRow=0,
        firstColumn=int(header_first_column),
        lastColumn=0,
        noHBand=1,
        noVBand=1,
    )
    if caption:
        sub(tblPr, "tblCaption", val=caption)
    if description:
        sub(tblPr, "tblDescription", val=description)
    grid = sub(tbl, "tblGrid")
    for w in widths:
        sub(grid, "gridCol", w=w)
    return tbl


def row(
    tbl: etree._Element,
    widths: list[int],
    texts: list[str],
    *,
    header: bool = False,
    cant_split: bool = True,
    shade: list[bool] | None = None,
    styles: list[str] | None = None,
    jc: list[str | None] | None = None,
) -> etree._Element:
    tr = sub(tbl, "tr")
    trPr = sub(tr, "trPr")
    if cant_split:
        sub(trPr, "cantSplit")
    if header:
        sub(trPr, "tblHeader")
    for i, (w, text) in enumerate(zip(widths, texts, strict=True)):
        tc = sub(tr, "tc")
        tcPr = sub(tc, "tcPr")
        sub(tcPr, "tcW", w=w, type="dxa")
        if header or (shade and shade[i]):
            sub(tcPr, "shd", val="clear", color="auto", fill=SHADE)
        style = styles[i] if styles else ("Table Label" if header else "Table Text")
        cell_paragraph(tc, text, style)
        align = jc[i] if jc else None
        if align:
            tc[-1].find(qn("w:pPr")).append(el("jc", val=align))
    return tr


def loop_row(tbl: etree._Element, widths: list[int], tag: str) -> None:
    """A row whose first cell holds a docxtpl {%tr ... %} tag; docxtpl replaces the whole row."""
    row(tbl, widths, [tag] + [""] * (len(widths) - 1), cant_split=False)


def add_body_element(doc: DocumentObject, element: etree._Element) -> None:
    body = doc.element.body
    body.insert(len(body) - 1, element)  # before the final sectPr


# --- page setup, header and footer ---------------------------------------------------------------
def page_setup(doc: DocumentObject) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    sectPr = section._sectPr
    pgSz = sectPr.find(qn("w:pgSz"))
    pgSz.set(qn("w:w"), str(PAGE_W))
    pgSz.set(qn("w:h"), str(PAGE_H))
    pgMar = sectPr.find(qn("w:pgMar"))
    for side in ("top", "right", "bottom", "left"):
        pgMar.set(qn(f"w:{side}"), str(MARGIN))
    pgMar.set(qn("w:header"), "709")
    pgMar.set(qn("w:footer"), "567")
    pgMar.set(qn("w:gutter"), "0")
    for attr in ("rsidR", "rsidRPr", "rsidSect"):
        sectPr.attrib.pop(qn(f"w:{attr}"), None)

    # Header: council name left, status label right (bold), rule below.
    header = section.header
    header.is_linked_to_previous = False
    hp = header.paragraphs[0]
    hp.style = doc.styles["Header"]
    hp.add_run("{{ meta.council_name }}")
    hp.add_run("\t")
    hp.add_run("{{ meta.status_label }}").bold = True

    # Footer: a borderless two-column table (footer text wraps in its own column; page number right).
    footer = section.footer
    footer.is_linked_to_previous = False
    widths = [TEXT_W - 1077, 1077]  # page number column 1.9 cm
    tbl = table(
        widths,
        borders=False,
        margins=(85, 0, 0, 0),
        header_first_row=False,
        description="{{ meta.footer_description }}",
    )
    borders = tbl.find(qn("w:tblPr")).find(qn("w:tblBorders"))
    borders.remove(borders.find(qn("w:top")))
    borders.insert(0, border("top", color=RULE))
    row(
        tbl,
        widths,
        ["{{ meta.footer }}", ""],
        cant_split=True,
        styles=["Footer", "Footer"],
        jc=[None, "right"],
    )
    page_p = tbl.findall(qn("w:tr"))[-1].findall(qn("w:tc"))[1].find(qn("w:p"))
    for r in list(page_p.findall(qn("w:r"))):
        page_p.remove(r)
    page_para = Paragraph(page_p, footer)
    page_para.add_run("{{ meta.page_label }} ")  # "Page" / "Tudalen", in the document's language
    field(page_para, "PAGE", "1")
    page_para.add_run(" {{ meta.page_of_label }} ")
    field(page_para, "NUMPAGES", "1")
    fp = footer.paragraphs[0]
    fp._p.addprevious(tbl)
    # Word needs a paragraph after a table at the end of a footer; make it take no room.
    fp.style = doc.styles["Footer"]
    fp._p.get_or_add_pPr().append(el("spacing", before=0, after=0, line=20, lineRule="exact"))


def tidy_package(doc: DocumentObject) -> None:
    """Blank python-docx's sample core properties, drop its thumbnail, British English settings."""
    cp = doc.core_properties
    cp.author = ""
    cp.last_modified_by = ""
    cp.title = ""
    cp.subject = ""
    cp.comments = ""
    cp.keywords = ""
    cp.category = ""
    cp.revision = 1
    cp.created = datetime(2000, 1, 1)
    cp.modified = datetime(2000, 1, 1)

    # python-docx's sample thumbnail, and the Word 2010 stylesWithEffects copy of the old styles
    # (Word 2010 reads that part in preference to styles.xml, so it must not survive).
    pkg_rels = doc.part.package.rels
    for rId, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg_rels.pop(rId)
    doc_rels = doc.part.rels
    for rId, rel in list(doc_rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc_rels.pop(rId)

    settings = doc.settings.element
    for compat in settings.iter(qn("w:compatSetting")):
        if compat.get(qn("w:name")) == "compatibilityMode":
            compat.set(qn("w:val"), "15")  # Word 2013+ layout, not "Compatibility Mode"
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-GB")
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:
        settings.remove(rsids)
    # Proofing marks left over from python-docx's sample document.
    proof = settings.find(qn("w:proofState"))
    if proof is not None:
        settings.remove(proof)


def rewrite_zip(data: bytes) -> bytes:
    """Fixed timestamps (reproducible builds), Arial theme fonts, plain app.xml."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "word/theme/theme1.xml":
                root = etree.fromstring(blob)
                a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
                for latin in root.iter(f"{a}latin"):
                    if latin.getparent().tag in (f"{a}majorFont", f"{a}minorFont"):
                        latin.set("typeface", FONT)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            if info.filename == "docProps/app.xml":
                blob = (
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/docPropsVTypes"><Template>Normal.dotm</Template>'
                    b"<Application>docgen</Application></Properties>"
                )
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, blob)
    return out.getvalue()


def new_document() -> DocumentObject:
    doc = Document()
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    define_styles(doc)
    page_setup(doc)
    tidy_package(doc)
    return doc


# --- DRAFT watermark (every template; drawn only when meta.is_draft) ------------------------------
WATERMARK_TEXT = "{{ meta.draft_label }}"
"""The watermark's word, in the document's language: "DRAFT" / "DRAFFT"."""
_VML_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
# Word's own text watermark: a VML text-path shape in the header, centred on the margin box,
# rotated 45 degrees, light grey and half transparent, behind the text (negative z-index).
_WATERMARK_RUN = """<w:r {ns}><w:rPr><w:noProof/></w:rPr><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
 path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas><v:f eqn="sum #0 0 10800"/>
<v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/>
<v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/>
<v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/><v:textpath on="t" fitshape="t"/>
<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="DocgenDraftWatermark{n}" o:spid="_x0000_s{spid}" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:453pt;height:151pt;rotation:315;\
z-index:-251655168;mso-position-horizontal:center;mso-position-horizontal-relative:margin;\
mso-position-vertical:center;mso-position-vertical-relative:margin" o:allowincell="f"
 fillcolor="#d9d9d9" stroked="f"><v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;Arial&quot;;font-size:1pt" string="{text}"/>
<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>"""


def draft_watermark(doc: DocumentObject) -> None:
    """Put a DRAFT watermark in every header of doc, kept only when `meta.is_draft` is true.

    The shape's run sits between docxtpl run tags (`{%r if meta.is_draft %}` … `{%r endif %}`)
    at the start of each header's first paragraph, so a cleared or final document has no shape
    and its header text does not move. save() calls this for every template.
    """
    parts = []
    for section in doc.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            if not header.is_linked_to_previous and header._element not in parts:
                parts.append(header._element)
    for n, part in enumerate(parts, start=1):
        if b"DocgenDraftWatermark" in etree.tostring(part):
            continue  # already there
        p = part.find(qn("w:p"))
        if p is None:
            p = sub(part, "p")
        at = 1 if p.find(qn("w:pPr")) is not None else 0
        runs = [
            _tag_run("{%r if meta.is_draft %}"),
            etree.fromstring(
                _WATERMARK_RUN.format(ns=_VML_NS, n=n, spid=2048 + n, text=WATERMARK_TEXT)
            ),
            _tag_run("{%r endif %}"),
        ]
        for offset, run in enumerate(runs):
            p.insert(at + offset, run)


def _tag_run(tag: str) -> etree._Element:
    run = el("r")
    sub(run, "t").text = tag
    return run


def save(doc: DocumentObject, path: Path) -> None:
    draft_watermark(doc)
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(rewrite_zip(buf.getvalue()))
    print(f"wrote {path.relative_to(TEMPLATES.parent)}")


# --- the two templates ---------------------------------------------------------------------------
def cabinet_paper() -> DocumentObject:
    doc = new_document()
    para(doc, "{{ meta.council_name }}", "Council Name")
    para(doc, "{{ meeting_name }} \u2013 {{ meeting_date }}", "Meeting")
    para(doc, "{{ title }}", "Title")
    para(doc, "{%p if revision_note %}")
    para(doc, "{{ revision_note }}", "Revision Note")
    para(doc, "{%p endif %}")

    widths = [2381, TEXT_W - 2381]  # 4.2 cm labels
    tbl = table(
        widths,
        caption="{{ labels.report_details }}",
        description="{{ labels.report_details_description }}",
        header_first_row=False,
        header_first_column=True,
    )
    loop_row(tbl, widths, "{%tr for row in title_rows %}")
    row(
        tbl,
        widths,
        ["{{ row.label }}", "{{ row.value }}"],
        shade=[True, False],
        styles=["Table Label", "Table Text"],
    )
    loop_row(tbl, widths, "{%tr endfor %}")
    add_body_element(doc, tbl)

    para(doc, "{%p for section in sections %}")
    para(doc, "{{ section.number }}. {{ section.title }}", "Heading 1")
    para(doc, "{{p section.body }}")
    para(doc, "{%p endfor %}")
    return doc


def exempt_marking(doc: DocumentObject) -> None:
    """The exempt edition's marking, kept only when `marking` is set (the record marks the
    appendix exempt): a bold black line under the header's names on every page, and a shaded
    box with the marking and the public interest test under the subtitle."""
    header = doc.sections[0].header
    for text, bold in (
        ("{%p if marking %}", False),
        ("{{ marking }}", True),
        ("{%p endif %}", False),
    ):
        line = header.add_paragraph(style=doc.styles["Header"])
        run = line.add_run(text)
        if bold:
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(BLACK)
            run.font.size = Pt(9.5)
    sides = ("top", "left", "bottom", "right")
    box = ppr(
        before=120,
        after=240,
        left=100,
        right=100,
        keep_lines=True,
        fill=SHADE,
        borders=tuple(border(s, size=8, color=BLACK, space=4) for s in sides),
    )
    paragraph_style(doc, "Exempt Notice", box)
    para(doc, "{%p if marking %}")
    notice = para(doc, "", "Exempt Notice")
    notice.add_run("{{ marking }}").bold = True
    notice.add_run().add_break()
    notice.add_run("{{ labels.public_interest_test }}").bold = True
    notice.add_run(" {{ public_interest }}")
    para(doc, "{%p endif %}")


def appendix_suppliers() -> DocumentObject:
    doc = new_document()
    para(doc, "{{ meta.council_name }}", "Council Name")
    para(doc, "{{ heading }}", "Title")
    para(doc, "{{ subtitle }}", "Subtitle")
    exempt_marking(doc)
    para(doc, "{{ intro }}")

    para(doc, "{%p if summary %}")
    para(doc, "{{ labels.summary }}", "Heading 1")
    widths = [1247, TEXT_W - 1247 - 1928, 1928]  # Lot 2.2 cm, Title, Suppliers appointed 3.4 cm
    tbl = table(
        widths, caption="{{ labels.summary }}", description="{{ labels.summary_description }}"
    )
    labels = ["{{ labels.lot }}", "{{ labels.title }}", "{{ labels.suppliers_appointed }}"]
    row(tbl, widths, labels, header=True)
    loop_row(tbl, widths, "{%tr for row in summary %}")
    row(tbl, widths, ["{{ row.lot }}", "{{ row.title }}", "{{ row.appointed }}"])
    loop_row(tbl, widths, "{%tr endfor %}")
    add_body_element(doc, tbl)
    para(doc, "{%p endif %}")

    para(doc, "{%p for table in tables %}")
    para(doc, "{{ table.caption }}", "Heading 1")
    para(doc, "{%p if table.note %}")
    para(doc, "{{ table.note }}", "Table Note")
    para(doc, "{%p endif %}")
    para(doc, "{%p if table.rows %}")
    # No. 1.1 cm, Supplier 6.0 cm, Company number 2.2 cm, Registered address 6.7 cm (wide enough
    # that a typical "123 Street Name, Town, E15 9EQ" stays on one line).
    widths = [624, TEXT_W - 624 - 1247 - 3799, 1247, 3799]
    tbl = table(
        widths,
        caption="{{ table.caption }}",
        description="{{ labels.table_description }}",
    )
    heads = ["number", "supplier", "company_number", "registered_address"]
    row(tbl, widths, [f"{{{{ labels.{h} }}}}" for h in heads], header=True)
    loop_row(tbl, widths, "{%tr for row in table.rows %}")
    row(
        tbl,
        widths,
        ["{{ row.number }}", "{{ row.name }}", "{{ row.company_number }}", "{{ row.address }}"],
    )
    loop_row(tbl, widths, "{%tr endfor %}")
    add_body_element(doc, tbl)
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    # The body must not end with a table (Word wants a final paragraph); this one takes no room.
    end = para(doc)
    end._p.get_or_add_pPr().append(el("spacing", before=0, after=0, line=20, lineRule="exact"))
    return doc


def main() -> int:
    save(cabinet_paper(), TEMPLATES / "cabinet_paper.docx")
    save(appendix_suppliers(), TEMPLATES / "appendix_suppliers.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
