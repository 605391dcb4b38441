"""What `mkdocs-cjm generate` writes, built by Zensical and by plain MkDocs, in a browser
(#13): the diagrams are drawn with the Mermaid published with the site, the opportunity
filters work, the site name leads to a home page, and nothing comes from another host."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import OfflineContext
from sitebuild import MINIMAL_MAPS, mkdocs_build, run_tool

ENGINES = ("zensical", "mkdocs")


@pytest.fixture(scope="module")
def engine_url(
    tmp_path_factory: pytest.TempPathFactory,
    serve_dir: Callable[[Path], str],
    mermaid_js: Path,
) -> Callable[[str], str]:
    """The base URL of the generated project of the minimal maps, built by an engine."""
    project = tmp_path_factory.mktemp("engines")
    shutil.copytree(MINIMAL_MAPS, project / "maps")
    visit = project / "maps" / "journeys" / "visit.md"
    visit.write_text(
        visit.read_text("utf-8").replace(
            "        emotion: 5\n", "        emotion: 5\n        pain_points: [Few sofas to try]\n"
        ),
        "utf-8",
    )
    (project / "node_modules" / "mermaid" / "dist").mkdir(parents=True)
    shutil.copyfile(mermaid_js, project / "node_modules" / "mermaid" / "dist" / "mermaid.min.js")
    (project / "mkdocs.yml").write_text("site_name: Engines\nplugins:\n  - cjm\n", "utf-8")
    generated = run_tool("mkdocs-cjm", "generate", "--out", "out", cwd=project)
    assert generated.returncode == 0, generated.stderr
    out = project / "out"
    urls: dict[str, str] = {}

    def url(engine: str) -> str:
        if engine not in urls:
            site = out / f"site-{engine}"
            if engine == "zensical":
                config = out / "zensical.yml"
                config.write_text(
                    (out / "mkdocs.yml").read_text("utf-8") + f"site_dir: {site.name}\n", "utf-8"
                )
                result = run_tool("zensical", "build", "--strict", "-f", str(config), cwd=out)
                assert result.returncode == 0, result.stdout + result.stderr
            else:
                result = mkdocs_build(out / "mkdocs.yml", site)
                assert result.returncode == 0, result.stderr
            urls[engine] = serve_dir(site)
        return urls[engine]

    return url


@pytest.mark.parametrize("engine", ENGINES)
def test_diagrams_filters_and_home_work_offline(
    engine: str, engine_url: Callable[[str], str], offline_context: OfflineContext
) -> None:
    context, page = offline_context, offline_context.page
    context.reset()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(engine_url(engine) + "journeys/trip/")
    assert context.wait_for_diagrams(), context.mermaid_errors()
    roles = page.evaluate(
        "() => Array.from(document.querySelectorAll('.mermaid'), (b) =>"
        " (b.shadowRoot || b).querySelector('svg').getAttribute('aria-roledescription'))"
    )
    assert roles and roles[0] == "journey"  # then the emotion curve (xychart)
    # The site name leads to a home page that links to the indexes.
    page.click("a.md-header__button.md-logo")
    page.wait_for_load_state()
    links = page.locator("article li a").all_inner_texts()
    assert links[:2] == ["Journeys", "Personas"]
    page.goto(engine_url(engine) + "opportunities/")
    page.wait_for_function("() => document.querySelectorAll('#cjm-filters select').length === 3")
    rows = page.locator("article table:not(.cjm-matrix__grid) tbody tr")  # not the 5x5 grid
    shown_before = sum(row.is_visible() for row in rows.all())
    page.locator('#cjm-filters select[data-column="Journey"]').select_option(
        label="Buying a sofa in the store"
    )
    shown_after = sum(row.is_visible() for row in rows.all())
    assert (shown_before, shown_after) == (4, 1)
    assert context.external == [], context.external
    assert context.page_errors == [], context.page_errors


@pytest.mark.parametrize("engine", ENGINES)
def test_canvas_and_charts_are_drawn(
    engine: str, engine_url: Callable[[str], str], offline_context: OfflineContext
) -> None:
    """The journey canvas and the charts, styled by the plugin's stylesheet (#27.6)."""
    context, page = offline_context, offline_context.page
    context.reset()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(engine_url(engine) + "journeys/trip/")
    canvas = page.locator(".cjm-canvas").first
    assert canvas.is_visible()
    # cjm.css is applied: the canvas scrolls sideways in its own box.
    assert canvas.evaluate("(box) => getComputedStyle(box).overflowX") == "auto"
    assert page.locator(".cjm-canvas__lane-header").count() > 5
    # The overview (every step, its emotion) and the funnel are the journey page's charts.
    for chart in (".cjm-overview", ".cjm-funnel__bar"):
        box = page.locator(chart).first.bounding_box()
        assert box is not None and box["width"] > 50 and box["height"] > 5, chart
    assert page.locator(".cjm-overview [data-step]").count() == 2  # trip's two steps
    assert context.external == [], context.external
    assert context.page_errors == [], context.page_errors
