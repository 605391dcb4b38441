"""The options of the `cjm` plugin: one definition for the build and the command line.

Every option is one field of `Options`: its type, default, check and meaning on
one line. The plugin's MkDocs config and the CLI both judge a value through
`check_option`, so that `mkdocs-cjm check` refuses what the build refuses, in
the same words, and the same options give the same `Settings`.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, TypeVar, cast, get_args

import yaml

from .diagnostics import did_you_mean, printable

StaleLevel = Literal["warn", "info"]
NavPagesOption = Literal["auto", "all", "journeys", "indexes"]
ExternalMedia = Literal["warn", "allow"]

_T = TypeVar("_T")
Check = Callable[[str, object], object]
"""Returns the value of an option (option name, value as read) or raises `ConfigError`."""


class ConfigError(ValueError):
    """A setting that cannot be used: which one, what is wrong, how to fix it."""

    def __init__(self, name: str, problem: str, hint: str = "") -> None:
        super().__init__(f"{problem} — {hint}" if hint else problem)
        self.name = name  # the option or environment variable
        self.problem = problem
        self.hint = hint


def _described(value: object) -> str:
    """A value as a message quotes it: `'error'`, `0`, `true`, `a list`."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return f"'{printable(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


# A number of days written with its unit, as people say it: `90 days`, `13 weeks`.
_DAYS_IN_WORDS = re.compile(r"\s*([0-9]+)\s*(d|days?|w|weeks?)\s*", re.IGNORECASE)


def days_hint(name: str, value: object) -> str:
    """How to write `value` ('90 days', '13 weeks') as a number of days; "" if it is no such text.

    The plugin's options and a journey's `review_every` (`check/validate.py`) say it alike.
    """
    match = _DAYS_IN_WORDS.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return ""
    days = int(match[1]) * (7 if match[2].lower().startswith("w") else 1)
    return f"write only the number of days: `{name}: {days}`"


def _days(name: str, value: object) -> int:
    # bool is an int in Python, but `review_every: true` is no number of days.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(
            name,
            f"'{name}' is {_described(value)}, but must be a whole number of days, 1 or more",
            days_hint(name, value),
        )
    return value


def _folder(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(name, f"'{name}' is {_described(value)}, but must be a folder name")
    return value


# Letters, digits and `-._~`: what a URL path holds as it is (RFC 3986's unreserved).
_URL_SAFE_FOLDER = re.compile(r"[A-Za-z0-9._~-]+")


def _base_path(name: str, value: object) -> str:
    """A folder of the site, `cx` or `teams/cx`, as written in URLs; empty for the root."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ConfigError(
            name, f"'{name}' is {_described(value)}, but must be a folder of the site"
        )
    path = value.strip().removesuffix("/")
    problem = _base_path_problem(path)
    if problem is not None:
        raise ConfigError(name, f"'{name}' is {_described(value)}, but {problem[0]}", problem[1])
    return path


def _base_path_problem(path: str) -> tuple[str, str] | None:
    """What keeps `path` from being a folder of the site's URLs (problem, hint), or None."""
    example = "e.g. `base_path: cx` puts the handbook at /cx/"
    if path.startswith("/"):
        return (
            "must be a folder relative to the site's root",
            f"leave out the leading `/`: {example}",
        )
    if "\\" in path:
        return (
            "separates folders with `\\`",
            "write `/` between folders, e.g. `base_path: teams/cx`",
        )
    folders = path.split("/") if path else []
    if any(folder in ("", ".", "..") for folder in folders):
        return "may not hold an empty folder, `.` or `..`", example
    if not all(_URL_SAFE_FOLDER.fullmatch(folder) for folder in folders):
        return (
            "may hold only letters, digits and `-`, `_`, `.`, `~`, which URLs keep as they are",
            f"write `-` for a space, {example}" if " " in path else example,
        )
    return None


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(name, f"'{name}' is {_described(value)}, but must be true or false")
    return value


def _plugin_names(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        raise ConfigError(
            name,
            f"'{name}' is {_described(value)}, but must be a list of plugin names",
            f"write `{name}: [{printable(value)}]`",
        )
    if not isinstance(value, (list, tuple)) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        raise ConfigError(
            name, f"'{name}' is {_described(value)}, but must be a list of plugin names"
        )
    return tuple(item.strip() for item in value)


def _one_of(choices: Any) -> Check:
    """A check that accepts the values of a `Literal` type."""
    allowed: tuple[str, ...] = get_args(choices)

    def check(name: str, value: object) -> str:
        if not isinstance(value, str) or value not in allowed:
            hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
            raise ConfigError(
                name,
                f"'{name}' is {_described(value)}, but must be one of: {', '.join(allowed)}",
                hint,
            )
        return value

    return check


def _option(default: _T, check: Check, doc: str) -> _T:
    """A `dataclasses.field` with its check and meaning as metadata."""
    return field(default=default, metadata={"check": check, "doc": doc})


@dataclass(frozen=True)
class Options:
    """The options of `cjm` in mkdocs.yml (SPEC §4), checked; docs/guide/configuration.md."""

    maps_dir: str = _option("maps", _folder, "the folder of the maps, relative to mkdocs.yml")
    review_every: int = _option(90, _days, "days between reviews of a journey without its own")
    stale: StaleLevel = _option("warn", _one_of(StaleLevel), "stale journey: warning or notice")  # noqa: RUF009
    due_soon: int = _option(14, _days, "days before a review is due that show 'review due'")
    evidence_max_age: int = _option(365, _days, "days after which dated evidence counts as old")
    nav: bool = _option(True, _flag, "build the navigation when mkdocs.yml has no `nav`")
    nav_pages: NavPagesOption = _option("auto", _one_of(NavPagesOption), "how much nav lists")  # noqa: RUF009
    base_path: str = _option("", _base_path, "the site's folder of every generated page and asset")
    full_width: bool = _option(True, _flag, "journey and its stage pages in the window's width")
    external_media: ExternalMedia = _option(  # noqa: RUF009
        "warn", _one_of(ExternalMedia), "writer content that makes readers call another host"
    )
    preview_safe_plugins: tuple[str, ...] = _option(
        (), _plugin_names, "plugins whose page events `mkdocs serve`'s preview may run alone"
    )


OPTION_NAMES: tuple[str, ...] = tuple(option.name for option in fields(Options))
_CHECKS: dict[str, Check] = {option.name: option.metadata["check"] for option in fields(Options)}


def check_option(name: str, value: object) -> Any:
    """The value of option `name` if it is valid; else `ConfigError` naming the option."""
    if name not in _CHECKS:
        raise unknown_option(name)
    try:
        return _CHECKS[name](name, value)
    except ConfigError as exc:
        if exc.hint:
            raise
        default = getattr(Options, name)
        # YAML writes lists, not tuples.
        default = list(default) if isinstance(default, tuple) else default
        default = yaml.safe_dump({name: default}, default_flow_style=True)
        raise ConfigError(name, exc.problem, f"the default is `{default.strip()[1:-1]}`") from None


def unknown_option(name: str) -> ConfigError:
    """The finding for an option the plugin does not have (a warning, as in MkDocs)."""
    hint = did_you_mean(name, OPTION_NAMES) or f"the options are: {', '.join(OPTION_NAMES)}"
    return ConfigError(name, f"unknown option '{printable(name)}' of the cjm plugin", hint)


def read_options(raw: Mapping[str, object]) -> Options:
    """Checked options from the `cjm` entry of mkdocs.yml; names not in `Options` are skipped
    (see `unknown_option`). Raises `ConfigError` for the first invalid value."""
    return Options(**{name: check_option(name, raw[name]) for name in OPTION_NAMES if name in raw})


# --- what a build decides -------------------------------------------------------------

_LAST_SECOND = 253_402_300_799  # 9999-12-31T23:59:59Z, the last moment a date can hold


def today_from_environment() -> datetime.date:
    """Today, or the day of `SOURCE_DATE_EPOCH` so that builds can be reproduced.

    The variable is a whole number of seconds since 1970 (reproducible-builds.org);
    anything else raises `ConfigError` rather than being ignored, since a build that
    quietly uses the real date is not reproducible. Negative values are refused as
    well: no maps are dated before 1970, so a minus sign is a typo. Unset or empty
    means today.
    """
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return datetime.date.today()
    hint = "unset it, or set it to a time in seconds, e.g. `$(git log -1 --format=%ct)`"
    if not re.fullmatch(r"[0-9]+", value):
        raise ConfigError(
            "SOURCE_DATE_EPOCH",
            f"SOURCE_DATE_EPOCH is {_described(value)}, but must be a whole number of seconds "
            "since 1970-01-01 UTC, 0 or more",
            hint,
        )
    if int(value) > _LAST_SECOND:
        raise ConfigError(
            "SOURCE_DATE_EPOCH",
            f"SOURCE_DATE_EPOCH is {_described(value)}, a time after the year 9999",
            hint,
        )
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
    return (epoch + datetime.timedelta(seconds=int(value))).date()


@dataclass(frozen=True)
class Settings:
    """What the plugin config (or the CLI) decides about a build."""

    review_every: int = Options.review_every
    stale: StaleLevel = Options.stale
    due_soon_days: int = Options.due_soon
    evidence_max_age: int = Options.evidence_max_age
    full_width: bool = Options.full_width
    external_media: ExternalMedia = Options.external_media
    base_path: str = Options.base_path  # the site's folder of the handbook (urls.in_site)
    # Where persona images are looked for; None: their paths are checked, not the files.
    docs_dir: Path | None = None
    today: datetime.date = field(default_factory=lambda: today_from_environment())


def settings_for(options: Options, docs_dir: Path, today: datetime.date) -> Settings:
    """The settings of a build with these options: the one mapping, for plugin and CLI."""
    return Settings(
        review_every=options.review_every,
        stale=options.stale,
        due_soon_days=options.due_soon,
        evidence_max_age=options.evidence_max_age,
        full_width=options.full_width,
        external_media=options.external_media,
        base_path=options.base_path,
        docs_dir=docs_dir,
        today=today,
    )


# --- mkdocs.yml, for the command line ------------------------------------------------


@dataclass(frozen=True)
class Project:
    """What mkdocs.yml says about the handbook, read once, as the build reads it."""

    config_dir: Path  # relative paths in mkdocs.yml start here
    options: Options
    docs_dir: Path
    site_name: str | None = None
    language: str | None = None  # theme.language
    unknown_options: tuple[str, ...] = ()
    # The Mermaid scripts the site loads: mermaid2's `javascript`, then each entry of
    # `extra_javascript` named like one; local paths are relative to docs_dir.
    mermaid_scripts: tuple[str, ...] = ()

    @property
    def maps_dir(self) -> Path:
        """The maps folder the options name."""
        return self.config_dir / self.options.maps_dir


def plugin_entry(config: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The options of the `cjm` plugin in a parsed mkdocs.yml; None if it is not listed."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    if not isinstance(plugins, list):
        return None
    for entry in plugins:
        if entry == "cjm":
            return {}
        if isinstance(entry, dict) and "cjm" in entry:
            options = entry["cjm"]
            if options is None:
                return {}
            if not isinstance(options, dict):
                raise ConfigError(
                    "cjm",
                    f"the options of the cjm plugin are {_described(options)}, not a mapping",
                    "write each option on its own line under `- cjm:`, e.g. `maps_dir: maps`",
                )
            return cast(Mapping[str, Any], options)
    return None


def read_project(config: Mapping[str, Any], config_dir: Path) -> Project:
    """The project of a parsed mkdocs.yml in `config_dir`; `ConfigError` if it cannot be used."""
    raw = dict(plugin_entry(config) or {})
    # MkDocs' own switch for any plugin; it never reaches the plugin's options.
    _flag("enabled", raw.pop("enabled", True))
    docs_dir = _folder("docs_dir", config.get("docs_dir") or "docs")
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    site_name = config.get("site_name")
    return Project(
        config_dir=config_dir,
        options=read_options(raw),
        docs_dir=config_dir / docs_dir,
        site_name=site_name if isinstance(site_name, str) and site_name else None,
        language=language if isinstance(language, str) else None,
        unknown_options=tuple(name for name in raw if name not in OPTION_NAMES),
        mermaid_scripts=_mermaid_scripts(config),
    )


def _mermaid_scripts(config: Mapping[str, Any]) -> tuple[str, ...]:
    """The Mermaid scripts a parsed mkdocs.yml names (see `Project.mermaid_scripts`)."""
    scripts: list[Any] = []
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for entry in plugins if isinstance(plugins, list) else []:
        options = entry.get("mermaid2") if isinstance(entry, dict) else None
        if isinstance(options, dict):
            scripts.append(options.get("javascript"))
    for entry in config.get("extra_javascript") or []:
        # An entry is a path, or a mapping with `path` (and `type`, `async`, ...).
        script = entry.get("path") if isinstance(entry, dict) else entry
        if isinstance(script, str) and "mermaid" in posixpath.basename(script).lower():
            scripts.append(script)
    return tuple(script for script in scripts if isinstance(script, str) and script.strip())


def option_line(config_text: str, name: str) -> int:
    """The line of `name` in mkdocs.yml: a key of the `cjm` entry, else a top-level key;
    1 if neither is found (an inherited config, say). Tags are not resolved."""
    try:
        root = yaml.compose(config_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 1
    if not isinstance(root, yaml.MappingNode):
        return 1
    top = {key.value: key for key, _ in root.value if isinstance(key, yaml.ScalarNode)}
    plugins = next((value for key, value in root.value if key.value == "plugins"), None)
    # `plugins:` is a list of names and one-key mappings, or a mapping.
    entries: list[tuple[yaml.Node, yaml.Node | None]] = []
    if isinstance(plugins, yaml.MappingNode):
        entries = list(plugins.value)
    elif isinstance(plugins, yaml.SequenceNode):
        for item in plugins.value:
            if isinstance(item, yaml.MappingNode):
                entries += item.value
            else:
                entries.append((item, None))
    cjm = next(
        (e for e in entries if isinstance(e[0], yaml.ScalarNode) and e[0].value == "cjm"), None
    )
    if cjm is not None and isinstance(cjm[1], yaml.MappingNode):
        for option, _ in cjm[1].value:
            if isinstance(option, yaml.ScalarNode) and option.value == name:
                return int(option.start_mark.line) + 1
    if name in top:
        return int(top[name].start_mark.line) + 1
    return int(cjm[0].start_mark.line) + 1 if cjm is not None else 1
