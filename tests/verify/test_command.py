"""``plebiscite verify`` through the CLI, the JSON report against its schema, the import graph."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.model.entry import Entry
from plebiscite.rules.checks import CHECK_IDS, CHECKS

from ._record import Built, write_record

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "verify-schema.json").read_text())


def test_valid_record_exits_0_with_a_summary(honest: Built, tmp_path: Path) -> None:
    record = write_record(tmp_path / "record", honest.entries, honest.heads)
    result = CliRunner().invoke(app, ["verify", str(record)])
    assert result.exit_code == 0, result.output
    assert "every check passed" in result.output
    for check in CHECK_IDS:
        assert check in result.output


def test_json_report_is_valid_against_the_schema(honest: Built, tmp_path: Path) -> None:
    record = write_record(tmp_path / "record", honest.entries, honest.heads)
    result = CliRunner().invoke(app, ["verify", str(record), "--json", "--batch", "5"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    assert report["ok"] is True and report["failures"] == []
    assert [s["check"] for s in report["summary"]] == list(CHECK_IDS)


def test_failures_exit_1_and_name_check_entry_and_field(honest: Built, tmp_path: Path) -> None:
    entries = list(honest.entries)
    e = entries[3]
    entries[3] = Entry(e.index, e.time, e.kind, e.body, e.prev, bytes(32))
    record = write_record(tmp_path / "record", entries, honest.heads)
    result = CliRunner().invoke(app, ["verify", str(record), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    assert report["ok"] is False
    assert {"check": "V1", "index": 3, "field": "hash"}.items() <= report["failures"][0].items()


def test_missing_record_exits_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["verify", str(tmp_path / "nothing"), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    assert report["entries"] == 0


def test_explain_prints_every_check_and_what_is_trusted(honest: Built, tmp_path: Path) -> None:
    record = write_record(tmp_path / "record", honest.entries, honest.heads)
    result = CliRunner().invoke(app, ["verify", str(record), "--explain"])
    assert result.exit_code == 0
    for text in CHECKS.values():
        assert text.reveals in " ".join(result.output.split())
    assert "must still be trusted" in result.output
    assert "k colluding trustees" in result.output
