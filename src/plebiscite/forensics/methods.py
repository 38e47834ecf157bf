"""The forensic methods: pure functions over :class:`ElectionData` returning result objects.

Each result carries its statistic, the null model it was judged against, a p-value or an
interval, whether it raised an alarm at the chosen level, and the recipe (every parameter used),
in the spirit of ``scipy.stats`` results. Nothing here plots or prints; :mod:`.report` does.

An alarm is a statistical statement about the table, never proof of fraud: each method's
docstring and ``docs/forensics.md`` say what an alarm does and does not mean.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import ndimage, optimize, special, stats

from plebiscite.errors import InputError
from plebiscite.forensics.data import ElectionData

__all__ = [
    "DigitTestResult",
    "ExcessVotesResult",
    "FingerprintResult",
    "ImplausibleResult",
    "IntegerPeaksResult",
    "RegionRanking",
    "TurnoutBase",
    "excess_votes",
    "fingerprint",
    "impossible_values",
    "integer_peaks",
    "last_digit_test",
    "region_ranking",
    "second_digit_test",
]

TurnoutBase = Literal["issued", "boxes"]
"""Turnout's numerator: ballots issued to voters, or ballots found in the boxes."""

Progress = Callable[[int], None]
"""Called with the number of Monte-Carlo replicates just finished."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _rates(
    data: ElectionData, turnout: TurnoutBase
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    if turnout not in ("issued", "boxes"):
        raise InputError(f"turnout must be 'issued' or 'boxes', not {turnout!r}")
    return (
        data.count("registered"),
        data.count(turnout),
        data.count("boxes"),
        data.count(data.leader),
    )


def _safe_div(num: npt.ArrayLike, den: npt.ArrayLike) -> FloatArray:
    n = np.asarray(num, dtype=np.float64)
    d = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(n, d).shape, np.nan)
    np.divide(n, d, out=out, where=d > 0)
    return out


def _mc_pvalue(null: FloatArray, observed: float) -> float:
    """Upper-tail Monte-Carlo p-value, (1 + #{null >= observed}) / (runs + 1)."""
    return float((1 + np.count_nonzero(null >= observed - 1e-12)) / (len(null) + 1))


# ------------------------------------------------------------------------ 1. integer peaks


@dataclass(frozen=True)
class IntegerPeaksResult:
    """Excess of stations whose turnout or leader share is an integer percentage.

    ``statistic`` is the anomaly of the "either" count: observed minus the mean of the binomial
    replicates; ``pvalue`` the share of replicates with at least as many (upper tail).
    """

    statistic: float
    pvalue: float
    alarm: bool
    alpha: float
    n_stations: int
    observed: dict[str, int]
    expected: dict[str, float]
    sd: dict[str, float]
    anomaly: dict[str, float]
    expected_exact: dict[str, float]
    """The replicates' expectation computed exactly from binomial probabilities (no noise)."""
    sd_exact: dict[str, float]
    region_anomaly: dict[str, float]
    region_stations: dict[str, int]
    null_either: list[int]
    recipe: dict[str, object]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (the replicate counts included)."""
        return asdict(self)


def _p_integer(n: IntArray, p: FloatArray, threshold: float) -> FloatArray:
    """P(100 * Binomial(n, p) / n is within ``threshold`` of a whole number), per station.

    Sums, over the whole percentages within 8 standard deviations of ``p``, the binomial mass
    of the counts that round to them (one flat vectorised pass over station x percentage).
    """
    nf = n.astype(np.float64)
    reach = 100 * (8 * np.sqrt(p * (1 - p) / nf) + 1 / nf) + 1
    j_lo = np.clip(np.floor(100 * p - reach), 0, 100).astype(np.int64)
    j_hi = np.clip(np.ceil(100 * p + reach), 0, 100).astype(np.int64)
    width = j_hi - j_lo + 1
    station = np.repeat(np.arange(len(n)), width)
    j = (
        np.arange(width.sum()) - np.repeat(np.cumsum(width) - width, width) + j_lo[station]
    ).astype(np.float64)
    ns, ps = nf[station], p[station]
    lo = np.ceil(ns * (j - threshold) / 100)
    hi = np.floor(ns * (j + threshold) / 100)
    lo = np.where(np.abs(100 * lo / ns - j) >= threshold, lo + 1, lo)
    hi = np.where(np.abs(100 * hi / ns - j) >= threshold, hi - 1, hi)
    hit = (hi >= lo) & (hi >= 0) & (lo <= ns)
    station, ns, ps, lo, hi = station[hit], ns[hit], ps[hit], lo[hit], hi[hit]
    upper = special.bdtr(np.minimum(hi, ns).astype(np.int64), ns.astype(np.int64), ps)
    lower = np.where(
        lo >= 1, special.bdtr(np.maximum(lo - 1, 0).astype(np.int64), ns.astype(np.int64), ps), 0.0
    )
    total = np.bincount(station, weights=upper - lower, minlength=len(n))
    return np.asarray(np.clip(total, 0.0, 1.0), dtype=np.float64)


def _is_integer_pct(x: FloatArray, threshold: float) -> npt.NDArray[np.bool_]:
    y = 100.0 * x
    return np.asarray(np.abs(y - np.rint(y)) < threshold)


_CHUNK = 25
_PEAKS_STATE: dict[str, object] = {}


def _peaks_init(
    n_reg: IntArray,
    t_k: FloatArray,
    n_box: IntArray,
    s_k: FloatArray,
    codes: IntArray,
    n_regions: int,
    threshold: float,
) -> None:
    _PEAKS_STATE.update(
        n_reg=n_reg,
        t_k=t_k,
        n_box=n_box,
        s_k=s_k,
        codes=codes,
        n_regions=n_regions,
        threshold=threshold,
    )


def _peaks_chunk(task: tuple[np.random.SeedSequence, int]) -> tuple[IntArray, FloatArray]:
    """One chunk of binomial replicates: counts (leader, turnout, either) and per-region sums."""
    seq, size = task
    st = _PEAKS_STATE
    n_reg, t_k = st["n_reg"], st["t_k"]
    n_box, s_k = st["n_box"], st["s_k"]
    codes, n_regions = st["codes"], st["n_regions"]
    threshold = st["threshold"]
    assert isinstance(n_reg, np.ndarray) and isinstance(t_k, np.ndarray)
    assert isinstance(n_box, np.ndarray) and isinstance(s_k, np.ndarray)
    assert isinstance(codes, np.ndarray) and isinstance(n_regions, int)
    assert isinstance(threshold, float)
    rng = np.random.default_rng(seq)
    out = np.zeros((size, 3), dtype=np.int64)
    region_sum = np.zeros(n_regions)
    for r in range(size):
        sim_t = _is_integer_pct(rng.binomial(n_reg, t_k) / n_reg, threshold)
        sim_s = _is_integer_pct(rng.binomial(n_box, s_k) / n_box, threshold)
        sim_e = sim_t | sim_s
        out[r] = (sim_s.sum(), sim_t.sum(), sim_e.sum())
        region_sum += np.bincount(codes, weights=sim_e, minlength=n_regions)
    return out, region_sum


def integer_peaks(
    data: ElectionData,
    *,
    runs: int = 1000,
    seed: int | None = None,
    turnout: TurnoutBase = "issued",
    threshold: float = 0.05,
    min_registered: int = 100,
    max_rate: float = 0.99,
    alpha: float = 0.01,
    workers: int = 1,
    progress: Progress | None = None,
) -> IntegerPeaksResult:
    """Integer-percentage peaks (Kobak, Shpilkin & Pshenichnikov, Ann. Appl. Stat. 2016).

    Stations with ``registered >= min_registered``, ballots in boxes > 0, turnout and leader
    share both ``<= max_rate``. Turnout = ``turnout`` count / registered; leader share = leader /
    ballots in boxes. A percentage is integer when ``|100 x - round(100 x)| < threshold``.
    Null model: ``runs`` replicates redraw every station from its own rates, the turnout count
    ~ Binomial(registered, turnout) and the leader's count ~ Binomial(ballots in boxes, share)
    (the observed ballot count, not the redrawn one). Anomaly = observed - replicate mean. The
    replicates' expectation is also computed exactly (``expected_exact``), free of Monte-Carlo
    noise.
    Replicates run in chunks of 25 with seeds spawned from ``seed``, so ``workers`` processes
    give the same numbers as one.

    An alarm means more integer percentages than binomial noise produces at these stations'
    own rates: the signature of numbers written to hit round targets. It does not locate the
    stations, measure the votes involved, or exclude a benign rounding habit in the reporting.
    """
    if runs < 1:
        raise InputError(f"runs must be at least 1, got {runs}")
    registered, numer, boxes, leader = _rates(data, turnout)
    t = _safe_div(numer, registered)
    s = _safe_div(leader, boxes)
    keep = (registered >= min_registered) & (boxes > 0) & (t <= max_rate) & (s <= max_rate)
    keep &= np.isfinite(t) & np.isfinite(s)
    n_reg = registered[keep]
    n_box = boxes[keep]
    t_k = t[keep]
    s_k = s[keep]
    codes, uniques = pd.factorize(data.stations["region"].to_numpy()[keep])
    n_regions = len(uniques)

    obs_t = _is_integer_pct(t_k, threshold)
    obs_s = _is_integer_pct(s_k, threshold)
    obs_e = obs_t | obs_s
    observed = {
        "leader": int(obs_s.sum()),
        "turnout": int(obs_t.sum()),
        "either": int(obs_e.sum()),
    }
    seeds = np.random.SeedSequence(seed).spawn(-(-runs // _CHUNK))
    tasks = [(sq, min(_CHUNK, runs - i * _CHUNK)) for i, sq in enumerate(seeds)]
    arrays = (n_reg, t_k, n_box, s_k, codes.astype(np.int64), n_regions, threshold)
    sims_parts: list[IntArray] = []
    region_sum = np.zeros(n_regions)
    if workers > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_peaks_init, initargs=arrays
        ) as pool:
            for part, reg_part in pool.map(_peaks_chunk, tasks):
                sims_parts.append(part)
                region_sum += reg_part
                if progress is not None:
                    progress(len(part))
    else:
        _peaks_init(*arrays)
        for task in tasks:
            part, reg_part = _peaks_chunk(task)
            sims_parts.append(part)
            region_sum += reg_part
            if progress is not None:
                progress(len(part))
    sims = np.concatenate(sims_parts)
    keys = ("leader", "turnout", "either")
    p_t = _p_integer(n_reg, t_k, threshold)
    p_s = _p_integer(n_box, s_k, threshold)
    p_e = 1.0 - (1.0 - p_t) * (1.0 - p_s)
    expected_exact = {k: float(q.sum()) for k, q in zip(keys, (p_s, p_t, p_e), strict=True)}
    sd_exact = {
        k: float(np.sqrt((q * (1 - q)).sum())) for k, q in zip(keys, (p_s, p_t, p_e), strict=True)
    }
    expected = {k: float(sims[:, i].mean()) for i, k in enumerate(keys)}
    sd = {k: float(sims[:, i].std(ddof=1)) if runs > 1 else 0.0 for i, k in enumerate(keys)}
    anomaly = {k: observed[k] - expected[k] for k in keys}
    obs_region = np.bincount(codes, weights=obs_e, minlength=n_regions)
    region_anomaly = {
        str(u): float(obs_region[i] - region_sum[i] / runs) for i, u in enumerate(uniques)
    }
    region_stations = {
        str(u): int(c)
        for u, c in zip(uniques, np.bincount(codes, minlength=n_regions), strict=True)
    }
    pvalue = _mc_pvalue(sims[:, 2].astype(np.float64), float(observed["either"]))
    return IntegerPeaksResult(
        statistic=anomaly["either"],
        pvalue=pvalue,
        alarm=pvalue < alpha,
        alpha=alpha,
        n_stations=int(keep.sum()),
        observed=observed,
        expected=expected,
        sd=sd,
        anomaly=anomaly,
        expected_exact=expected_exact,
        sd_exact=sd_exact,
        region_anomaly=region_anomaly,
        region_stations=region_stations,
        null_either=[int(v) for v in sims[:, 2]],
        recipe={
            "method": "integer-percentage peaks (Kobak, Shpilkin & Pshenichnikov 2016)",
            "turnout": f"{turnout} / registered",
            "leader_share": "leader / ballots in boxes",
            "selection": (
                f"registered >= {min_registered}, ballots in boxes > 0, "
                f"turnout <= {max_rate}, leader share <= {max_rate}"
            ),
            "integer_if": f"|100 x - round(100 x)| < {threshold}",
            "null_model": (
                "per station: turnout count ~ Binomial(registered, turnout), leader ~ "
                "Binomial(ballots in boxes, leader share); counts of integer percentages "
                "over all replicates"
            ),
            "runs": runs,
            "seed": seed,
            "pvalue": "(1 + #{replicates with either >= observed}) / (runs + 1)",
            "expected_exact": (
                "sum over stations of the exact binomial probability of an integer percentage "
                "(turnout and share independent), the limit of the replicate mean"
            ),
            "alarm_if": f"p < {alpha}",
        },
    )


# ------------------------------------------------------------------- 2. Klimek fingerprint

_INC_SD = 0.15
_EXT_SD = 0.075


@dataclass(frozen=True)
class CleanModel:
    """The fitted clean part: per group (region), turnout and leader share ~ independent normals
    around the group's centre, with spreads common to all groups."""

    turnout_mean: float
    turnout_sd: float
    share_mean: float
    share_sd: float
    groups: int


@dataclass(frozen=True)
class _Fit:
    centre_t: FloatArray
    centre_v: FloatArray
    sd_t: float
    sd_v: float
    weight: FloatArray

    def summary(self) -> CleanModel:
        return CleanModel(
            float(self.weight @ self.centre_t),
            self.sd_t,
            float(self.weight @ self.centre_v),
            self.sd_v,
            len(self.weight),
        )


@dataclass(frozen=True)
class FingerprintResult:
    """Turnout x leader-share fingerprint with fitted fraud fractions (Klimek et al. 2012).

    ``statistic`` is the fitted total fraud fraction ``f_incremental + f_extreme``; ``pvalue`` its
    upper tail among fits to data simulated from the fitted clean model (parametric bootstrap).
    """

    statistic: float
    pvalue: float
    alarm: bool
    alpha: float
    n_stations: int
    f_incremental: float
    f_extreme: float
    interval_incremental: tuple[float, float]
    interval_extreme: tuple[float, float]
    confidence: float
    clean: CleanModel
    bins: int
    histogram: list[list[int]]
    model_histogram: list[list[float]]
    recipe: dict[str, object]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (histograms as nested lists, rows = turnout bins)."""
        return asdict(self)


def _estimate_clean(t: FloatArray, v: FloatArray, group: IntArray, n_groups: int) -> _Fit:
    """Group centres = medians; spreads = 1.4826 x the median absolute residual (robust to the
    minority of stations that fraud moves up and right)."""
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(n_groups + 1))
    ct = np.empty(n_groups)
    cv = np.empty(n_groups)
    for g in range(n_groups):
        sel = order[bounds[g] : bounds[g + 1]]
        ct[g] = np.median(t[sel])
        cv[g] = np.median(v[sel])
    dt = t - ct[group]
    dv = v - cv[group]
    sd_t = float(1.4826 * np.median(np.abs(dt)))
    sd_v = float(1.4826 * np.median(np.abs(dv)))
    weight = np.bincount(group, minlength=n_groups) / len(group)
    return _Fit(ct, cv, max(sd_t, 0.005), max(sd_v, 0.005), weight)


def _bin_index(t: FloatArray, v: FloatArray, bins: int) -> IntArray:
    it = np.clip((t * bins).astype(np.int64), 0, bins - 1)
    iv = np.clip((v * bins).astype(np.int64), 0, bins - 1)
    return np.asarray(it * bins + iv, dtype=np.int64)


def _hist(idx: IntArray, bins: int, weights: FloatArray | None = None) -> FloatArray:
    h = np.bincount(idx, weights=weights, minlength=bins * bins).astype(np.float64)
    total = h.sum()
    return h / total if total > 0 else h


def _clean_hist(fit: _Fit, bins: int) -> FloatArray:
    """Exact histogram of the clipped clean normals (edge bins take the tails)."""
    edges = np.linspace(0, 1, bins + 1)
    ct = stats.norm.cdf(edges[None, :], fit.centre_t[:, None], fit.sd_t)
    cv = stats.norm.cdf(edges[None, :], fit.centre_v[:, None], fit.sd_v)
    ct[:, 0], ct[:, -1], cv[:, 0], cv[:, -1] = 0.0, 1.0, 0.0, 1.0
    mass = np.einsum("g,gi,gj->ij", fit.weight, np.diff(ct, axis=1), np.diff(cv, axis=1))
    return np.asarray(mass.ravel(), dtype=np.float64)


def _fraud_rates(
    fit: _Fit, group: IntArray, z: FloatArray, extreme: bool
) -> tuple[FloatArray, FloatArray]:
    """Klimek's transformation of clean rates: a fraction x of non-voters and of the other
    options' votes go to the leader; x ~ |N(0, 0.15)| (incremental) or 1 - |N(0, 0.075)|."""
    tau = np.clip(fit.centre_t[group] + fit.sd_t * z[0], 0.0, 1.0)
    nu = np.clip(fit.centre_v[group] + fit.sd_v * z[1], 0.0, 1.0)
    x = np.abs(z[2]) * (_EXT_SD if extreme else _INC_SD)
    x = np.clip(1.0 - x if extreme else x, 0.0, 1.0)
    tau2 = tau + x * (1.0 - tau)
    lead = nu * tau + x * (1.0 - tau) + x * (1.0 - nu) * tau
    return tau2, np.nan_to_num(_safe_div(lead, tau2))


def _components(fit: _Fit, group: IntArray, z: FloatArray, bins: int) -> FloatArray:
    out = [_clean_hist(fit, bins)]
    for extreme in (False, True):
        ft, fv = _fraud_rates(fit, group, z, extreme)
        out.append(_hist(_bin_index(ft, fv, bins), bins))
    return np.stack(out, axis=1)


def _fit_fractions(h_obs: FloatArray, comp: FloatArray) -> tuple[float, float]:
    design = comp[:, 1:] - comp[:, [0]]
    coef, _ = optimize.nnls(design, h_obs - comp[:, 0])
    fi, fe = float(coef[0]), float(coef[1])
    total = fi + fe
    if total > 1.0:
        fi, fe = fi / total, fe / total
    return fi, fe


def fingerprint(
    data: ElectionData,
    *,
    turnout: TurnoutBase = "issued",
    bins: int = 25,
    min_registered: int = 100,
    by_region: bool = True,
    min_region: int = 20,
    null_runs: int = 200,
    boot_runs: int = 200,
    samples: int = 20_000,
    confidence: float = 0.95,
    alpha: float = 0.01,
    seed: int | None = None,
) -> FingerprintResult:
    """Turnout x leader-share fingerprint and fraud fractions (Klimek, Yegorov, Hanel & Thurner).

    The clean model: at each station, turnout and leader share are independent normals around
    its region's centre (the regional medians; regions with fewer than ``min_region`` stations
    share one centre; ``by_region=False`` gives the paper's single centre), with spreads common
    to all regions, estimated robustly (1.4826 x the median absolute deviation from the
    centres). Incremental fraud moves a fraction ``x ~ |N(0, 0.15)|`` of the non-voters and
    of the other options' votes to the leader; extreme fraud does the same with
    ``x ~ 1 - |N(0, 0.075)|``. The fractions ``f_i``, ``f_e`` minimise the squared distance
    between the observed ``bins x bins`` histogram and the mixture
    ``(1 - f_i - f_e) clean + f_i incremental + f_e extreme`` (non-negative least squares).

    Intervals: station bootstrap (Poisson weights) of the fit with the components held fixed.
    Test: the fitted ``f_i + f_e`` against its distribution in ``null_runs`` data sets simulated
    from the fitted clean model and refitted from scratch. An alarm means the table departs
    from the clean model toward (100 %, 100 %) more than such data do. Honest data whose
    high-turnout stations also favour the leader within a region raise it too.
    """
    registered, numer, boxes, leader = _rates(data, turnout)
    t = _safe_div(numer, registered)
    v = _safe_div(leader, boxes)
    keep = (registered >= min_registered) & (boxes > 0) & np.isfinite(t) & np.isfinite(v)
    keep &= (t <= 1.0) & (v <= 1.0)
    t_k, v_k = t[keep], v[keep]
    n = int(keep.sum())
    if n < 20:
        raise InputError(f"fingerprint needs at least 20 usable stations, found {n}")
    if by_region:
        codes, _ = pd.factorize(data.stations["region"].to_numpy()[keep])
        sizes = np.bincount(codes)
        small = sizes[codes] < min_region
        codes = np.where(small, -1, codes)
        group = np.asarray(pd.factorize(codes)[0], dtype=np.int64)
    else:
        group = np.zeros(n, dtype=np.int64)
    n_groups = int(group.max()) + 1
    rng = np.random.default_rng(seed)
    reps = max(1, -(-samples // n))
    z = rng.standard_normal((3, n * reps))
    zgroup = np.tile(group, reps)
    fit = _estimate_clean(t_k, v_k, group, n_groups)
    comp = _components(fit, zgroup, z, bins)
    idx = _bin_index(t_k, v_k, bins)
    h_obs = _hist(idx, bins)
    fi, fe = _fit_fractions(h_obs, comp)

    null = np.empty(null_runs)
    for r in range(null_runs):
        st = np.clip(fit.centre_t[group] + fit.sd_t * rng.standard_normal(n), 0, 1)
        sv = np.clip(fit.centre_v[group] + fit.sd_v * rng.standard_normal(n), 0, 1)
        fit_r = _estimate_clean(st, sv, group, n_groups)
        h_r = _hist(_bin_index(st, sv, bins), bins)
        null[r] = sum(_fit_fractions(h_r, _components(fit_r, zgroup, z, bins)))
    pvalue = _mc_pvalue(null, fi + fe) if null_runs > 0 else float("nan")

    boot = np.empty((boot_runs, 2))
    for r in range(boot_runs):
        w = rng.poisson(1.0, n).astype(np.float64)
        boot[r] = _fit_fractions(_hist(idx, bins, w), comp)
    lo_q, hi_q = (1 - confidence) / 2, 1 - (1 - confidence) / 2
    if boot_runs > 0:
        iv_i = (float(np.quantile(boot[:, 0], lo_q)), float(np.quantile(boot[:, 0], hi_q)))
        iv_e = (float(np.quantile(boot[:, 1], lo_q)), float(np.quantile(boot[:, 1], hi_q)))
    else:
        iv_i = iv_e = (float("nan"), float("nan"))
    model_h = (1 - fi - fe) * comp[:, 0] + fi * comp[:, 1] + fe * comp[:, 2]
    counts = np.bincount(idx, minlength=bins * bins).reshape(bins, bins)
    return FingerprintResult(
        statistic=fi + fe,
        pvalue=pvalue,
        alarm=bool(pvalue < alpha),
        alpha=alpha,
        n_stations=n,
        f_incremental=fi,
        f_extreme=fe,
        interval_incremental=iv_i,
        interval_extreme=iv_e,
        confidence=confidence,
        clean=fit.summary(),
        bins=bins,
        histogram=counts.tolist(),
        model_histogram=(model_h.reshape(bins, bins) * n).round(3).tolist(),
        recipe={
            "method": "turnout x leader-share fingerprint (Klimek, Yegorov, Hanel & Thurner 2012)",
            "turnout": f"{turnout} / registered",
            "leader_share": "leader / ballots in boxes",
            "selection": f"registered >= {min_registered}, ballots in boxes > 0, rates <= 1",
            "clean_model": (
                "independent normals around each region's medians"
                if by_region
                else "independent normals around the overall medians"
            )
            + f" (regions under {min_region} stations pooled); spreads = 1.4826 x median "
            "absolute deviation",
            "incremental_fraud": f"x ~ |N(0, {_INC_SD})| of non-voters and of others' votes",
            "extreme_fraud": f"x ~ 1 - |N(0, {_EXT_SD})|",
            "fit": f"non-negative least squares on a {bins}x{bins} histogram over [0, 1]^2",
            "interval": f"{confidence:.0%} station bootstrap (Poisson weights), {boot_runs} runs",
            "null_model": f"{null_runs} data sets from the fitted clean model, refitted",
            "alarm_if": f"p < {alpha}",
            "seed": seed,
        },
    )


# ------------------------------------------------------------------- 3. excess votes


@dataclass(frozen=True)
class ExcessVotesResult:
    """Votes for the leader above the share seen in the low-turnout clean bulk (an estimate).

    ``statistic`` is the estimated excess in votes; ``interval`` its station-bootstrap interval.
    """

    statistic: float
    interval: tuple[float, float]
    lower_bound: float
    alarm: bool
    alpha: float
    n_stations: int
    turnout_mode: float
    clean_share: float
    official_share: float
    corrected_share: float
    excess_share_of_leader: float
    region_excess: dict[str, float]
    turnout_hist: dict[str, list[float]]
    recipe: dict[str, object]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


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
    registered, numer, boxes, leader = _rates(data, turnout)
    valid = data.votes.to_numpy(dtype=np.int64).sum(axis=1)
    others = valid - leader
    t = _safe_div(numer, registered)
    keep = (registered > 0) & (boxes > 0) & np.isfinite(t) & (t <= 1.0)
    n = int(keep.sum())
    if n < 10:
        raise InputError(f"excess votes needs at least 10 usable stations, found {n}")
    t_k = t[keep]
    lead_k = leader[keep].astype(np.float64)
    oth_k = others[keep].astype(np.float64)
    reg_k = registered[keep].astype(np.float64)
    hist, edges = np.histogram(t_k, bins=100, range=(0, 1), weights=reg_k)
    smooth = ndimage.gaussian_filter1d(hist.astype(np.float64), 2.0, mode="constant")
    tall = smooth >= 0.5 * smooth.max()
    local = np.r_[
        smooth[0] >= smooth[1],
        (smooth[1:-1] >= smooth[:-2]) & (smooth[1:-1] > smooth[2:]),
        smooth[-1] > smooth[-2],
    ]
    mode_bin = (
        int(np.flatnonzero(tall & local)[0]) if np.any(tall & local) else int(np.argmax(smooth))
    )
    t_star = float(edges[mode_bin + 1])
    low = t_k <= t_star
    high = ~low

    def estimate(w: FloatArray) -> FloatArray:
        # w: (runs, n) weights -> excess per run
        k = (w[:, low] @ lead_k[low]) / np.maximum(w[:, low] @ oth_k[low], 1e-9)
        return np.asarray(w[:, high] @ lead_k[high] - k * (w[:, high] @ oth_k[high]))

    point = float(estimate(np.ones((1, n)))[0])
    rng = np.random.default_rng(seed)
    regions = data.stations["region"].to_numpy()[keep]
    codes, uniques = pd.factorize(regions)
    by_region = len(uniques) >= min_regions
    units = len(uniques) if by_region else n
    boots: list[FloatArray] = []
    chunk = max(1, min(boot_runs, 2_000_000 // max(n, 1)))
    done = 0
    while done < boot_runs:
        size = min(chunk, boot_runs - done)
        w = rng.poisson(1.0, (size, units)).astype(np.float64)
        boots.append(estimate(w[:, codes] if by_region else w))
        done += size
    boot = np.concatenate(boots) if boots else np.array([point])
    lo_q, hi_q = (1 - confidence) / 2, 1 - (1 - confidence) / 2
    interval = (float(np.quantile(boot, lo_q)), float(np.quantile(boot, hi_q)))
    lower = float(np.quantile(boot, alpha))
    k_all = lead_k[low].sum() / max(oth_k[low].sum(), 1e-9)
    total_lead, total_valid = float(lead_k.sum()), float(lead_k.sum() + oth_k.sum())
    exc = np.where(high, lead_k - k_all * oth_k, 0.0)
    region_excess = {str(k): float(v) for k, v in pd.Series(exc).groupby(regions).sum().items()}
    return ExcessVotesResult(
        statistic=point,
        interval=interval,
        lower_bound=lower,
        alarm=lower > 0,
        alpha=alpha,
        n_stations=n,
        turnout_mode=t_star,
        clean_share=float(k_all / (1 + k_all)),
        official_share=total_lead / total_valid if total_valid else float("nan"),
        corrected_share=(total_lead - point) / (total_valid - point)
        if total_valid - point > 0
        else float("nan"),
        excess_share_of_leader=point / total_lead if total_lead else float("nan"),
        region_excess=region_excess,
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
                "turnout <= the lowest peak (at least half the highest) of the voter-weighted, "
                "smoothed 1 % turnout histogram"
            ),
            "clean_ratio": "sum(leader) / sum(other valid votes) over the clean bulk",
            "excess": "sum over stations above the mode of leader - ratio * other valid votes",
            "interval": f"{confidence:.0%} bootstrap over "
            + ("regions" if by_region else "stations")
            + f" (Poisson weights), {boot_runs} runs",
            "alarm_if": f"bootstrap {alpha:.0%} quantile > 0",
            "seed": seed,
        },
    )


# -------------------------------------------------------------------------- 4. digit tests

_BENFORD2 = np.array([sum(np.log10(1 + 1 / (10 * k + d)) for k in range(1, 10)) for d in range(10)])


@dataclass(frozen=True)
class DigitTestResult:
    """A chi-square test of digit frequencies against their expected distribution."""

    statistic: float
    pvalue: float
    alarm: bool
    alpha: float
    df: int
    n_counts: int
    observed: list[int]
    expected: list[float]
    mean_digit: float
    expected_mean: float
    recipe: dict[str, object]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


def _option_counts(data: ElectionData, min_count: int) -> IntArray:
    values = data.votes.to_numpy(dtype=np.int64).ravel()
    return np.asarray(values[values >= min_count], dtype=np.int64)


def _chi2_digits(
    digits: IntArray, probs: FloatArray, alpha: float, recipe: dict[str, object]
) -> DigitTestResult:
    observed = np.bincount(digits, minlength=10)
    n = int(observed.sum())
    if n < 50:
        raise InputError(f"digit test needs at least 50 counts, found {n}")
    expected = probs * n
    chi2, p = stats.chisquare(observed, expected)
    return DigitTestResult(
        statistic=float(chi2),
        pvalue=float(p),
        alarm=bool(p < alpha),
        alpha=alpha,
        df=9,
        n_counts=n,
        observed=observed.tolist(),
        expected=expected.tolist(),
        mean_digit=float(digits.mean()),
        expected_mean=float((np.arange(10) * probs).sum()),
        recipe=recipe,
    )


def last_digit_test(
    data: ElectionData, *, min_count: int = 50, alpha: float = 0.01
) -> DigitTestResult:
    """Last digits of every option's count at every station vs uniform (Beber & Scacco 2012).

    Counts below ``min_count`` are left out: small counts have non-uniform last digits. An alarm
    means the last digits are further from uniform than chance allows: a trace of invented
    numbers. Rounded or otherwise edited tables, and many very small counts, raise it too;
    honest fabrication by a careful forger does not.
    """
    counts = _option_counts(data, min_count)
    return _chi2_digits(
        np.asarray(counts % 10, dtype=np.int64),
        np.full(10, 0.1),
        alpha,
        {
            "method": "last digit (Beber & Scacco 2012)",
            "counts": f"every option's votes at every station, counts >= {min_count}",
            "null_model": "uniform over 0-9; Pearson chi-square, 9 degrees of freedom",
            "alarm_if": f"p < {alpha}",
        },
    )


def second_digit_test(
    data: ElectionData, *, min_count: int = 10, alpha: float = 0.01
) -> DigitTestResult:
    """Second digits of option counts vs Benford's second-digit law (Mebane's 2BL test).

    Benford's law has no firm foundation for vote counts: station sizes and shares fix the
    range of counts, and honest data can depart from it (Deckert, Myagkov & Ordeshook 2011).
    An alarm is a prompt to look, never evidence on its own.
    """
    counts = _option_counts(data, max(min_count, 10))
    digits = (counts // 10 ** (np.floor(np.log10(counts)).astype(np.int64) - 1)) % 10
    return _chi2_digits(
        np.asarray(digits, dtype=np.int64),
        _BENFORD2,
        alpha,
        {
            "method": "second-digit Benford (Mebane 2006)",
            "counts": f"every option's votes at every station, counts >= {max(min_count, 10)}",
            "null_model": "Benford's second-digit law; Pearson chi-square, 9 degrees of freedom",
            "alarm_if": f"p < {alpha}",
        },
    )


# ------------------------------------------------------------- 5. impossible values, regions


@dataclass(frozen=True)
class ImplausibleResult:
    """Stations whose protocol numbers cannot (or should not) occur together."""

    counts: dict[str, int]
    examples: dict[str, list[dict[str, object]]]
    duplicate_groups: int
    recipe: dict[str, object]

    @property
    def statistic(self) -> int:
        """Number of stations with at least one impossible value."""
        return self.counts.get("any_impossible", 0)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


def impossible_values(
    data: ElectionData, *, min_duplicate_ballots: int = 50, max_examples: int = 200
) -> ImplausibleResult:
    """Turnout over 100 %, votes over ballots, more ballots in boxes than issued, and stations
    whose whole result row (every count) repeats another station's.

    Impossible values are errors or edits in the table; identical rows of stations with at
    least ``min_duplicate_ballots`` ballots are implausible (copied protocols), though a data
    entry or scraping error can also produce them.
    """
    st = data.stations
    reg, iss, box, inv = (data.count(c) for c in ("registered", "issued", "boxes", "invalid"))
    valid = data.votes.to_numpy(dtype=np.int64).sum(axis=1)
    lead = data.count(data.leader)
    checks: dict[str, tuple[npt.NDArray[np.bool_], str]] = {
        "turnout_over_100": (
            (iss > reg) | (box > reg),
            "ballots issued or in boxes exceed the registered voters",
        ),
        "boxes_over_issued": (box > iss, "more ballots in the boxes than were issued"),
        "votes_over_ballots": (
            (valid + inv > box) | (lead > box),
            "valid plus invalid votes exceed the ballots in the boxes",
        ),
    }
    lines = st["line"].to_numpy(dtype=np.int64)
    region_names = st["region"].astype(str).to_numpy()
    station_names = st["station"].astype(str).to_numpy()

    def where(i: int) -> dict[str, object]:
        return {
            "line": int(lines[i]),
            "region": str(region_names[i]),
            "station": str(station_names[i]),
        }

    counts: dict[str, int] = {}
    examples: dict[str, list[dict[str, object]]] = {}
    any_bad = np.zeros(len(st), dtype=bool)
    for name, (mask, what) in checks.items():
        counts[name] = int(mask.sum())
        examples[name] = [
            where(int(i))
            | {
                "detail": f"{what}: registered {reg[i]}, issued {iss[i]}, boxes {box[i]}, "
                f"valid {valid[i]}, invalid {inv[i]}"
            }
            for i in np.flatnonzero(mask)[:max_examples]
        ]
        if name != "boxes_over_issued":
            any_bad |= mask
    counts["any_impossible"] = int(any_bad.sum())
    key = pd.concat([st[["registered", "issued", "boxes", "invalid"]], data.votes], axis=1)
    big = box >= min_duplicate_ballots
    dup = key.duplicated(keep=False).to_numpy() & big
    groups = key[dup].groupby(list(key.columns), sort=False).ngroup() if dup.any() else None
    counts["identical_rows"] = int(dup.sum())
    examples["identical_rows"] = []
    n_groups = 0
    if groups is not None:
        n_groups = int(groups.nunique())
        rows = np.flatnonzero(dup)
        for gid, i in sorted(zip(groups.to_numpy(), rows, strict=True))[:max_examples]:
            examples["identical_rows"].append(
                where(int(i)) | {"detail": f"group {int(gid) + 1}: same counts as another station"}
            )
    return ImplausibleResult(
        counts=counts,
        examples=examples,
        duplicate_groups=n_groups,
        recipe={
            "turnout_over_100": "issued > registered or ballots in boxes > registered",
            "boxes_over_issued": "ballots in boxes > ballots issued (counted, not 'impossible')",
            "votes_over_ballots": "sum of options + invalid > boxes, or leader > boxes",
            "identical_rows": (
                f"every count equal to another station's, ballots in boxes >= "
                f"{min_duplicate_ballots}"
            ),
        },
    )


@dataclass(frozen=True)
class RegionRanking:
    """Regions ranked by the mean percentile of their anomaly scores (highest first)."""

    table: pd.DataFrame = field(repr=False)
    recipe: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: the recipe and one record per region."""
        records = self.table.reset_index().to_dict(orient="records")
        return {"recipe": self.recipe, "regions": records}


def region_ranking(
    data: ElectionData,
    peaks: IntegerPeaksResult,
    excess: ExcessVotesResult,
    *,
    turnout: TurnoutBase = "issued",
    high_turnout: float = 0.9,
) -> RegionRanking:
    """Per region: stations, turnout, leader share, integer-peak excess per 100 stations, share
    of stations with turnout >= ``high_turnout``, excess votes as a share of the leader's; the
    score is the mean percentile rank of the three anomaly columns.
    """
    st = data.stations
    reg, num, box, lead = _rates(data, turnout)
    frame = pd.DataFrame(
        {
            "region": st["region"].to_numpy(),
            "registered": reg,
            "numer": num,
            "boxes": box,
            "leader": lead,
            "high": _safe_div(num, reg) >= high_turnout,
        }
    )
    g = frame.groupby("region", sort=False)
    table = pd.DataFrame(
        {
            "stations": g.size(),
            "registered": g["registered"].sum(),
            "turnout": g["numer"].sum() / g["registered"].sum().clip(lower=1),
            "leader_share": g["leader"].sum() / g["boxes"].sum().clip(lower=1),
            "high_turnout_share": g["high"].mean(),
        }
    )
    peak_excess = pd.Series(peaks.region_anomaly, dtype=float)
    peak_n = pd.Series(peaks.region_stations, dtype=float)
    table["integer_excess"] = peak_excess.reindex(table.index).fillna(0.0)
    table["integer_excess_per_100"] = (
        100 * table["integer_excess"] / peak_n.reindex(table.index).clip(lower=1)
    ).fillna(0.0)
    region_ex = pd.Series(excess.region_excess, dtype=float).reindex(table.index).fillna(0.0)
    table["excess_votes"] = region_ex
    table["excess_share_of_leader"] = region_ex / g["leader"].sum().clip(lower=1)
    scored = ["integer_excess_per_100", "high_turnout_share", "excess_share_of_leader"]
    table["score"] = table[scored].rank(pct=True).mean(axis=1)
    table = table.sort_values("score", ascending=False)
    table.index.name = "region"
    return RegionRanking(
        table=table,
        recipe={
            "score": f"mean percentile rank of {scored}",
            "high_turnout": f"turnout >= {high_turnout}",
            "integer_excess": "observed minus expected stations with an integer percentage",
            "excess_votes": "leader minus clean ratio x other votes above the turnout mode",
        },
    )
