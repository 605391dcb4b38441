"""Fixtures for every test: copies of the fixture projects and real sites built once.

The constants they use (paths, the build day) are in ``sitebuild.py``, a plain module
that tests import by name; this file only holds fixtures, which pytest hands out.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sitebuild import MINIMAL, BuiltSite, build_example

try:
    import fcntl
except ImportError:  # Windows: each worker builds its own sites
    fcntl = None  # type: ignore[assignment]


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """A copy of the minimal project (tests/fixtures/minimal) in ``tmp_path``, to change."""
    shutil.copytree(MINIMAL, tmp_path, dirs_exist_ok=True)
    return tmp_path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Factory: ``built_site(name, build)`` runs ``build(workdir)`` once per run for
    each ``name`` and returns the site directory it built, so every module that reads the
    same site shares one build, on whichever worker of ``pytest -n`` it runs (the first
    to ask builds it; another that asks meanwhile waits for it). A site is read-only: a
    test that changes files builds its own. A build that failed fails every later test
    that asks for it, without a rebuild.
    """
    sites: dict[str, Path] = {}
    failed: dict[str, str] = {}
    shared = _shared_folder(tmp_path_factory)

    def get(name: str, build: Callable[[Path], Path]) -> Path:
        if name in failed:
            pytest.fail(f"the {name} site did not build:\n{failed[name]}")
        if name not in sites:
            try:
                if shared is None:
                    sites[name] = build(tmp_path_factory.mktemp(name))
                else:
                    sites[name] = _build_once(shared, name, build)
            except (AssertionError, pytest.fail.Exception) as exc:
                failed[name] = str(exc)
                raise
        return sites[name]

    return get


def _shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path | None:
    """Under `pytest -n`, a folder of this run that every worker sees: the run's own
    temporary folder, whose `popen-gwN` folders are the workers'. (None: one process.)"""
    if "PYTEST_XDIST_WORKER" not in os.environ or fcntl is None:
        return None
    shared = tmp_path_factory.getbasetemp().parent / "sites"
    shared.mkdir(exist_ok=True)
    return shared


def _build_once(shared: Path, name: str, build: Callable[[Path], Path]) -> Path:
    """``build`` into ``shared/name`` unless a worker did; a worker's failure is the same
    failure here. A lock per site: one worker builds, the others wait for it."""
    assert fcntl is not None
    workdir = shared / name
    done, failure = shared / f"{name}.site", shared / f"{name}.failed"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failure.exists():
            pytest.fail(failure.read_text("utf-8"))
        if done.exists():
            return Path(done.read_text("utf-8"))
        shutil.rmtree(workdir, ignore_errors=True)  # a worker stopped half-way
        workdir.mkdir()
        try:
            site = build(workdir)
        except (AssertionError, pytest.fail.Exception) as exc:
            failure.write_text(str(exc), "utf-8")
            raise
        done.write_text(str(site), "utf-8")
        return site


@pytest.fixture(scope="session")
def example_site(built_site: BuiltSite) -> Path:
    """The example handbook as shipped (its own mkdocs.yml, mermaid2), built once."""
    return built_site("example", build_example)


TESTS = Path(__file__).resolve().parent
TIERS = {
    "unit": "tests/unit/: units, the broken-map corpus and the command line, no site build "
    "(`make test-fast`)",
    "site": "tests/site/: real `mkdocs build`s, engines, publishing, serving",
    "browser": "tests/browser/: pages opened in Chromium",
}
"""The marker each top folder of tests/ gives its tests: `pytest -m unit` runs one tier."""

# The longest files (by the time their tests took on 2 workers), started first: under
# `pytest -n auto --dist loadfile --no-loadscope-reorder` each file runs on one worker in
# this order, and a long file started last keeps one worker busy while the other idles.
# (Without --no-loadscope-reorder xdist starts the files with the most tests first, and
# test_preview.py, two tests of minutes, came last.)
LONGEST_FIRST = (
    "test_preview.py",
    "test_canvas.py",
    "test_a11y.py",
    "test_journey_page.py",
    "test_site_pages.py",
    "test_xss.py",
    "test_views.py",
    "test_plugins.py",
    "test_site.py",
    "test_publish.py",
    "test_benchmark.py",
    "test_generate.py",
    "test_corpus.py",
    "test_i18n.py",
)


def pytest_configure(config: pytest.Config) -> None:
    """Declare the tier markers; under xdist, print each test file as a worker starts it."""
    for name, description in TIERS.items():
        config.addinivalue_line("markers", f"{name}: {description}")
    config.addinivalue_line(
        "markers", "smoke: runs the real `mkdocs-cjm` console script in a new process"
    )
    distributed = getattr(config.option, "dist", "no") != "no"
    if distributed and not hasattr(config, "workerinput"):
        config.pluginmanager.register(FileProgress(config), "cjm-file-progress")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with the tier of its folder; run the longest files first, every
    file in the order of its own tests."""
    for item in items:
        folder = item.path.relative_to(TESTS).parts[0] if item.path.is_relative_to(TESTS) else ""
        if folder in TIERS:
            item.add_marker(folder)

    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # a stable sort: the order within each rank stays


class FileProgress:
    """Under `pytest -n`: a line for each test file as a worker starts it, and at the end
    the files that took longest (the sum of their tests' setup, call and teardown)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.started = time.monotonic()
        self.current: dict[str, str] = {}  # worker -> the file it is on
        self.seconds: dict[str, float] = {}  # file -> the time its tests took

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        path = report.nodeid.split("::")[0]
        self.seconds[path] = self.seconds.get(path, 0.0) + report.duration
        worker = getattr(getattr(report, "node", None), "gateway", None)
        name = getattr(worker, "id", "-")
        if report.when == "setup" and self.current.get(name) != path:
            self.current[name] = path
            minutes, seconds = divmod(int(time.monotonic() - self.started), 60)
            self._write(f"[{minutes:2d}:{seconds:02d} {name}] {path}")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        slowest = sorted(self.seconds.items(), key=lambda item: -item[1])[:12]
        terminalreporter.section("slowest test files (seconds of their tests)")
        for path, seconds in slowest:
            terminalreporter.write_line(f"{seconds:8.1f}  {path}")
        terminalreporter.write_line(f"{sum(self.seconds.values()):8.1f}  all tests")

    def _write(self, line: str) -> None:
        reporter = self.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(line)
