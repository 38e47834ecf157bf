"""The turnout x leader-share fingerprint on synthetic elections: stuffing is found and fitted."""

from __future__ import annotations

import numpy as np

from plebiscite.forensics import methods
from plebiscite.forensics.synthetic import synthetic_election


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


def test_fingerprint_clean_model_has_station_spreads() -> None:
    result = methods.fingerprint(synthetic_election(3000, seed=16), null_runs=0, boot_runs=0)
    # synthetic overdispersion: intra-class correlation 0.01 for turnout and share
    assert 0.005 < result.clean.turnout_icc < 0.02 and 0.005 < result.clean.share_icc < 0.02
