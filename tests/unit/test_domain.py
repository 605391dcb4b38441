"""`domain.py` holds each domain fact once; what draws or checks with a fact in another
form (a stylesheet, a JSON Schema) is held to it here."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_cjm import domain
from mkdocs_cjm.i18n import TRANSLATIONS
from mkdocs_cjm.model import Metrics, Step
from mkdocs_cjm.publish import export
from mkdocs_cjm.render import canvas, environment
from mkdocs_cjm.views.labels import is_fraction

STYLESHEET = Path(__file__).resolve().parents[2] / "mkdocs_cjm" / "assets" / "cjm.css"


def test_the_scale_has_a_face_and_a_position_for_every_score() -> None:
    assert tuple(range(domain.SCORE_MIN, domain.SCORE_MAX + 1)) == domain.SCORES
    assert domain.SCORE_MIN < domain.NEUTRAL < domain.SCORE_MAX
    assert set(domain.FACES) == set(domain.SCORES) == set(domain.SCORE_POSITIONS)
    # The higher the score, the higher its point (the lower its % from the top).
    positions = [domain.SCORE_POSITIONS[s] for s in domain.SCORES]
    assert positions == sorted(positions, reverse=True)


def test_the_stylesheet_places_each_score_where_the_canvas_does() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    found = {
        int(score): int(y)
        for score, y in re.findall(r"\.cjm-canvas__mood--(\d+) \{ --cjm-y: (\d+)%;", css)
    }
    assert found == domain.SCORE_POSITIONS


def test_the_model_takes_the_scale() -> None:
    schema = Step.model_json_schema()["properties"]["emotion"]
    assert (schema["minimum"], schema["maximum"]) == (domain.SCORE_MIN, domain.SCORE_MAX)


def test_the_lanes_come_from_domain() -> None:
    lanes = (*domain.JOURNEY_LANES, *domain.BLUEPRINT_LANES)
    # The canvas has a cell for every lane, and no other.
    assert list(canvas.CELLS) == [lane.name for lane in lanes]
    # The canvas, the stage pages' blueprint table and the export use the same lanes.
    assert canvas.BLUEPRINT_LANES is domain.BLUEPRINT_LANES
    assert environment.BLUEPRINT_LANES is domain.BLUEPRINT_LANES
    assert tuple(lane.field for lane in domain.BLUEPRINT_LANES) == export.LANES
    # A lane shows a field of the step, and its label and line are translated.
    assert {lane.field for lane in lanes} <= set(Step.model_fields)
    for lane in lanes:
        for key in filter(None, (lane.label, lane.line)):
            assert key in TRANSLATIONS["da"], f"no Danish label for {key!r}"


def test_the_recognised_metrics_are_typed_labelled_and_fractions() -> None:
    assert list(Metrics.model_fields) == list(domain.RECOGNISED_METRICS)
    for metric in domain.RECOGNISED_METRICS:
        schema = Metrics.model_json_schema()["properties"][metric]["anyOf"][0]
        assert (schema["minimum"], schema["maximum"]) == (0, 1)
        assert metric in TRANSLATIONS["da"], f"no Danish label for {metric!r}"
        assert is_fraction(metric, 0.5) and not is_fraction(metric, 2)


def test_a_step_key_names_its_stage_and_step() -> None:
    assert domain.step_key(2, 3) == "2.3"
    assert domain.key_parts(domain.step_key(12, 1)) == (12, 1)
    assert canvas.column_id("2.3") == "cjm-step-2-3"
