"""The preview of `mkdocs serve`: an edit shows within a second, and so does an error.

MkDocs' server rebuilds the whole site after every change: every page's Markdown
and theme template again, although an edit of one map changes a handful of
pages. The plugin knows which: `RenderCache` hands back the very same page for
every other one. So when only `maps/` changed, `Preview` updates the last
build's site in place: the pages whose Markdown changed are rendered again
(with MkDocs' own page functions, every plugin event included) and written; the
others, the navigation and the theme stay as they are, and the search index is
put together from the entries each page gave last time. Whatever it cannot
vouch for is left to MkDocs' full build: a change outside `maps/` (docs,
`mkdocs.yml`, the theme's `custom_dir`, `watch`), a page added, removed or
retitled, a navigation that changed, a page's tags or dates, a new day, a plugin
it does not know (`KNOWN_PLUGINS`) and the site does not declare safe.

A failed build no longer stalls the server: MkDocs holds every request until a
build succeeds (livereload's visible epoch stays behind the wanted one). The
preview's builder never fails; it serves a page listing what is wrong, which
reloads by itself when the writer has fixed it.

This is MkDocs glue, as plugin/events.py is: the core below it does not import MkDocs.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.utils import get_build_date

from ..config import Options, Settings, today_from_environment
from ..diagnostics import printable
from .error_page import ERROR_PAGE, captured_messages, error_page, is_page, message_of
from .mkdocs_internals import forget_rendering, read_page, search_entries, write_page

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.cjm")


@dataclass(frozen=True)
class PluginSupport:
    """How the preview updates a page with a plugin beside it.

    The preview runs every plugin's page events for a changed page, and their
    `on_files`, `on_env` and `on_post_build` once, as MkDocs' build does; not
    `on_config`, `on_pre_build` or `on_nav` (the config and the nav are the last
    build's). A plugin that does work across pages in these events says here what
    the preview leaves out, or what of its state an edit must not change.
    """

    env: bool = True  # run its on_env
    post_build: bool = True  # run its on_post_build
    # Cross-page state of the plugin that a changed page may add to (compared before
    # and after reading the changed pages): a change needs a full build.
    state: Callable[[Any], object] | None = None


def _tag_listings(plugin: Any) -> object:
    """How many tag listings (`<!-- material/tags -->`) Material's tags plugin has found."""
    listings = getattr(plugin, "listings", None)
    return sum(1 for _ in listings) if listings is not None else 0


# Plugins whose work for a page touches only that page and its output, or whose
# cross-page work the preview does itself (search) or leaves as the last build made
# it. Checked against each plugin's source, for its page events, on_files, on_env
# and on_post_build; docs/guide/configuration.md lists them. With any other plugin,
# unless the site names it in `preview_safe_plugins`, every rebuild is MkDocs' full
# build: a feed or a page of all pages would miss the edit.
KNOWN_PLUGINS: dict[str, PluginSupport] = {
    "mkdocs_cjm.plugin.events.CjmPlugin": PluginSupport(),
    # The search index: the preview puts it together from each page's entries.
    "mkdocs.contrib.search.SearchPlugin": PluginSupport(),
    "material.plugins.search.plugin.SearchPlugin": PluginSupport(),
    "mermaid2.plugin.MarkdownMermaidPlugin": PluginSupport(),
    # Its on_env fills the tags index pages, which the preview does not render again:
    # they list pages by tags (in the page's meta: a change is a full build), title
    # and URL (a change is a full build). A changed page that gains a listing of its
    # own needs on_env: a full build.
    "material.plugins.tags.plugin.TagsPlugin": PluginSupport(env=False, state=_tag_listings),
    # Dates each page from git in on_page_markdown (into its meta: a date that changes
    # is a full build); on_post_build copies timeago's assets again.
    "mkdocs_git_revision_date_localized_plugin.plugin.GitRevisionDateLocalizedPlugin": (
        PluginSupport()
    ),
    # Per page in on_page_content and on_post_page; on_post_build copies its assets again.
    "mkdocs_glightbox.plugin.LightboxPlugin": PluginSupport(),
    # Minifies each page in on_post_page; its on_post_build minifies and renames the
    # site's js/css files, which the preview does not copy again (a second time finds
    # them gone).
    "mkdocs_minify_plugin.plugin.MinifyPlugin": PluginSupport(post_build=False),
    # Only on_nav, from the files (unchanged) and the `.nav.yml` files in docs/ (a
    # change is a full build).
    "mkdocs_awesome_nav.plugin.AwesomeNavPlugin": PluginSupport(),
}

Fingerprint = tuple[tuple[str, int, int], ...]
Builder = Callable[[], None]
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ServedHandbook(Protocol):
    """What the preview reads of the plugin after each build (the plugin hands itself in;
    the preview knows no more of it than this)."""

    @property
    def maps_dir(self) -> Path:
        """The maps folder: a change outside it needs a full build."""

    @property
    def pages(self) -> Mapping[str, object]:
        """The generated pages and what each shows in the nav: a change needs a full build."""

    @property
    def settings(self) -> Settings | None:
        """This build's settings (its day): a new day needs a full build."""

    @property
    def options(self) -> Options:
        """The plugin's options: the plugins a site declares safe for the preview."""


class _NeedsFullBuild(Exception):
    """The preview cannot update the site in place; MkDocs builds all of it."""


@dataclass
class _Site:
    """What the last good build made, as MkDocs' build function held it."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    fingerprint: Fingerprint
    build_date: str
    nav_spec: Any  # config.nav as the plugin set it
    titles: dict[str, Any]  # the plugin's generated pages and their titles
    keys: list[tuple[Any, ...]]  # every file as far as the site's layout goes
    contents: dict[str, object]  # generated files: what each held
    theme_files: list[File]  # the theme's assets, as MkDocs added them
    env: jinja2.Environment | None = None
    search: dict[str, list[Any]] = field(default_factory=dict)  # page -> its search entries


class Preview:
    """Updates a served site after an edit of the maps; shows failed builds in the browser."""

    def __init__(self, plugin: ServedHandbook) -> None:
        self.plugin = plugin
        self.enabled = False  # `mkdocs serve` without --dirty or --clean
        self.site: _Site | None = None  # the last good build
        self._building: _Site | None = None  # the full build under way
        self._indexing: _Site | None = None  # the site whose pages' search entries are kept
        self._mark = 0  # search entries of the pages indexed so far
        self.problems: list[str] | None = None  # a failed build's messages, while shown
        self._full_build: Builder = lambda: None  # MkDocs' builder, from `install`
        self._root = Path()  # the served site directory, from `install`
        self._language: str | None = None

    # -- following MkDocs' own builds (plugin events) --------------------------------

    def start(self, command: str, dirty: bool) -> None:
        """`on_startup`: the preview updates sites of `mkdocs serve`; --dirty has its own way."""
        self.enabled = command == "serve" and not dirty

    def files_ready(self, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """`on_nav`, last: a full build has its files and navigation; remember them."""
        self._mark = 0
        self.site = None  # the site directory is being rebuilt: the old state is gone
        if not self.enabled:
            return
        self._building = self._indexing = _Site(
            config=config,
            files=files,
            nav=nav,
            fingerprint=_fingerprint(config, self.plugin.maps_dir),
            build_date=get_build_date(),
            nav_spec=config.nav,
            titles=dict(self.plugin.pages),
            keys=[_key(file) for file in files],
            contents={f.src_uri: _content(f) for f in files if f.generated_by is not None},
            theme_files=[f for f in files if f.src_dir in config.theme.dirs],
        )

    def env_ready(self, env: jinja2.Environment) -> None:
        """`on_env`: the theme's environment of the build under way."""
        if self._building is not None:
            self._building.env = env

    def page_indexed(self, page: Page) -> None:
        """`on_page_context`, last: keep the search entries this page added."""
        site = self._indexing
        if site is None:
            return
        entries = search_entries(site.config)
        if entries is not None:
            site.search[page.file.src_uri] = entries[self._mark :]
            self._mark = len(entries)

    def build_done(self) -> None:
        """`on_post_build`: the full build succeeded; its state is what the next edit updates."""
        if self._building is not None:
            self.site, self._building = self._building, None

    def build_failed(self) -> None:
        """`on_build_error`: the site directory is half made; only a full build can follow."""
        self.site = self._building = self._indexing = None

    # -- the server ------------------------------------------------------------------

    def install(self, server: LiveReloadServer, builder: Builder, config: MkDocsConfig) -> None:
        """`on_serve`: rebuild with the preview, and serve the problems of a failed build."""
        self._full_build = builder
        server.builder = self.rebuild
        self._root = Path(server.root)
        served = server.get_app()
        assert served is not None, "MkDocs' server has its app from the start"
        server.set_app(self._app(served, server.mount_path))
        self._language = config.theme.get("language")
        declared = self.plugin.options.preview_safe_plugins
        for name in declared:
            if name not in config.plugins:
                log.warning(
                    "cjm: preview_safe_plugins names '%s', which is not a plugin of this "
                    "site — the plugins are: %s",
                    printable(name),
                    ", ".join(config.plugins),
                )
        others = [name for name, support in _supports(config, declared).items() if not support]
        if self.enabled and others:
            log.info(
                "cjm: the preview renders every page again after an edit because of the "
                "plugin(s) %s; without them it renders only the pages an edit changed "
                "(name a plugin in the cjm option `preview_safe_plugins` if its page events "
                "touch only their page)",
                ", ".join(others),
            )

    def rebuild(self) -> None:
        """The server's builder: update in place when only maps changed, else MkDocs' build.

        Never raises: a failure is shown in the browser, and the server goes on.
        """
        start = time.perf_counter()
        with captured_messages() as messages:
            try:
                how = self._rebuild()
                site = self.site
                if site is not None and site.config.strict and messages:
                    # As MkDocs' build does, so that the preview shows what `--strict` refuses.
                    raise Abort(f"Aborted with {len(messages)} warnings in strict mode!")
            except (Exception, SystemExit) as exc:  # mkdocs' Abort is a SystemExit
                self._show_problems([*messages, *message_of(exc, messages)])
                log.error("cjm: the build failed; the browser shows why until it is fixed")
                return
        self._hide_problems()
        log.info("cjm: %s in %.2f s", how, time.perf_counter() - start)

    def _rebuild(self) -> str:
        site = self.site
        supports = _supports(site.config, self.plugin.options.preview_safe_plugins) if site else {}
        if site is not None and self.enabled and all(supports.values()):
            try:
                return self._update(site, supports)
            except _NeedsFullBuild as reason:
                log.info("cjm: %s: building the whole site", reason)
        self.site = None
        self._full_build()
        return "built the whole site"

    def _update(self, site: _Site, supports: Mapping[str, PluginSupport | None]) -> str:
        """Render again only the pages an edit of the maps changed, into the last build's site."""
        config = site.config
        self._check_same_day_and_files(site)
        changed = _take_changes(site, self._fresh_files(site))
        # From here on the site directory changes: a failure leaves it to a full build.
        self.site = None
        self._indexing = site
        pages = [file.page for file in changed if file.page is not None]
        for file in changed:
            if file.page is None:
                file.copy_file()
        shown = [(page.title, dict(page.meta)) for page in pages]
        states = _states(config, supports)
        for page in pages:
            forget_rendering(page)
            read_page(page, config, site.files)
        # As MkDocs' build: after the pages are read (the plugin gives nav titles back).
        assert site.env is not None, "a build that got to its pages has an environment"
        _run_event(config, "env", _left_out(config, supports, "env"), site.env, files=site.files)
        # Tags, git dates and the like are in the meta: pages elsewhere may show them.
        if [(page.title, page.meta) for page in pages] != shown:
            raise _NeedsFullBuild("a page's title or metadata (tags, dates) changed")
        if _states(config, supports) != states:
            raise _NeedsFullBuild("a plugin's state across pages changed")
        self._write_pages(site, {id(page) for page in pages})
        _run_event(config, "post_build", _left_out(config, supports, "post_build"))
        self.site = site
        return f"rendered {len(pages)} changed page{'s' if len(pages) != 1 else ''}"

    def _check_same_day_and_files(self, site: _Site) -> None:
        """Raise `_NeedsFullBuild` if more than the maps changed since the last build."""
        if _fingerprint(site.config, self.plugin.maps_dir) != site.fingerprint:
            raise _NeedsFullBuild("a file outside the maps changed")
        settings = self.plugin.settings
        if (
            get_build_date() != site.build_date
            or settings is None
            or today_from_environment() != settings.today
        ):
            raise _NeedsFullBuild("a new day")

    def _fresh_files(self, site: _Site) -> Files:
        """The plugins' file work, as MkDocs' build does it; `_NeedsFullBuild` unless the
        files, the nav and the titles are the last build's."""
        config = site.config
        # The fresh files only tell what changed: the last build's files, pages and
        # navigation are updated.
        files = get_files(config)
        # The theme's assets, as MkDocs would add them again: neither the theme's
        # `custom_dir` nor docs/ (whose files win over the theme's) has changed.
        for theme_file in site.theme_files:
            files.append(theme_file)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        if config.nav != site.nav_spec:
            raise _NeedsFullBuild("the navigation changed")
        site.nav_spec = config.nav
        if self.plugin.pages != site.titles:
            raise _NeedsFullBuild("a page title changed")
        if [_key(file) for file in files] != site.keys:
            raise _NeedsFullBuild("pages were added or removed")
        return files

    def _write_pages(self, site: _Site, changed: set[int]) -> None:
        """Write the changed pages; the search index gets every page's entries, in site order."""
        config = site.config
        entries = search_entries(config)
        if entries is not None:
            entries.clear()
        doc_files = site.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        assert site.env is not None, "a build that got to its pages has an environment"
        for file in doc_files:
            page = file.page
            assert page is not None
            if id(page) in changed:
                self._mark = len(entries) if entries is not None else 0
                write_page(
                    page,
                    config,
                    doc_files,
                    site.nav,
                    site.env,
                    excluded=file.inclusion.is_excluded(),
                )
            elif entries is not None:
                entries.extend(site.search.get(file.src_uri, ()))
        # Links to anchors of the changed pages, and from them: the others were checked.
        log_level = config.validation.links.anchors
        changed_files = {file for file in doc_files if id(file.page) in changed}
        for file in doc_files:
            page = file.page
            assert page is not None
            if id(page) in changed or not changed_files.isdisjoint(page.links_to_anchors or ()):
                page.validate_anchor_links(files=site.files, log_level=log_level)

    # -- a failed build, in the browser ---------------------------------------------

    def _app(self, served: WsgiApp, mount_path: str) -> WsgiApp:
        """MkDocs' server, but a page request gets the problems while a build has failed."""
        error_path = mount_path + ERROR_PAGE

        def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
            path = str(environ.get("PATH_INFO", ""))
            if self.problems is None or not is_page(path):
                return served(environ, start_response)

            def failed(status: str, headers: list[Any], exc_info: Any = None) -> Any:
                return start_response("500 Internal Server Error", headers, exc_info)

            # MkDocs serves the page, with its livereload script: fixed, it reloads.
            return served({**environ, "PATH_INFO": error_path}, failed)

        return app

    def _show_problems(self, messages: list[str]) -> None:
        self._root.mkdir(parents=True, exist_ok=True)
        page = error_page(messages, self._language)
        (self._root / ERROR_PAGE).write_text(page, encoding="utf-8")
        self.problems = messages

    def _hide_problems(self) -> None:
        self.problems = None
        (self._root / ERROR_PAGE).unlink(missing_ok=True)


def _supports(config: MkDocsConfig, declared: Iterable[str]) -> dict[str, PluginSupport | None]:
    """Each plugin of the site (by its name in mkdocs.yml) and how the preview updates pages
    with it; None for one it cannot. A plugin the site declares safe runs every event."""
    safe = set(declared)
    return {
        name: KNOWN_PLUGINS.get(_class_path(plugin), PluginSupport() if name in safe else None)
        for name, plugin in config.plugins.items()
    }


def _class_path(plugin: object) -> str:
    return f"{type(plugin).__module__}.{type(plugin).__qualname__}"


def _states(config: MkDocsConfig, supports: Mapping[str, PluginSupport | None]) -> list[object]:
    """The cross-page state of every plugin that has one (see `PluginSupport.state`)."""
    return [
        support.state(config.plugins[name])
        for name, support in supports.items()
        if support is not None and support.state is not None
    ]


def _left_out(
    config: MkDocsConfig, supports: Mapping[str, PluginSupport | None], event: str
) -> set[int]:
    """The plugins (ids) whose `event` the preview does not run."""
    return {
        id(config.plugins[name])
        for name, support in supports.items()
        if support is not None and not getattr(support, event)
    }


def _run_event(
    config: MkDocsConfig, event: str, left_out: set[int], item: Any = None, **kwargs: Any
) -> Any:
    """A build-wide event, as MkDocs' `run_event` runs it, but not for the plugins left out."""
    for method in config.plugins.events[event]:
        if id(getattr(method, "__self__", None)) in left_out:
            continue
        if item is None:
            method(config=config, **kwargs)
        else:
            result = method(item, config=config, **kwargs)
            item = item if result is None else result
    return item


def _fingerprint(config: MkDocsConfig, maps_dir: Path) -> Fingerprint:
    """Name, time and size of every file a change outside the maps could come from."""
    roots = [config.config_file_path, config.docs_dir, config.theme.custom_dir, *config.watch]
    skip = {os.path.abspath(maps_dir), os.path.abspath(config.site_dir)}
    found: list[tuple[str, int, int]] = []
    for root in roots:
        if not root:
            continue
        for path in _walk(os.path.abspath(root), skip):
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def _walk(root: str, skip: set[str]) -> Iterator[str]:
    if root in skip:
        return
    if not os.path.isdir(root):
        yield root
        return
    for folder, folders, names in os.walk(root):
        folders[:] = [d for d in folders if os.path.join(folder, d) not in skip]
        for name in names:
            yield os.path.join(folder, name)


def _key(file: File) -> tuple[Any, ...]:
    """What of a file shapes the rest of the site: its place, who made it. (Its URL follows
    from its place and the unchanged config; computing it for every file took longer.)"""
    return (
        file.src_uri,
        file.inclusion,
        file.edit_uri,
        file.generated_by,
        file.abs_src_path if file.generated_by is None else None,
    )


def _take_changes(site: _Site, files: Files) -> list[File]:
    """The last build's generated files whose content `files` changes, given the new one."""
    changed: list[File] = []
    for file in files:
        if file.generated_by is None:
            continue
        content = _content(file)
        before = site.contents.get(file.src_uri)
        if before is not content and before != content:
            old = site.files.get_file_from_path(file.src_uri)
            assert old is not None, "the same keys, the same files"
            _take_content(old, file)
            site.contents[file.src_uri] = content
            changed.append(old)
    return changed


def _content(file: File) -> object:
    """What a generated file holds: for a page RenderCache reused, the very same bytes.
    (A generated page's `abs_src_path` names its map, for other plugins; its content
    is in memory.)"""
    return file.content_bytes


def _take_content(old: File, new: File) -> None:
    """Give the last build's file the content of this build's."""
    source_path = new.abs_src_path
    old.content_bytes = new.content_bytes
    old.abs_src_path = source_path  # the setter forgets it
