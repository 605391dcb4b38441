"""The handbook in the setups sites teams already run (#27), in Chromium: static-i18n's
language switcher on generated pages leads to the same page in the other language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import OfflineContext
from sitebuild import MINIMAL_MAPS, mkdocs_build_strict, write_project

I18N_SITE = """\
site_name: Languages
theme:
  name: material
  font: false
markdown_extensions:
  - attr_list
plugins:
  - search
  - cjm
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
        - locale: da
          name: Dansk
"""


@pytest.fixture(scope="module")
def i18n_url(tmp_path_factory: pytest.TempPathFactory, serve_dir: Callable[[Path], str]) -> str:
    """The minimal maps in English and Danish (static-i18n, suffix structure)."""
    root = tmp_path_factory.mktemp("i18n")
    config = write_project(root, MINIMAL_MAPS, I18N_SITE)
    (root / "docs" / "index.da.md").write_text("# Hjem\n", encoding="utf-8")
    site = root / "site"
    mkdocs_build_strict(config, site)
    return serve_dir(site)


@pytest.mark.parametrize(
    ("start", "language", "target"),
    [
        ("journeys/trip/awareness/#step-1", "Dansk", "da/journeys/trip/awareness/"),
        ("da/personas/nina/", "English", "personas/nina/"),
    ],
)
def test_the_language_switcher_leads_to_the_same_page(
    offline_context: OfflineContext, i18n_url: str, start: str, language: str, target: str
) -> None:
    offline_context.reset()
    page = offline_context.page
    page.goto(i18n_url + start)
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name=language).click()
    page.wait_for_url(i18n_url + target)
    assert page.locator("article h1").count() == 1
    assert offline_context.external == []
