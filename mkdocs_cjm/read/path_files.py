"""Path files: customer paths exported from analytics (`maps/paths/*.csv`, SPEC §2.7).

A path file is a CSV table with a header row, then one distinct path per row:
`journey,path,conversions,nulls,period` and optionally `value,source`. A path's elements
are joined by `>`; each names a touchpoint (its id or one of its `aliases`, without regard
to case) or a step id of the row's journey.

Unlike data files, path files can hold a million rows, so they are never kept: rows are
checked and counted while the file streams past (`PathGroup`: a `PathCounter` per journey
and period), and the file is read a second time only to say where an unknown element or a
duplicate path is. Two readings share the work. The fast one (`_read_block`) takes a block
of plain lines at a time, as columns, and checks each column at once; the first block
that is not plain (quotes, a wrong cell, an unknown journey) hands the rest of the file to
the checking reading (`csv.reader`, a row at a time), which reports every problem at its
line. What an element may name comes from the handbook (`JourneyElements`, made by
`handbook/paths.py`); this module knows no models.
"""

from __future__ import annotations

import csv
import gc
import io
import re
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import BinaryIO

import numpy as np
from numpy.typing import NDArray

from ..diagnostics import Code, Diagnostic, did_you_mean, error
from ..handbook.path_counts import SEPARATOR, Ints, PathCounter, PathError, refuse_control
from .data_files import (
    PERIOD_HINT,
    Period,
    blank_first_line,
    csv_files,
    header_problems,
    number_text_hint,
    parse_period,
)
from .source import decode

PATHS_FOLDER = "paths"
"""The folder of `maps/` that holds the path files."""

COLUMNS = ("journey", "path", "conversions", "nulls", "period")
"""The columns every path file has."""

OPTIONAL_COLUMNS = ("value", "source")
"""Columns a path file may have."""

MAX_REPORTED = 50
"""Row errors reported per file; the rest are counted in one more finding."""

MAX_COUNT = 10**12 - 1
"""The most customer paths one row may count: sums of a million rows stay exact in 64 bits."""

_COUNT = re.compile(r"[0-9]{1,12}")
_VALUE = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*")


@dataclass(frozen=True)
class JourneyElements:
    """What the path elements of one journey may name, and where each one sits."""

    names: Mapping[str, str]
    """Each name, stripped and lower-cased (touchpoint ids, aliases, step ids) → element id."""
    spellings: tuple[str, ...]
    """The names as written, for did-you-mean hints."""
    stage_of: Mapping[str, str]
    """Element id → the stage it belongs to (steps; touchpoints used in one stage)."""
    stages: tuple[str, ...]
    """The journey's stage ids in designed order."""
    explain: Mapping[str, str] = field(default_factory=dict)
    """Lower-cased names that credit nothing (a step without touchpoints) → why."""


class PathGroup:
    """The paths of one journey and period, counted while the files are read.

    Rows come a block at a time from the fast reading (`_read_block`), or one at a time
    from the checking reading (`add`); either way the `PathCounter` counts them a batch at
    a time and keeps no paths, only counts and one hash per path (for duplicates).
    """

    def __init__(self, journey: str, period: Period, elements: JourneyElements) -> None:
        self.journey = journey
        self.period = period
        self.elements = elements
        self.counter = PathCounter(elements.names, elements.stage_of, elements.stages)
        self.sources: set[str] = set()

    def add(self, text: str, conversions: int, nulls: int) -> None:
        """Count one row checked on its own (PathError for a control character)."""
        refuse_control(text)
        self.counter.add_row(text, conversions, nulls)


@dataclass
class PathsRead:
    """Every path file read: the groups by (journey, period text), and what was wrong."""

    groups: dict[tuple[str, str], PathGroup]
    diagnostics: list[Diagnostic]
    files: tuple[str, ...]
    rows: int


@dataclass
class _Reading:
    """What reading needs across files: the journeys, the groups, the findings."""

    journeys: Mapping[str, JourneyElements]
    journey_ids: set[str]
    groups: dict[tuple[str, str], PathGroup] = field(default_factory=dict)
    out: list[Diagnostic] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    """Spellings of conversions and nulls met before, and their numbers."""
    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    """(journey, period) as written → the group's place in `numbered` (the fast reading)."""
    numbered: list[PathGroup] = field(default_factory=list)


class _FileErrors:
    """The findings of one file's rows, at most `MAX_REPORTED`, then a count."""

    def __init__(self, path: str, out: list[Diagnostic]) -> None:
        self.path = path
        self.out = out
        self.more = 0
        self.reported = 0
        self.once: set[tuple[str, str]] = set()

    def add(self, line: int, message: str, hint: str, code: Code) -> None:
        if self.reported >= MAX_REPORTED:
            self.more += 1
            return
        self.reported += 1
        self.out.append(error(self.path, line, message, hint, code=code))

    def first(self, key: tuple[str, str], line: int, message: str, hint: str, code: Code) -> None:
        """Report a problem shared by many rows (an unknown journey) at its first row."""
        if key not in self.once:
            self.once.add(key)
            self.add(line, message, hint, code)

    def close(self) -> None:
        if self.more:
            self.out.append(
                error(
                    self.path,
                    1,
                    f"{self.more} more rows have errors",
                    "fix the rows above first; the export may have the wrong columns",
                    code="data-row",
                )
            )


def path_files(maps_dir: Path, root: Path, out: list[Diagnostic]) -> list[tuple[Path, str]]:
    """The path files of `maps_dir/paths/` (file, path as reported), sorted."""
    return csv_files(maps_dir, root, PATHS_FOLDER, "paths", out)


def read_path_files(
    files: list[tuple[Path, str]],
    journeys: Mapping[str, JourneyElements],
    journey_ids: set[str],
) -> PathsRead:
    """Read and count every row of `files` against the journeys' elements.

    `journey_ids` are the ids of every journey file, including those that failed to
    validate: their rows are not "unknown", they wait until the map is fixed.
    """
    reading = _Reading(journeys, journey_ids)
    for file, path in files:
        try:
            _read_file(file, path, reading)
        except OSError as exc:
            reading.out.append(
                error(path, 1, f"cannot read file: {exc.strerror}", code="unreadable-file")
            )
    broken = _second_reading(files, reading)
    groups = {key: group for key, group in reading.groups.items() if key not in broken}
    rows = sum(group.counter.rows for group in set(reading.groups.values()))
    return PathsRead(groups, reading.out, tuple(p for _, p in files), rows)


# --- The fast reading: a block of lines at a time ------------------------------------------

_BLOCK = 1 << 18
"""Bytes the fast reading takes at a time (cut after the block's last line)."""
_NUMBER_CHARACTERS = b"0123456789.+-eE \t"


@dataclass(frozen=True)
class _Resume:
    """Where the checking reading takes over: the byte that starts a line, the number of
    the line before it, and the header's columns (None: the file from its start)."""

    offset: int = 0
    line: int = 0
    index: dict[str, int] | None = None


def _read_file(file: Path, path: str, reading: _Reading) -> None:
    """Read a file fast as long as its rows are plain (`_read_block`), the rest checking
    one row at a time (`_read_checking`), which says what is wrong and where."""
    # A block's cells are many small objects alive at once: the garbage collector, which
    # they give nothing to collect, would walk them again and again (a third of the time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with file.open("rb") as stream:
            resume = _read_fast(stream, reading)
    finally:
        if collecting:
            gc.enable()
    if resume is not None:
        _read_checking(file, path, reading, resume)


def _read_fast(stream: BinaryIO, reading: _Reading) -> _Resume | None:
    """Read blocks of plain rows; where one is not plain, where the checking reading
    starts (None: the whole file was read)."""
    first = stream.readline()
    index = _plain_header(first)
    if index is None:
        return _Resume()
    offset, line = len(first), 1
    while block := stream.read(_BLOCK):
        if not block.endswith(b"\n"):
            block += stream.readline()  # the block ends with a whole line
        rows = _read_block(block if block.endswith(b"\n") else block + b"\n", index, reading)
        if rows is None:
            return _Resume(offset, line, index)
        offset, line = offset + len(block), line + rows
    return None


def _plain_header(first: bytes) -> dict[str, int] | None:
    """The columns of a plain, right header line (None: the checking reading decides)."""
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    text = text.removesuffix("\n").removesuffix("\r")
    if not first.endswith(b"\n") or '"' in text or "\r" in text:
        return None
    header = [name.strip() for name in text.split(",")]
    if header_problems(header, "", COLUMNS, OPTIONAL_COLUMNS):
        return None
    return _columns(header)


def _columns(header: list[str]) -> dict[str, int]:
    """Each column's place in a header that is right."""
    return {name: header.index(name) for name in (*COLUMNS, *OPTIONAL_COLUMNS) if name in header}


def _read_block(block: bytes, index: dict[str, int], reading: _Reading) -> int | None:
    """Count a block of whole lines if every row is plain and right: no quotes, a cell per
    column, counts and values that need no message, known journeys and periods, no control
    character in a path. The number of rows; None (nothing counted) otherwise."""
    columns = _plain_columns(block, index)
    if columns is None:
        return None
    rows = len(columns["path"])
    conversions = _plain_counts(columns["conversions"], reading.counts, rows)
    nulls = _plain_counts(columns["nulls"], reading.counts, rows)
    if conversions is None or nulls is None or not np.all(conversions | nulls):
        return None
    if "value" in columns and not _plain_values(columns["value"]):
        return None
    groups = _plain_groups(columns["journey"], columns["period"], reading, rows)
    if groups is None:
        return None
    paths, sources = columns["path"], columns.get("source")
    # Most exports name one source: compared, not hashed, a row at a time.
    source = sources[0] if sources is not None and sources.count(sources[0]) == rows else None
    counted = []
    for group, which in groups:
        texts = paths if which is None else list(map(paths.__getitem__, which.tolist()))
        try:
            codes = group.counter.encode(texts)
        except PathError:
            return None
        counted.append((group, which, codes))
    # Only now, every row known good, the block is counted.
    for group, which, codes in counted:
        if which is None:
            group.counter.add(codes, conversions, nulls)
        else:
            group.counter.add(codes, conversions[which], nulls[which])
        if source is not None:
            group.sources.add(source)
        elif sources is not None:
            group.sources.update(sources if which is None else map(sources.__getitem__, which))
    return rows


def _plain_columns(block: bytes, index: dict[str, int]) -> dict[str, list[str]] | None:
    """A block's cells by column, if it is plain: UTF-8, no quote, a cell per column.

    Rows become columns at C speed. Split at commas, a line's last cell and the next line's
    first are one cell, at every (columns - 1)th place: those are cut at the line break, and
    the other columns are slices. If each of those places holds a line break, and the block
    has no other, every line has its cells."""
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        return None
    rows = text.count("\n")
    newline = "\r\n" if "\r" in text else "\n"
    if '"' in text or (newline == "\r\n" and text.count("\r") != rows):
        return None  # a quote, or a lone CR or LF: csv.reader reads them otherwise
    cells = text.split(",")
    commas = len(index) - 1
    ends = cells[::commas]
    if len(cells) != rows * commas + 1 or not all(map(str.__contains__, ends[1:], repeat(newline))):
        return None
    first_and_last = newline.join(ends).split(newline)
    last = len(index) - 1
    return {
        name: first_and_last[0 : 2 * rows : 2]
        if at == 0
        else first_and_last[1::2]
        if at == last
        else cells[at : rows * commas : commas]
        for name, at in index.items()
    }


def _plain_values(cells: list[str]) -> bool:
    """Whether every value cell is empty or a number as `_VALUE` has it: written with its
    characters only, and read by `float`, whose grammar over them is `_VALUE`'s."""
    try:
        if "".join(cells).encode("ascii").translate(None, _NUMBER_CHARACTERS):
            return False
        deque(map(float, filter(None, cells)), maxlen=0)
    except (UnicodeEncodeError, ValueError):
        return False
    return True


def _plain_counts(cells: list[str], known: dict[str, int], rows: int) -> Ints | None:
    """A column of counts (spellings met before are known), or None if one is not right."""
    try:
        return np.fromiter(map(known.__getitem__, cells), np.int64, rows)
    except KeyError:
        pass
    for cell in set(cells).difference(known):
        value = cell.strip()
        if not _COUNT.fullmatch(value):
            return None
        known[cell] = int(value)
    return np.fromiter(map(known.__getitem__, cells), np.int64, rows)


def _plain_groups(
    journeys: list[str], periods: list[str], reading: _Reading, rows: int
) -> list[tuple[PathGroup, NDArray[np.intp] | None]] | None:
    """Each group a block's rows belong to, with their row numbers (None: all rows); None
    if a journey or period is not right."""
    if journeys.count(journeys[0]) == rows and periods.count(periods[0]) == rows:
        group = _known_group((journeys[0], periods[0]), reading)
        return None if group is None else [(group, None)]
    numbers, groups = reading.numbers, reading.numbered
    try:
        keys = np.fromiter(
            map(numbers.__getitem__, zip(journeys, periods, strict=True)), np.intp, rows
        )
    except KeyError:
        for key in set(zip(journeys, periods, strict=True)).difference(numbers):
            group = _known_group(key, reading)
            if group is None:
                return None
            if group not in groups:
                groups.append(group)
            numbers[key] = groups.index(group)
        keys = np.fromiter(
            map(numbers.__getitem__, zip(journeys, periods, strict=True)), np.intp, rows
        )
    return [(groups[n], np.flatnonzero(keys == n)) for n in np.unique(keys).tolist()]


# --- The checking reading: a row at a time, each problem reported ---------------------------


def _read_checking(file: Path, path: str, reading: _Reading, resume: _Resume) -> None:
    """Read a file from `resume` on, one row at a time, reporting every row's problems."""
    with file.open("rb") as raw:
        raw.seek(resume.offset)
        encoding = "utf-8" if resume.offset else "utf-8-sig"
        stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(stream, strict=True)
        try:
            index = resume.index
            if index is None:
                index = _header(((reader.line_num, row) for row in reader), path, reading.out)
                if index is None:
                    return
            errors = _FileErrors(path, reading.out)
            _read_rows(reader, index, reading, errors, resume.line)
            errors.close()
        except UnicodeDecodeError:
            # Decoded a block at a time: the whole file (only now) says at which line.
            reading.out.extend(decode(file.read_bytes(), path)[1])
        except csv.Error as exc:
            reading.out.append(
                error(
                    path,
                    resume.line + reader.line_num,
                    f"invalid CSV: {exc}",
                    'close the quote (") that starts the cell; a quote inside a quoted cell '
                    'is written twice ("")',
                    code="data-row",
                )
            )


def _open_rows(file: Path) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each row of a file, streamed (a byte order mark is skipped)."""
    with file.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream, strict=True)
        for row in reader:
            yield reader.line_num, row


def _header(
    rows: Iterator[tuple[int, list[str]]], path: str, out: list[Diagnostic]
) -> dict[str, int] | None:
    """Each column's index, or None (reported) when the header is wrong."""
    first = next(((line, row) for line, row in rows if any(c.strip() for c in row)), None)
    if first is None:
        out.append(
            error(
                path,
                1,
                "path file is empty",
                f"start with the header row {','.join((*COLUMNS, *OPTIONAL_COLUMNS))}",
                code="empty-file",
            )
        )
        return None
    line, raw = first
    header = [name.strip() for name in raw]
    problems = header_problems(header, path, COLUMNS, OPTIONAL_COLUMNS)
    if line != 1:
        problems.insert(0, error(path, line, *blank_first_line(), code="data-header"))
    if problems:
        out.extend(problems)
        return None
    return _columns(header)


class _Slow(Exception):
    """A row the hot loop does not take: checked and reported one cell at a time."""


def _read_rows(
    reader: Iterator[list[str]],
    index: dict[str, int],
    reading: _Reading,
    errors: _FileErrors,
    lines_before: int,
) -> None:
    """The checking reading's loop: a row whose journey, period and counts were met before
    costs a few dictionary look-ups; any other row goes to `_read_row`, which checks and
    reports (`lines_before`: lines of the file before the reader's first)."""
    journey, path, conversions, nulls, period = (index[name] for name in COLUMNS)
    value, source = index.get("value"), index.get("source")
    width = len(index)
    groups, counts = reading.groups, reading.counts
    number = _VALUE.fullmatch
    for row in reader:
        try:
            if len(row) != width:
                raise _Slow
            group = groups[(row[journey], row[period])]
            walked = counts[row[conversions]], counts[row[nulls]]
            if not (walked[0] or walked[1]) or (
                value is not None and row[value] and number(row[value]) is None
            ):
                raise _Slow
            group.add(row[path], *walked)
        except (KeyError, _Slow, PathError):
            line = lines_before + reader.line_num  # type: ignore[attr-defined]
            _read_row(row, index, line, reading, errors)
            continue
        if source is not None:
            group.sources.add(row[source])


def _read_row(
    row: list[str],
    index: dict[str, int],
    line: int,
    reading: _Reading,
    errors: _FileErrors,
) -> None:
    """Check one row cell by cell, report what is wrong, count it if nothing is."""
    if len(row) != len(index):
        if any(cell.strip() for cell in row):
            errors.add(
                line,
                f"row has {len(row)} cells, but the header has {len(index)} columns",
                'quote cells that hold a comma ("like, this"); leave optional cells empty '
                "but keep their commas",
                "data-row",
            )
        return
    key = (row[index["journey"]], row[index["period"]])
    group = _known_group(key, reading)
    if group is None:
        _report_group(key, line, reading, errors)
        return
    walked = _counts(row, index, line, reading, errors)
    if walked is None:
        return
    if not (walked[0] or walked[1]):
        errors.add(
            line,
            "the path has 0 conversions and 0 nulls",
            "a row counts customers who walked the path; remove the row",
            "empty-path",
        )
        return
    if (
        "value" in index
        and row[index["value"]].strip()
        and not _VALUE.fullmatch(row[index["value"]])
    ):
        value = row[index["value"]].strip()
        hint = number_text_hint(value) or "write the conversion value as a number, like 499.00"
        errors.add(line, f"'value' is '{value}', which is not a number", hint, "bad-number")
        return
    try:
        group.add(row[index["path"]], *walked)
    except PathError as exc:
        errors.add(
            line,
            str(exc),
            "remove it: an export holds none (a tab or a line break pasted into the cell?)",
            "empty-path",
        )
        return
    if "source" in index:
        group.sources.add(row[index["source"]])


def _known_group(key: tuple[str, str], reading: _Reading) -> PathGroup | None:
    """The group of a (journey, period) as written; None if either is not right."""
    group = reading.groups.get(key)
    if group is not None:
        return group
    journey_text, period_text = key
    journey = journey_text.strip()
    elements = reading.journeys.get(journey)
    period = parse_period(period_text)
    if elements is None or period is None:
        return None
    # `2026-q3` and `2026-Q3 ` are one period: one group under each spelling.
    for group in reading.groups.values():
        if group.journey == journey and group.period == period:
            reading.groups[key] = group
            return group
    group = reading.groups[key] = PathGroup(journey, period, elements)
    return group


def _report_group(key: tuple[str, str], line: int, reading: _Reading, errors: _FileErrors) -> None:
    """Say what is wrong with a (journey, period) that has no group (once per file)."""
    journey_text, period_text = key
    journey = journey_text.strip()
    if journey not in reading.journeys:
        if not journey:
            hint = "write the id of a journey"
            errors.first(key, line, "'journey' is empty", hint, "empty-value")
        elif journey not in reading.journey_ids:
            hint = did_you_mean(journey, reading.journey_ids) or (
                "the journey column holds a journey's id: the name of its file in maps/journeys/"
            )
            errors.first(key, line, f"unknown journey '{journey}'", hint, "unknown-journey")
        return
    shown = period_text.strip()
    message = f"'period' is '{shown}', which is not a period" if shown else "'period' is empty"
    errors.first(key, line, message, PERIOD_HINT, "bad-period")


def _counts(
    row: list[str], index: dict[str, int], line: int, reading: _Reading, errors: _FileErrors
) -> tuple[int, int] | None:
    """Conversions and nulls of a row, or None (reported); good spellings are remembered."""
    found: list[int] = []
    for name in ("conversions", "nulls"):
        text = row[index[name]]
        value = text.strip()
        if not _COUNT.fullmatch(value):
            message = (
                f"'{name}' is '{value}', but must be a whole number, 0 or more"
                if value
                else f"'{name}' is empty"
            )
            hint = number_text_hint(value) or (
                f"{name} counts customer paths; write a whole number like 0 or 120"
            )
            if value.isdigit() and value.isascii():
                message = f"'{name}' is '{value}', more than {MAX_COUNT:,} customer paths"
                hint = "is this the value column? A count has at most 12 digits"
            errors.add(line, message, hint, "bad-number")
            return None
        found.append(reading.counts.setdefault(text, int(value)))
    return found[0], found[1]


# --- The second reading: where the unknown elements and the duplicates are -----------------


def _second_reading(files: list[tuple[Path, str]], reading: _Reading) -> set[tuple[str, str]]:
    """Read again the files of groups with unknown elements or duplicate paths, to say
    where; the keys of those groups (left out of the results)."""
    for waiting in set(reading.groups.values()):
        waiting.counter.count_waiting()
    unknown = {id(g) for g in reading.groups.values() if g.counter.unknown}
    twice = {id(g): g.counter.duplicate_hashes() for g in reading.groups.values()}
    twice = {k: v for k, v in twice.items() if v}
    if not unknown and not twice:
        return set()
    # Two paths with one hash are no duplicate: a group is left out for one that is.
    duplicated: set[int] = set()
    reported: set[tuple[str, str]] = set()
    first_seen: dict[tuple[int, str], tuple[str, int]] = {}
    for file, path in files:
        rows = _open_rows(file)
        index = _header(rows, path, [])
        if index is None:
            continue
        for line, row in rows:
            if len(row) != len(index):
                continue
            group = reading.groups.get((row[index["journey"]], row[index["period"]]))
            if group is None or (id(group) not in unknown and id(group) not in twice):
                continue
            text = row[index["path"]]
            if id(group) in twice and _duplicate(
                group, text, twice[id(group)], (path, line), first_seen, reading.out
            ):
                duplicated.add(id(group))
            if id(group) in unknown:
                _unknown_elements(group, text, path, line, reported, reading.out)
    return {key for key, g in reading.groups.items() if id(g) in unknown or id(g) in duplicated}


def _unknown_elements(
    group: PathGroup,
    text: str,
    path: str,
    line: int,
    reported: set[tuple[str, str]],
    out: list[Diagnostic],
) -> None:
    """Report the empty elements of a row, and its unknown ones met for the first time."""
    for part in text.split(SEPARATOR):
        name = part.strip()
        if not name:
            out.append(
                error(
                    path,
                    line,
                    "an element of the path is empty",
                    "join touchpoint ids, aliases or step ids with '>', like: "
                    "Paid Social > webshop",
                    code="empty-path",
                )
            )
            return
        seen = (group.journey, name.lower())
        if group.counter.is_unknown(name) and seen not in reported:
            reported.add(seen)
            out.append(_unknown_element(name, group, path, line))


def _duplicate(
    group: PathGroup,
    text: str,
    hashes: set[int],
    where: tuple[str, int],
    first_seen: dict[tuple[int, str], tuple[str, int]],
    out: list[Diagnostic],
) -> bool:
    """Report a row whose path its group met before (compared by `Spellings.key`)."""
    try:
        if group.counter.path_hash(text) not in hashes:
            return False
    except PathError:
        return False  # refused on the first reading
    key = group.counter.spellings.key(text)
    first = first_seen.setdefault((id(group), key), where)
    if first == where:
        return False
    path, line = where
    at = f"line {first[1]}" if first[0] == path else f"{first[0]}:{first[1]}"
    out.append(
        error(
            path,
            line,
            f"duplicate path '{text.strip()}' in '{group.journey}' for {group.period.text} "
            f"(first at {at})",
            "keep one row per journey, path and period: add their counts together",
            code="duplicate-path",
        )
    )
    return True


def _unknown_element(name: str, group: PathGroup, path: str, line: int) -> Diagnostic:
    elements = group.elements
    hint = elements.explain.get(name.lower(), "")
    if not hint:
        hint = did_you_mean(name, elements.spellings)
    if not hint:
        lowered = {s.lower(): s for s in elements.spellings}
        close = did_you_mean(name.lower(), lowered)
        if close:
            hint = f"did you mean '{lowered[close.split(chr(39))[1]]}'?"
    if not hint:
        hint = (
            "an element is a touchpoint id, one of a touchpoint's `aliases` or a step id of "
            f"'{group.journey}'; add the name to the touchpoint's aliases"
        )
    return error(
        path,
        line,
        f"unknown path element '{name}' in journey '{group.journey}'",
        hint,
        code="unknown-path-element",
    )
