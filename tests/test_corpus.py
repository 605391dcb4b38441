"""The broken-map corpus: every rule of SPEC §2.5, checked end to end.

Each directory of `tests/corpus/` is overlaid onto a copy of the minimal
handbook; the real `mkdocs-cjm` console script must then print exactly the
expected `PATH:LINE: severity: message — hint` lines (and nothing else), in all
three output formats, and never a traceback.
"""

# ruff: noqa: E501  (the table holds exact output lines; wrapping them would hide them)

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
CORPUS = TESTS / "corpus"
MINIMAL = TESTS / "fixtures" / "minimal"
SCRIPT = shutil.which("mkdocs-cjm", path=str(Path(sys.executable).parent)) or "mkdocs-cjm"
TODAY = "2026-10-01"

CASES: dict[str, list[str]] = {
    # References between files (SPEC §2.5: unknown ids)
    "unknown-persona": [
        "maps/journeys/trip.md:3: error: unknown persona 'nian' — did you mean 'nina'?"
    ],
    "unknown-touchpoint-in-step": [
        "maps/journeys/trip.md:11: error: unknown touchpoint 'webshp' — did you mean 'webshop'?"
    ],
    "unknown-touchpoint-in-channels": [
        "maps/personas/ole.md:5: error: unknown touchpoint 'telephone' — known touchpoints: instagram, store, webshop"
    ],
    "unknown-stage": [
        "maps/journeys/trip.md:8: error: unknown stage 'awarenes' — did you mean 'awareness'?"
    ],
    "stage-not-in-custom-vocabulary": [
        "maps/journeys/trip.md:10: error: unknown stage 'awareness' — known stages: discovery",
        "maps/journeys/trip.md:27: error: unknown stage 'purchase' — known stages: discovery",
        "maps/journeys/visit.md:11: error: unknown stage 'consideration' — known stages: discovery",
    ],
    "unknown-compares": [
        "maps/journeys/trip.md:6: error: unknown journey 'vist' — did you mean 'visit'?"
    ],
    "compares-itself": [
        "maps/journeys/trip.md:6: error: a journey cannot be compared with itself — name the id of the other journey (e.g. its current state)"
    ],
    # Ids: file names; `index` names generated pages (SPEC §2.5)
    "reserved-id-persona": [
        "maps/personas/index.md:1: error: id 'index' is reserved for a generated page: personas/index.md is the list of personas — rename the file; its name is the id that URLs and references use"
    ],
    "reserved-id-stage": [
        "maps/journeys/trip.md:27: error: unknown stage 'index' — known stages: awareness, consideration",
        "maps/stages/index.md:1: error: id 'index' is reserved for a generated page: stages/index.md is the list of stages, journeys/<journey>/index.md each journey's overview — rename the file; its name is the id that URLs and references use",
    ],
    "duplicate-id": [
        "maps/journeys/b/errand.md:1: error: duplicate id 'errand': maps/journeys/a/errand.md has the same file name — ids are file names and must be unique within journeys/; rename one of them"
    ],
    "bad-id-space": [
        "maps/journeys/Trip Plan.md:1: error: invalid id 'Trip Plan': a file name may use only lowercase a-z, 0-9 and '-' — rename it to 'trip-plan.md'"
    ],
    "bad-id-umlaut": [
        "maps/journeys/über.md:1: error: invalid id 'über': a file name may use only lowercase a-z, 0-9 and '-' — rename it to 'uber.md'"
    ],
    # Required fields
    "missing-title": [
        "maps/journeys/trip.md:1: error: missing required field 'title' — add `title: ...`"
    ],
    "missing-owner": [
        "maps/journeys/trip.md:1: error: missing required field 'owner' — add `owner: ...`"
    ],
    "missing-personas": [
        "maps/journeys/trip.md:1: error: missing required field 'personas' — add `personas: ...`"
    ],
    "missing-emotion": [
        "maps/journeys/trip.md:10: error: missing required field 'emotion' — add `emotion: ...`"
    ],
    "missing-step-title": [
        "maps/journeys/trip.md:10: error: missing required field 'title' — add `title: ...`"
    ],
    "missing-touchpoint-title": [
        "maps/touchpoints/store.md:1: error: missing required field 'title' — add `title: ...`"
    ],
    "stage-missing-order": [
        "maps/stages/awareness.md:1: error: missing required field 'order' — add `order: ...`"
    ],
    "empty-title": ["maps/journeys/trip.md:2: error: 'title' is empty — fill it in"],
    # Wrong types
    "personas-as-string": [
        "maps/journeys/trip.md:3: error: 'personas' is 'nina', but must be a list — write it as a list: [nina]"
    ],
    "emotion-as-string": [
        "maps/journeys/trip.md:12: error: 'emotion' is '4', but must be a whole number — write the number without quotes"
    ],
    "title-as-number": [
        "maps/journeys/trip.md:2: error: 'title' is 42, but must be text — put it in quotes to make it text"
    ],
    "stages-as-mapping": [
        "maps/journeys/trip.md:7: error: 'stages' is a mapping, but must be a list"
    ],
    # Out of range
    "emotion-zero": [
        "maps/journeys/trip.md:12: error: 'emotion' is 0, but must be a whole number from 1 to 5 — 1 is very negative, 3 neutral, 5 very positive"
    ],
    "emotion-six": [
        "maps/journeys/trip.md:12: error: 'emotion' is 6, but must be a whole number from 1 to 5 — 1 is very negative, 3 neutral, 5 very positive"
    ],
    "severity-out-of-range": [
        "maps/journeys/trip.md:16: error: 'severity' is 7, but must be a whole number from 1 to 5 — 5 hurts most"
    ],
    "impact-out-of-range": [
        "maps/journeys/trip.md:19: error: 'impact' is 0, but must be a whole number from 1 to 5 — 5 is the biggest improvement"
    ],
    "effort-out-of-range": [
        "maps/journeys/trip.md:20: error: 'effort' is 9, but must be a whole number from 1 to 5 — 5 is the most work"
    ],
    "drop-off-above-one": [
        "maps/journeys/trip.md:23: error: 'drop_off' is 62, but must be a fraction from 0 to 1 — write 62% as 0.62"
    ],
    "review-every-zero": [
        "maps/journeys/trip.md:7: error: 'review_every' is 0, but must be at least 1"
    ],
    "empty-steps": [
        "maps/journeys/trip.md:9: error: 'steps' is empty, but needs at least one item"
    ],
    # Outside an enumeration
    "bad-kind": [
        "maps/journeys/trip.md:6: error: 'kind' is 'future', but must be one of: current-state, future-state, day-in-the-life, service-blueprint — did you mean 'future-state'?"
    ],
    "bad-status": [
        "maps/journeys/trip.md:5: error: 'status' is 'publised', but must be one of: draft, published, retired — did you mean 'published'?"
    ],
    "bad-mode": [
        "maps/touchpoints/store.md:4: error: 'mode' is 'in-person', but must be one of: online, offline"
    ],
    "bad-opportunity-status": [
        "maps/journeys/trip.md:21: error: 'status' is 'in progress', but must be one of: idea, planned, in-progress, done — did you mean 'in-progress'?"
    ],
    # Unknown fields, with a did-you-mean hint
    "unknown-field-journey": [
        "maps/journeys/trip.md:6: error: unknown field 'scenaro' — did you mean 'scenario'?"
    ],
    "unknown-field-step": [
        "maps/journeys/trip.md:10: error: missing required field 'emotion' — add `emotion: ...`",
        "maps/journeys/trip.md:12: error: unknown field 'emtion' — did you mean 'emotion'?",
    ],
    "unknown-field-touchpoint-singular": [
        "maps/journeys/trip.md:11: error: unknown field 'touchpoint' — did you mean 'touchpoints'?"
    ],
    "unknown-field-pain-point": [
        "maps/journeys/trip.md:16: error: unknown field 'severty' — did you mean 'severity'?"
    ],
    "unknown-field-persona": [
        "maps/personas/ole.md:3: error: unknown field 'chanels' — did you mean 'channels'?"
    ],
    # Dates
    "date-does-not-exist": [
        "maps/journeys/trip.md:6: error: 'reviewed' is '2026-02-30', which is not a valid date — write an ISO date that exists, like 2026-09-14"
    ],
    "date-not-iso": [
        "maps/journeys/trip.md:6: error: 'reviewed' is '14.09.2026', which is not a valid date — write an ISO date that exists, like 2026-09-14"
    ],
    "date-with-time": [
        "maps/journeys/trip.md:6: error: 'reviewed' has a time of day, but must be a date — write only YYYY-MM-DD"
    ],
    # Structure of a journey
    "stage-used-twice": [
        "maps/journeys/trip.md:17: error: stage 'awareness' is used twice in this journey (first at line 8) — put all its steps under the first one"
    ],
    # Front matter and YAML
    "missing-front-matter": [
        "maps/journeys/trip.md:1: error: missing front matter — the file must start with a line of `---`, then YAML, then `---`"
    ],
    "front-matter-not-closed": [
        "maps/journeys/trip.md:1: error: front matter is not closed — end it with a line of `---`"
    ],
    "front-matter-not-a-mapping": [
        "maps/journeys/trip.md:2: error: front matter must be a mapping of `field: value` lines"
    ],
    "yaml-syntax-error": [
        "maps/journeys/trip.md:2: error: invalid YAML: mapping values are not allowed in this context — check the indentation, and quote text that contains ': ' or starts with a special character"
    ],
    "tab-indentation": [
        "maps/journeys/trip.md:9: error: invalid YAML: found a tab character that violates indentation — check the indentation, and quote text that contains ': ' or starts with a special character"
    ],
    "duplicate-yaml-key": [
        "maps/journeys/trip.md:6: error: duplicate key 'owner' (first at line 4) — YAML would keep only the last one; merge them"
    ],
    "unsupported-yaml-tag": [
        "maps/journeys/trip.md:2: error: unsupported YAML tag '!!python/object/apply:os.system' — only plain text, numbers, dates, lists and mappings are allowed"
    ],
    "custom-yaml-tag": [
        "maps/journeys/trip.md:4: error: unsupported YAML tag '!ENV' — only plain text, numbers, dates, lists and mappings are allowed"
    ],
    "yaml-set-tag": [
        "maps/journeys/trip.md:3: error: unsupported YAML tag '!!set' — only plain text, numbers, dates, lists and mappings are allowed"
    ],
    "null-key": [
        "maps/touchpoints/store.md:5: error: a key is empty ('~' means nothing in YAML) — write the field's name before the ':', like `owner: E-commerce`"
    ],
    # A bare `=` is text (PyYAML would tag it `!!value`); only the list is wrong here.
    "equals-sign-owner": [
        "maps/touchpoints/store.md:6: error: 'kpis' is '=', but must be a list — write it as a list: [=]"
    ],
    "recursive-alias": [
        "maps/journeys/trip.md:3: error: front matter is nested too deeply — a map needs only a few levels; check for an alias (*name) inside its own anchor"
    ],
    # Bytes of the file (stored raw; see tests/corpus/.gitattributes)
    "not-utf8": [
        "maps/journeys/trip.md:4: error: file is not UTF-8 (byte 0xe6) — save it as UTF-8"
    ],
    # A BOM and CRLF are read as if they were not there: the lines are an editor's.
    "byte-order-mark": [
        "maps/journeys/trip.md:1: error: missing required field 'title' — add `title: ...`",
        "maps/journeys/trip.md:2: error: unknown field 'titel' — did you mean 'title'?",
    ],
    "crlf-line-endings": [
        "maps/journeys/trip.md:5: error: 'status' is 'publised', but must be one of: draft, published, retired — did you mean 'published'?",
        "maps/journeys/trip.md:12: error: 'emotion' is 6, but must be a whole number from 1 to 5 — 1 is very negative, 3 neutral, 5 very positive",
    ],
    "control-character": [
        "maps/journeys/trip.md:8: error: file contains the control character U+001B at line 8, column 24 — remove it; it is invisible in most editors"
    ],
    # YAML counts U+2028 and U+2029 as line breaks, editors do not.
    "line-separator-in-quoted-value": [
        "maps/journeys/trip.md:15: error: 'emotion' is 9, but must be a whole number from 1 to 5 — 1 is very negative, 3 neutral, 5 very positive"
    ],
    "empty-file": [
        "maps/journeys/trip.md:1: error: file is empty — start with front matter; `mkdocs-cjm new journey trip` writes a template"
    ],
    # Step ids and dated evidence (SPEC §2.4)
    "step-id-invalid": [
        "maps/journeys/trip.md:30: error: invalid step id 'Orders Webshop': an id may use only lowercase a-z, 0-9 and '-' — write `id: orders-webshop`",
    ],
    "step-id-duplicate": [
        "maps/journeys/trip.md:31: error: duplicate step id 'order' (first at line 14) — step ids must be unique within a journey; rename one of them",
    ],
    "step-id-like-position-anchor": [
        "maps/journeys/trip.md:30: error: step id 'step-1' looks like the anchor of a step without an id — steps without an id are linked as step-1, step-2, ...; name the step by what happens, e.g. `id: orders-in-webshop`",
    ],
    "evidence-missing-date": [
        "maps/journeys/trip.md:34: error: missing required field 'date' of an item of 'evidence' — add `date: YYYY-MM-DD`, the day it was gathered; evidence without a date is written as plain text",
    ],
    # Data files, maps/data/*.csv (SPEC §2.6): every bad row at its line
    "data-unknown-journey-and-step": [
        "maps/data/funnel.csv:3: error: unknown journey 'trips' — did you mean 'trip'?",
        "maps/data/funnel.csv:4: error: unknown step 'order' in journey 'trip' — did you mean 'orders'?",
        "maps/data/funnel.csv:5: error: unknown journey 'Trip' — did you mean 'trip'?",
        "maps/data/funnel.csv:6: error: unknown step 'orders' in journey 'visit' — no step of 'visit' has an id yet; add `id:` to the step",
    ],
    "data-step-without-id": [
        "maps/data/survey.csv:2: error: unknown step 'orders-in-the-webshop' in journey 'trip' — the step 'Orders in the webshop' (maps/journeys/trip.md:29) has no id; give it `id: orders-in-the-webshop`",
    ],
    "data-bad-number": [
        "maps/data/survey.csv:2: error: 'value' is '4,1', which is not a number — write a decimal point, not a comma: 4.1",
        "maps/data/survey.csv:3: error: 'value' is 'four', which is not a number — write a number with a decimal point and no unit, like 0.62 or 412",
        "maps/data/survey.csv:4: error: 'value' is empty — write the figure, or remove the row",
        "maps/data/survey.csv:5: error: 'value' is '12%', which is not a number — write 12% as 0.12",
        "maps/data/survey.csv:6: error: 'n' is '-3', but must be a whole number, 1 or more — n is how many people or sessions the figure counts; leave it empty if unknown",
    ],
    "data-bad-period": [
        "maps/data/funnel.csv:2: error: 'period' is '2026/Q3', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30)",
        "maps/data/funnel.csv:3: error: 'period' is 'Q3 2026', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30)",
        "maps/data/funnel.csv:4: error: 'period' is '2026-13', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30)",
        "maps/data/funnel.csv:5: error: 'period' is '2026-02-30', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30)",
        "maps/data/funnel.csv:6: error: 'period' is '2026-Q5', which is not a period — write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30)",
    ],
    "data-fraction-out-of-range": [
        "maps/data/funnel.csv:2: error: 'drop_off' is 62, but must be a fraction from 0 to 1 — write 62% as 0.62",
        "maps/data/funnel.csv:3: error: 'conversion' is -0.1, but must be a fraction from 0 to 1",
    ],
    "data-duplicate-figure": [
        "maps/data/a-funnel.csv:3: error: duplicate figure: 'drop_off' of step 'orders' in 'trip' for 2026-Q3 (first at line 2) — keep one row per journey, step, metric and period",
        "maps/data/b-export.csv:2: error: duplicate figure: 'drop_off' of step 'orders' in 'trip' for 2026-Q3 (first at maps/data/a-funnel.csv:2) — keep one row per journey, step, metric and period",
        "maps/data/b-export.csv:4: error: duplicate figure: 'nps' of the whole journey in 'trip' for 2026-Q3 (first at line 3) — keep one row per journey, step, metric and period",
    ],
    "data-missing-column": [
        "maps/data/funnel.csv:1: error: missing columns 'metric', 'period' — the header row must name journey,step,metric,period,value (and optionally source,n)",
        "maps/data/funnel.csv:1: error: unknown column 'metrc' — did you mean 'metric'?",
    ],
    "data-semicolons": [
        "maps/data/funnel.csv:1: error: the header has one column; the file separates its columns with ';' — export the file with commas between columns (CSV, comma-delimited)",
    ],
    "data-bom-and-crlf": [
        "maps/data/funnel.csv:3: error: 'drop_off' is 2, but must be a fraction from 0 to 1 — write 2% as 0.02",
    ],
    "data-not-utf8": [
        "maps/data/survey.csv:2: error: file is not UTF-8 (byte 0xf8) — save it as UTF-8",
    ],
    "data-row-width": [
        'maps/data/funnel.csv:2: error: row has 8 cells, but the header has 7 columns — quote cells that hold a comma ("like, this"); leave optional cells empty but keep their commas',
        'maps/data/funnel.csv:4: error: row has 3 cells, but the header has 7 columns — quote cells that hold a comma ("like, this"); leave optional cells empty but keep their commas',
    ],
}

LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+): (?P<severity>error|warning|info): (?P<message>.+?)(?: — (?P<hint>.+))?$"
)


def project_with(case: str | None, tmp_path: Path) -> Path:
    """A copy of the minimal project with a corpus case laid over its maps/."""
    shutil.copytree(MINIMAL, tmp_path, dirs_exist_ok=True)
    if case is not None:
        shutil.copytree(CORPUS / case, tmp_path / "maps", dirs_exist_ok=True)
    return tmp_path


def check(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """Run the real console script, as a writer or CI would."""
    result = subprocess.run(
        [SCRIPT, "check", "--today", TODAY, *options],
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_minimal_fixture_passes(tmp_path: Path) -> None:
    result = check(project_with(None, tmp_path))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "Checked 7 files in maps: 0 errors, 0 warnings."


@pytest.mark.parametrize("encoding", ["crlf", "bom", "bom-and-crlf"])
def test_minimal_fixture_passes_with_windows_line_endings_and_bom(
    encoding: str, tmp_path: Path
) -> None:
    project = project_with(None, tmp_path)
    for file in (project / "maps").rglob("*.md"):
        data = file.read_bytes()
        if "crlf" in encoding:
            data = data.replace(b"\n", b"\r\n")
        if "bom" in encoding:
            data = b"\xef\xbb\xbf" + data
        file.write_bytes(data)
    result = check(project)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "Checked 7 files in maps: 0 errors, 0 warnings."


def test_what_is_not_read_is_named(tmp_path: Path) -> None:
    project = project_with(None, tmp_path)
    maps = project / "maps"
    (maps / "personas/nina.md").rename(maps / "nina.md")
    (maps / "personas/ole.md").unlink()
    (maps / "personas/ole.md").symlink_to("ole-the-retiree.md")
    (maps / "journeys/old").symlink_to("../journeys")
    result = check(project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "maps/journeys/old:1: warning: symbolic link to a folder is not followed — move or copy the folder into maps/; links to folders are not followed",
        "maps/journeys/trip.md:3: error: unknown persona 'nina' — no persona exists yet",
        "maps/journeys/visit.md:3: error: unknown persona 'nina' — no persona exists yet",
        "maps/journeys/visit.md:3: error: unknown persona 'ole' — no persona exists yet",
        "maps/nina.md:1: warning: a map directly in maps/ is ignored — move it into the folder of its kind: maps/journeys/, maps/touchpoints/, maps/personas/, maps/stages/",
        "maps/personas/ole.md:1: warning: broken symbolic link; it is ignored — it points to 'ole-the-retiree.md', which does not exist; fix or remove it",
        "Checked 5 files in maps: 3 errors, 3 warnings.",
    ]


def test_every_case_is_in_the_table_and_vice_versa() -> None:
    on_disk = {path.name for path in CORPUS.iterdir() if path.is_dir()}
    assert on_disk == set(CASES)
    assert len(CASES) >= 34


def test_raw_bytes_survive_checkout() -> None:
    # If git rewrote these files, their cases would test nothing.
    assert (CORPUS / ".gitattributes").read_text().splitlines()[-1] == "* -text"
    assert (CORPUS / "byte-order-mark/journeys/trip.md").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (CORPUS / "crlf-line-endings/journeys/trip.md").read_bytes()
    assert (CORPUS / "data-bom-and-crlf/data/funnel.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (CORPUS / "data-bom-and-crlf/data/funnel.csv").read_bytes()
    latin1 = (CORPUS / "not-utf8/journeys/trip.md").read_bytes()
    assert latin1.split(b"\n")[3] == b"owner: M\xe6rsk"


@pytest.mark.parametrize("case", sorted(CASES))
def test_case_text(case: str, tmp_path: Path) -> None:
    result = check(project_with(case, tmp_path))
    assert result.returncode == 1
    *findings, summary = result.stdout.splitlines()
    assert findings == CASES[case]
    assert summary.startswith("Checked ")


@pytest.mark.parametrize("case", sorted(CASES))
def test_case_github_and_json(case: str, tmp_path: Path) -> None:
    project = project_with(case, tmp_path)
    expected = [LINE.match(line) for line in CASES[case]]
    assert all(expected), "every table line must parse"

    github = check(project, "--format", "github")
    assert github.returncode == 1
    for match in expected:
        assert match is not None
        text = match["message"] + (f" — {match['hint']}" if match["hint"] else "")
        # Workflow commands reserve '%' (and CR/LF, which no message here holds).
        text = text.replace("%", "%25")
        line = f"::{match['severity']} file={match['path']},line={match['line']}::{text}"
        assert line in github.stdout.splitlines()

    as_json = check(project, "--format", "json")
    assert as_json.returncode == 1
    assert "Checked " in as_json.stderr  # the summary stays off stdout
    found = json.loads(as_json.stdout)
    # `code` is the diagnostics registry's business; the table holds what a writer reads.
    assert all(isinstance(item.pop("code"), str) for item in found)
    assert found == [
        {
            "path": match["path"],
            "line": int(match["line"]),
            "severity": match["severity"],
            "message": match["message"],
            "hint": match["hint"] or "",
        }
        for match in expected
        if match is not None
    ]
