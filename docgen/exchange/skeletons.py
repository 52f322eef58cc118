"""New records from commented skeletons (`docgen new`): valid as written, ready to fill in.

The skeletons live in docgen/exchange/skeletons/<kind>.yaml (an award of another route than a
competitive one: award-<route>.yaml, docs/law.md §11) with __TOKENS__ for the values that differ
per record: the id, the council (and its officers, read from the council's record when one is
found), and dates a few weeks ahead so that the date rules pass as written. Every example value
carries __EXAMPLE__, filled from docgen.checks.placeholders.EXAMPLE: the placeholder check (R36)
then finds each one left unchanged, so a skeleton left as it is validates (with warnings) but
cannot produce a letter.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from docgen.build.writer import atomic_write
from docgen.checks.placeholders import EXAMPLE
from docgen.errors import DocgenError, UsageError
from docgen.models import Council
from docgen.models.common import Slug
from docgen.models.routes import ROUTES, award_route
from docgen.records.loading import Records, load_records

SKELETONS = Path(__file__).resolve().parent / "skeletons"
KINDS = ("decision", "award", "council")
DEFAULT_RECORDS = Path("records")
_TOKEN = re.compile(r"__[A-Z_]+__")
SKELETON_OFFICERS = ("director", "contact-officer")
"""The officer ids of the council skeleton: (report of / decides, contact and signatory)."""


@dataclass(frozen=True)
class NewRecord:
    """What `docgen new` wrote, and notes for the person who asked."""

    path: Path
    kind: str
    record_id: str
    notes: list[str] = field(default_factory=list)


def check_slug(name: str) -> str:
    """The name itself, if it can be a record id; UsageError saying why not otherwise."""
    try:
        return str(TypeAdapter(Slug).validate_python(name))
    except ValidationError:
        raise UsageError(
            f"{name!r} cannot be an id: use lower-case letters, digits and hyphens, starting "
            f"with a letter or digit, at most 63 characters (e.g. 'home-care-2026')"
        ) from None


def default_path(kind: str, name: str, out_dir: Path | None, records: Path) -> Path:
    """councils/<id>.yaml for a council; <out>/<kind>.yaml (default records/<id>/) otherwise."""
    if kind == "council":
        return (out_dir or records / "councils") / f"{name}.yaml"
    return (out_dir or records / name) / f"{kind}.yaml"


def new_record(
    kind: str,
    name: str,
    out_dir: Path | None = None,
    *,
    council: str | None = None,
    award: str | None = None,
    records: Path = DEFAULT_RECORDS,
    today: dt.date | None = None,
    route: str | None = None,
) -> NewRecord:
    """Write a new record of kind (an award of route, default competitive) from its skeleton;
    refuses to overwrite a file."""
    if kind not in KINDS:
        raise UsageError(f"kind must be one of {', '.join(KINDS)} (got {kind!r})")
    skeleton = skeleton_name(kind, route)
    record_id = check_slug(name)
    target = default_path(kind, record_id, out_dir, records)
    if target.exists():
        raise UsageError(f"{target} already exists: docgen new never overwrites a file")
    notes: list[str] = []
    day = today or dt.date.today()
    values = _values(kind, record_id, council, award, records, out_dir, day, notes)
    text = render_skeleton(skeleton, values, _schema_ref(kind, target, records))
    atomic_write(target, text.encode())
    return NewRecord(target, kind, record_id, notes)


def skeleton_name(kind: str, route: str | None) -> str:
    """The skeleton of kind, and for an award of route: award, or award-<route>."""
    if route is None or (kind == "award" and route == "competitive"):
        return kind
    if kind != "award":
        raise UsageError(f"--route is for an award record (got {kind!r})")
    if route not in ROUTES:
        raise UsageError(f"route must be one of {', '.join(ROUTES)} (got {route!r})")
    return f"award-{route}"


def render_skeleton(kind: str, values: dict[str, str], schema: str | None) -> str:
    """The skeleton's text with every __TOKEN__ replaced; no schema line when schema is None.
    kind names the skeleton file (award, award-direct_award …)."""
    text = (SKELETONS / f"{kind}.yaml").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if schema is None:
        lines = [line for line in lines if "__SCHEMA__" not in line]
    text = "".join(lines).replace("__SCHEMA__", schema or "")
    for token, value in {"EXAMPLE": EXAMPLE, **values}.items():
        text = text.replace(f"__{token}__", value)
    leftover = _TOKEN.search(text)
    if leftover:
        raise ValueError(f"skeleton {kind}.yaml has a token with no value: {leftover.group()}")
    return text


def _values(
    kind: str,
    record_id: str,
    council: str | None,
    award: str | None,
    records: Path,
    out_dir: Path | None,
    today: dt.date,
    notes: list[str],
) -> dict[str, str]:
    values = {"ID": record_id}
    if kind == "council":
        return values
    known = _councils(records, notes)
    council_id = _council_id(council, known, records)
    director, author = _officers(known.get(council_id), council_id, records, notes)
    values |= {"COUNCIL": council_id, "DIRECTOR": director, "AUTHOR": author}
    values |= _dates(today)
    values["AWARD_LINE"] = (
        f"award: {check_slug(award)}                         # the award record it approves"
        if award
        else "# award: ID                                # the award record it approves, if any"
    )
    route = _award_route(award, records, out_dir) if award else None
    values["RESOLUTION"] = RESOLUTIONS.get(
        route or "", "[Approve the proposal set out in this report]"
    )
    return values


RESOLUTIONS = {  # a decision names whom it appoints (R51): the skeleton does too
    "competitive": "[Award the {award.title} to {award.appointed}, as set out in this report]",
    "call_off": "[Award the {award.title} to {award.appointed}, as set out in this report]",
    "direct_award": "[Award the {award.title} contract directly to {award.supplier} under "
    "{award.ground}, for {award.term} from {award.start_date}, with {award.value}]",
    "modification": "[Approve the {award.change} of the {award.contract_title} contract with "
    "{award.supplier} under {award.ground}, its value rising from {award.value_before} to "
    "{award.value_after}]",
    "authority_to_procure": "[Approve the procurement of {award.a_named} by {award.procedure}, "
    "with {award.value}, and delegate the award to {award.delegate}]",
    "not_awarded": "[Award no contract for the {award.title}: the procurement is "
    "{award.next_step}, for the reasons set out in this report]",
}
"""The skeleton decision's resolution for an award of each route, citing only facts that route's
record gives (docgen/derive/route_facts.py), so that it validates as written."""


def _award_route(award: str, records: Path, out_dir: Path | None) -> str:
    """The route of the award record the new decision names, looked for where it was written:
    under records/ (--records), then in the folder the new decision goes beside (the parent of
    --out). A folder whose other records are invalid is read at <folder>/<award>/award.yaml only.
    UsageError when it is in neither: a resolution written for a guessed route would not
    validate."""
    award_id = check_slug(award)
    folders = [records]
    if out_dir is not None and out_dir.parent.resolve() != records.resolve():
        folders.append(out_dir.parent)
    invalid: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        try:
            found = load_records([folder]).award_record(award_id)
        except DocgenError:
            invalid.append(str(folder))
            text = _read(default_path("award", award_id, None, folder))
            if text:
                match = _ROUTE_LINE.search(text)
                return match.group(1) if match and match.group(1) in ROUTES else "competitive"
            continue
        if found is not None:
            return award_route(found)
    broken = f" (some records under {' and '.join(invalid)} are invalid)" if invalid else ""
    raise UsageError(
        f"no award record {award_id!r} was found under {' or '.join(map(str, folders))}"
        f"{broken}: write the award first (`docgen new award {award_id}`), or give --records "
        "with the folder that holds it"
    )


_ROUTE_LINE = re.compile(r"^route:\s*([a-z_]+)", re.MULTILINE)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _dates(today: dt.date) -> dict[str, str]:
    """Dates that satisfy the ordering checks: notice, deadline, decision, letters, start, and
    for a change to a contract the day it was awarded (three years ago) and its new end."""
    day = today.toordinal()
    return {
        "FIRST_NOTICE": dt.date.fromordinal(day).isoformat(),
        "TENDER_DEADLINE": dt.date.fromordinal(day + 35).isoformat(),
        "DATE": dt.date.fromordinal(day + 56).isoformat(),
        "SEND_DATE": dt.date.fromordinal(day + 70).isoformat(),
        "START": dt.date.fromordinal(day + 120).isoformat(),
        "NEW_END": dt.date.fromordinal(day + 485).isoformat(),
        "PAST": dt.date.fromordinal(day - 1096).isoformat(),
    }


def _councils(records: Path, notes: list[str]) -> dict[str, Council]:
    """The valid councils under records/, if that folder exists (other records are ignored)."""
    folder = records / "councils" if (records / "councils").is_dir() else records
    if not folder.is_dir():
        return {}
    found: Records
    try:
        found = load_records([folder])
    except DocgenError:  # a broken record elsewhere must not stop `new`; say so
        notes.append(f"some records under {folder} are invalid: council officers not checked")
        return {}
    return found.councils


def _council_id(council: str | None, known: dict[str, Council], records: Path) -> str:
    if council:
        return check_slug(council)
    if len(known) == 1:
        return next(iter(known))
    choices = f" (known: {', '.join(sorted(known))})" if known else ""
    raise UsageError(
        f"say which council with --council ID{choices}; `docgen new council ID` makes one "
        f"in {records / 'councils'}"
    )


def _officers(
    council: Council | None, council_id: str, records: Path, notes: list[str]
) -> tuple[str, str]:
    """(the officer the report is of, the contact officer) from the council's record."""
    if council is None:
        notes.append(
            f"no council {council_id!r} was found under {records}: the record names the officers "
            f"of the council skeleton ({', '.join(SKELETON_OFFICERS)}); make the council with "
            f"`docgen new council {council_id}` or change the officer ids"
        )
        return SKELETON_OFFICERS
    director = council.officers[0].id
    reachable = [o.id for o in council.officers if o.email or o.phone]
    others = [o for o in reachable if o != director]  # the contact is rarely the director
    return director, (others or reachable or [director])[0]


def _schema_ref(kind: str, target: Path, records: Path) -> str | None:
    """The JSON Schema's path relative to the new file, for editor completion, if it exists."""
    schema = records / "schemas" / f"{kind}.schema.json"
    if not schema.is_file():
        return None
    return Path(os.path.relpath(schema.resolve(), target.parent.resolve())).as_posix()
