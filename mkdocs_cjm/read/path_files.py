"""Path files: customer paths exported from analytics (`maps/paths/*.csv`, SPEC §2.7).

A path file is a CSV table with a header row, then one distinct path per row:
`journey,path,conversions,nulls,period` and optionally `value,source`. A path's elements
are joined by `>`; each names a touchpoint (its id or one of its `aliases`, without regard
to case) or a step id of the row's journey.

Unlike data files, path files can hold a million rows, so they are never kept: each row is
checked and counted while the file streams past (`PathGroup`: a `PathTally` and a
`FlowTally` per journey and period), and the file is read a second time only to say where
an unknown element or a duplicate path is. What an element may name comes from the
handbook (`JourneyElements`, made by `handbook/paths.py`); this module knows no models.
"""

from __future__ import annotations

import csv
import hashlib
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from ..diagnostics import Code, Diagnostic, did_you_mean, error
from ..handbook.attribution import FlowTally, PathTally
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

SEPARATOR = ">"
"""Between the elements of a path."""

MAX_REPORTED = 50
"""Row errors reported per file; the rest are counted in one more finding."""

_COUNT = re.compile(r"[0-9]+")
_VALUE = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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


class _BadElement(Exception):
    """A path that holds a control character."""


_ROW_END = "\x1e"
"""Between paths in a batch (a path holding one is refused before it is batched)."""
_ROW_CODE = "\n"
_STAGE_CODES = 0x21
"""Stage i of a journey is the character chr(0x21 + i) in a batch's codes."""
_OTHER_CODES = 0x100000
"""An element that has no stage is a character from here on (Unicode's private plane)."""
_FIRST_OTHER = chr(_OTHER_CODES)
_WAITING_ROWS = 1 << 14
"""Rows that wait for the flow: bounds memory, keeps batches large."""


class _StageCodes(dict[str, str]):
    """An element as a path spells it (spaces, any case) → one character: its stage's, or
    one of its own when it has no stage. Each spelling is resolved once; names that are not
    known are kept in `unknown` (stripped), an empty element sets `empty`."""

    def __init__(self, elements: JourneyElements) -> None:
        super().__init__({_ROW_END: _ROW_CODE})
        self.names = elements.names
        order = {stage: i for i, stage in enumerate(elements.stages)}
        self.stage_code = {
            element: chr(_STAGE_CODES + order[stage])
            for element, stage in elements.stage_of.items()
        }
        self.other_code: dict[str, str] = {}
        self.unknown: set[str] = set()
        self.empty = False

    def __missing__(self, spelling: str) -> str:
        name = spelling.strip()
        if not name:
            self.empty = True
        element = self.names.get(name.lower())
        if element is None:
            self.unknown.add(name)
            element = name
        code = self.stage_code.get(element)
        if code is None:
            code = self.other_code.get(element)
            if code is None:
                code = self.other_code[element] = chr(_OTHER_CODES + len(self.other_code))
        self[spelling] = code
        return code


def same_path(text: str) -> str:
    """A path as compared for duplicates: without spaces, lower-cased (`Paid Social>Email`
    and `paid social > email` are one path)."""
    return text.replace(" ", "").lower()


class PathGroup:
    """The paths of one journey and period, counted while the files are read.

    The attribution's tally takes each row as written (`PathTally.add_text`). The flow
    needs each path's stages: rows wait in batches of equal counts; a batch becomes one
    string of stage codes, cut into paths, and each distinct sequence of codes is counted
    once (`FlowTally.add`, times how often it occurs), so a million rows cost a few
    C-speed string operations and one `add` per distinct sequence.
    """

    def __init__(self, journey: str, period: Period, elements: JourneyElements) -> None:
        self.journey = journey
        self.period = period
        self.elements = elements
        self.tally = PathTally(elements.names)
        self.codes = _StageCodes(elements)
        # The flow's elements are the codes: a stage's code is placed in its stage.
        stage_of = {chr(_STAGE_CODES + i): stage for i, stage in enumerate(elements.stages)}
        self.stage_codes = tuple(stage_of)
        self.flow = FlowTally(stage_of, elements.stages)
        self.sources: set[str] = set()
        self.waiting: defaultdict[tuple[int, int], list[str]] = defaultdict(list)
        self.waiting_rows = 0
        # hash() of each row's path (`same_path`): duplicates are found by sorting, and a
        # second reading says where (a set of the paths would cost more than the file).
        self.hashes = array("q")

    def add(self, text: str, conversions: int, nulls: int) -> None:
        """Count one row; `text` holds no control character (`_BadElement` otherwise)."""
        if not text.isprintable() and _CONTROL.search(text.strip(" ")):
            raise _BadElement("the path holds a control character")
        self.tally.add_text(text, conversions, nulls)
        self.waiting[(conversions, nulls)].append(text)
        self.hashes.append(hash(same_path(text)))
        self.waiting_rows += 1
        if self.waiting_rows >= _WAITING_ROWS:
            self.count_waiting()

    def count_waiting(self) -> None:
        """Lay the waiting rows on the stages."""
        codes = self.codes
        names = {code: element for element, code in codes.other_code.items()}
        walked: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (conversions, nulls), texts in self.waiting.items():
            joined = f"{SEPARATOR}{_ROW_END}{SEPARATOR}".join(texts)
            batch = "".join(map(codes.__getitem__, joined.split(SEPARATOR)))
            if not codes.other_code or max(batch) < _FIRST_OTHER:
                batch = self._merge_runs(batch)
            for sequence, times in Counter(batch.split(_ROW_CODE)).items():
                counts = walked[sequence]
                counts[0] += conversions * times
                counts[1] += nulls * times
        names = {code: element for element, code in codes.other_code.items()}
        for sequence, (conversions, nulls) in walked.items():
            elements = tuple(names.get(code, code) for code in sequence) if names else sequence
            self.flow.add(tuple(elements), conversions, nulls)
        self.waiting.clear()
        self.waiting_rows = 0

    def _merge_runs(self, batch: str) -> str:
        """Touches in a row in one stage as one (only placed touches: nothing between them
        to skip), a few C-speed passes per stage."""
        for code in self.stage_codes:
            twice = code + code
            while twice in batch:
                batch = batch.replace(twice, code)
        return batch

    def duplicate_hashes(self) -> set[int]:
        """The hashes of paths met more than once (or sharing a hash: checked on reading)."""
        ordered = sorted(self.hashes)
        return {a for a, b in pairwise(ordered) if a == b}


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


def file_digest(file: Path) -> bytes:
    """The SHA-256 of a file's bytes, read a block at a time (the cache's key)."""
    digest = hashlib.sha256()
    with file.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.digest()


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
    rows = sum(len(group.hashes) for group in set(reading.groups.values()))
    return PathsRead(groups, reading.out, tuple(p for _, p in files), rows)


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
    return {name: header.index(name) for name in (*COLUMNS, *OPTIONAL_COLUMNS) if name in header}


class _Slow(Exception):
    """A row the fast loop does not take: checked and reported one cell at a time."""


def _read_file(file: Path, path: str, reading: _Reading) -> None:
    with file.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream, strict=True)
        rows = ((reader.line_num, row) for row in reader)
        try:
            index = _header(rows, path, reading.out)
            if index is None:
                return
            errors = _FileErrors(path, reading.out)
            _read_rows(reader, index, reading, errors)
            errors.close()
        except UnicodeDecodeError:
            # Decoded a block at a time: the whole file (only now) says at which line.
            reading.out.extend(decode(file.read_bytes(), path)[1])
        except csv.Error as exc:
            reading.out.append(
                error(
                    path,
                    reader.line_num,
                    f"invalid CSV: {exc}",
                    'close the quote (") that starts the cell; a quote inside a quoted cell '
                    'is written twice ("")',
                    code="data-row",
                )
            )


def _read_rows(
    reader: Iterator[list[str]], index: dict[str, int], reading: _Reading, errors: _FileErrors
) -> None:
    """The hot loop: a row whose journey, period and counts were met before costs a few
    dictionary look-ups; any other row goes to `_read_row`, which checks and reports."""
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
        except (KeyError, _Slow, _BadElement):
            _read_row(row, index, reader.line_num, reading, errors)  # type: ignore[attr-defined]
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
    group = reading.groups.get(key) or _group(key, line, reading, errors)
    if group is None:
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
    except _BadElement as exc:
        errors.add(
            line,
            str(exc),
            "remove it: an export holds none (a tab or a line break pasted into the cell?)",
            "empty-path",
        )
        return
    if "source" in index:
        group.sources.add(row[index["source"]])


def _group(
    key: tuple[str, str], line: int, reading: _Reading, errors: _FileErrors
) -> PathGroup | None:
    """The group of a (journey, period) met for the first time, or None (reported)."""
    journey_text, period_text = key
    journey = journey_text.strip()
    elements = reading.journeys.get(journey)
    if elements is None:
        if not journey:
            hint = "write the id of a journey"
            errors.first(key, line, "'journey' is empty", hint, "empty-value")
        elif journey not in reading.journey_ids:
            hint = did_you_mean(journey, reading.journey_ids) or (
                "the journey column holds a journey's id: the name of its file in maps/journeys/"
            )
            errors.first(key, line, f"unknown journey '{journey}'", hint, "unknown-journey")
        return None
    period = parse_period(period_text)
    if period is None:
        shown = period_text.strip()
        message = f"'period' is '{shown}', which is not a period" if shown else "'period' is empty"
        errors.first(key, line, message, PERIOD_HINT, "bad-period")
        return None
    # `2026-q3` and `2026-Q3 ` are one period: one group under each spelling.
    for group in reading.groups.values():
        if group.journey == journey and group.period == period:
            reading.groups[key] = group
            return group
    group = reading.groups[key] = PathGroup(journey, period, elements)
    return group


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
            errors.add(line, message, hint, "bad-number")
            return None
        found.append(reading.counts.setdefault(text, int(value)))
    return found[0], found[1]


def _second_reading(files: list[tuple[Path, str]], reading: _Reading) -> set[tuple[str, str]]:
    """Read again the files of groups with unknown elements or duplicate paths, to say
    where; the keys of those groups (left out of the results)."""
    for group in set(reading.groups.values()):
        group.count_waiting()
    unknown = {
        id(g): g.codes.unknown for g in reading.groups.values() if g.codes.unknown or g.codes.empty
    }
    twice = {id(g): g.duplicate_hashes() for g in reading.groups.values()}
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
            found = reading.groups.get((row[index["journey"]], row[index["period"]]))
            if found is None or (id(found) not in unknown and id(found) not in twice):
                continue
            group = found
            text = row[index["path"]]
            if (
                id(group) in twice
                and hash(same_path(text)) in twice[id(group)]
                and _duplicate(group, text, path, line, first_seen, reading.out)
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
        if name in group.codes.unknown and (group.journey, name) not in reported:
            reported.add((group.journey, name))
            out.append(_unknown_element(name, group, path, line))


def _duplicate(
    group: PathGroup,
    text: str,
    path: str,
    line: int,
    first_seen: dict[tuple[int, str], tuple[str, int]],
    out: list[Diagnostic],
) -> bool:
    first = first_seen.setdefault((id(group), same_path(text)), (path, line))
    if first == (path, line):
        return False
    where = f"line {first[1]}" if first[0] == path else f"{first[0]}:{first[1]}"
    out.append(
        error(
            path,
            line,
            f"duplicate path '{text.strip()}' in '{group.journey}' for {group.period.text} "
            f"(first at {where})",
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
