"""Templates for new maps (`mkdocs-cjm new`): filled in so that they pass `check`."""

from __future__ import annotations

import datetime
from importlib import resources

import jinja2

from ..handbook.resolve import Handbook
from ..model import DEFAULT_STAGES
from ..read.map_files import ID_PATTERN

SCAFFOLD_KINDS = ("journey", "persona", "touchpoint", "stage", "opportunity")


class ScaffoldError(Exception):
    """The template cannot be written; the message says why and what to do."""


def _environment() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(resources.files("mkdocs_cjm") / "templates" / "new"))
    # The output is YAML and Markdown, not HTML; ids are checked before they get here.
    return jinja2.Environment(loader=loader, keep_trailing_newline=True, autoescape=False)


def new_source(kind: str, source_id: str, handbook: Handbook, today: datetime.date) -> str:
    """The text of a new map of `kind` called `source_id`, referring only to existing ids."""
    if not ID_PATTERN.match(source_id):
        raise ScaffoldError(
            f"invalid id '{source_id}': use only lowercase a-z, 0-9 and '-' (e.g. buy-a-sofa)"
        )
    if kind == "journey" and not handbook.personas:
        raise ScaffoldError(
            "a journey needs at least one persona, and none exists yet; "
            "create one first with `mkdocs-cjm new persona ID`"
        )
    stage_orders = [stage.order for stage in handbook.stages.values()]
    context = {
        "id": source_id,
        "title": source_id.replace("-", " ").capitalize(),
        "personas": sorted(handbook.personas)[:1],
        "touchpoints": sorted(handbook.touchpoints)[:1],
        "stages": list(handbook.stages)[:2],
        "owner": "The team that keeps this true",
        "order": max(stage_orders, default=0) + 10,
        "today": today.isoformat(),
    }
    return _environment().get_template(f"{kind}.md").render(context)


def default_stage_sources() -> dict[str, str]:
    """The default stage vocabulary as stage files, by id.

    A `maps/stages/` folder replaces the default vocabulary (SPEC §2.1), so the
    first `new stage` writes these too; otherwise every journey's stages would
    become unknown.
    """
    template = _environment().get_template("stage.md")
    return {
        stage_id: template.render(title=title, order=order * 10)
        for order, (stage_id, title) in enumerate(DEFAULT_STAGES, start=1)
    }
