"""Excess votes on synthetic elections: zero when clean, the planted votes when stuffed."""

from __future__ import annotations

from plebiscite.forensics import methods
from plebiscite.forensics.synthetic import synthetic_election


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
