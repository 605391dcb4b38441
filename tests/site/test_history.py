"""Journey pages show their recent git history; the review page lists what needs a review."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup
from sitebuild import MINIMAL_MAPS, build_env, mkdocs_build, write_project

CONFIG = "site_name: History test\nplugins:\n  - cjm\n"


def git(cwd: Path, *args: str, date: str = "2026-01-01T12:00:00+00:00", author: str = "A") -> None:
    env = build_env(
        GIT_AUTHOR_NAME=author,
        GIT_AUTHOR_EMAIL=f"{author.lower()}@example.com",
        GIT_COMMITTER_NAME=author,
        GIT_COMMITTER_EMAIL=f"{author.lower()}@example.com",
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
    )
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def page_text(site: Path, url: str) -> str:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").get_text(" ")


def test_a_journey_page_shows_its_three_changes_newest_first(tmp_path: Path) -> None:
    config = write_project(tmp_path, MINIMAL_MAPS, CONFIG)
    journey = tmp_path / "maps" / "journeys" / "trip.md"
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "First map of the trip", date="2026-03-01T10:00:00+00:00")
    for number, (author, date) in enumerate(
        [("Birgit", "2026-04-02T10:00:00+00:00"), ("Søren", "2026-05-03T10:00:00+00:00")],
        start=2,
    ):
        journey.write_text(journey.read_text() + f"\nEdit {number}.\n", encoding="utf-8")
        git(tmp_path, "commit", "-qam", f"Edit <{number}> of the trip", date=date, author=author)

    assert mkdocs_build(config, tmp_path / "site").returncode == 0
    html = (tmp_path / "site" / "journeys" / "trip" / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    heading = page.find("h2", id="recent-changes")
    assert heading is not None
    rows = [
        [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in heading.find_next("table").find_all("tr")[1:]
    ]
    assert rows == [
        ["2026-05-03", "Søren", "Edit <3> of the trip"],
        ["2026-04-02", "Birgit", "Edit <2> of the trip"],
        ["2026-03-01", "A", "First map of the trip"],
    ]
    footer = page_text(tmp_path / "site", "journeys/trip")
    assert "Last changed: 2026-05-03" in footer


def test_without_git_the_build_passes_with_a_notice(tmp_path: Path) -> None:
    config = write_project(tmp_path, MINIMAL_MAPS, CONFIG)
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "not in a git work tree" in result.stderr
    text = page_text(tmp_path / "site", "journeys/trip")
    assert "No history: the maps are not in a git repository." in text
    # Without git, "last changed" falls back to the (reproducible) build date.
    assert "Last changed: 2026-11-18" in text


def test_the_review_page_lists_stale_and_due_journeys_by_owner(tmp_path: Path) -> None:
    stale_info = CONFIG.replace("- cjm", "- cjm:\n      stale: info")
    config = write_project(tmp_path, MINIMAL_MAPS, stale_info)
    journeys = tmp_path / "maps" / "journeys"
    # The build judges freshness as of 2026-11-18 (SOURCE_DATE_EPOCH in sitebuild).
    for name, reviewed in (("trip.md", "2026-01-10"), ("visit.md", "2026-08-25")):
        file = journeys / name
        text = re.sub(r"reviewed: .*", f"reviewed: {reviewed}", file.read_text())
        file.write_text(re.sub(r"review_every: .*\n", "", text), encoding="utf-8")
    assert mkdocs_build(config, tmp_path / "site").returncode == 0

    review = BeautifulSoup(
        (tmp_path / "site" / "review" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    owners = [h2.get_text(strip=True).rstrip("¶") for h2 in review.find_all("h2")]
    assert owners == ["E-commerce", "Retail", "Evidence"]  # then the evidence of #16
    tables = review.find_all("table")
    stale_row = [td.get_text(strip=True) for td in tables[0].select("tr")[1].find_all("td")]
    assert stale_row[:3] == ["Buying a sofa online", "2026-01-10", "2026-04-10"]
    assert "Stale" in stale_row[3]
    due_row = [td.get_text(strip=True) for td in tables[1].select("tr")[1].find_all("td")]
    assert due_row[:3] == ["Buying a sofa in the store", "2026-08-25", "2026-11-23"]
    assert "Review due" in due_row[3]

    index = page_text(tmp_path / "site", "journeys")
    assert "Stale" in index and "Review due 2026-11-23" in index


def test_separator_characters_in_commits_forge_nothing(tmp_path: Path) -> None:
    # U+001E and U+001F were the old record and field separators: a subject and an author
    # holding them crashed the build and could forge a "Recent changes" row of another file.
    config = write_project(tmp_path, MINIMAL_MAPS, CONFIG)
    journey = tmp_path / "maps" / "journeys" / "trip.md"
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "First map", date="2026-03-01T10:00:00+00:00")
    journey.write_text(journey.read_text() + "\nEdit.\n", encoding="utf-8")
    forged = "Edit\x1e2030-01-01\x1fMallory\x1fForged\nmaps/journeys/visit.md"
    git(tmp_path, "commit", "-qam", forged, date="2026-04-02T10:00:00+00:00", author="Ev\x1fe")
    visit = tmp_path / "maps" / "journeys" / "visit.md"
    visit.write_text(visit.read_text() + "\nEdit.\n", encoding="utf-8")
    git(tmp_path, "commit", "-qam", "Typo\x1e fixed", date="2026-05-03T10:00:00+00:00")

    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    # The page shows each control character as a space.
    subject = "Edit 2030-01-01 Mallory Forged maps/journeys/visit.md"
    assert recent_changes(tmp_path / "site", "journeys/trip") == [
        ["2026-04-02", "Ev e", subject],
        ["2026-03-01", "A", "First map"],
    ]
    assert recent_changes(tmp_path / "site", "journeys/visit") == [
        ["2026-05-03", "A", "Typo fixed"],
        ["2026-03-01", "A", "First map"],
    ]
    assert "Last changed: 2026-04-02" in page_text(tmp_path / "site", "journeys/trip")


def recent_changes(site: Path, url: str) -> list[list[str]]:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    heading = BeautifulSoup(html, "html.parser").find("h2", id="recent-changes")
    assert heading is not None
    return [
        [cell.get_text(strip=True) for cell in row.find_all("td")]
        for row in heading.find_next("table").find_all("tr")[1:]
    ]
