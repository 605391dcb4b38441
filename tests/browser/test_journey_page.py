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
            re.sub(r"id: \S+", f"id: {stage}-{n}", step).replace(
                "emotion: ", f"emotion: {1 + (s * 5 + n) % 5}  # "
            )
            for n in range(5)
        )
        for s, stage in enumerate(stages)
    )
    text = head.replace("title: ", "title: Forty steps, ", 1) + "stages:\n" + body + "---\n" + tail
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
        "theme": {"name": "material", "font": False},
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
    page.wait_for_timeout(300)
    assert page.locator(".md-sidebar--primary .md-nav--primary").is_visible()
    assert page.locator(".md-sidebar--secondary .md-nav--secondary").is_visible()


def test_the_canvas_fills_a_phone_screen(site_url: Callable[[str], str], page: Any) -> None:
    open_page(page, site_url("plain") + SOFA, "phone")
    canvas = page.evaluate(BOX_JS, ".cjm-canvas")
    assert canvas["left"] >= 0
    assert canvas["right"] <= canvas["window"]
    assert canvas["width"] >= canvas["window"] - 40, canvas
    # The menu opens the navigation, as on any page of a phone.
    page.locator('label.md-header__button[for="__drawer"]').click()
    page.wait_for_timeout(400)
    assert page.locator(".md-sidebar--primary .md-nav--primary").is_visible()
