"""Where every page of the handbook lives, and how one page links to another.

Pages are named by their docs-relative Markdown path (`journeys/buy/index.md`),
as MkDocs names a file; the site's URL of a page follows from it. These names
are public interface (SPEC, "URLs"): the renderer, the nav, the canvas, the
export and `generate` all ask here, so a page cannot live in two places.
"""

from __future__ import annotations

import functools
import posixpath

from .safety.escape import html_attribute

JOURNEYS_INDEX = "journeys/index.md"
PERSONAS_INDEX = "personas/index.md"
TOUCHPOINTS_INDEX = "touchpoints/index.md"
STAGES_INDEX = "stages/index.md"
OPPORTUNITIES_INDEX = "opportunities/index.md"
REVIEW_INDEX = "review/index.md"

CAPTION_ID = "cjm-canvas-caption"
"""The id of the journey canvas's caption, which names its scroll box (one canvas a page)."""
FILTERS_ID = "cjm-filters"
"""The id of the paragraph `cjm-filters.js` turns into filters on the opportunities page."""
PLUGIN_IDS = frozenset({CAPTION_ID, FILTERS_ID, "mermaid"})
"""Element ids a step's anchor (its id) must not take: the plugin's own, and `mermaid`:
an element with that id is `window.mermaid` to a script that looks for Mermaid."""
PLUGIN_ID_PREFIX = "cjm-"
"""Every id the plugin gives an element starts so (`cjm-step-2-3`, the canvas's columns)."""


def is_plugin_id(element_id: str) -> bool:
    """True for an id a step may not take: one of the plugin's elements may have it."""
    return element_id in PLUGIN_IDS or element_id.startswith(PLUGIN_ID_PREFIX)


def journey_uri(journey_id: str) -> str:
    """The page of a journey."""
    return f"journeys/{journey_id}/index.md"


def journey_group_uri(number: int) -> str:
    """A page of the journeys index of a large handbook: one group of journeys (an owner's).
    The underscore is not in the id alphabet, so no journey's page can have its URL."""
    return f"journeys/group_{number}.md"


def journey_stage_uri(journey_id: str, stage_id: str) -> str:
    """The page of one stage of one journey."""
    return f"journeys/{journey_id}/{stage_id}.md"


def persona_uri(persona_id: str) -> str:
    """The page of a persona."""
    return f"personas/{persona_id}.md"


def touchpoint_uri(touchpoint_id: str) -> str:
    """The page of a touchpoint."""
    return f"touchpoints/{touchpoint_id}.md"


def stage_uri(stage_id: str) -> str:
    """The page of a stage across all journeys."""
    return f"stages/{stage_id}.md"


def step_anchor(step_index: int, step_id: str | None = None) -> str:
    """The anchor of a step on its stage page: its id, or `step-N` for a step without one.

    Ids keep a link working when steps are added or moved; steps without an id keep
    the anchors they always had.
    """
    return step_id or f"step-{step_index + 1}"


def opportunity_uri(opportunity_id: str) -> str:
    """The page of a shared opportunity (`maps/opportunities/<id>.md`, SPEC §2.8)."""
    return f"opportunities/{opportunity_id}.md"


def opportunity_anchor(rank: int) -> str:
    """The anchor of an opportunity's row in the ranked list (rank 1 is `O1`)."""
    return f"opportunity-{rank}"


def in_site(uri: str, base_path: str) -> str:
    """Where a generated page or asset is in the site: its handbook path (`journeys/index.md`)
    under the `base_path` option (`cx/journeys/index.md`); the same path without one.

    Pages link to each other by relative URLs, which moving them all into one folder
    leaves as they are: only what puts files into the site (the plugin, `generate`)
    and links out of the handbook (`from_handbook`) ask here.
    """
    return f"{base_path}/{uri}" if base_path else uri


def from_handbook(docs_path: str, base_path: str) -> str:
    """A docs-relative path (`assets/nina.png`) as seen from the handbook's folder
    (`../assets/nina.png` with `base_path: cx`), for links out of the generated pages."""
    return "../" * (base_path.count("/") + 1) + docs_path if base_path else docs_path


def relative_url(target: str, here: str) -> str:
    """The relative link from page `here` to `target`, both docs-relative paths.

    For Markdown links, which MkDocs rewrites into the site's URLs. Pure string
    work: `posixpath.relpath` asks the file system for the current directory on
    every call, which shows in a handbook of thousands of pages.
    """
    base = here.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:])


def page_url(src_uri: str, directory_urls: bool) -> str:
    """A page's URL path as MkDocs makes it from its docs-relative Markdown path."""
    if not directory_urls:
        return src_uri.removesuffix(".md") + ".html"
    if src_uri == "index.md" or src_uri.endswith("/index.md"):
        return src_uri.removesuffix("index.md")
    return src_uri.removesuffix(".md") + "/"


@functools.lru_cache(maxsize=32768)
def href(target: str, here: str, anchor: str = "", *, directory_urls: bool = True) -> str:
    """The relative URL from the page `here` to the page `target` (both Markdown paths),
    HTML-escaped for an `href` attribute.

    Raw HTML links (the canvas's) are not rewritten by MkDocs as Markdown links
    are, so they are written as the URLs the site will have.
    """
    url, base = page_url(target, directory_urls), page_url(here, directory_urls)
    folder = base.rsplit("/", 1)[0] if "/" in base else ""
    if url == base:
        relative = ""
    else:
        # Both absolute: posixpath.relpath then needs no current directory.
        relative = posixpath.relpath("/" + url, "/" + folder)
        if url.endswith("/"):
            relative = "./" if relative == "." else relative + "/"
    fragment = f"#{anchor}" if anchor else ""
    return html_attribute((relative or ("" if fragment else "./")) + fragment)
