"""Unit tests of `views/insights.py` and the chart sources of `render/diagrams/mermaid.py`: the
numbers of the views."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from mkdocs_cjm.i18n import translator
from mkdocs_cjm.model import Journey
from mkdocs_cjm.render.charts import svg as charts
from mkdocs_cjm.views import insights


def step(
    title: str, emotion: int = 3, drop_off: float | None = None, **fields: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {"title": title, "emotion": emotion, **fields}
    if drop_off is not None:
        data["metrics"] = {"drop_off": drop_off}
    return data


def journey(*stages: tuple[str, list[dict[str, Any]]], **fields: Any) -> Journey:
    return Journey.model_validate(
        {
            "title": "J",
            "personas": ["p"],
            "owner": "O",
            "stages": [{"stage": stage, "steps": steps} for stage, steps in stages],
            **fields,
        }
    )


SOFA = journey(
    ("awareness", [step("Sees a reel", 4, 0.62), step("Searches", 3)]),
    ("consideration", [step("Filters", 3, 0.41), step("Reads", 4, 0.55), step("Samples", 4, 0)]),
    ("purchase", [step("Pays", 2, 0.29)]),
)


# --- steps, drop-off, funnel ----------------------------------------------------------


def test_every_step_gets_a_stage_dot_step_key_in_journey_order() -> None:
    points = insights.step_points(SOFA)
    assert [p.key for p in points] == ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1"]
    assert [p.step.title for p in points] == [
        "Sees a reel",
        "Searches",
        "Filters",
        "Reads",
        "Samples",
        "Pays",
    ]
    assert [p.stage_id for p in points][:3] == ["awareness", "awareness", "consideration"]
    assert [p.emotion for p in points] == [4, 3, 3, 4, 4, 2]


def test_worst_drop_offs_are_the_three_biggest_measured_ones_worst_first() -> None:
    worst = insights.worst_drop_offs(SOFA)
    assert [(p.key, p.drop_off) for p in worst] == [("1.1", 0.62), ("2.2", 0.55), ("2.1", 0.41)]
    assert [p.key for p in insights.worst_drop_offs(SOFA, count=10)] == ["1.1", "2.2", "2.1", "3.1"]


def test_equal_drop_offs_keep_journey_order_and_zero_is_no_drop_off() -> None:
    tied = journey(
        ("awareness", [step("A", 3, 0.2), step("B", 3, 0.3), step("C", 3, 0.2), step("D", 3, 0)])
    )
    assert [p.step.title for p in insights.worst_drop_offs(tied)] == ["B", "A", "C"]
    assert insights.worst_drop_offs(journey(("awareness", [step("A")]))) == []


def test_funnel_multiplies_what_each_measured_step_keeps() -> None:
    funnel = insights.funnel(SOFA)
    assert [f.point.key for f in funnel] == ["1.1", "2.1", "2.2", "2.3", "3.1"]
    assert funnel[0].before == 1.0
    assert funnel[0].after == pytest.approx(0.38)
    assert funnel[1].after == pytest.approx(0.38 * 0.59)
    assert funnel[2].after == pytest.approx(0.38 * 0.59 * 0.45)
    assert funnel[3].after == funnel[2].after  # a measured 0 keeps everyone
    assert funnel[4].after == pytest.approx(0.38 * 0.59 * 0.45 * 0.71)
    for earlier, later in itertools.pairwise(funnel):
        assert later.before == earlier.after
    assert insights.funnel(journey(("awareness", [step("A")]))) == []


# --- service blueprint ------------------------------------------------------------


def test_a_journey_has_a_blueprint_by_kind_or_by_its_lanes() -> None:
    assert not insights.has_blueprint(SOFA)
    assert insights.has_blueprint(journey(("awareness", [step("A")]), kind="service-blueprint"))
    assert insights.has_blueprint(journey(("awareness", [step("A"), step("B", support="ERP")])))


def test_blueprint_is_lanes_by_stages_with_steps_stacked_in_their_stage() -> None:
    bp = journey(
        (
            "purchase",
            [
                step("Orders", doing="Orders the bed", touchpoints=["checkout"], frontstage="F1"),
                step("Gets SMS", touchpoints=["sms", "email"], backstage="B2"),
            ],
        ),
        ("delivery", [step("Unpacks", doing="Watches", frontstage="F3", support="S3")]),
        kind="service-blueprint",
    )
    lanes = insights.blueprint(bp)
    assert [lane.name for lane in lanes] == [
        "evidence",
        "doing",
        "frontstage",
        "backstage",
        "support",
    ]
    evidence, doing, frontstage, backstage, support = lanes

    def cells(lane: insights.BlueprintLane) -> list[list[Any]]:
        return [
            [None if c is None else (c.point.key, c.text or c.touchpoints) for c in row]
            for row in lane.rows
        ]

    assert cells(evidence) == [[("1.1", ("checkout",)), None], [("1.2", ("sms", "email")), None]]
    # A step without `doing` is still a customer action: its title.
    assert cells(doing) == [
        [("1.1", "Orders the bed"), ("2.1", "Watches")],
        [("1.2", "Gets SMS"), None],
    ]
    assert cells(frontstage) == [[("1.1", "F1"), ("2.1", "F3")]]  # no second row: nothing in it
    # Rows with nothing in them are dropped: the keys say which step a cell is.
    assert cells(backstage) == [[("1.2", "B2"), None]]
    assert cells(support) == [[None, ("2.1", "S3")]]


def test_an_empty_lane_still_has_one_row() -> None:
    lanes = insights.blueprint(journey(("awareness", [step("A")]), kind="service-blueprint"))
    assert [len(lane.rows) for lane in lanes] == [1, 1, 1, 1, 1]
    assert lanes[0].rows == [[None]]


# --- comparison ---------------------------------------------------------------------


def test_comparison_lists_the_stages_of_both_journeys_in_vocabulary_order() -> None:
    today = journey(
        ("awareness", [step("Sees a reel", 4), step("Searches", 3)]),
        ("purchase", [step("Pays", 2), step("Gets email", 3)]),
        ("support", [step("Calls", 1)]),
    )
    target = journey(
        ("awareness", [step("  sees a REEL ", 5), step("Saves it", 4)]),
        ("purchase", [step("Pays", 4), step("Gets email", 4)]),
        ("advocacy", [step("Reviews", 5)]),
    )
    order = {"awareness": 0, "purchase": 1, "support": 2, "advocacy": 3}
    rows = insights.compare_journeys(target, today, order)
    assert [r.stage_id for r in rows] == ["awareness", "purchase", "support", "advocacy"]
    awareness, purchase, support, advocacy = rows
    # Titles match whatever their case and spacing.
    assert awareness.added == ("Saves it",) and awareness.removed == ("Searches",)
    assert awareness.before is not None and awareness.after is not None
    assert (awareness.before.average, awareness.after.average) == (3.5, 4.5)
    assert (awareness.before.worst, awareness.after.worst) == (3, 4)
    assert purchase.added == () and purchase.removed == ()
    assert purchase.before is not None and purchase.before.emotions == (2, 3)
    assert support.after is None and support.removed == ("Calls",) and not support.in_both
    assert advocacy.before is None and advocacy.added == ("Reviews",)


# --- charts (render/charts/svg.py) ----------------------------------------------------------------


def test_equal_scores_share_one_cell_whose_ranks_are_listed_as_ranges() -> None:
    cells = charts.matrix_cells(
        [(3, 1, "a"), (3, 1, "b"), (5, 1, "c"), (3, 1, "d"), (1, 5, "e"), (3, 1, "f")]
    )
    assert set(cells) == {(3, 1), (5, 1), (1, 5)}
    assert cells[3, 1].ranks == (1, 2, 4, 6) and cells[3, 1].titles == ("a", "b", "d", "f")
    html = charts.opportunity_matrix(cells, translator("en"), "O", lambda r: f"o-{r}")
    assert 'href="#o-1"' in html and "O1\u2013O2, O4, O6" in html
    # 25 cells, each once; the middle row and column belong to no quadrant.
    assert html.count('class="cjm-matrix__cell') == 25
    assert html.count("cjm-matrix__cell--quick-wins") == 4 + 1  # and its legend swatch


def test_chart_text_is_escaped_by_construction() -> None:
    hostile = '<script>alert(1)</script> " & \n <b>'
    t = translator("en")
    curve = charts.emotion_curve([charts.CurvePoint("1.1", 0, hostile, 2)], [hostile], t)
    funnel = charts.funnel_table([charts.FunnelRow("1.1", hostile, 0.5, 0.5)], t)
    matrix = charts.opportunity_matrix(
        charts.matrix_cells([(3, 3, hostile)]), t, "O", lambda r: f"o-{r}"
    )
    for html in (curve, funnel, matrix):
        assert "<script" not in html and "<b>" not in html and "\n" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_curve_ticks_are_the_whole_scores_and_every_step_has_a_marker() -> None:
    points = [charts.CurvePoint(f"1.{n}", 0, f"step {n}", e) for n, e in enumerate([4, 1, 5], 1)]
    svg = charts.emotion_curve(points, ["Awareness"], translator("en"))
    ticks = re.findall(r'<text class="cjm-chart__tick"[^>]*>([^<]*)</text>', svg)
    assert ticks == ["1", "2", "3", "4", "5"]
    assert re.findall(r'data-value="([^"]*)"', svg) == ["4", "1", "5"]
    assert charts.emotion_curve([], [], translator("en")) == ""
