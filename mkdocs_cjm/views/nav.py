"""How the site lists the handbook: its nav, how big the nav grows, what stays out, tags.

The plugin hands `handbook_nav` to MkDocs (`on_config`/`on_files`), `generate`
writes it into the `mkdocs.yml` it makes; both leave the same pages out
(`NOT_IN_NAV`) and set the same tags (`page_tags`). No MkDocs here: the nav is
plain data in MkDocs' `nav` form.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, Literal, cast

from ..handbook.resolve import Handbook
from ..i18n import translator
from ..urls import (
    JOURNEYS_INDEX,
    OPPORTUNITIES_INDEX,
    PERSONAS_INDEX,
    REVIEW_INDEX,
    STAGES_INDEX,
    TOUCHPOINTS_INDEX,
    journey_stage_uri,
    journey_uri,
    opportunity_uri,
    persona_uri,
    stage_uri,
    touchpoint_uri,
)

NavItem = str | dict[str, "list[NavItem] | str"]

NavPages = Literal["all", "journeys", "indexes"]
"""How much of the handbook the automatic nav lists (the `nav_pages` option).

all: every page; journeys: the journey pages and the index pages; indexes:
only the index pages, which link to everything else.
"""

NAV_PAGES_AUTO = ((250, "all"), (1000, "journeys"))
"""`nav_pages: auto`: the richest nav for the number of generated pages, else `indexes`.

Themes such as Material print the whole nav into every page, so a nav of every
page costs pages times pages: fine for a few hundred, not for thousands.
"""

_PAGES_OF_ONE = (
    "/personas/*.md",
    "/opportunities/*.md",
    "/touchpoints/*.md",
    "/stages/*.md",
    "/journeys/*/*.md",
)
_INDEXES = (
    "!/personas/index.md",
    "!/opportunities/index.md",
    "!/touchpoints/index.md",
    "!/stages/index.md",
)
NOT_IN_NAV: dict[NavPages, tuple[str, ...]] = {
    "all": (),
    "journeys": (*_PAGES_OF_ONE, *_INDEXES, "!/journeys/*/index.md"),
    "indexes": (*_PAGES_OF_ONE, *_INDEXES),
}
"""MkDocs' `not_in_nav` patterns of the pages each `nav_pages` mode leaves out of the nav:
a few patterns instead of thousands of paths, which MkDocs would match against every file."""


def nav_pages_for(setting: str, page_count: int) -> NavPages:
    """The nav_pages mode to use: the setting, or for `auto` the one that suits the size."""
    if setting in ("all", "journeys", "indexes"):
        return cast(NavPages, setting)
    for limit, mode in NAV_PAGES_AUTO:
        if page_count <= limit:
            return cast(NavPages, mode)
    return "indexes"


def handbook_nav(
    handbook: Handbook, language: str | None, pages: NavPages = "all"
) -> list[NavItem]:
    """The handbook's sections in MkDocs `nav` form: {title: [page or section, ...]}.

    `pages` says how much the sections list (see `NavPages`). Titles are plain
    text; whoever hands them to a theme escapes them.
    """
    t = translator(language)
    if pages == "indexes":
        return [
            {t("Journeys"): JOURNEYS_INDEX},
            {t("Personas"): PERSONAS_INDEX},
            {t("Touchpoints"): TOUCHPOINTS_INDEX},
            {t("Stages"): STAGES_INDEX},
            {t("Opportunities"): OPPORTUNITIES_INDEX},
            {t("Review"): REVIEW_INDEX},
        ]
    journeys: list[NavItem] = [JOURNEYS_INDEX]
    for journey in t.by_title(handbook.journeys.values()):
        if pages == "journeys":
            journeys.append({journey.title: journey_uri(journey.id)})
            continue
        stages: list[NavItem] = [{t("Overview"): journey_uri(journey.id)}]
        for journey_stage in journey.stages:
            title = handbook.stages[journey_stage.stage].title
            stages.append({title: journey_stage_uri(journey.id, journey_stage.stage)})
        journeys.append({journey.title: stages})
    every = pages == "all"
    return [
        {t("Journeys"): journeys},
        {
            t("Personas"): [
                PERSONAS_INDEX,
                *(persona_uri(p.id) for p in t.by_title(handbook.personas.values()) if every),
            ]
        },
        {
            t("Touchpoints"): [
                TOUCHPOINTS_INDEX,
                *(touchpoint_uri(p.id) for p in t.by_title(handbook.touchpoints.values()) if every),
            ]
        },
        {t("Stages"): [STAGES_INDEX, *(map(stage_uri, handbook.stages) if every else ())]},
        {t("Opportunities"): _opportunities_nav(handbook, t.by_title, every)},
        {t("Review"): REVIEW_INDEX},
    ]


def _opportunities_nav(
    handbook: Handbook, by_title: Callable[[Any], list[Any]], every: bool
) -> list[NavItem] | str:
    """The opportunities page, with the pages of the shared opportunities under it."""
    shared = by_title(handbook.opportunities.values()) if every else []
    if not shared:
        return OPPORTUNITIES_INDEX
    return [OPPORTUNITIES_INDEX, *(opportunity_uri(o.id) for o in shared)]


def nav_uris(items: list[NavItem]) -> set[str]:
    """Every page path a nav lists."""
    found: set[str] = set()
    for item in items:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str):
                found.add(value)
            else:
                found |= nav_uris(value)
    return found


def escape_nav_titles(
    items: list[NavItem], escape: Callable[[str], str] = html.escape
) -> list[Any]:
    """`handbook_nav` with its titles HTML-escaped (by `escape`): themes print nav titles
    as HTML, and a writer's title must stay text."""
    escaped: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            escaped.append(
                {
                    escape(title): value
                    if isinstance(value, str)
                    else escape_nav_titles(value, escape)
                    for title, value in item.items()
                }
            )
        else:
            escaped.append(item)
    return escaped


def page_tags(handbook: Handbook) -> dict[str, list[str]]:
    """The tags of the journey, persona, touchpoint and shared opportunity pages, by page.

    The plugin sets them as the page's `tags` meta, `generate` writes them into the
    page's front matter: Material's tags plugin lists them.
    """
    tags: dict[str, list[str]] = {}
    for documents, uri in (
        (handbook.journeys, journey_uri),
        (handbook.personas, persona_uri),
        (handbook.touchpoints, touchpoint_uri),
        (handbook.opportunities, opportunity_uri),
    ):
        for document_id, document in documents.items():
            if document.tags:
                tags[uri(document_id)] = list(document.tags)
    return tags
