"""The booth keeps the anonymity set it drew for a credential across runs (docs/spec.md §16.5):
a revote with the same sheets and state directory names the same set, so the voter's ballots do
not narrow her roll position to their intersection; the set is kept under a name that the
credential alone finds again; a kept set that is not a valid one for the sheet is refused, naming
its file, and nothing is sent."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _builder import ElectionBuilder, ElectionSpec, Phase
from booth.test_mode_cli import _write_sheets
from plebiscite.board.client import DirectoryBoard
from plebiscite.booth.coercion import ANONYMITY_FORMAT
from plebiscite.cli import app
from plebiscite.election.setup import init_board
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV

PASSPHRASE = "board passphrase for the anonymity test"
DAY_S = 24 * 3_600


def test_a_revote_names_the_anonymity_set_kept_for_its_credential(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    monkeypatch.setenv(BOARD_PASSPHRASE_ENV, PASSPHRASE)
    party = init_board(tmp_path / "board", PASSPHRASE)
    now = int(time.time())
    spec = ElectionSpec(
        "booth anonymity test",
        bytes.fromhex("a0a0a0a0112233445566778899aabbcc"),
        {"a": 12},
        coercion="fake-credentials",
        registrars=2,
        anonymity=3,
        opens=now - DAY_S,
        closes=now + 4 * DAY_S,
    )
    client = DirectoryBoard(party.directory, lambda: PASSPHRASE)
    builder = ElectionBuilder(
        spec, client, definition=spec.definition(board=party.public_key), seed="anonymity"
    )
    builder.play(until=Phase.OPEN)
    (tmp_path / "sheets").mkdir()
    sheets = _write_sheets(builder, "a", 4, tmp_path / "sheets")
    state = tmp_path / "voter"

    def vote(choice: str) -> tuple[int, str]:
        args = ["vote", "--board", str(party.directory), "--choice", choice, "--cast"]
        args += [a for f in sheets for a in ("--sheet", str(f))]
        args += ["--state-dir", str(state)]
        done = CliRunner().invoke(app, args)
        return done.exit_code, done.output

    def ballot_sets() -> list[list[int]]:
        return [
            e.body["anonymity"]
            for e in DirectoryBoard(party.directory, lambda: PASSPHRASE).entries()
            if e.kind == "ballot"
        ]

    for choice in ("q=yes", "q=no", "q=yes"):  # a vote, a revote, a retry: one set
        code, output = vote(choice)
        assert code == 0, output
    sets = ballot_sets()
    assert len(sets) == 3 and sets[0] == sets[1] == sets[2] and 4 in sets[0] and len(sets[0]) == 3
    kept = list(state.rglob("anonymity/*.json"))
    assert len(kept) == 1 and kept[0].stat().st_mode & 0o077 == 0
    assert json.loads(kept[0].read_text()) == {"format": ANONYMITY_FORMAT, "members": sets[0]}
    assert len(kept[0].stem) == 64  # named by a hash of the credential (spec §16.5)
    other = [m for m in range(12) if m not in sets[0]][:3]  # a set without position 4
    kept[0].write_text(json.dumps({"format": ANONYMITY_FORMAT, "members": sorted(other)}))
    code, output = vote("q=no")
    said = " ".join(output.split())
    assert code != 0 and kept[0].name in said.replace(" ", ""), said
    assert "nothing was encrypted or sent" in said
    assert len(ballot_sets()) == 3
