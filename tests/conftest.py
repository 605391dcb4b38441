"""Fixtures for every test: copies of the fixture projects and real sites built once.

The constants they use (paths, the build day) are in ``sitebuild.py``, a plain module
that tests import by name; this file only holds fixtures, which pytest hands out.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sitebuild import MINIMAL, BuiltSite, build_example


@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    """A copy of the minimal project (tests/fixtures/minimal) in ``tmp_path``, to change."""
    shutil.copytree(MINIMAL, tmp_path, dirs_exist_ok=True)
    return tmp_path


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Factory: ``built_site(name, build)`` runs ``build(workdir)`` once per session for
    each ``name`` and returns the site directory it built, so every module that reads the
    same site shares one build. A site is read-only: a test that changes files builds its
    own. A build that failed fails every later test that asks for it, without a rebuild.
    """
    sites: dict[str, Path] = {}
    failed: dict[str, str] = {}

    def get(name: str, build: Callable[[Path], Path]) -> Path:
        if name in failed:
            pytest.fail(f"the {name} site did not build:\n{failed[name]}")
        if name not in sites:
            try:
                sites[name] = build(tmp_path_factory.mktemp(name))
            except (AssertionError, pytest.fail.Exception) as exc:
                failed[name] = str(exc)
                raise
        return sites[name]

    return get


@pytest.fixture(scope="session")
def example_site(built_site: BuiltSite) -> Path:
    """The example handbook as shipped (its own mkdocs.yml, mermaid2), built once."""
    return built_site("example", build_example)


# The longest files, started first: under `pytest -n auto --dist loadfile` each file runs
# on one worker, and a long file started last keeps one worker busy while the other idles.
LONGEST_FIRST = ("test_preview.py", "test_publish.py", "test_i18n.py", "test_plugins.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the longest files first; every file keeps the order of its own tests."""

    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # a stable sort: the order within each rank stays
