"""Digit tests: invented last digits are found, the second digit is Benford and descriptive."""

from __future__ import annotations

import numpy as np
import pytest

from plebiscite.forensics import methods
from plebiscite.forensics.synthetic import synthetic_election


def test_digit_tests_find_invented_last_digits() -> None:
    data = synthetic_election(2000, seed=10)
    assert not methods.last_digit_test(data, alpha=0.001).alarm
    votes = data.votes.copy()
    # a forger who never writes 0 or 5 as a last digit
    for col in votes.columns:
        v = votes[col].to_numpy()
        bump = np.isin(v % 10, (0, 5)) & (v >= 50)
        votes[col] = np.where(bump, v + 1, v)
    forged = type(data)(data.stations, votes, data.leader)
    result = methods.last_digit_test(forged, alpha=0.001)
    assert result.alarm and result.observed[0] == 0 and result.observed[5] == 0


def test_second_digit_expected_is_benford() -> None:
    result = methods.second_digit_test(synthetic_election(500, seed=11))
    probs = np.asarray(result.expected) / result.n_counts
    assert probs.sum() == pytest.approx(1.0)
    assert probs[0] == pytest.approx(0.11968, abs=1e-4)
    assert result.expected_mean == pytest.approx(4.187, abs=1e-3)


def test_last_digit_null_allows_for_the_floor() -> None:
    # counts just above the floor: on a falling distribution digit 0 beats digit 9
    data = synthetic_election(3000, seed=14)
    result = methods.last_digit_test(data, min_count=50)
    expected = np.asarray(result.expected) / result.n_counts
    assert expected.sum() == pytest.approx(1.0)
    assert expected[0] > expected[9]
    assert result.recipe["null_model"].startswith("each count redrawn")  # type: ignore[union-attr]


def test_second_digit_never_alarms() -> None:
    result = methods.second_digit_test(synthetic_election(20_000, seed=15), alpha=0.5)
    assert not result.alarm and "Descriptive" in result.descriptive
