"""What pages show of the data files and of evidence: latest values, changes, trends, ages.

Views only: plain values and text made from `handbook/data.py`'s series and a step's
evidence, in the language of the build (`i18n.Translator`). The templates lay
them out and escape them; nothing here is Markdown.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..handbook.data import HandbookData, latest_drop_offs, step_ids
from ..handbook.evidence import Coverage, coverage, evidence_age
from ..handbook.resolve import Handbook, Usage
from ..i18n import Translator
from ..model import Evidence, Journey, Step
from ..read.data_files import Series
from .insights import step_points
from .labels import is_fraction

# Trends as text: a row of block characters and an arrow.
_BARS = "▁▂▃▄▅▆▇█"
TREND_PERIODS = 8
"""How many of the latest periods a trend shows."""


def sparkline(values: list[float]) -> str:
    """The values as a row of block characters, lowest ▁, highest █ (all ▄ when equal)."""
    low, high = min(values), max(values)
    if high == low:
        return _BARS[3] * len(values)
    return "".join(_BARS[round((v - low) / (high - low) * (len(_BARS) - 1))] for v in values)


def direction(change: float | None) -> str:
    """▲, ▼ or = for a change; "" without one."""
    if change is None:
        return ""
    return "▲" if change > 0 else "▼" if change < 0 else "="


@dataclass(frozen=True)
class FigureRow:
    """One metric of a step or journey as a page shows it."""

    metric: str  # the name as written (templates translate recognised ones)
    value: str  # the latest value, formatted: "62%" ("62 %" in Danish), "31"
    period: str  # the period of the latest value; "" for a figure typed in the map
    change: str  # "▼ -3 pts" against the previous period; "" without one
    previous_period: str
    sparkline: str  # "▇▅▃": decorative, the values say the same in `trend`
    trend: str  # "70% → 65% → 62%"
    source: str  # the source column of the latest figure; "" if none or typed in the map
    file: str  # the data file of the latest figure; "" for a figure typed in the map


def format_value(t: Translator, value: int | float | str, fraction: bool) -> str:
    """A figure as a reader expects it: rates as percentages in the reader's language (four
    significant digits), other values as written (a whole number keeps every digit:
    `1000`, not `1000.0`)."""
    if fraction and not isinstance(value, str):
        return t.percent_of(t.decimal(f"{value * 100:.4g}"))
    return str(value)


def _change(t: Translator, series: Series) -> str:
    change = series.change
    if change is None:
        return ""
    if series.is_fraction:
        amount = f"{'+' if change > 0 else ''}{t.number(change * 100)} {t('pts')}"
    elif isinstance(change, int):
        amount = f"{'+' if change > 0 else ''}{change}"
    else:
        amount = f"{'+' if change > 0 else ''}{t.number(change, 2)}"
    return f"{direction(change)} {amount}"


def series_row(t: Translator, series: Series) -> FigureRow:
    """The row of one data series: its latest figure, change and trend."""
    latest, previous = series.latest, series.previous
    shown = series.figures[-TREND_PERIODS:]
    values = [format_value(t, f.value, series.is_fraction) for f in shown]
    return FigureRow(
        metric=series.metric,
        value=values[-1],
        period=latest.period.text,
        change=_change(t, series),
        previous_period=previous.period.text if previous else "",
        sparkline=sparkline([float(f.value) for f in shown]) if len(shown) > 1 else "",
        trend=" → ".join(values) if len(shown) > 1 else "",
        source=latest.source or "",
        file=latest.path,
    )


def step_rows(t: Translator, data: HandbookData, journey: Journey, step: Step) -> list[FigureRow]:
    """A step's figures: the data's series, then front-matter metrics the data does not give.

    Where both give a metric, the data wins: it has a source, a period and a history.
    """
    rows = [series_row(t, s) for s in data.step_series(journey.id, step.id)]
    from_data = {row.metric for row in rows}
    typed = step.metrics.model_dump(exclude_none=True)
    for name, value in typed.items():
        if name in from_data:
            continue
        fraction = is_fraction(name, value)
        rows.append(
            FigureRow(
                metric=name,
                value=format_value(t, value, fraction),
                period="",
                change="",
                previous_period="",
                sparkline="",
                trend="",
                source="",
                file="",
            )
        )
    return rows


def journey_rows(t: Translator, data: HandbookData, journey: Journey) -> list[FigureRow]:
    """The figures of a whole journey (data rows with an empty step)."""
    return [series_row(t, s) for s in data.journey_series(journey.id)]


@dataclass(frozen=True)
class DataFunnel:
    """The drop-offs a journey page's funnel uses: from data (with its period) or the map."""

    drop_offs: dict[str, float]  # by step key ("2.3")
    period: str  # "" when the figures are the map's own
    sources: tuple[str, ...]  # where the figures of that period come from


def funnel_drop_offs(data: HandbookData, journey: Journey) -> DataFunnel:
    """The data's drop-offs of the latest period with any, else the front matter's."""
    measured = latest_drop_offs(data, journey)
    points = step_points(journey)
    if measured is None:
        return DataFunnel({p.key: p.drop_off for p in points if p.drop_off is not None}, "", ())
    period, values = measured
    positions = step_ids(journey)
    keys = {positions[step_id]: value for step_id, value in values.items()}
    by_key = {
        p.key: keys[(p.stage_index, p.step_index)]
        for p in points
        if (p.stage_index, p.step_index) in keys
    }
    sources = {
        f.origin
        for s in data.by_journey.get(journey.id, ())
        if s.metric == "drop_off" and s.step
        for f in s.figures
        if f.period == period
    }
    return DataFunnel(by_key, period.text, tuple(sorted(sources)))


# --- evidence ------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceView:
    """One item of evidence as a stage page shows it."""

    evidence: Evidence
    age: int | None  # days; None when undated
    old: bool


def evidence_views(step: Step, today: datetime.date, max_age: int) -> list[EvidenceView]:
    """A step's evidence with the age of each item."""
    views = []
    for item in step.evidence:
        age = evidence_age(item, today)
        views.append(EvidenceView(item, age, age is not None and age > max_age))
    return views


@dataclass(frozen=True)
class OldEvidence:
    """Evidence past the maximum age, with the step it supports (for the review page)."""

    usage: Usage
    evidence: Evidence
    age: int


def old_evidence(handbook: Handbook) -> list[OldEvidence]:
    """Every item of evidence older than `evidence_max_age`, oldest first."""
    settings = handbook.settings
    found = []
    for journey in handbook.journeys.values():
        for usage in handbook.usages(journey):
            for item in usage.step.evidence:
                age = evidence_age(item, settings.today)
                if age is not None and age > settings.evidence_max_age:
                    found.append(OldEvidence(usage, item, age))
    return sorted(found, key=lambda o: (-o.age, o.usage.journey.id))


def coverages(handbook: Handbook) -> list[tuple[Journey, Coverage]]:
    """Each journey's evidence coverage, lowest first (then by id)."""
    settings = handbook.settings
    pairs = [
        (journey, coverage(journey, settings.today, settings.evidence_max_age))
        for journey in handbook.journeys.values()
    ]
    return sorted(pairs, key=lambda pair: (pair[1].share, pair[0].id))
