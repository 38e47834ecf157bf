"""Impossible values and identical rows are found with their line numbers."""

from __future__ import annotations

from plebiscite.forensics import methods
from plebiscite.forensics.synthetic import synthetic_election


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
