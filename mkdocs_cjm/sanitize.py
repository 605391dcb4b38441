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

`neutralise_markdown` does the same to the Markdown text itself, for the pages
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
from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
_SAFE_SCHEMES = {"", "http", "https", "mailto", "tel"}
# What an attribute list in a writer's text may set besides classes: presentation only.
# Ids, names, `data-*` (Material's components are `data-md-*`), `for`, `hidden` and
# the rest could clobber or drive the theme's and the plugin's own elements.
_WRITER_ATTRIBUTES = frozenset(
    {"title", "lang", "dir", "width", "height", "alt", "align", "loading", "href", "src"}
)
# Ids of generated content must not start with this: the theme's own ids do
# (Material: `__config`, `__search`, `__drawer`, `__toc`, `__palette_0`, ...).
_THEME_ID_PREFIX = "__"
# ... except pymdownx.tabbed's numbered ids, which the extension itself writes.
_TABBED_ID = re.compile(r"__tabbed_\d+_\d+$")


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


def web_url(text: str) -> str | None:
    """`text` if it is one http(s) URL (evidence, a tracker link) safe to link to, else None."""
    value = text.strip()
    if re.match(r"https?://\S+$", value) and is_safe_url(value):
        return value
    return None


def is_writer_class(name: str) -> bool:
    """False for the classes that make Mermaid render an element as a diagram."""
    return "mermaid" not in name.lower()


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
                    value = element.attrib[name]
                    if value.startswith(_THEME_ID_PREFIX) and not _TABBED_ID.match(value):
                        del element.attrib[name]
                elif lowered == "class":
                    classes = [c for c in element.attrib[name].split() if is_writer_class(c)]
                    if classes:
                        element.attrib[name] = " ".join(classes)
                    else:
                        del element.attrib[name]
                elif lowered in _URL_ATTRIBUTES and not is_safe_url(element.attrib[name]):
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
    random word of the build, which no writer can know and so cannot forge. The
    markers go; what was between them, and the footnotes (only bodies make them),
    is the writers'. Without an end marker (a body that leaves a fence open), the
    rest of the page counts as the writer's.
    """

    def __init__(self, md: Markdown, marker: str) -> None:
        super().__init__(md)
        self.start, self.end = body_markers(marker)
        self.elements: set[etree.Element] = set()

    def run(self, root: etree.Element) -> None:
        self.elements = set()
        inside = False
        for child in list(root):
            text = child.text if child.tag == "p" and len(child) == 0 else None
            if text in (self.start, self.end):
                inside = text == self.start
                root.remove(child)
                continue
            if inside or (child.tag == "div" and "footnote" in child.get("class", "").split()):
                self.elements.update(child.iter())


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
        # pymdownx.snippets would let a map's body pull in files of the build machine.
        md.preprocessors.deregister("snippet", strict=False)
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
            src = html.escape(src, quote=False)
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
    keep only harmless attributes, and those that would set an id, a `data-md-*`
    or a Mermaid class show as text. Fenced code blocks and code spans stay as they are.
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


_ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE)
_INLINE_SYNTAX = re.compile(r"\]\([^)]*\)|[\[\]*`\\]")


def explicit_heading_ids(text: str) -> str:
    """Markdown whose headings never get an id starting with `__`, under any toc slugify.

    For pages built without the plugin's rules (`mkdocs-cjm generate`): a heading whose
    text starts with `__` (a title, a channel, a heading of a body) gets an explicit id
    without the underscores, which attr_list (which those pages need) sets.
    """
    fences = _fenced_blocks(text)

    def in_fence(position: int) -> bool:
        return any(start <= position < end for start, end, _ in fences)

    def heading(match: re.Match[str]) -> str:
        words = html.unescape(_INLINE_SYNTAX.sub("", match.group(2)))
        visible = re.sub(r"[^\w]+", "", words)
        if not visible.startswith("_") or in_fence(match.start()) or match.group(0).endswith("}"):
            return match.group(0)
        slug = re.sub(r"[^\w\s-]", "", words).strip().lstrip("_").lower()
        slug = re.sub(r"[-\s]+", "-", slug) or "section"
        return f"{match.group(0)} {{#{slug}}}"

    return _ATX_HEADING.sub(heading, text)


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
        hooks = [t for t in tokens if _sets_theme_hook(t.group())]
        if hooks and not _attribute_list_position(block, match.start(), position):
            # Text such as "{#1 priority}" that attr_list does not read here: with the
            # brace escaped it never will, and the reader sees it as it was typed.
            claim(match.start(), match.start() + 1, "&#123;")
            continue
        unsafe = [*hooks, *(t for t in tokens if _is_unsafe_attribute(t.group()))]
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


def _attribute_list_position(block: str, start: int, end: int) -> bool:
    """Whether attr_list could read `block[start:]` as a list: at a line's end or after
    an inline element (emphasis, a link, an image, code)."""
    if block.startswith("}", end) and not block[end + 1 :].split("\n", 1)[0].strip():
        return True
    return start > 0 and block[start - 1] in "*_)]`>"


def _sets_theme_hook(token: str) -> bool:
    """True for an attribute-list token that sets an id, a `data-md-*` or a Mermaid class."""
    name, equals, value = token.partition("=")
    name = name.strip().lower()
    if not equals:
        return name.startswith("#") or (name.startswith(".") and not is_writer_class(name))
    if name == "class":
        return not all(is_writer_class(c) for c in value.strip("\"'").split())
    return name == "id" or name.startswith("data-md-")


def _neutralise_attributes(attrs: str) -> str:
    """An attribute list's text (between its braces) without unsafe attributes."""
    kept = []
    position = 0
    while position < len(attrs):
        token = _ATTR_TOKEN.match(attrs, position)
        if token is None:
            kept.append(attrs[position:])
            break
        # A fence's first class is its language (`{.mermaid}`), which may stay.
        text = token.group()
        if not _is_unsafe_attribute(text) and not (_sets_theme_hook(text) and text[0] != "."):
            kept.append(text)
        position = token.end()
    return "".join(kept)
