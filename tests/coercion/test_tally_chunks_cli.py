"""``plebiscite demo --coercion fake-credentials`` with the tally's chunks forced to four items
(record.md §6 ``tally_chunk``): every trustee's blinding, tests and decryptions of the district
are posted in several chunks by the parties' own commands, and ``plebiscite verify`` (and
``--explain``) passes the record, its V13/V14 rows counting every chunk."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.model.coercion import tally_entries
from plebiscite.model.record import RecordReader
from plebiscite.state.party import TEST_KDF_ENV


def test_the_demo_posts_and_verifies_a_tally_in_several_chunks_per_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    monkeypatch.setattr(tally_entries, "CHUNK_ITEMS", 4)
    out = tmp_path / "demo"
    args = ["demo", "--coercion", "fake-credentials", "--voters", "16", "--seed", "5"]
    result = CliRunner().invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Everything agrees" in " ".join(result.output.split())
    entries = list(RecordReader(out / "record").entries())
    chunks = Counter(
        (e.body["stage"], e.body["trustee"]) for e in entries if e.kind == "tally_chunk"
    )
    closings = [e for e in entries if e.kind in tally_entries.CHUNK_STAGES]
    assert closings and all(
        chunks[(e.kind, e.body["trustee"])] == e.body["chunks"] >= 3 for e in closings
    ), chunks
    for e in closings:  # the closing entries hold no per-item list
        assert set(e.body) <= {"trustee", "district", "round", "count", "chunks", "digest"} | {
            "proof",
            "signature",
        }
    verified = CliRunner().invoke(app, ["verify", str(out / "record"), "--explain"])
    assert verified.exit_code == 0, verified.output
    for check in ("V13", "V14"):
        row = re.search(rf"│ {check} +│[^│]*│ +([\d,]+) │ +(\d+) │", verified.output)
        assert row is not None and row.group(2) == "0", (check, verified.output)
        assert int(row.group(1).replace(",", "")) > len(closings) // 2
    assert "numbered chunks" in " ".join(verified.output.split())
