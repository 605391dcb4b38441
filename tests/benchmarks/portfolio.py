"""How big the journeys index (the portfolio and its heat map) grows with the handbook.

    python tests/benchmarks/portfolio.py [--journeys 100 1000] [--work DIR]

For each N writes a handbook with `synth.py` (once; reused from --work), renders the
pages of the journeys index in-process as the plugin does (the index, and in a large
handbook the page of each group of journeys), and prints the size of their Markdown (the
portfolio and heat map are HTML blocks in it, so this is close to the article of the
built page) and the time to render them. Benchmarks print;
they never assert.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_handbook

from mkdocs_cjm.handbook.resolve import Settings, build_handbook
from mkdocs_cjm.read.git_history import History
from mkdocs_cjm.render.build import Build
from mkdocs_cjm.render.catalogue import catalogue
from mkdocs_cjm.urls import JOURNEYS_INDEX


def measure(root: Path, journeys: int) -> None:
    if not (root / "maps").is_dir():
        write_handbook(root, journeys, data_rows=0)
    handbook = build_handbook(root / "maps", root, Settings())
    build = Build(handbook, History({}, False), None, handbook.settings.today)
    specs = [s for s in catalogue(build) if s.src_uri.startswith("journeys/") and s.source is None]
    sizes: list[tuple[int, str]] = []
    started = time.perf_counter()
    for spec in specs:
        sizes.append((len(build.render(spec).content), spec.src_uri))
    seconds = time.perf_counter() - started
    index = next(size for size, uri in sizes if uri == JOURNEYS_INDEX)
    largest = max(sizes)
    print(
        f"{journeys:>6} journeys: index {index / 1e3:.0f} kB; {len(sizes) - 1} group pages,"
        f" largest {largest[1]} {largest[0] / 1e3:.0f} kB; all rendered in {seconds:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/cjm-portfolio-bench"))
    args = parser.parse_args()
    for journeys in args.journeys:
        measure(args.work / f"n{journeys}", journeys)


if __name__ == "__main__":
    main()
