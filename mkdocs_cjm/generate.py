"""`mkdocs-cjm generate`: the handbook's pages as plain Markdown files on disk.

For engines that do not run MkDocs plugins. The pages are the ones the plugin
renders (`render_pages`), written into `docs/` next to an `mkdocs.yml` that
builds them with plain MkDocs: the Markdown extensions the pages need and the
handbook's navigation. Plain MkDocs allows raw HTML and knows nothing of the
plugin's safe-Markdown rules, so the writers' bodies are neutralised first
(`sanitize.neutralise_markdown`); every other value is escaped by the templates.
"""

from __future__ import annotations

import datetime
import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .canvas import STYLESHEET, stylesheet
from .export import EXPORT_FILE, export_json
from .handbook import Handbook
from .history import History
from .render import NavItem, NavPages, escape_nav_titles, handbook_nav, nav_pages_for, render_pages
from .sanitize import explicit_heading_ids, neutralise_markdown

MARKER = "# Written by `mkdocs-cjm generate`."
"""First line of the mkdocs.yml it writes: a folder that has it may be written again."""

MARKDOWN_EXTENSIONS = ("attr_list", "tables", "toc", "fenced_code")
"""What the pages need: step anchors `{#step-2}`, tables, heading ids, fenced diagrams."""


_PAGES_OF_ONE = ("/personas/*.md", "/touchpoints/*.md", "/stages/*.md", "/journeys/*/*.md")
_INDEXES = ("!/personas/index.md", "!/touchpoints/index.md", "!/stages/index.md")
NOT_IN_NAV: dict[NavPages, tuple[str, ...]] = {
    "all": (),
    "journeys": (*_PAGES_OF_ONE, *_INDEXES, "!/journeys/*/index.md"),
    "indexes": (*_PAGES_OF_ONE, *_INDEXES),
}
"""MkDocs' `not_in_nav` patterns of the pages each `nav_pages` mode leaves out of the nav:
a few patterns instead of thousands of paths, which MkDocs would match against every file."""


class GenerateError(Exception):
    """The output folder cannot be written; the message says why and what to do."""


@dataclass
class GeneratedSite:
    """What `generate` writes: text files and copied images, by path in the output folder."""

    files: dict[str, str] = field(default_factory=dict)
    copies: dict[str, Path] = field(default_factory=dict)

    @property
    def pages(self) -> list[str]:
        """The Markdown pages, in the order they were rendered."""
        return [path for path in self.files if path.endswith(".md")]


def neutralise_bodies(handbook: Handbook) -> None:
    """Make every map body safe Markdown without the plugin (changes `handbook` in place)."""
    for documents in (
        handbook.stages,
        handbook.personas,
        handbook.touchpoints,
        handbook.journeys,
    ):
        for document in documents.values():
            # The Source itself: documents cache it, and the pages read bodies from it.
            document.source.body = neutralise_markdown(document.source.body)


def generated_site(
    handbook: Handbook,
    history: History,
    language: str | None,
    build_date: datetime.date,
    site_name: str,
    docs_dir: Path | None = None,
    nav_pages: str | None = "auto",
) -> GeneratedSite:
    """Every page of the handbook, its data and an mkdocs.yml that builds them.

    `docs_dir` is the project's docs folder, where persona images are found
    (they are copied so that the pages' image links resolve). `nav_pages` is
    the plugin option of that name, so the nav is the one the plugin would
    build; None for no nav (the plugin's `nav: false`): MkDocs then lists every page.
    """
    site = GeneratedSite()
    # The data keeps the bodies as written; only the pages need them neutralised.
    data = export_json(handbook)
    neutralise_bodies(handbook)
    pages = render_pages(handbook, history, language, build_date)
    for page in pages:
        site.files[f"docs/{page.src_uri}"] = explicit_heading_ids(page.markdown)
    site.files[f"docs/{EXPORT_FILE}"] = data
    # The journey canvas is HTML with its own styles; the pages link them (mkdocs.yml).
    site.files[f"docs/{STYLESHEET}"] = stylesheet()
    nav: list[NavItem] | None = None
    not_in_nav: list[str] = []
    if nav_pages is not None:
        mode = nav_pages_for(nav_pages, len(pages))
        nav = handbook_nav(handbook, language, mode)
        not_in_nav = list(NOT_IN_NAV[mode])
    site.files["mkdocs.yml"] = mkdocs_config(site_name, nav, not_in_nav)
    if docs_dir is not None:
        for persona in handbook.personas.values():
            image = _image_path(persona.image)
            if image is not None and (docs_dir / image).is_file():
                site.copies[f"docs/{image}"] = docs_dir / image
    return site


def _image_path(image: str | None) -> str | None:
    """A persona image as a path inside docs_dir, or None if it points elsewhere."""
    if not image or "://" in image:
        return None
    path = posixpath.normpath(image.strip().lstrip("/"))
    if path.startswith("../") or path in (".", ".."):
        return None
    return path


def mkdocs_config(
    site_name: str, nav: list[NavItem] | None, not_in_nav: list[str] | None = None
) -> str:
    """The mkdocs.yml of the generated pages: plain MkDocs, no plugin."""
    config: dict[str, Any] = {
        "site_name": site_name,
        "docs_dir": "docs",
        # MkDocs' own theme, without highlight.js: that comes from a CDN, and nothing
        # a reader's browser loads may come from outside the site.
        "theme": {"name": "mkdocs", "highlightjs": False},
        "markdown_extensions": list(MARKDOWN_EXTENSIONS),
        "extra_css": [STYLESHEET],
    }
    if nav is not None:
        config["nav"] = escape_nav_titles(nav)
    if not_in_nav:
        # gitignore-style patterns, one a line; anchored at docs/ by the leading slash.
        config["not_in_nav"] = "\n".join(not_in_nav) + "\n"
    return (
        f"{MARKER}\n"
        "# The customer-journey handbook as plain Markdown pages; build it with\n"
        "# `mkdocs build --strict` in this folder. Running `mkdocs-cjm generate` again\n"
        "# replaces this file and docs/. Add a theme or plugins as you like.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
    )


def _check_out_dir(out: Path) -> None:
    """Refuse a folder that holds something other than a previous `generate`."""
    if out.exists() and not out.is_dir():
        raise GenerateError(f"{out} is a file; name a folder for the pages")
    if not out.is_dir() or not any(out.iterdir()):
        return
    config = out / "mkdocs.yml"
    try:
        first_line = config.read_text(encoding="utf-8").split("\n", 1)[0]
    except (OSError, UnicodeDecodeError):
        first_line = ""
    if first_line != MARKER:
        raise GenerateError(
            f"{out} is not empty and was not written by `mkdocs-cjm generate`; "
            "choose a new or empty folder"
        )


def write_site(out: Path, site: GeneratedSite) -> None:
    """Write the site into `out`, replacing what an earlier `generate` wrote there."""
    _check_out_dir(out)
    # Pages of journeys that no longer exist must not linger from the last run.
    if (out / "docs").is_dir():
        shutil.rmtree(out / "docs")
    for path, text in site.files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    for path, source in site.copies.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
