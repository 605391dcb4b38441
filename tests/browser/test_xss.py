"""No map can inject HTML or script into the handbook: checked in a real browser.

``tests/fixtures/hostile`` holds maps where every text field (titles,
scenario, goals, doing/thinking/feeling, pain points, opportunities with
owner and a ``javascript:`` link, metric names and values, evidence,
frontstage/backstage/support, persona and touchpoint fields, stage titles
and summaries) carries the same payload: a ``<script>``, an ``<img
onerror>``, a ``javascript:`` Markdown link, Jinja ``{{ 7*7 }}`` and ``{%
raw %}``, and an attr_list ``{: onclick }``; the Markdown bodies hold many
more ways to write a script (raw HTML, entity-encoded and reference
``javascript:`` links, attr_list on links and images, md_in_html).

The site is built with ``mkdocs build --strict`` under both Mermaid setups,
with ``attr_list`` and ``md_in_html`` on, as real sites have them.  Every
generated page is then opened in Chromium: no dialog may open, no payload
may run (an init script turns any write to ``window.__xss`` into a report),
no ``<script>``, ``on*`` attribute or ``javascript:`` URL may come from the
maps, and every field must show as the text that was written, payload and
all.  Finally every link on the journey and journey-stage pages whose text
contains "click" is clicked.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    COLLECT_DIAGRAMS_JS,
    MERMAID_SETUPS,
    SAFE_FENCE_SETUP,
    OfflineContext,
    build_handbook_site,
)
from sitebuild import HOSTILE, NO_HISTORY, BuiltSite

from mkdocs_cjm.handbook.resolve import Handbook, build_handbook
from mkdocs_cjm.model import Step
from mkdocs_cjm.render import render_pages
from mkdocs_cjm.views.figures import funnel_drop_offs

SITE_NAME = "cjm hostile"

# Literally on every generated page, as text: the fields carry them.
MUST_SHOW = ("<script>window.__xss=1</script>", "{{ 7*7 }}", "{% raw %}")

# Markdown extensions real sites enable; attr_list and md_in_html are the
# ones that let Markdown set attributes or HTML.
MARKDOWN_EXTENSIONS: list[Any] = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
]

# Reports every write to window.__xss (the payloads' only effect) through a
# binding, so that a script that runs just before a navigation is not missed.
RECORD_XSS = """
Object.defineProperty(window, '__xss', {
  configurable: false,
  get() { return window.__cjmXss; },
  set(value) {
    window.__cjmXss = value;
    window.cjmXss(String(location.href) + ' set window.__xss=' + value);
  },
});
"""

# Everything on the page that could run script, in the document and in
# (forced-open) shadow roots.  The theme itself has no on* attribute, so any
# is an injection; URL attributes must not hold javascript:/vbscript:/data:.
FIND_INJECTIONS_JS = """
() => {
  const found = [];
  const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'xlink:href',
                                 'data', 'poster', 'srcdoc', 'background', 'srcset']);
  const visit = (root) => {
    for (const el of root.querySelectorAll('*')) {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
        if (name.startsWith('on')) {
          found.push(`<${el.localName} ${attr.name}="${attr.value}">`);
        } else if (urlAttributes.has(name) && /^(javascript|vbscript|data):/.test(value)) {
          found.push(`<${el.localName} ${attr.name}="${attr.value}">`);
        }
      }
      if (el.localName === 'script' && /__xss|alert/.test(el.textContent + (el.src || ''))) {
        found.push(`<script>${el.textContent.slice(0, 80)}</script>`);
      }
      if (el.localName === 'a' && /^(javascript|vbscript|data):/i.test(el.href || '')) {
        found.push(`<a href="${el.href}">`);
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return found;
}
"""

# Ids and attributes of the page content that belong to the theme: every id the
# theme uses outside the content, any id starting with `__` (Material's own,
# such as `__config`, which its script reads its configuration from), `data-md-*`
# (Material's components) and a Mermaid class on anything but a diagram.
FIND_THEME_HOOKS_JS = """
() => {
  const article = document.querySelector('article');
  const outside = new Set(Array.from(document.querySelectorAll('[id]'))
    .filter((el) => !article.contains(el)).map((el) => el.id));
  const found = [];
  for (const el of article.querySelectorAll('*')) {
    const id = el.getAttribute('id');
    // Material's script numbers code blocks (`__code_0`) and pymdownx.tabbed its tabs.
    const own = /^__(tabbed_\\d+_\\d+|code_\\d+)$/.test(id || '');
    const themes = id !== null && id.startsWith('__') && !own;
    if (themes || outside.has(id)) {
      found.push(`<${el.localName} id="${id}">`);
    }
    for (const attr of Array.from(el.attributes)) {
      if (attr.name.startsWith('data-md-')) found.push(`<${el.localName} ${attr.name}>`);
    }
    if (el.classList.contains('mermaid') && !['pre', 'div'].includes(el.localName)) {
      found.push(`<${el.localName} class="${el.className}">`);
    }
  }
  const config = document.getElementById('__config');
  if (!config || config.localName !== 'script') found.push('#__config is not the theme script');
  return found;
}
"""

# Cancels (and counts) clicks that would navigate to a page of the site.
CANCEL_SITE_NAVIGATION_JS = """
() => {
  window.cjmCancelled = 0;
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a');
    if (link && link.protocol.startsWith('http') && link.origin === location.origin) {
      event.preventDefault();
      window.cjmCancelled += 1;
    }
  }, true);
}
"""

_WHITESPACE = re.compile(r"\s+")


def shown(text: str) -> str:
    """Text as the page shows it: runs of white space are one space."""
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class GeneratedUrl:
    """A generated page: its URL, its title and the texts it must show."""

    url: str
    title: str
    texts: tuple[str, ...]
    clicks: bool  # a journey or journey-stage page: its "click" links are clicked


def _step_texts(step: Step) -> list[str]:
    texts = [step.title]
    texts += [t for t in (step.doing, step.thinking, step.feeling) if t]
    texts += [p.text for p in step.pain_points]
    for o in step.opportunities:
        texts += [o.text] + [t for t in (o.owner, o.link) if t]
    for name, value in step.metrics.model_dump(exclude_none=True).items():
        if name not in ("drop_off", "conversion"):
            texts += [name, str(value)]
    texts += [e.text for e in step.evidence]
    texts += [t for t in (step.frontstage, step.backstage, step.support) if t]
    return texts


def _figure_texts(handbook: Handbook, journey_id: str, step_id: str | None) -> list[str]:
    """The metric names and latest sources a page shows of the data files."""
    data = handbook.data
    series = data.step_series(journey_id, step_id) if step_id != "" else []
    if step_id == "":
        series = data.journey_series(journey_id)
    recognised = ("drop_off", "conversion")  # shown as translated words
    texts = [s.metric for s in series if s.metric not in recognised]
    return texts + [s.latest.source for s in series if s.latest.source]


def _texts(handbook: Handbook, uri: str) -> list[str]:
    """The writer's texts the page at ``uri`` shows (SPEC §3), from the model."""
    personas, touchpoints = handbook.personas, handbook.touchpoints
    stages, journeys = handbook.stages, handbook.journeys
    parts = uri.removesuffix(".md").split("/")
    if parts == ["journeys", "index"]:
        return [t for j in journeys.values() for t in (j.title, j.owner)]
    if parts[0] == "journeys" and parts[2] == "index":
        journey = journeys[parts[1]]
        texts = [journey.title, journey.owner, journey.scenario or ""]
        texts += [personas[p].title for p in journey.personas]
        for s in journey.stages:
            texts += [stages[s.stage].title, s.goal or ""]
            for step in s.steps:
                # The canvas shows every lane of every step.
                texts += _step_texts(step) + [touchpoints[t].title for t in step.touchpoints]
        return texts + _figure_texts(handbook, journey.id, "")
    if parts[0] == "journeys":
        journey = journeys[parts[1]]
        [s] = [s for s in journey.stages if s.stage == parts[2]]
        texts = [journey.title, stages[s.stage].title, s.goal or ""]
        texts += [personas[p].title for p in journey.personas]
        for step in s.steps:
            texts += _step_texts(step) + [touchpoints[t].title for t in step.touchpoints]
            texts += _figure_texts(handbook, journey.id, step.id)
        return texts
    if parts == ["personas", "index"]:
        return [t for p in personas.values() for t in (p.title, p.segment, p.role) if t]
    if parts[0] == "personas":
        p = personas[parts[1]]
        texts = [t for t in (p.title, p.segment, p.role, p.quote) if t]
        texts += [str(p.age)] if p.age is not None else []
        texts += p.goals + p.needs + p.motivations + p.frustrations
        texts += [touchpoints[t].title for t in p.channels]
        return texts + [u.journey.title for u in handbook.persona_usage[p.id]]
    if parts == ["touchpoints", "index"]:
        return [t for tp in touchpoints.values() for t in (tp.title, tp.owner, tp.channel) if t]
    if parts[0] == "touchpoints":
        tp = touchpoints[parts[1]]
        texts = [t for t in (tp.title, tp.summary, tp.channel, tp.owner) if t]
        texts += [", ".join(tp.kpis)] if tp.kpis else []
        for u in handbook.touchpoint_usage[tp.id]:
            texts += [u.journey.title, stages[u.journey_stage.stage].title, u.step.title]
        return texts + [p.title for p in personas.values() if tp.id in p.channels]
    if parts == ["stages", "index"]:
        return [t for s in stages.values() for t in (s.title, s.summary) if t]
    if parts[0] == "stages":
        stage = stages[parts[1]]
        texts = [t for t in (stage.title, stage.summary) if t]
        for journey, index in handbook.stage_usage[stage.id]:
            js = journey.stages[index]
            worst = min(js.steps, key=lambda step: step.emotion)
            texts += [journey.title, js.goal or "", worst.title]
        return texts
    if parts == ["opportunities", "index"]:
        texts = []
        for j in journeys.values():
            for s in j.stages:
                for step in s.steps:
                    if step.pain_points or step.opportunities:
                        texts.append(step.title)
                    texts += [p.text for p in step.pain_points]
                    texts += [t for o in step.opportunities for t in (o.text, o.owner) if t]
        return texts
    if parts == ["review", "index"]:
        due = [j for j in journeys.values() if handbook.freshness[j.id].status != "fresh"]
        return [t for j in due if j.status != "retired" for t in (j.title, j.owner)]
    # A page this test does not know yet: still checked for the payloads
    # (every page shows some title) and for anything that runs.
    return []


def generated_urls() -> list[GeneratedUrl]:
    """Every page the plugin generates for the hostile maps."""
    handbook = build_handbook(HOSTILE / "maps", HOSTILE)
    assert not any(d.severity.name == "ERROR" for d in handbook.diagnostics)
    pages = render_pages(handbook, NO_HISTORY, None, handbook.settings.today)
    urls = []
    for page in pages:
        url = page.src_uri.removesuffix("index.md").removesuffix(".md")
        url = url if url.endswith("/") else url + "/"
        texts = tuple(dict.fromkeys(shown(t) for t in _texts(handbook, page.src_uri) if t))
        urls.append(
            GeneratedUrl(
                url,
                shown(page.title),
                texts,
                page.src_uri.startswith("journeys/") and page.src_uri != "journeys/index.md",
            )
        )
    return urls


URLS = {u.url: u for u in generated_urls()}


def canvas_texts() -> dict[str, tuple[str, ...]]:
    """Every journey and journey-stage page: the writer's texts its canvas shows, lane by lane."""
    handbook = build_handbook(HOSTILE / "maps", HOSTILE)
    found = {}
    for journey in handbook.journeys.values():
        for url, stages in [
            (f"journeys/{journey.id}/", journey.stages),
            *((f"journeys/{journey.id}/{s.stage}/", [s]) for s in journey.stages),
        ]:
            texts = [handbook.stages[s.stage].title for s in stages]
            texts += [s.goal for s in stages if s.goal]
            for step in (step for s in stages for step in s.steps):
                texts += _step_texts(step)
                texts += [handbook.touchpoints[t].title for t in step.touchpoints]
            found[url] = tuple(dict.fromkeys(shown(t) for t in texts))
    return found


CANVASES = canvas_texts()

# What the canvas is made of (render/canvas.py): any other tag or attribute in it came from a map.
CANVAS_TAGS = {
    *("div", "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td"),
    *("a", "span", "strong", "q", "ul", "li", "svg", "polyline"),
}
CANVAS_ATTRIBUTES = {
    *("class", "href", "scope", "colspan", "span", "role", "tabindex", "aria-labelledby", "id"),
    *("aria-hidden", "viewBox", "preserveAspectRatio", "focusable", "points", "vector-effect"),
}
CANVAS_MARKUP_JS = """
() => Array.from(document.querySelectorAll('.cjm-canvas, .cjm-canvas *'), (el) => [
  el.localName, Array.from(el.attributes, (a) => a.name),
])
"""
PARAMS = [pytest.param(setup, url, id=f"{setup}-{url}") for setup in MERMAID_SETUPS for url in URLS]
# The documented formatter, on the page whose body holds fences and asks for theme ids.
PARAMS.append(pytest.param(SAFE_FENCE_SETUP, "journeys/theme-ids/", id="safe-fence-theme-ids"))


def build_hostile_site(setup: str, workdir: Path) -> Path:
    """``mkdocs build --strict`` of the hostile fixture; returns the site directory."""
    return build_handbook_site(
        workdir,
        setup,
        site_name=SITE_NAME,
        docs=HOSTILE / "docs",
        maps=HOSTILE / "maps",
        markdown_extensions=MARKDOWN_EXTENSIONS,
    )


@pytest.fixture(scope="module")
def hostile_site(serve_dir: Callable[[Path], str], built_site: BuiltSite) -> Callable[[str], str]:
    """Factory: the base URL of the hostile site built with a Mermaid setup (built once a
    session; a failed build fails each test that asks for it, without building again)."""

    def get(setup: str) -> str:
        build = functools.partial(build_hostile_site, setup)
        return serve_dir(built_site(f"hostile-{setup}", build))

    return get


@pytest.fixture(scope="module")
def xss_context(offline_context: OfflineContext) -> Iterator[tuple[OfflineContext, list[str]]]:
    """The module's offline context, reporting every write to ``window.__xss``."""
    ran: list[str] = []

    def report(what: str) -> None:
        ran.append(what)

    offline_context.context.expose_function("cjmXss", report)
    offline_context.context.add_init_script(RECORD_XSS)
    # The shared page was opened before the init script: start a fresh one.
    offline_context.page.close()
    offline_context.page = offline_context.context.new_page()
    yield offline_context, ran


def _settle(context: OfflineContext) -> None:
    """Wait until the page's diagrams (if any) are drawn and failed images have fired."""
    page = context.page
    if page.locator(".mermaid").count():
        assert context.wait_for_diagrams(), f"diagrams not drawn: {context.mermaid_errors()}"
    # An injected <img src=x> fires onerror once its request fails: one round trip.
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 150))")


def _assert_nothing_ran(context: OfflineContext, ran: list[str], where: str) -> None:
    assert ran == [], f"{where}: script from a map ran: {ran}"
    assert context.dialogs == [], f"{where}: dialog opened: {context.dialogs}"
    assert context.page.evaluate("() => window.__cjmXss") is None, f"{where}: __xss set"


def test_fixture_covers_every_kind_of_page() -> None:
    kinds = {url.split("/")[0] for url in URLS}
    assert kinds >= {"journeys", "personas", "touchpoints", "stages", "opportunities"}
    assert sum(u.clicks for u in URLS.values()) >= 4


@pytest.mark.parametrize(("setup", "url"), PARAMS)
def test_page_shows_payloads_as_text_and_runs_nothing(
    setup: str,
    url: str,
    hostile_site: Callable[[str], str],
    xss_context: tuple[OfflineContext, list[str]],
) -> None:
    expected = URLS[url]
    base = hostile_site(setup)
    context, ran = xss_context
    context.reset()
    ran.clear()
    page = context.page
    page.goto(base + url)
    _settle(context)

    _assert_nothing_ran(context, ran, url)
    assert page.evaluate(FIND_INJECTIONS_JS) == []
    assert page.evaluate(FIND_THEME_HOOKS_JS) == []
    assert context.external == []
    assert context.page_errors == []

    article = page.inner_text("article")
    for literal in MUST_SHOW:
        assert literal in article, f"{literal!r} is not shown as text"
    missing = [text for text in expected.texts if text not in shown(article)]
    assert missing == [], f"texts from the maps not shown as written: {missing}"
    # Titles reach the theme's <title> and navigation, which print them as HTML.
    assert page.title() == f"{expected.title} - {SITE_NAME}"
    generated = 0
    for diagram in page.evaluate(COLLECT_DIAGRAMS_JS):
        assert diagram["role"] not in (None, "error"), diagram["text"][:300]
        assert diagram["errorIcon"] == 0
        # The accessible name and description (accTitle, accDescr) of the plugin's
        # journey diagrams and comparison chart hold writers' titles: as text,
        # payload and all (the name, the description or both: a journey's title
        # may hold none).  (A map's body may hold diagrams of its own.)
        accessible = [diagram["accTitle"], diagram["accDescr"]]
        if str(diagram["accTitle"]).startswith(("Journey diagram: ", "Comparison: ")):
            assert any(MUST_SHOW[0] in str(text) for text in accessible), accessible
            generated += 1
    if expected.clicks:  # a journey or journey-stage page
        assert generated > 0, "no journey diagram with an accessible name"


@pytest.mark.parametrize("url", CANVASES)
def test_canvas_shows_every_lane_as_text(
    url: str,
    hostile_site: Callable[[str], str],
    xss_context: tuple[OfflineContext, list[str]],
) -> None:
    """Hostile text in every lane of the canvas (the plugin's own HTML) is text, nothing more."""
    context, ran = xss_context
    context.reset()
    ran.clear()
    context.page.goto(hostile_site("material") + url)
    _settle(context)
    _assert_nothing_ran(context, ran, url)
    assert context.page.locator(".cjm-canvas").count() == 1
    canvas = shown(context.page.inner_text(".cjm-canvas"))
    missing = [text for text in CANVASES[url] if text not in canvas]
    assert missing == [], f"texts of the maps not in the canvas as written: {missing}"
    for literal in MUST_SHOW:
        assert literal in canvas
    for tag, attributes in context.page.evaluate(CANVAS_MARKUP_JS):
        assert tag in CANVAS_TAGS, f"{url}: <{tag}> in the canvas"
        assert set(attributes) <= CANVAS_ATTRIBUTES, f"{url}: <{tag} {attributes}> in the canvas"


@pytest.mark.parametrize("setup", MERMAID_SETUPS)
def test_clicking_links_runs_nothing(
    setup: str,
    hostile_site: Callable[[str], str],
    xss_context: tuple[OfflineContext, list[str]],
) -> None:
    base = hostile_site(setup)
    context, ran = xss_context
    page = context.page
    clicked = 0
    for url in (u.url for u in URLS.values() if u.clicks):
        context.reset()
        ran.clear()
        page.goto(base + url)
        _settle(context)
        # A click on a link to a page of the site is cancelled: those pages are
        # checked above, and staying here keeps the test fast.  Everything else
        # a click does still happens: on* handlers run, a javascript: URL runs.
        page.evaluate(CANCEL_SITE_NAVIGATION_JS)
        links = page.locator("article a", has_text="click")
        count = links.count()
        assert count > 0, f"{url}: no link says click"
        for index in range(count):
            link = links.nth(index)
            where = f"{url}: link {link.get_attribute('href')!r}"
            link.click(timeout=5_000)
            # A javascript: URL runs in a task after the click.
            page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")
            _assert_nothing_ran(context, ran, where)
            assert page.url == base + url, f"{where}: the page navigated to {page.url}"
            clicked += 1
        # Every link that says click is a link to a page of the site.
        assert page.evaluate("() => window.cjmCancelled") == count
        assert context.external == []
    assert clicked >= 4, "the fixture should give the pages links whose text says click"


def _open_hand_written_fences(
    setup: str, hostile_site: Callable[[str], str], context: OfflineContext, ran: list[str]
) -> None:
    context.reset()
    ran.clear()
    context.page.goto(hostile_site(setup) + "fences/")
    _settle(context)


@pytest.mark.parametrize("setup", ["material", SAFE_FENCE_SETUP])
def test_documented_fence_formatters_run_nothing_on_hand_written_pages(
    setup: str,
    hostile_site: Callable[[str], str],
    xss_context: tuple[OfflineContext, list[str]],
) -> None:
    context, ran = xss_context
    _open_hand_written_fences(setup, hostile_site, context, ran)
    _assert_nothing_ran(context, ran, "fences/")
    assert context.page.evaluate(FIND_INJECTIONS_JS) == []
    assert context.external == []
    [diagram] = context.page.evaluate(COLLECT_DIAGRAMS_JS)
    assert diagram["role"] not in (None, "error") and diagram["errorIcon"] == 0
    assert "Docs" in diagram["text"] and "Task" in diagram["text"]


def test_mermaid2s_own_formatter_runs_a_hand_written_fence(
    hostile_site: Callable[[str], str], xss_context: tuple[OfflineContext, list[str]]
) -> None:
    """Why the docs give `mkdocs_cjm.fences`: the same page, mermaid2's formatter, script runs.

    (Writers' fences in maps are safe under it too: the generated pages above.)
    """
    context, ran = xss_context
    _open_hand_written_fences("mermaid2", hostile_site, context, ran)
    assert ran, "mermaid2's fence_mermaid_custom no longer writes the source unescaped"


# The plugin's own chart elements (render/charts/svg.py, render/overview.py): a writer's text is
# only ever
# their text.
CHART_TAGS = {
    *("figure", "figcaption", "div", "span", "a", "strong", "ul", "ol", "li", "section", "h3", "p"),
    *("table", "thead", "tbody", "tr", "th", "td"),
    *("svg", "g", "rect", "text", "line", "polyline", "circle", "title"),
}
READ_CHARTS_JS = """
() => {
  const charts = document.querySelectorAll(
    '.cjm-chart, .cjm-matrix, .cjm-funnel, .cjm-summary, .cjm-overview');
  const texts = (sel) => Array.from(document.querySelectorAll(sel), (e) => e.textContent);
  return {
    tags: Array.from(charts, (c) => Array.from(c.querySelectorAll('*'), (e) => e.localName)).flat(),
    stages: texts('.cjm-overview .cjm-overview__stage-name'),
    compared: texts('figure.cjm-comparison text.cjm-chart__stage'),
    markers: Array.from(
      document.querySelectorAll('.cjm-overview [data-step]'),
      (e) => [e.dataset.step, e.querySelector('.cjm-overview__title').textContent]),
    funnel: Array.from(document.querySelectorAll('.cjm-funnel tbody tr'),
                       (r) => r.cells[1].textContent),
    tips: texts('.cjm-matrix__title'),
  };
}
"""


def test_charts_show_payloads_as_text(
    hostile_site: Callable[[str], str], xss_context: tuple[OfflineContext, list[str]]
) -> None:
    handbook = build_handbook(HOSTILE / "maps", HOSTILE)
    context, ran = xss_context
    base = hostile_site("mermaid2")
    seen = {"stages": 0, "compared": 0, "funnel": 0, "tips": 0}
    for url in [f"journeys/{j}/" for j in handbook.journeys] + ["opportunities/"]:
        context.reset()
        ran.clear()
        context.page.goto(base + url)
        _settle(context)
        _assert_nothing_ran(context, ran, url)
        charts = context.page.evaluate(READ_CHARTS_JS)
        assert set(charts["tags"]) <= CHART_TAGS, url
        for name in seen:
            seen[name] += len(charts[name])
        if url == "opportunities/":
            texts = [
                shown(o.text)
                for j in handbook.journeys.values()
                for s in j.stages
                for step in s.steps
                for o in step.opportunities
            ]
            for tip in charts["tips"]:
                title = tip.split(" ", 1)[1].removesuffix("…")
                assert any(t.startswith(title) for t in texts), tip
            continue
        journey = handbook.journeys[url.split("/")[1]]
        titles = [shown(handbook.stages[s.stage].title) for s in journey.stages]
        assert charts["stages"] == [f"{n}. {t}" for n, t in enumerate(titles, 1)]
        steps = [
            (f"{a + 1}.{b + 1}", step)
            for a, s in enumerate(journey.stages)
            for b, step in enumerate(s.steps)
        ]
        assert charts["markers"] == [[k, shown(step.title)] for k, step in steps]
        # Drop-offs from data files win over the map's own (figures.funnel_drop_offs).
        from_data = funnel_drop_offs(handbook.data, journey).drop_offs
        measured = [
            shown(step.title)
            for key, step in steps
            if (key in from_data if from_data else step.metrics.drop_off is not None)
        ]
        if measured:
            assert charts["funnel"][1:] == measured
    # The fixture reaches every chart: overview, comparison, funnel and grid.
    assert all(seen.values()), seen
