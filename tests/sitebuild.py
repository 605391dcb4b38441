"""Helpers shared by the tests that build real sites with `mkdocs build`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
CJM = str(Path(sys.executable).parent / "mkdocs-cjm")

# 2026-11-18 12:00 UTC: freshness and "build date" are judged as of this day,
# so no test changes its result with the calendar.
FIXED_EPOCH = "1795000000"


def build_env(**extra: str) -> dict[str, str]:
    """The environment of a reproducible, quiet build."""
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=FIXED_EPOCH, NO_MKDOCS_2_WARNING="1", **extra)
    return env


def mkdocs_build(
    config_file: Path, site_dir: Path, *, strict: bool = True, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build` and return what it printed."""
    command = [MKDOCS, "build", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    return subprocess.run(
        command,
        cwd=cwd or config_file.parent,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def load_config(text: str) -> Any:
    """A written mkdocs.yml as data, with `!!python/name:x` read as the text `python/name:x`."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor(
        "tag:yaml.org,2002:python/name:", lambda loader, suffix, node: f"python/name:{suffix}"
    )
    return yaml.load(text, Loader=Loader)


def write_project(root: Path, maps: Path, config: str) -> Path:
    """A project in `root`: a copy of `maps`, a one-page docs/ and the given mkdocs.yml."""
    import shutil

    shutil.copytree(maps, root / "maps")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config_file = root / "mkdocs.yml"
    config_file.write_text(config, encoding="utf-8")
    return config_file
