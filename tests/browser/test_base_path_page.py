"""A generated page under `base_path: cx` (#27.5), in Chromium at a laptop's and a phone's
size: the plugin's stylesheet and script load from cx/, Mermaid draws the diagrams, and
no request of the page fails or leaves the site."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import VIEWPORTS, OfflineContext, build_handbook_site
from sitebuild import MINIMAL_MAPS

SHOTS = Path("/tmp/basepath-shots")
PAGE = "cx/journeys/trip/"


@pytest.fixture(scope="module")
def cx_url(tmp_path_factory: pytest.TempPathFactory, serve_dir: Callable[[Path], str]) -> str:
    """The minimal maps under cx/ of a site with a hand-written home page, mermaid2 offline."""
    workdir = tmp_path_factory.mktemp("base-path")
    docs = workdir / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n[The journeys](cx/journeys/index.md)\n", "utf-8")
    site = build_handbook_site(
        workdir,
        "mermaid2",
        site_name="Big site",
        docs=docs,
        maps=MINIMAL_MAPS,
        cjm={"base_path": "cx"},
        markdown_extensions=["attr_list"],
    )
    return serve_dir(site)


LOADED = """() => {
  const sheet = [...document.styleSheets].find((s) => (s.href || "").endsWith("/cjm.css"));
  const header = document.querySelector(".cjm-canvas__lane-header");
  const script = [...document.scripts].find((s) => (s.src || "").endsWith("/cjm-filters.js"));
  return {
    sheet: sheet ? new URL(sheet.href).pathname : null,
    rules: sheet ? sheet.cssRules.length : 0,
    script: script ? new URL(script.src).pathname : null,
    laneHeader: header ? getComputedStyle(header).position : null,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  };
}"""


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_a_generated_page_under_the_path_loads_and_draws(
    offline_context: OfflineContext, cx_url: str, viewport: str
) -> None:
    offline_context.reset()
    page = offline_context.page
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    failed: list[str] = []

    def on_response(response: Any) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    try:
        page.goto(cx_url + PAGE)
        assert offline_context.wait_for_diagrams(), offline_context.mermaid_errors()
        drawn = page.locator("article .mermaid svg")
        assert drawn.count() >= 1
        assert drawn.first.bounding_box()["height"] > 50  # type: ignore[index]
        loaded = page.evaluate(LOADED)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"journey-{viewport}.png"))
        drawn.first.screenshot(path=str(SHOTS / f"diagram-{viewport}.png"))
    finally:
        page.remove_listener("response", on_response)
    assert loaded["sheet"] == "/cx/assets/stylesheets/cjm.css"
    assert loaded["rules"] > 50
    assert loaded["script"] == "/cx/assets/javascripts/cjm-filters.js"
    assert loaded["laneHeader"] == "sticky"  # the canvas's lane names stay in view: cjm.css
    assert loaded["overflow"] <= 0  # the canvas scrolls in its own box, not the page
    # Failed requests of other hosts are the offline context's: none may be made.
    assert [entry for entry in failed if "127.0.0.1" in entry] == []
    assert offline_context.external == []
    assert offline_context.page_errors == []


def test_the_home_page_links_into_the_handbook(
    offline_context: OfflineContext, cx_url: str
) -> None:
    offline_context.reset()
    page = offline_context.page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(cx_url)
    page.locator("article").get_by_role("link", name="The journeys").click()
    page.wait_for_url(cx_url + "cx/journeys/")
    assert page.locator("article h1").inner_text().strip() != ""
    page.locator("article").get_by_role("link", name="Buying a sofa online").first.click()
    page.wait_for_url(cx_url + PAGE)
    assert offline_context.external == []
