"""Folder and file names are paths, never markup: checked in a real browser.

A map sits in a folder whose name tries to end the `href` of Material's edit and
view buttons (`content.action.edit`, `content.action.view`) and add an `onfocus`;
a persona image sits in a docs folder whose name holds `"`, `#`, `?` and `%`. The
site is built with `mkdocs build --strict` (Material, `repo_url` and `edit_uri` set)
and opened in Chromium: nothing may run, the buttons must lead to the map's file,
the image must load. Writers' titles in Material's footer (`navigation.footer`) are
read out as written, not as `Nina&amp;#x27;s`, and no page has an id twice.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pytest
from conftest import (
    OfflineContext,
    copy_docs_with_mermaid,
    mermaid_site_config,
    mkdocs_build_strict,
    write_mkdocs_yml,
)
from sitebuild import MINIMAL, REPO, BuiltSite

REPO_URL = "https://github.com/example/handbook"
FOLDER = 'x" autofocus onfocus="alert(1)" <b>#?%41 é'
"""A folder of maps/journeys/ named to break out of an attribute, and more."""
IMAGE_FOLDER = 'a" onerror="alert(2)" #?%41 é'
"""A folder of docs/ named likewise, holding Nina's portrait."""
TITLE = "Nina's sofa <trip> & more"
"""The trip journey's title: a quote, markup and an ampersand, for the footer."""

PAGES = (
    "journeys/",
    "journeys/trip/",
    "journeys/trip/awareness/",
    "journeys/trip/purchase/",
    "journeys/odd/",
    "personas/nina/",
)

READ_PAGE_JS = """
() => {
  const counts = {};
  for (const el of document.querySelectorAll('[id]')) counts[el.id] = (counts[el.id] || 0) + 1;
  return {
    buttons: Array.from(document.querySelectorAll('a.md-content__button'),
                        (a) => a.getAttribute('href')),
    footer: Array.from(document.querySelectorAll('a.md-footer__link'),
                       (a) => a.getAttribute('aria-label')),
    handlers: document.querySelectorAll('[onfocus], [onerror], [autofocus]').length,
    images: Array.from(document.querySelectorAll('article img'),
                       (img) => [img.getAttribute('src'), img.naturalWidth]),
    twice: Object.keys(counts).filter((id) => counts[id] > 1),
  };
}
"""


def build_odd_paths_site(workdir: Path) -> Path:
    """The minimal handbook with a map and an image in oddly named folders; the site."""
    project = workdir / "project"
    shutil.copytree(MINIMAL, project)
    maps = project / "maps"
    trip = maps / "journeys" / "trip.md"
    trip.write_text(
        trip.read_text(encoding="utf-8").replace(
            "title: Buying a sofa online", f'title: "{TITLE}"', 1
        ),
        encoding="utf-8",
    )
    (maps / "journeys" / FOLDER).mkdir()
    shutil.copyfile(maps / "journeys" / "visit.md", maps / "journeys" / FOLDER / "odd.md")
    nina = maps / "personas" / "nina.md"
    nina.write_text(
        nina.read_text(encoding="utf-8").replace(
            "---\n", f"---\nimage: '{IMAGE_FOLDER}/nina.png'\n", 1
        ),
        encoding="utf-8",
    )
    docs = workdir / "docs-source"
    (docs / IMAGE_FOLDER).mkdir(parents=True)
    (docs / "index.md").write_text("# Handbook\n", encoding="utf-8")
    portrait = REPO / "docs" / "assets" / "images" / "journey-page-phone.png"
    shutil.copyfile(portrait, docs / IMAGE_FOLDER / "nina.png")
    config: dict[str, Any] = {
        "site_name": "cjm paths",
        "repo_url": REPO_URL,
        "edit_uri": "edit/main/docs/",
        "docs_dir": str(copy_docs_with_mermaid(docs, project / "docs")),
        "theme": {
            "name": "material",
            "font": False,
            "features": ["content.action.edit", "content.action.view", "navigation.footer"],
        },
        "plugins": ["search", {"cjm": {"maps_dir": str(maps)}}],
    }
    config_file = write_mkdocs_yml(project / "mkdocs.yml", mermaid_site_config(config, "material"))
    mkdocs_build_strict(config_file, workdir / "site")
    return workdir / "site"


@pytest.fixture(scope="module")
def odd_paths_site(serve_dir: Callable[[Path], str], built_site: BuiltSite) -> str:
    """The base URL of the site, built once a session."""
    return serve_dir(built_site("odd-paths", build_odd_paths_site))


@pytest.fixture(scope="module")
def pages(odd_paths_site: str, offline_context: OfflineContext) -> dict[str, Any]:
    """What each page of PAGES shows, read once, and what ran while it was open."""
    read: dict[str, Any] = {}
    for url in PAGES:
        offline_context.reset()
        page = offline_context.page
        page.goto(odd_paths_site + url)
        page.wait_for_load_state("load")
        # autofocus fires onfocus once the page is shown; an image's onerror once it fails.
        page.wait_for_timeout(150)
        found = page.evaluate(READ_PAGE_JS)
        found["dialogs"] = list(offline_context.dialogs)
        found["external"] = list(offline_context.external)
        read[url] = found
    return read


@pytest.mark.parametrize("url", PAGES)
def test_nothing_runs_and_no_id_is_there_twice(pages: dict[str, Any], url: str) -> None:
    shown = pages[url]
    assert shown["dialogs"] == []
    assert shown["handlers"] == 0
    assert shown["twice"] == []
    # Material asks GitHub for the repository's stars (repo_url); nothing else leaves.
    assert [u for u in shown["external"] if not u.startswith("https://api.github.com/")] == []


def test_edit_and_view_buttons_lead_to_the_map_in_its_folder(pages: dict[str, Any]) -> None:
    edit, view = pages["journeys/odd/"]["buttons"]
    assert edit == f"{REPO_URL}/edit/main/maps/journeys/{quote(FOLDER)}/odd.md"
    assert view == f"{REPO_URL}/raw/main/maps/journeys/{quote(FOLDER)}/odd.md"
    for href in (edit, view):
        assert unquote(urlsplit(href).path).endswith(f"/main/maps/journeys/{FOLDER}/odd.md")


def test_an_image_in_an_oddly_named_folder_loads(pages: dict[str, Any]) -> None:
    [(src, width)] = pages["personas/nina/"]["images"]
    assert unquote(src) == f"../../{IMAGE_FOLDER}/nina.png"
    assert width > 0, f"the portrait did not load from {src}"


def test_footer_labels_read_titles_as_written(pages: dict[str, Any]) -> None:
    labels = [label for shown in pages.values() for label in shown["footer"]]
    assert any(TITLE in label for label in labels), labels
    # Escaped once more by Material's `| e`, a screen reader would read out `&amp;`.
    assert not [label for label in labels if "&amp;" in label or "&#" in label]
