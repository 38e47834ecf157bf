"""bench/coercion_tally.py runs end to end at a tiny size (so it cannot rot): every step of the
tally and of its verification is timed, the board's 70 % first votes are what is counted, and the
quadratic pairwise-PET tally run whole keeps and counts the same ballots as the linear one. No
figure is asserted: timings are measured by the script, never tested."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "coercion_tally.py"


def test_bench_runs_at_fifty_ballots(tmp_path: Path) -> None:
    out = tmp_path / "rows.json"
    argv = ["--ballots", "20,50", "--baseline", "100", "--baseline-sample", "10"]
    argv += ["--baseline-whole", "10", "--json", str(out), "--trace", "--measure-memory"]
    argv += ["--spill-at", "30"]  # the later stages of N = 50 go to disk
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *argv], capture_output=True, text=True, check=True
    )
    assert "growth 20 → 50" in done.stdout
    small, row = json.loads(out.read_text(encoding="utf-8"))
    assert "baseline" not in small  # the baseline runs once, with the largest size
    assert (row["ballots"], row["roll"], row["valid"], row["kept"], row["counted"]) == (
        50,
        50,
        50,
        45,  # the 5 revotes replace their first votes
        35,  # the 10 fake-credential ballots are not counted
    )
    assert sum(row["counts"]) == 35
    assert list(row["tally"]) == ["valid", "dedup", "mix", "match", "result"]
    assert list(row["verify"]) == ["V12", "V13", "V11", "V14", "V15", "V16"]
    assert all(len(step["top"]) <= 3 for step in row["verify"].values())
    assert row["tally"]["mix"]["held_mib"] <= row["tally"]["mix"]["peak_mib"]
    for phase in ("tally", "verify"):  # each step's own peak, and the RSS it leaves
        assert all(0 < s["rss_mib"] <= s["step_peak_rss_mib"] for s in row[phase].values())
        assert row[f"{phase}_step_peak_mib"] == max(
            s["step_peak_rss_mib"] for s in row[phase].values()
        )
    base = row["baseline"]
    assert base["tests"] == 100 * 99 // 2 + 90 * 100
    assert base["sample"] == 10
    whole = base["whole"]
    assert whole["tests"] == 10 * 9 // 2 + 9 * 10  # 1 revote among 10 ballots
    assert (whole["kept"], whole["counted"], whole["same_as_linear"]) == (9, 7, True)
