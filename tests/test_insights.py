"""Unit tests of `insights.py` and the chart sources of `mermaid.py`: the numbers of the views."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from mkdocs_cjm import insights
from mkdocs_cjm.mermaid import chart_text, quadrant_chart, xy_chart
from mkdocs_cjm.model import Journey, Opportunity


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


# --- opportunity matrix ---------------------------------------------------------------


def opportunity(impact: int, effort: int) -> Opportunity:
    return Opportunity(text="x", impact=impact, effort=effort)


def test_one_point_per_opportunity_keyed_by_rank_and_placed_by_effort_and_impact() -> None:
    layout = insights.quadrant_points([opportunity(5, 1), opportunity(1, 5), opportunity(3, 3)])
    assert [p.key for p in layout.points] == ["O1", "O2", "O3"]
    quick_win, thankless, middle = layout.points
    assert quick_win.x < 0.5 < quick_win.y  # low effort, high impact: top left
    assert thankless.y < 0.5 < thankless.x
    assert (middle.x, middle.y) == (0.5, 0.5)
    assert (layout.columns, layout.rows) == (1, 1)


def test_opportunities_with_the_same_scores_never_share_a_spot() -> None:
    same = [opportunity(3, 3) for _ in range(25)] + [opportunity(5, 5), opportunity(1, 1)]
    layout = insights.quadrant_points(same)
    spots = {(p.x, p.y) for p in layout.points}
    assert len(spots) == len(same)
    assert all(0 < p.x < 1 and 0 < p.y < 1 for p in layout.points)
    assert (layout.columns, layout.rows) == (5, 5)
    # The crowd stays inside its own cell (effort 3, impact 3 is 0.4..0.6 on both axes).
    assert all(0.4 < p.x < 0.6 and 0.4 < p.y < 0.6 for p in layout.points[:25])
    # In rank order: left to right, then top to bottom.
    first, second, sixth = layout.points[0], layout.points[1], layout.points[5]
    assert first.x < second.x and first.y == second.y and sixth.y < first.y


# --- chart sources -------------------------------------------------------------------


def test_chart_text_is_a_quoted_string_with_every_risky_character_encoded() -> None:
    assert chart_text("Emotion") == '"Emotion"'
    assert chart_text('Say "hi"') == '"Say #34;hi#34;"'
    assert (
        chart_text("%%{init: x}%% a<b & c; #1")
        == '"#37;#37;{init#58; x}#37;#37; a#60;b #38; c#59; #35;1"'
    )
    assert chart_text("") == '"#8203;"'
    assert chart_text("  two\n lines ") == '"two lines"'


def test_xy_chart_writes_categories_axes_and_series() -> None:
    source = xy_chart(
        categories=["1.1", "Ærø, 3-seater"],
        x_title="Steps",
        y_title="Emotion",
        y_range=(1, 5),
        bars=[[3.5, 2.25]],
        lines=[[4, 3]],
        colors=["#b0bec5", "#00897b"],
        width=700,
        height=360,
    )
    assert source.startswith("---\nconfig:\n  xyChart:\n    width: 700\n    height: 360\n")
    assert 'plotColorPalette: "#b0bec5, #00897b"' in source
    body = source.split("---\n")[-1].splitlines()
    assert body == [
        "xychart-beta",
        '    x-axis "Steps" ["1.1", "Ærø#44; 3-seater"]',
        '    y-axis "Emotion" 1 --> 5',
        "    bar [3.5, 2.25]",
        "    line [4, 3]",
    ]
    with pytest.raises(ValueError, match="2 categories"):
        xy_chart(categories=["a", "b"], x_title="", y_title="", y_range=(1, 5), lines=[[1]])
    with pytest.raises(ValueError, match="colour"):
        xy_chart(categories=["a"], x_title="", y_title="", y_range=(1, 5), colors=["red"])


def test_quadrant_chart_coordinates_always_match_the_grammar() -> None:
    points = [("O1", 0.0, 1.0), ("O2", 0.5, 0.25), ("O3", 0.123456, 0.999)]
    source = quadrant_chart(
        x_axis=("Low effort", "High effort"),
        y_axis=("Low impact", "High impact"),
        quadrants=("Major projects", "Quick wins", "Fill-ins", "Thankless tasks"),
        points=points,
        title='A "title"',
    )
    lines = source.split("---\n")[-1].splitlines()
    assert lines[:7] == [
        "quadrantChart",
        "    title A #34;title#34;",
        '    x-axis "Low effort" --> "High effort"',
        '    y-axis "Low impact" --> "High impact"',
        '    quadrant-1 "Major projects"',
        '    quadrant-2 "Quick wins"',
        '    quadrant-3 "Fill-ins"',
    ]
    coordinates = re.findall(r"\[(\S+), (\S+)\]", source)
    assert coordinates == [("0", "1"), ("0.5", "0.25"), ("0.123", "0.999")]
    # Mermaid's lexer reads a coordinate as `1` or `0.<digits>`, nothing else.
    assert all(re.fullmatch(r"1|0(\.\d+)?", c) for pair in coordinates for c in pair)
    with pytest.raises(ValueError):
        quadrant_chart(
            x_axis=("", ""), y_axis=("", ""), quadrants=("", "", "", ""), points=[("O", 1.2, 0)]
        )
