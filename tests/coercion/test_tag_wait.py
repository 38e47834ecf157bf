"""``plebiscite trustee tag`` when another trustee is offline: every QUAL trustee takes part in the
blinding rounds (docs/trust.md), so the command names the trustees it waits for, and with
``--wait`` it gives up after the time given with a named error (exit 1), having posted its own
entries once."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from plebiscite.authority.coercion_command import Waiting, waiting_on
from plebiscite.authority.counting import close_voting
from plebiscite.board.client import connect
from plebiscite.cli import app
from plebiscite.demo.fake_credentials import ModeRun
from plebiscite.demo.play import PASSPHRASE_FILE
from plebiscite.state.party import TEST_KDF_ENV


def test_a_trustee_names_whom_it_waits_for_and_gives_up_in_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    run = ModeRun(8, 5, tmp_path / "demo", lambda _: None)
    try:
        run.setup()
        run.register()
        run.vote()
        run.clock.set(run.definition.window.closes_us + 60_000_000)
        close_voting(run.board, run.authority, clock=run.clock)
    finally:
        run.close()
    parties = run.parties
    board = parties / "board"

    def tag(trustee: str, *more: str, role: str = "trustee") -> tuple[int, str]:
        state = parties / (f"trustee-{trustee}" if role == "trustee" else role)
        result = CliRunner().invoke(
            app,
            [
                role,
                "tag",
                "--board",
                str(board),
                "--state",
                str(state),
                "--passphrase-file",
                str(state / PASSPHRASE_FILE),
                "--board-passphrase-file",
                str(board / PASSPHRASE_FILE),
                *more,
            ],
        )
        return result.exit_code, " ".join(result.output.split())

    code, said = tag("t1")  # one run: posts its commitment, says whom it waits for, exits 0
    assert code == 0, said
    assert "tag_commit at entry" in said
    assert "district 'north': tag_commit waits for trustee(s) 2, 3" in said
    code, said = tag("t2", "--wait", "1")  # trustee 3 is offline: t2 gives up, naming it
    assert code == 1, said
    assert "gave up after" in said and "tag_commit waits for trustee(s) 3" in said
    link = connect(board, lambda: "")
    assert waiting_on(link) == [Waiting("north", "tag_commit", (3,), 1)]
    kinds = [e.kind for e in link.iter_entries(0)]
    assert kinds.count("tag_commit") == 2  # each posted once, the waiting posted nothing
    code, said = tag("t3")  # trustee 3 comes back: the blinding round is trustee 1's turn
    assert code == 0, said
    assert "tag_blind waits for trustee(s) 1, 2, 3" in said
    # each trustee's check was saved (STATE/checked), and its next run goes on from it
    assert all((parties / f"trustee-t{i}" / "checked" / "seal.json").is_file() for i in (1, 2, 3))
    code, said = tag("t1")
    assert code == 0 and "note:" not in said, said
    assert "tag_blind at entry" in said
    for _ in range(2):  # the authority too: nothing due yet; its check saved, then read back
        code, said = tag("", role="authority")
        assert code == 0 and "note:" not in said, said
        assert (parties / "authority" / "checked" / "seal.json").is_file()
