"""The Jinja environment of the page templates, and the template API in one place.

Templates (`templates/pages/*.md`) are Markdown. Every value they print goes
through `markdown.finalize`: escaped, unless the plugin wrote it (`Trusted`).
Besides the context of each page (`catalogue.py`: `here`, `title`, `source`,
`last_changed`, `body` and the page's own variables), a template may use
exactly what `template_api` lists below, and the macros of `_macros.md`.
Templates do not see the handbook: what a page shows of the maps comes in its
context, made from what its `PageSpec.inputs` declare (`tests/unit/test_templates.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from importlib import resources
from types import SimpleNamespace
from typing import Any

import jinja2

from .. import urls
from ..domain import BLUEPRINT_LANES, FACES, SCORE_MAX
from ..handbook.resolve import Handbook, Usage
from ..i18n import TRANSLATIONS, Translator
from ..model import Persona, Touchpoint
from ..safety import escape
from ..views import figures
from ..views import lists as views
from ..views.labels import channel_label, freshness_badge, metric_label
from . import markdown
from .blocks import OPPORTUNITY_KEY
from .cache import Reuse
from .canvas import in_blueprint
from .layout import Inline, Layout, layout_api
from .markdown import MarkdownInline, Trusted


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, so that every build (a `serve` rebuild, a test)
    after the first skips compiling them; keyed by the template's source checksum."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


class PageTemplates:
    """The page templates of one build, and the page being rendered.

    Relative links start at the page being rendered (`here`); the macros of
    `_macros.md` are loaded once per build, outside any page, so `link` asks
    this object for the page instead of the template's context.
    """

    def __init__(self, handbook: Handbook, t: Translator, reuse: Reuse, layout: Layout) -> None:
        self.here = ""
        self.layout = layout
        # The helpers' inline form: a table's or list's own while it renders (`layout.py`).
        self.inline: Inline = MarkdownInline()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(
                str(resources.files("mkdocs_cjm") / "templates" / "pages")
            ),
            autoescape=False,  # Markdown, not HTML: `finalize` escapes instead
            finalize=markdown.finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=_COMPILED_TEMPLATES,
        )
        self.env.globals.update(template_api(handbook, t, reuse, self))
        self.env.filters.update(template_filters(t))
        # Macros print Markdown the plugin writes: trusted, as a Python helper's would be.
        macros = self.env.get_template(MACROS).module
        self.env.globals["m"] = SimpleNamespace(
            **{name: _trusted(macro) for name, macro in vars(macros).items() if callable(macro)}
        )

    def render(self, template: str, here: str, **context: Any) -> str:
        """The Markdown of page `here` from `template` and the page's variables."""
        self.here = here
        return self.env.get_template(template).render(here=here, **context)


MACROS = "_macros.md"
"""The macros every page template may use as `m.NAME(...)`: links, rows, badges."""


def _trusted(macro: Callable[..., str]) -> Callable[..., Trusted]:
    return lambda *args, **kwargs: Trusted(macro(*args, **kwargs))


def template_filters(t: Translator) -> dict[str, Callable[..., Any]]:
    """The filters the templates use, besides Jinja's own."""
    return {
        "paragraphs": lambda text: Trusted(escape.markdown_paragraphs(text or "")),  # folded text
        "by_title": t.by_title,  # models sorted by title in the reader's language
    }


def template_api(
    handbook: Handbook, t: Translator, reuse: Reuse, page: PageTemplates
) -> dict[str, Any]:
    """The globals the templates use (besides the macros, `m`): one line each, what it gives.

    Only what every page depends on (`Build`'s `reuse.start`): the language, the
    stage vocabulary and the settings; a page's maps come in its own context.
    """
    settings = handbook.settings
    return {
        # The build: the labels' translator and the stage vocabulary (every page's input).
        "t": t,
        "stages": handbook.stages,
        # Where pages live (`urls.py`).
        "journey_uri": urls.journey_uri,
        "journey_stage_uri": urls.journey_stage_uri,
        "persona_uri": urls.persona_uri,
        "touchpoint_uri": urls.touchpoint_uri,
        "stage_uri": urls.stage_uri,
        "opportunity_uri": urls.opportunity_uri,
        "step_anchor": urls.step_anchor,
        # Inline Markdown (`markdown.py`), HTML in a table or list (`layout.py`): links
        # from the page being rendered, writer links, marks.
        "link": lambda *args: page.inline.link(page.here, *args),
        # A persona's image is docs-relative: seen from the handbook's folder (`base_path`).
        "image": lambda path, alt: markdown.image(
            page.here, urls.from_handbook(path.strip().lstrip("/"), settings.base_path), alt
        ),
        # Ids of the page's `personas` or `touchpoints` (its context) as links.
        "links": lambda documents, ids: _links(documents, page, ids),
        "external": lambda text: page.inline.external(text),
        "external_link": lambda text, link: page.inline.external_link(text, link),
        "sparkline": lambda bars: page.inline.sparkline(bars),
        # The mark of a future state's targets (`insights.shows_targets`): "target".
        "target_mark": lambda: page.inline.target(t("target")),
        "strong": lambda *args, **kwargs: page.inline.strong(*args, **kwargs),
        # A journey's freshness badge (`labels.freshness_badge`), as on the journeys index.
        "freshness": lambda state: Trusted(
            freshness_badge(state, t, markdown.finalize, page.inline.strong)
        ),
        "values": markdown.values,
        "anchor": markdown.anchor,
        # A heading's text in the reader's language, its id from the English (`{#scenario}`).
        "heading": lambda label, name="": markdown.section_heading(
            t(label), name or _english(label)
        ),
        "starts_with_heading": markdown.starts_with_heading,
        # Tables and lists: `{% call table() %}` Markdown rows `{% endcall %}`, and
        # `{% call listing() %}` items `{% endcall %}` (`layout.py`).
        **layout_api(page.layout, page),
        # Long tables: `macro` per item, reused by `mkdocs serve` (`cache.Reuse.table_rows`).
        "rows": jinja2.pass_context(
            lambda c, items, macro, rank_key=None, anchored=False: page.layout.rows(
                reuse.table_rows(
                    c.name or "",
                    macro.name,
                    lambda item: page.layout.row(macro(item), ranked=rank_key is not None),
                    items,
                ),
                rank_key,
                anchored,
            )
        ),
        # Labels and numbers in the reader's language.
        "metric_name": lambda name: metric_label(name, t),
        "channel": lambda name: channel_label(name, t),
        "percent": t.percent,
        "number": t.number,
        "EMOTION_FACES": FACES,  # a face for each score, as on the canvas
        "SCORE_MAX": SCORE_MAX,  # the top of the score scale: "4/5"
        "BLUEPRINT_LANES": BLUEPRINT_LANES,  # the service-blueprint lanes (`domain.py`)
        "in_blueprint": in_blueprint,  # whether a step has text in any of them
        "OPPORTUNITY_KEY": OPPORTUNITY_KEY,
        # Views of the maps (`views/lists.py`).
        "worst_step": views.worst_step,
        "step_lines": views.step_lines,
        # Figures of maps/data/ and evidence (`views/figures.py`, `read/data_files.py`).
        "journey_count": _journey_count,
        "evidence_views": lambda step: figures.evidence_views(
            step, settings.today, settings.evidence_max_age
        ),
    }


def _english(label: str) -> str:
    """A label's English text."""
    return TRANSLATIONS["en"].get(label, label)


def _journey_count(usages: Iterable[Usage]) -> int:
    """How many journeys some steps belong to."""
    return len({u.journey.id for u in usages})


def _links(
    documents: Mapping[str, Persona | Touchpoint], page: PageTemplates, ids: Iterable[str]
) -> Trusted:
    """Persona or touchpoint ids as links to their pages, separated by commas; an id
    that is not in `documents` as text."""
    return Trusted(
        ", ".join(
            page.inline.link(page.here, documents[i].title, _uri(documents[i]))
            if i in documents
            else escape.markdown_text(i)
            for i in ids
        )
    )


def _uri(document: Persona | Touchpoint) -> str:
    if isinstance(document, Persona):
        return urls.persona_uri(document.id)
    return urls.touchpoint_uri(document.id)
