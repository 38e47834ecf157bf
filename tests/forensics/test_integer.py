"""Integer-percentage peaks on synthetic elections: rounding is found, the exact expectation
matches the replicates, workers and progress do not change the numbers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from plebiscite.errors import InputError
from plebiscite.forensics import methods
from plebiscite.forensics.methods.integer import _is_integer_pct, _p_integer
from plebiscite.forensics.synthetic import synthetic_election


def test_integer_peaks_finds_rounding() -> None:
    data = synthetic_election(3000, seed=3, rounding=0.08)
    result = methods.integer_peaks(data, runs=99, seed=1, alpha=0.05)
    assert result.alarm and result.pvalue == pytest.approx(0.01)
    assert result.anomaly["either"] > 6 * result.sd["either"]
    assert result.observed["either"] - result.expected["either"] == pytest.approx(result.statistic)


def test_integer_peaks_exact_expectation_matches_replicates() -> None:
    data = synthetic_election(1500, seed=6)
    result = methods.integer_peaks(data, runs=400, seed=2)
    for key in ("leader", "turnout", "either"):
        se = result.sd[key] / 20
        assert abs(result.expected[key] - result.expected_exact[key]) < 4 * se + 0.5
        assert result.sd_exact[key] == pytest.approx(result.sd[key], rel=0.15)


def test_integer_peaks_same_numbers_with_two_workers() -> None:
    data = synthetic_election(800, seed=4)
    one = methods.integer_peaks(data, runs=60, seed=7)
    two = methods.integer_peaks(data, runs=60, seed=7, workers=2)
    assert one.null_either == two.null_either and one.region_anomaly == two.region_anomaly


def test_integer_peaks_progress_counts_every_run() -> None:
    seen: list[int] = []
    methods.integer_peaks(synthetic_election(300, seed=5), runs=60, seed=1, progress=seen.append)
    assert sum(seen) == 60


def test_bad_arguments() -> None:
    data = synthetic_election(100, seed=1)
    with pytest.raises(InputError, match="turnout"):
        methods.integer_peaks(data, turnout="voters")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="runs"):
        methods.integer_peaks(data, runs=0)


@given(
    n=st.integers(min_value=1, max_value=400),
    # rates as tables give them: 0, or at least one vote in a million (scipy's binomial
    # probability overflows at subnormal rates)
    p=st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=1.0)),
)
@settings(max_examples=60, deadline=None)
def test_exact_integer_probability_by_enumeration(n: int, p: float) -> None:
    """Known answer: the binomial mass of every count whose percentage the test calls integer,
    enumerated count by count."""
    counts = np.arange(n + 1)
    integer = _is_integer_pct(counts / n, 0.05)
    expected = float(stats.binom.pmf(counts, n, p)[integer].sum())
    got = _p_integer(np.array([n]), np.array([p]), 0.05)[0]
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)
