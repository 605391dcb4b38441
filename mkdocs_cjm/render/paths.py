"""The attribution and observed flow of a journey's path files, as plugin-made HTML and SVG.

Lays out what `views/paths.py` computed (SPEC §2.7): the attribution as a table of
touchpoints by model with a bar in each cell (the chart and its table in one: the numbers
are text, the bars hidden from screen readers), the observed flow as an SVG diagram with
loops unrolled by position (rows: the designed stages in order; columns: the first, second,
... stage a path visits) and, as its accessible alternative, the table of stage-to-stage
moves. Built as ElementTrees and written by `chartkit.to_html`, which escapes every text
and attribute value, so a touchpoint's title or a source is always text.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import Translator
from ..views.paths import AttributionView, FlowLink, FlowNode, FlowView, LastClickGap, Story
from .charts.elements import element, plain, text_width, to_html

MODEL_LABELS = {
    "first": "First touch",
    "last": "Last touch",
    "linear": "Linear",
    "position": "Position-based",
    "markov": "Data-driven",
}
"""Each attribution model (`attribution.MODELS`) in words."""

COMMON_PATHS = 5
"""The most walked stage sequences the page lists."""


def _scroll(parent: etree.Element, label: str) -> etree.Element:
    """A box that scrolls sideways on a narrow screen, never the page; focusable for keys."""
    box = element(parent, "div", class_="cjm-chart__scroll", tabindex=0, role="group")
    box.set("aria-label", label)
    return box


def _table(parent: etree.Element, caption: str, css: str) -> etree.Element:
    """A table named by a caption above its scrolling box (a caption inside would scroll
    out of view on a phone); `css` names it and its caption's id (one a page)."""
    element(parent, "p", caption, class_="cjm-paths__caption", id=f"{css}-caption")
    box = _scroll(parent, caption)
    return element(box, "table", class_=f"cjm-paths__table {css}", aria_labelledby=f"{css}-caption")


def _facts(parent: etree.Element, t: Translator, items: Sequence[tuple[str, str]]) -> None:
    line = element(parent, "p", class_="cjm-paths__facts")
    for index, (label, value) in enumerate(items):
        strong = element(line, "strong", f"{t(label)}:")
        strong.tail = f" {plain(value)}" + (" · " if index + 1 < len(items) else "")


def _where(t: Translator, period: str, sources: Sequence[str]) -> list[tuple[str, str]]:
    where = [("Period", period)]
    if sources:
        where.append(("Source", ", ".join(sources)))
    return where


def _gap_text(t: Translator, gap: LastClickGap) -> str:
    sign = "+" if gap.points > 0 else "\u2212"
    return (
        f"{gap.title} ({sign}{t.number(abs(gap.points))} {t('percentage points')}:"
        f" {t.percent(gap.last)} {t('against')} {t.percent(gap.data_driven)})"
    )


def _verdict(parent: etree.Element, t: Translator, view: AttributionView) -> None:
    block = element(parent, "ul", class_="cjm-paths__verdict")
    for label, gaps in (
        ("Last click over-values", view.over),
        ("Last click under-values", view.under),
    ):
        item = element(block, "li")
        strong = element(item, "strong", f"{t(label)}:")
        strong.tail = " " + (
            "; ".join(plain(_gap_text(t, g)) for g in gaps) if gaps else t("no touchpoint")
        )
    element(
        parent,
        "p",
        t("Compared with the data-driven model; a gap of less than 5 points is not named."),
        class_="cjm-paths__note",
    )


def _bar_cell(row: etree.Element, model: str, share: float, text: str) -> None:
    """A share as a number (what a screen reader reads) and a bar to scale (hidden from it)."""
    cell = element(row, "td", class_="cjm-attribution__cell", data_model=model)
    element(cell, "span", text, class_="cjm-attribution__value")
    bar = element(
        cell,
        "svg",
        class_="cjm-attribution__bar",
        width="100%",
        height=8,
        focusable="false",
        aria_hidden="true",
    )
    element(bar, "rect", class_="cjm-attribution__track", width="100%", height=8)
    fill = element(
        bar,
        "rect",
        class_=f"cjm-attribution__fill cjm-attribution__fill--{model}",
        width=f"{max(0.0, min(1.0, share)) * 100:.2f}%",
        height=8,
    )
    fill.set("data-share", f"{share:.4f}")


def attribution_block(view: AttributionView, t: Translator) -> str:
    """The facts of the paths, what last click gets wrong, and the table of touchpoint x model."""
    block = element(None, "div", class_="cjm-paths cjm-attribution")
    _facts(
        block,
        t,
        [
            ("Paths", f"{view.paths}"),
            ("Customer paths", f"{view.customer_paths}"),
            ("Conversions", f"{view.conversions}"),
            ("Conversion rate", t.percent(view.conversion_rate)),
            *_where(t, view.period, view.sources),
        ],
    )
    _verdict(block, t, view)
    caption = t("Share of the conversions each touchpoint earns, by model")
    table = _table(block, caption, "cjm-attribution__table")
    head = element(element(table, "thead"), "tr")
    element(head, "th", t("Touchpoint"), scope="col")
    for model in view.models:
        element(head, "th", t(MODEL_LABELS[model]), scope="col", data_model=model)
    body = element(table, "tbody")
    for shares in view.rows:
        row = element(body, "tr", data_touchpoint=shares.touchpoint)
        element(row, "th", shares.title, scope="row")
        for model, share in zip(view.models, shares.shares, strict=True):
            _bar_cell(row, model, share, t.percent(share))
    return to_html(block)


def story_line(story: Story, t: Translator) -> str:
    """The summary's line, e.g. "Instagram ads starts 71 % of converting paths; last click
    gives it 0 %"."""
    return (
        f"{plain(story.title)} {t('starts')} {t.percent(story.first)}"
        f" {t('of converting paths; last click gives it')} {t.percent(story.last)}"
        f" ({plain(story.period)})"
    )


# --- the observed flow ---------------------------------------------------------------------

_FONT = 13
_COLUMN = 150  # px between the stages visited
_ROW = 66  # px per designed stage
_TOP = 40  # under the column numbers
_NODE = 12  # px, the width of a node
_NODE_MAX = 34  # px, the height of the busiest node
_LINK_MAX = 18  # px, the width of the busiest link
_MIN_SCALE = 0.85


@dataclass(frozen=True)
class _Layout:
    left: float
    columns: int

    def x(self, position: int) -> float:
        return self.left + 24 + position * _COLUMN

    @staticmethod
    def y(row: int) -> float:
        return _TOP + row * _ROW + _ROW / 2

    @property
    def width(self) -> float:
        return self.x(self.columns - 1) + 48


def _node_height(paths: int, busiest: int) -> float:
    return 4 + (_NODE_MAX - 4) * paths / busiest if busiest else 4


def _rows(svg: etree.Element, layout: _Layout, stages: Sequence[str]) -> None:
    """The designed journey: one band per stage, in order, named on the left."""
    for index, title in enumerate(stages):
        odd = index % 2 == 1
        element(
            svg,
            "rect",
            class_=f"cjm-chart__band cjm-chart__band--{'odd' if odd else 'even'}",
            x=0,
            y=_TOP + index * _ROW,
            width=layout.width,
            height=_ROW,
            fill="#000",
            fill_opacity=0.04 if odd else 0,
        )
        element(
            svg,
            "text",
            f"{index + 1}. {title}",
            class_="cjm-chart__stage",
            x=8,
            y=layout.y(index) + 4,
            font_weight="bold",
        )


def _columns(svg: etree.Element, layout: _Layout, t: Translator) -> None:
    element(
        svg,
        "text",
        f"{t('Stages visited, in order')} →",
        class_="cjm-chart__axis",
        x=8,
        y=16,
    )
    for position in range(layout.columns):
        element(
            svg,
            "text",
            str(position + 1),
            class_="cjm-chart__tick",
            x=layout.x(position),
            y=34,
            text_anchor="middle",
        )


def _link(
    svg: etree.Element, layout: _Layout, link: FlowLink, busiest: int, stages: Sequence[str]
) -> None:
    x1, x2 = layout.x(link.position) + _NODE / 2, layout.x(link.position + 1) - _NODE / 2
    y1, y2 = layout.y(link.from_row), layout.y(link.to_row)
    middle = (x1 + x2) / 2
    width = 1.5 + (_LINK_MAX - 1.5) * link.paths / busiest
    path = element(
        svg,
        "path",
        class_="cjm-flow__link" + (" cjm-flow__link--back" if link.backward else ""),
        d=f"M{x1:.1f},{y1:.1f} C{middle:.1f},{y1:.1f} {middle:.1f},{y2:.1f} {x2:.1f},{y2:.1f}",
        fill="none",
        stroke="#e65100" if link.backward else "#3f51b5",
        stroke_width=width,
        stroke_opacity=0.55,
        data_paths=link.paths,
    )
    if link.backward:
        path.set("stroke-dasharray", "6 4")
    element(path, "title", f"{stages[link.from_row]} → {stages[link.to_row]}: {link.paths}")


def _node(
    svg: etree.Element, layout: _Layout, node: FlowNode, busiest: int, stages: Sequence[str]
) -> None:
    height = _node_height(node.paths, busiest)
    x, y = layout.x(node.position), layout.y(node.row)
    rect = element(
        svg,
        "rect",
        class_="cjm-flow__node",
        x=x - _NODE / 2,
        y=y - height / 2,
        width=_NODE,
        height=height,
        rx=2,
        fill="#3f51b5",
        data_paths=node.paths,
    )
    element(rect, "title", f"{node.position + 1}. {stages[node.row]}: {node.paths}")
    element(
        svg,
        "text",
        str(node.paths),
        class_="cjm-chart__key",
        x=x,
        y=y - height / 2 - 4,
        text_anchor="middle",
    )


def flow_chart(view: FlowView, t: Translator) -> etree.Element:
    """The observed flow as SVG: rows the designed stages, columns the stages visited."""
    columns = max((n.position for n in view.nodes), default=0) + 1
    labels = [f"{i}. {title}" for i, title in enumerate(view.stages, start=1)]
    left = max([text_width(label, _FONT) for label in labels] or [0.0]) + 16
    layout = _Layout(left, columns)
    height = _TOP + _ROW * len(view.stages) + 8
    figure = element(None, "figure", class_="cjm-chart cjm-flow__chart")
    box = _scroll(figure, t("Observed flow"))
    svg = element(
        box,
        "svg",
        class_="cjm-chart__svg",
        width=round(layout.width),
        height=round(height),
        viewBox=f"0 0 {round(layout.width)} {round(height)}",
        role="img",
        font_size=_FONT,
        style=f"min-width: {round(layout.width * _MIN_SCALE)}px",
    )
    back = sum(m.paths for m in view.moves if m.backward)
    svg.set(
        "aria-label",
        f"{t('Observed flow')}: {len(view.moves)} {t('moves between stages')},"
        f" {back} {t('back to an earlier stage')}. {t('The table below lists them.')}",
    )
    _rows(svg, layout, view.stages)
    _columns(svg, layout, t)
    busiest_link = max((link.paths for link in view.links), default=0)
    for link in view.links:
        _link(svg, layout, link, busiest_link, view.stages)
    busiest_node = max((n.paths for n in view.nodes), default=0)
    for node in view.nodes:
        _node(svg, layout, node, busiest_node, view.stages)
    legend = element(figure, "figcaption", class_="cjm-flow__legend")
    for css, label in (("forward", "Forward"), ("back", "Back to an earlier stage")):
        swatch = element(legend, "span", "", class_=f"cjm-flow__swatch cjm-flow__swatch--{css}")
        swatch.set("aria-hidden", "true")
        swatch.tail = f" {t(label)} "
    how = t("Rows: the designed stages in order; columns: the first, second, ... stage visited.")
    if view.beyond:
        how += f" {t('Customer paths that go on after the last column')}: {view.beyond}."
    element(legend, "span", how, class_="cjm-flow__how")
    return figure


def _moves_table(parent: etree.Element, view: FlowView, t: Translator) -> None:
    caption = t("Moves between stages")
    table = _table(parent, caption, "cjm-flow__moves")
    head = element(element(table, "thead"), "tr")
    for label in ("From stage", "To stage", "Customer paths", "Direction"):
        element(head, "th", t(label), scope="col")
    body = element(table, "tbody")
    for move in view.moves:
        row = element(body, "tr", data_direction="back" if move.backward else "forward")
        element(row, "td", move.from_title)
        element(row, "td", move.to_title)
        element(row, "td", str(move.paths), class_="cjm-paths__number")
        element(row, "td", t("Back to an earlier stage") if move.backward else t("Forward"))


def flow_block(view: FlowView, t: Translator) -> str:
    """The facts, the flow diagram, its table of moves, and the elements not placed."""
    block = element(None, "div", class_="cjm-paths cjm-flow")
    _facts(
        block,
        t,
        [
            ("Customer paths", str(view.customer_paths)),
            ("Placed in a stage", str(view.placed_paths)),
            *_where(t, view.period, view.sources),
        ],
    )
    returning = element(block, "p", class_="cjm-flow__returning")
    figure = element(returning, "strong", t.percent(view.returning_share))
    figure.tail = (
        f" {t('of the paths return to an earlier stage')}"
        f" ({view.returning_paths} / {view.placed_paths})."
    )
    if view.links:
        block.append(flow_chart(view, t))
    if view.moves:
        _moves_table(block, view, t)
    unplaced = element(block, "p", class_="cjm-flow__unplaced")
    strong = element(unplaced, "strong", f"{t('Not placed in a stage')}:")
    strong.tail = " " + (
        ", ".join(f"{plain(title)} ({paths})" for title, paths in view.unplaced)
        + f" — {t('elements the journey uses in no stage or in more than one')}."
        if view.unplaced
        else t("none")
    )
    return to_html(block)


def common_paths_block(view: FlowView, t: Translator) -> str:
    """The most walked stage sequences with their conversion rate."""
    if not view.common:
        return ""
    caption = t("The most walked stage sequences, with their conversion rate")
    block = element(None, "div", class_="cjm-paths cjm-flow__common")
    table = _table(block, caption, "cjm-flow__paths")
    head = element(element(table, "thead"), "tr")
    for label in ("Stages", "Customer paths", "Conversions", "Conversion rate"):
        element(head, "th", t(label), scope="col")
    body = element(table, "tbody")
    for path in view.common[:COMMON_PATHS]:
        row = element(body, "tr")
        element(row, "td", " → ".join(path.titles))
        element(row, "td", str(path.paths), class_="cjm-paths__number")
        element(row, "td", str(path.conversions), class_="cjm-paths__number")
        element(row, "td", t.percent(path.conversion_rate), class_="cjm-paths__number")
    return to_html(block)
