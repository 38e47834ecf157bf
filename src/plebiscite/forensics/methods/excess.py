"""Excess votes from the low-turnout clean bulk (after Shpilkin; an estimate)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods.common import (
    FloatArray,
    IntArray,
    Selection,
    TooFewStations,
    TurnoutBase,
    clean_peak,
    region_factor,
    safe_div,
    station_rates,
)

MIN_STATIONS = 10
"""The fewest usable stations the estimate runs on."""

__all__ = ["ExcessVotesResult", "excess_votes"]


@dataclass(frozen=True)
class ExcessVotesResult:
    """Votes for the leader above the share seen in the low-turnout clean bulk (an estimate).

    ``statistic`` is the estimated excess in votes; ``interval`` its station-bootstrap interval.
    """

    statistic: float
    zscore: float
    """The estimate in standard deviations of its (widened) bootstrap."""
    confidence: float
    interval: tuple[float, float]
    lower_bound: float
    alarm: bool
    alpha: float
    n_stations: int
    clean_turnout: float
    """Upper edge of the clean-turnout peak bin: the clean bulk is the stations at or below it."""
    clean_ratio: float
    """The leader's votes per other valid vote in the clean bulk."""
    clean_share: float
    official_share: float
    corrected_share: float
    excess_share_of_leader: float
    region_excess: dict[str, float]
    peak_bin_ratio: float
    """Single-bin recipe: leader / (ballots in the boxes - leader) in the clean-peak bin."""
    peak_bin_excess: float
    """Single-bin recipe (Shpilkin's, as re-implemented by Cedar): the leader's votes minus that
    ratio times everything else in the boxes, over every station."""
    excluded: dict[str, int]
    """Stations left out of the estimate, by reason (the first rule a station fails)."""
    region_excluded: dict[str, dict[str, int]]
    turnout_hist: dict[str, list[float]]
    recipe: dict[str, object]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class _Cells:
    """The stations pooled by (bootstrap unit, histogram bin, turnout step), so that one
    bootstrap run of the whole recipe costs a few passes over the cells, not the stations."""

    unit: IntArray
    bin: IntArray
    step: IntArray
    registered: FloatArray
    leader: FloatArray
    others: FloatArray

    @classmethod
    def build(
        cls,
        unit: IntArray,
        bin_k: IntArray,
        step_k: IntArray,
        reg_k: FloatArray,
        lead_k: FloatArray,
        oth_k: FloatArray,
    ) -> _Cells:
        key = (unit.astype(np.int64) * 100 + bin_k) * 100 + step_k
        cells, cell = np.unique(key, return_inverse=True)
        size = len(cells)
        return cls(
            unit=cells // 10_000,
            bin=(cells // 100) % 100,
            step=cells % 100,
            registered=np.asarray(
                np.bincount(cell, weights=reg_k, minlength=size), dtype=np.float64
            ),
            leader=np.asarray(np.bincount(cell, weights=lead_k, minlength=size), dtype=np.float64),
            others=np.asarray(np.bincount(cell, weights=oth_k, minlength=size), dtype=np.float64),
        )

    def estimate(self, unit_weight: FloatArray) -> float:
        """The whole recipe with each unit weighted (the bootstrap), the edge t* of the bulk
        refitted: the clean peak of the weighted turnout histogram, the ratio below it, the
        excess above it."""
        w = unit_weight[self.unit]
        m = clean_peak(np.bincount(self.bin, weights=w * self.registered, minlength=100))
        lead = np.cumsum(np.bincount(self.step, weights=w * self.leader, minlength=100))
        oth = np.cumsum(np.bincount(self.step, weights=w * self.others, minlength=100))
        k = lead[m] / max(float(oth[m]), 1e-9)
        return float(lead[-1] - lead[m] - k * (oth[-1] - oth[m]))


def excess_votes(
    data: ElectionData,
    *,
    turnout: TurnoutBase = "issued",
    boot_runs: int = 200,
    min_regions: int = 10,
    confidence: float = 0.95,
    alpha: float = 0.01,
    seed: int | None = None,
) -> ExcessVotesResult:
    """Excess votes from the clean bulk: a documented recipe after Shpilkin's idea (an estimate).

    1. Turnout histogram in 1 % bins weighted by registered voters, smoothed (Gaussian, 2 bins);
       its lowest-turnout peak that reaches half the highest one, ``t*`` (the upper edge of that
       bin), marks the clean bulk: stations with turnout <= ``t*``. (With a single peak, ``t*``
       is the mode; with a second, taller peak at high turnout, as in falsified tables, the
       low peak is the bulk.)
    2. The leader's clean ratio ``k = sum(leader) / sum(other valid votes)`` over the bulk.
    3. At every station above ``t*``, excess = leader - k * other valid votes; summed, signs
       kept (so that clean data give about zero).
    Interval and alarm: bootstrap with Poisson weights over regions (whole regions are
    resampled, since stations of a region share their turnout and vote; over stations when there
    are fewer than ``min_regions`` regions); an alarm when the one-sided lower bound at level
    ``alpha`` is above zero.

    It assumes honest high-turnout stations vote like the bulk. Regions that both turn out more
    and favour the leader make the figure positive without any fraud: it is an estimate under
    that assumption, not a count, and not a reproduction of Shpilkin's published figures.
    """
    registered, numer, boxes, leader = station_rates(data, turnout)
    valid = data.votes.to_numpy(dtype=np.int64).sum(axis=1)
    others = valid - leader
    t = safe_div(numer, registered)
    chosen = Selection.apply(
        data,
        [
            ("no registered voters", ~(registered > 0)),
            ("no ballots in the boxes", ~(boxes > 0)),
            ("turnout above 100 %", ~(t <= 1.0)),
        ],
    )
    keep = chosen.keep
    n = int(keep.sum())
    if n < MIN_STATIONS:
        raise TooFewStations("excess votes", MIN_STATIONS, n)
    t_k = t[keep]
    lead_k = leader[keep].astype(np.float64)
    oth_k = others[keep].astype(np.float64)
    reg_k = registered[keep].astype(np.float64)
    hist, edges = np.histogram(t_k, bins=100, range=(0, 1), weights=reg_k)
    peak_bin = clean_peak(hist)
    t_star = float(edges[peak_bin + 1])
    low = t_k <= t_star
    high = ~low
    # bin: the histogram bin of each station; step: the first bin whose upper edge the
    # station's turnout does not exceed (t <= t* exactly when step <= the peak bin)
    bin_k = np.clip(np.searchsorted(edges, t_k, side="right") - 1, 0, 99)
    step_k = np.clip(np.searchsorted(edges[1:], t_k, side="left"), 0, 99)
    rng = np.random.default_rng(seed)
    codes, names = region_factor(data, keep)
    by_region = len(names) >= min_regions
    units = len(names) if by_region else n
    cells = _Cells.build(codes if by_region else np.arange(n), bin_k, step_k, reg_k, lead_k, oth_k)

    point = float(
        lead_k[high].sum() - lead_k[low].sum() / max(oth_k[low].sum(), 1e-9) * oth_k[high].sum()
    )
    boots = [cells.estimate(rng.poisson(1.0, units).astype(np.float64)) for _ in range(boot_runs)]
    boot = np.asarray(boots) if boots else np.array([point])
    # the cluster bootstrap's spread is short by (G - 1) / G in variance: widen it
    boot = point + (boot - point) * np.sqrt(units / max(units - 1, 1))
    lo_q, hi_q = (1 - confidence) / 2, 1 - (1 - confidence) / 2
    interval = (float(np.quantile(boot, lo_q)), float(np.quantile(boot, hi_q)))
    lower = float(np.quantile(boot, alpha))
    boot_sd = float(np.std(boot, ddof=1)) if len(boot) > 1 else 0.0
    k_all = lead_k[low].sum() / max(oth_k[low].sum(), 1e-9)
    total_lead, total_valid = float(lead_k.sum()), float(lead_k.sum() + oth_k.sum())
    exc = np.where(high, lead_k - k_all * oth_k, 0.0)
    # the single-bin recipe (Shpilkin's, as the Cedar re-implementation carries it out): the
    # ratio of the leader to everything else in the boxes (invalid ballots included) at the
    # clean-peak bin alone, applied to every bin
    rest_k = (boxes[keep] - leader[keep]).astype(np.float64)
    at_peak = bin_k == peak_bin
    peak_ratio = float(lead_k[at_peak].sum() / max(rest_k[at_peak].sum(), 1e-9))
    peak_excess = float(lead_k.sum() - peak_ratio * rest_k.sum())
    regions = np.asarray(names, dtype=object)[codes]  # the names' objects, not new strings
    region_excess = {str(k): float(v) for k, v in pd.Series(exc).groupby(regions).sum().items()}
    return ExcessVotesResult(
        statistic=point,
        zscore=point / boot_sd if boot_sd > 0 else float("nan"),
        confidence=confidence,
        interval=interval,
        lower_bound=lower,
        alarm=lower > 0,
        alpha=alpha,
        n_stations=n,
        clean_turnout=t_star,
        clean_ratio=float(k_all),
        clean_share=float(k_all / (1 + k_all)),
        official_share=total_lead / total_valid if total_valid else float("nan"),
        corrected_share=(total_lead - point) / (total_valid - point)
        if total_valid - point > 0
        else float("nan"),
        excess_share_of_leader=point / total_lead if total_lead else float("nan"),
        region_excess=region_excess,
        peak_bin_ratio=peak_ratio,
        peak_bin_excess=peak_excess,
        excluded=chosen.excluded,
        region_excluded=chosen.region_excluded,
        turnout_hist={
            "edges": edges.tolist(),
            "leader": np.histogram(t_k, bins=100, range=(0, 1), weights=lead_k)[0].tolist(),
            "others": np.histogram(t_k, bins=100, range=(0, 1), weights=oth_k)[0].tolist(),
            "registered": hist.tolist(),
        },
        recipe={
            "method": "excess votes from the clean bulk (after Shpilkin; an estimate)",
            "turnout": f"{turnout} / registered",
            "clean_bulk": (
                "turnout <= the clean turnout: the upper edge of the clean peak (the lowest "
                "peak reaching half the highest) of the voter-weighted, smoothed 1 % turnout "
                "histogram"
            ),
            "clean_ratio": "sum(leader) / sum(other valid votes) over the clean bulk",
            "excess": (
                "sum over stations above the clean turnout of leader - ratio * other valid votes"
            ),
            "interval": f"{confidence:.0%} bootstrap over "
            + ("regions" if by_region else "stations")
            + f" (Poisson weights), {boot_runs} runs, turnout edge t* refitted in every run, "
            "spread widened by sqrt(units / (units - 1))",
            "peak_bin_excess": (
                "leader - r x (ballots in boxes - leader) summed over every station, r = that "
                "ratio in the clean-peak bin alone (the single-bin recipe)"
            ),
            "alarm_if": f"bootstrap {alpha:.0%} quantile > 0",
            "seed": seed,
        },
    )
