"""Whether a journey is still true: its review's due day, and findings about its dates.

A journey is fresh, due soon, stale or never reviewed as of the build's day
(`settings.today`); a review or evidence date in the future is a typo to report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from ..config import Settings
from ..diagnostics import Diagnostic, Severity
from ..model import Journey

FreshnessStatus = Literal["fresh", "due", "stale", "unreviewed", "retired"]


@dataclass(frozen=True)
class Freshness:
    """Whether a journey's last review is recent enough to trust it."""

    status: FreshnessStatus
    due: datetime.date | None = None
    days_left: int | None = None  # negative when overdue


def freshness(journey: Journey, settings: Settings) -> Freshness:
    """Fresh, due soon, stale or never reviewed, as of `settings.today`."""
    if journey.status == "retired":
        return Freshness("retired")
    if journey.reviewed is None:
        return Freshness("unreviewed")
    every = journey.review_every or settings.review_every
    # A typo like `reviewed: 9999-12-30` must not overflow the date: clamp the due day.
    every = min(every, (datetime.date.max - journey.reviewed).days)
    due = journey.reviewed + datetime.timedelta(days=every)
    days_left = (due - settings.today).days
    if days_left < 0:
        return Freshness("stale", due, days_left)
    if days_left <= settings.due_soon_days:
        return Freshness("due", due, days_left)
    return Freshness("fresh", due, days_left)


def report_freshness(
    journey: Journey, state: Freshness, settings: Settings, out: list[Diagnostic]
) -> None:
    """A stale journey, a review date in the future, a journey never reviewed."""
    source = journey.source
    if state.status == "stale":
        assert state.due is not None and state.days_left is not None
        severity = Severity.WARNING if settings.stale == "warn" else Severity.INFO
        out.append(
            Diagnostic(
                source.path,
                source.line_of(("reviewed",)),
                severity,
                f"journey is stale: last reviewed {journey.reviewed}, "
                f"review was due {state.due} ({-state.days_left} days ago)",
                f"review it with its owner ({journey.owner}) and update `reviewed:`",
                code="stale",
            )
        )
    if journey.reviewed is not None and journey.reviewed > settings.today:
        # A typo such as 2062 would otherwise keep a map "fresh" for decades.
        out.append(
            Diagnostic(
                source.path,
                source.line_of(("reviewed",)),
                Severity.WARNING,
                f"'reviewed' is {journey.reviewed}, a date in the future",
                f"write the date of the last review (today is {settings.today})",
                code="future-review",
            )
        )
    elif state.status == "unreviewed":
        out.append(
            Diagnostic(
                source.path,
                1,
                Severity.INFO,
                "journey has never been reviewed",
                "add `reviewed: YYYY-MM-DD` once its owner has checked it",
                code="unreviewed",
            )
        )


def report_future_evidence(journey: Journey, settings: Settings, out: list[Diagnostic]) -> None:
    """Evidence dated after `settings.today`."""
    # A typo such as 2062 would keep evidence "recent" for decades, as with `reviewed`.
    for stage_index, journey_stage in enumerate(journey.stages):
        for step_index, step in enumerate(journey_stage.steps):
            for index, item in enumerate(step.evidence):
                if item.date is None or item.date <= settings.today:
                    continue
                loc = ("stages", stage_index, "steps", step_index, "evidence", index, "date")
                out.append(
                    Diagnostic(
                        journey.source.path,
                        journey.source.line_of(loc),
                        Severity.WARNING,
                        f"evidence date {item.date} is in the future",
                        f"write the day the evidence was gathered (today is {settings.today})",
                        code="future-evidence",
                    )
                )
