"""Pydantic models of the records. They know nothing of YAML, templates or formats."""

from docgen.models.award import Award
from docgen.models.changes import AuthorityToProcure, Modification, NotAwarded
from docgen.models.council import Council
from docgen.models.decision import Decision
from docgen.models.routes import (
    ROUTE_MODELS,
    AnyAward,
    AwardRecord,
    CallOff,
    DirectAward,
    RouteAward,
    award_route,
)

Record = Council | Decision | AnyAward
MODELS: dict[str, type[Council] | type[Decision] | type[Award]] = {
    "council": Council,
    "decision": Decision,
    "award": Award,
}
"""The class of each kind; an award's class depends on its route (``model_for``)."""


def model_for(kind: str, route: str) -> type[Council | Decision | AnyAward] | None:
    """The class of a record of kind (and, for an award, of route); None if there is none."""
    if kind == "award":
        return ROUTE_MODELS.get(route)  # type: ignore[return-value]
    return MODELS.get(kind)


__all__ = [
    "MODELS",
    "ROUTE_MODELS",
    "AnyAward",
    "AuthorityToProcure",
    "Award",
    "AwardRecord",
    "CallOff",
    "Council",
    "Decision",
    "DirectAward",
    "Modification",
    "NotAwarded",
    "Record",
    "RouteAward",
    "award_route",
    "model_for",
]
