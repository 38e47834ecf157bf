"""Voting outside the voting period: the phase is checked before anything is encrypted, and a
ballot the board service refuses leaves its signed refusal with the voter, like a receipt."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from plebiscite.authority.counting import close_voting
from plebiscite.board.client import DirectoryBoard
from plebiscite.booth.client import REFUSAL_FORMAT
from plebiscite.cli import app
from plebiscite.crypto.credential import generate_credential
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model.entry import parse_refusal, submission_hash
from plebiscite.server.app import create_app, open_service
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, TEST_KDF_ENV, open_party
from plebiscite.tally.early_close import trustee_cosign_close

from ._opened import BOARD_PASSPHRASE, DAY_S, ELECTION_ID, TRUSTEE_PASSPHRASE, build, key


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    monkeypatch.setenv(BOARD_PASSPHRASE_ENV, BOARD_PASSPHRASE)


def _vote(board: str, credential: str, tmp_path: Path) -> tuple[int, str]:
    file = tmp_path / "credential.txt"
    file.write_text(credential + "\n", encoding="utf-8")
    args = ["vote", "--board", board, "--credential-file", str(file), "--choice", "q=yes"]
    result = CliRunner().invoke(app, [*args, "--cast", "--state-dir", str(tmp_path / "voter")])
    return result.exit_code, result.output


def test_before_open_nothing_is_encrypted_or_sent(tmp_path: Path) -> None:
    credential = generate_credential()
    built = build(tmp_path / "e", credential, open_it=False)
    count = len(DirectoryBoard(built.board, lambda: "").entries())
    code, output = _vote(str(built.board), credential, tmp_path)
    assert code == 1
    assert "voting has not opened" in output and "nothing was encrypted or sent" in output
    assert "tracking hash" not in output
    assert len(DirectoryBoard(built.board, lambda: "").entries()) == count


def test_after_close_nothing_is_encrypted_or_sent(tmp_path: Path) -> None:
    credential = generate_credential()
    built = build(tmp_path / "e", credential)
    link = DirectoryBoard(built.board, lambda: BOARD_PASSPHRASE)
    parties = [open_party(tmp_path / "e" / f"trustee-{i}", "trustee") for i in (1, 2)]
    cosigned = [trustee_cosign_close(link, p, TRUSTEE_PASSPHRASE).cosignature for p in parties]
    closed = close_voting(link, key("authority"), early=True, cosignatures=cosigned)
    assert closed.appended is not None
    code, output = _vote(str(built.board), credential, tmp_path)
    assert code == 1
    index = closed.appended.entry.index
    assert f"voting is closed: the board's close entry is entry {index}" in output
    assert "nothing was encrypted or sent" in output and "tracking hash" not in output


@contextmanager
def _serve(board: Path) -> Iterator[str]:
    """``board`` served by uvicorn on a free loopback port, in this process."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    service = open_service(board, BOARD_PASSPHRASE)
    config = uvicorn.Config(
        create_app(service), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def test_a_refused_ballot_keeps_the_boards_signed_refusal(tmp_path: Path) -> None:
    """Open, but the window starts tomorrow: the service refuses the ballot (outside_window)
    and signs the refusal; the voter is told once and keeps it."""
    credential = generate_credential()
    built = build(tmp_path / "e", credential, opens_in_s=DAY_S)
    with _serve(built.board) as url:
        code, output = _vote(url, credential, tmp_path)
    assert code == 1, output
    assert output.count("outside_window") == 1, output
    files = list((tmp_path / "voter" / ELECTION_ID.hex() / "refusals").glob("*.json"))
    assert len(files) == 1 and str(files[0]) in output.replace("\n", "")
    kept = json.loads(files[0].read_text())
    assert kept["format"] == REFUSAL_FORMAT and kept["reason"] == "outside_window"
    refusal = parse_refusal(kept["refusal"], str(files[0]))
    assert refusal.verify(open_party(built.board, "board").public_key)
    assert refusal.election_id == ELECTION_ID and refusal.reason == "outside_window"
    assert refusal.submission == submission_hash("ballot", kept["ballot"])
    assert kept["tracking"] in output
    assert not (tmp_path / "voter" / ELECTION_ID.hex() / "receipts").exists()


def test_a_refusal_that_does_not_verify_is_not_kept_as_evidence(tmp_path: Path) -> None:
    """Signed by another key, for another ballot, or with another reason: reported, not kept."""
    from plebiscite.board.http import Refused
    from plebiscite.booth.client import ReceiptStore, refusal_error
    from plebiscite.model.entry import SignedRefusal

    board, other = key("board under test"), key("someone else")
    ballot = {"district": "north", "signature": "00" * 64}
    submission = submission_hash("ballot", ballot)
    store = ReceiptStore(tmp_path / "voter")

    def refused(signer: SigningKey, reason: str, what: bytes) -> Refused:
        signed = SignedRefusal.sign(signer, ELECTION_ID, what, reason, 1_000)
        return Refused("voting_closed", "the board refused this ballot", 409, signed)

    for exc in (
        refused(other, "voting_closed", submission),
        refused(board, "voting_closed", submission_hash("ballot", {**ballot, "district": "x"})),
        refused(board, "replay", submission),
    ):
        error = refusal_error(exc, "tracking", ballot, store, board.public)
        assert error.evidence is None and "does not verify" in str(error)
    assert not (tmp_path / "voter" / "refusals").exists()
    genuine = refused(board, "voting_closed", submission)
    kept = refusal_error(genuine, "tracking", ballot, store, board.public)
    assert kept.evidence is not None and kept.evidence.exists()
