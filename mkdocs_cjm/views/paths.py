"""What the pages show of a journey's path files: attribution by model, the observed flow.

Numbers and names only, no markup: `render/paths.py` lays them out. The models are
computed in `handbook/attribution.py`; the handbook keeps them per journey and period
(`handbook/paths.py`), and the pages show the latest period.

Titles come from the maps (a touchpoint's or stage's `title`; a step's for an element
that is a step); an element the maps do not know keeps the id the export wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..handbook.attribution import MODELS, ObservedFlow
from ..handbook.paths import PeriodPaths
from ..model import Journey, Stage, Touchpoint

LAST_CLICK = "last"
DATA_DRIVEN = "markov"
"""Last click is weighed against the data-driven model: what the paths say, not a rule."""

GAP_POINTS = 5.0
"""A touchpoint whose last-click share is this many percentage points off is named."""

DRAWN_VISITS = 12
"""The flow diagram draws the first this many stages a path visits: a path that loops on
would make it too wide to read."""

STORY_POINTS = 10.0
"""The summary names a touchpoint that starts this many points more than last click gives it."""


@dataclass(frozen=True)
class TouchpointShares:
    """One touchpoint's share of the conversions under each model, in `MODELS` order."""

    touchpoint: str
    title: str
    shares: tuple[float, ...]
    conversions: tuple[float, ...]


@dataclass(frozen=True)
class LastClickGap:
    """How far last click is from the data-driven share of one touchpoint."""

    title: str
    last: float
    data_driven: float

    @property
    def points(self) -> float:
        """Percentage points last click gives too much (> 0) or too little (< 0)."""
        return (self.last - self.data_driven) * 100


@dataclass(frozen=True)
class AttributionView:
    """A journey's attribution of one period: the table, and what last click gets wrong."""

    period: str
    sources: tuple[str, ...]
    paths: int
    conversions: int
    customer_paths: int  # conversions + nulls
    conversion_rate: float
    models: tuple[str, ...]
    rows: tuple[TouchpointShares, ...]  # most data-driven share first
    over: tuple[LastClickGap, ...]  # last click over-values, most points first
    under: tuple[LastClickGap, ...]  # last click under-values, most points first


@dataclass(frozen=True)
class FlowMove:
    """Customer paths moving from one stage to another (`backward`: to an earlier one)."""

    from_title: str
    to_title: str
    paths: int
    backward: bool


@dataclass(frozen=True)
class FlowNode:
    """The customer paths at the `position`-th stage they visit (0: where they start)."""

    position: int
    row: int  # the stage's place in the designed journey, from 0
    paths: int


@dataclass(frozen=True)
class FlowLink:
    """Paths from one visited stage to the next: loops unrolled by position."""

    position: int  # of the stage moved from
    from_row: int
    to_row: int
    paths: int

    @property
    def backward(self) -> bool:
        """The move goes back to an earlier designed stage."""
        return self.to_row < self.from_row


@dataclass(frozen=True)
class FlowPath:
    """A sequence of stages as customers walked it, with its conversion rate."""

    titles: tuple[str, ...]
    paths: int
    conversions: int
    conversion_rate: float


@dataclass(frozen=True)
class FlowView:
    """How customers moved between a journey's designed stages in one period."""

    period: str
    sources: tuple[str, ...]
    stages: tuple[str, ...]  # titles, designed order: the rows of the diagram
    customer_paths: int
    placed_paths: int
    returning_paths: int
    returning_share: float
    nodes: tuple[FlowNode, ...]
    links: tuple[FlowLink, ...]
    moves: tuple[FlowMove, ...]
    common: tuple[FlowPath, ...]
    unplaced: tuple[tuple[str, int], ...]  # (title or id as written, customer paths)
    beyond: int = 0
    """Customer paths that go on past the last column drawn (`DRAWN_VISITS`); the table
    of moves still counts every move they make."""


def _gaps(rows: tuple[TouchpointShares, ...]) -> tuple[list[LastClickGap], list[LastClickGap]]:
    last, data = MODELS.index(LAST_CLICK), MODELS.index(DATA_DRIVEN)
    gaps = [LastClickGap(r.title, r.shares[last], r.shares[data]) for r in rows]
    over = sorted((g for g in gaps if g.points >= GAP_POINTS), key=lambda g: -g.points)
    under = sorted((g for g in gaps if g.points <= -GAP_POINTS), key=lambda g: g.points)
    return over, under


def attribution_view(period: PeriodPaths, touchpoints: Mapping[str, Touchpoint]) -> AttributionView:
    """The attribution of one period of a journey's paths, touchpoints by their titles."""
    result = period.attribution
    rows = tuple(
        TouchpointShares(
            touchpoint,
            touchpoints[touchpoint].title if touchpoint in touchpoints else touchpoint,
            tuple(result.credit(touchpoint, model).share for model in MODELS),
            tuple(result.credit(touchpoint, model).conversions for model in MODELS),
        )
        for touchpoint in result.touchpoints
    )
    data = MODELS.index(DATA_DRIVEN)
    rows = tuple(sorted(rows, key=lambda r: (-r.shares[data], r.title, r.touchpoint)))
    over, under = _gaps(rows)
    return AttributionView(
        period=period.period,
        sources=period.sources,
        paths=result.paths,
        conversions=result.conversions,
        customer_paths=result.conversions + result.nulls,
        conversion_rate=result.conversion_rate,
        models=MODELS,
        rows=rows,
        over=tuple(over),
        under=tuple(under),
    )


@dataclass(frozen=True)
class Story:
    """The one line of the summary where the paths change the story of a journey."""

    title: str
    first: float  # share of converting paths it starts (first touch)
    last: float  # what last click gives it
    period: str


def attribution_story(view: AttributionView) -> Story | None:
    """The touchpoint last click most fails, by the paths it starts; None when none does
    by `STORY_POINTS` or more."""
    first, last = MODELS.index("first"), MODELS.index(LAST_CLICK)
    ranked = sorted(view.rows, key=lambda r: (r.shares[last] - r.shares[first], r.title))
    if not ranked or (ranked[0].shares[first] - ranked[0].shares[last]) * 100 < STORY_POINTS:
        return None
    row = ranked[0]
    return Story(row.title, row.shares[first], row.shares[last], view.period)


def _element_titles(journey: Journey, touchpoints: Mapping[str, Touchpoint]) -> dict[str, str]:
    titles = {t: touchpoint.title for t, touchpoint in touchpoints.items()}
    for journey_stage in journey.stages:
        for step in journey_stage.steps:
            if step.id:
                titles[step.id] = step.title
    return titles


def _nodes(flow: ObservedFlow, row: Mapping[str, int]) -> tuple[FlowNode, ...]:
    """Paths at each (position, stage): the starts, then what each move brings."""
    at: dict[tuple[int, int], int] = {(0, row[s.stage]): s.paths for s in flow.starts}
    for move in flow.unrolled:
        key = (move.position + 1, row[move.to_stage])
        at[key] = at.get(key, 0) + move.paths
    return tuple(FlowNode(p, r, n) for (p, r), n in sorted(at.items()))


def flow_view(
    period: PeriodPaths,
    journey: Journey,
    stages: Mapping[str, Stage],
    touchpoints: Mapping[str, Touchpoint],
) -> FlowView:
    """The observed flow of one period of a journey's paths, beside its designed stages."""
    flow = period.flow
    order = [s.stage for s in journey.stages]
    row = {stage: i for i, stage in enumerate(order)}

    def title(stage: str) -> str:
        return stages[stage].title if stage in stages else stage

    element_titles = _element_titles(journey, touchpoints)
    nodes = _nodes(flow, row)
    return FlowView(
        period=period.period,
        sources=period.sources,
        stages=tuple(title(s) for s in order),
        customer_paths=flow.paths,
        placed_paths=flow.placed_paths,
        returning_paths=flow.returning_paths,
        returning_share=flow.returning_share,
        nodes=tuple(n for n in nodes if n.position < DRAWN_VISITS),
        links=tuple(
            FlowLink(m.position, row[m.from_stage], row[m.to_stage], m.paths)
            for m in flow.unrolled
            if m.position + 1 < DRAWN_VISITS
        ),
        beyond=sum(m.paths for m in flow.unrolled if m.position + 1 == DRAWN_VISITS),
        moves=tuple(
            FlowMove(title(m.from_stage), title(m.to_stage), m.paths, m.backward)
            for m in flow.moves
        ),
        common=tuple(
            FlowPath(tuple(title(s) for s in c.stages), c.paths, c.conversions, c.conversion_rate)
            for c in flow.common_paths
        ),
        unplaced=tuple((element_titles.get(u.element, u.element), u.paths) for u in flow.unplaced),
    )


@dataclass(frozen=True)
class JourneyShare:
    """A touchpoint's share of one journey's conversions under each model."""

    journey: Journey
    period: str
    shares: tuple[float, ...]  # `MODELS` order


def touchpoint_shares(
    touchpoint: str,
    paths: Mapping[str, PeriodPaths],
    journeys: Mapping[str, Journey],
    sort_key: Callable[[str], Any] = str,
) -> list[JourneyShare]:
    """The share a touchpoint earns in each journey whose latest paths credit it, by title."""
    rows = [
        JourneyShare(
            journeys[journey_id],
            period.period,
            tuple(period.attribution.credit(touchpoint, model).share for model in MODELS),
        )
        for journey_id, period in paths.items()
        if journey_id in journeys and touchpoint in period.attribution.touchpoints
    ]
    return sorted(rows, key=lambda r: (sort_key(r.journey.title), r.journey.id))
