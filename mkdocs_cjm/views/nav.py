"""How the site lists the handbook: its nav, how big the nav grows, what stays out, tags.

The plugin hands `handbook_nav` to MkDocs (`on_config`/`on_files`), `generate`
writes it into the `mkdocs.yml` it makes; both leave the same pages out
(`NOT_IN_NAV`) and set the same tags (`page_tags`). No MkDocs here: the nav is
plain data in MkDocs' `nav` form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, cast

from ..handbook.resolve import Handbook
from ..i18n import translator
from ..model import Journey
from ..safety.escape import html_attribute
from ..urls import (
    JOURNEYS_INDEX,
    OPPORTUNITIES_INDEX,
    PERSONAS_INDEX,
    REVIEW_INDEX,
    STAGES_INDEX,
    TOUCHPOINTS_INDEX,
    in_site,
    journey_stage_uri,
    journey_uri,
    opportunity_uri,
    persona_uri,
    stage_uri,
    touchpoint_uri,
)
from .portfolio import sub_journeys

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
# The pages of the journeys index of a large handbook (`urls.journey_group_uri`): the index
# links to them.
_GROUPS = ("/journeys/group_*.md",)
NOT_IN_NAV: dict[NavPages, tuple[str, ...]] = {
    "all": _GROUPS,
    "journeys": (*_PAGES_OF_ONE, *_INDEXES, "!/journeys/*/index.md", *_GROUPS),
    "indexes": (*_PAGES_OF_ONE, *_INDEXES, *_GROUPS),
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
    # Sub-journeys (`part_of`) sit in their parent's section: the nav shows the hierarchy.
    children = sub_journeys(handbook)
    placed: set[str] = set()

    def section(journey: Journey) -> NavItem:
        placed.add(journey.id)
        subs: list[NavItem] = [
            section(child)
            for child in t.by_title(children.get(journey.id, ()))
            if child.id not in placed
        ]
        if pages == "journeys":
            if not subs:
                return {journey.title: journey_uri(journey.id)}
            return {journey.title: [{t("Overview"): journey_uri(journey.id)}, *subs]}
        stages: list[NavItem] = [{t("Overview"): journey_uri(journey.id)}]
        for journey_stage in journey.stages:
            title = handbook.stages[journey_stage.stage].title
            stages.append({title: journey_stage_uri(journey.id, journey_stage.stage)})
        return {journey.title: [*stages, *subs]}

    everyone = t.by_title(handbook.journeys.values())
    journeys: list[NavItem] = [JOURNEYS_INDEX]
    journeys += [section(j) for j in everyone if j.part_of not in handbook.journeys]
    # Journeys in a circle of `part_of` (an error) have no top: listed at the top level.
    journeys += [section(j) for j in everyone if j.id not in placed]
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


def nav_in_site(items: list[NavItem], base_path: str) -> list[NavItem]:
    """A nav of handbook paths with each page where the site has it (`urls.in_site`)."""
    if not base_path:
        return items
    moved: list[NavItem] = []
    for item in items:
        if isinstance(item, dict):
            moved.append(
                {
                    title: in_site(value, base_path)
                    if isinstance(value, str)
                    else nav_in_site(value, base_path)
                    for title, value in item.items()
                }
            )
        else:
            moved.append(in_site(item, base_path))
    return moved


def not_in_nav_in_site(patterns: tuple[str, ...], base_path: str) -> list[str]:
    """`NOT_IN_NAV` patterns for the handbook under `base_path` (`/cx/personas/*.md`)."""
    if not base_path:
        return list(patterns)
    return [
        f"!/{base_path}{pattern[1:]}" if pattern.startswith("!") else f"/{base_path}{pattern}"
        for pattern in patterns
    ]


def folder_title(folder: str) -> str:
    """A folder's title in the nav, as MkDocs makes it (`mkdocs.utils.dirname_to_title`):
    `-` and `_` as spaces, capitalised if all lower case."""
    title = folder.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _first_page(items: list[Any]) -> str | None:
    """The path of the first page a nav section lists, however deep."""
    for item in items:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            found = value if isinstance(value, str) else _first_page(value)
            if found is not None:
                return found
    return None


def placed_in_folder(
    written: list[Any], items: list[Any], base_path: str, skip: int = 0
) -> list[Any]:
    """The nav `written` (MkDocs' automatic nav of hand-written pages: a section a folder)
    with the handbook's `items` at the end of the section of `base_path`'s folder, or of
    a new section titled as MkDocs titles that folder; at the end of `written` without a
    base path. `skip`: folders in front of `base_path` in the pages' paths (a language's)."""
    if not base_path:
        return [*written, *items]
    folder, _, rest = base_path.partition("/")
    for entry in written:
        if not isinstance(entry, dict) or len(entry) != 1:
            continue
        title, children = next(iter(entry.items()))
        first = _first_page(children) if isinstance(children, list) else None
        parts = first.split("/") if first else []
        if len(parts) > skip + 1 and parts[skip] == folder:
            entry[title] = placed_in_folder(children, items, rest, skip + 1)
            return written
    return [*written, {folder_title(folder): placed_in_folder([], items, rest, skip + 1)}]


def escape_nav_titles(
    items: list[NavItem], escape: Callable[[str], str] = html_attribute
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
