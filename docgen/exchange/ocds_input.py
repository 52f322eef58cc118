"""Reading an OCDS release package for `docgen import-ocds`, trusting nothing in it.

A package comes from a portal or a colleague, so every way it can be wrong ends in an
InputError that names the file and, where it helps, the place in it ("releases[0].tender.lots[2].id"):
a file that is not a regular file or is too large (docgen.readback.bounded), text
that is not UTF-8 JSON, NaN or Infinity, a number too long to be an amount, nesting deeper than
Python's stack, a key given twice in one object (which value is meant?), and every field the
import reads with a value of the wrong type. Fields the import does not read are not looked at.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from docgen.errors import InputError
from docgen.readback.bounded import read_file

MAX_BYTES = 64 * 1024 * 1024
"""Larger than any one procurement's package; a bulk download should be cut to one ocid first."""
MAX_TEXT = 100_000
"""Characters in one text field (a tender's description is a few thousand)."""
MAX_ID = 200
MAX_DIGITS = 40
"""Digits in one JSON number: more is not an amount, a weight or an id."""
MAX_ITEMS = 10_000
"""Entries in one list (releases, awards, parties, lots …): bounds the work the import does."""
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

TEXT, ID, NUMBER = "text", "text or a number", "a number or text"
Shape = str | dict[str, Any] | list[Any]
_CLASS = {"scheme": TEXT, "id": ID}
_PERIOD = {"startDate": TEXT, "endDate": TEXT, "maxExtentDate": TEXT}
_PARTY = {
    "id": ID,
    "name": TEXT,
    "roles": [TEXT],
    "address": {k: ID for k in ("streetAddress", "locality", "region", "postalCode")},
    "identifier": _CLASS,
    "additionalIdentifiers": [_CLASS],
    "contactPoint": {"name": TEXT},
}
_CRITERION = {"name": TEXT, "type": TEXT, "description": NUMBER}
_LOT = {
    "id": ID,
    "title": TEXT,
    "description": TEXT,
    "status": TEXT,
    "awardCriteria": {"criteria": [_CRITERION]},
}
_TENDER = {
    "id": ID,
    "title": TEXT,
    "description": TEXT,
    "tenderPeriod": _PERIOD,
    "contractPeriod": _PERIOD,
    "procurementMethod": TEXT,
    "procurementMethodDetails": TEXT,
    "items": [{"classification": _CLASS, "additionalClassifications": [_CLASS]}],
    "value": {"amount": NUMBER},
    "lots": [_LOT],
    "awardCriteriaDetails": TEXT,
}
_AWARD = {
    "id": ID,
    "date": TEXT,
    "status": TEXT,
    "contractPeriod": _PERIOD,
    "suppliers": [_PARTY],
    "relatedLots": [ID],
}
_RELEASE = {"ocid": TEXT, "date": TEXT, "tender": _TENDER, "parties": [_PARTY], "awards": [_AWARD]}
PACKAGE: dict[str, Any] = {"releases": [_RELEASE]}
"""Every field the import reads, with the type it must have (None is allowed for each)."""


class _Refused(ValueError):
    """A JSON value refused while parsing; the message says which and why."""


def read_package(path: Path) -> dict[str, Any]:
    """The package at path, parsed and checked against PACKAGE; InputError if it is not one."""
    data = _parse(path, read_file(path, MAX_BYTES, "release package"))
    if not isinstance(data, dict) or not isinstance(data.get("releases"), list):
        raise InputError(f"{path}: not an OCDS release package (no releases list)")
    if not data["releases"]:
        raise InputError(f"{path}: the release package has no releases")
    problem = check(data, PACKAGE, "")
    if problem:
        raise InputError(f"{path}: not a release package docgen can read: {problem}")
    return data


def _parse(path: Path, data: bytes) -> Any:
    try:
        return json.loads(
            data.decode("utf-8-sig"),
            parse_float=_float,
            parse_int=_int,
            parse_constant=_constant,
            object_pairs_hook=_object,
        )
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not JSON: not UTF-8 text ({exc.reason})") from None
    except _Refused as exc:
        raise InputError(f"{path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON: {exc}") from None
    except RecursionError:
        raise InputError(f"{path}: nested too deeply to be a release package") from None


def _float(text: str) -> Decimal:
    _digits(text)
    return Decimal(text)


def _int(text: str) -> int:
    _digits(text)
    return int(text)


def _digits(text: str) -> None:
    if len(text) > MAX_DIGITS:
        raise _Refused(f"the number {text[:20]}… has {len(text)} characters: not an amount")


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number JSON allows")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _Refused(f"the key {key[:80]!r} is given twice in one object: which is meant?")
        found[key] = value
    return found


def check(value: Any, shape: Shape, where: str) -> str | None:
    """The first place where value does not have the shape, as "where: what is wrong"."""
    if value is None:
        return None
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return _wrong(where, "an object", value)
        for key, inner in shape.items():
            problem = check(value.get(key), inner, f"{where}.{key}" if where else key)
            if problem:
                return problem
        return None
    if isinstance(shape, list):
        if not isinstance(value, list):
            return _wrong(where, "a list", value)
        if len(value) > MAX_ITEMS:
            return f"{where}: {len(value)} entries (at most {MAX_ITEMS:,} are read)"
        for index, item in enumerate(value):
            inner = f"{where}[{index}]"
            problem = check(item, shape[0], inner) if item is not None else f"{inner}: is null"
            if problem:
                return problem
        return None
    return _scalar(value, shape, where)


def _scalar(value: Any, shape: str, where: str) -> str | None:
    allowed = (str,) if shape == TEXT else (str, int, Decimal)
    if isinstance(value, bool) or not isinstance(value, allowed):
        return _wrong(where, shape, value)
    if not isinstance(value, str):
        return None
    longest = MAX_ID if shape == ID else MAX_TEXT
    if len(value) > longest:
        return f"{where}: {len(value):,} characters (at most {longest:,})"
    bad = _NOT_TEXT.search(value)
    if bad:
        return f"{where}: holds the character U+{ord(bad.group()):04X}, which is not text"
    return None


def _wrong(where: str, wanted: str, value: Any) -> str:
    found = {dict: "an object", list: "a list", str: "text", bool: "true or false"}.get(
        type(value), "a number"
    )
    return f"{where}: expected {wanted}, found {found}"
