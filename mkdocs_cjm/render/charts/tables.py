"""The charts that are HTML tables: the funnel of a journey and the impact/effort grid.

Built as ElementTrees and written by `chartkit.to_html`, like the SVG charts of
`render/charts/svg.py`, which is where the renderer finds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ...domain import NEUTRAL, SCORES
from ...i18n import Translator
from .elements import element, to_html

# --- funnel ------------------------------------------------------------------------


@dataclass(frozen=True)
class FunnelRow:
    """One row of the funnel: a step's key and title, its drop-off and the share left after it."""

    key: str
    title: str
    drop_off: float | None  # None for the start of the journey
    remaining: float


def funnel_table(rows: Sequence[FunnelRow], t: Translator, target: bool = False) -> str:
    """The customers remaining after each step as a table with a bar per row.

    Every column has a header; the share is written as a number, the bar
    (hidden from screen readers, which read the number) draws it to scale.
    With `target` (a future state) the figures are targets, and their headers say so.
    """
    wrapper = element(None, "div", class_="cjm-funnel" + (" cjm-funnel--target" if target else ""))
    table = element(wrapper, "table")
    head = element(element(table, "thead"), "tr")
    for label in ("#", t("Step"), t("drop_off"), t("Remaining")):
        cell = element(head, "th", label, scope="col")
        if target and label in (t("drop_off"), t("Remaining")):
            cell.text = f"{label} "
            element(cell, "span", t("target"), class_="cjm-target")
    body = element(table, "tbody")
    for row in rows:
        tr = element(body, "tr")
        element(tr, "td", row.key)
        element(tr, "td", row.title)
        element(tr, "td", t.percent(row.drop_off) if row.drop_off is not None else "")
        cell = element(tr, "td", class_="cjm-funnel__remaining")
        element(cell, "span", t.percent(row.remaining), class_="cjm-funnel__value")
        bar = element(
            cell,
            "svg",
            class_="cjm-funnel__bar",
            width="100%",
            height=12,
            focusable="false",
            aria_hidden="true",
        )
        element(bar, "rect", class_="cjm-funnel__track", width="100%", height=12, fill="#e0e0e0")
        share = max(0.0, min(1.0, row.remaining))
        fill = element(
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
    """The region a cell belongs to; the middle row and column (`NEUTRAL`) belong to none."""
    if NEUTRAL in (impact, effort):
        return ""
    high, low_effort = impact > NEUTRAL, effort < NEUTRAL
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
    wrapper = element(None, "div", class_="cjm-matrix")
    table = element(wrapper, "table", class_="cjm-matrix__grid")
    table.set("aria-label", t("Impact and effort"))
    head = element(element(table, "thead"), "tr")
    corner = element(head, "th", scope="col", class_="cjm-matrix__corner")
    element(corner, "span", f"{t('Impact')} ↑", class_="cjm-matrix__axis")
    element(corner, "span", f"{t('Effort')} →", class_="cjm-matrix__axis")
    for effort in SCORES:
        element(head, "th", str(effort), scope="col")
    body = element(table, "tbody")
    for impact in reversed(SCORES):
        tr = element(body, "tr")
        element(tr, "th", str(impact), scope="row")
        for effort in SCORES:
            region = _quadrant(impact, effort)
            td = element(
                tr,
                "td",
                class_="cjm-matrix__cell" + (f" cjm-matrix__cell--{region}" if region else ""),
            )
            td.set("data-impact", str(impact))
            td.set("data-effort", str(effort))
            named = _NAMED_AT.get((impact, effort))
            if named:
                # Shown where the cells are wide enough; the legend names them everywhere.
                element(
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
            link = element(td, "a", class_="cjm-matrix__link", href=f"#{anchor(cell.ranks[0])}")
            # The link's name is its text: count, keys, scores and titles, one space apart.
            element(link, "span", str(len(cell.ranks)), class_="cjm-matrix__count").tail = " "
            element(link, "span", _ranges(cell.ranks, key), class_="cjm-matrix__keys").tail = " "
            tip = element(link, "span", class_="cjm-matrix__tip")
            where = f"{t('Impact')} {impact} · {t('Effort')} {effort}"
            element(tip, "span", where, class_="cjm-matrix__where").tail = " "
            titles = list(zip(cell.ranks, cell.titles, strict=True))
            for rank, title in titles[:_TIP_TITLES]:
                element(tip, "span", f"{key}{rank} {_short(title)}", class_="cjm-matrix__title")
                tip[-1].tail = " "
            if len(titles) > _TIP_TITLES:
                more = f"+ {len(titles) - _TIP_TITLES}"
                element(tip, "span", more, class_="cjm-matrix__more")
    legend = element(wrapper, "ul", class_="cjm-matrix__legend")
    for region, (impacts, efforts) in _REGIONS.items():
        item = element(legend, "li")
        element(
            item,
            "span",
            class_=f"cjm-matrix__swatch cjm-matrix__cell--{region}",
            aria_hidden="true",
        )
        element(item, "strong", t(_QUADRANT_LABELS[region]))
        item[-1].tail = f": {t('Impact')} {impacts}, {t('Effort')} {efforts}"
    return to_html(wrapper)
