"""The real Russian federal tables: the preset reads every year, and the integer-peak method
reproduces the published 2020 figures (Kobak et al.'s analysis of the constitutional vote)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plebiscite.forensics import methods
from plebiscite.forensics.data import load_election

pytestmark = pytest.mark.shared

# file: (rows, registered voters summed over the rows with data), from the data README
README = {
    "2004.csv.zip": (95_779, 108_064_342),
    "2007.csv.zip": (96_193, 109_148_196),
    "2008.csv.zip": (96_612, 107_222_016),
    "2011.csv.zip": (95_225, 109_229_337),
    "2012.csv.zip": (95_415, 109_860_331),
    "2016.csv.zip": (96_871, 110_061_200),
    "2018.csv.zip": (97_699, 109_008_428),
    "2020.csv.zip": (96_765, 107_999_611),
    "2021.csv.zip": (96_325, 109_204_662),
    "2024.csv.zip": (94_214, 99_764_974),
    "2024-electronic-voting.csv": (29, 8_434_406),
}


@pytest.mark.parametrize("name", sorted(README))
def test_preset_reads_every_year(ru_federal: Path, name: str) -> None:
    data = load_election(ru_federal / name, preset="ru-cec")
    summary = data.summary()
    rows, registered = README[name]
    assert summary.rows_read == rows
    assert summary.registered_read == registered
    reasons = summary.excluded_by_reason
    if name == "2024.csv.zip":
        assert reasons["no data"] == 2268 and reasons["empty station"] == 7
    if name == "2021.csv.zip":
        assert reasons["electronic-voting pseudo-station"] == 33
    if name == "2020.csv.zip":
        totals = summary.totals
        assert totals["issued"] == 73_107_907 and totals["boxes"] == 73_024_006
        assert totals["invalid"] == 604_950
        assert totals["ДА"] == 57_071_119 and totals["НЕТ"] == 15_347_937
        assert data.leader == "ДА" and reasons == {"empty station": 11}


@pytest.mark.parametrize(("turnout", "published"), [("issued", 3675.2), ("boxes", 3610.9)])
def test_integer_peaks_2020_matches_published(
    ru_federal: Path, turnout: str, published: float
) -> None:
    data = load_election(ru_federal / "2020.csv.zip", preset="ru-cec")
    result = methods.integer_peaks(data, runs=500, seed=2020, turnout=turnout, workers=2)  # type: ignore[arg-type]
    assert abs(result.anomaly["either"] - published) <= 15
    exact = result.observed["either"] - result.expected_exact["either"]
    assert abs(exact - published) <= 15
    assert result.sd_exact["either"] == pytest.approx(result.sd["either"], rel=0.1)
    if turnout == "issued":
        assert abs(result.sd["either"] - 115) <= 11.5
    assert result.alarm
