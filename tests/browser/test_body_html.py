"""In Chromium: a map body on a site with element-making extensions runs nothing and
makes no request to another host.

The payload map (tests/fixtures/writer-html) makes, through pymdownx.blocks.html,
`<script>`, `<iframe srcdoc>`, `<meta http-equiv=refresh>`, `<base href>` (which
would load Material's own bundle from another host), `<link rel=stylesheet>`,
`<style>`, `<object>`, and images and diagram addresses of another host. The page
must open with every request to 127.0.0.1, no dialog, no script of the map run,
and its diagrams drawn. (The HTML and the warnings: tests/unit/safety/test_writer_html.py.)
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import (
    OfflineContext,
    copy_docs_with_mermaid,
    mermaid_site_config,
    write_mkdocs_yml,
)
from sitebuild import MINIMAL, PAYLOAD_EXTENSIONS, PAYLOADS, BuiltSite, mkdocs_build

SETUPS = ("material", "mermaid2")


def build_payload_site(setup: str, workdir: Path) -> Path:
    """The payload project, built with Mermaid offline (``setup``); not strict, as the
    build warns of each payload. Returns the site directory."""
    maps = workdir / "maps"
    for source in (MINIMAL / "maps", PAYLOADS / "maps"):
        shutil.copytree(source, maps, dirs_exist_ok=True)
    docs = workdir / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    config = {
        "site_name": "Payloads",
        "docs_dir": str(copy_docs_with_mermaid(docs, workdir / "site-docs")),
        "theme": {"name": "material", "font": False},
        "plugins": [{"cjm": {"maps_dir": str(maps)}}],
        "markdown_extensions": list(PAYLOAD_EXTENSIONS),
    }
    config_file = write_mkdocs_yml(workdir / "mkdocs.yml", mermaid_site_config(config, setup))
    result = mkdocs_build(config_file, workdir / "site", strict=False)
    assert result.returncode == 0, result.stderr
    assert "[writer-html]" in result.stderr and "[external-media]" in result.stderr
    return workdir / "site"


@pytest.fixture(scope="module")
def payload_site(serve_dir: Callable[[Path], str], built_site: BuiltSite) -> Callable[[str], str]:
    """Factory: the base URL of the payload site built with a Mermaid setup."""

    def get(setup: str) -> str:
        return serve_dir(
            built_site(f"payloads-{setup}", functools.partial(build_payload_site, setup))
        )

    return get


@pytest.mark.parametrize("setup", SETUPS)
def test_payload_page_runs_nothing_and_calls_no_other_host(
    setup: str, payload_site: Callable[[str], str], offline_context: OfflineContext
) -> None:
    context = offline_context
    context.reset()
    page = context.page
    page.goto(payload_site(setup) + "journeys/visit/")
    assert context.wait_for_diagrams(), f"diagrams not drawn: {context.mermaid_errors()}"
    # A refresh, an image's failed request, a frame: each within a round trip.
    page.wait_for_timeout(1500)

    assert context.external == [], "requests to other hosts"
    assert context.dialogs == []
    assert page.evaluate("() => window.__cjmXss") is None
    assert page.url.endswith("/journeys/visit/"), "the page went elsewhere"
    # Material's own script ran from the site: its search and header work.
    assert page.evaluate("() => typeof document$ !== 'undefined'")
    # (Mermaid puts a <style> of its own in each diagram's SVG.)
    made = "article iframe, article object, article style:not(svg style), article script"
    assert page.locator(made).count() == 0
    text = page.inner_text("article")
    assert "Text after the payloads." in text
    # The writer's flowchart is drawn, without the image of its label.
    diagrams = page.locator("pre.mermaid svg, div.mermaid svg")
    assert diagrams.count() >= 2
