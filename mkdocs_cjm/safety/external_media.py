"""Writer content that makes every reader's browser call another host (`external_media`).

An image from a web address, `url(https:...)` in a diagram's `themeCSS`, an `<img>`
in a flowchart label or an image shape (`@{ img: "https://..." }`) each make the
browser of every reader fetch from a host the handbook does not control: that host
learns who reads which page (the tracking the guide refuses for persona images),
and a company network may not reach it at all. With `external_media: warn` (the
default) they are reported as warnings (so `--strict` fails) and not fetched:
`neutralise_diagrams` empties such addresses in a body's Mermaid fences, and the
last pass over writers' HTML (`safety/writer_html.py`) drops such image sources.

`body_requests` finds them in a map's body, for `mkdocs-cjm check` and the build alike.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from ..diagnostics import Code, Diagnostic, warning
from ..read.source import Source

CODE: Code = "external-media"

# An address with a host: `https://host/...`, `//host/...` (the page's own scheme).
_WEB = r"(?:[a-z][a-z0-9+.-]*:)?//[^\s'\"()<>]*"
# A quote, also as Mermaid's entity code (`#quot;`, `#34;`), and spaces.
_QUOTE = r"(?:['\"]|\#\w+;)?\s*"
# In a Mermaid fence, what the browser fetches, with the address as group "url":
#   url(...) in themeCSS, classDef or style; @import in themeCSS;
#   src/href/poster/srcset of an element in an HTML label (`<a href>` is a link, no fetch);
#   `img:` of an image shape.
_DIAGRAM_FETCHES = re.compile(
    rf"""(?P<before>
        url\(\s*{_QUOTE}
      | @import\s+{_QUOTE}
      | <(?!a[\s>])[a-z][^>]*?\b(?:src|href|xlink:href|poster|srcset|data)\s*=\s*{_QUOTE}
      | \bimg\s*:\s*{_QUOTE}
    )(?P<url>{_WEB})""",
    re.IGNORECASE | re.VERBOSE,
)
# A fence that opens a Mermaid diagram, in any indentation (lists, admonitions, tabs):
# ```mermaid, ~~~ mermaid, ``` {.mermaid}.
_MERMAID_FENCE = re.compile(r"^[ \t>]*(?P<fence>`{3,}|~{3,})[ \t]*\{?[ \t]*\.?mermaid\b", re.I)


def has_host(url: str) -> bool:
    """Whether a URL names a host, which the browser would call: `https://x/`, `//x/`."""
    # As the browser reads it: character references decoded, controls and spaces dropped.
    cleaned = "".join(ch for ch in html.unescape(url) if ch > " ").replace("\\", "/")
    try:
        return bool(urlsplit(cleaned).netloc)
    except ValueError:
        return True  # unreadable: judged as reaching outside


def _diagram_lines(body: str) -> Iterator[int]:
    """Indexes of the lines of `body` inside Mermaid fences."""
    fence = ""
    for index, line in enumerate(body.split("\n")):
        if fence:
            stripped = line.strip(" \t>")
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
            else:
                yield index
        elif (match := _MERMAID_FENCE.match(line)) is not None:
            fence = match.group("fence")


class _Images(Treeprocessor):
    def __init__(self, md: Markdown, found: list[str]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: object) -> None:
        for element in root.iter("img"):  # type: ignore[attr-defined]
            self.found.append(element.get("src", ""))


@functools.cache
def _image_reader() -> tuple[Markdown, list[str]]:
    """One Markdown reader for every body (making one costs more than reading a body)."""
    found: list[str] = []
    md = Markdown(extensions=["attr_list", "fenced_code", "footnotes", "tables", "def_list"])
    # Raw HTML shows as text on the plugin's pages, so it fetches nothing.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Images(md, found), "cjm_images", 0)
    return md, found


def _image_sources(body: str) -> list[str]:
    """The `src` of every image a body's Markdown makes (inline, by reference, attr_list)."""
    if "![" not in body and "src" not in body:
        return []
    md, found = _image_reader()
    found.clear()
    md.reset().convert(body)
    return list(found)


def body_requests(body: str) -> list[tuple[int, str, str]]:
    """What in a map's body makes the reader's browser call another host:
    (line index in `body`, what it is, address), in the order of the body."""
    if "//" not in body:
        return []  # no address with a host: the common case, without parsing
    lines = body.split("\n")
    found = [
        (index, "an address in a Mermaid diagram", match.group("url"))
        for index in _diagram_lines(body)
        for match in _DIAGRAM_FETCHES.finditer(lines[index])
    ]
    for src in _image_sources(body):
        if has_host(src):
            found.append((line_of(lines, (src,)), "an image from another host", src))
    return sorted(found)


def line_of(lines: list[str], words: tuple[str, ...], start: int = 0) -> int:
    """Index of the first of `lines` from `start` on (then from the top) that holds
    `words` in this order as whole words, a few characters apart (`type: image`);
    failing that, a line with the last word, then the first; 0 if none has any."""
    order: list[int] = [*range(start, len(lines)), *range(min(start, len(lines)))]
    apart = r"[^\w]{0,4}"
    patterns = [apart.join(map(re.escape, words)), re.escape(words[-1]), re.escape(words[0])]
    for pattern in patterns:
        word = re.compile(rf"(?<![\w-]){pattern}(?![\w/.-])", re.IGNORECASE)
        for index in order:
            if word.search(lines[index]):
                return index
    return 0


def report(source: Source, out: list[Diagnostic]) -> None:
    """A warning at each line of `source`'s body that makes readers call another host."""
    for index, what, url in body_requests(source.body):
        out.append(external_media_warning(source.path, source.body_line + index, what, url))


def external_media_warning(path: str, line: int, what: str, url: str) -> Diagnostic:
    """The finding for one fetch from another host; the page does not make it."""
    return warning(
        path,
        line,
        f"{what} ({url}) would make every reader's browser call that host; the page leaves it out",
        "put the file in docs/ and use its path, or set `external_media: allow` in the "
        "cjm options of mkdocs.yml",
        code=CODE,
    )


def neutralise_diagrams(body: str) -> str:
    """`body` with every address of another host in its Mermaid fences emptied
    (`url()`, `src=""`, `img: ""`): the diagram draws, and fetches nothing."""
    if "//" not in body:
        return body
    lines = body.split("\n")
    empty: Callable[[re.Match[str]], str] = lambda match: match.group("before")  # noqa: E731
    for index in _diagram_lines(body):
        lines[index] = _DIAGRAM_FETCHES.sub(empty, lines[index])
    return "\n".join(lines)
