"""The generated pages as MkDocs takes them: in-memory files with their edit links, the
data and assets beside them, the automatic nav, each page's title and meta.

MkDocs glue for plugin/events.py's events, as plugin/compat.py and plugin/preview.py are.
"""

from __future__ import annotations

import dataclasses
import os
import posixpath
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from ..handbook.resolve import Handbook
from ..publish.export import EXPORT_FILE
from ..render import GeneratedPage
from ..render.canvas import STYLESHEET
from ..safety.escape import html_attribute, url_path
from ..urls import in_site
from ..views.nav import (
    NavPages,
    escape_nav_titles,
    handbook_nav,
    nav_in_site,
    nav_uris,
    placed_in_folder,
)
from . import compat

FILTERS_JS = "assets/javascripts/cjm-filters.js"
FILTERS_CSS = STYLESHEET
"""Where the plugin publishes the script of the opportunity filters, and its styles
(those of the filters and of the journey canvas)."""


class PageInfo(NamedTuple):
    """What the page events need of a generated page."""

    title: str
    hide: tuple[str, ...]  # `GeneratedPage.hide`
    source_path: str  # the map it shows (an index page: the newest): what git dates it by
    tags: list[str]
    link_title: str  # the title out of context: footer links, search results
    description: str | None  # for search engines and social cards


def pages_in_site(pages: list[GeneratedPage], base_path: str) -> list[GeneratedPage]:
    """The rendered pages at their paths in the site: under the `base_path` option.

    Rendering names pages by their place in the handbook; their links to each other
    are relative, so the same Markdown serves under any folder.
    """
    if not base_path:
        return pages
    return [dataclasses.replace(page, src_uri=in_site(page.src_uri, base_path)) for page in pages]


def page_infos(
    pages: list[GeneratedPage], tags: dict[str, list[str]], index_source: str, base_path: str = ""
) -> dict[str, PageInfo]:
    """What the page events need of each generated page, by its path in docs (`pages` are
    `pages_in_site`, `tags` by handbook path); `index_source` is the file index pages claim
    (`compat.index_source`)."""
    tags = {in_site(uri, base_path): page_tags for uri, page_tags in tags.items()}
    return {
        page.src_uri: PageInfo(
            page.title,
            page.hide,
            compat.source_path(page, index_source),
            tags.get(page.src_uri, []),
            page.link_title or page.title,
            page.description,
        )
        for page in pages
    }


def theme_title(title: str) -> Markup:
    """A writer's title as themes take it: HTML-escaped, and marked as HTML.

    Themes print titles as HTML, so they get them escaped; where a theme escapes a title
    itself (Material's footer `aria-label="{{ page.next_page.title | e }}"`), the mark
    keeps `| e` from escaping it twice, which screen readers would read out as
    "Nina&amp;#x27;s".
    """
    return Markup(html_attribute(title))


def _normalise_url(url: str) -> str:
    """`.../edit/main/docs/../maps/x.md` as `.../edit/main/maps/x.md`: the `..` that
    leads from docs_dir to maps/ stays out of the address a reader sees."""
    parts = urlsplit(url)
    path = posixpath.normpath(parts.path) if parts.path else parts.path
    return urlunsplit(parts._replace(path=path))


def _relative_to_docs(file: Path, docs_dir: str) -> str:
    """A source path as MkDocs' `edit_uri` expects it: relative to docs_dir, and
    percent-encoded, since MkDocs and themes put it into the URL as it is.

    A folder in maps/ may be named anything (`x" onfocus="..."`, `Q3 research`); a `"`
    left as it is would end Material's `href` of the edit and view buttons.
    """
    relative = Path(os.path.relpath(file.resolve(), Path(docs_dir).resolve()))
    return url_path(relative.as_posix())


def generated_file(
    page: GeneratedPage,
    info: PageInfo,
    files: Files,
    config: MkDocsConfig,
    edit_uris: dict[Path, str],
    docs_dir: str | None = None,
) -> File:
    """The in-memory file of one generated page; `edit_uris` keeps each map's edit path,
    relative to `docs_dir` (the one mkdocs.yml names; by default config's)."""
    existing = files.get_file_from_path(page.src_uri)
    if existing is not None and existing.generated_by is None:
        raise PluginError(
            f"cjm: {config.docs_dir}/{page.src_uri} has the same path as the generated "
            f"page {page.src_uri}; rename or remove it"
        )
    file = File.generated(config, page.src_uri, content=page.content)
    file.abs_src_path = info.source_path
    # The "edit this page" button opens the map, not the generated Markdown.
    if page.source is not None and page.source.path:
        source_file = page.source.file
        if source_file not in edit_uris:
            edit_uris[source_file] = _relative_to_docs(source_file, docs_dir or config.docs_dir)
        file.edit_uri = edit_uris[source_file]
    else:
        file.edit_uri = None
    return file


def add_assets(files: Files, config: MkDocsConfig, data: str | None, base_path: str = "") -> None:
    """The handbook as data (unless the author has their own), the filters' script and
    styles, under `base_path`."""
    if data is not None:
        files.append(File.generated(config, in_site(EXPORT_FILE, base_path), content=data.encode()))
    for path, asset in ((FILTERS_JS, "cjm-filters.js"), (FILTERS_CSS, "cjm.css")):
        src_uri = in_site(path, base_path)
        # A file of the same name in docs_dir wins: the author has replaced ours.
        if files.get_file_from_path(src_uri) is None:
            # Backed by the package's file: plugins that sort files by where they come
            # from (Material's projects plugin hoists the theme's) read `abs_src_path`.
            path = str(resources.files("mkdocs_cjm") / "assets" / asset)
            files.append(File.generated(config, src_uri, abs_src_path=path))


def automatic_nav(
    handbook: Handbook,
    language: str | None,
    mode: NavPages,
    files: Files,
    generated: list[File],
    language_sections: tuple[str, ...] = (),
    base_path: str = "",
) -> list[Any]:
    """The nav without an author's `nav`: the hand-written pages, then the handbook; inside
    the first of `language_sections` there is (`compat.i18n_nav_sections`), and in there
    in the section of `base_path`'s folder (`placed_in_folder`)."""
    ours = {file.src_uri for file in generated}
    docs_pages = [
        f.src_uri
        for f in files.documentation_pages()
        if f.src_uri not in ours and f.inclusion.is_in_nav()
    ]
    nav = nav_in_site(handbook_nav(handbook, language, mode), base_path)
    listed = nav_uris(nav)
    for file in generated:
        # Left out of the nav on purpose: MkDocs need not list them as missing.
        if file.src_uri not in listed:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    written: list[Any] = nest_paths(docs_pages)
    handbook_items = escape_nav_titles(nav, theme_title)
    for section in language_sections:
        folder = next((i for i in written if isinstance(i, dict) and section in i), None)
        if folder is not None:
            # Its pages' paths start with the language's folder (`da/...`).
            folder[section] = placed_in_folder(folder[section], handbook_items, base_path, 1)
            return written
    return placed_in_folder(written, handbook_items, base_path)


def link_assets(config: MkDocsConfig, base_path: str = "") -> None:
    """Link every page to the filters of the opportunities page: a script and a stylesheet
    the plugin publishes itself (raw HTML is off on generated pages), under `base_path`."""
    script, stylesheet = in_site(FILTERS_JS, base_path), in_site(FILTERS_CSS, base_path)
    if script not in config.extra_javascript:
        config.extra_javascript.append(script)
    if stylesheet not in config.extra_css:
        config.extra_css.append(stylesheet)


def set_page_meta(page: Page, info: PageInfo) -> None:
    """Give a generated page its title, description, tags and options (escaped: themes
    print them as HTML)."""
    page.meta["title"] = theme_title(info.title)
    # Writers' text is data, never a template: mkdocs-macros must leave it be.
    page.meta["render_macros"] = False
    if info.description and not page.meta.get("description"):
        # Escaped like the title: Material prints it into <meta name="description">.
        page.meta["description"] = html_attribute(info.description)
    if info.tags:
        # Escaped like the title: Material prints tag names as HTML.
        page.meta["tags"] = [html_attribute(tag) for tag in info.tags]
    if page.edit_url:
        page.edit_url = _normalise_url(page.edit_url)
    if info.hide:
        # Material's per-page option; other themes ignore it.
        page.meta.setdefault("hide", list(info.hide))


def full_titles(nav: Navigation, pages: dict[str, PageInfo]) -> None:
    """Give each generated page of `nav` its full title; Material's sidebar keeps the short
    one (its `typeset` title)."""
    for page in nav.pages:
        generated = pages.get(page.file.src_uri)
        # A page listed without a title has none yet: it gets its own title later.
        if generated is None or page.title is None:
            continue
        full = theme_title(generated.link_title)
        if page.title != full:
            page.typeset = {"title": page.title}  # type: ignore[attr-defined]
            page.title = full


def release_content(file: File) -> None:
    """Let a rendered page's Markdown go.

    MkDocs has its own copy of the Markdown (`page.markdown`) and has made the HTML:
    the file's copy is not read again, but would be kept until the build ends.
    `mkdocs serve` makes new files for every build.
    """
    source_path = file.abs_src_path
    file.content_bytes = b""
    # The setter forgets the path; mkdocs-rss-plugin reads it later (at -75).
    file.abs_src_path = source_path
