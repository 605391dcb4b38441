"""Load `maps/`: find the source files, split front matter from body, parse YAML.

The folder a file sits in says what it is (its kind), the file name is its id.
YAML is composed with libyaml (fast, safe: only the standard tags) and turned
into plain Python values by hand, so that duplicate keys and impossible dates
become diagnostics instead of silent data loss or a traceback. Line numbers
are not kept for every value: a parse is cheap, so a diagnostic that needs a
line re-composes the front matter once (`Source.line_of`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, did_you_mean, error, warning

KINDS = ("stages", "personas", "touchpoints", "journeys")
"""The folders of `maps/`, in the order they are loaded (references point forwards)."""

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Location of a value inside the front matter: keys and list indexes.
Loc = tuple[str | int, ...]

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR_TAG = "tag:yaml.org,2002:str"
# Guards against "billion laughs" documents that expand aliases exponentially.
_MAX_VALUES = 200_000
# Guards against the stack: deep nesting, or an alias inside its own anchor (`&a [*a]`).
_MAX_DEPTH = 50
_YAML_TAG = "tag:yaml.org,2002:"
# The only tags a list or mapping may carry; `!!set`, `!!omap` or `!foo` would change its meaning.
_COLLECTION_TAGS: dict[type[yaml.Node], str] = {
    yaml.MappingNode: _YAML_TAG + "map",
    yaml.SequenceNode: _YAML_TAG + "seq",
}
# Scalars become text, numbers, booleans, empty or dates; `!!binary` bytes fit no field.
_SCALAR_TAGS = {_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}


class FrontMatterError(Exception):
    """Raised inside the YAML walk; carries a line relative to the front matter."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


@dataclass
class Source:
    """One file of `maps/`: its kind and id, parsed front matter and Markdown body."""

    kind: str
    id: str
    path: str  # relative to the project root, with forward slashes
    file: Path
    front_matter: dict[str, Any]
    body: str
    body_line: int  # line of the file where the body starts
    front_matter_text: str = field(repr=False, default="")
    _nodes: yaml.Node | None = field(default=None, repr=False, compare=False)

    def line_of(self, loc: Loc) -> int:
        """The file line of the key or list item at `loc`.

        Where `loc` names something absent (a missing field), this is the line of
        the closest enclosing item, so the reader lands at the right place.
        """
        if self._nodes is None:
            self._nodes = yaml.compose(self.front_matter_text, Loader=_Loader)
        node = self._nodes
        # The whole front matter starts at the `---` on line 1.
        line = 1
        for part in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                match = next((kv for kv in node.value if kv[0].value == part), None)
                if match is None:
                    break
                line = match[0].start_mark.line + 2
                node = match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                line = node.start_mark.line + 2
            else:
                break
        return line


def _unsupported_tag(node: yaml.Node) -> FrontMatterError:
    # Show the tag as the writer typed it (`!!python/...`), not its long form.
    tag = node.tag.replace(_YAML_TAG, "!!", 1)
    return FrontMatterError(
        node.start_mark.line,
        f"unsupported YAML tag '{tag}'",
        "only plain text, numbers, dates, lists and mappings are allowed",
    )


def _construct(node: yaml.Node, budget: list[int], depth: int = 0) -> Any:
    """Turn a composed YAML node into plain Python values, refusing what would lose data."""
    budget[0] -= 1
    if budget[0] < 0:
        raise FrontMatterError(node.start_mark.line, "front matter is too large", "")
    kind = type(node)
    # Scalars are most of a map, and most scalars are plain text: check those first.
    if kind is yaml.ScalarNode:
        tag = node.tag
        if tag == _STR_TAG:
            return node.value
        if tag not in _SCALAR_TAGS:
            raise _unsupported_tag(node)
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except ValueError:
            # An impossible date such as 2026-02-30: keep the text, the model reports it.
            return node.value
    if depth > _MAX_DEPTH:
        raise FrontMatterError(
            node.start_mark.line,
            "front matter is nested too deeply",
            "a map needs only a few levels; check for an alias (*name) inside its own anchor",
        )
    if node.tag != _COLLECTION_TAGS.get(kind):
        raise _unsupported_tag(node)
    if kind is yaml.SequenceNode:
        return [_construct(item, budget, depth + 1) for item in node.value]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if type(key_node) is not yaml.ScalarNode:
            raise FrontMatterError(
                key_node.start_mark.line, "a key must be a plain word", "write `name: value`"
            )
        key = str(_construct(key_node, budget, depth + 1))
        if key in mapping:
            first = next(k for k, _ in node.value if str(_construct(k, [1])) == key)
            raise FrontMatterError(
                key_node.start_mark.line,
                f"duplicate key '{key}' (first at line {first.start_mark.line + 2})",
                "YAML would keep only the last one; merge them",
            )
        mapping[key] = _construct(value_node, budget, depth + 1)
    return mapping


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """Split a file into (front matter, its first line, body, body's first line).

    Returns None if the file does not start with a `---` line or the block is
    not closed by a `---` (or `...`) line.
    """
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            front = "\n".join(lines[1:index]) + "\n"
            body = "\n".join(lines[index + 1 :])
            return front, 2, body, index + 2
    return None


def _decode(data: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [
            error(
                path,
                1,
                "file starts with a byte order mark (BOM)",
                "save it as UTF-8 without BOM",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, [
            error(
                path,
                line,
                f"file is not UTF-8 (byte 0x{data[exc.start]:02x})",
                "save it as UTF-8",
            )
        ]
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        return None, [
            error(
                path,
                line,
                "file has Windows (CRLF) or old Mac (CR) line endings",
                "save it with LF line endings; `* text=auto eol=lf` in .gitattributes keeps them",
            )
        ]
    return text, []


def load_source(file: Path, kind: str, root: Path) -> tuple[Source | None, list[Diagnostic]]:
    """Read and parse one file of `maps/`; None with diagnostics if it cannot be used."""
    path = display_path(file, root)
    source_id = file.stem
    if not ID_PATTERN.match(source_id):
        # Suggest 'uber' for 'über': drop accents before replacing what is left.
        ascii_id = unicodedata.normalize("NFKD", source_id).encode("ascii", "ignore").decode()
        suggestion = re.sub(r"[^a-z0-9]+", "-", ascii_id.lower()).strip("-") or "my-id"
        return None, [
            error(
                path,
                1,
                f"invalid id '{source_id}': a file name may use only lowercase a-z, 0-9 and '-'",
                f"rename it to '{suggestion}.md'",
            )
        ]
    try:
        data = file.read_bytes()
    except OSError as exc:
        return None, [error(path, 1, f"cannot read file: {exc.strerror}")]
    text, problems = _decode(data, path)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [
            error(
                path,
                1,
                "file is empty",
                f"start with front matter; `mkdocs-cjm new {kind.rstrip('s')} {source_id}` "
                "writes a template",
            )
        ]
    parts = split_front_matter(text)
    if parts is None:
        first = text.split("\n", 1)[0]
        if first.rstrip() == "---":
            return None, [
                error(path, 1, "front matter is not closed", "end it with a line of `---`")
            ]
        return None, [
            error(
                path,
                1,
                "missing front matter",
                "the file must start with a line of `---`, then YAML, then `---`",
            )
        ]
    front_text, front_line, body, body_line = parts
    try:
        node = yaml.compose(front_text, Loader=_Loader)
        front_matter = {} if node is None else _construct(node, [_MAX_VALUES])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = front_line + (mark.line if mark else 0)
        return None, [
            error(
                path,
                line,
                f"invalid YAML: {exc.problem or exc.context}",
                "check the indentation, and quote text that contains ': ' or starts with "
                "a special character",
            )
        ]
    except FrontMatterError as exc:
        return None, [error(path, front_line + exc.line, exc.message, exc.hint)]
    if not isinstance(front_matter, dict):
        return None, [
            error(
                path,
                front_line,
                "front matter must be a mapping of `field: value` lines",
                "",
            )
        ]
    return (
        Source(kind, source_id, path, file, front_matter, body, body_line, front_text),
        [],
    )


def display_path(file: Path, root: Path) -> str:
    """The path a writer recognises: relative to the project root if possible."""
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(file.resolve(), root.resolve())).as_posix()


def _files(folder: Path) -> Iterable[Path]:
    # Sorted, so diagnostics, duplicates and indexes are the same on every machine.
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


@dataclass
class LoadedMaps:
    """Everything found in `maps/`: sources by kind and id, and what was wrong."""

    sources: dict[str, dict[str, Source]]
    diagnostics: list[Diagnostic]
    files_checked: int
    # Ids of every file with a valid name, including those that could not be parsed:
    # a reference to a file with a YAML error is not "unknown".
    ids: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in KINDS})


FileKey = tuple[int, int]
"""What says a file is unchanged since it was read: its modification time (ns) and size."""


class SourceCache:
    """Parsed files by path, reused while a file's modification time and size are unchanged.

    `mkdocs serve` rebuilds the whole site after every edit; with this, a rebuild
    re-reads only the files that changed.
    """

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[FileKey, Source | None, list[Diagnostic]]] = {}
        self.reads = 0  # files read and parsed by the last `load_maps`

    def load(self, file: Path, kind: str, root: Path) -> tuple[Source | None, list[Diagnostic]]:
        """`load_source`, or what it returned the last time the file was the same."""
        try:
            stat = file.stat()
            key: FileKey | None = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = None
        entry = self._entries.get(file)
        if key is not None and entry is not None and entry[0] == key:
            return entry[1], entry[2]
        self.reads += 1
        source, problems = load_source(file, kind, root)
        if key is not None:
            self._entries[file] = (key, source, problems)
        return source, problems

    def keep_only(self, files: set[Path]) -> None:
        """Forget files that are gone, so that a long `serve` does not hold them."""
        for file in [f for f in self._entries if f not in files]:
            del self._entries[file]


def load_maps(maps_dir: Path, root: Path, cache: SourceCache | None = None) -> LoadedMaps:
    """Load every source file of `maps_dir`, reporting unusable files and duplicate ids.

    With a `cache`, files unchanged since the last call are not read again.
    """
    seen: set[Path] = set()
    if cache is not None:
        cache.reads = 0
    sources: dict[str, dict[str, Source]] = {kind: {} for kind in KINDS}
    ids: dict[str, set[str]] = {kind: set() for kind in KINDS}
    diagnostics: list[Diagnostic] = []
    files_checked = 0
    if not maps_dir.is_dir():
        diagnostics.append(
            error(
                display_path(maps_dir, root),
                1,
                "maps folder not found",
                "create it, or set `maps_dir` in mkdocs.yml (or `--maps` on the command line)",
            )
        )
        return LoadedMaps(sources, diagnostics, 0)
    for entry in sorted(maps_dir.iterdir()):
        if entry.name.startswith(".") or entry.name in KINDS:
            continue
        if entry.is_dir():
            hint = did_you_mean(entry.name, KINDS) or f"use one of: {', '.join(KINDS)}"
            diagnostics.append(
                warning(
                    display_path(entry, root),
                    1,
                    f"unknown folder '{entry.name}' is ignored",
                    hint,
                )
            )
    for kind in KINDS:
        folder = maps_dir / kind
        if not folder.is_dir():
            continue
        for file in _files(folder):
            if file.suffix != ".md":
                diagnostics.append(
                    warning(
                        display_path(file, root),
                        1,
                        "not a .md file; it is ignored",
                        "rename it to end in .md, or move it out of maps/",
                    )
                )
                continue
            files_checked += 1
            if ID_PATTERN.match(file.stem):
                ids[kind].add(file.stem)
            if cache is None:
                source, problems = load_source(file, kind, root)
            else:
                seen.add(file)
                source, problems = cache.load(file, kind, root)
            diagnostics.extend(problems)
            if source is None:
                continue
            first = sources[kind].get(source.id)
            if first is not None:
                diagnostics.append(
                    error(
                        source.path,
                        1,
                        f"duplicate id '{source.id}': {first.path} has the same file name",
                        f"ids are file names and must be unique within {kind}/; rename one of them",
                    )
                )
                continue
            sources[kind][source.id] = source
    if cache is not None:
        cache.keep_only(seen)
    return LoadedMaps(sources, diagnostics, files_checked, ids)
