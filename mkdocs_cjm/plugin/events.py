"""The MkDocs glue: the `cjm` plugin turns `maps/` into pages of the site.

The pipeline, once per build:
  on_config  resolve options, switch safe Markdown on for generated pages
  on_files   load + check the maps (errors stop the build), render the pages,
             add them as in-memory files, place them in an automatic nav
  on_page_*  give generated pages an escaped title and the safe Markdown rules
  on_env     give pages their nav titles back, once tags and feeds have listed them
  on_serve   rebuild when a map changes: only the pages it changed (plugin/preview.py),
             and a failed build shows its problems in the browser

What other plugins (static-i18n, macros, git dates, tags) need is in plugin/compat.py.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..config import (
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
from ..diagnostics import Diagnostic, Severity, printable, sort_key
from ..pipeline import Pipeline, paused_gc
from ..publish.export import EXPORT_FILE
from ..read.map_files import display_path
from ..read.source import Source
from ..safety.external_media import line_of
from ..safety.markdown_extension import GeneratedPageExtension
from ..safety.writer_html import Dropped, clean_writer_regions, left_out
from ..urls import in_site
from ..views.nav import nav_pages_for, page_tags
from . import compat
from .files import (
    PageInfo,
    add_assets,
    automatic_nav,
    full_titles,
    generated_file,
    link_assets,
    page_infos,
    pages_in_site,
    release_content,
    set_page_meta,
)
from .preview import Preview

if TYPE_CHECKING:
    # Only for a type: the server's modules (ssl, http, watchdog) are 2 MB a build needs not.
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.plugins.cjm")

_NO_GIT = "cjm: %s is not in a git work tree; pages show the build date as their last change"

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
    base_path = _Shared()
    full_width = _Shared()
    external_media = _Shared()
    preview_safe_plugins = _Shared()


class CjmPlugin(BasePlugin[CjmConfig]):
    """Generates the pages of a customer-experience handbook from `maps/`."""

    def __init__(self) -> None:
        self.pages: dict[str, PageInfo] = {}
        # Kept across `mkdocs serve` rebuilds: what an edit leaves unchanged is reused.
        self.pipeline = Pipeline()
        self.serving = False
        self.preview = Preview(self)
        self._edit_uris: dict[str, dict[Path, str]] = {}  # by docs_dir, then map file
        # docs_dir as mkdocs.yml names it, which `edit_uri` is written for: mkdocs-monorepo
        # moves config.docs_dir to a merged copy of every project's docs.
        self._edit_docs_dir = ""
        self.root = Path.cwd()
        self.maps_dir = self.root / "maps"
        self.options = Options()
        self.settings: Settings | None = None  # made in on_config, once per build
        self.author_nav = False
        self._our_nav: list[Any] | None = None  # the nav this plugin set last
        self._rendering_generated = False
        self._sources: dict[str, Source] = {}  # the map of each generated page, by src_uri
        self._reported: set[tuple[str, int, str]] = set()  # (path, line, message) of findings
        self._nav_titles: list[tuple[Page, Any]] = []
        self._generator: str | None = None  # see compat.date_by_source
        # The word of the marker paragraphs around writers' bodies: random, so that
        # no map can forge one (see markdown_extension.GeneratedPageExtension). Markers never
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

    # Before mermaid2's (0), which decides how it loads Mermaid from the config.
    @event_priority(50)
    def _on_config_early(self, config: MkDocsConfig) -> MkDocsConfig:
        compat.mermaid_on_every_page(config)
        self._edit_docs_dir = config.docs_dir
        return config

    # Runs last, so that the safe-Markdown extension comes after every other one.
    @event_priority(-100)
    def _on_config(self, config: MkDocsConfig) -> MkDocsConfig:
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
        link_assets(config, self.options.base_path)
        compat.quiet_mermaid2()
        return config

    on_config = CombinedEvent(_on_config_early, _on_config)

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
        pipeline = self.pipeline
        handbook = pipeline.handbook(self.maps_dir, self.root, self.settings)
        _stop_on_errors(handbook.diagnostics, display_path(self.maps_dir, self.root))
        # What the last pass over writers' HTML finds again is not reported twice.
        self._reported = {(d.path, d.line, d.message) for d in handbook.diagnostics}
        history = pipeline.history(self.root, self.maps_dir)
        if not history.available:
            log.info(_NO_GIT, printable(display_path(self.maps_dir, self.root)))
        language = compat.i18n_language(config) or config.theme.get("language")
        today, directory_urls = self.settings.today, config.use_directory_urls
        pages = pipeline.pages(handbook, history, language, today, self.body_marker, directory_urls)
        base_path = self.options.base_path
        pages = pages_in_site(pages, base_path)
        # The handbook as data for tools, the same JSON as `mkdocs-cjm export`; an
        # author's own docs/cjm.json wins.
        own_data = files.get_file_from_path(in_site(EXPORT_FILE, base_path))
        data = pipeline.export(handbook) if own_data is None else None
        docs_dir = self._edit_docs_dir or config.docs_dir
        edit_uris = self._edit_uris.setdefault(docs_dir, {})
        with pipeline.phase("files"):
            tags = page_tags(handbook)
            index_source = compat.index_source(pages, history, self.maps_dir)
            self.pages = page_infos(pages, tags, index_source, base_path)
            # Apart from `pages`, which the preview compares to see if titles changed.
            self._sources = {page.src_uri: page.source for page in pages if page.source}
            language_sites = compat.i18n_sites(config)
            generated: list[File] = []
            for page in pages:
                info = self.pages[page.src_uri]
                file = generated_file(page, info, files, config, edit_uris, docs_dir)
                compat.place_in_language(file, language_sites)
                files.append(file)
                generated.append(file)
            add_assets(files, config, data, base_path)
            # awesome-nav makes the nav itself from the files (and warns of any other):
            # the generated folders are there for its `.nav.yml` to place.
            if (
                not self.author_nav
                and self.options.nav
                and compat.AWESOME_NAV not in config.plugins
            ):
                mode = nav_pages_for(self.options.nav_pages, len(pages))
                config.nav = automatic_nav(
                    handbook,
                    language,
                    mode,
                    files,
                    generated,
                    compat.i18n_nav_sections(config),
                    base_path,
                )
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
        if not self.author_nav and self.options.nav:
            full_titles(nav, self.pages)
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
            set_page_meta(page, generated)
            self._generator = compat.date_by_source(page.file, config)
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

    # First, so that other plugins get the page's HTML without what the allow-list drops.
    @event_priority(100)
    def _on_page_content_writers(
        self, html_content: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Pass the HTML made from writers' bodies through the allow-list
        (safety/writer_html.py)."""
        if not self._rendering_generated:
            return html_content
        html_content, dropped = clean_writer_regions(
            html_content, self.body_marker, self.options.external_media
        )
        source = self._sources.get(page.file.src_uri)
        if dropped and source is not None:
            self._report_left_out(source, dropped)
        return html_content

    def _report_left_out(self, source: Source, dropped: list[Dropped]) -> None:
        """A warning for each thing left out of a body, at the line that made it; once."""
        lines = source.body.split("\n")
        # The second `<script>` left out is at the second line that names one.
        searched_from: dict[tuple[str, ...], int] = {}
        for item in dropped:
            index = line_of(lines, item.words, searched_from.get(item.words, 0))
            searched_from[item.words] = index + 1
            finding = left_out(source.path, source.body_line + index, item)
            if (finding.path, finding.line, finding.message) not in self._reported:
                self._reported.add((finding.path, finding.line, finding.message))
                log.warning(finding.log_line())

    def _on_page_content(
        self, html_content: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Switch the safe-Markdown rules off again after a generated page."""
        if self._rendering_generated:
            # In the automatic nav a journey's page is "Overview" under the journey's
            # title. Plugins that list pages elsewhere read `page.title` after this (the
            # RSS feed at -75, Material's tags index in on_env): they get the page's own
            # title until on_env gives the nav its titles back.
            self._nav_titles += compat.own_titles([(page, page.meta["title"])])
            release_content(page.file)
        self._rendering_generated = False
        return html_content

    on_page_content = CombinedEvent(_on_page_content_writers, _on_page_content)

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


def _stop_on_errors(diagnostics: list[Diagnostic], maps: str) -> None:
    """Log every finding of the maps; stop the build if one is an error."""
    for diagnostic in sorted(diagnostics, key=sort_key):
        log.log(_LOG_LEVEL[diagnostic.severity], diagnostic.log_line())
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    if errors:
        raise PluginError(
            f"cjm: {errors} error{'s' if errors != 1 else ''} in "
            f"{printable(maps)}; fix them and build again "
            "(`mkdocs-cjm check` lists them too)"
        )
