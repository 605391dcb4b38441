"""What the `cjm` plugin does so that other MkDocs plugins work on its pages.

Generated pages are in-memory files, which most plugins written for files in
`docs_dir` do not expect. Each function here serves one neighbour, named in its
docstring; `plugin/events.py` calls them from its events. Glue for plugin/events.py, yet without
importing MkDocs (only its types), as every module below plugin/events.py. The user
documentation is the "With other plugins" section of docs/guide/configuration.md.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import printable
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

_MERMAID2_LOGGER = "mkdocs.plugins.mermaid2"


def source_path(page: GeneratedPage, maps_dir: Path) -> str:
    """The file a generated page stands for, as `File.abs_src_path`: its map, or the maps
    folder for an index page that shows every map.

    Plugins that date pages from git (mkdocs-rss-plugin) or sort files by their place
    on disk (mkdocs-static-i18n) read `abs_src_path` and fail on None.
    """
    # Both absolute already (the plugin resolves maps_dir): no file-system call per page.
    if page.source is not None and page.source.path:
        return os.path.normpath(page.source.file)
    return os.path.normpath(maps_dir)


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


def i18n_site_prefix(config: Any) -> str:
    """Where static-i18n puts the pages of the language it builds now: `da/`, or ''
    for the default language (at the root of the site)."""
    plugin = config.plugins.get(I18N)
    if plugin is None or getattr(plugin, "is_default_language_build", True):
        return ""
    language = i18n_language(config)
    return f"{language}/" if language else ""


def place_in_language(file: File, prefix: str) -> None:
    """Put a generated file under a language's folder of the site (`da/journeys/...`)."""
    if not prefix:
        return
    file.dest_uri = prefix + file.dest_uri
    # Derived from dest_uri and cached: made again from the new one on first use.
    for derived in ("url", "abs_dest_path"):
        file.__dict__.pop(derived, None)


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


def quiet_mermaid2() -> None:
    """mermaid2 logs two INFO lines per page with a diagram: hundreds per build that
    hide everything else. Shown again with `mkdocs build --verbose`."""
    if logging.getLogger("mkdocs").getEffectiveLevel() > logging.DEBUG:
        logging.getLogger(_MERMAID2_LOGGER).setLevel(logging.WARNING)
