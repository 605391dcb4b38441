"""The handbook: every validated map, references resolved, indexes built.

This is where rules that span files are enforced (unknown ids, a stage used
twice, persona images in docs_dir; freshness is `handbook/freshness.py`'s) and where the
indexes the pages need are made once, in a single pass over the steps: which
journeys, stages and steps use each persona, touchpoint and stage.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..check.validate import validate_source
from ..config import Settings as Settings  # defined with the options; imported from here too
from ..diagnostics import Code, Diagnostic, did_you_mean, error, warning
from ..model import (
    DEFAULT_STAGES,
    OPPORTUNITY_ID_PATTERN,
    Document,
    Journey,
    JourneyStage,
    Opportunity,
    OpportunityRef,
    Persona,
    SharedOpportunity,
    Stage,
    Step,
    Touchpoint,
)
from ..read.data_files import DataFile, load_data
from ..read.map_files import KINDS, LoadedMaps, load_maps, suggest_id
from ..read.source import Loc, Source
from ..safety import external_media as external
from ..urls import is_plugin_id
from .data import HandbookData, check_data
from .freshness import Freshness, freshness, report_freshness, report_future_evidence
from .paths import JourneyPaths, PathsCache, build_paths


@dataclass(frozen=True)
class Usage:
    """One step of one journey, as found in an index."""

    journey: Journey
    stage_index: int
    step_index: int

    @property
    def journey_stage(self) -> JourneyStage:
        """The stage of the journey the step is in."""
        return self.journey.stages[self.stage_index]

    @property
    def step(self) -> Step:
        """The step itself."""
        return self.journey_stage.steps[self.step_index]


@dataclass
class Handbook:
    """Every map of `maps/`, validated and cross-referenced, ready to render."""

    stages: dict[str, Stage]
    personas: dict[str, Persona]
    touchpoints: dict[str, Touchpoint]
    journeys: dict[str, Journey]
    settings: Settings
    diagnostics: list[Diagnostic]
    files_checked: int
    persona_usage: dict[str, list[Usage]] = field(default_factory=dict)
    touchpoint_usage: dict[str, list[Usage]] = field(default_factory=dict)
    stage_usage: dict[str, list[tuple[Journey, int]]] = field(default_factory=dict)
    # Shared opportunities (maps/opportunities/) and the steps that refer to them.
    opportunities: dict[str, SharedOpportunity] = field(default_factory=dict)
    opportunity_usage: dict[str, list[Usage]] = field(default_factory=dict)
    freshness: dict[str, Freshness] = field(default_factory=dict)
    data: HandbookData = field(default_factory=HandbookData)  # figures of maps/data/
    paths: dict[str, JourneyPaths] = field(default_factory=dict)  # by journey id, maps/paths/

    def usages(self, journey: Journey) -> Iterator[Usage]:
        """Every step of a journey, in order."""
        for stage_index, journey_stage in enumerate(journey.stages):
            for step_index in range(len(journey_stage.steps)):
                yield Usage(journey, stage_index, step_index)


@functools.cache
def _default_stages() -> dict[str, Stage]:
    # Made once: the same models in every build let `mkdocs serve` reuse pages.
    stages = {}
    for order, (stage_id, title) in enumerate(DEFAULT_STAGES, start=1):
        stage = Stage(title=title, order=order * 10)
        stage.bind(Source("stages", stage_id, "", Path(), {}, "", 0))
        stages[stage_id] = stage
    return stages


class ValidationCache:
    """Validated models by source, reused while the source (see `SourceCache`) is the same."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Source, Document | None, list[Diagnostic]]] = {}
        self.validations = 0  # sources validated by the last `validate_all`

    def validate(self, source: Source) -> tuple[Document | None, list[Diagnostic]]:
        """`validate_source`, or its last result for this very source object."""
        entry = self._entries.get(source.path)
        if entry is not None and entry[0] is source:
            return entry[1], entry[2]
        self.validations += 1
        document, problems = validate_source(source)
        self._entries[source.path] = (source, document, problems)
        return document, problems

    def keep_only(self, paths: set[str]) -> None:
        """Forget sources that are gone."""
        for path in [p for p in self._entries if p not in paths]:
            del self._entries[path]


def build_handbook(maps_dir: Path, root: Path, settings: Settings | None = None) -> Handbook:
    """Load, validate and cross-reference `maps_dir`; findings are in `.diagnostics`."""
    loaded = load_maps(maps_dir, root)
    data_files, data_problems = load_data(maps_dir, root)
    documents, problems = validate_all(loaded)
    handbook = cross_reference(
        loaded, documents, [*problems, *data_problems], settings or Settings(), data_files
    )
    add_paths(handbook, loaded, maps_dir, root)
    return handbook


def add_paths(
    handbook: Handbook,
    loaded: LoadedMaps,
    maps_dir: Path,
    root: Path,
    cache: PathsCache | None = None,
) -> None:
    """Read `maps/paths/` against the handbook's journeys into `handbook.paths` (SPEC §2.7)."""
    handbook.paths, problems, files = build_paths(
        maps_dir,
        root,
        handbook.journeys,
        handbook.touchpoints,
        set(loaded.ids["journeys"]),
        cache,
    )
    handbook.diagnostics.extend(problems)
    handbook.files_checked += files


Documents = dict[str, dict[str, Document]]
"""Validated models by kind and id."""


def validate_all(
    loaded: LoadedMaps, cache: ValidationCache | None = None
) -> tuple[Documents, list[Diagnostic]]:
    """Validate every loaded source against its model: the models, and what was wrong."""
    diagnostics: list[Diagnostic] = []
    documents: Documents = {kind: {} for kind in KINDS}
    validate = cache.validate if cache is not None else validate_source
    if cache is not None:
        cache.validations = 0
    for kind in KINDS:
        for source_id, source in loaded.sources[kind].items():
            document, problems = validate(source)
            diagnostics.extend(problems)
            if document is not None:
                documents[kind][source_id] = document
    if cache is not None:
        cache.keep_only({s.path for kind in KINDS for s in loaded.sources[kind].values()})
    return documents, diagnostics


def resolve(
    loaded: LoadedMaps, settings: Settings, cache: ValidationCache | None = None
) -> Handbook:
    """Validate loaded sources, check references between them and build the indexes."""
    documents, problems = validate_all(loaded, cache)
    return cross_reference(loaded, documents, problems, settings)


def cross_reference(
    loaded: LoadedMaps,
    documents: Documents,
    problems: list[Diagnostic],
    settings: Settings,
    data_files: list[DataFile] | None = None,
) -> Handbook:
    """The handbook of validated models: references between files checked, indexes built,
    and the figures of the data files checked against the journeys."""
    diagnostics = [*loaded.diagnostics, *problems]
    # Without a stages/ that was read (absent, or a symlink read/map_files.py warns of), the
    # default.
    custom = "stages" in loaded.folders
    stage_docs = documents["stages"] if custom else dict(_default_stages())
    handbook = Handbook(
        stages={
            s.id: s
            for s in sorted(
                (d for d in stage_docs.values() if isinstance(d, Stage)),
                key=lambda s: (s.order, s.id),
            )
        },
        personas={k: v for k, v in documents["personas"].items() if isinstance(v, Persona)},
        touchpoints={
            k: v for k, v in documents["touchpoints"].items() if isinstance(v, Touchpoint)
        },
        journeys={k: v for k, v in documents["journeys"].items() if isinstance(v, Journey)},
        opportunities={
            k: v for k, v in documents["opportunities"].items() if isinstance(v, SharedOpportunity)
        },
        settings=settings,
        diagnostics=diagnostics,
        files_checked=loaded.files_checked + len(data_files or ()),
    )
    # A file that failed to parse or validate still exists: references to it are not "unknown".
    known = {kind: set(loaded.ids[kind]) for kind in KINDS}
    known["stages"] |= set(handbook.stages)
    # References are checked on the raw front matter, so that a file with a schema
    # error still gets its broken references reported in the same run.
    for source in loaded.sources["personas"].values():
        _check_channels(source, known, diagnostics)
        _check_image(source, settings.docs_dir, diagnostics)
    for source in loaded.sources["journeys"].values():
        _check_journey(source, known, diagnostics)
    _check_compares_cycles(loaded.sources["journeys"], diagnostics)
    _check_part_of_cycles(loaded.sources["journeys"], diagnostics)
    if settings.external_media == "warn":
        for kind in KINDS:
            for source in loaded.sources[kind].values():
                external.report(source, diagnostics)
    for journey in handbook.journeys.values():
        handbook.freshness[journey.id] = freshness(journey, settings)
        report_freshness(journey, handbook.freshness[journey.id], settings, diagnostics)
        report_future_evidence(journey, settings, diagnostics)
    _build_indexes(handbook)
    _report_same_opportunities(handbook, diagnostics)
    if data_files:
        handbook.data = check_data(data_files, handbook.journeys, known["journeys"], diagnostics)
    return handbook


_UNKNOWN: dict[str, Code] = {
    "persona": "unknown-persona",
    "touchpoint": "unknown-touchpoint",
    "stage": "unknown-stage",
    "journey": "unknown-journey",
    "opportunity": "unknown-opportunity",
}


def _unknown(source: Source, line: int, what: str, value: str, known: set[str]) -> Diagnostic:
    hint = did_you_mean(value, known)
    if not hint:
        plural = "opportunities" if what == "opportunity" else f"{what}s"
        hint = f"known {plural}: {', '.join(sorted(known))}" if known else f"no {what} exists yet"
    return error(source.path, line, f"unknown {what} '{value}'", hint, code=_UNKNOWN[what])


def _ids(value: Any) -> list[tuple[int, str]]:
    """(index, id) of the text items of a list; anything else the schema reports."""
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, str)]


def _mappings(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def _check_channels(source: Source, known: dict[str, set[str]], out: list[Diagnostic]) -> None:
    for index, touchpoint_id in _ids(source.front_matter.get("channels")):
        if touchpoint_id not in known["touchpoints"]:
            line = source.line_of(("channels", index))
            out.append(_unknown(source, line, "touchpoint", touchpoint_id, known["touchpoints"]))
    _check_listed_twice(source, "channels", "touchpoint", out)


def _check_listed_twice(source: Source, field: str, what: str, out: list[Diagnostic]) -> None:
    """Warn of an id listed twice in one list: valid, but a slip (a paste, a merge)."""
    first: dict[str, int] = {}
    for index, item_id in _ids(source.front_matter.get(field)):
        if item_id not in first:
            first[item_id] = index
            continue
        line = source.line_of((field, index))
        first_line = source.line_of((field, first[item_id]))
        where = f" (first at line {first_line})" if first_line != line else ""
        out.append(
            warning(
                source.path,
                line,
                f"{what} '{item_id}' is listed twice in '{field}'{where}",
                "remove the second one",
                code="listed-twice",
            )
        )


# `https:`, `data:`, `//host/...`: an address outside the site (one letter is a drive).
_URL = re.compile(r"([a-z][a-z0-9+.-]+:|//)", re.IGNORECASE)
_ABSOLUTE = re.compile(r"(/|[a-z]:)", re.IGNORECASE)  # `/etc/x`, `C:/x`


def _check_image(source: Source, docs_dir: Path | None, out: list[Diagnostic]) -> None:
    image = source.front_matter.get("image")
    if not isinstance(image, str):
        return  # absent, or a type the schema reports
    problem = _image_problem(image.strip(), docs_dir)
    if problem is not None:
        out.append(error(source.path, source.line_of(("image",)), *problem, code="bad-image"))


def _image_problem(image: str, docs_dir: Path | None) -> tuple[str, str] | None:
    """What is wrong with a persona's `image:` (message, hint), or None.

    The page shows the image by a link relative to docs_dir, so it must be a file
    inside docs_dir: a path that leaves it would publish a link above the site's
    root, and a web address would make every reader's browser fetch from a host
    the handbook does not control (and that an intranet may not reach).
    """
    docs = f"{docs_dir.name if docs_dir is not None else 'docs'}/"
    example = "e.g. `image: images/nina.png`"
    if not image:
        return "'image' is empty", f"name an image file in {docs}, {example}, or remove the line"
    if _URL.match(image):
        return (
            f"'image' is a URL ('{image}'); the handbook shows only images it publishes itself",
            f"copy the image into {docs} and write its path there, {example}",
        )
    if "\\" in image:
        return f"'image' is '{image}', with a '\\'", "write '/' between folders"
    if _ABSOLUTE.match(image):
        return (
            f"'image' is an absolute path ('{image}')",
            f"write the path of the image inside {docs}, {example}",
        )
    path = posixpath.normpath(image)
    if path == ".." or path.startswith("../"):
        return (
            f"'image' is '{image}', which leads out of {docs}",
            f"put the image inside {docs} and write its path there, {example}",
        )
    if docs_dir is None:
        return None
    file = docs_dir / path
    if file.is_file():
        return _link_out_of_docs(file, docs_dir, image, docs)
    if file.exists():
        return f"'image' is '{image}', which is not a file", f"name an image file, {example}"
    return (
        f"image '{image}' not found in {docs}",
        _closest_file(docs_dir, path) or f"put the image at {docs}{path}, or correct the path",
    )


def _link_out_of_docs(file: Path, docs_dir: Path, image: str, docs: str) -> tuple[str, str] | None:
    """Why an image that is a symbolic link out of docs_dir is refused, or None.

    A build publishes what the link points to: a link to `/etc/hostname` or a CI
    runner's credentials would put a file of the build machine on the site. As in
    maps/ (`read/map_files.py`), a link is read only when it stays inside.
    """
    real = Path(os.path.realpath(file))
    if real.is_relative_to(os.path.realpath(docs_dir)):
        return None
    return (
        f"'image' is '{image}', a symbolic link to a file outside {docs} ('{real}')",
        f"copy the image into {docs}; a build would publish the file the link points to",
    )


def _closest_file(docs_dir: Path, path: str) -> str:
    """A "did you mean" hint naming a file of the same folder with a similar name."""
    folder = posixpath.dirname(path)
    try:
        names = [p.name for p in (docs_dir / folder).iterdir() if p.is_file()]
    except OSError:
        return ""
    return did_you_mean(path, [posixpath.join(folder, name) for name in names])


def _check_journey(source: Source, known: dict[str, set[str]], out: list[Diagnostic]) -> None:
    front_matter = source.front_matter
    for index, persona_id in _ids(front_matter.get("personas")):
        if persona_id not in known["personas"]:
            line = source.line_of(("personas", index))
            out.append(_unknown(source, line, "persona", persona_id, known["personas"]))
    _check_listed_twice(source, "personas", "persona", out)
    for key in _OWN_JOURNEY:
        _check_other_journey(source, key, known["journeys"], out)
    # Lines are looked up only for findings: a lookup parses the file again.
    first_use: dict[str, int] = {}
    first_step: dict[str, Loc] = {}
    for stage_index, journey_stage in _mappings(front_matter.get("stages")):
        stage_id = journey_stage.get("stage")
        if isinstance(stage_id, str):
            _check_stage_use(source, stage_index, stage_id, known["stages"], first_use, out)
        # Within a stage: a step that recurs in another stage (a call, a wait) may be meant.
        pasted: dict[str, Loc] = {}
        for step_index, step in _mappings(journey_stage.get("steps")):
            loc: Loc = ("stages", stage_index, "steps", step_index)
            step_id = step.get("id")
            if isinstance(step_id, str):
                _check_step_id(source, loc, step_id, first_step, out)
            else:  # with an id, a pasted step is a duplicate step id: an error already
                _check_pasted_step(source, loc, step, pasted, out)
            for tp_index, touchpoint_id in _ids(step.get("touchpoints")):
                if touchpoint_id not in known["touchpoints"]:
                    line = source.line_of((*loc, "touchpoints", tp_index))
                    out.append(
                        _unknown(source, line, "touchpoint", touchpoint_id, known["touchpoints"])
                    )
            _check_refs(source, loc, step, known["opportunities"], out)


def _check_refs(
    source: Source, loc: Loc, step: dict[str, Any], known: set[str], out: list[Diagnostic]
) -> None:
    """Each `- ref: <id>` of a step names a file of maps/opportunities/."""
    for index, item in _mappings(step.get("opportunities")):
        ref = item.get("ref")
        # A ref that cannot be a file name is the schema's to report.
        if isinstance(ref, str) and ref not in known and re.fullmatch(OPPORTUNITY_ID_PATTERN, ref):
            line = source.line_of((*loc, "opportunities", index, "ref"))
            found = _unknown(source, line, "opportunity", ref, known)
            if not known:
                found = error(
                    source.path,
                    line,
                    found.message,
                    f"write it in maps/opportunities/{suggest_id(ref) or ref}.md "
                    f"(`mkdocs-cjm new opportunity {suggest_id(ref) or ref}`)",
                    code=found.code,
                )
            out.append(found)


_OWN_JOURNEY: dict[str, tuple[str, str, Code]] = {
    "compares": (
        "a journey cannot be compared with itself",
        "name the id of the other journey (e.g. its current state)",
        "compares-itself",
    ),
    "part_of": (
        "a journey cannot be part of itself",
        "name the id of the larger journey this one is a part of, or remove `part_of`",
        "part-of-itself",
    ),
}
"""The fields that name another journey (`compares`, and `part_of`: the parent in the
journey hierarchy), and what to say when one names its own journey."""


def _check_other_journey(
    source: Source, key: str, journeys: set[str], out: list[Diagnostic]
) -> None:
    """A field of `_OWN_JOURNEY` names another journey that exists."""
    other = source.front_matter.get(key)
    if not isinstance(other, str):
        return
    line = source.line_of((key,))
    if other == source.id:
        message, hint, code = _OWN_JOURNEY[key]
        out.append(error(source.path, line, message, hint, code=code))
    elif other not in journeys:
        out.append(_unknown(source, line, "journey", other, journeys))


def _circles(journeys: dict[str, Source], field: str) -> Iterator[tuple[str, str]]:
    """The circles the journeys' `field` (a journey id) makes, each once, at its first
    journey by id: that id, and the circle written out (`a → b → a`)."""
    links = {
        journey_id: target
        for journey_id, source in journeys.items()
        if isinstance(target := source.front_matter.get(field), str)
        and target != journey_id
        and target in journeys
    }
    for start in sorted(links):
        circle = [start]
        while (following := links.get(circle[-1])) is not None and following not in circle:
            circle.append(following)
        if following != start or min(circle) != start:
            continue  # no circle, or one that comes back elsewhere or is reported at its first id
        yield start, " → ".join([*circle, start])


def _check_part_of_cycles(journeys: dict[str, Source], out: list[Diagnostic]) -> None:
    """An error for journeys that are part of each other in a circle (a of b, b of a):
    the hierarchy is a tree, and a circle has no top. Reported once, at the circle's
    first journey by id, on its `part_of` line."""
    for start, path in _circles(journeys, "part_of"):
        source = journeys[start]
        out.append(
            error(
                source.path,
                source.line_of(("part_of",)),
                f"'part_of' goes round in a circle: {path}",
                "a sub-journey names its parent, and the top journey has no `part_of`: "
                "remove `part_of` from the journey that is the whole",
                code="part-of-cycle",
            )
        )


def _check_pasted_step(
    source: Source, loc: Loc, step: dict[str, Any], seen: dict[str, Loc], out: list[Diagnostic]
) -> None:
    """Warn of a step that is the same, field for field, as an earlier one of its stage."""
    # The values are plain YAML values, so their repr is the same exactly when they are.
    fields = repr(step)
    if fields not in seen:
        seen[fields] = loc
        return
    title = step.get("title")
    what = f"step '{title}'" if isinstance(title, str) else "this step"
    out.append(
        warning(
            source.path,
            source.line_of(loc),
            f"{what} is the same as the step at line {source.line_of(seen[fields])}",
            "it was pasted twice: remove one, or change what this step says",
            code="pasted-step",
        )
    )


def _check_compares_cycles(journeys: dict[str, Source], out: list[Diagnostic]) -> None:
    """Warn of journeys that compare with each other in a circle (a with b, b with a).

    A comparison has a direction, a future state with the current state; in a circle
    no journey is the one the others are measured against. Reported once, at the
    circle's first journey by id.
    """
    for start, path in _circles(journeys, "compares"):
        source = journeys[start]
        out.append(
            warning(
                source.path,
                source.line_of(("compares",)),
                f"'compares' goes round in a circle: {path}",
                "a comparison has a direction: a future state names the current state it "
                "changes, not the other way round; remove `compares` from one of them",
                code="compares-cycle",
            )
        )


def _check_stage_use(
    source: Source,
    stage_index: int,
    stage_id: str,
    stages: set[str],
    first_use: dict[str, int],
    out: list[Diagnostic],
) -> None:
    """A journey's stage is one of the vocabulary, used once (`first_use`: where it was first)."""
    loc: Loc = ("stages", stage_index, "stage")
    if stage_id not in stages:
        out.append(_unknown(source, source.line_of(loc), "stage", stage_id, stages))
    elif stage_id in first_use:
        first = source.line_of(("stages", first_use[stage_id], "stage"))
        out.append(
            error(
                source.path,
                source.line_of(loc),
                f"stage '{stage_id}' is used twice in this journey (first at line {first})",
                "put all its steps under the first one",
                code="stage-twice",
            )
        )
    else:
        first_use[stage_id] = stage_index


# The anchors of steps without an id: an id like this would take another step's anchor.
_POSITION_ANCHOR = re.compile(r"step-[0-9]+")


def _check_step_id(
    source: Source, loc: Loc, step_id: str, first_step: dict[str, Loc], out: list[Diagnostic]
) -> None:
    """Step ids are unique within a journey and never look like a position anchor."""
    if step_id in first_step:
        first = source.line_of((*first_step[step_id], "id"))
        out.append(
            error(
                source.path,
                source.line_of((*loc, "id")),
                f"duplicate step id '{step_id}' (first at line {first})",
                "step ids must be unique within a journey; rename one of them",
                code="duplicate-step-id",
            )
        )
        return
    first_step[step_id] = loc
    if _POSITION_ANCHOR.fullmatch(step_id):
        problem = f"step id '{step_id}' looks like the anchor of a step without an id"
        hint = "steps without an id are linked as step-1, step-2, ...; "
    elif is_plugin_id(step_id):
        # The id is the step's anchor: a second element with the id on the same page.
        problem = f"step id '{step_id}' is the id of an element of the handbook's pages"
        hint = "a step id is its anchor on the page; "
    else:
        return
    out.append(
        error(
            source.path,
            source.line_of((*loc, "id")),
            problem,
            hint + "name the step by what happens, e.g. `id: orders-in-webshop`",
            code="invalid-step-id",
        )
    )


def _report_same_opportunities(handbook: Handbook, out: list[Diagnostic]) -> None:
    """Warn where a step writes out an opportunity another step already wrote out:
    the same idea typed twice is counted twice and drifts apart (status, owner)."""
    first: dict[str, tuple[Journey, Loc]] = {}
    for journey in handbook.journeys.values():
        for s, journey_stage in enumerate(journey.stages):
            for n, step in enumerate(journey_stage.steps):
                for i, opportunity in enumerate(step.opportunities):
                    if not isinstance(opportunity, Opportunity):
                        continue
                    loc: Loc = ("stages", s, "steps", n, "opportunities", i)
                    key = " ".join(opportunity.text.casefold().split())
                    if key not in first:
                        first[key] = (journey, loc)
                        continue
                    out.append(_same_opportunity(journey, loc, opportunity, *first[key]))


def _same_opportunity(
    journey: Journey, loc: Loc, opportunity: Opportunity, first: Journey, first_loc: Loc
) -> Diagnostic:
    source = journey.source
    where = f"{first.source.path}:{first.source.line_of(first_loc)}"
    words = suggest_id(opportunity.text).split("-")[:5]
    suggestion = "-".join(words) or "my-opportunity"
    return warning(
        source.path,
        source.line_of(loc),
        f"opportunity '{opportunity.text}' is written out here and at {where}",
        f"share it: write it once in maps/opportunities/{suggestion}.md "
        f"(`mkdocs-cjm new opportunity {suggestion}`) and put `- ref: {suggestion}` "
        "in both steps' opportunities",
        code="same-opportunity",
    )


def _build_indexes(handbook: Handbook) -> None:
    # One pass over every step: the indexes are linear in the size of the handbook.
    handbook.opportunity_usage = {opportunity_id: [] for opportunity_id in handbook.opportunities}
    handbook.persona_usage = {persona_id: [] for persona_id in handbook.personas}
    handbook.touchpoint_usage = {touchpoint_id: [] for touchpoint_id in handbook.touchpoints}
    handbook.stage_usage = {stage_id: [] for stage_id in handbook.stages}
    for journey in handbook.journeys.values():
        persona_lists = [
            handbook.persona_usage[p]
            for p in dict.fromkeys(journey.personas)
            if p in handbook.persona_usage
        ]
        for stage_index, journey_stage in enumerate(journey.stages):
            if journey_stage.stage in handbook.stage_usage:
                handbook.stage_usage[journey_stage.stage].append((journey, stage_index))
            for step_index, step in enumerate(journey_stage.steps):
                usage = Usage(journey, stage_index, step_index)
                for usages in persona_lists:
                    usages.append(usage)
                for touchpoint_id in dict.fromkeys(step.touchpoints):
                    if touchpoint_id in handbook.touchpoint_usage:
                        handbook.touchpoint_usage[touchpoint_id].append(usage)
                _bind_refs(handbook, step, usage)


def _bind_refs(handbook: Handbook, step: Step, usage: Usage) -> None:
    """Point a step's `ref`s at this build's shared opportunities, and index the step."""
    for opportunity in step.opportunities:
        if isinstance(opportunity, OpportunityRef):
            shared = handbook.opportunities.get(opportunity.ref)
            # Bound afresh in every build: the journey's model outlives an edit of the file.
            opportunity.bind(shared)
            places = handbook.opportunity_usage.get(opportunity.ref)
            if places is not None and (not places or places[-1] is not usage):
                places.append(usage)
