"""Excess votes on synthetic elections: zero when clean, the planted votes when stuffed."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from plebiscite.forensics import methods, plots
from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods.common import clean_peak, region_factor
from plebiscite.forensics.methods.excess import _Cells
from plebiscite.forensics.page import render
from plebiscite.forensics.report import run_all
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


def _two_peaks() -> ElectionData:
    """200 clean stations at 40 % turnout (leader = others) and 100 at 80 % where the leader
    has 400 extra votes each: an excess of exactly 40,000."""
    rows = [("a", 1000, 400, 200, 200)] * 200 + [("b", 1000, 800, 600, 200)] * 100
    frame = pd.DataFrame(rows, columns=["region", "registered", "boxes", "yes", "no"])
    frame["station"] = [f"s{i}" for i in range(len(frame))]
    return ElectionData.from_frame(frame, ["yes", "no"])


def test_excess_known_answer_and_one_clean_turnout() -> None:
    result = methods.excess_votes(_two_peaks(), boot_runs=0, seed=1)
    assert result.clean_turnout == pytest.approx(0.41)  # upper edge of the 40 % bin
    assert result.clean_ratio == pytest.approx(1.0)
    assert result.statistic == pytest.approx(40_000)
    assert result.peak_bin_excess == pytest.approx(40_000)
    assert result.clean_share == pytest.approx(0.5)
    assert "clean turnout" in str(result.recipe["clean_bulk"])


def test_page_names_the_clean_turnout_and_never_a_mode() -> None:
    report = run_all(synthetic_election(600, seed=19), runs=20, seed=1, workers=1)
    page = render(report)
    assert "clean turnout (upper edge of the clean peak)" in page
    assert "turnout mode" not in page


def test_bootstrap_cells_give_the_recipe_on_weighted_stations() -> None:
    """One bootstrap run over pooled cells equals the recipe computed station by station with
    the same unit weights (the clean-turnout edge refitted)."""
    data = synthetic_election(2000, seed=12, stuffing=0.1)
    reg = data.count("registered").astype(float)
    lead = data.count("yes").astype(float)
    oth = data.votes.to_numpy().sum(axis=1) - lead
    t = data.count("issued") / reg
    codes, names = region_factor(data, np.ones(len(reg), dtype=bool))
    edges = np.linspace(0, 1, 101)
    bin_k = np.clip(np.searchsorted(edges, t, side="right") - 1, 0, 99)
    step_k = np.clip(np.searchsorted(edges[1:], t, side="left"), 0, 99)
    cells = _Cells.build(codes, bin_k, step_k, reg, lead, oth)
    assert len(cells.unit) < len(reg)
    rng = np.random.default_rng(4)
    for _ in range(5):
        unit_w = rng.poisson(1.0, len(names)).astype(float)
        w = unit_w[codes]
        hist = np.histogram(t, bins=100, range=(0, 1), weights=w * reg)[0]
        t_star = edges[clean_peak(hist) + 1]
        low = t <= t_star
        k = (w * lead)[low].sum() / (w * oth)[low].sum()
        direct = (w * lead)[~low].sum() - k * (w * oth)[~low].sum()
        assert cells.estimate(unit_w) == pytest.approx(direct, rel=1e-9, abs=1e-6)


def test_plot_shades_the_excess_above_the_clean_turnout(monkeypatch: pytest.MonkeyPatch) -> None:
    """The excess is drawn as the published figures draw it: a shaded area between the leader's
    curve and the others scaled by the clean ratio, above the clean turnout only."""
    result = methods.excess_votes(_two_peaks(), boot_runs=0, seed=1)
    figures: list[Figure] = []
    monkeypatch.setattr(plots, "png", lambda fig: figures.append(fig) or "")
    plots.plot_excess(result, "yes")
    (ax,) = figures[0].axes
    shaded = [c for c in ax.collections if str(c.get_label()).startswith("excess above")]
    assert len(shaded) == 1 and "40,000 votes" in str(shaded[0].get_label())
    xs = np.concatenate([p.vertices[:, 0] for p in shaded[0].get_paths()])
    assert xs.min() >= 100 * result.clean_turnout
    plt.close(figures[0])
