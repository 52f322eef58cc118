"""`docgen changes` as Markdown (a CI job summary, a review comment) and as one HTML page.

Markdown: a line saying what was compared, a table of the facts that change (and a line per
Lot whose ranks shift with no outcome), then per document that changes its path and one line
per change, in the words of `docgen compare`'s text report
(``docgen.compare.changes.format_change``): papers first, then letters. Every text that comes
from records or documents is escaped (``md``): a name such as "O'Brien & Daughters <Care> Ltd"
reaches a GitHub job summary as it is written, not as HTML GitHub strips, and * _ ` [ ] | as
characters, not emphasis, code, links or table cells. The HTML page holds the same facts and,
per document, `docgen compare`'s side-by-side table (docgen.compare.html).
"""

from __future__ import annotations

from html import escape

from docgen.compare.changes import format_change
from docgen.compare.changes_docs import DocumentChange
from docgen.compare.git_changes import ChangesReport
from docgen.compare.html import write_html

_STATUS = {"added": "new document", "removed": "no longer made"}


_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKS = "\\`*_[]|~"


def md(text: str) -> str:
    """Text as Markdown shows it verbatim, on one line: & < > as HTML entities (GitHub strips
    tags), and the characters Markdown reads as emphasis, code, links or cells backslashed."""
    out = []
    for char in text.replace("\r", " ").replace("\n", " "):
        out.append(_HTML.get(char) or (f"\\{char}" if char in _MARKS else char))
    return "".join(out)


def _cell(text: str | None) -> str:
    return "—" if text is None else md(text)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def headline(report: ChangesReport) -> str:
    letters = sum(d.is_letter for d in report.documents)
    papers = len(report.documents) - letters
    base = f"`{report.base}`" if "`" not in report.base else md(report.base)
    if not report.changed:
        return f"No fact, paper or letter changes against {base} ({report.commit[:10]})."
    return (
        f"Against {base} ({report.commit[:10]}): {_count(len(report.facts), 'fact')}, "
        f"{_count(papers, 'paper')} and {_count(letters, 'letter')} change "
        f"({report.built} PDFs built of {report.planned} documents, in {report.seconds:.1f} s)."
    )


def _document_lines(doc: DocumentChange) -> list[str]:
    if doc.comparison is None:
        return [f"- **{md(doc.path)}**: {_STATUS[doc.status]}"]
    changes = doc.comparison.changes
    lines = [f"- **{md(doc.path)}**: {_count(len(changes), 'change')}"]
    lines += [f"  - {md(format_change(c))}" for c in changes]
    return lines


def markdown(report: ChangesReport) -> str:
    out = ["## What this change does to the papers", "", headline(report)]
    if report.facts:
        out += ["", "### Facts", "", "| Fact | Before | After |", "| --- | --- | --- |"]
        out += [
            f"| {_cell(f.fact)} | {_cell(f.original)} | {_cell(f.revised)} |" for f in report.facts
        ]
    if report.rank_shifts:
        out += [""] + [f"- {md(str(r))}" for r in report.rank_shifts]
    papers = [d for d in report.documents if not d.is_letter]
    letters = [d for d in report.documents if d.is_letter]
    for title, docs in (("Papers", papers), ("Letters", letters)):
        if docs:
            out += ["", f"### {title}", ""]
            for doc in docs:
                out += _document_lines(doc)
    return "\n".join(out) + "\n"


def _inner(page: str, path: str) -> tuple[str, str]:
    """The style and the body of a write_html page, its headings one level down."""
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    body = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    body = body.replace("<h2>", "<h3>").replace("</h2>", "</h3>")
    body = body.replace("<h1>Comparison of two PDFs</h1>", f"<h2>{escape(path)}</h2>")
    return style, body


def html(report: ChangesReport) -> str:
    style = ""
    sections = []
    for doc in report.documents:
        if doc.comparison is None:
            sections.append(f"<h2>{escape(doc.path)}</h2><p>{_STATUS[doc.status]}.</p>")
            continue
        page = write_html(doc.comparison, f"{report.base}: {doc.path}", f"working tree: {doc.path}")
        style, body = _inner(page, doc.path)
        sections.append(f"<section>{body}</section>")
    rows = "".join(
        f"<tr><td>{escape(f.fact)}</td><td>{escape(f.original or '—')}</td>"
        f"<td>{escape(f.revised or '—')}</td></tr>"
        for f in report.facts
    )
    facts = (
        "<h2>Facts</h2><table><thead><tr><th>Fact</th><th>Before</th><th>After</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    facts += "".join(f"<p>{escape(str(r))}.</p>" for r in report.rank_shifts)
    title = f"docgen changes against {escape(report.base)}"
    lead = escape(headline(report).replace("`", ""))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{style}</style></head><body>"
        f'<h1>{title}</h1><p class="summary">{lead}</p>{facts}{"".join(sections)}</body></html>\n'
    )
