"""The region ranking puts a rounding region first."""

from __future__ import annotations

import numpy as np

from plebiscite.forensics import methods
from plebiscite.forensics.page import render
from plebiscite.forensics.report import run_all
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


def test_region_table_says_what_each_method_left_out_and_why() -> None:
    data = synthetic_election(1200, seed=17, n_regions=6)
    st = data.stations.copy()
    target = (st["region"] == "region 02").to_numpy()
    full = np.flatnonzero(target)[:40]  # 40 stations of region 02 report 100 % turnout
    st.loc[full, "issued"] = st.loc[full, "registered"]
    small = np.flatnonzero(~target)[:7]  # 7 stations elsewhere are too small for two methods
    st.loc[small, "registered"] = 60
    mixed = type(data)(st, data.votes, data.leader)
    report = run_all(mixed, runs=20, seed=1, workers=1)
    peaks = report.peaks
    assert isinstance(peaks, methods.IntegerPeaksResult)
    assert peaks.region_excluded["region 02"]["turnout above 99 %"] >= 40
    assert peaks.excluded["under 100 registered"] == 7
    assert sum(peaks.excluded.values()) == len(st) - peaks.n_stations
    excluded = report.regions.excluded
    assert set(excluded) == {"integer peaks", "fingerprint", "excess votes"}
    assert "region 02" not in excluded["excess votes"]  # 100 % is not above 100 %
    table = report.regions.table
    assert table.loc["region 02", "excluded integer peaks"] >= 40
    assert table["excluded fingerprint"].sum() == 7
    recipe = str(report.regions.recipe["score"])
    assert "[" not in recipe and "percentile rank" in recipe and "mean of those ranks" in recipe
    page = render(report)
    n02 = int(table.loc["region 02", "stations"])
    left = int(table.loc["region 02", "excluded integer peaks"])
    assert f'<td>region 02</td><td>integer peaks</td><td class="n">{left} of {n02}</td>' in page
    assert "turnout above 99 %" in page
