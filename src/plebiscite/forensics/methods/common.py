"""What the methods share: the turnout definitions, the station rates, safe division and the
Monte-Carlo p-value."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from plebiscite.errors import InputError
from plebiscite.forensics.data import ElectionData

__all__ = [
    "FloatArray",
    "IntArray",
    "NotRun",
    "Progress",
    "Selection",
    "TooFewStations",
    "TurnoutBase",
    "clean_peak",
    "mc_pvalue",
    "mc_zscore",
    "pvalue_text",
    "region_factor",
    "safe_div",
    "station_rates",
    "ztext",
]

TurnoutBase = Literal["issued", "boxes"]
"""Turnout's numerator: ballots issued to voters, or ballots found in the boxes."""

Progress = Callable[[int], None]
"""Called with the number of Monte-Carlo replicates just finished."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class TooFewStations(InputError):
    """A method cannot run: the table has fewer usable units (stations, counts) than it needs.

    The facts are attributes: ``method``, ``needed``, ``found`` and ``unit``.
    """

    def __init__(self, method: str, needed: int, found: int, unit: str = "usable stations"):
        self.method = method
        self.needed = needed
        self.found = found
        self.unit = unit
        super().__init__(f"{method}: not run: needs at least {needed} {unit}, has {found}")


@dataclass(frozen=True)
class NotRun:
    """A method that did not run on this table, and why (in the report instead of a result)."""

    method: str
    needed: int
    found: int
    unit: str = "usable stations"
    alarm: bool = False

    @classmethod
    def from_error(cls, exc: TooFewStations) -> NotRun:
        """The report's entry for a method that raised :class:`TooFewStations`."""
        return cls(exc.method, exc.needed, exc.found, exc.unit)

    @property
    def status(self) -> str:
        """``not run: needs at least N usable stations, has M``."""
        return f"not run: needs at least {self.needed} {self.unit}, has {self.found}"

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict with the status line and its numbers."""
        return {
            "status": self.status,
            "method": self.method,
            "needed": self.needed,
            "found": self.found,
            "unit": self.unit,
        }


def station_rates(
    data: ElectionData, turnout: TurnoutBase
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Registered voters, turnout numerator, ballots in boxes and the leader's votes."""
    if turnout not in ("issued", "boxes"):
        raise InputError(f"turnout must be 'issued' or 'boxes', not {turnout!r}")
    return (
        data.count("registered"),
        data.count(turnout),
        data.count("boxes"),
        data.count(data.leader),
    )


def safe_div(num: npt.ArrayLike, den: npt.ArrayLike) -> FloatArray:
    n = np.asarray(num, dtype=np.float64)
    d = np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(n, d).shape, np.nan)
    np.divide(n, d, out=out, where=d > 0)
    return out


def mc_pvalue(null: FloatArray, observed: float) -> float:
    """Upper-tail Monte-Carlo p-value, (1 + #{null >= observed}) / (runs + 1)."""
    return float((1 + np.count_nonzero(null >= observed - 1e-12)) / (len(null) + 1))


def mc_zscore(null: FloatArray, observed: float) -> float:
    """How many standard deviations of the null replicates ``observed`` lies above their mean
    (NaN without at least two replicates or with a null that does not vary)."""
    if len(null) < 2:
        return float("nan")
    sd = float(np.std(null, ddof=1))
    return (observed - float(np.mean(null))) / sd if sd > 0 else float("nan")


def pvalue_text(p: float, runs: int | None = None) -> str:
    """A p-value as the report writes it.

    A Monte-Carlo p-value (``runs`` replicates) at its floor ``1 / (runs + 1)`` means no
    replicate reached the observed value; it is written ``p < 0.001 (1/1001)``, never as the
    floor itself. Otherwise three significant digits (``p = 0.0213``; ``p < 1e-300`` below
    the smallest double).
    """
    if math.isnan(p):
        return "p not computed"
    if runs is not None and runs > 0 and p <= 1.0 / (runs + 1) + 1e-15:
        return f"p < {1.0 / (runs + 1):.2g} (1/{runs + 1})"
    if p == 0.0:
        return "p < 1e-300"
    return f"p = {p:.3g}"


@dataclass(frozen=True)
class Selection:
    """Which stations a method uses, and how many it left out, why, overall and per region.

    A station is counted under the first rule it fails, in the order the rules were given.
    """

    keep: npt.NDArray[np.bool_]
    excluded: dict[str, int]
    region_excluded: dict[str, dict[str, int]]

    @classmethod
    def apply(cls, data: ElectionData, rules: list[tuple[str, npt.NDArray[np.bool_]]]) -> Selection:
        """``rules`` are (reason, fails) pairs; NaN rates fail every comparison, so a rule is
        written as the failure, e.g. ``("turnout > 99 %", ~(t <= 0.99))``."""
        n = len(data.stations)
        keep = np.ones(n, dtype=bool)
        codes, names = data.region_codes
        excluded: dict[str, int] = {}
        region_excluded: dict[str, dict[str, int]] = {}
        for reason, fails in rules:
            out = fails & keep
            count = int(out.sum())
            if count:
                excluded[reason] = count
                per_region = np.bincount(codes[out], minlength=len(names))
                for i in sorted(np.flatnonzero(per_region), key=names.__getitem__):
                    region_excluded.setdefault(names[i], {})[reason] = int(per_region[i])
            keep &= ~fails
        return cls(keep, excluded, region_excluded)


def region_factor(data: ElectionData, keep: npt.NDArray[np.bool_]) -> tuple[IntArray, list[str]]:
    """The kept stations' regions as codes 0, 1, … in the order of their first kept station
    (the numbering ``pandas.factorize`` gives the names), and the names in that order."""
    codes, names = data.region_codes
    sub, first = pd.factorize(codes[keep])
    return np.asarray(sub, dtype=np.int64), [names[int(i)] for i in first]


def clean_peak(hist: npt.ArrayLike) -> int:
    """The clean peak: the bin of the lowest peak that reaches half the highest one, on the
    histogram smoothed with a Gaussian of 2 bins.

    This is the one definition of the "clean" turnout (and, for the fingerprint, of the clean
    leader's share) used throughout: with a single peak it is the mode; with a second, taller
    peak at high values, as in tables where ballots were added, it is the low peak, the core
    of stations that the published analyses take as honest.
    """
    from scipy import ndimage

    smooth = ndimage.gaussian_filter1d(np.asarray(hist, dtype=np.float64), 2.0, mode="constant")
    tall = smooth >= 0.5 * smooth.max()
    local = np.r_[
        smooth[0] >= smooth[1],
        (smooth[1:-1] >= smooth[:-2]) & (smooth[1:-1] > smooth[2:]),
        smooth[-1] > smooth[-2],
    ]
    peaks = np.flatnonzero(tall & local)
    return int(peaks[0]) if len(peaks) else int(np.argmax(smooth))


def ztext(z: float) -> str:
    """A z-score as the report writes it: ``z = 3.2``, or why there is none (a null whose
    replicates all agree has no spread to measure the distance in)."""
    return f"z = {z:.1f}" if math.isfinite(z) else "z undefined (the null does not vary)"
