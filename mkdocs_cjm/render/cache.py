"""Reuse for `mkdocs serve`: the one seam between rendering and what the last build made.

The renderer asks a `Reuse` for every page, every long table's rows, each
journey's ranked items and the impact/effort grid, handing it a function that
makes the thing afresh. `RenderCache` keeps them from build to build and calls
that function only when the inputs changed; `NO_REUSE`, for one-shot builds
(`mkdocs build`, `generate`, tests), always calls it. So rendering has no
branches on whether a cache is there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from ..handbook.resolve import Usage
from ..model import Journey
from ..reuse import same_inputs
from ..views.lists import JourneyItems, RankedOpportunity, RankedPainPoint
from .markdown import Trusted
from .page import GeneratedPage

RowKey = tuple[str, str, int]
"""A cached table row: the template and macro that print it, and its item's `id()`."""

RowItem = RankedOpportunity | RankedPainPoint | Usage | tuple[Journey, int]
"""What a row of a long table shows: a ranked item, a step, or a journey's stage."""

Scores = tuple[tuple[int, int, str], ...]
"""What the impact/effort grid shows of the ranked opportunities: effort, impact, text."""


def _row_identity(item: RowItem) -> tuple[object, Journey]:
    """The model a row shows, and the journey it belongs to."""
    if isinstance(item, RankedOpportunity):
        return item.opportunity, item.usage.journey
    if isinstance(item, RankedPainPoint):
        return item.pain_point, item.usage.journey
    if isinstance(item, Usage):
        return item.step, item.journey
    journey, stage_index = item
    return journey.stages[stage_index], journey


class Reuse(Protocol):
    """What rendering may take from the last build (see the module's docstring)."""

    def start(self, context: tuple[Any, ...]) -> None:
        """Begin a build; `context` is what every page depends on (language, date, stages)."""

    def page(
        self, src_uri: str, inputs: tuple[Any, ...], make: Callable[[], GeneratedPage]
    ) -> GeneratedPage:
        """The page at `src_uri`, made from `inputs`."""

    def table_rows(
        self, template: str, name: str, make: Callable[[RowItem], str], items: Iterable[RowItem]
    ) -> list[str]:
        """The rows the macro `name` of `template` prints for `items` (`make`), one each."""

    def journey_items(self, journey: Journey, make: Callable[[], JourneyItems]) -> JourneyItems:
        """A journey's opportunities and pain points with their steps."""

    def matrix(self, ranked: list[RankedOpportunity], make: Callable[[], Trusted]) -> Trusted:
        """The impact/effort grid of the ranked opportunities."""

    def keep_only(self, src_uris: set[str], journeys: dict[str, Journey]) -> None:
        """End a build: forget what is gone (`src_uris`: this build's pages)."""


class NoReuse:
    """A `Reuse` that keeps nothing: every build makes everything (one-shot builds)."""

    def start(self, context: tuple[Any, ...]) -> None:
        """Nothing to begin."""

    def page(
        self, src_uri: str, inputs: tuple[Any, ...], make: Callable[[], GeneratedPage]
    ) -> GeneratedPage:
        """`make()`."""
        return make()

    def table_rows(
        self, template: str, name: str, make: Callable[[RowItem], str], items: Iterable[RowItem]
    ) -> list[str]:
        """Every row made."""
        return [make(item) for item in items]

    def journey_items(self, journey: Journey, make: Callable[[], JourneyItems]) -> JourneyItems:
        """`make()`."""
        return make()

    def matrix(self, ranked: list[RankedOpportunity], make: Callable[[], Trusted]) -> Trusted:
        """`make()`."""
        return make()

    def keep_only(self, src_uris: set[str], journeys: dict[str, Journey]) -> None:
        """Nothing to forget."""


NO_REUSE = NoReuse()


class RenderCache:
    """The pages of the last build with what each was made from, for `mkdocs serve`.

    After an edit, only pages whose inputs changed are rendered again: those of
    the edited file, the pages that show something of it, and the index pages.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[tuple[Any, ...], GeneratedPage]] = {}
        self._context: tuple[Any, ...] | None = None
        self.rendered = 0  # pages rendered (not reused) by the last build
        # Table rows of the long lists by what they show (see `table_rows`): the
        # opportunities page lists every opportunity and is made again after any
        # edit; a touchpoint page lists every step that uses it, of every journey.
        self.rows: dict[RowKey, tuple[object, Journey, str]] = {}
        # Each journey's opportunities and pain points with their steps, to be ranked.
        self.items: dict[str, tuple[Journey, JourneyItems]] = {}
        # The impact/effort chart, by the scores of the ranked opportunities it places.
        self._matrix: tuple[Scores, Trusted] | None = None

    def start(self, context: tuple[Any, ...]) -> None:
        """Begin a build; `context` is what every page depends on (language, date, stages)."""
        if not same_inputs(context, self._context):
            self._pages.clear()
            self.rows.clear()
            self._matrix = None
        self._context = context
        self.rendered = 0

    def page(
        self, src_uri: str, inputs: tuple[Any, ...], make: Callable[[], GeneratedPage]
    ) -> GeneratedPage:
        """The page of the last build if its inputs are the same, else `make()`."""
        entry = self._pages.get(src_uri)
        if entry is not None and same_inputs(inputs, entry[0]):
            return entry[1]
        page = make()
        self.rendered += 1
        self._pages[src_uri] = (inputs, page)
        return page

    def table_rows(
        self, template: str, name: str, make: Callable[[RowItem], str], items: Iterable[RowItem]
    ) -> list[str]:
        """The rows the macro `name` of `template` prints for `items`, reused by what each shows.

        A row is reused from the last build while the journey it belongs to is the
        same model: a row shows its item, the item's journey and stage titles, and
        a change to the stages starts the cache afresh. A template's pages all live
        in one folder, so a row's relative links are the same on each of them.
        """
        cached = self.rows
        lines = []
        for item in items:
            if isinstance(item, RankedOpportunity) and item.shared is not None:
                # A shared opportunity's row shows several journeys' steps: made every time.
                lines.append(make(item))
                continue
            shown, journey = _row_identity(item)
            # By identity; the entry holds the item, so no other object can take its id.
            key = (template, name, id(shown))
            entry = cached.get(key)
            if entry is not None and entry[0] is shown and entry[1] is journey:
                lines.append(entry[2])
            else:
                line = make(item)
                cached[key] = (shown, journey, line)
                lines.append(line)
        return lines

    def journey_items(self, journey: Journey, make: Callable[[], JourneyItems]) -> JourneyItems:
        """The journey's items of the last build while it is the same model, else `make()`."""
        entry = self.items.get(journey.id)
        if entry is not None and entry[0] is journey:
            return entry[1]
        items = make()
        self.items[journey.id] = (journey, items)
        return items

    def matrix(self, ranked: list[RankedOpportunity], make: Callable[[], Trusted]) -> Trusted:
        """The grid shows only the scores and titles, in rank order: most edits leave it."""
        scores = tuple(
            (r.opportunity.effort, r.opportunity.impact, r.opportunity.text) for r in ranked
        )
        if self._matrix is None or self._matrix[0] != scores:
            self._matrix = (scores, make())
        return self._matrix[1]

    def keep_only(self, src_uris: set[str], journeys: dict[str, Journey]) -> None:
        """Forget pages and journeys that are gone, and rows of journeys since edited."""
        for src_uri in [u for u in self._pages if u not in src_uris]:
            del self._pages[src_uri]
        for journey_id in [j for j in self.items if j not in journeys]:
            del self.items[journey_id]
        for key in [k for k, (_, j, _) in self.rows.items() if journeys.get(j.id) is not j]:
            del self.rows[key]
