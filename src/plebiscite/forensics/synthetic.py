"""Synthetic elections for testing the methods: clean, or with planted stuffing or rounding.

Clean elections have realistic heterogeneity: regions with their own mean turnout and leader
share (normal effects on the logit scale, optionally correlated), stations of log-normal size,
and beta-binomial overdispersion within regions. Fraud is planted at a chosen fraction of
stations: ballot stuffing (Klimek's incremental model) or rewriting turnout and leader share to
the nearest integer percentage (the pattern of Kobak et al.).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from plebiscite.errors import InputError
from plebiscite.forensics.data import ElectionData

__all__ = ["synthetic_election"]


def _expit(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


def _beta_rates(
    rng: np.random.Generator, mean: npt.NDArray[np.float64], rho: float
) -> npt.NDArray[np.float64]:
    if rho <= 0:
        return mean
    conc = 1.0 / rho - 1.0
    return np.asarray(rng.beta(mean * conc, (1.0 - mean) * conc), dtype=np.float64)


def synthetic_election(
    n_stations: int = 2000,
    *,
    seed: int | None = None,
    n_regions: int = 20,
    n_options: int = 3,
    mean_turnout: float = 0.6,
    mean_share: float = 0.55,
    region_sd: float = 0.35,
    region_correlation: float = 0.0,
    overdispersion: float = 0.01,
    stuffing: float = 0.0,
    stuffing_intensity: float = 0.3,
    rounding: float = 0.0,
) -> ElectionData:
    """A synthetic election of ``n_stations`` stations in ``n_regions`` regions.

    ``region_sd``: sd of the regional effects on the logit scale (turnout and share), with
    correlation ``region_correlation``. ``overdispersion``: intra-class correlation of the
    beta-binomial draws of each station's turnout and share. ``stuffing``: fraction of stations
    where a fraction ``x ~ stuffing_intensity * U(0.5, 1.5)`` of non-voters' ballots is added for
    the leader. ``rounding``: fraction of stations whose turnout and leader share are rewritten to
    the nearest integer percentage. Option 0 (``"yes"``) is the leader.
    """
    if n_stations < 1 or n_regions < 1 or n_options < 2:
        raise InputError("need at least one station, one region and two options")
    if not (0 <= stuffing <= 1 and 0 <= rounding <= 1 and 0 <= overdispersion < 1):
        raise InputError("stuffing, rounding and overdispersion must lie in [0, 1)")
    rng = np.random.default_rng(seed)
    region = rng.integers(0, n_regions, n_stations)
    cov = region_sd**2 * np.array([[1.0, region_correlation], [region_correlation, 1.0]])
    effects = rng.multivariate_normal([0.0, 0.0], cov, n_regions)
    logit = np.log
    mu_t = _expit(logit(mean_turnout / (1 - mean_turnout)) + effects[region, 0])
    mu_s = _expit(logit(mean_share / (1 - mean_share)) + effects[region, 1])
    registered = np.clip(rng.lognormal(np.log(1200), 0.6, n_stations), 100, 6000).astype(np.int64)
    issued = rng.binomial(registered, _beta_rates(rng, mu_t, overdispersion))
    boxes = issued - rng.binomial(issued, 0.002)
    invalid = rng.binomial(boxes, 0.012)
    valid = boxes - invalid
    leader = rng.binomial(valid, _beta_rates(rng, mu_s, overdispersion))
    others_share = rng.dirichlet(np.full(n_options - 1, 2.0))
    rest = valid - leader
    other_votes = np.zeros((n_stations, n_options - 1), dtype=np.int64)
    remaining = rest.copy()
    left = 1.0
    for j in range(n_options - 2):
        p = min(1.0, others_share[j] / left) if left > 0 else 0.0
        other_votes[:, j] = rng.binomial(remaining, p)
        remaining = remaining - other_votes[:, j]
        left -= others_share[j]
    other_votes[:, -1] = remaining

    if stuffing > 0:
        hit = rng.random(n_stations) < stuffing
        x = np.clip(stuffing_intensity * rng.uniform(0.5, 1.5, n_stations), 0, 1)
        added = np.where(hit, np.floor(x * (registered - issued)), 0).astype(np.int64)
        issued = issued + added
        boxes = boxes + added
        leader = leader + added

    if rounding > 0:
        hit = rng.random(n_stations) < rounding
        target_t = np.round(100 * issued / registered) / 100
        new_issued = np.where(hit, np.round(target_t * registered).astype(np.int64), issued)
        new_boxes = np.maximum(boxes + (new_issued - issued), 1)
        new_valid = np.maximum(new_boxes - invalid, 0)
        share = leader / np.maximum(boxes, 1)
        target_s = np.round(100 * share) / 100
        new_leader = np.minimum(np.round(target_s * new_boxes).astype(np.int64), new_valid)
        new_rest = new_valid - new_leader
        scale = np.where(rest > 0, new_rest / np.maximum(rest, 1), 0.0)
        scaled = np.floor(other_votes * scale[:, None]).astype(np.int64)
        scaled[:, -1] += new_rest - scaled.sum(axis=1)
        fix = hit & (new_valid >= new_leader)
        issued = np.where(fix, new_issued, issued)
        boxes = np.where(fix, new_boxes, boxes)
        leader = np.where(fix, new_leader, leader)
        other_votes = np.where(fix[:, None], scaled, other_votes)
        invalid = np.where(fix, new_boxes - new_leader - scaled.sum(axis=1), invalid)

    names = ["yes"] + [f"option {j + 2}" for j in range(n_options - 1)]
    frame = pd.DataFrame(
        {
            "line": np.arange(2, n_stations + 2),
            "region": [f"region {r + 1:02d}" for r in region],
            "station": [f"station {i + 1}" for i in range(n_stations)],
            "registered": registered,
            "issued": issued,
            "boxes": boxes,
            "invalid": invalid,
            names[0]: leader,
            **{names[j + 1]: other_votes[:, j] for j in range(n_options - 1)},
        }
    )
    return ElectionData.from_frame(frame, names, leader="yes", source="synthetic")
