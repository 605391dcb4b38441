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
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import yaml
from sitebuild import REPO, BuiltSite, build_example, mermaid_js_path, mkdocs_build_strict

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO_ROOT = REPO
__all__ = ["mermaid_js_path", "mkdocs_build_strict"]  # for the modules that import them here
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
    urls: dict[Path, str] = {}
    with ExitStack() as stack:

        def serve(directory: Path) -> str:
            if directory not in urls:  # one server a site, however many modules open it
                urls[directory] = stack.enter_context(serve_directory(directory))
            return urls[directory]

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


# --- real MkDocs sites, offline, under both Mermaid setups ----------------------

MERMAID_SETUPS = ("mermaid2", "material")
"""The two ways a site renders Mermaid: the mermaid2 plugin, or Material's own support.

``mermaid2`` uses mermaid2's own ``fence_mermaid_custom``, which writes a fence's source
unescaped: the worst case for the plugin's guard of writers' fences.
"""
SAFE_FENCE_SETUP = "mermaid2-cjm"
"""mermaid2 with ``mkdocs_cjm.fences.fence_mermaid_custom``: the setup the docs give."""

# Where each site keeps the pinned Mermaid, relative to its docs_dir (as the example does).
SITE_MERMAID_JS = "assets/javascripts/mermaid.min.js"

VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}
"""The screens a page is looked at on: a desktop, and a phone (the guide's screenshot sizes)."""

# Material renders into a *closed* shadow root; open it so a test can look.
OPEN_SHADOW_ROOTS = """
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attachShadow.call(this, Object.assign({}, init, {mode: 'open'}));
};
"""

# Resolves once every Mermaid block of the page has been drawn (an <svg>
# inside it, or inside the shadow root Material gives it) and Material has
# replaced every <pre class="mermaid"> it starts from.  Rejects on timeout.
WAIT_FOR_DIAGRAMS_JS = """
() => {
  const blocks = Array.from(document.querySelectorAll('.mermaid'));
  return blocks.length > 0
    && document.querySelectorAll('pre.mermaid').length === 0
    && blocks.every((b) => (b.shadowRoot || b).querySelector('svg'));
}
"""

# What Mermaid drew in each of the given roots (a block, or the shadow root Material gives
# it); selectors follow Mermaid's journey renderer (svgDraw.js): sections and tasks are a
# <switch> holding a <foreignObject> (HTML copy) and a <text> (SVG fallback), classed
# "journey-section ..." or "task"; the title is the bold top-level <text>, the legend the
# other top-level <text> elements; the actor tooltips; the accessible name and description
# (accTitle, accDescr: what aria-labelledby/-describedby point at); and what must never be
# there: elements that run or load something, and event-handler attributes.
READ_DIAGRAMS_JS = """
(roots) => roots.map((root) => {
  const svgs = root.querySelectorAll('svg');
  const svg = svgs[0];
  const byId = (attribute) => {
    const id = svg && svg.getAttribute(attribute);
    const found = id ? root.querySelector(`[id="${CSS.escape(id)}"]`) : null;
    return found ? found.textContent : null;
  };
  const q = (sel) => svg ? Array.from(svg.querySelectorAll(sel), (e) => e.textContent) : [];
  return {
    svgCount: svgs.length,
    role: svg ? svg.getAttribute('aria-roledescription') : null,
    text: root.textContent,
    errorIcon: root.querySelectorAll('.error-icon, [aria-roledescription="error"]').length,
    title: q(':scope > text[font-weight="bold"]'),
    legend: q(':scope > text:not([font-weight])'),
    sections: q('foreignObject > div.journey-section > div.label'),
    sectionFallback: q('switch > text.journey-section'),
    tasks: q('foreignObject > div.task > div.label'),
    taskFallback: q('switch > text.task'),
    actors: q('circle > title'),
    accTitle: byId('aria-labelledby'),
    accDescr: byId('aria-describedby'),
    injected: root.querySelectorAll('script, img, iframe, object, embed, a[href]').length,
    handlers: svg ? Array.from(svg.querySelectorAll('*')).filter(
      (e) => Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length : 0,
  };
})
"""
COLLECT_DIAGRAMS_JS = f"""
() => ({READ_DIAGRAMS_JS})(
  Array.from(document.querySelectorAll('.mermaid'), (block) => block.shadowRoot || block))
"""
"""What Mermaid drew in every block of the page (see READ_DIAGRAMS_JS)."""


class PythonName(str):
    """A Python object named in mkdocs.yml: written as ``!!python/name:<dotted name>``."""


def mermaid_site_config(base: dict[str, Any], setup: str) -> dict[str, Any]:
    """``base`` (a parsed mkdocs.yml) rewired to render Mermaid offline with ``setup``.

    ``mermaid2``: the plugin loads ``SITE_MERMAID_JS`` (relative to docs_dir)
    and superfences uses its ``fence_mermaid_custom``.  ``material``: no
    mermaid2; superfences' ``fence_code_format`` and the same file in
    ``extra_javascript``, so Material finds a global ``mermaid`` and never
    goes to the CDN.  Other plugins and extensions are kept.  See NOTES.md.
    """

    def name(entry: Any) -> Any:
        return next(iter(entry)) if isinstance(entry, dict) else entry

    config = dict(base)
    plugins = [p for p in config.get("plugins", []) if name(p) != "mermaid2"]
    extensions = [
        e for e in config.get("markdown_extensions", []) if name(e) != "pymdownx.superfences"
    ]
    extra_javascript = [js for js in config.get("extra_javascript", []) if "mermaid" not in str(js)]
    fence_format = PythonName("pymdownx.superfences.fence_code_format")
    if setup in ("mermaid2", SAFE_FENCE_SETUP):
        plugins.append({"mermaid2": {"javascript": SITE_MERMAID_JS}})
        fence_format = PythonName(
            "mermaid2.fence_mermaid_custom"
            if setup == "mermaid2"
            else "mkdocs_cjm.fences.fence_mermaid_custom"
        )
    elif setup == "material":
        extra_javascript.append(SITE_MERMAID_JS)
    else:
        raise ValueError(f"unknown Mermaid setup {setup!r}")
    fence = {"name": "mermaid", "class": "mermaid", "format": fence_format}
    extensions.append({"pymdownx.superfences": {"custom_fences": [fence]}})
    config.update(plugins=plugins, markdown_extensions=extensions)
    if extra_javascript:
        config["extra_javascript"] = extra_javascript
    else:
        config.pop("extra_javascript", None)
    return config


def load_mkdocs_yml(path: Path) -> dict[str, Any]:
    """Read a mkdocs.yml, keeping ``!!python/name:`` tags as :class:`PythonName`."""

    class Loader(yaml.SafeLoader):
        pass

    def python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> PythonName:
        return PythonName(suffix)

    Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", python_name)
    config: dict[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
    return config


def write_mkdocs_yml(path: Path, config: dict[str, Any]) -> Path:
    """Write ``config`` as YAML, :class:`PythonName` values as ``!!python/name:`` tags."""

    class Dumper(yaml.SafeDumper):
        pass

    def python_name(dumper: yaml.SafeDumper, value: PythonName) -> yaml.Node:
        return dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value}", "")

    Dumper.add_representer(PythonName, python_name)
    text = yaml.dump(config, Dumper=Dumper, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def copy_docs_with_mermaid(docs: Path, target: Path) -> Path:
    """Copy a docs_dir to ``target`` and put the pinned Mermaid at ``SITE_MERMAID_JS``."""
    shutil.copytree(docs, target, symlinks=True)
    js = target / SITE_MERMAID_JS
    js.parent.mkdir(parents=True, exist_ok=True)
    if not js.exists():
        js.unlink(missing_ok=True)  # a dangling symlink
        js.symlink_to(mermaid_js_path())
    return target


def absolute_paths(config: dict[str, Any], root: Path) -> dict[str, Any]:
    """A project's mkdocs.yml (parsed) with absolute paths, so it can be written anywhere."""
    config = dict(config)
    config["docs_dir"] = str(root / config.get("docs_dir", "docs"))
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str(root / theme["custom_dir"])
    config["theme"] = theme
    plugins = []
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "cjm" in plugin:
            options = plugin["cjm"] or {}
            plugin = {"cjm": {**options, "maps_dir": str(root / options.get("maps_dir", "maps"))}}
        plugins.append(plugin)
    config["plugins"] = plugins
    return config


def build_with_mermaid(config: dict[str, Any], setup: str, workdir: Path) -> Path:
    """``mkdocs build --strict`` of ``config`` rendering Mermaid with ``setup``; the site
    goes to ``workdir``/site, which is returned."""
    config_file = write_mkdocs_yml(workdir / "mkdocs.yml", mermaid_site_config(config, setup))
    site_dir = workdir / "site"
    mkdocs_build_strict(config_file, site_dir)
    return site_dir


def build_handbook_site(
    workdir: Path,
    setup: str,
    *,
    site_name: str,
    docs: Path,
    maps: Path,
    cjm: dict[str, Any] | None = None,
    markdown_extensions: list[Any] | None = None,
) -> Path:
    """A Material site of ``docs`` with the cjm plugin reading ``maps``, built with
    ``build_with_mermaid``; ``cjm`` adds plugin options."""
    config: dict[str, Any] = {
        "site_name": site_name,
        "docs_dir": str(copy_docs_with_mermaid(docs, workdir / "site-docs")),
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"cjm": {"maps_dir": str(maps), **(cjm or {})}}],
    }
    if markdown_extensions:
        config["markdown_extensions"] = markdown_extensions
    return build_with_mermaid(config, setup, workdir)


# Handbooks the browser tests build, each a project root (maps/ and docs/ inside it).
SITES = {
    "example": REPO_ROOT,
    "labels": REPO_ROOT / "tests" / "fixtures" / "labels",
}


def build_site(site: str, setup: str, workdir: Path) -> Path:
    """Build ``site`` (of ``SITES``) with ``setup`` into ``workdir``/site and return it."""
    root = SITES[site]
    if site == "example" and setup == "mermaid2":
        return build_example(workdir)  # the example's own mkdocs.yml: the site we ship
    if site == "example":
        return build_with_mermaid(
            absolute_paths(load_mkdocs_yml(root / "mkdocs.yml"), root), setup, workdir
        )
    return build_handbook_site(
        workdir, setup, site_name=f"cjm {site}", docs=root / "docs", maps=root / "maps"
    )


@pytest.fixture(scope="session")
def site_url(serve_dir: Callable[[Path], str], built_site: BuiltSite) -> Callable[[str, str], str]:
    """Factory: the base URL of ``site`` built with ``setup``, built once per session
    (the modules that open the same pages share the build)."""

    def get(site: str, setup: str) -> str:
        shipped = (site, setup) == ("example", "mermaid2")  # the example_site fixture's
        name = "example" if shipped else f"{site}-{setup}"
        return serve_dir(built_site(name, functools.partial(build_site, site, setup)))

    return get


@functools.cache
def _refusing_proxy() -> str:
    """The address of a proxy that refuses every connection: a port of 127.0.0.1 bound for
    the whole session and never listened on, so nothing else can take it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    _HELD_SOCKETS.append(sock)
    return f"http://127.0.0.1:{sock.getsockname()[1]}"


_HELD_SOCKETS: list[socket.socket] = []


class OfflineContext:
    """A browser context that only reaches 127.0.0.1 and records what pages did.

    Every request to another host is recorded in ``external`` and goes to a proxy that
    refuses it; dialogs (dismissed), uncaught page errors and console errors are
    recorded too.  Tests call :meth:`reset` before a page and check the lists after.
    (Requests are watched, not intercepted: Playwright turns off the HTTP cache of a
    context whose requests it routes, and every page then loaded and compiled the
    3 MB of Mermaid again, a third of the time of a page.)
    """

    def __init__(self, browser: Browser) -> None:
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        self.console_errors: list[str] = []
        self.context = browser.new_context(
            proxy={"server": _refusing_proxy(), "bypass": "127.0.0.1"}
        )
        self.context.add_init_script(OPEN_SHADOW_ROOTS)

        def on_request(request: Any) -> None:
            url = urlsplit(request.url)  # (what a page makes itself is not a request out)
            if url.scheme not in ("data", "blob") and url.hostname != "127.0.0.1":
                self.external.append(request.url)

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        def on_console(message: Any) -> None:
            if message.type == "error":
                self.console_errors.append(f"{message.text} (at {message.location.get('url')})")

        def on_page_error(error: Any) -> None:
            self.page_errors.append(f"{error}\n{error.stack}")

        def on_page(page: Any) -> None:
            page.on("dialog", on_dialog)
            page.on("pageerror", on_page_error)
            page.on("console", on_console)

        self.context.on("request", on_request)
        self.context.on("page", on_page)
        self.page = self.context.new_page()

    def mermaid_errors(self) -> list[str]:
        """The page and console errors that come from Mermaid or mention a diagram."""
        pattern = re.compile(r"mermaid|syntax error|parse error|lexical error|diagram", re.I)
        return [e for e in self.page_errors + self.console_errors if pattern.search(e)]

    def wait_for_diagrams(self, timeout: float = 20.0) -> bool:
        """Wait until every Mermaid block of the page is drawn (True), or Mermaid
        reported an error or ``timeout`` seconds passed (False)."""
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(WAIT_FOR_DIAGRAMS_JS):
            # A parse error leaves the block undrawn: no need to wait it out.
            if self.mermaid_errors() or time.monotonic() > deadline:
                return False
            self.page.wait_for_timeout(25)
        return True

    def reset(self) -> None:
        """Forget what earlier pages did."""
        for events in (self.external, self.dialogs, self.page_errors, self.console_errors):
            events.clear()

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def offline_context(browser: Browser) -> Iterator[OfflineContext]:
    """One offline browser context (and page) shared by the tests of a module."""
    context = OfflineContext(browser)
    try:
        yield context
    finally:
        context.close()


# --- the example handbook, built once for the tests that only read it ------------------


def axe_js_path() -> Path:
    """Path of the pinned ``axe.min.js`` (axe-core, ``package.json``) in ``node_modules``."""
    path = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: run `npm ci` in {REPO_ROOT} to install the pinned axe-core"
        )
    return path


@pytest.fixture(scope="session")
def axe_url(serve_dir: Callable[[Path], str]) -> str:
    """The pinned axe-core served on 127.0.0.1, for ``page.add_script_tag(url=axe_url)``:
    the browser keeps it, compiled, from one page to the next (given as content or a
    path, each page compiled its 550 kB again: 0.2-0.3 s a page)."""
    path = axe_js_path()
    return serve_dir(path.parent) + path.name


def generated_page_urls(root: Path = REPO_ROOT) -> list[str]:
    """The site-relative URL of every generated page of the handbook in ``root``."""
    from mkdocs_cjm.handbook.resolve import build_handbook
    from mkdocs_cjm.read.git_history import History
    from mkdocs_cjm.render import render_pages

    handbook = build_handbook(root / "maps", root)
    pages = render_pages(handbook, History({}, False), "en", handbook.settings.today)
    return [p.src_uri.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/" for p in pages]


@pytest.fixture(scope="session")
def example_site_url(serve_dir: Callable[[Path], str], example_site: Path) -> str:
    """The example handbook (the repo's own mkdocs.yml, mermaid2), built once and served."""
    return serve_dir(example_site)
