"""The preview of `mkdocs serve` (plugin/preview.py): after every edit the served site is, byte
for byte, what a fresh `mkdocs build` makes; a broken map shows its problems in the
browser, no request waits for a fix, and the fixed map shows by itself."""

from __future__ import annotations

import hashlib
import queue
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sitebuild import MKDOCS, REPO, build_env, mkdocs_build
from test_serve import free_port

REBUILT = re.compile(r"cjm: (.*) in [0-9.]+ s$")
FAILED = "cjm: the build failed"


@dataclass
class Served:
    """A running `mkdocs serve`: its site directory and its log, line by line."""

    process: subprocess.Popen[str]
    port: int
    site: Path
    lines: queue.Queue[str]
    log: list[str]

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def next_rebuild(self, timeout: float = 120) -> str:
        """How the next rebuild went: "rendered N changed pages", "built the whole site" or
        "failed"."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "the server stopped:\n" + "\n".join(self.log)
                continue
            if FAILED in line:
                return "failed"
            if match := REBUILT.search(line):
                return match[1]
        raise AssertionError("no rebuild:\n" + "\n".join(self.log))


def example_project(root: Path) -> Path:
    """The example handbook (its maps, config and theme overrides), its guide's pages as
    one-line stubs: hand-written pages the preview must leave alone as it leaves
    `index.md`, without the 180 kB of text that took 40 % of every build."""
    for name in ("docs", "maps", "overrides"):
        shutil.copytree(REPO / name, root / name)
    for page in (root / "docs" / "guide").glob("*.md"):
        title = page.read_text(encoding="utf-8").splitlines()[0]
        assert title.startswith("# "), page
        page.write_text(f"{title}\n\nA page of the guide.\n", encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def new_mtime(folder: Path) -> None:
    """Wait until a file written now gets a later modification time than any written
    before: a second on a file system that counts seconds, a few milliseconds on one that
    counts finer (a fixed second's sleep before each edit took 13 s of this module)."""
    probe = folder / "mtime-probe"
    probe.write_bytes(b"")
    before = probe.stat().st_mtime_ns
    while probe.stat().st_mtime_ns == before:
        time.sleep(0.01)
        probe.write_bytes(b"")


@contextmanager
def serving(project: Path, tmp_path: Path) -> Iterator[Served]:
    """`mkdocs serve` of the project, with `like-serve.yml` for a build at the same address."""
    temp = tmp_path / "temp"
    temp.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [MKDOCS, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=build_env(TMPDIR=str(temp)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line.rstrip())
            lines.put(line.rstrip())

    threading.Thread(target=read, daemon=True).start()
    server = Served(process, port, Path(), lines, log)
    try:
        deadline = time.monotonic() + 300
        while not any("Serving on" in line for line in log):
            assert process.poll() is None, "\n".join(log)
            assert time.monotonic() < deadline, "never served:\n" + "\n".join(log)
            time.sleep(0.2)
        (server.site,) = temp.glob("mkdocs_*")
        # A build like the server's: same address (canonical links, sitemap).
        (project / "like-serve.yml").write_text(
            f"INHERIT: mkdocs.yml\nsite_url: http://127.0.0.1:{port}/mkdocs-cjm/\n",
            encoding="utf-8",
        )
        yield server
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert not any("Traceback" in line for line in log), "\n".join(log)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Path]]:
    """One server for the tests that edit the example: each starts where the last left it
    (a server's start is a whole build)."""
    tmp_path = tmp_path_factory.mktemp("served")
    project = example_project(tmp_path / "project")
    with serving(project, tmp_path) as server:
        yield server, project


def differences(served: Path, built: Path) -> list[str]:
    """Files that are not the same, byte for byte, in the two site directories."""
    served_files = {p.relative_to(served) for p in served.rglob("*") if p.is_file()}
    built_files = {p.relative_to(built) for p in built.rglob("*") if p.is_file()}
    found = [f"only served: {p}" for p in sorted(served_files - built_files)]
    found += [f"only built: {p}" for p in sorted(built_files - served_files)]
    found += [
        f"differs: {p}"
        for p in sorted(served_files & built_files)
        if (served / p).read_bytes() != (built / p).read_bytes()
    ]
    return found


def sources(project: Path) -> bytes:
    """Every file of the project (but git's own), by name and bytes: what a build reads."""
    digest = hashlib.sha256()
    for path in sorted(project.rglob("*")):
        if path.is_file() and ".git" not in path.relative_to(project).parts:
            digest.update(f"{path.relative_to(project)}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return digest.digest()


FRESH_BUILDS: dict[bytes, Path] = {}
"""The fresh build of each state of a project's files: an edit undone (a journey added,
then deleted) compares with the build already made of the state it goes back to."""


def assert_like_a_fresh_build(server: Served, project: Path, tmp_path: Path) -> None:
    key = sources(project)
    site = FRESH_BUILDS.get(key)
    if site is None:
        site = tmp_path / f"built-{len(FRESH_BUILDS)}"
        result = mkdocs_build(project / "like-serve.yml", site, strict=False)
        assert result.returncode == 0, result.stderr
        FRESH_BUILDS[key] = site
    assert differences(server.site, site) == []


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_edit_serves_what_a_fresh_build_makes(
    served: tuple[Served, Path], tmp_path: Path
) -> None:
    server, project = served
    maps = project / "maps"
    journey = maps / "journeys" / "sofa-purchase-today.md"
    assert_like_a_fresh_build(server, project, tmp_path)
    series = [
        # (what, the edit, how the preview must have rebuilt)
        (
            "body text",
            lambda: journey.write_text(
                journey.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8"
            ),
            "rendered",
        ),
        (
            "a step title shown on other pages",
            lambda: edit(journey, "- title: ", "- title: Renamed step, "),
            "rendered",
        ),
        (
            "a persona's details",
            lambda: edit(maps / "personas" / "nina.md", "role: ", "role: Newly a "),
            "rendered",
        ),
        (
            "a new journey",
            lambda: (maps / "journeys" / "sofa-return.md").write_text(
                journey.read_text(encoding="utf-8").replace("title: ", "title: Returning ", 1),
                encoding="utf-8",
            ),
            "built the whole site",
        ),
        (
            "a deleted journey",
            lambda: (maps / "journeys" / "sofa-return.md").unlink(),
            "built the whole site",
        ),
        (
            "a journey title (in the navigation)",
            lambda: edit(journey, "title: ", "title: Retitled "),
            "built the whole site",
        ),
        (
            "a hand-written page",
            lambda: edit(project / "docs" / "index.md", "\n", "\n\nEdited by hand.\n"),
            "built the whole site",
        ),
    ]
    for what, change, expected in series:
        new_mtime(tmp_path)
        change()
        how = server.next_rebuild()
        assert how.startswith(expected), f"{what}: {how}"
        assert_like_a_fresh_build(server, project, tmp_path)


def fetch(url: str) -> tuple[int, str]:
    """Status and page; a request that takes 20 s is a hang and fails the test."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_a_broken_map_shows_its_problems_and_the_fix_shows_by_itself(
    served: tuple[Served, Path], tmp_path: Path
) -> None:
    server, project = served
    journey = project / "maps" / "journeys" / "sofa-purchase-today.md"
    page = server.url("mkdocs-cjm/journeys/sofa-purchase-today/")
    original = journey.read_text(encoding="utf-8")
    hostile = "<img src=x onerror=alert(1)>"
    new_mtime(tmp_path)
    journey.write_text(
        original.replace("personas: [", f"personas: [nian, '{hostile}', ", 1).replace(
            "owner: ", "ownr: ", 1
        ),
        encoding="utf-8",
    )
    assert server.next_rebuild() == "failed"
    for path in ("mkdocs-cjm/journeys/sofa-purchase-today/", "mkdocs-cjm/", "mkdocs-cjm/nope/"):
        status, text = fetch(server.url(path))
        assert status == 500
        # Every problem, as `path:line: message — hint`, escaped.
        assert "maps/journeys/sofa-purchase-today.md:" in text
        assert "unknown persona &#x27;nian&#x27; — did you mean &#x27;nina&#x27;?" in text
        assert "ownr" in text
        assert hostile not in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
        # MkDocs' livereload script: the page reloads when the next build is done.
        assert "livereload(" in text
    # Assets are served as before: the error page does not stand in for them.
    status, _ = fetch(server.url("mkdocs-cjm/search/search_index.json"))
    assert status == 200
    new_mtime(tmp_path)
    journey.write_text(original.replace("title: ", "title: Fixed ", 1), encoding="utf-8")
    server.next_rebuild()
    status, text = fetch(page)
    assert status == 200
    assert "Fixed " in text
    assert not (server.site / "cjm-preview-error.html").exists()
    assert_like_a_fresh_build(server, project, tmp_path)


# --- with the plugins most Material sites run ----------------------------------------

COMMITTED = "2026-03-01T12:00:00+00:00"


def git(cwd: Path, *args: str) -> None:
    env = build_env(
        GIT_AUTHOR_NAME="A",
        GIT_AUTHOR_EMAIL="a@example.com",
        GIT_COMMITTER_NAME="A",
        GIT_COMMITTER_EMAIL="a@example.com",
        GIT_AUTHOR_DATE=COMMITTED,
        GIT_COMMITTER_DATE=COMMITTED,
    )
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture
def served_with_plugins(tmp_path: Path) -> Iterator[tuple[Served, Path]]:
    """The example handbook, in git, with Material's tags and git dates beside cjm."""
    project = example_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "plugins:\n  - search\n" in text
    config.write_text(
        text.replace(
            "plugins:\n  - search\n",
            "plugins:\n  - search\n  - tags\n"
            "  - git-revision-date-localized:\n      type: iso_date\n"
            "      enable_creation_date: true\n",
            1,
        ),
        encoding="utf-8",
    )
    edit(
        project / "maps" / "journeys" / "sofa-purchase-today.md", "owner:", "tags: [Online]\nowner:"
    )
    (project / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", "utf-8")
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "The example handbook")
    with serving(project, tmp_path) as server:
        yield server, project


def tags_index(site: Path) -> dict[str, list[str]]:
    """The tags page: each tag and the titles of the pages it lists."""
    page = BeautifulSoup((site / "tags" / "index.html").read_text("utf-8"), "html.parser")
    listed: dict[str, list[str]] = {}
    for heading in page.select("article h2"):
        for permalink in heading.select(".headerlink"):
            permalink.decompose()
        items = heading.find_next("ul")
        assert items is not None
        listed[heading.get_text(" ", strip=True)] = [
            a.get_text(" ", strip=True) for a in items("a")
        ]
    return listed


def test_with_tags_and_git_dates_an_edit_renders_only_its_pages(
    served_with_plugins: tuple[Served, Path], tmp_path: Path
) -> None:
    server, project = served_with_plugins
    journey = project / "maps" / "journeys" / "sofa-purchase-today.md"
    page = server.site / "journeys" / "sofa-purchase-today" / "index.html"
    assert not any("renders every page again" in line for line in server.log), server.log
    # The shared opportunities' pages carry their own tags (`ads`, `claims`, ...).
    assert tags_index(server.site)["Online"] == ["Buying a sofa online (today)"]

    new_mtime(tmp_path)
    journey.write_text(journey.read_text("utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    assert server.next_rebuild().startswith("rendered")
    html = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    assert "A new paragraph." in html.get_text()
    # The git dates of the map (its last commit; the edit is not committed), and its tag.
    dates = html.select(".md-source-file span.git-revision-date-localized-plugin")
    assert [date.get_text(strip=True) for date in dates] == ["2026-03-01", "2026-03-01"]
    assert [tag.get_text(strip=True) for tag in html.select(".md-tag")] == ["Online"]
    assert_like_a_fresh_build(server, project, tmp_path)

    # A new tag: the tags page lists it, so the whole site is built.
    new_mtime(tmp_path)
    edit(journey, "tags: [Online]", "tags: [Online, Sofa]")
    assert server.next_rebuild() == "built the whole site"
    tags = tags_index(server.site)
    assert tags["Online"] == tags["Sofa"] == ["Buying a sofa online (today)"]
    assert_like_a_fresh_build(server, project, tmp_path)

    # And a later edit goes through the preview again.
    new_mtime(tmp_path)
    edit(journey, "A new paragraph.", "Another paragraph.")
    assert server.next_rebuild().startswith("rendered")
    assert "Another paragraph." in page.read_text("utf-8")
