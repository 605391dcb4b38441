"""One file of `maps/` read into a `Source`: its text, front matter and body, YAML values.

YAML is composed with libyaml (fast, safe: only the standard tags) and turned
into plain Python values by hand, so that duplicate keys and impossible dates
become diagnostics instead of silent data loss or a traceback. Line numbers
are not kept for every value: a parse is cheap, so a diagnostic that needs a
line re-composes the front matter once (`Source.line_of`).

Every line reported counts `\\n` only, as editors, git and GitHub do: a UTF-8
byte order mark and CRLF line endings are read as if they were not there, and
the other characters YAML takes for line breaks (NEL, U+2028, U+2029) do not
move the lines of what follows them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Code, Diagnostic, error, warning

# Location of a value inside the front matter: keys and list indexes.
Loc = tuple[str | int, ...]

# The front matter starts on the line after the opening `---`.
_FRONT_LINE = 2

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_YAML_TAG = "tag:yaml.org,2002:"
_STR_TAG = _YAML_TAG + "str"
_NULL_TAG = _YAML_TAG + "null"
# A bare `=` resolves to YAML 1.1's "default value" tag; it means the text "=".
_VALUE_TAG = _YAML_TAG + "value"
_MERGE_TAG = _YAML_TAG + "merge"
# Guards against "billion laughs" documents that expand aliases exponentially.
_MAX_VALUES = 200_000
# Guards against the stack: deep nesting, or an alias inside its own anchor (`&a [*a]`).
_MAX_DEPTH = 50
# The only tags a list or mapping may carry; `!!set`, `!!omap` or `!foo` would change its meaning.
_COLLECTION_TAGS: dict[type[yaml.Node], str] = {
    yaml.MappingNode: _YAML_TAG + "map",
    yaml.SequenceNode: _YAML_TAG + "seq",
}
# Scalars become text, numbers, booleans, empty or dates; `!!binary` bytes fit no field.
_SCALAR_TAGS = {_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
# What the standard constructors raise for text that does not fit an explicit tag
# (`!!bool maybe`, `!!timestamp soon`, `!!int x`, an impossible date).
_CONSTRUCTOR_ERRORS = (ValueError, KeyError, AttributeError, TypeError, OverflowError)

# Characters YAML refuses to read (controls but tab and newline, DEL, U+FFFE, U+FFFF);
# searched for only once libyaml has refused a file, as its error names no line.
_NOT_YAML = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Characters YAML counts as line breaks besides `\n`; editors and git do not.
_YAML_ONLY_BREAK_CHARS = ("\x85", "\u2028", "\u2029")
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
_YAML_BREAKS = re.compile("[\n\x85\u2028\u2029]")
# Bidi embeddings, overrides and isolates reorder the text after them: a title would read
# otherwise on the page than in the file and its review ("Trojan Source"). Zero-width
# spaces, word joiners and a byte order mark inside the text make equal-looking titles
# differ. ZWNJ and ZWJ belong to Persian, Indic scripts and emoji: allowed between two
# letters, marks or symbols of such a script (`_joins_script`).
_INVISIBLE = re.compile("[\u200b-\u200d\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_JOINERS = ("\u200c", "\u200d")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Spaces YAML does not count as indentation, and invisible characters, at the start of a
# line (after any ordinary spaces): pasted from a web page or a word processor.
_INVISIBLE_INDENT = re.compile(
    "^[ \t]*([\u00a0\u1680\u180e\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff])",
    re.MULTILINE,
)

# ` #` ends a plain value; a `#` with text right after it (`#1`, `#hashtag`) was meant as text.
_TEXT_LIKE_COMMENT = re.compile(r"[ \t]+(#(?![ \t]).*)")

# The first line of a front matter block: `field:` as a map's fields are written.
_FIELD_LINE = re.compile(r"[a-z_][a-z0-9_-]*:(\s|$)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")

_BOM = b"\xef\xbb\xbf"
_EMPTY_KEY_HINT = "write the field's name before the ':', like `owner: E-commerce`"


class FrontMatterError(Exception):
    """Raised inside the YAML walk; carries the line of the file it is about."""

    def __init__(self, line: int, message: str, hint: str = "", *, code: Code) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint
        self.code = code


class _Lines:
    """File lines of YAML marks of one front matter, counting `\\n` only."""

    def __init__(self, text: str) -> None:
        # For each YAML line break, how many of the breaks up to it are `\n`; None
        # when YAML and editors agree, which is nearly always.
        self._newlines: list[int] | None = None
        # `in` is many times faster than a regular expression, and this runs for every file.
        if any(char in text for char in _YAML_ONLY_BREAK_CHARS):
            count = 0
            self._newlines = []
            for match in _YAML_BREAKS.finditer(text):
                count += match.group() == "\n"
                self._newlines.append(count)

    def __call__(self, mark_line: int) -> int:
        """The file line of a mark's (0-based) YAML line."""
        if self._newlines is None or mark_line <= 0:
            return _FRONT_LINE + mark_line
        return _FRONT_LINE + self._newlines[min(mark_line, len(self._newlines)) - 1]


@dataclass
class Source:
    """One file of `maps/`: its kind and id, parsed front matter and Markdown body."""

    kind: str
    id: str
    path: str  # relative to the project root, with forward slashes; a link's own path
    file: Path
    front_matter: dict[str, Any]
    body: str  # with `\n` line endings
    body_line: int  # line of the file where the body starts
    front_matter_text: str = field(repr=False, default="")
    _nodes: yaml.Node | None = field(default=None, repr=False, compare=False)
    _lines: _Lines | None = field(default=None, repr=False, compare=False)

    def line_of(self, loc: Loc) -> int:
        """The file line of the key or list item at `loc`.

        Where `loc` names something absent (a missing field), this is the line of
        the closest enclosing item, so the reader lands at the right place.
        """
        if self._nodes is None:
            self._nodes = yaml.compose(self.front_matter_text, Loader=_Loader)
            self._lines = _Lines(self.front_matter_text)
        assert self._lines is not None
        node = self._nodes
        # The whole front matter starts at the `---` on line 1.
        line = 1
        for part in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                match = next((kv for kv in node.value if kv[0].value == part), None)
                if match is None:
                    break
                line = self._lines(match[0].start_mark.line)
                node = match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                line = self._lines(node.start_mark.line)
            else:
                break
        return line


class _Builder:
    """Turns a composed YAML node into plain Python values, refusing what would lose data."""

    def __init__(self, lines: _Lines, text: str) -> None:
        self.lines = lines
        self.budget = _MAX_VALUES
        # YAML's lines, split only if some value may be followed by a comment.
        self.yaml_lines = _YAML_BREAKS.split(text) if " #" in text or "\t#" in text else None
        # Values a comment cut short: (file line, what the value is, value, comment).
        self.cut_values: list[tuple[int, str, str, str]] = []
        self.field: yaml.Node | None = None  # the top-level field being read

    def fail(
        self, node: yaml.Node, message: str, hint: str = "", *, code: Code
    ) -> FrontMatterError:
        return FrontMatterError(self.lines(node.start_mark.line), message, hint, code=code)

    def unsupported_tag(self, node: yaml.Node) -> FrontMatterError:
        # Show the tag as the writer typed it (`!!python/...`), not its long form.
        tag = node.tag.replace(_YAML_TAG, "!!", 1)
        return self.fail(
            node,
            f"unsupported YAML tag '{tag}'",
            "only plain text, numbers, dates, lists and mappings are allowed",
            code="unsupported-yaml",
        )

    def escaped_character(self, node: yaml.Node) -> None:
        """Refuse what a YAML escape (`"\\x01"`, `"\\u202e"`) puts into quoted text: the
        characters that are refused when typed as they are (`parse_source`)."""
        if getattr(node, "style", None) != '"':
            return  # only double quotes have escapes
        match = _NOT_YAML.search(node.value)
        if match is not None:
            char = match.group()
            raise self.fail(
                node,
                f"text holds the control character U+{ord(char):04X}, written as a YAML escape",
                f"remove the escape ({_escape_of(char)}); a map's text has no use for it",
                code="control-character",
            )
        index = invisible_character(node.value)
        if index is not None:
            char = node.value[index]
            message, hint = _invisible_problem(char)
            raise self.fail(
                node,
                f"text holds {message}, written as a YAML escape",
                f"remove the escape ({_escape_of(char)}); {hint}",
                code="invisible-character",
            )

    def too_large(self, node: yaml.Node) -> FrontMatterError:
        # Named at the field being read: an alias's nodes are its anchor's, lines away.
        return self.fail(
            self.field or node,
            f"front matter is too large (more than {_MAX_VALUES:,} values)",
            "an alias (*name) repeats all of its anchor, so aliases of aliases multiply: "
            "write the values out, or split the map into several journeys",
            code="too-large",
        )

    def value(self, node: yaml.Node, depth: int = 0, subject: str = "") -> Any:
        """The plain value of `node`; `subject` names it in a message ("'title'")."""
        self.budget -= 1
        if self.budget < 0:
            raise self.too_large(node)
        kind = type(node)
        # Scalars are most of a map, and most scalars are plain text: check those first.
        if kind is yaml.ScalarNode:
            self.escaped_character(node)
            tag = node.tag
            if tag in (_STR_TAG, _VALUE_TAG):
                if self.yaml_lines is not None and subject:
                    self.note_comment(node, subject)
                return node.value
            if tag not in _SCALAR_TAGS:
                raise self.unsupported_tag(node)
            try:
                return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
            except _CONSTRUCTOR_ERRORS:
                # An impossible date such as 2026-02-30: keep the text, the model reports it.
                return node.value
        if depth > _MAX_DEPTH:
            raise self.fail(
                node,
                "front matter is nested too deeply",
                "a map needs only a few levels; check for an alias (*name) inside its own anchor",
                code="too-large",
            )
        if node.tag != _COLLECTION_TAGS.get(kind):
            raise self.unsupported_tag(node)
        if kind is yaml.SequenceNode:
            item_subject = f"an item of {subject}" if subject else ""
            return [self.value(item, depth + 1, item_subject) for item in node.value]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.key(key_node, depth)
            if key in mapping:
                first = next(k for k, _ in node.value if k.value == key)
                raise self.fail(
                    key_node,
                    f"duplicate key '{key}' (first at line {self.lines(first.start_mark.line)})",
                    "YAML would keep only the last one; merge them",
                    code="duplicate-key",
                )
            mapping[key] = self.value(value_node, depth + 1, f"'{key}'")
        return mapping

    def note_comment(self, node: yaml.Node, subject: str) -> None:
        """Note a plain text value that a text-like comment (`#1 on Trustpilot`) follows."""
        assert self.yaml_lines is not None
        end = node.end_mark
        # Only a plain value ends at a comment; a quoted one ends at its quote, as written.
        if not isinstance(node, yaml.ScalarNode) or node.style or end.line >= len(self.yaml_lines):
            return
        match = _TEXT_LIKE_COMMENT.match(self.yaml_lines[end.line], end.column)
        if match is not None:
            comment = match.group(1).rstrip()
            self.cut_values.append((self.lines(end.line), subject, node.value, comment))

    def key(self, node: yaml.Node, depth: int) -> str:
        """A field name, as the writer typed it (`yes`, not `True`; `0x1F`, not `31`)."""
        if depth == 0:
            self.field = node
        if type(node) is not yaml.ScalarNode:
            raise self.fail(
                node, "a key must be a plain word", "write `name: value`", code="unsupported-yaml"
            )
        if node.tag == _NULL_TAG or not node.value.strip():
            # `~: x`, `null: x` or `: x` would otherwise be the field 'None'.
            meaning = f" ('{node.value}' means nothing in YAML)" if node.value.strip() else ""
            raise self.fail(node, f"a key is empty{meaning}", _EMPTY_KEY_HINT, code="empty-key")
        if _INVISIBLE_INDENT.match(node.value):
            # Valid YAML, but the field's name then starts with a character no one sees.
            line = self.lines(node.start_mark.line)
            message, hint = _invisible_indent_words(node.value, line)
            raise self.fail(node, message, hint, code="invisible-indentation")
        if node.tag == _MERGE_TAG:
            raise self.fail(
                node,
                "merge keys (`<<: *name`) are not supported",
                "write the fields out, or give each one its own alias: `field: *name`",
                code="unsupported-yaml",
            )
        self.value(node, depth + 1)  # refuses tags such as `!!binary` or `!!python/...`
        return str(node.value)


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """Split a file into (front matter, its first line, body, body's first line).

    Returns None if the file does not start with a `---` line or the block is
    not closed by a `---` (or `...`) line.
    """
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return front, _FRONT_LINE, body, index + 2
    return None


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line (counting `\\n`) and column (in characters) of `text[index]`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """The text of a file with `\\n` line endings, or why it has none (also for
    `read/data_files.py`)."""
    # Notepad and Excel write a byte order mark; like MkDocs, read past it.
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            error(
                path,
                line,
                f"file is not UTF-8 (byte 0x{data[exc.start]:02x})",
                "save it as UTF-8",
                code="not-utf8",
            )
        ]
    if "\r" in text:
        # Git for Windows checks files out with CRLF: one line each, as for `\n`.
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            # A lone CR is a line break to YAML and Markdown, but not to git or
            # GitHub, so no line reported after it could be right; no tool of
            # today writes old Mac files, so it is nearly always a stray paste.
            line, column = _line_and_column(text, text.index("\r"))
            return None, [
                error(
                    path,
                    line,
                    f"file has a carriage return (CR) without a line feed at line {line}, "
                    f"column {column}",
                    "save it with LF (or CRLF) line endings; old Mac (CR) line endings "
                    "are not supported",
                    code="lone-cr",
                )
            ]
    return text, []


def _control_character(front_text: str, path: str) -> Diagnostic | None:
    """An error for the first character of the front matter that YAML cannot read."""
    match = _NOT_YAML.search(front_text)
    if match is None:
        return None
    char = match.group()
    line, column = _line_and_column(front_text, match.start())
    line += _FRONT_LINE - 1
    what = "control character" if unicodedata.category(char) == "Cc" else "character"
    return error(
        path,
        line,
        f"file contains the {what} U+{ord(char):04X} at line {line}, column {column}",
        "remove it; it is invisible in most editors",
        code="control-character",
    )


def _invisible_indent_words(line_text: str, line: int) -> tuple[str, str]:
    """(message, hint) for a line whose indentation holds an invisible character."""
    match = _INVISIBLE_INDENT.match(line_text)
    assert match is not None
    char = match.group(1)
    name = unicodedata.name(char, "invisible character").lower()
    return (
        f"line {line} is indented with U+{ord(char):04X} ({name}), "
        "which YAML does not read as a space",
        "indent with ordinary spaces; the character is invisible in most editors "
        "and comes with text pasted from a web page or a document",
    )


def _invisible_indent(front_text: str, path: str, line: int) -> Diagnostic | None:
    """An error for the first line up to `line` indented with an invisible character.

    YAML stops at the line after it, or later, with a message about indentation
    that names no character: the writer would look at the wrong line.
    """
    match = _INVISIBLE_INDENT.search(front_text)
    if match is None:
        return None
    indent_line = front_text.count("\n", 0, match.start()) + _FRONT_LINE
    if indent_line > line:
        return None
    line_text = front_text[match.start() : front_text.find("\n", match.start())]
    message, hint = _invisible_indent_words(line_text, indent_line)
    return error(path, indent_line, message, hint, code="invisible-indentation")


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _cut_by_comment(path: str, line: int, subject: str, value: str, comment: str) -> Diagnostic:
    """A warning for a plain text value that YAML ends where a comment starts."""
    whole = f"{value} {comment}"
    return warning(
        path,
        line,
        f"{subject} is '{_shorten(value)}': YAML reads ' {_shorten(comment)}' as a comment",
        f'put the text in quotes: "{whole}"'
        if '"' not in whole and "\\" not in whole and len(whole) <= 80
        else "put the whole text in quotes",
        code="comment-in-text",
    )


def second_front_matter(body: str, body_line: int, path: str) -> Diagnostic | None:
    """A warning for a front matter block in the body (a template pasted twice, two files
    joined): Markdown shows it as a rule and a paragraph, and none of its fields count."""
    lines = body.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        # Outside fenced code only: a guide may show a map's front matter as an example.
        fence_match = _FENCE.match(line)
        if fence_match is not None and (not fence or fence_match.group(1).startswith(fence)):
            fence = "" if fence else fence_match.group(1)[:3]
            continue
        if fence or line.rstrip() != "---" or (index > 0 and lines[index - 1].strip()):
            continue  # after a paragraph line, `---` underlines a heading
        if index + 1 < len(lines) and _FIELD_LINE.match(lines[index + 1]):
            end = next(
                (i for i in range(index + 2, len(lines)) if lines[i].rstrip() in ("---", "...")),
                None,
            )
            if end is not None:
                return warning(
                    path,
                    body_line + index,
                    f"a second front matter block (lines {body_line + index} to "
                    f"{body_line + end}) is part of the body; its fields are not read",
                    "move its fields into the front matter at the top, and remove the block",
                    code="second-front-matter",
                )
    return None


def _escape_of(char: str) -> str:
    """How a character is written as a YAML escape, as a writer would have typed it."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _joins_script(text: str, index: int) -> bool:
    """True if the ZWNJ or ZWJ at `index` stands between two letters, marks or symbols of
    a script that needs it (Persian `می‌خواهم`, Hindi, emoji sequences)."""
    neighbours = (text[index - 1 : index], text[index + 1 : index + 2])
    return all(
        char and not char.isascii() and unicodedata.category(char)[0] in "LMS"
        for char in neighbours
    )


def invisible_character(text: str) -> int | None:
    """The index of the first bidi control or zero-width character of `text` that a map
    may not hold (see `_INVISIBLE`), or None."""
    for match in _INVISIBLE.finditer(text):
        if match.group() in _JOINERS and _joins_script(text, match.start()):
            continue
        return match.start()
    return None


def _invisible_problem(char: str) -> tuple[str, str]:
    """What an invisible character is (for the message) and why it must go (the hint)."""
    what = f"the invisible character U+{ord(char):04X} ({unicodedata.name(char).lower()})"
    if _BIDI_CONTROLS.match(char):
        return what, "it reorders the text after it, so the page would not show what was written"
    return what, "it makes text that looks the same differ (a title, a name, an id)"


def _invisible_character(front_text: str, path: str) -> Diagnostic | None:
    """An error for the first bidi control or zero-width character typed in the front matter."""
    index = invisible_character(front_text)
    if index is None:
        return None
    line, column = _line_and_column(front_text, index)
    line += _FRONT_LINE - 1
    what, why = _invisible_problem(front_text[index])
    return error(
        path,
        line,
        f"file contains {what} at line {line}, column {column}",
        f"remove it; {why}",
        code="invisible-character",
    )


def _yaml_break_hint(front_text: str, line: int) -> str:
    """A hint if an invisible line break of YAML's, up to `line`, may be the cause."""
    match = _YAML_ONLY_BREAKS.search(front_text)
    if match is None:
        return ""
    break_line, column = _line_and_column(front_text, match.start())
    break_line += _FRONT_LINE - 1
    if break_line > line:
        return ""
    return (
        f"line {break_line}, column {column} holds the invisible character "
        f"U+{ord(match.group()):04X}, which YAML reads as a line break; remove it, "
        "or put the text in quotes"
    )


def singular(kind: str) -> str:
    """A kind of map as one of it is called (`journeys`: `journey`), as the CLI takes it."""
    return "opportunity" if kind == "opportunities" else kind.removesuffix("s")


def parse_source(
    data: bytes, file: Path, kind: str, path: str
) -> tuple[Source | None, list[Diagnostic]]:
    """Parse the bytes of one file of `maps/` (`path` is what diagnostics name)."""
    source_id = file.stem
    text, problems = decode(data, path)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [
            error(
                path,
                1,
                "file is empty",
                f"start with front matter; `mkdocs-cjm new {singular(kind)} {source_id}` "
                "writes a template",
                code="empty-file",
            )
        ]
    parts = split_front_matter(text)
    if parts is None:
        first = text.split("\n", 1)[0]
        if first.rstrip() == "---":
            return None, [
                error(
                    path,
                    1,
                    "front matter is not closed",
                    "end it with a line of `---`",
                    code="front-matter-unclosed",
                )
            ]
        return None, [
            error(
                path,
                1,
                "missing front matter",
                "the file must start with a line of `---`, then YAML, then `---`",
                code="front-matter-missing",
            )
        ]
    front_text, front_line, body, body_line = parts
    invisible = _invisible_character(front_text, path)
    if invisible is not None:
        return None, [invisible]
    lines = _Lines(front_text)
    try:
        node = yaml.compose(front_text, Loader=_Loader)
        builder = _Builder(lines, front_text)
        front_matter = {} if node is None else builder.value(node)
    except yaml.reader.ReaderError as exc:
        # Its position is a byte offset and names no line: find the character again.
        control = _control_character(front_text, path)
        reason = f"invalid YAML: {exc.reason}"
        return None, [control or error(path, front_line, reason, code="invalid-yaml")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = lines(mark.line) if mark else front_line
        invisible = _invisible_indent(front_text, path, line)
        return None, [
            invisible
            or error(
                path,
                line,
                f"invalid YAML: {exc.problem or exc.context}",
                _yaml_break_hint(front_text, line)
                or "check the indentation, and quote text that contains ': ' or starts with "
                "a special character",
                code="invalid-yaml",
            )
        ]
    except yaml.YAMLError as exc:
        # Unmarked errors (the reader's); what it refuses is caught above, so this is a net.
        return None, [error(path, front_line, f"invalid YAML: {exc}", code="invalid-yaml")]
    except FrontMatterError as exc:
        return None, [error(path, exc.line, exc.message, exc.hint, code=exc.code)]
    if not isinstance(front_matter, dict):
        return None, [
            error(
                path,
                front_line,
                "front matter must be a mapping of `field: value` lines",
                "",
                code="front-matter-not-mapping",
            )
        ]
    source = Source(
        kind, source_id, path, file, front_matter, body, body_line, front_text, _lines=lines
    )
    problems = [_cut_by_comment(path, *cut) for cut in builder.cut_values]
    second = second_front_matter(body, body_line, path)
    return source, [*problems, *([second] if second is not None else [])]
