"""What the methods share: the turnout definitions, the station rates, safe division and the
Monte-Carlo p-value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
import numpy.typing as npt

from plebiscite.errors import InputError
from plebiscite.forensics.data import ElectionData

__all__ = [
    "FloatArray",
    "IntArray",
    "Progress",
    "TurnoutBase",
    "mc_pvalue",
    "safe_div",
    "station_rates",
]

TurnoutBase = Literal["issued", "boxes"]
"""Turnout's numerator: ballots issued to voters, or ballots found in the boxes."""

Progress = Callable[[int], None]
"""Called with the number of Monte-Carlo replicates just finished."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


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
