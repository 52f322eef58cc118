"""The message catalogues: extract every `t("…")` from the code, merge into the .po files,
compile the .mo files, and check that every message has its Welsh.

    python tools/catalogues.py update    # extract, then merge new messages into each .po
    python tools/catalogues.py compile   # .po -> .mo (what docgen reads)
    python tools/catalogues.py check     # every message translated, fields kept, .mo current

`make catalogues` runs update and compile. A council's translation unit edits
templates/locale/cy/LC_MESSAGES/<domain>.po (any PO editor: Poedit, Virtaal, Lokalize) and runs
`make catalogues`; no code changes.
"""

from __future__ import annotations

import datetime
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "templates" / "locale"
LANGUAGES = ("cy",)
KEYWORDS = {"t": None, "plural": (1, 2)}
DOMAINS: dict[str, tuple[str, ...]] = {
    "common": ("docgen/derive/*.py", "docgen/documents/common.py"),
    "letters": (
        "docgen/documents/award_letter.py",
        "docgen/documents/letter_*.py",
        "docgen/letters/*.py",
    ),
    "papers": (
        "docgen/documents/cabinet_paper.py",
        "docgen/documents/appendix_suppliers.py",
        "docgen/documents/appendix_scores.py",
        "docgen/documents/appendix_notice.py",
        "docgen/documents/fields.py",
        "docgen/documents/agenda_pack.py",
    ),
    "notices": (
        "docgen/documents/decision_notice.py",
        "docgen/documents/notice_*.py",
        "docgen/documents/exemption.py",
    ),
    "routes": (
        "docgen/documents/route_*.py",
        "docgen/documents/transparency_notice.py",
        "docgen/documents/change_notice.py",
        "docgen/documents/not_awarded_letter.py",
    ),
}
"""Which source files each catalogue reads messages from (templates hold no wording)."""
FIXED_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
FIELD = re.compile(r"\{[a-z_][a-z0-9_]*\}")


def sources(domain: str) -> list[Path]:
    found: set[Path] = set()
    for pattern in DOMAINS[domain]:
        found.update(ROOT.glob(pattern))
    return sorted(found)


def extract(domain: str) -> Catalog:
    """The domain's messages from its source files, each with where it is used."""
    template = Catalog(project="docgen", fuzzy=False)
    for path in sources(domain):
        for line, message, comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            where = (str(path.relative_to(ROOT)), line)
            template.add(message, None, [where], auto_comments=comments)
    return template


def po_path(lang: str, domain: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path, lang: str) -> Catalog:
    if not path.is_file():
        return Catalog(locale=lang, project="docgen", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


def update() -> None:
    for lang in LANGUAGES:
        for domain in DOMAINS:
            path = po_path(lang, domain)
            catalog = read(path, lang)
            catalog.update(extract(domain), no_fuzzy_matching=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            buffer = io.BytesIO()
            write_po(buffer, catalog, width=100, omit_header=False, include_previous=False)
            path.write_bytes(_stable(buffer.getvalue()))


def _stable(po: bytes) -> bytes:
    """The .po without the header dates Babel stamps in, so an update with no new messages
    changes nothing."""
    return re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', b"", po)


def compile_all() -> None:
    for lang in LANGUAGES:
        for domain in DOMAINS:
            path = po_path(lang, domain)
            if path.is_file():
                buffer = io.BytesIO()
                catalog = read(path, lang)
                # Babel stamps the header with the time of reading: a fixed one keeps the .mo
                # the same bytes for the same .po, so make catalogues changes nothing twice.
                catalog.creation_date = catalog.revision_date = FIXED_DATE
                write_mo(buffer, catalog, use_fuzzy=False)
                path.with_suffix(".mo").write_bytes(buffer.getvalue())


def problems() -> Iterator[str]:
    """Each message without its Welsh (located in the .po and in the code), each translation that
    drops or adds a {field}, and each .mo that is not the compiled .po."""
    for lang in LANGUAGES:
        for domain in DOMAINS:
            yield from _domain_problems(lang, domain)


def _domain_problems(lang: str, domain: str) -> Iterator[str]:
    path = po_path(lang, domain)
    where = path.relative_to(ROOT)
    catalog = read(path, lang)
    for message in extract(domain):
        if not message.id:
            continue
        found = catalog.get(message.id)
        code = ", ".join(f"{f}:{n}" for f, n in message.locations)
        if found is None:
            yield f"{where}: no entry for {_show(message.id)} (used at {code}): run make catalogues"
        elif not _translated(found):
            lineno = found.lineno or 0
            yield f"{where}:{lineno}: {_show(message.id)} has no {lang} translation (used at {code})"
        else:
            yield from _fields_kept(where, found)
    mo = path.with_suffix(".mo")
    if path.is_file() and (not mo.is_file() or _mo_messages(mo) != _po_messages(catalog)):
        yield f"{mo.relative_to(ROOT)}: not compiled from {where}: run make catalogues"


def _translated(message: Message) -> bool:
    if message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(s.strip() for s in strings)


def _fields_kept(where: Path, message: Message) -> Iterator[str]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    wanted = set(FIELD.findall(ids[0])) | set(FIELD.findall(ids[-1]))
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    for text in strings:
        got = set(FIELD.findall(text))
        if got != wanted:
            yield (
                f"{where}:{message.lineno}: {_show(ids[0])}: the translation has fields "
                f"{sorted(got)}, the message {sorted(wanted)}"
            )


def _show(message_id: object) -> str:
    text = message_id[0] if isinstance(message_id, tuple) else str(message_id)
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _po_messages(catalog: Catalog) -> dict[object, object]:
    return {m.id: _hashable(m.string) for m in catalog if m.id and _translated(m)}


def _mo_messages(path: Path) -> dict[object, object]:
    with path.open("rb") as handle:
        catalog = read_mo(handle)
    return {_hashable(m.id): _hashable(m.string) for m in catalog if m.id}


def _hashable(value: object) -> object:
    """A plural message's forms as a tuple (read_mo gives lists)."""
    return tuple(value) if isinstance(value, list) else value


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        found = list(problems())
        for line in found:
            print(line)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
