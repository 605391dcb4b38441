"""What a journey's path files say, per period: attribution and the observed flow (SPEC §2.7).

`read/path_files.py` reads and checks `maps/paths/*.csv`; this module holds what the
handbook keeps of them for pages and exports. The models live in `attribution.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .attribution import Attribution, ObservedFlow


@dataclass(frozen=True, slots=True)
class PeriodPaths:
    """One journey's customer paths of one period, attributed and laid on its stages."""

    journey: str
    period: str
    sources: tuple[str, ...]
    """The `source` column's distinct values, sorted (empty when the files name none)."""
    attribution: Attribution
    flow: ObservedFlow


@dataclass(frozen=True, slots=True)
class JourneyPaths:
    """Every period of one journey's paths; pages show the latest, exports every one."""

    journey: str
    periods: tuple[PeriodPaths, ...]
    """Oldest first; never empty."""

    @property
    def latest(self) -> PeriodPaths:
        """The period the journey page shows."""
        return self.periods[-1]
