"""The result of comparing two documents: changes, where they are, and a plain-text report.

``docgen.compare`` makes a ``Comparison``; this module holds its parts (``Change``, ``Side``,
``Figure``) and ``format_text``, the report for a terminal. The JSON structure of
``Comparison.to_dict()`` is described in ``docgen.compare``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from docgen.compare.record_diff import RecordChange
from docgen.readback.pdftext import META_FIELDS

Kind = Literal["changed", "added", "removed", "moved", "renumbered", "furniture"]
Position = Literal["header", "footer", "watermark"]


@dataclass(frozen=True)
class Side:
    """Where a change sits in one document, its text there and a little context."""

    page: int | None = None
    paragraph: str | None = None
    text: str = ""
    before: str = ""
    after: str = ""
    pages: tuple[int, ...] = ()  # furniture: every page the line is on; otherwise (page,)
    place: str | None = None  # the headings above it, and a table row's label

    def to_dict(self) -> dict[str, Any]:
        pages = list(self.pages) or ([self.page] if self.page is not None else [])
        return {
            "page": self.page,
            "pages": pages,
            "paragraph": self.paragraph,
            "place": self.place,
            "text": self.text,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class Figure:
    """A number, sum of money or date that differs; None where the other side has none."""

    original: str | None
    revised: str | None


@dataclass(frozen=True)
class Change:
    kind: Kind
    original: Side
    revised: Side
    figures: tuple[Figure, ...] = ()
    position: Position | None = None  # furniture only: "header", "footer" or "watermark"
    shift: str | None = None  # renumbered only: "+1", "-2" (None when the numbers jump about)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "original": self.original.to_dict(),
            "revised": self.revised.to_dict(),
            "figures": [asdict(f) for f in self.figures],
            "position": self.position,
            "shift": self.shift,
        }


@dataclass(frozen=True)
class Comparison:
    changes: tuple[Change, ...]
    original_metadata: dict[str, str | None]
    revised_metadata: dict[str, str | None]
    original_pages: int
    revised_pages: int
    record_changes: tuple[RecordChange, ...] | None = None  # None unless both carry docgen data

    @property
    def identical_text(self) -> bool:
        """No difference at all in what a reader sees: body, headers and footers."""
        return not self.changes

    @property
    def metadata_changed(self) -> dict[str, dict[str, Any]]:
        a, b = self.original_metadata, self.revised_metadata
        out: dict[str, dict[str, Any]] = {}
        for key in (k for k in META_FIELDS if a.get(k) != b.get(k)):
            out[key] = {"original": a.get(key), "revised": b.get(key)}
        if self.original_pages != self.revised_pages:
            out["page_count"] = {"original": self.original_pages, "revised": self.revised_pages}
        return out

    def to_dict(self) -> dict[str, Any]:
        original, revised = dict(self.original_metadata), dict(self.revised_metadata)
        return {
            "identical_text": self.identical_text,
            "changes": [c.to_dict() for c in self.changes],
            "metadata": {
                "changed": self.metadata_changed,
                "original": original,
                "revised": revised,
            },
            "pages": {"original": self.original_pages, "revised": self.revised_pages},
        } | self._records_dict()

    def _records_dict(self) -> dict[str, Any]:
        if self.record_changes is None:
            return {}
        return {"record_changes": [r.to_dict() for r in self.record_changes]}


# ---- reporting -----------------------------------------------------------------------------


def where(side: Side) -> str:
    """Where one side of a change is: "p.2 ¶1.2", "p.5 (Lot 1: Reablement / Castle Care Ltd)",
    "p.2" or "" for no page."""
    page = f"p.{side.page}" if side.page is not None else ""
    if side.paragraph:
        return f"{page} ¶{side.paragraph}".strip()
    if side.place:
        last = side.place.split(" › ")[-1]
        shown = last if len(last) <= 60 else last[:59].rstrip() + "…"
        return f"{page} ({shown})".strip()
    return page


def page_ranges(pages: tuple[int, ...] | list[int]) -> str:
    """Pages as ranges: "1–4, 6, 8–10"."""
    out: list[str] = []
    run: list[int] = []
    for page in sorted(set(pages)):
        if run and page != run[-1] + 1:
            out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
            run = []
        run.append(page)
    if run:
        out.append(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(out)


def _quote(side: Side, limit: int = 160) -> str:
    text = side.text if len(side.text) <= limit else side.text[: limit - 1].rstrip() + "…"
    return f'"{"…" if side.before else ""}{text}{"…" if side.after else ""}"'


def format_change(c: Change) -> str:
    """One line for a change: ``changed p.2 ¶1.2: "…7 January 2026,…" → "…14 January 2026,…"``,
    ``header: "FINAL" → "FINAL revised", pages 1–14``,
    ``renumbered: paragraphs 2.1–11.3 → 3.1–12.3 (+1)``."""
    if c.kind == "furniture":
        a, b = c.original, c.revised
        if not b.pages and not b.text:
            return f'{c.position} removed: "{a.text}", pages {page_ranges(a.pages)}'
        if not a.pages and not a.text:
            return f'{c.position} added: "{b.text}", pages {page_ranges(b.pages)}'
        return f'{c.position}: "{a.text}" → "{b.text}", pages {page_ranges(a.pages)}'
    if c.kind == "renumbered":
        what = "rows" if c.original.place else "paragraphs"  # a table's rows have a place
        shift = f" ({c.shift})" if c.shift else ""
        table = f" in {c.original.place}" if what == "rows" and c.original.place else ""
        return f"renumbered: {what} {c.original.paragraph} → {c.revised.paragraph}{shift}{table}"
    if c.kind == "added":
        return f"added {where(c.revised)}: {_quote(c.revised)}"
    if c.kind == "removed":
        return f"removed {where(c.original)}: {_quote(c.original)}"
    if c.kind == "moved":
        cells = ", ".join(f"{f.original or '–'} → {f.revised or '–'}" for f in c.figures)
        changed = f" (changed: {cells})" if cells else ""  # a table row that moved and changed
        return f"moved {where(c.original)} → {where(c.revised)}: {_quote(c.original)}{changed}"
    loc, rloc = where(c.original), where(c.revised)
    loc = loc if loc == rloc else f"{loc} → {rloc}"
    return f"changed {loc}: {_quote(c.original)} → {_quote(c.revised)}"


def format_text(c: Comparison) -> str:
    """A plain-text report for a terminal: one line per change, then metadata differences."""
    count = len(c.changes)
    lines = [f"Pages: {c.original_pages} in the original, {c.revised_pages} in the revised."]
    if count:
        lines.append(f"{count} difference{'s' if count != 1 else ''} in the text:")
    else:
        lines.append("The text is identical.")
    lines.extend(format_change(x) for x in c.changes)
    for name, values in c.metadata_changed.items():
        lines.append(f"metadata {name}: {values['original']!r} → {values['revised']!r}")
    if c.record_changes:
        lines.append(f"{len(c.record_changes)} difference(s) in the embedded docgen data:")
        lines.extend(f"data {r}" for r in c.record_changes)
    return "\n".join(lines)
