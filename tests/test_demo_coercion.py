"""``plebiscite demo --coercion fake-credentials`` (docs/spec.md §16, as library code): coerced
voters hand over fake sheets that pass the coercer's check, his ballots are accepted, the result
equals the counts kept aside, and the output says what he saw."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from plebiscite.cli import app
from plebiscite.demo.coercion import play_fake_credentials


def test_the_result_counts_real_votes_only() -> None:
    demo = play_fake_credentials(12, 5, secure_keys=False)
    assert demo.ok and demo.verified and not demo.problems
    assert demo.coerced and len(demo.coercer_positions) == len(demo.coerced)
    assert demo.tally is not None
    assert len(demo.tally.counted) == 12  # every voter once, each with her last real ballot
    assert demo.tally.counts == demo.kept_aside
    assert sum(demo.kept_aside) == 12


def test_the_command(tmp_path: Path) -> None:
    out = tmp_path / "unused"
    result = CliRunner().invoke(
        app,
        ["demo", "--coercion", "fake-credentials", "--voters", "8", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "Everything agrees" in result.output
    assert "What the coercer saw" in result.output
    assert not out.exists()  # this mode writes nothing
    bad = CliRunner().invoke(app, ["demo", "--coercion", "panic", "--out", str(out)])
    assert bad.exit_code == 2 and "unknown mode" in bad.output
