"""The page `mkdocs serve` shows while a build fails (errorpage.error_page), in Chromium:
every problem readable on a laptop and a phone, writer text shown as text, no
serious accessibility finding."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import OfflineContext, axe_js_path

from mkdocs_cjm.plugin.error_page import error_page

HOSTILE = "<img src=x onerror=alert(1)><script>alert(2)</script>"
MESSAGES = [
    "maps/journeys/sofa-purchase-today.md:3: unknown persona 'nian' — did you mean 'nina'?",
    f"maps/journeys/sofa-purchase-today.md:5: unknown persona '{HOSTILE}' — "
    "a persona id is a file name in maps/personas/",
    "maps/journeys/sofa-purchase-today.md:9: unknown field 'ownr' — did you mean 'owner'?",
    "maps/journeys/a-very-long-journey-id-that-does-not-fit-on-a-phone-screen-at-all.md:120: "
    "'emotion' is 6, but must be a whole number from 1 to 5 — 1 is very negative, 3 neutral",
    "cjm: 4 errors in maps; fix them and build again (`mkdocs-cjm check` lists them too)",
]


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (390, 844)])
def test_the_error_page_lists_every_problem_as_text(
    offline_context: OfflineContext,
    serve_dir: Callable[[Path], str],
    tmp_path: Path,
    width: int,
    height: int,
) -> None:
    (tmp_path / "index.html").write_text(error_page(MESSAGES, "en"), encoding="utf-8")
    base = serve_dir(tmp_path)
    page = offline_context.page
    offline_context.reset()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(base + "/index.html")
    shots = os.environ.get("CJM_SHOTS")
    if shots:
        page.screenshot(path=f"{shots}/preview-error-{width}.png", full_page=True)
    items = page.locator("li").all_inner_texts()
    assert items == MESSAGES
    assert page.locator("h1").inner_text() == "The handbook could not be built"
    assert offline_context.dialogs == [] and offline_context.page_errors == []
    assert page.locator("img").count() == 0
    # Nothing wider than the screen: long paths wrap.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.add_script_tag(path=str(axe_js_path()))
    violations = page.evaluate("async () => (await axe.run()).violations")
    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_the_error_page_speaks_the_sites_language() -> None:
    page = error_page(["x"], "da")
    assert '<html lang="da">' in page
    assert "Håndbogen kunne ikke bygges" in page
