"""Regions ranked by their anomaly scores."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods.common import TurnoutBase, safe_div, station_rates
from plebiscite.forensics.methods.excess import ExcessVotesResult
from plebiscite.forensics.methods.integer import IntegerPeaksResult

__all__ = ["RegionRanking", "region_ranking"]


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
    peaks: IntegerPeaksResult | None,
    excess: ExcessVotesResult | None,
    *,
    turnout: TurnoutBase = "issued",
    high_turnout: float = 0.9,
) -> RegionRanking:
    """Per region: stations, turnout, leader share, integer-peak excess per 100 stations, share
    of stations with turnout >= ``high_turnout``, excess votes as a share of the leader's; the
    score is the mean percentile rank of the three anomaly columns.
    """
    st = data.stations
    reg, num, box, lead = station_rates(data, turnout)
    frame = pd.DataFrame(
        {
            "region": st["region"].to_numpy(),
            "registered": reg,
            "numer": num,
            "boxes": box,
            "leader": lead,
            "high": safe_div(num, reg) >= high_turnout,
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
    peak_excess = pd.Series(peaks.region_anomaly if peaks else {}, dtype=float)
    peak_n = pd.Series(peaks.region_stations if peaks else {}, dtype=float)
    # a method that did not run leaves its columns empty (NaN) and out of the score
    fill = 0.0 if peaks else float("nan")
    table["integer_excess"] = peak_excess.reindex(table.index).fillna(fill)
    table["integer_excess_per_100"] = (
        100 * table["integer_excess"] / peak_n.reindex(table.index).clip(lower=1)
    ).fillna(fill)
    region_ex = pd.Series(excess.region_excess if excess else {}, dtype=float)
    region_ex = region_ex.reindex(table.index).fillna(0.0 if excess else float("nan"))
    table["excess_votes"] = region_ex
    table["excess_share_of_leader"] = region_ex / g["leader"].sum().clip(lower=1)
    scored = [
        *(["integer_excess_per_100"] if peaks else []),
        "high_turnout_share",
        *(["excess_share_of_leader"] if excess else []),
    ]
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
