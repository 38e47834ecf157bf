"""Loading: column mappings, file formats, and bad rows reported with line numbers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from plebiscite.errors import InputError
from plebiscite.forensics.data import (
    ColumnMapping,
    load_election,
    mapping_from_pairs,
    mapping_from_toml,
)

HEADER = "Region,Station,Voters,Issued,InBoxes,Invalid,Yes,No\n"
GOOD = (
    "North,1,1000,600,598,8,400,190\n"
    "North,2,800,500,500,5,300,195\n"
    "South,3,1200,700,699,9,500,190\n"
)
MAPPING = ColumnMapping(
    region=("Region",),
    station=("Station",),
    registered=("Voters",),
    issued=("Issued",),
    boxes=("InBoxes",),
    invalid=("Invalid",),
    options=("Yes", "No"),
)


def write(tmp_path: Path, body: str, name: str = "r.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_load_good_rows(tmp_path: Path) -> None:
    data = load_election(write(tmp_path, GOOD), MAPPING)
    summary = data.summary()
    assert summary.rows_read == 3 and summary.rows_used == 3
    assert summary.totals["registered"] == 3000 and summary.totals["Yes"] == 1200
    assert data.leader == "Yes"
    assert list(data.stations["line"]) == [2, 3, 4]


def test_bad_rows_are_listed_with_line_and_reason(tmp_path: Path) -> None:
    body = GOOD + (
        "South,4,900,,400,2,300,98\n"  # line 5: missing issued
        "South,5,900,x12,400,2,300,98\n"  # line 6: not a number
        "South,6,-3,1,1,0,1,0\n"  # line 7: negative
        ",,,,,,,\n"  # line 8: no data
        "South,8,0,0,0,0,0,0\n"  # line 9: empty station
        "South,9,500,600,600,0,590,10\n"  # line 10: turnout over 100 %: kept
    )
    data = load_election(write(tmp_path, body), MAPPING)
    by_line = {row.line: row for row in data.excluded}
    assert set(by_line) == {5, 6, 7, 8, 9}
    assert by_line[5].reason == "missing value" and "Issued" in by_line[5].detail
    assert by_line[6].reason == "not a whole number" and "'x12'" in by_line[6].detail
    assert by_line[7].reason == "negative count"
    assert by_line[8].reason == "no data"
    assert by_line[9].reason == "empty station"
    assert data.summary().rows_used == 4
    assert 10 in set(data.stations["line"])
    assert data.excluded_by_reason()["no data"] == 1


def test_zip_and_parquet_give_the_same_table(tmp_path: Path) -> None:
    csv = write(tmp_path, GOOD)
    archive = tmp_path / "r.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(csv, "r.csv")
    parquet = tmp_path / "r.parquet"
    pd.read_csv(csv).to_parquet(parquet)
    a, b, c = (load_election(p, MAPPING) for p in (csv, archive, parquet))
    for other in (b, c):
        assert other.summary().totals == a.summary().totals


def test_mapping_from_pairs_and_toml(tmp_path: Path) -> None:
    pairs = mapping_from_pairs(
        ["registered=Voters", "boxes=InBoxes", "options=Yes", "options=No", "leader=No"]
    )
    assert pairs.options == ("Yes", "No") and pairs.leader == "No"
    toml = tmp_path / "map.toml"
    toml.write_text(
        'region = "Region"\nregistered = "Voters"\nissued = ["Issued"]\nboxes = "InBoxes"\n'
        'options = ["Yes", "No"]\n',
        encoding="utf-8",
    )
    mapping = mapping_from_toml(toml)
    data = load_election(write(tmp_path, GOOD), mapping)
    assert data.summary().totals["invalid"] == 0
    assert any("invalid" in note for note in data.notes)


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["registered=Voters", "options=Yes"], "'boxes'"),
        (["registered=Voters", "boxes=InBoxes"], "'options'"),
        (["registered=Voters", "boxes=B", "options=Yes", "leader=Nope"], "leader"),
        (["nonsense"], "FIELD=COLUMN"),
        (["colour=Red", "registered=V", "boxes=B", "options=Y"], "unknown field"),
    ],
)
def test_bad_mappings_are_refused(pairs: list[str], message: str) -> None:
    with pytest.raises(InputError, match=message):
        mapping_from_pairs(pairs)


def test_missing_column_is_named(tmp_path: Path) -> None:
    mapping = mapping_from_pairs(["registered=Voterz", "boxes=InBoxes", "options=Yes"])
    with pytest.raises(InputError, match="Voterz"):
        load_election(write(tmp_path, GOOD), mapping)


def test_unknown_file_and_preset(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_election(tmp_path / "nope.csv", MAPPING)
    with pytest.raises(InputError, match="unknown preset"):
        load_election(write(tmp_path, GOOD), preset="xx")
