"""How much the plugin costs next to plain MkDocs, on synthetic handbooks of N journeys.

    python tests/benchmarks/run.py [--journeys 100 1000] [--repeats 3] [--work DIR]

For each N it writes a handbook with `synth.py` (once; reused from --work), with
100 data-file figures per journey (100,000 at N = 1,000), and
measures, alternating the sizes and the two builds within every round:

  a  `mkdocs build` with the plugin, from maps/
  b  `mkdocs build` without the plugin, of the very same pages written out by
     `mkdocs-cjm generate`: same theme, Markdown extensions and nav

a/b is the plugin's overhead. Also measured: peak memory (RSS) of each build,
the plugin's own time by phase (on_files, driven in-process as MkDocs calls
it), the plugin's work for a `mkdocs serve` rebuild after one journey was
edited, and `mkdocs-cjm check` against a bare YAML parse of the same front
matter. Every number is the median of the repeats. Benchmarks print; they
never assert (the smoke test only checks that this script runs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_handbook

BIN = Path(sys.executable).parent
MKDOCS = str(BIN / "mkdocs")
CJM = str(BIN / "mkdocs-cjm")
EPOCH = "1795000000"  # 2026-11-18: freshness is the same on every run

# What both builds share: the theme and the extensions the pages need (those
# `mkdocs-cjm generate` writes), so that the only difference is the plugin.
THEME = {"name": "material"}
EXTENSIONS = ["attr_list", "tables", "toc", "fenced_code"]

_PYTHON_NAME = "tag:yaml.org,2002:python/name:"


class _PythonName(str):
    """A `!!python/name:` value of the generated mkdocs.yml (a fence formatter), kept as written."""


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor(_PYTHON_NAME, lambda loader, suffix, node: _PythonName(suffix))
_Dumper.add_representer(
    _PythonName, lambda dumper, value: dumper.represent_scalar(_PYTHON_NAME + value, "")
)

BARE_PARSE = """
import sys, yaml
from pathlib import Path
for file in sorted(Path(sys.argv[1]).rglob("*.md")):
    text = file.read_text(encoding="utf-8")
    front = text.split("\\n---\\n", 1)[0].removeprefix("---\\n")
    yaml.load(front, Loader=yaml.CSafeLoader)
"""

# Runs in a fresh interpreter: the plugin as `mkdocs build` and `mkdocs serve` call it.
PLUGIN_WORK = """
import json, sys, time
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

config_file, journey = Path(sys.argv[1]), Path(sys.argv[2])

def build(plugin=None):
    config = load_config(str(config_file))
    if plugin is None:
        plugin = config.plugins["cjm"]
        plugin.on_startup(command="serve", dirty=False)  # keep what a rebuild can reuse
    start = time.perf_counter()
    for on_config in plugin.on_config.methods:  # the plugin's handlers of the event
        config = on_config(config)
    configured = time.perf_counter()
    # MkDocs collects the files before on_files; that is its work, not the plugin's.
    files = get_files(config)
    collected = time.perf_counter()
    config.plugins._current_plugin = "cjm"  # as MkDocs sets it around an event
    plugin.add_handbook(files, config)  # what on_files does
    return plugin, (configured - start) + (time.perf_counter() - collected)

plugin, cold = build()
timings = dict(plugin.pipeline.timings)
text = journey.read_text(encoding="utf-8")
journey.write_text(text.replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
try:
    _, rebuild = build(plugin)
finally:
    journey.write_text(text, encoding="utf-8")
print(json.dumps({
    "cold": cold,
    "rebuild": rebuild,
    "phases": timings,
    "rebuild_phases": plugin.pipeline.timings,
    "reads": plugin.pipeline.sources.reads,
    "rendered": plugin.pipeline.rendered.rendered,
    "pages": len(plugin.pages),
}))
"""


def env() -> dict[str, str]:
    """A reproducible, quiet environment for every command."""
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}


def load_average() -> float:
    """The 1-minute load average: others' work on the machine skews every timing."""
    return os.getloadavg()[0]


@dataclass
class Run:
    """One command: wall time, peak memory of its process, load average before it."""

    seconds: float
    peak_mb: float
    load: float
    output: str = ""


def run(command: list[str], cwd: Path) -> Run:
    """Run a command in a fresh process; its own peak RSS comes from `wait4`."""
    load = load_average()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = output.decode("utf-8", "replace")
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{text[-3000:]}")
    # ru_maxrss is in kilobytes on Linux.
    return Run(seconds, usage.ru_maxrss / 1024, load, text)


def prepare(work: Path, journeys: int) -> tuple[Path, Path]:
    """The handbook of N journeys as a git project (a), and its generated pages (b)."""
    project = work / f"handbook-{journeys}"
    plain = work / f"plain-{journeys}"
    if not (project / "mkdocs.yml").is_file():
        if project.exists():
            shutil.rmtree(project)
        write_handbook(project, journeys)
        config = {
            "site_name": f"Synthetic handbook ({journeys} journeys)",
            "theme": THEME,
            "plugins": ["search", "cjm"],
            "markdown_extensions": EXTENSIONS,
        }
        (project / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        # In git, as a real handbook: the plugin reads the history of maps/.
        git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
        for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "Synthetic maps"]):
            subprocess.run([*git, *command], cwd=project, check=True, env=env())
    if plain.exists():
        shutil.rmtree(plain)
    subprocess.run(
        [CJM, "generate", "--out", str(plain)],
        cwd=project,
        env=env(),
        check=True,
        capture_output=True,
    )
    # `generate` names its fence formatter with `!!python/name:`, which MkDocs reads.
    generated = yaml.load((plain / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    # The same site as (a): the hand-written home page first in the nav, as the plugin does.
    shutil.copy(project / "docs" / "index.md", plain / "docs" / "index.md")
    config = {
        **generated,
        "theme": THEME,
        "plugins": ["search"],
        "markdown_extensions": EXTENSIONS,
        # `generate` lists its own home page first; the hand-written one replaces it.
        "nav": generated["nav"],
    }
    (plain / "mkdocs.yml").write_text(
        yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return project, plain


@dataclass
class Results:
    """Every measurement of one handbook size."""

    journeys: int
    pages: int = 0
    data_rows: int = 0  # figures in maps/data/*.csv
    a: list[Run] = field(default_factory=list)
    b: list[Run] = field(default_factory=list)
    check: list[Run] = field(default_factory=list)
    bare: list[Run] = field(default_factory=list)
    plugin: list[dict[str, Any]] = field(default_factory=list)


def measure_round(results: Results, project: Path, plain: Path, work: Path) -> None:
    """One round for one size: a and b alternated, then check, bare parse and plugin work."""
    site = work / "site"
    builds = [("a", project), ("b", plain)]
    if len(results.a) % 2:
        builds.reverse()  # alternate which build runs first, round by round
    for name, folder in builds:
        if site.exists():
            shutil.rmtree(site)
        measured = run([MKDOCS, "build", "-q", "-d", str(site), "-f", "mkdocs.yml"], folder)
        getattr(results, name).append(measured)
    results.check.append(run([CJM, "check"], project))
    results.bare.append(run([sys.executable, "-c", BARE_PARSE, "maps"], project))
    journey = sorted((project / "maps" / "journeys").glob("*.md"))[0]
    work_run = run(
        [sys.executable, "-c", PLUGIN_WORK, str(project / "mkdocs.yml"), str(journey)], project
    )
    data = json.loads(work_run.output.strip().splitlines()[-1])
    results.plugin.append(data)
    results.pages = data["pages"]
    results.data_rows = sum(
        len(file.read_text(encoding="utf-8").splitlines()) - 1
        for file in (project / "maps" / "data").glob("*.csv")
    )
    if site.exists():
        shutil.rmtree(site)


def median(values: list[float]) -> float:
    """The median, the robust summary of timings on a shared machine."""
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    """The machine the numbers come from."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores, {cpu}; Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


def report(all_results: list[Results], repeats: int) -> str:
    """The table of medians, with the ratios the goals are about."""
    lines = [
        f"Machine: {machine()}",
        f"Medians of {repeats} run(s); load average (1 min) during the runs: "
        + ", ".join(
            f"N={r.journeys}: {median([x.load for x in r.a + r.b]):.1f}" for r in all_results
        ),
        "",
        "| N journeys | pages | data rows | a: build with plugin | b: plain MkDocs | a/b "
        "| peak MB a | peak MB b | a/b | check | bare YAML | check/bare "
        "| plugin cold | plugin rebuild | rebuild/cold |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: |",
    ]
    for r in all_results:
        a, b = median([x.seconds for x in r.a]), median([x.seconds for x in r.b])
        ma, mb = median([x.peak_mb for x in r.a]), median([x.peak_mb for x in r.b])
        check, bare = median([x.seconds for x in r.check]), median([x.seconds for x in r.bare])
        cold = median([p["cold"] for p in r.plugin])
        rebuild = median([p["rebuild"] for p in r.plugin])
        lines.append(
            f"| {r.journeys:,} | {r.pages:,} | {r.data_rows:,} "
            f"| {a:.1f} s | {b:.1f} s | {a / b:.2f} "
            f"| {ma:.0f} | {mb:.0f} | {ma / mb:.2f} | {check:.2f} s | {bare:.2f} s "
            f"| {check / bare:.2f} | {cold:.2f} s | {rebuild:.3f} s | {rebuild / cold:.1%} |"
        )
    if len(all_results) > 1:
        first, last = all_results[0], all_results[-1]
        growth = median([x.seconds for x in last.a]) / median([x.seconds for x in first.a])
        growth_b = median([x.seconds for x in last.b]) / median([x.seconds for x in first.b])
        lines += [
            "",
            f"N={first.journeys} to N={last.journeys} ({last.journeys / first.journeys:g}x the "
            f"journeys): build with plugin {growth:.1f}x the time, plain MkDocs {growth_b:.1f}x.",
        ]
    phases = ("load", "validate", "resolve", "history", "render", "export", "files")
    lines += [
        "",
        "Plugin's own work (on_files), by phase, cold build | rebuild after editing one journey:",
        "",
        "| N journeys | " + " | ".join(phases) + " | files read | pages rendered |",
        "| ---: |" + " ---: |" * (len(phases) + 2),
    ]
    for r in all_results:
        cells = []
        for phase in phases:
            cold = median([p["phases"].get(phase, 0.0) for p in r.plugin])
            again = median([p["rebuild_phases"].get(phase, 0.0) for p in r.plugin])
            cells.append(f"{cold:.2f} \\| {again:.2f}")
        reads = median([p["reads"] for p in r.plugin])
        rendered = median([p["rendered"] for p in r.plugin])
        lines.append(f"| {r.journeys:,} | " + " | ".join(cells) + f" | {reads:g} | {rendered:g} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    """Run the benchmark and print (and return) the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/mkdocs-cjm-benchmark"), help="scratch folder"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    prepared = {n: prepare(args.work, n) for n in args.journeys}
    all_results = [Results(n) for n in args.journeys]
    for repeat in range(args.repeats):
        # Alternate the sizes too, so that a busy minute does not hit one size only.
        order = all_results if repeat % 2 == 0 else list(reversed(all_results))
        for results in order:
            project, plain = prepared[results.journeys]
            measure_round(results, project, plain, args.work)
            print(
                f"round {repeat + 1}, N={results.journeys}: "
                f"a {results.a[-1].seconds:.1f} s, b {results.b[-1].seconds:.1f} s, "
                f"load {load_average():.1f}",
                file=sys.stderr,
                flush=True,
            )
    text = report(all_results, args.repeats)
    print(text)
    return text


if __name__ == "__main__":
    main()
