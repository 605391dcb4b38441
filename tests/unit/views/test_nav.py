"""The automatic nav of a large handbook: `nav_pages` lists less, and `generate` agrees."""

from __future__ import annotations

from pathlib import Path

import pathspec
import pytest
from bs4 import BeautifulSoup
from sitebuild import (
    MINIMAL_MAPS,
    NO_HISTORY,
    REPO,
    SETTINGS,
    TODAY,
    example_handbook,
    load_config,
    mkdocs_build,
    write_project,
)

from mkdocs_cjm.handbook.resolve import build_handbook
from mkdocs_cjm.publish.generate import generated_site
from mkdocs_cjm.render import render_pages
from mkdocs_cjm.views.nav import NOT_IN_NAV, NavPages, handbook_nav, nav_pages_for, nav_uris

HANDBOOK = example_handbook()
PAGES = [p.src_uri for p in render_pages(HANDBOOK, NO_HISTORY, None, TODAY)]
INDEXES = [
    "journeys/index.md",
    "personas/index.md",
    "touchpoints/index.md",
    "stages/index.md",
    "opportunities/index.md",
    "review/index.md",
]
"""The index pages, in the order of the nav."""


def test_all_lists_every_page() -> None:
    assert nav_uris(handbook_nav(HANDBOOK, None, "all")) == set(PAGES)


def test_journeys_lists_the_journeys_and_the_index_pages() -> None:
    listed = nav_uris(handbook_nav(HANDBOOK, None, "journeys"))
    journeys = {f"journeys/{j}/index.md" for j in HANDBOOK.journeys}
    assert listed == set(INDEXES) | journeys


def test_indexes_lists_only_the_index_pages() -> None:
    assert nav_uris(handbook_nav(HANDBOOK, None, "indexes")) == set(INDEXES)


@pytest.mark.parametrize(
    ("pages", "mode"),
    [(10, "all"), (250, "all"), (251, "journeys"), (1000, "journeys"), (1001, "indexes")],
)
def test_auto_lists_less_as_the_handbook_grows(pages: int, mode: str) -> None:
    assert nav_pages_for("auto", pages) == mode
    assert nav_pages_for("all", pages) == "all"


@pytest.mark.parametrize("mode", ["all", "journeys", "indexes"])
def test_generate_marks_exactly_the_pages_left_out(mode: NavPages) -> None:
    spec = pathspec.GitIgnoreSpec.from_lines(NOT_IN_NAV[mode])
    left_out = {p for p in PAGES if spec.match_file(p)}
    assert left_out == set(PAGES) - nav_uris(handbook_nav(HANDBOOK, None, mode))


def test_generate_writes_the_nav_the_plugin_builds() -> None:
    handbook = build_handbook(REPO / "maps", REPO, SETTINGS)
    site = generated_site(handbook, NO_HISTORY, None, TODAY, "T", None, "indexes")
    config = load_config(site.files["mkdocs.yml"])
    # The home page first (#13), then the plugin's sections.
    assert config["nav"][0] == "index.md"
    assert [next(iter(item.values())) for item in config["nav"][1:]] == INDEXES
    assert config["not_in_nav"].splitlines() == list(NOT_IN_NAV["indexes"])
    no_nav = generated_site(handbook, NO_HISTORY, None, TODAY, "T", None, None)
    assert "nav" not in load_config(no_nav.files["mkdocs.yml"])


def test_a_build_with_indexes_only_lists_no_journey_and_reports_nothing(tmp_path: Path) -> None:
    config = write_project(
        tmp_path,
        MINIMAL_MAPS,
        "site_name: Test\nplugins:\n  - cjm:\n      nav_pages: indexes\n",
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "not included in the" not in result.stderr
    home = BeautifulSoup((tmp_path / "site" / "index.html").read_text(), "html.parser")
    links = {str(a["href"]) for a in home.find_all("a", href=True)}
    assert "journeys/" in links
    assert not any(href.startswith("journeys/") and href != "journeys/" for href in links)
    assert (tmp_path / "site" / "journeys" / "trip" / "index.html").is_file()
