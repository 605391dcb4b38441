"""Which touchpoints earn a journey's conversions, and how customers really move between stages.

Pure computation on the counts of customer paths (SPEC §2.7): no MkDocs, no files, no
paths. A path is a tuple of *element* ids, one per touch: a touchpoint id (aliases resolved
to it) or a step id. `path_counts.py` counts paths into `PathCounts` (by element, pair of
elements and path length), and `attribution_of` credits them. Elements are opaque labels
here; what an element credits is said by `splits`:

- an element without an entry credits the touchpoint of the same id, whole;
- an element with an entry, e.g. a step `{"filter": (("webshop", 1), ("app", 1))}`,
  credits each touchpoint `parts / sum of parts` of it (a step: its touchpoints, split
  equally, each with 1 part; other weights need only other whole numbers).

Attribution (`attribution_of`; `path_counts.attribute` from paths) gives each touchpoint its
conversions and share under five models:

- `first`, `last`: the first or last element of each converting path takes its conversions;
- `linear`: every touch of a converting path takes an equal part (a repeated touch counts
  each time it occurs);
- `position`: 40 % to the first touch, 40 % to the last, 20 % spread over the touches
  between; a one-touch path gives its one touch 100 %, a two-touch path 50/50;
- `markov`: the first-order Markov chain of the paths as written (states start, the
  elements, conversion, null; a repeated touch is a self-transition), each touchpoint's
  removal effect computed exactly (absorbing chain: 1 - P(conversion without it) /
  P(conversion)), normalised so the shares sum to 1. Removing a touchpoint removes, from
  each element that credits it, its part: an element crediting it `d` of its parts sends a
  customer on to null with probability `d` each time they reach it (a plain touchpoint
  element, d = 1, is the classic removal: every visit goes to null).

Heuristic credits are sums of whole numbers divided at the end (`Fraction`), so they do not
depend on the order of the rows. The chain is solved with floats by Gauss-Jordan
elimination in sorted state order: the same input gives the same bits on every run.
Nothing is rounded here; pages and exports round.

The observed flow (`observed_flow`, or `FlowTally`) places each element in a stage
(`stage_of`, decided by loading: steps, and touchpoints the journey uses in exactly one
stage) and counts the moves between stages; `path_counts.PathCounter` feeds a `FlowTally`
each distinct sequence of stages once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

MODELS = ("first", "last", "linear", "position", "markov")
"""The attribution models, in the order pages and exports list them."""

Split = tuple[tuple[str, int], ...]
"""The touchpoints one element credits: ((touchpoint id, whole parts > 0), ...)."""

FIRST_SHARE = Fraction(2, 5)
LAST_SHARE = Fraction(2, 5)
MIDDLE_SHARE = 1 - FIRST_SHARE - LAST_SHARE
"""Position-based model: first 40 %, last 40 %, the touches between share 20 %."""


@dataclass(frozen=True, slots=True)
class CustomerPath:
    """One row of a path file: the elements walked, and how many customers converted or not."""

    elements: tuple[str, ...]
    conversions: int
    nulls: int


@dataclass(frozen=True, slots=True)
class TouchpointCredit:
    """A touchpoint's credit under one model: conversions (not rounded) and share 0..1."""

    touchpoint: str
    model: str
    conversions: float
    share: float


@dataclass(frozen=True, slots=True)
class Attribution:
    """The conversions of a set of paths, credited to touchpoints under each model."""

    paths: int
    """Path rows counted (rows with conversions + nulls > 0)."""
    conversions: int
    nulls: int
    touchpoints: tuple[str, ...]
    """Every touchpoint an element of the paths credits, sorted."""
    credits: tuple[TouchpointCredit, ...]
    """One per touchpoint and model: touchpoints sorted, models in `MODELS` order."""
    removal_effects: tuple[tuple[str, float], ...]
    """Markov: each touchpoint's removal effect 0..1 before normalising, sorted."""

    @property
    def conversion_rate(self) -> float:
        """Conversions per customer path (0 when there are no paths)."""
        walked = self.conversions + self.nulls
        return self.conversions / walked if walked else 0.0

    def credit(self, touchpoint: str, model: str) -> TouchpointCredit:
        """The credit of one touchpoint under one model (KeyError for an unknown pair)."""
        for credit in self.credits:
            if credit.touchpoint == touchpoint and credit.model == model:
                return credit
        raise KeyError((touchpoint, model))

    def shares(self, model: str) -> dict[str, float]:
        """Each touchpoint's share under one model."""
        return {c.touchpoint: c.share for c in self.credits if c.model == model}


class PathCounts:
    """Weighted counts of paths: by element at start and end, by pair, by path length."""

    __slots__ = ("converted", "lost", "moves", "paths", "starts", "with_length")

    def __init__(self, paths: int) -> None:
        self.paths = paths
        self.starts: defaultdict[str, int] = defaultdict(int)
        self.moves: defaultdict[tuple[str, str], int] = defaultdict(int)
        self.converted: defaultdict[str, int] = defaultdict(int)
        self.lost: defaultdict[str, int] = defaultdict(int)
        # Converting paths by length: conversions by first element, last element, any touch.
        self.with_length: defaultdict[int, LengthCounts] = defaultdict(LengthCounts)


class LengthCounts:
    """Conversions of the converting paths of one length, by element."""

    __slots__ = ("first", "last", "touches")

    def __init__(self) -> None:
        self.first: defaultdict[str, int] = defaultdict(int)
        self.last: defaultdict[str, int] = defaultdict(int)
        self.touches: defaultdict[str, int] = defaultdict(int)


def attribution_of(counts: PathCounts, splits: Mapping[str, Split]) -> Attribution:
    """The credits of every touchpoint under every model (`splits`: see the module)."""
    elements = sorted(set(counts.starts) | {e for move in counts.moves for e in move})
    parts = {element: _parts(element, splits) for element in elements}
    touchpoints = tuple(sorted({t for split in parts.values() for t in split}))
    conversions = sum(counts.converted.values())
    heuristic = _heuristic_credits(counts)
    effects = _removal_effects(counts, elements, parts, touchpoints)
    total_effect = sum(effects.values())
    credits: list[TouchpointCredit] = []
    for touchpoint in touchpoints:
        for model in MODELS:
            if model == "markov":
                share = effects[touchpoint] / total_effect if total_effect else 0.0
                credits.append(TouchpointCredit(touchpoint, model, share * conversions, share))
                continue
            credited = sum(
                (
                    credit * parts[element][touchpoint]
                    for element, credit in heuristic[model].items()
                    if touchpoint in parts[element]
                ),
                Fraction(0),
            )
            share_of = credited / conversions if conversions else Fraction(0)
            credits.append(TouchpointCredit(touchpoint, model, float(credited), float(share_of)))
    return Attribution(
        paths=counts.paths,
        conversions=conversions,
        nulls=sum(counts.lost.values()),
        touchpoints=touchpoints,
        credits=tuple(credits),
        removal_effects=tuple((t, effects[t]) for t in touchpoints),
    )


def _heuristic_credits(counts: PathCounts) -> dict[str, dict[str, Fraction]]:
    """Conversions credited to each element by the four heuristic models, exactly."""
    credit: dict[str, defaultdict[str, Fraction]] = {
        model: defaultdict(Fraction) for model in MODELS if model != "markov"
    }
    for length, by_length in sorted(counts.with_length.items()):
        for element, converted in by_length.first.items():
            credit["first"][element] += converted
        for element, converted in by_length.last.items():
            credit["last"][element] += converted
        for element, converted in by_length.touches.items():
            credit["linear"][element] += Fraction(converted, length)
        _position_credits(credit["position"], length, by_length)
    return {model: dict(by_element) for model, by_element in credit.items()}


def _position_credits(
    credit: defaultdict[str, Fraction], length: int, counts: LengthCounts
) -> None:
    """Add the position-based credits of the converting paths of one length."""
    if length == 1:
        for element, converted in counts.first.items():
            credit[element] += converted
        return
    if length == 2:
        for ends in (counts.first, counts.last):
            for element, converted in ends.items():
                credit[element] += Fraction(converted, 2)
        return
    for element, converted in counts.first.items():
        credit[element] += FIRST_SHARE * converted
    for element, converted in counts.last.items():
        credit[element] += LAST_SHARE * converted
    # The middle touches are all touches but the two ends.
    for element, converted in counts.touches.items():
        middle = converted - counts.first.get(element, 0) - counts.last.get(element, 0)
        if middle:
            credit[element] += MIDDLE_SHARE * Fraction(middle, length - 2)


def _parts(element: str, splits: Mapping[str, Split]) -> dict[str, Fraction]:
    """The fraction of an element's credit that goes to each touchpoint it credits."""
    split = splits.get(element, ((element, 1),))
    if not split or any(weight <= 0 for _, weight in split):
        raise ValueError(f"element {element!r}: a split needs touchpoints with parts > 0")
    total = sum(weight for _, weight in split)
    fractions: defaultdict[str, Fraction] = defaultdict(Fraction)
    for touchpoint, weight in split:
        fractions[touchpoint] += Fraction(weight, total)
    return dict(fractions)


# --- The Markov chain ---------------------------------------------------------------------


def _removal_effects(
    counts: PathCounts,
    elements: list[str],
    parts: Mapping[str, Mapping[str, Fraction]],
    touchpoints: Sequence[str],
) -> dict[str, float]:
    """Each touchpoint's removal effect 1 - P'/P in the first-order chain of the paths.

    With N = (I - Q)^-1 over the transient states (start, then the elements) and x = N b
    (b: each state's chance to convert next), P = x[start]. Removing a touchpoint changes
    only the rows of the states that credit it, a low-rank change: Woodbury's identity
    gives P' from N with a k x k solve (k: those states), so the cost is one n x n
    inversion plus little per touchpoint.
    """
    if not elements or not any(counts.converted.values()):
        return {touchpoint: 0.0 for touchpoint in touchpoints}
    index = {element: i + 1 for i, element in enumerate(elements)}
    fundamental, convert_next = _chain(counts, elements, index)
    converts = [sum(n * b for n, b in zip(row, convert_next, strict=True)) for row in fundamental]
    effects: dict[str, float] = {}
    for touchpoint in touchpoints:
        removed = [
            (index[element], float(parts[element][touchpoint]))
            for element in elements
            if touchpoint in parts[element]
        ]
        without = _converts_without(fundamental, converts, convert_next, removed)
        effects[touchpoint] = min(1.0, max(0.0, 1.0 - without / converts[0]))
    return effects


def _chain(
    counts: PathCounts, elements: list[str], index: Mapping[str, int]
) -> tuple[list[list[float]], list[float]]:
    """N = (I - Q)^-1 of the chain (state 0: start) and b, each state's P(convert next)."""
    size = len(elements) + 1
    outgoing = [0] * size
    transitions: list[dict[int, int]] = [{} for _ in range(size)]
    for element, walked in counts.starts.items():
        transitions[0][index[element]] = walked
        outgoing[0] += walked
    for (source, target), walked in counts.moves.items():
        transitions[index[source]][index[target]] = walked
        outgoing[index[source]] += walked
    for ends in (counts.converted, counts.lost):
        for element, ended in ends.items():
            outgoing[index[element]] += ended
    fundamental = _inverse(
        [
            [
                float(row == column) - transitions[row].get(column, 0) / outgoing[row]
                for column in range(size)
            ]
            for row in range(size)
        ]
    )
    convert_next = [0.0] + [counts.converted.get(e, 0) / outgoing[index[e]] for e in elements]
    return fundamental, convert_next


def _converts_without(
    fundamental: list[list[float]],
    converts: list[float],
    convert_next: list[float],
    removed: list[tuple[int, float]],
) -> float:
    """P(conversion from start) when each state s in `removed` goes to null with chance d.

    Rows s of I - Q gain d_s Q_s, and b_s becomes (1 - d_s) b_s. As Q N = N - I, every term
    of Woodbury's identity is an entry of N or x: M z = r with M = I + D (N_SS - I),
    r = D ((N b')_S - b'_S), and P' = N_0 b' - N_0S z.
    """
    states = [state for state, _ in removed]
    dropped = [share * convert_next[state] for state, share in removed]  # d_s b_s

    def reached(row: int) -> float:  # (N b')_row
        return converts[row] - sum(
            fundamental[row][s] * lost for s, lost in zip(states, dropped, strict=True)
        )

    matrix = [
        [float(i == j) + share * (fundamental[s][t] - float(i == j)) for j, t in enumerate(states)]
        for i, (s, share) in enumerate(removed)
    ]
    right = [
        share * (reached(s) - (convert_next[s] - lost))
        for (s, share), lost in zip(removed, dropped, strict=True)
    ]
    solution = _solve(matrix, right)
    return reached(0) - sum(fundamental[0][s] * z for s, z in zip(states, solution, strict=True))


def _solve(matrix: list[list[float]], right: list[float]) -> list[float]:
    """x with matrix x = right: Gauss-Jordan with partial pivoting (first largest pivot)."""
    size = len(right)
    rows = [[*row, value] for row, value in zip(matrix, right, strict=True)]
    _eliminate(rows, size)
    return [rows[i][size] for i in range(size)]


def _inverse(matrix: list[list[float]]) -> list[list[float]]:
    """The inverse of a non-singular square matrix: Gauss-Jordan, partial pivoting."""
    size = len(matrix)
    rows = [[*row, *(float(i == j) for j in range(size))] for i, row in enumerate(matrix)]
    _eliminate(rows, size)
    return [row[size:] for row in rows]


def _eliminate(rows: list[list[float]], size: int) -> None:
    """Reduce the first `size` columns of `rows` to the identity, in place."""
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(rows[r][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        lead = rows[column]
        scale = lead[column]
        if scale == 0.0:
            raise ZeroDivisionError("singular matrix: a state that never ends")
        for j in range(column, len(lead)):
            lead[j] /= scale
        for r, row in enumerate(rows):
            factor = row[column]
            if r != column and factor != 0.0:
                for j in range(column, len(row)):
                    row[j] -= factor * lead[j]


# --- The observed flow between stages ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageMove:
    """Customer paths that moved from one stage to the next placed one."""

    from_stage: str
    to_stage: str
    paths: int
    """Customer paths (conversions + nulls) making this move, each time they make it."""
    backward: bool
    """The move goes to a stage earlier in the designed journey."""


@dataclass(frozen=True, slots=True)
class UnrolledMove:
    """A move between the `position`-th stage a path visits and the next (loops unrolled)."""

    position: int
    from_stage: str
    to_stage: str
    paths: int


@dataclass(frozen=True, slots=True)
class StageCount:
    """Customer paths that start or end in a stage, and how many of them converted."""

    stage: str
    paths: int
    conversions: int


@dataclass(frozen=True, slots=True)
class CommonPath:
    """A sequence of stages as customers walked it, how often and how often it converted."""

    stages: tuple[str, ...]
    paths: int
    conversions: int

    @property
    def conversion_rate(self) -> float:
        """Conversions per customer path on this sequence."""
        return self.conversions / self.paths if self.paths else 0.0


@dataclass(frozen=True, slots=True)
class UnplacedElement:
    """An element that belongs to no one stage, and the customer paths that contain it."""

    element: str
    paths: int


@dataclass(frozen=True, slots=True)
class ObservedFlow:
    """How customers moved between the designed stages.

    A path's stage sequence places each element by `stage_of` and merges touches in a row
    in the same stage; elements that cannot be placed are skipped there and counted in
    `unplaced`. All counts are customer paths (conversions + nulls of the rows).
    """

    paths: int
    conversions: int
    placed_paths: int
    """Customer paths with at least one placed element (the rest have no stage sequence)."""
    moves: tuple[StageMove, ...]
    """Sorted by the designed order of from_stage, then of to_stage."""
    unrolled: tuple[UnrolledMove, ...]
    """Sorted by position, then designed order."""
    starts: tuple[StageCount, ...]
    ends: tuple[StageCount, ...]
    returning_paths: int
    """Customer paths that come back to a stage they had already left."""
    common_paths: tuple[CommonPath, ...]
    """The most walked stage sequences, most paths first (ties: designed order)."""
    unplaced: tuple[UnplacedElement, ...]
    """Most paths first, then by element id."""

    @property
    def returning_share(self) -> float:
        """The share of placed customer paths that return to an earlier stage."""
        return self.returning_paths / self.placed_paths if self.placed_paths else 0.0


class FlowCounts:
    """What the observed flow is made of: customer paths (conversions + nulls) by move,
    by move at each position, by first and last stage, by stage sequence."""

    __slots__ = (
        "conversions",
        "ends",
        "moves",
        "paths",
        "returning",
        "sequences",
        "starts",
        "unplaced",
        "unrolled",
    )

    def __init__(self) -> None:
        self.paths = 0
        self.conversions = 0
        self.returning = 0
        self.moves: defaultdict[tuple[str, str], int] = defaultdict(int)
        self.unrolled: defaultdict[tuple[int, str, str], int] = defaultdict(int)
        # Stage (or sequence) → [customer paths, conversions].
        self.starts: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.ends: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
        self.sequences: defaultdict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0])
        self.unplaced: defaultdict[str, int] = defaultdict(int)


class FlowTally:
    """The stage-to-stage moves of paths, gathered in one pass over the rows."""

    __slots__ = ("_order", "_stage_of", "counts")

    def __init__(self, stage_of: Mapping[str, str], stages: Sequence[str]) -> None:
        """`stage_of`: element id → stage id; `stages`: stage ids in designed order."""
        self._order = {stage: i for i, stage in enumerate(stages)}
        unknown = sorted(set(stage_of.values()) - set(self._order))
        if unknown:
            raise ValueError(f"stage_of names stages not in the journey: {unknown}")
        self._stage_of = dict(stage_of)
        self.counts = FlowCounts()

    def add(self, elements: tuple[str, ...], conversions: int, nulls: int) -> None:
        """Count one path row (as `PathTally.add`)."""
        if conversions < 0 or nulls < 0:
            raise ValueError(f"not a customer path: {elements!r}, {conversions!r}, {nulls!r}")
        walked = conversions + nulls
        if not walked:
            return
        counts = self.counts
        counts.paths += walked
        counts.conversions += conversions
        sequence: list[str] = []
        unplaced: set[str] = set()
        for element in elements:
            stage = self._stage_of.get(element)
            if stage is None:
                unplaced.add(element)
            elif not sequence or sequence[-1] != stage:
                sequence.append(stage)
        for element in unplaced:
            counts.unplaced[element] += walked
        if not sequence:
            return
        for position, move in enumerate(pairwise(sequence)):
            counts.moves[move] += walked
            counts.unrolled[(position, *move)] += walked
        if len(set(sequence)) < len(sequence):
            counts.returning += walked
        for stage_counts in (
            counts.starts[sequence[0]],
            counts.ends[sequence[-1]],
            counts.sequences[tuple(sequence)],
        ):
            stage_counts[0] += walked
            stage_counts[1] += conversions

    def flow(self, top: int = 10) -> ObservedFlow:
        """The observed flow, with the `top` most walked stage sequences."""
        return flow_of(self.counts, list(self._order), top)


def flow_of(counts: FlowCounts, stages: Sequence[str], top: int = 10) -> ObservedFlow:
    """The observed flow of `counts` over `stages` (designed order), with the `top` most
    walked stage sequences (ties: in designed order)."""
    order = {stage: i for i, stage in enumerate(stages)}
    moves = tuple(
        StageMove(a, b, walked, order[b] < order[a])
        for (a, b), walked in sorted(
            counts.moves.items(), key=lambda item: (order[item[0][0]], order[item[0][1]])
        )
    )
    unrolled = tuple(
        UnrolledMove(position, a, b, walked)
        for (position, a, b), walked in sorted(
            counts.unrolled.items(),
            key=lambda item: (item[0][0], order[item[0][1]], order[item[0][2]]),
        )
    )
    sequences = sorted(
        counts.sequences.items(),
        key=lambda item: (-item[1][0], [order[stage] for stage in item[0]]),
    )
    return ObservedFlow(
        paths=counts.paths,
        conversions=counts.conversions,
        placed_paths=sum(walked for walked, _ in counts.starts.values()),
        moves=moves,
        unrolled=unrolled,
        starts=_stage_counts(counts.starts, order),
        ends=_stage_counts(counts.ends, order),
        returning_paths=counts.returning,
        common_paths=tuple(CommonPath(seq, *walked) for seq, walked in sequences[:top]),
        unplaced=tuple(
            UnplacedElement(element, walked)
            for element, walked in sorted(counts.unplaced.items(), key=lambda i: (-i[1], i[0]))
        ),
    )


def _stage_counts(
    counts: Mapping[str, list[int]], order: Mapping[str, int]
) -> tuple[StageCount, ...]:
    """Paths and conversions by stage, in designed order."""
    return tuple(StageCount(s, *counts[s]) for s in sorted(counts, key=order.__getitem__))


def observed_flow(
    paths: Iterable[CustomerPath],
    stage_of: Mapping[str, str],
    stages: Sequence[str],
    *,
    top: int = 10,
) -> ObservedFlow:
    """How the customers of `paths` moved between `stages` (designed order).

    `stage_of` maps each element that can be placed to its stage id; the others are
    counted in `unplaced`.
    """
    tally = FlowTally(stage_of, stages)
    for path in paths:
        tally.add(path.elements, path.conversions, path.nulls)
    return tally.flow(top)
