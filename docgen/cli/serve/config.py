"""What one `docgen serve` serves: the records, the output folder, who may ask, and the limits."""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from docgen.build.engine import DEFAULT_TEMPLATES
from docgen.errors import UsageError

UPLOAD_LIMIT = 8 * 1024 * 1024
"""Bytes of one request's body: a panel's workbook is well under a megabyte, a paper's PDF a few."""
STATE_FOLDER = ".docgen-serve"
"""Below the output folder: previous versions of records the page rewrote, and staged uploads."""


@dataclass
class ServeConfig:
    """The records and output folder the command line would use, and the server's safety."""

    paths: list[Path]
    out_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    templates: Path = DEFAULT_TEMPLATES
    upload_limit: int = UPLOAD_LIMIT
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    """Signs the CSRF tokens; new each time the server starts."""

    @property
    def state(self) -> Path:
        return self.out_dir / STATE_FOLDER

    @property
    def limit_label(self) -> str:
        """The upload limit as a person reads it: 8 MB, 49 KB."""
        size = self.upload_limit
        return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{max(1, round(size / 1024))} KB"

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def check(self) -> None:
        """UsageError (exit 2) for a server that would be open to others without a token."""
        if not self.loopback and not self.token:
            raise UsageError(
                f"--host {self.host}: docgen serve listens on another address than 127.0.0.1 "
                "only with --token (or DOCGEN_SERVE_TOKEN): evaluation scores are exempt "
                "information, and every request must then carry the token"
            )
        if self.token is not None and len(self.token) < 16:
            raise UsageError("--token: use at least 16 characters (say, `openssl rand -hex 16`)")


def is_loopback(host: str) -> bool:
    """Whether host names this machine alone (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
