"""The handbook as a whole, as plugin-made HTML: the portfolio of journeys (`.cjm-portfolio`,
a row each with its sparkline), the heat map of journeys by stages (`.cjm-heatmap`), and
the same rows on a persona's page and a parent journey's page.

Built as elements and written by `to_html`, which escapes every text and attribute
value, like the charts. Both tables sit in a box that scrolls sideways on a narrow
screen, the journey column fixed at its left (`cjm.css`). What they show is computed
in `views/portfolio.py`; this module lays out only.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain import FACES, SCORE_MAX
from ..handbook.resolve import Handbook
from ..i18n import Translator
from ..model import PainPoint
from ..urls import (
    href,
    journey_group_uri,
    journey_stage_uri,
    journey_uri,
    persona_uri,
    stage_uri,
    step_anchor,
)
from ..views.labels import freshness_badge
from ..views.portfolio import GroupSummary, JourneyRow, SubJourneys
from .charts.elements import element, to_html
from .charts.sparkline import sparkline_element


@dataclass(frozen=True)
class Links:
    """Where the tables are (`here`) and how the site writes its URLs."""

    handbook: Handbook
    t: Translator
    here: str
    directory_urls: bool

    def href(self, target: str, anchor: str = "") -> str:
        return href(target, self.here, anchor, directory_urls=self.directory_urls)


def emotion_label(t: Translator, row: JourneyRow) -> str:
    """What a row's sparkline says to a screen reader: the emotion of every step."""
    scores = ", ".join(str(e) for e in row.emotions)
    return f"{t('Emotion curve')} {row.journey.title}: {scores} (1\u2013{SCORE_MAX})"


def _scroll(parent: etree.Element | None, css: str, label: str) -> etree.Element:
    # Focusable, so that a keyboard can scroll it too.
    box = element(parent, "div", class_=f"cjm-scroll {css}", tabindex=0, role="group")
    box.set("aria-label", label)
    return box


def _journey_cell(links: Links, tr: etree.Element, row: JourneyRow, about: bool = True) -> None:
    cell = element(tr, "th", scope="row", class_="cjm-portfolio__journey")
    cell.set("style", f"--cjm-depth: {row.depth}")
    if row.depth:
        element(cell, "span", "↳", class_="cjm-portfolio__branch", aria_hidden="true")
    journey = row.journey
    element(cell, "a", journey.title, href=links.href(journey_uri(journey.id)))
    if about:
        kind = f"{links.t(journey.kind)} · {links.t(journey.status)} · {journey.owner}"
        element(cell, "small", kind, class_="cjm-portfolio__about")


def _lowest_cell(links: Links, tr: etree.Element, row: JourneyRow) -> None:
    cell = element(tr, "td", class_="cjm-portfolio__lowest")
    point = row.lowest
    if point is None:
        return
    target = journey_stage_uri(row.journey.id, point.stage_id)
    anchor = step_anchor(point.step_index, point.step.id)
    element(cell, "a", point.step.title, href=links.href(target, anchor))
    score = point.step.emotion
    shown = f"{FACES.get(score, '')} {score}/{SCORE_MAX}"
    element(cell, "span", shown, class_="cjm-portfolio__score")


def _personas_cell(links: Links, tr: etree.Element, row: JourneyRow) -> None:
    cell = element(tr, "td")
    personas = links.handbook.personas
    shown: etree.Element | None = None
    for persona_id in row.journey.personas:
        if shown is not None:
            shown.tail = ", "  # a tail is not made plain: its space stays
        persona = personas.get(persona_id)
        if persona is None:
            shown = element(cell, "span", persona_id)
        else:
            shown = element(cell, "a", persona.title, href=links.href(persona_uri(persona_id)))


COLUMNS = (
    "Journey",
    "Emotion",
    "Lowest moment",
    "Pain points",
    "Open opportunities",
    "Evidence",
    "Freshness",
    "Personas",
)
"""The columns of the portfolio, by their (English) header labels."""


def _row(links: Links, body: etree.Element, row: JourneyRow) -> None:
    t, journey = links.t, row.journey
    tr = element(body, "tr", data_journey=journey.id, data_depth=row.depth)
    _journey_cell(links, tr, row)
    curve = element(tr, "td", class_="cjm-portfolio__curve")
    svg = sparkline_element(row.emotions, emotion_label(t, row))
    if svg is not None:
        curve.append(svg)
    _lowest_cell(links, tr, row)
    element(tr, "td", str(row.pain_points), class_="cjm-portfolio__count", data_count="pains")
    element(
        tr,
        "td",
        str(row.open_opportunities),
        class_="cjm-portfolio__count",
        data_count="opportunities",
    )
    coverage = row.coverage
    element(
        tr,
        "td",
        f"{coverage.covered}/{coverage.steps} {t('Steps').lower()}",
        class_="cjm-portfolio__evidence",
        title=t("Steps with recent evidence"),
    )
    state = row.freshness
    badge = "" if state is None else freshness_badge(state, t)
    freshness = element(tr, "td", badge, class_="cjm-portfolio__fresh")
    if journey.reviewed:
        element(freshness, "small", str(journey.reviewed), title=t("Last reviewed"))
    _personas_cell(links, tr, row)


def portfolio_table(links: Links, rows: Sequence[JourneyRow], label: str) -> etree.Element:
    """The journeys as rows: sparkline, lowest moment, counts, evidence and freshness."""
    box = _scroll(None, "cjm-portfolio", label)
    table = element(box, "table", class_="cjm-portfolio__table")
    head = element(element(table, "thead"), "tr")
    for column in COLUMNS:
        element(head, "th", links.t(column), scope="col")
    body = element(table, "tbody")
    for row in rows:
        _row(links, body, row)
    return box


def _heat_head(links: Links, stages: Sequence[tuple[str, str]], first: str) -> etree.Element:
    t = links.t
    box = _scroll(None, "cjm-heatmap", t("Emotion by stage"))
    table = element(box, "table", class_="cjm-heatmap__table")
    head = element(element(table, "thead"), "tr")
    element(head, "th", first, scope="col")
    for stage_id, title in stages:
        cell = element(head, "th", scope="col", data_stage=stage_id)
        element(cell, "a", title, href=links.href(stage_uri(stage_id)))
    element(table, "tbody")
    return box


def _heat_cell(
    links: Links, tr: etree.Element, stage_id: str, value: float | None, target: str, **data: str
) -> None:
    """A cell of the heat map: its colour and number, linking to `target`; empty without a
    value. The column's and the row's headers say what it is (`scope`)."""
    if value is None:
        css = "cjm-heatmap__cell cjm-heatmap__cell--empty"
        element(tr, "td", class_=css, **data, data_stage=stage_id)
        return
    css = f"cjm-heatmap__cell cjm-heatmap__cell--{round(value)}"
    cell = element(tr, "td", class_=css, **data, data_stage=stage_id, data_value=f"{value:.2f}")
    element(cell, "a", links.t.number(value), href=links.href(target))


def heatmap(
    links: Links, stages: Sequence[tuple[str, str]], rows: Sequence[JourneyRow]
) -> etree.Element:
    """Journeys by the stages of the vocabulary: each cell the mean emotion of the journey's
    steps in that stage, as a colour and a number, linking to the journey's stage page;
    empty where the journey skips the stage."""
    box = _heat_head(links, stages, links.t("Journey"))
    body = box[0][1]
    for row in rows:
        journey = row.journey
        tr = element(body, "tr", data_journey=journey.id)
        _journey_cell(links, tr, row, about=False)
        for stage_id, _ in stages:
            target = journey_stage_uri(journey.id, stage_id)
            value = row.stage_emotion.get(stage_id)
            _heat_cell(links, tr, stage_id, value, target, data_journey=journey.id)
    return box


GROUP_COLUMNS = (
    "Owner",
    "Journeys",
    "Average emotion",
    "Pain points",
    "Open opportunities",
    "Stale",
)
"""The columns of the journeys index of a large handbook, a row per group of journeys."""


def group_table(links: Links, summaries: Sequence[GroupSummary]) -> str:
    """A row per group of journeys (an owner's), linking to its page, with its counts."""
    t = links.t
    box = _scroll(None, "cjm-portfolio cjm-portfolio--groups", t("Journeys"))
    table = element(box, "table", class_="cjm-portfolio__table")
    head = element(element(table, "thead"), "tr")
    for column in GROUP_COLUMNS:
        element(head, "th", t(column), scope="col")
    body = element(table, "tbody")
    for summary in summaries:
        group = summary.group
        tr = element(body, "tr", data_group=str(group.number))
        cell = element(tr, "th", scope="row", class_="cjm-portfolio__journey")
        element(cell, "a", group.label, href=links.href(journey_group_uri(group.number)))
        numbers = (
            str(len(group.journeys)),
            t.number(summary.average_emotion),
            str(summary.pain_points),
            str(summary.open_opportunities),
            str(summary.stale),
        )
        for number in numbers:
            element(tr, "td", number, class_="cjm-portfolio__count")
    return to_html(box)


def group_heatmap(
    links: Links, stages: Sequence[tuple[str, str]], summaries: Sequence[GroupSummary]
) -> str:
    """The heat map of a large handbook: a row per group of journeys, each cell the mean of
    its journeys' means in that stage, linking to the group's page."""
    box = _heat_head(links, stages, links.t("Owner"))
    body = box[0][1]
    for summary in summaries:
        group = summary.group
        target = journey_group_uri(group.number)
        tr = element(body, "tr", data_group=str(group.number))
        cell = element(tr, "th", scope="row", class_="cjm-portfolio__journey")
        element(cell, "a", group.label, href=links.href(target))
        for stage_id, _ in stages:
            value = summary.stage_emotion.get(stage_id)
            _heat_cell(links, tr, stage_id, value, target, data_group=str(group.number))
    return to_html(box)


def journey_rows_table(links: Links, rows: Sequence[JourneyRow], label: str) -> str:
    """Some journeys as portfolio rows (the index's, a persona's, a parent's sub-journeys)."""
    if not rows:
        return ""
    return to_html(portfolio_table(links, rows, label))


def rollup(links: Links, subs: SubJourneys, limit: int) -> str:
    """The pain points and open opportunities of a parent's sub-journeys, most severe and
    best first (at most `limit` of each), folded: a reader opens them."""
    t = links.t
    if not subs.pain_points and not subs.opportunities:
        return ""
    shown = (
        f"{t('Pain points')} ({len(subs.pain_points)}) · "
        f"{t('Open opportunities')} ({len(subs.opportunities)})"
    )
    details = element(None, "details", class_="cjm-fold cjm-rollup")
    element(details, "summary", f"{t('Sub-journeys')}: {shown}")
    sections = (
        ("Pain points of the sub-journeys", subs.pain_points, "pain"),
        ("Opportunities of the sub-journeys", subs.opportunities, "opportunity"),
    )
    for label, items, kind in sections:
        if not items:
            continue
        element(details, "h3", t(label), class_="cjm-rollup__label")
        entries = element(details, "ul")
        for journey, point, item in items[:limit]:
            entry = element(entries, "li", data_kind=kind)
            if isinstance(item, PainPoint):
                what = f"{item.text} ({t('severity')} {item.severity}/{SCORE_MAX})"
            else:
                what = (
                    f"{item.text} ({t('impact')} {item.impact}/{SCORE_MAX},"
                    f" {t('effort')} {item.effort}/{SCORE_MAX}, {t(item.status)})"
                )
            element(entry, "span", what).tail = ": "
            target = journey_stage_uri(journey.id, point.stage_id)
            anchor = step_anchor(point.step_index, point.step.id)
            element(entry, "a", point.step.title, href=links.href(target, anchor)).tail = " · "
            element(entry, "a", journey.title, href=links.href(journey_uri(journey.id)))
        if len(items) > limit:
            element(details, "p", f"{t('More')}: {len(items) - limit}")
    return to_html(details)


def journey_heatmap(
    links: Links, stages: Sequence[tuple[str, str]], rows: Sequence[JourneyRow]
) -> str:
    """The heat map of some journeys, as HTML."""
    return to_html(heatmap(links, stages, rows)) if rows else ""
