"""Render the handbook into pages: (path in the site, Markdown) from Jinja2 templates.

Everything a writer typed is escaped on its way into a page: the template
environment escapes every value it prints unless the plugin itself wrote it
(`Trusted`), so forgetting a filter can only ever show too much escaping,
never let a writer's text turn into HTML, a link or Markdown syntax.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2

from . import charts, diagrams, figures, insights
from .canvas import Canvas, journey_canvas
from .data import coverage
from .handbook import Freshness, Handbook, Usage
from .history import History
from .i18n import translator
from .labels import channel_label, metric_label, metric_value
from .load import Source
from .model import Journey, JourneyStage, Opportunity, PainPoint, Persona, Stage, Touchpoint
from .reuse import same_inputs
from .sanitize import body_markers, html_block_line, trusted_html, web_url
from .urls import (
    JOURNEYS_INDEX,
    OPPORTUNITIES_INDEX,
    PERSONAS_INDEX,
    REVIEW_INDEX,
    STAGES_INDEX,
    TOUCHPOINTS_INDEX,
    journey_stage_uri,
    journey_uri,
    opportunity_anchor,
    persona_uri,
    relative_url,
    stage_uri,
    step_anchor,
    touchpoint_uri,
)


class Trusted(str):
    """Markdown written by the plugin itself, printed as it is by the templates."""


# Numeric character references neutralise every character Markdown, its common
# extensions (tables, attr_list, emoji, smarty, math) or HTML could read as
# syntax, whatever extensions a site enables; the browser shows the character.
# `( ) . -` are syntax only next to an escaped `]` or at the start of a line.
_MARKDOWN_ESCAPES = {ord(ch): f"&#{ord(ch)};" for ch in "\\`*_{}[]#+!|<>&~^=:\"'$%@"}
_LINE_START_CHARACTERS = frozenset("-+0123456789")


# Cached: titles and names are printed on many pages (links, tables, diagrams).
@functools.lru_cache(maxsize=32768)
def escape_markdown(text: str) -> str:
    """Inline text safe to put anywhere in Markdown: shows exactly as written, on one line."""
    # `split()` splits on the same whitespace as the pattern `\s+`, faster.
    escaped = " ".join(text.split()).translate(_MARKDOWN_ESCAPES).replace("--", "-&#45;")
    # A list marker, rule or numbered item only counts at the start of a line.
    if escaped and escaped[0] in _LINE_START_CHARACTERS:
        return f"&#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def escape_paragraphs(text: str) -> Trusted:
    """Multi-line text as escaped Markdown paragraphs, one per line of the value.

    In a folded YAML value (`scenario: >`), the form the templates use, a blank
    line in the source is the only newline left: it starts a paragraph.
    """
    paragraphs = [line for line in text.splitlines() if line.strip()]
    return Trusted("\n\n".join(escape_markdown(p) for p in paragraphs))


def _finalize(value: Any) -> Any:
    if isinstance(value, Trusted):
        return value
    if value is None:
        return ""
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return str(value)  # digits and dashes of a date are not syntax mid-line
    return escape_markdown(str(value))


# Pages whose tables have many columns: they use the room of the table of contents.
_WIDE_PAGES = frozenset({OPPORTUNITIES_INDEX, JOURNEYS_INDEX})


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the handbook: where it goes, its title, Markdown and source file."""

    src_uri: str
    title: str
    # The Markdown as UTF-8, as MkDocs reads a page from disk. A string with one
    # emoji in it (a score face) takes four bytes a character: kept as text, a
    # build's pages would take four times the memory until MkDocs reads them.
    content: bytes
    source: Source | None  # None for index pages, which come from many files
    wide: bool = False  # wide tables: the theme may hide the table of contents
    # The title out of its place in the nav (footer links, search): a journey's
    # stage page names its journey ("Buying a sofa · Advocacy"). None: `title`.
    link_title: str | None = None

    @property
    def markdown(self) -> str:
        """The page's Markdown."""
        return self.content.decode("utf-8")


@dataclass(frozen=True)
class RankedOpportunity:
    """An opportunity with the step it improves."""

    opportunity: Opportunity
    usage: Usage


@dataclass(frozen=True)
class RankedPainPoint:
    """A pain point with the step where it hurts."""

    pain_point: PainPoint
    usage: Usage


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, so that every build (a `serve` rebuild, a test)
    after the first skips compiling them; keyed by the template's source checksum."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


RowKey = tuple[str, str, int]
"""A cached table row: the template and macro that print it, and its item's `id()`."""

RowItem = RankedOpportunity | RankedPainPoint | Usage | tuple[Journey, int]
"""What a row of a long table shows: a ranked item, a step, or a journey's stage."""


def _row_identity(item: RowItem) -> tuple[object, Journey]:
    """The model a row shows, and the journey it belongs to."""
    if isinstance(item, RankedOpportunity):
        return item.opportunity, item.usage.journey
    if isinstance(item, RankedPainPoint):
        return item.pain_point, item.usage.journey
    if isinstance(item, Usage):
        return item.step, item.journey
    journey, stage_index = item
    return journey.stages[stage_index], journey


class RenderCache:
    """The pages of the last build with what each was made from, for `mkdocs serve`.

    After an edit, only pages whose inputs changed are rendered again: those of
    the edited file, the pages that show something of it, and the index pages.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[tuple[Any, ...], GeneratedPage]] = {}
        self._context: tuple[Any, ...] | None = None
        self.rendered = 0  # pages rendered (not reused) by the last build
        # Table rows of the long lists by what they show (see `Renderer.row`): the
        # opportunities page lists every opportunity and is made again after any
        # edit; a touchpoint page lists every step that uses it, of every journey.
        self.rows: dict[RowKey, tuple[object, Journey, str]] = {}
        # Each journey's opportunities and pain points with their steps, to be ranked.
        self.items: dict[
            str, tuple[Journey, tuple[list[RankedOpportunity], list[RankedPainPoint]]]
        ] = {}
        # The impact/effort chart, by the scores of the ranked opportunities it places.
        self.matrix: tuple[tuple[tuple[int, int, str], ...], Trusted] | None = None

    def start(self, context: tuple[Any, ...]) -> None:
        """Begin a build; `context` is what every page depends on (language, date, stages)."""
        if not same_inputs(context, self._context):
            self._pages.clear()
            self.rows.clear()
            self.matrix = None
        self._context = context
        self.rendered = 0

    def page(
        self, src_uri: str, inputs: tuple[Any, ...], make: Callable[[], GeneratedPage]
    ) -> GeneratedPage:
        """The page of the last build if its inputs are the same, else `make()`."""
        entry = self._pages.get(src_uri)
        if entry is not None and same_inputs(inputs, entry[0]):
            return entry[1]
        page = make()
        self.rendered += 1
        self._pages[src_uri] = (inputs, page)
        return page

    def keep_only(self, src_uris: set[str], journeys: dict[str, Journey]) -> None:
        """Forget pages and journeys that are gone, and rows of journeys since edited."""
        for src_uri in [u for u in self._pages if u not in src_uris]:
            del self._pages[src_uri]
        for journey_id in [j for j in self.items if j not in journeys]:
            del self.items[journey_id]
        for key in [k for k, (_, j, _) in self.rows.items() if journeys.get(j.id) is not j]:
            del self.rows[key]


class Renderer:
    """Turns a handbook into pages; one instance per build."""

    def __init__(
        self,
        handbook: Handbook,
        history: History,
        language: str | None,
        build_date: datetime.date,
        cache: RenderCache | None = None,
        body_marker: str = "",
        directory_urls: bool = True,
    ) -> None:
        self.handbook = handbook
        self.body_marker = body_marker
        self.directory_urls = directory_urls
        self.history = history
        self.build_date = build_date
        self.cache = cache
        # Made once, not looked up per page: both are quadratic in a large handbook.
        self.compared_in: dict[str, list[Journey]] = {}
        for journey in handbook.journeys.values():
            if journey.compares and journey.compares != journey.id:
                self.compared_in.setdefault(journey.compares, []).append(journey)
        self.preferred_by: dict[str, list[Persona]] = {}
        for persona in handbook.personas.values():
            for touchpoint_id in dict.fromkeys(persona.channels):
                self.preferred_by.setdefault(touchpoint_id, []).append(persona)
        if cache is not None:
            cache.start(
                (
                    language,
                    build_date,
                    handbook.settings,
                    history.available,
                    body_marker,
                    directory_urls,
                    *handbook.stages.values(),
                )
            )
        self.t = translator(language)
        loader = jinja2.FileSystemLoader(str(resources.files("mkdocs_cjm") / "templates" / "pages"))
        self.env = jinja2.Environment(
            loader=loader,
            autoescape=False,  # Markdown, not HTML: `_finalize` escapes instead
            finalize=_finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_COMPILED_TEMPLATES,
        )
        self.env.globals.update(
            t=self.t,
            handbook=handbook,
            journey_uri=journey_uri,
            journey_stage_uri=journey_stage_uri,
            persona_uri=persona_uri,
            touchpoint_uri=touchpoint_uri,
            stage_uri=stage_uri,
            step_anchor=step_anchor,
            JOURNEYS_INDEX=JOURNEYS_INDEX,
            PERSONAS_INDEX=PERSONAS_INDEX,
            TOUCHPOINTS_INDEX=TOUCHPOINTS_INDEX,
            STAGES_INDEX=STAGES_INDEX,
            OPPORTUNITIES_INDEX=OPPORTUNITIES_INDEX,
            REVIEW_INDEX=REVIEW_INDEX,
        )
        self.env.globals["link"] = jinja2.pass_context(_link)
        self.env.globals["image"] = jinja2.pass_context(_image)
        self.env.globals["links"] = jinja2.pass_context(
            lambda context, kind, ids: self.links(context, kind, ids)
        )
        self.env.globals["external"] = _external
        self.env.globals["external_link"] = _external_link
        self.env.globals["sparkline"] = _sparkline
        self.env.globals["values"] = _values
        self.env.globals["anchor"] = lambda name: Trusted(f"{{#{name}}}")
        self.env.globals["metric"] = lambda name, value: metric_value(name, value, self.t)
        self.env.globals["metric_name"] = lambda name: metric_label(name, self.t)
        self.env.globals["channel"] = lambda name: channel_label(name, self.t)
        self.env.globals["percent"] = self.t.percent
        self.env.globals["number"] = self.t.number
        self.env.globals["lane_label"] = lambda lane: self.t(_LANE_LABELS[lane])
        self.env.globals["OPPORTUNITY_KEY"] = OPPORTUNITY_KEY
        self.env.globals["CURVE_CAPTION"] = charts.CURVE_CAPTION
        self.env.globals["COMPARISON_CAPTION"] = charts.COMPARISON_CAPTION
        self.env.globals["rows"] = jinja2.pass_context(
            lambda context, items, macro, rank_key=None, anchored=False: self.rows(
                context, items, macro, rank_key, anchored
            )
        )
        self.env.globals["starts_with_heading"] = starts_with_heading
        self.env.globals["journey_count"] = lambda usages: len({u.journey.id for u in usages})
        settings = handbook.settings
        self.env.globals["step_figures"] = lambda journey, step: figures.step_rows(
            self.t, handbook.data, journey, step
        )
        self.env.globals["journey_figures"] = lambda journey: figures.journey_rows(
            self.t, handbook.data, journey
        )
        self.env.globals["evidence_views"] = lambda step: figures.evidence_views(
            step, settings.today, settings.evidence_max_age
        )
        self.env.globals["coverage"] = lambda journey: coverage(
            journey, settings.today, settings.evidence_max_age
        )
        self.env.filters["emotion"] = self.emotion
        self.env.filters["paragraphs"] = lambda text: escape_paragraphs(text or "")
        self.env.filters["freshness"] = self.freshness_badge
        self.env.filters["by_title"] = self.t.by_title

    # -- small pieces the templates use --------------------------------------------

    def emotion(self, score: int) -> Trusted:
        """A face and the score, e.g. "🙁 2/5"."""
        faces = {1: "😫", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}
        return Trusted(f"{faces.get(score, '')} {score}/5")

    def freshness_badge(self, state: Freshness) -> Trusted:
        """How fresh a journey is, as a short badge."""
        t = self.t
        if state.status == "stale":
            stale, was_due = escape_markdown(t("Stale")), escape_markdown(t("review was due"))
            return Trusted(f"⚠️ **{stale}** ({was_due} {state.due})")
        if state.status == "due":
            return Trusted(f"⏰ {escape_markdown(t('Review due'))} {state.due}")
        if state.status == "fresh":
            return Trusted(f"✅ {escape_markdown(t('Fresh'))}")
        if state.status == "retired":
            return Trusted(escape_markdown(t("Retired")))
        return Trusted(escape_markdown(t("Never reviewed")))

    def links(self, context: jinja2.runtime.Context, kind: str, ids: Iterable[str]) -> Trusted:
        """Persona or touchpoint ids as links to their pages, separated by commas."""
        pages: dict[str, tuple[dict[str, Any], Callable[[str], str]]] = {
            "personas": (self.handbook.personas, persona_uri),
            "touchpoints": (self.handbook.touchpoints, touchpoint_uri),
        }
        documents, uri = pages[kind]
        return Trusted(
            ", ".join(
                _link(context, documents[i].title, uri(i)) if i in documents else escape_markdown(i)
                for i in ids
            )
        )

    def rows(
        self,
        context: jinja2.runtime.Context,
        items: Iterable[RowItem],
        macro: jinja2.runtime.Macro,
        rank_key: str | None = None,
        anchored: bool = False,
    ) -> Trusted:
        """Table rows, one a line, as `macro` prints each item. With a `rank_key`
        (`"O"`, or `""` for bare numbers), each row starts with a rank: `| O1 | `;
        `anchored` gives that cell the row's anchor (`opportunity_anchor`), which the
        impact/effort grid links to.

        Joined here, not in a template loop: a list can hold every opportunity of
        the handbook. With a cache, a row is reused from the last build while the
        journey it belongs to is the same model: a row shows its item, the item's
        journey and stage titles, and a change to the stages starts the cache
        afresh. A template's pages all live in one folder, so a row's relative
        links are the same on each of them.
        """
        if self.cache is None:
            lines = [macro(item) for item in items]
        else:
            cached, template, name = self.cache.rows, context.name or "", macro.name
            lines = []
            for item in items:
                shown, journey = _row_identity(item)
                # By identity; the entry holds the item, so no other object can take its id.
                key = (template, name, id(shown))
                entry = cached.get(key)
                if entry is not None and entry[0] is shown and entry[1] is journey:
                    lines.append(entry[2])
                else:
                    line = macro(item)
                    cached[key] = (shown, journey, line)
                    lines.append(line)
        if rank_key is None:
            return Trusted("\n".join(lines))
        return Trusted(
            "\n".join(
                f"| {rank_key}{rank}{_anchor_of(rank) if anchored else ''} | {line}"
                for rank, line in enumerate(lines, start=1)
            )
        )

    def last_changed(self, source: Source | None) -> datetime.date:
        """The date the source last changed in git, or the build date without git."""
        if source is None or not source.path:
            return self.build_date
        return self.history.last_changed(source.path) or self.build_date

    # -- pages ---------------------------------------------------------------------

    def pages(self) -> list[GeneratedPage]:
        """Every generated page of the handbook, in a stable order."""
        handbook = self.handbook
        reuse = self._reuse
        # Index pages show something of every map: any change makes them again.
        everything = (
            *handbook.journeys.values(),
            *handbook.personas.values(),
            *handbook.touchpoints.values(),
            *handbook.freshness.values(),
        )

        def list_page(
            src_uri: str,
            label: str,
            template: str,
            context: Callable[[], dict[str, Any]] = dict,
        ) -> GeneratedPage:
            # A list page: built from everything, with its context made only if needed.
            return reuse(
                src_uri,
                everything,
                lambda: self._page(src_uri, self.t(label), template, None, **context()),
            )

        pages = [list_page(JOURNEYS_INDEX, "Journeys", "journeys.md")]
        for journey in handbook.journeys.values():
            pages.append(
                reuse(
                    journey_uri(journey.id), self._journey_inputs(journey), self._journey, journey
                )
            )
            for index, journey_stage in enumerate(journey.stages):
                pages.append(
                    reuse(
                        journey_stage_uri(journey.id, journey_stage.stage),
                        self._journey_stage_inputs(journey, journey_stage),
                        self._journey_stage,
                        journey,
                        index,
                        journey_stage,
                    )
                )
        pages.append(list_page(PERSONAS_INDEX, "Personas", "personas.md"))
        for persona in handbook.personas.values():
            pages.append(
                reuse(
                    persona_uri(persona.id), self._persona_inputs(persona), self._persona, persona
                )
            )
        pages.append(
            list_page(
                TOUCHPOINTS_INDEX,
                "Touchpoints",
                "touchpoints.md",
                lambda: {"touchpoints": self.touchpoint_rows()},
            )
        )
        for touchpoint in handbook.touchpoints.values():
            pages.append(
                reuse(
                    touchpoint_uri(touchpoint.id),
                    self._touchpoint_inputs(touchpoint),
                    self._touchpoint,
                    touchpoint,
                )
            )
        pages.append(list_page(STAGES_INDEX, "Stages", "stages.md"))
        for stage_id, stage in handbook.stages.items():
            pages.append(
                reuse(
                    stage_uri(stage_id),
                    self._stage_inputs(stage_id, stage),
                    self._stage,
                    stage_id,
                    stage,
                )
            )
        pages.append(reuse(OPPORTUNITIES_INDEX, everything, self._opportunities))
        pages.append(
            list_page(
                REVIEW_INDEX,
                "Review",
                "review.md",
                lambda: {
                    "groups": self.review_groups(),
                    "old_evidence": figures.old_evidence(handbook),
                    "coverages": figures.coverages(handbook),
                },
            )
        )
        if self.cache is not None:
            self.cache.keep_only({page.src_uri for page in pages}, handbook.journeys)
        return pages

    def _reuse(
        self,
        src_uri: str,
        inputs: tuple[Any, ...],
        make: Callable[..., GeneratedPage],
        *args: Any,
    ) -> GeneratedPage:
        if self.cache is None:
            return make(*args)
        return self.cache.page(src_uri, inputs, lambda: make(*args))

    # What each page shows of the maps, for the cache: its models and values.

    def _journey_inputs(self, journey: Journey) -> tuple[Any, ...]:
        handbook = self.handbook
        touchpoints = dict.fromkeys(
            t for s in journey.stages for step in s.steps for t in step.touchpoints
        )
        return (
            journey,
            *(handbook.personas.get(p) for p in journey.personas),
            *(handbook.touchpoints.get(t) for t in touchpoints),
            handbook.freshness.get(journey.id),
            tuple(self.history.changes.get(journey.source.path, ())),
            self.last_changed(journey.source),
            handbook.journeys.get(journey.compares or ""),
            *self.compared_in.get(journey.id, ()),
            handbook.data.by_journey.get(journey.id, ()),  # the figures of maps/data/
        )

    def _journey_stage_inputs(
        self, journey: Journey, journey_stage: JourneyStage
    ) -> tuple[Any, ...]:
        handbook = self.handbook
        touchpoints = dict.fromkeys(t for step in journey_stage.steps for t in step.touchpoints)
        return (
            journey,
            *(handbook.personas.get(p) for p in journey.personas),
            *(handbook.touchpoints.get(t) for t in touchpoints),
            self.last_changed(journey.source),
            handbook.data.by_journey.get(journey.id, ()),  # the figures of maps/data/
        )

    def _persona_inputs(self, persona: Persona) -> tuple[Any, ...]:
        usages = self.handbook.persona_usage.get(persona.id, [])
        return (
            persona,
            *{id(u.journey): u.journey for u in usages}.values(),
            *(self.handbook.touchpoints.get(t) for t in persona.channels),
            self.last_changed(persona.source),
        )

    def _touchpoint_inputs(self, touchpoint: Touchpoint) -> tuple[Any, ...]:
        usages = self.handbook.touchpoint_usage.get(touchpoint.id, [])
        return (
            touchpoint,
            *{id(u.journey): u.journey for u in usages}.values(),
            None,  # between the journeys and the personas
            *self.preferred_by.get(touchpoint.id, ()),
            self.last_changed(touchpoint.source),
        )

    def _stage_inputs(self, stage_id: str, stage: Stage) -> tuple[Any, ...]:
        uses = self.handbook.stage_usage.get(stage_id, [])
        return (stage, *(journey for journey, _ in uses), self.last_changed(stage.source))

    def _stage(self, stage_id: str, stage: Stage) -> GeneratedPage:
        return self._page(
            stage_uri(stage_id),
            stage.title,
            "stage.md",
            stage.source if stage.source.path else None,
            stage=stage,
            uses=sorted(
                self.handbook.stage_usage.get(stage_id, []),
                key=lambda use: self.t.sort_key(use[0].title),
            ),
        )

    def _matrix(self, ranked: list[RankedOpportunity]) -> Trusted:
        # The grid shows only the scores and titles, in rank order: most edits leave it as it is.
        if self.cache is None:
            return self.opportunity_matrix(ranked)
        scores = tuple(
            (r.opportunity.effort, r.opportunity.impact, r.opportunity.text) for r in ranked
        )
        if self.cache.matrix is None or self.cache.matrix[0] != scores:
            self.cache.matrix = (scores, self.opportunity_matrix(ranked))
        return self.cache.matrix[1]

    def _opportunities(self) -> GeneratedPage:
        ranked = self.ranked_opportunities()
        return self._page(
            OPPORTUNITIES_INDEX,
            self.t("Opportunities"),
            "opportunities.md",
            None,
            opportunities=ranked,
            pain_points=self.ranked_pain_points(),
            matrix=self._matrix(ranked),
            filters=self.filter_marker(),
        )

    def _page(
        self,
        src_uri: str,
        title: str,
        template: str,
        source: Source | None,
        link_title: str | None = None,
        **context: Any,
    ) -> GeneratedPage:
        markdown = self.env.get_template(template).render(
            here=src_uri,
            title=title,
            source=source,
            last_changed=self.last_changed(source),
            body=self.body(source),
            **context,
        )
        return GeneratedPage(
            src_uri,
            title,
            markdown.encode("utf-8"),
            source,
            wide=src_uri in _WIDE_PAGES,
            link_title=link_title,
        )

    def body(self, source: Source | None) -> Trusted:
        """A map's body as the page shows it: between the markers of writers' text, if any.

        The markers let the safe-Markdown rules tell the body's attribute lists from
        the plugin's own (`sanitize.GeneratedPageExtension`).
        """
        body = source.body if source else ""
        if not self.body_marker or not body.strip():
            return Trusted(body)
        start, end = body_markers(self.body_marker)
        return Trusted(f"{start}\n\n{body}\n\n{end}")

    def _journey(self, journey: Journey) -> GeneratedPage:
        return self._page(
            journey_uri(journey.id),
            journey.title,
            "journey.md",
            journey.source,
            journey=journey,
            freshness=self.handbook.freshness.get(journey.id),
            canvas=self.canvas(
                journey,
                list(enumerate(journey.stages, start=1)),
                journey_uri(journey.id),
                journey.title,
            ),
            diagrams=[
                Trusted(d) for d in diagrams.journey_diagrams(self.handbook, self.t, journey)
            ],
            actors=diagrams.diagram_personas(self.handbook, journey),
            changes=self.history.changes.get(journey.source.path, []),
            history_available=self.history.available,
            summaries=[self.stage_summary(journey, i) for i in range(len(journey.stages))],
            insights=self.journey_insights(journey),
        )

    def _journey_stage(
        self, journey: Journey, index: int, journey_stage: JourneyStage
    ) -> GeneratedPage:
        stage = self.handbook.stages[journey_stage.stage]
        stages = journey.stages
        return self._page(
            journey_stage_uri(journey.id, journey_stage.stage),
            f"{stage.title} · {journey.title}",
            "journey_stage.md",
            journey.source,
            link_title=f"{journey.title} · {stage.title}",
            journey=journey,
            stage=stage,
            journey_stage=journey_stage,
            canvas=self.canvas(
                journey,
                [(index + 1, journey_stage)],
                journey_stage_uri(journey.id, journey_stage.stage),
                f"{stage.title} · {journey.title}",
            ),
            diagram=Trusted(diagrams.stage_diagram(self.handbook, self.t, journey, journey_stage)),
            actors=diagrams.diagram_personas(self.handbook, journey),
            previous=stages[index - 1] if index > 0 else None,
            next=stages[index + 1] if index + 1 < len(stages) else None,
        )

    def _persona(self, persona: Persona) -> GeneratedPage:
        appearances: dict[str, list[int]] = {}
        for usage in self.handbook.persona_usage.get(persona.id, []):
            stages = appearances.setdefault(usage.journey.id, [])
            if usage.stage_index not in stages:
                stages.append(usage.stage_index)
        return self._page(
            persona_uri(persona.id),
            persona.title,
            "persona.md",
            persona.source,
            persona=persona,
            appearances=sorted(
                ((self.handbook.journeys[j], s) for j, s in appearances.items()),
                key=lambda appearance: self.t.sort_key(appearance[0].title),
            ),
        )

    def _touchpoint(self, touchpoint: Touchpoint) -> GeneratedPage:
        usages = self.handbook.touchpoint_usage.get(touchpoint.id, [])
        return self._page(
            touchpoint_uri(touchpoint.id),
            touchpoint.title,
            "touchpoint.md",
            touchpoint.source,
            touchpoint=touchpoint,
            # By journey title; within a journey, in journey order (a stable sort).
            usages=sorted(usages, key=lambda usage: self.t.sort_key(usage.journey.title)),
            preferred_by=self.t.by_title(self.preferred_by.get(touchpoint.id, [])),
        )

    # -- views computed for the templates --------------------------------------------

    def canvas(
        self, journey: Journey, stages: list[tuple[int, JourneyStage]], here: str, title: str
    ) -> Trusted:
        """The journey canvas (`canvas.py`) of some numbered stages of a journey, for the
        page `here`: on the journey page all of them, on a stage page its own."""
        view = Canvas(
            journey,
            stages,
            here,
            title,
            self.handbook,
            self.t,
            self.directory_urls,
        )
        return Trusted(trusted_html(journey_canvas(view), self.body_marker))

    def stage_summary(self, journey: Journey, index: int) -> dict[str, Any]:
        """What the journey page says about one of its stages."""
        journey_stage = journey.stages[index]
        steps = journey_stage.steps
        return {
            "journey_stage": journey_stage,
            "stage": self.handbook.stages[journey_stage.stage],
            # The step where the stage feels worst; a "worst moment" only if below neutral.
            "worst": min(steps, key=lambda s: s.emotion),
            "touchpoints": list(dict.fromkeys(t for s in steps for t in s.touchpoints)),
            "pain_points": [p for s in steps for p in s.pain_points],
            "opportunities": [o for s in steps for o in s.opportunities],
        }

    def touchpoint_rows(self) -> list[Touchpoint]:
        """Every touchpoint for the one table of the index: grouped by mode (online,
        offline, not set), then by channel as its label reads, then by title."""
        order = {"online": 0, "offline": 1}
        sort_key = self.t.sort_key

        def key(touchpoint: Touchpoint) -> tuple[Any, ...]:
            channel = channel_label(touchpoint.channel, self.t)
            return (
                order.get(touchpoint.mode or "", 2),
                channel == "",
                sort_key(channel),
                sort_key(touchpoint.title),
            )

        return sorted(self.handbook.touchpoints.values(), key=key)

    def review_groups(self) -> list[tuple[str, list[tuple[Journey, Freshness]]]]:
        """Journeys that need a review (stale, due soon, never reviewed), by owner."""
        order = {"stale": 0, "due": 1, "unreviewed": 2}
        groups: dict[str, list[tuple[Journey, Freshness]]] = {}
        for journey in self.handbook.journeys.values():
            state = self.handbook.freshness[journey.id]
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
                        self.t.sort_key(e[0].title),
                    ),
                ),
            )
            for owner, entries in sorted(groups.items(), key=lambda g: self.t.sort_key(g[0]))
        ]

    def ranked_opportunities(self) -> list[RankedOpportunity]:
        """Every opportunity, best value for effort first."""
        ranked = [r for j in self.handbook.journeys.values() for r in self._ranked_items(j)[0]]
        return sorted(
            ranked,
            key=lambda r: (
                -r.opportunity.priority,
                -r.opportunity.impact,
                r.opportunity.status == "done",
            ),
        )

    def _ranked_items(
        self, journey: Journey
    ) -> tuple[list[RankedOpportunity], list[RankedPainPoint]]:
        """A journey's opportunities and pain points with their steps, in journey order."""
        entry = self.cache.items.get(journey.id) if self.cache is not None else None
        if entry is not None and entry[0] is journey:
            return entry[1]
        opportunities: list[RankedOpportunity] = []
        pain_points: list[RankedPainPoint] = []
        for usage in self.handbook.usages(journey):
            step = usage.step
            opportunities.extend(RankedOpportunity(o, usage) for o in step.opportunities)
            pain_points.extend(RankedPainPoint(p, usage) for p in step.pain_points)
        if self.cache is not None:
            self.cache.items[journey.id] = (journey, (opportunities, pain_points))
        return opportunities, pain_points

    def ranked_pain_points(self) -> list[RankedPainPoint]:
        """Every pain point, most severe first, then where emotion is lowest."""
        ranked = [r for j in self.handbook.journeys.values() for r in self._ranked_items(j)[1]]
        return sorted(ranked, key=lambda r: (-r.pain_point.severity, r.usage.step.emotion))

    # -- insights: emotion curve, drop-off, blueprint, comparison, matrix -------------

    def journey_insights(self, journey: Journey) -> dict[str, Any]:
        """What the journey page shows beyond the map: curve, drop-off, blueprint, comparison."""
        points = insights.step_points(journey)
        measured = figures.funnel_drop_offs(self.handbook.data, journey)
        worst = insights.worst_drop_offs(journey, measured=measured.drop_offs)
        funnel = insights.funnel(journey, measured.drop_offs)
        other = self.handbook.journeys.get(journey.compares or "")
        return {
            "points": points,
            "curve": self.emotion_curve(journey, points),
            "measured": bool(measured.drop_offs),
            "drop_offs": measured.drop_offs,
            "data_period": measured.period,
            "data_sources": measured.sources,
            "worst": worst,
            "worst_rank": {p.key: rank for rank, p in enumerate(worst, start=1)},
            "funnel": funnel,
            "funnel_chart": self.funnel_chart(funnel),
            "blueprint": insights.blueprint(journey) if insights.has_blueprint(journey) else None,
            "comparison": self.comparison(journey, other) if other is not None else None,
            "compared_in": self.compared_in.get(journey.id, []),
        }

    def emotion_curve(self, journey: Journey, points: list[insights.StepPoint]) -> Trusted:
        """The emotion of a journey, step by step, stages marked along the steps (SVG)."""
        stages = [self.handbook.stages[s.stage].title for s in journey.stages]
        curve = [charts.CurvePoint(p.key, p.stage_index, p.step.title, p.emotion) for p in points]
        return self.html_block(charts.emotion_curve(curve, stages, self.t))

    def funnel_chart(self, steps: list[insights.FunnelStep]) -> Trusted:
        """The customers remaining after each measured step, as a table with bars."""
        if not steps:
            return Trusted("")
        rows = [charts.FunnelRow("", self.t("Start of the journey"), None, 1.0)]
        rows += [
            charts.FunnelRow(f.point.key, f.point.step.title, f.drop_off, f.after) for f in steps
        ]
        return self.html_block(charts.funnel_table(rows, self.t))

    def html_block(self, fragment: str) -> Trusted:
        """Plugin-made HTML (a chart) as a block of the page (see `sanitize.html_block_line`)."""
        return Trusted(f"\n{html_block_line(fragment, self.body_marker)}\n" if fragment else "")

    def comparison(self, after: Journey, before: Journey) -> dict[str, Any]:
        """A journey next to the one it `compares` with: stage by stage, before and after."""
        order = {stage_id: index for index, stage_id in enumerate(self.handbook.stages)}
        rows = insights.compare_journeys(after, before, order)
        shared = [r for r in rows if r.before is not None and r.after is not None]
        chart = self.html_block(
            charts.comparison_chart(
                [self.handbook.stages[r.stage_id].title for r in shared],
                [r.before.average for r in shared if r.before is not None],
                [r.after.average for r in shared if r.after is not None],
                before.title,
                self.t,
                ". ".join(
                    diagrams.comparison_accessibility(self.handbook, self.t, after, before, shared)
                ),
            )
        )
        return {
            "other": before,
            "rows": rows,
            "chart": chart,
            "before": insights.StageStats(tuple(p.emotion for p in insights.step_points(before))),
            "after": insights.StageStats(tuple(p.emotion for p in insights.step_points(after))),
            "changed": any(r.added or r.removed for r in rows),
        }

    def opportunity_matrix(self, ranked: list[RankedOpportunity]) -> Trusted:
        """The impact by effort grid: how many opportunities have each pair of scores.

        Each count links to the first of its opportunities in the ranked list:
        equal scores rank next to each other.
        """
        cells = charts.matrix_cells(
            [(r.opportunity.impact, r.opportunity.effort, r.opportunity.text) for r in ranked]
        )
        return self.html_block(
            charts.opportunity_matrix(cells, self.t, OPPORTUNITY_KEY, opportunity_anchor)
        )

    def filter_marker(self) -> Trusted:
        """The paragraph above the ranked lists where `cjm-filters.js` puts its filters.

        Raw HTML is off on generated pages, so the paragraph is Markdown with an
        attribute list: its id finds it, its data attributes name the columns to
        filter by (as the table headers say them) and the words the filters show.
        """
        t = self.t
        columns = "|".join(_attribute(t(label)) for label in FILTER_COLUMNS)
        return Trusted(
            f"{escape_markdown(t('Filter the lists by journey, stage and owner.'))}\n"
            f'{{: #{FILTERS_ID} data-columns="{columns}" data-all="{_attribute(t("All"))}"'
            f' data-none="{_attribute(t("(none)"))}" }}'
        )


_LANE_LABELS = {
    "evidence": "Physical evidence",
    "doing": "Customer actions",
    "frontstage": "Frontstage",
    "backstage": "Backstage",
    "support": "Support processes",
}
OPPORTUNITY_KEY = "O"
"""Opportunities are keyed O1, O2, ... by rank, in the matrix and the ranked list."""


def _anchor_of(rank: int) -> str:
    # attr_list gives the table cell this id.
    return f" {{: #{opportunity_anchor(rank)} }}"


FILTERS_ID = "cjm-filters"
"""The id of the paragraph `cjm-filters.js` turns into filters (see `filter_marker`)."""
FILTER_COLUMNS = ("Journey", "Stage", "Owner")
"""The columns (by header label) the opportunities page can be filtered by."""


def _attribute(text: str) -> str:
    """Plugin-written text as a double-quoted attr_list value (no quote or brace can end it)."""
    return re.sub(r'["{}|\\]', "", text)


def _link(context: jinja2.runtime.Context, text: str, target: str, anchor: str = "") -> Trusted:
    """A Markdown link from the page being rendered to another page of the site."""
    here = context["here"]
    url = relative_url(target, here)
    return Trusted(f"[{escape_markdown(str(text))}]({url}{'#' + anchor if anchor else ''})")


def _image(context: jinja2.runtime.Context, path: str, alt: str) -> Trusted:
    """A Markdown image of a file given relative to docs_dir (MkDocs checks it exists)."""
    url = relative_url(path.strip().lstrip("/"), context["here"])
    url = url.replace("<", "%3C").replace(">", "%3E").replace("\n", "")
    return Trusted(f"![{escape_markdown(alt)}](<{url}>)")


_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)|[^\n]+\n[ ]{0,3}(?:=+|-+)[ \t]*(?:\n|$)")


def starts_with_heading(body: str) -> bool:
    """Whether a map's body opens with a heading (ATX `## Context` or setext):
    the page then needs no heading of its own above it."""
    return _HEADING.match(body.lstrip("\n").lstrip(" ")) is not None


def _external(text: str) -> Trusted:
    """Evidence or a tracker link: a link if it is an http(s) URL, else plain text."""
    value = web_url(text)
    if value is not None:
        # Angle brackets allow any character in the URL; escape only what closes them.
        url = value.replace("<", "%3C").replace(">", "%3E")
        return Trusted(f"[{escape_markdown(value)}](<{url}>)")
    return Trusted(escape_markdown(text.strip()))


def _external_link(text: str, link: str) -> Trusted:
    """Text linked to an http(s) address; text followed by the address as text otherwise."""
    url = web_url(link)
    if url is not None:
        return Trusted(
            f"[{escape_markdown(text)}](<{url.replace('<', '%3C').replace('>', '%3E')}>)"
        )
    return Trusted(f"{escape_markdown(text)} · {escape_markdown(link.strip())}")


def _values(text: str) -> Trusted:
    """Figures as text that a narrow cell breaks between, never inside "62 %"."""
    return Trusted(escape_markdown(text).replace(" &#37;", "&#160;&#37;"))


def _sparkline(bars: str) -> Trusted:
    """A trend's block characters, hidden from screen readers: the values beside it say it."""
    if not bars:
        return Trusted("")
    return Trusted(f'*{escape_markdown(bars)}*{{: aria-hidden="true" .cjm-sparkline }}')


def render_pages(
    handbook: Handbook,
    history: History,
    language: str | None,
    build_date: datetime.date,
    cache: RenderCache | None = None,
    body_marker: str = "",
    directory_urls: bool = True,
) -> list[GeneratedPage]:
    """Every generated page of a handbook; with a `cache`, only those whose inputs changed.

    `body_marker`: the word of the paragraphs around writers' bodies, for the plugin's
    safe-Markdown rules (`sanitize.body_markers`); none for pages built without them.
    `directory_urls`: the site's `use_directory_urls`, for the links of the canvas's HTML.
    """
    return Renderer(
        handbook, history, language, build_date, cache, body_marker, directory_urls
    ).pages()
