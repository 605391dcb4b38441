"""Markdown rules for generated pages: no raw HTML, no script URLs, no event handlers.

Field values are escaped when they are written into a page (`render/markdown.py`), but a
map's body is Markdown by design, and Markdown lets a writer type raw HTML,
`javascript:` links and (with attr_list) `onclick` attributes. On generated
pages this extension switches raw HTML off, so it shows as text, and strips
what could still run script. Pages written by hand in `docs/` are untouched.

Writer text must also never set an element id or attribute the theme or the
plugin relies on (Material reads its configuration from `#__config`; a Mermaid
class turns a paragraph into a diagram). So attribute lists in a body keep only
classes and a few presentational attributes (`strip_attribute_lists`), heading ids
never start with `__`, and writer fences are escaped and lose their ids whatever
fence formatter the site configured.

`safety/markdown_text.py` does the same to the Markdown text itself, for the pages
`mkdocs-cjm generate` writes: those are built without this extension.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .escape import html_text

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
# What an attribute list in a writer's text may set besides classes: presentation only.
# Ids, names, `data-*` (Material's components are `data-md-*`), `for`, `hidden` and
# the rest could clobber or drive the theme's and the plugin's own elements.
_WRITER_ATTRIBUTES = frozenset(
    {"title", "lang", "dir", "width", "height", "alt", "align", "loading", "href", "src"}
)
# Ids of generated content must not start with this: the theme's own ids do
# (Material: `__config`, `__search`, `__drawer`, `__toc`, `__palette_0`, ...).
_THEME_ID_PREFIX = "__"
# ... except the numbered ids that extensions write themselves: pymdownx.tabbed's tabs,
# pymdownx.highlight's line anchors (`anchor_linenums`, `line_spans`).
_EXTENSION_ID = re.compile(r"__(?:tabbed_\d+_\d+|codelineno-\d+-\d+|span-\d+-\d+)$")


def is_safe_url(url: str) -> bool:
    """True for relative URLs and http(s), mailto and tel links; False for javascript: etc."""
    if ":" not in url and "&" not in url:
        # No scheme, and no character reference that could spell one: a relative
        # URL, as are nearly all the links of a generated page.
        return True
    # Markdown keeps character references in attributes (`java&#115;cript:`) and
    # the browser decodes them, so judge the decoded URL. Browsers ignore control
    # characters and spaces inside a scheme; so must we.
    cleaned = "".join(ch for ch in html.unescape(url) if ch > " ").lower()
    try:
        scheme = urlsplit(cleaned).scheme
    except ValueError:
        return False
    return scheme in SAFE_SCHEMES


def web_url(text: str) -> str | None:
    """`text` if it is one http(s) URL (evidence, a tracker link) safe to link to, else None."""
    value = text.strip()
    if re.match(r"https?://\S+$", value) and is_safe_url(value):
        return value
    return None


def is_writer_class(name: str) -> bool:
    """False for the classes that make Mermaid render an element as a diagram."""
    return "mermaid" not in name.lower()


def is_theme_id(value: str) -> bool:
    """Whether an element id is of the theme's kind (`__config`), which writers may not set."""
    return value.startswith(_THEME_ID_PREFIX) and not _EXTENSION_ID.match(value)


def safe_slugify(slugify: Callable[[str, str], str]) -> Callable[[str, str], str]:
    """`slugify` for heading ids that never gives an id starting with `__` (the theme's)."""

    def slug(value: str, separator: str) -> str:
        result = slugify(value, separator)
        if result.startswith("_"):
            result = result.lstrip("_") or "section"
        return result

    return slug


class _SanitizeTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                lowered = name.lower()
                if lowered.startswith(("on", "data-md-")) or lowered == "style":
                    del element.attrib[name]
                elif lowered == "id":
                    if is_theme_id(element.attrib[name]):
                        del element.attrib[name]
                elif lowered == "class":
                    classes = [c for c in element.attrib[name].split() if is_writer_class(c)]
                    if classes:
                        element.attrib[name] = " ".join(classes)
                    else:
                        del element.attrib[name]
                elif lowered in URL_ATTRIBUTES and not is_safe_url(element.attrib[name]):
                    del element.attrib[name]
                    # A link or image without its URL would trip up MkDocs' link
                    # checks; as a span it shows its text, which is what it said.
                    if element.tag == "img":
                        element.text = element.attrib.pop("alt", "")
                    element.tag = "span"


def body_markers(marker: str) -> tuple[str, str]:
    """The paragraphs put before and after a writer's body (see `GeneratedPageExtension`)."""
    return f"{marker}-start", f"{marker}-end"


def trusted_html(block: str, marker: str) -> str:
    """HTML the plugin wrote (the journey canvas), as a generated page's Markdown carries
    it: one line `html_block_line` marks with the build's word. Every writer string in
    `block` must already be escaped."""
    return html_block_line(block, marker)


class _WriterRegions(Treeprocessor):
    """Finds the elements made from writers' bodies, before attr_list reads their attributes.

    The plugin puts each body between two marker paragraphs whose text holds a
    random word of the build, which no writer can know and so cannot forge. What
    was between them, and the footnotes (only bodies make them), is the writers'.
    Without an end marker (a body that leaves a fence open), the rest of the page
    counts as the writer's. The markers become empty elements named by their word
    around the writers' parts, without white space of their own, so that the last
    pass over the page's HTML (`writer_html.clean_writer_regions`) finds those
    parts and then removes the markers, leaving the bytes a page without them has.
    """

    def __init__(self, md: Markdown, marker: str) -> None:
        super().__init__(md)
        self.start, self.end = body_markers(marker)
        self.elements: set[etree.Element] = set()

    def run(self, root: etree.Element) -> None:
        self.elements = set()
        inside = False
        children: list[etree.Element] = []
        for child in root:
            text = child.text if child.tag == "p" and len(child) == 0 else None
            if text in (self.start, self.end):
                inside = text == self.start
                children.append(_marker_element(text))
            elif inside:
                self.elements.update(child.iter())
                children.append(child)
            elif child.tag == "div" and "footnote" in child.get("class", "").split():
                self.elements.update(child.iter())
                children += [_marker_element(self.start), child, _marker_element(self.end)]
            else:
                children.append(child)
        root[:] = children


def _marker_element(word: str) -> etree.Element:
    # An element named by the marker: no writer can make one, and no extension reads it.
    return etree.Element(word)


def _writer_attributes(md: Markdown, regions: _WriterRegions) -> None:
    """Let attribute lists in writers' bodies set classes and presentation only."""
    attr_list = md.treeprocessors["attr_list"]
    assign = attr_list.assign_attrs  # type: ignore[attr-defined]

    def assign_attrs(element: etree.Element, attrs: str, *, strict: bool = False) -> str:
        if element not in regions.elements:
            return str(assign(element, attrs, strict=strict))
        wanted = etree.Element(element.tag)
        remainder = str(assign(wanted, attrs, strict=strict))
        for name, value in wanted.attrib.items():
            if name == "class":
                # Mermaid classes go in the last pass, with every other element's.
                element.set("class", f"{element.get('class', '')} {value}".strip())
            elif name.lower() in _WRITER_ATTRIBUTES:
                element.set(name, value)
        return remainder

    attr_list.assign_attrs = assign_attrs  # type: ignore[attr-defined]


class GeneratedPageExtension(Extension):
    """Active only while a generated page renders, as `is_active` tells.

    `body_marker` is the random word of the marker paragraphs the plugin puts
    around writers' bodies (`body_markers`).
    """

    def __init__(self, is_active: Callable[[], bool], body_marker: str = "") -> None:
        super().__init__()
        self.is_active = is_active
        self.body_marker = body_marker

    def extendMarkdown(self, md: Markdown) -> None:
        if not self.is_active():
            return
        # Without these two, `<script>` and `<img onerror>` are escaped and show as text.
        md.preprocessors.deregister("html_block", strict=False)
        md.inlinePatterns.deregister("html", strict=False)
        _appended_snippets_only(md)
        # Step headings carry stable anchors (`{#step-2}`) that links point to.
        md.registerExtensions(["attr_list"], {})
        if self.body_marker:
            # After the inline patterns (20), before attr_list (8) reads the attribute lists.
            regions = _WriterRegions(md, self.body_marker)
            md.treeprocessors.register(regions, "cjm_writer_regions", 9)
            _writer_attributes(md, regions)
            # After whitespace is normalised (30), before fences (25) and HTML blocks (20).
            md.preprocessors.register(_PluginHtmlBlocks(md, self.body_marker), "cjm_html", 29)
        # Lowest priority: runs after attr_list and every other tree change.
        md.treeprocessors.register(_SanitizeTreeprocessor(md), "cjm_sanitize", 0.1)
        # A heading typed `__config` must not take the id Material reads its configuration from.
        if "toc" in md.treeprocessors:
            toc = md.treeprocessors["toc"]
            if callable(getattr(toc, "slugify", None)):
                toc.slugify = safe_slugify(toc.slugify)  # type: ignore[attr-defined]
        _guard_fences(md)


def _appended_snippets_only(md: Markdown) -> None:
    """pymdownx.snippets on a generated page: no line of the page includes a file.

    `--8<-- "/etc/hostname"` in a map's body would publish a file of the build
    machine, so the page's own lines pass through as text; the site's `auto_append`
    files (its abbreviations, say) are still appended. The preprocessor stays
    registered: the extension looks it up by name on every page (`reset`).
    """
    if "snippet" not in md.preprocessors:
        return
    snippets = md.preprocessors["snippet"]
    include = snippets.run

    def appended_only(lines: list[str]) -> list[str]:
        return lines + include([])

    snippets.run = appended_only  # type: ignore[method-assign]


# -- HTML the plugin made itself (charts) -------------------------------------------------
#
# Raw HTML is off on generated pages, yet a chart needs elements Markdown cannot
# write (an SVG, a grid with classes). The plugin builds such a block with
# ElementTree, which escapes every text and attribute value, and writes it as one
# line after a marker made from the build's random body word: no map can forge
# that line, and only the plugin's own blocks become HTML.


def html_block_line(fragment: str, marker: str) -> str:
    """A block of plugin-made HTML as one line of a generated page's Markdown.

    With a `marker` (the plugin's body word) the line is read by this extension;
    without one (pages for engines without the plugin, which allow raw HTML) it
    is the HTML itself, a raw HTML block.
    """
    one_line = " ".join(fragment.splitlines())
    return f"{marker}-html {one_line}" if marker else one_line


class _PluginHtmlBlocks(Preprocessor):
    """Stashes the plugin's HTML lines (`html_block_line`) as raw HTML blocks."""

    def __init__(self, md: Markdown, marker: str) -> None:
        super().__init__(md)
        self.prefix = f"{marker}-html "

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            if line.startswith(self.prefix):
                out += ["", self.md.htmlStash.store(line[len(self.prefix) :]), ""]
            else:
                out.append(line)
        return out


# -- Fences: whatever formatter the site configured --------------------------------------
#
# pymdownx.superfences hands a fence's source to the formatter a site names in
# mkdocs.yml. `mermaid2.fence_mermaid_custom`, which mermaid2's documentation gives
# for Material, writes it into the page as raw HTML: `<img onerror>` in a writer's
# diagram would run. On generated pages every custom fence gets its source escaped
# when its formatter would not escape it, and no writer id, class or attribute.


def _escapes_source(formatter: Callable[..., Any], md: Markdown, language: str) -> bool:
    """Whether `formatter` escapes the source it is given (asked once with a probe)."""
    probe = "<&>"
    try:
        written = formatter(
            src=probe, language=language, options={}, md=md, classes=[], id_value="", attrs={}
        )
    except Exception:  # a formatter that cannot format the probe: escape to be sure
        return False
    return isinstance(written, str) and probe not in written


def _guarded_formatter(formatter: Callable[..., Any], md: Markdown, language: str) -> Any:
    escapes: list[bool] = []

    def format_fence(src: str = "", **kwargs: Any) -> Any:
        if not escapes:
            escapes.append(_escapes_source(formatter, md, language))
        if not escapes[0]:
            # The browser decodes the references back into the text Mermaid reads.
            src = html_text(src)
        kwargs.update(id_value="", attrs={})
        kwargs["classes"] = [c for c in kwargs.get("classes") or [] if is_writer_class(c)]
        return formatter(src=src, **kwargs)

    return format_fence


def _guard_fences(md: Markdown) -> None:
    if "fenced_code_block" not in md.preprocessors:
        return
    extension = getattr(md.preprocessors["fenced_code_block"], "extension", None)
    for entry in getattr(extension, "superfences", None) or []:
        # The first entry is superfences' own highlighter, which escapes; the rest are custom.
        if entry.get("name") != "superfences" and callable(entry.get("formatter")):
            entry["formatter"] = _guarded_formatter(entry["formatter"], md, entry["name"])
