"""How pages name what writers type as ids (touchpoint channels and step metrics), and a
journey's freshness.

A channel (`review-site`) or a metric (`payment_failure_rate`) is typed as an
id-like word; a reader sees words: the translated label of a recognised one
("Review site", "Drop-off"), else the id as words ("Payment failure rate").
Free text a writer typed as words ("Partner portal") stays as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..domain import FRACTION_WORDS, RECOGNISED_METRICS
from ..handbook.freshness import Freshness, FreshnessStatus
from ..i18n import Translator

CHANNELS = (
    "search",
    "web",
    "social",
    "email",
    "app",
    "chat",
    "phone",
    "sms",
    "store",
    "event",
    "delivery",
    "review-site",
    "other",
)
"""The channels of SPEC §2.3 (and `sms`): each has a translated label in `i18n`."""


_ACRONYMS = frozenset({"b2b", "b2c", "ces", "csat", "ctr", "kpi", "nps", "sla", "sms", "wismo"})
"""Words of an id written in capitals: `target_nps` reads "Target NPS"."""

_UNITS = {"days": "days", "hours": "hours", "min": "min", "minutes": "min", "weeks": "weeks"}
"""A last word that is a unit reads as one, in brackets: `time_to_quote_days` reads
"Time to quote (days)"."""

_ID_LIKE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


def humanise(name: str) -> str:
    """An id-like name (`payment_failure_rate`) as words ("Payment failure rate").

    Anything else (capitals, spaces, other characters) is a writer's own
    wording and is returned as written.
    """
    if not _ID_LIKE.fullmatch(name):
        return name
    words = re.split(r"[-_]", name)
    unit = _UNITS.get(words[-1]) if len(words) > 1 else None
    if unit is not None:
        words = words[:-1]
    words = [w.upper() if w in _ACRONYMS else w for w in words]
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    return f"{text} ({unit})" if unit else text


def channel_label(channel: str | None, t: Translator) -> str:
    """A touchpoint's channel as readers see it; "" when it has none."""
    if not channel:
        return ""
    if channel in CHANNELS:
        return t(f"channel:{channel}")
    return humanise(channel)


def metric_label(name: str, t: Translator) -> str:
    """A metric's name as words: recognised metrics translated, others from their id."""
    return t(name) if name in RECOGNISED_METRICS else humanise(name)


def is_fraction(name: str, value: object) -> bool:
    """Whether a metric value is a share of customers (0..1), shown as a percentage."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        return False
    return name in RECOGNISED_METRICS or re.split(r"[-_]", name)[-1] in FRACTION_WORDS


def metric_value(name: str, value: int | float | str, t: Translator) -> str:
    """A metric's value as readers expect it: fractions as percentages ("1.8%").

    Other values as written: an integer keeps every digit (`1000`, not `1000.0`).
    """
    if is_fraction(name, value):
        return t.percent(float(value), decimals=2)
    return str(value)


# What a writer may change in a metric's name without meaning another metric.
_SPELLING = re.compile(r"[\s_.-]+")


def misspelt_metric(name: str) -> str | None:
    """The recognised metric `name` is a slip of (`drop-off`, `Drop_off`, `dropoff` for
    `drop_off`): the same letters in other case or with other separators; else None."""
    if name in RECOGNISED_METRICS:
        return None
    letters = _SPELLING.sub("", name.casefold())
    return next((m for m in RECOGNISED_METRICS if _SPELLING.sub("", m) == letters), None)


def misspelt_metric_finding(name: str) -> tuple[str, str] | None:
    """(message, hint) for a metric named like a recognised one but not the same; else None.

    Front matter and data files word it alike: the figure is kept, under its own name.
    """
    meant = misspelt_metric(name)
    if meant is None:
        return None
    return (
        f"metric '{name}' is not the recognised '{meant}', so the handbook keeps it apart "
        f"from the funnel, percentages and checks of '{meant}'",
        f"did you mean '{meant}'?",
    )


FRESHNESS_WORDS: dict[FreshnessStatus, str] = {
    "stale": "Stale",
    "due": "Review due",
    "fresh": "Fresh",
    "retired": "Retired",
    "unreviewed": "Never reviewed",
}
"""A journey's freshness (`freshness.Freshness.status`) in a word, to translate."""

_FRESHNESS_ICONS: dict[FreshnessStatus, str] = {"stale": "⚠️ ", "due": "⏰ ", "fresh": "✅ "}


def freshness_badge(
    state: Freshness,
    t: Translator,
    text: Callable[[Any], str] = str,
    strong: Callable[[str], str] = str,
) -> str:
    """A journey's freshness as its badge says it, wherever it shows (the journeys index,
    the review page): "⚠️ Stale (review was due 2026-01-05)", "⏰ Review due 2026-02-01",
    "✅ Fresh", "Retired", "Never reviewed".

    `text` writes a label or a date and `strong` the word "Stale" in the output's syntax:
    a template passes its own helpers (escaped Markdown, or HTML in a table); a chart's
    elements pass none, since they escape their text as they are written.
    """
    icon, word = _FRESHNESS_ICONS.get(state.status, ""), t(FRESHNESS_WORDS[state.status])
    if state.status == "stale":
        return f"{icon}{strong(word)} ({text(t('review was due'))} {text(state.due)})"
    if state.status == "due":
        return f"{icon}{text(word)} {text(state.due)}"
    return f"{icon}{text(word)}"
