"""Papers finished by hand in Word: their publishable PDF, made by LibreOffice, reproducibly.

Officers often finish a cabinet paper in Word. ``docx_to_pdf`` converts the edited .docx with
LibreOffice (``soffice --headless --convert-to``) as a tagged PDF that claims PDF/UA-1 and
PDF/A-3b (the filter options of engines.md; validate with veraPDF before relying on the claims).
Each conversion uses its own LibreOffice profile in a temporary folder
(``-env:UserInstallation``), so conversions can run side by side and never touch a user's own
profile.

LibreOffice stamps every PDF with the time of conversion and a random /ID, so ``reproducible``
rewrites the PDF with pypdf: /CreationDate, /ModDate and the XMP dates become the document's
own date (the .docx core properties: modified, else created; else SOURCE_DATE_EPOCH; else
1 January 2000) and /ID becomes a hash of the content. The same .docx then gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pypdf
from lxml import etree
from pypdf.generic import ArrayObject, ByteStringObject, StreamObject

from docgen.build.writer import write_file
from docgen.errors import DocgenError, InputError, RenderError
from docgen.readback.bounded import read_file
from docgen.readback.word import check_docx

PACKAGE = "libreoffice-writer-nogui"
PROGRAMS = ("soffice", "libreoffice")
TIMEOUT = 300  # seconds; the first start with a new profile takes several
FALLBACK_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
FILTER_OPTIONS = {
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "SelectPdfVersion": {"type": "long", "value": "3"},  # PDF/A-3b
}
_XMP_DATES = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*</xmp:\1>")


class ToolMissing(DocgenError):
    """Raised when a program docgen needs (LibreOffice) is not installed."""

    exit_code = 2


@dataclass(frozen=True)
class Converted:
    """What ``docx_to_pdf`` made: where, how big, and the date it stamped."""

    path: Path
    size: int
    date: dt.datetime
    soffice: str


def find_soffice() -> str:
    """The LibreOffice program, or ToolMissing naming the package to install."""
    for name in PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing(
        "LibreOffice is not installed, so docgen cannot make a PDF from a .docx. "
        f"Install it with: apt-get install {PACKAGE}"
    )


def _check_docx(path: Path) -> bytes:
    """The .docx's bytes, once every part parses safely (bounded size, no DTD, well-formed), so
    LibreOffice and python-docx are never handed a zip bomb, an entity bomb or broken XML."""
    data = read_file(path, what="Word document")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            archive.getinfo("word/document.xml")
        check_docx(data)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise InputError(f"{path}: not a Word document (.docx)") from exc
    except (ValueError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{path}: not a Word document (.docx) docgen can read: {exc}") from exc
    return data


def docx_date(data: bytes) -> dt.datetime:
    """The document's own date: core properties modified, else created, else a fixed date."""
    import docx  # python-docx; only this needs it

    try:
        props = docx.Document(io.BytesIO(data)).core_properties
    except Exception as exc:  # python-docx's many errors on a package it cannot open
        raise InputError(f"not a Word document python-docx can open: {exc}") from exc
    when: dt.datetime | None = props.modified or props.created
    if when is None and os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.UTC)
    if when is None:
        return FALLBACK_DATE
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def soffice_command(soffice: str, source: Path, out_dir: Path, profile: Path) -> list[str]:
    """The LibreOffice command line: private profile, tagged PDF/UA + PDF/A-3b export."""
    options = json.dumps(FILTER_OPTIONS, separators=(",", ":"))
    return [
        soffice,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        f"pdf:writer_pdf_Export:{options}",
        "--outdir",
        str(out_dir),
        str(source),
    ]


def _run_soffice(soffice: str, data: bytes, name: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="docgen-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / "in" / "document.docx"
        source.parent.mkdir()
        source.write_bytes(data)
        command = soffice_command(soffice, source, folder / "out", folder / "profile")
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise RenderError(f"{name}: LibreOffice took over {TIMEOUT} s; gave up") from exc
        result = folder / "out" / "document.pdf"
        if done.returncode != 0 or not result.is_file():
            detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise RenderError(f"{name}: LibreOffice could not convert it: {' '.join(detail)}")
        return result.read_bytes()


def _pdf_date(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%SZ")


def _fix_xmp(writer: pypdf.PdfWriter, when: dt.datetime) -> None:
    """Put the fixed date into the XMP packet too (PDF/A wants it equal to the Info dates)."""
    ref = writer.root_object.get("/Metadata")
    if ref is None:
        return
    stream = ref.get_object()
    if not isinstance(stream, StreamObject):
        return
    stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    xmp = _XMP_DATES.sub(lambda m: b"<xmp:%s>%s</xmp:%s>" % (m[1], stamp, m[1]), stream.get_data())
    if b"<xmp:ModifyDate>" not in xmp:
        xmp = xmp.replace(
            b"</xmp:CreateDate>", b"</xmp:CreateDate><xmp:ModifyDate>%s</xmp:ModifyDate>" % stamp, 1
        )
    stream.set_data(xmp)


def _fix_icc(writer: pypdf.PdfWriter, when: dt.datetime) -> None:
    """Fix the ICC profile of the PDF/A output intent: LibreOffice dates it at conversion."""
    for intent in writer.root_object.get("/OutputIntents", ArrayObject()):
        stream = intent.get_object().get("/DestOutputProfile")
        stream = stream.get_object() if stream is not None else None
        if not isinstance(stream, StreamObject):
            continue
        icc = bytearray(stream.get_data())
        if len(icc) < 128 or icc[36:40] != b"acsp":
            continue
        utc = when.astimezone(dt.UTC)
        fields = (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)
        icc[24:36] = b"".join(n.to_bytes(2, "big") for n in fields)  # creation date and time
        icc[84:100] = bytes(16)  # profile ID: zero means "not calculated"
        stream.set_data(bytes(icc))


def _write(writer: pypdf.PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def reproducible(pdf: bytes, when: dt.datetime) -> bytes:
    """The PDF with fixed dates (Info, XMP, ICC profile) and an /ID hashed from its content."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    stamp = _pdf_date(when)
    writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
    _fix_xmp(writer, when)
    _fix_icc(writer, when)
    blank = ByteStringObject(bytes(16))
    writer._ID = ArrayObject([blank, blank])
    digest = ByteStringObject(hashlib.sha256(_write(writer)).digest()[:16])
    writer._ID = ArrayObject([digest, digest])
    return _write(writer)


def default_output(docx: Path) -> Path:
    return docx.with_suffix(".pdf")


def docx_to_pdf(docx: Path, out: Path | None = None) -> Converted:
    """Convert an edited .docx to its publishable PDF (tagged, PDF/UA, PDF/A-3b, reproducible)."""
    data = _check_docx(docx)
    soffice = find_soffice()
    try:
        when = docx_date(data)
    except InputError as exc:
        raise InputError(f"{docx}: {exc}") from exc
    pdf = reproducible(_run_soffice(soffice, data, str(docx)), when)
    target = out or default_output(docx)
    write_file(target, pdf)  # under the lock of the folder it lands in (often a build's)
    return Converted(target, len(pdf), when, soffice)
