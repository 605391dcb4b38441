"""The views beyond the map, as a reader sees them in a real browser, offline.

* Journey pages: the emotion curve (an ``xychart-beta``: one point per step,
  in journey order, at the step's emotion; the stages named on the axis),
  the three biggest drop-offs, the funnel of remaining customers.
* The service blueprint of a journey: lanes by stages, with the lines of
  interaction, visibility and internal interaction.
* A journey that ``compares`` another: average emotion per shared stage,
  before (bars) and after (line), and what changed.
* ``opportunities/``: the impact/effort ``quadrantChart`` with one point per
  opportunity, each in the cell of its scores, and the filters by journey,
  stage and owner (a script of the plugin, no server), also after Material's
  instant navigation.

The example handbook is built with the real ``mkdocs build --strict`` under
both Mermaid setups of NOTES.md.  Expected numbers are computed here from
the model (``build_handbook``), independently of ``insights.py``.  A second
handbook, generated from the hostile labels of ``test_mermaid_labels.py``
(stage titles, step titles, owners, ...), proves that no chart fails to
render and every writer's label on a chart shows exactly as written; and
every hostile label is also put through each chart grammar directly.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    MERMAID_SETUPS,
    REPO_ROOT,
    OfflineContext,
    absolute_paths,
    build_handbook_site,
    build_with_mermaid,
    load_mkdocs_yml,
    mermaid_js_path,
    mkdocs_build_strict,
)
from test_mermaid_labels import HOSTILE_LABELS, displayed

from mkdocs_cjm.handbook import Handbook, build_handbook
from mkdocs_cjm.mermaid import quadrant_chart, xy_chart
from mkdocs_cjm.model import Journey

EXAMPLE = build_handbook(REPO_ROOT / "maps", REPO_ROOT)
ROLES = {"journey", "xychart", "quadrantChart"}

# What Mermaid drew in each block.  xychart: axis labels and titles, the y
# position of each tick label, the points of each line and the bars;
# quadrantChart: the quadrant names and rectangles, the axis texts and every
# point with its label.  Positions are in SVG units of the chart.
COLLECT_CHARTS_JS = """
() => Array.from(document.querySelectorAll('.mermaid'), (block) => {
  const root = block.shadowRoot || block;
  const svg = root.querySelector('svg');
  const all = (el, sel) => el ? Array.from(el.querySelectorAll(sel)) : [];
  const texts = (sel) => all(svg, sel).map((e) => e.textContent);
  const translate = (e) => {
    const m = /translate\\(([-\\d.e]+),\\s*([-\\d.e]+)\\)/.exec(e.getAttribute('transform') || '');
    return m ? [parseFloat(m[1]), parseFloat(m[2])] : [0, 0];
  };
  const result = {
    role: svg ? svg.getAttribute('aria-roledescription') : null,
    text: root.textContent,
    errorIcon: root.querySelectorAll('.error-icon, [aria-roledescription="error"]').length,
  };
  if (result.role === 'xychart') {
    result.xLabels = all(svg, 'g.bottom-axis > g.label > text').map(
      (e) => [e.textContent, translate(e)[0]]);
    result.xTitle = texts('g.bottom-axis > g.title > text');
    result.yTitle = texts('g.left-axis > g.title > text');
    result.yTicks = all(svg, 'g.left-axis > g.label > text').map(
      (e) => [e.textContent, translate(e)[1]]);
    result.lines = all(svg, 'g[class^="line-plot"] > path').map((p) =>
      Array.from(p.getAttribute('d').matchAll(/[ML]\\s*([-\\d.e]+)[ ,]([-\\d.e]+)/g),
                 (m) => [parseFloat(m[1]), parseFloat(m[2])]));
    result.bars = all(svg, 'g[class^="bar-plot"]').map((g) => all(g, 'rect').map((r) =>
      [parseFloat(r.getAttribute('x')) + parseFloat(r.getAttribute('width')) / 2,
       parseFloat(r.getAttribute('y'))]));
  }
  if (result.role === 'quadrantChart') {
    result.quadrants = all(svg, 'g.quadrant').map((g) => {
      const r = g.querySelector('rect');
      return [g.querySelector('text').textContent,
              ['x', 'y', 'width', 'height'].map((a) => parseFloat(r.getAttribute(a)))];
    });
    result.points = all(svg, 'g.data-point').map((g) => {
      const c = g.querySelector('circle');
      return [g.querySelector('text').textContent,
              parseFloat(c.getAttribute('cx')), parseFloat(c.getAttribute('cy'))];
    });
    result.labels = texts('g.labels text, g.label text');
  }
  return result;
})
"""

# The first table after the heading whose text is `heading` (h2 or h3), as
# rows of cell texts, with whether each row is shown; and its header.
TABLE_AFTER_JS = """
(heading) => {
  const hs = Array.from(document.querySelectorAll('article h2, article h3'));
  const h = hs.find((e) => e.textContent.replace('¶', '').trim() === heading);
  if (!h) return null;
  let el = h.nextElementSibling;
  while (el && !/^H[23]$/.test(el.tagName)) {
    const table = el.matches('table') ? el : el.querySelector('table');
    if (table) {
      const cells = (row) => Array.from(row.cells, (c) => c.innerText.trim());
      return {
        header: cells(table.tHead.rows[0]),
        rows: Array.from(table.tBodies[0].rows,
                         (r) => ({cells: cells(r), shown: r.offsetParent !== null})),
      };
    }
    el = el.nextElementSibling;
  }
  return null;
}
"""

LIST_AFTER_JS = """
(label) => {
  const p = Array.from(document.querySelectorAll('article p')).find(
    (e) => e.textContent.trim() === label + ':');
  const list = p && p.nextElementSibling;
  return list && list.matches('ol') ? Array.from(list.children, (li) => li.innerText.trim()) : null;
}
"""


def percent(fraction: float) -> str:
    """How the English pages write a share: at most one decimal, no trailing zero."""
    text = f"{fraction * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text} %"


def number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def steps_of(journey: Journey) -> list[tuple[str, str, Any]]:
    """(key, stage id, step) of every step, keys numbered stage.step as the pages do."""
    return [
        (f"{s + 1}.{i + 1}", js.stage, step)
        for s, js in enumerate(journey.stages)
        for i, step in enumerate(js.steps)
    ]


# --- sites ----------------------------------------------------------------------


def build_example(setup: str, workdir: Path) -> Path:
    """The example handbook: its own mkdocs.yml for mermaid2; for Material's native
    Mermaid the same site with `navigation.instant`, to test the filters after an
    instant page change."""
    site = workdir / "site"
    mermaid_js_path()
    if setup == "mermaid2":
        mkdocs_build_strict(REPO_ROOT / "mkdocs.yml", site)
        return site
    config = absolute_paths(load_mkdocs_yml(REPO_ROOT / "mkdocs.yml"), REPO_ROOT)
    config["theme"]["features"] = [*config["theme"].get("features", []), "navigation.instant"]
    return build_with_mermaid(config, setup, workdir)


# Hostile labels that can be a title (a blank one cannot); every one of them is
# a stage title, a step title, an owner, an opportunity and a pain point.
LABELS = [label for _, label in HOSTILE_LABELS if displayed(label)]


def write_hostile_maps(root: Path) -> Path:
    """A handbook whose every writer's text is a hostile label; returns the maps dir."""
    maps = root / "maps"

    def write(kind: str, name: str, front_matter: dict[str, Any]) -> None:
        path = maps / kind / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False)
        path.write_text(f"---\n{text}---\n", encoding="utf-8")

    for index, label in enumerate(LABELS):
        write("stages", f"s{index:02d}", {"title": label, "order": index})
    write("personas", "p", {"title": LABELS[0]})
    write("touchpoints", "t", {"title": LABELS[1]})

    def stages(shift: int) -> list[dict[str, Any]]:
        return [
            {
                "stage": f"s{index:02d}",
                "steps": [
                    {
                        "title": label,
                        "emotion": 1 + (index + shift) % 5,
                        "touchpoints": ["t"],
                        "doing": label,
                        "frontstage": label,
                        "backstage": label,
                        "support": label,
                        "pain_points": [{"text": label, "severity": 1 + index % 5}],
                        "opportunities": [
                            {
                                "text": label,
                                "owner": label,
                                "impact": 1 + index % 5,
                                "effort": 1 + (index // 5) % 5,
                            }
                        ],
                        "metrics": {"drop_off": round(0.01 * (index % 7 + 1), 2)},
                    }
                ],
            }
            for index, label in enumerate(LABELS)
            if index % 9 != shift  # each journey leaves out a few stages
        ]

    common = {"personas": ["p"], "owner": LABELS[2], "kind": "service-blueprint"}
    write("journeys", "before", {"title": LABELS[3], **common, "stages": stages(1)})
    write(
        "journeys",
        "after",
        {"title": LABELS[4], **common, "compares": "before", "stages": stages(2)},
    )
    return maps


def build_hostile(setup: str, workdir: Path) -> Path:
    maps = write_hostile_maps(workdir)
    handbook = build_handbook(maps, workdir)
    errors = [str(d) for d in handbook.diagnostics if d.severity.name == "ERROR"]
    assert errors == []
    docs = workdir / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Hostile\n", encoding="utf-8")
    return build_handbook_site(
        workdir, setup, site_name="cjm hostile charts", docs=docs, maps=maps, cjm={"stale": "info"}
    )


@pytest.fixture(scope="module")
def site_url(
    serve_dir: Callable[[Path], str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str, str], str]]:
    """Factory: the base URL of the "example" or "hostile" site under a setup (built once)."""
    urls: dict[tuple[str, str], str] = {}

    def get(site: str, setup: str) -> str:
        if (site, setup) not in urls:
            workdir = tmp_path_factory.mktemp(f"{site}-{setup}")
            build = build_example if site == "example" else build_hostile
            urls[site, setup] = serve_dir(build(setup, workdir))
        return urls[site, setup]

    yield get


def open_page(context: OfflineContext, url: str) -> list[dict[str, Any]]:
    """Open `url`, wait for its charts, check none failed; return what each drew."""
    context.reset()
    page = context.page
    page.goto(url)
    assert context.wait_for_diagrams(30), f"{url}: {context.mermaid_errors()}"
    charts: list[dict[str, Any]] = page.evaluate(COLLECT_CHARTS_JS)
    for chart in charts:
        assert chart["role"] in ROLES, f"{url}: {chart['text'][:300]!r}"
        assert chart["errorIcon"] == 0, f"{url}: Mermaid error {chart['text'][:300]!r}"
        assert "Syntax error" not in chart["text"]
    assert context.mermaid_errors() == []
    # The theme's own noise (e.g. mike's versions.json, absent from a plain
    # build) is not ours; anything from the plugin's script is.
    ours = [e for e in context.page_errors + context.console_errors if "cjm" in e]
    assert ours == [], f"{url}: {ours}"
    assert context.dialogs == []
    return charts


def values(chart: dict[str, Any], ys: list[float]) -> list[float]:
    """Chart y positions as values of the y axis, read from its tick labels."""
    ticks = [(float(text), y) for text, y in chart["yTicks"]]
    (v0, y0), (v1, y1) = min(ticks), max(ticks)
    return [round(v0 + (y - y0) * (v1 - v0) / (y1 - y0), 2) for y in ys]


def table(context: OfflineContext, heading: str) -> dict[str, Any]:
    found = context.page.evaluate(TABLE_AFTER_JS, heading)
    assert found is not None, f"no table after heading {heading!r}"
    return found  # type: ignore[no-any-return]


# --- journey pages: emotion curve, drop-off, funnel ------------------------------------

JOURNEY_PARAMS = [
    pytest.param(setup, journey_id, id=f"{setup}-{journey_id}")
    for setup in MERMAID_SETUPS
    for journey_id in EXAMPLE.journeys
]


def stage_title(handbook: Handbook, stage_id: str) -> str:
    return handbook.stages[stage_id].title


@pytest.mark.parametrize(("setup", "journey_id"), JOURNEY_PARAMS)
def test_emotion_curve_shows_every_step_in_order_at_its_emotion(
    setup: str,
    journey_id: str,
    site_url: Callable[[str, str], str],
    offline_context: OfflineContext,
) -> None:
    journey = EXAMPLE.journeys[journey_id]
    charts = open_page(offline_context, site_url("example", setup) + f"journeys/{journey_id}/")
    roles = [c["role"] for c in charts]
    # One journey diagram per stage, then the curve.
    count = len(journey.stages)
    assert roles[: count + 1] == ["journey"] * count + ["xychart"]
    curve = charts[count]
    steps = steps_of(journey)
    # Left to right: one label per step, stage.step, in journey order.
    labels = sorted(curve["xLabels"], key=lambda label: label[1])
    assert [text for text, _ in labels] == [key for key, _, _ in steps]
    stages = [stage_title(EXAMPLE, s.stage) for s in journey.stages]
    assert curve["xTitle"] == [" · ".join(f"{n} {t}" for n, t in enumerate(stages, start=1))]
    assert curve["yTitle"] == ["Emotion"]
    [line] = curve["lines"]
    assert [x for x, _ in line] == pytest.approx([x for _, x in labels], abs=1)
    assert values(curve, [y for _, y in line]) == [step.emotion for _, _, step in steps]

    # The table under the chart says which step each number is.
    rows = table(offline_context, "Emotion curve")["rows"]
    assert [r["cells"][:3] for r in rows] == [
        [key, stage_title(EXAMPLE, stage), step.title] for key, stage, step in steps
    ]


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_the_three_biggest_drop_offs_and_the_funnel(
    setup: str, site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    journey = EXAMPLE.journeys["sofa-purchase-today"]
    open_page(offline_context, site_url("example", setup) + "journeys/sofa-purchase-today/")
    measured = [
        (key, stage, step, step.metrics.drop_off)
        for key, stage, step in steps_of(journey)
        if step.metrics.drop_off is not None
    ]
    assert len(measured) > 3
    worst = sorted(measured, key=lambda m: -m[3])[:3]
    shown = offline_context.page.evaluate(LIST_AFTER_JS, "Biggest drop-offs")
    assert shown == [
        f"{percent(d)} · {key} {step.title} ({stage_title(EXAMPLE, stage)})"
        for key, stage, step, d in worst
    ]
    assert shown[0].startswith("62 % · 1.1 ")  # the map: 62 % leave after the Instagram reel
    # The same three are marked in the table of the curve, and only they.
    rows = table(offline_context, "Emotion curve")["rows"]
    marked = [r["cells"][0] for r in rows if "⚠️" in r["cells"][4]]
    assert sorted(marked) == sorted(key for key, _, _, _ in worst)

    # The funnel: 100 % start; each measured step keeps 1 - drop-off of those left.
    funnel = table(offline_context, "Customers remaining")
    assert funnel["header"][:4] == ["#", "Step", "Drop-off", "Remaining"]
    expected = [["", "Start of the journey", "", "100 %"]]
    remaining = 1.0
    for key, _, step, drop_off in measured:
        remaining *= 1 - drop_off
        expected.append([key, step.title, percent(drop_off), percent(remaining)])
    assert [r["cells"][:4] for r in funnel["rows"]] == expected
    assert expected[-1][3] == "7.2 %"  # 38 % of 59 % of 45 % of 71 %
    # The bars shrink with the customers left.
    bars = [len(r["cells"][4]) for r in funnel["rows"]]
    assert bars == sorted(bars, reverse=True) and bars[0] == 20


# --- service blueprint ------------------------------------------------------------


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_service_blueprint_grid(
    setup: str, site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    journey = EXAMPLE.journeys["damaged-delivery-blueprint"]
    open_page(offline_context, site_url("example", setup) + "journeys/damaged-delivery-blueprint/")
    grid = table(offline_context, "Service blueprint")
    assert grid["header"] == ["Lane"] + [
        f"{n}. {stage_title(EXAMPLE, s.stage)}" for n, s in enumerate(journey.stages, start=1)
    ]
    lanes = [r["cells"][0] for r in grid["rows"] if r["cells"][0]]
    assert lanes == [
        "Physical evidence",
        "Customer actions",
        "Line of interaction",
        "Frontstage",
        "Line of visibility",
        "Backstage",
        "Line of internal interaction",
        "Support processes",
    ]
    # Every cell of a lane, by stage column: "key text" of each step of that stage.
    by_lane: dict[str, list[list[str]]] = {}
    lane = ""
    for row in grid["rows"]:
        lane = row["cells"][0] or lane
        by_lane.setdefault(lane, []).append(row["cells"][1:])

    def column(lane: str, index: int) -> list[str]:
        return [cells[index] for cells in by_lane[lane] if cells[index]]

    for index, js in enumerate(journey.stages):
        keys = [f"{index + 1}.{i + 1}" for i in range(len(js.steps))]
        expected = {
            "Customer actions": [s.doing or s.title for s in js.steps],
            "Frontstage": [s.frontstage for s in js.steps],
            "Backstage": [s.backstage for s in js.steps],
            "Support processes": [s.support for s in js.steps],
            "Physical evidence": [
                ", ".join(EXAMPLE.touchpoints[t].title for t in s.touchpoints) for s in js.steps
            ],
        }
        for lane_name, texts in expected.items():
            assert column(lane_name, index) == [
                f"{key} {text}" for key, text in zip(keys, texts, strict=True) if text
            ], (lane_name, js.stage)
    for line in ("Line of interaction", "Line of visibility", "Line of internal interaction"):
        assert len(by_lane[line]) == 1


def test_only_blueprint_journeys_have_a_grid(
    site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    base = site_url("example", "mermaid2")
    for journey_id, journey in EXAMPLE.journeys.items():
        open_page(offline_context, base + f"journeys/{journey_id}/")
        headings = offline_context.page.locator("article h2").all_inner_texts()
        has_lanes = any(
            s.frontstage or s.backstage or s.support for js in journey.stages for s in js.steps
        )
        blueprint = journey.kind == "service-blueprint" or has_lanes
        assert any("Service blueprint" in h for h in headings) == blueprint, journey_id


# --- comparison ------------------------------------------------------------------


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_comparison_shows_both_curves_per_stage_and_what_changed(
    setup: str, site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    after = EXAMPLE.journeys["sofa-purchase-2027"]
    before = EXAMPLE.journeys[after.compares or ""]
    charts = open_page(offline_context, site_url("example", setup) + "journeys/sofa-purchase-2027/")
    assert [c["role"] for c in charts] == ["journey"] * len(after.stages) + ["xychart", "xychart"]
    chart = charts[-1]

    def averages(journey: Journey) -> dict[str, float]:
        return {
            s.stage: round(sum(step.emotion for step in s.steps) / len(s.steps), 2)
            for s in journey.stages
        }

    old, new = averages(before), averages(after)
    shared = [s.stage for s in after.stages if s.stage in old]
    labels = sorted(chart["xLabels"], key=lambda label: label[1])
    assert [text for text, _ in labels] == [stage_title(EXAMPLE, s) for s in shared]
    [bars] = chart["bars"]
    [line] = chart["lines"]
    assert values(chart, [y for _, y in bars]) == pytest.approx([old[s] for s in shared], abs=0.02)
    assert values(chart, [y for _, y in line]) == pytest.approx([new[s] for s in shared], abs=0.02)
    assert [x for x, _ in line] == pytest.approx([x for _, x in labels], abs=1)

    rows = {r["cells"][0]: r["cells"] for r in table(offline_context, "Comparison")["rows"]}
    awareness = rows["Awareness"]
    assert awareness[1:6] == [
        ", ".join(str(s.emotion) for s in before.stages[0].steps),
        ", ".join(str(s.emotion) for s in after.stages[0].steps),
        f"{number(old['awareness'])} → {number(new['awareness'])}",
        f"{min(s.emotion for s in before.stages[0].steps)} → "
        f"{min(s.emotion for s in after.stages[0].steps)}",
        f"{len(before.stages[0].steps)} → {len(after.stages[0].steps)}",
    ]
    assert rows["Support"][2] == "not in this journey"  # today only
    assert rows["Advocacy"][1] == "not in this journey"  # 2027 only
    steps_before = sum(len(s.steps) for s in before.stages)
    steps_after = sum(len(s.steps) for s in after.stages)
    assert rows["Whole journey"][5] == f"{steps_before} → {steps_after}"

    changed = {
        r["cells"][0]: r["cells"][1:] for r in table(offline_context, "What changed")["rows"]
    }
    assert changed["Advocacy (New stage)"][0] == " · ".join(s.title for s in after.stages[-1].steps)
    support = next(s for s in before.stages if s.stage == "support")
    assert changed["Support (Stage removed)"][1] == " · ".join(s.title for s in support.steps)


def test_the_compared_journey_links_back(
    site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    open_page(offline_context, site_url("example", "mermaid2") + "journeys/sofa-purchase-today/")
    text = offline_context.page.inner_text("article")
    assert "Compared in: Buying a sofa online (target 2027)" in text


# --- opportunities: matrix and filters ----------------------------------------------


def ranked_rows(context: OfflineContext) -> list[dict[str, Any]]:
    found = table(context, "Opportunities")
    header = found["header"]
    return [
        dict(zip(header, r["cells"], strict=True)) | {"shown": r["shown"]} for r in found["rows"]
    ]


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_matrix_has_one_point_per_opportunity_in_the_cell_of_its_scores(
    setup: str, site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    charts = open_page(offline_context, site_url("example", setup) + "opportunities/")
    [matrix] = charts
    assert matrix["role"] == "quadrantChart"
    total = sum(
        len(step.opportunities)
        for j in EXAMPLE.journeys.values()
        for s in j.stages
        for step in s.steps
    )
    rows = ranked_rows(offline_context)
    assert len(rows) == total and len(matrix["points"]) == total
    assert [r["#"] for r in rows] == [f"O{n}" for n in range(1, total + 1)]
    names = {name: (x, y) for name, x, y in matrix["points"]}
    assert set(names) == {r["#"] for r in rows}
    quadrants = {name: box for name, box in matrix["quadrants"]}
    assert set(quadrants) == {"Quick wins", "Major projects", "Fill-ins", "Thankless tasks"}
    # The plot spans the four quadrants; effort grows to the right, impact upwards.
    left = min(b[0] for b in quadrants.values())
    top = min(b[1] for b in quadrants.values())
    right = max(b[0] + b[2] for b in quadrants.values())
    bottom = max(b[1] + b[3] for b in quadrants.values())
    for row in rows:
        x, y = names[row["#"]]
        effort_cell = int((x - left) / (right - left) * 5) + 1
        impact_cell = int((bottom - y) / (bottom - top) * 5) + 1
        assert (effort_cell, impact_cell) == (int(row["Effort"]), int(row["Impact"])), row["#"]
    # Quick wins (high impact, low effort) are top left.
    qx, qy, _, _ = quadrants["Quick wins"]
    assert qx == left and qy == top
    # The ranking: impact per effort, best first.
    ratios = [int(r["Impact"]) / int(r["Effort"]) for r in rows]
    assert ratios == sorted(ratios, reverse=True)


def select(context: OfflineContext, column: str, value: str) -> None:
    context.page.locator(f'#cjm-filters select[data-column="{column}"]').select_option(value)


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_filters_by_journey_stage_and_owner_hide_rows(
    setup: str, site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    open_page(offline_context, site_url("example", setup) + "opportunities/")
    page = offline_context.page
    labels = page.locator("#cjm-filters label").all_inner_texts()
    assert [label.split()[0] for label in labels] == ["Journey", "Stage", "Owner"]
    rows = ranked_rows(offline_context)
    assert all(r["shown"] for r in rows)
    journeys = page.locator('#cjm-filters select[data-column="Journey"] option').all_inner_texts()
    assert journeys[0] == "All"
    assert sorted(journeys[1:]) == sorted(j.title for j in EXAMPLE.journeys.values())

    def pain_rows() -> list[dict[str, Any]]:
        found = table(offline_context, "Pain points")
        return [
            dict(zip(found["header"], r["cells"], strict=True)) | {"shown": r["shown"]}
            for r in found["rows"]
        ]

    journey = EXAMPLE.journeys["sofa-purchase-today"]
    select(offline_context, "Journey", journey.title)
    shown = [r for r in ranked_rows(offline_context) if r["shown"]]
    expected = sum(len(step.opportunities) for s in journey.stages for step in s.steps)
    assert len(shown) == expected and {r["Journey"] for r in shown} == {journey.title}
    pains = [r for r in pain_rows() if r["shown"]]
    expected = sum(len(step.pain_points) for s in journey.stages for step in s.steps)
    assert len(pains) == expected and {r["Journey"] for r in pains} == {journey.title}

    # Journey and stage together.
    select(offline_context, "Stage", "Delivery")
    shown = [r for r in ranked_rows(offline_context) if r["shown"]]
    delivery = next(s for s in journey.stages if s.stage == "delivery")
    assert len(shown) == sum(len(step.opportunities) for step in delivery.steps) > 0
    assert {(r["Journey"], r["Stage"]) for r in shown} == {(journey.title, "Delivery")}

    # Owner alone: pain points have no owner, so their list stays as the other filters say.
    select(offline_context, "Journey", "\u0000all")
    select(offline_context, "Stage", "\u0000all")
    select(offline_context, "Owner", "Logistics")
    shown = [r for r in ranked_rows(offline_context) if r["shown"]]
    owned = [
        o
        for j in EXAMPLE.journeys.values()
        for s in j.stages
        for step in s.steps
        for o in step.opportunities
        if o.owner == "Logistics"
    ]
    assert len(shown) == len(owned) > 0 and {r["Owner"] for r in shown} == {"Logistics"}
    assert all(r["shown"] for r in pain_rows())
    select(offline_context, "Owner", "\u0000all")
    assert all(r["shown"] for r in ranked_rows(offline_context))


def test_filters_appear_after_instant_navigation(
    site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    # The "material" build has Material's navigation.instant: pages are swapped
    # in without a reload, and the script must still set up the filters.  Material
    # intercepts link clicks only for URLs of the sitemap, which name site_url's
    # host, never the test server's; a history navigation (as the Back button
    # does) goes through the same fetch-and-swap, so that is what the test does.
    base = site_url("example", "material")
    page = offline_context.page
    offline_context.reset()
    page.goto(base + "journeys/")
    page.wait_for_function("() => typeof location$ !== 'undefined'")
    page.evaluate("() => { window.cjmSamePage = true; }")
    page.evaluate(
        """(url) => {
          history.pushState(null, '', url);
          window.dispatchEvent(new PopStateEvent('popstate'));
        }""",
        base + "opportunities/",
    )
    page.wait_for_function("() => document.querySelectorAll('#cjm-filters select').length === 3")
    assert page.evaluate("() => window.cjmSamePage") is True  # no reload happened
    assert page.locator("article h1").inner_text().startswith("Opportunities")
    select(offline_context, "Owner", "Logistics")
    assert {r["Owner"] for r in ranked_rows(offline_context) if r["shown"]} == {"Logistics"}
    assert [e for e in offline_context.page_errors if "cjm" in e] == []


# --- hostile labels ---------------------------------------------------------------


def as_text(label: str) -> str:
    """A label as page text shows it: every run of white space one space."""
    return re.sub(r"\s+", " ", displayed(label)).strip()


# Labels with control characters cannot show in page text (the browser drops
# or replaces them); charts drop them on purpose (see escape_label).
TEXT_LABELS = [label for label in LABELS if not re.search(r"[\x00-\x08\x0e-\x1f\x7f]", label)]


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_hostile_labels_never_break_a_chart_and_show_as_written(
    setup: str,
    site_url: Callable[[str, str], str],
    offline_context: OfflineContext,
    tmp_path: Path,
) -> None:
    base = site_url("hostile", setup)
    handbook = build_handbook(write_hostile_maps(tmp_path), tmp_path)
    for journey_id, journey in handbook.journeys.items():
        charts = open_page(offline_context, base + f"journeys/{journey_id}/")
        curves = [c for c in charts if c["role"] == "xychart"]
        # The stages, named on the axis of the curve exactly as written.
        titles = [displayed(handbook.stages[s.stage].title) for s in journey.stages]
        assert curves[0]["xTitle"] == [" · ".join(f"{n} {t}" for n, t in enumerate(titles, 1))]
        labels = sorted(curves[0]["xLabels"], key=lambda label: label[1])
        assert [t for t, _ in labels] == [key for key, _, _ in steps_of(journey)]
        if journey.compares:
            other = {s.stage for s in handbook.journeys[journey.compares].stages}
            shared = [
                displayed(handbook.stages[s.stage].title)
                for s in journey.stages
                if s.stage in other
            ]
            labels = sorted(curves[1]["xLabels"], key=lambda label: label[1])
            assert [t for t, _ in labels] == shared
        # Every lane of the blueprint shows every text as written.
        grid = table(offline_context, "Service blueprint")
        cells = {re.sub(r"\s+", " ", c) for r in grid["rows"] for c in r["cells"]}
        for js in journey.stages:
            for step in js.steps:
                if step.title in TEXT_LABELS:
                    for text in (step.frontstage, step.backstage, step.support, step.doing):
                        assert text is not None
                        assert any(c.endswith(" " + as_text(text)) for c in cells), text
    charts = open_page(offline_context, base + "opportunities/")
    [matrix] = charts
    total = sum(len(s.steps) for j in handbook.journeys.values() for s in j.stages)
    assert len(matrix["points"]) == total
    owners = offline_context.page.locator(
        '#cjm-filters select[data-column="Owner"] option'
    ).all_inner_texts()
    assert {as_text(label) for label in TEXT_LABELS} <= {re.sub(r"\s+", " ", o) for o in owners}
    # Filtering by a hostile owner shows exactly that owner's opportunities.
    owner = as_text('Say "hello"')
    select(offline_context, "Owner", owner)
    shown = [r for r in ranked_rows(offline_context) if r["shown"]]
    assert shown and {r["Owner"] for r in shown} == {owner}


# --- every hostile label through each chart grammar -------------------------------------

CHART_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chart labels</title></head>
<body>
{charts}
<script src="mermaid.min.js"></script>
<script>
  mermaid.initialize({{startOnLoad: false}});
  mermaid.run({{querySelector: 'pre.mermaid'}}).then(
    () => {{ window.cjmDone = 'ok'; }},
    (e) => {{ window.cjmDone = 'error: ' + ((e && e.message) || e); }});
</script>
</body></html>
"""


def test_every_hostile_label_shows_exactly_on_every_chart_text(
    offline_context: OfflineContext,
    serve_dir: Callable[[Path], str],
    tmp_path: Path,
) -> None:
    labels = [label for _, label in HOSTILE_LABELS if displayed(label)]
    sources = []
    for label in labels:
        sources.append(
            xy_chart(
                categories=[label, "b"],
                x_title=label,
                y_title=label,
                y_range=(1, 5),
                bars=[[2, 3]],
                lines=[[1, 2]],
                title=label,
            )
        )
        sources.append(
            quadrant_chart(
                x_axis=(label, label),
                y_axis=(label, label),
                quadrants=(label, label, label, label),
                points=[(label, 0.3, 0.6)],
                title=label,
            )
        )
    shutil.copy(mermaid_js_path(), tmp_path / "mermaid.min.js")
    charts = "\n".join(f'<pre class="mermaid">{html.escape(s)}</pre>' for s in sources)
    (tmp_path / "index.html").write_text(CHART_PAGE.format(charts=charts), encoding="utf-8")
    context = offline_context
    context.reset()
    context.page.goto(serve_dir(tmp_path) + "index.html")
    context.page.wait_for_function("() => window.cjmDone !== undefined", timeout=60_000)
    assert context.page.evaluate("() => window.cjmDone") == "ok"
    drawn = context.page.evaluate(
        """() => Array.from(document.querySelectorAll('pre.mermaid'), (b) => {
          const svg = b.querySelector('svg');
          return {role: svg && svg.getAttribute('aria-roledescription'),
                  error: b.querySelectorAll('.error-icon').length,
                  texts: svg ? Array.from(svg.querySelectorAll('text'), (t) => t.textContent) : []};
        })"""
    )
    assert context.page_errors == [] and context.dialogs == []
    assert context.page.evaluate("() => document.querySelectorAll('script').length") == 2
    for index, label in enumerate(labels):
        want = displayed(label)
        xy, quadrant = drawn[2 * index], drawn[2 * index + 1]
        assert (xy["role"], xy["error"]) == ("xychart", 0), label
        assert (quadrant["role"], quadrant["error"]) == ("quadrantChart", 0), label
        ticks = {"b", "1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5"}
        # Title, category, x-axis title, y-axis title: each exactly the label.
        assert [t for t in xy["texts"] if t not in ticks] == [want] * 4, label
        # Title, four quadrants, four axis ends, the point: each exactly the label.
        assert quadrant["texts"] == [want] * 10, label
