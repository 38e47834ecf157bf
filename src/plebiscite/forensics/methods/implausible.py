"""Impossible and implausible values: turnout over 100 %, votes over ballots, identical rows."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from plebiscite.forensics.data import ElectionData

__all__ = ["ImplausibleResult", "impossible_values"]


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
