"""What git knows about the sources: when each changed, by whom and why.

One `git log` for the whole maps folder per build, not one per file, because a
handbook can hold thousands of files and a process per file would dominate
the build.
"""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path

# With `-z` every field and file name ends in NUL, the one character no commit text,
# author or path can hold; a commit starts with an empty field, which no path is.
_FORMAT = "--format=%x00%cs%x00%an%x00%s"


@dataclass(frozen=True)
class Change:
    """One commit that touched a source file."""

    date: datetime.date
    author: str
    subject: str


@dataclass
class History:
    """Changes per source file (newest first), keyed by path relative to the project root."""

    changes: dict[str, list[Change]]
    available: bool  # False when the project is not in a git work tree

    def last_changed(self, path: str) -> datetime.date | None:
        """The date of the newest commit that touched `path`, if any."""
        changes = self.changes.get(path)
        return changes[0].date if changes else None


def read_history(root: Path, folder: Path, per_file: int = 5) -> History:
    """The git history of every file below `folder`, paths relative to `root`."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder if folder.is_dir() else root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        log = subprocess.run(
            [
                "git",
                "-c",
                "core.quotepath=off",
                "log",
                "-z",
                _FORMAT,
                "--name-only",
                "--no-renames",
                "--",
                str(folder.resolve()),
            ],
            cwd=folder if folder.is_dir() else root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return History({}, available=False)
    return History(_changes(log, Path(top).resolve(), root.resolve(), per_file), available=True)


def _changes(log: str, top: Path, base: Path, per_file: int) -> dict[str, list[Change]]:
    """Changes per file (paths relative to `base`) of `git log -z` output in `_FORMAT`."""
    fields = log.split("\0")
    changes: dict[str, list[Change]] = {}
    index = 0
    # Each commit: "", date, author, subject, then its files until the next "".
    while index + 3 < len(fields):
        date_text, author, subject = fields[index + 1 : index + 4]
        index += 4
        names = []
        while index < len(fields) and fields[index]:
            names.append(fields[index])
            index += 1
        try:
            change = Change(datetime.date.fromisoformat(date_text), author, subject)
        except ValueError:
            continue  # a date git would not write; never a reason to fail a build
        # git puts a newline between a commit's header and its first file name.
        if names:
            names[0] = names[0].removeprefix("\n")
        for name in names:
            try:
                path = (top / name).relative_to(base).as_posix()
            except ValueError:
                continue
            entries = changes.setdefault(path, [])
            if len(entries) < per_file:
                entries.append(change)
    return changes
