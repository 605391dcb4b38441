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
    OfflineContext,
)

from mkdocs_cjm.handbook.resolve import build_handbook

# The one normalisation every browser applies when it displays text (and
# escape.mermaid_label documents): runs of ASCII whitespace show as one space.
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


def shown(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip(" ")


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


def test_every_journey_has_pages() -> None:
    # Guards the parametrisation itself: no site may silently have no pages.
    for site, pages in PAGES.items():
        assert any(url.count("/") == 3 for url in pages), f"{site}: no journey-stage page"
        assert any(url.count("/") == 2 for url in pages), f"{site}: no journey page"


@pytest.mark.parametrize(("site", "setup", "url"), PARAMS)
def test_page_shows_its_diagram_with_every_title(
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
