"""JSON Schemas of the record formats, from the pydantic models, for editors and other tools.

The award schema covers every route (docgen.models.routes): one of the route classes, chosen by
``route`` (absent: a competitive award)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from docgen.models import MODELS, AwardRecord


def schemas() -> dict[str, str]:
    """File name -> JSON Schema text, one per record kind."""
    out = {}
    for kind, model in MODELS.items():
        schema: dict[str, Any]
        if kind == "award":
            schema = TypeAdapter(AwardRecord).json_schema(mode="validation")
        else:
            schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"docgen {kind} record"
        out[f"{kind}.schema.json"] = (
            json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )
    return out
