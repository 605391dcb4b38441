"""Mermaid source generation with label escaping: the ``journey`` diagrams.

(The charts of the insight views are plugin-made SVG and HTML: ``charts.py``.)

Mermaid's ``journey`` grammar is line based and very permissive about what it
reads as text, but a handful of characters are syntax (``:`` separates task,
score and actors, ``,`` separates actors, ``#`` starts a comment, ``;`` ends
a statement, ``%%`` starts a comment or an ``%%{init}%%`` directive) and a
task name that starts with ``title``/``section``/``journey`` is read as that
keyword instead.  On top of that, Mermaid runs the title through DOMPurify
(which drops ``<script>`` and turns ``&`` into a visible ``&amp;``) and
rewrites quotes inside anything that looks like an HTML tag.

The one mechanism that survives all of that is Mermaid's *entity code*: before
parsing, Mermaid replaces every ``#<word>;`` in the source with a private
placeholder, and after rendering it turns the placeholder into an HTML
character reference (``&#58;``) in the SVG markup, which the browser decodes
back to the character as *text*.  So every character that could mean
something to Mermaid or to HTML is written as ``#<decimal code point>;``.
The browser tests in ``tests/browser`` prove the round trip with the pinned
Mermaid from ``package.json``; see
``tests/browser/NOTES.md`` for the findings behind this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

__all__ = ["escape_label", "journey_diagram"]

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

# Shown for an empty task or section name: a label Mermaid cannot parse away
# (an empty task name is a syntax error, an empty section name is dropped),
# yet invisible.  U+200B ZERO WIDTH SPACE.
_EMPTY_PLACEHOLDER = "#8203;"

_MIN_SCORE = 1
_MAX_SCORE = 5

# The actor legend is the one place Mermaid wraps text itself: it splits an
# actor name at spaces into lines of at most ``journey.maxLabelWidth`` pixels
# (default 360) and cuts a single word that is wider than that with an added
# "-".  It measures the *placeholder* text ("ﬂ°°58¶ß" for "#58;"), so a long
# word can be cut inside a placeholder, which then shows as garbage such as
# "ﬂ-" / "°°58;".  When a word might be that wide, the diagram raises
# maxLabelWidth through its front matter so no word is ever cut.
_DEFAULT_LEGEND_WIDTH = 360
# Upper bound of one character's width in the 16px legend font ("W" and "@"
# measure 16px); generous so the estimate never falls short.
_CHAR_WIDTH_BOUND = 20
_ENTITY = re.compile(r"#(\d+);")


def _entity(char: str) -> str:
    # Decimal only: Mermaid turns "#58;" into "&#58;", but "#x3A;" into the
    # invalid "&x3A;".  Named codes ("#quot;") work too but decimal is uniform.
    return f"#{ord(char)};"


def _is_safe(char: str) -> bool:
    if char == " ":
        return True
    return char not in _ALWAYS_ENCODE and unicodedata.category(char) not in _ENCODED_CATEGORIES


def escape_label(text: str) -> str:
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
    empty: :func:`journey_diagram` decides what an empty label means.
    """
    normalised = _COLLAPSIBLE_WHITESPACE.sub(" ", text).strip(" ")
    # Cc: controls (the browser would turn "&#0;" into U+FFFD and C1 controls
    # into windows-1252 letters), Cs: lone surrogates (not encodable).
    chars = [c for c in normalised if unicodedata.category(c) not in ("Cc", "Cs")]
    out = [c if _is_safe(c) else _entity(c) for c in chars]
    if out and _KEYWORD_PREFIX.match("".join(chars)):
        out[0] = _entity(chars[0])
    return "".join(out)


def _score(value: int) -> int:
    # bool is an int subclass; True would silently render as a score of 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"journey score must be an int, got {value!r}")
    if not _MIN_SCORE <= value <= _MAX_SCORE:
        raise ValueError(f"journey score must be {_MIN_SCORE}..{_MAX_SCORE}, got {value}")
    return value


def _actors(names: Sequence[str]) -> list[str]:
    # Empty names would draw a nameless legend entry and duplicates a second
    # dot on the task; both are dropped, first occurrence wins (deterministic).
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        escaped = escape_label(name)
        if escaped and escaped not in seen:
            seen.add(escaped)
            result.append(escaped)
    return result


def _legend_width(actor_names: Sequence[str]) -> int:
    # Widest word of any escaped actor name, as Mermaid will measure it.
    widest = 0
    for name in actor_names:
        placeholder_form = _ENTITY.sub(lambda m: "x" * (len(m.group(1)) + 5), name)
        for word in placeholder_form.split(" "):
            widest = max(widest, len(word) * _CHAR_WIDTH_BOUND)
    return widest


def journey_diagram(
    title: str,
    sections: Sequence[tuple[str, Sequence[tuple[str, int, Sequence[str]]]]],
) -> str:
    """Return the Mermaid source of a ``journey`` diagram (without fences).

    ``sections`` is a sequence of ``(section name, tasks)`` pairs and each
    task is ``(task name, score, actor names)`` with ``score`` an int from 1
    to 5 (``ValueError``/``TypeError`` otherwise).  Every label goes through
    :func:`escape_label`.  An empty title omits the title line (Mermaid
    cannot parse ``title`` with nothing after it); empty section or task
    names become an invisible zero-width space so the diagram still renders;
    empty and duplicate actor names are dropped.  Output is deterministic and
    ends with a newline.
    """
    lines: list[str] = []
    all_actors: list[str] = []
    escaped_title = escape_label(title)
    if escaped_title:
        lines.append(f"    title {escaped_title}")
    for section_name, tasks in sections:
        lines.append(f"    section {escape_label(section_name) or _EMPTY_PLACEHOLDER}")
        for task_name, score, actor_names in tasks:
            task = escape_label(task_name) or _EMPTY_PLACEHOLDER
            # Always ": " with a space: Mermaid's pre-parse regexes for
            # "style ...:#...;" only fire on a colon directly followed by
            # non-space text, which this format never produces.
            task_actors = _actors(actor_names)
            all_actors.extend(task_actors)
            actors = ", ".join(task_actors)
            line = f"      {task}: {_score(score)}"
            if actors:
                line += f": {actors}"
            lines.append(line)
    # Front matter is Mermaid's per-diagram config, honoured by every setup.
    # A long journey is drawn at its natural size (the page scrolls sideways)
    # instead of being shrunk to the column width until no label is legible.
    config = ["---", "config:", "  journey:", "    useMaxWidth: false"]
    legend_width = _legend_width(all_actors)
    if legend_width > _DEFAULT_LEGEND_WIDTH:
        # Rounded up to a multiple of 100 so small changes to a name do not
        # change the output.
        config.append(f"    maxLabelWidth: {-(-legend_width // 100) * 100}")
    return "\n".join([*config, "---", "journey", *lines]) + "\n"
