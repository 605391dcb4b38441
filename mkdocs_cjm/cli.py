"""The `mkdocs-cjm` command line: check, schema and new.

Glue only: options in, the core (`handbook.py`, `schema.py`, `scaffold.py`)
does the work, one formatter prints the findings. Settings come from the
`cjm` entry of mkdocs.yml when there is one, so `check` validates exactly as
the build does.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

import click
import yaml

from .diagnostics import Severity, format_github, format_json, format_text, has_errors
from .handbook import Handbook, Settings, build_handbook, today_from_environment
from .load import display_path
from .scaffold import SCAFFOLD_KINDS, ScaffoldError, default_stage_sources, new_source
from .schema import KIND_NAMES, front_matter_schema


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!!python/name` and `!ENV` tags we do not need to run."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def plugin_options(config_file: Path) -> dict[str, Any]:
    """The options of the `cjm` plugin in an mkdocs.yml, or {} if it is not configured."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    plugins = config.get("plugins", []) if isinstance(config, dict) else []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for entry in plugins or []:
        if isinstance(entry, dict) and "cjm" in entry:
            return entry["cjm"] or {}
    return {}


class Context:
    """Where the maps are and how to judge them, from mkdocs.yml and the options."""

    def __init__(self, maps: Path | None, config_file: Path, today: datetime.date | None) -> None:
        options = plugin_options(config_file) if config_file.is_file() else {}
        self.root = Path.cwd()
        base = config_file.parent if config_file.is_file() else self.root
        self.maps_dir = maps if maps is not None else base / str(options.get("maps_dir", "maps"))
        review_every = options.get("review_every", 90)
        stale = options.get("stale", "warn")
        self.settings = Settings(
            review_every=review_every if isinstance(review_every, int) else 90,
            stale="info" if stale == "info" else "warn",
            today=today or today_from_environment(),
        )

    def handbook(self) -> Handbook:
        """Load and check the maps."""
        return build_handbook(self.maps_dir, self.root, self.settings)


_maps_option = click.option(
    "--maps",
    "maps",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The maps folder (default: maps_dir from mkdocs.yml, or maps/).",
)
_config_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The MkDocs config whose `cjm` plugin options apply.",
)
_today_option = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge freshness as of this date (default: today, or SOURCE_DATE_EPOCH).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="mkdocs-cjm")
def main() -> None:
    """Customer-journey maps in Markdown: check them, scaffold them, describe them."""


@main.command()
@_maps_option
@_config_option
@_today_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text for people, github for workflow annotations, json for tools.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too (as `mkdocs build --strict`).")
@click.option(
    "--stale-only",
    is_flag=True,
    help="List only journeys past their review date; exit 1 if there are any.",
)
def check(
    maps: Path | None,
    config_file: Path,
    today: datetime.datetime | None,
    output_format: str,
    strict: bool,
    stale_only: bool,
) -> None:
    """Validate the maps exactly as the build does; exit 1 on errors."""
    context = Context(maps, config_file, today.date() if today else None)
    handbook = context.handbook()
    diagnostics = handbook.diagnostics
    if stale_only:
        # For a scheduled workflow: the maps themselves were checked on every PR.
        diagnostics = [d for d in diagnostics if d.code == "stale"]
    if output_format == "json":
        click.echo(format_json(diagnostics))
    elif output_format == "github":
        if diagnostics:
            click.echo(format_github(diagnostics))
    elif diagnostics:
        click.echo(format_text(diagnostics))
    counts = {s: sum(d.severity is s for d in diagnostics) for s in Severity}
    where = display_path(context.maps_dir, context.root)
    summary = (
        f"Checked {_plural(handbook.files_checked, 'file')} in {where}: "
        f"{_plural(counts[Severity.ERROR], 'error')}, "
        f"{_plural(counts[Severity.WARNING], 'warning')}."
    )
    # Keep stdout pure JSON for tools; the summary is for the person watching.
    click.echo(summary, err=output_format == "json")
    if stale_only:
        click.echo(f"{_plural(len(diagnostics), 'stale journey')}.", err=output_format == "json")
        sys.exit(1 if diagnostics else 0)
    failed = has_errors(diagnostics) or (strict and counts[Severity.WARNING] > 0)
    sys.exit(1 if failed else 0)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@main.command()
@click.option(
    "--kind",
    type=click.Choice(sorted(KIND_NAMES)),
    default=None,
    help="One kind's schema (default: one schema accepting any kind).",
)
def schema(kind: str | None) -> None:
    """Print the JSON Schema of the front matter, for editor autocompletion."""
    click.echo(json.dumps(front_matter_schema(kind), indent=2, ensure_ascii=False))


@main.command()
@click.argument("kind", type=click.Choice(SCAFFOLD_KINDS))
@click.argument("source_id", metavar="ID")
@_maps_option
@_config_option
def new(kind: str, source_id: str, maps: Path | None, config_file: Path) -> None:
    """Write a filled-in template for a new journey, persona, touchpoint or stage."""
    context = Context(maps, config_file, None)
    folder = context.maps_dir / KIND_NAMES[kind]
    existing = sorted(folder.rglob(f"{source_id}.md")) if folder.is_dir() else []
    if existing:
        raise click.ClickException(
            f"{display_path(existing[0], context.root)} already exists; it was left as it is "
            "(choose another id, or edit that file)"
        )
    handbook = context.handbook()
    try:
        text = new_source(kind, source_id, handbook, context.settings.today)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    texts = {source_id: text}
    if kind == "stage" and not folder.is_dir():
        # The first stage file replaces the default vocabulary: write that out as well,
        # so the journeys that use it keep working.
        texts = {**texts, **default_stage_sources()}
    folder.mkdir(parents=True, exist_ok=True)
    for text_id, source_text in texts.items():
        (folder / f"{text_id}.md").write_text(source_text, encoding="utf-8")
    target = display_path(folder / f"{source_id}.md", context.root)
    click.echo(f"Wrote {target}; edit it, then run `mkdocs-cjm check`.")
    if len(texts) > 1:
        others = ", ".join(sorted(set(texts) - {source_id}))
        click.echo(
            f"Also wrote the default stages it replaces ({others}), so existing journeys "
            "keep working."
        )
