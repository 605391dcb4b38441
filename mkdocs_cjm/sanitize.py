"""Markdown rules for generated pages: no raw HTML, no script URLs, no event handlers.

Field values are escaped when they are written into a page (`render.py`), but a
map's body is Markdown by design, and Markdown lets a writer type raw HTML,
`javascript:` links and (with attr_list) `onclick` attributes. On generated
pages this extension switches raw HTML off, so it shows as text, and strips
what could still run script. Pages written by hand in `docs/` are untouched.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from collections.abc import Callable
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
_SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}


def is_safe_url(url: str) -> bool:
    """True for relative URLs and http(s), mailto and tel links; False for javascript: etc."""
    # Markdown keeps character references in attributes (`java&#115;cript:`) and
    # the browser decodes them, so judge the decoded URL. Browsers ignore control
    # characters and spaces inside a scheme; so must we.
    cleaned = "".join(ch for ch in html.unescape(url) if ch > " ").lower()
    try:
        scheme = urlsplit(cleaned).scheme
    except ValueError:
        return False
    return scheme in _SAFE_SCHEMES


class _SanitizeTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                lowered = name.lower()
                if lowered.startswith("on") or lowered == "style":
                    del element.attrib[name]
                elif lowered in _URL_ATTRIBUTES and not is_safe_url(element.attrib[name]):
                    del element.attrib[name]
                    # A link or image without its URL would trip up MkDocs' link
                    # checks; as a span it shows its text, which is what it said.
                    if element.tag == "img":
                        element.text = element.attrib.pop("alt", "")
                    element.tag = "span"


class GeneratedPageExtension(Extension):
    """Active only while a generated page renders, as `is_active` tells."""

    def __init__(self, is_active: Callable[[], bool]) -> None:
        super().__init__()
        self.is_active = is_active

    def extendMarkdown(self, md: Markdown) -> None:
        if not self.is_active():
            return
        # Without these two, `<script>` and `<img onerror>` are escaped and show as text.
        md.preprocessors.deregister("html_block", strict=False)
        md.inlinePatterns.deregister("html", strict=False)
        # Step headings carry stable anchors (`{#step-2}`) that links point to.
        md.registerExtensions(["attr_list"], {})
        # Lowest priority: runs after attr_list and every other tree change.
        md.treeprocessors.register(_SanitizeTreeprocessor(md), "cjm_sanitize", 0.1)
