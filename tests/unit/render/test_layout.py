"""The plugin's tables and lists as finished HTML (#14) are the ones Python-Markdown
makes of the Markdown `generate` writes, for any writer text (`render/layout.py`)."""

from __future__ import annotations

import re
from importlib import resources

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import canonical

from mkdocs_cjm.render.layout import HtmlInline, Inline, Layout, list_html, table_html
from mkdocs_cjm.render.markdown import MarkdownInline, Trusted
from mkdocs_cjm.safety.escape import markdown_text

# What YAML lets a writer type: no control characters but whitespace (PyYAML refuses them).
WRITER_TEXT = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from(" \t\n"), max_size=40
)


def _inline(inline: Inline, kind: int, text: str) -> str:
    """Writer text as one of the inline parts the templates print."""
    kinds = [
        lambda: markdown_text(text),
        lambda: inline.strong(text),
        lambda: inline.strong(text, emphasis=True),
        lambda: inline.external_link(text, "https://example.com/a?b=1&c=<2>"),
        lambda: inline.external(text),
        lambda: f"{inline.strong(text + ':')} {markdown_text(text)}",
        lambda: inline.sparkline("▁▃▅" + text),
    ]
    return str(kinds[kind % len(kinds)]())


def _rows(inline: Inline, cells: list[list[str]], width: int) -> str:
    """A table of writer texts, each column a different inline part."""
    header = "| " + " | ".join(markdown_text(f"Column {c}") for c in range(width)) + " |"
    separator = "|" + " --- |" * width
    body = [
        "| " + " | ".join(_inline(inline, c, text) for c, text in enumerate(row)) + " |"
        for row in cells
    ]
    return "\n".join([header, separator, *body]) + "\n"


def _python_markdown(rows: str) -> str:
    return markdown.markdown(rows, extensions=["tables", "attr_list"])


@settings(max_examples=150, deadline=None)
@given(
    width=st.integers(1, 7),
    cells=st.lists(st.lists(WRITER_TEXT, min_size=0, max_size=8), max_size=5),
)
def test_html_tables_are_the_tables_markdown_makes(width: int, cells: list[list[str]]) -> None:
    # Rows shorter or longer than the header as well: Python-Markdown pads and cuts them.
    made = table_html(_rows(HtmlInline(directory_urls=True), cells, width))
    assert canonical(made) == canonical(_python_markdown(_rows(MarkdownInline(), cells, width)))


@settings(max_examples=150, deadline=None)
@given(
    # Items are never blank: the models' `Text` needs a visible character.
    texts=st.lists(WRITER_TEXT.filter(lambda text: markdown_text(text)), max_size=6),
    numbered=st.booleans(),
    loose=st.booleans(),
)
def test_html_lists_are_the_lists_markdown_makes(
    texts: list[str], numbered: bool, loose: bool
) -> None:
    def items(inline: Inline) -> str:
        lines = [
            f"{f'{n}.' if numbered else '-'} {_inline(inline, n, text)}"
            for n, text in enumerate(texts, start=1)
        ]
        return ("\n\n" if loose else "\n").join(lines) + "\n"

    # A list starts a block of its own on the page, as in the templates.
    expected = _python_markdown("Before.\n\n" + items(MarkdownInline()))
    made = "<p>Before.</p>" + list_html(items(HtmlInline(directory_urls=True)))
    assert canonical(made) == canonical(expected)


@settings(max_examples=100, deadline=None)
@given(
    texts=st.lists(WRITER_TEXT, max_size=6),
    rank_key=st.sampled_from([None, "", "O"]),
    anchored=st.booleans(),
)
def test_ranked_rows_are_the_rows_markdown_makes(
    texts: list[str], rank_key: str | None, anchored: bool
) -> None:
    """The long tables' rows (`rows()`): kept as made by `Layout.row`, ranked and, for
    the opportunities, given the anchors the impact/effort grid links to."""
    width = 2 if rank_key is None else 3
    header = "| A | B |" if rank_key is None else "| # | A | B |"
    separator = "|" + " --- |" * width

    def table(layout: Layout) -> str:
        # The macros print `| a | b |` rows when unranked, `a | b |` after a rank.
        lead = "| " if rank_key is None else ""
        lines = [
            layout.row(
                f"{lead}{_inline(layout.inline, n, t)} | {markdown_text(t)} |",
                ranked=rank_key is not None,
            )
            for n, t in enumerate(texts)
        ]
        return f"{header}\n{separator}\n{layout.rows(lines, rank_key, anchored)}\n"

    made = table_html(table(Layout("cjm-word", directory_urls=True)))
    expected = _python_markdown(table(Layout("", directory_urls=True)))
    assert canonical(made) == canonical(expected)


def test_links_are_the_urls_mkdocs_writes() -> None:
    inline = HtmlInline(directory_urls=True)
    link = inline.link("journeys/trip/awareness.md", "Nina <3", "personas/nina.md", "why")
    assert link == '<a href="../../../personas/nina/#why">Nina &#60;3</a>'
    flat = HtmlInline(directory_urls=False).link("journeys/trip/awareness.md", "x", "index.md")
    assert flat == '<a href="../../index.html">x</a>'


def test_blocks_are_markdown_without_a_marker_and_one_marked_line_with_one() -> None:
    rows = "| A |\n| --- |\n| b |\n"
    assert Layout("", directory_urls=True).block(rows, table_html) == rows
    marked = Layout("cjm-word", directory_urls=True).block(rows, table_html)
    assert marked.count("\n") == 1 and marked.startswith("cjm-word-html <table> <thead>")
    assert Layout("cjm-word", directory_urls=True).block("\n", list_html) == ""  # no items
    assert isinstance(Layout("", True).inline, MarkdownInline)
    assert isinstance(Layout("cjm-word", True).inline, HtmlInline)


def test_an_empty_table_has_an_empty_row_as_in_markdown() -> None:
    rows = "| A | B |\n| --- | --- |\n"
    assert canonical(table_html(rows)) == canonical(_python_markdown(rows))
    assert isinstance(MarkdownInline.strong("x"), Trusted)


def test_templates_write_tables_and_lists_only_through_the_layout() -> None:
    """Every table and list of a template is inside `table()` or `listing()` (else the
    plugin's pages would parse it as Markdown, slowly), and inside them the template
    text is no Markdown syntax (it would show as text there): bold is `strong()`,
    links are `link()`. The macros of `_macros.md` print into tables and lists too."""
    folder = resources.files("mkdocs_cjm") / "templates" / "pages"
    checked = 0
    for template in folder.iterdir():
        text = template.read_text(encoding="utf-8")
        # A table's or list's `endcall` stands on a line of its own, a `strong()`'s never.
        blocks = re.compile(
            r"^\{% call (?:table|listing)\(\) %\}$(.*?)^\{% endcall %\}$", re.S | re.M
        )
        regions = [text] if template.name == "_macros.md" else blocks.findall(text)
        for region in regions:
            # Only what the template itself prints: no expressions, tags or comments.
            literal = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", region, flags=re.S)
            assert not re.search(r"\*|\[|\]\(|`|<|_\w", literal), (template.name, literal)
            checked += 1
        outside = blocks.sub("", text)
        rows = re.findall(r"^(?:\||- |\{\{ loop\.index \}\}\. ).*", outside, re.M)
        assert not rows, (template.name, rows)
    assert checked >= 25  # the lint reads the templates' blocks, not none of them
