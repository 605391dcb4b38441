"""The guide's page on path files (docs/guide/paths.md), as a reader sees it.

The example handbook is built with the real ``mkdocs build --strict``; the page must
be in the navigation, fit a phone without scrolling the page sideways (its wide
tables scroll inside themselves, as Material lays out every table), and show the five
models and the warning that attribution is no proof of cause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SCREENS = ((1440, 900), (390, 844))


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_paths_guide_reads_on_desktop_and_phone(
    browser: Browser, example_site_url: str, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{example_site_url.rstrip('/')}/guide/paths/")
        assert page.locator("h1").inner_text().startswith("Customer paths")
        # Reached from the navigation, not only by its address (its own link is "./").
        assert page.locator("nav.md-nav--primary a").filter(has_text="Customer paths").count()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        models = page.locator("table").filter(has_text="removal effect").locator("tbody tr")
        assert [models.nth(i).locator("td").first.inner_text() for i in range(5)] == [
            "first",
            "last",
            "linear",
            "position",
            "markov",
        ]
        assert "does not show that a touchpoint caused" in " ".join(
            page.locator("article").inner_text().split()
        )
    finally:
        context.close()
