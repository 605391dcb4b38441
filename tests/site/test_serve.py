"""`mkdocs serve` rebuilds when a map changes, and the served page shows the change."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitebuild import MINIMAL_MAPS, MKDOCS, build_env, write_project

CONFIG = "site_name: Serve test\nplugins:\n  - cjm\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.5)
    return False


def test_editing_a_journey_updates_the_served_page(tmp_path: Path) -> None:
    config = write_project(tmp_path, MINIMAL_MAPS, CONFIG)
    journey = sorted((tmp_path / "maps" / "journeys").glob("*.md"))[0]
    port = free_port()
    server = subprocess.Popen(
        [MKDOCS, "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=build_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/journeys/{journey.stem}/"
    try:
        text = journey.read_text(encoding="utf-8")
        title_line = next(line for line in text.splitlines() if line.startswith("title:"))
        assert wait_for(url, title_line.removeprefix("title:").strip(), 60), "never served"
        journey.write_text(
            text.replace(title_line, "title: Edited while serving", 1), encoding="utf-8"
        )
        assert wait_for(url, "Edited while serving", 60), "the edit never showed"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors


def test_a_plugin_declared_safe_keeps_the_preview_fast(tmp_path: Path) -> None:
    config = write_project(
        tmp_path,
        MINIMAL_MAPS,
        "site_name: Serve test\nplugins:\n  - search\n  - macros\n"
        "  - cjm:\n      preview_safe_plugins: [macros, no-such-plugin]\n",
    )
    journey = sorted((tmp_path / "maps" / "journeys").glob("*.md"))[0]
    port = free_port()
    server = subprocess.Popen(
        [MKDOCS, "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=build_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/journeys/{journey.stem}/"
    try:
        assert wait_for(url, "</html>", 60), "never served"
        time.sleep(1.1)
        journey.write_text(journey.read_text("utf-8") + "\nEdited while serving.\n", "utf-8")
        assert wait_for(url, "Edited while serving.", 60), "the edit never showed"
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "Traceback" not in errors
    # Only the changed pages, and a word about the name that is no plugin of the site.
    assert "cjm: rendered" in errors, errors
    assert "renders every page again" not in errors, errors
    assert "preview_safe_plugins names 'no-such-plugin', which is not a plugin" in errors
