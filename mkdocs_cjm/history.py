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

# Unit and record separators: they cannot appear in a commit subject line.
_FIELD = "\x1f"
_RECORD = "\x1e"


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
                f"--format={_RECORD}%cs{_FIELD}%an{_FIELD}%s",
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
    prefix = Path(top).resolve()
    base = root.resolve()
    changes: dict[str, list[Change]] = {}
    for record in log.split(_RECORD)[1:]:
        header, _, names = record.partition("\n")
        date_text, author, subject = header.split(_FIELD, 2)
        change = Change(datetime.date.fromisoformat(date_text), author, subject)
        for name in names.splitlines():
            if not name:
                continue
            try:
                path = (prefix / name).relative_to(base).as_posix()
            except ValueError:
                continue
            entries = changes.setdefault(path, [])
            if len(entries) < per_file:
                entries.append(change)
    return History(changes, available=True)
