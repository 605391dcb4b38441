"""Every generated page with a diagram renders it, in a real browser, offline.

Two handbooks are built with the real ``mkdocs build --strict``: the example
(the repo's own mkdocs.yml) and ``tests/fixtures/labels``, whose titles hold
every character that means something to Mermaid, Markdown, YAML or HTML.
Each is built under both Mermaid setups of NOTES.md (the mermaid2 plugin and
Material's native support, each with the pinned local ``mermaid.min.js``).
Then every journey page and journey-stage page is opened in Chromium, with
every request that does not go to 127.0.0.1 blocked, and must show one journey
diagram per stage it shows, no Mermaid error, and every stage (section) and
step (task) title of its source exactly as written, in the diagram and in its
accessible name and description.  The expected titles come from the model
(``build_handbook``), never from the generated Markdown.

The same load of each page then measures, as a reader sees them, that its
diagrams read on every screen: with only the plugin's own stylesheet, at
1440x900 and then, the same page resized, at 390x844 (a phone).  (These checks
were ``test_diagram_fit.py``; they share the page loads since #26.5, ~80 pages
loaded once, not twice.)  For every journey diagram (the whole journey on its
page, a stage on a stage page):

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
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    COLLECT_DIAGRAMS_JS,
    MERMAID_SETUPS,
    SITES,
    VIEWPORTS,
    OfflineContext,
)

from mkdocs_cjm.handbook.resolve import build_handbook

# The one normalisation every browser applies when it displays text (and
# escape.mermaid_label documents): runs of ASCII whitespace show as one space.
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


def shown(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip(" ")


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


@dataclass(frozen=True)
class ExpectedDiagram:
    """A journey diagram (a whole journey, or one stage), as its source says it must show."""

    sections: tuple[str, ...]  # the stages it draws
    tasks: tuple[str, ...]
    acc_title: str
    personas: tuple[str, ...]  # the actors of every step, also named in the accessible description


@dataclass(frozen=True)
class DiagramPage:
    """A page with its journey diagram (the whole journey, or its stage), from the model."""

    url: str
    diagrams: tuple[ExpectedDiagram, ...]


def diagram_pages(root: Path) -> list[DiagramPage]:
    """The journey and journey-stage pages of the handbook in ``root``, from the model."""
    handbook = build_handbook(root / "maps", root)
    pages = []
    for journey in handbook.journeys.values():
        personas = tuple(
            shown(handbook.personas[p].title) for p in journey.personas if p in handbook.personas
        )
        expected = {
            stage.stage: ExpectedDiagram(
                sections=(shown(handbook.stages[stage.stage].title),),
                tasks=tuple(shown(step.title) for step in stage.steps),
                acc_title=f"Journey diagram: {shown(journey.title)} · "
                f"{shown(handbook.stages[stage.stage].title)}",
                personas=personas,
            )
            for stage in journey.stages
        }
        whole = ExpectedDiagram(
            sections=tuple(s for d in expected.values() for s in d.sections),
            tasks=tuple(t for d in expected.values() for t in d.tasks),
            acc_title=f"Journey diagram: {shown(journey.title)}",
            personas=personas,
        )
        pages.append(DiagramPage(f"journeys/{journey.id}/", (whole,)))
        for stage_id, diagram in expected.items():
            pages.append(DiagramPage(f"journeys/{journey.id}/{stage_id}/", (diagram,)))
    return pages


PAGES = {site: {page.url: page for page in diagram_pages(root)} for site, root in SITES.items()}

# Ordered site, setup, page so that each site is built once and its pages
# follow each other; the id names all three, e.g. "labels-material-journeys/x/".
PARAMS = [
    pytest.param(site, setup, url, id=f"{site}-{setup}-{url}")
    for site in SITES
    for setup in MERMAID_SETUPS
    for url in PAGES[site]
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


def test_every_journey_has_pages() -> None:
    # Guards the parametrisation itself: no site may silently have no pages.
    for site, pages in PAGES.items():
        assert any(url.count("/") == 3 for url in pages), f"{site}: no journey-stage page"
        assert any(url.count("/") == 2 for url in pages), f"{site}: no journey page"


@pytest.mark.parametrize(("site", "setup", "url"), PARAMS)
def test_page_shows_its_diagrams_whole_and_fitting_every_screen(
    site: str,
    setup: str,
    url: str,
    site_url: Callable[[str, str], str],
    offline_context: OfflineContext,
) -> None:
    expected = PAGES[site][url]
    base = site_url(site, setup)
    context = offline_context
    context.reset()
    page = context.page
    page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS["desktop"], strict=True)))
    page.goto(base + url)
    if not context.wait_for_diagrams():
        blocks = page.evaluate(
            "() => Array.from(document.querySelectorAll('.mermaid'),"
            " (b) => (b.shadowRoot || b).innerHTML.slice(0, 300))"
        )
        pytest.fail(
            f"no diagram rendered on {url}\nblocks: {blocks}\n"
            f"page errors: {context.page_errors}\nconsole: {context.console_errors}\n"
            f"external: {context.external}"
        )
    diagrams: list[dict[str, Any]] = page.evaluate(COLLECT_DIAGRAMS_JS)

    # Offline is a requirement: nothing may leave 127.0.0.1 (not even a theme's
    # own fetch, e.g. Material's repository facts for a GitHub repo_url).
    assert context.external == [], f"requests that left 127.0.0.1: {context.external}"
    # Every Mermaid block renders, the journey diagrams and charts of other types.
    for diagram in diagrams:
        assert diagram["svgCount"] == 1, f"{diagram['svgCount']} <svg> in one block"
        assert diagram["role"] != "error", f"Mermaid error: {diagram['text'][:300]!r}"
        assert diagram["errorIcon"] == 0, f"Mermaid error: {diagram['text'][:300]!r}"
        assert "Syntax error" not in diagram["text"], diagram["text"][:300]
    journeys = [d for d in diagrams if d["role"] == "journey"]
    roles = [d["role"] for d in diagrams]
    assert len(journeys) == len(expected.diagrams), f"the diagrams are {roles}"
    # Only Mermaid's: a theme's own script errors are not this test's business.
    assert context.mermaid_errors() == []
    assert context.dialogs == []

    for diagram, stage in zip(journeys, expected.diagrams, strict=True):
        # The stage names the diagram (its band); no title to cut at the edge.
        assert diagram["title"] == []
        # Sections and tasks are drawn twice (HTML label and SVG <text> fallback);
        # both must hold every title, exactly and in order.
        assert diagram["sections"] == list(stage.sections)
        assert diagram["sectionFallback"] == list(stage.sections)
        assert diagram["tasks"] == list(stage.tasks)
        assert diagram["taskFallback"] == list(stage.tasks)
        # Every step's dots are the journey's personas, in order (their tooltips).
        personas = list(dict.fromkeys(stage.personas))
        assert diagram["actors"] == personas * len(stage.tasks)
        # accTitle and accDescr reach the SVG's aria-labelledby/-describedby as written.
        assert diagram["accTitle"] == stage.acc_title
        description = diagram["accDescr"] or ""
        for text in (*stage.personas, *stage.tasks):
            assert text in description, f"{text!r} not in {description!r}"
    assert_diagrams_fit(page, len(expected.diagrams))


def assert_diagrams_fit(page: Any, stages: int) -> None:
    """The page's journey diagrams read at 1440x900 and at 390x844 (the page is left at the
    phone's size), and on the phone a diagram that scrolls scrolls with the keyboard."""
    problems = []
    for screen, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate(NEXT_FRAME_JS)  # the plugin's script marks scrolling boxes on resize
        measured = page.evaluate(MEASURE_JS)
        problems += [f"{width} px: {p}" for p in _check(measured, screen, stages)]
    assert problems == [], "\n".join(problems)
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
