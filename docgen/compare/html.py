"""A self-contained HTML report of a PDF comparison: summary, changes side by side, metadata.

``write_html(comparison, original_name, revised_name)`` returns the page as a string; it has
no external assets (styles are inline), and every piece of text from the PDFs is escaped.
Deleted text is marked ``<del>`` (red), inserted text ``<ins>`` (green), moved text ``<mark>``.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from docgen.compare.changes import page_ranges
from docgen.compare.diff import META_FIELDS, Change, Comparison, Side, where

_STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Arial, sans-serif; color: #1b1b1b;
       margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.files { color: #444; margin-top: 0; }
.summary { border-left: 6px solid #1d70b8; background: #f3f7fb; padding: .75rem 1rem; }
.summary.same { border-color: #00703c; background: #f0f8f3; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #c8c8c8; padding: .5rem .6rem; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; }
th { background: #f2f2f2; }
col.num { width: 6.5rem; } col.field { width: 10rem; }
.where { display: block; font-size: .8rem; color: #555; margin-bottom: .2rem; }
.kind { display: inline-block; white-space: nowrap; font-size: .75rem; font-weight: 600; text-transform: uppercase;
        padding: 0 .35rem; border-radius: 3px; color: #fff; background: #505a5f; }
.kind.changed { background: #1d70b8; } .kind.added { background: #00703c; }
.kind.removed { background: #d4351c; } .kind.moved { background: #6f3c97; }
.kind.renumbered { background: #505a5f; } .kind.furniture { background: #594d00; }
del { background: #fbe3e0; color: #8b1a0e; text-decoration: line-through; }
ins { background: #dff2e5; color: #005a30; text-decoration: none; font-weight: 600; }
mark { background: #efe4f7; color: #3e1f57; }
.ctx { color: #555; } .none { color: #777; font-style: italic; }
.figures { font-size: .85rem; color: #333; background: #fafafa; }
tr.diff td { background: #fff8e1; }
"""


def _side_html(side: Side, tag: str, absent: str) -> str:
    """One side of a change: its place, then context and the marked text."""
    if not side.text and side.page is None:
        return f'<span class="none">({absent})</span>'
    place = f'<span class="where">{escape(where(side))}</span>' if where(side) else ""
    before = f'<span class="ctx">…{escape(side.before)} </span>' if side.before else ""
    after = f'<span class="ctx"> {escape(side.after)}…</span>' if side.after else ""
    return f"{place}{before}<{tag}>{escape(side.text)}</{tag}>{after}"


def _figures_html(change: Change) -> str:
    def show(value: str | None) -> str:
        return escape(value) if value is not None else "—"

    pairs = [f"{show(f.original)} → {show(f.revised)}" for f in change.figures]
    return f'<tr><td></td><td class="figures" colspan="2">Figures: {"; ".join(pairs)}</td></tr>'


def _special_html(change: Change, side: Side, tag: str, absent: str) -> str:
    """One side of a header or footer change, or of a renumbering."""
    if change.kind == "renumbered":
        what = "rows" if side.place else "paragraphs"
        return f'<span class="where">{what}</span>{escape(side.paragraph or "")}'
    if not side.text and not side.pages:
        return f'<span class="none">({absent})</span>'
    pages = f'<span class="where">{change.position}, pages {page_ranges(side.pages)}</span>'
    before = f'<span class="ctx">{escape(side.before)} </span>' if side.before else ""
    after = f'<span class="ctx"> {escape(side.after)}</span>' if side.after else ""
    return f"{pages}{before}<{tag}>{escape(side.text)}</{tag}>{after}"


def _change_rows(number: int, change: Change) -> str:
    if change.kind in ("renumbered", "furniture"):
        left = _special_html(change, change.original, "del", "not in the original")
        right = _special_html(change, change.revised, "ins", "not in the revised")
        shift = f" ({escape(change.shift)})" if change.shift else ""
        kind = f'<span class="kind {change.kind}">{change.kind}</span>{shift}'
        return f"<tr><td>{number}<br>{kind}</td><td>{left}</td><td>{right}</td></tr>"
    moved = change.kind == "moved"
    left = _side_html(change.original, "mark" if moved else "del", "not in the original")
    right = _side_html(change.revised, "mark" if moved else "ins", "not in the revised")
    kind = f'<span class="kind {change.kind}">{change.kind}</span>'
    row = f"<tr><td>{number}<br>{kind}</td><td>{left}</td><td>{right}</td></tr>"
    return row + (_figures_html(change) if change.figures else "")


def _summary(c: Comparison) -> str:
    if c.identical_text:
        text = "The text is identical: only layout or metadata differ, if anything."
        return f'<p class="summary same">{escape(text)}</p>'
    counts = Counter(ch.kind for ch in c.changes)
    kinds = ", ".join(
        f"{n} {k}"
        for k in ("furniture", "renumbered", "changed", "added", "removed", "moved")
        if (n := counts[k])
    )
    total = len(c.changes)
    return f'<p class="summary">{total} difference{"s" if total != 1 else ""} in the text: {kinds}.</p>'


def _changes_table(c: Comparison, original_name: str, revised_name: str) -> str:
    if c.identical_text:
        return ""
    rows = "".join(_change_rows(i, ch) for i, ch in enumerate(c.changes, start=1))
    head = f"<tr><th>#</th><th>{escape(original_name)}</th><th>{escape(revised_name)}</th></tr>"
    return (
        '<h2>Differences in the text</h2><table class="changes"><colgroup><col class="num">'
        f"<col><col></colgroup><thead>{head}</thead><tbody>{rows}</tbody></table>"
    )


def _cell(value: object) -> str:
    return escape(str(value)) if value is not None else '<span class="none">(none)</span>'


def _metadata_row(name: str, original: object, revised: object) -> str:
    marked = ' class="diff"' if original != revised else ""
    return f"<tr{marked}><th>{escape(name)}</th><td>{_cell(original)}</td><td>{_cell(revised)}</td></tr>"


def _metadata_table(c: Comparison) -> str:
    rows = [
        _metadata_row(f, c.original_metadata.get(f), c.revised_metadata.get(f)) for f in META_FIELDS
    ]
    rows.append(_metadata_row("page count", c.original_pages, c.revised_pages))
    return (
        '<h2>Metadata</h2><table class="metadata"><colgroup><col class="field"><col><col>'
        "</colgroup><thead><tr><th>Field</th><th>Original</th><th>Revised</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def write_html(c: Comparison, original_name: str, revised_name: str) -> str:
    """The comparison as one self-contained HTML page."""
    names = f"{escape(original_name)} → {escape(revised_name)}"
    changed = len(c.metadata_changed)
    meta_note = {0: "", 1: "1 metadata field differs."}.get(
        changed, f"{changed} metadata fields differ."
    )
    pages = f"Pages: {c.original_pages} in the original, {c.revised_pages} in the revised."
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Comparison: {names}</title><style>{_STYLE}</style></head><body>"
        f'<h1>Comparison of two PDFs</h1><p class="files">Original: <strong>'
        f"{escape(original_name)}</strong> · Revised: <strong>{escape(revised_name)}</strong>"
        f"<br>{pages} {meta_note}</p>{_summary(c)}"
        f"{_changes_table(c, original_name, revised_name)}{_metadata_table(c)}</body></html>\n"
    )
