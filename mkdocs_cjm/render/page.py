"""What a page is: the spec it is rendered from, and the page rendering gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..read.source import Source
from .charts.elements import plain


@dataclass(frozen=True)
class PageSpec:
    """One page of the catalogue (`catalogue.py`): everything needed to render it.

    `inputs` are what the page shows of the maps, declared next to the `context`
    that shows them: `mkdocs serve` renders the page again when any input is a
    different model or value (`reuse.same_inputs`), so a page that shows
    something new must name it here.
    """

    src_uri: str  # where the page lives (`urls.py`)
    title: str
    template: str  # in templates/pages/
    source: Source | None  # the map it shows; None for index pages, made of many
    inputs: tuple[Any, ...]
    context: Callable[[], dict[str, Any]]  # the template's variables, made only to render
    link_title: str | None = None  # see `GeneratedPage.link_title`
    full_width: bool = False  # see `GeneratedPage.full_width`
    summary: str | None = None  # the writer's text that says what the page is about


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the handbook: where it goes, its title, Markdown and source file."""

    src_uri: str
    title: str
    # The Markdown as UTF-8, as MkDocs reads a page from disk. A string with one
    # emoji in it (a score face) takes four bytes a character: kept as text, a
    # build's pages would take four times the memory until MkDocs reads them.
    content: bytes
    source: Source | None  # None for index pages, which come from many files
    wide: bool = False  # wide tables: the theme may hide the table of contents
    # A map (a journey, a stage of it) in the window's width: the theme hides its
    # sidebars, which the header's menu button opens (the `full_width` option).
    full_width: bool = False
    # The title out of its place in the nav (footer links, search): a journey's
    # stage page names its journey ("Buying a sofa · Advocacy"). None: `title`.
    link_title: str | None = None
    # What search engines and social cards show of the page (`meta_description`).
    description: str | None = None

    @property
    def hide(self) -> tuple[str, ...]:
        """What of Material's page makes room (its `hide` meta): both sidebars for a map
        in the window's width (`cjm.css` gives back the header's menu button, which
        opens them), the table of contents for wide tables."""
        if self.full_width:
            return ("navigation", "toc")
        return ("toc",) if self.wide else ()

    @property
    def markdown(self) -> str:
        """The page's Markdown."""
        return self.content.decode("utf-8")


DESCRIPTION_LENGTH = 160
"""The most characters of a meta description: what search engines show of one."""


def meta_description(summary: str | None) -> str | None:
    """A page's meta description from its summary: one line of plain text, at most
    `DESCRIPTION_LENGTH` characters, cut after a word (with "…"). Not escaped: the theme
    prints it as HTML, so the plugin escapes it as it does the title."""
    text = plain(summary or "")
    if len(text) <= DESCRIPTION_LENGTH:
        return text or None
    cut = text[: DESCRIPTION_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"  # no dash or stop before the ellipsis
