"""Evidence that ages: how old a step's evidence is, and how much of a journey rests on
evidence younger than the maximum age, judged as of the build's day.

Evidence is dated by its `date`, or else by the latest date or period its text names, as
a reader sees it: `2026-06-27`, `2026-06`, `2026-Q2`, `April-June 2026` (any dash),
`May 2026` (a period counts from its last day).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Evidence, Journey
from ..read.data_files import parse_period

# A date or period in evidence text: 2026-06-27, 2026-06, 2026-Q2 (`data.parse_period`).
_PERIOD_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{4}-(?:[Qq][1-4]|[0-9]{2}(?:-[0-9]{2})?)(?![0-9])")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
# A month, or a range of months joined by a dash, in English, and its year:
# "April-June 2026", "May 2026".
_MONTHS_IN_TEXT = re.compile(
    rf"\b({_MONTH})(?:\s*[-\u2013\u2014]\s*({_MONTH}))?\s+([0-9]{{4}})\b", re.IGNORECASE
)


def evidence_date(evidence: Evidence) -> datetime.date | None:
    """The day the evidence dates from: its `date`, else the last day of the latest date
    or period its text names; None when it names none."""
    if evidence.date is not None:
        return evidence.date
    ends = [
        period.end
        for match in _PERIOD_IN_TEXT.finditer(evidence.text)
        if (period := parse_period(match.group(0))) is not None
    ]
    for match in _MONTHS_IN_TEXT.finditer(evidence.text):
        month = _MONTHS.index((match[2] or match[1])[:3].lower()) + 1
        period = parse_period(f"{match[3]}-{month:02d}")
        if period is not None:
            ends.append(period.end)
    return max(ends, default=None)


def evidence_age(evidence: Evidence, today: datetime.date) -> int | None:
    """Days since the evidence was gathered (`evidence_date`); None for undated evidence."""
    day = evidence_date(evidence)
    return None if day is None else (today - day).days


def is_old(evidence: Evidence, today: datetime.date, max_age: int) -> bool:
    """True for dated evidence older than `max_age` days."""
    age = evidence_age(evidence, today)
    return age is not None and age > max_age


def has_recent_evidence(evidence: Iterable[Evidence], today: datetime.date, max_age: int) -> bool:
    """True if any item is dated and at most `max_age` days old."""
    for item in evidence:
        age = evidence_age(item, today)
        if age is not None and age <= max_age:
            return True
    return False


@dataclass(frozen=True)
class Coverage:
    """How many of a journey's steps rest on evidence younger than the maximum age."""

    covered: int
    steps: int

    @property
    def share(self) -> float:
        """Covered steps as a fraction of all steps."""
        return self.covered / self.steps if self.steps else 0.0


def coverage(journey: Journey, today: datetime.date, max_age: int) -> Coverage:
    """The evidence coverage of a journey as of `today`: steps with evidence dated (by
    `evidence_date`) at most `max_age` days ago."""
    steps = [step for journey_stage in journey.stages for step in journey_stage.steps]
    covered = sum(has_recent_evidence(step.evidence, today, max_age) for step in steps)
    return Coverage(covered, len(steps))


def observed(journey: Journey) -> Coverage:
    """How many of a journey's steps rest on evidence of `level: observed`."""
    steps = [step for journey_stage in journey.stages for step in journey_stage.steps]
    covered = sum(any(e.level == "observed" for e in step.evidence) for step in steps)
    return Coverage(covered, len(steps))
