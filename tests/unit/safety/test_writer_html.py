"""The allow-list over writers' HTML, and `external_media`: real site builds and `check`.

A site that enables element-making extensions (`pymdownx.blocks.html`) lets a map's
body make any element; `tests/fixtures/writer-html` holds one of each kind an
attacker would use, and images and diagrams that call another host. The build
must leave every one out and name each at its line of the map; `check` must name
the same fetches from other hosts. (Chromium: tests/browser/test_writer_html.py.)
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from sitebuild import PAYLOAD_MAP as MAP
from sitebuild import mkdocs_build, payload_project, run_cjm

from mkdocs_cjm.safety.external_media import body_requests, neutralise_diagrams
from mkdocs_cjm.safety.writer_html import clean_writer_html

# What the build leaves out of the map's body, by its line there.
LEFT_OUT = {
    20: "the element `<script>`",
    24: "the element `<iframe>`",
    28: "the element `<meta>`",
    32: "the element `<base>`",
    36: "the element `<link>`",
    40: "the element `<style>`",
    44: "the element `<object>`",
    53: "the attribute `type` of `<input>`",
}
# Fetches from another host, by line: what `check` and the build report alike...
EXTERNAL = {
    56: "an image from another host (https://evil.example/pixel.png)",
    60: "an image from another host (https://evil.example/note.png)",
    63: "an address in a Mermaid diagram (https://evil.example/css.png)",
    65: "an address in a Mermaid diagram (https://evil.example/label.png)",
    66: "an address in a Mermaid diagram (https://evil.example/shape.png)",
}
# ... and one only the build sees: pymdownx.blocks.html made the image.
BUILD_ONLY_EXTERNAL = {
    49: "an image from another host (https://evil.example/block.png)",
    53: "an image from another host (https://evil.example/input.png)",
}


def warnings(log: str, code: str) -> dict[int, str]:
    """The `MAP:line: message` warnings of a build log or `check` output with `code`."""
    found = re.findall(rf"{re.escape(MAP)}:(\d+): (?:warning: )?(.*?) — .*\[{code}\]$", log, re.M)
    return {int(line): message for line, message in found}


@pytest.fixture(scope="module")
def payload_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(the journey page's HTML, the build log) of the payload project."""
    root = tmp_path_factory.mktemp("payloads")
    result = mkdocs_build(payload_project(root), root / "site", strict=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    page = (root / "site" / "journeys" / "visit" / "index.html").read_text(encoding="utf-8")
    return page, result.stderr


def test_build_leaves_out_every_element_and_names_its_line(payload_build: tuple[str, str]) -> None:
    page, log = payload_build
    article = page[page.index("<article") : page.index("</article>")]
    for tag in ("script", "iframe", "meta", "base", "link", "style", "object"):
        assert f"<{tag}" not in article, tag
    assert "__cjmXss" not in article
    assert "evil.example" not in page
    left_out = re.findall(rf"{re.escape(MAP)}:(\d+): (.*?) made from .*\[writer-html\]$", log, re.M)
    assert {(int(line), what) for line, what in left_out} == {
        *LEFT_OUT.items(),
        (53, "the attribute `alt` of `<input>`"),
    }
    assert "<input>" in article  # an input of text, without its image
    # What the writer meant to show stays: text, a link, the images' words, the diagram.
    assert '<a href="https://example.org/kept">link</a>' in article
    assert '<img alt="pixel">' in article
    assert "Text after the payloads." in article
    assert '<pre class="mermaid"><code>' in article
    # The plugin's own markup around the body is untouched, the markers gone.
    assert 'class="cjm-source"' in page
    assert "cjm-body-" not in page


def test_build_and_check_report_each_fetch_from_another_host(
    payload_build: tuple[str, str], tmp_path: Path
) -> None:
    _, log = payload_build
    reported = warnings(log, "external-media")
    assert {line: m.split(" would")[0] for line, m in reported.items()} == {
        **EXTERNAL,
        **BUILD_ONLY_EXTERNAL,
    }
    payload_project(tmp_path)
    check = run_cjm("check", cwd=tmp_path)
    assert "Traceback" not in check.stderr
    in_check = warnings(check.stdout, "external-media")
    assert {line: m.split(" would")[0] for line, m in in_check.items()} == EXTERNAL
    # The same words in both.
    assert all(in_check[line] == reported[line] for line in EXTERNAL)
    strict = run_cjm("check", "--strict", cwd=tmp_path)
    assert strict.returncode == 1


def test_diagram_addresses_are_emptied(payload_build: tuple[str, str]) -> None:
    page, _ = payload_build
    diagram = page[page.index('<pre class="mermaid"><code>%%{init') :]
    diagram = diagram[: diagram.index("</pre>")]
    assert "fill: url() }" in diagram
    assert "&lt;img src='' width=20&gt; label" in diagram
    assert 'C@{ img: "", label: "shape"' in diagram


def test_allow_keeps_other_hosts_and_says_nothing(tmp_path: Path) -> None:
    config = payload_project(tmp_path, "\n      external_media: allow")
    result = mkdocs_build(config, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    assert "[external-media]" not in result.stderr
    page = (tmp_path / "site" / "journeys" / "visit" / "index.html").read_text(encoding="utf-8")
    assert '<img alt="pixel" src="https://evil.example/pixel.png">' in page
    assert "url(https://evil.example/css.png)" in page
    check = run_cjm("check", cwd=tmp_path)
    assert "[external-media]" not in check.stdout
    # The allow-list holds whatever the option says.
    assert "<script" not in page[page.index("<article") : page.index("</article>")]
    assert "[writer-html]" in result.stderr


def test_a_wrong_value_of_the_option_is_refused(tmp_path: Path) -> None:
    config = payload_project(tmp_path, "\n      external_media: block")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "'external_media' is 'block', but must be one of: warn, allow" in result.stderr


# -- the pieces ---------------------------------------------------------------------------


def test_html_without_anything_to_leave_out_keeps_its_bytes() -> None:
    fragment = (
        '<p>Text &amp; <em>more</em><br />\n<img alt="x" src="../a.png" /></p>\n'
        '<div class="admonition note"><p class="admonition-title">Note</p></div>\n'
        '<div class="tabbed-set tabbed-alternate" data-tabs="1:1">'
        '<input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio" />'
        '<div class="tabbed-labels"><label for="__tabbed_1_1">A</label></div></div>\n'
        '<pre class="mermaid"><code>flowchart LR\n  A --&gt; B</code></pre>'
    )
    assert clean_writer_html(fragment, "warn") == (fragment, [])


def test_icons_task_lists_and_tabs_keep_their_bytes_and_emoji_from_a_cdn_go() -> None:
    from material.extensions import emoji

    md = markdown.Markdown(
        extensions=["pymdownx.emoji", "pymdownx.tasklist", "pymdownx.tabbed", "footnotes"],
        extension_configs={
            "pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg},
            "pymdownx.tabbed": {"alternate_style": True},
        },
    )
    kept = md.convert(
        ":material-account-circle: :fontawesome-brands-github:\n\n- [x] done\n- [ ] open\n\n"
        '=== "One"\n    text\n\nA note[^1].\n\n[^1]: The note.\n'
    )
    assert clean_writer_html(kept, "warn") == (kept, [])
    # Twemoji's own pictures (`:smile:`) come from a CDN: every reader would call it.
    html, dropped = clean_writer_html(md.reset().convert(":smile:"), "warn")
    assert [item.what for item in dropped] == ["an image from another host"]
    assert "cdn.jsdelivr.net" in dropped[0].words[0] and "cdn.jsdelivr.net" not in html


@pytest.mark.parametrize(
    ("fragment", "left_out"),
    [
        ("<p>a</p><script>alert(1)</script>", "the element `<script>`"),
        ('<p id="__config">a</p>', "the attribute `id` of `<p>`"),
        ('<p data-md-component="toc">a</p>', "the attribute `data-md-component` of `<p>`"),
        ('<a href="javascript:alert(1)">a</a>', "the attribute `href` of `<a>`"),
        ('<p style="color: red">a</p>', "the attribute `style` of `<p>`"),
        ('<svg><use href="https://evil.example/s.svg#x"></use></svg>', "the element `<use>`"),
    ],
)
def test_html_outside_the_allow_list_is_left_out(fragment: str, left_out: str) -> None:
    html, dropped = clean_writer_html(fragment, "allow")
    assert [item.what for item in dropped] == [left_out]
    assert "alert" not in html and "evil" not in html


def test_body_requests_ignore_links_code_and_raw_html() -> None:
    body = (
        "[a link](https://example.org/) and `![code](https://x.example/a.png)`\n\n"
        "    ![indented code](https://x.example/b.png)\n\n"
        '<img src="https://x.example/raw.png">\n\n'
        "```css\nbody { background: url(https://x.example/c.png) }\n```\n\n"
        '```mermaid\nflowchart LR\n  click A href "https://example.org/"\n```\n'
    )
    assert body_requests(body) == []
    assert neutralise_diagrams(body) == body


def test_body_requests_find_reference_images_and_indented_diagrams() -> None:
    body = (
        "![a][ref]\n\n[ref]: //cdn.example/a.png\n\n"
        "- item\n\n    ``` mermaid\n    flowchart LR\n"
        "      A@{ img: 'https://x.example/i.png' }\n    ```\n"
    )
    assert body_requests(body) == [
        (2, "an image from another host", "//cdn.example/a.png"),
        (8, "an address in a Mermaid diagram", "https://x.example/i.png"),
    ]
    assert "img: ''" in neutralise_diagrams(body)
