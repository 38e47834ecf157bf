"""``plebiscite forensics`` end to end on small CSV files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.forensics.synthetic import synthetic_election

runner = CliRunner()

COLUMNS = [
    "--column", "region=region", "--column", "station=station",
    "--column", "registered=registered", "--column", "issued=issued",
    "--column", "boxes=boxes", "--column", "invalid=invalid",
    "--column", "options=yes", "--column", "options=option 2", "--column", "options=option 3",
]  # fmt: skip


def synthetic_csv(tmp_path: Path, bad_rows: str = "") -> Path:
    data = synthetic_election(400, seed=21, rounding=0.3)
    frame = data.stations.drop(columns="line").join(data.votes)
    path = tmp_path / "results.csv"
    path.write_text(frame.to_csv(index=False) + bad_rows, encoding="utf-8")
    return path


def test_report_on_synthetic_csv(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["forensics", str(synthetic_csv(tmp_path)), *COLUMNS, "--runs", "120"]
    result = runner.invoke(app, [*args, "--seed", "3", "--workers", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["data"]["rows_used"] == 400
    assert report["integer_peaks"]["recipe"]["runs"] == 120
    assert report["integer_peaks"]["alarm"] is True
    assert {
        "fingerprint_klimek2012",
        "fingerprint_regional",
        "excess_votes",
        "last_digit",
        "second_digit",
        "regions",
    } <= set(report)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == 4
    assert "http://" not in page and "https://" not in page
    assert "What it does not mean" in page
    assert "Integer-percentage" in result.output and "no alarm" in result.output
    again = tmp_path / "again"
    runner.invoke(app, [*args, "--seed", "3", "--workers", "2", "--out", str(again)])
    assert json.loads((again / "report.json").read_text(encoding="utf-8")) == report


def test_bad_rows_are_reported_with_line_numbers(tmp_path: Path) -> None:
    bad = "region 01,station x,1000,,500,3,300,100,97\nregion 01,station y,abc,1,1,0,1,0,0\n"
    path = synthetic_csv(tmp_path, bad)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["forensics", str(path), *COLUMNS, "--runs", "20", "--workers", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "excluded line 402: missing value: issued" in result.output
    assert "excluded line 403: not a whole number: registered" in result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [r["line"] for r in report["excluded_rows"]] == [402, 403]
    assert report["data"]["excluded_by_reason"] == {"missing value": 1, "not a whole number": 1}
    assert "<td>402</td><td>missing value</td>" in (out / "report.html").read_text(encoding="utf-8")


def test_input_errors_exit_2(tmp_path: Path) -> None:
    path = synthetic_csv(tmp_path)
    result = runner.invoke(app, ["forensics", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "exactly one of" in result.output
    result = runner.invoke(
        app, ["forensics", str(path), "--column", "registered=nope", "--out", str(tmp_path)]
    )
    assert result.exit_code == 2 and "error" in result.output


def test_help_explains_the_command() -> None:
    result = runner.invoke(app, ["forensics", "--help"])
    assert result.exit_code == 0
    for word in ("--preset", "--column", "--mapping", "--turnout", "--runs", "report.html"):
        assert word in result.output


def test_fifteen_stations_report_with_the_fingerprint_not_run(tmp_path: Path) -> None:
    data = synthetic_election(15, seed=21)
    frame = data.stations.drop(columns="line").join(data.votes)
    path = tmp_path / "small.csv"
    path.write_text(frame.to_csv(index=False), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["forensics", str(path), *COLUMNS, "--runs", "20", "--workers", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "not run: needs at least 20 usable stations, has 15" in result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["fingerprint_regional"]["status"].startswith("not run")
    assert report["fingerprint_klimek2012"]["status"].startswith("not run")
    assert report["integer_peaks"]["n_stations"] == 15


def _zip(tmp_path: Path, method: int) -> Path:
    path = tmp_path / "results.zip"
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        archive.writestr("results.csv", synthetic_csv(tmp_path).read_text(encoding="utf-8"))
    raw = bytearray(path.read_bytes())
    start = 30 + len("results.csv")  # the first member's local header, then its payload
    for i in range(start + 200, start + 260):
        raw[i] ^= 0x5A
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize(
    ("method", "error"),
    [(zipfile.ZIP_DEFLATED, "error: Error -3"), (zipfile.ZIP_STORED, "BadZipFile")],
)
def test_damaged_zip_is_one_clear_error(tmp_path: Path, method: int, error: str) -> None:
    path = _zip(tmp_path, method)
    result = runner.invoke(app, ["forensics", str(path), *COLUMNS, "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())  # unwrapped
    assert said.startswith(f"error: results file {path}: cannot be read (damaged zip: ")
    assert error in said and "Traceback" not in said
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe binary", b'region,"station\n1,"2,3\n"unterminated'],
)
def test_unreadable_csv_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = runner.invoke(app, ["forensics", str(path), *COLUMNS, "--out", str(tmp_path / "o")])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert said.startswith(f"error: results file {path}: ") and "Traceback" not in said
