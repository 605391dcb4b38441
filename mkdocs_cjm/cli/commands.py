"""The `mkdocs-cjm` command line: check, schema, new, export and generate.

Glue only: options in, the core (`handbook/resolve.py`, `check/editor_schema.py`, `cli/scaffold.py`)
does the work, one formatter prints the findings. Settings come from the
`cjm` entry of mkdocs.yml when there is one (`plugin/mkdocs_yml.py`), so `check`
validates exactly as the build does.
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import cast

import click

from ..check.editor_schema import KIND_NAMES, front_matter_schema
from ..config import ConfigError, settings_for, today_from_environment
from ..diagnostics import (
    CODES,
    Diagnostic,
    Severity,
    did_you_mean,
    format_github,
    format_json,
    format_text,
    has_errors,
    printable,
)
from ..handbook.resolve import Handbook, build_handbook
from ..pipeline import paused_gc
from ..plugin.mkdocs_yml import ConfigProblems, load_project
from ..publish.csv_tables import CSV_TABLES, CsvTable, export_csv
from ..publish.export import export_json, export_schema
from ..publish.generate import GenerateError, find_mermaid, generated_site, write_site
from ..read.git_history import read_history
from ..read.map_files import ID_PATTERN, display_path, suggest_id
from .scaffold import SCAFFOLD_KINDS, ScaffoldError, default_stage_sources, new_source


class Context:
    """Where the maps are and how to judge them, from mkdocs.yml (read once) and the options."""

    def __init__(
        self,
        maps: Path | None,
        config_file: Path,
        today: datetime.date | None,
        *,
        required: bool = False,
    ) -> None:
        self.root = Path.cwd()
        self.project, self.config_warnings = load_project(config_file, self.root, required)
        self.maps_dir = maps if maps is not None else self.project.maps_dir
        try:
            day = today or today_from_environment()
        except ConfigError as exc:
            raise click.ClickException(printable(str(exc))) from None
        self.settings = settings_for(self.project.options, self.project.docs_dir, day)

    def handbook(self) -> Handbook:
        """Load and check the maps."""
        with paused_gc():
            return build_handbook(self.maps_dir, self.root, self.settings)


def _context(
    maps: Path | None,
    config_file: Path,
    today: datetime.datetime | None,
    output_format: str | None = None,
) -> Context:
    """The context of a command; if mkdocs.yml cannot be used, say why (as `check` prints
    findings: in `output_format`, else as text on stderr) and exit 1."""
    source = click.get_current_context().get_parameter_source("config_file")
    required = source is not None and source != click.core.ParameterSource.DEFAULT
    try:
        return Context(maps, config_file, today.date() if today else None, required=required)
    except ConfigProblems as problems:
        _echo_findings(problems.diagnostics, output_format or "text", err=output_format is None)
        click.echo(
            "Stopped: fix the cjm options in the config file (`mkdocs build` refuses them too).",
            err=True,
        )
        sys.exit(1)


def _echo_findings(diagnostics: list[Diagnostic], output_format: str, *, err: bool) -> None:
    """Print findings in one of `check`'s formats; JSON even when there are none."""
    if output_format == "json":
        click.echo(format_json(diagnostics), err=err)
    elif output_format == "github" and diagnostics:
        click.echo(format_github(diagnostics), err=err)
    elif diagnostics:
        click.echo(format_text(diagnostics), err=err)


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
@click.option(
    "--ignore",
    "ignored",
    metavar="CODE",
    multiple=True,
    callback=lambda ctx, param, value: _known_codes(value),
    help="Hide warnings and notes of this kind (repeatable); errors always show.",
)
def check(
    maps: Path | None,
    config_file: Path,
    today: datetime.datetime | None,
    output_format: str,
    strict: bool,
    stale_only: bool,
    ignored: tuple[str, ...],
) -> None:
    """Validate the maps exactly as the build does; exit 1 on errors.

    Every finding ends with its code in brackets, e.g. [unknown-field]; the CLI
    guide lists them all.
    """
    context = _context(maps, config_file, today, output_format)
    handbook = context.handbook()
    diagnostics = [
        d
        for d in (*context.config_warnings, *handbook.diagnostics)
        # An error fails the build whatever `check` says, so it is never hidden.
        if d.severity is Severity.ERROR or d.code not in ignored
    ]
    if stale_only:
        # For a scheduled workflow: the maps themselves were checked on every PR.
        diagnostics = [d for d in diagnostics if d.code == "stale"]
    _echo_findings(diagnostics, output_format, err=False)
    counts = {s: sum(d.severity is s for d in diagnostics) for s in Severity}
    where = printable(display_path(context.maps_dir, context.root))
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


def _known_codes(codes: tuple[str, ...]) -> tuple[str, ...]:
    for code in codes:
        if code not in CODES:
            hint = did_you_mean(code, CODES) or "the CLI guide lists every code"
            raise click.BadParameter(f"unknown code '{code}'; {hint}")
    return codes


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@main.command()
@click.option(
    "--kind",
    type=click.Choice(sorted(KIND_NAMES)),
    default=None,
    help="One kind's schema (default: one schema accepting any kind).",
)
@click.option(
    "--export",
    "of_export",
    is_flag=True,
    help="The schema of `mkdocs-cjm export --format json` instead of the front matter's.",
)
def schema(kind: str | None, of_export: bool) -> None:
    """Print the JSON Schema of the front matter, for editor autocompletion."""
    if of_export and kind is not None:
        raise click.UsageError("--export and --kind cannot be combined")
    chosen = export_schema() if of_export else front_matter_schema(kind)
    click.echo(json.dumps(chosen, indent=2, ensure_ascii=False))


@main.command()
@click.argument("kind", type=click.Choice(SCAFFOLD_KINDS))
@click.argument("source_id", metavar="ID")
@_maps_option
@_config_option
def new(kind: str, source_id: str, maps: Path | None, config_file: Path) -> None:
    """Write a filled-in template for a new journey, persona, touchpoint or stage."""
    # The id becomes a file name: judged before it meets the file system.
    problem = _new_id_problem(kind, source_id)
    if problem:
        raise click.ClickException(problem)
    context = _context(maps, config_file, None)
    folder = context.maps_dir / KIND_NAMES[kind]
    # Every map file of the folder, its subfolders too: ids are unique across them.
    existing = sorted(p for p in folder.rglob("*.md") if p.stem == source_id)
    if existing:
        raise click.ClickException(
            f"{printable(display_path(existing[0], context.root))} already exists; it was left "
            "as it is (choose another id, or edit that file)"
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


_EXAMPLE_IDS = {
    "journey": "buy-a-sofa",
    "persona": "nina",
    "touchpoint": "instagram",
    "opportunity": "deep-link-ads",
}


def _new_id_problem(kind: str, source_id: str) -> str:
    """Why `source_id` cannot name a new map (SPEC §2: lowercase a-z0-9-, not `index`,
    not blank), with an id that would do; "" if it can."""
    example = _EXAMPLE_IDS.get(kind, "onboarding")
    if not source_id.strip():
        return f"the id is blank: name the new {kind} (e.g. {example})"
    if source_id == "index":
        return (
            f"'index' is the name of the generated {KIND_NAMES[kind]} list page, not a {kind} "
            f"id: choose another (e.g. {example})"
        )
    if not ID_PATTERN.match(source_id):
        # As `check` suggests a name for a bad file.
        suggestion = suggest_id(source_id)
        if not suggestion or suggestion == "index":
            suggestion = example
        return (
            f"invalid id '{printable(source_id)}': use only lowercase a-z, 0-9 and '-' "
            f"(e.g. {suggestion})"
        )
    return ""


def _handbook_without_errors(context: Context, action: str) -> Handbook:
    """The checked handbook; with errors, prints them as `check` does (to stderr) and exits 1."""
    if context.config_warnings:
        click.echo(format_text(context.config_warnings), err=True)
    handbook = context.handbook()
    if has_errors(handbook.diagnostics):
        errors = sum(d.severity is Severity.ERROR for d in handbook.diagnostics)
        click.echo(format_text(handbook.diagnostics), err=True)
        click.echo(
            f"Not {action}: {_plural(errors, 'error')} in "
            f"{printable(display_path(context.maps_dir, context.root))}; fix them and run it again "
            "(`mkdocs-cjm check` lists them too).",
            err=True,
        )
        sys.exit(1)
    return handbook


_DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="json: the whole model in one document; csv: one table for spreadsheets.",
)
@click.option(
    "--table",
    type=click.Choice(sorted(CSV_TABLES)),
    default=None,
    help="CSV only: a row per step (default), per opportunity or per pain point.",
)
@click.option(
    "--delimiter",
    type=click.Choice(sorted(_DELIMITERS)),
    default="comma",
    show_default=True,
    help="CSV only: semicolon suits Excel where the decimal mark is a comma.",
)
@click.option(
    "--bom/--no-bom",
    default=True,
    show_default=True,
    help="CSV only: start with a UTF-8 byte order mark, so that Excel reads the text right.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write to this file (default: standard output).",
)
@_maps_option
@_config_option
@_today_option
def export(
    output_format: str,
    table: str | None,
    delimiter: str,
    bom: bool,
    out: Path | None,
    maps: Path | None,
    config_file: Path,
    today: datetime.datetime | None,
) -> None:
    """Write the whole handbook as data: JSON, or a CSV table. Refused when `check` finds errors."""
    if output_format == "json" and table is not None:
        raise click.UsageError("--table applies to --format csv only")
    context = _context(maps, config_file, today)
    handbook = _handbook_without_errors(context, "exported")
    if output_format == "json":
        data = export_json(handbook).encode("utf-8")
    else:
        # click has checked the name against CSV_TABLES.
        csv_table = cast(CsvTable, table or "steps")
        text = export_csv(handbook, csv_table, _DELIMITERS[delimiter])
        data = text.encode("utf-8-sig" if bom else "utf-8")
    if out is None:
        # Bytes, not text: the BOM and CRLF line ends must reach the file as they are.
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    click.echo(f"Wrote {printable(display_path(out, context.root))}.", err=True)


@main.command()
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The folder to write: DIR/mkdocs.yml and the pages in DIR/docs/.",
)
@click.option(
    "--language",
    default=None,
    help="Language of the labels (default: theme.language of mkdocs.yml, else en).",
)
@click.option(
    "--nav-pages",
    type=click.Choice(["auto", "all", "journeys", "indexes"]),
    default=None,
    help="How much of the handbook the nav lists (default: nav_pages of mkdocs.yml, else auto).",
)
@_maps_option
@_config_option
@_today_option
def generate(
    out: Path,
    language: str | None,
    nav_pages: str | None,
    maps: Path | None,
    config_file: Path,
    today: datetime.datetime | None,
) -> None:
    """Write the handbook's pages as plain Markdown, for engines that run no MkDocs plugins."""
    context = _context(maps, config_file, today)
    handbook = _handbook_without_errors(context, "generated")
    project = context.project
    history = read_history(context.root, context.maps_dir)
    docs_dir = project.docs_dir if project.docs_dir.is_dir() else None
    mermaid = find_mermaid(context.root, project.docs_dir, project.mermaid_scripts)
    site = generated_site(
        handbook,
        history,
        language or project.language,
        context.settings.today,
        project.site_name or "Customer-journey handbook",
        docs_dir,
        (nav_pages or project.options.nav_pages) if project.options.nav else None,
        mermaid.script,
    )
    try:
        write_site(out, site)
    except (GenerateError, OSError) as exc:
        raise click.ClickException(printable(str(exc))) from None
    where = printable(display_path(out, context.root))
    if where.startswith("../"):
        where = out.resolve().as_posix()
    click.echo(
        f"Wrote {_plural(len(site.pages), 'page')} to {where}/docs and {where}/mkdocs.yml; "
        f"build them with `mkdocs build --strict -f {where}/mkdocs.yml` or Zensical."
    )
    if mermaid.script is None:
        click.echo(mermaid.without_script(lambda path: printable(display_path(path, context.root))))
