"""The safe-Markdown rules hold under the engine and extensions that build the pages (#22).

The plugin's pages next to pymdownx.snippets, and the pages of `mkdocs-cjm generate`
built as its mkdocs.yml says (pymdownx.superfences), with Python-Markdown's fenced_code
instead, with pymdownx.snippets added, and by Zensical. Each build is of `trap_project`:
a fence only fenced_code reads, headings whose ids would be Material's, snippet lines.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from sitebuild import (
    SECRET,
    SNIPPETS_EXTENSION,
    load_config,
    mkdocs_build,
    plant_snippet_files,
    run_tool,
    trap_project,
)

JOURNEY = Path("journeys") / "visit" / "index.html"
# Material's elements its JavaScript finds by id, and what each must be.
THEME_IDS = {"__config": "script", "__drawer": "input", "__search": "input"}


def page_problems(page: Path) -> list[str]:
    """What on a built page came from a map and should not have: markup from a body,
    a theme id or a duplicate id, a file of the build machine."""
    text = page.read_text("utf-8")
    soup = BeautifulSoup(text, "html.parser")
    ids = [str(element["id"]) for element in soup.select("[id]")]
    found = [f"duplicate id {i!r}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    for name, tag in THEME_IDS.items():
        element = soup.find(id=name)
        if element is None or element.name != tag:
            found.append(f"#{name} is not Material's <{tag}>")
    article = soup.select_one("article")
    assert article is not None, page
    found += [
        f"theme id {e['id']!r} in the content"
        for e in article.select('[id^="__"]')
        if e["id"] != "__skip"  # Zensical's own target of its "skip to content" link
    ]
    found += [f"markup from a body: {e}" for e in article.select("[onerror], [onclick]")]
    if SECRET in text:
        found.append("a snippet line included secret.txt")
    shown = article.get_text()
    for line in ('--8<-- "/etc/hostname"', '--8<-- "../secret.txt"'):
        if line not in shown:
            found.append(f"{line} not shown as text")
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return trap_project(tmp_path_factory.mktemp("traps"))


def test_plugin_pages_build_with_snippets_and_include_no_file(
    project: Path, tmp_path: Path
) -> None:
    config: dict[str, Any] = {
        "site_name": "Traps",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", "cjm"],
        "markdown_extensions": ["attr_list", "abbr", "toc", SNIPPETS_EXTENSION],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    build = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    # Every build crashed with `KeyError: 'snippet'` before.
    assert build.returncode == 0, build.stderr
    assert page_problems(tmp_path / "site" / JOURNEY) == []
    journey = (tmp_path / "site" / JOURNEY).read_text("utf-8")
    # The site's own snippets still work: its abbreviations, its hand-written pages.
    assert '<abbr title="Customer experience">CX</abbr>' in journey
    assert SECRET in (tmp_path / "site" / "index.html").read_text("utf-8")


def _generated(project: Path, engine: str) -> Path:
    """The folder `mkdocs-cjm generate` wrote, its mkdocs.yml set up for `engine`."""
    out = project / f"out-{engine}"
    result = run_tool("mkdocs-cjm", "generate", "--out", out.name, cwd=project)
    assert result.returncode == 0, result.stderr
    plant_snippet_files(out)
    config_file = out / "mkdocs.yml"
    text = config_file.read_text("utf-8")
    if engine == "fenced_code":
        config = load_config(text)
        config["markdown_extensions"] = [
            *(e for e in config["markdown_extensions"] if "pymdownx" not in str(e)),
            "fenced_code",
        ]
        config_file.write_text(yaml.safe_dump(config), "utf-8")
    elif engine == "snippets":
        # markdown_extensions is the file's last list.
        config_file.write_text(text + yaml.safe_dump([SNIPPETS_EXTENSION]), "utf-8")
        assert load_config(config_file.read_text("utf-8"))["markdown_extensions"][-1] == (
            SNIPPETS_EXTENSION
        )
    return out


@pytest.mark.parametrize("engine", ["superfences", "fenced_code", "snippets", "zensical"])
def test_generated_pages_are_safe_under_the_engine_that_builds_them(
    project: Path, engine: str
) -> None:
    out = _generated(project, engine)
    site = out / "site"
    if engine == "zensical":
        config = out / "zensical.yml"
        config.write_text((out / "mkdocs.yml").read_text("utf-8") + "site_dir: site\n", "utf-8")
        build = run_tool("zensical", "build", "--strict", "-f", str(config), cwd=out)
    else:
        build = mkdocs_build(out / "mkdocs.yml", site)
    assert build.returncode == 0, build.stdout + build.stderr
    assert page_problems(site / JOURNEY) == []
    # The fence shows its code, as code.
    journey = BeautifulSoup((site / JOURNEY).read_text("utf-8"), "html.parser")
    code = [c.get_text() for c in journey.select("article pre code")]
    assert any(c.strip() == '<img src=x onerror="window.__xss=1">' for c in code), code
