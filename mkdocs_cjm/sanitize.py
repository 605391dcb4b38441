"""Markdown rules for generated pages: no raw HTML, no script URLs, no event handlers.

Field values are escaped when they are written into a page (`render.py`), but a
map's body is Markdown by design, and Markdown lets a writer type raw HTML,
`javascript:` links and (with attr_list) `onclick` attributes. On generated
pages this extension switches raw HTML off, so it shows as text, and strips
what could still run script. Pages written by hand in `docs/` are untouched.

`neutralise_markdown` does the same to the Markdown text itself, for the pages
`mkdocs-cjm generate` writes: those are built without this extension.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.treeprocessors import Treeprocessor

_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
_SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}


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
        # pymdownx.snippets would let a map's body pull in files of the build machine.
        md.preprocessors.deregister("snippet", strict=False)
        # Step headings carry stable anchors (`{#step-2}`) that links point to.
        md.registerExtensions(["attr_list"], {})
        # Lowest priority: runs after attr_list and every other tree change.
        md.treeprocessors.register(_SanitizeTreeprocessor(md), "cjm_sanitize", 0.1)


# -- Markdown that stays safe without this extension (`mkdocs-cjm generate`) ---------------
#
# Pages written by `generate` are built by engines that do not run this extension,
# usually with raw HTML on. So a body is made safe as Markdown text: `<` becomes
# `&lt;` (no HTML at all), script links lose their link syntax and attribute lists
# lose event handlers, styles and script URLs. The rules mirror Python-Markdown
# (its own fence and attribute-list parsers are used) and err on the side of
# showing a character too many: text that cannot be proven to be code is treated
# as prose, where escaping is harmless.

_FENCED_BLOCK = FencedBlockPreprocessor.FENCED_BLOCK_RE
# A line that could open or close a fence once it sits next to other Markdown.
_FENCE_LINE = re.compile(r"^(?:`{3,}|~{3,})", re.MULTILINE)
# Python-Markdown parses blocks of text separated by blank lines; inline syntax never
# crosses one.
_BLANK_LINES = re.compile(r"(\n\n+)")
_SCHEME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789+.-")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
# Longer than any real scheme; a longer run of scheme characters is judged unsafe.
_MAX_SCHEME = 64
# More braces than this in one block: escape them all rather than read every one.
_MAX_BRACES = 100
# The tokens of an attribute list, in the order Python-Markdown's attr_list tries them.
_ATTR_TOKEN = re.compile(r"""[^ =}]+=".*?"|[^ =}]+='.*?'|[^ =}]+=[^ =}]+|[^ =}]+| """)
_ATTR_START = re.compile(r"\{:?[ ]*")
_AUTOLINK = re.compile(r"<(https?://[^\s<>`]+)>", re.IGNORECASE)
_ANGLE_DESTINATION = re.compile(r"[ ]*<([^<>\n]*)>")
_REFERENCE = re.compile(r"\[[^\[\]]*\]:[ ]*\n?[ ]*(\S)")
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]])")


def neutralise_markdown(text: str) -> str:
    """Markdown `text` made safe to render with raw HTML allowed, as plain MkDocs does.

    Raw HTML shows as text; links, images and reference definitions with a script
    (or other non-web) URL show as text; `{: onclick=... style=...}` attribute lists
    keep only harmless attributes. Fenced code blocks and code spans stay as they are.
    """
    # What Python-Markdown does first, so that fences are found where it finds them.
    text = text.replace("\x02", "").replace("\x03", "").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"(?m)^[ ]+$", "", text.expandtabs(4))
    out: list[str] = []
    position = 0
    for start, end, fence in _fenced_blocks(text):
        out.append(_neutralise_prose(text[position:start]))
        out.append(fence)
        position = end
    out.append(_neutralise_prose(text[position:]))
    return "".join(out)


def _fenced_blocks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, safe text) of each fenced code block, found as `fenced_code` finds them."""
    blocks = []
    index = 0
    while (match := _FENCED_BLOCK.search(text, index)) is not None:
        block = match.group(0)
        if match.group("attrs"):
            attrs = match.group("attrs")
            _, remainder = get_attrs_and_remainder(attrs)
            if remainder:  # not a fence for Python-Markdown either; it searches on from here
                index = match.end("attrs")
                continue
            offset = match.start()
            block = (
                text[offset : match.start("attrs")]
                + _neutralise_attributes(attrs)
                + text[match.end("attrs") : match.end()]
            )
        blocks.append((match.start(), match.end(), block))
        index = match.end()
    return blocks


def _neutralise_prose(text: str) -> str:
    # A fence line left over here has no partner; next to other text it could find one.
    text = _FENCE_LINE.sub(lambda m: f"&#{ord(m.group()[0])};{m.group()[1:]}", text)
    return "".join(
        part if index % 2 else _neutralise_block(part)
        for index, part in enumerate(_BLANK_LINES.split(text))
    )


def _code_spans(block: str) -> list[tuple[int, int]]:
    """The code spans of a block, when they are certain; else none (all is prose).

    Python-Markdown pairs backtick runs across lines, table cells and list items in
    ways a reader of the source cannot always see. Only the plain case is trusted:
    single backticks, none escaped, an even number on every line.
    """
    if "``" in block or "\\`" in block:
        return []
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in block.split("\n"):
        ticks = [offset + i for i, ch in enumerate(line) if ch == "`"]
        if len(ticks) % 2:
            return []
        spans.extend((ticks[i], ticks[i + 1] + 1) for i in range(0, len(ticks), 2))
        offset += len(line) + 1
    return spans


def _neutralise_block(block: str) -> str:
    spans = _code_spans(block)
    # Every change is an edit of block[start:end]; code spans are edits to themselves.
    edits: dict[int, tuple[int, str]] = {start: (end, block[start:end]) for start, end in spans}
    taken = [False] * (len(block) + 1)
    for start, end in spans:
        taken[start:end] = [True] * (end - start)

    def claim(start: int, end: int, replacement: str) -> None:
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            edits[start] = (end, replacement)

    if block.count("{") > _MAX_BRACES:
        # No attribute list survives an escaped brace.
        for match in re.finditer(r"\{", block):
            claim(match.start(), match.end(), "&#123;")
    # Attribute lists first: removing a handler wins over any other reading of its text.
    for match in _ATTR_START.finditer(block):
        if taken[match.start()]:
            continue
        line_end = block.find("\n", match.end())
        limit = len(block) if line_end == -1 else line_end
        # A code span ends the list: Python-Markdown never reads attributes across one.
        limit = next((i for i in range(match.end(), limit) if taken[i]), limit)
        tokens = []
        position = match.end()
        while position < limit and (token := _ATTR_TOKEN.match(block, position, limit)):
            tokens.append(token)
            position = token.end()
        unsafe = [t for t in tokens if _is_unsafe_attribute(t.group())]
        if not unsafe:
            continue
        if block.startswith("}", position) and all(
            t in unsafe or not t.group().strip() for t in tokens
        ):
            # Nothing harmless is left: drop the whole list rather than leave `{: }`.
            claim(match.start(), position + 1, "")
            continue
        for token in unsafe:
            claim(token.start(), token.end(), "")
    for match in _REFERENCE.finditer(block):
        destination = match.start(1)
        if _has_unsafe_scheme(block, destination):
            claim(match.start(), match.start() + 1, "\\[")
        else:
            angle = _ANGLE_DESTINATION.match(block, destination)
            if angle is not None:
                claim(angle.start(), angle.end(), _encode_destination(angle.group(1)))
    for match in re.finditer(r"\]\(", block):
        destination = match.end()
        if _has_unsafe_scheme(block, destination):
            # `]\(` is no link: the reader sees the text as it was typed.
            claim(match.start(), match.end(), "]\\(")
        else:
            angle = _ANGLE_DESTINATION.match(block, destination)
            if angle is not None:
                claim(angle.start(), angle.end(), _encode_destination(angle.group(1)))

    # Autolinks would be HTML-like text once `<` is escaped: write them as links.
    for match in _AUTOLINK.finditer(block):
        url = match.group(1)
        text = _MARKDOWN_SPECIALS.sub(r"\\\1", url)
        claim(match.start(), match.end(), f"[{text}]({_encode_destination(url)})")

    out = []
    position = 0
    while position < len(block):
        edit = edits.get(position)
        if edit is not None:
            end, replacement = edit
            out.append(replacement)
            position = end
            continue
        ch = block[position]
        out.append("&lt;" if ch == "<" else ch)
        position += 1
    return "".join(out)


def _encode_destination(url: str) -> str:
    """A URL written without angle brackets: no space, parenthesis or `<` left to end it."""
    for ch, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(ch, code)
    return url


def _has_unsafe_scheme(text: str, start: int = 0) -> bool:
    """True if the link destination at `text[start:]` could name a non-web scheme.

    Judged as a browser reads the final URL, and then some: character references
    are decoded, spaces and control characters skipped, and backticks and
    backslashes skipped too (Python-Markdown puts the text of a code span into a
    link's URL). Reads only as far as the scheme could go, so checking every link
    of a text takes time in proportion to its length.
    """
    scheme: list[str] = []
    position = start
    while position < len(text):
        entity = _ENTITY.match(text, position) if text[position] == "&" else None
        decoded = html.unescape(entity.group()) if entity else text[position]
        position = entity.end() if entity else position + 1
        for ch in decoded.lower():
            if ch <= " " or ch in "`\\\x7f" or (ch == "<" and not scheme):
                continue
            if ch == ":":
                return bool(scheme) and "".join(scheme) not in _SAFE_SCHEMES
            if ch not in _SCHEME_CHARACTERS:
                return False  # a path, query or fragment: relative
            scheme.append(ch)
            if len(scheme) > _MAX_SCHEME:
                return True
    return False


def _is_unsafe_attribute(token: str) -> bool:
    # A word without `=` is a class, an id or an empty attribute: harmless.
    name, equals, value = token.partition("=")
    if not equals:
        return False
    name = name.strip().lower()
    if name.startswith(("on", "style", "srcdoc")):
        return True
    if name in (*_URL_ATTRIBUTES, "srcset"):
        return _has_unsafe_scheme(value.strip("\"'"))
    return False


def _neutralise_attributes(attrs: str) -> str:
    """An attribute list's text (between its braces) without unsafe attributes."""
    kept = []
    position = 0
    while position < len(attrs):
        token = _ATTR_TOKEN.match(attrs, position)
        if token is None:
            kept.append(attrs[position:])
            break
        if not _is_unsafe_attribute(token.group()):
            kept.append(token.group())
        position = token.end()
    return "".join(kept)
