"""Markdown the plugin writes: links, images, table rows, marks; writer text escaped.

Everything a writer typed goes through `escape.markdown_text` on its way into a page;
what the plugin writes itself is `Trusted` and printed as it is. The template
environment (`environment.py`) applies `finalize` to every value it prints, so
forgetting a filter can only ever show too much escaping, never let a writer's
text turn into HTML, a link or Markdown syntax.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from markdown.extensions import toc

from ..safety.escape import angle_url, markdown_text, url_path
from ..safety.markdown_extension import body_markers, web_url
from ..urls import opportunity_anchor, relative_url


class Trusted(str):
    """Markdown written by the plugin itself, printed as it is by the templates."""


def finalize(value: Any) -> Any:
    """What a template prints for a value: trusted Markdown as it is, anything else escaped."""
    if isinstance(value, Trusted):
        return value
    if value is None:
        return ""
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return str(value)  # digits and dashes of a date are not syntax mid-line
    return markdown_text(str(value))


def link(here: str, text: str, target: str, anchor: str = "") -> Trusted:
    """A Markdown link from the page `here` to another page of the site."""
    url = relative_url(target, here)
    return Trusted(f"[{markdown_text(str(text))}]({url}{'#' + anchor if anchor else ''})")


def image(here: str, path: str, alt: str) -> Trusted:
    """A Markdown image of a file given relative to docs_dir (MkDocs checks it exists).

    Percent-encoded: a folder named `Q3 #1?` is a path, not a fragment or a query
    (MkDocs decodes the path to find the file, then writes the site's URL of it).
    """
    url = url_path(relative_url(path.strip().lstrip("/"), here))
    return Trusted(f"![{markdown_text(alt)}](<{url}>)")


def external(text: str) -> Trusted:
    """Evidence or a tracker link: a link if it is an http(s) URL, else plain text."""
    value = web_url(text)
    if value is not None:
        return Trusted(f"[{markdown_text(value)}](<{angle_url(value)}>)")
    return Trusted(markdown_text(text.strip()))


def external_link(text: str, link: str) -> Trusted:
    """Text linked to an http(s) address; text followed by the address as text otherwise."""
    url = web_url(link)
    if url is not None:
        return Trusted(f"[{markdown_text(text)}](<{angle_url(url)}>)")
    return Trusted(f"{markdown_text(text)} · {markdown_text(link.strip())}")


def values(text: str) -> Trusted:
    """Figures as text that a narrow cell breaks between, never inside a written "62 %"
    (the percentages the plugin writes carry CLDR's own no-break space, or none)."""
    return Trusted(markdown_text(text).replace(" &#37;", "&#160;&#37;"))


def sparkline(bars: str) -> Trusted:
    """A trend's block characters, hidden from screen readers: the values beside it say it."""
    if not bars:
        return Trusted("")
    return Trusted(f'*{markdown_text(bars)}*{{: aria-hidden="true" .cjm-sparkline }}')


def strong(
    value: Any = None, emphasis: bool = False, caller: Callable[[], str] | None = None
) -> Trusted:
    """A value in bold (`**x**`), or bold italics (`***x***`) with `emphasis`; in a
    template also `{% call strong() %}` text and values `{% endcall %}`."""
    text, marks = shown(value, caller), "***" if emphasis else "**"
    return Trusted(f"{marks}{text}{marks}" if text else "")  # `****` would show as text


def shown(value: Any, caller: Callable[[], str] | None) -> str:
    """A helper's content: a value as a template prints it, or a call block's text."""
    return caller() if caller is not None else str(finalize(value))


def target(label: str) -> Trusted:
    """The mark of a target (a future state's emotions, metrics, funnel): `label` set apart."""
    return Trusted(f"*{markdown_text(label)}*{{: .cjm-target }}")


class MarkdownInline:
    """The inline parts the templates print, as Markdown (`layout.HtmlInline` makes them
    as HTML inside a table or list on the plugin's pages)."""

    link = staticmethod(link)
    target = staticmethod(target)
    external = staticmethod(external)
    external_link = staticmethod(external_link)
    sparkline = staticmethod(sparkline)
    strong = staticmethod(strong)


def anchor(name: str) -> Trusted:
    """An attr_list id for the heading it follows (`{#name}`); `name` is the plugin's."""
    return Trusted(f"{{#{name}}}")


def section_heading(text: str, english: str) -> Trusted:
    """The text of a heading the plugin writes, in the reader's language, with the id its
    English text (or name) gives (`Kunderejsekort {#journey-canvas}`): a link with a
    fragment leads to the same section in every language of the site."""
    return Trusted(f"{markdown_text(text)} {anchor(toc.slugify(english, '-'))}")


_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)|[^\n]+\n[ ]{0,3}(?:=+|-+)[ \t]*(?:\n|$)")


def starts_with_heading(body: str) -> bool:
    """Whether a map's body opens with a heading (ATX `## Context` or setext):
    the page then needs no heading of its own above it."""
    return _HEADING.match(body.lstrip("\n").lstrip(" ")) is not None


def body(text: str, marker: str) -> Trusted:
    """A map's body as the page shows it: between the markers of writers' text, if any.

    The markers let the safe-Markdown rules tell the body's attribute lists from
    the plugin's own (`markdown_extension.GeneratedPageExtension`).
    """
    if not marker or not text.strip():
        return Trusted(text)
    start, end = body_markers(marker)
    return Trusted(f"{start}\n\n{text}\n\n{end}")


# -- table rows --------------------------------------------------------------------------


def ranked_rows(lines: list[str], rank_key: str | None, anchored: bool) -> Trusted:
    """Table rows, one a line. With a `rank_key` (`"O"`, or `""` for bare numbers),
    each row starts with a rank: `| O1 | `; `anchored` gives that cell the row's
    anchor (`opportunity_anchor`), which the impact/effort grid links to."""
    if rank_key is None:
        return Trusted("\n".join(lines))
    return Trusted(
        "\n".join(
            f"| {rank_key}{rank}{_rank_anchor(rank) if anchored else ''} | {line}"
            for rank, line in enumerate(lines, start=1)
        )
    )


def _rank_anchor(rank: int) -> str:
    # attr_list gives the table cell this id.
    return f" {{: #{opportunity_anchor(rank)} }}"
