"""The journey canvas: the grid every journey-mapping tool shows, as an HTML table.

Stages are column groups and steps are columns; each lane (doing, thinking,
feeling, the emotion curve, touchpoints, pain points, ...) is a row whose header
stays in view while the canvas scrolls sideways in its own box (`cjm.css`).

A table whose cells hold lists cannot be written in Markdown, so the plugin writes
HTML, and every writer string goes through `text()` (HTML-escaped, Markdown and
template characters as character references) on its way in. On generated pages
raw HTML is off; the renderer hands the canvas to the safe-Markdown rules between
the per-build marker of `sanitize.html_block_line` (as the charts), which no writer can forge.

Each lane is one small function from a step to its cell (`LANES`), so a lane can
grow (dated evidence, figures from `maps/data/`) without touching the table.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

from ..handbook.resolve import Handbook
from ..i18n import Translator
from ..model import AnyOpportunity, Journey, JourneyStage, OpportunityRef, PainPoint, Step
from ..safety.markdown_extension import web_url
from ..urls import (
    CAPTION_ID,
    PLUGIN_ID_PREFIX,
    href,
    journey_stage_uri,
    opportunity_uri,
    stage_uri,
    step_anchor,
    touchpoint_uri,
)
from ..views.figures import step_rows
from ..views.insights import shows_targets, step_key
from ..views.labels import RECOGNISED_METRICS, metric_label

STYLESHEET = "assets/stylesheets/cjm.css"
"""Where a site publishes the plugin's styles (`assets/cjm.css`): the canvas's among them."""


def stylesheet() -> str:
    """The plugin's styles, as the site publishes them at `STYLESHEET`."""
    return (resources.files("mkdocs_cjm") / "assets" / "cjm.css").read_text("utf-8")


def column_id(key: str) -> str:
    """The id of a step's column head in the canvas (`"2.3"`: `cjm-step-2-3`), which the
    overview links to; one canvas a page."""
    return f"{PLUGIN_ID_PREFIX}step-" + key.replace(".", "-")


# What html.escape leaves that Markdown, its extensions or a template engine
# (mkdocs-macros reads `{{`) could still take for syntax in a page's Markdown.
_SYNTAX = {ord(ch): f"&#{ord(ch)};" for ch in "{}[]`*_\\|~^$%@!:="}


# Cached: titles, labels and touchpoints show on a journey page and its stage pages.
@functools.lru_cache(maxsize=32768)
def text(value: str | int | float) -> str:
    """Writer text as HTML that shows exactly as written: escaped, on one line."""
    return html.escape(" ".join(str(value).split())).translate(_SYNTAX)


def web_link(value: str) -> str | None:
    """An http(s) URL a writer gave (evidence, a tracker link) as a safe href, else None."""
    url = web_url(value)
    return html.escape(url) if url is not None else None


@dataclass(frozen=True)
class Column:
    """One step of the canvas: its stage, its place and its key (`"2.3"`)."""

    key: str
    stage_id: str
    step_index: int
    step: Step
    first: bool  # the first step of its stage: the column starts a stage group
    previous: int | None  # the emotion of the step before, for the curve
    following: int | None  # ... and of the step after


@dataclass(frozen=True)
class Canvas:
    """What one canvas draws, and how it writes labels and links."""

    journey: Journey
    stages: Sequence[tuple[int, JourneyStage]]  # (stage number in the journey, stage)
    here: str  # the Markdown path of the page the canvas is on
    title: str  # what the canvas shows: the journey, or a stage of it
    handbook: Handbook
    t: Translator
    directory_urls: bool = True

    def href(self, target: str, anchor: str = "") -> str:
        """The link from this page to `target`."""
        return href(target, self.here, anchor, directory_urls=self.directory_urls)

    def label(self, key: str) -> str:
        """A translated label, escaped."""
        return text(self.t(key))

    @property
    def columns(self) -> list[Column]:
        """Every step of the canvas in order."""
        steps = [
            (number, journey_stage.stage, index, step)
            for number, journey_stage in self.stages
            for index, step in enumerate(journey_stage.steps)
        ]
        emotions = [step.emotion for *_, step in steps]
        return [
            Column(
                step_key(number, index + 1),
                stage_id,
                index,
                step,
                index == 0,
                emotions[position - 1] if position > 0 else None,
                emotions[position + 1] if position + 1 < len(emotions) else None,
            )
            for position, (number, stage_id, index, step) in enumerate(steps)
        ]


# -- the lanes: one function a lane, from a step to the inside of its cell ----------------


def _items(entries: Sequence[str]) -> str:
    return f'<ul class="cjm-canvas__list">{"".join(entries)}</ul>' if entries else ""


def lane_doing(canvas: Canvas, column: Column) -> str:
    """What the customer does."""
    return text(column.step.doing or "")


def lane_thinking(canvas: Canvas, column: Column) -> str:
    """What the customer thinks, as a quote."""
    thinking = column.step.thinking
    return f'<q class="cjm-canvas__quote">{text(thinking)}</q>' if thinking else ""


def lane_feeling(canvas: Canvas, column: Column) -> str:
    """How the customer feels, in their words."""
    return text(column.step.feeling or "")


# Where a score sits in the emotion lane, in % of its height from the top: 5 at the
# top, 1 at the bottom. cjm.css places the points with the same numbers.
EMOTION_Y = {5: 10, 4: 30, 3: 50, 2: 70, 1: 90}
EMOTION_FACES = {1: "😫", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


def lane_emotion(canvas: Canvas, column: Column) -> str:
    """The score, a point and this column's piece of the curve.

    Each cell draws the curve from its left edge to its right edge, meeting the
    neighbouring cells half way between the two scores: the curve is made of the
    columns themselves, so it lines up with them at any width.
    """
    score = column.step.emotion
    y = EMOTION_Y[score]
    points = [f"50,{y}"]
    if column.previous is not None:
        points.insert(0, f"0,{(EMOTION_Y[column.previous] + y) / 2:g}")
    if column.following is not None:
        points.append(f"100,{(EMOTION_Y[column.following] + y) / 2:g}")
    curve = (
        '<svg class="cjm-canvas__curve" viewBox="0 0 100 100" preserveAspectRatio="none"'
        ' aria-hidden="true" focusable="false">'
        f'<polyline points="{" ".join(points)}" vector-effect="non-scaling-stroke"/></svg>'
    )
    return (
        f'<span class="cjm-canvas__mood cjm-canvas__mood--{score}">{curve}'
        '<span class="cjm-canvas__point" aria-hidden="true"></span>'
        f'<span class="cjm-canvas__score">{EMOTION_FACES[score]} {score}/5</span></span>'
    )


def lane_touchpoints(canvas: Canvas, column: Column) -> str:
    """The touchpoints as links to their pages, each marked online or offline."""
    entries = []
    for touchpoint_id in column.step.touchpoints:
        touchpoint = canvas.handbook.touchpoints.get(touchpoint_id)
        if touchpoint is None:
            entries.append(f"<li>{text(touchpoint_id)}</li>")
            continue
        link = (
            f'<a href="{canvas.href(touchpoint_uri(touchpoint_id))}">{text(touchpoint.title)}</a>'
        )
        mode = ""
        if touchpoint.mode is not None:
            mode = (
                f' <span class="cjm-canvas__mode cjm-canvas__mode--{touchpoint.mode}">'
                f"{canvas.label(touchpoint.mode)}</span>"
            )
        entries.append(f"<li>{link}{mode}</li>")
    return _items(entries)


def _pain_point(canvas: Canvas, pain_point: PainPoint) -> str:
    severity = pain_point.severity
    return (
        f'<li class="cjm-canvas__pain cjm-canvas__pain--{severity}">{text(pain_point.text)} '
        f'<span class="cjm-canvas__tag">{canvas.label("severity")} {severity}/5</span></li>'
    )


def lane_pain_points(canvas: Canvas, column: Column) -> str:
    """The pain points, each with its severity."""
    return _items([_pain_point(canvas, p) for p in column.step.pain_points])


def _opportunity(canvas: Canvas, opportunity: AnyOpportunity) -> str:
    scores = (
        f"{canvas.label('impact')} {opportunity.impact}/5 · "
        f"{canvas.label('effort')} {opportunity.effort}/5"
    )
    owner = f" · {text(opportunity.owner)}" if opportunity.owner else ""
    link = ""
    if opportunity.link:
        url = web_link(opportunity.link)
        shown = text(opportunity.link)
        link = f' <a href="{url}">{shown}</a>' if url else f" {shown}"
    title = text(opportunity.text)
    if isinstance(opportunity, OpportunityRef) and opportunity.shared is not None:
        # A shared opportunity links to its own page, which lists every step it addresses.
        title = f'<a href="{canvas.href(opportunity_uri(opportunity.ref))}">{title}</a>'
    return (
        f'<li class="cjm-canvas__opportunity">{title}'
        f' <span class="cjm-canvas__tag">{scores}</span>'
        f' <span class="cjm-canvas__status cjm-canvas__status--{opportunity.status}">'
        f"{canvas.label(opportunity.status)}</span>{owner}{link}</li>"
    )


def lane_opportunities(canvas: Canvas, column: Column) -> str:
    """The opportunities, each with impact, effort, status and owner."""
    return _items([_opportunity(canvas, o) for o in column.step.opportunities])


def lane_metrics(canvas: Canvas, column: Column) -> str:
    """The step's figures: from data files (latest value, its period, the change) where
    they give one, else as typed in the map; rates as percentages."""
    entries = []
    rows = step_rows(canvas.t, canvas.handbook.data, canvas.journey, column.step)
    for row in rows:
        recognised = row.metric in RECOGNISED_METRICS
        label = text(metric_label(row.metric, canvas.t))
        css = f' class="cjm-canvas__metric--{row.metric}"' if recognised else ""
        when = f" ({text(row.period)})" if row.period else ""
        change = f" · {text(row.change)}" if row.change else ""
        entries.append(f"<li{css}>{label}: <strong>{text(row.value)}</strong>{when}{change}</li>")
    return _items(entries)


def lane_evidence(canvas: Canvas, column: Column) -> str:
    """Where the step's findings come from: links for web addresses, else the text; its
    date and how strong it is (`level`) where the map says."""
    entries = []
    for evidence in column.step.evidence:
        link = web_link(evidence.link or evidence.text)
        shown = f'<a href="{link}">{text(evidence.text)}</a>' if link else text(evidence.text)
        if evidence.date is not None:
            shown += f" ({text(evidence.date.isoformat())})"
        if evidence.level is not None:
            # How strong it is (SPEC §2.4), as a badge: observed, reported, inferred, assumed.
            shown += (
                f' <span class="cjm-canvas__level cjm-canvas__level--{evidence.level}">'
                f"{canvas.label(evidence.level)}</span>"
            )
        entries.append(f"<li>{shown}</li>")
    return _items(entries)


def lane_frontstage(canvas: Canvas, column: Column) -> str:
    """What the customer sees the company's people and systems do."""
    return text(column.step.frontstage or "")


def lane_backstage(canvas: Canvas, column: Column) -> str:
    """What happens out of the customer's sight."""
    return text(column.step.backstage or "")


def lane_support(canvas: Canvas, column: Column) -> str:
    """The systems and teams that support the step."""
    return text(column.step.support or "")


Lane = Callable[[Canvas, Column], str]

LANES: tuple[tuple[str, str, Lane], ...] = (
    ("doing", "Doing", lane_doing),
    ("thinking", "Thinking", lane_thinking),
    ("feeling", "Feeling", lane_feeling),
    ("emotion", "Emotion", lane_emotion),
    ("touchpoints", "Touchpoints", lane_touchpoints),
    ("pain-points", "Pain points", lane_pain_points),
    ("opportunities", "Opportunities", lane_opportunities),
    ("metrics", "Metrics", lane_metrics),
    ("evidence", "Evidence", lane_evidence),
)
"""The lanes of every canvas, top to bottom: (css name, label, cell function)."""

BLUEPRINT_LANES: tuple[tuple[str, str, str, Lane], ...] = (
    ("frontstage", "Frontstage", "Line of interaction", lane_frontstage),
    ("backstage", "Backstage", "Line of visibility", lane_backstage),
    ("support", "Support processes", "Line of internal interaction", lane_support),
)
"""The service-blueprint lanes, each below its line: (css name, label, line, cell function)."""


def has_blueprint_lanes(stages: Sequence[tuple[int, JourneyStage]]) -> bool:
    """Whether any step of the canvas says what happens frontstage, backstage or in support."""
    return any(
        step.frontstage or step.backstage or step.support
        for _, journey_stage in stages
        for step in journey_stage.steps
    )


# -- the table --------------------------------------------------------------------------


def _cell(column: Column, content: str) -> str:
    # The row names the lane; a cell only says that it starts a stage (a page holds
    # thousands of cells).
    if column.first:
        return f'<td class="cjm-canvas__first">{content}</td>'
    return f"<td>{content}</td>"


# Lanes whose values a future state sets as targets (`insights.shows_targets`).
_TARGET_LANES = frozenset({"Emotion", "Metrics"})


def target_mark(label: str) -> str:
    """The visible mark of a target: a future state's emotion, metric or funnel."""
    return f'<span class="cjm-target">{text(label)}</span>'


def _row_header(canvas: Canvas, label: str) -> str:
    mark = ""
    if label in _TARGET_LANES and shows_targets(canvas.journey):
        mark = " " + target_mark(canvas.t("target"))
    return f'<th scope="row" class="cjm-canvas__lane-header">{canvas.label(label)}{mark}</th>'


def _stage_row(canvas: Canvas) -> str:
    cells = [_row_header(canvas, "Stage")]
    for number, journey_stage in canvas.stages:
        stage = canvas.handbook.stages[journey_stage.stage]
        # On the journey page a stage leads to its page; on that page, to the stage
        # across all journeys.
        target = journey_stage_uri(canvas.journey.id, journey_stage.stage)
        if target == canvas.here:
            target = stage_uri(journey_stage.stage)
        goal = journey_stage.goal
        cells.append(
            f'<th scope="colgroup" colspan="{len(journey_stage.steps)}" class="cjm-canvas__stage">'
            f'<a href="{canvas.href(target)}">{number}. {text(stage.title)}</a>'
            + (f'<span class="cjm-canvas__goal">{text(goal)}</span>' if goal else "")
            + "</th>"
        )
    return '<tr class="cjm-canvas__stages">' + "".join(cells) + "</tr>"


def _step_row(canvas: Canvas, columns: Sequence[Column]) -> str:
    cells = [_row_header(canvas, "Step")]
    for column in columns:
        target = journey_stage_uri(canvas.journey.id, column.stage_id)
        anchor = step_anchor(column.step_index, column.step.id)
        first = " cjm-canvas__first" if column.first else ""
        cells.append(
            f'<th scope="col" class="cjm-canvas__step{first}" id="{column_id(column.key)}">'
            f'<span class="cjm-canvas__key">{column.key}</span> '
            f'<a href="{canvas.href(target, anchor)}">{text(column.step.title)}</a></th>'
        )
    return '<tr class="cjm-canvas__steps">' + "".join(cells) + "</tr>"


def _lane_row(canvas: Canvas, columns: Sequence[Column], css: str, label: str, lane: Lane) -> str:
    cells = "".join(_cell(column, lane(canvas, column)) for column in columns)
    return (
        f'<tr class="cjm-canvas__lane cjm-canvas__lane--{css}">'
        f"{_row_header(canvas, label)}{cells}</tr>"
    )


def _line_row(canvas: Canvas, columns: Sequence[Column], label: str) -> str:
    return (
        f'<tr class="cjm-canvas__line">{_row_header(canvas, label)}'
        f'<td colspan="{len(columns)}" class="cjm-canvas__line-cell"></td></tr>'
    )


LONG_CANVAS = 8
"""More steps than this: a long canvas, printed in smaller type to fit one sheet's width."""


def journey_canvas(canvas: Canvas) -> str:
    """The canvas as one block of HTML: a scroll box, keyboard-reachable, holding the table."""
    columns = canvas.columns
    caption = f"{canvas.label('Journey canvas')}: {text(canvas.title)}"
    if len(canvas.stages) > 1:
        caption += f" · {canvas.label('Stages')}: {len(canvas.stages)}"
    caption += f" · {canvas.label('Steps')}: {len(columns)}"
    if shows_targets(canvas.journey):
        caption += f" · {canvas.label('Emotions and metrics are targets')}"
    groups = "".join(
        f'<colgroup span="{len(journey_stage.steps)}" class="cjm-canvas__group"></colgroup>'
        for _, journey_stage in canvas.stages
    )
    lanes = "\n".join(_lane_row(canvas, columns, *lane) for lane in LANES)
    blueprint = ""
    if has_blueprint_lanes(canvas.stages):
        rows = []
        for css, label, line, lane in BLUEPRINT_LANES:
            rows.append(_line_row(canvas, columns, line))
            rows.append(_lane_row(canvas, columns, css, label, lane))
        blueprint = '\n<tbody class="cjm-canvas__blueprint">\n' + "\n".join(rows) + "\n</tbody>"
    long = " cjm-canvas--long" if len(columns) > LONG_CANVAS else ""
    return (
        f'<div class="cjm-canvas{long}" role="region" tabindex="0"'
        f' aria-labelledby="{CAPTION_ID}">\n'
        '<table class="cjm-canvas__table">\n'
        f'<caption id="{CAPTION_ID}">{caption}</caption>\n'
        f'<colgroup><col class="cjm-canvas__lanes"></colgroup>{groups}\n'
        f"<thead>\n{_stage_row(canvas)}\n{_step_row(canvas, columns)}\n</thead>\n"
        f"<tbody>\n{lanes}\n</tbody>{blueprint}\n"
        "</table>\n</div>"
    )
