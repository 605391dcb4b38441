"""Plugin-made HTML on the pages: charts, the journey canvas, the filters' paragraph.

Raw HTML is off on generated pages; each block goes onto the page as one line
behind the per-build marker of `markdown_extension.html_block_line` (the canvas through
`markdown_extension.trusted_html`), which no writer can forge. The charts' SVG and
tables come from `render/charts/svg.py` and `render/canvas.py`; this module feeds them the
views (`views/lists.py`) and wraps the result.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..handbook.resolve import Handbook
from ..i18n import Translator
from ..model import Journey, JourneyStage
from ..safety.escape import attr_list_value, markdown_text
from ..safety.markdown_extension import html_block_line, trusted_html
from ..urls import FILTERS_ID, opportunity_anchor
from ..views import insights
from ..views.lists import Comparison, JourneyInsights, JourneySummary, RankedOpportunity
from . import overview
from .canvas import Canvas, journey_canvas
from .charts import svg as charts
from .charts.elements import element, to_html
from .diagrams import stages as diagrams
from .markdown import Trusted

OPPORTUNITY_KEY = "O"
"""Opportunities are keyed O1, O2, ... by rank, in the matrix and the ranked list."""

FUNNEL_ROWS_OPEN = 12
"""A funnel of more measured steps than this is folded (a `<details>` a reader opens)."""

FILTER_COLUMNS = ("Journey", "Stage", "Owner")
"""The columns (by header label) the opportunities page can be filtered by."""


@dataclass(frozen=True)
class JourneyCharts:
    """The charts of a journey page, beside its insights (`views.JourneyInsights`)."""

    funnel: Trusted  # customers remaining after each measured step; "" without any
    comparison: Trusted  # the stages before and after; "" without a comparison


@dataclass(frozen=True)
class Blocks:
    """Makes the HTML blocks of one build's pages."""

    handbook: Handbook
    t: Translator
    body_marker: str  # see `markdown_extension.body_markers`; "" for pages built without the rules
    directory_urls: bool  # the site's `use_directory_urls`, for the canvas's links

    def html_block(self, fragment: str) -> Trusted:
        """Plugin-made HTML (a chart) as a line of the page (see
        `markdown_extension.html_block_line`); the templates put it between blank lines."""
        return Trusted(html_block_line(fragment, self.body_marker) if fragment else "")

    def canvas(
        self, journey: Journey, stages: list[tuple[int, JourneyStage]], here: str, title: str
    ) -> Trusted:
        """The journey canvas (`render/canvas.py`) of some numbered stages of a journey, for the
        page `here`: on the journey page all of them, on a stage page its own."""
        view = Canvas(journey, stages, here, title, self.handbook, self.t, self.directory_urls)
        return Trusted(trusted_html(journey_canvas(view), self.body_marker))

    def summary(
        self, journey: Journey, here: str, summary: JourneySummary, story: str | None = None
    ) -> Trusted:
        """The summary at the top of a journey page (`overview.journey_summary`); `story`: the
        line of its path files where they change the story (`render/paths.py`)."""
        view = self._view(journey, list(enumerate(journey.stages, start=1)), here)
        max_age = self.handbook.settings.evidence_max_age
        return self.html_block(overview.journey_summary(view, summary, max_age, story))

    def overview(self, journey: Journey, here: str, lowest: list[insights.StepPoint]) -> Trusted:
        """Every step of a journey at once, the `lowest` moments marked (`render/overview.py`)."""
        view = self._view(journey, list(enumerate(journey.stages, start=1)), here)
        return self.html_block(overview.journey_overview(view, {p.key for p in lowest}))

    def _view(self, journey: Journey, stages: list[tuple[int, JourneyStage]], here: str) -> Canvas:
        return Canvas(
            journey, stages, here, journey.title, self.handbook, self.t, self.directory_urls
        )

    def journey_charts(self, journey: Journey, view: JourneyInsights) -> JourneyCharts:
        """The charts of a journey's insights."""
        return JourneyCharts(
            self.funnel_chart(view.funnel, insights.shows_targets(journey)),
            self.comparison_chart(journey, view.comparison) if view.comparison else Trusted(""),
        )

    def funnel_chart(self, steps: list[insights.FunnelStep], target: bool = False) -> Trusted:
        """The customers remaining after each measured step, as a table with bars; the
        targets of a future state with `target`."""
        if not steps:
            return Trusted("")
        rows = [charts.FunnelRow("", self.t("Start of the journey"), None, 1.0)]
        rows += [
            charts.FunnelRow(f.point.key, f.point.step.title, f.drop_off, f.after) for f in steps
        ]
        table = charts.funnel_table(rows, self.t, target)
        if len(steps) > FUNNEL_ROWS_OPEN:
            # A long funnel would be most of the page: folded, a reader opens it.
            shown = f"{self.t('Customers remaining')}: {len(steps)} {self.t('Steps').lower()}"
            summary = to_html(element(None, "summary", shown))
            table = f'<details class="cjm-fold">{summary}{table}</details>'
        return self.html_block(table)

    def comparison_chart(self, after: Journey, comparison: Comparison) -> Trusted:
        """The average emotion of each shared stage, before (bars) and after (line)."""
        shared, before = comparison.shared, comparison.other
        return self.html_block(
            charts.comparison_chart(
                [self.handbook.stages[r.stage_id].title for r in shared],
                [r.before.average for r in shared if r.before is not None],
                [r.after.average for r in shared if r.after is not None],
                before.title,
                self.t,
                ". ".join(
                    diagrams.comparison_accessibility(self.handbook, self.t, after, before, shared)
                ),
                target=insights.shows_targets(after),
            )
        )

    def opportunity_matrix(self, ranked: list[RankedOpportunity]) -> Trusted:
        """The impact by effort grid: how many opportunities have each pair of scores.

        Each count links to the first of its opportunities in the ranked list:
        equal scores rank next to each other.
        """
        cells = charts.matrix_cells(
            [(r.opportunity.impact, r.opportunity.effort, r.opportunity.text) for r in ranked]
        )
        return self.html_block(
            charts.opportunity_matrix(cells, self.t, OPPORTUNITY_KEY, opportunity_anchor)
        )

    def filter_marker(self) -> Trusted:
        """The paragraph above the ranked lists where `cjm-filters.js` puts its filters.

        Raw HTML is off on generated pages, so the paragraph is Markdown with an
        attribute list: its id finds it, its data attributes name the columns to
        filter by (as the table headers say them) and the words the filters show.
        """
        t = self.t
        columns = "|".join(attr_list_value(t(label)) for label in FILTER_COLUMNS)
        return Trusted(
            f"{markdown_text(t('Filter the lists by journey, stage and owner.'))}\n"
            f'{{: #{FILTERS_ID} data-columns="{columns}" data-all="{attr_list_value(t("All"))}"'
            f' data-none="{attr_list_value(t("(none)"))}" }}'
        )
