"""Counting customer paths a batch at a time: what the attribution models and the observed
flow need from a path file of a million rows (SPEC §2.7).

A batch's paths are cut into their elements by one `str.split`, each distinct spelling is
looked at once (`Spellings`), and the batch becomes one array of element numbers with a 0
around each path. Every count is then a few numpy operations over that array, in 64-bit
integers (`np.add.at`), so the result is exact and the same whatever the order of the rows:
the Markov chain's moves, the conversions by first, last and any touch per path length, and
each path's sequence of stages (runs merged, as a number in base stages + 1). What stays is
counts by element, pair, length and stage sequence, never the paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from .attribution import (
    Attribution,
    CustomerPath,
    FlowCounts,
    FlowTally,
    ObservedFlow,
    PathCounts,
    Split,
    attribution_of,
    flow_of,
)

Ints = NDArray[np.int64]

BATCH_ROWS = 1 << 11
"""Rows that wait before they are counted: a batch's arrays stay in the processor's cache
(measured on 1,000,000 paths: 2,048 rows a third faster than 16,384 or 512)."""

SEPARATOR = ">"
"""Between the elements of a path."""

_END = "\x00"
"""The character around each path in a batch (spelling characters start at 1)."""
_CUT = "\x1e"
"""Between paths when a batch is joined: a path holding one is refused."""
_JOIN = f"{SEPARATOR}{_CUT}{SEPARATOR}"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_HASH_BASE = 0x9E3779B97F4A7C15
"""Odd, its bits spread (2**64 / the golden ratio): the base of the paths' hashes."""
_MAX_SPELLINGS = 1 << 20
"""Distinct element names one counter tells apart; the rest share one (an unknown name)."""


class PathError(ValueError):
    """A path that holds a control character (an export holds none)."""


def refuse_control(text: str) -> None:
    """PathError if `text` holds a control character."""
    if not text.isprintable() and _CONTROL.search(text):
        raise PathError("the path holds a control character")


def _character(number: int) -> str:
    """The character of a spelling's number: a UTF-32 code, the surrogates skipped."""
    return chr(number if number < 0xD800 else number + 0x800)


class Spellings(dict[str, str]):
    """Each element as paths spell it → the character of its name: the spelling stripped
    and, unless `fold_case` is off, lower-cased. A spelling is looked at once (`__missing__`),
    however many rows hold it."""

    def __init__(self, *, fold_case: bool = True) -> None:
        super().__init__({_CUT: _END})
        self.fold_case = fold_case
        self.characters: dict[str, str] = {}
        """Name → its character."""
        self.names: list[str] = [""]
        """Number → name (number 0: the end of a path)."""
        self.written: list[str] = [""]
        """Number → the name as first written (stripped, case kept)."""
        self._met: list[str] = []  # spellings met by the `encode` under way

    def name(self, spelling: str) -> str:
        """A spelling as names are compared: stripped, and lower-cased unless told not to."""
        written = spelling.strip()
        return written.lower() if self.fold_case else written

    def __missing__(self, spelling: str) -> str:
        refuse_control(spelling)
        self._met.append(spelling)
        name = self.name(spelling)
        character = self.characters.get(name)
        if character is None:
            number = len(self.names)
            character = _character(min(number, _MAX_SPELLINGS))
            if number <= _MAX_SPELLINGS:
                self.characters[name] = character
                self.names.append(name)
                self.written.append(spelling.strip())
        self[spelling] = character
        return character

    def encode(self, paths: Sequence[str]) -> str:
        """The characters of the elements of `paths`, the paths joined by the end character
        (PathError for a path holding a control character: then nothing is counted)."""
        known = len(self.names)
        self._met.clear()
        try:
            codes = "".join(map(self.__getitem__, _JOIN.join(paths).split(SEPARATOR)))
            if codes.count(_END) != len(paths) - 1:  # a path holding `>\x1e>`
                raise PathError("the path holds a control character")
        except PathError:
            # Refused paths name nothing: forget the spellings this call met.
            for spelling in self._met:
                self.pop(spelling, None)
            for name in self.names[known:]:
                del self.characters[name]
            del self.names[known:], self.written[known:]
            raise
        return codes

    def key(self, path: str) -> str:
        """A path as duplicates are compared: its elements' names (`Paid Social>Email` and
        `paid social > email` are one path)."""
        return self.encode([path])


class PathCounter:
    """The counts of one journey and period's paths, added a batch of rows at a time.

    `names`: each element name (stripped, lower-cased unless `fold_case` is off) → the
    element id it means; a name not there is an element of its own, listed in `unknown`.
    `stage_of`: element id → its stage id, for the elements the flow can place; `stages`:
    the journey's stage ids in designed order.
    """

    def __init__(
        self,
        names: Mapping[str, str],
        stage_of: Mapping[str, str],
        stages: Sequence[str],
        *,
        fold_case: bool = True,
    ) -> None:
        self.spellings = Spellings(fold_case=fold_case)
        self.known = names
        self.stage_of = stage_of
        self.stages = tuple(stages)
        self.unknown: set[str] = set()
        """Names of counted paths that `names` does not know, as first written."""
        self._unknown_names: set[str] = set()  # the same, as compared
        self.rows = 0
        self.elements: list[str] = [""]
        """Element number → id (number 0: the end of a path)."""
        self._numbers: dict[str, int] = {}
        self._element_of = np.zeros(1, np.intp)  # spelling number → element number
        self._stage_of = np.array([len(self.stages)], np.int32)  # element → stage (-1: none)
        self._waiting: list[tuple[str, Ints, Ints]] = []
        self._waiting_rows = 0
        self._rows: tuple[list[str], list[int], list[int]] = ([], [], [])  # from `add_row`
        self._moves = np.zeros((1, 1), np.int64)  # customer paths by (element, next element)
        self._converted = np.zeros(1, np.int64)  # conversions by last element
        self._lost = np.zeros(1, np.int64)  # nulls by last element
        self._first = np.zeros((1, 1), np.int64)  # conversions by (path length, element)
        self._last = np.zeros((1, 1), np.int64)
        self._touches = np.zeros((1, 1), np.int64)
        self._unplaced = np.zeros(1, np.int64)  # customer paths holding an unplaced element
        # The flow: every path's sequence of stages as a number (see `_count_sequences`),
        # each batch's distinct ones with their paths and conversions; sequences too long
        # for a number by their stage numbers.
        self._walked = [0, 0]
        self._sequences: list[tuple[Ints, Ints, Ints]] = []
        self._long: dict[tuple[int, ...], list[int]] = {}
        self._base = max(2, len(self.stages) + 1)
        self._digits = _digits(self._base)
        self._powers = np.array([self._base**k for k in range(self._digits)], np.int64)
        self._digit_of = np.append(np.arange(1, len(self.stages) + 1), 0)  # stage → digit
        self._hashes: list[Ints] = []
        self._hash_powers = np.ones(1, np.uint64)

    def encode(self, paths: Sequence[str]) -> str:
        """`paths` as the characters `add` takes (PathError: a control character)."""
        return self.spellings.encode(paths)

    def add(self, codes: str, conversions: Ints, nulls: Ints) -> None:
        """Count rows: their paths `encode`d, and each row's conversions and nulls (not both
        0, neither below 0)."""
        self._waiting.append((codes, conversions, nulls))
        self._waiting_rows += len(conversions)
        if self._waiting_rows >= BATCH_ROWS:
            self.count_waiting()

    def add_row(self, path: str, conversions: int, nulls: int) -> None:
        """Count one row as written: its path is encoded with the rows waiting beside it
        (PathError then, if a path holds a control character)."""
        texts, converting, lost = self._rows
        texts.append(path)
        converting.append(conversions)
        lost.append(nulls)
        if len(texts) >= BATCH_ROWS:
            self.count_waiting()

    def count_waiting(self) -> None:
        """Count the rows that wait."""
        texts, converting, lost = self._rows
        if texts:
            codes = self.encode(texts)
            self._waiting.append((codes, np.array(converting, np.int64), np.array(lost, np.int64)))
            for waiting in self._rows:
                waiting.clear()
        if not self._waiting:
            return
        codes = _END + _END.join(c for c, _, _ in self._waiting) + _END
        conversions = np.concatenate([c for _, c, _ in self._waiting])
        nulls = np.concatenate([n for _, _, n in self._waiting])
        self._waiting.clear()
        self._waiting_rows = 0
        self._resolve()
        spelled = np.frombuffer(codes.encode("utf-32-le"), np.uint32)
        batch = _Batch(self._element_of[spelled], conversions, nulls)
        self._count_moves(batch)
        self._count_converting(batch)
        self._count_stages(batch)
        self._hashes.append(self._hash(spelled, batch))
        self.rows += batch.rows

    # --- What the counts say ------------------------------------------------------------------

    def counts(self) -> PathCounts:
        """The counts by element id, for the attribution models."""
        self.count_waiting()
        elements = self.elements
        counts = PathCounts(self.rows)
        sources, targets = np.nonzero(self._moves)
        for source, target in zip(sources.tolist(), targets.tolist(), strict=True):
            walked = int(self._moves[source, target])
            if not source:
                counts.starts[elements[target]] += walked
            elif target:
                counts.moves[(elements[source], elements[target])] += walked
        for totals, by_number in ((counts.converted, self._converted), (counts.lost, self._lost)):
            for number in np.flatnonzero(by_number).tolist():
                totals[elements[number]] += int(by_number[number])
        for name in ("first", "last", "touches"):
            by_length: NDArray[np.int64] = getattr(self, f"_{name}")
            lengths, numbers = np.nonzero(by_length)
            for length, number in zip(lengths.tolist(), numbers.tolist(), strict=True):
                totals = getattr(counts.with_length[length], name)
                totals[elements[number]] += int(by_length[length, number])
        return counts

    def flow(self, top: int = 10) -> ObservedFlow:
        """The observed flow between the journey's stages."""
        self.count_waiting()
        counts = FlowCounts()
        tally = FlowTally({stage: stage for stage in self.stages}, self.stages)
        tally.counts = counts
        for numbers, (walked, converted) in self._long.items():
            tally.add(tuple(self.stages[n] for n in numbers), converted, walked - converted)
        if self._sequences:
            flow = _SequenceFlow(self.stages, self._base, self._digits, self._sequences)
            flow.add_to(counts, top)
        counts.paths, counts.conversions = self._walked
        for number in np.flatnonzero(self._unplaced).tolist():
            counts.unplaced[self.elements[number]] = int(self._unplaced[number])
        return flow_of(counts, self.stages, top)

    def path_hash(self, path: str) -> int:
        """The hash `duplicate_hashes` has of a path (PathError: a control character)."""
        spelled = np.frombuffer((_END + self.encode([path]) + _END).encode("utf-32-le"), np.uint32)
        batch = _Batch(spelled.astype(np.intp), np.zeros(1, np.int64), np.zeros(1, np.int64))
        return int(self._hash(spelled, batch)[0])

    def duplicate_hashes(self) -> set[int]:
        """The hashes of paths met more than once (or sharing a hash: check by `key`)."""
        self.count_waiting()
        if not self._hashes:
            return set()
        ordered = np.sort(np.concatenate(self._hashes))
        return set(ordered[1:][ordered[1:] == ordered[:-1]].tolist())

    def is_unknown(self, spelling: str) -> bool:
        """Whether an element as spelled is one of the counted names `names` does not know."""
        return self.spellings.name(spelling) in self._unknown_names

    # --- Counting ---------------------------------------------------------------------------

    def _resolve(self) -> None:
        """Give the spellings met since last time their elements and stages."""
        names = self.spellings.names
        if len(self._element_of) == len(names):
            return
        numbers = list(self._element_of.tolist())
        for number in range(len(numbers), len(names)):
            element = self.known.get(names[number])
            if element is None:
                element = self.spellings.written[number]
                self.unknown.add(element)
                self._unknown_names.add(names[number])
            numbers.append(self._element(element))
        self._element_of = np.array(numbers, np.intp)

    def _element(self, element: str) -> int:
        """The number of an element id, given on first sight (the count arrays grow)."""
        number = self._numbers.get(element)
        if number is None:
            number = self._numbers[element] = len(self.elements)
            self.elements.append(element)
            order = self.stages.index(self.stage_of[element]) if element in self.stage_of else -1
            self._stage_of = np.append(self._stage_of, np.int32(order))
            size = len(self.elements)
            self._moves = _grown(self._moves, (size, size))
            self._converted, self._lost, self._unplaced = (
                _grown(a, (size,)) for a in (self._converted, self._lost, self._unplaced)
            )
            self._first, self._last, self._touches = (
                _grown(a, (a.shape[0], size)) for a in (self._first, self._last, self._touches)
            )
        return number

    def _hash(self, spelled: NDArray[np.uint32], batch: _Batch) -> Ints:
        """Each path's hash: its names' numbers times powers of an odd number, modulo 2**64
        (paths of one hash are compared by their names before they are called the same)."""
        longest = int(batch.lengths.max()) + 2  # places 0 (an end) to the length + 1
        if longest > len(self._hash_powers):
            powers = np.full(longest, _HASH_BASE, np.uint64)
            powers[0] = 1
            self._hash_powers = np.cumprod(powers)
        place = np.arange(len(spelled)) - batch.ends[batch.row]
        weighted = spelled.astype(np.uint64) * self._hash_powers[place]
        return np.add.reduceat(weighted, batch.ends[:-1]).view(np.int64)

    def _count_moves(self, batch: _Batch) -> None:
        """The chain's moves: start → first touch, touch → touch, last touch → end."""
        elements, size = batch.elements, len(self.elements)
        pairs = elements[:-1] * size + elements[1:]
        np.add.at(self._moves.reshape(-1), pairs, batch.walked[batch.row[:-1]])
        last = elements[batch.ends[1:] - 1]
        np.add.at(self._converted, last, batch.conversions)
        np.add.at(self._lost, last, batch.nulls)

    def _count_converting(self, batch: _Batch) -> None:
        """Conversions by path length and first, last and every touch."""
        converting = np.flatnonzero(batch.conversions)
        if not len(converting):
            return
        elements, ends, lengths = batch.elements, batch.ends, batch.lengths
        longest = int(lengths[converting].max()) + 1
        if longest > self._first.shape[0]:
            self._first, self._last, self._touches = (
                _grown(a, (longest, a.shape[1])) for a in (self._first, self._last, self._touches)
            )
        size = len(self.elements)
        converted = batch.conversions[converting]
        by_length = lengths[converting] * size
        np.add.at(self._first.reshape(-1), by_length + elements[ends[converting] + 1], converted)
        np.add.at(self._last.reshape(-1), by_length + elements[ends[converting + 1] - 1], converted)
        touched = batch.conversions[batch.row]
        touch = np.flatnonzero((touched > 0) & (elements > 0))
        keys = lengths[batch.row[touch]] * size + elements[touch]
        np.add.at(self._touches.reshape(-1), keys, touched[touch])

    def _count_stages(self, batch: _Batch) -> None:
        """Each path's sequence of stages (runs in one stage merged), and the elements that
        belong to no one stage."""
        end = len(self.stages)
        stage = self._stage_of[batch.elements]
        unplaced = np.flatnonzero(stage < 0)
        if len(unplaced):
            # Each unplaced element once per path: (row, element) pairs, distinct.
            size = len(self.elements)
            held = np.unique(batch.row[unplaced] * size + batch.elements[unplaced])
            np.add.at(self._unplaced, held % size, batch.walked[held // size])
            stage = stage[stage >= 0]
        keep = np.ones(len(stage), bool)
        np.not_equal(stage[1:], stage[:-1], out=keep[1:])
        stage = stage[keep | (stage == end)]
        self._walked[0] += int(batch.walked.sum())
        self._walked[1] += int(batch.conversions.sum())
        self._count_sequences(stage, batch)

    def _count_sequences(self, stage: NDArray[np.intp], batch: _Batch) -> None:
        """Customer paths and conversions by sequence of stages, each sequence a number:
        digits stage number + 1, base stages + 1, the first stage lowest (0: no stage)."""
        ends = np.flatnonzero(stage == len(self.stages))
        lengths = np.diff(ends) - 1
        row = _rows(ends)
        # A stage's place in its path (an end: -1, whose digit is 0); past the digits
        # (a path too long for a number, its key not used) the last power.
        place = np.minimum(np.arange(len(stage)) - ends[row] - 1, self._digits - 1)
        keys = np.add.reduceat(self._digit_of[stage] * self._powers[place], ends[:-1])
        too_long = lengths > self._digits
        for number in np.flatnonzero(too_long).tolist():
            sequence = tuple(stage[ends[number] + 1 : ends[number + 1]].tolist())
            counts = self._long.setdefault(sequence, [0, 0])
            counts[0] += int(batch.walked[number])
            counts[1] += int(batch.conversions[number])
        short = ~too_long
        distinct, which = np.unique(keys[short], return_inverse=True)
        walked = _sums(which, batch.walked[short])
        converted = _sums(which, batch.conversions[short])
        self._sequences.append((distinct, walked, converted))


class _Batch:
    """The rows of one batch as arrays: element numbers end to end (0 around each path),
    where each path ends, each position's row, and the rows' counts."""

    __slots__ = ("conversions", "elements", "ends", "lengths", "nulls", "row", "rows", "walked")

    def __init__(self, elements: NDArray[np.intp], conversions: Ints, nulls: Ints) -> None:
        self.elements = elements
        self.conversions = conversions
        self.nulls = nulls
        self.walked = conversions + nulls
        self.rows = len(conversions)
        self.ends = np.flatnonzero(elements == 0)
        self.lengths = np.diff(self.ends) - 1
        self.row = _rows(self.ends)


class _SequenceFlow:
    """The distinct stage sequences of a counter with their customer paths and conversions,
    as a table of stage numbers (a row per sequence, -1 after its end): the moves, first
    and last stages, loops and most walked sequences of every path, in a few array
    operations however many rows walked each sequence."""

    def __init__(
        self,
        stages: tuple[str, ...],
        base: int,
        digits: int,
        sequences: list[tuple[Ints, Ints, Ints]],
    ) -> None:
        self.stages = stages
        keys, walked, converted = (np.concatenate(a) for a in zip(*sequences, strict=True))
        distinct, which = np.unique(keys, return_inverse=True)
        placed = distinct > 0  # 0: the paths that have no stage
        self.walked = _sums(which, walked)[placed]
        self.converted = _sums(which, converted)[placed]
        keys = distinct[placed]
        self.table = np.stack([keys // base**k % base - 1 for k in range(digits)], axis=1)
        self.lengths = (self.table >= 0).sum(axis=1)

    def add_to(self, counts: FlowCounts, top: int) -> None:
        """Add the moves, starts and ends, loops and most walked sequences to `counts`."""
        stages, table, walked, size = self.stages, self.table, self.walked, len(self.stages)
        for position in range(table.shape[1] - 1):
            here = np.flatnonzero(table[:, position + 1] >= 0)
            if not len(here):
                break
            moved = np.zeros(size * size, np.int64)
            np.add.at(moved, table[here, position] * size + table[here, position + 1], walked[here])
            for pair in np.flatnonzero(moved).tolist():
                a, b = divmod(pair, size)
                counts.moves[(stages[a], stages[b])] += int(moved[pair])
                counts.unrolled[(position, stages[a], stages[b])] += int(moved[pair])
        last = table[np.arange(len(table)), self.lengths - 1]
        for totals, stage in ((counts.starts, table[:, 0]), (counts.ends, last)):
            paths, conversions = np.zeros(size, np.int64), np.zeros(size, np.int64)
            np.add.at(paths, stage, walked)
            np.add.at(conversions, stage, self.converted)
            for number in np.flatnonzero(paths).tolist():
                entry = totals[stages[number]]
                entry[0] += int(paths[number])
                entry[1] += int(conversions[number])
        ordered = np.sort(table, axis=1)
        again = ((ordered[:, 1:] == ordered[:, :-1]) & (ordered[:, 1:] >= 0)).any(axis=1)
        counts.returning += int(walked[again].sum())
        # Only the most walked sequences are shown: decode the ones that may be among them.
        least = np.sort(walked)[-top] if len(walked) >= top else 0
        for row in np.flatnonzero(walked >= least).tolist():
            sequence = tuple(stages[n] for n in table[row, : self.lengths[row]].tolist())
            counts.sequences[sequence] = [int(walked[row]), int(self.converted[row])]


def _rows(ends: NDArray[np.intp]) -> NDArray[np.intp]:
    """The row of each place of paths laid end to end, `ends` their end marks (the last
    mark: the last row's). A repeat, not a running sum of the marks (three times faster)."""
    places = np.diff(ends)
    places[-1] += 1
    return np.repeat(np.arange(len(places)), places)


def _sums(which: NDArray[np.intp], counts: Ints) -> Ints:
    """`counts` added up by `which` (0, 1, ...)."""
    sums = np.zeros(int(which.max()) + 1 if len(which) else 0, np.int64)
    np.add.at(sums, which, counts)
    return sums


def _digits(base: int) -> int:
    """How many digits of `base` a sequence key holds without passing 2**62."""
    digits = 1
    while base ** (digits + 1) < 1 << 62:
        digits += 1
    return digits


def _grown(array: NDArray[np.int64], shape: tuple[int, ...]) -> NDArray[np.int64]:
    """`array` in a larger shape, zeros where it was not."""
    if array.shape == shape:
        return array
    grown = np.zeros(shape, array.dtype)
    grown[tuple(slice(0, n) for n in array.shape)] = array
    return grown


class PathTally:
    """Path rows gathered one at a time, then attributed: `add` takes a path's element ids,
    `add_text` a path as an export writes it (names joined by `>`, resolved by `names`
    without regard to case or spaces around them). Rows are counted a batch at a time, so
    a path holding a control character raises ValueError when its batch is counted."""

    def __init__(self, names: Mapping[str, str] | None = None) -> None:
        known = {name.strip().lower(): element for name, element in (names or {}).items()}
        # Without names, paths are element ids: compared as written, not case-folded.
        self._counter = PathCounter(known, {}, (), fold_case=names is not None)
        self._resolves = names is not None

    @property
    def unknown(self) -> frozenset[str]:
        """Names of `add_text` paths that `names` does not know, as written (stripped)."""
        self._counter.count_waiting()
        return frozenset(self._counter.unknown) if self._resolves else frozenset()

    def add(self, elements: tuple[str, ...], conversions: int, nulls: int) -> None:
        """Count one path row: its element ids (at least one), conversions and nulls (≥ 0)."""
        if not elements:
            raise ValueError("a customer path has at least one element")
        self.add_text(SEPARATOR.join(elements), conversions, nulls)

    def add_text(self, path: str, conversions: int, nulls: int) -> None:
        """Count one path row as the export writes it: element names joined by `>`."""
        if conversions < 0 or nulls < 0:
            raise ValueError(f"not a customer path: {path!r}, {conversions!r}, {nulls!r}")
        if conversions + nulls:
            self._counter.add_row(path, conversions, nulls)

    def attribution(self, splits: Mapping[str, Split] | None = None) -> Attribution:
        """The credits of every touchpoint under every model (see `attribution.py`)."""
        return attribution_of(self._counter.counts(), splits or {})


def attribute(
    paths: Iterable[CustomerPath], splits: Mapping[str, Split] | None = None
) -> Attribution:
    """Credit the conversions of `paths` to touchpoints under every model in `MODELS`."""
    tally = PathTally()
    for path in paths:
        tally.add(path.elements, path.conversions, path.nulls)
    return tally.attribution(splits)
