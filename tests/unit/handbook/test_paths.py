"""Path files (SPEC §2.7): read against the journeys into `Handbook.paths`, exported, cached.

The models themselves are tested in `test_attribution.py`; here the reading is checked
against a second, plain reading of the same files (`csv` rows, names resolved by hand,
`attribute()` and `observed_flow()`), and the wiring: periods, splits, the exports, the
cache of `mkdocs serve`, and files no tool should choke on.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from sitebuild import MINIMAL

from mkdocs_cjm.handbook.attribution import MODELS, CustomerPath, observed_flow
from mkdocs_cjm.handbook.path_counts import attribute
from mkdocs_cjm.handbook.paths import journey_elements, step_splits
from mkdocs_cjm.handbook.resolve import Settings, build_handbook
from mkdocs_cjm.pipeline import Pipeline
from mkdocs_cjm.publish.csv_tables import export_csv

REPO = Path(__file__).resolve().parents[3]

TRIP_IDS = (REPO / "tests/corpus/data-semicolons/journeys/trip.md").read_text(encoding="utf-8")
INSTAGRAM = """---
title: Instagram ads
channel: social
aliases: [Paid Social, instagram / paid]
---

Paid reels.
"""


def _project(tmp_path: Path, paths: dict[str, str]) -> Path:
    """The minimal handbook with step ids, an aliased touchpoint and these path files."""
    shutil.copytree(MINIMAL, tmp_path, dirs_exist_ok=True)
    maps = tmp_path / "maps"
    (maps / "journeys/trip.md").write_text(TRIP_IDS, encoding="utf-8")
    (maps / "touchpoints/instagram.md").write_text(INSTAGRAM, encoding="utf-8")
    (maps / "paths").mkdir()
    for name, text in paths.items():
        (maps / "paths" / name).write_text(text, encoding="utf-8", newline="")
    return tmp_path


def _errors(project: Path) -> list[str]:
    handbook = build_handbook(project / "maps", project)
    return [str(d) for d in handbook.diagnostics]


def test_the_example_paths_match_a_plain_reading_of_the_files() -> None:
    handbook = build_handbook(REPO / "maps", REPO)
    assert not [d for d in handbook.diagnostics if "paths" in d.path], handbook.diagnostics
    journey = handbook.journeys["sofa-purchase-today"]
    paths = handbook.paths["sofa-purchase-today"]
    assert [p.period for p in paths.periods] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert paths.latest.period == "2026-Q3"
    assert paths.latest.sources == ("Product analytics (Amplitude)",)
    # The second reading: every file as rows, each name resolved by a dictionary built here.
    names = {t.id: t.id for t in handbook.touchpoints.values()}
    for touchpoint in handbook.touchpoints.values():
        names.update({alias.lower(): touchpoint.id for alias in touchpoint.aliases})
    names.update({s.id: s.id for js in journey.stages for s in js.steps if s.id})
    rows: dict[str, list[CustomerPath]] = {}
    for file in sorted((REPO / "maps/paths").glob("*.csv")):
        for row in csv.DictReader(io.StringIO(file.read_text(encoding="utf-8"))):
            elements = tuple(names[e.strip().lower()] for e in row["path"].split(">"))
            path = CustomerPath(elements, int(row["conversions"]), int(row["nulls"]))
            rows.setdefault(row["period"], []).append(path)
    stages_of: dict[str, set[str]] = {}
    for journey_stage in journey.stages:
        for step in journey_stage.steps:
            for touchpoint_id in step.touchpoints:
                stages_of.setdefault(touchpoint_id, set()).add(journey_stage.stage)
    stage_of = {t: next(iter(s)) for t, s in stages_of.items() if len(s) == 1}
    stage_of.update({s.id: js.stage for js in journey.stages for s in js.steps if s.id})
    splits = {
        s.id: tuple((t, 1) for t in s.touchpoints)
        for js in journey.stages
        for s in js.steps
        if s.id
    }
    for period in paths.periods:
        assert period.attribution == attribute(rows[period.period], splits)
        assert period.flow == observed_flow(
            rows[period.period], stage_of, [s.stage for s in journey.stages]
        )
    latest = paths.latest
    assert latest.flow.returning_paths > 0  # loops between consideration and purchase
    assert any(m.backward and m.from_stage == "purchase" for m in latest.flow.moves)
    for model in MODELS:
        assert sum(latest.attribution.shares(model).values()) == pytest.approx(1)


def test_a_step_credits_its_touchpoints_equally_and_places_its_stage(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {"a.csv": "journey,path,conversions,nulls,period\ntrip,orders,4,0,2026-Q3\n"},
    )
    handbook = build_handbook(project / "maps", project)
    assert not handbook.diagnostics
    latest = handbook.paths["trip"].latest
    assert latest.attribution.shares("linear") == {"instagram": 0.5, "webshop": 0.5}
    assert [s.stage for s in latest.flow.starts] == ["purchase"]
    journey = handbook.journeys["trip"]
    assert step_splits(journey) == {
        "instagram-video": (("instagram", 1),),
        "orders": (("webshop", 1), ("instagram", 1)),
    }
    elements = journey_elements(journey, handbook.touchpoints)
    assert elements.names["paid social"] == "instagram"
    # instagram is used in two stages of trip: it cannot be placed; webshop in one.
    assert "instagram" not in elements.stage_of
    assert elements.stage_of["webshop"] == "purchase"


def test_aliases_match_without_regard_to_case_and_spaces(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            "a.csv": "journey,path,conversions,nulls,period,source\n"
            "trip,PAID SOCIAL>webshop,3,7,2026-Q3,GA4\n"
            "trip, instagram / Paid  >  Webshop ,1,9,2026-q3,GA4\n"
        },
    )
    handbook = build_handbook(project / "maps", project)
    assert not handbook.diagnostics
    attribution = handbook.paths["trip"].latest.attribution
    assert (attribution.paths, attribution.conversions, attribution.nulls) == (2, 4, 16)
    assert attribution.shares("first") == {"instagram": 1.0, "webshop": 0.0}


def test_unplaced_elements_are_counted_and_named(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {"a.csv": "journey,path,conversions,nulls,period\ntrip,instagram > webshop,2,3,2026-Q3\n"},
    )
    flow = build_handbook(project / "maps", project).paths["trip"].latest.flow
    assert [(u.element, u.paths) for u in flow.unplaced] == [("instagram", 5)]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"journey,path,conversions,nulls,period\ntrip,webshop\x1e > orders,1,2,2026-Q3\n",
            "maps/paths/a.csv:2: the path holds a control character",
        ),
        (
            b"journey,path,conversions,nulls,period\ntrip,webshop,1,2,2026-Q3\ntrip,M\xe6rsk,1,2,"
            b"2026-Q3\n",
            "maps/paths/a.csv:3: file is not UTF-8 (byte 0xe6)",
        ),
        (
            b'journey,path,conversions,nulls,period\ntrip,"webshop,1,2,2026-Q3\n',
            "maps/paths/a.csv:2: invalid CSV",
        ),
        (b"", "maps/paths/a.csv:1: path file is empty"),
        (
            b"\xef\xbb\xbfjourney,path,conversions,nulls,period\r\ntrip,webshop,1,0,2026-Q3\r\n"
            b"trip,webshop,1,0,2026-Q3\r\n",
            "maps/paths/a.csv:3: duplicate path 'webshop' in 'trip' for 2026-Q3 (first at line 2)",
        ),
    ],
)
def test_files_no_export_should_hold_get_a_clear_word(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    project = _project(tmp_path, {})
    (project / "maps/paths/a.csv").write_bytes(data)
    errors = _errors(project)
    assert any(e.startswith(expected) for e in errors), errors


def test_rows_of_a_journey_that_failed_to_validate_wait(tmp_path: Path) -> None:
    project = _project(
        tmp_path, {"a.csv": "journey,path,conversions,nulls,period\ntrip,webshop,1,2,2026-Q3\n"}
    )
    trip = project / "maps/journeys/trip.md"
    trip.write_text(trip.read_text(encoding="utf-8").replace("emotion: 4", "emotion: 9"))
    handbook = build_handbook(project / "maps", project)
    assert [d.code for d in handbook.diagnostics] == ["out-of-range"]
    assert handbook.paths == {}


def test_the_export_tables(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {
            "a.csv": "journey,path,conversions,nulls,period\n"
            "trip,instagram-video > orders,3,1,2026-Q3\n"
            "trip,instagram-video > orders > instagram-video > orders,1,5,2026-Q3\n"
            "trip,orders,1,0,2026-Q2\n"
        },
    )
    handbook = build_handbook(project / "maps", project, Settings())
    table = list(csv.reader(io.StringIO(export_csv(handbook, "attribution"))))
    assert table[0] == ["journey", "period", "touchpoint", "model", "conversions", "share"]
    assert {tuple(r[:2]) for r in table[1:]} == {("trip", "2026-Q2"), ("trip", "2026-Q3")}
    assert [r[3] for r in table[1:6]] == list(MODELS)
    for model in MODELS:
        shares = [float(r[5]) for r in table[1:] if r[1] == "2026-Q3" and r[3] == model]
        assert sum(shares) == pytest.approx(1, abs=1e-5)
    flow = list(csv.reader(io.StringIO(export_csv(handbook, "flow"))))
    assert flow == [
        ["journey", "period", "from_stage", "to_stage", "paths"],
        ["trip", "2026-Q3", "awareness", "purchase", "16"],
        ["trip", "2026-Q3", "purchase", "awareness", "6"],
    ]


def test_serve_does_not_attribute_again_when_an_unrelated_map_changes(tmp_path: Path) -> None:
    project = _project(
        tmp_path,
        {"a.csv": "journey,path,conversions,nulls,period\ntrip,Paid Social > orders,3,7,2026-Q3\n"},
    )
    maps, settings = project / "maps", Settings()
    pipeline = Pipeline()
    first = pipeline.handbook(maps, project, settings)
    assert pipeline.paths.computed == 1

    def rebuild() -> dict[str, object]:
        return dict(pipeline.handbook(maps, project, settings).paths)

    # A persona, another journey, a touchpoint's text: the paths are the last build's.
    nina = maps / "personas/nina.md"
    nina.write_text(nina.read_text(encoding="utf-8") + "\nMore about Nina.\n")
    visit = maps / "journeys/visit.md"
    visit.write_text(visit.read_text(encoding="utf-8").replace("emotion: 3", "emotion: 2"))
    instagram = maps / "touchpoints/instagram.md"
    instagram.write_text(INSTAGRAM.replace("Instagram ads", "Instagram"), encoding="utf-8")
    again = rebuild()
    assert pipeline.paths.computed == 1
    assert again["trip"] is first.paths["trip"]
    # What the paths depend on: the journey they name, an alias, the file.
    for change in (
        lambda: (maps / "journeys/trip.md").write_text(
            TRIP_IDS.replace("emotion: 4", "emotion: 5")
        ),
        lambda: instagram.write_text(INSTAGRAM.replace("Paid Social, ", "Paid Social, Social, ")),
        lambda: (maps / "paths/a.csv").write_text(
            "journey,path,conversions,nulls,period\ntrip,Paid Social > orders,4,7,2026-Q3\n"
        ),
    ):
        computed = pipeline.paths.computed
        change()
        rebuild()
        assert pipeline.paths.computed == computed + 1
    assert (
        pipeline.handbook(maps, project, settings).paths["trip"].latest.attribution.conversions == 4
    )
