"""The handbook as data: one JSON document, or CSV tables for spreadsheets.

The shape of the JSON export is written once, as the pydantic models below:
`export_json` serialises them (keys in the order of the fields, dates as ISO
strings) and the JSON Schema shipped in `schemas/export.schema.json` is
generated from them; a test keeps the file equal to the models.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
from collections.abc import Iterator
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .data import COLUMNS, OPTIONAL_COLUMNS, Figure, Series
from .handbook import FreshnessStatus, Handbook, Usage
from .model import Journey, JourneyKind, JourneyStatus, Mode, OpportunityStatus, Step
from .reuse import same_inputs
from .urls import (
    journey_stage_uri,
    journey_uri,
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

# Multi-valued text in one CSV cell: ids never hold ';', free text may, so it gets lines.
_ID_SEPARATOR = ";"
_TEXT_SEPARATOR = "\n"
# Cells Excel or LibreOffice would run as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Exported(BaseModel):
    # Every field is always written (null when empty), so the schema lists them all as required.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class ExportedPainPoint(_Exported):
    """A pain point; one given as plain text has the default severity 3."""

    text: str
    severity: int = Field(ge=1, le=5)


class ExportedOpportunity(_Exported):
    """An opportunity with its defaults filled in (impact 3, effort 3, status idea)."""

    text: str
    impact: int = Field(ge=1, le=5)
    effort: int = Field(ge=1, le=5)
    owner: str | None
    status: OpportunityStatus
    link: str | None


class ExportedLanes(_Exported):
    """The service-blueprint lanes of a step."""

    frontstage: str | None
    backstage: str | None
    support: str | None


class ExportedEvidence(_Exported):
    """One item of a step's evidence; text given alone has no date."""

    text: str
    date: datetime.date | None
    n: int | None
    link: str | None


class ExportedStep(_Exported):
    """One step of a journey stage."""

    number: int = Field(ge=1, description="1-based position in its stage, as on the stage page")
    id: str | None = Field(description="the step's id, which data files refer to")
    anchor: str = Field(description="the step's anchor on its stage page: its id, or step-N")
    title: str
    emotion: int = Field(ge=1, le=5, description="1 very negative, 3 neutral, 5 very positive")
    touchpoints: list[str] = Field(description="touchpoint ids")
    doing: str | None
    thinking: str | None
    feeling: str | None
    pain_points: list[ExportedPainPoint]
    opportunities: list[ExportedOpportunity]
    metrics: dict[str, int | float | str] = Field(
        description="drop_off and conversion (fractions 0..1) first when given, then the "
        "free metrics as written (a whole number stays an integer, every digit kept); "
        "a number that is not finite is written as text"
    )
    evidence: list[str] = Field(description="the text of each item of evidence")
    evidence_items: list[ExportedEvidence] = Field(description="the evidence with dates")
    lanes: ExportedLanes


class ExportedJourneyStage(_Exported):
    """A stage as it happens in one journey."""

    stage: str = Field(description="stage id")
    title: str = Field(description="the stage's title in the vocabulary")
    goal: str | None
    page: str = Field(description="the stage page, relative to docs_dir")
    steps: list[ExportedStep]


class ExportedFreshness(_Exported):
    """Whether a journey's last review is recent enough, as of the export's `as_of` day."""

    status: FreshnessStatus
    due: datetime.date | None
    days_left: int | None = Field(description="negative when overdue")


class ExportedStage(_Exported):
    """A stage of the vocabulary."""

    id: str
    title: str
    order: int
    summary: str | None
    page: str
    source: str | None = Field(description="the map file; null for the default vocabulary")
    body: str = Field(description="the Markdown body of the map file, as written")


class ExportedPersona(_Exported):
    """A persona."""

    id: str
    title: str
    segment: str | None
    role: str | None
    age: int | str | None
    quote: str | None
    goals: list[str]
    needs: list[str]
    motivations: list[str]
    frustrations: list[str]
    channels: list[str] = Field(description="touchpoint ids")
    image: str | None
    tags: list[str]
    page: str
    source: str
    body: str


class ExportedTouchpoint(_Exported):
    """A touchpoint."""

    id: str
    title: str
    channel: str | None
    mode: Mode | None
    owner: str | None
    summary: str | None
    kpis: list[str]
    tags: list[str]
    page: str
    source: str
    body: str


class ExportedJourney(_Exported):
    """A journey with its stages and steps."""

    id: str
    title: str
    personas: list[str] = Field(description="persona ids")
    kind: JourneyKind
    owner: str
    status: JourneyStatus
    reviewed: datetime.date | None
    review_every: int = Field(description="days; the journey's own or the configured default")
    compares: str | None = Field(description="id of the journey this one is compared with")
    scenario: str | None
    tags: list[str]
    freshness: ExportedFreshness
    page: str
    source: str
    body: str
    stages: list[ExportedJourneyStage]


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


class HandbookExport(_Exported):
    """Every map of a mkdocs-cjm handbook, validated and with defaults filled in."""

    model_config = ConfigDict(title="mkdocs-cjm export")

    format: Literal["mkdocs-cjm"] = "mkdocs-cjm"
    version: Literal[1] = EXPORT_VERSION
    as_of: datetime.date = Field(description="the day freshness was judged")
    stages: list[ExportedStage] = Field(description="the vocabulary, in order")
    personas: list[ExportedPersona]
    touchpoints: list[ExportedTouchpoint]
    journeys: list[ExportedJourney]
    data: list[ExportedSeries] = Field(description="the series of maps/data/*.csv")


def _metric_value(value: int | float | str) -> int | float | str:
    # JSON has no NaN or infinity, which YAML (`.inf`) does; integers are always finite.
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _step(step: Step, index: int) -> ExportedStep:
    metrics = step.metrics.model_dump(exclude_none=True)
    return ExportedStep(
        number=index + 1,
        id=step.id,
        anchor=step_anchor(index, step.id),
        title=step.title,
        emotion=step.emotion,
        touchpoints=list(step.touchpoints),
        doing=step.doing,
        thinking=step.thinking,
        feeling=step.feeling,
        pain_points=[ExportedPainPoint(text=p.text, severity=p.severity) for p in step.pain_points],
        opportunities=[
            ExportedOpportunity(
                text=o.text,
                impact=o.impact,
                effort=o.effort,
                owner=o.owner,
                status=o.status,
                link=o.link,
            )
            for o in step.opportunities
        ],
        metrics={name: _metric_value(value) for name, value in metrics.items()},
        evidence=[e.text for e in step.evidence],
        evidence_items=[
            ExportedEvidence(text=e.text, date=e.date, n=e.n, link=e.link) for e in step.evidence
        ],
        lanes=ExportedLanes(
            frontstage=step.frontstage, backstage=step.backstage, support=step.support
        ),
    )


def _journey(handbook: Handbook, journey: Journey) -> ExportedJourney:
    state = handbook.freshness[journey.id]
    return ExportedJourney(
        id=journey.id,
        title=journey.title,
        personas=list(journey.personas),
        kind=journey.kind,
        owner=journey.owner,
        status=journey.status,
        reviewed=journey.reviewed,
        review_every=journey.review_every or handbook.settings.review_every,
        compares=journey.compares,
        scenario=journey.scenario,
        tags=list(journey.tags),
        freshness=ExportedFreshness(status=state.status, due=state.due, days_left=state.days_left),
        page=journey_uri(journey.id),
        source=journey.source.path,
        body=journey.body,
        stages=[
            ExportedJourneyStage(
                stage=journey_stage.stage,
                title=handbook.stages[journey_stage.stage].title,
                goal=journey_stage.goal,
                page=journey_stage_uri(journey.id, journey_stage.stage),
                steps=[_step(step, i) for i, step in enumerate(journey_stage.steps)],
            )
            for journey_stage in journey.stages
        ],
    )


def export_model(
    handbook: Handbook, with_journeys: bool = True, with_data: bool = True
) -> HandbookExport:
    """The handbook as the export's typed model (`with_journeys=False`, `with_data=False`:
    empty lists instead)."""
    journeys = (
        [_journey(handbook, journey) for journey in handbook.journeys.values()]
        if with_journeys
        else []
    )
    return HandbookExport(
        as_of=handbook.settings.today,
        stages=[
            ExportedStage(
                id=stage_id,
                title=stage.title,
                order=stage.order,
                summary=stage.summary,
                page=stage_uri(stage_id),
                source=stage.source.path or None,
                body=stage.body,
            )
            for stage_id, stage in handbook.stages.items()
        ],
        personas=[
            ExportedPersona(
                id=persona.id,
                title=persona.title,
                segment=persona.segment,
                role=persona.role,
                age=persona.age,
                quote=persona.quote,
                goals=list(persona.goals),
                needs=list(persona.needs),
                motivations=list(persona.motivations),
                frustrations=list(persona.frustrations),
                channels=list(persona.channels),
                image=persona.image,
                tags=list(persona.tags),
                page=persona_uri(persona.id),
                source=persona.source.path,
                body=persona.body,
            )
            for persona in handbook.personas.values()
        ],
        touchpoints=[
            ExportedTouchpoint(
                id=touchpoint.id,
                title=touchpoint.title,
                channel=touchpoint.channel,
                mode=touchpoint.mode,
                owner=touchpoint.owner,
                summary=touchpoint.summary,
                kpis=list(touchpoint.kpis),
                tags=list(touchpoint.tags),
                page=touchpoint_uri(touchpoint.id),
                source=touchpoint.source.path,
                body=touchpoint.body,
            )
            for touchpoint in handbook.touchpoints.values()
        ],
        journeys=journeys,
        data=[_series(series) for series in handbook.data.series.values()] if with_data else [],
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


def _dump(model: HandbookExport) -> str:
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


# -- CSV ---------------------------------------------------------------------------------

_WHERE = ("journey_id", "journey_title", "stage_id", "stage_title", "step_number", "step_title")

CSV_TABLES: dict[str, tuple[str, ...]] = {
    "steps": (
        "journey_id",
        "journey_title",
        "journey_status",
        "journey_owner",
        "personas",
        "stage_number",
        "stage_id",
        "stage_title",
        "step_number",
        "step_title",
        "emotion",
        "touchpoints",
        "doing",
        "thinking",
        "feeling",
        "pain_points",
        "max_severity",
        "opportunities",
        "drop_off",
        "conversion",
        "other_metrics",
        "evidence",
        "frontstage",
        "backstage",
        "support",
    ),
    "opportunities": (
        *_WHERE,
        "emotion",
        "text",
        "impact",
        "effort",
        "status",
        "owner",
        "link",
    ),
    "pain-points": (*_WHERE, "emotion", "text", "severity"),
    # The columns of a data file: the table is itself a data file of maps/data/.
    "data": (*COLUMNS, *OPTIONAL_COLUMNS),
}
"""The CSV tables `export --format csv --table` writes, with their columns in order."""

CsvTable = Literal["steps", "opportunities", "pain-points", "data"]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        # A leading apostrophe makes a spreadsheet show the text instead of running it.
        return "'" + value
    return value


def _where(usage: Usage) -> dict[str, Any]:
    return {
        "journey_id": usage.journey.id,
        "journey_title": usage.journey.title,
        "stage_id": usage.journey_stage.stage,
        "step_number": usage.step_index + 1,
        "step_title": usage.step.title,
        "emotion": usage.step.emotion,
    }


def _rows(handbook: Handbook, table: CsvTable) -> Iterator[dict[str, Any]]:
    if table == "data":
        for series in handbook.data.series.values():
            for f in series.figures:
                yield {
                    "journey": f.journey,
                    "step": f.step,
                    "metric": f.metric,
                    "period": f.period.text,
                    "value": f.value,
                    "source": f.source,
                    "n": f.n,
                }
        return
    for journey in handbook.journeys.values():
        for usage in handbook.usages(journey):
            step = usage.step
            where = _where(usage)
            where["stage_title"] = handbook.stages[usage.journey_stage.stage].title
            if table == "opportunities":
                for o in step.opportunities:
                    yield {
                        **where,
                        "text": o.text,
                        "impact": o.impact,
                        "effort": o.effort,
                        "status": o.status,
                        "owner": o.owner,
                        "link": o.link,
                    }
            elif table == "pain-points":
                for p in step.pain_points:
                    yield {**where, "text": p.text, "severity": p.severity}
            else:
                free = {
                    name: value
                    for name, value in step.metrics.model_dump(exclude_none=True).items()
                    if name not in ("drop_off", "conversion")
                }
                yield {
                    **where,
                    "journey_status": journey.status,
                    "journey_owner": journey.owner,
                    "personas": _ID_SEPARATOR.join(journey.personas),
                    "stage_number": usage.stage_index + 1,
                    "touchpoints": _ID_SEPARATOR.join(step.touchpoints),
                    "doing": step.doing,
                    "thinking": step.thinking,
                    "feeling": step.feeling,
                    "pain_points": len(step.pain_points),
                    "max_severity": max((p.severity for p in step.pain_points), default=None),
                    "opportunities": len(step.opportunities),
                    "drop_off": step.metrics.drop_off,
                    "conversion": step.metrics.conversion,
                    "other_metrics": "; ".join(f"{name}={value}" for name, value in free.items()),
                    "evidence": _TEXT_SEPARATOR.join(e.text for e in step.evidence),
                    "frontstage": step.frontstage,
                    "backstage": step.backstage,
                    "support": step.support,
                }


def export_csv(handbook: Handbook, table: CsvTable = "steps", delimiter: str = ",") -> str:
    """One CSV table of the handbook: a row per step, opportunity or pain point.

    Rows end in CRLF (RFC 4180); the caller chooses the encoding (the CLI writes
    UTF-8 with a byte order mark, so that Excel reads the text right).
    """
    columns = CSV_TABLES[table]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    for row in _rows(handbook, table):
        writer.writerow({column: _cell(row[column]) for column in columns})
    return buffer.getvalue()
