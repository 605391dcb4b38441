"""The plugin's tables as finished HTML (#14) are the tables Python-Markdown makes of
the Markdown rows `generate` writes, for any writer text (`render/tables.py`)."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from sitebuild import canonical

from mkdocs_cjm.render.markdown import MarkdownInline, Trusted, escape_markdown
from mkdocs_cjm.render.tables import HtmlInline, Inline, Tables, table_html

# What YAML lets a writer type: no control characters but whitespace (PyYAML refuses them).
WRITER_TEXT = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from(" \t\n"), max_size=40
)


def _rows(inline: Inline, cells: list[list[str]], width: int) -> str:
    """A table of writer texts, each cell a different inline part."""

    def cell(column: int, text: str) -> str:
        kinds = [
            lambda: escape_markdown(text),
            lambda: inline.strong(text),
            lambda: inline.strong(text, emphasis=True),
            lambda: inline.external_link(text, "https://example.com/a?b=1&c=<2>"),
            lambda: inline.sparkline("▁▃▅" + text),
            lambda: f"O{column} {{: #opportunity-{column} }}",
        ]
        return str(kinds[column % len(kinds)]())

    header = "| " + " | ".join(escape_markdown(f"Column {c}") for c in range(width)) + " |"
    separator = "|" + " --- |" * width
    body = ["| " + " | ".join(cell(c, text) for c, text in enumerate(row)) + " |" for row in cells]
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


def test_links_are_the_urls_mkdocs_writes() -> None:
    inline = HtmlInline(directory_urls=True)
    link = inline.link("journeys/trip/awareness.md", "Nina <3", "personas/nina.md", "why")
    assert link == '<a href="../../../personas/nina/#why">Nina &#60;3</a>'
    flat = HtmlInline(directory_urls=False).link("journeys/trip/awareness.md", "x", "index.md")
    assert flat == '<a href="../../index.html">x</a>'


def test_tables_are_markdown_without_a_marker_and_one_marked_line_with_one() -> None:
    rows = "| A |\n| --- |\n| b |\n"
    assert Tables("", directory_urls=True).finish(rows) == rows
    marked = Tables("cjm-word", directory_urls=True).finish(rows)
    assert marked.count("\n") == 1 and marked.startswith("cjm-word-html <table> <thead>")
    assert isinstance(Tables("", True).inline, MarkdownInline)
    assert isinstance(Tables("cjm-word", True).inline, HtmlInline)


def test_an_empty_table_has_an_empty_row_as_in_markdown() -> None:
    rows = "| A | B |\n| --- | --- |\n"
    assert canonical(table_html(rows)) == canonical(_python_markdown(rows))
    assert isinstance(MarkdownInline.strong("x"), Trusted)


def test_tables_in_the_templates_write_no_markdown_of_their_own() -> None:
    """Inside `table()` the template text must not be Markdown syntax (it would show as
    text on the plugin's pages): bold is `strong()`, links are `link()`. The macros of
    `_macros.md` print into tables too."""
    import re
    from importlib import resources

    folder = resources.files("mkdocs_cjm") / "templates" / "pages"
    checked = 0
    for template in folder.iterdir():
        text = template.read_text(encoding="utf-8")
        regions = re.findall(r"\{% call table\(\) %\}(.*?)\{% endcall %\}", text, re.S)
        if template.name == "_macros.md":
            regions = [text]
        for region in regions:
            # Only what the template itself prints: no expressions, tags or comments.
            literal = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", "", region, flags=re.S)
            assert not re.search(r"\*|\[|\]\(|`|<|_\w", literal), (template.name, literal)
            checked += 1
    assert checked >= 20
