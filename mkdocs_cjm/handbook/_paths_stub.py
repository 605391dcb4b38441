"""STUB, to be dropped at merge: reads `maps/paths/*.csv` (SPEC §2.7) without checking them.

The real reader is `read/path_files.py` (branch `paths`); this stand-in only lets the
journey and touchpoint pages be built and tested before it lands. No validation, no
diagnostics: rows it cannot read are skipped.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from ..read.map_files import LoadedMaps
from .attribution import FlowTally, PathTally, Split
from .paths import JourneyPaths, PeriodPaths


def load_paths_stub(handbook: object, loaded: LoadedMaps) -> dict[str, JourneyPaths]:
    """The paths of every journey, by journey id (empty without `maps/paths/`)."""
    journeys = getattr(handbook, "journeys", {})
    sources = list(loaded.sources["journeys"].values())
    if not sources or not journeys:
        return {}
    folder = Path(sources[0].file).parent.parent / "paths"
    if not folder.is_dir():
        return {}
    # The real reader knows the folder; until it lands, its "unknown folder" warning goes.
    diagnostics = getattr(handbook, "diagnostics", [])
    diagnostics[:] = [d for d in diagnostics if "unknown folder 'paths'" not in d.message]
    rows: defaultdict[tuple[str, str], list[tuple[str, int, int, str]]] = defaultdict(list)
    for file in sorted(folder.glob("*.csv")):
        with file.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                try:
                    rows[(row["journey"], row["period"])].append(
                        (row["path"], int(row["conversions"]), int(row["nulls"]), row["source"])
                    )
                except (KeyError, ValueError, TypeError):
                    continue
    periods: defaultdict[str, list[PeriodPaths]] = defaultdict(list)
    for (journey_id, period), period_rows in sorted(rows.items()):
        journey = journeys.get(journey_id)
        if journey is not None:
            periods[journey_id].append(_period(handbook, journey, period, period_rows))
    return {j: JourneyPaths(j, tuple(p)) for j, p in periods.items()}


def _period(
    handbook: object, journey: object, period: str, rows: list[tuple[str, int, int, str]]
) -> PeriodPaths:
    touchpoints = getattr(handbook, "touchpoints", {})
    names: dict[str, str] = {}
    for touchpoint_id, touchpoint in touchpoints.items():
        names[touchpoint_id] = touchpoint_id
        for alias in getattr(touchpoint, "aliases", ()) or ():
            names[alias.lower()] = touchpoint_id
    splits: dict[str, Split] = {}
    stage_of: dict[str, str] = {}
    stages_of_touchpoint: defaultdict[str, set[str]] = defaultdict(set)
    stages = [s.stage for s in journey.stages]  # type: ignore[attr-defined]
    for journey_stage in journey.stages:  # type: ignore[attr-defined]
        for step in journey_stage.steps:
            for touchpoint_id in step.touchpoints:
                stages_of_touchpoint[touchpoint_id].add(journey_stage.stage)
            if step.id:
                names[step.id] = step.id
                stage_of[step.id] = journey_stage.stage
                unique = dict.fromkeys(step.touchpoints)
                if unique:
                    splits[step.id] = tuple((t, 1) for t in unique)
    for touchpoint_id, used_in in stages_of_touchpoint.items():
        if len(used_in) == 1:
            stage_of[touchpoint_id] = next(iter(used_in))
    tally, flow = PathTally(names), FlowTally(stage_of, stages)
    for path, conversions, nulls, _ in rows:
        elements = tuple(names.get(e.strip().lower(), e.strip()) for e in path.split(">"))
        tally.add(elements, conversions, nulls)
        flow.add(elements, conversions, nulls)
    sources = tuple(sorted({source for *_, source in rows if source}))
    return PeriodPaths(
        journey.id,  # type: ignore[attr-defined]
        period,
        sources,
        tally.attribution(splits),
        flow.flow(),
    )
