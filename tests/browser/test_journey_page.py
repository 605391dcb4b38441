"""The journey page as a reader sees it (#23): the map in the window's width, the insight
first, the whole journey at a glance, a page read in a few screens.

Three sites: the example as shipped; its maps on plain Material (default palette,
Material's own Mermaid), and a synthetic handbook (`tests/benchmarks/synth.py`) of
journeys of 15 to 42 steps, one of them 40 steps long, on plain Material. Measured
at a desktop (1440 x 900) and a phone (390 x 844): the canvas's box, what is inside
the window, the page's height in screens, the order of the sections.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from benchmarks.synth import write_handbook
from conftest import (
    REPO_ROOT,
    VIEWPORTS,
    OfflineContext,
    build_with_mermaid,
    copy_docs_with_mermaid,
)
from sitebuild import BuiltSite, build_example

SOFA = "journeys/sofa-purchase-today/"  # 16 steps
BLUEPRINT = "journeys/damaged-delivery-blueprint/"
SOFA_STAGE = "journeys/sofa-purchase-today/purchase/"
FORTY = "journeys/journey-forty/"  # the synthetic handbook's 40-step journey
SYNTH_JOURNEYS = 8


def _forty_steps(maps: Path) -> None:
    """A journey of 40 steps: a synthetic journey's steps repeated, 8 stages of 5."""
    source = (maps / "journeys" / "journey-0000.md").read_text(encoding="utf-8")
    head, rest = source.split("stages:\n", 1)
    steps, tail = rest.split("\n---\n", 1)
    step = "      - title:" + steps.split("      - title:")[1].rstrip("\n") + "\n"
    stages = ["awareness", "consideration", "purchase", "delivery", "assembly", "use"]
    stages += ["support", "retention"]
    body = "".join(
        f"  - stage: {stage}\n    steps:\n"
        + "".join(
            # Its own id, and its own idea (the same text twice is one to share).
            re.sub(
                r"\(\d+, [a-z]+-\d+\)",
                f"({stage}-{n})",
                re.sub(r"id: \S+", f"id: {stage}-{n}", step),
            ).replace("emotion: ", f"emotion: {1 + (s * 5 + n) % 5}  # ")
            for n in range(5)
        )
        for s, stage in enumerate(stages)
    )
    head = re.sub(r"(?m)^title: .*$", 'title: "Forty steps"', head)
    text = head + "stages:\n" + body + "---\n" + tail
    (maps / "journeys" / "journey-forty.md").write_text(text, encoding="utf-8")


def build(site: str, workdir: Path) -> Path:
    """The example as shipped, its maps on plain Material, or a synthetic handbook."""
    if site == "example":
        return build_example(workdir)
    docs = workdir / "docs"
    maps = REPO_ROOT / "maps"
    if site == "synth":
        write_handbook(workdir / "synth", SYNTH_JOURNEYS, seed=7, data_rows=SYNTH_JOURNEYS * 60)
        maps = workdir / "synth" / "maps"
        _forty_steps(maps)
    docs.mkdir()
    (docs / "index.md").write_text("# Handbook\n", encoding="utf-8")
    config = {
        "site_name": f"cjm {site}",
        "docs_dir": str(copy_docs_with_mermaid(docs, workdir / "site-docs")),
        # Material's default palette, its light and dark scheme (the toggle loads both).
        "theme": {
            "name": "material",
            "font": False,
            "palette": [
                {"scheme": "default", "toggle": {"icon": "material/brightness-7", "name": "Dark"}},
                {"scheme": "slate", "toggle": {"icon": "material/brightness-4", "name": "Light"}},
            ],
        },
        "plugins": ["search", {"cjm": {"maps_dir": str(maps)}}],
    }
    return build_with_mermaid(config, "material", workdir)


@pytest.fixture(scope="module")
def site_url(serve_dir: Callable[[Path], str], built_site: BuiltSite) -> Callable[[str], str]:
    """Factory: the base URL of a site (built once a session, on first use)."""

    def get(site: str) -> str:
        name = "example" if site == "example" else f"journey-page-{site}"
        return serve_dir(built_site(name, functools.partial(build, site)))

    return get


@pytest.fixture
def page(offline_context: OfflineContext) -> Iterator[Any]:
    """The module's browser page, set back to the desktop size after each test."""
    offline_context.reset()
    yield offline_context.page
    offline_context.page.set_viewport_size({"width": 1440, "height": 900})
    assert offline_context.page_errors == []
    assert offline_context.external == []


def open_page(page: Any, url: str, viewport: str) -> None:
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    page.wait_for_selector(".cjm-canvas")


BOX_JS = """
(selector) => {
  const element = document.querySelector(selector);
  if (!element) return null;
  const box = element.getBoundingClientRect();
  return {left: box.left, right: box.right, width: box.width, height: box.height,
          top: box.top + window.scrollY, window: window.innerWidth};
}
"""


# --- 1. full width ------------------------------------------------------------------------


@pytest.mark.parametrize("site", ["example", "plain"])
@pytest.mark.parametrize("url", [SOFA, BLUEPRINT, SOFA_STAGE])
def test_the_canvas_takes_the_window_width_on_a_desktop(
    site_url: Callable[[str], str], page: Any, site: str, url: str
) -> None:
    open_page(page, site_url(site) + url, "desktop")
    canvas = page.evaluate(BOX_JS, ".cjm-canvas")
    assert canvas["width"] >= 1150, canvas
    # Material's sidebars make room, and the header's menu button opens them.
    assert not page.locator(".md-sidebar--primary").is_visible()
    menu = page.locator('label.md-header__button[for="__drawer"]')
    assert menu.is_visible()
    menu.click()
    # (Waits for them to show, up to 2 s, instead of a fixed 300 ms.)
    page.locator(".md-sidebar--primary .md-nav--primary").wait_for(timeout=2_000)
    page.locator(".md-sidebar--secondary .md-nav--secondary").wait_for(timeout=2_000)


def test_the_canvas_fills_a_phone_screen(site_url: Callable[[str], str], page: Any) -> None:
    open_page(page, site_url("plain") + SOFA, "phone")
    canvas = page.evaluate(BOX_JS, ".cjm-canvas")
    assert canvas["left"] >= 0
    assert canvas["right"] <= canvas["window"]
    assert canvas["width"] >= canvas["window"] - 40, canvas
    # The menu opens the navigation, as on any page of a phone.
    page.locator('label.md-header__button[for="__drawer"]').click()
    page.locator(".md-sidebar--primary .md-nav--primary").wait_for(timeout=2_000)


# --- 2. the summary first -----------------------------------------------------------------


@pytest.mark.parametrize("site", ["example", "plain"])
@pytest.mark.parametrize("url", [SOFA, BLUEPRINT])
def test_the_summary_follows_the_scenario_on_the_first_screen(
    site_url: Callable[[str], str], page: Any, site: str, url: str
) -> None:
    open_page(page, site_url(site) + url, "desktop")
    summary = page.evaluate(BOX_JS, ".cjm-summary")
    assert summary is not None
    assert summary["top"] < 900 - 100, summary  # it starts on the first screen
    order = page.evaluate(
        """() => {
      const scenario = [...document.querySelectorAll('article h2')]
        .find((h) => h.textContent.startsWith('Scenario'));
      const after = (a, b) => a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING;
      const summary = document.querySelector('.cjm-summary');
      const overview = document.querySelector('.cjm-overview');
      const canvas = document.querySelector('.cjm-canvas');
      return [!!after(scenario, summary), !!after(summary, overview), !!after(overview, canvas)];
    }"""
    )
    assert order == [True, True, True]
    text = page.inner_text(".cjm-summary")
    for part in ("Lowest moments", "Biggest drop-off", "Headline figures", "Evidence"):
        assert part in text
    moments = page.locator(".cjm-summary__moments > li")
    assert 2 <= moments.count() <= 3


def test_the_summary_names_the_lowest_moments_and_the_drop_off(
    site_url: Callable[[str], str], page: Any
) -> None:
    open_page(page, site_url("example") + SOFA, "desktop")
    first = page.inner_text(".cjm-summary__moments > li:first-child")
    # The lowest step of the sofa journey, its worst pain point and best opportunity.
    assert "2/5" in first and "Pain point:" in first and "Opportunity:" in first
    drop_off = page.inner_text(".cjm-summary__drop-off")
    assert "62%" in drop_off and "2026-Q3" in drop_off and "GA4" in drop_off


# --- 3. the overview ----------------------------------------------------------------------


OVERVIEW_JS = """
() => {
  const overview = document.querySelector('.cjm-overview');
  const steps = [...overview.querySelectorAll('[data-step]')];
  const boxes = steps.map((s) => s.getBoundingClientRect());
  const canvasKeys = [...document.querySelectorAll('.cjm-canvas th[scope=col] .cjm-canvas__key')]
    .map((k) => k.textContent);
  return {
    box: overview.getBoundingClientRect().toJSON(),
    keys: steps.map((s) => s.dataset.step),
    canvasKeys,
    inside: boxes.every((b) => b.left >= 0 && b.right <= innerWidth + 0.5 && b.width > 0),
    links: steps.map((s) => s.querySelector('a').getAttribute('href')),
    low: overview.querySelectorAll('.cjm-overview__step--low').length,
    marks: overview.querySelectorAll('.cjm-overview__pain, .cjm-overview__opportunity').length,
    region: overview.getAttribute('role'), name: overview.getAttribute('aria-labelledby'),
    window: [innerWidth, innerHeight],
  };
}
"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(("site", "url", "steps"), [("synth", FORTY, 40), ("plain", SOFA, 16)])
def test_the_overview_shows_every_step_within_the_window(
    site_url: Callable[[str], str], page: Any, site: str, url: str, steps: int, viewport: str
) -> None:
    open_page(page, site_url(site) + url, viewport)
    found = page.evaluate(OVERVIEW_JS)
    assert len(found["keys"]) == steps
    assert found["keys"] == found["canvasKeys"]  # one key for a step, canvas and overview
    assert found["inside"], found["box"]
    screens = found["box"]["height"] / found["window"][1]
    assert screens <= (1 if viewport == "desktop" else 2), screens
    assert found["low"] == 3 and found["marks"] > steps
    assert found["region"] == "region" and page.locator(f"#{found['name']}").count() == 1
    # Each step leads to its column of the canvas.
    assert found["links"][0] == "#cjm-step-1-1"
    assert page.locator("#cjm-step-1-1").count() == 1


def test_an_overview_step_shows_its_title_on_focus_and_leads_to_its_column(
    site_url: Callable[[str], str], page: Any
) -> None:
    open_page(page, site_url("plain") + SOFA, "desktop")
    step = page.locator('.cjm-overview [data-step="3.2"] a')
    tip = step.locator(".cjm-overview__title")
    assert tip.bounding_box() is None or tip.bounding_box()["width"] <= 1
    step.focus()
    box = tip.bounding_box()
    assert box is not None and box["width"] > 50
    assert "Sees the delivery price" in tip.inner_text()
    step.press("Enter")
    page.wait_for_timeout(300)
    column = page.evaluate(BOX_JS, "#cjm-step-3-2")
    canvas = page.evaluate(BOX_JS, ".cjm-canvas")
    assert canvas["left"] <= column["left"] and column["right"] <= canvas["right"] + 1
    assert 0 <= column["top"] - page.evaluate("scrollY") < 900


# --- 4. a page read in a few screens ------------------------------------------------------

SCREENS = {"desktop": 6, "phone": 10}
HEIGHT_JS = "() => document.documentElement.scrollHeight / window.innerHeight"
SYNTH_URLS = [f"journeys/journey-{n:04d}/" for n in range(SYNTH_JOURNEYS)] + [FORTY]


def _diagram_height(context: OfflineContext) -> float:
    assert context.wait_for_diagrams(30), context.mermaid_errors()
    return float(
        context.page.evaluate(
            "() => { const b = document.querySelector('.mermaid');"
            " return ((b.shadowRoot || b).querySelector('svg')).getBoundingClientRect().height; }"
        )
    )


# Sections that count apart from the few screens, each with its own ceiling (in screens):
# (first element, the element after it) -> {viewport: ceiling}.
APART = {
    # The sub-journeys (#24.5, the damaged delivery), folded down to a row each and a summary.
    ("sub-journeys", "journey-canvas"): {"desktop": 0.6, "phone": 0.6},
    # Attribution and observed flow of the path files (#25.2, #25.3): a table, a chart and its
    # table of moves, the most walked paths. Only journeys with path files have them.
    ("attribution", "journey-diagram"): {"desktop": 2.6, "phone": 4.0},
    # The git history of the map, up to 5 rows (read_history's per_file): it grows with the
    # repository's commits, not with the map.
    ("recent-changes", "cjm-source"): {"desktop": 0.6, "phone": 1.2},
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_sofa_journey_reads_in_a_few_screens(
    site_url: Callable[[str], str], offline_context: OfflineContext, page: Any, viewport: str
) -> None:
    open_page(page, site_url("example") + SOFA, viewport)
    # Its journey diagram is drawn at a size to read (not shrunk to the column).
    assert _diagram_height(offline_context) >= 300
    apart = {pair: page.evaluate(SPAN_JS, list(pair)) for pair in APART}
    for pair, screens in apart.items():
        assert 0 < screens <= APART[pair][viewport], (pair, screens)
    assert page.evaluate(HEIGHT_JS) - sum(apart.values()) <= SCREENS[viewport], apart


SPAN_JS = """([first, next]) => {
  const top = (name) => (document.getElementById(name)
    || document.querySelector('.' + name)).getBoundingClientRect().top;
  return (top(next) - top(first)) / window.innerHeight;
}"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_synthetic_journey_reads_in_a_few_screens(
    site_url: Callable[[str], str], offline_context: OfflineContext, page: Any, viewport: str
) -> None:
    base = site_url("synth")
    heights = {}
    for url in SYNTH_URLS:
        open_page(page, base + url, viewport)
        assert page.locator(".cjm-overview [data-step]").count() >= 15
        assert _diagram_height(offline_context) >= 300
        heights[url] = page.evaluate(HEIGHT_JS)
    assert max(heights.values()) <= SCREENS[viewport], heights


# --- 7. accessible on a plain Material site -----------------------------------------------

AXE_JS = """
async () => {
  const result = await axe.run({include: [['article']]}, {resultTypes: ['violations']});
  return result.violations.filter((v) => ['serious', 'critical'].includes(v.impact))
    .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
}
"""


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("url", [SOFA, BLUEPRINT, SOFA_STAGE, "journeys/", "personas/nina/"])
def test_axe_finds_nothing_serious_with_materials_default_palette(
    site_url: Callable[[str], str], page: Any, url: str, scheme: str, axe_url: str
) -> None:
    page.goto(site_url("plain") + url)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    page.add_script_tag(url=axe_url)
    assert page.evaluate(AXE_JS) == []


# --- 6. evidence: how strong -------------------------------------------------------------


def test_the_canvas_shows_how_strong_the_evidence_is(
    site_url: Callable[[str], str], page: Any
) -> None:
    open_page(page, site_url("example") + SOFA, "desktop")
    badges = page.locator(".cjm-canvas .cjm-canvas__level").all_inner_texts()
    assert badges.count("observed") == 3 and badges.count("reported") == 2
    evidence = page.inner_text(".cjm-summary__evidence")
    assert "Observed evidence: 18.8% (3 / 16" in evidence
