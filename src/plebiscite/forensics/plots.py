"""The report's plots, each returned as a PNG data URI (the page embeds them; no files)."""

from __future__ import annotations

import base64
import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from plebiscite.forensics import methods
from plebiscite.forensics.data import ElectionData

__all__ = ["plot_digits", "plot_excess", "plot_fingerprint", "plot_integer", "png"]


def png(fig: Any) -> str:
    """The figure as a PNG data URI (the figure is closed)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def plot_integer(st: ElectionData, peaks: methods.IntegerPeaksResult, turnout: str) -> str:
    """Turnout and leader share in 0.1 % bins, and the replicates' null distribution."""
    reg = st.count("registered").astype(float)
    num = st.count(turnout).astype(float)
    box = st.count("boxes").astype(float)
    lead = st.count(st.leader).astype(float)
    ok = (reg >= 100) & (box > 0)
    fig, axes = plt.subplots(3, 1, figsize=(11, 8.5))
    edges = np.arange(0, 100.1, 0.1)
    for ax, values, label in (
        (axes[0], 100 * num[ok] / reg[ok], "turnout, %"),
        (axes[1], 100 * lead[ok] / box[ok], "leader's share, %"),
    ):
        counts, _ = np.histogram(values, bins=edges)
        # one filled step artist, not a thousand bars (each bar is a patch to lay out and draw)
        ax.stairs(counts, edges, fill=True, color="#3b6ea8", linewidth=0)
        for k in range(0, 101, 5):
            ax.axvline(k, color="#d33", lw=0.4, alpha=0.5)
        ax.set_xlim(20, 100)
        ax.set_xlabel(label + " (0.1 % bins; red lines every 5 %)")
        ax.set_ylabel("stations")
    null = np.asarray(peaks.null_either)
    counts, null_edges = np.histogram(null, bins=40)
    axes[2].stairs(counts, null_edges, fill=True, color="#999", label="binomial replicates")
    axes[2].axvline(peaks.observed["either"], color="#d33", lw=2, label="observed")
    axes[2].set_xlabel("stations with an integer turnout or leader share")
    axes[2].legend()
    fig.tight_layout()
    return png(fig)


def plot_fingerprint(k: methods.Klimek2012Result) -> str:
    """Observed and fitted turnout x leader-share histograms at 1-point bins, side by side, and
    their difference (observed minus fitted)."""
    from matplotlib.colors import LogNorm, SymLogNorm

    observed = np.asarray(k.histogram, dtype=float)
    model = np.asarray(k.model_histogram)
    diff = observed - model
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.9), sharey=True)
    top = max(observed.max(), model.max(), 1.0)
    extent = (-0.5, 100.5, -0.5, 100.5)
    for ax, hist, title in (
        (axes[0], observed, "observed"),
        (axes[1], model, f"fitted: f_i = {k.f_incremental:.2f}, f_e = {k.f_extreme:.3f}"),
    ):
        im = ax.imshow(
            np.ma.masked_less(hist.T, 0.5),
            origin="lower",
            extent=extent,
            cmap="viridis",
            norm=LogNorm(vmin=0.5, vmax=top),
            aspect="equal",
            interpolation="nearest",
        )
        ax.set_title(title)
        ax.set_xlabel("turnout, % (1-point bins)")
    axes[0].set_ylabel("leader's share, %")
    fig.colorbar(im, ax=axes[:2], label="stations", shrink=0.85)
    lim = max(float(np.abs(diff).max()), 1.0)
    im2 = axes[2].imshow(
        diff.T,
        origin="lower",
        extent=extent,
        cmap="RdBu_r",
        norm=SymLogNorm(linthresh=3.0, vmin=-lim, vmax=lim),
        aspect="equal",
        interpolation="nearest",
    )
    axes[2].set_title("observed − fitted (red: more observed)")
    axes[2].set_xlabel("turnout, % (1-point bins)")
    fig.colorbar(im2, ax=axes[2], label="stations", shrink=0.85)
    for ax in axes:
        ax.plot([100 * k.turnout_peak], [100 * k.share_peak], "w+", ms=12, mew=2)
    return png(fig)


def plot_excess(e: methods.ExcessVotesResult, leader: str) -> str:
    """Votes by turnout (1-point bins) for the leader and the other options, the others scaled
    by the clean bulk's ratio (the leader's expected curve), and the excess shaded between."""
    edges = np.asarray(e.turnout_hist["edges"]) * 100
    centres = (edges[:-1] + edges[1:]) / 2
    lead = np.asarray(e.turnout_hist["leader"])
    expected = e.clean_ratio * np.asarray(e.turnout_hist["others"])
    fig, ax = plt.subplots(figsize=(11, 4.2))
    ax.plot(centres, lead, color="#c33", label=f"leader ({leader})")
    ax.plot(centres, e.turnout_hist["others"], color="#36c", label="all other options")
    ax.plot(
        centres,
        expected,
        color="#c33",
        ls="--",
        lw=1,
        label=f"others × clean ratio {e.clean_ratio:.2f} (leader expected)",
    )
    above = centres > 100 * e.clean_turnout
    ax.fill_between(
        centres,
        expected,
        lead,
        where=above,
        color="#c33",
        alpha=0.25,
        linewidth=0,
        label=f"excess above the clean turnout: {e.statistic:,.0f} votes",
    )
    ax.axvline(100 * e.clean_turnout, color="k", ls=":", lw=1, label="clean turnout")
    ax.set_xlabel("turnout, % (1-point bins)")
    ax.set_ylabel("votes")
    ax.set_xlim(0, 100)
    ax.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return png(fig)


def plot_digits(
    last: methods.DigitTestResult | None, second: methods.DigitTestResult | None
) -> str:
    """Observed and expected digit frequencies (a test that did not run is left out)."""
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    for ax, res, title in (
        (axes[0], last, "last digit vs station-level binomial"),
        (axes[1], second, "second digit vs Benford (descriptive)"),
    ):
        if res is None:
            ax.set_axis_off()
            continue
        n = max(res.n_counts, 1)
        ax.bar(range(10), np.asarray(res.observed) / n, color="#3b6ea8", label="observed")
        ax.plot(range(10), np.asarray(res.expected) / n, "ko-", ms=3, label="expected")
        ax.set_xticks(range(10))
        ax.set_title(title)
        ax.set_ylabel("share of counts")
        ax.legend()
    fig.tight_layout()
    return png(fig)
