"""Fixtures for the browser tests: a real Chromium driven by Playwright.

The browser is Debian's ``/usr/bin/chromium`` (``apt-get install chromium``),
launched through ``executable_path``; Playwright's own browser download is not
used.  Mermaid is the version pinned in ``package.json`` (``npm ci``).

Without Chromium the tests are skipped, unless ``CJM_REQUIRE_BROWSER=1`` is
set (as in CI), in which case they fail: a silently skipped browser suite
would prove nothing.  ``CJM_CHROMIUM`` overrides the Chromium path.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CJM_CHROMIUM", "/usr/bin/chromium")
# Flags for a headless, offline-friendly run as root in a container: no
# sandbox (root), no GPU, and none of Chromium's own background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_required() -> bool:
    """True when a missing browser must fail the run instead of skipping."""
    return os.environ.get("CJM_REQUIRE_BROWSER", "") not in ("", "0")


def _unavailable(reason: str) -> None:
    # pytest.fail / pytest.skip raise, so this never returns.
    if browser_required():
        pytest.fail(f"{reason} (CJM_REQUIRE_BROWSER is set, so this is an error)")
    pytest.skip(reason)


def mermaid_js_path() -> Path:
    """Path of the pinned ``mermaid.min.js`` in ``node_modules``.

    Fails the test (never skips) when it is missing: the file comes from
    ``package.json``/``package-lock.json`` and a plain ``npm ci`` installs it.
    """
    path = REPO_ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `npm ci` in {REPO_ROOT} to install the pinned Mermaid")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # The default handler logs every request to stderr.
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 and yield its base URL.

    A free port is picked by the OS; the server runs in a daemon thread and is
    shut down when the context exits.  Pages are served over http rather than
    opened as file:// because module scripts, fetches and some security
    checks behave differently (or not at all) for file:// URLs.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="cjm-test-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def mermaid_js() -> Path:
    """The pinned ``mermaid.min.js`` (see :func:`mermaid_js_path`)."""
    return mermaid_js_path()


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """Factory: ``serve_dir(path)`` serves ``path`` and returns its base URL.

    Servers stay up until the end of the session, so the factory can be used
    from fixtures of any scope.
    """
    with ExitStack() as stack:

        def serve(directory: Path) -> str:
            return stack.enter_context(serve_directory(directory))

        yield serve


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium driven by Playwright (one per session)."""
    if not Path(CHROMIUM).is_file():
        _unavailable(f"{CHROMIUM} not found; install it with `apt-get install chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
