"""The MkDocs glue: the `cjm` plugin turns `maps/` into pages of the site.

The pipeline, once per build:
  on_config  resolve options, switch safe Markdown on for generated pages
  on_files   load + check the maps (errors stop the build), render the pages,
             add them as in-memory files, place them in an automatic nav
  on_page_*  give generated pages an escaped title and the safe Markdown rules
  on_env     give pages their nav titles back, once tags and feeds have listed them
  on_serve   rebuild when a map changes: only the pages it changed (preview.py),
             and a failed build shows its problems in the browser

What other plugins (static-i18n, macros, git dates, tags) need is in compat.py.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import secrets
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit, urlunsplit

from mkdocs.config.base import (
    BaseConfigOption,
    Config,
    ConfigErrors,
    ConfigWarnings,
    ValidationError,
)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import nest_paths

from . import compat
from .canvas import STYLESHEET
from .config import (
    OPTION_NAMES,
    ConfigError,
    Options,
    Settings,
    check_option,
    read_options,
    settings_for,
    today_from_environment,
    unknown_option,
)
from .diagnostics import Severity, printable, sort_key
from .export import EXPORT_FILE
from .load import display_path
from .nav import escape_nav_titles, handbook_nav, nav_pages_for, nav_uris, page_tags
from .pipeline import Pipeline, paused_gc
from .preview import Preview
from .sanitize import GeneratedPageExtension

if TYPE_CHECKING:
    # Only for a type: the server's modules (ssl, http, watchdog) are 2 MB a build needs not.
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.plugins.cjm")

FILTERS_JS = "assets/javascripts/cjm-filters.js"
FILTERS_CSS = STYLESHEET
"""Where the plugin publishes the script of the opportunity filters, and its styles
(those of the filters and of the journey canvas)."""

_LOG_LEVEL = {
    Severity.ERROR: logging.ERROR,
    Severity.WARNING: logging.WARNING,
    Severity.INFO: logging.INFO,
}


class _Shared(BaseConfigOption[Any]):
    """An option as `config.Options` defines it: its default and its check, which the
    CLI applies too, so that both refuse the same values in the same words."""

    def __set_name__(self, owner: type, name: str) -> None:
        super().__set_name__(owner, name)
        self.default = getattr(Options, name)

    def run_validation(self, value: object, /) -> Any:
        try:
            return check_option(self._name, value)
        except ConfigError as exc:
            raise ValidationError(str(exc)) from None


class CjmConfig(Config):
    """Options of the `cjm` plugin in mkdocs.yml: types, defaults, checks and meanings
    are in `config.Options`; MkDocs needs each name here to accept it."""

    maps_dir = _Shared()
    review_every = _Shared()
    stale = _Shared()
    due_soon = _Shared()
    evidence_max_age = _Shared()
    nav = _Shared()
    nav_pages = _Shared()


class _PageInfo(NamedTuple):
    """What the page events need of a generated page."""

    title: str
    wide: bool
    source_path: str  # the map it shows (or maps/): what git dates it by
    tags: list[str]
    link_title: str  # the title out of context: footer links, search results


class CjmPlugin(BasePlugin[CjmConfig]):
    """Generates the pages of a customer-experience handbook from `maps/`."""

    def __init__(self) -> None:
        self.pages: dict[str, _PageInfo] = {}
        # Kept across `mkdocs serve` rebuilds: what an edit leaves unchanged is reused.
        self.pipeline = Pipeline()
        self.serving = False
        self.preview = Preview(self)
        self._edit_uris: dict[str, dict[Path, str]] = {}  # by docs_dir, then map file
        self.root = Path.cwd()
        self.maps_dir = self.root / "maps"
        self.options = Options()
        self.settings: Settings | None = None  # made in on_config, once per build
        self.author_nav = False
        self._our_nav: list[Any] | None = None  # the nav this plugin set last
        self._rendering_generated = False
        self._nav_titles: list[tuple[Page, Any]] = []
        self._generator: str | None = None  # see compat.date_by_source
        # The word of the marker paragraphs around writers' bodies: random, so that
        # no map can forge one (see sanitize.GeneratedPageExtension). Markers never
        # reach the HTML, so builds stay byte for byte the same.
        self.body_marker = f"cjm-body-{secrets.token_hex(16)}"

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[ConfigErrors, ConfigWarnings]:
        """MkDocs' check of the options, with the CLI's words for an unknown one."""
        errors, warnings = super().load_config(options, config_file_path)
        # MkDocs says "Unrecognised configuration name"; ours names the closest option.
        return errors, [
            (key, str(unknown_option(key))) if key not in OPTION_NAMES else (key, message)
            for key, message in warnings
        ]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps one plugin instance across `serve` rebuilds."""
        self.serving = command == "serve"
        self.preview.start(command, dirty)
        compat.quiet_mermaid2()

    # Runs last, so that the safe-Markdown extension comes after every other one.
    @event_priority(-100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Resolve the options and prepare the safe-Markdown rules."""
        # MkDocs has checked each option already; this makes them typed `Options`.
        self.options = read_options(dict(self.config))
        try:
            # Per build: `mkdocs serve` may run past midnight.
            today = today_from_environment()
        except ConfigError as exc:
            raise PluginError(f"cjm: {printable(str(exc))}") from None
        self.root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.maps_dir = (self.root / self.options.maps_dir).resolve()
        self.settings = settings_for(self.options, Path(config.docs_dir), today)
        self.author_nav = config.nav is not None and not self._nav_is_ours(config)
        # mkdocs-static-i18n builds once per language with the same config: add once.
        if not any(isinstance(e, GeneratedPageExtension) for e in config.markdown_extensions):
            # Python-Markdown takes extension instances as well as names.
            config.markdown_extensions.append(
                GeneratedPageExtension(  # type: ignore[arg-type]
                    lambda: self._rendering_generated, self.body_marker
                )
            )
        # The filters of the opportunities page: a script and a stylesheet the
        # plugin publishes itself (raw HTML is off on generated pages).
        if FILTERS_JS not in config.extra_javascript:
            config.extra_javascript.append(FILTERS_JS)
        if FILTERS_CSS not in config.extra_css:
            config.extra_css.append(FILTERS_CSS)
        compat.quiet_mermaid2()
        return config

    def _nav_is_ours(self, config: MkDocsConfig) -> bool:
        """Whether config.nav is the one an earlier build of this run set (static-i18n
        builds each language again with the same config)."""
        return self._our_nav is not None and self._our_nav is config.nav

    @event_priority(50)
    def _on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if config.plugins.get(compat.I18N) is not None:
            return files  # added after static-i18n's own sorting (below)
        return self.add_handbook(files, config)

    # static-i18n makes a new File of every page from docs_dir (losing the content of
    # an in-memory one): generated pages join its files after it has sorted them.
    @event_priority(-110)
    def _on_files_after_i18n(self, files: Files, config: MkDocsConfig) -> Files:
        if config.plugins.get(compat.I18N) is None:
            return files
        return self.add_handbook(files, config)

    on_files = CombinedEvent(_on_files, _on_files_after_i18n)

    def add_handbook(self, files: Files, config: MkDocsConfig) -> Files:
        """Check the maps, then add a page for every journey, stage, persona and touchpoint."""
        try:
            compat.check_links(files, self.root)
            compat.check_mermaid2(config, self.root)
        except compat.SetupError as exc:
            raise PluginError(str(exc)) from None
        with paused_gc():
            return self._add_pages(files, config)

    def _add_pages(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.settings is not None, "on_config makes the settings"
        today = self.settings.today
        pipeline = self.pipeline
        handbook = pipeline.handbook(self.maps_dir, self.root, self.settings)
        for diagnostic in sorted(handbook.diagnostics, key=sort_key):
            log.log(_LOG_LEVEL[diagnostic.severity], diagnostic.log_line())
        errors = sum(d.severity is Severity.ERROR for d in handbook.diagnostics)
        if errors:
            raise PluginError(
                f"cjm: {errors} error{'s' if errors != 1 else ''} in "
                f"{printable(display_path(self.maps_dir, self.root))}; fix them and build again "
                "(`mkdocs-cjm check` lists them too)"
            )
        history = pipeline.history(self.root, self.maps_dir)
        if not history.available:
            log.info(
                "cjm: %s is not in a git work tree; pages show the build date as their last change",
                printable(display_path(self.maps_dir, self.root)),
            )
        language = compat.i18n_language(config) or config.theme.get("language")
        site_prefix = compat.i18n_site_prefix(config)
        pages = pipeline.pages(
            handbook, history, language, today, self.body_marker, config.use_directory_urls
        )
        # The handbook as data for tools, the same JSON as `mkdocs-cjm export`; an
        # author's own docs/cjm.json wins.
        data = pipeline.export(handbook) if files.get_file_from_path(EXPORT_FILE) is None else None
        edit_uris = self._edit_uris.setdefault(config.docs_dir, {})
        with pipeline.phase("files"):
            tags = page_tags(handbook)
            self.pages = {
                page.src_uri: _PageInfo(
                    page.title,
                    page.wide,
                    compat.source_path(page, self.maps_dir),
                    tags.get(page.src_uri, []),
                    page.link_title or page.title,
                )
                for page in pages
            }
            generated: list[File] = []
            for page in pages:
                existing = files.get_file_from_path(page.src_uri)
                if existing is not None and existing.generated_by is None:
                    raise PluginError(
                        f"cjm: {config.docs_dir}/{page.src_uri} has the same path as the generated "
                        f"page {page.src_uri}; rename or remove it"
                    )
                file = File.generated(config, page.src_uri, content=page.content)
                file.abs_src_path = self.pages[page.src_uri].source_path
                compat.place_in_language(file, site_prefix)
                # The "edit this page" button opens the map, not the generated Markdown.
                if page.source is not None and page.source.path:
                    source_file = page.source.file
                    if source_file not in edit_uris:
                        edit_uris[source_file] = _relative_to_docs(source_file, config)
                    file.edit_uri = edit_uris[source_file]
                else:
                    file.edit_uri = None
                files.append(file)
                generated.append(file)
            if data is not None:
                files.append(File.generated(config, EXPORT_FILE, content=data.encode()))
            for src_uri, asset in ((FILTERS_JS, "cjm-filters.js"), (FILTERS_CSS, "cjm.css")):
                # A file of the same name in docs_dir wins: the author has replaced ours.
                if files.get_file_from_path(src_uri) is None:
                    content = (resources.files("mkdocs_cjm") / "assets" / asset).read_text("utf-8")
                    files.append(File.generated(config, src_uri, content=content))
            # awesome-nav makes the nav itself from the files (and warns of any other):
            # the generated folders are there for its `.nav.yml` to place.
            if (
                not self.author_nav
                and self.options.nav
                and compat.AWESOME_NAV not in config.plugins
            ):
                docs_pages = [
                    f.src_uri
                    for f in files.documentation_pages()
                    if f.src_uri not in self.pages and f.inclusion.is_in_nav()
                ]
                mode = nav_pages_for(self.options.nav_pages, len(pages))
                nav = handbook_nav(handbook, language, mode)
                listed = nav_uris(nav)
                for file in generated:
                    # Left out of the nav on purpose: MkDocs need not list them as missing.
                    if file.src_uri not in listed:
                        file.inclusion = InclusionLevel.NOT_IN_NAV
                config.nav = nest_paths(docs_pages) + escape_nav_titles(nav)
                self._our_nav = config.nav
        log.debug("cjm: %s", pipeline.summary())
        if not self.serving:
            # One build: nothing to reuse. Models and caches would only make MkDocs'
            # own garbage collections slower and its peak memory higher.
            self.pipeline = Pipeline()
        return files

    def _on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Footer links that say which journey they lead to.

        The automatic nav labels a journey's pages by their place in it ("Overview",
        "Advocacy"), and themes print a page's nav title in the previous/next links
        of the footer too, where "Next: Advocacy" could be any journey's. Each such
        page gets its full title ("Buying a sofa · Advocacy"); Material's sidebar
        keeps the short label (its `typeset` title; other themes show the full one).
        """
        if self.author_nav or not self.options.nav:
            return nav
        for page in nav.pages:
            generated = self.pages.get(page.file.src_uri)
            # A page listed without a title has none yet: it gets its own title later.
            if generated is None or page.title is None:
                continue
            full = html.escape(generated.link_title)
            if page.title != full:
                page.typeset = {"title": page.title}  # type: ignore[attr-defined]
                page.title = full
        return nav

    # Early: other plugins read the meta set here (mkdocs-macros `render_macros`,
    # Material's tags plugin `tags` at -50).
    @event_priority(100)
    def _on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Give a generated page its title (escaped: themes print titles as HTML)."""
        generated = self.pages.get(page.file.src_uri)
        self._rendering_generated = generated is not None
        if generated is not None:
            page.meta["title"] = html.escape(generated.title)
            # Writers' text is data, never a template: mkdocs-macros must leave it be.
            page.meta["render_macros"] = False
            if generated.tags:
                # Escaped like the title: Material prints tag names as HTML.
                page.meta["tags"] = [html.escape(tag) for tag in generated.tags]
            self._generator = compat.date_by_source(page.file, config)
            if page.edit_url:
                page.edit_url = _normalise_url(page.edit_url)
            if generated.wide:
                # Material's per-page option; other themes ignore it.
                page.meta.setdefault("hide", ["toc"])
        return markdown

    # After the other plugins' page_markdown at the default priority (0).
    @event_priority(-1)
    def _on_page_markdown_after(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self._generator is not None:
            page.file.generated_by = self._generator
            self._generator = None
        return markdown

    on_page_markdown = CombinedEvent(_on_page_markdown, _on_page_markdown_after)

    def on_page_content(
        self, html_content: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Switch the safe-Markdown rules off again after a generated page."""
        if self._rendering_generated:
            # In the automatic nav a journey's page is "Overview" under the journey's
            # title. Plugins that list pages elsewhere read `page.title` after this (the
            # RSS feed at -75, Material's tags index in on_env): they get the page's own
            # title until on_env gives the nav its titles back.
            self._nav_titles += compat.own_titles([(page, page.meta["title"])])
            # MkDocs has its own copy of the Markdown (`page.markdown`) and has made
            # the HTML: the file's copy is not read again. Let it go, or every page's
            # Markdown is kept twice until the build ends. `mkdocs serve` makes new
            # files for every build.
            source_path = page.file.abs_src_path
            page.file.content_bytes = b""
            # The setter forgets the path; mkdocs-rss-plugin reads it later (at -75).
            page.file.abs_src_path = source_path
        self._rendering_generated = False
        return html_content

    # The preview's record of a full build: after every other plugin's work.
    @event_priority(-100)
    def _on_nav_preview(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation:
        """Let the preview keep the build's files and navigation (`mkdocs serve` only)."""
        self.preview.files_ready(config, files, nav)
        return nav

    on_nav = CombinedEvent(_on_nav, _on_nav_preview)

    @event_priority(-100)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Let the preview keep the search entries of the page (the search plugin's come first)."""
        self.preview.page_indexed(page)
        return context

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """The build succeeded: the preview updates it after the next edit."""
        self.preview.build_done()

    def on_build_error(self, *, error: Exception) -> None:
        """The build failed: the next rebuild is a full one."""
        self.preview.build_failed()

    # After Material's tags plugin (100) has listed the pages, before any template.
    @event_priority(90)
    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Give generated pages their nav titles back (see on_page_content); let the
        preview keep the theme's environment."""
        compat.restore_titles(self._nav_titles)
        self._nav_titles = []
        self.preview.env_ready(env)
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when a map changes; only what changed, and never stall on a failed build."""
        server.watch(str(self.maps_dir))
        self.preview.install(server, builder, config)
        return server


def _normalise_url(url: str) -> str:
    """`.../edit/main/docs/../maps/x.md` as `.../edit/main/maps/x.md`: the `..` that
    leads from docs_dir to maps/ stays out of the address a reader sees."""
    parts = urlsplit(url)
    path = posixpath.normpath(parts.path) if parts.path else parts.path
    return urlunsplit(parts._replace(path=path))


def _relative_to_docs(file: Path, config: MkDocsConfig) -> str:
    """A source path as MkDocs' `edit_uri` expects it: relative to docs_dir."""
    return Path(os.path.relpath(file.resolve(), Path(config.docs_dir).resolve())).as_posix()
