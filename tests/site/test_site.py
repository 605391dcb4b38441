"""End-to-end: build the example handbook with the real `mkdocs build` and read the HTML."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from sitebuild import (
    FRESH_DAY,
    MINIMAL_MAPS,
    REPO,
    SETTINGS,
    mkdocs_build,
    run_cjm,
    write_project,
)

from mkdocs_cjm.handbook.resolve import Handbook, build_handbook
from mkdocs_cjm.model import OpportunityRef
from mkdocs_cjm.publish.export import export_json
from mkdocs_cjm.urls import step_anchor


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return build_handbook(REPO / "maps", REPO, SETTINGS)


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    """The example handbook as shipped, built once a session (tests/conftest.py)."""
    return example_site


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def article(page: BeautifulSoup) -> Tag:
    found = page.find("article")
    assert isinstance(found, Tag)
    return found


def section_after(page: BeautifulSoup, heading: str) -> list[Tag]:
    """The elements after the h2 whose text is `heading`, up to the next h2."""
    for h2 in article(page).find_all("h2"):
        if h2.get_text(strip=True).rstrip("¶") == heading:
            elements = []
            for sibling in h2.find_next_siblings():
                if sibling.name == "h2":
                    break
                elements.append(sibling)
            return elements
    raise AssertionError(f"no section {heading!r}")


def hrefs(elements: list[Tag]) -> Iterator[str]:
    for element in elements:
        for a in element.find_all("a", href=True):
            yield str(a["href"])


def resolve(page_url: str, href: str) -> str:
    """The site path (e.g. journeys/x/awareness/#step-2) a relative link points to."""
    parts = page_url.rstrip("/").split("/") if page_url else []
    path, _, anchor = href.partition("#")
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts) + "/" + (f"#{anchor}" if anchor else "")


def test_every_url_of_the_spec_exists(site: Path, handbook: Handbook) -> None:
    urls = ["journeys", "personas", "touchpoints", "stages", "opportunities"]
    for journey in handbook.journeys.values():
        urls.append(f"journeys/{journey.id}")
        urls += [f"journeys/{journey.id}/{s.stage}" for s in journey.stages]
    urls += [f"personas/{p}" for p in handbook.personas]
    urls += [f"touchpoints/{t}" for t in handbook.touchpoints]
    urls += [f"stages/{s}" for s in handbook.stages]
    missing = [url for url in urls if not (site / url / "index.html").is_file()]
    assert missing == []
    assert len(urls) > 60


def test_persona_pages_list_exactly_the_indexed_journeys_and_stages(
    site: Path, handbook: Handbook
) -> None:
    for persona_id in handbook.personas:
        page_url = f"personas/{persona_id}"
        targets = {
            resolve(page_url, href)
            for href in hrefs(section_after(soup(site, page_url), "Journeys"))
        }
        # Links to stage pages, not to the journey itself.
        listed = {target for target in targets if target.count("/") == 3}
        expected = {
            f"journeys/{u.journey.id}/{u.journey_stage.stage}/"
            for u in handbook.persona_usage[persona_id]
        }
        assert listed == expected, persona_id
        assert expected, f"{persona_id} is in no journey of the example"


def test_touchpoint_pages_list_exactly_the_indexed_steps(site: Path, handbook: Handbook) -> None:
    for touchpoint_id, usages in handbook.touchpoint_usage.items():
        page_url = f"touchpoints/{touchpoint_id}"
        listed = [
            resolve(page_url, href)
            for href in hrefs(section_after(soup(site, page_url), "Used in"))
            if "#" in href
        ]
        expected = [
            f"journeys/{u.journey.id}/{u.journey_stage.stage}/#"
            + step_anchor(u.step_index, u.step.id)
            for u in usages
        ]
        assert sorted(listed) == sorted(expected), touchpoint_id
        assert len(listed) == len(set(listed)), f"{touchpoint_id} lists a step twice"


def test_ranked_lists_number_every_row(site: Path, handbook: Handbook) -> None:
    # The rank column comes first; without it every other column would shift left.
    steps = [s for j in handbook.journeys.values() for st in j.stages for s in st.steps]
    ranks = [
        [row.find("td").get_text(strip=True) for row in table.find("tbody").find_all("tr")]
        for table in article(soup(site, "opportunities")).find_all("table")
        if table.find("th").get_text(strip=True) == "#"
    ]
    # A shared opportunity (`- ref:`) is ranked once, however many steps refer to it.
    inline = sum(1 for s in steps for o in s.opportunities if not isinstance(o, OpportunityRef))
    opportunities = inline + len(handbook.opportunities)
    assert handbook.opportunities, "the example shares opportunities"
    assert ranks == [
        [f"O{n}" for n in range(1, opportunities + 1)],
        [str(n) for n in range(1, sum(len(s.pain_points) for s in steps) + 1)],
    ]


def generated_urls(site: Path) -> list[str]:
    roots = ["journeys", "personas", "touchpoints", "stages", "opportunities"]
    return sorted(
        str(path.parent.relative_to(site))
        for root in roots
        for path in (site / root).rglob("index.html")
    )


def test_every_link_on_generated_pages_works(site: Path) -> None:
    ids: dict[str, set[str]] = {}  # the ids of each page a link goes to an anchor of

    def has_id(path: str, anchor: str) -> bool:
        if path not in ids:  # (parsing the page again for every link took 10 s)
            ids[path] = {str(e["id"]) for e in soup(site, path).find_all(id=True)}
        return anchor in ids[path]

    broken = []
    for url in generated_urls(site):
        page = soup(site, url)
        for a in article(page).find_all("a", href=True):
            href = str(a["href"])
            if urlsplit(href).scheme or href.startswith("#"):
                continue
            target = resolve(url, unquote(href))
            path, _, anchor = target.partition("#")
            file = site / path / "index.html"
            if not file.is_file():
                broken.append(f"{url}: {href}")
            elif anchor and not has_id(path.rstrip("/"), anchor):
                broken.append(f"{url}: {href} (no anchor)")
    assert broken == []


def test_journey_pages_link_every_persona_touchpoint_and_stage(
    site: Path, handbook: Handbook
) -> None:
    for journey in handbook.journeys.values():
        page_url = f"journeys/{journey.id}"
        targets = {resolve(page_url, h) for h in hrefs([article(soup(site, page_url))])}
        for persona_id in journey.personas:
            assert f"personas/{persona_id}/" in targets
        for journey_stage in journey.stages:
            assert f"journeys/{journey.id}/{journey_stage.stage}/" in targets
            for step in journey_stage.steps:
                for touchpoint_id in step.touchpoints:
                    assert f"touchpoints/{touchpoint_id}/" in targets


def test_stage_pages_show_every_step_with_links(site: Path, handbook: Handbook) -> None:
    journey = handbook.journeys["sofa-purchase-today"]
    for index, journey_stage in enumerate(journey.stages):
        page_url = f"journeys/{journey.id}/{journey_stage.stage}"
        page = soup(site, page_url)
        text = article(page).get_text(" ")
        for number, step in enumerate(journey_stage.steps):
            heading = page.find(id=step_anchor(number, step.id))
            assert heading is not None and step.title in heading.get_text()
            if step.doing:
                assert step.doing in text
        targets = {resolve(page_url, h) for h in hrefs([article(page)])}
        if index > 0:
            assert f"journeys/{journey.id}/{journey.stages[index - 1].stage}/" in targets
        if index + 1 < len(journey.stages):
            assert f"journeys/{journey.id}/{journey.stages[index + 1].stage}/" in targets
        assert len(page.select("div.mermaid, pre.mermaid")) == 1


def test_generated_pages_edit_their_map_and_show_its_date(site: Path) -> None:
    page = soup(site, "journeys/sofa-purchase-today")
    edit = page.find("a", attrs={"title": re.compile("Edit", re.I)})
    assert isinstance(edit, Tag)
    assert str(edit["href"]).endswith("/edit/main/maps/journeys/sofa-purchase-today.md")
    footer = article(page).get_text(" ")
    assert "Source: maps/journeys/sofa-purchase-today.md" in footer
    assert re.search(r"Last changed: \d{4}-\d{2}-\d{2}", footer)
    assert page.title is not None and page.title.get_text().startswith(
        "Buying a sofa online (today)"
    )


def test_generated_sections_appear_in_the_navigation(site: Path) -> None:
    nav = soup(site, "").find("nav", class_="md-nav--primary")
    assert isinstance(nav, Tag)
    labels = nav.get_text(" ")
    for label in ("Journeys", "Personas", "Touchpoints", "Stages", "Opportunities"):
        assert label in labels
    assert "Buying a sofa online (today)" in labels


def test_hand_written_pages_link_to_generated_pages(site: Path) -> None:
    links = {str(a["href"]) for a in article(soup(site, "")).find_all("a", href=True)}
    assert any(href.startswith("journeys/") for href in links)


def test_bodies_show_whole_and_their_markers_never(site: Path, handbook: Handbook) -> None:
    # The body sits between marker paragraphs (sanitize.body_markers) only while it renders.
    for url in generated_urls(site):
        assert "cjm-body-" not in (site / url / "index.html").read_text(encoding="utf-8"), url
    nina = handbook.personas["nina"]
    paragraphs = [p for p in nina.body.split("\n\n") if p.strip()]
    about = section_after(soup(site, "personas/nina"), "About")
    # The body's paragraphs, then the plugin's own footer (a rule, the source line).
    shown = [" ".join(tag.get_text(" ").split()) for tag in about[: len(paragraphs)]]
    assert shown == [" ".join(p.split()) for p in paragraphs]
    assert about[len(paragraphs)].name == "hr"


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert mkdocs_build(REPO / "mkdocs.yml", again).returncode == 0
    different = [
        url
        for url in generated_urls(site)
        if (site / url / "index.html").read_bytes() != (again / url / "index.html").read_bytes()
    ]
    assert different == []
    assert len(generated_urls(again)) == len(generated_urls(site))


PLAIN_CONFIG = """\
site_name: Test
plugins:
  - cjm
"""


def test_a_broken_map_fails_the_build_with_its_location(tmp_path: Path) -> None:
    config = write_project(tmp_path, MINIMAL_MAPS, PLAIN_CONFIG)
    journey = next((tmp_path / "maps" / "journeys").glob("*.md"))
    journey.write_text(
        journey.read_text(encoding="utf-8").replace("emotion: ", "emotion: 9 #", 1),
        encoding="utf-8",
    )
    result = mkdocs_build(config, tmp_path / "site", strict=False)
    assert result.returncode == 1
    assert f"maps/journeys/{journey.name}:" in result.stderr
    assert "'emotion' is 9, but must be a whole number from 1 to 5" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_stale_journey_warns_and_fails_strict_unless_info(tmp_path: Path) -> None:
    config = write_project(tmp_path, MINIMAL_MAPS, PLAIN_CONFIG)
    journey = next((tmp_path / "maps" / "journeys").glob("*.md"))
    text = re.sub(r"reviewed: .*", "reviewed: 2025-01-01", journey.read_text(encoding="utf-8"))
    journey.write_text(text, encoding="utf-8")
    strict = mkdocs_build(config, tmp_path / "site", strict=True)
    assert strict.returncode == 1
    assert "journey is stale: last reviewed 2025-01-01" in strict.stderr
    config.write_text(PLAIN_CONFIG.replace("- cjm", "- cjm:\n      stale: info"), encoding="utf-8")
    assert mkdocs_build(config, tmp_path / "site", strict=True).returncode == 0


def test_a_misspelt_metric_warns_alike_in_the_build_and_check(tmp_path: Path) -> None:
    config = write_project(tmp_path, MINIMAL_MAPS, PLAIN_CONFIG)
    trip = tmp_path / "maps/journeys/trip.md"
    trip.write_text(trip.read_text(encoding="utf-8").replace("drop_off:", "drop-off:"), "utf-8")
    finding = (
        "maps/journeys/trip.md:26: metric 'drop-off' is not the recognised 'drop_off', so the "
        "handbook keeps it apart from the funnel, percentages and checks of 'drop_off' — did "
        "you mean 'drop_off'? [misspelt-metric]"
    )
    build = mkdocs_build(config, tmp_path / "site", strict=True)
    assert build.returncode == 1
    assert finding in build.stderr
    check = run_cjm("check", "--strict", "--today", str(FRESH_DAY), cwd=tmp_path)
    assert check.returncode == 1
    assert check.stdout.splitlines()[0] == finding.replace(": metric", ": warning: metric", 1)


def test_an_explicit_nav_can_place_the_generated_pages(tmp_path: Path) -> None:
    config = write_project(
        tmp_path,
        MINIMAL_MAPS,
        PLAIN_CONFIG + "nav:\n  - Home: index.md\n  - Our journeys: journeys/index.md\n",
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((tmp_path / "site" / "index.html").read_text(), "html.parser")
    assert "Our journeys" in home.get_text()
    assert (tmp_path / "site" / "personas" / "index.html").is_file()


def test_bad_plugin_options_name_the_option(tmp_path: Path) -> None:
    config = write_project(
        tmp_path, MINIMAL_MAPS, PLAIN_CONFIG.replace("- cjm", "- cjm:\n      stale: loud")
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "stale" in result.stderr and "Traceback" not in result.stderr


def test_a_docs_page_in_the_way_of_a_generated_page_is_an_error(tmp_path: Path) -> None:
    config = write_project(tmp_path, MINIMAL_MAPS, PLAIN_CONFIG)
    (tmp_path / "docs" / "personas").mkdir()
    shutil.copy(tmp_path / "docs" / "index.md", tmp_path / "docs" / "personas" / "index.md")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 1
    assert "personas/index.md" in result.stderr and "Traceback" not in result.stderr


def test_site_publishes_the_export(site: Path, handbook: Handbook) -> None:
    # The same document as `mkdocs-cjm export --format json`, for scripts that read the site.
    published = json.loads((site / "cjm.json").read_text(encoding="utf-8"))
    assert published == json.loads(export_json(handbook))


def test_generated_pages_describe_themselves(site: Path, tmp_path: Path) -> None:
    """A meta description for search engines and social cards (#27.9): the scenario or
    summary, on one line, at most 160 characters, escaped once."""
    journey = soup(site, "journeys/sofa-purchase-today")
    description = journey.select_one("meta[name=description]")
    assert description is not None
    text = str(description["content"])
    assert text.startswith("Nina and Jonas have moved into a four-room flat in Østerbro with")
    assert len(text) <= 160 and "\n" not in text and text.endswith("…")
    stage = soup(site, "journeys/sofa-purchase-today/awareness")
    goal = stage.select_one("meta[name=description]")
    assert goal is not None and goal["content"] != description["content"]
    # Writers' markup is text in the attribute, escaped once (not `&amp;lt;`).
    shutil.copytree(REPO / "tests" / "fixtures" / "hostile", tmp_path, dirs_exist_ok=True)
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: D\ntheme:\n  name: material\nplugins:\n  - cjm\n", "utf-8")
    result = mkdocs_build(config, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    meta = soup(tmp_path / "site", "journeys/hostile").select_one("meta[name=description]")
    assert meta is not None
    assert str(meta["content"]).startswith("journey-scenario <script>window.__xss=1</script>")
    raw = (tmp_path / "site" / "journeys" / "hostile" / "index.html").read_text("utf-8")
    assert 'content="journey-scenario &lt;script&gt;window.__xss=1&lt;/script&gt;' in raw
