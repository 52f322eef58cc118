"""Pydantic models of the records. They know nothing of YAML, templates or formats."""

from docgen.models.award import Award
from docgen.models.council import Council
from docgen.models.decision import Decision

Record = Council | Decision | Award
MODELS: dict[str, type[Council] | type[Decision] | type[Award]] = {
    "council": Council,
    "decision": Decision,
    "award": Award,
}

__all__ = ["MODELS", "Award", "Council", "Decision", "Record"]
