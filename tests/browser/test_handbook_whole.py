"""What #24 adds across the handbook, as a reader sees it at 1440 and 390 px.

* A shared opportunity (`maps/opportunities/`) has its page, listing every step it
  addresses; the opportunities page ranks it once, with all its journeys and steps,
  and its filters find it under each of its journeys.
* A future-state journey marks its emotions, metrics and funnel as targets
  (`.cjm-target`, "target"), and its comparison chart shows every stage on a phone.
* A touchpoint page lists the pain points and opportunities at its steps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import OfflineContext
from sitebuild import example_handbook

from mkdocs_cjm.views.lists import touchpoint_items, touchpoint_usages

EXAMPLE = example_handbook()
WIDTHS = (1440, 390)


@pytest.fixture(scope="module")
def base(site_url: Callable[[str, str], str]) -> str:
    return site_url("example", "mermaid2")


def open_page(context: OfflineContext, url: str, width: int) -> Any:
    context.reset()
    page = context.page
    page.set_viewport_size({"width": width, "height": 900 if width > 1000 else 844})
    page.goto(url)
    page.wait_for_load_state("load")
    return page


def sideways(page: Any) -> int:
    """How far the page scrolls sideways (0: not at all)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


# Each table of the article after a heading with this text: its body rows' cell texts.
TABLE_AFTER_JS = """
(title) => {
  const h = Array.from(document.querySelectorAll('article h2')).find(
    (e) => e.textContent.replace('¶', '').trim() === title);
  if (!h) return null;
  let el = h.nextElementSibling;
  while (el && !el.matches('table') && !el.querySelector('table')) el = el.nextElementSibling;
  const table = el.matches('table') ? el : el.querySelector('table');
  return Array.from(table.tBodies[0].rows, (r) => Array.from(r.cells, (c) => c.innerText.trim()));
}
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_a_shared_opportunity_page_lists_every_step_it_addresses(
    base: str, offline_context: OfflineContext, width: int
) -> None:
    shared = EXAMPLE.opportunities["production-update"]
    places = EXAMPLE.opportunity_usage[shared.id]
    page = open_page(offline_context, base + "opportunities/production-update/", width)
    assert page.locator("article h1").inner_text().rstrip("¶").strip() == shared.title
    facts = page.locator("article ul").first.inner_text()
    assert "Impact: 4/5" in facts and "Status: Planned" in facts
    rows = page.evaluate(TABLE_AFTER_JS, "Addresses")
    assert [(r[0], r[2]) for r in rows] == [(u.journey.title, u.step.title) for u in places]
    assert len({u.journey.id for u in places}) == 2
    # Each step links to its stage page, where the step is.
    for link in page.locator("article table a[href*='#']").all():
        assert link.get_attribute("href").split("#")[1]
    assert sideways(page) <= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_opportunities_page_ranks_a_shared_opportunity_once(
    base: str, offline_context: OfflineContext, width: int
) -> None:
    page = open_page(offline_context, base + "opportunities/", width)
    rows = page.evaluate(TABLE_AFTER_JS, "Opportunities")
    titles = [r[1] for r in rows]
    for shared in EXAMPLE.opportunities.values():
        assert titles.count(shared.title) == 1, shared.title
    # Each shared opportunity's row names all its journeys and links to its page.
    [row] = [r for r in rows if r[1] == EXAMPLE.opportunities["care-qr-code"].title]
    assert "Buying a sofa online (today)" in row[6] and "(target 2027)" in row[6]
    assert page.locator("td a[href$='care-qr-code/']").count() == 1
    # The grid counts every ranked opportunity once.
    counts = page.locator(".cjm-matrix__count").all_inner_texts()
    assert sum(int(c) for c in counts) == len(rows)
    assert sideways(page) <= 0


def test_the_journey_filter_finds_a_shared_opportunity_under_each_journey(
    base: str, offline_context: OfflineContext
) -> None:
    page = open_page(offline_context, base + "opportunities/", 1440)
    select = page.locator("select[data-column='Journey']")
    options = select.locator("option").all_inner_texts()
    assert not any(" · " in o for o in options), "a shared row's journeys are separate values"
    title = EXAMPLE.opportunities["live-crew-position"].title
    for journey in ("Buying a sofa online (today)", "Buying a sofa online (target 2027)"):
        select.select_option(journey)
        shown = page.locator("tr:not([hidden])", has_text=title)
        assert shown.count() == 1, journey


@pytest.mark.parametrize("width", WIDTHS)
def test_a_future_state_marks_its_targets(
    base: str, offline_context: OfflineContext, width: int
) -> None:
    assert EXAMPLE.journeys["sofa-purchase-2027"].kind == "future-state"
    page = open_page(offline_context, base + "journeys/sofa-purchase-2027/", width)
    marks = page.locator("article .cjm-target")
    places = {
        "page": "article > p .cjm-target",
        "overview": ".cjm-overview__caption .cjm-target",
        "canvas emotion": ".cjm-canvas__lane--emotion th .cjm-target",
        "canvas metrics": ".cjm-canvas__lane--metrics th .cjm-target",
        "funnel": ".cjm-funnel th .cjm-target",
        "comparison": ".cjm-comparison figcaption .cjm-target",
    }
    for name, selector in places.items():
        mark = page.locator(selector).first
        assert mark.inner_text().strip().lower() == "target", name
        box = mark.bounding_box()
        assert box is not None and box["width"] > 10 and box["height"] > 8, name
    assert marks.count() >= len(places)
    headers = page.locator("article table th").all_inner_texts()
    assert "Average emotion (today → target)" in headers
    # A current state marks nothing.
    today = open_page(offline_context, base + "journeys/sofa-purchase-today/", width)
    assert today.locator("article .cjm-target").count() == 0


@pytest.mark.parametrize("width", WIDTHS)
def test_the_comparison_shows_every_stage_on_the_screen(
    base: str, offline_context: OfflineContext, width: int
) -> None:
    page = open_page(offline_context, base + "journeys/sofa-purchase-2027/", width)
    box = page.locator(".cjm-comparison .cjm-chart__scroll")
    assert box.evaluate("(e) => e.scrollWidth <= e.clientWidth"), "the chart scrolls"
    right = box.evaluate("(e) => e.getBoundingClientRect().right")
    stages = page.locator(".cjm-comparison text.cjm-chart__stage")
    assert stages.count() == 5
    for text in stages.all():
        rect = text.evaluate("(e) => e.getBoundingClientRect().toJSON()")
        assert rect["right"] <= right + 0.5 and rect["left"] >= 0, text.inner_html()
        size = text.evaluate("(e) => e.getBoundingClientRect().height")
        assert size >= 11
    assert sideways(page) <= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_a_stage_page_of_a_future_state_marks_emotions_and_figures(
    base: str, offline_context: OfflineContext, width: int
) -> None:
    page = open_page(offline_context, base + "journeys/sofa-purchase-2027/delivery/", width)
    steps = len(
        next(
            s for s in EXAMPLE.journeys["sofa-purchase-2027"].stages if s.stage == "delivery"
        ).steps
    )
    emotion_marks = page.locator("article p", has_text="Emotion:").locator(".cjm-target")
    assert emotion_marks.count() == steps
    assert sideways(page) <= 0


@pytest.mark.parametrize("width", WIDTHS)
def test_a_touchpoint_page_lists_the_pains_and_ideas_at_its_steps(
    base: str, offline_context: OfflineContext, width: int
) -> None:
    touchpoint = EXAMPLE.touchpoints["delivery-tracking-sms"]
    usages = touchpoint_usages(EXAMPLE, touchpoint, str.casefold)
    opportunities, pain_points = touchpoint_items(EXAMPLE, usages)
    assert opportunities and pain_points
    page = open_page(offline_context, base + "touchpoints/delivery-tracking-sms/", width)
    pains = page.evaluate(TABLE_AFTER_JS, "Pain points at its steps")
    assert [r[0] for r in pains] == [r.pain_point.text for r in pain_points]
    assert [int(r[1].split("/")[0]) for r in pains] == sorted(
        (r.pain_point.severity for r in pain_points), reverse=True
    )
    ideas = page.evaluate(TABLE_AFTER_JS, "Opportunities at its steps")
    assert [r[0] for r in ideas] == [r.opportunity.text for r in opportunities]
    # The shared ones link to their pages.
    shared = [r for r in opportunities if r.shared is not None]
    assert shared
    for r in shared:
        assert page.locator(f"article td a[href$='opportunities/{r.shared.id}/']").count() == 1
    assert sideways(page) <= 0
