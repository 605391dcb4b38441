"""Every generated page with a diagram renders it, in a real browser, offline.

Two handbooks are built with the real ``mkdocs build --strict``: the example
(the repo's own mkdocs.yml) and ``tests/fixtures/labels``, whose titles hold
every character that means something to Mermaid, Markdown, YAML or HTML.
Each is built under both Mermaid setups of NOTES.md (the mermaid2 plugin and
Material's native support, each with the pinned local ``mermaid.min.js``).
Then every journey page and journey-stage page is opened in Chromium, with
every request that does not go to 127.0.0.1 blocked, and must show exactly
one journey diagram, no Mermaid error, and every stage (section) and step
(task) title of its source, exactly as written.  The expected titles come
from the model (``build_handbook``), never from the generated Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    COLLECT_DIAGRAMS_JS,
    MERMAID_SETUPS,
    REPO_ROOT,
    OfflineContext,
    absolute_paths,
    build_handbook_site,
    build_with_mermaid,
    load_mkdocs_yml,
    mermaid_js_path,
    mkdocs_build_strict,
)

from mkdocs_cjm.handbook import build_handbook

# Each site: the project root (maps/ and docs/ inside it).
SITES = {
    "example": REPO_ROOT,
    "labels": REPO_ROOT / "tests" / "fixtures" / "labels",
}

# The one normalisation every browser applies when it displays text (and
# escape_label documents): runs of ASCII whitespace show as one space.
_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


def shown(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip(" ")


@dataclass(frozen=True)
class DiagramPage:
    """A page with a journey diagram and the labels its source says it must show."""

    url: str
    title: str
    sections: tuple[str, ...]
    tasks: tuple[str, ...]
    actors: frozenset[str]


def diagram_pages(root: Path) -> list[DiagramPage]:
    """The journey and journey-stage pages of the handbook in ``root``, from the model."""
    handbook = build_handbook(root / "maps", root)
    pages = []
    for journey in handbook.journeys.values():
        actors = frozenset(
            shown(handbook.personas[p].title) for p in journey.personas if p in handbook.personas
        )
        parts = [(f"journeys/{journey.id}/", journey.stages)] + [
            (f"journeys/{journey.id}/{stage.stage}/", [stage]) for stage in journey.stages
        ]
        for url, stages in parts:
            pages.append(
                DiagramPage(
                    url=url,
                    title=shown(journey.title),
                    sections=tuple(shown(handbook.stages[s.stage].title) for s in stages),
                    tasks=tuple(shown(step.title) for s in stages for step in s.steps),
                    actors=actors,
                )
            )
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


def build_site(site: str, setup: str, workdir: Path) -> Path:
    """Build ``site`` with ``setup`` into ``workdir``/site and return that directory."""
    root = SITES[site]
    site_dir = workdir / "site"
    if site == "example" and setup == "mermaid2":
        # The example's own mkdocs.yml, untouched: this is the site we ship.
        mermaid_js_path()  # a clear failure if `npm ci` was not run
        mkdocs_build_strict(root / "mkdocs.yml", site_dir)
        return site_dir
    if site == "example":
        return build_with_mermaid(
            absolute_paths(load_mkdocs_yml(root / "mkdocs.yml"), root), setup, workdir
        )
    return build_handbook_site(
        workdir, setup, site_name=f"cjm {site}", docs=root / "docs", maps=root / "maps"
    )


@pytest.fixture(scope="module")
def site_url(
    serve_dir: Callable[[Path], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str, str], str]]:
    """Factory: the base URL of ``site`` built with ``setup`` (built once, on first use)."""
    urls: dict[tuple[str, str], str] = {}
    failed: dict[tuple[str, str], str] = {}

    def get(site: str, setup: str) -> str:
        if (site, setup) in failed:  # one failed build, not one per page
            pytest.fail(f"the {site} site did not build with {setup}:\n{failed[site, setup]}")
        if (site, setup) not in urls:
            workdir = tmp_path_factory.mktemp(f"{site}-{setup}")
            try:
                urls[site, setup] = serve_dir(build_site(site, setup, workdir))
            except AssertionError as exc:
                failed[site, setup] = str(exc)
                raise
        return urls[site, setup]

    yield get


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
    # Every Mermaid block renders; exactly one of them is the journey diagram
    # (a page may gain charts of other types, which must render too).
    for diagram in diagrams:
        assert diagram["svgCount"] == 1, f"{diagram['svgCount']} <svg> in one block"
        assert diagram["role"] != "error", f"Mermaid error: {diagram['text'][:300]!r}"
        assert diagram["errorIcon"] == 0, f"Mermaid error: {diagram['text'][:300]!r}"
        assert "Syntax error" not in diagram["text"], diagram["text"][:300]
    journeys = [d for d in diagrams if d["role"] == "journey"]
    roles = [d["role"] for d in diagrams]
    assert len(journeys) == 1, f"expected 1 journey diagram, found the diagrams {roles}"
    [diagram] = journeys
    # Only Mermaid's: a theme's own script errors are not this test's business.
    assert context.mermaid_errors() == []
    assert context.dialogs == []

    assert diagram["title"] == [expected.title]
    # Sections and tasks are drawn twice (HTML label and SVG <text> fallback);
    # both must hold every title, exactly and in order.
    assert diagram["sections"] == list(expected.sections)
    assert diagram["sectionFallback"] == list(expected.sections)
    assert diagram["tasks"] == list(expected.tasks)
    assert diagram["taskFallback"] == list(expected.tasks)
    # One actor dot per persona per task, each with the persona's title as tooltip.
    assert set(diagram["actors"]) == expected.actors
    assert len(diagram["actors"]) == len(expected.actors) * len(expected.tasks)
