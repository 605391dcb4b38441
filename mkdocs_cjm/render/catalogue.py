"""The catalogue of the handbook's pages: for each, where it lives, its title, source,
template, the variables the template gets, and the inputs the page depends on.

A page's inputs sit next to its context, so that what a page shows and what
makes `mkdocs serve` render it again cannot drift apart: a page that shows
something new of the maps names it in its inputs (see `page.PageSpec`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from ..handbook.attribution import MODELS
from ..handbook.paths import PeriodPaths
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
    journey_group_uri,
    journey_stage_uri,
    journey_uri,
    opportunity_uri,
    persona_uri,
    stage_uri,
    touchpoint_uri,
)
from ..views import figures, portfolio
from ..views import lists as views
from ..views import paths as path_views
from ..views.insights import shows_targets
from . import paths as path_blocks
from .build import Build
from .diagrams import stages as diagrams
from .markdown import Trusted, section_heading
from .page import PageSpec
from .persona import persona_card, short_name
from .portfolio import (
    Links,
    group_heatmap,
    group_table,
    journey_heatmap,
    journey_rows_table,
    rollup,
)

_Document = TypeVar("_Document", Persona, Touchpoint)


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

    groups = build.journey_groups()
    whole = groups[0] if len(groups) == 1 and groups[0].number == 0 else None
    index_group = whole or portfolio.PortfolioGroup(0, "", [])
    yield index(
        JOURNEYS_INDEX, "Journeys", "journeys.md", lambda: journeys_context(build, index_group)
    )
    for group in groups if whole is None else ():
        yield PageSpec(
            journey_group_uri(group.number),
            f"{build.t('Journeys')}: {group.label}",
            "journeys.md",
            None,
            everything,
            functools.partial(journeys_context, build, group),
        )
    for journey in handbook.journeys.values():
        yield journey_page(build, journey)
        for number, journey_stage in enumerate(journey.stages):
            yield journey_stage_page(build, journey, number, journey_stage)
    yield index(
        PERSONAS_INDEX,
        "Personas",
        "personas.md",
        lambda: {"personas": handbook.personas, "persona_usage": handbook.persona_usage},
    )
    for persona in handbook.personas.values():
        yield persona_page(build, persona)
    yield index(
        TOUCHPOINTS_INDEX,
        "Touchpoints",
        "touchpoints.md",
        lambda: {
            "touchpoints": views.touchpoint_rows(handbook, build.t),
            "touchpoint_usage": handbook.touchpoint_usage,
        },
    )
    for touchpoint in handbook.touchpoints.values():
        yield touchpoint_page(build, touchpoint)
    yield index(STAGES_INDEX, "Stages", "stages.md", lambda: {"stage_usage": handbook.stage_usage})
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
            "today": handbook.settings.today,
            "evidence_max_age": handbook.settings.evidence_max_age,
        },
    )


def journeys_context(build: Build, group: portfolio.PortfolioGroup) -> dict[str, Any]:
    """A page of the journeys index: the portfolio (a row per journey, in hierarchy order)
    and the heat map of journeys by stages; in a large handbook, on the index a row per
    group of journeys (`views.portfolio_groups`), on each group's page its journeys."""
    handbook, t = build.handbook, build.t
    here = JOURNEYS_INDEX if group.number == 0 else journey_group_uri(group.number)
    links = Links(handbook, t, here, build.blocks.directory_urls)
    stages = [(stage_id, stage.title) for stage_id, stage in handbook.stages.items()]
    if group.journeys:
        rows = portfolio.group_rows(handbook, group)
        table = journey_rows_table(links, rows, t("Journeys"))
        heat = journey_heatmap(links, stages, rows)
    else:  # the index of a large handbook: its groups
        groups = build.journey_groups()
        summaries = [portfolio.group_summary(g, portfolio.group_rows(handbook, g)) for g in groups]
        table = group_table(links, summaries)
        heat = group_heatmap(links, stages, summaries)
    return {
        "portfolio": build.blocks.html_block(table),
        "heatmap": build.blocks.html_block(heat),
        "grouped": not group.journeys,
        "group": group,
        "index_uri": JOURNEYS_INDEX,  # a group's page links back to the index
    }


def _descendants(build: Build, journey: Journey) -> list[Journey]:
    """A journey's sub-journeys at every depth (`part_of`), each once."""
    found: dict[str, Journey] = {}
    waiting = list(build.sub_journeys.get(journey.id, ()))
    while waiting:
        child = waiting.pop()
        if child.id not in found and child.id != journey.id:
            found[child.id] = child
            waiting.extend(build.sub_journeys.get(child.id, ()))
    return sorted(found.values(), key=lambda j: j.id)


def journey_page(build: Build, journey: Journey) -> PageSpec:
    """A journey: its map, canvas, diagrams, insights, stage summaries and history."""
    handbook, uri = build.handbook, journey_uri(journey.id)
    journey_paths = handbook.paths.get(journey.id)
    paths = journey_paths.latest if journey_paths is not None else None
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
        paths,  # the latest period of maps/paths/
        *(handbook.stages.get(s.stage) for s in journey.stages),
        handbook.journeys.get(journey.part_of or ""),  # the parent (`part_of`)
        *(descendants := _descendants(build, journey)),  # the sub-journeys it rolls up
        *(handbook.personas.get(p) for child in descendants for p in child.personas),
        # The shared opportunities of its steps, and of its sub-journeys' (the roll-up).
        *_shared_refs(
            handbook, (step for j in (journey, *descendants) for s in j.stages for step in s.steps)
        ),
    )

    def context() -> dict[str, Any]:
        insights = views.journey_insights(handbook, journey, build.compared_in.get(journey.id, []))
        subs = portfolio.sub_journey_rollup(handbook, journey, build.t.sort_key, build.sub_journeys)
        links = Links(handbook, build.t, uri, build.blocks.directory_urls)
        summary = views.journey_summary(handbook, journey, insights, build.t)
        stages = list(enumerate(journey.stages, start=1))
        observed = journey_paths_context(build, journey, paths)
        return {
            "journey": journey,
            "compared": handbook.journeys.get(journey.compares or ""),
            "personas": _declared(handbook.personas, journey.personas),
            "journey_figures": lambda journey: figures.journey_rows(
                build.t, handbook.data, journey
            ),
            "summary": build.blocks.summary(journey, uri, summary, observed.get("story")),
            "overview": build.blocks.overview(journey, uri, [m.point for m in summary.lowest]),
            "freshness": handbook.freshness.get(journey.id),
            "canvas": build.blocks.canvas(journey, stages, uri, journey.title),
            "diagram": Trusted(diagrams.whole_journey_diagram(handbook, build.t, journey)),
            "actors": diagrams.diagram_personas(handbook, journey),
            "changes": build.history.changes.get(journey.source.path, []),
            "history_available": build.history.available,
            "insights": insights,
            "charts": build.blocks.journey_charts(journey, insights),
            "paths": observed,
            "parent": handbook.journeys.get(journey.part_of or ""),
            "sub_journeys": subs,
            "rollup": build.blocks.html_block(rollup(links, subs, portfolio.ROLLUP)),
            "sub_journey_table": build.blocks.html_block(
                journey_rows_table(links, subs.rows, build.t("Sub-journeys"))
            ),
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


def journey_paths_context(
    build: Build, journey: Journey, period: PeriodPaths | None
) -> dict[str, Any]:
    """The attribution and observed flow of a journey's latest paths, as blocks of the page;
    empty without path files."""
    if period is None:
        return {}
    handbook, t = build.handbook, build.t
    attribution = path_views.attribution_view(period, handbook.touchpoints)
    flow = path_views.flow_view(period, journey, handbook.stages, handbook.touchpoints)
    story = path_views.attribution_story(attribution)
    return {
        "attribution": build.blocks.html_block(path_blocks.attribution_block(attribution, t)),
        "flow": build.blocks.html_block(path_blocks.flow_block(flow, t)),
        "common": build.blocks.html_block(path_blocks.common_paths_block(flow, t)),
        "story": path_blocks.story_line(story, t) if story is not None else None,
    }


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
            "personas": _declared(handbook.personas, journey.personas),
            "touchpoints": _declared(handbook.touchpoints, touchpoints),
            "step_figures": lambda journey, step: figures.step_rows(
                build.t, handbook.data, journey, step
            ),
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
    journeys = {id(u.journey): u.journey for u in usages}.values()
    inputs = (
        persona,
        *journeys,
        *(handbook.touchpoints.get(t) for t in persona.channels),
        build.last_changed(persona.source),
        None,  # between the channels and the personas of the journeys (their rows name them)
        *(handbook.personas.get(p) for j in journeys for p in j.personas),
        None,  # then the shared opportunities of the journeys' steps (the card's best ones)
        *_shared_refs(handbook, (step for j in journeys for s in j.stages for step in s.steps)),
    )

    def context() -> dict[str, Any]:
        appearances = views.persona_appearances(handbook, persona, build.t.sort_key)
        across = portfolio.persona_across(handbook, persona, build.t.sort_key)
        links = Links(handbook, build.t, uri, build.blocks.directory_urls)
        sections = views.persona_sections(persona)
        return {
            "persona": persona,
            "touchpoints": _declared(handbook.touchpoints, persona.channels),
            "sections": sections,
            "appearances": appearances,
            "across": across,
            "card": build.blocks.html_block(
                persona_card(
                    persona,
                    sections,
                    uri,
                    build.blocks.directory_urls,
                    build.t,
                    handbook.settings.base_path,
                )
            ),
            "across_heading": section_heading(
                f"{build.t('Across the journeys of')} {short_name(persona)}",
                "across-journeys",
            ),
            "journey_table": build.blocks.html_block(
                journey_rows_table(links, across.rows, build.t("Journeys"))
            ),
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
    # The latest paths of every journey that credit it (a journey's attribution sums to 1,
    # so any change of its paths can change this touchpoint's share).
    latest = {
        journey_id: p.latest
        for journey_id, p in handbook.paths.items()
        if touchpoint.id in p.latest.attribution.touchpoints
    }
    inputs = (
        touchpoint,
        *{id(u.journey): u.journey for u in usages}.values(),
        None,  # between the journeys and the personas
        *preferred_by,
        build.last_changed(touchpoint.source),
        None,  # between the personas and the paths
        *latest.values(),
        *(handbook.journeys.get(j) for j in latest),
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
            "shares": path_views.touchpoint_shares(
                touchpoint.id, latest, handbook.journeys, build.t.sort_key
            ),
            "models": [path_blocks.MODEL_LABELS[m] for m in MODELS],
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


def _declared(documents: Mapping[str, _Document], ids: Iterable[str]) -> dict[str, _Document]:
    """The documents of `ids` that exist: what a page's inputs declare of a kind."""
    return {i: documents[i] for i in ids if i in documents}
