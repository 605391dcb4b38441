"""The handbook as CSV tables for spreadsheets: steps, opportunities, pain points, figures.

Like the JSON export, the tables are derived from the models: a row's item (a
step, an opportunity, ...) gives a column per field, so a field added to a model
gets its column without a change here. `Table` declares what a table adds (the
columns of where a row is) and the fields it writes in other columns (counts,
other names); `left_out` names the fields it does not hold, and says why.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import functools
import io
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Literal

from pydantic import BaseModel

from ..handbook.attribution import StageMove, TouchpointCredit
from ..handbook.resolve import Handbook, Usage
from ..model import PainPoint, Step
from ..read.data_files import COLUMNS, OPTIONAL_COLUMNS, Figure
from .export import EXPORT_DIGITS, OPPORTUNITY, exported_opportunity

# Multi-valued text in one CSV cell: ids never hold ';', free text may, so it gets lines.
_ID_SEPARATOR = ";"
_TEXT_SEPARATOR = "\n"
# Cells Excel or LibreOffice would run as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


Cells = Callable[[Any], tuple[Any, ...]]
"""The cells of one field of a row's item, from the field's value."""


def plain_cell(value: Any) -> tuple[Any, ...]:
    """The one cell of a field that is text, a number, a date or a list of ids."""
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return (_ID_SEPARATOR.join(value),)
    if value is None or isinstance(value, str | int | float | datetime.date):
        return (value,)
    raise TypeError(f"no CSV cell for {value!r}: give its field cells in its Table")


_PLAIN = (str, int, float, bool, datetime.date, type(None))


def is_plain(annotation: Any) -> bool:
    """Whether a field of this type fits one cell as it is (`plain_cell`): text, a number,
    a date, a choice, or a list of ids."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return is_plain(args[0])
    if origin is typing.Literal:
        return True
    if origin in (typing.Union, types.UnionType):
        return all(is_plain(arg) for arg in args)
    if origin in (list, tuple):
        return all(arg in (str, Ellipsis) for arg in args)
    return annotation in _PLAIN


def field_types(model: type) -> dict[str, Any]:
    """The fields of a pydantic model or a dataclass, in order, with their types."""
    if dataclasses.is_dataclass(model):
        hints = typing.get_type_hints(model)
        return {f.name: hints[f.name] for f in dataclasses.fields(model)}
    assert issubclass(model, BaseModel)
    return {name: field.annotation for name, field in model.model_fields.items()}


@dataclasses.dataclass(frozen=True)
class Table:
    """A CSV table: a row per item (a step, an opportunity, ...) after the columns of where
    it is; then the item's fields, those in `order` first, the others in the model's order.

    A field is one column of its name (`plain_cell`) unless `cells` gives it other columns
    (a count, another name); `left_out` names the fields the table does not hold, and why.
    A table for spreadsheets `guards_formulas` (`_cell`); one that is a data file does not,
    so that it reads back as the figures it was made from.
    """

    model: type
    where: tuple[str, ...]
    order: tuple[str, ...] = ()
    cells: Mapping[str, tuple[tuple[str, ...], Cells]] = dataclasses.field(default_factory=dict)
    left_out: Mapping[str, str] = dataclasses.field(default_factory=dict)
    guards_formulas: bool = True

    @functools.cached_property
    def fields(self) -> tuple[tuple[str, Cells], ...]:
        """The item's fields the table holds, in column order, with their cells."""
        names = field_types(self.model)
        rest = (n for n in names if n not in self.order and n not in self.left_out)
        return tuple((n, self.cells.get(n, ((), plain_cell))[1]) for n in (*self.order, *rest))

    @functools.cached_property
    def columns(self) -> tuple[str, ...]:
        """The header row."""
        own = (self.cells[n][0] if n in self.cells else (n,) for n, _ in self.fields)
        return (*self.where, *(column for columns in own for column in columns))

    def without_cells(self) -> list[str]:
        """Fields the table holds that do not fit one cell as they are: each needs `cells`
        (or a place in `left_out`)."""
        types_ = field_types(self.model)
        return [n for n, _ in self.fields if n not in self.cells and not is_plain(types_[n])]

    def row(self, item: Any, where: Mapping[str, Any]) -> list[Any]:
        """The cells of one item's row."""
        cells = [where[column] for column in self.where]
        for name, cells_of in self.fields:
            cells.extend(cells_of(getattr(item, name)))
        return cells


def _one(value: Any) -> tuple[Any, ...]:
    return (value,)


def _count(items: list[Any]) -> tuple[Any, ...]:
    return (len(items),)


def _metric_cells(metrics: Any) -> tuple[Any, ...]:
    free = metrics.model_dump(exclude_none=True, exclude={"drop_off", "conversion"})
    other = "; ".join(f"{name}={value}" for name, value in free.items())
    return (metrics.drop_off, metrics.conversion, other)


_WHERE = ("journey_id", "journey_title", "stage_id", "stage_title", "step_number", "step_title")

TABLES: dict[str, Table] = {
    "steps": Table(
        Step,
        where=(
            *("journey_id", "journey_title", "journey_status", "journey_owner"),
            *("journey_part_of", "personas"),
            *("stage_number", "stage_id", "stage_title", "step_number"),
        ),
        cells={
            "title": (("step_title",), _one),
            "id": (("step_id",), _one),
            "pain_points": (
                ("pain_points", "max_severity"),
                lambda pains: (len(pains), max((p.severity for p in pains), default=None)),
            ),
            "opportunities": (("opportunities",), _count),
            "metrics": (("drop_off", "conversion", "other_metrics"), _metric_cells),
            "evidence": (
                ("evidence",),
                lambda evidence: (_TEXT_SEPARATOR.join(e.text for e in evidence),),
            ),
        },
    ),
    # A step's opportunity as the JSON export has it: a shared one with its values and `ref`.
    "opportunities": Table(
        OPPORTUNITY.exported,
        where=(*_WHERE, "emotion"),
        order=("text", "impact", "effort", "status"),
    ),
    "pain-points": Table(PainPoint, where=(*_WHERE, "emotion")),
    # The columns of a data file: the table is itself a data file of maps/data/.
    "data": Table(
        Figure,
        where=(),
        cells={"period": (("period",), lambda period: (period.text,))},
        left_out={
            "path": "no column of a data file (the JSON export has it, as `file`)",
            "line": "no column of a data file (the JSON export has it)",
        },
        # An apostrophe would become part of a source ('=x) when the table is read back;
        # the data files it is made from hold the same text as they are.
        guards_formulas=False,
    ),
    # Path files (SPEC §2.7): a row per journey, period, touchpoint and model.
    "attribution": Table(
        TouchpointCredit,
        where=("journey", "period"),
        cells={
            "conversions": (("conversions",), lambda value: (round(value, EXPORT_DIGITS),)),
            "share": (("share",), lambda value: (round(value, EXPORT_DIGITS),)),
        },
    ),
    "flow": Table(
        StageMove,
        where=("journey", "period"),
        left_out={"backward": "follows from the stages' order (the JSON export has it)"},
    ),
}
"""The CSV tables `export --format csv --table` writes."""

CSV_TABLES: dict[str, tuple[str, ...]] = {name: table.columns for name, table in TABLES.items()}
"""The CSV tables with their columns in order."""
assert CSV_TABLES["data"] == (*COLUMNS, *OPTIONAL_COLUMNS), "the data table is a data file"

CsvTable = Literal["steps", "opportunities", "pain-points", "data", "attribution", "flow"]


def _cell(value: Any, guard: bool) -> Any:
    if value is None:
        return ""
    if guard and isinstance(value, str) and value.startswith(_FORMULA_START):
        # A leading apostrophe makes a spreadsheet show the text instead of running it.
        return "'" + value
    return value


def _where(handbook: Handbook, usage: Usage) -> dict[str, Any]:
    journey, step = usage.journey, usage.step
    return {
        "journey_id": journey.id,
        "journey_title": journey.title,
        "journey_status": journey.status,
        "journey_owner": journey.owner,
        "journey_part_of": journey.part_of,
        "personas": _ID_SEPARATOR.join(journey.personas),
        "stage_number": usage.stage_index + 1,
        "stage_id": usage.journey_stage.stage,
        "stage_title": handbook.stages[usage.journey_stage.stage].title,
        "step_number": usage.step_index + 1,
        "step_title": step.title,
        "emotion": step.emotion,
    }


def _path_rows(handbook: Handbook, table: CsvTable) -> Iterator[list[Any]]:
    spec = TABLES[table]
    for journey_paths in handbook.paths.values():
        for period in journey_paths.periods:
            where = {"journey": period.journey, "period": period.period}
            items = period.attribution.credits if table == "attribution" else period.flow.moves
            for item in items:
                yield spec.row(item, where)


def _rows(handbook: Handbook, table: CsvTable) -> Iterator[list[Any]]:
    spec = TABLES[table]
    if table in ("attribution", "flow"):
        yield from _path_rows(handbook, table)
        return
    if table == "data":
        for series in handbook.data.series.values():
            for figure in series.figures:
                yield spec.row(figure, {})
        return
    for journey in handbook.journeys.values():
        for usage in handbook.usages(journey):
            where = _where(handbook, usage)
            if table == "steps":
                yield spec.row(usage.step, where)
            else:
                items: Iterable[Any] = (
                    map(exported_opportunity, usage.step.opportunities)
                    if table == "opportunities"
                    else usage.step.pain_points
                )
                for item in items:
                    yield spec.row(item, where)


def export_csv(handbook: Handbook, table: CsvTable = "steps", delimiter: str = ",") -> str:
    """One CSV table of the handbook: a row per step, opportunity, pain point or figure.

    Rows end in CRLF (RFC 4180); the caller chooses the encoding (the CLI writes
    UTF-8 with a byte order mark, so that Excel reads the text right).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_TABLES[table])
    guard = TABLES[table].guards_formulas
    for row in _rows(handbook, table):
        writer.writerow([_cell(value, guard) for value in row])
    return buffer.getvalue()
