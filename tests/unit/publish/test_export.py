"""`mkdocs-cjm export`: the handbook as JSON (checked against its schema) and as CSV tables."""

from __future__ import annotations

import csv
import datetime
import functools
import html
import io
import json
import math
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import MINIMAL, NO_HISTORY, REPO, SETTINGS, TODAY, example_handbook

from mkdocs_cjm.cli.commands import main
from mkdocs_cjm.handbook.freshness import Freshness
from mkdocs_cjm.handbook.resolve import build_handbook
from mkdocs_cjm.model import (
    DEFAULT_STAGES,
    VISIBLE_PATTERN,
    Evidence,
    Journey,
    JourneyStage,
    Opportunity,
    PainPoint,
    Persona,
    Stage,
    Step,
    Touchpoint,
)
from mkdocs_cjm.publish.csv_tables import CSV_TABLES, TABLES, export_csv, field_types
from mkdocs_cjm.publish.export import (
    FIGURE_LEFT_OUT,
    LEFT_OUT,
    export_schema,
    schema_text,
    shipped_schema,
)
from mkdocs_cjm.read.data_files import Figure, Series
from mkdocs_cjm.render import render_pages


@functools.cache
def defaults_config() -> Path:
    """An mkdocs.yml without cjm options: the defaults apply (a missing -f is an error)."""
    path = Path(tempfile.mkdtemp()) / "mkdocs.yml"
    path.write_text("site_name: Defaults\n", encoding="utf-8")
    return path


def export(*args: str, maps: Path = REPO / "maps") -> Result:
    """Run the real command in-process, with the default options."""
    command = ["export", "--maps", str(maps), "-f", str(defaults_config()), "--today", str(TODAY)]
    result = CliRunner().invoke(main, [*command, *args], catch_exceptions=False)
    return result


def validate(document: Any) -> None:
    jsonschema.Draft202012Validator(
        shipped_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)


# --- JSON --------------------------------------------------------------------------------


def test_example_export_validates_against_the_shipped_schema() -> None:
    result = export("--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    validate(document)
    assert list(document) == [
        "format",
        "version",
        "as_of",
        "stages",
        "personas",
        "touchpoints",
        "path_periods",
        "attribution",
        "flow",
        "opportunities",
        "journeys",
        "data",
    ]
    assert document["as_of"] == str(TODAY)
    journey = next(j for j in document["journeys"] if j["id"] == "sofa-purchase-today")
    assert journey["source"] == "maps/journeys/sofa-purchase-today.md"
    assert journey["reviewed"] == "2026-10-06"
    assert journey["freshness"] == {"status": "fresh", "due": "2027-01-04", "days_left": 47}
    step = journey["stages"][0]["steps"][0]
    assert step["number"] == 1 and step["id"] == "instagram-reel"
    assert step["anchor"] == "instagram-reel"  # a step with an id is linked by it
    assert step["metrics"] == {"drop_off": 0.62, "ctr": 0.011}
    assert list(step["metrics"]) == ["drop_off", "ctr"]  # recognised metrics first
    assert step["pain_points"][0] == {"text": "No price in the reel", "severity": 3}


def test_shipped_schema_is_the_schema_of_the_models() -> None:
    # If this fails after a model change: write schema_text(export_schema()) to the file.
    path = REPO / "mkdocs_cjm" / "schemas" / "export.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(export_schema())
    jsonschema.Draft202012Validator.check_schema(shipped_schema())


def test_schema_command_prints_the_export_schema() -> None:
    result = CliRunner().invoke(main, ["schema", "--export"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == shipped_schema()
    both = CliRunner().invoke(main, ["schema", "--export", "--kind", "journey"])
    assert both.exit_code == 2


def test_export_is_deterministic() -> None:
    assert export().stdout_bytes == export().stdout_bytes


def test_schema_rejects_a_broken_export() -> None:
    document = json.loads(export().stdout)
    document["journeys"][0]["stages"][0]["steps"][0]["emotion"] = 6
    with pytest.raises(jsonschema.ValidationError):
        validate(document)
    del document["journeys"][0]["stages"][0]["steps"][0]["emotion"]
    with pytest.raises(jsonschema.ValidationError):
        validate(document)


def test_export_writes_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "handbook.json"
    result = export("--out", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "Wrote " in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "mkdocs-cjm"


def test_export_is_refused_when_check_finds_errors(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL / "maps", tmp_path / "maps")
    trip = tmp_path / "maps" / "journeys" / "trip.md"
    trip.write_text(trip.read_text(encoding="utf-8").replace("[nina]", "[nian]"), "utf-8")
    for fmt in ("json", "csv"):
        result = export("--format", fmt, maps=tmp_path / "maps")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert "journeys/trip.md:3: error: unknown persona 'nian' — did you mean 'nina'?" in (
            result.stderr
        )
        assert "Not exported: 1 error in " in result.stderr


def test_non_finite_metrics_are_written_as_text(tmp_path: Path) -> None:
    step = {"title": "Waits", "emotion": 2, "metrics": {"wait": math.inf, "drop_off": 0.5}}
    journey = {
        "title": "J",
        "personas": ["p"],
        "owner": "O",
        "stages": [{"stage": "purchase", "steps": [step]}],
    }
    write_maps(
        tmp_path / "maps",
        {"personas": {"p": ({"title": "P"}, "")}, "journeys": {"j": (journey, "")}},
    )
    result = export(maps=tmp_path / "maps")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    validate(document)
    assert document["journeys"][0]["stages"][0]["steps"][0]["metrics"] == {
        "drop_off": 0.5,
        "wait": "inf",
    }


BIG = 12345678901234567890  # more digits than a float holds


def _metrics_project(maps: Path) -> None:
    step = {
        "title": "Orders",
        "emotion": 3,
        "metrics": {"drop_off": 1, "orders": 1000, "big": BIG, "ratio": 2.5, "share": 1000.0},
    }
    journey = {
        "title": "J",
        "personas": ["p"],
        "owner": "O",
        "stages": [{"stage": "purchase", "steps": [step]}],
    }
    write_maps(maps, {"personas": {"p": ({"title": "P"}, "")}, "journeys": {"j": (journey, "")}})


def test_integer_metrics_keep_every_digit_in_json_csv_and_pages(tmp_path: Path) -> None:
    _metrics_project(tmp_path / "maps")
    result = export("--format", "json", maps=tmp_path / "maps")
    assert result.exit_code == 0, result.output
    assert '"orders": 1000,' in result.stdout and f'"big": {BIG},' in result.stdout
    document = json.loads(result.stdout)
    validate(document)
    metrics = document["journeys"][0]["stages"][0]["steps"][0]["metrics"]
    assert metrics == {"drop_off": 1.0, "orders": 1000, "big": BIG, "ratio": 2.5, "share": 1000.0}
    assert [type(metrics[k]) for k in ("orders", "big", "share")] == [int, int, float]

    [row] = read_csv(export("--format", "csv", maps=tmp_path / "maps").stdout_bytes)
    assert row["drop_off"] == "1.0"
    assert row["other_metrics"] == f"orders=1000; big={BIG}; ratio=2.5; share=1000.0"

    handbook = build_handbook(tmp_path / "maps", tmp_path, SETTINGS)
    pages = render_pages(handbook, NO_HISTORY, None, TODAY)
    [stage_page] = [p for p in pages if p.src_uri.startswith("journeys/j/purchase")]
    # Markdown escapes a leading digit as a character reference (`&#49;000`); a reader sees 1000.
    markdown = html.unescape(stage_page.content.decode("utf-8"))
    assert "| Orders | 1000 |" in markdown
    assert f"| Big | {BIG} |" in markdown
    assert "| Share | 1000.0 |" in markdown  # written as a decimal, shown as written
    assert re.search(r"\| [^|]+ \| 100% \|", markdown), "drop_off: 1 is 100%"
    assert "1000.0 |" not in markdown.replace("| Share | 1000.0 |", "")


# --- every field of the models is exported, or left out on purpose ----------------------


def test_every_model_field_is_in_the_json_or_left_out_on_purpose() -> None:
    # Read from a real export of the example, which has every kind of object: a field
    # must be a key of its object's export, or named in LEFT_OUT with where it is instead.
    document = json.loads(export().stdout)
    journeys = document["journeys"]
    journey_stages = [stage for journey in journeys for stage in journey["stages"]]
    steps = [step for stage in journey_stages for step in stage["steps"]]
    exported: dict[type, list[dict[str, Any]]] = {
        Stage: document["stages"],
        Persona: document["personas"],
        Touchpoint: document["touchpoints"],
        Journey: journeys,
        Freshness: [journey["freshness"] for journey in journeys],
        JourneyStage: journey_stages,
        Step: steps,
        PainPoint: [item for step in steps for item in step["pain_points"]],
        Opportunity: [item for step in steps for item in step["opportunities"]],
        Evidence: [item for step in steps for item in step["evidence_items"]],
        Series: document["data"],
        Figure: [figure for series in document["data"] for figure in series["figures"]],
    }
    left_out: dict[type, Any] = {**LEFT_OUT, Figure: FIGURE_LEFT_OUT}
    problems = []
    for model, objects in exported.items():
        assert objects, f"the example exports no {model.__name__}"
        keys = set().union(*objects)
        fields = field_types(model)
        excluded = left_out.get(model, {})
        problems += [
            f"{model.__name__}.{name} is neither exported nor in LEFT_OUT"
            for name in fields
            if name not in keys and name not in excluded
        ]
        problems += [
            f"{model.__name__}.{name} is in LEFT_OUT but is exported (or is no field)"
            for name in excluded
            if name in keys or name not in fields
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", list(TABLES))
def test_every_field_of_a_rows_model_is_a_column_or_left_out_on_purpose(name: str) -> None:
    table = TABLES[name]
    fields = field_types(table.model)
    held = [field for field, _ in table.fields]
    assert set(table.left_out) <= set(fields), "left_out names no field"
    assert sorted([*held, *table.left_out]) == sorted(fields)
    # A field that does not fit one cell (a list of pain points, the metrics) must say
    # how it is written, or why the table leaves it out.
    assert not table.without_cells(), (
        f"{name}: {table.model.__name__} fields {table.without_cells()} need cells in "
        "csv_tables.TABLES, or a place in its left_out"
    )
    assert set(table.cells) <= set(held)
    assert len(set(table.columns)) == len(table.columns), "a column is named twice"


# --- CSV ---------------------------------------------------------------------------------


def read_csv(data: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(
        csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter)
    )


def test_csv_has_one_row_per_step() -> None:
    handbook = example_handbook()
    steps = [u for j in handbook.journeys.values() for u in handbook.usages(j)]
    result = export("--format", "csv")
    assert result.exit_code == 0
    header = result.stdout_bytes.decode("utf-8-sig").split("\r\n", 1)[0]
    assert header.split(",") == list(CSV_TABLES["steps"])
    rows = read_csv(result.stdout_bytes)
    assert len(rows) == len(steps)
    first = rows[0]
    usage = steps[0]
    assert first["journey_id"] == usage.journey.id
    assert first["step_title"] == usage.step.title
    assert first["step_id"] == (usage.step.id or "")
    assert first["emotion"] == str(usage.step.emotion)
    assert first["touchpoints"] == ";".join(usage.step.touchpoints)
    assert first["pain_points"] == str(len(usage.step.pain_points))
    sofa = next(r for r in rows if r["journey_id"] == "sofa-purchase-today")
    assert (sofa["drop_off"], sofa["other_metrics"], sofa["max_severity"]) == (
        "0.62",
        "ctr=0.011",
        "4",
    )


@pytest.mark.parametrize("table", ["opportunities", "pain-points"])
def test_csv_tables_of_opportunities_and_pain_points(table: str) -> None:
    handbook = example_handbook()
    steps = [u.step for j in handbook.journeys.values() for u in handbook.usages(j)]
    expected = sum(
        len(s.opportunities if table == "opportunities" else s.pain_points) for s in steps
    )
    result = export("--format", "csv", "--table", table)
    rows = read_csv(result.stdout_bytes)
    assert list(rows[0]) == list(CSV_TABLES[table])
    assert len(rows) == expected
    assert all(1 <= int(r["impact" if table == "opportunities" else "severity"]) <= 5 for r in rows)


def test_csv_options() -> None:
    plain = export("--format", "csv", "--no-bom", "--delimiter", "semicolon").stdout_bytes
    assert plain.startswith(b"journey_id;journey_title;")
    assert b"\r\n" in plain
    assert read_csv(b"\xef\xbb\xbf" + plain, ";")[0]["journey_id"]
    misuse = export("--format", "json", "--table", "steps")
    assert misuse.exit_code == 2
    assert "--table applies to --format csv only" in misuse.output


def test_csv_cells_never_run_as_formulas() -> None:
    handbook = build_handbook(MINIMAL / "maps", MINIMAL, SETTINGS)
    journey = next(iter(handbook.journeys.values()))
    step = journey.stages[0].steps[0]
    object.__setattr__(step, "doing", '=HYPERLINK("http://evil")')
    object.__setattr__(step, "feeling", "-1 mood")
    row = next(csv.DictReader(io.StringIO(export_csv(handbook), newline="")))
    assert row["doing"] == '\'=HYPERLINK("http://evil")'
    assert row["feeling"] == "'-1 mood"


def _figures(maps: Path) -> list[tuple[Any, ...]]:
    handbook = build_handbook(maps, maps.parent, SETTINGS)
    assert handbook.data.series, [str(d) for d in handbook.diagnostics]
    return sorted(
        (f.journey, f.step, f.metric, f.period.text, f.value, f.source, f.n)
        for series in handbook.data.series.values()
        for f in series.figures
    )


def test_the_data_table_reads_back_as_the_figures_it_was_made_from(tmp_path: Path) -> None:
    # The apostrophe that keeps spreadsheets from running a cell belongs to the tables for
    # spreadsheets: in a data file it would become part of the source.
    shutil.copytree(MINIMAL, tmp_path, dirs_exist_ok=True)
    data = tmp_path / "maps" / "data"
    data.mkdir()
    (data / "figures.csv").write_text(
        "journey,step,metric,period,value,source,n\n"
        'trip,,nps,2026-Q1,-12,"=HYPERLINK(""http://x""), by hand",40\n'
        "trip,,nps,2026-Q2,0.001,-dash source,\n"
        "trip,,nps,2026-Q3,31,@survey,412\n"
        "visit,,csat,2026-09-30,4.25,+tool,\n",
        encoding="utf-8",
    )
    before = _figures(tmp_path / "maps")
    table = export("--format", "csv", "--table", "data", maps=tmp_path / "maps")
    assert table.exit_code == 0, table.output
    (data / "figures.csv").write_bytes(table.stdout_bytes)
    assert _figures(tmp_path / "maps") == before
    again = export("--format", "csv", "--table", "data", maps=tmp_path / "maps")
    assert again.stdout_bytes == table.stdout_bytes


# --- round trip: random handbooks ----------------------------------------------------------

# Any printable text, including markup and quotes; no line breaks or control characters,
# which YAML would write in escapes that a writer does not type in a one-line field.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=12,
).filter(lambda text: re.search(VISIBLE_PATTERN, text) is not None)  # blank text is an error
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,6}", fullmatch=True)
SCORE = st.integers(min_value=1, max_value=5)
FRACTION = st.floats(min_value=0, max_value=1)
BODY = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Co", "Cn"), whitelist_characters="\n"
    ),
    max_size=40,
)


def _metrics() -> st.SearchStrategy[dict[str, Any]]:
    recognised = st.fixed_dictionaries({}, optional={"drop_off": FRACTION, "conversion": FRACTION})
    free = st.dictionaries(
        # A name that starts with a no-break space would indent its line with it (#22.11).
        TEXT.filter(lambda name: name not in ("drop_off", "conversion") and not name[0].isspace()),
        st.floats(allow_nan=False, allow_infinity=False)
        | st.integers(-1000, 1000)
        | st.integers(-(10**30), 10**30)
        | TEXT,
        max_size=2,
    )
    return st.builds(lambda a, b: {**b, **a}, recognised, free)


def _step(touchpoint_ids: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    pain_point = TEXT | st.fixed_dictionaries({"text": TEXT}, optional={"severity": SCORE})
    opportunity = TEXT | st.fixed_dictionaries(
        {"text": TEXT},
        optional={
            "impact": SCORE,
            "effort": SCORE,
            "owner": TEXT,
            "status": st.sampled_from(["idea", "planned", "in-progress", "done"]),
            "link": TEXT,
        },
    )
    touchpoints = (
        st.lists(st.sampled_from(touchpoint_ids), max_size=2) if touchpoint_ids else st.just([])
    )
    return st.fixed_dictionaries(
        {"title": TEXT, "emotion": SCORE},
        optional={
            "touchpoints": touchpoints,
            "doing": TEXT,
            "thinking": TEXT,
            "feeling": TEXT,
            "pain_points": st.lists(pain_point, max_size=3),
            "opportunities": st.lists(opportunity, max_size=3),
            "metrics": _metrics(),
            "evidence": st.lists(TEXT, max_size=2),
            "frontstage": TEXT,
            "backstage": TEXT,
            "support": TEXT,
        },
    )


@st.composite
def handbooks(draw: st.DrawFn) -> dict[str, dict[str, tuple[dict[str, Any], str]]]:
    """Sources by folder and id: (front matter, body)."""
    files: dict[str, dict[str, tuple[dict[str, Any], str]]] = {
        "stages": {},
        "personas": {},
        "touchpoints": {},
        "journeys": {},
    }
    if draw(st.booleans()):
        for stage_id in draw(st.lists(IDS, min_size=1, max_size=4, unique=True)):
            stage = {"title": draw(TEXT), "order": draw(st.integers(-50, 50))}
            files["stages"][stage_id] = (stage, draw(BODY))
        stage_ids = list(files["stages"])
    else:
        stage_ids = [stage_id for stage_id, _ in DEFAULT_STAGES]
    touchpoint_ids = draw(st.lists(IDS, max_size=3, unique=True))
    for touchpoint_id in touchpoint_ids:
        touchpoint = draw(
            st.fixed_dictionaries(
                {"title": TEXT},
                optional={"channel": TEXT, "mode": st.sampled_from(["online", "offline"])},
            )
        )
        files["touchpoints"][touchpoint_id] = (touchpoint, draw(BODY))
    persona_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    for persona_id in persona_ids:
        persona = draw(
            st.fixed_dictionaries(
                {"title": TEXT},
                optional={
                    "segment": TEXT,
                    "age": st.integers(0, 120) | TEXT,
                    "goals": st.lists(TEXT, max_size=2),
                    "channels": st.lists(st.sampled_from(touchpoint_ids), max_size=2)
                    if touchpoint_ids
                    else st.just([]),
                },
            )
        )
        files["personas"][persona_id] = (persona, draw(BODY))
    journey_ids = draw(st.lists(IDS, min_size=1, max_size=3, unique=True))
    for journey_id in journey_ids:
        journey: dict[str, Any] = {
            "title": draw(TEXT),
            "personas": draw(
                st.lists(st.sampled_from(persona_ids), min_size=1, max_size=2, unique=True)
            ),
            "owner": draw(TEXT),
        }
        journey.update(
            draw(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "kind": st.sampled_from(
                            ["current-state", "future-state", "service-blueprint"]
                        ),
                        "status": st.sampled_from(["draft", "published", "retired"]),
                        "reviewed": st.dates(datetime.date(2020, 1, 1), TODAY),
                        "review_every": st.integers(1, 400),
                        "scenario": TEXT,
                    },
                )
            )
        )
        others = [j for j in journey_ids if j != journey_id]
        if others and draw(st.booleans()):
            journey["compares"] = draw(st.sampled_from(others))
        journey["stages"] = [
            {
                "stage": stage_id,
                "goal": draw(TEXT),
                "steps": draw(st.lists(_step(touchpoint_ids), min_size=1, max_size=3)),
            }
            for stage_id in draw(
                st.lists(st.sampled_from(stage_ids), min_size=1, max_size=3, unique=True)
            )
        ]
        files["journeys"][journey_id] = (journey, draw(BODY))
    return files


def write_maps(maps: Path, files: dict[str, dict[str, tuple[dict[str, Any], str]]]) -> None:
    for folder, sources in files.items():
        for source_id, (front_matter, body) in sources.items():
            path = maps / folder / f"{source_id}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            front = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False)
            path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def _pain_point(entry: str | dict[str, Any]) -> dict[str, Any]:
    entry = {"text": entry} if isinstance(entry, str) else entry
    return {"text": entry["text"], "severity": entry.get("severity", 3)}


def _opportunity(entry: str | dict[str, Any]) -> dict[str, Any]:
    entry = {"text": entry} if isinstance(entry, str) else entry
    defaults = {"impact": 3, "effort": 3, "owner": None, "status": "idea", "link": None}
    exported = {"text": entry["text"], **{k: entry.get(k, v) for k, v in defaults.items()}}
    return {**exported, "ref": None}


def _same_number(exported: Any, written: Any) -> bool:
    if isinstance(written, str):
        return bool(exported == written)
    if isinstance(written, int):
        # An integer stays an integer with every digit, never a float that rounds it.
        return type(exported) is int and exported == written
    return isinstance(exported, (int, float)) and math.isclose(
        exported, written, rel_tol=0, abs_tol=0
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=handbooks())
def test_export_holds_every_value_of_the_sources(
    files: dict[str, dict[str, tuple[dict[str, Any], str]]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        maps = Path(tmp) / "maps"
        write_maps(maps, files)
        result = export(maps=maps)
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
    validate(document)

    stages = {s["id"]: s for s in document["stages"]}
    for stage_id, (stage, body) in files["stages"].items():
        assert (stages[stage_id]["title"], stages[stage_id]["order"]) == (
            stage["title"],
            stage["order"],
        )
        assert stages[stage_id]["body"] == body
    orders = [(s["order"], s["id"]) for s in document["stages"]]
    assert orders == sorted(orders)
    personas = {p["id"]: p for p in document["personas"]}
    assert set(personas) == set(files["personas"])
    for persona_id, (persona, body) in files["personas"].items():
        exported = personas[persona_id]
        assert {k: exported[k] for k in persona} == persona
        assert exported["body"] == body
        assert exported["source"].endswith(f"maps/personas/{persona_id}.md")
    touchpoints = {t["id"]: t for t in document["touchpoints"]}
    assert set(touchpoints) == set(files["touchpoints"])
    for touchpoint_id, (touchpoint, _) in files["touchpoints"].items():
        assert {k: touchpoints[touchpoint_id][k] for k in touchpoint} == touchpoint

    journeys = {j["id"]: j for j in document["journeys"]}
    assert set(journeys) == set(files["journeys"])
    for journey_id, (journey, body) in files["journeys"].items():
        exported = journeys[journey_id]
        assert exported["body"] == body
        for key in ("title", "personas", "owner", "scenario", "compares"):
            assert exported[key] == journey.get(key)
        assert exported["kind"] == journey.get("kind", "current-state")
        assert exported["status"] == journey.get("status", "draft")
        reviewed = journey.get("reviewed")
        assert exported["reviewed"] == (reviewed.isoformat() if reviewed else None)
        assert exported["review_every"] == journey.get("review_every", 90)
        assert [s["stage"] for s in exported["stages"]] == [s["stage"] for s in journey["stages"]]
        for written_stage, exported_stage in zip(
            journey["stages"], exported["stages"], strict=True
        ):
            assert exported_stage["goal"] == written_stage["goal"]
            assert len(exported_stage["steps"]) == len(written_stage["steps"])
            for number, (step, out) in enumerate(
                zip(written_stage["steps"], exported_stage["steps"], strict=True), start=1
            ):
                assert out["number"] == number
                assert (out["title"], out["emotion"]) == (step["title"], step["emotion"])
                for key in ("doing", "thinking", "feeling"):
                    assert out[key] == step.get(key)
                assert out["touchpoints"] == step.get("touchpoints", [])
                assert out["evidence"] == step.get("evidence", [])
                assert out["lanes"] == {
                    lane: step.get(lane) for lane in ("frontstage", "backstage", "support")
                }
                assert out["pain_points"] == [_pain_point(p) for p in step.get("pain_points", [])]
                assert out["opportunities"] == [
                    _opportunity(o) for o in step.get("opportunities", [])
                ]
                metrics = step.get("metrics", {})
                assert set(out["metrics"]) == set(metrics)
                assert all(_same_number(out["metrics"][k], v) for k, v in metrics.items())
