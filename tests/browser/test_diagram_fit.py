"""The journey diagrams read on every screen: measured in Chromium as a reader sees them.

Every journey page and journey-stage page of the example handbook and of
``tests/fixtures/labels`` is opened under both Mermaid setups (mermaid2 and
Material's own, whose SVG is in a shadow root the tests open), with only the
plugin's own stylesheet, at 1440x900 and then, the same page resized, at
390x844 (a phone).  For every journey diagram (the whole journey on its page, a
stage on a stage page):

* every step label, and the stage's name in its band, lies inside its box:
  the rectangle of the label's text (a DOM range over it) within the box's;
* at least three steps (all, if the stage has fewer) show whole in the
  diagram's box and the window at 1440 px before the reader scrolls the
  diagram sideways, at least one at 390 px (the reader has scrolled down to
  the diagram: only the horizontal is measured);
* label text renders at 11 px or more: the label's font size times the SVG's
  scale on the screen;
* Mermaid's actor legend (hidden: the page names the personas above the
  diagrams) covers no step box;
* the page itself never scrolls sideways (``scrollWidth <= innerWidth``): a
  wide diagram scrolls in its own box, which then takes the keyboard focus
  (and one that fits does not), and scrolls with the arrow keys.

The sites are the builds ``test_site_pages.py`` opens too (session fixture).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from conftest import MERMAID_SETUPS, SITES, VIEWPORTS, OfflineContext

from mkdocs_cjm.handbook.resolve import build_handbook

if TYPE_CHECKING:
    from collections.abc import Callable


STEPS_IN_VIEW = {"desktop": 3, "phone": 1}
MIN_FONT_PX = 11.0
TOLERANCE = 0.5  # px: sub-pixel rounding of borders and text boxes

# Per journey diagram: each step's and the stage's box and the rectangle of its
# label's text, the label's rendered font size, and the part of the window the
# diagram's box shows before it is scrolled sideways.
MEASURE_JS = """
() => {
  const diagrams = [];
  for (const block of document.querySelectorAll('.mermaid')) {
    const root = block.shadowRoot || block;
    const svg = root.querySelector('svg');
    if (!svg || svg.getAttribute('aria-roledescription') !== 'journey') continue;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const edges = (r) => [r.left, r.top, r.right, r.bottom];
    const labels = Array.from(svg.querySelectorAll('rect.task, rect.journey-section'), (rect) => {
      const label = rect.parentNode.querySelector('foreignObject div.label');
      const range = document.createRange();
      range.selectNodeContents(label);
      return {
        kind: rect.classList.contains('task') ? 'step' : 'stage',
        text: label.textContent,
        box: edges(rect.getBoundingClientRect()),
        label: edges(range.getBoundingClientRect()),
        fontPx: parseFloat(getComputedStyle(label).fontSize) * scale,
      };
    });
    // Mermaid's actor legend: a dot and a text per actor, straight in the <svg>.
    const legend = Array.from(svg.querySelectorAll(':scope > text.legend, :scope > circle'),
      (el) => edges(el.getBoundingClientRect()));
    const box = block.getBoundingClientRect();
    diagrams.push({
      legend,
      view: [Math.max(box.left, 0), Math.min(box.right, window.innerWidth)],
      scrolled: block.scrollLeft,
      scrolls: block.scrollWidth > block.clientWidth + 1,
      focusable: block.getAttribute('tabindex') === '0',
      labels,
    });
  }
  return {
    diagrams,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  };
}
"""


NEXT_FRAME_JS = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


def journey_pages(site: str) -> list[tuple[str, int]]:
    """(url, number of journey diagrams) of every journey and journey-stage page of ``site``."""
    root = SITES[site]
    handbook = build_handbook(root / "maps", root)
    pages = []
    for journey in handbook.journeys.values():
        pages.append((f"journeys/{journey.id}/", 1))  # the whole journey, one diagram
        pages += [(f"journeys/{journey.id}/{s.stage}/", 1) for s in journey.stages]
    return pages


PARAMS = [
    pytest.param(site, setup, url, stages, id=f"{site}-{setup}-{url}")
    for site in SITES
    for setup in MERMAID_SETUPS
    for url, stages in journey_pages(site)
]


def _inside(inner: list[float], outer: list[float]) -> bool:
    left, top, right, bottom = inner
    return (
        left >= outer[0] - TOLERANCE
        and top >= outer[1] - TOLERANCE
        and right <= outer[2] + TOLERANCE
        and bottom <= outer[3] + TOLERANCE
    )


def _overlap(one: list[float], other: list[float]) -> bool:
    # Two rectangles share an area (an empty one, e.g. hidden, shares none).
    left = max(one[0], other[0])
    right = min(one[2], other[2])
    top = max(one[1], other[1])
    bottom = min(one[3], other[3])
    return right - left > TOLERANCE and bottom - top > TOLERANCE


def _check(measured: dict[str, Any], screen: str, stages: int) -> list[str]:
    """What a reader would find wrong on this screen, as messages (empty: nothing)."""
    problems = []
    if measured["scrollWidth"] > measured["innerWidth"]:
        problems.append(
            f"the page scrolls sideways: {measured['scrollWidth']} > {measured['innerWidth']}"
        )
    diagrams = measured["diagrams"]
    if len(diagrams) != stages:
        problems.append(f"{len(diagrams)} journey diagrams, not {stages}")
    for number, diagram in enumerate(diagrams, start=1):
        left, right = diagram["view"]
        steps = [label for label in diagram["labels"] if label["kind"] == "step"]
        in_view = [s for s in steps if s["box"][0] >= left - TOLERANCE]
        in_view = [s for s in in_view if s["box"][2] <= right + TOLERANCE]
        wanted = min(len(steps), STEPS_IN_VIEW[screen])
        if diagram["scrolled"] or len(in_view) < wanted:
            problems.append(f"diagram {number}: {len(in_view)} of {len(steps)} steps in view")
        if diagram["scrolls"] != diagram["focusable"]:
            problems.append(
                f"diagram {number}: scrolls {diagram['scrolls']}, focusable {diagram['focusable']}"
            )
        for legend in diagram["legend"]:
            for step in steps:
                if _overlap(legend, step["box"]):
                    problems.append(
                        f"diagram {number}: the actor legend at {legend} covers "
                        f"step {step['text']!r} at {step['box']}"
                    )
        for label in diagram["labels"]:
            what = f"diagram {number}: {label['kind']} {label['text']!r}"
            if not _inside(label["label"], label["box"]):
                problems.append(f"{what} leaves its box: {label['label']} in {label['box']}")
            if label["fontPx"] < MIN_FONT_PX:
                problems.append(f"{what} renders at {label['fontPx']:.1f} px")
    return problems


def test_every_site_has_journey_and_stage_pages() -> None:
    # Guards the parametrisation: no site may silently have no pages.
    for site in SITES:
        depths = {url.count("/") for url, _ in journey_pages(site)}
        assert depths == {2, 3}, site  # journeys/<journey>/ and journeys/<journey>/<stage>/


@pytest.mark.parametrize(("site", "setup", "url", "stages"), PARAMS)
def test_journey_diagrams_fit_desktop_and_phone(
    site: str,
    setup: str,
    url: str,
    stages: int,
    site_url: Callable[[str, str], str],
    offline_context: OfflineContext,
) -> None:
    reader = offline_context  # one page at 1440x900; each test resizes it after measuring
    page = reader.page
    reader.reset()
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS["desktop"], strict=True)))
    page.goto(site_url(site, setup) + url)
    assert reader.wait_for_diagrams(), f"{url}: {reader.mermaid_errors()}"
    problems = []
    for screen, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(NEXT_FRAME_JS)  # the plugin's script marks scrolling boxes on resize
        measured = page.evaluate(MEASURE_JS)
        problems += [f"{width} px: {p}" for p in _check(measured, screen, stages)]
    assert problems == [], "\n".join(problems)
    # On the phone, a diagram that scrolls scrolls with the keyboard as well.
    scrolling = page.locator(".mermaid[tabindex='0']")
    if scrolling.count():
        scrolling.first.focus()
        page.keyboard.press("ArrowRight")
        # Keyboard scrolling is animated: wait for it to move.
        scrolling.first.evaluate(
            "(block) => new Promise((resolve, reject) => {"
            " const until = Date.now() + 5000;"
            " const poll = () => block.scrollLeft > 0 ? resolve()"
            " : Date.now() > until ? reject(new Error('the arrow key did not scroll'))"
            " : requestAnimationFrame(poll);"
            " poll(); })"
        )
