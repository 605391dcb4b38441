"""Diagnostics: what is wrong with the maps, as values.

Every stage of the flow appends `Diagnostic`s to a list instead of printing or
raising, so the CLI, the MkDocs plugin and the tests all see the same findings
and one formatter decides how they look.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
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
    code: str = ""  # a stable name for findings tools filter on, e.g. "stale"

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


def error(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for an error-level `Diagnostic`."""
    return Diagnostic(path, line, Severity.ERROR, message, hint)


def warning(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    """Shorthand for a warning-level `Diagnostic`."""
    return Diagnostic(path, line, Severity.WARNING, message, hint)


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
    """`PATH:LINE: severity: message — hint`, one per line, like a compiler."""
    lines = []
    for d in sorted(diagnostics, key=sort_key):
        text = f"{d.path}:{d.line}: {d.severity.value}: {d.message}"
        lines.append(f"{text} — {d.hint}" if d.hint else text)
    return "\n".join(lines)


def _escape_github_data(text: str) -> str:
    # The workflow-command format reserves these characters in the message part.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
            f"line={d.line}::{_escape_github_data(message)}"
        )
    return "\n".join(lines)


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list of objects with path, line, severity, message and hint."""
    items = [
        {
            "path": d.path,
            "line": d.line,
            "severity": d.severity.value,
            "message": d.message,
            "hint": d.hint,
        }
        for d in sorted(diagnostics, key=sort_key)
    ]
    return json.dumps(items, ensure_ascii=False, indent=2)
