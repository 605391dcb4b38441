"""Figures from data files and evidence that ages, as a reader sees them in Chromium.

The example handbook (its own mkdocs.yml, built with ``mkdocs build --strict``)
has a quarterly funnel export and a survey in ``maps/data/``. On a desktop
(1440x900) and a phone (390x844): the stage page shows each measured step's
latest value, its change and its trend as text, with the source; the journey
page names the period of its funnel and the journey's NPS; old evidence is
marked; no page scrolls sideways (a wide table scrolls inside its own box); and
axe-core finds no serious or critical violation in the generated content.
"""

from __future__ import annotations

import datetime

import pytest
from conftest import VIEWPORTS, OfflineContext
from sitebuild import TODAY  # the build's day: evidence ages from it

PURCHASE = "journeys/sofa-purchase-today/purchase/"
DELIVERY = "journeys/sofa-purchase-today/delivery/"
CONSIDERATION = "journeys/sofa-purchase-today/consideration/"
JOURNEY = "journeys/sofa-purchase-today/"

# The rows of the figures tables under a step heading (by its id), as cell texts.
FIGURE_ROWS_JS = """
(id) => {
  const heading = document.getElementById(id);
  let el = heading.nextElementSibling;
  while (el && el.tagName !== 'H2') {
    const table = el.querySelector('table') || (el.tagName === 'TABLE' ? el : null);
    if (table && table.querySelector('th') && table.querySelector('th').textContent === 'Metric') {
      return Array.from(table.querySelectorAll('tbody tr'),
        (tr) => Array.from(tr.cells, (td) => td.innerText.trim()));
    }
    el = el.nextElementSibling;
  }
  return null;
}
"""

WIDTHS_JS = """
() => ({
  page: document.documentElement.scrollWidth,
  viewport: document.documentElement.clientWidth,
})
"""


def _open(context: OfflineContext, url: str, viewport: tuple[int, int]) -> None:
    context.reset()
    page = context.page
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(url)
    page.wait_for_load_state("load")
    assert context.external == [] and context.page_errors == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_stage_page_shows_latest_change_trend_and_source(
    offline_context: OfflineContext, example_site_url: str, viewport: str
) -> None:
    _open(offline_context, example_site_url + PURCHASE, VIEWPORTS[viewport])
    page = offline_context.page
    rows = page.evaluate(FIGURE_ROWS_JS, "delivery-price")
    assert rows == [
        [
            "Drop-off",
            "29% (2026-Q3)",
            "▼ -2 pts since 2026-Q2",
            "▇█▄▁ 33% → 34% → 31% → 29%",  # no space to break inside a value
            "GA4 funnel export · maps/data/sofa-funnel-ga4.csv",
        ]
    ]
    # The bars are decoration: hidden from screen readers, which read the values.
    hidden = page.locator("#delivery-price ~ div table .cjm-sparkline").first
    assert hidden.get_attribute("aria-hidden") == "true"
    survey = page.evaluate(FIGURE_ROWS_JS, "pays")
    assert survey[0][:4] == ["CSAT", "4.6 (2026-Q3)", "", ""]
    assert survey[0][4].startswith("Post-delivery survey (Qualtrics)")
    assert ["Payment failure rate", "1.8%", "", "", "this map"] in survey
    widths = page.evaluate(WIDTHS_JS)
    assert widths["page"] <= widths["viewport"], f"the page scrolls sideways: {widths}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_falling_score_reads_as_text(
    offline_context: OfflineContext, example_site_url: str, viewport: str
) -> None:
    _open(offline_context, example_site_url + DELIVERY, VIEWPORTS[viewport])
    rows = offline_context.page.evaluate(FIGURE_ROWS_JS, "delivery-sms")
    [row] = [r for r in rows if r[0] == "CSAT"]
    assert row[:3] == ["CSAT", "2.8 (2026-Q3)", "▼ -0.2 since 2026-Q2"]
    assert row[3].endswith("3.1 → 3.0 → 2.8")  # as the survey export wrote them
    widths = offline_context.page.evaluate(WIDTHS_JS)
    assert widths["page"] <= widths["viewport"], f"the page scrolls sideways: {widths}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_journey_page_names_its_funnel_period_and_its_figures(
    offline_context: OfflineContext, example_site_url: str, viewport: str
) -> None:
    _open(offline_context, example_site_url + JOURNEY, VIEWPORTS[viewport])
    page = offline_context.page
    text = page.locator("article").inner_text()
    assert "Evidence coverage: 75% (12 / 16 steps with evidence dated in the last 365 days)" in text
    assert "Observed evidence: 18.8% (3 / 16 steps rest on evidence seen in behaviour)" in text
    assert "From data: 2026-Q3 · GA4 funnel export (maps/data/sofa-funnel-ga4.csv)" in text
    # The journey's figures table (the canvas, a table too, comes first).
    nps = page.locator("article table:not(.cjm-canvas__table)", has_text="NPS").first.inner_text()
    assert "31 (2026-Q3)" in nps and "▲ +4 since 2026-Q2" in nps and "24 → 27 → 31" in nps
    # The canvas's metrics lane: each measured step's latest figure.
    metrics = page.locator(".cjm-canvas tr.cjm-canvas__lane--metrics").inner_text()
    assert "Drop-off: 29% (2026-Q3) · ▼ -2 pts" in metrics
    widths = page.evaluate(WIDTHS_JS)
    assert widths["page"] <= widths["viewport"], f"the page scrolls sideways: {widths}"


def test_old_evidence_is_marked_on_its_step(
    offline_context: OfflineContext, example_site_url: str
) -> None:
    _open(offline_context, example_site_url + CONSIDERATION, VIEWPORTS["desktop"])
    # The step's evidence list (the canvas lists the same evidence, unmarked).
    item = offline_context.page.locator("article li", has_text="Sample box cohort analysis").filter(
        has_text="Old evidence"
    )
    age = (TODAY - datetime.date(2025, 3, 31)).days
    assert item.inner_text() == (
        f"Sample box cohort analysis (2025-03-31) · ⚠️ Old evidence: {age} days old"
    )
    assert item.locator("a").get_attribute("href") == "https://analytics.example/report/31"


@pytest.mark.parametrize("url", [PURCHASE, JOURNEY, CONSIDERATION, "review/"])
def test_axe_finds_no_serious_violation_in_the_figures_and_evidence(
    offline_context: OfflineContext, example_site_url: str, url: str, axe_url: str
) -> None:
    # Scoped to what this feature writes (figures tables, evidence lists, coverage).
    # Links are left out: their colour is the theme's (Material's teal, under 4.5:1
    # on white on every page of the site), not something these pages choose.
    _open(offline_context, example_site_url + url, VIEWPORTS["desktop"])
    page = offline_context.page
    page.add_script_tag(url=axe_url)
    result = page.evaluate(
        """async () => {
          const targets = Array.from(document.querySelectorAll('article table, article ul'))
            .filter((el) => /Trend|Evidence coverage|Old evidence|Age in days/.test(el.innerText)
                            || el.previousElementSibling?.innerText === 'Evidence:');
          if (!targets.length) return ['nothing of the feature on the page'];
          const found = [];
          for (const el of targets) {
            const context = {include: [el], exclude: Array.from(el.querySelectorAll('a'))};
            const r = await axe.run(context, {resultTypes: ['violations']});
            for (const v of r.violations) {
              if (['serious', 'critical'].includes(v.impact)) {
                found.push(v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '));
              }
            }
          }
          return found;
        }"""
    )
    assert result == []
