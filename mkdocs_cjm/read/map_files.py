"""Load `maps/`: which files are read, what their names and folders say, the maps by kind.

The folder a file sits in says what it is (its kind), the file name is its id.
Links, special files and stray files are found here; reading one file into a
`Source` (its text, front matter and YAML) is `read/source.py`'s.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, did_you_mean, error, warning
from .source import Source, parse_source

KINDS = ("stages", "personas", "touchpoints", "opportunities", "journeys")
"""The folders of maps, in the order they are loaded (references point forwards)."""

FOLDERS = (*KINDS, "data", "paths")
"""Every folder `maps/` may hold: the maps' and the data files' (`read/data_files.py`)."""

# `\Z`, not `$`: `$` also matches before a final newline, and `web\n` is no id.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")

RESERVED_IDS = frozenset({"index"})
"""Ids that name generated pages: a source with one would replace a list or overview page."""

# What each kind's reserved id would collide with, for the message.
_RESERVED_PAGES = {
    "stages": "stages/index.md is the list of stages, journeys/<journey>/index.md "
    "each journey's overview",
    "personas": "personas/index.md is the list of personas",
    "touchpoints": "touchpoints/index.md is the list of touchpoints",
    "journeys": "journeys/index.md is the list of journeys",
    "opportunities": "opportunities/index.md is the list of opportunities and pain points",
}


def _id_problem(source_id: str, kind: str, path: str) -> Diagnostic | None:
    """An error if a file name cannot be an id; None if it can."""
    if source_id in RESERVED_IDS:
        return error(
            path,
            1,
            f"id '{source_id}' is reserved for a generated page: {_RESERVED_PAGES[kind]}",
            "rename the file; its name is the id that URLs and references use",
            code="reserved-id",
        )
    if ID_PATTERN.match(source_id):
        return None
    return error(
        path,
        1,
        f"invalid id '{source_id}': a file name may use only lowercase a-z, 0-9 and '-'",
        f"rename it to '{suggest_id(source_id) or 'my-id'}.md'",
        code="invalid-id",
    )


_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "œ": "oe",
        "ß": "ss",
        "ð": "d",
        "þ": "th",
        "ł": "l",
        "đ": "d",
        "\u0131": "i",
    }
)
"""Lowercase letters that Unicode does not decompose into a-z and a mark, as ASCII."""


def suggest_id(name: str) -> str:
    """The valid id closest to `name` ('uber' for 'über'); "" if nothing of it is left."""
    # Spell out the letters that have no accent to drop (æ is no a with a mark), then
    # drop accents before replacing what is left.
    spelt = name.lower().translate(_LETTERS_WITHOUT_DECOMPOSITION)
    ascii_id = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_id.lower()).strip("-")


def is_usable_id(source_id: str) -> bool:
    """True if `source_id` is a valid id that names no generated page."""
    return source_id not in RESERVED_IDS and bool(ID_PATTERN.match(source_id))


def _read(file: Path, path: str) -> tuple[bytes | None, list[Diagnostic]]:
    try:
        return file.read_bytes(), []
    except OSError as exc:
        return None, [error(path, 1, f"cannot read file: {exc.strerror}", code="unreadable-file")]


def load_source(file: Path, kind: str, root: Path) -> tuple[Source | None, list[Diagnostic]]:
    """Read and parse one file of `maps/`; None with diagnostics if it cannot be used."""
    path = display_path(file, root)
    problem = _id_problem(file.stem, kind, path)
    if problem is not None:
        return None, [problem]
    data, problems = _read(file, path)
    if data is None:
        return None, problems
    return parse_source(data, file, kind, path)


def display_path(file: Path, root: Path) -> str:
    """The path a writer recognises: relative to the project root if possible.

    A symbolic link is named by its own path, not its target's: that is the file
    the writer sees in `maps/`.
    """
    file_abs = Path(os.path.abspath(file))
    root_abs = Path(os.path.abspath(root))
    try:
        return file_abs.relative_to(root_abs).as_posix()
    except ValueError:
        pass
    # The same folders reached by another route (a symlinked /tmp): compare real
    # folders, but keep the file's own name.
    real_root = root_abs.resolve()
    real_file = file_abs.parent.resolve() / file_abs.name
    try:
        return real_file.relative_to(real_root).as_posix()
    except ValueError:
        return Path(os.path.relpath(real_file, real_root)).as_posix()


_FOLDER_LINK_HINT = "move or copy the folder into maps/; links to folders are not followed"


def _link_problem(link: Path, root: Path, allowed: tuple[Path, ...]) -> Diagnostic | None:
    """Why a symbolic link in `maps/` is not read, or None if its target is a usable file."""
    path = display_path(link, root)
    try:
        target_text = os.readlink(link)
    except OSError:
        target_text = "?"
    try:
        target = os.stat(link)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return warning(
                path,
                1,
                "symbolic link loops; it is ignored",
                f"it points to '{target_text}', which leads back to itself; fix or remove it",
                code="broken-link",
            )
        return warning(
            path,
            1,
            "broken symbolic link; it is ignored",
            f"it points to '{target_text}', which does not exist; fix or remove it",
            code="broken-link",
        )
    if stat.S_ISDIR(target.st_mode):
        # Followed folders can loop (a link to its own parent) or pull in a whole disk.
        return warning(
            path,
            1,
            "symbolic link to a folder is not followed",
            _FOLDER_LINK_HINT,
            code="folder-link",
        )
    if not stat.S_ISREG(target.st_mode):
        return warning(
            path,
            1,
            "symbolic link to something that is not a file; it is ignored",
            "remove it",
            code="special-file",
        )
    real = Path(os.path.realpath(link))
    if not any(real.is_relative_to(folder) for folder in allowed):
        # A build publishes what it reads: a link must not pull in files of the
        # machine (a CI runner's credentials) that are not part of the project.
        return error(
            path,
            1,
            f"symbolic link points outside the project ('{target_text}'); it is not read",
            "copy the file into maps/",
            code="link-outside",
        )
    return None


def _special_file(path: str) -> Diagnostic:
    # Reading a pipe would wait forever; a device is no map.
    return warning(
        path,
        1,
        "not a regular file (a pipe, socket or device); it is ignored",
        "remove it",
        code="special-file",
    )


def find_files(
    folder: Path, root: Path, allowed: tuple[Path, ...], out: list[Diagnostic]
) -> list[Path]:
    """The files under `folder`, sorted, reading symbolic links to files but not to folders."""
    files: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as scan:
                entries = list(scan)
        except OSError as exc:
            out.append(
                warning(
                    display_path(current, root),
                    1,
                    f"cannot read folder: {exc}",
                    code="unreadable-file",
                )
            )
            continue
        for entry in entries:
            if entry.name == ".md":
                out.append(
                    error(
                        display_path(Path(entry.path), root),
                        1,
                        "the id is blank: the file name has nothing before '.md'",
                        "name the file after what it holds, e.g. 'buy-a-sofa.md'",
                        code="invalid-id",
                    )
                )
                continue
            # Hidden files are editors' and tools' (.DS_Store, .trip.md.swp), not maps.
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                problem = _link_problem(path, root, allowed)
                if problem is None:
                    files.append(path)
                else:
                    out.append(problem)
            elif entry.is_dir(follow_symlinks=False):
                pending.append(path)
            elif entry.is_file(follow_symlinks=False):
                files.append(path)
            else:
                out.append(_special_file(display_path(path, root)))
    # Sorted, so diagnostics, duplicates and indexes are the same on every machine.
    return sorted(files)


def _top_level_problem(entry: Path, root: Path, allowed: tuple[Path, ...]) -> Diagnostic | None:
    """Why an entry directly in `maps/` is not loaded; None for the folders of KINDS."""
    path = display_path(entry, root)
    if entry.is_symlink():
        problem = _link_problem(entry, root, allowed)
        if problem is not None:
            return problem
    elif entry.is_dir():
        if entry.name in FOLDERS:
            return None
        hint = did_you_mean(entry.name, FOLDERS) or f"use one of: {', '.join(FOLDERS)}"
        return warning(
            path, 1, f"unknown folder '{entry.name}' is ignored", hint, code="unknown-folder"
        )
    elif not entry.is_file():
        return _special_file(path)
    # A README explains the folder to writers; its upper-case name is never an id.
    if entry.name.startswith("README"):
        return None
    folders = ", ".join(f"maps/{kind}/" for kind in reversed(KINDS))
    if entry.suffix == ".md":
        return warning(
            path,
            1,
            "a map directly in maps/ is ignored",
            f"move it into the folder of its kind: {folders}",
            code="stray-file",
        )
    return warning(
        path,
        1,
        "file directly in maps/ is ignored",
        f"maps/ holds only the folders {folders}",
        code="stray-file",
    )


@dataclass
class LoadedMaps:
    """Everything found in `maps/`: sources by kind and id, and what was wrong."""

    sources: dict[str, dict[str, Source]]
    diagnostics: list[Diagnostic]
    files_checked: int
    # Ids of every file with a valid name, including those that could not be parsed:
    # a reference to a file with a YAML error is not "unknown".
    ids: dict[str, set[str]] = field(default_factory=lambda: {kind: set() for kind in KINDS})
    # The folders of KINDS that were read (not absent, not a symlink, not a file).
    folders: set[str] = field(default_factory=set)


class SourceCache:
    """Parsed files by path, reused while a file's bytes are unchanged.

    `mkdocs serve` rebuilds the whole site after every edit; with this, a rebuild
    parses only the files that changed. The bytes are compared, not the
    modification time: `cp -p`, `rsync -t` and some editors keep it, and reading a
    file costs little next to parsing it.
    """

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[bytes, Source | None, list[Diagnostic]]] = {}
        self.reads = 0  # files parsed by the last `load_maps`

    def load(self, file: Path, kind: str, root: Path) -> tuple[Source | None, list[Diagnostic]]:
        """`load_source`, or what it returned the last time the file had the same bytes."""
        if not is_usable_id(file.stem):
            return load_source(file, kind, root)
        try:
            data = file.read_bytes()
        except OSError:
            self._entries.pop(file, None)
            return load_source(file, kind, root)
        digest = hashlib.sha256(data).digest()
        entry = self._entries.get(file)
        if entry is not None and entry[0] == digest:
            return entry[1], entry[2]
        self.reads += 1
        source, problems = parse_source(data, file, kind, display_path(file, root))
        self._entries[file] = (digest, source, problems)
        return source, problems

    def keep_only(self, files: set[Path]) -> None:
        """Forget files that are gone, so that a long `serve` does not hold them."""
        for file in [f for f in self._entries if f not in files]:
            del self._entries[file]


def load_maps(maps_dir: Path, root: Path, cache: SourceCache | None = None) -> LoadedMaps:
    """Load every source file of `maps_dir`, reporting unusable files and duplicate ids.

    With a `cache`, files unchanged since the last call are not parsed again.
    """
    if cache is not None:
        cache.reads = 0
    loaded = LoadedMaps({kind: {} for kind in KINDS}, [], 0)
    if not maps_dir.is_dir():
        loaded.diagnostics.append(
            error(
                display_path(maps_dir, root),
                1,
                "maps folder not found",
                "create it, or set `maps_dir` in mkdocs.yml (or `--maps` on the command line)",
                code="maps-dir-missing",
            )
        )
        return loaded
    # Links may point anywhere in the project (or the maps folder, if it lies outside).
    allowed = (root.resolve(), maps_dir.resolve())
    loaded.folders = _kind_folders(maps_dir, root, allowed, loaded.diagnostics)
    seen: set[Path] = set()
    for kind in KINDS:
        if kind not in loaded.folders:
            continue
        for file in find_files(maps_dir / kind, root, allowed, loaded.diagnostics):
            if cache is not None and file.suffix == ".md":
                seen.add(file)
            _load_file(file, kind, root, cache, loaded)
    if cache is not None:
        cache.keep_only(seen)
    return loaded


def _kind_folders(
    maps_dir: Path, root: Path, allowed: tuple[Path, ...], out: list[Diagnostic]
) -> set[str]:
    """The folders of KINDS in `maps_dir` that can be read; what else is there goes to `out`."""
    kinds_found: set[str] = set()
    for entry in sorted(maps_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        problem = _top_level_problem(entry, root, allowed)
        if problem is not None:
            out.append(problem)
        elif entry.name in KINDS and not entry.is_symlink():
            kinds_found.add(entry.name)
    return kinds_found


def _load_file(
    file: Path, kind: str, root: Path, cache: SourceCache | None, loaded: LoadedMaps
) -> None:
    """Add one file of a kind's folder to `loaded`: its source, or what is wrong with it."""
    if file.suffix != ".md":
        loaded.diagnostics.append(
            warning(
                display_path(file, root),
                1,
                "not a .md file; it is ignored",
                "rename it to end in .md, or move it out of maps/",
                code="not-markdown",
            )
        )
        return
    loaded.files_checked += 1
    if is_usable_id(file.stem):
        loaded.ids[kind].add(file.stem)
    if cache is None:
        source, problems = load_source(file, kind, root)
    else:
        source, problems = cache.load(file, kind, root)
    loaded.diagnostics.extend(problems)
    if source is None:
        return
    first = loaded.sources[kind].get(source.id)
    if first is not None:
        loaded.diagnostics.append(
            error(
                source.path,
                1,
                f"duplicate id '{source.id}': {first.path} has the same file name",
                f"ids are file names and must be unique within {kind}/; rename one of them",
                code="duplicate-id",
            )
        )
        return
    loaded.sources[kind][source.id] = source
