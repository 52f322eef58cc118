"""The web application: its routes, its guard, and the error pages that say what to do next.

A request that fails for a reason a person can act on gets a page saying what happened and what
to do next (web.Refused, a DocgenError); any other failure gets a 500 page, is logged, and the
server carries on: every request is handled on its own and shares nothing it could break.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from docgen.cli.serve import pages, scores, tools
from docgen.cli.serve.config import ServeConfig
from docgen.cli.serve.jobs import Jobs
from docgen.cli.serve.safety import Guard
from docgen.cli.serve.web import HERE, Refused, error_page
from docgen.errors import DocgenError

log = logging.getLogger("docgen.serve")
NEXT_STEPS = {
    404: "Check the address, or go to the list of records and follow the links from there.",
    405: "Use the buttons on the pages: this address does not take that kind of request.",
}


def create_app(config: ServeConfig) -> Starlette:
    """The application over config's records and output folder."""
    config.check()
    routes = [
        Route("/", pages.home),
        Route("/records/{kind}/{ident}", pages.record),
        Route("/awards/{ident}/workbook.xlsx", scores.workbook),
        Route("/awards/{ident}/scores", scores.upload, methods=["POST"]),
        Route("/awards/{ident}/scores/confirm", scores.confirm, methods=["POST"]),
        Route("/awards/{ident}/undo", scores.undo, methods=["POST"]),
        Route("/awards/{ident}/letters", pages.build_letters, methods=["POST"]),
        Route("/awards/{ident}/letters.zip", pages.letters_zip),
        Route("/decisions/{ident}/papers", pages.build_papers, methods=["POST"]),
        Route("/jobs/{ident}.json", pages.job_json),
        Route("/jobs/{ident}", pages.job_page),
        Route("/documents", pages.documents),
        Route("/files/{rel:path}", pages.open_file),
        Route("/compare", tools.compare_form),
        Route("/compare", tools.compare, methods=["POST"]),
        Route("/compare/{ident}.html", tools.compare_report),
        Route("/audit", tools.audit),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            app.state.jobs.wait()
            app.state.staging.close()

    app = Starlette(
        routes=routes,
        middleware=[Middleware(Guard, config=config, refuse=error_page, crashed=_crashed)],
        exception_handlers={
            HTTPException: _refused,
            DocgenError: _docgen_error,
        },
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.jobs = Jobs(config.out_dir)
    app.state.staging = scores.Staging()
    app.state.reports = tools.Reports()
    app.state.flashes = {}
    app.state.writing = asyncio.Lock()  # imports and undos of records, one at a time
    return app


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if isinstance(exc, Refused):
        return error_page(request, exc.status_code, exc.detail, exc.next_step, exc.title)
    what = {404: "There is no page at this address.", 405: "This address does not take that."}
    next_step = NEXT_STEPS.get(exc.status_code, "Go back and try again.")
    return error_page(request, exc.status_code, what.get(exc.status_code, exc.detail), next_step)


async def _docgen_error(request: Request, exc: Exception) -> Response:
    return error_page(
        request,
        422,
        str(exc),
        "Fix what the message names (a record's page shows each problem beside its lines), "
        "then try again.",
    )


def _crashed(request: Request, exc: Exception) -> Response:
    log.error("docgen serve: %s %s failed", request.method, request.url.path, exc_info=exc)
    return error_page(
        request,
        500,
        "docgen failed while doing this, so it may not have been done. Other pages still work, "
        "and nothing half-written is left: every file is replaced whole or not at all.",
        "Go back and try once more. If it fails again, run the same step with the docgen "
        "command line, which says more, or give the server's log to whoever looks after docgen.",
    )
