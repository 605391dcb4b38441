"""The constants and helpers shared by the tests, and the real `mkdocs build` they run.

A plain module, imported by name (``from sitebuild import TODAY``; pytest puts ``tests/``
on the path): constants are not fixtures, and a ``conftest.py`` is not meant to be
imported (two of them, ``tests/`` and ``tests/browser/``, would share one module name).
The fixtures built from these live in ``tests/conftest.py``.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from mkdocs_cjm.handbook.resolve import Settings
from mkdocs_cjm.read.git_history import History

if TYPE_CHECKING:
    from mkdocs_cjm.handbook.resolve import Handbook

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
EXAMPLE_MAPS = REPO / "maps"
"""The example handbook's maps; its project root is REPO (the repository's own mkdocs.yml)."""
MINIMAL = TESTS / "fixtures" / "minimal"
"""The smallest clean project: two journeys, two personas, three touchpoints (maps/ only)."""
MINIMAL_MAPS = MINIMAL / "maps"
HOSTILE = TESTS / "fixtures" / "hostile"
"""A project whose writers typed everything an attacker would (see tests/browser/test_xss.py)."""
CORPUS = TESTS / "corpus"
"""Broken maps, a folder a case, each laid over the minimal project
(tests/unit/check/test_corpus.py)."""
PAYLOADS = TESTS / "fixtures" / "writer-html"
"""A map body with what element-making extensions (pymdownx.blocks.html) and web addresses
would add to a page, laid over MINIMAL (tests/unit/safety/test_writer_html.py,
tests/browser/test_body_html.py)."""
PAYLOAD_MAP = "maps/journeys/visit.md"
PAYLOAD_EXTENSIONS = ["attr_list", "md_in_html", "footnotes", "pymdownx.blocks.html"]

BuiltSite = Callable[[str, Callable[[Path], Path]], Path]
"""The ``built_site`` fixture (tests/conftest.py): ``built_site(name, build)`` -> the site."""

BIN = Path(sys.executable).parent
MKDOCS = str(BIN / "mkdocs")
CJM = str(BIN / "mkdocs-cjm")

FIXED_EPOCH = "1795000000"
"""SOURCE_DATE_EPOCH of every build: 2026-11-18 12:00 UTC, so no test changes with the calendar."""
TODAY = datetime.datetime.fromtimestamp(int(FIXED_EPOCH), datetime.UTC).date()
"""2026-11-18, the day of FIXED_EPOCH: what a build judges freshness and evidence age by."""
FRESH_DAY = datetime.date(2026, 10, 1)
"""A day on which every map of the minimal project is fresh and none is due soon (on TODAY
trip.md is due in 25 days, which `check` reports): checks and builds as of this day show
only what a test adds."""
SETTINGS = Settings(today=TODAY)
"""The plugin's default options, judged as of TODAY."""
NO_HISTORY = History({}, available=False)
"""No git history: pages show no "last changed" dates."""


@functools.cache
def example_handbook() -> Handbook:
    """The example handbook as a build on TODAY sees it; built once, so read it, never change it."""
    from mkdocs_cjm.handbook.resolve import build_handbook

    return build_handbook(EXAMPLE_MAPS, REPO, SETTINGS)


def build_env(**extra: str) -> dict[str, str]:
    """The environment of a reproducible, quiet build."""
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=FIXED_EPOCH, NO_MKDOCS_2_WARNING="1", **extra)
    return env


def mkdocs_build(
    config_file: Path, site_dir: Path, *, strict: bool = True, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build` and return what it printed."""
    command = [MKDOCS, "build", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(
        command,
        cwd=cwd or config_file.parent,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def run_tool(
    tool: str, *args: str, cwd: Path, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    """Run a console script of this venv (``mkdocs-cjm``, ``zensical``, ``properdocs``, ...)
    in ``cwd`` as a reproducible build runs it; return what it printed."""
    return subprocess.run(
        [str(BIN / tool), *args],
        cwd=cwd,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_cjm(
    *args: str, cwd: Path, env: Mapping[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs-cjm ARGS`` in this process, in ``cwd``, through click's ``CliRunner``:
    what it printed and its exit code, as the console script would give them, without
    starting Python again. The environment is a reproducible build's
    (``build_env()``) with ``env`` laid over it; a ``None`` value unsets a variable.

    A crash is raised, not printed: the test fails with its traceback. The few tests that
    run the real console script (the ``smoke`` marker) use ``run_tool("mkdocs-cjm", ...)``.
    """
    from click.testing import CliRunner

    from mkdocs_cjm.cli import main

    overrides: dict[str, str | None] = {
        "SOURCE_DATE_EPOCH": FIXED_EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
    }
    overrides.update(env or {})
    with contextlib.chdir(cwd), _log_to_stderr():
        result = CliRunner().invoke(
            main, list(args), prog_name="mkdocs-cjm", env=overrides, catch_exceptions=False
        )
    return subprocess.CompletedProcess(
        ["mkdocs-cjm", *args], result.exit_code, result.stdout, result.stderr
    )


@contextlib.contextmanager
def _log_to_stderr() -> Iterator[None]:
    """Warnings that MkDocs' loggers emit go to stderr, as Python's last-resort handler
    prints them in the console script (under pytest the root logger has handlers, so it
    would stay silent)."""
    handler = _StderrHandler(logging.WARNING)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)


class _StderrHandler(logging.Handler):
    """Writes to the ``sys.stderr`` of the moment: CliRunner's while a command runs."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def mkdocs_build_strict(config_file: Path, site_dir: Path) -> str:
    """`mkdocs build --strict` that fails the test on any warning, error or traceback;
    returns what it logged."""
    result = mkdocs_build(config_file, site_dir)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    # e.g. mermaid2's "Cannot check URL, no Internet access?".
    assert not re.search(r"^(WARNING|ERROR)\b", result.stderr, re.MULTILINE), result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


def mermaid_js_path() -> Path:
    """Path of the pinned ``mermaid.min.js`` in ``node_modules``.

    Fails the test (never skips) when it is missing: the file comes from
    ``package.json``/``package-lock.json`` and a plain ``npm ci`` installs it.
    """
    path = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `npm ci` in {REPO} to install the pinned Mermaid")
    return path


def build_example(workdir: Path) -> Path:
    """The example handbook as shipped (the repository's own mkdocs.yml, mermaid2), built
    into ``workdir``/site, which is returned."""
    mermaid_js_path()  # a clear failure if `npm ci` was not run
    site_dir = workdir / "site"
    mkdocs_build_strict(REPO / "mkdocs.yml", site_dir)
    return site_dir


def load_config(text: str) -> Any:
    """A written mkdocs.yml as data, with `!!python/name:x` read as the text `python/name:x`."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor(
        "tag:yaml.org,2002:python/name:", lambda loader, suffix, node: f"python/name:{suffix}"
    )
    return yaml.load(text, Loader=Loader)


def write_project(root: Path, maps: Path, config: str) -> Path:
    """A project in `root`: a copy of `maps`, a one-page docs/ and the given mkdocs.yml."""
    import shutil

    shutil.copytree(maps, root / "maps")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(config, encoding="utf-8")
    return config_file


class _Canonical(HTMLParser):
    """HTML as one tag or text per line: attributes sorted, runs of whitespace as one space.

    Whitespace between tags is dropped, as a browser lays out the blocks without it.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.lines: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = "".join(
            f' {key}="{" ".join((value or "").split())}"' for key, value in sorted(attrs)
        )
        self.lines.append(f"<{tag}{attributes}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.lines.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if data.strip():  # a space at either end stays: "a <b>" reads unlike "a<b>"
            edge = {True: " ", False: ""}
            text = " ".join(data.split())
            self.lines.append(f"{edge[data[0].isspace()]}{text}{edge[data[-1].isspace()]}")

    def handle_entityref(self, name: str) -> None:
        self.lines.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.lines.append(f"&#{name};")


def canonical(html: str) -> str:
    parser = _Canonical()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.lines) + "\n"


SECRET = "cjm-secret-7f3a2b"
"""The text of `secret.txt` in `trap_project`: a page that holds it included a file."""
LOOK_ALIKE_UNDERSCORES = "\uff3f\ufe4d"
"""FULLWIDTH and DASHED LOW LINE: slugify's NFKD makes each an `_`."""
TRAP_BODY = """
CX starts in the store.

~~~python hl_lines="x"
<img src=x onerror="window.__xss=1">
~~~

\uff3f\uff3fconfig
=========

## \ufe4d\ufe4ddrawer

> __toc
> ---

- # __search

--8<-- "/etc/hostname"

--8<-- "../secret.txt"

```
--8<-- "secret.txt"
```
"""
"""A map body of the traps of #22: a fence only fenced_code reads, headings whose ids
would be Material's (look-alike underscores, underlined, in a quote, in a list), and
pymdownx.snippets lines naming files of the build machine."""
SNIPPETS_EXTENSION = {
    "pymdownx.snippets": {
        # Nothing stops a snippet line from reaching any file: only the plugin's rules do.
        "base_path": [".", "/"],
        "restrict_base_path": False,
        "auto_append": ["abbreviations.md"],
    }
}
"""pymdownx.snippets as a site may have it, with the site's abbreviations on every page."""


def trap_project(root: Path) -> Path:
    """A project of the minimal maps with `TRAP_BODY` in a journey titled `__search` in
    look-alikes, `secret.txt` where snippet lines of a body could reach it, and a
    hand-written page that does include it (snippets work there)."""
    shutil.copytree(MINIMAL_MAPS, root / "maps")
    visit = root / "maps" / "journeys" / "visit.md"
    text = visit.read_text("utf-8").replace(
        "title: Buying a sofa in the store", "title: \uff3f\uff3fsearch"
    )
    visit.write_text(text + TRAP_BODY, "utf-8")
    plant_snippet_files(root)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text('# Home\n\n--8<-- "secret.txt"\n', "utf-8")
    return root


def plant_snippet_files(folder: Path) -> None:
    """`secret.txt` and the abbreviations of `SNIPPETS_EXTENSION` in the folder a build
    runs in (also next to `mkdocs-cjm generate`'s mkdocs.yml, once it is written)."""
    (folder / "secret.txt").write_text(SECRET + "\n", "utf-8")
    (folder / "abbreviations.md").write_text("*[CX]: Customer experience\n", "utf-8")


def payload_project(root: Path, options: str = "") -> Path:
    """The minimal project with PAYLOADS in ``root``, a Material site with the extensions
    (and superfences' Mermaid fence); ``options``: YAML lines of cjm options. Returns its
    mkdocs.yml."""
    shutil.copytree(MINIMAL, root, dirs_exist_ok=True)
    shutil.copytree(PAYLOADS, root, dirs_exist_ok=True)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    extensions = "".join(f"  - {name}\n" for name in PAYLOAD_EXTENSIONS)
    (root / "mkdocs.yml").write_text(
        "site_name: Payloads\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - cjm:{options}\nmarkdown_extensions:\n{extensions}"
        "  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n"
        "          class: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n",
        encoding="utf-8",
    )
    return root / "mkdocs.yml"
