"""Data files: figures exported from analytics and survey tools (`maps/data/*.csv`, SPEC §2.6).

A data file is a CSV table with a header row, then one figure per row:
`journey,step,metric,period,value` and optionally `source,n`. Files are read and
checked on their own here (encoding, header, numbers, periods: `parse_data_file`,
reused by `DataCache` while a file's bytes are unchanged); `handbook/data.py` checks
them against the journeys and makes each step's and journey's `Series`. Lines
are counted as `read/source.py` counts them: a byte order mark and CRLF line endings
are read as if they were not there.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Code, Diagnostic, did_you_mean, error, warning
from ..domain import RECOGNISED_METRICS
from ..views.labels import misspelt_metric_finding

# Re-exported: the renderer imports it from here (evidence ages are `handbook/evidence.py`'s).
from .map_files import display_path, find_files
from .source import decode

DATA_FOLDER = "data"
"""The folder of `maps/` that holds the data files."""

COLUMNS = ("journey", "step", "metric", "period", "value")
"""The columns every data file has, in the order the writers' guide shows them."""

OPTIONAL_COLUMNS = ("source", "n")
"""Columns a data file may have."""


_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
# What spreadsheets write between columns instead of a comma, as a message names it.
_OTHER_SEPARATORS = {";": "';'", "\t": "tabs"}
_PERCENT = re.compile(r"[+-]?[0-9.]+ ?%")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")
_THOUSANDS = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_QUARTER = re.compile(r"([0-9]{4})-[Qq]([1-4])")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PERIOD_HINT = "write a month (2026-09), a quarter (2026-Q3) or an ISO date (2026-09-30)"
_VISIBLE = re.compile(r"\S")


@dataclass(frozen=True, order=True, slots=True)
class Period:
    """The time a figure is about: a month, a quarter or a day; ordered by when it starts."""

    start: datetime.date
    end: datetime.date
    text: str  # as the page shows it: 2026-09, 2026-Q3, 2026-09-30


def parse_period(text: str) -> Period | None:
    """The period written as `YYYY-MM`, `YYYY-Qn` or `YYYY-MM-DD`; None for anything else."""
    value = text.strip()
    try:
        if _DAY.fullmatch(value):
            day = datetime.date.fromisoformat(value)
            return Period(day, day, value)
        match = _QUARTER.fullmatch(value)
        if match:
            year, quarter = int(match[1]), int(match[2])
            start = datetime.date(year, 3 * quarter - 2, 1)
            return Period(start, _month_end(year, 3 * quarter), f"{year:04d}-Q{quarter}")
        match = _MONTH.fullmatch(value)
        if match:
            year, month = int(match[1]), int(match[2])
            return Period(datetime.date(year, month, 1), _month_end(year, month), value)
    except ValueError:
        return None  # a month 13, a 30 February, the year 0
    return None


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of a data file: a metric of a step (or a whole journey) in a period."""

    journey: str
    step: str  # a step id; "" for the whole journey
    metric: str
    period: Period
    value: int | float
    source: str | None
    n: int | None
    path: str  # the data file, relative to the project root
    line: int

    @property
    def origin(self) -> str:
        """Where the figure comes from: its source if the file names one, and the file."""
        return f"{self.source} ({self.path})" if self.source else self.path


@dataclass(frozen=True)
class DataFile:
    """A data file's figures, and what was wrong with its rows on their own."""

    path: str
    figures: tuple[Figure, ...]
    diagnostics: tuple[Diagnostic, ...]


def _number(text: str, metric: str) -> tuple[int | float | None, str, str]:
    """(value, message, hint): the number in a cell, or why it is none."""
    value = text.strip()
    if _INTEGER.fullmatch(value):
        number: int | float = int(value)
    elif _NUMBER.fullmatch(value):
        number = float(value)
    else:
        if not value:
            return None, "'value' is empty", "write the figure, or remove the row"
        hint = number_text_hint(value) or (
            "write a number with a decimal point and no unit, like 0.62 or 412"
        )
        return None, f"'value' is '{value}', which is not a number", hint
    if metric in RECOGNISED_METRICS and not 0 <= number <= 1:
        hint = f"write {value}% as {_as_fraction(value)}" if 1 < number <= 100 else ""
        return None, f"'{metric}' is {value}, but must be a fraction from 0 to 1", hint
    return number, "", ""


def number_text_hint(value: str) -> str:
    """How to write a number typed as `12%`, `4,1` or `1,234`; "" for other text.

    Front matter (`check/validate.py`) and data files give the same advice.
    """
    if _PERCENT.fullmatch(value):
        return f"write {value} as {_as_fraction(value.rstrip('% '))}"
    return _comma_hint(value)


def _comma_hint(value: str) -> str:
    digits = value.replace(",", "")
    if _THOUSANDS.fullmatch(value):
        if value.count(",") > 1:
            return f"write it without thousands separators: {digits}"
        # `1,234` is 1234 in English and 1.234 in most of Europe: only the writer knows.
        return (
            f"if the comma separates thousands, write {digits}; "
            f"if it is a decimal comma, write {value.replace(',', '.')}"
        )
    if _DECIMAL_COMMA.fullmatch(value):
        return f"write a decimal point, not a comma: {value.replace(',', '.')}"
    return ""


def _as_fraction(percent: str) -> str:
    try:
        return f"{float(percent) / 100:.4g}"
    except ValueError:
        return "a fraction from 0 to 1"


def header_problems(
    header: list[str],
    path: str,
    columns: tuple[str, ...] = COLUMNS,
    optional: tuple[str, ...] = OPTIONAL_COLUMNS,
) -> list[Diagnostic]:
    """What is wrong with a CSV header row (also for `read/path_files.py`'s columns)."""
    known = (*columns, *optional)
    problems = []
    separator = next((s for s in _OTHER_SEPARATORS if len(header) == 1 and s in header[0]), None)
    if separator is not None:
        return [
            error(
                path,
                1,
                f"the header has one column; the file separates its columns with "
                f"{_OTHER_SEPARATORS[separator]}",
                "export the file with commas between columns (CSV, comma-delimited)",
                code="data-header",
            )
        ]
    for name in header:
        if name not in known:
            hint = (
                did_you_mean(name.lower(), known)
                or f"the columns are {', '.join(columns)} and optionally {', '.join(optional)}"
            )
            problems.append(error(path, 1, f"unknown column '{name}'", hint, code="data-header"))
    seen: set[str] = set()
    for name in header:
        if name in seen and name in known:
            problems.append(
                error(
                    path,
                    1,
                    f"column '{name}' appears twice",
                    "remove one of them",
                    code="data-header",
                )
            )
        seen.add(name)
    missing = [name for name in columns if name not in header]
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        problems.append(
            error(
                path,
                1,
                f"missing column{'s' if len(missing) > 1 else ''} {names}",
                f"the header row must name {','.join(columns)} (and optionally "
                f"{','.join(optional)})",
                code="data-header",
            )
        )
    return problems


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of every row that is not blank; a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    for row in reader:
        if any(cell.strip() for cell in row):
            yield line, row
        line = reader.line_num + 1


def parse_data_file(data: bytes, path: str) -> DataFile:
    """The figures of one data file, checked row by row (not yet against the journeys)."""
    text, problems = decode(data, path)
    if text is None:
        return DataFile(path, (), tuple(problems))
    rows = _rows(text)
    try:
        first = next(rows, None)
        if first is None:
            return DataFile(
                path,
                (),
                (
                    error(
                        path,
                        1,
                        "data file is empty",
                        f"start with the header row {','.join((*COLUMNS, *OPTIONAL_COLUMNS))}",
                        code="empty-file",
                    ),
                ),
            )
        header_line, raw_header = first
        header = [name.strip() for name in raw_header]
        out = header_problems(header, path)
        if header_line != 1:
            out = [error(path, header_line, *blank_first_line(), code="data-header"), *out]
        if out:
            return DataFile(path, (), tuple(out))
        index = {
            name: header.index(name) for name in (*COLUMNS, *OPTIONAL_COLUMNS) if name in header
        }
        figures: list[Figure] = []
        for line, row in rows:
            figure = _figure(row, index, len(header), path, line, out)
            if figure is not None:
                figures.append(figure)
        out.extend(_misspelt_metrics(figures, path))
    except csv.Error as exc:
        # An unclosed quote: the reader names no line, so the rest of the file is lost.
        return DataFile(
            path,
            (),
            (
                error(
                    path,
                    error_line(text),
                    f"invalid CSV: {exc}",
                    'close the quote (") that starts the cell; a quote inside a quoted '
                    'cell is written twice ("")',
                    code="data-row",
                ),
            ),
        )
    return DataFile(path, tuple(figures), tuple(out))


def _misspelt_metrics(figures: list[Figure], path: str) -> list[Diagnostic]:
    """A warning at the first row of each metric named like a recognised one (`drop-off`)."""
    found = []
    for metric in dict.fromkeys(f.metric for f in figures):
        finding = misspelt_metric_finding(metric)
        if finding is not None:
            line = next(f.line for f in figures if f.metric == metric)
            found.append(warning(path, line, *finding, code="misspelt-metric"))
    return found


def blank_first_line() -> tuple[str, str]:
    return "the header row is not the first line", "remove the blank lines above it"


def error_line(text: str) -> int:
    # The line of the quote that is never closed: the first line with an odd number of them.
    count = 0
    for number, line in enumerate(text.split("\n"), start=1):
        before = count
        count += line.count('"')
        if before % 2 == 0 and count % 2 == 1:
            start = number
    return start if count % 2 == 1 else 1


def _figure(
    row: list[str],
    index: dict[str, int],
    width: int,
    path: str,
    line: int,
    out: list[Diagnostic],
) -> Figure | None:
    if len(row) != width:
        out.append(
            error(
                path,
                line,
                f"row has {len(row)} cells, but the header has {width} columns",
                'quote cells that hold a comma ("like, this"); leave optional cells empty '
                "but keep their commas",
                code="data-row",
            )
        )
        return None

    def cell(name: str) -> str:
        return row[index[name]].strip() if name in index else ""

    journey, step, metric = cell("journey"), cell("step"), cell("metric")
    if not journey:
        out.append(
            error(path, line, "'journey' is empty", "write the id of a journey", code="empty-value")
        )
        return None
    if not _VISIBLE.search(metric):
        out.append(
            error(
                path,
                line,
                "'metric' is empty",
                "name the figure, e.g. drop_off or nps",
                code="empty-value",
            )
        )
        return None
    period = parse_period(cell("period"))
    if period is None:
        shown = cell("period")
        message = f"'period' is '{shown}', which is not a period" if shown else "'period' is empty"
        out.append(error(path, line, message, PERIOD_HINT, code="bad-period"))
        return None
    value, message, hint = _number(cell("value"), metric)
    if value is None:
        code: Code = "out-of-range" if "fraction from 0 to 1" in message else "bad-number"
        out.append(error(path, line, message, hint, code=code))
        return None
    n: int | None = None
    n_text = cell("n")
    if n_text:
        if not _INTEGER.fullmatch(n_text) or int(n_text) < 1:
            out.append(
                error(
                    path,
                    line,
                    f"'n' is '{n_text}', but must be a whole number, 1 or more",
                    "n is how many people or sessions the figure counts; leave it empty if unknown",
                    code="bad-number",
                )
            )
            return None
        n = int(n_text)
    return Figure(journey, step, metric, period, value, cell("source") or None, n, path, line)


class DataCache:
    """Parsed data files by path, reused while a file's bytes are unchanged (`mkdocs serve`)."""

    def __init__(self) -> None:
        self._entries: dict[Path, tuple[bytes, DataFile]] = {}
        self.reads = 0  # files parsed by the last `load_data`

    def parse(self, file: Path, data: bytes, path: str) -> DataFile:
        """`parse_data_file`, or what it returned the last time the file had the same bytes."""
        digest = hashlib.sha256(data).digest()
        entry = self._entries.get(file)
        if entry is not None and entry[0] == digest and entry[1].path == path:
            return entry[1]
        self.reads += 1
        parsed = parse_data_file(data, path)
        self._entries[file] = (digest, parsed)
        return parsed

    def keep_only(self, files: set[Path]) -> None:
        """Forget files that are gone."""
        for file in [f for f in self._entries if f not in files]:
            del self._entries[file]


def csv_files(
    maps_dir: Path, root: Path, folder_name: str, what: str, out: list[Diagnostic]
) -> list[tuple[Path, str]]:
    """The CSV files of `maps_dir/folder_name/` (file, path as reported), sorted; a file of
    another kind is a warning and left out (`what` the folder holds: "data", "paths")."""
    folder = maps_dir / folder_name
    if not folder.is_dir() or folder.is_symlink():
        return []
    allowed = (root.resolve(), maps_dir.resolve())
    found = []
    for file in find_files(folder, root, allowed, out):
        path = display_path(file, root)
        if file.suffix.lower() != ".csv":
            out.append(
                warning(
                    path,
                    1,
                    "not a .csv file; it is ignored",
                    f"maps/{folder_name}/ holds CSV files; export the {what} as CSV "
                    "(comma-delimited)",
                    code="not-csv",
                )
            )
            continue
        found.append((file, path))
    return found


def load_data(
    maps_dir: Path, root: Path, cache: DataCache | None = None
) -> tuple[list[DataFile], list[Diagnostic]]:
    """Every data file of `maps_dir/data/`, parsed; and what could not be read at all."""
    folder = maps_dir / DATA_FOLDER
    problems: list[Diagnostic] = []
    if cache is not None:
        cache.reads = 0
    if not folder.is_dir() or folder.is_symlink():
        return [], problems
    files: list[DataFile] = []
    seen: set[Path] = set()
    for file, path in csv_files(maps_dir, root, DATA_FOLDER, "data", problems):
        try:
            data = file.read_bytes()
        except OSError as exc:
            problems.append(
                error(path, 1, f"cannot read file: {exc.strerror}", code="unreadable-file")
            )
            continue
        seen.add(file)
        files.append(cache.parse(file, data, path) if cache else parse_data_file(data, path))
    if cache is not None:
        cache.keep_only(seen)
    return files, problems


@dataclass(frozen=True)
class Series:
    """The figures of one metric of one step (or whole journey), oldest period first."""

    journey: str
    step: str
    metric: str
    figures: tuple[Figure, ...]

    @property
    def latest(self) -> Figure:
        """The figure of the most recent period."""
        return self.figures[-1]

    @property
    def previous(self) -> Figure | None:
        """The figure of the period before the latest, if any."""
        return self.figures[-2] if len(self.figures) > 1 else None

    @property
    def change(self) -> float | None:
        """Latest minus previous value; None with a single period."""
        previous = self.previous
        return None if previous is None else self.latest.value - previous.value

    @property
    def is_fraction(self) -> bool:
        """True for the recognised rates (shown as percentages, changes in points)."""
        return self.metric in RECOGNISED_METRICS
