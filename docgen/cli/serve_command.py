"""`docgen serve`: start the web page for officers (docgen.cli.serve) on this machine."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.cli.base import OUT, PATHS, TEMPLATES, check_out, main, reports_errors


@main.command("serve")
@PATHS
@OUT
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Any other than this machine's needs --token.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="DOCGEN_SERVE_TOKEN",
    metavar="TOKEN",
    help="Access token every request must carry (at least 16 characters; or set "
    "DOCGEN_SERVE_TOKEN). Needed to listen on another address than 127.0.0.1.",
)
@click.option(
    "--upload-limit",
    "upload_mb",
    type=click.IntRange(1, 256),
    default=8,
    show_default=True,
    help="Largest upload, in MB.",
)
@TEMPLATES
@reports_errors
def serve(
    paths: tuple[Path, ...],
    out_dir: Path,
    host: str,
    port: int,
    token: str | None,
    upload_mb: int,
    templates: Path,
) -> None:
    """A web page over the records under PATHS (default: records/) and the output folder.

    Officers see each decision and award with its state and problems, download and upload the
    evaluation workbook (and see what it changes before confirming), build the papers and the
    letters, open and download them, compare two PDFs and run the audit, in a browser. It
    listens on 127.0.0.1 unless told otherwise; Ctrl+C stops it.
    """
    import uvicorn

    from docgen.cli.serve import ServeConfig, create_app
    from docgen.pipeline import DEFAULT_RECORDS

    check_out(out_dir, paths)
    config = ServeConfig(
        paths=list(paths) or [DEFAULT_RECORDS],
        out_dir=out_dir,
        host=host,
        port=port,
        token=token,
        templates=templates,
        upload_limit=upload_mb * 1024 * 1024,
    )
    app = create_app(config)
    import socket  # here: every command imports this module to list it

    name = socket.gethostname() if host in ("0.0.0.0", "::") else host  # every address: its name
    shown = f"[{name}]" if ":" in name else name
    link = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"docgen serve: open {link} in a browser (Ctrl+C stops it).", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        access_log=False,
    )
