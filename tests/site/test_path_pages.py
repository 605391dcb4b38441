"""The attribution and observed flow of maps/paths/ on the journey and touchpoint pages (#25).

Views first (the numbers, without a site), then one real `mkdocs build --strict` of
tests/fixtures/paths, whose pages are read as a reader's browser gets them. Expected
numbers come from the models (`handbook/attribution.py`, tested in test_attribution.py):
these tests check that the pages say them, in the right place, escaped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sitebuild import SETTINGS, TESTS, mkdocs_build_strict, write_project

from mkdocs_cjm.handbook.attribution import MODELS, CustomerPath, observed_flow
from mkdocs_cjm.handbook.path_counts import attribute
from mkdocs_cjm.handbook.paths import PeriodPaths
from mkdocs_cjm.handbook.resolve import Handbook, build_handbook
from mkdocs_cjm.i18n import translator
from mkdocs_cjm.render import paths as render
from mkdocs_cjm.views import paths as views

PATHS = TESTS / "fixtures" / "paths"
"""The minimal project plus a journey `sofa` with step ids and two path files."""

CONFIG = """\
site_name: Paths
theme:
  name: material
  font: false
plugins:
  - cjm
markdown_extensions:
  - attr_list
  - tables
  - toc:
      permalink: true
"""

NEWSLETTER = 'Newsletter <b>&</b> "offers"'
"""A touchpoint title that looks like markup: it must show as written, as text."""


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return build_handbook(PATHS / "maps", PATHS, SETTINGS)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paths")
    config = write_project(root / "project", PATHS / "maps", CONFIG)
    mkdocs_build_strict(config, root / "site")
    return root / "site"


def page(site: Path, uri: str) -> Tag:
    html = (site / uri / "index.html").read_text(encoding="utf-8")
    article = BeautifulSoup(html, "html.parser").find("article")
    assert isinstance(article, Tag)
    return article


def text(tag: Tag | None) -> str:
    assert tag is not None
    return " ".join(tag.get_text(" ").split())


# --- views --------------------------------------------------------------------------------


def test_the_attribution_view_weighs_last_click_against_the_data_driven_model(
    handbook: Handbook,
) -> None:
    latest = handbook.paths["sofa"].latest
    view = views.attribution_view(latest, handbook.touchpoints)
    assert (view.period, view.paths, view.conversions) == ("2026-Q3", 9, 160)
    assert view.models == MODELS
    # Most data-driven share first; each row the touchpoint's credits in MODELS order.
    data = MODELS.index("markov")
    assert [r.shares[data] for r in view.rows] == sorted(
        (r.shares[data] for r in view.rows), reverse=True
    )
    for row in view.rows:
        assert row.shares == tuple(
            latest.attribution.credit(row.touchpoint, m).share for m in MODELS
        )
    assert {r.touchpoint: r.title for r in view.rows}["newsletter"] == NEWSLETTER
    # The webshop closes every converting path: last click gives it everything.
    assert [g.title for g in view.over] == ["Webshop"]
    assert [g.title for g in view.under] == ["Instagram ads", "Store"]
    for gap in (*view.over, *view.under):
        assert abs(gap.points) >= views.GAP_POINTS
        assert gap.points == pytest.approx((gap.last - gap.data_driven) * 100)


def test_the_story_names_the_touchpoint_last_click_fails_most(handbook: Handbook) -> None:
    view = views.attribution_view(handbook.paths["sofa"].latest, handbook.touchpoints)
    story = views.attribution_story(view)
    assert story is not None
    assert (story.title, story.last) == ("Instagram ads", 0.0)
    assert story.first == pytest.approx(113 / 160)  # 40 + 30 + 8 + 20 + 15 of 160
    # Where last click and first touch agree, the summary says nothing.
    same = [views.TouchpointShares("a", "A", (1, 1, 1, 1, 1), (1, 1, 1, 1, 1))]
    assert views.attribution_story(_with_rows(view, same)) is None


def _with_rows(
    view: views.AttributionView, rows: list[views.TouchpointShares]
) -> views.AttributionView:
    return views.AttributionView(**{**view.__dict__, "rows": tuple(rows)})


def test_the_flow_view_unrolls_loops_by_position(handbook: Handbook) -> None:
    sofa = handbook.journeys["sofa"]
    flow = views.flow_view(
        handbook.paths["sofa"].latest, sofa, handbook.stages, handbook.touchpoints
    )
    assert flow.stages == ("Awareness", "Consideration", "Purchase")
    # Every link starts at a node and ends at one; what arrives at a node is its count.
    nodes = {(n.position, n.row): n.paths for n in flow.nodes}
    for link in flow.links:
        assert (link.position, link.from_row) in nodes
        assert (link.position + 1, link.to_row) in nodes
    for (position, row), paths in nodes.items():
        if position:
            arriving = [
                link.paths
                for link in flow.links
                if link.position + 1 == position and link.to_row == row
            ]
            assert sum(arriving) == paths
    # checkout > product-page: back from purchase to consideration, 45 customer paths.
    assert [(m.from_title, m.to_title, m.paths) for m in flow.moves if m.backward] == [
        ("Purchase", "Consideration", 45)
    ]
    assert (flow.returning_paths, flow.returning_share) == (45, 45 / flow.placed_paths)
    # The webshop is used in two stages, the newsletter in none: named by their titles.
    assert flow.unplaced == (("Webshop", 1083), (NEWSLETTER, 85))


def test_a_long_loop_is_drawn_as_far_as_it_stays_readable(handbook: Handbook) -> None:
    # product-page > checkout, thirty times: 59 moves between consideration and purchase.
    walked = [CustomerPath(("product-page", "checkout") * 30, 3, 10)]
    stage_of = {"product-page": "consideration", "checkout": "purchase"}
    order = ["awareness", "consideration", "purchase"]
    period = PeriodPaths(
        "sofa",
        "2026-Q3",
        ("<b>Warehouse</b>",),
        attribute(walked, {"product-page": (("webshop", 1),), "checkout": (("webshop", 1),)}),
        observed_flow(walked, stage_of, order),
    )
    sofa = handbook.journeys["sofa"]
    flow = views.flow_view(period, sofa, handbook.stages, handbook.touchpoints)
    assert max(n.position for n in flow.nodes) == views.DRAWN_VISITS - 1
    assert max(link.position for link in flow.links) == views.DRAWN_VISITS - 2
    assert flow.beyond == 13
    # The table of moves still counts every move.
    assert [(m.from_title, m.to_title, m.paths) for m in flow.moves] == [
        ("Consideration", "Purchase", 30 * 13),
        ("Purchase", "Consideration", 29 * 13),
    ]
    t = translator("en")
    html = render.flow_block(flow, t) + render.attribution_block(
        views.attribution_view(period, handbook.touchpoints), t
    )
    assert "Customer paths that go on after the last column: 13." in html
    assert "<b>" not in html and "&lt;b&gt;Warehouse&lt;/b&gt;" in html


def test_a_touchpoint_has_a_share_in_each_journey_its_paths_credit(handbook: Handbook) -> None:
    latest = {j: p.latest for j, p in handbook.paths.items()}
    rows = views.touchpoint_shares("instagram", latest, handbook.journeys)
    assert [(r.journey.id, r.period) for r in rows] == [("sofa", "2026-Q3")]
    assert rows[0].shares == tuple(
        latest["sofa"].attribution.shares(m)["instagram"] for m in MODELS
    )
    assert views.touchpoint_shares("nobody", latest, handbook.journeys) == []


# --- the pages of a real build ------------------------------------------------------------


def test_the_journey_page_shows_attribution_and_flow_between_canvas_and_diagram(
    site: Path,
) -> None:
    article = page(site, "journeys/sofa")
    ids = [h.get("id") for h in article.find_all(["h2", "h3"])]
    order = ["journey-canvas", "attribution", "observed-flow", "most-common-paths"]
    assert [i for i in ids if i in order] == order
    assert ids.index("most-common-paths") < ids.index("journey-diagram")
    facts = text(article.select_one(".cjm-attribution .cjm-paths__facts"))
    t = translator("en")
    for fact in ("Paths: 9", "Customer paths: 1500", "Conversions: 160", "2026-Q3"):
        assert fact in facts
    assert f"Conversion rate: {t.percent(160 / 1500)}" in facts
    assert "Source: GA4 conversion paths, Product analytics" in facts
    verdict = text(article.select_one(".cjm-paths__verdict"))
    assert "Last click over-values: Webshop (+47.1 percentage points" in verdict
    assert "Last click under-values: Instagram ads (\u221237.3 percentage points" in verdict


def test_the_attribution_table_has_a_row_per_touchpoint_and_a_column_per_model(
    site: Path, handbook: Handbook
) -> None:
    table = page(site, "journeys/sofa").select_one("table.cjm-attribution__table")
    assert table is not None
    heads = [text(th) for th in table.select("thead th")]
    assert heads == [
        "Touchpoint",
        "First touch",
        "Last touch",
        "Linear",
        "Position-based",
        "Data-driven",
    ]
    attribution = handbook.paths["sofa"].latest.attribution
    t = translator("en")
    for row in table.select("tbody tr"):
        touchpoint = str(row["data-touchpoint"])
        cells = row.select("td")
        assert [c["data-model"] for c in cells] == list(MODELS)
        for cell, model in zip(cells, MODELS, strict=True):
            share = attribution.credit(touchpoint, model).share
            assert text(cell.select_one(".cjm-attribution__value")) == t.percent(share)
            fill = cell.select_one("rect.cjm-attribution__fill")
            assert fill is not None and float(str(fill["data-share"])) == pytest.approx(
                share, abs=1e-4
            )
    assert len(table.select("tbody tr")) == len(attribution.touchpoints)


def test_the_summary_tells_what_last_click_hides(site: Path) -> None:
    story = page(site, "journeys/sofa").select_one(".cjm-summary .cjm-summary__story")
    assert text(story) == (
        "Instagram ads starts 70.6% of converting paths; last click gives it 0% (2026-Q3)"
    )


def test_the_flow_diagram_and_its_tables(site: Path, handbook: Handbook) -> None:
    article = page(site, "journeys/sofa")
    flow = handbook.paths["sofa"].latest.flow
    svg = article.select_one(".cjm-flow__chart svg")
    assert svg is not None and svg["role"] == "img" and "Observed flow" in str(svg["aria-label"])
    assert [text(t) for t in svg.select("text.cjm-chart__stage")] == [
        "1. Awareness",
        "2. Consideration",
        "3. Purchase",
    ]
    links = svg.select("path.cjm-flow__link")
    assert sorted(int(str(p["data-paths"])) for p in links) == sorted(
        m.paths for m in flow.unrolled
    )
    back = svg.select("path.cjm-flow__link--back")
    assert len(back) == 1 and back[0].get("stroke-dasharray")
    returning = text(article.select_one(".cjm-flow__returning"))
    assert returning.startswith("4.1% of the paths return to an earlier stage (45 / 1105)")
    moves = article.select("table.cjm-flow__moves tbody tr")
    assert [[text(td) for td in tr.select("td")] for tr in moves] == [
        ["Awareness", "Consideration", "515", "Forward"],
        ["Consideration", "Purchase", "262", "Forward"],
        ["Purchase", "Consideration", "45", "Back to an earlier stage"],
    ]
    common = article.select("table.cjm-flow__paths tbody tr")
    first = [text(td) for td in common[0].select("td")]
    assert first == ["Awareness", "538", "48", "8.9%"]
    assert any("→ Purchase → Consideration → Purchase" in text(tr) for tr in common)
    unplaced = text(article.select_one(".cjm-flow__unplaced"))
    assert unplaced.startswith(f"Not placed in a stage: Webshop (1083), {NEWSLETTER} (85)")


def test_writer_text_stays_text(site: Path) -> None:
    article = page(site, "journeys/sofa")
    section = article.select(".cjm-paths")
    assert section and not any(s.find("b") for s in section)
    assert NEWSLETTER in text(article.select_one("table.cjm-attribution__table"))


def test_a_journey_without_path_files_has_no_attribution(site: Path) -> None:
    article = page(site, "journeys/trip")
    assert article.select(".cjm-paths") == []
    assert article.find(id="attribution") is None
    assert article.select(".cjm-summary__story") == []


def test_the_touchpoint_page_shows_its_share_in_each_journey(
    site: Path, handbook: Handbook
) -> None:
    article = page(site, "touchpoints/instagram")
    heading = article.find(id="share-of-conversions")
    assert heading is not None
    table = heading.find_next("table")
    assert isinstance(table, Tag)
    heads = [text(th) for th in table.select("thead th")]
    assert heads[:2] == ["Journey", "Period"] and len(heads) == 2 + len(MODELS)
    rows = [[text(td) for td in tr.select("td")] for tr in table.select("tbody tr")]
    t = translator("en")
    shares = handbook.paths["sofa"].latest.attribution
    assert rows == [
        [
            "Buying a sofa, as walked",
            "2026-Q3",
            *(t.percent(shares.shares(m)["instagram"]) for m in MODELS),
        ]
    ]
