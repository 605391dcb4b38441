"""What a journey's path files say, per period: attribution and the observed flow (SPEC §2.7).

`read/path_files.py` reads and checks `maps/paths/*.csv`; this module holds what the
handbook keeps of them for pages and exports. The models live in `attribution.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, error
from ..model import Journey, Touchpoint
from ..read.path_files import (
    JourneyElements,
    PathGroup,
    PathsRead,
    path_files,
    read_path_files,
)
from ..reuse import same_inputs
from .attribution import Attribution, ObservedFlow, Split, attribution_of


@dataclass(frozen=True, slots=True)
class PeriodPaths:
    """One journey's customer paths of one period, attributed and laid on its stages."""

    journey: str
    period: str
    sources: tuple[str, ...]
    """The `source` column's distinct values, sorted (empty when the files name none)."""
    attribution: Attribution
    flow: ObservedFlow


@dataclass(frozen=True, slots=True)
class JourneyPaths:
    """Every period of one journey's paths; pages show the latest, exports every one."""

    journey: str
    periods: tuple[PeriodPaths, ...]
    """Oldest first; never empty."""

    @property
    def latest(self) -> PeriodPaths:
        """The period the journey page shows."""
        return self.periods[-1]


# --- From the path files to the handbook -----------------------------------------------------


def journey_elements(journey: Journey, touchpoints: Mapping[str, Touchpoint]) -> JourneyElements:
    """What one journey's path elements may name: every touchpoint (id and aliases) and the
    journey's step ids; a step id wins over a touchpoint of the same name (it is the more
    precise: it places the touch in its stage)."""
    names: dict[str, str] = {}
    spellings: list[str] = []
    for touchpoint in touchpoints.values():
        for name in (touchpoint.id, *touchpoint.aliases):
            names.setdefault(name.strip().lower(), touchpoint.id)
            spellings.append(name)
    stages_used: dict[str, set[str]] = {}
    stage_of: dict[str, str] = {}
    explain: dict[str, str] = {}
    for journey_stage in journey.stages:
        for step in journey_stage.steps:
            for touchpoint_id in step.touchpoints:
                stages_used.setdefault(touchpoint_id, set()).add(journey_stage.stage)
            if not step.id:
                continue
            if not step.touchpoints:
                explain[step.id.lower()] = (
                    f"'{step.id}' is a step of '{journey.id}' without touchpoints, so it credits "
                    f"no one; give the step `touchpoints:` in {journey.source.path}"
                )
                continue
            names[step.id.lower()] = step.id
            spellings.append(step.id)
            stage_of[step.id] = journey_stage.stage
    for touchpoint_id, stages in stages_used.items():
        if len(stages) == 1 and touchpoint_id not in stage_of:
            stage_of[touchpoint_id] = next(iter(stages))
    return JourneyElements(
        names=names,
        spellings=tuple(spellings),
        stage_of=stage_of,
        stages=tuple(s.stage for s in journey.stages),
        explain=explain,
    )


def step_splits(journey: Journey) -> dict[str, Split]:
    """What each step element credits: its touchpoints, split equally."""
    return {
        step.id: tuple((touchpoint_id, 1) for touchpoint_id in dict.fromkeys(step.touchpoints))
        for journey_stage in journey.stages
        for step in journey_stage.steps
        if step.id and step.touchpoints
    }


def check_aliases(touchpoints: Mapping[str, Touchpoint], out: list[Diagnostic]) -> None:
    """An alias (or id) that names two touchpoints, without regard to case, is an error."""
    owner = {touchpoint_id.lower(): touchpoint_id for touchpoint_id in touchpoints}
    for touchpoint in touchpoints.values():
        for index, alias in enumerate(touchpoint.aliases):
            name = alias.strip().lower()
            other = owner.setdefault(name, touchpoint.id)
            if other != touchpoint.id:
                out.append(
                    error(
                        touchpoint.source.path,
                        touchpoint.source.line_of(("aliases", index)),
                        f"alias '{alias}' also names the touchpoint '{other}'",
                        "a name in a path file must mean one touchpoint: remove it from one",
                        code="duplicate-alias",
                    )
                )


def journey_paths(read: PathsRead, journeys: Mapping[str, Journey]) -> dict[str, JourneyPaths]:
    """Each journey's periods of paths, attributed and laid on its stages, oldest first."""
    by_journey: dict[str, list[PathGroup]] = {}
    for group in {id(g): g for g in read.groups.values()}.values():
        by_journey.setdefault(group.journey, []).append(group)
    found: dict[str, JourneyPaths] = {}
    for journey_id in sorted(by_journey):
        splits = step_splits(journeys[journey_id])
        periods = tuple(
            PeriodPaths(
                journey=journey_id,
                period=group.period.text,
                sources=tuple(sorted({s.strip() for s in group.sources} - {""})),
                attribution=attribution_of(group.counter.counts(), splits),
                flow=group.counter.flow(),
            )
            for group in sorted(by_journey[journey_id], key=lambda g: g.period)
        )
        found[journey_id] = JourneyPaths(journey_id, periods)
    return found


def _stamp(file: Path) -> tuple[int, int]:
    """A path file's size and time of change: what says it changed (reading a 100 MB file
    through a hash to find out would cost a tenth of reading it)."""
    stat = file.stat()
    return stat.st_size, stat.st_mtime_ns


class PathsCache:
    """The last build's paths, for `mkdocs serve`: computed again only when a path file, a
    journey they name, the touchpoints' names or the set of journeys changed."""

    def __init__(self) -> None:
        self.key: tuple[Any, ...] | None = None
        self.journeys: tuple[str, ...] = ()
        self.inputs: tuple[Any, ...] = ()
        self.result: tuple[dict[str, JourneyPaths], list[Diagnostic]] = ({}, [])
        self.computed = 0  # times the paths were read and attributed


def build_paths(
    maps_dir: Path,
    root: Path,
    journeys: Mapping[str, Journey],
    touchpoints: Mapping[str, Touchpoint],
    journey_ids: set[str],
    cache: PathsCache | None = None,
) -> tuple[dict[str, JourneyPaths], list[Diagnostic], int]:
    """Read `maps/paths/` against the journeys: each journey's paths, the findings, and
    how many path files there are."""
    out: list[Diagnostic] = []
    check_aliases(touchpoints, out)
    files = path_files(maps_dir, root, out)
    if not files:
        return {}, out, 0
    names = tuple(sorted((t.id, tuple(t.aliases)) for t in touchpoints.values()))
    key = (
        tuple((path, _stamp(file)) for file, path in files),
        names,
        frozenset(journey_ids),
        frozenset(journeys),
    )
    if cache is not None and cache.key == key:
        inputs = tuple(journeys.get(j) for j in cache.journeys)
        if same_inputs(inputs, cache.inputs):
            found, problems = cache.result
            return found, [*out, *problems], len(files)
    elements = {j: journey_elements(journey, touchpoints) for j, journey in journeys.items()}
    read = read_path_files(files, elements, journey_ids)
    found = journey_paths(read, journeys)
    if cache is not None:
        cache.computed += 1
        cache.key = key
        cache.journeys = tuple(sorted({g.journey for g in read.groups.values()}))
        cache.inputs = tuple(journeys.get(j) for j in cache.journeys)
        cache.result = (found, read.diagnostics)
    return found, [*out, *read.diagnostics], len(files)
