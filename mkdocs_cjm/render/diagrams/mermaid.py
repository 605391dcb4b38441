"""Mermaid source generation with label escaping: the ``journey`` diagrams.

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

import functools
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ...domain import SCORE_MAX, SCORE_MIN
from ...safety import escape

__all__ = [
    "accessibility_lines",
    "journey_diagram",
]


# Shown for an empty task or section name: a label Mermaid cannot parse away
# (an empty task name is a syntax error, an empty section name is dropped),
# yet invisible.  U+200B ZERO WIDTH SPACE.
_EMPTY_PLACEHOLDER = "#8203;"


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
# Mermaid draws the actor legend (a dot and a <text class="legend"> per actor,
# straight in the <svg>, where the steps' dots are inside a <g>) left of the
# steps and moves the steps right by the widest legend line, measured while
# drawing.  This stylesheet, in the diagram's own front matter (themeCSS, which
# Mermaid puts in the SVG before it draws), hides the legend: a hidden line
# measures 0 px, so the steps keep the left edge.  The steps keep their dots,
# in the order of the task's actors, each with the actor's name as tooltip.
_HIDE_LEGEND = "text.legend, circle:not(g *) { display: none; }"


def _score(value: int) -> int:
    # bool is an int subclass; True would silently render as a score of 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"journey score must be an int, got {value!r}")
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise ValueError(f"journey score must be {SCORE_MIN}..{SCORE_MAX}, got {value}")
    return value


def _actors(names: Sequence[str]) -> list[str]:
    # Empty names would draw a nameless legend entry and duplicates a second
    # dot on the task; both are dropped, first occurrence wins (deterministic).
    seen: set[str] = set()
    result: list[str] = []
    for name in names:
        escaped = escape.mermaid_label(name)
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


def accessibility_lines(title: str, description: str) -> list[str]:
    """The ``accTitle``/``accDescr`` statements of a diagram: its accessible name and description.

    Mermaid writes them into the SVG as ``<title>`` and ``<desc>``, which the
    SVG's ``aria-labelledby`` and ``aria-describedby`` point at.  The journey
    grammar reads both to the end of the line (nothing in them is syntax)
    after the same source-wide rewrites as any label and through DOMPurify,
    as the title is: so both are escaped exactly like a label
    (`escape.mermaid_label`).  The one-line ``accDescr:`` form is used, never
    ``accDescr { ... }``, whose text a ``}`` would end.  An empty text writes
    no statement.
    """
    lines = []
    for keyword, text in (("accTitle", title), ("accDescr", description)):
        escaped = escape.mermaid_label(text)
        if escaped:
            lines.append(f"    {keyword}: {escaped}")
    return lines


def journey_diagram(
    title: str,
    sections: Sequence[tuple[str, Sequence[tuple[str, int, Sequence[str]]]]],
    *,
    acc_title: str = "",
    acc_description: str = "",
) -> str:
    """Return the Mermaid source of a ``journey`` diagram (without fences).

    ``sections`` is a sequence of ``(section name, tasks)`` pairs and each
    task is ``(task name, score, actor names)`` with ``score`` an int from 1
    to 5 (``ValueError``/``TypeError`` otherwise).  Every label goes through
    `escape.mermaid_label`.  An empty title omits the title line (Mermaid
    cannot parse ``title`` with nothing after it); empty section or task
    names become an invisible zero-width space so the diagram still renders;
    empty and duplicate actor names are dropped.  ``acc_title`` and
    ``acc_description`` become ``accTitle``/``accDescr`` (see
    :func:`accessibility_lines`).  The front matter sizes the boxes from
    their labels (see :func:`journey_layout`).  Output is deterministic and
    ends with a newline.
    """
    lines: list[str] = []
    all_actors: list[str] = []
    escaped_title = escape.mermaid_label(title)
    if escaped_title:
        lines.append(f"    title {escaped_title}")
    lines += accessibility_lines(acc_title, acc_description)
    for section_name, tasks in sections:
        lines.append(f"    section {escape.mermaid_label(section_name) or _EMPTY_PLACEHOLDER}")
        for task_name, score, actor_names in tasks:
            task = escape.mermaid_label(task_name) or _EMPTY_PLACEHOLDER
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
    layout = journey_layout(
        tuple(escape.mermaid_shown(name) for name, _ in sections),
        tuple(tuple(escape.mermaid_shown(task[0]) for task in tasks) for _, tasks in sections),
    )
    # Front matter is Mermaid's per-diagram config, honoured by every setup;
    # it is written here from numbers only, never from a writer's text.
    config = [
        "---",
        "config:",
        "  themeVariables:",
        f'    fontSize: "{layout.font_size}px"',
        "  journey:",
        # Drawn at its natural size, never shrunk to the column until no label
        # is legible: a diagram wider than the column scrolls in its own box.
        "    useMaxWidth: false",
        f"    width: {layout.box_width}",
        f"    height: {layout.box_height}",
        f"    taskMargin: {layout.gap}",
        f"    diagramMarginX: {layout.gap}",
        f"    taskFontSize: {layout.font_size}",
    ]
    # The steps start at the left edge: Mermaid's actor legend is hidden (see
    # _HIDE_LEGEND), the page names the personas above the diagram instead.
    config.append(f"    leftMargin: {_LEFT_MARGIN}")
    if all_actors:
        legend_width = _legend_width(all_actors)
        if legend_width > _DEFAULT_LEGEND_WIDTH:
            # Rounded up to a multiple of 100 so small changes to a name do not
            # change the output.
            config.append(f"    maxLabelWidth: {-(-legend_width // 100) * 100}")
        config.insert(2, f'  themeCSS: "{_HIDE_LEGEND}"')
    return "\n".join([*config, "---", "journey", *lines]) + "\n"


# --- journey layout: boxes sized from their labels ----------------------------
#
# Mermaid's journey renderer (journeyRenderer.ts, svgDraw.js) draws every step
# as a box of one size per diagram (journey.width x journey.height), the label
# an HTML <div> in a <foreignObject> of the box's size that wraps at spaces by
# CSS and is cut where it does not fit.  Boxes are journey.taskMargin apart,
# the stage band above them as wide as its boxes with diagramMarginX between
# them (so both margins must be equal).  The faces (emotion) are drawn at
# fixed heights, y = 285..435, and the axis arrow at y = 4 x height: a box
# taller than 70 px puts the arrow across the faces.  The diagram's width is
# 2 x leftMargin + (n - 1) x (width + margin) + 4 x margin, so the last box
# is cut unless leftMargin + 4 x margin >= width.  Nothing is scaled
# (useMaxWidth: false), so a font size here is the size a reader sees.
#
# The label's width is estimated from its characters, with the widths of the
# wide common UI fonts (DejaVu Sans, Verdana) plus a margin, and the box made
# as narrow as holds every label of the diagram in three lines.  Widths are
# multiples of 10 so that a small edit to a label rarely changes the layout.

_FONT_SIZES = (14, 13, 12)  # px, preferred first; the diagram is never scaled
_LINE_HEIGHT = 1.36  # em: "normal" line height of the tallest common UI font (Open Sans)
_MAX_LINES = 3  # what a box of _MAX_BOX_HEIGHT holds at _LINE_HEIGHT
_TEXT_PADDING = 4  # px between a label and its box, on every side
_MIN_BOX_WIDTH = 150  # Mermaid's default box
_MIN_BOX_HEIGHT = 50
_MAX_BOX_HEIGHT = 70  # the axis arrow (4 x height) stays above the faces (y >= 285)
_MAX_BOX_WIDTH = 600  # beyond this a label gets more lines instead
_WIDTH_STEP = 10
_LEFT_MARGIN = 2  # room for the first box's border
# The column the diagram must fit: Material's content column at 1440 px with
# both sidebars (688 px), and at 390 px, a phone (358 px).  At least three
# boxes (all, if fewer) show in the first, and one in the second, before the
# reader scrolls the diagram sideways.
_COLUMN = 688
_PHONE_COLUMN = 358
_BOXES_IN_VIEW = 3
# Estimated width of a character, in em, with a 5 % margin on top; the widest
# of DejaVu Sans and Verdana for each class (e.g. "o" 0.61, "O" 0.79, "m" 0.97).
_SAFETY = 1.05
_NARROW = frozenset("iljtfrI.,:;'!|`()[]{}-\"/\\ ")
_WIDE = frozenset("mwMW@%")


@dataclass(frozen=True)
class JourneyLayout:
    """The sizes a journey diagram is drawn with, in CSS pixels."""

    font_size: int
    box_width: int
    box_height: int
    gap: int  # between two boxes (taskMargin and diagramMarginX)


def _ideograph(char: str) -> bool:
    # A full-width letter (CJK): one em wide, and a line may break before or after it.
    return unicodedata.east_asian_width(char) in ("W", "F") and unicodedata.category(char) != "So"


def _char_width(char: str) -> float:
    # In em, see _NARROW and _WIDE.
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0  # combining marks, joiners: drawn on their neighbour
    if _ideograph(char):
        return 1.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.3  # emoji
    if char in _NARROW:
        return 0.42
    if char in _WIDE:
        return 1.0
    if char.isupper() or unicodedata.category(char) == "So":
        return 0.8
    return 0.63


@functools.lru_cache(maxsize=4096)
def _words(label: str) -> tuple[tuple[float, bool], ...]:
    """The label's unbreakable pieces: (width in em, whether a space precedes it).

    Browsers break lines at spaces and around CJK characters (each one a piece).
    """
    pieces: list[tuple[float, bool]] = []
    width, space = 0.0, False
    for char in label:
        if char == " ":
            if width:
                pieces.append((width, space))
            width, space = 0.0, True
        elif _ideograph(char):
            if width:
                pieces.append((width, space))
            pieces.append((_char_width(char), space))
            width, space = 0.0, False
        else:
            width += _char_width(char)
    if width:
        pieces.append((width, space))
    return tuple((w * _SAFETY, s) for w, s in pieces)


def _lines(label: str, width_em: float) -> int:
    """How many lines ``label`` wraps into in a box ``width_em`` wide (greedy, as CSS does).

    A piece wider than the box takes a line of its own (and overflows it).
    """
    space = _char_width(" ") * _SAFETY
    lines, used = 0, 0.0
    for piece, after_space in _words(label):
        extra = piece + (space if after_space and used else 0.0)
        if lines and used + extra <= width_em:
            used += extra
        else:
            lines, used = lines + 1, piece
    return max(lines, 1)


def _gap(box_width: int) -> int:
    # The smallest margin for which Mermaid's diagram width holds the last box.
    return -(-(box_width + 2 - _LEFT_MARGIN) // 4)


def _in_view(box_width: int, count: int) -> bool:
    shown = min(count, _BOXES_IN_VIEW)
    gap = _gap(box_width)
    return (
        _LEFT_MARGIN + shown * box_width + (shown - 1) * gap <= _COLUMN
        and _LEFT_MARGIN + box_width <= _PHONE_COLUMN
    )


def _fits(
    sections: tuple[str, ...], tasks: tuple[tuple[str, ...], ...], font_size: int, box_width: int
) -> int:
    """The most lines any label needs at this size (sections in their band)."""
    inner = box_width - 2 * _TEXT_PADDING
    most = max((_lines(task, inner / font_size) for group in tasks for task in group), default=1)
    for name, group in zip(sections, tasks, strict=True):
        band = len(group) * box_width + (len(group) - 1) * _gap(box_width) - 2 * _TEXT_PADDING
        most = max(most, _lines(name, band / font_size))
    return most


def _layout(font_size: int, box_width: int, lines: int) -> JourneyLayout:
    text_height = math.ceil(lines * _LINE_HEIGHT * font_size) + 2 * _TEXT_PADDING
    return JourneyLayout(font_size, box_width, max(_MIN_BOX_HEIGHT, text_height), _gap(box_width))


@functools.lru_cache(maxsize=1024)
def journey_layout(sections: tuple[str, ...], tasks: tuple[tuple[str, ...], ...]) -> JourneyLayout:
    """The sizes of a journey diagram with these section names and, per section, task names.

    Labels as shown (not escaped).  The largest font of ``_FONT_SIZES`` and
    then the narrowest box in which every label takes at most three lines,
    among the widths that keep three boxes in view at 1440 px and one at
    390 px.  When none does, the narrowest wider box (up to 600 px) at 14 px;
    then a 600 px box as tall as its labels need.
    """
    count = sum(len(group) for group in tasks)
    widths = range(_MIN_BOX_WIDTH, _MAX_BOX_WIDTH + 1, _WIDTH_STEP)
    in_view = [w for w in widths if _in_view(w, count)]
    for font_size in _FONT_SIZES:
        for width in in_view:
            lines = _fits(sections, tasks, font_size, width)
            if lines <= _MAX_LINES:
                return _layout(font_size, width, lines)
    font_size = _FONT_SIZES[0]
    for width in widths:
        if width > in_view[-1]:
            lines = _fits(sections, tasks, font_size, width)
            if lines <= _MAX_LINES:
                return _layout(font_size, width, lines)
    return _layout(font_size, _MAX_BOX_WIDTH, _fits(sections, tasks, font_size, _MAX_BOX_WIDTH))
