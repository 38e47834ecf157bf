"""The turnout x leader-share fingerprint on synthetic elections: stuffing is found and fitted."""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from plebiscite.forensics import methods
from plebiscite.forensics.methods.klimek import _icc, _median
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


@given(st.lists(st.floats(min_value=0, max_value=10, allow_nan=False), min_size=1, max_size=60))
def test_median_by_one_partition_is_the_median(values: list[float]) -> None:
    x = np.asarray(values)
    assert _median(x) == np.median(x)
    scratch = x.copy()
    assert _median(scratch, in_place=True) == np.median(x)


def test_icc_solves_its_equation_and_leaves_no_garbage() -> None:
    rng = np.random.default_rng(3)
    n = 5001
    inv_n = 1.0 / rng.integers(100, 3000, n)
    var = np.full(n, 0.25)
    icc = 0.02
    resid = rng.standard_normal(n) * np.sqrt(var * (icc + (1 - icc) * inv_n))
    gc.collect()
    gc.disable()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        fitted = _icc(resid, var, inv_n, float(np.median(inv_n)))
        left = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
        gc.enable()
    ratio = np.abs(resid) / np.sqrt(var * (fitted + (1 - fitted) * inv_n))
    assert abs(np.median(ratio) - 0.6745) < 1e-3
    assert abs(fitted - icc) < 0.005
    # the solver's arrays (n floats each) are freed on return, not left in a reference cycle
    # until the next collection
    assert left < 8 * n
