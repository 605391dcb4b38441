"""What a failed `mkdocs serve` build shows in the browser: the problems it logged, as
one escaped page in the site's language (plugin/preview.py serves it instead of any page).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from ..i18n import translator
from ..safety.escape import html_attribute

ERROR_PAGE = "cjm-preview-error.html"
"""Where, in the served site, the page listing a failed build's problems is written."""


def error_page(messages: list[str], language: str | None) -> str:
    """The page a failed build serves: every message, escaped, in the site's language."""
    t = translator(language)
    items = "\n".join(f"<li><code>{html_attribute(m)}</code></li>" for m in messages)
    return _ERROR_HTML.format(
        lang=html_attribute(t.language),
        title=html_attribute(t("The handbook could not be built")),
        hint=html_attribute(t("Fix these problems and save: this page reloads by itself.")),
        items=items,
    )


_ERROR_HTML = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fff; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 2rem 1rem; }}
h1 {{ color: #b00020; font-size: 1.5rem; }}
li {{ margin: 0.5rem 0; }}
code {{ white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.9rem; }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{hint}</p>
<ul>
{items}
</ul>
</main>
</body>
</html>
"""


@contextmanager
def captured_messages() -> Iterator[list[str]]:
    """Warnings and errors MkDocs and its plugins log during a build (ours: each finding)."""
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = _Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)


def message_of(exc: BaseException, logged: list[str]) -> list[str]:
    """The exception's own words, unless the log has them already."""
    text = str(exc).strip() or type(exc).__name__
    # "Aborted with a BuildError!" comes after MkDocs has logged the error itself.
    return [] if text in logged or text == "Aborted with a BuildError!" else [text]


def is_page(path: str) -> bool:
    """Whether a request asks for a page (not an asset, not livereload's poll)."""
    if path.startswith("/livereload/"):
        return False
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last
