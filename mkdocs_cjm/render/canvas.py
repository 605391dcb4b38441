"""The journey canvas: the grid every journey-mapping tool shows, as an HTML table.

Stages are column groups and steps are columns; each lane (doing, thinking,
feeling, the emotion curve, touchpoints, pain points, ...) is a row whose header
stays in view while the canvas scrolls sideways in its own box (`cjm.css`).

A table whose cells hold lists cannot be written in Markdown, so the plugin writes
HTML, and every writer string goes through `html_in_markdown()` (HTML-escaped, Markdown and
template characters as character references) on its way in. On generated pages
raw HTML is off; the renderer hands the canvas to the safe-Markdown rules between
the per-build marker of `markdown_extension.html_block_line` (as the charts), which no
writer can forge.

Each lane (`domain.py`) is one small function from a step to its cell (`CELLS`), so a lane can
grow (dated evidence, figures from `maps/data/`) without touching the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

from ..domain import (
    BLUEPRINT_LANES,
    FACES,
    JOURNEY_LANES,
    RECOGNISED_METRICS,
    SCORE_MAX,
    SCORE_POSITIONS,
    Lane,
    key_parts,
    step_key,
)
from ..handbook.resolve import Handbook
from ..i18n import Translator
from ..model import AnyOpportunity, Journey, JourneyStage, OpportunityRef, PainPoint, Step
from ..safety.escape import html_attribute, html_in_markdown
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
from ..views.insights import shows_targets
from ..views.labels import metric_label

STYLESHEET = "assets/stylesheets/cjm.css"
"""Where a site publishes the plugin's styles (`assets/cjm.css`): the canvas's among them."""


def stylesheet() -> str:
    """The plugin's styles, as the site publishes them at `STYLESHEET`."""
    return (resources.files("mkdocs_cjm") / "assets" / "cjm.css").read_text("utf-8")


def column_id(key: str) -> str:
    """The id of a step's column head in the canvas (`"2.3"`: `cjm-step-2-3`), which the
    overview links to; one canvas a page."""
    return f"{PLUGIN_ID_PREFIX}step-" + "-".join(map(str, key_parts(key)))


def web_link(value: str) -> str | None:
    """An http(s) URL a writer gave (evidence, a tracker link) as a safe href, else None."""
    url = web_url(value)
    return html_attribute(url) if url is not None else None


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
        return html_in_markdown(self.t(key))

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
    return html_in_markdown(column.step.doing or "")


def lane_thinking(canvas: Canvas, column: Column) -> str:
    """What the customer thinks, as a quote."""
    thinking = column.step.thinking
    return f'<q class="cjm-canvas__quote">{html_in_markdown(thinking)}</q>' if thinking else ""


def lane_feeling(canvas: Canvas, column: Column) -> str:
    """How the customer feels, in their words."""
    return html_in_markdown(column.step.feeling or "")


def lane_emotion(canvas: Canvas, column: Column) -> str:
    """The score, a point and this column's piece of the curve.

    Each cell draws the curve from its left edge to its right edge, meeting the
    neighbouring cells half way between the two scores: the curve is made of the
    columns themselves, so it lines up with them at any width.
    """
    score = column.step.emotion
    y = SCORE_POSITIONS[score]
    points = [f"50,{y}"]
    if column.previous is not None:
        points.insert(0, f"0,{(SCORE_POSITIONS[column.previous] + y) / 2:g}")
    if column.following is not None:
        points.append(f"100,{(SCORE_POSITIONS[column.following] + y) / 2:g}")
    curve = (
        '<svg class="cjm-canvas__curve" viewBox="0 0 100 100" preserveAspectRatio="none"'
        ' aria-hidden="true" focusable="false">'
        f'<polyline points="{" ".join(points)}" vector-effect="non-scaling-stroke"/></svg>'
    )
    return (
        f'<span class="cjm-canvas__mood cjm-canvas__mood--{score}">{curve}'
        '<span class="cjm-canvas__point" aria-hidden="true"></span>'
        f'<span class="cjm-canvas__score">{FACES[score]} {score}/{SCORE_MAX}</span></span>'
    )


def lane_touchpoints(canvas: Canvas, column: Column) -> str:
    """The touchpoints as links to their pages, each marked online or offline."""
    entries = []
    for touchpoint_id in column.step.touchpoints:
        touchpoint = canvas.handbook.touchpoints.get(touchpoint_id)
        if touchpoint is None:
            entries.append(f"<li>{html_in_markdown(touchpoint_id)}</li>")
            continue
        link = (
            f'<a href="{canvas.href(touchpoint_uri(touchpoint_id))}">'
            f"{html_in_markdown(touchpoint.title)}</a>"
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
        f'<li class="cjm-canvas__pain cjm-canvas__pain--{severity}">'
        f"{html_in_markdown(pain_point.text)} "
        f'<span class="cjm-canvas__tag">{canvas.label("severity")} {severity}/{SCORE_MAX}'
        "</span></li>"
    )


def lane_pain_points(canvas: Canvas, column: Column) -> str:
    """The pain points, each with its severity."""
    return _items([_pain_point(canvas, p) for p in column.step.pain_points])


def _opportunity(canvas: Canvas, opportunity: AnyOpportunity) -> str:
    scores = (
        f"{canvas.label('impact')} {opportunity.impact}/{SCORE_MAX} · "
        f"{canvas.label('effort')} {opportunity.effort}/{SCORE_MAX}"
    )
    owner = f" · {html_in_markdown(opportunity.owner)}" if opportunity.owner else ""
    link = ""
    if opportunity.link:
        url = web_link(opportunity.link)
        shown = html_in_markdown(opportunity.link)
        link = f' <a href="{url}">{shown}</a>' if url else f" {shown}"
    title = html_in_markdown(opportunity.text)
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
        label = html_in_markdown(metric_label(row.metric, canvas.t))
        css = f' class="cjm-canvas__metric--{row.metric}"' if recognised else ""
        when = f" ({html_in_markdown(row.period)})" if row.period else ""
        change = f" · {html_in_markdown(row.change)}" if row.change else ""
        value = html_in_markdown(row.value)
        entries.append(f"<li{css}>{label}: <strong>{value}</strong>{when}{change}</li>")
    return _items(entries)


def lane_evidence(canvas: Canvas, column: Column) -> str:
    """Where the step's findings come from: links for web addresses, else the text; its
    date and how strong it is (`level`) where the map says."""
    entries = []
    for evidence in column.step.evidence:
        link = web_link(evidence.link or evidence.text)
        shown = html_in_markdown(evidence.text)
        if link:
            shown = f'<a href="{link}">{shown}</a>'
        if evidence.date is not None:
            shown += f" ({html_in_markdown(evidence.date.isoformat())})"
        if evidence.level is not None:
            # How strong it is (SPEC §2.4), as a badge: observed, reported, inferred, assumed.
            shown += (
                f' <span class="cjm-canvas__level cjm-canvas__level--{evidence.level}">'
                f"{canvas.label(evidence.level)}</span>"
            )
        entries.append(f"<li>{shown}</li>")
    return _items(entries)


def blueprint_text(lane: Lane) -> Cell:
    """A blueprint lane's cell: the step's text for it (what the customer sees the
    company do, what happens out of sight, the support behind it)."""
    return lambda canvas, column: html_in_markdown(getattr(column.step, lane.field) or "")


Cell = Callable[[Canvas, Column], str]

CELLS: dict[str, Cell] = {
    "doing": lane_doing,
    "thinking": lane_thinking,
    "feeling": lane_feeling,
    "emotion": lane_emotion,
    "touchpoints": lane_touchpoints,
    "pain-points": lane_pain_points,
    "opportunities": lane_opportunities,
    "metrics": lane_metrics,
    "evidence": lane_evidence,
    **{lane.name: blueprint_text(lane) for lane in BLUEPRINT_LANES},
}
"""Each lane's cell (`domain.JOURNEY_LANES`, `domain.BLUEPRINT_LANES`), by lane name."""


def in_blueprint(step: Step) -> bool:
    """Whether a step says what happens in any blueprint lane."""
    return any(getattr(step, lane.field) for lane in BLUEPRINT_LANES)


def has_blueprint_lanes(stages: Sequence[tuple[int, JourneyStage]]) -> bool:
    """Whether any step of the canvas says what happens in a blueprint lane."""
    return any(in_blueprint(step) for _, journey_stage in stages for step in journey_stage.steps)


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
    return f'<span class="cjm-target">{html_in_markdown(label)}</span>'


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
            f'<a href="{canvas.href(target)}">{number}. {html_in_markdown(stage.title)}</a>'
            + (f'<span class="cjm-canvas__goal">{html_in_markdown(goal)}</span>' if goal else "")
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
            f'<a href="{canvas.href(target, anchor)}">'
            f"{html_in_markdown(column.step.title)}</a></th>"
        )
    return '<tr class="cjm-canvas__steps">' + "".join(cells) + "</tr>"


def _lane_row(canvas: Canvas, columns: Sequence[Column], lane: Lane) -> str:
    cell = CELLS[lane.name]
    cells = "".join(_cell(column, cell(canvas, column)) for column in columns)
    return (
        f'<tr class="cjm-canvas__lane cjm-canvas__lane--{lane.name}">'
        f"{_row_header(canvas, lane.label)}{cells}</tr>"
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
    caption = f"{canvas.label('Journey canvas')}: {html_in_markdown(canvas.title)}"
    if len(canvas.stages) > 1:
        caption += f" · {canvas.label('Stages')}: {len(canvas.stages)}"
    caption += f" · {canvas.label('Steps')}: {len(columns)}"
    if shows_targets(canvas.journey):
        caption += f" · {canvas.label('Emotions and metrics are targets')}"
    groups = "".join(
        f'<colgroup span="{len(journey_stage.steps)}" class="cjm-canvas__group"></colgroup>'
        for _, journey_stage in canvas.stages
    )
    lanes = "\n".join(_lane_row(canvas, columns, lane) for lane in JOURNEY_LANES)
    blueprint = ""
    if has_blueprint_lanes(canvas.stages):
        rows = []
        for lane in BLUEPRINT_LANES:
            rows.append(_line_row(canvas, columns, lane.line))
            rows.append(_lane_row(canvas, columns, lane))
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
