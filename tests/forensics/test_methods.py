"""Each method on synthetic elections: clean ones pass, planted fraud is found."""

from __future__ import annotations

import numpy as np
import pytest

from plebiscite.errors import InputError
from plebiscite.forensics import methods
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


def test_fingerprint_finds_stuffing_and_fits_its_fraction() -> None:
    clean = methods.fingerprint(synthetic_election(3000, seed=8), seed=1, null_runs=99, alpha=0.05)
    stuffed = methods.fingerprint(
        synthetic_election(3000, seed=8, stuffing=0.2, stuffing_intensity=0.4),
        seed=1,
        null_runs=99,
        alpha=0.05,
    )
    assert stuffed.alarm and not clean.alarm
    assert stuffed.f_incremental > clean.f_incremental + 0.04
    lo, hi = stuffed.interval_incremental
    # the clean cloud now has each station's own (beta-binomial) spread; it absorbs part of
    # the stuffing, so the station-bootstrap interval can reach zero while the test alarms
    assert lo <= stuffed.f_incremental <= hi and hi > 0.04
    assert np.asarray(stuffed.histogram).sum() == stuffed.n_stations


def test_excess_votes_positive_under_stuffing() -> None:
    clean_data = synthetic_election(3000, seed=9)
    stuffed_data = synthetic_election(3000, seed=9, stuffing=0.2)
    planted = int(stuffed_data.votes["yes"].sum() - clean_data.votes["yes"].sum())
    clean = methods.excess_votes(clean_data, seed=1, alpha=0.05)
    stuffed = methods.excess_votes(stuffed_data, seed=1, alpha=0.05)
    assert stuffed.alarm and not clean.alarm
    assert clean.interval[0] < 0 < clean.interval[1]
    assert stuffed.interval[0] < planted < stuffed.interval[1]
    assert stuffed.corrected_share < stuffed.official_share


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


def test_impossible_values_and_identical_rows() -> None:
    data = synthetic_election(400, seed=12)
    st = data.stations.copy()
    votes = data.votes.copy()
    st.loc[0, "issued"] = st.loc[0, "registered"] + 5
    votes.loc[1, data.leader] = st.loc[1, "boxes"] + 1
    st.loc[3] = st.loc[2]
    votes.loc[3] = votes.loc[2]
    st.loc[3, ["line", "station"]] = [5, "copy"]
    result = methods.impossible_values(type(data)(st, votes, data.leader))
    assert result.counts["turnout_over_100"] >= 1
    assert {r["line"] for r in result.examples["turnout_over_100"]} >= {2}
    assert {r["line"] for r in result.examples["votes_over_ballots"]} >= {3}
    assert result.counts["identical_rows"] == 2 and result.duplicate_groups == 1


def test_region_ranking_puts_the_rounding_region_first() -> None:
    data = synthetic_election(3000, seed=13, n_regions=10)
    stations = data.stations
    target = stations["region"] == "region 03"
    rounded = synthetic_election(3000, seed=13, n_regions=10, rounding=1.0)
    st, votes = stations.copy(), data.votes.copy()
    st.loc[target, ["issued", "boxes", "invalid"]] = rounded.stations.loc[
        target, ["issued", "boxes", "invalid"]
    ]
    votes.loc[target] = rounded.votes.loc[target]
    mixed = type(data)(st, votes, data.leader)
    peaks = methods.integer_peaks(mixed, runs=40, seed=1)
    excess = methods.excess_votes(mixed, seed=1, boot_runs=20)
    ranking = methods.region_ranking(mixed, peaks, excess)
    assert ranking.table["integer_excess_per_100"].idxmax() == "region 03"


def test_bad_arguments() -> None:
    data = synthetic_election(100, seed=1)
    with pytest.raises(InputError, match="turnout"):
        methods.integer_peaks(data, turnout="voters")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="runs"):
        methods.integer_peaks(data, runs=0)


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


def test_fingerprint_clean_model_has_station_spreads() -> None:
    result = methods.fingerprint(synthetic_election(3000, seed=16), null_runs=0, boot_runs=0)
    # synthetic overdispersion: intra-class correlation 0.01 for turnout and share
    assert 0.005 < result.clean.turnout_icc < 0.02 and 0.005 < result.clean.share_icc < 0.02
