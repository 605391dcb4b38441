"""The handbook as a whole in a real browser (#24), on a desktop (1440x900) and a phone
(390x844): the journeys index (portfolio and heat map), a persona card, a parent journey.

What the screenshots showed, measured: the page itself never scrolls sideways; the two
tables scroll in their own box on a phone while the journey column stays at the box's
left; every row has a drawn sparkline; a heat-map cell shows its number; the persona
card sets the quote larger than the text, its lists side by side on a desktop and one
under the other on a phone; the parent journey lists its sub-journey.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from conftest import VIEWPORTS
from sitebuild import example_handbook

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

EXAMPLE = example_handbook()


@pytest.fixture(params=sorted(VIEWPORTS), scope="module")
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[str, Page]]:
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        yield request.param, context.new_page()
    finally:
        context.close()


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


STICKY_JS = """
(selector) => {
  const box = document.querySelector(selector);
  const first = () => box.querySelector('tbody tr > :first-child').getBoundingClientRect().left;
  const before = first();
  box.scrollLeft = box.scrollWidth;
  const after = first();
  const result = {
    scrolls: box.scrollWidth > box.clientWidth,
    scrolled: box.scrollLeft,
    before, after, boxLeft: box.getBoundingClientRect().left,
  };
  box.scrollLeft = 0;
  return result;
}
"""


def test_journeys_index(screen: tuple[str, Page], example_site_url: str) -> None:
    name, page = screen
    page.goto(example_site_url + "journeys/")
    no_sideways_scroll(page)
    rows = page.locator(".cjm-portfolio tbody tr")
    assert rows.count() == len(EXAMPLE.journeys)
    sizes = page.eval_on_selector_all(
        ".cjm-portfolio svg.cjm-sparkline",
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])",
    )
    assert len(sizes) == len(EXAMPLE.journeys)
    assert all(w >= 10 and h >= 20 for w, h in sizes)
    # A sub-journey is indented under its parent.
    child = page.locator('.cjm-portfolio tr[data-journey="damaged-delivery-blueprint"] a').first
    parent = page.locator('.cjm-portfolio tr[data-journey="sofa-purchase-today"] a').first
    assert child.bounding_box()["x"] > parent.bounding_box()["x"] + 8  # type: ignore[index]
    # Heat map: every filled cell shows its number and has its colour.
    cells = page.eval_on_selector_all(
        ".cjm-heatmap td[data-value]",
        "els => els.map(e => [e.innerText.trim(), getComputedStyle(e).backgroundColor])",
    )
    assert cells and all(text and colour != "rgba(0, 0, 0, 0)" for text, colour in cells)
    for selector in (".cjm-portfolio", ".cjm-heatmap"):
        found = page.evaluate(STICKY_JS, selector)
        if name == "phone":
            assert found["scrolls"] and found["scrolled"] > 0
        if found["scrolled"]:  # the journey column stayed at the box's left edge
            assert abs(found["after"] - found["boxLeft"]) <= 2, found
    if name == "desktop":  # the portfolio fits a desktop without scrolling
        assert not page.evaluate(STICKY_JS, ".cjm-portfolio")["scrolls"]


def test_persona_card(screen: tuple[str, Page], example_site_url: str) -> None:
    name, page = screen
    page.goto(example_site_url + "personas/nina/")
    no_sideways_scroll(page)
    card = page.locator(".cjm-persona")
    assert card.locator(".cjm-persona__initial").inner_text() == "N"
    quote = page.eval_on_selector(
        ".cjm-persona__quote p", "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    text = page.eval_on_selector("article > p", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert quote > text * 1.2
    tops = page.eval_on_selector_all(
        ".cjm-persona__list", "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(tops) == 4
    if name == "desktop":
        assert len(set(tops[:3])) == 1  # goals, needs, motivations side by side
    else:
        assert tops == sorted(tops) and len(set(tops)) == 4  # one under the other
    heading = page.locator("#across-journeys")
    assert "Nina" in heading.inner_text()
    journeys = [j for j in EXAMPLE.journeys.values() if "nina" in j.personas]
    assert page.locator(".cjm-portfolio svg.cjm-sparkline").count() == len(journeys)


def test_parent_journey(screen: tuple[str, Page], example_site_url: str) -> None:
    _, page = screen
    page.goto(example_site_url + "journeys/sofa-purchase-today/")
    no_sideways_scroll(page)
    section = page.locator("#sub-journeys")
    assert section.is_visible()
    row = page.locator('.cjm-portfolio tr[data-journey="damaged-delivery-blueprint"]')
    assert row.count() == 1
    assert row.locator("svg.cjm-sparkline").bounding_box()["width"] > 10  # type: ignore[index]
    # The rolled-up pain points and opportunities are folded; opened, they show.
    page.locator(".cjm-rollup > summary").click()
    pains = page.locator('.cjm-rollup li[data-kind="pain"]')
    assert pains.count() >= 5 and pains.first.is_visible()
    no_sideways_scroll(page)
