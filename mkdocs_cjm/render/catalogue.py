"""The catalogue of the handbook's pages: for each, where it lives, its title, source,
template, the variables the template gets, and the inputs the page depends on.

A page's inputs sit next to its context, so that what a page shows and what
makes `mkdocs serve` render it again cannot drift apart: a page that shows
something new of the maps names it in its inputs (see `page.PageSpec`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..handbook.resolve import Handbook
from ..model import (
    Journey,
    JourneyStage,
    OpportunityRef,
    Persona,
    SharedOpportunity,
    Stage,
    Step,
    Touchpoint,
)
from ..urls import (
    JOURNEYS_INDEX,
    OPPORTUNITIES_INDEX,
    PERSONAS_INDEX,
    REVIEW_INDEX,
    STAGES_INDEX,
    TOUCHPOINTS_INDEX,
    journey_stage_uri,
    journey_uri,
    opportunity_uri,
    persona_uri,
    stage_uri,
    touchpoint_uri,
)
from ..views import figures
from ..views import lists as views
from ..views.insights import shows_targets
from .build import Build
from .diagrams import stages as diagrams
from .markdown import Trusted
from .page import PageSpec


def catalogue(build: Build) -> Iterator[PageSpec]:
    """Every page of the handbook, in a stable order (the nav's, section by section)."""
    handbook = build.handbook
    # Index pages show something of every map: any change makes them again.
    everything = (
        *handbook.journeys.values(),
        *handbook.personas.values(),
        *handbook.touchpoints.values(),
        *handbook.opportunities.values(),
        *handbook.freshness.values(),
    )

    def index(
        src_uri: str, label: str, template: str, context: Callable[[], dict[str, Any]] = dict
    ) -> PageSpec:
        return PageSpec(src_uri, build.t(label), template, None, everything, context)

    yield index(JOURNEYS_INDEX, "Journeys", "journeys.md")
    for journey in handbook.journeys.values():
        yield journey_page(build, journey)
        for number, journey_stage in enumerate(journey.stages):
            yield journey_stage_page(build, journey, number, journey_stage)
    yield index(PERSONAS_INDEX, "Personas", "personas.md")
    for persona in handbook.personas.values():
        yield persona_page(build, persona)
    yield index(
        TOUCHPOINTS_INDEX,
        "Touchpoints",
        "touchpoints.md",
        lambda: {"touchpoints": views.touchpoint_rows(handbook, build.t)},
    )
    for touchpoint in handbook.touchpoints.values():
        yield touchpoint_page(build, touchpoint)
    yield index(STAGES_INDEX, "Stages", "stages.md")
    for stage_id, stage in handbook.stages.items():
        yield stage_page(build, stage_id, stage)
    yield PageSpec(
        OPPORTUNITIES_INDEX,
        build.t("Opportunities"),
        "opportunities.md",
        None,
        everything,
        lambda: opportunities_context(build),
    )
    for opportunity in handbook.opportunities.values():
        yield opportunity_page(build, opportunity)
    yield index(
        REVIEW_INDEX,
        "Review",
        "review.md",
        lambda: {
            "groups": views.review_groups(handbook, build.t.sort_key),
            "old_evidence": figures.old_evidence(handbook),
            "coverages": figures.coverages(handbook),
        },
    )


def journey_page(build: Build, journey: Journey) -> PageSpec:
    """A journey: its map, canvas, diagrams, insights, stage summaries and history."""
    handbook, uri = build.handbook, journey_uri(journey.id)
    touchpoints = dict.fromkeys(
        t for s in journey.stages for step in s.steps for t in step.touchpoints
    )
    inputs = (
        journey,
        *(handbook.personas.get(p) for p in journey.personas),
        *(handbook.touchpoints.get(t) for t in touchpoints),
        handbook.freshness.get(journey.id),
        tuple(build.history.changes.get(journey.source.path, ())),
        build.last_changed(journey.source),
        handbook.journeys.get(journey.compares or ""),
        *build.compared_in.get(journey.id, ()),
        handbook.data.by_journey.get(journey.id, ()),  # the figures of maps/data/
        *_shared_refs(handbook, (step for s in journey.stages for step in s.steps)),
    )

    def context() -> dict[str, Any]:
        insights = views.journey_insights(handbook, journey, build.compared_in.get(journey.id, []))
        summary = views.journey_summary(handbook, journey, insights, build.t)
        stages = list(enumerate(journey.stages, start=1))
        return {
            "journey": journey,
            "summary": build.blocks.summary(journey, uri, summary),
            "overview": build.blocks.overview(journey, uri, [m.point for m in summary.lowest]),
            "freshness": handbook.freshness.get(journey.id),
            "canvas": build.blocks.canvas(journey, stages, uri, journey.title),
            "diagram": Trusted(diagrams.whole_journey_diagram(handbook, build.t, journey)),
            "actors": diagrams.diagram_personas(handbook, journey),
            "changes": build.history.changes.get(journey.source.path, []),
            "history_available": build.history.available,
            "insights": insights,
            "charts": build.blocks.journey_charts(journey, insights),
            "targets": shows_targets(journey),
        }

    return PageSpec(
        uri,
        journey.title,
        "journey.md",
        journey.source,
        inputs,
        context,
        full_width=handbook.settings.full_width,
        summary=journey.scenario,
    )


def journey_stage_page(
    build: Build, journey: Journey, index: int, journey_stage: JourneyStage
) -> PageSpec:
    """One stage of a journey, step by step; `index` is its place in the journey (from 0)."""
    handbook, uri = build.handbook, journey_stage_uri(journey.id, journey_stage.stage)
    stage = handbook.stages[journey_stage.stage]
    touchpoints = dict.fromkeys(t for step in journey_stage.steps for t in step.touchpoints)
    inputs = (
        journey,
        *(handbook.personas.get(p) for p in journey.personas),
        *(handbook.touchpoints.get(t) for t in touchpoints),
        build.last_changed(journey.source),
        handbook.data.by_journey.get(journey.id, ()),  # the figures of maps/data/
        *_shared_refs(handbook, journey_stage.steps),
    )
    title = f"{stage.title} · {journey.title}"

    def context() -> dict[str, Any]:
        stages = journey.stages
        return {
            "journey": journey,
            "stage": stage,
            "journey_stage": journey_stage,
            "canvas": build.blocks.canvas(journey, [(index + 1, journey_stage)], uri, title),
            "diagram": Trusted(diagrams.stage_diagram(handbook, build.t, journey, journey_stage)),
            "actors": diagrams.diagram_personas(handbook, journey),
            "targets": shows_targets(journey),
            "previous": stages[index - 1] if index > 0 else None,
            "next": stages[index + 1] if index + 1 < len(stages) else None,
        }

    return PageSpec(
        uri,
        title,
        "journey_stage.md",
        journey.source,
        inputs,
        context,
        link_title=f"{journey.title} · {stage.title}",
        full_width=handbook.settings.full_width,
        summary=journey_stage.goal or journey.scenario,
    )


def persona_page(build: Build, persona: Persona) -> PageSpec:
    """A persona: who they are, and the journeys and stages they appear in."""
    handbook = build.handbook
    usages = handbook.persona_usage.get(persona.id, [])
    inputs = (
        persona,
        *{id(u.journey): u.journey for u in usages}.values(),
        *(handbook.touchpoints.get(t) for t in persona.channels),
        build.last_changed(persona.source),
    )

    def context() -> dict[str, Any]:
        appearances = views.persona_appearances(handbook, persona, build.t.sort_key)
        return {
            "persona": persona,
            "sections": views.persona_sections(persona),
            "appearances": appearances,
        }

    uri = persona_uri(persona.id)
    summary = persona.quote or persona.role
    return PageSpec(
        uri, persona.title, "persona.md", persona.source, inputs, context, summary=summary
    )


def touchpoint_page(build: Build, touchpoint: Touchpoint) -> PageSpec:
    """A touchpoint: what it is, the steps that use it, the personas that prefer it."""
    handbook = build.handbook
    usages = handbook.touchpoint_usage.get(touchpoint.id, [])
    preferred_by = build.preferred_by.get(touchpoint.id, [])
    inputs = (
        touchpoint,
        *{id(u.journey): u.journey for u in usages}.values(),
        None,  # between the journeys and the personas
        *preferred_by,
        build.last_changed(touchpoint.source),
        *_shared_refs(handbook, (u.step for u in usages)),
    )

    def context() -> dict[str, Any]:
        steps = views.touchpoint_usages(handbook, touchpoint, build.t.sort_key)
        opportunities, pain_points = views.touchpoint_items(handbook, steps)
        return {
            "touchpoint": touchpoint,
            "facts": views.touchpoint_facts(touchpoint, build.t),
            "usages": steps,
            "opportunities": opportunities,
            "pain_points": pain_points,
            "preferred_by": build.t.by_title(preferred_by),
        }

    uri = touchpoint_uri(touchpoint.id)
    return PageSpec(
        uri,
        touchpoint.title,
        "touchpoint.md",
        touchpoint.source,
        inputs,
        context,
        summary=touchpoint.summary,
    )


def stage_page(build: Build, stage_id: str, stage: Stage) -> PageSpec:
    """A stage across journeys: the journeys that go through it."""
    handbook = build.handbook
    uses = handbook.stage_usage.get(stage_id, [])
    inputs = (stage, *(journey for journey, _ in uses), build.last_changed(stage.source))

    def context() -> dict[str, Any]:
        return {"stage": stage, "uses": views.stage_uses(handbook, stage_id, build.t.sort_key)}

    source = stage.source if stage.source.path else None
    return PageSpec(
        stage_uri(stage_id), stage.title, "stage.md", source, inputs, context, summary=stage.summary
    )


def _shared_refs(handbook: Handbook, steps: Iterable[Step]) -> tuple[Any, ...]:
    """The shared opportunities the steps refer to: a page showing the steps shows them."""
    refs = dict.fromkeys(
        o.ref for step in steps for o in step.opportunities if isinstance(o, OpportunityRef)
    )
    return tuple(handbook.opportunities.get(ref) for ref in refs)


def opportunity_page(build: Build, opportunity: SharedOpportunity) -> PageSpec:
    """A shared opportunity (SPEC §2.8): its case, and every step and journey it addresses."""
    handbook = build.handbook
    usages = handbook.opportunity_usage.get(opportunity.id, [])
    inputs = (
        opportunity,
        *{id(u.journey): u.journey for u in usages}.values(),
        *(handbook.stages.get(u.journey_stage.stage) for u in usages),
        build.last_changed(opportunity.source),
    )

    def context() -> dict[str, Any]:
        places = views.opportunity_places(handbook, opportunity.id)
        return {
            "opportunity": opportunity,
            "places": places,
            "journey_count": len({p.usage.journey.id for p in places}),
        }

    return PageSpec(
        opportunity_uri(opportunity.id),
        opportunity.title,
        "opportunity.md",
        opportunity.source,
        inputs,
        context,
        summary=opportunity.title,
    )


def opportunities_context(build: Build) -> dict[str, Any]:
    """The ranked lists of every opportunity and pain point, with the impact/effort grid."""
    handbook, reuse = build.handbook, build.reuse
    items = [
        reuse.journey_items(j, functools.partial(views.journey_items, handbook, j))
        for j in handbook.journeys.values()
    ]
    ranked = views.ranked_opportunities(items, views.shared_opportunities(handbook))
    return {
        "opportunities": ranked,
        "pain_points": views.ranked_pain_points(items),
        "matrix": reuse.matrix(ranked, lambda: build.blocks.opportunity_matrix(ranked)),
        "filters": build.blocks.filter_marker(),
    }
