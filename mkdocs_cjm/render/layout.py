"""Tables and lists as finished HTML on the plugin's pages, as Markdown on `generate`'s.

The templates write every table as Markdown rows inside `{% call table() %}`
and every list as Markdown items inside `{% call listing() %}`. `mkdocs-cjm
generate` keeps them as they are: its pages are Markdown for people and for
engines without the plugin. On the plugin's pages each goes to MkDocs as one
finished HTML block instead, behind the build's marker like the charts
(`markdown_extension.html_block_line`): Python-Markdown keeps the block as it is, where
it would otherwise run every inline pattern over every cell and item, most of
a handbook's build time (#14). Readers get the same HTML either way
(`tests/site/test_golden.py` compares the two builds page by page,
`tests/unit/render/test_layout.py` these functions with Python-Markdown).

While a table or list renders, the template helpers that write inline
Markdown (links, bold, sparklines) write HTML (`HtmlInline`). Writer text is
the same in both: `escape.markdown_text` leaves no character Markdown or
HTML reads as syntax (every one is a character reference), so a cell or item
holds a `|`, `*`, `[` or `{` only where the plugin wrote one. Links are
written as the URLs the site will have, since MkDocs rewrites only Markdown
links.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..safety.escape import angle_url, html_attribute, markdown_text
from ..safety.markdown_extension import html_block_line, web_url
from ..urls import href, opportunity_anchor
from . import markdown
from .markdown import MarkdownInline, Trusted, ranked_rows, shown


class HtmlInline:
    """The inline parts of a table's cells as HTML (see `markdown.MarkdownInline`)."""

    def __init__(self, directory_urls: bool) -> None:
        self.directory_urls = directory_urls

    def link(self, here: str, text: str, target: str, anchor: str = "") -> Trusted:
        url = href(target, here, anchor, directory_urls=self.directory_urls)
        return Trusted(f'<a href="{url}">{markdown_text(str(text))}</a>')

    @staticmethod
    def external(text: str) -> Trusted:
        url = web_url(text)
        if url is None:  # plain text, the same in both forms
            return markdown.external(text)
        return Trusted(f'<a href="{_url(url)}">{markdown_text(url)}</a>')

    @staticmethod
    def external_link(text: str, link: str) -> Trusted:
        url = web_url(link)
        if url is None:
            return markdown.external_link(text, link)
        return Trusted(f'<a href="{_url(url)}">{markdown_text(text)}</a>')

    @staticmethod
    def sparkline(bars: str) -> Trusted:
        if not bars:
            return Trusted("")
        return Trusted(f'<em aria-hidden="true" class="cjm-sparkline">{markdown_text(bars)}</em>')

    @staticmethod
    def target(label: str) -> Trusted:
        return Trusted(f'<em class="cjm-target">{markdown_text(label)}</em>')

    @staticmethod
    def strong(
        value: Any = None, emphasis: bool = False, caller: Callable[[], str] | None = None
    ) -> Trusted:
        text = shown(value, caller)
        if not text:
            return Trusted("")
        return Trusted(
            f"<strong><em>{text}</em></strong>" if emphasis else f"<strong>{text}</strong>"
        )


def _url(url: str) -> str:
    # As `markdown.external` writes it between angle brackets, then HTML-escaped.
    return html_attribute(angle_url(url))


Inline = MarkdownInline | HtmlInline


class Layout:
    """How one build writes its tables and lists: Markdown, or with a marker, HTML."""

    def __init__(self, body_marker: str, directory_urls: bool) -> None:
        self.marker = body_marker
        self.inline: Inline = HtmlInline(directory_urls) if body_marker else MarkdownInline()

    def block(self, rows: str, make_html: Callable[[str], str]) -> str:
        """A table's rows or a list's items (Markdown) as the page carries them: as
        they are, or made into HTML by `make_html` and put on one marked line."""
        if not self.marker:
            return rows
        made = make_html(rows)
        return html_block_line(made, self.marker) + "\n" if made else ""

    def row(self, line: str, ranked: bool) -> str:
        """A row a macro printed for `rows()`, as `mkdocs serve` keeps it between builds
        (`cache.Reuse.table_rows`): as it is, or its cells made HTML. A `ranked` row
        comes after its rank cell, so its first `|` ends a cell, not the row's border."""
        if not self.marker:
            return line
        cells = _cells(f"| # | {line}")[1:] if ranked else _cells(line)
        return "".join(_cell("td", cell) for cell in cells)

    def rows(self, lines: list[str], rank_key: str | None, anchored: bool) -> Trusted:
        """The rows of `row`, each after a rank with a `rank_key` (see
        `markdown.ranked_rows`). As HTML, all of them on one line that `table_html`
        takes as it is: the long tables hold megabytes, copied as few times as can be."""
        if not self.marker:
            return ranked_rows(lines, rank_key, anchored)
        if rank_key is None:
            return Trusted(f"<tr>{'</tr><tr>'.join(lines)}</tr>" if lines else "")
        parts: list[str] = []
        for rank, cells in enumerate(lines, start=1):
            parts += ("<tr>", _rank_cell(rank_key, rank, anchored), cells, "</tr>")
        return Trusted("".join(parts))


def _rank_cell(rank_key: str, rank: int, anchored: bool) -> str:
    anchor = f' id="{opportunity_anchor(rank)}"' if anchored else ""
    return f"<td{anchor}>{rank_key}{rank}</td>"


def table_html(rows: str) -> str:
    """Markdown table rows (a header, the `| --- |` line, the body) whose cells are HTML,
    as the table Python-Markdown's `tables` extension would make of them."""
    # One line, as the page carries it (`markdown_extension.html_block_line` need join nothing).
    header, separator, *body = [line for line in rows.splitlines() if line and not line.isspace()]
    width = len(_cells(separator))
    parts = ["<table>", "<thead>", _row(header, "th", width), "</thead>", "<tbody>"]
    parts += [_row(line, "td", width) for line in body] or [_row("", "td", width)]
    parts += ["</tbody>", "</table>"]
    return " ".join(parts)


def _cells(line: str) -> list[str]:
    line = line.strip(" ")
    line = line.removeprefix("|")
    line = line[:-1] if line.endswith("|") else line
    return [cell.strip(" ") for cell in line.split("|")]


def _row(line: str, tag: str, width: int) -> str:
    if line.startswith("<tr>"):  # rows made by `Layout.rows`
        return line
    # As Python-Markdown does: as many cells as the separator has, missing ones empty.
    cells = (_cells(line) if line else []) + [""] * width
    return "".join(["<tr>", *(_cell(tag, cell) for cell in cells[:width]), "</tr>"])


def _cell(tag: str, content: str) -> str:
    # Ranked rows give their first cell an id; those come made (`Layout.rows`).
    return f"<{tag}>{content}</{tag}>"


# A list item's marker: `- ` or `1. ` (Python-Markdown numbers an ordered list itself).
_ITEM = re.compile(r"(?:-|\d+\.)(?:[ ]+|$)")


def list_html(items: str) -> str:
    """Markdown list items, one a line, whose text is HTML, as the list Python-Markdown
    makes of them: loose (each item a paragraph) when blank lines part the items.
    The templates part either all items or none."""
    lines = items.strip("\n").splitlines()
    entries = [line for line in lines if line.strip()]
    if not entries:
        return ""
    tag = "ul" if entries[0].startswith("-") else "ol"
    texts = [_ITEM.sub("", line.strip(" "), count=1).strip(" ") for line in entries]
    if len(entries) < len(lines):  # blank lines between the items
        texts = [f" <p>{text}</p> " for text in texts]
    return " ".join([f"<{tag}>", *(f"<li>{text}</li>" for text in texts), f"</{tag}>"])


def layout_api(layout: Layout, page: Any) -> dict[str, Callable[..., Trusted]]:
    """The templates' `table()` and `listing()`, each used as `{% call table() %}` rows
    `{% endcall %}`; while they render, `page.inline` (the helpers' inline form) is
    the layout's."""

    def block(make_html: Callable[[str], str]) -> Callable[..., Trusted]:
        def call(caller: Callable[[], str]) -> Trusted:
            outer, page.inline = page.inline, layout.inline
            try:
                rows = caller()
            finally:
                page.inline = outer
            return Trusted(layout.block(rows, make_html))

        return call

    return {"table": block(table_html), "listing": block(list_html)}
