"""What the `cjm` plugin does so that other MkDocs plugins work on its pages.

Generated pages are in-memory files, which most plugins written for files in
`docs_dir` do not expect. Each function here serves one neighbour, named in its
docstring; `plugin/events.py` calls them from its events. Glue for plugin/events.py, yet without
importing MkDocs (only its types), as every module below plugin/events.py. The user
documentation is the "With other plugins" section of docs/guide/configuration.md.
"""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..diagnostics import printable
from ..read.git_history import History
from ..render import GeneratedPage

if TYPE_CHECKING:
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page


class SetupError(Exception):
    """The site cannot be built as set up; the message says why and what to do."""


I18N = "i18n"
"""mkdocs-static-i18n's plugin name."""
GIT_REVISION_DATE = "git-revision-date-localized"
"""mkdocs-git-revision-date-localized-plugin's plugin name."""

AWESOME_NAV = "awesome-nav"
"""mkdocs-awesome-nav's plugin name."""

MERMAID2 = "mermaid2"
"""mkdocs-mermaid2-plugin's plugin name."""
PRINT_SITE = "print-site"
"""mkdocs-print-site-plugin's plugin name."""

_MERMAID2_LOGGER = "mkdocs.plugins.mermaid2"


def source_path(page: GeneratedPage, index_source: str) -> str:
    """The file a generated page stands for, as `File.abs_src_path`: its map, or for an
    index page that shows every map `index_source` (see `index_source`).

    Plugins that date pages from git (mkdocs-rss-plugin) or sort files by their place
    on disk (mkdocs-static-i18n) read `abs_src_path` and fail on None.
    """
    # Both absolute already (the plugin resolves maps_dir): no file-system call per page.
    if page.source is not None and page.source.path:
        return os.path.normpath(page.source.file)
    return index_source


def index_source(pages: Iterable[GeneratedPage], history: History, maps_dir: Path) -> str:
    """The file an index page claims as its source: the map changed last (the first by
    path when git does not know), so that git dates it by the newest change of the maps.

    Not the maps folder: mkdocs-git-authors-plugin runs `git blame` on it and fails
    `--strict`. The maps folder only when there is no map at all.
    """
    maps = sorted({(p.source.path, p.source.file) for p in pages if p.source and p.source.path})
    if not maps:
        return os.path.normpath(maps_dir)
    oldest = datetime.date.min
    newest = max(maps, key=lambda source: history.last_changed(source[0]) or oldest)
    return os.path.normpath(newest[1])


def i18n_language(config: Any) -> str | None:
    """The language mkdocs-static-i18n builds now, None without that plugin.

    static-i18n builds the site once per language, setting `theme.language` for
    Material; its plugin knows the language for every theme.
    """
    plugin = config.plugins.get(I18N)
    if plugin is None:
        return None
    language = getattr(plugin, "current_language", None)
    return language if isinstance(language, str) else None


class LanguageSites(NamedTuple):
    """The languages mkdocs-static-i18n builds and where each one's pages go."""

    current: str
    prefixes: dict[str, str]  # by language: `da/`, or '' for the default language


class _Alternate(NamedTuple):
    """The same page in another language, as static-i18n's `File.alternates` gives it
    to Material's language switcher and to its sitemap: its URL, and no page of this build."""

    url: str
    page: None = None


def i18n_sites(config: Any) -> LanguageSites | None:
    """The language static-i18n builds now and the folders of all it builds; None without it."""
    plugin = config.plugins.get(I18N)
    language = i18n_language(config)
    if plugin is None or language is None:
        return None
    default = getattr(plugin, "default_language", None)
    languages = getattr(plugin, "build_languages", None) or [language]
    prefixes = {code: "" if code == default else f"{code}/" for code in languages}
    return LanguageSites(language, prefixes)


def place_in_language(file: File, sites: LanguageSites | None) -> None:
    """Put a generated file under a language's folder of the site (`da/journeys/...`) and
    tell static-i18n that the page exists in every language, at the same path.

    Without `locale` and `alternates` static-i18n leaves Material's language switcher and
    `hreflang` links as the previous page set them.
    """
    if sites is None:
        return
    url = file.url
    prefix = sites.prefixes.get(sites.current, "")
    if prefix:
        file.dest_uri = prefix + file.dest_uri
        # Derived from dest_uri and cached: made again from the new one on first use.
        for derived in ("url", "abs_dest_path"):
            file.__dict__.pop(derived, None)
    i18n: Any = file  # static-i18n's attributes, which MkDocs' File does not declare
    i18n.locale = i18n.locale_alternate_of = sites.current
    i18n.localization = None
    i18n.alternates = {
        code: file if code == sites.current else _Alternate(folder + url)
        for code, folder in sites.prefixes.items()
    }


def i18n_nav_sections(config: Any) -> tuple[str, ...]:
    """The nav sections static-i18n's `folder` structure keeps (`En`, `Da`): it makes the
    children of the current and default language's folder the whole nav, and drops the rest.
    Empty for any other setup."""
    plugin = config.plugins.get(I18N)
    if plugin is None or plugin.config.get("docs_structure") != "folder":
        return ()
    languages = (i18n_language(config), getattr(plugin, "default_language", None))
    return tuple(code.capitalize() for code in languages if isinstance(code, str))


def date_by_source(file: File, config: Any) -> str | None:
    """Let mkdocs-git-revision-date-localized date a generated page by its map's git
    history: returns the page's `generated_by`, which is hidden until the other
    plugins' page_markdown events have run (then given back by the caller).

    The plugin gives every generated file the build time, twice when it also shows
    the creation date; a second that ticks between the two fails `--strict`
    ("first revision is older than last"). Seen as a file of its own, the page is
    dated by `git log` of its `abs_src_path`: its map.
    """
    if GIT_REVISION_DATE not in config.plugins or file.generated_by is None:
        return None
    generator = file.generated_by
    file.generated_by = None
    return generator


def own_titles(pages: Iterable[tuple[Page, str]]) -> list[tuple[Page, Any]]:
    """Give pages their own titles for a while; returns what to give back
    (`restore_titles`). In the automatic nav a journey's page is "Overview" under the
    journey's title; Material's tags and the RSS feed list a page by `page.title`."""
    saved = []
    for page, title in pages:
        saved.append((page, page.title))
        page.title = title
    return saved


def restore_titles(saved: list[tuple[Page, Any]]) -> None:
    """Give the pages their nav titles back (see `own_titles`)."""
    for page, title in saved:
        page.title = title


def check_links(files: Files, root: Path) -> None:
    """Stop a build with a clear message when a file of docs_dir is a broken link.

    The example's `mermaid.min.js` links into node_modules/: before `npm ci` MkDocs
    would fail copying it with a FileNotFoundError traceback.
    """
    for file in files:
        path = file.abs_src_path
        if file.generated_by is not None or path is None or not os.path.islink(path):
            continue
        if os.path.exists(path):
            continue
        target = os.readlink(path)
        shown = os.path.relpath(path, root)
        if "node_modules" in Path(target).parts:
            hint = "run `npm ci` first (Node.js 20 or newer), then build again"
        else:
            hint = "restore the file it points to, or remove the link"
        raise SetupError(
            f"cjm: {printable(shown)} links to {printable(target)}, which does not exist — {hint}"
        )


def check_mermaid2(config: Any, root: Path) -> None:
    """Stop a build with a clear message when mermaid2's local `javascript` is missing:
    mermaid2 itself raises a FileNotFoundError from the middle of the build."""
    plugin = config.plugins.get("mermaid2")
    javascript = plugin.config.get("javascript") if plugin is not None else None
    if not isinstance(javascript, str) or not javascript or "://" in javascript:
        return
    path = Path(config.docs_dir) / javascript
    if path.exists():
        return
    shown = os.path.relpath(path, root)
    raise SetupError(
        f"cjm: mermaid2's javascript {printable(shown)} does not exist — copy mermaid.min.js "
        "there from node_modules/mermaid/dist/ (`npm ci` installs it; Node.js 20 or newer)"
    )


def _local_mermaid2_script(config: Any) -> str | None:
    """mermaid2's `javascript` when it is a classic script published with the site."""
    plugin = config.plugins.get(MERMAID2)
    javascript = plugin.config.get("javascript") if plugin is not None else None
    if not isinstance(javascript, str) or "://" in javascript or javascript.startswith("//"):
        return None
    return javascript if javascript.endswith(".js") else None


def mermaid_on_every_page(config: Any) -> None:
    """With mkdocs-print-site-plugin or Material's `navigation.instant`, load mermaid2's
    local script on every page (as `extra_javascript`); before mermaid2's on_config.

    mermaid2 adds its script to each page that has a diagram when MkDocs writes it:
    print-site's page is made later and gets none, and a page reached by instant
    navigation may not run it. Material then loads Mermaid from unpkg.com, or shows the
    diagrams' source offline. Seeing a Mermaid script in `extra_javascript`, mermaid2
    adds none of its own (its older way), so no page loads Mermaid twice.
    """
    features = config.theme.get("features") or []
    if PRINT_SITE not in config.plugins and "navigation.instant" not in features:
        return
    javascript = _local_mermaid2_script(config)
    listed = [os.path.basename(str(script)).lower() for script in config.extra_javascript]
    if javascript is not None and not any("mermaid" in name for name in listed):
        config.extra_javascript.append(javascript)


def quiet_mermaid2() -> None:
    """mermaid2 logs two INFO lines per page with a diagram: hundreds per build that
    hide everything else. Shown again with `mkdocs build --verbose`."""
    if logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
        logging.getLogger(_MERMAID2_LOGGER).setLevel(logging.WARNING)
