"""The published fingerprint fit (Klimek et al. 2012): it finds planted extreme fraud, reads a
clean election as clean, and takes its clean centre from the low-turnout core."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from plebiscite.forensics import plots
from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods.klimek2012 import klimek2012
from plebiscite.forensics.synthetic import synthetic_election


def _extreme(data: ElectionData, fraction: float, seed: int) -> ElectionData:
    """Klimek's extreme fraud at ``fraction`` of the stations: x = 1 - |N(0, 0.075)| of the
    non-voters' ballots and of the other options' votes go to the leader."""
    rng = np.random.default_rng(seed)
    st, votes = data.stations.copy(), data.votes.copy()
    hit = rng.random(len(st)) < fraction
    x = np.clip(1 - np.abs(rng.normal(0, 0.075, len(st))), 0, 1)
    others = [c for c in votes.columns if c != data.leader]
    moved = np.zeros(len(st), dtype=np.int64)
    for col in others:
        take = np.where(hit, np.rint(x * votes[col].to_numpy()), 0).astype(np.int64)
        votes[col] = votes[col].to_numpy() - take
        moved += take
    added = np.where(hit, np.floor(x * (st["registered"] - st["issued"]).clip(lower=0)), 0)
    added = added.astype(np.int64)
    votes[data.leader] = votes[data.leader].to_numpy() + moved + added
    for col in ("issued", "boxes"):
        st[col] = st[col].to_numpy() + added
    return ElectionData(st, votes, data.leader)


def test_finds_planted_extreme_fraud_and_none_in_a_clean_election() -> None:
    clean = synthetic_election(4000, seed=31, n_regions=1, region_sd=0.1)
    fit_clean = klimek2012(clean, seed=2)
    assert fit_clean.f_extreme < 0.01 and fit_clean.f_incremental < 0.05
    fit = klimek2012(_extreme(clean, 0.08, seed=3), seed=2)
    # the published distance weighs the sparse bins most; it reads 8 % planted as about 16 %
    assert 0.05 < fit.f_extreme < 0.25
    assert not fit.alarm and "Descriptive" in fit.descriptive
    assert len(fit.fits) == 10 and fit.sd_extreme > 0  # ten fits with fresh draws
    # the clean centre stays at the clean stations' peak, not pulled toward 100 %
    assert fit.share_peak == pytest.approx(fit_clean.share_peak, abs=0.02)
    assert fit.turnout_peak == pytest.approx(fit_clean.turnout_peak, abs=0.02)


def test_histograms_are_one_point_bins() -> None:
    fit = klimek2012(synthetic_election(500, seed=32), seed=1, repeats=2)
    observed = np.asarray(fit.histogram)
    model = np.asarray(fit.model_histogram)
    assert observed.shape == model.shape == (101, 101)
    assert observed.sum() == fit.n_stations == pytest.approx(model.sum())
    assert np.asarray(fit.share_histogram).sum() == fit.n_stations


@pytest.mark.shared
@pytest.mark.parametrize("year", ["2011", "2012"])
def test_russia_2011_and_2012_need_many_fraudulent_units(ru_federal: object, year: str) -> None:
    from pathlib import Path

    from plebiscite.forensics.data import load_election

    assert isinstance(ru_federal, Path)
    fit = klimek2012(load_election(ru_federal / f"{year}.csv.zip", preset="ru-cec"), seed=1)
    # Klimek et al. (PNAS 2012, Fig. 4): Russia 2011 and 2012 are explained only with a large
    # number of fraudulent units; the clean core sits at low turnout
    assert fit.f_incremental > 0.2 and fit.f_extreme > 0.01
    assert fit.turnout_peak < 0.62


def test_plot_sets_observed_and_fitted_side_by_side_with_their_difference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fit = klimek2012(synthetic_election(500, seed=32), seed=1, repeats=2)
    figures: list[Figure] = []
    monkeypatch.setattr(plots, "png", lambda fig: figures.append(fig) or "")
    plots.plot_fingerprint(fit)
    panels = [ax for ax in figures[0].axes if ax.images and ax.get_title()]
    assert [ax.get_title().split(":")[0] for ax in panels] == [
        "observed",
        "fitted",
        "observed − fitted (red",
    ]
    observed = np.asarray(fit.histogram, dtype=float)
    model = np.asarray(fit.model_histogram)
    shown = [np.ma.filled(ax.images[0].get_array(), 0.0) for ax in panels]
    assert shown[0].shape == (101, 101)  # 1-point bins (rows: share, columns: turnout)
    np.testing.assert_allclose(shown[0], observed.T)
    np.testing.assert_allclose(shown[2], (observed - model).T)
    plt.close(figures[0])
