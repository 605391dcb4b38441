"""The charts of the insight views, as a reader sees them in Chromium, offline.

* The impact/effort grid (``opportunities/``): one cell per (impact, effort)
  pair, so equal scores are one mark with a count, on a synthetic handbook of
  hundreds of opportunities; each count links to its opportunities' rows, and
  names them on focus.
* The emotion curve and the comparison: ticks at the whole scores only, a
  marker per step (or stage) at its value, the stages named over their steps.
* The funnel: a bar per row, as wide as the share of customers it shows, and
  every column headed.
* At 390 px (a phone) and 1440 px: no chart text under 11 px, and no page
  that scrolls sideways; a wide chart scrolls inside its own box.

The charts are the plugin's own SVG and HTML (``render/charts/svg.py``), not Mermaid, so
one build of each handbook serves every test; expected numbers come from the
model (``build_handbook``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from benchmarks.synth import write_handbook
from conftest import OfflineContext, build_handbook_site
from sitebuild import BuiltSite, build_example, example_handbook

from mkdocs_cjm.handbook.resolve import Handbook, build_handbook

EXAMPLE = example_handbook()
DASH = "\u2013"  # EN DASH, of ranges: O1-O4, Impact 4-5
SYNTH_JOURNEYS = 8

# What a chart's SVG draws, in SVG units: stage names, step keys and ticks with
# their positions, the markers with their values and tooltips, the bars.
READ_CHART_JS = """
(css) => Array.from(document.querySelectorAll(`figure.${css} svg`), (svg) => {
  const num = (e, a) => parseFloat(e.getAttribute(a));
  const all = (sel) => Array.from(svg.querySelectorAll(sel));
  return {
    stages: all('text.cjm-chart__stage').map((t) => t.textContent),
    bands: all('rect.cjm-chart__band').map((r) => [num(r, 'x'), num(r, 'width')]),
    keys: all('text.cjm-chart__key').map((t) => [t.textContent, num(t, 'x')]),
    ticks: all('text.cjm-chart__tick').map((t) => [t.textContent, num(t, 'y')]),
    markers: all('circle.cjm-chart__marker').map((c) =>
      [num(c, 'cx'), num(c, 'cy'), c.dataset.value, c.querySelector('title').textContent]),
    bars: all('rect.cjm-chart__bar').map((r) => [num(r, 'x') + num(r, 'width') / 2,
                                                   num(r, 'y'), r.dataset.value]),
  };
})
"""

# Every cell of the impact/effort grid with its scores, count, keys and link target.
READ_GRID_JS = """
() => Array.from(document.querySelectorAll('.cjm-matrix td.cjm-matrix__cell'), (td) => {
  const a = td.querySelector('a');
  return {
    impact: +td.dataset.impact, effort: +td.dataset.effort,
    count: a ? +a.querySelector('.cjm-matrix__count').textContent : 0,
    keys: a ? a.querySelector('.cjm-matrix__keys').textContent : '',
    href: a ? a.getAttribute('href') : null,
    tip: a ? Array.from(a.querySelectorAll('.cjm-matrix__title'), (s) => s.textContent) : [],
    row: td.parentElement.rowIndex, column: td.cellIndex,
  };
})
"""

# The ranked opportunities: each row's id (on its rank cell), rank, impact and effort.
RANKED_JS = """
() => {
  const h = Array.from(document.querySelectorAll('article h2')).find(
    (e) => e.textContent.replace('¶', '').trim() === 'Opportunities');
  let el = h.nextElementSibling;
  while (el && !el.querySelector('table') && !el.matches('table')) el = el.nextElementSibling;
  const table = el.matches('table') ? el : el.querySelector('table');
  const header = Array.from(table.tHead.rows[0].cells, (c) => c.innerText.trim());
  return Array.from(table.tBodies[0].rows, (r) => {
    const cells = Object.fromEntries(
      header.map((name, i) => [name, r.cells[i].innerText.trim()]));
    return {id: r.cells[0].id, rank: cells['#'],
            impact: +cells['Impact'], effort: +cells['Effort'], title: cells['Opportunity']};
  });
}
"""

# Every text of the charts with its rendered size in CSS pixels: SVG text by its
# font size times the scale the SVG is drawn at, HTML text by its computed size.
TEXT_SIZES_JS = """
() => {
  const sizes = [];
  for (const svg of document.querySelectorAll('.cjm-chart svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const t of svg.querySelectorAll('text')) {
      sizes.push([t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]);
    }
  }
  const html = document.querySelectorAll(
    '.cjm-matrix :is(th, span, strong, li), .cjm-funnel :is(th, td, span)');
  for (const e of html) {
    if (e.offsetParent === null || !e.textContent.trim()) continue;
    if (e.closest('.cjm-matrix__tip')) continue;  // shown on hover and focus only
    sizes.push([e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize)]);
  }
  return sizes;
}
"""

# Whether the page scrolls sideways; the charts' boxes against the viewport (and
# whether they scroll inside); the right edge of the grid's and the funnel's cells.
OVERFLOW_JS = """
() => ({
  page: document.documentElement.scrollWidth - window.innerWidth,
  boxes: Array.from(
    document.querySelectorAll('.cjm-chart__scroll'),
    (e) => [e.className, e.getBoundingClientRect().right, e.scrollWidth > e.clientWidth,
            getComputedStyle(e).overflowX]),
  cells: Math.max(0, ...Array.from(
    document.querySelectorAll('.cjm-matrix :is(th, td), .cjm-funnel :is(th, td)'),
    (e) => e.getBoundingClientRect().right)),
})
"""


def synthetic_project(root: Path) -> Path:
    """A synthetic handbook (tests/benchmarks/synth.py), deterministic from its seed."""
    write_handbook(root, SYNTH_JOURNEYS)
    return root


def build_synthetic(workdir: Path) -> Path:
    project = synthetic_project(workdir / "project")
    return build_handbook_site(
        workdir,
        "mermaid2",
        site_name="cjm synthetic",
        docs=project / "docs",
        maps=project / "maps",
        cjm={"stale": "info"},
    )


@pytest.fixture(scope="module")
def site_url(serve_dir: Callable[[Path], str], built_site: BuiltSite) -> Callable[[str], str]:
    """Factory: the base URL of the "example" or "synthetic" site (built once a session)."""

    def get(site: str) -> str:
        build = build_example if site == "example" else build_synthetic
        return serve_dir(built_site(site, build))

    return get


def open_page(context: OfflineContext, url: str, width: int = 1440) -> Any:
    context.reset()
    page = context.page
    page.set_viewport_size({"width": width, "height": 900 if width > 1000 else 844})
    page.goto(url)
    page.wait_for_load_state("load")
    return page


# --- the impact/effort grid ------------------------------------------------------------


def test_equal_scores_are_one_cell_with_their_count_on_a_synthetic_handbook(
    site_url: Callable[[str], str], offline_context: OfflineContext, tmp_path: Path
) -> None:
    handbook = build_handbook(synthetic_project(tmp_path) / "maps", tmp_path)
    scores = Counter(
        (o.impact, o.effort)
        for j in handbook.journeys.values()
        for s in j.stages
        for step in s.steps
        for o in step.opportunities
    )
    assert sum(scores.values()) > 100 and max(scores.values()) > 5  # crowded cells
    page = open_page(offline_context, site_url("synthetic") + "opportunities/")
    cells = page.evaluate(READ_GRID_JS)
    # 5 by 5, impact 5 on top, effort 1 on the left: each pair once.
    assert sorted((c["impact"], c["effort"]) for c in cells) == [
        (i, e) for i in range(1, 6) for e in range(1, 6)
    ]
    for cell in cells:
        assert cell["row"] == 6 - cell["impact"] and cell["column"] == cell["effort"]
    assert {(c["impact"], c["effort"]): c["count"] for c in cells if c["count"]} == dict(scores)

    ranked = page.evaluate(RANKED_JS)
    assert sum(c["count"] for c in cells) == len(ranked)
    by_id = {r["id"]: index for index, r in enumerate(ranked)}
    for cell in cells:
        if not cell["count"]:
            continue
        # The count links to the first of its rows; the rest follow it.
        first = by_id[cell["href"].removeprefix("#")]
        rows = ranked[first : first + cell["count"]]
        assert {(r["impact"], r["effort"]) for r in rows} == {(cell["impact"], cell["effort"])}
        assert cell["keys"].split(DASH)[0] == rows[0]["rank"]
        assert cell["keys"].split(DASH)[-1] == rows[-1]["rank"]
        # The tip names them, by key and title, in rank order.
        shown = cell["tip"][: min(6, cell["count"])]
        assert shown == [
            f"{r['rank']} {r['title']}"[: len(s)] for r, s in zip(rows, shown, strict=False)
        ]


def test_a_count_leads_to_its_rows_and_names_them_on_focus(
    site_url: Callable[[str], str], offline_context: OfflineContext
) -> None:
    page = open_page(offline_context, site_url("example") + "opportunities/")
    cells = {(c["impact"], c["effort"]): c for c in page.evaluate(READ_GRID_JS)}
    # The example: O1-O4 have impact 3 and effort 1, all four in one cell.
    assert cells[3, 1]["count"] == 4 and cells[3, 1]["keys"] == f"O1{DASH}O4"
    link = page.locator('.cjm-matrix td[data-impact="3"][data-effort="1"] a')
    tip = link.locator(".cjm-matrix__tip")
    assert tip.bounding_box()["width"] <= 1  # type: ignore[index]
    link.focus()
    box = tip.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 40
    assert "O1 " in tip.inner_text()
    # The link's name says what the cell is, for a screen reader too.
    name = link.evaluate("(a) => a.textContent")
    assert name.startswith(f"4 O1{DASH}O4 Impact 3 · Effort 1 O1 ")
    link.click()
    page.wait_for_function("() => location.hash === '#opportunity-1'")
    row = page.locator("#opportunity-1").bounding_box()
    assert row is not None and 0 <= row["y"] < 900
    # The four regions are named in the legend, with the scores they span.
    legend = page.locator(".cjm-matrix__legend li").all_inner_texts()
    high, low = f"4{DASH}5", f"1{DASH}2"
    assert legend == [
        f"Quick wins: Impact {high}, Effort {low}",
        f"Major projects: Impact {high}, Effort {high}",
        f"Fill-ins: Impact {low}, Effort {low}",
        f"Thankless tasks: Impact {low}, Effort {high}",
    ]


# --- comparison ---------------------------------------------------------


def to_score(chart: dict[str, Any], y: float) -> float:
    """An SVG y position as a score, read from the tick labels."""
    ticks = {float(text): position for text, position in chart["ticks"]}
    (v0, y0), (v1, y1) = min(ticks.items()), max(ticks.items())
    # Tick labels sit 4 units below their grid line (their baseline).
    return round(v0 + (y + 4 - y0) * (v1 - v0) / (y1 - y0), 2)


def test_comparison_bars_and_line_per_shared_stage(
    site_url: Callable[[str], str], offline_context: OfflineContext
) -> None:
    after = EXAMPLE.journeys["sofa-purchase-2027"]
    before = EXAMPLE.journeys[after.compares or ""]
    page = open_page(offline_context, site_url("example") + "journeys/sofa-purchase-2027/")
    [chart] = page.evaluate(READ_CHART_JS, "cjm-comparison")
    assert [text for text, _ in chart["ticks"]] == ["1", "2", "3", "4", "5"]

    def averages(handbook: Handbook, journey_id: str) -> dict[str, float]:
        journey = handbook.journeys[journey_id]
        return {s.stage: sum(x.emotion for x in s.steps) / len(s.steps) for s in journey.stages}

    old, new = averages(EXAMPLE, before.id), averages(EXAMPLE, after.id)
    shared = [s.stage for s in after.stages if s.stage in old]
    titles = [EXAMPLE.stages[s].title for s in shared]
    assert chart["stages"] == [f"{n}. {t}" for n, t in enumerate(titles, start=1)]
    assert [to_score(chart, y) for _, y, _ in chart["bars"]] == pytest.approx(
        [old[s] for s in shared], abs=0.02
    )
    assert [to_score(chart, y) for _, y, _, _ in chart["markers"]] == pytest.approx(
        [new[s] for s in shared], abs=0.02
    )
    assert [x for x, _, _ in chart["bars"]] == [x for x, _, _, _ in chart["markers"]]


# --- funnel -----------------------------------------------------------------------------------


def test_funnel_bars_are_as_wide_as_the_share_they_show(
    site_url: Callable[[str], str], offline_context: OfflineContext
) -> None:
    page = open_page(offline_context, site_url("example") + "journeys/sofa-purchase-today/")
    funnel = page.evaluate(
        """() => {
          const table = document.querySelector('.cjm-funnel table');
          return {
            header: Array.from(table.tHead.rows[0].cells, (c) => c.innerText.trim()),
            rows: Array.from(table.tBodies[0].rows, (r) => {
              const track = r.querySelector('.cjm-funnel__track').getBoundingClientRect();
              const fill = r.querySelector('.cjm-funnel__fill').getBoundingClientRect();
              return {value: r.querySelector('.cjm-funnel__value').innerText,
                      share: fill.width / track.width, left: fill.left - track.left,
                      colour: getComputedStyle(r.querySelector('.cjm-funnel__fill')).fill,
                      cells: r.cells.length};
            }),
            primary: getComputedStyle(document.body)
              .getPropertyValue('--md-primary-fg-color').trim(),
          };
        }"""
    )
    # Every column has a header; the numbers are text, the bars are drawn.
    assert funnel["header"] == ["#", "Step", "Drop-off", "Remaining"]
    assert all(r["cells"] == 4 for r in funnel["rows"])
    values = [float(r["value"].removesuffix("%")) / 100 for r in funnel["rows"]]
    assert values[0] == 1 and values[-1] == pytest.approx(0.072)
    for row, value in zip(funnel["rows"], values, strict=True):
        assert row["share"] == pytest.approx(value, abs=0.01) and row["left"] == 0
    # In the theme's primary colour (the example's palette, extra.css: #00796b).
    assert funnel["primary"].lower() == "#00796b"
    assert funnel["rows"][0]["colour"] == "rgb(0, 121, 107)"


# --- legible on a phone, no sideways page ----------------------------------------------------

PAGES = ["journeys/sofa-purchase-today/", "journeys/sofa-purchase-2027/", "opportunities/"]


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("url", PAGES)
def test_chart_text_is_legible_and_the_page_never_scrolls_sideways(
    url: str, width: int, site_url: Callable[[str], str], offline_context: OfflineContext
) -> None:
    page = open_page(offline_context, site_url("example") + url, width)
    sizes = page.evaluate(TEXT_SIZES_JS)
    assert len(sizes) > 20
    small = [(text, round(size, 1)) for text, size in sizes if size < 11]
    assert small == [], f"{url} at {width}px: text under 11 px"
    overflow = page.evaluate(OVERFLOW_JS)
    for name, right, scrolls, overflow_x in overflow["boxes"]:
        assert right <= width, f"{name} ends at {right} of {width}px"
        # A chart wider than its column scrolls inside its own box.
        assert not scrolls or overflow_x == "auto", name
    # The grid and the funnel fit: no column a reader has to scroll to.
    assert overflow["cells"] <= width
    assert overflow["page"] <= 0, f"{url} scrolls sideways at {width}px"
    if width == 390 and page.locator(".cjm-comparison").count():
        # The comparison's names slant over narrow bands: every stage is in view (#24).
        comparison = page.locator(".cjm-comparison .cjm-chart__scroll")
        assert comparison.evaluate("(e) => e.scrollWidth <= e.clientWidth")
