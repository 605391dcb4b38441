"""Markdown that stays safe without the generated pages' extension (`mkdocs-cjm generate`).

Pages written by `generate` are built by engines that do not run
`markdown_extension.GeneratedPageExtension`, usually with raw HTML on. So a body is made
safe as Markdown text: `<` becomes `&lt;` (no HTML at all), script links lose
their link syntax and attribute lists lose event handlers, styles and script
URLs. The rules mirror Python-Markdown (its own fence and attribute-list parsers
are used) and err on the side of showing a character too many: text that cannot
be proven to be code is treated as prose, where escaping is harmless.

The engine that builds the pages may read fences differently (pymdownx.superfences
refuses options fenced_code takes, and opens fences indented or inside quotes; other
parsers close a fence on a longer one). So a fence is written again in one form every
one of them reads alike, and any other line that could open or close a fence for any
of them is escaped: what the neutraliser took for code is code for the engine too.
"""

from __future__ import annotations

import html
import re
import unicodedata

from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.toc import slugify as toc_slugify

from .markdown_extension import SAFE_SCHEMES, URL_ATTRIBUTES, is_writer_class

_FENCED_BLOCK = FencedBlockPreprocessor.FENCED_BLOCK_RE
# A line that could open or close a fence once it sits next to other Markdown, for
# fenced_code (at the line's start) or superfences (after spaces and `>` too).
_FENCE_LINE = re.compile(r"^([ \t>]*)(`{3,}|~{3,})", re.MULTILINE)
# A language both fenced_code and superfences take as the fence's first word.
_FENCE_LANGUAGE = re.compile(r"[\w#+-][\w#.+-]*")
_FENCE_CLASS = re.compile(r"[\w-]+")
# pymdownx.snippets reads `--8<--` lines (and removes `--8<-- [start:x]` ones) in code too.
_SNIPPET_MARKER = re.compile(r"-8<-")
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
    or a Mermaid class show as text. Fenced code blocks and code spans keep their text;
    a fence is written again as `_written_fence` says, and a line that could open or
    close a fence for some engine and is not one of those shows as text.
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


# A line Markdown may read as a heading once quote and list markers are taken off:
# `#` (Python-Markdown needs no space after it), or a line above `===` / `---`.
_ATX_HEADING = re.compile(r"^(?P<lead>[ >*+\-\d.)]*?)(?P<level>#{1,6})(?P<text>.*?)[ ]*#*[ ]*$")
_SETEXT_LINE = re.compile(r"^(?P<lead>[ >]*)(?P<text>\S.*?)[ ]*$")
_SETEXT_UNDERLINE = re.compile(r"^(?P<lead>[ >]*)(?:=+|-+)[ ]*$")
_BLANK_LINE = re.compile(r"[ >]*$")
_INLINE_SYNTAX = re.compile(r"\]\([^)]*\)|[\[\]*`\\]")
# The ids a page sets itself: attribute lists and the plugin's HTML.
_EXPLICIT_ID = re.compile(r"\{[^}\n]*?#([^\s}]+)|\bid=\"([^\"]*)\"")
_HEADER_ATTRIBUTES = AttrListTreeprocessor.HEADER_RE


def explicit_heading_ids(text: str) -> str:
    """Markdown whose headings never get an id starting with `__`, under any toc slugify.

    For pages built without the plugin's rules (`mkdocs-cjm generate`): a heading whose
    id could start with `_` gets an explicit one without it, which attr_list (which
    those pages need) sets. That is every heading, `#` or underlined, in a quote or a
    list too, whose text has `_` before its first ASCII letter or digit once look-alikes
    are folded (NFKD makes U+FF3F and U+FE4D an `_`; slugify drops what is not ASCII).
    Each id is new on the page, so no two elements share one.
    """
    lines = text.split("\n")
    code = _fence_lines(text)
    taken = {a or b for a, b in _EXPLICIT_ID.findall(text)}
    for number, line in enumerate(lines):
        if number in code:
            continue
        atx = _ATX_HEADING.match(line)
        if atx is not None:
            heading = line[: atx.end("text")]
            words = atx.group("text")
        elif _is_setext_heading(lines, number):
            heading = line.rstrip(" ")
            words = heading
        else:
            continue
        if _may_slug_to_underscore(words):
            lines[number] = _with_heading_id(heading, words, taken)
    return "\n".join(lines)


def _fence_lines(text: str) -> set[int]:
    """The numbers of the lines inside fenced code blocks, fences included."""
    lines: set[int] = set()
    for start, end, _ in _fenced_blocks(text):
        first = text.count("\n", 0, start)
        lines.update(range(first, first + text.count("\n", start, end) + 1))
    return lines


def _is_setext_heading(lines: list[str], number: int) -> bool:
    """Whether line `number` could be an underlined heading: the first line of a block,
    above `===` or `---` with the same quote markers and indentation."""
    text = _SETEXT_LINE.match(lines[number])
    if text is None or number + 1 >= len(lines):
        return False
    underline = _SETEXT_UNDERLINE.match(lines[number + 1])
    first = number == 0 or _BLANK_LINE.match(lines[number - 1]) is not None
    return first and underline is not None and underline.group("lead") == text.group("lead")


def _may_slug_to_underscore(words: str) -> bool:
    """True if a slugify could make an id starting with `_` (or `__`) of heading text."""
    visible = unicodedata.normalize("NFKD", html.unescape(_INLINE_SYNTAX.sub("", words)))
    for ch in visible:
        if ch == "_":
            return True
        if ch.isascii() and ch.isalnum():
            return False
    return False


def _with_heading_id(heading: str, words: str, taken: set[str]) -> str:
    """`heading` with an explicit id made of its words, one no other element has."""
    attributes = _HEADER_ATTRIBUTES.search(words)
    if attributes is not None and "id" in _header_attributes(words):
        return heading
    slug = html.unescape(
        _INLINE_SYNTAX.sub("", words if attributes is None else words[: attributes.start()])
    )
    # Letters, digits and `-` only: an `_` could close an emphasis of the heading's text.
    slug = re.sub(r"[-_]+", "-", toc_slugify(slug, "-")).strip("-") or "section"
    unique, count = slug, 0
    while unique in taken:
        count += 1
        unique = f"{slug}-{count}"
    taken.add(unique)
    written = f"{heading} {{#{unique}}}"
    if attributes is not None:
        # attr_list reads only one list: the id goes into the one that is there.
        at = len(heading) - len(words) + attributes.start(1)
        written = f"{heading[:at]}#{unique} {heading[at:]}"
    if _header_attributes(written).get("id") != unique:
        # A stray brace before it would make attr_list read another list (`# __ { x`).
        prefix = len(heading) - len(words)
        written = f"{heading[:prefix]}{words.replace('{', '&#123;')} {{#{unique}}}"
    return written


def _header_attributes(heading: str) -> dict[str, str]:
    """The attributes attr_list sets on a heading whose text ends as `heading` does."""
    attributes = _HEADER_ATTRIBUTES.search(heading)
    if attributes is None:
        return {}
    return dict(get_attrs_and_remainder(attributes.group(1))[0])


def _fenced_blocks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, safe text) of each fenced code block, found as `fenced_code` finds them
    and written as `_written_fence` says. A block with a snippet marker is left as prose."""
    blocks = []
    index = 0
    while (match := _FENCED_BLOCK.search(text, index)) is not None:
        classes: list[str] = []
        if match.group("attrs"):
            attributes, remainder = get_attrs_and_remainder(match.group("attrs"))
            if remainder:  # not a fence for Python-Markdown either; it searches on from here
                index = match.end("attrs")
                continue
            classes = [value for name, value in attributes if name == "."]
        elif match.group("lang"):
            classes = [match.group("lang")]
        code = match.group("code")
        if _SNIPPET_MARKER.search(code):
            # pymdownx.snippets would read it in the engine's code: prose shows it, escaped.
            index = match.end("fence")
            continue
        fence = _written_fence(match.group("fence"), classes, code)
        blocks.append((match.start(), match.end(), f"{fence[0]}\n{code}{fence[1]}"))
        index = match.end()
    return blocks


def _written_fence(fence: str, classes: list[str], code: str) -> tuple[str, str]:
    """The opening and closing line of a fence in the form fenced_code, superfences and
    CommonMark all read alike: the writer's fence character, longer than any run of it in
    the code (nothing inside closes it), the language and classes, and no options."""
    character = fence[0]
    longest = max((len(run) for run in re.findall(re.escape(character) + "+", code)), default=0)
    fence = character * max(len(fence), longest + 1)
    language = classes[0] if classes and _FENCE_LANGUAGE.fullmatch(classes[0]) else ""
    extra = [c for c in classes[1:] if _FENCE_CLASS.fullmatch(c) and is_writer_class(c)]
    if language and extra:
        return fence + "{" + " ".join(f".{c}" for c in (language, *extra)) + "}", fence
    return fence + language, fence


def _neutralise_prose(text: str) -> str:
    # A fence line left over here has no partner; next to other text it could find one.
    # Every character of it: backticks left over would pair up as a code span.
    text = _FENCE_LINE.sub(
        lambda m: m.group(1) + f"&#{ord(m.group(2)[0])};" * len(m.group(2)), text
    )
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


class _Edits:
    """The changes to one block: each an edit of block[start:end], none overlapping another.

    Code spans are edits to themselves, so nothing inside one changes; the first
    edit to claim a character wins.
    """

    def __init__(self, block: str, spans: list[tuple[int, int]]) -> None:
        self.block = block
        self.edits: dict[int, tuple[int, str]] = {
            start: (end, block[start:end]) for start, end in spans
        }
        self.taken = [False] * (len(block) + 1)
        for start, end in spans:
            self.taken[start:end] = [True] * (end - start)

    def claim(self, start: int, end: int, replacement: str) -> None:
        if not any(self.taken[start:end]):
            self.taken[start:end] = [True] * (end - start)
            self.edits[start] = (end, replacement)

    def applied(self) -> str:
        """The block with every edit made and every other `<` escaped."""
        block, edits = self.block, self.edits
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


def _neutralise_block(block: str) -> str:
    edits = _Edits(block, _code_spans(block))
    if block.count("{") > _MAX_BRACES:
        # No attribute list survives an escaped brace.
        for match in re.finditer(r"\{", block):
            edits.claim(match.start(), match.end(), "&#123;")
    # Attribute lists first: removing a handler wins over any other reading of its text.
    for match in _ATTR_START.finditer(block):
        if not edits.taken[match.start()]:
            _neutralise_attribute_list(edits, match)
    _neutralise_destinations(edits)
    # Autolinks would be HTML-like text once `<` is escaped: write them as links.
    for match in _AUTOLINK.finditer(block):
        url = match.group(1)
        text = _MARKDOWN_SPECIALS.sub(r"\\\1", url)
        edits.claim(match.start(), match.end(), f"[{text}]({_encode_destination(url)})")
    return edits.applied()


def _neutralise_attribute_list(edits: _Edits, match: re.Match[str]) -> None:
    """Remove the unsafe attributes of the attribute list that starts at `match`."""
    block, taken = edits.block, edits.taken
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
        edits.claim(match.start(), match.start() + 1, "&#123;")
        return
    unsafe = [*hooks, *(t for t in tokens if _is_unsafe_attribute(t.group()))]
    if not unsafe:
        return
    if block.startswith("}", position) and all(
        t in unsafe or not t.group().strip() for t in tokens
    ):
        # Nothing harmless is left: drop the whole list rather than leave `{: }`.
        edits.claim(match.start(), position + 1, "")
        return
    for token in unsafe:
        edits.claim(token.start(), token.end(), "")


def _neutralise_destinations(edits: _Edits) -> None:
    """Links of reference definitions and inline links: no unsafe scheme, no raw `<...>`."""
    block = edits.block
    for match in _REFERENCE.finditer(block):
        destination = match.start(1)
        if _has_unsafe_scheme(block, destination):
            edits.claim(match.start(), match.start() + 1, "\\[")
        else:
            _encode_angle_destination(edits, destination)
    for match in re.finditer(r"\]\(", block):
        destination = match.end()
        if _has_unsafe_scheme(block, destination):
            # `]\(` is no link: the reader sees the text as it was typed.
            edits.claim(match.start(), match.end(), "]\\(")
        else:
            _encode_angle_destination(edits, destination)


def _encode_angle_destination(edits: _Edits, destination: int) -> None:
    angle = _ANGLE_DESTINATION.match(edits.block, destination)
    if angle is not None:
        edits.claim(angle.start(), angle.end(), _encode_destination(angle.group(1)))


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
                return bool(scheme) and "".join(scheme) not in SAFE_SCHEMES
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
    if name in (*URL_ATTRIBUTES, "srcset"):
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
