"""The fingerprint fit of Klimek, Yegorov, Hanel & Thurner, *PNAS* 109(41), 2012, as published.

The paper's procedure, as its authors' fitting program and its public re-implementation in the
Election Forensics Toolkit (Mebane, Kalinin et al.) carry it out:

1. Turnout = valid votes / registered voters and the winner's share = winner / valid votes, at
   every unit with voters, valid votes and votes for the winner.
2. The clean (fair) part of the election is one two-dimensional Gaussian centred on the
   *low-turnout core*: the first peak of the turnout histogram and the first peak of the
   winner's-share histogram in 1-percentage-point bins (here: the share's peak among the
   stations at or below the turnout peak). Its widths come from the halves of
   those histograms below the peaks, where ballot stuffing does not reach: the turnout's from
   the units below both peaks, the share's as √2 × the root-mean-square distance below the share
   peak. The spread θ of incremental fraud comes from the units above the share's mode.
3. The model redraws every unit at its real number of registered voters: turnout ~ N(peak, σ)
   and the two shares (winner, others) ~ N(λ, σ), N(1 − λ, σ), normalised, each redrawn until
   it lies in [0, 1]; votes are rounded. A fraction f_i of units have *incremental* fraud: a
   fraction x ~ |N(0, θ)| of the non-voters' ballots and of the other votes go to the winner. A
   fraction f_e have *extreme* fraud: the same with x = 1 − |N(0, 0.075)|.
4. f_i and f_e are chosen on a grid to minimise Σ_b ((model_b − observed_b) / (observed_b + 1))²
   over the 1-point bins of the winner's-share histogram; the fit is repeated with fresh draws
   (10 times) and the mean and the spread of the fitted values are reported.

Where this module departs from the re-implementation, it says why. The first peak is found on
the smoothed, voter-weighted histogram (:func:`.common.clean_peak`, the excess votes' clean
turnout): the re-implementation takes the first bin after which the raw count falls by more than
5 units, which with ~95,000 stations falls on sampling noise in the first bins (2011: at 10 %
share); and by station counts, 2020's and 2024's low-turnout peaks do not reach half of their
high peaks, so the rule would take the high peak. The share's peak is taken among the stations
at or below the turnout peak, for the same reason. The grid is finer (0.005 steps, the
whole range of f_i; f_e up to 0.3 as there), evaluated exactly with common random numbers.

The fit is descriptive: the paper gives no test of f = 0, so this method raises no alarm. The
calibrated test is the regional variant (:mod:`.klimek`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods.common import (
    FloatArray,
    IntArray,
    Selection,
    TooFewStations,
    clean_peak,
    safe_div,
)

__all__ = ["Klimek2012Result", "klimek2012"]

MIN_STATIONS = 20
"""The fewest usable stations the fit runs on."""

BINS = 101
"""1-percentage-point bins centred on the whole percentages 0 … 100."""

_EXT_SD = 0.075
_STEPS = 200  # grid of f_i and f_e in steps of 1 / 200
_FE_MAX = 0.3


@dataclass(frozen=True)
class Klimek2012Result:
    """The published fingerprint fit: the fractions of units with incremental and extreme fraud.

    ``statistic`` is ``f_incremental + f_extreme``; the fit is descriptive (``alarm`` is false).
    ``histogram`` and ``model_histogram`` are turnout x share at 1-point bins (rows = turnout);
    ``share_histogram`` and ``model_share_histogram`` are the winner's-share histograms the fit
    compares.
    """

    statistic: float
    alarm: bool
    n_stations: int
    f_incremental: float
    f_extreme: float
    sd_incremental: float
    sd_extreme: float
    fits: list[tuple[float, float]]
    """(f_i, f_e) of every repetition of the fit."""
    turnout_peak: float
    turnout_sd: float
    share_peak: float
    share_sd: float
    share_mode: float
    theta: float
    """The spread of the incremental-fraud fraction x ~ |N(0, theta)|."""
    histogram: list[list[int]]
    model_histogram: list[list[float]]
    share_histogram: list[int]
    model_share_histogram: list[float]
    excluded: dict[str, int]
    region_excluded: dict[str, dict[str, int]]
    recipe: dict[str, object]
    descriptive: str = (
        "Descriptive: the paper fits the fractions and gives no test of zero fraud, so this "
        "fit raises no alarm; the regional variant carries the calibrated test."
    )

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


def _bin(x: FloatArray) -> IntArray:
    """The 1-point bin (0 … 100) whose whole percentage is nearest to ``x`` (a share of no
    votes, NaN, falls in bin 0)."""
    y = np.nan_to_num(np.asarray(x, dtype=np.float64), nan=0.0)
    return np.asarray(np.clip(np.floor(y * 100 + 0.5), 0, BINS - 1), dtype=np.int64)


def _normal_in(
    rng: np.random.Generator, mean: float, sd: float, size: int, lo: float, hi: float
) -> FloatArray:
    """N(mean, sd) redrawn until every value lies in [lo, hi] (the paper's truncation)."""
    out = rng.normal(mean, sd, size)
    bad = (out < lo) | (out > hi)
    while bad.any():
        out[bad] = rng.normal(mean, sd, int(bad.sum()))
        bad = (out < lo) | (out > hi)
    return out


def _fraction(rng: np.random.Generator, size: int, sd: float, extreme: bool) -> FloatArray:
    """x ~ |N(0, sd)| (incremental) or 1 - |N(0, 0.075)| (extreme), redrawn into (0, 1)."""
    out = np.empty(size)
    todo = np.ones(size, dtype=bool)
    while todo.any():
        draw = np.abs(rng.normal(0.0, _EXT_SD if extreme else sd, int(todo.sum())))
        out[todo] = 1.0 - draw if extreme else draw
        todo = (out <= 0.0) | (out >= 1.0)
    return out


@dataclass(frozen=True)
class _Draw:
    """One simulated election: every unit's share and turnout bin, clean and with either fraud,
    and the grid segment its fraud lottery falls in."""

    segment: IntArray
    share: tuple[IntArray, IntArray, IntArray]
    turnout: tuple[IntArray, IntArray, IntArray]


def _simulate(
    rng: np.random.Generator,
    registered: IntArray,
    turnout: tuple[float, float],
    share: tuple[float, float],
    theta: float,
) -> _Draw:
    n = len(registered)
    a = _normal_in(rng, turnout[0], turnout[1], n, 0.0, 1.0)
    lead = rng.normal(share[0], share[1], n)
    rest = rng.normal(1.0 - share[0], share[1], n)
    bad = np.ones(n, dtype=bool)
    while bad.any():
        k = int(bad.sum())
        lead[bad], rest[bad] = (
            rng.normal(share[0], share[1], k),
            rng.normal(1 - share[0], share[1], k),
        )
        total = lead + rest
        with np.errstate(divide="ignore", invalid="ignore"):
            bad = ~((lead / total >= 0) & (lead / total <= 1) & (rest / total >= 0))
    total = lead + rest
    voters = registered * a
    w0 = np.rint(voters * lead / total)
    o0 = np.rint(voters * rest / total)
    nonvoters = np.maximum(registered - w0 - o0, 0.0)
    shares, turnouts = [_bin(safe_div(w0, w0 + o0))], [_bin(safe_div(w0 + o0, registered))]
    for extreme in (False, True):
        x = _fraction(rng, n, theta, extreme)
        moved = np.rint(x * o0)
        w = w0 + np.floor(x * nonvoters) + moved
        o = o0 - moved
        shares.append(_bin(safe_div(w, w + o)))
        turnouts.append(_bin(safe_div(w + o, registered)))
    segment = np.minimum((rng.random(n) * _STEPS).astype(np.int64), _STEPS - 1)
    return _Draw(
        segment, (shares[0], shares[1], shares[2]), (turnouts[0], turnouts[1], turnouts[2])
    )


def _segment_hists(draw: _Draw) -> FloatArray:
    """Cumulative share histograms over the fraud-lottery segments: ``[k, j, b]`` is the count
    of units in segments below ``j`` whose share falls in bin ``b`` under kind ``k`` (0 clean,
    1 incremental, 2 extreme)."""
    out = np.zeros((3, _STEPS + 1, BINS))
    for k in range(3):
        counts = np.bincount(draw.segment * BINS + draw.share[k], minlength=_STEPS * BINS)
        out[k, 1:] = np.cumsum(counts.reshape(_STEPS, BINS), axis=0)
    return out


def _grid_fit(cum: FloatArray, observed: FloatArray) -> tuple[int, int]:
    """The grid point (i, e) (f_i = i / 200, f_e = e / 200) with the least Klimek distance.

    One f_e at a time: the model histograms of a whole f_i column (201 x 101 bins), not of the
    whole grid at once (that is 10 MB per temporary)."""
    e_max = round(_FE_MAX * _STEPS)
    i = np.arange(_STEPS + 1)
    dist = np.full((_STEPS + 1, e_max + 1), np.inf)
    for e in range(e_max + 1):
        ok = i + e <= _STEPS
        ie = np.minimum(i + e, _STEPS)
        model = cum[1][i] + cum[2][ie] - cum[2][i] + cum[0][_STEPS] - cum[0][ie]
        dist[ok, e] = (((model - observed) / (observed + 1.0)) ** 2).sum(axis=-1)[ok]
    best = np.unravel_index(int(np.argmin(dist)), dist.shape)
    return int(best[0]), int(best[1])


def _model_2d(draw: _Draw, i: int, e: int) -> FloatArray:
    kind = np.where(draw.segment < i, 1, np.where(draw.segment < i + e, 2, 0))
    pick = np.arange(len(kind))
    t = np.stack(draw.turnout)[kind, pick]
    v = np.stack(draw.share)[kind, pick]
    return np.bincount(t * BINS + v, minlength=BINS * BINS).reshape(BINS, BINS).astype(float)


def klimek2012(
    data: ElectionData, *, repeats: int = 10, seed: int | None = None
) -> Klimek2012Result:
    """The fingerprint fit as published by Klimek et al. (2012): see the module's docstring."""
    registered = data.count("registered")
    valid = data.votes.to_numpy(dtype=np.int64).sum(axis=1)
    winner = data.count(data.leader)
    chosen = Selection.apply(
        data,
        [
            ("no registered voters", ~(registered > 0)),
            ("no valid votes", ~(valid > 0)),
            ("no votes for the leader", ~(winner > 0)),
            ("more valid votes than registered", ~(valid <= registered)),
        ],
    )
    keep = chosen.keep
    n = int(keep.sum())
    if n < MIN_STATIONS:
        raise TooFewStations("fingerprint (Klimek et al. 2012)", MIN_STATIONS, n)
    reg = registered[keep]
    a = valid[keep] / reg
    v = winner[keep] / valid[keep]
    a_bin, v_bin = _bin(a), _bin(v)
    h_v = np.bincount(v_bin, minlength=BINS).astype(float)
    # the clean core: the clean peak of the voter-weighted turnout histogram (the rule and the
    # weighting of the excess votes' clean turnout), then the clean peak of the share among the
    # stations at or below it
    p_att = clean_peak(np.bincount(a_bin, weights=reg, minlength=BINS)) / 100
    core = a_bin <= round(100 * p_att)
    lam = clean_peak(np.bincount(v_bin[core], weights=reg[core], minlength=BINS)) / 100
    v_max = float(np.argmax(h_v)) / 100
    below = (v < lam) & (a < p_att)
    sd_a = float(np.sqrt(np.mean((a[below] - p_att) ** 2))) if below.any() else 0.05
    left = v < lam
    sd_v = float(np.sqrt(2 * np.mean((v[left] - lam) ** 2))) if left.any() else 0.05
    above = v > v_max
    theta = float(np.sqrt(np.sqrt(np.mean((v[above] - v_max) ** 2)))) if above.any() else 0.15
    sd_a, sd_v = max(sd_a, 1e-3), max(sd_v, 1e-3)

    rng = np.random.default_rng(seed)
    fits: list[tuple[int, int]] = []
    first: _Draw | None = None
    for _ in range(repeats):
        draw = _simulate(rng, reg, (p_att, sd_a), (lam, sd_v), theta)
        if first is None:
            first = draw
        fits.append(_grid_fit(_segment_hists(draw), h_v))
    grid = np.asarray(fits, dtype=float) / _STEPS
    fi, fe = float(grid[:, 0].mean()), float(grid[:, 1].mean())
    assert first is not None
    i_best, e_best = round(fi * _STEPS), round(fe * _STEPS)
    model = _model_2d(first, i_best, e_best)
    observed = np.bincount(a_bin * BINS + v_bin, minlength=BINS * BINS).reshape(BINS, BINS)
    return Klimek2012Result(
        statistic=fi + fe,
        alarm=False,
        n_stations=n,
        f_incremental=fi,
        f_extreme=fe,
        sd_incremental=float(grid[:, 0].std(ddof=1)) if repeats > 1 else 0.0,
        sd_extreme=float(grid[:, 1].std(ddof=1)) if repeats > 1 else 0.0,
        fits=[(float(x), float(y)) for x, y in grid],
        turnout_peak=p_att,
        turnout_sd=sd_a,
        share_peak=lam,
        share_sd=sd_v,
        share_mode=v_max,
        theta=theta,
        histogram=observed.tolist(),
        model_histogram=model.round(3).tolist(),
        share_histogram=h_v.astype(int).tolist(),
        model_share_histogram=model.sum(axis=0).tolist(),
        excluded=chosen.excluded,
        region_excluded=chosen.region_excluded,
        recipe={
            "method": "fingerprint fit of Klimek, Yegorov, Hanel & Thurner (PNAS 2012)",
            "turnout": "valid votes / registered",
            "leader_share": "leader / valid votes",
            "bins": "1 percentage point, centred on whole percentages",
            "clean_centre": (
                "the clean peak (lowest peak reaching half the highest, smoothed 2 bins) of "
                "the turnout histogram and of the leader's-share histogram"
            ),
            "clean_widths": (
                "turnout: rms distance below the turnout peak among stations below both peaks; "
                "share: sqrt(2) x rms distance below the share peak"
            ),
            "incremental_fraud": "x ~ |N(0, theta)|, theta = sqrt(rms distance above the "
            "share's mode), of the non-voters' ballots and of the other votes",
            "extreme_fraud": f"x = 1 - |N(0, {_EXT_SD})|",
            "fit": (
                "grid f_i, f_e in steps of 0.005 (f_e <= 0.3) minimising "
                "sum ((model - observed) / (observed + 1))^2 over the share histogram; "
                f"{repeats} repetitions with fresh draws, mean and sd"
            ),
            "alarm_if": "never: descriptive",
            "seed": seed,
        },
    )
