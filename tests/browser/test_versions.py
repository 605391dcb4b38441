"""What a reader sees of the published versions: Material's version selector
and the outdated-version banner of overrides/main.html, in Chromium.

The gh-pages branch comes from the same deploys as tests/site/test_publish.py (the
publish workflow's own commands against a local bare repository, see
tests/publishing.py); its checkout is served on 127.0.0.1 as GitHub Pages
serves the branch. Material builds the selector from ``/versions.json`` and
shows the banner on every version that is not ``extra.version.default``
(``latest``): an older release, and ``dev``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import OfflineContext
from publishing import BANNER, NEW_TITLE, OLD_TITLE, publish_example_once
from sitebuild import BuiltSite

OUTDATED = "[data-md-component=outdated]"


@pytest.fixture(scope="module")
def pages_url(
    tmp_path_factory: pytest.TempPathFactory,
    serve_dir: Callable[[Path], str],
    built_site: BuiltSite,
) -> str:
    """Base URL of a checkout of the published gh-pages branch."""
    root = tmp_path_factory.mktemp("versions")
    published = publish_example_once(built_site)
    pages = root / "gh-pages"
    published.git.run(
        "git", "clone", "-q", "-b", "gh-pages", str(published.remote), str(pages), cwd=root
    )
    assert (pages / "latest").is_symlink()  # mike's alias, served as the release it names
    return serve_dir(pages)


def visit(context: OfflineContext, url: str, *, banner: bool) -> None:
    """Open `url` and wait until Material has drawn the selector and decided on the banner."""
    page = context.page
    page.goto(url)
    page.wait_for_selector(".md-version__current", state="attached")
    if banner:
        page.wait_for_selector(OUTDATED, state="visible", timeout=5000)
    else:
        page.wait_for_timeout(500)  # time enough to (wrongly) show it
        assert not page.locator(OUTDATED).is_visible(), url


@pytest.mark.parametrize(
    ("path", "title", "current", "banner"),
    [
        ("2026.10/journeys/trip/", OLD_TITLE, "2026.10", True),
        ("dev/journeys/trip/", NEW_TITLE, "dev (unreleased)", True),
        ("latest/journeys/trip/", NEW_TITLE, "2026.11", False),
        ("2026.11/journeys/trip/", NEW_TITLE, "2026.11", False),
    ],
)
def test_the_banner_shows_off_latest_and_the_selector_everywhere(
    offline_context: OfflineContext,
    pages_url: str,
    path: str,
    title: str,
    current: str,
    banner: bool,
) -> None:
    offline_context.reset()
    visit(offline_context, pages_url + path, banner=banner)
    page = offline_context.page
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == title
    shown = page.locator(".md-version__current")
    assert shown.inner_text().startswith(current)
    if current == "2026.11":  # `extra.version.alias: true` names the alias beside it
        assert shown.locator(".md-version__alias").inner_text() == "latest"
    selector = page.locator(".md-version").inner_text()
    for name in ("2026.10", "2026.10.1", "2026.11", "dev (unreleased)", "latest"):
        assert name in selector
    if banner:
        assert BANNER in page.locator(OUTDATED).inner_text()
    assert offline_context.external == []
    assert offline_context.page_errors == []


def test_the_root_and_the_banner_link_lead_to_latest(
    offline_context: OfflineContext, pages_url: str
) -> None:
    offline_context.reset()
    page = offline_context.page
    page.goto(pages_url)
    page.wait_for_url(pages_url + "latest/")
    visit(offline_context, pages_url + "2026.10/journeys/trip/", banner=True)
    page.locator(f"{OUTDATED} a").click()
    page.wait_for_url(pages_url + "latest/")
    assert offline_context.external == []


def test_the_selector_switches_to_the_same_page_of_another_version(
    offline_context: OfflineContext, pages_url: str
) -> None:
    offline_context.reset()
    page = offline_context.page
    visit(offline_context, pages_url + "latest/journeys/trip/", banner=False)
    page.locator(".md-version").hover()
    page.locator(".md-version__link", has_text=re.compile(r"^\s*2026\.10\s*$")).click()
    # Material looks the page up in the other version's sitemap and stays on it.
    page.wait_for_url(pages_url + "2026.10/journeys/trip/")
    page.wait_for_selector(OUTDATED, state="visible", timeout=5000)
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == OLD_TITLE
