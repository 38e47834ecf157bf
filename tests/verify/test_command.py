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
    # the mode revote's record: the mode fake-credentials' checks say so instead of "0 checked"
    wide = CliRunner().invoke(app, ["verify", str(record)], terminal_width=200)
    rows = {line.split("│")[1].strip(): line for line in wide.output.splitlines() if "│ V" in line}
    for check in CHECK_IDS:
        assert ("not this election's mode" in rows[check]) == (check in ("V12", "V13", "V14"))


def test_json_report_is_valid_against_the_schema(honest: Built, tmp_path: Path) -> None:
    record = write_record(tmp_path / "record", honest.entries, honest.heads)
    result = CliRunner().invoke(app, ["verify", str(record), "--json", "--batch", "5"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    assert report["ok"] is True and report["failures"] == []
    assert [s["check"] for s in report["summary"]] == list(CHECK_IDS)


def test_counts_count_what_their_label_says(honest: Built, tmp_path: Path) -> None:
    """V5 ('each ballot') counts the ballots, not the close entry as well; V10 the challenges."""
    record = write_record(tmp_path / "record", honest.entries, honest.heads)
    result = CliRunner().invoke(app, ["verify", str(record), "--json", "--workers", "1"])
    report = json.loads(result.stdout)
    checked = {s["check"]: s["checked"] for s in report["summary"]}
    kinds = [e.kind for e in honest.entries]
    assert "close" in kinds
    assert checked["V5"] == kinds.count("ballot")
    assert checked["V10"] == kinds.count("challenge")


def test_in_progress_checks_what_is_there_and_reports_the_state(
    honest: Built, tmp_path: Path
) -> None:
    """A record cut where a running election stands passes with --in-progress, its state named
    (text and JSON); without it, what is missing fails; a bad entry fails either way."""
    kinds = [e.kind for e in honest.entries]
    cuts = {
        "setup": kinds.index("open"),
        "open": kinds.index("close"),
        "closed": kinds.index("tally"),
        "complete": len(kinds),
    }
    runner = CliRunner()
    for state, cut in cuts.items():
        heads = [h for h in honest.heads if h.index < cut]
        record = write_record(tmp_path / state, honest.entries[:cut], heads)
        args = ["verify", str(record), "--workers", "1"]
        result = runner.invoke(app, [*args, "--in-progress", "--json"])
        assert result.exit_code == 0, (state, result.output)
        report = json.loads(result.stdout)
        jsonschema.validate(report, SCHEMA)
        assert report["state"] == state and report["in_progress"] is True
        assert report["ok"] is True and report["failures"] == []
        text = runner.invoke(app, [*args, "--in-progress"])
        assert text.exit_code == 0 and f"state: {state} (" in text.output, text.output
        strict = runner.invoke(app, [*args, "--json"])
        report = json.loads(strict.stdout)
        jsonschema.validate(report, SCHEMA)
        assert report["state"] == state and report["in_progress"] is False
        assert (strict.exit_code == 0) == (state == "complete"), (state, strict.output)
    opened = runner.invoke(app, ["verify", str(tmp_path / "open"), "--workers", "1"])
    assert "never closed" in opened.output and "--in-progress" in opened.output
    entries = list(honest.entries[: cuts["open"]])
    e = entries[-1]
    entries[-1] = Entry(e.index, e.time, e.kind, e.body, e.prev, bytes(32))
    heads = [h for h in honest.heads if h.index < cuts["open"]]
    bad = write_record(tmp_path / "bad", entries, heads)
    result = runner.invoke(app, ["verify", str(bad), "--in-progress", "--workers", "1"])
    assert result.exit_code == 1 and "FAIL V1" in result.output


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


def test_rejected_heads_are_warnings_in_the_json_report(honest: Built, tmp_path: Path) -> None:
    """A ``--heads`` file with a line that is not a signed head, and one that cannot be read:
    the record still passes (exit 0); the JSON report lists both places as rejected input, and
    the console run warns about them on stderr."""
    record = write_record(tmp_path / "record", honest.entries, honest.heads)
    kept = tmp_path / "kept.jsonl"
    kept.write_text('{"index": 3}\n')
    missing = tmp_path / "missing.jsonl"
    args = ["verify", str(record), "--heads", str(kept), "--heads", str(missing), "--workers", "1"]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA)
    assert report["ok"] is True and report["failures"] == []
    assert [r["place"] for r in report["rejected_inputs"]] == [f"{kept}:1", str(missing)]
    shown = CliRunner().invoke(app, args)
    assert shown.exit_code == 0
    assert f"warning: rejected input {kept}:1: not a signed head" in shown.stderr
    assert shown.stderr.count(f"{kept}:1") == 1  # the place named once


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
