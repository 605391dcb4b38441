"""Templates see their page's context, not the handbook, and a page's context holds only
maps its `PageSpec.inputs` declare: what `mkdocs serve` renders a page again by
(`reuse.same_inputs`). A template that reads something else fails here, not as a
stale page under `serve`."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from pathlib import Path

import jinja2
import jinja2.meta
import jinja2.nodes
import pytest
from pydantic import BaseModel
from sitebuild import HOSTILE, MINIMAL, NO_HISTORY, REPO, SETTINGS, TODAY

from mkdocs_cjm.handbook.resolve import Handbook, build_handbook
from mkdocs_cjm.model import Journey, Persona, Stage, Touchpoint
from mkdocs_cjm.render import Build
from mkdocs_cjm.render.catalogue import catalogue

HANDBOOKS = {"minimal": MINIMAL, "hostile": HOSTILE, "example": REPO}

# What `Build.render` gives every page besides its own context.
PAGE_BASICS = frozenset({"here", "title", "source", "last_changed", "body"})

MAPS = (Journey, Persona, Touchpoint, Stage)


def read_names(env: jinja2.Environment, template: str) -> set[str]:
    """The names a template and the templates it includes read from their context."""
    source = env.loader.get_source(env, template)[0] if env.loader else ""
    tree = env.parse(source)
    # A name `{% set %}` in a block and read in a `{% call %}` in it looks undeclared to
    # Jinja's analysis: the template's own variables are not its context's.
    own = {node.name for node in tree.find_all(jinja2.nodes.Name) if node.ctx == "store"}
    names = set(jinja2.meta.find_undeclared_variables(tree)) - own
    for included in jinja2.meta.find_referenced_templates(tree):
        if included is not None:
            names |= read_names(env, included)
    return names


def maps_in(value: object, depth: int = 0) -> Iterator[object]:
    """The maps (journeys, personas, touchpoints, stages) a context value holds, through
    mappings, sequences and view dataclasses; a map's own parts are the map's."""
    if isinstance(value, MAPS):
        yield value
        return
    if depth > 6 or isinstance(value, (str, bytes, BaseModel)) or callable(value):
        return
    items: object
    if isinstance(value, Mapping):
        items = value.values()
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [getattr(value, f.name) for f in dataclasses.fields(value)]
    else:
        return
    for item in items:  # type: ignore[attr-defined]
        yield from maps_in(item, depth + 1)


def _build(name: str) -> Build:
    root = HANDBOOKS[name]
    return Build(build_handbook(root / "maps", root, SETTINGS), NO_HISTORY, None, TODAY)


def test_no_template_sees_the_handbook() -> None:
    env = _build("minimal").templates.env
    assert "handbook" not in env.globals
    assert not any(isinstance(value, Handbook) for value in env.globals.values())


def test_the_check_sees_an_undeclared_read(tmp_path: Path) -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({"a.md": "{{ handbook.journeys }}"}))
    assert read_names(env, "a.md") == {"handbook"}


@pytest.mark.parametrize("name", HANDBOOKS)
def test_templates_read_only_their_pages_context(name: str) -> None:
    build = _build(name)
    env = build.templates.env
    # Every page depends on the stage vocabulary (`Build`'s `reuse.start`).
    everywhere = {id(stage) for stage in build.handbook.stages.values()}
    pages = 0
    for spec in catalogue(build):
        context = spec.context()
        undeclared = read_names(env, spec.template) - set(env.globals) - PAGE_BASICS
        assert undeclared <= set(context), (
            f"{spec.src_uri}: {spec.template} reads {sorted(undeclared - set(context))}, "
            "which neither its context nor the template API gives"
        )
        declared = {id(value) for value in spec.inputs} | everywhere
        shown = [m for m in maps_in(list(context.values())) if id(m) not in declared]
        assert not shown, (
            f"{spec.src_uri} shows {[f'{type(m).__name__} {m.id}' for m in shown][:5]} "
            "that its PageSpec.inputs do not declare"
        )
        pages += 1
    assert pages > 5
