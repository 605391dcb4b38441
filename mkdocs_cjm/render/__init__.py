"""Render the handbook into pages: (path in the site, Markdown) from Jinja2 templates.

- `catalogue.py`: every page, with its template, context and the inputs it depends on;
- `build.py`: what one build's pages share, and a page spec rendered into a page;
- `environment.py`: the Jinja environment and the template API (globals, filters);
- `markdown.py`: the Markdown the plugin writes: links, rows (`Trusted`); writer text
  is escaped by `safety/escape.py`;
- `blocks.py`: plugin-made HTML on the pages: charts, the canvas, the filters;
- `layout.py`: tables and lists as finished HTML on the plugin's pages, Markdown on
  `generate`'s;
- `cache.py`: reuse for `mkdocs serve` (`RenderCache`), `NO_REUSE` for one-shot builds.

Where pages live is `urls.py`'s, the nav `views/nav.py`'s, what pages list `views/lists.py`'s.
"""

from __future__ import annotations

import datetime

from ..handbook.resolve import Handbook
from ..read.git_history import History
from .build import Build
from .cache import NO_REUSE, RenderCache, Reuse
from .catalogue import catalogue
from .markdown import Trusted
from .page import GeneratedPage, PageSpec

__all__ = [
    "Build",
    "GeneratedPage",
    "PageSpec",
    "RenderCache",
    "Reuse",
    "Trusted",
    "build_pages",
    "render_pages",
]


def build_pages(build: Build) -> list[GeneratedPage]:
    """Every page of the catalogue, each reused from the last build while it can be."""
    pages = [build.page(spec) for spec in catalogue(build)]
    build.reuse.keep_only({page.src_uri for page in pages}, build.handbook.journeys)
    return pages


def render_pages(
    handbook: Handbook,
    history: History,
    language: str | None,
    build_date: datetime.date,
    cache: RenderCache | None = None,
    body_marker: str = "",
    directory_urls: bool = True,
) -> list[GeneratedPage]:
    """Every generated page of a handbook; with a `cache`, only those whose inputs changed.

    `body_marker`: the word of the paragraphs around writers' bodies, for the plugin's
    safe-Markdown rules (`markdown_extension.body_markers`); none for pages built without them.
    `directory_urls`: the site's `use_directory_urls`, for the links of the canvas's HTML.
    """
    reuse: Reuse = NO_REUSE if cache is None else cache
    return build_pages(
        Build(handbook, history, language, build_date, reuse, body_marker, directory_urls)
    )
