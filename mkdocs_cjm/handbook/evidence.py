"""Evidence that ages: how old a step's evidence is, and how much of a journey rests on
evidence younger than the maximum age, judged as of the build's day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Evidence, Journey


def evidence_age(evidence: Evidence, today: datetime.date) -> int | None:
    """Days since the evidence was gathered; None for undated evidence."""
    return None if evidence.date is None else (today - evidence.date).days


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
    """The evidence coverage of a journey as of `today`."""
    steps = [step for journey_stage in journey.stages for step in journey_stage.steps]
    covered = sum(has_recent_evidence(step.evidence, today, max_age) for step in steps)
    return Coverage(covered, len(steps))
