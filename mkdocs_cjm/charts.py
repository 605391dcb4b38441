"""The charts of the insight views as plugin-made HTML: emotion curve, funnel, impact/effort grid.

Mermaid's ``xychart-beta`` cannot set its ticks (1..5 gets 1.5, 2.5, ...) nor
mark a line's points, and its ``quadrantChart`` places integer scores on a
continuous plane, where jitter decides the quadrant. These charts are drawn
here instead, as inline SVG and HTML tables, at a fixed pixel size in a box
that scrolls on a narrow screen, in the theme's colours (`cjm.css`).

Every element is built as an ElementTree and written by `to_html`, which
escapes each text and attribute value, so a writer's title is always text.
The page gets a chart as one line of HTML (`sanitize.html_block_line`).
Charts take plain values (titles, numbers, same-page anchors), never models,
and lay out only: what they show is computed in `insights.py`.
"""

from __future__ import annotations

import html
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .i18n import Translator

__all__ = [
    "CurvePoint",
    "FunnelRow",
    "MatrixCell",
    "comparison_chart",
    "emotion_curve",
    "funnel_table",
    "matrix_cells",
    "opportunity_matrix",
    "to_html",
]

SCORES = (1, 2, 3, 4, 5)
"""The scale of emotion, impact and effort."""
CURVE_CAPTION = (
    "Emotion at every step, from 1 (very negative) to 5 (very positive). "
    "Steps are numbered stage.step, as in the table."
)
"""What the emotion curve shows, under it and as its accessible name."""
COMPARISON_CAPTION = "Average emotion per stage in both journeys, for the stages they share."
"""What the comparison chart shows, under it and as its accessible name."""


def to_html(element: etree.Element) -> str:
    """An element as HTML on one line, every text and attribute value escaped.

    Not ElementTree's own HTML writer: it leaves `<` in attribute values as it
    is, which a browser reads as text but a scanner of the page cannot tell
    from a tag.
    """
    out: list[str] = []
    _write(element, out)
    return "".join(out)


def _write(element: etree.Element, out: list[str]) -> None:
    # Tags and attribute names are the plugin's; values and texts are escaped.
    attributes = "".join(
        f' {name}="{html.escape(value, quote=True)}"' for name, value in element.attrib.items()
    )
    out.append(f"<{element.tag}{attributes}>")
    if element.text:
        out.append(html.escape(element.text, quote=False))
    for child in element:
        _write(child, out)
    out.append(f"</{element.tag}>")
    if element.tail:
        out.append(html.escape(element.tail, quote=False))


def _element(
    parent: etree.Element | None, tag: str, text: str | None = None, **attributes: str | int | float
) -> etree.Element:
    # `class_` for `class`; underscores for dashes (`aria_label`, `text_anchor`).
    attrib = {k.rstrip("_").replace("_", "-"): _value(v) for k, v in attributes.items()}
    element = (
        etree.Element(tag, attrib) if parent is None else etree.SubElement(parent, tag, attrib)
    )
    if text is not None:
        element.text = _plain(text)
    return element


def _plain(text: str) -> str:
    """Text on one line, as the browser shows it; without control characters, which an
    SVG or HTML text cannot show (a NUL would be U+FFFD), and lone surrogates."""
    return "".join(c for c in " ".join(text.split()) if unicodedata.category(c) not in ("Cc", "Cs"))


def _value(value: str | int | float) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return _plain(str(value))


def text_width(text: str, size: float) -> float:
    """A generous width in pixels of `text` at font `size`, so that a label is never cut."""
    wide = sum(unicodedata.east_asian_width(c) in "WF" for c in text)
    return (len(text) - wide) * 0.62 * size + wide * 1.1 * size


# --- emotion curve ---------------------------------------------------------------


@dataclass(frozen=True)
class CurvePoint:
    """One step on the curve: its key ("2.3"), stage number (0-based), title and emotion."""

    key: str
    stage_index: int
    title: str
    emotion: int


_FONT = 13  # px: stage names, axis labels
_STEP = 40  # px per step at least
_LEFT = 48  # room for the axis title and the ticks
# A chart may shrink to fit its column down to this scale, where 13 px text is 11 px.
_MIN_SCALE = 0.85
_RIGHT = 12
_PLOT_TOP = 44  # under the stage names
_UNIT = 46  # px per emotion point: 1..5 is 4 units
_BOTTOM = 30  # room for the step keys


def _y(emotion: float) -> float:
    return _PLOT_TOP + (SCORES[-1] - emotion) * _UNIT


def _chart(
    label: str, width: float, height: float, css: str
) -> tuple[etree.Element, etree.Element]:
    """A figure with a box that scrolls sideways on a narrow screen, and its SVG."""
    figure = _element(None, "figure", class_=f"cjm-chart {css}")
    # Focusable, so that a keyboard can scroll it too.
    box = _element(figure, "div", class_="cjm-chart__scroll", tabindex=0, role="group")
    box.set("aria-label", label)
    svg = _element(
        box,
        "svg",
        class_="cjm-chart__svg",
        width=round(width),
        height=round(height),
        viewBox=f"0 0 {round(width)} {round(height)}",
        role="img",
        font_size=_FONT,
        style=f"min-width: {round(width * _MIN_SCALE)}px",
    )
    return figure, svg


def _stage_bands(
    svg: etree.Element, stages: Sequence[str], widths: Sequence[float]
) -> list[tuple[float, float]]:
    """Each stage as a band, named above it; returns (left, width) of each band."""
    bands: list[tuple[float, float]] = []
    left = float(_LEFT)
    bottom = _y(SCORES[0])
    for index, (title, width) in enumerate(zip(stages, widths, strict=True)):
        odd = index % 2 == 1
        _element(
            svg,
            "rect",
            class_=f"cjm-chart__band cjm-chart__band--{'odd' if odd else 'even'}",
            x=left,
            y=_PLOT_TOP - 18,
            width=width,
            height=bottom - _PLOT_TOP + 36,
            fill="#000",
            fill_opacity=0.04 if odd else 0,
        )
        _element(
            svg,
            "text",
            f"{index + 1}. {title}",
            class_="cjm-chart__stage",
            x=left + width / 2,
            y=18,
            text_anchor="middle",
            font_weight="bold",
        )
        bands.append((left, width))
        left += width
    return bands


def _band_width(number: int, title: str, least: float) -> float:
    # Wide enough for the stage's name above it.
    return max(least, text_width(f"{number}. {title}", _FONT) + 16)


def _score_axis(svg: etree.Element, right: float, title: str) -> None:
    """Grid lines and ticks at the whole scores 1..5 (neutral dashed) and the axis title."""
    for score in SCORES:
        y = _y(score)
        neutral = score == 3
        _element(
            svg,
            "line",
            class_="cjm-chart__grid" + (" cjm-chart__grid--neutral" if neutral else ""),
            x1=_LEFT,
            x2=right,
            y1=y,
            y2=y,
            stroke="#9e9e9e",
            stroke_width=1,
            **({"stroke_dasharray": "4 3"} if neutral else {}),
        )
        _element(
            svg,
            "text",
            str(score),
            class_="cjm-chart__tick",
            x=_LEFT - 8,
            y=y + 4,
            text_anchor="end",
        )
    middle = (_PLOT_TOP + _y(SCORES[0])) / 2
    _element(
        svg,
        "text",
        title,
        class_="cjm-chart__axis",
        x=14,
        y=middle,
        text_anchor="middle",
        transform=f"rotate(-90 14 {middle:.0f})",
    )


def _line(svg: etree.Element, points: Sequence[tuple[float, float, str]]) -> None:
    """A line through (x, value, tooltip) with a marker on each point."""
    _element(
        svg,
        "polyline",
        class_="cjm-chart__line",
        points=" ".join(f"{x:.1f},{_y(v):.1f}" for x, v, _ in points),
        fill="none",
        stroke="#00897b",
        stroke_width=2.5,
    )
    for x, value, tip in points:
        marker = _element(
            svg, "circle", class_="cjm-chart__marker", cx=x, cy=_y(value), r=5, fill="#00897b"
        )
        marker.set("data-value", _value(round(value, 2)))
        _element(marker, "title", tip)


def emotion_curve(points: Sequence[CurvePoint], stages: Sequence[str], t: Translator) -> str:
    """A journey's emotion, step by step, as an SVG line with a marker per step.

    The stages are bands behind their steps, named above them; each band is
    wide enough for its name. Ticks are the whole scores 1..5, with neutral
    (3) drawn as a dashed line. Empty for a journey without steps.
    """
    if not points:
        return ""
    counts = [sum(p.stage_index == s for p in points) for s in range(len(stages))]
    widths = [
        _band_width(n, title, count * _STEP)
        for n, (title, count) in enumerate(zip(stages, counts, strict=True), start=1)
    ]
    width = _LEFT + sum(widths) + _RIGHT
    label = t("Emotion curve")
    figure, svg = _chart(label, width, _y(SCORES[0]) + _BOTTOM, "cjm-curve")
    svg.set("aria-label", f"{label}. {t(CURVE_CAPTION)}")
    bands = _stage_bands(svg, stages, widths)
    _score_axis(svg, width - _RIGHT, t("Emotion"))
    line: list[tuple[float, float, str]] = []
    seen = [0] * len(stages)
    for point in points:
        left, band = bands[point.stage_index]
        x = left + band * (seen[point.stage_index] + 0.5) / counts[point.stage_index]
        seen[point.stage_index] += 1
        line.append((x, point.emotion, f"{point.key} {point.title}: {point.emotion}/5"))
        _element(
            svg,
            "text",
            point.key,
            class_="cjm-chart__key",
            x=x,
            y=_y(SCORES[0]) + 22,
            text_anchor="middle",
        )
    _line(svg, line)
    return to_html(figure)


_STAGE = 96  # px per stage of the comparison at least
_BAR = 28  # px, the width of a bar


def comparison_chart(
    stages: Sequence[str],
    before: Sequence[float],
    after: Sequence[float],
    before_title: str,
    t: Translator,
    accessible_name: str = "",
) -> str:
    """Average emotion per shared stage: the compared journey as bars, this one as a line.

    `accessible_name` is what a screen reader says of the chart (the numbers it
    draws); by default the chart's caption.
    """
    if not stages:
        return ""
    widths = [_band_width(n, title, _STAGE) for n, title in enumerate(stages, start=1)]
    width = _LEFT + sum(widths) + _RIGHT
    label = t("Comparison")
    figure, svg = _chart(label, width, _y(SCORES[0]) + 12, "cjm-comparison")
    svg.set("aria-label", _plain(accessible_name) or f"{label}. {t(COMPARISON_CAPTION)}")
    bands = _stage_bands(svg, stages, widths)
    _score_axis(svg, width - _RIGHT, t("Average emotion"))
    bottom = _y(SCORES[0])
    line: list[tuple[float, float, str]] = []
    for (left, band), title, old, new in zip(bands, stages, before, after, strict=True):
        centre = left + band / 2
        bar = _element(
            svg,
            "rect",
            class_="cjm-chart__bar",
            x=centre - _BAR / 2,
            y=_y(old),
            width=_BAR,
            height=max(0.0, bottom - _y(old)),
            fill="#b0bec5",
        )
        bar.set("data-value", _value(round(old, 2)))
        _element(bar, "title", f"{title}: {before_title} {t.number(old)}")
        line.append((centre, new, f"{title}: {t('this journey')} {t.number(new)}"))
    _line(svg, line)
    return to_html(figure)


# --- funnel ------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelRow:
    """One row of the funnel: a step's key and title, its drop-off and the share left after it."""

    key: str
    title: str
    drop_off: float | None  # None for the start of the journey
    remaining: float


def funnel_table(rows: Sequence[FunnelRow], t: Translator) -> str:
    """The customers remaining after each step as a table with a bar per row.

    Every column has a header; the share is written as a number, the bar
    (hidden from screen readers, which read the number) draws it to scale.
    """
    wrapper = _element(None, "div", class_="cjm-funnel")
    table = _element(wrapper, "table")
    head = _element(_element(table, "thead"), "tr")
    for label in ("#", t("Step"), t("drop_off"), t("Remaining")):
        _element(head, "th", label, scope="col")
    body = _element(table, "tbody")
    for row in rows:
        tr = _element(body, "tr")
        _element(tr, "td", row.key)
        _element(tr, "td", row.title)
        _element(tr, "td", t.percent(row.drop_off) if row.drop_off is not None else "")
        cell = _element(tr, "td", class_="cjm-funnel__remaining")
        _element(cell, "span", t.percent(row.remaining), class_="cjm-funnel__value")
        bar = _element(
            cell,
            "svg",
            class_="cjm-funnel__bar",
            width="100%",
            height=12,
            focusable="false",
            aria_hidden="true",
        )
        _element(bar, "rect", class_="cjm-funnel__track", width="100%", height=12, fill="#e0e0e0")
        share = max(0.0, min(1.0, row.remaining))
        fill = _element(
            bar, "rect", class_="cjm-funnel__fill", width=f"{share * 100:.2f}%", height=12
        )
        fill.set("fill", "#00897b")
        fill.set("data-share", f"{share:.4f}")
    return to_html(wrapper)


# --- impact/effort grid ------------------------------------------------------------


@dataclass(frozen=True)
class MatrixCell:
    """The opportunities with one (impact, effort) pair, in rank order."""

    impact: int
    effort: int
    ranks: tuple[int, ...]  # 1-based ranks in the ranked list
    titles: tuple[str, ...]


def matrix_cells(scores: Sequence[tuple[int, int, str]]) -> dict[tuple[int, int], MatrixCell]:
    """The cells of the grid from (impact, effort, title) in rank order, by (impact, effort)."""
    grouped: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for rank, (impact, effort, title) in enumerate(scores, start=1):
        grouped.setdefault((impact, effort), []).append((rank, title))
    return {
        pair: MatrixCell(pair[0], pair[1], tuple(r for r, _ in items), tuple(t for _, t in items))
        for pair, items in grouped.items()
    }


def _quadrant(impact: int, effort: int) -> str:
    """The region a cell belongs to; the middle row and column (3) belong to none."""
    if impact == 3 or effort == 3:
        return ""
    high, low_effort = impact > 3, effort < 3
    if high:
        return "quick-wins" if low_effort else "major-projects"
    return "fill-ins" if low_effort else "thankless-tasks"


_QUADRANT_LABELS = {
    "quick-wins": "Quick wins",
    "major-projects": "Major projects",
    "fill-ins": "Fill-ins",
    "thankless-tasks": "Thankless tasks",
}
_DASH = "\u2013"  # EN DASH, of ranges such as O1-O4
_HIGH, _LOW = f"4{_DASH}5", f"1{_DASH}2"
_REGIONS = {
    "quick-wins": (_HIGH, _LOW),
    "major-projects": (_HIGH, _HIGH),
    "fill-ins": (_LOW, _LOW),
    "thankless-tasks": (_LOW, _HIGH),
}
# The corner cell of each region that names it.
_NAMED_AT = {
    (5, 1): "quick-wins",
    (5, 5): "major-projects",
    (1, 1): "fill-ins",
    (1, 5): "thankless-tasks",
}
_TIP_TITLES = 6  # titles listed in a cell's tip; the rest are counted
_TIP_LENGTH = 70  # characters of a title in the tip


def _ranges(ranks: Sequence[int], key: str) -> str:
    """Ranks as short ranges: O1-O4 (with an en dash), O9."""
    parts: list[str] = []
    start = previous = ranks[0]
    for rank in [*ranks[1:], None]:
        if rank is not None and rank == previous + 1:
            previous = rank
            continue
        parts.append(
            f"{key}{start}" if start == previous else f"{key}{start}{_DASH}{key}{previous}"
        )
        if rank is not None:
            start = previous = rank
    return ", ".join(parts)


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= _TIP_LENGTH else title[: _TIP_LENGTH - 1].rstrip() + "…"


def opportunity_matrix(
    cells: dict[tuple[int, int], MatrixCell],
    t: Translator,
    key: str,
    anchor: Callable[[int], str],
) -> str:
    """The 5 by 5 grid of impact (rows, high on top) by effort (columns, low on the left).

    A cell shows how many opportunities have its scores and their ranks, and
    links to the first of them in the ranked list (`anchor(rank)`: equal
    scores rank next to each other). Its titles show on hover and focus and
    are part of the link's name. The four corner regions are the quadrants,
    named in their outer cell; no score sits on a boundary.
    """
    if not cells:
        return ""
    wrapper = _element(None, "div", class_="cjm-matrix")
    table = _element(wrapper, "table", class_="cjm-matrix__grid")
    table.set("aria-label", t("Impact and effort"))
    head = _element(_element(table, "thead"), "tr")
    corner = _element(head, "th", scope="col", class_="cjm-matrix__corner")
    _element(corner, "span", f"{t('Impact')} ↑", class_="cjm-matrix__axis")
    _element(corner, "span", f"{t('Effort')} →", class_="cjm-matrix__axis")
    for effort in SCORES:
        _element(head, "th", str(effort), scope="col")
    body = _element(table, "tbody")
    for impact in reversed(SCORES):
        tr = _element(body, "tr")
        _element(tr, "th", str(impact), scope="row")
        for effort in SCORES:
            region = _quadrant(impact, effort)
            td = _element(
                tr,
                "td",
                class_="cjm-matrix__cell" + (f" cjm-matrix__cell--{region}" if region else ""),
            )
            td.set("data-impact", str(impact))
            td.set("data-effort", str(effort))
            named = _NAMED_AT.get((impact, effort))
            if named:
                # Shown where the cells are wide enough; the legend names them everywhere.
                _element(
                    td,
                    "span",
                    t(_QUADRANT_LABELS[named]),
                    class_="cjm-matrix__region",
                    aria_hidden="true",
                )
            cell = cells.get((impact, effort))
            if cell is None:
                continue
            td.set("data-count", str(len(cell.ranks)))
            link = _element(td, "a", class_="cjm-matrix__link", href=f"#{anchor(cell.ranks[0])}")
            # The link's name is its text: count, keys, scores and titles, one space apart.
            _element(link, "span", str(len(cell.ranks)), class_="cjm-matrix__count").tail = " "
            _element(link, "span", _ranges(cell.ranks, key), class_="cjm-matrix__keys").tail = " "
            tip = _element(link, "span", class_="cjm-matrix__tip")
            where = f"{t('Impact')} {impact} · {t('Effort')} {effort}"
            _element(tip, "span", where, class_="cjm-matrix__where").tail = " "
            titles = list(zip(cell.ranks, cell.titles, strict=True))
            for rank, title in titles[:_TIP_TITLES]:
                _element(tip, "span", f"{key}{rank} {_short(title)}", class_="cjm-matrix__title")
                tip[-1].tail = " "
            if len(titles) > _TIP_TITLES:
                more = f"+ {len(titles) - _TIP_TITLES}"
                _element(tip, "span", more, class_="cjm-matrix__more")
    legend = _element(wrapper, "ul", class_="cjm-matrix__legend")
    for region, (impacts, efforts) in _REGIONS.items():
        item = _element(legend, "li")
        _element(
            item,
            "span",
            class_=f"cjm-matrix__swatch cjm-matrix__cell--{region}",
            aria_hidden="true",
        )
        _element(item, "strong", t(_QUADRANT_LABELS[region]))
        item[-1].tail = f": {t('Impact')} {impacts}, {t('Effort')} {efforts}"
    return to_html(wrapper)
