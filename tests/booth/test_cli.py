"""The voter's commands end to end on a board directory: vote, check-receipt, check-challenge."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from credentials._election import (
    ELECTION_ID,
    chain,
    definition,
    fake_keys,
    key,
    roll_items,
)
from plebiscite.board.sqlite import SQLiteStore
from plebiscite.cli import app
from plebiscite.crypto import elgamal
from plebiscite.crypto.credential import (
    KdfParams,
    derive_signing_key,
    generate_credential,
    parse_credential,
)
from plebiscite.crypto.secp256k1 import SECP256K1 as G
from plebiscite.election.boardlink import STORE_FILE
from plebiscite.election.setup import init_board
from plebiscite.model.ceremony import ElectionKey
from plebiscite.model.contexts import ceremony_context
from plebiscite.model.signed import sign_body
from plebiscite.parties import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV

BOARD_PASSPHRASE = "board passphrase for tests"


@pytest.fixture
def election(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A board directory holding a signed manifest, an election key and a roll with our key."""
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    monkeypatch.setenv(BOARD_PASSPHRASE_ENV, BOARD_PASSPHRASE)
    party = init_board(tmp_path / "board", BOARD_PASSPHRASE)
    defn = definition().with_keys(board=party.public_key)
    authority = key("authority")
    manifest = sign_body(authority, ELECTION_ID, "manifest", defn.to_manifest())
    kp = elgamal.keygen(G)
    ctx = ceremony_context(ELECTION_ID, manifest, G, 1, 1)
    test_ct, _ = elgamal.encrypt(G, kp.public, 1)
    ek = ElectionKey(ctx, (1,), kp.public, {1: kp.public}, test_ct)
    ek_body = sign_body(authority, ELECTION_ID, "election_key", ek.to_body(G))
    credential = generate_credential()
    kdf = defn.kdf
    voter = derive_signing_key(
        parse_credential(credential), ELECTION_ID, KdfParams(kdf.n, kdf.r, kdf.p)
    )
    rolls = {d.id: fake_keys(d.id, d.registered) for d in defn.districts}
    rolls["south"][1] = voter.public.xonly
    entries = chain([("manifest", manifest), ("election_key", ek_body), *roll_items(rolls)])
    store = SQLiteStore(party.directory / STORE_FILE)
    store.append(entries)
    store.close()
    credential_file = tmp_path / "credential.txt"
    credential_file.write_text(credential + "\n", encoding="utf-8")
    return party.directory, credential_file


def test_vote_cast_then_check_receipt(election: tuple[Path, Path], tmp_path: Path) -> None:
    board, credential_file = election
    runner = CliRunner()
    state = tmp_path / "state"
    args = ["vote", "--board", str(board), "--credential-file", str(credential_file)]
    result = runner.invoke(app, [*args, "--choice", "q=no", "--cast", "--state-dir", str(state)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    shown = lines.index("Your ballot is encrypted. Its tracking hash is:")
    assert shown < next(i for i, line in enumerate(lines) if line.startswith("Cast:"))
    receipts = sorted((state / ELECTION_ID.hex() / "receipts").glob("*.json"))
    assert len(receipts) == 1
    check = runner.invoke(app, ["check-receipt", str(receipts[0]), "--board", str(board)])
    assert check.exit_code == 0, check.output
    assert "is on the board" in check.output


def test_challenge_then_check_it_independently(election: tuple[Path, Path], tmp_path: Path) -> None:
    board, credential_file = election
    runner = CliRunner()
    args = ["vote", "--board", str(board), "--credential-file", str(credential_file)]
    state = ["--state-dir", str(tmp_path / "state")]
    result = runner.invoke(app, [*args, "--choice", "q=yes", "--challenge", *state])
    assert result.exit_code == 0, result.output
    tracking = result.output.splitlines()[1].strip()
    check = runner.invoke(
        app, ["check-challenge", "--board", str(board), "--tracking", tracking.upper()]
    )
    assert check.exit_code == 0, check.output
    assert "V10 passed" in check.output
    assert tracking in check.output
    assert "✔ Yes" in check.output and "✔ No" not in check.output


def test_interactive_vote_asks_after_showing(election: tuple[Path, Path], tmp_path: Path) -> None:
    board, credential_file = election
    runner = CliRunner()
    args = ["vote", "--board", str(board), "--credential-file", str(credential_file)]
    state = ["--state-dir", str(tmp_path / "state")]
    result = runner.invoke(app, [*args, "--choice", "q=yes", *state], input="challenge\ncast\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.count("Its tracking hash is:") == 2
    assert out.index("Its tracking hash is:") < out.index("Cast this ballot")
    assert "Challenged:" in out and "Cast:" in out


def test_vote_refuses_a_bad_choice_or_credential(
    election: tuple[Path, Path], tmp_path: Path
) -> None:
    board, credential_file = election
    runner = CliRunner()
    args = ["vote", "--board", str(board), "--cast", "--state-dir", str(tmp_path / "s")]
    bad = runner.invoke(app, [*args, "--credential-file", str(credential_file), "--choice", "q=x"])
    assert bad.exit_code == 1 and "unknown option" in bad.output
    other = tmp_path / "other.txt"
    other.write_text(generate_credential() + "\n", encoding="utf-8")
    stranger = runner.invoke(app, [*args, "--credential-file", str(other), "--choice", "q=yes"])
    assert stranger.exit_code == 1 and "not on the roll" in stranger.output
