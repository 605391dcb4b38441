"""Diagnostics: what is wrong with the maps, as values.

Every stage of the flow appends `Diagnostic`s to a list instead of printing or
raising, so the CLI, the MkDocs plugin and the tests all see the same findings
and one formatter decides how they look.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal


# Not StrEnum, whose str() of a member is its value: keep what str() and format() give.
class Severity(str, Enum):  # noqa: UP042
    """How bad a finding is: errors fail every build, warnings fail `--strict`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Diagnostic:
    """One finding, located at a line of a file relative to the project root."""

    path: str
    line: int
    severity: Severity
    message: str
    hint: str = ""
    # A stable name of the kind of finding (a `Code`), for tools and `check --ignore`.
    code: Code = field(kw_only=True)

    def __str__(self) -> str:
        # Escaped, so that no file name or key forges a log line.
        text = f"{printable(self.path)}:{self.line}: {printable(self.message)}"
        return f"{text} — {printable(self.hint)}" if self.hint else text

    def log_line(self) -> str:
        """The build log's form: `PATH:LINE: message — hint [code]`."""
        return f"{self} [{self.code}]"


Code = Literal[
    "not-utf8",
    "lone-cr",
    "control-character",
    "invisible-character",
    "invisible-indentation",
    "unreadable-file",
    "empty-file",
    "front-matter-missing",
    "front-matter-unclosed",
    "front-matter-not-mapping",
    "second-front-matter",
    "invalid-yaml",
    "unsupported-yaml",
    "duplicate-key",
    "comment-in-text",
    "empty-key",
    "too-large",
    "maps-dir-missing",
    "invalid-id",
    "reserved-id",
    "duplicate-id",
    "unknown-folder",
    "stray-file",
    "not-markdown",
    "special-file",
    "broken-link",
    "folder-link",
    "link-outside",
    "missing-field",
    "unknown-field",
    "not-allowed",
    "out-of-range",
    "empty-value",
    "invalid-date",
    "wrong-type",
    "misspelt-metric",
    "unknown-persona",
    "unknown-touchpoint",
    "unknown-stage",
    "unknown-journey",
    "unknown-opportunity",
    "same-opportunity",
    "compares-itself",
    "compares-cycle",
    "part-of-itself",
    "part-of-cycle",
    "listed-twice",
    "stage-twice",
    "bad-image",
    "invalid-step-id",
    "duplicate-step-id",
    "pasted-step",
    "future-evidence",
    "not-csv",
    "data-header",
    "data-row",
    "bad-number",
    "bad-period",
    "unknown-step",
    "duplicate-figure",
    "unknown-path-element",
    "empty-path",
    "duplicate-path",
    "duplicate-alias",
    "writer-html",
    "external-media",
    "stale",
    "future-review",
    "unreviewed",
    "config",
]
"""Every code a finding may carry: a code not listed here is a mypy error where it is written."""


CODES: dict[Code, str] = {
    # Reading files
    "not-utf8": "a file is not UTF-8",
    "lone-cr": "a file has old Mac (CR) line endings",
    "control-character": "the front matter holds a control character (typed, or a YAML escape)",
    "invisible-character": "the front matter holds a bidi control or zero-width character",
    "invisible-indentation": "a line indented with a no-break space or another invisible character",
    "unreadable-file": "a file or folder cannot be read (permissions, I/O)",
    "empty-file": "a map file is empty",
    "front-matter-missing": "a map does not start with a `---` line",
    "front-matter-unclosed": "the front matter has no closing `---` line",
    "front-matter-not-mapping": "the front matter is not `field: value` lines",
    "second-front-matter": "a second front matter block in the body, whose fields are not read",
    "invalid-yaml": "the front matter is not valid YAML",
    "unsupported-yaml": "YAML a map may not use: tags, merge keys, keys that are not words",
    "duplicate-key": "a key appears twice in one mapping",
    "comment-in-text": "text cut short where ` #` starts a YAML comment (`#1`, `#hashtag`)",
    "empty-key": "a key is empty",
    "too-large": "the front matter is too large or too deeply nested",
    # Files, folders and ids
    "maps-dir-missing": "the maps folder does not exist",
    "invalid-id": "a file name is not a valid id",
    "reserved-id": "a file name is an id reserved for a generated page",
    "duplicate-id": "two files of one kind have the same name",
    "unknown-folder": "a folder in maps/ that is no kind of map (ignored)",
    "stray-file": "a file directly in maps/ (ignored)",
    "not-markdown": "a file in a folder of maps/ that is not .md (ignored)",
    "special-file": "a pipe, socket or device in maps/ (ignored)",
    "broken-link": "a symbolic link that is broken or loops (ignored)",
    "folder-link": "a symbolic link to a folder (not followed)",
    "link-outside": "a symbolic link that points outside the project",
    # Fields (the schema)
    "missing-field": "a required field is missing",
    "unknown-field": "a field the schema does not know",
    "not-allowed": "a value that is not one of the allowed words",
    "out-of-range": "a number outside its range",
    "empty-value": "a field is empty or blank",
    "invalid-date": "a date that is not a real YYYY-MM-DD date",
    "wrong-type": "a value of the wrong type (text, number, list, mapping)",
    "misspelt-metric": "a metric named like drop_off or conversion, but not the same (warning)",
    # References between files
    "unknown-persona": "a persona id that no file in maps/personas/ has",
    "unknown-touchpoint": "a touchpoint id that no file in maps/touchpoints/ has",
    "unknown-stage": "a stage id that is not in the stage vocabulary",
    "unknown-journey": (
        "a journey id (in `compares`, `part_of` or a data file) that no file in maps/journeys/ has"
    ),
    "unknown-opportunity": (
        "a `ref` to a shared opportunity that no file in maps/opportunities/ has"
    ),
    "same-opportunity": "steps that carry the same opportunity, each written out (warning)",
    "compares-itself": "a journey compared with itself",
    "compares-cycle": "journeys that compare with each other in a circle",
    "part-of-itself": "a journey that is part of itself",
    "part-of-cycle": "journeys that are part of each other in a circle",
    "listed-twice": "an id listed twice in `personas` or `channels`",
    "stage-twice": "a stage used twice in one journey",
    "bad-image": "a persona image that is not a file inside docs_dir",
    # Step ids and evidence
    "invalid-step-id": (
        "a step id that is not lowercase a-z, 0-9 and '-', looks like step-N or is an "
        "element id of the pages"
    ),
    "duplicate-step-id": "two steps of one journey with the same id",
    "pasted-step": "a step that is the same, field for field, as another of its stage",
    "future-evidence": "an evidence date in the future",
    # Data files (maps/data/*.csv)
    "not-csv": "a file in maps/data/ or maps/paths/ that is not .csv (ignored)",
    "data-header": "a data or path file's header row: a column missing, unknown or twice",
    "data-row": "a data or path file's row with too many or too few cells, or an unclosed quote",
    "bad-number": "a value, n or count in a data or path file that is not a number",
    "bad-period": "a period that is not YYYY-MM, YYYY-Qn or an ISO date",
    "unknown-step": "a step id (in a data file) that no step of the journey has",
    "duplicate-figure": "two rows with the same journey, step, metric and period",
    "unknown-path-element": (
        "a path element that is no touchpoint id, alias or step id of the journey"
    ),
    "empty-path": "a path row with no elements, or with 0 conversions and 0 nulls",
    "duplicate-path": "two rows with the same journey, path and period",
    "duplicate-alias": "one alias (or touchpoint id) given to two touchpoints",
    # Bodies
    "writer-html": "HTML made from a body that the plugin's pages do not allow (left out)",
    "external-media": "body content that makes readers' browsers call another host (left out)",
    # Review
    "stale": "a journey whose review is overdue",
    "future-review": "a `reviewed` date in the future",
    "unreviewed": "a journey that has never been reviewed (info)",
    # mkdocs.yml
    "config": "a problem with mkdocs.yml or the plugin's options",
}
"""Every kind of finding, by its stable code, with what it means. The CLI guide lists
them; `mkdocs-cjm check --ignore CODE` hides warnings of a kind."""


# Characters that end a line or reorder what a terminal shows: C0 and C1 controls,
# DEL, the Unicode line and paragraph separators, and the bidi embeddings, overrides,
# isolates and marks. In a log, a newline in a file name or key would start a line
# of the writer's choosing (`::error file=...` is an annotation in GitHub Actions).
# Zero-width characters too: `\u200btitle` must not read as the known field `title`.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]"
)
# json.dumps escapes C0 controls itself; what is left of the set can only be in a string.
_UNESCAPED_BY_JSON = re.compile(
    "[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]"
)
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` safe for one line of a log or terminal: controls as `\\n`, `\\x1b`, `\\u202e`."""
    return _UNPRINTABLE.sub(_escape, text)


def error(path: str, line: int, message: str, hint: str = "", *, code: Code) -> Diagnostic:
    """Shorthand for an error-level `Diagnostic`."""
    return Diagnostic(path, line, Severity.ERROR, message, hint, code=code)


def warning(path: str, line: int, message: str, hint: str = "", *, code: Code) -> Diagnostic:
    """Shorthand for a warning-level `Diagnostic`."""
    return Diagnostic(path, line, Severity.WARNING, message, hint, code=code)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A "did you mean 'x'?" hint naming the closest candidate, or "" if none is close."""
    matches = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else ""


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, str]:
    """Order findings as a reader walks the files: by path, then line."""
    return (diagnostic.path, diagnostic.line, diagnostic.message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True if any finding is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def format_text(diagnostics: Sequence[Diagnostic]) -> str:
    """`PATH:LINE: severity: message — hint [code]`, one per line, like a compiler."""
    lines = []
    for d in sorted(diagnostics, key=sort_key):
        text = f"{printable(d.path)}:{d.line}: {d.severity.value}: {printable(d.message)}"
        if d.hint:
            text = f"{text} — {printable(d.hint)}"
        lines.append(f"{text} [{d.code}]")
    return "\n".join(lines)


def _escape_github_data(text: str) -> str:
    # The workflow-command format reserves these characters in the message part; `%`
    # first, so that the other escapes are not escaped again.
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    # What GitHub does not decode (other controls, bidi) is shown escaped, as in text.
    return printable(escaped)


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands, which show as annotations on the pull request."""
    lines = []
    for d in sorted(diagnostics, key=sort_key):
        message = f"{d.message} — {d.hint}" if d.hint else d.message
        lines.append(
            f"::{_GITHUB_LEVEL[d.severity]} file={_escape_github_property(d.path)},"
            f"line={d.line},title={_escape_github_property(d.code)}::"
            f"{_escape_github_data(message)}"
        )
    return "\n".join(lines)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list of objects with path, line, severity, message, hint and code.

    The values are exactly what was found (a tool gets the real file name); the
    characters `printable` escapes are written as JSON `\\u` escapes, which JSON
    decoders turn back into the same text, so that the output itself stays one
    item per line for people and for line-based tools.
    """
    items = [
        {
            "path": d.path,
            "line": d.line,
            "severity": d.severity.value,
            "message": d.message,
            "hint": d.hint,
            "code": d.code,
        }
        for d in sorted(diagnostics, key=sort_key)
    ]
    text = json.dumps(items, ensure_ascii=False, indent=2)
    return _UNESCAPED_BY_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
