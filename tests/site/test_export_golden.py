"""Golden exports: what `mkdocs-cjm export` writes, byte for byte.

The JSON document and every CSV table (steps, opportunities, pain points and the
data series of `maps/data/`) of the minimal, hostile and example handbooks are
locked in

  tests/golden/export/NAME/cjm.json        `export --format json`
  tests/golden/export/NAME/TABLE.csv       `export --format csv --table TABLE`
                                           (UTF-8 with a BOM, CRLF line ends)

so that the export can be rebuilt on the models without changing a byte (and
the JSON must be valid under the shipped schema). When a change is meant, write
the files anew and review the diff like code:

    CJM_GOLDEN=update python -m pytest tests/site/test_export_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from test_golden import GOLDEN, HANDBOOKS, TODAY, UPDATE, compare, copy_project

from mkdocs_cjm.cli.commands import main
from mkdocs_cjm.handbook.resolve import Settings, build_handbook
from mkdocs_cjm.publish.csv_tables import CSV_TABLES
from mkdocs_cjm.publish.export import ExportCache, export_json, shipped_schema

FOLDER = GOLDEN / "export"


def _export(*args: str) -> bytes:
    # Run in the project, as a writer does: the sources are named relative to it.
    command = ["export", "-f", "mkdocs.yml", "--today", TODAY.isoformat(), *args]
    result = CliRunner().invoke(main, command, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.fixture(params=HANDBOOKS)
def project(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, Path]:
    """(name, folder) of each handbook's project, the folder the tests run in."""
    name: str = request.param
    # An mkdocs.yml without cjm options: the defaults apply, and the sources are
    # named `maps/...` whichever handbook it is.
    folder = copy_project(HANDBOOKS[name], tmp_path / "project", "site_name: Golden\n")
    monkeypatch.chdir(folder)
    return name, folder


def test_export_matches_the_golden_files(project: tuple[str, Path]) -> None:
    name, _ = project
    actual = {"cjm.json": _export("--format", "json")}
    for table in CSV_TABLES:
        actual[f"{table}.csv"] = _export("--format", "csv", "--table", table)
    compare(FOLDER / name, actual)
    validator = jsonschema.Draft202012Validator(
        shipped_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(json.loads(actual["cjm.json"]))


def test_export_for_serve_is_the_golden_json(project: tuple[str, Path]) -> None:
    # `mkdocs serve` exports journeys and series again only when they change; the
    # text must be the same as a fresh export's, on the first call and on reuse.
    name, _ = project
    handbook = build_handbook(Path("maps"), Path(), Settings(today=TODAY))
    cache = ExportCache()
    first = export_json(handbook, cache)
    again = export_json(handbook, cache)
    assert first == again == export_json(handbook)
    if not UPDATE:
        assert first.encode("utf-8") == (FOLDER / name / "cjm.json").read_bytes()
