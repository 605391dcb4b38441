"""Publishing with mike, end to end, without GitHub: the helpers.

A bare repository stands in for the GitHub repository. A project (the minimal
fixture, Material with `extra.version` as in the example's mkdocs.yml, its
`overrides/` and `.github/scripts/deploy.sh`) is pushed to it, and every deploy
runs in a fresh full clone, as `actions/checkout` with `fetch-depth: 0` gives
the workflow. The commands are the `run:` steps of the deploy job of
.github/workflows/publish.yml, read from the workflow itself (all but the two
install steps: this venv already has everything), so the tests deploy exactly
what CI deploys. `publish_example` does, in order:

1. a push to main, before any release: `dev`, and the site root shows it;
2. tag v2026.10: release `2026.10`, alias `latest`, the root now redirects to it;
3. a journey's title changes on main, and the tag v2026.11 is pushed with it:
   both deploys start from the same gh-pages, as on GitHub when a merge and a
   release tag arrive together; `dev` pushes first, `2026.11` must retry, and
   `latest` moves to it;
4. tag v2026.10.1 on the commit of v2026.10: a fix of the older release is
   published as `2026.10.1`, but `latest` stays on `2026.11`.

Used by tests/site/test_publish.py (the gh-pages branch) and
tests/browser/test_versions.py (what a reader sees).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from sitebuild import FIXED_EPOCH, MINIMAL_MAPS, REPO, BuiltSite, write_project

PUBLISH_WORKFLOW = REPO / ".github" / "workflows" / "publish.yml"
DEPLOY_SCRIPT = REPO / ".github" / "scripts" / "deploy.sh"
JOURNEY = "maps/journeys/trip.md"
OLD_TITLE = "Buying a sofa online"
NEW_TITLE = "Buying a sofa online, delivered"
BANNER = "You are not reading the current release of this handbook."

# The steps of the deploy job that install the toolchain; this venv has it all.
INSTALL_STEPS = ("npm ci", "python -m pip install")

# Commit dates of the two states of the maps: the pages show them ("Last
# changed"), which only works with the full history in the clone.
FIRST_DATE = "2026-10-01T09:00:00+00:00"
SECOND_DATE = "2026-11-10T09:00:00+00:00"


def example_version_config() -> dict[str, Any]:
    """`extra.version` of the example's mkdocs.yml (its Python tags are not needed here)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    version: dict[str, Any] = config["extra"]["version"]
    return version


def project_config() -> str:
    config = {
        "site_name": "Publishing test",
        "site_url": "https://example.org/handbook/",
        "theme": {"name": "material", "custom_dir": "overrides", "font": False},
        "plugins": ["search", "cjm"],
        "extra": {"version": example_version_config()},
    }
    return yaml.safe_dump(config, sort_keys=False)


def workflow_commands() -> list[str]:
    """The `run:` scripts of publish.yml's deploy job, minus the installs."""
    workflow = yaml.safe_load(PUBLISH_WORKFLOW.read_text(encoding="utf-8"))
    runs = [step["run"] for step in workflow["jobs"]["deploy"]["steps"] if "run" in step]
    installs = [run for run in runs if run.startswith(INSTALL_STEPS)]
    assert len(installs) == len(INSTALL_STEPS), runs
    commands = [run for run in runs if run not in installs]
    assert any("deploy.sh" in run for run in commands), commands
    return commands


class Git:
    """Runs commands with a fixed identity, dates from the caller and no user config."""

    def __init__(self, home: Path) -> None:
        home.mkdir(parents=True, exist_ok=True)
        bin_dir = str(Path(sys.executable).parent)
        self.env = {
            **os.environ,
            "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            "HOME": str(home),
            "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test Author",
            "GIT_AUTHOR_EMAIL": "author@example.org",
            "GIT_COMMITTER_NAME": "Test Committer",
            "GIT_COMMITTER_EMAIL": "committer@example.org",
            "SOURCE_DATE_EPOCH": FIXED_EPOCH,
            "NO_MKDOCS_2_WARNING": "1",
            "CI": "true",
        }
        for name in ("GITHUB_REF", "GITHUB_REF_NAME", "GITHUB_STEP_SUMMARY", "MIKE_DOCS_VERSION"):
            self.env.pop(name, None)

    def run(
        self, *args: str, cwd: Path, check: bool = True, **extra_env: str
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            args,
            cwd=cwd,
            env={**self.env, **extra_env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
        return result

    def commit(self, work: Path, message: str, date: str) -> None:
        self.run("git", "add", "-A", cwd=work)
        self.run(
            "git",
            "commit",
            "-q",
            "-m",
            message,
            cwd=work,
            GIT_AUTHOR_DATE=date,
            GIT_COMMITTER_DATE=date,
        )


@dataclass
class Published:
    remote: Path
    logs: dict[str, str]
    git: Git

    def remote_git(self, *args: str) -> str:
        """Output of a git command in the bare repository that stands in for GitHub."""
        return self.git.run("git", f"--git-dir={self.remote}", *args, cwd=self.remote).stdout

    def show(self, path: str) -> str:
        return self.remote_git("show", f"gh-pages:{path}")

    def page(self, path: str) -> BeautifulSoup:
        return BeautifulSoup(self.show(path), "html.parser")


def checkout(git: Git, remote: Path, workdir: Path, ref: str) -> Path:
    """A fresh full clone at `ref`, as actions/checkout with fetch-depth 0 makes it."""
    runs = len([path for path in workdir.iterdir() if path.is_dir()])
    clone = workdir / f"{runs + 1}-{re.sub(r'[^a-z0-9.]+', '-', ref)}"
    git.run("git", "clone", "-q", str(remote), str(clone), cwd=workdir)
    if ref.startswith("refs/tags/"):
        # A tag push checks out the tagged commit, detached.
        git.run("git", "checkout", "-q", "--detach", ref.removeprefix("refs/tags/"), cwd=clone)
    return clone


def run_workflow(git: Git, clone: Path, ref: str) -> str:
    """Run the workflow's commands for `ref` in `clone`; return their output."""
    output = []
    for command in workflow_commands():
        # GitHub's default shell for `run:` on Linux is `bash -e {0}`.
        result = git.run(
            "bash",
            "-e",
            "-c",
            command,
            cwd=clone,
            GITHUB_REF=ref,
            GITHUB_REF_NAME=ref.split("/", 2)[2],
            GITHUB_STEP_SUMMARY=str(clone.with_suffix(".summary.md")),
        )
        output.append(result.stdout + result.stderr)
    return "\n".join(output)


def deploy(git: Git, remote: Path, workdir: Path, ref: str) -> str:
    return run_workflow(git, checkout(git, remote, workdir, ref), ref)


def publish_example(root: Path) -> Published:
    """Push the project to a bare repository in `root` and deploy it four times (see above)."""
    git = Git(root / "home")
    remote = root / "remote.git"
    git.run("git", "init", "-q", "--bare", "-b", "main", str(remote), cwd=root)

    work = root / "work"
    work.mkdir()
    write_project(work, MINIMAL_MAPS, project_config())
    shutil.copytree(REPO / "overrides", work / "overrides")
    (work / ".github" / "scripts").mkdir(parents=True)
    shutil.copy2(DEPLOY_SCRIPT, work / ".github" / "scripts" / "deploy.sh")
    git.run("git", "init", "-q", "-b", "main", cwd=work)
    git.commit(work, "Handbook with two journeys", FIRST_DATE)
    git.run("git", "remote", "add", "origin", str(remote), cwd=work)
    git.run("git", "push", "-q", "origin", "main", cwd=work)

    ci = root / "ci"
    ci.mkdir()
    logs = {"dev before any release": deploy(git, remote, ci, "refs/heads/main")}
    git.run("git", "tag", "-a", "v2026.10", "-m", "October 2026", cwd=work)
    git.run("git", "push", "-q", "origin", "v2026.10", cwd=work)
    logs["2026.10"] = deploy(git, remote, ci, "refs/tags/v2026.10")

    journey = work / JOURNEY
    text = journey.read_text(encoding="utf-8")
    journey.write_text(
        text.replace(f"title: {OLD_TITLE}\n", f"title: {NEW_TITLE}\n", 1), encoding="utf-8"
    )
    git.commit(work, "New title of the sofa journey", SECOND_DATE)
    git.run("git", "tag", "-a", "v2026.11", "-m", "November 2026", cwd=work)
    git.run("git", "push", "-q", "origin", "main", "v2026.11", cwd=work)
    # The merge and the release tag start two deploys at once: both check out
    # the same gh-pages, the main one pushes first, the release one must retry.
    main_clone = checkout(git, remote, ci, "refs/heads/main")
    release_clone = checkout(git, remote, ci, "refs/tags/v2026.11")
    logs["dev"] = run_workflow(git, main_clone, "refs/heads/main")
    logs["2026.11"] = run_workflow(git, release_clone, "refs/tags/v2026.11")
    # A fix of the older release, tagged on its commit: published, but `latest` stays.
    git.run("git", "tag", "-a", "v2026.10.1", "-m", "October 2026, fixed", "v2026.10", cwd=work)
    git.run("git", "push", "-q", "origin", "v2026.10.1", cwd=work)
    logs["2026.10.1"] = deploy(git, remote, ci, "refs/tags/v2026.10.1")
    return Published(remote, logs, git)


def publish_example_once(built_site: BuiltSite) -> Published:
    """`publish_example`, done once a run (the ``built_site`` fixture) for the modules
    that only read what it published; its logs are kept beside the repositories."""

    def publish(root: Path) -> Path:
        published = publish_example(root)
        (root / "logs.json").write_text(json.dumps(published.logs), encoding="utf-8")
        return root

    root = built_site("published-example", publish)
    logs = json.loads((root / "logs.json").read_text(encoding="utf-8"))
    return Published(root / "remote.git", logs, Git(root / "home"))
