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


# --- lowest moments ---------------------------------------------------------------


def test_the_lowest_moments_are_the_lowest_emotions_then_the_worst_pain() -> None:
    j = journey(
        ("awareness", [step("A", 2), step("B", 1), step("C", 4)]),
        (
            "purchase",
            [
                step("D", 2, pain_points=[{"text": "x", "severity": 5}]),
                step("E", 1, pain_points=["y"]),
                step("F", 2),
            ],
        ),
    )
    assert [p.key for p in insights.lowest_moments(j)] == ["2.2", "1.2", "2.1"]
    assert [p.key for p in insights.lowest_moments(j, 5)] == ["2.2", "1.2", "2.1", "1.1", "2.3"]
    assert insights.step_key(2, 3) == "2.3"


def test_a_steps_worst_pain_point_and_best_open_opportunity() -> None:
    [point] = insights.step_points(
        journey(
            (
                "awareness",
                [
                    step(
                        "A",
                        pain_points=["mild", {"text": "bad", "severity": 5}, "other"],
                        opportunities=[
                            {"text": "done", "impact": 5, "effort": 1, "status": "done"},
                            {"text": "slow", "impact": 5, "effort": 5},
                            {"text": "quick", "impact": 3, "effort": 1},
                        ],
                    )
                ],
            )
        )
    )
    worst, best = insights.worst_pain_point(point.step), insights.best_opportunity(point.step)
    assert worst is not None and worst.text == "bad"
    assert best is not None and best.text == "quick"  # open before done, then impact per effort
    [bare] = insights.step_points(journey(("awareness", [step("B")])))
    assert insights.worst_pain_point(bare.step) is None
    assert insights.best_opportunity(bare.step) is None


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
    comparison = charts.comparison_chart([hostile], [2.0], [3.0], hostile, t)
    funnel = charts.funnel_table([charts.FunnelRow("1.1", hostile, 0.5, 0.5)], t)
    matrix = charts.opportunity_matrix(
        charts.matrix_cells([(3, 3, hostile)]), t, "O", lambda r: f"o-{r}"
    )
    for html in (comparison, funnel, matrix):
        assert "<script" not in html and "<b>" not in html and "\n" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("target", [True, False])
def test_the_comparison_legend_names_the_compared_journey_once_as_written(
    language: str, target: bool
) -> None:
    # The compared journey's title already says "(today)": the legend adds no word to it,
    # and is written once, in the chart's caption (it was twice: "Bars: today", then
    # "Bars: Buying a sofa online (today)" in a paragraph under the chart).
    t = translator(language)
    html = charts.comparison_chart(
        ["Awareness"], [3.5], [4.0], "Buying a sofa online (today)", t, target=target
    )
    [caption] = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", html)
    text = re.sub(r"<[^>]+>", "", caption)
    assert text.count(t("Bars")) == 1
    legend = f"{t('Bars')}: Buying a sofa online (today) · {t('Line')}: {t('this journey')}"
    assert text == f"{t(charts.COMPARISON_CAPTION)} {legend}" + (f" {t('target')}" * target)
    assert ('class="cjm-target"' in caption) is target
