"""Validate one source against its model and say what is wrong in a writer's words.

Pydantic finds the problems; this module turns each into a `Diagnostic` at the
line of the offending key or item, with a message a CX writer understands and
a hint of how to fix it.
"""

from __future__ import annotations

import datetime
import math
import re
import typing
from dataclasses import dataclass
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..config import days_hint
from ..diagnostics import Code, Diagnostic, did_you_mean, error, warning
from ..domain import NEUTRAL, RECOGNISED_METRICS, SCORE_MAX, SCORE_MIN
from ..model import (
    MODELS,
    OPPORTUNITY_ID_PATTERN,
    OPPORTUNITY_TAGS,
    STEP_ID_PATTERN,
    VISIBLE_PATTERN,
    Document,
    Journey,
)
from ..read.data_files import number_text_hint
from ..read.map_files import suggest_id
from ..read.source import Loc, Source
from ..views.labels import misspelt_metric_finding

# Loc parts pydantic adds for the branches of a union (`int | str`); not field names.
_UNION_BRANCHES = {"int", "str", "float", "bool", "none", "date", "list[str]"}

# What YAML would have read as a number, had it not been quoted.
_QUOTED_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")

# What YAML would have read as a date, had it not been quoted.
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Lists whose items may be plain text, meaning {text: ...}.
_TEXT_OR_MAPPING = ("pain_points", "opportunities")

# The first field of an item of these lists, for a hint when an item is written as bare text.
_ITEM_KEY = {"stages": ("stage", "steps"), "steps": ("title", "emotion")}

_EXPECTED = {
    "int_type": "a whole number",
    "float_type": "a number",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of `name: value` lines",
    "model_type": "a mapping of `name: value` lines",
    "date_type": "a date",
    "bool_type": "true or false",
}

_SCORE = f"a whole number from {SCORE_MIN} to {SCORE_MAX}"
_RANGES = {
    "emotion": (
        _SCORE,
        f"{SCORE_MIN} is very negative, {NEUTRAL} neutral, {SCORE_MAX} very positive",
    ),
    "severity": (_SCORE, f"{SCORE_MAX} hurts most"),
    "impact": (_SCORE, f"{SCORE_MAX} is the biggest improvement"),
    "effort": (_SCORE, f"{SCORE_MAX} is the most work"),
    **{
        metric: ("a fraction from 0 to 1", f"write {percent}% as {int(percent) / 100:g}")
        for metric, percent in RECOGNISED_METRICS.items()
    },
    "review_every": (
        "a whole number of days, 1 or more",
        "write the days between reviews, like `review_every: 90`, or remove the line "
        "to use the site's `review_every`",
    ),
}


def describe(value: Any) -> str:
    """How a value reads in a message: text quoted, containers by their kind."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the last part of `loc` (for field-name hints)."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part)
        current = _find_model(field.annotation) if field else None
    return current


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def _field_name(loc: Loc) -> str:
    return next((str(p) for p in reversed(loc) if isinstance(p, str)), "front matter")


@dataclass(frozen=True)
class _Error:
    """One pydantic error, with the field it is about and how a message names it."""

    model: type[BaseModel]
    loc: Loc
    kind: str
    value: Any
    ctx: dict[str, Any]
    name: str
    is_item: bool
    subject: str


def _message(
    model: type[BaseModel],
    loc: Loc,
    kind: str,
    value: Any,
    ctx: dict[str, Any],
    front_matter: dict[str, Any],
) -> tuple[str, str]:
    """(message, hint) for one pydantic error type."""
    name = _field_name(loc)
    is_item = bool(loc) and isinstance(loc[-1], int)
    subject = f"an item of '{name}'" if is_item else f"'{name}'"
    if len(loc) >= 2 and loc[-1] == "text" and isinstance(_value_at(front_matter, loc[:-1]), str):
        # A pain point or opportunity written as plain text: the writer typed no `text:`.
        subject = f"an item of '{_field_name(loc[:-1])}'"
    found = _Error(model, loc, kind, value, ctx, name, is_item, subject)
    wording = _WORDINGS.get(kind)
    # A kind's own wording may not apply (another pattern, a model that is not an item).
    return (wording(found) if wording else None) or _wrong_type(found)


def _missing(e: _Error) -> tuple[str, str]:
    if e.name == "date" and len(e.loc) >= 3 and e.loc[-3] == "evidence":
        return (
            "missing required field 'date' of an item of 'evidence'",
            "add `date: YYYY-MM-DD`, the day it was gathered; evidence without a date "
            "is written as plain text",
        )
    return f"missing required field '{e.name}'", f"add `{e.name}: ...`"


def _unknown_field(e: _Error) -> tuple[str, str]:
    holder = _model_at(e.model, e.loc)
    known = holder.model_fields if holder else {}
    hint = did_you_mean(e.name, known) or (
        f"known fields here: {', '.join(known)}" if known else ""
    )
    return f"unknown field '{e.name}'", hint


def _not_allowed(e: _Error) -> tuple[str, str]:
    allowed = [a.strip().strip("'") for a in e.ctx["expected"].replace(" or ", ", ").split(",")]
    hint = did_you_mean(str(e.value), allowed) if isinstance(e.value, str) else ""
    return (
        f"{e.subject} is {describe(e.value)}, but must be one of: {', '.join(allowed)}",
        hint,
    )


def _out_of_range(e: _Error) -> tuple[str, str]:
    bound = {"ge": "at least", "le": "at most", "gt": "more than", "lt": "less than"}
    limit = next(f"{words} {e.ctx[key]}" for key, words in bound.items() if key in e.ctx)
    expected, hint = _RANGES.get(e.name, (limit, ""))
    return f"{e.subject} is {describe(e.value)}, but must be {expected}", hint


def _empty(e: _Error) -> tuple[str, str]:
    if isinstance(e.value, str):
        # Only required fields have a minimum length, so removing the line is no fix.
        return f"{e.subject} is empty", "fill it in"
    return f"'{e.name}' is empty, but needs at least one item", ""


def _pattern(e: _Error) -> tuple[str, str] | None:
    if e.ctx.get("pattern") == VISIBLE_PATTERN:
        return f"{e.subject} is blank (only spaces or invisible characters)", "fill it in"
    if e.name == "ref" and e.ctx.get("pattern") == OPPORTUNITY_ID_PATTERN:
        suggestion = suggest_id(str(e.value))
        return (
            f"invalid opportunity id {describe(e.value)} in 'ref': an id is the file name in "
            "maps/opportunities/, lowercase a-z, 0-9 and '-'",
            f"write `ref: {suggestion}`" if suggestion else "write e.g. `ref: deep-link-ads`",
        )
    if e.ctx.get("pattern") == STEP_ID_PATTERN:
        suggestion = suggest_id(str(e.value))
        return (
            f"invalid step id {describe(e.value)}: an id may use only lowercase a-z, 0-9 and '-'",
            f"write `id: {suggestion}`" if suggestion else "write e.g. `id: sees-instagram-video`",
        )
    return None


def _invalid_date(e: _Error) -> tuple[str, str]:
    name, value = e.name, e.value
    if isinstance(value, datetime.datetime):
        return f"'{name}' has a time of day, but must be a date", "write only YYYY-MM-DD"
    if isinstance(value, str) and _is_iso_date(value):
        return (
            f"'{name}' is {describe(value)} in quotes, which YAML reads as text, not a date",
            f"remove the quotes: `{name}: {value}`",
        )
    return (
        f"'{name}' is {describe(value)}, which is not a valid date",
        "write an ISO date that exists, like 2026-09-14",
    )


def _text_or_mapping(e: _Error) -> tuple[str, str] | None:
    if not (e.is_item and e.name in _TEXT_OR_MAPPING):
        return None
    hint = "put it in quotes to make it text" if _is_scalar(e.value) else ""
    return f"{e.subject} is {describe(e.value)}, but must be text or a mapping with `text:`", hint


def _wrong_type(e: _Error) -> tuple[str, str]:
    expected_type = _EXPECTED.get(e.kind)
    if expected_type is None:
        return f"{e.subject}: {e.ctx.get('error', e.kind)}", ""
    return f"{e.subject} is {describe(e.value)}, but must be {expected_type}", _type_hint(e)


def _type_hint(e: _Error) -> str:
    if e.value is None:
        holder = _model_at(e.model, e.loc)
        field = holder.model_fields.get(e.name) if holder and not e.is_item else None
        # Removing a required field only trades this error for "missing required field".
        required = field is not None and field.is_required()
        return "fill it in" if required else "fill it in, or remove the line"
    if isinstance(e.value, bool) and e.kind in ("int_type", "float_type"):
        # `emotion: yes`: YAML 1.1 reads yes/no and on/off as true/false.
        return f"YAML reads yes and no as true and false; {_write_number(e)}"
    hint_of = _TYPE_HINTS.get(e.kind)
    return hint_of(e) if hint_of else ""


def _write_number(e: _Error) -> str:
    """How to write a number field: 'write a whole number from 1 to 5 (5 hurts most)'."""
    if e.name not in _RANGES:
        return "write it in digits, like 3"
    expected, meaning = _RANGES[e.name]
    return f"write {expected}" if meaning.startswith("write") else f"write {expected} ({meaning})"


def _text_hint(e: _Error) -> str:
    if isinstance(e.value, (int, float, bool, datetime.date)):
        return "put it in quotes to make it text"
    if e.is_item and isinstance(e.value, list) and all(map(_is_plain, e.value)):
        # `touchpoints: [[webshop]]` is a list in a list.
        ids = ", ".join(str(v) for v in e.value)
        return f"write the list in one pair of brackets: `{e.name}: [{ids}]`"
    return ""


def _list_hint(e: _Error) -> str:
    return f"write it as a list: [{e.value}]" if isinstance(e.value, str) else ""


def _whole_number_hint(e: _Error) -> str:
    value = e.value
    if isinstance(value, float):
        if value.is_integer():
            return f"write {int(value)}, without the decimal point"
        return f"write a whole number: {math.floor(value)} or {math.ceil(value)}"
    if not isinstance(value, str):
        return ""
    if value.strip().lstrip("-").isdigit():
        return "write the number without quotes"
    if e.name == "review_every":
        return days_hint(e.name, value) or _write_number(e)
    return number_text_hint(value.strip()) or _write_number(e)


def _number_hint(e: _Error) -> str:
    if not isinstance(e.value, str):
        return ""
    if _QUOTED_NUMBER.fullmatch(e.value.strip()):
        return "write the number without quotes"
    return number_text_hint(e.value.strip()) or _write_number(e)


def _mapping_hint(e: _Error) -> str:
    value = e.value
    if e.is_item and e.name in _ITEM_KEY and isinstance(value, str):
        key, then = _ITEM_KEY[e.name]
        return f"write `- {key}: {value}`, with its `{then}:` below"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        # `metrics: [drop_off: 0.41]` or `- drop_off: 0.41` lines: a list of one-key mappings.
        merged = {key: v for item in value for key, v in item.items()}
        flow = yaml.safe_dump(merged, default_flow_style=True, sort_keys=False, width=1000)
        return f"a mapping has no [ ] or '- ': write `{e.name}: {flow.strip()}`"
    return ""


def _is_plain(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


# The hint of each wrong type, by the pydantic error type (what was expected).
_TYPE_HINTS: dict[str, typing.Callable[[_Error], str]] = {
    "string_type": _text_hint,
    "list_type": _list_hint,
    "int_type": _whole_number_hint,
    "float_type": _number_hint,
    "model_type": _mapping_hint,
    "dict_type": _mapping_hint,
}


# The wording of each pydantic error type that has its own; every other is a wrong type.
_WORDINGS: dict[str, typing.Callable[[_Error], tuple[str, str] | None]] = {
    "missing": _missing,
    "extra_forbidden": _unknown_field,
    "literal_error": _not_allowed,
    "greater_than_equal": _out_of_range,
    "less_than_equal": _out_of_range,
    "greater_than": _out_of_range,
    "less_than": _out_of_range,
    "too_short": _empty,
    "string_too_short": _empty,
    "string_pattern_mismatch": _pattern,
    "date_type": _invalid_date,
    "date_parsing": _invalid_date,
    "date_from_datetime_parsing": _invalid_date,
    "model_type": _text_or_mapping,
}


_CODES: dict[str, Code] = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "literal_error": "not-allowed",
    "greater_than_equal": "out-of-range",
    "less_than_equal": "out-of-range",
    "greater_than": "out-of-range",
    "less_than": "out-of-range",
    "too_short": "empty-value",
    "string_too_short": "empty-value",
    "date_type": "invalid-date",
    "date_parsing": "invalid-date",
    "date_from_datetime_parsing": "invalid-date",
}


def _code(kind: str, ctx: dict[str, Any], name: str = "") -> Code:
    """The diagnostic code of one pydantic error type, as `_message` words it."""
    if kind == "string_pattern_mismatch" and name == "ref":
        return "unknown-opportunity"  # no file can have the name
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == VISIBLE_PATTERN:
        return "empty-value"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == STEP_ID_PATTERN:
        return "invalid-step-id"
    return _CODES.get(kind, "wrong-type")


def _is_iso_date(text: str) -> bool:
    """True for text that is a real YYYY-MM-DD date (YAML reads it as one unless quoted)."""
    if not _ISO_DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (int, float, datetime.date))


def _strip_union_branch(loc: tuple[Any, ...], kind: str) -> Loc:
    # Pydantic appends the branch last, and only type errors come from a branch here;
    # so a field or metric that is itself named `int` or `str` keeps its name.
    if loc and loc[-1] in _UNION_BRANCHES and kind.endswith("_type"):
        return tuple(loc[:-1])
    return tuple(loc)


def _opportunity_form(loc: tuple[Any, ...]) -> tuple[Loc, str]:
    """`loc` without the form pydantic adds after an opportunity's index (`inline` or
    `shared`, see `model.OpportunityEntry`), and that form ("" when there is none)."""
    for i in range(2, len(loc)):
        after_item = isinstance(loc[i - 1], int) and loc[i - 2] == "opportunities"
        if after_item and loc[i] in OPPORTUNITY_TAGS:
            return (*loc[:i], *loc[i + 1 :]), str(loc[i])
    return tuple(loc), ""


def _shared_with_fields(source: Source, loc: Loc) -> Diagnostic:
    """An error for a field beside `ref:`: the shared opportunity's file holds its fields."""
    name = _field_name(loc)
    ref = _value_at(source.front_matter, (*loc[:-1], "ref"))
    file = f"maps/opportunities/{ref}.md" if isinstance(ref, str) else "its file"
    return error(
        source.path,
        source.line_of(loc),
        f"'{name}' beside 'ref': a shared opportunity is written once, in {file}",
        f"set '{name}' in {file}, or write this opportunity inline with `text:` instead of `ref:`",
        code="unknown-field",
    )


def validate_source(source: Source) -> tuple[Document | None, list[Diagnostic]]:
    """Validate a source against the model of its kind; the bound model or diagnostics."""
    model = MODELS[source.kind]
    try:
        document = model.model_validate(source.front_matter)
    except ValidationError as exc:
        return None, _diagnostics(source, model, exc)
    document.bind(source)
    return document, _misspelt_metrics(source, document)


def _misspelt_metrics(source: Source, document: Document) -> list[Diagnostic]:
    """Warnings for metrics named like a recognised one (`drop-off`): valid, but the step
    would silently drop out of the funnel."""
    if not isinstance(document, Journey):
        return []
    found = []
    for s, stage in enumerate(document.stages):
        for n, step in enumerate(stage.steps):
            for name in step.metrics.model_extra or {}:
                finding = misspelt_metric_finding(name)
                if finding is not None:
                    loc = ("stages", s, "steps", n, "metrics", name)
                    found.append(
                        warning(source.path, source.line_of(loc), *finding, code="misspelt-metric")
                    )
    return found


def _diagnostics(source: Source, model: type[BaseModel], exc: ValidationError) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    union_locs: dict[Loc, list[str]] = {}
    for item in exc.errors(include_url=False):
        loc, form = _opportunity_form(item["loc"])
        if form == "shared" and item["type"] == "extra_forbidden":
            diagnostics.append(_shared_with_fields(source, loc))
            continue
        loc = _strip_union_branch(loc, item["type"])
        if loc != _opportunity_form(item["loc"])[0]:
            # One value failed every branch of a union: report it once, below.
            union_locs.setdefault(loc, []).append(item["type"])
            continue
        message, hint = _message(
            model, loc, item["type"], item.get("input"), item.get("ctx", {}), source.front_matter
        )
        code = _code(item["type"], item.get("ctx", {}), _field_name(loc))
        diagnostics.append(error(source.path, source.line_of(loc), message, hint, code=code))
    for loc, kinds in union_locs.items():
        allowed = {_EXPECTED[k] for k in kinds if k in _EXPECTED}
        if "a number" in allowed:
            # A whole number is a number: "a number or a whole number" reads as two things.
            allowed.discard("a whole number")
        expected = " or ".join(sorted(allowed))
        value = _value_at(source.front_matter, loc)
        hint = (
            "put it in quotes to make it text"
            if "text" in allowed and isinstance(value, (bool, datetime.date))
            else ""
        )
        diagnostics.append(
            error(
                source.path,
                source.line_of(loc),
                f"'{_field_name(loc)}' is {describe(value)}, but must be {expected}",
                hint,
                code="wrong-type",
            )
        )
    return diagnostics


def _value_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
