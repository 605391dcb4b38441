"""Unit tests of `model.py` and `check/validate.py`: the schema, its defaults, its messages."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sitebuild import FRESH_DAY, run_cjm

from mkdocs_cjm.check.editor_schema import front_matter_schema
from mkdocs_cjm.check.validate import describe, validate_source
from mkdocs_cjm.diagnostics import did_you_mean
from mkdocs_cjm.model import (
    DEFAULT_STAGES,
    MODELS,
    Journey,
    Metrics,
    Opportunity,
    PainPoint,
    Persona,
    Step,
    Touchpoint,
)
from mkdocs_cjm.read.map_files import load_source
from mkdocs_cjm.views.labels import misspelt_metric

STEP: dict[str, Any] = {"title": "Sees a video", "emotion": 4}
JOURNEY_YAML = (
    "title: T\npersonas: [nina]\nowner: O\nstages:\n  - stage: awareness\n    steps:\n"
    "      - title: x\n        emotion: 3\n"
)
JOURNEY: dict[str, Any] = {
    "title": "Buying a sofa",
    "personas": ["nina"],
    "owner": "E-commerce",
    "stages": [{"stage": "awareness", "steps": [STEP]}],
}


def step(**fields: Any) -> Step:
    return Step.model_validate({**STEP, **fields})


# --- pain points and opportunities -------------------------------------------------


def test_pain_point_as_text_gets_the_default_severity() -> None:
    assert step(pain_points=["No price"]).pain_points == [PainPoint(text="No price", severity=3)]


def test_pain_point_as_mapping() -> None:
    [pain] = step(pain_points=[{"text": "Slow", "severity": 5}]).pain_points
    assert (pain.text, pain.severity) == ("Slow", 5)
    [pain] = step(pain_points=[{"text": "Slow"}]).pain_points
    assert pain.severity == 3


def test_opportunity_as_text_gets_every_default() -> None:
    [idea] = step(opportunities=["Deep-link the ads"]).opportunities
    assert idea == Opportunity(text="Deep-link the ads")
    assert (idea.impact, idea.effort, idea.status, idea.owner, idea.link) == (
        3,
        3,
        "idea",
        None,
        None,
    )


def test_opportunity_as_mapping_and_its_priority() -> None:
    [idea] = step(
        opportunities=[{"text": "Deep-link", "impact": 4, "effort": 2, "status": "planned"}]
    ).opportunities
    assert (idea.impact, idea.effort, idea.status) == (4, 2, "planned")
    assert idea.priority == 2.0


def test_mixed_lists_keep_their_order() -> None:
    pains = step(pain_points=["a", {"text": "b", "severity": 1}, "c"]).pain_points
    assert [(p.text, p.severity) for p in pains] == [("a", 3), ("b", 1), ("c", 3)]


# --- defaults and strictness -----------------------------------------------------------


def test_journey_defaults() -> None:
    journey = Journey.model_validate(JOURNEY)
    assert (journey.kind, journey.status, journey.reviewed, journey.review_every) == (
        "current-state",
        "draft",
        None,
        None,
    )
    [first] = journey.stages[0].steps
    assert (first.touchpoints, first.pain_points, first.opportunities, first.evidence) == (
        [],
        [],
        [],
        [],
    )
    assert first.metrics == Metrics()


def test_journey_reads_a_yaml_date() -> None:
    journey = Journey.model_validate({**JOURNEY, "reviewed": datetime.date(2026, 9, 14)})
    assert journey.reviewed == datetime.date(2026, 9, 14)


def test_metrics_allow_free_names() -> None:
    metrics = step(metrics={"drop_off": 0.5, "nps": 31, "note": "n=412"}).metrics
    assert metrics.drop_off == 0.5
    assert metrics.model_extra == {"nps": 31, "note": "n=412"}


def test_integer_metrics_stay_integers_with_every_digit() -> None:
    big = 12345678901234567890
    metrics = step(metrics={"orders": 1000, "big": big, "ratio": 1000.0, "drop_off": 1}).metrics
    extra = metrics.model_extra or {}
    assert [(extra[k], type(extra[k])) for k in ("orders", "big", "ratio")] == [
        (1000, int),
        (big, int),
        (1000.0, float),
    ]
    assert metrics.drop_off == 1
    assert metrics.model_dump(exclude_none=True)["big"] == big


@pytest.mark.parametrize("value", [True, False, None, [1], {"a": 1}])
def test_metrics_reject_what_is_not_a_number_or_text(value: Any) -> None:
    with pytest.raises(ValidationError):
        step(metrics={"orders": value})
    if value is not None:  # an empty recognised metric means "not measured"
        with pytest.raises(ValidationError):
            step(metrics={"drop_off": value})


# Text made only of what shows nothing: spaces, controls, NBSP and other Unicode spaces,
# zero-width and format characters, byte order mark, combining marks, Hangul filler.
BLANK = [
    " ",
    "   ",
    "\t",
    "\u00a0",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00a0\u200b \u2060",
    "\u3000",
    "\u0301",
    "\u3164",
    "\u2028",
]
VISIBLE = ["a", " Nina ", "\u200bx", "e\u0301", "中", "🛋", "-", "·", "\u00a0.\u00a0"]


@pytest.mark.parametrize("text", BLANK)
def test_required_text_may_not_be_blank(text: str) -> None:
    for model, fields in (
        (Step, {**STEP, "title": text}),
        (Journey, {**JOURNEY, "title": text}),
        (Journey, {**JOURNEY, "owner": text}),
        (Persona, {"title": text}),
        (Touchpoint, {"title": text}),
        (PainPoint, {"text": text}),
        (Opportunity, {"text": text}),
    ):
        with pytest.raises(ValidationError, match="string_pattern_mismatch"):
            model.model_validate(fields)
    with pytest.raises(ValidationError):
        step(pain_points=[text])
    with pytest.raises(ValidationError):
        step(opportunities=[text])


@pytest.mark.parametrize("text", VISIBLE)
def test_required_text_with_one_visible_character_is_fine(text: str) -> None:
    assert step(title=text, pain_points=[text]).title == text


def test_blank_optional_text_is_left_alone() -> None:
    # Only required text must show: an empty optional field just shows nothing.
    assert step(doing=" ", feeling="\u200b").doing == " "


def test_the_schema_says_required_text_must_show_in_every_regex_dialect() -> None:
    schema = front_matter_schema("journey")
    title = schema["properties"]["title"]
    assert title["minLength"] == 1
    # Python's `re` (jsonschema), Rust (pydantic) and JavaScript (editors) read it alike.
    pattern = re.compile(title["pattern"])
    assert [t for t in BLANK if pattern.search(t)] == []
    assert [t for t in VISIBLE if not pattern.search(t)] == []
    defs = schema["$defs"]
    for where in (
        schema["properties"]["owner"],
        defs["Step"]["properties"]["title"],
        defs["PainPoint"]["properties"]["text"],
        defs["Opportunity"]["properties"]["text"],
    ):
        assert where["pattern"] == title["pattern"]
    # A pain point given as plain text is required text too.
    assert {"minLength": 1, "pattern": title["pattern"], "type": "string"} in defs["Step"][
        "properties"
    ]["pain_points"]["items"]["anyOf"]


@pytest.mark.parametrize(
    "fields",
    [
        {"emotion": "4"},
        {"emotion": 4.0},
        {"emotion": True},
        {"title": 42},
        {"touchpoints": "instagram"},
        {"emtion": 4},
        {"metrics": {"drop_off": 1.01}},
        {"pain_points": [""]},
    ],
)
def test_steps_are_strict(fields: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        step(**fields)


def test_models_are_frozen() -> None:
    with pytest.raises(ValidationError):
        step().title = "changed"  # type: ignore[misc]


def test_each_folder_has_its_model() -> None:
    assert {kind: model.__name__ for kind, model in MODELS.items()} == {
        "stages": "Stage",
        "personas": "Persona",
        "touchpoints": "Touchpoint",
        "journeys": "Journey",
        "opportunities": "SharedOpportunity",
    }


def test_default_stage_vocabulary_is_the_spec_one() -> None:
    assert DEFAULT_STAGES == (
        ("awareness", "Awareness"),
        ("consideration", "Consideration"),
        ("purchase", "Purchase"),
        ("retention", "Retention"),
        ("advocacy", "Advocacy"),
    )


def test_persona_and_touchpoint_take_free_text_where_the_spec_allows() -> None:
    persona = Persona.model_validate({"title": "Nina", "segment": "Families", "age": "30-40"})
    assert (persona.segment, persona.age) == ("Families", "30-40")
    touchpoint = Touchpoint.model_validate({"title": "Fair", "channel": "trade fair"})
    assert touchpoint.channel == "trade fair"


# --- validate_source: messages a writer understands -------------------------------------


def messages(tmp_path: Path, kind: str, front_matter: str) -> list[str]:
    file = tmp_path / "maps" / kind / "x.md"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f"---\n{front_matter}---\n", encoding="utf-8")
    source, problems = load_source(file, kind, tmp_path)
    assert source is not None and problems == []
    document, found = validate_source(source)
    assert (document is None) == bool(found)
    return [str(d) for d in found]


def test_a_valid_source_is_bound_to_its_file(tmp_path: Path) -> None:
    file = tmp_path / "maps" / "personas" / "nina.md"
    file.parent.mkdir(parents=True)
    file.write_text("---\ntitle: Nina\n---\nShe is busy.\n", encoding="utf-8")
    source, _ = load_source(file, "personas", tmp_path)
    assert source is not None
    persona, problems = validate_source(source)
    assert problems == [] and persona is not None
    assert (persona.id, persona.body, persona.source.path) == (
        "nina",
        "She is busy.\n",
        "maps/personas/nina.md",
    )


@pytest.mark.parametrize(
    ("kind", "front_matter", "expected"),
    [
        (
            "personas",
            "title: Nina\ngoal: [x]\n",
            "maps/personas/x.md:3: unknown field 'goal' — did you mean 'goals'?",
        ),
        (
            "personas",
            "title: Nina\nfavourite_colour: blue\n",
            "maps/personas/x.md:3: unknown field 'favourite_colour' — known fields here: "
            "title, segment, role, age, quote, goals, needs, motivations, frustrations, "
            "channels, image, tags",
        ),
        (
            "touchpoints",
            "title: Web\nmode: Online\n",
            "maps/touchpoints/x.md:3: 'mode' is 'Online', but must be one of: online, offline "
            "— did you mean 'online'?",
        ),
        (
            "touchpoints",
            "title:\n",
            "maps/touchpoints/x.md:2: 'title' is empty, but must be text — fill it in",
        ),
        (
            "touchpoints",
            "title: Web\nkpis:\n",
            "maps/touchpoints/x.md:3: 'kpis' is empty, but must be a list — fill it in, "
            "or remove the line",
        ),
        (
            "touchpoints",
            "title: Web\nkpis: [CTR, 3]\n",
            "maps/touchpoints/x.md:3: an item of 'kpis' is 3, but must be text — put it in "
            "quotes to make it text",
        ),
        (
            "personas",
            "title: Nina\nage: [35]\n",
            "maps/personas/x.md:3: 'age' is a list, but must be a whole number or text",
        ),
        (
            "stages",
            "title: Use\norder: '10'\n",
            "maps/stages/x.md:3: 'order' is '10', but must be a whole number — write the "
            "number without quotes",
        ),
        (
            "personas",
            'role: x\ntitle: "\\u3000\\u00a0"\n',
            "maps/personas/x.md:3: 'title' is blank (only spaces or invisible characters) — "
            "fill it in",
        ),
        (
            "journeys",
            JOURNEY_YAML + "reviewed: '2026-11-01'\n",
            "maps/journeys/x.md:10: 'reviewed' is '2026-11-01' in quotes, which YAML reads as "
            "text, not a date — remove the quotes: `reviewed: 2026-11-01`",
        ),
        (
            "journeys",
            JOURNEY_YAML + 'reviewed: "2026-02-30"\n',
            "maps/journeys/x.md:10: 'reviewed' is '2026-02-30', which is not a valid date — "
            "write an ISO date that exists, like 2026-09-14",
        ),
        (
            "journeys",
            JOURNEY_YAML + "review_every: 0\n",
            "maps/journeys/x.md:10: 'review_every' is 0, but must be a whole number of days, "
            "1 or more — write the days between reviews, like `review_every: 90`, or remove "
            "the line to use the site's `review_every`",
        ),
        (
            "journeys",
            JOURNEY_YAML + "review_every: 13 weeks\n",
            "maps/journeys/x.md:10: 'review_every' is '13 weeks', but must be a whole number — "
            "write only the number of days: `review_every: 91`",
        ),
        (
            "journeys",
            JOURNEY_YAML + "review_every: quarterly\n",
            "maps/journeys/x.md:10: 'review_every' is 'quarterly', but must be a whole number — "
            "write a whole number of days, 1 or more",
        ),
        (
            "journeys",
            JOURNEY_YAML.replace("emotion: 3\n", "emotion: 3.5\n"),
            "maps/journeys/x.md:9: 'emotion' is 3.5, but must be a whole number — write a whole "
            "number: 3 or 4",
        ),
        (
            "journeys",
            JOURNEY_YAML.replace(
                "emotion: 3\n", "emotion: 3\n        metrics: {drop_off: '0,41'}\n"
            ),
            "maps/journeys/x.md:10: 'drop_off' is '0,41', but must be a number — write a "
            "decimal point, not a comma: 0.41",
        ),
        (
            "journeys",
            JOURNEY_YAML.replace("emotion: 3\n", "emotion: 3\n        metrics: {drop_off: no}\n"),
            "maps/journeys/x.md:10: 'drop_off' is false, but must be a number — YAML reads yes "
            "and no as true and false; write a fraction from 0 to 1",
        ),
        (
            "journeys",
            JOURNEY_YAML.replace(
                "emotion: 3\n",
                "emotion: 3\n        metrics:\n          - drop_off: 0.41\n          - nps: 31\n",
            ),
            "maps/journeys/x.md:10: 'metrics' is a list, but must be a mapping of `name: value` "
            "lines — a mapping has no [ ] or '- ': write `metrics: {drop_off: 0.41, nps: 31}`",
        ),
        (
            "journeys",
            JOURNEY_YAML.replace("personas: [nina]", "personas:\n  - [nina, ole]"),
            "maps/journeys/x.md:4: an item of 'personas' is a list, but must be text — write the "
            "list in one pair of brackets: `personas: [nina, ole]`",
        ),
        (
            "stages",
            "title: Awareness\norder: first\n",
            "maps/stages/x.md:3: 'order' is 'first', but must be a whole number — write it in "
            "digits, like 3",
        ),
        (
            "journeys",
            JOURNEY_YAML.replace("emotion: 3\n", "emotion: 3\n        pain_points: [' ']\n"),
            "maps/journeys/x.md:10: an item of 'pain_points' is blank (only spaces or invisible "
            "characters) — fill it in",
        ),
        (
            "journeys",
            JOURNEY_YAML.replace(
                "emotion: 3\n", "emotion: 3\n        opportunities:\n          - ''\n"
            ),
            "maps/journeys/x.md:11: an item of 'opportunities' is empty — fill it in",
        ),
        (
            "journeys",
            JOURNEY_YAML.replace("emotion: 3\n", "emotion: 3\n        pain_points: [5]\n"),
            "maps/journeys/x.md:10: an item of 'pain_points' is 5, but must be text or a "
            "mapping with `text:` — put it in quotes to make it text",
        ),
        (
            "journeys",
            JOURNEY_YAML.replace("emotion: 3\n", "emotion: 3\n        metrics: {orders: yes}\n"),
            "maps/journeys/x.md:10: 'orders' is true, but must be a number or text — put it in "
            "quotes to make it text",
        ),
        (
            "journeys",
            # A metric may be called `int`: that is its name, not the union branch.
            JOURNEY_YAML.replace("emotion: 3\n", "emotion: 3\n        metrics: {int: [1]}\n"),
            "maps/journeys/x.md:10: 'int' is a list, but must be a number or text",
        ),
        (
            "personas",
            "title: Nina\nstr: x\n",
            "maps/personas/x.md:3: unknown field 'str' — known fields here: title, segment, "
            "role, age, quote, goals, needs, motivations, frustrations, channels, image, tags",
        ),
        (
            "journeys",
            JOURNEY_YAML.split("  - stage")[0] + "  - awareness\n",
            "maps/journeys/x.md:6: an item of 'stages' is 'awareness', but must be a mapping of "
            "`name: value` lines — write `- stage: awareness`, with its `steps:` below",
        ),
    ],
)
def test_messages_and_hints(tmp_path: Path, kind: str, front_matter: str, expected: str) -> None:
    assert messages(tmp_path, kind, front_matter) == [expected]


def test_check_reports_a_blank_title_at_the_line_of_its_key(minimal_project: Path) -> None:
    trip = minimal_project / "maps" / "journeys" / "trip.md"
    text = trip.read_text(encoding="utf-8")
    text = text.replace("title: Buying a sofa online", 'title: "\\u3000\\u00a0"')
    text = text.replace("title: Orders in the webshop", "title: ' '")
    trip.write_text(text, encoding="utf-8")
    result = run_cjm("check", "--today", str(FRESH_DAY), cwd=minimal_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    blank = "is blank (only spaces or invisible characters) — fill it in [empty-value]"
    assert f"maps/journeys/trip.md:2: error: 'title' {blank}" in lines
    assert f"maps/journeys/trip.md:29: error: 'title' {blank}" in lines


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    found = messages(
        tmp_path,
        "journeys",
        "title: 1\npersonas: nina\nstages:\n  - stage: awareness\n    steps:\n"
        "      - title: x\n        emotion: 9\n        metrics: {drop_off: -0.1}\n",
    )
    assert found == [
        "maps/journeys/x.md:2: 'title' is 1, but must be text — put it in quotes to make it text",
        "maps/journeys/x.md:3: 'personas' is 'nina', but must be a list — write it as a list: "
        "[nina]",
        "maps/journeys/x.md:1: missing required field 'owner' — add `owner: ...`",
        "maps/journeys/x.md:8: 'emotion' is 9, but must be a whole number from 1 to 5 — 1 is very "
        "negative, 3 neutral, 5 very positive",
        "maps/journeys/x.md:9: 'drop_off' is -0.1, but must be a fraction from 0 to 1 — write 62% "
        "as 0.62",
    ]


# --- small helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("nian", "did you mean 'nina'?"),
        ("emtion", "did you mean 'emotion'?"),
        ("touchpoint", "did you mean 'touchpoints'?"),
        ("zzz", ""),
    ],
)
def test_did_you_mean(word: str, hint: str) -> None:
    assert did_you_mean(word, ["nina", "ole", "emotion", "touchpoints"]) == hint


def test_did_you_mean_with_no_candidates() -> None:
    assert did_you_mean("x", []) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "empty"),
        (True, "true"),
        ("ok", "'ok'"),
        ("x" * 50, repr("x" * 37 + "...")),
        ([1], "a list"),
        ({"a": 1}, "a mapping"),
        (4.5, "4.5"),
    ],
)
def test_describe(value: Any, text: str) -> None:
    assert describe(value) == text


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("drop-off", "drop_off"),
        ("Drop_off", "drop_off"),
        ("dropoff", "drop_off"),
        ("Drop Off", "drop_off"),
        ("Conversion", "conversion"),
        ("drop_off", None),
        # Metrics of their own: other words, not other spellings.
        ("conversion_rate", None),
        ("conversions", None),
        ("drop_offs_weekly", None),
    ],
)
def test_a_metric_spelled_like_a_recognised_one_is_named(name: str, meant: str | None) -> None:
    assert misspelt_metric(name) == meant


def test_a_misspelt_metric_is_a_warning_at_its_line_and_the_map_stays_valid(
    tmp_path: Path,
) -> None:
    file = tmp_path / "maps" / "journeys" / "x.md"
    file.parent.mkdir(parents=True)
    metrics = "emotion: 3\n        metrics:\n          dropoff: 0.4\n          nps: 31\n"
    front_matter = JOURNEY_YAML.replace("emotion: 3\n", metrics)
    file.write_text(f"---\n{front_matter}---\n", "utf-8")
    source, _ = load_source(file, "journeys", tmp_path)
    assert source is not None
    document, found = validate_source(source)
    assert isinstance(document, Journey)
    assert [(d.line, d.severity.value, d.code) for d in found] == [
        (11, "warning", "misspelt-metric")
    ]
    assert document.stages[0].steps[0].metrics.model_extra == {"dropoff": 0.4, "nps": 31}
