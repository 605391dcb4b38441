"""What the preview borrows of MkDocs' own build, and which MkDocs does not promise to keep.

`mkdocs serve`'s preview (plugin/preview.py) renders single pages the way MkDocs' build
function does, and MkDocs has no public API for that: its page functions and a
few attributes are private. They are used here and nowhere else, for the MkDocs
release `MKDOCS_SERIES` names; `tests/site/test_plugins.py` fails when the installed
MkDocs is another release or these names changed, so that an upgrade looks here first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.toc import TableOfContents

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

MKDOCS_SERIES = "1.6"
"""The MkDocs release (major.minor) whose private build functions these calls match."""


def read_page(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Read a page's Markdown and render its HTML, with the page events of every plugin."""
    _populate_page(page, config, files)


def write_page(
    page: Page,
    config: MkDocsConfig,
    doc_files: Sequence[File],
    nav: Navigation,
    env: jinja2.Environment,
    excluded: bool,
) -> None:
    """Render a read page into the theme and write it into the site directory."""
    _build_page(page, config, doc_files, nav, env, excluded=excluded)


def forget_rendering(page: Page) -> None:
    """Forget what reading and rendering made of a page, as a new `Page` has nothing."""
    page.markdown = None
    page.content = None
    page.toc = TableOfContents([])
    page.meta = {}
    page._title_from_render = None
    page.present_anchor_ids = None
    page.links_to_anchors = None


def search_entries(config: MkDocsConfig) -> list[Any] | None:
    """The entry list of the search index being made (MkDocs' or Material's search)."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is None:
            continue
        entries = getattr(index, "entries", None)  # Material's
        if entries is None:
            entries = getattr(index, "_entries", None)  # MkDocs'
        if isinstance(entries, list):
            return entries
    return None
