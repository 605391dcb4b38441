"""Attribution and observed flow as a reader sees them in Chromium, on a desktop and a phone.

The site is tests/fixtures/paths (a journey `sofa` with path files), built once. On both
screens: the page never scrolls sideways (the tables and the flow diagram scroll inside
their own boxes), the boxes are on screen with a size, their text reads as the model says,
each bar is as long as its share, and no chart text is under 11 px.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import VIEWPORTS, build_handbook_site
from sitebuild import SETTINGS, TESTS, BuiltSite

from mkdocs_cjm.handbook.attribution import MODELS
from mkdocs_cjm.handbook.resolve import build_handbook
from mkdocs_cjm.i18n import translator

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PATHS = TESTS / "fixtures" / "paths"
HANDBOOK = build_handbook(PATHS / "maps", PATHS, SETTINGS)
ATTRIBUTION = HANDBOOK.paths["sofa"].latest.attribution


def build_paths_site(workdir: Path) -> Path:
    docs = workdir / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Paths\n", encoding="utf-8")
    return build_handbook_site(
        workdir, "mermaid2", site_name="cjm paths", docs=docs, maps=PATHS / "maps"
    )


@pytest.fixture(scope="module")
def paths_url(serve_dir: Callable[[Path], str], built_site: BuiltSite) -> str:
    return serve_dir(built_site("paths", build_paths_site))


# Geometry of the page and of the parts the path files add, in CSS pixels.
MEASURE_JS = """
() => {
  const box = (sel) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return {left: r.left + scrollX, right: r.right + scrollX, width: r.width,
            height: r.height, visible: getComputedStyle(e).visibility === 'visible'};
  };
  const fonts = Array.from(document.querySelectorAll('.cjm-flow__chart svg text'), (t) =>
    t.getBoundingClientRect().height > 0 ? parseFloat(getComputedStyle(t).fontSize)
      * t.ownerSVGElement.getBoundingClientRect().width
      / t.ownerSVGElement.viewBox.baseVal.width : 99);
  return {
    page: document.documentElement.scrollWidth,
    window: document.documentElement.clientWidth,
    attribution: box('.cjm-attribution .cjm-chart__scroll'),
    attributionTable: box('table.cjm-attribution__table'),
    flow: box('.cjm-flow__chart .cjm-chart__scroll'),
    flowSvg: box('.cjm-flow__chart svg'),
    moves: box('table.cjm-flow__moves'),
    smallestFont: Math.min(...fonts),
    bars: Array.from(document.querySelectorAll('td.cjm-attribution__cell'), (td) => {
      const track = td.querySelector('.cjm-attribution__track').getBoundingClientRect();
      const fill = td.querySelector('.cjm-attribution__fill');
      return [td.parentElement.dataset.touchpoint, td.dataset.model,
              td.querySelector('.cjm-attribution__value').textContent,
              fill.getBoundingClientRect().width / track.width, track.width];
    }),
  };
}
"""


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_the_journey_page_fits_the_screen_and_draws_to_scale(
    browser: Browser, paths_url: str, screen: str
) -> None:
    width, height = VIEWPORTS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(paths_url + "journeys/sofa/")
        seen = page.evaluate(MEASURE_JS)
    finally:
        context.close()
    assert seen["page"] <= seen["window"], "the page scrolls sideways"
    for part in ("attribution", "flow", "flowSvg", "moves"):
        box = seen[part]
        assert box is not None and box["visible"], part
        assert box["width"] > 100 and box["height"] > 50, (part, box)
    for part in ("attribution", "flow"):
        # The scrolling boxes stay inside the window; what is wider scrolls inside them.
        assert seen[part]["left"] >= 0 and seen[part]["right"] <= seen["window"], part
    assert seen["smallestFont"] >= 11 - 0.01
    t = translator("en")
    assert len(seen["bars"]) == len(ATTRIBUTION.touchpoints) * len(MODELS)
    for touchpoint, model, value, drawn, track in seen["bars"]:
        share = ATTRIBUTION.credit(touchpoint, model).share
        assert value == t.percent(share)
        assert track > 30, "a bar too short to read"
        assert drawn == pytest.approx(share, abs=0.02), (touchpoint, model)


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_the_touchpoint_page_fits_the_screen(browser: Browser, paths_url: str, screen: str) -> None:
    width, height = VIEWPORTS[screen]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(paths_url + "touchpoints/instagram/")
        heading = page.locator("#share-of-conversions")
        assert heading.is_visible()
        table = page.locator("#share-of-conversions ~ * table").first
        assert table.is_visible()
        cells = table.locator("tbody td").all_inner_texts()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    finally:
        context.close()
    t = translator("en")
    shares = [t.percent(ATTRIBUTION.credit("instagram", m).share) for m in MODELS]
    assert [c.strip() for c in cells] == ["Buying a sofa, as walked", "2026-Q3", *shares]
    assert overflow <= 0
