"""What the handbook computes beyond the maps: lowest moments, drop-off, funnels, comparisons.

Pure functions over the typed model (no I/O, no MkDocs, no Markdown): the
renderer turns their results into pages and charts, and the tests check the
numbers here without building a site.

Every step of a journey gets a short **key**, ``"<stage number>.<step
number>"`` (``"2.3"`` is the third step of the second stage). Charts cannot
show long step titles on an axis, so they show keys, and the tables next to
them say which step each key is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..domain import step_key
from ..model import Journey, JourneyStage, Opportunity, OpportunityRef, PainPoint, Step

__all__ = [
    "FunnelStep",
    "StageComparison",
    "StageStats",
    "StepPoint",
    "best_opportunity",
    "compare_journeys",
    "drop_offs",
    "funnel",
    "lowest_moments",
    "stage_stats",
    "step_key",
    "step_points",
    "worst_drop_offs",
    "worst_pain_point",
]


@dataclass(frozen=True)
class StepPoint:
    """One step of a journey in journey order, with its key (``"2.3"``)."""

    key: str
    stage_index: int
    step_index: int
    stage_id: str
    step: Step

    @property
    def emotion(self) -> int:
        """The step's emotion score, 1..5."""
        return self.step.emotion

    @property
    def drop_off(self) -> float | None:
        """The share of customers lost at this step, if measured."""
        return self.step.metrics.drop_off


def step_points(journey: Journey) -> list[StepPoint]:
    """Every step of a journey in order, each with its key."""
    return [
        StepPoint(step_key(s + 1, i + 1), s, i, journey_stage.stage, step)
        for s, journey_stage in enumerate(journey.stages)
        for i, step in enumerate(journey_stage.steps)
    ]


DropOffs = Mapping[str, float]
"""Drop-offs by step key ("2.3"): from front matter (`drop_offs`) or from data."""


def drop_offs(journey: Journey) -> dict[str, float]:
    """The drop-off each step's front matter gives, by step key."""
    return {p.key: p.drop_off for p in step_points(journey) if p.drop_off is not None}


def worst_drop_offs(
    journey: Journey, count: int = 3, measured: DropOffs | None = None
) -> list[StepPoint]:
    """The `count` steps that lose the most customers, worst first.

    Only steps with a measured drop-off above zero count (`measured`, by step key;
    default: the front matter's); equal drop-offs keep journey order, so the
    result never depends on anything but the map and its data.
    """
    values = drop_offs(journey) if measured is None else measured
    points = [p for p in step_points(journey) if values.get(p.key)]
    # sorted() is stable: equal drop-offs stay in journey order.
    return sorted(points, key=lambda p: -values[p.key])[:count]


TARGET_KINDS = frozenset({"future-state"})
"""Kinds of journey whose emotions, metrics and funnel are targets, not measurements."""


def shows_targets(journey: Journey) -> bool:
    """Whether a journey's emotions, metrics and funnel are targets (a future state)."""
    return journey.kind in TARGET_KINDS


def worst_pain_point(step: Step) -> PainPoint | None:
    """The step's most severe pain point (the first of equals); None without any."""
    return max(step.pain_points, key=lambda p: p.severity, default=None)


def best_opportunity(step: Step) -> Opportunity | OpportunityRef | None:
    """The step's best opportunity: open before done, then most impact per effort, then
    most impact (the first of equals); None without any."""
    return max(
        step.opportunities,
        key=lambda o: (o.status != "done", o.priority, o.impact),
        default=None,
    )


LOWEST_MOMENTS = 3
"""How many lowest moments a journey's summary names, and its overview marks."""


def lowest_moments(journey: Journey, count: int = LOWEST_MOMENTS) -> list[StepPoint]:
    """The `count` steps where the customer feels worst, worst first: lowest emotion, then
    the most severe pain point, then journey order (so the result depends on the map only)."""

    def severity(point: StepPoint) -> int:
        pain_point = worst_pain_point(point.step)
        return pain_point.severity if pain_point else 0

    # sorted() is stable: equal steps stay in journey order.
    return sorted(step_points(journey), key=lambda p: (p.emotion, -severity(p)))[:count]


@dataclass(frozen=True)
class FunnelStep:
    """A step with a measured drop-off and the share of customers left around it."""

    point: StepPoint
    drop_off: float
    before: float  # share of the customers who started the journey, before this step
    after: float  # ... and after it


def funnel(journey: Journey, measured: DropOffs | None = None) -> list[FunnelStep]:
    """The customers that remain after each step with a measured drop-off.

    Out of every customer who starts the journey, a step with drop-off `d`
    keeps `1 - d` of those who reached it. Steps without a measured drop-off
    are taken to keep everyone. Empty when no step has a drop-off. `measured`:
    drop-offs by step key (default: the front matter's).
    """
    values = drop_offs(journey) if measured is None else measured
    remaining = 1.0
    steps = []
    for point in step_points(journey):
        drop_off = values.get(point.key)
        if drop_off is None:
            continue
        after = remaining * (1 - drop_off)
        steps.append(FunnelStep(point, drop_off, remaining, after))
        remaining = after
    return steps


# --- comparison ---------------------------------------------------------------


@dataclass(frozen=True)
class StageStats:
    """The emotions of one stage of one journey."""

    emotions: tuple[int, ...]

    @property
    def steps(self) -> int:
        """How many steps the stage has."""
        return len(self.emotions)

    @property
    def average(self) -> float:
        """The mean emotion of its steps."""
        return sum(self.emotions) / len(self.emotions)

    @property
    def worst(self) -> int:
        """The lowest emotion of its steps."""
        return min(self.emotions)


def stage_stats(journey_stage: JourneyStage) -> StageStats:
    """The emotions of a stage's steps, in order."""
    return StageStats(tuple(step.emotion for step in journey_stage.steps))


@dataclass(frozen=True)
class StageComparison:
    """One stage in two journeys: before (compared journey) and after (this one)."""

    stage_id: str
    before: StageStats | None  # None: the stage is not in the compared journey
    after: StageStats | None  # None: this journey no longer has the stage
    added: tuple[str, ...]  # step titles only in this journey
    removed: tuple[str, ...]  # step titles only in the compared journey

    @property
    def in_both(self) -> bool:
        """True when both journeys have the stage."""
        return self.before is not None and self.after is not None


_SPACES = re.compile(r"\s+")


def _same_step(title: str) -> str:
    # A step counts as kept when its title reads the same, give or take case and spacing.
    return _SPACES.sub(" ", title).strip().casefold()


def _difference(steps: Sequence[Step], others: Sequence[Step]) -> tuple[str, ...]:
    """Titles of `steps` that have no match in `others`: by id where both steps have one,
    else by title (a step keeps its id when its title is reworded)."""
    other_ids = {s.id for s in others if s.id}
    titles_without_id = {_same_step(s.title) for s in others if not s.id}
    every_title = {_same_step(s.title) for s in others}
    unmatched = []
    for step in steps:
        if step.id:
            kept = step.id in other_ids or _same_step(step.title) in titles_without_id
        else:
            kept = _same_step(step.title) in every_title
        if not kept:
            unmatched.append(step.title)
    return tuple(unmatched)


def compare_journeys(
    after: Journey, before: Journey, stage_order: Mapping[str, int]
) -> list[StageComparison]:
    """Stage by stage, what changed from `before` (e.g. today) to `after` (e.g. 2027).

    Stages of either journey, ordered by `stage_order` (the vocabulary's
    order; unknown stages go last, in journey order). Steps are matched by id
    where both have one, else by title: a step only in `after` was added, one
    only in `before` removed.
    """
    before_stages = {s.stage: s for s in before.stages}
    after_stages = {s.stage: s for s in after.stages}
    stage_ids = list(dict.fromkeys([*after_stages, *before_stages]))
    position = {stage_id: index for index, stage_id in enumerate(stage_ids)}
    stage_ids.sort(key=lambda s: (stage_order.get(s, math.inf), position[s]))
    comparisons = []
    for stage_id in stage_ids:
        old, new = before_stages.get(stage_id), after_stages.get(stage_id)
        old_steps = old.steps if old else []
        new_steps = new.steps if new else []
        comparisons.append(
            StageComparison(
                stage_id,
                stage_stats(old) if old else None,
                stage_stats(new) if new else None,
                _difference(new_steps, old_steps),
                _difference(old_steps, new_steps),
            )
        )
    return comparisons
