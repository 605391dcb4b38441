"""`safety/escape.py` is the one home of writer-text escaping: one function per output
context, and no other module escapes for a page by hand."""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs_cjm.safety import escape

PACKAGE = Path(__file__).resolve().parents[3] / "mkdocs_cjm"

# Hand-written escaping: html.escape, URL quoting, a table of character references.
HAND_ESCAPING = re.compile(r"html\.escape\(|\bquote\(|&#\{ord\(|maketrans\(")

# The body rules rewrite a writer's Markdown (fence lines) rather than escape text
# (see the module's docstring), and map_files folds letters of file names into ids.
NOT_ESCAPING = {"safety/markdown_text.py", "read/map_files.py"}


def test_no_module_escapes_by_hand() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).as_posix() not in {"safety/escape.py", *NOT_ESCAPING}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HAND_ESCAPING.search(line)
    ]
    assert not found, "escape through safety/escape.py:\n" + "\n".join(found)


def test_each_context_shows_the_text_as_written() -> None:
    hostile = '<b x="1">&{{ t }}</b> #1 [a](b) `c` *d* | e:f'
    assert escape.markdown_text(hostile).count("<") == 0
    assert not set(escape.markdown_text(hostile)) & set('<>`*[]{}|"')
    assert escape.html_text("a < b & c") == "a &lt; b &amp; c"
    assert escape.html_attribute('x" onfocus="y') == "x&quot; onfocus=&quot;y"
    assert not set(escape.html_in_markdown(hostile)) & set('<>`*[]{}|"')
    assert escape.mermaid_label("title: a, b; #c") == "#116;itle#58; a#44; b#59; #35;c"
    assert escape.url_path('Q3 #1?/x" y') == "Q3%20%231%3F/x%22%20y"
    assert escape.angle_url("https://a/<b>") == "https://a/%3Cb%3E"
    assert escape.attr_list_value('a"b{c}|d\\') == "abcd"


def test_html_in_markdown_escapes_what_markdown_text_does() -> None:
    # One table: HTML text in a page escapes the Markdown syntax that markdown_text does,
    # but for `#` and `+` (html.escape's own references hold `#`; `+` starts no cell).
    for char in escape.MARKDOWN_SYNTAX:
        if char in "#+":
            assert escape.html_in_markdown(f"a{char}b") == f"a{char}b"
        else:
            shown = escape.html_in_markdown(f"a{char}b")
            assert char not in re.sub(r"&#?\w+;", "", shown) and html.unescape(shown) == f"a{char}b"
