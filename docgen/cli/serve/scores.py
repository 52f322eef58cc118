"""The evaluation workbook: download it, upload the panel's, see what it would change, confirm,
and undo. The reading, planning, validating and writing are `docgen import-scores`'s own
(docgen.exchange.score_import.import_scores: a dry run for the preview, then the real run).

An upload never chooses a path: it is kept under a name the server makes, in the server's own
temporary folder, until it is confirmed or the server stops. Before the workbook is read it is
checked: its size (the guard and here), that it is a zip of the size it may be
(docgen.readback.bounded.check_zip, as import-scores checks it), that it holds no macros, and
that a .csv is text. The record's hash when the preview was made is kept with the upload, and
the confirmation is refused if the record changed since.
"""

from __future__ import annotations

import io
import re
import secrets
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from docgen.build.writer import sha256
from docgen.cli.serve import history
from docgen.cli.serve.survey import Entry, survey
from docgen.cli.serve.web import Refused, changing_form, config_of, page, refuse_while_building
from docgen.cli.serve.web import done as done_page
from docgen.errors import DocgenError
from docgen.exchange.score_import import ImportReport, import_scores, load_award
from docgen.exchange.spreadsheet import MAX_SHEET
from docgen.exchange.workbook import export_workbook
from docgen.models.routes import ROUTE_NAMES, RouteAward
from docgen.readback.bounded import ZipRefused, check_zip

MACRO_PARTS = re.compile(r"(^|/)vbaProject\.bin$|(^|/)vbaProjectSignature|\.bin$", re.IGNORECASE)
_CHANGE = re.compile(r"^(?P<left>.*) (?P<old>'[^']*'|\S+) → (?P<new>.*)$")
NEXT_UPLOAD = (
    "Go back to the award's page, choose the panel's workbook (.xlsx) and upload it again."
)


@dataclass(frozen=True)
class Staged:
    """An upload waiting for its confirmation."""

    ident: str
    path: Path
    award: str
    record_hash: str


class Staging:
    """Uploads waiting to be confirmed, in a temporary folder of the server's own (made when
    the first upload comes, removed when the server stops)."""

    def __init__(self) -> None:
        self._folder: Path | None = None
        self._staged: dict[str, Staged] = {}

    def put(self, data: bytes, suffix: str, award: str, record_hash: str) -> Staged:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="docgen-serve-"))
        ident = secrets.token_urlsafe(18)
        staged = Staged(ident, self._folder / f"{ident}{suffix}", award, record_hash)
        staged.path.write_bytes(data)
        self._staged[ident] = staged
        return staged

    def take(self, ident: str) -> Staged | None:
        return self._staged.pop(ident, None)

    def close(self) -> None:
        self._staged.clear()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


async def _award_entry(request: Request) -> Entry:
    config = config_of(request)
    ident = request.path_params["ident"]
    entry = (await run_in_threadpool(survey, config.paths)).find("award", ident)
    if entry is None:
        raise Refused(
            404,
            f"There is no award record with the id {ident!r}.",
            "Go to the list of records and choose the award.",
        )
    if isinstance(entry.record, RouteAward):
        raise Refused(
            404,
            f"{ident} is {ROUTE_NAMES[entry.record.route]}: docgen keeps no evaluation scores "
            "for this route, so it has no workbook.",
            "Go to the award's page: it shows what this route records.",
            title="This award has no scores",
        )
    return entry


async def workbook(request: Request) -> Response:
    entry = await _award_entry(request)
    data = await run_in_threadpool(_exported, entry.path)
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"content-disposition": f'attachment; filename="{entry.slug}-scores.xlsx"'},
    )


def _exported(award: Path) -> bytes:
    with tempfile.TemporaryDirectory(prefix="docgen-serve-") as folder:
        target = Path(folder) / "scores.xlsx"
        export_workbook(load_award(award), target)
        return target.read_bytes()


def checked_upload(data: bytes, filename: str) -> str:
    """The suffix the upload is read as (.xlsx or .csv), or Refused saying what is wrong."""
    name = filename.casefold()
    if name.endswith((".xlsm", ".xltm", ".xlam")):
        raise _refused(
            "It is a macro-enabled workbook, which docgen does not open.",
            "Save it in Excel as an Excel Workbook (.xlsx), then upload that.",
        )
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith((".xls", ".xlsb")):
        raise _refused(
            "It is an old or binary Excel file (.xls or .xlsb).",
            "Save it in Excel as an Excel Workbook (.xlsx), then upload that.",
        )
    if data.startswith(b"PK\x03\x04"):
        try:
            check_zip(data, MAX_SHEET)
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = package.namelist()
                types = (
                    package.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
                )
        except ZipRefused as exc:
            raise _refused(f"It cannot be a panel's workbook: {exc}.", NEXT_UPLOAD) from None
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise _refused(f"It is not a workbook docgen can read ({exc}).", NEXT_UPLOAD) from None
        if any(MACRO_PARTS.search(n) for n in names) or b"macroEnabled" in types:
            raise _refused(
                "It holds macros (a macro-enabled workbook), which docgen does not open.",
                "Save it in Excel as an Excel Workbook (.xlsx), then upload that.",
            )
        if "xl/workbook.xml" not in names:
            raise _refused("It is a zip file but not an Excel workbook.", NEXT_UPLOAD)
        return ".xlsx"
    if name.endswith(".csv") and b"\x00" not in data:
        return ".csv"
    raise _refused("It is not an Excel workbook (.xlsx) or a .csv file.", NEXT_UPLOAD)


def _refused(what: str, next_step: str) -> Refused:
    return Refused(422, f"{what} Nothing was changed.", next_step)


async def upload(request: Request) -> Response:
    form = await changing_form(request)
    entry = await _award_entry(request)
    filename, data = form.file("workbook")
    suffix = checked_upload(data, filename)
    staging: Staging = request.app.state.staging
    record_hash = sha256(entry.path.read_bytes())
    staged = staging.put(data, suffix, entry.slug, record_hash)
    ident = staged.ident
    try:
        report = await run_in_threadpool(
            lambda: import_scores(entry.path, staged.path, dry_run=True)
        )
    except DocgenError as exc:
        staging.take(ident)
        staged.path.unlink(missing_ok=True)
        raise _refused(str(exc).replace(str(staged.path), "the workbook"), NEXT_UPLOAD) from None
    ok = not report.problems and not report.invalid
    if not ok:
        staging.take(ident)
        staged.path.unlink(missing_ok=True)
    return page(
        request,
        "preview.html",
        status=200 if ok else 422,
        title="Check the changes",
        entry=entry,
        report=report,
        changes=[_change(line) for line in report.preview],
        ok=ok,
        staged=ident if ok else "",
        upload_path=str(staged.path),
    )


def _change(line: str) -> tuple[str, str, str, str]:
    """(where, what, old, new) of a preview line "Lot 1, Name: score 24 → 27"."""
    where, sep, rest = line.partition(": ")
    if not sep:
        return ("", line, "", "")
    found = _CHANGE.match(rest)
    if found is None:
        return (where, rest, "", "")
    return (where, found["left"], found["old"], found["new"])


async def confirm(request: Request) -> Response:
    form = await changing_form(request)
    config = config_of(request)
    entry = await _award_entry(request)
    staged = request.app.state.staging.take(form.get("staged"))
    if staged is None or staged.award != entry.slug:
        raise Refused(
            400,
            "That upload is no longer waiting to be confirmed (it was confirmed already, or the "
            "server restarted). Nothing was changed.",
            NEXT_UPLOAD,
        )
    async with request.app.state.writing:  # one import or undo at a time: each sees the last
        try:
            before = entry.path.read_text(encoding="utf-8")
            if sha256(before.encode("utf-8")) != staged.record_hash:
                raise Refused(
                    409,
                    "The record changed after you checked the changes, so they were not applied.",
                    "Upload the workbook again to see what it would change now.",
                    title="The record changed",
                )
            refuse_while_building(
                request,
                "A build is reading the records now, so the record was not changed.",
                "Wait for the build to finish, then upload the workbook again.",
            )
            report = await run_in_threadpool(import_scores, entry.path, staged.path)
        finally:
            staged.path.unlink(missing_ok=True)
        if report.problems or report.invalid or report.written is None:
            return _not_written(request, entry, report)
        after = entry.path.read_text(encoding="utf-8")
        history.keep(config.state, entry.slug, entry.path, before, after)
    values = f"{report.changed} value{'s' if report.changed != 1 else ''}"
    message = f"{values} changed in {entry.path.name}; the version before is kept."
    return done_page(request, f"/records/award/{entry.slug}", message)


def _not_written(request: Request, entry: Entry, report: ImportReport) -> Response:
    if report.written is None and not report.problems and not report.invalid:
        message = "The workbook holds what the record holds: nothing to change."
        return done_page(request, f"/records/award/{entry.slug}", message)
    return page(
        request,
        "preview.html",
        status=422,
        title="Check the changes",
        entry=entry,
        report=report,
        changes=[],
        ok=False,
        staged="",
        upload_path="",
    )


async def undo(request: Request) -> Response:
    await changing_form(request)
    config = config_of(request)
    entry = await _award_entry(request)
    refuse_while_building(
        request,
        "A build is reading the records now, so the record was not changed.",
        "Wait for the build to finish, then undo the import.",
    )
    try:
        async with request.app.state.writing:
            kept = history.undo(config.state, entry.slug)
    except DocgenError as exc:
        raise Refused(
            409,
            str(exc),
            "Open the record in your editor to change it by hand, or upload a workbook again.",
            title="The import cannot be undone",
        ) from None
    message = f"{entry.path.name} is back to the version before the import of {kept.label}."
    return done_page(request, f"/records/award/{entry.slug}", message)
