"""Publishing with mike: the gh-pages branch that the publish workflow leaves.

See tests/publishing.py for how the two releases and `dev` are deployed; the
browser's view of the result is in tests/browser/test_versions.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from publishing import (
    BANNER,
    DEPLOY_SCRIPT,
    FIRST_DATE,
    NEW_TITLE,
    OLD_TITLE,
    SECOND_DATE,
    Git,
    Published,
    publish_example_once,
)
from sitebuild import REPO, BuiltSite


@pytest.fixture(scope="module")
def published(built_site: BuiltSite) -> Published:
    return publish_example_once(built_site)


def journey_title(page: BeautifulSoup) -> str:
    h1 = page.find("article").find("h1")  # type: ignore[union-attr]
    assert isinstance(h1, Tag)
    return h1.get_text(strip=True).rstrip("¶")


def test_versions_json_lists_both_releases_and_dev(published: Published) -> None:
    # mike lists the newest first, and names that are not version numbers before those.
    assert json.loads(published.show("versions.json")) == [
        {"version": "dev", "title": "dev (unreleased)", "aliases": []},
        {"version": "2026.11", "title": "2026.11", "aliases": ["latest"]},
        {"version": "2026.10.1", "title": "2026.10.1", "aliases": []},
        {"version": "2026.10", "title": "2026.10", "aliases": []},
    ]


def test_an_older_release_published_later_leaves_latest_alone(published: Published) -> None:
    log = published.logs["2026.10.1"]
    assert "2026.10.1 is older than the release 2026.11: published without moving latest" in log
    assert published.show("latest") == "2026.11"


def test_latest_is_an_alias_of_the_newest_release(published: Published) -> None:
    tree = published.remote_git("ls-tree", "gh-pages", "latest")
    mode = tree.split()[0]
    assert mode == "120000", tree  # mike's default alias type: a symlink
    assert published.show("latest") == "2026.11"
    assert published.show(".nojekyll") == ""


def test_the_site_root_redirects_to_latest(published: Published) -> None:
    index = published.show("index.html")
    assert 'content="1; url=latest/"' in index
    assert 'window.location.replace(\n      "latest/"' in index


def test_a_release_deployed_alongside_main_retries_on_the_new_gh_pages(
    published: Published,
) -> None:
    assert "gh-pages changed during this deploy (attempt 1)" in published.logs["2026.11"]
    messages = published.remote_git("log", "--reverse", "--format=%s", "gh-pages").splitlines()
    deployed = [m.split(" with ")[0] for m in messages if m.startswith("Deployed")]
    assert [m.split(" to ")[1] for m in deployed] == [
        "dev",
        "2026.10",
        "dev",
        "2026.11",
        "2026.10.1",
    ]


def test_the_first_deploy_made_dev_the_default_until_a_release(published: Published) -> None:
    log = published.logs["dev before any release"]
    assert "Publishing refs/heads/main as version dev" in log
    messages = published.remote_git("log", "--reverse", "--format=%s", "gh-pages").splitlines()
    # Set once to dev, once to latest at the first release; not again at the second.
    assert [m for m in messages if m.startswith("Set default")] == [
        f"Set default version to dev with mike {mike_version()}",
        f"Set default version to latest with mike {mike_version()}",
    ]


def mike_version() -> str:
    from importlib.metadata import version

    return version("mike")


@pytest.mark.parametrize(
    ("version", "title", "date"),
    [
        ("2026.10", OLD_TITLE, FIRST_DATE[:10]),
        ("2026.10.1", OLD_TITLE, FIRST_DATE[:10]),
        ("2026.11", NEW_TITLE, SECOND_DATE[:10]),
        ("dev", NEW_TITLE, SECOND_DATE[:10]),
    ],
)
def test_each_version_has_its_own_journey_pages(
    published: Published, version: str, title: str, date: str
) -> None:
    page = published.page(f"{version}/journeys/trip/index.html")
    assert journey_title(page) == title
    assert page.title is not None and page.title.get_text().startswith(title)
    # The date of the last commit of the map, from the full history of the clone.
    assert date in page.get_text(" ")
    canonical = page.find("link", rel="canonical")
    assert isinstance(canonical, Tag)
    assert canonical["href"] == f"https://example.org/handbook/{version}/journeys/trip/"
    # The stage page of the same journey is there too.
    published.page(f"{version}/journeys/trip/awareness/index.html")


def test_pages_carry_the_version_selector_and_the_banner(published: Published) -> None:
    page = published.page("2026.10/journeys/trip/index.html")
    config_script = page.find("script", id="__config")
    assert isinstance(config_script, Tag)
    config = json.loads(config_script.get_text())
    # Material builds the selector from ../versions.json when `version` is set.
    assert config["version"] == {"provider": "mike", "default": "latest", "alias": True}
    outdated = page.find("div", attrs={"data-md-component": "outdated"})
    assert isinstance(outdated, Tag)
    assert outdated.has_attr("hidden")  # Material's script shows it on old versions only
    assert BANNER in " ".join(outdated.get_text(" ").split())
    link = outdated.find("a")
    assert isinstance(link, Tag)
    # From journeys/trip/ of a version, to the site root (which redirects to latest).
    assert link["href"] == "../../.."
    # overrides/partials/javascripts/outdated.html: the relative base is resolved.
    assert 'base=new URL("../..",location)' in str(outdated)


@pytest.mark.parametrize(
    "ref", ["refs/tags/vnext", "refs/tags/v2026.13", "refs/tags/v26.11", "refs/heads/feature"]
)
def test_other_refs_are_refused_before_anything_is_built(tmp_path: Path, ref: str) -> None:
    git = Git(tmp_path / "home")
    result = git.run("bash", str(DEPLOY_SCRIPT), ref, cwd=REPO, check=False)
    assert result.returncode == 1
    # A workflow command on stdout: GitHub shows it as an error annotation.
    assert result.stdout.startswith("::error::"), result.stdout + result.stderr
