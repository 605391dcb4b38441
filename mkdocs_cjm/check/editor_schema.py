"""The JSON Schema of the front matter, generated from the model (for editors)."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from ..model import MODELS
from ..read.source import singular

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

KIND_NAMES = {singular(kind): kind for kind in MODELS}
"""Singular kind names as the CLI takes them (`journey`) to their folder (`journeys`)."""


def front_matter_schema(kind: str | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind's front matter, or of any kind when `kind` is None."""
    if kind is not None:
        model = MODELS[KIND_NAMES[kind]]
        schema = model.model_json_schema()
        return {"$schema": SCHEMA_DIALECT, **schema}
    refs, definitions = models_json_schema(
        [(model, "validation") for model in MODELS.values()],
        title="mkdocs-cjm front matter",
    )
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "mkdocs-cjm front matter",
        "description": (
            "Front matter of a stage, persona, touchpoint, journey or shared opportunity in maps/."
        ),
        "anyOf": [refs[(model, "validation")] for model in MODELS.values()],
        **definitions,
    }
