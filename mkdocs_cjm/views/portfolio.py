"""The handbook as a whole: a row per journey, the heat map of journeys by stages, the
journey hierarchy (`part_of`), and a persona across the journeys it is in.

Numbers and lists only, as the other views: `render/portfolio.py` lays them out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..handbook.evidence import Coverage, coverage
from ..handbook.freshness import Freshness
from ..handbook.resolve import Handbook
from ..model import AnyOpportunity, Journey, PainPoint, Persona
from . import insights

SortKey = Callable[[str], Any]
"""How the reader's language sorts text (`Translator.sort_key`)."""

GROUP_OVER = 100
"""A handbook of more journeys than this has its journeys index grouped by owner: the
index shows a row per group, each group's journeys are on a page of their own."""

ROLLUP = 10
"""How many pain points and opportunities of its sub-journeys a parent journey lists."""

PERSONA_MOMENTS = 5
"""How many lowest moments a persona's page names across the persona's journeys."""

PERSONA_OPPORTUNITIES = 5
"""How many opportunities a persona's page names as helping the persona most."""


@dataclass(frozen=True)
class JourneyRow:
    """One journey of the portfolio: its curve, where it hurts, how sure and fresh it is."""

    journey: Journey
    depth: int  # 0 for a journey without a parent; its sub-journeys 1, theirs 2, ...
    emotions: tuple[int, ...]  # every step's emotion, in journey order
    lowest: insights.StepPoint | None  # the lowest moment (`insights.lowest_moments`)
    pain_points: int
    open_opportunities: int  # not done
    coverage: Coverage  # steps with recently dated evidence
    freshness: Freshness | None
    stage_emotion: dict[str, float]  # the mean emotion of its steps in each stage it has


@dataclass(frozen=True)
class PortfolioGroup:
    """Journeys shown together: every journey on the journeys index, or in a large handbook
    one owner's journey trees (at most `PAGE_SIZE`) on a page of its own."""

    number: int  # its page (`urls.journey_group_uri`); 0 for the index itself
    label: str  # the owner; "" on the index
    journeys: list[tuple[Journey, int]]  # with their depth in the hierarchy, in its order


@dataclass(frozen=True)
class GroupSummary:
    """A group of journeys in one row of the journeys index of a large handbook."""

    group: PortfolioGroup
    average_emotion: float  # of every step of its journeys
    pain_points: int
    open_opportunities: int
    stale: int  # journeys whose review is overdue
    stage_emotion: dict[str, float]  # the mean of its journeys' stage means, by stage id


def sub_journeys(handbook: Handbook) -> dict[str, list[Journey]]:
    """The journeys that name each journey as their parent (`part_of`), by the parent's id."""
    found: dict[str, list[Journey]] = {}
    for journey in handbook.journeys.values():
        if journey.part_of and journey.part_of in handbook.journeys:
            found.setdefault(journey.part_of, []).append(journey)
    return found


def journey_tree(handbook: Handbook, sort_key: SortKey) -> list[tuple[Journey, int]]:
    """Every journey with its depth in the hierarchy, each parent before its sub-journeys,
    siblings by title. A journey in a circle of `part_of` (an error `check` reports) or with
    an unknown parent is shown at the top."""
    children = sub_journeys(handbook)
    out: list[tuple[Journey, int]] = []
    seen: set[str] = set()

    def by_title(journeys: Iterable[Journey]) -> list[Journey]:
        return sorted(journeys, key=lambda j: (sort_key(j.title), j.id))

    def visit(journey: Journey, depth: int) -> None:
        if journey.id in seen:
            return
        seen.add(journey.id)
        out.append((journey, depth))
        for child in by_title(children.get(journey.id, ())):
            visit(child, depth + 1)

    for journey in by_title(handbook.journeys.values()):
        if not _has_parent(handbook, journey):
            visit(journey, 0)
    # What a circle left out (no journey in it is at the top).
    for journey in by_title(handbook.journeys.values()):
        visit(journey, 0)
    return out


def _has_parent(handbook: Handbook, journey: Journey) -> bool:
    return (
        bool(journey.part_of)
        and journey.part_of != journey.id
        and (journey.part_of in handbook.journeys)
    )


def stage_emotion(journey: Journey) -> dict[str, float]:
    """The mean emotion of a journey's steps in each of its stages, by stage id."""
    return {
        s.stage: sum(step.emotion for step in s.steps) / len(s.steps)
        for s in journey.stages
        if s.steps
    }


def journey_row(handbook: Handbook, journey: Journey, depth: int = 0) -> JourneyRow:
    """The portfolio's row of one journey."""
    settings = handbook.settings
    steps = [step for s in journey.stages for step in s.steps]
    lowest = insights.lowest_moments(journey, 1)
    return JourneyRow(
        journey=journey,
        depth=depth,
        emotions=tuple(step.emotion for step in steps),
        lowest=lowest[0] if lowest else None,
        pain_points=sum(len(step.pain_points) for step in steps),
        open_opportunities=sum(o.status != "done" for step in steps for o in step.opportunities),
        coverage=coverage(journey, settings.today, settings.evidence_max_age),
        freshness=handbook.freshness.get(journey.id),
        stage_emotion=stage_emotion(journey),
    )


PAGE_SIZE = 100
"""The most journeys a page of the journeys index shows in a large handbook."""


def portfolio_groups(handbook: Handbook, sort_key: SortKey) -> list[PortfolioGroup]:
    """The journeys of the journeys index in hierarchy order: one group on the index itself,
    or, with more than `GROUP_OVER` journeys, the trees of each owner (of a tree's top
    journey) on pages of their own, at most `PAGE_SIZE` journeys a page (a tree is
    not split unless it alone is larger)."""
    tree = journey_tree(handbook, sort_key)
    if len(tree) <= GROUP_OVER:
        return [PortfolioGroup(0, "", tree)]
    trees: dict[str, list[list[tuple[Journey, int]]]] = {}
    current: list[tuple[Journey, int]] = []
    for journey, depth in tree:
        # A tree goes with the owner of its top journey, whoever owns its sub-journeys.
        if depth == 0:
            current = []
            trees.setdefault(journey.owner, []).append(current)
        current.append((journey, depth))
    groups: list[PortfolioGroup] = []
    for owner in sorted(trees, key=sort_key):
        page: list[tuple[Journey, int]] = []
        for entries in trees[owner]:
            if page and len(page) + len(entries) > PAGE_SIZE:
                groups.append(PortfolioGroup(len(groups) + 1, owner, page))
                page = []
            page.extend(entries)
        groups.append(PortfolioGroup(len(groups) + 1, owner, page))
    return groups


def group_rows(handbook: Handbook, group: PortfolioGroup) -> list[JourneyRow]:
    """The rows of a group's journeys."""
    return [journey_row(handbook, journey, depth) for journey, depth in group.journeys]


def group_summary(group: PortfolioGroup, rows: list[JourneyRow]) -> GroupSummary:
    """A group of journeys as one row of the index: means and counts over its journeys."""
    emotions = [e for row in rows for e in row.emotions]
    stages: dict[str, list[float]] = {}
    for row in rows:
        for stage_id, value in row.stage_emotion.items():
            stages.setdefault(stage_id, []).append(value)
    return GroupSummary(
        group=group,
        average_emotion=sum(emotions) / len(emotions) if emotions else 0.0,
        pain_points=sum(row.pain_points for row in rows),
        open_opportunities=sum(row.open_opportunities for row in rows),
        stale=sum(row.freshness is not None and row.freshness.status == "stale" for row in rows),
        stage_emotion={k: sum(v) / len(v) for k, v in stages.items()},
    )


# --- a persona across the journeys it is in ------------------------------------------------


@dataclass(frozen=True)
class PersonaMoment:
    """One of a persona's lowest moments: the journey, the step and its worst pain point."""

    journey: Journey
    point: insights.StepPoint
    pain_point: PainPoint | None


@dataclass(frozen=True)
class PersonaOpportunity:
    """An open opportunity at a step of a persona's journeys, and that step."""

    journey: Journey
    point: insights.StepPoint
    opportunity: AnyOpportunity


@dataclass(frozen=True)
class PersonaAcross:
    """A persona across the journeys it is in: a row each, its lowest moments, and the
    open opportunities that would help it most (at its lowest steps, most impact first)."""

    rows: list[JourneyRow]
    lowest: list[PersonaMoment]
    opportunities: list[PersonaOpportunity]


def persona_across(handbook: Handbook, persona: Persona, sort_key: SortKey) -> PersonaAcross:
    """What the persona's page shows under "Across … journeys"."""
    journeys = sorted(
        (j for j in handbook.journeys.values() if persona.id in j.personas),
        key=lambda j: (sort_key(j.title), j.id),
    )
    points = [(j, p) for j in journeys for p in insights.step_points(j)]

    def severity(point: insights.StepPoint) -> int:
        pain_point = insights.worst_pain_point(point.step)
        return pain_point.severity if pain_point else 0

    # sorted() is stable: equal moments stay in journey and step order.
    lowest = sorted(points, key=lambda jp: (jp[1].emotion, -severity(jp[1])))[:PERSONA_MOMENTS]
    opportunities = [
        PersonaOpportunity(j, p, o)
        for j, p in points
        for o in p.step.opportunities
        if o.status != "done"
    ]
    opportunities.sort(
        key=lambda r: (r.point.emotion, -r.opportunity.priority, -r.opportunity.impact)
    )
    return PersonaAcross(
        rows=[journey_row(handbook, j) for j in journeys],
        lowest=[PersonaMoment(j, p, insights.worst_pain_point(p.step)) for j, p in lowest],
        opportunities=opportunities[:PERSONA_OPPORTUNITIES],
    )


# --- a parent journey and its sub-journeys -------------------------------------------------


@dataclass(frozen=True)
class SubJourneys:
    """A parent journey's sub-journeys (a row each, its own sub-journeys below it) and
    their pain points and open opportunities rolled up, most severe and best first."""

    rows: list[JourneyRow]
    pain_points: list[tuple[Journey, insights.StepPoint, PainPoint]]
    opportunities: list[tuple[Journey, insights.StepPoint, AnyOpportunity]]


def sub_journey_rollup(
    handbook: Handbook, journey: Journey, sort_key: SortKey, children: dict[str, list[Journey]]
) -> SubJourneys:
    """The sub-journeys of `journey`, at every depth, with their pains and opportunities."""
    rows: list[JourneyRow] = []
    seen = {journey.id}

    def visit(parent: str, depth: int) -> None:
        for child in sorted(children.get(parent, ()), key=lambda j: (sort_key(j.title), j.id)):
            if child.id in seen:
                continue
            seen.add(child.id)
            rows.append(journey_row(handbook, child, depth))
            visit(child.id, depth + 1)

    visit(journey.id, 0)
    points = [(r.journey, p) for r in rows for p in insights.step_points(r.journey)]
    pain_points = [(j, p, pain) for j, p in points for pain in p.step.pain_points]
    pain_points.sort(key=lambda item: -item[2].severity)
    opportunities: list[tuple[Journey, insights.StepPoint, AnyOpportunity]] = [
        (j, p, o) for j, p in points for o in p.step.opportunities if o.status != "done"
    ]
    opportunities.sort(key=lambda item: (-item[2].priority, -item[2].impact))
    return SubJourneys(rows, pain_points, opportunities)
