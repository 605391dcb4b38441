"""`mkdocs-cjm generate`: the handbook's pages as plain Markdown files on disk.

For engines that do not run MkDocs plugins. The pages are the ones the plugin
renders (`render_pages`), written into `docs/` next to an `mkdocs.yml` that
builds them with plain MkDocs and Material, and with Zensical (which reads
mkdocs.yml and ships Material's templates): the Markdown extensions the pages
need, the handbook's navigation, a home page, the opportunity filters' script
and styles, and Mermaid (published with the site, never from a CDN). Plain MkDocs
allows raw HTML and knows nothing of the plugin's safe-Markdown rules, so the
writers' bodies are neutralised first (`neutralise.neutralise_markdown`); every other
value is escaped by the templates.
"""

from __future__ import annotations

import datetime
import posixpath
import shutil
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import printable
from ..handbook.resolve import Handbook
from ..read.git_history import History
from ..render import render_pages
from ..safety.escape import html_attribute, markdown_text
from ..safety.markdown_text import explicit_heading_ids, neutralise_markdown
from ..urls import in_site
from ..views.nav import (
    NOT_IN_NAV,
    NavItem,
    escape_nav_titles,
    handbook_nav,
    nav_in_site,
    nav_pages_for,
    not_in_nav_in_site,
    page_tags,
    placed_in_folder,
)
from .export import EXPORT_FILE, export_json

MARKER = "# Written by `mkdocs-cjm generate`."
"""First line of the mkdocs.yml it writes: a folder that has it may be written again."""

MARKDOWN_EXTENSIONS = ("attr_list", "tables", "toc", "pymdownx.highlight", "pymdownx.superfences")
"""What the pages need: step anchors `{#step-2}`, tables, heading ids, fenced code and
diagrams (configured as `extension_configs` says)."""


def extension_configs() -> dict[str, dict[str, Any]]:
    """The options of `MARKDOWN_EXTENSIONS`: ```` ```mermaid ```` as `<pre class="mermaid">`,
    which Material and Zensical draw; code as plain `<pre><code>`, as Python-Markdown's
    fenced_code writes it (no highlighting markup: the pages' code is writers' text)."""
    # Imported here: pymdownx comes with Material; only `generate` needs it.
    from pymdownx.superfences import fence_code_format

    return {
        "pymdownx.highlight": {"use_pygments": False},
        "pymdownx.superfences": {
            "custom_fences": [{"name": "mermaid", "class": "mermaid", "format": fence_code_format}]
        },
    }


class _ConfigDumper(yaml.SafeDumper):
    """YAML of mkdocs.yml: a function as MkDocs names one, `!!python/name:module.name`."""


_ConfigDumper.add_representer(
    types.FunctionType,
    lambda dumper, function: dumper.represent_scalar(
        f"tag:yaml.org,2002:python/name:{function.__module__}.{function.__qualname__}", ""
    ),
)

MERMAID_JS = "assets/javascripts/mermaid.min.js"
ASSETS = (
    ("assets/javascripts/cjm-filters.js", "cjm-filters.js"),
    ("assets/stylesheets/cjm.css", "cjm.css"),
)
"""The opportunity filters' script and styles, as the plugin publishes them (path, asset)."""


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
    mermaid_js: Path | None = None,
) -> GeneratedSite:
    """Every page of the handbook, its data and an mkdocs.yml that builds them.

    `docs_dir` is the project's docs folder, where persona images are found
    (they are copied so that the pages' image links resolve). `nav_pages` is
    the plugin option of that name, so the nav is the one the plugin would
    build; None for no nav (the plugin's `nav: false`): MkDocs then lists every page.
    `mermaid_js` is the Mermaid script to publish with the site (`find_mermaid`);
    without one, Material loads Mermaid from unpkg.com (`MermaidSearch.without_script`).
    Pages and assets go under the `base_path` option (`handbook.settings`), as the
    plugin puts them; the home page stays at the root.
    """
    site = GeneratedSite()
    base = handbook.settings.base_path
    # The data keeps the bodies as written; only the pages need them neutralised.
    data = export_json(handbook)
    neutralise_bodies(handbook)
    pages = render_pages(handbook, history, language, build_date)
    tags = page_tags(handbook)
    for page in pages:
        site.files[f"docs/{in_site(page.src_uri, base)}"] = front_matter(
            page.title, tags.get(page.src_uri, []), page.description, page.hide
        ) + explicit_heading_ids(page.markdown)
    site.files[f"docs/{in_site(EXPORT_FILE, base)}"] = data
    # The theme's site-name link goes to the home page: there must be one.
    site.files["docs/index.md"] = explicit_heading_ids(
        home_page(site_name, nav_in_site(handbook_nav(handbook, language, "indexes"), base))
    )
    for path, asset in ASSETS:
        site.files[f"docs/{in_site(path, base)}"] = (
            resources.files("mkdocs_cjm") / "assets" / asset
        ).read_text("utf-8")
    if mermaid_js is not None:
        site.copies[f"docs/{in_site(MERMAID_JS, base)}"] = mermaid_js
    nav: list[NavItem] | None = None
    not_in_nav: list[str] = []
    if nav_pages is not None:
        mode = nav_pages_for(nav_pages, len(pages))
        sections = nav_in_site(handbook_nav(handbook, language, mode), base)
        nav = placed_in_folder(["index.md"], sections, base)
        not_in_nav = not_in_nav_in_site(NOT_IN_NAV[mode], base)
    site.files["mkdocs.yml"] = mkdocs_config(
        site_name, nav, not_in_nav, mermaid_js is not None, base
    )
    if docs_dir is not None:
        for persona in handbook.personas.values():
            image = _image_path(persona.image)
            if image is not None and (docs_dir / image).is_file():
                site.copies[f"docs/{image}"] = docs_dir / image
    return site


def front_matter(
    title: str, tags: list[str], description: str | None = None, hide: tuple[str, ...] = ()
) -> str:
    """A page's front matter: its title, escaped, because Material prints the title
    meta into `<title>` as HTML (without it, the nav's title, unescaped by `striptags`);
    its description (escaped too, for `<meta name="description">`); its tags for
    Material's tags plugin (escaped too: printed as HTML); the sidebars it hides
    (`GeneratedPage.hide`), as the plugin's page does; and no mkdocs-macros on
    writers' text."""
    meta: dict[str, Any] = {"title": html_attribute(title)}
    if description:
        meta["description"] = html_attribute(description)
    if tags:
        meta["tags"] = [html_attribute(tag) for tag in tags]
    if hide:
        meta["hide"] = list(hide)
    meta["render_macros"] = False
    return (
        "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100) + "---\n\n"
    )


def home_page(site_name: str, sections: list[NavItem]) -> str:
    """The home page: the site's name and a link to each index of the handbook."""
    lines = [f"# {markdown_text(site_name)}", ""]
    for section in sections:
        if isinstance(section, dict):
            for title, target in section.items():
                if isinstance(target, str):
                    lines.append(f"- [{markdown_text(title)}]({target})")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class MermaidSearch:
    """Where `generate` looked for a local Mermaid script, and what it found."""

    script: Path | None  # the file to publish with the site; None if there is none
    looked_in: tuple[Path, ...]  # every place, in order
    remote: tuple[str, ...] = ()  # addresses on other hosts the site's config names

    def without_script(self, shown: Callable[[Path], str]) -> str:
        """What the pages do without a local Mermaid, and how to give them one; `shown`
        writes a path as the reader knows it."""
        places = ", ".join(shown(path) for path in self.looked_in)
        remote = ""
        if self.remote:
            addresses = ", ".join(printable(address) for address in self.remote)
            remote = f" (mkdocs.yml names {addresses}: generate copies nothing from the web)"
        return (
            f"No local mermaid.min.js{remote}; looked in {places}. On each page with a "
            "diagram, Material (or Zensical) will load Mermaid from unpkg.com in the "
            "reader's browser; offline, the diagrams show as their source text. Put "
            "mermaid.min.js in one of these places (`npm ci` installs it) and generate again."
        )


def find_mermaid(root: Path, docs_dir: Path | None, named: tuple[str, ...] = ()) -> MermaidSearch:
    """The project's local Mermaid script: one the site's config names (`named`: paths
    relative to docs_dir, mermaid2's `javascript` first), else the one the site publishes
    where `generate` puts it, else the one npm installed. Only a classic script
    (`*.js`): Material and Zensical look for the global `mermaid` it defines."""
    candidates: list[Path] = []
    remote = tuple(name for name in named if _is_remote(name))
    if docs_dir is not None:
        local = [name.split("?")[0] for name in named if not _is_remote(name)]
        candidates += [docs_dir / name.lstrip("/") for name in local if name.endswith(".js")]
        candidates.append(docs_dir / MERMAID_JS)
    candidates.append(root / "node_modules" / "mermaid" / "dist" / "mermaid.min.js")
    looked_in = tuple(dict.fromkeys(candidates))
    for candidate in looked_in:
        if candidate.is_file():
            return MermaidSearch(candidate.resolve(), looked_in, remote)
    return MermaidSearch(None, looked_in, remote)


def _is_remote(script: str) -> bool:
    """Whether a script's address is on another host (`https://...`, `//cdn...`)."""
    return "://" in script or script.startswith("//")


def _image_path(image: str | None) -> str | None:
    """A persona image as a path inside docs_dir, or None if it points elsewhere."""
    if not image or "://" in image:
        return None
    path = posixpath.normpath(image.strip().lstrip("/"))
    if path.startswith("../") or path in (".", ".."):
        return None
    return path


def mkdocs_config(
    site_name: str,
    nav: list[NavItem] | None,
    not_in_nav: list[str] | None = None,
    mermaid: bool = False,
    base_path: str = "",
) -> str:
    """The mkdocs.yml of the generated pages: MkDocs with Material, or Zensical; no plugin.

    `mermaid`: the site publishes `MERMAID_JS`. Material and Zensical load Mermaid
    from unpkg.com unless the page has loaded one already, so every page loads it.
    `base_path`: the folder of the pages and assets (the plugin's option).
    """
    config: dict[str, Any] = {
        "site_name": site_name,
        "docs_dir": "docs",
        # Material (installed with mkdocs-cjm), whose templates Zensical ships as well;
        # no Google Fonts: nothing a reader's browser loads comes from outside the site.
        "theme": {"name": "material", "font": False},
    }
    scripts = [in_site(path, base_path) for path, _ in ASSETS if path.endswith(".js")]
    mermaid_js = in_site(MERMAID_JS, base_path)
    config["extra_javascript"] = [mermaid_js, *scripts] if mermaid else scripts
    config["extra_css"] = [in_site(path, base_path) for path, _ in ASSETS if path.endswith(".css")]
    if nav is not None:
        config["nav"] = escape_nav_titles(nav)
    if not_in_nav:
        # gitignore-style patterns, one a line; anchored at docs/ by the leading slash.
        config["not_in_nav"] = "\n".join(not_in_nav) + "\n"
    options = extension_configs()
    config["markdown_extensions"] = [
        {name: options[name]} if name in options else name for name in MARKDOWN_EXTENSIONS
    ]
    return (
        f"{MARKER}\n"
        "# The customer-journey handbook as plain Markdown pages; build it in this folder\n"
        "# with `mkdocs build --strict` (MkDocs and Material) or `zensical build`.\n"
        "# Running `mkdocs-cjm generate` again replaces this file and docs/.\n"
        + yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False, width=100)
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
