"""The journey canvas (render/canvas.py) in the HTML of a real build of the example handbook.

The browser checks of what a reader sees (alignment, scrolling, print, axe) are in
tests/browser/test_canvas.py; these read the table itself.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup, Tag
from sitebuild import NO_HISTORY, REPO, example_handbook, mkdocs_build, write_project

from mkdocs_cjm.handbook.resolve import Handbook
from mkdocs_cjm.model import Journey
from mkdocs_cjm.render import render_pages
from mkdocs_cjm.render.canvas import has_blueprint_lanes
from mkdocs_cjm.safety.markdown_extension import GeneratedPageExtension, trusted_html
from mkdocs_cjm.urls import href, page_url

LANES = [
    "Stage",
    "Step",
    "Doing",
    "Thinking",
    "Feeling",
    "Emotion",
    "Touchpoints",
    "Pain points",
    "Opportunities",
    "Metrics",
    "Evidence",
]
BLUEPRINT = [
    "Line of interaction",
    "Frontstage",
    "Line of visibility",
    "Backstage",
    "Line of internal interaction",
    "Support processes",
]


@pytest.fixture(scope="module")
def handbook() -> Handbook:
    return example_handbook()


@pytest.fixture(scope="module")
def site(example_site: Path) -> Path:
    """The example handbook as shipped, built once a session (tests/conftest.py)."""
    return example_site


def canvas(site: Path, url: str) -> Tag:
    page = BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")
    [box] = page.select("div.cjm-canvas")
    return box


def pages(journey: Journey) -> list[tuple[str, list[int]]]:
    """The journey page and its stage pages, each with the stage numbers its canvas shows."""
    stages = range(1, len(journey.stages) + 1)
    return [(f"journeys/{journey.id}", list(stages))] + [
        (f"journeys/{journey.id}/{s.stage}", [n])
        for n, s in zip(stages, journey.stages, strict=True)
    ]


def lane_name(header: Tag) -> str:
    """A lane header's name, without the mark of a future state's targets."""
    return "".join(
        str(part) if isinstance(part, str) else part.get_text()
        for part in header.children
        if not (isinstance(part, Tag) and "cjm-target" in (part.get("class") or []))
    ).strip()


def lane(box: Tag, label: str) -> list[Tag]:
    """The cells of the lane whose header says `label`."""
    for row in box.select("tr"):
        header = row.find("th", scope="row")
        if header is not None and lane_name(header) == label:
            return row.find_all(["td", "th"])[1:]
    raise AssertionError(f"no lane {label!r}")


def test_every_journey_and_stage_page_has_one_canvas_table(site: Path, handbook: Handbook) -> None:
    for journey in handbook.journeys.values():
        for url, numbers in pages(journey):
            box = canvas(site, url)
            stages = [journey.stages[n - 1] for n in numbers]
            steps = [step for s in stages for step in s.steps]
            # A keyboard-reachable region named by the table's caption.
            assert box["role"] == "region" and box["tabindex"] == "0"
            [table] = box.find_all("table")
            caption = table.find("caption")
            assert caption is not None and box["aria-labelledby"] == caption["id"]
            assert journey.title in caption.get_text()
            # Stages as column groups, steps as columns.
            groups = table.select("thead th[scope=colgroup]")
            assert [int(str(g["colspan"])) for g in groups] == [len(s.steps) for s in stages]
            assert [g.get_text(" ", strip=True).split(" ", 1)[0] for g in groups] == [
                f"{n}." for n in numbers
            ]
            columns = table.select("thead th[scope=col]")
            assert [c.find("a").get_text() for c in columns] == [step.title for step in steps]
            # Every row starts with its lane header; every lane has a cell per step.
            lanes = [lane_name(th) for th in table.select("th[scope=row]")]
            blueprint = has_blueprint_lanes([(n, journey.stages[n - 1]) for n in numbers])
            assert lanes == LANES + (BLUEPRINT if blueprint else []), url
            for row in table.select("tbody tr:not(.cjm-canvas__line)"):
                assert len(row.find_all("td")) == len(steps)


def test_every_step_shows_what_the_customer_does_thinks_and_feels(
    site: Path, handbook: Handbook
) -> None:
    for journey in handbook.journeys.values():
        for url, numbers in pages(journey):
            box = canvas(site, url)
            steps = [step for n in numbers for step in journey.stages[n - 1].steps]
            for label, field in [
                ("Doing", "doing"),
                ("Thinking", "thinking"),
                ("Feeling", "feeling"),
            ]:
                cells = [cell.get_text(" ", strip=True) for cell in lane(box, label)]
                assert cells == [getattr(step, field) or "" for step in steps], (url, label)
            scores = [cell.get_text(strip=True)[-3:] for cell in lane(box, "Emotion")]
            assert scores == [f"{step.emotion}/5" for step in steps]


def test_lanes_show_touchpoints_pain_points_opportunities_and_figures(
    site: Path, handbook: Handbook
) -> None:
    journey = handbook.journeys["sofa-purchase-today"]
    box = canvas(site, "journeys/sofa-purchase-today")
    steps = [step for s in journey.stages for step in s.steps]
    for cell, step in zip(lane(box, "Touchpoints"), steps, strict=True):
        links = cell.find_all("a")
        assert [a.get_text() for a in links] == [
            handbook.touchpoints[t].title for t in step.touchpoints
        ]
        assert [str(a["href"]) for a in links] == [
            f"../../touchpoints/{t}/" for t in step.touchpoints
        ]
        modes = [m.get_text() for m in cell.select(".cjm-canvas__mode")]
        assert modes == [
            (handbook.touchpoints[t].mode or "").capitalize() for t in step.touchpoints
        ]
    first = steps[0]
    pain = lane(box, "Pain points")[0].get_text(" ", strip=True)
    assert all(p.text in pain and f"severity {p.severity}/5" in pain for p in first.pain_points)
    [opportunity] = first.opportunities
    cell = lane(box, "Opportunities")[0]
    assert "impact 4/5 · effort 2/5" in cell.get_text(" ", strip=True)
    assert cell.select_one(".cjm-canvas__status--planned") is not None
    assert cell.find("a", href=opportunity.link) is not None
    metrics = lane(box, "Metrics")[0].get_text(" ", strip=True)
    # The drop-off from data files (with its period and change), a typed metric as words.
    assert "Drop-off: 62%" in metrics and "CTR: 1.1%" in metrics
    evidence = lane(box, "Evidence")[0]
    assert evidence.find("a", href="https://analytics.example/report/7") is not None


def test_step_and_stage_headers_link_to_the_stage_pages(site: Path) -> None:
    box = canvas(site, "journeys/sofa-purchase-today")
    first_stage = box.select_one("th[scope=colgroup] a")
    assert first_stage is not None and first_stage["href"] == "awareness/"
    steps = [str(a["href"]) for a in box.select("th[scope=col] a")]
    # Steps link by their id (#16), as the stage pages anchor them.
    assert steps[:3] == [
        "awareness/#instagram-reel",
        "awareness/#google-search",
        "consideration/#filters-sofas",
    ]
    stage_page = canvas(site, "journeys/sofa-purchase-today/purchase")
    stage = stage_page.select_one("th[scope=colgroup] a")
    assert stage is not None and stage["href"] == "../../../stages/purchase/"
    assert [str(a["href"]) for a in stage_page.select("th[scope=col] a")] == [
        "#adds-to-basket",
        "#delivery-price",
        "#pays",
    ]


def test_blueprint_lanes_only_when_a_step_has_them(site: Path, handbook: Handbook) -> None:
    with_lanes = [
        j.id for j in handbook.journeys.values() if has_blueprint_lanes(list(enumerate(j.stages)))
    ]
    assert with_lanes == ["damaged-delivery-blueprint"]
    for journey in handbook.journeys.values():
        box = canvas(site, f"journeys/{journey.id}")
        assert bool(box.select(".cjm-canvas__blueprint")) == (journey.id in with_lanes)
    backstage = lane(canvas(site, "journeys/damaged-delivery-blueprint"), "Backstage")
    first = handbook.journeys["damaged-delivery-blueprint"].stages[0].steps[0]
    assert backstage[0].get_text(strip=True) == first.backstage


def test_links_are_the_urls_mkdocs_gives_pages() -> None:
    assert page_url("journeys/a/index.md", True) == "journeys/a/"
    assert page_url("journeys/a/b.md", True) == "journeys/a/b/"
    assert page_url("journeys/a/b.md", False) == "journeys/a/b.html"
    here = "journeys/a/b.md"
    assert href("touchpoints/web.md", here) == "../../../touchpoints/web/"
    assert href("touchpoints/web.md", here, directory_urls=False) == "../../touchpoints/web.html"
    assert href("journeys/a/c.md", here, "step-2") == "../c/#step-2"
    assert href(here, here, "step-2") == "#step-2"
    assert href("journeys/a/index.md", "journeys/a/index.md") == "./"
    assert href("journeys/a/b.md", "journeys/a/index.md") == "b/"


def test_canvas_and_table_links_work_without_directory_urls(tmp_path: Path) -> None:
    # Links in plugin-made HTML (the canvas, tables, lists: #14) are not rewritten by MkDocs.
    config = write_project(
        tmp_path,
        REPO / "maps",
        "site_name: x\nuse_directory_urls: false\nplugins:\n  - cjm\n",
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for page in (site / "journeys").rglob("*.html"):
        if page.name == "index.html" and page.parent == site / "journeys":
            continue
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for a in soup.select("article a[href]"):
            target = str(a["href"])
            if target.startswith(("http", "#")):
                continue
            file, _, anchor = target.partition("#")
            path = (page.parent / file).resolve()
            assert path.is_file(), f"{page.relative_to(site)}: {target}"
            if anchor:
                linked = BeautifulSoup(path.read_text("utf-8"), "html.parser")
                assert linked.find(id=anchor), f"{page.relative_to(site)}: {target}"


def test_only_the_builds_own_markers_let_html_through() -> None:
    marker = "cjm-body-0123456789abcdef"
    canvas_html = '<div class="cjm-canvas"><table><tr><td>ok</td></tr></table></div>'
    forged = trusted_html("<div><script>window.__xss=1</script></div>", "cjm-body-guess")
    page = "\n\n".join(
        ["# Page", trusted_html(canvas_html, marker), "<script>window.__xss=1</script>", forged]
    )
    extension = GeneratedPageExtension(lambda: True, marker)
    rendered = markdown.Markdown(extensions=[extension]).convert(page)
    assert canvas_html in rendered
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert marker not in rendered
    # Without the plugin's rules (mkdocs-cjm generate) the block is the HTML itself.
    assert trusted_html(canvas_html, "") == canvas_html


def test_labels_are_translated(tmp_path: Path, handbook: Handbook) -> None:
    pages = render_pages(handbook, NO_HISTORY, "da", handbook.settings.today)
    [journey] = [p for p in pages if p.src_uri == "journeys/sofa-purchase-today/index.md"]
    box = BeautifulSoup(journey.markdown, "html.parser").select_one("div.cjm-canvas")
    assert box is not None
    lanes = [lane_name(th) for th in box.select("th[scope=row]")]
    assert lanes[:6] == ["Fase", "Trin", "Gør", "Tænker", "Føler", "Følelse"]
    assert "Kunderejsekort" in box.select_one("caption").get_text()
    assert "Digital" in box.get_text() and "Frafald: 62 %" in box.get_text().replace("\u00a0", " ")
