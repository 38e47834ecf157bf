"""The region ranking puts a rounding region first."""

from __future__ import annotations

from plebiscite.forensics import methods
from plebiscite.forensics.synthetic import synthetic_election


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
