"""Integer-percentage peaks (Kobak, Shpilkin & Pshenichnikov, Ann. Appl. Stat. 2016)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from functools import partial

import numpy as np
import numpy.typing as npt
from scipy import stats

from plebiscite.errors import InputError
from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods.common import (
    FloatArray,
    IntArray,
    Progress,
    Selection,
    TooFewStations,
    TurnoutBase,
    mc_pvalue,
    mc_zscore,
    region_factor,
    safe_div,
    station_rates,
)

__all__ = ["IntegerPeaksResult", "PendingPeaks", "integer_peaks", "start_integer_peaks"]


@dataclass(frozen=True)
class IntegerPeaksResult:
    """Excess of stations whose turnout or leader share is an integer percentage.

    ``statistic`` is the anomaly of the "either" count: observed minus the mean of the binomial
    replicates; ``pvalue`` the share of replicates with at least as many (upper tail).
    """

    statistic: float
    pvalue: float
    zscore: float
    """The anomaly in standard deviations of the replicates."""
    runs: int
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
    excluded: dict[str, int]
    """Stations left out of the test, by reason (the first rule a station fails)."""
    region_excluded: dict[str, dict[str, int]]
    region_stations: dict[str, int]
    null_either: list[int]
    recipe: dict[str, object]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (the replicate counts included)."""
        return asdict(self)


_EXACT_CHUNK = 8192
"""Stations per pass of the exact expectation: its flat station x percentage arrays stay small."""


def _p_integer(n: IntArray, p: FloatArray, threshold: float) -> FloatArray:
    """:func:`_p_integer_part` in chunks of stations, so that memory stays flat."""
    parts = [
        _p_integer_part(n[i : i + _EXACT_CHUNK], p[i : i + _EXACT_CHUNK], threshold)
        for i in range(0, len(n), _EXACT_CHUNK)
    ]
    return np.concatenate(parts) if parts else np.zeros(0)


def _p_integer_part(n: IntArray, p: FloatArray, threshold: float) -> FloatArray:
    """P(100 * Binomial(n, p) / n is within ``threshold`` of a whole number), per station.

    Sums, over the whole percentages within 8 standard deviations of ``p`` (all of them when
    the count's variance is under 25, where the binomial is skewed), the binomial
    probabilities of the counts that round to them (flat vectorised passes over station x
    percentage, then over the few counts of each percentage). Summing the probabilities, not
    differences of the binomial distribution function, is both faster and free of the
    differences' cancellation (about 1e-9 relative).
    """
    nf = n.astype(np.float64)
    reach = 100 * (8 * np.sqrt(p * (1 - p) / nf) + 1 / nf) + 1
    # a skewed binomial (variance under 25 counts) can put mass beyond 8 sd: every percentage
    reach = np.where(nf * p * (1 - p) < 25, 200.0, reach)
    j_lo = np.clip(np.floor(100 * p - reach), 0, 100).astype(np.int64)
    j_hi = np.clip(np.ceil(100 * p + reach), 0, 100).astype(np.int64)
    station, j = _ranges(j_lo, j_hi - j_lo + 1)
    ns, jf = nf[station], j.astype(np.float64)
    lo = np.ceil(ns * (jf - threshold) / 100)
    hi = np.floor(ns * (jf + threshold) / 100)
    lo = np.where(np.abs(100 * lo / ns - jf) >= threshold, lo + 1, lo)
    hi = np.where(np.abs(100 * hi / ns - jf) >= threshold, hi - 1, hi)
    hit = (hi >= lo) & (hi >= 0) & (lo <= ns)
    station = station[hit]
    lo = np.maximum(lo[hit], 0).astype(np.int64)
    hi = np.minimum(hi[hit], ns[hit]).astype(np.int64)
    pair, count = _ranges(lo, hi - lo + 1)
    mass = stats.binom.pmf(count, n[station[pair]], p[station[pair]])
    total = np.bincount(station[pair], weights=mass, minlength=len(n))
    return np.asarray(np.clip(total, 0.0, 1.0), dtype=np.float64)


def _ranges(start: IntArray, size: IntArray) -> tuple[IntArray, IntArray]:
    """Every integer of the ranges ``start[i] .. start[i] + size[i] - 1``, flat, with the
    range ``i`` each belongs to."""
    owner = np.repeat(np.arange(len(start)), size)
    value = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size) + start[owner]
    return owner, np.asarray(value, dtype=np.int64)


def _is_integer_pct(x: FloatArray, threshold: float) -> npt.NDArray[np.bool_]:
    y = 100.0 * x
    return np.asarray(np.abs(y - np.rint(y)) < threshold)


MIN_STATIONS = 10
"""The fewest usable stations the test runs on."""

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
    return start_integer_peaks(
        data,
        runs=runs,
        seed=seed,
        turnout=turnout,
        threshold=threshold,
        min_registered=min_registered,
        max_rate=max_rate,
        alpha=alpha,
        workers=workers,
        progress=progress,
    ).result()


def _report_done(progress: Progress, size: int, _: object) -> None:
    progress(size)


class PendingPeaks:
    """Integer-peak replicates under way (:func:`start_integer_peaks`)."""

    def __init__(
        self,
        tasks: list[tuple[np.random.SeedSequence, int]],
        arrays: tuple[IntArray, FloatArray, IntArray, FloatArray, IntArray, int, float],
        workers: int,
        progress: Progress | None,
        finish: Callable[[list[tuple[IntArray, FloatArray]]], IntegerPeaksResult],
    ) -> None:
        self._tasks = tasks
        self._arrays = arrays
        self._progress = progress
        self._finish = finish
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future[tuple[IntArray, FloatArray]]] = []
        if workers > 1 and len(tasks) > 1:
            # forked here, before the caller starts any other work
            self._pool = ProcessPoolExecutor(
                max_workers=workers, initializer=_peaks_init, initargs=arrays
            )
            for task in tasks:
                future = self._pool.submit(_peaks_chunk, task)
                if progress is not None:
                    future.add_done_callback(partial(_report_done, progress, task[1]))
                self._futures.append(future)

    def result(self) -> IntegerPeaksResult:
        """Wait for every replicate (or run them here, with one worker) and finish the test.
        The chunks are combined in the order of their seeds, whatever order they finish in."""
        if self._pool is None:
            _peaks_init(*self._arrays)
            parts = []
            for task in self._tasks:
                parts.append(_peaks_chunk(task))
                if self._progress is not None:
                    self._progress(task[1])
            return self._finish(parts)
        try:
            parts = [future.result() for future in self._futures]
        finally:
            self.cancel()
        return self._finish(parts)

    def cancel(self) -> None:
        """Stop the worker processes (replicates not yet run are dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def start_integer_peaks(
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
) -> PendingPeaks:
    """Start :func:`integer_peaks`: the selection and the observed counts now, the replicates
    in ``workers`` processes that run while the caller goes on (in this process, when
    ``.result()`` is called, with one worker). ``.result()`` waits and gives the result;
    ``.cancel()`` stops the processes."""
    if runs < 1:
        raise InputError(f"runs must be at least 1, got {runs}")
    registered, numer, boxes, leader = station_rates(data, turnout)
    t = safe_div(numer, registered)
    s = safe_div(leader, boxes)
    chosen = Selection.apply(
        data,
        [
            (f"under {min_registered} registered", ~(registered >= min_registered)),
            ("no ballots in the boxes", ~(boxes > 0)),
            (f"turnout above {100 * max_rate:g} %", ~(t <= max_rate)),
            (f"leader's share above {100 * max_rate:g} %", ~(s <= max_rate)),
        ],
    )
    keep = chosen.keep
    if int(keep.sum()) < MIN_STATIONS:
        raise TooFewStations("integer peaks", MIN_STATIONS, int(keep.sum()))
    n_reg = registered[keep]
    n_box = boxes[keep]
    t_k = t[keep]
    s_k = s[keep]
    codes, uniques = region_factor(data, keep)
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

    def finish(parts: list[tuple[IntArray, FloatArray]]) -> IntegerPeaksResult:
        """The result from the chunks' counts, in the order of their seeds."""
        sims_parts = [part for part, _ in parts]
        region_sum = np.zeros(n_regions)
        for _, reg_part in parts:
            region_sum += reg_part
        sims = np.concatenate(sims_parts)
        keys = ("leader", "turnout", "either")
        p_t = _p_integer(n_reg, t_k, threshold)
        p_s = _p_integer(n_box, s_k, threshold)
        p_e = 1.0 - (1.0 - p_t) * (1.0 - p_s)
        expected_exact = {k: float(q.sum()) for k, q in zip(keys, (p_s, p_t, p_e), strict=True)}
        sd_exact = {
            k: float(np.sqrt((q * (1 - q)).sum()))
            for k, q in zip(keys, (p_s, p_t, p_e), strict=True)
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
        pvalue = mc_pvalue(sims[:, 2].astype(np.float64), float(observed["either"]))
        return IntegerPeaksResult(
            statistic=anomaly["either"],
            zscore=mc_zscore(sims[:, 2].astype(np.float64), float(observed["either"])),
            runs=runs,
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
            excluded=chosen.excluded,
            region_excluded=chosen.region_excluded,
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

    return PendingPeaks(tasks, arrays, workers, progress, finish)
