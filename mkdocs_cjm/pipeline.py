"""The plugin's work for one build, phase by phase: timed, and reusing the last build.

`mkdocs serve` keeps one `Pipeline` across rebuilds, so that after an edit only
the edited file is read and validated again, and only the pages that show
something of it are rendered again. The time of each phase is kept for the
plugin's debug log and for the benchmark (`tests/benchmarks/run.py`).
"""

from __future__ import annotations

import datetime
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .handbook.paths import PathsCache
from .handbook.resolve import (
    Handbook,
    Settings,
    ValidationCache,
    add_paths,
    cross_reference,
    validate_all,
)
from .publish.export import ExportCache, export_json
from .read.data_files import DataCache, load_data
from .read.git_history import History, read_history
from .read.map_files import SourceCache, load_maps
from .render import GeneratedPage, RenderCache, render_pages

PHASES = ("load", "validate", "resolve", "history", "render", "export", "files")
"""The phases of a build, in order; `files` is the plugin handing pages and nav to MkDocs."""


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block (nested blocks are fine).

    Loading and rendering allocate millions of objects that live until the build
    ends (models, pages) and make almost no cyclic garbage. Collections during that
    work free next to nothing, yet each walks every live object of the process:
    in a handbook of 1,000 journeys they took more time than the parsing itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Pipeline:
    """Loads, checks and renders a handbook; keeps what the next build can reuse."""

    def __init__(self) -> None:
        self.sources = SourceCache()
        self.data = DataCache()
        self.paths = PathsCache()
        self.validated = ValidationCache()
        self.rendered = RenderCache()
        self.exported = ExportCache()
        self.timings: dict[str, float] = {}  # seconds per phase of the last build

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time a block as (part of) phase `name`, with the garbage collector paused."""
        start = time.perf_counter()
        try:
            with paused_gc():
                yield
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - start

    def handbook(self, maps_dir: Path, root: Path, settings: Settings) -> Handbook:
        """The checked handbook (findings in `.diagnostics`); starts a new build's timings."""
        self.timings = {}
        with self.phase("load"):
            loaded = load_maps(maps_dir, root, self.sources)
            data_files, data_problems = load_data(maps_dir, root, self.data)
        with self.phase("validate"):
            documents, problems = validate_all(loaded, self.validated)
        with self.phase("resolve"):
            handbook = cross_reference(
                loaded, documents, [*problems, *data_problems], settings, data_files
            )
            add_paths(handbook, loaded, maps_dir, root, self.paths)
            return handbook

    def history(self, root: Path, maps_dir: Path) -> History:
        """What git knows about the maps."""
        with self.phase("history"):
            return read_history(root, maps_dir)

    def pages(
        self,
        handbook: Handbook,
        history: History,
        language: str | None,
        build_date: datetime.date,
        body_marker: str = "",
        directory_urls: bool = True,
    ) -> list[GeneratedPage]:
        """Every page of the handbook, rendering only those whose inputs changed."""
        with self.phase("render"):
            return render_pages(
                handbook, history, language, build_date, self.rendered, body_marker, directory_urls
            )

    def export(self, handbook: Handbook) -> str:
        """The handbook as JSON (`cjm.json`)."""
        with self.phase("export"):
            return export_json(handbook, self.exported)

    def summary(self) -> str:
        """The last build's work, for the debug log."""
        phases = ", ".join(
            f"{name} {self.timings[name]:.2f} s" for name in PHASES if name in self.timings
        )
        return (
            f"{phases}; read {self.sources.reads} files and {self.data.reads} data files, "
            f"validated {self.validated.validations}, "
            f"rendered {self.rendered.rendered} pages"
        )
