"""The data files against the journeys: each step's and journey's series of figures.

A figure must name a journey and, unless it is about the whole journey, one of
its step ids (`check_data` reports the rest, and duplicates across files). The
figures of one metric make a `Series`, oldest period first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, did_you_mean, error
from ..model import Journey
from ..read.data_files import DataFile, Figure, Period, Series
from ..read.map_files import suggest_id

SeriesKey = tuple[str, str, str]
"""(journey id, step id or "", metric)."""


@dataclass
class HandbookData:
    """Every figure of the data files that names a journey and step of the handbook."""

    series: dict[SeriesKey, Series] = field(default_factory=dict)
    # Each journey's series, for its pages (and the cache: a page is made again when they change).
    by_journey: dict[str, tuple[Series, ...]] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    rows: int = 0

    def step_series(self, journey_id: str, step_id: str | None) -> list[Series]:
        """The series of one step, by metric name (none for a step without an id)."""
        if not step_id:
            return []
        return [s for s in self.by_journey.get(journey_id, ()) if s.step == step_id]

    def journey_series(self, journey_id: str) -> list[Series]:
        """The series of a whole journey (rows with an empty step)."""
        return [s for s in self.by_journey.get(journey_id, ()) if not s.step]


def step_ids(journey: Journey) -> dict[str, tuple[int, int]]:
    """The ids of a journey's steps, with (stage index, step index) of each."""
    return {
        step.id: (stage_index, step_index)
        for stage_index, journey_stage in enumerate(journey.stages)
        for step_index, step in enumerate(journey_stage.steps)
        if step.id
    }


def _unknown_journey(figure: Figure, journeys: Iterable[str]) -> Diagnostic:
    known = sorted(journeys)
    suggestion = suggest_id(figure.journey)
    hint = did_you_mean(figure.journey, known)
    if not hint and suggestion in known:
        hint = f"write the journey's id: '{suggestion}'"
    if not hint:
        hint = "the journey column holds a journey's id: the name of its file in maps/journeys/"
    return error(
        figure.path,
        figure.line,
        f"unknown journey '{figure.journey}'",
        hint,
        code="unknown-journey",
    )


def _unknown_step(figure: Figure, journey: Journey) -> Diagnostic:
    ids = step_ids(journey)
    wanted = suggest_id(figure.step)
    hint = did_you_mean(figure.step, ids)
    if not hint and wanted in ids:
        hint = f"write the step's id: '{wanted}'"
    if not hint:
        # A step named by its title, or one that has no id yet: say which and where.
        for stage_index, journey_stage in enumerate(journey.stages):
            for step_index, step in enumerate(journey_stage.steps):
                if suggest_id(step.title) != wanted or hint:
                    continue
                if step.id:
                    hint = f"that is the title of the step with id '{step.id}'; write '{step.id}'"
                else:
                    line = journey.source.line_of(("stages", stage_index, "steps", step_index))
                    hint = (
                        f"the step '{step.title}' ({journey.source.path}:{line}) has no id; "
                        f"give it `id: {wanted}`"
                    )
    if not hint:
        hint = (
            f"known step ids of '{journey.id}': {', '.join(sorted(ids))}"
            if ids
            else f"no step of '{journey.id}' has an id yet; add `id:` to the step"
        )
    return error(
        figure.path,
        figure.line,
        f"unknown step '{figure.step}' in journey '{journey.id}'",
        hint,
        code="unknown-step",
    )


def check_data(
    files: list[DataFile],
    journeys: dict[str, Journey],
    journey_ids: set[str],
    out: list[Diagnostic],
) -> HandbookData:
    """The series of the data files, with every row that names no step of a journey reported.

    `journey_ids` are the ids of every journey file, including those that failed to
    validate: their rows are not "unknown", they wait until the map is fixed.
    """
    found: dict[SeriesKey, dict[Period, Figure]] = {}
    ids = {journey_id: set(step_ids(journey)) for journey_id, journey in journeys.items()}
    rows = 0
    for data_file in files:
        out.extend(data_file.diagnostics)
        for figure in data_file.figures:
            rows += 1
            journey = journeys.get(figure.journey)
            if journey is None:
                if figure.journey not in journey_ids:
                    out.append(_unknown_journey(figure, journey_ids))
                continue
            if figure.step and figure.step not in ids[figure.journey]:
                out.append(_unknown_step(figure, journey))
                continue
            periods = found.setdefault((figure.journey, figure.step, figure.metric), {})
            first = periods.get(figure.period)
            if first is not None:
                same_file = first.path == figure.path
                where = f"line {first.line}" if same_file else f"{first.path}:{first.line}"
                step = f"step '{figure.step}'" if figure.step else "the whole journey"
                out.append(
                    error(
                        figure.path,
                        figure.line,
                        f"duplicate figure: '{figure.metric}' of {step} in '{figure.journey}' "
                        f"for {figure.period.text} (first at {where})",
                        "keep one row per journey, step, metric and period",
                        code="duplicate-figure",
                    )
                )
                continue
            periods[figure.period] = figure
    data = HandbookData(files=tuple(f.path for f in files), rows=rows)
    for key in sorted(found):
        figures = found[key]
        data.series[key] = Series(*key, tuple(figures[p] for p in sorted(figures)))
    by_journey: dict[str, list[Series]] = {}
    for series in data.series.values():
        by_journey.setdefault(series.journey, []).append(series)
    data.by_journey = {journey_id: tuple(s) for journey_id, s in by_journey.items()}
    return data


def latest_drop_offs(
    data: HandbookData, journey: Journey
) -> tuple[Period, dict[str, float]] | None:
    """The most recent period with a drop-off figure for any step of the journey, and the
    drop-off of each step (by id) measured in it; None without drop-off data."""
    series = [s for s in data.by_journey.get(journey.id, ()) if s.step and s.metric == "drop_off"]
    if not series:
        return None
    period = max(f.period for s in series for f in s.figures)
    values = {s.step: float(f.value) for s in series for f in s.figures if f.period == period}
    return period, values
