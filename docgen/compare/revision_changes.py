"""Telling a revised paper's changes apart: the revision note, the status label, the rest.

``docgen.compare.revision`` checks that a revised paper differs from its original in exactly
the declared places; these helpers say which changes are expected whatever the declaration
(the revision note, and the status label in headers and footers) and how an undeclared one
is reported.
"""

from __future__ import annotations

from docgen.compare.changes import Change, Side, format_change, where
from docgen.readback.pdftext import flat_keys


def inside(text: str, container: str) -> bool:
    """Whether text, or text less the one word of context either side, is in container."""
    words = text.split()
    inner = " ".join(words[1:-1]) if len(words) > 2 else ""
    keys = flat_keys(container)
    return bool(text) and (flat_keys(text) in keys or bool(inner and flat_keys(inner) in keys))


def is_note(change: Change, note: str | None, old_note: str) -> bool:
    """A change to the revision note: outside the numbered paragraphs, new text inside the note,
    old text empty or the old note."""
    if not note or paragraphs(change) or not inside(change.revised.text, note):
        return False
    old = change.original.text.split()
    return len(old) <= 2 or inside(change.original.text, old_note)


def paragraphs(change: Change) -> set[str]:
    return {p for p in (change.original.paragraph, change.revised.paragraph) if p}


def in_context(side: Side, limit: int = 200) -> str:
    text = " ".join(x for x in (side.before, side.text, side.after) if x)
    return f'"{text if len(text) <= limit else text[: limit - 1].rstrip() + "…"}"'


def undeclared(change: Change) -> str:
    """What changed, where, with a few words either side: "changed p.3 ¶9.1: "…" → "…"."""
    place = "" if paragraphs(change) else " (title block)"
    a, b = change.original, change.revised
    if change.kind in ("furniture", "renumbered"):
        return f"not declared: {format_change(change)}"
    if change.kind == "added":
        what = f"added {where(b)}: {in_context(b)}"
    elif change.kind == "removed":
        what = f"removed {where(a)}: {in_context(a)}"
    else:
        shown = where(a) if where(a) == where(b) else f"{where(a)} → {where(b)}"
        what = f"{change.kind} {shown}: {in_context(a)} → {in_context(b)}"
    return f"not declared{place}: {what}"


def whole_line(side: Side) -> str:
    return " ".join(x for x in (side.before, side.text, side.after) if x)


def is_status(change: Change, old: str, new: str) -> bool:
    """A header or footer whose only change is the status label ("FINAL" → "FINAL revised"),
    which ``_labelled`` checks on its own."""
    if change.kind != "furniture" or not old or old == new:
        return False
    before, after = whole_line(change.original), whole_line(change.revised)
    return flat_keys(before.replace(old, new)) == flat_keys(after)
