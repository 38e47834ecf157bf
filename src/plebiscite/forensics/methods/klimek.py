"""The regional variant of the turnout x leader-share fingerprint (after Klimek, Yegorov, Hanel &
Thurner, PNAS 2012): per-region centres and per-station spreads, with a calibrated test. The
published fit itself is :mod:`.klimek2012`."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods.common import (
    FloatArray,
    IntArray,
    Selection,
    TooFewStations,
    TurnoutBase,
    mc_pvalue,
    mc_zscore,
    region_factor,
    safe_div,
    station_rates,
)

__all__ = ["CleanModel", "FingerprintResult", "fingerprint"]


MIN_STATIONS = 20
"""The fewest usable stations the fit runs on."""

_INC_SD = 0.15
_EXT_SD = 0.075


@dataclass(frozen=True)
class CleanModel:
    """The fitted clean part: per group (region), turnout and leader share ~ independent normals
    around the group's centre ``c``. Each station's spread is its own, the beta-binomial one at
    its size ``n``: ``sqrt(c (1 - c) (icc + (1 - icc) / n))``, with one intra-class correlation
    ``icc`` (overdispersion) per rate. ``turnout_sd`` and ``share_sd`` are the median station
    spreads."""

    turnout_mean: float
    turnout_sd: float
    share_mean: float
    share_sd: float
    groups: int
    turnout_icc: float = 0.0
    share_icc: float = 0.0


_SIZE_CLASSES = 8
_MAD_Z = float(stats.norm.ppf(0.75))
_MIN_SD = 0.005


@dataclass(frozen=True)
class _Design:
    """What the clean model needs beyond the rates: regional groups and station sizes.

    Stations are also pooled into strata (group x size class) for the exact clean histogram;
    a stratum's spread uses the mean of ``1 / n`` over its stations.
    """

    group: IntArray
    n_groups: int
    inv_nt: FloatArray
    inv_nv: FloatArray
    stratum: IntArray
    stratum_group: IntArray
    stratum_inv_nt: FloatArray
    stratum_inv_nv: FloatArray
    stratum_weight: FloatArray
    group_offset: FloatArray
    """2 x the group of each station, as floats (rates plus it sort by group, then rate)."""
    sorted_offset: FloatArray
    """The same, sorted."""
    group_start: IntArray
    """Where each group starts among the stations sorted by group (``n_groups + 1`` bounds)."""
    median_inv_nt: float
    median_inv_nv: float

    @classmethod
    def build(cls, group: IntArray, n_groups: int, n_t: FloatArray, n_v: FloatArray) -> _Design:
        inv_nt, inv_nv = 1.0 / n_t, 1.0 / n_v
        size = np.log(n_t)
        cuts = np.quantile(size, np.linspace(0, 1, _SIZE_CLASSES + 1)[1:-1])
        size_class = np.searchsorted(cuts, size, side="right")
        key = group * _SIZE_CLASSES + size_class
        codes, uniques = pd.factorize(key)
        stratum = np.asarray(codes, dtype=np.int64)
        count = np.bincount(stratum).astype(np.float64)
        return cls(
            group=group,
            n_groups=n_groups,
            inv_nt=inv_nt,
            inv_nv=inv_nv,
            stratum=stratum,
            stratum_group=np.asarray(uniques, dtype=np.int64) // _SIZE_CLASSES,
            stratum_inv_nt=np.bincount(stratum, weights=inv_nt) / count,
            stratum_inv_nv=np.bincount(stratum, weights=inv_nv) / count,
            stratum_weight=count / count.sum(),
            group_offset=np.asarray(2.0 * group, dtype=np.float64),
            sorted_offset=2.0 * np.sort(group).astype(np.float64),
            group_start=np.concatenate(
                [[0], np.cumsum(np.bincount(group, minlength=n_groups))]
            ).astype(np.int64),
            median_inv_nt=_median(inv_nt),
            median_inv_nv=_median(inv_nv),
        )


@dataclass(frozen=True)
class _Fit:
    centre_t: FloatArray
    centre_v: FloatArray
    icc_t: float
    icc_v: float
    sd_t: FloatArray
    """Per-station spread of turnout."""
    sd_v: FloatArray
    design: _Design

    def stratum_sd(self) -> tuple[FloatArray, FloatArray]:
        d = self.design
        ct, cv = self.centre_t[d.stratum_group], self.centre_v[d.stratum_group]
        st = np.sqrt(ct * (1 - ct) * (self.icc_t + (1 - self.icc_t) * d.stratum_inv_nt))
        sv = np.sqrt(cv * (1 - cv) * (self.icc_v + (1 - self.icc_v) * d.stratum_inv_nv))
        return np.maximum(st, _MIN_SD), np.maximum(sv, _MIN_SD)

    def summary(self) -> CleanModel:
        weight = np.bincount(self.design.group, minlength=self.design.n_groups) / len(
            self.design.group
        )
        return CleanModel(
            float(weight @ self.centre_t),
            float(np.median(self.sd_t)),
            float(weight @ self.centre_v),
            float(np.median(self.sd_v)),
            self.design.n_groups,
            self.icc_t,
            self.icc_v,
        )


@dataclass(frozen=True)
class FingerprintResult:
    """Turnout x leader-share fingerprint with fitted fraud fractions (Klimek et al. 2012).

    ``statistic`` is the fitted total fraud fraction ``f_incremental + f_extreme``; ``pvalue`` its
    upper tail among fits to data simulated from the fitted clean model (parametric bootstrap).
    """

    statistic: float
    pvalue: float
    zscore: float
    """The fitted fraction in standard deviations of the null data sets' fits, above their mean."""
    null_runs: int
    alarm: bool
    alpha: float
    n_stations: int
    f_incremental: float
    f_extreme: float
    interval_incremental: tuple[float, float]
    interval_extreme: tuple[float, float]
    confidence: float
    clean: CleanModel
    excluded: dict[str, int]
    """Stations left out of the fit, by reason (the first rule a station fails)."""
    region_excluded: dict[str, dict[str, int]]
    bins: int
    histogram: list[list[int]]
    model_histogram: list[list[float]]
    recipe: dict[str, object]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (histograms as nested lists, rows = turnout bins)."""
        return asdict(self)


def _icc(resid: FloatArray, var: FloatArray, inv_n: FloatArray, median_inv_n: float) -> float:
    """The intra-class correlation solving median(|r| / sd) = 0.6745 (the value for normal
    residuals), sd = sqrt(var (icc + (1 - icc) / n)): a robust fit of the beta-binomial's
    overdispersion that the minority of stations moved by fraud barely moves.

    ``median_inv_n`` is the median of ``inv_n`` (fixed by the design, so computed once)."""
    absr = np.abs(resid)
    var = np.maximum(var, 1e-12)
    scratch = np.empty_like(absr)
    args = (absr, var, inv_n, scratch)
    # a first guess from the MAD and the median sampling variance, then a bracket around it
    guess = float(
        ((_median(absr) / _MAD_Z) ** 2 / _median(var) - median_inv_n) / max(1 - median_inv_n, 1e-9)
    )
    lo, hi = max(guess * 0.8, 0.0), min(max(guess * 1.25, 1e-4), 1.0)
    f_lo, f_hi = _icc_excess(lo, *args), _icc_excess(hi, *args)
    if f_lo < 0:
        lo, hi, f_hi = 0.0, lo, f_lo
        f_lo = _icc_excess(0.0, *args)
        if f_lo <= 0:
            return 0.0
    if f_hi > 0:
        lo, hi = hi, 1.0
        if _icc_excess(1.0, *args) >= 0:
            return 1.0
    # the arrays go to brentq as args, not in a closure: a closure would be kept alive in a
    # reference cycle until the next garbage collection, 4 arrays of every station per call
    return float(optimize.brentq(_icc_excess, lo, hi, args=args, xtol=1e-6, rtol=1e-3))


def _icc_excess(
    icc: float, absr: FloatArray, var: FloatArray, inv_n: FloatArray, scratch: FloatArray
) -> float:
    """median(|r| / sd(icc)) - 0.6745, computed in ``scratch`` (no allocation per call)."""
    np.multiply(1 - icc, inv_n, out=scratch)
    scratch += icc
    scratch *= var
    np.sqrt(scratch, out=scratch)
    np.divide(absr, scratch, out=scratch)
    return _median(scratch, in_place=True) - _MAD_Z


def _median(x: FloatArray, in_place: bool = False) -> float:
    """The median, by one partition (of ``x`` itself when ``in_place``, else of a copy); with
    an even count, the lower middle value is the largest of the lower half."""
    k = len(x) // 2
    part = x if in_place else x.copy()
    part.partition(k)
    if len(x) % 2:
        return float(part[k])
    return float((part[:k].max() + part[k]) / 2)


def _group_medians(x: FloatArray, design: _Design) -> FloatArray:
    """Per-group medians in one sort (groups are 0 .. n_groups - 1, none empty)."""
    # rates lie in [0, 1], so x + 2 * group sorts by group, then by rate, in one float sort
    xs = np.sort(x + design.group_offset) - design.sorted_offset
    start = design.group_start
    size = np.diff(start)
    lo = xs[start[:-1] + (size - 1) // 2]
    hi = xs[start[:-1] + size // 2]
    return np.asarray((lo + hi) / 2, dtype=np.float64)


def _estimate_clean(t: FloatArray, v: FloatArray, design: _Design) -> _Fit:
    """Group centres = medians; each station's spread = sqrt(c (1 - c) (icc + (1 - icc) / n))
    with its own size n (registered for turnout, ballots in boxes for the share) and the
    intra-class correlation fitted robustly (:func:`_icc`)."""
    group = design.group
    ct = _group_medians(t, design)
    cv = _group_medians(v, design)
    var_t = ct[group] * (1 - ct[group])
    var_v = cv[group] * (1 - cv[group])
    icc_t = _icc(t - ct[group], var_t, design.inv_nt, design.median_inv_nt)
    icc_v = _icc(v - cv[group], var_v, design.inv_nv, design.median_inv_nv)
    sd_t = np.maximum(np.sqrt(var_t * (icc_t + (1 - icc_t) * design.inv_nt)), _MIN_SD)
    sd_v = np.maximum(np.sqrt(var_v * (icc_v + (1 - icc_v) * design.inv_nv)), _MIN_SD)
    return _Fit(ct, cv, icc_t, icc_v, sd_t, sd_v, design)


def _beta_binomial_rates(
    rng: np.random.Generator, mean: FloatArray, icc: float, size: IntArray
) -> FloatArray:
    """Clean rates redrawn station by station from the beta-binomial: rate ~ Beta(mean, icc),
    count ~ Binomial(own size, rate); returns count / size."""
    m = np.clip(mean, 1e-6, 1 - 1e-6)
    rate = rng.beta(m * (1 / icc - 1), (1 - m) * (1 / icc - 1)) if 0 < icc < 1 else m
    return np.asarray(rng.binomial(size, rate) / size, dtype=np.float64)


def _bin_index(t: FloatArray, v: FloatArray, bins: int) -> IntArray:
    it = np.clip((t * bins).astype(np.int64), 0, bins - 1)
    iv = np.clip((v * bins).astype(np.int64), 0, bins - 1)
    return np.asarray(it * bins + iv, dtype=np.int64)


def _hist(idx: IntArray, bins: int, weights: FloatArray | None = None) -> FloatArray:
    h = np.bincount(idx, weights=weights, minlength=bins * bins).astype(np.float64)
    total = h.sum()
    return h / total if total > 0 else h


def _clean_hist(fit: _Fit, bins: int) -> FloatArray:
    """Exact histogram of the clipped clean normals (edge bins take the tails), summed over the
    strata (group x size class) with each stratum's own spread."""
    d = fit.design
    sd_t, sd_v = fit.stratum_sd()
    edges = np.linspace(0, 1, bins + 1)
    ct = special.ndtr((edges[None, :] - fit.centre_t[d.stratum_group][:, None]) / sd_t[:, None])
    cv = special.ndtr((edges[None, :] - fit.centre_v[d.stratum_group][:, None]) / sd_v[:, None])
    ct[:, 0], ct[:, -1], cv[:, 0], cv[:, -1] = 0.0, 1.0, 0.0, 1.0
    mass = np.einsum("s,si,sj->ij", d.stratum_weight, np.diff(ct, axis=1), np.diff(cv, axis=1))
    return np.asarray(mass.ravel(), dtype=np.float64)


def _components(fit: _Fit, station: IntArray | None, z: FloatArray, bins: int) -> FloatArray:
    """The clean histogram and the two fraud components: Klimek's transformation of clean
    rates, a fraction x of non-voters and of the other options' votes go to the leader;
    x ~ |N(0, 0.15)| (incremental) or 1 - |N(0, 0.075)| (extreme). ``station`` maps the draws
    ``z`` to stations (``None``: one draw per station, in order)."""
    d = fit.design
    group = d.group if station is None else d.group[station]
    sd_t = fit.sd_t if station is None else fit.sd_t[station]
    sd_v = fit.sd_v if station is None else fit.sd_v[station]
    tau = sd_t * z[0]
    tau += fit.centre_t[group]
    np.clip(tau, 0.0, 1.0, out=tau)
    nu = sd_v * z[1]
    nu += fit.centre_v[group]
    np.clip(nu, 0.0, 1.0, out=nu)
    not_tau = 1.0 - tau
    keep_nu = nu * tau
    abs_z = np.abs(z[2])
    out = [_clean_hist(fit, bins)]
    for extreme in (False, True):
        x = abs_z * (_EXT_SD if extreme else _INC_SD)
        if extreme:
            np.subtract(1.0, x, out=x)
        np.clip(x, 0.0, 1.0, out=x)
        moved = x * not_tau
        tau2 = tau + moved
        lead = keep_nu + moved
        x *= 1.0 - nu
        x *= tau
        lead += x
        share = np.zeros_like(lead)
        np.divide(lead, tau2, out=share, where=tau2 > 0)
        out.append(_hist(_bin_index(tau2, share, bins), bins))
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
    registered, numer, boxes, leader = station_rates(data, turnout)
    t = safe_div(numer, registered)
    v = safe_div(leader, boxes)
    chosen = Selection.apply(
        data,
        [
            (f"under {min_registered} registered", ~(registered >= min_registered)),
            ("no ballots in the boxes", ~(boxes > 0)),
            ("turnout above 100 %", ~(t <= 1.0)),
            ("leader's share above 100 %", ~(v <= 1.0)),
        ],
    )
    keep = chosen.keep
    t_k, v_k = t[keep], v[keep]
    n = int(keep.sum())
    if n < MIN_STATIONS:
        raise TooFewStations("fingerprint", MIN_STATIONS, n)
    if by_region:
        codes = region_factor(data, keep)[0]
        sizes = np.bincount(codes)
        small = sizes[codes] < min_region
        codes = np.where(small, -1, codes)
        group = np.asarray(pd.factorize(codes)[0], dtype=np.int64)
    else:
        group = np.zeros(n, dtype=np.int64)
    n_groups = int(group.max()) + 1
    n_t = registered[keep].astype(np.float64)
    n_v = boxes[keep].astype(np.float64)
    design = _Design.build(group, n_groups, n_t, n_v)
    rng = np.random.default_rng(seed)
    reps = max(1, -(-samples // n))
    z = rng.standard_normal((3, n * reps))
    zstation = np.tile(np.arange(n), reps) if reps > 1 else None
    fit = _estimate_clean(t_k, v_k, design)
    comp = _components(fit, zstation, z, bins)
    idx = _bin_index(t_k, v_k, bins)
    h_obs = _hist(idx, bins)
    fi, fe = _fit_fractions(h_obs, comp)

    null = np.empty(null_runs)
    n_t_int, n_v_int = registered[keep], boxes[keep]
    for r in range(null_runs):
        st = _beta_binomial_rates(rng, fit.centre_t[group], fit.icc_t, n_t_int)
        sv = _beta_binomial_rates(rng, fit.centre_v[group], fit.icc_v, n_v_int)
        fit_r = _estimate_clean(st, sv, design)
        h_r = _hist(_bin_index(st, sv, bins), bins)
        null[r] = sum(_fit_fractions(h_r, _components(fit_r, zstation, z, bins)))
    pvalue = mc_pvalue(null, fi + fe) if null_runs > 0 else float("nan")

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
        zscore=mc_zscore(null, fi + fe),
        null_runs=null_runs,
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
        excluded=chosen.excluded,
        region_excluded=chosen.region_excluded,
        bins=bins,
        histogram=counts.tolist(),
        model_histogram=(model_h.reshape(bins, bins) * n).round(3).tolist(),
        recipe={
            "method": (
                "regional variant of the turnout x leader-share fingerprint (after Klimek, "
                "Yegorov, Hanel & Thurner 2012)"
            ),
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
