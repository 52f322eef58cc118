"""The pages that read: the records with their state and problems, a record, the documents built,
a document itself, and the letters of an award or a Lot as one zip; and the builds' pages."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from docgen import pipeline
from docgen.cli.serve import history
from docgen.cli.serve.jobs import Busy, Job
from docgen.cli.serve.route_view import route_view
from docgen.cli.serve.safety import DOCUMENT_POLICY
from docgen.cli.serve.survey import (
    award_view,
    decision_dates,
    excerpts,
    naming_decisions,
    survey,
)
from docgen.cli.serve.web import BUILD_RUNNING, Refused, changing_form, config_of, page
from docgen.models import Award, Decision
from docgen.models.routes import RouteAward

DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
}
LETTER_TYPES = (".docx", ".pdf")


async def home(request: Request) -> Response:
    config = config_of(request)
    found = await run_in_threadpool(survey, config.paths)
    roots = ", ".join(str(p) for p in config.paths)
    return page(
        request,
        "home.html",
        title="Decisions and awards",
        survey=found,
        roots=roots,
        out_dir=config.out_dir,
    )


async def record(request: Request) -> Response:
    config = config_of(request)
    kind, ident = request.path_params["kind"], request.path_params["ident"]
    found = await run_in_threadpool(survey, config.paths)
    entry = found.find(kind, ident)
    if entry is None:
        raise _no_record(kind, ident)
    values: dict[str, Any] = {
        "entry": entry,
        "excerpts": excerpts(entry),
        "view": None,
        "route": None,
        "blocked": found.state == "errors",
    }
    if isinstance(entry.record, Award):
        values["view"] = award_view(entry.record, found.records)
        values["built"] = len(letter_files(config.out_dir, entry.slug, None))
        values["previous"] = history.latest_label(config.state, entry.slug)
        values["limit"] = config.limit_label
    elif isinstance(entry.record, RouteAward):  # a direct award, a modification …
        values["route"] = route_view(entry.record, found.records)
        values["route"].dates += naming_decisions(entry.slug, found.records)
        values["built"] = len(letter_files(config.out_dir, entry.slug, None))
    if isinstance(entry.record, Decision):
        values["documents"] = _documents(config.out_dir, PurePosixPath(entry.slug))
        values["dates"] = decision_dates(entry.record, found.records)
    return page(request, "record.html", title=entry.title or entry.path.name, **values)


async def _existing(request: Request, kind: str) -> str:
    """The id in the address, of a record of this kind that the server reads; 404 otherwise."""
    ident: str = request.path_params["ident"]
    if (await run_in_threadpool(survey, config_of(request).paths)).find(kind, ident) is None:
        raise _no_record(kind, ident)
    return ident


def _no_record(kind: str, ident: str) -> Refused:
    return Refused(
        404,
        f"There is no {kind} record with the id {ident!r} in the records this server reads.",
        "Go to the list of records and choose one; if you renamed the record, use its new id.",
    )


# ---- documents ----


def _documents(out_dir: Path, folder: PurePosixPath) -> list[tuple[str, str]]:
    """(path below out_dir, name) of every document below folder, letters' folders aside."""
    top = out_dir / folder
    if not top.is_dir():
        return []
    found = []
    for path in sorted(top.rglob("*")):
        rel = path.relative_to(out_dir)
        if path.is_file() and path.suffix in DOCUMENT_TYPES and not _hidden(rel):
            found.append((quote(rel.as_posix()), rel.relative_to(folder).as_posix()))
    return found


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


async def documents(request: Request) -> Response:
    config = config_of(request)
    out = config.out_dir
    folders = []
    if out.is_dir():
        for folder in sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")):
            listed = _documents(out, PurePosixPath(folder.name))
            if listed:
                folders.append((folder.name, listed))
    return page(request, "documents.html", title="Documents", folders=folders, out_dir=out)


async def open_file(request: Request) -> Response:
    """A document below the output folder, by its path there; nothing outside it, nothing
    hidden, no link that leads out."""
    config = config_of(request)
    rel = PurePosixPath(request.path_params["rel"])
    root = config.out_dir.resolve()
    target = (root / rel).resolve()
    gone = Refused(
        404,
        f"There is no document {rel} in the output folder.",
        "Go to the list of documents; if it should be there, build it again.",
    )
    if ".." in rel.parts or _hidden(Path(rel)) or not target.is_relative_to(root):
        raise gone
    if not target.is_file() or target.suffix not in DOCUMENT_TYPES:
        raise gone
    policy = {"content-security-policy": DOCUMENT_POLICY} if target.suffix == ".html" else {}
    return FileResponse(target, media_type=DOCUMENT_TYPES[target.suffix], headers=policy)


def letter_files(out_dir: Path, award: str, folder: str | None) -> list[Path]:
    """The letters (.docx, .pdf) of an award, or of one Lot's folder, as `docgen letters` wrote
    them: OUT/<award>/letters/<lot-N or contract>/<bidder>.*"""
    top = out_dir / award / "letters"
    if not top.is_dir():
        return []
    folders = [top / folder] if folder else sorted(p for p in top.iterdir() if p.is_dir())
    return sorted(
        p
        for f in folders
        if f.is_dir() and f.parent == top
        for p in f.iterdir()
        if p.is_file() and p.suffix in LETTER_TYPES and not p.name.startswith(".")
    )


async def letters_zip(request: Request) -> Response:
    config = config_of(request)
    award = request.path_params["ident"]
    folder = request.query_params.get("folder") or None
    if folder is not None and ("/" in folder or folder.startswith(".")):
        raise Refused(400, "That is not a Lot of this award.", "Go back to the award's page.")
    files = letter_files(config.out_dir, award, folder)
    if not files:
        raise Refused(
            404,
            "No letters have been built for this award" + (f" ({folder})" if folder else "") + ".",
            "Go to the award's page and build the letters, then download them.",
        )
    top = config.out_dir / award / "letters"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for path in files:
            package.write(path, path.relative_to(top).as_posix())
    name = f"{award}-letters{'-' + folder if folder else ''}.zip"
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"content-disposition": f'attachment; filename="{name}"'},
    )


# ---- builds ----


async def build_letters(request: Request) -> Response:
    await changing_form(request)
    config = config_of(request)
    award = await _existing(request, "award")

    def work(job: Job) -> list[str]:
        report = pipeline.build_letters(
            config.paths, config.out_dir, templates=config.templates, progress=job, warn=job.warn
        )
        return [report.summary()]

    note = "Every award's letters are built and checked, as docgen letters does."
    return _started(request, "the letters", f"/records/award/{award}", work, note)


async def build_papers(request: Request) -> Response:
    await changing_form(request)
    config = config_of(request)
    decision = await _existing(request, "decision")

    def work(job: Job) -> list[str]:
        report = pipeline.build_papers(
            config.paths, config.out_dir, [], templates=config.templates, warn=job.warn
        )
        return [f"wrote {p}" for p in report.written] + [
            f"{len(report.written)} file(s) written, {len(report.skipped)} unchanged."
        ]

    note = "Every decision's paper and appendices are built, as docgen build does."
    return _started(request, "the papers", f"/records/decision/{decision}", work, note)


def _started(
    request: Request, what: str, back: str, work: Callable[[Job], list[str]], note: str
) -> Response:
    jobs = request.app.state.jobs
    try:
        job = jobs.start(what, back, work, note)
    except Busy as busy:
        running = f" ({busy.job.what}: /jobs/{busy.job.id})" if busy.job else ""
        raise Refused(
            409,
            f"A build is already running in this output folder{running}, so this one was not "
            "started. Nothing was changed.",
            "Wait for it to finish (its page shows how far it has gone), then start yours again.",
            title=BUILD_RUNNING,
        ) from None
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _job(request: Request) -> Job:
    job: Job | None = request.app.state.jobs.get(request.path_params["ident"])
    if job is None:
        raise Refused(
            404,
            "There is no such build (the server keeps the last few, and forgets them when it "
            "restarts).",
            "Go to the record's page and look at its documents, or build again.",
        )
    return job


async def job_page(request: Request) -> Response:
    job = _job(request)
    return page(request, "job.html", title=f"Building {job.what}", job=job)


async def job_json(request: Request) -> Response:
    return JSONResponse(_job(request).to_dict())
