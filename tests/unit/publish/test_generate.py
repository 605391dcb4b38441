"""`mkdocs-cjm generate`: plain Markdown pages that plain MkDocs builds, safely.

Plain MkDocs has no safe-Markdown extension and lets raw HTML through, so the
bodies of the maps are neutralised in the Markdown itself
(`neutralise_markdown`). These tests render neutralised text with the exact
extensions `generate` configures and read every tag of the HTML.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import time
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import HOSTILE, MINIMAL, REPO, TODAY, load_config, mkdocs_build

from mkdocs_cjm.cli.commands import main
from mkdocs_cjm.publish.generate import MARKDOWN_EXTENSIONS, MARKER, extension_configs
from mkdocs_cjm.safety.markdown_extension import is_safe_url
from mkdocs_cjm.safety.markdown_text import explicit_heading_ids, neutralise_markdown

# What Python-Markdown writes for Markdown; anything else came from raw HTML.
MARKDOWN_TAGS = {
    *(f"h{level}" for level in range(1, 7)),
    *("p", "a", "img", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote"),
    *("hr", "br", "table", "thead", "tbody", "tr", "th", "td", "div"),
}
# The journey canvas: HTML the plugin writes itself (render/canvas.py), every writer string escaped.
CANVAS_TAGS = {
    *("div", "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td"),
    *("a", "span", "strong", "q", "ul", "li", "svg", "polyline"),
}
CANVAS = re.compile(r'<div class="cjm-canvas" .*?</table>\s*</div>', re.DOTALL)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
# A tag as Python-Markdown serialises it: name, then name="value" pairs.
TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/"]+(?:="[^"]*")?)*)\s*/?>')
ATTRIBUTE = re.compile(r'([^\s=>/"]+)(?:="([^"]*)")?')


TABLE_ALIGN = re.compile(r"text-align: (?:left|center|right);")


def problems(rendered: str, allowed_tags: set[str] = MARKDOWN_TAGS) -> list[str]:
    """Every tag, attribute or URL in `rendered` that raw HTML or a script link put there."""
    found = []
    position = 0
    for match in TAG.finditer(rendered):
        if "<" in rendered[position : match.start()]:
            found.append(f"unparsed '<': {rendered[position : match.start()][:60]!r}")
        position = match.end()
        if match.group(2).lower() not in allowed_tags:
            found.append(f"tag {match.group(0)[:60]!r}")
        for attribute in ATTRIBUTE.finditer(match.group(3)):
            name, value = attribute.group(1).lower(), html.unescape(attribute.group(2) or "")
            # Python-Markdown's tables write a column's alignment (`| :-: |`) as a style.
            aligned = match.group(2).lower() in ("th", "td") and TABLE_ALIGN.fullmatch(value)
            if name.startswith("on") or name == "srcdoc" or (name == "style" and not aligned):
                found.append(f"attribute {attribute.group(0)[:60]!r}")
            if name in URL_ATTRIBUTES and not is_safe_url(value):
                found.append(f"URL {attribute.group(0)[:60]!r}")
    if "<" in rendered[position:]:
        found.append(f"unparsed '<': {rendered[position:][:60]!r}")
    return found


# The plugin's charts (`render/charts/svg.py`) and the top of a journey page (`render/overview.py`):
# raw HTML
# of its own, one line each, every text escaped.
CHART_TAGS = {
    *("figure", "figcaption", "div", "span", "a", "strong", "ul", "ol", "li", "section", "h3", "p"),
    *("details", "summary", "small", "blockquote", "h2", "dl", "dt", "dd", "img"),
    *("table", "thead", "tbody", "tr", "th", "td"),
    *("svg", "g", "rect", "text", "line", "polyline", "circle", "title"),
}
CHART_LINE = re.compile(
    r'^<(?:figure class="cjm-chart|div class="cjm-(?:funnel|matrix|summary|overview|persona)"'
    r'|div class="cjm-scroll cjm-(?:portfolio|heatmap)|details class="cjm-fold[" ]).*$',
    re.M,
)
# The styles a chart writes: how far it may shrink; where the overview puts a point, how
# large a mark is, how many steps a stage has, how deep a sub-journey is (numbers the plugin
# computes).
CHART_STYLE = re.compile(
    r' style="(?:min-width: \d+px|--cjm-(?:y|size|steps|depth): [\d.]+(?:%|em)?)"'
)


def without_charts(content: str) -> tuple[str, list[str]]:
    """`content` without the plugin's charts, and what in the charts is not theirs."""
    found = []
    for line in CHART_LINE.findall(content):
        found += problems(CHART_STYLE.sub("", line), CHART_TAGS)
    return CHART_LINE.sub("", content), found


# The fences of generate's mkdocs.yml, and Python-Markdown's own (#22: they read fences
# differently; the neutralised text must be safe under either).
FENCED_CODE = [*(e for e in MARKDOWN_EXTENSIONS if not e.startswith("pymdownx.")), "fenced_code"]
ENGINES = ("superfences", "fenced_code")


def render(text: str, engine: str = "superfences") -> str:
    """`text` as a body of a generated page, rendered as plain MkDocs would."""
    page = f"# Journey\n\n## Narrative\n\n{text}\n\n---\n\nSource: maps/journeys/x.md\n"
    if engine == "fenced_code":
        return markdown.markdown(page, extensions=FENCED_CODE)
    return markdown.markdown(
        page, extensions=list(MARKDOWN_EXTENSIONS), extension_configs=extension_configs()
    )


# --- neutralise_markdown -------------------------------------------------------------------

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "text <b onmouseover=alert(1)>bold</b>",
    '<a href="javascript:alert(1)">x</a>',
    "<!-- comment --><svg onload=alert(1)>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](java&#115;cript:alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x](java\nscript:alert(1))",
    "[x]( javascript:alert(1) 'title')",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](vbscript:msgbox(1))",
    "[x](`javascript`:alert(1))",
    "[x](java`x`script:alert(1))",
    "![x](javascript:alert(1))",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]:\n    javascript:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)>",
    "- item\n\n    [r]: javascript:alert(1)\n\n[x][r]",
    "> [r]: javascript:alert(1)\n\n[x][r]",
    "# Heading {: onclick=alert(1) }",
    "# Heading {#id onclick=alert(1) .c}",
    "Paragraph\n{: onclick=alert(1) style='color:red' }",
    "[x](https://example.com){: onclick=alert(1) }",
    "[x](https://example.com){: href='javascript:alert(1)' }",
    "![x](https://example.com/a.png){: onerror=alert(1) src=javascript:alert(1) }",
    "- item {: onclick=alert(1) }",
    "| a |\n| - |\n| b {: onclick=alert(1) } |",
    "```{ .python onclick=alert(1) }\ncode\n```",
    "```\nunclosed <script>alert(1)</script>",
    "a `x\n`<img src=x onerror=alert(1)>` z`",
    "> a `x\n> `<img src=x onerror=alert(1)>` z`",
    "# a `x\n`<img src=x onerror=alert(1)>`",
    "| `a | <img src=x onerror=alert(1)> | b` |\n| - | - | - |\n| c | d | e |",
    "\\`<img src=x onerror=alert(1)>`",
    "``<img src=x onerror=alert(1)>` `",
    "<div markdown=1 onclick=alert(1)>md</div>",
    "x\x02wzxhzdk:0\x03 <script>alert(1)</script>",
    '<https://example.com/"onmouseover=alert(1)>',
    "<javascript:alert(1)>",
    "[x](" + " " * 5000 + "javascript:alert(1))",
    "[x](&#0000000000000000000000106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](" + "a" * 100 + ":alert(1))",
    "{ " * 150 + "onclick=alert(1) }\n# T {: onclick=alert(1) }",
    # Fences one engine reads and the other does not (#22).
    '~~~python hl_lines="x"\n<img src=x onerror=alert(1)>\n~~~',
    '```{.python hl_lines="x"}\n<img src=x onerror=alert(1)>\n```',
    '```python linenums="x"\n<img src=x onerror=alert(1)>\n```',
    "```\n````\n<img src=x onerror=alert(1)>\n```",
    "- item\n\n    ```\n```\n<img src=x onerror=alert(1)>\n```",
    "> ```\n```\n<img src=x onerror=alert(1)>\n```",
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("attack", ATTACKS)
def test_neutralised_attack_renders_as_text(attack: str, engine: str) -> None:
    assert problems(render(neutralise_markdown(attack), engine)) == []


def test_the_attacks_are_real() -> None:
    # Without neutralising, most of them do inject something: the checks can see it.
    dangerous = [a for a in ATTACKS if problems(render(a))]
    assert len(dangerous) >= len(ATTACKS) - 8, [a for a in ATTACKS if a not in dangerous]


HARMLESS = """\
# A heading {.note}

Some *emphasis*, **strong** text, a [relative link](../personas/nina.md), an
[anchor](#a-heading), a [web link](https://example.com/a_b?x=1&y=2 "Title"), a
[mail](mailto:cx@example.com) and ![an image](images/nina.png).
Code spans keep their text: `a < b`, `<br>` and `[x](javascript:y)`.

- a list item
- [ ] not a task list, just brackets

| Stage | Emotion |
| --- | --- |
| Awareness | 4 |

```python
if a < b and "<script>" in html:
    pass
```

~~~
tildes too <b>
~~~

    indented code

> A quote.

Braces in prose {like this} and {{ 7*7 }} stay.
"""


def test_harmless_markdown_is_unchanged() -> None:
    assert neutralise_markdown(HARMLESS) == HARMLESS
    assert problems(render(HARMLESS)) == []


@pytest.mark.parametrize(
    ("written", "neutralised"),
    [
        ("<b>bold</b>", "&lt;b>bold&lt;/b>"),
        ("[x](javascript:alert(1))", "[x]\\(javascript:alert(1))"),
        ("[x](<my page.md>)", "[x](my%20page.md)"),
        (
            "see <https://example.com/a_b>",
            "see [https://example.com/a\\_b](https://example.com/a_b)",
        ),
        ("# T {: onclick=x .c }", "# T {:  .c }"),
        # Ids, `data-md-*` and Mermaid classes: never from a writer (Material's `#__config`).
        ("# T {: onclick=x #id }", "# T "),
        ("Para\n{: #__config }", "Para\n"),
        ("Para\n{: .mermaid .note data-md-component=x }", "Para\n{:  .note  }"),
        ("*em*{: id=__search }", "*em*"),
        ("Call us {#1 priority} now", "Call us &#123;#1 priority} now"),
        ("```{.mermaid #__drawer .x}\ngraph\n```", "```{.mermaid .x}\ngraph\n```"),
        # Fences in the one form fenced_code and superfences read alike (#22): no options,
        # longer than any run inside; other fence lines escaped, indented or quoted too.
        ('~~~python hl_lines="x"\n<b>\n~~~', "~~~python\n<b>\n~~~"),
        ("```{.py title=x onclick=y}\n<b>\n```", "```py\n<b>\n```"),
        ("```\n````\n<b>\n```", "`````\n````\n<b>\n`````"),
        (
            "- a\n\n    ```\n    <b>\n    ```",
            "- a\n\n    &#96;&#96;&#96;\n    &lt;b>\n    &#96;&#96;&#96;",
        ),
        ("> ~~~\n> <b>", "> &#126;&#126;&#126;\n> &lt;b>"),
        # pymdownx.snippets reads code too: a fence that holds a marker is prose.
        (
            '```\n--8<-- "/etc/hostname"\n```',
            '&#96;&#96;&#96;\n--8&lt;-- "/etc/hostname"\n&#96;&#96;&#96;',
        ),
        ('--8<-- "../mkdocs.yml"', '--8&lt;-- "../mkdocs.yml"'),
        ("Para\n{: onclick=x }", "Para\n"),
        ("[r]: javascript:x", "\\[r]: javascript:x"),
        ("```\nnot closed", "&#96;&#96;&#96;\nnot closed"),
        ("a\r\nb\tc", "a\nb   c"),
    ],
)
def test_neutralise_examples(written: str, neutralised: str) -> None:
    assert neutralise_markdown(written) == neutralised


@pytest.mark.parametrize(
    "text",
    [
        "](" * 50_000,
        "{" * 50_000,
        "{: " + "a " * 50_000 + "}",
        "[" * 50_000,
        "` " * 50_000,
        "&" * 50_000,
    ],
)
def test_neutralising_takes_time_in_proportion_to_the_text(text: str) -> None:
    # CPU time of this process, not the wall clock: a loaded machine must not fail it (a
    # quadratic pattern takes minutes here, the linear work a fifth of a second).
    started = time.process_time()
    neutralise_markdown(text)
    assert time.process_time() - started < 3


FRAGMENTS = [
    "<", ">", "`", "``", "```", "~~~", "[", "]", "(", ")", "![", "](", "]: ", "{", "}", "{:",
    " ", "\n", "\n\n", "> ", "- ", "# ", "| ", "\\", "&#", ";", "=", '"', "'", ":",
    "javascript:", "java\tscript:", "data:", "http://x", "<script>", "<img src=x onerror=y>",
    "onclick=y", "style=z", "href=", "a", "b", "&#106;", "&colon;", "\t", "{#x", "=javascript:x",
    "````", "    ", "> ```", 'hl_lines="x"', "{.py title=x}", "python",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join)
    | st.text(alphabet="<>[]()`{}:=\"' \n\t&#;!\\|-~*_>javscrip", max_size=60)
)
def test_neutralised_text_is_always_safe(text: str) -> None:
    for engine in ENGINES:
        assert problems(render(neutralise_markdown(text), engine)) == [], engine


HEADING_FRAGMENTS = [
    "# ", "## ", "\n", "\n\n", "===", "---", "> ", "- ", "    ", "_", "\uff3f", "\ufe4d",
    "&#95;", "*", "`", "```", "~~~", "{", "}", "{: .c}", "{#x}", "config", "x", "\u65e5", " ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(HEADING_FRAGMENTS), max_size=25).map("".join))
def test_no_heading_takes_an_id_of_the_theme(text: str) -> None:
    # Material's JavaScript reads `#__config`, `#__drawer`, `#__search`, `#__toc` (#22).
    page = explicit_heading_ids(f"# Journey\n\n{neutralise_markdown(text)}\n")
    for engine in ENGINES:
        ids = re.findall(r'\bid="([^"]*)"', render(page, engine))
        assert not [i for i in ids if i.startswith("__")], (engine, ids)
        assert len(ids) == len(set(ids)), (engine, ids)


# --- the command ---------------------------------------------------------------------------


def generate(project: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(project)
    command = ["generate", "--today", str(TODAY), *args]
    return CliRunner().invoke(main, command, catch_exceptions=False)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example handbook as `mkdocs-cjm generate` writes it."""
    out = tmp_path_factory.mktemp("generated")
    with pytest.MonkeyPatch.context() as monkeypatch:
        result = generate(REPO, "--out", str(out / "handbook"), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    return out / "handbook"


def test_example_builds_with_plain_mkdocs(generated: Path, tmp_path: Path) -> None:
    config_text = (generated / "mkdocs.yml").read_text(encoding="utf-8")
    assert config_text.startswith(MARKER)
    config = load_config(config_text)
    assert "plugins" not in config
    # Material, which Zensical reads too; Google Fonts off: nothing from another site.
    assert config["theme"] == {"name": "material", "font": False}
    # Mermaid from the project's npm install, published with the site (#13).
    assert config["extra_javascript"][0] == "assets/javascripts/mermaid.min.js"
    assert (generated / "docs" / "assets" / "javascripts" / "mermaid.min.js").is_file()
    assert config["site_name"] == "Hjem & Hygge CX handbook"
    result = mkdocs_build(generated / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    page = tmp_path / "site" / "journeys" / "sofa-purchase-today" / "awareness" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert 'id="instagram-reel"' in text  # attr_list anchors work without the plugin
    # The journey canvas, with the plugin's styles linked from every page.
    assert text.count('<div class="cjm-canvas" role="region"') == 1
    assert 'href="../../../assets/stylesheets/cjm.css"' in text
    assert (tmp_path / "site" / "assets" / "stylesheets" / "cjm.css").is_file()
    assert '<pre class="mermaid"><code>' in text  # Material and Zensical draw it
    # The meta description: the stage's goal in the journey, from the front matter.
    description = BeautifulSoup(text, "html.parser").select_one("meta[name=description]")
    assert description is not None
    assert description["content"] == "Get ideas for a sofa that works with small children"
    assert (tmp_path / "site" / "index.html").is_file()  # a home page (#13)
    assert (tmp_path / "site" / "cjm.json").is_file()
    # Nothing a reader's browser loads comes from outside the site (#12: highlight.js).
    for html_file in (tmp_path / "site").rglob("*.html"):
        loads = re.findall(
            r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"', html_file.read_text("utf-8")
        )
        assert not [url for url in loads if re.match(r"(?:https?:)?//", url)], html_file


def test_generated_pages_are_the_rendered_pages(generated: Path) -> None:
    pages = sorted(p.relative_to(generated / "docs").as_posix() for p in generated.rglob("*.md"))
    assert "journeys/index.md" in pages
    assert "journeys/sofa-purchase-today/awareness.md" in pages
    assert "personas/nina.md" in pages and "opportunities/index.md" in pages
    nav = load_config((generated / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    listed: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, str):
                listed.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value) if isinstance(value, list) else listed.append(value)

    walk(nav)
    assert sorted(listed) == pages


def test_generated_data_is_the_export(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    exported = CliRunner().invoke(main, ["export", "--today", str(TODAY)])
    written = json.loads((generated / "docs" / "cjm.json").read_text(encoding="utf-8"))
    assert written == json.loads(exported.stdout)


def test_hostile_maps_build_to_safe_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(HOSTILE / "maps", project / "maps")
    shutil.copytree(HOSTILE / "docs", project / "docs")
    result = generate(project, "--out", "out", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    # The persona image sits in docs/; it is copied so that the page's image link resolves.
    assert (project / "out" / "docs" / "img" / "x onerror=window.__xss=1.svg").is_file()
    build = mkdocs_build(project / "out" / "mkdocs.yml", tmp_path / "site")
    assert build.returncode == 0, build.stderr
    pages = sorted((tmp_path / "site").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        # The whole page, theme included: no handler, no script URL, no payload in a script.
        for tag in TAG.finditer(text):
            for attribute in ATTRIBUTE.finditer(tag.group(3)):
                name, value = attribute.group(1).lower(), html.unescape(attribute.group(2) or "")
                assert not name.startswith("on"), (page, tag.group(0))
                assert name not in URL_ATTRIBUTES or is_safe_url(value), (page, tag.group(0))
        for script in re.finditer(r"<script\b[^>]*>(.*?)</script>", text, re.DOTALL):
            assert "__xss" not in script.group(0), (page, script.group(0)[:80])
        if page.name == "404.html":
            continue
        # The page's content: only what Markdown writes.
        # Material's article, without the edit and source-file parts the theme adds.
        assert '<article class="md-content__inner md-typeset">' in text, page
        content = text.split('<article class="md-content__inner md-typeset">', 1)[1]
        content = content.split("</article>", 1)[0]
        for canvas in CANVAS.findall(content):
            assert problems(canvas, CANVAS_TAGS) == [], page
        content, in_charts = without_charts(CANVAS.sub("", content))
        assert in_charts == [], page
        assert problems(content, MARKDOWN_TAGS) == [], page
    journey = tmp_path / "site" / "journeys" / "hostile" / "first" / "index.html"
    assert CANVAS.search(journey.read_text(encoding="utf-8")), "no canvas on the stage page"
    shown = BeautifulSoup(journey.read_text(encoding="utf-8"), "html.parser").get_text()
    # Fields and bodies show as the text that was written, payload and all.
    assert "step-doing-1a <script>window.__xss=1</script> <img src=x" in shown
    overview = tmp_path / "site" / "journeys" / "hostile" / "index.html"
    narrative = BeautifulSoup(overview.read_text(encoding="utf-8"), "html.parser").get_text()
    assert "[click body link](javascript:window.__xss=1)" in narrative
    assert '<a href="javascript:window.__xss=1">click raw anchor</a>' in narrative


def test_generate_replaces_its_own_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(MINIMAL / "maps", tmp_path / "maps")
    assert generate(tmp_path, "--out", "out", monkeypatch=monkeypatch).exit_code == 0
    stale = tmp_path / "out" / "docs" / "journeys" / "visit" / "index.md"
    assert stale.is_file()
    (tmp_path / "maps" / "journeys" / "visit.md").unlink()
    again = generate(tmp_path, "--out", "out", monkeypatch=monkeypatch)
    assert again.exit_code == 0, again.output
    assert not stale.exists()
    assert "Wrote " in again.stdout and "pages to out/docs" in again.stdout


SITE_MERMAID = b"/* the site's own Mermaid */\n"


@pytest.mark.parametrize(
    ("config", "script"),
    [
        # mermaid2's `javascript` (#27.4: generate used to say "run npm ci").
        ("plugins:\n  - cjm\n  - mermaid2:\n      javascript: js/mermaid.min.js\n", "js"),
        # Material's own support: the script in extra_javascript, as a path or a mapping.
        ("extra_javascript:\n  - vendor/mermaid.min.js\n", "vendor"),
        ("extra_javascript:\n  - path: vendor/mermaid.min.js\n", "vendor"),
    ],
)
def test_generate_publishes_the_mermaid_the_site_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, script: str
) -> None:
    shutil.copytree(MINIMAL / "maps", tmp_path / "maps")
    (tmp_path / "docs" / script).mkdir(parents=True)
    (tmp_path / "docs" / script / "mermaid.min.js").write_bytes(SITE_MERMAID)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Mine\n{config}", "utf-8")
    result = generate(tmp_path, "--out", "out", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert "mermaid" not in result.output.lower()
    published = tmp_path / "out" / "docs" / "assets" / "javascripts" / "mermaid.min.js"
    assert published.read_bytes() == SITE_MERMAID
    written = load_config((tmp_path / "out" / "mkdocs.yml").read_text("utf-8"))
    assert written["extra_javascript"][0] == "assets/javascripts/mermaid.min.js"


def test_generate_says_what_pages_do_without_a_local_mermaid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MINIMAL / "maps", tmp_path / "maps")
    cdn = "https://unpkg.com/mermaid@11/dist/mermaid.min.js"
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Mine\nplugins:\n  - cjm\n  - mermaid2:\n      javascript: js/mermaid.min.js\n"
        f"extra_javascript:\n  - {cdn}\n",
        "utf-8",
    )
    result = generate(tmp_path, "--out", "out", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert (
        f"No local mermaid.min.js (mkdocs.yml names {cdn}: generate copies nothing from the "
        "web); looked in docs/js/mermaid.min.js, docs/assets/javascripts/mermaid.min.js, "
        "node_modules/mermaid/dist/mermaid.min.js. On each page with a diagram, Material (or "
        "Zensical) will load Mermaid from unpkg.com in the reader's browser; offline, the "
        "diagrams show as their source text."
    ) in said
    # Nothing it writes names another host: no CDN address, no script from the web.
    for path in (tmp_path / "out").rglob("*"):
        if path.suffix in (".yml", ".js", ".css"):
            assert "://" not in path.read_text("utf-8"), path
    written = load_config((tmp_path / "out" / "mkdocs.yml").read_text("utf-8"))
    assert not [js for js in written["extra_javascript"] if "mermaid" in js]


def test_generate_leaves_other_folders_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MINIMAL / "maps", tmp_path / "maps")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.md").write_text("mine", encoding="utf-8")
    result = generate(tmp_path, "--out", "mine", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert "is not empty and was not written by `mkdocs-cjm generate`" in result.output
    assert (tmp_path / "mine" / "notes.md").read_text(encoding="utf-8") == "mine"


def test_generate_is_refused_when_check_finds_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(MINIMAL / "maps", tmp_path / "maps")
    (tmp_path / "maps" / "personas" / "nina.md").write_text("---\nrole: x\n---\n", "utf-8")
    result = generate(tmp_path, "--out", "out", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert "maps/personas/nina.md:1: error: missing required field 'title'" in result.stderr
    assert "Not generated: 1 error" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("written", "explicit"),
    [
        ("# &#95;&#95;config\n", "# &#95;&#95;config {#config}\n"),
        ("## [&#95;&#95;search](x.md)\n", "## [&#95;&#95;search](x.md) {#search}\n"),
        ("## __drawer __toc\n", "## __drawer __toc {#drawer-toc}\n"),
        ("## 1. Step {#step-1}\n", "## 1. Step {#step-1}\n"),
        ("# A title\n", "# A title\n"),
        ("```\n# __config\n```\n", "```\n# __config\n```\n"),
        # Look-alikes that slugify's NFKD makes `_`, and what it drops as not ASCII (#22).
        ("# \uff3f\uff3fconfig\n", "# \uff3f\uff3fconfig {#config}\n"),
        ("## \ufe4d\ufe4ddrawer ##\n", "## \ufe4d\ufe4ddrawer {#drawer}\n"),
        ("# \u65e5__search\n", "# \u65e5__search {#search}\n"),
        # Underlined headings, headings in quotes and lists, an attribute list without an id.
        ("\uff3f\uff3fsearch\n=====\n", "\uff3f\uff3fsearch {#search}\n=====\n"),
        ("> __toc\n> ---\n", "> __toc {#toc}\n> ---\n"),
        ("- # __toc\n", "- # __toc {#toc}\n"),
        ("# __config {: .big }\n", "# __config {: #config .big }\n"),
        ("# __config {#mine}\n", "# __config {#mine}\n"),
        # Every id new on the page: no element shares one.
        (
            "# __x\n\n## __x {#step-1}\n\n## __x\n",
            "# __x {#x}\n\n## __x {#step-1}\n\n## __x {#x-1}\n",
        ),
        ('# __x\n<div id="x"></div>\n', '# __x {#x-1}\n<div id="x"></div>\n'),
        # Not headings: a line inside a paragraph, above a rule of another block.
        ("a\n__b\n---\n", "a\n__b\n---\n"),
        ("- __b\n  ---\n", "- __b\n  ---\n"),
        ("Text\n---\n", "Text\n---\n"),
        # The id never pairs with the text's own syntax (an `_` would close an emphasis).
        ("# __{: .c}_# # ", "# __{: .c}_# {#c}"),
        ("# __# {", "# __# &#123; {#section}"),
    ],
)
def test_headings_never_get_an_id_of_the_theme(written: str, explicit: str) -> None:
    # Material reads its configuration from `#__config`; a title may be anything.
    assert explicit_heading_ids(written) == explicit


def test_a_title_never_closes_the_documents_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Material prints a page's title into <title> unescaped by `striptags` unless the page
    # has a title meta: every generated page has one, escaped (#13).
    shutil.copytree(MINIMAL / "maps", tmp_path / "maps")
    persona = tmp_path / "maps" / "personas" / "nina.md"
    persona.write_text(
        persona.read_text(encoding="utf-8").replace(
            "title: Nina, the busy parent", 'title: "Nina </title><script>window.__xss=1</script>"'
        ),
        encoding="utf-8",
    )
    assert generate(tmp_path, "--out", "out", monkeypatch=monkeypatch).exit_code == 0
    build = mkdocs_build(tmp_path / "out" / "mkdocs.yml", tmp_path / "site")
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "site" / "personas" / "nina" / "index.html").read_text(encoding="utf-8")
    assert "<title>Nina &lt;/title&gt;&lt;script&gt;window.__xss=1&lt;/script&gt; - " in page
    for html_file in (tmp_path / "site").rglob("*.html"):
        assert "<script>window.__xss" not in html_file.read_text(encoding="utf-8"), html_file


@pytest.mark.parametrize("full_width", [True, False])
def test_journey_pages_hide_the_sidebars_unless_full_width_is_off(
    full_width: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`full_width` (default true): a journey's page and its stages' pages hide Material's
    sidebars, in the plugin's build and in `generate`'s front matter alike (#23)."""
    project = tmp_path / "project"
    shutil.copytree(MINIMAL / "maps", project / "maps")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    option = "" if full_width else "\n      full_width: false"
    config = project / "mkdocs.yml"
    config.write_text(
        f"site_name: Minimal\ntheme:\n  name: material\nplugins:\n  - cjm:{option}\n",
        encoding="utf-8",
    )
    result = generate(project, "--out", str(tmp_path / "out"), monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    built = mkdocs_build(config, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    journeys = tmp_path / "out" / "docs" / "journeys"
    pages = [p for p in journeys.rglob("*.md") if p != journeys / "index.md"]
    assert len(pages) >= 4  # the journeys and their stages
    for page in pages:
        front = page.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        assert ("hide:\n- navigation\n- toc" in front) is full_width, page
    # The list of journeys keeps its navigation (and hides its table of contents, as wide).
    index = (journeys / "index.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert "hide:\n- toc\n" in index
    built_pages = list((tmp_path / "site" / "journeys").glob("*/**/index.html"))
    assert len(built_pages) == len(pages)
    for html_page in built_pages:
        hidden = 'data-md-type="navigation" hidden' in html_page.read_text(encoding="utf-8")
        assert hidden is full_width, html_page
