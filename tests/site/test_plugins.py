"""The plugin next to the plugins and engines teams already run (#13).

Each test builds a small project (the minimal maps, with tags and template-like
text, in a git repository with dated commits) with another plugin installed, and
looks in the built HTML for that plugin's feature on generated pages. The guide
is the "With other plugins" section of docs/guide/configuration.md.
"""

from __future__ import annotations

import email.utils
import importlib.metadata
import inspect
import json
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands import build as mkdocs_build_module
from mkdocs.contrib.search.search_index import SearchIndex
from mkdocs.structure.pages import Page
from packaging.specifiers import SpecifierSet
from sitebuild import BIN, MINIMAL_MAPS, REPO, build_env, mkdocs_build, run_cjm, run_tool

from mkdocs_cjm.plugin.mkdocs_internals import MKDOCS_SERIES

FIRST = "2026-03-01T10:00:00+00:00"
EDIT = "2026-05-03T10:00:00+00:00"
TEMPLATE_TEXT = "Types {{ 7*7 }} and {# not a comment"
"""A step title that Jinja would evaluate (49) or fail on: macros must leave it be."""

HOSTILE_TAG = "<img src=x onerror=window.__xss=1> & co"
"""Material prints tag names as HTML: a tag must reach the page as text."""

MATERIAL = """\
site_name: Plugins
site_url: https://example.com/
theme:
  name: material
  font: false
markdown_extensions:
  - attr_list
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:mkdocs_cjm.fences.fence_mermaid_custom
"""


def git(cwd: Path, *args: str, date: str = FIRST) -> None:
    env = build_env(
        GIT_AUTHOR_NAME="A",
        GIT_AUTHOR_EMAIL="a@example.com",
        GIT_COMMITTER_NAME="A",
        GIT_COMMITTER_EMAIL="a@example.com",
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
    )
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def add_line(path: Path, after: str, line: str) -> None:
    """Insert `line` below the first line that starts with `after`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if text.startswith(after))
    lines.insert(index + 1, line)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal maps with tags, a step title full of template syntax and two dated
    commits: everything on 2026-03-01, then an edit of the trip journey on 2026-05-03."""
    root = tmp_path_factory.mktemp("plugins")
    shutil.copytree(MINIMAL_MAPS, root / "maps")
    maps = root / "maps"
    add_line(maps / "journeys" / "trip.md", "owner:", "tags: [Online, Sofa]")
    add_line(maps / "personas" / "nina.md", "title:", "tags: [Online]")
    add_line(maps / "touchpoints" / "store.md", "title:", f"tags: [Sofa, '{HOSTILE_TAG}']")
    trip = maps / "journeys" / "trip.md"
    trip.write_text(
        trip.read_text(encoding="utf-8").replace(
            "title: Sees a video on Instagram", f'title: "{TEMPLATE_TEXT}"'
        ),
        encoding="utf-8",
    )
    docs = root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n[Tags](tags.md)\n", encoding="utf-8")
    (docs / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    mermaid = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not mermaid.is_file():
        pytest.fail(f"{mermaid} is missing: run `npm ci`")
    (docs / "assets" / "javascripts").mkdir(parents=True)
    shutil.copyfile(mermaid, docs / "assets" / "javascripts" / "mermaid.min.js")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "First maps")
    trip.write_text(trip.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    git(root, "commit", "-qam", "Edit the trip", date=EDIT)
    return root


def build(project: Path, name: str, config: str) -> tuple[Path, str]:
    """Build `project` with the given mkdocs.yml (strict); the site and the build's log."""
    config_file = project / f"{name}.yml"
    config_file.write_text(config, encoding="utf-8")
    site = project / f"site-{name}"
    result = mkdocs_build(config_file, site)
    assert result.returncode == 0, result.stderr
    return site, result.stderr


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


# --- Material's tags, mkdocs-macros, git dates, RSS and mermaid2 in one site --------------


@pytest.fixture(scope="module")
def everything(project: Path) -> tuple[Path, str]:
    """A Material site with the plugins teams add most, in their default configuration."""
    return build(
        project,
        "everything",
        MATERIAL
        + """\
plugins:
  - search
  - tags
  - cjm
  - macros
  - git-revision-date-localized:
      type: iso_date
      enable_creation_date: true
  - rss
  - mermaid2:
      javascript: assets/javascripts/mermaid.min.js
""",
    )


def test_macros_never_renders_generated_pages(everything: tuple[Path, str]) -> None:
    site, _ = everything
    stage = soup(site, "journeys/trip/awareness")
    article = stage.select_one("article")
    assert article is not None
    # The step's title shows as written, `{#` and all (strict passed, too).
    assert TEMPLATE_TEXT in article.get_text()
    # ... and in the diagram's source, where macros would have made it 49.
    diagrams = [
        pre.get_text()
        for pre in site.joinpath("journeys/trip").glob("**/*.html")
        for pre in BeautifulSoup(pre.read_text("utf-8"), "html.parser").select(".mermaid")
    ]
    assert diagrams
    assert not any("49" in diagram for diagram in diagrams)
    assert any("7*7" in diagram or "7#42;7" in diagram for diagram in diagrams)


def test_tags_list_generated_pages_under_their_own_titles(everything: tuple[Path, str]) -> None:
    site, _ = everything
    tags = soup(site, "tags")
    listed: dict[str, list[str]] = {}
    for heading in tags.select("article h2"):
        items = heading.find_next("ul")
        assert items is not None
        listed[heading.get_text(" ", strip=True)] = [
            link.get_text(" ", strip=True) for link in items.select("a")
        ]
    assert listed == {
        HOSTILE_TAG: ["Store"],
        "Online": ["Buying a sofa online", "Nina, the busy parent"],
        "Sofa": ["Buying a sofa online", "Store"],
    }
    journey = soup(site, "journeys/trip")
    assert [tag.get_text(strip=True) for tag in journey.select(".md-tag")] == ["Online", "Sofa"]
    store = soup(site, "touchpoints/store")
    assert sorted(tag.get_text() for tag in store.select(".md-tag")) == [HOSTILE_TAG, "Sofa"]
    for page in site.rglob("*.html"):
        assert "<img src=x" not in page.read_text("utf-8"), page
    # The nav keeps its own names: "Overview" under the journey's title.
    nav = [a.get_text(" ", strip=True) for a in journey.select(".md-nav--primary a")]
    assert "Overview" in nav


def test_the_guides_tags_page_example_is_shown_not_listed(tmp_path: Path) -> None:
    # Material's tags plugin replaces every `<!-- material/tags -->` in a page's Markdown
    # with a listing, in a code block too: the guide's example of a tags page must show
    # the marker as written, and no listing, when the example is built with tags on.
    for folder in ("docs", "maps", "overrides"):
        shutil.copytree(REPO / folder, tmp_path / folder)  # mermaid.min.js as a file
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    assert "plugins:\n  - search\n" in config
    config = config.replace("plugins:\n  - search\n", "plugins:\n  - search\n  - tags\n", 1)
    journey = tmp_path / "maps" / "journeys" / "sofa-purchase-today.md"
    add_line(journey, "owner:", "tags: [Listed-tag]")
    site, _ = build(tmp_path, "mkdocs", config)
    guide = soup(site, "guide/configuration").select_one("article")
    assert guide is not None
    [example] = [pre for pre in guide.select("pre") if "docs/tags.md" in pre.get_text()]
    assert example.get_text() == "<!-- docs/tags.md -->\n# Tags\n\n<!-- material/tags -->\n"
    assert "Listed-tag" not in guide.get_text()  # no listing of the tag's pages
    # Nor is the guide a tags page the journey's tag could link to.
    tags = soup(site, "journeys/sofa-purchase-today").select(".md-tag")
    assert [tag.get_text(strip=True) for tag in tags] == ["Listed-tag"]
    assert not any("guide" in str(tag.get("href", "")) for tag in tags)


def footer_dates(site: Path, url: str) -> list[str]:
    page = soup(site, url)
    return [
        span.get_text(strip=True)
        for span in page.select(".md-source-file span.git-revision-date-localized-plugin")
    ]


def test_git_revision_dates_are_the_maps_dates(everything: tuple[Path, str]) -> None:
    site, _ = everything
    # Last update, then creation: from the journey's map, not the build time.
    assert footer_dates(site, "journeys/trip") == ["2026-05-03", "2026-03-01"]
    assert footer_dates(site, "journeys/trip/awareness") == ["2026-05-03", "2026-03-01"]
    assert footer_dates(site, "journeys/visit") == ["2026-03-01", "2026-03-01"]
    assert footer_dates(site, "personas/nina") == ["2026-03-01", "2026-03-01"]
    # An index shows every map: its last change is the newest of them.
    assert footer_dates(site, "journeys")[0] == "2026-05-03"


def test_rss_feed_dates_journeys_from_git(everything: tuple[Path, str]) -> None:
    site, _ = everything
    feed = ElementTree.parse(site / "feed_rss_updated.xml").getroot()
    items = {
        item.findtext("link"): (
            item.findtext("title"),
            email.utils.parsedate_to_datetime(item.findtext("pubDate", "")).date().isoformat(),
        )
        for item in feed.iter("item")
    }
    assert items["https://example.com/journeys/trip/"] == ("Buying a sofa online", "2026-05-03")
    assert items["https://example.com/journeys/visit/"][1] == "2026-03-01"
    # Listed under their own titles, not the nav's "Overview" or a stage's bare name.
    assert items["https://example.com/journeys/trip/awareness/"][0] == (
        "Awareness · Buying a sofa online"
    )
    assert "Overview" not in [title for title, _ in items.values()]


def test_mermaid2_is_quiet_by_default(everything: tuple[Path, str], project: Path) -> None:
    _, log = everything
    assert "MERMAID2" not in log
    verbose = subprocess.run(
        [
            str(BIN / "mkdocs"),
            "build",
            "-v",
            "-f",
            str(project / "everything.yml"),
            "-d",
            str(project / "site-verbose"),
        ],
        cwd=project,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert "MERMAID2" in verbose.stderr


# --- mkdocs-static-i18n ------------------------------------------------------------------


def test_static_i18n_builds_every_generated_page_in_each_language(project: Path) -> None:
    docs = project / "docs-i18n"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n[Trip](journeys/trip/index.md)\n", "utf-8")
    (docs / "index.da.md").write_text("# Hjem\n\n[Rejsen](journeys/trip/index.md)\n", "utf-8")
    site, _ = build(
        project,
        "i18n",
        MATERIAL
        + """\
docs_dir: docs-i18n
plugins:
  - search
  - cjm
  - i18n:
      docs_structure: suffix
"""
        + I18N_LANGUAGES,
    )
    english = {p.relative_to(site).as_posix() for p in site.glob("journeys/**/*.html")}
    danish = {p.relative_to(site / "da").as_posix() for p in site.glob("da/journeys/**/*.html")}
    assert english and english == danish
    for prefix, language, headings in (
        ("", "en", ["Scenario", "Journey diagram"]),
        ("da/", "da", ["Scenarie", "Rejsediagram"]),
    ):
        page = soup(site, f"{prefix}journeys/trip")
        assert page.html is not None and page.html.get("lang") == language
        shown = [h.get_text(strip=True) for h in page.select("article h2")]
        assert set(headings) <= set(shown), prefix
    # A hand-written Danish page links to the Danish journey page.
    home = soup(site, "da")
    assert [a["href"] for a in home.select("article a")] == ["journeys/trip/"]
    assert_same_page_in_each_language(site)


I18N_LANGUAGES = """\
      languages:
        - locale: en
          default: true
          name: English
        - locale: da
          name: Dansk
"""


def assert_same_page_in_each_language(site: Path) -> None:
    """The language switcher and the `hreflang` links of generated pages lead to the same
    page in the other language; their headings keep the English ids."""
    for page_url in ("journeys/trip", "journeys/trip/awareness", "personas/nina", "touchpoints"):
        for prefix in ("", "da/"):
            page = soup(site, prefix + page_url)
            up = "../" * (page_url.count("/") + 1 + prefix.count("/"))
            expected = {"en": f"{up}{page_url}/", "da": f"{up}da/{page_url}/"}
            expected["da" if prefix else "en"] = "./"  # the page itself
            hreflang = {str(a["hreflang"]): a["href"] for a in page.select("link[hreflang]")}
            assert hreflang == expected, (prefix, page_url)
            switcher = {str(a["hreflang"]): a["href"] for a in page.select("a[hreflang]")}
            assert switcher == expected, (prefix, page_url)
    for prefix in ("", "da/"):
        journey = soup(site, prefix + "journeys/trip")
        ids = [str(h.get("id")) for h in journey.select("article h2")]
        assert {"scenario", "journey-diagram"} <= set(ids), (prefix, ids)


def test_static_i18n_folder_structure_has_the_handbook_in_each_language(project: Path) -> None:
    docs = project / "docs-i18n-folder"
    (docs / "en").mkdir(parents=True)
    (docs / "da").mkdir()
    (docs / "en" / "index.md").write_text("# Home\n", "utf-8")
    (docs / "da" / "index.md").write_text("# Hjem\n", "utf-8")
    site, _ = build(
        project,
        "i18n-folder",
        MATERIAL
        + """\
docs_dir: docs-i18n-folder
plugins:
  - search
  - cjm
  - i18n:
      docs_structure: folder
"""
        + I18N_LANGUAGES,
    )
    for prefix, journeys in (("", "Journeys"), ("da/", "Kunderejser")):
        home = soup(site, prefix or ".")
        nav = [a.get_text(" ", strip=True) for a in home.select(".md-nav--primary .md-nav__link")]
        assert journeys in nav, (prefix, nav)
    assert_same_page_in_each_language(site)


# --- mkdocs-awesome-nav ------------------------------------------------------------------


def test_awesome_nav_places_the_generated_sections(project: Path) -> None:
    docs = project / "docs-nav"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n", "utf-8")
    (docs / ".nav.yml").write_text(
        "nav:\n  - index.md\n  - Customer journeys: journeys\n  - personas\n", "utf-8"
    )
    site, _ = build(
        project,
        "awesome-nav",
        MATERIAL + "docs_dir: docs-nav\nplugins:\n  - cjm\n  - awesome-nav\n",
    )
    home = soup(site, ".")
    nav = [
        a.get_text(" ", strip=True)
        for a in home.select(".md-nav--primary > ul > li > a, .md-nav--primary > ul > li > label")
    ]
    assert nav[:3] == ["Home", "Customer journeys", "Personas"], nav
    assert (site / "journeys" / "trip" / "awareness" / "index.html").is_file()


# --- Material's projects plugin, git-authors ---------------------------------------------


def test_material_projects_builds_a_handbook_project(tmp_path: Path) -> None:
    """The handbook as a project of a bigger site: the projects plugin hoists the media
    files of the theme out of each project, by the path each file comes from."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Top\n", "utf-8")
    cx = tmp_path / "projects" / "cx"
    shutil.copytree(MINIMAL_MAPS, cx / "maps")
    (cx / "docs").mkdir()
    (cx / "docs" / "index.md").write_text("# CX\n", "utf-8")
    theme = "theme:\n  name: material\n  font: false\n"
    (cx / "mkdocs.yml").write_text(
        f"site_name: CX\nsite_url: https://example.com/cx/\n{theme}"
        "plugins:\n  - projects\n  - cjm\n",
        "utf-8",
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: Top\nsite_url: https://example.com/\n{theme}plugins:\n  - projects\n",
        "utf-8",
    )
    result = run_tool("mkdocs", "build", "--strict", cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "cx" / "journeys" / "trip" / "index.html").is_file()
    assert (site / "cx" / "assets" / "javascripts" / "cjm-filters.js").is_file()


def test_git_authors_names_the_writers_of_each_map(project: Path) -> None:
    # `--strict`: git-authors warns (and fails the build) of a source it cannot blame.
    site, _ = build(
        project, "git-authors", MATERIAL + "plugins:\n  - search\n  - cjm\n  - git-authors\n"
    )
    # A map's page names the writers of its map; an index page those of the newest map.
    for url in ("journeys/trip", "journeys/trip/awareness", "journeys", "personas", "stages"):
        assert soup(site, url).select_one(".md-source-file a[href='mailto:a@example.com']"), url


# --- Zensical and ProperDocs -------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(project: Path) -> Path:
    """`mkdocs-cjm generate` of the project (whose docs/ publish Mermaid from npm)."""
    (project / "mkdocs.yml").write_text("site_name: Engines\nplugins:\n  - cjm\n", "utf-8")
    out = project / "generated"
    result = run_tool("mkdocs-cjm", "generate", "--out", str(out), cwd=project, timeout=120)
    assert result.returncode == 0, result.stderr
    return out


def test_zensical_builds_the_generated_project(generated: Path) -> None:
    result = run_tool("zensical", "build", "--strict", cwd=generated)
    assert result.returncode == 0, result.stdout + result.stderr
    site = generated / "site"
    journey = soup(site, "journeys/trip")
    assert journey.select("pre.mermaid, div.mermaid"), "the diagram is a Mermaid block"
    scripts = [s["src"] for s in journey.select("script[src]")]
    assert "../../assets/javascripts/mermaid.min.js" in scripts
    assert (site / "assets" / "javascripts" / "mermaid.min.js").is_file()
    opportunities = soup(site, "opportunities")
    assert opportunities.select_one("#cjm-filters") is not None
    assert any(
        s.endswith("assets/javascripts/cjm-filters.js")
        for s in (s["src"] for s in opportunities.select("script[src]"))
    )
    assert any(
        h.endswith("assets/stylesheets/cjm.css")
        for h in (link["href"] for link in opportunities.select("link[rel=stylesheet]"))
    )
    # The site name leads home, and there is a home page.
    logo = journey.select_one("a.md-header__button.md-logo")
    assert logo is not None and logo["href"] == "../.."
    assert (site / "index.html").is_file()
    home = soup(site, ".")
    assert [a["href"] for a in home.select("article a[href]")][:2] == ["journeys/", "personas/"]
    # Nothing a reader's browser loads comes from another site.
    for page in site.rglob("*.html"):
        loads = re.findall(
            r'<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"', page.read_text("utf-8")
        )
        assert not [url for url in loads if re.match(r"(?:https?:)?//", url)], page


def test_properdocs_builds_the_example(tmp_path: Path) -> None:
    site = str(tmp_path / "site")
    result = run_tool("properdocs", "build", "--strict", "-d", site, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stderr
    page = tmp_path / "site" / "journeys" / "sofa-purchase-today" / "index.html"
    assert "Buying a sofa online (today)" in page.read_text("utf-8")


# --- setup truths ------------------------------------------------------------------------


def test_requires_python_is_materials_floor() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    ours = SpecifierSet(pyproject["project"]["requires-python"])
    material = SpecifierSet(importlib.metadata.metadata("mkdocs-material")["Requires-Python"])
    floor = re.fullmatch(r">=(\d+\.\d+)", str(ours))
    assert floor, "requires-python is a plain floor"
    # Our floor is one Material's installed release accepts, and no lower than its own.
    assert floor.group(1) in material
    assert all(v not in material or v in ours for v in ("3.8", "3.9", "3.10", "3.11", "3.12"))
    assert pyproject["tool"]["ruff"]["target-version"] == "py" + floor.group(1).replace(".", "")
    assert pyproject["tool"]["mypy"]["python_version"] == floor.group(1)


def test_the_test_extra_tracks_zensical() -> None:
    """The newest Zensical that installs, not one below a pin (#27.6): the engines guide
    names the version the suite ran."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    zensical = [r for r in pyproject["project"]["optional-dependencies"]["test"] if "zensical" in r]
    assert zensical == ["zensical>=0.0.70"]
    version = importlib.metadata.version("zensical")
    guide = (REPO / "docs" / "guide" / "engines.md").read_text("utf-8")
    assert f"Zensical {version}" in guide


def test_the_preview_borrows_the_pinned_mkdocs_internals() -> None:
    """MkDocs' private build functions and attributes, used in plugin/mkdocs_internals.py alone,
    are those of the MkDocs release it names: an upgrade fails here first."""
    installed = importlib.metadata.version("mkdocs")
    assert installed.split(".")[:2] == MKDOCS_SERIES.split("."), (
        f"MkDocs {installed} is installed: check mkdocs_cjm/plugin/mkdocs_internals.py against "
        f"its mkdocs/commands/build.py, then set MKDOCS_SERIES"
    )
    assert list(inspect.signature(mkdocs_build_module._populate_page).parameters) == [
        "page",
        "config",
        "files",
        "dirty",
    ]
    assert list(inspect.signature(mkdocs_build_module._build_page).parameters) == [
        "page",
        "config",
        "doc_files",
        "nav",
        "env",
        "dirty",
        "excluded",
    ]
    page_source = inspect.getsource(Page)
    for attribute in ("_title_from_render", "present_anchor_ids", "links_to_anchors"):
        assert f"{attribute}:" in page_source or f"self.{attribute} =" in page_source
    assert "self._entries" in inspect.getsource(SearchIndex)


def test_a_build_before_npm_ci_names_the_fix(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL_MAPS, tmp_path / "maps")
    scripts = tmp_path / "docs" / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (scripts / "mermaid.min.js").symlink_to("../../../node_modules/mermaid/dist/mermaid.min.js")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Early\nplugins:\n  - cjm\n", "utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "cjm: docs/assets/javascripts/mermaid.min.js links to "
        "../../../node_modules/mermaid/dist/mermaid.min.js, which does not exist — run `npm ci`"
    ) in result.stderr


def test_check_and_schema_know_tags(tmp_path: Path) -> None:
    shutil.copytree(MINIMAL_MAPS, tmp_path / "maps")
    add_line(tmp_path / "maps" / "journeys" / "trip.md", "owner:", 'tags: [Online, " ", 3]')
    add_line(tmp_path / "maps" / "personas" / "nina.md", "title:", "tags: Online")
    add_line(tmp_path / "maps" / "touchpoints" / "store.md", "title:", "tag: [x]")
    result = run_cjm("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines()[:4] == [
        "maps/journeys/trip.md:6: error: an item of 'tags' is 3, but must be text "
        "— put it in quotes to make it text [wrong-type]",
        "maps/journeys/trip.md:6: error: an item of 'tags' is blank "
        "(only spaces or invisible characters) — fill it in [empty-value]",
        "maps/personas/nina.md:3: error: 'tags' is 'Online', but must be a list "
        "— write it as a list: [Online] [wrong-type]",
        "maps/touchpoints/store.md:3: error: unknown field 'tag' — did you mean 'tags'? "
        "[unknown-field]",
    ]
    schema = run_cjm("schema", "--kind", "journey", cwd=tmp_path)
    tags = json.loads(schema.stdout)["properties"]["tags"]
    assert tags["type"] == "array" and tags["items"]["minLength"] == 1
