"""Shared fixtures: the example records, built once per session into a temporary folder."""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "records"
FIXTURES = ROOT / "tests" / "fixtures"

settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def needs(program: str, package: str) -> pytest.MarkDecorator:
    """Skip, saying why and what to install, when a system program is missing."""
    return pytest.mark.skipif(
        shutil.which(program) is None,
        reason=f"{program} is not installed (apt-get install {package}); this check could not run",
    )


def needs_library(name: str, package: str) -> pytest.MarkDecorator:
    """Skip, saying why and what to install, when a shared library is missing."""
    return pytest.mark.skipif(
        ctypes.util.find_library(name) is None,
        reason=f"lib{name} is not installed (apt-get install {package}); this check could not run",
    )


def soffice_to_pdf(source: Path, outdir: Path, timeout: int = 180) -> Path:
    """Convert a .docx with LibreOffice in a private profile; return the PDF's path."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{outdir}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return outdir / f"{source.stem}.pdf"


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example papers built once into a temporary output folder."""
    from docgen import pipeline

    out = tmp_path_factory.mktemp("output")
    pipeline.build_papers([RECORDS], out)
    return out
