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
from dataclasses import asdict, dataclass, field, replace
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
    group_sorted: FloatArray
    """The group of each station, sorted (as floats)."""
    group_start: IntArray
    """Where each group starts among the stations sorted by group (``n_groups + 1`` bounds)."""

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
            group_sorted=np.sort(group).astype(np.float64),
            group_start=np.concatenate(
                [[0], np.cumsum(np.bincount(group, minlength=n_groups))]
            ).astype(np.int64),
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


def _icc(resid: FloatArray, var: FloatArray, inv_n: FloatArray) -> float:
    """The intra-class correlation solving median(|r| / sd) = 0.6745 (the value for normal
    residuals), sd = sqrt(var (icc + (1 - icc) / n)): a robust fit of the beta-binomial's
    overdispersion that the minority of stations moved by fraud barely moves."""
    absr = np.abs(resid)
    var = np.maximum(var, 1e-12)

    def excess(icc: float) -> float:
        return _median(absr / np.sqrt(var * (icc + (1 - icc) * inv_n))) - _MAD_Z

    # a first guess from the MAD and the median sampling variance, then a bracket around it
    guess = float(
        ((_median(absr) / _MAD_Z) ** 2 / _median(var) - _median(inv_n))
        / max(1 - _median(inv_n), 1e-9)
    )
    lo, hi = max(guess * 0.8, 0.0), min(max(guess * 1.25, 1e-4), 1.0)
    f_lo, f_hi = excess(lo), excess(hi)
    if f_lo < 0:
        lo, hi, f_hi = 0.0, lo, f_lo
        f_lo = excess(0.0)
        if f_lo <= 0:
            return 0.0
    if f_hi > 0:
        lo, hi = hi, 1.0
        if excess(1.0) >= 0:
            return 1.0
    return float(optimize.brentq(excess, lo, hi, xtol=1e-6, rtol=1e-3))


def _median(x: FloatArray) -> float:
    """The median (one partition, no copies beyond it)."""
    k = len(x) // 2
    part = np.partition(x, (k - 1, k) if len(x) % 2 == 0 else k)
    return float((part[k - 1] + part[k]) / 2 if len(x) % 2 == 0 else part[k])


def _group_medians(x: FloatArray, design: _Design) -> FloatArray:
    """Per-group medians in one sort (groups are 0 .. n_groups - 1, none empty)."""
    # rates lie in [0, 1], so x + 2 * group sorts by group, then by rate, in one float sort
    xs = np.sort(x + 2.0 * design.group) - 2.0 * design.group_sorted
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
    icc_t = _icc(t - ct[group], var_t, design.inv_nt)
    icc_v = _icc(v - cv[group], var_v, design.inv_nv)
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


def _fraud_rates(
    fit: _Fit, station: IntArray, z: FloatArray, extreme: bool
) -> tuple[FloatArray, FloatArray]:
    """Klimek's transformation of clean rates: a fraction x of non-voters and of the other
    options' votes go to the leader; x ~ |N(0, 0.15)| (incremental) or 1 - |N(0, 0.075)|."""
    group = fit.design.group[station]
    tau = np.clip(fit.centre_t[group] + fit.sd_t[station] * z[0], 0.0, 1.0)
    nu = np.clip(fit.centre_v[group] + fit.sd_v[station] * z[1], 0.0, 1.0)
    x = np.abs(z[2]) * (_EXT_SD if extreme else _INC_SD)
    x = np.clip(1.0 - x if extreme else x, 0.0, 1.0)
    tau2 = tau + x * (1.0 - tau)
    lead = nu * tau + x * (1.0 - tau) + x * (1.0 - nu) * tau
    return tau2, np.nan_to_num(_safe_div(lead, tau2))


def _components(fit: _Fit, station: IntArray, z: FloatArray, bins: int) -> FloatArray:
    out = [_clean_hist(fit, bins)]
    for extreme in (False, True):
        ft, fv = _fraud_rates(fit, station, z, extreme)
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
    n_t = registered[keep].astype(np.float64)
    n_v = boxes[keep].astype(np.float64)
    design = _Design.build(group, n_groups, n_t, n_v)
    rng = np.random.default_rng(seed)
    reps = max(1, -(-samples // n))
    z = rng.standard_normal((3, n * reps))
    zstation = np.tile(np.arange(n), reps)
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


def _bulk_mode(hist: npt.ArrayLike) -> int:
    """The bin of the lowest-turnout peak reaching half the highest, on the smoothed histogram."""
    smooth = ndimage.gaussian_filter1d(np.asarray(hist, dtype=np.float64), 2.0, mode="constant")
    tall = smooth >= 0.5 * smooth.max()
    local = np.r_[
        smooth[0] >= smooth[1],
        (smooth[1:-1] >= smooth[:-2]) & (smooth[1:-1] > smooth[2:]),
        smooth[-1] > smooth[-2],
    ]
    peaks = np.flatnonzero(tall & local)
    return int(peaks[0]) if len(peaks) else int(np.argmax(smooth))


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
    mode_bin = _bulk_mode(hist)
    t_star = float(edges[mode_bin + 1])
    low = t_k <= t_star
    high = ~low
    # bin: the histogram bin of each station; step: the first mode bin whose upper edge the
    # station's turnout does not exceed (t <= t* exactly when step <= mode bin)
    bin_k = np.clip(np.searchsorted(edges, t_k, side="right") - 1, 0, 99)
    step_k = np.clip(np.searchsorted(edges[1:], t_k, side="left"), 0, 99)

    def estimate(w: FloatArray) -> float:
        # the whole recipe on weighted stations, the edge t* of the bulk included
        m = _bulk_mode(np.bincount(bin_k, weights=w * reg_k, minlength=100))
        lo = step_k <= m
        k = (w[lo] @ lead_k[lo]) / max(float(w[lo] @ oth_k[lo]), 1e-9)
        return float(w[~lo] @ lead_k[~lo] - k * (w[~lo] @ oth_k[~lo]))

    point = float(
        lead_k[high].sum() - lead_k[low].sum() / max(oth_k[low].sum(), 1e-9) * oth_k[high].sum()
    )
    rng = np.random.default_rng(seed)
    regions = data.stations["region"].to_numpy()[keep]
    codes, uniques = pd.factorize(regions)
    by_region = len(uniques) >= min_regions
    units = len(uniques) if by_region else n
    boots = [
        estimate(w[codes] if by_region else w)
        for w in (rng.poisson(1.0, units).astype(np.float64) for _ in range(boot_runs))
    ]
    boot = np.asarray(boots) if boots else np.array([point])
    # the cluster bootstrap's spread is short by (G - 1) / G in variance: widen it
    boot = point + (boot - point) * np.sqrt(units / max(units - 1, 1))
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
            + f" (Poisson weights), {boot_runs} runs, turnout edge t* refitted in every run, "
            "spread widened by sqrt(units / (units - 1))",
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
    descriptive: str = ""
    """Empty for a test; otherwise why the figure is reported without an alarm."""

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return asdict(self)


_SECOND_DIGIT_NOTE = (
    "Descriptive only, no alarm: honest vote counts do not follow Benford's second-digit law "
    "(station sizes and vote shares fix their range), so with thousands of stations the "
    "chi-square against Benford is large without any fraud."
)


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


def _last_digit_null(values: IntArray, totals: IntArray, min_count: int) -> FloatArray:
    """Expected last-digit distribution of the counts >= ``min_count`` when every count is
    redrawn from its own station: count ~ Binomial(station's valid votes, observed share), the
    floor applied to the redrawn count (the limit of simulating that null).

    A count whose binomial window (8 sd) lies above the floor and whose sd is at least 8 has
    uniform last digits to within 1e-5; the others (small counts, counts near the floor, shares
    near 0 or 1) are summed exactly from the binomial probabilities.
    """
    keep = totals > 0
    x = values[keep].astype(np.float64)
    n = totals[keep].astype(np.float64)
    p = x / n
    sd = np.sqrt(n * p * (1 - p))
    lo = np.maximum(np.floor(x - 8 * sd - 1), min_count)
    hi = np.minimum(np.ceil(x + 8 * sd + 1), n)
    reach = hi >= lo
    uniform = reach & (sd >= 8) & (x - 8 * sd - 1 >= min_count)
    mass = np.full(10, 0.1 * np.count_nonzero(uniform))
    exact = np.flatnonzero(reach & ~uniform)
    if len(exact):
        width = (hi[exact] - lo[exact] + 1).astype(np.int64)
        which = np.repeat(exact, width)
        y = (np.arange(width.sum()) - np.repeat(np.cumsum(width) - width, width)) + lo[which]
        pmf = stats.binom.pmf(y, n[which], p[which])
        mass += np.bincount(y.astype(np.int64) % 10, weights=pmf, minlength=10)
    return np.asarray(mass / mass.sum(), dtype=np.float64)


def last_digit_test(
    data: ElectionData, *, min_count: int = 50, alpha: float = 0.01
) -> DigitTestResult:
    """Last digits of every option's count at every station (Beber & Scacco 2012).

    Counts below ``min_count`` are left out. The expected digit frequencies are not taken as
    uniform: they are what the station-level binomial model gives when every count is redrawn
    from its own station's valid votes and share and the floor is applied to the redrawn count
    (:func:`_last_digit_null`). Small counts and counts just above the floor have non-uniform
    last digits (on a falling distribution, 0 beats 9 in every decade); this null carries that
    effect, a uniform table does not, and with thousands of stations the difference alone
    raised alarms. Test: Pearson chi-square against those frequencies, 9 degrees of freedom.

    An alarm means the last digits are further from what honest counts of these sizes give
    than chance allows: a trace of invented numbers. Rounded or otherwise edited tables raise
    it too; fabrication by a careful forger does not.
    """
    values = data.votes.to_numpy(dtype=np.int64)
    totals = np.repeat(values.sum(axis=1), values.shape[1])
    flat = values.ravel()
    counts = flat[flat >= min_count]
    return _chi2_digits(
        np.asarray(counts % 10, dtype=np.int64),
        _last_digit_null(flat, totals, min_count),
        alpha,
        {
            "method": "last digit (Beber & Scacco 2012)",
            "counts": f"every option's votes at every station, counts >= {min_count}",
            "null_model": (
                "each count redrawn ~ Binomial(station's valid votes, its observed share), "
                f"kept when >= {min_count}: exact expected digit frequencies (near-uniform); "
                "Pearson chi-square, 9 degrees of freedom"
            ),
            "alarm_if": f"p < {alpha}",
        },
    )


def second_digit_test(
    data: ElectionData, *, min_count: int = 10, alpha: float = 0.01
) -> DigitTestResult:
    """Second digits of option counts vs Benford's second-digit law (Mebane's 2BL statistic),
    reported as a description, never as an alarm.

    Benford's law has no firm foundation for vote counts: station sizes and vote shares fix the
    range of the counts, so honest counts follow their own second-digit distribution, not
    Benford's (Deckert, Myagkov & Ordeshook 2011; Mebane's own caveats). With thousands of
    honest stations the chi-square against Benford is "significant" for that reason alone (12 %
    of clean synthetic elections of 2,000 stations at level 0.05, more with more stations). A
    null simulated from the station-level model cannot rescue it either: it reproduces the
    observed counts' distribution, second digits included, so it would test nothing. The
    chi-square, its p-value against Benford and the mean digit are reported; ``alarm`` is
    always false and ``descriptive`` says why.
    """
    counts = _option_counts(data, max(min_count, 10))
    digits = (counts // 10 ** (np.floor(np.log10(counts)).astype(np.int64) - 1)) % 10
    result = _chi2_digits(
        np.asarray(digits, dtype=np.int64),
        _BENFORD2,
        alpha,
        {
            "method": "second-digit Benford (Mebane 2006), descriptive",
            "counts": f"every option's votes at every station, counts >= {max(min_count, 10)}",
            "null_model": "Benford's second-digit law; Pearson chi-square, 9 degrees of freedom",
            "alarm_if": "never: honest vote counts need not follow Benford's law",
        },
    )
    return replace(result, alarm=False, descriptive=_SECOND_DIGIT_NOTE)


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
