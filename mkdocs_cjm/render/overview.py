"""The top of a journey page: its summary (`.cjm-summary`) and its overview (`.cjm-overview`).

The summary says first what a reader came for: the lowest moments, the biggest
drop-off, the headline figures, how sure the map is. The overview shows every step of
the journey at once, whatever its length: the stages as bands, the emotion curve across
them, each step's pain points and opportunities as marks sized by severity and impact,
the lowest moments marked. Each step (one element with `data-step="<key>"`, the key of
`domain.step_key`) links to its column of the canvas below; its full title shows on
hover and focus. The overview is a list of stages and steps, so a screen reader reads
the same as the drawing shows; `cjm.css` draws it across the window on a desktop and
down the screen on a phone.

Both are plugin-made HTML (like the charts), built as elements and written by
`chartkit.to_html`, which escapes every text and attribute value. What they show is
computed in `views.journey_summary` and `views/insights.py`; this module lays out only.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Collection

from ..domain import FACES, SCORE_MAX, SCORE_POSITIONS, key_parts
from ..model import AnyOpportunity, PainPoint
from ..urls import journey_stage_uri, step_anchor
from ..views.insights import shows_targets
from ..views.labels import FRESHNESS_WORDS, metric_label
from ..views.lists import JourneySummary, LowMoment
from .canvas import Canvas, Column, column_id
from .charts.elements import element, plain, to_html

ATTRIBUTION_ID = "attribution"
"""The id of the journey page's attribution heading, where the summary's story line leads."""

OVERVIEW_ID = "cjm-overview-caption"
"""The id of the overview's caption, which names its region (one overview a page)."""


def _score(score: int) -> str:
    return f"{FACES[score]} {score}/{SCORE_MAX}"


def _mark_size(score: int) -> str:
    # A mark grows with severity (pain points) or impact (opportunities): 1 small, 5 large.
    return f"{0.35 + 0.1 * score:.2f}em"


def _curve(column: Column) -> etree.Element:
    """The step's piece of the emotion curve, from its left edge to its right edge (across,
    on a desktop) and from its top to its bottom (down, on a phone): each meets the next
    half way between the two scores, as in the canvas's emotion lane."""
    y = SCORE_POSITIONS[column.step.emotion]
    across = [(50.0, float(y))]
    if column.previous is not None:
        across.insert(0, (0.0, (SCORE_POSITIONS[column.previous] + y) / 2))
    if column.following is not None:
        across.append((100.0, (SCORE_POSITIONS[column.following] + y) / 2))
    svg = element(
        None,
        "svg",
        class_="cjm-overview__curve",
        viewBox="0 0 100 100",
        preserveAspectRatio="none",
        aria_hidden="true",
        focusable="false",
    )
    for css, points in (
        ("across", across),
        # Down the screen: better is further right, the steps follow each other downwards.
        ("down", [(100 - v, x) for x, v in across]),
    ):
        element(
            svg,
            "polyline",
            class_=f"cjm-overview__{css}",
            points=" ".join(f"{x:g},{v:g}" for x, v in points),
            vector_effect="non-scaling-stroke",
        )
    return svg


def _facts(canvas: Canvas, column: Column, low: bool) -> str:
    """What the drawing shows of a step, in words (for screen readers and the tip)."""
    step = column.step
    facts = [f"{canvas.t('Emotion')} {_score(step.emotion)}"]
    if low:
        facts.append(canvas.t("Lowest moment"))
    if step.pain_points:
        worst = max(p.severity for p in step.pain_points)
        facts.append(
            f"{canvas.t('Pain points')}: {len(step.pain_points)}"
            f" ({canvas.t('severity')} {worst}/{SCORE_MAX})"
        )
    if step.opportunities:
        facts.append(f"{canvas.t('Opportunities')}: {len(step.opportunities)}")
    return " · ".join(facts)


def _step(canvas: Canvas, parent: etree.Element, column: Column, low: bool) -> None:
    step = column.step
    item = element(
        parent,
        "li",
        class_="cjm-overview__step" + (" cjm-overview__step--low" if low else ""),
        data_step=column.key,
        data_emotion=step.emotion,
    )
    link = element(item, "a", class_="cjm-overview__link", href=f"#{column_id(column.key)}")
    mood = element(
        link,
        "span",
        class_="cjm-overview__mood",
        style=f"--cjm-y: {SCORE_POSITIONS[step.emotion]}%",
    )
    mood.append(_curve(column))
    element(mood, "span", "", class_="cjm-overview__point")
    element(link, "span", column.key, class_="cjm-overview__key")
    tip = element(link, "span", class_="cjm-overview__tip")
    element(tip, "span", step.title, class_="cjm-overview__title")
    element(tip, "span", _facts(canvas, column, low), class_="cjm-overview__facts")
    marks = element(item, "span", class_="cjm-overview__marks", aria_hidden="true")
    for pain_point in step.pain_points:
        element(
            marks,
            "span",
            "",
            class_=f"cjm-overview__pain cjm-overview__pain--{pain_point.severity}",
            style=f"--cjm-size: {_mark_size(pain_point.severity)}",
        )
    for opportunity in step.opportunities:
        element(
            marks,
            "span",
            "",
            class_="cjm-overview__opportunity",
            style=f"--cjm-size: {_mark_size(opportunity.impact)}",
        )


def journey_overview(canvas: Canvas, lowest: Collection[str]) -> str:
    """Every step of the canvas at once; `lowest`: the keys of the lowest moments."""
    columns = canvas.columns
    t = canvas.t
    region = element(None, "div", class_="cjm-overview", role="region", aria_labelledby=OVERVIEW_ID)
    element(
        region,
        "p",
        f"{t('Overview')}: {len(columns)} {t('Steps').lower()} · "
        + t("Emotion from 1 (very negative, low) to 5 (very positive, high).")
        + " "
        + t("Marks: pain points (red, by severity) and opportunities (green, by impact)."),
        class_="cjm-overview__caption",
        id=OVERVIEW_ID,
    )
    if shows_targets(canvas.journey):
        # A future state's curve is where the team aims: marked, not read as measured.
        caption = region[0]
        mark = element(caption, "span", t("target"), class_="cjm-target")
        mark.tail = " " + t("Emotions and metrics are targets")
        caption.text = (caption.text or "") + " "
    stages = element(region, "ol", class_="cjm-overview__stages")
    by_stage: dict[int, list[Column]] = {}
    for column in columns:
        by_stage.setdefault(key_parts(column.key)[0], []).append(column)
    for number, journey_stage in canvas.stages:
        stage_columns = by_stage.get(number, [])
        stage = element(
            stages,
            "li",
            class_="cjm-overview__stage",
            style=f"--cjm-steps: {max(1, len(stage_columns))}",
        )
        title = canvas.handbook.stages[journey_stage.stage].title
        element(
            stage,
            "a",
            f"{number}. {title}",
            class_="cjm-overview__stage-name",
            href=canvas.href(journey_stage_uri(canvas.journey.id, journey_stage.stage)),
            title=f"{number}. {title}",
        )
        steps = element(stage, "ol", class_="cjm-overview__steps")
        for column in stage_columns:
            _step(canvas, steps, column, column.key in lowest)
    return to_html(region)


# --- the summary --------------------------------------------------------------------------


def _part(parent: etree.Element, title: str, css: str) -> etree.Element:
    part = element(parent, "section", class_=f"cjm-summary__part cjm-summary__{css}")
    element(part, "h3", title, class_="cjm-summary__title")
    return part


def _step_link(canvas: Canvas, parent: etree.Element, moment: LowMoment) -> None:
    point = moment.point
    target = journey_stage_uri(canvas.journey.id, point.stage_id)
    anchor = step_anchor(point.step_index, point.step.id)
    element(parent, "span", point.key, class_="cjm-summary__key").tail = " "
    element(parent, "a", point.step.title, href=canvas.href(target, anchor))


def _pain_point(canvas: Canvas, pain_point: PainPoint) -> str:
    return f"{pain_point.text} ({canvas.t('severity')} {pain_point.severity}/{SCORE_MAX})"


def _opportunity(canvas: Canvas, opportunity: AnyOpportunity) -> str:
    t = canvas.t
    return (
        f"{opportunity.text} ({t('impact')} {opportunity.impact}/{SCORE_MAX},"
        f" {t('effort')} {opportunity.effort}/{SCORE_MAX}, {t(opportunity.status)})"
    )


def _lowest(canvas: Canvas, parent: etree.Element, lowest: list[LowMoment]) -> None:
    t = canvas.t
    part = _part(parent, t("Lowest moments"), "lowest")
    moments = element(part, "ol", class_="cjm-summary__moments")
    for moment in lowest:
        item = element(moments, "li")
        head = element(item, "span", class_="cjm-summary__moment")
        _step_link(canvas, head, moment)
        element(head, "span", _score(moment.point.emotion), class_="cjm-summary__score")
        if moment.pain_point is not None:
            line = element(item, "span", class_="cjm-summary__pain")
            label = element(line, "strong", f"{t('Pain point')}:")
            label.tail = " " + plain(_pain_point(canvas, moment.pain_point))
        if moment.opportunity is not None:
            line = element(item, "span", class_="cjm-summary__opportunity")
            label = element(line, "strong", f"{t('Opportunity')}:")
            label.tail = " " + plain(_opportunity(canvas, moment.opportunity))


def _drop_off(canvas: Canvas, parent: etree.Element, summary: JourneySummary) -> None:
    t = canvas.t
    part = _part(parent, t("Biggest drop-off"), "drop-off")
    point = summary.drop_off
    if point is None:
        element(part, "p", t("No drop-off measured."))
        return
    line = element(part, "p")
    share = t.percent(summary.drop_off_share)
    figure = element(line, "strong", share, class_="cjm-summary__figure")
    figure.tail = " "  # set as it is: `element` trims a text of spaces only to nothing
    moment = LowMoment(point, None, None)
    _step_link(canvas, line, moment)
    where = [summary.period, ", ".join(summary.sources)] if summary.period else [t("this map")]
    element(part, "p", " · ".join(w for w in where if w), class_="cjm-summary__source")


def _figures(
    canvas: Canvas, parent: etree.Element, summary: JourneySummary, story: str | None
) -> None:
    t = canvas.t
    part = _part(parent, t("Headline figures"), "figures")
    items = element(part, "ul", class_="cjm-summary__list")
    if story:
        # Where the path files change the story, the first thing the figures say; it leads
        # to the attribution section (`heading("Attribution")` of journey.md).
        told = element(items, "li", class_="cjm-summary__story")
        element(told, "a", story, href=f"#{ATTRIBUTION_ID}")
    lines = [
        f"{summary.steps} {t('Steps').lower()} · {summary.stages} {t('Stages').lower()}",
        f"{t('Average emotion')} {t.number(summary.average_emotion)}/{SCORE_MAX}",
        f"{t('Pain points')}: {summary.pain_points} ({summary.severe_pain_points} {t('severe')})",
        f"{t('Open opportunities')}: {summary.open_opportunities}",
    ]
    for row in summary.figures:
        when = ", ".join(w for w in (row.period, row.source) if w)
        lines.append(f"{metric_label(row.metric, t)} {row.value}" + (f" ({when})" if when else ""))
    for line in lines:
        element(items, "li", line)


def _evidence(canvas: Canvas, parent: etree.Element, summary: JourneySummary, max_age: int) -> None:
    t = canvas.t
    part = _part(parent, t("Evidence and freshness"), "evidence")
    items = element(part, "ul", class_="cjm-summary__list")
    cov, seen = summary.coverage, summary.observed
    element(
        items,
        "li",
        f"{t('Evidence coverage')}: {t.percent(cov.share)} ({cov.covered} / {cov.steps}"
        f" {t('steps with evidence dated in the last')} {max_age} {t('days')})",
    )
    element(
        items,
        "li",
        f"{t('Observed evidence')}: {t.percent(seen.share)} ({seen.covered} / {seen.steps}"
        f" {t('steps rest on evidence seen in behaviour')})",
    )
    reviewed = canvas.journey.reviewed
    state = summary.freshness
    status = state.status if state is not None else "unreviewed"
    review = f"{t('Last reviewed')}: {reviewed.isoformat() if reviewed else t('never')}"
    element(
        items, "li", f"{review} · {t(FRESHNESS_WORDS[status])}", class_=f"cjm-summary__{status}"
    )


def journey_summary(
    canvas: Canvas, summary: JourneySummary, max_age: int, story: str | None = None
) -> str:
    """The summary of a journey page: lowest moments, the biggest drop-off, the headline
    figures, the evidence and the review; `max_age`: the days evidence stays recent;
    `story`: a line of the path files (`render/paths.story_line`) among the figures."""
    block = element(None, "div", class_="cjm-summary")
    if summary.lowest:
        _lowest(canvas, block, summary.lowest)
    _drop_off(canvas, block, summary)
    _figures(canvas, block, summary, story)
    _evidence(canvas, block, summary, max_age)
    return to_html(block)
