"""axe-core 4 finds no serious or critical violation in any generated page of the example.

The example handbook (the repo's own mkdocs.yml) is built with the real
``mkdocs build --strict`` and every page the plugin generates is opened in
Chromium, one after the other in one browser context, with axe-core from
``node_modules`` (pinned in package.json) served by the test server.  axe
runs on the page's content (``article``): the theme's header, search,
navigation and footer are Material's own markup, not the plugin's (Material's
search dialog has no name, and with ``navigation.indexes`` a section's nav
landmark is labelled by an empty toggle: both the theme's, not the plugin's).

Contrast is checked in both schemes of the example's palette: after the full
run in the light scheme, the page switches to the dark one (``slate``) and
axe checks colour contrast and links in text again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from conftest import generated_page_urls
from test_path_views import build_paths_site

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from playwright.sync_api import Browser, Page
    from sitebuild import BuiltSite

URLS = generated_page_urls()
BLOCKING = ("serious", "critical")
CONTRAST_RULES = ["color-contrast", "link-in-text-block"]

# Material animates colours (125 ms); switching the scheme must not catch a colour mid-way.
NO_TRANSITIONS = "*, *::before, *::after { transition: none !important; }"

RUN_AXE_JS = """
async ([rules]) => {
  const options = {resultTypes: ['violations']};
  if (rules) options.runOnly = {type: 'rule', values: rules};
  const result = await axe.run({include: [['article']]}, options);
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + n.failureSummary),
  }));
}
"""


@pytest.fixture(scope="module")
def axe_page(browser: Browser, example_site_url: str) -> Iterator[Page]:
    """One context, one page, for every generated page in turn."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def blocking(violations: list[dict[str, Any]]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"])
        for v in violations
        if v["impact"] in BLOCKING
    ]


def test_every_generated_page_has_no_serious_violation(
    axe_page: Page, example_site_url: str, axe_url: str
) -> None:
    assert len(URLS) > 50  # every journey, stage, persona, touchpoint and index page
    found: dict[str, list[str]] = {}
    for url in URLS:
        axe_page.goto(example_site_url + url)
        axe_page.add_script_tag(url=axe_url)
        axe_page.add_style_tag(content=NO_TRANSITIONS)
        problems = blocking(axe_page.evaluate(RUN_AXE_JS, [None]))
        axe_page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        dark = blocking(axe_page.evaluate(RUN_AXE_JS, [CONTRAST_RULES]))
        problems += [f"dark scheme: {p}" for p in dark]
        if problems:
            found[url] = problems
    report = "\n".join(f"{url}:\n  " + "\n  ".join(p) for url, p in found.items())
    assert found == {}, report


def test_the_dark_scheme_is_really_dark(axe_page: Page, example_site_url: str) -> None:
    # The contrast check above means something only if the switch took effect.
    axe_page.goto(example_site_url + "personas/")
    axe_page.add_style_tag(content=NO_TRANSITIONS)
    light = axe_page.evaluate("getComputedStyle(document.body).backgroundColor")
    axe_page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = axe_page.evaluate("getComputedStyle(document.body).backgroundColor")
    link = axe_page.evaluate("getComputedStyle(document.querySelector('article td a')).color")
    assert light == "rgb(255, 255, 255)"
    assert dark != light and link == "rgb(77, 182, 172)"  # teal 300, 6.6:1 on slate


RUN_AXE_ON_PATHS_JS = RUN_AXE_JS.replace("[['article']]", "[['article .cjm-paths']]")
PATH_PAGES = ("journeys/sofa/", "touchpoints/instagram/", "touchpoints/newsletter/")
"""The pages that show attribution and observed flow (tests/fixtures/paths, #25)."""


def test_the_path_pages_have_no_serious_violation(
    axe_page: Page, serve_dir: Callable[[Path], str], built_site: BuiltSite, axe_url: str
) -> None:
    url = serve_dir(built_site("paths", build_paths_site))
    found: dict[str, list[str]] = {}
    for uri in PATH_PAGES:
        axe_page.goto(url + uri)
        axe_page.add_script_tag(url=axe_url)
        axe_page.add_style_tag(content=NO_TRANSITIONS)
        problems = blocking(axe_page.evaluate(RUN_AXE_JS, [None]))
        # Dark: a journey page's parts of the path files only. This site keeps Material's
        # default indigo, whose dark scheme fails on the overview's keys; the example's
        # palette replaces it (the full run above checks the example in both schemes).
        axe_page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
        run = RUN_AXE_ON_PATHS_JS if uri.startswith("journeys/") else RUN_AXE_JS
        dark = axe_page.evaluate(run, [CONTRAST_RULES])
        problems += [f"dark: {p}" for p in blocking(dark)]
        if problems:
            found[uri] = problems
    assert found == {}, found
