"""The handbook as data: one JSON document (the CSV tables are in `publish/csv_tables.py`).

The document is derived from the models of `model.py`: a field added to a model
is exported without a change here. What the export adds to a model (ids, pages,
sources, step numbers, freshness) and the few fields it writes in another form
are declared once per model, as a `Shape`; `LEFT_OUT` names every model field
that is not exported under its own name, and says where it is instead.
`export_json` serialises the shapes (keys in the order of the fields, dates as
ISO strings) and the JSON Schema shipped in `schemas/export.schema.json` is
generated from them; tests keep the file equal to the models and every model
field accounted for.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import math
import typing
from collections.abc import Mapping
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from ..domain import BLUEPRINT_LANES
from ..handbook.attribution import MODELS
from ..handbook.freshness import Freshness
from ..handbook.paths import PeriodPaths
from ..handbook.resolve import Handbook
from ..model import (
    AnyOpportunity,
    Document,
    Evidence,
    Journey,
    JourneyStage,
    Opportunity,
    OpportunityRef,
    Persona,
    SharedOpportunity,
    Stage,
    Step,
    Touchpoint,
)
from ..read.data_files import Figure, Series
from ..reuse import same_inputs
from ..urls import (
    journey_stage_uri,
    journey_uri,
    opportunity_uri,
    persona_uri,
    stage_uri,
    step_anchor,
    touchpoint_uri,
)

EXPORT_VERSION: Literal[1] = 1
"""Raised when a field is renamed or removed; adding fields keeps it."""

EXPORT_FILE = "cjm.json"
"""Where built sites (the plugin's and `generate`'s) publish the export, beside the pages."""

SCHEMA_FILE = "export.schema.json"
"""The JSON Schema of the export, in the package's `schemas/` folder."""

SCHEMA_ID = (
    "https://github.com/mkdocs-cjm/mkdocs-cjm/blob/main/mkdocs_cjm/schemas/export.schema.json"
)

EXPORT_DIGITS = 6
"""Decimals of attribution's conversions and shares in the exports (the models keep all)."""


class _Exported(BaseModel):
    # Every field is always written (null when empty), so the schema lists them all as required.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


Added = tuple[Any, FieldInfo]
"""A field the export adds to a model, or writes in another type: (annotation, `Field`)."""


@dataclasses.dataclass(frozen=True)
class Shape:
    """How one model is exported: its own fields in its order, and what the export adds."""

    model: type[BaseModel]
    exported: type[BaseModel]
    own: tuple[str, ...]
    """The model's fields exported as they are."""
    left_out: Mapping[str, str]
    """The model's fields not exported under their own name, and where they are instead."""

    def listed(self, description: str | None = None) -> Added:
        """A field that holds a list of this shape's exports."""
        # mypy reads `list[...]` as a type, which a variable's class cannot be.
        return (list[self.exported], Field(description=description))  # type: ignore[name-defined]

    def export(self, item: BaseModel, **added: Any) -> BaseModel:
        """`item` in the export's shape; `added` holds the values the shape adds."""
        return self.exported(**{name: getattr(item, name) for name in self.own}, **added)


def _copy(model: type[BaseModel], name: str) -> Added:
    # A field of a model as another model's: the same type, description and constraints.
    field = model.model_fields[name]
    return (field.annotation, field)


def shape(
    model: type[BaseModel],
    name: str,
    doc: str,
    added: Mapping[str, Added],
    first: tuple[str, ...] = (),
    last: tuple[str, ...] = (),
    left_out: Mapping[str, str] | None = None,
) -> Shape:
    """The export of `model`: the names in `first`, then the model's other fields in its
    order, then `last`; fields named in `added` get its type and description."""
    fields = model.model_fields
    left_out = left_out or {}
    placed = (*first, *last)
    assert all(n in fields or n in added for n in placed), f"{name}: {placed}"
    assert all(n in placed or n in fields for n in added), f"{name}: place {list(added)}"
    middle = tuple(n for n in fields if n not in placed and n not in left_out)
    definitions: dict[str, Any] = {
        n: added[n] if n in added else _copy(model, n) for n in (*first, *middle, *last)
    }
    exported = create_model(name, __base__=_Exported, __doc__=doc, **definitions)
    own = tuple(n for n in definitions if n in fields and n not in added)
    return Shape(model, exported, own, left_out)


def _document(source: Added | None = None) -> dict[str, Added]:
    # What every map file's export adds to its front matter.
    return {
        "id": (str, Field(description="the file name without `.md`")),
        "page": (str, Field(description="its page, relative to docs_dir")),
        "source": source or (str, Field()),
        "body": (str, Field(description="the Markdown body of the map file, as written")),
    }


LANES = tuple(lane.field for lane in BLUEPRINT_LANES)
"""The service-blueprint lanes of a step (`domain.py`), which the export groups as `lanes`."""

_LANE_FIELDS: dict[str, Any] = {lane: _copy(Step, lane) for lane in LANES}
_Lanes = create_model(
    "ExportedLanes",
    __base__=_Exported,
    __doc__="The service-blueprint lanes of a step.",
    **_LANE_FIELDS,
)

OPPORTUNITY = shape(
    Opportunity,
    "ExportedOpportunity",
    "An opportunity of a step: written out, or a shared one with its values filled in.",
    {
        "ref": (
            str | None,
            Field(
                description="the id of the shared opportunity (maps/opportunities/); null "
                "for one written out in the step"
            ),
        ),
    },
    last=("ref",),
)

STEP = shape(
    Step,
    "ExportedStep",
    "One step of a journey stage.",
    {
        "number": (
            int,
            Field(ge=1, description="1-based position in its stage, as on the stage page"),
        ),
        "anchor": (
            str,
            Field(description="the step's anchor on its stage page: its id, or step-N"),
        ),
        "metrics": (
            dict[str, int | float | str],
            Field(
                description="drop_off and conversion (fractions 0..1) first when given, then the "
                "free metrics as written (a whole number stays an integer, every digit kept); "
                "a number that is not finite is written as text"
            ),
        ),
        "opportunities": OPPORTUNITY.listed(),
        "evidence": (list[str], Field(description="the text of each item of evidence")),
        "evidence_items": (list[Evidence], Field(description="the evidence with dates")),
        "lanes": (_Lanes, Field(description="the service-blueprint lanes")),
    },
    first=("number", "id", "anchor"),
    last=("evidence_items", "lanes"),
    left_out={lane: "in `lanes`" for lane in LANES},
)

JOURNEY_STAGE = shape(
    JourneyStage,
    "ExportedJourneyStage",
    "A stage as it happens in one journey.",
    {
        "title": (str, Field(description="the stage's title in the vocabulary")),
        "page": (str, Field(description="the stage page, relative to docs_dir")),
        "steps": STEP.listed(),
    },
    first=("stage", "title"),
    last=("page", "steps"),
)

JOURNEY = shape(
    Journey,
    "ExportedJourney",
    "A journey with its stages and steps.",
    {
        **_document(),
        "review_every": (
            int,
            Field(description="days; the journey's own or the configured default"),
        ),
        "freshness": (
            Freshness,
            Field(
                description="whether its last review is recent enough, as of the export's "
                "`as_of` day; `days_left` is negative when overdue"
            ),
        ),
        "stages": JOURNEY_STAGE.listed(),
    },
    first=("id",),
    last=("freshness", "page", "source", "body", "stages"),
)


def _file_shape(model: type[BaseModel], name: str, doc: str, source: Added | None = None) -> Shape:
    # A map file with nothing to add but `_document`'s fields.
    return shape(
        model, name, doc, _document(source), first=("id",), last=("page", "source", "body")
    )


STAGE = _file_shape(
    Stage,
    "ExportedStage",
    "A stage of the vocabulary.",
    (str | None, Field(description="the map file; null for the default vocabulary")),
)
PERSONA = _file_shape(Persona, "ExportedPersona", "A persona.")


class ExportedPlace(_Exported):
    """A step a shared opportunity addresses."""

    journey: str = Field(description="journey id")
    stage: str = Field(description="stage id")
    step: str = Field(description="the step's anchor on its stage page: its id, or step-N")
    title: str = Field(description="the step's title")
    page: str = Field(description="the stage page, relative to docs_dir")


SHARED_OPPORTUNITY = shape(
    SharedOpportunity,
    "ExportedSharedOpportunity",
    "An opportunity several steps share (maps/opportunities/), with every step it addresses.",
    {
        **_document(),
        "places": (list[ExportedPlace], Field(description="the steps that refer to it")),
    },
    first=("id",),
    last=("page", "source", "body", "places"),
)
TOUCHPOINT = _file_shape(Touchpoint, "ExportedTouchpoint", "A touchpoint.")

SHAPES = (
    STAGE,
    PERSONA,
    TOUCHPOINT,
    SHARED_OPPORTUNITY,
    JOURNEY,
    JOURNEY_STAGE,
    STEP,
    OPPORTUNITY,
)
"""The shapes of the models the JSON export derives; pain points and evidence are
exported as the models themselves."""


class ExportedFigure(_Exported):
    """One figure of a data file."""

    period: str = Field(description="YYYY-MM, YYYY-Qn or YYYY-MM-DD, as in the data file")
    start: datetime.date = Field(description="the first day of the period")
    end: datetime.date = Field(description="the last day of the period")
    value: int | float
    source: str | None
    n: int | None
    file: str = Field(description="the data file, relative to the project root")
    line: int


class ExportedSeries(_Exported):
    """The figures of one metric of one step (or a whole journey), oldest period first."""

    journey: str = Field(description="journey id")
    step: str | None = Field(description="step id; null for the whole journey")
    metric: str
    figures: list[ExportedFigure]


FIGURE_LEFT_OUT = {
    "journey": "on its series",
    "step": "on its series",
    "metric": "on its series",
    "path": "as `file`",
}
"""The fields of `data.Figure` that the export's figures do not write under their own
name (the figures' `period` is the period's text, with its `start` and `end`)."""


class ExportedPathPeriod(_Exported):
    """What one period of a journey's path files holds (maps/paths/, SPEC §2.7)."""

    journey: str = Field(description="journey id")
    period: str = Field(description="YYYY-MM, YYYY-Qn or YYYY-MM-DD, as in the path files")
    sources: list[str] = Field(description="the `source` column's values, sorted")
    paths: int = Field(description="path rows counted")
    conversions: int
    nulls: int = Field(description="customer paths that ended without converting")
    conversion_rate: float = Field(description="conversions / (conversions + nulls)")
    placed_paths: int = Field(description="customer paths with at least one element in a stage")
    returning_paths: int = Field(description="customer paths that come back to an earlier stage")
    unplaced: list[str] = Field(description="elements that belong to no one stage")


class ExportedCredit(_Exported):
    """A touchpoint's share of a journey's conversions in one period, under one model."""

    journey: str = Field(description="journey id")
    period: str
    touchpoint: str = Field(description="touchpoint id")
    model: Literal["first", "last", "linear", "position", "markov"]
    conversions: float = Field(ge=0, description="conversions credited (6 decimals)")
    share: float = Field(ge=0, le=1, description="share of the conversions, 0..1 (6 decimals)")


class ExportedStageMove(_Exported):
    """Customer paths that moved from one stage of a journey to the next placed one."""

    journey: str = Field(description="journey id")
    period: str
    from_stage: str
    to_stage: str
    paths: int = Field(description="customer paths making the move, each time they make it")
    backward: bool = Field(description="the move goes back to an earlier stage of the journey")


assert typing.get_args(ExportedCredit.model_fields["model"].annotation) == MODELS, "in order"


class _Document(_Exported):
    model_config = ConfigDict(title="mkdocs-cjm export")

    format: Literal["mkdocs-cjm"] = "mkdocs-cjm"
    version: Literal[1] = EXPORT_VERSION
    as_of: datetime.date = Field(description="the day freshness was judged")


HandbookExport = create_model(
    "HandbookExport",
    __base__=_Document,
    __doc__="Every map of a mkdocs-cjm handbook, validated and with defaults filled in.",
    stages=STAGE.listed("the vocabulary, in order"),
    personas=PERSONA.listed(),
    touchpoints=TOUCHPOINT.listed(),
    path_periods=(
        list[ExportedPathPeriod],
        Field(description="each journey's periods of maps/paths/*.csv, oldest first"),
    ),
    attribution=(
        list[ExportedCredit],
        Field(description="touchpoint x model credits of each journey and period"),
    ),
    flow=(
        list[ExportedStageMove],
        Field(description="stage-to-stage moves of each journey and period"),
    ),
    opportunities=SHARED_OPPORTUNITY.listed("the shared opportunities, by id"),
    journeys=JOURNEY.listed(),
    data=(list[ExportedSeries], Field(description="the series of maps/data/*.csv")),
)
"""The export document: its fields are the JSON's keys."""

LEFT_OUT: dict[type[BaseModel], Mapping[str, str]] = {s.model: s.left_out for s in SHAPES}
"""Model fields the JSON export does not write under their own name, and why."""


def _metric_value(value: int | float | str) -> int | float | str:
    # JSON has no NaN or infinity, which YAML (`.inf`) does; integers are always finite.
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def exported_opportunity(opportunity: AnyOpportunity) -> BaseModel:
    """A step's opportunity as the export writes it: its values, and `ref` when shared."""
    ref = opportunity.ref if isinstance(opportunity, OpportunityRef) else None
    return OPPORTUNITY.export(opportunity, ref=ref)


def _step(step: Step, index: int) -> BaseModel:
    metrics = step.metrics.model_dump(exclude_none=True)
    return STEP.export(
        step,
        number=index + 1,
        anchor=step_anchor(index, step.id),
        metrics={name: _metric_value(value) for name, value in metrics.items()},
        opportunities=[exported_opportunity(o) for o in step.opportunities],
        evidence=[e.text for e in step.evidence],
        evidence_items=list(step.evidence),
        lanes=_Lanes(**{lane: getattr(step, lane) for lane in LANES}),
    )


def _file(document: Document, page: str) -> dict[str, Any]:
    # The values of `_document`'s fields; the default stages have no file (source null).
    source = document.source.path or None
    return {"id": document.id, "page": page, "source": source, "body": document.body}


def _journey(handbook: Handbook, journey: Journey) -> BaseModel:
    return JOURNEY.export(
        journey,
        **_file(journey, journey_uri(journey.id)),
        review_every=journey.review_every or handbook.settings.review_every,
        freshness=handbook.freshness[journey.id],
        stages=[
            JOURNEY_STAGE.export(
                journey_stage,
                title=handbook.stages[journey_stage.stage].title,
                page=journey_stage_uri(journey.id, journey_stage.stage),
                steps=[_step(step, i) for i, step in enumerate(journey_stage.steps)],
            )
            for journey_stage in journey.stages
        ],
    )


def export_model(
    handbook: Handbook, with_journeys: bool = True, with_data: bool = True
) -> BaseModel:
    """The handbook as the export's typed model, a `HandbookExport` (`with_journeys=False`,
    `with_data=False`: empty lists instead)."""
    journeys = (
        [_journey(handbook, journey) for journey in handbook.journeys.values()]
        if with_journeys
        else []
    )
    parts: dict[str, list[BaseModel]] = {
        "stages": [
            # The default vocabulary has no file: its source is null.
            STAGE.export(
                stage, **{**_file(stage, stage_uri(stage_id)), "source": stage.source.path or None}
            )
            for stage_id, stage in handbook.stages.items()
        ],
        "personas": [
            PERSONA.export(persona, **_file(persona, persona_uri(persona.id)))
            for persona in handbook.personas.values()
        ],
        "touchpoints": [
            TOUCHPOINT.export(touchpoint, **_file(touchpoint, touchpoint_uri(touchpoint.id)))
            for touchpoint in handbook.touchpoints.values()
        ],
        **_paths(handbook),
        "opportunities": [
            _shared(handbook, opportunity) for opportunity in sorted_shared(handbook)
        ],
        "journeys": journeys,
        "data": [_series(s) for s in handbook.data.series.values()] if with_data else [],
    }
    return HandbookExport(as_of=handbook.settings.today, **parts)


def _paths(handbook: Handbook) -> dict[str, list[BaseModel]]:
    """The path files' parts of the export: periods, credits and moves."""
    periods: list[PeriodPaths] = [p for jp in handbook.paths.values() for p in jp.periods]
    return {
        "path_periods": [
            ExportedPathPeriod(
                journey=p.journey,
                period=p.period,
                sources=list(p.sources),
                paths=p.attribution.paths,
                conversions=p.attribution.conversions,
                nulls=p.attribution.nulls,
                conversion_rate=round(p.attribution.conversion_rate, EXPORT_DIGITS),
                placed_paths=p.flow.placed_paths,
                returning_paths=p.flow.returning_paths,
                unplaced=[u.element for u in p.flow.unplaced],
            )
            for p in periods
        ],
        "attribution": [
            ExportedCredit(
                journey=p.journey,
                period=p.period,
                touchpoint=c.touchpoint,
                model=c.model,
                conversions=round(c.conversions, EXPORT_DIGITS),
                share=round(c.share, EXPORT_DIGITS),
            )
            for p in periods
            for c in p.attribution.credits
        ],
        "flow": [
            ExportedStageMove(journey=p.journey, period=p.period, **dataclasses.asdict(m))
            for p in periods
            for m in p.flow.moves
        ],
    }


def sorted_shared(handbook: Handbook) -> list[SharedOpportunity]:
    """The shared opportunities in the export's order: by id."""
    return [handbook.opportunities[k] for k in sorted(handbook.opportunities)]


def _shared(handbook: Handbook, opportunity: SharedOpportunity) -> BaseModel:
    places = [
        ExportedPlace(
            journey=u.journey.id,
            stage=u.journey_stage.stage,
            step=step_anchor(u.step_index, u.step.id),
            title=u.step.title,
            page=journey_stage_uri(u.journey.id, u.journey_stage.stage),
        )
        for u in handbook.opportunity_usage.get(opportunity.id, [])
    ]
    return SHARED_OPPORTUNITY.export(
        opportunity, **_file(opportunity, opportunity_uri(opportunity.id)), places=places
    )


def _series(series: Series) -> ExportedSeries:
    return ExportedSeries(
        journey=series.journey,
        step=series.step or None,
        metric=series.metric,
        figures=[
            ExportedFigure(
                period=f.period.text,
                start=f.period.start,
                end=f.period.end,
                value=f.value,
                source=f.source,
                n=f.n,
                file=f.path,
                line=f.line,
            )
            for f in series.figures
        ],
    )


class ExportCache:
    """The JSON of each journey in the last export, for `mkdocs serve`.

    Journeys are most of the export; after an edit, only the edited one is
    exported again. The other parts are small and made every time.
    """

    def __init__(self) -> None:
        self.journeys: dict[str, tuple[tuple[Any, ...], str]] = {}
        # Each data series' JSON by its figures: a figure is the same object while its
        # data file is unchanged (`data.DataCache`).
        self.series: dict[tuple[str, str, str], tuple[tuple[Figure, ...], str]] = {}


# Journeys and data series are items of their lists, two levels deep.
_ITEM_INDENT = " " * 4
_NO_ITEMS = '\n  "journeys": [],\n  "data": []\n}\n'


def _item(model: BaseModel) -> str:
    # Text in JSON holds no raw line break, so every line break is the layout's.
    return _ITEM_INDENT + model.model_dump_json(indent=2).replace("\n", "\n" + _ITEM_INDENT)


def _items(fragments: list[str]) -> str:
    return "[\n" + ",\n".join(fragments) + "\n  ]" if fragments else "[]"


def export_json(handbook: Handbook, cache: ExportCache | None = None) -> str:
    """The whole handbook as one JSON document (UTF-8 text, keys in a fixed order).

    With a `cache`, journeys and data series unchanged since the last call are not
    exported again; the text is the same.
    """
    if cache is None:
        return _dump(export_model(handbook))
    text = _dump(export_model(handbook, with_journeys=False, with_data=False))
    journeys: dict[str, tuple[tuple[Any, ...], str]] = {}
    for journey in handbook.journeys.values():
        inputs = (
            journey,
            handbook.freshness[journey.id],
            handbook.settings.review_every,
            *(handbook.stages[s.stage] for s in journey.stages),
            # A step's `ref` is exported with the shared opportunity's values.
            *(
                o.shared
                for s in journey.stages
                for step in s.steps
                for o in step.opportunities
                if isinstance(o, OpportunityRef)
            ),
        )
        entry = cache.journeys.get(journey.id)
        if entry is not None and same_inputs(inputs, entry[0]):
            journeys[journey.id] = entry
        else:
            journeys[journey.id] = (inputs, _item(_journey(handbook, journey)))
    cache.journeys = journeys
    series: dict[tuple[str, str, str], tuple[tuple[Figure, ...], str]] = {}
    for key, one in handbook.data.series.items():
        cached = cache.series.get(key)
        if (
            cached is not None
            and len(cached[0]) == len(one.figures)
            and all(a is b for a, b in zip(cached[0], one.figures, strict=True))
        ):
            series[key] = cached
        else:
            series[key] = (one.figures, _item(_series(one)))
    cache.series = series
    head, marker, _ = text.partition(_NO_ITEMS)
    assert marker, "the journeys and the data come last"
    return (
        f'{head}\n  "journeys": {_items([f for _, f in journeys.values()])},\n'
        f'  "data": {_items([f for _, f in series.values()])}\n}}\n'
    )


def _dump(model: BaseModel) -> str:
    # Serialised by pydantic-core: the layout of `json.dumps(indent=2)` (only a tiny
    # exponent is spelled `1e-7`, not `1e-07`), several times faster: `json.dumps`
    # runs in pure Python when it indents.
    return model.model_dump_json(indent=2) + "\n"


def export_schema() -> dict[str, Any]:
    """The JSON Schema of `export_json`'s document, generated from the models."""
    schema = HandbookExport.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def shipped_schema() -> dict[str, Any]:
    """The JSON Schema file shipped in the package (equal to `export_schema()`)."""
    text = (resources.files("mkdocs_cjm") / "schemas" / SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_text(schema: dict[str, Any]) -> str:
    """A schema as the shipped file holds it."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
