"""Unit tests of `diagnostics.py`: every format keeps one finding on one line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import get_args

import pytest

from mkdocs_cjm.diagnostics import (
    CODES,
    Code,
    Diagnostic,
    Severity,
    format_github,
    format_json,
    format_text,
    printable,
)

# What could start a line, or make a terminal show text other than what it is.
HOSTILE = {
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\x00": "\\x00",
    "\x1b": "\\x1b",  # ANSI escapes: colours, cursor moves, a cleared screen
    "\x0b": "\\x0b",
    "\x0c": "\\x0c",
    "\x1c": "\\x1c",  # str.splitlines() splits at \x1c-\x1e and \x85 too
    "\x7f": "\\x7f",
    "\x85": "\\x85",
    "\x9b": "\\x9b",  # the one-character CSI
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
    "\u202a": "\\u202a",
    "\u202e": "\\u202e",
    "\u2066": "\\u2066",
    "\u2069": "\\u2069",
    "\u200f": "\\u200f",
    # Invisible: `\u200btitle` must not read as the known field `title`.
    "\u200b": "\\u200b",
    "\u2060": "\\u2060",
    "\ufeff": "\\ufeff",
}


@pytest.mark.parametrize(("char", "shown"), sorted(HOSTILE.items()))
def test_printable_escapes(char: str, shown: str) -> None:
    assert printable(f"a{char}b") == f"a{shown}b"


def test_printable_keeps_ordinary_text() -> None:
    text = "Ærø sofa — 11,495 kr. «ok» 日本 🙂 %:, \\n"
    assert printable(text) == text


def forged(where: str) -> Diagnostic:
    payload = "x\n::error file=evil.md,line=1::forged\u2028::warning::also\r\x1b[2K\u202egnp"
    parts = {"path": "maps/a.md", "message": "bad", "hint": "fix"}
    parts[where] = parts[where] + payload
    message, hint = parts["message"], parts["hint"]
    return Diagnostic(parts["path"], 3, Severity.ERROR, message, hint, code="stale")


@pytest.mark.parametrize("where", ["path", "message", "hint"])
def test_no_format_forges_a_line(where: str) -> None:
    diagnostic = forged(where)
    texts = {
        "str": str(diagnostic),
        "text": format_text([diagnostic]),
        "github": format_github([diagnostic]),
        "json": format_json([diagnostic]),
    }
    for name, text in texts.items():
        if name != "json":
            assert text.splitlines() == [text], name
            assert not any(char in text for char in HOSTILE if char not in "\n"), name
    assert texts["github"].startswith("::error file=maps/a.md")
    # JSON: the exact values for tools, every hostile character as a JSON escape.
    assert json.loads(texts["json"]) == [
        {
            "path": diagnostic.path,
            "line": 3,
            "severity": "error",
            "message": diagnostic.message,
            "hint": diagnostic.hint,
            "code": "stale",
        }
    ]
    assert not any(char in texts["json"] for char in HOSTILE if char not in "\n")
    assert all(line.startswith(("[", "]", "  ")) for line in texts["json"].splitlines())


def test_text_and_log_show_the_escapes() -> None:
    diagnostic = Diagnostic(
        "maps/a\nb.md", 1, Severity.WARNING, "key 'k\u202e'", "h\x1b", code="unknown-field"
    )
    assert str(diagnostic) == "maps/a\\nb.md:1: key 'k\\u202e' — h\\x1b"
    assert diagnostic.log_line() == "maps/a\\nb.md:1: key 'k\\u202e' — h\\x1b [unknown-field]"
    assert format_text([diagnostic]) == (
        "maps/a\\nb.md:1: warning: key 'k\\u202e' — h\\x1b [unknown-field]"
    )


def test_github_keeps_its_own_escapes() -> None:
    diagnostic = Diagnostic(
        "maps/a,b:c%.md", 2, Severity.INFO, "50% done\nnext", "a:b,c", code="unreviewed"
    )
    assert format_github([diagnostic]) == (
        "::notice file=maps/a%2Cb%3Ac%25.md,line=2,title=unreviewed::50%25 done%0Anext — a:b,c"
    )


def test_every_code_is_registered_and_documented() -> None:
    guide = (Path(__file__).resolve().parents[2] / "docs/guide/cli.md").read_text(encoding="utf-8")
    for code in CODES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code), code
        assert f"| `{code}` |" in guide, f"docs/guide/cli.md does not list {code}"
    # The type is the registry: mypy refuses a code that `Code` does not list.
    assert list(CODES) == list(get_args(Code))
    # Every registered code is written somewhere (a literal, or `unknown-` + a kind).
    package = Path(__file__).resolve().parents[2] / "mkdocs_cjm"
    literals = {
        literal
        for file in package.rglob("*.py")
        if file.name != "diagnostics.py"
        for literal in re.findall(r'"([a-z0-9-]+)"', file.read_text(encoding="utf-8"))
    }
    assert set(CODES) <= literals, "a registered code that nothing writes"


def test_mypy_refuses_an_unknown_code(tmp_path: Path) -> None:
    from mypy import api

    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from mkdocs_cjm.diagnostics import error\n"
        'error("maps/a.md", 1, "m", code="invalid-yaml")\n'
        'error("maps/a.md", 1, "m", code="no-such-code")\n',
        encoding="utf-8",
    )
    out, _, status = api.run(
        ["--strict", "--no-incremental", "--follow-imports=silent", str(snippet)]
    )
    assert status == 1
    assert "snippet.py:3: error" in out and "snippet.py:2:" not in out, out
