"""Compare two PDFs the officer uploads (as `docgen compare`), and run the audit of the output
folder (as `docgen audit`), each reading its report on a page."""

from __future__ import annotations

import secrets
import tempfile
from collections import OrderedDict
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from docgen import pipeline
from docgen.cli.serve.safety import DOCUMENT_POLICY
from docgen.cli.serve.web import Refused, changing_form, config_of, page, refuse_while_building
from docgen.errors import DocgenError, RecordError

KEEP_REPORTS = 10


class Reports:
    """The last few comparisons' HTML pages, by a random id, in memory only."""

    def __init__(self) -> None:
        self._pages: OrderedDict[str, str] = OrderedDict()

    def put(self, html: str) -> str:
        ident = secrets.token_urlsafe(12)
        self._pages[ident] = html
        while len(self._pages) > KEEP_REPORTS:
            self._pages.popitem(last=False)
        return ident

    def get(self, ident: str) -> str | None:
        return self._pages.get(ident)


async def compare_form(request: Request) -> Response:
    return page(request, "compare.html", title="Compare two PDFs", result=None)


async def compare(request: Request) -> Response:
    form = await changing_form(request)
    first, original = form.file("original")
    second, revised = form.file("revised")
    names = [_name(first), _name(second)]
    for data, name in ((original, names[0]), (revised, names[1])):
        if not data.startswith(b"%PDF-"):
            raise Refused(
                422,
                f"{name} is not a PDF. Nothing was compared.",
                "Choose two PDF files: the original and the revised version.",
            )
    result, text, html = await run_in_threadpool(_compare, original, revised, names)
    report_id = request.app.state.reports.put(html)
    return page(
        request,
        "compare.html",
        title="Compare two PDFs",
        result=result,
        text=text,
        names=names,
        report_id=report_id,
    )


def _name(sent: str) -> str:
    name = sent or "the file"
    return Path(name.replace("\\", "/")).name[:120] or "the file"


def _compare(original: bytes, revised: bytes, names: list[str]) -> tuple[object, str, str]:
    from docgen.compare.diff import compare_pdfs, format_text
    from docgen.compare.html import write_html

    with tempfile.TemporaryDirectory(prefix="docgen-serve-") as folder:
        first, second = Path(folder) / "original.pdf", Path(folder) / "revised.pdf"
        first.write_bytes(original)
        second.write_bytes(revised)
        try:
            result = compare_pdfs(first, second)
        except DocgenError as exc:
            message = str(exc).replace(str(first), names[0]).replace(str(second), names[1])
            raise Refused(
                422,
                f"The PDFs cannot be compared: {message}",
                "Choose two PDF files that open in a PDF reader.",
            ) from None
        text = format_text(result)
        return result, text, write_html(result, names[0], names[1])


async def compare_report(request: Request) -> Response:
    html = request.app.state.reports.get(request.path_params["ident"])
    if html is None:
        raise Refused(
            404,
            "That comparison is no longer kept (the server keeps the last few).",
            "Go to Compare PDFs and compare the two files again.",
        )
    return HTMLResponse(html, headers={"content-security-policy": DOCUMENT_POLICY})


async def audit(request: Request) -> Response:
    config = config_of(request)
    if request.query_params.get("run") != "1":
        return page(request, "audit.html", title="Audit", report=None, out_dir=config.out_dir)
    if not config.out_dir.is_dir():
        raise Refused(
            404,
            f"{config.out_dir} does not exist yet: nothing has been built.",
            "Build the papers and the letters first, then run the audit.",
        )
    refuse_while_building(
        request,
        "A build is writing into the output folder now, so it was not audited.",
        "Wait for the build to finish, then run the audit again.",
    )
    report = await run_in_threadpool(_audit, config.out_dir, config.paths)
    return page(request, "audit.html", title="Audit", report=report, out_dir=config.out_dir)


def _audit(out_dir: Path, paths: list[Path]) -> object:
    from docgen.audit.report import audit as run_audit

    try:
        return run_audit(out_dir, pipeline.validate(paths))
    except RecordError as exc:
        raise Refused(
            422,
            f"The records do not validate, so the output cannot be checked against them:\n{exc}",
            "Fix the records (see their pages), then run the audit again.",
        ) from None
