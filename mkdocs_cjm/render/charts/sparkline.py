"""A journey's emotion curve as a small sparkline (`.cjm-sparkline`): an inline SVG a row
of a table can hold, on the journeys index, a persona's page and a parent journey's page.

One point per step in journey order, on the emotion scale (1 at the bottom, 5 at the
top), the neutral 3 dashed, the lowest point marked. It says in words what it draws
(`role="img"` and its `aria-label`), so a screen reader reads the numbers; the label
is plain text, escaped by `to_html` like every chart's.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Sequence

from ...domain import SCORE_MAX, SCORE_MIN
from .elements import element, to_html

WIDTH = 96  # px at most: a table cell's width
HEIGHT = 24  # px
_STEP = 8  # px between two points of a short journey
_PAD = 3  # px around the curve, so that a marker on the edge shows whole


def _y(emotion: float) -> float:
    inner = HEIGHT - 2 * _PAD
    return _PAD + (SCORE_MAX - emotion) / (SCORE_MAX - SCORE_MIN) * inner


def sparkline(emotions: Sequence[int], label: str) -> str:
    """The emotion curve of `emotions` (one per step) as an accessible inline SVG; `label`
    is what a screen reader says of it (the numbers). "" without any step."""
    svg = sparkline_element(emotions, label)
    return "" if svg is None else to_html(svg)


def sparkline_element(emotions: Sequence[int], label: str) -> etree.Element | None:
    """The sparkline as an element, for a table that holds it (`render/portfolio.py`)."""
    if not emotions:
        return None
    count = len(emotions)
    # A short journey keeps its points close; a long one is squeezed into the width.
    width = min(WIDTH, 2 * _PAD + max(1, count - 1) * _STEP)
    gap = (width - 2 * _PAD) / max(1, count - 1)
    xs = [_PAD + i * gap if count > 1 else width / 2 for i in range(count)]
    svg = element(
        None,
        "svg",
        class_="cjm-sparkline",
        width=round(width),
        height=HEIGHT,
        viewBox=f"0 0 {round(width)} {HEIGHT}",
        role="img",
        aria_label=label,
        focusable="false",
    )
    svg.set("data-points", " ".join(str(e) for e in emotions))
    element(svg, "title", label)
    element(
        svg,
        "line",
        class_="cjm-sparkline__neutral",
        x1=0,
        x2=round(width),
        y1=_y(3),
        y2=_y(3),
        stroke="#9e9e9e",
        stroke_width=1,
        stroke_dasharray="2 2",
    )
    if count > 1:
        element(
            svg,
            "polyline",
            class_="cjm-sparkline__line",
            points=" ".join(f"{x:.1f},{_y(e):.1f}" for x, e in zip(xs, emotions, strict=True)),
            fill="none",
            stroke="#00897b",
            stroke_width=1.5,
        )
    low = min(range(count), key=lambda i: emotions[i])
    element(
        svg,
        "circle",
        class_="cjm-sparkline__low",
        cx=xs[low],
        cy=_y(emotions[low]),
        r=2.5,
        fill="#d32f2f",
    )
    return svg
