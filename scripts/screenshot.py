"""Take the README's screenshots of a journey page from a real build of the example.

Usage: .venv/bin/python scripts/screenshot.py [JOURNEY-ID]
Builds the example handbook into a temporary folder, serves it on 127.0.0.1,
opens the journey page in Debian's Chromium, scrolled to its summary, and writes
docs/assets/images/journey-page.png (a 1440 px wide screen) and
docs/assets/images/journey-page-phone.png (a 390 px wide phone).
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
IMAGES = REPO / "docs" / "assets" / "images"
# (file, viewport, device scale): a laptop screen and a phone.
SHOTS = (
    ("journey-page.png", {"width": 1440, "height": 900}, 1),
    ("journey-page-phone.png", {"width": 390, "height": 844}, 2),
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    journey = sys.argv[1] if len(sys.argv) > 1 else "sofa-purchase-today"
    with tempfile.TemporaryDirectory() as site:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1795000000", NO_MKDOCS_2_WARNING="1")
        subprocess.run(
            [str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-d", site],
            cwd=REPO,
            env=env,
            check=True,
        )
        handler = functools.partial(_QuietHandler, directory=site)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CJM_CHROMIUM", "/usr/bin/chromium"),
                    args=CHROMIUM_ARGS,
                )
                for name, viewport, scale in SHOTS:
                    page = browser.new_page(viewport=viewport, device_scale_factor=scale)
                    page.goto(f"http://127.0.0.1:{server.server_port}/journeys/{journey}/")
                    # Mermaid draws the diagrams after load: wait for the first one.
                    page.wait_for_function(
                        "document.querySelector('.mermaid svg, .mermaid')"
                        "?.getBoundingClientRect().height > 100",
                        timeout=20_000,
                    )
                    # The summary right under the header: then the overview and the canvas.
                    page.evaluate(
                        "(document.querySelector('.cjm-summary')"
                        " ?? document.querySelector('.cjm-canvas'))"
                        ".scrollIntoView({block: 'start'}); window.scrollBy(0, -80)"
                    )
                    # Material's header swaps site name for page title with an animation.
                    page.wait_for_timeout(1000)
                    IMAGES.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(IMAGES / name))
                    page.close()
                    print(f"Wrote {(IMAGES / name).relative_to(REPO)}")
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
