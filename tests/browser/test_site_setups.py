"""The handbook in the setups sites teams already run (#27), in Chromium: static-i18n's
language switcher on generated pages leads to the same page in the other language;
print-site's page and Material's instant navigation draw every diagram with either
Mermaid setup, and no page asks another host for anything."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from bs4 import BeautifulSoup
from conftest import (
    SAFE_FENCE_SETUP,
    OfflineContext,
    copy_docs_with_mermaid,
    mermaid_site_config,
    write_mkdocs_yml,
)
from sitebuild import MINIMAL_MAPS, mkdocs_build_strict, write_project

I18N_SITE = """\
site_name: Languages
theme:
  name: material
  font: false
markdown_extensions:
  - attr_list
plugins:
  - search
  - cjm
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
        - locale: da
          name: Dansk
"""


@pytest.fixture(scope="module")
def i18n_url(tmp_path_factory: pytest.TempPathFactory, serve_dir: Callable[[Path], str]) -> str:
    """The minimal maps in English and Danish (static-i18n, suffix structure)."""
    root = tmp_path_factory.mktemp("i18n")
    config = write_project(root, MINIMAL_MAPS, I18N_SITE)
    (root / "docs" / "index.da.md").write_text("# Hjem\n", encoding="utf-8")
    site = root / "site"
    mkdocs_build_strict(config, site)
    return serve_dir(site)


@pytest.mark.parametrize(
    ("start", "language", "target"),
    [
        ("journeys/trip/awareness/#step-1", "Dansk", "da/journeys/trip/awareness/"),
        ("da/personas/nina/", "English", "personas/nina/"),
    ],
)
def test_the_language_switcher_leads_to_the_same_page(
    offline_context: OfflineContext, i18n_url: str, start: str, language: str, target: str
) -> None:
    offline_context.reset()
    page = offline_context.page
    page.goto(i18n_url + start)
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name=language).click()
    page.wait_for_url(i18n_url + target)
    assert page.locator("article h1").count() == 1
    assert offline_context.external == []


# --- print-site and navigation.instant, with either Mermaid setup ------------------------

MERMAID_SETUPS = (SAFE_FENCE_SETUP, "material")


def build_setup(workdir: Path, setup: str, *, instant: bool, print_site: bool) -> Path:
    """A Material site of the minimal maps, Mermaid published with it (`setup`), with
    `navigation.instant` and/or mkdocs-print-site-plugin (listed last, as it asks)."""
    theme: dict[str, Any] = {"name": "material", "font": False}
    if instant:
        theme["features"] = ["navigation.instant"]
    home = workdir / "home"
    home.mkdir()
    (home / "index.md").write_text("# Home\n", encoding="utf-8")
    base = {
        "site_name": "Setups",
        "docs_dir": str(copy_docs_with_mermaid(home, workdir / "docs")),
        "theme": theme,
        "plugins": ["search", {"cjm": {"maps_dir": str(MINIMAL_MAPS)}}],
        "markdown_extensions": ["attr_list"],
    }
    config = mermaid_site_config(base, setup)
    if print_site:
        config["plugins"] = [*config["plugins"], "print-site"]
    config_file = write_mkdocs_yml(workdir / "mkdocs.yml", config)
    site = workdir / "site"
    mkdocs_build_strict(config_file, site)
    return site


class BuiltSetup(NamedTuple):
    site: Path
    url: str

    def diagrams(self, page: str) -> int:
        """How many Mermaid blocks the built page has."""
        html = (self.site / page / "index.html").read_text(encoding="utf-8")
        return len(BeautifulSoup(html, "html.parser").select(".mermaid"))


@pytest.fixture(scope="module")
def built_setup(
    tmp_path_factory: pytest.TempPathFactory, serve_dir: Callable[[Path], str]
) -> Callable[[str, bool, bool], BuiltSetup]:
    """The minimal site built with a Mermaid setup, instant and print-site; served."""
    built: dict[tuple[str, bool, bool], BuiltSetup] = {}

    def build(setup: str, instant: bool, print_site: bool) -> BuiltSetup:
        key = (setup, instant, print_site)
        if key not in built:
            workdir = tmp_path_factory.mktemp(f"{setup}-{instant}-{print_site}")
            site = build_setup(workdir, setup, instant=instant, print_site=print_site)
            built[key] = BuiltSetup(site, serve_dir(site))
        return built[key]

    return build


def drawn(context: OfflineContext) -> int:
    """How many diagrams Mermaid has drawn on the page, once it is done."""
    context.wait_for_diagrams(timeout=20)
    return int(
        context.page.evaluate(
            """() => Array.from(document.querySelectorAll('.mermaid'))
                .filter((block) => (block.shadowRoot || block).querySelector('svg')).length"""
        )
    )


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_print_site_draws_every_diagram(
    offline_context: OfflineContext,
    built_setup: Callable[[str, bool, bool], BuiltSetup],
    setup: str,
) -> None:
    offline_context.reset()
    site = built_setup(setup, False, True)
    offline_context.page.goto(site.url + "print_page/")
    # The minimal handbook: one diagram on each journey's page (2) and one on each of
    # their stage pages (3).
    expected = site.diagrams("print_page")
    assert expected >= 5
    assert drawn(offline_context) == expected
    assert offline_context.external == []
    assert offline_context.mermaid_errors() == []


CLICK_LINK = """(href) => {
  const link = Object.assign(document.createElement('a'), {href});
  document.querySelector('article').append(link);
  link.click();
}"""


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_instant_navigation_draws_every_diagram(
    offline_context: OfflineContext,
    built_setup: Callable[[str, bool, bool], BuiltSetup],
    setup: str,
) -> None:
    offline_context.reset()
    page = offline_context.page
    site = built_setup(setup, True, False)
    page.goto(site.url)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    shown = []
    for target in ("journeys/trip/", "journeys/trip/awareness/", "journeys/visit/"):
        # A link as a reader clicks it: Material fetches the page instead of loading it.
        page.evaluate(CLICK_LINK, site.url + target)
        page.wait_for_url(site.url + target)
        shown.append((target, site.diagrams(target), drawn(offline_context)))
    # Instant navigation: the pages came by fetch, with no new document.
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert all(expected >= 1 and count == expected for _, expected, count in shown), shown
    assert offline_context.external == []
    assert all(url.startswith(site.url) for url in requests), requests
    assert offline_context.mermaid_errors() == []
