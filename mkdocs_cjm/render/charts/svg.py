"""The charts of the insight views as plugin-made HTML: comparison, funnel, impact/effort grid.

Mermaid's ``xychart-beta`` cannot set its ticks (1..5 gets 1.5, 2.5, ...) nor
mark a line's points, and its ``quadrantChart`` places integer scores on a
continuous plane, where jitter decides the quadrant. These charts are drawn
here instead, as inline SVG and HTML tables, at a fixed pixel size in a box
that scrolls on a narrow screen, in the theme's colours (`cjm.css`). This module
draws the SVG chart (the comparison) and is where the renderer finds every chart
(a journey's emotion curve is in its overview, `render/overview.py`); the funnel and the
grid are HTML tables (`render/charts/tables.py`).

Every element is built as an ElementTree and written by `chartkit.to_html`, which
escapes each text and attribute value, so a writer's title is always text.
The page gets a chart as one line of HTML (`markdown_extension.html_block_line`).
Charts take plain values (titles, numbers, same-page anchors), never models,
and lay out only: what they show is computed in `views/insights.py`.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as etree
from collections.abc import Sequence

from ...domain import NEUTRAL, SCORE_MAX, SCORE_MIN, SCORES
from ...i18n import Translator
from .elements import element, plain, text_width, to_html, value_text
from .tables import FunnelRow, MatrixCell, funnel_table, matrix_cells, opportunity_matrix

__all__ = [
    "FunnelRow",
    "MatrixCell",
    "comparison_chart",
    "funnel_table",
    "matrix_cells",
    "opportunity_matrix",
    "to_html",
]

COMPARISON_CAPTION = "Average emotion per stage in both journeys, for the stages they share."
"""What the comparison chart shows, under it and as its accessible name."""


# --- the SVG charts -----------------------------------------------------------------


_FONT = 13  # px: stage names, axis labels
_LEFT = 48  # room for the axis title and the ticks
# A chart may shrink to fit its column down to this scale, where 13 px text is 11 px.
_MIN_SCALE = 0.85
_RIGHT = 12
_PLOT_TOP = 44  # under the stage names
_UNIT = 46  # px per emotion point: 1..5 is 4 units


def _y(emotion: float) -> float:
    return _PLOT_TOP + (SCORE_MAX - emotion) * _UNIT


def _chart(
    label: str, width: float, height: float, css: str
) -> tuple[etree.Element, etree.Element]:
    """A figure with a box that scrolls sideways on a narrow screen, and its SVG."""
    figure = element(None, "figure", class_=f"cjm-chart {css}")
    # Focusable, so that a keyboard can scroll it too.
    box = element(figure, "div", class_="cjm-chart__scroll", tabindex=0, role="group")
    box.set("aria-label", label)
    svg = element(
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
    svg: etree.Element, stages: Sequence[str], widths: Sequence[float], named: bool = True
) -> list[tuple[float, float]]:
    """Each stage as a band, named above it unless `named` is false; returns (left, width)
    of each band."""
    bands: list[tuple[float, float]] = []
    left = float(_LEFT)
    bottom = _y(SCORE_MIN)
    for index, (title, width) in enumerate(zip(stages, widths, strict=True)):
        odd = index % 2 == 1
        element(
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
        if named:
            element(
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


def _score_axis(svg: etree.Element, right: float, title: str) -> None:
    """Grid lines and ticks at the whole scores 1..5 (neutral dashed) and the axis title."""
    for score in SCORES:
        y = _y(score)
        neutral = score == NEUTRAL
        element(
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
        element(
            svg,
            "text",
            str(score),
            class_="cjm-chart__tick",
            x=_LEFT - 8,
            y=y + 4,
            text_anchor="end",
        )
    middle = (_PLOT_TOP + _y(SCORE_MIN)) / 2
    element(
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
    element(
        svg,
        "polyline",
        class_="cjm-chart__line",
        points=" ".join(f"{x:.1f},{_y(v):.1f}" for x, v, _ in points),
        fill="none",
        stroke="#00897b",
        stroke_width=2.5,
    )
    for x, value, tip in points:
        marker = element(
            svg, "circle", class_="cjm-chart__marker", cx=x, cy=_y(value), r=5, fill="#00897b"
        )
        marker.set("data-value", value_text(round(value, 2)))
        element(marker, "title", tip)


_COMPARED = 48  # px per stage of the comparison: a bar and room around it
_BAR = 28  # px, the width of a bar


_SLANT = 40  # degrees: the comparison's stage names rise to the right, so bands stay narrow
_COS, _SIN = math.cos(math.radians(_SLANT)), math.sin(math.radians(_SLANT))


def comparison_chart(
    stages: Sequence[str],
    before: Sequence[float],
    after: Sequence[float],
    before_title: str,
    t: Translator,
    accessible_name: str = "",
    target: bool = False,
) -> str:
    """Average emotion per shared stage: the compared journey as bars, this one as a line.

    Bands are as narrow as a bar, and the stage names slant above them, so that a
    journey's stages fit a phone's width. `accessible_name` is what a screen reader
    says of the chart (the numbers it draws); by default the chart's caption. With
    `target` (a future state compared with today) the line is the target.
    """
    if not stages:
        return ""
    names = [f"{n}. {title}" for n, title in enumerate(stages, start=1)]
    lengths = [text_width(name, _FONT) for name in names]
    centres = [_LEFT + _COMPARED * (i + 0.5) for i in range(len(stages))]
    # The names rise from above their band to the right: the last ones set the width.
    width = max(
        _LEFT + _COMPARED * len(stages) + _RIGHT,
        *(centre + length * _COS + _RIGHT for centre, length in zip(centres, lengths, strict=True)),
    )
    names_height = max(lengths) * _SIN + _FONT
    shift = names_height - (_PLOT_TOP - 18) + 6  # the plot below the names
    label = t("Comparison")
    figure, svg = _chart(label, width, shift + _y(SCORE_MIN) + 12, "cjm-comparison")
    svg.set("aria-label", plain(accessible_name) or f"{label}. {t(COMPARISON_CAPTION)}")
    for name, centre in zip(names, centres, strict=True):
        x, y = centre - 6, names_height
        element(
            svg,
            "text",
            name,
            class_="cjm-chart__stage",
            x=f"{x:.1f}",
            y=f"{y:.1f}",
            font_weight="bold",
            transform=f"rotate(-{_SLANT} {x:.1f} {y:.1f})",
        )
    plot = element(svg, "g", transform=f"translate(0 {shift:.1f})")
    bands = _stage_bands(plot, names, [_COMPARED] * len(stages), named=False)
    _score_axis(plot, width - _RIGHT, t("Average emotion"))
    bottom = _y(SCORE_MIN)
    now, then = (t("target"), t("today")) if target else (t("this journey"), before_title)
    line: list[tuple[float, float, str]] = []
    for (left, band), title, old, new in zip(bands, stages, before, after, strict=True):
        centre = left + band / 2
        bar = element(
            plot,
            "rect",
            class_="cjm-chart__bar",
            x=centre - _BAR / 2,
            y=_y(old),
            width=_BAR,
            height=max(0.0, bottom - _y(old)),
            fill="#b0bec5",
        )
        bar.set("data-value", value_text(round(old, 2)))
        element(bar, "title", f"{title}: {then} {t.number(old)}")
        line.append((centre, new, f"{title}: {now} {t.number(new)}"))
    _line(plot, line)
    _comparison_caption(figure, before_title, t, target)
    return to_html(figure)


def _comparison_caption(
    figure: etree.Element, before_title: str, t: Translator, target: bool
) -> None:
    """What the chart shows and its legend, once: the bars are the compared journey, named
    by its title as written (a title such as "… (today)" needs no word added), the line is
    this journey, marked as the target in a future state."""
    caption = element(figure, "figcaption", t(COMPARISON_CAPTION), class_="cjm-chart__caption")
    caption.text = f"{caption.text} "
    element(caption, "strong", f"{t('Bars')}:").tail = f" {plain(before_title)} · "
    element(caption, "strong", f"{t('Line')}:").tail = f" {t('this journey')}" + " " * target
    if target:
        element(caption, "span", t("target"), class_="cjm-target")
