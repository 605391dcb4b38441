"""mkdocs.yml read once for the command line: parsed as MkDocs parses it, the `cjm`
options taken from it (`config.read_project`), and what is wrong with them as findings
at their lines, so that `mkdocs-cjm` refuses what `mkdocs build` refuses.

Glue for cli/commands.py: it uses MkDocs' own YAML loader (`!ENV`, `INHERIT`), imported only
when a file is read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..config import ConfigError, Project, option_line, read_project, unknown_option
from ..diagnostics import Diagnostic, Severity
from ..read.map_files import display_path


class ConfigProblems(Exception):
    """mkdocs.yml cannot be used; the findings say where and why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("mkdocs.yml cannot be used")
        self.diagnostics = diagnostics


def _mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml parsed as MkDocs parses it: `!ENV`, `INHERIT` and `!!python/name` included."""
    # Imported here: `schema` and `--help` need no MkDocs.
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    loader = get_yaml_loader()
    # A path relative to the config; no plugin option takes one, so its value is not needed.
    loader.add_constructor("!relative", lambda loader, node: None)
    try:
        with config_file.open("rb") as stream:
            config = yaml_load(stream, loader)
    except ConfigurationError as exc:
        mark = getattr(exc.__context__, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise _ProblemAt(line, str(exc), "MkDocs cannot read it either; fix it there") from None
    return config if isinstance(config, dict) else {}


class _ProblemAt(Exception):
    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def load_project(config_file: Path, root: Path, required: bool) -> tuple[Project, list[Diagnostic]]:
    """The project of mkdocs.yml (read once) and warnings about it; `ConfigProblems` if it
    cannot be used. Without the file the defaults apply, unless it was asked for (-f)."""
    path = display_path(config_file, root)

    def finding(
        line: int, message: str, hint: str = "", severity: Severity = Severity.ERROR
    ) -> Diagnostic:
        return Diagnostic(path, line, severity, message, hint, code="config")

    if not config_file.is_file():
        if required:
            hint = "give the path of your mkdocs.yml, or leave out -f to use the defaults"
            raise ConfigProblems([finding(1, "config file not found", hint)])
        return read_project({}, root), []
    text = ""
    try:
        text = config_file.read_text(encoding="utf-8", errors="replace")
        # Absolute as MkDocs makes docs_dir: the same Settings as the build's.
        project = read_project(_mkdocs_yml(config_file), Path(os.path.abspath(config_file.parent)))
    except _ProblemAt as problem:
        raise ConfigProblems([finding(problem.line, problem.message, problem.hint)]) from None
    except OSError as exc:
        raise ConfigProblems([finding(1, f"cannot read file: {exc.strerror}")]) from None
    except ConfigError as exc:
        line = option_line(text, exc.name)
        raise ConfigProblems([finding(line, exc.problem, exc.hint)]) from None
    # Warnings, as MkDocs gives them: `--strict` fails on them in both.
    unknown = [(option_line(text, name), unknown_option(name)) for name in project.unknown_options]
    return project, [finding(line, u.problem, u.hint, Severity.WARNING) for line, u in unknown]
