"""The handbook inside a bigger site (#27.5): with `base_path: cx` every generated page and
asset is under cx/, and every link, the nav, search, the sitemap, edit links and
`generate` follow. Real builds, read back as a reader's browser would follow them."""

from __future__ import annotations

import json
import queue
import re
import shutil
import subprocess
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from sitebuild import (
    MINIMAL_MAPS,
    MKDOCS,
    build_env,
    load_config,
    mkdocs_build,
    mkdocs_build_strict,
    run_tool,
    write_project,
)
from test_preview import Served, assert_like_a_fresh_build, edit
from test_serve import free_port

from mkdocs_cjm.config import ConfigError, check_option
from mkdocs_cjm.urls import from_handbook, in_site, relative_url
from mkdocs_cjm.views.nav import folder_title, not_in_nav_in_site, placed_in_folder

SITE = """\
site_name: Big site
site_url: https://example.org/big/
edit_uri: https://example.org/edit/main/docs/
theme:
  name: material
  font: false
  features: [content.action.edit]
markdown_extensions:
  - attr_list
plugins:
  - search
  - cjm:
      base_path: {base}
{extra}"""

HOME = "# Home\n\nSee [Nina](cx/personas/nina.md) and [every journey](cx/journeys/index.md).\n"
"""A hand-written page at the site's root that links into the handbook (the guide's example)."""

GENERATED_FOLDERS = ("journeys", "personas", "touchpoints", "stages", "opportunities", "review")


# --- a link checker over a built site ------------------------------------------------


class _Links(HTMLParser):
    """The URLs a page loads or links to (href and src), and the ids it has."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            url = values.get(name)
            if url and tag in ("a", "link", "script", "img", "source", "iframe"):
                self.urls.append(url)


def _read(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def _ids(pages: dict[Path, _Links], target: Path | None) -> set[str]:
    """The ids of the page a link leads to; none for a file that is no page."""
    return pages[target].ids if target in pages else set()


def _target(site: Path, path: str) -> Path | None:
    """The file a site path is served from, as a static server finds it; None if none."""
    file = site / unquote(path).lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file if file.is_file() else None


def broken_links(site: Path, mount: str = "/big/") -> list[str]:
    """Every internal link or asset of every page of `site`, served at `mount` (site_url's
    path), that leads to no file, or to an id its page does not have: `page: url` each."""
    pages = {page: _read(page) for page in sorted(site.rglob("*.html"))}
    broken = []
    for page, links in pages.items():
        here = f"http://site{mount}{page.relative_to(site).as_posix()}"
        for url in links.urls:
            parts = urlsplit(urljoin(here, url))
            if parts.netloc != "site" or url.startswith("#"):
                continue  # another host, or a place on the same page
            name = f"{page.relative_to(site).as_posix()}: {url}"
            target = _target(site, parts.path.removeprefix(mount))
            missing = target is None or not parts.path.startswith(mount)
            if missing or (parts.fragment and unquote(parts.fragment) not in _ids(pages, target)):
                broken.append(name)
    return broken


def generated_pages(site: Path, base: str) -> list[str]:
    """The handbook's pages in a site `build` made, as paths from its root: every page in
    `base`'s folder (or the site) but the hand-written ones."""
    written = {"404.html", "index.html", "about/index.html", "about.html", f"{base}/index.html"}
    pages = ((site / base) if base else site).rglob("*.html")
    return sorted(
        path
        for path in (page.relative_to(site).as_posix() for page in pages)
        if path not in written
    )


# --- sites -----------------------------------------------------------------------------


def add_persona_image(root: Path) -> None:
    """A persona image in docs/, to which the generated persona page links out of cx/."""
    image = root / "docs" / "assets" / "images" / "nina.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    nina = root / "maps" / "personas" / "nina.md"
    nina.write_text(
        nina.read_text(encoding="utf-8").replace(
            "---\n", "---\nimage: assets/images/nina.png\n", 1
        ),
        encoding="utf-8",
    )


def build(root: Path, base: str, *, extra: str = "", cx_index: bool = False) -> Path:
    """The minimal maps in a bigger site with `base_path: base`; its built site."""
    config = write_project(root, MINIMAL_MAPS, SITE.format(base=base, extra=extra))
    home = HOME.replace("cx/", f"{base}/" if base else "")
    (root / "docs" / "index.md").write_text(home, encoding="utf-8")
    (root / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    if cx_index:
        (root / "docs" / base).mkdir(parents=True)
        (root / "docs" / base / "index.md").write_text(
            "# The CX handbook\n\nStart at [the journeys](journeys/index.md).\n", encoding="utf-8"
        )
    add_persona_image(root)
    site = root / "site"
    mkdocs_build_strict(config, site)
    return site


@pytest.fixture(scope="module")
def cx_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("cx"), "cx")


@pytest.fixture(scope="module")
def root_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same site without a base path: the handbook at the root, as by default."""
    return build(tmp_path_factory.mktemp("root"), "")


@pytest.fixture(scope="module")
def cx_index_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """With a hand-written docs/cx/index.md: the handbook's own home page."""
    return build(tmp_path_factory.mktemp("cx-index"), "cx", cx_index=True)


@pytest.fixture(scope="module")
def html_urls_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two folders deep, with `.html` URLs."""
    return build(tmp_path_factory.mktemp("html"), "teams/cx", extra="use_directory_urls: false\n")


def test_every_generated_page_and_asset_is_under_the_path(cx_site: Path, root_site: Path) -> None:
    pages = generated_pages(cx_site, "cx")
    assert "cx/journeys/trip/awareness/index.html" in pages
    assert "cx/personas/nina/index.html" in pages
    # Every page the plugin makes, whatever pages it makes.
    assert pages == ["cx/" + page for page in generated_pages(root_site, "")]
    for folder in GENERATED_FOLDERS:
        assert not (cx_site / folder).exists(), folder
    for asset in ("cjm.json", "assets/javascripts/cjm-filters.js", "assets/stylesheets/cjm.css"):
        assert (cx_site / "cx" / asset).is_file(), asset
        assert not (cx_site / asset).exists(), asset
    # The site's own pages stay where they were.
    assert (cx_site / "index.html").is_file()
    assert (cx_site / "about" / "index.html").is_file()


@pytest.mark.parametrize("site_name", ["cx_site", "cx_index_site", "html_urls_site"])
def test_every_internal_link_leads_to_a_file_of_the_site(
    request: pytest.FixtureRequest, site_name: str
) -> None:
    site: Path = request.getfixturevalue(site_name)
    assert broken_links(site) == []


def test_pages_load_the_stylesheet_and_script_from_the_path(cx_site: Path) -> None:
    for page in ("cx/journeys/trip/index.html", "index.html", "about/index.html"):
        soup = BeautifulSoup((cx_site / page).read_text(encoding="utf-8"), "html.parser")
        here = "http://site/" + page
        styles = [urljoin(here, str(link["href"])) for link in soup.select("link[rel=stylesheet]")]
        scripts = [urljoin(here, str(script["src"])) for script in soup.select("script[src]")]
        assert "http://site/cx/assets/stylesheets/cjm.css" in styles, page
        assert "http://site/cx/assets/javascripts/cjm-filters.js" in scripts, page


def test_links_from_hand_written_pages_and_to_images(cx_site: Path) -> None:
    home = BeautifulSoup((cx_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = home.select_one("article")
    assert article is not None
    assert [a["href"] for a in article.select("a[href^=cx]")] == [
        "cx/personas/nina/",
        "cx/journeys/",
    ]
    nina = BeautifulSoup(
        (cx_site / "cx/personas/nina/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    image = nina.select_one("article img")
    assert image is not None
    assert image["src"] == "../../../assets/images/nina.png"


def test_the_html_urls_site_is_two_folders_deep(html_urls_site: Path) -> None:
    pages = generated_pages(html_urls_site, "teams/cx")
    assert "teams/cx/journeys/trip/awareness.html" in pages
    assert "teams/cx/personas/nina.html" in pages
    assert (html_urls_site / "teams/cx/assets/stylesheets/cjm.css").is_file()
    nina = (html_urls_site / "teams/cx/personas/nina.html").read_text(encoding="utf-8")
    assert 'src="../../../assets/images/nina.png"' in nina


def nav_items(page: Path) -> list[tuple[int, str]]:
    """The primary nav of a page: (depth, label) of each section and link, in order."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.md-nav--primary > ul")
    assert nav is not None
    items = []
    for item in nav.select("li.md-nav__item"):
        depth = len(item.find_parents("li", class_="md-nav__item"))
        label = item.find(["label", "a"], class_="md-nav__link")
        assert label is not None
        items.append((depth, " ".join(label.get_text().split())))
    return items


def test_the_nav_puts_the_handbook_in_a_section_of_its_folder(cx_site: Path) -> None:
    items = nav_items(cx_site / "index.html")
    assert items[:4] == [(0, "Home"), (0, "About"), (0, "Cx"), (1, "Journeys")]
    top = [label for depth, label in items if depth == 0]
    assert top == ["Home", "About", "Cx"]
    assert (1, "Personas") in items
    assert (1, "Review") in items


def test_the_nav_puts_the_handbook_after_the_folders_own_pages(cx_index_site: Path) -> None:
    items = nav_items(cx_index_site / "index.html")
    top = [label for depth, label in items if depth == 0]
    assert top == ["Home", "About", "Cx"]
    assert items[2:5] == [(0, "Cx"), (1, "The CX handbook"), (1, "Journeys")]


def test_sitemap_and_search_list_the_pages_under_the_path(cx_site: Path) -> None:
    sitemap = (cx_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    expected = [
        "https://example.org/big/" + page.removesuffix("index.html")
        for page in generated_pages(cx_site, "cx")
    ]
    assert set(expected) <= set(locations)
    assert not [url for url in locations if re.search(r"/big/(journeys|personas)/", url)]
    index = json.loads((cx_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {entry["location"].split("#")[0] for entry in index["docs"]}
    assert {"cx/personas/nina/", "cx/journeys/trip/awareness/", "cx/opportunities/"} <= pages
    assert pages - {"", "about/"} == {
        page.removesuffix("index.html") for page in generated_pages(cx_site, "cx")
    }
    for page in pages:
        assert _target(cx_site, page) is not None, page


def test_edit_links_open_the_map(cx_site: Path) -> None:
    soup = BeautifulSoup(
        (cx_site / "cx/journeys/trip/awareness/index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    edit = soup.select_one("a[rel=edit]")
    assert edit is not None
    assert edit["href"] == "https://example.org/edit/main/maps/journeys/trip.md"


def test_a_hand_written_page_in_the_way_of_a_generated_one_is_refused(tmp_path: Path) -> None:
    config = write_project(tmp_path, MINIMAL_MAPS, SITE.format(base="cx", extra=""))
    (tmp_path / "docs" / "cx" / "personas").mkdir(parents=True)
    (tmp_path / "docs" / "cx" / "personas" / "nina.md").write_text("# Mine\n", encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "cx/personas/nina.md has the same path as the generated page" in result.stderr
    assert "Traceback" not in result.stderr


# --- static-i18n -----------------------------------------------------------------------

I18N = """\
  - i18n:
      docs_structure: {structure}
      languages:
        - locale: en
          default: true
          name: English
        - locale: da
          name: Dansk
"""


@pytest.mark.parametrize("structure", ["suffix", "folder"])
def test_static_i18n_puts_each_language_under_the_path(tmp_path: Path, structure: str) -> None:
    root = tmp_path / "i18n"
    root.mkdir()
    extra = I18N.format(structure=structure)
    config = write_project(root, MINIMAL_MAPS, SITE.format(base="cx", extra=extra))
    docs = root / "docs"
    if structure == "suffix":
        (docs / "index.md").write_text(HOME, encoding="utf-8")
        (docs / "index.da.md").write_text(HOME.replace("Home", "Hjem"), encoding="utf-8")
    else:
        (docs / "index.md").unlink()
        (docs / "en" / "cx").mkdir(parents=True)
        (docs / "da").mkdir()
        (docs / "en" / "index.md").write_text("# Home\n", encoding="utf-8")
        (docs / "da" / "index.md").write_text("# Hjem\n", encoding="utf-8")
        (docs / "en" / "cx" / "index.md").write_text("# The CX handbook\n", encoding="utf-8")
    site = root / "site"
    mkdocs_build_strict(config, site)
    if structure == "folder":
        # The handbook joins the language folder's cx/ section, or makes one.
        assert nav_items(site / "index.html")[:4] == [
            (0, "Home"),
            (0, "Cx"),
            (1, "The CX handbook"),
            (1, "Journeys"),
        ]
        assert nav_items(site / "da/index.html")[:3] == [(0, "Hjem"), (0, "Cx"), (1, "Kunderejser")]
    assert (site / "cx/personas/nina/index.html").is_file()
    assert (site / "da/cx/personas/nina/index.html").is_file()
    assert not (site / "da/personas").exists()
    assert broken_links(site) == []
    danish = BeautifulSoup(
        (site / "da/cx/personas/nina/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    here = "http://site/big/da/cx/personas/nina/"
    alternates = {
        str(link["hreflang"]): urljoin(here, str(link["href"]))
        for link in danish.select("link[hreflang]")
    }
    assert alternates == {
        "en": "http://site/big/cx/personas/nina/",
        "da": "http://site/big/da/cx/personas/nina/",
    }


# --- mkdocs-monorepo ---------------------------------------------------------------

MONOREPO = """\
site_name: Company docs
repo_url: https://example.org/repo/
edit_uri: edit/main/docs/
theme:
  name: material
  font: false
  features: [content.action.edit]
nav:
  - Home: index.md
  - CX handbook: '!include ./cx/mkdocs.yml'
plugins:
  - search
  - monorepo
  - cjm:
      maps_dir: cx/maps
      base_path: cx
"""

MONOREPO_CX = """\
site_name: cx
nav:
  - Start: index.md
  - Journeys: journeys/index.md
  - Personas: personas/index.md
"""


def test_a_monorepo_includes_the_handbook_under_its_folder(tmp_path: Path) -> None:
    """The guide's monorepo example: the plugin in the root mkdocs.yml, the team's folder
    `!include`d, its nav naming generated pages as if they were in its docs/."""
    shutil.copytree(MINIMAL_MAPS, tmp_path / "cx" / "maps")
    (tmp_path / "cx" / "docs").mkdir()
    (tmp_path / "cx" / "docs" / "index.md").write_text(
        "# The CX handbook\n\nStart at [the journeys](journeys/index.md).\n", encoding="utf-8"
    )
    (tmp_path / "cx" / "mkdocs.yml").write_text(MONOREPO_CX, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MONOREPO, encoding="utf-8")
    site = tmp_path / "site"
    mkdocs_build_strict(tmp_path / "mkdocs.yml", site)
    assert broken_links(site, mount="/") == []
    assert nav_items(site / "index.html") == [
        (0, "Home"),
        (0, "CX handbook"),
        (1, "Start"),
        (1, "Journeys"),
        (1, "Personas"),
    ]
    page = (site / "cx/journeys/trip/index.html").read_text(encoding="utf-8")
    # Relative to the docs_dir of mkdocs.yml, not to monorepo's merged copy of the docs.
    assert 'href="https://example.org/repo/edit/main/cx/maps/journeys/trip.md"' in page


# --- generate --------------------------------------------------------------------------


def test_generate_writes_the_pages_under_the_path(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    write_project(root, MINIMAL_MAPS, SITE.format(base="cx", extra=""))
    add_persona_image(root)
    result = run_tool("mkdocs-cjm", "generate", "-o", str(tmp_path / "out"), cwd=root)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert (out / "docs/cx/journeys/trip/awareness.md").is_file()
    assert (out / "docs/cx/cjm.json").is_file()
    assert (out / "docs/cx/assets/stylesheets/cjm.css").is_file()
    assert (out / "docs/assets/images/nina.png").is_file()  # where `image:` says
    assert not (out / "docs/journeys").exists()
    config = load_config((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["extra_css"] == ["cx/assets/stylesheets/cjm.css"]
    assert "cx/assets/javascripts/cjm-filters.js" in config["extra_javascript"]
    assert config["nav"][0] == "index.md"
    assert list(config["nav"][1]) == ["Cx"]
    # Every pattern of the pages left out of the nav is under the folder (`all`: the
    # journeys index's group pages of a large handbook).
    patterns = config.get("not_in_nav", "").split()
    assert patterns and all(p.lstrip("!").startswith("/cx/") for p in patterns), patterns
    home = (out / "docs/index.md").read_text(encoding="utf-8")
    assert "(cx/journeys/index.md)" in home
    site = tmp_path / "site"
    mkdocs_build_strict(out / "mkdocs.yml", site)
    assert (site / "cx/journeys/trip/awareness/index.html").is_file()
    assert broken_links(site, mount="/") == []  # no site_url: 404.html's links start at /
    shutil.rmtree(site)


# --- mkdocs serve ---------------------------------------------------------------------


def test_the_preview_renders_an_edit_under_the_path(tmp_path: Path) -> None:
    """`mkdocs serve` renders only the changed pages, and serves what a fresh build makes."""
    project = tmp_path / "project"
    project.mkdir()
    write_project(project, MINIMAL_MAPS, SITE.format(base="cx", extra=""))
    (project / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    temp = tmp_path / "temp"
    temp.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [MKDOCS, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=build_env(TMPDIR=str(temp)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            log.append(line.rstrip())
            lines.put(line.rstrip())

    threading.Thread(target=read, daemon=True).start()
    server = Served(process, port, Path(), lines, log)
    try:
        deadline = time.monotonic() + 300
        while not any("Serving on" in line for line in log):
            assert process.poll() is None, "\n".join(log)
            assert time.monotonic() < deadline, "never served:\n" + "\n".join(log)
            time.sleep(0.2)
        (server.site,) = temp.glob("mkdocs_*")
        (project / "like-serve.yml").write_text(
            f"INHERIT: mkdocs.yml\nsite_url: http://127.0.0.1:{port}/big/\n", encoding="utf-8"
        )
        time.sleep(1.1)  # a new modification time, whatever the file system's resolution
        edit(project / "maps/journeys/trip.md", "---\n\n", "---\n\nEdited.\n\n")
        assert server.next_rebuild().startswith("rendered")
        assert "Edited." in (server.site / "cx/journeys/trip/index.html").read_text("utf-8")
        assert_like_a_fresh_build(server, project, tmp_path)
    finally:
        process.terminate()
        process.wait(timeout=60)
    assert not any("Traceback" in line for line in log), "\n".join(log)


# --- the option and the URL layer ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ""), (None, ""), ("cx", "cx"), ("cx/", "cx"), ("docs/cx-2.0_~", "docs/cx-2.0_~")],
)
def test_a_base_path_is_a_folder_of_the_site(value: object, expected: str) -> None:
    assert check_option("base_path", value) == expected


@pytest.mark.parametrize(
    ("value", "problem", "hint"),
    [
        ("/cx", "must be a folder relative to the site's root", "leave out the leading `/`"),
        ("../cx", "may not hold an empty folder, `.` or `..`", "e.g. `base_path: cx`"),
        ("cx/../x", "may not hold an empty folder, `.` or `..`", "e.g. `base_path: cx`"),
        ("cx//x", "may not hold an empty folder", "e.g. `base_path: cx`"),
        ("my handbook", "letters, digits and `-`, `_`, `.`, `~`", "write `-` for a space, e.g."),
        ("cx?x=1", "letters, digits", "e.g. `base_path: cx`"),
        ("cx#top", "letters, digits", "e.g. `base_path: cx`"),
        ("håndbog", "letters, digits", "e.g. `base_path: cx`"),
        ("cx\\x", "separates folders with `\\`", "write `/` between folders"),
        (3, "must be a folder of the site", "the default is `base_path: ''`"),
    ],
)
def test_a_bad_base_path_is_refused_with_a_hint(value: object, problem: str, hint: str) -> None:
    with pytest.raises(ConfigError) as raised:
        check_option("base_path", value)
    assert raised.value.name == "base_path"
    assert problem in raised.value.problem
    assert hint in raised.value.hint


def test_a_bad_base_path_stops_the_build_with_the_options_name(tmp_path: Path) -> None:
    config = write_project(tmp_path, MINIMAL_MAPS, SITE.format(base="/cx", extra=""))
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "Plugin 'cjm' option 'base_path': 'base_path' is '/cx'" in result.stderr
    assert "leave out the leading `/`" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_url_layer() -> None:
    assert in_site("journeys/index.md", "") == "journeys/index.md"
    assert in_site("journeys/index.md", "teams/cx") == "teams/cx/journeys/index.md"
    # A persona page links to docs/assets/ out of the handbook's folder.
    image = from_handbook("assets/nina.png", "teams/cx")
    assert relative_url(image, "personas/nina.md") == "../../../assets/nina.png"
    assert from_handbook("assets/nina.png", "") == "assets/nina.png"
    assert not_in_nav_in_site(("/personas/*.md", "!/personas/index.md"), "cx") == [
        "/cx/personas/*.md",
        "!/cx/personas/index.md",
    ]
    assert folder_title("cx") == "Cx"
    assert folder_title("customer-experience") == "Customer experience"
    assert folder_title("CX") == "CX"


def test_the_handbook_goes_into_its_folders_section() -> None:
    handbook = [{"Journeys": "cx/journeys/index.md"}]
    written = ["index.md", {"Cx": ["cx/index.md", {"Old": ["cx/old/a.md"]}]}, {"Other": ["o/a.md"]}]
    assert placed_in_folder(written, handbook, "cx") == [
        "index.md",
        {"Cx": ["cx/index.md", {"Old": ["cx/old/a.md"]}, *handbook]},
        {"Other": ["o/a.md"]},
    ]
    assert placed_in_folder(["index.md"], handbook, "teams/cx") == [
        "index.md",
        {"Teams": [{"Cx": handbook}]},
    ]
    assert placed_in_folder(["index.md"], handbook, "") == ["index.md", *handbook]
    # In a language's section of static-i18n's folder structure, paths start with it.
    language = [{"Cx": ["en/cx/index.md"]}]
    assert placed_in_folder(language, handbook, "cx", skip=1) == [
        {"Cx": ["en/cx/index.md", *handbook]}
    ]
