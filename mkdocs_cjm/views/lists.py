"""What the pages list and summarise, computed over the resolved handbook.

Rankings (opportunities, pain points), the review groups, the touchpoint table,
a journey's summary and its insights, who appears where: pure
functions, no Markdown and no templates, so the templates only lay out what
these return (sphinx-needs' "views compute, backends only emit").

`views/insights.py` computes over one typed journey (curves, drop-off, blueprints,
comparisons) and knows nothing of the handbook; the views here need the
handbook's indexes (usages, freshness, figures of `maps/data/`), so they sit a
layer above it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..handbook.evidence import Coverage, coverage, observed
from ..handbook.freshness import Freshness
from ..handbook.resolve import Handbook, Usage
from ..i18n import Translator
from ..model import (
    AnyOpportunity,
    Journey,
    OpportunityRef,
    PainPoint,
    Persona,
    SharedOpportunity,
    Step,
    Touchpoint,
)
from . import figures, insights
from .labels import channel_label

SortKey = Callable[[str], Any]
"""How the reader's language sorts text (`Translator.sort_key`)."""


@dataclass(frozen=True)
class Place:
    """A step an opportunity addresses, with the title of its stage."""

    usage: Usage
    stage_title: str


@dataclass(frozen=True)
class RankedOpportunity:
    """An opportunity with the step it improves; a shared one (`shared`) with every step
    it addresses (`places`, in the order of the journeys), `usage` being the first."""

    opportunity: AnyOpportunity
    usage: Usage
    shared: SharedOpportunity | None = None
    places: tuple[Place, ...] = ()


@dataclass(frozen=True)
class RankedPainPoint:
    """A pain point with the step where it hurts."""

    pain_point: PainPoint
    usage: Usage


JourneyItems = tuple[list[RankedOpportunity], list[RankedPainPoint]]
"""A journey's opportunities and pain points with their steps, in journey order."""


def journey_items(handbook: Handbook, journey: Journey) -> JourneyItems:
    """A journey's opportunities and pain points with their steps, in journey order."""
    opportunities: list[RankedOpportunity] = []
    pain_points: list[RankedPainPoint] = []
    for usage in handbook.usages(journey):
        step = usage.step
        # A shared opportunity is ranked once, with all its steps (`shared_opportunities`).
        opportunities.extend(
            RankedOpportunity(o, usage)
            for o in step.opportunities
            if not (isinstance(o, OpportunityRef) and o.shared is not None)
        )
        pain_points.extend(RankedPainPoint(p, usage) for p in step.pain_points)
    return opportunities, pain_points


def shared_opportunities(handbook: Handbook) -> list[RankedOpportunity]:
    """Every shared opportunity that a step refers to, with all its places, by id."""
    return [
        RankedOpportunity(
            shared,
            places[0],
            shared,
            tuple(Place(u, handbook.stages[u.journey_stage.stage].title) for u in places),
        )
        for opportunity_id, shared in sorted(handbook.opportunities.items())
        if (places := handbook.opportunity_usage.get(opportunity_id))
    ]


def opportunity_places(handbook: Handbook, opportunity_id: str) -> list[Place]:
    """The steps a shared opportunity addresses, journey by journey in step order."""
    return [
        Place(u, handbook.stages[u.journey_stage.stage].title)
        for u in handbook.opportunity_usage.get(opportunity_id, [])
    ]


def ranked_opportunities(
    items: Iterable[JourneyItems], shared: Iterable[RankedOpportunity] = ()
) -> list[RankedOpportunity]:
    """Every opportunity, best value for effort first; a shared one once."""
    ranked = [*(r for opportunities, _ in items for r in opportunities), *shared]
    return sorted(
        ranked,
        key=lambda r: (
            -r.opportunity.priority,
            -r.opportunity.impact,
            r.opportunity.status == "done",
        ),
    )


def ranked_pain_points(items: Iterable[JourneyItems]) -> list[RankedPainPoint]:
    """Every pain point, most severe first, then where emotion is lowest."""
    ranked = [r for _, pain_points in items for r in pain_points]
    return sorted(ranked, key=lambda r: (-r.pain_point.severity, r.usage.step.emotion))


def review_groups(
    handbook: Handbook, sort_key: SortKey
) -> list[tuple[str, list[tuple[Journey, Freshness]]]]:
    """Journeys that need a review (stale, due soon, never reviewed), by owner."""
    order = {"stale": 0, "due": 1, "unreviewed": 2}
    groups: dict[str, list[tuple[Journey, Freshness]]] = {}
    for journey in handbook.journeys.values():
        state = handbook.freshness[journey.id]
        if state.status in order:
            groups.setdefault(journey.owner, []).append((journey, state))
    return [
        (
            owner,
            sorted(
                entries,
                key=lambda e: (
                    order[e[1].status],
                    e[1].due or datetime.date.min,
                    sort_key(e[0].title),
                ),
            ),
        )
        for owner, entries in sorted(groups.items(), key=lambda g: sort_key(g[0]))
    ]


def touchpoint_rows(handbook: Handbook, t: Translator) -> list[Touchpoint]:
    """Every touchpoint for the one table of the index: grouped by mode (online,
    offline, not set), then by channel as its label reads, then by title."""
    order = {"online": 0, "offline": 1}
    sort_key = t.sort_key

    def key(touchpoint: Touchpoint) -> tuple[Any, ...]:
        channel = channel_label(touchpoint.channel, t)
        return (
            order.get(touchpoint.mode or "", 2),
            channel == "",
            sort_key(channel),
            sort_key(touchpoint.title),
        )

    return sorted(handbook.touchpoints.values(), key=key)


def touchpoint_usages(handbook: Handbook, touchpoint: Touchpoint, sort_key: SortKey) -> list[Usage]:
    """The steps that use a touchpoint: by journey title, within a journey in journey order."""
    usages = handbook.touchpoint_usage.get(touchpoint.id, [])
    return sorted(usages, key=lambda usage: sort_key(usage.journey.title))  # a stable sort


def touchpoint_items(
    handbook: Handbook, usages: Sequence[Usage]
) -> tuple[list[RankedOpportunity], list[RankedPainPoint]]:
    """The opportunities and pain points at the steps that use a touchpoint (`usages`),
    ranked as on the opportunities page; a shared opportunity once, with its steps here."""
    opportunities: list[RankedOpportunity] = []
    pain_points: list[RankedPainPoint] = []
    shared: dict[str, list[Usage]] = {}
    for usage in usages:
        for o in usage.step.opportunities:
            if isinstance(o, OpportunityRef) and o.shared is not None:
                places = shared.setdefault(o.ref, [])
                if not places or places[-1] is not usage:  # a step that names it twice
                    places.append(usage)
            else:
                opportunities.append(RankedOpportunity(o, usage))
        pain_points.extend(RankedPainPoint(p, usage) for p in usage.step.pain_points)
    ranked_shared = [
        RankedOpportunity(
            handbook.opportunities[ref],
            places[0],
            handbook.opportunities[ref],
            tuple(Place(u, handbook.stages[u.journey_stage.stage].title) for u in places),
        )
        for ref, places in shared.items()
    ]
    items = [(opportunities, pain_points)]
    return ranked_opportunities(items, ranked_shared), ranked_pain_points(items)


def step_lines(step: Step) -> list[tuple[str, str]]:
    """What the customer does, thinks and feels at a step, as (label, text), those set."""
    lines = [("Doing", step.doing), ("Thinking", step.thinking), ("Feeling", step.feeling)]
    return [(label, text) for label, text in lines if text]


def touchpoint_facts(touchpoint: Touchpoint, t: Translator) -> list[tuple[str, str]]:
    """A touchpoint's facts that are set, as (label, value): channel, mode, owner, KPIs."""
    facts = [
        ("Channel", channel_label(touchpoint.channel, t)),
        ("Mode", t(touchpoint.mode or "")),
        ("Owner", touchpoint.owner or ""),
        ("KPIs", ", ".join(touchpoint.kpis)),
    ]
    return [(label, value) for label, value in facts if value]


def persona_sections(persona: Persona) -> list[tuple[str, list[str]]]:
    """A persona's lists that have items, as (label, items): goals, needs, motivations, ..."""
    sections = [
        ("Goals", persona.goals),
        ("Needs", persona.needs),
        ("Motivations", persona.motivations),
        ("Frustrations", persona.frustrations),
    ]
    return [(label, list(items)) for label, items in sections if items]


def compared_in(handbook: Handbook) -> dict[str, list[Journey]]:
    """The journeys that `compare` with each journey, by its id."""
    found: dict[str, list[Journey]] = {}
    for journey in handbook.journeys.values():
        if journey.compares and journey.compares != journey.id:
            found.setdefault(journey.compares, []).append(journey)
    return found


def preferred_by(handbook: Handbook) -> dict[str, list[Persona]]:
    """The personas that prefer each touchpoint (their `channels`), by its id."""
    found: dict[str, list[Persona]] = {}
    for persona in handbook.personas.values():
        for touchpoint_id in dict.fromkeys(persona.channels):
            found.setdefault(touchpoint_id, []).append(persona)
    return found


def persona_appearances(
    handbook: Handbook, persona: Persona, sort_key: SortKey
) -> list[tuple[Journey, list[int]]]:
    """The journeys a persona appears in (by title), each with the stages it appears in."""
    appearances: dict[str, list[int]] = {}
    for usage in handbook.persona_usage.get(persona.id, []):
        stages = appearances.setdefault(usage.journey.id, [])
        if usage.stage_index not in stages:
            stages.append(usage.stage_index)
    return sorted(
        ((handbook.journeys[j], s) for j, s in appearances.items()),
        key=lambda appearance: sort_key(appearance[0].title),
    )


def stage_uses(handbook: Handbook, stage_id: str, sort_key: SortKey) -> list[tuple[Journey, int]]:
    """The journeys that go through a stage (by title), each with the stage's index in it."""
    return sorted(handbook.stage_usage.get(stage_id, []), key=lambda use: sort_key(use[0].title))


def worst_step(steps: Sequence[Step]) -> Step:
    """The step where a stage feels worst: the first of the lowest emotion."""
    return min(steps, key=lambda s: s.emotion)


@dataclass(frozen=True)
class Comparison:
    """A journey next to the one it `compares` with: stage by stage, before and after."""

    other: Journey  # the journey before
    rows: list[insights.StageComparison]
    before: insights.StageStats
    after: insights.StageStats
    changed: bool  # steps were added or removed

    @property
    def shared(self) -> list[insights.StageComparison]:
        """The stages both journeys go through, which the chart compares."""
        return [r for r in self.rows if r.before is not None and r.after is not None]


def comparison(handbook: Handbook, after: Journey, before: Journey) -> Comparison:
    """A journey next to the one it `compares` with, stages in the handbook's order."""
    order = {stage_id: index for index, stage_id in enumerate(handbook.stages)}
    rows = insights.compare_journeys(after, before, order)
    return Comparison(
        before,
        rows,
        insights.StageStats(tuple(p.emotion for p in insights.step_points(before))),
        insights.StageStats(tuple(p.emotion for p in insights.step_points(after))),
        any(r.added or r.removed for r in rows),
    )


@dataclass(frozen=True)
class JourneyInsights:
    """What the journey page shows beyond the map: drop-off, funnel, comparison."""

    points: list[insights.StepPoint]
    drop_offs: dict[str, float]  # from maps/data/ or the map's own, by step key
    data_period: str  # the period of the data's drop-offs; "" for the map's own
    data_sources: tuple[str, ...]  # the data files they come from
    worst: list[insights.StepPoint]  # the biggest drop-offs, biggest first
    worst_rank: dict[str, int]  # ... and their ranks, by step key
    funnel: list[insights.FunnelStep]
    comparison: Comparison | None
    compared_in: list[Journey]

    @property
    def measured(self) -> bool:
        """Whether any step has a drop-off."""
        return bool(self.drop_offs)


def journey_insights(
    handbook: Handbook, journey: Journey, compared_in: list[Journey]
) -> JourneyInsights:
    """The insights of a journey; `compared_in`: the journeys that compare with it."""
    measured = figures.funnel_drop_offs(handbook.data, journey)
    other = handbook.journeys.get(journey.compares or "")
    worst = insights.worst_drop_offs(journey, measured=measured.drop_offs)
    return JourneyInsights(
        insights.step_points(journey),
        measured.drop_offs,
        measured.period,
        measured.sources,
        worst,
        {p.key: rank for rank, p in enumerate(worst, start=1)},
        insights.funnel(journey, measured.drop_offs),
        comparison(handbook, journey, other) if other is not None else None,
        compared_in,
    )


# --- the summary at the top of a journey page -------------------------------------------


@dataclass(frozen=True)
class LowMoment:
    """One of a journey's lowest moments: the step, its worst pain point and its best
    opportunity (`insights.worst_pain_point`, `insights.best_opportunity`)."""

    point: insights.StepPoint
    pain_point: PainPoint | None
    opportunity: AnyOpportunity | None


@dataclass(frozen=True)
class JourneySummary:
    """What a journey page says first: where it hurts, where customers go, how sure we are."""

    lowest: list[LowMoment]
    drop_off: insights.StepPoint | None  # the step that loses the most customers
    drop_off_share: float  # ... and how many (0 without one)
    period: str  # the period of the data's drop-offs; "" for the map's own
    sources: tuple[str, ...]  # where they come from
    figures: list[figures.FigureRow]  # the whole journey's figures of maps/data/
    stages: int
    steps: int
    average_emotion: float
    pain_points: int
    severe_pain_points: int  # severity 4 or 5
    open_opportunities: int  # not done
    coverage: Coverage  # steps with recently dated evidence
    observed: Coverage  # steps with evidence of `level: observed`
    freshness: Freshness | None


SEVERE = 4
"""A pain point of this severity or more counts as severe in a journey's summary."""


def journey_summary(
    handbook: Handbook, journey: Journey, view: JourneyInsights, t: Translator
) -> JourneySummary:
    """The summary of a journey page, from its insights (`journey_insights`)."""
    settings = handbook.settings
    points = view.points
    steps = [p.step for p in points]
    biggest = view.worst[0] if view.worst else None
    return JourneySummary(
        lowest=[
            LowMoment(p, insights.worst_pain_point(p.step), insights.best_opportunity(p.step))
            for p in insights.lowest_moments(journey)
        ],
        drop_off=biggest,
        drop_off_share=view.drop_offs[biggest.key] if biggest else 0.0,
        period=view.data_period,
        sources=view.data_sources,
        figures=figures.journey_rows(t, handbook.data, journey),
        stages=len(journey.stages),
        steps=len(steps),
        average_emotion=sum(s.emotion for s in steps) / len(steps) if steps else 0.0,
        pain_points=sum(len(s.pain_points) for s in steps),
        severe_pain_points=sum(p.severity >= SEVERE for s in steps for p in s.pain_points),
        open_opportunities=sum(o.status != "done" for s in steps for o in s.opportunities),
        coverage=coverage(journey, settings.today, settings.evidence_max_age),
        observed=observed(journey),
        freshness=handbook.freshness.get(journey.id),
    )
