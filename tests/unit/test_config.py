"""The plugin options: one definition, judged alike by `mkdocs build` and the CLI."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from pathlib import Path

import pytest
from mkdocs.config import load_config
from sitebuild import (
    FIXED_EPOCH,
    FRESH_DAY,
    MINIMAL,
    REPO,
    TODAY,
    mkdocs_build,
    run_cjm,
    write_project,
)

from mkdocs_cjm.cli.commands import Context
from mkdocs_cjm.config import (
    OPTION_NAMES,
    ConfigError,
    Options,
    Settings,
    check_option,
    option_line,
    read_options,
    read_project,
)
from mkdocs_cjm.plugin.events import CjmConfig, CjmPlugin

CONFIGURATION_GUIDE = REPO / "docs" / "guide" / "configuration.md"


def mkdocs_yml(cjm: str, extra: str = "") -> str:
    options = "".join(f"\n      {line}" for line in cjm.splitlines())
    return f"site_name: T\n{extra}plugins:\n  - cjm:{options or ' {}'}\n"


# --- the definition ---------------------------------------------------------------


def test_every_option_has_a_default_a_check_and_a_meaning() -> None:
    for option in fields(Options):
        assert option.metadata["doc"], option.name
        assert check_option(option.name, option.default) == option.default
    assert read_options({}) == Options()


def test_mkdocs_accepts_exactly_the_shared_options() -> None:
    assert [name for name, _ in CjmConfig._schema] == list(OPTION_NAMES)
    assert {name: option.default for name, option in CjmConfig._schema} == {
        option.name: option.default for option in fields(Options)
    }


def test_the_guide_lists_every_option() -> None:
    guide = CONFIGURATION_GUIDE.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+)` \| [^|]+ \| `([^`]*)` \|", guide, re.MULTILINE)
    documented = dict(rows)
    for option in fields(Options):
        default = option.default
        shown = str(default).lower() if isinstance(default, bool) else str(default)
        shown = str(list(default)) if isinstance(default, tuple) else shown
        shown = shown or '""'  # an empty default is shown as `""`
        assert documented.get(option.name) == shown, option.name


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("review_every", 0, "'review_every' is 0, but must be a whole number of days, 1 or more"),
        ("review_every", True, "'review_every' is true, but must be a whole number of days"),
        ("review_every", "90", "'review_every' is '90', but must be a whole number of days"),
        ("due_soon", -1, "'due_soon' is -1, but must be a whole number of days, 1 or more"),
        ("evidence_max_age", 1.5, "'evidence_max_age' is 1.5, but must be a whole number"),
        ("stale", "error", "'stale' is 'error', but must be one of: warn, info"),
        ("stale", None, "'stale' is empty, but must be one of: warn, info"),
        ("nav", "yes please", "'nav' is 'yes please', but must be true or false"),
        ("nav_pages", "journey", "'nav_pages' is 'journey', but must be one of: auto, all, journ"),
        ("maps_dir", "", "'maps_dir' is '', but must be a folder name"),
        ("maps_dir", ["maps"], "'maps_dir' is a list, but must be a folder name"),
        ("preview_safe_plugins", "tags", "'preview_safe_plugins' is 'tags', but must be a list"),
        ("preview_safe_plugins", [3], "'preview_safe_plugins' is a list, but must be a list of"),
    ],
)
def test_bad_values_are_refused_with_the_option_name(
    name: str, value: object, message: str
) -> None:
    with pytest.raises(ConfigError) as raised:
        check_option(name, value)
    assert raised.value.name == name
    assert raised.value.problem.startswith(message)
    assert raised.value.hint


def test_hints() -> None:
    with pytest.raises(ConfigError, match="did you mean 'journeys'"):
        check_option("nav_pages", "journey")
    with pytest.raises(ConfigError, match=r"the default is `review_every: 90`$"):
        check_option("review_every", 0)
    with pytest.raises(ConfigError, match=r"did you mean 'review_every'\?$"):
        check_option("revew_every", 10)
    with pytest.raises(ConfigError, match=r"write only the number of days: `due_soon: 14`$"):
        check_option("due_soon", "2 weeks")
    with pytest.raises(ConfigError, match=r"write `preview_safe_plugins: \[tags\]`$"):
        check_option("preview_safe_plugins", "tags")
    with pytest.raises(ConfigError, match=r"the default is `preview_safe_plugins: \[\]`$"):
        check_option("preview_safe_plugins", [""])
    assert check_option("preview_safe_plugins", ["tags"]) == ("tags",)


def test_option_lines() -> None:
    text = mkdocs_yml("maps_dir: cx\nstale: error", extra="docs_dir: pages\n")
    assert option_line(text, "stale") == 6
    assert option_line(text, "maps_dir") == 5
    assert option_line(text, "docs_dir") == 2
    assert option_line(text, "cjm") == 4
    assert option_line("plugins: [search, cjm]\n", "stale") == 1
    assert option_line("plugins:\n  cjm:\n    stale: x\n", "stale") == 3
    assert option_line("INHERIT: base.yml\n", "stale") == 1


def test_project_reads_folders_from_mkdocs_yml(tmp_path: Path) -> None:
    config = {"docs_dir": "pages", "plugins": ["search", {"cjm": {"maps_dir": "cx"}}]}
    project = read_project(config, tmp_path)
    assert (project.docs_dir, project.maps_dir) == (tmp_path / "pages", tmp_path / "cx")
    assert read_project({"plugins": ["cjm"]}, tmp_path).docs_dir == tmp_path / "docs"
    with pytest.raises(ConfigError, match="the options of the cjm plugin are 'x', not a mapping"):
        read_project({"plugins": [{"cjm": "x"}]}, tmp_path)


# --- the same Settings from the plugin and the CLI ---------------------------------


OPTIONS = "review_every: 45\nstale: info\ndue_soon: 30\nevidence_max_age: 100\nmaps_dir: cx"


def test_plugin_and_cli_make_the_same_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    (tmp_path / "pages").mkdir()
    (tmp_path / "cx").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(mkdocs_yml(OPTIONS, extra="docs_dir: pages\n"), encoding="utf-8")

    config = load_config(str(config_file))
    plugin = config.plugins["cjm"]
    assert isinstance(plugin, CjmPlugin)
    for on_config in plugin.on_config.methods:  # the plugin's handlers of the event
        on_config(config)

    monkeypatch.chdir(tmp_path)
    context = Context(None, Path("mkdocs.yml"), None)
    expected = Settings(
        review_every=45,
        stale="info",
        due_soon_days=30,
        evidence_max_age=100,
        docs_dir=tmp_path / "pages",
        today=TODAY,
    )
    assert plugin.settings == context.settings == expected
    assert plugin.maps_dir == context.maps_dir.resolve() == (tmp_path / "cx").resolve()


def test_due_soon_is_respected_by_export_and_the_site(tmp_path: Path) -> None:
    # trip.md is due on 2026-12-13: 25 days after the fixed build day, 2026-11-18.
    config_file = write_project(tmp_path, MINIMAL / "maps", mkdocs_yml("due_soon: 30"))
    exported = run_cjm("export", cwd=tmp_path)
    assert exported.returncode == 0, exported.stderr
    journeys = {j["id"]: j["freshness"] for j in json.loads(exported.stdout)["journeys"]}
    assert journeys["trip"] == {"status": "due", "due": "2026-12-13", "days_left": 25}

    build = mkdocs_build(config_file, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    published = (tmp_path / "site" / "cjm.json").read_text(encoding="utf-8")
    assert published == exported.stdout


@pytest.mark.parametrize(
    ("option", "problem", "hint"),
    [
        (
            "review_every: 0",
            "'review_every' is 0, but must be a whole number of days, 1 or more",
            "the default is `review_every: 90`",
        ),
        (
            "review_every: 90 days",
            "'review_every' is '90 days', but must be a whole number of days, 1 or more",
            "write only the number of days: `review_every: 90`",
        ),
        (
            "stale: error",
            "'stale' is 'error', but must be one of: warn, info",
            "the default is `stale: warn`",
        ),
        (
            "base_path: /cx",
            "'base_path' is '/cx', but must be a folder relative to the site's root",
            "leave out the leading `/`: e.g. `base_path: cx` puts the handbook at /cx/",
        ),
    ],
)
def test_build_and_check_refuse_a_bad_option_alike(
    tmp_path: Path, option: str, problem: str, hint: str
) -> None:
    config_file = write_project(tmp_path, MINIMAL / "maps", mkdocs_yml(f"maps_dir: maps\n{option}"))
    build = mkdocs_build(config_file, tmp_path / "site")
    check = run_cjm("check", cwd=tmp_path)
    name = option.split(":")[0]
    message = f"{problem} — {hint}"
    assert build.returncode == 1
    assert f"Plugin 'cjm' option '{name}': {message}\n" in build.stderr
    assert check.returncode == 1
    assert check.stdout == f"mkdocs.yml:5: error: {message} [config]\n"
    for output in (build.stdout + build.stderr, check.stdout + check.stderr):
        assert "Traceback" not in output


def test_an_unknown_option_is_a_warning_in_both(tmp_path: Path) -> None:
    config_file = write_project(tmp_path, MINIMAL / "maps", mkdocs_yml("revew_every: 10"))
    build = mkdocs_build(config_file, tmp_path / "site")
    warning = "unknown option 'revew_every' of the cjm plugin — did you mean 'review_every'?"
    assert build.returncode == 1  # --strict
    assert f"Plugin 'cjm' option 'revew_every': {warning}\n" in build.stderr
    check = run_cjm("check", "--strict", "--today", str(FRESH_DAY), cwd=tmp_path)
    assert check.returncode == 1
    assert check.stdout.splitlines() == [
        f"mkdocs.yml:4: warning: {warning} [config]",
        "Checked 7 files in maps: 0 errors, 1 warning.",
    ]
