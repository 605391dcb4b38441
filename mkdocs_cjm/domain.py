"""The facts of customer-journey mapping the whole package shares, each in one place.

The score scale (emotion, severity, impact, effort): its range, its neutral middle,
a face for each score and where a score sits on the canvas. The model validates
against it, the charts, the canvas, the Mermaid diagrams and `cjm.css` draw with it
(`tests/test_domain.py` holds the stylesheet to it).
"""

from __future__ import annotations

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
