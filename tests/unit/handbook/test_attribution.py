"""Attribution and observed flow (`mkdocs_cjm/handbook/attribution.py`, issue #25).

The numbers are proved three ways: published worked examples (checked by hand below),
a second implementation written here from the definitions (exact fractions, a direct
solve of the absorbing chain for every removal, heuristic credits path by path),
compared with the module on generated inputs, and hand-checked heuristic cases.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_cjm.handbook import path_counts as module
from mkdocs_cjm.handbook.attribution import (
    MODELS,
    Attribution,
    CustomerPath,
    Split,
    observed_flow,
)
from mkdocs_cjm.handbook.path_counts import PathTally, attribute

BOUNDED = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def path(text: str, conversions: int, nulls: int) -> CustomerPath:
    return CustomerPath(tuple(e.strip() for e in text.split(">")), conversions, nulls)


def conversions_by(result: Attribution, model: str) -> dict[str, float]:
    return {c.touchpoint: c.conversions for c in result.credits if c.model == model}


# --- Published worked examples -------------------------------------------------------------


def test_bryl_three_channel_example() -> None:
    """S. Bryl, "Marketing Multi-Channel Attribution model with R (part 1: Markov chain
    concept)", analyzecore.com, 2016 (also the test data of ChannelAttribution ports):
    C1 > C2 > C3 converts, C1 and C2 > C3 do not.

    By hand: start → C1 2/3, → C2 1/3; C1 → C2 1/2, → null 1/2; C2 → C3 1; C3 → conv 1/2.
    P = 2/3·1/2·1/2 + 1/3·1/2 = 1/3. Without C1: 1/3·1/2 = 1/6, removal effect 1/2;
    without C2 or C3 nothing converts: 1. Normalised: 0.2, 0.4, 0.4 of 1 conversion.
    """
    result = attribute([path("C1 > C2 > C3", 1, 0), path("C1", 0, 1), path("C2 > C3", 0, 1)])
    assert dict(result.removal_effects) == pytest.approx({"C1": 0.5, "C2": 1.0, "C3": 1.0})
    assert result.shares("markov") == pytest.approx({"C1": 0.2, "C2": 0.4, "C3": 0.4})
    assert conversions_by(result, "markov") == pytest.approx({"C1": 0.2, "C2": 0.4, "C3": 0.4})
    assert result.conversions == 1
    assert result.nulls == 2
    assert result.paths == 3
    assert result.conversion_rate == pytest.approx(1 / 3)


def test_puzyrov_google_ads_and_mailing_example() -> None:
    """S. Puzyrov, "Markov Chain Attribution - Simple Explanation Of Removal Effect",
    serhiipuzyrov.com, 2019: Google Ads 2 conversions, mailing 1, Google Ads > mailing 1,
    Google Ads once without conversion.

    By hand: start → ads 4/5, → mailing 1/5; ads → conv 1/2, → mailing 1/4, → null 1/4;
    mailing → conv 1. P = 4/5·3/4 + 1/5 = 4/5. Without ads: 1/5 (effect 3/4); without
    mailing: 4/5·1/2 = 2/5 (effect 1/2). Of 4 conversions: ads 2.4, mailing 1.6.
    """
    result = attribute(
        [
            path("google ads", 2, 1),
            path("mailing", 1, 0),
            path("google ads > mailing", 1, 0),
        ]
    )
    assert dict(result.removal_effects) == pytest.approx({"google ads": 0.75, "mailing": 0.5})
    assert conversions_by(result, "markov") == pytest.approx({"google ads": 2.4, "mailing": 1.6})


def test_repeated_touches_are_self_transitions_as_in_pychattr() -> None:
    """The loop example of pychattr's README (a port of ChannelAttribution): three
    converting paths A>B>A>B>B>A, A>B>B>A>A, A>A; its simulation prints A 1.991106,
    B 1.008894. Exactly: A leaves to B 3 times, to itself 2, to conversion 3 of 8; without
    B, from A: x = 2/8·x + 3/8, x = 1/2, so B's effect is 1/2 and A's (every path starts
    there) 1: A 2, B 1 of 3 conversions.
    """
    result = attribute(
        [path("A>B>A>B>B>A", 1, 0), path("A>B>B>A>A", 1, 0), path("A>A", 1, 0)],
    )
    markov = conversions_by(result, "markov")
    assert markov == pytest.approx({"A": 2.0, "B": 1.0})
    assert markov == pytest.approx({"A": 1.991106, "B": 1.008894}, abs=0.01)


# --- Heuristic models, by hand -------------------------------------------------------------


def test_one_touch_path_takes_everything_in_every_model() -> None:
    result = attribute([path("email", 3, 7)])
    for model in MODELS:
        assert result.credit("email", model).conversions == pytest.approx(3.0)
        assert result.credit("email", model).share == pytest.approx(1.0)


def test_two_touch_path_splits_position_50_50() -> None:
    result = attribute([path("ads > email", 2, 0)])
    assert conversions_by(result, "position") == {"ads": 1.0, "email": 1.0}
    assert conversions_by(result, "first") == {"ads": 2.0, "email": 0.0}
    assert conversions_by(result, "last") == {"ads": 0.0, "email": 2.0}
    assert conversions_by(result, "linear") == {"ads": 1.0, "email": 1.0}


def test_position_gives_40_20_40_and_spreads_the_middle() -> None:
    three = attribute([path("a > b > c", 10, 0)])
    assert conversions_by(three, "position") == pytest.approx({"a": 4, "b": 2, "c": 4})
    four = attribute([path("a > b > c > d", 10, 0)])
    assert conversions_by(four, "position") == pytest.approx({"a": 4, "b": 1, "c": 1, "d": 4})


def test_repeated_touches_count_each_time() -> None:
    result = attribute([path("a > b > a", 3, 5)])
    assert conversions_by(result, "first") == {"a": 3.0, "b": 0.0}
    assert conversions_by(result, "last") == {"a": 3.0, "b": 0.0}
    assert conversions_by(result, "linear") == pytest.approx({"a": 2.0, "b": 1.0})
    assert conversions_by(result, "position") == pytest.approx({"a": 2.4, "b": 0.6})


def test_paths_without_conversions_earn_nothing_heuristically() -> None:
    result = attribute([path("a > b", 1, 0), path("c > b", 0, 50)])
    assert conversions_by(result, "first") == {"a": 1.0, "b": 0.0, "c": 0.0}
    assert conversions_by(result, "linear") == {"a": 0.5, "b": 0.5, "c": 0.0}
    assert result.touchpoints == ("a", "b", "c")


def test_a_step_credits_its_touchpoints_split_equally_or_by_parts() -> None:
    equal: dict[str, Split] = {"filter": (("webshop", 1), ("app", 1))}
    result = attribute([path("ads > filter", 4, 0)], equal)
    assert result.touchpoints == ("ads", "app", "webshop")
    assert conversions_by(result, "last") == {"ads": 0.0, "app": 2.0, "webshop": 2.0}
    assert conversions_by(result, "linear") == {"ads": 2.0, "app": 1.0, "webshop": 1.0}
    weighted: dict[str, Split] = {"filter": (("webshop", 2), ("app", 1))}
    result = attribute([path("filter", 3, 0)], weighted)
    assert conversions_by(result, "first") == pytest.approx({"app": 1.0, "webshop": 2.0})


def test_markov_shares_sum_to_one_and_credit_every_conversion() -> None:
    result = attribute(
        [path("a > b > c", 5, 20), path("b > a", 2, 9), path("c", 1, 30), path("a > a > d", 0, 4)]
    )
    assert sum(result.shares("markov").values()) == pytest.approx(1.0)
    assert sum(conversions_by(result, "markov").values()) == pytest.approx(8.0)
    for model in MODELS:
        assert sum(conversions_by(result, model).values()) == pytest.approx(8.0)


def test_no_conversions_credits_nothing() -> None:
    result = attribute([path("a > b", 0, 4)])
    for credit in result.credits:
        assert (credit.conversions, credit.share) == (0.0, 0.0)
    assert result.conversion_rate == 0.0
    empty = attribute([])
    assert (empty.touchpoints, empty.credits, empty.paths) == ((), (), 0)


def test_rows_walked_by_nobody_are_not_counted() -> None:
    assert attribute([path("a", 0, 0), path("b", 1, 0)]).touchpoints == ("b",)


@pytest.mark.parametrize(
    ("elements", "conversions", "nulls"), [((), 1, 0), (("a",), -1, 2), (("a",), 1, -2)]
)
def test_impossible_rows_raise(elements: tuple[str, ...], conversions: int, nulls: int) -> None:
    with pytest.raises(ValueError, match="customer path"):
        attribute([CustomerPath(elements, conversions, nulls)])


def test_a_split_needs_positive_parts() -> None:
    with pytest.raises(ValueError, match="parts > 0"):
        attribute([path("s", 1, 0)], {"s": (("a", 0),)})


# --- Paths as the export writes them -------------------------------------------------------


def test_add_text_resolves_aliases_without_regard_to_case_and_spaces() -> None:
    names = {"Paid Social": "instagram-ads", "instagram-ads": "instagram-ads", "webshop": "web"}
    tally = PathTally(names)
    tally.add_text("paid social > WEBSHOP", 2, 3)
    tally.add_text("Instagram-Ads>webshop> blog ", 1, 0)
    resolved = attribute([path("instagram-ads > web", 2, 3), path("instagram-ads>web>blog", 1, 0)])
    assert tally.attribution() == resolved
    assert tally.unknown == frozenset({"blog"})


def spelled(element: str, rng: random.Random) -> str:
    """An element as an export might spell it: any case, spaces around it or not."""
    cased = "".join(c.upper() if rng.random() < 0.5 else c for c in element)
    return rng.choice(("", " ")) + cased + rng.choice(("", " "))


# --- A second implementation, from the definitions -----------------------------------------

START, CONVERSION, NULL = "(start)", "(conversion)", "(null)"


def reference(
    paths: Sequence[CustomerPath], splits: Mapping[str, Split]
) -> dict[tuple[str, str], Fraction]:
    """Exact credited conversions per (touchpoint, model), written out plainly."""

    def parts(element: str) -> dict[str, Fraction]:
        split = splits.get(element, ((element, 1),))
        total = sum(w for _, w in split)
        out: dict[str, Fraction] = defaultdict(Fraction)
        for touchpoint, weight in split:
            out[touchpoint] += Fraction(weight, total)
        return out

    credit: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    walked = [p for p in paths if p.conversions + p.nulls]
    touchpoints = sorted({t for p in walked for e in p.elements for t in parts(e)})
    for p in walked:
        n = len(p.elements)
        for i, element in enumerate(p.elements):
            weights = {
                "first": Fraction(i == 0),
                "last": Fraction(i == n - 1),
                "linear": Fraction(1, n),
                "position": (
                    Fraction(1)
                    if n == 1
                    else Fraction(1, 2)
                    if n == 2
                    else Fraction(2, 5)
                    if i in (0, n - 1)
                    else Fraction(1, 5) / (n - 2)
                ),
            }
            for model, weight in weights.items():
                for touchpoint, part in parts(element).items():
                    credit[(touchpoint, model)] += p.conversions * weight * part
    total = sum(p.conversions for p in walked)
    effects = reference_removal_effects(walked, parts, touchpoints)
    effect_sum = sum(effects.values())
    for touchpoint in touchpoints:
        share = effects[touchpoint] / effect_sum if effect_sum else Fraction(0)
        credit[(touchpoint, "markov")] = share * total
    return {(t, m): credit[(t, m)] for t in touchpoints for m in MODELS}


def reference_removal_effects(
    paths: Sequence[CustomerPath],
    parts: object,
    touchpoints: Sequence[str],
) -> dict[str, Fraction]:
    """Removal effects by solving the absorbing chain exactly, once per touchpoint."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in paths:
        for source, target in pairwise([START, *p.elements]):
            counts[source][target] += p.conversions + p.nulls
        counts[p.elements[-1]][CONVERSION] += p.conversions
        counts[p.elements[-1]][NULL] += p.nulls
    states = [START, *sorted({e for p in paths for e in p.elements})]
    if not any(c[CONVERSION] for c in counts.values()):
        return {t: Fraction(0) for t in touchpoints}

    def converts(removed: Mapping[str, Fraction]) -> Fraction:
        # (I - Q') x = b', where a state keeps 1 - d of its ways on.
        size = len(states)
        rows = []
        for state in states:
            out = sum(counts[state].values())
            keep = 1 - removed.get(state, Fraction(0))
            row = [Fraction(int(state == other)) for other in states]
            for j, other in enumerate(states):
                row[j] -= keep * Fraction(counts[state].get(other, 0), out)
            row.append(keep * Fraction(counts[state].get(CONVERSION, 0), out))
            rows.append(row)
        for col in range(size):
            pivot = next(r for r in range(col, size) if rows[r][col] != 0)
            rows[col], rows[pivot] = rows[pivot], rows[col]
            for r in range(size):
                if r != col and rows[r][col] != 0:
                    factor = rows[r][col] / rows[col][col]
                    rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
        return rows[0][size] / rows[0][0]

    base = converts({})
    effects = {}
    for touchpoint in touchpoints:
        removed = {e: parts(e)[touchpoint] for e in states[1:] if touchpoint in parts(e)}  # type: ignore[operator]
        effects[touchpoint] = 1 - converts(removed) / base
    return effects


ELEMENTS = ("a", "b", "c", "d", "s1", "s2")
customer_paths = st.lists(
    st.builds(
        CustomerPath,
        st.lists(st.sampled_from(ELEMENTS), min_size=1, max_size=5).map(tuple),
        st.integers(0, 40),
        st.integers(0, 40),
    ),
    max_size=8,
)
step_splits = st.fixed_dictionaries(
    {},
    optional={
        "s1": st.lists(
            st.tuples(st.sampled_from(("a", "b", "e")), st.integers(1, 3)), min_size=1, max_size=3
        ).map(tuple),
        "s2": st.lists(
            st.tuples(st.sampled_from(("c", "e")), st.integers(1, 3)), min_size=1, max_size=2
        ).map(tuple),
    },
)


@BOUNDED
@given(customer_paths, step_splits)
def test_every_model_matches_the_reference_implementation(
    paths: list[CustomerPath], splits: dict[str, Split]
) -> None:
    result = attribute(paths, splits)
    expected = reference(paths, splits)
    assert {(c.touchpoint, c.model) for c in result.credits} == set(expected)
    total = sum(p.conversions for p in paths if p.conversions + p.nulls)
    for credit in result.credits:
        wanted = expected[(credit.touchpoint, credit.model)]
        assert credit.conversions == pytest.approx(float(wanted), rel=1e-9, abs=1e-9)
        share = wanted / total if total else 0
        assert credit.share == pytest.approx(float(share), rel=1e-9, abs=1e-9)


@BOUNDED
@given(customer_paths, st.randoms(use_true_random=False), st.integers(1, 5))
def test_text_rows_batches_and_row_order_do_not_change_a_bit(
    paths: list[CustomerPath], rng: random.Random, batch_rows: int
) -> None:
    """Paths as written give what resolved paths give, however the rows are ordered
    or batched; large counts (split into base-16 digits) included."""
    big = [CustomerPath(p.elements, p.conversions * 37, p.nulls * 1000) for p in paths]
    expected = attribute(paths + big)
    names = {e.upper(): e for e in ELEMENTS}
    rows = [(">".join(spelled(e, rng) for e in p.elements), p) for p in paths + big]
    rng.shuffle(rows)
    original = module.BATCH_ROWS
    module.BATCH_ROWS = batch_rows
    try:
        tally = PathTally(names)
        for text, p in rows:
            tally.add_text(text, p.conversions, p.nulls)
        shuffled = attribute([p for _, p in rows])
    finally:
        module.BATCH_ROWS = original
    assert tally.attribution() == expected
    assert repr(shuffled) == repr(expected)
    assert not tally.unknown


def test_many_touchpoints_and_a_long_loop_stay_exact() -> None:
    rng = random.Random(7)
    touchpoints = [f"t{i}" for i in range(15)]
    paths = [
        CustomerPath(
            tuple(rng.choice(touchpoints) for _ in range(rng.randint(1, 10))),
            rng.randint(0, 3),
            rng.randint(1, 9),
        )
        for _ in range(100)
    ]
    result = attribute(paths)
    expected = reference(paths, {})
    for credit in result.credits:
        wanted = float(expected[(credit.touchpoint, credit.model)])
        assert credit.conversions == pytest.approx(wanted, rel=1e-9, abs=1e-9)


# --- Observed flow -------------------------------------------------------------------------

STAGES = ("discover", "consider", "buy")
STAGE_OF = {
    "instagram-video": "discover",
    "blog": "discover",
    "filter": "consider",
    "product-page": "consider",
    "checkout": "buy",
}


def test_flow_counts_moves_loops_and_unplaced_elements() -> None:
    flow = observed_flow(
        [
            path("instagram-video > filter > product-page > filter > checkout", 41, 380),
            path("blog > filter > checkout > product-page > checkout", 9, 11),
            path("filter > newsletter > blog", 0, 50),
            path("newsletter", 0, 5),
        ],
        STAGE_OF,
        STAGES,
    )
    moves = {(m.from_stage, m.to_stage): (m.paths, m.backward) for m in flow.moves}
    assert moves == {
        ("discover", "consider"): (441, False),
        ("consider", "buy"): (461, False),
        ("buy", "consider"): (20, True),
        ("consider", "discover"): (50, True),
    }
    assert [m.from_stage for m in flow.moves] == ["discover", "consider", "consider", "buy"]
    unrolled = {(m.position, m.from_stage, m.to_stage): m.paths for m in flow.unrolled}
    assert unrolled == {
        (0, "discover", "consider"): 441,
        (0, "consider", "discover"): 50,
        (1, "consider", "buy"): 441,
        (2, "buy", "consider"): 20,
        (3, "consider", "buy"): 20,
    }
    assert (flow.paths, flow.conversions, flow.placed_paths) == (496, 50, 491)
    assert flow.returning_paths == 20
    assert flow.returning_share == pytest.approx(20 / 491)
    assert [(c.stages, c.paths, c.conversions) for c in flow.common_paths] == [
        (("discover", "consider", "buy"), 421, 41),
        (("consider", "discover"), 50, 0),
        (("discover", "consider", "buy", "consider", "buy"), 20, 9),
    ]
    assert flow.common_paths[0].conversion_rate == pytest.approx(41 / 421)
    assert [(u.element, u.paths) for u in flow.unplaced] == [("newsletter", 55)]
    assert [(s.stage, s.paths, s.conversions) for s in flow.starts] == [
        ("discover", 441, 50),
        ("consider", 50, 0),
    ]
    assert [(s.stage, s.paths) for s in flow.ends] == [("discover", 50), ("buy", 441)]


def test_flow_keeps_the_most_walked_sequences() -> None:
    flow = observed_flow(
        [path("blog", 0, n) for n in (1,)] + [path("filter", 0, 3), path("checkout", 1, 1)],
        STAGE_OF,
        STAGES,
        top=2,
    )
    assert [c.stages for c in flow.common_paths] == [("consider",), ("buy",)]


def test_flow_refuses_stages_outside_the_journey() -> None:
    with pytest.raises(ValueError, match="not in the journey"):
        observed_flow([], {"x": "elsewhere"}, STAGES)


@BOUNDED
@given(
    st.lists(
        st.builds(
            CustomerPath,
            st.lists(st.sampled_from([*STAGE_OF, "newsletter"]), min_size=1, max_size=6).map(tuple),
            st.integers(0, 5),
            st.integers(0, 5),
        ),
        max_size=8,
    )
)
def test_flow_moves_add_up(paths: list[CustomerPath]) -> None:
    flow = observed_flow(paths, STAGE_OF, STAGES, top=100)
    assert sum(m.paths for m in flow.moves) == sum(m.paths for m in flow.unrolled)
    assert sum(s.paths for s in flow.starts) == flow.placed_paths
    assert sum(s.paths for s in flow.ends) == flow.placed_paths
    assert sum(c.paths for c in flow.common_paths) == flow.placed_paths
    assert 0 <= flow.returning_paths <= flow.placed_paths <= flow.paths
    for move in flow.moves:
        assert move.backward == (STAGES.index(move.to_stage) < STAGES.index(move.from_stage))


# --- Guards and the benchmark --------------------------------------------------------------


@pytest.mark.parametrize("text", ["a>\x1e>b", "a>\x00"])
def test_a_path_holding_the_batch_separators_is_refused(text: str) -> None:
    tally = PathTally({"a": "a", "b": "b"})
    tally.add_text(text, 1, 0)
    with pytest.raises(ValueError, match="control character"):
        tally.attribution()


def test_the_benchmark_runs_and_reports(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import attribution as benchmark  # tests/benchmarks/attribution.py

    report = benchmark.main(["--paths", "3000", "--repeats", "1", "--work", str(tmp_path)])
    assert "csv.reader alone" in report
    assert "peak memory" in report
