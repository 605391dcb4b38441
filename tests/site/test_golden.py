"""Golden pages: what the plugin generates, byte for byte, and what a reader gets, tag for tag.

Two kinds of golden file lock the output of the minimal, hostile and example
handbooks before code moves:

  tests/golden/NAME/markdown/URI     the Markdown of every generated page
  tests/golden/NAME/html/URI.html    the article of every generated page of a
                                     real `mkdocs build`, in canonical form
                                     (attributes sorted, whitespace collapsed)

A change to the output fails here with a diff. When the change is meant, write
the files anew and review them like code in the pull request:

    CJM_GOLDEN=update python -m pytest tests/site/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest
from sitebuild import (
    HOSTILE,
    MINIMAL,
    NO_HISTORY,
    REPO,
    SETTINGS,
    TESTS,
    TODAY,
    canonical,
    mkdocs_build,
    run_tool,
)

from mkdocs_cjm.handbook.resolve import build_handbook
from mkdocs_cjm.render import render_pages

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
UPDATE = os.environ.get("CJM_GOLDEN") == "update"
MARKER = "cjm-body-golden"  # stands for the plugin's random word of the body markers

HANDBOOKS = {
    "minimal": MINIMAL,
    "hostile": HOSTILE,
    "example": REPO,
    # Path files (SPEC §2.7): attribution and observed flow on journey and touchpoint pages.
    "paths": TESTS / "fixtures" / "paths",
}

# A site like the README's: Material and the extensions the writers' guide names.
CONFIG = """\
site_name: Golden
theme:
  name: material
  font: false
plugins:
  - cjm
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:mkdocs_cjm.fences.fence_mermaid_custom
"""


def compare(folder: Path, actual: dict[str, bytes]) -> None:
    """Check `actual` (path relative to `folder` -> bytes) against the golden files in
    `folder`, or write them there (CJM_GOLDEN=update)."""
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        for path, data in actual.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(data)
        return
    expected = {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    assert sorted(actual) == sorted(expected), "files came or went (CJM_GOLDEN=update)"
    changed = [path for path in sorted(actual) if actual[path] != expected[path]]
    diff = "".join(
        "".join(
            difflib.unified_diff(
                expected[path].decode("utf-8").splitlines(keepends=True),
                actual[path].decode("utf-8").splitlines(keepends=True),
                f"{folder.relative_to(GOLDEN.parent)}/{path}",
                "now",
                n=2,
            )
        )
        for path in changed[:3]
    )
    assert not changed, f"{len(changed)} files differ from their golden files:\n{diff[:6000]}"


def copy_project(root: Path, project: Path, config: str) -> Path:
    """A handbook's maps and docs (the images maps refer to) in `project`, beside an
    mkdocs.yml of `config`; a one-page docs/ where the handbook has none."""
    shutil.copytree(root / "maps", project / "maps")
    if (root / "docs").is_dir():
        shutil.copytree(root / "docs", project / "docs")
    else:
        (project / "docs").mkdir()
        (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


@pytest.mark.parametrize("name", HANDBOOKS)
def test_generated_markdown_matches_the_golden_pages(name: str) -> None:
    root = HANDBOOKS[name]
    handbook = build_handbook(root / "maps", root, SETTINGS)
    pages = render_pages(handbook, NO_HISTORY, None, TODAY, body_marker=MARKER)
    compare(GOLDEN / name / "markdown", {page.src_uri: page.markdown.encode() for page in pages})


ARTICLE = re.compile(r"<article class=\"md-content__inner md-typeset\">(.*?)</article>", re.S)


@pytest.mark.parametrize("name", HANDBOOKS)
def test_built_pages_match_the_golden_html(name: str, tmp_path: Path) -> None:
    root = HANDBOOKS[name]
    project = copy_project(root, tmp_path / "project", CONFIG)
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    handbook = build_handbook(root / "maps", root, SETTINGS)
    pages = render_pages(handbook, NO_HISTORY, None, TODAY)
    actual: dict[str, bytes] = {}
    for page in pages:
        stem = page.src_uri.removesuffix(".md")
        built = (
            f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"
        )
        match = ARTICLE.search((tmp_path / "site" / built).read_text(encoding="utf-8"))
        assert match, f"no article in {built}"
        actual[f"{stem}.html"] = canonical(match[1]).encode()
    compare(GOLDEN / name / "html", actual)


# -- the plugin's pages and `generate`'s, side by side ------------------------------------


def _articles(site: Path, uris: list[str]) -> dict[str, str]:
    """The canonical article of each page (by source path) of a built site."""
    articles = {}
    for uri in uris:
        stem = uri.removesuffix(".md")
        built = (
            f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"
        )
        match = ARTICLE.search((site / built).read_text(encoding="utf-8"))
        assert match, f"no article in {built}"
        articles[uri] = canonical(match[1])
    return articles


@pytest.mark.parametrize("name", ["minimal", "example"])
def test_readers_see_the_same_pages_from_the_plugin_and_from_generate(
    name: str, tmp_path: Path
) -> None:
    """The plugin may hand MkDocs finished HTML where `generate` writes Markdown (#14):
    a reader sees the same article either way. (The hostile maps' bodies differ on
    purpose: `generate` neutralises them, the plugin's rules sanitise them.)"""
    root = HANDBOOKS[name]
    project = copy_project(root, tmp_path / "project", CONFIG)
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    generated = run_tool("mkdocs-cjm", "generate", "--out", str(tmp_path / "plain"), cwd=project)
    assert generated.returncode == 0, generated.stderr
    # The generated site's nav and files, with the same Markdown extensions as the plugin's.
    plain_config = tmp_path / "plain" / "mkdocs.yml"
    written = plain_config.read_text(encoding="utf-8").split("\nmarkdown_extensions:", 1)[0]
    extensions = CONFIG[CONFIG.index("markdown_extensions:") :]
    plain_config.write_text(f"{written}\n{extensions}", encoding="utf-8")
    result = mkdocs_build(tmp_path / "plain" / "mkdocs.yml", tmp_path / "plain-site", strict=False)
    assert result.returncode == 0, result.stderr
    handbook = build_handbook(root / "maps", root, SETTINGS)
    uris = [page.src_uri for page in render_pages(handbook, NO_HISTORY, None, TODAY)]
    plugin, plain = _articles(tmp_path / "site", uris), _articles(tmp_path / "plain-site", uris)
    differ = [uri for uri in uris if plugin[uri] != plain[uri]]
    diff = "".join(
        line
        for uri in differ[:2]
        for line in difflib.unified_diff(
            plain[uri].splitlines(keepends=True),
            plugin[uri].splitlines(keepends=True),
            f"generate/{uri}",
            f"plugin/{uri}",
            n=2,
        )
    )
    assert not differ, f"{len(differ)} of {len(uris)} pages differ:\n{diff[:6000]}"
