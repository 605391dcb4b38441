"""Every journey label survives Mermaid and the browser exactly as written.

The diagrams come from :func:`mkdocs_cjm.render.diagrams.mermaid.journey_diagram` and are
rendered by the pinned ``mermaid.min.js`` in real Chromium.  What is compared
(see NOTES.md for the why):

* title: the bold ``<text>`` Mermaid draws at the top;
* sections and tasks: Mermaid draws each twice, as an HTML ``div.label``
  inside a ``<foreignObject>`` and as a single-``<tspan>`` SVG fallback in the
  same ``<switch>``.  Neither is split: the HTML copy wraps by CSS only, so
  both must equal the label exactly;
* actors: the ``<title>`` tooltip of each actor dot holds the name exactly;
  the legend is the only text Mermaid wraps itself, at spaces, into one
  ``<text>`` per line, so the legend lines joined with single spaces must
  contain the name.

Labels are compared after the one normalisation `escape.mermaid_label`
documents and every browser applies when it displays text anyway: runs of
ASCII whitespace collapse to one space, leading/trailing ones are dropped
(and control characters, which cannot be displayed, are removed).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import OPEN_SHADOW_ROOTS, READ_DIAGRAMS_JS
from sitebuild import mkdocs_build_strict

from mkdocs_cjm.render.diagrams.mermaid import journey_diagram

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

HOSTILE_LABELS: list[tuple[str, str]] = [
    ("colon", "Pay: card or cash"),
    ("semicolon", "Wait; then pay"),
    ("hash", "Order #1234"),
    ("hash-first", "# not a comment"),
    ("comma", "Nina, 34, Copenhagen"),
    ("ampersand", "Tom & Jerry"),
    ("less-greater", "a < b > c"),
    ("double-quote", 'Say "hello"'),
    ("single-quote", "It's Nina's"),
    ("percent-comment", "%% not a comment"),
    ("percent-directive", "%%{init: {'theme': 'forest'}}%%"),
    ("percent", "100% done"),
    ("backticks", "Run `npm ci` now"),
    ("braces", "{json: true}"),
    ("keyword-section", "section of the shop"),
    ("keyword-title", "title deed"),
    ("keyword-title-caps", "TITLE Deed"),
    ("keyword-journey", "Journey planning"),
    ("keyword-acctitle", "accTitle: hijack"),
    ("keyword-accdescr", "accDescr { hijack }"),
    ("nordic", "Blåbærgrød æøå ÆØÅ äö"),
    ("emoji", "Sofa 🛋️ 👍"),
    ("emoji-zwj", "Dev 👩‍💻"),
    ("padded", "   padded label   "),
    ("inner-whitespace", "tab\tand\nnewline  double"),
    ("long-words", "A very long label " * 12),
    ("long-single-word", "x" * 200),
    ("long-encoded-word", "a:b;c,d#e%f&g<h>" * 6),
    ("script-tag", "<script>alert(1)</script>"),
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("javascript-url", "javascript:alert(1)"),
    ("entity-code-literal", "#58; #quot; #35;"),
    ("html-entity-literal", "&amp; &lt; &#60; &nbsp;"),
    ("br-tag", "line<br>break<br/>end"),
    ("placeholder-chars", "¶ß ﬂ°° 20°C Straße"),
    ("no-break-space", "no\u00a0break"),
    ("proto", "__proto__"),
    ("constructor", "constructor"),
    ("style-like", "style x:#f00;"),
    ("classdef-like", "classDef a:#f00;"),
    ("markdown", "**bold** _it_ [link](http://x)"),
    ("arrow", "a --> b"),
    ("backslash", "C:\\path\\n"),
    ("control-chars", "bell\x07null\x00"),
    ("only-specials", ":;#,&<>\"'%`{}"),
    ("only-colon", ":"),
    ("empty", ""),
    ("whitespace-only", "   "),
]

LABEL_IDS = [name for name, _ in HOSTILE_LABELS]
ZWSP = "\u200b"  # what journey_diagram draws for an empty section/task name

_ASCII_WHITESPACE = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")


def displayed(label: str) -> str:
    """The text a browser shows for ``label`` (see the module docstring)."""
    text = _ASCII_WHITESPACE.sub(" ", label).strip(" ")
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cs"))


def single_label_diagram(label: str) -> str:
    """The label as title, section, task and actor of one diagram, and its accTitle/accDescr."""
    return journey_diagram(
        label, [(label, [(label, 3, [label])])], acc_title=label, acc_description=label
    )


def all_in_one_diagram() -> str:
    """Every non-blank label as a section with one task; all are actors."""
    labels = [label for _, label in HOSTILE_LABELS if displayed(label)]
    sections = [(label, [(label, 1 + i % 5, [label, labels[0]])]) for i, label in enumerate(labels)]
    return journey_diagram("Journey: <b>all</b> & #1 %% 🛋️", sections)


PAGE_TEMPLATE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>mermaid labels</title></head>
<body>
{diagrams}
<script src="mermaid.min.js"></script>
<script>
  mermaid.initialize({config});
  mermaid.run({{querySelector: 'pre.mermaid'}}).then(
    () => {{ window.cjmDone = 'ok'; }},
    (e) => {{ window.cjmDone = 'error: ' + ((e && e.message) || e); }});
</script>
</body>
</html>
"""


class Rendered:
    """What the browser showed for the test page."""

    def __init__(self, sources: list[str], results: list[dict[str, Any]], **extra: Any) -> None:
        self.sources = sources
        self.results = results
        self.done: str = extra["done"]
        self.dialogs: list[str] = extra["dialogs"]
        self.page_errors: list[str] = extra["page_errors"]
        self.page_injected: int = extra["page_injected"]


def _new_context(browser: Browser, base_url: str) -> tuple[BrowserContext, dict[str, list[str]]]:
    """A context that records dialogs, page errors and non-local requests."""
    context = browser.new_context()
    events: dict[str, list[str]] = {"dialogs": [], "page_errors": [], "external": []}

    def route(route: Any) -> None:
        # Nothing may leave 127.0.0.1: offline is a requirement (SPEC §1).
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            events["external"].append(route.request.url)
            route.abort()

    context.route("**/*", route)

    def on_dialog(dialog: Any) -> None:
        events["dialogs"].append(dialog.message)
        dialog.dismiss()

    def on_page(page: Any) -> None:
        page.on("dialog", on_dialog)
        page.on("pageerror", lambda e: events["page_errors"].append(str(e)))

    context.on("page", on_page)
    return context, events


@pytest.fixture(scope="module", params=["default", "loose"], ids=lambda p: f"security-{p}")
def rendered(
    request: pytest.FixtureRequest,
    browser: Browser,
    mermaid_js: Path,
    serve_dir: Callable[[Path], str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Rendered]:
    """Render diagram 0 (all labels) and one diagram per hostile label."""
    # "default" leaves securityLevel unset, i.e. Mermaid's "strict", which is
    # what mkdocs-mermaid2 and Material use; "loose" disables Mermaid's own
    # sanitising, so the escaping alone must keep the page safe.
    config: dict[str, Any] = {"startOnLoad": False}
    if request.param != "default":
        config["securityLevel"] = request.param
    sources = [all_in_one_diagram()] + [single_label_diagram(label) for _, label in HOSTILE_LABELS]
    site = tmp_path_factory.mktemp(f"mermaid-labels-{request.param}")
    shutil.copy(mermaid_js, site / "mermaid.min.js")
    # html.escape as Markdown would; the sources are HTML-inert anyway.
    diagrams = "\n".join(
        f'<pre class="mermaid" id="d{i}">{html.escape(src)}</pre>' for i, src in enumerate(sources)
    )
    page_html = PAGE_TEMPLATE.format(diagrams=diagrams, config=json.dumps(config))
    (site / "index.html").write_text(page_html, encoding="utf-8")
    base_url = serve_dir(site)
    context, events = _new_context(browser, base_url)
    try:
        page = context.new_page()
        page.goto(base_url + "index.html")
        page.wait_for_function("() => window.cjmDone !== undefined", timeout=60_000)
        results = page.evaluate(
            f"() => ({READ_DIAGRAMS_JS})(Array.from(document.querySelectorAll('pre.mermaid')))"
        )
        yield Rendered(
            sources,
            results,
            done=page.evaluate("() => window.cjmDone"),
            dialogs=events["dialogs"],
            page_errors=events["page_errors"],
            # Two <script> elements are the page's own.
            page_injected=page.evaluate(
                "() => document.querySelectorAll('script').length - 2"
                " + document.querySelectorAll('img, iframe, object, embed').length"
            ),
        )
    finally:
        context.close()


def _assert_rendered(result: dict[str, Any], what: str) -> None:
    assert result["svgCount"] == 1, f"{what}: expected one <svg>, got {result['svgCount']}"
    assert result["role"] == "journey", f"{what}: not a journey diagram: {result['role']!r}"
    assert result["errorIcon"] == 0, f"{what}: Mermaid error diagram shown"
    assert "Syntax error" not in result["text"], f"{what}: {result['text'][:200]!r}"


def _legend_contains(legend: list[str], name: str) -> bool:
    # The legend wraps an actor name at spaces into one <text> per line.
    return f" {name} " in f" {' '.join(legend)} "


def test_run_completes_without_errors(rendered: Rendered) -> None:
    assert rendered.done == "ok"
    assert rendered.page_errors == []


def test_no_script_or_dialog_from_labels(rendered: Rendered) -> None:
    assert rendered.dialogs == []
    assert rendered.page_injected == 0
    for i, result in enumerate(rendered.results):
        assert result["injected"] == 0, f"diagram {i}: element injected from a label"
        assert result["handlers"] == 0, f"diagram {i}: on* attribute injected from a label"


def test_all_labels_in_one_diagram(rendered: Rendered) -> None:
    result = rendered.results[0]
    _assert_rendered(result, "all-in-one diagram")
    expected = [displayed(label) for _, label in HOSTILE_LABELS if displayed(label)]
    assert result["title"] == ["Journey: <b>all</b> & #1 %% 🛋️"]
    assert result["sections"] == expected
    assert result["sectionFallback"] == expected
    assert result["tasks"] == expected
    assert result["taskFallback"] == expected
    assert sorted(result["actors"]) == sorted(expected + [expected[0]] * (len(expected) - 1))
    for name in expected:
        assert _legend_contains(result["legend"], name), f"legend lacks {name!r}"


@pytest.mark.parametrize(("name", "label"), HOSTILE_LABELS, ids=LABEL_IDS)
def test_label_round_trips(rendered: Rendered, name: str, label: str) -> None:
    index = 1 + LABEL_IDS.index(name)
    result = rendered.results[index]
    _assert_rendered(result, f"label {name} ({label!r})\n{rendered.sources[index]}")
    shown = displayed(label)
    if not shown:
        # Nothing to show: no title line, an invisible section/task, no actor,
        # no accessible name or description.
        assert result["title"] == []
        assert result["sections"] == result["tasks"] == [ZWSP]
        assert result["actors"] == result["legend"] == []
        assert result["accTitle"] is result["accDescr"] is None
        return
    assert result["title"] == [shown]
    assert result["sections"] == result["sectionFallback"] == [shown]
    assert result["tasks"] == result["taskFallback"] == [shown]
    assert result["actors"] == [shown]
    assert " ".join(result["legend"]) == shown
    assert result["accTitle"] == result["accDescr"] == shown


# --- the same through MkDocs, offline, with both Mermaid integrations -------

MKDOCS_CONFIGS = {
    # mkdocs-mermaid2: a local `javascript:` (relative to docs_dir) is never
    # fetched or checked online; the classic mermaid.min.js, not the .mjs.
    "mermaid2": """
site_name: cjm mermaid2
theme: {name: material, font: false}
plugins:
  - search
  - mermaid2:
      javascript: assets/javascripts/mermaid.min.js
""",
    # Material's own Mermaid support: it only fetches Mermaid from unpkg when
    # no global `mermaid` exists, so loading the local file first is enough.
    "material": """
site_name: cjm material
theme: {name: material, font: false}
plugins:
  - search
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra_javascript:
  - assets/javascripts/mermaid.min.js
""",
}


@pytest.mark.parametrize("integration", sorted(MKDOCS_CONFIGS))
def test_mkdocs_site_renders_offline(
    integration: str,
    browser: Browser,
    mermaid_js: Path,
    serve_dir: Callable[[Path], str],
    tmp_path: Path,
) -> None:
    pytest.importorskip("mkdocs")
    docs = tmp_path / "docs"
    (docs / "assets" / "javascripts").mkdir(parents=True)
    (docs / "deep" / "er").mkdir(parents=True)
    shutil.copy(mermaid_js, docs / "assets" / "javascripts" / "mermaid.min.js")
    page = f"# Journey\n\n```mermaid\n{all_in_one_diagram()}```\n"
    (docs / "index.md").write_text(page, encoding="utf-8")
    (docs / "deep" / "er" / "page.md").write_text(page, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_CONFIGS[integration], encoding="utf-8")
    mkdocs_build_strict(tmp_path / "mkdocs.yml", tmp_path / "site")

    base_url = serve_dir(tmp_path / "site")
    context, events = _new_context(browser, base_url)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    expected = [displayed(label) for _, label in HOSTILE_LABELS if displayed(label)]
    try:
        for path in ("", "deep/er/page/"):
            page_ = context.new_page()
            page_.goto(base_url + path)
            page_.wait_for_selector('svg[aria-roledescription="journey"]', timeout=30_000)
            [result] = page_.evaluate(
                f"() => ({READ_DIAGRAMS_JS})(Array.from(document.querySelectorAll('div.mermaid'),"
                " (d) => d.shadowRoot || d))"
            )
            _assert_rendered(result, f"{integration} /{path}")
            assert result["sections"] == expected
            assert result["tasks"] == expected
            assert set(result["actors"]) == set(expected)
            page_.close()
    finally:
        context.close()
    assert events["external"] == []
    assert events["dialogs"] == []
    assert events["page_errors"] == []
