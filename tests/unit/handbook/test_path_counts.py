"""`PathCounter` (numpy, a batch at a time) against the plain row-by-row tallies.

The attribution of a counter is checked against the models' reference implementation in
`test_attribution.py` (`attribute` counts through it); here its observed flow is checked
against `observed_flow` (`FlowTally`, a row at a time), in any batching, including
journeys of more stages than one 64-bit number holds as bits or as digits.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_cjm.handbook import path_counts
from mkdocs_cjm.handbook.attribution import CustomerPath, observed_flow
from mkdocs_cjm.handbook.path_counts import PathCounter, PathError

BOUNDED = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def counted_flow(
    paths: list[CustomerPath], stage_of: dict[str, str], stages: tuple[str, ...], top: int
) -> object:
    counter = PathCounter({e: e for p in paths for e in p.elements}, stage_of, stages)
    for path in paths:
        if path.conversions + path.nulls:
            codes = counter.encode([">".join(path.elements)])
            counter.add(codes, np.array([path.conversions]), np.array([path.nulls]))
    return counter.flow(top)


def flows(
    stage_count: int, length: int
) -> st.SearchStrategy[tuple[list[CustomerPath], dict[str, str], tuple[str, ...]]]:
    """Paths over `stage_count` stages (two elements each) and two unplaced elements."""
    stages = tuple(f"stage-{i}" for i in range(stage_count))
    stage_of = {f"e{i}-{j}": stage for i, stage in enumerate(stages) for j in (0, 1)}
    elements = (*stage_of, "social", "email")
    paths = st.lists(
        st.builds(
            CustomerPath,
            st.lists(st.sampled_from(elements), min_size=1, max_size=length).map(tuple),
            st.integers(0, 9),
            st.integers(0, 9),
        ),
        max_size=30,
    )
    return paths.map(lambda p: (p, stage_of, stages))


@BOUNDED
@given(
    st.one_of(flows(3, 8), flows(5, 40), flows(70, 12)),
    st.integers(1, 7),
    st.sampled_from((3, 10, 100)),
)
def test_the_counted_flow_is_the_row_by_row_flow(
    case: tuple[list[CustomerPath], dict[str, str], tuple[str, ...]],
    batch_rows: int,
    top: int,
) -> None:
    paths, stage_of, stages = case
    original = path_counts.BATCH_ROWS
    path_counts.BATCH_ROWS = batch_rows
    try:
        counted = counted_flow(paths, stage_of, stages, top)
    finally:
        path_counts.BATCH_ROWS = original
    assert counted == observed_flow(paths, stage_of, stages, top=top)


def test_a_sequence_longer_than_a_number_holds_is_counted_whole() -> None:
    stages = tuple(f"s{i}" for i in range(9))
    stage_of = {stage: stage for stage in stages}
    loop = tuple(stages[i % 9] for i in range(60))  # base 10: 18 digits to a number
    paths = [CustomerPath(loop, 2, 3), CustomerPath(loop[:5], 1, 0)]
    counted = counted_flow(paths, stage_of, stages, 10)
    assert counted == observed_flow(paths, stage_of, stages)
    assert counted.common_paths[0].stages == loop  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["a>\x1e>b", "a\tb", "a>b\x00"])
def test_a_path_holding_a_control_character_is_refused_before_counting(path: str) -> None:
    counter = PathCounter({"a": "a", "b": "b"}, {}, ())
    with pytest.raises(PathError, match="control character"):
        counter.encode(["a>b", path])
    assert counter.rows == 0
