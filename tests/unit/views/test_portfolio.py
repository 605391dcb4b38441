"""The handbook as a whole (#24): the portfolio and heat map of the journeys index, the
sparkline, persona cards, and the journey hierarchy (`part_of`), on real builds."""

from __future__ import annotations

import datetime
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import EXAMPLE_MAPS, FRESH_DAY, NO_HISTORY, REPO, example_handbook

from mkdocs_cjm.handbook.freshness import Freshness
from mkdocs_cjm.handbook.resolve import Settings, build_handbook
from mkdocs_cjm.i18n import translator
from mkdocs_cjm.render import render_pages
from mkdocs_cjm.render.charts.sparkline import sparkline
from mkdocs_cjm.views import labels, nav
from mkdocs_cjm.views import portfolio as views


class _Cells(HTMLParser):
    """The heat map's cells of a page: their data attributes and their text."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[dict[str, str | None]] = []
        self._open: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "td" and "cjm-heatmap__cell" in (found.get("class") or ""):
            self._open = {**found, "text": ""}
            self.cells.append(self._open)
        elif tag == "a" and self._open is not None:
            self._open["href"] = found.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] = (self._open["text"] or "") + data


def heat_cells(html: str) -> list[dict[str, str | None]]:
    parser = _Cells()
    parser.feed(html)
    return parser.cells


# --- the sparkline ------------------------------------------------------------------------


def test_sparkline_is_an_accessible_svg_with_a_point_per_step() -> None:
    svg = sparkline([4, 2, 5], "Emotion curve <Trip>: 4, 2, 5")
    assert svg.startswith('<svg class="cjm-sparkline"')
    assert 'role="img"' in svg
    assert 'aria-label="Emotion curve &lt;Trip&gt;: 4, 2, 5"' in svg  # a writer's title is text
    assert 'data-points="4 2 5"' in svg
    points = re.search(r' points="([^"]+)"', svg)
    assert points is not None and len(points.group(1).split()) == 3
    # The lowest point is marked, and it is the lowest drawn (largest y).
    low = re.search(r'class="cjm-sparkline__low" cx="([\d.]+)" cy="([\d.]+)"', svg)
    ys = [float(p.split(",")[1]) for p in points.group(1).split()]
    assert low is not None and float(low.group(2)) == max(ys)
    assert sparkline([], "nothing") == ""


def test_a_long_journey_fits_the_sparklines_width() -> None:
    svg = sparkline([3] * 60, "long")
    assert 'width="96"' in svg


# --- views --------------------------------------------------------------------------------


def test_example_rows_in_hierarchy_order() -> None:
    handbook = example_handbook()
    t = translator(None)
    tree = views.journey_tree(handbook, t.sort_key)
    order = [(journey.id, depth) for journey, depth in tree]
    today = order.index(("sofa-purchase-today", 0))
    assert order[today + 1] == ("damaged-delivery-blueprint", 1)
    assert len(order) == len(handbook.journeys)
    row = views.journey_row(handbook, handbook.journeys["sofa-purchase-today"])
    steps = [s for stage in row.journey.stages for s in stage.steps]
    assert row.emotions == tuple(s.emotion for s in steps)
    assert row.lowest is not None and row.lowest.step.emotion == min(row.emotions)
    assert row.pain_points == sum(len(s.pain_points) for s in steps)
    purchase = [s.emotion for s in row.journey.stages[2].steps]
    assert row.stage_emotion[row.journey.stages[2].stage] == sum(purchase) / len(purchase)


def test_parent_rolls_up_its_sub_journeys() -> None:
    handbook = example_handbook()
    t = translator(None)
    parent = handbook.journeys["sofa-purchase-today"]
    subs = views.sub_journey_rollup(handbook, parent, t.sort_key, views.sub_journeys(handbook))
    assert [r.journey.id for r in subs.rows] == ["damaged-delivery-blueprint"]
    child = handbook.journeys["damaged-delivery-blueprint"]
    assert len(subs.pain_points) == sum(len(s.pain_points) for st in child.stages for s in st.steps)
    severities = [pain.severity for _, _, pain in subs.pain_points]
    assert severities == sorted(severities, reverse=True)
    assert all(o.status != "done" for _, _, o in subs.opportunities)


def test_persona_across_its_journeys() -> None:
    handbook = example_handbook()
    nina = handbook.personas["nina"]
    across = views.persona_across(handbook, nina, translator(None).sort_key)
    ids = {r.journey.id for r in across.rows}
    assert ids == {j.id for j in handbook.journeys.values() if "nina" in j.personas}
    emotions = [m.point.step.emotion for m in across.lowest]
    assert emotions == sorted(emotions)
    assert len(across.lowest) == views.PERSONA_MOMENTS
    assert all(r.opportunity.status != "done" for r in across.opportunities)


def _many_journeys(root: Path, count: int, owners: int) -> Path:
    maps = root / "maps"
    (maps / "personas").mkdir(parents=True)
    (maps / "journeys").mkdir()
    (maps / "personas" / "p.md").write_text("---\ntitle: P\n---\n", encoding="utf-8")
    for number in range(count):
        parent = f"part_of: j{number - 1:03d}\n" if number % 10 == 1 else ""
        (maps / "journeys" / f"j{number:03d}.md").write_text(
            f"---\ntitle: Journey {number:03d}\npersonas: [p]\nowner: Team {number % owners}\n"
            f"{parent}stages:\n  - stage: awareness\n    steps:\n"
            f"      - title: S\n        emotion: {1 + number % 5}\n---\n",
            encoding="utf-8",
        )
    return maps


def test_a_large_handbook_is_grouped_by_owner_on_pages_of_at_most_a_hundred(
    tmp_path: Path,
) -> None:
    maps = _many_journeys(tmp_path, 330, 2)
    handbook = build_handbook(maps, tmp_path, Settings(today=FRESH_DAY))
    assert [d for d in handbook.diagnostics if d.severity.name == "ERROR"] == []
    groups = views.portfolio_groups(handbook, translator(None).sort_key)
    assert [g.number for g in groups] == list(range(1, len(groups) + 1))
    assert all(len(g.journeys) <= views.PAGE_SIZE for g in groups)
    assert sum(len(g.journeys) for g in groups) == 330
    assert {g.label for g in groups} == {"Team 0", "Team 1"}
    for group in groups:  # a sub-journey stays on its parent's page
        on_page = {journey.id for journey, _ in group.journeys}
        assert all(j.part_of in on_page for j, depth in group.journeys if depth)


def test_a_small_handbook_is_one_group_on_the_index() -> None:
    groups = views.portfolio_groups(example_handbook(), translator(None).sort_key)
    assert len(groups) == 1 and groups[0].number == 0


def test_nav_puts_sub_journeys_under_their_parent() -> None:
    handbook = example_handbook()
    items = nav.handbook_nav(handbook, None, "all")
    journeys = items[0]["Journeys"]
    assert isinstance(journeys, list)
    today = next(i for i in journeys if isinstance(i, dict) and "Buying a sofa online (today)" in i)
    section = today["Buying a sofa online (today)"]
    assert isinstance(section, list)
    titles = [next(iter(i)) for i in section if isinstance(i, dict)]
    assert titles[-1] == handbook.journeys["damaged-delivery-blueprint"].title
    top = [next(iter(i)) for i in journeys if isinstance(i, dict)]
    assert handbook.journeys["damaged-delivery-blueprint"].title not in top
    # Every page is still in the nav, once.
    assert nav.nav_uris(items) == nav.nav_uris(nav.handbook_nav(handbook, None, "all"))
    short = nav.handbook_nav(handbook, None, "journeys")[0]["Journeys"]
    assert isinstance(short, list)
    assert any(
        isinstance(i, dict) and isinstance(i.get("Buying a sofa online (today)"), list)
        for i in short
    )


# --- the built example --------------------------------------------------------------------


@pytest.fixture(scope="module")
def index_html(example_site: Path) -> str:
    return (example_site / "journeys" / "index.html").read_text(encoding="utf-8")


def test_index_has_a_row_and_a_sparkline_per_journey(index_html: str) -> None:
    handbook = example_handbook()
    table = BeautifulSoup(index_html, "html.parser").select_one(".cjm-portfolio table")
    assert table is not None
    rows = [(tr["data-journey"], tr["data-depth"]) for tr in table.select("tbody tr")]
    assert sorted(j for j, _ in rows) == sorted(handbook.journeys)
    assert ("damaged-delivery-blueprint", "1") in rows
    assert len(table.select("svg.cjm-sparkline[role=img]")) == len(handbook.journeys)
    for tr in table.select("tbody tr"):
        journey = handbook.journeys[str(tr["data-journey"])]
        pains = sum(len(s.pain_points) for st in journey.stages for s in st.steps)
        cell = tr.select_one('td[data-count="pains"]')
        assert cell is not None and cell.get_text() == str(pains)


def test_heat_map_cells_are_the_mean_emotion_of_each_stage(index_html: str) -> None:
    handbook = example_handbook()
    cells = heat_cells(index_html)
    assert len(cells) == len(handbook.journeys) * len(handbook.stages)
    for cell in cells:
        journey = handbook.journeys[str(cell["data-journey"])]
        stage = next((s for s in journey.stages if s.stage == cell["data-stage"]), None)
        if stage is None:  # the journey skips the stage: an empty cell
            assert "data-value" not in cell and (cell["text"] or "").strip() == ""
            continue
        mean = sum(s.emotion for s in stage.steps) / len(stage.steps)
        assert float(str(cell["data-value"])) == pytest.approx(mean, abs=0.005)
        assert cell["text"] == f"{mean:.1f}".rstrip("0").rstrip(".")  # the number, not only colour
        assert cell["href"] == f"{journey.id}/{stage.stage}/"


def test_parent_page_lists_its_sub_journeys(example_site: Path) -> None:
    html = (example_site / "journeys" / "sofa-purchase-today" / "index.html").read_text("utf-8")
    assert 'id="sub-journeys"' in html
    assert 'data-journey="damaged-delivery-blueprint"' in html
    rolled = BeautifulSoup(html, "html.parser").select(".cjm-rollup li[data-kind=pain]")
    assert len(rolled) == min(views.ROLLUP, 10)  # the child's ten pain points
    child = (example_site / "journeys" / "damaged-delivery-blueprint" / "index.html").read_text(
        "utf-8"
    )
    links = BeautifulSoup(child, "html.parser").select('a[href="../sofa-purchase-today/"]')
    assert links, "the sub-journey links to its parent"


def test_persona_page_opens_as_a_card(example_site: Path) -> None:
    html = (example_site / "personas" / "nina" / "index.html").read_text("utf-8")
    card = BeautifulSoup(html, "html.parser").select_one(".cjm-persona")
    assert card is not None
    initial = card.select_one(".cjm-persona__initial")
    assert initial is not None and initial.get_text() == "N"
    quote = card.select_one(".cjm-persona__head blockquote.cjm-persona__quote")
    assert quote is not None and "I want it to look good" in quote.get_text()
    labels = [h.get_text() for h in card.select(".cjm-persona__lists h2")]
    assert labels == ["Goals", "Needs", "Motivations", "Frustrations"]
    assert 'id="across-journeys"' in html and "Across the journeys of Nina" in html
    page = BeautifulSoup(html, "html.parser")
    assert len(page.select("svg.cjm-sparkline")) == 3


# --- part_of in the editor schema and the export -------------------------------------------


def test_editor_schema_and_export_carry_part_of() -> None:
    from mkdocs_cjm.check.editor_schema import front_matter_schema
    from mkdocs_cjm.publish.csv_tables import CSV_TABLES

    journey = front_matter_schema("journey")
    assert journey["properties"]["part_of"]["anyOf"][0] == {"type": "string"}
    assert "journey_part_of" in CSV_TABLES["steps"]


def test_persona_picture_url_is_relative_to_the_page() -> None:
    from mkdocs_cjm.render.persona import image_url

    assert image_url("images/nina 1.png", "personas/nina.md", True) == "../../images/nina%201.png"
    assert image_url("/images/nina.png", "personas/nina.md", False) == "../images/nina.png"


# --- freshness: one badge on the journeys index and the review page --------------------------


@pytest.mark.parametrize(
    ("state", "english", "danish"),
    [
        (
            Freshness("stale", datetime.date(2026, 1, 5), -3),
            "⚠️ Stale (review was due 2026-01-05)",
            "⚠️ Forældet (gennemgang forfaldt 2026-01-05)",
        ),
        (Freshness("due", datetime.date(2026, 2, 1), 9), "⏰ Review due 2026-02-01", None),
        (Freshness("fresh", datetime.date(2026, 9, 1), 90), "✅ Fresh", None),
        (Freshness("retired"), "Retired", None),
        (Freshness("unreviewed"), "Never reviewed", None),
    ],
)
def test_freshness_badge_says_each_state_in_the_readers_language(
    state: Freshness, english: str, danish: str | None
) -> None:
    assert labels.freshness_badge(state, translator("en")) == english
    da = translator("da")
    if danish is not None:
        assert labels.freshness_badge(state, da) == danish
    # A page's syntax comes from its helpers: the stale word alone is set in bold.
    bold = labels.freshness_badge(state, da, strong=lambda word: f"**{word}**")
    assert bold.count("**") == (2 if state.status == "stale" else 0)


def test_review_page_and_journeys_index_show_the_same_freshness_badge() -> None:
    # Judged late enough that the example's journeys are stale, due and fresh.
    settings = Settings(today=datetime.date(2027, 1, 10))
    handbook = build_handbook(EXAMPLE_MAPS, REPO, settings)
    statuses = {state.status for state in handbook.freshness.values()}
    assert {"stale", "due", "fresh"} <= statuses
    pages = {
        page.src_uri: BeautifulSoup(page.content.decode(), "html.parser")
        for page in render_pages(handbook, NO_HISTORY, None, settings.today, body_marker="x")
    }
    index = {}
    for row in pages["journeys/index.md"].select(".cjm-portfolio tbody tr"):
        cell = row.select_one(".cjm-portfolio__fresh")
        assert cell is not None
        index[str(row["data-journey"])] = cell.find(string=True, recursive=False)
    review = [
        row
        for table in pages["review/index.md"].select("table")
        if table.select("th")[-1].get_text() == "Freshness"
        for row in table.select("tbody tr")
    ]
    assert len(review) == sum(s.status != "fresh" for s in handbook.freshness.values())
    for row in review:
        journey = row.select_one("a")
        assert journey is not None
        journey_id = str(journey["href"]).split("/")[-2]
        badge = row.select("td")[-1]
        assert badge.get_text() == index[journey_id]
        if handbook.freshness[journey_id].status == "stale":
            assert badge.select_one("strong") is not None
