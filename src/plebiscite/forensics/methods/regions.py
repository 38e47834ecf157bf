"""Regions ranked by their anomaly scores."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods.common import TurnoutBase, safe_div, station_rates
from plebiscite.forensics.methods.excess import ExcessVotesResult
from plebiscite.forensics.methods.integer import IntegerPeaksResult
from plebiscite.forensics.methods.klimek import FingerprintResult

__all__ = ["RegionRanking", "region_ranking"]


@dataclass(frozen=True)
class RegionRanking:
    """Regions ranked by the mean percentile of their anomaly scores (highest first)."""

    table: pd.DataFrame = field(repr=False)
    recipe: dict[str, object] = field(default_factory=dict)
    excluded: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    """Per method, per region: the stations the method left out, by reason."""

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: the recipe and one record per region."""
        records = self.table.reset_index().to_dict(orient="records")
        return {"recipe": self.recipe, "regions": records, "excluded": self.excluded}


def region_ranking(
    data: ElectionData,
    peaks: IntegerPeaksResult | None,
    excess: ExcessVotesResult | None,
    *,
    fingerprint: FingerprintResult | None = None,
    turnout: TurnoutBase = "issued",
    high_turnout: float = 0.9,
) -> RegionRanking:
    """Per region: stations, turnout, leader share, integer-peak excess per 100 stations, share
    of stations with turnout >= ``high_turnout``, excess votes as a share of the leader's, and
    how many stations each method left out; the score is the mean percentile rank of the three
    anomaly columns (a method that did not run leaves its column out of the mean).
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
    excluded = {
        name: result.region_excluded
        for name, result in (
            ("integer peaks", peaks),
            ("fingerprint", fingerprint),
            ("excess votes", excess),
        )
        if result is not None
    }
    for name, per_region in excluded.items():
        column = pd.Series({r: sum(c.values()) for r, c in per_region.items()}, dtype=float)
        table[f"excluded {name}"] = column.reindex(table.index).fillna(0).astype(int)
    table = table.sort_values("score", ascending=False)
    table.index.name = "region"
    return RegionRanking(
        table=table,
        excluded=excluded,
        recipe={
            "score": _score_in_words(scored, high_turnout),
            "score_columns": scored,
            "high_turnout": f"turnout >= {high_turnout}",
            "integer_excess": "observed minus expected stations with an integer percentage",
            "excess_votes": "leader minus clean ratio x other votes above the clean-turnout edge",
            "excluded": "per method, the stations it left out, counted under the first rule "
            "they fail",
        },
    )


_COLUMN_WORDS = {
    "integer_excess_per_100": "the integer-percentage excess per 100 stations",
    "high_turnout_share": "the share of stations with a turnout of at least {high:g} %",
    "excess_share_of_leader": "the excess votes as a share of the leader's votes",
}


def _score_in_words(scored: list[str], high_turnout: float) -> str:
    names = [_COLUMN_WORDS[c].format(high=100 * high_turnout) for c in scored]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"Each region gets its percentile rank (from 0 to 1, 1 for the highest value among "
        f"the regions) in {len(names)} column{'s' if len(names) > 1 else ''}: {listed}. "
        "Its score is the mean of those ranks, with equal weights; regions are listed from "
        "the highest score down."
    )
