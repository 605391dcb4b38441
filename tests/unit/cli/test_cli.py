"""The `mkdocs-cjm` command line, run as a writer or CI runs it: its commands in this process
through click's CliRunner (`run_cjm`), and the real console script in a few smoke tests."""

from __future__ import annotations

import ast
import datetime
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sitebuild import CORPUS, EXAMPLE_MAPS, FRESH_DAY, MINIMAL, REPO, run_cjm, run_tool

from mkdocs_cjm.read.map_files import KINDS, load_maps, load_source
from mkdocs_cjm.read.source import singular

# `new` dates its templates from SOURCE_DATE_EPOCH; check judges them on the same day.
FRESH_EPOCH = "1790812800"  # FRESH_DAY, 00:00 UTC
FRESH = str(FRESH_DAY)


def cli(*args: str, cwd: Path, epoch: str = FRESH_EPOCH) -> subprocess.CompletedProcess[str]:
    result = run_cjm(*args, cwd=cwd, env={"SOURCE_DATE_EPOCH": epoch})
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.fixture
def project(minimal_project: Path) -> Path:
    return minimal_project


# --- check ----------------------------------------------------------------------------


def test_example_handbook_passes() -> None:
    # The maps and the data files.
    count = sum(1 for _ in EXAMPLE_MAPS.rglob("*.md")) + sum(1 for _ in EXAMPLE_MAPS.rglob("*.csv"))
    result = cli("check", "--maps", "maps", "--today", "2026-11-22", cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert f"Checked {count} files in maps: 0 errors" in result.stdout


def test_example_handbook_as_json() -> None:
    result = cli("check", "--maps", "maps", "--today", "2026-11-22", "--format", "json", cwd=REPO)
    found = json.loads(result.stdout)
    assert isinstance(found, list)
    assert all(
        set(item) == {"path", "line", "severity", "message", "hint", "code"} for item in found
    )
    assert "Checked " in result.stderr


def test_json_findings_carry_their_code(project: Path) -> None:
    result = cli("check", "--today", "2026-12-20", "--format", "json", cwd=project)
    found = json.loads(result.stdout)
    assert [(item["path"], item["code"]) for item in found] == [("maps/journeys/trip.md", "stale")]


def test_check_reads_maps_dir_from_mkdocs_yml(project: Path) -> None:
    (project / "maps").rename(project / "cx")
    (project / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - search\n  - cjm:\n      maps_dir: cx\n", encoding="utf-8"
    )
    result = cli("check", "--today", FRESH, cwd=project)
    assert result.returncode == 0
    assert result.stdout.strip() == "Checked 7 files in cx: 0 errors, 0 warnings."


def test_stale_is_a_warning_that_fails_only_strict(project: Path) -> None:
    # trip.md was due on 2026-12-13; visit.md is due on 2026-12-30, soon but not yet.
    late = ["check", "--today", "2026-12-20"]
    result = cli(*late, cwd=project)
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == (
        "maps/journeys/trip.md:7: warning: journey is stale: last reviewed 2026-09-14, review "
        "was due 2026-12-13 (7 days ago) — review it with its owner (E-commerce) and update "
        "`reviewed:` [stale]"
    )
    assert result.stdout.splitlines()[-1] == "Checked 7 files in maps: 0 errors, 1 warning."
    assert cli(*late, "--strict", cwd=project).returncode == 1
    github = cli(*late, "--format", "github", cwd=project).stdout
    assert github.startswith(
        "::warning file=maps/journeys/trip.md,line=7,title=stale::journey is stale"
    )


def test_stale_info_from_mkdocs_yml_passes_strict(project: Path) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: T\nmarkdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
        "        - format: !!python/name:pymdownx.superfences.fence_code_format\n"
        "plugins:\n  - cjm:\n      stale: info\n",
        encoding="utf-8",
    )
    result = cli("check", "--today", "2027-01-01", "--strict", cwd=project)
    assert result.returncode == 0
    assert "maps/journeys/trip.md:7: info: journey is stale" in result.stdout


def test_missing_maps_folder(tmp_path: Path) -> None:
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("maps:1: error: maps folder not found")


# --- new --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["journey", "persona", "touchpoint", "stage", "opportunity"])
def test_new_writes_a_file_that_passes_check(project: Path, kind: str) -> None:
    result = cli("new", kind, "new-one", cwd=project)
    assert result.returncode == 0, result.stderr
    folder = "opportunities" if kind == "opportunity" else f"{kind}s"
    target = project / "maps" / folder / "new-one.md"
    assert result.stdout.startswith(f"Wrote maps/{folder}/new-one.md")
    written = target.read_text(encoding="utf-8")

    checked = cli("check", "--today", FRESH, "--strict", cwd=project)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.splitlines()[-1].endswith(": 0 errors, 0 warnings.")

    again = cli("new", kind, "new-one", cwd=project)
    assert again.returncode == 1
    assert f"maps/{folder}/new-one.md already exists" in again.stderr
    assert target.read_text(encoding="utf-8") == written


def test_new_journey_uses_existing_ids_and_today(project: Path) -> None:
    cli("new", "journey", "buy-a-bed", cwd=project)
    text = (project / "maps" / "journeys" / "buy-a-bed.md").read_text(encoding="utf-8")
    assert "title: Buy a bed\n" in text
    assert "personas: [nina]\n" in text
    assert "reviewed: 2026-10-01\n" in text
    assert "touchpoints: [instagram]" in text


def test_first_new_stage_keeps_the_default_vocabulary(project: Path) -> None:
    result = cli("new", "stage", "onboarding", cwd=project)
    assert result.returncode == 0
    stages = project / "maps" / "stages"
    assert sorted(p.stem for p in stages.iterdir()) == [
        "advocacy",
        "awareness",
        "consideration",
        "onboarding",
        "purchase",
        "retention",
    ]
    assert "order: 60\n" in (stages / "onboarding.md").read_text(encoding="utf-8")
    assert "order: 10\n" in (stages / "awareness.md").read_text(encoding="utf-8")
    assert cli("check", "--today", FRESH, cwd=project).returncode == 0


def test_new_refuses_an_id_in_a_subfolder(project: Path) -> None:
    (project / "maps" / "journeys" / "old").mkdir()
    shutil.move(project / "maps/journeys/visit.md", project / "maps/journeys/old/visit.md")
    result = cli("new", "journey", "visit", cwd=project)
    assert result.returncode == 1
    assert "maps/journeys/old/visit.md already exists" in result.stderr
    assert not (project / "maps" / "journeys" / "visit.md").exists()


@pytest.mark.parametrize(
    ("bad_id", "suggestion"),
    [
        ("Buy A Sofa", "buy-a-sofa"),
        ("über", "uber"),
        ("a_b", "a-b"),
        ("sofa!", "sofa"),
        ("x.md", "x-md"),
        ("*", "buy-a-sofa"),
        ("tri?", "tri"),
        ("[tv]isit", "tv-isit"),
        ("Trip", "trip"),
        ("trip\n", "trip"),
        ("../trip", "trip"),
    ],
)
def test_new_with_a_bad_id(project: Path, bad_id: str, suggestion: str) -> None:
    result = cli("new", "journey", bad_id, cwd=project)
    assert result.returncode == 1
    shown = bad_id.replace("\n", "\\n")
    assert result.stderr == (
        f"Error: invalid id '{shown}': use only lowercase a-z, 0-9 and '-' (e.g. {suggestion})\n"
    )
    assert sorted(p.name for p in (project / "maps" / "journeys").iterdir()) == [
        "trip.md",
        "visit.md",
    ]


@pytest.mark.parametrize(
    ("bad_id", "message"),
    [
        (
            "index",
            "'index' is the name of the generated journeys list page, not a journey id: "
            "choose another (e.g. buy-a-sofa)",
        ),
        ("", "the id is blank: name the new journey (e.g. buy-a-sofa)"),
        ("  ", "the id is blank: name the new journey (e.g. buy-a-sofa)"),
    ],
)
def test_new_refuses_index_and_blank(project: Path, bad_id: str, message: str) -> None:
    result = cli("new", "journey", bad_id, cwd=project)
    assert result.returncode == 1
    assert result.stderr == f"Error: {message}\n"


def test_new_judges_the_id_before_the_config(project: Path) -> None:
    # A glob pattern is never a search: '*' matched trip.md and was "already there".
    (project / "mkdocs.yml").write_text("plugins:\n  - cjm:\n      stale: error\n", "utf-8")
    result = cli("new", "journey", "*", cwd=project)
    assert "invalid id '*'" in result.stderr
    assert "already exists" not in result.stderr


def test_new_journey_without_personas(project: Path) -> None:
    shutil.rmtree(project / "maps" / "personas")
    result = cli("new", "journey", "buy-a-sofa", cwd=project)
    assert result.returncode == 1
    assert "a journey needs at least one persona, and none exists yet" in result.stderr
    assert "mkdocs-cjm new persona ID" in result.stderr
    assert not (project / "maps" / "journeys" / "buy-a-sofa.md").exists()


def test_new_in_an_empty_folder(tmp_path: Path) -> None:
    for kind in ("touchpoint", "persona", "journey"):
        assert cli("new", kind, f"first-{kind}", cwd=tmp_path).returncode == 0
    result = cli("check", "--today", FRESH, cwd=tmp_path)
    assert result.returncode == 0, result.stdout


# --- schema ------------------------------------------------------------------------------


def schema(kind: str | None = None) -> dict[str, Any]:
    args = ["schema"] if kind is None else ["schema", "--kind", kind]
    result = cli(*args, cwd=REPO)
    assert result.returncode == 0
    loaded: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def as_json(value: Any) -> Any:
    """Front matter as an editor sees it: YAML dates are ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def validators() -> dict[str | None, jsonschema.Draft202012Validator]:
    checker = jsonschema.FormatChecker()
    return {
        kind: jsonschema.Draft202012Validator(schema(kind), format_checker=checker)
        for kind in (None, "stage", "persona", "touchpoint", "journey", "opportunity")
    }


def front_matters(maps: Path) -> list[tuple[str, str, Any]]:
    loaded = load_maps(maps, maps.parent)
    return [
        (singular(kind), source.path, as_json(source.front_matter))
        for kind in KINDS
        for source in loaded.sources[kind].values()
    ]


@pytest.mark.parametrize("maps", [EXAMPLE_MAPS, MINIMAL / "maps"], ids=["example", "minimal"])
def test_schema_accepts_every_map(
    maps: Path, validators: dict[str | None, jsonschema.Draft202012Validator]
) -> None:
    found = front_matters(maps)
    assert {kind for kind, _, _ in found} >= {"persona", "touchpoint", "journey"}
    for kind, path, front_matter in found:
        for validator in (validators[kind], validators[None]):
            errors = [e.message for e in validator.iter_errors(front_matter)]
            assert errors == [], path


# Corpus cases whose problem lies in one file's front matter alone, so the schema must
# reject them too (references, ids, YAML and byte-level cases are beyond a JSON Schema).
SCHEMA_LEVEL_CASES = [
    "bad-kind",
    "bad-mode",
    "bad-opportunity-status",
    "bad-status",
    "date-does-not-exist",
    "date-not-iso",
    "date-with-time",
    "drop-off-above-one",
    "effort-out-of-range",
    "emotion-as-string",
    "emotion-six",
    "emotion-zero",
    "empty-steps",
    "empty-title",
    "impact-out-of-range",
    "missing-emotion",
    "missing-owner",
    "missing-personas",
    "missing-step-title",
    "missing-title",
    "missing-touchpoint-title",
    "personas-as-string",
    "review-every-zero",
    "severity-out-of-range",
    "stage-missing-order",
    "stages-as-mapping",
    "title-as-number",
    "unknown-field-journey",
    "unknown-field-pain-point",
    "unknown-field-persona",
    "unknown-field-step",
    "unknown-field-touchpoint-singular",
]


# The combined schema cannot know the folder: these fit another kind's schema.
COMBINED_SCHEMA_ACCEPTS = {"stage-missing-order"}  # title + summary: a touchpoint


@pytest.mark.parametrize("case", SCHEMA_LEVEL_CASES)
def test_schema_rejects_broken_front_matter(
    case: str, validators: dict[str | None, jsonschema.Draft202012Validator]
) -> None:
    rejected = 0
    for file in sorted((CORPUS / case).rglob("*.md")):
        kind = file.parent.name
        source, problems = load_source(file, kind, CORPUS)
        assert source is not None and problems == []
        front_matter = as_json(source.front_matter)
        if validators[kind.rstrip("s")].is_valid(front_matter):
            continue  # a valid companion file of the case
        if case not in COMBINED_SCHEMA_ACCEPTS:
            assert not validators[None].is_valid(front_matter)
        rejected += 1
    assert rejected == 1


# --- layering ----------------------------------------------------------------------------


def test_only_the_glue_imports_mkdocs() -> None:
    package = REPO / "mkdocs_cjm"
    # plugin/compat.py is the plugin's glue for other plugins (it imports MkDocs for types
    # only); plugin/preview.py is its glue for `mkdocs serve` (MkDocs' build and server), and
    # plugin/mkdocs_internals.py holds the private MkDocs functions it borrows.
    # plugin/files.py makes the MkDocs files and nav of the generated pages; plugin/mkdocs_yml.py
    # reads mkdocs.yml for cli/commands.py with MkDocs' own YAML loader.
    glue = (
        "plugin/mkdocs_yml.py",
        "plugin/events.py",
        "plugin/compat.py",
        "plugin/preview.py",
        "plugin/mkdocs_internals.py",
        "plugin/files.py",
    )
    offenders = []
    for module in sorted(package.rglob("*.py")):
        name = module.relative_to(package).as_posix()
        if name in glue:
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            offenders += [
                f"{name}: {imported}"
                for imported in names
                if imported.split(".")[0] in ("mkdocs", "material", "mermaid2")
            ]
    assert offenders == []


def test_stale_only_lists_just_the_stale_journeys(project: Path) -> None:
    fresh = cli("check", "--stale-only", "--today", FRESH, cwd=project)
    assert fresh.returncode == 0
    assert fresh.stdout.splitlines()[-1] == "0 stale journeys."

    # trip.md (reviewed 2026-09-14, 90 days) is stale on 2026-12-20; visit.md
    # (reviewed 2026-09-01, every 120 days) is not yet.
    stale = cli("check", "--stale-only", "--today", "2026-12-20", "--format", "github", cwd=project)
    assert stale.returncode == 1
    annotations = [line for line in stale.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::warning file=maps/journeys/trip.md,line=7,title=stale::journey is stale: last reviewed "
        "2026-09-14, review was due 2026-12-13 (7 days ago) — review it with its owner "
        "(E-commerce) and update `reviewed:`"
    ]
    assert stale.stdout.splitlines()[-1] == "1 stale journey."


def test_a_review_date_in_the_future_is_a_warning(project: Path) -> None:
    result = cli("check", "--today", "2026-09-01", cwd=project)
    assert result.returncode == 0
    assert (
        "maps/journeys/trip.md:7: warning: 'reviewed' is 2026-09-14, a date in the future "
        "— write the date of the last review (today is 2026-09-01) [future-review]"
    ) in result.stdout.splitlines()


# --- nothing a writer types forges a line -----------------------------------------------

FORGED_NAME = "x\n::error file=evil.md,line=1::forged file name"
FORGED_KEY = '"a\\n::error file=x::forged key": 1'


def forge(project: Path) -> None:
    (project / "maps" / "personas" / FORGED_NAME).write_text("---\ntitle: X\n---\n", "utf-8")
    (project / "maps" / "personas" / f"{FORGED_NAME}.md").write_text(
        "---\ntitle: X\n---\n", "utf-8"
    )
    nina = project / "maps" / "personas" / "nina.md"
    nina.write_text(
        nina.read_text("utf-8").replace("segment: B2C\n", f"segment: B2C\n{FORGED_KEY}\n"), "utf-8"
    )


def test_no_output_format_forges_a_line(project: Path) -> None:
    forge(project)
    text = cli("check", cwd=project)
    assert text.returncode == 1
    lines = text.stdout.splitlines()
    assert len(lines) == 4, lines  # three findings and the summary
    assert all(line.startswith(("maps/personas/", "Checked ")) for line in lines)
    assert "maps/personas/x\\n::error file=evil.md,line=1::forged file name:1: warning" in (
        text.stdout
    )
    assert "unknown field 'a\\n::error file=x::forged key'" in text.stdout

    github = cli("check", "--format", "github", cwd=project)
    annotations = github.stdout.splitlines()[:-1]
    assert len(annotations) == 3
    assert all(
        line.startswith(("::error file=maps/personas/", "::warning file=maps/"))
        for line in annotations
    )

    as_json = cli("check", "--format", "json", cwd=project)
    found = json.loads(as_json.stdout)
    assert {item["path"] for item in found} >= {
        f"maps/personas/{FORGED_NAME}",
        f"maps/personas/{FORGED_NAME}.md",
    }
    assert any("a\n::error file=x::forged key" in item["message"] for item in found)
    assert not any(line.lstrip().startswith("::") for line in as_json.stdout.splitlines())


def test_the_build_log_forges_no_line(tmp_path: Path) -> None:
    from sitebuild import mkdocs_build, write_project

    config_file = write_project(tmp_path, MINIMAL / "maps", "site_name: T\nplugins:\n  - cjm\n")
    forge(tmp_path)
    build = mkdocs_build(config_file, tmp_path / "site", strict=False)
    assert build.returncode == 1
    assert "unknown field 'a\\n::error file=x::forged key'" in build.stderr
    assert "Traceback" not in build.stderr
    assert not [line for line in build.stderr.splitlines() if line.startswith("::")]


# --- SOURCE_DATE_EPOCH and mkdocs.yml -----------------------------------------------------


@pytest.mark.parametrize("epoch", ["abc", "1e9", "-5", "99999999999999999"])
@pytest.mark.parametrize(
    "command", [["check"], ["export"], ["generate", "--out", "out"], ["new", "persona", "p"]]
)
def test_a_bad_source_date_epoch_stops_every_command(
    project: Path, epoch: str, command: list[str]
) -> None:
    result = cli(*command, cwd=project, epoch=epoch)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: SOURCE_DATE_EPOCH is '{epoch}', ")
    assert "git log -1 --format=%ct" in result.stderr
    assert not (project / "out").exists()
    assert not (project / "maps" / "personas" / "p.md").exists()


def test_today_makes_source_date_epoch_unneeded(project: Path) -> None:
    assert cli("check", "--today", FRESH, cwd=project, epoch="abc").returncode == 0


def test_a_named_config_file_must_exist(project: Path) -> None:
    result = cli("check", "-f", "nope.yml", cwd=project)
    assert result.returncode == 1
    assert result.stdout.startswith("nope.yml:1: error: config file not found — ")


def test_invalid_mkdocs_yml_is_an_error(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: T\nplugins: [cjm\n", encoding="utf-8")
    result = cli("check", "--format", "github", cwd=project)
    assert result.returncode == 1
    assert result.stdout.startswith("::error file=mkdocs.yml,line=")
    assert "MkDocs encountered an error parsing the configuration file" in result.stdout


def test_mkdocs_yml_env_tags_are_read_as_mkdocs_reads_them(project: Path) -> None:
    (project / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - cjm:\n      stale: !ENV [CJM_STALE, warn]\n", "utf-8"
    )
    late = ["check", "--today", "2027-01-01", "--strict"]
    assert cli(*late, cwd=project).returncode == 1
    env_result = run_cjm(*late, cwd=project, env={"CJM_STALE": "info"})
    assert env_result.returncode == 0, env_result.stdout


def test_check_finds_images_in_docs_dir_of_mkdocs_yml(project: Path) -> None:
    (project / "mkdocs.yml").write_text("site_name: T\ndocs_dir: pages\nplugins: [cjm]\n", "utf-8")
    (project / "pages" / "img").mkdir(parents=True)
    (project / "pages" / "img" / "nina.png").write_bytes(b"\x89PNG")
    nina = project / "maps" / "personas" / "nina.md"
    original = nina.read_text("utf-8")
    nina.write_text(
        original.replace("segment: B2C\n", "segment: B2C\nimage: img/nina.png\n"), "utf-8"
    )
    assert cli("check", cwd=project).returncode == 0
    nina.write_text(
        original.replace("segment: B2C\n", "segment: B2C\nimage: /etc/passwd\n"), "utf-8"
    )
    refused = cli("check", cwd=project)
    assert refused.returncode == 1
    assert refused.stdout.startswith(
        "maps/personas/nina.md:4: error: 'image' is an absolute path ('/etc/passwd') — write "
        "the path of the image inside pages/"
    )


def test_ignore_hides_warnings_of_a_code_but_never_errors(project: Path) -> None:
    late = ["check", "--today", "2026-12-20", "--strict"]
    assert cli(*late, cwd=project).returncode == 1  # trip.md is stale
    hidden = cli(*late, "--ignore", "stale", cwd=project)
    assert hidden.returncode == 0
    assert hidden.stdout.splitlines() == ["Checked 7 files in maps: 0 errors, 0 warnings."]
    trip = project / "maps/journeys/trip.md"
    trip.write_text(trip.read_text(encoding="utf-8").replace("owner:", "ownr:"), encoding="utf-8")
    broken = cli(*late, "--ignore", "unknown-field", "--ignore", "missing-field", cwd=project)
    assert broken.returncode == 1
    assert "[unknown-field]" in broken.stdout and "[missing-field]" in broken.stdout
    typo = cli("check", "--ignore", "stail", cwd=project)
    assert typo.returncode == 2
    assert "unknown code 'stail'; did you mean 'stale'?" in typo.stderr
    assert "Traceback" not in typo.stderr


# --- the console script itself, in a new process (smoke) -------------------------------
# Every test above runs the commands in this process (run_cjm); these few run the installed
# `mkdocs-cjm` as a writer's shell or CI does, and show that both print the same.


def console(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = run_tool("mkdocs-cjm", *args, cwd=cwd, timeout=120)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


@pytest.mark.smoke
def test_console_script_checks_the_example_handbook() -> None:
    result = console("check", "--maps", "maps", "--today", "2026-11-22", cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("Checked ")
    assert result.stdout.rstrip().endswith(": 0 errors, 0 warnings.")


@pytest.mark.smoke
def test_console_script_prints_its_version() -> None:
    result = console("--version", cwd=REPO)
    assert result.returncode == 0
    assert result.stdout.startswith("mkdocs-cjm, version ")


@pytest.mark.smoke
@pytest.mark.parametrize("output_format", ["text", "github", "json"])
def test_console_script_and_run_cjm_print_the_same(project: Path, output_format: str) -> None:
    # A broken map and an unknown option in mkdocs.yml: findings, a config warning, exit 1.
    shutil.copytree(CORPUS / "duplicate-id", project / "maps", dirs_exist_ok=True)
    (project / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - cjm:\n      revew_every: 10\n", encoding="utf-8"
    )
    args = ("check", "--today", FRESH, "--format", output_format)
    real, in_process = console(*args, cwd=project), run_cjm(*args, cwd=project)
    assert real.returncode == in_process.returncode == 1
    assert real.stdout == in_process.stdout
    assert real.stderr == in_process.stderr


@pytest.mark.smoke
def test_console_script_refuses_an_unknown_option_with_usage(project: Path) -> None:
    real = console("check", "--ignore", "stail", cwd=project)
    assert real.returncode == 2
    assert "unknown code 'stail'; did you mean 'stale'?" in real.stderr
    assert real.stderr.startswith("Usage: mkdocs-cjm check ")
    assert real.stderr == run_cjm("check", "--ignore", "stail", cwd=project).stderr
