"""Every escape of writer text, one function per place it is printed.

Writer text (a title, a label, a persona's name, a folder's name) is shown exactly as
written wherever a page prints it; it never becomes Markdown, HTML, an attribute, a
Mermaid statement or part of a URL. Each output context has its own rules, all here:

- Markdown (the templates' pages): `markdown_text`, `markdown_paragraphs`, and
  `attr_list_value` for the plugin's own words in an attr_list `{: data-x="..." }`;
- HTML: `html_text` and `html_attribute` (the charts' SVG, titles for themes),
  `html_in_markdown` (the canvas: HTML that sits in a Markdown page);
- Mermaid labels: `mermaid_label` (and `mermaid_shown`, what the browser shows of one);
- URLs: `url_path` (a file's path as a URL), `angle_url` (a Markdown `<...>` link).

This is escaping: the text shows as written. A writer's body is Markdown and stays
Markdown; what of it a page may keep is decided elsewhere: `markdown_extension.py`
while the plugin's pages are parsed, `markdown_text.neutralise_markdown` in the files
`generate` writes, `writer_html.py` in the HTML that results.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from urllib.parse import quote

# ---------------------------------------------------------------- Markdown

MARKDOWN_SYNTAX = "\\`*_{}[]#+!|<>&~^=:\"'$%@"
"""What Markdown, its common extensions (tables, attr_list, emoji, smarty, math), HTML
or a template engine (mkdocs-macros reads `{{`) could take for syntax, whatever
extensions a site enables; written as numeric character references, which the
browser shows as the character. `( ) . -` are syntax only next to an escaped `]` or
at the start of a line."""

_MARKDOWN_ESCAPES = {ord(ch): f"&#{ord(ch)};" for ch in MARKDOWN_SYNTAX}
_LINE_START_CHARACTERS = frozenset("-+0123456789")


# Cached: titles and names are printed on many pages (links, tables, diagrams).
@functools.lru_cache(maxsize=32768)
def markdown_text(text: str) -> str:
    """Inline text safe to put anywhere in Markdown: shows exactly as written, on one line."""
    # `split()` splits on the same whitespace as the pattern `\s+`, faster.
    escaped = " ".join(text.split()).translate(_MARKDOWN_ESCAPES).replace("--", "-&#45;")
    # A list marker, rule or numbered item only counts at the start of a line.
    if escaped and escaped[0] in _LINE_START_CHARACTERS:
        return f"&#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def markdown_paragraphs(text: str) -> str:
    """Multi-line text as escaped Markdown paragraphs, one per line of the value.

    In a folded YAML value (`scenario: >`), the form the templates use, a blank
    line in the source is the only newline left: it starts a paragraph.
    """
    paragraphs = [line for line in text.splitlines() if line.strip()]
    return "\n\n".join(markdown_text(p) for p in paragraphs)


def attr_list_value(text: str) -> str:
    """Plugin-written text as a double-quoted attr_list value (no quote or brace can end it)."""
    return re.sub(r'["{}|\\]', "", text)


# ---------------------------------------------------------------- HTML


def html_text(text: str) -> str:
    """Text as the content of an HTML element (`<`, `>`, `&` escaped)."""
    return html.escape(text, quote=False)


def html_attribute(text: str) -> str:
    """Text as a quoted HTML attribute value, or as HTML text (quotes escaped too)."""
    return html.escape(text, quote=True)


# In HTML that sits in a Markdown page (the canvas): `html.escape` writes `& < > " '`,
# and the rest of `MARKDOWN_SYNTAX` as numeric references; but `#`, which
# `html.escape`'s `&#x27;` holds, and `+`, which is syntax only at the start of a line
# that a cell's text never starts (its tag does).
_SYNTAX_IN_HTML = {ord(ch): f"&#{ord(ch)};" for ch in MARKDOWN_SYNTAX if ch not in "&<>\"'#+"}


# Cached: titles, labels and touchpoints show on a journey page and its stage pages.
@functools.lru_cache(maxsize=32768)
def html_in_markdown(value: str | int | float) -> str:
    """Writer text as HTML in a Markdown page that shows exactly as written: escaped, on
    one line, and no Markdown or template syntax left."""
    return html.escape(" ".join(str(value).split())).translate(_SYNTAX_IN_HTML)


# ---------------------------------------------------------------- URLs


def url_path(path: str) -> str:
    """A file's path as a URL path, percent-encoded: a folder named `Q3 #1?` or
    `x" onfocus="...` is a path, not a fragment, a query or the end of an `href`."""
    return quote(path, safe="/")


def angle_url(url: str) -> str:
    """A URL as a Markdown link destination between angle brackets, which allow any
    character in it: only what closes them is escaped."""
    return url.replace("<", "%3C").replace(">", "%3E")


# ---------------------------------------------------------------- Mermaid labels
#
# Mermaid's `journey` grammar is line based and very permissive about what it reads as
# text, but a handful of characters are syntax; the one mechanism that survives its
# parser and DOMPurify is Mermaid's entity code `#<decimal>;` (see `render/diagrams/
# mermaid.py` and `tests/browser/NOTES.md`).

# Characters that are always written as entity codes:
#   # ; : ,  journey syntax (comment, statement end, field and actor separators)
#   %        "%%" comments and "%%{init: ...}%%" directives, found anywhere
#   & < >    the title goes through DOMPurify: "<script>" would vanish and "&"
#            would show as "&amp;"; "<tag a="b">" is also rewritten by Mermaid
#   ﬂ ° ¶    Mermaid's own entity placeholder is "ﬂ°°58¶ß"; a label must never
#            be able to forge or complete one (e.g. a literal "¶ß" turns into ";")
# Everything else printable (letters of any script, digits, quotes, backticks,
# braces, emoji, ...) is written as-is: it was checked in the browser, and each
# encoded character makes Mermaid measure the actor legend too wide (it
# measures the placeholder, not the character).
_ALWAYS_ENCODE = frozenset("#;:,%&<>\ufb02\xb0\xb6")

# Unicode categories that are encoded too: invisible characters the
# browser or JavaScript's \s / trim() would treat as (collapsible) white space,
# e.g. NO-BREAK SPACE (DOMPurify turns it into a visible "&nbsp;" in the title)
# or BYTE ORDER MARK; and format characters such as ZERO WIDTH JOINER.
_ENCODED_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cf"})

# HTML collapses runs of ASCII whitespace when it displays text and a Mermaid
# statement cannot span lines, so these collapse to one space.  Other spaces
# (no-break space, thin space, ...) are kept and encoded like any character.
_COLLAPSIBLE_WHITESPACE = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")

# Jison picks the first lexer rule that matches, and the keyword rules
# (``journey\b``, ``title\s``, ``section\s``, ``accTitle``/``accDescr``) come
# before the task-name rule, case-insensitively: a task called "title deed"
# would silently become the diagram title.  Encoding the first letter of such
# labels stops the keyword from matching.  The renderer keeps actors in a
# plain JavaScript object, where the key "__proto__" vanishes from the legend,
# so that exact name gets the same treatment.
_KEYWORD_PREFIX = re.compile(r"(?:title|section|journey|acc)|__proto__$", re.IGNORECASE | re.ASCII)


def _entity(char: str) -> str:
    # Decimal only: Mermaid turns "#58;" into "&#58;", but "#x3A;" into the
    # invalid "&x3A;".  Named codes ("#quot;") work too but decimal is uniform.
    return f"#{ord(char)};"


def _is_safe(char: str) -> bool:
    if char == " ":
        return True
    return char not in _ALWAYS_ENCODE and unicodedata.category(char) not in _ENCODED_CATEGORIES


def mermaid_shown(text: str) -> str:
    """``text`` as a browser shows it: ASCII whitespace collapsed, controls dropped."""
    normalised = _COLLAPSIBLE_WHITESPACE.sub(" ", text).strip(" ")
    # Cc: controls (the browser would turn "&#0;" into U+FFFD and C1 controls
    # into windows-1252 letters), Cs: lone surrogates (not encodable).
    return "".join(c for c in normalised if unicodedata.category(c) not in ("Cc", "Cs"))


def mermaid_label(text: str) -> str:
    """Encode ``text`` so Mermaid shows it verbatim in any journey label.

    Works for the diagram title, section (stage) names, task (step) names and
    actor (persona) names alike.  Runs of ASCII whitespace (including line
    breaks) collapse to a single space and leading/trailing ASCII whitespace
    is removed, as the browser would display them anyway; control characters
    are dropped because they cannot be displayed.  The characters
    ``# ; : , % & < >``, Mermaid's placeholder characters ``ﬂ ° ¶`` and
    invisible characters (no-break and other Unicode spaces, format
    characters) are written as Mermaid entity codes ``#<decimal code
    point>;``, as is the first letter of a label that starts with a grammar
    keyword (``title``, ``section``, ``journey``, ``acc...``) or is exactly
    ``__proto__``.  Everything else is kept as is.  An empty result stays
    empty: `mermaid.journey_diagram` decides what an empty label means.
    """
    chars = mermaid_shown(text)
    out = [c if _is_safe(c) else _entity(c) for c in chars]
    if out and _KEYWORD_PREFIX.match("".join(chars)):
        out[0] = _entity(chars[0])
    return "".join(out)
