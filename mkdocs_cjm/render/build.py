"""One build's rendering: what every page shares, and a page spec made into a page."""

from __future__ import annotations

import datetime

from ..handbook.resolve import Handbook
from ..i18n import translator
from ..read.git_history import History
from ..read.source import Source
from ..safety import external_media as external
from ..urls import JOURNEYS_INDEX, OPPORTUNITIES_INDEX
from ..views import lists as views
from ..views import portfolio
from . import markdown
from .blocks import Blocks
from .cache import NO_REUSE, Reuse
from .environment import PageTemplates
from .layout import Layout
from .page import GeneratedPage, PageSpec, meta_description

# Pages whose tables have many columns: they use the room of the table of contents.
_WIDE_PAGES = frozenset({OPPORTUNITIES_INDEX, JOURNEYS_INDEX})


class Build:
    """What the pages of one build share: the handbook, the language, the date, reuse."""

    def __init__(
        self,
        handbook: Handbook,
        history: History,
        language: str | None,
        build_date: datetime.date,
        reuse: Reuse = NO_REUSE,
        body_marker: str = "",
        directory_urls: bool = True,
    ) -> None:
        self.handbook = handbook
        self.history = history
        self.build_date = build_date
        self.body_marker = body_marker
        self.reuse = reuse
        # Made once, not looked up per page: both are quadratic in a large handbook.
        self.compared_in = views.compared_in(handbook)
        self.preferred_by = views.preferred_by(handbook)
        self.sub_journeys = portfolio.sub_journeys(handbook)
        self._journey_groups: list[portfolio.PortfolioGroup] | None = None
        # What every page depends on: a change to any of it renders every page again.
        reuse.start(
            (
                language,
                build_date,
                handbook.settings,
                history.available,
                body_marker,
                directory_urls,
                *handbook.stages.values(),
            )
        )
        self.t = translator(language)
        self.blocks = Blocks(handbook, self.t, body_marker, directory_urls)
        self.templates = PageTemplates(handbook, self.t, reuse, Layout(body_marker, directory_urls))

    def journey_groups(self) -> list[portfolio.PortfolioGroup]:
        """The groups of the journeys index (`views.portfolio_groups`), made once."""
        if self._journey_groups is None:
            self._journey_groups = portfolio.portfolio_groups(self.handbook, self.t.sort_key)
        return self._journey_groups

    def last_changed(self, source: Source | None) -> datetime.date:
        """The date the source last changed in git, or the build date without git."""
        if source is None or not source.path:
            return self.build_date
        return self.history.last_changed(source.path) or self.build_date

    def page(self, spec: PageSpec) -> GeneratedPage:
        """The page of a spec, reused from the last build while its inputs are the same."""
        return self.reuse.page(spec.src_uri, spec.inputs, lambda: self.render(spec))

    def render(self, spec: PageSpec) -> GeneratedPage:
        """The page of a spec, rendered from its template."""
        source = spec.source
        body = source.body if source else ""
        if self.handbook.settings.external_media == "warn":
            body = external.neutralise_diagrams(body)
        text = self.templates.render(
            spec.template,
            spec.src_uri,
            title=spec.title,
            source=source,
            last_changed=self.last_changed(source),
            body=markdown.body(body, self.body_marker),
            **spec.context(),
        )
        return GeneratedPage(
            spec.src_uri,
            spec.title,
            text.encode("utf-8"),
            source,
            wide=spec.src_uri in _WIDE_PAGES,
            link_title=spec.link_title,
            full_width=spec.full_width,
            description=meta_description(spec.summary),
        )
