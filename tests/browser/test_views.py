"""The views beyond the map, as a reader sees them in a real browser, offline.

* Journey pages: the table of the emotion curve (one row per step, in
  journey order), the three biggest drop-offs, the funnel of remaining
  customers.
* The service blueprint of a journey: lanes by stages, with the lines of
  interaction, visibility and internal interaction.
* A journey that ``compares`` another: the stage-by-stage table and what
  changed.
* ``opportunities/``: the ranked list, and the filters by journey, stage and
  owner (a script of the plugin, no server), also after Material's instant
  navigation.

The charts themselves (SVG and HTML of the plugin) are ``test_charts.py``'s.

The example handbook is built with the real ``mkdocs build --strict`` under
both Mermaid setups of NOTES.md.  Expected numbers are computed here from
the model (``build_handbook``), independently of ``views/insights.py``.  A second
handbook, generated from the hostile labels of ``test_mermaid_labels.py``
(stage titles, step titles, owners, ...), proves that no chart fails to
render and every writer's label shows exactly as written.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
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
)
from sitebuild import BuiltSite, build_example, example_handbook, mermaid_js_path
from test_mermaid_labels import HOSTILE_LABELS, displayed

from mkdocs_cjm.handbook.resolve import Handbook, build_handbook
from mkdocs_cjm.model import Journey, OpportunityRef
from mkdocs_cjm.read.source import invisible_character

EXAMPLE = example_handbook()
ROLES = {"journey"}

# What Mermaid drew in each block (the journey diagrams).
COLLECT_CHARTS_JS = """
() => Array.from(document.querySelectorAll('.mermaid'), (block) => {
  const root = block.shadowRoot || block;
  const svg = root.querySelector('svg');
  const all = (el, sel) => el ? Array.from(el.querySelectorAll(sel)) : [];
  const result = {
    role: svg ? svg.getAttribute('aria-roledescription') : null,
    text: root.textContent,
    errorIcon: root.querySelectorAll('.error-icon, [aria-roledescription="error"]').length,
  };
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
    return f"{text}%"


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


def build_example_with(setup: str, workdir: Path) -> Path:
    """The example handbook: its own mkdocs.yml for mermaid2; for Material's native
    Mermaid the same site with `navigation.instant`, to test the filters after an
    instant page change."""
    if setup == "mermaid2":
        return build_example(workdir)
    mermaid_js_path()
    config = absolute_paths(load_mkdocs_yml(REPO_ROOT / "mkdocs.yml"), REPO_ROOT)
    config["theme"]["features"] = [*config["theme"].get("features", []), "navigation.instant"]
    return build_with_mermaid(config, setup, workdir)


# Hostile labels that can be a title (a blank one cannot); every one of them is
# a stage title, a step title, an owner, an opportunity and a pain point.
# The labels a map can hold: control characters (typed or as YAML escapes), bidi
# controls and zero-width characters are refused at their line (#22.7).
LABELS = [
    label
    for _, label in HOSTILE_LABELS
    if displayed(label)
    and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]", label)
    and invisible_character(label) is None
]


def write_map(maps: Path, kind: str, name: str, front_matter: dict[str, Any]) -> None:
    """A map of `kind` (a folder of `maps`) that is its front matter alone."""
    path = maps / kind / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(front_matter, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{text}---\n", encoding="utf-8")


def write_hostile_maps(root: Path) -> Path:
    """A handbook whose every writer's text is a hostile label; returns the maps dir."""
    maps = root / "maps"
    write = functools.partial(write_map, maps)

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
                                # Each step's own: the same text twice is to be shared.
                                "text": f"{label} ({shift}.{index})",
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
def site_url(serve_dir: Callable[[Path], str], built_site: BuiltSite) -> Callable[[str, str], str]:
    """Factory: the base URL of the "example" or "hostile" site under a setup (built once a
    session; the example with mermaid2 is the one every module shares)."""

    def get(site: str, setup: str) -> str:
        shipped = (site, setup) == ("example", "mermaid2")
        name = "example" if shipped else f"views-{site}-{setup}"
        build = build_example_with if site == "example" else build_hostile
        return serve_dir(built_site(name, functools.partial(build, setup)))

    return get


def open_page(context: OfflineContext, url: str) -> list[dict[str, Any]]:
    """Open `url`, wait for its charts, check none failed; return what each drew."""
    context.reset()
    page = context.page
    page.goto(url)
    if page.locator(".mermaid").count():  # the opportunities page has none
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


OVERVIEW_STEPS_JS = """
() => Array.from(document.querySelectorAll('.cjm-overview [data-step]'), (step) => [
  step.dataset.step,
  step.closest('.cjm-overview__stage').querySelector('.cjm-overview__stage-name').textContent,
  step.querySelector('.cjm-overview__title').textContent,
])
"""


@pytest.mark.parametrize(("setup", "journey_id"), JOURNEY_PARAMS)
def test_the_overview_lists_every_step_in_order(
    setup: str,
    journey_id: str,
    site_url: Callable[[str, str], str],
    offline_context: OfflineContext,
) -> None:
    journey = EXAMPLE.journeys[journey_id]
    charts = open_page(offline_context, site_url("example", setup) + f"journeys/{journey_id}/")
    # The whole journey in one Mermaid diagram; the stage pages draw a stage each.
    assert [c["role"] for c in charts] == ["journey"]
    numbers = {s.stage: n for n, s in enumerate(journey.stages, start=1)}
    assert offline_context.page.evaluate(OVERVIEW_STEPS_JS) == [
        [key, f"{numbers[stage]}. {stage_title(EXAMPLE, stage)}", step.title]
        for key, stage, step in steps_of(journey)
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
    assert shown[0].startswith("62% · 1.1 ")  # the map: 62 % leave after the Instagram reel

    # The funnel: 100 % start; each measured step keeps 1 - drop-off of those left.
    funnel = table(offline_context, "Customers remaining")
    assert funnel["header"][:4] == ["#", "Step", "Drop-off", "Remaining"]
    expected = [["", "Start of the journey", "", "100%"]]
    remaining = 1.0
    for key, _, step, drop_off in measured:
        remaining *= 1 - drop_off
        expected.append([key, step.title, percent(drop_off), percent(remaining)])
    assert [r["cells"][:4] for r in funnel["rows"]] == expected
    assert expected[-1][3] == "7.2%"  # 38 % of 59 % of 45 % of 71 %


# --- service blueprint ------------------------------------------------------------

BLUEPRINT_LANES_JS = """
() => Object.fromEntries(['frontstage', 'backstage', 'support'].map((lane) => [lane,
  Array.from(document.querySelectorAll(`.cjm-canvas tr.cjm-canvas__lane--${lane} td`),
             (td) => td.innerText.trim())]))
"""


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_the_blueprint_is_the_canvas_lanes_alone(
    setup: str, site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    """One blueprint: the canvas's lanes below its lines, no separate transposed table."""
    journey = EXAMPLE.journeys["damaged-delivery-blueprint"]
    open_page(offline_context, site_url("example", setup) + "journeys/damaged-delivery-blueprint/")
    headings = offline_context.page.locator("article h2").all_inner_texts()
    assert not any("Service blueprint" in h for h in headings)
    steps = [step for _, _, step in steps_of(journey)]
    assert offline_context.page.evaluate(BLUEPRINT_LANES_JS) == {
        "frontstage": [s.frontstage or "" for s in steps],
        "backstage": [s.backstage or "" for s in steps],
        "support": [s.support or "" for s in steps],
    }
    lines = offline_context.page.locator(".cjm-canvas tr.cjm-canvas__line th").all_inner_texts()
    assert lines == ["Line of interaction", "Line of visibility", "Line of internal interaction"]


# --- comparison ------------------------------------------------------------------


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_comparison_table_and_what_changed(
    setup: str, site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    after = EXAMPLE.journeys["sofa-purchase-2027"]
    before = EXAMPLE.journeys[after.compares or ""]
    charts = open_page(offline_context, site_url("example", setup) + "journeys/sofa-purchase-2027/")
    assert [c["role"] for c in charts] == ["journey"]

    def averages(journey: Journey) -> dict[str, float]:
        return {
            s.stage: round(sum(step.emotion for step in s.steps) / len(s.steps), 2)
            for s in journey.stages
        }

    old, new = averages(before), averages(after)
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
def test_opportunities_are_ranked_by_impact_per_effort(
    setup: str, site_url: Callable[[str, str], str], offline_context: OfflineContext
) -> None:
    open_page(offline_context, site_url("example", setup) + "opportunities/")
    # A shared opportunity (`- ref:`) is one row, however many steps refer to it.
    total = len(EXAMPLE.opportunities) + sum(
        not isinstance(o, OpportunityRef)
        for j in EXAMPLE.journeys.values()
        for s in j.stages
        for step in s.steps
        for o in step.opportunities
    )
    rows = ranked_rows(offline_context)
    assert len(rows) == total
    assert [r["#"] for r in rows] == [f"O{n}" for n in range(1, total + 1)]
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
    # A shared opportunity's row names each of its journeys, parted by " · ".
    expected = sum(len(step.opportunities) for s in journey.stages for step in s.steps)
    assert len(shown) == expected
    assert all(journey.title in r["Journey"].split(" · ") for r in shown)
    pains = [r for r in pain_rows() if r["shown"]]
    expected = sum(len(step.pain_points) for s in journey.stages for step in s.steps)
    assert len(pains) == expected and {r["Journey"] for r in pains} == {journey.title}

    # Journey and stage together.
    select(offline_context, "Stage", "Delivery")
    shown = [r for r in ranked_rows(offline_context) if r["shown"]]
    delivery = next(s for s in journey.stages if s.stage == "delivery")
    assert len(shown) == sum(len(step.opportunities) for step in delivery.steps) > 0
    assert all(journey.title in r["Journey"].split(" · ") for r in shown)
    assert {r["Stage"] for r in shown} == {"Delivery"}

    # Owner alone: pain points have no owner, so their list stays as the other filters say.
    select(offline_context, "Journey", "\u0000all")
    select(offline_context, "Stage", "\u0000all")
    select(offline_context, "Owner", "Logistics")
    shown = [r for r in ranked_rows(offline_context) if r["shown"]]
    owned = {
        o.ref if isinstance(o, OpportunityRef) else id(o)
        for j in EXAMPLE.journeys.values()
        for s in j.stages
        for step in s.steps
        for o in step.opportunities
        if o.owner == "Logistics"
    }
    assert len(shown) == len(owned) > 0 and {r["Owner"] for r in shown} == {"Logistics"}
    assert all(r["shown"] for r in pain_rows())
    select(offline_context, "Owner", "\u0000all")
    assert all(r["shown"] for r in ranked_rows(offline_context))


def write_separator_maps(root: Path) -> Path:
    """A handbook whose journey, stage and owner hold " · ", the separator the lists show
    between a shared opportunity's journeys and stages; returns the maps dir."""
    maps = root / "maps"
    write = functools.partial(write_map, maps)

    write("stages", "check", {"title": "Check · Pay", "order": 10})
    write("stages", "delivery", {"title": "Delivery", "order": 20})
    write("personas", "p", {"title": "Pia"})
    write("opportunities", "shared", {"title": "Shared idea", "owner": "Ops · Logistics"})
    for name, title, stage, own in (
        ("returns", "Returns · Refunds", "check", {"text": "Only returns", "owner": "Team A"}),
        ("sofa", "Buying a sofa", "delivery", {"text": "Only the sofa"}),
    ):
        step = {
            "title": f"{title}, a step",
            "emotion": 3,
            "pain_points": [f"A pain of {title}"],
            "opportunities": [{"ref": "shared"}, own],
        }
        journey = {
            "title": title,
            "personas": ["p"],
            "owner": "O",
            "reviewed": datetime.date(2026, 11, 1),
        }
        write("journeys", name, {**journey, "stages": [{"stage": stage, "steps": [step]}]})
    return maps


def options(context: OfflineContext, column: str) -> list[str]:
    found = context.page.locator(f'#cjm-filters select[data-column="{column}"] option')
    return found.all_inner_texts()


def test_filters_take_titles_with_the_separator_whole(
    serve_dir: Callable[[Path], str], built_site: BuiltSite, offline_context: OfflineContext
) -> None:
    # A row names a shared opportunity's journeys and stages parted by " · ": a title that
    # holds " · " itself is still one option, and its rows are found under it.
    def build(workdir: Path) -> Path:
        maps = write_separator_maps(workdir)
        docs = workdir / "docs"
        docs.mkdir()
        (docs / "index.md").write_text("# Separators\n", encoding="utf-8")
        return build_handbook_site(workdir, "material", site_name="cjm", docs=docs, maps=maps)

    base = serve_dir(built_site("views-separators", build))
    open_page(offline_context, base + "opportunities/")
    assert options(offline_context, "Journey") == ["All", "Buying a sofa", "Returns · Refunds"]
    assert options(offline_context, "Stage") == ["All", "Check · Pay", "Delivery"]
    assert options(offline_context, "Owner") == ["All", "Ops · Logistics", "Team A", "(none)"]
    [shared] = [r for r in ranked_rows(offline_context) if r["Opportunity"] == "Shared idea"]
    assert shared["Journey"] == "Returns · Refunds · Buying a sofa"  # what a reader sees
    for column, value, shown in (
        ("Journey", "Returns · Refunds", {"Shared idea", "Only returns"}),
        ("Journey", "Buying a sofa", {"Shared idea", "Only the sofa"}),
        ("Stage", "Check · Pay", {"Shared idea", "Only returns"}),
        ("Owner", "Ops · Logistics", {"Shared idea"}),
    ):
        for other in ("Journey", "Stage", "Owner"):
            select(offline_context, other, "\u0000all")
        select(offline_context, column, value)
        rows = ranked_rows(offline_context)
        assert {r["Opportunity"] for r in rows if r["shown"]} == shown, (column, value)


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
        open_page(offline_context, base + f"journeys/{journey_id}/")
        # The stages, named over the overview exactly as written.
        titles = [displayed(handbook.stages[s.stage].title) for s in journey.stages]
        named = offline_context.page.locator(
            ".cjm-overview .cjm-overview__stage-name"
        ).all_text_contents()
        assert named == [f"{n}. {as_text(t)}" for n, t in enumerate(titles, 1)]
        # Every lane of the blueprint shows every text as written.
        lanes = offline_context.page.evaluate(BLUEPRINT_LANES_JS)
        cells = {re.sub(r"\s+", " ", c) for texts in lanes.values() for c in texts}
        for js in journey.stages:
            for step in js.steps:
                if step.title in LABELS:
                    for text in (step.frontstage, step.backstage, step.support):
                        assert text is not None
                        assert as_text(text) in cells, text
    open_page(offline_context, base + "opportunities/")
    total = sum(len(s.steps) for j in handbook.journeys.values() for s in j.stages)
    counts = offline_context.page.locator(".cjm-matrix__count").all_text_contents()
    assert sum(map(int, counts)) == total
    owners = offline_context.page.locator(
        '#cjm-filters select[data-column="Owner"] option'
    ).all_inner_texts()
    assert {as_text(label) for label in LABELS} <= {re.sub(r"\s+", " ", o) for o in owners}
    # Filtering by a hostile owner shows exactly that owner's opportunities.
    owner = as_text('Say "hello"')
    select(offline_context, "Owner", owner)
    shown = [r for r in ranked_rows(offline_context) if r["shown"]]
    assert shown and {r["Owner"] for r in shown} == {owner}
