"""How soon a writer sees an edit in `mkdocs serve`: the example and synthetic handbooks.

    python tests/benchmarks/preview.py [--journeys 100 1000] [--edits 5] [--work DIR]
                                       [--plugins without|with|both]

For the example handbook of this repository and for synthetic handbooks of N
journeys (`synth.py`, as `run.py` makes them) it starts `mkdocs serve` on an
ephemeral port and, edit after edit, measures the time from saving a map to
the edited journey's page showing the edit (polling the page). Each synthetic
handbook is measured as made (search and cjm), and with the plugins most
Material sites add: Material's `tags` (every journey tagged, a tags page) and
`git-revision-date-localized` (dates from the handbook's git repository).
Measured:

  preview   `mkdocs serve`: the plugin renders only the pages an edit changed
  full      `mkdocs serve --dirty`: MkDocs renders every page again (the plugin's
            preview is off with --dirty; --dirty itself saves nothing here)
  error     a map broken: until the page shows the build's problems; and fixed:
            until the page is back

Also printed: the first build of each server, and the ratios preview/full and
preview/goal (1 s for the example, 2 s at 100 journeys, 5 s at 1,000). Every
number is a median of the edits. Benchmarks print; they never assert.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import MKDOCS, env, load_average, machine, prepare

REPO = Path(__file__).resolve().parent.parent.parent
GOALS = {0: 1.0, 100: 2.0, 1000: 5.0}  # seconds, by journeys (0: the example)
POLL = 0.02  # seconds between two requests for the edited page


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    """The page, or its error page (a failed build answers 500); '' while unreachable."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return str(error.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at `url` contains `text` (inf if it never did)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(POLL)
    return float("inf")


@dataclass
class Server:
    """`mkdocs serve` of a project, on an ephemeral port."""

    project: Path
    options: list[str]
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            [MKDOCS, "serve", "-a", f"127.0.0.1:{self.port}", *self.options],
            cwd=self.project,
            env=env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return self

    def __exit__(self, *_: object) -> None:
        assert self.process is not None
        self.process.terminate()
        self.process.wait(timeout=60)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"


@dataclass
class Size:
    """The measurements of one handbook."""

    journeys: int  # 0: the example handbook
    plugins: bool = False  # with tags and git dates
    pages: int = 0
    first: dict[str, float] = field(default_factory=dict)
    edits: dict[str, list[float]] = field(default_factory=dict)
    broken: list[float] = field(default_factory=list)
    fixed: list[float] = field(default_factory=list)


def example_project(work: Path) -> Path:
    """A copy of this repository's example handbook."""
    project = work / "example"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "maps", "overrides"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    return project


PLUGINS = [
    "search",
    "tags",
    {"git-revision-date-localized": {"type": "iso_date", "enable_creation_date": True}},
    "cjm",
]


def with_plugins(work: Path, project: Path, journeys: int) -> Path:
    """A copy of the synthetic handbook with tags and git dates, in a git repository of its own."""
    copy = work / f"handbook-{journeys}-plugins"
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".git", "site"))
    config = yaml.safe_load((copy / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = PLUGINS
    (copy / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    # Every journey tagged, so that the tags page lists them all.
    for number, journey in enumerate(sorted((copy / "maps" / "journeys").glob("*.md"))):
        text = journey.read_text(encoding="utf-8")
        tags = f"tags: [Synthetic, Group {number % 10}]\n"
        journey.write_text(text.replace("\nowner:", f"\n{tags}owner:", 1), encoding="utf-8")
    (copy / "docs" / "tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", encoding="utf-8")
    git = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.com"]
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "Synthetic maps"]):
        subprocess.run([*git, *command], cwd=copy, check=True, env=env())
    return copy


def measure(size: Size, project: Path, edits: int, preview_only: bool = False) -> None:
    """Serve the project both ways; edit its first journey's narrative, again and again."""
    journey = sorted((project / "maps" / "journeys").glob("*.md"))[0]
    original = journey.read_text(encoding="utf-8")
    # MkDocs serves the site under the path of its site_url.
    site_url = re.search(r"^site_url:\s*(\S+)", (project / "mkdocs.yml").read_text("utf-8"), re.M)
    mount = urlsplit(site_url[1] if site_url else "/").path.strip("/")
    page = f"{mount}/journeys/{journey.stem}/".lstrip("/")
    size.pages = sum(1 for _ in (project / "maps").rglob("*.md"))
    try:
        modes = (("preview", []), ("full", ["--dirty"]))
        for name, options in modes[:1] if preview_only else modes:
            with Server(project, options) as server:
                url = server.url(page)
                start = time.perf_counter()
                wait_for(url, "</html>", 1800)
                size.first[name] = time.perf_counter() - start
                times = size.edits.setdefault(name, [])
                for number in range(edits):
                    marker = f"Edited{name}{number}x"
                    journey.write_text(f"{original.rstrip()}\n\n{marker}\n", encoding="utf-8")
                    times.append(wait_for(url, marker, 600))
                    time.sleep(0.3)  # let the server settle before the next edit
                if name == "preview":
                    for number in range(max(1, edits // 2)):
                        journey.write_text(
                            original.replace("personas: [", "personas: [no-such-persona, ", 1),
                            encoding="utf-8",
                        )
                        size.broken.append(wait_for(url, "no-such-persona", 600))
                        marker = f"Fixed{number}x"
                        journey.write_text(f"{original.rstrip()}\n\n{marker}\n", encoding="utf-8")
                        size.fixed.append(wait_for(url, marker, 600))
                        time.sleep(0.3)
    finally:
        journey.write_text(original, encoding="utf-8")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(sizes: list[Size], edits: int) -> str:
    """The numbers as a Markdown table, and where they were taken."""
    lines = [
        f"Machine: {machine()}; load average {load_average():.2f} at the end",
        f"Median of {edits} edits per size; seconds from saving a map to the page showing it.",
        "",
        "| handbook | first build | preview | full rebuild | preview/full | goal | preview/goal "
        "| error shown | fixed shown |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        name = "example" if size.journeys == 0 else f"{size.journeys} journeys"
        name += " + tags, git dates" if size.plugins else ""
        preview = median(size.edits.get("preview", []))
        full = median(size.edits.get("full", []))
        goal = GOALS.get(size.journeys, float("nan"))
        lines.append(
            f"| {name} | {size.first.get('preview', float('nan')):.1f} s | {preview:.2f} s "
            f"| {full:.2f} s | {preview / full:.2f} | {goal:.0f} s | {preview / goal:.2f} "
            f"| {median(size.broken):.2f} s | {median(size.fixed):.2f} s |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, nargs="*", default=[100, 1000])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--work", type=Path, default=Path("/tmp/cjm-preview-bench"))
    parser.add_argument("--no-example", action="store_true", help="only synthetic handbooks")
    parser.add_argument(
        "--plugins",
        choices=("without", "with", "both"),
        default="both",
        help="synthetic handbooks without, with or also with tags and git dates",
    )
    parser.add_argument(
        "--preview-only", action="store_true", help="skip the full rebuilds (minutes each at 1,000)"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sizes: list[Size] = []
    if not args.no_example:
        sizes.append(Size(0))
        measure(sizes[-1], example_project(args.work), args.edits, args.preview_only)
    for journeys in args.journeys:
        project, _ = prepare(args.work, journeys)
        if args.plugins != "with":
            sizes.append(Size(journeys))
            measure(sizes[-1], project, args.edits, args.preview_only)
        if args.plugins != "without":
            sizes.append(Size(journeys, plugins=True))
            measure(
                sizes[-1], with_plugins(args.work, project, journeys), args.edits, args.preview_only
            )
    text = report(sizes, args.edits)
    print(text)
    return text


if __name__ == "__main__":
    main()
