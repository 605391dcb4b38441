"""What attribution costs next to reading the path file: 1,000,000 distinct paths (issue #25).

    python tests/benchmarks/attribution.py [--paths 1000000] [--repeats 3] [--work DIR]

Writes a path file (`journey,path,conversions,nulls,value,period,source`) of N distinct
paths over 30 touchpoints, written as analytics exports write them (ids and aliases in
any case, spaces around `>` or not), then measures, alternating within every round:

  read    `csv.reader` over the file, nothing else
  full    `csv.reader`, then per row: the counts as int and a `PathTally` per journey and
          period (`add_text`: rows wait, then a `PathCounter` counts them a batch at a
          time); then `attribution()` (all five models) of each tally
  tuples  the same, but each row's path split and looked up by the caller (`add`)

Counts are heavy-tailed as in real exports (most distinct paths are walked by a few
customers; `--counts uniform` spreads them evenly).

full/read is the core's ratio, a row at a time through `csv.reader`. Peak memory of the
full pass is measured in a separate pass under tracemalloc (it slows the code it
measures), beside the file's size.

Then the handbook end to end (`--handbook`, on by default), each run a fresh process:

  export  `build_handbook` + `export_csv(table="attribution")` of a small handbook (the 30
          touchpoints with their aliases, the two journeys), with the path file in
          `maps/paths/` and without it; the file's cost is the difference, set against
          `csv.reader` alone in the same run; peak RSS of both processes beside the
          file's size (the goal: with < without + file size).

Every time is the median of the repeats. Benchmarks print; they never assert.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
from mkdocs_cjm.handbook.attribution import Attribution
from mkdocs_cjm.handbook.path_counts import PathTally

CHANNELS = (
    "Organic Search",
    "Paid Search",
    "Paid Social",
    "Organic Social",
    "Email",
    "Direct",
    "Referral",
    "Display",
    "Affiliates",
    "Organic Video",
    "google / cpc",
    "instagram / paid",
    "facebook / paid",
    "newsletter / email",
    "bing / organic",
)
"""Alias names; each touchpoint id below has one, the other half are written as ids."""

TOUCHPOINTS = tuple(f"tp-{i:02d}" for i in range(30))
JOURNEYS = ("sofa-purchase-today", "sofa-delivery")
PERIODS = ("2026-Q2", "2026-Q3")


def aliases() -> dict[str, str]:
    """Lower-cased element name → touchpoint id, as loading builds it."""
    names = {touchpoint: touchpoint for touchpoint in TOUCHPOINTS}
    names.update(zip(CHANNELS, TOUCHPOINTS, strict=False))
    return {name.lower(): touchpoint for name, touchpoint in names.items()}


def counts(rng: random.Random, spread: str) -> tuple[int, int]:
    """Conversions and nulls of one distinct path (not both 0)."""
    if spread == "uniform":
        conversions = rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8))
        return conversions, rng.randint(0 if conversions else 1, 40)
    conversions = int(rng.paretovariate(1.5)) if rng.random() < 0.3 else 0
    return conversions, int(rng.paretovariate(1.2)) - (1 if conversions else 0)


def write_paths(path: Path, count: int, spread: str = "pareto", seed: int = 25) -> None:
    """N distinct paths, 1 to 12 touches, repeated touches included."""
    rng = random.Random(seed)
    spellings = [*TOUCHPOINTS, *CHANNELS, *(c.upper() for c in CHANNELS)]
    separators = (" > ", ">", " >", "> ")
    seen: set[str] = set()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(("journey", "path", "conversions", "nulls", "value", "period", "source"))
        while len(seen) < count:
            length = min(12, 1 + int(rng.expovariate(1 / 3)))
            touches = [rng.choice(spellings) for _ in range(length)]
            text = rng.choice(separators).join(touches)
            key = text.lower().replace(" ", "")
            if key in seen:
                continue
            seen.add(key)
            conversions, nulls = counts(rng, spread)
            value = f"{conversions * 499.0:.2f}" if conversions else ""
            writer.writerow(
                (
                    rng.choice(JOURNEYS),
                    text,
                    conversions,
                    nulls,
                    value,
                    rng.choice(PERIODS),
                    "GA4 conversion paths",
                )
            )


def read_only(path: Path) -> int:
    """`csv.reader` over the file: the baseline."""
    rows = 0
    with path.open(newline="", encoding="utf-8") as file:
        for _row in csv.reader(file):
            rows += 1
    return rows


def read_and_attribute(path: Path) -> dict[tuple[str, str], Attribution]:
    """Read and tally every row (the tally resolves paths), then attribute each tally."""
    names = aliases()
    tallies: dict[tuple[str, str], PathTally] = {}
    with path.open(newline="", encoding="utf-8") as file:
        rows = csv.reader(file)
        next(rows)
        for journey, text, conversions, nulls, _value, period, _source in rows:
            tally = tallies.get((journey, period))
            if tally is None:
                tally = tallies[(journey, period)] = PathTally(names)
            tally.add_text(text, int(conversions), int(nulls))
    return {key: tally.attribution() for key, tally in sorted(tallies.items())}


def read_tuples_and_attribute(path: Path) -> dict[tuple[str, str], Attribution]:
    """The same with each row's path split and looked up here, one row at a time."""
    lookup = aliases().__getitem__
    tallies: dict[tuple[str, str], PathTally] = {}
    with path.open(newline="", encoding="utf-8") as file:
        rows = csv.reader(file)
        next(rows)
        for journey, text, conversions, nulls, _value, period, _source in rows:
            elements = tuple(map(lookup, map(str.strip, text.lower().split(">"))))
            tally = tallies.get((journey, period))
            if tally is None:
                tally = tallies[(journey, period)] = PathTally()
            tally.add(elements, int(conversions), int(nulls))
    return {key: tally.attribution() for key, tally in sorted(tallies.items())}


def write_handbook(folder: Path) -> Path:
    """A handbook whose touchpoints and journeys the path file names; returns maps/."""
    maps = folder / "maps"
    for kind in ("personas", "touchpoints", "journeys"):
        (maps / kind).mkdir(parents=True, exist_ok=True)
    (maps / "personas/nina.md").write_text("---\ntitle: Nina\n---\n", encoding="utf-8")
    for index, touchpoint in enumerate(TOUCHPOINTS):
        alias = CHANNELS[index] if index < len(CHANNELS) else None
        aliases = f"aliases: [{alias}]\n" if alias else ""
        (maps / "touchpoints" / f"{touchpoint}.md").write_text(
            f"---\ntitle: Touchpoint {index}\n{aliases}---\n", encoding="utf-8"
        )
    stages = ("awareness", "consideration", "purchase")
    for journey in JOURNEYS:
        lines = [
            "---",
            f"title: {journey}",
            "personas: [nina]",
            "owner: E-commerce",
            "reviewed: 2026-10-01",
            "stages:",
        ]
        for number, stage in enumerate(stages):
            lines += [f"  - stage: {stage}", "    steps:"]
            for step in range(10):
                touchpoint = TOUCHPOINTS[number * 10 + step]
                lines += [
                    f"      - title: Step {touchpoint}",
                    f"        id: step-{touchpoint}",
                    f"        touchpoints: [{touchpoint}]",
                    "        emotion: 3",
                ]
        lines += ["---", ""]
        (maps / "journeys" / f"{journey}.md").write_text("\n".join(lines), encoding="utf-8")
    return maps


_EXPORT = """
import sys, time
from pathlib import Path
from mkdocs_cjm.handbook.resolve import build_handbook
from mkdocs_cjm.publish.csv_tables import export_csv
root = Path(sys.argv[1])
wall, cpu = time.perf_counter(), time.process_time()
handbook = build_handbook(root / "maps", root)
text = export_csv(handbook, "attribution")
errors = [d for d in handbook.diagnostics if d.severity.value == "error"]
# The process's own peak (ru_maxrss would keep the benchmark's, from before exec).
status = Path("/proc/self/status").read_text()
peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
print(time.perf_counter() - wall, time.process_time() - cpu, peak * 1024, len(text), len(errors))
"""


def exported(project: Path) -> tuple[float, float, int, int]:
    """(wall s, cpu s, peak RSS bytes, rows) of building and exporting, in a fresh process."""
    repo = Path(__file__).resolve().parent.parent.parent
    env = {**os.environ, "PYTHONPATH": str(repo)}
    result = subprocess.run(
        [sys.executable, "-c", _EXPORT, str(project)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    wall, cpu, rss, size, errors = result.stdout.split()
    if int(errors):
        raise SystemExit(f"the benchmark handbook has {errors} errors")
    return float(wall), float(cpu), int(rss), int(size)


def handbook_report(path_file: Path, folder: Path, repeats: int) -> list[str]:
    """The end-to-end measure: the export with and without the path file, vs csv.reader."""
    with_file, without = folder / "with", folder / "without"
    for project in (with_file, without):
        shutil.rmtree(project, ignore_errors=True)
        write_handbook(project)
    (with_file / "maps/paths").mkdir()
    shutil.copyfile(path_file, with_file / "maps/paths/paths.csv")
    runs: dict[str, list[tuple[float, float, int]]] = {"read": [], "with": [], "without": []}
    for _ in range(repeats):
        wall, cpu = timed(lambda: read_only(path_file))
        runs["read"].append((wall, cpu, 0))
        runs["with"].append(exported(with_file)[:3])
        runs["without"].append(exported(without)[:3])
    wall = {name: statistics.median(r[0] for r in rows) for name, rows in runs.items()}
    cpu = {name: statistics.median(r[1] for r in rows) for name, rows in runs.items()}
    rss = {name: max(r[2] for r in rows) for name, rows in runs.items()}
    size = path_file.stat().st_size
    cost_wall, cost_cpu = wall["with"] - wall["without"], cpu["with"] - cpu["without"]
    return [
        "",
        "handbook end to end: build_handbook + export --table attribution, fresh processes",
        "                         wall s   cpu s",
        f"csv.reader alone        {wall['read']:>7.2f} {cpu['read']:>7.2f}",
        f"export without the file {wall['without']:>7.2f} {cpu['without']:>7.2f}",
        f"export with the file    {wall['with']:>7.2f} {cpu['with']:>7.2f}",
        f"the file's cost         {cost_wall:>7.2f} {cost_cpu:>7.2f}   "
        f"ratio {cost_wall / wall['read']:.2f} ({cost_cpu / cpu['read']:.2f}); goal at most 3",
        f"peak RSS: without {rss['without'] / 1e6:.0f} MB, with {rss['with'] / 1e6:.0f} MB, "
        f"file {size / 1e6:.0f} MB; goal: with < without + file "
        f"({(rss['without'] + size) / 1e6:.0f} MB): {rss['with'] < rss['without'] + size}",
    ]


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds (CPU time is steadier on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> str:
    """Run the benchmark; return (and print) the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--counts", choices=("pareto", "uniform"), default="pareto")
    parser.add_argument("--work", type=Path, help="folder for the path file (default: temp)")
    parser.add_argument(
        "--handbook",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure the handbook end to end (build + export, with and without the file)",
    )
    parser.add_argument(
        "--tally", action=argparse.BooleanOptionalAction, default=True, help="measure the tally"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        folder = args.work or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        path_file = folder / f"paths-{args.paths}-{args.counts}.csv"
        if not path_file.exists():
            write_paths(path_file, args.paths, args.counts)
        load = os.getloadavg()[0]
        lines = tally_report(path_file, args.paths, args.counts, args.repeats) if args.tally else []
        if args.handbook:
            lines += handbook_report(path_file, folder, args.repeats)
        lines.append(
            f"median of {args.repeats}; load average before: {load:.2f}, {os.cpu_count()} cores"
        )
        report = "\n".join(lines)
    print(report)
    return report


def tally_report(path_file: Path, paths: int, spread: str, repeats: int) -> list[str]:
    """The tally alone: csv.reader, + add_text, + split and add."""
    runs: dict[str, list[tuple[float, float]]] = {"read": [], "full": [], "tuples": []}
    for _ in range(repeats):
        runs["read"].append(timed(lambda: read_only(path_file)))
        runs["full"].append(timed(lambda: read_and_attribute(path_file)))
        runs["tuples"].append(timed(lambda: read_tuples_and_attribute(path_file)))
    result = read_and_attribute(path_file)
    agree = result == read_tuples_and_attribute(path_file)
    tracemalloc.start()
    read_and_attribute(path_file)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    wall = {name: statistics.median(w for w, _ in times) for name, times in runs.items()}
    cpu = {name: statistics.median(c for _, c in times) for name, times in runs.items()}
    size = path_file.stat().st_size
    touchpoints = max(len(a.touchpoints) for a in result.values())
    lines = [
        f"paths: {paths:,} distinct ({spread} counts) in {size / 1e6:.1f} MB, "
        f"{len(result)} journey x period tallies, {touchpoints} touchpoints",
        "                         wall s   cpu s   ratio (cpu)",
    ]
    for name, label in (
        ("read", "csv.reader alone"),
        ("full", "read + add_text"),
        ("tuples", "read + split + add"),
    ):
        lines.append(
            f"{label:<24}{wall[name]:>7.2f} {cpu[name]:>7.2f}   "
            f"{wall[name] / wall['read']:.2f} ({cpu[name] / cpu['read']:.2f})"
        )
    return [
        *lines,
        f"(the 3x goal is end to end, below); add_text and add give the same attribution: {agree}",
        f"peak memory of read + add_text (tracemalloc): {peak / 1e6:.1f} MB "
        f"(file: {size / 1e6:.1f} MB)",
    ]


if __name__ == "__main__":
    main()
