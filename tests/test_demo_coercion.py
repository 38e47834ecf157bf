"""``plebiscite demo --coercion fake-credentials`` (docs/spec.md §16) on the board: coerced voters
hand over fake sheets that pass the coercer's check, his ballots are accepted and found by their
tracking hash, the tally's steps are posted by their parties, the record passes every check of
``plebiscite verify`` (V1–V14), the posted result equals the counts kept aside, and the output says
what the coercer saw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.model.record import RecordReader
from plebiscite.rules.checks import CHECK_IDS
from plebiscite.state.party import TEST_KDF_ENV
from plebiscite.verify.command import verify_record


def test_the_mode_played_on_the_board_verifies_and_counts_real_votes_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")  # cheap scrypt for the parties' secret files
    out = tmp_path / "demo"
    args = ["demo", "--coercion", "fake-credentials", "--voters", "10", "--seed", "7"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "Everything agrees" in text and "What the coercer saw" in text
    # the verifier's table: every check ran and none failed
    for check in CHECK_IDS:
        row = re.search(rf"│ {check} +│[^│]*│ +([^│]+) │ +(\d+) │", result.output)
        assert row is not None and row.group(2) == "0", (check, result.output)
        # V6's counted set is the mode revote's: the table says so instead of "0"
        assert ("not this" in row.group(1)) == (check == "V6"), (check, row.group(1))
    for check in ("V4", "V11", "V12", "V13", "V14"):
        row = re.search(rf"│ {check} +│[^│]*│ +([\d,]+) │", result.output)
        assert row is not None and int(row.group(1)) > 0, check
    # the posted result equals the counts kept aside (real votes only, each voter's last)
    said = re.search(r"Result: yes (\d+), no (\d+); kept aside .*?: yes (\d+), no (\d+)\.", text)
    assert said is not None
    assert said.group(1, 2) == said.group(3, 4)
    assert int(said.group(1)) + int(said.group(2)) == 10
    found = re.search(r"he found (\d+) of (\d+) on the board by their tracking hash", text)
    assert found is not None and found.group(1) == found.group(2) != "0"
    # the record on disk verifies again, and its result is the one printed
    report = verify_record(out / "record")
    assert report.ok, [str(f) for f in report.failures]
    results = [e for e in RecordReader(out / "record").entries() if e.kind == "result"]
    districts = results[0].body["districts"]
    assert isinstance(districts, list) and isinstance(districts[0], dict)
    assert districts[0]["counts"] == [[int(said.group(1)), int(said.group(2))]]
    assert (out / "demo.log").is_file()
    again = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert again.exit_code == 2 and "new or empty" in again.output


def test_an_unknown_mode_is_refused(tmp_path: Path) -> None:
    bad = CliRunner().invoke(app, ["demo", "--coercion", "panic", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "unknown mode" in bad.output
    mixed = CliRunner().invoke(
        app, ["demo", "--coercion", "fake-credentials", "--mix", "--out", str(tmp_path / "x")]
    )
    assert mixed.exit_code == 2 and "--mix: not options of" in mixed.output
    assert not (tmp_path / "x").exists()
