"""Data files (`maps/data/*.csv`), step ids and evidence that ages: the core, then pages.

The exact message of every kind of bad row is in the corpus (`test_corpus.py`);
here: periods, series and their order, what the pages make of them (latest value,
change, trend, the funnel from data, data winning over front matter), evidence age
and coverage, "What changed" by id, reuse under `mkdocs serve`, and a round trip
of generated data files through the parser and the export.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import MINIMAL, NO_HISTORY, REPO, SETTINGS, TODAY

from mkdocs_cjm.handbook.evidence import coverage, evidence_date, observed
from mkdocs_cjm.handbook.resolve import Handbook, Settings, build_handbook
from mkdocs_cjm.model import Evidence
from mkdocs_cjm.pipeline import Pipeline
from mkdocs_cjm.publish.csv_tables import export_csv
from mkdocs_cjm.publish.export import export_json
from mkdocs_cjm.read.data_files import (
    COLUMNS,
    OPTIONAL_COLUMNS,
    Period,
    parse_data_file,
    parse_period,
)
from mkdocs_cjm.render import render_pages
from mkdocs_cjm.views.figures import sparkline
from mkdocs_cjm.views.insights import compare_journeys

HEADER = ",".join((*COLUMNS, *OPTIONAL_COLUMNS)) + "\n"


def example() -> Handbook:
    return build_handbook(REPO / "maps", REPO, SETTINGS)


def pages_of(handbook: Handbook) -> dict[str, str]:
    pages = render_pages(handbook, NO_HISTORY, None, TODAY)
    return {p.src_uri: html.unescape(p.markdown) for p in pages}


# --- periods and series -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "shown"),
    [
        ("2026-09", "2026-09-01", "2026-09-30", "2026-09"),
        ("2026-Q3", "2026-07-01", "2026-09-30", "2026-Q3"),
        ("2026-q1", "2026-01-01", "2026-03-31", "2026-Q1"),
        ("2026-Q4", "2026-10-01", "2026-12-31", "2026-Q4"),
        ("2024-02", "2024-02-01", "2024-02-29", "2024-02"),
        ("2026-09-30", "2026-09-30", "2026-09-30", "2026-09-30"),
    ],
)
def test_periods(text: str, start: str, end: str, shown: str) -> None:
    period = parse_period(text)
    assert period == Period(
        datetime.date.fromisoformat(start), datetime.date.fromisoformat(end), shown
    )


@pytest.mark.parametrize(
    "text", ["2026", "2026-9", "2026-13", "2026-Q0", "2026-Q5", "2026-02-30", "Q3 2026", ""]
)
def test_not_periods(text: str) -> None:
    assert parse_period(text) is None


def test_series_are_ordered_by_period_whatever_the_row_order() -> None:
    handbook = example()
    series = handbook.data.series[("sofa-purchase-today", "instagram-reel", "drop_off")]
    assert [f.period.text for f in series.figures] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    assert series.latest.value == 0.62 and series.previous is not None
    assert series.change == pytest.approx(-0.02)
    nps = handbook.data.series[("sofa-purchase-today", "", "nps")]
    assert [f.value for f in nps.figures] == [24, 27, 31]
    assert nps.latest.n == 412 and nps.latest.source == "Post-delivery survey (Qualtrics)"


def test_a_data_file_in_any_row_order_gives_the_same_series(tmp_path: Path) -> None:
    rows = [
        "trip,,nps,2026-Q3,31,Survey,412\n",
        "trip,,nps,2026-01,20,Survey,\n",
        "trip,,nps,2026-Q2,27,Survey,\n",
    ]
    first = parse_data_file((HEADER + "".join(rows)).encode(), "maps/data/a.csv")
    second = parse_data_file((HEADER + "".join(reversed(rows))).encode(), "maps/data/a.csv")
    assert not first.diagnostics and not second.diagnostics
    order = sorted(first.figures, key=lambda f: f.period)
    assert [f.period.text for f in order] == ["2026-01", "2026-Q2", "2026-Q3"]
    assert sorted(second.figures, key=lambda f: f.period) != []


def test_sparkline() -> None:
    assert sparkline([0.68, 0.66, 0.64, 0.62]) == "█▆▃▁"
    assert sparkline([3, 3]) == "▄▄"


# --- pages --------------------------------------------------------------------------


def test_stage_page_shows_latest_value_change_trend_and_source() -> None:
    page = pages_of(example())["journeys/sofa-purchase-today/purchase.md"]
    row = next(line for line in page.splitlines() if line.startswith("| Drop-off | **29%**"))
    assert "(2026-Q3)" in row
    assert "▼ -2 pts since 2026-Q2" in row
    assert "33% → 34% → 31% → 29%" in row
    assert "GA4 funnel export · maps/data/sofa-funnel-ga4.csv" in row
    assert 'aria-hidden="true"' in row  # the bars are decoration; the values say it


def test_data_wins_over_front_matter_and_typed_figures_say_so() -> None:
    page = pages_of(example())["journeys/sofa-purchase-today/purchase.md"]
    # `delivery-price` has drop_off: 0.29 in its front matter and in the data file.
    assert page.count("| Drop-off |") == 1
    # `pays` has figures typed in the map only (and a csat from the survey).
    assert "| Payment failure rate | **1.8%** |  |  | this map |" in page
    assert "| CSAT | **4.6** (2026-Q3) |" in page


def test_data_wins_where_the_figures_differ(tmp_path: Path) -> None:
    project = tmp_path
    shutil.copytree(MINIMAL, project, dirs_exist_ok=True)
    trip = project / "maps" / "journeys" / "trip.md"
    trip.write_text(
        trip.read_text().replace(
            "      - title: Sees a video on Instagram\n",
            "      - title: Sees a video on Instagram\n        id: video\n",
        )
    )
    (project / "maps" / "data").mkdir()
    (project / "maps" / "data" / "funnel.csv").write_text(
        HEADER + "trip,video,drop_off,2026-Q3,0.5,GA4,\n"
    )
    handbook = build_handbook(project / "maps", project, SETTINGS)
    assert not handbook.diagnostics, handbook.diagnostics
    pages = pages_of(handbook)
    stage = pages["journeys/trip/awareness.md"]
    assert "| Drop-off | **50%** (2026-Q3) |" in stage
    assert "62%" not in stage  # the front matter's drop_off: 0.62
    overview = pages["journeys/trip/index.md"]
    assert "**From data:** 2026-Q3 · GA4 (maps/data/funnel.csv)" in overview
    # The funnel (charts.funnel_table): the step's drop-off from data, and what remains.
    assert "<td>1.1</td><td>Sees a video on Instagram</td><td>50%</td>" in overview
    assert '<span class="cjm-funnel__value">50%</span>' in overview


def test_journey_page_names_the_period_of_its_funnel_and_shows_whole_journey_figures() -> None:
    page = pages_of(example())["journeys/sofa-purchase-today/index.md"]
    assert "**From data:** 2026-Q3 · GA4 funnel export (maps/data/sofa-funnel-ga4.csv)" in page
    assert "Drop-offs of the period 2026-Q3." in page
    assert "| NPS | **31** (2026-Q3) | ▲ +4 since 2026-Q2 |" in page
    # The canvas's metrics lane carries each step's latest figures (the stage pages too).
    assert "Drop-off: <strong>29%</strong> (2026-Q3) · ▼ -2 pts" in page


def test_a_journey_without_data_keeps_its_front_matter_funnel() -> None:
    page = pages_of(example())["journeys/sofa-purchase-2027/index.md"]
    assert "From data" not in page
    assert "## Figures" not in page


def test_steps_with_an_id_are_linked_by_it_and_others_keep_their_place() -> None:
    pages = pages_of(example())
    stage = pages["journeys/sofa-purchase-today/purchase.md"]
    assert "## 2. Sees the delivery price in checkout step 3 {#delivery-price}" in stage
    use = pages["journeys/sofa-purchase-today/use.md"]
    assert "{#step-1}" in use  # no id: the old anchor still works


# --- evidence -----------------------------------------------------------------------


def test_old_evidence_is_marked_listed_and_lowers_coverage() -> None:
    handbook = example()
    journey = handbook.journeys["sofa-purchase-today"]
    pages = pages_of(handbook)
    consideration = pages["journeys/sofa-purchase-today/consideration.md"]
    # Sample box cohort analysis, 2025-03-31: 597 days before the build's day.
    assert "Sample box cohort analysis" in consideration
    assert "(2025-03-31) · ⚠️ **Old evidence**: 597 days old" in consideration
    assert (
        "Usability test of the product page (2026-05-20, n = 8) · **observed**\n" in consideration
    )
    review = pages["review/index.md"]
    assert "| Sample box cohort analysis | 2025-03-31 | 597 |" in review
    cov = coverage(journey, TODAY, 365)
    # Dated by `date:` or by a date or period in the text ("2026-05", "April-June 2026").
    assert (cov.covered, cov.steps) == (12, 16)
    # The journey page's summary says it (plugin HTML), and how much was observed.
    journey_page = pages["journeys/sofa-purchase-today/index.md"]
    assert "Evidence coverage: 75% (12 / 16 steps with evidence dated in the last 365" in (
        journey_page
    )
    assert "Observed evidence: 18.8% (3 / 16 steps rest on evidence seen" in journey_page
    # A longer allowed age covers the old studies too.
    assert coverage(journey, TODAY, 1000).covered == 13


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Survey 2026-Q2 (n=412)", "2026-06-30"),
        ("Showroom interviews 2026-06-27", "2026-06-27"),
        ("Session recordings, 2026-05", "2026-05-31"),
        ("Search Console queries, April\u2013June 2026", "2026-06-30"),
        ("Checkout funnel, May-Aug 2026", "2026-08-31"),
        ("Sept. 2025 and 2026-Q1 reports", "2026-03-31"),  # the latest it names
        ("Mayday 2026 campaign", None),  # no month name
        ("https://analytics.example/report/7", None),
        ("Ticket 2026-13", None),  # no month 13
    ],
)
def test_evidence_is_dated_by_the_dates_and_periods_its_text_names(
    text: str, day: str | None
) -> None:
    found = evidence_date(Evidence(text=text, date=None))
    assert found == (datetime.date.fromisoformat(day) if day else None)
    # A `date:` wins over the text.
    dated = Evidence(text=text, date=datetime.date(2020, 1, 1))
    assert evidence_date(dated) == datetime.date(2020, 1, 1)


def test_evidence_says_how_strong_it_is() -> None:
    assert Evidence(text="t", date=None, level="observed").level == "observed"
    with pytest.raises(ValueError, match="observed"):
        Evidence.model_validate({"text": "t", "date": None, "level": "seen"})
    journey = example().journeys["sofa-purchase-today"]
    assert (observed(journey).covered, observed(journey).steps) == (3, 16)


def test_evidence_ages_from_the_build_day_not_the_clock() -> None:
    early = build_handbook(REPO / "maps", REPO, Settings(today=datetime.date(2026, 1, 1)))
    later = example()
    old_early = pages_of(early)["review/index.md"].count("| Sample box cohort analysis |")
    assert old_early == 0 and "| Sample box cohort analysis |" in pages_of(later)["review/index.md"]


# --- comparisons --------------------------------------------------------------------


def test_what_changed_matches_steps_by_id_before_title() -> None:
    handbook = example()
    after, before = (
        handbook.journeys["sofa-purchase-2027"],
        handbook.journeys["sofa-purchase-today"],
    )
    order = {stage_id: i for i, stage_id in enumerate(handbook.stages)}
    rows = {r.stage_id: r for r in compare_journeys(after, before, order)}
    # Same id, new title: kept, not "added" and "removed".
    assert "Taps a reel and lands on the exact sofa and fabric" not in rows["awareness"].added
    assert "Sees a reel of a family living room on Instagram" not in rows["awareness"].removed
    assert (
        "Gets fabric samples within 2 days with matching sofas" not in rows["consideration"].added
    )


# --- mkdocs serve -------------------------------------------------------------------


def test_an_edited_data_file_renders_its_journeys_pages_again(tmp_path: Path) -> None:
    shutil.copytree(REPO / "maps", tmp_path / "maps")
    pipeline = Pipeline()

    def build() -> tuple[Handbook, dict[str, str]]:
        handbook = pipeline.handbook(tmp_path / "maps", tmp_path, SETTINGS)
        pages = pipeline.pages(handbook, NO_HISTORY, None, TODAY)
        return handbook, {p.src_uri: p.markdown for p in pages}

    build()
    build()
    assert pipeline.data.reads == 0 and pipeline.rendered.rendered == 0
    survey = tmp_path / "maps" / "data" / "post-delivery-survey.csv"
    survey.write_text(survey.read_text().replace(",nps,2026-Q3,31,", ",nps,2026-Q3,35,"))
    handbook, pages = build()
    assert pipeline.data.reads == 1
    assert 0 < pipeline.rendered.rendered < len(pages)
    assert "**35**" in html.unescape(pages["journeys/sofa-purchase-today/index.md"])
    expected = render_pages(
        build_handbook(tmp_path / "maps", tmp_path, SETTINGS), NO_HISTORY, None, TODAY
    )
    assert pages == {p.src_uri: p.markdown for p in expected}
    assert pipeline.export(handbook) == export_json(handbook)


# --- round trip ---------------------------------------------------------------------

_IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,8}", fullmatch=True)
# Free text as tools export it: commas, quotes, line breaks, any letter; not blank,
# and not starting with what a spreadsheet would run as a formula (the export escapes it).
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n"),
    min_size=1,
    max_size=20,
).filter(lambda s: s.strip() == s and s and not s.startswith(("=", "+", "-", "@")))
_PERIODS = st.one_of(
    st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2000, 2030), st.integers(1, 12)),
    st.builds(lambda y, q: f"{y}-Q{q}", st.integers(2000, 2030), st.integers(1, 4)),
    st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)).map(str),
)
_VALUES = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
)
_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["", "orders", "video"]),
        st.one_of(_TEXT, st.sampled_from(["drop_off", "conversion", "nps"])),
        _PERIODS,
        _VALUES,
        st.one_of(st.none(), _TEXT),
        st.one_of(st.none(), st.integers(1, 10**6)),
    ),
    max_size=12,
    unique_by=lambda row: (row[0], row[1], parse_period(row[2])),
)


def _data_file(rows: list[tuple[str, str, str, int | float, str | None, int | None]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow((*COLUMNS, *OPTIONAL_COLUMNS))
    for step, metric, period, value, source, n in rows:
        if metric in ("drop_off", "conversion"):
            value = abs(value) / (10**21)  # a fraction from 0 to 1
        writer.writerow(("trip", step, metric, period, repr(value), source or "", n or ""))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def trip_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("roundtrip")
    shutil.copytree(MINIMAL, project, dirs_exist_ok=True)
    trip = project / "maps" / "journeys" / "trip.md"
    text = trip.read_text()
    text = text.replace(
        "      - title: Sees a video on Instagram\n",
        "      - title: Sees a video on Instagram\n        id: video\n",
    ).replace(
        "      - title: Orders in the webshop\n",
        "      - title: Orders in the webshop\n        id: orders\n",
    )
    trip.write_text(text)
    (project / "maps" / "data").mkdir()
    return project


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=_ROWS)
def test_data_files_round_trip_through_check_and_export(trip_project: Path, rows: list) -> None:  # type: ignore[type-arg]
    text = _data_file(rows)
    (trip_project / "maps" / "data" / "figures.csv").write_text(text, encoding="utf-8")
    handbook = build_handbook(trip_project / "maps", trip_project, SETTINGS)
    assert not handbook.diagnostics, [str(d) for d in handbook.diagnostics]
    figures = sorted(
        (
            (f.step, f.metric, f.period.text, f.value, f.source, f.n)
            for s in handbook.data.series.values()
            for f in s.figures
        ),
        key=repr,
    )
    # The CSV export is itself a data file, read back to the same figures...
    exported = export_csv(handbook, "data")
    again = parse_data_file(exported.encode("utf-8"), "maps/data/again.csv")
    assert not again.diagnostics
    assert (
        sorted(
            ((f.step, f.metric, f.period.text, f.value, f.source, f.n) for f in again.figures),
            key=repr,
        )
        == figures
    )
    # ... and the JSON export holds them too, with each figure's file and line.
    document = json.loads(export_json(handbook))
    from_json = sorted(
        (
            (s["step"] or "", s["metric"], f["period"], f["value"], f["source"], f["n"])
            for s in document["data"]
            for f in s["figures"]
        ),
        key=repr,
    )
    assert from_json == figures
    assert len(figures) == len(rows)


def test_evidence_dated_in_the_future_is_a_warning_at_its_line(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL, tmp_path, dirs_exist_ok=True)
    trip = tmp_path / "maps" / "journeys" / "trip.md"
    trip.write_text(
        trip.read_text().replace(
            "        emotion: 2\n",
            "        emotion: 2\n        evidence:\n"
            "          - text: Funnel\n            date: 2062-01-01\n",
        )
    )
    handbook = build_handbook(tmp_path / "maps", tmp_path, SETTINGS)
    assert [str(d) for d in handbook.diagnostics] == [
        "maps/journeys/trip.md:34: evidence date 2062-01-01 is in the future — write the day "
        "the evidence was gathered (today is 2026-11-18)"
    ]
    assert handbook.diagnostics[0].code == "future-evidence"


def test_the_front_matter_schema_has_step_ids_and_dated_evidence() -> None:
    from mkdocs_cjm.check.editor_schema import front_matter_schema

    schema = front_matter_schema("journey")
    step = schema["$defs"]["Step"]["properties"]
    assert step["id"]["anyOf"][0]["pattern"] == "^[a-z0-9][a-z0-9-]*$"
    evidence = schema["$defs"]["Evidence"]
    assert evidence["required"] == ["text", "date"]
    assert set(evidence["properties"]) == {"text", "date", "n", "link", "level"}
    levels = evidence["properties"]["level"]["anyOf"][0]["enum"]
    assert levels == ["observed", "reported", "inferred", "assumed"]  # SPEC §2.4
    # A plain string stays valid evidence.
    items = step["evidence"]["items"]["anyOf"]
    assert {"$ref": "#/$defs/Evidence"} in items and any(i.get("type") == "string" for i in items)


def test_data_export_writes_cells_as_the_data_file_holds_them() -> None:
    # The data table is a data file (#22.8): it reads back as the same figures, so a
    # source stays as written; the tables made for spreadsheets keep the apostrophe.
    hostile = REPO / "tests" / "fixtures" / "hostile"
    handbook = build_handbook(hostile / "maps", hostile, SETTINGS)
    rows = list(csv.DictReader(io.StringIO(export_csv(handbook, "data"))))
    sources = {row["source"] for row in rows}
    assert '=HYPERLINK("http://evil.example")' in sources
