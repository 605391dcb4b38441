"""The facts of customer-journey mapping the whole package shares, each in one place.

- The score scale (emotion, severity, impact, effort): its range, its neutral middle,
  a face for each score and where a score sits on the canvas. The model validates
  against it, the charts, the canvas, the Mermaid diagrams and `cjm.css` draw with it
  (`tests/unit/test_domain.py` holds the stylesheet to it).
- The recognised metrics, which are fractions, and what else makes a metric one.
- A step's key, `n.m` (`step_key`): how charts, the canvas, the overview and data
  attributes name a step within its journey.
- The lanes of a journey's canvas and of its service blueprint: name, label, line.
  The canvas draws them, the stage pages list the blueprint lanes, the export groups
  them; a lane's cell is the canvas's (`canvas.CELLS`, by name).

Adding a recognised metric: an entry in `RECOGNISED_METRICS`, its label in `i18n.py`,
and its typed field on `model.Metrics` (a test checks the three agree).
Adding a lane: a `Lane` here, its label in `i18n.py`, and for a journey lane its cell
in `canvas.CELLS`; a blueprint lane also needs its field on `model.Step`.
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------- the score scale

SCORE_MIN = 1
SCORE_MAX = 5
NEUTRAL = 3
"""The middle of the scale: a neutral emotion, and the default severity, impact and effort;
the impact/effort grid's middle row and column belong to no quadrant."""

SCORES = tuple(range(SCORE_MIN, SCORE_MAX + 1))
"""Every score, lowest first."""

FACES = {1: "😫", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}
"""A face for each score, as the canvas, the overview and the pages show it."""

# Where a score sits in the emotion lane, in % of its height from the top: the highest
# score 10 % from the top, the lowest 10 % from the bottom, evenly between.
_LANE_MARGIN = 10
SCORE_POSITIONS = {
    score: _LANE_MARGIN + (SCORE_MAX - score) * (100 - 2 * _LANE_MARGIN) // (SCORE_MAX - SCORE_MIN)
    for score in SCORES
}
"""Where each score's point sits in the emotion lane, in % from the top (cjm.css's `--cjm-y`)."""


# ---------------------------------------------------------------- the step key


def step_key(stage_number: int, step_number: int) -> str:
    """A step's key, ``"2.3"``: its stage's number in the journey and its own number in
    the stage, both from 1. Charts, the canvas and the overview show it; `data-step`
    carries it."""
    return f"{stage_number}.{step_number}"


def key_parts(key: str) -> tuple[int, int]:
    """The stage's and the step's number of a step key: ``"2.3"`` is ``(2, 3)``."""
    stage, step = key.split(".")
    return int(stage), int(step)


# ---------------------------------------------------------------- metrics

RECOGNISED_METRICS: dict[str, str] = {"drop_off": "62", "conversion": "4"}
"""The metrics with a meaning of their own: each has a translated name and is a fraction
from 0 to 1 (a share of customers), shown as a percentage; with a percentage the
writer's hint uses as an example ("write 62% as 0.62")."""

FRACTION_WORDS = frozenset({"rate", "share", "ratio", "conversion", "ctr"})
"""A metric whose name ends in one of these words and whose value lies in 0..1 is a
fraction too: `open_rate: 0.47` reads "47 %". Larger values are shown as written."""


# ---------------------------------------------------------------- the lanes


@dataclass(frozen=True)
class Lane:
    """A row of the canvas: what it shows of each step."""

    name: str  # its CSS name (`cjm-canvas__lane--pain-points`)
    label: str  # its label, a key of `i18n.py`
    line: str = ""  # a blueprint lane's line above it (a label key); "" for the others

    @property
    def field(self) -> str:
        """The field of `model.Step` the lane shows."""
        return self.name.replace("-", "_")


JOURNEY_LANES = (
    Lane("doing", "Doing"),
    Lane("thinking", "Thinking"),
    Lane("feeling", "Feeling"),
    Lane("emotion", "Emotion"),
    Lane("touchpoints", "Touchpoints"),
    Lane("pain-points", "Pain points"),
    Lane("opportunities", "Opportunities"),
    Lane("metrics", "Metrics"),
    Lane("evidence", "Evidence"),
)
"""The lanes of every canvas, top to bottom."""

BLUEPRINT_LANES = (
    Lane("frontstage", "Frontstage", "Line of interaction"),
    Lane("backstage", "Backstage", "Line of visibility"),
    Lane("support", "Support processes", "Line of internal interaction"),
)
"""The service-blueprint lanes, top to bottom, each below its line; a step's text in each."""
