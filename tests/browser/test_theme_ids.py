"""No map takes Material's element ids or runs script, whatever engine builds the pages (#22).

The journey of `trap_project` (a fence only fenced_code reads, headings that slugify
would make `__config`, `__drawer`, `__toc`, `__search`, snippet lines) on the plugin's
pages (with pymdownx.snippets) and in `mkdocs-cjm generate`'s output built by MkDocs
with superfences, by MkDocs with fenced_code and by Zensical, in Chromium: nothing
runs, no id is on two elements, and Material's drawer and search still open.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import VIEWPORTS, OfflineContext
from sitebuild import (
    SECRET,
    SNIPPETS_EXTENSION,
    load_config,
    mkdocs_build,
    plant_snippet_files,
    run_tool,
    trap_project,
)

BUILDS = ("plugin", "superfences", "fenced_code", "zensical")

IDS_JS = """() => {
  const ids = Array.from(document.querySelectorAll('[id]'), (e) => e.id);
  return {
    duplicates: ids.filter((id, i) => ids.indexOf(id) !== i),
    theme: ['__config', '__drawer', '__search', '__toc'].map(
      (id) => `${id}:${document.getElementById(id)?.tagName}`),
  };
}"""


def _build(project: Path, name: str) -> Path:
    """The site of `project` built as `name` says; returns its folder."""
    if name == "plugin":
        config: dict[str, Any] = {
            "site_name": "Traps",
            "theme": {"name": "material", "font": False},
            "plugins": ["search", "cjm"],
            "markdown_extensions": ["attr_list", "abbr", "toc", SNIPPETS_EXTENSION],
        }
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
        result = mkdocs_build(project / "mkdocs.yml", project / "site-plugin")
        assert result.returncode == 0, result.stderr
        return project / "site-plugin"
    out = project / f"out-{name}"
    generated = run_tool("mkdocs-cjm", "generate", "--out", out.name, cwd=project)
    assert generated.returncode == 0, generated.stderr
    plant_snippet_files(out)
    if name == "zensical":
        config_file = out / "zensical.yml"
        config_file.write_text((out / "mkdocs.yml").read_text("utf-8") + "site_dir: site\n")
        result = run_tool("zensical", "build", "--strict", "-f", str(config_file), cwd=out)
        assert result.returncode == 0, result.stdout + result.stderr
        return out / "site"
    if name == "fenced_code":
        written = load_config((out / "mkdocs.yml").read_text("utf-8"))
        written["markdown_extensions"] = [
            *(e for e in written["markdown_extensions"] if "pymdownx" not in str(e)),
            "fenced_code",
        ]
        (out / "mkdocs.yml").write_text(yaml.safe_dump(written), "utf-8")
    result = mkdocs_build(out / "mkdocs.yml", out / "site")
    assert result.returncode == 0, result.stderr
    return out / "site"


@pytest.fixture(scope="module")
def trap_url(
    tmp_path_factory: pytest.TempPathFactory,
    serve_dir: Callable[[Path], str],
    mermaid_js: Path,
) -> Callable[[str], str]:
    """The URL of the trap journey's page, built as the name says (once each)."""
    project = trap_project(tmp_path_factory.mktemp("theme-ids"))
    # Published with generate's pages: Material would load Mermaid from a CDN otherwise.
    (project / "node_modules" / "mermaid" / "dist").mkdir(parents=True)
    shutil.copyfile(mermaid_js, project / "node_modules" / "mermaid" / "dist" / "mermaid.min.js")
    urls: dict[str, str] = {}

    def url(name: str) -> str:
        if name not in urls:
            urls[name] = serve_dir(_build(project, name)) + "journeys/visit/"
        return urls[name]

    return url


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("build", BUILDS)
def test_theme_keeps_its_ids_and_nothing_runs(
    build: str,
    viewport: str,
    trap_url: Callable[[str], str],
    offline_context: OfflineContext,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    context, page = offline_context, offline_context.page
    context.reset()
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(trap_url(build))
    page.wait_for_load_state("networkidle")
    # A failed <img src=x> fires its onerror once the request fails.
    page.wait_for_timeout(150)
    shots = tmp_path_factory.getbasetemp() / "theme-ids"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{build}-{viewport}.png"))
    assert page.evaluate("() => window.__xss") is None
    assert context.dialogs == [] and context.page_errors == [], context.page_errors
    found = page.evaluate(IDS_JS)
    assert found["duplicates"] == []
    assert found["theme"] == ["__config:SCRIPT", "__drawer:INPUT", "__search:INPUT", "__toc:INPUT"]
    shown = page.locator("article").inner_text()
    assert '--8<-- "/etc/hostname"' in shown and SECRET not in shown
    if build != "zensical":  # Zensical's search is a component of its own
        # Material's JavaScript runs: the search opens and finds the journey.
        if viewport == "phone":  # the header's search button; on a laptop, the field itself
            page.locator('label.md-header__button[for="__search"]').click()
        page.locator("input.md-search__input").click()
        page.keyboard.type("store")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        assert page.is_checked("#__search")
        page.keyboard.press("Escape")
    if viewport == "phone":
        # ... and the drawer slides in.
        page.locator('label.md-header__button[for="__drawer"]').click()
        assert page.is_checked("#__drawer")
        page.wait_for_timeout(300)
        assert page.locator(".md-sidebar--primary").bounding_box()["x"] >= 0  # type: ignore[index]
    assert context.external == [], context.external
