"""What every page shares: the Jinja environment, the page and error responses, CSRF, forms."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from docgen import __version__
from docgen.cli.serve.config import ServeConfig
from docgen.cli.serve.safety import CSRF_FIELD, csrf_ok, csrf_token

HERE = Path(__file__).parent
GOVUK = "govuk-frontend-6.6.0"
MAX_FIELDS = 20
KEEP_FLASHES = 50
BUILD_RUNNING = "A build is running"  # the title of a 409 refused because a build runs
PAGES = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


class Refused(HTTPException):
    """A request the page cannot do, with what to do next (shown on the error page), under a
    title of its own or else the status's (_titles): a 409 is not always a running build."""

    def __init__(self, status: int, what: str, next_step: str, title: str = "") -> None:
        super().__init__(status, what)
        self.next_step = next_step
        self.title = title


def refuse_while_building(request: Request, what: str, next_step: str) -> None:
    """Refused (409, titled BUILD_RUNNING) while this server runs a build: what says what was not
    done, next_step what to do once the build has finished."""
    if request.app.state.jobs.running is not None:
        raise Refused(409, what, next_step, title=BUILD_RUNNING)


def config_of(request: Request) -> ServeConfig:
    config: ServeConfig = request.app.state.config
    return config


def page(request: Request, name: str, status: int = 200, **values: Any) -> HTMLResponse:
    """A page from templates/NAME with what every page needs."""
    config = config_of(request)
    values.setdefault("title", "")
    html = PAGES.get_template(name).render(
        request=request,
        csrf_field=CSRF_FIELD,
        csrf=csrf_token(request, config.secret),
        govuk=f"/static/{GOVUK}",
        version=__version__,
        flash=_flashes(request).get(request.query_params.get("done", ""), ""),
        **values,
    )
    return HTMLResponse(html, status_code=status)


def done(request: Request, target: str, message: str) -> RedirectResponse:
    """Go to target, whose page then says message (kept by the server under a random id, so a
    link made elsewhere cannot put words of its own on the page)."""
    kept = _flashes(request)
    ident = secrets.token_urlsafe(12)
    kept[ident] = message
    for old in list(kept)[:-KEEP_FLASHES]:
        del kept[old]
    return RedirectResponse(f"{target}?done={ident}", status_code=303)


def _flashes(request: Request) -> dict[str, str]:
    kept: dict[str, str] = request.app.state.flashes
    return kept


def error_page(
    request: Request, status: int, what: str, next_step: str, title: str = ""
) -> HTMLResponse:
    """An error page: what happened, and what to do next. It never needs the records."""
    config: ServeConfig | None = (
        getattr(request.app.state, "config", None) if "app" in request.scope else None
    )
    secret = config.secret if config else ""
    html = PAGES.get_template("error.html").render(
        request=request,
        title=title or _titles.get(status, "Something went wrong"),
        what=what,
        next_step=next_step,
        status=status,
        csrf_field=CSRF_FIELD,
        csrf=csrf_token(request, secret),
        govuk=f"/static/{GOVUK}",
        version=__version__,
        flash="",
    )
    return HTMLResponse(html, status_code=status)


_titles = {
    400: "The request could not be used",
    401: "Access token needed",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
    409: "This cannot be done now",
    413: "The file is too large",
    422: "The file cannot be used",
    500: "Sorry, something went wrong",
}


@dataclass
class Sent:
    """A changing form as sent: its text fields and its files (name, bytes), read whole within
    the upload limit, the form's temporary files closed."""

    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    def file(self, name: str) -> tuple[str, bytes]:
        """(the name it was sent with, its bytes); Refused when no file was chosen."""
        found = self.files.get(name)
        if found is None or not found[0]:
            raise Refused(400, "No file was chosen.", "Go back, choose a file and send it again.")
        return found


async def changing_form(request: Request) -> Sent:
    """The form of a request that changes something, after its CSRF token is checked."""
    config = config_of(request)
    limit = config.upload_limit
    async with request.form(max_files=2, max_fields=MAX_FIELDS, max_part_size=limit) as form:
        if not csrf_ok(request, config.secret, form.get(CSRF_FIELD)):
            raise Refused(
                403,
                "This form was sent without the check that shows it came from this page "
                "(its CSRF token), so nothing was done.",
                "Go back, reload the page and send the form again. If you opened the page a "
                "long time ago or the server has restarted since, reloading gives it a new token.",
            )
        sent = Sent()
        for name, item in form.multi_items():
            if isinstance(item, UploadFile):
                data = await item.read(limit + 1)
                if len(data) > limit:
                    raise Refused(
                        413,
                        f"The file is too large: docgen takes files of up to {config.limit_label}.",
                        "Check that you chose the right file; nothing was changed.",
                    )
                sent.files[name] = (item.filename or "", data)
            else:
                sent.fields[name] = item
    return sent
