"""Several elections compared in one report (``plebiscite forensics --series FILE ...``).

For each file: the integer-peak anomaly with its 95 % interval (the exact binomial expectation
and standard deviation), the excess votes with their regional-bootstrap interval, the published
fingerprint fit and its 1-point histogram (drawn as small multiples), and the region ranking;
then the regions that stand out across the elections. Light on purpose: the Monte-Carlo nulls
and the regional fingerprint's calibrated test stay in the one-election report.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from plebiscite import __version__
from plebiscite.forensics import methods
from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods.common import NotRun, TooFewStations
from plebiscite.forensics.plots import png

__all__ = ["SeriesEntry", "region_key", "render_series", "run_series"]

_PREFIX = re.compile(r"^\s*\d+\s+")


def region_key(name: str) -> str:
    """A region's name compared across years: numeric prefixes ("98 …") and added names after
    " - " ("Кемеровская область - Кузбасс") dropped, spaces and case folded."""
    base = _PREFIX.sub("", name).split(" - ", 1)[0]
    return " ".join(base.split()).casefold()


@dataclass(frozen=True)
class SeriesEntry:
    """One election of the series."""

    label: str
    data: ElectionData
    peaks: methods.IntegerPeaksResult | NotRun
    excess: methods.ExcessVotesResult | NotRun
    klimek: methods.Klimek2012Result | NotRun
    ranking: methods.RegionRanking

    @property
    def anomaly(self) -> tuple[float, float, float]:
        """Integer-peak anomaly (observed - exact expectation) and its 95 % interval."""
        p = self.peaks
        if isinstance(p, NotRun):
            return (float("nan"),) * 3
        mid = p.observed["either"] - p.expected_exact["either"]
        half = 1.96 * p.sd_exact["either"]
        return mid, mid - half, mid + half


R = TypeVar("R")


def _attempt(run: Callable[[], R]) -> R | NotRun:
    try:
        return run()
    except TooFewStations as exc:
        return NotRun.from_error(exc)


def run_series(
    elections: Sequence[tuple[str, ElectionData]],
    *,
    seed: int = 0,
    boot_runs: int = 100,
    on_done: Callable[[SeriesEntry], None] | None = None,
) -> list[SeriesEntry]:
    """Every election's figures for the series report (each gets its own seed stream);
    ``on_done`` is called with each election's entry as it is finished."""
    out: list[SeriesEntry] = []
    seeds = np.random.SeedSequence(seed).spawn(len(elections))
    for (label, data), seq in zip(elections, seeds, strict=True):
        s = [int(x) for x in seq.generate_state(3)]
        peaks = _attempt(partial(methods.integer_peaks, data, runs=20, seed=s[0]))
        excess = _attempt(partial(methods.excess_votes, data, boot_runs=boot_runs, seed=s[1]))
        klimek = _attempt(partial(methods.klimek2012, data, repeats=2, seed=s[2]))
        ranking = methods.region_ranking(
            data,
            None if isinstance(peaks, NotRun) else peaks,
            None if isinstance(excess, NotRun) else excess,
        )
        out.append(SeriesEntry(label, data, peaks, excess, klimek, ranking))
        if on_done is not None:
            on_done(out[-1])
    return out


def standout_regions(entries: Sequence[SeriesEntry], top: int = 20) -> pd.DataFrame:
    """Regions by their mean score over the elections (names matched across years with
    :func:`region_key`): one column of scores per election, the mean, and how many times the
    region was in the top 10."""
    columns: dict[str, pd.Series[float]] = {}
    names: dict[str, str] = {}
    for entry in entries:
        table = entry.ranking.table
        keys = [region_key(str(r)) for r in table.index]
        for key, name in zip(keys, table.index, strict=True):
            names.setdefault(key, str(name))
        columns[entry.label] = pd.Series(table["score"].to_numpy(), index=keys)
    frame = pd.DataFrame(columns)
    frame["mean score"] = frame.mean(axis=1)
    ranks = frame.drop(columns="mean score").rank(ascending=False)
    frame["years in the top 10"] = (ranks <= 10).sum(axis=1)
    frame.index = [names[k] for k in frame.index]
    return frame.sort_values("mean score", ascending=False).head(top)


def _plot_trends(entries: Sequence[SeriesEntry]) -> str:
    labels = [e.label for e in entries]
    x = np.arange(len(entries))
    fig, axes = plt.subplots(1, 2, figsize=(13, 4))
    mid = np.array([e.anomaly[0] for e in entries])
    lo = np.array([e.anomaly[1] for e in entries])
    hi = np.array([e.anomaly[2] for e in entries])
    axes[0].errorbar(x, mid, yerr=[mid - lo, hi - mid], fmt="o", color="#3b6ea8", capsize=4)
    axes[0].axhline(0, color="k", lw=0.6)
    axes[0].set_title("integer-percentage anomaly (stations), 95 % interval")
    ex = np.array([np.nan if isinstance(e.excess, NotRun) else e.excess.statistic for e in entries])
    ex_lo = np.array(
        [np.nan if isinstance(e.excess, NotRun) else e.excess.interval[0] for e in entries]
    )
    ex_hi = np.array(
        [np.nan if isinstance(e.excess, NotRun) else e.excess.interval[1] for e in entries]
    )
    axes[1].errorbar(
        x, ex / 1e6, yerr=[(ex - ex_lo) / 1e6, (ex_hi - ex) / 1e6], fmt="o", color="#c33", capsize=4
    )
    axes[1].axhline(0, color="k", lw=0.6)
    axes[1].set_title("excess votes (millions), 95 % regional-bootstrap interval")
    for ax in axes:
        ax.set_xticks(x, labels, rotation=30, ha="right")
    fig.tight_layout()
    return png(fig)


def _plot_fingerprints(entries: Sequence[SeriesEntry]) -> str:
    from matplotlib.colors import LogNorm

    n = len(entries)
    cols = min(5, n)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.0 * cols, 3.1 * rows), squeeze=False)
    for ax in axes.ravel()[n:]:
        ax.set_axis_off()
    for ax, entry in zip(axes.ravel(), entries, strict=False):
        k = entry.klimek
        ax.set_title(entry.label, fontsize=10)
        ax.set_xticks([0, 50, 100])
        ax.set_yticks([0, 50, 100])
        if isinstance(k, NotRun):
            ax.text(50, 50, "not run", ha="center", va="center")
            ax.set_xlim(0, 100)
            ax.set_ylim(0, 100)
            continue
        hist = np.asarray(k.histogram, dtype=float)
        ax.imshow(
            np.ma.masked_less(hist.T, 0.5),
            origin="lower",
            extent=(-0.5, 100.5, -0.5, 100.5),
            cmap="viridis",
            norm=LogNorm(vmin=0.5, vmax=max(hist.max(), 1.0)),
            interpolation="nearest",
        )
        ax.plot([100 * k.turnout_peak], [100 * k.share_peak], "w+", ms=8, mew=1.5)
    fig.supxlabel("turnout, % (1-point bins)")
    fig.supylabel("leader's share, %")
    fig.tight_layout()
    return png(fig)


def _e(value: object) -> str:
    return html.escape(str(value))


def _table(rows: list[list[str]], head: list[str]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return "<table><tr>" + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr>" + body + "</table>"


def _fmt(value: float, fmt: str) -> str:
    return "" if value != value else format(value, fmt)


_CSS = (
    "body{font:15px/1.5 system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;"
    "color:#222}h2{border-bottom:1px solid #ccc;margin-top:2em}table{border-collapse:collapse;"
    "margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
    "td:first-child,th:first-child{text-align:left}th{background:#f3f3f3}img{max-width:100%}"
)


def render_series(entries: Sequence[SeriesEntry]) -> str:
    """The series report as one self-contained HTML page."""
    rows = []
    for e in entries:
        mid, lo, hi = e.anomaly
        p = e.peaks
        x = e.excess
        k = e.klimek
        rows.append(
            [
                e.label,
                f"{len(e.data.stations):,}",
                _fmt(mid, "+,.0f"),
                f"{_fmt(lo, ',.0f')} … {_fmt(hi, ',.0f')}",
                "" if isinstance(p, NotRun) else f"{mid / p.sd_exact['either']:.1f}",
                p.status if isinstance(p, NotRun) else "",
                "" if isinstance(x, NotRun) else f"{x.statistic / 1e6:.2f}",
                ""
                if isinstance(x, NotRun)
                else f"{x.interval[0] / 1e6:.2f} … {x.interval[1] / 1e6:.2f}",
                "" if isinstance(x, NotRun) else f"{x.excess_share_of_leader:.1%}",
                k.status if isinstance(k, NotRun) else f"{k.f_incremental:.2f} / {k.f_extreme:.3f}",
            ]
        )
    regions = standout_regions(entries)
    region_rows = [
        [str(name)]
        + [_fmt(float(v), ".2f") for v in row[[e.label for e in entries]]]
        + [f"{row['mean score']:.2f}", f"{int(row['years in the top 10'])}"]
        for name, row in regions.iterrows()
    ]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Election forensics: a series of elections</title>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'\">",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Election forensics: a series of elections</h1>",
        f"<p>{len(entries)} elections. plebiscite {__version__}. Each figure is the "
        "one-election method with a lighter null where the comparison allows it: the integer "
        "peaks against their exact binomial expectation (95 % interval = ±1.96 exact sd), the "
        "excess votes with a regional bootstrap, the published fingerprint fit. An alarm is a "
        "reason to look closer, not a verdict.</p>",
        "<h2>Per election</h2>",
        _table(
            rows,
            [
                "election",
                "stations",
                "integer anomaly",
                "95 % interval",
                "z",
                "note",
                "excess votes (M)",
                "95 % interval (M)",
                "of the leader's",
                "fingerprint f_i / f_e",
            ],
        ),
        f'<img alt="integer anomaly and excess votes by election" src="{_plot_trends(entries)}">',
        "<h2>Fingerprints (turnout × leader's share, 1-point bins)</h2>",
        "<p>Observed histograms; the cross marks each election's clean core (the first peaks).</p>",
        f'<img alt="fingerprints, one per election" src="{_plot_fingerprints(entries)}">',
        "<h2>Regions that stand out across the elections</h2>",
        "<p>Each election's region score (the mean percentile rank of the integer excess per "
        "100 stations, the share of stations with a turnout of at least 90 % and the excess "
        "votes as a share of the leader's), matched by name across elections; the 20 regions "
        "with the highest mean score.</p>",
        _table(
            region_rows,
            ["region", *[e.label for e in entries], "mean score", "years in the top 10"],
        ),
        "</body></html>",
    ]
    return "".join(parts)


def write_series(entries: Sequence[SeriesEntry], out: Path) -> Path:
    """Write ``out/series.html``; returns its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "series.html"
    path.write_text(render_series(entries), encoding="utf-8")
    return path
