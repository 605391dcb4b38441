"""Unit tests of `handbook/resolve.py`: vocabulary, references, usage indexes, freshness."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from sitebuild import FRESH_DAY

from mkdocs_cjm.config import ConfigError, today_from_environment
from mkdocs_cjm.diagnostics import Severity
from mkdocs_cjm.handbook.freshness import freshness
from mkdocs_cjm.handbook.resolve import Handbook, Settings, build_handbook
from mkdocs_cjm.model import Journey
from mkdocs_cjm.urls import PLUGIN_IDS


@pytest.fixture
def project(minimal_project: Path) -> Path:
    """A copy of the minimal project, judged as of FRESH_DAY: what a test adds shows alone."""
    return minimal_project


def build(project: Path, **settings: object) -> Handbook:
    return build_handbook(project / "maps", project, Settings(today=FRESH_DAY, **settings))  # type: ignore[arg-type]


def write(project: Path, relative: str, text: str) -> None:
    path = project / "maps" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def journey_file(reviewed: str | None = None, extra: str = "", stage: str = "awareness") -> str:
    lines = ["---", "title: J", "personas: [nina]", "owner: Team O"]
    if reviewed:
        lines.append(f"reviewed: {reviewed}")
    lines += [extra] if extra else []
    lines += [
        "stages:",
        f"  - stage: {stage}",
        "    steps:",
        "      - title: S",
        "        emotion: 3",
    ]
    return "\n".join([*lines, "---", ""])


# --- the minimal fixture -------------------------------------------------------------


def test_minimal_fixture_is_clean(project: Path) -> None:
    handbook = build(project)
    assert handbook.diagnostics == []
    assert handbook.files_checked == 7
    assert list(handbook.personas) == ["nina", "ole"]
    assert list(handbook.touchpoints) == ["instagram", "store", "webshop"]
    assert list(handbook.journeys) == ["trip", "visit"]


def test_default_stage_vocabulary(project: Path) -> None:
    stages = build(project).stages
    assert [(s.id, s.title, s.order) for s in stages.values()] == [
        ("awareness", "Awareness", 10),
        ("consideration", "Consideration", 20),
        ("purchase", "Purchase", 30),
        ("retention", "Retention", 40),
        ("advocacy", "Advocacy", 50),
    ]


def test_a_stages_folder_replaces_the_vocabulary_sorted_by_order(project: Path) -> None:
    write(project, "stages/purchase.md", "---\ntitle: Buy\norder: 5\n---\n")
    write(project, "stages/consideration.md", "---\ntitle: Compare\norder: 3\n---\n")
    write(project, "stages/awareness.md", "---\ntitle: Notice\norder: 1\nsummary: First.\n---\n")
    handbook = build(project)
    assert handbook.diagnostics == []
    assert [(s.id, s.title) for s in handbook.stages.values()] == [
        ("awareness", "Notice"),
        ("consideration", "Compare"),
        ("purchase", "Buy"),
    ]
    assert handbook.stages["awareness"].summary == "First."


# --- usage indexes -------------------------------------------------------------------


def where(usages: list) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return [(u.journey.id, u.journey_stage.stage, u.step.title) for u in usages]


def test_persona_usage_lists_every_step_of_their_journeys(project: Path) -> None:
    handbook = build(project)
    assert where(handbook.persona_usage["nina"]) == [
        ("trip", "awareness", "Sees a video on Instagram"),
        ("trip", "purchase", "Orders in the webshop"),
        ("visit", "consideration", "Tries sofas in the store"),
    ]
    assert where(handbook.persona_usage["ole"]) == [
        ("visit", "consideration", "Tries sofas in the store"),
    ]


def test_touchpoint_usage_counts_a_step_once(project: Path) -> None:
    handbook = build(project)
    assert where(handbook.touchpoint_usage["instagram"]) == [
        ("trip", "awareness", "Sees a video on Instagram"),
        ("trip", "purchase", "Orders in the webshop"),
    ]
    assert where(handbook.touchpoint_usage["webshop"]) == [
        ("trip", "purchase", "Orders in the webshop"),
    ]
    # `touchpoints: [store, store]` in visit.md: one step, one usage.
    assert where(handbook.touchpoint_usage["store"]) == [
        ("visit", "consideration", "Tries sofas in the store"),
    ]


def test_a_symlinked_stages_folder_is_not_the_vocabulary(project: Path, tmp_path: Path) -> None:
    # Loading does not follow it (and warns), so the default vocabulary applies.
    elsewhere = tmp_path / "elsewhere-stages"
    elsewhere.mkdir()
    (elsewhere / "discovery.md").write_text("---\ntitle: Discovery\norder: 1\n---\n", "utf-8")
    (project / "maps" / "stages").symlink_to(elsewhere, target_is_directory=True)
    handbook = build_handbook(project / "maps", project)
    assert list(handbook.stages)[:2] == ["awareness", "consideration"]
    assert [d for d in handbook.diagnostics if "unknown stage" in d.message] == []


def test_stage_usage_has_every_stage_even_unused(project: Path) -> None:
    handbook = build(project)
    used = {stage: [(j.id, i) for j, i in uses] for stage, uses in handbook.stage_usage.items()}
    assert used == {
        "awareness": [("trip", 0)],
        "consideration": [("visit", 0)],
        "purchase": [("trip", 1)],
        "retention": [],
        "advocacy": [],
    }


def test_usages_walk_a_journey_in_order(project: Path) -> None:
    handbook = build(project)
    trip = handbook.journeys["trip"]
    assert [(u.stage_index, u.step_index) for u in handbook.usages(trip)] == [(0, 0), (1, 0)]


def test_a_persona_listed_twice_counts_once(project: Path) -> None:
    write(project, "journeys/trip.md", journey_file("2026-09-14").replace("[nina]", "[nina, nina]"))
    handbook = build(project)
    # A warning (a slip), but the page counts her once.
    assert [d.code for d in handbook.diagnostics] == ["listed-twice"]
    assert len(handbook.persona_usage["nina"]) == 2  # trip's one step + visit's one step


def test_a_step_recurring_in_another_stage_is_no_slip(project: Path) -> None:
    step = "      - title: Calls customer service\n        emotion: 2\n"
    stages = f"  - stage: awareness\n    steps:\n{step}  - stage: purchase\n    steps:\n{step}"
    header = "title: J\npersonas: [nina]\nowner: Team O\nreviewed: 2026-09-14\n"
    text = f"---\n{header}stages:\n{stages}---\n"
    write(project, "journeys/trip.md", text)
    assert build(project).diagnostics == []
    # Pasted twice within one stage, it is.
    write(project, "journeys/trip.md", text.replace(step, step + step, 1))
    assert [(d.line, d.code) for d in build(project).diagnostics] == [(11, "pasted-step")]


def test_broken_journeys_are_left_out_of_the_indexes(project: Path) -> None:
    write(project, "journeys/trip.md", journey_file("2026-09-14", extra="colour: red"))
    handbook = build(project)
    assert list(handbook.journeys) == ["visit"]
    assert where(handbook.touchpoint_usage["instagram"]) == []


# --- references and their hints ---------------------------------------------------------


def test_unknown_ids_with_did_you_mean_or_the_known_ones(project: Path) -> None:
    text = journey_file("2026-09-14", stage="purchse").replace("[nina]", "[nian, xyz]")
    write(project, "journeys/trip.md", text)
    assert [str(d) for d in build(project).diagnostics] == [
        "maps/journeys/trip.md:3: unknown persona 'nian' — did you mean 'nina'?",
        "maps/journeys/trip.md:3: unknown persona 'xyz' — known personas: nina, ole",
        "maps/journeys/trip.md:7: unknown stage 'purchse' — did you mean 'purchase'?",
    ]


def test_unknown_touchpoint_when_none_exists(project: Path) -> None:
    shutil.rmtree(project / "maps" / "touchpoints")
    found = [str(d) for d in build(project).diagnostics]
    assert "maps/personas/ole.md:4: unknown touchpoint 'store' — no touchpoint exists yet" in found


def test_a_file_that_fails_to_parse_is_still_known(project: Path) -> None:
    write(project, "personas/ole.md", "---\ntitle: [Ole\n---\n")
    write(project, "journeys/trip.md", "---\ntitle: 'unclosed\n---\n")
    found = [str(d).split(":")[0] for d in build(project).diagnostics]
    # Only the two broken files: visit.md refers to both and is not blamed.
    assert found == ["maps/personas/ole.md", "maps/journeys/trip.md"]


def test_a_file_that_fails_validation_is_still_known(project: Path) -> None:
    write(project, "personas/ole.md", "---\ntitle: Ole\nage: [1]\n---\n")
    found = build(project).diagnostics
    assert [d.path for d in found] == ["maps/personas/ole.md"]


def test_references_are_checked_in_a_file_with_schema_errors(project: Path) -> None:
    text = journey_file("2026-09-14", extra="kind: wrong").replace("[nina]", "[nian]")
    write(project, "journeys/trip.md", text)
    found = sorted(d.message for d in build(project).diagnostics)
    assert found[0].startswith("'kind' is 'wrong'")
    assert found[1] == "unknown persona 'nian'"


# --- freshness ------------------------------------------------------------------------------


def journey(
    reviewed: datetime.date | None, status: str = "published", every: int | None = None
) -> Journey:
    return Journey.model_validate(
        {
            "title": "J",
            "personas": ["nina"],
            "owner": "O",
            "status": status,
            "reviewed": reviewed,
            "review_every": every,
            "stages": [{"stage": "awareness", "steps": [{"title": "S", "emotion": 3}]}],
        }
    )


REVIEWED = datetime.date(2026, 9, 14)  # + 90 days: due 2026-12-13


@pytest.mark.parametrize(
    ("today", "status", "days_left"),
    [
        (datetime.date(2026, 10, 1), "fresh", 73),
        (datetime.date(2026, 11, 28), "fresh", 15),
        (datetime.date(2026, 11, 29), "due", 14),
        (datetime.date(2026, 12, 13), "due", 0),
        (datetime.date(2026, 12, 14), "stale", -1),
        (datetime.date(2027, 6, 1), "stale", -170),
    ],
)
def test_freshness_with_fixed_dates(today: datetime.date, status: str, days_left: int) -> None:
    state = freshness(journey(REVIEWED), Settings(today=today))
    assert (state.status, state.due, state.days_left) == (
        status,
        datetime.date(2026, 12, 13),
        days_left,
    )


def test_freshness_uses_the_journeys_own_interval_first() -> None:
    today = datetime.date(2026, 10, 1)
    assert freshness(journey(REVIEWED, every=14), Settings(today=today)).status == "stale"
    assert freshness(journey(REVIEWED), Settings(today=today, review_every=16)).status == "stale"
    assert freshness(journey(REVIEWED), Settings(today=today, review_every=17)).status == "due"
    assert freshness(journey(REVIEWED), Settings(today=today, due_soon_days=0)).status == "fresh"


def test_retired_and_unreviewed() -> None:
    settings = Settings(today=datetime.date(2030, 1, 1))
    assert freshness(journey(REVIEWED, status="retired"), settings).status == "retired"
    assert freshness(journey(None), settings).status == "unreviewed"


def test_a_review_date_near_the_end_of_time_does_not_overflow() -> None:
    state = freshness(journey(datetime.date(9999, 12, 30), every=10**12), Settings(today=FRESH_DAY))
    assert (state.status, state.due) == ("fresh", datetime.date.max)


@pytest.mark.parametrize(
    ("stale", "severity"), [("warn", Severity.WARNING), ("info", Severity.INFO)]
)
def test_stale_journey_is_reported_at_its_reviewed_line(
    project: Path, stale: str, severity: Severity
) -> None:
    write(project, "journeys/trip.md", journey_file("2026-05-01"))
    handbook = build(project, stale=stale)
    assert handbook.freshness["trip"].status == "stale"
    [finding] = handbook.diagnostics
    assert (finding.path, finding.line, finding.severity) == ("maps/journeys/trip.md", 5, severity)
    assert finding.message == (
        "journey is stale: last reviewed 2026-05-01, review was due 2026-07-30 (63 days ago)"
    )
    assert finding.hint == "review it with its owner (Team O) and update `reviewed:`"


def test_unreviewed_journey_is_a_notice(project: Path) -> None:
    write(project, "journeys/trip.md", journey_file())
    handbook = build(project)
    assert [(str(d), d.severity) for d in handbook.diagnostics] == [
        (
            "maps/journeys/trip.md:1: journey has never been reviewed — add `reviewed: "
            "YYYY-MM-DD` once its owner has checked it",
            Severity.INFO,
        )
    ]


def test_retired_journey_is_never_stale(project: Path) -> None:
    write(project, "journeys/trip.md", journey_file("2020-01-01", extra="status: retired"))
    handbook = build(project)
    assert handbook.diagnostics == []
    assert handbook.freshness["trip"].status == "retired"


def test_minimal_fixture_freshness(project: Path) -> None:
    handbook = build(project)
    assert {k: (v.status, v.due) for k, v in handbook.freshness.items()} == {
        "trip": ("fresh", datetime.date(2026, 12, 13)),
        "visit": ("fresh", datetime.date(2026, 12, 30)),
    }


def test_today_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790812800")  # 2026-10-01T00:00:00Z
    assert today_from_environment() == datetime.date(2026, 10, 1)
    assert Settings().today == datetime.date(2026, 10, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert today_from_environment() == datetime.date(1970, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert today_from_environment() == datetime.date(9999, 12, 31)
    # Unset and empty (`SOURCE_DATE_EPOCH=` in a workflow) both mean today.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " ")
    assert today_from_environment() == datetime.date.today()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert today_from_environment() == datetime.date.today()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("abc", "but must be a whole number of seconds since 1970-01-01 UTC, 0 or more"),
        ("1e9", "but must be a whole number of seconds since 1970-01-01 UTC, 0 or more"),
        ("-5", "but must be a whole number of seconds since 1970-01-01 UTC, 0 or more"),
        ("+5", "but must be a whole number of seconds since 1970-01-01 UTC, 0 or more"),
        ("\u0661\u0662", "but must be a whole number of seconds since 1970-01-01 UTC, 0 or more"),
        ("99999999999999999", "a time after the year 9999"),
        ("253402300800", "a time after the year 9999"),
    ],
)
def test_a_bad_source_date_epoch_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str, problem: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ConfigError) as raised:
        today_from_environment()
    assert raised.value.name == "SOURCE_DATE_EPOCH"
    assert raised.value.problem.startswith(f"SOURCE_DATE_EPOCH is '{value}', ")
    assert raised.value.problem.endswith(problem)
    assert "git log -1 --format=%ct" in raised.value.hint


# --- persona images -------------------------------------------------------------------


def persona_with_image(project: Path, image: str) -> None:
    text = (project / "maps" / "personas" / "nina.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines.insert(2, f"image: {image}")
    (project / "maps" / "personas" / "nina.md").write_text("\n".join(lines), encoding="utf-8")


def image_findings(project: Path, image: str, docs_dir: Path | None) -> list[str]:
    persona_with_image(project, image)
    handbook = build(project, docs_dir=docs_dir)
    return [
        f"{d.path}:{d.line}: {d.message} — {d.hint}"
        for d in handbook.diagnostics
        if d.severity is Severity.ERROR
    ]


@pytest.fixture
def docs(project: Path) -> Path:
    (project / "docs" / "images").mkdir(parents=True)
    (project / "docs" / "images" / "nina.png").write_bytes(b"\x89PNG")
    return project / "docs"


@pytest.mark.parametrize(
    "image", ["images/nina.png", "./images/nina.png", "images/../images/nina.png"]
)
def test_an_image_in_docs_dir_passes(project: Path, docs: Path, image: str) -> None:
    assert image_findings(project, image, docs) == []


EXAMPLE = "e.g. `image: images/nina.png`"


@pytest.mark.parametrize(
    ("image", "finding"),
    [
        (
            "../../../../etc/passwd",
            "'image' is '../../../../etc/passwd', which leads out of docs/ — put the image "
            f"inside docs/ and write its path there, {EXAMPLE}",
        ),
        (
            "images/../../mkdocs.yml",
            "'image' is 'images/../../mkdocs.yml', which leads out of docs/",
        ),
        (
            "/etc/passwd",
            "'image' is an absolute path ('/etc/passwd') — write the path of the image "
            f"inside docs/, {EXAMPLE}",
        ),
        ("C:/Users/x.png", "'image' is an absolute path ('C:/Users/x.png')"),
        ("images\\nina.png", "'image' is 'images\\nina.png', with a '\\' — write '/'"),
        (
            "https://cdn.example/nina.png",
            "'image' is a URL ('https://cdn.example/nina.png'); the handbook shows only images "
            f"it publishes itself — copy the image into docs/ and write its path there, {EXAMPLE}",
        ),
        ("//cdn.example/nina.png", "'image' is a URL ('//cdn.example/nina.png')"),
        ('"data:image/png;base64,AAAA"', "'image' is a URL ('data:image/png;base64,AAAA')"),
        (
            "images/nina.jpg",
            "image 'images/nina.jpg' not found in docs/ — did you mean 'images/nina.png'?",
        ),
        (
            "photos/nina.png",
            "image 'photos/nina.png' not found in docs/ — put the image at docs/photos/nina.png, "
            "or correct the path",
        ),
        ("images", "'image' is 'images', which is not a file"),
        ('" "', "'image' is empty — name an image file in docs/"),
    ],
)
def test_a_bad_image_is_an_error_at_its_line(
    project: Path, docs: Path, image: str, finding: str
) -> None:
    found = image_findings(project, image, docs)
    assert len(found) == 1, found
    assert found[0].startswith(f"maps/personas/nina.md:3: {finding}")


def test_without_docs_dir_only_the_path_is_checked(project: Path) -> None:
    assert image_findings(project, "images/missing.png", None) == []
    assert image_findings(project, "/etc/passwd", None) != []


def test_an_image_linked_out_of_docs_dir_is_refused(project: Path, docs: Path) -> None:
    # A build publishes what the link points to: here a file of the build machine.
    (docs / "images" / "hostname.png").symlink_to("/etc/hostname")
    assert image_findings(project, "images/hostname.png", docs) == [
        "maps/personas/nina.md:3: 'image' is 'images/hostname.png', a symbolic link to a file "
        "outside docs/ ('/etc/hostname') — copy the image into docs/; a build would publish "
        "the file the link points to"
    ]


def test_an_image_linked_inside_docs_dir_passes(project: Path, docs: Path) -> None:
    (docs / "images" / "portrait.png").symlink_to("nina.png")
    assert image_findings(project, "images/portrait.png", docs) == []


# --- step ids that pages already use ------------------------------------------------------


@pytest.mark.parametrize("step_id", [*sorted(PLUGIN_IDS), "cjm-step-1-1"])
def test_a_step_id_may_not_take_an_element_id_of_the_pages(project: Path, step_id: str) -> None:
    trip = (project / "maps/journeys/trip.md").read_text(encoding="utf-8")
    trip = trip.replace(
        "      - title: Orders in the webshop\n",
        f"      - title: Orders in the webshop\n        id: {step_id}\n",
    )
    write(project, "journeys/trip.md", trip)
    assert [str(d) for d in build(project).diagnostics] == [
        f"maps/journeys/trip.md:30: step id '{step_id}' is the id of an element of the "
        "handbook's pages — a step id is its anchor on the page; name the step by what "
        "happens, e.g. `id: orders-in-webshop`"
    ]
