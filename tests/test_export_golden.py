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

    CJM_GOLDEN=update python -m pytest tests/test_export_golden.py
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from test_golden import GOLDEN, HANDBOOKS, TODAY, UPDATE

from mkdocs_cjm.cli import main
from mkdocs_cjm.csv_tables import CSV_TABLES
from mkdocs_cjm.export import ExportCache, export_json, shipped_schema
from mkdocs_cjm.handbook import Settings, build_handbook

FOLDER = GOLDEN / "export"


def _project(root: Path, tmp_path: Path) -> Path:
    # The maps beside an mkdocs.yml without cjm options: the defaults apply, and
    # the sources are named `maps/...` whichever handbook it is; the docs beside them.
    project = tmp_path / "project"
    shutil.copytree(root / "maps", project / "maps")
    if (root / "docs").is_dir():
        shutil.copytree(root / "docs", project / "docs")  # the images maps refer to
    (project / "mkdocs.yml").write_text("site_name: Golden\n", encoding="utf-8")
    return project


def _export(*args: str) -> bytes:
    # Run in the project, as a writer does: the sources are named relative to it.
    command = ["export", "-f", "mkdocs.yml", "--today", TODAY.isoformat(), *args]
    result = CliRunner().invoke(main, command, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def _compare(name: str, actual: dict[str, bytes]) -> None:
    folder = FOLDER / name
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for file, data in actual.items():
            (folder / file).write_bytes(data)
        return
    expected = {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
    assert sorted(actual) == sorted(expected), "files came or went (CJM_GOLDEN=update)"
    changed = [file for file in sorted(actual) if actual[file] != expected[file]]
    diff = "".join(
        "".join(
            difflib.unified_diff(
                expected[file].decode("utf-8").splitlines(keepends=True),
                actual[file].decode("utf-8").splitlines(keepends=True),
                f"golden/export/{name}/{file}",
                "now",
                n=2,
            )
        )
        for file in changed
    )
    assert not changed, f"{changed} differ from their golden files:\n{diff[:6000]}"


@pytest.fixture(params=HANDBOOKS)
def project(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, Path]:
    """(name, folder) of each handbook's project, the folder the tests run in."""
    name: str = request.param
    folder = _project(HANDBOOKS[name], tmp_path)
    monkeypatch.chdir(folder)
    return name, folder


def test_export_matches_the_golden_files(project: tuple[str, Path]) -> None:
    name, _ = project
    actual = {"cjm.json": _export("--format", "json")}
    for table in CSV_TABLES:
        actual[f"{table}.csv"] = _export("--format", "csv", "--table", table)
    _compare(name, actual)
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
