"""The last pass over the HTML made from writers' bodies: an allow-list, applied by nh3.

`markdown_extension.GeneratedPageExtension` keeps a body's Markdown safe while it is parsed,
but extensions a site enables can make elements of any kind from a body
(`pymdownx.blocks.html` makes whatever tag a writer names: `<script>`, `<iframe
srcdoc>`, `<base href>`, `<meta http-equiv=refresh>`) or stash HTML that no tree
processor sees. So once a generated page is HTML, the parts made from writers'
bodies (the extension marks them) pass nh3, the maintained Rust
sanitiser (Ammonia): elements and attributes not on the allow-list below go,
and each one that went is reported at its line of the map. The plugin's own HTML
(the canvas, charts, tables) is outside those parts and left as it is.

A part from which nothing is dropped keeps its bytes: nh3 writes HTML in its own
normal form (`<br>` for `<br />`), so its output is used only where it differs in
substance (elements, attributes, text) from what Markdown wrote.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import NamedTuple

import nh3

from ..config import ExternalMedia
from ..diagnostics import Code, Diagnostic, warning
from .external_media import CODE as EXTERNAL_MEDIA
from .external_media import external_media_warning, has_host
from .markdown_extension import SAFE_SCHEMES, body_markers, is_theme_id

# What Markdown and the extensions of Material sites make of a body: nh3's own list
# (text, tables, lists, links, images), and task lists, pymdownx.tabbed and emoji icons.
_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"input", "label", "svg", "path"}
_ATTRIBUTES: dict[str, set[str]] = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"class", "id", "title", "lang", "dir", "role"},
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height", "align", "loading"},
    "input": {"checked", "disabled", "name"},  # and `type`, see `_VALUES`
    "label": {"for"},
    "details": {"open"},
    "ol": {"start", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "svg": {"viewBox", "xmlns", "width", "height", "fill"},  # viewBox: in its SVG case
    "path": {"d", "fill", "fill-rule", "clip-rule"},
    # fenced_code writes a fence's options (`~~~python hl_lines="2"`) as attributes of
    # <code> when no highlighter takes them: inert, and nothing a writer should remove.
    "code": {"hl_lines", "linenums"},
}
# Check boxes of task lists, the radio buttons of pymdownx.tabbed: no other kind of input.
_VALUES = {"input": {"type": {"checkbox", "radio"}}}
# `aria-*` for assistive technology; `data-*` for extensions (pymdownx.tabbed), but not
# `data-md-*`, with which Material's script drives its components (see `_attribute`).
_ATTRIBUTE_PREFIXES = {"aria-", "data-"}
# Script and style are dropped with their text; other elements not allowed leave their text.
_DROPPED_WITH_CONTENT = {"script", "style"}
# Elements without an end tag, however a serialiser writes them (`<br>`, `<br />`).
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)


@dataclass(frozen=True)
class Dropped:
    """Something left out of a writer's HTML: what it was, and words to find its line by."""

    what: str
    words: tuple[str, ...]  # that name it in the body: a tag, an attribute and its value
    code: Code


def left_out(path: str, line: int, dropped: Dropped) -> Diagnostic:
    """The warning for something left out of a writer's HTML, at its line of the map."""
    if dropped.code == EXTERNAL_MEDIA:
        return external_media_warning(path, line, dropped.what, dropped.words[-1])
    return warning(
        path,
        line,
        f"{dropped.what} made from the body is left out: the handbook's pages keep only "
        "the HTML of text, links, images, lists and tables",
        "remove it from the body; an extension in `markdown_extensions` (such as "
        "pymdownx.blocks.html) made it",
        code=dropped.code,
    )


def _attribute(external_media: ExternalMedia) -> Callable[[str, str, str], str | None]:
    """nh3's `attribute_filter`: the rules of `markdown_extension` for the allowed attributes.

    Classes stay: the tree pass took Mermaid's from writers' elements, and a writer's
    ```mermaid fence gets its class from the fence formatter (which escapes the source).
    """

    def check(tag: str, name: str, value: str) -> str | None:
        if name == "id":
            return None if is_theme_id(value) else value
        if name.startswith("data-md-"):
            return None
        if name == "src" and external_media == "warn" and has_host(value):
            return None
        return value

    return check


def _sanitise(fragment: str, external_media: ExternalMedia) -> str:
    return nh3.clean(
        fragment,
        tags=set(_TAGS),
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        tag_attribute_values=_VALUES,
        attribute_filter=_attribute(external_media),
        generic_attribute_prefixes=_ATTRIBUTE_PREFIXES,
        url_schemes={scheme for scheme in SAFE_SCHEMES if scheme},
        link_rel=None,
        # Comments run nothing, and icons carry their licence in one (Font Awesome).
        strip_comments=False,
    )


class _Start(NamedTuple):
    tag: str
    attributes: tuple[tuple[str, str], ...]


class _Reading(HTMLParser):
    """What a fragment holds, in order: start tags with attributes, end tags, text;
    the same for any two ways of writing the same HTML."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[object] = []
        self.starts: list[_Start] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = _Start(tag, tuple(sorted((name, value or "") for name, value in attrs)))
        self.starts.append(start)
        self.events.append(start)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.events.append(("end", tag))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.events and isinstance(self.events[-1], str):
            self.events[-1] += data
        else:
            self.events.append(data)

    def handle_comment(self, data: str) -> None:
        self.events.append(("comment", data))

    def handle_decl(self, decl: str) -> None:
        self.events.append(("declaration", decl))

    def handle_pi(self, data: str) -> None:
        self.events.append(("processing instruction", data))

    def unknown_decl(self, data: str) -> None:
        self.events.append(("declaration", data))


def clean_writer_html(fragment: str, external_media: ExternalMedia) -> tuple[str, list[Dropped]]:
    """A writer's part of a page through the allow-list: its HTML, and what was left out."""
    cleaned = _sanitise(fragment, external_media)
    before, after = _Reading(fragment), _Reading(cleaned)
    if before.events == after.events:
        return fragment, []
    return cleaned, _dropped(before.starts, after.starts, external_media)


def _dropped(
    before: list[_Start], after: list[_Start], external_media: ExternalMedia
) -> list[Dropped]:
    kept_tags = Counter(start.tag for start in after)
    kept_attributes = Counter((start.tag, *pair) for start in after for pair in start.attributes)
    dropped: list[Dropped] = []
    for tag, attributes in before:
        if kept_tags[tag] > 0:
            kept_tags[tag] -= 1
        else:
            dropped.append(Dropped(f"the element `<{tag}>`", (tag,), "writer-html"))
            continue
        for name, value in attributes:
            if kept_attributes[(tag, name, value)] > 0:
                kept_attributes[(tag, name, value)] -= 1
            elif name == "src" and external_media == "warn" and has_host(value):
                dropped.append(Dropped("an image from another host", (value,), EXTERNAL_MEDIA))
            else:
                words = (name, value) if value else (name,)
                what = f"the attribute `{name}` of `<{tag}>`"
                dropped.append(Dropped(what, words, "writer-html"))
    return dropped


def clean_writer_regions(
    page: str, marker: str, external_media: ExternalMedia
) -> tuple[str, list[Dropped]]:
    """A generated page's HTML with each writer's part through the allow-list and the
    marker elements (`markdown_extension._WriterRegions`) removed; what was left out."""
    start, end = (f"<{word}></{word}>" for word in body_markers(marker))
    if start not in page:
        return page, []
    parts = re.split(f"({re.escape(start)}|{re.escape(end)})", page)
    out: list[str] = []
    dropped: list[Dropped] = []
    inside = False
    for part in parts:
        if part in (start, end):
            inside = part == start
        elif inside and part:
            html, left_out = clean_writer_html(part, external_media)
            out.append(html)
            dropped += left_out
        else:
            out.append(part)
    return "".join(out), dropped
